/* test_ops.c - unit tests of the core operations on a temporary database:
 * creation, all-or-nothing field changes, literal storage of odd values,
 * item requirements and forced overrides, progress and next action, the
 * template's rules, undo of every kind of command, history grouping and
 * refusal of stale edits. */
#include "fixture.h"

#include "certtrack/engine.h"
#include "certtrack/ops.h"
#include "certtrack/project.h"

#define NAME "rhosp16-openstack-cinder-volume-myplugin"
#define TPL "rhosp16-container"

/* ---- helpers ---------------------------------------------------------- */

static enum ct_status create_with(struct fx *f, const char *name, const struct assignment *a,
				  size_t n, bool force)
{
	char uuid[37] = "";
	fx_reset(f);
	enum ct_status s = ops_project_create(&f->ops, TPL, name, a, n, force, &f->probs, uuid,
					      &f->err);
	if (s == CT_OK)
		assert_true(uuid_looks_valid(uuid));
	return s;
}

static void create_ok(struct fx *f, const char *name)
{
	fx_expect(f, create_with(f, name, NULL, 0, false), CT_OK);
}

static struct project *load(struct fx *f, const char *ref)
{
	struct project *p = NULL;
	fx_reset(f);
	fx_expect(f, ops_project_load(&f->ops, ref, &p, &f->err), CT_OK);
	assert_non_null(p);
	return p;
}

static enum ct_status set1(struct fx *f, const char *ref, const char *key, const char *value)
{
	struct assignment a = {.key = key, .value = value};
	fx_reset(f);
	return ops_fields_set(&f->ops, ref, &a, 1, &f->probs, &f->err);
}

static void set_ok(struct fx *f, const char *ref, const char *key, const char *value)
{
	fx_expect(f, set1(f, ref, key, value), CT_OK);
}

/* Current value of a field (copied; NULL when unset). */
static char *value_of(struct fx *f, const char *ref, const char *key)
{
	struct project *p = load(f, ref);
	char *v = xstrdup(project_value(p, key));
	project_free(p);
	return v;
}

static void assert_value(struct fx *f, const char *ref, const char *key, const char *want)
{
	char *v = value_of(f, ref, key);
	if (!str_eq(v, want))
		fail_msg("%s of %s is \"%s\", expected \"%s\"", key, ref, v ? v : "(null)",
			 want ? want : "(null)");
	free(v);
}

static enum ct_status item_set(struct fx *f, const char *ref, const char *item,
			       enum item_status status, const char *reason, bool force)
{
	struct item_change chg = {
		.set_status = true, .status = status, .reason = reason, .force = force};
	fx_reset(f);
	return ops_item_update(&f->ops, ref, item, &chg, &f->probs, &f->err);
}

static void item_ok(struct fx *f, const char *ref, const char *item, enum item_status status)
{
	fx_expect(f, item_set(f, ref, item, status, NULL, false), CT_OK);
}

static const struct item_state *state_of(const struct project *p, const char *item)
{
	int i = template_item_index(p->tpl, item);
	if (i < 0)
		fail_msg("no item %s", item);
	return &p->items[i];
}

static enum item_status status_of(struct fx *f, const char *ref, const char *item)
{
	struct project *p = load(f, ref);
	enum item_status s = state_of(p, item)->status;
	project_free(p);
	return s;
}

static size_t count_events(struct fx *f)
{
	struct event *v = NULL;
	size_t n = 0;
	fx_expect(f, store_events_list(f->st, NULL, 0, &v, &n, &f->err), CT_OK);
	events_free(v, n);
	return n;
}

/* The newest event (copied into the caller's struct; free with
 * events_free(e, 1)). */
