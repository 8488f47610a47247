/* report_int.h - inside the report module only: everything a report shows
 * about one project, loaded in one snapshot, and the interface each format
 * (report_json.c, report_markdown.c, report_html.c, report_csv.c) gives the
 * driver in report.c, which loads, writes and frees one project at a time
 * so that memory stays that of one project whatever the database holds. */
#ifndef CERTTRACK_CORE_REPORT_INT_H
#define CERTTRACK_CORE_REPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "certtrack/problem.h"
#include "certtrack/project.h"
#include "certtrack/records.h"
#include "certtrack/report.h"
#include "certtrack/verify.h"
#include "certtrack/store.h"
#include "certtrack/util.h"

/* How many history rows the human formats show per project. */
#define REPORT_RECENT 15

struct report_project {
	struct project *p;
	struct build_record *builds; /* newest first */
	size_t n_builds;
	struct scan_record **scans;  /* per build, newest first */
	size_t *n_scans;
	struct prescan_record *prescans; /* newest first */
	size_t n_prescans;
	struct verification *verifications; /* newest first; full reports only */
	size_t n_verifications;
	struct event *events;        /* newest first (recent formats: see ops) */
	size_t n_events;
	struct strpool event_text;   /* the events' strings, when copied one by one */
	bool published;
	char *published_at;
	char *published_by;
	struct problems problems;
	int done;
	int total;
	int next;                    /* item index or -1 */
};

/* A project deleted in the database, as the JSON report of the whole
 * database tells it so that the deletion travels with a merge: its
 * identity and its history, nothing else (other reports omit it). */
struct report_tombstone {
	struct project *p;
	struct event *events; /* newest first */
	size_t n_events;
};

/* What the report is about, known before its first project. */
struct report_head {
	char generated_at[32];
	const char *generated_by;
	size_t n; /* projects the report holds */
	struct report_tombstone *deleted; /* JSON of the whole database only */
	size_t n_deleted;
	/* JSON: commands whose rows an undo of a merge withdrew (txn.h) */
	long long *withdrawn;
	size_t n_withdrawn;
};

/* Where a format writes, and what it keeps between projects. */
struct report_sink {
	FILE *out;
	const struct report_head *h;
	size_t index;       /* projects written so far */
	struct strbuf buf;  /* scratch for one project, reused */
	size_t owed;        /* newlines held back until another project follows */
	size_t rows;        /* portfolio rows written so far */
	char *tail;         /* JSON: what closes the document */
};

/* A portfolio row: what the table shows of a project, read from its
 * stored summary without loading the project. */
struct report_row {
	const struct project_summary *s;
	const struct template *tpl; /* NULL when not installed */
	char *next;    /* "Title (key)" of the next action, or the all-done text */
	char *blocked; /* "Title, Title" of the blocked items, or NULL */
	char *failed;  /* "policy, policy" failed in the latest scan, or NULL */
};

/* A format: begin once, project once per project in order, end once.
 * A format with a portfolio (may be NULL) first gets portfolio once per
 * project, in the same order, then portfolio_end. */
struct report_format_ops {
	bool tombstones; /* a report of the whole database tells deleted projects */
	bool brief; /* the sections need only the project, its progress and next action */
	bool recent; /* of the history, only the REPORT_RECENT newest rows and the hand-offs */
	void (*begin)(struct report_sink *k);
	void (*portfolio)(struct report_sink *k, const struct report_row *r);
	void (*portfolio_end)(struct report_sink *k);
	void (*project)(struct report_sink *k, const struct report_project *rp);
	void (*end)(struct report_sink *k);
};

extern const struct report_format_ops report_json_ops;
extern const struct report_format_ops report_markdown_ops;
extern const struct report_format_ops report_html_ops;
extern const struct report_format_ops report_csv_ops;

/* gettext through a cache kept for one report (report_write resets it):
 * a report asks for the same few dozen messages once per project, item
 * titles and headings, and gettext's lookup (which reads the environment
 * each time) was a fifth of an HTML or Markdown report. The format files
 * define _() as report_tr() after including i18n.h. */
const char *report_tr(const char *msgid) __attribute__((format_arg(1)));
/* item_status_label() through the same cache. */
const char *report_status_label(enum item_status s);
void report_tr_reset(void);

/* Shared wording of the human formats (report_text.c). */
/* "2024-05-06 07:08 UTC" from "2024-05-06T07:08:09Z". */
void report_human_time(const char *iso, char *buf, size_t size);
int report_percent(int done, int total);
/* "handed from alice to bob on 2024-05-06 07:08 UTC: note"; caller frees. */
char *report_handoff_text(const struct event *e);
/* "field.set product: a -> b (note)" for one history row; caller frees. */
char *report_event_text(const struct event *e);
/* "Title (key)" of the next action, or that nothing is left; caller frees. */
char *report_next_action_text(const struct report_project *rp);
const struct build_record *report_latest_build(const struct report_project *rp);
/* The latest scan of the latest build, or NULL. */
const struct scan_record *report_latest_scan(const struct report_project *rp);
/* Whether a scan result is a failed policy. */
bool report_policy_failed(const struct scan_result *r);

/* Writes the scratch buffer out and empties it. */
void report_sink_flush(struct report_sink *k);

#endif
