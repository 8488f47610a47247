/* json_text.c - the JSON string helper every JSON module shares. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/json_int.h"
#include "certtrack/util.h"

#include <stdint.h>
#include <string.h>

/* Whether s's n bytes are all ASCII, eight at a time. */
static bool is_ascii(const char *s, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (w & UINT64_C(0x8080808080808080))
			return false;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] & 0x80)
			return false;
	return true;
}

json_t *json_text(const char *s)
{
	if (!s)
		return json_null();
	/* Most text is ASCII, which is UTF-8 already: jansson's own check,
	 * a code point at a time, is then work done twice. */
	size_t n = strlen(s);
	json_t *j = is_ascii(s, n) ? json_stringn_nocheck(s, n) : json_string(s);
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

bool json_text_set(json_t *j, const char *s)
{
	size_t n = strlen(s);
	return (is_ascii(s, n) ? json_string_setn_nocheck(j, s, n) : json_string_set(j, s)) == 0;
}
