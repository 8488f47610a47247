/* tui.c - the interface's frame: terminal set-up and restore (also on
 * SIGINT/SIGTERM), the screen stack, the key dispatcher driven by the
 * action table, the title, key and status lines, resizing and the
 * "terminal too small" screen, and noticing other processes' commits. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui.h"
#include "tui/tui_int.h"

#include "certtrack/i18n.h"
#include "certtrack/store.h"

#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MIN_COLS 60
#define MIN_LINES 15
#define POLL_MS 250
/* Other processes drop a session that has not beaten for two minutes. */
#define HEARTBEAT_SECONDS 30

static const struct screen_ops *const screens[] = {
#define SCREEN(id) &screen_##id##_ops,
#include "tui/screens.def"
#undef SCREEN
};

static volatile sig_atomic_t got_signal;
static bool interrupted; /* Ctrl-C quit the program */
static bool curses_on;
static int cursor_y = -1, cursor_x = -1;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* Whatever path leaves the program, the terminal is given back. */
static void terminal_restore(void)
{
	if (curses_on) {
		curs_set(1);
		endwin();
		curses_on = false;
	}
}

void tui_dump_keys(FILE *out)
{
	tui_dump_keys_roff(out);
}

void tui_cursor_here(WINDOW *w)
{
	int by, bx;
	getbegyx(w, by, bx);
	cursor_y = by + getcury(w);
	cursor_x = bx + getcurx(w);
}

static struct screen *top(struct tui *t)
{
	return t->depth ? &t->stack[t->depth - 1] : NULL;
}

static const struct screen_ops *screen_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(screens); i++)
		if (strcmp(screens[i]->name, name) == 0)
			return screens[i];
	return NULL;
}

bool tui_push(struct tui *t, const char *name, const char *arg)
{
	const struct screen_ops *ops = screen_find(name);
	if (!ops || t->depth >= (int)ARRAY_SIZE(t->stack))
		return false;
	void *data = ops->open(t, arg);
	if (!data)
		return false;
	t->stack[t->depth].ops = ops;
	t->stack[t->depth].data = data;
	t->depth++;
	return true;
}

void tui_pop(struct tui *t)
{
	if (!t->depth)
		return;
	struct screen *s = top(t);
	s->ops->close(s->data);
	t->depth--;
}

bool tui_replace(struct tui *t, const char *name, const char *arg)
{
	const struct screen_ops *ops = screen_find(name);
	if (!ops)
		return false;
	void *data = ops->open(t, arg);
	if (!data)
		return false;
	tui_pop(t);
	t->stack[t->depth].ops = ops;
	t->stack[t->depth].data = data;
	t->depth++;
	return true;
}

/* Who has the file open. Every failure is quiet: a read-only file or a
 * busy database must not stop the interface. */
static struct tui *session_tui; /* for the exit path */

static void others_refresh(struct tui *t)
{
	sessions_free(t->others, t->n_others);
	t->others = NULL;
	t->n_others = 0;
	/* Also without a session of our own (a read-only file): self 0
	 * matches nobody. */
	if (store_sessions_others(t->sess->st, t->session, &t->others, &t->n_others, NULL)) {
		t->others = NULL;
		t->n_others = 0;
	}
}

static double monotonic_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void session_end(void)
{
	struct tui *t = session_tui;
	session_tui = NULL;
	if (!t)
		return;
	if (t->session)
		store_session_unregister(t->sess->st, t->session, NULL);
	t->session = 0;
	sessions_free(t->others, t->n_others);
	t->others = NULL;
	t->n_others = 0;
}

static void session_start(struct tui *t)
{
	long long id = 0;
	if (!store_session_register(t->sess->st, t->ops->user, &id, NULL))
		t->session = id;
	session_tui = t;
	others_refresh(t);
}

/* A beat every HEARTBEAT_SECONDS, from the key loop's idle path (also
 * under prompts); the list of others is read again at the same time. */
static bool session_beat(struct tui *t)
{
	static double last;
	double now = monotonic_now();
	if (!last)
		last = now;
	if (now - last < HEARTBEAT_SECONDS)
		return false;
	last = now;
	if (t->session)
		store_session_heartbeat(t->sess->st, t->session, t->ops->user, NULL);
	size_t before = t->n_others;
	others_refresh(t);
	return before != t->n_others;
}

