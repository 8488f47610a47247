/* test_merge.c - the three-way merge engine (merge.h) on constructed
 * histories: this database ("ours") and a backup of it ("theirs") that
 * diverge, then merged. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "fixture.h"

#include "certtrack/merge.h"
#include "certtrack/ops.h"
#include "certtrack/store.h"
#include "certtrack/verify.h"

#define P "rhosp16-openstack-cinder-volume-acme"

struct two {
	struct fx *f;
	char theirs_path[PATH_MAX + 64];
	struct store *st;
	struct ops_ctx ops; /* theirs */
	struct merge_result res;
};

/* Ours: a project; theirs: a backup of it, opened. */
static void two_open(struct fx *f, struct two *t)
{
	memset(t, 0, sizeof(*t));
	t->f = f;
	struct assignment a = {.key = "product", .value = "AcmeStor"};
	char uuid[37];
	fx_expect(f,
		  ops_project_create(&f->ops, "rhosp16-container", P, &a, 1, false, &f->probs, uuid,
				     &f->err),
		  CT_OK);
	fx_reset(f);
	snprintf(t->theirs_path, sizeof(t->theirs_path), "%s", fx_path(f, "theirs.db"));
	fx_expect(f, store_backup(f->st, t->theirs_path, false, &f->err), CT_OK);
	fx_expect(f, store_open(t->theirs_path, &t->st, &f->err), CT_OK);
	t->ops.st = t->st;
	t->ops.templates = &f->set;
	t->ops.user = "bob";
}

static void two_close(struct two *t)
{
	merge_result_free(&t->res);
	store_close(t->st);
}

static void set(struct fx *f, struct ops_ctx *c, const char *key, const char *value)
{
	struct assignment a = {.key = key, .value = value};
	fx_expect(f, ops_fields_set(c, P, &a, 1, &f->probs, &f->err), CT_OK);
	fx_reset(f);
}

static const char *value(struct fx *f, struct ops_ctx *c, const char *key, char *buf, size_t n)
{
	struct project *p;
	fx_expect(f, ops_project_load(c, P, &p, &f->err), CT_OK);
	const char *v = project_value(p, key);
	snprintf(buf, n, "%s", v ? v : "(null)");
	project_free(p);
	return buf;
}

static enum ct_status merge(struct two *t, enum merge_side all)
{
	merge_result_free(&t->res);
	struct merge_opts o = {.all = all};
	ct_error_clear(&t->f->err);
	return merge_file(&t->f->ops, t->theirs_path, t->f->db, &o, &t->res, &t->f->err);
}

/* The example project's UUID here (static storage, one at a time). */
static const char *p_uuid(struct fx *f)
{
	static char uuid[37];
	struct project *p;
	fx_expect(f, ops_project_load(&f->ops, P, &p, &f->err), CT_OK);
	snprintf(uuid, sizeof(uuid), "%s", p->uuid);
	project_free(p);
	return uuid;
}

static long long history_count(struct fx *f)
{
	struct event *v;
	size_t n;
	fx_expect(f, store_events_list(f->st, NULL, 0, &v, &n, &f->err), CT_OK);
	events_free(v, n);
	return (long long)n;
}

static void test_one_sided(void **state)
{
	struct fx *f = *state;
	struct two t;
	char buf[256];
	two_open(f, &t);
	set(f, &t.ops, "repository_description", "bob's text");
	set(f, &f->ops, "product_version", "2.1"); /* ours, another key */
	assert_int_equal(merge(&t, MERGE_ASK), CT_OK);
	assert_int_equal(t.res.n_conflicts, 0);
	assert_int_equal(t.res.applied.updated, 1);
	assert_string_equal(value(f, &f->ops, "repository_description", buf, sizeof(buf)),
			    "bob's text");
	assert_string_equal(value(f, &f->ops, "product_version", buf, sizeof(buf)), "2.1");
	two_close(&t);
}

static void test_identical(void **state)
{
	struct fx *f = *state;
	struct two t;
	char buf[256];
	two_open(f, &t);
	set(f, &t.ops, "repository_description", "the same");
	set(f, &f->ops, "repository_description", "the same");
	assert_int_equal(merge(&t, MERGE_ASK), CT_OK);
	assert_int_equal(t.res.n_conflicts, 0);
	for (size_t i = 0; i < t.res.applied.n; i++)
		assert_int_not_equal(t.res.applied.v[i].action, IMPORT_FIELD);
	assert_string_equal(value(f, &f->ops, "repository_description", buf, sizeof(buf)),
			    "the same");
	two_close(&t);
}

