/* tui_int.h - what the screens and widgets of the full-screen interface
 * share: the session state, the screen ops (tig's view_ops), the action
 * table and the widget entry points. Nothing outside src/tui includes it,
 * so curses stays inside this folder. */
#ifndef CERTTRACK_TUI_INT_H
#define CERTTRACK_TUI_INT_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "certtrack/problem.h"
#include "certtrack/util.h"
#include "certtrack/ops.h"
#include "certtrack/session.h"

/* Actions: declared once in actions.def, used by the dispatcher, the help
 * screen, the man page's KEYS section (certtrack --dump-keys) and config
 * files (bind SCOPE KEY ACTION). */
enum action {
	ACT_NONE = 0,
#define ACTION(id, name, scope, keys, label, help) ACT_##id,
#include "tui/actions.def"
#undef ACTION
	ACT__COUNT
};

/* Key scopes: a screen, a part of one, or keys that work everywhere. The
 * help screen and the man page list them in this order. */
#define TUI_SCOPES(X)                                   \
	X(GENERIC, "generic", N_("Everywhere"))          \
	X(PROJECTS, "projects", N_("Projects list"))     \
	X(WIZARD, "wizard", N_("New-project wizard"))    \
	X(PROJECT, "project", N_("Project"))             \
	X(CHECKLIST, "checklist", N_("Project: checklist")) \
	X(FIELDS, "fields", N_("Project: fields"))       \
	X(COLLATERAL, "collateral", N_("Project: collateral")) \
	X(BUILDS, "builds", N_("Builds, scans and publication")) \
	X(PRESCAN, "prescan", N_("Dockerfile pre-scan"))  \
	X(VERIFY, "verify", N_("Remote checks"))         \
	X(MERGE, "merge", N_("Merge conflicts"))         \
	X(HISTORY, "history", N_("History"))             \
	X(HELP, "help", N_("Help"))                      \
	X(EDITOR, "editor", N_("Text editors and prompts"))

enum scope {
#define SCOPE_ENUM(id, name, title) SCOPE_##id,
	TUI_SCOPES(SCOPE_ENUM)
#undef SCOPE_ENUM
	SCOPE__COUNT
};

struct action_info {
	const char *name;  /* stable, used in config files */
	enum scope scope;
	const char *keys;  /* default keys, space separated key names */
	const char *label; /* N_(), a word or two for the bottom line */
	const char *help;  /* N_() */
};
extern const struct action_info tui_actions[ACT__COUNT];
const char *scope_name(enum scope s);
const char *scope_title(enum scope s); /* untranslated */

/* Keys: a wide character, or a curses KEY_ code with TUI_KEYCODE set. */
#define TUI_KEYCODE 0x40000000
#define TUI_KEY_SIGNAL (TUI_KEYCODE | 0x3ffffff) /* SIGINT/SIGTERM arrived */
#define TUI_KEY_TIMEOUT (TUI_KEYCODE | 0x3fffffe)
#define TUI_KEY_INTR (TUI_KEYCODE | 0x3fffffd)   /* Ctrl-C: cancel, asking first */
#define TUI_KEY_IGNORE (TUI_KEYCODE | 0x3fffffc) /* an unknown escape sequence */
#define TUI_KEY_ESC 27
#define TUI_CTRL(c) ((c) & 0x1f)

/* Parses "j", "C-d", "Enter", "PgDn", ...; -1 when unknown. */
int key_parse(const char *name);
/* Name of a key for the help screen (static buffer). */
const char *key_name(int key);
/* Reads what follows an Esc: a key, TUI_KEY_ESC, or TUI_KEY_IGNORE for an
 * unknown escape sequence (keys.c). */
int key_after_esc(void);
void keymap_init(void);
void keymap_free(void);
/* Binds key to action in scope, before the defaults. */
void keymap_bind(enum scope s, int key, enum action a);
enum action keymap_lookup(enum scope s, int key);
/* Comma-separated current keys of an action, e.g. "j, Down". */
void keymap_keys(enum action a, char *buf, size_t size);
/* Reads the config file; problems go to errs as "FILE:LINE: reason". */
void config_load(struct strlist *errs, bool *mouse);
/* Roff fragment of the KEYS section. */
void tui_dump_keys_roff(FILE *out);

/* Attributes: colour when allowed, else bold/reverse/underline. */
enum tui_attr {
	ATTR_NORMAL,
	ATTR_TITLE,     /* header and footer bars */
	ATTR_SELECTED,
	ATTR_ERROR,
	ATTR_WARNING,
	ATTR_OK,
	ATTR_DIM,
	ATTR_HEADING,
	ATTR_KEY,       /* key names in the bottom line */
	ATTR__COUNT
};
attr_t tui_attr(enum tui_attr a);

struct screen;
struct tui;

