/* template_int.h - inside the template modules only: the cache of checked
 * templates (template_cache.c) that template.c asks before parsing. */
#ifndef CERTTRACK_CORE_TEMPLATE_INT_H
#define CERTTRACK_CORE_TEMPLATE_INT_H

#include <stddef.h>
#include <sys/stat.h>

#include "certtrack/template.h"
#include "certtrack/util.h"

/* The template checked earlier from the file at path as st describes it
 * now; NULL when the cache has none (or a stale or damaged one). */
struct template *template_cache_get(const char *path, const struct stat *st);
/* Keeps t, checked from that file, for the next run; failures are
 * ignored. */
void template_cache_put(const char *path, const struct stat *st, const struct template *t);
/* The entry's body: t in the compact form, and back (NULL when the bytes
 * are not a whole, consistent template; its path is NULL). */
void template_cache_encode(struct strbuf *b, const struct template *t);
struct template *template_cache_decode(const void *data, size_t len);

#endif
