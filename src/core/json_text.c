/* json_text.c - the JSON string helper every JSON module shares. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/json_int.h"
#include "certtrack/util.h"

json_t *json_text(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	struct strbuf sb = {0};
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x80)
			sb_addc(&sb, (char)*p);
		else
			sb_add(&sb, "\xEF\xBF\xBD");
	}
	j = json_string(sb_str(&sb));
	sb_free(&sb);
	return j ? j : json_null();
}
