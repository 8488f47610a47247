/* cmd_lint.c - the Dockerfile pre-scan from the command line (7.3). */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "cli.h"

#include "certtrack/i18n.h"
#include "certtrack/prescan.h"
#include "certtrack/project.h"
#include "certtrack/records.h"
#include "certtrack/template.h"
#include "certtrack/util.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_FORMAT = OPT_FIRST_COMMAND_OPTION, OPT_PROJECT, OPT_CONTEXT, OPT_NAME, OPT_TEMPLATE };

/* The template whose lists a bare `lint PATH` checks against. */

struct lint_opts {
	const char *format;
	const char *project;
	const char *context;
	const char *name;
	const char *template_id;
};

static int lint_opt(void *ud, int opt, const char *arg)
{
	struct lint_opts *o = ud;
	if (opt == OPT_FORMAT)
		o->format = arg;
	else if (opt == OPT_PROJECT)
		o->project = arg;
	else if (opt == OPT_CONTEXT)
		o->context = arg;
	else if (opt == OPT_NAME)
		o->name = arg;
	else if (opt == OPT_TEMPLATE)
		o->template_id = arg;
	return 0;
}

static const char *mark(enum prescan_status s)
{
	switch (s) {
	case PRESCAN_PASS:
		return "[pass]";
	case PRESCAN_FAIL:
		return "[FAIL]";
	case PRESCAN_WARN:
		return "[warn]";
	default:
		return "[ ?? ]";
	}
}

static const char *colour(enum prescan_status s)
{
	return s == PRESCAN_PASS ? "green" : s == PRESCAN_FAIL ? "red" : "yellow";
}

static void print_text(const struct cli *c, const struct prescan_report *r)
{
	size_t counts[4] = {0};
	for (size_t i = 0; i < r->n; i++) {
		const struct prescan_result *x = &r->results[i];
		counts[x->status]++;
		printf("%s%s%s ", cli_sgr(c, stdout, colour(x->status)), mark(x->status),
		       cli_sgr(c, stdout, "reset"));
		cli_put_cell(stdout, x->policy, 29);
		printf(" %s", x->message ? x->message : "");
		if (x->line > 0)
			printf("  %s%s:%d%s", cli_sgr(c, stdout, "dim"), r->file, x->line,
			       cli_sgr(c, stdout, "reset"));
		putchar('\n');
		if (x->fix && x->status != PRESCAN_PASS)
			printf(_("       fix: %s\n"), x->fix);
	}
	if (r->error) {
		printf("%s%s%s ", cli_sgr(c, stdout, "red"), _("error:"), cli_sgr(c, stdout, "reset"));
		if (r->error_line > 0)
			printf("%s:%d: ", r->file, r->error_line);
		printf("%s\n", r->error);
		if (r->error_fix)
			printf(_("       fix: %s\n"), r->error_fix);
	}
	/* TRANSLATORS: the pre-scan's summary line; %zu are counts. */
	printf(_("%s: %zu passed, %zu failed, %zu warnings, %zu unknown: %s%s%s\n"), r->file,
	       counts[PRESCAN_PASS], counts[PRESCAN_FAIL], counts[PRESCAN_WARN],
	       counts[PRESCAN_UNKNOWN], cli_sgr(c, stdout, r->passed ? "green" : "red"),
	       r->passed ? _("passed") : _("FAILED"), cli_sgr(c, stdout, "reset"));
}

/* Path of the project's Dockerfile and context from source_path,
 * context_dir and dockerfile. */
static int project_paths(struct cli *c, const char *ref, char **path, char **context,
			 char **uuid, char **image_name, char **template_id)
{
	struct project *p;
	struct ct_error err;
	ct_error_clear(&err);
	if (ops_project_load(&c->sess.ops, ref, &p, &err))
		return cli_fail(c, &err, NULL);
	int rc = 0;
	if (!records_dockerfile_path(p, path, context)) {
		fprintf(stderr,
			_("certtrack: %s has no local checkout to scan; set it: certtrack set %s source_path=/path/to/checkout\n"),
			p->name, p->name);
		rc = CT_USAGE;
	} else {
		*uuid = xstrdup(p->uuid);
		/* the image is called after the outbound repository (7.4) */
		const char *repo = project_value(p, "outbound_repository");
		*image_name = xstrdup(!str_is_empty(repo) ? repo : p->name);
		*template_id = xstrdup(p->template_id);
	}
	project_free(p);
	return rc;
}

enum lint_format { FMT_TEXT, FMT_JSON, FMT_SARIF, FMT_JUNIT };

/* Scans one Dockerfile or build context and prints its report; the run is
 * recorded with the project uuid when not NULL. Returns the exit status. */
