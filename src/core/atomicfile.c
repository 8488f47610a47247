/* atomicfile.c - write a file whole or not at all, without leaving
 * temporaries behind: the one routine behind 'backup' and 'report -o'
 * (see atomicfile.h). */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/atomicfile.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Whether rest (what follows ".NAME.") is "ctPID.XXXXXX"; the pid in *pid. */
static bool our_suffix(const char *rest, long *pid)
{
	if (strncmp(rest, "ct", 2) != 0 || !isdigit((unsigned char)rest[2]))
		return false;
	char *end = NULL;
	errno = 0;
	long v = strtol(rest + 2, &end, 10);
	if (errno || v <= 0 || *end != '.')
		return false;
	const char *x = end + 1;
	size_t n = strlen(x);
	if (n >= 8 && strcmp(x + n - 8, "-journal") == 0)
		n -= 8;
	if (n != 6)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)x[i]))
			return false;
	*pid = v;
	return true;
}

int atomicfile_clean_stale(const char *path)
{
	char *dir = dir_of(path);
	const char *base = base_of(path);
	int removed = 0;
	DIR *d = opendir(dir);
	if (!d) {
		free(dir);
		return 0;
	}
	size_t blen = strlen(base);
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *n = e->d_name;
		if (n[0] != '.' || strncmp(n + 1, base, blen) != 0 || n[1 + blen] != '.')
			continue;
		const char *rest = n + blen + 2;
		long pid = 0;
		if (!our_suffix(rest, &pid))
			continue;
		char *full = xasprintf("%s/%s", dir, n);
		struct stat sb;
		/* Only plain files of this user: never follow a link, never
		 * touch someone else's file in a shared folder. */
		bool stale = lstat(full, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid();
		if (stale)
			stale = pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
		if (stale && unlink(full) == 0)
			removed++;
		free(full);
	}
	closedir(d);
	free(dir);
	return removed;
}

static enum ct_status open_named(struct atomicfile *af, mode_t mode, struct ct_error *err)
{
	af->tmp = xasprintf("%s/.%s.ct%ld.XXXXXX", af->dir, base_of(af->path), (long)getpid());
	af->fd = mkstemp(af->tmp);
	if (af->fd < 0) {
		int e = errno;
		x_free(&af->tmp);
		return ct_fail(err, CT_SYSTEM, _("cannot create a file in %s: %s"), af->dir,
			       strerror(e));
	}
	/* mkstemp makes 0600; give what the caller asked, less the umask. */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(af->fd, mode & ~mask) != 0) {
		/* The file stays private: safe, if less convenient. */
	}
	return CT_OK;
}

