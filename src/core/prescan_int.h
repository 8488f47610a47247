/* prescan_int.h - inside the pre-scan only (prescan*.c): the small shell
 * reader that finds the commands of a RUN and their words. */
#ifndef CERTTRACK_CORE_PRESCAN_INT_H
#define CERTTRACK_CORE_PRESCAN_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/dockerfile.h"

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

#endif
