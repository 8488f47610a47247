/* safeout.c - everything the commands print as text passes through here on
 * its way to the terminal. Stored values come from other people (an
 * imported report, a preflight file, a registry label): an ESC or another
 * control character in one must be shown, not obeyed. Rather than trusting
 * every printf of every command to escape its arguments, standard output
 * and standard error are streams that escape control characters with the
 * core's str_escape_controls() rules, keeping tab and newline.
 *
 * certtrack's own colour codes must still reach the terminal: cli_sgr()
 * writes ESC followed by a random per-process marker, which the stream
 * drops and lets the ESC through. A stored value cannot know the marker.
 *
 * Machine output (JSON, SARIF) keeps the plain stream: it escapes control
 * characters itself, and \x1b inside a JSON string would not be JSON. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "cli/cli.h"

#include "certtrack/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MARK_LEN 8
/* Large writes: a report is megabytes, each write an escape pass and a
 * system call. */
#define OUT_BUFSIZ (64 * 1024)

struct safeout {
	FILE *orig;
	int fd;
	unsigned char carry[MARK_LEN + 8];
	size_t ncarry;
};

static char mark[MARK_LEN + 1];
static struct safeout outs[2]; /* stdout, stderr */
static FILE *filtered[2];
static bool want_raw_stdout;

static void mark_init(void)
{
	if (mark[0])
		return;
	unsigned char r[MARK_LEN] = {0};
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t got = fd >= 0 ? read(fd, r, sizeof(r)) : -1;
	if (fd >= 0)
		close(fd);
	if (got != (ssize_t)sizeof(r)) {
		unsigned long long seed = (unsigned long long)time(NULL) ^
					  ((unsigned long long)getpid() << 20) ^
					  (unsigned long long)(size_t)&got;
		for (size_t i = 0; i < sizeof(r); i++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			r[i] ^= (unsigned char)(seed >> 33);
		}
	}
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	for (size_t i = 0; i < MARK_LEN; i++)
		mark[i] = alpha[r[i] % (sizeof(alpha) - 1)];
	mark[MARK_LEN] = '\0';
}

/* Bytes a UTF-8 sequence with this first byte has, 0 when it is not a
 * first byte. */
static size_t utf8_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	if ((c & 0xF8) == 0xF0)
		return 4;
	return 0;
}

/* Whether s[0..n) could be the start of something longer that the next
 * write completes: our colour marker or a UTF-8 character. */
