/* pg.c - the PostgreSQL backend of the store (libpq): connecting, the
 * schema and its migrations, transactions, and the operations of the
 * SQLite backend (sqlite.c) with the same results. Every statement is
 * static text with $n parameters. Writers take one lock for the whole
 * transaction (pg_advisory_xact_lock), as SQLite's BEGIN IMMEDIATE does:
 * ids are given as max + 1 like SQLite's rowids, and READ COMMITTED
 * writers that never run at the same time cannot fail to serialize. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/store.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"
#include "core/store/pg_int.h"

#include "core/store/pg_lib.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* The text columns compare bytes, as SQLite's BINARY collation does, so
 * that every order is the same on both backends. */
#define TXT "TEXT COLLATE \"C\""
#define SORT_PROGRESS_KEY "(CASE WHEN sum_total > 0 THEN CAST(sum_done AS double precision) / sum_total ELSE 0 END)"
#define SORT_PROBLEMS_KEY "(sum_errors * 1000 + sum_warnings)"
#define SUMMARY_SELECT "SELECT id, uuid, name, template, owner, updated_at, sum_done, sum_total," \
		       " sum_next, sum_errors, sum_warnings, sum_broken, sum_next_blocked," \
		       " sum_to_fill FROM projects WHERE deleted_at IS NULL"
#define EVENT_SELECT "SELECT " PG_EVENT_COLS " " PG_EVENT_FROM

/* Migrations: each takes the schema from version `from` to `to` (the
 * numbers of STORE_SCHEMA_VERSION, shared with SQLite). A new database
 * gets today's schema at once; later changes append an entry. */
static const struct {
	int from, to;
	const char *sql;
} migrations[] = {
	{0, 6,
	 "CREATE TABLE commands ("
	 "  id BIGINT PRIMARY KEY,"
	 "  at " TXT " NOT NULL,"
	 "  \"user\" " TXT " NOT NULL,"
	 "  summary " TXT " NOT NULL,"
	 "  undo_of BIGINT REFERENCES commands(id),"
	 "  undone_by BIGINT REFERENCES commands(id));"
	 "CREATE TABLE projects ("
	 "  id BIGINT PRIMARY KEY,"
	 "  uuid " TXT " NOT NULL UNIQUE,"
	 "  name " TXT " NOT NULL,"
	 "  template " TXT " NOT NULL,"
	 "  owner " TXT " NOT NULL,"
	 "  created_at " TXT " NOT NULL,"
	 "  updated_at " TXT " NOT NULL,"
	 "  deleted_at " TXT ","
	 "  published INTEGER NOT NULL DEFAULT 0,"
	 "  published_at " TXT ","
	 "  published_by " TXT ","
	 "  sum_done INTEGER NOT NULL DEFAULT 0,"
	 "  sum_total INTEGER NOT NULL DEFAULT 0,"
	 "  sum_next " TXT ","
	 "  sum_errors INTEGER NOT NULL DEFAULT 0,"
	 "  sum_warnings INTEGER NOT NULL DEFAULT 0,"
	 "  sum_broken INTEGER NOT NULL DEFAULT 0,"
	 "  sum_next_blocked INTEGER NOT NULL DEFAULT 0,"
	 "  sum_to_fill INTEGER NOT NULL DEFAULT -1);"
	 "CREATE UNIQUE INDEX projects_live_name ON projects(name) WHERE deleted_at IS NULL;"
	 "CREATE INDEX projects_by_progress ON projects(" SORT_PROGRESS_KEY " DESC, name)"
	 "  WHERE deleted_at IS NULL;"
	 "CREATE INDEX projects_by_changed ON projects(updated_at DESC, name)"
	 "  WHERE deleted_at IS NULL;"
	 "CREATE INDEX projects_by_owner ON projects(owner, name) WHERE deleted_at IS NULL;"
	 "CREATE INDEX projects_by_problems ON projects(" SORT_PROBLEMS_KEY " DESC, name)"
	 "  WHERE deleted_at IS NULL;"
	 "CREATE TABLE field_values ("
	 "  project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
	 "  key " TXT " NOT NULL,"
	 "  value " TXT ","
	 "  updated_at " TXT " NOT NULL,"
	 "  updated_by " TXT " NOT NULL,"
	 "  PRIMARY KEY (project_id, key));"
	 "CREATE TABLE item_states ("
	 "  project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
	 "  key " TXT " NOT NULL,"
	 "  status " TXT " NOT NULL CHECK (status IN ('todo','in-progress','done','blocked','n/a')),"
	 "  note " TXT ","
	 "  reason " TXT ","
	 "  forced_reason " TXT ","
	 "  updated_at " TXT ","
	 "  updated_by " TXT ","
	 "  PRIMARY KEY (project_id, key));"
	 "CREATE TABLE collateral ("
	 "  id BIGINT PRIMARY KEY,"
	 "  project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
	 "  title " TXT " NOT NULL,"
	 "  type " TXT " NOT NULL,"
	 "  location " TXT ","
	 "  added_at " TXT " NOT NULL,"
	 "  added_by " TXT " NOT NULL,"
	 "  removed INTEGER NOT NULL DEFAULT 0);"
	 "CREATE INDEX collateral_project ON collateral(project_id);"
	 "CREATE TABLE events ("
	 "  id BIGINT PRIMARY KEY,"
	 "  command_id BIGINT NOT NULL REFERENCES commands(id),"
	 "  at " TXT " NOT NULL,"
	 "  \"user\" " TXT " NOT NULL,"
	 "  project_uuid " TXT ","
	 "  project_name " TXT ","
	 "  what " TXT " NOT NULL,"
	 "  key " TXT ","
	 "  old " TXT ","
	 "  new " TXT ","
	 "  note " TXT ","
	 "  uuid " TXT ");"
	 "CREATE INDEX events_project ON events(project_uuid, id);"
	 "CREATE INDEX events_command ON events(command_id);"
	 "CREATE UNIQUE INDEX events_uuid ON events(uuid);"
	 /* History is append-only, as SQLite's triggers keep it. */
	 "CREATE FUNCTION certtrack_append_only() RETURNS trigger LANGUAGE plpgsql AS"
	 "  $$ BEGIN RAISE EXCEPTION 'history is append-only'; END $$;"
	 "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events"
	 "  FOR EACH ROW EXECUTE FUNCTION certtrack_append_only();"
	 "CREATE TRIGGER events_append_only_t BEFORE TRUNCATE ON events"
	 "  FOR EACH STATEMENT EXECUTE FUNCTION certtrack_append_only();"
	 "CREATE TABLE prescans ("
	 "  id BIGINT PRIMARY KEY,"
	 "  project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
	 "  at " TXT " NOT NULL,"
	 "  \"user\" " TXT " NOT NULL,"
	 "  file " TXT " NOT NULL,"
	 "  digest " TXT " NOT NULL,"
	 "  passed INTEGER NOT NULL,"
	 "  results " TXT " NOT NULL);"
	 "CREATE INDEX prescans_project ON prescans(project_id, id);"
	 "CREATE TABLE builds ("
	 "  id BIGINT PRIMARY KEY,"
	 "  project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
	 "  tag " TXT " NOT NULL,"
	 "  build_ref " TXT ","
	 "  started_at " TXT " NOT NULL,"
	 "  finished_at " TXT ","
	 "  result " TXT " NOT NULL CHECK (result IN ('running','succeeded','failed')),"
	 "  note " TXT ","
	 "  \"user\" " TXT " NOT NULL);"
	 "CREATE INDEX builds_project ON builds(project_id, id);"
	 "CREATE TABLE scans ("
	 "  id BIGINT PRIMARY KEY,"
	 "  build_id BIGINT NOT NULL REFERENCES builds(id) ON DELETE CASCADE,"
	 "  at " TXT " NOT NULL,"
	 "  \"user\" " TXT " NOT NULL,"
	 "  passed INTEGER NOT NULL,"
	 "  source " TXT " NOT NULL,"
	 "  image " TXT ","
	 "  test_library_name " TXT ","
	 "  test_library_version " TXT ","
	 "  test_library_commit " TXT ","
	 "  certification_hash " TXT ");"
	 "CREATE INDEX scans_build ON scans(build_id, id);"
	 /* rid: the order results were recorded in (SQLite's rowid). */
	 "CREATE TABLE scan_results ("
	 "  rid BIGSERIAL PRIMARY KEY,"
	 "  scan_id BIGINT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
	 "  policy " TXT " NOT NULL,"
	 "  status " TXT " NOT NULL,"
	 "  message " TXT ","
	 "  fix " TXT ","
	 "  url " TXT ","
	 "  description " TXT ","
	 "  help " TXT ","
	 "  elapsed_ms BIGINT,"
	 "  check_url " TXT ");"
	 "CREATE INDEX scan_results_scan ON scan_results(scan_id, rid);"
	 "CREATE TABLE sessions ("
	 "  id BIGSERIAL PRIMARY KEY,"
	 "  \"user\" " TXT " NOT NULL,"
	 "  host " TXT " NOT NULL,"
	 "  pid BIGINT NOT NULL,"
	 "  since " TXT " NOT NULL,"
	 "  heartbeat " TXT " NOT NULL);"
	 "CREATE TABLE verifications ("
	 "  id BIGINT PRIMARY KEY,"
	 "  project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
	 "  at " TXT " NOT NULL,"
	 "  \"user\" " TXT " NOT NULL,"
	 "  kind " TXT " NOT NULL,"
	 "  target " TXT " NOT NULL,"
	 "  outcome " TXT " NOT NULL,"
	 "  message " TXT " NOT NULL,"
	 "  details " TXT ");"
	 "CREATE INDEX verifications_project ON verifications(project_id, id);"},
};

