/* dockerfile_json.h - inside the Dockerfile parser only: the JSON (exec)
 * form of an instruction's arguments, read by jansson in dockerfile_json.c
 * so that the parser itself touches no JSON types. */
#ifndef CERTTRACK_CORE_DOCKERFILE_JSON_H
#define CERTTRACK_CORE_DOCKERFILE_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/util.h"

/* True when s[0..len) is exactly a JSON array of strings (as the builder
 * reads it: strict JSON, no NUL in a string); fills out with the strings.
 * Anything else is the shell form. */
bool dockerfile_json_args(const char *s, size_t len, struct strlist *out);

#endif