void tui_data_changed(struct tui *t)
{
	if (t->modal) {
		t->reload_due = true;
		return;
	}
	t->reload_due = false;
	t->data_version = store_data_version(t->sess->st);
	others_refresh(t);
	for (int i = 0; i < t->depth; i++)
		if (t->stack[i].ops->reload)
			t->stack[i].ops->reload(t, t->stack[i].data);
}

void tui_msg(struct tui *t, enum tui_attr a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->status, sizeof(t->status), fmt, ap);
	va_end(ap);
	/* One line: newlines of core messages would garble the bar. */
	for (char *p = t->status; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	t->status_attr = a;
}

void tui_msg_clear(struct tui *t)
{
	t->status[0] = '\0';
}

void tui_msg_problems(struct tui *t, const char *lead, const struct problems *ps)
{
	const struct problem *first = NULL;
	for (size_t i = 0; i < ps->n && !first; i++)
		if (ps->v[i].severity == CT_SEV_ERROR)
			first = &ps->v[i];
	if (!first && ps->n)
		first = &ps->v[0];
	if (!first) {
		tui_msg(t, ATTR_ERROR, "%s", lead);
		return;
	}
	if (first->fix)
		tui_msg(t, ATTR_ERROR, "%s %s %s %s", lead, first->message, _("Fix:"), first->fix);
	else
		tui_msg(t, ATTR_ERROR, "%s %s", lead, first->message);
}

static void draw_too_small(void)
{
	erase();
	const char *l1 = _("Terminal too small");
	char l2[128];
	snprintf(l2, sizeof(l2), _("certtrack needs %dx%d, this is %dx%d."), MIN_COLS, MIN_LINES,
		 COLS, LINES);
	const char *l3 = _("Enlarge the window, or press Q to quit.");
	int y = LINES / 2 - 1;
	put_text(stdscr, y > 0 ? y : 0, 0, l1, COLS, A_BOLD);
	if (y + 1 < LINES)
		put_text(stdscr, y + 1, 0, l2, COLS, A_NORMAL);
	if (y + 2 < LINES)
		put_text(stdscr, y + 2, 0, l3, COLS, A_NORMAL);
	curs_set(0);
	refresh();
}

/* One hint's key as shown: the first key of the action that is not text
 * while printable keys are text; false when there is none. */
static bool hint_key(const struct screen *s, enum action a, char *keys, size_t size)
{
	keymap_keys(a, keys, size);
	bool text = s->ops->wants_text && s->ops->wants_text(s->data);
	char *k = keys;
	for (char *tok = strtok(keys, ","); tok; tok = strtok(NULL, ",")) {
		while (*tok == ' ')
			tok++;
		k = tok;
		if (!text || key_parse(tok) < ' ' || (key_parse(tok) & TUI_KEYCODE))
			break;
		k = NULL;
	}
	if (!k)
		return false;
	memmove(keys, k, strlen(k) + 1);
	return keys[0] != '\0';
}

static int hint_width(const struct screen *s, enum action a)
{
	char keys[64];
	if (!hint_key(s, a, keys, sizeof(keys)))
		return 0;
	return text_width(keys) + 1 + text_width(_(tui_actions[a].label)) + 2;
}

/* The bottom key line: the screen's main keys as "key label". Help and
 * back (quit on the first screen) are always on it, as in htop's bar:
 * what does not fit gives way to them. */
static void draw_hints(struct tui *t, const struct screen *s, int y)
{
	put_fill(stdscr, y, 0, COLS, tui_attr(ATTR_TITLE));
	int x = 1;
	const enum action *hints = s->ops->hints_now ? s->ops->hints_now(s->data) : s->ops->hints;
	static const enum action always[] = {ACT_HELP, ACT_BACK};
	int reserve = 0;
	for (size_t i = 0; i < ARRAY_SIZE(always); i++)
		reserve += hint_width(s, always[i]);
	enum action shown[64];
	size_t n = 0;
	for (const enum action *a = hints; a && *a != ACT_NONE && n < ARRAY_SIZE(shown) - 2; a++)
		if (*a != ACT_HELP && *a != ACT_BACK)
			shown[n++] = *a;
	for (size_t i = 0; i < ARRAY_SIZE(always); i++)
		shown[n++] = always[i];
	for (size_t i = 0; i < n; i++) {
		enum action a = shown[i];
		bool fixed = a == ACT_HELP || a == ACT_BACK;
		char keys[64];
		if (!hint_key(s, a, keys, sizeof(keys)))
			continue;
		const char *label = _(tui_actions[a].label);
		if (t->depth <= 1 && a == ACT_BACK)
			label = _(tui_actions[ACT_QUIT].label);
		int need = text_width(keys) + 1 + text_width(label) + 2;
		if (fixed)
			reserve -= hint_width(s, a);
		if (x + need + (fixed ? 0 : reserve) > COLS)
			continue;
		x += put_text(stdscr, y, x, keys, COLS - x, tui_attr(ATTR_TITLE) | A_BOLD);
		x += put_text(stdscr, y, x + 1, label, COLS - x - 1, tui_attr(ATTR_TITLE)) + 3;
	}
}

