/* fuzz_template.c - the checklist template loader (a template folder
 * given with --templates can come from anyone). */
#include "fuzz.h"

#include "core/template_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path("t.json");
	fuzz_write(path, data, size);
	struct template *t = NULL;
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status s = template_load_file(path, &t, &err);
	FUZZ_ASSERT(s == CT_OK || s == CT_DATA, "status %d: %s", (int)s, err.msg);
	FUZZ_ASSERT((s == CT_OK) == (t != NULL), "template and status disagree");
	if (t) {
		/* What every command does with a loaded template. */
		for (size_t i = 0; i < t->n_fields; i++)
			FUZZ_ASSERT(template_field_index(t, t->fields[i].key) >= 0, "field %zu", i);
		/* The cache's compact form gives the same template back: decoded
		 * and encoded again, the same bytes. */
		struct strbuf a = {0}, b = {0};
		template_cache_encode(&a, t);
		struct template *back = template_cache_decode(a.buf, a.len);
		FUZZ_ASSERT(back != NULL, "the cache cannot read back template %s", t->id);
		template_cache_encode(&b, back);
		FUZZ_ASSERT(a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0,
			    "the cache changes template %s", t->id);
		template_free(back);
		sb_free(&a);
		sb_free(&b);
		template_free(t);
	}
	/* Any bytes as a cache entry's body: refused or a consistent
	 * template, never a crash. */
	struct template *raw = template_cache_decode(data, size);
	if (raw) {
		for (size_t i = 0; i < raw->n_items; i++)
			for (size_t k = 0; k < raw->items[i].n_reqs; k++)
				FUZZ_ASSERT(raw->items[i].reqs[k].kind != REQ_ITEM ||
						    raw->items[i].reqs[k].item < raw->n_items,
					    "item %zu requirement %zu", i, k);
		template_free(raw);
	}
	return 0;
}
