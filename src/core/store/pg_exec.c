/* pg_exec.c - the PostgreSQL backend's talk with the server, under its
 * operations (pg.c, pg_sync.c) and its batches (pg_batch.c): parameters,
 * values of a result, statements run and prepared, cursors, a dropped
 * connection opened again, and a failed result turned into a sentence for
 * the user. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/i18n.h"
#include "certtrack/util.h"
#include "core/store/pg_int.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void pg_p_text(struct pg_params *p, const char *s)
{
	if (p->n < PG_MAX_PARAMS)
		p->v[p->n++] = s;
}

void pg_p_int(struct pg_params *p, long long v)
{
	if (p->n >= PG_MAX_PARAMS)
		return;
	snprintf(p->num[p->n], sizeof(p->num[p->n]), "%lld", v);
	p->v[p->n] = p->num[p->n];
	p->n++;
}

void pg_p_null(struct pg_params *p)
{
	pg_p_text(p, NULL);
}

void pg_p_limit(struct pg_params *p, long long limit)
{
	if (limit > 0)
		pg_p_int(p, limit);
	else
		pg_p_null(p);
}

const char *pg_val(const PGresult *r, int i, int j)
{
	return PQgetisnull(r, i, j) ? NULL : PQgetvalue(r, i, j);
}

char *pg_text(const PGresult *r, int i, int j)
{
	const char *v = pg_val(r, i, j);
	return v ? xstrdup(v) : NULL;
}

long long pg_int(const PGresult *r, int i, int j)
{
	const char *v = pg_val(r, i, j);
	return v ? strtoll(v, NULL, 10) : 0;
}

bool pg_sqlstate_is(const PGresult *r, const char *code)
{
	const char *s = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	return s && strcmp(s, code) == 0;
}

/* ---- a connection the server dropped ------------------------------------
 * A restart, an idle timeout or a cut network closes the connection under
 * a TUI left open. Between transactions nothing is pending, so it is
 * opened again: before the next statement (the user waits, as at start),
 * or step by step without blocking while the interface polls. The new
 * session has none of the old one's state: its settings are sent again,
 * statements prepared again, LISTEN sent again, and since what others
 * committed meanwhile was not notified, it counts as a change. */

/* Seconds between two openings that wait; the polls try every two. */
#define REOPEN_WAIT_S 10
#define REOPEN_POLL_S 2

static double monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool pg_conn_lost(const struct pg_store *st)
{
	return !st->conn || st->broken || PQstatus(st->conn) != CONNECTION_OK;
}

static enum ct_status reopened(struct pg_store *st, struct ct_error *err)
{
	st->broken = st->resetting = false;
	for (size_t i = 0; i < st->n_seen; i++)
		st->seen[i].prepared = false;
	st->listening = false;
	st->changes++;
	return pg_exec(st, PG_SESSION_SET, err);
}

enum ct_status pg_reconnect(struct pg_store *st, struct ct_error *err)
{
	if (st->in_txn || !st->conn || !pg_conn_lost(st))
		return CT_OK;
	if (st->txn_lost)
		return pg_db_error(st, NULL, err);
	/* A server that does not answer is asked again only after a while:
	 * each try may wait for the connection's timeout. */
	double now = monotonic();
	if (st->resetting || now - st->reset_at < REOPEN_WAIT_S)
		return pg_db_error(st, NULL, err);
	st->reset_at = now;
	PQreset(st->conn);
	if (PQstatus(st->conn) != CONNECTION_OK)
		return pg_db_error(st, NULL, err);
	return reopened(st, err);
}

