/* pg_sync.c - the PostgreSQL backend's read snapshots, raw writes with the
 * ids of another database (import, merge), the backup to a single SQLite
 * file, sessions across machines and the verifications table: what
 * sqlite_sync.c and sqlite_verify.c do for SQLite, with the same results. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/store.h"
#include "certtrack/atomicfile.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"
#include "certtrack/verify.h"
#include "core/store/pg_int.h"

#include <errno.h>
#include "core/store/pg_lib.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* As for SQLite: a session without a heartbeat for this long is gone. */
#define SESSION_STALE_SECONDS 120

#define OR_RETURN(r) \
	if (!(r))    \
	return err ? err->status : CT_SYSTEM

/* ---- read snapshots ---------------------------------------------------- */

enum ct_status pg_read_begin(struct pg_store *st, struct ct_error *err)
{
	/* One snapshot for every read until read_end; writers go on. The
	 * snapshot is taken at the first statement: take it now. */
	st->txn_lost = false; /* whatever failed before has ended */
	enum ct_status s = pg_reconnect(st, err);
	if (s)
		return s;
	st->in_txn = true;
	s = pg_exec(st, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1", err);
	if (s)
		pg_rollback(st);
	return s;
}

void pg_read_end(struct pg_store *st)
{
	pg_batch_drop(st);
	st->txn_lost = false;
	if (!st->in_txn)
		return;
	if (pg_run(st, "COMMIT", NULL, NULL))
		pg_rollback(st);
	st->in_txn = st->in_write = false;
}

/* ---- projects ------------------------------------------------------------ */

static const char SQL_PUBLISHED_INFO[] = "SELECT " PG_PROJECT_COLS " FROM projects WHERE id = $1";
static const char SQL_PROJECT_CREATED[] = "UPDATE projects SET created_at = $1 WHERE id = $2";

enum ct_status pg_project_published_info(struct pg_store *st, long long id, bool *published,
					 char **at, char **by, struct ct_error *err)
{
	*at = *by = NULL;
	*published = false;
	struct pg_params p = {0};
	pg_p_int(&p, id);
	struct pg_rows rows;
	enum ct_status s = pg_rows_get(st, PG_PART_PROJECT, id, SQL_PUBLISHED_INFO, &p, &rows, err);
	if (s)
		return s;
	if (rows.n > 0) {
		*published = pg_int(rows.r, rows.first, 6) != 0;
		*at = pg_text(rows.r, rows.first, 7);
		*by = pg_text(rows.r, rows.first, 8);
	}
	pg_rows_done(&rows);
	return CT_OK;
}

enum ct_status pg_project_set_created(struct pg_store *st, long long id, const char *created_at,
				      struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_text(&p, created_at);
	pg_p_int(&p, id);
	return pg_run(st, SQL_PROJECT_CREATED, &p, err);
}

/* An id from another database is kept when it is free here, else the
 * next one is given (SQLite: a NULL rowid is max + 1). */
#define KEEP_ID(table)                                                            \
	"(SELECT CASE WHEN $1::bigint IS NULL OR EXISTS (SELECT 1 FROM " table        \
	" WHERE id = $1::bigint) THEN (SELECT coalesce(max(id), 0) + 1 FROM " table \
	") ELSE $1::bigint END)"

static const char SQL_COLLATERAL_EXISTS[] =
	"SELECT 1 FROM collateral WHERE project_id = $1 AND title = $2 AND type = $3"
	" AND added_at = $4 AND added_by = $5";
static const char SQL_COLLATERAL_INSERT[] =
	"INSERT INTO collateral(id, project_id, title, type, location, added_at, added_by)"
	" VALUES (" KEEP_ID("collateral") ", $2, $3, $4, $5, $6, $7) RETURNING id";

static enum ct_status exists(struct pg_store *st, const char *sql_text, const struct pg_params *p,
			     bool *found, struct ct_error *err)
{
	*found = false;
	PGresult *r = pg_query(st, sql_text, p, err);
	OR_RETURN(r);
	*found = PQntuples(r) > 0;
	PQclear(r);
	return CT_OK;
}

static enum ct_status insert_id(struct pg_store *st, const char *sql_text, const struct pg_params *p,
				long long *id, struct ct_error *err)
{
	PGresult *r = pg_query(st, sql_text, p, err);
	OR_RETURN(r);
	*id = pg_int(r, 0, 0);
	PQclear(r);
	return CT_OK;
}

static void p_id(struct pg_params *p, long long id)
{
	if (id > 0)
		pg_p_int(p, id);
	else
		pg_p_null(p);
}

enum ct_status pg_collateral_exists(struct pg_store *st, long long project,
				    const struct collateral *c, bool *found, struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, project);
	pg_p_text(&p, c->title);
	pg_p_text(&p, c->type);
	pg_p_text(&p, c->added_at);
	pg_p_text(&p, c->added_by);
	return exists(st, SQL_COLLATERAL_EXISTS, &p, found, err);
}

