/* sqlite_int.h - inside the SQLite backend only: the connection and the
 * helpers its files (sqlite.c, sqlite_*.c) share, and the operations they
 * implement (store_ops.def as sqlite_NAME). No other module includes this;
 * only the store's backends speak SQL. */
#ifndef CERTTRACK_CORE_STORE_SQLITE_INT_H
#define CERTTRACK_CORE_STORE_SQLITE_INT_H

#include <sqlite3.h>
#include <stdbool.h>

#include "core/store/backend.h"

/* The statement cache: prepared statements by the address of their static
 * SQL text, in an open-addressing table that grows at half full. */
struct sqlite_cached {
	const char *sql;
	sqlite3_stmt *stmt;
};

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	char *path;
	struct sqlite_cached *cache;
	size_t n_cache, cap_cache; /* cap_cache: a power of two, or 0 */
};

static inline struct sqlite_store *sqlite_of(struct store *st)
{
	return (struct sqlite_store *)st;
}

/* A prepared statement for static SQL text, prepared once per connection,
 * reset and unbound; NULL with err filled on failure. */
sqlite3_stmt *sqlite_stmt_sql(struct sqlite_store *st, const char *sql, struct ct_error *err);
/* Steps a statement that returns no rows; resets it. */
enum ct_status sqlite_run(struct sqlite_store *st, sqlite3_stmt *s, struct ct_error *err);
/* Turns an SQLite result code into a sentence for the user. */
enum ct_status sqlite_db_error(struct sqlite_store *st, struct ct_error *err, int rc);
void sqlite_bind_text(sqlite3_stmt *s, int i, const char *v);
char *sqlite_col_text(sqlite3_stmt *s, int i);

/* The operations (store_ops.def), and those without arguments. */
#define STORE_OP(ret, name, params, ...) ret sqlite_##name(struct sqlite_store *st, STORE_UNPACK params);
#include "core/store/store_ops.def"
#undef STORE_OP
enum ct_status sqlite_open(const char *path, struct store **out, struct ct_error *err);
void sqlite_close(struct sqlite_store *st);
long long sqlite_data_version(struct sqlite_store *st);
void sqlite_rollback(struct sqlite_store *st);
void sqlite_read_end(struct sqlite_store *st);

#endif
