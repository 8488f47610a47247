/* test_prescan.c - unit tests of the Dockerfile pre-scan: SHA-256 test
 * vectors, the report's API and JSON, and the corpus under tests/lint,
 * one cmocka test per case folder.
 *
 * A corpus case is a folder with a Dockerfile (or Containerfile), the
 * build context files it copies, and expected.json:
 *   {"<policy>": "pass|fail|warn|unknown", ... every policy ...,
 *    "lines": {"<policy>": N}, "message_contains": {"<policy>": "text"},
 *    "passed": bool, "path": "sub/Dockerfile", "context": "."}
 * or, for a file that must be refused:
 *   {"error": true, "status": "data|system", "error_line": N,
 *    "error_contains": "text", "fix_contains": "text"}
 * Adding a case needs no C change. The corpus is found through
 * $CERTTRACK_TEST_LINT_DIR, argv[1], $srcdir/tests/lint, ./lint or
 * ./tests/lint, in that order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certtrack/prescan.h"
#include "certtrack/sha256.h"
#include "certtrack/template.h"
#include "certtrack/util.h"
#include "core/prescan_int.h"

static const char *lint_dir;
/* The pre-scan's lists come from the shipped template, as for the CLI. */
static struct template *tpl;
static struct prescan_options opts;

/* ---- SHA-256 (FIPS 180-4 examples and NIST vectors) ---- */

static void test_sha256_vectors(void **state)
{
	(void)state;
	static const struct {
		const char *in, *hex;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	};
	char hex[SHA256_HEX_SIZE];
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		sha256_hex(v[i].in, strlen(v[i].in), hex);
		assert_string_equal(hex, v[i].hex);
	}
}

static void test_sha256_million_a(void **state)
{
	(void)state;
	struct sha256_ctx ctx;
	unsigned char d[SHA256_DIGEST_SIZE];
	char chunk[1000];
	memset(chunk, 'a', sizeof(chunk));
	sha256_init(&ctx);
	for (int i = 0; i < 1000; i++)
		sha256_update(&ctx, chunk, sizeof(chunk));
	sha256_final(&ctx, d);
	static const unsigned char want[] = {
		0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92, 0x81, 0xa1, 0xc7,
		0xe2, 0x84, 0xd7, 0x3e, 0x67, 0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97,
		0x20, 0x0e, 0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0,
	};
	assert_memory_equal(d, want, sizeof(want));
}

/* Feeding byte by byte must give the one-shot digest at every length
 * around the padding boundaries (55, 56, 63, 64, 65 ...). */
static void test_sha256_incremental(void **state)
{
	(void)state;
	char buf[200];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i * 7 + 3);
	for (size_t len = 0; len <= sizeof(buf); len++) {
		char one[SHA256_HEX_SIZE], two[SHA256_HEX_SIZE];
		sha256_hex(buf, len, one);
		struct sha256_ctx ctx;
		unsigned char d[SHA256_DIGEST_SIZE];
		sha256_init(&ctx);
		for (size_t i = 0; i < len; i++)
			sha256_update(&ctx, buf + i, 1);
		sha256_final(&ctx, d);
		for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
			snprintf(two + 2 * i, 3, "%02x", d[i]);
		assert_string_equal(one, two);
	}
}

/* ---- helpers ---- */

static char *tmpdir_make(void)
{
	char *d = xstrdup("/tmp/certtrack-prescan-XXXXXX");
	assert_non_null(mkdtemp(d));
	return d;
}

static void write_file(const char *dir, const char *name, const char *text, size_t len)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	free(p);
}

static void rm_file(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	unlink(p);
	free(p);
}

static const char good_dockerfile[] =
	"FROM registry.redhat.io/rhosp-rhel8/openstack-cinder-volume:16.2\n"
	"LABEL name=\"rhosp16/openstack-cinder-volume-acme\" maintainer=\"ACME <a@acme.example>\" \\\n"
	"      vendor=\"ACME\" version=\"1.0\" release=\"1\" summary=\"ACME driver\" description=\"d\"\n"
	"COPY LICENSE /licenses/\n"
	"USER cinder\n";