enum ct_status pg_collateral_insert(struct pg_store *st, long long project, struct collateral *c,
				    struct ct_error *err)
{
	struct pg_params p = {0};
	p_id(&p, c->id);
	pg_p_int(&p, project);
	pg_p_text(&p, c->title);
	pg_p_text(&p, c->type);
	pg_p_text(&p, c->location);
	pg_p_text(&p, c->added_at);
	pg_p_text(&p, c->added_by);
	return insert_id(st, SQL_COLLATERAL_INSERT, &p, &c->id, err);
}

static const char SQL_COLLATERAL_DELETE[] =
	"DELETE FROM collateral WHERE project_id = $1 AND id = $2";

enum ct_status pg_collateral_delete(struct pg_store *st, long long project, long long id,
				    struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, project);
	pg_p_int(&p, id);
	return pg_run(st, SQL_COLLATERAL_DELETE, &p, err);
}

/* ---- records ------------------------------------------------------------- */

static const char SQL_BUILD_FIND[] =
	"SELECT id FROM builds WHERE project_id = $1 AND started_at = $2 AND tag = $3"
	" AND \"user\" = $4";
static const char SQL_BUILD_INSERT[] =
	"INSERT INTO builds(id, project_id, tag, build_ref, started_at, finished_at, result, note,"
	" \"user\") VALUES (" KEEP_ID("builds") ", $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
/* As for SQLite: a scan is the same when it tells the same. */
static const char SQL_SCAN_EXISTS[] =
	"SELECT 1 FROM scans WHERE build_id = $1 AND at = $2 AND \"user\" = $3 AND source = $4"
	" AND passed = $5 AND image IS NOT DISTINCT FROM $6::text"
	" AND certification_hash IS NOT DISTINCT FROM $7::text";
static const char SQL_SCAN_INSERT[] =
	"INSERT INTO scans(id, build_id, at, \"user\", passed, source, image, test_library_name,"
	" test_library_version, test_library_commit, certification_hash)"
	" VALUES (" KEEP_ID("scans") ", $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
static const char SQL_SCAN_RESULT_INSERT[] =
	"INSERT INTO scan_results(scan_id, policy, status, message, fix, url, description, help,"
	" elapsed_ms, check_url) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
static const char SQL_PRESCAN_EXISTS[] =
	"SELECT 1 FROM prescans WHERE project_id = $1 AND at = $2 AND file = $3 AND digest = $4";
static const char SQL_PRESCAN_INSERT[] =
	"INSERT INTO prescans(id, project_id, at, \"user\", file, digest, passed, results)"
	" VALUES (" KEEP_ID("prescans") ", $2, $3, $4, $5, $6, $7, $8) RETURNING id";

enum ct_status pg_build_find(struct pg_store *st, long long project, const struct build_record *b,
			     long long *id, struct ct_error *err)
{
	*id = 0;
	struct pg_params p = {0};
	pg_p_int(&p, project);
	pg_p_text(&p, b->started_at);
	pg_p_text(&p, b->tag);
	pg_p_text(&p, b->user);
	PGresult *r = pg_query(st, SQL_BUILD_FIND, &p, err);
	OR_RETURN(r);
	if (PQntuples(r) > 0)
		*id = pg_int(r, 0, 0);
	PQclear(r);
	return CT_OK;
}

enum ct_status pg_build_insert(struct pg_store *st, long long project, struct build_record *b,
			       struct ct_error *err)
{
	struct pg_params p = {0};
	p_id(&p, b->id);
	pg_p_int(&p, project);
	pg_p_text(&p, b->tag);
	pg_p_text(&p, b->build_ref);
	pg_p_text(&p, b->started_at);
	pg_p_text(&p, b->finished_at);
	pg_p_text(&p, build_result_name(b->result));
	pg_p_text(&p, b->note);
	pg_p_text(&p, b->user);
	return insert_id(st, SQL_BUILD_INSERT, &p, &b->id, err);
}

