/* test_template.c - unit tests of template loading: the shipped RHOSP 16.0
 * template and its stable keys, broken templates refused with file, line
 * and reason, and template sets built from several folders. */
#include "fixture.h"

#include "certtrack/template.h"
#include "certtrack/validate.h"

#include <dirent.h>
#include <time.h>

/* product.md, "Stable keys of the RHOSP 16.0 template". */
static const char *const STABLE_FIELDS[] = {
	"project_name", "product", "product_version", "release_category", "rh_product",
	"rh_product_version", "plugin_status", "plugin_status_confirmed", "company_name",
	"product_type", "product_description", "product_repository_url",
	"product_contact_email", "auto_publish", "supported_platforms", "registry_namespace",
	"outbound_repository", "outbound_repository_description", "repository_description",
	"supporting_documentation", "sales_contact_name", "sales_contact_email",
	"sales_contact_phone", "container_build", "git_url", "git_ssh_key", "dockerfile",
	"context_dir", "branch", "source_path",
};

static const char *const STABLE_ITEMS[] = {
	"connect_registration", "zone_access", "product_created", "git_repository",
	"project_created", "plugin_status_confirmed", "company_profile", "product_profile",
	"openstack_appendix", "project_profile", "package_and_test", "collateral",
	"registry_namespace", "sales_contact", "distribution_approval", "project_settings",
	"build_service", "image_built", "scan_passed", "published", "api_testing",
};

static struct template *load_shipped(void)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/rhosp16-container.json", fx_checklists_dir());
	struct template *t = NULL;
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status s = template_load_file(path, &t, &err);
	if (s != CT_OK)
		fail_msg("%s: %s", path, err.msg);
	assert_non_null(t);
	return t;
}

static const struct tpl_field *field(const struct template *t, const char *key)
{
	int i = template_field_index(t, key);
	if (i < 0)
		fail_msg("field %s missing from template %s", key, t->id);
	return &t->fields[i];
}

static const struct tpl_item *item(const struct template *t, const char *key)
{
	int i = template_item_index(t, key);
	if (i < 0)
		fail_msg("item %s missing from template %s", key, t->id);
	return &t->items[i];
}

static bool has_validator(const struct tpl_field *f, const char *name)
{
	for (size_t i = 0; i < f->n_validators; i++)
		if (strcmp(f->validators[i]->name, name) == 0)
			return true;
	return false;
}

static bool has_choice(const struct tpl_field *f, const char *choice)
{
	for (size_t i = 0; i < f->n_choices; i++)
		if (strcmp(f->choices[i], choice) == 0)
			return true;
	return false;
}

/* The requirement of kind k of an item (the nth such), or NULL. */
static const struct tpl_req *req_of(const struct tpl_item *it, enum req_kind k, int nth)
{
	for (size_t i = 0; i < it->n_reqs; i++)
		if (it->reqs[i].kind == k && nth-- == 0)
			return &it->reqs[i];
	return NULL;
}

/* True when item `it` requires item `other` directly. */
static bool requires_item(const struct template *t, const struct tpl_item *it, const char *other)
{
	for (size_t i = 0; i < it->n_reqs; i++)
		if (it->reqs[i].kind == REQ_ITEM && strcmp(t->items[it->reqs[i].item].key, other) == 0)
			return true;
	return false;
}

/* True when a fields_valid requirement of `it` lists field key. */
static bool requires_field(const struct template *t, const struct tpl_item *it, const char *key)
{
	for (size_t i = 0; i < it->n_reqs; i++) {
		const struct tpl_req *r = &it->reqs[i];
		if (r->kind != REQ_FIELDS_VALID)
			continue;
		for (size_t k = 0; k < r->n_fields; k++)
			if (strcmp(t->fields[r->fields[k]].key, key) == 0)
				return true;
	}
	return false;
}

