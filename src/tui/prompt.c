/* prompt.c - modal prompts drawn over the current screen: one line of text
 * with live checking, yes/no with an explanation, and a choice list. The
 * screen underneath keeps redrawing (resize); reloads of changed data wait
 * until the prompt closes so that callers' pointers stay valid. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

#include "certtrack/i18n.h"

#include <stdlib.h>
#include <string.h>

/* A framed box; returns the inner width. */
static int box_draw(int y, int x, int h, int w, const char *title)
{
	draw_box(stdscr, y, x, h, w);
	if (title)
		put_text(stdscr, y, x + 2, title, w - 4, A_BOLD);
	return w - 4;
}

static bool is_cancel(int key)
{
	return keymap_lookup(SCOPE_EDITOR, key) == ACT_ED_CANCEL;
}

static char *line_ask(struct tui *t, const char *question, const char *initial,
		      void (*check)(void *ud, const char *value, struct problems *out), void *ud,
		      bool selected);

char *prompt_line(struct tui *t, const char *question, const char *initial,
		  void (*check)(void *ud, const char *value, struct problems *out), void *ud)
{
	return line_ask(t, question, initial, check, ud, false);
}

char *prompt_line_selected(struct tui *t, const char *question, const char *initial,
			   void (*check)(void *ud, const char *value, struct problems *out),
			   void *ud)
{
	return line_ask(t, question, initial, check, ud, true);
}

static char *line_ask(struct tui *t, const char *question, const char *initial,
		      void (*check)(void *ud, const char *value, struct problems *out), void *ud,
		      bool selected)
{
	struct lineedit e = {0};
	le_set(&e, initial);
	e.sel = selected && !str_is_empty(initial);
	char *result = NULL;
	/* Enter on a value with an error keeps the prompt open with what was
	 * typed: the error stays in view, with the fix to apply. */
	bool refused = false;
	t->modal++;
	for (;;) {
		char *v = le_get(&e);
		struct problems ps = {0};
		if (check)
			check(ud, v, &ps);
		tui_redraw(t);
		if (!t->too_small) {
			int w = COLS - 4 > 76 ? 76 : COLS - 4;
			struct strlist q = {0};
			text_wrap(question, w - 4, &q);
			int nq = q.n > 3 ? 3 : (int)q.n;
			int h = (check ? 8 : 5) + nq - 1;
			int y = LINES - h - 2, x = (COLS - w) / 2;
			int iw = box_draw(y, x, h, w, NULL);
			for (int i = 0; i < nq; i++)
				put_text(stdscr, y + 1 + i, x + 2, q.v[i], iw, A_BOLD);
			strlist_free(&q);
			y += nq - 1;
			h -= nq - 1;
			bool fix = false;
			if (check) {
				int py = y + 3;
				for (size_t i = 0; i < ps.n && py < y + h - 1; i++) {
					draw_problem(stdscr, &py, x + 2, iw, y + h - 1, &ps.v[i]);
					fix |= ps.v[i].suggestion != NULL;
				}
				if (!ps.n)
					put_text(stdscr, y + 3, x + 2, str_is_empty(v) ? _("(empty)") : _("ok"),
						 iw, tui_attr(str_is_empty(v) ? ATTR_DIM : ATTR_OK));
			}
			char fk[32];
			keymap_keys(ACT_ED_FIX, fk, sizeof(fk));
			char *foot = refused ? xasprintf(fix ? _(" Not accepted: fix the error (%s applies the fix) \u00b7 Esc cancel ")
							     : _(" Not accepted: fix the error \u00b7 Esc cancel "), fk)
				     : fix ? xasprintf(_(" Enter accept \u00b7 %s apply fix \u00b7 Esc cancel "), fk)
					   : xstrdup(_(" Enter accept \u00b7 Esc cancel "));
			put_text(stdscr, y + h - 1, x + 2, foot, iw,
				 refused ? tui_attr(ATTR_ERROR) : A_NORMAL);
			free(foot);
			le_draw(&e, stdscr, y + 2, x + 2, iw, A_UNDERLINE);
			tui_cursor_here(stdscr);
			wnoutrefresh(stdscr);
		}
		int key = tui_getkey(t);
		if (key == TUI_KEY_TIMEOUT) {
			problems_free(&ps);
			free(v);
			continue;
		}
		bool typed = !str_eq(v, initial ? initial : "");
		if (key == TUI_KEY_SIGNAL || is_cancel(key) || key == TUI_KEY_INTR) {
			/* Ctrl-C with something typed asks first; Esc is deliberate. */
			struct strlist none = {0};
			if (key != TUI_KEY_INTR || !typed ||
			    prompt_confirm(t, question, &none, _("Discard what you typed?"))) {
				problems_free(&ps);
				free(v);
				break;
			}
		} else if (key == '\n') {
			if (check && problems_count(&ps, CT_SEV_ERROR)) {
				refused = true;
			} else {
				result = v;
				v = NULL;
				problems_free(&ps);
				break;
			}
		} else if (keymap_lookup(SCOPE_EDITOR, key) == ACT_ED_FIX) {
			const char *sug = NULL;
			for (size_t i = 0; i < ps.n && !sug; i++)
				sug = ps.v[i].suggestion;
			if (sug) {
				le_set(&e, sug);
				refused = false;
			}
		} else if (le_key(&e, key)) {
			refused = false;
		}
		problems_free(&ps);
		free(v);
	}
	t->modal--;
	le_free(&e);
	return result;
}