void pg_reconnect_poll(struct pg_store *st)
{
	if (st->in_txn || st->txn_lost || !st->conn || !pg_conn_lost(st))
		return;
	if (!st->resetting) {
		double now = monotonic();
		if (now - st->reset_at < REOPEN_POLL_S || !PQresetStart(st->conn))
			return;
		st->reset_at = now;
		st->resetting = true;
		st->reset_poll = PGRES_POLLING_WRITING;
	}
	/* As far as the socket allows now, never waiting for it. */
	for (int step = 0; step < 32 && st->resetting; step++) {
		struct pollfd fd = {.fd = PQsocket(st->conn),
				    .events = st->reset_poll == PGRES_POLLING_READING ? POLLIN : POLLOUT};
		if (fd.fd < 0) {
			st->resetting = false;
			return;
		}
		if (poll(&fd, 1, 0) <= 0)
			return;
		st->reset_poll = PQresetPoll(st->conn);
		if (st->reset_poll == PGRES_POLLING_OK)
			reopened(st, NULL);
		else if (st->reset_poll == PGRES_POLLING_FAILED)
			st->resetting = false;
	}
}

enum ct_status pg_db_error(struct pg_store *st, const PGresult *r, struct ct_error *err)
{
	if (pg_conn_lost(st)) {
		st->txn_lost = st->txn_lost || st->in_txn;
		st->in_txn = st->in_write = false;
		return ct_fail(err, CT_SYSTEM,
			       _("the connection to %s was lost; the command was not applied, try it again when the server answers"),
			       st->display);
	}
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg)
		msg = PQerrorMessage(st->conn);
	if (!state)
		state = "";
	if (strcmp(state, "42501") == 0)
		return ct_fail(err, CT_SYSTEM,
			       _("%s: permission denied on certtrack's tables (%s); ask the database's owner to grant you access"),
			       st->display, msg);
	if (strcmp(state, "55P03") == 0)
		return ct_fail(err, CT_SYSTEM,
			       _("%s is busy: another certtrack kept it locked for more than %d seconds; try again"),
			       st->display, LOCK_TIMEOUT_S);
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
		return ct_fail(err, CT_SYSTEM,
			       _("%s: a change made at the same time got in the way; nothing was changed, run the command again"),
			       st->display);
	if (strcmp(state, "53100") == 0)
		return ct_fail(err, CT_SYSTEM, _("%s: the server's disk is full"), st->display);
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
		return ct_fail(err, CT_SYSTEM,
			       _("the connection to %s was lost; the command was not applied, try it again when the server answers"),
			       st->display);
	return ct_fail(err, CT_SYSTEM, _("%s: database error: %s"), st->display, msg);
}

/* Runs a statement with parameters, whose text is static. A statement run
 * a second time on this connection is prepared then (the server parses
 * and plans it once, as SQLite's statement cache does); run once, as most
 * are in a command of one change, it goes in one round trip, not two.
 * Returns the result, failed or not; NULL with err filled when the server
 * refuses to prepare it. Prepared statements outlive transactions, so a
 * rollback keeps them. */
/* Before a statement: what was sent ahead is read, and a connection
 * lost between transactions opened again. */
static enum ct_status ready(struct pg_store *st, struct ct_error *err)
{
	pg_settle(st);
	return pg_reconnect(st, err);
}

PGresult *pg_exec_params(struct pg_store *st, const char *sql_text, const struct pg_params *p,
			  struct ct_error *err)
{
	if (ready(st, err))
		return NULL;
	size_t i = 0;
	while (i < st->n_seen && st->seen[i].text != sql_text)
		i++;
	if (i == st->n_seen) {
		if (st->n_seen == st->cap_seen) {
			st->cap_seen = st->cap_seen ? 2 * st->cap_seen : 64;
			st->seen = xreallocarray(st->seen, st->cap_seen, sizeof(*st->seen));
		}
		st->seen[st->n_seen++] = (struct pg_statement){.text = sql_text};
		return PQexecParams(st->conn, sql_text, p->n, NULL, p->v, NULL, NULL, 0);
	}
	char name[24];
	snprintf(name, sizeof(name), "ct%zu", i);
	if (!st->seen[i].prepared) {
		PGresult *r = PQprepare(st->conn, name, sql_text, 0, NULL);
		bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
		if (!ok)
			pg_db_error(st, r, err);
		PQclear(r);
		if (!ok)
			return NULL;
		st->seen[i].prepared = true;
	}
	return PQexecPrepared(st->conn, name, p->n, p->v, NULL, NULL, 0);
}