static void shipped_template_loads(void **state)
{
	(void)state;
	struct template *t = load_shipped();
	assert_string_equal(t->id, "rhosp16-container");
	assert_string_equal(t->product_version, "16.0");
	assert_string_equal(t->registry_host, "registry.connect.redhat.com");
	assert_non_null(strstr(t->title, "16.0"));
	/* The base images the issue names, for the longest-match split. */
	static const char *const bases[] = {
		"openstack-cinder-volume", "openstack-cinder-backup", "openstack-manila-share",
		"openstack-neutron-server", "openstack-nova-compute", "openstack-nova-libvirt",
		"openstack-glance-api", "openstack-horizon", "openstack-heat-engine",
		"openstack-ironic-conductor", "openstack-octavia-worker",
	};
	for (size_t b = 0; b < ARRAY_SIZE(bases); b++) {
		bool found = false;
		for (size_t i = 0; i < t->n_base_images; i++)
			found = found || strcmp(t->base_images[i], bases[b]) == 0;
		if (!found)
			fail_msg("base image %s missing", bases[b]);
	}
	bool doc = false;
	for (size_t i = 0; i < t->n_collateral_types; i++)
		doc = doc || strcmp(t->collateral_types[i], "document") == 0;
	assert_true(doc);
	/* Every field and item carries the help a person reads. */
	for (size_t i = 0; i < t->n_fields; i++) {
		assert_false(str_is_empty(t->fields[i].title));
		assert_false(str_is_empty(t->fields[i].help));
	}
	for (size_t i = 0; i < t->n_items; i++) {
		assert_false(str_is_empty(t->items[i].title));
		assert_false(str_is_empty(t->items[i].help));
	}
	template_free(t);
}

static void stable_field_keys(void **state)
{
	(void)state;
	struct template *t = load_shipped();
	for (size_t i = 0; i < ARRAY_SIZE(STABLE_FIELDS); i++)
		if (template_field_index(t, STABLE_FIELDS[i]) < 0)
			fail_msg("stable field key %s missing", STABLE_FIELDS[i]);
	assert_int_equal(template_field_index(t, "no_such_field"), -1);
	template_free(t);
}

static void stable_items_in_order(void **state)
{
	(void)state;
	struct template *t = load_shipped();
	assert_int_equal(t->n_items, ARRAY_SIZE(STABLE_ITEMS));
	for (size_t i = 0; i < ARRAY_SIZE(STABLE_ITEMS); i++) {
		if (strcmp(t->items[i].key, STABLE_ITEMS[i]) != 0)
			fail_msg("item %zu is %s, expected %s", i + 1, t->items[i].key, STABLE_ITEMS[i]);
		assert_int_equal(template_item_index(t, STABLE_ITEMS[i]), (int)i);
	}
	assert_int_equal(template_item_index(t, "no_such_item"), -1);
	template_free(t);
}

static void field_types_choices_validators(void **state)
{
	(void)state;
	struct template *t = load_shipped();
	const struct tpl_field *f;

	f = field(t, "project_name");
	assert_true(f->required);
	assert_true(f->creation);
	assert_true(has_validator(f, "project_name"));

	f = field(t, "release_category");
	assert_int_equal(f->type, FT_CHOICE);
	assert_true(has_choice(f, "Tech Preview"));
	assert_true(has_choice(f, "Generally Available"));
	assert_string_equal(f->def, "Tech Preview");

	f = field(t, "rh_product");
	assert_true(has_choice(f, "Red Hat OpenStack Platform"));
	f = field(t, "rh_product_version");
	assert_true(has_choice(f, "16.0"));

	f = field(t, "plugin_status");
	assert_int_equal(f->type, FT_CHOICE);
	assert_int_equal(f->n_choices, 2);
	assert_true(has_choice(f, "in-tree"));
	assert_true(has_choice(f, "out-of-tree"));

	assert_int_equal(field(t, "plugin_status_confirmed")->type, FT_BOOL);
	assert_int_equal(field(t, "auto_publish")->type, FT_BOOL);
	assert_int_equal(field(t, "container_build")->type, FT_BOOL);
	assert_int_equal(field(t, "supported_platforms")->type, FT_MULTI_CHOICE);
	assert_true(has_choice(field(t, "supported_platforms"), "Red Hat OpenStack Platform"));
	assert_string_equal(field(t, "dockerfile")->def, "Dockerfile");

	assert_true(has_validator(field(t, "registry_namespace"), "registry_namespace"));
	assert_true(has_validator(field(t, "outbound_repository"), "outbound_repository"));
	assert_true(has_validator(field(t, "git_url"), "git_url"));
	assert_true(has_validator(field(t, "branch"), "git_ref"));
	assert_true(has_validator(field(t, "context_dir"), "relative_path"));
	assert_true(has_validator(field(t, "dockerfile"), "relative_path"));
	assert_true(has_validator(field(t, "product_contact_email"), "email"));
	assert_true(has_validator(field(t, "sales_contact_email"), "email"));
	assert_true(has_validator(field(t, "sales_contact_phone"), "phone"));
	assert_true(has_validator(field(t, "product_repository_url"), "url"));
	template_free(t);
}