static void test_conflict(void **state)
{
	struct fx *f = *state;
	struct two t;
	char buf[256];
	two_open(f, &t);
	set(f, &f->ops, "product", "ours");
	set(f, &t.ops, "product", "theirs");
	struct item_change prog = {.set_status = true, .status = ITEM_IN_PROGRESS};
	fx_expect(f, ops_item_update(&t.ops, P, "api_testing", &prog, &f->probs, &f->err), CT_OK);
	long long before = history_count(f);
	/* Unresolved: listed, nothing written (not even the one-sided item). */
	assert_int_equal(merge(&t, MERGE_ASK), CT_FAILED);
	assert_int_equal(t.res.n_conflicts, 1);
	assert_int_equal(t.res.n_unresolved, 1);
	const struct merge_conflict *x = &t.res.conflicts[0];
	assert_string_equal(x->key, "product");
	assert_string_equal(x->base, "AcmeStor");
	assert_string_equal(x->ours, "ours");
	assert_string_equal(x->theirs, "theirs");
	assert_string_equal(x->ours_by, FX_USER);
	assert_string_equal(x->theirs_by, "bob");
	assert_int_equal(t.res.applied.n, 0);
	assert_int_equal(history_count(f), before);
	assert_string_equal(value(f, &f->ops, "product", buf, sizeof(buf)), "ours");
	/* A dry run with a resolution writes nothing either. */
	merge_result_free(&t.res);
	struct merge_opts dry = {.dry_run = true, .all = MERGE_THEIRS};
	fx_expect(f, merge_file(&f->ops, t.theirs_path, f->db, &dry, &t.res, &f->err), CT_OK);
	assert_true(t.res.applied.n > 0);
	assert_int_equal(history_count(f), before);
	/* Ours kept: the one-sided item is taken, the resolution recorded. */
	assert_int_equal(merge(&t, MERGE_OURS), CT_OK);
	assert_int_equal(t.res.n_unresolved, 0);
	assert_int_equal(t.res.conflicts[0].resolved, MERGE_OURS);
	assert_string_equal(value(f, &f->ops, "product", buf, sizeof(buf)), "ours");
	struct project *p;
	fx_expect(f, ops_project_load(&f->ops, P, &p, &f->err), CT_OK);
	assert_int_equal(p->items[template_item_index(p->tpl, "api_testing")].status,
			 ITEM_IN_PROGRESS);
	project_free(p);
	struct event *v;
	size_t n;
	fx_expect(f, store_events_list(f->st, NULL, 0, &v, &n, &f->err), CT_OK);
	bool resolved = false;
	for (size_t i = 0; i < n; i++)
		if (str_eq(v[i].what, "merge.resolve") && str_eq(v[i].key, "product"))
			resolved = str_eq(v[i].note, "ours");
	events_free(v, n);
	assert_true(resolved);
	two_close(&t);
}

static void test_take_key(void **state)
{
	struct fx *f = *state;
	struct two t;
	char buf[256];
	two_open(f, &t);
	set(f, &f->ops, "product", "ours");
	set(f, &t.ops, "product", "theirs");
	set(f, &f->ops, "product_version", "1");
	set(f, &t.ops, "product_version", "2");
	struct merge_take take[] = {{"product", MERGE_THEIRS}};
	struct merge_opts o = {.take = take, .n_take = 1};
	/* One of two resolved: still nothing applied. */
	assert_int_equal(merge_file(&f->ops, t.theirs_path, f->db, &o, &t.res, &f->err), CT_FAILED);
	assert_int_equal(t.res.n_conflicts, 2);
	assert_int_equal(t.res.n_unresolved, 1);
	merge_result_free(&t.res);
	o.all = MERGE_OURS;
	fx_expect(f, merge_file(&f->ops, t.theirs_path, f->db, &o, &t.res, &f->err), CT_OK);
	assert_string_equal(value(f, &f->ops, "product", buf, sizeof(buf)), "theirs");
	assert_string_equal(value(f, &f->ops, "product_version", buf, sizeof(buf)), "1");
	/* A take that names no conflict is a usage error. */
	merge_result_free(&t.res);
	struct merge_take none[] = {{"owner", MERGE_THEIRS}};
	struct merge_opts o2 = {.take = none, .n_take = 1};
	assert_int_equal(merge_file(&f->ops, t.theirs_path, f->db, &o2, &t.res, &f->err), CT_USAGE);
	two_close(&t);
}

