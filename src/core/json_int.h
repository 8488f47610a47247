/* json_int.h - inside the core's JSON modules only: helpers they share.
 * Only these modules touch jansson types. */
#ifndef CERTTRACK_CORE_JSON_INT_H
#define CERTTRACK_CORE_JSON_INT_H

#include <jansson.h>

/* A JSON string for text from the database or the file system: NULL
 * becomes null, and bytes that are not UTF-8 (jansson refuses them; only
 * old data or odd paths have them) become U+FFFD instead of being lost. */
json_t *json_text(const char *s);

struct scan_record;
struct scan_result;
/* What a preflight import keeps beside the results, on a scan object:
 * "image", "test_library": {"name", "version", "commit"},
 * "certification_hash" (each only when known); on a result object:
 * "description", "help", "elapsed_time" (ms), "check_url". Shared by show,
 * build list, scan and the JSON report (jsonout.c), read back by import.c. */
void scan_record_json_extra(json_t *o, const struct scan_record *r);
void scan_result_json_extra(json_t *o, const struct scan_result *r);

#endif