void tui_redraw(struct tui *t)
{
	if (t->too_small) {
		draw_too_small();
		return;
	}
	struct screen *s = top(t);
	if (!s)
		return;
	cursor_y = cursor_x = -1;
	erase();
	/* Title bar */
	char title[256];
	title[0] = '\0';
	if (s->ops->title)
		s->ops->title(s->data, title, sizeof(title));
	put_fill(stdscr, 0, 0, COLS, tui_attr(ATTR_TITLE));
	char *full = xasprintf("certtrack %s %s", title[0] ? "\u2014" : "", title);
	/* The screen's own title before the program's name. */
	put_text(stdscr, 0, 1, text_width(full) <= COLS - 2 || !title[0] ? full : title, COLS - 2,
		 tui_attr(ATTR_TITLE));
	free(full);
	/* Body */
	int h = LINES - 3;
	WINDOW *body = derwin(stdscr, h, COLS, 1, 0);
	if (body) {
		s->ops->draw(t, s->data, body, h, COLS);
		delwin(body);
	}
	draw_hints(t, s, LINES - 2);
	/* Status line: messages never block, the next key clears them. A
	 * long one takes the key line too rather than being cut. */
	move(LINES - 1, 0);
	clrtoeol();
	if (t->status[0]) {
		struct strlist lines = {0};
		text_wrap(t->status, COLS - 1, &lines);
		int y = lines.n > 1 ? LINES - 2 : LINES - 1;
		for (size_t i = 0; i < lines.n && i < 2; i++) {
			move(y + (int)i, 0);
			clrtoeol();
			put_text(stdscr, y + (int)i, 0, lines.v[i], COLS, tui_attr(t->status_attr));
		}
		strlist_free(&lines);
	}
	wnoutrefresh(stdscr);
}

static void present(void)
{
	if (cursor_y >= 0) {
		curs_set(1);
		move(cursor_y, cursor_x);
		wnoutrefresh(stdscr);
	} else {
		curs_set(0);
	}
	doupdate();
}

static void check_size(struct tui *t)
{
	t->too_small = COLS < MIN_COLS || LINES < MIN_LINES;
}

/* Whether the terminal hung up or went away (its window closed without
 * a SIGHUP reaching us, the fd revoked). */