static bool incomplete(const unsigned char *s, size_t n)
{
	if (s[0] == 0x1b)
		return n < 1 + MARK_LEN && memcmp(s + 1, mark, n - 1) == 0;
	size_t want = utf8_len(s[0]);
	if (want <= n || want == 0)
		return false;
	for (size_t k = 1; k < n; k++)
		if ((s[k] & 0xC0) != 0x80)
			return false;
	return true;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Escapes s[0..n) into sb; returns how many bytes were consumed (the rest
 * waits for more data unless final). */
static size_t escape_chunk(struct strbuf *sb, const unsigned char *s, size_t n, bool final)
{
	size_t i = 0;
	while (i < n) {
		/* Ordinary text in runs; a run stops before ESC, CR and a UTF-8
		 * character the buffer cuts, which are looked at one by one. */
		size_t run = str_plain_len((const char *)s + i, n - i, 0);
		if (run) {
			sb_addn(sb, (const char *)s + i, run);
			i += run;
			continue;
		}
		if (!final && incomplete(s + i, n - i))
			break;
		if (s[i] == 0x1b && n - i >= 1 + MARK_LEN && memcmp(s + i + 1, mark, MARK_LEN) == 0) {
			sb_addc(sb, '\033');
			i += 1 + MARK_LEN;
			continue;
		}
		if (s[i] == '\r' && (i + 1 < n || final)) {
			/* CR LF ends a line (CSV); a lone CR would let a value
			 * write over the start of its line. */
			if (i + 1 < n && s[i + 1] == '\n') {
				sb_addn(sb, "\r\n", 2);
				i += 2;
				continue;
			}
		} else if (s[i] == '\r') {
			break; /* wait for the next byte */
		}
		uint32_t cp;
		size_t k = utf8_char((const char *)s + i, n - i, &cp);
		if (k == 0)
			k = 1;
		sb_add_escaped(sb, (const char *)s + i, k, 0);
		i += k;
	}
	return i;
}

static ssize_t safeout_write(void *cookie, const char *buf, size_t size)
{
	struct safeout *so = cookie;
	struct strbuf in = {0}, out = {0};
	const char *data = buf;
	size_t len = size;
	if (so->ncarry) {
		sb_addn(&in, (const char *)so->carry, so->ncarry);
		sb_addn(&in, buf, size);
		data = in.buf;
		len = in.len;
	}
	size_t used = escape_chunk(&out, (const unsigned char *)data, len, false);
	so->ncarry = len - used;
	if (so->ncarry > sizeof(so->carry)) {
		/* Cannot happen (incomplete() stops below the carry's size), but
		 * never lose output: write the rest escaped. */
		escape_chunk(&out, (const unsigned char *)data + used, so->ncarry, true);
		so->ncarry = 0;
	}
	memcpy(so->carry, data + used, so->ncarry);
	int rc = out.len ? write_all(so->fd, out.buf, out.len) : 0;
	sb_free(&in);
	sb_free(&out);
	return rc ? -1 : (ssize_t)size;
}

static void safeout_finish_one(struct safeout *so)
{
	if (!so->ncarry)
		return;
	struct strbuf out = {0};
	escape_chunk(&out, so->carry, so->ncarry, true);
	so->ncarry = 0;
	(void)write_all(so->fd, out.buf, out.len);
	sb_free(&out);
}

static void safeout_atexit(void)
{
	for (int i = 0; i < 2; i++) {
		if (!filtered[i])
			continue;
		fflush(filtered[i]);
		safeout_finish_one(&outs[i]);
	}
}

static FILE *install(int which, FILE *orig, int fd, int mode)
{
	struct safeout *so = &outs[which];
	so->orig = orig;
	so->fd = fd;
	so->ncarry = 0;
	cookie_io_functions_t io = {.write = safeout_write};
	FILE *f = fopencookie(so, "w", io);
	if (!f)
		return NULL;
	setvbuf(f, NULL, mode, mode == _IONBF ? 0 : OUT_BUFSIZ);
	filtered[which] = f;
	return f;
}

void cli_safeout_stderr(void)
{
	static bool registered;
	mark_init();
	if (filtered[1])
		return;
	fflush(stderr);
	/* Unbuffered, as standard error always is: a message shows at once
	 * and keeps its place among the output of other processes. */
	FILE *f = install(1, stderr, STDERR_FILENO, _IONBF);
	if (!f)
		return;
	stderr = f;
	if (!registered && atexit(safeout_atexit) == 0)
		registered = true;
}

void cli_safeout_stdout(void)
{
	mark_init();
	cli_safeout_stderr();
	if (filtered[0] || want_raw_stdout)
		return;
	fflush(stdout);
	FILE *f = install(0, stdout, STDOUT_FILENO, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF);
	if (f)
		stdout = f;
}

void cli_safeout_raw_stdout(void)
{
	want_raw_stdout = true;
	if (!filtered[0])
		return;
	fflush(filtered[0]);
	safeout_finish_one(&outs[0]);
	FILE *f = filtered[0];
	stdout = outs[0].orig;
	filtered[0] = NULL;
	fclose(f);
}

int cli_safeout_fd(FILE *f)
{
	for (int i = 0; i < 2; i++)
		if (filtered[i] && f == filtered[i])
			return outs[i].fd;
	return fileno(f);
}

const char *cli_safeout_sgr(FILE *f, int code)
{
	/* ESC, the marker, then the rest of the sequence. */
	static const char *const tail[] = {"[0m", "[1;31m", "[33m", "[32m", "[1m", "[2m"};
	static char marked[ARRAY_SIZE(tail)][MARK_LEN + 16];
	static char plain[ARRAY_SIZE(tail)][16];
	if (code < 0 || (size_t)code >= ARRAY_SIZE(tail))
		code = 0;
	bool is_filtered = f && (f == filtered[0] || f == filtered[1]);
	if (!is_filtered) {
		snprintf(plain[code], sizeof(plain[code]), "\033%s", tail[code]);
		return plain[code];
	}
	snprintf(marked[code], sizeof(marked[code]), "\033%s%s", mark, tail[code]);
	return marked[code];
}
