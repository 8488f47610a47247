/* fuzz_roundtrip.c - a property, not a crash-finder: a Dockerfile is
 * parsed and pre-scanned, the pre-scan's JSON is recorded in a project,
 * the JSON report of that database is imported into an empty one, and
 * the report of the copy must be the same document. Whatever the
 * Dockerfile says, a report must carry it across intact. */
#include "fuzz.h"

#include "certtrack/prescan.h"
#include "certtrack/records.h"
#include "certtrack/report.h"

#include <jansson.h>

#define NAME "rhosp16-openstack-cinder-volume-fuzz"

static char *export_json(struct ops_ctx *c)
{
	char *doc = NULL;
	size_t len = 0;
	struct ct_error err;
	ct_error_clear(&err);
	FUZZ_ASSERT(report_render(c, REPORT_JSON, NULL, 0, &doc, &len, &err) == CT_OK, "export: %s",
		    err.msg);
	return doc;
}

/* The import itself is recorded in the copy's history ("import"); the
 * documents must agree on everything else. */
static char *without_import_events(const char *doc)
{
	json_error_t je;
	json_t *root = json_loads(doc, 0, &je);
	FUZZ_ASSERT(root, "our own report is not JSON: %s", je.text);
	json_t *projects = json_object_get(root, "projects");
	size_t i;
	json_t *p;
	json_array_foreach(projects, i, p) {
		json_t *h = json_object_get(p, "history");
		for (size_t k = json_array_size(h); k-- > 0;) {
			const char *what = json_string_value(json_object_get(json_array_get(h, k), "what"));
			if (what && str_starts_with(what, "import"))
				json_array_remove(h, k);
		}
	}
	char *out = json_dumps(root, JSON_SORT_KEYS | JSON_INDENT(1));
	json_decref(root);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ops_ctx a = {.templates = fuzz_templates(), .user = "fuzzer"};
	struct ops_ctx b = a;
	struct prescan_report r;
	memset(&r, 0, sizeof(r));
	struct ct_error err;
	ct_error_clear(&err);
	prescan_run_text((const char *)data, size, "Dockerfile", fuzz_dir(), fuzz_prescan_options(), &r, &err);
	if (!r.n) {
		prescan_report_free(&r);
		return 0;
	}
	char *results = prescan_report_json(&r);

	a.st = fuzz_fresh_store("a.db");
	struct problems probs;
	memset(&probs, 0, sizeof(probs));
	char uuid[37];
	ct_error_clear(&err);
	FUZZ_ASSERT(ops_project_create(&a, "rhosp16-container", NAME, NULL, 0, true, &probs, uuid,
				       &err) == CT_OK,
		    "create: %s", err.msg);
	problems_free(&probs);
	ct_error_clear(&err);
	enum ct_status s = ops_prescan_record(&a, NAME, r.file ? r.file : "Dockerfile", r.digest,
					      r.passed, results, &err);
	FUZZ_ASSERT(s == CT_OK, "recording the pre-scan: %s", err.msg);
	char *one = export_json(&a);

	b.st = fuzz_fresh_store("b.db");
	struct merge_result res;
	memset(&res, 0, sizeof(res));
	ct_error_clear(&err);
	s = import_json(&b, "export", one, strlen(one), false, &res, &err);
	merge_result_free(&res);
	FUZZ_ASSERT(s == CT_OK, "our own export is refused by import: %s", err.msg);
	char *two = export_json(&b);

	char *n1 = without_import_events(one), *n2 = without_import_events(two);
	if (strcmp(n1, n2) != 0) {
		fprintf(stderr, "--- exported\n%s\n--- after import and export\n%s\n", n1, n2);
		FUZZ_ASSERT(0, "the report changed across export, import and export");
	}
	free(n1);
	free(n2);
	free(one);
	free(two);
	free(results);
	prescan_report_free(&r);
	store_close(a.st);
	store_close(b.st);
	return 0;
}
