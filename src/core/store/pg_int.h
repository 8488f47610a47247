/* pg_int.h - inside the PostgreSQL backend only: the connection and the
 * helpers its files (pg.c, pg_sync.c) share, and the operations they
 * implement (store_ops.def as pg_NAME). Only the pg*.c files include
 * libpq-fe.h (tests/arch/layers.sh). */
#ifndef CERTTRACK_CORE_STORE_PG_INT_H
#define CERTTRACK_CORE_STORE_PG_INT_H

#include "core/store/pg_lib.h"
#include <stdbool.h>

#include "core/store/backend.h"

struct pg_store {
	struct store base;
	PGconn *conn;
	/* The server and database for messages: never a password. */
	char *display;
	bool in_txn;     /* a transaction is open */
	bool in_write;   /* ... and it is a write transaction (begin) */
	bool listening;  /* LISTEN certtrack sent */
	long long changes; /* commits of other connections seen (data_version) */
	/* Statements prepared on this connection, by the address of their
	 * static text; statement i is named "ct<i>". */
	const char **prepared;
	size_t n_prepared, cap_prepared;
};

static inline struct pg_store *pg_of(struct store *st)
{
	return (struct pg_store *)st;
}

/* The parameters of one statement, as text (NULL for SQL NULL). */
#define PG_MAX_PARAMS 24
struct pg_params {
	const char *v[PG_MAX_PARAMS];
	char num[PG_MAX_PARAMS][24];
	int n;
};
void pg_p_text(struct pg_params *p, const char *s);
void pg_p_int(struct pg_params *p, long long v);
void pg_p_null(struct pg_params *p);

/* Runs static SQL text with $n parameters; returns the result (rows or
 * none), or NULL with err filled. The caller PQclears it. */
PGresult *pg_query(struct pg_store *st, const char *sql, const struct pg_params *p,
		   struct ct_error *err);
/* The same for a statement whose result is not needed. */
enum ct_status pg_run(struct pg_store *st, const char *sql, const struct pg_params *p,
		      struct ct_error *err);
/* Turns a failed result (or connection) into a sentence for the user. */
enum ct_status pg_db_error(struct pg_store *st, const PGresult *r, struct ct_error *err);
/* A value of row i, column j: NULL for SQL NULL; copied; as a number. */
const char *pg_val(const PGresult *r, int i, int j);
char *pg_text(const PGresult *r, int i, int j);
long long pg_int(const PGresult *r, int i, int j);

/* The operations (store_ops.def), and those without arguments. */
#define STORE_OP(ret, name, params, ...) ret pg_##name(struct pg_store *st, STORE_UNPACK params);
#include "core/store/store_ops.def"
#undef STORE_OP
bool pg_accepts(const char *target);
enum ct_status pg_open(const char *target, struct store **out, struct ct_error *err);
void pg_close(struct pg_store *st);
long long pg_data_version(struct pg_store *st);
void pg_rollback(struct pg_store *st);
void pg_read_end(struct pg_store *st);

#endif
