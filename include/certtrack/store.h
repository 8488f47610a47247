/* store.h - where the data lives: schema and migrations, transactions,
 * and the only place in certtrack that speaks SQL. An interface with one
 * backend per database kind (src/core/store/: SQLite files today); the
 * callers never know which one they talk to. */
#ifndef CERTTRACK_STORE_H
#define CERTTRACK_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/project.h"
#include "certtrack/model.h"
#include "certtrack/status.h"
#include "certtrack/template.h"
#include "certtrack/util.h"

/* "CTRK" in PRAGMA application_id. */
#define STORE_APPLICATION_ID 0x4354524b
/* Newest schema this certtrack writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 6

struct store;

/* Opens, or creates with its folder (0700) and mode 0600, the database.
 * A file that is not a certtrack database, is corrupt or comes from a
 * newer certtrack is CT_DATA and left untouched. */
enum ct_status store_open(const char *path, struct store **out, struct ct_error *err);
void store_close(struct store *st);
/* Whether a --db value names a file (SQLite) rather than a server. */
bool store_target_is_file(const char *target);
/* Every backend built in, with its library: "sqlite 3.40.1, postgresql
 * (libpq 15)" (for --version; caller frees). */
char *store_versions(void);
/* The backend that opened it: "sqlite" or "postgresql". */
const char *store_backend_name(const struct store *st);
/* A warning about the file's location (network filesystem), or NULL. */
const char *store_warning(const struct store *st);
bool store_readonly(const struct store *st);
/* Changes whenever another connection commits (PRAGMA data_version). */
long long store_data_version(struct store *st);
/* Default database path: $XDG_DATA_HOME/certtrack/certtrack.db. */
char *store_default_path(void);

/* BEGIN IMMEDIATE, waiting for other writers; commit; rollback. */
enum ct_status store_begin(struct store *st, struct ct_error *err);
enum ct_status store_commit(struct store *st, struct ct_error *err);
void store_rollback(struct store *st);


enum ct_status store_command_new(struct store *st, const char *at, const char *user,
				 const char *summary, long long undo_of, long long *id,
				 struct ct_error *err);
/* uuid: the event's stable id; NULL makes a new one. */
enum ct_status store_event_add(struct store *st, long long command, const char *uuid,
			       const char *at, const char *user, const char *project_uuid,
			       const char *project_name, const char *what, const char *key,
			       const char *old_value, const char *new_value,
			       const char *note, struct ct_error *err);
/* Newest first; project_uuid NULL for all; limit <= 0 for no limit. */
enum ct_status store_events_list(struct store *st, const char *project_uuid, long long limit,
				 struct event **v, size_t *n, struct ct_error *err);
/* The same rows one at a time, without a list in memory: fn sees each event
 * (its strings valid only during the call); a status other than CT_OK from
 * fn stops the walk and is returned. */
typedef enum ct_status (*store_event_fn)(void *ud, const struct event *e);
enum ct_status store_events_each(struct store *st, const char *project_uuid, long long limit,
				 store_event_fn fn, void *ud, struct ct_error *err);
/* The whole history's rows whose kind (what) begins with prefix, newest
 * first, as store_events_each gives them: the few rows of a kind without
 * the whole history crossing to the caller. */
enum ct_status store_events_kind(struct store *st, const char *prefix, store_event_fn fn, void *ud,
				 struct ct_error *err);
/* The project's hand-offs (what = "owner") older than event id before,
 * newest first, as store_events_each gives them. */
enum ct_status store_events_owner(struct store *st, const char *project_uuid, long long before,
				  store_event_fn fn, void *ud, struct ct_error *err);
/* The newest command that changed data, is not an undo and is not undone;
 * *id = 0 when there is none. */
enum ct_status store_undo_candidate(struct store *st, long long *id, struct ct_error *err);
/* Events of one command in the order they were recorded. */
enum ct_status store_command_events(struct store *st, long long command, struct event **v,
				    size_t *n, struct ct_error *err);
