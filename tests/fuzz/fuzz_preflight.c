/* fuzz_preflight.c - the preflight results loader ('scan --file'). */
#include "fuzz.h"

#include "certtrack/preflight.h"
#include "certtrack/records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path("preflight.json");
	fuzz_write(path, data, size);
	struct scan_result *v = NULL;
	size_t n = 0;
	bool passed = false;
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status s = preflight_load(path, &v, &n, &passed, &err);
	FUZZ_ASSERT(s == CT_OK || s == CT_DATA, "status %d: %s", (int)s, err.msg);
	if (s == CT_OK)
		scan_results_free(v, n);
	return 0;
}