/* One screen: tig's view_ops. A screen keeps its own state (data) and
 * draws into the area between the title and the status line. */
struct screen_ops {
	const char *name;
	enum scope scope;
	/* arg is screen-specific (a project uuid for "project"). */
	void *(*open)(struct tui *t, const char *arg);
	void (*close)(void *data);
	void (*draw)(struct tui *t, void *data, WINDOW *w, int h, int wd);
	/* Handles an action (ACT_NONE for a key no action is bound to);
	 * returns true when handled. */
	bool (*key)(struct tui *t, void *data, enum action a, int key);
	/* The database changed (another process, or an undo). */
	void (*reload)(struct tui *t, void *data);
	/* Optional: the key scope of the moment (a section of the screen). */
	enum scope (*scope_now)(void *data);
	/* Optional: true while printable keys are text (the wizard). */
	bool (*wants_text)(void *data);
	/* Optional: the title bar text. */
	void (*title)(void *data, char *buf, size_t size);
	/* Actions shown in the bottom line, ACT_NONE-terminated; hints_now
	 * (optional) gives them for the section of the moment. */
	const enum action *hints;
	const enum action *(*hints_now)(void *data);
	/* Optional: called about every poll interval while no key comes
	 * (work in the background: a remote check's progress). */
	void (*tick)(struct tui *t, void *data);
};

/* Every screen, registered once: adding a screen is a new file and a line
 * in screens.def. */
#define SCREEN(id) extern const struct screen_ops screen_##id##_ops;
#include "tui/screens.def"
#undef SCREEN

struct tui {
	struct ct_session *sess; /* the database and templates (session.h) */
	struct ops_ctx *ops;
	bool color;
	bool mouse;
	bool quit;
	long long data_version;
	struct screen {
		const struct screen_ops *ops;
		void *data;
	} stack[16];
	int depth;
	char status[512];
	enum tui_attr status_attr;
	int modal;        /* prompts open: reloads wait until they close */
	bool reload_due;  /* the data changed under a prompt */
	bool too_small;
	int poll_ms;      /* key timeout while > 0 (a screen's tick), else 250 */
	/* Why the last project load failed when the database could not be
	 * read (a lost server, say), "" when the project is gone. */
	char load_error[sizeof(((struct ct_error *)0)->msg)];
	/* Who else has the file open (tui.c): refreshed on
	 * every data change and heartbeat. */
	long long session;
	struct session *others;
	size_t n_others;
};

