/* main.c - certtrack's entry point: global options, then the interactive
 * interface or one command. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certtrack/i18n.h"
#include "certtrack/store.h"
#include "certtrack/util.h"
#include "cli/cli.h"
#include "tui/tui.h"

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* The tests run the build tree, before "make install": they compile the
	 * catalogs into a folder of their own and name it here. */
	const char *localedir = getenv("CERTTRACK_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);

	cli_safeout_stderr();
	struct cli c;
	memset(&c, 0, sizeof(c));
	c.sess.user = user_default();
	c.sess.ops.user = c.sess.user;

	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{"version", no_argument, NULL, OPT_VERSION},
		/* Hidden: the man page's KEYS section, from the action table. */
		{"dump-keys", no_argument, NULL, OPT_FIRST_COMMAND_OPTION},
		{NULL, 0, NULL, 0},
	};
	int opt;
	bool done = false;
	/* '+': options after the command name belong to the command. */
	while ((opt = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (opt == OPT_FIRST_COMMAND_OPTION) {
			tui_dump_keys(stdout);
			return 0;
		}
		if (opt == OPT_VERSION) {
			char *v = store_versions();
			printf("certtrack %s\n", PACKAGE_VERSION);
			/* TRANSLATORS: the storage backends built in and their libraries. */
			printf(_("storage: %s\n"), v);
			free(v);
			return 0;
		}
		if (opt == 'h')
			opt = OPT_HELP;
		int rc = cli_common_option(&c, NULL, opt, optarg, &done);
		if (rc == -1)
			rc = cli_usage_error(NULL, _("unknown option"));
		if (rc)
			return rc;
		if (done)
			return 0;
	}
	int rc;
	if (optind >= argc) {
		/* The interface's colours: --color, else on unless NO_COLOR. */
		bool color = c.color == COLOR_ALWAYS ||
			     (c.color == COLOR_AUTO && !(getenv("NO_COLOR") && *getenv("NO_COLOR")));
		rc = cli_open(&c);
		if (!rc)
			rc = tui_main(&c.sess, color);
	} else {
		cli_safeout_stdout();
		if (strcmp(argv[optind], "__complete") == 0) {
			/* Quiet: the shell shows nothing but candidates. */
			cli_machine_output();
			rc = cmd_complete(&c, argc - optind, argv + optind);
			cli_close(&c);
			return 0;
		}
		const struct cli_command *cmd = cli_command_find(argv[optind]);
		if (!cmd)
			return cli_usage_error(NULL,
					       _("unknown command \"%s\"; 'certtrack --help' lists the commands"),
					       argv[optind]);
		rc = cmd->run(&c, argc - optind, argv + optind);
	}
	cli_close(&c);
	return rc < 0 ? 0 : rc;
}
