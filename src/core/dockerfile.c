/* dockerfile.c - the Dockerfile parser: BuildKit's line reader (directives,
 * continuations, comments, heredocs), then one pass over the instructions
 * that splits words, removes quotes and substitutes ARG/ENV in the
 * instructions Docker substitutes, keeping each instruction's line.
 *
 * The behaviour copies moby/buildkit's frontend/dockerfile/parser and
 * shell packages, so that what parses here is what `docker build` accepts.
 * Everything is linear in the input; recursion only follows ${...}
 * nesting, which is bounded. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/dockerfile.h"
#include "core/dockerfile_json.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Deeper ${a:-${b:-...}} nesting is refused rather than risking the stack. */
#define MAX_SUBST_DEPTH 64
/* Prefix/suffix removal (${X#p}) is quadratic; longer values are kept. */
#define MAX_PATTERN_VALUE 4096

static enum ct_status df_fail(struct df_error *err, int line, const char *fix,
			      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum ct_status df_fail(struct df_error *err, int line, const char *fix,
			      const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->reason, sizeof(err->reason), fmt, ap);
		va_end(ap);
		err->line = line;
		snprintf(err->fix, sizeof(err->fix), "%s", fix ? fix : "");
	}
	return CT_DATA;
}

/* ---- variables in scope: persistent hash tries ----
 *
 * A child stage starts from its parent's ENV and every stage end is kept
 * for the stages built FROM it, so environments are shared, not copied:
 * each map is a trie on the name's hash (16 ways per level) whose nodes
 * and entries are reference counted. Copying an environment is O(1);
 * setting a name copies only the nodes on its path that are shared
 * (those with one owner are changed in place). A chain of n stages with
 * one ENV each is then O(n log n) time and memory, not O(n^2). */

struct df_ent {
	unsigned refs;
	size_t hash;
	char *name;
	char *value;
};

struct df_node {
	unsigned refs;
	struct df_ent *ent; /* every node holds one */
	struct df_node *kid[16];
};

/* ENV and ARG apart: an ENV always wins over an ARG of the same name, as
 * in Docker, and a stage passes only its ENV on to its children. */
struct df_env {
	struct df_node *envs;
	struct df_node *args;
};

static size_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

static unsigned nibble(size_t hash, unsigned depth)
{
	return (unsigned)(hash >> (4 * (depth % (sizeof(size_t) * 2)))) & 15u;
}

static void ent_unref(struct df_ent *e)
{
	if (e && --e->refs == 0) {
		free(e->name);
		free(e->value);
		free(e);
	}
}

static void node_unref(struct df_node *n)
{
	if (!n || --n->refs)
		return;
	ent_unref(n->ent);
	for (size_t i = 0; i < ARRAY_SIZE(n->kid); i++)
		node_unref(n->kid[i]);
	free(n);
}

static struct df_node *node_ref(struct df_node *n)
{
	if (n)
		n->refs++;
	return n;
}

/* Makes *slot a node this map alone owns, copying it if shared. */
static struct df_node *node_own(struct df_node **slot)
{
	struct df_node *n = *slot;
	if (n->refs == 1)
		return n;
	struct df_node *c = xcalloc(1, sizeof(*c));
	c->refs = 1;
	c->ent = n->ent;
	c->ent->refs++;
	for (size_t i = 0; i < ARRAY_SIZE(n->kid); i++)
		c->kid[i] = node_ref(n->kid[i]);
	n->refs--;
	*slot = c;
	return c;
}

/* Sets name to value in the trie at *root; takes both strings. */
static void map_put(struct df_node **root, char *name, char *value)
{
	size_t h = hash_str(name);
	struct df_node **slot = root;
	for (unsigned depth = 0; *slot; depth++) {
		struct df_node *n = node_own(slot);
		if (n->ent->hash == h && strcmp(n->ent->name, name) == 0) {
			if (n->ent->refs > 1) {
				struct df_ent *e = xcalloc(1, sizeof(*e));
				*e = (struct df_ent){ 1, h, name, value };
				ent_unref(n->ent);
				n->ent = e;
			} else {
				free(name);
				free(n->ent->value);
				n->ent->value = value;
			}
			return;
		}
		slot = &n->kid[nibble(h, depth)];
	}
	struct df_ent *e = xcalloc(1, sizeof(*e));
	*e = (struct df_ent){ 1, h, name, value };
	struct df_node *n = xcalloc(1, sizeof(*n));
	n->refs = 1;
	n->ent = e;
	*slot = n;
}

static const char *map_get(const struct df_node *n, const char *name)
{
	size_t h = hash_str(name);
	for (unsigned depth = 0; n; depth++) {
		if (n->ent->hash == h && strcmp(n->ent->name, name) == 0)
			return n->ent->value;
		n = n->kid[nibble(h, depth)];
	}
	return NULL;
}

static struct df_env *env_new(void)
{
	return xcalloc(1, sizeof(struct df_env));
}

static void env_set(struct df_env *e, const char *name, const char *value, bool is_env)
{
	if (!is_env && map_get(e->envs, name))
		return; /* the ENV hides it anyway */
	map_put(is_env ? &e->envs : &e->args, xstrdup(name), xstrdup(value ? value : ""));
}

/* A copy, sharing everything; only_env drops ARGs, which end with their
 * stage. */
static struct df_env *env_copy(const struct df_env *src, bool only_env)
{
	struct df_env *e = env_new();
	if (!src)
		return e;
	e->envs = node_ref(src->envs);
	if (!only_env)
		e->args = node_ref(src->args);
	return e;
}

void dockerfile_env_free(struct df_env *env)
{
	if (!env)
		return;
	node_unref(env->envs);
	node_unref(env->args);
	free(env);
}

const char *dockerfile_env_get(const struct df_env *env, const char *name)
{
	if (!env || !name)
		return NULL;
	const char *v = map_get(env->envs, name);
	return v ? v : map_get(env->args, name);
}

/* ---- word substitution, after buildkit's shell.Lex.ProcessWord ---- */

struct expander {
	const char *s;
	size_t pos, len;
	char esc;
	const struct df_env *env;
	bool unresolved;
	int depth;
	struct df_error *err;
};

/* A word longer than a whole Dockerfile may be is hostile (A2=$A1$A1 ...
 * doubles with each line); refuse it before memory runs out. */
static bool ex_too_long(struct expander *x, const struct strbuf *out)
{
	if (out->len <= DOCKERFILE_MAX_EXPANSION)
		return false;
	df_fail(x->err, 0, _("do not build values by repeating other variables; write the value out"),
		_("a word expands to more than %zu MiB"), DOCKERFILE_MAX_EXPANSION >> 20);
	x->err->kind = DF_ERR_LIMIT;
	return true;
}

static bool ex_until(struct expander *x, struct strbuf *out, int stop);

static bool ex_single(struct expander *x, struct strbuf *out)
{
	size_t start = ++x->pos;
	const char *q = memchr(x->s + start, '\'', x->len - start);
	if (!q) {
		df_fail(x->err, 0, _("close the quote, or escape it"),
			_("unterminated single quote"));
		return false;
	}
	sb_addn(out, x->s + start, (size_t)(q - (x->s + start)));
	x->pos = (size_t)(q - x->s) + 1;
	return true;
}

static bool ex_dollar(struct expander *x, struct strbuf *out);