/* ---- API ---- */

static void test_policies_and_names(void **state)
{
	(void)state;
	size_t n;
	const char *const *p = prescan_policies(&n);
	assert_int_equal(n, PRESCAN_NPOLICIES);
	assert_string_equal(p[0], "based_on_red_hat_image");
	assert_string_equal(p[2], "has_licenses");
	assert_string_equal(p[7], "no_deprecated_maintainer");
	assert_string_equal(prescan_status_name(PRESCAN_PASS), "pass");
	assert_string_equal(prescan_status_name(PRESCAN_FAIL), "fail");
	assert_string_equal(prescan_status_name(PRESCAN_WARN), "warn");
	assert_string_equal(prescan_status_name(PRESCAN_UNKNOWN), "unknown");
}

static void test_run_good_and_json(void **state)
{
	(void)state;
	char *dir = tmpdir_make();
	write_file(dir, "Dockerfile", good_dockerfile, strlen(good_dockerfile));
	write_file(dir, "LICENSE", "MIT\n", 4);
	struct prescan_report r;
	struct ct_error err = { 0 };
	struct prescan_options o = opts;
	o.image_name = "rhosp16-openstack-cinder-volume-acme";
	assert_int_equal(prescan_run(dir, NULL, &o, &r, &err), CT_OK);
	assert_true(r.passed);
	assert_int_equal(r.n, PRESCAN_NPOLICIES);
	for (size_t i = 0; i < r.n; i++) {
		assert_string_equal(r.results[i].policy, prescan_policies(NULL)[i]);
		assert_int_equal(r.results[i].status, PRESCAN_PASS);
		assert_non_null(r.results[i].message);
	}
	char hex[SHA256_HEX_SIZE];
	sha256_hex(good_dockerfile, strlen(good_dockerfile), hex);
	assert_string_equal(r.digest, hex);
	char *want_file = xasprintf("%s/Dockerfile", dir);
	assert_string_equal(r.file, want_file);
	assert_string_equal(r.context, dir);

	char *js = prescan_report_json(&r);
	assert_non_null(js);
	/* compact, keys in the documented order */
	assert_true(str_starts_with(js, "{\"file\":"));
	const char *k1 = strstr(js, "\"context\":"), *k2 = strstr(js, "\"passed\":true"),
		   *k3 = strstr(js, "\"digest\":"), *k4 = strstr(js, "\"results\":[{\"policy\":");
	assert_non_null(k1);
	assert_non_null(k2);
	assert_non_null(k3);
	assert_non_null(k4);
	assert_true(k1 < k2 && k2 < k3 && k3 < k4);
	assert_null(strstr(js, "\"file\": "));
	assert_non_null(strstr(js, "\"results\":[{"));
	assert_null(strstr(js, "\"error\""));
	json_error_t jerr;
	json_t *root = json_loads(js, 0, &jerr);
	assert_non_null(root);
	json_t *results = json_object_get(root, "results");
	assert_int_equal(json_array_size(results), PRESCAN_NPOLICIES);
	json_t *first = json_array_get(results, 0);
	assert_string_equal(json_string_value(json_object_get(first, "status")), "pass");
	/* preflight's check name beside the policy id, where there is one */
	assert_string_equal(json_string_value(json_object_get(first, "preflight")), "BasedOnUbi");
	assert_null(json_object_get(json_array_get(results, 7), "preflight"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(results, 8), "preflight")),
			    "HasModifiedFiles");
	assert_string_equal(json_string_value(json_object_get(json_array_get(results, 9), "preflight")),
			    "HasProhibitedContainerName");
	assert_int_equal(json_integer_value(json_object_get(first, "line")), 1);
	/* a pass with nothing to fix has no "fix"; a result without line none */
	assert_null(json_object_get(first, "fix"));
	assert_null(json_object_get(json_array_get(results, 7), "line"));
	assert_string_equal(json_string_value(json_object_get(root, "digest")), hex);
	json_decref(root);
	free(js);
	free(want_file);
	prescan_report_free(&r);

	/* an explicit context elsewhere: LICENSE is not there */
	char *other = tmpdir_make();
	char *df = xasprintf("%s/Dockerfile", dir);
	assert_int_equal(prescan_run(df, other, &opts, &r, &err), CT_OK);
	assert_false(r.passed);
	assert_int_equal(r.results[2].status, PRESCAN_FAIL);
	assert_string_equal(r.context, other);
	assert_non_null(strstr(r.results[2].message, "not in the build context"));
	assert_non_null(r.results[2].fix);
	prescan_report_free(&r);
	rmdir(other);
	free(other);
	free(df);

	rm_file(dir, "Dockerfile");
	rm_file(dir, "LICENSE");
	rmdir(dir);
	free(dir);
}

