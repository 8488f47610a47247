/* fuzz.h - shared set-up of the libFuzzer harnesses: a scratch folder
 * (in /dev/shm when there is one: SQLite's fsyncs are free there), the
 * source tree's templates, a fixed clock and user, and files written
 * from the fuzzer's bytes for the loaders that read paths. */
#ifndef CERTTRACK_FUZZ_H
#define CERTTRACK_FUZZ_H

#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certtrack/ops.h"
#include "certtrack/status.h"
#include "certtrack/store.h"
#include "certtrack/merge.h"
#include "certtrack/prescan.h"
#include "certtrack/template.h"
#include "certtrack/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property the harness checks failed: abort so libFuzzer saves the
 * input as a crash. */
#define FUZZ_ASSERT(cond, ...)                                                     \
	do {                                                                       \
		if (!(cond)) {                                                     \
			fprintf(stderr, "fuzz property failed: %s: ", #cond);      \
			fprintf(stderr, __VA_ARGS__);                              \
			fputc('\n', stderr);                                       \
			abort();                                                   \
		}                                                                  \
	} while (0)

static char fuzz_dir_path[PATH_MAX];

/* At exit: the scratch folder holds only files the harnesses wrote. */
static inline void fuzz_dir_remove(void)
{
	DIR *d = opendir(fuzz_dir_path);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char p[PATH_MAX + 256];
		snprintf(p, sizeof(p), "%s/%s", fuzz_dir_path, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(fuzz_dir_path);
}

static inline const char *fuzz_dir(void)
{
	char *dir = fuzz_dir_path;
	if (!dir[0]) {
		struct stat sb;
		const char *base = stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) &&
					   access("/dev/shm", W_OK) == 0
				   ? "/dev/shm"
				   : (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		snprintf(dir, sizeof(fuzz_dir_path), "%s/certtrack-fuzz.XXXXXX", base);
		if (!mkdtemp(dir)) {
			perror("mkdtemp");
			abort();
		}
		atexit(fuzz_dir_remove);
		setenv("CERTTRACK_NOW", "2024-05-06T07:08:09Z", 1);
		setenv("CERTTRACK_USER", "fuzzer", 1);
	}
	return dir;
}

/* path inside the scratch folder (static buffer per slot). */
static inline const char *fuzz_path(const char *name)
{
	static char buf[4][PATH_MAX + 64];
	static int slot;
	slot = (slot + 1) % 4;
	snprintf(buf[slot], sizeof(buf[slot]), "%s/%s", fuzz_dir(), name);
	return buf[slot];
}

static inline void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		perror(path);
		abort();
	}
	for (size_t off = 0; off < size;) {
		ssize_t w = write(fd, data + off, size - off);
		if (w <= 0) {
			perror(path);
			abort();
		}
		off += (size_t)w;
	}
	close(fd);
}

/* The source tree's checklists, loaded once. */
static inline const struct template_set *fuzz_templates(void)
{
	static struct template_set set;
	static int loaded;
	if (!loaded) {
		const char *env = getenv("CERTTRACK_CHECKLISTS");
		const char *dirs[] = {env && *env ? env : CT_SRCDIR "/checklists"};
		struct ct_error err;
		ct_error_clear(&err);
		if (template_set_load(dirs, 1, &set, &err)) {
			fprintf(stderr, "cannot load the templates: %s\n", err.msg);
			abort();
		}
		loaded = 1;
	}
	return &set;
}

/* A fresh, empty database named name in the scratch folder. */
/* The pre-scan's lists of the shipped default template, so that a run
 * checks what a real lint checks. */
static inline const struct prescan_options *fuzz_prescan_options(void)
{
	static struct prescan_options o;
	static char *base;
	const struct template *t = template_set_default(fuzz_templates(), NULL, NULL);
	if (t && !o.rules) {
		base = template_base_image(t, NULL);
		o.rules = &t->prescan;
		o.base_image = base;
	}
	return &o;
}

static inline struct store *fuzz_fresh_store(const char *name)
{
	const char *path = fuzz_path(name);
	unlink(path);
	struct store *st = NULL;
	struct ct_error err;
	ct_error_clear(&err);
	if (store_open(path, &st, &err)) {
		fprintf(stderr, "store_open %s: %s\n", path, err.msg);
		abort();
	}
	return st;
}

#endif
