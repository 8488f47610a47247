/* i18n.h - gettext wrappers used by every layer for user-visible text. */
#ifndef CERTTRACK_I18N_H
#define CERTTRACK_I18N_H

#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#if defined(ENABLE_NLS) && ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define P_(s, p, n) ngettext((s), (p), (n))
#else
#define _(s) ((const char *)(s))
#define P_(s, p, n) ((n) == 1 ? (const char *)(s) : (const char *)(p))
#define gettext(s) ((const char *)(s))
#define textdomain(d) ((void)(d))
#define bindtextdomain(d, dir) ((void)(d), (void)(dir))
#define bind_textdomain_codeset(d, c) ((void)(d), (void)(c))
#endif

/* Marks a string for extraction without translating it where it stands. */
#define N_(s) (s)

#endif