static int lint_one(struct cli *c, const char *path, const char *context,
		    const struct prescan_options *popts, enum lint_format fmt, const char *uuid)
{
	int rc;
	struct prescan_report r;
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status s = prescan_run(path, context, popts, &r, &err);
	if (s && !r.n) {
		/* Nothing was scanned: the file is missing or unreadable. */
		rc = cli_fail(c, &err, NULL);
		goto out;
	}
	if (fmt != FMT_TEXT) {
		char *doc = fmt == FMT_SARIF ? prescan_report_sarif(&r, PACKAGE_VERSION)
			    : fmt == FMT_JUNIT ? prescan_report_junit(&r)
					       : prescan_report_json(&r);
		fputs(doc, stdout);
		if (!str_ends_with(doc, "\n"))
			putchar('\n');
		free(doc);
	} else {
		print_text(c, &r);
	}
	if (uuid) {
		/* A pre-scan run for a project is kept with it: build_service
		 * requires that the latest one passed. */
		char *doc = prescan_report_json(&r);
		struct ct_error rerr;
		ct_error_clear(&rerr);
		if (ops_prescan_record(&c->sess.ops, uuid, r.file, r.digest, r.passed && !s, doc, &rerr)) {
			free(doc);
			rc = cli_fail(c, &rerr, NULL);
			goto out;
		}
		free(doc);
	}
	if (s && r.error && fmt == FMT_TEXT)
		fprintf(stderr, "certtrack: %s\n", err.msg);
	/* A Dockerfile with mistakes is a failed check (1); a file that is
	 * not a Dockerfile at all is bad data (3). */
	rc = (r.not_text || r.limit) ? CT_DATA : (s || !r.passed) ? CT_FAILED : 0;
out:
	prescan_report_free(&r);
	return rc;
}

int cmd_lint(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("lint");
	static const struct option opts[] = {
		{"format", required_argument, NULL, OPT_FORMAT},
		{"project", required_argument, NULL, OPT_PROJECT},
		{"context", required_argument, NULL, OPT_CONTEXT},
		{"name", required_argument, NULL, OPT_NAME},
		{"template", required_argument, NULL, OPT_TEMPLATE},
		{NULL, 0, NULL, 0},
	};
	struct lint_opts o = {0};
	int first, rc = cli_parse(c, cmd, argc, argv, opts, lint_opt, &o, &first);
	if (rc)
		return rc;
	bool json = c->json;
	enum lint_format fmt = json ? FMT_JSON : FMT_TEXT;
	if (o.format) {
		if (strcmp(o.format, "json") == 0)
			fmt = FMT_JSON;
		else if (strcmp(o.format, "text") == 0)
			fmt = FMT_TEXT;
		else if (strcmp(o.format, "sarif") == 0)
			fmt = FMT_SARIF;
		else if (strcmp(o.format, "junit") == 0)
			fmt = FMT_JUNIT;
		else
			return cli_usage_error(cmd, _("--format takes text, json, sarif or junit, not \"%s\""),
					       o.format);
		json = fmt == FMT_JSON;
		if (fmt != FMT_TEXT)
			cli_machine_output();
	}
	if (argc - first > 1 && fmt != FMT_TEXT)
		return cli_usage_error(cmd, _("give one Dockerfile or build context folder with --format json, sarif or junit; several are scanned in text only"));
	if (o.project && argc - first >= 1)
		return cli_usage_error(cmd, _("give either PATH or --project, not both"));
	char *path = NULL, *context = NULL, *uuid = NULL, *image = NULL, *tpl_id = NULL;
	char *base = NULL;
	if (o.project) {
		if ((rc = cli_open(c)) ||
		    (rc = project_paths(c, o.project, &path, &context, &uuid, &image, &tpl_id)))
			return rc;
	} else {
		path = xstrdup(argc - first == 1 ? argv[first] : ".");
		context = xstrdup(o.context);
	}
	if (o.name) {
		free(image);
		image = xstrdup(o.name);
	}
	if (o.template_id) {
		free(tpl_id);
		tpl_id = xstrdup(o.template_id);
	}
	struct ct_error terr;
	ct_error_clear(&terr);
	const struct template *tpl = session_template(&c->sess, tpl_id, &terr);
	if (!tpl) {
		fprintf(stderr, "certtrack: %s\n", terr.msg);
		rc = terr.status;
		goto out;
	}
	if (!tpl->has_prescan) {
		fprintf(stderr,
			_("certtrack: template %s has no \"prescan\" rules to check a Dockerfile against; add them (see checklists/README.md) or give --template ID\n"),
			tpl->id);
		rc = CT_DATA;
		goto out;
	}
	/* Fixes name the project's own base image where the name tells it. */
	base = template_base_image(tpl, image);
	struct prescan_options popts = { .rules = &tpl->prescan, .image_name = image,
					 .base_image = base };
	if (o.project || argc - first <= 1) {
		rc = lint_one(c, path, context, &popts, fmt, uuid);
	} else {
		/* several Dockerfiles (a pre-commit hook passes the changed
		 * ones): each in turn, the worst status wins */
		rc = 0;
		for (int i = first; i < argc; i++) {
			int one = lint_one(c, argv[i], context, &popts, fmt, NULL);
			if (one > rc)
				rc = one;
		}
	}
out:
	free(path);
	free(context);
	free(uuid);
	free(image);
	free(tpl_id);
	free(base);
	return rc;
}