static bool terminal_gone(void)
{
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

int tui_getkey(struct tui *t)
{
	for (;;) {
		/* Ctrl-C is a key: editors ask before dropping text. */
		if (got_signal == SIGINT) {
			got_signal = 0;
			return TUI_KEY_INTR;
		}
		if (got_signal)
			return TUI_KEY_SIGNAL;
		if (t->too_small)
			draw_too_small();
		else
			present();
		timeout(t->poll_ms > 0 ? t->poll_ms : POLL_MS);
		wint_t wc;
		int r = get_wch(&wc);
		if (got_signal)
			continue;
		if (r == ERR && terminal_gone()) {
			/* No SIGHUP came, but every read fails at once: leave as
			 * on a hang-up instead of spinning. */
			got_signal = SIGHUP;
			continue;
		}
		if (r == ERR) {
			if (session_beat(t) && !t->modal && !t->too_small)
				tui_redraw(t);
			/* Another process committed: show it within a second. */
			if (!t->modal && !t->too_small &&
			    (t->reload_due || store_data_version(t->sess->st) != t->data_version)) {
				tui_data_changed(t);
				tui_redraw(t);
			}
			if (!t->too_small || !t->modal)
				return TUI_KEY_TIMEOUT;
			continue;
		}
		int key = r == KEY_CODE_YES ? (int)(TUI_KEYCODE | (int)wc) : (int)wc;
		if (key == TUI_KEY_ESC)
			key = key_after_esc();
		if (key == TUI_KEY_IGNORE)
			continue;
		if (key == (TUI_KEYCODE | KEY_RESIZE)) {
			check_size(t);
			clearok(curscr, TRUE);
			tui_redraw(t);
			continue;
		}
		if (t->too_small) {
			if (key == 'Q' || key == 'q') {
				t->quit = true;
				return TUI_KEY_SIGNAL;
			}
			continue;
		}
		if (key == '\r' || key == (TUI_KEYCODE | KEY_ENTER))
			key = '\n';
		if (key == (TUI_KEYCODE | KEY_BACKSPACE) || key == TUI_CTRL('h'))
			key = 127;
		return key;
	}
}

void tui_undo(struct tui *t)
{
	struct event *ev = NULL;
	size_t n = 0;
	struct ct_error err;
	ct_error_clear(&err);
	if (ops_undo_preview(t->ops, &ev, &n, &err)) {
		tui_msg(t, ATTR_ERROR, "%s", err.msg);
		return;
	}
	if (!n) {
		tui_msg(t, ATTR_WARNING, "%s", _("Nothing to undo."));
		return;
	}
	struct strlist lines = {0};
	char when[64];
	date_format(ev[0].at, false, when, sizeof(when));
	/* Undo reverts the newest change in the file, whoever made it: say
	 * so before asking when it is someone else's. */
	bool theirs = !str_eq(ev[0].user, t->ops->user);
	char *title = theirs ? xasprintf(_("Undo %s's change"), ev[0].user) : xstrdup(_("Undo"));
	if (theirs)
		strlist_add_owned(&lines, xasprintf(_("This change is %s's, not yours (%s): undoing it reverts their work."),
						    ev[0].user, t->ops->user));
	strlist_add_owned(&lines, xasprintf(_("The last change, by %s at %s:"), ev[0].user, when));
	for (size_t i = 0; i < n; i++) {
		const struct event *e = &ev[i];
		strlist_add_owned(&lines, xasprintf("  %s  %s %s%s%s \u2192 %s",
						    e->project_name ? e->project_name : "-", e->what,
						    e->key ? e->key : "", e->key ? ": " : "",
						    e->old_value ? e->old_value : _("(none)"),
						    e->new_value ? e->new_value : _("(none)")));
	}
	strlist_add(&lines, _("Undo puts back the old values (and records the undo)."));
	events_free(ev, n);
	bool yes = prompt_confirm(t, title, &lines,
				  theirs ? _("Undo their change?") : _("Undo this change?"));
	free(title);
	strlist_free(&lines);
	if (!yes) {
		tui_msg(t, ATTR_NORMAL, "%s", _("Nothing undone."));
		return;
	}
	ct_error_clear(&err);
	if (ops_undo(t->ops, NULL, NULL, &err)) {
		tui_msg(t, ATTR_ERROR, "%s", err.msg);
		return;
	}
	tui_data_changed(t);
	tui_msg(t, ATTR_OK, "%s", _("Undone."));
}

static bool printable(int key)
{
	return !(key & TUI_KEYCODE) && key >= ' ' && key != 127;
}

static void dispatch(struct tui *t, int key)
{
	struct screen *s = top(t);
	tui_msg_clear(t);
	if (key == (TUI_KEYCODE | KEY_MOUSE)) {
		s->ops->key(t, s->data, ACT_NONE, key);
		return;
	}
	if (s->ops->wants_text && s->ops->wants_text(s->data) && printable(key)) {
		s->ops->key(t, s->data, ACT_NONE, key);
		return;
	}
	enum scope sc = s->ops->scope_now ? s->ops->scope_now(s->data) : s->ops->scope;
	enum action a = keymap_lookup(sc, key);
	if (!a && sc != s->ops->scope)
		a = keymap_lookup(s->ops->scope, key);
	if (!a)
		a = keymap_lookup(SCOPE_GENERIC, key);
	if (s->ops->key(t, s->data, a, key))
		return;
	/* Esc the screen did not take backs out of every screen but the
	 * first. */
	if (key == TUI_KEY_ESC) {
		if (t->depth > 1)
			tui_pop(t);
		return;
	}
	switch (a) {
	case ACT_BACK:
		tui_pop(t);
		break;
	case ACT_QUIT:
		t->quit = true;
		break;
	case ACT_HELP:
		/* Help opens at the keys of the screen (or part) of the moment. */
		if (strcmp(s->ops->name, "help") != 0)
			tui_push(t, "help", scope_name(sc));
		break;
	case ACT_UNDO:
		tui_undo(t);
		break;
	case ACT_HISTORY:
		if (strcmp(s->ops->name, "history") != 0)
			tui_push(t, "history", NULL);
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		tui_data_changed(t);
		break;
	case ACT_NONE:
		if (key != TUI_KEY_IGNORE) {
			tui_msg(t, ATTR_WARNING, _("The key %s does nothing here; ? shows the keys."),
				key_name(key));
		}
		break;
	default:
		break;
	}
}

int tui_main(struct ct_session *sess, bool color)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("certtrack: the interactive interface needs a terminal; "
				  "'certtrack --help' lists the commands for scripts\n"));
		return CT_USAGE;
	}
	struct tui t;
	memset(&t, 0, sizeof(t));
	t.sess = sess;
	t.ops = &sess->ops;
	keymap_init();
	struct strlist cfg_errs = {0};
	config_load(&cfg_errs, &t.mouse);
	t.color = color;

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	atexit(terminal_restore);

	set_escdelay(25);
	if (!initscr()) {
		fprintf(stderr, "certtrack: %s\n", _("cannot initialise the terminal"));
		return CT_SYSTEM;
	}
	curses_on = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	timeout(POLL_MS);
	curs_set(0);
	tui_attrs_init(t.color);
	if (t.mouse)
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
				  | BUTTON5_PRESSED
