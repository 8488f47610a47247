/* test_store.c - unit tests of the SQLite store: creation, schema version
 * and application id, refusal of files that are not certtrack databases
 * (left byte-identical), WAL files, read-only files and append-only
 * history and its rows of one kind. SQLite is used directly here only to
 * craft and inspect files. */
#include "fixture.h"

#include <sqlite3.h>
#include <pthread.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>

#include "certtrack/store.h"

/* Runs one statement on path with SQLite directly; returns its integer
 * result (first column of the first row) or fails the test. */
static long long sql_int(const char *path, const char *q)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK)
		fail_msg("sqlite3_open %s: %s", path, sqlite3_errstr(rc));
	sqlite3_stmt *s = NULL;
	rc = sqlite3_prepare_v2(db, q, -1, &s, NULL);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", q, sqlite3_errmsg(db));
	long long v = -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* Text of the first column of the first row, or "" (static buffer). */
static const char *sql_text(const char *path, const char *q)
{
	static char out[256];
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, q, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", q, sqlite3_errmsg(db));
	out[0] = '\0';
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, sizeof(out), "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return out;
}

/* Runs SQL that returns no rows on path (read-write); returns the SQLite
 * result code, message in msg (may be NULL). */
static int sql_exec(const char *path, const char *q, char *msg, size_t size)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK)
		fail_msg("sqlite3_open %s: %s", path, sqlite3_errstr(rc));
	char *em = NULL;
	rc = sqlite3_exec(db, q, NULL, NULL, &em);
	if (msg)
		snprintf(msg, size, "%s", em ? em : "");
	sqlite3_free(em);
	sqlite3_close(db);
	return rc;
}

/* Creates a certtrack database at path with a few history rows. */
static void make_certtrack_db(const char *path)
{
	struct store *st = NULL;
	struct ct_error err;
	ct_error_clear(&err);
	if (store_open(path, &st, &err))
		fail_msg("store_open %s: %s", path, err.msg);
	assert_int_equal(store_begin(st, &err), CT_OK);
	for (int i = 0; i < 3; i++) {
		long long cmd;
		assert_int_equal(store_command_new(st, FX_NOW, FX_USER, "test", 0, &cmd, &err), CT_OK);
		assert_int_equal(store_event_add(st, cmd, NULL, FX_NOW, FX_USER, NULL, NULL, "test.event",
						 "k", "old", "new", NULL, &err),
				 CT_OK);
	}
	assert_int_equal(store_commit(st, &err), CT_OK);
	store_close(st);
}

static bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

/* Opens path expecting CT_DATA and the file left byte-identical, with no
 * journal or WAL side file created; the message names the path on one
 * line and contains `what`. Returns NULL, or what went wrong (static). */
static const char *check_refused(const char *path, const char *what)
{
	static char why[2048];
	size_t before_len = 0, after_len = 0;
	char *before = fx_read_file(path, &before_len);
	struct stat sb0, sb1;
	if (!before || stat(path, &sb0) != 0) {
		free(before);
		return "cannot read the file before opening it";
	}
	struct store *st = NULL;
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status s = store_open(path, &st, &err);
	char *after = fx_read_file(path, &after_len);
	char side[PATH_MAX + 128], wal[PATH_MAX + 128];
	snprintf(side, sizeof(side), "%s-journal", path);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	why[0] = '\0';
	if (s != CT_DATA)
		snprintf(why, sizeof(why), "store_open(%s) = %d, expected CT_DATA (3): %s", path,
			 (int)s, err.msg);
	else if (st)
		snprintf(why, sizeof(why), "refused but returned a store");
	else if (!strstr(err.msg, path) || strchr(err.msg, '\n'))
		snprintf(why, sizeof(why), "message is not one line naming the file: %s", err.msg);
	else if (what && !strstr(err.msg, what))
		snprintf(why, sizeof(why), "message does not say \"%s\": %s", what, err.msg);
	else if (!after || after_len != before_len || memcmp(before, after, before_len) != 0)
		snprintf(why, sizeof(why), "%s was modified", path);
	else if (stat(path, &sb1) != 0 || sb1.st_mode != sb0.st_mode)
		snprintf(why, sizeof(why), "mode of %s changed", path);
	else if (exists(side) || exists(wal))
		snprintf(why, sizeof(why), "a journal or WAL file was left next to %s", path);
	store_close(st);
	free(before);
	free(after);
	return why[0] ? why : NULL;
}

