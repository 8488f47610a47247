/* prescan_shell.c - the pre-scan's small shell reader: RUN text split into
 * words and separators, quotes removed and ARG/ENV values substituted as
 * far as a static reading can, and the command name found past keywords,
 * assignments and wrappers. Enough to find what a RUN installs, copies
 * or changes; not a shell. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/prescan_int.h"
#include "certtrack/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void shell_toks_add_fixed(struct toks *t, enum tok_kind kind, char *s, bool unresolved,
			   size_t fixed)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	t->v[t->n++] = (struct tok){ kind, s, unresolved, fixed };
}

void shell_toks_add(struct toks *t, enum tok_kind kind, char *s, bool unresolved)
{
	shell_toks_add_fixed(t, kind, s, unresolved, TOK_ALL_FIXED);
}

void shell_toks_free(struct toks *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].s);
	x_free(&t->v);
	t->n = t->cap = 0;
}

struct lexer {
	const char *s;
	size_t i, len;
	const struct df_env *env;
	struct toks *out;
	struct strbuf w;
	bool in_word, unresolved, redir, redir_in, redir_dup;
	size_t fixed;        /* of the word being read */
	struct strlist subs; /* $(...) and `...` bodies, read after the rest */
	int depth;
};

static void lex_end_word(struct lexer *lx)
{
	if (!lx->in_word)
		return;
	if (lx->redir && lx->redir_dup && lx->w.len &&
	    strspn(lx->w.buf, "0123456789-") == lx->w.len) {
		/* 2>&1, >&-: a descriptor, not a file */
		sb_reset(&lx->w);
		lx->in_word = lx->unresolved = lx->redir = lx->redir_dup = false;
		lx->fixed = TOK_ALL_FIXED;
		return;
	}
	shell_toks_add_fixed(lx->out, lx->redir ? (lx->redir_in ? TOK_REDIN : TOK_REDIR) : TOK_WORD,
		       sb_detach(&lx->w),
		       lx->unresolved, lx->fixed);
	lx->in_word = lx->unresolved = lx->redir = false;
	lx->fixed = TOK_ALL_FIXED;
}

/* The word so far is fixed; what follows is not known statically. */
static void lex_unfixed(struct lexer *lx)
{
	if (lx->fixed == TOK_ALL_FIXED)
		lx->fixed = lx->w.len;
	lx->in_word = true;
}

/* $(...) or `...` at lx->i: the output is part of the word, unknown
 * here; the command inside is read as a command of its own. */
static void lex_subst(struct lexer *lx, bool backtick)
{
	size_t j = lx->i + (backtick ? 1 : 2), start = j;
	int depth = 1;
	char q = 0;
	for (; j < lx->len; j++) {
		char c = lx->s[j];
		if (q) {
			if (c == q)
				q = 0;
			else if (c == '\\' && q == '"')
				j++;
		} else if (c == '\\') {
			j++;
		} else if (backtick) {
			if (c == '`')
				break;
		} else if (c == '\'' || c == '"') {
			q = c;
		} else if (c == '(') {
			depth++;
		} else if (c == ')' && --depth == 0) {
			break;
		}
	}
	size_t stop = j < lx->len ? j : lx->len;
	strlist_add_owned(&lx->subs, xstrndup(lx->s + start, stop - start));
	lex_unfixed(lx);
	lx->unresolved = true;
	lx->i = stop < lx->len ? stop + 1 : lx->len;
}

static void lex_sep(struct lexer *lx)
{
	lex_end_word(lx);
	lx->redir = false;
	if (!lx->out->n || lx->out->v[lx->out->n - 1].kind != TOK_SEP)
		shell_toks_add(lx->out, TOK_SEP, NULL, false);
}

/* $NAME or ${...} at lx->i; appends the value. split: unquoted, so white
 * space in the value separates words. */
