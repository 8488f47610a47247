/* test_validate.c - unit tests of the named field validators. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certtrack/util.h"
#include "certtrack/validate.h"

/* The RHOSP 16.0 template's list of base images. */
static const char *const BASES[] = {
	"openstack-cinder-volume", "openstack-cinder-backup", "openstack-cinder-api",
	"openstack-cinder-scheduler", "openstack-manila-share", "openstack-manila-api",
	"openstack-manila-scheduler", "openstack-neutron-server",
	"openstack-neutron-server-ovn", "openstack-neutron-openvswitch-agent",
	"openstack-neutron-sriov-agent", "openstack-neutron-dhcp-agent",
	"openstack-neutron-l3-agent", "openstack-neutron-metadata-agent",
	"openstack-neutron-metadata-agent-ovn", "openstack-nova-compute",
	"openstack-nova-compute-ironic", "openstack-nova-libvirt", "openstack-nova-api",
	"openstack-nova-conductor", "openstack-nova-scheduler", "openstack-glance-api",
	"openstack-horizon", "openstack-heat-api", "openstack-heat-api-cfn",
	"openstack-heat-engine", "openstack-ironic-api", "openstack-ironic-conductor",
	"openstack-ironic-inspector", "openstack-ironic-pxe", "openstack-octavia-api",
	"openstack-octavia-worker", "openstack-octavia-health-manager",
	"openstack-octavia-housekeeping", "openstack-keystone",
	"openstack-swift-proxy-server", "openstack-swift-object",
	"openstack-swift-container", "openstack-swift-account", "openstack-designate-api",
	"openstack-designate-worker", "openstack-barbican-api",
	"openstack-barbican-worker", "openstack-gnocchi-api", "openstack-aodh-api",
	"openstack-panko-api", "openstack-placement-api", "openstack-ovn-controller",
	"openstack-ovn-northd",
};

/* Other field values seen through ctx->lookup. */
struct fields {
	const char *key[4];
	const char *val[4];
};

static const char *lookup(void *ud, const char *key)
{
	struct fields *f = ud;
	for (size_t i = 0; i < ARRAY_SIZE(f->key); i++)
		if (f->key[i] && strcmp(f->key[i], key) == 0)
			return f->val[i];
	return NULL;
}

static struct fields no_fields;

static struct validate_ctx make_ctx(struct fields *f)
{
	struct validate_ctx c = {
		.base_images = BASES,
		.n_base_images = ARRAY_SIZE(BASES),
		.default_product_version = "16.0",
		.name_prefix = "rhosp",
		.name_example = "rhosp16-openstack-cinder-volume-myplugin",
		.lookup = lookup,
		.ud = f ? f : &no_fields,
	};
	return c;
}

static struct validate_ctx ctx_one(const char *key, const char *val)
{
	static struct fields f;
	memset(&f, 0, sizeof(f));
	f.key[0] = key;
	f.val[0] = val;
	return make_ctx(&f);
}

/* Runs validator vname and checks what every problem must hold: a rule,
 * the field, a fix, a printable single-line UTF-8 message of bounded
 * length, and a suggestion that, applied, no longer breaks that rule. */
static void run(const char *vname, const struct validate_ctx *ctx, const char *value,
		struct problems *ps, int depth)
{
	const struct validator *v = validator_find(vname);
	assert_non_null(v);
	memset(ps, 0, sizeof(*ps));
	v->fn(ctx, "fld", value, ps);
	for (size_t i = 0; i < ps->n; i++) {
		const struct problem *p = &ps->v[i];
		assert_non_null(p->rule);
		assert_string_equal(p->field, "fld");
		assert_null(p->item);
		assert_non_null(p->fix);
		assert_true(strlen(p->fix) > 0);
		assert_non_null(p->message);
		assert_true(strlen(p->message) > 0);
		assert_true(strlen(p->message) < 1200);
		assert_true(utf8_valid(p->message, strlen(p->message)));
		for (const char *c = p->message; *c; c++)
			assert_true((unsigned char)*c >= 0x20 && *c != 0x7f);
		if (p->suggestion && depth == 0) {
			struct problems again;
			assert_string_not_equal(p->suggestion, value);
			run(vname, ctx, p->suggestion, &again, 1);
			for (size_t k = 0; k < again.n; k++)
				if (strcmp(again.v[k].rule, p->rule) == 0)
					fail_msg("suggestion \"%s\" for %s still breaks %s: %s",
						 p->suggestion, value, p->rule, again.v[k].message);
			problems_free(&again);
		}
	}
}

static const struct problem *find(const struct problems *ps, const char *rule)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->v[i].rule, rule) == 0)
			return &ps->v[i];
	return NULL;
}

static void print_problems(const char *value, const struct problems *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		print_message("  %s: %s [%s] %s (sugg %s)\n", value, ps->v[i].rule,
			      ps->v[i].severity == CT_SEV_ERROR ? "E" : "W",
			      ps->v[i].message,
			      ps->v[i].suggestion ? ps->v[i].suggestion : "-");
}

/* value passes vname with no problem at all */
static void ok_(const char *vname, const struct validate_ctx *ctx, const char *value,
		const char *file, int line)
{
	struct problems ps;
	run(vname, ctx, value, &ps, 0);
	if (ps.n) {
		print_problems(value, &ps);
		problems_free(&ps);
		fail_msg("%s:%d: %s rejected \"%s\"", file, line, vname, value);
	}
	problems_free(&ps);
}
#define OK(vname, ctx, value) ok_(vname, ctx, value, __FILE__, __LINE__)

/* value breaks rule with that severity; returns a copy of the problem's
 * suggestion (or NULL) and of its message into *msg when msg is given. */
static char *bad_(const char *vname, const struct validate_ctx *ctx, const char *value,
		  const char *rule, enum ct_severity sev, char **msg, const char *file,
		  int line)
{
	struct problems ps;
	run(vname, ctx, value, &ps, 0);
	const struct problem *p = find(&ps, rule);
	if (!p || p->severity != sev) {
		print_problems(value, &ps);
		problems_free(&ps);
		fail_msg("%s:%d: %s did not report %s as %s for \"%s\"", file, line, vname,
			 rule, sev == CT_SEV_ERROR ? "error" : "warning", value);
	}
	char *s = xstrdup(p->suggestion);
	if (msg)
		*msg = xstrdup(p->message);
	problems_free(&ps);
	return s;
}
#define BAD(vname, ctx, value, rule) \
	free(bad_(vname, ctx, value, rule, CT_SEV_ERROR, NULL, __FILE__, __LINE__))
#define WARN(vname, ctx, value, rule) \
	free(bad_(vname, ctx, value, rule, CT_SEV_WARNING, NULL, __FILE__, __LINE__))