enum ct_status store_command_mark_undone(struct store *st, long long command,
					 long long by, struct ct_error *err);

/* Projects. find: by UUID or live name; CT_USAGE when unknown. */
enum ct_status store_project_find(struct store *st, const char *name_or_uuid,
				  bool include_deleted, long long *id, struct ct_error *err);
/* Loads a project with its template from set (CT_DATA when missing). */
enum ct_status store_project_load(struct store *st, long long id,
				  const struct template_set *set, struct project **out,
				  struct ct_error *err);
bool store_name_taken(struct store *st, const char *name, long long except_id);
/* Inserts the row, every field value and item state; sets p->id. */
enum ct_status store_project_insert(struct store *st, struct project *p, struct ct_error *err);
/* Writes name, owner and updated_at of the project row. */
enum ct_status store_project_update(struct store *st, const struct project *p,
				    struct ct_error *err);
/* deleted_at NULL brings a deleted project back. */
enum ct_status store_project_set_deleted(struct store *st, long long id, const char *deleted_at,
					 struct ct_error *err);
enum ct_status store_field_write(struct store *st, long long project, const char *key,
				 const struct field_value *fv, struct ct_error *err);
enum ct_status store_item_write(struct store *st, long long project, const char *key,
				const struct item_state *is, struct ct_error *err);
enum ct_status store_collateral_set_removed(struct store *st, long long project, long long id,
					    bool removed, struct ct_error *err);

/* What the project list shows, kept up to date by every write so that a
 * list of thousands of projects needs no per-project work. */
struct project_summary {
	long long id;
	char uuid[37];
	char *name;
	char *template_id;
	char *owner;
	char *updated_at;
	int done;
	int total;
	char *next_action; /* item key or NULL when all done */
	int errors;
	int warnings;
	int broken;       /* done items on a broken requirement */
	int next_blocked; /* 1: the next action cannot be done now */
	int to_fill;      /* fields the checklist needs, still empty; -1 when
			   * not computed yet (ops_summaries_refresh) */
};
enum ct_status store_summary_write(struct store *st, const struct project_summary *s,
				   struct ct_error *err);
enum ct_status store_project_list(struct store *st, struct project_summary **v, size_t *n,
				  struct ct_error *err);
void project_summaries_free(struct project_summary *v, size_t n);
/* The list's rows one at a time, ordered by name (strings valid only during
 * the call; a status other than CT_OK from fn stops and is returned). fn may
 * read the store, but not walk the list again. */
typedef enum ct_status (*store_summary_fn)(void *ud, const struct project_summary *s);
enum ct_status store_project_each(struct store *st, store_summary_fn fn, void *ud,
				  struct ct_error *err);
/* The orders the TUI offers, each ending with the name; an index serves
 * each (schema 5). */
enum store_sort {
	STORE_SORT_NAME,
	STORE_SORT_PROGRESS, /* most done first */
	STORE_SORT_CHANGED,  /* newest change first */
	STORE_SORT_OWNER,
	STORE_SORT_PROBLEMS, /* most errors, then warnings, first */
	STORE_SORT__COUNT
};
/* The rows offset .. offset + limit - 1 (limit < 0: to the end) in that
 * order, or the whole order reversed; fn as for store_project_each. */
enum ct_status store_project_walk(struct store *st, enum store_sort sort, bool reverse,
				  long long offset, long long limit, store_summary_fn fn, void *ud,
				  struct ct_error *err);
/* The same rows copied into *v (free with project_summaries_free). */
enum ct_status store_project_page(struct store *st, enum store_sort sort, bool reverse,
				  long long offset, long long limit, struct project_summary **v,
				  size_t *n, struct ct_error *err);
/* The summary of one live project: fn is called once (not when it is
 * gone). */