enum ct_status atomicfile_open(struct atomicfile *af, const char *path, mode_t mode,
			       unsigned flags, struct ct_error *err)
{
	memset(af, 0, sizeof(*af));
	af->fd = -1;
	if (str_is_empty(path))
		return ct_fail(err, CT_USAGE, _("give a file name to write to"));
	af->path = xstrdup(path);
	af->dir = dir_of(path);
	af->flags = flags;
	atomicfile_clean_stale(path);
#ifdef O_TMPFILE
	/* Linking an unnamed file needs /proc (linkat AT_EMPTY_PATH needs a
	 * privilege); without it, or where the filesystem says no, fall back
	 * to a named temporary. */
	if (!(flags & ATOMICFILE_NAMED) && access("/proc/self/fd", X_OK) == 0) {
		af->fd = open(af->dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
		if (af->fd >= 0)
			return CT_OK;
	}
#endif
	enum ct_status s = open_named(af, mode, err);
	if (s) {
		x_free(&af->path);
		x_free(&af->dir);
	}
	return s;
}

enum ct_status atomicfile_write(struct atomicfile *af, const void *data, size_t len,
				struct ct_error *err)
{
	const char *p = data;
	for (size_t off = 0; off < len;) {
		ssize_t w = write(af->fd, p + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return ct_fail(err, CT_SYSTEM, _("cannot write %s: %s"), af->path,
				       strerror(w < 0 ? errno : EIO));
		off += (size_t)w;
	}
	return CT_OK;
}

enum ct_status atomicfile_close_fd(struct atomicfile *af, struct ct_error *err)
{
	if (af->fd < 0)
		return CT_OK;
	enum ct_status s = CT_OK;
	if (fsync(af->fd) != 0)
		s = ct_fail(err, CT_SYSTEM, _("cannot write %s to disk: %s"), af->path, strerror(errno));
	if (af->tmp && close(af->fd) != 0 && !s)
		s = ct_fail(err, CT_SYSTEM, _("cannot write %s: %s"), af->path, strerror(errno));
	if (af->tmp)
		af->fd = -1;
	return s;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Gives the unnamed temporary a name of our pattern beside the target. */
static enum ct_status name_anonymous(struct atomicfile *af, const char *proc,
				     struct ct_error *err)
{
	for (int tries = 0; tries < 100; tries++) {
		char uuid[37];
		uuid_v4(uuid);
		char *name = xasprintf("%s/.%s.ct%ld.%.6s", af->dir, base_of(af->path),
				       (long)getpid(), uuid + 2);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0) {
			af->tmp = name;
			return CT_OK;
		}
		int e = errno;
		free(name);
		if (e != EEXIST)
			return ct_fail(err, CT_SYSTEM, _("cannot write %s: %s"), af->path, strerror(e));
	}
	return ct_fail(err, CT_SYSTEM, _("cannot write %s: %s"), af->path, strerror(EEXIST));
}

static enum ct_status exists_already(const struct atomicfile *af, struct ct_error *err)
{
	return ct_fail(err, CT_FAILED,
		       _("%s exists already; give --force to replace it, or another file name"),
		       af->path);
}

enum ct_status atomicfile_commit(struct atomicfile *af, struct ct_error *err)
{
	enum ct_status s = CT_OK;
	if (af->fd >= 0 && (s = atomicfile_close_fd(af, err)))
		return s;
	if (af->fd < 0 && af->tmp) {
		/* Written by name (VACUUM INTO): sync it by name. */
		int fd = open(af->tmp, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fsync(fd) != 0)
			s = ct_fail(err, CT_SYSTEM, _("cannot write %s to disk: %s"), af->path,
				    strerror(errno));
		if (fd >= 0)
			close(fd);
		if (s)
			return s;
	}
	bool replace = af->flags & ATOMICFILE_REPLACE;
	if (!af->tmp) {
		char proc[64];
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", af->fd);
		if (!replace) {
			/* linkat refuses an existing name atomically. */
			if (linkat(AT_FDCWD, proc, AT_FDCWD, af->path, AT_SYMLINK_FOLLOW) != 0)
				return errno == EEXIST
					       ? exists_already(af, err)
					       : ct_fail(err, CT_SYSTEM, _("cannot write %s: %s"),
							 af->path, strerror(errno));
			close(af->fd);
			af->fd = -1;
			sync_dir(af->dir);
			return CT_OK;
		}
		if ((s = name_anonymous(af, proc, err)))
			return s;
		close(af->fd);
		af->fd = -1;
	}
	if (!replace) {
		/* link() refuses an existing name atomically: a file created
		 * since the caller's check is not replaced either. */
		if (link(af->tmp, af->path) == 0) {
			unlink(af->tmp);
			x_free(&af->tmp);
			sync_dir(af->dir);
			return CT_OK;
		}
		if (errno == EEXIST)
			return exists_already(af, err);
		/* No hard links on this filesystem: rename after all. */
	}
	if (rename(af->tmp, af->path) != 0)
		return ct_fail(err, CT_SYSTEM, _("cannot write %s: %s"), af->path, strerror(errno));
	x_free(&af->tmp);
	sync_dir(af->dir);
	return CT_OK;
}

void atomicfile_abort(struct atomicfile *af)
{
	if (af->fd >= 0)
		close(af->fd);
	af->fd = -1;
	if (af->tmp) {
		unlink(af->tmp);
		char *j = xasprintf("%s-journal", af->tmp);
		unlink(j);
		free(j);
	}
	x_free(&af->tmp);
	x_free(&af->path);
	x_free(&af->dir);
}