static bool ex_double(struct expander *x, struct strbuf *out)
{
	x->pos++;
	for (;;) {
		if (x->pos >= x->len) {
			df_fail(x->err, 0, _("close the quote, or escape it"),
				_("unterminated double quote"));
			return false;
		}
		char c = x->s[x->pos];
		if (c == '"') {
			x->pos++;
			return true;
		}
		if (c == '$') {
			if (!ex_dollar(x, out) || ex_too_long(x, out))
				return false;
			continue;
		}
		x->pos++;
		if (c == x->esc) {
			if (x->pos >= x->len)
				continue;
			char n = x->s[x->pos];
			/* only these can be escaped inside double quotes */
			if (n == '"' || n == '$' || n == x->esc) {
				c = n;
				x->pos++;
			}
		}
		sb_addc(out, c);
	}
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static void ex_name(struct expander *x, struct strbuf *name)
{
	if (x->pos < x->len && isdigit((unsigned char)x->s[x->pos])) {
		while (x->pos < x->len && isdigit((unsigned char)x->s[x->pos]))
			sb_addc(name, x->s[x->pos++]);
		return;
	}
	if (x->pos < x->len && strchr("@*#?-$!", x->s[x->pos]) && x->s[x->pos]) {
		sb_addc(name, x->s[x->pos++]);
		return;
	}
	while (x->pos < x->len && is_name_char(x->s[x->pos]))
		sb_addc(name, x->s[x->pos++]);
}

static const char *ex_lookup(struct expander *x, const char *name)
{
	return dockerfile_env_get(x->env, name);
}

/* ${X#p} ${X##p} ${X%p} ${X%%p} with shell patterns. */
static void ex_trim(struct strbuf *out, const char *v, const char *pat, bool suffix,
		    bool longest)
{
	size_t len = strlen(v);
	if (len > MAX_PATTERN_VALUE) {
		sb_add(out, v);
		return;
	}
	char *tmp = xmalloc(len + 1);
	for (size_t k = 0; k <= len; k++) {
		/* k = how many bytes are removed */
		size_t cut = longest ? len - k : k;
		if (suffix) {
			if (fnmatch(pat, v + len - cut, 0) == 0) {
				sb_addn(out, v, len - cut);
				free(tmp);
				return;
			}
		} else {
			memcpy(tmp, v, cut);
			tmp[cut] = '\0';
			if (fnmatch(pat, tmp, 0) == 0) {
				sb_add(out, v + cut);
				free(tmp);
				return;
			}
		}
	}
	free(tmp);
	sb_add(out, v);
}

static bool ex_dollar(struct expander *x, struct strbuf *out)
{
	x->pos++;
	struct strbuf name = { 0 };
	if (x->pos >= x->len || x->s[x->pos] != '{') {
		ex_name(x, &name);
		if (!name.len) {
			sb_addc(out, '$');
			return true;
		}
		const char *v = ex_lookup(x, name.buf);
		if (v)
			sb_add(out, v);
		else
			x->unresolved = true;
		sb_free(&name);
		return true;
	}
	x->pos++;
	if (x->pos >= x->len) {
		df_fail(x->err, 0, _("add the closing brace"), _("bad substitution: missing '}'"));
		return false;
	}
	if (strchr("{}:", x->s[x->pos])) {
		df_fail(x->err, 0, _("write ${NAME} or ${NAME:-default}"), _("bad substitution"));
		return false;
	}
	if (++x->depth > MAX_SUBST_DEPTH) {
		df_fail(x->err, 0, NULL, _("variable substitutions nested more than %d deep"),
			MAX_SUBST_DEPTH);
		return false;
	}
	ex_name(x, &name);
	if (x->pos >= x->len) {
		sb_free(&name);
		df_fail(x->err, 0, _("add the closing brace"), _("bad substitution: missing '}'"));
		return false;
	}
	char c = x->s[x->pos++];
	const char *v = ex_lookup(x, name.buf ? name.buf : "");
	bool ok = true;
	if (c == '}') {
		if (v)
			sb_add(out, v);
		else
			x->unresolved = true;
	} else if (c == ':' || c == '-' || c == '+' || c == '?' || c == '#' || c == '%' ||
		   c == '/') {
		char mod = c;
		bool colon = false, twice = false;
		if (c == ':') {
			colon = true;
			if (x->pos >= x->len) {
				ok = false;
			} else {
				mod = x->s[x->pos++];
			}
		} else if ((c == '#' || c == '%') && x->pos < x->len && x->s[x->pos] == c) {
			twice = true;
			x->pos++;
		}
		struct strbuf word = { 0 };
		if (ok)
			ok = ex_until(x, &word, '}');
		if (ok) {
			bool set = v != NULL;
			bool nonempty = v && *v;
			switch (mod) {
			case '-':
				sb_add(out, (colon ? nonempty : set) ? v : sb_str(&word));
				break;
			case '+':
				if (colon ? nonempty : set)
					sb_add(out, sb_str(&word));
				break;
			case '?':
				/* an error at build time unless a build argument sets
				 * it: unknown here rather than fatal */
				if (colon ? nonempty : set)
					sb_add(out, v);
				else
					x->unresolved = true;
				break;
			case '#':
			case '%':
				if (colon) {
					ok = false;
					break;
				}
				if (!v)
					x->unresolved = true;
				ex_trim(out, v ? v : "", sb_str(&word), mod == '%', twice);
				break;
			case '/':
				if (colon) {
					ok = false;
					break;
				}
				/* pattern replacement: keep the value, flag it */
				if (v)
					sb_add(out, v);
				x->unresolved = true;
				break;
			default:
				ok = false;
				break;
			}
			if (!ok)
				df_fail(x->err, 0, _("use one of :- - :+ + :? ? # ## % %%"),
					_("unsupported modifier '%c' in ${%s...}"), mod,
					sb_str(&name));
		} else if (x->err && !x->err->reason[0]) {
			df_fail(x->err, 0, _("add the closing brace"),
				_("bad substitution: missing '}'"));
		}
		sb_free(&word);
	} else {
		df_fail(x->err, 0, _("use one of :- - :+ + :? ? # ## % %%"),
			_("unsupported modifier '%c' in ${%s...}"), c, sb_str(&name));
		ok = false;
	}
	x->depth--;
	sb_free(&name);
	return ok;
}

/* Processes up to stop (consumed) or, with stop < 0, to the end. */
static bool ex_until(struct expander *x, struct strbuf *out, int stop)
{
	while (x->pos < x->len) {
		char c = x->s[x->pos];
		if (stop >= 0 && c == stop) {
			x->pos++;
			return true;
		}
		if (c == x->esc) {
			x->pos++;
			if (x->pos >= x->len)
				break; /* an escape at the very end is dropped */
			sb_addc(out, x->s[x->pos++]);
			continue;
		}
		if (c == '\'') {
			if (!ex_single(x, out))
				return false;
			continue;
		}
		if (c == '"') {
			if (!ex_double(x, out))
				return false;
			continue;
		}
		if (c == '$') {
			if (!ex_dollar(x, out) || ex_too_long(x, out))
				return false;
			continue;
		}
		sb_addc(out, c);
		x->pos++;
	}
	if (stop >= 0) {
		df_fail(x->err, 0, _("add the closing brace"), _("bad substitution: missing '}'"));
		return false;
	}
	return true;
}

static enum ct_status expand_n(const char *word, size_t len, char escape,
			       const struct df_env *env, char **out, bool *unresolved,
			       struct df_error *err)
{
	struct df_error local;
	struct expander x = {
		.s = word, .pos = 0, .len = len, .esc = escape, .env = env,
		.err = err ? err : &local,
	};
	x.err->reason[0] = '\0';
	x.err->kind = DF_ERR_SYNTAX;
	struct strbuf sb = { 0 };
	*out = NULL;
	if (!ex_until(&x, &sb, -1)) {
		sb_free(&sb);
		return CT_DATA;
	}
	if (unresolved && x.unresolved)
		*unresolved = true;
	*out = sb_detach(&sb);
	return CT_OK;
}

enum ct_status dockerfile_expand(const char *word, char escape, const struct df_env *env,
				 char **out, bool *unresolved, struct df_error *err)
{
	if (unresolved)
		*unresolved = false;
	return expand_n(word, strlen(word), escape, env, out, unresolved, err);
}

/* ---- words, after the parser's parseWords: quotes kept, only split ---- */

struct span {
	size_t off, len;
};

struct spans {
	struct span *v;
	size_t n, cap;
};

static void spans_add(struct spans *sp, size_t off, size_t len)
{
	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? sp->cap * 2 : 8;
		sp->v = xreallocarray(sp->v, sp->cap, sizeof(*sp->v));
	}
	sp->v[sp->n++] = (struct span){ off, len };
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Splits s[0..len) on white space outside quotes. An unterminated quote
 * runs to the end; substitution reports it. */
static void split_words(const char *s, size_t len, char esc, struct spans *out)
{
	size_t i = 0;
	while (i < len) {
		while (i < len && is_space(s[i]))
			i++;
		if (i >= len)
			break;
		size_t start = i;
		char quote = 0;
		while (i < len) {
			char c = s[i];
			if (!quote) {
				if (is_space(c))
					break;
				if (c == '\'' || c == '"')
					quote = c;
				else if (c == esc)
					i++;
			} else if (c == quote) {
				quote = 0;
			} else if (c == esc && quote != '\'') {
				i++;
			}
			i++;
		}
		if (i > len)
			i = len;
		spans_add(out, start, i - start);
	}
}

/* ---- the line reader ---- */

struct seg {
	size_t off; /* offset in the logical line */
	int line;
};

struct linemap {
	struct seg *v;
	size_t n, cap;
};

static void linemap_add(struct linemap *m, size_t off, int line)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 4;
		m->v = xreallocarray(m->v, m->cap, sizeof(*m->v));
	}
	m->v[m->n++] = (struct seg){ off, line };
}