/* r when it succeeded; else NULL, r cleared and err filled. */
static PGresult *succeeded(struct pg_store *st, PGresult *r, struct ct_error *err)
{
	ExecStatusType es = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (es == PGRES_COMMAND_OK || es == PGRES_TUPLES_OK)
		return r;
	pg_db_error(st, r, err);
	PQclear(r);
	return NULL;
}

PGresult *pg_query(struct pg_store *st, const char *sql_text, const struct pg_params *p,
		   struct ct_error *err)
{
	PGresult *r;
	if (p) {
		if (!(r = pg_exec_params(st, sql_text, p, err)))
			return NULL;
	} else {
		if (ready(st, err))
			return NULL;
		r = PQexecParams(st->conn, sql_text, 0, NULL, NULL, NULL, NULL, 0);
	}
	return succeeded(st, r, err);
}

/* Reads the results of the statements sent last, up to the pipeline's
 * sync, and leaves pipeline mode: out[i] the result of statement i, failed
 * or not, NULL when the connection went first. A connection that cannot
 * leave pipeline mode is of no more use: marked broken, so that what
 * follows says the connection was lost, and opened again before the next
 * transaction. */
static void pipeline_collect(struct pg_store *st, size_t sent, bool synced, PGresult **out)
{
	for (size_t i = 0; i < sent; i++)
		out[i] = NULL;
	for (size_t i = 0; i < sent && synced; i++) {
		out[i] = PQgetResult(st->conn);
		if (!out[i])
			break; /* the connection is gone */
		/* Each statement's results end with a NULL. */
		for (PGresult *more; (more = PQgetResult(st->conn));)
			PQclear(more);
	}
	for (PGresult *r; synced && (r = PQgetResult(st->conn));) {
		bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
		PQclear(r);
		if (sync)
			break;
	}
	if (!PQexitPipelineMode(st->conn))
		st->broken = true;
}

/* Sends the statements in one pipeline, ended by a sync, without reading
 * their results: how many were sent (a statement after a failed one is
 * not run: its result is PGRES_PIPELINE_ABORTED), and whether the sync
 * was. False when libpq cannot (older than 14, or the connection refuses
 * pipeline mode): nothing was sent. */
static bool pipeline_send(struct pg_store *st, const char *const *sql, size_t n,
			  const struct pg_params *p, size_t *sent, bool *synced)
{
	pg_settle(st);
	if (!PQenterPipelineMode || pg_conn_lost(st) || !PQenterPipelineMode(st->conn))
		return false;
	*sent = 0;
	while (*sent < n &&
	       PQsendQueryParams(st->conn, sql[*sent], p->n, NULL, p->v, NULL, NULL, 0))
		(*sent)++;
	*synced = PQpipelineSync(st->conn) == 1;
	return true;
}

bool pg_query_send(struct pg_store *st, const char *const *sql, size_t n,
		   const struct pg_params *p, PGresult **out)
{
	size_t sent;
	bool synced;
	if (!pipeline_send(st, sql, n, p, &sent, &synced))
		return false;
	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	st->pending = (struct pg_pending){.out = out, .sent = sent, .synced = synced};
	return true;
}

void pg_settle(struct pg_store *st)
{
	struct pg_pending p = st->pending;
	if (!p.out)
		return;
	st->pending = (struct pg_pending){0};
	pipeline_collect(st, p.sent, p.synced, p.out);
}

void pg_pump(struct pg_store *st)
{
	if (st->pending.out)
		(void)PQconsumeInput(st->conn);
}