static struct event *newest_event(struct fx *f)
{
	struct event *v = NULL;
	size_t n = 0;
	fx_expect(f, store_events_list(f->st, NULL, 1, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	return v;
}

static bool project_exists(struct fx *f, const char *ref)
{
	struct project *p = NULL;
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status s = ops_project_load(&f->ops, ref, &p, &err);
	project_free(p);
	if (s != CT_OK && s != CT_USAGE)
		fail_msg("load %s: %s", ref, err.msg);
	return s == CT_OK;
}

static void engine_problems_of(struct fx *f, const char *ref, struct problems *out)
{
	struct project *p = load(f, ref);
	engine_problems(p, out);
	project_free(p);
}

static int next_action_of(struct fx *f, const char *ref, char *key, size_t size)
{
	struct project *p = load(f, ref);
	int i = engine_next_action(p);
	snprintf(key, size, "%s", i >= 0 ? p->tpl->items[i].key : "(none)");
	project_free(p);
	return i;
}

static void assert_next(struct fx *f, const char *ref, const char *want)
{
	char key[64];
	next_action_of(f, ref, key, sizeof(key));
	if (strcmp(key, want) != 0)
		fail_msg("next action is %s, expected %s", key, want);
}

static void progress_of(struct fx *f, const char *ref, int *done, int *total)
{
	struct project *p = load(f, ref);
	engine_progress(p, done, total);
	project_free(p);
}

/* Every item before `item` (in template order) set done, forcing with a
 * reason where a requirement is open. */
static void force_items_before(struct fx *f, const char *ref, const char *item)
{
	struct project *p = load(f, ref);
	int stop = template_item_index(p->tpl, item);
	assert_true(stop >= 0);
	char **keys = xcalloc((size_t)stop + 1, sizeof(char *));
	for (int i = 0; i < stop; i++)
		keys[i] = xstrdup(p->tpl->items[i].key);
	project_free(p);
	for (int i = 0; i < stop; i++) {
		fx_expect(f, item_set(f, ref, keys[i], ITEM_DONE, "test set-up", true), CT_OK);
		free(keys[i]);
	}
	free(keys);
}

/* Values that make every field of the template valid. */
static const struct assignment VALID_FIELDS[] = {
	{.key = "product", .value = "Acme Cinder Driver"},
	{.key = "product_version", .value = "3.7"},
	{.key = "plugin_status", .value = "out-of-tree"},
	{.key = "company_name", .value = "Acme"},
	{.key = "product_type", .value = "storage driver"},
	{.key = "product_description", .value = "Block storage for OpenStack"},
	{.key = "product_repository_url", .value = "https://acme.example.com/plugin"},
	{.key = "product_contact_email", .value = "certs@acme.example.com"},
	{.key = "supported_platforms", .value = "Red Hat OpenStack Platform"},
	{.key = "registry_namespace", .value = "acme"},
	{.key = "outbound_repository", .value = NAME},
	{.key = "sales_contact_name", .value = "Jane Doe"},
	{.key = "sales_contact_email", .value = "jane@acme.example.com"},
	{.key = "sales_contact_phone", .value = "+1 555 123 4567"},
	{.key = "git_url", .value = "https://github.com/acme/cinder-plugin.git"},
	{.key = "branch", .value = "main"},
};

static void set_valid_fields(struct fx *f, const char *ref)
{
	fx_reset(f);
	fx_expect(f, ops_fields_set(&f->ops, ref, VALID_FIELDS, ARRAY_SIZE(VALID_FIELDS), &f->probs,
				    &f->err),
		  CT_OK);
}

/* ---- creation --------------------------------------------------------- */

static void create_with_defaults(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	struct project *p = load(f, NAME);
	assert_string_equal(p->name, NAME);
	assert_string_equal(p->template_id, TPL);
	assert_string_equal(p->owner, FX_USER);
	assert_string_equal(p->created_at, FX_NOW);
	assert_string_equal(p->updated_at, FX_NOW);
	assert_true(uuid_looks_valid(p->uuid));
	assert_string_equal(project_value(p, "project_name"), NAME);
	assert_string_equal(project_value(p, "release_category"), "Tech Preview");
	assert_string_equal(project_value(p, "rh_product"), "Red Hat OpenStack Platform");
	assert_string_equal(project_value(p, "rh_product_version"), "16.0");
	assert_string_equal(project_value(p, "dockerfile"), "Dockerfile");
	assert_string_equal(project_value(p, "container_build"), "true");
	assert_string_equal(project_value(p, "auto_publish"), "false");
	assert_null(project_value(p, "plugin_status"));
	assert_null(project_value(p, "registry_namespace"));
	for (size_t i = 0; i < p->tpl->n_items; i++)
		assert_int_equal(p->items[i].status, ITEM_TODO);
	assert_int_equal(p->n_collateral, 0);
	/* Found by UUID as well as by name. */
	char uuid[37];
	memcpy(uuid, p->uuid, sizeof(uuid));
	project_free(p);
	p = load(f, uuid);
	assert_string_equal(p->name, NAME);
	project_free(p);

	int done, total;
	progress_of(f, NAME, &done, &total);
	assert_int_equal(done, 0);
	assert_int_equal(total, 21);
	assert_next(f, NAME, "connect_registration");

	/* The list's stored summary agrees. */
	struct project_summary *v;
	size_t n;
	fx_expect(f, store_project_list(f->st, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].name, NAME);
	assert_string_equal(v[0].owner, FX_USER);
	assert_int_equal(v[0].done, 0);
	assert_int_equal(v[0].total, 21);
	assert_string_equal(v[0].next_action, "connect_registration");
	project_summaries_free(v, n);

	/* One command: project.create first, then a field.set per default. */
	struct event *ev;
	fx_expect(f, store_events_list(f->st, NULL, 0, &ev, &n, &f->err), CT_OK);
	assert_true(n >= 2);
	assert_string_equal(ev[n - 1].what, "project.create");
	assert_string_equal(ev[n - 1].new_value, NAME);
	assert_string_equal(ev[n - 1].user, FX_USER);
	assert_string_equal(ev[n - 1].at, FX_NOW);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ev[i].command, ev[0].command);
	events_free(ev, n);
}

static void create_with_values(void **state)
{
	struct fx *f = *state;
	const struct assignment a[] = {
		{.key = "product", .value = "Acme"},
		{.key = "product_version", .value = "1.0"},
		{.key = "plugin_status", .value = "in-tree"},
	};
	fx_expect(f, create_with(f, NAME, a, ARRAY_SIZE(a), false), CT_OK);
	assert_value(f, NAME, "product", "Acme");
	assert_value(f, NAME, "plugin_status", "in-tree");

	/* A bad value among them: nothing created. */
	const struct assignment bad[] = {
		{.key = "product", .value = "Acme"},
		{.key = "plugin_status", .value = "sideways"},
	};
	fx_expect(f, create_with(f, "rhosp16-openstack-nova-compute-other", bad, 2, false),
		  CT_FAILED);
	assert_true(fx_has_rule_prefix(&f->probs, "choice."));
	assert_false(project_exists(f, "rhosp16-openstack-nova-compute-other"));
	/* Unknown field and project_name= are usage errors. */
	const struct assignment unknown[] = {{.key = "colour", .value = "red"}};
	fx_expect(f, create_with(f, "rhosp16-openstack-nova-compute-other", unknown, 1, false),
		  CT_USAGE);
	const struct assignment pn[] = {{.key = "project_name", .value = "x"}};
	fx_expect(f, create_with(f, "rhosp16-openstack-nova-compute-other", pn, 1, false),
		  CT_USAGE);
	fx_expect(f, ops_project_create(&f->ops, "no-such-template", "rhosp16-openstack-nova-compute-x",
					NULL, 0, false, &f->probs, (char[37]){0}, &f->err),
		  CT_USAGE);
	assert_false(project_exists(f, "rhosp16-openstack-nova-compute-other"));
}

static void create_invalid_name(void **state)
{
	struct fx *f = *state;
	static const char *const bad[] = {
		"rhosp13-openstack-cinder-volume-myplugin", /* version */
		"Rhosp16-openstack-cinder-volume-myplugin", /* case */
		"rhosp16--openstack-cinder-volume-myplugin", /* doubled hyphen */
		"rhosp16-openstack-cinder-volume",           /* no plugin */
		"openstack-cinder-volume-myplugin",          /* no prefix */
		"rhosp16-openstack-cinder-volume-my_plugin", /* charset */
	};
	size_t before = count_events(f);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		enum ct_status s = create_with(f, bad[i], NULL, 0, false);
		if (s != CT_FAILED)
			fail_msg("%s: status %d, expected CT_FAILED", bad[i], (int)s);
		if (!fx_has_rule_prefix(&f->probs, "name."))
			fail_msg("%s: no name.* problem", bad[i]);
		assert_false(project_exists(f, bad[i]));
	}
	assert_true(fx_has_problem(&f->probs, "name.charset", "project_name"));
	assert_int_equal(count_events(f), before);

	/* Forced: created, and the problem stays visible. */
	fx_expect(f, create_with(f, bad[0], NULL, 0, true), CT_OK);
	assert_true(project_exists(f, bad[0]));
	struct problems ps = {0};
	engine_problems_of(f, bad[0], &ps);
	assert_true(fx_has_problem(&ps, "name.version", "project_name"));
	problems_free(&ps);

	/* An empty name is refused even when forced. */
	fx_expect(f, create_with(f, "", NULL, 0, true), CT_FAILED);
	fx_expect(f, create_with(f, "   ", NULL, 0, true), CT_FAILED);
}