/* Screen stack. */
bool tui_push(struct tui *t, const char *screen, const char *arg);
void tui_pop(struct tui *t);
/* Replaces the top screen (wizard -> the project it created). */
bool tui_replace(struct tui *t, const char *screen, const char *arg);
/* Tells every open screen that the data changed. */
void tui_data_changed(struct tui *t);
/* Status line message (formatted); never blocks. */
void tui_msg(struct tui *t, enum tui_attr a, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tui_msg_clear(struct tui *t);
/* Redraws everything (also under a modal prompt). */
void tui_redraw(struct tui *t);
/* Reads a key (timeout 250 ms); handles resize and the too-small screen;
 * TUI_KEY_TIMEOUT or TUI_KEY_SIGNAL. */
int tui_getkey(struct tui *t);
/* Undoes the last command after a confirmation. */
void tui_undo(struct tui *t);
/* Shows the problems of a refused change in the status line. */
void tui_msg_problems(struct tui *t, const char *lead, const struct problems *ps);

/* Drawing helpers (draw.c). Every width is in display columns. */
int text_width(const char *s);
/* Draws s at y,x cut to maxw columns (an ellipsis when cut, never half a
 * character); returns the columns used. */
int put_text(WINDOW *w, int y, int x, const char *s, int maxw, attr_t a);
/* Same, padded with spaces to exactly maxw. */
void put_cell(WINDOW *w, int y, int x, const char *s, int maxw, attr_t a);
void put_fill(WINDOW *w, int y, int x, int n, attr_t a);
void draw_hline(WINDOW *w, int y, int x, int n);
void draw_vline(WINDOW *w, int y, int x, int n);
/* A framed, cleared box. */
void draw_box(WINDOW *w, int y, int x, int h, int wd);
/* s in at most maxw columns, the middle elided ("rhosp16-op…cinder-acme"):
 * the end, which tells similar names apart, keeps two thirds. */
char *text_elide(const char *s, int maxw);
/* The same, first replacing a prefix shared by every name on screen
 * ("rhosp16-openstack-") with an ellipsis when s does not fit. */
char *text_elide_prefix(const char *s, const char *prefix, int maxw);
/* Splits s into lines of at most width columns at spaces (and at '\n'). */
void text_wrap(const char *s, int width, struct strlist *out);
/* Draws text wrapped to width from row *y (advanced) on, at most max_lines
 * rows and never at or past ymax; a cut last line ends with an ellipsis. */
void put_wrapped(WINDOW *w, int *y, int x, int width, int ymax, const char *text, attr_t a,
		 int max_lines);
/* "3m", "2h", "5d" since an ISO time, against the (fixable) clock. */
void age_format(const char *iso, char *buf, size_t size);
/* An ISO UTC time from the database, shown in local time in the order of
 * the language: "2026-11-27 10:00" (16 columns), or without the year when
 * short ("11-27 10:00", 11 columns); "-" when iso is not a time. */
void date_format(const char *iso, bool short_form, char *buf, size_t size);

/* A scrolled list (list.c): cursor and first visible row. */
struct listview {
	int n;
	int cur;
	int top;
	int height; /* rows seen at the last draw */
};
/* Moves the cursor for a movement action; true when a was one. */
bool list_move(struct listview *l, enum action a);
/* Keeps the cursor visible in h rows. */
void list_fit(struct listview *l, int h);
/* A mouse event on the list drawn at row y0: selects or scrolls. */
bool list_mouse(struct listview *l, int y0);

/* Single-line editor (lineedit.c): UTF-8 in and out, display widths. */
struct lineedit {
	wchar_t *buf;
	size_t len, cap;
	size_t cur;
	int scroll; /* first column shown */
	bool sel;   /* the whole text is selected: typing replaces it */
};
void le_set(struct lineedit *e, const char *utf8);
char *le_get(const struct lineedit *e); /* caller frees */
void le_free(struct lineedit *e);
void le_insert(struct lineedit *e, wchar_t wc);
/* Editing keys; true when the key changed or moved something. */
bool le_key(struct lineedit *e, int key);
void le_draw(struct lineedit *e, WINDOW *w, int y, int x, int width, attr_t a);

/* Modal widgets (prompt.c), drawn over the current screen; the screen
 * under them keeps redrawing (resize, refresh). */
/* Asks one line; NULL when cancelled. check (may be NULL) returns a
 * problem shown live under the field. */
char *prompt_line(struct tui *t, const char *question, const char *initial,
		  void (*check)(void *ud, const char *value, struct problems *out), void *ud);
/* The same with the initial text selected: typing replaces it, a
 * movement key keeps it for editing. */
char *prompt_line_selected(struct tui *t, const char *question, const char *initial,
			   void (*check)(void *ud, const char *value, struct problems *out),
			   void *ud);
/* Yes/no over several lines of explanation; default no. */
bool prompt_confirm(struct tui *t, const char *title, const struct strlist *lines,
		    const char *question);
/* Picks one of n choices; -1 when cancelled. */
int prompt_choice(struct tui *t, const char *question, const char *const *choices, size_t n,
		  int initial);
/* Someone else changed what the user was editing: shows who, their text
 * and the user's, and asks which to keep; anything unclear edits again. */
enum conflict_choice { CONFLICT_MINE, CONFLICT_EDIT, CONFLICT_THEIRS };
enum conflict_choice prompt_conflict(struct tui *t, const char *title, const char *who,
				     const char *theirs, const char *mine);
/* A message too long for the status line, in a box (a small pager);
 * returns a key to handle as if typed after it (0: none). */
int prompt_message(struct tui *t, const char *title, const char *text, enum tui_attr a);
/* Multi-line editor for notes (noteedit.c); NULL when cancelled. */
char *note_edit(struct tui *t, const char *title, const char *initial);

/* Where the terminal cursor goes after the frame is drawn (an editor's
 * cursor); without a call the cursor is hidden. */
void tui_cursor_here(WINDOW *w);
void tui_attrs_init(bool color);

/* The four screens of one project (projscreen.c): loads it (true), or
 * sets *p to NULL when it is gone; says why it cannot be opened (false);
 * draws the "deleted meanwhile" notice instead of the screen (true when
 * drawn); its name, or "(deleted project)". */
struct project;
bool projscreen_load(struct tui *t, const char *uuid, struct project **p);
bool projscreen_opened(struct tui *t, const struct project *p);
bool projscreen_gone(const struct project *p, WINDOW *w, int wd);
const char *projscreen_name(const struct project *p);

/* Hand off a project: asks the new owner and a note (screen_projects.c,
 * also used by the project screen). */
void projects_handoff(struct tui *t, const char *uuid, const char *name, const char *owner);

/* M on the projects list: asks for the other copy and merges it, through
 * the conflict screen when there are conflicts (screen_merge.c). */
void merge_start(struct tui *t);

/* The legend of the status marks as help lines ("MARK\tTEXT\t") after a
 * "#heading" line (screen_help.c). */
void help_legend(struct strlist *l);

/* Shared look of a problem: "error:"/"warning:" marker, message, fix. */
void draw_problem(WINDOW *w, int *y, int x, int width, int ymax, const struct problem *p);

#endif