static int linemap_line(const struct linemap *m, size_t off)
{
	int line = m->n ? m->v[0].line : 0;
	for (size_t i = 0; i < m->n && m->v[i].off <= off; i++)
		line = m->v[i].line;
	return line;
}

struct reader {
	const char *p, *end;
	int line; /* number of the line last read */
};

/* Next physical line without its "\n" or "\r\n"; false at the end. */
static bool reader_next(struct reader *r, const char **s, size_t *len)
{
	if (r->p >= r->end)
		return false;
	const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	const char *e = nl ? nl : r->end;
	*s = r->p;
	*len = (size_t)(e - r->p);
	if (*len && (*s)[*len - 1] == '\r')
		(*len)--;
	r->p = nl ? nl + 1 : r->end;
	r->line++;
	return true;
}

static size_t lskip(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static bool is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_space(s[i]))
			return false;
	return true;
}

static bool is_comment(const char *s, size_t len)
{
	size_t i = lskip(s, len);
	return i < len && s[i] == '#';
}

/* Removes a trailing escape (plus trailing blanks); true if it was there. */
static bool trim_continuation(const char *s, size_t *len, char esc)
{
	size_t n = *len;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n && s[n - 1] == esc) {
		*len = n - 1;
		return true;
	}
	return false;
}

/* "# name = value": parser directive syntax. */
static bool parse_directive(const char *s, size_t len, char *name, size_t name_size,
			    const char **val, size_t *val_len)
{
	size_t i = lskip(s, len);
	if (i >= len || s[i] != '#')
		return false;
	i = lskip(s + i + 1, len - i - 1) + i + 1;
	size_t n = 0;
	if (i >= len || !isalpha((unsigned char)s[i]))
		return false;
	while (i < len && isalnum((unsigned char)s[i])) {
		if (n + 1 < name_size)
			name[n++] = (char)tolower((unsigned char)s[i]);
		i++;
	}
	name[n] = '\0';
	i += lskip(s + i, len - i);
	if (i >= len || s[i] != '=')
		return false;
	i++;
	i += lskip(s + i, len - i);
	size_t e = len;
	while (e > i && is_space(s[e - 1]))
		e--;
	if (e == i)
		return false;
	*val = s + i;
	*val_len = e - i;
	return true;
}

static const struct {
	const char *name;
	enum df_kind kind;
} keywords[] = {
	{ "ADD", DF_ADD },
	{ "ARG", DF_ARG },
	{ "CMD", DF_CMD },
	{ "COPY", DF_COPY },
	{ "ENTRYPOINT", DF_ENTRYPOINT },
	{ "ENV", DF_ENV },
	{ "EXPOSE", DF_EXPOSE },
	{ "FROM", DF_FROM },
	{ "HEALTHCHECK", DF_HEALTHCHECK },
	{ "LABEL", DF_LABEL },
	{ "MAINTAINER", DF_MAINTAINER },
	{ "ONBUILD", DF_ONBUILD },
	{ "RUN", DF_RUN },
	{ "SHELL", DF_SHELL },
	{ "STOPSIGNAL", DF_STOPSIGNAL },
	{ "USER", DF_USER },
	{ "VOLUME", DF_VOLUME },
	{ "WORKDIR", DF_WORKDIR },
};

const char *dockerfile_kind_name(enum df_kind kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++)
		if (keywords[i].kind == kind)
			return keywords[i].name;
	return "?";
}

static bool keyword_find(const char *s, size_t len, enum df_kind *kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++)
		if (strlen(keywords[i].name) == len && strncasecmp(keywords[i].name, s, len) == 0) {
			*kind = keywords[i].kind;
			return true;
		}
	return false;
}

/* The closest keyword, for "did you mean"; NULL when none is close. */
static const char *keyword_suggest(const char *word)
{
	char up[32];
	size_t n = 0;
	for (; word[n] && n + 1 < sizeof(up); n++)
		up[n] = (char)toupper((unsigned char)word[n]);
	up[n] = '\0';
	const char *best = NULL;
	size_t bestd = 3;
	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++) {
		size_t d = str_distance(up, keywords[i].name);
		if (d < bestd) {
			bestd = d;
			best = keywords[i].name;
		}
	}
	return best;
}

/* ---- the parser ---- */

static void str_lower(char *s);

/* ---- stage names: FROM and COPY --from find a stage in O(1) ---- */

struct df_stage_index {
	size_t *slots; /* stage index + 1; 0 is empty */
	size_t cap;    /* power of two */
	size_t n;
};

static size_t *stage_slot(const struct df_stage_index *x, const struct df_stage *stages,
			  const char *name)
{
	size_t i = hash_str(name) & (x->cap - 1);
	while (x->slots[i] && strcmp(stages[x->slots[i] - 1].name, name) != 0)
		i = (i + 1) & (x->cap - 1);
	return &x->slots[i];
}

static void stage_index_add(struct dockerfile *df, size_t stage)
{
	struct df_stage_index *x = df->stage_index;
	if (!x) {
		x = df->stage_index = xcalloc(1, sizeof(*x));
		x->cap = 16;
		x->slots = xcalloc(x->cap, sizeof(*x->slots));
	}
	if ((x->n + 1) * 2 > x->cap) {
		size_t *old = x->slots, oldcap = x->cap;
		x->cap *= 2;
		x->slots = xcalloc(x->cap, sizeof(*x->slots));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i])
				*stage_slot(x, df->stages, df->stages[old[i] - 1].name) = old[i];
		free(old);
	}
	*stage_slot(x, df->stages, df->stages[stage].name) = stage + 1;
	x->n++;
}

