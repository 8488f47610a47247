/* sqlite.c - the SQLite backend of the store: one file. Every statement is
 * static text with bound
 * parameters, prepared once per connection. Writes run inside BEGIN
 * IMMEDIATE so a command lands whole or not at all; the rollback journal is
 * forced on every open so that a file mailed around is one file. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/store.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"
#include "core/store/sqlite_int.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_SYS_VFS_H
#include <sys/vfs.h>
#endif

#define BUSY_TIMEOUT_MS 10000

/* The sort keys of the project list as SQL, one text for the index and the
 * queries so that SQLite matches them. */
#define SORT_PROGRESS_KEY "(CASE WHEN sum_total > 0 THEN CAST(sum_done AS REAL) / sum_total ELSE 0 END)"
#define SORT_PROBLEMS_KEY "(sum_errors * 1000 + sum_warnings)"
#define SUMMARY_SELECT "SELECT id, uuid, name, template, owner, updated_at, sum_done, sum_total," \
		       " sum_next, sum_errors, sum_warnings, sum_broken, sum_next_blocked," \
		       " sum_to_fill FROM projects WHERE deleted_at IS NULL"

/* Numbered migrations: entry N-1 takes a database from user_version N-1
 * to N. Never edit a released entry; append a new one. */
static const char *const migrations[] = {
	/* 1: the first schema */
	"CREATE TABLE commands ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  user TEXT NOT NULL,"
	"  summary TEXT NOT NULL,"
	"  undo_of INTEGER REFERENCES commands(id),"
	"  undone_by INTEGER REFERENCES commands(id));"
	"CREATE TABLE projects ("
	"  id INTEGER PRIMARY KEY,"
	"  uuid TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  template TEXT NOT NULL,"
	"  owner TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  deleted_at TEXT,"
	"  published INTEGER NOT NULL DEFAULT 0,"
	"  published_at TEXT,"
	"  published_by TEXT,"
	"  sum_done INTEGER NOT NULL DEFAULT 0,"
	"  sum_total INTEGER NOT NULL DEFAULT 0,"
	"  sum_next TEXT,"
	"  sum_errors INTEGER NOT NULL DEFAULT 0,"
	"  sum_warnings INTEGER NOT NULL DEFAULT 0);"
	"CREATE UNIQUE INDEX projects_live_name ON projects(name) WHERE deleted_at IS NULL;"
	"CREATE TABLE field_values ("
	"  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
	"  key TEXT NOT NULL,"
	"  value TEXT,"
	"  updated_at TEXT NOT NULL,"
	"  updated_by TEXT NOT NULL,"
	"  PRIMARY KEY (project_id, key)) WITHOUT ROWID;"
	"CREATE TABLE item_states ("
	"  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
	"  key TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('todo','in-progress','done','blocked','n/a')),"
	"  note TEXT,"
	"  reason TEXT,"
	"  forced_reason TEXT,"
	"  updated_at TEXT,"
	"  updated_by TEXT,"
	"  PRIMARY KEY (project_id, key)) WITHOUT ROWID;"
	"CREATE TABLE collateral ("
	"  id INTEGER PRIMARY KEY,"
	"  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
	"  title TEXT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  location TEXT,"
	"  added_at TEXT NOT NULL,"
	"  added_by TEXT NOT NULL,"
	"  removed INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX collateral_project ON collateral(project_id);"
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY,"
	"  command_id INTEGER NOT NULL REFERENCES commands(id),"
	"  at TEXT NOT NULL,"
	"  user TEXT NOT NULL,"
	"  project_uuid TEXT,"
	"  project_name TEXT,"
	"  what TEXT NOT NULL,"
	"  key TEXT,"
	"  old TEXT,"
	"  new TEXT,"
	"  note TEXT);"
	"CREATE INDEX events_project ON events(project_uuid, id);"
	"CREATE INDEX events_command ON events(command_id);"
	"CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
	"CREATE TRIGGER events_append_only_d BEFORE DELETE ON events"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
	"CREATE TABLE prescans ("
	"  id INTEGER PRIMARY KEY,"
	"  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
	"  at TEXT NOT NULL,"
	"  user TEXT NOT NULL,"
	"  file TEXT NOT NULL,"
	"  digest TEXT NOT NULL,"
	"  passed INTEGER NOT NULL,"
	"  results TEXT NOT NULL);"
	"CREATE INDEX prescans_project ON prescans(project_id, id);"
	"CREATE TABLE builds ("
	"  id INTEGER PRIMARY KEY,"
	"  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
	"  tag TEXT NOT NULL,"
	"  build_ref TEXT,"
	"  started_at TEXT NOT NULL,"
	"  finished_at TEXT,"
	"  result TEXT NOT NULL CHECK (result IN ('running','succeeded','failed')),"
	"  note TEXT,"
	"  user TEXT NOT NULL);"
	"CREATE INDEX builds_project ON builds(project_id, id);"
	"CREATE TABLE scans ("
	"  id INTEGER PRIMARY KEY,"
	"  build_id INTEGER NOT NULL REFERENCES builds(id) ON DELETE CASCADE,"
	"  at TEXT NOT NULL,"
	"  user TEXT NOT NULL,"
	"  passed INTEGER NOT NULL,"
	"  source TEXT NOT NULL);"
	"CREATE INDEX scans_build ON scans(build_id, id);"
	"CREATE TABLE scan_results ("
	"  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
	"  policy TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  message TEXT,"
	"  fix TEXT,"
	"  url TEXT);",
	/* 2: who has the file open, and remote verification results */
	"CREATE TABLE sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  user TEXT NOT NULL,"
	"  host TEXT NOT NULL,"
	"  pid INTEGER NOT NULL,"
	"  since TEXT NOT NULL,"
	"  heartbeat TEXT NOT NULL);"
	"CREATE TABLE verifications ("
	"  id INTEGER PRIMARY KEY,"
	"  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
	"  at TEXT NOT NULL,"
	"  user TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  target TEXT NOT NULL,"
	"  outcome TEXT NOT NULL,"
	"  message TEXT NOT NULL,"
	"  details TEXT);"
	"CREATE INDEX verifications_project ON verifications(project_id, id);",
	/* 3: a preflight results import keeps what preflight reports: the
	 * image tested, the test library (name, version, commit) and the
	 * certification hash; each check's description, help, elapsed time
	 * and documentation URL */
	"ALTER TABLE scans ADD COLUMN image TEXT;"
	"ALTER TABLE scans ADD COLUMN test_library_name TEXT;"
	"ALTER TABLE scans ADD COLUMN test_library_version TEXT;"
	"ALTER TABLE scans ADD COLUMN test_library_commit TEXT;"
	"ALTER TABLE scans ADD COLUMN certification_hash TEXT;"
	"ALTER TABLE scan_results ADD COLUMN description TEXT;"
	"ALTER TABLE scan_results ADD COLUMN help TEXT;"
	"ALTER TABLE scan_results ADD COLUMN elapsed_ms INTEGER;"
	"ALTER TABLE scan_results ADD COLUMN check_url TEXT;",
	/* 4: what the projects list shows besides the counts: done items on a
	 * broken requirement, whether the next action is blocked, and how many
	 * fields the checklist needs are still empty. sum_to_fill -1: not
	 * computed yet (a row of an older file; ops_summaries_refresh). */
	"ALTER TABLE projects ADD COLUMN sum_broken INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE projects ADD COLUMN sum_next_blocked INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE projects ADD COLUMN sum_to_fill INTEGER NOT NULL DEFAULT -1;",
	/* 5: an index per sort key of the project list, so that the TUI reads
	 * the rows it shows in order instead of sorting them all (by name:
	 * projects_live_name) */
	"CREATE INDEX projects_by_progress ON projects(" SORT_PROGRESS_KEY " DESC, name)"
	"  WHERE deleted_at IS NULL;"
	"CREATE INDEX projects_by_changed ON projects(updated_at DESC, name)"
	"  WHERE deleted_at IS NULL;"
	"CREATE INDEX projects_by_owner ON projects(owner, name) WHERE deleted_at IS NULL;"
	"CREATE INDEX projects_by_problems ON projects(" SORT_PROBLEMS_KEY " DESC, name)"
	"  WHERE deleted_at IS NULL;"
	/* for the count of live projects: all minus these few */
	"CREATE INDEX projects_deleted ON projects(deleted_at) WHERE deleted_at IS NOT NULL;",
	/* 6: every history event has a stable id (a version 4 UUID), the same
	 * in every copy of the file, so that a merge of two copies finds the
	 * history they share. Rows of an older file get one now; history is
	 * append-only, so its update guard is lifted for this one statement. */
	"ALTER TABLE events ADD COLUMN uuid TEXT;"
	"DROP TRIGGER events_append_only_u;"
	"UPDATE events SET uuid = lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2)))"
	"  || '-4' || substr(lower(hex(randomblob(2))), 2) || '-'"
	"  || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2)"
	"  || '-' || lower(hex(randomblob(6)));"
	"CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
	"CREATE UNIQUE INDEX events_uuid ON events(uuid);",
};

