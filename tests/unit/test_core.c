/* test_core.c - unit tests of the core modules that the other suites only
 * reach through the commands: one command as a transaction (txn.c), the
 * JSON shapes of cli.md (jsonout.c, streamed as list writes them), the stored results of the remote
 * checks (store verifications), the check list and the verify report
 * (verify_checks.c, verify_json.c), and the registry's documents parsed
 * (verify_json.c). */
#include "fixture.h"

#include <jansson.h>

#include "certtrack/jsonout.h"
#include "certtrack/projects.h"
#include "certtrack/verify.h"
#include "core/txn.h"
#include "core/verify_int.h"

#define NAME "rhosp16-openstack-cinder-volume-myplugin"

static void make_project(struct fx *f, char uuid[37])
{
	fx_expect(f, ops_project_create(&f->ops, "rhosp16-container", NAME, NULL, 0, false,
					&f->probs, uuid, &f->err),
		  CT_OK);
	fx_reset(f);
}

static size_t history_len(struct fx *f)
{
	struct event *ev;
	size_t n;
	fx_expect(f, store_events_list(f->st, NULL, 0, &ev, &n, &f->err), CT_OK);
	events_free(ev, n);
	return n;
}

static json_t *parse(char *doc)
{
	json_error_t e;
	json_t *j = json_loads(doc, 0, &e);
	if (!j)
		fail_msg("not JSON (%s): %s", e.text, doc);
	free(doc);
	return j;
}

/* ------------------------------------------------------------------ txn */

/* A command lands whole: its events, the project row and the summary. */
static void txn_commits_whole(void **state)
{
	struct fx *f = *state;
	char uuid[37];
	make_project(f, uuid);
	size_t before = history_len(f);

	struct txn t;
	struct project *p;
	fx_expect(f, txn_begin_project(&t, &f->ops, NAME, &p, &f->err), CT_OK);
	t.summary = xstrdup("test command");
	fx_expect(f, txn_event(&t, p, "owner", NULL, p->owner, "bob", NULL, &f->err), CT_OK);
	str_set(&p->owner, "bob");
	fx_expect(f, txn_end(&t, p, CT_OK, &f->err), CT_OK);
	project_free(p);

	assert_int_equal(history_len(f), before + 1);
	fx_expect(f, ops_project_load(&f->ops, NAME, &p, &f->err), CT_OK);
	assert_string_equal(p->owner, "bob");
	assert_string_equal(p->updated_at, FX_NOW);
	project_free(p);
	/* The command is the undo candidate, with its summary. */
	long long cmd;
	fx_expect(f, store_undo_candidate(f->st, &cmd, &f->err), CT_OK);
	assert_true(cmd > 0);
}

/* A command that fails leaves nothing: no event, no change, and the
 * database is free for the next command. */
static void txn_rolls_back_whole(void **state)
{
	struct fx *f = *state;
	char uuid[37];
	make_project(f, uuid);
	size_t before = history_len(f);

	struct txn t;
	struct project *p;
	fx_expect(f, txn_begin_project(&t, &f->ops, NAME, &p, &f->err), CT_OK);
	fx_expect(f, txn_event(&t, p, "owner", NULL, p->owner, "mallory", NULL, &f->err), CT_OK);
	str_set(&p->owner, "mallory");
	assert_int_equal(txn_end(&t, p, CT_FAILED, &f->err), CT_FAILED);
	project_free(p);

	assert_int_equal(history_len(f), before);
	fx_expect(f, ops_project_load(&f->ops, NAME, &p, &f->err), CT_OK);
	assert_string_not_equal(p->owner, "mallory");
	project_free(p);
	/* Not left inside a transaction. */
	fx_expect(f, store_begin(f->st, &f->err), CT_OK);
	store_rollback(f->st);
}

/* An unknown project refuses the command before anything is written. */
static void txn_unknown_project(void **state)
{
	struct fx *f = *state;
	struct txn t;
	struct project *p = (struct project *)1;
	assert_int_equal(txn_begin_project(&t, &f->ops, "no-such-project", &p, &f->err), CT_USAGE);
	assert_null(p);
	fx_expect(f, store_begin(f->st, &f->err), CT_OK);
	store_rollback(f->st);
}

