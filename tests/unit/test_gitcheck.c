/* test_gitcheck.c - unit tests of the git ref advertisement parsers
 * (pkt-lines of the smart protocol, info/refs of the dumb one), the URL
 * classification, and the image policies of imagecheck.c. The requests
 * themselves are tested against real servers in tests/remote. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "certtrack/gitcheck.h"
#include "certtrack/http.h"
#include "certtrack/prescan.h"
#include "certtrack/imagecheck.h"
#include "certtrack/util.h"

#define OID1 "1111111111111111111111111111111111111111"
#define OID2 "2222222222222222222222222222222222222222"
#define OID3 "3333333333333333333333333333333333333333"
#define ZERO "0000000000000000000000000000000000000000"

/* Appends one pkt-line holding s (n bytes). */
static void pkt(struct strbuf *sb, const char *s, size_t n)
{
	sb_addf(sb, "%04zx", n + 4);
	sb_addn(sb, s, n);
}
#define PKT(sb, lit) pkt((sb), (lit), sizeof(lit) - 1)

static void test_smart_full(void **state)
{
	(void)state;
	struct strbuf sb = {0};
	PKT(&sb, "# service=git-upload-pack\n");
	sb_add(&sb, "0000");
	PKT(&sb, OID1 " HEAD\0multi_ack side-band-64k symref=HEAD:refs/heads/main agent=git/2.39\n");
	PKT(&sb, OID1 " refs/heads/main\n");
	PKT(&sb, OID2 " refs/heads/release-1.0\n");
	PKT(&sb, OID3 " refs/tags/v1.0\n");
	PKT(&sb, OID1 " refs/tags/v1.0^{}\n");
	sb_add(&sb, "0000");
	struct git_refs r;
	struct ct_error err;
	assert_int_equal(gitcheck_parse_smart(sb.buf, sb.len, &r, &err), CT_OK);
	assert_true(r.smart);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.v[0].name, "HEAD");
	assert_string_equal(r.v[1].name, "refs/heads/main");
	assert_string_equal(r.v[3].name, "refs/tags/v1.0");
	assert_string_equal(r.v[3].oid, OID3);
	assert_string_equal(r.v[3].peeled, OID1);
	assert_string_equal(r.head_target, "refs/heads/main");
	assert_non_null(strstr(r.capabilities, "side-band-64k"));
	git_refs_free(&r);
	sb_free(&sb);
}

static void test_smart_empty_repo(void **state)
{
	(void)state;
	struct strbuf sb = {0};
	PKT(&sb, "# service=git-upload-pack\n");
	sb_add(&sb, "0000");
	PKT(&sb, ZERO " capabilities^{}\0report-status\n");
	sb_add(&sb, "0000");
	struct git_refs r;
	struct ct_error err;
	assert_int_equal(gitcheck_parse_smart(sb.buf, sb.len, &r, &err), CT_OK);
	assert_int_equal(r.n, 0);
	git_refs_free(&r);
	sb_free(&sb);
}

static void test_smart_malformed(void **state)
{
	(void)state;
	struct git_refs r;
	struct ct_error err;
	/* Cut short: no final flush. */
	struct strbuf sb = {0};
	PKT(&sb, "# service=git-upload-pack\n");
	sb_add(&sb, "0000");
	PKT(&sb, OID1 " refs/heads/main\n");
	assert_int_equal(gitcheck_parse_smart(sb.buf, sb.len, &r, &err), CT_DATA);
	/* A length longer than what follows. */
	sb_reset(&sb);
	sb_add(&sb, "00ff" OID1 " refs/heads/main\n");
	assert_int_equal(gitcheck_parse_smart(sb.buf, sb.len, &r, &err), CT_DATA);
	/* Not hex. */
	assert_int_equal(gitcheck_parse_smart("zz12abc", 7, &r, &err), CT_DATA);
	/* A protocol v2 delimiter. */
	assert_int_equal(gitcheck_parse_smart("0001", 4, &r, &err), CT_DATA);
	/* Another service. */
	sb_reset(&sb);
	PKT(&sb, "# service=git-receive-pack\n");
	sb_add(&sb, "0000");
	assert_int_equal(gitcheck_parse_smart(sb.buf, sb.len, &r, &err), CT_DATA);
	/* An error from the server. */
	sb_reset(&sb);
	PKT(&sb, "ERR access denied\n");
	assert_int_equal(gitcheck_parse_smart(sb.buf, sb.len, &r, &err), CT_DATA);
	assert_non_null(strstr(err.msg, "access denied"));
	/* A bad object id. */
	sb_reset(&sb);
	PKT(&sb, "xyz refs/heads/main\n");
	sb_add(&sb, "0000");
	assert_int_equal(gitcheck_parse_smart(sb.buf, sb.len, &r, &err), CT_DATA);
	sb_free(&sb);
}

static void test_dumb(void **state)
{
	(void)state;
	const char *refs = OID1 "\trefs/heads/main\n" OID3 "\trefs/tags/v1.0\n" OID1
				"\trefs/tags/v1.0^{}\n";
	struct git_refs r;
	struct ct_error err;
	assert_int_equal(gitcheck_parse_dumb(refs, strlen(refs), &r, &err), CT_OK);
	assert_false(r.smart);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[1].peeled, OID1);
	git_refs_free(&r);
	const char *html = "<html><body>hello</body></html>\n";
	assert_int_equal(gitcheck_parse_dumb(html, strlen(html), &r, &err), CT_DATA);
}

