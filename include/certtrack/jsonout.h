/* jsonout.h - the machine output of the command line (cli.md's JSON
 * shapes), built with jansson. Each returns a malloc'd compact document
 * with a trailing newline. Keys and values are never translated. */
#ifndef CERTTRACK_JSONOUT_H
#define CERTTRACK_JSONOUT_H

#include <stddef.h>
#include <stdio.h>

#include "certtrack/problem.h"
#include "certtrack/project.h"
#include "certtrack/records.h"
#include "certtrack/store.h"
#include "certtrack/util.h"
#include "certtrack/validate.h"

char *jsonout_check_name(const char *name, const struct problems *ps,
			 const struct name_parts *parts);
char *jsonout_show(const struct project *p, const struct problems *ps);
/* The same with the latest build's latest scan as "latest_scan" (its
 * results with everything an import kept), when scan is not NULL. */
char *jsonout_show_scan(const struct project *p, const struct problems *ps,
			const struct scan_record *scan);
char *jsonout_history(const struct event *v, size_t n);

/* The same arrays written to out one element at a time (list, history):
 * begin, any number of rows, end (which adds the newline). The bytes are
 * those of the whole document built at once. */
struct jsonout_stream {
	FILE *out;
	size_t n;
	struct strbuf buf; /* one element's text */
	void *row;         /* the list's row object, refilled for each row */
};
void jsonout_stream_begin(struct jsonout_stream *js, FILE *out);
void jsonout_stream_event(struct jsonout_stream *js, const struct event *e);
void jsonout_stream_summary(struct jsonout_stream *js, const struct project_summary *v);
void jsonout_stream_end(struct jsonout_stream *js);
/* What end frees, for a stream given up half-way. */
void jsonout_stream_free(struct jsonout_stream *js);
char *jsonout_templates(const struct template_set *set);
/* {"ok": bool, "project"?: uuid, "problems": [...], "error"?: message, + extra} */
char *jsonout_result(int ok, const char *project_uuid, const struct problems *ps,
		     const char *error);
/* {"valid": bool, "problems": [...]} for validate. */
char *jsonout_validate(const struct project *p, const struct problems *ps);

/* {"project", "image", "published", "builds": [{"id", "tag", "image",
 * "result", ..., "scans": [{"id", "at", "passed", "source", "results":
 * [{"policy", "status", "message", "fix", "url"}]}]}]} */
char *jsonout_builds(const struct project *p, const struct build_record *b, size_t nb,
		     struct scan_record *const *scans, const size_t *nscans);
/* {"ok", "passed", "results": [...]} for a recorded scan. */
char *jsonout_scan(bool passed, const struct scan_result *v, size_t n);
/* The same with what an imported file says it tested (meta may be NULL). */
char *jsonout_scan_record(bool passed, const struct scan_record *meta,
			  const struct scan_result *v, size_t n);

#endif