#define BAD_S(vname, ctx, value, rule, sugg)                                            \
	do {                                                                            \
		char *s_ = bad_(vname, ctx, value, rule, CT_SEV_ERROR, NULL, __FILE__,   \
				__LINE__);                                              \
		if ((sugg) == NULL)                                                     \
			assert_null(s_);                                                \
		else                                                                    \
			assert_string_equal(s_ ? s_ : "(null)", (sugg) ? (sugg) : "");  \
		free(s_);                                                               \
	} while (0)
#define WARN_S(vname, ctx, value, rule, sugg)                                           \
	do {                                                                            \
		char *s_ = bad_(vname, ctx, value, rule, CT_SEV_WARNING, NULL, __FILE__, \
				__LINE__);                                              \
		if ((sugg) == NULL)                                                     \
			assert_null(s_);                                                \
		else                                                                    \
			assert_string_equal(s_ ? s_ : "(null)", (sugg) ? (sugg) : "");  \
		free(s_);                                                               \
	} while (0)

/* The problem count of value under vname. */
static size_t count(const char *vname, const struct validate_ctx *ctx, const char *value)
{
	struct problems ps;
	run(vname, ctx, value, &ps, 0);
	size_t n = ps.n;
	problems_free(&ps);
	return n;
}

/* ------------------------------------------------------------- registry */

static void test_registry(void **state)
{
	(void)state;
	static const char *const names[] = {
		"project_name", "outbound_repository", "registry_namespace", "oci_tag",
		"git_url", "git_ref", "relative_path", "ssh_key_ref", "email", "phone",
		"url", "choice", "multi_choice", "bool",
	};
	size_t n = 0;
	const struct validator *all = validator_all(&n);
	assert_int_equal(n, ARRAY_SIZE(names));
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct validator *v = validator_find(names[i]);
		assert_non_null(v);
		assert_string_equal(v->name, names[i]);
		assert_non_null(v->fn);
		assert_true(v >= all && v < all + n);
	}
	assert_null(validator_find("nope"));
	assert_null(validator_find(""));
	assert_null(validator_find(NULL));
	assert_null(validator_find("Project_name"));
}

/* ---------------------------------------------------------------- names */

static void split_is(const char *name, const char *major, const char *base,
		     const char *plugin, bool known, bool ret)
{
	struct name_parts p;
	struct validate_ctx c = make_ctx(NULL);
	bool r = name_split(&c, name, &p);
	if (r != ret)
		fail_msg("name_split(\"%s\") returned %d", name, r);
#define PART(got, want)                                        \
	do {                                                   \
		if (!(want))                                   \
			assert_null(got);                      \
		else                                           \
			assert_string_equal((got) ? (got) : "(null)", (want) ? (want) : ""); \
	} while (0)
	PART(p.major, major);
	PART(p.base_image, base);
	PART(p.plugin, plugin);
#undef PART
	assert_int_equal(p.base_known, known);
	name_parts_free(&p);
	assert_null(p.major);
	assert_null(p.base_image);
	assert_null(p.plugin);
}

static void test_name_split(void **state)
{
	(void)state;
	split_is("rhosp16-openstack-cinder-volume-myplugin", "16", "openstack-cinder-volume",
		 "myplugin", true, true);
	/* longest match wins over a shared prefix */
	split_is("rhosp16-openstack-neutron-server-ovn-acme", "16",
		 "openstack-neutron-server-ovn", "acme", true, true);
	split_is("rhosp16-openstack-neutron-server-acme-ml2", "16", "openstack-neutron-server",
		 "acme-ml2", true, true);
	split_is("rhosp16-openstack-nova-compute-ironic-acme", "16",
		 "openstack-nova-compute-ironic", "acme", true, true);
	split_is("rhosp16-openstack-nova-compute-acme-ironic-driver", "16",
		 "openstack-nova-compute", "acme-ironic-driver", true, true);
	split_is("rhosp16-openstack-heat-api-cfn-x", "16", "openstack-heat-api-cfn", "x",
		 true, true);
	split_is("rhosp16-openstack-heat-api-x", "16", "openstack-heat-api", "x", true, true);
	split_is("rhosp16-openstack-neutron-metadata-agent-ovn-foo", "16",
		 "openstack-neutron-metadata-agent-ovn", "foo", true, true);
	split_is("rhosp13-openstack-neutron-metadata-agent-foo", "13",
		 "openstack-neutron-metadata-agent", "foo", true, true);
	/* the base image alone: no plugin (not base "…-server" + plugin "ovn") */
	split_is("rhosp16-openstack-neutron-server-ovn", "16", "openstack-neutron-server-ovn",
		 NULL, true, false);
	split_is("rhosp16-openstack-cinder-volume", "16", "openstack-cinder-volume", NULL,
		 true, false);
	/* unknown base: best guess */
	split_is("rhosp16-openstack-cinder-volum-myplugin", "16", "openstack-cinder-volum",
		 "myplugin", false, false);
	/* two near readings: the longer base image is the guess */
	split_is("rhosp16-openstack-nova-compte-ironic-acme", "16",
		 "openstack-nova-compte-ironic", "acme", false, false);
	/* no major */
	split_is("rhosp-openstack-cinder-volume-myplugin", NULL, "openstack-cinder-volume",
		 "myplugin", true, false);
	split_is("rhosp-rhel8/openstack-cinder-volume-vendorx-plugin", NULL,
		 "openstack-cinder-volume", "vendorx-plugin", true, false);
	split_is("openstack-cinder-volume-myplugin", NULL, "openstack-cinder-volume",
		 "myplugin", true, false);
	split_is("rhosp16-myplugin", "16", NULL, NULL, false, false);
	split_is("rhosp16", "16", NULL, NULL, false, false);
	split_is("", NULL, NULL, NULL, false, false);

	struct name_parts p;
	struct validate_ctx c = make_ctx(NULL);
	assert_false(name_split(&c, NULL, &p));
	assert_null(p.major);
	/* no list: the last part is the plugin */
	c.base_images = NULL;
	c.n_base_images = 0;
	assert_false(name_split(&c, "rhosp16-a-b-c", &p));
	assert_string_equal(p.major, "16");
	assert_string_equal(p.base_image, "a-b");
	assert_string_equal(p.plugin, "c");
	assert_false(p.base_known);
	name_parts_free(&p);
	name_parts_free(NULL);
}

