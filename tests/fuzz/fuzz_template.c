/* fuzz_template.c - the checklist template loader (a template folder
 * given with --templates can come from anyone). */
#include "fuzz.h"

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
		template_free(t);
	}
	return 0;
}
