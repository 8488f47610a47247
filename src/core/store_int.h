/* store_int.h - inside the store module only: the connection and the
 * helpers its files (store.c, store_*.c) share. No other module includes
 * this; only the store speaks SQL. */
#ifndef CERTTRACK_CORE_STORE_INT_H
#define CERTTRACK_CORE_STORE_INT_H

#include <sqlite3.h>
#include <stdbool.h>

#include "certtrack/store.h"

struct store_cached {
	const char *sql; /* static text: cached by address */
	sqlite3_stmt *stmt;
};

struct store {
	sqlite3 *db;
	char *path;
	char *warning;
	bool readonly;
	sqlite3_stmt *stmts[64]; /* store.c's own statements, by its enum */
	struct store_cached *extra;
	size_t n_extra;
};

/* A prepared statement for static SQL text, prepared once per connection,
 * reset and unbound; NULL with err filled on failure. */
sqlite3_stmt *store_stmt_sql(struct store *st, const char *sql, struct ct_error *err);
/* Steps a statement that returns no rows; resets it. */
enum ct_status store_run(struct store *st, sqlite3_stmt *s, struct ct_error *err);
/* Turns an SQLite result code into a sentence for the user. */
enum ct_status store_db_error(struct store *st, struct ct_error *err, int rc);
void store_bind_text(sqlite3_stmt *s, int i, const char *v);
char *store_col_text(sqlite3_stmt *s, int i);

#endif