#define OR_RETURN(r) \
	if (!(r))    \
	return err ? err->status : CT_SYSTEM

/* ---- connecting --------------------------------------------------------- */

/* A libpq keyword of a key=value connection string; a file name never
 * starts with one of these followed by '='. */
static bool known_keyword(const char *s, size_t n)
{
	static const char *const kw[] = {
		"host",	    "hostaddr", "port",	       "dbname",      "user",	  "service",
		"sslmode",  "options",	"application_name", "connect_timeout", "passfile",
		"sslcert",  "sslkey",	"sslrootcert", "target_session_attrs", "gssencmode",
		"password", "client_encoding", "sslcrl", "krbsrvname", "requiressl",
	};
	for (size_t i = 0; i < ARRAY_SIZE(kw); i++)
		if (strlen(kw[i]) == n && strncmp(kw[i], s, n) == 0)
			return true;
	return false;
}

bool pg_accepts(const char *target)
{
	if (!target)
		return false;
	if (strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0)
		return true;
	/* key=value ...: every word before an '=' must be a keyword, and the
	 * first must be one (a path such as ./a=b.db is a file). */
	const char *p = target;
	while (*p == ' ')
		p++;
	size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
	if (n == 0)
		return false;
	const char *q = p + n;
	while (*q == ' ')
		q++;
	return *q == '=' && known_keyword(p, n);
}

static bool host_is_local(const char *host)
{
	if (!host || !*host)
		return true; /* libpq's default: the Unix socket */
	char *copy = xstrdup(host);
	bool local = true;
	for (char *save = NULL, *h = strtok_r(copy, ",", &save); h; h = strtok_r(NULL, ",", &save)) {
		if (!(h[0] == '/' || h[0] == '@' || strcmp(h, "localhost") == 0 ||
		      strcmp(h, "127.0.0.1") == 0 || strcmp(h, "::1") == 0))
			local = false;
	}
	free(copy);
	return local;
}

static const char *opt_val(const PQconninfoOption *o, const char *kw)
{
	for (; o && o->keyword; o++)
		if (strcmp(o->keyword, kw) == 0)
			return o->val && *o->val ? o->val : NULL;
	return NULL;
}

static void quiet_notices(void *ud, const char *msg)
{
	/* NOTICEs (an index that exists ...) are not for the user; the core
	 * writes nothing to the terminal. */
	(void)ud;
	(void)msg;
}

/* Why a connection failed, in a sentence, from libpq's state rather than
 * its English text: the server answers a ping when it is up; a login to
 * its maintenance database tells a missing database from a refused one. */
static enum ct_status connect_error(struct pg_store *st, const char *const *kw,
				    const char *const *val, const char *sslmode, const char *db,
				    struct ct_error *err)
{
	PGconn *c = st->conn;
	if (PQconnectionNeedsPassword(c))
		return ct_fail(err, CT_SYSTEM,
			       _("%s asks for a password and none was found; put it in ~/.pgpass or PGPASSWORD"),
			       st->display);
	if (PQconnectionUsedPassword(c) && PQpingParams(kw, val, 1) == PQPING_OK) {
		/* A password was sent and the server is up: was it refused? */
		const char *kw2[8], *val2[8];
		size_t i = 0;
		for (; kw[i] && i < 6; i++) {
			kw2[i] = kw[i];
			val2[i] = val[i];
		}
		kw2[i] = "dbname";
		val2[i] = "postgres";
		kw2[i + 1] = NULL;
		val2[i + 1] = NULL;
		PGconn *m = PQconnectdbParams(kw2, val2, 1);
		bool ok = PQstatus(m) == CONNECTION_OK;
		PQfinish(m);
		if (!ok)
			return ct_fail(err, CT_SYSTEM,
				       _("%s refused the login: authentication failed; check the user and the password in ~/.pgpass or PGPASSWORD"),
				       st->display);
	}
	PGPing ping = PQpingParams(kw, val, 1);
	if (ping == PQPING_NO_RESPONSE || ping == PQPING_NO_ATTEMPT) {
		if (sslmode && strcmp(sslmode, "disable") != 0 && strcmp(sslmode, "allow") != 0 &&
		    strcmp(sslmode, "prefer") != 0) {
			/* Does it answer without TLS? Then TLS is what failed. */
			const char *kw2[8], *val2[8];
			size_t i = 0, j = 0;
			for (; kw[i] && i < 6; i++)
				if (strcmp(kw[i], "sslmode") != 0) {
					kw2[j] = kw[i];
					val2[j++] = val[i];
				}
			kw2[j] = "sslmode";
			val2[j++] = "disable";
			kw2[j] = NULL;
			val2[j] = NULL;
			if (PQpingParams(kw2, val2, 1) != PQPING_NO_RESPONSE)
				return ct_fail(err, CT_SYSTEM,
					       _("%s: the TLS connection failed (sslmode=%s): the server offers no TLS or its certificate is not trusted; fix the server's certificate or give another sslmode"),
					       st->display, sslmode);
		}
		return ct_fail(err, CT_SYSTEM,
			       _("cannot reach the PostgreSQL server of %s; check that it runs and the host and port"),
			       st->display);
	}
	if (ping == PQPING_REJECT)
		return ct_fail(err, CT_SYSTEM,
			       _("the PostgreSQL server of %s does not accept connections now (starting or shutting down); try again shortly"),
			       st->display);
	/* The server is up. Can this user log in to its maintenance
	 * database? Then the named database is missing, or refused. */
	const char *kw2[8], *val2[8];
	size_t i = 0;
	for (; kw[i] && i < 6; i++) {
		kw2[i] = kw[i];
		val2[i] = val[i];
	}
	kw2[i] = "dbname";
	val2[i] = "postgres";
	kw2[i + 1] = NULL;
	val2[i + 1] = NULL;
	PGconn *m = PQconnectdbParams(kw2, val2, 1);
	enum ct_status s;
	if (PQstatus(m) == CONNECTION_OK) {
		const char *pv[1] = {db};
		PGresult *r = PQexecParams(m, "SELECT 1 FROM pg_database WHERE datname = $1", 1, NULL,
					   pv, NULL, NULL, 0);
		bool exists = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0;
		PQclear(r);
		if (!exists)
			s = ct_fail(err, CT_SYSTEM,
				    _("the database %s does not exist on that server; create it with: createdb %s"),
				    db, db);
		else
			s = ct_fail(err, CT_SYSTEM,
				    _("%s refused the connection to the database %s; ask its owner to grant you CONNECT on it"),
				    st->display, db);
	} else {
		s = ct_fail(err, CT_SYSTEM,
			    _("%s refused the login: authentication failed or not allowed for this user and host; check pg_hba.conf, the user and ~/.pgpass"),
			    st->display);
	}
	PQfinish(m);
	return s;
}

static enum ct_status schema_check(struct pg_store *st, struct ct_error *err);

