/* pg_int.h - inside the PostgreSQL backend only: the connection and the
 * helpers its files (pg_exec.c, pg.c, pg_sync.c, pg_batch.c) share, and
 * the operations they implement (store_ops.def as pg_NAME). Only the pg*.c files include
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
	/* A connection the server dropped is opened again between
	 * transactions (pg_exec.c): broken marks one that libpq still calls
	 * open; resetting, an opening under way without blocking. */
	bool broken, resetting;
	/* The connection was lost inside a transaction: no statement opens it
	 * again (it would run outside the transaction) until the transaction
	 * is ended by rollback or a new one begins. */
	bool txn_lost;
	PostgresPollingStatusType reset_poll;
	double reset_at; /* when the last opening began (monotonic seconds) */
	/* Statements with parameters run on this connection, by the address
	 * of their static text; statement i, once prepared, is "ct<i>". */
	struct pg_statement {
		const char *text;
		bool prepared;
	} *seen;
	size_t n_seen, cap_seen;
	struct pg_batch *batch; /* a report's rows, a batch of projects (pg_batch.c) */
	/* Statements sent in a pipeline whose results are still to be read
	 * (pg_query_send): out is NULL when there are none. */
	struct pg_pending {
		PGresult **out;
		size_t sent;
		bool synced;
	} pending;
	unsigned cursors;	/* cursors declared, for their names */
};

static inline struct pg_store *pg_of(struct store *st)
{
	return (struct pg_store *)st;
}

/* Seconds a writer waits for another one before giving up. */
#define LOCK_TIMEOUT_S 30
#define LOCK_TIMEOUT_TEXT "30s" /* the same, for SET lock_timeout */
/* The settings of every session, sent when a connection opens. */
#define PG_SESSION_SET \
	"SET lock_timeout = '" LOCK_TIMEOUT_TEXT "'; SET client_min_messages = warning;"

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
/* A LIMIT: NULL (all rows, SQLite's LIMIT -1) unless limit > 0. */
void pg_p_limit(struct pg_params *p, long long limit);

/* Runs static SQL text with $n parameters; returns the result (rows or
 * none), or NULL with err filled. The caller PQclears it. */
PGresult *pg_query(struct pg_store *st, const char *sql, const struct pg_params *p,
		   struct ct_error *err);
/* n statements with the same parameters, in one round trip when libpq
 * pipelines, else one after the other: out[i] the result of sql[i], all
 * of them succeeded; or an error (the first statement's that failed) and
 * every out[i] NULL. */
enum ct_status pg_query_all(struct pg_store *st, const char *const *sql, size_t n,
			    const struct pg_params *p, PGresult **out, struct ct_error *err);
/* The same sent without waiting (libpq 14 and later): the server runs
 * the statements while the caller does something else, and pg_settle()
 * reads their results into out[], failed or not, for pg_results_check().
 * False when libpq cannot pipeline: nothing was sent. */
bool pg_query_send(struct pg_store *st, const char *const *sql, size_t n,
		   const struct pg_params *p, PGresult **out);
/* Reads what pg_query_send sent, if anything is outstanding. Every
 * statement on the connection settles first. */
void pg_settle(struct pg_store *st);
/* Takes in what has arrived of the outstanding results without waiting,
 * so that the server is not held up by a full socket. */
void pg_pump(struct pg_store *st);
/* Checks results pg_settle read, as pg_query_all does: CT_OK, or the
 * first failure told and every r[i] cleared. */
enum ct_status pg_results_check(struct pg_store *st, PGresult **r, size_t n,
				struct ct_error *err);
/* A statement with parameters run as it is (prepared when run a second
 * time): its result, failed or not, or NULL with err filled. */
PGresult *pg_exec_params(struct pg_store *st, const char *sql, const struct pg_params *p,
			 struct ct_error *err);
/* Whether a failed result has this SQLSTATE. */
bool pg_sqlstate_is(const PGresult *r, const char *code);
/* The same for a statement whose result is not needed. */
enum ct_status pg_run(struct pg_store *st, const char *sql, const struct pg_params *p,
		      struct ct_error *err);
/* Calls fn for each row of the query, fetched through a cursor a few
 * thousand rows at a time (inside a transaction only), so that memory
 * holds a few thousand rows however many the query has. */
typedef enum ct_status (*pg_row_fn)(void *ud, const PGresult *r, int row);
enum ct_status pg_cursor_walk(struct pg_store *st, const char *sql, const struct pg_params *p,
			      pg_row_fn fn, void *ud, struct ct_error *err);
/* Runs several statements without parameters in one round trip; the
 * result of the last, or NULL with err filled when one fails. */
