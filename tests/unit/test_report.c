/* test_report.c - reports, import, backup and sessions on real temporary
 * databases: golden reports of a fixed database in every format, CSV
 * formula injection, HTML escaping, the import round trip, dry run, every
 * refusal with its JSON path, merging, atomic files and who-has-it-open.
 *
 * CERTTRACK_UPDATE_GOLDEN=1 rewrites tests/golden/ from this run. */
#include "fixture.h"

#include <dirent.h>
#include <jansson.h>
#include <signal.h>
#include <sys/wait.h>

#include "certtrack/records.h"
#include "certtrack/merge.h"
#include "certtrack/report.h"

#define P1 "rhosp16-openstack-cinder-volume-acme"
#define P2 "rhosp16-openstack-neutron-server-acme"
/* The UUIDs the golden files show in place of the random ones. */
#define U1 "11111111-1111-4111-8111-111111111111"
#define U2 "22222222-2222-4222-8222-222222222222"

static char uuid1[37], uuid2[37];
/* The fixture's events, newest first: their ids are random, the golden
 * file has them numbered. */
static struct event *events;
static size_t n_events;

static void at(const char *when)
{
	setenv("CERTTRACK_NOW", when, 1);
}

/* The fixed database: two projects with a bit of everything a report
 * shows, made through ops_* as a person would. */
static void build_fixture(struct fx *f)
{
	struct assignment a1[] = {
		{.key = "product", .value = "AcmeStor"},
		{.key = "product_version", .value = "2.1"},
		{.key = "plugin_status", .value = "out-of-tree"},
		{.key = "registry_namespace", .value = "acme"},
		{.key = "outbound_repository", .value = P1},
	};
	f->ops.user = "alice";
	at("2024-05-01T09:00:00Z");
	fx_expect(f, ops_project_create(&f->ops, "rhosp16-container", P1, a1, ARRAY_SIZE(a1), false,
					&f->probs, uuid1, &f->err),
		  CT_OK);
	fx_reset(f);
	at("2024-05-01T09:30:00Z");
	struct item_change done = {.set_status = true, .status = ITEM_DONE,
				   .note = "ticket RH-1234 <script>alert(1)</script> | pipe\nsecond line"};
	fx_expect(f, ops_item_update(&f->ops, P1, "connect_registration", &done, &f->probs, &f->err),
		  CT_OK);
	at("2024-05-02T10:00:00Z");
	struct item_change blocked = {.set_status = true, .status = ITEM_BLOCKED,
				      .reason = "waiting for the partner manager"};
	fx_expect(f, ops_item_update(&f->ops, P1, "zone_access", &blocked, &f->probs, &f->err),
		  CT_OK);
	at("2024-05-02T11:00:00Z");
	struct item_change forced = {.set_status = true, .status = ITEM_DONE, .force = true,
				     .reason = "done on paper, =SUM(1+1) in the portal"};
	fx_expect(f, ops_item_update(&f->ops, P1, "product_created", &forced, &f->probs, &f->err),
		  CT_OK);
	long long cid;
	fx_expect(f, ops_collateral_add(&f->ops, P1, "Install guide", "document",
					"https://example.com/guide.pdf", &cid, &f->err),
		  CT_OK);
	fx_expect(f, ops_collateral_add(&f->ops, P1, "Datasheet", "datasheet", NULL, &cid, &f->err),
		  CT_OK);
	at("2024-05-03T08:00:00Z");
	fx_expect(f, ops_prescan_record(&f->ops, P1, "Dockerfile", "sha256:abc", true,
					"{\"file\":\"Dockerfile\",\"passed\":true,\"results\":[]}",
					&f->err),
		  CT_OK);
	long long bid;
	fx_expect(f, ops_build_start(&f->ops, P1, "1.0.0", "b-77", NULL, &bid, &f->probs, &f->err),
		  CT_OK);
	fx_reset(f);
	at("2024-05-03T08:20:00Z");
	fx_expect(f, ops_build_finish(&f->ops, P1, false, NULL, "green", &f->err), CT_OK);
	/* struct scan_result holds writable strings. */
	char p1[] = "has_licenses", s1[] = "pass", p2[] = "runs_as_non_root", s2[] = "fail",
	     m2[] = "runs as root", f2[] = "add USER 1001", u2[] = "https://example.com/kb";
	struct scan_result res[] = {
		{.policy = p1, .status = s1},
		{.policy = p2, .status = s2, .message = m2, .fix = f2, .url = u2},
	};
	bool passed;
	fx_expect(f, ops_scan_record(&f->ops, P1, "manual", res, ARRAY_SIZE(res), &passed, &f->err),
		  CT_OK);
	at("2024-05-04T12:00:00Z");
	fx_expect(f, ops_owner_set(&f->ops, P1, "bob", "alice is on leave; call Bob", &f->err), CT_OK);

	f->ops.user = "bob";
	at("2024-05-05T13:00:00Z");
	struct assignment a2[] = {{.key = "product", .value = "=HYPERLINK(\"http://x\")"}};
	fx_expect(f, ops_project_create(&f->ops, "rhosp16-container", P2, a2, ARRAY_SIZE(a2), false,
					&f->probs, uuid2, &f->err),
		  CT_OK);
	fx_reset(f);
	struct item_change na = {.set_status = true, .status = ITEM_NA, .reason = "@SUM(A1:A9)",
				 .note = "-2+3"};
	fx_expect(f, ops_item_update(&f->ops, P2, "openstack_appendix", &na, &f->probs, &f->err),
		  CT_OK);
	struct item_change prog = {.set_status = true, .status = ITEM_IN_PROGRESS,
				   .note = "+cmd\ttab, \"quoted\""};
	fx_expect(f, ops_item_update(&f->ops, P2, "git_repository", &prog, &f->probs, &f->err),
		  CT_OK);
	f->ops.user = FX_USER;
	at(FX_NOW);
	events_free(events, n_events);
	fx_expect(f, store_events_list(f->st, NULL, 0, &events, &n_events, &f->err), CT_OK);
}

