/* atomicfile.h - a file that appears whole under its name or not at all
 * (backups, reports written with -o), and whose temporary cannot be left
 * behind for good by a killed process.
 *
 * Where the filesystem has O_TMPFILE the temporary has no name until it
 * is linked in place: a kill leaves nothing. Otherwise, and for writers
 * that need a name (SQLite's VACUUM INTO opens its target by name), the
 * temporary is ".NAME.ctPID.XXXXXX" beside the target; the next
 * atomicfile_open() for the same target removes those of processes that
 * are gone. */
#ifndef CERTTRACK_ATOMICFILE_H
#define CERTTRACK_ATOMICFILE_H

#include <stdbool.h>
#include <sys/types.h>

#include "certtrack/status.h"

enum atomicfile_flags {
	ATOMICFILE_NAMED = 1 << 0,   /* the writer needs a path to the temporary */
	ATOMICFILE_REPLACE = 1 << 1, /* replace an existing target (--force) */
};

struct atomicfile {
	char *path; /* the target */
	char *dir;  /* its folder */
	char *tmp;  /* the named temporary; NULL while an O_TMPFILE has no name */
	int fd;     /* open for writing; -1 once closed */
	unsigned flags;
};

/* Creates the temporary for path with the given mode (umask applies).
 * Does not look at whether path exists: the caller refuses what it must
 * refuse first; commit refuses an existing target without REPLACE. */
enum ct_status atomicfile_open(struct atomicfile *af, const char *path, mode_t mode,
			       unsigned flags, struct ct_error *err);
/* Writes all of data; the message names the target. */
enum ct_status atomicfile_write(struct atomicfile *af, const void *data, size_t len,
				struct ct_error *err);
/* Closes the descriptor (a named temporary can then be written by name). */
enum ct_status atomicfile_close_fd(struct atomicfile *af, struct ct_error *err);
/* Syncs, puts the file in place and syncs the folder. An existing target
 * without ATOMICFILE_REPLACE is CT_FAILED with the target left alone. */
enum ct_status atomicfile_commit(struct atomicfile *af, struct ct_error *err);
/* Removes what is left of the temporary (and a -journal SQLite left
 * beside it) and frees: call it after every atomicfile_open, committed or
 * not. */
void atomicfile_abort(struct atomicfile *af);

/* Removes temporaries of path that dead processes left (".NAME.ctPID.XXXXXX"
 * of a pid that is gone, plain files of this user). Names without the
 * pid, such as the ".NAME.XXXXXX" of unreleased earlier builds, are left
 * alone: ".report.md.backup" could be someone's file. Returns how many
 * were removed. */
int atomicfile_clean_stale(const char *path);

#endif
