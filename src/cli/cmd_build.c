/* cmd_build.c - build, scan, publish and unpublish (7.5 - 7.7). */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "cli.h"

#include "certtrack/i18n.h"
#include "certtrack/jsonout.h"
#include "certtrack/preflight.h"
#include "certtrack/records.h"
#include "certtrack/util.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_TAG = OPT_FIRST_COMMAND_OPTION, OPT_ID, OPT_NOTE, OPT_FAILED, OPT_IMPORT, OPT_FIX, OPT_FORCE };

struct build_opts {
	const char *tag;
	const char *id;
	const char *note;
	bool failed;
	const char *import;
	bool force;
	struct strlist fixes;
};

static int build_opt(void *ud, int opt, const char *arg)
{
	struct build_opts *o = ud;
	switch (opt) {
	case OPT_TAG:
		o->tag = arg;
		break;
	case OPT_ID:
		o->id = arg;
		break;
	case OPT_NOTE:
		o->note = arg;
		break;
	case OPT_FAILED:
		o->failed = true;
		break;
	case OPT_IMPORT:
		o->import = arg;
		break;
	case OPT_FIX:
		strlist_add(&o->fixes, arg);
		break;
	case OPT_FORCE:
		o->force = true;
		break;
	}
	return 0;
}

void cli_print_scan_results(const struct cli *c, const struct scan_result *v, size_t n,
			    const char *indent)
{
	for (size_t i = 0; i < n; i++) {
		const struct scan_result *r = &v[i];
		bool bad = strcmp(r->status, "fail") == 0 || strcmp(r->status, "error") == 0;
		printf("%s%s%-5s%s %s", indent,
		       cli_sgr(c, stdout, bad ? "red" : strcmp(r->status, "warn") == 0 ? "yellow" : "green"),
		       r->status, cli_sgr(c, stdout, "reset"), r->policy);
		if (r->message && bad)
			printf(": %s", r->message);
		putchar('\n');
		if (r->fix && bad)
			printf(_("%s      fix: %s\n"), indent, r->fix);
		if (r->url && bad)
			printf("%s      %s\n", indent, r->url);
		/* what preflight says about a failed check or a warning: what
		 * it checks and its help, not only "encountered an error" */
		bool shown = bad || strcmp(r->status, "warn") == 0;
		if (shown && r->description)
			printf(_("%s      checks: %s\n"), indent, r->description);
		if (shown && r->help && (!r->message || strcmp(r->help, r->message) != 0 || !bad))
			printf(_("%s      help: %s\n"), indent, r->help);
		if (shown && r->check_url && (!r->url || strcmp(r->check_url, r->url) != 0))
			printf("%s      %s\n", indent, r->check_url);
	}
}

static int build_list(struct cli *c, const char *ref)
{
	struct project *p;
	struct ct_error err;
	ct_error_clear(&err);
	if (ops_project_load(&c->sess.ops, ref, &p, &err))
		return cli_fail(c, &err, NULL);
	struct build_record *b;
	size_t nb;
	if (records_builds(&c->sess.ops, p, &b, &nb, &err)) {
		project_free(p);
		return cli_fail(c, &err, NULL);
	}
	struct scan_record **scans = xcalloc(nb + 1, sizeof(*scans));
	size_t *nscans = xcalloc(nb + 1, sizeof(*nscans));
	int rc = 0;
	for (size_t i = 0; i < nb && !rc; i++)
		if (records_scans(&c->sess.ops, b[i].id, &scans[i], &nscans[i], &err))
			rc = cli_fail(c, &err, NULL);
	if (!rc && c->json) {
		cli_print_json(jsonout_builds(p, b, nb, scans, nscans));
	} else if (!rc) {
		printf(_("%s: %s\n"), p->name, p->published ? _("published") : _("not published"));
		if (!nb)
			printf(_("  no builds yet: certtrack build %s start --tag VERSION\n"), p->name);
		for (size_t i = 0; i < nb; i++) {
			char *ref_s = records_image_ref(p, b[i].tag);
			printf("  #%lld  %-9s %s  %s\n", b[i].id, build_result_name(b[i].result),
			       b[i].started_at, ref_s);
			free(ref_s);
			if (b[i].build_ref)
				printf(_("        build id %s\n"), b[i].build_ref);
			for (size_t k = 0; k < nscans[i]; k++) {
				printf(_("        scan #%lld %s (%s, %s)\n"), scans[i][k].id,
				       scans[i][k].passed ? _("passed") : _("failed"),
				       scans[i][k].source, scans[i][k].at);
				cli_print_scan_results(c, scans[i][k].results, scans[i][k].n_results,
						   "          ");
			}
		}
	}
	for (size_t i = 0; i < nb; i++)
		scan_records_free(scans[i], nscans[i]);
	free(scans);
	free(nscans);
	build_records_free(b, nb);
	project_free(p);
	return rc;
}

