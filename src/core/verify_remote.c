/* verify_remote.c - certtrack's end of the pipe to certtrack-remote, the
 * helper program that speaks HTTP for the remote checks (git keeps libcurl
 * out of git itself the same way, in git-remote-https): certtrack starts
 * without loading TLS, Kerberos and LDAP, and only verify runs the
 * helper. A cancelled check stops the helper. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/remote_int.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct remote {
	pid_t pid;
	int fd;             /* a socket: both ways, and no SIGPIPE on send */
	struct strbuf in;   /* read, not yet a whole line */
	bool dead;
};

static char *helper_path(void)
{
	const char *dir = getenv("CERTTRACK_LIBEXECDIR");
	return xasprintf("%s/%s", dir && *dir ? dir : CT_LIBEXECDIR, REMOTE_HELPER);
}

enum ct_status remote_start(struct remote **out, struct ct_error *err)
{
	*out = NULL;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return ct_fail(err, CT_SYSTEM, _("cannot start the remote checks: %s"),
			       strerror(errno));
	char *path = helper_path();
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sv[1], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, sv[1], STDOUT_FILENO);
	char *argv[] = {path, NULL};
	pid_t pid;
	int rc = posix_spawn(&pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(sv[1]);
	if (rc != 0) {
		close(sv[0]);
		enum ct_status s = ct_fail(err, CT_SYSTEM,
					   _("cannot run %s for the remote checks: %s; is certtrack installed whole?"),
					   path, strerror(rc));
		free(path);
		return s;
	}
	free(path);
	struct remote *r = xcalloc(1, sizeof(*r));
	r->pid = pid;
	r->fd = sv[0];
	*out = r;
	return CT_OK;
}

static bool send_all(struct remote *r, const char *s, size_t len)
{
	while (len) {
		ssize_t w = send(r->fd, s, len, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		len -= (size_t)w;
	}
	return true;
}

/* The next line (without its newline; caller frees), NULL at the end or
 * when cancelled (*cancelled set). */
static char *read_line(struct remote *r, const atomic_int *cancel, bool *cancelled)
{
	for (;;) {
		char *nl = r->in.buf ? memchr(r->in.buf, '\n', r->in.len) : NULL;
		if (nl) {
			size_t n = (size_t)(nl - r->in.buf);
			char *line = xstrndup(r->in.buf, n);
			memmove(r->in.buf, nl + 1, r->in.len - n - 1);
			r->in.len -= n + 1;
			r->in.buf[r->in.len] = '\0';
			return line;
		}
		if (r->dead)
			return NULL;
		if (cancel && atomic_load(cancel)) {
			*cancelled = true;
			return NULL;
		}
		/* Woken at least every 100 ms to see a cancellation. */
		struct pollfd pfd = {.fd = r->fd, .events = POLLIN};
		int pr = poll(&pfd, 1, 100);
		if (pr < 0 && errno != EINTR) {
			r->dead = true;
			continue;
		}
		if (pr <= 0)
			continue;
		char buf[65536];
		ssize_t got = read(r->fd, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			r->dead = true;
			continue;
		}
		sb_addn(&r->in, buf, (size_t)got);
	}
}

enum ct_status remote_call(struct remote *r, struct remote_msg *m, const atomic_int *cancel,
			   struct verify_checks *checks, struct remote_msg **answer,
			   bool *cancelled, struct ct_error *err)
{
	bool cancel_seen = false;
	if (answer)
		*answer = NULL;
	if (cancelled)
		*cancelled = false;
	char *line = remote_msg_line(m);
	bool sent = !r->dead && send_all(r, line, strlen(line));
	free(line);
	while (sent) {
		char *l = read_line(r, cancel, &cancel_seen);
		if (!l)
			break;
		struct remote_msg *a = remote_msg_parse(l);
		free(l);
		if (!a)
			continue;
		if (checks && remote_msg_take_check(a, checks)) {
			remote_msg_free(a);
			continue;
		}
		enum ct_status s = CT_OK;
		if (!remote_msg_bool(a, "ok")) {
			long long st = remote_msg_int(a, "status");
			const char *e = remote_msg_str(a, "error");
			s = ct_fail(err, st > 0 && st < 128 ? (enum ct_status)st : CT_SYSTEM, "%s",
				    e ? e : _("the remote checks failed"));
		}
		if (answer)
			*answer = a;
		else
			remote_msg_free(a);
		return s;
	}
	if (cancel_seen) {
		/* The transfer in flight is abandoned with its process. */
		kill(r->pid, SIGTERM);
		r->dead = true;
		if (cancelled)
			*cancelled = true;
		return ct_fail(err, CT_SYSTEM, "cancelled"); /* never shown: the caller knows */
	}
	r->dead = true;
	return ct_fail(err, CT_SYSTEM, _("the remote checks stopped without an answer (%s ended)"),
		       REMOTE_HELPER);
}

void remote_end(struct remote *r)
{
	if (!r)
		return;
	close(r->fd);
	int st;
	while (waitpid(r->pid, &st, 0) < 0 && errno == EINTR)
		;
	sb_free(&r->in);
	free(r);
}
