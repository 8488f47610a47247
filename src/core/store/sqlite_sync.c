/* store_sync.c - the SQL that moving data between databases needs: raw
 * writes with the times and ids a report carries (import), history rows
 * merged without duplicates, a consistent single-file copy (backup), and
 * the table of who has the file open (sessions). Part of the store module:
 * only here and in store.c is SQL spoken. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/store.h"
#include "certtrack/atomicfile.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"
#include "core/store/sqlite_int.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A session whose heartbeat is older than this belongs to a process that
 * died without unregistering (or a machine that went to sleep). */
#define SESSION_STALE_SECONDS 120

#define STMT_OR_RETURN(var, text)                             \
	sqlite3_stmt *var = sqlite_stmt_sql(st, (text), err);  \
	if (!var)                                             \
		return err ? err->status : CT_SYSTEM

/* Read transactions */

static const char SQL_READ_BEGIN[] = "BEGIN DEFERRED";
static const char SQL_READ_TOUCH[] = "SELECT count(*) FROM sqlite_schema";
static const char SQL_READ_END[] = "COMMIT";

enum ct_status sqlite_read_begin(struct sqlite_store *st, struct ct_error *err)
{
	STMT_OR_RETURN(b, SQL_READ_BEGIN);
	enum ct_status s = sqlite_run(st, b, err);
	if (s)
		return s;
	/* A deferred transaction takes its shared lock at the first read:
	 * take it now so every later statement sees the same snapshot. */
	sqlite3_stmt *t = sqlite_stmt_sql(st, SQL_READ_TOUCH, err);
	if (!t || (s = sqlite_run(st, t, err))) {
		sqlite_read_end(st);
		return t ? s : (err ? err->status : CT_SYSTEM);
	}
	return CT_OK;
}

void sqlite_read_end(struct sqlite_store *st)
{
	if (sqlite3_get_autocommit(st->db))
		return;
	sqlite3_stmt *s = sqlite_stmt_sql(st, SQL_READ_END, NULL);
	if (!s || sqlite_run(st, s, NULL))
		sqlite_rollback(st);
}

/* Projects */

static const char SQL_PUBLISHED_INFO[] =
	"SELECT published, published_at, published_by FROM projects WHERE id = ?";

enum ct_status sqlite_project_published_info(struct sqlite_store *st, long long id, bool *published,
					    char **at, char **by, struct ct_error *err)
{
	*at = *by = NULL;
	*published = false;
	STMT_OR_RETURN(s, SQL_PUBLISHED_INFO);
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*published = sqlite3_column_int(s, 0) != 0;
		*at = sqlite_col_text(s, 1);
		*by = sqlite_col_text(s, 2);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? CT_OK : sqlite_db_error(st, err, rc);
}

static const char SQL_PROJECT_CREATED[] = "UPDATE projects SET created_at = ? WHERE id = ?";

enum ct_status sqlite_project_set_created(struct sqlite_store *st, long long id, const char *created_at,
					 struct ct_error *err)
{
	STMT_OR_RETURN(s, SQL_PROJECT_CREATED);
	sqlite_bind_text(s, 1, created_at);
	sqlite3_bind_int64(s, 2, id);
	return sqlite_run(st, s, err);
}

/* Collateral: the report's identity of an entry is what it says and who
 * added it when; its id is kept when the target database has it free. */
static const char SQL_COLLATERAL_EXISTS[] =
	"SELECT 1 FROM collateral WHERE project_id = ? AND title = ? AND type = ?"
	" AND added_at = ? AND added_by = ?";
static const char SQL_COLLATERAL_INSERT[] =
	"INSERT INTO collateral(id, project_id, title, type, location, added_at, added_by)"
	" VALUES ((SELECT CASE WHEN EXISTS (SELECT 1 FROM collateral WHERE id = ?1)"
	" THEN NULL ELSE ?1 END), ?2, ?3, ?4, ?5, ?6, ?7)";

static const char SQL_COLLATERAL_DELETE[] =
	"DELETE FROM collateral WHERE project_id = ? AND id = ?";

static enum ct_status exists_step(struct sqlite_store *st, sqlite3_stmt *s, bool *found,
				  struct ct_error *err)
{
	int rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CT_OK : sqlite_db_error(st, err, rc);
}

