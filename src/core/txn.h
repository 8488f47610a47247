/* txn.h - inside the core only: one user command as a transaction and the
 * history rows it writes. Shared by the operations: ops.c, records.c,
 * verify.c, merge.c. */
#ifndef CERTTRACK_CORE_TXN_H
#define CERTTRACK_CORE_TXN_H

#include "certtrack/ops.h"

struct txn {
	struct ops_ctx *c;
	char at[32];     /* the command's time, used for every row it writes */
	char *summary;   /* set before the first event */
	long long undo_of;
	long long cmd;   /* created with the first event */
	bool project_deleted; /* an undo left the project deleted */
};

/* BEGIN IMMEDIATE; summary (owned) may be NULL and set later. */
enum ct_status txn_begin(struct txn *t, struct ops_ctx *c, char *summary, struct ct_error *err);
/* Begins, then loads the project inside the transaction so that what the
 * command reads cannot change before it writes. */
enum ct_status txn_begin_project(struct txn *t, struct ops_ctx *c, const char *ref,
				 struct project **p, struct ct_error *err);
enum ct_status txn_event(struct txn *t, const struct project *p, const char *what,
			 const char *key, const char *old_value, const char *new_value,
			 const char *note, struct ct_error *err);
/* Commits when s is CT_OK (after writing p's row and summary), else rolls
 * back; returns the final status. */
enum ct_status txn_end(struct txn *t, struct project *p, enum ct_status s, struct ct_error *err);

/* The commands of history rows a merge brought in and an undo of that
 * merge withdrew (merge.c): the rows stay, history is append-only, but
 * count as not here, and the JSON report leaves them out. The last word
 * on each command counts ("merge.history" brought or took it back,
 * "merge.withdraw" withdrew it); these rows name no project and never
 * leave the database. *cmds sorted, the caller frees. */
enum ct_status txn_withdrawn(struct store *st, long long **cmds, size_t *n, struct ct_error *err);
bool txn_is_withdrawn(const long long *cmds, size_t n, long long cmd);

/* Replaces *dst by a copy of v ("" and NULL become NULL). */
void str_set(char **dst, const char *v);

#endif
