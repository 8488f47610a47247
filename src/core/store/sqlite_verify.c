/* store_verify.c - the verifications table (migration 2): the stored
 * results of the remote checks. Part of the store module: SQL only here,
 * in store.c and the other store_*.c files. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/store.h"
#include "certtrack/util.h"
#include "certtrack/verify.h"
#include "core/store/sqlite_int.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_VERIFY_ADD[] =
	"INSERT INTO verifications (project_id, at, user, kind, target, outcome, message, details)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_VERIFY_LIST[] =
	"SELECT id, at, user, kind, target, outcome, message, details FROM verifications"
	" WHERE project_id = ? ORDER BY id DESC LIMIT ?";
static const char SQL_VERIFY_DELETE[] =
	"DELETE FROM verifications WHERE project_id = ? AND id BETWEEN ? AND ?";


enum ct_status sqlite_verification_add(struct sqlite_store *st, long long project,
				       struct verification *v, struct ct_error *err)
{
	sqlite3_stmt *s = sqlite_stmt_sql(st, SQL_VERIFY_ADD, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite3_bind_int64(s, 1, project);
	sqlite_bind_text(s, 2, v->at);
	sqlite_bind_text(s, 3, v->user);
	sqlite_bind_text(s, 4, v->kind);
	sqlite_bind_text(s, 5, v->target ? v->target : "");
	sqlite_bind_text(s, 6, v->outcome);
	sqlite_bind_text(s, 7, v->message ? v->message : "");
	sqlite_bind_text(s, 8, v->details);
	enum ct_status rc = sqlite_run(st, s, err);
	if (!rc)
		v->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

enum ct_status sqlite_verifications_list(struct sqlite_store *st, long long project, long long limit,
					struct verification **out, size_t *n, struct ct_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = sqlite_stmt_sql(st, SQL_VERIFY_LIST, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite3_bind_int64(s, 1, project);
	sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
	struct verification *v = NULL;
	size_t cnt = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xreallocarray(v, cnt + 1, sizeof(*v));
		struct verification *e = &v[cnt++];
		e->id = sqlite3_column_int64(s, 0);
		e->at = sqlite_col_text(s, 1);
		e->user = sqlite_col_text(s, 2);
		e->kind = sqlite_col_text(s, 3);
		e->target = sqlite_col_text(s, 4);
		e->outcome = sqlite_col_text(s, 5);
		e->message = sqlite_col_text(s, 6);
		e->details = sqlite_col_text(s, 7);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		verifications_free(v, cnt);
		return sqlite_db_error(st, err, rc);
	}
	*out = v;
	*n = cnt;
	return CT_OK;
}

enum ct_status sqlite_verifications_delete(struct sqlite_store *st, long long project, long long first,
					  long long last, struct ct_error *err)
{
	sqlite3_stmt *s = sqlite_stmt_sql(st, SQL_VERIFY_DELETE, err);
	if (!s)
		return err ? err->status : CT_SYSTEM;
	sqlite3_bind_int64(s, 1, project);
	sqlite3_bind_int64(s, 2, first);
	sqlite3_bind_int64(s, 3, last);
	return sqlite_run(st, s, err);
}