enum ct_status pg_results_check(struct pg_store *st, PGresult **r, size_t n,
				struct ct_error *err)
{
	enum ct_status s = CT_OK;
	/* The first failure is the one to tell; the rest followed from it. */
	for (size_t i = 0; i < n && !s; i++)
		if (!(r[i] = succeeded(st, r[i], err)))
			s = err ? err->status : CT_SYSTEM;
	if (s)
		for (size_t i = 0; i < n; i++) {
			PQclear(r[i]);
			r[i] = NULL;
		}
	return s;
}

enum ct_status pg_query_all(struct pg_store *st, const char *const *sql, size_t n,
			    const struct pg_params *p, PGresult **out, struct ct_error *err)
{
	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	size_t sent;
	bool synced;
	if (pipeline_send(st, sql, n, p, &sent, &synced)) {
		pipeline_collect(st, sent, synced, out);
	} else {
		for (size_t i = 0; i < n; i++) {
			if (!(out[i] = pg_exec_params(st, sql[i], p, err))) {
				for (size_t k = 0; k < i; k++) {
					PQclear(out[k]);
					out[k] = NULL;
				}
				return err ? err->status : CT_SYSTEM;
			}
			ExecStatusType es = PQresultStatus(out[i]);
			if (es != PGRES_TUPLES_OK && es != PGRES_COMMAND_OK)
				break; /* told below */
		}
	}
	return pg_results_check(st, out, n, err);
}

enum ct_status pg_run(struct pg_store *st, const char *sql_text, const struct pg_params *p,
		      struct ct_error *err)
{
	PGresult *r = pg_query(st, sql_text, p, err);
	if (!r)
		return err ? err->status : CT_SYSTEM;
	PQclear(r);
	return CT_OK;
}

/* Rows fetched at a time by a cursor. */
#define CURSOR_ROWS 2000

enum ct_status pg_cursor_walk(struct pg_store *st, const char *sql_text, const struct pg_params *p,
			      pg_row_fn fn, void *ud, struct ct_error *err)
{
	pg_settle(st);
	char name[32];
	snprintf(name, sizeof(name), "ct_cursor%u", ++st->cursors);
	char *declare = xasprintf("DECLARE %s NO SCROLL CURSOR FOR %s", name, sql_text);
	PGresult *r = succeeded(st, PQexecParams(st->conn, declare, p ? p->n : 0, NULL,
						 p ? p->v : NULL, NULL, NULL, 0), err);
	free(declare);
	enum ct_status s = r ? CT_OK : err ? err->status : CT_SYSTEM;
	PQclear(r);
	char *fetch = xasprintf("FETCH FORWARD %d FROM %s", CURSOR_ROWS, name);
	for (int rows = CURSOR_ROWS; !s && rows == CURSOR_ROWS;) {
		if (!(r = pg_query(st, fetch, NULL, err))) {
			s = err ? err->status : CT_SYSTEM;
			break;
		}
		rows = PQntuples(r);
		for (int i = 0; i < rows && !s; i++)
			s = fn(ud, r, i);
		PQclear(r);
	}
	free(fetch);
	if (st->conn && PQstatus(st->conn) == CONNECTION_OK) {
		char *close = xasprintf("CLOSE %s", name);
		PQclear(PQexec(st->conn, close));
		free(close);
	}
	return s;
}

/* Several statements without parameters in one round trip (schema,
 * transaction control): the result of the last, or NULL with err filled
 * when one fails. */
PGresult *pg_exec_text(struct pg_store *st, const char *text, struct ct_error *err)
{
	if (ready(st, err))
		return NULL;
	return succeeded(st, PQexec(st->conn, text), err);
}

enum ct_status pg_exec(struct pg_store *st, const char *text, struct ct_error *err)
{
	PGresult *r = pg_exec_text(st, text, err);
	if (!r)
		return err ? err->status : CT_SYSTEM;
	PQclear(r);
	return CT_OK;
}
