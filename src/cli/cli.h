/* cli.h - the command line: shared state of one invocation, the command
 * table, option parsing common to every command, and output helpers. */
#ifndef CERTTRACK_CLI_H
#define CERTTRACK_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "certtrack/ops.h"
#include "certtrack/problem.h"
#include "certtrack/session.h"
#include "certtrack/status.h"
#include "certtrack/store.h"
#include "certtrack/template.h"

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct cli {
	struct ct_session sess; /* database, templates, user (session.h) */
	bool json;
	enum color_mode color;
};

struct cli_command {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
	const char *args;    /* usage after the name, untranslated syntax */
	const char *summary; /* N_() */
};

/* Every command, in the order --help lists them. */
extern const struct cli_command cli_commands[];
const struct cli_command *cli_command_find(const char *name);

/* Options every command accepts after its name too. */
enum {
	OPT_DB = 0x100,
	OPT_TEMPLATES,
	OPT_USER,
	OPT_JSON,
	OPT_COLOR,
	OPT_HELP,
	OPT_VERSION,
	OPT_FIRST_COMMAND_OPTION, /* commands number theirs from here */
};
#define CLI_COMMON_OPTIONS                                     \
	{"db", required_argument, NULL, OPT_DB},               \
	{"templates", required_argument, NULL, OPT_TEMPLATES}, \
	{"user", required_argument, NULL, OPT_USER},           \
	{"json", no_argument, NULL, OPT_JSON},                 \
	{"color", optional_argument, NULL, OPT_COLOR},         \
	{"colour", optional_argument, NULL, OPT_COLOR},        \
	{"help", no_argument, NULL, OPT_HELP}

/* Handles a common option; returns -1 when opt is not one, else 0, or an
 * exit code (usage error, or 0 after --help was printed: *done set). */
int cli_common_option(struct cli *c, const struct cli_command *cmd, int opt,
		      const char *arg, bool *done);
/* Prints "certtrack CMD: unknown option ..." style usage errors; exit 2. */
int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cli_command_help(const struct cli_command *cmd, FILE *out);
void cli_main_help(FILE *out);

/* Loads templates and opens the database (once). Prints errors; returns an
 * exit code. */
int cli_open(struct cli *c);
int cli_load_templates(struct cli *c);
/* Scan results, one a line; failed checks and warnings with their fix,
 * links, and what preflight says they check and its help. */
void cli_print_scan_results(const struct cli *c, const struct scan_result *v, size_t n,
			    const char *indent);
void cli_close(struct cli *c);

/* Reports err on stderr (and as JSON on stdout with --json); returns the
 * exit code. */
int cli_fail(struct cli *c, const struct ct_error *err, const struct problems *ps);

/* Output helpers */
bool cli_color(const struct cli *c, FILE *f);
const char *cli_sgr(const struct cli *c, FILE *f, const char *code);
void cli_print_problems(const struct cli *c, FILE *f, const struct problems *ps,
			const char *indent);
/* Writes s padded or cut to exactly width display columns. */
void cli_put_cell(FILE *f, const char *s, int width);
void cli_print_json(char *doc); /* prints and frees */
/* Machine output never translates: messages that end up in JSON (errors,
 * problems, pre-scan findings) are then made in English, whatever LANG. */
void cli_machine_output(void);

/* Text output with control characters escaped (safeout.c): standard error
 * from the start, standard output for the commands (not the TUI), and the
 * plain standard output back for machine formats. */
void cli_safeout_stderr(void);
void cli_safeout_stdout(void);
void cli_safeout_raw_stdout(void);
int cli_safeout_fd(FILE *f); /* the descriptor behind a stream, for isatty */
/* certtrack's own colour code i (0 reset, 1 red, 2 yellow, 3 green, 4 bold,
 * 5 dim) as written to f. */
const char *cli_safeout_sgr(FILE *f, int code);

/* Command groups */
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_templates(struct cli *c, int argc, char **argv);
int cmd_new(struct cli *c, int argc, char **argv);
int cmd_list(struct cli *c, int argc, char **argv);
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_set(struct cli *c, int argc, char **argv);
int cmd_delete(struct cli *c, int argc, char **argv);
int cmd_item(struct cli *c, int argc, char **argv);
int cmd_collateral(struct cli *c, int argc, char **argv);
int cmd_check_name(struct cli *c, int argc, char **argv);
int cmd_validate(struct cli *c, int argc, char **argv);
int cmd_history(struct cli *c, int argc, char **argv);
int cmd_undo(struct cli *c, int argc, char **argv);
int cmd_handoff(struct cli *c, int argc, char **argv);
int cmd_build(struct cli *c, int argc, char **argv);
int cmd_lint(struct cli *c, int argc, char **argv);
int cmd_scan(struct cli *c, int argc, char **argv);
int cmd_publish(struct cli *c, int argc, char **argv);
int cmd_unpublish(struct cli *c, int argc, char **argv);
int cmd_verify(struct cli *c, int argc, char **argv);
int cmd_report(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_merge(struct cli *c, int argc, char **argv);
int cmd_backup(struct cli *c, int argc, char **argv);
/* Hidden: shell completion (cmd_complete.c). */
int cmd_complete(struct cli *c, int argc, char **argv);

/* Parses a command's options (its own plus the common ones). on_opt gets
 * the command's own options; it returns 0 or an exit code. Returns 0 with
 * *first set to the index of the first operand, an exit code, or -1 when
 * --help was printed (exit 0). */
int cli_parse(struct cli *c, const struct cli_command *cmd, int argc, char **argv,
	      const struct option *cmd_opts, int (*on_opt)(void *ud, int opt, const char *arg),
	      void *ud, int *first);
#endif
