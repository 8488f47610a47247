/* certtrack-remote.c - the helper certtrack runs for its remote checks
 * (verify): the only program of certtrack that links libcurl, so that the
 * main program starts without it. It reads requests on standard input and
 * answers on standard output, one JSON line each (src/core/remote_int.h),
 * until its input ends. Not meant to be run by hand. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certtrack/gitcheck.h"
#include "certtrack/http.h"
#include "certtrack/i18n.h"
#include "certtrack/registry.h"
#include "certtrack/util.h"
#include "core/remote_int.h"

static void say(struct remote_msg *m)
{
	char *line = remote_msg_line(m);
	fputs(line, stdout);
	fflush(stdout);
	free(line);
}

static void answer(enum ct_status s, const struct ct_error *err)
{
	struct remote_msg *m = remote_msg_new(NULL);
	remote_msg_set_bool(m, "ok", s == CT_OK);
	if (s) {
		remote_msg_set_int(m, "status", s);
		remote_msg_set_str(m, "error", err->msg);
	}
	say(m);
}

static void send_checks(struct verify_checks *l)
{
	for (size_t i = 0; i < l->n; i++)
		say(remote_msg_check(&l->v[i]));
	verify_checks_free(l);
}

int main(int argc, char **argv)
{
	(void)argv;
	setlocale(LC_ALL, "");
	const char *localedir = getenv("CERTTRACK_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	if (argc > 1) {
		fprintf(stderr, "%s: run by certtrack verify; it takes no arguments\n", REMOTE_HELPER);
		return CT_USAGE;
	}
	struct ct_error err;
	ct_error_clear(&err);
	if (http_global_init(&err)) {
		fprintf(stderr, "%s: %s\n", REMOTE_HELPER, err.msg);
		return CT_SYSTEM;
	}
	struct http_client *h = NULL;
	char *cacert = NULL;
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, stdin) > 0) {
		struct remote_msg *m = remote_msg_parse(line);
		ct_error_clear(&err);
		if (!m) {
			answer(ct_fail(&err, CT_USAGE, "not a request"), &err);
			continue;
		}
		const char *op = remote_msg_str(m, "op");
		enum ct_status s = CT_OK;
		if (str_eq(op, "init")) {
			/* certtrack's own language of messages: C for --json. */
			const char *lm = remote_msg_str(m, "messages");
			if (lm)
				setlocale(LC_MESSAGES, lm);
			answer(CT_OK, &err);
		} else if (str_eq(op, "base")) {
			char *base = NULL;
			s = registry_base_url(remote_msg_str(m, "url"), &base, &err);
			struct remote_msg *a = remote_msg_new(NULL);
			remote_msg_set_bool(a, "ok", s == CT_OK);
			if (s) {
				remote_msg_set_int(a, "status", s);
				remote_msg_set_str(a, "error", err.msg);
			} else {
				remote_msg_set_str(a, "base", base);
			}
			free(base);
			say(a);
		} else if (str_eq(op, "client")) {
			http_client_free(h);
			h = NULL;
			free(cacert);
			/* http_opts keeps the pointer: the copy lives as long. */
			cacert = xstrdup(remote_msg_str(m, "cacert"));
			struct http_opts ho = {.cacert = cacert, .timeout = (long)remote_msg_int(m, "timeout")};
			s = http_client_new(&ho, &h, &err);
			answer(s, &err);
		} else if ((str_eq(op, "git") || str_eq(op, "registry")) && !h) {
			answer(ct_fail(&err, CT_USAGE, "no client yet"), &err);
		} else if (str_eq(op, "git")) {
			struct verify_checks l = {0};
			gitcheck_run(h, remote_msg_str(m, "url"), remote_msg_str(m, "branch"), &l);
			send_checks(&l);
			answer(CT_OK, &err);
		} else if (str_eq(op, "registry")) {
			struct verify_checks l = {0};
			registry_check_run(h, remote_msg_str(m, "base"), remote_msg_str(m, "name"),
					   remote_msg_str(m, "tag"), &l);
			send_checks(&l);
			answer(CT_OK, &err);
		} else {
			answer(ct_fail(&err, CT_USAGE, "unknown request"), &err);
		}
		remote_msg_free(m);
	}
	free(line);
	http_client_free(h);
	free(cacert);
	return 0;
}
