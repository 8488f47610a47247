/* cmd_item.c - item (checklist status, note, reason) and collateral. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "cli.h"

#include "certtrack/i18n.h"
#include "certtrack/jsonout.h"
#include "certtrack/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_NOTE = OPT_FIRST_COMMAND_OPTION, OPT_REASON, OPT_FORCE, OPT_TYPE, OPT_LOCATION };

struct item_opts {
	const char *note;
	const char *reason;
	bool force;
	const char *type;
	const char *location;
};

static int item_opt(void *ud, int opt, const char *arg)
{
	struct item_opts *o = ud;
	switch (opt) {
	case OPT_NOTE:
		o->note = arg;
		break;
	case OPT_REASON:
		o->reason = arg;
		break;
	case OPT_FORCE:
		o->force = true;
		break;
	case OPT_TYPE:
		o->type = arg;
		break;
	case OPT_LOCATION:
		o->location = arg;
		break;
	}
	return 0;
}

int cmd_item(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("item");
	static const struct option opts[] = {
		{"note", required_argument, NULL, OPT_NOTE},
		{"reason", required_argument, NULL, OPT_REASON},
		{"force", no_argument, NULL, OPT_FORCE},
		{NULL, 0, NULL, 0},
	};
	struct item_opts o = {0};
	int first, rc = cli_parse(c, cmd, argc, argv, opts, item_opt, &o, &first);
	if (rc)
		return rc;
	int n = argc - first;
	if (n < 2 || (n < 3 && !o.note))
		return cli_usage_error(cmd, _("give PROJECT ITEM STATUS (or PROJECT ITEM --note TEXT)"));
	if (n > 3)
		return cli_usage_error(cmd, _("unexpected argument \"%s\""), argv[first + 3]);
	struct item_change chg = {.note = o.note, .reason = o.reason, .force = o.force};
	if (n == 3) {
		chg.set_status = true;
		if (!item_status_parse(argv[first + 2], &chg.status))
			return cli_usage_error(cmd,
					       _("unknown status \"%s\"; use todo, in-progress, done, blocked or n/a"),
					       argv[first + 2]);
	}
	if (o.force && (!chg.set_status || chg.status != ITEM_DONE))
		return cli_usage_error(cmd, _("--force only applies to the status done"));
	if ((rc = cli_open(c)))
		return rc;
	struct problems ps = {0};
	struct ct_error err;
	ct_error_clear(&err);
	if (ops_item_update(&c->sess.ops, argv[first], argv[first + 1], &chg, &ps, &err)) {
		rc = cli_fail(c, &err, &ps);
	} else if (c->json) {
		cli_print_json(jsonout_result(1, NULL, &ps, NULL));
	} else if (chg.set_status) {
		printf(_("%s: %s is %s\n"), argv[first], argv[first + 1], item_status_name(chg.status));
		if (o.force)
			printf(_("  forced past an unmet requirement; the reason is recorded\n"));
	} else {
		printf(_("%s: note of %s saved\n"), argv[first], argv[first + 1]);
	}
	problems_free(&ps);
	return rc;
}

int cmd_collateral(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("collateral");
	static const struct option opts[] = {
		{"type", required_argument, NULL, OPT_TYPE},
		{"location", required_argument, NULL, OPT_LOCATION},
		{NULL, 0, NULL, 0},
	};
	struct item_opts o = {0};
	int first, rc = cli_parse(c, cmd, argc, argv, opts, item_opt, &o, &first);
	if (rc)
		return rc;
	int n = argc - first;
	if (n < 3)
		return cli_usage_error(cmd, _("give PROJECT add TITLE --type TYPE, or PROJECT rm ID"));
	const char *project = argv[first], *verb = argv[first + 1];
	struct ct_error err;
	ct_error_clear(&err);
	if (strcmp(verb, "add") == 0) {
		if (n > 3)
			return cli_usage_error(cmd, _("unexpected argument \"%s\"; quote a title with spaces"),
					       argv[first + 3]);
		if (!o.type)
			return cli_usage_error(cmd, _("give the collateral's type with --type (document, datasheet, ...)"));
		if ((rc = cli_open(c)))
			return rc;
		long long id;
		if (ops_collateral_add(&c->sess.ops, project, argv[first + 2], o.type, o.location, &id, &err))
			return cli_fail(c, &err, NULL);
		if (c->json)
			printf("{\"ok\":true,\"id\":%lld}\n", id);
		else
			printf(_("%s: added collateral #%lld\n"), project, id);
		return 0;
	}
	if (strcmp(verb, "rm") == 0 || strcmp(verb, "remove") == 0) {
		if (n > 3)
			return cli_usage_error(cmd, _("unexpected argument \"%s\""), argv[first + 3]);
		char *end;
		errno = 0;
		const char *ids = argv[first + 2];
		if (*ids == '#')
			ids++;
		long long id = strtoll(ids, &end, 10);
		if (errno || *end || id <= 0)
			return cli_usage_error(cmd, _("\"%s\" is not a collateral id; 'certtrack show' lists them"),
					       argv[first + 2]);
		if ((rc = cli_open(c)))
			return rc;
		if (ops_collateral_rm(&c->sess.ops, project, id, &err))
			return cli_fail(c, &err, NULL);
		if (c->json)
			cli_print_json(jsonout_result(1, NULL, NULL, NULL));
		else
			printf(_("%s: removed collateral #%lld\n"), project, id);
		return 0;
	}
	return cli_usage_error(cmd, _("unknown action \"%s\"; use add or rm"), verb);
}