static void test_url_checkable(void **state)
{
	(void)state;
	char *why;
	assert_true(gitcheck_url_checkable("https://github.com/org/repo.git", &why));
	assert_null(why);
	assert_true(gitcheck_url_checkable("http://127.0.0.1:8080/repo.git", &why));
	assert_false(gitcheck_url_checkable("git@github.com:org/repo.git", &why));
	assert_non_null(strstr(why, "SSH"));
	free(why);
	assert_false(gitcheck_url_checkable("ssh://git@github.com/org/repo.git", &why));
	free(why);
	assert_false(gitcheck_url_checkable("http://github.com/org/repo.git", &why));
	assert_non_null(strstr(why, "plain http"));
	free(why);
	assert_false(gitcheck_url_checkable("file:///srv/repo.git", &why));
	free(why);
}

static void test_url_helpers(void **state)
{
	(void)state;
	char *u = http_url_redact("https://alice:secret@git.example.com/org/repo.git");
	assert_string_equal(u, "https://git.example.com/org/repo.git");
	free(u);
	u = http_url_join("https://r.example.com/v2/ns/repo/tags/list?n=100",
			  "/v2/ns/repo/tags/list?last=b&n=100");
	assert_string_equal(u, "https://r.example.com/v2/ns/repo/tags/list?last=b&n=100");
	free(u);
	struct ct_error err;
	assert_int_equal(http_url_check("ftp://example.com/x", &err), CT_USAGE);
	assert_int_equal(http_url_check("http://localhost:5000/v2/", &err), CT_OK);
	assert_int_equal(http_url_check("http://127.1.2.3/", &err), CT_OK);
	assert_int_equal(http_url_check("http://127.0.0.1.example.com/", &err), CT_USAGE);
}

static void test_image_policies(void **state)
{
	(void)state;
	struct prescan_result r = {0};
	struct image_label good[] = {
		{"name", "x"}, {"maintainer", "m"}, {"vendor", "v"}, {"version", "1"},
		{"release", "1"}, {"summary", "s"}, {"description", "d"},
	};
	imagecheck_required_labels(good, 7, &r);
	assert_int_equal(r.status, PRESCAN_PASS);
	imagecheck_result_clear(&r);
	imagecheck_required_labels(good, 6, &r);
	assert_int_equal(r.status, PRESCAN_WARN);
	imagecheck_result_clear(&r);
	struct image_label bad[] = {{"Name", "x"}, {"vendor", "Red Hat, Inc."}, {"summary", " "}};
	imagecheck_required_labels(bad, 3, &r);
	assert_int_equal(r.status, PRESCAN_FAIL);
	assert_non_null(strstr(r.message, "case-sensitive"));
	assert_non_null(strstr(r.message, "summary is empty"));
	imagecheck_result_clear(&r);
	imagecheck_prohibited_labels(bad, 3, &r);
	assert_int_equal(r.status, PRESCAN_FAIL);
	imagecheck_result_clear(&r);
	assert_false(prescan_presents_red_hat("Cinder driver for Red Hat OpenStack Platform"));
	assert_true(prescan_presents_red_hat("RedHat"));
	assert_true(prescan_presents_red_hat("Fred Hatfield")); /* as preflight decides */
	const char *users[] = {"", "root", "0", "0:0", "root:wheel", "1001", "cinder", "1001:0"};
	const enum prescan_status want[] = {PRESCAN_FAIL, PRESCAN_FAIL, PRESCAN_FAIL, PRESCAN_FAIL,
					    PRESCAN_FAIL, PRESCAN_PASS, PRESCAN_PASS, PRESCAN_PASS};
	for (size_t i = 0; i < ARRAY_SIZE(users); i++) {
		imagecheck_non_root(users[i], &r);
		assert_int_equal(r.status, want[i]);
		imagecheck_result_clear(&r);
	}
	imagecheck_layer_count(40, &r);
	assert_int_equal(r.status, PRESCAN_PASS);
	imagecheck_result_clear(&r);
	imagecheck_layer_count(41, &r);
	assert_int_equal(r.status, PRESCAN_FAIL);
	imagecheck_result_clear(&r);
	const char *only[] = {"latest"}, *two[] = {"latest", "1.0"};
	imagecheck_unique_tag(only, 1, &r);
	assert_int_equal(r.status, PRESCAN_FAIL);
	imagecheck_result_clear(&r);
	imagecheck_unique_tag(two, 2, &r);
	assert_int_equal(r.status, PRESCAN_PASS);
	imagecheck_result_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_smart_full),
		cmocka_unit_test(test_smart_empty_repo),
		cmocka_unit_test(test_smart_malformed),
		cmocka_unit_test(test_dumb),
		cmocka_unit_test(test_url_checkable),
		cmocka_unit_test(test_url_helpers),
		cmocka_unit_test(test_image_policies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
