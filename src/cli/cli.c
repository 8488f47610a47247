/* cli.c - the command table, options every command shares, opening the
 * database, error reporting and text output helpers. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "cli.h"

#include "certtrack/i18n.h"
#include "certtrack/jsonout.h"
#include "certtrack/util.h"

#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

const struct cli_command cli_commands[] = {
	{"init", cmd_init, "", N_("create the database if it does not exist")},
	{"templates", cmd_templates, "", N_("list the available checklist templates")},
	{"new", cmd_new, "NAME [--template ID] [FIELD=VALUE ...] [--force]", N_("create a project")},
	{"list", cmd_list, "", N_("one line per project: owner, progress, next action, problems")},
	{"show", cmd_show, "PROJECT", N_("fields with their problems, items and collateral")},
	{"set", cmd_set, "PROJECT FIELD=VALUE ...", N_("change fields; all or none are applied")},
	{"delete", cmd_delete, "PROJECT", N_("delete a project (undo brings it back)")},
	{"item", cmd_item, "PROJECT ITEM STATUS [--note T] [--reason T] [--force]",
	 N_("set a checklist item's status: todo, in-progress, done, blocked, n/a")},
	{"collateral", cmd_collateral, "PROJECT add TITLE --type TYPE [--location L] | PROJECT rm ID",
	 N_("documentation and marketing materials")},
	{"check-name", cmd_check_name, "NAME [--version V] [--template ID]", N_("validate a project name")},
	{"validate", cmd_validate, "PROJECT", N_("every field, rule and requirement problem of a project")},
	{"lint", cmd_lint, "[PATH ...] [--format text|json|sarif|junit] [--context DIR] [--name NAME] [--template ID] | --project PROJECT",
	 N_("Dockerfile pre-scan against the certification policies (7.3); PATH is a Dockerfile or a build context folder, default .")},
	{"build", cmd_build, "PROJECT start --tag T [--id BUILD_ID] [--note T] | PROJECT finish [--failed] | PROJECT [list]",
	 N_("record builds of the image (7.5) and list them with their scans")},
	{"scan", cmd_scan, "PROJECT --import results.json [--force] | PROJECT POLICY=STATUS ... [--fix POLICY=TEXT]",
	 N_("record the scan of the latest build (7.5, 7.6), from preflight or by hand")},
	{"publish", cmd_publish, "PROJECT", N_("record that the image is published (7.7)")},
	{"unpublish", cmd_unpublish, "PROJECT", N_("record that the image is unpublished")},
	{"handoff", cmd_handoff, "PROJECT --to USER [--note T]", N_("change the owner, recorded with the note")},
	{"history", cmd_history, "[PROJECT] [--limit N]", N_("who changed what, newest first")},
	{"report", cmd_report, "[PROJECT ...] [--format json|markdown|html|csv] [-o FILE] [--force]",
	 N_("status report of all or some projects, to standard output or a file")},
	{"import", cmd_import, "FILE [--dry-run]", N_("import a JSON report; projects match by UUID; conflicts as for merge")},
	{"merge", cmd_merge, "OTHER [--dry-run] [--ours|--theirs] [--take [PROJECT:]KEY=ours|theirs ...] [--rename THEIRNAME=NEWNAME ...]",
	 N_("three-way merge of another database file or JSON report; conflicts are listed, never resolved silently")},
	{"backup", cmd_backup, "FILE [--force]", N_("a consistent single-file copy of the database, safe to mail")},
	{"verify", cmd_verify, "PROJECT [--git] [--registry] [--tag T] [--registry-url URL] [--cacert FILE] [--timeout S]",
	 N_("check the git source and the published image against their servers")},
	{"undo", cmd_undo, "", N_("undo the last command that changed data")},
	{NULL, NULL, NULL, NULL},
};

const struct cli_command *cli_command_find(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* Help is folded to fit this many columns, as a terminal of 80 shows it. */
#define HELP_WIDTH 80

/* The end of the word of text that starts at i: up to a space outside
 * brackets, so that "[--format text|json]" and "[PATH ...]" are one. */