enum ct_status pg_scan_exists(struct pg_store *st, const struct scan_record *x, bool *found,
			      struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, x->build_id);
	pg_p_text(&p, x->at);
	pg_p_text(&p, x->user);
	pg_p_text(&p, x->source);
	pg_p_int(&p, x->passed);
	pg_p_text(&p, x->image);
	pg_p_text(&p, x->certification_hash);
	return exists(st, SQL_SCAN_EXISTS, &p, found, err);
}

enum ct_status pg_scan_insert(struct pg_store *st, struct scan_record *x, struct ct_error *err)
{
	struct pg_params p = {0};
	p_id(&p, x->id);
	pg_p_int(&p, x->build_id);
	pg_p_text(&p, x->at);
	pg_p_text(&p, x->user);
	pg_p_int(&p, x->passed);
	pg_p_text(&p, x->source);
	pg_p_text(&p, x->image);
	pg_p_text(&p, x->tool_name);
	pg_p_text(&p, x->tool_version);
	pg_p_text(&p, x->tool_commit);
	pg_p_text(&p, x->certification_hash);
	enum ct_status s = insert_id(st, SQL_SCAN_INSERT, &p, &x->id, err);
	for (size_t i = 0; !s && i < x->n_results; i++) {
		const struct scan_result *y = &x->results[i];
		struct pg_params q = {0};
		pg_p_int(&q, x->id);
		pg_p_text(&q, y->policy);
		pg_p_text(&q, y->status);
		pg_p_text(&q, y->message);
		pg_p_text(&q, y->fix);
		pg_p_text(&q, y->url);
		pg_p_text(&q, y->description);
		pg_p_text(&q, y->help);
		if (y->has_elapsed)
			pg_p_int(&q, y->elapsed_ms);
		else
			pg_p_null(&q);
		pg_p_text(&q, y->check_url);
		s = pg_run(st, SQL_SCAN_RESULT_INSERT, &q, err);
	}
	return s;
}

enum ct_status pg_prescan_exists(struct pg_store *st, long long project,
				 const struct prescan_record *x, bool *found, struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, project);
	pg_p_text(&p, x->at);
	pg_p_text(&p, x->file);
	pg_p_text(&p, x->digest);
	return exists(st, SQL_PRESCAN_EXISTS, &p, found, err);
}

enum ct_status pg_prescan_insert(struct pg_store *st, long long project, struct prescan_record *x,
				 struct ct_error *err)
{
	struct pg_params p = {0};
	p_id(&p, x->id);
	pg_p_int(&p, project);
	pg_p_text(&p, x->at);
	pg_p_text(&p, x->user);
	pg_p_text(&p, x->file);
	pg_p_text(&p, x->digest);
	pg_p_int(&p, x->passed);
	pg_p_text(&p, x->results);
	return insert_id(st, SQL_PRESCAN_INSERT, &p, &x->id, err);
}

/* ---- history merge --------------------------------------------------------- */

/* IS NOT DISTINCT FROM: SQLite's IS, NULLs equal. */
static const char SQL_EVENT_EXISTS[] =
	"SELECT 1 FROM events WHERE uuid = $8 OR (project_uuid IS NOT DISTINCT FROM $1 AND at = $2"
	" AND \"user\" = $3 AND what = $4 AND key IS NOT DISTINCT FROM $5"
	" AND old IS NOT DISTINCT FROM $6 AND new IS NOT DISTINCT FROM $7) LIMIT 1";
static const char SQL_COMMAND_FOREIGN[] =
	"INSERT INTO commands(id, at, \"user\", summary)"
	" VALUES ((SELECT coalesce(max(id), 0) + 1 FROM commands), $1, $2, $3) RETURNING id";
static const char SQL_COMMAND_SEAL[] = "UPDATE commands SET undone_by = id WHERE id = $1";

enum ct_status pg_event_exists(struct pg_store *st, const struct event *e, bool *found,
			       struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_text(&p, e->project_uuid);
	pg_p_text(&p, e->at);
	pg_p_text(&p, e->user);
	pg_p_text(&p, e->what);
	pg_p_text(&p, e->key);
	pg_p_text(&p, e->old_value);
	pg_p_text(&p, e->new_value);
	pg_p_text(&p, e->uuid);
	return exists(st, SQL_EVENT_EXISTS, &p, found, err);
}

