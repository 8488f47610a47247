/* prescan_licenses.c - has_licenses: where license text reaches
 * /licenses in the final image. A COPY or ADD whose sources exist in the
 * build context as non-empty files passes; COPY --from follows the stage
 * it takes from; a RUN that copies, moves, installs or downloads into
 * /licenses (ARG/ENV substituted) warns, its content being known only on
 * the built image; mkdir alone, or nothing, fails. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/prescan_int.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The stage a COPY --from names (a name or an index), or DF_NO_STAGE. */
static size_t from_stage(const struct dockerfile *df, const struct df_instr *in, const char *from)
{
	size_t cur = in->stage;
	char *end;
	errno = 0;
	unsigned long idx = strtoul(from, &end, 10);
	if (*from && !*end && !errno && idx < cur)
		return (size_t)idx;
	size_t found = dockerfile_stage_find(df, from); /* hashed: no walk over stages */
	return found != DF_NO_STAGE && found < cur ? found : DF_NO_STAGE;
}

struct license_copy {
	size_t instr;
	enum src_state state;
	char *dest;
	char *bad_src; /* first source that is not OK */
};

/* The words of a RUN, its variables substituted as the shell would (ARG
 * and ENV are in its environment); JSON form runs no shell. */
void ps_run_words(struct scan *sc, size_t i, struct env_cache *cache, struct toks *t)
{
	const struct df_instr *in = &sc->df->instrs[i];
	t->budget = &sc->budget;
	const struct df_env *env = in->json ? NULL : ps_env_cache_at(sc, cache, i);
	for (size_t k = 0; k < in->n_args; k++) {
		if (in->json)
			shell_toks_add(t, TOK_WORD, xstrdup(in->args[k]), false);
		else
			shell_lex(in->args[k], strlen(in->args[k]), env, t);
	}
	if (!in->json && (!in->n_args || ps_heredoc_is_script(in->args[0])))
		for (size_t h = 0; h < in->n_heredocs; h++)
			shell_lex(in->heredocs[h].body, strlen(in->heredocs[h].body),
				  env, t);
	if (t->over && !sc->limit_line)
		sc->limit_line = in->line;
}

/* Whether a RUN may write into dir (/licenses): more than mkdir/chmod on
 * it. */
static bool run_writes_dir(struct scan *sc, size_t i, struct env_cache *cache,
			   const char *workdir, const char *dir, bool *mkdir_only)
{
	static const char *const harmless[] = {
		"mkdir", "chmod", "chown", "chgrp", "ls", "test", "[", "stat", "restorecon",
	};
	struct toks t = { 0 };
	ps_run_words(sc, i, cache, &t);
	bool writes = false;
	const char *cmd = NULL;
	for (size_t j = 0; j < t.n && !writes; j++) {
		const struct tok *k = &t.v[j];
		if (k->kind == TOK_SEP) {
			cmd = NULL;
			continue;
		}
		if (k->kind == TOK_WORD && !cmd) {
			if (!shell_is_assignment(k->s))
				cmd = shell_base_name(k->s);
			continue;
		}
		if (k->kind == TOK_REDIN)
			continue; /* read from, not written */
		char *p = ctx_path_resolve(workdir, k->s);
		bool lic = ctx_under(p, dir) || ctx_under(dir, p);
		free(p);
		if (!lic)
			continue;
		if (k->kind == TOK_REDIR || !cmd || !shell_word_in(cmd, harmless, ARRAY_SIZE(harmless)))
			writes = true;
		else if (strcmp(cmd, "mkdir") == 0)
			*mkdir_only = true;
	}
	shell_toks_free(&t);
	return writes;
}

/* Sources of one COPY/ADD: SRC_OK when any gives license text. */
static enum src_state copy_state(struct scan *sc, const struct df_instr *in,
				 const char *dest, int depth, char **bad);

