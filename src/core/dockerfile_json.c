/* dockerfile_json.c - the JSON (exec) form of Dockerfile arguments,
 * ["executable", "param"...], read with jansson. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/dockerfile_json.h"

#include <jansson.h>
#include <string.h>

bool dockerfile_json_args(const char *s, size_t len, struct strlist *out)
{
	memset(out, 0, sizeof(*out));
	json_error_t e;
	/* An array at the top, nothing after it; a "\u0000" in a string is
	 * refused (jansson without JSON_ALLOW_NUL), as the builder does. */
	json_t *j = json_loadb(s, len, JSON_REJECT_DUPLICATES, &e);
	if (!json_is_array(j)) {
		json_decref(j);
		return false;
	}
	size_t i;
	json_t *v;
	json_array_foreach(j, i, v) {
		if (!json_is_string(v)) {
			strlist_free(out);
			json_decref(j);
			return false;
		}
		strlist_add(out, json_string_value(v));
	}
	json_decref(j);
	return true;
}
