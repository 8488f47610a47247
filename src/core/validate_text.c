/* validate_text.c - what the validators share: quoting values in messages
 * (escaped, cut on a character boundary), case and space helpers, and the
 * project's other values. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/validate.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"
#include "core/validate_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- helpers */











bool vd_has_space_or_ctrl(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (is_space(*p) || is_ctrl(*p))
			return true;
	return false;
}

bool vd_has_upper(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (is_upper(*p))
			return true;
	return false;
}

char *vd_lower_dup(const char *s)
{
	char *d = xstrdup(s);
	for (unsigned char *p = (unsigned char *)d; *p; p++)
		*p = to_lower(*p);
	return d;
}

/* s without leading and trailing ASCII white space. */
char *vd_trim_dup(const char *s)
{
	const char *e = s + strlen(s);
	while (is_space((unsigned char)*s))
		s++;
	while (e > s && is_space((unsigned char)e[-1]))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

/* Code points that must not reach a terminal raw: C1 controls and the
 * bidirectional overrides that can make text read differently. */
static bool cp_hidden(uint32_t cp)
{
	return (cp >= 0x80 && cp < 0xA0) || cp == 0x061C || cp == 0x200E ||
	       cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static void show_char(struct strbuf *sb, const unsigned char *s, size_t n, uint32_t cp)
{
	if (n == 0) {
		sb_addf(sb, "\\x%02x", s[0]);
	} else if (cp == '"' || cp == '\\') {
		sb_addc(sb, '\\');
		sb_addc(sb, (char)cp);
	} else if (cp == '\n') {
		sb_add(sb, "\\n");
	} else if (cp == '\t') {
		sb_add(sb, "\\t");
	} else if (cp == '\r') {
		sb_add(sb, "\\r");
	} else if (cp < 0x20 || cp == 0x7f) {
		sb_addf(sb, "\\x%02x", (unsigned)cp);
	} else if (cp_hidden(cp)) {
		sb_addf(sb, "\\u%04x", (unsigned)cp);
	} else {
		sb_addn(sb, (const char *)s, n);
	}
}

/* The value as it is quoted in messages: escaped, cut on a character
 * boundary after SHOW_MAX bytes of the value. Caller frees. */
char *vd_show(const char *v)
{
	struct strbuf sb = { 0 };
	const unsigned char *s = (const unsigned char *)v;
	size_t len = strlen(v), i = 0;

	while (i < len) {
		uint32_t cp = 0;
		size_t n = utf8_char((const char *)(s + i), len - i, &cp);
		if (i + (n ? n : 1) > SHOW_MAX) {
			sb_add(&sb, ELLIPSIS);
			break;
		}
		show_char(&sb, s + i, n, cp);
		i += n ? n : 1;
	}
	return sb_detach(&sb);
}

/* One character of s starting at byte off, shown as in vd_show(). */
char *vd_show_char_at(const char *s, size_t off)
{
	struct strbuf sb = { 0 };
	const unsigned char *u = (const unsigned char *)s + off;
	uint32_t cp = 0;
	size_t n = utf8_char((const char *)(u), strlen((const char *)u), &cp);
	show_char(&sb, u, n, cp);
	return sb_detach(&sb);
}

/* 1-based character position of byte off (continuation bytes of valid
 * or invalid sequences are not counted twice, which is close enough). */
size_t vd_char_pos(const char *s, size_t off)
{
	size_t pos = 1;
	for (size_t i = 0; i < off; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			pos++;
	return pos;
}

const char *vd_ctx_get(const struct validate_ctx *ctx, const char *key)
{
	if (!ctx || !ctx->lookup)
		return NULL;
	return ctx->lookup(ctx->ud, key);
}

size_t vd_count_bases(const char *const *bases, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; bases && i < n; i++)
		if (bases[i] && *bases[i])
			k++;
	return k;
}

const char *vd_sugg_or_null(const char *sugg, const char *value)
{
	return sugg && strcmp(sugg, value) != 0 ? sugg : NULL;
}
