/* merge.h - three-way merge of another copy of the data (a certtrack
 * database file or a JSON report) into this database. Projects match by
 * UUID; the common ancestor of each value is what the history both sides
 * share (events with the same id) last said of it. A value changed on
 * their side only is taken, the same change on both is one change, and a
 * value changed differently on both sides is a conflict that is never
 * resolved silently. import of a report goes through the same engine. */
#ifndef CERTTRACK_MERGE_H
#define CERTTRACK_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/ops.h"
#include "certtrack/report.h"
#include "certtrack/status.h"

enum merge_side {
	MERGE_ASK,    /* not resolved: the merge applies nothing */
	MERGE_OURS,   /* keep this database's value */
	MERGE_THEIRS, /* take the other side's value */
};

/* A resolution for one key: a field key ("repository_description"), an
 * item attribute ("api_testing.status", ".note", ".reason",
 * ".forced_reason"), "owner", "name", or "deleted" (deleted here,
 * changed there since: theirs brings the project back). */
struct merge_take {
	const char *key;
	enum merge_side side;
};

/* A project of theirs whose name is taken here by another project (another
 * UUID) is created here under the new name; the rename is history of its
 * own and travels with the project. */
struct merge_rename {
	const char *from; /* their name */
	const char *to;
};

struct merge_opts {
	bool dry_run;
	enum merge_side all; /* for every conflict no take names */
	const struct merge_take *take;
	size_t n_take;
	const struct merge_rename *rename;
	size_t n_rename;
};

struct merge_conflict {
	char *project; /* name here */
	char *uuid;
	char *key;
	char *base; /* the common ancestor's value; NULL: unset */
	char *ours;
	char *theirs;
	char *ours_by, *ours_at;     /* the newest change on our side */
	char *theirs_by, *theirs_at; /* and on theirs */
	enum merge_side resolved;    /* MERGE_ASK when unresolved */
};

struct merge_result {
	struct import_result applied; /* what was (or, dry run, would be) written */
	struct merge_conflict *conflicts;
	size_t n_conflicts;
	size_t n_unresolved;
};
void merge_result_free(struct merge_result *r);

/* Merges the report data (len bytes; name is how messages call it). A
 * bad document is CT_DATA with nothing written (see import_json). With an
 * unresolved conflict nothing is written and the result is CT_FAILED,
 * r->conflicts listing each; a take or rename that names no conflict or
 * clash is CT_USAGE; a name clash without a rename is CT_DATA naming
 * both UUIDs. A project deleted on their side (since the history both
 * share) is deleted here, unless changed here since: a conflict on
 * "deleted".
 * Otherwise everything is applied in one command, which undo reverts
 * whole; a dry run computes the same and writes nothing. */
enum ct_status merge_json(struct ops_ctx *c, const char *name, const char *data, size_t len,
			  const struct merge_opts *o, struct merge_result *r, struct ct_error *err);

/* Imports a JSON report: merge_json with no resolution (a conflict makes
 * it CT_FAILED, listing the conflicts, nothing written). */
enum ct_status import_json(struct ops_ctx *c, const char *name, const char *data, size_t len,
			   bool dry_run, struct merge_result *res, struct ct_error *err);

/* Merges path, a certtrack database file or a JSON report. self is the
 * open database's file (refused as path); a database is read from a
 * private copy, so the other file is never changed, not even migrated.
 * Not a database nor a report, truncated, or of a newer schema: CT_DATA;
 * unreadable: CT_SYSTEM. */
enum ct_status merge_file(struct ops_ctx *c, const char *path, const char *self,
			  const struct merge_opts *o, struct merge_result *r, struct ct_error *err);

/* {"ok", "dry_run", "applied": [{"action", "project", "uuid", "what",
 * "old", "new"}], "conflicts": [{"project", "uuid", "key", "base", "ours",
 * "theirs", "ours_by", "ours_at", "theirs_by", "theirs_at", "resolved"}],
 * "created", "updated", "unchanged", "history"}; "applied" is empty when
 * an unresolved conflict stopped the merge. */
char *merge_result_json(const struct merge_result *r, bool dry_run);

#endif