enum q {
	Q_CMD_NEW,
	Q_EVENT_ADD,
	Q_EVENTS_ALL,
	Q_EVENTS_PROJECT,
	Q_UNDO_CANDIDATE,
	Q_CMD_EVENTS,
	Q_CMD_MARK_UNDONE,
	Q_PROJECT_BY_UUID,
	Q_PROJECT_BY_NAME,
	Q_PROJECT_ROW,
	Q_PROJECT_FIELDS,
	Q_PROJECT_ITEMS,
	Q_PROJECT_COLLATERAL,
	Q_PROJECT_PRESCAN,
	Q_PROJECT_BUILD,
	Q_PROJECT_SCAN,
	Q_NAME_TAKEN,
	Q_PROJECT_INSERT,
	Q_PROJECT_UPDATE,
	Q_PROJECT_DELETED,
	Q_FIELD_WRITE,
	Q_ITEM_WRITE,
	Q_COLLATERAL_REMOVED,
	Q_SUMMARY_WRITE,
	Q_PROJECT_LIST,
	Q_PRESCAN_DELETE,
	Q_PRESCANS_LIST,
	Q_BUILD_UPDATE,
	Q_BUILD_DELETE,
	Q_BUILDS_LIST,
	Q_SCAN_DELETE,
	Q_SCANS_LIST,
	Q_SCAN_RESULTS,
	Q_PUBLISHED,
	Q_PROJECT_COUNT,
	Q_EVENTS_OWNER,
	Q_EVENTS_KIND,
	Q_PROJECT_SUMMARY,
	Q_ITEMS_BLOCKED,
	Q_SCAN_FAILED,
	Q_SORT_FIRST, /* (sort, reverse) pairs in enum store_sort order */
	Q_SORT_LAST = Q_SORT_FIRST + 2 * STORE_SORT__COUNT - 1,
	Q__COUNT
};


static const char *const sql[Q__COUNT] = {
	[Q_CMD_NEW] = "INSERT INTO commands(at, user, summary, undo_of) VALUES (?, ?, ?, ?)",
	[Q_EVENT_ADD] = "INSERT INTO events(command_id, at, user, project_uuid, project_name, what,"
			" key, old, new, note, uuid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[Q_EVENTS_ALL] = "SELECT e.id, e.command_id, c.undo_of, e.at, e.user, e.project_uuid,"
			 " e.project_name, e.what, e.key, e.old, e.new, e.note, e.uuid"
			 " FROM events e JOIN commands c ON c.id = e.command_id"
			 " ORDER BY e.id DESC LIMIT ?",
	[Q_EVENTS_PROJECT] = "SELECT e.id, e.command_id, c.undo_of, e.at, e.user, e.project_uuid,"
			     " e.project_name, e.what, e.key, e.old, e.new, e.note, e.uuid"
			     " FROM events e JOIN commands c ON c.id = e.command_id"
			     " WHERE e.project_uuid = ? ORDER BY e.id DESC LIMIT ?",
	/* The newest command not yet undone, unless a sealed one (history
	 * merged by an import: undone_by = itself) came after it: undoing
	 * past an import could overwrite what it brought in. */
	[Q_UNDO_CANDIDATE] = "SELECT id FROM commands c WHERE undo_of IS NULL AND undone_by IS NULL"
			     " AND EXISTS (SELECT 1 FROM events e WHERE e.command_id = c.id)"
			     " AND NOT EXISTS (SELECT 1 FROM commands s WHERE s.undone_by = s.id"
			     " AND s.id > c.id)"
			     " ORDER BY id DESC LIMIT 1",
	[Q_CMD_EVENTS] = "SELECT e.id, e.command_id, c.undo_of, e.at, e.user, e.project_uuid,"
			 " e.project_name, e.what, e.key, e.old, e.new, e.note, e.uuid"
			 " FROM events e JOIN commands c ON c.id = e.command_id"
			 " WHERE e.command_id = ? ORDER BY e.id",
	[Q_CMD_MARK_UNDONE] = "UPDATE commands SET undone_by = ? WHERE id = ?",
	[Q_PROJECT_BY_UUID] = "SELECT id FROM projects WHERE uuid = ? AND (deleted_at IS NULL OR ?)",
	[Q_PROJECT_BY_NAME] = "SELECT id FROM projects WHERE name = ? AND deleted_at IS NULL",
	[Q_PROJECT_ROW] = "SELECT uuid, name, template, owner, created_at, updated_at, published"
			  " FROM projects WHERE id = ?",
	[Q_PROJECT_FIELDS] = "SELECT key, value, updated_at, updated_by FROM field_values"
			     " WHERE project_id = ?",
	[Q_PROJECT_ITEMS] = "SELECT key, status, note, reason, forced_reason, updated_at, updated_by"
			    " FROM item_states WHERE project_id = ?",
	[Q_PROJECT_COLLATERAL] = "SELECT id, title, type, location, added_at, added_by FROM collateral"
				 " WHERE project_id = ? AND removed = 0 ORDER BY id",
	[Q_PROJECT_PRESCAN] = "SELECT passed FROM prescans WHERE project_id = ? ORDER BY id DESC LIMIT 1",
	[Q_PROJECT_BUILD] = "SELECT id, result FROM builds WHERE project_id = ? ORDER BY id DESC LIMIT 1",
	[Q_PROJECT_SCAN] = "SELECT passed FROM scans WHERE build_id = ? ORDER BY id DESC LIMIT 1",
	[Q_NAME_TAKEN] = "SELECT 1 FROM projects WHERE name = ? AND deleted_at IS NULL AND id != ?",
	[Q_PROJECT_INSERT] = "INSERT INTO projects(uuid, name, template, owner, created_at, updated_at)"
			     " VALUES (?, ?, ?, ?, ?, ?)",
	[Q_PROJECT_UPDATE] = "UPDATE projects SET name = ?, owner = ?, updated_at = ? WHERE id = ?",
	[Q_PROJECT_DELETED] = "UPDATE projects SET deleted_at = ? WHERE id = ?",
	[Q_FIELD_WRITE] = "INSERT INTO field_values(project_id, key, value, updated_at, updated_by)"
			  " VALUES (?, ?, ?, ?, ?) ON CONFLICT(project_id, key) DO UPDATE SET"
			  " value = excluded.value, updated_at = excluded.updated_at,"
			  " updated_by = excluded.updated_by",
	[Q_ITEM_WRITE] = "INSERT INTO item_states(project_id, key, status, note, reason, forced_reason,"
			 " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
			 " ON CONFLICT(project_id, key) DO UPDATE SET status = excluded.status,"
			 " note = excluded.note, reason = excluded.reason,"
			 " forced_reason = excluded.forced_reason, updated_at = excluded.updated_at,"
			 " updated_by = excluded.updated_by",
	[Q_COLLATERAL_REMOVED] = "UPDATE collateral SET removed = ? WHERE project_id = ? AND id = ?",
	[Q_SUMMARY_WRITE] = "UPDATE projects SET sum_done = ?, sum_total = ?, sum_next = ?,"
			    " sum_errors = ?, sum_warnings = ?, sum_broken = ?, sum_next_blocked = ?,"
			    " sum_to_fill = ? WHERE id = ?",
	[Q_PROJECT_LIST] = "SELECT id, uuid, name, template, owner, updated_at, sum_done, sum_total,"
			   " sum_next, sum_errors, sum_warnings, sum_broken, sum_next_blocked,"
			   " sum_to_fill FROM projects"
			   " WHERE deleted_at IS NULL ORDER BY name",
	[Q_PRESCAN_DELETE] = "DELETE FROM prescans WHERE id = ?",
	[Q_PRESCANS_LIST] = "SELECT id, at, user, file, digest, passed, results FROM prescans"
			    " WHERE project_id = ? ORDER BY id DESC LIMIT ?",
	[Q_BUILD_UPDATE] = "UPDATE builds SET build_ref = ?, finished_at = ?, result = ?, note = ?"
			   " WHERE id = ?",
	[Q_BUILD_DELETE] = "DELETE FROM builds WHERE id = ?",
	[Q_BUILDS_LIST] = "SELECT id, tag, build_ref, started_at, finished_at, result, note, user"
			  " FROM builds WHERE project_id = ? ORDER BY id DESC",
	[Q_SCAN_DELETE] = "DELETE FROM scans WHERE id = ?",
	[Q_SCANS_LIST] = "SELECT id, build_id, at, user, passed, source, image, test_library_name,"
			 " test_library_version, test_library_commit, certification_hash"
			 " FROM scans WHERE build_id = ? ORDER BY id DESC",
	[Q_SCAN_RESULTS] = "SELECT policy, status, message, fix, url, description, help, elapsed_ms,"
			   " check_url FROM scan_results WHERE scan_id = ? ORDER BY rowid",
	[Q_PUBLISHED] = "UPDATE projects SET published = ?, published_at = ?, published_by = ?"
			" WHERE id = ?",
	/* count(*) of a whole table counts pages' cells; with a WHERE it
	 * visits every row (4M instructions at 10,000 projects). */
	[Q_PROJECT_COUNT] = "SELECT (SELECT count(*) FROM projects)"
			    " - (SELECT count(*) FROM projects WHERE deleted_at IS NOT NULL)",
	[Q_EVENTS_OWNER] = "SELECT e.id, e.command_id, c.undo_of, e.at, e.user, e.project_uuid,"
			   " e.project_name, e.what, e.key, e.old, e.new, e.note, e.uuid"
			   " FROM events e JOIN commands c ON c.id = e.command_id"
			   " WHERE e.project_uuid = ? AND e.what = 'owner' AND e.id < ?"
			   " ORDER BY e.id DESC",
	[Q_EVENTS_KIND] = "SELECT e.id, e.command_id, c.undo_of, e.at, e.user, e.project_uuid,"
			  " e.project_name, e.what, e.key, e.old, e.new, e.note, e.uuid"
			  " FROM events e JOIN commands c ON c.id = e.command_id"
			  " WHERE substr(e.what, 1, length(?1)) = ?1 ORDER BY e.id DESC",
	[Q_PROJECT_SUMMARY] = SUMMARY_SELECT " AND id = ?",
	[Q_ITEMS_BLOCKED] = "SELECT key FROM item_states WHERE project_id = ? AND status = 'blocked'",
	/* The latest build's latest scan, as records.h orders them. */
	[Q_SCAN_FAILED] = "SELECT policy FROM scan_results WHERE status = 'fail' AND scan_id ="
			  " (SELECT s.id FROM scans s WHERE s.build_id ="
			  " (SELECT b.id FROM builds b WHERE b.project_id = ? ORDER BY b.id DESC LIMIT 1)"
			  " ORDER BY s.id DESC LIMIT 1) ORDER BY rowid",
	/* Each order ends with the name, and reversed is the whole order
	 * reversed: what the TUI showed when it sorted in memory. */
	[Q_SORT_FIRST + 0] = SUMMARY_SELECT " ORDER BY name LIMIT ? OFFSET ?",
	[Q_SORT_FIRST + 1] = SUMMARY_SELECT " ORDER BY name DESC LIMIT ? OFFSET ?",
	[Q_SORT_FIRST + 2] = SUMMARY_SELECT " ORDER BY " SORT_PROGRESS_KEY " DESC, name LIMIT ? OFFSET ?",
	[Q_SORT_FIRST + 3] = SUMMARY_SELECT " ORDER BY " SORT_PROGRESS_KEY ", name DESC LIMIT ? OFFSET ?",
	[Q_SORT_FIRST + 4] = SUMMARY_SELECT " ORDER BY updated_at DESC, name LIMIT ? OFFSET ?",
	[Q_SORT_FIRST + 5] = SUMMARY_SELECT " ORDER BY updated_at, name DESC LIMIT ? OFFSET ?",
	[Q_SORT_FIRST + 6] = SUMMARY_SELECT " ORDER BY owner, name LIMIT ? OFFSET ?",
	[Q_SORT_FIRST + 7] = SUMMARY_SELECT " ORDER BY owner DESC, name DESC LIMIT ? OFFSET ?",
	[Q_SORT_FIRST + 8] = SUMMARY_SELECT " ORDER BY " SORT_PROBLEMS_KEY " DESC, name LIMIT ? OFFSET ?",
	[Q_SORT_FIRST + 9] = SUMMARY_SELECT " ORDER BY " SORT_PROBLEMS_KEY ", name DESC LIMIT ? OFFSET ?",
};
_Static_assert(Q_SORT_LAST == Q_SORT_FIRST + 9, "one query per sort key and direction");


