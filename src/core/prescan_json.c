/* prescan_json.c - the pre-scan report as JSON, the shape `certtrack lint
 * --json` prints (docs/cli.md); the only pre-scan code that touches
 * jansson. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/prescan.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string even from bytes that are not UTF-8 (a path can be
 * anything): invalid bytes become '?'. */
static json_t *jstr(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	char *copy = strdup(s);
	if (!copy)
		return json_null();
	for (char *p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	free(copy);
	return j ? j : json_null();
}

static json_t *str_or_null(const char *s)
{
	return s ? jstr(s) : json_null();
}

char *prescan_report_json(const struct prescan_report *r)
{
	json_t *root = json_object();
	json_object_set_new(root, "file", str_or_null(r->file));
	json_object_set_new(root, "context", str_or_null(r->context));
	json_object_set_new(root, "passed", json_boolean(r->passed));
	json_object_set_new(root, "digest", r->digest[0] ? json_string(r->digest) : json_null());
	json_t *results = json_array();
	for (size_t i = 0; i < r->n; i++) {
		const struct prescan_result *res = &r->results[i];
		json_t *o = json_object();
		json_object_set_new(o, "policy", json_string(res->policy));
		json_object_set_new(o, "status", json_string(prescan_status_name(res->status)));
		if (res->line > 0)
			json_object_set_new(o, "line", json_integer(res->line));
		json_object_set_new(o, "message", jstr(res->message ? res->message : ""));
		if (res->fix)
			json_object_set_new(o, "fix", jstr(res->fix));
		json_array_append_new(results, o);
	}
	json_object_set_new(root, "results", results);
	if (r->error) {
		json_t *e = json_object();
		json_object_set_new(e, "line", json_integer(r->error_line));
		json_object_set_new(e, "message", jstr(r->error));
		if (r->error_fix)
			json_object_set_new(e, "fix", jstr(r->error_fix));
		json_object_set_new(root, "error", e);
	}
	char *s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	return s;
}
