/* cmd_project.c - init, templates, new, list, show, set, delete. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "cli.h"

#include "certtrack/engine.h"
#include "certtrack/i18n.h"
#include "certtrack/jsonout.h"
#include "certtrack/records.h"
#include "certtrack/util.h"

#include <stdlib.h>
#include <string.h>

/* Parses only the common options; the operands must number between min
 * and max (max < 0: any). */
static int parse_plain(struct cli *c, const char *name, int argc, char **argv, int min, int max,
		       int *first)
{
	const struct cli_command *cmd = cli_command_find(name);
	int rc = cli_parse(c, cmd, argc, argv, NULL, NULL, NULL, first);
	if (rc)
		return rc;
	int n = argc - *first;
	if (n < min)
		return cli_usage_error(cmd, _("missing argument"));
	if (max >= 0 && n > max)
		return cli_usage_error(cmd, _("unexpected argument \"%s\""), argv[*first + max]);
	return 0;
}

int cmd_init(struct cli *c, int argc, char **argv)
{
	int first, rc = parse_plain(c, "init", argc, argv, 0, 0, &first);
	if (rc)
		return rc;
	if ((rc = cli_open(c)))
		return rc;
	const char *path = c->sess.db ? c->sess.db : getenv("CERTTRACK_DB");
	if (!path || !*path)
		path = c->sess.default_db;
	if (c->json) {
		cli_print_json(jsonout_result(1, NULL, NULL, NULL));
	} else {
		printf(_("database ready: %s\n"), path);
	}
	return 0;
}

int cmd_templates(struct cli *c, int argc, char **argv)
{
	int first, rc = parse_plain(c, "templates", argc, argv, 0, 0, &first);
	if (rc)
		return rc;
	if ((rc = cli_load_templates(c)))
		return rc;
	if (c->json) {
		cli_print_json(jsonout_templates(&c->sess.templates));
		return 0;
	}
	for (size_t i = 0; i < c->sess.templates.n; i++) {
		const struct template *t = c->sess.templates.v[i];
		printf("%-20s %s\n", t->id, _(t->title));
		printf("%-20s %s\n", "", t->path);
	}
	return 0;
}

/* Collects FIELD=VALUE operands. */
static int parse_assignments(const struct cli_command *cmd, char **args, int n,
			     struct assignment *out, char (*keys)[64])
{
	for (int i = 0; i < n; i++) {
		const char *value;
		if (!ops_parse_assignment(args[i], keys[i], sizeof(keys[i]), &value))
			return cli_usage_error(cmd, _("\"%s\" is not FIELD=VALUE"), args[i]);
		out[i].key = keys[i];
		out[i].value = value;
	}
	return 0;
}

struct new_opts {
	const char *template_id;
	bool force;
};

enum { OPT_TEMPLATE = OPT_FIRST_COMMAND_OPTION, OPT_FORCE };

static int new_opt(void *ud, int opt, const char *arg)
{
	struct new_opts *o = ud;
	if (opt == OPT_TEMPLATE)
		o->template_id = arg;
	else if (opt == OPT_FORCE)
		o->force = true;
	return 0;
}

int cmd_new(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("new");
	static const struct option opts[] = {
		{"template", required_argument, NULL, OPT_TEMPLATE},
		{"force", no_argument, NULL, OPT_FORCE},
		{NULL, 0, NULL, 0},
	};
	struct new_opts o = {0};
	int first, rc = cli_parse(c, cmd, argc, argv, opts, new_opt, &o, &first);
	if (rc)
		return rc;
	if (first >= argc)
		return cli_usage_error(cmd, _("missing the project name"));
	const char *name = argv[first];
	int n = argc - first - 1;
	struct assignment *a = xcalloc((size_t)n + 1, sizeof(*a));
	char (*keys)[64] = xcalloc((size_t)n + 1, sizeof(*keys));
	rc = parse_assignments(cmd, argv + first + 1, n, a, keys);
	if (!rc)
		rc = cli_open(c);
	struct ct_error err;
	ct_error_clear(&err);
	const struct template *t = NULL;
	if (!rc && !(t = session_template(&c->sess, o.template_id, &err)))
		rc = err.status == CT_USAGE ? cli_usage_error(cmd, "%s", err.msg) : cli_fail(c, &err, NULL);
	if (!rc) {
		struct problems ps = {0};
		char uuid[37];
		enum ct_status s = ops_project_create(&c->sess.ops, t->id, name, a, (size_t)n,
						      o.force, &ps, uuid, &err);
		if (s) {
			if (s == CT_FAILED && !err.msg[0])
				ct_fail(&err, CT_FAILED,
					_("project not created: fix the errors above, or use --force to accept an invalid name"));
			rc = cli_fail(c, &err, &ps);
		} else if (c->json) {
			cli_print_json(jsonout_result(1, uuid, &ps, NULL));
		} else {
			cli_print_problems(c, stderr, &ps, "  ");
			printf(_("created project %s (%s)\n"), name, uuid);
		}
		problems_free(&ps);
	}
	free(a);
	free(keys);
	return rc;
}