static void test_delete_vs_edit(void **state)
{
	struct fx *f = *state;
	struct two t;
	two_open(f, &t);
	fx_expect(f, ops_project_delete(&f->ops, P, &f->err), CT_OK);
	set(f, &t.ops, "product", "theirs");
	long long id;
	/* Deleted here, edited there: a conflict, nothing applied. */
	assert_int_equal(merge(&t, MERGE_ASK), CT_FAILED);
	assert_int_equal(t.res.n_conflicts, 1);
	assert_string_equal(t.res.conflicts[0].key, "deleted");
	assert_string_equal(t.res.conflicts[0].ours, "deleted");
	assert_int_equal(store_project_find(f->st, P, false, &id, &f->err), CT_USAGE);
	/* Ours: it stays deleted, their edit is not applied. */
	assert_int_equal(merge(&t, MERGE_OURS), CT_OK);
	assert_int_equal(store_project_find(f->st, P, false, &id, &f->err), CT_USAGE);
	two_close(&t);
}

static void test_delete_vs_edit_theirs(void **state)
{
	struct fx *f = *state;
	struct two t;
	char buf[256];
	two_open(f, &t);
	fx_expect(f, ops_project_delete(&f->ops, P, &f->err), CT_OK);
	set(f, &t.ops, "product", "theirs");
	/* Theirs: the project comes back with their edit; undo deletes it
	 * again. */
	assert_int_equal(merge(&t, MERGE_THEIRS), CT_OK);
	assert_string_equal(value(f, &f->ops, "product", buf, sizeof(buf)), "theirs");
	fx_expect(f, ops_undo(&f->ops, NULL, NULL, &f->err), CT_OK);
	long long id;
	assert_int_equal(store_project_find(f->st, P, false, &id, &f->err), CT_USAGE);
	two_close(&t);
}

static void test_collateral_removed(void **state)
{
	struct fx *f = *state;
	struct two t;
	two_open(f, &t);
	long long id;
	fx_expect(f,
		  ops_collateral_add(&f->ops, P, "Solution brief", "datasheet", NULL, &id, &f->err),
		  CT_OK);
	/* Theirs gets it (a merge the other way), then ours removes it. */
	struct merge_opts o = {0};
	fx_expect(f, merge_file(&t.ops, f->db, t.theirs_path, &o, &t.res, &f->err), CT_OK);
	struct project *p;
	fx_expect(f, ops_project_load(&t.ops, P, &p, &f->err), CT_OK);
	assert_int_equal(p->n_collateral, 1);
	project_free(p);
	fx_expect(f, ops_collateral_rm(&f->ops, P, id, &f->err), CT_OK);
	/* Their copy still lists it: the removal here is not undone. */
	assert_int_equal(merge(&t, MERGE_ASK), CT_OK);
	fx_expect(f, ops_project_load(&f->ops, P, &p, &f->err), CT_OK);
	assert_int_equal(p->n_collateral, 0);
	project_free(p);
	/* And the other way the removal travels: theirs loses it too, and
	 * undo of that merge brings it back there. */
	merge_result_free(&t.res);
	fx_expect(f, merge_file(&t.ops, f->db, t.theirs_path, &o, &t.res, &f->err), CT_OK);
	fx_expect(f, ops_project_load(&t.ops, P, &p, &f->err), CT_OK);
	assert_int_equal(p->n_collateral, 0);
	project_free(p);
	fx_expect(f, ops_undo(&t.ops, NULL, NULL, &f->err), CT_OK);
	fx_expect(f, ops_project_load(&t.ops, P, &p, &f->err), CT_OK);
	assert_int_equal(p->n_collateral, 1);
	project_free(p);
	two_close(&t);
}