enum ct_status pg_open(const char *target, struct store **out, struct ct_error *err)
{
	*out = NULL;
	if (!pg_lib_load(err))
		return err ? err->status : CT_SYSTEM;
	char *perr = NULL;
	PQconninfoOption *opts = PQconninfoParse(target, &perr);
	if (!opts) {
		enum ct_status s = ct_fail(err, CT_USAGE,
					   _("the PostgreSQL connection string given with --db is not valid: %s"),
					   perr ? perr : "?");
		if (perr) {
			/* One line: libpq ends its messages with a newline. */
			char *nl = strchr(err ? err->msg : "", '\n');
			if (nl)
				*nl = '\0';
			PQfreemem(perr);
		}
		return s;
	}
	if (opt_val(opts, "password")) {
		PQconninfoFree(opts);
		return ct_fail(err, CT_USAGE,
			       _("the PostgreSQL connection string given with --db contains a password; put it in ~/.pgpass or PGPASSWORD instead"));
	}
	const char *host = opt_val(opts, "host");
	if (!host)
		host = opt_val(opts, "hostaddr");
	if (!host)
		host = getenv("PGHOST");
	const char *sslmode = opt_val(opts, "sslmode");
	if (!sslmode && getenv("PGSSLMODE") && *getenv("PGSSLMODE"))
		sslmode = getenv("PGSSLMODE");
	char *sslmode_copy = sslmode ? xstrdup(sslmode) : NULL;
	bool add_verify = !sslmode && !host_is_local(host);
	PQconninfoFree(opts);

	struct pg_store *st = xcalloc(1, sizeof(*st));
	const char *kw[6] = {"dbname", "fallback_application_name", NULL, NULL};
	const char *val[6] = {target, "certtrack", NULL, NULL};
	if (add_verify) {
		/* A server across the network: TLS with its name checked,
		 * unless the user chose otherwise. */
		kw[2] = "sslmode";
		val[2] = "verify-full";
		free(sslmode_copy);
		sslmode_copy = xstrdup("verify-full");
	}
	st->conn = PQconnectdbParams(kw, val, 1);
	const char *h = st->conn ? PQhost(st->conn) : NULL;
	const char *port = st->conn ? PQport(st->conn) : NULL;
	const char *db = st->conn ? PQdb(st->conn) : NULL;
	st->display = xasprintf("postgresql://%s%s%s/%s", h && *h ? h : "localhost",
				port && *port ? ":" : "", port ? port : "", db ? db : "");
	enum ct_status s;
	if (!st->conn || PQstatus(st->conn) != CONNECTION_OK) {
		char *dbname = xstrdup(db ? db : "");
		s = connect_error(st, kw, val, sslmode_copy, dbname, err);
		free(dbname);
		goto fail;
	}
	PQsetNoticeProcessor(st->conn, quiet_notices, NULL);
	if ((s = schema_check(st, err)))
		goto fail;
	free(sslmode_copy);
	*out = &st->base;
	return CT_OK;
fail:
	free(sslmode_copy);
	pg_close(st);
	return s;
}

void pg_close(struct pg_store *st)
{
	if (!st)
		return;
	pg_batch_drop(st);
	if (st->conn)
		PQfinish(st->conn);
	free(st->seen);
	free(st->display);
	free(st->base.warning);
	free(st);
}

/* The schema's version lives in a table of its own (SQLite's PRAGMA
 * user_version); every change to it runs under the writers' lock, so two
 * first uses at once do not both create the tables. */
#define SCHEMA_EXISTS "SELECT to_regclass('certtrack_schema') IS NOT NULL"
static const char SQL_SCHEMA_EXISTS[] = SCHEMA_EXISTS;
/* The first look at the schema sets the session up in the same round trip. */
static const char SQL_SESSION_SCHEMA_EXISTS[] = PG_SESSION_SET " " SCHEMA_EXISTS;
static const char SQL_SCHEMA_VERSION[] = "SELECT max(version), max(application) FROM certtrack_schema";
static const char SQL_SCHEMA_CREATE[] =
	"CREATE TABLE IF NOT EXISTS certtrack_schema (version INTEGER NOT NULL,"
	" application BIGINT NOT NULL)";
static const char SQL_SCHEMA_SET[] =
	"INSERT INTO certtrack_schema(version, application) VALUES ($1, $2)";
#define WRITE_LOCK_KEY "1129599563" /* "CTRK" */
static const char SQL_WRITE_LOCK[] = "SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")";

static enum ct_status schema_version(struct pg_store *st, bool first, long long *version,
				     struct ct_error *err)
{
	*version = 0;
	PGresult *r = pg_exec_text(st, first ? SQL_SESSION_SCHEMA_EXISTS : SQL_SCHEMA_EXISTS, err);
	OR_RETURN(r);
	bool exists = str_eq(pg_val(r, 0, 0), "t");
	PQclear(r);
	if (!exists)
		return CT_OK;
	r = pg_query(st, SQL_SCHEMA_VERSION, NULL, err);
	OR_RETURN(r);
	*version = pg_int(r, 0, 0);
	long long app = pg_int(r, 0, 1);
	PQclear(r);
	if (*version > 0 && app != STORE_APPLICATION_ID)
		return ct_fail(err, CT_DATA,
			       _("%s holds the tables of another program, not a certtrack database; give another database with --db"),
			       st->display);
	return CT_OK;
}

static enum ct_status schema_check(struct pg_store *st, struct ct_error *err)
{
	long long version;
	enum ct_status s = schema_version(st, true, &version, err);
	if (!s && version == STORE_SCHEMA_VERSION)
		return CT_OK;
	if (s)
		return s;
	if (version > STORE_SCHEMA_VERSION)
		goto newer;
	/* Create or migrate, under the lock, after looking again. */
	if ((s = pg_exec(st, "BEGIN", err)))
		return s;
	st->in_txn = true;
	if ((s = pg_run(st, SQL_WRITE_LOCK, NULL, err)) || (s = schema_version(st, false, &version, err)))
		goto out;
	if (version > STORE_SCHEMA_VERSION) {
		pg_rollback(st);
		goto newer;
	}
	if ((s = pg_run(st, SQL_SCHEMA_CREATE, NULL, err)))
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(migrations) && !s; i++) {
		if (migrations[i].from != version)
			continue;
		if ((s = pg_exec(st, migrations[i].sql, err)))
			break;
		version = migrations[i].to;
		struct pg_params p = {0};
		pg_p_int(&p, version);
		pg_p_int(&p, STORE_APPLICATION_ID);
		s = pg_run(st, SQL_SCHEMA_SET, &p, err);
	}
	if (!s && version != STORE_SCHEMA_VERSION)
		s = ct_fail(err, CT_DATA, _("%s has certtrack schema %lld, which this certtrack cannot upgrade"),
			    st->display, version);
out:
	if (s) {
		pg_rollback(st);
		return s;
	}
	s = pg_exec(st, "COMMIT", err);
	st->in_txn = false;
	return s;
newer:
	return ct_fail(err, CT_DATA,
		       _("%s was written by a newer certtrack (schema %lld, this one reads up to %d); upgrade certtrack to open it"),
		       st->display, version, STORE_SCHEMA_VERSION);
}

/* ---- transactions -------------------------------------------------------- */

long long pg_data_version(struct pg_store *st)
{
	if (!st->in_txn && pg_conn_lost(st)) {
		/* An interface left open: its connection comes back without
		 * blocking it, and counts as a change when it does. */
		pg_reconnect_poll(st);
		if (pg_conn_lost(st))
			return st->changes;
	}
	if (!st->listening && !st->in_txn) {
		/* Every committing writer notifies; a TUI polls this. */
		if (pg_exec(st, "LISTEN certtrack", NULL) == CT_OK)
			st->listening = true;
	}
	if (PQconsumeInput(st->conn) == 1) {
		PGnotify *n;
		int self = PQbackendPID(st->conn);
		while ((n = PQnotifies(st->conn))) {
			if (n->be_pid != self)
				st->changes++;
			PQfreemem(n);
		}
	}
	return st->changes;
}

/* One writer at a time, as with SQLite: waits for the others. The lock
 * is taken in the round trip that begins the transaction. */
static const char SQL_BEGIN_WRITE[] =
	"BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")";

enum ct_status pg_begin(struct pg_store *st, struct ct_error *err)
{
	pg_batch_drop(st);
	st->txn_lost = false; /* whatever failed before has ended */
	enum ct_status s = pg_reconnect(st, err);
	if (s)
		return s;
	st->in_txn = true; /* rolled back if the lock is not had */
	s = pg_exec(st, SQL_BEGIN_WRITE, err);
	if (s) {
		pg_rollback(st);
		return s;
	}
	st->in_write = true;
	return CT_OK;
}

