/* dockerfile.h - a Dockerfile parser that follows BuildKit's syntax:
 * parser directives (# escape=, # syntax=), line continuations, comments,
 * JSON (exec) and shell forms, heredocs, instruction flags, multi-stage
 * builds and ARG/ENV scoping with variable substitution. It only parses
 * and resolves; judging a Dockerfile is prescan.h's job.
 *
 * Unknown instructions are errors, as they are for `docker build`: a
 * Dockerfile the builder refuses must never pass a pre-scan. */
#ifndef CERTTRACK_DOCKERFILE_H
#define CERTTRACK_DOCKERFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/status.h"

/* Larger files are refused before parsing: no real Dockerfile comes near. */
#define DOCKERFILE_MAX_SIZE ((size_t)8 << 20)

/* No word may expand to more (a file's worth); a longer one is an error
 * of kind DF_ERR_LIMIT. */
#define DOCKERFILE_MAX_EXPANSION DOCKERFILE_MAX_SIZE
/* Nor may all the words of a file together expand to more than this. */
#define DOCKERFILE_MAX_EXPANDED_TOTAL ((size_t)64 << 20)

/* Index meaning "no stage": global ARGs, a FROM naming an image. */
#define DF_NO_STAGE ((size_t)-1)

enum df_kind {
	DF_ADD,
	DF_ARG,
	DF_CMD,
	DF_COPY,
	DF_ENTRYPOINT,
	DF_ENV,
	DF_EXPOSE,
	DF_FROM,
	DF_HEALTHCHECK,
	DF_LABEL,
	DF_MAINTAINER,
	DF_ONBUILD,
	DF_RUN,
	DF_SHELL,
	DF_STOPSIGNAL,
	DF_USER,
	DF_VOLUME,
	DF_WORKDIR,
};

/* "--from=build" is {"from", "build"}; "--link" is {"link", NULL}. Values
 * are substituted where BuildKit substitutes them (all but RUN --mount). */
struct df_flag {
	char *name;
	char *value;
};

/* One name/value of LABEL, ENV or ARG. */
struct df_pair {
	char *key;       /* quotes removed, variables substituted */
	char *value;     /* same; NULL for an ARG without a default */
	char *raw;       /* the value as written, or NULL */
	bool unresolved; /* the value used a variable that has no value */
};

struct df_heredoc {
	char *name;  /* delimiter, quotes removed */
	char *body;  /* the lines up to the delimiter, each ending in '\n';
		      * leading tabs removed for <<-; never substituted */
	bool quoted; /* <<"EOF" or <<'EOF': the body is taken literally */
	bool chomp;  /* <<-EOF */
	int line;    /* line of the marker */
};

/* One instruction. What args holds depends on kind:
 * - FROM: the image, then the stage name (lower case) if there is one;
 *   substituted with the global ARGs.
 * - RUN, CMD, ENTRYPOINT, SHELL: in JSON form the array's elements; in
 *   shell form one element, the command as written (the shell expands it).
 * - COPY, ADD: the sources, then the destination, substituted; a heredoc
 *   source stays "<<NAME" and its text is in heredocs.
 * - USER, WORKDIR, STOPSIGNAL: one element, substituted.
 * - MAINTAINER: one element, as written (Docker does not substitute it).
 * - EXPOSE, VOLUME: the words, substituted.
 * - LABEL, ENV, ARG: none; see pairs.
 * - HEALTHCHECK, ONBUILD: none; see text. */
struct df_instr {
	enum df_kind kind;
	int line;      /* 1-based line of the keyword */
	int end_line;  /* last line, continuations and heredocs included */
	size_t stage;  /* index into dockerfile.stages, or DF_NO_STAGE */
	char *text;    /* arguments as written (flags included), continuation
			* lines joined, comment lines dropped */
	bool json;     /* exec (JSON array) form */
	bool unresolved; /* some element of args used a variable without value */
	struct df_flag *flags;
	size_t n_flags;
	char **args;
	size_t n_args;
	struct df_pair *pairs;
	size_t n_pairs;
	struct df_heredoc *heredocs;
	size_t n_heredocs;
};

struct df_env; /* variables in scope; opaque, shared between stages */
struct df_stage_index;

