/* prescan_context.c - the build context as the pre-scan sees it: paths
 * resolved as the builder resolves them (WORKDIR, "..", absolute paths),
 * the .dockerignore patterns (with "!" exceptions), and whether a COPY
 * source exists and holds a non-empty file (has_licenses). */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/prescan_int.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Normalises an absolute path: no "//", ".", ".." or trailing '/'. One
 * pass into one buffer: every COPY, WORKDIR and path a RUN names comes
 * through here. */
char *ctx_path_clean(const char *p)
{
	char *out = xmalloc(strlen(p) + 2);
	size_t len = 0;
	for (const char *s = p; *s;) {
		if (*s == '/') {
			s++;
			continue;
		}
		size_t c = strcspn(s, "/");
		if (c == 2 && s[0] == '.' && s[1] == '.') {
			while (len && out[len - 1] != '/')
				len--;
			if (len)
				len--; /* and its '/' */
		} else if (c != 1 || s[0] != '.') {
			out[len++] = '/';
			memcpy(out + len, s, c);
			len += c;
		}
		s += c;
	}
	if (!len)
		out[len++] = '/';
	out[len] = '\0';
	return out;
}

char *ctx_path_resolve(const char *workdir, const char *p)
{
	if (p[0] == '/')
		return ctx_path_clean(p);
	char *j = xasprintf("%s/%s", workdir, p);
	char *c = ctx_path_clean(j);
	free(j);
	return c;
}

bool ctx_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (strcmp(dir, "/") == 0)
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* .dockerignore: the last matching pattern decides; a pattern excludes the
 * folders it matches with everything below them. */
bool ctx_ignored(const struct scan *sc, const char *rel)
{
	bool out = false;
	for (size_t i = 0; i < sc->ignore.n; i++) {
		const char *pat = sc->ignore.v[i];
		bool neg = pat[0] == '!';
		if (neg)
			pat++;
		int flags = strstr(pat, "**") ? 0 : FNM_PATHNAME;
		bool match = false;
		char *p = xstrdup(rel);
		for (;;) {
			if (fnmatch(pat, p, flags) == 0) {
				match = true;
				break;
			}
			char *slash = strrchr(p, '/');
			if (!slash)
				break;
			*slash = '\0';
		}
		free(p);
		if (match)
			out = !neg;
	}
	return out;
}

void ctx_ignore_load(struct scan *sc, const char *file)
{
	char *path = xasprintf("%s.dockerignore", file);
	FILE *fp = fopen(path, "r");
	free(path);
	if (!fp) {
		path = xasprintf("%s/.dockerignore", sc->context);
		fp = fopen(path, "r");
		free(path);
	}
	if (!fp)
		return;
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, fp) > 0) {
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		size_t n = strlen(s);
		while (n && isspace((unsigned char)s[n - 1]))
			s[--n] = '\0';
		if (!*s || *s == '#')
			continue;
		bool neg = *s == '!';
		const char *pat = neg ? s + 1 : s;
		char *abs = xasprintf("/%s", pat);
		char *clean = ctx_path_clean(abs);
		strlist_add_owned(&sc->ignore, xasprintf("%s%s", neg ? "!" : "", clean + 1));
		free(abs);
		free(clean);
	}
	free(line);
	fclose(fp);
}

/* A non-empty regular file at or below rel in the context, honouring
 * .dockerignore; *budget bounds the walk. */
bool ctx_has_content(const struct scan *sc, const char *rel, int depth, size_t *budget)
{
	if (!*budget || depth > MAX_TREE_DEPTH)
		return false;
	(*budget)--;
	if (*rel && ctx_ignored(sc, rel))
		return false;
	char *full = xasprintf("%s/%s", sc->context, rel);
	struct stat st;
	bool ok = false;
	if (stat(full, &st) == 0) {
		if (S_ISREG(st.st_mode)) {
			ok = st.st_size > 0;
		} else if (S_ISDIR(st.st_mode)) {
			DIR *d = opendir(full);
			struct dirent *e;
			while (d && !ok && (e = readdir(d)) != NULL) {
				if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
					continue;
				char *sub = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
				ok = ctx_has_content(sc, sub, depth + 1, budget);
				free(sub);
			}
			if (d)
				closedir(d);
		}
	}
	free(full);
	return ok;
}

/* A glob over the context; metacharacters in the context path escaped. */
char *ctx_glob_pattern(const char *context, const char *rel)
{
	struct strbuf sb = { 0 };
	for (const char *p = context; *p; p++) {
		if (strchr("*?[\\", *p))
			sb_addc(&sb, '\\');
		sb_addc(&sb, *p);
	}
	sb_addf(&sb, "/%s", rel);
	return sb_detach(&sb);
}

enum src_state ctx_source_state(const struct scan *sc, const char *src)
{
	char *abs = ctx_path_resolve("/", src);
	const char *rel = abs + 1; /* context-relative; ".." cannot leave it */
	enum src_state st;
	size_t budget = MAX_TREE_ENTRIES;
	if (strpbrk(rel, "*?[")) {
		char *pat = ctx_glob_pattern(sc->context, rel);
		glob_t g;
		st = SRC_MISSING;
		if (glob(pat, 0, NULL, &g) == 0) {
			size_t clen = strlen(sc->context) + 1;
			for (size_t i = 0; i < g.gl_pathc && st != SRC_OK; i++) {
				const char *r = g.gl_pathv[i] + clen;
				if (ctx_ignored(sc, r))
					st = st == SRC_MISSING ? SRC_IGNORED : st;
				else if (ctx_has_content(sc, r, 0, &budget))
					st = SRC_OK;
				else
					st = SRC_EMPTY;
			}
			globfree(&g);
		}
		free(pat);
	} else {
		char *full = xasprintf("%s/%s", sc->context, rel);
		struct stat sb;
		if (stat(full, &sb) != 0)
			st = SRC_MISSING;
		else if (*rel && ctx_ignored(sc, rel))
			st = SRC_IGNORED;
		else
			st = ctx_has_content(sc, rel, 0, &budget) ? SRC_OK : SRC_EMPTY;
		free(full);
	}
	free(abs);
	return st;
}

bool ctx_is_url(const char *s)
{
	return str_starts_with(s, "http://") || str_starts_with(s, "https://") ||
	       str_starts_with(s, "git@") || str_ends_with(s, ".git");
}

const struct df_heredoc *ctx_heredoc_of(const struct df_instr *in, const char *arg)
{
	if (!strstr(arg, "<<"))
		return NULL;
	const char *p = strstr(arg, "<<") + 2;
	if (*p == '-')
		p++;
	for (size_t h = 0; h < in->n_heredocs; h++) {
		const char *n = in->heredocs[h].name;
		size_t len = strlen(n);
		const char *q = strstr(p, n);
		if (q && (q == p || q == p + 1) && strlen(q) <= len + 1)
			return &in->heredocs[h];
	}
	return NULL;
}

char *ctx_path_dirname(const char *p)
{
	const char *slash = strrchr(p, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == p)
		return xstrdup("/");
	return xstrndup(p, (size_t)(slash - p));
}