size_t dockerfile_stage_find(const struct dockerfile *df, const char *name)
{
	if (!df->stage_index || !name)
		return DF_NO_STAGE;
	char *lower = xstrdup(name);
	str_lower(lower);
	size_t v = *stage_slot(df->stage_index, df->stages, lower);
	free(lower);
	return v ? v - 1 : DF_NO_STAGE;
}

struct parser {
	struct dockerfile *df;
	struct df_error *err;
	struct linemap *maps; /* one per instruction */
	size_t cap_instrs;
	size_t cap_stages;
	size_t expanded; /* bytes substitution added, all words together */
	struct df_env *global; /* ARGs before the first FROM */
	struct df_env *cur;    /* the current stage's variables */
	bool posix_shell;      /* no SHELL switched RUN to a non-POSIX shell */
};

static struct df_instr *instr_new(struct parser *ps)
{
	struct dockerfile *df = ps->df;
	if (df->n_instrs == ps->cap_instrs) {
		ps->cap_instrs = ps->cap_instrs ? ps->cap_instrs * 2 : 32;
		df->instrs = xreallocarray(df->instrs, ps->cap_instrs, sizeof(*df->instrs));
		ps->maps = xreallocarray(ps->maps, ps->cap_instrs, sizeof(*ps->maps));
	}
	memset(&ps->maps[df->n_instrs], 0, sizeof(*ps->maps));
	struct df_instr *in = &df->instrs[df->n_instrs++];
	memset(in, 0, sizeof(*in));
	in->stage = DF_NO_STAGE;
	return in;
}

static void heredoc_add(struct df_instr *in, char *name, bool quoted, bool chomp, int line)
{
	in->heredocs = xreallocarray(in->heredocs, in->n_heredocs + 1, sizeof(*in->heredocs));
	in->heredocs[in->n_heredocs++] = (struct df_heredoc){
		.name = name, .quoted = quoted, .chomp = chomp, .line = line,
	};
}

/* `[digits]<<[-]WORD` as one shell word: a heredoc marker. On success
 * *name is the delimiter without quotes. */
static bool heredoc_marker(const char *w, size_t len, char **name, bool *quoted, bool *chomp)
{
	size_t i = 0;
	while (i < len && isdigit((unsigned char)w[i]))
		i++;
	if (i + 2 > len || w[i] != '<' || w[i + 1] != '<')
		return false;
	i += 2;
	*chomp = i < len && w[i] == '-';
	if (*chomp)
		i++;
	if (i >= len || memchr(w + i, '<', len - i))
		return false;
	char *n = NULL;
	if (expand_n(w + i, len - i, '\\', NULL, &n, NULL, NULL) != CT_OK)
		return false;
	if (!*n || strpbrk(n, " \t")) {
		free(n);
		return false;
	}
	*quoted = memchr(w + i, '\'', len - i) || memchr(w + i, '"', len - i);
	*name = n;
	return true;
}

/* Reads the heredoc bodies announced on the instruction's line. */
static enum ct_status read_heredocs(struct parser *ps, struct reader *r, struct df_instr *in)
{
	struct spans words = { 0 };
	split_words(in->text, strlen(in->text), '\\', &words);
	for (size_t k = 0; k < words.n; k++) {
		char *name;
		bool quoted, chomp;
		if (heredoc_marker(in->text + words.v[k].off, words.v[k].len, &name, &quoted,
				   &chomp))
			heredoc_add(in, name, quoted, chomp, in->line);
	}
	free(words.v);
	for (size_t h = 0; h < in->n_heredocs; h++) {
		struct df_heredoc *hd = &in->heredocs[h];
		struct strbuf body = { 0 };
		const char *s;
		size_t len;
		bool done = false;
		while (reader_next(r, &s, &len)) {
			size_t skip = 0;
			if (hd->chomp)
				while (skip < len && s[skip] == '\t')
					skip++;
			if (len - skip == strlen(hd->name) && memcmp(s + skip, hd->name, len - skip) == 0) {
				done = true;
				break;
			}
			sb_addn(&body, s + skip, len - skip);
			sb_addc(&body, '\n');
		}
		hd->body = sb_detach(&body);
		in->end_line = r->line;
		if (!done) {
			char fix[256];
			snprintf(fix, sizeof(fix), _("end the heredoc with a line holding only %s"),
				 hd->name);
			return df_fail(ps->err, in->line, fix,
				       _("unterminated heredoc: no line \"%s\" after the %s on this line"),
				       hd->name, dockerfile_kind_name(in->kind));
		}
	}
	return CT_OK;
}

/* Phase one: physical lines to instructions (keyword, text, lines,
 * heredoc bodies), as buildkit's parser.Parse does. */
static enum ct_status read_instructions(struct parser *ps, const char *text, size_t len)
{
	struct reader r = { .p = text, .end = text + len, .line = 0 };
	struct dockerfile *df = ps->df;
	const char *s;
	size_t n;

	/* Directives come first; any other line ends them. */
	bool seen_escape = false, seen_syntax = false;
	for (;;) {
		struct reader save = r;
		if (!reader_next(&r, &s, &n))
			break;
		char name[16];
		const char *val;
		size_t vlen;
		if (!parse_directive(s, n, name, sizeof(name), &val, &vlen)) {
			r = save;
			break;
		}
		if (strcmp(name, "escape") == 0) {
			if (seen_escape)
				return df_fail(ps->err, r.line, _("keep one escape directive"),
					       _("only one escape parser directive can be used"));
			if (vlen != 1 || (val[0] != '\\' && val[0] != '`'))
				return df_fail(ps->err, r.line, _("use # escape=\\ or # escape=`"),
					       _("invalid escape character '%.*s'"), (int)vlen, val);
			df->escape = val[0];
			seen_escape = true;
		} else if (strcmp(name, "syntax") == 0) {
			if (seen_syntax)
				return df_fail(ps->err, r.line, _("keep one syntax directive"),
					       _("only one syntax parser directive can be used"));
			free(df->syntax);
			df->syntax = xstrndup(val, vlen);
			seen_syntax = true;
		} else if (strcmp(name, "check") != 0) {
			/* unknown directives are comments, and end the directives */
			r = save;
			break;
		}
	}

	char esc = df->escape;
	while (reader_next(&r, &s, &n)) {
		if (is_blank(s, n) || is_comment(s, n))
			continue;
		size_t lead = lskip(s, n);
		s += lead;
		n -= lead;
		int start = r.line;
		struct strbuf line = { 0 };
		struct linemap map = { 0 };
		linemap_add(&map, 0, start);
		bool cont = trim_continuation(s, &n, esc);
		sb_addn(&line, s, n);
		while (cont && reader_next(&r, &s, &n)) {
			/* comment and empty lines inside an instruction are dropped */
			if (is_comment(s, n) || is_blank(s, n))
				continue;
			cont = trim_continuation(s, &n, esc);
			linemap_add(&map, line.len, r.line);
			sb_addn(&line, s, n);
		}
		const char *l = sb_str(&line);
		size_t kw = 0;
		while (kw < line.len && !is_space(l[kw]))
			kw++;
		enum df_kind kind;
		if (!keyword_find(l, kw, &kind)) {
			char *word = xstrndup(l, kw < 40 ? kw : 40);
			const char *near = keyword_suggest(word);
			char fix[128];
			if (near)
				snprintf(fix, sizeof(fix), _("did you mean %s?"), near);
			else
				snprintf(fix, sizeof(fix), "%s",
					 _("use a Dockerfile instruction such as FROM, RUN, COPY, LABEL or USER"));
			df_fail(ps->err, start, fix, _("unknown instruction: %s"), word);
			free(word);
			sb_free(&line);
			free(map.v);
			return CT_DATA;
		}
		struct df_instr *in = instr_new(ps);
		in->kind = kind;
		in->line = start;
		in->end_line = r.line;
		size_t rest = kw + lskip(l + kw, line.len - kw);
		in->text = xstrdup(l + rest);
		/* trailing blanks are not part of any argument */
		size_t tl = strlen(in->text);
		while (tl && is_space(in->text[tl - 1]))
			in->text[--tl] = '\0';
		for (size_t k = 0; k < map.n; k++)
			map.v[k].off = map.v[k].off > rest ? map.v[k].off - rest : 0;
		ps->maps[df->n_instrs - 1] = map;
		sb_free(&line);
		if ((kind == DF_RUN || kind == DF_COPY || kind == DF_ADD) && strstr(in->text, "<<")) {
			enum ct_status st = read_heredocs(ps, &r, in);
			if (st != CT_OK)
				return st;
		}
	}
	return CT_OK;
}

