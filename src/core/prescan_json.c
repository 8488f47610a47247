/* prescan_json.c - the pre-scan report as JSON, the shape `certtrack lint
 * --json` prints (docs/cli.md); the only pre-scan code that touches
 * jansson. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/prescan.h"

#include <jansson.h>

#include "core/json_int.h"
#include <stdlib.h>
#include <string.h>

char *prescan_report_json(const struct prescan_report *r)
{
	json_t *root = json_object();
	json_object_set_new(root, "file", json_text(r->file));
	json_object_set_new(root, "context", json_text(r->context));
	json_object_set_new(root, "passed", json_boolean(r->passed));
	json_object_set_new(root, "digest", r->digest[0] ? json_string(r->digest) : json_null());
	json_t *results = json_array();
	for (size_t i = 0; i < r->n; i++) {
		const struct prescan_result *res = &r->results[i];
		json_t *o = json_object();
		json_object_set_new(o, "policy", json_string(res->policy));
		if (res->preflight)
			json_object_set_new(o, "preflight", json_string(res->preflight));
		json_object_set_new(o, "status", json_string(prescan_status_name(res->status)));
		if (res->line > 0)
			json_object_set_new(o, "line", json_integer(res->line));
		json_object_set_new(o, "message", json_text(res->message ? res->message : ""));
		if (res->fix)
			json_object_set_new(o, "fix", json_text(res->fix));
		json_array_append_new(results, o);
	}
	json_object_set_new(root, "results", results);
	if (r->error) {
		json_t *e = json_object();
		json_object_set_new(e, "line", json_integer(r->error_line));
		json_object_set_new(e, "message", json_text(r->error));
		if (r->error_fix)
			json_object_set_new(e, "fix", json_text(r->error_fix));
		json_object_set_new(root, "error", e);
	}
	char *s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	return s;
}