enum ct_status sqlite_db_error(struct sqlite_store *st, struct ct_error *err, int rc)
{
	const char *msg = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	switch (rc & 0xff) {
	case SQLITE_NOTADB:
		return ct_fail(err, CT_DATA,
			       _("%s is not a certtrack database (%s); give another file with --db"),
			       st->path, msg);
	case SQLITE_CORRUPT:
		return ct_fail(err, CT_DATA,
			       _("%s is damaged (%s); restore it from a backup"), st->path, msg);
	case SQLITE_READONLY:
		return ct_fail(err, CT_SYSTEM,
			       _("%s is read-only; check its permissions (and its folder's) or use a copy"),
			       st->path);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ct_fail(err, CT_SYSTEM,
			       _("%s is busy: another certtrack kept it locked for more than %d seconds; try again"),
			       st->path, BUSY_TIMEOUT_MS / 1000);
	case SQLITE_FULL:
		return ct_fail(err, CT_SYSTEM, _("%s: the disk is full"), st->path);
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
	case SQLITE_PERM:
		return ct_fail(err, CT_SYSTEM, _("%s: cannot access the database: %s"), st->path, msg);
	default:
		return ct_fail(err, CT_SYSTEM, _("%s: database error: %s"), st->path, msg);
	}
}

static sqlite3_stmt *stmt(struct sqlite_store *st, enum q q, struct ct_error *err)
{
	return sqlite_stmt_sql(st, sql[q], err);
}

void sqlite_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

char *sqlite_col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? xstrdup((const char *)t) : NULL;
}

static size_t cache_slot(const struct sqlite_cached *cache, size_t cap, const char *sql_text)
{
	size_t i = ((uintptr_t)sql_text >> 3) & (cap - 1);
	while (cache[i].sql && cache[i].sql != sql_text)
		i = (i + 1) & (cap - 1);
	return i;
}

sqlite3_stmt *sqlite_stmt_sql(struct sqlite_store *st, const char *sql_text, struct ct_error *err)
{
	if (st->cap_cache) {
		struct sqlite_cached *c = &st->cache[cache_slot(st->cache, st->cap_cache, sql_text)];
		if (c->sql) {
			sqlite3_reset(c->stmt);
			sqlite3_clear_bindings(c->stmt);
			return c->stmt;
		}
	}
	sqlite3_stmt *stmt_new = NULL;
	int rc = sqlite3_prepare_v3(st->db, sql_text, -1, SQLITE_PREPARE_PERSISTENT, &stmt_new, NULL);
	if (rc != SQLITE_OK) {
		sqlite_db_error(st, err, rc);
		return NULL;
	}
	if (2 * (st->n_cache + 1) > st->cap_cache) {
		size_t cap = st->cap_cache ? 2 * st->cap_cache : 64;
		struct sqlite_cached *grown = xcalloc(cap, sizeof(*grown));
		for (size_t i = 0; i < st->cap_cache; i++)
			if (st->cache[i].sql)
				grown[cache_slot(grown, cap, st->cache[i].sql)] = st->cache[i];
		free(st->cache);
		st->cache = grown;
		st->cap_cache = cap;
	}
	st->cache[cache_slot(st->cache, st->cap_cache, sql_text)] =
		(struct sqlite_cached){.sql = sql_text, .stmt = stmt_new};
	st->n_cache++;
	return stmt_new;
}

/* Runs a statement that returns no rows. */
enum ct_status sqlite_run(struct sqlite_store *st, sqlite3_stmt *s, struct ct_error *err)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sqlite_db_error(st, err, rc);
	return CT_OK;
}

static enum ct_status exec(struct sqlite_store *st, const char *text, struct ct_error *err)
{
	int rc = sqlite3_exec(st->db, text, NULL, NULL, NULL);
	return rc == SQLITE_OK ? CT_OK : sqlite_db_error(st, err, rc);
}

