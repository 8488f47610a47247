/* util.h - checked allocation, growable strings, UTF-8 and small helpers
 * shared by every module. */
#ifndef CERTTRACK_UTIL_H
#define CERTTRACK_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that never returns NULL: out of memory aborts with a message. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);       /* xstrdup(NULL) returns NULL */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Frees *pp and sets it to NULL; pp is a pointer to any pointer. */
void x_free_ptr(void *pp);
#define x_free(pp) x_free_ptr(pp)

/* Growable NUL-terminated byte string. A zeroed struct is an empty string. */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};
/* Makes room for extra more bytes and a NUL. */
void sb_grow(struct strbuf *sb, size_t extra);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_add(struct strbuf *sb, const char *s);
void sb_addc(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *sb_str(const struct strbuf *sb); /* never NULL */
char *sb_detach(struct strbuf *sb);         /* caller frees; sb becomes empty */
void sb_reset(struct strbuf *sb);
void sb_free(struct strbuf *sb);

/* Growable array of owned strings. */
struct strlist {
	char **v;
	size_t n;
	size_t cap;
};
void strlist_add(struct strlist *l, const char *s);
void strlist_add_owned(struct strlist *l, char *s);
bool strlist_contains(const struct strlist *l, const char *s);
void strlist_free(struct strlist *l);

/* Strings copied into blocks that never move and are freed all at once:
 * for many small strings that die together. */
struct strpool {
	struct strpool_block *head;
};
/* A copy of s in the pool (NULL stays NULL). */
char *strpool_dup(struct strpool *p, const char *s);
void strpool_free(struct strpool *p);

/* UTF-8 */
bool utf8_valid(const char *s, size_t len);
/* Display width in terminal columns of a string in the locale's encoding
 * (UTF-8); bytes that are not a character count as one column. */
int utf8_width(const char *s);
/* $XDG_CONFIG_HOME/certtrack/config, else ~/.config/certtrack/config;
 * NULL without a home. */
char *user_config_path(void);
/* Length of the valid UTF-8 character at s (at most len bytes) with its
 * code point in *cp, or 0 when the bytes there are not one (overlong
 * forms, surrogates and code points beyond Unicode are not). The one
 * UTF-8 decoder of certtrack. */
size_t utf8_char(const char *s, size_t len, uint32_t *cp);

/* Characters a terminal would act on rather than show: C0 controls, DEL
 * and C1 controls (U+0080..U+009F). Tab and newline are controls too;
 * the escaping below keeps them unless told otherwise. */
bool char_is_control(uint32_t cp);

/* Escaping of stored values for a person's screen, so that a value cannot
 * move the cursor, change the title or colours, or hide other text:
 * ESC becomes \x1b, DEL \x7f, a C1 control \u009b, a byte of invalid
 * UTF-8 \xNN. Backslashes are left alone (this is for reading, not a
 * reversible encoding). */
enum str_escape_flags {
	STR_ESC_NEWLINE = 1 << 0,  /* escape newline and tab too (one-line output) */
	STR_ESC_PICTURES = 1 << 1, /* C0 and DEL as their Unicode control pictures
				    * (U+2400..U+2421), one column each */
	STR_ESC_KEEP_CR = 1 << 2,  /* keep carriage return (inside CSV cells) */
};
void sb_add_escaped(struct strbuf *sb, const char *s, size_t n, unsigned flags);
char *str_escape_controls(const char *s, unsigned flags); /* NULL gives NULL */
/* Whether str_escape_controls would change s. */
bool str_needs_escape(const char *s, unsigned flags);
/* How many of the n bytes from s on str_escape_controls keeps as they are
 * (printable text, valid UTF-8, the controls flags keep). */
size_t str_plain_len(const char *s, size_t n, unsigned flags);

bool str_is_empty(const char *s); /* NULL, "" or only ASCII white space */
bool str_starts_with(const char *s, const char *prefix);
bool str_ends_with(const char *s, const char *suffix);
bool str_eq(const char *a, const char *b); /* NULL-safe */

/* Case-insensitive ASCII substring search. */
const char *str_casestr(const char *hay, const char *needle);

/* Levenshtein distance between two ASCII strings (bytes). */
size_t str_distance(const char *a, const char *b);

/* Current time as UTC ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 21
 * bytes). $CERTTRACK_NOW, when set to such a string or to seconds since the
 * epoch, fixes the clock (tests). */
void time_now_iso(char buf[32]);
long long time_now_epoch(void);
/* The UTC time of epoch seconds, as time_now_iso writes it. */
void time_iso(long long epoch, char buf[32]);
/* This machine's name, "localhost" when it has none (session rows). */
void host_name(char *buf, size_t size);
/* Parses "YYYY-MM-DDTHH:MM:SSZ"; returns -1 when malformed. */
long long time_parse_iso(const char *s);

/* Random RFC 4122 version 4 UUID, lowercase, into buf (>= 37 bytes). */
void uuid_v4(char buf[37]);
bool uuid_looks_valid(const char *s);

/* Who is acting: the given name, else $CERTTRACK_USER, else the login name,
 * else the uid as a number. Returned string is static or from the env. */
const char *user_default(void);

#endif
