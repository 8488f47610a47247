/* tui.h - the full-screen interface, opened by certtrack without a command. */
#ifndef CERTTRACK_TUI_H
#define CERTTRACK_TUI_H

#include <stdbool.h>
#include <stdio.h>

struct ct_session;

/* Runs the interface on an open session (session.h), in colour or not;
 * returns the exit code. */
int tui_main(struct ct_session *s, bool color);

/* Writes the man page's KEYS section (roff) from the action table: the
 * hidden option certtrack --dump-keys, kept in doc/certtrack.1. */
void tui_dump_keys(FILE *out);

#endif