/* ---- phase two: the instructions' arguments ---- */

static int line_at(struct parser *ps, const struct df_instr *in, size_t off)
{
	return linemap_line(&ps->maps[in - ps->df->instrs], off);
}

/* Substitutes text[off..off+len) of in; errors get the word's line. */
static enum ct_status expand_at(struct parser *ps, const struct df_instr *in, const char *text,
				size_t off, size_t len, const struct df_env *env, char **out,
				bool *unresolved)
{
	enum ct_status st = expand_n(text + off, len, ps->df->escape, env, out, unresolved, ps->err);
	if (st == CT_OK && len < strlen(*out)) {
		ps->expanded += strlen(*out) - len;
		if (ps->expanded > DOCKERFILE_MAX_EXPANDED_TOTAL) {
			x_free(out);
			st = df_fail(ps->err, 0,
				     _("do not build values by repeating other variables; write the value out"),
				     _("the variables expand to more than %zu MiB in all"),
				     DOCKERFILE_MAX_EXPANDED_TOTAL >> 20);
			ps->err->kind = DF_ERR_LIMIT;
		}
	}
	if (st != CT_OK)
		ps->err->line = line_at(ps, in, off);
	return st;
}

static void args_add(struct df_instr *in, char *s)
{
	in->args = xreallocarray(in->args, in->n_args + 1, sizeof(*in->args));
	in->args[in->n_args++] = s;
}

static void flag_add(struct df_instr *in, char *name, char *value)
{
	in->flags = xreallocarray(in->flags, in->n_flags + 1, sizeof(*in->flags));
	in->flags[in->n_flags++] = (struct df_flag){ name, value };
}

static void pair_add(struct df_instr *in, char *key, char *value, char *raw, bool unresolved)
{
	in->pairs = xreallocarray(in->pairs, in->n_pairs + 1, sizeof(*in->pairs));
	in->pairs[in->n_pairs++] = (struct df_pair){ key, value, raw, unresolved };
}

/* Leading --name[=value] words; returns the offset of what follows. */
static enum ct_status parse_flags(struct parser *ps, struct df_instr *in, const struct df_env *env,
				  bool expand, size_t *rest)
{
	const char *t = in->text;
	size_t len = strlen(t);
	struct spans w = { 0 };
	split_words(t, len, ps->df->escape, &w);
	*rest = len;
	size_t k;
	for (k = 0; k < w.n; k++) {
		const char *s = t + w.v[k].off;
		size_t n = w.v[k].len;
		if (n < 2 || s[0] != '-' || s[1] != '-')
			break;
		if (n == 2) {
			k++;
			break;
		}
		const char *eq = memchr(s, '=', n);
		char *name = xstrndup(s + 2, (size_t)((eq ? eq : s + n) - s - 2));
		char *value = NULL;
		if (eq) {
			size_t voff = (size_t)(eq + 1 - t);
			size_t vlen = n - (size_t)(eq + 1 - s);
			enum ct_status st;
			if (expand) {
				bool unres = false;
				st = expand_at(ps, in, t, voff, vlen, env, &value, &unres);
			} else {
				st = expand_at(ps, in, t, voff, vlen, NULL, &value, NULL);
				/* RUN --mount=... keeps $ for BuildKit; only quotes go */
				if (st == CT_OK) {
					free(value);
					value = xstrndup(t + voff, vlen);
				}
			}
			if (st != CT_OK) {
				free(name);
				free(w.v);
				return st;
			}
		}
		flag_add(in, name, value);
	}
	if (k < w.n)
		*rest = w.v[k].off;
	free(w.v);
	return CT_OK;
}

/* ARG/ENV effects on a scope; shared by the parser and dockerfile_env_at
 * so that both agree. */
static void scope_apply(struct df_env *env, const struct df_env *global,
			const struct df_instr *in, bool in_stage)
{
	for (size_t k = 0; k < in->n_pairs; k++) {
		const struct df_pair *p = &in->pairs[k];
		if (in->kind == DF_ENV) {
			env_set(env, p->key, p->value, true);
		} else if (in->kind == DF_ARG) {
			if (p->value)
				env_set(env, p->key, p->value, false);
			else if (in_stage && dockerfile_env_get(global, p->key))
				env_set(env, p->key, dockerfile_env_get(global, p->key), false);
		}
	}
}

static bool stage_name_valid(const char *s)
{
	if (!islower((unsigned char)*s))
		return false;
	for (s++; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && !strchr("-_.", *s))
			return false;
	return true;
}

static void str_lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* Ends the current stage before instrs[end] (the next FROM, or the end). */
static void stage_close(struct parser *ps, size_t end)
{
	struct dockerfile *df = ps->df;
	if (!df->n_stages)
		return;
	struct df_stage *st = &df->stages[df->n_stages - 1];
	st->end = end;
	st->env_end = env_copy(ps->cur, true);
}

static enum ct_status do_from(struct parser *ps, struct df_instr *in)
{
	struct dockerfile *df = ps->df;
	size_t rest;
	enum ct_status st = parse_flags(ps, in, ps->global, true, &rest);
	if (st != CT_OK)
		return st;
	const char *t = in->text + rest;
	struct spans w = { 0 };
	split_words(t, strlen(t), df->escape, &w);
	bool ok = w.n == 1 || (w.n == 3 && w.v[1].len == 2 && strncasecmp(t + w.v[1].off, "as", 2) == 0);
	if (!ok) {
		free(w.v);
		return df_fail(ps->err, in->line,
			       _("write FROM IMAGE or FROM IMAGE AS NAME"),
			       w.n ? _("FROM takes an image and optionally AS and a stage name")
				   : _("FROM needs an image"));
	}
	char *image;
	bool unres = false;
	st = expand_at(ps, in, in->text, rest + w.v[0].off, w.v[0].len, ps->global, &image, &unres);
	if (st != CT_OK) {
		free(w.v);
		return st;
	}
	args_add(in, image);
	in->unresolved = unres;
	char *name = NULL;
	if (w.n == 3) {
		name = xstrndup(t + w.v[2].off, w.v[2].len);
		str_lower(name);
		if (!stage_name_valid(name)) {
			df_fail(ps->err, in->line,
				_("start the name with a letter; use letters, digits, '-', '_' and '.'"),
				_("invalid stage name \"%s\""), name);
			free(name);
			free(w.v);
			return CT_DATA;
		}
		size_t k = dockerfile_stage_find(df, name);
		if (k != DF_NO_STAGE) {
			df_fail(ps->err, in->line, _("give each stage its own name"),
				_("duplicate stage name \"%s\", first used on line %d"), name,
				df->instrs[df->stages[k].from].line);
			free(name);
			free(w.v);
			return CT_DATA;
		}
		args_add(in, name);
	}
	free(w.v);