static void test_warn_and_unknown_do_not_fail(void **state)
{
	(void)state;
	/* description missing: warn; base unresolvable: unknown; MAINTAINER: warn */
	static const char text[] =
		"ARG BASE\n"
		"FROM $BASE\n"
		"MAINTAINER ACME\n"
		"LABEL name=n maintainer=m vendor=v version=1 release=1 summary=s\n"
		"COPY <<EOF /licenses/LICENSE\nMIT\nEOF\n"
		"USER 1001\n";
	struct prescan_report r;
	assert_int_equal(prescan_run_text(text, strlen(text), "Dockerfile", ".", &opts, &r, NULL), CT_OK);
	assert_int_equal(r.results[0].status, PRESCAN_UNKNOWN);
	assert_int_equal(r.results[1].status, PRESCAN_WARN);
	assert_int_equal(r.results[7].status, PRESCAN_WARN);
	assert_int_equal(r.results[7].line, 3);
	assert_non_null(strstr(r.results[7].fix, "LABEL maintainer=\"ACME\""));
	assert_true(r.passed);
	prescan_report_free(&r);
}

static void test_parse_error_report(void **state)
{
	(void)state;
	static const char text[] = "FROM ubi8/ubi\nLABEL name=\"unterminated\n";
	struct prescan_report r;
	struct ct_error err = { 0 };
	assert_int_equal(prescan_run_text(text, strlen(text), "x/Dockerfile", "x", &opts, &r, &err), CT_DATA);
	assert_int_equal(err.status, CT_DATA);
	assert_true(str_starts_with(err.msg, "x/Dockerfile:2: "));
	assert_false(r.passed);
	assert_int_equal(r.error_line, 2);
	assert_non_null(r.error);
	assert_non_null(r.error_fix);
	assert_int_equal(r.n, PRESCAN_NPOLICIES);
	for (size_t i = 0; i < r.n; i++)
		assert_int_equal(r.results[i].status, PRESCAN_UNKNOWN);
	assert_int_not_equal(r.digest[0], '\0');
	char *js = prescan_report_json(&r);
	json_t *root = json_loads(js, 0, NULL);
	assert_non_null(root);
	assert_false(json_is_true(json_object_get(root, "passed")));
	json_t *e = json_object_get(root, "error");
	assert_non_null(e);
	assert_int_equal(json_integer_value(json_object_get(e, "line")), 2);
	assert_non_null(json_object_get(e, "fix"));
	json_decref(root);
	free(js);
	prescan_report_free(&r);
}

