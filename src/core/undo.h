/* undo.h - inside the core only: how each kind of history event is undone.
 * A module that records events declares a table of their inverses here,
 * and ops_undo finds an event's handler in the list of tables (ops.c);
 * no module calls another's undo. */
#ifndef CERTTRACK_CORE_UNDO_H
#define CERTTRACK_CORE_UNDO_H

#include <string.h>

#include "certtrack/model.h"
#include "core/txn.h"

struct undo_kind {
	const char *what; /* the event's "what"; a prefix when it ends in '.' */
	/* Applies the inverse of e to p and records it in t. */
	enum ct_status (*undo)(struct txn *t, struct project *p, const struct event *e,
			       struct ct_error *err);
};

/* Each ends with {NULL, NULL}. */
extern const struct undo_kind ops_undo_kinds[];     /* ops.c: projects, fields, items */
extern const struct undo_kind records_undo_kinds[]; /* records.c: builds, scans, ... */
extern const struct undo_kind verify_undo_kinds[];  /* verify.c: remote checks */

/* merge.c: the merge's own rows that name no project ("merge.history",
 * "merge.collateral", ...: the history and records it brought in), undone
 * as one with the merge. */
bool merge_undo_is_local(const struct event *e);
enum ct_status merge_undo_local(struct txn *t, const struct event *e, struct ct_error *err);

static inline const struct undo_kind *undo_kind_find(const struct undo_kind *k, const char *what)
{
	for (; k->what; k++) {
		size_t n = strlen(k->what);
		if (k->what[n - 1] == '.' ? strncmp(what, k->what, n) == 0
					  : strcmp(what, k->what) == 0)
			return k;
	}
	return NULL;
}

#endif