enum ct_status pg_commit(struct pg_store *st, struct ct_error *err)
{
	/* The notification is sent with the commit, and only if it succeeds. */
	pg_batch_drop(st);
	enum ct_status s = pg_exec(st, st->in_write ? "NOTIFY certtrack; COMMIT" : "COMMIT", err);
	if (s) {
		pg_rollback(st);
		return s;
	}
	st->in_txn = st->in_write = false;
	return CT_OK;
}

void pg_rollback(struct pg_store *st)
{
	pg_batch_drop(st);
	st->txn_lost = false;
	if (st->in_txn && st->conn && PQstatus(st->conn) == CONNECTION_OK) {
		PGresult *r = PQexec(st->conn, "ROLLBACK");
		PQclear(r);
	}
	st->in_txn = st->in_write = false;
}

/* ---- history ---------------------------------------------------------- */

static const char SQL_CMD_NEW[] =
	"INSERT INTO commands(id, at, \"user\", summary, undo_of)"
	" VALUES ((SELECT coalesce(max(id), 0) + 1 FROM commands), $1, $2, $3, $4) RETURNING id";
static const char SQL_EVENT_ADD[] =
	"INSERT INTO events(id, command_id, at, \"user\", project_uuid, project_name, what, key, old,"
	" new, note, uuid) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM events), $1, $2, $3, $4,"
	" $5, $6, $7, $8, $9, $10, $11)";
static const char SQL_EVENTS_ALL[] = EVENT_SELECT " ORDER BY e.id DESC LIMIT $1";
static const char SQL_EVENTS_PROJECT[] =
	EVENT_SELECT " WHERE e.project_uuid = $1 ORDER BY e.id DESC LIMIT $2";
static const char SQL_UNDO_CANDIDATE[] =
	"SELECT id FROM commands c WHERE undo_of IS NULL AND undone_by IS NULL"
	" AND EXISTS (SELECT 1 FROM events e WHERE e.command_id = c.id)"
	" AND NOT EXISTS (SELECT 1 FROM commands s WHERE s.undone_by = s.id AND s.id > c.id)"
	" ORDER BY id DESC LIMIT 1";
static const char SQL_CMD_EVENTS[] = EVENT_SELECT " WHERE e.command_id = $1 ORDER BY e.id";
static const char SQL_CMD_MARK_UNDONE[] = "UPDATE commands SET undone_by = $1 WHERE id = $2";
static const char SQL_EVENTS_KIND[] =
	EVENT_SELECT " WHERE left(e.what, length($1)) = $1 ORDER BY e.id DESC";
static const char SQL_EVENTS_OWNER[] =
	EVENT_SELECT " WHERE e.project_uuid = $1 AND e.what = 'owner' AND e.id < $2 ORDER BY e.id DESC";

enum ct_status pg_command_new(struct pg_store *st, const char *at, const char *user,
			      const char *summary, long long undo_of, long long *id,
			      struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_text(&p, at);
	pg_p_text(&p, user);
	pg_p_text(&p, summary);
	if (undo_of)
		pg_p_int(&p, undo_of);
	else
		pg_p_null(&p);
	PGresult *r = pg_query(st, SQL_CMD_NEW, &p, err);
	OR_RETURN(r);
	*id = pg_int(r, 0, 0);
	PQclear(r);
	return CT_OK;
}

enum ct_status pg_event_add(struct pg_store *st, long long command, const char *uuid,
			    const char *at, const char *user, const char *project_uuid,
			    const char *project_name, const char *what, const char *key,
			    const char *old_value, const char *new_value, const char *note,
			    struct ct_error *err)
{
	char fresh[37];
	if (!uuid)
		uuid_v4(fresh);
	struct pg_params p = {0};
	pg_p_int(&p, command);
	pg_p_text(&p, at);
	pg_p_text(&p, user);
	pg_p_text(&p, project_uuid);
	pg_p_text(&p, project_name);
	pg_p_text(&p, what);
	pg_p_text(&p, key);
	pg_p_text(&p, old_value);
	pg_p_text(&p, new_value);
	pg_p_text(&p, note);
	pg_p_text(&p, uuid ? uuid : fresh);
	PGresult *r = pg_exec_params(st, SQL_EVENT_ADD, &p, err);
	if (!r)
		return err ? err->status : CT_SYSTEM;
	ExecStatusType es = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	enum ct_status s = CT_OK;
	if (es != PGRES_COMMAND_OK) {
		/* An id given by another copy that this database holds for
		 * another row: the copies contradict each other. */
		if (uuid && pg_sqlstate_is(r, "23505"))
			s = ct_fail(err, CT_DATA,
				    _("history row %s is in this database already as another change (of %s); the file was edited or mixes two databases, so it is not merged"),
				    uuid, project_name ? project_name : "?");
		else
			s = pg_db_error(st, r, err);
	}
	PQclear(r);
	return s;
}

/* The row's strings stay the result's. */
static void event_of_row(const PGresult *r, int i, struct event *e)
{
	e->id = pg_int(r, i, 0);
	e->command = pg_int(r, i, 1);
	e->undo_of = pg_int(r, i, 2);
	char **f[] = {&e->at,	    &e->user,	   &e->project_uuid, &e->project_name, &e->what,
		      &e->key,	    &e->old_value, &e->new_value,    &e->note,	       &e->uuid};
	for (int j = 0; j < 10; j++)
		*f[j] = (char *)pg_val(r, i, 3 + j);
}

/* Which rows of a project's history a query keeps: taken from a batch,
 * which holds the whole history, they are chosen here as the query does. */
struct event_pick {
	const char *project_uuid; /* NULL: not a project's history */
	long long limit;	  /* at most this many (0: all) */
	long long owner_before;	  /* > 0: only hand-offs older than this row */
};

static enum ct_status event_rows(struct pg_store *st, const struct event_pick *pick,
				 const char *sql_text, const struct pg_params *p,
				 struct pg_rows *rows, struct ct_error *err)
{
	long long id = 0;
	if (pick->project_uuid)
		pg_batch_project_of(st, pick->project_uuid, &id);
	enum ct_status s = pg_rows_get(st, PG_PART_EVENTS, id, sql_text, p, rows, err);
	if (!s)
		pg_rows_limit(rows, pick->limit);
	return s;
}

/* Calls fn for each picked row of rows. */
static enum ct_status each_picked(const struct event_pick *pick, const struct pg_rows *rows,
				  store_event_fn fn, void *ud)
{
	enum ct_status s = CT_OK;
	for (int i = rows->first, end = rows->first + rows->n; i < end && !s; i++) {
		if (pick->owner_before > 0 &&
		    (pg_int(rows->r, i, 0) >= pick->owner_before || !str_eq(pg_val(rows->r, i, 7), "owner")))
			continue;
		struct event e = {0};
		event_of_row(rows->r, i, &e);
		s = fn(ud, &e);
	}
	return s;
}

struct event_vec {
	struct event *v;
	size_t n, cap;
};

static enum ct_status vec_add(void *ud, const struct event *e)
{
	struct event_vec *ev = ud;
	if (ev->n == ev->cap) {
		ev->cap = ev->cap ? 2 * ev->cap : 16;
		ev->v = xreallocarray(ev->v, ev->cap, sizeof(*ev->v));
	}
	event_copy(&ev->v[ev->n++], e);
	return CT_OK;
}

static enum ct_status read_events(struct pg_store *st, const struct event_pick *pick,
				  const char *sql_text, const struct pg_params *p,
				  struct event **v, size_t *n, struct ct_error *err)
{
	*v = NULL;
	*n = 0;
	struct pg_rows rows;
	enum ct_status s = event_rows(st, pick, sql_text, p, &rows, err);
	if (s)
		return s;
	struct event_vec ev = {0};
	each_picked(pick, &rows, vec_add, &ev);
	pg_rows_done(&rows);
	*v = ev.v;
	*n = ev.n;
	return CT_OK;
}

struct event_call {
	store_event_fn fn;
	void *ud;
};

static enum ct_status call_event_row(void *ud, const PGresult *r, int i)
{
	struct event_call *c = ud;
	struct event e = {0};
	event_of_row(r, i, &e);
	return c->fn(c->ud, &e);
}

static enum ct_status walk_events(struct pg_store *st, const struct event_pick *pick,
				  const char *sql_text, const struct pg_params *p, store_event_fn fn,
				  void *ud, struct ct_error *err)
{
	/* The whole history a few thousand rows at a time: memory must not
	 * grow with it. */
	if (!pick->project_uuid && st->in_txn) {
		struct event_call c = {fn, ud};
		return pg_cursor_walk(st, sql_text, p, call_event_row, &c, err);
	}
	struct pg_rows rows;
	enum ct_status s = event_rows(st, pick, sql_text, p, &rows, err);
	if (s)
		return s;
	s = each_picked(pick, &rows, fn, ud);
	pg_rows_done(&rows);
	return s;
}

