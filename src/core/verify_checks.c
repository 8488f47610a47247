/* verify_checks.c - the list of check results that the remote checks
 * (gitcheck.c, registry.c, verify.c) append to. Below all of them. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/util.h"
#include "certtrack/verify.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

const char *verify_outcome_name(enum verify_outcome o)
{
	switch (o) {
	case VERIFY_PASS:
		return "pass";
	case VERIFY_WARN:
		return "warn";
	case VERIFY_SKIPPED:
		return "not-checkable";
	case VERIFY_FAIL:
		return "fail";
	default:
		return "error";
	}
}

const char *verify_status_name(enum verify_outcome o)
{
	switch (o) {
	case VERIFY_PASS:
		return "pass";
	case VERIFY_WARN:
		return "warn";
	case VERIFY_SKIPPED:
		return "unknown";
	case VERIFY_FAIL:
		return "fail";
	default:
		return "error";
	}
}

/* Text from servers ends up on terminals and in reports: no control
 * characters (escape sequences), only valid UTF-8. */
static char *text_clean(char *s)
{
	if (!s)
		return s;
	bool utf8 = utf8_valid(s, strlen(s));
	for (unsigned char *p = (unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (!utf8 && *p >= 0x80))
			*p = '?';
	return s;
}

struct verify_check *verify_checks_add(struct verify_checks *l, const char *kind,
				       const char *target, enum verify_outcome o,
				       const char *fix, const char *fmt, ...)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	struct verify_check *c = &l->v[l->n++];
	memset(c, 0, sizeof(*c));
	va_list ap;
	va_start(ap, fmt);
	c->message = text_clean(xvasprintf(fmt, ap));
	va_end(ap);
	c->kind = xstrdup(kind);
	c->target = text_clean(xstrdup(target ? target : ""));
	c->outcome = o;
	c->fix = text_clean(xstrdup(fix));
	return c;
}

static void check_clear(struct verify_check *c)
{
	free(c->kind);
	free(c->target);
	free(c->message);
	free(c->fix);
	free(c->details);
}

void verify_checks_free(struct verify_checks *l)
{
	for (size_t i = 0; i < l->n; i++)
		check_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