static void lex_dollar(struct lexer *lx, bool split)
{
	size_t start = lx->i;
	size_t j = start + 1;
	if (j < lx->len && lx->s[j] == '{') {
		int depth = 0;
		for (; j < lx->len; j++) {
			if (lx->s[j] == '{')
				depth++;
			else if (lx->s[j] == '}' && --depth == 0)
				break;
		}
		if (j < lx->len)
			j++;
	} else if (j < lx->len && (isalpha((unsigned char)lx->s[j]) || lx->s[j] == '_')) {
		while (j < lx->len && (isalnum((unsigned char)lx->s[j]) || lx->s[j] == '_'))
			j++;
	} else if (j < lx->len && strchr("@*#?-$!0123456789", lx->s[j])) {
		j++;
	} else {
		sb_addc(&lx->w, '$');
		lx->in_word = true;
		lx->i++;
		return;
	}
	lx->i = j;
	if (lx->out->budget && !*lx->out->budget) {
		/* spent (or an earlier command went over): expand nothing more */
		lx->out->over = true;
		lx->in_word = true;
		return;
	}
	char *span = xstrndup(lx->s + start, j - start);
	char *v = NULL;
	bool unres = false;
	if (dockerfile_expand(span, '\\', lx->env, &v, &unres, NULL) != CT_OK) {
		v = xstrdup("");
		unres = true;
	}
	free(span);
	size_t vlen = strlen(v);
	if (lx->out->budget) {
		if (vlen > *lx->out->budget) {
			/* A$A$A$A...: stop before memory runs out */
			lx->out->over = true;
			v[0] = '\0';
			vlen = 0;
		} else {
			*lx->out->budget -= vlen;
		}
	}
	if (unres)
		lex_unfixed(lx);
	lx->in_word = true;
	lx->unresolved = lx->unresolved || unres;
	/* the value a run at a time: unquoted, white space ends a word */
	static const char space[] = " \t\n\v\f\r";
	for (const char *p = v; *p;) {
		size_t n = split ? strcspn(p, space) : vlen;
		if (n) {
			sb_addn(&lx->w, p, n);
			lx->in_word = true;
			p += n;
			continue;
		}
		if (lx->w.len) {
			bool u = lx->unresolved;
			lex_end_word(lx);
			lx->unresolved = u;
		}
		p += strspn(p, space);
	}
	free(v);
}

/* Splits shell text into words and separators, quotes removed and
 * variables from env substituted, as far as a static reading can. */
static void shell_lex_depth(const char *s, size_t len, const struct df_env *env,
			    struct toks *out, int depth);

/* One command may expand to no more than a whole Dockerfile (and all of
 * them together to no more than the total budget). */
void shell_lex(const char *s, size_t len, const struct df_env *env, struct toks *out)
{
	size_t *total = out->budget;
	size_t local = 0, start = 0;
	if (total) {
		local = start = *total < DOCKERFILE_MAX_EXPANSION ? *total : DOCKERFILE_MAX_EXPANSION;
		out->budget = &local;
	}
	shell_lex_depth(s, len, env, out, 0);
	if (total) {
		/* over: the file is refused, so nothing after needs expanding */
		*total = out->over ? 0 : *total - (start - local);
		out->budget = total;
	}
}

