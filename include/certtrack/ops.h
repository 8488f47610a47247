/* ops.h - what a user can do to the data, each as one command: checked
 * against the template's rules, written in one transaction, and recorded
 * in history so it can be undone. Front ends (CLI, TUI) call only these
 * for changes. */
#ifndef CERTTRACK_OPS_H
#define CERTTRACK_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/problem.h"
#include "certtrack/project.h"
#include "certtrack/status.h"
#include "certtrack/store.h"

/* Values longer than this are refused. */
#define OPS_MAX_VALUE 65536

struct ops_ctx {
	struct store *st;
	const struct template_set *templates;
	const char *user;
};

struct assignment {
	const char *key;
	const char *value; /* "" clears the field */
	/* When check_old is set, the command is refused (CT_FAILED, err names
	 * who changed it) unless the field still holds old (NULL = unset): the
	 * TUI's edit of a value another process changed meanwhile. */
	bool check_old;
	const char *old;
};

/* Splits "FIELD=VALUE"; false when there is no '='. The key is copied into
 * key (size bytes); value points into arg. */
bool ops_parse_assignment(const char *arg, char *key, size_t size, const char **value);

/* Loads a project by name or UUID (CT_USAGE when unknown). */
enum ct_status ops_project_load(struct ops_ctx *c, const char *ref, struct project **out,
				struct ct_error *err);

/* Creates a project. Invalid name or values: CT_FAILED with the problems
 * in probs (warnings are returned too); force accepts an invalid name. */
enum ct_status ops_project_create(struct ops_ctx *c, const char *template_id, const char *name,
				  const struct assignment *a, size_t n, bool force,
				  struct problems *probs, char uuid[37], struct ct_error *err);
enum ct_status ops_project_delete(struct ops_ctx *c, const char *ref, struct ct_error *err);

/* Sets fields: every value is normalised and validated first; any error
 * applies none (CT_FAILED, problems in probs). Unknown key: CT_USAGE. */
enum ct_status ops_fields_set(struct ops_ctx *c, const char *ref, const struct assignment *a,
			      size_t n, struct problems *probs, struct ct_error *err);

struct item_change {
	bool set_status;
	enum item_status status;
	const char *note;   /* NULL leaves the note; "" clears it */
	const char *reason; /* required for blocked and n/a, and for force */
	bool force;         /* done past unmet requirements, with reason */
	/* Refuse with CT_FAILED (err names it) when the item changed since
	 * this time (the TUI's edit of a value someone else changed). */
	const char *expect_updated_at;
	/* When check_old is set, refused the same way unless what the change
	 * replaces still holds what the editor started from: the status when
	 * set_status, the note when note is given, the reason when the new
	 * status is blocked or n/a. Values, not times: two changes in one
	 * second are still told apart. */
	bool check_old;
	enum item_status old_status;
	const char *old_note;   /* NULL = there was none */
	const char *old_reason; /* NULL = there was none */
};
/* CT_FAILED with the unmet requirements in probs when done is refused. */
enum ct_status ops_item_update(struct ops_ctx *c, const char *ref, const char *item,
			       const struct item_change *chg, struct problems *probs,
			       struct ct_error *err);

/* Changes the owner; note is recorded with it (handoff). */
enum ct_status ops_owner_set(struct ops_ctx *c, const char *ref, const char *to,
			     const char *note, struct ct_error *err);
/* The same, refused (CT_FAILED, CT_DETAIL_CONFLICT) unless the owner is
 * still old_owner (NULL = none): a hand-off asked while someone else
 * handed the project on. */
enum ct_status ops_owner_set_checked(struct ops_ctx *c, const char *ref, const char *to,
				     const char *note, const char *old_owner,
				     struct ct_error *err);

enum ct_status ops_collateral_add(struct ops_ctx *c, const char *ref, const char *title,
				  const char *type, const char *location, long long *id,
				  struct ct_error *err);
enum ct_status ops_collateral_rm(struct ops_ctx *c, const char *ref, long long id,
				 struct ct_error *err);

/* The events the next undo would revert (for a confirmation); *n = 0 when
 * there is nothing to undo. */
enum ct_status ops_undo_preview(struct ops_ctx *c, struct event **v, size_t *n,
				struct ct_error *err);
/* Reverts the newest command not yet undone, recorded as a new command;
 * *reverted (may be NULL) receives the reverted events. CT_FAILED when
 * there is nothing to undo. */
enum ct_status ops_undo(struct ops_ctx *c, struct event **reverted, size_t *n,
			struct ct_error *err);

/* Recomputes the summaries of the listed projects that were never
 * computed with every column (to_fill < 0: a file from an older version);
 * *n_done (may be NULL) counts them. Not a change: no history. */
enum ct_status ops_summaries_refresh(struct ops_ctx *c, const struct project_summary *v,
				     size_t n, size_t *n_done, struct ct_error *err);

#endif
