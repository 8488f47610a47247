/* cmd_history.c - history, undo and handoff. */
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

enum { OPT_LIMIT = OPT_FIRST_COMMAND_OPTION, OPT_TO, OPT_NOTE };

struct hist_opts {
	long long limit;
	const char *limit_arg;
	const char *to;
	const char *note;
};

static int hist_opt(void *ud, int opt, const char *arg)
{
	struct hist_opts *o = ud;
	if (opt == OPT_LIMIT)
		o->limit_arg = arg;
	else if (opt == OPT_TO)
		o->to = arg;
	else if (opt == OPT_NOTE)
		o->note = arg;
	return 0;
}

/* One line per event: when, who, project, what, old -> new. */
static void print_event(const struct event *e)
{
	printf("%s  %-10s %s  %s", e->at, e->user, e->project_name ? e->project_name : "-", e->what);
	if (e->key)
		printf(" %s", e->key);
	if (e->old_value || e->new_value)
		printf(": %s -> %s", e->old_value ? e->old_value : "(none)",
		       e->new_value ? e->new_value : "(none)");
	if (e->note)
		printf("  (%s)", e->note);
	if (e->undo_of)
		printf(_("  [undo of #%lld]"), e->undo_of);
	putchar('\n');
}

struct history_out {
	bool json;
	struct jsonout_stream js;
	size_t n;
};

/* One row as the store reads it: no list of the whole history in memory. */
static enum ct_status history_row(void *ud, const struct event *e)
{
	struct history_out *h = ud;
	h->n++;
	if (h->json)
		jsonout_stream_event(&h->js, e);
	else
		print_event(e);
	return CT_OK;
}

int cmd_history(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("history");
	static const struct option opts[] = {
		{"limit", required_argument, NULL, OPT_LIMIT},
		{NULL, 0, NULL, 0},
	};
	struct hist_opts o = {.limit = 0};
	int first, rc = cli_parse(c, cmd, argc, argv, opts, hist_opt, &o, &first);
	if (rc)
		return rc;
	if (o.limit_arg) {
		char *end;
		errno = 0;
		o.limit = strtoll(o.limit_arg, &end, 10);
		if (errno || *end || o.limit <= 0)
			return cli_usage_error(cmd, _("--limit takes a positive whole number, not \"%s\""),
					       o.limit_arg);
	}
	if (argc - first > 1)
		return cli_usage_error(cmd, _("give at most one project"));
	if ((rc = cli_open(c)))
		return rc;
	struct ct_error err;
	ct_error_clear(&err);
	const char *uuid = NULL;
	struct project *p = NULL;
	if (argc - first == 1) {
		if (ops_project_load(&c->sess.ops, argv[first], &p, &err))
			return cli_fail(c, &err, NULL);
		uuid = p->uuid;
	}
	struct history_out h = {.json = c->json};
	if (c->json)
		jsonout_stream_begin(&h.js, stdout);
	if (store_events_each(c->sess.st, uuid, o.limit, history_row, &h, &err)) {
		project_free(p);
		jsonout_stream_free(&h.js);
		return cli_fail(c, &err, NULL);
	}
	if (c->json)
		jsonout_stream_end(&h.js);
	else if (!h.n)
		printf(_("no changes recorded yet\n"));
	project_free(p);
	return 0;
}

int cmd_undo(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("undo");
	int first, rc = cli_parse(c, cmd, argc, argv, NULL, NULL, NULL, &first);
	if (rc)
		return rc;
	if (argc - first)
		return cli_usage_error(cmd, _("undo takes no argument"));
	if ((rc = cli_open(c)))
		return rc;
	struct ct_error err;
	ct_error_clear(&err);
	struct event *v;
	size_t n;
	if (ops_undo(&c->sess.ops, &v, &n, &err))
		return cli_fail(c, &err, NULL);
	if (c->json) {
		cli_print_json(jsonout_history(v, n));
	} else {
		printf(P_("undid %zu change:\n", "undid %zu changes:\n", n), n);
		for (size_t i = n; i-- > 0;) {
			printf("  ");
			print_event(&v[i]);
		}
	}
	events_free(v, n);
	return 0;
}

int cmd_handoff(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("handoff");
	static const struct option opts[] = {
		{"to", required_argument, NULL, OPT_TO},
		{"note", required_argument, NULL, OPT_NOTE},
		{NULL, 0, NULL, 0},
	};
	struct hist_opts o = {0};
	int first, rc = cli_parse(c, cmd, argc, argv, opts, hist_opt, &o, &first);
	if (rc)
		return rc;
	if (argc - first != 1)
		return cli_usage_error(cmd, _("give one project"));
	if (!o.to)
		return cli_usage_error(cmd, _("give the new owner with --to USER"));
	if ((rc = cli_open(c)))
		return rc;
	struct ct_error err;
	ct_error_clear(&err);
	struct project *p;
	if (ops_project_load(&c->sess.ops, argv[first], &p, &err))
		return cli_fail(c, &err, NULL);
	char *from = xstrdup(p->owner);
	project_free(p);
	if (ops_owner_set(&c->sess.ops, argv[first], o.to, o.note, &err)) {
		free(from);
		return cli_fail(c, &err, NULL);
	}
	if (c->json)
		cli_print_json(jsonout_result(1, NULL, NULL, NULL));
	else
		printf(_("%s handed from %s to %s%s%s\n"), argv[first], from, o.to, o.note ? ": " : "",
		       o.note ? o.note : "");
	free(from);
	return 0;
}
