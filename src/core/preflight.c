/* preflight.c - preflight results.json (passed, results.passed / failed /
 * errors / warning[] with name, description, help, suggestion,
 * knowledgebase_url) read with jansson. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/preflight.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <string.h>
#include <sys/stat.h>

#define PREFLIGHT_MAX_SIZE (16 * 1024 * 1024)

/* preflight's check names whose policy id is not their snake_case form. */
static const struct {
	const char *check;
	const char *policy;
} names[] = {
	{"HasLicense", "has_licenses"},
	{"HasRequiredLabel", "has_required_labels"},
	{"RunAsNonRoot", "runs_as_non_root"},
	{"BasedOnUbi", "based_on_red_hat_image"},
	{"HasNoProhibitedLabels", "has_no_prohibited_labels"},
	{"HasNoProhibitedPackages", "has_no_prohibited_packages"},
	{"LayerCountAcceptable", "layer_count_acceptable"},
	{"HasUniqueTag", "has_unique_tag"},
};

char *preflight_policy_id(const char *check)
{
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(names[i].check, check) == 0)
			return xstrdup(names[i].policy);
	struct strbuf sb = {0};
	for (const char *p = check; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (isupper(ch)) {
			if (sb.len && sb.buf[sb.len - 1] != '_')
				sb_addc(&sb, '_');
			sb_addc(&sb, (char)tolower(ch));
		} else if (isalnum(ch)) {
			sb_addc(&sb, (char)ch);
		} else if (sb.len && sb.buf[sb.len - 1] != '_') {
			sb_addc(&sb, '_');
		}
	}
	return sb_detach(&sb);
}

static const char *opt_string(json_t *o, const char *key, const char *path,
			      struct ct_error *err, bool *bad)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		ct_fail(err, CT_DATA, _("%s.%s: expected a string"), path, key);
		*bad = true;
		return NULL;
	}
	return json_string_value(v);
}

static const struct {
	const char *key;
	const char *status;
} lists[] = {
	{"passed", "pass"}, {"failed", "fail"}, {"errors", "error"},
	{"warning", "warn"}, {"warnings", "warn"},
};

/* "elapsed_time" in milliseconds: an integer (or a real, rounded). */
static bool opt_elapsed(json_t *o, long long *ms)
{
	json_t *e = json_object_get(o, "elapsed_time");
	if (json_is_integer(e) && json_integer_value(e) >= 0) {
		*ms = (long long)json_integer_value(e);
		return true;
	}
	if (json_is_real(e) && json_real_value(e) >= 0 && json_real_value(e) < 9e15) {
		*ms = (long long)(json_real_value(e) + 0.5);
		return true;
	}
	return false;
}

enum ct_status preflight_load(const char *path, struct scan_result **v, size_t *n,
			      bool *passed, struct ct_error *err)
{
	struct scan_record r;
	enum ct_status s = preflight_load_record(path, &r, passed, err);
	*v = r.results;
	*n = r.n_results;
	r.results = NULL;
	r.n_results = 0;
	scan_record_clear(&r);
	return s;
}

