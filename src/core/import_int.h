/* import_int.h - inside the import and merge only: a JSON report as read
 * and checked (import_read.c), before it is merged (merge.c). */
#ifndef CERTTRACK_CORE_IMPORT_INT_H
#define CERTTRACK_CORE_IMPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/model.h"
#include "certtrack/project.h"
#include "certtrack/status.h"
#include "certtrack/template.h"
#include "certtrack/verify.h"

/* The file as read, checked, in memory. */
struct imp_build {
	struct build_record b;
	struct scan_record *scans; /* file order: newest first */
	size_t n_scans;
};

struct imp_project {
	struct project *p; /* fields, items, collateral from the file */
	bool *field_given;
	bool *item_given;
	bool published;
	char *published_at;
	char *published_by;
	struct imp_build *builds; /* newest first */
	size_t n_builds;
	struct prescan_record *prescans; /* newest first */
	size_t n_prescans;
	struct verification *verifications; /* newest first */
	size_t n_verifications;
	struct event *events; /* newest first */
	size_t n_events;
};

/* Every project of a report file, checked; deleted: the projects the
 * other side deleted (only p's identity and events are set). */
struct import_doc {
	struct imp_project *v;
	size_t n;
	struct imp_project *deleted;
	size_t n_deleted;
};

/* Reads and checks the whole document (docs/report-format.md): CT_DATA
 * with "NAME: $.json.path: problem; fix" for the first problem. */
enum ct_status import_read(const struct template_set *set, const char *name, const char *data,
			   size_t len, struct import_doc *out, struct ct_error *err);
void import_doc_free(struct import_doc *d);

/* Refuses what a project of the file would do to this database, naming
 * its place in the file: "NAME: $.projects[index].key: message". */
enum ct_status import_refuse(struct ct_error *err, const char *name, size_t index,
			     const char *key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
