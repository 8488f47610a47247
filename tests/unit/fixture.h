/* fixture.h - shared set-up of the core unit tests: the template set of
 * the source tree, a store on a fresh temporary file, an ops context with a
 * fixed user and clock, and cleanup. Header-only: every helper is static
 * inline so that a test that does not use one gets no warning. */
#ifndef CERTTRACK_TEST_FIXTURE_H
#define CERTTRACK_TEST_FIXTURE_H

/* Include this header first: config.h turns on the system extensions
 * (nftw, mkdtemp) before any system header is read. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certtrack/ops.h"
#include "certtrack/status.h"
#include "certtrack/store.h"
#include "certtrack/template.h"
#include "certtrack/util.h"

/* The user every fixture acts as, and the fixed clock. */
#define FX_USER "tester"
#define FX_NOW "2024-05-06T07:08:09Z"

/* Directory part of __FILE__ (tests/unit), for a tree without make's
 * environment; "." when __FILE__ has no slash. */
static inline void fx_file_dir(char *out, size_t size)
{
	snprintf(out, size, "%s", __FILE__);
	char *slash = strrchr(out, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(out, size, ".");
}

/* The source tree's checklists/ folder: $CERTTRACK_CHECKLISTS (make check
 * sets it), else CT_SRCDIR from the build, else relative to this file. */
static inline const char *fx_checklists_dir(void)
{
	static char buf[PATH_MAX + 64];
	const char *env = getenv("CERTTRACK_CHECKLISTS");
	if (env && *env)
		return env;
#ifdef CT_SRCDIR
	snprintf(buf, sizeof(buf), "%s/checklists", CT_SRCDIR);
	struct stat sb;
	if (stat(buf, &sb) == 0)
		return buf;
#endif
	char dir[PATH_MAX];
	fx_file_dir(dir, sizeof(dir));
	snprintf(buf, sizeof(buf), "%s/../../checklists", dir);
	return buf;
}

/* The source tree's tests/ folder: $CERTTRACK_TEST_DATA, else derived
 * like fx_checklists_dir(). */
static inline const char *fx_tests_dir(void)
{
	static char buf[PATH_MAX + 64];
	const char *env = getenv("CERTTRACK_TEST_DATA");
	if (env && *env)
		return env;
#ifdef CT_SRCDIR
	snprintf(buf, sizeof(buf), "%s/tests", CT_SRCDIR);
	struct stat sb;
	if (stat(buf, &sb) == 0)
		return buf;
#endif
	char dir[PATH_MAX];
	fx_file_dir(dir, sizeof(dir));
	snprintf(buf, sizeof(buf), "%s/..", dir);
	return buf;
}

/* Path of a file under tests/templates/, in a static buffer. */
static inline const char *fx_template_path(const char *rel)
{
	static char buf[PATH_MAX + 64];
	snprintf(buf, sizeof(buf), "%s/templates/%s", fx_tests_dir(), rel);
	return buf;
}

static inline void fx_fix_env(void)
{
	setenv("CERTTRACK_NOW", FX_NOW, 1);
	setenv("CERTTRACK_USER", FX_USER, 1);
	setenv("TZ", "UTC", 1);
}

/* A fresh temporary directory (mkdtemp); path in out. */
static inline void fx_tempdir(char *out, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(out, size, "%s/certtrack-test.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(out));
}

static inline int fx_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	/* Files the tests made read-only, and folders made unsearchable. */
	chmod(path, 0700);
	return remove(path);
}

static inline void fx_rm_rf(const char *path)
{
	if (path && *path)
		nftw(path, fx_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The whole fixture: templates, a store in a temp dir, an ops context. */
struct fx {
	char dir[PATH_MAX];
	char db[PATH_MAX + 32];
	struct template_set set;
	struct store *st;
	struct ops_ctx ops;
	struct ct_error err;
	struct problems probs;
};

static inline void fx_load_templates(struct template_set *set)
{
	const char *dirs[] = {fx_checklists_dir()};
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status s = template_set_load(dirs, 1, set, &err);
	if (s)
		fail_msg("cannot load the templates from %s: %s", dirs[0], err.msg);
}

/* cmocka set-up: templates loaded, an empty database opened. */
static inline int fx_setup(void **state)
{
	fx_fix_env();
	struct fx *f = xcalloc(1, sizeof(*f));
	fx_tempdir(f->dir, sizeof(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/certtrack.db", f->dir);
	fx_load_templates(&f->set);
	ct_error_clear(&f->err);
	enum ct_status s = store_open(f->db, &f->st, &f->err);
	if (s)
		fail_msg("store_open(%s): %s", f->db, f->err.msg);
	f->ops.st = f->st;
	f->ops.templates = &f->set;
	f->ops.user = FX_USER;
	*state = f;
	return 0;
}

/* cmocka set-up without a store (the store tests open their own). */
static inline int fx_setup_dir(void **state)
{
	fx_fix_env();
	struct fx *f = xcalloc(1, sizeof(*f));
	fx_tempdir(f->dir, sizeof(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/certtrack.db", f->dir);
	ct_error_clear(&f->err);
	*state = f;
	return 0;
}

static inline int fx_teardown(void **state)
{
	struct fx *f = *state;
	if (!f)
		return 0;
	store_close(f->st);
	template_set_free(&f->set);
	problems_free(&f->probs);
	fx_rm_rf(f->dir);
	free(f);
	*state = NULL;
	return 0;
}

/* Clears the error and the problem list before the next operation. */
static inline void fx_reset(struct fx *f)
{
	ct_error_clear(&f->err);
	problems_free(&f->probs);
	memset(&f->probs, 0, sizeof(f->probs));
}

/* A path inside the fixture's directory, in a static buffer per slot. */
static inline const char *fx_path(struct fx *f, const char *name)
{
	static char buf[4][PATH_MAX + 64];
	static int slot;
	slot = (slot + 1) % 4;
	snprintf(buf[slot], sizeof(buf[slot]), "%s/%s", f->dir, name);
	return buf[slot];
}

/* Writes len bytes to path (mode 0644), replacing it. */
static inline void fx_write_file(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	if (len)
		assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* Reads a whole file; *len receives its size. The caller frees. */
static inline char *fx_read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	struct strbuf sb = {0};
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_addn(&sb, buf, n);
	fclose(fp);
	*len = sb.len;
	if (!sb.buf)
		return xstrdup("");
	return sb_detach(&sb);
}

static inline bool fx_has_problem(const struct problems *ps, const char *rule, const char *field)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->v[i].rule, rule) == 0 && (!field || str_eq(ps->v[i].field, field)))
			return true;
	return false;
}

/* True when some problem's rule starts with prefix. */
static inline bool fx_has_rule_prefix(const struct problems *ps, const char *prefix)
{
	for (size_t i = 0; i < ps->n; i++)
		if (str_starts_with(ps->v[i].rule, prefix))
			return true;
	return false;
}

/* Prints the problems (on a failure, to see why). */
static inline void fx_print_problems(const struct problems *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		print_message("  %s [%s] field=%s item=%s %s\n",
			      ps->v[i].severity == CT_SEV_ERROR ? "error" : "warning", ps->v[i].rule,
			      ps->v[i].field ? ps->v[i].field : "-", ps->v[i].item ? ps->v[i].item : "-",
			      ps->v[i].message);
}

/* Asserts an operation's status, printing the error and problems when it
 * differs. */
#define fx_expect(f, expr, want)                                                      \
	do {                                                                          \
		enum ct_status fx_st_ = (expr);                                       \
		if (fx_st_ != (want)) {                                               \
			print_message("%s:%d: %s returned %d, expected %d: %s\n", __FILE__, \
				      __LINE__, #expr, (int)fx_st_, (int)(want), (f)->err.msg); \
			fx_print_problems(&(f)->probs);                               \
			fail();                                                       \
		}                                                                     \
	} while (0)

#endif