enum ct_status store_project_summary(struct store *st, long long id, store_summary_fn fn,
				     void *ud, struct ct_error *err);
/* Keys of the project's blocked items (any order), appended to keys. */
enum ct_status store_items_blocked(struct store *st, long long project, struct strlist *keys,
				   struct ct_error *err);
/* The policies that failed in the latest scan of the project's latest
 * build, in the scan's order, appended to policies. */
enum ct_status store_latest_scan_failed(struct store *st, long long project,
					struct strlist *policies, struct ct_error *err);
/* How many live projects there are. */
enum ct_status store_project_count(struct store *st, size_t *n, struct ct_error *err);

/* Records (see model.h). Lists are newest first; limit <= 0: all. */
enum ct_status store_prescan_delete(struct store *st, long long id, struct ct_error *err);
enum ct_status store_prescans_list(struct store *st, long long project, long long limit,
				   struct prescan_record **v, size_t *n, struct ct_error *err);
enum ct_status store_build_update(struct store *st, const struct build_record *b,
				  struct ct_error *err);
enum ct_status store_build_delete(struct store *st, long long id, struct ct_error *err);
enum ct_status store_builds_list(struct store *st, long long project, struct build_record **v,
				 size_t *n, struct ct_error *err);
enum ct_status store_scan_delete(struct store *st, long long id, struct ct_error *err);
enum ct_status store_scans_list(struct store *st, long long build_id, struct scan_record **v,
				size_t *n, struct ct_error *err);
enum ct_status store_project_set_published(struct store *st, long long project, bool published,
					   const char *at, const char *user, struct ct_error *err);

/* ---- store_sync.c: import, backup and sessions ------------------------
 * Raw writes that carry the times, users and ids of another database (a
 * JSON report being imported), history merged without duplicates, a
 * consistent single-file copy, and who has the file open. */

/* A read transaction: every read until store_read_end sees one snapshot
 * (reports read many tables). Writers wait meanwhile. */
enum ct_status store_read_begin(struct store *st, struct ct_error *err);
void store_read_end(struct store *st);

enum ct_status store_project_published_info(struct store *st, long long id, bool *published,
					    char **at, char **by, struct ct_error *err);
enum ct_status store_project_set_created(struct store *st, long long id, const char *created_at,
					 struct ct_error *err);
/* Whether the project has (or had: removed ones count) this entry, by
 * title, type, added_at and added_by. */
enum ct_status store_collateral_exists(struct store *st, long long project,
				       const struct collateral *c, bool *found,
				       struct ct_error *err);
/* Records a collateral item; an id > 0 is kept when it is free (an
 * import), else a new one is given. Sets c->id. */
enum ct_status store_collateral_insert(struct store *st, long long project, struct collateral *c,
				       struct ct_error *err);
/* Removes the row of a collateral that a merge added (undo of the merge);
 * a collateral a person added is only ever marked removed. */
enum ct_status store_collateral_delete(struct store *st, long long project, long long id,
				       struct ct_error *err);
/* The build of the project started at b->started_at with b->tag by
 * b->user; *id = 0 when there is none. */
enum ct_status store_build_find(struct store *st, long long project, const struct build_record *b,
				long long *id, struct ct_error *err);
/* Records a build, scan or pre-scan; an id > 0 is kept when it is free (a
 * record imported from another database), else a new one is given. The
 * record's id is set. */
enum ct_status store_build_insert(struct store *st, long long project, struct build_record *b,
				  struct ct_error *err);
enum ct_status store_scan_exists(struct store *st, const struct scan_record *r, bool *found,
				 struct ct_error *err);
enum ct_status store_scan_insert(struct store *st, struct scan_record *r, struct ct_error *err);
enum ct_status store_prescan_exists(struct store *st, long long project,
				    const struct prescan_record *r, bool *found,
				    struct ct_error *err);
enum ct_status store_prescan_insert(struct store *st, long long project,
				    struct prescan_record *r, struct ct_error *err);