static void test_name_nearest(void **state)
{
	(void)state;
	const char *out[3];
	size_t n = name_nearest_bases("openstack-cinder-volum", BASES, ARRAY_SIZE(BASES),
				      out, 3);
	assert_int_equal(n, 3);
	assert_string_equal(out[0], "openstack-cinder-volume");
	n = name_nearest_bases("openstack-nova-compute-ironik", BASES, ARRAY_SIZE(BASES),
			       out, 3);
	assert_int_equal(n, 3);
	assert_string_equal(out[0], "openstack-nova-compute-ironic");
	assert_string_equal(out[1], "openstack-nova-compute");
	n = name_nearest_bases("openstack-horizon", BASES, ARRAY_SIZE(BASES), out, 1);
	assert_int_equal(n, 1);
	assert_string_equal(out[0], "openstack-horizon");
	assert_int_equal(name_nearest_bases("x", BASES, ARRAY_SIZE(BASES), out, 0), 0);
	assert_int_equal(name_nearest_bases(NULL, BASES, ARRAY_SIZE(BASES), out, 3), 0);
	assert_int_equal(name_nearest_bases("x", NULL, 0, out, 3), 0);
	static const char *const two[] = { "b-long-name", NULL, "a", "a" };
	const char *o4[4];
	n = name_nearest_bases("a", two, ARRAY_SIZE(two), o4, 4);
	assert_int_equal(n, 2); /* NULL skipped, duplicate once */
	assert_string_equal(o4[0], "a");
	assert_string_equal(o4[1], "b-long-name");
	/* A word of the name ranks before any edit distance ("cinder" is
	 * nearer by edits to short names), in the list's order. */
	static const char *const cinder[] = {"openstack-nova-api", "openstack-cinder-volume",
					     "openstack-cinder-backup", "openstack-cinder-api",
					     "cinders"};
	n = name_nearest_bases("cinder", cinder, ARRAY_SIZE(cinder), out, 3);
	assert_int_equal(n, 3);
	assert_string_equal(out[0], "openstack-cinder-volume");
	assert_string_equal(out[1], "openstack-cinder-backup");
	assert_string_equal(out[2], "openstack-cinder-api");
}

static void test_name_valid(void **state)
{
	(void)state;
	struct validate_ctx c = make_ctx(NULL);
	static const char *const good[] = {
		"rhosp16-openstack-cinder-volume-myplugin",
		"rhosp16-openstack-cinder-volume-3par",
		"rhosp16-openstack-cinder-backup-acme",
		"rhosp16-openstack-neutron-server-ovn-myplugin",
		"rhosp16-openstack-neutron-server-acme-ml2",
		"rhosp16-openstack-nova-compute-ironic-vendor",
		"rhosp16-openstack-nova-compute-vendorx-plugin",
		"rhosp16-openstack-heat-api-cfn-x",
		"rhosp16-openstack-manila-share-netapp2",
		"rhosp16-openstack-swift-proxy-server-s3",
		"rhosp16-openstack-ovn-northd-a1-b2-c3",
	};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		OK("project_name", &c, good[i]);

	/* the product version comes from the project first */
	struct validate_ctx c13 = ctx_one("rh_product_version", "13.0");
	OK("project_name", &c13, "rhosp13-openstack-cinder-volume-myplugin");
	struct validate_ctx c016 = ctx_one("rh_product_version", " 016.0");
	OK("project_name", &c016, "rhosp16-openstack-cinder-volume-myplugin");
	struct validate_ctx cempty = ctx_one("rh_product_version", "");
	OK("project_name", &cempty, "rhosp16-openstack-cinder-volume-myplugin");
	/* no version known at all: no version check */
	struct validate_ctx cnone = make_ctx(NULL);
	cnone.default_product_version = NULL;
	OK("project_name", &cnone, "rhosp13-openstack-cinder-volume-myplugin");
	cnone.lookup = NULL;
	OK("project_name", &cnone, "rhosp17-openstack-cinder-volume-myplugin");

	/* validate_project_name: same rules, field project_name */
	struct problems ps = { 0 };
	validate_project_name(&c, "rhosp16-openstack-cinder-volume-myplugin", &ps);
	assert_int_equal(ps.n, 0);
	validate_project_name(&c, "rhosp13-openstack-cinder-volume-myplugin", &ps);
	assert_int_equal(ps.n, 1);
	assert_string_equal(ps.v[0].rule, "name.version");
	assert_string_equal(ps.v[0].field, "project_name");
	problems_free(&ps);
	validate_project_name(NULL, "rhosp16-x-y", &ps); /* no ctx: no crash */
	assert_null(find(&ps, "name.base_image"));
	problems_free(&ps);
}

static void test_name_charset(void **state)
{
	(void)state;
	struct validate_ctx c = make_ctx(NULL);
	char *msg = NULL;

	/* the guide's base image path is no project name */
	char *s = bad_("project_name", &c, "rhosp-rhel8/openstack-cinder-volume-vendorx-plugin",
		       "name.prefix", CT_SEV_ERROR, NULL, __FILE__, __LINE__);
	assert_string_equal(s, "rhosp16-openstack-cinder-volume-vendorx-plugin");
	free(s);
	BAD("project_name", &c, "rhosp-rhel8/openstack-cinder-volume-vendorx-plugin",
	    "name.charset");
	BAD_S("project_name", &c, "rhosp16-openstack-cinder-volume-my_plugin", "name.charset",
	      "rhosp16-openstack-cinder-volume-my-plugin");
	BAD_S("project_name", &c, "rhosp16-openstack-cinder-volume-my.plugin", "name.charset",
	      "rhosp16-openstack-cinder-volume-my-plugin");
	BAD_S("project_name", &c, "rhosp16-openstack-cinder-volume-my plugin", "name.charset",
	      "rhosp16-openstack-cinder-volume-my-plugin");
	s = bad_("project_name", &c, "rhosp16-openstack-cinder-volume-my_plugin", "name.charset",
		 CT_SEV_ERROR, &msg, __FILE__, __LINE__);
	assert_non_null(strstr(msg, "\"_\""));
	assert_non_null(strstr(msg, "position 35"));
	free(msg);
	free(s);
	/* non-ASCII: reported, no guess at a replacement */
	BAD_S("project_name", &c, "rhosp16-openstack-cinder-volume-caf\xc3\xa9", "name.charset",
	      NULL);
	s = bad_("project_name", &c, "rhosp16-openstack-cinder-volume-caf\xc3\xa9", "name.charset",
		 CT_SEV_ERROR, &msg, __FILE__, __LINE__);
	assert_non_null(strstr(msg, "\"\xc3\xa9\""));
	free(msg);
	free(s);

	/* uppercase: suggestion is the lowercased name */
	BAD_S("project_name", &c, "Rhosp16-openstack-cinder-volume-MyPlugin", "name.case",
	      "rhosp16-openstack-cinder-volume-myplugin");
	assert_int_equal(count("project_name", &c, "RHOSP16-OPENSTACK-CINDER-VOLUME-X"), 1);

	/* hyphens */
	BAD_S("project_name", &c, "rhosp16--openstack-cinder-volume-myplugin", "name.hyphen",
	      "rhosp16-openstack-cinder-volume-myplugin");
	BAD_S("project_name", &c, "-rhosp16-openstack-cinder-volume-myplugin", "name.hyphen",
	      "rhosp16-openstack-cinder-volume-myplugin");
	BAD_S("project_name", &c, "rhosp16-openstack-cinder-volume-myplugin-", "name.hyphen",
	      "rhosp16-openstack-cinder-volume-myplugin");
	BAD("project_name", &c, "rhosp16-openstack-cinder-volume--myplugin", "name.hyphen");
	/* only the hyphen problem, the structure is still read */
	assert_int_equal(count("project_name", &c, "rhosp16-openstack-cinder-volume--myplugin"),
			 1);
	assert_int_equal(count("project_name", &c, "-rhosp16-openstack-cinder-volume-x--y-"), 3);
}