enum ct_status sqlite_collateral_delete(struct sqlite_store *st, long long project, long long id,
				       struct ct_error *err)
{
	STMT_OR_RETURN(s, SQL_COLLATERAL_DELETE);
	sqlite3_bind_int64(s, 1, project);
	sqlite3_bind_int64(s, 2, id);
	return sqlite_run(st, s, err);
}

enum ct_status sqlite_collateral_exists(struct sqlite_store *st, long long project,
				       const struct collateral *c, bool *found,
				       struct ct_error *err)
{
	STMT_OR_RETURN(s, SQL_COLLATERAL_EXISTS);
	sqlite3_bind_int64(s, 1, project);
	sqlite_bind_text(s, 2, c->title);
	sqlite_bind_text(s, 3, c->type);
	sqlite_bind_text(s, 4, c->added_at);
	sqlite_bind_text(s, 5, c->added_by);
	return exists_step(st, s, found, err);
}

enum ct_status sqlite_collateral_insert(struct sqlite_store *st, long long project, struct collateral *c,
				       struct ct_error *err)
{
	STMT_OR_RETURN(s, SQL_COLLATERAL_INSERT);
	if (c->id > 0)
		sqlite3_bind_int64(s, 1, c->id);
	sqlite3_bind_int64(s, 2, project);
	sqlite_bind_text(s, 3, c->title);
	sqlite_bind_text(s, 4, c->type);
	sqlite_bind_text(s, 5, c->location);
	sqlite_bind_text(s, 6, c->added_at);
	sqlite_bind_text(s, 7, c->added_by);
	enum ct_status r = sqlite_run(st, s, err);
	if (!r)
		c->id = sqlite3_last_insert_rowid(st->db);
	return r;
}

/* Records */

static const char SQL_BUILD_FIND[] =
	"SELECT id FROM builds WHERE project_id = ? AND started_at = ? AND tag = ? AND user = ?";
static const char SQL_BUILD_INSERT[] =
	"INSERT INTO builds(id, project_id, tag, build_ref, started_at, finished_at, result, note,"
	" user) VALUES ((SELECT CASE WHEN EXISTS (SELECT 1 FROM builds WHERE id = ?1)"
	" THEN NULL ELSE ?1 END), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
/* A scan is the same when it tells the same: two imported in the same
 * second (a script) but with other outcomes are two scans. */
static const char SQL_SCAN_EXISTS[] =
	"SELECT 1 FROM scans WHERE build_id = ? AND at = ? AND user = ? AND source = ?"
	" AND passed = ? AND image IS ? AND certification_hash IS ?";
static const char SQL_SCAN_INSERT[] =
	"INSERT INTO scans(id, build_id, at, user, passed, source, image, test_library_name,"
	" test_library_version, test_library_commit, certification_hash)"
	" VALUES ((SELECT CASE WHEN EXISTS (SELECT 1 FROM scans WHERE id = ?1)"
	" THEN NULL ELSE ?1 END), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char SQL_SCAN_RESULT_INSERT[] =
	"INSERT INTO scan_results(scan_id, policy, status, message, fix, url, description, help,"
	" elapsed_ms, check_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_PRESCAN_EXISTS[] =
	"SELECT 1 FROM prescans WHERE project_id = ? AND at = ? AND file = ? AND digest = ?";
static const char SQL_PRESCAN_INSERT[] =
	"INSERT INTO prescans(id, project_id, at, user, file, digest, passed, results)"
	" VALUES ((SELECT CASE WHEN EXISTS (SELECT 1 FROM prescans WHERE id = ?1)"
	" THEN NULL ELSE ?1 END), ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

enum ct_status sqlite_build_find(struct sqlite_store *st, long long project, const struct build_record *b,
				long long *id, struct ct_error *err)
{
	*id = 0;
	STMT_OR_RETURN(s, SQL_BUILD_FIND);
	sqlite3_bind_int64(s, 1, project);
	sqlite_bind_text(s, 2, b->started_at);
	sqlite_bind_text(s, 3, b->tag);
	sqlite_bind_text(s, 4, b->user);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? CT_OK : sqlite_db_error(st, err, rc);
}

