/* tui.h - the full-screen interface, opened by certtrack without a command. */
#ifndef CERTTRACK_TUI_H
#define CERTTRACK_TUI_H

#include <stdio.h>

struct cli;

/* Runs the interface on the database of c; returns the exit code. */
int tui_main(struct cli *c);

/* Writes the man page's KEYS section (roff) from the action table: the
 * hidden option certtrack --dump-keys, kept in doc/certtrack.1. */
void tui_dump_keys(FILE *out);

#endif
