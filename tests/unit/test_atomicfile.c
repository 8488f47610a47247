/* test_atomicfile.c - unit tests of the one routine that writes backups
 * and reports: whole or not at all, an existing file kept unless asked,
 * no temporary left after a commit or an abort, and stale temporaries of
 * dead processes removed by the next writer. */
#include "fixture.h"

#include <dirent.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <utime.h>

#include "certtrack/atomicfile.h"

/* Names in dir starting with a dot, other than . and .. */
static int hidden_files(const char *dir, char *names, size_t size)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	names[0] = '\0';
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] != '.' || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		size_t used = strlen(names);
		snprintf(names + used, size - used, " %s", e->d_name);
		n++;
	}
	closedir(d);
	return n;
}

static void write_file(struct fx *f, const char *path, const char *text, unsigned flags,
		       enum ct_status want)
{
	struct atomicfile af;
	fx_expect(f, atomicfile_open(&af, path, 0644, flags, &f->err), CT_OK);
	fx_expect(f, atomicfile_write(&af, text, strlen(text), &f->err), CT_OK);
	enum ct_status s = atomicfile_commit(&af, &f->err);
	atomicfile_abort(&af);
	if (s != want)
		fail_msg("commit of %s: %d, expected %d: %s", path, (int)s, (int)want, f->err.msg);
	fx_reset(f);
}

static void whole_or_refused(void **state)
{
	struct fx *f = *state;
	const char *path = fx_path(f, "out.json");
	char names[4096];
	write_file(f, path, "first", 0, CT_OK);
	size_t len = 0;
	char *got = fx_read_file(path, &len);
	assert_string_equal(got, "first");
	free(got);
	/* Exists: refused without REPLACE, the file unchanged. */
	write_file(f, path, "second", 0, CT_FAILED);
	got = fx_read_file(path, &len);
	assert_string_equal(got, "first");
	free(got);
	write_file(f, path, "third", ATOMICFILE_REPLACE, CT_OK);
	got = fx_read_file(path, &len);
	assert_string_equal(got, "third");
	free(got);
	/* Named temporaries too (what backup uses). */
	write_file(f, fx_path(f, "named.db"), "n", ATOMICFILE_NAMED, CT_OK);
	write_file(f, fx_path(f, "named.db"), "m", ATOMICFILE_NAMED | ATOMICFILE_REPLACE, CT_OK);
	if (hidden_files(f->dir, names, sizeof(names)))
		fail_msg("temporaries left after commits:%s", names);
}

static void abort_leaves_nothing(void **state)
{
	struct fx *f = *state;
	char names[4096];
	for (unsigned flags = 0; flags <= ATOMICFILE_NAMED; flags += ATOMICFILE_NAMED) {
		struct atomicfile af;
		fx_expect(f, atomicfile_open(&af, fx_path(f, "gone.db"), 0600, flags, &f->err), CT_OK);
		fx_expect(f, atomicfile_write(&af, "x", 1, &f->err), CT_OK);
		atomicfile_abort(&af);
	}
	struct stat sb;
	assert_int_not_equal(stat(fx_path(f, "gone.db"), &sb), 0);
	if (hidden_files(f->dir, names, sizeof(names)))
		fail_msg("temporaries left after aborts:%s", names);
}

/* A process killed while writing leaves its named temporary: the next
 * writer of the same file removes it, not those of live processes. */
static void stale_removed(void **state)
{
	struct fx *f = *state;
	char names[4096];
	const char *path = fx_path(f, "out.db");
	/* A child that opens a named temporary and dies without cleaning. */
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct atomicfile af;
		struct ct_error err;
		ct_error_clear(&err);
		if (atomicfile_open(&af, path, 0600, ATOMICFILE_NAMED, &err))
			_exit(1);
		_exit(0);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(hidden_files(f->dir, names, sizeof(names)), 1);
	/* One of a live process (the parent's pid), and names without a pid
	 * (someone's file, or an earlier naming): all kept. */
	char *live = xasprintf("%s/.out.db.ct%ld.AbCdEf", f->dir, (long)getppid());
	char *nopid = xasprintf("%s/.out.db.backup", f->dir);
	char *other = xasprintf("%s/.out.db.swp", f->dir);
	fx_write_file(live, "l", 1);
	fx_write_file(nopid, "o", 1);
	fx_write_file(other, "s", 1);
	struct utimbuf ut = {.actime = time(NULL) - 7200, .modtime = time(NULL) - 7200};
	assert_int_equal(utime(nopid, &ut), 0);
	assert_int_equal(atomicfile_clean_stale(path), 1);
	struct stat sb;
	assert_int_equal(stat(live, &sb), 0);
	assert_int_equal(stat(nopid, &sb), 0);
	assert_int_equal(stat(other, &sb), 0);
	assert_int_equal(hidden_files(f->dir, names, sizeof(names)), 3);
	free(live);
	free(nopid);
	free(other);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup_dir, fx_teardown)

int main(void)
{
	fx_fix_env();
	const struct CMUnitTest tests[] = {
		T(whole_or_refused),
		T(abort_leaves_nothing),
		T(stale_removed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