static void test_idempotent(void **state)
{
	struct fx *f = *state;
	struct two t;
	two_open(f, &t);
	set(f, &t.ops, "repository_description", "bob's text");
	struct item_change note = {.note = "asked the partner"};
	fx_expect(f, ops_item_update(&t.ops, P, "api_testing", &note, &f->probs, &f->err), CT_OK);
	fx_expect(f,
		  ops_project_create(&t.ops, "rhosp16-container",
				     "rhosp16-openstack-neutron-server-acme", NULL, 0, false,
				     &f->probs, (char[37]){0}, &f->err),
		  CT_OK);
	assert_int_equal(merge(&t, MERGE_ASK), CT_OK);
	assert_int_equal(t.res.applied.created, 1);
	assert_true(t.res.applied.history >= 3);
	long long after = history_count(f);
	assert_int_equal(merge(&t, MERGE_ASK), CT_OK);
	assert_int_equal(t.res.applied.n, 0);
	assert_int_equal(t.res.applied.history, 0);
	assert_int_equal(t.res.applied.created, 0);
	assert_int_equal(history_count(f), after);
	two_close(&t);
}

static void test_undo(void **state)
{
	struct fx *f = *state;
	struct two t;
	char buf[256];
	two_open(f, &t);
	set(f, &t.ops, "repository_description", "bob's text");
	set(f, &t.ops, "product", "theirs");
	set(f, &f->ops, "product", "ours");
	fx_expect(f,
		  ops_project_create(&t.ops, "rhosp16-container",
				     "rhosp16-openstack-neutron-server-acme", NULL, 0, false,
				     &f->probs, (char[37]){0}, &f->err),
		  CT_OK);
	assert_int_equal(merge(&t, MERGE_THEIRS), CT_OK);
	assert_string_equal(value(f, &f->ops, "product", buf, sizeof(buf)), "theirs");
	/* One undo reverts the merge whole, across both projects. */
	fx_expect(f, ops_undo(&f->ops, NULL, NULL, &f->err), CT_OK);
	assert_string_equal(value(f, &f->ops, "product", buf, sizeof(buf)), "ours");
	assert_string_equal(value(f, &f->ops, "repository_description", buf, sizeof(buf)),
			    "(null)");
	long long id;
	assert_int_equal(
	    store_project_find(f->st, "rhosp16-openstack-neutron-server-acme", false, &id, &f->err),
	    CT_USAGE);
	two_close(&t);
}

static void test_deletion_travels(void **state)
{
	struct fx *f = *state;
	struct two t;
	two_open(f, &t);
	long long id;
	fx_expect(f, ops_project_delete(&t.ops, P, &f->err), CT_OK);
	/* Unchanged here since: deleted here too, and undo brings it back. */
	assert_int_equal(merge(&t, MERGE_ASK), CT_OK);
	assert_int_equal(t.res.n_conflicts, 0);
	assert_int_equal(store_project_find(f->st, P, false, &id, &f->err), CT_USAGE);
	long long after = history_count(f);
	assert_int_equal(merge(&t, MERGE_ASK), CT_OK);
	assert_int_equal(t.res.applied.n, 0);
	assert_int_equal(history_count(f), after);
	fx_expect(f, ops_undo(&f->ops, NULL, NULL, &f->err), CT_OK);
	fx_expect(f, store_project_find(f->st, P, false, &id, &f->err), CT_OK);
	two_close(&t);
}

static void test_deletion_vs_edit_here(void **state)
{
	struct fx *f = *state;
	struct two t;
	char buf[256];
	two_open(f, &t);
	long long id;
	fx_expect(f, ops_project_delete(&t.ops, P, &f->err), CT_OK);
	set(f, &f->ops, "product", "ours");
	/* Deleted there, changed here: a conflict on "deleted". */
	assert_int_equal(merge(&t, MERGE_ASK), CT_FAILED);
	assert_int_equal(t.res.n_conflicts, 1);
	assert_string_equal(t.res.conflicts[0].key, "deleted");
	assert_string_equal(t.res.conflicts[0].theirs, "deleted");
	assert_string_equal(t.res.conflicts[0].theirs_by, "bob");
	fx_expect(f, store_project_find(f->st, P, false, &id, &f->err), CT_OK);
	assert_int_equal(merge(&t, MERGE_OURS), CT_OK);
	assert_string_equal(value(f, &f->ops, "product", buf, sizeof(buf)), "ours");
	fx_expect(f, ops_undo(&f->ops, NULL, NULL, &f->err), CT_OK);
	assert_int_equal(merge(&t, MERGE_THEIRS), CT_OK);
	assert_int_equal(store_project_find(f->st, P, false, &id, &f->err), CT_USAGE);
	two_close(&t);
}

