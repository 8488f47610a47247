/* util.c - allocation, strings, UTF-8, time, UUIDs and the acting user. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <time.h>
#include <unistd.h>

static void oom(void) __attribute__((noreturn));
static void oom(void)
{
	static const char msg[] = "certtrack: out of memory\n";
	ssize_t r = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)r;
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom();
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* vasprintf grows its buffer as it writes; measuring first with
 * vsnprintf(NULL, 0) costs a call per 64 bytes, which a value of several
 * MiB (a hostile Dockerfile's expansion) turns into most of a run. */
char *xvasprintf(const char *fmt, va_list ap)
{
	char *p = NULL;
	if (vasprintf(&p, fmt, ap) < 0)
		oom();
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void x_free_ptr(void *pp)
{
	void **p = pp;
	if (p) {
		free(*p);
		*p = NULL;
	}
}

void sb_grow(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->cap = cap;
}

void sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_add(struct strbuf *sb, const char *s)
{
	if (s)
		sb_addn(sb, s, strlen(s));
}

void sb_addc(struct strbuf *sb, char c)
{
	sb_addn(sb, &c, 1);
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	sb_add(sb, s);
	free(s);
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

char *sb_detach(struct strbuf *sb)
{
	char *p = sb->buf ? sb->buf : xstrdup("");
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return p;
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void sb_free(struct strbuf *sb)
{
	x_free(&sb->buf);
	sb->len = sb->cap = 0;
}

void strlist_add_owned(struct strlist *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = s;
}

void strlist_add(struct strlist *l, const char *s)
{
	strlist_add_owned(l, xstrdup(s));
}

bool strlist_contains(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (str_eq(l->v[i], s))
			return true;
	return false;
}

void strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	x_free(&l->v);
	l->n = l->cap = 0;
}

struct strpool_block {
	struct strpool_block *next;
	size_t used, size;
	char data[];
};

#define STRPOOL_BLOCK 8192

char *strpool_dup(struct strpool *p, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	struct strpool_block *b = p->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > STRPOOL_BLOCK ? n : STRPOOL_BLOCK;
		b = xmalloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		b->next = p->head;
		p->head = b;
	}
	char *d = b->data + b->used;
	memcpy(d, s, n);
	b->used += n;
	return d;
}

void strpool_free(struct strpool *p)
{
	while (p->head) {
		struct strpool_block *b = p->head;
		p->head = b->next;
		free(b);
	}
}

bool utf8_valid(const char *str, size_t len)
{
	uint32_t cp;
	for (size_t i = 0, n; i < len; i += n)
		if (!(n = utf8_char(str + i, len - i, &cp)))
			return false;
	return true;
}

size_t utf8_char(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (!len)
		return 0;
	unsigned char c = s[0];
	size_t n;
	uint32_t v;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		n = 1;
		v = c & 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		n = 2;
		v = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		n = 3;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (len < n + 1)
		return 0;
	for (size_t k = 1; k <= n; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[k] & 0x3F);
	}
	if ((n == 1 && v < 0x80) || (n == 2 && v < 0x800) || (n == 3 && v < 0x10000) ||
	    v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n + 1;
}

bool char_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

static bool escape_kept(uint32_t cp, unsigned flags)
{
	return (!(flags & STR_ESC_NEWLINE) && (cp == '\n' || cp == '\t')) ||
	       ((flags & STR_ESC_KEEP_CR) && cp == '\r');
}

/* How many bytes from s on need no escaping: printable ASCII, the kept
 * controls and valid UTF-8 sequences that are not C1 controls. Text is
 * almost all such bytes, so it is copied in runs. */
size_t str_plain_len(const char *s, size_t n, unsigned flags)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		uint32_t cp = 0;
		size_t k = c < 0x80 ? 1 : utf8_char(s + i, n - i, &cp);
		if (c < 0x80)
			cp = c;
		if (k == 0 || (char_is_control(cp) && !escape_kept(cp, flags)))
			break;
		i += k;
	}
	return i;
}

