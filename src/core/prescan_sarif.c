/* prescan_sarif.c - the pre-scan report as SARIF 2.1.0, for code scanning
 * in CI (`certtrack lint --format sarif`). Written with jansson, like every
 * JSON byte of certtrack. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/i18n.h"
#include "certtrack/prescan.h"
#include "certtrack/util.h"

#include <jansson.h>

#include "core/json_int.h"
#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* A relative or absolute path as a URI reference: unreserved characters
 * and '/' kept, the rest percent-encoded (RFC 3986). */
static char *path_uri(const char *path)
{
	struct strbuf sb = {0};
	if (path[0] == '/')
		sb_add(&sb, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			sb_addc(&sb, (char)*p);
		else
			sb_addf(&sb, "%%%02X", *p);
	}
	return sb_detach(&sb);
}

static json_t *text_object(const char *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "text", json_text(s ? s : ""));
	return o;
}

static json_t *location(const char *uri, int line)
{
	json_t *art = json_object();
	json_object_set_new(art, "uri", json_string(uri));
	json_t *phys = json_object();
	json_object_set_new(phys, "artifactLocation", art);
	if (line > 0) {
		json_t *region = json_object();
		json_object_set_new(region, "startLine", json_integer(line));
		json_object_set_new(phys, "region", region);
	}
	json_t *loc = json_object();
	json_object_set_new(loc, "physicalLocation", phys);
	return loc;
}

static json_t *rules_json(void)
{
	size_t n;
	const char *const *ids = prescan_policies(&n);
	json_t *rules = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *help = prescan_policy_help(ids[i]);
		const char *pf = prescan_policy_preflight(ids[i]);
		json_t *r = json_object();
		json_object_set_new(r, "id", json_string(ids[i]));
		if (pf)
			json_object_set_new(r, "name", json_string(pf));
		json_object_set_new(r, "shortDescription", text_object(ids[i]));
		json_object_set_new(r, "fullDescription", text_object(help));
		/* TRANSLATORS: a policy's help, then the guide's section number */
		char *h = xasprintf(_("%s (guide section %s)"), help, PRESCAN_GUIDE_SECTION);
		json_object_set_new(r, "help", text_object(h));
		free(h);
		json_t *conf = json_object();
		/* warnings only ever warn; the others can fail */
		bool warn_only = strcmp(ids[i], "no_deprecated_maintainer") == 0 ||
				 strcmp(ids[i], "has_modified_files") == 0;
		json_object_set_new(conf, "level", json_string(warn_only ? "warning" : "error"));
		json_object_set_new(r, "defaultConfiguration", conf);
		json_t *props = json_object();
		json_object_set_new(props, "guide_section", json_string(PRESCAN_GUIDE_SECTION));
		if (pf)
			json_object_set_new(props, "preflight", json_string(pf));
		json_object_set_new(r, "properties", props);
		json_array_append_new(rules, r);
	}
	return rules;
}

char *prescan_report_sarif(const struct prescan_report *r, const char *tool_version)
{
	char *uri = path_uri(r->file ? r->file : "Dockerfile");
	json_t *driver = json_object();
	json_object_set_new(driver, "name", json_string("certtrack"));
	if (tool_version)
		json_object_set_new(driver, "version", json_string(tool_version));
	json_object_set_new(driver, "rules", rules_json());
	json_t *tool = json_object();
	json_object_set_new(tool, "driver", driver);

	json_t *results = json_array();
	for (size_t i = 0; i < r->n; i++) {
		const struct prescan_result *x = &r->results[i];
		if (x->status == PRESCAN_PASS || (r->error && x->status == PRESCAN_UNKNOWN))
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "ruleId", json_string(x->policy));
		json_object_set_new(o, "ruleIndex", json_integer((json_int_t)i));
		json_object_set_new(o, "kind",
				    json_string(x->status == PRESCAN_UNKNOWN ? "review" : "fail"));
		json_object_set_new(o, "level",
				    json_string(x->status == PRESCAN_FAIL   ? "error"
						: x->status == PRESCAN_WARN ? "warning"
									    : "note"));
		char *msg = x->fix
				? xasprintf(_("%s; fix: %s"), x->message ? x->message : "", x->fix)
				: xstrdup(x->message ? x->message : "");
		json_object_set_new(o, "message", text_object(msg));
		free(msg);
		json_t *locs = json_array();
		json_array_append_new(locs, location(uri, x->line));
		json_object_set_new(o, "locations", locs);
		json_t *props = json_object();
		json_object_set_new(props, "status", json_string(prescan_status_name(x->status)));
		if (x->preflight)
			json_object_set_new(props, "preflight", json_string(x->preflight));
		json_object_set_new(o, "properties", props);
		json_array_append_new(results, o);
	}

	json_t *inv = json_object();
	json_object_set_new(inv, "executionSuccessful", json_boolean(!r->error));
	if (r->error) {
		json_t *note = json_object();
		json_object_set_new(note, "level", json_string("error"));
		char *msg = r->error_fix ? xasprintf(_("%s; fix: %s"), r->error, r->error_fix)
					 : xstrdup(r->error);
		json_object_set_new(note, "message", text_object(msg));
		free(msg);
		json_t *locs = json_array();
		json_array_append_new(locs, location(uri, r->error_line));
		json_object_set_new(note, "locations", locs);
		json_t *notes = json_array();
		json_array_append_new(notes, note);
		json_object_set_new(inv, "toolExecutionNotifications", notes);
	}
	json_t *invs = json_array();
	json_array_append_new(invs, inv);

	json_t *run = json_object();
	json_object_set_new(run, "tool", tool);
	json_object_set_new(run, "invocations", invs);
	json_object_set_new(run, "results", results);
	json_t *runs = json_array();
	json_array_append_new(runs, run);

	json_t *root = json_object();
	json_object_set_new(root, "$schema", json_string(SARIF_SCHEMA));
	json_object_set_new(root, "version", json_string("2.1.0"));
	json_object_set_new(root, "runs", runs);
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	free(uri);
	return s;
}