static void test_name_structure(void **state)
{
	(void)state;
	struct validate_ctx c = make_ctx(NULL);
	char *msg = NULL;

	/* version */
	char *s = bad_("project_name", &c, "rhosp13-openstack-cinder-volume-myplugin",
		       "name.version", CT_SEV_ERROR, &msg, __FILE__, __LINE__);
	assert_string_equal(s, "rhosp16-openstack-cinder-volume-myplugin");
	assert_non_null(strstr(msg, "\"rhosp13-openstack-cinder-volume-myplugin\""));
	assert_non_null(strstr(msg, "OpenStack 13"));
	assert_non_null(strstr(msg, "16.0"));
	free(msg);
	free(s);
	struct validate_ctx c13 = ctx_one("rh_product_version", "13.0");
	BAD_S("project_name", &c13, "rhosp16-openstack-cinder-volume-myplugin", "name.version",
	      "rhosp13-openstack-cinder-volume-myplugin");
	BAD_S("project_name", &c, "rhosp016-openstack-cinder-volume-myplugin", "name.version",
	      "rhosp16-openstack-cinder-volume-myplugin");
	BAD_S("project_name", &c, "rhosp99999999999999999999999-openstack-cinder-volume-x",
	      "name.version", "rhosp16-openstack-cinder-volume-x");

	/* prefix */
	BAD_S("project_name", &c, "openstack-cinder-volume-myplugin", "name.prefix",
	      "rhosp16-openstack-cinder-volume-myplugin");
	BAD_S("project_name", &c, "rhosp-openstack-cinder-volume-myplugin", "name.prefix",
	      "rhosp16-openstack-cinder-volume-myplugin");
	BAD_S("project_name", &c, "rhosp16openstack-cinder-volume-myplugin", "name.prefix",
	      "rhosp16-openstack-cinder-volume-myplugin");
	BAD_S("project_name", &c, "osp16-openstack-cinder-volume-myplugin", "name.prefix",
	      "rhosp16-openstack-cinder-volume-myplugin");
	BAD_S("project_name", &c, "rhel8-myplugin", "name.prefix", "rhosp16-rhel8-myplugin");
	struct validate_ctx cnone = make_ctx(NULL);
	cnone.default_product_version = NULL;
	BAD_S("project_name", &cnone, "rhosp-openstack-cinder-volume-x", "name.prefix", NULL);

	/* plugin missing, also when the base image has a longer sibling */
	s = bad_("project_name", &c, "rhosp16-openstack-cinder-volume", "name.plugin",
		 CT_SEV_ERROR, &msg, __FILE__, __LINE__);
	assert_null(s);
	assert_non_null(strstr(msg, "openstack-cinder-volume"));
	free(msg);
	BAD("project_name", &c, "rhosp16-openstack-neutron-server-ovn", "name.plugin");
	BAD("project_name", &c, "rhosp16-openstack-nova-compute-ironic", "name.plugin");
	assert_int_equal(count("project_name", &c, "rhosp16-openstack-nova-compute-ironic"), 1);

	/* base image missing */
	BAD("project_name", &c, "rhosp16-myplugin", "name.base_missing");
	BAD("project_name", &c, "rhosp16", "name.base_missing");
	assert_int_equal(count("project_name", &c, "rhosp16"), 1);
	BAD("project_name", &c, "rhosp16-", "name.base_missing");
}

static void test_name_unknown_base(void **state)
{
	(void)state;
	struct validate_ctx c = make_ctx(NULL);
	char *msg = NULL;

	char *s = bad_("project_name", &c, "rhosp16-openstack-cinder-volum-myplugin",
		       "name.base_image", CT_SEV_WARNING, &msg, __FILE__, __LINE__);
	assert_string_equal(s, "rhosp16-openstack-cinder-volume-myplugin");
	assert_non_null(strstr(msg, "\"openstack-cinder-volum\""));
	assert_non_null(strstr(msg, "openstack-cinder-volume,"));
	free(msg);
	free(s);
	/* only a warning */
	assert_int_equal(count("project_name", &c, "rhosp16-openstack-cinder-volum-myplugin"),
			 1);
	WARN_S("project_name", &c, "rhosp16-openstack-cinder-volumes-myplugin", "name.base_image",
	       "rhosp16-openstack-cinder-volume-myplugin");
	/* a known base followed by anything is a known base and a plugin */
	OK("project_name", &c, "rhosp16-openstack-nova-compute-ironik-acme");
	/* between two near readings the longer base image wins, as for
	 * known names */
	WARN_S("project_name", &c, "rhosp16-openstack-nova-compte-ironic-acme",
	       "name.base_image", "rhosp16-openstack-nova-compute-ironic-acme");
	WARN_S("project_name", &c, "rhosp16-openstack-neutorn-server-ovn-acme",
	       "name.base_image", "rhosp16-openstack-neutron-server-ovn-acme");
	WARN_S("project_name", &c, "rhosp16-openstack-cindervolume-acme", "name.base_image",
	       "rhosp16-openstack-cinder-volume-acme");
	/* the suggestion also fixes what is certain: the version */
	WARN_S("project_name", &c, "rhosp13-openstack-cinder-volum-acme", "name.base_image",
	       "rhosp16-openstack-cinder-volume-acme");
	/* a misspelt base and nothing else: base warning and missing plugin */
	WARN_S("project_name", &c, "rhosp16-openstack-cinder-volum", "name.base_image",
	       "rhosp16-openstack-cinder-volume");
	BAD("project_name", &c, "rhosp16-openstack-cinder-volum", "name.plugin");
	/* far from every known name: listed, but no automatic replacement */
	s = bad_("project_name", &c, "rhosp16-mycompany-storage-plugin", "name.base_image",
		 CT_SEV_WARNING, &msg, __FILE__, __LINE__);
	assert_null(s);
	assert_non_null(strstr(msg, "nearest known: openstack-"));
	free(msg);
	/* a tie between known names (aodh, heat, nova): no automatic choice */
	WARN_S("project_name", &c, "rhosp16-openstack-xxxx-api-x", "name.base_image", NULL);
	/* a template without a list accepts any base image */
	struct validate_ctx cnob = make_ctx(NULL);
	cnob.base_images = NULL;
	cnob.n_base_images = 0;
	OK("project_name", &cnob, "rhosp16-anything-goes-here");
}

