/* fuzz_gitcheck.c - the git ref advertisement parsers: smart HTTP
 * pkt-lines and the dumb protocol's info/refs, as a server sends them. */
#include "fuzz.h"

#include "certtrack/gitcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct git_refs refs;
	struct ct_error err;
	for (int smart = 0; smart < 2; smart++) {
		memset(&refs, 0, sizeof(refs));
		ct_error_clear(&err);
		enum ct_status s = smart ? gitcheck_parse_smart((const char *)data, size, &refs, &err)
					 : gitcheck_parse_dumb((const char *)data, size, &refs, &err);
		FUZZ_ASSERT(s == CT_OK || s == CT_DATA, "status %d", (int)s);
		for (size_t i = 0; s == CT_OK && i < refs.n; i++)
			FUZZ_ASSERT(refs.v[i].name, "ref %zu without a name", i);
		git_refs_free(&refs);
	}
	return 0;
}
