/* validate_contact.c - contact data: email addresses and phone numbers. */
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

/* --------------------------------------------------------- contact data */

enum email_err {
	EMAIL_OK,
	EMAIL_LONG,
	EMAIL_SPACE,
	EMAIL_ENCODING,
	EMAIL_NO_AT,
	EMAIL_MANY_AT,
	EMAIL_LOCAL_EMPTY,
	EMAIL_LOCAL_LONG,
	EMAIL_LOCAL_DOT,
	EMAIL_LOCAL_CHAR,
	EMAIL_DOMAIN_EMPTY,
	EMAIL_DOMAIN_NODOT,
	EMAIL_DOMAIN_BAD,
	EMAIL_TLD,
};

static enum email_err email_check(const char *s)
{
	size_t len = strlen(s);

	if (len > 254)
		return EMAIL_LONG;
	if (vd_has_space_or_ctrl(s))
		return EMAIL_SPACE;
	if (!utf8_valid(s, len))
		return EMAIL_ENCODING;
	const char *at = strchr(s, '@');
	if (!at)
		return EMAIL_NO_AT;
	if (strchr(at + 1, '@'))
		return EMAIL_MANY_AT;
	size_t ll = (size_t)(at - s);
	if (!ll)
		return EMAIL_LOCAL_EMPTY;
	if (ll > 64)
		return EMAIL_LOCAL_LONG;
	if (s[0] == '.' || at[-1] == '.')
		return EMAIL_LOCAL_DOT;
	for (size_t i = 0; i < ll; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.' && s[i + 1] == '.')
			return EMAIL_LOCAL_DOT;
		if (!is_alnum(c) && c < 0x80 && !strchr(".!#$%&'*+/=?^_`{|}~-", c))
			return EMAIL_LOCAL_CHAR;
	}
	const char *d = at + 1;
	if (!*d)
		return EMAIL_DOMAIN_EMPTY;
	if (!strchr(d, '.'))
		return EMAIL_DOMAIN_NODOT;
	/* labels: 1-63 of letters, digits, "-" (not at an end) or UTF-8 */
	const char *last = d;
	for (const char *p = d;;) {
		size_t l = strcspn(p, ".");
		if (!l || l > 63 || p[0] == '-' || p[l - 1] == '-')
			return EMAIL_DOMAIN_BAD;
		for (size_t i = 0; i < l; i++) {
			unsigned char c = (unsigned char)p[i];
			if (!is_alnum(c) && c != '-' && c < 0x80)
				return EMAIL_DOMAIN_BAD;
		}
		last = p;
		p += l;
		if (!*p)
			break;
		p++;
	}
	size_t tl = strlen(last);
	if (tl < 2)
		return EMAIL_TLD;
	for (size_t i = 0; i < tl; i++)
		if (is_digit((unsigned char)last[i]))
			return EMAIL_TLD;
	return EMAIL_OK;
}

static void email_add(struct problems *out, const char *field, const char *sugg,
		      const char *fix, enum email_err e, const char *sv)
{
#define EMAIL_ADD(fmt) \
	problems_add(out, CT_SEV_ERROR, "email.format", field, NULL, sugg, fix, fmt, sv)
	switch (e) {
	case EMAIL_OK:
		break;
	case EMAIL_LONG:
		EMAIL_ADD(_("email address \"%s\" is longer than 254 characters"));
		break;
	case EMAIL_SPACE:
		EMAIL_ADD(_("email address \"%s\" contains white space"));
		break;
	case EMAIL_ENCODING:
		EMAIL_ADD(_("email address \"%s\" is not valid UTF-8"));
		break;
	case EMAIL_NO_AT:
		EMAIL_ADD(_("email address \"%s\" has no \"@\""));
		break;
	case EMAIL_MANY_AT:
		EMAIL_ADD(_("email address \"%s\" has more than one \"@\""));
		break;
	case EMAIL_LOCAL_EMPTY:
		EMAIL_ADD(_("email address \"%s\" has nothing before the \"@\""));
		break;
	case EMAIL_LOCAL_LONG:
		EMAIL_ADD(_("email address \"%s\" has more than 64 characters before the \"@\""));
		break;
	case EMAIL_LOCAL_DOT:
		EMAIL_ADD(_("email address \"%s\" has a dot at the start or end of the part before the \"@\", or two dots in a row"));
		break;
	case EMAIL_LOCAL_CHAR:
		EMAIL_ADD(_("email address \"%s\" has a character before the \"@\" that an address cannot have"));
		break;
	case EMAIL_DOMAIN_EMPTY:
		EMAIL_ADD(_("email address \"%s\" has no domain after the \"@\""));
		break;
	case EMAIL_DOMAIN_NODOT:
		EMAIL_ADD(_("email address \"%s\" has a domain without a dot"));
		break;
	case EMAIL_DOMAIN_BAD:
		EMAIL_ADD(_("email address \"%s\" has an invalid domain"));
		break;
	case EMAIL_TLD:
		EMAIL_ADD(_("email address \"%s\" has an invalid top-level domain"));
		break;
	}
#undef EMAIL_ADD
}