/* product.md's table "Items, in order, with what must hold before each". */
static void item_requirements(void **state)
{
	(void)state;
	struct template *t = load_shipped();
	assert_int_equal(item(t, "connect_registration")->n_reqs, 0);
	assert_true(requires_item(t, item(t, "zone_access"), "connect_registration"));
	assert_true(requires_item(t, item(t, "product_created"), "zone_access"));
	assert_false(requires_item(t, item(t, "git_repository"), "product_created"));

	const struct tpl_item *pc = item(t, "project_created");
	assert_true(requires_item(t, pc, "product_created"));
	static const char *const creation[] = {"project_name", "product", "product_version",
					       "release_category", "rh_product",
					       "rh_product_version"};
	for (size_t i = 0; i < ARRAY_SIZE(creation); i++)
		if (!requires_field(t, pc, creation[i]))
			fail_msg("project_created does not require %s valid", creation[i]);

	const struct tpl_item *psc = item(t, "plugin_status_confirmed");
	assert_true(requires_item(t, psc, "project_created"));
	assert_true(requires_field(t, psc, "plugin_status"));

	static const char *const after_confirm[] = {"company_profile", "product_profile",
						    "openstack_appendix", "project_profile",
						    "package_and_test", "distribution_approval"};
	for (size_t i = 0; i < ARRAY_SIZE(after_confirm); i++)
		if (!requires_item(t, item(t, after_confirm[i]), "plugin_status_confirmed"))
			fail_msg("%s does not require plugin_status_confirmed", after_confirm[i]);

	assert_true(requires_field(t, item(t, "product_profile"), "product_contact_email"));
	assert_true(requires_field(t, item(t, "project_profile"), "supported_platforms"));
	assert_true(requires_field(t, item(t, "project_profile"), "registry_namespace"));
	assert_true(requires_field(t, item(t, "project_profile"), "release_category"));

	const struct tpl_req *col = req_of(item(t, "collateral"), REQ_COLLATERAL, 0);
	assert_non_null(col);
	assert_int_equal(col->min, 3);
	assert_string_equal(col->type, "document");
	assert_int_equal(col->type_min, 1);

	assert_true(requires_field(t, item(t, "registry_namespace"), "registry_namespace"));
	assert_true(requires_field(t, item(t, "sales_contact"), "sales_contact_name"));
	assert_true(requires_field(t, item(t, "sales_contact"), "sales_contact_email"));
	assert_true(requires_field(t, item(t, "sales_contact"), "sales_contact_phone"));
	assert_true(requires_field(t, item(t, "project_settings"), "registry_namespace"));
	assert_true(requires_field(t, item(t, "project_settings"), "outbound_repository"));

	const struct tpl_item *bs = item(t, "build_service");
	assert_non_null(req_of(bs, REQ_ITEMS_BEFORE, 0));
	assert_non_null(req_of(bs, REQ_PRESCAN_PASSED, 0));
	assert_true(requires_field(t, bs, "git_url"));
	assert_true(requires_field(t, bs, "branch"));

	assert_true(requires_item(t, item(t, "image_built"), "build_service"));
	assert_non_null(req_of(item(t, "image_built"), REQ_BUILD_SUCCEEDED, 0));
	assert_non_null(req_of(item(t, "scan_passed"), REQ_SCAN_PASSED, 0));
	assert_true(requires_item(t, item(t, "published"), "scan_passed"));
	assert_non_null(req_of(item(t, "published"), REQ_PUBLISHED, 0));
	assert_true(requires_item(t, item(t, "api_testing"), "published"));

	/* Generally Available needs api_testing done. */
	const struct tpl_rule *ga = NULL;
	for (size_t i = 0; i < t->n_rules; i++)
		if (strcmp(t->rules[i].key, "release_category.ga") == 0)
			ga = &t->rules[i];
	assert_non_null(ga);
	assert_string_equal(t->fields[ga->field].key, "release_category");
	assert_string_equal(ga->equals, "Generally Available");
	assert_int_equal(ga->n_reqs, 1);
	assert_int_equal(ga->reqs[0].kind, REQ_ITEM);
	assert_string_equal(t->items[ga->reqs[0].item].key, "api_testing");
	template_free(t);
}