enum ct_status sqlite_build_insert(struct sqlite_store *st, long long project, struct build_record *b,
				  struct ct_error *err)
{
	STMT_OR_RETURN(s, SQL_BUILD_INSERT);
	if (b->id > 0)
		sqlite3_bind_int64(s, 1, b->id);
	sqlite3_bind_int64(s, 2, project);
	sqlite_bind_text(s, 3, b->tag);
	sqlite_bind_text(s, 4, b->build_ref);
	sqlite_bind_text(s, 5, b->started_at);
	sqlite_bind_text(s, 6, b->finished_at);
	sqlite_bind_text(s, 7, build_result_name(b->result));
	sqlite_bind_text(s, 8, b->note);
	sqlite_bind_text(s, 9, b->user);
	enum ct_status r = sqlite_run(st, s, err);
	if (!r)
		b->id = sqlite3_last_insert_rowid(st->db);
	return r;
}

enum ct_status sqlite_scan_exists(struct sqlite_store *st, const struct scan_record *r, bool *found,
				 struct ct_error *err)
{
	STMT_OR_RETURN(s, SQL_SCAN_EXISTS);
	sqlite3_bind_int64(s, 1, r->build_id);
	sqlite_bind_text(s, 2, r->at);
	sqlite_bind_text(s, 3, r->user);
	sqlite_bind_text(s, 4, r->source);
	sqlite3_bind_int(s, 5, r->passed);
	sqlite_bind_text(s, 6, r->image);
	sqlite_bind_text(s, 7, r->certification_hash);
	return exists_step(st, s, found, err);
}

enum ct_status sqlite_scan_insert(struct sqlite_store *st, struct scan_record *r, struct ct_error *err)
{
	STMT_OR_RETURN(s, SQL_SCAN_INSERT);
	if (r->id > 0)
		sqlite3_bind_int64(s, 1, r->id);
	sqlite3_bind_int64(s, 2, r->build_id);
	sqlite_bind_text(s, 3, r->at);
	sqlite_bind_text(s, 4, r->user);
	sqlite3_bind_int(s, 5, r->passed);
	sqlite_bind_text(s, 6, r->source);
	sqlite_bind_text(s, 7, r->image);
	sqlite_bind_text(s, 8, r->tool_name);
	sqlite_bind_text(s, 9, r->tool_version);
	sqlite_bind_text(s, 10, r->tool_commit);
	sqlite_bind_text(s, 11, r->certification_hash);
	enum ct_status rc = sqlite_run(st, s, err);
	if (rc)
		return rc;
	r->id = sqlite3_last_insert_rowid(st->db);
	for (size_t i = 0; i < r->n_results; i++) {
		const struct scan_result *x = &r->results[i];
		STMT_OR_RETURN(q, SQL_SCAN_RESULT_INSERT);
		sqlite3_bind_int64(q, 1, r->id);
		sqlite_bind_text(q, 2, x->policy);
		sqlite_bind_text(q, 3, x->status);
		sqlite_bind_text(q, 4, x->message);
		sqlite_bind_text(q, 5, x->fix);
		sqlite_bind_text(q, 6, x->url);
		sqlite_bind_text(q, 7, x->description);
		sqlite_bind_text(q, 8, x->help);
		if (x->has_elapsed)
			sqlite3_bind_int64(q, 9, x->elapsed_ms);
		else
			sqlite3_bind_null(q, 9);
		sqlite_bind_text(q, 10, x->check_url);
		if ((rc = sqlite_run(st, q, err)))
			return rc;
	}
	return CT_OK;
}

enum ct_status sqlite_prescan_exists(struct sqlite_store *st, long long project,
				    const struct prescan_record *r, bool *found,
				    struct ct_error *err)
{
	STMT_OR_RETURN(s, SQL_PRESCAN_EXISTS);
	sqlite3_bind_int64(s, 1, project);
	sqlite_bind_text(s, 2, r->at);
	sqlite_bind_text(s, 3, r->file);
	sqlite_bind_text(s, 4, r->digest);
	return exists_step(st, s, found, err);
}