static void replace_all(char **s, const char *from, const char *to)
{
	struct strbuf sb = {0};
	const char *p = *s, *hit;
	size_t n = strlen(from);
	while ((hit = strstr(p, from))) {
		sb_addn(&sb, p, (size_t)(hit - p));
		sb_add(&sb, to);
		p = hit + n;
	}
	sb_add(&sb, p);
	free(*s);
	*s = sb_detach(&sb);
}

/* Stable text: the fixture's UUIDs and the version replaced. */
static char *normalise(char *s)
{
	replace_all(&s, uuid1, U1);
	replace_all(&s, uuid2, U2);
	for (size_t i = 0; i < n_events; i++) {
		char fixed[37];
		snprintf(fixed, sizeof(fixed), "eeeeeeee-eeee-4eee-8eee-%012zu", n_events - i);
		replace_all(&s, events[i].uuid, fixed);
	}
	replace_all(&s, "\"certtrack " PACKAGE_VERSION "\"", "\"certtrack VERSION\"");
	return s;
}

static char *render(struct fx *f, enum report_format fmt)
{
	char *out;
	size_t len;
	fx_expect(f, report_render(&f->ops, fmt, NULL, 0, &out, &len, &f->err), CT_OK);
	assert_int_equal(strlen(out), len);
	return out;
}

static void golden(const char *name, const char *got)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/golden/%s", fx_tests_dir(), name);
	const char *upd = getenv("CERTTRACK_UPDATE_GOLDEN");
	if (upd && *upd == '1') {
		fx_write_file(path, got, strlen(got));
		return;
	}
	size_t len;
	char *want = fx_read_file(path, &len);
	if (!want)
		fail_msg("%s is missing: run with CERTTRACK_UPDATE_GOLDEN=1", path);
	if (strcmp(want, got) != 0) {
		char out[PATH_MAX + 64];
		snprintf(out, sizeof(out), "%s.got", name);
		fx_write_file(out, got, strlen(got));
		fail_msg("%s differs from this run (written to %s)", path, out);
	}
	free(want);
}

