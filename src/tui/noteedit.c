/* noteedit.c - the multi-line note editor: soft-wrapped at the window's
 * width by display columns, so CJK and emoji never split; Enter starts a
 * new line, Ctrl-X saves, Esc cancels (asking when something changed). */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

#include "certtrack/i18n.h"

#include <stdlib.h>
#include <string.h>

struct layout {
	size_t *start; /* buffer index where each visual row starts */
	int n;
};

static int cw_of(wchar_t c)
{
	int w = wcwidth(c);
	return w < 0 ? 1 : w;
}

/* Soft wrap at word boundaries: a row ends after its last space that
 * fits, or before a wide (CJK) character, which may break anywhere; a
 * word longer than the row is cut. */
static void layout_make(const struct lineedit *e, int width, struct layout *l)
{
	l->n = 0;
	free(l->start);
	l->start = xcalloc(e->len + 2, sizeof(size_t));
	l->start[l->n++] = 0;
	int col = 0;
	size_t brk = 0; /* where the row may break: 0 = nowhere yet */
	for (size_t i = 0; i < e->len; i++) {
		if (e->buf[i] == L'\n') {
			l->start[l->n++] = i + 1;
			col = 0;
			brk = 0;
			continue;
		}
		int cw = cw_of(e->buf[i]);
		size_t row0 = l->start[l->n - 1];
		if (cw > 1 && i > row0)
			brk = i;
		if (col + cw > width) {
			size_t at = brk > row0 ? brk : i;
			l->start[l->n++] = at;
			col = 0;
			for (size_t k = at; k < i; k++)
				col += cw_of(e->buf[k]);
			brk = 0;
		}
		col += cw;
		if (e->buf[i] == L' ')
			brk = i + 1;
	}
}

static int row_of(const struct layout *l, size_t pos)
{
	int r = 0;
	while (r + 1 < l->n && l->start[r + 1] <= pos)
		r++;
	return r;
}

static size_t row_end(const struct lineedit *e, const struct layout *l, int r)
{
	size_t end = r + 1 < l->n ? l->start[r + 1] : e->len;
	/* The end of a row that closes with a newline is before it. */
	if (end > l->start[r] && end <= e->len && end > 0 && e->buf[end - 1] == L'\n')
		end--;
	return end;
}

static int col_of(const struct lineedit *e, const struct layout *l, size_t pos)
{
	int r = row_of(l, pos), col = 0;
	for (size_t i = l->start[r]; i < pos; i++)
		col += cw_of(e->buf[i]);
	return col;
}

static size_t pos_at(const struct lineedit *e, const struct layout *l, int r, int col)
{
	size_t i = l->start[r], end = row_end(e, l, r);
	int c = 0;
	while (i < end && c + cw_of(e->buf[i]) <= col) {
		c += cw_of(e->buf[i]);
		i++;
	}
	return i;
}

char *note_edit(struct tui *t, const char *title, const char *initial)
{
	struct lineedit e = {0};
	le_set(&e, initial);
	struct layout l = {0};
	int top = 0;
	int want_col = -1;
	char *result = NULL;
	bool changed = false;
	t->modal++;
	for (;;) {
		tui_redraw(t);
		int w = COLS - 4 > 90 ? 90 : COLS - 4;
		int h = LINES - 4 > 16 ? 16 : LINES - 4;
		int y = (LINES - h) / 2, x = (COLS - w) / 2;
		int iw = w - 4, ih = h - 3;
		layout_make(&e, iw - 1, &l);
		int cr = row_of(&l, e.cur);
		if (cr < top)
			top = cr;
		if (cr >= top + ih)
			top = cr - ih + 1;
		if (!t->too_small) {
			draw_box(stdscr, y, x, h, w);
			put_text(stdscr, y, x + 2, title, w - 4, A_BOLD);
			for (int r = 0; r < ih && top + r < l.n; r++) {
				size_t s = l.start[top + r], end = row_end(&e, &l, top + r);
				wmove(stdscr, y + 1 + r, x + 2);
				for (size_t i = s; i < end; i++) {
					wchar_t one[2] = {e.buf[i] < L' ' ? L'?' : e.buf[i], 0};
					addnwstr(one, 1);
				}
			}
			put_text(stdscr, y + h - 2, x + 2,
				 _("Ctrl-X save \u00b7 Esc cancel \u00b7 Enter new line"), iw,
				 tui_attr(ATTR_DIM));
			move(y + 1 + cr - top, x + 2 + col_of(&e, &l, e.cur));
			tui_cursor_here(stdscr);
			wnoutrefresh(stdscr);
		}
		int key = tui_getkey(t);
		if (key == TUI_KEY_TIMEOUT)
			continue;
		if (key == TUI_KEY_SIGNAL)
			break;
		enum action a = key == TUI_KEY_INTR ? ACT_ED_CANCEL : keymap_lookup(SCOPE_EDITOR, key);
		if (a == ACT_ED_SAVE) {
			result = le_get(&e);
			break;
		}
		if (a == ACT_ED_CANCEL) {
			struct strlist none = {0};
			if (!changed || prompt_confirm(t, title, &none, _("Discard your changes?")))
				break;
			continue;
		}
		int col = want_col >= 0 ? want_col : col_of(&e, &l, e.cur);
		/* Home and End work on the row on screen. */
		if (a == ACT_ED_HOME || a == ACT_ED_END) {
			e.cur = a == ACT_ED_HOME ? l.start[cr] : row_end(&e, &l, cr);
			want_col = -1;
			continue;
		}
		switch (key) {
		case TUI_KEYCODE | KEY_UP:
			if (cr > 0)
				e.cur = pos_at(&e, &l, cr - 1, col);
			want_col = col;
			continue;
		case TUI_KEYCODE | KEY_DOWN:
			if (cr + 1 < l.n)
				e.cur = pos_at(&e, &l, cr + 1, col);
			want_col = col;
			continue;
		case TUI_KEYCODE | KEY_PPAGE:
			e.cur = pos_at(&e, &l, cr > ih ? cr - ih : 0, col);
			want_col = col;
			continue;
		case TUI_KEYCODE | KEY_NPAGE:
			e.cur = pos_at(&e, &l, cr + ih < l.n ? cr + ih : l.n - 1, col);
			want_col = col;
			continue;
		case '\n':
			le_insert(&e, L'\n');
			changed = true;
			break;
		case '\t':
			le_insert(&e, L' ');
			changed = true;
			break;
		default: {
			size_t before = e.len;
			if (le_key(&e, key) && e.len != before)
				changed = true;
		}
		}
		want_col = -1;
	}
	t->modal--;
	free(l.start);
	le_free(&e);
	return result;
}