static long long pragma_int(struct sqlite_store *st, const char *text, int *rc_out)
{
	sqlite3_stmt *s = NULL;
	long long v = 0;
	int rc = sqlite3_prepare_v2(st->db, text, -1, &s, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			v = sqlite3_column_int64(s, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(s);
	*rc_out = rc;
	return v;
}

static int mkdir_p(const char *dir)
{
	char *tmp = xstrdup(dir);
	int rc = 0;
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
		if (rc)
			break;
	}
	if (!rc && mkdir(tmp, 0700) != 0 && errno != EEXIST)
		rc = -1;
	free(tmp);
	return rc;
}

/* Databases on network filesystems lose SQLite's locking guarantees. */
static void check_filesystem(struct sqlite_store *st, const char *path)
{
#if defined(HAVE_STATFS) && defined(HAVE_SYS_VFS_H)
	struct statfs sfs;
	if (statfs(path, &sfs) != 0)
		return;
	const char *kind = NULL;
	switch ((unsigned long)sfs.f_type) {
	case 0x6969UL:
		kind = "NFS";
		break;
	case 0x517BUL:
		kind = "SMB";
		break;
	case 0xFF534D42UL:
		kind = "CIFS";
		break;
	case 0xFE534D42UL:
		kind = "SMB2";
		break;
	case 0x65735546UL:
		kind = "FUSE";
		break;
	case 0x564c:
		kind = "NCP";
		break;
	case 0x6B414653UL:
		kind = "AFS";
		break;
	}
	if (kind)
		st->base.warning = xasprintf(
			_("%s is on a network filesystem (%s): file locking there is unreliable and two people writing at once can corrupt it; keep the database on a local disk and share copies made with 'certtrack backup'"),
			path, kind);
#else
	(void)st;
	(void)path;
#endif
}

static unsigned long be32(const unsigned char *b)
{
	return (unsigned long)b[0] << 24 | (unsigned long)b[1] << 16 | (unsigned long)b[2] << 8 | b[3];
}

/* What the first 100 bytes of a file that starts with SQLite's magic say
 * about it, against the file's size. */
enum header_state {
	HEADER_OK,
	HEADER_SHORT,   /* the file ends inside the 100-byte header */
	HEADER_DAMAGED, /* the magic is there, the rest is not an SQLite header */
	HEADER_CUT,     /* shorter than the header says, or a partial last page */
};

static enum header_state header_classify(const unsigned char *h, size_t n, long long size,
					 long long *want)
{
	*want = 0;
	if (n < 100 || size < 100)
		return HEADER_SHORT;
	unsigned long page = (unsigned long)h[16] << 8 | h[17];
	if (page == 1)
		page = 65536;
	/* Page size a power of two from 512 to 65536, file format versions 1
	 * (rollback) or 2 (WAL), and the payload fractions SQLite requires
	 * to be 64, 32 and 32. */
	if (page < 512 || (page & (page - 1)) != 0 || h[18] < 1 || h[18] > 2 || h[19] < 1 ||
	    h[19] > 2 || h[21] != 64 || h[22] != 32 || h[23] != 32)
		return HEADER_DAMAGED;
	/* In WAL mode the file is only part of the database (pages may live
	 * in the -wal file) and a checkpoint by another connection writes
	 * page 1 before the pages after it, while readers hold their locks:
	 * the sizes say nothing there, SQLite checks the WAL itself. */
	if (h[18] == 2 || h[19] == 2)
		return HEADER_OK;
	unsigned long pages = be32(h + 28);
	/* The page count is valid only when the change counter matches. */
	bool count_valid = pages > 0 && be32(h + 24) == be32(h + 92);
	*want = count_valid ? (long long)page * (long long)pages : 0;
	if (size % (long long)page != 0 || (count_valid && size < *want))
		return HEADER_CUT;
	return HEADER_OK;
}

/* Reads the header and the size through SQLite's own file handle: opening
 * and closing a second descriptor would drop this process's POSIX locks on
 * the file (fcntl semantics), the very locks the check relies on. */
static bool header_read(struct sqlite_store *st, unsigned char h[100], size_t *n, long long *size)
{
	sqlite3_file *fp = NULL;
	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_FILE_POINTER, &fp) != SQLITE_OK ||
	    !fp || !fp->pMethods)
		return false;
	sqlite3_int64 sz = 0;
	if (fp->pMethods->xFileSize(fp, &sz) != SQLITE_OK)
		return false;
	*size = sz;
	*n = sz < 100 ? (size_t)sz : 100;
	memset(h, 0, 100);
	if (*n == 0)
		return true;
	int rc = fp->pMethods->xRead(fp, h, (int)*n, 0);
	return rc == SQLITE_OK || rc == SQLITE_IOERR_SHORT_READ;
}

static enum ct_status header_fail(struct sqlite_store *st, enum header_state hs, long long size,
				  long long want, struct ct_error *err)
{
	switch (hs) {
	case HEADER_SHORT:
		return ct_fail(err, CT_DATA,
			       _("%s is truncated: it ends inside its SQLite header; restore it from the original or a backup"),
			       st->path);
	case HEADER_DAMAGED:
		return ct_fail(err, CT_DATA,
			       _("%s is not a certtrack database: it starts like an SQLite file but its header is damaged; give another file with --db, or restore it from the original or a backup"),
			       st->path);
	case HEADER_CUT:
		if (want > 0)
			return ct_fail(err, CT_DATA,
				       _("%s is truncated (%lld bytes, the database needs %lld); restore it from the original or a backup"),
				       st->path, size, want);
		return ct_fail(err, CT_DATA,
			       _("%s is truncated (%lld bytes, not a whole number of pages); restore it from the original or a backup"),
			       st->path, size);
	case HEADER_OK:
		break;
	}
	return CT_OK;
}

/* SQLite reads pages lazily, so a file cut short (an interrupted copy, a
 * mail attachment limit) opens fine and fails later, half-way through a
 * command. The header says how long the file must be; check it first, but
 * only while holding SQLite's shared lock: without it, a writer growing the
 * file has written the new page count before the new pages, and the file
 * looks cut short for a moment. A file SQLite reads without error
 * (quick_check) is never sent to a backup: restoring one would lose the
 * latest work. */
static enum ct_status check_header(struct sqlite_store *st, struct ct_error *err)
{
	unsigned char h[100];
	size_t n = 0;
	long long size = 0, want = 0;
	static const char magic[16] = "SQLite format 3";

	/* Deferred BEGIN and a read of the schema take the shared lock (and
	 * roll back a hot journal left by a killed writer); the busy handler
	 * waits for a writer, a few more tries cover a long one. */
	int rc = SQLITE_BUSY;
	for (int tries = 0; tries < 3 && (rc & 0xff) == SQLITE_BUSY; tries++) {
		rc = sqlite3_exec(st->db, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL,
				  NULL);
		if ((rc & 0xff) == SQLITE_BUSY)
			sqlite_rollback(st);
	}
	if (rc == SQLITE_OK) {
		enum header_state hs = HEADER_OK;
		if (header_read(st, h, &n, &size) && n > 0 && memcmp(h, magic, sizeof(magic)) == 0)
			hs = header_classify(h, n, size, &want);
		enum ct_status s = CT_OK;
		if (hs != HEADER_OK) {
			/* SQLite took the file; let it read every page before calling
			 * it damaged. */
			sqlite3_stmt *q = NULL;
			bool ok = false;
			if (sqlite3_prepare_v2(st->db, "PRAGMA quick_check(1)", -1, &q, NULL) ==
				    SQLITE_OK &&
			    sqlite3_step(q) == SQLITE_ROW && q &&
			    str_eq((const char *)sqlite3_column_text(q, 0), "ok"))
				ok = true;
			sqlite3_finalize(q);
			if (!ok)
				s = header_fail(st, hs, size, want, err);
			else
				s = ct_fail(err, CT_DATA,
					    _("%s ends inside a page (%lld bytes), though SQLite reads what is there: it was probably cut short while being copied; copy it again from where it came from"),
					    st->path, size);
		}
		sqlite_rollback(st);
		return s;
	}
	sqlite_rollback(st);
	int code = rc & 0xff;
	if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
		/* SQLite refused the file under its own lock: say what is wrong
		 * with it in words a user can act on. */
		if (header_read(st, h, &n, &size) && n >= sizeof(magic) &&
		    memcmp(h, magic, sizeof(magic)) == 0) {
			enum header_state hs = header_classify(h, n, size, &want);
			if (hs != HEADER_OK)
				return header_fail(st, hs, size, want, err);
		}
	}
	return sqlite_db_error(st, err, rc);
}

static enum ct_status migrate(struct sqlite_store *st, long long from, struct ct_error *err)
{
	for (long long v = from; v < (long long)ARRAY_SIZE(migrations); v++) {
		enum ct_status s = sqlite_begin(st, err);
		if (s)
			return s;
		char pragma[64];
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %lld", v + 1);
		if ((s = exec(st, migrations[v], err)) || (s = exec(st, pragma, err))) {
			sqlite_rollback(st);
			return s;
		}
		if (v == 0) {
			char app[64];
			snprintf(app, sizeof(app), "PRAGMA application_id = %d", STORE_APPLICATION_ID);
			if ((s = exec(st, app, err))) {
				sqlite_rollback(st);
				return s;
			}
		}
		if ((s = sqlite_commit(st, err)))
			return s;
	}
	return CT_OK;
}

