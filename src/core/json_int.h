/* json_int.h - inside the core's JSON modules only: helpers they share.
 * Only these modules touch jansson types. */
#ifndef CERTTRACK_CORE_JSON_INT_H
#define CERTTRACK_CORE_JSON_INT_H

#include <jansson.h>

/* A JSON string for text from the database or the file system: NULL
 * becomes null, and bytes that are not UTF-8 (jansson refuses them; only
 * old data or odd paths have them) become U+FFFD instead of being lost. */
json_t *json_text(const char *s);

#endif