static void minimal_template_loads(void **state)
{
	(void)state;
	struct template *t = NULL;
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status s = template_load_file(fx_template_path("minimal/minimal.json"), &t, &err);
	if (s)
		fail_msg("%s", err.msg);
	assert_string_equal(t->id, "test-minimal");
	assert_int_equal(t->n_fields, 2);
	assert_int_equal(t->n_items, 2);
	assert_true(requires_item(t, &t->items[1], "alpha"));
	assert_string_equal(field_type_name(t->fields[1].type), "choice");
	template_free(t);
}

/* Reads tests/templates/DIR/expect: the line and a part of the reason. */
static void read_expect(const char *dir, int *line, char *reason, size_t size)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s", fx_template_path(dir));
	strncat(path, "/expect", sizeof(path) - strlen(path) - 1);
	FILE *fp = fopen(path, "r");
	if (!fp)
		fail_msg("cannot read %s", path);
	char buf[256];
	assert_non_null(fgets(buf, sizeof(buf), fp));
	*line = atoi(buf);
	assert_non_null(fgets(reason, (int)size, fp));
	reason[strcspn(reason, "\n")] = '\0';
	fclose(fp);
	assert_true(*line > 0);
}

/* Loads tests/templates/DIR/t.json and checks it is refused with CT_DATA,
 * "PATH:LINE: " and the expected reason, on one line. */
static void check_broken(const char *dir)
{
	char rel[128], reason[256];
	int line;
	read_expect(dir, &line, reason, sizeof(reason));
	snprintf(rel, sizeof(rel), "%s/t.json", dir);
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s", fx_template_path(rel));
	struct template *t = (struct template *)0x1;
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status s = template_load_file(path, &t, &err);
	if (s != CT_DATA)
		fail_msg("%s: status %d, expected CT_DATA (3); message: %s", rel, (int)s, err.msg);
	assert_null(t);
	assert_int_equal(err.status, CT_DATA);
	char where[PATH_MAX + 32];
	snprintf(where, sizeof(where), "%s:%d: ", path, line);
	if (strncmp(err.msg, where, strlen(where)) != 0)
		fail_msg("%s: message does not start with \"%s\":\n  %s", rel, where, err.msg);
	if (!strstr(err.msg, reason))
		fail_msg("%s: message does not name the reason \"%s\":\n  %s", rel, reason, err.msg);
	assert_null(strchr(err.msg, '\n'));

	/* The same file in a folder given to template_set_load. */
	char folder[PATH_MAX];
	snprintf(folder, sizeof(folder), "%s", fx_template_path(dir));
	const char *dirs[] = {folder, fx_checklists_dir()};
	struct template_set set;
	ct_error_clear(&err);
	s = template_set_load(dirs, 2, &set, &err);
	assert_int_equal(s, CT_DATA);
	assert_int_equal(set.n, 0);
	if (!strstr(err.msg, where))
		fail_msg("set: message does not name \"%s\": %s", where, err.msg);
}

static void broken_invalid_json(void **state)
{
	(void)state;
	check_broken("bad-json");
}
static void broken_unknown_validator(void **state)
{
	(void)state;
	check_broken("bad-validator");
}
static void broken_requires_missing_item(void **state)
{
	(void)state;
	check_broken("bad-req-item");
}
static void broken_requires_missing_field(void **state)
{
	(void)state;
	check_broken("bad-req-field");
}
/* The duplicate key "project_name" also appears as a validator name on
 * the first field's line; the line must be the duplicate's own. */
static void broken_duplicate_field(void **state)
{
	(void)state;
	check_broken("bad-dup-field");
}
static void broken_duplicate_item(void **state)
{
	(void)state;
	check_broken("bad-dup-item");
}
static void broken_cycle(void **state)
{
	(void)state;
	check_broken("bad-cycle");
}
static void broken_unknown_type(void **state)
{
	(void)state;
	check_broken("bad-type");
}
static void broken_choice_without_choices(void **state)
{
	(void)state;
	check_broken("bad-choice");
}
/* The "prescan" object (issue 11): a list the pre-scan needs is missing,
 * or a list is not an array of strings. */
static void broken_prescan(void **state)
{
	(void)state;
	check_broken("bad-prescan");
	check_broken("bad-prescan-list");
}

