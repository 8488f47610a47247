/* test_util.c - unit tests of util.c: the escaping of control characters
 * that every text output and the interface share, UTF-8, the string pool. */
#include "fixture.h"

static void escape(const char *in, unsigned flags, const char *want)
{
	char *got = str_escape_controls(in, flags);
	if (strcmp(got, want) != 0)
		fail_msg("escape of \"%s\" (flags %u): got \"%s\", want \"%s\"", in, flags, got, want);
	assert_int_equal(str_needs_escape(in, flags), strcmp(in, want) != 0);
	free(got);
}

static void escapes_controls(void **state)
{
	(void)state;
	escape("plain text, äöü 日本語 🚀", 0, "plain text, äöü 日本語 🚀");
	escape("\033]0;title\007\033[2J", 0, "\\x1b]0;title\\x07\\x1b[2J");
	escape("del\177", 0, "del\\x7f");
	escape("c1 \302\233" "31m", 0, "c1 \\u009b31m");
	escape("bad \377 byte \300\200", 0, "bad \\xff byte \\xc0\\x80");
	escape("cut \342\202", 0, "cut \\xe2\\x82");
	escape("line\nnext\ttab", 0, "line\nnext\ttab");
	escape("line\nnext\ttab", STR_ESC_NEWLINE, "line\\x0anext\\x09tab");
	escape("cr\r\n", 0, "cr\\x0d\n");
	escape("cr\r\n", STR_ESC_KEEP_CR, "cr\r\n");
	escape("back\\slash", 0, "back\\slash");
	/* Control pictures: ESC is U+241B, DEL U+2421, one column each. */
	escape("\033[1m\177", STR_ESC_PICTURES, "\xE2\x90\x9B[1m\xE2\x90\xA1");
	escape("\302\233", STR_ESC_PICTURES, "\\u009b");
	char *n = str_escape_controls(NULL, 0);
	assert_null(n);
}

static void utf8_chars(void **state)
{
	(void)state;
	uint32_t cp = 0;
	assert_int_equal(utf8_char("\xE2\x90\x9B", 3, &cp), 3);
	assert_int_equal(cp, 0x241B);
	assert_int_equal(utf8_char("\xE2\x90", 2, &cp), 0);
	assert_int_equal(utf8_char("\xED\xA0\x80", 3, &cp), 0); /* a surrogate */
	assert_int_equal(utf8_char("\xC0\xAF", 2, &cp), 0);     /* overlong */
	assert_true(char_is_control(0x1b));
	assert_true(char_is_control(0x9b));
	assert_true(char_is_control(0x7f));
	assert_false(char_is_control(0xa0));
	assert_false(char_is_control('a'));
}

/* Copies keep their bytes while the pool grows past a block, a string
 * longer than a block included, and NULL stays NULL. */
static void strpool_copies(void **state)
{
	(void)state;
	struct strpool p = {0};
	assert_null(strpool_dup(&p, NULL));
	char *v[3000];
	char want[32];
	for (int i = 0; i < 3000; i++) {
		snprintf(want, sizeof(want), "row %d", i);
		v[i] = strpool_dup(&p, want);
		assert_ptr_not_equal(v[i], want);
	}
	char *big = xmalloc(20000);
	memset(big, 'x', 19999);
	big[19999] = '\0';
	char *bigcopy = strpool_dup(&p, big);
	char *after = strpool_dup(&p, "after");
	for (int i = 0; i < 3000; i++) {
		snprintf(want, sizeof(want), "row %d", i);
		assert_string_equal(v[i], want);
	}
	assert_string_equal(bigcopy, big);
	assert_string_equal(after, "after");
	free(big);
	strpool_free(&p);
	assert_null(p.head);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_controls),
		cmocka_unit_test(utf8_chars),
		cmocka_unit_test(strpool_copies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