enum ct_status pg_command_foreign(struct pg_store *st, const char *at, const char *user,
				  const char *summary, long long *id, struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_text(&p, at);
	pg_p_text(&p, user);
	pg_p_text(&p, summary);
	enum ct_status s = insert_id(st, SQL_COMMAND_FOREIGN, &p, id, err);
	return s ? s : pg_command_seal(st, *id, err);
}

enum ct_status pg_command_seal(struct pg_store *st, long long id, struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, id);
	return pg_run(st, SQL_COMMAND_SEAL, &p, err);
}

/* ---- raw copying ----------------------------------------------------------- */

static const char *const SQL_ROWS[STORE_T__COUNT] = {
	[STORE_T_COMMANDS] = "SELECT id, at, \"user\", summary, undo_of, undone_by FROM commands"
			     " ORDER BY id",
	[STORE_T_PROJECTS] = "SELECT id, uuid, name, template, owner, created_at, updated_at, deleted_at,"
			     " published, published_at, published_by, sum_done, sum_total, sum_next,"
			     " sum_errors, sum_warnings, sum_broken, sum_next_blocked, sum_to_fill"
			     " FROM projects ORDER BY id",
	[STORE_T_FIELD_VALUES] = "SELECT project_id, key, value, updated_at, updated_by FROM field_values"
				 " ORDER BY project_id, key",
	[STORE_T_ITEM_STATES] = "SELECT project_id, key, status, note, reason, forced_reason, updated_at,"
				" updated_by FROM item_states ORDER BY project_id, key",
	[STORE_T_COLLATERAL] = "SELECT id, project_id, title, type, location, added_at, added_by, removed"
			       " FROM collateral ORDER BY id",
	[STORE_T_EVENTS] = "SELECT id, command_id, at, \"user\", project_uuid, project_name, what, key,"
			   " old, new, note, uuid FROM events ORDER BY id",
	[STORE_T_PRESCANS] = "SELECT id, project_id, at, \"user\", file, digest, passed, results"
			     " FROM prescans ORDER BY id",
	[STORE_T_BUILDS] = "SELECT id, project_id, tag, build_ref, started_at, finished_at, result, note,"
			   " \"user\" FROM builds ORDER BY id",
	[STORE_T_SCANS] = "SELECT id, build_id, at, \"user\", passed, source, image, test_library_name,"
			  " test_library_version, test_library_commit, certification_hash FROM scans"
			  " ORDER BY id",
	[STORE_T_SCAN_RESULTS] = "SELECT scan_id, policy, status, message, fix, url, description, help,"
				 " elapsed_ms, check_url FROM scan_results ORDER BY rid",
	[STORE_T_VERIFICATIONS] = "SELECT id, project_id, at, \"user\", kind, target, outcome, message,"
				  " details FROM verifications ORDER BY id",
};