static void test_back_at_base(void **state)
{
	struct fx *f = *state;
	struct two t;
	char buf[256];
	two_open(f, &t);
	/* Ours changed and changed back: only theirs changed it. */
	set(f, &f->ops, "product", "tried");
	set(f, &f->ops, "product", "AcmeStor");
	set(f, &t.ops, "product", "theirs");
	assert_int_equal(merge(&t, MERGE_ASK), CT_OK);
	assert_int_equal(t.res.n_conflicts, 0);
	assert_string_equal(value(f, &f->ops, "product", buf, sizeof(buf)), "theirs");
	two_close(&t);
}

static void test_remerge_after_undo(void **state)
{
	struct fx *f = *state;
	struct two t;
	char buf[256];
	two_open(f, &t);
	set(f, &t.ops, "product", "theirs");
	long long cid;
	fx_expect(f, ops_collateral_add(&t.ops, P, "Brief", "datasheet", NULL, &cid, &f->err),
		  CT_OK);
	long long before = history_count(f);
	assert_int_equal(merge(&t, MERGE_ASK), CT_OK);
	size_t first = t.res.applied.n;
	fx_expect(f, ops_undo(&f->ops, NULL, NULL, &f->err), CT_OK);
	assert_string_equal(value(f, &f->ops, "product", buf, sizeof(buf)), "AcmeStor");
	struct project *p;
	fx_expect(f, ops_project_load(&f->ops, P, &p, &f->err), CT_OK);
	assert_int_equal(p->n_collateral, 0);
	project_free(p);
	/* The same merge again: the same changes, no history row twice. */
	assert_int_equal(merge(&t, MERGE_ASK), CT_OK);
	assert_int_equal(t.res.n_conflicts, 0);
	assert_int_equal(t.res.applied.history, 0);
	assert_true(t.res.applied.n + 1 >= first);
	assert_string_equal(value(f, &f->ops, "product", buf, sizeof(buf)), "theirs");
	fx_expect(f, ops_project_load(&f->ops, P, &p, &f->err), CT_OK);
	assert_int_equal(p->n_collateral, 1);
	project_free(p);
	struct event *v;
	size_t n;
	fx_expect(f, store_events_list(f->st, p_uuid(f), 0, &v, &n, &f->err), CT_OK);
	size_t theirs = 0;
	for (size_t i = 0; i < n; i++)
		theirs += str_eq(v[i].user, "bob") && str_eq(v[i].what, "field.set");
	events_free(v, n);
	assert_int_equal(theirs, 1);
	assert_true(history_count(f) > before);
	two_close(&t);
}

static void test_rename_clash(void **state)
{
	struct fx *f = *state;
	struct two t;
	two_open(f, &t);
	const char *q = "rhosp16-openstack-neutron-server-acme";
	const char *r = "rhosp16-openstack-neutron-server-bob";
	char ours_uuid[37], theirs_uuid[37];
	fx_expect(f,
		  ops_project_create(&f->ops, "rhosp16-container", q, NULL, 0, false, &f->probs,
				     ours_uuid, &f->err),
		  CT_OK);
	fx_reset(f);
	fx_expect(f,
		  ops_project_create(&t.ops, "rhosp16-container", q, NULL, 0, false, &f->probs,
				     theirs_uuid, &f->err),
		  CT_OK);
	fx_reset(f);
	assert_int_equal(merge(&t, MERGE_ASK), CT_DATA);
	assert_non_null(strstr(f->err.msg, ours_uuid));
	assert_non_null(strstr(f->err.msg, theirs_uuid));
	struct merge_rename rn[] = {{q, r}};
	struct merge_opts o = {.rename = rn, .n_rename = 1};
	merge_result_free(&t.res);
	fx_expect(f, merge_file(&f->ops, t.theirs_path, f->db, &o, &t.res, &f->err), CT_OK);
	struct project *p;
	fx_expect(f, ops_project_load(&f->ops, r, &p, &f->err), CT_OK);
	assert_string_equal(p->uuid, theirs_uuid);
	project_free(p);
	fx_expect(f, ops_project_load(&f->ops, q, &p, &f->err), CT_OK);
	assert_string_equal(p->uuid, ours_uuid);
	project_free(p);
	/* Undo: theirs is gone, ours keeps its name. */
	fx_expect(f, ops_undo(&f->ops, NULL, NULL, &f->err), CT_OK);
	long long id;
	assert_int_equal(store_project_find(f->st, r, false, &id, &f->err), CT_USAGE);
	fx_expect(f, store_project_find(f->st, q, false, &id, &f->err), CT_OK);
	two_close(&t);
}