void v_email(const struct validate_ctx *ctx, const char *field,
		    const char *value, struct problems *out)
{
	(void)ctx;
	enum email_err e = email_check(value);
	if (e == EMAIL_OK)
		return;
	char *sv = vd_show(value);
	char *t = vd_trim_dup(value);
	const char *fix = _("Give a plain address such as name@example.com.");
	const char *lt = strrchr(t, '<');
	size_t tl = strlen(t);

	if (lt && tl && t[tl - 1] == '>') {
		char *inner = xstrndup(lt + 1, (size_t)(t + tl - 1 - (lt + 1)));
		bool ok = email_check(inner) == EMAIL_OK;
		problems_add(out, CT_SEV_ERROR, "email.display_name", field, NULL,
			     ok ? inner : NULL,
			     _("Give only the address, without the name and angle brackets."),
			     _("email address \"%s\" includes a display name"), sv);
		free(inner);
	} else if (strncasecmp(t, "mailto:", 7) == 0) {
		bool ok = email_check(t + 7) == EMAIL_OK;
		problems_add(out, CT_SEV_ERROR, "email.format", field, NULL,
			     ok ? t + 7 : NULL, fix,
			     _("email address \"%s\" starts with \"mailto:\""), sv);
	} else {
		bool ok = strcmp(t, value) != 0 && email_check(t) == EMAIL_OK;
		email_add(out, field, ok ? t : NULL, fix, e, sv);
	}
	free(t);
	free(sv);
}

enum phone_err { PHONE_OK, PHONE_CHAR, PHONE_PAREN, PHONE_DIGITS };

static enum phone_err phone_check(const char *s, size_t *bad, size_t *digits)
{
	size_t i = 0;
	bool open = false;

	*digits = 0;
	*bad = 0;
	if (s[0] == '+')
		i = 1;
	for (; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		*bad = i;
		if (is_digit(c)) {
			(*digits)++;
		} else if (c == ' ' || c == '-' || c == '.') {
			continue;
		} else if (c == '(') {
			if (open)
				return PHONE_PAREN;
			open = true;
		} else if (c == ')') {
			if (!open)
				return PHONE_PAREN;
			open = false;
		} else if ((c == 'x' || c == 'X' || strncasecmp(s + i, "ext", 3) == 0) &&
			   *digits) {
			/* extension: x123, ext 123, ext. 123 up to the end */
			size_t j = i + (c == 'x' || c == 'X' ? 1 : 3);
			if (s[j] == '.')
				j++;
			while (s[j] == ' ')
				j++;
			size_t nd = 0;
			while (is_digit((unsigned char)s[j + nd]))
				nd++;
			if (!nd || nd > 6 || s[j + nd])
				return PHONE_CHAR;
			break;
		} else {
			return PHONE_CHAR;
		}
	}
	if (open) {
		*bad = i;
		return PHONE_PAREN;
	}
	if (*digits < 7 || *digits > 15)
		return PHONE_DIGITS;
	return PHONE_OK;
}

void v_phone(const struct validate_ctx *ctx, const char *field,
		    const char *value, struct problems *out)
{
	(void)ctx;
	size_t bad, digits;
	enum phone_err e = phone_check(value, &bad, &digits);
	if (e == PHONE_OK)
		return;
	char *sv = vd_show(value);
	char *t = vd_trim_dup(value);
	size_t tb, td;
	const char *sugg = strcmp(t, value) != 0 && phone_check(t, &tb, &td) == PHONE_OK ? t : NULL;
	const char *fix = _("Give the number with digits, spaces, hyphens, dots and parentheses, optionally starting with + and ending with an extension (x123), e.g. +1 919 754 3700 x123.");

	if (e == PHONE_DIGITS) {
		problems_add(out, CT_SEV_ERROR, "phone.digits", field, NULL, sugg, fix,
			     /* TRANSLATORS: phone number "<number>" has <count> digits */
			     _("phone number \"%s\" has %zu digits; a phone number has 7 to 15"),
			     sv, digits);
	} else if (e == PHONE_PAREN) {
		problems_add(out, CT_SEV_ERROR, "phone.format", field, NULL, sugg, fix,
			     _("phone number \"%s\" has unbalanced parentheses"), sv);
	} else {
		char *b = vd_show_char_at(value, bad);
		problems_add(out, CT_SEV_ERROR, "phone.format", field, NULL, sugg, fix,
			     /* TRANSLATORS: phone number "<number>" contains "<character>"
			      * at position <number> */
			     _("phone number \"%s\" contains \"%s\" at position %zu"), sv, b,
			     vd_char_pos(value, bad));
		free(b);
	}
	free(t);
	free(sv);
}
