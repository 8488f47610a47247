/* lineedit.c - a one-line text editor working on wide characters, so that
 * the cursor moves over whole characters (accents, CJK, emoji) and the
 * view scrolls by display columns. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <wctype.h>

static void le_reserve(struct lineedit *e, size_t n)
{
	if (e->len + n + 1 > e->cap) {
		e->cap = (e->len + n + 1) * 2;
		e->buf = xreallocarray(e->buf, e->cap, sizeof(wchar_t));
	}
}

void le_set(struct lineedit *e, const char *utf8)
{
	e->len = e->cur = 0;
	e->sel = false;
	e->scroll = 0;
	le_reserve(e, 0);
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	const char *s = utf8 ? utf8 : "";
	size_t len = strlen(s);
	while (len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, len, &ps);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&ps, 0, sizeof(ps));
			wc = L'?';
			n = 1;
		}
		le_reserve(e, 1);
		e->buf[e->len++] = wc;
		s += n;
		len -= n;
	}
	e->buf[e->len] = 0;
	e->cur = e->len;
}

char *le_get(const struct lineedit *e)
{
	struct strbuf sb = {0};
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	for (size_t i = 0; i < e->len; i++) {
		char mb[MB_LEN_MAX];
		size_t n = wcrtomb(mb, e->buf[i], &ps);
		if (n == (size_t)-1) {
			memset(&ps, 0, sizeof(ps));
			continue;
		}
		sb_addn(&sb, mb, n);
	}
	sb_add(&sb, "");
	return sb_detach(&sb);
}

void le_free(struct lineedit *e)
{
	x_free(&e->buf);
	e->len = e->cap = e->cur = 0;
}

void le_insert(struct lineedit *e, wchar_t wc)
{
	le_reserve(e, 1);
	memmove(e->buf + e->cur + 1, e->buf + e->cur, (e->len - e->cur) * sizeof(wchar_t));
	e->buf[e->cur++] = wc;
	e->buf[++e->len] = 0;
}

static void le_delete(struct lineedit *e, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(e->buf + from, e->buf + to, (e->len - to) * sizeof(wchar_t));
	e->len -= to - from;
	e->buf[e->len] = 0;
	if (e->cur > to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
}

bool le_key(struct lineedit *e, int key)
{
	le_reserve(e, 0);
	/* The keys come from the action table (documented, rebindable);
	 * Backspace arrives as 127 whatever the terminal sends. */
	enum action a = keymap_lookup(SCOPE_EDITOR, key == 127 ? (TUI_KEYCODE | KEY_BACKSPACE) : key);
	if (e->sel) {
		/* A selected text: typing or deleting replaces it whole, any
		 * other key keeps it. */
		e->sel = false;
		bool typed = !(key & TUI_KEYCODE) && key >= ' ' && key != 127;
		if (typed || a == ACT_ED_BACKSPACE || a == ACT_ED_DELETE) {
			le_delete(e, 0, e->len);
			if (!typed)
				return true;
		}
	}
	switch (a) {
	case ACT_ED_LEFT:
		if (e->cur > 0)
			e->cur--;
		return true;
	case ACT_ED_RIGHT:
		if (e->cur < e->len)
			e->cur++;
		return true;
	case ACT_ED_HOME:
		e->cur = 0;
		return true;
	case ACT_ED_END:
		e->cur = e->len;
		return true;
	case ACT_ED_BACKSPACE:
		if (e->cur > 0)
			le_delete(e, e->cur - 1, e->cur);
		return true;
	case ACT_ED_DELETE:
		if (e->cur < e->len)
			le_delete(e, e->cur, e->cur + 1);
		return true;
	case ACT_ED_KILL_START:
		le_delete(e, 0, e->cur);
		return true;
	case ACT_ED_KILL_END:
		le_delete(e, e->cur, e->len);
		return true;
	case ACT_ED_KILL_WORD: {
		size_t p = e->cur;
		while (p > 0 && iswspace((wint_t)e->buf[p - 1]))
			p--;
		while (p > 0 && !iswspace((wint_t)e->buf[p - 1]))
			p--;
		le_delete(e, p, e->cur);
		return true;
	}
	default:
		break;
	}
	if (key & TUI_KEYCODE || key < ' ' || key == 127)
		return false;
	le_insert(e, (wchar_t)key);
	return true;
}

static int wc_width(wchar_t wc)
{
	int w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

void le_draw(struct lineedit *e, WINDOW *w, int y, int x, int width, attr_t a)
{
	le_reserve(e, 0);
	if (width < 2)
		return;
	/* Column of the cursor; scroll so it stays visible with room. */
	int ccol = 0;
	for (size_t i = 0; i < e->cur; i++)
		ccol += wc_width(e->buf[i]);
	if (ccol < e->scroll)
		e->scroll = ccol > width / 3 ? ccol - width / 3 : 0;
	if (ccol >= e->scroll + width - 1)
		e->scroll = ccol - width + 2;
	put_fill(w, y, x, width, a);
	wmove(w, y, x);
	if (e->sel && e->len)
		a |= A_REVERSE;
	wattr_on(w, a, NULL);
	int col = 0, used = 0, cur_x = x;
	for (size_t i = 0; i < e->len; i++) {
		int cw = wc_width(e->buf[i]);
		if (i == e->cur)
			cur_x = x + used;
		if (col < e->scroll) {
			col += cw;
			/* A wide character cut by the left edge shows as blank. */
			if (col > e->scroll) {
				used += col - e->scroll;
				wmove(w, y, x + used);
			}
			continue;
		}
		if (used + cw > width - 1)
			break;
		/* A control character (an imported value being edited) is shown
		 * as its control picture, one column, as draw.c shows it. */
		wchar_t one[2] = {e->buf[i], 0};
		if (e->buf[i] >= 0 && char_is_control((uint32_t)e->buf[i])) {
			if (MB_CUR_MAX == 1 || e->buf[i] >= 0x80)
				one[0] = L'?';
			else
				one[0] = e->buf[i] == 0x7f ? 0x2421 : 0x2400 + e->buf[i];
		}
		waddnwstr(w, one, 1);
		used += cw;
		col += cw;
	}
	if (e->cur == e->len)
		cur_x = x + used;
	wattr_off(w, a, NULL);
	wmove(w, y, cur_x);
}
