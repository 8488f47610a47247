/* fuzz_dockerfile.c - the Dockerfile parser, then the pre-scan of the
 * same text and its JSON (what 'lint' runs on a file from anyone). */
#include "fuzz.h"

#include "certtrack/dockerfile.h"
#include "certtrack/prescan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct dockerfile df;
	struct df_error derr;
	memset(&df, 0, sizeof(df));
	memset(&derr, 0, sizeof(derr));
	enum ct_status ps = dockerfile_parse(text, size, &df, &derr);
	FUZZ_ASSERT(ps == CT_OK || ps == CT_DATA, "parse status %d", (int)ps);
	FUZZ_ASSERT(ps == CT_OK || derr.reason[0], "refused without a reason");
	if (ps == CT_OK)
		dockerfile_free(&df);
	struct ct_error err;

	/* A context folder of its own, empty: COPY sources are missing. */
	struct prescan_report r;
	memset(&r, 0, sizeof(r));
	ct_error_clear(&err);
	enum ct_status s = prescan_run_text(text, size, "Dockerfile", fuzz_dir(), fuzz_prescan_options(), &r, &err);
	FUZZ_ASSERT(s == CT_OK || s == CT_DATA || s == CT_SYSTEM, "status %d", (int)s);
	if (r.n) {
		char *json = prescan_report_json(&r);
		FUZZ_ASSERT(json && json[0] == '{', "prescan JSON");
		free(json);
	}
	prescan_report_free(&r);
	return 0;
}