enum ct_status sqlite_open(const char *path, struct store **out, struct ct_error *err)
{
	*out = NULL;
	struct sqlite_store *st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	enum ct_status s;
	struct stat sb;

	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		/* SQLite keeps the journal beside the name it is given: opened
		 * by the link here and by the real name elsewhere, the same
		 * database would have two journals, and a crash could leave a
		 * hot journal the other name never sees. */
		char *real = realpath(path, NULL);
		s = ct_fail(err, CT_USAGE,
			    _("%s is a symbolic link, and certtrack refuses those: SQLite keeps its journal beside the name it is given, so the same database opened under two names could be damaged after a crash; give the real file%s%s"),
			    path, real ? ": " : "", real ? real : "");
		free(real);
		goto fail;
	}
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			s = ct_fail(err, CT_DATA,
				    _("%s is a folder, not a database file; give a file name such as %s/certtrack.db"),
				    path, path);
			goto fail;
		}
		if (!S_ISREG(sb.st_mode)) {
			s = ct_fail(err, CT_DATA, _("%s is not a regular file; give a database file"), path);
			goto fail;
		}
	} else if (errno == ENOENT) {
		char *dir = xstrdup(path);
		char *slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			if (mkdir_p(dir) != 0) {
				s = ct_fail(err, CT_SYSTEM, _("cannot create the folder %s: %s"), dir,
					    strerror(errno));
				free(dir);
				goto fail;
			}
		}
		free(dir);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST) {
			s = ct_fail(err, CT_SYSTEM, _("cannot create %s: %s"), path, strerror(errno));
			goto fail;
		}
		if (fd >= 0)
			close(fd);
	} else {
		s = ct_fail(err, CT_SYSTEM, _("cannot access %s: %s"), path, strerror(errno));
		goto fail;
	}

	int rc = sqlite3_open_v2(path, &st->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE |
					 SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		s = sqlite_db_error(st, err, rc);
		goto fail;
	}
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(st->db, 1);
	if ((s = check_header(st, err)))
		goto fail;
	st->base.readonly = sqlite3_db_readonly(st->db, "main") == 1 || access(path, W_OK) != 0;

	/* Read the header before changing anything: a foreign file must be
	 * left exactly as it was. */
	long long app = pragma_int(st, "PRAGMA application_id", &rc);
	if (rc != SQLITE_OK) {
		s = sqlite_db_error(st, err, rc);
		goto fail;
	}
	long long version = pragma_int(st, "PRAGMA user_version", &rc);
	long long objects = pragma_int(st, "SELECT count(*) FROM sqlite_schema", &rc);
	if (rc != SQLITE_OK) {
		s = sqlite_db_error(st, err, rc);
		goto fail;
	}
	if (app != STORE_APPLICATION_ID && (app != 0 || objects > 0 || version > 0)) {
		s = ct_fail(err, CT_DATA,
			    _("%s is an SQLite file of another program, not a certtrack database; give another file with --db"),
			    path);
		goto fail;
	}
	if (version > STORE_SCHEMA_VERSION) {
		s = ct_fail(err, CT_DATA,
			    _("%s was written by a newer certtrack (schema %lld, this one reads up to %d); upgrade certtrack to open it"),
			    path, version, STORE_SCHEMA_VERSION);
		goto fail;
	}
	if (!st->base.readonly) {
		/* A received file may be in WAL mode; the rollback journal keeps
		 * the database a single file. */
		if ((s = exec(st, "PRAGMA journal_mode = DELETE", err)))
			goto fail;
	}
	if ((s = exec(st, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", err)))
		goto fail;
	if (version < STORE_SCHEMA_VERSION) {
		if (st->base.readonly) {
			s = ct_fail(err, CT_SYSTEM,
				    _("%s is read-only and needs to be initialised or upgraded; make it writable"),
				    path);
			goto fail;
		}
		if ((s = migrate(st, version, err)))
			goto fail;
	}
	check_filesystem(st, path);
	*out = &st->base;
	return CT_OK;
fail:
	sqlite_close(st);
	return s;
}

void sqlite_close(struct sqlite_store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->cap_cache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	free(st->cache);
	if (st->db)
		sqlite3_close(st->db);
	free(st->path);
	free(st->base.warning);
	free(st);
}

long long sqlite_data_version(struct sqlite_store *st)
{
	int rc;
	return pragma_int(st, "PRAGMA data_version", &rc);
}

enum ct_status sqlite_begin(struct sqlite_store *st, struct ct_error *err)
{
	if (st->base.readonly)
		return ct_fail(err, CT_SYSTEM,
			       _("%s is read-only; check its permissions (and its folder's) or use a copy"),
			       st->path);
	/* The busy handler waits for other writers; a few more tries cover a
	 * writer that holds the lock longer than one timeout. */
	int rc = SQLITE_BUSY;
	for (int tries = 0; tries < 3 && (rc & 0xff) == SQLITE_BUSY; tries++)
		rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	return rc == SQLITE_OK ? CT_OK : sqlite_db_error(st, err, rc);
}

enum ct_status sqlite_commit(struct sqlite_store *st, struct ct_error *err)
{
	int rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		enum ct_status s = sqlite_db_error(st, err, rc);
		sqlite_rollback(st);
		return s;
	}
	return CT_OK;
}

void sqlite_rollback(struct sqlite_store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* History */

enum ct_status sqlite_command_new(struct sqlite_store *st, const char *at, const char *user,
				 const char *summary, long long undo_of, long long *id,
				 struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_CMD_NEW, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite_bind_text(s, 1, at);
	sqlite_bind_text(s, 2, user);
	sqlite_bind_text(s, 3, summary);
	if (undo_of)
		sqlite3_bind_int64(s, 4, undo_of);
	enum ct_status r = sqlite_run(st, s, err);
	if (!r)
		*id = sqlite3_last_insert_rowid(st->db);
	return r;
}

enum ct_status sqlite_event_add(struct sqlite_store *st, long long command, const char *uuid,
			       const char *at, const char *user, const char *project_uuid,
			       const char *project_name, const char *what, const char *key,
			       const char *old_value, const char *new_value,
			       const char *note, struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_EVENT_ADD, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite3_bind_int64(s, 1, command);
	sqlite_bind_text(s, 2, at);
	sqlite_bind_text(s, 3, user);
	sqlite_bind_text(s, 4, project_uuid);
	sqlite_bind_text(s, 5, project_name);
	sqlite_bind_text(s, 6, what);
	sqlite_bind_text(s, 7, key);
	sqlite_bind_text(s, 8, old_value);
	sqlite_bind_text(s, 9, new_value);
	sqlite_bind_text(s, 10, note);
	char fresh[37];
	if (!uuid)
		uuid_v4(fresh);
	sqlite_bind_text(s, 11, uuid ? uuid : fresh);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return CT_OK;
	/* An id given by another copy (a merge, an import) that this file
	 * holds for another row: the copies contradict each other. */
	if (uuid && rc == SQLITE_CONSTRAINT_UNIQUE)
		return ct_fail(err, CT_DATA,
			       _("history row %s is in this database already as another change (of %s); the file was edited or mixes two databases, so it is not merged"),
			       uuid, project_name ? project_name : "?");
	return sqlite_db_error(st, err, rc);
}

static enum ct_status read_events(struct sqlite_store *st, sqlite3_stmt *s, struct event **v,
				  size_t *n, struct ct_error *err)
{
	size_t cap = 0;
	int rc;
	*v = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*v = xreallocarray(*v, cap, sizeof(**v));
		}
		struct event *e = &(*v)[(*n)++];
		e->id = sqlite3_column_int64(s, 0);
		e->command = sqlite3_column_int64(s, 1);
		e->undo_of = sqlite3_column_int64(s, 2);
		e->at = sqlite_col_text(s, 3);
		e->user = sqlite_col_text(s, 4);
		e->project_uuid = sqlite_col_text(s, 5);
		e->project_name = sqlite_col_text(s, 6);
		e->what = sqlite_col_text(s, 7);
		e->key = sqlite_col_text(s, 8);
		e->old_value = sqlite_col_text(s, 9);
		e->new_value = sqlite_col_text(s, 10);
		e->note = sqlite_col_text(s, 11);
		e->uuid = sqlite_col_text(s, 12);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		events_free(*v, *n);
		*v = NULL;
		*n = 0;
		return sqlite_db_error(st, err, rc);
	}
	return CT_OK;
}

enum ct_status sqlite_events_list(struct sqlite_store *st, const char *project_uuid, long long limit,
				 struct event **v, size_t *n, struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, project_uuid ? Q_EVENTS_PROJECT : Q_EVENTS_ALL, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	int i = 1;
	if (project_uuid)
		sqlite_bind_text(s, i++, project_uuid);
	sqlite3_bind_int64(s, i, limit > 0 ? limit : -1);
	return read_events(st, s, v, n, err);
}

static enum ct_status events_walk(struct sqlite_store *st, sqlite3_stmt *s, store_event_fn fn, void *ud,
				  struct ct_error *err)
{
	int rc = SQLITE_DONE;
	enum ct_status r = CT_OK;
	/* The strings point into SQLite's row: no copy, valid until the next
	 * step, which is all the callback is promised. */
	while (!r && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct event e = {
			.id = sqlite3_column_int64(s, 0),
			.command = sqlite3_column_int64(s, 1),
			.undo_of = sqlite3_column_int64(s, 2),
			.at = (char *)sqlite3_column_text(s, 3),
			.user = (char *)sqlite3_column_text(s, 4),
			.project_uuid = (char *)sqlite3_column_text(s, 5),
			.project_name = (char *)sqlite3_column_text(s, 6),
			.what = (char *)sqlite3_column_text(s, 7),
			.key = (char *)sqlite3_column_text(s, 8),
			.old_value = (char *)sqlite3_column_text(s, 9),
			.new_value = (char *)sqlite3_column_text(s, 10),
			.note = (char *)sqlite3_column_text(s, 11),
			.uuid = (char *)sqlite3_column_text(s, 12),
		};
		r = fn(ud, &e);
	}
	sqlite3_reset(s);
	if (r)
		return r;
	return rc == SQLITE_DONE ? CT_OK : sqlite_db_error(st, err, rc);
}