struct list_out {
	struct cli *c;
	struct jsonout_stream js;
	size_t n;
	int namew;
};

static enum ct_status list_json_row(void *ud, const struct project_summary *s)
{
	struct list_out *l = ud;
	jsonout_stream_summary(&l->js, s);
	return CT_OK;
}

/* First pass of the table: how wide the name column must be. */
static enum ct_status list_measure(void *ud, const struct project_summary *s)
{
	struct list_out *l = ud;
	int w = utf8_width(s->name);
	if (w > l->namew)
		l->namew = w;
	l->n++;
	return CT_OK;
}

static enum ct_status list_row(void *ud, const struct project_summary *s)
{
	struct list_out *l = ud;
	struct cli *c = l->c;
	int namew = l->namew;
	char prog[32], probs[32];
	snprintf(prog, sizeof(prog), "%d/%d", s->done, s->total);
	snprintf(probs, sizeof(probs), "%dE %dW", s->errors, s->warnings);
	cli_put_cell(stdout, s->name, namew);
	putchar(' ');
	cli_put_cell(stdout, s->owner, 12);
	putchar(' ');
	cli_put_cell(stdout, prog, 9);
	putchar(' ');
	printf("%s", cli_sgr(c, stdout, s->errors ? "red" : s->warnings ? "yellow" : "reset"));
	cli_put_cell(stdout, probs, 9);
	printf("%s ", cli_sgr(c, stdout, "reset"));
	printf("%s\n", s->next_action ? s->next_action : _("(all done)"));
	return CT_OK;
}

/* The list is streamed from the store, a row at a time; the table reads
 * it twice (widths, then rows) inside one snapshot. */
int cmd_list(struct cli *c, int argc, char **argv)
{
	int first, rc = parse_plain(c, "list", argc, argv, 0, 0, &first);
	if (rc || (rc = cli_open(c)))
		return rc;
	struct ct_error err;
	ct_error_clear(&err);
	struct list_out l = {.c = c, .namew = 12};
	if (c->json) {
		jsonout_stream_begin(&l.js, stdout);
		if (store_project_each(c->sess.st, list_json_row, &l, &err)) {
			jsonout_stream_free(&l.js);
			return cli_fail(c, &err, NULL);
		}
		jsonout_stream_end(&l.js);
		return 0;
	}
	if (store_read_begin(c->sess.st, &err))
		return cli_fail(c, &err, NULL);
	if (store_project_each(c->sess.st, list_measure, &l, &err)) {
		store_read_end(c->sess.st);
		return cli_fail(c, &err, NULL);
	}
	if (l.n == 0) {
		store_read_end(c->sess.st);
		const struct template *t = session_template(&c->sess, NULL, &err);
		if (t)
			printf(_("No projects yet. Create one with: certtrack new %s\n"), t->name_example);
		else
			printf(_("No projects yet. Create one with: certtrack new NAME --template ID\n"));
		return 0;
	}
	if (l.namew > 48)
		l.namew = 48;
	printf("%s", cli_sgr(c, stdout, "bold"));
	cli_put_cell(stdout, _("NAME"), l.namew);
	putchar(' ');
	cli_put_cell(stdout, _("OWNER"), 12);
	putchar(' ');
	cli_put_cell(stdout, _("PROGRESS"), 9);
	putchar(' ');
	cli_put_cell(stdout, _("PROBLEMS"), 9);
	putchar(' ');
	printf("%s%s\n", _("NEXT ACTION"), cli_sgr(c, stdout, "reset"));
	enum ct_status s = store_project_each(c->sess.st, list_row, &l, &err);
	store_read_end(c->sess.st);
	return s ? cli_fail(c, &err, NULL) : 0;
}