static void expect_refused(const char *path, const char *what)
{
	const char *why = check_refused(path, what);
	if (why)
		fail_msg("%s", why);
}

static void new_file_created(void **state)
{
	struct fx *f = *state;
	const char *path = fx_path(f, "a/b/certtrack.db");
	struct store *st = NULL;
	fx_expect(f, store_open(path, &st, &f->err), CT_OK);
	assert_non_null(st);
	assert_false(store_readonly(st));
	store_close(st);

	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_mode & 07777, 0600);
	assert_int_equal(stat(fx_path(f, "a/b"), &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(fx_path(f, "a"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);

	assert_int_equal(sql_int(path, "PRAGMA application_id"), STORE_APPLICATION_ID);
	assert_int_equal(sql_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_string_equal(sql_text(path, "PRAGMA journal_mode"), "delete");
	assert_true(sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'events'") == 1);
}

static void reopen_idempotent(void **state)
{
	struct fx *f = *state;
	make_certtrack_db(f->db);
	long long objects = sql_int(f->db, "SELECT count(*) FROM sqlite_schema");
	assert_true(objects > 5);
	for (int i = 0; i < 3; i++) {
		struct store *st = NULL;
		fx_expect(f, store_open(f->db, &st, &f->err), CT_OK);
		struct event *v = NULL;
		size_t n = 0;
		fx_expect(f, store_events_list(st, NULL, 0, &v, &n, &f->err), CT_OK);
		assert_int_equal(n, 3);
		assert_string_equal(v[0].what, "test.event");
		assert_string_equal(v[0].old_value, "old");
		events_free(v, n);
		store_close(st);
	}
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM sqlite_schema"), objects);
	assert_int_equal(sql_int(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(f->db, "PRAGMA application_id"), STORE_APPLICATION_ID);
}

/* The first schema (migration 1, as released): a database written by the
 * first certtrack, to check that opening it migrates it to the current
 * schema and keeps its data. */
static const char SCHEMA_V1[] =
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
	"  url TEXT);";

static void migrates_version_1(void **state)
{
	struct fx *f = *state;
	char msg[512];
	char *sql = xasprintf("%s"
			      "INSERT INTO commands(id, at, user, summary) VALUES (1, '2020-01-01T00:00:00Z', 'old', 'new');"
			      "INSERT INTO events(command_id, at, user, project_uuid, project_name, what, new)"
			      " VALUES (1, '2020-01-01T00:00:00Z', 'old', '11111111-2222-4333-8444-555555555555',"
			      " 'rhosp16-openstack-cinder-volume-legacy', 'project.create', 'rhosp16-openstack-cinder-volume-legacy');"
			      "INSERT INTO projects(uuid, name, template, owner, created_at, updated_at)"
			      " VALUES ('11111111-2222-4333-8444-555555555555', 'rhosp16-openstack-cinder-volume-legacy',"
			      " 'rhosp16-container', 'old', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z');"
			      "PRAGMA application_id = %d; PRAGMA user_version = 1;",
			      SCHEMA_V1, STORE_APPLICATION_ID);
	if (sql_exec(f->db, sql, msg, sizeof(msg)) != SQLITE_OK)
		fail_msg("cannot build a version 1 database: %s", msg);
	free(sql);
	long long objects = sql_int(f->db, "SELECT count(*) FROM sqlite_schema");

	struct store *st = NULL;
	fx_expect(f, store_open(f->db, &st, &f->err), CT_OK);
	struct event *v = NULL;
	size_t n = 0;
	fx_expect(f, store_events_list(st, NULL, 0, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].user, "old");
	/* migration 5: an event of an older file gets a stable id */
	assert_non_null(v[0].uuid);
	assert_true(uuid_looks_valid(v[0].uuid));
	events_free(v, n);
	struct project_summary *ps = NULL;
	fx_expect(f, store_project_list(st, &ps, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ps[0].name, "rhosp16-openstack-cinder-volume-legacy");
	project_summaries_free(ps, n);
	store_close(st);

	assert_int_equal(sql_int(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(f->db, "PRAGMA application_id"), STORE_APPLICATION_ID);
	if (STORE_SCHEMA_VERSION > 1)
		assert_true(sql_int(f->db, "SELECT count(*) FROM sqlite_schema") > objects);
	/* migration 3: what a preflight import keeps */
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM pragma_table_info('scans') WHERE name IN"
				 " ('image', 'test_library_name', 'test_library_version',"
				 " 'test_library_commit', 'certification_hash')"), 5);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM pragma_table_info('scan_results') WHERE"
				 " name IN ('description', 'help', 'elapsed_ms', 'check_url')"), 4);
	/* migration 5: history stays append-only, ids are unique */
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE name IN"
				 " ('events_append_only_u', 'events_append_only_d', 'events_uuid')"), 3);
	/* Opening again migrates nothing more. */
	long long after = sql_int(f->db, "SELECT count(*) FROM sqlite_schema");
	fx_expect(f, store_open(f->db, &st, &f->err), CT_OK);
	store_close(st);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM sqlite_schema"), after);
	assert_int_equal(sql_int(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
}

static void refuse_text_file(void **state)
{
	struct fx *f = *state;
	const char *path = fx_path(f, "notes.txt");
	static const char text[] = "These are my notes.\nNot a database at all.\n";
	fx_write_file(path, text, sizeof(text) - 1);
	chmod(path, 0640);
	expect_refused(path, "not a certtrack database");
}

/* A file that starts like SQLite but is a few bytes long, and a binary
 * blob of the size of a page. */
static void refuse_garbage(void **state)
{
	struct fx *f = *state;
	const char *path = fx_path(f, "short.db");
	fx_write_file(path, "SQLite format 3", 16);
	expect_refused(path, NULL);

	char blob[4096];
	for (size_t i = 0; i < sizeof(blob); i++)
		blob[i] = (char)(i * 7 + 3);
	const char *path2 = fx_path(f, "blob.db");
	fx_write_file(path2, blob, sizeof(blob));
	expect_refused(path2, NULL);
}

static void refuse_truncated(void **state)
{
	struct fx *f = *state;
	make_certtrack_db(f->db);
	size_t len = 0;
	char *full = fx_read_file(f->db, &len);
	assert_non_null(full);
	assert_true(len >= 4 * 4096);
	const size_t cuts[] = {100, 4096, len / 2, len - 4096, len - 1};
	char failures[4096] = "";
	for (size_t i = 0; i < ARRAY_SIZE(cuts); i++) {
		char name[64];
		snprintf(name, sizeof(name), "cut-%zu.db", cuts[i]);
		const char *path = fx_path(f, name);
		fx_write_file(path, full, cuts[i]);
		const char *why = check_refused(path, NULL);
		if (why) {
			size_t used = strlen(failures);
			snprintf(failures + used, sizeof(failures) - used,
				 "\n  cut to %zu of %zu bytes: %s", cuts[i], len, why);
		}
	}
	free(full);
	if (failures[0])
		fail_msg("truncated databases not refused:%s", failures);
}

/* A file with SQLite's magic and a garbage header is damaged, not
 * "truncated (... needs 0)". */
static void refuse_damaged_header(void **state)
{
	struct fx *f = *state;
	char blob[8192];
	for (size_t i = 0; i < sizeof(blob); i++)
		blob[i] = (char)(i * 13 + 5);
	memcpy(blob, "SQLite format 3", 16);
	const char *path = fx_path(f, "garbage-header.db");
	fx_write_file(path, blob, sizeof(blob));
	expect_refused(path, "header is damaged");
	struct store *st = NULL;
	struct ct_error err;
	ct_error_clear(&err);
	assert_int_equal(store_open(path, &st, &err), CT_DATA);
	if (strstr(err.msg, "needs 0") || strstr(err.msg, "truncated"))
		fail_msg("a damaged header reported as truncated: %s", err.msg);
}

/* The moment of a commit that grows the file: the writer holds SQLite's
 * exclusive lock and page 1 already has the new page count, the new pages
 * are not written yet. A reader must wait for the lock, not call the file
 * truncated. */
struct grow {
	const char *path;
	int fd; /* kept open until the end: closing it would drop the locks */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool locked;
	int rc;
};

static void *grow_writer(void *arg)
{
	struct grow *g = arg;
	sqlite3 *db = NULL;
	g->rc = sqlite3_open_v2(g->path, &db, SQLITE_OPEN_READWRITE, NULL);
	if (g->rc == SQLITE_OK)
		g->rc = sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL);
	unsigned char h[100], tampered[4];
	if (g->rc == SQLITE_OK && pread(g->fd, h, sizeof(h), 0) != (ssize_t)sizeof(h))
		g->rc = SQLITE_IOERR;
	if (g->rc == SQLITE_OK) {
		unsigned long pages = (unsigned long)h[28] << 24 | (unsigned long)h[29] << 16 |
				      (unsigned long)h[30] << 8 | h[31];
		pages += 50;
		tampered[0] = (unsigned char)(pages >> 24);
		tampered[1] = (unsigned char)(pages >> 16);
		tampered[2] = (unsigned char)(pages >> 8);
		tampered[3] = (unsigned char)pages;
		if (pwrite(g->fd, tampered, 4, 28) != 4)
			g->rc = SQLITE_IOERR;
	}
	pthread_mutex_lock(&g->mu);
	g->locked = true;
	pthread_cond_signal(&g->cv);
	pthread_mutex_unlock(&g->mu);
	if (g->rc == SQLITE_OK) {
		struct timespec ts = {0, 400 * 1000 * 1000};
		nanosleep(&ts, NULL);
		if (pwrite(g->fd, h + 28, 4, 28) != 4)
			g->rc = SQLITE_IOERR;
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	sqlite3_close(db);
	return NULL;
}

static void no_false_truncation_while_growing(void **state)
{
	struct fx *f = *state;
	make_certtrack_db(f->db);
	struct grow g = {.path = f->db, .mu = PTHREAD_MUTEX_INITIALIZER,
			 .cv = PTHREAD_COND_INITIALIZER};
	g.fd = open(f->db, O_RDWR | O_CLOEXEC);
	assert_true(g.fd >= 0);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, grow_writer, &g), 0);
	pthread_mutex_lock(&g.mu);
	while (!g.locked)
		pthread_cond_wait(&g.cv, &g.mu);
	pthread_mutex_unlock(&g.mu);
	struct store *st = NULL;
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status s = store_open(f->db, &st, &err);
	pthread_join(t, NULL);
	store_close(st);
	close(g.fd);
	assert_int_equal(g.rc, SQLITE_OK);
	if (s != CT_OK)
		fail_msg("store_open while another connection grows the file: %d: %s", (int)s,
			 err.msg);
}

static void refuse_foreign_sqlite(void **state)
{
	struct fx *f = *state;
	const char *path = fx_path(f, "other.sqlite");
	assert_int_equal(sql_exec(path,
				  "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);"
				  "INSERT INTO notes(body) VALUES ('keep me');",
				  NULL, 0),
			 SQLITE_OK);
	expect_refused(path, "another program");
	assert_int_equal(sql_int(path, "SELECT count(*) FROM notes"), 1);

	/* Another program's application_id, and nothing else. */
	const char *path2 = fx_path(f, "other2.sqlite");
	assert_int_equal(sql_exec(path2, "PRAGMA application_id = 1234; CREATE TABLE t(x);"
					 "DROP TABLE t;", NULL, 0),
			 SQLITE_OK);
	expect_refused(path2, "another program");

	/* A user_version but no application_id. */
	const char *path3 = fx_path(f, "other3.sqlite");
	assert_int_equal(sql_exec(path3, "PRAGMA user_version = 1;", NULL, 0), SQLITE_OK);
	expect_refused(path3, NULL);
}

static void refuse_newer_schema(void **state)
{
	struct fx *f = *state;
	make_certtrack_db(f->db);
	char q[64];
	snprintf(q, sizeof(q), "PRAGMA user_version = %d", STORE_SCHEMA_VERSION + 1);
	assert_int_equal(sql_exec(f->db, q, NULL, 0), SQLITE_OK);
	expect_refused(f->db, "newer");
	assert_int_equal(sql_int(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION + 1);
}

static void refuse_directory(void **state)
{
	struct fx *f = *state;
	const char *path = fx_path(f, "adir");
	assert_int_equal(mkdir(path, 0755), 0);
	struct store *st = (struct store *)0x1;
	fx_expect(f, store_open(path, &st, &f->err), CT_DATA);
	assert_null(st);
	assert_non_null(strstr(f->err.msg, path));
	assert_null(strchr(f->err.msg, '\n'));
	/* Nothing was created inside it. */
	assert_false(exists(fx_path(f, "adir/certtrack.db")));
	assert_false(exists(fx_path(f, "adir-journal")));
}

/* A folder that cannot be created (a file is in the way) is a system
 * error, not a data error. */
static void missing_folder_blocked_by_file(void **state)
{
	struct fx *f = *state;
	fx_write_file(fx_path(f, "plain"), "x", 1);
	struct store *st = (struct store *)0x1;
	fx_expect(f, store_open(fx_path(f, "plain/sub/certtrack.db"), &st, &f->err), CT_SYSTEM);
	assert_null(st);
	assert_true(f->err.msg[0] != '\0');
}

static void zero_byte_file_becomes_database(void **state)
{
	struct fx *f = *state;
	fx_write_file(f->db, "", 0);
	chmod(f->db, 0600);
	struct store *st = NULL;
	fx_expect(f, store_open(f->db, &st, &f->err), CT_OK);
	store_close(st);
	assert_int_equal(sql_int(f->db, "PRAGMA application_id"), STORE_APPLICATION_ID);
	assert_int_equal(sql_int(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
}

static unsigned char header_byte(const char *path, size_t off)
{
	size_t len;
	char *b = fx_read_file(path, &len);
	assert_non_null(b);
	assert_true(len > off);
	unsigned char c = (unsigned char)b[off];
	free(b);
	return c;
}

static void wal_switched_to_delete(void **state)
{
	struct fx *f = *state;
	make_certtrack_db(f->db);
	char msg[256];
	assert_int_equal(sql_exec(f->db, "PRAGMA journal_mode = WAL", msg, sizeof(msg)), SQLITE_OK);
	/* Bytes 18 and 19 of the header are 2 in WAL mode, 1 otherwise. */
	assert_int_equal(header_byte(f->db, 18), 2);

	struct store *st = NULL;
	fx_expect(f, store_open(f->db, &st, &f->err), CT_OK);
	struct event *v = NULL;
	size_t n = 0;
	fx_expect(f, store_events_list(st, NULL, 0, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 3);
	events_free(v, n);
	store_close(st);
	assert_int_equal(header_byte(f->db, 18), 1);
	assert_int_equal(header_byte(f->db, 19), 1);
	assert_string_equal(sql_text(f->db, "PRAGMA journal_mode"), "delete");
	char side[PATH_MAX + 128];
	snprintf(side, sizeof(side), "%s-wal", f->db);
	assert_false(exists(side));
}

/* A copy received with its -wal side file: the rows only in the WAL are
 * kept when the store switches the file back to a rollback journal. */
static void wal_with_side_file(void **state)
{
	struct fx *f = *state;
	make_certtrack_db(f->db);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;"
				      "INSERT INTO commands(at, user, summary) VALUES ('2024-01-01T00:00:00Z', 'w', 'wal');"
				      "INSERT INTO events(command_id, at, user, what) VALUES"
				      " (last_insert_rowid(), '2024-01-01T00:00:00Z', 'w', 'only.in.wal');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	/* Copy the database and its WAL while the writer still has it open. */
	size_t len, wlen;
	char wal[PATH_MAX + 128];
	snprintf(wal, sizeof(wal), "%s-wal", f->db);
	char *main_bytes = fx_read_file(f->db, &len);
	char *wal_bytes = fx_read_file(wal, &wlen);
	assert_non_null(main_bytes);
	assert_non_null(wal_bytes);
	assert_true(wlen > 0);
	sqlite3_close(db);
	const char *copy = fx_path(f, "received.db");
	char copy_wal[PATH_MAX + 128];
	snprintf(copy_wal, sizeof(copy_wal), "%s-wal", copy);
	fx_write_file(copy, main_bytes, len);
	fx_write_file(copy_wal, wal_bytes, wlen);
	free(main_bytes);
	free(wal_bytes);

	struct store *st = NULL;
	fx_expect(f, store_open(copy, &st, &f->err), CT_OK);
	struct event *v = NULL;
	size_t n = 0;
	fx_expect(f, store_events_list(st, NULL, 0, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 4);
	assert_string_equal(v[0].what, "only.in.wal");
	events_free(v, n);
	store_close(st);
	assert_false(exists(copy_wal));
	assert_string_equal(sql_text(copy, "PRAGMA journal_mode"), "delete");
	assert_int_equal(sql_int(copy, "SELECT count(*) FROM events WHERE what = 'only.in.wal'"), 1);
}

/* The checks of a read-only database, run in the current process or in a
 * child that gave up root. Returns 0 or the number of the failed check. */
static int readonly_checks(const char *path)
{
	struct store *st = NULL;
	struct ct_error err;
	ct_error_clear(&err);
	if (store_open(path, &st, &err) != CT_OK) {
		fprintf(stderr, "store_open read-only: %s\n", err.msg);
		return 1;
	}
	if (!store_readonly(st))
		return 2;
	struct event *v = NULL;
	size_t n = 0;
	if (store_events_list(st, NULL, 0, &v, &n, &err) != CT_OK || n != 3)
		return 3;
	events_free(v, n);
	ct_error_clear(&err);
	if (store_begin(st, &err) != CT_SYSTEM)
		return 4;
	if (!strstr(err.msg, path) || !strstr(err.msg, "read-only"))
		return 5;
	store_close(st);
	return 0;
}

static void readonly_file(void **state)
{
	struct fx *f = *state;
	make_certtrack_db(f->db);
	assert_int_equal(chmod(f->db, 0444), 0);
	size_t before_len, after_len;
	char *before = fx_read_file(f->db, &before_len);
	int rc;
	if (geteuid() != 0) {
		rc = readonly_checks(f->db);
	} else {
		/* Root ignores file permissions: check as nobody in a child. */
		assert_int_equal(chmod(f->dir, 0755), 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			/* The child's copy: freed, or valgrind counts it lost
			 * and its error exit code reads as a failed check. */
			free(before);
			if (setgid(65534) != 0 || setuid(65534) != 0)
				_exit(77);
			_exit(readonly_checks(f->db));
		}
		int status = 0;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		rc = WEXITSTATUS(status);
		if (rc == 77) {
			print_message("  cannot drop root; read-only check skipped\n");
			rc = 0;
		}
	}
	if (rc)
		fail_msg("read-only check %d failed", rc);
	char *after = fx_read_file(f->db, &after_len);
	assert_int_equal(before_len, after_len);
	assert_memory_equal(before, after, before_len);
	free(before);
	free(after);
}

static void history_append_only(void **state)
{
	struct fx *f = *state;
	make_certtrack_db(f->db);
	char msg[256];
	int rc = sql_exec(f->db, "UPDATE events SET new = 'forged'", msg, sizeof(msg));
	assert_int_not_equal(rc, SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	rc = sql_exec(f->db, "DELETE FROM events", msg, sizeof(msg));
	assert_int_not_equal(rc, SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM events WHERE new = 'new'"), 3);
}

/* An open store in a write transaction with one command begun. */
static struct store *open_in_command(struct fx *f, long long *cmd)
{
	make_certtrack_db(f->db);
	struct store *st = NULL;
	fx_expect(f, store_open(f->db, &st, &f->err), CT_OK);
	fx_expect(f, store_begin(st, &f->err), CT_OK);
	fx_expect(f, store_command_new(st, FX_NOW, FX_USER, "x", 0, cmd, &f->err), CT_OK);
	return st;
}

/* A failed command leaves nothing behind: rollback discards its rows. */
static void rollback_discards(void **state)
{
	struct fx *f = *state;
	long long cmd;
	struct store *st = open_in_command(f, &cmd);
	fx_expect(f, store_event_add(st, cmd, NULL, FX_NOW, FX_USER, NULL, NULL, "gone", NULL, NULL,
				     NULL, NULL, &f->err),
		  CT_OK);
	store_rollback(st);
	struct event *v = NULL;
	size_t n = 0;
	fx_expect(f, store_events_list(st, NULL, 0, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 3);
	events_free(v, n);
	/* The limit is honoured, newest first. */
	fx_expect(f, store_events_list(st, NULL, 2, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 2);
	assert_true(v[0].id > v[1].id);
	events_free(v, n);
	store_close(st);
}

struct kinds {
	char what[4][32];
	long long id[4];
	size_t n;
};

static enum ct_status kind_row(void *ud, const struct event *e)
{
	struct kinds *k = ud;
	if (k->n < 4) {
		snprintf(k->what[k->n], sizeof(k->what[0]), "%s", e->what);
		k->id[k->n++] = e->id;
	}
	return CT_OK;
}

/* The rows of one kind: those whose kind begins with the prefix, newest
 * first, and no others (a kind that only contains it, or is a shorter
 * part of it, is not one). */
static void events_of_a_kind(void **state)
{
	struct fx *f = *state;
	long long cmd;
	struct store *st = open_in_command(f, &cmd);
	const char *whats[] = {"merge.history", "xmerge.history", "merge", "merge.withdraw",
			       "field"};
	for (size_t i = 0; i < ARRAY_SIZE(whats); i++)
		fx_expect(f, store_event_add(st, cmd, NULL, FX_NOW, FX_USER, NULL, NULL, whats[i],
					     "1", NULL, NULL, NULL, &f->err),
			  CT_OK);
	fx_expect(f, store_commit(st, &f->err), CT_OK);
	struct kinds k = {0};
	fx_expect(f, store_events_kind(st, "merge.", kind_row, &k, &f->err), CT_OK);
	assert_int_equal(k.n, 2);
	assert_string_equal(k.what[0], "merge.withdraw");
	assert_string_equal(k.what[1], "merge.history");
	assert_true(k.id[0] > k.id[1]);
	memset(&k, 0, sizeof(k));
	fx_expect(f, store_events_kind(st, "nothing", kind_row, &k, &f->err), CT_OK);
	assert_int_equal(k.n, 0);
	store_close(st);
}

static void default_path_follows_xdg(void **state)
{
	(void)state;
	char *saved_xdg = xstrdup(getenv("XDG_DATA_HOME"));
	char *saved_home = xstrdup(getenv("HOME"));
	setenv("XDG_DATA_HOME", "/x/data", 1);
	char *p = store_default_path();
	assert_string_equal(p, "/x/data/certtrack/certtrack.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/someone", 1);
	p = store_default_path();
	assert_string_equal(p, "/home/someone/.local/share/certtrack/certtrack.db");
	free(p);
	if (saved_xdg)
		setenv("XDG_DATA_HOME", saved_xdg, 1);
	if (saved_home)
		setenv("HOME", saved_home, 1);
	free(saved_xdg);
	free(saved_home);
}

/* Which --db values are a server: URIs and libpq keyword strings; a file
 * name never, even one with an '=' in it. */
static void server_or_file(void **state)
{
	(void)state;
	assert_true(store_target_is_file("certtrack.db"));
	assert_true(store_target_is_file("/tmp/a=b.db"));
	assert_true(store_target_is_file("./host=x.db"));
	assert_true(store_target_is_file("dbname"));
	assert_true(store_target_is_file("notakeyword=x"));
	assert_true(store_target_is_file("postgresql:/not-a-uri"));
#ifdef HAVE_POSTGRESQL
	assert_false(store_target_is_file("postgresql://db.example.com/certtrack"));
	assert_false(store_target_is_file("postgres://db/x"));
	assert_false(store_target_is_file("service=certtrack"));
	assert_false(store_target_is_file("host=/tmp port=5432 dbname=x"));
	assert_false(store_target_is_file("dbname = x"));
	char *v = store_versions();
	assert_non_null(strstr(v, "sqlite "));
	assert_non_null(strstr(v, "postgresql (libpq "));
	free(v);
#else
	assert_true(store_target_is_file("postgresql://db.example.com/certtrack"));
#endif
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup_dir, fx_teardown)

int main(void)
{
	fx_fix_env();
	umask(022);
	const struct CMUnitTest tests[] = {
		T(new_file_created),
		T(reopen_idempotent),
		T(migrates_version_1),
		T(refuse_text_file),
		T(refuse_garbage),
		T(refuse_truncated),
		T(refuse_damaged_header),
		T(no_false_truncation_while_growing),
		T(refuse_foreign_sqlite),
		T(refuse_newer_schema),
		T(refuse_directory),
		T(missing_folder_blocked_by_file),
		T(zero_byte_file_becomes_database),
		T(wal_switched_to_delete),
		T(wal_with_side_file),
		T(readonly_file),
		T(history_append_only),
		T(rollback_discards),
		T(events_of_a_kind),
		T(default_path_follows_xdg),
		T(server_or_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
