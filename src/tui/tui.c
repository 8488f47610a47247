/* tui.c - until the full-screen interface lands, certtrack without a
 * command shows the project list. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui.h"
#include "cli/cli.h"

int tui_main(struct cli *c)
{
	char *argv[] = {(char *)"list", NULL};
	return cmd_list(c, 1, argv);
}
