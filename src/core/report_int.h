/* report_int.h - inside the report module only: everything a report shows
 * about one project, loaded once in one snapshot, and the JSON writer the
 * other formats sit beside. */
#ifndef CERTTRACK_CORE_REPORT_INT_H
#define CERTTRACK_CORE_REPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/problem.h"
#include "certtrack/project.h"
#include "certtrack/records.h"
#include "certtrack/report.h"
#include "certtrack/store.h"

struct report_project {
	struct project *p;
	struct build_record *builds; /* newest first */
	size_t n_builds;
	struct scan_record **scans;  /* per build, newest first */
	size_t *n_scans;
	struct prescan_record *prescans; /* newest first */
	size_t n_prescans;
	struct event *events;        /* newest first */
	size_t n_events;
	bool published;
	char *published_at;
	char *published_by;
	struct problems problems;
	int done;
	int total;
	int next;                    /* item index or -1 */
};

struct report {
	char generated_at[32];
	const char *generated_by;
	struct report_project *v;
	size_t n;
};

/* The JSON report (format REPORT_FORMAT_VERSION), pretty-printed with a
 * trailing newline. */
char *report_json(const struct report *r);

#endif