/* A history row with the same at, user, project_uuid, what, key, old and
 * new exists (NULLs equal). */
enum ct_status store_event_exists(struct store *st, const struct event *e, bool *found,
				  struct ct_error *err);
/* A command for history rows made elsewhere: recorded, never undone. */
enum ct_status store_command_foreign(struct store *st, const char *at, const char *user,
				     const char *summary, long long *id, struct ct_error *err);
/* Keeps a command out of undo. */
enum ct_status store_command_seal(struct store *st, long long id, struct ct_error *err);

/* A consistent copy of the database in dest, taken while others may be
 * writing: VACUUM INTO a temporary file beside dest, journal mode DELETE,
 * PRAGMA quick_check, fsync, rename, checked again. An existing dest is
 * replaced only with force (else CT_FAILED). */
enum ct_status store_backup(struct store *st, const char *dest, bool force, struct ct_error *err);

/* Who has the file open: each interactive session registers (user, host,
 * pid, since), beats every minute or so and unregisters on exit. */
struct session {
	long long id;
	char *user;
	char *host;
	long long pid;
	char *since;     /* UTC ISO 8601 */
	char *heartbeat;
};
/* *id: 0 for a new row (set on return). */
enum ct_status store_session_register(struct store *st, const char *user, long long *id,
				      struct ct_error *err);
/* Re-registers under id when the row was removed as stale meanwhile. */
enum ct_status store_session_heartbeat(struct store *st, long long id, const char *user,
				       struct ct_error *err);
enum ct_status store_session_unregister(struct store *st, long long id, struct ct_error *err);
/* Every session but self, oldest first. Stale ones (no heartbeat for two
 * minutes, or a process of this host that is gone) are dropped and
 * deleted. */
enum ct_status store_sessions_others(struct store *st, long long self, struct session **v,
				     size_t *n, struct ct_error *err);
void sessions_free(struct session *v, size_t n);

/* Raw copying between backends (a backup of a server to a file): every
 * table's rows, in id order, each value as text or NULL, columns in the
 * order of store_table_columns. Sessions are not copied. */
enum store_table {
	STORE_T_COMMANDS,
	STORE_T_PROJECTS,
	STORE_T_FIELD_VALUES,
	STORE_T_ITEM_STATES,
	STORE_T_COLLATERAL,
	STORE_T_EVENTS,
	STORE_T_PRESCANS,
	STORE_T_BUILDS,
	STORE_T_SCANS,
	STORE_T_SCAN_RESULTS,
	STORE_T_VERIFICATIONS,
	STORE_T__COUNT
};
/* How many columns a table's rows have. */
size_t store_table_columns(enum store_table t);
typedef enum ct_status (*store_row_fn)(void *ud, const char *const *values, size_t n);
enum ct_status store_rows_each(struct store *st, enum store_table t, store_row_fn fn, void *ud,
			       struct ct_error *err);
/* Inserts one row as store_rows_each gives it, ids included. */
enum ct_status store_row_put(struct store *st, enum store_table t, const char *const *values,
			     size_t n, struct ct_error *err);
/* ---- end of store_sync.c ---- */

/* ---- store_verify.c: results of the remote checks (verify.h) ----------
 * One row per check of a verify run; never a credential (targets are
 * stored without user information). */
struct verification;
/* Sets v->id. */
enum ct_status store_verification_add(struct store *st, long long project,
				       struct verification *v, struct ct_error *err);
/* Newest first; limit <= 0: all. */
enum ct_status store_verifications_list(struct store *st, long long project, long long limit,
					struct verification **v, size_t *n, struct ct_error *err);
/* Removes the rows first..last of a project (undo of a verify run). */
enum ct_status store_verifications_delete(struct store *st, long long project, long long first,
					  long long last, struct ct_error *err);
/* ---- end of store_verify.c ---- */

#endif