/* Wraps every line to width; a line's leading spaces indent its
 * continuation lines too. */
static void wrap_lines(const struct strlist *in, int width, struct strlist *out)
{
	for (size_t i = 0; i < in->n; i++) {
		const char *l = in->v[i];
		int ind = 0;
		while (l[ind] == ' ' && ind < 8)
			ind++;
		struct strlist part = {0};
		text_wrap(l + ind, width - ind, &part);
		if (!part.n)
			strlist_add(out, "");
		for (size_t k = 0; k < part.n; k++)
			strlist_add_owned(out, xasprintf("%*s%s", ind, "", part.v[k]));
		strlist_free(&part);
	}
}

bool prompt_confirm(struct tui *t, const char *title, const struct strlist *lines,
		    const char *question)
{
	bool yes = false;
	t->modal++;
	for (;;) {
		tui_redraw(t);
		if (!t->too_small) {
			int w = COLS - 4 > 76 ? 76 : COLS - 4;
			int maxh = LINES - 4;
			/* Long lines wrap (an old -> new value in full); what
			 * does not fit ends with an ellipsis. */
			struct strlist wl = {0};
			wrap_lines(lines, w - 4, &wl);
			int h = (int)wl.n + 4;
			if (h > maxh)
				h = maxh;
			int y = (LINES - h) / 2, x = (COLS - w) / 2;
			int iw = box_draw(y, x, h, w, title);
			for (int i = 0; i < h - 4 && i < (int)wl.n; i++) {
				bool more = i == h - 5 && i + 1 < (int)wl.n;
				char *l = more ? xasprintf("%s\u2026", wl.v[i]) : NULL;
				put_text(stdscr, y + 1 + i, x + 2, l ? l : wl.v[i], iw, A_NORMAL);
				free(l);
			}
			strlist_free(&wl);
			char *q = xasprintf("%s %s", question, _("[y/N]"));
			put_text(stdscr, y + h - 2, x + 2, q, iw, A_BOLD);
			free(q);
			wnoutrefresh(stdscr);
		}
		int key = tui_getkey(t);
		if (key == TUI_KEY_TIMEOUT)
			continue;
		/* TRANSLATORS: the key that answers yes in [y/N] questions. */
		const char *ykey = _("y");
		if (key == 'y' || key == 'Y' || (key > 0 && key < 128 && key == ykey[0]))
			yes = true;
		break;
	}
	t->modal--;
	return yes;
}

