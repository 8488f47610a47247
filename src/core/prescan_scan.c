/* prescan_scan.c - the pre-scan's working state, shared by the policies
 * (prescan.c) and the licence tracing (prescan_licenses.c): a policy's
 * result, an instruction's line, the chain of stages that builds the final
 * one, the variables of a RUN carried along a stage, and heredocs that are
 * scripts. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/prescan_int.h"
#include "certtrack/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void ps_result_set(struct prescan_result *r, enum prescan_status st, int line,
		   const char *fix, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(r->message);
	r->message = xvasprintf(fmt, ap);
	va_end(ap);
	free(r->fix);
	r->fix = xstrdup(fix);
	r->status = st;
	r->line = line;
}

int ps_instr_line(const struct scan *sc, size_t i)
{
	return sc->df->instrs[i].line;
}

int ps_final_from_line(const struct scan *sc)
{
	const struct df_stage *sg = &sc->df->stages[sc->chain[sc->n_chain - 1]];
	return sc->df->instrs[sg->from].line;
}

void ps_chain_build(const struct dockerfile *df, size_t stage, size_t **chain, size_t *n)
{
	size_t len = 0;
	for (size_t s = stage; s != DF_NO_STAGE; s = df->stages[s].parent)
		len++;
	*chain = xcalloc(len, sizeof(**chain));
	*n = len;
	for (size_t s = stage; s != DF_NO_STAGE; s = df->stages[s].parent)
		(*chain)[--len] = s;
}

const struct df_env *ps_env_cache_at(const struct scan *sc, struct env_cache *c, size_t i)
{
	size_t stage = sc->df->instrs[i].stage;
	if (c->env && c->stage == stage && c->at <= i) {
		dockerfile_env_advance(sc->df, c->env, c->at, i);
	} else {
		dockerfile_env_free(c->env);
		c->env = dockerfile_env_at(sc->df, i);
		c->stage = stage;
	}
	c->at = i;
	return c->env;
}

/* Whether RUN hands its heredocs to a shell as the script. */
bool ps_heredoc_is_script(const char *cmd)
{
	struct toks t = { 0 };
	shell_lex(cmd, strlen(cmd), NULL, &t);
	bool script = true;
	for (size_t i = 0; i < t.n; i++)
		if (t.v[i].kind == TOK_WORD) {
			static const char *const shells[] = { "sh", "bash", "dash", "ash", "zsh", "ksh" };
			script = shell_word_in(shell_base_name(t.v[i].s), shells, ARRAY_SIZE(shells));
			break;
		}
	shell_toks_free(&t);
	return script;
}