/* -------------------------------------------------------------- jsonout */

/* cli.md: list is an array of {uuid, name, owner, progress, next_action,
 * problems}; history of {at, user, project, what, old, new}. */
static void jsonout_shapes(void **state)
{
	struct fx *f = *state;
	char uuid[37];
	make_project(f, uuid);
	fx_expect(f, ops_owner_set(&f->ops, NAME, "bob", "over to bob", &f->err), CT_OK);

	struct project_summary *v;
	size_t n;
	fx_expect(f, store_project_list(f->st, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	char *doc = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&doc, &len);
	struct jsonout_stream js = {0};
	jsonout_stream_begin(&js, mem);
	for (size_t i = 0; i < n; i++)
		jsonout_stream_summary(&js, &v[i]);
	jsonout_stream_end(&js);
	fclose(mem);
	json_t *j = parse(doc);
	project_summaries_free(v, n);
	assert_true(json_is_array(j));
	json_t *row = json_array_get(j, 0);
	assert_string_equal(json_string_value(json_object_get(row, "uuid")), uuid);
	assert_string_equal(json_string_value(json_object_get(row, "name")), NAME);
	assert_string_equal(json_string_value(json_object_get(row, "owner")), "bob");
	assert_non_null(json_object_get(row, "progress"));
	assert_non_null(json_object_get(row, "next_action"));
	assert_non_null(json_object_get(row, "problems"));
	json_decref(j);

	struct event *ev;
	fx_expect(f, store_events_list(f->st, NULL, 1, &ev, &n, &f->err), CT_OK);
	j = parse(jsonout_history(ev, n));
	events_free(ev, n);
	row = json_array_get(j, 0);
	assert_string_equal(json_string_value(json_object_get(row, "user")), FX_USER);
	assert_string_equal(json_string_value(json_object_get(row, "at")), FX_NOW);
	assert_string_equal(json_string_value(json_object_get(row, "what")), "owner");
	assert_string_equal(json_string_value(json_object_get(row, "new")), "bob");
	assert_non_null(json_object_get(row, "old"));
	assert_non_null(json_object_get(row, "project"));
	json_decref(j);
}

/* Text that is not UTF-8 (old data, odd paths) is kept as U+FFFD, never
 * dropped or left as invalid JSON. */
static void jsonout_not_utf8(void **state)
{
	(void)state;
	struct event e = {.at = (char *)FX_NOW, .user = (char *)"a\xff" "b",
			  .what = (char *)"owner"};
	json_t *j = parse(jsonout_history(&e, 1));
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "user")),
			    "a\xEF\xBF\xBD" "b");
	json_decref(j);
}

/* The list's rows refill one object: a row whose text is not UTF-8 after
 * rows that were ASCII still gets U+FFFD, and the next row its own text. */
static void jsonout_stream_not_utf8(void **state)
{
	(void)state;
	struct project_summary v[3] = {
		{.uuid = "u1", .name = (char *)"p1", .template_id = (char *)"t", .owner = (char *)"alice"},
		{.uuid = "u2", .name = (char *)"p2", .template_id = (char *)"t", .owner = (char *)"b\xff" "b"},
		{.uuid = "u3", .name = (char *)"p3", .template_id = (char *)"t", .owner = (char *)"J\xC3\xBC" "rgen"},
	};
	char *doc = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&doc, &len);
	struct jsonout_stream js = {0};
	jsonout_stream_begin(&js, mem);
	for (size_t i = 0; i < 3; i++)
		jsonout_stream_summary(&js, &v[i]);
	jsonout_stream_end(&js);
	fclose(mem);
	json_t *j = parse(doc);
	const char *want[] = {"alice", "b\xEF\xBF\xBD" "b", "J\xC3\xBC" "rgen"};
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(j, i), "owner")),
				    want[i]);
	json_decref(j);
}

/* ------------------------------------------------ stored verifications */