static void test_missing_and_folder_rules(void **state)
{
	(void)state;
	struct prescan_report r;
	struct ct_error err = { 0 };
	assert_int_equal(prescan_run("/nonexistent/certtrack/Dockerfile", NULL, &opts, &r, &err), CT_SYSTEM);
	assert_non_null(strstr(err.msg, "/nonexistent/certtrack/Dockerfile"));
	assert_false(r.passed);
	assert_int_equal(r.n, 0); /* nothing was read, nothing is reported */
	assert_null(r.error);
	prescan_report_free(&r);

	char *dir = tmpdir_make();
	assert_int_equal(prescan_run(dir, NULL, &opts, &r, &err), CT_SYSTEM);
	assert_non_null(strstr(err.msg, "no Dockerfile or Containerfile"));
	assert_int_equal(r.n, 0);
	char *js = prescan_report_json(&r);
	assert_non_null(strstr(js, "\"results\":[]"));
	free(js);
	prescan_report_free(&r);

	/* Containerfile is taken only when there is no Dockerfile */
	write_file(dir, "Containerfile", good_dockerfile, strlen(good_dockerfile));
	assert_int_equal(prescan_run(dir, NULL, &opts, &r, &err), CT_OK);
	assert_true(str_ends_with(r.file, "/Containerfile"));
	prescan_report_free(&r);
	write_file(dir, "Dockerfile", "bad\n", 4);
	assert_int_equal(prescan_run(dir, NULL, &opts, &r, &err), CT_DATA);
	assert_true(str_ends_with(r.file, "/Dockerfile"));
	prescan_report_free(&r);

	/* a Dockerfile over the size limit is refused, not parsed */
	size_t big = ((size_t)8 << 20) + 1;
	char *text = xmalloc(big);
	memset(text, '#', big);
	write_file(dir, "Dockerfile", text, big);
	free(text);
	assert_int_equal(prescan_run(dir, NULL, &opts, &r, &err), CT_DATA);
	assert_non_null(strstr(err.msg, "MiB"));
	assert_non_null(r.error);
	assert_false(r.passed);
	prescan_report_free(&r);

	rm_file(dir, "Dockerfile");
	rm_file(dir, "Containerfile");
	rmdir(dir);
	free(dir);
}

/* The messages name the line and the fix says what to write. */
static void test_messages_and_fixes(void **state)
{
	(void)state;
	static const char text[] =
		"FROM docker.io/library/ubuntu:22.04\n"
		"LABEL name=\"Red Hat plugin\" vendor=\"Red Hat, Inc.\" version=1\n"
		"RUN apt-get update && yum install -y kernel-devel-4.18.0-305.el8.x86_64\n"
		"RUN mkdir /licenses\n"
		"USER root\n";
	struct prescan_report r;
	assert_int_equal(prescan_run_text(text, strlen(text), "Dockerfile", "/nonexistent", &opts, &r, NULL),
			 CT_OK);
	assert_false(r.passed);
	const struct prescan_result *res = r.results;
	assert_int_equal(res[0].status, PRESCAN_FAIL);
	assert_non_null(strstr(res[0].message, "ubuntu"));
	assert_non_null(strstr(res[0].fix, "registry.redhat.io"));
	assert_int_equal(res[1].status, PRESCAN_FAIL);
	assert_non_null(strstr(res[1].message, "release"));
	assert_non_null(strstr(res[1].fix, "LABEL "));
	assert_non_null(strstr(res[1].fix, "release=\"1\""));
	assert_null(strstr(res[1].fix, "version="));
	assert_int_equal(res[2].status, PRESCAN_FAIL);
	assert_int_equal(res[2].line, 4);
	assert_non_null(strstr(res[2].message, "line 4"));
	assert_int_equal(res[3].status, PRESCAN_FAIL);
	assert_int_equal(res[3].line, 5);
	assert_int_equal(res[4].status, PRESCAN_FAIL);
	assert_int_equal(res[4].line, 2);
	assert_non_null(strstr(res[4].message, "vendor"));
	assert_int_equal(res[5].status, PRESCAN_FAIL);
	assert_int_equal(res[5].line, 3);
	assert_non_null(strstr(res[5].message, "kernel-devel-4.18.0-305.el8.x86_64"));
	assert_non_null(strstr(res[5].fix, "kernel-devel"));
	assert_int_equal(res[6].status, PRESCAN_PASS);
	assert_int_equal(res[7].status, PRESCAN_PASS);
	prescan_report_free(&r);
}