static void shell_lex_depth(const char *s, size_t len, const struct df_env *env,
			    struct toks *out, int depth)
{
	struct lexer lx = { .s = s, .len = len, .env = env, .out = out,
			    .fixed = TOK_ALL_FIXED, .depth = depth };
	while (lx.i < len) {
		char c = s[lx.i];
		char n = lx.i + 1 < len ? s[lx.i + 1] : '\0';
		if (c == ' ' || c == '\t' || c == '\r') {
			lex_end_word(&lx);
			lx.i++;
		} else if (c == '`') {
			lex_subst(&lx, true);
		} else if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
			lex_sep(&lx);
			lx.i++;
		} else if (c == '$' && n == '(') {
			if (lx.i + 2 < len && s[lx.i + 2] == '(') {
				/* arithmetic: no commands inside */
				const char *e = strstr(s + lx.i, "))");
				size_t stop = e && (size_t)(e - s) < len ? (size_t)(e - s) + 2 : len;
				sb_addn(&lx.w, s + lx.i, stop - lx.i);
				lx.in_word = true;
				lx.i = stop;
			} else {
				lex_subst(&lx, false);
			}
		} else if (c == '>' || c == '<') {
			/* "2>" : the digits are the descriptor, not a word */
			bool digits = lx.in_word && lx.w.len;
			for (size_t k = 0; digits && k < lx.w.len; k++)
				digits = isdigit((unsigned char)lx.w.buf[k]);
			if (digits) {
				sb_reset(&lx.w);
				lx.in_word = false;
			} else {
				lex_end_word(&lx);
			}
			lx.redir_in = c == '<';
			lx.redir_dup = false;
			lx.i++;
			while (lx.i < len && strchr("<>|&-", s[lx.i])) {
				lx.redir_dup = lx.redir_dup || s[lx.i] == '&';
				lx.i++;
			}
			lx.redir = true;
		} else if (c == '#' && !lx.in_word) {
			while (lx.i < len && s[lx.i] != '\n')
				lx.i++;
		} else if (c == '\\') {
			if (n == '\n') {
				lx.i += 2;
				continue;
			}
			if (lx.i + 1 < len)
				sb_addc(&lx.w, n);
			lx.in_word = true;
			lx.i += 2;
		} else if (c == '\'' || (c == '$' && n == '\'')) {
			lx.i += c == '$' ? 2 : 1;
			while (lx.i < len && s[lx.i] != '\'') {
				if (c == '$' && s[lx.i] == '\\' && lx.i + 1 < len)
					lx.i++;
				sb_addc(&lx.w, s[lx.i++]);
			}
			lx.i++;
			lx.in_word = true;
		} else if (c == '"') {
			lx.i++;
			lx.in_word = true;
			while (lx.i < len && s[lx.i] != '"') {
				char d = s[lx.i];
				if (d == '\\' && lx.i + 1 < len && strchr("$`\"\\\n", s[lx.i + 1])) {
					if (s[lx.i + 1] != '\n')
						sb_addc(&lx.w, s[lx.i + 1]);
					lx.i += 2;
				} else if (d == '$' && lx.i + 1 < len && s[lx.i + 1] == '(' &&
					   !(lx.i + 2 < len && s[lx.i + 2] == '(')) {
					lex_subst(&lx, false);
				} else if (d == '`') {
					lex_subst(&lx, true);
				} else if (d == '$') {
					lex_dollar(&lx, false);
				} else {
					sb_addc(&lx.w, d);
					lx.i++;
				}
			}
			lx.i++;
		} else if (c == '$') {
			lex_dollar(&lx, true);
		} else {
			sb_addc(&lx.w, c);
			lx.in_word = true;
			lx.i++;
		}
	}
	lex_end_word(&lx);
	sb_free(&lx.w);
	for (size_t k = 0; k < lx.subs.n; k++)
		if (depth < MAX_NESTING) {
			lex_sep(&lx);
			shell_lex_depth(lx.subs.v[k], strlen(lx.subs.v[k]), env, out, depth + 1);
		}
	strlist_free(&lx.subs);
}

const char *shell_base_name(const char *p)
{
	const char *b = strrchr(p, '/');
	return b ? b + 1 : p;
}

bool shell_word_in(const char *w, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w, set[i]) == 0)
			return true;
	return false;
}

bool shell_is_assignment(const char *w)
{
	if (!isalpha((unsigned char)*w) && *w != '_')
		return false;
	while (isalnum((unsigned char)*w) || *w == '_')
		w++;
	return *w == '=';
}


/* Skips keywords, assignments and wrappers such as sudo or env; returns
 * the index of the command's name, or n. */
size_t shell_command_start(const struct command *c)
{
	static const char *const keywords[] = {
		"!", "{", "}", "if", "then", "else", "elif", "do", "while", "until", "fi", "done",
		"time", "exec", "nohup", "command", "builtin",
	};
	static const char *const wrappers[] = { "sudo", "env", "nice", "stdbuf", "timeout", "xargs" };
	size_t k = 0;
	while (k < c->n) {
		const char *w = c->w[k]->s;
		if (shell_word_in(w, keywords, ARRAY_SIZE(keywords)) || shell_is_assignment(w)) {
			k++;
		} else if (shell_word_in(shell_base_name(w), wrappers, ARRAY_SIZE(wrappers))) {
			bool timeout = strcmp(shell_base_name(w), "timeout") == 0;
			k++;
			while (k < c->n && c->w[k]->s[0] == '-') {
				/* options with a separate value */
				if (strcmp(c->w[k]->s, "-u") == 0 || strcmp(c->w[k]->s, "-n") == 0 ||
				    strcmp(c->w[k]->s, "-g") == 0)
					k++;
				k++;
			}
			if (timeout && k < c->n)
				k++; /* the duration */
		} else {
			break;
		}
	}
	return k;
}