enum ct_status sqlite_events_each(struct sqlite_store *st, const char *project_uuid, long long limit,
				 store_event_fn fn, void *ud, struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, project_uuid ? Q_EVENTS_PROJECT : Q_EVENTS_ALL, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	int i = 1;
	if (project_uuid)
		sqlite_bind_text(s, i++, project_uuid);
	sqlite3_bind_int64(s, i, limit > 0 ? limit : -1);
	return events_walk(st, s, fn, ud, err);
}

enum ct_status sqlite_events_kind(struct sqlite_store *st, const char *prefix, store_event_fn fn,
				 void *ud, struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_EVENTS_KIND, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite_bind_text(s, 1, prefix);
	return events_walk(st, s, fn, ud, err);
}

enum ct_status sqlite_events_owner(struct sqlite_store *st, const char *project_uuid, long long before,
				  store_event_fn fn, void *ud, struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_EVENTS_OWNER, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite_bind_text(s, 1, project_uuid);
	sqlite3_bind_int64(s, 2, before);
	return events_walk(st, s, fn, ud, err);
}

enum ct_status sqlite_undo_candidate(struct sqlite_store *st, long long *id, struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_UNDO_CANDIDATE, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	*id = 0;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CT_OK : sqlite_db_error(st, err, rc);
}

enum ct_status sqlite_command_events(struct sqlite_store *st, long long command, struct event **v,
				    size_t *n, struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_CMD_EVENTS, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite3_bind_int64(s, 1, command);
	return read_events(st, s, v, n, err);
}

enum ct_status sqlite_command_mark_undone(struct sqlite_store *st, long long command, long long by,
					 struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_CMD_MARK_UNDONE, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite3_bind_int64(s, 1, by);
	sqlite3_bind_int64(s, 2, command);
	return sqlite_run(st, s, err);
}

/* Projects */

static enum ct_status find_one(struct sqlite_store *st, sqlite3_stmt *s, long long *id,
			       struct ct_error *err)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return CT_OK;
	if (rc == SQLITE_DONE)
		return CT_FAILED;
	return sqlite_db_error(st, err, rc);
}

enum ct_status sqlite_project_find(struct sqlite_store *st, const char *name_or_uuid,
				  bool include_deleted, long long *id, struct ct_error *err)
{
	enum ct_status r = CT_FAILED;
	sqlite3_stmt *s;
	if (uuid_looks_valid(name_or_uuid)) {
		if (!(s = stmt(st, Q_PROJECT_BY_UUID, err)))
			return err ? err->status : CT_SYSTEM;
		sqlite_bind_text(s, 1, name_or_uuid);
		sqlite3_bind_int(s, 2, include_deleted);
		r = find_one(st, s, id, err);
	}
	if (r == CT_FAILED) {
		if (!(s = stmt(st, Q_PROJECT_BY_NAME, err)))
			return err ? err->status : CT_SYSTEM;
		sqlite_bind_text(s, 1, name_or_uuid);
		r = find_one(st, s, id, err);
	}
	if (r == CT_FAILED)
		return ct_fail(err, CT_USAGE,
			       _("no project named \"%s\"; 'certtrack list' shows the projects"),
			       name_or_uuid);
	return r;
}

bool sqlite_name_taken(struct sqlite_store *st, const char *name, long long except_id)
{
	sqlite3_stmt *s = stmt(st, Q_NAME_TAKEN, NULL);
	if (!s)
		return false;
	sqlite_bind_text(s, 1, name);
	sqlite3_bind_int64(s, 2, except_id);
	bool taken = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return taken;
}

static enum record_state latest_passed(struct sqlite_store *st, enum q q, long long id, int *rc)
{
	sqlite3_stmt *s = stmt(st, q, NULL);
	enum record_state r = REC_NONE;
	if (!s) {
		*rc = SQLITE_ERROR;
		return r;
	}
	sqlite3_bind_int64(s, 1, id);
	*rc = sqlite3_step(s);
	if (*rc == SQLITE_ROW) {
		r = sqlite3_column_int(s, 0) ? REC_PASSED : REC_FAILED;
		*rc = SQLITE_DONE;
	}
	sqlite3_reset(s);
	return r;
}

enum ct_status sqlite_project_load(struct sqlite_store *st, long long id,
				  const struct template_set *set, struct project **out,
				  struct ct_error *err)
{
	*out = NULL;
	sqlite3_stmt *s = stmt(st, Q_PROJECT_ROW, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? ct_fail(err, CT_USAGE, _("project #%lld does not exist"), id)
					 : sqlite_db_error(st, err, rc);
	}
	char *tpl_id = sqlite_col_text(s, 2);
	const struct template *tpl = template_set_find(set, tpl_id ? tpl_id : "");
	if (!tpl) {
		sqlite3_reset(s);
		enum ct_status r = ct_fail(err, CT_DATA,
					   _("project uses template \"%s\", which is not installed; add its folder with --templates"),
					   tpl_id ? tpl_id : "");
		free(tpl_id);
		return r;
	}
	free(tpl_id);
	struct project *p = project_new(tpl, "");
	p->id = id;
	const char *uuid = (const char *)sqlite3_column_text(s, 0);
	snprintf(p->uuid, sizeof(p->uuid), "%s", uuid ? uuid : "");
	free(p->name);
	p->name = sqlite_col_text(s, 1);
	p->owner = sqlite_col_text(s, 3);
	p->created_at = sqlite_col_text(s, 4);
	p->updated_at = sqlite_col_text(s, 5);
	p->published = sqlite3_column_int(s, 6) != 0;
	sqlite3_reset(s);
	/* Values come from the database only; defaults apply at creation. */
	for (size_t i = 0; i < tpl->n_fields; i++)
		x_free(&p->fields[i].value);

	if (!(s = stmt(st, Q_PROJECT_FIELDS, err)))
		goto dberr;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int fi = template_field_index(tpl, (const char *)sqlite3_column_text(s, 0));
		if (fi < 0)
			continue; /* a field of a newer template version: kept in the file */
		struct field_value *fv = &p->fields[fi];
		fv->value = sqlite_col_text(s, 1);
		fv->updated_at = sqlite_col_text(s, 2);
		fv->updated_by = sqlite_col_text(s, 3);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		goto dberr_rc;
	int pn = template_field_index(tpl, "project_name");
	if (pn >= 0) {
		free(p->fields[pn].value);
		p->fields[pn].value = xstrdup(p->name);
	}

	if (!(s = stmt(st, Q_PROJECT_ITEMS, err)))
		goto dberr;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int ii = template_item_index(tpl, (const char *)sqlite3_column_text(s, 0));
		if (ii < 0)
			continue;
		struct item_state *is = &p->items[ii];
		item_status_parse((const char *)sqlite3_column_text(s, 1), &is->status);
		is->note = sqlite_col_text(s, 2);
		is->reason = sqlite_col_text(s, 3);
		is->forced_reason = sqlite_col_text(s, 4);
		is->updated_at = sqlite_col_text(s, 5);
		is->updated_by = sqlite_col_text(s, 6);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		goto dberr_rc;

	if (!(s = stmt(st, Q_PROJECT_COLLATERAL, err)))
		goto dberr;
	sqlite3_bind_int64(s, 1, id);
	size_t cap = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (p->n_collateral == cap) {
			cap = cap ? cap * 2 : 4;
			p->collateral = xreallocarray(p->collateral, cap, sizeof(*p->collateral));
		}
		struct collateral *c = &p->collateral[p->n_collateral++];
		c->id = sqlite3_column_int64(s, 0);
		c->title = sqlite_col_text(s, 1);
		c->type = sqlite_col_text(s, 2);
		c->location = sqlite_col_text(s, 3);
		c->added_at = sqlite_col_text(s, 4);
		c->added_by = sqlite_col_text(s, 5);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		goto dberr_rc;