static void test_records_travel(void **state)
{
	struct fx *f = *state;
	struct two t;
	two_open(f, &t);
	/* A remote check recorded there (verify), and a build. */
	long long pid;
	fx_expect(f, store_project_find(t.st, P, false, &pid, &f->err), CT_OK);
	char at[] = "2024-05-06T07:08:09Z", user[] = "bob", kind[] = "git",
	     target[] = "https://git.example/acme.git", outcome[] = "pass",
	     message[] = "branch main found", details[] = "{\"branch\":\"main\"}";
	struct verification v = {.at = at, .user = user, .kind = kind, .target = target,
				 .outcome = outcome, .message = message, .details = details};
	fx_expect(f, store_verification_add(t.st, pid, &v, &f->err), CT_OK);
	assert_int_equal(merge(&t, MERGE_ASK), CT_OK);
	long long here;
	fx_expect(f, store_project_find(f->st, P, false, &here, &f->err), CT_OK);
	struct verification *got;
	size_t n;
	fx_expect(f, store_verifications_list(f->st, here, 0, &got, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(got[0].user, "bob");
	assert_string_equal(got[0].target, "https://git.example/acme.git");
	assert_string_equal(got[0].details, "{\"branch\":\"main\"}");
	verifications_free(got, n);
	/* Once: a second merge adds no copy. */
	assert_int_equal(merge(&t, MERGE_ASK), CT_OK);
	fx_expect(f, store_verifications_list(f->st, here, 0, &got, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	verifications_free(got, n);
	/* Undo of the merge that brought it removes it. */
	fx_expect(f, ops_undo(&f->ops, NULL, NULL, &f->err), CT_OK);
	fx_expect(f, store_verifications_list(f->st, here, 0, &got, &n, &f->err), CT_OK);
	assert_int_equal(n, 0);
	verifications_free(got, n);
	two_close(&t);
}

static void test_bad_input(void **state)
{
	struct fx *f = *state;
	struct two t;
	two_open(f, &t);
	struct merge_opts o = {0};
	assert_int_equal(merge_file(&f->ops, f->db, f->db, &o, &t.res, &f->err), CT_USAGE);
	const char *txt = fx_path(f, "notes.txt");
	fx_write_file(txt, "notes\n", 6);
	assert_int_equal(merge_file(&f->ops, txt, f->db, &o, &t.res, &f->err), CT_DATA);
	assert_int_equal(merge_file(&f->ops, fx_path(f, "missing.db"), f->db, &o, &t.res, &f->err),
			 CT_SYSTEM);
	/* A truncated copy of a database. */
	size_t len;
	char *db = fx_read_file(t.theirs_path, &len);
	const char *cut = fx_path(f, "cut.db");
	fx_write_file(cut, db, len / 3);
	free(db);
	assert_int_equal(merge_file(&f->ops, cut, f->db, &o, &t.res, &f->err), CT_DATA);
	assert_non_null(strstr(f->err.msg, "cut.db"));
	assert_null(strstr(f->err.msg, "other.db"));
	two_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_one_sided, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_identical, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_conflict, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_take_key, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_delete_vs_edit, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_delete_vs_edit_theirs, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_collateral_removed, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_idempotent, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_undo, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_deletion_travels, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_deletion_vs_edit_here, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_back_at_base, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_remerge_after_undo, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_rename_clash, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_records_travel, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_bad_input, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