static const char *const SQL_ROW_PUT[STORE_T__COUNT] = {
	[STORE_T_COMMANDS] = "INSERT INTO commands(id, at, \"user\", summary, undo_of, undone_by)"
			     " VALUES ($1, $2, $3, $4, $5, $6)",
	[STORE_T_PROJECTS] = "INSERT INTO projects(id, uuid, name, template, owner, created_at,"
			     " updated_at, deleted_at, published, published_at, published_by, sum_done,"
			     " sum_total, sum_next, sum_errors, sum_warnings, sum_broken,"
			     " sum_next_blocked, sum_to_fill) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
			     " $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
	[STORE_T_FIELD_VALUES] = "INSERT INTO field_values(project_id, key, value, updated_at,"
				 " updated_by) VALUES ($1, $2, $3, $4, $5)",
	[STORE_T_ITEM_STATES] = "INSERT INTO item_states(project_id, key, status, note, reason,"
				" forced_reason, updated_at, updated_by)"
				" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	[STORE_T_COLLATERAL] = "INSERT INTO collateral(id, project_id, title, type, location, added_at,"
			       " added_by, removed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	[STORE_T_EVENTS] = "INSERT INTO events(id, command_id, at, \"user\", project_uuid, project_name,"
			   " what, key, old, new, note, uuid)"
			   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
	[STORE_T_PRESCANS] = "INSERT INTO prescans(id, project_id, at, \"user\", file, digest, passed,"
			     " results) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	[STORE_T_BUILDS] = "INSERT INTO builds(id, project_id, tag, build_ref, started_at, finished_at,"
			   " result, note, \"user\") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
	[STORE_T_SCANS] = "INSERT INTO scans(id, build_id, at, \"user\", passed, source, image,"
			  " test_library_name, test_library_version, test_library_commit,"
			  " certification_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
	[STORE_T_SCAN_RESULTS] = "INSERT INTO scan_results(scan_id, policy, status, message, fix, url,"
				 " description, help, elapsed_ms, check_url)"
				 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
	[STORE_T_VERIFICATIONS] = "INSERT INTO verifications(id, project_id, at, \"user\", kind, target,"
				  " outcome, message, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
};

enum ct_status pg_rows_each(struct pg_store *st, enum store_table t, store_row_fn fn, void *ud,
			    struct ct_error *err)
{
	if ((int)t < 0 || t >= STORE_T__COUNT)
		return ct_fail(err, CT_USAGE, "no table %d", (int)t);
	PGresult *r = pg_query(st, SQL_ROWS[t], NULL, err);
	OR_RETURN(r);
	size_t n = store_table_columns(t);
	const char *vals[32];
	enum ct_status s = CT_OK;
	for (int i = 0, rows = PQntuples(r); i < rows && !s; i++) {
		for (size_t j = 0; j < n; j++)
			vals[j] = pg_val(r, i, (int)j);
		s = fn(ud, vals, n);
	}
	PQclear(r);
	return s;
}

enum ct_status pg_row_put(struct pg_store *st, enum store_table t, const char *const *values,
			  size_t n, struct ct_error *err)
{
	if ((int)t < 0 || t >= STORE_T__COUNT || n != store_table_columns(t))
		return ct_fail(err, CT_USAGE, "a row of %zu values for table %d", n, (int)t);
	struct pg_params p = {0};
	for (size_t i = 0; i < n; i++)
		pg_p_text(&p, values[i]);
	return pg_run(st, SQL_ROW_PUT[t], &p, err);
}

/* ---- backup: a single SQLite file of one snapshot -------------------------- */

struct copy {
	struct store *to;
	enum store_table t;
	struct ct_error *err;
};

static enum ct_status copy_row(void *ud, const char *const *values, size_t n)
{
	struct copy *c = ud;
	/* Through the SQLite backend's table: a backend does not call back
	 * into store.c (tests/arch/layers.sh: no cycle). */
	return c->to->ops->row_put(c->to, c->t, values, n, c->err);
}

enum ct_status pg_backup(struct pg_store *st, const char *dest, bool force, struct ct_error *err)
{
	struct stat sb;
	if (str_is_empty(dest))
		return ct_fail(err, CT_USAGE, _("give the file to write the copy to"));
	if (lstat(dest, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return ct_fail(err, CT_USAGE,
				       _("%s is a folder; give a file name such as %s/certtrack-copy.db"),
				       dest, dest);
		if (!force)
			return ct_fail(err, CT_FAILED,
				       _("%s exists already; give --force to replace it, or another file name"),
				       dest);
		if (!S_ISREG(sb.st_mode))
			return ct_fail(err, CT_USAGE, _("%s is not a regular file; give another name"),
				       dest);
	}
	char *side = xasprintf("%s-journal", dest);
	char *side2 = xasprintf("%s-wal", dest);
	bool journal = lstat(side, &sb) == 0 || lstat(side2, &sb) == 0;
	free(side);
	free(side2);
	if (journal)
		return ct_fail(err, CT_FAILED,
			       _("%s-journal or %s-wal exists beside the destination and would damage the copy; remove it or choose another name"),
			       dest, dest);
	if (st->in_txn)
		return ct_fail(err, CT_USAGE, "backup inside a transaction");

	/* A new SQLite database under a temporary name beside dest, filled
	 * from one snapshot in one SQLite transaction, then renamed. */
	struct atomicfile af;
	enum ct_status s = atomicfile_open(&af, dest, 0600,
					   ATOMICFILE_NAMED | (force ? ATOMICFILE_REPLACE : 0), err);
	if (s)
		return s;
	struct store *to = NULL;
	bool copy_side = true; /* the failure is the copy's, not the server's */
	if ((s = atomicfile_close_fd(&af, err)) || (s = store_sqlite_ops.open(af.tmp, &to, err)))
		goto out;
	copy_side = false;
	if ((s = pg_read_begin(st, err)))
		goto out;
	copy_side = true;
	if ((s = to->ops->begin(to, err))) {
		pg_read_end(st);
		goto out;
	}
	for (int t = 0; t < STORE_T__COUNT && !s; t++) {
		struct copy c = {.to = to, .t = (enum store_table)t, .err = err};
		/* A failed read is the server's; copy_row marks nothing. */
		s = pg_rows_each(st, (enum store_table)t, copy_row, &c, err);
		if (s && st->conn && PQstatus(st->conn) == CONNECTION_BAD)
			copy_side = false;
	}
	pg_read_end(st);
	if (s) {
		to->ops->rollback(to);
		goto out;
	}
	if ((s = to->ops->commit(to, err)))
		goto out;
	to->ops->close(to);
	to = NULL;
	s = atomicfile_commit(&af, err);
out:
	if (s && copy_side && err && af.tmp && strncmp(err->msg, af.tmp, strlen(af.tmp)) == 0) {
		/* SQLite's words name the temporary: the problem is where the
		 * copy goes. */
		char *why = xstrdup(err->msg + strlen(af.tmp) + (err->msg[strlen(af.tmp)] == ':' ? 2 : 0));
		ct_fail(err, s, _("cannot write the copy to %s: %s (the database itself is unchanged)"),
			dest, why);
		free(why);
	}
	if (to)
		to->ops->close(to);
	atomicfile_abort(&af);
	return s;
}

/* ---- sessions: who has the database open, on any machine --------------------- */

static const char SQL_SESSION_INSERT[] =
	"INSERT INTO sessions(id, \"user\", host, pid, since, heartbeat)"
	" VALUES (coalesce($1::bigint, nextval(pg_get_serial_sequence('sessions', 'id'))),"
	" $2, $3, $4, $5, $6) RETURNING id";
static const char SQL_SESSION_BEAT[] = "UPDATE sessions SET heartbeat = $1 WHERE id = $2";
static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE id = $1";
static const char SQL_SESSION_STALE[] = "DELETE FROM sessions WHERE heartbeat < $1";
static const char SQL_SESSIONS_LIST[] =
	"SELECT id, \"user\", host, pid, since, heartbeat FROM sessions WHERE id <> $1"
	" ORDER BY since, id";

/* Other TUIs show who else is here: tell them, as a commit does. */
static const char SQL_SESSION_NOTIFY[] = "SELECT pg_notify('certtrack', 'session')";

enum ct_status pg_session_register(struct pg_store *st, const char *user, long long *id,
				   struct ct_error *err)
{
	char host[256], now[32];
	host_name(host, sizeof(host));
	time_now_iso(now);
	struct pg_params p = {0};
	p_id(&p, *id);
	pg_p_text(&p, user);
	pg_p_text(&p, host);
	pg_p_int(&p, (long long)getpid());
	pg_p_text(&p, now);
	pg_p_text(&p, now);
	enum ct_status s = insert_id(st, SQL_SESSION_INSERT, &p, id, err);
	if (!s)
		s = pg_run(st, SQL_SESSION_NOTIFY, NULL, err);
	return s;
}

enum ct_status pg_session_heartbeat(struct pg_store *st, long long id, const char *user,
				    struct ct_error *err)
{
	char now[32];
	time_now_iso(now);
	struct pg_params p = {0};
	pg_p_text(&p, now);
	pg_p_int(&p, id);
	PGresult *r = pg_query(st, SQL_SESSION_BEAT, &p, err);
	OR_RETURN(r);
	bool changed = strcmp(PQcmdTuples(r), "0") != 0;
	PQclear(r);
	if (changed)
		return CT_OK;
	/* Removed as stale meanwhile (a suspended laptop): come back. */
	long long again = id;
	return pg_session_register(st, user, &again, err);
}

enum ct_status pg_session_unregister(struct pg_store *st, long long id, struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, id);
	enum ct_status s = pg_run(st, SQL_SESSION_DELETE, &p, err);
	if (!s)
		s = pg_run(st, SQL_SESSION_NOTIFY, NULL, err);
	return s;
}

/* A process of this host that no longer runs (EPERM: another user's). */
static bool pid_dead(long long pid)
{
	if (pid <= 0 || (long long)(pid_t)pid != pid)
		return true;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

enum ct_status pg_sessions_others(struct pg_store *st, long long self, struct session **v,
				  size_t *n, struct ct_error *err)
{
	*v = NULL;
	*n = 0;
	char cutoff[32], host[256];
	time_iso(time_now_epoch() - SESSION_STALE_SECONDS, cutoff);
	host_name(host, sizeof(host));
	struct pg_params d = {0};
	pg_p_text(&d, cutoff);
	pg_run(st, SQL_SESSION_STALE, &d, NULL);
	struct pg_params p = {0};
	pg_p_int(&p, self);
	PGresult *r = pg_query(st, SQL_SESSIONS_LIST, &p, err);
	OR_RETURN(r);
	size_t cap = 0;
	for (int i = 0, rows = PQntuples(r); i < rows; i++) {
		const char *beat = pg_val(r, i, 5);
		const char *h = pg_val(r, i, 2);
		long long id = pg_int(r, i, 0);
		/* Across machines the heartbeat tells; a pid is checked only
		 * on the machine it belongs to. */
		if (!beat || strcmp(beat, cutoff) < 0 || (str_eq(h, host) && pid_dead(pg_int(r, i, 3)))) {
			pg_session_unregister(st, id, NULL);
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			*v = xreallocarray(*v, cap, sizeof(**v));
		}
		(*v)[(*n)++] = (struct session){
			.id = id,
			.user = pg_text(r, i, 1),
			.host = pg_text(r, i, 2),
			.pid = pg_int(r, i, 3),
			.since = pg_text(r, i, 4),
			.heartbeat = pg_text(r, i, 5),
		};
	}
	PQclear(r);
	return CT_OK;
}

/* ---- verifications ----------------------------------------------------------- */

static const char SQL_VERIFY_ADD[] =
	"INSERT INTO verifications(id, project_id, at, \"user\", kind, target, outcome, message,"
	" details) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM verifications), $1, $2, $3, $4,"
	" $5, $6, $7, $8) RETURNING id";
static const char SQL_VERIFY_LIST[] =
	"SELECT " PG_VERIFICATION_COLS " FROM verifications WHERE project_id = $1"
	" ORDER BY id DESC LIMIT $2";
static const char SQL_VERIFY_DELETE[] =
	"DELETE FROM verifications WHERE project_id = $1 AND id BETWEEN $2 AND $3";

enum ct_status pg_verification_add(struct pg_store *st, long long project, struct verification *x,
				   struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, project);
	pg_p_text(&p, x->at);
	pg_p_text(&p, x->user);
	pg_p_text(&p, x->kind);
	pg_p_text(&p, x->target ? x->target : "");
	pg_p_text(&p, x->outcome);
	pg_p_text(&p, x->message ? x->message : "");
	pg_p_text(&p, x->details);
	return insert_id(st, SQL_VERIFY_ADD, &p, &x->id, err);
}

enum ct_status pg_verifications_list(struct pg_store *st, long long project, long long limit,
				     struct verification **out, size_t *n, struct ct_error *err)
{
	*out = NULL;
	*n = 0;
	struct pg_params p = {0};
	pg_p_int(&p, project);
	pg_p_limit(&p, limit);
	struct pg_rows rows;
	enum ct_status s = pg_rows_get(st, PG_PART_VERIFICATIONS, project, SQL_VERIFY_LIST, &p, &rows,
				       err);
	if (s)
		return s;
	pg_rows_limit(&rows, limit);
	struct verification *v = rows.n > 0 ? xcalloc((size_t)rows.n, sizeof(*v)) : NULL;
	const PGresult *r = rows.r;
	for (int k = 0; k < rows.n; k++) {
		int i = rows.first + k;
		v[k].id = pg_int(r, i, 0);
		v[k].at = pg_text(r, i, 1);
		v[k].user = pg_text(r, i, 2);
		v[k].kind = pg_text(r, i, 3);
		v[k].target = pg_text(r, i, 4);
		v[k].outcome = pg_text(r, i, 5);
		v[k].message = pg_text(r, i, 6);
		v[k].details = pg_text(r, i, 7);
	}
	*out = v;
	*n = (size_t)rows.n;
	pg_rows_done(&rows);
	return CT_OK;
}

enum ct_status pg_verifications_delete(struct pg_store *st, long long project, long long first,
				       long long last, struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, project);
	pg_p_int(&p, first);
	pg_p_int(&p, last);
	return pg_run(st, SQL_VERIFY_DELETE, &p, err);
}