/* The shipped template carries the pre-scan's lists. */
static void shipped_prescan_rules(void **state)
{
	(void)state;
	struct template *t = load_shipped();
	assert_true(t->has_prescan);
	assert_int_equal(t->prescan.required_labels.n, 6);
	assert_true(strlist_contains(&t->prescan.recommended_labels, "description"));
	assert_true(strlist_contains(&t->prescan.prohibited_packages, "kernel-devel"));
	assert_false(strlist_contains(&t->prescan.prohibited_packages, "kernel-headers"));
	assert_true(strlist_contains(&t->prescan.prohibited_prefixes, "kpatch"));
	assert_true(strlist_contains(&t->prescan.registries, "registry.redhat.io"));
	assert_true(strlist_contains(&t->prescan.prohibited_name_words, "redhat"));
	assert_null(t->prescan.preflight_release);
	template_free(t);
}

static void broken_format(void **state)
{
	(void)state;
	check_broken("bad-format");
}

static void missing_file_refused(void **state)
{
	(void)state;
	struct template *t = NULL;
	struct ct_error err;
	ct_error_clear(&err);
	const char *path = fx_template_path("no-such-folder/none.json");
	assert_int_equal(template_load_file(path, &t, &err), CT_DATA);
	assert_null(t);
	assert_non_null(strstr(err.msg, path));
}

static void set_extra_folder_overrides(void **state)
{
	(void)state;
	char extra[PATH_MAX];
	snprintf(extra, sizeof(extra), "%s", fx_template_path("override"));
	const char *dirs[] = {extra, fx_checklists_dir()};
	struct template_set set;
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status s = template_set_load(dirs, 2, &set, &err);
	if (s)
		fail_msg("%s", err.msg);
	assert_int_equal(set.n, 2); /* the override and rhosp17-container */
	const struct template *t = template_set_find(&set, "rhosp16-container");
	assert_non_null(t);
	assert_string_equal(t->title, "Override test template");
	assert_int_equal(t->n_items, 2);
	template_set_free(&set);

	/* Reversed: the shipped one comes first and wins. */
	const char *rev[] = {fx_checklists_dir(), extra};
	ct_error_clear(&err);
	assert_int_equal(template_set_load(rev, 2, &set, &err), CT_OK);
	t = template_set_find(&set, "rhosp16-container");
	assert_non_null(t);
	assert_int_equal(t->n_items, ARRAY_SIZE(STABLE_ITEMS));
	template_set_free(&set);
}

static void set_extra_folder_adds(void **state)
{
	(void)state;
	char extra[PATH_MAX];
	snprintf(extra, sizeof(extra), "%s", fx_template_path("minimal"));
	const char *dirs[] = {extra, fx_checklists_dir()};
	struct template_set set;
	struct ct_error err;
	ct_error_clear(&err);
	assert_int_equal(template_set_load(dirs, 2, &set, &err), CT_OK);
	assert_int_equal(set.n, 3);
	assert_non_null(template_set_find(&set, "test-minimal"));
	assert_non_null(template_set_find(&set, "rhosp16-container"));
	assert_null(template_set_find(&set, "nope"));
	template_set_free(&set);
}

/* The template a command uses when it names none: the one marked
 * "default" (rhosp16-container), an explicit id, never a guess. */
static void set_default_template(void **state)
{
	(void)state;
	const char *dirs[] = {fx_checklists_dir()};
	struct template_set set;
	struct ct_error err;
	ct_error_clear(&err);
	assert_int_equal(template_set_load(dirs, 1, &set, &err), CT_OK);
	const struct template *t = template_set_default(&set, NULL, &err);
	assert_non_null(t);
	assert_string_equal(t->id, "rhosp16-container");
	t = template_set_default(&set, "rhosp17-container", &err);
	assert_non_null(t);
	assert_string_equal(t->id, "rhosp17-container");
	assert_null(template_set_default(&set, "rhosp99-container", &err));
	assert_int_equal(err.status, CT_USAGE);
	assert_non_null(strstr(err.msg, "rhosp99-container"));

	/* Several templates and none marked: the user must choose. */
	for (size_t i = 0; i < set.n; i++)
		set.v[i]->is_default = false;
	ct_error_clear(&err);
	assert_null(template_set_default(&set, NULL, &err));
	assert_int_equal(err.status, CT_USAGE);
	assert_non_null(strstr(err.msg, "rhosp16-container, rhosp17-container"));
	assert_non_null(strstr(err.msg, "--template"));
	template_set_free(&set);
}