enum ct_status pg_events_list(struct pg_store *st, const char *project_uuid, long long limit,
			      struct event **v, size_t *n, struct ct_error *err)
{
	struct pg_params p = {0};
	if (project_uuid)
		pg_p_text(&p, project_uuid);
	pg_p_limit(&p, limit);
	struct event_pick pick = {.project_uuid = project_uuid, .limit = limit};
	return read_events(st, &pick, project_uuid ? SQL_EVENTS_PROJECT : SQL_EVENTS_ALL, &p, v, n,
			   err);
}

enum ct_status pg_events_each(struct pg_store *st, const char *project_uuid, long long limit,
			      store_event_fn fn, void *ud, struct ct_error *err)
{
	struct pg_params p = {0};
	if (project_uuid)
		pg_p_text(&p, project_uuid);
	pg_p_limit(&p, limit);
	struct event_pick pick = {.project_uuid = project_uuid, .limit = limit};
	return walk_events(st, &pick, project_uuid ? SQL_EVENTS_PROJECT : SQL_EVENTS_ALL, &p, fn,
			   ud, err);
}

enum ct_status pg_events_kind(struct pg_store *st, const char *prefix, store_event_fn fn, void *ud,
			      struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_text(&p, prefix);
	struct event_pick pick = {0};
	return walk_events(st, &pick, SQL_EVENTS_KIND, &p, fn, ud, err);
}

enum ct_status pg_events_owner(struct pg_store *st, const char *project_uuid, long long before,
			       store_event_fn fn, void *ud, struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_text(&p, project_uuid);
	pg_p_int(&p, before);
	struct event_pick pick = {.project_uuid = project_uuid, .owner_before = before};
	return walk_events(st, &pick, SQL_EVENTS_OWNER, &p, fn, ud, err);
}

enum ct_status pg_undo_candidate(struct pg_store *st, long long *id, struct ct_error *err)
{
	*id = 0;
	PGresult *r = pg_query(st, SQL_UNDO_CANDIDATE, NULL, err);
	OR_RETURN(r);
	if (PQntuples(r) > 0)
		*id = pg_int(r, 0, 0);
	PQclear(r);
	return CT_OK;
}

enum ct_status pg_command_events(struct pg_store *st, long long command, struct event **v,
				 size_t *n, struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, command);
	struct event_pick pick = {0};
	return read_events(st, &pick, SQL_CMD_EVENTS, &p, v, n, err);
}

enum ct_status pg_command_mark_undone(struct pg_store *st, long long command, long long by,
				      struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, by);
	pg_p_int(&p, command);
	return pg_run(st, SQL_CMD_MARK_UNDONE, &p, err);
}

/* ---- projects ------------------------------------------------------------ */

static const char SQL_PROJECT_BY_UUID[] =
	"SELECT id FROM projects WHERE uuid = $1 AND (deleted_at IS NULL OR $2::int <> 0)";
static const char SQL_PROJECT_BY_NAME[] =
	"SELECT id FROM projects WHERE name = $1 AND deleted_at IS NULL";
static const char SQL_PROJECT_ROW[] = "SELECT " PG_PROJECT_COLS " FROM projects WHERE id = $1";
/* In a write transaction the project is locked for the command (SQLite:
 * BEGIN IMMEDIATE); the writers' lock makes this belt and braces. */
static const char SQL_PROJECT_ROW_LOCK[] =
	"SELECT " PG_PROJECT_COLS " FROM projects WHERE id = $1 FOR UPDATE";
static const char SQL_PROJECT_FIELDS[] =
	"SELECT " PG_FIELD_COLS " FROM field_values WHERE project_id = $1";
static const char SQL_PROJECT_ITEMS[] =
	"SELECT " PG_ITEM_COLS " FROM item_states WHERE project_id = $1";
static const char SQL_PROJECT_COLLATERAL[] =
	"SELECT " PG_COLLATERAL_COLS " FROM collateral WHERE project_id = $1 AND removed = 0"
	" ORDER BY id";
/* The latest pre-scan, build and scan of the build, in one round trip. */
static const char SQL_PROJECT_RECORDS[] =
	"SELECT (SELECT passed FROM prescans WHERE project_id = $1 ORDER BY id DESC LIMIT 1),"
	" b.id, b.result,"
	" (SELECT passed FROM scans WHERE build_id = b.id ORDER BY id DESC LIMIT 1)"
	" FROM (SELECT 1) one LEFT JOIN LATERAL"
	" (SELECT id, result FROM builds WHERE project_id = $1 ORDER BY id DESC LIMIT 1) b ON true";
static const char SQL_NAME_TAKEN[] =
	"SELECT 1 FROM projects WHERE name = $1 AND deleted_at IS NULL AND id <> $2";
static const char SQL_PROJECT_INSERT[] =
	"INSERT INTO projects(id, uuid, name, template, owner, created_at, updated_at)"
	" VALUES ((SELECT coalesce(max(id), 0) + 1 FROM projects), $1, $2, $3, $4, $5, $6)"
	" RETURNING id";
static const char SQL_PROJECT_UPDATE[] =
	"UPDATE projects SET name = $1, owner = $2, updated_at = $3 WHERE id = $4";
static const char SQL_PROJECT_DELETED[] = "UPDATE projects SET deleted_at = $1 WHERE id = $2";
static const char SQL_FIELD_WRITE[] =
	"INSERT INTO field_values(project_id, key, value, updated_at, updated_by)"
	" VALUES ($1, $2, $3, $4, $5) ON CONFLICT (project_id, key) DO UPDATE SET"
	" value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by";
static const char SQL_ITEM_WRITE[] =
	"INSERT INTO item_states(project_id, key, status, note, reason, forced_reason, updated_at,"
	" updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
	" ON CONFLICT (project_id, key) DO UPDATE SET status = excluded.status,"
	" note = excluded.note, reason = excluded.reason, forced_reason = excluded.forced_reason,"
	" updated_at = excluded.updated_at, updated_by = excluded.updated_by";
static const char SQL_COLLATERAL_REMOVED[] =
	"UPDATE collateral SET removed = $1 WHERE project_id = $2 AND id = $3";
static const char SQL_SUMMARY_WRITE[] =
	"UPDATE projects SET sum_done = $1, sum_total = $2, sum_next = $3, sum_errors = $4,"
	" sum_warnings = $5, sum_broken = $6, sum_next_blocked = $7, sum_to_fill = $8 WHERE id = $9";
static const char SQL_PROJECT_LIST[] = SUMMARY_SELECT " ORDER BY name";
static const char SQL_PROJECT_SUMMARY[] = SUMMARY_SELECT " AND id = $1";
static const char SQL_PROJECT_COUNT[] = "SELECT count(*) FROM projects WHERE deleted_at IS NULL";
static const char SQL_ITEMS_BLOCKED[] =
	"SELECT key FROM item_states WHERE project_id = $1 AND status = 'blocked'";
static const char SQL_SCAN_FAILED[] =
	"SELECT policy FROM scan_results WHERE status = 'fail' AND scan_id ="
	" (SELECT s.id FROM scans s WHERE s.build_id ="
	" (SELECT b.id FROM builds b WHERE b.project_id = $1 ORDER BY b.id DESC LIMIT 1)"
	" ORDER BY s.id DESC LIMIT 1) ORDER BY rid";
/* Each order ends with the name; reversed is the whole order reversed. */
static const char *const SQL_SORT[2 * STORE_SORT__COUNT] = {
	SUMMARY_SELECT " ORDER BY name LIMIT $1 OFFSET $2",
	SUMMARY_SELECT " ORDER BY name DESC LIMIT $1 OFFSET $2",
	SUMMARY_SELECT " ORDER BY " SORT_PROGRESS_KEY " DESC, name LIMIT $1 OFFSET $2",
	SUMMARY_SELECT " ORDER BY " SORT_PROGRESS_KEY ", name DESC LIMIT $1 OFFSET $2",
	SUMMARY_SELECT " ORDER BY updated_at DESC, name LIMIT $1 OFFSET $2",
	SUMMARY_SELECT " ORDER BY updated_at, name DESC LIMIT $1 OFFSET $2",
	SUMMARY_SELECT " ORDER BY owner, name LIMIT $1 OFFSET $2",
	SUMMARY_SELECT " ORDER BY owner DESC, name DESC LIMIT $1 OFFSET $2",
	SUMMARY_SELECT " ORDER BY " SORT_PROBLEMS_KEY " DESC, name LIMIT $1 OFFSET $2",
	SUMMARY_SELECT " ORDER BY " SORT_PROBLEMS_KEY ", name DESC LIMIT $1 OFFSET $2",
};

