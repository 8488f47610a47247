/* problem.c - the list of errors and warnings returned by checks. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/problem.h"
#include "certtrack/util.h"

#include <stdarg.h>
#include <stdlib.h>

void problems_add(struct problems *ps, enum ct_severity sev, const char *rule,
		  const char *field, const char *item, const char *suggestion,
		  const char *fix, const char *fmt, ...)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 8;
		ps->v = xreallocarray(ps->v, ps->cap, sizeof(*ps->v));
	}
	struct problem *p = &ps->v[ps->n++];
	va_list ap;
	va_start(ap, fmt);
	p->message = xvasprintf(fmt, ap);
	va_end(ap);
	p->severity = sev;
	p->rule = xstrdup(rule);
	p->field = xstrdup(field);
	p->item = xstrdup(item);
	p->fix = xstrdup(fix);
	p->suggestion = xstrdup(suggestion);
}

size_t problems_count(const struct problems *ps, enum ct_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i].severity == sev)
			n++;
	return n;
}

void problems_move(struct problems *dst, struct problems *src)
{
	for (size_t i = 0; i < src->n; i++) {
		if (dst->n == dst->cap) {
			dst->cap = dst->cap ? dst->cap * 2 : 8;
			dst->v = xreallocarray(dst->v, dst->cap, sizeof(*dst->v));
		}
		dst->v[dst->n++] = src->v[i];
	}
	x_free(&src->v);
	src->n = src->cap = 0;
}

void problems_free(struct problems *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		struct problem *p = &ps->v[i];
		free(p->rule);
		free(p->field);
		free(p->item);
		free(p->message);
		free(p->fix);
		free(p->suggestion);
	}
	x_free(&ps->v);
	ps->n = ps->cap = 0;
}