static void test_name_registry_and_hostile(void **state)
{
	(void)state;
	struct validate_ctx c = make_ctx(NULL);
	char *msg = NULL;

	/* too long for a registry repository */
	struct strbuf sb = { 0 };
	sb_add(&sb, "rhosp16-openstack-cinder-volume-");
	while (sb.len < 300)
		sb_add(&sb, "a");
	char *s = bad_("project_name", &c, sb_str(&sb), "name.registry", CT_SEV_ERROR, &msg,
		       __FILE__, __LINE__);
	assert_non_null(strstr(msg, "300"));
	assert_non_null(strstr(msg, "\xe2\x80\xa6")); /* quoted value cut */
	free(msg);
	free(s);
	assert_int_equal(count("project_name", &c, sb_str(&sb)), 1);
	sb_reset(&sb);
	sb_add(&sb, "rhosp16-openstack-cinder-volume-");
	while (sb.len < 255)
		sb_add(&sb, "a");
	OK("project_name", &c, sb_str(&sb));

	/* 10,000 bytes, hyphens everywhere, and binary junk */
	sb_reset(&sb);
	for (int i = 0; i < 5000; i++)
		sb_add(&sb, "a-");
	assert_true(count("project_name", &c, sb_str(&sb)) > 0);
	sb_reset(&sb);
	for (int i = 0; i < 10000; i++)
		sb_addc(&sb, (char)(1 + (i * 37) % 255));
	assert_true(count("project_name", &c, sb_str(&sb)) > 0);
	for (size_t i = 0; i < 14; i++) {
		size_t n;
		const struct validator *all = validator_all(&n);
		struct problems ps = { 0 };
		all[i].fn(&c, "fld", sb_str(&sb), &ps);
		for (size_t k = 0; k < ps.n; k++)
			assert_true(strlen(ps.v[k].message) < 1200);
		problems_free(&ps);
		/* and every validator on odd little values */
		static const char *const odd[] = { "", "-", "\"", "\\", "\xff", "\xc3",
						   "@", ":", "//", "a\nb", "\xe2\x80\xae" };
		for (size_t k = 0; k < ARRAY_SIZE(odd); k++) {
			all[i].fn(&c, "fld", odd[k], &ps);
			problems_free(&ps);
		}
	}
	sb_free(&sb);

	/* terminal escapes and quotes are shown escaped */
	s = bad_("project_name", &c, "rhosp16-openstack-cinder-volume-\x1b[31m\"x",
		 "name.charset", CT_SEV_ERROR, &msg, __FILE__, __LINE__);
	assert_null(strchr(msg, '\x1b'));
	assert_non_null(strstr(msg, "\\x1b"));
	assert_non_null(strstr(msg, "\\\"x"));
	free(msg);
	free(s);
	s = bad_("project_name", &c, "rhosp16-openstack-cinder-volume-\xe2\x80\xae-x",
		 "name.charset", CT_SEV_ERROR, &msg, __FILE__, __LINE__);
	assert_null(strstr(msg, "\xe2\x80\xae"));
	assert_non_null(strstr(msg, "\\u202e"));
	free(msg);
	free(s);
	/* invalid UTF-8, cut in the middle of a character after 60 bytes */
	sb_reset(&sb);
	sb_add(&sb, "rhosp16-openstack-cinder-volume-\xff");
	while (sb.len < 59)
		sb_addc(&sb, 'a');
	sb_add(&sb, "\xc3\xa9\xc3\xa9");
	s = bad_("project_name", &c, sb_str(&sb), "name.charset", CT_SEV_ERROR, &msg, __FILE__,
		 __LINE__);
	assert_non_null(strstr(msg, "\\xff"));
	assert_non_null(strstr(msg, "a\xe2\x80\xa6")); /* é not cut in half */
	free(msg);
	free(s);
	sb_free(&sb);
}

/* ------------------------------------------------- registry and OCI names */

static void test_predicates(void **state)
{
	(void)state;
	static const char *const comp_ok[] = { "a", "acme", "a1", "a.b", "a_b", "a__b",
					       "a-b", "a---b", "a.b_c-d", "0" };
	static const char *const comp_bad[] = { "", "A", "-a", "a-", ".a", "a.", "a..b",
						"a___b", "a_.b", "a b", "a/b", "\xc3\xa9" };
	for (size_t i = 0; i < ARRAY_SIZE(comp_ok); i++)
		assert_true(valid_registry_component(comp_ok[i]));
	for (size_t i = 0; i < ARRAY_SIZE(comp_bad); i++)
		if (valid_registry_component(comp_bad[i]))
			fail_msg("registry component \"%s\" accepted", comp_bad[i]);
	assert_false(valid_registry_component(NULL));
	char big[300];
	memset(big, 'a', sizeof(big));
	big[255] = '\0';
	assert_true(valid_registry_component(big));
	big[255] = 'a';
	big[256] = '\0';
	assert_false(valid_registry_component(big));

	static const char *const tag_ok[] = { "1", "1.2", "v3.7.0", "_x", "A-b.c_d",
					      "latest" };
	static const char *const tag_bad[] = { "", ".1", "-1", "1 2", "1:2", "1/2",
					       "1+build", "\xc3\xa9" };
	for (size_t i = 0; i < ARRAY_SIZE(tag_ok); i++)
		assert_true(valid_oci_tag(tag_ok[i]));
	for (size_t i = 0; i < ARRAY_SIZE(tag_bad); i++)
		if (valid_oci_tag(tag_bad[i]))
			fail_msg("tag \"%s\" accepted", tag_bad[i]);
	assert_false(valid_oci_tag(NULL));
	memset(big, 'a', sizeof(big));
	big[128] = '\0';
	assert_true(valid_oci_tag(big));
	big[128] = 'a';
	big[129] = '\0';
	assert_false(valid_oci_tag(big));

	static const char *const ref_ok[] = { "main", "stable/1.2", "feature/x-y_z",
					      "v1.0", "a@b", "r\xc3\xa9sum\xc3\xa9",
					      "refs/heads/main", "a.b/c.d" };
	static const char *const ref_bad[] = {
		"", "-x", "@", "HEAD", "/x", "x/", "a//b", "x.", "a b", "a~1", "a^",
		"a:b", "a?", "a*", "a[b", "a\\b", "a..b", "a@{1}", ".x", "a/.x",
		"x.lock", "a/b.lock/c", "a\tb", "a\x7f", "a\x01",
	};
	for (size_t i = 0; i < ARRAY_SIZE(ref_ok); i++)
		if (!valid_git_ref_name(ref_ok[i]))
			fail_msg("branch \"%s\" rejected", ref_ok[i]);
	for (size_t i = 0; i < ARRAY_SIZE(ref_bad); i++)
		if (valid_git_ref_name(ref_bad[i]))
			fail_msg("branch \"%s\" accepted", ref_bad[i]);
	assert_false(valid_git_ref_name(NULL));
}