static void store_verifications(void **state)
{
	struct fx *f = *state;
	char uuid[37];
	make_project(f, uuid);
	struct project *p;
	fx_expect(f, ops_project_load(&f->ops, NAME, &p, &f->err), CT_OK);
	long long id = p->id;
	project_free(p);

	fx_expect(f, store_begin(f->st, &f->err), CT_OK);
	long long ids[3];
	const char *kinds[] = {"git", "git_branch", "image"};
	for (int i = 0; i < 3; i++) {
		struct verification v = {.at = (char *)FX_NOW, .user = (char *)FX_USER,
					 .kind = (char *)kinds[i], .target = (char *)"https://git.example.com/x.git",
					 .outcome = (char *)(i == 2 ? "fail" : "pass"),
					 .message = (char *)"checked", .details = NULL};
		fx_expect(f, store_verification_add(f->st, id, &v, &f->err), CT_OK);
		ids[i] = v.id;
	}
	fx_expect(f, store_commit(f->st, &f->err), CT_OK);

	struct verification *v;
	size_t n;
	fx_expect(f, store_verifications_list(f->st, id, 0, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].kind, "image"); /* newest first */
	assert_string_equal(v[0].outcome, "fail");
	verifications_free(v, n);
	fx_expect(f, store_verifications_list(f->st, id, 1, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	verifications_free(v, n);

	/* Undo of a verify run removes exactly its rows. */
	fx_expect(f, store_begin(f->st, &f->err), CT_OK);
	fx_expect(f, store_verifications_delete(f->st, id, ids[1], ids[2], &f->err), CT_OK);
	fx_expect(f, store_commit(f->st, &f->err), CT_OK);
	fx_expect(f, store_verifications_list(f->st, id, 0, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].kind, "git");
	verifications_free(v, n);
}

/* ------------------------------------------------- checks and the report */

/* What servers send ends up on terminals: no control characters. */
static void checks_cleaned(void **state)
{
	(void)state;
	struct verify_checks l = {0};
	struct verify_check *c = verify_checks_add(&l, "git", "https://h/\x1b[31mx", VERIFY_FAIL,
						   "fix \a it", "bad %s", "\x1b]0;title\x07");
	assert_null(strchr(c->target, '\x1b'));
	assert_null(strchr(c->message, '\x1b'));
	assert_null(strchr(c->message, '\a'));
	assert_null(strchr(c->fix, '\a'));
	assert_string_equal(c->kind, "git");
	assert_int_equal(l.n, 1);
	verify_checks_add(&l, "image", NULL, VERIFY_PASS, NULL, "fine");
	assert_string_equal(l.v[1].target, "");
	assert_null(l.v[1].fix);
	verify_checks_free(&l);
	assert_int_equal(l.n, 0);
	assert_string_equal(verify_outcome_name(VERIFY_SKIPPED), "not-checkable");
	assert_string_equal(verify_outcome_name(VERIFY_ERROR), "error");
}

static void report_json_shape(void **state)
{
	(void)state;
	struct verify_report r = {.at = (char *)FX_NOW, .user = (char *)FX_USER,
				  .project = (char *)NAME, .status = CT_FAILED, .recorded = true};
	snprintf(r.uuid, sizeof(r.uuid), "%s", "00000000-0000-4000-8000-000000000000");
	struct verify_check *c = verify_checks_add(&r.checks, "image", "registry/x:1", VERIFY_FAIL,
						   "set a USER", "runs as root");
	c->details = verify_json_details("user", "root", NULL, NULL, NULL, NULL, NULL, NULL);
	json_t *j = parse(verify_report_json(&r));
	verify_checks_free(&r.checks);
	assert_string_equal(json_string_value(json_object_get(j, "project")), NAME);
	assert_false(json_is_true(json_object_get(j, "passed")));
	assert_string_equal(json_string_value(json_object_get(j, "status")), "failed");
	json_t *ck = json_array_get(json_object_get(j, "checks"), 0);
	assert_string_equal(json_string_value(json_object_get(ck, "kind")), "image");
	assert_string_equal(json_string_value(json_object_get(ck, "outcome")), "fail");
	assert_string_equal(json_string_value(json_object_get(ck, "fix")), "set a USER");
	assert_string_equal(json_string_value(json_object_get(json_object_get(ck, "details"), "user")),
			    "root");
	json_decref(j);
}

/* ------------------------------------------------- registry documents */

static void registry_documents(void **state)
{
	(void)state;
	struct ct_error err;
	ct_error_clear(&err);
	static const char manifest[] =
		"{\"schemaVersion\":2,\"mediaType\":\"" MT_OCI_MANIFEST "\","
		"\"config\":{\"digest\":\"sha256:abc\",\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":1},"
		"\"layers\":[{\"digest\":\"sha256:1\"},{\"digest\":\"sha256:2\"}]}";
	struct oci_manifest m;
	memset(&m, 0, sizeof(m));
	assert_int_equal(regjson_manifest(manifest, strlen(manifest), MT_OCI_MANIFEST, &m, &err), CT_OK);
	assert_false(m.is_index);
	assert_string_equal(m.config_digest, "sha256:abc");
	assert_int_equal(m.n_layers, 2);
	oci_manifest_free(&m);

	static const char index[] =
		"{\"schemaVersion\":2,\"mediaType\":\"" MT_OCI_INDEX "\",\"manifests\":["
		"{\"digest\":\"sha256:a\",\"mediaType\":\"" MT_OCI_MANIFEST "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
	memset(&m, 0, sizeof(m));
	assert_int_equal(regjson_manifest(index, strlen(index), MT_OCI_INDEX, &m, &err), CT_OK);
	assert_true(m.is_index);
	assert_int_equal(m.n_manifests, 1);
	assert_string_equal(m.manifests[0].arch, "amd64");
	oci_manifest_free(&m);

	memset(&m, 0, sizeof(m));
	assert_int_equal(regjson_manifest("[1,2]", 5, MT_OCI_MANIFEST, &m, &err), CT_DATA);
	oci_manifest_free(&m);
	memset(&m, 0, sizeof(m));
	assert_int_equal(regjson_manifest("{\"schemaVersion\":", 17, MT_OCI_MANIFEST, &m, &err), CT_DATA);
	oci_manifest_free(&m);

	static const char config[] = "{\"os\":\"linux\",\"architecture\":\"amd64\",\"config\":"
				     "{\"User\":\"1001\",\"Labels\":{\"name\":\"x\",\"vendor\":\"ACME\"}}}";
	struct oci_config c;
	memset(&c, 0, sizeof(c));
	assert_int_equal(regjson_config(config, strlen(config), &c, &err), CT_OK);
	assert_string_equal(c.user, "1001");
	assert_int_equal(c.n_labels, 2);
	oci_config_free(&c);

	struct strlist tags = {0};
	static const char tl[] = "{\"name\":\"ns/repo\",\"tags\":[\"1.0\",\"latest\"]}";
	assert_int_equal(regjson_tags(tl, strlen(tl), &tags, &err), CT_OK);
	assert_int_equal(tags.n, 2);
	strlist_free(&tags);
	/* Entries that are not names are skipped; a "tags" that is not a
	 * list is refused. */
	assert_int_equal(regjson_tags("{\"tags\":[1,\"a\"]}", 16, &tags, &err), CT_OK);
	assert_int_equal(tags.n, 1);
	strlist_free(&tags);
	assert_int_equal(regjson_tags("{\"tags\":\"1.0\"}", 14, &tags, &err), CT_DATA);
	strlist_free(&tags);

	char *tok = NULL;
	assert_int_equal(regjson_token("{\"access_token\":\"t0k\"}", 22, &tok, &err), CT_OK);
	assert_string_equal(tok, "t0k");
	free(tok);
	tok = NULL;
	assert_int_equal(regjson_token("{}", 2, &tok, &err), CT_DATA);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(txn_commits_whole, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(txn_rolls_back_whole, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(txn_unknown_project, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(jsonout_shapes, fx_setup, fx_teardown),
		cmocka_unit_test(jsonout_not_utf8),
		cmocka_unit_test(jsonout_stream_not_utf8),
		cmocka_unit_test_setup_teardown(store_verifications, fx_setup, fx_teardown),
		cmocka_unit_test(checks_cleaned),
		cmocka_unit_test(report_json_shape),
		cmocka_unit_test(registry_documents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