/* ---- the corpus ---- */

static const char *status_str(enum prescan_status s)
{
	return prescan_status_name(s);
}

static void test_corpus_case(void **state)
{
	const char *name = *state;
	char *dir = xasprintf("%s/%s", lint_dir, name);
	char *expfile = xasprintf("%s/expected.json", dir);
	json_error_t jerr;
	json_t *exp = json_load_file(expfile, 0, &jerr);
	if (!exp)
		fail_msg("%s: %s (line %d)", expfile, jerr.text, jerr.line);

	const char *path_rel = json_string_value(json_object_get(exp, "path"));
	const char *ctx_rel = json_string_value(json_object_get(exp, "context"));
	char *path = path_rel ? xasprintf("%s/%s", dir, path_rel) : xstrdup(dir);
	char *ctx = ctx_rel ? xasprintf("%s/%s", dir, ctx_rel) : NULL;

	struct prescan_report r;
	struct ct_error err = { 0 };
	struct prescan_options o = opts;
	o.image_name = json_string_value(json_object_get(exp, "name"));
	enum ct_status st = prescan_run(path, ctx, &o, &r, &err);

	if (json_is_true(json_object_get(exp, "error"))) {
		const char *want = json_string_value(json_object_get(exp, "status"));
		enum ct_status want_st = want && strcmp(want, "system") == 0 ? CT_SYSTEM : CT_DATA;
		if (st != want_st)
			fail_msg("%s: status %d, want %d (%s)", name, st, want_st, err.msg);
		assert_false(r.passed);
		json_t *line = json_object_get(exp, "error_line");
		if (line && r.error_line != (int)json_integer_value(line))
			fail_msg("%s: error line %d, want %d (%s)", name, r.error_line,
				 (int)json_integer_value(line), err.msg);
		const char *contains = json_string_value(json_object_get(exp, "error_contains"));
		if (contains && !strstr(err.msg, contains))
			fail_msg("%s: error \"%s\" does not contain \"%s\"", name, err.msg, contains);
		const char *fixc = json_string_value(json_object_get(exp, "fix_contains"));
		if (fixc && (!r.error_fix || !strstr(r.error_fix, fixc)))
			fail_msg("%s: fix \"%s\" does not contain \"%s\"", name,
				 r.error_fix ? r.error_fix : "(none)", fixc);
		/* Refused files still give one result per policy; a case may
		 * name the status of some (no FROM fails the base policy). */
		const char *const *pol = prescan_policies(NULL);
		for (size_t i = 0; i < r.n; i++) {
			const char *pw = json_string_value(json_object_get(exp, pol[i]));
			if (pw && strcmp(status_str(r.results[i].status), pw) != 0)
				fail_msg("%s: %s is %s, want %s", name, pol[i],
					 status_str(r.results[i].status), pw);
		}
		json_t *nt = json_object_get(exp, "not_text");
		if (nt && r.not_text != json_is_true(nt))
			fail_msg("%s: not_text is %d, want %d", name, r.not_text, json_is_true(nt));
		json_t *lim = json_object_get(exp, "limit");
		if (lim && r.limit != json_is_true(lim))
			fail_msg("%s: limit is %d, want %d", name, r.limit, json_is_true(lim));
	} else {
		if (st != CT_OK)
			fail_msg("%s: status %d: %s", name, st, err.msg);
		size_t n;
		const char *const *pol = prescan_policies(&n);
		assert_int_equal(r.n, n);
		bool any_fail = false;
		for (size_t i = 0; i < n; i++) {
			const char *want = json_string_value(json_object_get(exp, pol[i]));
			if (!want)
				fail_msg("%s: expected.json has no status for %s", name, pol[i]);
			assert_string_equal(r.results[i].policy, pol[i]);
			if (strcmp(status_str(r.results[i].status), want) != 0)
				fail_msg("%s: %s is %s, want %s: line %d: %s", name, pol[i],
					 status_str(r.results[i].status), want, r.results[i].line,
					 r.results[i].message);
			if (r.results[i].status == PRESCAN_FAIL) {
				any_fail = true;
				if (!r.results[i].fix)
					fail_msg("%s: %s fails without a fix", name, pol[i]);
			}
			json_t *line = json_object_get(json_object_get(exp, "lines"), pol[i]);
			if (line && r.results[i].line != (int)json_integer_value(line))
				fail_msg("%s: %s line %d, want %d: %s", name, pol[i], r.results[i].line,
					 (int)json_integer_value(line), r.results[i].message);
			const char *mc = json_string_value(
				json_object_get(json_object_get(exp, "message_contains"), pol[i]));
			if (mc && !strstr(r.results[i].message, mc))
				fail_msg("%s: %s message \"%s\" lacks \"%s\"", name, pol[i],
					 r.results[i].message, mc);
		}
		assert_int_equal(r.passed, !any_fail);
		json_t *passed = json_object_get(exp, "passed");
		if (passed)
			assert_int_equal(r.passed, json_is_true(passed));
	}
	prescan_report_free(&r);
	json_decref(exp);
	free(path);
	free(ctx);
	free(dir);
	free(expfile);
}