static enum ct_status find_one(struct pg_store *st, const char *sql_text, const struct pg_params *p,
			       long long *id, struct ct_error *err)
{
	PGresult *r = pg_query(st, sql_text, p, err);
	OR_RETURN(r);
	enum ct_status s = CT_FAILED;
	if (PQntuples(r) > 0) {
		*id = pg_int(r, 0, 0);
		s = CT_OK;
	}
	PQclear(r);
	return s;
}

enum ct_status pg_project_find(struct pg_store *st, const char *name_or_uuid, bool include_deleted,
			       long long *id, struct ct_error *err)
{
	enum ct_status r = CT_FAILED;
	if (uuid_looks_valid(name_or_uuid)) {
		struct pg_params p = {0};
		pg_p_text(&p, name_or_uuid);
		pg_p_int(&p, include_deleted);
		r = find_one(st, SQL_PROJECT_BY_UUID, &p, id, err);
	}
	if (r == CT_FAILED) {
		struct pg_params p = {0};
		pg_p_text(&p, name_or_uuid);
		r = find_one(st, SQL_PROJECT_BY_NAME, &p, id, err);
	}
	if (r == CT_FAILED)
		return ct_fail(err, CT_USAGE,
			       _("no project named \"%s\"; 'certtrack list' shows the projects"),
			       name_or_uuid);
	return r;
}

bool pg_name_taken(struct pg_store *st, const char *name, long long except_id)
{
	struct pg_params p = {0};
	pg_p_text(&p, name);
	pg_p_int(&p, except_id);
	PGresult *r = pg_query(st, SQL_NAME_TAKEN, &p, NULL);
	bool taken = r && PQntuples(r) > 0;
	PQclear(r);
	return taken;
}

/* The parts pg_project_load reads, asked together. */
enum { LOAD_PROJECT, LOAD_FIELDS, LOAD_ITEMS, LOAD_COLLATERAL, LOAD_RECORDS, LOAD__COUNT };
static const enum pg_part LOAD_PARTS[LOAD__COUNT] = {
	PG_PART_PROJECT, PG_PART_FIELDS, PG_PART_ITEMS, PG_PART_COLLATERAL, PG_PART_RECORDS,
};

static void load_done(struct pg_rows *rows)
{
	for (int i = 0; i < LOAD__COUNT; i++)
		pg_rows_done(&rows[i]);
}

enum ct_status pg_project_load(struct pg_store *st, long long id, const struct template_set *set,
			       struct project **out, struct ct_error *err)
{
	*out = NULL;
	struct pg_params p = {0};
	pg_p_int(&p, id);
	/* One round trip for the five when libpq pipelines, none inside a
	 * report's batch. */
	const char *const sql[LOAD__COUNT] = {
		st->in_write ? SQL_PROJECT_ROW_LOCK : SQL_PROJECT_ROW, SQL_PROJECT_FIELDS,
		SQL_PROJECT_ITEMS, SQL_PROJECT_COLLATERAL, SQL_PROJECT_RECORDS,
	};
	struct pg_rows all[LOAD__COUNT];
	enum ct_status s = pg_rows_get_all(st, id, LOAD_PARTS, sql, LOAD__COUNT, &p, all, err);
	if (s)
		return s;
	struct pg_rows *rows = &all[LOAD_PROJECT];
	if (rows->n == 0) {
		load_done(all);
		return ct_fail(err, CT_USAGE, _("project #%lld does not exist"), id);
	}
	const PGresult *r = rows->r;
	int row = rows->first;
	const char *tpl_id = pg_val(r, row, 2);
	const struct template *tpl = template_set_find(set, tpl_id ? tpl_id : "");
	if (!tpl) {
		s = ct_fail(err, CT_DATA,
			    _("project uses template \"%s\", which is not installed; add its folder with --templates"),
			    tpl_id ? tpl_id : "");
		load_done(all);
		return s;
	}
	struct project *pr = project_new(tpl, "");
	pr->id = id;
	const char *uuid = pg_val(r, row, 0);
	snprintf(pr->uuid, sizeof(pr->uuid), "%s", uuid ? uuid : "");
	free(pr->name);
	pr->name = pg_text(r, row, 1);
	pr->owner = pg_text(r, row, 3);
	pr->created_at = pg_text(r, row, 4);
	pr->updated_at = pg_text(r, row, 5);
	pr->published = pg_int(r, row, 6) != 0;
	/* Values come from the database only; defaults apply at creation. */
	for (size_t i = 0; i < tpl->n_fields; i++)
		x_free(&pr->fields[i].value);

	rows = &all[LOAD_FIELDS];
	for (int i = rows->first, end = rows->first + rows->n; i < end; i++) {
		int fi = template_field_index(tpl, pg_val(rows->r, i, 0));
		if (fi < 0)
			continue; /* a field of a newer template version: kept */
		struct field_value *fv = &pr->fields[fi];
		fv->value = pg_text(rows->r, i, 1);
		fv->updated_at = pg_text(rows->r, i, 2);
		fv->updated_by = pg_text(rows->r, i, 3);
	}
	int pn = template_field_index(tpl, "project_name");
	if (pn >= 0) {
		free(pr->fields[pn].value);
		pr->fields[pn].value = xstrdup(pr->name);
	}

	rows = &all[LOAD_ITEMS];
	for (int i = rows->first, end = rows->first + rows->n; i < end; i++) {
		int ii = template_item_index(tpl, pg_val(rows->r, i, 0));
		if (ii < 0)
			continue;
		struct item_state *is = &pr->items[ii];
		item_status_parse(pg_val(rows->r, i, 1), &is->status);
		is->note = pg_text(rows->r, i, 2);
		is->reason = pg_text(rows->r, i, 3);
		is->forced_reason = pg_text(rows->r, i, 4);
		is->updated_at = pg_text(rows->r, i, 5);
		is->updated_by = pg_text(rows->r, i, 6);
	}

	rows = &all[LOAD_COLLATERAL];
	if (rows->n > 0)
		pr->collateral = xcalloc((size_t)rows->n, sizeof(*pr->collateral));
	for (int i = rows->first, end = rows->first + rows->n; i < end; i++) {
		struct collateral *c = &pr->collateral[pr->n_collateral++];
		c->id = pg_int(rows->r, i, 0);
		c->title = pg_text(rows->r, i, 1);
		c->type = pg_text(rows->r, i, 2);
		c->location = pg_text(rows->r, i, 3);
		c->added_at = pg_text(rows->r, i, 4);
		c->added_by = pg_text(rows->r, i, 5);
	}

	rows = &all[LOAD_RECORDS];
	if (rows->n > 0) {
		r = rows->r;
		row = rows->first;
		if (pg_val(r, row, 0))
			pr->prescan = pg_int(r, row, 0) ? REC_PASSED : REC_FAILED;
		if (pg_val(r, row, 1)) {
			const char *res = pg_val(r, row, 2);
			pr->build = str_eq(res, "succeeded") ? REC_PASSED
				  : str_eq(res, "running") ? REC_RUNNING : REC_FAILED;
			if (pg_val(r, row, 3))
				pr->scan = pg_int(r, row, 3) ? REC_PASSED : REC_FAILED;
		}
	}
	load_done(all);
	*out = pr;
	return CT_OK;
}

enum ct_status pg_project_insert(struct pg_store *st, struct project *pr, struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_text(&p, pr->uuid);
	pg_p_text(&p, pr->name);
	pg_p_text(&p, pr->template_id);
	pg_p_text(&p, pr->owner);
	pg_p_text(&p, pr->created_at);
	pg_p_text(&p, pr->updated_at);
	PGresult *r = pg_query(st, SQL_PROJECT_INSERT, &p, err);
	OR_RETURN(r);
	pr->id = pg_int(r, 0, 0);
	PQclear(r);
	enum ct_status s;
	for (size_t i = 0; i < pr->tpl->n_fields; i++) {
		if (!pr->fields[i].value || strcmp(pr->tpl->fields[i].key, "project_name") == 0)
			continue;
		if ((s = pg_field_write(st, pr->id, pr->tpl->fields[i].key, &pr->fields[i], err)))
			return s;
	}
	for (size_t i = 0; i < pr->tpl->n_items; i++)
		if ((s = pg_item_write(st, pr->id, pr->tpl->items[i].key, &pr->items[i], err)))
			return s;
	return CT_OK;
}