	stage_close(ps, (size_t)(in - df->instrs));
	if (df->n_stages == ps->cap_stages) {
		ps->cap_stages = ps->cap_stages ? ps->cap_stages * 2 : 8;
		df->stages = xreallocarray(df->stages, ps->cap_stages, sizeof(*df->stages));
	}
	struct df_stage *sg = &df->stages[df->n_stages];
	memset(sg, 0, sizeof(*sg));
	sg->from = (size_t)(in - df->instrs);
	sg->image = xstrdup(image);
	sg->name = xstrdup(name);
	sg->unresolved = unres;
	sg->parent = DF_NO_STAGE;
	const struct df_flag *pf = dockerfile_flag(in, "platform");
	sg->platform = pf ? xstrdup(pf->value) : NULL;
	sg->first = sg->from + 1;
	sg->parent = dockerfile_stage_find(df, image);
	dockerfile_env_free(ps->cur);
	ps->cur = env_copy(sg->parent != DF_NO_STAGE ? df->stages[sg->parent].env_end : NULL, true);
	in->stage = df->n_stages;
	df->n_stages++;
	if (sg->name)
		stage_index_add(df, in->stage);
	return CT_OK;
}

/* NAME=VALUE ... or the legacy NAME VALUE, as parseNameVal does. */
static enum ct_status do_name_val(struct parser *ps, struct df_instr *in)
{
	const char *t = in->text;
	const char *kw = dockerfile_kind_name(in->kind);
	struct spans w = { 0 };
	split_words(t, strlen(t), ps->df->escape, &w);
	enum ct_status st = CT_OK;
	char fix[128];
	snprintf(fix, sizeof(fix), _("write %s NAME=VALUE"), kw);
	if (!w.n) {
		free(w.v);
		return df_fail(ps->err, in->line, fix, _("%s needs at least one NAME=VALUE"), kw);
	}
	const struct df_env *env = ps->cur;
	if (!memchr(t + w.v[0].off, '=', w.v[0].len)) {
		/* legacy form: the first word is the name, the rest the value */
		size_t voff = w.v[0].len + lskip(t + w.v[0].len, strlen(t) - w.v[0].len);
		if (!t[voff]) {
			int klen = (int)w.v[0].len;
			free(w.v);
			return df_fail(ps->err, in->line, fix, _("%s %.*s has no value"), kw, klen, t);
		}
		char *key, *value;
		bool unres = false;
		st = expand_at(ps, in, t, 0, w.v[0].len, env, &key, NULL);
		if (st == CT_OK) {
			st = expand_at(ps, in, t, voff, strlen(t) - voff, env, &value, &unres);
			if (st == CT_OK)
				pair_add(in, key, value, xstrdup(t + voff), unres);
			else
				free(key);
		}
		free(w.v);
		return st;
	}
	for (size_t k = 0; k < w.n && st == CT_OK; k++) {
		const char *s = t + w.v[k].off;
		const char *eq = memchr(s, '=', w.v[k].len);
		if (!eq) {
			st = df_fail(ps->err, line_at(ps, in, w.v[k].off), fix,
				     _("can't find = in \"%.*s\": %s takes NAME=VALUE pairs"),
				     (int)w.v[k].len, s, kw);
			break;
		}
		if (eq == s) {
			st = df_fail(ps->err, line_at(ps, in, w.v[k].off), fix,
				     _("%s names can not be blank"), kw);
			break;
		}
		size_t klen = (size_t)(eq - s);
		size_t voff = w.v[k].off + klen + 1;
		size_t vlen = w.v[k].len - klen - 1;
		char *key, *value;
		bool unres = false;
		st = expand_at(ps, in, t, w.v[k].off, klen, env, &key, NULL);
		if (st != CT_OK)
			break;
		st = expand_at(ps, in, t, voff, vlen, env, &value, &unres);
		if (st != CT_OK) {
			free(key);
			break;
		}
		pair_add(in, key, value, xstrndup(t + voff, vlen), unres);
	}
	free(w.v);
	return st;
}

static enum ct_status do_arg(struct parser *ps, struct df_instr *in, bool in_stage)
{
	const char *t = in->text;
	struct spans w = { 0 };
	split_words(t, strlen(t), ps->df->escape, &w);
	struct df_env *env = in_stage ? ps->cur : ps->global;
	enum ct_status st = CT_OK;
	if (!w.n)
		st = df_fail(ps->err, in->line, _("write ARG NAME or ARG NAME=DEFAULT"),
			     _("ARG needs a name"));
	for (size_t k = 0; k < w.n && st == CT_OK; k++) {
		const char *s = t + w.v[k].off;
		const char *eq = memchr(s, '=', w.v[k].len);
		size_t klen = eq ? (size_t)(eq - s) : w.v[k].len;
		char *key, *value = NULL, *raw = NULL;
		bool unres = false;
		if (!klen) {
			st = df_fail(ps->err, in->line, _("write ARG NAME or ARG NAME=DEFAULT"),
				     _("ARG names can not be blank"));
			break;
		}
		st = expand_at(ps, in, t, w.v[k].off, klen, NULL, &key, NULL);
		if (st != CT_OK)
			break;
		if (eq) {
			size_t voff = w.v[k].off + klen + 1;
			/* each ARG sees the ones before it, even on the same line */
			st = expand_at(ps, in, t, voff, w.v[k].len - klen - 1, env, &value, &unres);
			if (st != CT_OK) {
				free(key);
				break;
			}
			raw = xstrndup(t + voff, w.v[k].len - klen - 1);
		}
		pair_add(in, key, value, raw, unres);
		struct df_instr one = *in;
		one.pairs = &in->pairs[in->n_pairs - 1];
		one.n_pairs = 1;
		scope_apply(env, ps->global, &one, in_stage);
	}
	free(w.v);
	return st;
}

/* The whole text as one word: USER, WORKDIR, STOPSIGNAL. */
static enum ct_status do_single(struct parser *ps, struct df_instr *in)
{
	const char *kw = dockerfile_kind_name(in->kind);
	if (!*in->text) {
		char fix[64];
		snprintf(fix, sizeof(fix), _("give %s a value"), kw);
		return df_fail(ps->err, in->line, fix, _("%s needs an argument"), kw);
	}
	char *v;
	bool unres = false;
	enum ct_status st = expand_at(ps, in, in->text, 0, strlen(in->text), ps->cur, &v, &unres);
	if (st != CT_OK)
		return st;
	args_add(in, v);
	in->unresolved = unres;
	return CT_OK;
}

/* Words, each substituted; heredoc markers are kept as written. */
static enum ct_status do_words(struct parser *ps, struct df_instr *in, size_t rest,
			       bool heredocs)
{
	const char *t = in->text;
	struct spans w = { 0 };
	split_words(t + rest, strlen(t + rest), ps->df->escape, &w);
	enum ct_status st = CT_OK;
	for (size_t k = 0; k < w.n && st == CT_OK; k++) {
		const char *s = t + rest + w.v[k].off;
		size_t n = w.v[k].len;
		char *name;
		bool q, c;
		if (heredocs && in->n_heredocs && heredoc_marker(s, n, &name, &q, &c)) {
			free(name);
			args_add(in, xstrndup(s, n));
			continue;
		}
		char *v;
		bool unres = false;
		st = expand_at(ps, in, t, rest + w.v[k].off, n, ps->cur, &v, &unres);
		if (st == CT_OK) {
			args_add(in, v);
			in->unresolved = in->unresolved || unres;
		}
	}
	free(w.v);
	return st;
}

static bool try_json(struct df_instr *in, size_t rest)
{
	struct strlist l;
	const char *t = in->text + rest;
	if (*t != '[' || !dockerfile_json_args(t, strlen(t), &l))
		return false;
	for (size_t k = 0; k < l.n; k++)
		args_add(in, l.v[k]);
	free(l.v);
	in->json = true;
	return true;
}

