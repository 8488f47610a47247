/* report.h - status reports of projects (JSON, Markdown, HTML, CSV), written
 * whole or not at all, and the import of a JSON report into a database. */
#ifndef CERTTRACK_REPORT_H
#define CERTTRACK_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "certtrack/ops.h"
#include "certtrack/status.h"

/* The version of the JSON report this certtrack writes and reads
 * (docs/report-format.md). */
#define REPORT_FORMAT_VERSION 1

enum report_format {
	REPORT_JSON,
	REPORT_MARKDOWN,
	REPORT_HTML,
	REPORT_CSV,
};

/* "json", "markdown" (or "md"), "html", "csv"; false when unknown. */
bool report_format_parse(const char *s, enum report_format *out);
const char *report_format_name(enum report_format f);
/* "json", "md", "html", "csv" */
const char *report_format_extension(enum report_format f);
/* The format a file name's extension suggests; false when none does. */
bool report_format_from_path(const char *path, enum report_format *out);

/* A file name to offer: certtrack-report-YYYYMMDD-HHMM.EXT (UTC); the
 * caller frees. now: seconds since the epoch (time_now_epoch()). */
char *report_default_filename(enum report_format f, long long now);

/* Writes the report of the projects named in refs (names or UUIDs; n = 0:
 * every project) to out, loading, writing and freeing one project at a
 * time, all read in one snapshot. An unknown project is CT_USAGE and writes
 * nothing. Errors of out itself are the caller's to check (ferror).
 * *n_projects (may be NULL) receives how many projects were written. */
enum ct_status report_write(struct ops_ctx *c, enum report_format f, const char *const *refs,
			    size_t n, FILE *out, size_t *n_projects, struct ct_error *err);

/* report_write into *out (malloc'd, *len bytes). */
enum ct_status report_render(struct ops_ctx *c, enum report_format f, const char *const *refs,
			     size_t n, char **out, size_t *len, struct ct_error *err);

/* Writes len bytes to path through a temporary file in the same folder,
 * flushed, fsynced and renamed, so that path holds either the old file or
 * the whole new one. An existing path is CT_FAILED unless force (the TUI
 * asks, then calls again with force). */
enum ct_status report_write_file(const char *path, const char *data, size_t len, bool force,
				 struct ct_error *err);

/* report_write straight into path, made as report_write_file makes it: the
 * TUI's export and report -o. *n_projects (may be NULL) receives how many
 * projects the report holds. */
enum ct_status report_export(struct ops_ctx *c, enum report_format f, const char *const *refs,
			     size_t n, const char *path, bool force, size_t *n_projects,
			     struct ct_error *err);

/* Import */

enum import_action {
	IMPORT_CREATE,   /* a new project */
	IMPORT_FIELD,    /* a field taken from the file */
	IMPORT_ITEM,     /* an item state taken from the file */
	IMPORT_PROJECT,  /* name, owner or publication taken from the file */
	IMPORT_RECORD,   /* collateral, a build, scan or pre-scan added */
	IMPORT_HISTORY,  /* history rows merged */
};

struct import_change {
	enum import_action action;
	char *project;   /* name */
	char *uuid;
	char *what;      /* field or item key, "owner", "collateral", "build", ... */
	char *old_value;
	char *new_value;
};

struct import_result {
	struct import_change *v;
	size_t n;
	size_t created;
	size_t updated;    /* existing projects that changed */
	size_t unchanged;
	size_t history;    /* history rows added */
};
void import_result_free(struct import_result *r);
/* {"ok": true, "dry_run", "created", "updated", "unchanged", "history",
 * "changes": [{"action", "project", "uuid", "what", "old", "new"}]} */
char *import_result_json(const struct import_result *r, bool dry_run);
/* Stable action name: "create", "field", "item", "project", "record", "history". */
const char *import_action_name(enum import_action a);

/* import_json, which goes through the merge engine: merge.h. */

#endif