/* A template naming a preflight release whose HasRequiredLabel requires
 * description (and maintainer): a missing description fails instead of
 * warning, and the message names that release. */
/* preflight's trademark rule, case by case as its own tests state it, and
 * which part of the value is reported. */
/* Paths as a build resolves them: what COPY, WORKDIR and RUN name. */
static void test_path_clean(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "/", "/" },
		{ "", "/" },
		{ "//", "/" },
		{ "/usr/lib/", "/usr/lib" },
		{ "/usr//lib/./python3.6", "/usr/lib/python3.6" },
		{ "/usr/lib/../bin", "/usr/bin" },
		{ "/..", "/" },
		{ "/a/../../b", "/b" },
		{ "/a/b/..", "/a" },
		{ "/a/..", "/" },
		{ "/.../x", "/.../x" },
		{ "/a/.b/..c", "/a/.b/..c" },
		{ "licenses/LICENSE", "/licenses/LICENSE" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = ctx_path_clean(cases[i][0]);
		if (strcmp(got, cases[i][1]) != 0)
			fail_msg("ctx_path_clean(\"%s\") = \"%s\", want \"%s\"", cases[i][0], got,
				 cases[i][1]);
		free(got);
	}
	char *r = ctx_path_resolve("/usr/lib/python3.6/site-packages", "../../bin/./tool");
	assert_string_equal(r, "/usr/lib/bin/tool");
	free(r);
}

static void test_red_hat_trademark(void **state)
{
	(void)state;
	static const struct {
		const char *v;
		const char *match; /* NULL: allowed */
	} cases[] = {
		{ "Red Hat", "Red Hat" },
		{ "Something for Red Hat OpenShift", NULL },
		{ "Red-Hat", "Red-Hat" },
		{ "Red_Hat", "Red_Hat" },
		{ "For-Red-Hat", NULL },
		{ "For_Red_Hat", NULL },
		{ "RED\t\tHAT\t\t\t", "RED\t\tHAT" },
		{ "redhat", "redhat" },
		{ "something by red hat for red hat", "red hat" },
		{ "red hat product for red hat", "red hat" },
		{ "ACME Storage, certified for Red Hat OpenStack", NULL },
		{ "Fred Hatfield <fred@acme.example>", "red Hat" },
		{ "ACME for Red Hat and Red.Hat", "Red.Hat" },
		{ "  (Red Hat)", "Red Hat" },
		{ "ACME Storage", NULL },
		{ "red", NULL },
		{ "", NULL },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		size_t len = 0;
		const char *at = prescan_red_hat_match(cases[i].v, &len);
		if (!cases[i].match) {
			assert_null(at);
			assert_false(prescan_presents_red_hat(cases[i].v));
			continue;
		}
		assert_non_null(at);
		assert_true(prescan_presents_red_hat(cases[i].v));
		assert_int_equal(len, strlen(cases[i].match));
		assert_memory_equal(at, cases[i].match, len);
	}
}