int cmd_build(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("build");
	static const struct option opts[] = {
		{"tag", required_argument, NULL, OPT_TAG},
		{"id", required_argument, NULL, OPT_ID},
		{"note", required_argument, NULL, OPT_NOTE},
		{"failed", no_argument, NULL, OPT_FAILED},
		{NULL, 0, NULL, 0},
	};
	struct build_opts o = {0};
	int first, rc = cli_parse(c, cmd, argc, argv, opts, build_opt, &o, &first);
	if (rc)
		return rc;
	int n = argc - first;
	if (n < 1 || n > 2)
		return cli_usage_error(cmd, _("give PROJECT and start, finish or list"));
	const char *ref = argv[first], *verb = n == 2 ? argv[first + 1] : "list";
	if ((rc = cli_open(c)))
		return rc;
	struct ct_error err;
	ct_error_clear(&err);
	if (strcmp(verb, "list") == 0)
		return build_list(c, ref);
	if (strcmp(verb, "start") == 0) {
		if (!o.tag)
			return cli_usage_error(cmd, _("give the tag with --tag: the version of your plugin"));
		struct problems ps = {0};
		long long id;
		if (ops_build_start(&c->sess.ops, ref, o.tag, o.id, o.note, &id, &ps, &err)) {
			rc = cli_fail(c, &err, &ps);
		} else if (c->json) {
			cli_print_json(jsonout_result(1, NULL, &ps, NULL));
		} else {
			cli_print_problems(c, stderr, &ps, "  ");
			printf(_("%s: build #%lld of tag %s started\n"), ref, id, o.tag);
		}
		problems_free(&ps);
		return rc;
	}
	if (strcmp(verb, "finish") == 0) {
		if (ops_build_finish(&c->sess.ops, ref, o.failed, o.id, o.note, &err))
			return cli_fail(c, &err, NULL);
		if (c->json)
			cli_print_json(jsonout_result(1, NULL, NULL, NULL));
		else
			printf(o.failed ? _("%s: build failed\n") : _("%s: build succeeded\n"), ref);
		return 0;
	}
	return cli_usage_error(cmd, _("unknown action \"%s\"; use start, finish or list"), verb);
}

/* POLICY=STATUS operands and --fix POLICY=TEXT into scan results. */
static int manual_results(const struct cli_command *cmd, char **args, int n,
			  const struct strlist *fixes, struct scan_result **v, size_t *nv)
{
	*v = xcalloc((size_t)n + 1, sizeof(**v));
	*nv = 0;
	for (int i = 0; i < n; i++) {
		char key[128];
		const char *value;
		if (!ops_parse_assignment(args[i], key, sizeof(key), &value))
			return cli_usage_error(cmd, _("\"%s\" is not POLICY=STATUS"), args[i]);
		struct scan_result *r = &(*v)[(*nv)++];
		r->policy = xstrdup(key);
		r->status = xstrdup(value);
	}
	for (size_t f = 0; f < fixes->n; f++) {
		char key[128];
		const char *text;
		if (!ops_parse_assignment(fixes->v[f], key, sizeof(key), &text))
			return cli_usage_error(cmd, _("--fix takes POLICY=TEXT, not \"%s\""), fixes->v[f]);
		bool found = false;
		for (size_t i = 0; i < *nv; i++)
			if (strcmp((*v)[i].policy, key) == 0) {
				free((*v)[i].fix);
				(*v)[i].fix = xstrdup(text);
				found = true;
			}
		if (!found)
			return cli_usage_error(cmd, _("--fix names %s, which has no result"), key);
	}
	return 0;
}