enum ct_status preflight_load_record(const char *path, struct scan_record *rec, bool *passed,
				     struct ct_error *err)
{
	memset(rec, 0, sizeof(*rec));
	struct scan_result **v = &rec->results;
	size_t *n = &rec->n_results;
	struct stat sb;
	if (stat(path, &sb) != 0)
		return ct_fail(err, CT_SYSTEM, _("%s: cannot read: %s"), path, strerror(errno));
	if (S_ISDIR(sb.st_mode))
		return ct_fail(err, CT_DATA,
			       _("%s is a folder; give the results.json file that preflight wrote"), path);
	if (sb.st_size > PREFLIGHT_MAX_SIZE)
		return ct_fail(err, CT_DATA, _("%s: larger than %d MiB; not a preflight results file"),
			       path, PREFLIGHT_MAX_SIZE / (1024 * 1024));
	json_error_t jerr;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		if (jerr.line < 0)
			return ct_fail(err, CT_SYSTEM, _("%s: cannot read: %s"), path, jerr.text);
		return ct_fail(err, CT_DATA,
			       _("%s:%d:%d: not JSON (%s); give the results.json that preflight wrote"),
			       path, jerr.line, jerr.column, jerr.text);
	}
	enum ct_status s = CT_OK;
	bool bad = false;
	json_t *res = json_object_get(root, "results");
	json_t *pj = json_object_get(root, "passed");
	if (!json_is_object(root) || !json_is_object(res)) {
		s = ct_fail(err, CT_DATA,
			    _("%s: $.results: expected an object with passed/failed/errors lists; this is not a preflight results file"),
			    path);
		goto out;
	}
	if (!json_is_boolean(pj)) {
		s = ct_fail(err, CT_DATA, _("%s: $.passed: expected true or false"), path);
		goto out;
	}
	*passed = json_is_true(pj);
	const char *image = opt_string(root, "image", "$", err, &bad);
	const char *hash = opt_string(root, "certification_hash", "$", err, &bad);
	json_t *lib = json_object_get(root, "test_library");
	const char *lname = NULL, *lversion = NULL, *lcommit = NULL;
	if (lib && !json_is_null(lib)) {
		if (!json_is_object(lib)) {
			s = ct_fail(err, CT_DATA, _("%s: $.test_library: expected an object with name, version and commit"),
				    path);
			goto out;
		}
		lname = opt_string(lib, "name", "$.test_library", err, &bad);
		lversion = opt_string(lib, "version", "$.test_library", err, &bad);
		lcommit = opt_string(lib, "commit", "$.test_library", err, &bad);
	}
	if (bad) {
		s = CT_DATA;
		goto out;
	}
	rec->image = xstrdup(image);
	rec->certification_hash = xstrdup(hash);
	rec->tool_name = xstrdup(lname);
	rec->tool_version = xstrdup(lversion);
	rec->tool_commit = xstrdup(lcommit);
	size_t cap = 0;
	for (size_t l = 0; l < ARRAY_SIZE(lists); l++) {
		json_t *arr = json_object_get(res, lists[l].key);
		if (!arr || json_is_null(arr))
			continue;
		if (!json_is_array(arr)) {
			s = ct_fail(err, CT_DATA, _("%s: $.results.%s: expected a list"), path,
				    lists[l].key);
			goto out;
		}
		for (size_t i = 0; i < json_array_size(arr); i++) {
			json_t *o = json_array_get(arr, i);
			char where[96];
			snprintf(where, sizeof(where), "$.results.%s[%zu]", lists[l].key, i);
			const char *name = json_string_value(json_object_get(o, "name"));
			if (!json_is_object(o) || !name || !*name) {
				s = ct_fail(err, CT_DATA, _("%s: %s.name: expected the check's name"),
					    path, where);
				goto out;
			}
			const char *desc = opt_string(o, "description", where, err, &bad);
			const char *help = opt_string(o, "help", where, err, &bad);
			const char *sugg = opt_string(o, "suggestion", where, err, &bad);
			const char *url = opt_string(o, "knowledgebase_url", where, err, &bad);
			const char *check_url = opt_string(o, "check_url", where, err, &bad);
			if (!url)
				url = check_url;
			if (bad) {
				s = CT_DATA;
				goto out;
			}
			if (*n == cap) {
				cap = cap ? cap * 2 : 16;
				*v = xreallocarray(*v, cap, sizeof(**v));
			}
			struct scan_result *r = &(*v)[(*n)++];
			memset(r, 0, sizeof(*r));
			r->policy = preflight_policy_id(name);
			r->status = xstrdup(lists[l].status);
			r->message = xstrdup(help ? help : desc);
			r->fix = xstrdup(sugg);
			r->url = xstrdup(url);
			r->description = xstrdup(desc);
			r->help = xstrdup(help);
			r->check_url = xstrdup(check_url);
			r->has_elapsed = opt_elapsed(o, &r->elapsed_ms);
		}
	}
	if (*n == 0)
		s = ct_fail(err, CT_DATA, _("%s: the results lists are empty; nothing to import"), path);
out:
	json_decref(root);
	if (s)
		scan_record_clear(rec);
	return s;
}