	p->prescan = latest_passed(st, Q_PROJECT_PRESCAN, id, &rc);
	if (rc != SQLITE_DONE)
		goto dberr_rc;
	if (!(s = stmt(st, Q_PROJECT_BUILD, err)))
		goto dberr;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	long long build_id = 0;
	if (rc == SQLITE_ROW) {
		build_id = sqlite3_column_int64(s, 0);
		const char *res = (const char *)sqlite3_column_text(s, 1);
		p->build = str_eq(res, "succeeded") ? REC_PASSED
			 : str_eq(res, "running") ? REC_RUNNING : REC_FAILED;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		goto dberr_rc;
	if (build_id) {
		p->scan = latest_passed(st, Q_PROJECT_SCAN, build_id, &rc);
		if (rc != SQLITE_DONE)
			goto dberr_rc;
	}
	*out = p;
	return CT_OK;
dberr_rc:
	sqlite_db_error(st, err, rc);
dberr:
	project_free(p);
	return err ? err->status : CT_SYSTEM;
}

enum ct_status sqlite_project_insert(struct sqlite_store *st, struct project *p, struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_PROJECT_INSERT, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite_bind_text(s, 1, p->uuid);
	sqlite_bind_text(s, 2, p->name);
	sqlite_bind_text(s, 3, p->template_id);
	sqlite_bind_text(s, 4, p->owner);
	sqlite_bind_text(s, 5, p->created_at);
	sqlite_bind_text(s, 6, p->updated_at);
	enum ct_status r = sqlite_run(st, s, err);
	if (r)
		return r;
	p->id = sqlite3_last_insert_rowid(st->db);
	for (size_t i = 0; i < p->tpl->n_fields; i++) {
		if (!p->fields[i].value || strcmp(p->tpl->fields[i].key, "project_name") == 0)
			continue;
		if ((r = sqlite_field_write(st, p->id, p->tpl->fields[i].key, &p->fields[i], err)))
			return r;
	}
	for (size_t i = 0; i < p->tpl->n_items; i++)
		if ((r = sqlite_item_write(st, p->id, p->tpl->items[i].key, &p->items[i], err)))
			return r;
	return CT_OK;
}

enum ct_status sqlite_project_update(struct sqlite_store *st, const struct project *p,
				    struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_PROJECT_UPDATE, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite_bind_text(s, 1, p->name);
	sqlite_bind_text(s, 2, p->owner);
	sqlite_bind_text(s, 3, p->updated_at);
	sqlite3_bind_int64(s, 4, p->id);
	return sqlite_run(st, s, err);
}

enum ct_status sqlite_project_set_deleted(struct sqlite_store *st, long long id, const char *deleted_at,
					 struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_PROJECT_DELETED, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite_bind_text(s, 1, deleted_at);
	sqlite3_bind_int64(s, 2, id);
	return sqlite_run(st, s, err);
}

enum ct_status sqlite_field_write(struct sqlite_store *st, long long project, const char *key,
				 const struct field_value *fv, struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_FIELD_WRITE, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite3_bind_int64(s, 1, project);
	sqlite_bind_text(s, 2, key);
	sqlite_bind_text(s, 3, fv->value);
	sqlite_bind_text(s, 4, fv->updated_at ? fv->updated_at : "");
	sqlite_bind_text(s, 5, fv->updated_by ? fv->updated_by : "");
	return sqlite_run(st, s, err);
}

enum ct_status sqlite_item_write(struct sqlite_store *st, long long project, const char *key,
				const struct item_state *is, struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_ITEM_WRITE, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite3_bind_int64(s, 1, project);
	sqlite_bind_text(s, 2, key);
	sqlite_bind_text(s, 3, item_status_name(is->status));
	sqlite_bind_text(s, 4, is->note);
	sqlite_bind_text(s, 5, is->reason);
	sqlite_bind_text(s, 6, is->forced_reason);
	sqlite_bind_text(s, 7, is->updated_at);
	sqlite_bind_text(s, 8, is->updated_by);
	return sqlite_run(st, s, err);
}

enum ct_status sqlite_collateral_set_removed(struct sqlite_store *st, long long project, long long id,
					    bool removed, struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_COLLATERAL_REMOVED, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite3_bind_int(s, 1, removed);
	sqlite3_bind_int64(s, 2, project);
	sqlite3_bind_int64(s, 3, id);
	enum ct_status r = sqlite_run(st, s, err);
	if (!r && sqlite3_changes(st->db) == 0)
		return ct_fail(err, CT_USAGE,
			       _("no collateral #%lld in this project; 'certtrack show' lists them"), id);
	return r;
}

enum ct_status sqlite_summary_write(struct sqlite_store *st, const struct project_summary *sum,
				   struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_SUMMARY_WRITE, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite3_bind_int(s, 1, sum->done);
	sqlite3_bind_int(s, 2, sum->total);
	sqlite_bind_text(s, 3, sum->next_action);
	sqlite3_bind_int(s, 4, sum->errors);
	sqlite3_bind_int(s, 5, sum->warnings);
	sqlite3_bind_int(s, 6, sum->broken);
	sqlite3_bind_int(s, 7, sum->next_blocked);
	sqlite3_bind_int(s, 8, sum->to_fill);
	sqlite3_bind_int64(s, 9, sum->id);
	return sqlite_run(st, s, err);
}

enum ct_status sqlite_project_list(struct sqlite_store *st, struct project_summary **v, size_t *n,
				  struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_PROJECT_LIST, err);
	*v = NULL;
	*n = 0;
	if (!s)
		return err ? err->status : CT_SYSTEM;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*v = xreallocarray(*v, cap, sizeof(**v));
		}
		struct project_summary *ps = &(*v)[(*n)++];
		memset(ps, 0, sizeof(*ps));
		ps->id = sqlite3_column_int64(s, 0);
		const char *uuid = (const char *)sqlite3_column_text(s, 1);
		snprintf(ps->uuid, sizeof(ps->uuid), "%s", uuid ? uuid : "");
		ps->name = sqlite_col_text(s, 2);
		ps->template_id = sqlite_col_text(s, 3);
		ps->owner = sqlite_col_text(s, 4);
		ps->updated_at = sqlite_col_text(s, 5);
		ps->done = sqlite3_column_int(s, 6);
		ps->total = sqlite3_column_int(s, 7);
		ps->next_action = sqlite_col_text(s, 8);
		ps->errors = sqlite3_column_int(s, 9);
		ps->warnings = sqlite3_column_int(s, 10);
		ps->broken = sqlite3_column_int(s, 11);
		ps->next_blocked = sqlite3_column_int(s, 12);
		ps->to_fill = sqlite3_column_int(s, 13);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		project_summaries_free(*v, *n);
		*v = NULL;
		*n = 0;
		return sqlite_db_error(st, err, rc);
	}
	return CT_OK;
}

static enum ct_status summaries_walk(struct sqlite_store *st, sqlite3_stmt *s, store_summary_fn fn,
				     void *ud, struct ct_error *err)
{
	int rc = SQLITE_DONE;
	enum ct_status r = CT_OK;
	while (!r && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct project_summary ps = {
			.id = sqlite3_column_int64(s, 0),
			.name = (char *)sqlite3_column_text(s, 2),
			.template_id = (char *)sqlite3_column_text(s, 3),
			.owner = (char *)sqlite3_column_text(s, 4),
			.updated_at = (char *)sqlite3_column_text(s, 5),
			.done = sqlite3_column_int(s, 6),
			.total = sqlite3_column_int(s, 7),
			.next_action = (char *)sqlite3_column_text(s, 8),
			.errors = sqlite3_column_int(s, 9),
			.warnings = sqlite3_column_int(s, 10),
			.broken = sqlite3_column_int(s, 11),
			.next_blocked = sqlite3_column_int(s, 12) != 0,
			.to_fill = sqlite3_column_int(s, 13),
		};
		const char *uuid = (const char *)sqlite3_column_text(s, 1);
		snprintf(ps.uuid, sizeof(ps.uuid), "%s", uuid ? uuid : "");
		r = fn(ud, &ps);
	}
	sqlite3_reset(s);
	if (r)
		return r;
	return rc == SQLITE_DONE ? CT_OK : sqlite_db_error(st, err, rc);
}

enum ct_status sqlite_project_each(struct sqlite_store *st, store_summary_fn fn, void *ud,
				  struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_PROJECT_LIST, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	return summaries_walk(st, s, fn, ud, err);
}