static void test_outbound(void **state)
{
	(void)state;
	struct validate_ctx c = ctx_one("project_name", "rhosp16-openstack-cinder-volume-x");
	OK("outbound_repository", &c, "rhosp16-openstack-cinder-volume-x");
	WARN_S("outbound_repository", &c, "rhosp16-openstack-cinder-volume-y", "outbound.differs",
	       "rhosp16-openstack-cinder-volume-x");
	BAD_S("outbound_repository", &c, "Rhosp16-openstack-cinder-volume-x", "outbound.format",
	      "rhosp16-openstack-cinder-volume-x");
	BAD("outbound_repository", &c, "my repo", "outbound.format");
	BAD("outbound_repository", &c, "-x", "outbound.format");
	/* no project name yet: nothing to compare with */
	struct validate_ctx c0 = make_ctx(NULL);
	OK("outbound_repository", &c0, "my.repo_name");
	OK("outbound_repository", &c0, "a--b");
}

static void test_namespace(void **state)
{
	(void)state;
	struct validate_ctx c = make_ctx(NULL);
	OK("registry_namespace", &c, "acme");
	OK("registry_namespace", &c, "acme-storage");
	OK("registry_namespace", &c, "acme.io");
	BAD_S("registry_namespace", &c, "Acme", "namespace.case", "acme");
	BAD_S("registry_namespace", &c, "Acme Storage, Inc.", "namespace.format",
	      "acme-storage-inc");
	BAD_S("registry_namespace", &c, "acme/", "namespace.format", "acme");
	BAD_S("registry_namespace", &c, "-", "namespace.format", NULL);
	BAD_S("registry_namespace", &c, "\xc3\xa9", "namespace.format", NULL);
	assert_int_equal(count("registry_namespace", &c, "ACME"), 1);
}

static void test_tag(void **state)
{
	(void)state;
	struct validate_ctx c = make_ctx(NULL);
	static const char *const versions[] = { "1", "1.2", "v3.7.0", "2.0-1", "16.0.1_rc1",
						"V1.0.0-beta.2", "1.2.3.4" };
	for (size_t i = 0; i < ARRAY_SIZE(versions); i++)
		OK("oci_tag", &c, versions[i]);
	WARN("oci_tag", &c, "latest", "tag.latest");
	WARN("oci_tag", &c, "LATEST", "tag.latest");
	assert_int_equal(count("oci_tag", &c, "latest"), 1);
	WARN("oci_tag", &c, "stable", "tag.version");
	WARN("oci_tag", &c, "1.2-", "tag.version");
	WARN("oci_tag", &c, "v", "tag.version");
	BAD_S("oci_tag", &c, "1.2 beta", "tag.format", "1.2-beta");
	BAD_S("oci_tag", &c, ".1.2", "tag.format", "1.2");
	BAD_S("oci_tag", &c, "1.2+build5", "tag.format", "1.2-build5");
	BAD_S("oci_tag", &c, "\xc3\xa9t\xc3\xa9", "tag.format", NULL);
	char *msg = NULL;
	char *s = bad_("oci_tag", &c, "1.2:3", "tag.format", CT_SEV_ERROR, &msg, __FILE__,
		       __LINE__);
	assert_non_null(strstr(msg, "\":\""));
	assert_non_null(strstr(msg, "position 4"));
	free(s);
	free(msg);
	char big[200];
	memset(big, '1', sizeof(big));
	big[199] = '\0';
	s = bad_("oci_tag", &c, big, "tag.format", CT_SEV_ERROR, &msg, __FILE__, __LINE__);
	assert_non_null(strstr(msg, "199"));
	assert_int_equal(strlen(s), 128);
	free(s);
	free(msg);
}

/* ------------------------------------------------------------------- git */

static void test_git_url(void **state)
{
	(void)state;
	struct validate_ctx c = make_ctx(NULL);
	static const char *const good[] = {
		"https://github.com/org/repo.git",
		"https://gitlab.example.com:8443/group/sub/repo",
		"https://user@github.com/org/repo.git",
		"HTTPS://github.com/org/repo",
		"ssh://git@github.com/org/repo.git",
		"ssh://github.com:2222/org/repo.git",
		"ssh://git@[2001:db8::1]:22/repo.git",
		"git@github.com:org/repo.git",
		"git@gitlab.example.com:group/repo",
		"deploy.user@10.0.0.1:/srv/git/repo.git",
	};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		OK("git_url", &c, good[i]);

	BAD_S("git_url", &c, "http://github.com/org/repo.git", "git_url.scheme",
	      "https://github.com/org/repo.git");
	BAD_S("git_url", &c, "git://github.com/org/repo.git", "git_url.scheme",
	      "https://github.com/org/repo.git");
	BAD_S("git_url", &c, "git+ssh://git@github.com/org/repo.git", "git_url.scheme",
	      "ssh://git@github.com/org/repo.git");
	BAD_S("git_url", &c, "file:///srv/git/repo.git", "git_url.scheme", NULL);
	BAD_S("git_url", &c, "ftp://example.com/repo.tar", "git_url.scheme", NULL);
	BAD("git_url", &c, "/srv/git/repo.git", "git_url.scheme");
	BAD("git_url", &c, "./repo", "git_url.scheme");
	BAD("git_url", &c, "~/src/repo", "git_url.scheme");
	BAD("git_url", &c, "repo", "git_url.scheme");
	BAD("git_url", &c, "C:\\src\\repo", "git_url.scheme");
	BAD("git_url", &c, "https://", "git_url.format");
	BAD("git_url", &c, "https://github.com", "git_url.format");
	BAD("git_url", &c, "https://github.com/", "git_url.format");
	BAD("git_url", &c, "https://-oProxyCommand=x/repo", "git_url.format");
	BAD("git_url", &c, "ssh://-oProxyCommand=x/repo", "git_url.format");
	/* a host ssh would take as an option (CVE-2017-1000117) */
	BAD("git_url", &c, "ssh://-oproxy.example.com/repo", "git_url.format");
	BAD("git_url", &c, "git@-oproxy.example.com:repo", "git_url.format");
	BAD("git_url", &c, "ssh://git@host:99999/repo", "git_url.format");
	BAD("git_url", &c, "ssh://git@host:/repo", "git_url.format");
	BAD("git_url", &c, "git@host:", "git_url.format");
	BAD("git_url", &c, "-x@host:repo", "git_url.format");
	BAD_S("git_url", &c, "github.com:org/repo.git", "git_url.format",
	      "git@github.com:org/repo.git");
	BAD_S("git_url", &c, " https://github.com/org/repo.git ", "git_url.format",
	      "https://github.com/org/repo.git");
	BAD_S("git_url", &c, "https://github.com/org/my repo", "git_url.format", NULL);
	BAD_S("git_url", &c, "https://bob:s3cret@github.com/org/repo.git", "git_url.credentials",
	      "https://github.com/org/repo.git");

	/* a source SSH key is configured: SSH is required */
	struct validate_ctx ck = ctx_one("git_ssh_key", "~/.ssh/id_ed25519");
	char *msg = NULL;
	char *s = bad_("git_url", &ck, "https://github.com/org/repo.git", "git_url.ssh_required",
		       CT_SEV_ERROR, &msg, __FILE__, __LINE__);
	assert_string_equal(s, "git@github.com:org/repo.git");
	assert_non_null(strstr(msg, "SSH is required when a source SSH key is configured"));
	free(msg);
	free(s);
	BAD_S("git_url", &ck, "http://github.com/org/repo.git", "git_url.scheme",
	      "git@github.com:org/repo.git");
	OK("git_url", &ck, "git@github.com:org/repo.git");
	OK("git_url", &ck, "ssh://git@github.com/org/repo.git");
	struct validate_ctx cblank = ctx_one("git_ssh_key", "  ");
	OK("git_url", &cblank, "https://github.com/org/repo.git");
}

