/* problem.h - errors and warnings found by validators and the requirement
 * engine, each with the rule's name, a message and a fix. */
#ifndef CERTTRACK_PROBLEM_H
#define CERTTRACK_PROBLEM_H

#include <stddef.h>

enum ct_severity {
	CT_SEV_ERROR,   /* must fix */
	CT_SEV_WARNING, /* should fix */
};

struct problem {
	enum ct_severity severity;
	char *rule;       /* stable rule name, e.g. "name.version"; never translated */
	char *field;      /* field key or NULL */
	char *item;       /* item key or NULL */
	char *message;    /* translated sentence naming the offending part */
	char *fix;        /* translated sentence saying how to fix it, or NULL */
	char *suggestion; /* a value that fixes it when applied to field, or NULL */
};

struct problems {
	struct problem *v;
	size_t n;
	size_t cap;
};

/* Appends a problem; strings are copied; fix/suggestion may be NULL. The
 * message is formatted from fmt. */
void problems_add(struct problems *ps, enum ct_severity sev, const char *rule,
		  const char *field, const char *item, const char *suggestion,
		  const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
size_t problems_count(const struct problems *ps, enum ct_severity sev);
/* Moves every problem of src to the end of dst; src becomes empty. */
void problems_move(struct problems *dst, struct problems *src);
void problems_free(struct problems *ps);

#endif