static void test_golden(void **state)
{
	struct fx *f = *state;
	build_fixture(f);
	static const struct {
		enum report_format fmt;
		const char *file;
	} cases[] = {
		{REPORT_JSON, "report.json"},
		{REPORT_MARKDOWN, "report.md"},
		{REPORT_HTML, "report.html"},
		{REPORT_CSV, "report.csv"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *out = normalise(render(f, cases[i].fmt));
		golden(cases[i].file, out);
		free(out);
	}
}

/* The CSV cell of item key in the report's text (the whole cell as
 * written, quotes included). */
static void assert_csv_has(const char *csv, const char *cell)
{
	if (!strstr(csv, cell))
		fail_msg("CSV lacks %s:\n%s", cell, csv);
}

static void test_csv_injection(void **state)
{
	struct fx *f = *state;
	build_fixture(f);
	static const char *const bad[] = {"=1+2", "+1", "-1", "@A1", "\tx", "\rx"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct item_change chg = {.note = bad[i]};
		fx_expect(f, ops_item_update(&f->ops, P1, "project_created", &chg, &f->probs, &f->err),
			  CT_OK);
		char *csv = render(f, REPORT_CSV);
		char *want = xasprintf(",\"'%s\",", bad[i]);
		assert_csv_has(csv, want);
		/* No cell of the file starts with a formula character. */
		for (const char *p = csv; (p = strchr(p, ',')); p++) {
			char c = p[1] == '"' ? p[2] : p[1];
			assert_false(c == '=' || c == '+' || c == '@' || c == '\t');
		}
		free(want);
		free(csv);
	}
	char *csv = render(f, REPORT_CSV);
	assert_true(str_starts_with(csv, "\xEF\xBB\xBFproject,uuid,"));
	assert_csv_has(csv, ",\"'+cmd\ttab, \"\"quoted\"\"\",");
	assert_csv_has(csv, ",\"'@SUM(A1:A9)\",");
	assert_csv_has(csv, ",\"'-2+3\",");
	assert_csv_has(csv, ",\"ticket RH-1234 <script>alert(1)</script> | pipe\nsecond line\",");
	/* RFC 4180: every record ends with CRLF; one per item plus the header. */
	size_t lines = 0;
	for (const char *p = csv; (p = strstr(p, "\r\n")); p += 2)
		lines++;
	assert_int_equal(lines, 1 + 2 * 21);
	free(csv);
}

static void test_html_escaping(void **state)
{
	struct fx *f = *state;
	build_fixture(f);
	char *html = render(f, REPORT_HTML);
	assert_non_null(strstr(html, "ticket RH-1234 &lt;script&gt;alert(1)&lt;/script&gt; | pipe"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "http://x\">"));
	assert_non_null(strstr(html, "&quot;http://x&quot;"));
	assert_non_null(strstr(html, "Content-Security-Policy"));
	assert_non_null(strstr(html, "@media print"));
	assert_non_null(strstr(html, "handed from alice to bob on 2024-05-04 12:00 UTC: alice is on leave; call Bob"));
	free(html);
	char *md = render(f, REPORT_MARKDOWN);
	assert_non_null(strstr(md, "ticket RH-1234 \\<script\\>alert(1)\\</script\\> \\| pipe<br>second line"));
	assert_non_null(strstr(md, "handed from alice to bob on 2024-05-04 12:00 UTC: alice is on leave; call Bob"));
	free(md);
}

/* A second database in the fixture's folder. */
struct other {
	struct store *st;
	struct ops_ctx ops;
};

static void other_open(struct fx *f, struct other *o, const char *name)
{
	ct_error_clear(&f->err);
	fx_expect(f, store_open(fx_path(f, name), &o->st, &f->err), CT_OK);
	o->ops.st = o->st;
	o->ops.templates = &f->set;
	o->ops.user = FX_USER;
}

static char *render_ops(struct fx *f, struct ops_ctx *c, enum report_format fmt)
{
	char *out;
	size_t len;
	fx_expect(f, report_render(c, fmt, NULL, 0, &out, &len, &f->err), CT_OK);
	return out;
}

static void test_round_trip(void **state)
{
	struct fx *f = *state;
	build_fixture(f);
	char *a = render(f, REPORT_JSON);
	struct other o;
	other_open(f, &o, "empty.db");
	struct merge_result res;
	fx_expect(f, import_json(&o.ops, "a.json", a, strlen(a), false, &res, &f->err), CT_OK);
	assert_int_equal(res.applied.created, 2);
	assert_int_equal(res.applied.updated, 0);
	assert_true(res.applied.history > 20);
	merge_result_free(&res);
	static const enum report_format all[] = {REPORT_JSON, REPORT_MARKDOWN, REPORT_HTML, REPORT_CSV};
	for (size_t i = 0; i < ARRAY_SIZE(all); i++) {
		char *x = render(f, all[i]);
		char *y = render_ops(f, &o.ops, all[i]);
		assert_string_equal(x, y);
		free(x);
		free(y);
	}
	/* Again: nothing new, and no history row twice. */
	fx_expect(f, import_json(&o.ops, "a.json", a, strlen(a), false, &res, &f->err), CT_OK);
	assert_int_equal(res.applied.created, 0);
	assert_int_equal(res.applied.updated, 0);
	assert_int_equal(res.applied.unchanged, 2);
	assert_int_equal(res.applied.history, 0);
	assert_int_equal(res.applied.n, 0);
	merge_result_free(&res);
	char *b = render_ops(f, &o.ops, REPORT_JSON);
	assert_string_equal(a, b);
	free(b);
	/* The import is recorded as a merge, and undo reverts it whole (it goes
	 * through the merge engine now): the projects it created are gone. */
	struct event *ev;
	size_t n;
	fx_expect(f, store_events_list(o.st, NULL, 1, &ev, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].what, "merge");
	events_free(ev, n);
	fx_expect(f, ops_undo(&o.ops, NULL, NULL, &f->err), CT_OK);
	struct project_summary *ps;
	fx_expect(f, store_project_list(o.st, &ps, &n, &f->err), CT_OK);
	assert_int_equal(n, 0);
	project_summaries_free(ps, n);
	/* History is append-only: what came from elsewhere stays. */
	fx_expect(f, ops_undo(&o.ops, NULL, NULL, &f->err), CT_FAILED);
	store_close(o.st);
	free(a);
}

static void test_dry_run(void **state)
{
	struct fx *f = *state;
	build_fixture(f);
	char *a = render(f, REPORT_JSON);
	struct other o;
	other_open(f, &o, "dry.db");
	size_t len0, len1;
	char *before = fx_read_file(fx_path(f, "dry.db"), &len0);
	struct merge_result res;
	fx_expect(f, import_json(&o.ops, "a.json", a, strlen(a), true, &res, &f->err), CT_OK);
	assert_int_equal(res.applied.created, 2);
	assert_true(res.applied.n >= 2);
	assert_int_equal(res.applied.v[0].action, IMPORT_CREATE);
	merge_result_free(&res);
	char *after = fx_read_file(fx_path(f, "dry.db"), &len1);
	assert_int_equal(len0, len1);
	assert_memory_equal(before, after, len0);
	struct project_summary *v;
	size_t n;
	fx_expect(f, store_project_list(o.st, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 0);
	project_summaries_free(v, n);
	struct event *ev;
	fx_expect(f, store_events_list(o.st, NULL, 0, &ev, &n, &f->err), CT_OK);
	assert_int_equal(n, 0);
	events_free(ev, n);
	free(before);
	free(after);
	store_close(o.st);
	free(a);
}

/* Mutates the exported document with a JSON path-ish setter. */
typedef void (*mutate_fn)(json_t *root);

static json_t *proj(json_t *root, size_t i)
{
	return json_array_get(json_object_get(root, "projects"), i);
}

static void m_format(json_t *r) { json_object_set_new(r, "format", json_integer(2)); }
static void m_no_format(json_t *r) { json_object_del(r, "format"); }
static void m_template(json_t *r) { json_object_set_new(proj(r, 0), "template", json_string("nope")); }
static void m_status(json_t *r)
{
	json_t *it = json_array_get(json_object_get(proj(r, 0), "items"), 3);
	json_object_set_new(it, "status", json_string("donee"));
}
static void m_choice(json_t *r)
{
	json_t *fv = json_object_get(json_object_get(proj(r, 1), "fields"), "release_category");
	json_object_set_new(fv, "value", json_string("Beta"));
}
static void m_dup_uuid(json_t *r)
{
	json_object_set(proj(r, 1), "uuid", json_object_get(proj(r, 0), "uuid"));
}
static void m_time(json_t *r) { json_object_set_new(proj(r, 0), "updated_at", json_string("yesterday")); }
static void m_field(json_t *r)
{
	json_object_set_new(json_object_get(proj(r, 0), "fields"), "colour",
			    json_pack("{s:s}", "value", "red"));
}
static void m_blocked(json_t *r)
{
	json_t *it = json_array_get(json_object_get(proj(r, 0), "items"), 1);
	json_object_set_new(it, "reason", json_null());
}
static void m_history(json_t *r)
{
	json_t *h = json_array_get(json_object_get(proj(r, 1), "history"), 0);
	json_object_set_new(h, "what", json_integer(7));
}
static void m_bool(json_t *r)
{
	json_t *b = json_array_get(json_object_get(proj(r, 0), "builds"), 0);
	json_t *s = json_array_get(json_object_get(b, "scans"), 0);
	json_object_set_new(s, "passed", json_string("yes"));
}

static void test_refusals(void **state)
{
	struct fx *f = *state;
	build_fixture(f);
	char *a = render(f, REPORT_JSON);
	static const struct {
		mutate_fn fn;
		const char *path;
	} cases[] = {
		{m_format, "$.format: unknown format 2"},
		{m_no_format, "$.format: missing"},
		{m_template, "$.projects[0].template: unknown template \"nope\""},
		{m_status, "$.projects[0].items[3].status: unknown status"},
		{m_choice, "$.projects[1].fields.release_category.value: invalid value"},
		{m_dup_uuid, "$.projects[1].uuid: UUID"},
		{m_time, "$.projects[0].updated_at: \"yesterday\" is not a UTC time"},
		{m_field, "$.projects[0].fields.colour: template rhosp16-container has no field"},
		{m_blocked, "$.projects[0].items[1].reason: blocked needs a reason"},
		{m_history, "$.projects[1].history[0].what: must be a string"},
		{m_bool, "$.projects[0].builds[0].scans[0].passed: must be true or false"},
	};
	struct other o;
	other_open(f, &o, "refuse.db");
	size_t len0, len1;
	char *before = fx_read_file(fx_path(f, "refuse.db"), &len0);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		json_error_t je;
		json_t *root = json_loads(a, 0, &je);
		assert_non_null(root);
		cases[i].fn(root);
		char *doc = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(root);
		struct merge_result res;
		ct_error_clear(&f->err);
		assert_int_equal(import_json(&o.ops, "x.json", doc, strlen(doc), false, &res, &f->err),
				 CT_DATA);
		if (!strstr(f->err.msg, cases[i].path))
			fail_msg("case %zu: \"%s\" does not name %s", i, f->err.msg, cases[i].path);
		assert_true(str_starts_with(f->err.msg, "x.json: $"));
		assert_int_equal(res.applied.n, 0);
		free(doc);
	}
	/* Not JSON, duplicated keys, not an object. */
	static const char *const raw[] = {"{\"format\": 1, \"projects\": [", "not json at all",
					  "{\"format\": 1, \"format\": 1, \"projects\": []}"};
	for (size_t i = 0; i < ARRAY_SIZE(raw); i++) {
		struct merge_result res;
		ct_error_clear(&f->err);
		assert_int_equal(import_json(&o.ops, "x.json", raw[i], strlen(raw[i]), false, &res,
					     &f->err),
				 CT_DATA);
		assert_non_null(strstr(f->err.msg, "not a JSON report"));
	}
	struct merge_result res;
	assert_int_equal(import_json(&o.ops, "x.json", "[]", 2, false, &res, &f->err), CT_DATA);
	assert_non_null(strstr(f->err.msg, "x.json: $: must be an object"));
	/* Every refusal left the database as it was. */
	char *after = fx_read_file(fx_path(f, "refuse.db"), &len1);
	assert_int_equal(len0, len1);
	assert_memory_equal(before, after, len0);
	free(before);
	free(after);
	store_close(o.st);
	free(a);
}

static void test_merge(void **state)
{
	struct fx *f = *state;
	build_fixture(f);
	char *base = render(f, REPORT_JSON);
	struct other o;
	other_open(f, &o, "merge.db");
	struct merge_result res;
	fx_expect(f, import_json(&o.ops, "base.json", base, strlen(base), false, &res, &f->err), CT_OK);
	merge_result_free(&res);
	/* There: a newer product; here: a newer note on another item. */
	at("2024-06-01T00:00:00Z");
	struct assignment set = {.key = "product", .value = "AcmeStor Pro"};
	fx_expect(f, ops_fields_set(&f->ops, P1, &set, 1, &f->probs, &f->err), CT_OK);
	at("2024-06-02T00:00:00Z");
	struct item_change note_here = {.note = "local note"};
	fx_expect(f, ops_item_update(&o.ops, P1, "product_created", &note_here, &f->probs, &f->err),
		  CT_OK);
	at("2024-05-15T00:00:00Z");
	struct item_change note_there = {.note = "older note"};
	fx_expect(f, ops_item_update(&f->ops, P1, "product_created", &note_there, &f->probs, &f->err),
		  CT_OK);
	at(FX_NOW);
	char *there = render(f, REPORT_JSON);
	/* Both changed the note since the shared report: a conflict, which
	 * import no longer settles by time (it kept the newer one before):
	 * nothing is applied, not even the product. */
	assert_int_equal(import_json(&o.ops, "there.json", there, strlen(there), false, &res,
				     &f->err),
			 CT_FAILED);
	assert_int_equal(res.n_conflicts, 1);
	assert_int_equal(res.n_unresolved, 1);
	assert_string_equal(res.conflicts[0].key, "product_created.note");
	assert_string_equal(res.conflicts[0].ours, "local note");
	assert_string_equal(res.conflicts[0].theirs, "older note");
	assert_int_equal(res.applied.n, 0);
	merge_result_free(&res);
	struct project *p;
	fx_expect(f, ops_project_load(&o.ops, P1, &p, &f->err), CT_OK);
	assert_string_equal(project_value(p, "product"), "AcmeStor");
	project_free(p);
	struct merge_take keep = {.key = "product_created.note", .side = MERGE_OURS};
	struct merge_opts mo = {.take = &keep, .n_take = 1};
	fx_expect(f, merge_json(&o.ops, "there.json", there, strlen(there), &mo, &res, &f->err),
		  CT_OK);
	assert_int_equal(res.applied.updated, 1);
	assert_int_equal(res.applied.unchanged, 1);
	assert_int_equal(res.applied.history, 2);
	bool saw_product = false;
	for (size_t i = 0; i < res.applied.n; i++) {
		if (res.applied.v[i].action == IMPORT_FIELD && str_eq(res.applied.v[i].what, "product")) {
			saw_product = true;
			assert_string_equal(res.applied.v[i].old_value, "AcmeStor");
			assert_string_equal(res.applied.v[i].new_value, "AcmeStor Pro");
		}
		assert_false(res.applied.v[i].action == IMPORT_ITEM);
	}
	assert_true(saw_product);
	merge_result_free(&res);
	fx_expect(f, ops_project_load(&o.ops, P1, &p, &f->err), CT_OK);
	assert_string_equal(project_value(p, "product"), "AcmeStor Pro");
	int ii = template_item_index(p->tpl, "product_created");
	assert_string_equal(p->items[ii].note, "local note");
	project_free(p);
	free(base);
	free(there);
	store_close(o.st);
}

static void test_write_file(void **state)
{
	struct fx *f = *state;
	const char *path = fx_path(f, "out.md");
	fx_expect(f, report_write_file(path, "one\n", 4, false, &f->err), CT_OK);
	ct_error_clear(&f->err);
	assert_int_equal(report_write_file(path, "two\n", 4, false, &f->err), CT_FAILED);
	assert_non_null(strstr(f->err.msg, "--force"));
	size_t len;
	char *got = fx_read_file(path, &len);
	assert_string_equal(got, "one\n");
	free(got);
	fx_expect(f, report_write_file(path, "two\n", 4, true, &f->err), CT_OK);
	got = fx_read_file(path, &len);
	assert_string_equal(got, "two\n");
	free(got);
	assert_int_equal(report_write_file(fx_path(f, "no/such/dir/x.md"), "x", 1, false, &f->err),
			 CT_SYSTEM);
	assert_int_equal(report_write_file(f->dir, "x", 1, true, &f->err), CT_USAGE);
	/* Nothing but the report and the database is left in the folder. */
	DIR *d = opendir(f->dir);
	assert_non_null(d);
	struct dirent *de;
	size_t entries = 0;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' || (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")))
			entries++;
	closedir(d);
	assert_int_equal(entries, 2);
	char *name = report_default_filename(REPORT_HTML, 1714979289);
	assert_string_equal(name, "certtrack-report-20240506-0708.html");
	free(name);
	enum report_format fmt;
	assert_true(report_format_from_path("dir.x/status.CSV", &fmt));
	assert_int_equal(fmt, REPORT_CSV);
	assert_false(report_format_from_path("dir.md/status", &fmt));
}

static void test_backup(void **state)
{
	struct fx *f = *state;
	build_fixture(f);
	const char *dest = fx_path(f, "copy.db");
	fx_expect(f, store_backup(f->st, dest, false, &f->err), CT_OK);
	ct_error_clear(&f->err);
	assert_int_equal(store_backup(f->st, dest, false, &f->err), CT_FAILED);
	assert_int_equal(store_backup(f->st, f->db, true, &f->err), CT_USAGE);
	fx_expect(f, store_backup(f->st, dest, true, &f->err), CT_OK);
	struct stat sb;
	char side[PATH_MAX + 64];
	snprintf(side, sizeof(side), "%s-journal", dest);
	assert_int_not_equal(stat(side, &sb), 0);
	snprintf(side, sizeof(side), "%s-wal", dest);
	assert_int_not_equal(stat(side, &sb), 0);
	struct other o;
	other_open(f, &o, "copy.db");
	char *x = render(f, REPORT_JSON);
	char *y = render_ops(f, &o.ops, REPORT_JSON);
	assert_string_equal(x, y);
	free(x);
	free(y);
	store_close(o.st);
}

static void test_sessions(void **state)
{
	struct fx *f = *state;
	long long me = 0, other = 0;
	fx_expect(f, store_session_register(f->st, "alice", &me, &f->err), CT_OK);
	struct other o;
	other_open(f, &o, "certtrack.db");
	fx_expect(f, store_session_register(o.st, "bob", &other, &f->err), CT_OK);
	assert_true(me > 0 && other > 0 && me != other);
	struct session *v;
	size_t n;
	fx_expect(f, store_sessions_others(f->st, me, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].user, "bob");
	assert_int_equal(v[0].pid, (long long)getpid());
	assert_string_equal(v[0].since, FX_NOW);
	sessions_free(v, n);

	/* A process that died without unregistering. */
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct store *cs;
		struct ct_error e;
		long long id = 0;
		if (store_open(f->db, &cs, &e) || store_session_register(cs, "carol", &id, &e))
			_exit(1);
		_exit(0); /* no unregister, no close: as if it crashed */
	}
	int status;
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	fx_expect(f, store_sessions_others(f->st, me, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].user, "bob");
	sessions_free(v, n);

	/* Three minutes without a heartbeat: gone; ours comes back. */
	at("2024-05-06T07:11:10Z");
	fx_expect(f, store_session_heartbeat(f->st, me, "alice", &f->err), CT_OK);
	fx_expect(f, store_sessions_others(f->st, me, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 0);
	sessions_free(v, n);
	fx_expect(f, store_session_heartbeat(o.st, other, "bob", &f->err), CT_OK);
	fx_expect(f, store_sessions_others(f->st, me, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].id, other);
	sessions_free(v, n);
	fx_expect(f, store_session_unregister(o.st, other, &f->err), CT_OK);
	fx_expect(f, store_sessions_others(f->st, me, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 0);
	sessions_free(v, n);
	store_close(o.st);
	at(FX_NOW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_golden, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_csv_injection, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_html_escaping, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_dry_run, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_refusals, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_merge, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_write_file, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_backup, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_sessions, fx_setup, fx_teardown),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	events_free(events, n_events);
	return failed;
}