static void test_labels_follow_template(void **state)
{
	(void)state;
	static const char text[] =
		"FROM registry.redhat.io/ubi8/ubi:8.6\n"
		"LABEL name=\"acme/driver\" maintainer=\"ACME\" vendor=\"ACME\" version=\"1\" release=\"1\" summary=\"s\"\n"
		"USER 1001\n";
	struct prescan_rules rules = { 0 };
	rules.preflight_release = xstrdup("1.10.0");
	static const char *const req[] = { "name", "vendor", "version", "release", "summary",
					   "description", "maintainer" };
	for (size_t i = 0; i < ARRAY_SIZE(req); i++)
		strlist_add(&rules.required_labels, req[i]);
	for (size_t i = 0; i < tpl->prescan.registries.n; i++)
		strlist_add(&rules.registries, tpl->prescan.registries.v[i]);
	struct prescan_options o = { .rules = &rules };
	struct prescan_report r;
	assert_int_equal(prescan_run_text(text, strlen(text), "Dockerfile", ".", &o, &r, NULL), CT_OK);
	assert_int_equal(r.results[1].status, PRESCAN_FAIL);
	assert_non_null(strstr(r.results[1].message, "description"));
	assert_non_null(strstr(r.results[1].message, "preflight 1.10.0"));
	prescan_report_free(&r);
	/* the shipped (guide) template: a warning */
	assert_int_equal(prescan_run_text(text, strlen(text), "Dockerfile", ".", &opts, &r, NULL), CT_OK);
	assert_int_equal(r.results[1].status, PRESCAN_WARN);
	prescan_report_free(&r);
	prescan_rules_free(&rules);
}

/* Long stage chains generated here (issue 11): 4,000 stages FROM the one
 * before, each with an ENV, and a chain where every stage copies /licenses
 * from the stage two back. The answers are those of a short chain; the
 * growth is measured by bench/lint.sh. */
