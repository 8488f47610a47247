/* prescan_int.h - inside the pre-scan only (prescan*.c): the small shell
 * reader that finds the commands of a RUN and their words. */
#ifndef CERTTRACK_CORE_PRESCAN_INT_H
#define CERTTRACK_CORE_PRESCAN_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/dockerfile.h"
#include "certtrack/prescan.h"
#include "certtrack/util.h"

/* How deep sh -c "sh -c ..." and COPY --from chains are followed. */
#define MAX_NESTING 4

enum tok_kind {
	TOK_WORD,
	TOK_SEP,   /* ; && || | & newline ( ) $( ` */
	TOK_REDIR, /* the word a redirection writes to (>, >>, >|) */
	TOK_REDIN, /* the word a redirection reads from (<) */
};

/* A word's fixed part: what it is whatever the shell substitutes. */
#define TOK_ALL_FIXED ((size_t)-1)

struct tok {
	enum tok_kind kind;
	char *s;
	bool unresolved;
	size_t fixed; /* s[0..fixed) is fixed text; after it comes a $(...),
		       * `...` or variable without value; TOK_ALL_FIXED if none */
};

struct toks {
	struct tok *v;
	size_t n, cap;
	size_t *budget; /* bytes variables may still add; NULL: no variables */
	bool over;      /* the budget ran out: hostile expansion */
};

/* One simple command: its words (redirections left out). */
struct command {
	struct tok **w;
	size_t n;
};

void shell_toks_add_fixed(struct toks *t, enum tok_kind kind, char *s, bool unresolved,
			  size_t fixed);
void shell_toks_add(struct toks *t, enum tok_kind kind, char *s, bool unresolved);
void shell_toks_free(struct toks *t);
/* Splits shell text into words and separators, quotes removed and
 * variables from env substituted, as far as a static reading can; one
 * command expands to no more than a whole Dockerfile (out->budget). */
void shell_lex(const char *s, size_t len, const struct df_env *env, struct toks *out);
const char *shell_base_name(const char *p);
bool shell_word_in(const char *w, const char *const *set, size_t n);
bool shell_is_assignment(const char *w);
/* Skips keywords, assignments and wrappers such as sudo or env; returns
 * the index of the command's name, or c->n. */
size_t shell_command_start(const struct command *c);

/* ---- the scan's working state, shared by the pre-scan's files ---- */
/* Bounds on looking into a context folder for a non-empty file. */
#define MAX_TREE_DEPTH 16
#define MAX_TREE_ENTRIES 20000

struct scan {
	const struct dockerfile *df;
	const char *context;
	size_t *chain; /* stages from the first one to the final stage */
	size_t n_chain;
	struct strlist ignore; /* .dockerignore patterns, "!" kept */
	bool base_red_hat;
	const struct prescan_rules *rules;
	const char *image_name;
	char *base_fix;     /* the fix of a base that is not Red Hat's */
	char *base_arg_fix; /* the fix of a base an ARG without default names */
	size_t budget;  /* bytes RUN's variables may still add, all checks */
	size_t *walk;   /* instructions look-backs may still visit (MAX_WALK) */
	int limit_line; /* a RUN whose variables expand beyond it */
	int run_provides_line; /* a RUN of a stage COPY --from takes from that
				* writes the folder copied */
};

/* ---- the build context (prescan_context.c): paths as a build resolves
 * them, .dockerignore, and whether COPY sources hold content ---- */
enum src_state {
	SRC_OK,         /* license text from the build context */
	SRC_MISSING,    /* not in the context */
	SRC_EMPTY,      /* there, but empty */
	SRC_IGNORED,    /* excluded by .dockerignore */
	SRC_UNVERIFIED, /* a URL, another image, a variable without value */
	SRC_RUN,        /* a RUN of the stage copied from put text there */
};

char *ctx_path_clean(const char *p);
char *ctx_path_resolve(const char *workdir, const char *p);
bool ctx_under(const char *path, const char *dir);
char *ctx_path_dirname(const char *p);
bool ctx_ignored(const struct scan *sc, const char *rel);
void ctx_ignore_load(struct scan *sc, const char *file);
bool ctx_has_content(const struct scan *sc, const char *rel, int depth, size_t *budget);
char *ctx_glob_pattern(const char *context, const char *rel);
enum src_state ctx_source_state(const struct scan *sc, const char *src);
/* An ADD source fetched from the network (a URL or a git repository). */
bool ctx_is_url(const char *s);
/* The heredoc a COPY source such as <<EOF names, or NULL. */
const struct df_heredoc *ctx_heredoc_of(const struct df_instr *in, const char *arg);

/* Shared by the policies (prescan.c). */
/* Calls fn on each instruction of the final stage's chain, in order. */
#define FOR_CHAIN(sc, var)                                                            \
	for (size_t ch_ = 0; ch_ < (sc)->n_chain; ch_++)                              \
		for (size_t var = (sc)->df->stages[(sc)->chain[ch_]].first;           \
		     var < (sc)->df->stages[(sc)->chain[ch_]].end; var++)

/* The variables of the RUN being scanned, carried from one RUN to the
 * next of the same stage so that a long stage is walked once. */
struct env_cache {
	struct df_env *env;
	size_t stage, at;
};

/* Sets a policy's result: status, line, fix (copied) and message. */
void ps_result_set(struct prescan_result *r, enum prescan_status st, int line, const char *fix,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int ps_instr_line(const struct scan *sc, size_t i);
int ps_final_from_line(const struct scan *sc);
void ps_chain_build(const struct dockerfile *df, size_t stage, size_t **chain, size_t *n);
const struct df_env *ps_env_cache_at(const struct scan *sc, struct env_cache *c, size_t i);
bool ps_heredoc_is_script(const char *cmd);
void ps_run_words(struct scan *sc, size_t i, struct env_cache *cache, struct toks *t);

/* has_licenses (prescan_licenses.c). */
void check_licenses(struct scan *sc, struct prescan_result *r);

#endif
