/* cmd_check.c - check-name and validate. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "cli.h"

#include "certtrack/engine.h"
#include "certtrack/i18n.h"
#include "certtrack/jsonout.h"
#include "certtrack/util.h"
#include "certtrack/validate.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_VERSION_ = OPT_FIRST_COMMAND_OPTION, OPT_TEMPLATE };

struct check_opts {
	const char *version;
	const char *template_id;
};

static int check_opt(void *ud, int opt, const char *arg)
{
	struct check_opts *o = ud;
	if (opt == OPT_VERSION_)
		o->version = arg;
	else if (opt == OPT_TEMPLATE)
		o->template_id = arg;
	return 0;
}

static const char *version_lookup(void *ud, const char *key)
{
	return strcmp(key, "rh_product_version") == 0 ? ud : NULL;
}

int cmd_check_name(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("check-name");
	static const struct option opts[] = {
		{"version", required_argument, NULL, OPT_VERSION_},
		{"template", required_argument, NULL, OPT_TEMPLATE},
		{NULL, 0, NULL, 0},
	};
	struct check_opts o = {0};
	int first, rc = cli_parse(c, cmd, argc, argv, opts, check_opt, &o, &first);
	if (rc)
		return rc;
	if (argc - first != 1)
		return cli_usage_error(cmd, argc - first < 1 ? _("missing the name to check")
							     : _("give one name; quote it if it has spaces"));
	if ((rc = cli_load_templates(c)))
		return rc;
	struct ct_error err;
	ct_error_clear(&err);
	const struct template *t = session_template(&c->sess, o.template_id, &err);
	if (!t)
		return err.status == CT_USAGE ? cli_usage_error(cmd, "%s", err.msg) : cli_fail(c, &err, NULL);
	const char *name = argv[first];
	const char *version = o.version ? o.version : t->product_version;
	struct validate_ctx ctx = {
		.lookup = version_lookup,
		.ud = (void *)version,
	};
	template_validate_ctx(t, &ctx);
	struct problems ps = {0};
	struct name_parts parts;
	memset(&parts, 0, sizeof(parts));
	validate_project_name(&ctx, name, &ps);
	name_split(&ctx, name, &parts);
	bool valid = problems_count(&ps, CT_SEV_ERROR) == 0;
	if (c->json) {
		cli_print_json(jsonout_check_name(name, &ps, &parts));
	} else {
		if (valid)
			printf(_("%s%s%s is a valid project name\n"), cli_sgr(c, stdout, "green"), name,
			       cli_sgr(c, stdout, "reset"));
		else
			printf(_("%s%s%s is not a valid project name\n"), cli_sgr(c, stdout, "red"), name,
			       cli_sgr(c, stdout, "reset"));
		printf("  %s%s | %s | %s\n", t->name_prefix, parts.major ? parts.major : "?",
		       parts.base_image ? parts.base_image : "?", parts.plugin ? parts.plugin : "?");
		cli_print_problems(c, stdout, &ps, "  ");
	}
	name_parts_free(&parts);
	problems_free(&ps);
	return valid ? 0 : CT_FAILED;
}

int cmd_validate(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("validate");
	int first, rc = cli_parse(c, cmd, argc, argv, NULL, NULL, NULL, &first);
	if (rc)
		return rc;
	if (argc - first != 1)
		return cli_usage_error(cmd, _("give one project"));
	if ((rc = cli_open(c)))
		return rc;
	struct project *p;
	struct ct_error err;
	ct_error_clear(&err);
	if (ops_project_load(&c->sess.ops, argv[first], &p, &err))
		return cli_fail(c, &err, NULL);
	struct problems ps = {0};
	engine_problems(p, &ps);
	/* What stands between the project and its next step. */
	int next = engine_next_action(p);
	if (next >= 0) {
		struct problems unmet = {0};
		engine_unmet(p, (size_t)next, &unmet);
		for (size_t i = 0; i < unmet.n; i++)
			unmet.v[i].severity = CT_SEV_WARNING;
		problems_move(&ps, &unmet);
	}
	size_t errors = problems_count(&ps, CT_SEV_ERROR);
	if (c->json) {
		cli_print_json(jsonout_validate(p, &ps));
	} else {
		cli_print_problems(c, stdout, &ps, "");
		printf(P_("%s: %zu error", "%s: %zu errors", errors), p->name, errors);
		size_t w = problems_count(&ps, CT_SEV_WARNING);
		printf(P_(", %zu warning\n", ", %zu warnings\n", w), w);
	}
	problems_free(&ps);
	project_free(p);
	return errors ? CT_FAILED : 0;
}