/* Quotes of a shell command line; *bad is the offset of an unclosed one. */
static bool shell_quotes_ok(const char *s, size_t len, size_t *bad)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\\') {
			i++;
		} else if (c == '\'' || (c == '$' && i + 1 < len && s[i + 1] == '\'')) {
			bool ansi = c == '$';
			size_t open = i;
			i += ansi ? 2 : 1;
			while (i < len && s[i] != '\'') {
				if (ansi && s[i] == '\\')
					i++;
				i++;
			}
			if (i >= len) {
				*bad = open;
				return false;
			}
		} else if (c == '"') {
			size_t open = i++;
			while (i < len && s[i] != '"') {
				if (s[i] == '\\')
					i++;
				i++;
			}
			if (i >= len) {
				*bad = open;
				return false;
			}
		} else if (c == '#' && (i == 0 || is_space(s[i - 1]) || strchr(";&|()", s[i - 1]))) {
			/* a shell comment runs to the end of the line */
			while (i < len && s[i] != '\n')
				i++;
		}
	}
	return true;
}

static enum ct_status do_command(struct parser *ps, struct df_instr *in, bool flags)
{
	size_t rest = 0;
	if (flags) {
		enum ct_status st = parse_flags(ps, in, ps->cur, false, &rest);
		if (st != CT_OK)
			return st;
	}
	const char *kw = dockerfile_kind_name(in->kind);
	if (!in->text[rest]) {
		char fix[64];
		snprintf(fix, sizeof(fix), _("give %s a command"), kw);
		return df_fail(ps->err, in->line, fix, _("%s needs a command"), kw);
	}
	if (try_json(in, rest))
		return CT_OK;
	if (in->kind == DF_SHELL)
		return df_fail(ps->err, in->line, _("write SHELL [\"executable\", \"parameters\"]"),
			       _("SHELL needs the JSON form"));
	const char *t = in->text + rest;
	size_t bad;
	if (ps->posix_shell && !shell_quotes_ok(t, strlen(t), &bad))
		return df_fail(ps->err, line_at(ps, in, rest + bad),
			       _("close the quote; the shell would refuse the command"),
			       _("unterminated quote (%c) in %s"), t[bad] == '$' ? '\'' : t[bad], kw);
	args_add(in, xstrdup(t));
	return CT_OK;
}

static enum ct_status do_copy(struct parser *ps, struct df_instr *in)
{
	size_t rest;
	enum ct_status st = parse_flags(ps, in, ps->cur, true, &rest);
	if (st != CT_OK)
		return st;
	if (try_json(in, rest)) {
		for (size_t k = 0; k < in->n_args; k++) {
			char *v;
			bool unres = false;
			st = dockerfile_expand(in->args[k], ps->df->escape, ps->cur, &v, &unres, ps->err);
			if (st != CT_OK) {
				ps->err->line = in->line;
				return st;
			}
			free(in->args[k]);
			in->args[k] = v;
			in->unresolved = in->unresolved || unres;
		}
	} else {
		st = do_words(ps, in, rest, true);
		if (st != CT_OK)
			return st;
	}
	if (in->n_args < 2) {
		const char *kw = dockerfile_kind_name(in->kind);
		char fix[96];
		snprintf(fix, sizeof(fix), _("write %s SOURCE... DESTINATION"), kw);
		return df_fail(ps->err, in->line, fix, _("%s needs a source and a destination"), kw);
	}
	return CT_OK;
}

static bool shell_is_posix(const struct df_instr *in)
{
	if (!in->n_args)
		return true;
	const char *b = strrchr(in->args[0], '/');
	b = b ? b + 1 : in->args[0];
	static const char *const shells[] = { "sh", "bash", "dash", "ash", "zsh", "ksh" };
	for (size_t k = 0; k < ARRAY_SIZE(shells); k++)
		if (strcmp(b, shells[k]) == 0)
			return true;
	return false;
}

static enum ct_status do_instr(struct parser *ps, struct df_instr *in)
{
	struct dockerfile *df = ps->df;
	bool in_stage = df->n_stages > 0;
	if (!in_stage && in->kind != DF_ARG && in->kind != DF_FROM) {
		char fix[160];
		snprintf(fix, sizeof(fix),
			 _("move %s after the first FROM; only ARG may come before FROM"),
			 dockerfile_kind_name(in->kind));
		return df_fail(ps->err, in->line, fix, _("%s before the first FROM"),
			       dockerfile_kind_name(in->kind));
	}
	if (in->kind != DF_FROM && in_stage)
		in->stage = df->n_stages - 1;
	switch (in->kind) {
	case DF_FROM:
		return do_from(ps, in);
	case DF_ARG:
		return do_arg(ps, in, in_stage);
	case DF_ENV: {
		enum ct_status st = do_name_val(ps, in);
		/* all values of one ENV see the variables before it */
		if (st == CT_OK)
			scope_apply(ps->cur, ps->global, in, true);
		return st;
	}
	case DF_LABEL:
		return do_name_val(ps, in);
	case DF_MAINTAINER:
		if (!*in->text)
			return df_fail(ps->err, in->line, _("use LABEL maintainer=\"NAME <EMAIL>\""),
				       _("MAINTAINER needs a name"));
		args_add(in, xstrdup(in->text));
		return CT_OK;
	case DF_USER:
	case DF_WORKDIR:
	case DF_STOPSIGNAL:
		return do_single(ps, in);
	case DF_EXPOSE:
		return do_words(ps, in, 0, false);
	case DF_VOLUME:
		if (try_json(in, 0))
			return CT_OK;
		return do_words(ps, in, 0, false);
	case DF_RUN:
		return do_command(ps, in, true);
	case DF_CMD:
	case DF_ENTRYPOINT:
		return do_command(ps, in, false);
	case DF_SHELL: {
		enum ct_status st = do_command(ps, in, false);
		if (st == CT_OK)
			ps->posix_shell = shell_is_posix(in);
		return st;
	}
	case DF_COPY:
	case DF_ADD:
		return do_copy(ps, in);
	case DF_HEALTHCHECK: {
		size_t rest;
		return parse_flags(ps, in, ps->cur, true, &rest);
	}
	case DF_ONBUILD: {
		const char *t = in->text;
		size_t n = 0;
		while (t[n] && !is_space(t[n]))
			n++;
		enum df_kind inner;
		if (!n)
			return df_fail(ps->err, in->line, _("write ONBUILD INSTRUCTION ..."),
				       _("ONBUILD needs an instruction"));
		if (!keyword_find(t, n, &inner))
			return df_fail(ps->err, in->line, _("write ONBUILD INSTRUCTION ..."),
				       _("unknown instruction after ONBUILD: %.*s"), (int)n, t);
		if (inner == DF_ONBUILD || inner == DF_FROM || inner == DF_MAINTAINER)
			return df_fail(ps->err, in->line, _("remove this ONBUILD"),
				       _("ONBUILD can not trigger %s"), dockerfile_kind_name(inner));
		return CT_OK;
	}
	}
	return CT_OK;
}

