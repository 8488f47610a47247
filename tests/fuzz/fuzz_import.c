/* fuzz_import.c - the JSON report import and its merge engine: each input
 * is imported (dry run, then for real when the dry run accepts it) into a
 * database that holds the golden report's projects, so that UUIDs of the
 * input can match and be merged. */
#include "fuzz.h"

#include "certtrack/report.h"

static struct ops_ctx ops;
static char *golden;
static size_t golden_len;

static void reset_db(void)
{
	if (ops.st)
		store_close(ops.st);
	ops.st = fuzz_fresh_store("import.db");
	struct merge_result res;
	memset(&res, 0, sizeof(res));
	struct ct_error err;
	ct_error_clear(&err);
	if (import_json(&ops, "golden", golden, golden_len, false, &res, &err)) {
		fprintf(stderr, "cannot import the golden report: %s\n", err.msg);
		abort();
	}
	merge_result_free(&res);
}

static void setup(void)
{
	if (golden)
		return;
	ops.templates = fuzz_templates();
	ops.user = "fuzzer";
	const char *env = getenv("CERTTRACK_TEST_DATA");
	char *path = xasprintf("%s/golden/report.json", env && *env ? env : CT_SRCDIR "/tests");
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		abort();
	}
	struct strbuf sb = {0};
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addn(&sb, buf, n);
	fclose(f);
	free(path);
	golden_len = sb.len;
	golden = sb_detach(&sb);
	reset_db();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	struct merge_result res;
	memset(&res, 0, sizeof(res));
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status s = import_json(&ops, "input", (const char *)data, size, true, &res, &err);
	merge_result_free(&res);
	FUZZ_ASSERT(s == CT_OK || s == CT_DATA || s == CT_FAILED || s == CT_USAGE, "dry run: %d %s",
		    (int)s, err.msg);
	if (s != CT_OK)
		return 0;
	memset(&res, 0, sizeof(res));
	ct_error_clear(&err);
	s = import_json(&ops, "input", (const char *)data, size, false, &res, &err);
	merge_result_free(&res);
	FUZZ_ASSERT(s == CT_OK || s == CT_DATA || s == CT_FAILED, "import after an accepted dry run: %d %s",
		    (int)s, err.msg);
	reset_db();
	return 0;
}
