/* cmd_verify.c - verify: the remote checks of a project's git source and
 * published image, on request, with the results stored and shown. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "cli.h"

#include "certtrack/i18n.h"
#include "certtrack/util.h"
#include "certtrack/verify.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
	OPT_GIT = OPT_FIRST_COMMAND_OPTION,
	OPT_REGISTRY,
	OPT_TAG,
	OPT_REGISTRY_URL,
	OPT_CACERT,
	OPT_TIMEOUT,
};

struct verify_cli_opts {
	struct verify_options v;
	const char *bad_timeout;
};

static int verify_opt(void *ud, int opt, const char *arg)
{
	struct verify_cli_opts *o = ud;
	switch (opt) {
	case OPT_GIT:
		o->v.git = true;
		break;
	case OPT_REGISTRY:
		o->v.registry = true;
		break;
	case OPT_TAG:
		o->v.tag = arg;
		break;
	case OPT_REGISTRY_URL:
		o->v.registry_url = arg;
		break;
	case OPT_CACERT:
		o->v.cacert = arg;
		break;
	case OPT_TIMEOUT: {
		char *end;
		errno = 0;
		long t = strtol(arg, &end, 10);
		if (errno || *end || end == arg || t < 1 || t > 3600)
			o->bad_timeout = arg;
		else
			o->v.timeout = t;
		break;
	}
	}
	return 0;
}

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

static const char *outcome_color(enum verify_outcome o)
{
	switch (o) {
	case VERIFY_PASS:
		return "green";
	case VERIFY_WARN:
	case VERIFY_SKIPPED:
		return "yellow";
	default:
		return "red";
	}
}

static void print_report(const struct cli *c, const struct verify_report *r)
{
	printf(_("%s: remote checks\n"), r->project);
	for (size_t i = 0; i < r->checks.n; i++) {
		const struct verify_check *k = &r->checks.v[i];
		printf("  %s%-13s%s %-24s %s\n", cli_sgr(c, stdout, outcome_color(k->outcome)),
		       verify_outcome_name(k->outcome), cli_sgr(c, stdout, "reset"), k->kind,
		       k->message);
		if (k->fix && k->outcome != VERIFY_PASS)
			printf(_("                fix: %s\n"), k->fix);
	}
	const char *verdict = r->cancelled ? _("cancelled")
			      : r->status == CT_OK ? _("passed")
			      : r->status == CT_FAILED ? _("a check found a problem")
						       : _("a check could not get an answer");
	printf(r->recorded ? _("result: %s (recorded)\n") : _("result: %s (not recorded)\n"),
	       verdict);
}

int cmd_verify(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("verify");
	static const struct option opts[] = {
		{"git", no_argument, NULL, OPT_GIT},
		{"registry", no_argument, NULL, OPT_REGISTRY},
		{"tag", required_argument, NULL, OPT_TAG},
		{"registry-url", required_argument, NULL, OPT_REGISTRY_URL},
		{"cacert", required_argument, NULL, OPT_CACERT},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{NULL, 0, NULL, 0},
	};
	struct verify_cli_opts o = {0};
	int first, rc = cli_parse(c, cmd, argc, argv, opts, verify_opt, &o, &first);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (o.bad_timeout)
		return cli_usage_error(cmd, _("--timeout takes seconds from 1 to 3600, not \"%s\""),
				       o.bad_timeout);
	if (argc - first != 1)
		return cli_usage_error(cmd, _("give one project"));
	if ((rc = cli_open(c)))
		return rc;
	struct ct_error err;
	ct_error_clear(&err);
	struct verify_job *job;
	if (verify_job_start(&c->sess.ops, argv[first], &o.v, &job, &err))
		return cli_fail(c, &err, NULL);
	/* Ctrl-C cancels the requests and leaves nothing recorded. */
	struct sigaction sa = {0}, old_int, old_term;
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	bool asked = false;
	while (!verify_job_poll(job, NULL, 0)) {
		if (interrupted && !asked) {
			verify_job_cancel(job);
			asked = true;
		}
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	struct verify_report r;
	enum ct_status s = verify_job_finish(&c->sess.ops, job, &r, &err);
	if (s) {
		rc = cli_fail(c, &err, NULL);
	} else {
		if (c->json)
			cli_print_json(verify_report_json(&r));
		else
			print_report(c, &r);
		if (r.cancelled)
			fprintf(stderr, _("certtrack: cancelled; nothing was recorded\n"));
		rc = (int)r.status;
	}
	verify_report_free(&r);
	return rc;
}