static void test_git_ref(void **state)
{
	(void)state;
	struct validate_ctx c = make_ctx(NULL);
	OK("git_ref", &c, "main");
	OK("git_ref", &c, "stable/16.0");
	OK("git_ref", &c, "feature/acme-1_2");
	BAD_S("git_ref", &c, "my branch", "branch.format", "my-branch");
	BAD_S("git_ref", &c, "-main", "branch.format", "main");
	BAD_S("git_ref", &c, "main.lock", "branch.format", "main");
	BAD_S("git_ref", &c, "a..b", "branch.format", "a.b");
	BAD_S("git_ref", &c, "feature/", "branch.format", "feature");
	BAD_S("git_ref", &c, "feature//x", "branch.format", "feature/x");
	BAD_S("git_ref", &c, "feature/.x", "branch.format", "feature/x");
	BAD_S("git_ref", &c, "main@{1}", "branch.format", "main@-1}");
	BAD("git_ref", &c, "HEAD", "branch.format");
	BAD("git_ref", &c, "@", "branch.format");
	BAD("git_ref", &c, "a\x7f", "branch.format");
	char *msg = NULL;
	char *s = bad_("git_ref", &c, "a:b", "branch.format", CT_SEV_ERROR, &msg, __FILE__,
		       __LINE__);
	assert_non_null(strstr(msg, "\":\""));
	free(msg);
	free(s);
	WARN_S("git_ref", &c, "refs/heads/main", "branch.refs_prefix", "main");
}

/* ------------------------------------------------------ paths and keys */

static void test_relative_path(void **state)
{
	(void)state;
	struct validate_ctx c = make_ctx(NULL);
	static const char *const good[] = { "Dockerfile", "docker/Dockerfile.rhel8", ".",
					    "./Dockerfile", "build/", "a..b/c", ".hidden/x",
					    "d\xc3\xa9p\xc3\xb4t" };
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		OK("relative_path", &c, good[i]);
	BAD_S("relative_path", &c, "/Dockerfile", "path.absolute", "Dockerfile");
	BAD_S("relative_path", &c, "//srv/build", "path.absolute", "srv/build");
	BAD_S("relative_path", &c, "/", "path.absolute", NULL);
	BAD("relative_path", &c, "~/build", "path.absolute");
	BAD("relative_path", &c, "C:\\build", "path.absolute");
	BAD("relative_path", &c, "..", "path.parent");
	BAD("relative_path", &c, "../Dockerfile", "path.parent");
	BAD("relative_path", &c, "a/../../b", "path.parent");
	BAD("relative_path", &c, "a/..", "path.parent");
	BAD("relative_path", &c, "a\\..\\b", "path.parent");
	BAD("relative_path", &c, "a\nb", "path.control");
	WARN_S("relative_path", &c, "docker\\Dockerfile", "path.backslash", "docker/Dockerfile");
	char big[5000];
	memset(big, 'a', sizeof(big));
	big[4999] = '\0';
	BAD("relative_path", &c, big, "path.length");
}

static void test_ssh_key(void **state)
{
	(void)state;
	struct validate_ctx c = make_ctx(NULL);
	static const char *const good[] = {
		"~/.ssh/id_ed25519",
		"/home/bob/.ssh/build_key",
		"keys/deploy key",
		"SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
		"SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s=",
		"MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48",
		"16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48",
	};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		OK("ssh_key_ref", &c, good[i]);
	static const char *const material[] = {
		"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
		"-----BEGIN RSA PRIVATE KEY-----",
		"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 bob@host",
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl bob@laptop",
		"ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY=",
		"AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
		"PuTTY-User-Key-File-3: ssh-ed25519",
	};
	for (size_t i = 0; i < ARRAY_SIZE(material); i++) {
		char *msg = NULL;
		char *s = bad_("ssh_key_ref", &c, material[i], "ssh_key.material", CT_SEV_ERROR,
			       &msg, __FILE__, __LINE__);
		assert_null(s);
		/* the key itself is never repeated in the message */
		assert_null(strstr(msg, "AAAA"));
		assert_null(strstr(msg, "BEGIN"));
		free(msg);
	}
	BAD("ssh_key_ref", &c, "SHA256:tooshort", "ssh_key.fingerprint");
	BAD("ssh_key_ref", &c, "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s!",
	    "ssh_key.fingerprint");
	BAD("ssh_key_ref", &c, "MD5:16:27:ac", "ssh_key.fingerprint");
	BAD("ssh_key_ref", &c, "16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:4g",
	    "ssh_key.fingerprint");
	BAD("ssh_key_ref", &c, "16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48:",
	    "ssh_key.fingerprint");
	BAD("ssh_key_ref", &c, "key\x01", "ssh_key.format");
}

/* --------------------------------------------------------- contact data */