#endif
			  , NULL);
	check_size(&t);
	t.data_version = store_data_version(sess->st);

	if (cfg_errs.n == 1)
		tui_msg(&t, ATTR_ERROR, "%s", cfg_errs.v[0]);
	else if (cfg_errs.n > 1)
		tui_msg(&t, ATTR_ERROR, P_("%s (and %zu more problem)", "%s (and %zu more problems)",
					   cfg_errs.n - 1),
			cfg_errs.v[0], cfg_errs.n - 1);
	if (!tui_push(&t, screens[0]->name, NULL))
		t.quit = true;
	bool registered = false;
	while (!t.quit && t.depth > 0) {
		tui_redraw(&t);
		if (!registered) {
			/* After the first frame: registering writes the file (and
			 * waits for the disk), which the user need not wait for. */
			registered = true;
			session_start(&t);
			atexit(session_end);
			if (t.n_others)
				tui_redraw(&t);
		}
		int key = tui_getkey(&t);
		if (key == TUI_KEY_SIGNAL)
			break;
		if (key == TUI_KEY_INTR) {
			/* Text being typed on a screen (the wizard, a filter) is
			 * backed out of as with Esc, which asks where it must;
			 * elsewhere Ctrl-C quits as it always did. */
			struct screen *s = top(&t);
			if (!(s->ops->wants_text && s->ops->wants_text(s->data))) {
				interrupted = true;
				break;
			}
			key = TUI_KEY_ESC;
		}
		if (key == TUI_KEY_TIMEOUT) {
			for (int i = 0; i < t.depth; i++)
				if (t.stack[i].ops->tick)
					t.stack[i].ops->tick(&t, t.stack[i].data);
			continue;
		}
		/* What does not fit the two status lines opens in a pager; the
		 * key that leaves it is handled as typed. */
		while (key && !t.quit && t.depth) {
			dispatch(&t, key);
			key = 0;
			if (!t.status[0] || t.too_small || t.quit || !t.depth)
				break;
			struct strlist l = {0};
			text_wrap(t.status, COLS - 1, &l);
			bool longer = l.n > 2;
			strlist_free(&l);
			if (longer)
				key = prompt_message(&t, _("Message"), t.status, t.status_attr);
			if (key == TUI_KEY_INTR || key == TUI_KEY_TIMEOUT)
				key = 0;
		}
	}
	while (t.depth)
		tui_pop(&t);
	session_end();
	terminal_restore();
	strlist_free(&cfg_errs);
	keymap_free();
	if (interrupted)
		return 128 + SIGINT;
	if (got_signal == SIGTERM || got_signal == SIGHUP)
		return 128 + got_signal;
	return 0;
}