enum ct_status sqlite_project_walk(struct sqlite_store *st, enum store_sort sort, bool reverse,
				  long long offset, long long limit, store_summary_fn fn, void *ud,
				  struct ct_error *err)
{
	if ((int)sort < 0 || sort >= STORE_SORT__COUNT)
		sort = STORE_SORT_NAME;
	sqlite3_stmt *s = stmt(st, (enum q)(Q_SORT_FIRST + 2 * (int)sort + (reverse ? 1 : 0)), err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite3_bind_int64(s, 1, limit >= 0 ? limit : -1);
	sqlite3_bind_int64(s, 2, offset > 0 ? offset : 0);
	return summaries_walk(st, s, fn, ud, err);
}

enum ct_status sqlite_project_summary(struct sqlite_store *st, long long id, store_summary_fn fn,
				     void *ud, struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_PROJECT_SUMMARY, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite3_bind_int64(s, 1, id);
	return summaries_walk(st, s, fn, ud, err);
}

static enum ct_status strings_of(struct sqlite_store *st, enum q q, long long id, struct strlist *out,
				 struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, q, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite3_bind_int64(s, 1, id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		strlist_add(out, (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? CT_OK : sqlite_db_error(st, err, rc);
}

enum ct_status sqlite_items_blocked(struct sqlite_store *st, long long project, struct strlist *keys,
				   struct ct_error *err)
{
	return strings_of(st, Q_ITEMS_BLOCKED, project, keys, err);
}

enum ct_status sqlite_latest_scan_failed(struct sqlite_store *st, long long project,
					struct strlist *policies, struct ct_error *err)
{
	return strings_of(st, Q_SCAN_FAILED, project, policies, err);
}

struct page {
	struct project_summary *v;
	size_t n, cap;
};

static enum ct_status page_add(void *ud, const struct project_summary *s)
{
	struct page *pg = ud;
	if (pg->n == pg->cap) {
		pg->cap = pg->cap ? pg->cap * 2 : 32;
		pg->v = xreallocarray(pg->v, pg->cap, sizeof(*pg->v));
	}
	struct project_summary *d = &pg->v[pg->n++];
	*d = *s;
	d->name = xstrdup(s->name);
	d->template_id = xstrdup(s->template_id);
	d->owner = xstrdup(s->owner);
	d->updated_at = xstrdup(s->updated_at);
	d->next_action = xstrdup(s->next_action);
	return CT_OK;
}

enum ct_status sqlite_project_page(struct sqlite_store *st, enum store_sort sort, bool reverse,
				  long long offset, long long limit, struct project_summary **v,
				  size_t *n, struct ct_error *err)
{
	struct page pg = {0};
	enum ct_status s = sqlite_project_walk(st, sort, reverse, offset, limit, page_add, &pg, err);
	if (s) {
		project_summaries_free(pg.v, pg.n);
		pg.v = NULL;
		pg.n = 0;
	}
	*v = pg.v;
	*n = pg.n;
	return s;
}

enum ct_status sqlite_project_count(struct sqlite_store *st, size_t *n, struct ct_error *err)
{
	sqlite3_stmt *s = stmt(st, Q_PROJECT_COUNT, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? CT_OK : sqlite_db_error(st, err, rc);
}


/* Records */

#define STMT_OR_RETURN(var, q)                        \
	sqlite3_stmt *var = stmt(st, (q), err);       \
	if (!var)                                     \
		return err ? err->status : CT_SYSTEM

static enum ct_status delete_by_id(struct sqlite_store *st, enum q q, long long id, struct ct_error *err)
{
	STMT_OR_RETURN(s, q);
	sqlite3_bind_int64(s, 1, id);
	return sqlite_run(st, s, err);
}

enum ct_status sqlite_prescan_delete(struct sqlite_store *st, long long id, struct ct_error *err)
{
	return delete_by_id(st, Q_PRESCAN_DELETE, id, err);
}

enum ct_status sqlite_prescans_list(struct sqlite_store *st, long long project, long long limit,
				   struct prescan_record **v, size_t *n, struct ct_error *err)
{
	STMT_OR_RETURN(s, Q_PRESCANS_LIST);
	sqlite3_bind_int64(s, 1, project);
	sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
	size_t cap = 0;
	int rc;
	*v = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*v = xreallocarray(*v, cap, sizeof(**v));
		}
		struct prescan_record *r = &(*v)[(*n)++];
		r->id = sqlite3_column_int64(s, 0);
		r->at = sqlite_col_text(s, 1);
		r->user = sqlite_col_text(s, 2);
		r->file = sqlite_col_text(s, 3);
		r->digest = sqlite_col_text(s, 4);
		r->passed = sqlite3_column_int(s, 5) != 0;
		r->results = sqlite_col_text(s, 6);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		prescan_records_free(*v, *n);
		*v = NULL;
		*n = 0;
		return sqlite_db_error(st, err, rc);
	}
	return CT_OK;
}

enum ct_status sqlite_build_update(struct sqlite_store *st, const struct build_record *b,
				  struct ct_error *err)
{
	STMT_OR_RETURN(s, Q_BUILD_UPDATE);
	sqlite_bind_text(s, 1, b->build_ref);
	sqlite_bind_text(s, 2, b->finished_at);
	sqlite_bind_text(s, 3, build_result_name(b->result));
	sqlite_bind_text(s, 4, b->note);
	sqlite3_bind_int64(s, 5, b->id);
	return sqlite_run(st, s, err);
}

enum ct_status sqlite_build_delete(struct sqlite_store *st, long long id, struct ct_error *err)
{
	return delete_by_id(st, Q_BUILD_DELETE, id, err);
}

enum ct_status sqlite_builds_list(struct sqlite_store *st, long long project, struct build_record **v,
				 size_t *n, struct ct_error *err)
{
	STMT_OR_RETURN(s, Q_BUILDS_LIST);
	sqlite3_bind_int64(s, 1, project);
	size_t cap = 0;
	int rc;
	*v = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*v = xreallocarray(*v, cap, sizeof(**v));
		}
		struct build_record *b = &(*v)[(*n)++];
		b->id = sqlite3_column_int64(s, 0);
		b->tag = sqlite_col_text(s, 1);
		b->build_ref = sqlite_col_text(s, 2);
		b->started_at = sqlite_col_text(s, 3);
		b->finished_at = sqlite_col_text(s, 4);
		b->result = build_result_parse((const char *)sqlite3_column_text(s, 5));
		b->note = sqlite_col_text(s, 6);
		b->user = sqlite_col_text(s, 7);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		build_records_free(*v, *n);
		*v = NULL;
		*n = 0;
		return sqlite_db_error(st, err, rc);
	}
	return CT_OK;
}

enum ct_status sqlite_scan_delete(struct sqlite_store *st, long long id, struct ct_error *err)
{
	return delete_by_id(st, Q_SCAN_DELETE, id, err);
}

enum ct_status sqlite_scans_list(struct sqlite_store *st, long long build_id, struct scan_record **v,
				size_t *n, struct ct_error *err)
{
	STMT_OR_RETURN(s, Q_SCANS_LIST);
	sqlite3_bind_int64(s, 1, build_id);
	size_t cap = 0;
	int rc;
	*v = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*v = xreallocarray(*v, cap, sizeof(**v));
		}
		struct scan_record *r = &(*v)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(s, 0);
		r->build_id = sqlite3_column_int64(s, 1);
		r->at = sqlite_col_text(s, 2);
		r->user = sqlite_col_text(s, 3);
		r->passed = sqlite3_column_int(s, 4) != 0;
		r->source = sqlite_col_text(s, 5);
		r->image = sqlite_col_text(s, 6);
		r->tool_name = sqlite_col_text(s, 7);
		r->tool_version = sqlite_col_text(s, 8);
		r->tool_commit = sqlite_col_text(s, 9);
		r->certification_hash = sqlite_col_text(s, 10);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		goto fail;
	for (size_t i = 0; i < *n; i++) {
		struct scan_record *r = &(*v)[i];
		sqlite3_stmt *q = stmt(st, Q_SCAN_RESULTS, err);
		if (!q) {
			rc = SQLITE_ERROR;
			goto fail;
		}
		sqlite3_bind_int64(q, 1, r->id);
		size_t rcap = 0;
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			if (r->n_results == rcap) {
				rcap = rcap ? rcap * 2 : 8;
				r->results = xreallocarray(r->results, rcap, sizeof(*r->results));
			}
			struct scan_result *x = &r->results[r->n_results++];
			memset(x, 0, sizeof(*x));
			x->policy = sqlite_col_text(q, 0);
			x->status = sqlite_col_text(q, 1);
			x->message = sqlite_col_text(q, 2);
			x->fix = sqlite_col_text(q, 3);
			x->url = sqlite_col_text(q, 4);
			x->description = sqlite_col_text(q, 5);
			x->help = sqlite_col_text(q, 6);
			x->has_elapsed = sqlite3_column_type(q, 7) != SQLITE_NULL;
			x->elapsed_ms = sqlite3_column_int64(q, 7);
			x->check_url = sqlite_col_text(q, 8);
		}
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			goto fail;
	}
	return CT_OK;
fail:
	scan_records_free(*v, *n);
	*v = NULL;
	*n = 0;
	return sqlite_db_error(st, err, rc);
}

enum ct_status sqlite_project_set_published(struct sqlite_store *st, long long project, bool published,
					   const char *at, const char *user, struct ct_error *err)
{
	STMT_OR_RETURN(s, Q_PUBLISHED);
	sqlite3_bind_int(s, 1, published);
	sqlite_bind_text(s, 2, at);
	sqlite_bind_text(s, 3, user);
	sqlite3_bind_int64(s, 4, project);
	return sqlite_run(st, s, err);
}