PGresult *pg_exec_text(struct pg_store *st, const char *sql, struct ct_error *err);
/* The same when the result is not needed. */
enum ct_status pg_exec(struct pg_store *st, const char *sql, struct ct_error *err);
/* Whether the connection is gone (dropped, or broken in a pipeline). */
bool pg_conn_lost(const struct pg_store *st);
/* Outside a transaction, opens a lost connection again and sets the new
 * session up (at most one wait every few seconds for a server that does
 * not answer); an error when it cannot. CT_OK when nothing was lost. */
enum ct_status pg_reconnect(struct pg_store *st, struct ct_error *err);
/* The same without blocking, a step at each call: for the polls of an
 * interface left open. */
void pg_reconnect_poll(struct pg_store *st);
/* Turns a failed result (or connection) into a sentence for the user. */
enum ct_status pg_db_error(struct pg_store *st, const PGresult *r, struct ct_error *err);
/* A value of row i, column j: NULL for SQL NULL; copied; as a number. */
const char *pg_val(const PGresult *r, int i, int j);
char *pg_text(const PGresult *r, int i, int j);
long long pg_int(const PGresult *r, int i, int j);

/* The columns each kind of row is read with, by the query of one project
 * and by the batch (pg_batch.c), so that one decoder reads both. */
#define PG_PROJECT_COLS \
	"uuid, name, template, owner, created_at, updated_at, published, published_at, published_by"
#define PG_FIELD_COLS "key, value, updated_at, updated_by"
#define PG_ITEM_COLS "key, status, note, reason, forced_reason, updated_at, updated_by"
#define PG_COLLATERAL_COLS "id, title, type, location, added_at, added_by"
#define PG_BUILD_COLS "id, tag, build_ref, started_at, finished_at, result, note, \"user\""
#define PG_SCAN_COLS                                                                       \
	"s.id, s.build_id, s.at, s.\"user\", s.passed, s.source, s.image, s.test_library_name," \
	" s.test_library_version, s.test_library_commit, s.certification_hash"
#define PG_SCAN_RESULT_COLS                                                           \
	"r.policy, r.status, r.message, r.fix, r.url, r.description, r.help, r.elapsed_ms," \
	" r.check_url"
#define PG_PRESCAN_COLS "id, at, \"user\", file, digest, passed, results"
#define PG_EVENT_COLS                                                                     \
	"e.id, e.command_id, c.undo_of, e.at, e.\"user\", e.project_uuid, e.project_name," \
	" e.what, e.key, e.old, e.new, e.note, e.uuid"
#define PG_EVENT_FROM "FROM events e JOIN commands c ON c.id = e.command_id"
#define PG_VERIFICATION_COLS "id, at, \"user\", kind, target, outcome, message, details"

/* The parts of a project a report reads, each a table's rows. */
enum pg_part {
	PG_PART_PROJECT, /* by project id, as every part below but two */
	PG_PART_FIELDS,
	PG_PART_ITEMS,
	PG_PART_COLLATERAL,
	PG_PART_RECORDS, /* the latest pre-scan, build and scan */
	PG_PART_BUILDS,
	PG_PART_SCANS,	      /* by build id */
	PG_PART_SCAN_RESULTS, /* by scan id */
	PG_PART_PRESCANS,
	PG_PART_EVENTS,
	PG_PART_VERIFICATIONS,
	PG_PART__COUNT
};

/* Rows first .. first + n - 1 of r; owned: the caller's to clear. */
struct pg_rows {
	PGresult *r;
	int first, n;
	bool owned;
};
/* The rows of `part` for `key`: from the batch when it holds them, else
 * by running sql with p. pg_rows_done() releases them. */
enum ct_status pg_rows_get(struct pg_store *st, enum pg_part part, long long key,
			   const char *sql, const struct pg_params *p, struct pg_rows *out,
			   struct ct_error *err);
/* The rows of several parts of one key (out[i] those of parts[i], asked
 * with sql[i] and the same parameters when no batch holds them), in one
 * round trip when libpq pipelines. On error every out[i] is done. */
enum ct_status pg_rows_get_all(struct pg_store *st, long long key, const enum pg_part *parts,
			       const char *const *sql, size_t n, const struct pg_params *p,
			       struct pg_rows *out, struct ct_error *err);
/* At most limit of them (0: all): a batch holds every row of a part, the
 * query of one project only as many as its LIMIT. */
void pg_rows_limit(struct pg_rows *rows, long long limit);
void pg_rows_done(struct pg_rows *rows);
/* A walk of these projects starts (in a read snapshot, batches follow
 * it); takes ids, an allocated array. */
void pg_batch_walk(struct pg_store *st, long long *ids, size_t n);
/* The id of the batch's project with this UUID; false when it has none. */
bool pg_batch_project_of(struct pg_store *st, const char *uuid, long long *id);
/* Forgets the batch (the snapshot ends). */
void pg_batch_drop(struct pg_store *st);

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