static void test_long_stage_chains(void **state)
{
	(void)state;
	char *dir = tmpdir_make();
	write_file(dir, "LICENSE", "MIT\n", 4);
	struct strbuf sb = { 0 };
	sb_add(&sb, "FROM registry.redhat.io/ubi8/ubi:8.6 AS s0\nENV V0=1001\n");
	for (int i = 1; i < 4000; i++)
		sb_addf(&sb, "FROM s%d AS s%d\nENV V%d=${V%d}\n", i - 1, i, i, i - 1);
	sb_add(&sb, "LABEL name=a maintainer=b vendor=c version=1 release=1 summary=s description=d\n"
		    "COPY LICENSE /licenses/\nUSER ${V3999}\n");
	struct prescan_report r;
	assert_int_equal(prescan_run_text(sb_str(&sb), sb.len, "Dockerfile", dir, &opts, &r, NULL), CT_OK);
	assert_int_equal(r.results[0].status, PRESCAN_PASS); /* the first stage's base */
	assert_int_equal(r.results[2].status, PRESCAN_PASS);
	assert_int_equal(r.results[3].status, PRESCAN_PASS);
	assert_non_null(strstr(r.results[3].message, "1001"));
	prescan_report_free(&r);

	sb_reset(&sb);
	sb_add(&sb, "FROM registry.redhat.io/ubi8/ubi:8.6 AS s0\nCOPY LICENSE /licenses/\n");
	for (int i = 1; i < 4000; i++)
		sb_addf(&sb, "FROM s%d AS s%d\nCOPY --from=s%d /licenses /licenses\n", i - 1, i,
			i > 1 ? i - 2 : 0);
	sb_add(&sb, "LABEL name=a maintainer=b vendor=c version=1 release=1 summary=s description=d\n"
		    "USER 1001\n");
	assert_int_equal(prescan_run_text(sb_str(&sb), sb.len, "Dockerfile", dir, &opts, &r, NULL), CT_OK);
	assert_int_equal(r.results[2].status, PRESCAN_PASS);
	assert_int_equal(r.results[6].status, PRESCAN_FAIL); /* 3,999 COPY layers */
	prescan_report_free(&r);
	sb_free(&sb);
	rm_file(dir, "LICENSE");
	rmdir(dir);
	free(dir);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *find_lint_dir(int argc, char **argv)
{
	static char buf[4096];
	const char *e = getenv("CERTTRACK_TEST_LINT_DIR");
	if (e && *e)
		return e;
	if (argc > 1)
		return argv[1];
	const char *src = getenv("srcdir");
	if (src && *src) {
		snprintf(buf, sizeof(buf), "%s/tests/lint", src);
		if (is_dir(buf))
			return buf;
		snprintf(buf, sizeof(buf), "%s/lint", src);
		if (is_dir(buf))
			return buf;
	}
	if (is_dir("lint"))
		return "lint";
	return "tests/lint";
}

static void load_template(void)
{
	const char *dir = getenv("CERTTRACK_CHECKLISTS");
	const char *src = getenv("srcdir");
	char *path = dir && *dir ? xasprintf("%s/rhosp16-container.json", dir)
		     : xasprintf("%s/checklists/rhosp16-container.json", src && *src ? src : ".");
	struct ct_error err = { 0 };
	if (template_load_file(path, &tpl, &err) != CT_OK) {
		fprintf(stderr, "test_prescan: %s\n", err.msg);
		exit(1);
	}
	free(path);
	opts.rules = &tpl->prescan;
}

int main(int argc, char **argv)
{
	load_template();
	static const struct CMUnitTest api[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_sha256_million_a),
		cmocka_unit_test(test_sha256_incremental),
		cmocka_unit_test(test_policies_and_names),
		cmocka_unit_test(test_run_good_and_json),
		cmocka_unit_test(test_warn_and_unknown_do_not_fail),
		cmocka_unit_test(test_parse_error_report),
		cmocka_unit_test(test_missing_and_folder_rules),
		cmocka_unit_test(test_messages_and_fixes),
		cmocka_unit_test(test_red_hat_trademark),
		cmocka_unit_test(test_path_clean),
		cmocka_unit_test(test_labels_follow_template),
		cmocka_unit_test(test_long_stage_chains),
	};
	int failed = cmocka_run_group_tests_name("prescan", api, NULL, NULL);

	lint_dir = find_lint_dir(argc, argv);
	struct strlist names = { 0 };
	DIR *d = opendir(lint_dir);
	if (!d) {
		fprintf(stderr, "test_prescan: corpus %s: cannot open (set CERTTRACK_TEST_LINT_DIR)\n",
			lint_dir);
		return 1;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *exp = xasprintf("%s/%s/expected.json", lint_dir, e->d_name);
		if (access(exp, R_OK) == 0)
			strlist_add(&names, e->d_name);
		free(exp);
	}
	closedir(d);
	if (names.n < 10) {
		fprintf(stderr, "test_prescan: corpus %s has only %zu cases\n", lint_dir, names.n);
		strlist_free(&names);
		return 1;
	}
	qsort(names.v, names.n, sizeof(*names.v), name_cmp);
	struct CMUnitTest *tests = xcalloc(names.n, sizeof(*tests));
	for (size_t i = 0; i < names.n; i++) {
		tests[i].name = names.v[i];
		tests[i].test_func = test_corpus_case;
		tests[i].initial_state = names.v[i];
	}
	failed += _cmocka_run_group_tests("lint corpus", tests, names.n, NULL, NULL);
	free(tests);
	strlist_free(&names);
	template_free(tpl);
	return failed ? 1 : 0;
}