void sb_add_escaped(struct strbuf *sb, const char *s, size_t n, unsigned flags)
{
	size_t i = 0;
	while (i < n) {
		size_t run = str_plain_len(s + i, n - i, flags);
		if (run) {
			sb_addn(sb, s + i, run);
			i += run;
			continue;
		}
		uint32_t cp = 0;
		size_t k = utf8_char(s + i, n - i, &cp);
		if (k == 0) {
			sb_addf(sb, "\\x%02x", (unsigned char)s[i]);
			i++;
			continue;
		}
		if ((flags & STR_ESC_PICTURES) && (cp < 0x20 || cp == 0x7F)) {
			/* U+2400 + c for C0, U+2421 for DEL, in UTF-8. */
			uint32_t pic = cp == 0x7F ? 0x2421 : 0x2400 + cp;
			char u[3] = {(char)(0xE0 | (pic >> 12)), (char)(0x80 | ((pic >> 6) & 0x3F)),
				     (char)(0x80 | (pic & 0x3F))};
			sb_addn(sb, u, 3);
		} else if (cp < 0x80) {
			sb_addf(sb, "\\x%02x", (unsigned)cp);
		} else {
			sb_addf(sb, "\\u%04x", (unsigned)cp);
		}
		i += k;
	}
}

char *str_escape_controls(const char *s, unsigned flags)
{
	if (!s)
		return NULL;
	size_t len = strlen(s);
	if (str_plain_len(s, len, flags) == len)
		return xstrdup(s);
	struct strbuf sb = {0};
	sb_add_escaped(&sb, s, len, flags);
	if (!sb.buf)
		return xstrdup("");
	return sb_detach(&sb);
}

bool str_needs_escape(const char *s, unsigned flags)
{
	size_t len = s ? strlen(s) : 0;
	return str_plain_len(s, len, flags) != len;
}

bool str_is_empty(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

bool str_starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends_with(const char *s, const char *suffix)
{
	if (!s)
		return false;
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

const char *str_casestr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (!n)
		return hay;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

size_t str_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xcalloc(lb + 1, sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	size_t d = row[lb];
	free(row);
	return d;
}

long long time_parse_iso(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	if (!s)
		return -1;
	const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end)
		return -1;
	return (long long)timegm(&tm);
}

long long time_now_epoch(void)
{
	const char *fixed = getenv("CERTTRACK_NOW");
	if (fixed && *fixed) {
		char *end;
		errno = 0;
		long long v = strtoll(fixed, &end, 10);
		if (!errno && !*end)
			return v;
		v = time_parse_iso(fixed);
		if (v >= 0)
			return v;
	}
	return (long long)time(NULL);
}

void time_iso(long long epoch, char buf[32])
{
	time_t t = (time_t)epoch;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_now_iso(char buf[32])
{
	time_iso(time_now_epoch(), buf);
}

void host_name(char *buf, size_t size)
{
	if (gethostname(buf, size) != 0 || !*buf)
		snprintf(buf, size, "localhost");
	buf[size - 1] = '\0';
}

void uuid_v4(char buf[37])
{
	unsigned char b[16];
	size_t got = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		while (got < sizeof(b)) {
			ssize_t r = read(fd, b + got, sizeof(b) - got);
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		close(fd);
	}
	if (got < sizeof(b)) {
		/* No /dev/urandom: mix time and pid; uniqueness still likely. */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		srand((unsigned)(ts.tv_nsec ^ ts.tv_sec ^ getpid()));
		for (size_t i = 0; i < sizeof(b); i++)
			b[i] = (unsigned char)rand();
	}
	b[6] = (b[6] & 0x0F) | 0x40;
	b[8] = (b[8] & 0x3F) | 0x80;
	snprintf(buf, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
		 b[11], b[12], b[13], b[14], b[15]);
}

bool uuid_looks_valid(const char *s)
{
	if (!s || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

const char *user_default(void)
{
	const char *u = getenv("CERTTRACK_USER");
	if (u && *u)
		return u;
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	u = getenv("USER");
	if (u && *u)
		return u;
	static char uid[32];
	snprintf(uid, sizeof(uid), "uid%u", (unsigned)getuid());
	return uid;
}

/* Display width of one UTF-8 string; invalid bytes count as one column. */
int utf8_width(const char *s)
{
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	int w = 0;
	size_t len = strlen(s);
	while (len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, len, &ps);
		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&ps, 0, sizeof(ps));
			n = 1;
			w++;
		} else {
			if (n == 0)
				break;
			int cw = wcwidth(wc);
			w += cw > 0 ? cw : 0;
		}
		s += n;
		len -= n;
	}
	return w;
}

char *user_config_path(void)
{
	const char *x = getenv("XDG_CONFIG_HOME");
	if (x && *x)
		return xasprintf("%s/certtrack/config", x);
	const char *home = getenv("HOME");
	if (!home || !*home)
		return NULL;
	return xasprintf("%s/.config/certtrack/config", home);
}