int prompt_choice(struct tui *t, const char *question, const char *const *choices, size_t n,
		  int initial)
{
	struct listview lv = {.n = (int)n, .cur = initial >= 0 ? initial : 0};
	int result = -1;
	t->modal++;
	for (;;) {
		tui_redraw(t);
		if (!t->too_small) {
			int w = COLS - 4 > 60 ? 60 : COLS - 4;
			int h = (int)n + 4;
			if (h > LINES - 4)
				h = LINES - 4;
			int y = (LINES - h) / 2, x = (COLS - w) / 2;
			int iw = box_draw(y, x, h, w, question);
			list_fit(&lv, h - 4);
			for (int i = 0; i < h - 4 && lv.top + i < lv.n; i++) {
				int k = lv.top + i;
				char *row = xasprintf("%d. %s", k + 1, choices[k]);
				put_cell(stdscr, y + 2 + i, x + 2, row, iw,
					 k == lv.cur ? tui_attr(ATTR_SELECTED) : A_NORMAL);
				free(row);
			}
			put_text(stdscr, y + h - 1, x + 2, _(" Enter choose \u00b7 Esc cancel "), iw,
				 A_NORMAL);
			wnoutrefresh(stdscr);
		}
		int key = tui_getkey(t);
		if (key == TUI_KEY_TIMEOUT)
			continue;
		if (key == TUI_KEY_SIGNAL || key == TUI_KEY_INTR || is_cancel(key) || key == 'q')
			break;
		if (key == '\n') {
			result = lv.cur;
			break;
		}
		if (key >= '1' && key <= '9' && key - '1' < (int)n) {
			result = key - '1';
			break;
		}
		list_move(&lv, keymap_lookup(SCOPE_GENERIC, key));
	}
	t->modal--;
	return result;
}

enum conflict_choice prompt_conflict(struct tui *t, const char *title, const char *who,
				     const char *theirs, const char *mine)
{
	struct strlist lines = {0};
	strlist_add(&lines, who);
	strlist_add(&lines, "");
	strlist_add(&lines, _("Theirs, saved now:"));
	struct strlist tl = {0};
	text_wrap(str_is_empty(theirs) ? _("(empty)") : theirs, 60, &tl);
	for (size_t i = 0; i < tl.n; i++)
		strlist_add_owned(&lines, xasprintf("  %s", tl.v[i]));
	strlist_free(&tl);
	strlist_add(&lines, _("Yours, not saved:"));
	text_wrap(str_is_empty(mine) ? _("(empty)") : mine, 60, &tl);
	for (size_t i = 0; i < tl.n; i++)
		strlist_add_owned(&lines, xasprintf("  %s", tl.v[i]));
	strlist_free(&tl);
	/* TRANSLATORS: the keys m, e and t answer the "changed meanwhile"
	 * question; keep them as they are. */
	const char *q = _("m keep mine (replaces theirs) \u00b7 e edit mine again \u00b7 t keep theirs");
	enum conflict_choice res = CONFLICT_EDIT;
	int top = 0;
	t->modal++;
	for (;;) {
		tui_redraw(t);
		int w = COLS - 4 > 76 ? 76 : COLS - 4;
		struct strlist wl = {0}, ql = {0};
		wrap_lines(&lines, w - 4, &wl);
		text_wrap(q, w - 4, &ql);
		int body = LINES - 6 - (int)ql.n;
		if (body > (int)wl.n)
			body = (int)wl.n;
		if (top > (int)wl.n - body)
			top = (int)wl.n - body;
		if (top < 0)
			top = 0;
		if (!t->too_small) {
			int h = body + 3 + (int)ql.n;
			int y = (LINES - h) / 2, x = (COLS - w) / 2;
			int iw = box_draw(y, x, h, w, title);
			for (int i = 0; i < body; i++) {
				bool more = (i == body - 1 && top + i + 1 < (int)wl.n) || (i == 0 && top > 0);
				char *l = more ? xasprintf("%s \u2026", wl.v[top + i]) : NULL;
				put_text(stdscr, y + 1 + i, x + 2, l ? l : wl.v[top + i], iw, A_NORMAL);
				free(l);
			}
			for (size_t i = 0; i < ql.n; i++)
				put_text(stdscr, y + 2 + body + (int)i, x + 2, ql.v[i], iw, A_BOLD);
			wnoutrefresh(stdscr);
		}
		strlist_free(&wl);
		strlist_free(&ql);
		int key = tui_getkey(t);
		if (key == TUI_KEY_TIMEOUT)
			continue;
		enum action a = keymap_lookup(SCOPE_GENERIC, key);
		if (a == ACT_DOWN || a == ACT_PAGE_DOWN || a == ACT_HALF_DOWN) {
			top += a == ACT_DOWN ? 1 : body > 1 ? body - 1 : 1;
			continue;
		}
		if (a == ACT_UP || a == ACT_PAGE_UP || a == ACT_HALF_UP) {
			top -= a == ACT_UP ? 1 : body > 1 ? body - 1 : 1;
			continue;
		}
		/* Anything but a clear answer edits again: nothing is lost. */
		if (key == 'm' || key == 'M')
			res = CONFLICT_MINE;
		else if (key == 't' || key == 'T')
			res = CONFLICT_THEIRS;
		else if (key == 'e' || key == 'E' || is_cancel(key) || key == TUI_KEY_SIGNAL ||
			 key == TUI_KEY_INTR)
			res = CONFLICT_EDIT;
		else
			continue;
		break;
	}
	t->modal--;
	strlist_free(&lines);
	return res;
}