/* Whether stage s (with its parents) put license text at path. */
static enum src_state stage_provides(struct scan *sc, size_t s, const char *path, int depth)
{
	size_t *chain, n = 0;
	for (size_t k = s; k != DF_NO_STAGE && n <= *sc->walk; k = sc->df->stages[k].parent)
		n++;
	if (n > *sc->walk) {
		*sc->walk = 0;
		return SRC_UNVERIFIED;
	}
	*sc->walk -= n;
	ps_chain_build(sc->df, s, &chain, &n);
	enum src_state best = SRC_MISSING;
	struct env_cache cache = { 0 };
	char *wd = xstrdup("/");
	for (size_t c = 0; c < n; c++) {
		const struct df_stage *sg = &sc->df->stages[chain[c]];
		for (size_t i = sg->first; i < sg->end; i++) {
			if (!*sc->walk) {
				free(wd);
				free(chain);
				dockerfile_env_free(cache.env);
				return best == SRC_OK ? SRC_OK : SRC_UNVERIFIED;
			}
			(*sc->walk)--;
			const struct df_instr *in = &sc->df->instrs[i];
			if (in->kind == DF_WORKDIR && in->n_args) {
				char *w = ctx_path_resolve(wd, in->args[0]);
				free(wd);
				wd = w;
			}
			if (in->kind == DF_RUN) {
				/* RUN mkdir /licenses && cp ... in a builder stage */
				bool mk = false;
				if (best != SRC_OK && run_writes_dir(sc, i, &cache, wd, path, &mk)) {
					if (best == SRC_MISSING)
						best = SRC_RUN;
					if (!sc->run_provides_line)
						sc->run_provides_line = in->line;
				}
				continue;
			}
			if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->n_args < 2)
				continue;
			char *d = ctx_path_resolve(wd, in->args[in->n_args - 1]);
			bool match = ctx_under(d, path) || ctx_under(path, d) || fnmatch(path, d, 0) == 0;
			if (match) {
				char *bad = NULL;
				enum src_state st = copy_state(sc, in, d, depth + 1, &bad);
				free(bad);
				if (st == SRC_OK || (st == SRC_UNVERIFIED && best != SRC_OK) ||
				    (st == SRC_RUN && best == SRC_MISSING))
					best = st;
			}
			free(d);
		}
	}
	free(wd);
	free(chain);
	dockerfile_env_free(cache.env);
	return best;
}

static enum src_state copy_state(struct scan *sc, const struct df_instr *in,
				 const char *dest, int depth, char **bad)
{
	(void)dest;
	const struct df_flag *from = dockerfile_flag(in, "from");
	enum src_state worst = SRC_OK;
	bool any_ok = false;
	for (size_t k = 0; k + 1 < in->n_args; k++) {
		const char *src = in->args[k];
		enum src_state st;
		const struct df_heredoc *hd = ctx_heredoc_of(in, src);
		if (hd) {
			st = str_is_empty(hd->body) ? SRC_EMPTY : SRC_OK;
		} else if (from && from->value) {
			size_t s = from_stage(sc->df, in, from->value);
			if (s == DF_NO_STAGE || depth >= MAX_NESTING) {
				st = SRC_UNVERIFIED;
			} else {
				char *p = ctx_path_resolve("/", src);
				st = stage_provides(sc, s, p, depth);
				free(p);
			}
		} else if (in->kind == DF_ADD && ctx_is_url(src)) {
			st = SRC_UNVERIFIED;
		} else {
			st = ctx_source_state(sc, src);
			if (st == SRC_MISSING && in->unresolved)
				st = SRC_UNVERIFIED;
		}
		if (st == SRC_OK) {
			any_ok = true;
		} else {
			if (!*bad)
				*bad = xstrdup(src);
			if (worst == SRC_OK || st == SRC_UNVERIFIED)
				worst = st;
		}
	}
	return any_ok ? SRC_OK : worst;
}

