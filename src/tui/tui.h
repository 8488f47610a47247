/* tui.h - the full-screen interface, opened by certtrack without a command. */
#ifndef CERTTRACK_TUI_H
#define CERTTRACK_TUI_H

struct cli;

/* Runs the interface on the database of c; returns the exit code. */
int tui_main(struct cli *c);

#endif