static size_t word_end(const char *text, size_t i, size_t len)
{
	for (int depth = 0; i < len && (text[i] != ' ' || depth > 0); i++) {
		depth += text[i] == '[' || text[i] == '(';
		depth -= (text[i] == ']' || text[i] == ')') && depth > 0;
	}
	return i;
}

static size_t skip_spaces(const char *text, size_t i, size_t len)
{
	while (i < len && text[i] == ' ')
		i++;
	return i;
}

/* Writes text (trailing newlines dropped) from column col on, folded at
 * spaces so that no line passes HELP_WIDTH, each further line indented by
 * indent columns, then a newline. What reads as one stays on one line: a
 * bracket, an option and its argument ("--tag T"), an alternative's bar
 * and what follows it ("| --project PROJECT"). A unit wider than the line
 * is written on a line of its own. */
static void put_folded(FILE *out, const char *text, int col, int indent)
{
	size_t len = strlen(text);
	while (len && text[len - 1] == '\n')
		len--;
	char *unit = xmalloc(len + 1);
	bool first = true;
	for (size_t i = skip_spaces(text, 0, len); i < len; i = skip_spaces(text, i, len)) {
		size_t e = word_end(text, i, len);
		bool bar = e == i + 1 && text[i] == '|';
		if (bar && skip_spaces(text, e, len) < len)
			e = word_end(text, skip_spaces(text, e, len), len);
		/* An option, then its argument (a name in capitals). */
		size_t last = e;
		while (last > i && text[last - 1] != ' ')
			last--;
		size_t next = skip_spaces(text, e, len);
		if (text[last] == '-' && next < len && text[next] >= 'A' && text[next] <= 'Z')
			e = word_end(text, next, len);
		memcpy(unit, text + i, e - i);
		unit[e - i] = '\0';
		i = e;
		int w = utf8_width(unit);
		if (!first && col + 1 + w > HELP_WIDTH) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', out);
			col++;
		}
		fputs(unit, out);
		col += w;
		first = false;
	}
	fputc('\n', out);
	free(unit);
}

/* "Usage: certtrack NAME ARGS", its arguments folded under the first. */
static void put_usage(FILE *out, const struct cli_command *cmd)
{
	char *u = xasprintf(_("Usage: certtrack %s %s\n\n"), cmd->name, cmd->args);
	char *tail = strstr(u, cmd->args);
	int indent = 0;
	if (tail && *cmd->args) {
		char keep = *tail;
		*tail = '\0';
		indent = utf8_width(u);
		*tail = keep;
	}
	put_folded(out, u, 0, indent < HELP_WIDTH / 2 ? indent : 8);
	free(u);
}

void cli_main_help(FILE *out)
{
	fprintf(out, _("Usage: certtrack [OPTIONS]                 open the interactive interface\n"
		       "       certtrack [OPTIONS] COMMAND [ARGS]  run one command\n\n"));
	fprintf(out, _("Track Red Hat container certification of OpenStack plugin images.\n\n"));
	fprintf(out, _("Commands:\n"));
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		fprintf(out, "  ");
		cli_put_cell(out, c->name, 12);
		fputc(' ', out);
		put_folded(out, _(c->summary), 15, 15);
	}
	fprintf(out, _("\nOptions:\n"
		       "  --db FILE|SERVER     the database: a file, or a PostgreSQL server as\n"
		       "                       postgresql://HOST/DB or \"service=NAME\"\n"
		       "                       (env CERTTRACK_DB; default\n"
		       "                       $XDG_DATA_HOME/certtrack/certtrack.db)\n"
		       "  --templates DIR      extra template folder, searched first\n"
		       "                       (env CERTTRACK_TEMPLATES)\n"
		       "  --user NAME          who is acting, recorded in history\n"
		       "                       (env CERTTRACK_USER; default the login name)\n"
		       "  --json               machine output: one JSON document on stdout\n"
		       "  --color=WHEN         auto, always or never (NO_COLOR is honoured)\n"
		       "  -h, --help           show this help\n"
		       "  --version            show the version\n\n"));
	fprintf(out, _("'certtrack COMMAND --help' describes a command. Exit status: 0 success,\n"
		       "1 problems found or refused, 2 usage error, 3 data error, 4 system error.\n"));
}