/* The line and column of the first invalid UTF-8 sequence. */
static int bad_utf8_line(const char *text, size_t len)
{
	int line = 1;
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		if (!utf8_valid(p, (size_t)(e - p)))
			return line;
		line++;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static int line_of_offset(const char *text, size_t off)
{
	int line = 1;
	for (size_t i = 0; i < off; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

enum ct_status dockerfile_parse(const char *text, size_t len, struct dockerfile *out,
				struct df_error *err)
{
	struct df_error local;
	if (!err)
		err = &local;
	memset(err, 0, sizeof(*err));
	memset(out, 0, sizeof(*out));
	out->escape = '\\';
	enum ct_status bad = CT_OK;
	if (len > DOCKERFILE_MAX_SIZE)
		bad = df_fail(err, 0, _("check that this is the Dockerfile"),
			      _("the file is larger than %zu MiB"), DOCKERFILE_MAX_SIZE >> 20);
	const char *nul = bad ? NULL : memchr(text, '\0', len);
	if (nul)
		bad = df_fail(err, line_of_offset(text, (size_t)(nul - text)),
			      _("check that the path names the Dockerfile, a text file"),
			      _("binary content (NUL byte): not a Dockerfile"));
	if (!bad && !utf8_valid(text, len))
		bad = df_fail(err, bad_utf8_line(text, len),
			      _("save the Dockerfile as UTF-8"),
			      _("invalid UTF-8: binary content or another encoding"));
	if (bad) {
		err->kind = DF_ERR_NOT_TEXT;
		return bad;
	}
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}

	struct parser ps = { .df = out, .err = err, .posix_shell = true };
	enum ct_status st = read_instructions(&ps, text, len);
	if (st == CT_OK) {
		size_t k;
		for (k = 0; k < out->n_instrs && out->instrs[k].kind != DF_FROM; k++)
			;
		if (k == out->n_instrs)
			st = df_fail(err, out->n_instrs ? out->instrs[0].line : 0,
				     _("start with a FROM naming the Red Hat base image your plugin extends (from registry.redhat.io)"),
				     out->n_instrs ? _("no FROM instruction: a Dockerfile must start from a base image")
						   : _("empty Dockerfile: no FROM instruction"));
		if (st)
			err->kind = DF_ERR_NO_FROM;
	}
	ps.global = env_new();
	for (size_t k = 0; st == CT_OK && k < out->n_instrs; k++)
		st = do_instr(&ps, &out->instrs[k]);
	if (st == CT_OK) {
		stage_close(&ps, out->n_instrs);
		/* FROM can only name an earlier stage; BuildKit would pull an
		 * image of that name instead, which is never what was meant. */
		for (size_t i = 0; i < out->n_stages && st == CT_OK; i++) {
			struct df_stage *sg = &out->stages[i];
			if (sg->parent != DF_NO_STAGE)
				continue;
			size_t j = dockerfile_stage_find(out, sg->image);
			if (j != DF_NO_STAGE && j > i)
				st = df_fail(err, out->instrs[sg->from].line,
					     _("move the stage it builds on above it"),
					     _("FROM %s names a stage defined later, on line %d"),
					     sg->image, out->instrs[out->stages[j].from].line);
		}
	}
	if (st == CT_OK) {
		for (size_t k = 0; k < out->n_instrs && out->instrs[k].kind != DF_FROM; k++)
			for (size_t j = 0; j < out->instrs[k].n_pairs; j++) {
				const struct df_pair *p = &out->instrs[k].pairs[j];
				out->global_args = xreallocarray(out->global_args,
								 out->n_global_args + 1,
								 sizeof(*out->global_args));
				out->global_args[out->n_global_args++] = (struct df_pair){
					xstrdup(p->key), xstrdup(p->value), xstrdup(p->raw),
					p->unresolved,
				};
			}
	}
	for (size_t k = 0; k < out->n_instrs; k++)
		free(ps.maps[k].v);
	free(ps.maps);
	out->global_env = ps.global;
	dockerfile_env_free(ps.cur);
	if (st != CT_OK)
		dockerfile_free(out);
	return st;
}

void dockerfile_free(struct dockerfile *df)
{
	if (!df)
		return;
	for (size_t i = 0; i < df->n_instrs; i++) {
		struct df_instr *in = &df->instrs[i];
		free(in->text);
		for (size_t k = 0; k < in->n_flags; k++) {
			free(in->flags[k].name);
			free(in->flags[k].value);
		}
		free(in->flags);
		for (size_t k = 0; k < in->n_args; k++)
			free(in->args[k]);
		free(in->args);
		for (size_t k = 0; k < in->n_pairs; k++) {
			free(in->pairs[k].key);
			free(in->pairs[k].value);
			free(in->pairs[k].raw);
		}
		free(in->pairs);
		for (size_t k = 0; k < in->n_heredocs; k++) {
			free(in->heredocs[k].name);
			free(in->heredocs[k].body);
		}
		free(in->heredocs);
	}
	free(df->instrs);
	for (size_t i = 0; i < df->n_stages; i++) {
		free(df->stages[i].image);
		free(df->stages[i].name);
		free(df->stages[i].platform);
		dockerfile_env_free(df->stages[i].env_end);
	}
	free(df->stages);
	for (size_t i = 0; i < df->n_global_args; i++) {
		free(df->global_args[i].key);
		free(df->global_args[i].value);
		free(df->global_args[i].raw);
	}
	free(df->global_args);
	dockerfile_env_free(df->global_env);
	if (df->stage_index)
		free(df->stage_index->slots);
	free(df->stage_index);
	free(df->syntax);
	memset(df, 0, sizeof(*df));
	df->escape = '\\';
}

const struct df_flag *dockerfile_flag(const struct df_instr *in, const char *name)
{
	const struct df_flag *f = NULL;
	for (size_t k = 0; k < in->n_flags; k++)
		if (strcmp(in->flags[k].name, name) == 0)
			f = &in->flags[k];
	return f;
}

struct df_env *dockerfile_env_at(const struct dockerfile *df, size_t instr)
{
	if (instr >= df->n_instrs || df->instrs[instr].kind == DF_FROM)
		return env_copy(df->global_env, false);
	if (df->instrs[instr].stage == DF_NO_STAGE) {
		/* a global ARG sees the ones before it */
		struct df_env *g = env_new();
		for (size_t k = 0; k < instr; k++)
			scope_apply(g, NULL, &df->instrs[k], false);
		return g;
	}
	const struct df_stage *sg = &df->stages[df->instrs[instr].stage];
	struct df_env *env = env_copy(sg->parent != DF_NO_STAGE ? df->stages[sg->parent].env_end : NULL,
				      true);
	dockerfile_env_advance(df, env, sg->first, instr);
	return env;
}

void dockerfile_env_advance(const struct dockerfile *df, struct df_env *env, size_t from,
			    size_t to)
{
	for (size_t k = from; k < to && k < df->n_instrs; k++)
		scope_apply(env, df->global_env, &df->instrs[k], true);
}

enum ct_status dockerfile_read(const char *path, char **text, size_t *len, struct ct_error *err)
{
	*text = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return ct_fail(err, CT_SYSTEM, "%s: %s", path, strerror(errno));
	struct stat stb;
	if (fstat(fileno(f), &stb) == 0 && S_ISDIR(stb.st_mode)) {
		fclose(f);
		return ct_fail(err, CT_SYSTEM, "%s: %s", path, strerror(EISDIR));
	}
	struct strbuf sb = { 0 };
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (sb.len + n > DOCKERFILE_MAX_SIZE) {
			fclose(f);
			sb_free(&sb);
			return ct_fail(err, CT_DATA,
				       _("%s: larger than %zu MiB, too big for a Dockerfile"), path,
				       DOCKERFILE_MAX_SIZE >> 20);
		}
		sb_addn(&sb, buf, n);
	}
	int rerr = ferror(f) ? errno : 0;
	fclose(f);
	if (rerr) {
		sb_free(&sb);
		return ct_fail(err, CT_SYSTEM, "%s: %s", path, strerror(rerr));
	}
	*len = sb.len;
	*text = sb_detach(&sb);
	return CT_OK;
}