void check_licenses(struct scan *sc, struct prescan_result *r)
{
	struct license_copy best = { .instr = DF_NO_STAGE, .state = SRC_MISSING };
	int mkdir_line = 0, run_line = 0;
	bool dir_made = false;
	int file_not_dir = 0;
	struct env_cache cache = { 0 };
	char *wd = xstrdup("/");
	FOR_CHAIN(sc, i) {
		const struct df_instr *in = &sc->df->instrs[i];
		if (in->kind == DF_FROM) {
			free(wd);
			wd = xstrdup("/");
			continue;
		}
		if (in->kind == DF_WORKDIR && in->n_args) {
			char *w = ctx_path_resolve(wd, in->args[0]);
			free(wd);
			wd = w;
			/* WORKDIR creates the folder */
			if (ctx_under(wd, "/licenses"))
				dir_made = true;
			continue;
		}
		if (in->kind == DF_RUN) {
			bool mk = false;
			if (run_writes_dir(sc, i, &cache, wd, "/licenses", &mk)) {
				if (!run_line)
					run_line = in->line;
				dir_made = true;
			}
			if (mk) {
				dir_made = true;
				if (!mkdir_line)
					mkdir_line = in->line;
			}
			continue;
		}
		if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->n_args < 2)
			continue;
		const char *dest_raw = in->args[in->n_args - 1];
		char *dest = ctx_path_resolve(wd, dest_raw);
		if (!ctx_under(dest, "/licenses")) {
			free(dest);
			continue;
		}
		if (best.instr != DF_NO_STAGE && best.state == SRC_OK) {
			/* license text is there already: nothing can be better */
			free(dest);
			continue;
		}
		char *bad = NULL;
		enum src_state st = copy_state(sc, in, dest, 0, &bad);
		/* "COPY one-file /licenses" without the folder existing makes
		 * /licenses a file, not a folder holding one */
		if (st == SRC_OK && strcmp(dest, "/licenses") == 0 && !dir_made &&
		    !str_ends_with(dest_raw, "/") && in->n_args == 2 && !file_not_dir) {
			struct stat sb;
			char *full = xasprintf("%s/%s", sc->context, in->args[0]);
			if (!ctx_heredoc_of(in, in->args[0]) && !dockerfile_flag(in, "from") &&
			    stat(full, &sb) == 0 && S_ISREG(sb.st_mode))
				file_not_dir = in->line;
			free(full);
		}
		if (st == SRC_OK)
			dir_made = true;
		/* keep the best evidence: OK, then unverified, then the rest */
		bool better = best.instr == DF_NO_STAGE || (st == SRC_OK && best.state != SRC_OK) ||
			      ((st == SRC_UNVERIFIED || st == SRC_RUN) && best.state != SRC_OK &&
			       best.state != SRC_UNVERIFIED && best.state != SRC_RUN);
		if (better) {
			free(best.dest);
			free(best.bad_src);
			best = (struct license_copy){ i, st, dest, bad };
		} else {
			free(dest);
			free(bad);
		}
	}
	free(wd);
	dockerfile_env_free(cache.env);

	const char *fix = _("put the license text in the build context (e.g. licenses/LICENSE) and add `COPY licenses/ /licenses/` to the final stage");
	int line = best.instr != DF_NO_STAGE ? ps_instr_line(sc, best.instr) : 0;
	enum src_state state = best.instr == DF_NO_STAGE ? SRC_MISSING : best.state;
	/* A command that puts text there is as good as a COPY whose sources
	 * cannot be checked, unless a COPY fails the build anyway. */
	if (state == SRC_RUN) {
		/* COPY --from a stage whose RUN put the text there */
		run_line = sc->run_provides_line ? sc->run_provides_line : line;
		state = SRC_UNVERIFIED;
	}
	if (run_line && state != SRC_OK &&
	    (best.instr == DF_NO_STAGE || state == SRC_EMPTY || state == SRC_UNVERIFIED)) {
		ps_result_set(r, PRESCAN_WARN, run_line,
			   _("copy the license text from the build context with `COPY licenses/ /licenses/` so that it can be checked before the build"),
			   _("license text is placed by a command at line %d; its content can only be checked on the built image"),
			   run_line);
		free(best.dest);
		free(best.bad_src);
		return;
	}
	switch (state) {
	case SRC_OK:
		if (file_not_dir && file_not_dir == line)
			ps_result_set(r, PRESCAN_WARN, line,
				   _("write the destination as /licenses/ (or create the folder first) so that it is a folder"),
				   _("line %d copies a single file to /licenses, which makes /licenses a file unless the base image has that folder"),
				   line);
		else
			ps_result_set(r, PRESCAN_PASS, line, NULL,
				   _("line %d copies license text into %s"), line, best.dest);
		break;
	case SRC_RUN: /* made SRC_UNVERIFIED above */
	case SRC_UNVERIFIED:
		ps_result_set(r, PRESCAN_UNKNOWN, line,
			   _("copy the license text from the build context to be sure"),
			   _("line %d copies %s into %s from a URL, another image or a variable without value; it cannot be checked before the build"),
			   line, best.bad_src, best.dest);
		break;
	case SRC_EMPTY:
		ps_result_set(r, PRESCAN_FAIL, line, fix,
			   _("line %d copies %s into %s, but it is empty in the build context %s"), line,
			   best.bad_src, best.dest, sc->context);
		break;
	case SRC_IGNORED:
		ps_result_set(r, PRESCAN_FAIL, line,
			   _("remove the pattern that excludes it from .dockerignore"),
			   _("line %d copies %s into %s, but .dockerignore leaves it out of the build context"),
			   line, best.bad_src, best.dest);
		break;
	case SRC_MISSING:
		if (best.instr != DF_NO_STAGE)
			ps_result_set(r, PRESCAN_FAIL, line, fix,
				   _("line %d copies %s into %s, but it is not in the build context %s"),
				   line, best.bad_src, best.dest, sc->context);
		else if (mkdir_line)
			ps_result_set(r, PRESCAN_FAIL, mkdir_line, fix,
				   _("line %d creates /licenses, but nothing copies license text into it"),
				   mkdir_line);
		else
			ps_result_set(r, PRESCAN_FAIL, ps_final_from_line(sc), fix,
				   _("the final stage copies no license text under /licenses"));
		break;
	}
	free(best.dest);
	free(best.bad_src);
}
