/* json_int.h - inside the core's JSON modules only: helpers they share.
 * Only these modules touch jansson types. */
#ifndef CERTTRACK_CORE_JSON_INT_H
#define CERTTRACK_CORE_JSON_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "certtrack/problem.h"
#include "certtrack/project.h"
#include "certtrack/records.h"
#include "certtrack/store.h"

/* A JSON string for text from the database or the file system: NULL
 * becomes null, and bytes that are not UTF-8 (jansson refuses them; only
 * old data or odd paths have them) become U+FFFD instead of being lost. */
json_t *json_text(const char *s);
/* Sets the string j to s, a C string, when s is UTF-8. */
bool json_text_set(json_t *j, const char *s);
/* o[key] = v (null when v is NULL), v's reference taken. key is a literal
 * of ours, ASCII: jansson need not check that it is UTF-8. */
static inline void json_set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new_nocheck(o, key, v ? v : json_null());
}

/* A region for the values of one project (json_arena.c): between open
 * and close jansson allocates by bumping a pointer and frees nothing, and
 * close releases every value made inside at once. They need no
 * json_decref (it would walk the whole tree to free nothing) and must not
 * be used after close; none may hold a reference to a value made outside
 * (it would never be dropped). release also returns the memory kept for
 * the next region. Not for threads. */
void json_region_open(void);
void json_region_close(void);
void json_region_release(void);

struct scan_record;
struct scan_result;
/* What a preflight import keeps beside the results, on a scan object:
 * "image", "test_library": {"name", "version", "commit"},
 * "certification_hash" (each only when known); on a result object:
 * "description", "help", "elapsed_time" (ms), "check_url". Shared by show,
 * build list, scan and the JSON report (jsonout.c), read back by import.c. */
void scan_record_json_extra(json_t *o, const struct scan_record *r);
void scan_result_json_extra(json_t *o, const struct scan_result *r);
/* One builder per object the database holds (jsonout.c), shared by the
 * command line's documents and the JSON report. Where the two published
 * shapes differ, shape picks one. */
enum json_shape {
	JSON_SHAPE_CLI,    /* cli.md */
	JSON_SHAPE_REPORT, /* docs/report-format.md */
};
json_t *json_problem(const struct problem *p, bool with_severity, bool with_suggestion);
json_t *json_problems(const struct problems *ps, bool with_suggestion);
/* Item i of p; with_ready adds whether its requirements are met. */
json_t *json_item(const struct project *p, size_t i, bool with_ready);
json_t *json_collateral(const struct project *p);
json_t *json_scan_results(const struct scan_result *v, size_t n);
json_t *json_scans(const struct scan_record *v, size_t n);
json_t *json_build(const struct project *p, const struct build_record *b,
		   const struct scan_record *scans, size_t n_scans, enum json_shape shape);
/* A history row; the CLI shape adds project_uuid, command and undo_of. */
json_t *json_event(const struct event *e, enum json_shape shape);

#endif