void cli_command_help(const struct cli_command *cmd, FILE *out)
{
	put_usage(out, cmd);
	fputc('\n', out);
	char *summary = xasprintf("%s.", _(cmd->summary));
	put_folded(out, summary, 0, 0);
	free(summary);
	fputc('\n', out);
	fprintf(out, _("Common options: --db FILE|SERVER, --templates DIR, --user NAME, --json,\n"
		       "--color=WHEN, --help. 'certtrack --help' lists every command.\n"));
}

int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, _("certtrack %s: %s\nUsage: certtrack %s %s\n"), cmd->name, msg,
			cmd->name, cmd->args);
	else
		fprintf(stderr, _("certtrack: %s\nTry 'certtrack --help'.\n"), msg);
	free(msg);
	return CT_USAGE;
}

static int parse_color(struct cli *c, const char *arg)
{
	if (!arg || strcmp(arg, "always") == 0 || strcmp(arg, "yes") == 0)
		c->color = COLOR_ALWAYS;
	else if (strcmp(arg, "never") == 0 || strcmp(arg, "no") == 0)
		c->color = COLOR_NEVER;
	else if (strcmp(arg, "auto") == 0)
		c->color = COLOR_AUTO;
	else
		return -1;
	return 0;
}

int cli_common_option(struct cli *c, const struct cli_command *cmd, int opt,
		      const char *arg, bool *done)
{
	switch (opt) {
	case OPT_DB:
		c->sess.db = arg;
		return 0;
	case OPT_TEMPLATES:
		c->sess.templates_dir = arg;
		return 0;
	case OPT_USER:
		if (str_is_empty(arg))
			return cli_usage_error(cmd, _("--user needs a name"));
		c->sess.user = arg;
		return 0;
	case OPT_JSON:
		c->json = true;
		cli_machine_output();
		return 0;
	case OPT_COLOR:
		if (parse_color(c, arg))
			return cli_usage_error(cmd, _("--color takes auto, always or never, not \"%s\""), arg);
		return 0;
	case OPT_HELP:
		if (cmd)
			cli_command_help(cmd, stdout);
		else
			cli_main_help(stdout);
		*done = true;
		return 0;
	case '?':
		/* getopt_long has printed what was wrong. */
		if (cmd)
			put_usage(stderr, cmd);
		return CT_USAGE;
	default:
		return -1;
	}
}

int cli_load_templates(struct cli *c)
{
	struct ct_error err;
	ct_error_clear(&err);
	if (session_load_templates(&c->sess, &err)) {
		fprintf(stderr, "certtrack: %s\n", err.msg);
		return err.status;
	}
	return 0;
}

int cli_open(struct cli *c)
{
	if (c->sess.st)
		return 0;
	struct ct_error err;
	ct_error_clear(&err);
	if (session_open(&c->sess, &err)) {
		fprintf(stderr, "certtrack: %s\n", err.msg);
		return err.status;
	}
	if (store_warning(c->sess.st))
		fprintf(stderr, _("certtrack: warning: %s\n"), store_warning(c->sess.st));
	return 0;
}

void cli_close(struct cli *c)
{
	session_close(&c->sess);
}

int cli_fail(struct cli *c, const struct ct_error *err, const struct problems *ps)
{
	if (ps && ps->n)
		cli_print_problems(c, stderr, ps, "  ");
	if (err && err->msg[0])
		fprintf(stderr, "certtrack: %s\n", err->msg);
	if (c->json)
		cli_print_json(jsonout_result(0, NULL, ps, err ? err->msg : NULL));
	return err && err->status ? err->status : CT_FAILED;
}

bool cli_color(const struct cli *c, FILE *f)
{
	if (c->color == COLOR_NEVER)
		return false;
	if (c->color == COLOR_ALWAYS)
		return true;
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	const char *term = getenv("TERM");
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(cli_safeout_fd(f));
}