enum ct_status sqlite_prescan_insert(struct sqlite_store *st, long long project,
				    struct prescan_record *r, struct ct_error *err)
{
	STMT_OR_RETURN(s, SQL_PRESCAN_INSERT);
	if (r->id > 0)
		sqlite3_bind_int64(s, 1, r->id);
	sqlite3_bind_int64(s, 2, project);
	sqlite_bind_text(s, 3, r->at);
	sqlite_bind_text(s, 4, r->user);
	sqlite_bind_text(s, 5, r->file);
	sqlite_bind_text(s, 6, r->digest);
	sqlite3_bind_int(s, 7, r->passed);
	sqlite_bind_text(s, 8, r->results);
	enum ct_status rc = sqlite_run(st, s, err);
	if (!rc)
		r->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

/* History merge */

/* IS compares NULLs as equal: a row's identity includes its empty parts. */
/* The same event: the same id, or (a row from before events had ids, which
 * two copies numbered each on its own) the same content. */
static const char SQL_EVENT_EXISTS[] =
	"SELECT 1 FROM events WHERE uuid = ?8 OR (project_uuid IS ?1 AND at = ?2 AND user = ?3"
	" AND what = ?4 AND key IS ?5 AND old IS ?6 AND new IS ?7) LIMIT 1";
static const char SQL_COMMAND_FOREIGN[] =
	"INSERT INTO commands(at, user, summary) VALUES (?, ?, ?)";
static const char SQL_COMMAND_SEAL[] = "UPDATE commands SET undone_by = id WHERE id = ?";

enum ct_status sqlite_event_exists(struct sqlite_store *st, const struct event *e, bool *found,
				  struct ct_error *err)
{
	STMT_OR_RETURN(s, SQL_EVENT_EXISTS);
	sqlite_bind_text(s, 1, e->project_uuid);
	sqlite_bind_text(s, 2, e->at);
	sqlite_bind_text(s, 3, e->user);
	sqlite_bind_text(s, 4, e->what);
	sqlite_bind_text(s, 5, e->key);
	sqlite_bind_text(s, 6, e->old_value);
	sqlite_bind_text(s, 7, e->new_value);
	sqlite_bind_text(s, 8, e->uuid);
	return exists_step(st, s, found, err);
}

enum ct_status sqlite_command_foreign(struct sqlite_store *st, const char *at, const char *user,
				     const char *summary, long long *id, struct ct_error *err)
{
	STMT_OR_RETURN(s, SQL_COMMAND_FOREIGN);
	sqlite_bind_text(s, 1, at);
	sqlite_bind_text(s, 2, user);
	sqlite_bind_text(s, 3, summary);
	enum ct_status r = sqlite_run(st, s, err);
	if (r)
		return r;
	*id = sqlite3_last_insert_rowid(st->db);
	return sqlite_command_seal(st, *id, err);
}

enum ct_status sqlite_command_seal(struct sqlite_store *st, long long id, struct ct_error *err)
{
	/* undone_by pointing at itself keeps the command out of undo: what
	 * it recorded happened elsewhere, or cannot be reverted row by row. */
	STMT_OR_RETURN(s, SQL_COMMAND_SEAL);
	sqlite3_bind_int64(s, 1, id);
	return sqlite_run(st, s, err);
}

/* Backup */

/* VACUUM INTO takes a read snapshot like any query, waiting on writers
 * through the busy timeout, and writes a compact copy of it. */
static const char SQL_VACUUM_INTO[] = "VACUUM INTO ?";

/* Opens a finished copy, makes it a rollback-journal database and checks
 * it; on return no -journal or -wal file is left beside it. */
static enum ct_status check_copy(const char *path, struct ct_error *err)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
	enum ct_status s = CT_OK;
	if (rc != SQLITE_OK) {
		s = ct_fail(err, CT_SYSTEM, _("cannot open the copy %s: %s"), path,
			    db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return s;
	}
	sqlite3_stmt *q = NULL;
	char *mode = NULL, *check = NULL;
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode = DELETE", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		mode = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	q = NULL;
	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		check = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	if (!mode || strcmp(mode, "delete") != 0)
		s = ct_fail(err, CT_SYSTEM, _("the copy %s could not be made a single file (journal mode %s)"),
			    path, mode ? mode : "?");
	else if (!check || strcmp(check, "ok") != 0)
		s = ct_fail(err, CT_DATA, _("the copy %s failed its check (%s); the database may be damaged: run 'sqlite3 FILE \"PRAGMA integrity_check\"'"),
			    path, check ? check : sqlite3_errmsg(db));
	free(mode);
	free(check);
	if (sqlite3_close(db) != SQLITE_OK && !s)
		s = ct_fail(err, CT_SYSTEM, _("cannot close the copy %s"), path);
	return s;
}

static bool side_file_exists(const char *path, const char *suffix)
{
	char *side = xasprintf("%s%s", path, suffix);
	struct stat sb;
	bool found = lstat(side, &sb) == 0;
	free(side);
	return found;
}

enum ct_status sqlite_backup(struct sqlite_store *st, const char *dest, bool force, struct ct_error *err)
{
	struct stat sb, self;
	if (str_is_empty(dest))
		return ct_fail(err, CT_USAGE, _("give the file to write the copy to"));
	if (lstat(dest, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return ct_fail(err, CT_USAGE,
				       _("%s is a folder; give a file name such as %s/certtrack-copy.db"),
				       dest, dest);
		if (stat(st->path, &self) == 0 && sb.st_dev == self.st_dev &&
		    sb.st_ino == self.st_ino)
			return ct_fail(err, CT_USAGE,
				       _("%s is the database itself; give another file name"), dest);
		if (!force)
			return ct_fail(err, CT_FAILED,
				       _("%s exists already; give --force to replace it, or another file name"),
				       dest);
		if (!S_ISREG(sb.st_mode))
			return ct_fail(err, CT_USAGE, _("%s is not a regular file; give another name"),
				       dest);
	}
	/* A journal beside the destination would be rolled into the copy the
	 * first time anyone opens it. */
	if (side_file_exists(dest, "-journal") || side_file_exists(dest, "-wal"))
		return ct_fail(err, CT_FAILED,
			       _("%s-journal or %s-wal exists beside the destination and would damage the copy; remove it or choose another name"),
			       dest, dest);

	/* VACUUM INTO writes its target by name: a named temporary, private
	 * (0600) as a database should be; an empty file is an acceptable
	 * target. A killed backup's temporary is removed by the next one. */
	struct atomicfile af;
	enum ct_status s = atomicfile_open(&af, dest, 0600,
					   ATOMICFILE_NAMED | (force ? ATOMICFILE_REPLACE : 0), err);
	if (s)
		return s;
	if ((s = atomicfile_close_fd(&af, err)))
		goto out;
	sqlite3_stmt *q = sqlite_stmt_sql(st, SQL_VACUUM_INTO, err);
	if (!q) {
		s = err ? err->status : CT_SYSTEM;
		goto out;
	}
	sqlite_bind_text(q, 1, af.tmp);
	if ((s = sqlite_run(st, q, err))) {
		/* SQLite's words would name the database being copied: the
		 * problem is where the copy goes. */
		int ec = sqlite3_extended_errcode(st->db) & 0xff;
		if (ec == SQLITE_FULL)
			s = ct_fail(err, CT_SYSTEM,
				    _("cannot write the copy to %s: the disk is full; free some space there or give a file on another disk (the database itself is unchanged)"),
				    dest);
		else if (ec == SQLITE_IOERR || ec == SQLITE_CANTOPEN || ec == SQLITE_READONLY ||
			 ec == SQLITE_PERM)
			s = ct_fail(err, CT_SYSTEM,
				    _("cannot write the copy to %s: %s (the database itself is unchanged)"),
				    dest, sqlite3_errmsg(st->db));
		goto out;
	}
	if ((s = check_copy(af.tmp, err)) || (s = atomicfile_commit(&af, err)))
		goto out;
	/* The copy under its final name is what people will mail: check it
	 * where it lies. */
	s = check_copy(dest, err);
out:
	atomicfile_abort(&af);
	return s;
}

/* Sessions */

static const char SQL_SESSION_INSERT[] =
	"INSERT INTO sessions(id, user, host, pid, since, heartbeat) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_SESSION_BEAT[] = "UPDATE sessions SET heartbeat = ? WHERE id = ?";
static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE id = ?";
static const char SQL_SESSION_STALE[] = "DELETE FROM sessions WHERE heartbeat < ?";
static const char SQL_SESSIONS_LIST[] =
	"SELECT id, user, host, pid, since, heartbeat FROM sessions WHERE id != ? ORDER BY since, id";

enum ct_status sqlite_session_register(struct sqlite_store *st, const char *user, long long *id,
				      struct ct_error *err)
{
	char host[256], now[32];
	host_name(host, sizeof(host));
	time_now_iso(now);
	STMT_OR_RETURN(s, SQL_SESSION_INSERT);
	if (*id > 0)
		sqlite3_bind_int64(s, 1, *id);
	sqlite_bind_text(s, 2, user);
	sqlite_bind_text(s, 3, host);
	sqlite3_bind_int64(s, 4, (long long)getpid());
	sqlite_bind_text(s, 5, now);
	sqlite_bind_text(s, 6, now);
	enum ct_status r = sqlite_run(st, s, err);
	if (!r)
		*id = sqlite3_last_insert_rowid(st->db);
	return r;
}

enum ct_status sqlite_session_heartbeat(struct sqlite_store *st, long long id, const char *user,
				       struct ct_error *err)
{
	char now[32];
	time_now_iso(now);
	STMT_OR_RETURN(s, SQL_SESSION_BEAT);
	sqlite_bind_text(s, 1, now);
	sqlite3_bind_int64(s, 2, id);
	enum ct_status r = sqlite_run(st, s, err);
	if (r || sqlite3_changes(st->db) > 0)
		return r;
	/* Another process thought us dead (a suspended laptop) and removed
	 * the row: come back under the same id. */
	long long again = id;
	return sqlite_session_register(st, user, &again, err);
}

enum ct_status sqlite_session_unregister(struct sqlite_store *st, long long id, struct ct_error *err)
{
	STMT_OR_RETURN(s, SQL_SESSION_DELETE);
	sqlite3_bind_int64(s, 1, id);
	return sqlite_run(st, s, err);
}


/* A process of this host that no longer runs. EPERM: it runs as someone
 * else, so it is alive. */
static bool pid_dead(long long pid)
{
	if (pid <= 0 || (long long)(pid_t)pid != pid)
		return true;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

enum ct_status sqlite_sessions_others(struct sqlite_store *st, long long self, struct session **v,
				     size_t *n, struct ct_error *err)
{
	*v = NULL;
	*n = 0;
	char cutoff[32], host[256];
	time_iso(time_now_epoch() - SESSION_STALE_SECONDS, cutoff);
	host_name(host, sizeof(host));
	/* Stale rows are removed on the way; a read-only file keeps them, and
	 * they are filtered out below all the same. */
	if (!st->base.readonly) {
		sqlite3_stmt *d = sqlite_stmt_sql(st, SQL_SESSION_STALE, NULL);
		if (d) {
			sqlite_bind_text(d, 1, cutoff);
			sqlite_run(st, d, NULL);
		}
	}
	STMT_OR_RETURN(s, SQL_SESSIONS_LIST);
	sqlite3_bind_int64(s, 1, self);
	size_t cap = 0;
	int rc;
	struct strlist dead = {0};
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct session x = {
			.id = sqlite3_column_int64(s, 0),
			.user = sqlite_col_text(s, 1),
			.host = sqlite_col_text(s, 2),
			.pid = sqlite3_column_int64(s, 3),
			.since = sqlite_col_text(s, 4),
			.heartbeat = sqlite_col_text(s, 5),
		};
		bool stale = !x.heartbeat || strcmp(x.heartbeat, cutoff) < 0 ||
			     (str_eq(x.host, host) && pid_dead(x.pid));
		if (stale) {
			char idbuf[32];
			snprintf(idbuf, sizeof(idbuf), "%lld", x.id);
			strlist_add(&dead, idbuf);
			free(x.user);
			free(x.host);
			free(x.since);
			free(x.heartbeat);
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			*v = xreallocarray(*v, cap, sizeof(**v));
		}
		(*v)[(*n)++] = x;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		strlist_free(&dead);
		sessions_free(*v, *n);
		*v = NULL;
		*n = 0;
		return sqlite_db_error(st, err, rc);
	}
	for (size_t i = 0; i < dead.n && !st->base.readonly; i++)
		sqlite_session_unregister(st, strtoll(dead.v[i], NULL, 10), NULL);
	strlist_free(&dead);
	return CT_OK;
}

/* Raw copying (store_rows_each, store_row_put): the columns of each table
 * in the order store.h's copy gives them; ids kept. */

static const char *const SQL_ROWS[STORE_T__COUNT] = {
	[STORE_T_COMMANDS] = "SELECT id, at, user, summary, undo_of, undone_by FROM commands ORDER BY id",
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
	[STORE_T_EVENTS] = "SELECT id, command_id, at, user, project_uuid, project_name, what, key, old,"
			   " new, note, uuid FROM events ORDER BY id",
	[STORE_T_PRESCANS] = "SELECT id, project_id, at, user, file, digest, passed, results FROM prescans"
			     " ORDER BY id",
	[STORE_T_BUILDS] = "SELECT id, project_id, tag, build_ref, started_at, finished_at, result, note,"
			   " user FROM builds ORDER BY id",
	[STORE_T_SCANS] = "SELECT id, build_id, at, user, passed, source, image, test_library_name,"
			  " test_library_version, test_library_commit, certification_hash FROM scans"
			  " ORDER BY id",
	[STORE_T_SCAN_RESULTS] = "SELECT scan_id, policy, status, message, fix, url, description, help,"
				 " elapsed_ms, check_url FROM scan_results ORDER BY rowid",
	[STORE_T_VERIFICATIONS] = "SELECT id, project_id, at, user, kind, target, outcome, message,"
				  " details FROM verifications ORDER BY id",
};

static const char *const SQL_ROW_PUT[STORE_T__COUNT] = {
	[STORE_T_COMMANDS] = "INSERT INTO commands(id, at, user, summary, undo_of, undone_by)"
			     " VALUES (?, ?, ?, ?, ?, ?)",
	[STORE_T_PROJECTS] = "INSERT INTO projects(id, uuid, name, template, owner, created_at,"
			     " updated_at, deleted_at, published, published_at, published_by, sum_done,"
			     " sum_total, sum_next, sum_errors, sum_warnings, sum_broken,"
			     " sum_next_blocked, sum_to_fill)"
			     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STORE_T_FIELD_VALUES] = "INSERT INTO field_values(project_id, key, value, updated_at,"
				 " updated_by) VALUES (?, ?, ?, ?, ?)",
	[STORE_T_ITEM_STATES] = "INSERT INTO item_states(project_id, key, status, note, reason,"
				" forced_reason, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[STORE_T_COLLATERAL] = "INSERT INTO collateral(id, project_id, title, type, location, added_at,"
			       " added_by, removed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[STORE_T_EVENTS] = "INSERT INTO events(id, command_id, at, user, project_uuid, project_name,"
			   " what, key, old, new, note, uuid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STORE_T_PRESCANS] = "INSERT INTO prescans(id, project_id, at, user, file, digest, passed,"
			     " results) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[STORE_T_BUILDS] = "INSERT INTO builds(id, project_id, tag, build_ref, started_at, finished_at,"
			   " result, note, user) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STORE_T_SCANS] = "INSERT INTO scans(id, build_id, at, user, passed, source, image,"
			  " test_library_name, test_library_version, test_library_commit,"
			  " certification_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STORE_T_SCAN_RESULTS] = "INSERT INTO scan_results(scan_id, policy, status, message, fix, url,"
				 " description, help, elapsed_ms, check_url)"
				 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STORE_T_VERIFICATIONS] = "INSERT INTO verifications(id, project_id, at, user, kind, target,"
				  " outcome, message, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
};

/* A command row names the command that undid it, a later row: foreign
 * keys are checked at commit while a copy is written. */
static const char SQL_DEFER_FK[] = "PRAGMA defer_foreign_keys = ON";

enum ct_status sqlite_rows_each(struct sqlite_store *st, enum store_table t, store_row_fn fn,
				void *ud, struct ct_error *err)
{
	if ((int)t < 0 || t >= STORE_T__COUNT)
		return ct_fail(err, CT_USAGE, "no table %d", (int)t);
	STMT_OR_RETURN(s, SQL_ROWS[t]);
	size_t n = store_table_columns(t);
	const char *vals[32];
	int rc;
	enum ct_status r = CT_OK;
	while (!r && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (size_t i = 0; i < n; i++)
			vals[i] = (const char *)sqlite3_column_text(s, (int)i);
		r = fn(ud, vals, n);
	}
	sqlite3_reset(s);
	if (r)
		return r;
	return rc == SQLITE_DONE ? CT_OK : sqlite_db_error(st, err, rc);
}

enum ct_status sqlite_row_put(struct sqlite_store *st, enum store_table t, const char *const *values,
			      size_t n, struct ct_error *err)
{
	if ((int)t < 0 || t >= STORE_T__COUNT || n != store_table_columns(t))
		return ct_fail(err, CT_USAGE, "a row of %zu values for table %d", n, (int)t);
	STMT_OR_RETURN(d, SQL_DEFER_FK);
	enum ct_status r = sqlite_run(st, d, err);
	if (r)
		return r;
	STMT_OR_RETURN(s, SQL_ROW_PUT[t]);
	/* Text into columns of INTEGER affinity is stored as the integer. */
	for (size_t i = 0; i < n; i++)
		sqlite_bind_text(s, (int)i + 1, values[i]);
	return sqlite_run(st, s, err);
}