static const char *status_glyph(enum item_status s)
{
	switch (s) {
	case ITEM_DONE:
		return "[x]";
	case ITEM_IN_PROGRESS:
		return "[~]";
	case ITEM_BLOCKED:
		return "[!]";
	case ITEM_NA:
		return "[-]";
	default:
		return "[ ]";
	}
}

static void show_text(struct cli *c, const struct project *p, const struct problems *ps,
		      const struct scan_record *scan)
{
	const struct template *t = p->tpl;
	int done, total;
	engine_progress(p, &done, &total);
	int next = engine_next_action(p);
	printf("%s%s%s\n", cli_sgr(c, stdout, "bold"), p->name, cli_sgr(c, stdout, "reset"));
	printf(_("  uuid      %s\n  template  %s\n  owner     %s\n  progress  %d/%d\n"), p->uuid,
	       t->id, p->owner, done, total);
	printf(_("  next      %s\n"), next >= 0 ? t->items[next].key : _("(all done)"));
	for (size_t g = 0; g < t->n_groups; g++) {
		printf("\n%s%s%s\n", cli_sgr(c, stdout, "bold"), _(t->groups[g].title),
		       cli_sgr(c, stdout, "reset"));
		for (size_t i = 0; i < t->n_fields; i++) {
			const struct tpl_field *f = &t->fields[i];
			if (strcmp(f->group, t->groups[g].key) != 0)
				continue;
			const char *v = project_field_value(p, i);
			printf("  ");
			cli_put_cell(stdout, f->key, 32);
			printf(" %s\n", v ? v : "-");
			struct problems fp = {0};
			for (size_t k = 0; k < ps->n; k++)
				if (str_eq(ps->v[k].field, f->key))
					problems_add(&fp, ps->v[k].severity, ps->v[k].rule, NULL, NULL,
						     ps->v[k].suggestion, ps->v[k].fix, "%s",
						     ps->v[k].message);
			cli_print_problems(c, stdout, &fp, "    ");
			problems_free(&fp);
		}
	}
	printf("\n%s%s%s\n", cli_sgr(c, stdout, "bold"), _("Checklist"), cli_sgr(c, stdout, "reset"));
	for (size_t i = 0; i < t->n_items; i++) {
		const struct item_state *is = &p->items[i];
		printf("  %s ", status_glyph(is->status));
		cli_put_cell(stdout, t->items[i].key, 24);
		printf(" %s", _(t->items[i].title));
		if ((int)i == next)
			printf("  %s<- %s%s", cli_sgr(c, stdout, "green"), _("next"),
			       cli_sgr(c, stdout, "reset"));
		putchar('\n');
		if (is->reason)
			printf(_("        reason: %s\n"), is->reason);
		if (is->forced_reason)
			printf(_("        forced: %s\n"), is->forced_reason);
		if (is->note)
			printf(_("        note: %s\n"), is->note);
	}
	printf("\n%s%s%s\n", cli_sgr(c, stdout, "bold"), _("Collateral"), cli_sgr(c, stdout, "reset"));
	if (!p->n_collateral)
		printf(_("  none yet: at least 3, one of them of type document\n"));
	for (size_t i = 0; i < p->n_collateral; i++)
		printf("  #%lld  %-10s %s%s%s\n", p->collateral[i].id, p->collateral[i].type,
		       p->collateral[i].title, p->collateral[i].location ? "  " : "",
		       p->collateral[i].location ? p->collateral[i].location : "");
	printf("\n%s%s%s\n", cli_sgr(c, stdout, "bold"), _("Build, scan and publication"),
	       cli_sgr(c, stdout, "reset"));
	static const char *const rec[] = {N_("failed"), N_("passed"), N_("running")};
	static const char *const bld[] = {N_("failed"), N_("succeeded"), N_("running")};
	printf(_("  pre-scan   %s\n"), p->prescan == REC_NONE ? _("not run") : _(rec[p->prescan]));
	printf(_("  build      %s\n"), p->build == REC_NONE ? _("none") : _(bld[p->build]));
	printf(_("  scan       %s\n"), p->scan == REC_NONE ? _("none") : _(rec[p->scan]));
	if (scan) {
		if (scan->image)
			printf(_("             of %s\n"), scan->image);
		if (scan->tool_version)
			/* TRANSLATORS: "by preflight 1.9.2 (commit abc123)" */
			printf(_("             by preflight %s%s%s%s\n"), scan->tool_version,
			       scan->tool_commit ? _(" (commit ") : "",
			       scan->tool_commit ? scan->tool_commit : "", scan->tool_commit ? ")" : "");
		/* failed checks and warnings only: what to act on */
		for (size_t k = 0; k < scan->n_results; k++)
			if (strcmp(scan->results[k].status, "pass") != 0)
				cli_print_scan_results(c, &scan->results[k], 1, "             ");
	}
	printf(_("  published  %s\n"), p->published ? _("yes") : _("no"));
	char *image = records_image_ref(p, NULL);
	printf(_("  image      %s\n"), image);
	free(image);
	struct problems other = {0};
	for (size_t k = 0; k < ps->n; k++)
		if (!ps->v[k].field)
			problems_add(&other, ps->v[k].severity, ps->v[k].rule, NULL, NULL,
				     ps->v[k].suggestion, ps->v[k].fix, "%s", ps->v[k].message);
	if (other.n) {
		printf("\n%s%s%s\n", cli_sgr(c, stdout, "bold"), _("Problems"), cli_sgr(c, stdout, "reset"));
		cli_print_problems(c, stdout, &other, "  ");
	}
	problems_free(&other);
}