int prompt_message(struct tui *t, const char *title, const char *text, enum tui_attr a)
{
	int passed = 0;
	struct strlist in = {0};
	strlist_add(&in, text);
	int top = 0;
	t->modal++;
	for (;;) {
		tui_redraw(t);
		int w = COLS - 4 > 76 ? 76 : COLS - 4;
		struct strlist wl = {0};
		wrap_lines(&in, w - 4, &wl);
		int body = LINES - 6;
		if (body > (int)wl.n)
			body = (int)wl.n;
		if (top > (int)wl.n - body)
			top = (int)wl.n - body;
		if (top < 0)
			top = 0;
		if (!t->too_small) {
			int h = body + 3;
			int y = (LINES - h) / 2, x = (COLS - w) / 2;
			int iw = box_draw(y, x, h, w, title);
			for (int i = 0; i < body; i++)
				put_text(stdscr, y + 1 + i, x + 2, wl.v[top + i], iw, tui_attr(a));
			put_text(stdscr, y + h - 1, x + 2,
				 top + body < (int)wl.n ? _(" j/k scroll \u00b7 Esc closes; other keys go on ")
							: _(" Esc closes; other keys go on "),
				 iw, A_NORMAL);
			wnoutrefresh(stdscr);
		}
		strlist_free(&wl);
		int key = tui_getkey(t);
		if (key == TUI_KEY_TIMEOUT)
			continue;
		enum action act = keymap_lookup(SCOPE_GENERIC, key);
		if (act == ACT_DOWN || act == ACT_PAGE_DOWN) {
			top += act == ACT_DOWN ? 1 : body;
			continue;
		}
		if (act == ACT_UP || act == ACT_PAGE_UP) {
			top -= act == ACT_UP ? 1 : body;
			continue;
		}
		/* Keys that only close it are used up; any other goes on to
		 * the screen, so nothing typed is lost. */
		if (key != TUI_KEY_ESC && key != '\n' && key != ' ' && key != 'q' &&
		    key != TUI_KEY_SIGNAL)
			passed = key;
		break;
	}
	t->modal--;
	strlist_free(&in);
	return passed;
}