/* The RHOSP 17.1 template is data only: its naming rule, version and
 * base images come from its file, and names are read by its rule. */
static void rhosp17_template(void **state)
{
	(void)state;
	const char *dirs[] = {fx_checklists_dir()};
	struct template_set set;
	struct ct_error err;
	ct_error_clear(&err);
	assert_int_equal(template_set_load(dirs, 1, &set, &err), CT_OK);
	const struct template *t = template_set_find(&set, "rhosp17-container");
	assert_non_null(t);
	assert_string_equal(t->product_version, "17.1");
	assert_string_equal(t->name_prefix, "rhosp");
	assert_string_equal(t->name_example, "rhosp17-openstack-cinder-volume-myplugin");
	assert_int_equal(t->n_items, ARRAY_SIZE(STABLE_ITEMS));
	struct validate_ctx ctx = {0};
	template_validate_ctx(t, &ctx);
	struct problems ps = {0};
	validate_project_name(&ctx, t->name_example, &ps);
	assert_int_equal(problems_count(&ps, CT_SEV_ERROR), 0);
	problems_free(&ps);
	/* A 16 name says the wrong version for this template. */
	validate_project_name(&ctx, "rhosp16-openstack-cinder-volume-myplugin", &ps);
	assert_int_equal(problems_count(&ps, CT_SEV_ERROR), 1);
	assert_string_equal(ps.v[0].rule, "name.version");
	assert_string_equal(ps.v[0].suggestion, "rhosp17-openstack-cinder-volume-myplugin");
	problems_free(&ps);
	template_set_free(&set);
}

/* A naming pattern the name rules cannot read is refused at load. */
static void naming_pattern_checked(void **state)
{
	(void)state;
	char dir[] = "/tmp/certtrack-naming-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/t.json", dir);
	FILE *in = fopen(fx_template_path("minimal/minimal.json"), "r");
	assert_non_null(in);
	static char text[65536];
	size_t len = fread(text, 1, sizeof(text) - 1, in);
	fclose(in);
	text[len] = '\0';
	char *at = strstr(text, "rhosp{major}-{base_image}-{plugin}");
	assert_non_null(at);
	memcpy(at, "RHOSP", 5); /* uppercase prefix */
	FILE *out = fopen(path, "w");
	assert_non_null(out);
	fputs(text, out);
	fclose(out);
	struct template *t = NULL;
	struct ct_error err;
	ct_error_clear(&err);
	assert_int_equal(template_load_file(path, &t, &err), CT_DATA);
	assert_non_null(strstr(err.msg, "t.json:6:"));
	assert_non_null(strstr(err.msg, "\"pattern\" of naming"));
	unlink(path);
	rmdir(dir);
}

static void set_missing_folder_skipped(void **state)
{
	(void)state;
	char missing[PATH_MAX];
	snprintf(missing, sizeof(missing), "%s", fx_template_path("no-such-folder"));
	const char *dirs[] = {missing, fx_checklists_dir()};
	struct template_set set;
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status s = template_set_load(dirs, 2, &set, &err);
	if (s)
		fail_msg("%s", err.msg);
	assert_int_equal(set.n, 2);
	assert_non_null(template_set_find(&set, "rhosp16-container"));
	template_set_free(&set);

	/* Only missing folders: no template at all is an error. */
	const char *none[] = {missing};
	ct_error_clear(&err);
	assert_int_equal(template_set_load(none, 1, &set, &err), CT_DATA);
	assert_int_equal(set.n, 0);
	assert_true(err.msg[0] != '\0');
}

/* ---- the cache of checked templates (template_cache.c) ---- */

static void same_strv(char *const *a, size_t na, char *const *b, size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++)
		assert_string_equal(a[i], b[i]);
}

static void same_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void same_reqs(const struct tpl_req *a, size_t na, const struct tpl_req *b, size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		assert_int_equal(a[i].kind, b[i].kind);
		assert_int_equal(a[i].item, b[i].item);
		assert_int_equal(a[i].n_fields, b[i].n_fields);
		for (size_t k = 0; k < a[i].n_fields; k++)
			assert_int_equal(a[i].fields[k], b[i].fields[k]);
		assert_int_equal(a[i].field, b[i].field);
		same_str(a[i].value, b[i].value);
		assert_int_equal(a[i].min, b[i].min);
		same_str(a[i].type, b[i].type);
		assert_int_equal(a[i].type_min, b[i].type_min);
	}
}