int cmd_show(struct cli *c, int argc, char **argv)
{
	int first, rc = parse_plain(c, "show", argc, argv, 1, 1, &first);
	if (rc || (rc = cli_open(c)))
		return rc;
	struct project *p;
	struct ct_error err;
	ct_error_clear(&err);
	if (ops_project_load(&c->sess.ops, argv[first], &p, &err))
		return cli_fail(c, &err, NULL);
	struct problems ps = {0};
	engine_problems(p, &ps);
	/* the latest build's latest scan, with what preflight reported */
	struct build_record *b = NULL;
	size_t nb = 0, ns = 0;
	struct scan_record *scans = NULL;
	if (records_builds(&c->sess.ops, p, &b, &nb, &err) ||
	    (nb && records_scans(&c->sess.ops, b[0].id, &scans, &ns, &err))) {
		build_records_free(b, nb);
		problems_free(&ps);
		project_free(p);
		return cli_fail(c, &err, NULL);
	}
	const struct scan_record *latest = ns ? &scans[0] : NULL;
	if (c->json)
		cli_print_json(jsonout_show_scan(p, &ps, latest));
	else
		show_text(c, p, &ps, latest);
	scan_records_free(scans, ns);
	build_records_free(b, nb);
	problems_free(&ps);
	project_free(p);
	return 0;
}

int cmd_set(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("set");
	int first, rc = parse_plain(c, "set", argc, argv, 2, -1, &first);
	if (rc)
		return rc;
	int n = argc - first - 1;
	struct assignment *a = xcalloc((size_t)n, sizeof(*a));
	char (*keys)[64] = xcalloc((size_t)n, sizeof(*keys));
	rc = parse_assignments(cmd, argv + first + 1, n, a, keys);
	if (!rc)
		rc = cli_open(c);
	if (!rc) {
		struct problems ps = {0};
		struct ct_error err;
		ct_error_clear(&err);
		enum ct_status s = ops_fields_set(&c->sess.ops, argv[first], a, (size_t)n, &ps, &err);
		if (s) {
			if (s == CT_FAILED && !err.msg[0])
				ct_fail(&err, CT_FAILED, _("nothing changed: fix the errors above and run the command again"));
			rc = cli_fail(c, &err, &ps);
		} else if (c->json) {
			cli_print_json(jsonout_result(1, NULL, &ps, NULL));
		} else {
			cli_print_problems(c, stderr, &ps, "  ");
			printf(P_("updated %d field of %s\n", "updated %d fields of %s\n", n), n,
			       argv[first]);
		}
		problems_free(&ps);
	}
	free(a);
	free(keys);
	return rc;
}

int cmd_delete(struct cli *c, int argc, char **argv)
{
	int first, rc = parse_plain(c, "delete", argc, argv, 1, 1, &first);
	if (rc || (rc = cli_open(c)))
		return rc;
	struct ct_error err;
	ct_error_clear(&err);
	if (ops_project_delete(&c->sess.ops, argv[first], &err))
		return cli_fail(c, &err, NULL);
	if (c->json)
		cli_print_json(jsonout_result(1, NULL, NULL, NULL));
	else
		printf(_("deleted %s ('certtrack undo' brings it back)\n"), argv[first]);
	return 0;
}