static void create_duplicate(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	size_t before = count_events(f);
	fx_expect(f, create_with(f, NAME, NULL, 0, false), CT_FAILED);
	assert_non_null(strstr(f->err.msg, NAME));
	fx_expect(f, create_with(f, NAME, NULL, 0, true), CT_FAILED);
	assert_int_equal(count_events(f), before);
	struct project_summary *v;
	size_t n;
	fx_expect(f, store_project_list(f->st, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	project_summaries_free(v, n);
}

static void unknown_project(void **state)
{
	struct fx *f = *state;
	struct project *p = NULL;
	fx_expect(f, ops_project_load(&f->ops, "rhosp16-nothing-here", &p, &f->err), CT_USAGE);
	assert_null(p);
	assert_non_null(strstr(f->err.msg, "rhosp16-nothing-here"));
	fx_expect(f, set1(f, "rhosp16-nothing-here", "product", "x"), CT_USAGE);
	fx_expect(f, item_set(f, "rhosp16-nothing-here", "zone_access", ITEM_DONE, NULL, false),
		  CT_USAGE);
	fx_expect(f, ops_project_delete(&f->ops, "rhosp16-nothing-here", &f->err), CT_USAGE);
	fx_expect(f, ops_owner_set(&f->ops, "00000000-0000-4000-8000-000000000000", "bob", NULL,
				   &f->err),
		  CT_USAGE);
	assert_int_equal(count_events(f), 0);
}

/* ---- fields ----------------------------------------------------------- */

static void set_all_or_nothing(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	size_t before = count_events(f);
	const struct assignment a[] = {
		{.key = "product", .value = "Acme"},
		{.key = "product_version", .value = "2.0"},
		{.key = "company_name", .value = "Acme Inc."},
		{.key = "registry_namespace", .value = "Not A Namespace!"},
		{.key = "sales_contact_email", .value = "jane@acme.example.com"},
	};
	fx_reset(f);
	fx_expect(f, ops_fields_set(&f->ops, NAME, a, ARRAY_SIZE(a), &f->probs, &f->err), CT_FAILED);
	assert_true(f->probs.n >= 1);
	bool ns = false;
	for (size_t i = 0; i < f->probs.n; i++) {
		if (f->probs.v[i].severity != CT_SEV_ERROR)
			continue;
		/* Only the bad field is blamed. */
		assert_string_equal(f->probs.v[i].field, "registry_namespace");
		ns = true;
	}
	assert_true(ns);
	assert_value(f, NAME, "product", NULL);
	assert_value(f, NAME, "product_version", NULL);
	assert_value(f, NAME, "company_name", NULL);
	assert_value(f, NAME, "registry_namespace", NULL);
	assert_value(f, NAME, "sales_contact_email", NULL);
	assert_int_equal(count_events(f), before);

	/* Fixed, all five land in one command. */
	struct assignment ok[ARRAY_SIZE(a)];
	memcpy(ok, a, sizeof(a));
	ok[3].value = "acme";
	fx_reset(f);
	fx_expect(f, ops_fields_set(&f->ops, NAME, ok, ARRAY_SIZE(ok), &f->probs, &f->err), CT_OK);
	assert_value(f, NAME, "registry_namespace", "acme");
	assert_value(f, NAME, "company_name", "Acme Inc.");
	assert_int_equal(count_events(f), before + 5);
}

static void set_unknown_field(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	size_t before = count_events(f);
	const struct assignment a[] = {
		{.key = "product", .value = "Acme"},
		{.key = "no_such_field", .value = "x"},
	};
	fx_reset(f);
	fx_expect(f, ops_fields_set(&f->ops, NAME, a, ARRAY_SIZE(a), &f->probs, &f->err), CT_USAGE);
	assert_non_null(strstr(f->err.msg, "no_such_field"));
	assert_value(f, NAME, "product", NULL);
	/* The same field twice. */
	const struct assignment twice[] = {
		{.key = "product", .value = "A"},
		{.key = "product", .value = "B"},
	};
	fx_reset(f);
	fx_expect(f, ops_fields_set(&f->ops, NAME, twice, 2, &f->probs, &f->err), CT_USAGE);
	assert_value(f, NAME, "product", NULL);
	assert_int_equal(count_events(f), before);
}

/* Values that would break SQL built with printf, format strings or
 * quoting, and non-ASCII text: stored and given back byte for byte. */
static const char *const ODD[] = {
	"Robert'); DROP TABLE projects;--",
	"\"double\" 'single' `back` \\backslash\\ %s %n %%",
	"a; DELETE FROM events WHERE 1=1; --",
	"' OR '1'='1",
	"/* comment */ UNION SELECT * FROM sqlite_schema",
	"\xc3\x9c" "n" "\xc3\xaf" "c" "\xc3\xb6" "d" "\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x9a\x80",
	"  leading and trailing spaces  ",
	"line one\nline two\ttabbed",
	"<script>alert(1)</script> & =cmd|' /C calc'!A0",
};

static void set_literal_values(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	static const char *const text_fields[] = {
		"product", "product_description", "company_name", "product_type",
		"outbound_repository_description", "repository_description",
		"supporting_documentation", "sales_contact_name", "source_path",
	};
	for (size_t i = 0; i < ARRAY_SIZE(ODD); i++) {
		for (size_t k = 0; k < ARRAY_SIZE(text_fields); k++) {
			fx_expect(f, set1(f, NAME, text_fields[k], ODD[i]), CT_OK);
			assert_value(f, NAME, text_fields[k], ODD[i]);
		}
		struct event *e = newest_event(f);
		assert_string_equal(e->new_value, ODD[i]);
		events_free(e, 1);
		/* Notes and reasons of items. */
		struct item_change chg = {.set_status = true, .status = ITEM_BLOCKED, .reason = ODD[i],
					  .note = ODD[i]};
		fx_reset(f);
		fx_expect(f, ops_item_update(&f->ops, NAME, "git_repository", &chg, &f->probs, &f->err),
			  CT_OK);
		struct project *p = load(f, NAME);
		assert_string_equal(state_of(p, "git_repository")->note, ODD[i]);
		assert_string_equal(state_of(p, "git_repository")->reason, ODD[i]);
		project_free(p);
		/* Collateral title and location. */
		long long id = 0;
		fx_expect(f, ops_collateral_add(&f->ops, NAME, ODD[i], "document", ODD[i], &id, &f->err),
			  CT_OK);
		p = load(f, NAME);
		bool found = false;
		for (size_t c = 0; c < p->n_collateral; c++)
			if (p->collateral[c].id == id) {
				assert_string_equal(p->collateral[c].title, ODD[i]);
				assert_string_equal(p->collateral[c].location, ODD[i]);
				found = true;
			}
		assert_true(found);
		project_free(p);
		/* Handoff note, recorded in history. */
		char to[32];
		snprintf(to, sizeof(to), "owner%zu", i);
		fx_expect(f, ops_owner_set(&f->ops, NAME, to, ODD[i], &f->err), CT_OK);
		e = newest_event(f);
		assert_string_equal(e->what, "owner");
		assert_string_equal(e->new_value, to);
		assert_string_equal(e->note, ODD[i]);
		events_free(e, 1);
	}
	/* The tables are all still there. */
	struct project_summary *v;
	size_t n;
	fx_expect(f, store_project_list(f->st, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	project_summaries_free(v, n);
}

static char *repeat(char c, size_t n)
{
	char *s = xmalloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void set_long_values(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	char *v10k = repeat('x', 10000);
	set_ok(f, NAME, "product_description", v10k);
	assert_value(f, NAME, "product_description", v10k);

	char *vmax = repeat('y', OPS_MAX_VALUE);
	set_ok(f, NAME, "product_description", vmax);
	assert_value(f, NAME, "product_description", vmax);

	size_t before = count_events(f);
	char *v70k = repeat('z', 70000);
	fx_expect(f, set1(f, NAME, "product_description", v70k), CT_FAILED);
	assert_true(fx_has_problem(&f->probs, "field.length", "product_description"));
	char *over = repeat('z', OPS_MAX_VALUE + 1);
	fx_expect(f, set1(f, NAME, "product_description", over), CT_FAILED);
	assert_value(f, NAME, "product_description", vmax);
	/* Notes too. */
	struct item_change chg = {.note = v70k};
	fx_reset(f);
	fx_expect(f, ops_item_update(&f->ops, NAME, "git_repository", &chg, &f->probs, &f->err),
		  CT_FAILED);
	assert_int_equal(count_events(f), before);
	free(v10k);
	free(vmax);
	free(v70k);
	free(over);
}

static void set_empty_value_clears(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	set_ok(f, NAME, "company_name", "Acme");
	set_ok(f, NAME, "company_name", "");
	assert_value(f, NAME, "company_name", NULL);
	/* A required field cannot be emptied. */
	fx_expect(f, set1(f, NAME, "release_category", ""), CT_FAILED);
	assert_true(fx_has_problem(&f->probs, "field.required", "release_category"));
	assert_value(f, NAME, "release_category", "Tech Preview");
}

static void set_non_utf8(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	static const char *const bad[] = {
		"\xff\xfe", "abc\x80", "\xc0\xaf", "\xed\xa0\x80", "\xe6\x97", "\xf8\x88\x80\x80\x80",
	};
	size_t before = count_events(f);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		fx_expect(f, set1(f, NAME, "product_description", bad[i]), CT_FAILED);
		assert_true(fx_has_problem(&f->probs, "field.encoding", "product_description"));
		struct item_change chg = {.note = bad[i]};
		fx_reset(f);
		fx_expect(f, ops_item_update(&f->ops, NAME, "git_repository", &chg, &f->probs, &f->err),
			  CT_FAILED);
		fx_reset(f);
		fx_expect(f, ops_collateral_add(&f->ops, NAME, bad[i], "document", NULL, NULL, &f->err),
			  CT_USAGE);
		fx_expect(f, ops_owner_set(&f->ops, NAME, "bob", bad[i], &f->err), CT_USAGE);
	}
	assert_value(f, NAME, "product_description", NULL);
	assert_int_equal(count_events(f), before);
}

static void normalised_values(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	set_ok(f, NAME, "auto_publish", " Yes ");
	assert_value(f, NAME, "auto_publish", "true");
	set_ok(f, NAME, "auto_publish", "off");
	assert_value(f, NAME, "auto_publish", "false");
	fx_expect(f, set1(f, NAME, "auto_publish", "maybe"), CT_FAILED);
	set_ok(f, NAME, "supported_platforms",
	       " Red Hat OpenStack Platform ,Red Hat Enterprise Linux,");
	assert_value(f, NAME, "supported_platforms",
		     "Red Hat OpenStack Platform, Red Hat Enterprise Linux");
	fx_expect(f, set1(f, NAME, "supported_platforms", "Windows"), CT_FAILED);
	fx_expect(f, set1(f, NAME, "release_category", "Beta"), CT_FAILED);
	assert_true(fx_has_rule_prefix(&f->probs, "choice."));
}

/* ---- items ------------------------------------------------------------ */

static void item_requirements(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	size_t before = count_events(f);
	fx_expect(f, item_set(f, NAME, "zone_access", ITEM_DONE, NULL, false), CT_FAILED);
	assert_true(f->probs.n >= 1);
	assert_string_equal(f->probs.v[0].rule, "requirement");
	assert_string_equal(f->probs.v[0].item, "zone_access");
	assert_non_null(strstr(f->probs.v[0].message, "connect_registration"));
	assert_non_null(strstr(f->err.msg, "zone_access"));
	assert_int_equal(status_of(f, NAME, "zone_access"), ITEM_TODO);
	assert_int_equal(count_events(f), before);

	/* in-progress is allowed before the requirement is met. */
	item_ok(f, NAME, "zone_access", ITEM_IN_PROGRESS);
	item_ok(f, NAME, "connect_registration", ITEM_DONE);
	item_ok(f, NAME, "zone_access", ITEM_DONE);
	assert_int_equal(status_of(f, NAME, "zone_access"), ITEM_DONE);
	struct project *p = load(f, NAME);
	assert_null(state_of(p, "zone_access")->forced_reason);
	assert_string_equal(state_of(p, "zone_access")->updated_by, FX_USER);
	assert_string_equal(state_of(p, "zone_access")->updated_at, FX_NOW);
	project_free(p);

	/* Unknown item, and setting the same status again changes nothing. */
	fx_expect(f, item_set(f, NAME, "no_such_item", ITEM_DONE, NULL, false), CT_USAGE);
	assert_non_null(strstr(f->err.msg, "no_such_item"));
	size_t n = count_events(f);
	item_ok(f, NAME, "zone_access", ITEM_DONE);
	assert_int_equal(count_events(f), n);

	/* Undoing the requirement leaves the done item with a warning. */
	item_ok(f, NAME, "connect_registration", ITEM_TODO);
	struct problems ps = {0};
	engine_problems_of(f, NAME, &ps);
	assert_true(fx_has_problem(&ps, "item.requirement_broken", NULL));
	problems_free(&ps);
}

static void item_forced_done(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	fx_expect(f, item_set(f, NAME, "zone_access", ITEM_DONE, NULL, true), CT_USAGE);
	fx_expect(f, item_set(f, NAME, "zone_access", ITEM_DONE, "", true), CT_USAGE);
	assert_int_equal(status_of(f, NAME, "zone_access"), ITEM_TODO);

	const char *why = "Red Hat granted access by email on 2024-05-01";
	fx_expect(f, item_set(f, NAME, "zone_access", ITEM_DONE, why, true), CT_OK);
	struct project *p = load(f, NAME);
	assert_int_equal(state_of(p, "zone_access")->status, ITEM_DONE);
	assert_string_equal(state_of(p, "zone_access")->forced_reason, why);
	project_free(p);

	struct problems ps = {0};
	engine_problems_of(f, NAME, &ps);
	bool shown = false;
	for (size_t i = 0; i < ps.n; i++)
		if (strcmp(ps.v[i].rule, "item.forced") == 0 && str_eq(ps.v[i].item, "zone_access") &&
		    strstr(ps.v[i].message, why))
			shown = true;
	assert_true(shown);
	problems_free(&ps);

	/* Recorded in history with the reason. */
	struct event *v;
	size_t n;
	fx_expect(f, store_events_list(f->st, NULL, 0, &v, &n, &f->err), CT_OK);
	bool forced = false, status = false;
	for (size_t i = 0; i < n; i++) {
		if (v[i].command != v[0].command)
			continue;
		if (strcmp(v[i].what, "item.forced") == 0 && str_eq(v[i].new_value, why))
			forced = true;
		if (strcmp(v[i].what, "item.status") == 0 && str_eq(v[i].new_value, "done"))
			status = true;
	}
	events_free(v, n);
	assert_true(forced);
	assert_true(status);

	/* Completing the requirement later does not erase the record, but
	 * a done item set done again by force is not re-forced. */
	item_ok(f, NAME, "connect_registration", ITEM_DONE);
	p = load(f, NAME);
	assert_string_equal(state_of(p, "zone_access")->forced_reason, why);
	project_free(p);
	/* Forcing a met requirement records no override. */
	fx_expect(f, item_set(f, NAME, "product_created", ITEM_DONE, "not needed", true), CT_OK);
	p = load(f, NAME);
	assert_null(state_of(p, "product_created")->forced_reason);
	project_free(p);
}

static void item_blocked_na_reason(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	fx_expect(f, item_set(f, NAME, "git_repository", ITEM_BLOCKED, NULL, false), CT_USAGE);
	assert_non_null(strstr(f->err.msg, "reason"));
	fx_expect(f, item_set(f, NAME, "git_repository", ITEM_BLOCKED, "", false), CT_USAGE);
	fx_expect(f, item_set(f, NAME, "git_repository", ITEM_NA, NULL, false), CT_USAGE);
	assert_int_equal(status_of(f, NAME, "git_repository"), ITEM_TODO);

	fx_expect(f, item_set(f, NAME, "git_repository", ITEM_BLOCKED, "waiting for GitHub org", false),
		  CT_OK);
	struct project *p = load(f, NAME);
	assert_int_equal(state_of(p, "git_repository")->status, ITEM_BLOCKED);
	assert_string_equal(state_of(p, "git_repository")->reason, "waiting for GitHub org");
	project_free(p);
	struct problems ps = {0};
	engine_problems_of(f, NAME, &ps);
	assert_true(fx_has_problem(&ps, "item.blocked", NULL));
	problems_free(&ps);

	fx_expect(f, item_set(f, NAME, "git_repository", ITEM_NA, "image built from vendor tree", false),
		  CT_OK);
	p = load(f, NAME);
	assert_int_equal(state_of(p, "git_repository")->status, ITEM_NA);
	assert_string_equal(state_of(p, "git_repository")->reason, "image built from vendor tree");
	project_free(p);
	/* Back to todo: the reason goes. */
	item_ok(f, NAME, "git_repository", ITEM_TODO);
	p = load(f, NAME);
	assert_null(state_of(p, "git_repository")->reason);
	project_free(p);
}

static void item_note_only(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	struct item_change chg = {.note = "ticket RH-1234"};
	fx_reset(f);
	fx_expect(f, ops_item_update(&f->ops, NAME, "distribution_approval", &chg, &f->probs, &f->err),
		  CT_OK);
	struct project *p = load(f, NAME);
	assert_string_equal(state_of(p, "distribution_approval")->note, "ticket RH-1234");
	assert_int_equal(state_of(p, "distribution_approval")->status, ITEM_TODO);
	project_free(p);
	struct event *e = newest_event(f);
	assert_string_equal(e->what, "item.note");
	assert_string_equal(e->new_value, "ticket RH-1234");
	events_free(e, 1);
	chg.note = "";
	fx_reset(f);
	fx_expect(f, ops_item_update(&f->ops, NAME, "distribution_approval", &chg, &f->probs, &f->err),
		  CT_OK);
	p = load(f, NAME);
	assert_null(state_of(p, "distribution_approval")->note);
	project_free(p);
}

static void na_not_counted(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	int done, total;
	progress_of(f, NAME, &done, &total);
	assert_int_equal(total, 21);
	fx_expect(f, item_set(f, NAME, "git_repository", ITEM_NA, "not applicable here", false), CT_OK);
	fx_expect(f, item_set(f, NAME, "openstack_appendix", ITEM_NA, "signed earlier", false), CT_OK);
	item_ok(f, NAME, "connect_registration", ITEM_DONE);
	progress_of(f, NAME, &done, &total);
	assert_int_equal(done, 1);
	assert_int_equal(total, 19);
	/* Blocked items still count. */
	fx_expect(f, item_set(f, NAME, "zone_access", ITEM_BLOCKED, "waiting", false), CT_OK);
	progress_of(f, NAME, &done, &total);
	assert_int_equal(total, 19);

	struct project_summary *v;
	size_t n;
	fx_expect(f, store_project_list(f->st, &v, &n, &f->err), CT_OK);
	assert_int_equal(v[0].done, 1);
	assert_int_equal(v[0].total, 19);
	project_summaries_free(v, n);
}

static void next_action_moves(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	assert_next(f, NAME, "connect_registration");
	item_ok(f, NAME, "connect_registration", ITEM_DONE);
	assert_next(f, NAME, "zone_access");
	item_ok(f, NAME, "zone_access", ITEM_DONE);
	assert_next(f, NAME, "product_created");
	/* A blocked item is skipped for the next one that can be acted on. */
	fx_expect(f, item_set(f, NAME, "product_created", ITEM_BLOCKED, "portal down", false), CT_OK);
	assert_next(f, NAME, "git_repository");
	item_ok(f, NAME, "git_repository", ITEM_DONE);
	/* Nothing else can be acted on: the first open item. */
	assert_next(f, NAME, "product_created");
	item_ok(f, NAME, "product_created", ITEM_DONE);
	/* project_created needs its creation fields; nothing else can be
	 * acted on yet, so it is still the first open item... */
	assert_next(f, NAME, "project_created");
	/* ...until a later item becomes ready. */
	set_ok(f, NAME, "registry_namespace", "acme");
	assert_next(f, NAME, "registry_namespace");
	set_ok(f, NAME, "product", "Acme");
	set_ok(f, NAME, "product_version", "1.0");
	assert_next(f, NAME, "project_created");

	struct project_summary *v;
	size_t n;
	fx_expect(f, store_project_list(f->st, &v, &n, &f->err), CT_OK);
	assert_string_equal(v[0].next_action, "project_created");
	project_summaries_free(v, n);

	/* Everything done: no next action. */
	force_items_before(f, NAME, "api_testing");
	fx_expect(f, item_set(f, NAME, "api_testing", ITEM_DONE, "test", true), CT_OK);
	char key[64];
	assert_int_equal(next_action_of(f, NAME, key, sizeof(key)), -1);
	int done, total;
	progress_of(f, NAME, &done, &total);
	assert_int_equal(done, 21);
	fx_expect(f, store_project_list(f->st, &v, &n, &f->err), CT_OK);
	assert_null(v[0].next_action);
	assert_int_equal(v[0].done, 21);
	project_summaries_free(v, n);
}

static void ga_needs_api_testing(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	fx_expect(f, set1(f, NAME, "release_category", "Generally Available"), CT_FAILED);
	assert_true(fx_has_problem(&f->probs, "release_category.ga", "release_category"));
	assert_value(f, NAME, "release_category", "Tech Preview");
	/* Not even at creation. */
	const struct assignment ga[] = {{.key = "release_category", .value = "Generally Available"}};
	fx_expect(f, create_with(f, "rhosp16-openstack-nova-compute-ga", ga, 1, false), CT_FAILED);
	assert_true(fx_has_problem(&f->probs, "release_category.ga", NULL));

	fx_expect(f, item_set(f, NAME, "api_testing", ITEM_DONE, "tested with RH Certification", true),
		  CT_OK);
	set_ok(f, NAME, "release_category", "Generally Available");
	assert_value(f, NAME, "release_category", "Generally Available");
	struct problems ps = {0};
	engine_problems_of(f, NAME, &ps);
	assert_false(fx_has_problem(&ps, "release_category.ga", NULL));
	problems_free(&ps);

	/* api_testing reopened: the rule shows as a problem again. */
	item_ok(f, NAME, "api_testing", ITEM_IN_PROGRESS);
	ps = (struct problems){0};
	engine_problems_of(f, NAME, &ps);
	assert_true(fx_has_problem(&ps, "release_category.ga", "release_category"));
	problems_free(&ps);
}

static void collateral_rule(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	fx_expect(f, item_set(f, NAME, "collateral", ITEM_DONE, NULL, false), CT_FAILED);
	assert_non_null(strstr(f->probs.v[0].message, "0 of 3"));

	long long ids[4];
	fx_expect(f, ops_collateral_add(&f->ops, NAME, "Datasheet", "datasheet",
					"https://acme.example.com/ds.pdf", &ids[0], &f->err),
		  CT_OK);
	fx_expect(f, ops_collateral_add(&f->ops, NAME, "Demo", "video", NULL, &ids[1], &f->err), CT_OK);
	fx_expect(f, ops_collateral_add(&f->ops, NAME, "Site", "link", NULL, &ids[2], &f->err), CT_OK);
	/* Three, but no document. */
	fx_expect(f, item_set(f, NAME, "collateral", ITEM_DONE, NULL, false), CT_FAILED);
	assert_non_null(strstr(f->probs.v[0].message, "document"));
	/* Two and a document: still short of three. */
	fx_expect(f, ops_collateral_rm(&f->ops, NAME, ids[2], &f->err), CT_OK);
	fx_expect(f, ops_collateral_add(&f->ops, NAME, "Install guide", "document", NULL, &ids[3],
					&f->err),
		  CT_OK);
	struct project *p = load(f, NAME);
	assert_int_equal(p->n_collateral, 3);
	unsigned all, docs;
	engine_collateral_counts(p, "document", &all, &docs);
	assert_int_equal(all, 3);
	assert_int_equal(docs, 1);
	project_free(p);
	item_ok(f, NAME, "collateral", ITEM_DONE);
	/* Removing one breaks the requirement of the done item. */
	fx_expect(f, ops_collateral_rm(&f->ops, NAME, ids[0], &f->err), CT_OK);
	struct problems ps = {0};
	engine_problems_of(f, NAME, &ps);
	assert_true(fx_has_problem(&ps, "item.requirement_broken", NULL));
	problems_free(&ps);

	/* Bad collateral. */
	fx_expect(f, ops_collateral_add(&f->ops, NAME, "x", "brochure", NULL, NULL, &f->err), CT_USAGE);
	assert_non_null(strstr(f->err.msg, "brochure"));
	fx_expect(f, ops_collateral_add(&f->ops, NAME, "", "document", NULL, NULL, &f->err), CT_USAGE);
	fx_expect(f, ops_collateral_add(&f->ops, NAME, "x", NULL, NULL, NULL, &f->err), CT_USAGE);
	fx_expect(f, ops_collateral_rm(&f->ops, NAME, ids[0], &f->err), CT_USAGE);
	fx_expect(f, ops_collateral_rm(&f->ops, NAME, 9999, &f->err), CT_USAGE);
}

static void project_created_needs_fields(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	item_ok(f, NAME, "connect_registration", ITEM_DONE);
	item_ok(f, NAME, "zone_access", ITEM_DONE);
	item_ok(f, NAME, "product_created", ITEM_DONE);
	fx_expect(f, item_set(f, NAME, "project_created", ITEM_DONE, NULL, false), CT_FAILED);
	bool named = false;
	for (size_t i = 0; i < f->probs.n; i++)
		if (strstr(f->probs.v[i].message, "product_version"))
			named = true;
	assert_true(named);
	set_ok(f, NAME, "product", "Acme");
	fx_expect(f, item_set(f, NAME, "project_created", ITEM_DONE, NULL, false), CT_FAILED);
	set_ok(f, NAME, "product_version", "1.0");
	item_ok(f, NAME, "project_created", ITEM_DONE);

	/* plugin_status_confirmed needs plugin_status set. */
	fx_expect(f, item_set(f, NAME, "plugin_status_confirmed", ITEM_DONE, NULL, false), CT_FAILED);
	set_ok(f, NAME, "plugin_status", "out-of-tree");
	item_ok(f, NAME, "plugin_status_confirmed", ITEM_DONE);
	/* The checklist opens after confirmation. */
	item_ok(f, NAME, "company_profile", ITEM_DONE);
	fx_expect(f, item_set(f, NAME, "project_profile", ITEM_DONE, NULL, false), CT_FAILED);
	set_ok(f, NAME, "supported_platforms", "Red Hat OpenStack Platform");
	set_ok(f, NAME, "registry_namespace", "acme");
	item_ok(f, NAME, "project_profile", ITEM_DONE);
}

static void build_service_prescan_unmet(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	set_valid_fields(f, NAME);
	force_items_before(f, NAME, "build_service");
	fx_expect(f, item_set(f, NAME, "build_service", ITEM_DONE, NULL, false), CT_FAILED);
	/* Only the pre-scan is missing. */
	assert_int_equal(f->probs.n, 1);
	assert_string_equal(f->probs.v[0].rule, "requirement");
	assert_non_null(strstr(f->probs.v[0].message, "pre-scan"));
	assert_non_null(strstr(f->probs.v[0].message, "not been run"));

	struct project *p = load(f, NAME);
	int bi = template_item_index(p->tpl, "build_service");
	struct req_check *checks;
	size_t n;
	assert_false(engine_item_requirements(p, (size_t)bi, &checks, &n));
	size_t unmet = 0;
	for (size_t i = 0; i < n; i++)
		if (!checks[i].met) {
			unmet++;
			assert_int_equal(checks[i].req->kind, REQ_PRESCAN_PASSED);
		}
	assert_int_equal(unmet, 1);
	req_checks_free(checks, n);
	/* The records the later items need are unmet too. */
	int ii = template_item_index(p->tpl, "image_built");
	assert_false(engine_item_requirements(p, (size_t)ii, NULL, NULL));
	project_free(p);

	/* An item above reopened is named. */
	item_ok(f, NAME, "sales_contact", ITEM_IN_PROGRESS);
	fx_expect(f, item_set(f, NAME, "build_service", ITEM_DONE, NULL, false), CT_FAILED);
	bool named = false;
	for (size_t i = 0; i < f->probs.n; i++)
		if (strstr(f->probs.v[i].message, "sales_contact"))
			named = true;
	assert_true(named);
	/* container_build off is refused too. */
	item_ok(f, NAME, "sales_contact", ITEM_DONE);
	set_ok(f, NAME, "container_build", "false");
	fx_expect(f, item_set(f, NAME, "build_service", ITEM_DONE, NULL, false), CT_FAILED);
	assert_true(f->probs.n >= 2);
}

static void owner_handoff(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	fx_expect(f, ops_owner_set(&f->ops, NAME, "bob", "on holiday from Monday", &f->err), CT_OK);
	struct project *p = load(f, NAME);
	assert_string_equal(p->owner, "bob");
	project_free(p);
	struct event *e = newest_event(f);
	assert_string_equal(e->what, "owner");
	assert_string_equal(e->old_value, FX_USER);
	assert_string_equal(e->new_value, "bob");
	assert_string_equal(e->note, "on holiday from Monday");
	events_free(e, 1);
	fx_expect(f, ops_owner_set(&f->ops, NAME, "bob", NULL, &f->err), CT_FAILED);
	fx_expect(f, ops_owner_set(&f->ops, NAME, "", NULL, &f->err), CT_USAGE);
	fx_expect(f, ops_owner_set(&f->ops, NAME, NULL, NULL, &f->err), CT_USAGE);
}

static void rename_rules(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	create_ok(f, "rhosp16-openstack-nova-compute-myplugin");
	/* Taken, invalid. */
	fx_expect(f, set1(f, NAME, "project_name", "rhosp16-openstack-nova-compute-myplugin"),
		  CT_FAILED);
	assert_non_null(strstr(f->err.msg, "exists"));
	fx_expect(f, set1(f, NAME, "project_name", "rhosp13-openstack-cinder-volume-myplugin"),
		  CT_FAILED);
	assert_true(fx_has_problem(&f->probs, "name.version", "project_name"));
	fx_expect(f, set1(f, NAME, "project_name", ""), CT_FAILED);
	assert_true(project_exists(f, NAME));
	/* A valid rename. */
	set_ok(f, NAME, "project_name", "rhosp16-openstack-cinder-volume-other");
	assert_false(project_exists(f, NAME));
	assert_true(project_exists(f, "rhosp16-openstack-cinder-volume-other"));
	struct event *e = newest_event(f);
	assert_string_equal(e->what, "project.rename");
	assert_string_equal(e->old_value, NAME);
	assert_string_equal(e->new_value, "rhosp16-openstack-cinder-volume-other");
	events_free(e, 1);
	/* The outbound repository rule compares with the new name. */
	set_ok(f, "rhosp16-openstack-cinder-volume-other", "outbound_repository", NAME);
	assert_true(fx_has_problem(&f->probs, "outbound.differs", "outbound_repository"));
}

static void delete_project(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	fx_expect(f, ops_project_delete(&f->ops, NAME, &f->err), CT_OK);
	assert_false(project_exists(f, NAME));
	struct project_summary *v;
	size_t n;
	fx_expect(f, store_project_list(f->st, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 0);
	project_summaries_free(v, n);
	/* The name is free again. */
	create_ok(f, NAME);
	assert_true(project_exists(f, NAME));
}

/* ---- undo ------------------------------------------------------------- */

/* Undoes once, checks the undo was recorded as a command that names the
 * command it undid. */
static void undo_ok(struct fx *f)
{
	struct event *prev = NULL;
	size_t np = 0;
	fx_reset(f);
	fx_expect(f, ops_undo_preview(&f->ops, &prev, &np, &f->err), CT_OK);
	assert_true(np > 0);
	long long undone = prev[0].command;
	size_t before = count_events(f);
	struct event *rev = NULL;
	size_t nr = 0;
	fx_expect(f, ops_undo(&f->ops, &rev, &nr, &f->err), CT_OK);
	assert_int_equal(nr, np);
	for (size_t i = 0; i < nr; i++) {
		assert_int_equal(rev[i].command, undone);
		assert_string_equal(rev[i].what, prev[i].what);
	}
	events_free(prev, np);
	events_free(rev, nr);
	/* Recorded: new rows, all of one command that is an undo of it. */
	struct event *v = NULL;
	size_t n = 0;
	fx_expect(f, store_events_list(f->st, NULL, 0, &v, &n, &f->err), CT_OK);
	assert_true(n > before);
	for (size_t i = 0; i < n - before; i++) {
		assert_int_equal(v[i].undo_of, undone);
		assert_int_equal(v[i].command, v[0].command);
		assert_string_equal(v[i].user, FX_USER);
	}
	events_free(v, n);
}

static void undo_nothing(void **state)
{
	struct fx *f = *state;
	struct event *v = (struct event *)0x1;
	size_t n = 99;
	fx_expect(f, ops_undo_preview(&f->ops, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 0);
	fx_expect(f, ops_undo(&f->ops, NULL, NULL, &f->err), CT_FAILED);
	assert_non_null(strstr(f->err.msg, "nothing to undo"));
	assert_int_equal(count_events(f), 0);
}

static void undo_set(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	set_ok(f, NAME, "product", "Before");
	const struct assignment a[] = {
		{.key = "product", .value = "After"},
		{.key = "company_name", .value = "Acme"},
	};
	fx_reset(f);
	fx_expect(f, ops_fields_set(&f->ops, NAME, a, 2, &f->probs, &f->err), CT_OK);
	undo_ok(f);
	assert_value(f, NAME, "product", "Before");
	assert_value(f, NAME, "company_name", NULL);
	/* Repeated undo walks back. */
	undo_ok(f);
	assert_value(f, NAME, "product", NULL);
	undo_ok(f);
	assert_false(project_exists(f, NAME));
	fx_expect(f, ops_undo(&f->ops, NULL, NULL, &f->err), CT_FAILED);
	assert_non_null(strstr(f->err.msg, "nothing to undo"));
}

static void undo_item(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	struct item_change chg = {.set_status = true, .status = ITEM_DONE, .note = "registered as ACME"};
	fx_reset(f);
	fx_expect(f, ops_item_update(&f->ops, NAME, "connect_registration", &chg, &f->probs, &f->err),
		  CT_OK);
	fx_expect(f, item_set(f, NAME, "zone_access", ITEM_BLOCKED, "waiting for Red Hat", false), CT_OK);
	fx_expect(f, item_set(f, NAME, "product_created", ITEM_DONE, "portal form only", true), CT_OK);

	undo_ok(f);
	struct project *p = load(f, NAME);
	assert_int_equal(state_of(p, "product_created")->status, ITEM_TODO);
	assert_null(state_of(p, "product_created")->forced_reason);
	assert_int_equal(state_of(p, "zone_access")->status, ITEM_BLOCKED);
	project_free(p);
	undo_ok(f);
	p = load(f, NAME);
	assert_int_equal(state_of(p, "zone_access")->status, ITEM_TODO);
	assert_null(state_of(p, "zone_access")->reason);
	assert_int_equal(state_of(p, "connect_registration")->status, ITEM_DONE);
	project_free(p);
	undo_ok(f);
	p = load(f, NAME);
	assert_int_equal(state_of(p, "connect_registration")->status, ITEM_TODO);
	assert_null(state_of(p, "connect_registration")->note);
	project_free(p);
	int done, total;
	progress_of(f, NAME, &done, &total);
	assert_int_equal(done, 0);
	struct project_summary *v;
	size_t n;
	fx_expect(f, store_project_list(f->st, &v, &n, &f->err), CT_OK);
	assert_int_equal(v[0].done, 0);
	assert_string_equal(v[0].next_action, "connect_registration");
	project_summaries_free(v, n);
}

static void undo_collateral(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	long long a, b;
	fx_expect(f, ops_collateral_add(&f->ops, NAME, "Guide", "document", NULL, &a, &f->err), CT_OK);
	fx_expect(f, ops_collateral_add(&f->ops, NAME, "Sheet", "datasheet", NULL, &b, &f->err), CT_OK);
	fx_expect(f, ops_collateral_rm(&f->ops, NAME, a, &f->err), CT_OK);
	struct project *p = load(f, NAME);
	assert_int_equal(p->n_collateral, 1);
	project_free(p);
	undo_ok(f); /* the rm */
	p = load(f, NAME);
	assert_int_equal(p->n_collateral, 2);
	bool guide = false;
	for (size_t i = 0; i < p->n_collateral; i++)
		if (p->collateral[i].id == a && strcmp(p->collateral[i].title, "Guide") == 0 &&
		    strcmp(p->collateral[i].type, "document") == 0)
			guide = true;
	assert_true(guide);
	project_free(p);
	undo_ok(f); /* the second add */
	p = load(f, NAME);
	assert_int_equal(p->n_collateral, 1);
	assert_int_equal(p->collateral[0].id, a);
	project_free(p);
}

static void undo_rename(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	set_ok(f, NAME, "project_name", "rhosp16-openstack-cinder-volume-renamed");
	undo_ok(f);
	assert_true(project_exists(f, NAME));
	assert_false(project_exists(f, "rhosp16-openstack-cinder-volume-renamed"));
	assert_value(f, NAME, "project_name", NAME);
	struct project_summary *v;
	size_t n;
	fx_expect(f, store_project_list(f->st, &v, &n, &f->err), CT_OK);
	assert_string_equal(v[0].name, NAME);
	project_summaries_free(v, n);
}

static void undo_create_and_delete(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	set_ok(f, NAME, "product", "Acme");
	fx_expect(f, ops_project_delete(&f->ops, NAME, &f->err), CT_OK);
	assert_false(project_exists(f, NAME));
	undo_ok(f);
	assert_true(project_exists(f, NAME));
	assert_value(f, NAME, "product", "Acme");
	struct project_summary *v;
	size_t n;
	fx_expect(f, store_project_list(f->st, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	project_summaries_free(v, n);

	create_ok(f, "rhosp16-openstack-nova-compute-second");
	undo_ok(f);
	assert_false(project_exists(f, "rhosp16-openstack-nova-compute-second"));
	assert_true(project_exists(f, NAME));
	fx_expect(f, store_project_list(f->st, &v, &n, &f->err), CT_OK);
	assert_int_equal(n, 1);
	project_summaries_free(v, n);
}

static void undo_handoff(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	fx_expect(f, ops_owner_set(&f->ops, NAME, "bob", "handover", &f->err), CT_OK);
	undo_ok(f);
	struct project *p = load(f, NAME);
	assert_string_equal(p->owner, FX_USER);
	project_free(p);
	struct project_summary *v;
	size_t n;
	fx_expect(f, store_project_list(f->st, &v, &n, &f->err), CT_OK);
	assert_string_equal(v[0].owner, FX_USER);
	project_summaries_free(v, n);
}

/* ---- history and stale edits ------------------------------------------ */

static void history_groups_commands(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	const struct assignment a[] = {
		{.key = "product", .value = "Acme"},
		{.key = "product_version", .value = "1.0"},
		{.key = "company_name", .value = "Acme Inc."},
	};
	fx_reset(f);
	fx_expect(f, ops_fields_set(&f->ops, NAME, a, 3, &f->probs, &f->err), CT_OK);
	item_ok(f, NAME, "connect_registration", ITEM_DONE);

	struct event *v;
	size_t n;
	fx_expect(f, store_events_list(f->st, NULL, 0, &v, &n, &f->err), CT_OK);
	assert_true(n >= 5);
	/* Newest first: the item, then the three fields of one command. */
	assert_string_equal(v[0].what, "item.status");
	assert_string_equal(v[0].key, "connect_registration");
	assert_string_equal(v[0].old_value, "todo");
	assert_string_equal(v[0].new_value, "done");
	assert_string_equal(v[0].project_name, NAME);
	assert_true(uuid_looks_valid(v[0].project_uuid));
	long long set_cmd = v[1].command;
	assert_true(set_cmd != v[0].command);
	assert_int_equal(v[2].command, set_cmd);
	assert_int_equal(v[3].command, set_cmd);
	assert_true(v[4].command != set_cmd);
	for (size_t i = 1; i <= 3; i++) {
		assert_string_equal(v[i].what, "field.set");
		assert_null(v[i].old_value);
		assert_string_equal(v[i].at, FX_NOW);
		assert_int_equal(v[i].undo_of, 0);
	}
	char *uuid = xstrdup(v[0].project_uuid);
	events_free(v, n);

	struct event *c;
	size_t nc;
	fx_expect(f, store_command_events(f->st, set_cmd, &c, &nc, &f->err), CT_OK);
	assert_int_equal(nc, 3);
	assert_string_equal(c[0].key, "product");
	assert_string_equal(c[1].key, "product_version");
	assert_string_equal(c[2].key, "company_name");
	events_free(c, nc);

	/* Per project: another project's rows are not listed. */
	create_ok(f, "rhosp16-openstack-nova-compute-other");
	fx_expect(f, store_events_list(f->st, uuid, 0, &v, &n, &f->err), CT_OK);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(v[i].project_uuid, uuid);
	events_free(v, n);
	free(uuid);
}

static void stale_field_edit(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	set_ok(f, NAME, "product", "Theirs");
	size_t before = count_events(f);
	struct assignment a = {.key = "product", .value = "Mine", .check_old = true, .old = "Original"};
	fx_reset(f);
	fx_expect(f, ops_fields_set(&f->ops, NAME, &a, 1, &f->probs, &f->err), CT_FAILED);
	assert_non_null(strstr(f->err.msg, FX_USER));
	assert_non_null(strstr(f->err.msg, "Theirs"));
	assert_value(f, NAME, "product", "Theirs");
	assert_int_equal(count_events(f), before);
	/* The editor saw it unset, someone set it meanwhile. */
	a.old = NULL;
	fx_reset(f);
	fx_expect(f, ops_fields_set(&f->ops, NAME, &a, 1, &f->probs, &f->err), CT_FAILED);
	/* Up to date: applied. */
	a.old = "Theirs";
	fx_reset(f);
	fx_expect(f, ops_fields_set(&f->ops, NAME, &a, 1, &f->probs, &f->err), CT_OK);
	assert_value(f, NAME, "product", "Mine");
	/* Unset and seen unset. */
	struct assignment b = {.key = "company_name", .value = "Acme", .check_old = true, .old = NULL};
	fx_reset(f);
	fx_expect(f, ops_fields_set(&f->ops, NAME, &b, 1, &f->probs, &f->err), CT_OK);
}

static void stale_item_edit(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	item_ok(f, NAME, "git_repository", ITEM_IN_PROGRESS);
	struct item_change chg = {.set_status = true,
				  .status = ITEM_DONE,
				  .expect_updated_at = "2000-01-01T00:00:00Z"};
	fx_reset(f);
	fx_expect(f, ops_item_update(&f->ops, NAME, "git_repository", &chg, &f->probs, &f->err),
		  CT_FAILED);
	assert_non_null(strstr(f->err.msg, FX_USER));
	assert_int_equal(status_of(f, NAME, "git_repository"), ITEM_IN_PROGRESS);
	chg.expect_updated_at = FX_NOW;
	fx_reset(f);
	fx_expect(f, ops_item_update(&f->ops, NAME, "git_repository", &chg, &f->probs, &f->err), CT_OK);
	assert_int_equal(status_of(f, NAME, "git_repository"), ITEM_DONE);
}

/* An editor's change is refused when what it replaces changed since it
 * opened, even within the same second (the clock is fixed here). */
static void stale_note_and_reason(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	struct item_change theirs = {.note = "theirs"};
	fx_reset(f);
	fx_expect(f, ops_item_update(&f->ops, NAME, "git_repository", &theirs, &f->probs, &f->err),
		  CT_OK);
	struct item_change mine = {.note = "mine", .check_old = true, .old_status = ITEM_TODO,
				   .old_note = NULL};
	fx_reset(f);
	fx_expect(f, ops_item_update(&f->ops, NAME, "git_repository", &mine, &f->probs, &f->err),
		  CT_FAILED);
	assert_int_equal(f->err.detail, CT_DETAIL_CONFLICT);
	assert_non_null(strstr(f->err.msg, "theirs"));
	mine.old_note = "theirs";
	fx_reset(f);
	fx_expect(f, ops_item_update(&f->ops, NAME, "git_repository", &mine, &f->probs, &f->err),
		  CT_OK);
	struct project *p = load(f, NAME);
	assert_string_equal(state_of(p, "git_repository")->note, "mine");
	project_free(p);
	/* A blocked reason changed meanwhile. */
	fx_expect(f, item_set(f, NAME, "git_repository", ITEM_BLOCKED, "first", false), CT_OK);
	fx_expect(f, item_set(f, NAME, "git_repository", ITEM_BLOCKED, "second", false), CT_OK);
	struct item_change r = {.set_status = true, .status = ITEM_BLOCKED, .reason = "mine",
				.check_old = true, .old_status = ITEM_BLOCKED, .old_reason = "first"};
	fx_reset(f);
	fx_expect(f, ops_item_update(&f->ops, NAME, "git_repository", &r, &f->probs, &f->err),
		  CT_FAILED);
	assert_int_equal(f->err.detail, CT_DETAIL_CONFLICT);
	/* A status changed meanwhile. */
	struct item_change st = {.set_status = true, .status = ITEM_DONE, .check_old = true,
				 .old_status = ITEM_TODO};
	fx_reset(f);
	fx_expect(f, ops_item_update(&f->ops, NAME, "git_repository", &st, &f->probs, &f->err),
		  CT_FAILED);
	/* A hand-off while another was asked. */
	fx_reset(f);
	fx_expect(f, ops_owner_set(&f->ops, NAME, "bob", NULL, &f->err), CT_OK);
	fx_reset(f);
	fx_expect(f, ops_owner_set_checked(&f->ops, NAME, "carol", NULL, FX_USER, &f->err),
		  CT_FAILED);
	assert_int_equal(f->err.detail, CT_DETAIL_CONFLICT);
	fx_reset(f);
	fx_expect(f, ops_owner_set_checked(&f->ops, NAME, "carol", NULL, "bob", &f->err), CT_OK);
}

/* Done items standing on an item that was moved back are counted, and
 * named before it is. */
static void broken_requirements(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	item_ok(f, NAME, "connect_registration", ITEM_DONE);
	item_ok(f, NAME, "zone_access", ITEM_DONE);
	item_ok(f, NAME, "product_created", ITEM_DONE);
	struct project *p = load(f, NAME);
	size_t *dep = NULL;
	int ci = template_item_index(p->tpl, "connect_registration");
	size_t n = engine_dependants_if(p, (size_t)ci, ITEM_TODO, &dep);
	assert_int_equal(n, 2);
	assert_string_equal(p->tpl->items[dep[0]].key, "zone_access");
	assert_string_equal(p->tpl->items[dep[1]].key, "product_created");
	free(dep);
	project_free(p);
	item_ok(f, NAME, "connect_registration", ITEM_TODO);
	p = load(f, NAME);
	int done, total, broken;
	engine_progress_ex(p, &done, &total, &broken);
	assert_int_equal(done, 2);
	assert_int_equal(broken, 2);
	struct problems ps = {0};
	engine_problems(p, &ps);
	size_t nb = 0;
	for (size_t i = 0; i < ps.n; i++)
		nb += strcmp(ps.v[i].rule, "item.requirement_broken") == 0;
	assert_int_equal(nb, 2);
	problems_free(&ps);
	project_free(p);
}

/* The yes/no field plugin_status_confirmed and its item are one truth. */
static void linked_field_and_item(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	/* Refused while the item's requirements are not met. */
	fx_expect(f, set1(f, NAME, "plugin_status_confirmed", "yes"), CT_FAILED);
	assert_value(f, NAME, "plugin_status_confirmed", "false");
	force_items_before(f, NAME, "plugin_status_confirmed");
	set_ok(f, NAME, "plugin_status", "in-tree");
	set_ok(f, NAME, "plugin_status_confirmed", "yes");
	assert_int_equal(status_of(f, NAME, "plugin_status_confirmed"), ITEM_DONE);
	item_ok(f, NAME, "plugin_status_confirmed", ITEM_TODO);
	assert_value(f, NAME, "plugin_status_confirmed", "false");
	item_ok(f, NAME, "plugin_status_confirmed", ITEM_DONE);
	assert_value(f, NAME, "plugin_status_confirmed", "true");
}

/* Another process's change is seen by the next command (no stale cache). */
static void second_connection_sees_changes(void **state)
{
	struct fx *f = *state;
	create_ok(f, NAME);
	struct store *other = NULL;
	fx_expect(f, store_open(f->db, &other, &f->err), CT_OK);
	struct ops_ctx o = {.st = other, .templates = &f->set, .user = "bob"};
	long long v0 = store_data_version(f->st);
	struct assignment a = {.key = "product", .value = "From Bob"};
	fx_reset(f);
	fx_expect(f, ops_fields_set(&o, NAME, &a, 1, &f->probs, &f->err), CT_OK);
	assert_true(store_data_version(f->st) != v0);
	assert_value(f, NAME, "product", "From Bob");
	struct project *p = load(f, NAME);
	int fi = template_field_index(p->tpl, "product");
	assert_string_equal(p->fields[fi].updated_by, "bob");
	project_free(p);
	store_close(other);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	fx_fix_env();
	const struct CMUnitTest tests[] = {
		T(create_with_defaults),
		T(create_with_values),
		T(create_invalid_name),
		T(create_duplicate),
		T(unknown_project),
		T(set_all_or_nothing),
		T(set_unknown_field),
		T(set_literal_values),
		T(set_long_values),
		T(set_empty_value_clears),
		T(set_non_utf8),
		T(normalised_values),
		T(item_requirements),
		T(item_forced_done),
		T(item_blocked_na_reason),
		T(item_note_only),
		T(na_not_counted),
		T(next_action_moves),
		T(ga_needs_api_testing),
		T(collateral_rule),
		T(project_created_needs_fields),
		T(build_service_prescan_unmet),
		T(owner_handoff),
		T(rename_rules),
		T(delete_project),
		T(undo_nothing),
		T(undo_set),
		T(undo_item),
		T(undo_collateral),
		T(undo_rename),
		T(undo_create_and_delete),
		T(undo_handoff),
		T(history_groups_commands),
		T(stale_field_edit),
		T(stale_item_edit),
		T(stale_note_and_reason),
		T(broken_requirements),
		T(linked_field_and_item),
		T(second_connection_sees_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