struct df_stage {
	size_t from;      /* index of its FROM in instrs */
	char *image;      /* FROM's image, substituted with the global ARGs */
	char *name;       /* AS name, lower case, or NULL */
	char *platform;   /* --platform value, or NULL */
	bool unresolved;  /* the image used a global ARG without value */
	size_t parent;    /* earlier stage named by FROM, or DF_NO_STAGE */
	size_t first;     /* its instructions are instrs[first .. end) */
	size_t end;
	struct df_env *env_end; /* ENV at its end, inherited by child stages */
};

struct dockerfile {
	char escape;      /* '\\' or '`' (# escape= directive) */
	char *syntax;     /* # syntax= value, or NULL; recorded, not used */
	struct df_instr *instrs;
	size_t n_instrs;
	struct df_stage *stages;
	size_t n_stages;
	struct df_pair *global_args; /* ARGs before the first FROM */
	size_t n_global_args;
	struct df_env *global_env;   /* their values, for FROM and ARG NAME */
	struct df_stage_index *stage_index; /* stage names, hashed; opaque */
};

/* Why a Dockerfile could not be parsed. */
enum df_error_kind {
	DF_ERR_SYNTAX,   /* a Dockerfile with a mistake in it */
	DF_ERR_NO_FROM,  /* no FROM at all (the guide's own example) */
	DF_ERR_NOT_TEXT, /* not a Dockerfile: binary, another encoding, too large */
	DF_ERR_LIMIT,    /* variables expand beyond DOCKERFILE_MAX_EXPANSION (one
			  * word) or DOCKERFILE_MAX_EXPANDED_TOTAL (all): hostile */
};

struct df_error {
	enum df_error_kind kind;
	int line;         /* 1-based; 0 when it concerns the whole file */
	char reason[512]; /* translated sentence, without file name or line */
	char fix[512];    /* translated sentence, may be empty */
};

/* Reads a file of at most DOCKERFILE_MAX_SIZE bytes into *text (NUL added,
 * caller frees). CT_SYSTEM when it cannot be read, CT_DATA when too big;
 * err->msg starts with the path. */
enum ct_status dockerfile_read(const char *path, char **text, size_t *len,
			       struct ct_error *err);

/* Parses len bytes. CT_OK fills *out (free with dockerfile_free); CT_DATA
 * fills err and leaves *out empty. Binary content (NUL, invalid UTF-8),
 * no FROM, an instruction other than ARG before the first FROM, an unknown
 * instruction, an unterminated quote or heredoc, a FROM naming a later
 * stage and malformed instructions are errors. Linear in len. */
enum ct_status dockerfile_parse(const char *text, size_t len, struct dockerfile *out,
				struct df_error *err);

void dockerfile_free(struct dockerfile *df);

/* "FROM", "RUN" ... */
const char *dockerfile_kind_name(enum df_kind kind);

/* The flag called name (without "--"), the last one if repeated, or NULL. */
const struct df_flag *dockerfile_flag(const struct df_instr *in, const char *name);

/* The stage called name (any case), or DF_NO_STAGE. O(1). */
size_t dockerfile_stage_find(const struct dockerfile *df, const char *name);

/* The variables instrs[instr] sees: the ARGs declared in its stage (or the
 * global ones, for a FROM or a global ARG) and the ENV of its stage and of
 * the stages it is built FROM. Free with dockerfile_env_free. */
struct df_env *dockerfile_env_at(const struct dockerfile *df, size_t instr);
/* The value of name, or NULL when it has none. */
const char *dockerfile_env_get(const struct df_env *env, const char *name);
/* Moves env from what instrs[from] sees to what instrs[to] sees, both in
 * the same stage and from <= to: a walk through a stage stays linear. */
void dockerfile_env_advance(const struct dockerfile *df, struct df_env *env, size_t from,
			    size_t to);
void dockerfile_env_free(struct df_env *env);

/* Substitutes one word the way Docker does for COPY, ENV, LABEL, USER ...:
 * quotes removed, escape characters honoured, $X ${X} ${X:-d} ${X-d}
 * ${X:+d} ${X+d} ${X:?m} ${X#p} ${X%p} expanded, nothing inside single
 * quotes. env may be NULL (no variables). *unresolved, if not NULL, is set
 * when a variable without value was used. CT_DATA with err->reason for an
 * unterminated quote or a bad substitution; *out is then NULL. */
enum ct_status dockerfile_expand(const char *word, char escape, const struct df_env *env,
				 char **out, bool *unresolved, struct df_error *err);

#endif