static void same_list(const struct strlist *a, const struct strlist *b)
{
	same_strv(a->v, a->n, b->v, b->n);
}

/* Everything a template holds, compared member by member. */
static void same_template(const struct template *a, const struct template *b)
{
	same_str(a->path, b->path);
	same_str(a->id, b->id);
	same_str(a->title, b->title);
	same_str(a->product_version, b->product_version);
	same_str(a->registry_host, b->registry_host);
	same_strv(a->base_images, a->n_base_images, b->base_images, b->n_base_images);
	same_str(a->name_prefix, b->name_prefix);
	same_str(a->name_example, b->name_example);
	assert_int_equal(a->is_default, b->is_default);
	same_strv(a->collateral_types, a->n_collateral_types, b->collateral_types,
		  b->n_collateral_types);
	assert_int_equal(a->n_groups, b->n_groups);
	for (size_t i = 0; i < a->n_groups; i++) {
		same_str(a->groups[i].key, b->groups[i].key);
		same_str(a->groups[i].title, b->groups[i].title);
	}
	assert_int_equal(a->n_fields, b->n_fields);
	for (size_t i = 0; i < a->n_fields; i++) {
		const struct tpl_field *x = &a->fields[i], *y = &b->fields[i];
		same_str(x->key, y->key);
		same_str(x->title, y->title);
		same_str(x->group, y->group);
		same_str(x->help, y->help);
		same_str(x->def, y->def);
		assert_int_equal(x->type, y->type);
		assert_int_equal(x->required, y->required);
		assert_int_equal(x->creation, y->creation);
		same_strv(x->choices, x->n_choices, y->choices, y->n_choices);
		assert_int_equal(x->n_validators, y->n_validators);
		for (size_t k = 0; k < x->n_validators; k++)
			assert_ptr_equal(x->validators[k], y->validators[k]);
	}
	assert_int_equal(a->n_items, b->n_items);
	for (size_t i = 0; i < a->n_items; i++) {
		const struct tpl_item *x = &a->items[i], *y = &b->items[i];
		same_str(x->key, y->key);
		same_str(x->title, y->title);
		same_str(x->section, y->section);
		same_str(x->help, y->help);
		same_reqs(x->reqs, x->n_reqs, y->reqs, y->n_reqs);
	}
	assert_int_equal(a->n_rules, b->n_rules);
	for (size_t i = 0; i < a->n_rules; i++) {
		const struct tpl_rule *x = &a->rules[i], *y = &b->rules[i];
		same_str(x->key, y->key);
		assert_int_equal(x->field, y->field);
		same_str(x->equals, y->equals);
		same_reqs(x->reqs, x->n_reqs, y->reqs, y->n_reqs);
		same_str(x->message, y->message);
		same_str(x->fix, y->fix);
	}
	assert_int_equal(a->has_prescan, b->has_prescan);
	const struct prescan_rules *p = &a->prescan, *q = &b->prescan;
	same_str(p->preflight_release, q->preflight_release);
	same_list(&p->required_labels, &q->required_labels);
	same_list(&p->recommended_labels, &q->recommended_labels);
	same_list(&p->prohibited_packages, &q->prohibited_packages);
	same_list(&p->prohibited_prefixes, &q->prohibited_prefixes);
	same_list(&p->registries, &q->registries);
	same_list(&p->repository_paths, &q->repository_paths);
	same_list(&p->package_owned_paths, &q->package_owned_paths);
	same_list(&p->not_package_owned, &q->not_package_owned);
	same_list(&p->prohibited_name_words, &q->prohibited_name_words);
	same_str(p->base_repository, q->base_repository);
	same_str(p->base_tag, q->base_tag);
}

static struct template *load_ok(const char *path)
{
	struct template *t = NULL;
	struct ct_error err;
	ct_error_clear(&err);
	if (template_load_file(path, &t, &err) != CT_OK)
		fail_msg("%s: %s", path, err.msg);
	return t;
}

/* The one entry file in the cache folder (there is one per template). */
static void cache_entry(const char *cache, char *out, size_t size)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/certtrack/templates", cache);
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.') {
			snprintf(out, size, "%s/%s", dir, de->d_name);
			n++;
		}
	closedir(d);
	assert_int_equal(n, 1);
}

/* A template read back from the cache is the one parsed from the file; an
 * edited file, or a damaged entry, is parsed again, never trusted. */