static void test_email(void **state)
{
	(void)state;
	struct validate_ctx c = make_ctx(NULL);
	static const char *const good[] = {
		"bob@example.com", "first.last+tag@sub.example.co.uk", "o'neil@example.ie",
		"x@xn--bcher-kva.example", "a_b-c@ex-ample.org", "j\xc3\xbcrgen@b\xc3\xbc" "cher.de",
	};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		OK("email", &c, good[i]);
	static const char *const bad[] = {
		"bob", "bob@", "@example.com", "bob@@example.com", "bob@exa@mple.com",
		"bob@localhost", "bob smith@example.com", ".bob@example.com",
		"bob.@example.com", "bo..b@example.com", "bob@-example.com",
		"bob@example-.com", "bob@example..com", "bob@example.c", "bob@example.123",
		"bob@exam_ple.com", "bo(b@example.com", "bob@example.com.", "b\xffob@example.com",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		BAD("email", &c, bad[i], "email.format");
	char local[80];
	memset(local, 'a', 65);
	memcpy(local + 65, "@x.io", 6);
	BAD("email", &c, local, "email.format");
	BAD_S("email", &c, "Bob Smith <bob@example.com>", "email.display_name",
	      "bob@example.com");
	BAD_S("email", &c, "\"Smith, Bob\" <bob@example.com>", "email.display_name",
	      "bob@example.com");
	BAD_S("email", &c, "Bob <not an address>", "email.display_name", NULL);
	BAD_S("email", &c, "mailto:bob@example.com", "email.format", "bob@example.com");
	BAD_S("email", &c, " bob@example.com ", "email.format", "bob@example.com");
}

static void test_phone(void **state)
{
	(void)state;
	struct validate_ctx c = make_ctx(NULL);
	static const char *const good[] = {
		"+1 919 754 3700", "(919) 754-3700", "919.754.3700", "+44 20 7946 0958",
		"+1 919 754 3700 x123", "+1 919 754 3700 ext. 123", "919-754-3700 ext 9",
		"+49 (0)30 123456", "1234567", "123456789012345",
	};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		OK("phone", &c, good[i]);
	BAD("phone", &c, "123456", "phone.digits");
	BAD("phone", &c, "1234567890123456", "phone.digits");
	BAD("phone", &c, "---", "phone.digits");
	BAD("phone", &c, "1-800-FLOWERS", "phone.format");
	BAD("phone", &c, "919 754 3700+1", "phone.format");
	BAD("phone", &c, "++1 919 754 3700", "phone.format");
	BAD("phone", &c, "(919 754 3700", "phone.format");
	BAD("phone", &c, "919) 754 3700", "phone.format");
	BAD("phone", &c, "919 754 3700 x", "phone.format");
	BAD("phone", &c, "919 754 3700 x12a", "phone.format");
	BAD("phone", &c, "x123", "phone.format");
	BAD_S("phone", &c, " +1 919 754 3700\n", "phone.format", "+1 919 754 3700");
}

static void test_url(void **state)
{
	(void)state;
	struct validate_ctx c = make_ctx(NULL);
	static const char *const good[] = {
		"https://example.com", "https://example.com/product?x=1#y",
		"HTTPS://EXAMPLE.COM/", "https://[2001:db8::1]:8443/", "https://b\xc3\xbc" "cher.de/",
		"https://user@example.com/",
	};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		OK("url", &c, good[i]);
	WARN_S("url", &c, "http://example.com/x", "url.http", "https://example.com/x");
	BAD_S("url", &c, "www.example.com/product", "url.scheme", "https://www.example.com/product");
	BAD_S("url", &c, "ftp://example.com/x", "url.scheme", NULL);
	BAD_S("url", &c, "javascript:alert(1)", "url.scheme", NULL);
	BAD_S("url", &c, "example", "url.scheme", NULL);
	BAD_S("url", &c, "https://example.com/a b", "url.format", NULL);
	BAD_S("url", &c, " https://example.com ", "url.format", "https://example.com");
	BAD("url", &c, "https://", "url.format");
	BAD("url", &c, "https:///path", "url.format");
	BAD("url", &c, "https://exa_mple.com/", "url.format");
	BAD("url", &c, "https://example.com:0/", "url.format");
	BAD("url", &c, "https://example.com:http/", "url.format");
	BAD("url", &c, "https://example.com/\xff", "url.format");
}

/* ------------------------------------------------------------- choices */

static void test_choice(void **state)
{
	(void)state;
	static const char *const cats[] = { "Tech Preview", "Generally Available" };
	struct validate_ctx c = make_ctx(NULL);
	c.choices = cats;
	c.n_choices = ARRAY_SIZE(cats);
	OK("choice", &c, "Tech Preview");
	OK("choice", &c, "Generally Available");
	char *msg = NULL;
	char *s = bad_("choice", &c, "Beta", "choice.invalid", CT_SEV_ERROR, &msg, __FILE__,
		       __LINE__);
	assert_null(s);
	assert_non_null(strstr(msg, "\"Tech Preview\", \"Generally Available\""));
	assert_non_null(strstr(msg, "\"Beta\""));
	free(msg);
	BAD_S("choice", &c, "tech preview", "choice.invalid", "Tech Preview");
	BAD_S("choice", &c, " Tech Preview ", "choice.invalid", "Tech Preview");
	c.choices = NULL;
	c.n_choices = 0;
	BAD("choice", &c, "Tech Preview", "choice.invalid");
}

static void test_multi_choice(void **state)
{
	(void)state;
	static const char *const plats[] = { "x86_64", "ppc64le", "aarch64", "s390x" };
	struct validate_ctx c = make_ctx(NULL);
	c.choices = plats;
	c.n_choices = ARRAY_SIZE(plats);
	OK("multi_choice", &c, "x86_64");
	OK("multi_choice", &c, "x86_64,ppc64le");
	OK("multi_choice", &c, "x86_64, ppc64le , s390x");
	BAD_S("multi_choice", &c, "x86_64,sparc", "choice.invalid", NULL);
	BAD_S("multi_choice", &c, "X86_64,ppc64le", "choice.invalid", "x86_64,ppc64le");
	BAD_S("multi_choice", &c, "x86_64,ppc64le,x86_64", "choice.duplicate", "x86_64,ppc64le");
	BAD_S("multi_choice", &c, "x86_64,X86_64", "choice.duplicate", "x86_64");
	BAD("multi_choice", &c, ",", "choice.empty");
	BAD("multi_choice", &c, " , ,", "choice.empty");
	assert_int_equal(count("multi_choice", &c, "a,b,x86_64"), 2);
}

static void test_bool(void **state)
{
	(void)state;
	struct validate_ctx c = make_ctx(NULL);
	static const char *const good[] = { "true", "false", "yes", "no", "on", "off", "1",
					    "0", "TRUE", "Yes", "oFF" };
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		OK("bool", &c, good[i]);
	BAD_S("bool", &c, "maybe", "bool.invalid", NULL);
	BAD_S("bool", &c, "2", "bool.invalid", NULL);
	BAD_S("bool", &c, "y", "bool.invalid", NULL);
	BAD_S("bool", &c, " yes", "bool.invalid", "yes");
	BAD_S("bool", &c, "yes\n", "bool.invalid", "yes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_name_split),
		cmocka_unit_test(test_name_nearest),
		cmocka_unit_test(test_name_valid),
		cmocka_unit_test(test_name_charset),
		cmocka_unit_test(test_name_structure),
		cmocka_unit_test(test_name_unknown_base),
		cmocka_unit_test(test_name_registry_and_hostile),
		cmocka_unit_test(test_predicates),
		cmocka_unit_test(test_outbound),
		cmocka_unit_test(test_namespace),
		cmocka_unit_test(test_tag),
		cmocka_unit_test(test_git_url),
		cmocka_unit_test(test_git_ref),
		cmocka_unit_test(test_relative_path),
		cmocka_unit_test(test_ssh_key),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_multi_choice),
		cmocka_unit_test(test_bool),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
