/* list.c - a scrolled list's cursor: movement actions, keeping the cursor
 * in view, and mouse clicks and wheel. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

bool list_move(struct listview *l, enum action a)
{
	int page = l->height > 1 ? l->height - 1 : 1;
	switch (a) {
	case ACT_UP: l->cur--; break;
	case ACT_DOWN: l->cur++; break;
	case ACT_PAGE_UP: l->cur -= page; break;
	case ACT_PAGE_DOWN: l->cur += page; break;
	case ACT_HALF_UP: l->cur -= page / 2 ? page / 2 : 1; break;
	case ACT_HALF_DOWN: l->cur += page / 2 ? page / 2 : 1; break;
	case ACT_FIRST: l->cur = 0; break;
	case ACT_LAST: l->cur = l->n - 1; break;
	default: return false;
	}
	if (l->cur >= l->n)
		l->cur = l->n - 1;
	if (l->cur < 0)
		l->cur = 0;
	return true;
}

void list_fit(struct listview *l, int h)
{
	l->height = h;
	if (l->cur >= l->n)
		l->cur = l->n - 1;
	if (l->cur < 0)
		l->cur = 0;
	if (h <= 0)
		return;
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + h)
		l->top = l->cur - h + 1;
	if (l->top > l->n - h)
		l->top = l->n - h;
	if (l->top < 0)
		l->top = 0;
}

bool list_mouse(struct listview *l, int y0)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return false;
	if (ev.bstate & BUTTON4_PRESSED)
		return list_move(l, ACT_UP);
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED)
		return list_move(l, ACT_DOWN);
#endif
	if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
		int row = l->top + ev.y - y0;
		if (ev.y >= y0 && row < l->n) {
			l->cur = row;
			return true;
		}
	}
	return false;
}