const char *cli_sgr(const struct cli *c, FILE *f, const char *code)
{
	if (!cli_color(c, f))
		return "";
	static const char *const names[] = {"reset", "red", "yellow", "green", "bold", "dim"};
	int i = 0;
	for (size_t k = 0; k < ARRAY_SIZE(names); k++)
		if (strcmp(code, names[k]) == 0)
			i = (int)k;
	return cli_safeout_sgr(f, i);
}

void cli_print_problems(const struct cli *c, FILE *f, const struct problems *ps,
			const char *indent)
{
	for (size_t i = 0; i < ps->n; i++) {
		const struct problem *p = &ps->v[i];
		bool err = p->severity == CT_SEV_ERROR;
		/* Name the field: in a set of several, the value alone does not
		 * say which one is wrong. */
		fprintf(f, "%s%s%s%s [%s] %s", indent, cli_sgr(c, f, err ? "red" : "yellow"),
			err ? _("error:") : _("warning:"), cli_sgr(c, f, "reset"), p->rule, p->message);
		if (p->field)
			fprintf(f, " (%s)", p->field);
		fputc('\n', f);
		if (p->fix)
			fprintf(f, "%s    %s %s\n", indent, _("fix:"), p->fix);
		if (p->suggestion)
			fprintf(f, "%s    %s %s\n", indent, _("suggested value:"), p->suggestion);
	}
}

void cli_put_cell(FILE *f, const char *s, int width)
{
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	int w = 0;
	size_t len = s ? strlen(s) : 0;
	bool cut = utf8_width(s ? s : "") > width;
	int room = cut ? width - 1 : width; /* one column for the ellipsis */
	while (len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, len, &ps);
		int cw;
		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&ps, 0, sizeof(ps));
			n = 1;
			cw = 1;
			if (w + cw > room)
				break;
			fputc('?', f);
		} else {
			if (n == 0)
				break;
			cw = wcwidth(wc);
			if (cw < 0)
				cw = 0;
			if (w + cw > room)
				break;
			fwrite(s, 1, n, f);
		}
		w += cw;
		s += n;
		len -= n;
	}
	if (cut && width > 0) {
		/* U+2026 where the locale can show it. */
		fputs(MB_CUR_MAX > 1 ? "\xE2\x80\xA6" : "~", f);
		w++;
	}
	for (; w < width; w++)
		fputc(' ', f);
}

void cli_print_json(char *doc)
{
	fputs(doc, stdout);
	free(doc);
}

int cli_parse(struct cli *c, const struct cli_command *cmd, int argc, char **argv,
	      const struct option *cmd_opts, int (*on_opt)(void *ud, int opt, const char *arg),
	      void *ud, int *first)
{
	static const struct option common[] = {CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
	size_t nc = ARRAY_SIZE(common) - 1, no = 0;
	while (cmd_opts && cmd_opts[no].name)
		no++;
	struct option *all = xcalloc(nc + no + 1, sizeof(*all));
	memcpy(all, common, nc * sizeof(*all));
	if (no)
		memcpy(all + nc, cmd_opts, no * sizeof(*all));
	int opt, rc = 0;
	bool done = false;
	optind = 0; /* glibc: start afresh, argv[0] is the command name */
	while (!rc && !done && (opt = getopt_long(argc, argv, "h", all, NULL)) != -1) {
		if (opt == 'h')
			opt = OPT_HELP;
		rc = cli_common_option(c, cmd, opt, optarg, &done);
		if (rc == -1)
			rc = on_opt ? on_opt(ud, opt, optarg) : cli_usage_error(cmd, _("unexpected option"));
	}
	free(all);
	if (rc)
		return rc;
	if (done)
		return -1;
	*first = optind;
	session_set_user(&c->sess, c->sess.user);
	return 0;
}

void cli_machine_output(void)
{
	/* Only the messages' language: LC_CTYPE stays, for UTF-8 values. With
	 * LC_MESSAGES "C", gettext also ignores $LANGUAGE. */
	setlocale(LC_MESSAGES, "C");
	cli_safeout_raw_stdout();
}