static void cache_gives_the_parsed_template(void **state)
{
	(void)state;
	char dir[PATH_MAX], cache[PATH_MAX + 16], path[PATH_MAX + 32], entry[PATH_MAX * 2];
	fx_tempdir(dir, sizeof(dir));
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	char *saved = getenv("XDG_CACHE_HOME") ? xstrdup(getenv("XDG_CACHE_HOME")) : NULL;
	setenv("XDG_CACHE_HOME", cache, 1);
	snprintf(path, sizeof(path), "%s/t.json", dir);
	char src[PATH_MAX];
	snprintf(src, sizeof(src), "%s/rhosp16-container.json", fx_checklists_dir());
	size_t len;
	char *text = fx_read_file(src, &len);
	fx_write_file(path, text, len);
	/* Settled: a file modified in the last seconds is not kept. */
	struct timespec past[2] = {{.tv_sec = time(NULL) - 60}, {.tv_sec = time(NULL) - 60}};
	assert_int_equal(utimensat(AT_FDCWD, path, past, 0), 0);

	struct template *parsed = load_ok(path); /* a miss: parsed, then kept */
	cache_entry(cache, entry, sizeof(entry));
	struct template *cached = load_ok(path);
	same_template(parsed, cached);
	template_free(cached);

	/* A damaged entry (a byte changed, or cut short) is not used. */
	size_t elen;
	char *e = fx_read_file(entry, &elen);
	e[elen / 2] ^= 0x55;
	fx_write_file(entry, e, elen);
	cached = load_ok(path);
	same_template(parsed, cached);
	template_free(cached);
	fx_write_file(entry, e, elen / 3);
	cached = load_ok(path);
	same_template(parsed, cached);
	template_free(cached);
	free(e);

	/* The file edited (another title, another size): parsed again. */
	char *title = strstr(text, "\"title\": \"");
	assert_non_null(title);
	title += strlen("\"title\": \"");
	char *end = strchr(title, '"');
	assert_non_null(end);
	struct strbuf sb = {0};
	sb_addn(&sb, text, (size_t)(title - text));
	sb_add(&sb, "Edited");
	sb_add(&sb, end);
	fx_write_file(path, sb.buf, sb.len);
	cached = load_ok(path);
	assert_string_equal(cached->title, "Edited");
	template_free(cached);
	past[0].tv_sec = past[1].tv_sec = time(NULL) - 30;
	assert_int_equal(utimensat(AT_FDCWD, path, past, 0), 0);
	cached = load_ok(path); /* once settled, kept again */
	assert_string_equal(cached->title, "Edited");
	template_free(cached);
	cached = load_ok(path);
	assert_string_equal(cached->title, "Edited");
	template_free(cached);

	sb_free(&sb);
	free(text);
	template_free(parsed);
	if (saved)
		setenv("XDG_CACHE_HOME", saved, 1);
	else
		unsetenv("XDG_CACHE_HOME");
	free(saved);
	fx_rm_rf(dir);
}

int main(void)
{
	fx_fix_env();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_template_loads),
		cmocka_unit_test(stable_field_keys),
		cmocka_unit_test(stable_items_in_order),
		cmocka_unit_test(field_types_choices_validators),
		cmocka_unit_test(item_requirements),
		cmocka_unit_test(minimal_template_loads),
		cmocka_unit_test(broken_invalid_json),
		cmocka_unit_test(broken_unknown_validator),
		cmocka_unit_test(broken_requires_missing_item),
		cmocka_unit_test(broken_requires_missing_field),
		cmocka_unit_test(broken_duplicate_field),
		cmocka_unit_test(broken_duplicate_item),
		cmocka_unit_test(broken_cycle),
		cmocka_unit_test(broken_unknown_type),
		cmocka_unit_test(broken_choice_without_choices),
		cmocka_unit_test(broken_format),
		cmocka_unit_test(broken_prescan),
		cmocka_unit_test(shipped_prescan_rules),
		cmocka_unit_test(missing_file_refused),
		cmocka_unit_test(set_extra_folder_overrides),
		cmocka_unit_test(set_extra_folder_adds),
		cmocka_unit_test(set_missing_folder_skipped),
		cmocka_unit_test(set_default_template),
		cmocka_unit_test(rhosp17_template),
		cmocka_unit_test(naming_pattern_checked),
		cmocka_unit_test(cache_gives_the_parsed_template),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