enum ct_status pg_project_update(struct pg_store *st, const struct project *pr, struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_text(&p, pr->name);
	pg_p_text(&p, pr->owner);
	pg_p_text(&p, pr->updated_at);
	pg_p_int(&p, pr->id);
	return pg_run(st, SQL_PROJECT_UPDATE, &p, err);
}

enum ct_status pg_project_set_deleted(struct pg_store *st, long long id, const char *deleted_at,
				      struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_text(&p, deleted_at);
	pg_p_int(&p, id);
	return pg_run(st, SQL_PROJECT_DELETED, &p, err);
}

enum ct_status pg_field_write(struct pg_store *st, long long project, const char *key,
			      const struct field_value *fv, struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, project);
	pg_p_text(&p, key);
	pg_p_text(&p, fv->value);
	pg_p_text(&p, fv->updated_at ? fv->updated_at : "");
	pg_p_text(&p, fv->updated_by ? fv->updated_by : "");
	return pg_run(st, SQL_FIELD_WRITE, &p, err);
}

enum ct_status pg_item_write(struct pg_store *st, long long project, const char *key,
			     const struct item_state *is, struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, project);
	pg_p_text(&p, key);
	pg_p_text(&p, item_status_name(is->status));
	pg_p_text(&p, is->note);
	pg_p_text(&p, is->reason);
	pg_p_text(&p, is->forced_reason);
	pg_p_text(&p, is->updated_at);
	pg_p_text(&p, is->updated_by);
	return pg_run(st, SQL_ITEM_WRITE, &p, err);
}

enum ct_status pg_collateral_set_removed(struct pg_store *st, long long project, long long id,
					 bool removed, struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, removed);
	pg_p_int(&p, project);
	pg_p_int(&p, id);
	PGresult *r = pg_query(st, SQL_COLLATERAL_REMOVED, &p, err);
	OR_RETURN(r);
	bool changed = strcmp(PQcmdTuples(r), "0") != 0;
	PQclear(r);
	if (!changed)
		return ct_fail(err, CT_USAGE,
			       _("no collateral #%lld in this project; 'certtrack show' lists them"), id);
	return CT_OK;
}

enum ct_status pg_summary_write(struct pg_store *st, const struct project_summary *sum,
				struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, sum->done);
	pg_p_int(&p, sum->total);
	pg_p_text(&p, sum->next_action);
	pg_p_int(&p, sum->errors);
	pg_p_int(&p, sum->warnings);
	pg_p_int(&p, sum->broken);
	pg_p_int(&p, sum->next_blocked);
	pg_p_int(&p, sum->to_fill);
	pg_p_int(&p, sum->id);
	return pg_run(st, SQL_SUMMARY_WRITE, &p, err);
}

/* A row of SUMMARY_SELECT; the strings point into the result. */
static void summary_of_row(const PGresult *r, int i, struct project_summary *ps)
{
	memset(ps, 0, sizeof(*ps));
	ps->id = pg_int(r, i, 0);
	const char *uuid = pg_val(r, i, 1);
	snprintf(ps->uuid, sizeof(ps->uuid), "%s", uuid ? uuid : "");
	ps->name = (char *)pg_val(r, i, 2);
	ps->template_id = (char *)pg_val(r, i, 3);
	ps->owner = (char *)pg_val(r, i, 4);
	ps->updated_at = (char *)pg_val(r, i, 5);
	ps->done = (int)pg_int(r, i, 6);
	ps->total = (int)pg_int(r, i, 7);
	ps->next_action = (char *)pg_val(r, i, 8);
	ps->errors = (int)pg_int(r, i, 9);
	ps->warnings = (int)pg_int(r, i, 10);
	ps->broken = (int)pg_int(r, i, 11);
	ps->next_blocked = pg_int(r, i, 12) != 0;
	ps->to_fill = (int)pg_int(r, i, 13);
}

/* batch: the walk is a report's, which loads the projects it is given
 * (pg_batch.c). */
static enum ct_status summaries_walk(struct pg_store *st, const char *sql_text,
				     const struct pg_params *p, store_summary_fn fn, void *ud,
				     bool batch, struct ct_error *err)
{
	PGresult *r = pg_query(st, sql_text, p, err);
	OR_RETURN(r);
	if (batch) {
		int rows = PQntuples(r);
		long long *ids = xcalloc(rows > 0 ? (size_t)rows : 1, sizeof(*ids));
		for (int i = 0; i < rows; i++)
			ids[i] = pg_int(r, i, 0);
		pg_batch_walk(st, ids, (size_t)rows);
	}
	enum ct_status s = CT_OK;
	for (int i = 0, n = PQntuples(r); i < n && !s; i++) {
		struct project_summary ps;
		summary_of_row(r, i, &ps);
		s = fn(ud, &ps);
	}
	PQclear(r);
	return s;
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
	d->name = s->name ? xstrdup(s->name) : NULL;
	d->template_id = s->template_id ? xstrdup(s->template_id) : NULL;
	d->owner = s->owner ? xstrdup(s->owner) : NULL;
	d->updated_at = s->updated_at ? xstrdup(s->updated_at) : NULL;
	d->next_action = s->next_action ? xstrdup(s->next_action) : NULL;
	return CT_OK;
}

enum ct_status pg_project_list(struct pg_store *st, struct project_summary **v, size_t *n,
			       struct ct_error *err)
{
	struct page pg = {0};
	enum ct_status s = summaries_walk(st, SQL_PROJECT_LIST, NULL, page_add, &pg, false, err);
	if (s) {
		project_summaries_free(pg.v, pg.n);
		pg.v = NULL;
		pg.n = 0;
	}
	*v = pg.v;
	*n = pg.n;
	return s;
}

enum ct_status pg_project_each(struct pg_store *st, store_summary_fn fn, void *ud,
			       struct ct_error *err)
{
	return summaries_walk(st, SQL_PROJECT_LIST, NULL, fn, ud, true, err);
}

enum ct_status pg_project_walk(struct pg_store *st, enum store_sort sort, bool reverse,
			       long long offset, long long limit, store_summary_fn fn, void *ud,
			       struct ct_error *err)
{
	if ((int)sort < 0 || sort >= STORE_SORT__COUNT)
		sort = STORE_SORT_NAME;
	struct pg_params p = {0};
	if (limit >= 0)
		pg_p_int(&p, limit);
	else
		pg_p_null(&p);
	pg_p_int(&p, offset > 0 ? offset : 0);
	return summaries_walk(st, SQL_SORT[2 * (int)sort + (reverse ? 1 : 0)], &p, fn, ud, false, err);
}

enum ct_status pg_project_page(struct pg_store *st, enum store_sort sort, bool reverse,
			       long long offset, long long limit, struct project_summary **v,
			       size_t *n, struct ct_error *err)
{
	struct page pg = {0};
	enum ct_status s = pg_project_walk(st, sort, reverse, offset, limit, page_add, &pg, err);
	if (s) {
		project_summaries_free(pg.v, pg.n);
		pg.v = NULL;
		pg.n = 0;
	}
	*v = pg.v;
	*n = pg.n;
	return s;
}

enum ct_status pg_project_summary(struct pg_store *st, long long id, store_summary_fn fn, void *ud,
				  struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, id);
	return summaries_walk(st, SQL_PROJECT_SUMMARY, &p, fn, ud, false, err);
}

static enum ct_status strings_of(struct pg_store *st, const char *sql_text, long long id,
				 struct strlist *out, struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, id);
	PGresult *r = pg_query(st, sql_text, &p, err);
	OR_RETURN(r);
	for (int i = 0, n = PQntuples(r); i < n; i++)
		strlist_add(out, pg_val(r, i, 0));
	PQclear(r);
	return CT_OK;
}

enum ct_status pg_items_blocked(struct pg_store *st, long long project, struct strlist *keys,
				struct ct_error *err)
{
	return strings_of(st, SQL_ITEMS_BLOCKED, project, keys, err);
}

enum ct_status pg_latest_scan_failed(struct pg_store *st, long long project,
				     struct strlist *policies, struct ct_error *err)
{
	return strings_of(st, SQL_SCAN_FAILED, project, policies, err);
}