int cmd_scan(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("scan");
	static const struct option opts[] = {
		{"import", required_argument, NULL, OPT_IMPORT},
		{"fix", required_argument, NULL, OPT_FIX},
		{"force", no_argument, NULL, OPT_FORCE},
		{NULL, 0, NULL, 0},
	};
	struct build_opts o = {0};
	int first, rc = cli_parse(c, cmd, argc, argv, opts, build_opt, &o, &first);
	struct scan_result *v = NULL;
	size_t nv = 0;
	struct scan_record meta;
	memset(&meta, 0, sizeof(meta));
	bool file_passed = false;
	if (rc)
		goto out;
	int n = argc - first;
	if (n < 1) {
		rc = cli_usage_error(cmd, _("give the project"));
		goto out;
	}
	if (o.import && n > 1) {
		rc = cli_usage_error(cmd, _("give either --import FILE or POLICY=STATUS results, not both"));
		goto out;
	}
	if (!o.import && n < 2) {
		rc = cli_usage_error(cmd, _("give --import results.json, or POLICY=STATUS results (pass, fail, warn, error)"));
		goto out;
	}
	struct ct_error err;
	ct_error_clear(&err);
	if (o.import) {
		if (preflight_load_record(o.import, &meta, &file_passed, &err)) {
			rc = cli_fail(c, &err, NULL);
			goto out;
		}
		v = meta.results;
		nv = meta.n_results;
		meta.results = NULL;
		meta.n_results = 0;
	} else if ((rc = manual_results(cmd, argv + first + 1, n - 1, &o.fixes, &v, &nv))) {
		goto out;
	}
	if ((rc = cli_open(c)))
		goto out;
	bool passed, mismatch = false;
	if (ops_scan_record_meta(&c->sess.ops, argv[first], o.import ? "preflight" : "manual",
				 o.import ? &meta : NULL, o.force, v, nv, &passed, &mismatch, &err)) {
		rc = cli_fail(c, &err, NULL);
		goto out;
	}
	if (mismatch)
		fprintf(stderr, _("certtrack: warning: %s tests %s, not the build being scanned; recorded because of --force\n"),
			o.import, meta.image);
	if (c->json) {
		cli_print_json(jsonout_scan_record(passed, o.import ? &meta : NULL, v, nv));
	} else {
		printf(passed ? _("%s: scan recorded: passed\n") : _("%s: scan recorded: FAILED\n"),
		       argv[first]);
		cli_print_scan_results(c, v, nv, "  ");
		if (o.import && file_passed != passed)
			fprintf(stderr, _("certtrack: note: the file says passed=%s, but its results say otherwise; certtrack goes by the results\n"),
				file_passed ? "true" : "false");
	}
	rc = passed ? 0 : CT_FAILED;
out:
	scan_results_free(v, nv);
	scan_record_clear(&meta);
	strlist_free(&o.fixes);
	return rc;
}

static int publish_common(struct cli *c, const char *name, bool publish, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find(name);
	int first, rc = cli_parse(c, cmd, argc, argv, NULL, NULL, NULL, &first);
	if (rc)
		return rc;
	if (argc - first != 1)
		return cli_usage_error(cmd, _("give one project"));
	if ((rc = cli_open(c)))
		return rc;
	struct ct_error err;
	ct_error_clear(&err);
	if (ops_publish(&c->sess.ops, argv[first], publish, &err))
		return cli_fail(c, &err, NULL);
	if (c->json)
		cli_print_json(jsonout_result(1, NULL, NULL, NULL));
	else
		printf(publish ? _("%s: published\n") : _("%s: unpublished\n"), argv[first]);
	return 0;
}

int cmd_publish(struct cli *c, int argc, char **argv)
{
	return publish_common(c, "publish", true, argc, argv);
}

int cmd_unpublish(struct cli *c, int argc, char **argv)
{
	return publish_common(c, "unpublish", false, argc, argv);
}