enum ct_status pg_project_count(struct pg_store *st, size_t *n, struct ct_error *err)
{
	PGresult *r = pg_query(st, SQL_PROJECT_COUNT, NULL, err);
	*n = 0;
	OR_RETURN(r);
	*n = (size_t)pg_int(r, 0, 0);
	PQclear(r);
	return CT_OK;
}

/* ---- records ------------------------------------------------------------- */

static const char SQL_PRESCAN_DELETE[] = "DELETE FROM prescans WHERE id = $1";
static const char SQL_PRESCANS_LIST[] =
	"SELECT " PG_PRESCAN_COLS " FROM prescans WHERE project_id = $1 ORDER BY id DESC LIMIT $2";
static const char SQL_BUILD_UPDATE[] =
	"UPDATE builds SET build_ref = $1, finished_at = $2, result = $3, note = $4 WHERE id = $5";
static const char SQL_BUILD_DELETE[] = "DELETE FROM builds WHERE id = $1";
static const char SQL_BUILDS_LIST[] =
	"SELECT " PG_BUILD_COLS " FROM builds WHERE project_id = $1 ORDER BY id DESC";
static const char SQL_SCAN_DELETE[] = "DELETE FROM scans WHERE id = $1";
static const char SQL_SCANS_LIST[] =
	"SELECT " PG_SCAN_COLS " FROM scans s WHERE s.build_id = $1 ORDER BY s.id DESC";
static const char SQL_SCAN_RESULTS[] =
	"SELECT " PG_SCAN_RESULT_COLS " FROM scan_results r WHERE r.scan_id = $1 ORDER BY r.rid";
static const char SQL_PUBLISHED[] =
	"UPDATE projects SET published = $1, published_at = $2, published_by = $3 WHERE id = $4";

static enum ct_status delete_by_id(struct pg_store *st, const char *sql_text, long long id,
				   struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, id);
	return pg_run(st, sql_text, &p, err);
}

enum ct_status pg_prescan_delete(struct pg_store *st, long long id, struct ct_error *err)
{
	return delete_by_id(st, SQL_PRESCAN_DELETE, id, err);
}

enum ct_status pg_prescans_list(struct pg_store *st, long long project, long long limit,
				struct prescan_record **v, size_t *n, struct ct_error *err)
{
	*v = NULL;
	*n = 0;
	struct pg_params p = {0};
	pg_p_int(&p, project);
	pg_p_limit(&p, limit);
	struct pg_rows rows;
	enum ct_status s = pg_rows_get(st, PG_PART_PRESCANS, project, SQL_PRESCANS_LIST, &p, &rows,
				       err);
	if (s)
		return s;
	pg_rows_limit(&rows, limit);
	if (rows.n > 0)
		*v = xcalloc((size_t)rows.n, sizeof(**v));
	for (int k = 0; k < rows.n; k++) {
		const PGresult *r = rows.r;
		int i = rows.first + k;
		struct prescan_record *x = &(*v)[k];
		x->id = pg_int(r, i, 0);
		x->at = pg_text(r, i, 1);
		x->user = pg_text(r, i, 2);
		x->file = pg_text(r, i, 3);
		x->digest = pg_text(r, i, 4);
		x->passed = pg_int(r, i, 5) != 0;
		x->results = pg_text(r, i, 6);
	}
	*n = (size_t)rows.n;
	pg_rows_done(&rows);
	return CT_OK;
}

enum ct_status pg_build_update(struct pg_store *st, const struct build_record *b,
			       struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_text(&p, b->build_ref);
	pg_p_text(&p, b->finished_at);
	pg_p_text(&p, build_result_name(b->result));
	pg_p_text(&p, b->note);
	pg_p_int(&p, b->id);
	return pg_run(st, SQL_BUILD_UPDATE, &p, err);
}

enum ct_status pg_build_delete(struct pg_store *st, long long id, struct ct_error *err)
{
	return delete_by_id(st, SQL_BUILD_DELETE, id, err);
}

enum ct_status pg_builds_list(struct pg_store *st, long long project, struct build_record **v,
			      size_t *n, struct ct_error *err)
{
	*v = NULL;
	*n = 0;
	struct pg_params p = {0};
	pg_p_int(&p, project);
	struct pg_rows rows;
	enum ct_status s = pg_rows_get(st, PG_PART_BUILDS, project, SQL_BUILDS_LIST, &p, &rows, err);
	if (s)
		return s;
	if (rows.n > 0)
		*v = xcalloc((size_t)rows.n, sizeof(**v));
	for (int k = 0; k < rows.n; k++) {
		const PGresult *r = rows.r;
		int i = rows.first + k;
		struct build_record *b = &(*v)[k];
		b->id = pg_int(r, i, 0);
		b->tag = pg_text(r, i, 1);
		b->build_ref = pg_text(r, i, 2);
		b->started_at = pg_text(r, i, 3);
		b->finished_at = pg_text(r, i, 4);
		b->result = build_result_parse(pg_val(r, i, 5));
		b->note = pg_text(r, i, 6);
		b->user = pg_text(r, i, 7);
	}
	*n = (size_t)rows.n;
	pg_rows_done(&rows);
	return CT_OK;
}

enum ct_status pg_scan_delete(struct pg_store *st, long long id, struct ct_error *err)
{
	return delete_by_id(st, SQL_SCAN_DELETE, id, err);
}

static enum ct_status scan_results_of(struct pg_store *st, struct scan_record *x,
				      struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, x->id);
	struct pg_rows rows;
	enum ct_status s = pg_rows_get(st, PG_PART_SCAN_RESULTS, x->id, SQL_SCAN_RESULTS, &p, &rows,
				       err);
	if (s)
		return s;
	if (rows.n > 0)
		x->results = xcalloc((size_t)rows.n, sizeof(*x->results));
	for (int k = 0; k < rows.n; k++) {
		const PGresult *r = rows.r;
		int j = rows.first + k;
		struct scan_result *y = &x->results[x->n_results++];
		y->policy = pg_text(r, j, 0);
		y->status = pg_text(r, j, 1);
		y->message = pg_text(r, j, 2);
		y->fix = pg_text(r, j, 3);
		y->url = pg_text(r, j, 4);
		y->description = pg_text(r, j, 5);
		y->help = pg_text(r, j, 6);
		y->has_elapsed = pg_val(r, j, 7) != NULL;
		y->elapsed_ms = pg_int(r, j, 7);
		y->check_url = pg_text(r, j, 8);
	}
	pg_rows_done(&rows);
	return CT_OK;
}

enum ct_status pg_scans_list(struct pg_store *st, long long build_id, struct scan_record **v,
			     size_t *n, struct ct_error *err)
{
	*v = NULL;
	*n = 0;
	struct pg_params p = {0};
	pg_p_int(&p, build_id);
	struct pg_rows rows;
	enum ct_status s = pg_rows_get(st, PG_PART_SCANS, build_id, SQL_SCANS_LIST, &p, &rows, err);
	if (s)
		return s;
	int count = rows.n;
	struct scan_record *list = count > 0 ? xcalloc((size_t)count, sizeof(*list)) : NULL;
	for (int k = 0; k < count; k++) {
		const PGresult *r = rows.r;
		int i = rows.first + k;
		struct scan_record *x = &list[k];
		x->id = pg_int(r, i, 0);
		x->build_id = pg_int(r, i, 1);
		x->at = pg_text(r, i, 2);
		x->user = pg_text(r, i, 3);
		x->passed = pg_int(r, i, 4) != 0;
		x->source = pg_text(r, i, 5);
		x->image = pg_text(r, i, 6);
		x->tool_name = pg_text(r, i, 7);
		x->tool_version = pg_text(r, i, 8);
		x->tool_commit = pg_text(r, i, 9);
		x->certification_hash = pg_text(r, i, 10);
	}
	pg_rows_done(&rows);
	for (int k = 0; k < count && !s; k++)
		s = scan_results_of(st, &list[k], err);
	if (s) {
		scan_records_free(list, (size_t)count);
		return s;
	}
	*v = list;
	*n = (size_t)count;
	return CT_OK;
}

enum ct_status pg_project_set_published(struct pg_store *st, long long project, bool published,
					const char *at, const char *user, struct ct_error *err)
{
	struct pg_params p = {0};
	pg_p_int(&p, published);
	pg_p_text(&p, at);
	pg_p_text(&p, user);
	pg_p_int(&p, project);
	return pg_run(st, SQL_PUBLISHED, &p, err);
}
