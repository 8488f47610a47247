/* draw.c - drawing helpers: UTF-8 text cut at display widths (never half a
 * character), wrapping, ages, attributes that work with and without
 * colour, and the shared look of a problem. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

#include "certtrack/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <limits.h>

/* Stored values are shown, never obeyed: control characters become their
 * control pictures (U+241B for ESC, one column each) where the locale has
 * them, else \x1b; C1 controls and invalid bytes \u009b and \xNN. The same
 * rules as the command-line output (str_escape_controls). */
static char *safe_text(const char *s)
{
	return str_escape_controls(s ? s : "", MB_CUR_MAX > 1 ? STR_ESC_PICTURES : 0);
}

int text_width(const char *s)
{
	if (!str_needs_escape(s, 0))
		return utf8_width(s ? s : "");
	char *e = safe_text(s);
	int w = utf8_width(e);
	free(e);
	return w;
}

/* Next character of s: its length in bytes and display width; invalid
 * bytes are one column shown as '?'. */
static size_t next_char(const char *s, size_t len, wchar_t *wc, int *w)
{
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	size_t n = mbrtowc(wc, s, len, &ps);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = L'?';
		*w = 1;
		return 1;
	}
	int cw = wcwidth(*wc);
	if (*wc == L'\t' || *wc == L'\n') {
		*wc = L' ';
		cw = 1;
	}
	if (cw < 0) { /* control characters: shown as '?' */
		*wc = L'?';
		cw = 1;
	}
	*w = cw;
	return n;
}

int put_text(WINDOW *w, int y, int x, const char *raw, int maxw, attr_t a)
{
	if (!raw || maxw <= 0)
		return 0;
	char *safe = safe_text(raw);
	const char *s = safe;
	bool cut = text_width(s) > maxw;
	int room = cut ? maxw - 1 : maxw;
	int used = 0;
	size_t len = strlen(s);
	wmove(w, y, x);
	wattr_on(w, a, NULL);
	while (len) {
		wchar_t wc;
		int cw;
		size_t n = next_char(s, len, &wc, &cw);
		if (used + cw > room)
			break;
		if (cw > 0 || used > 0) {
			wchar_t one[2] = {wc, 0};
			waddnwstr(w, one, 1);
		}
		used += cw;
		s += n;
		len -= n;
	}
	if (cut) {
		waddnwstr(w, L"\u2026", 1);
		used++;
	}
	wattr_off(w, a, NULL);
	free(safe);
	return used;
}

void put_fill(WINDOW *w, int y, int x, int n, attr_t a)
{
	wmove(w, y, x);
	wattr_on(w, a, NULL);
	for (int i = 0; i < n; i++)
		waddch(w, ' ');
	wattr_off(w, a, NULL);
}

void put_cell(WINDOW *w, int y, int x, const char *s, int maxw, attr_t a)
{
	int used = put_text(w, y, x, s, maxw, a);
	if (used < maxw)
		put_fill(w, y, x + used, maxw - used, a);
}

void text_wrap(const char *raw, int width, struct strlist *out)
{
	if (width < 4)
		width = 4;
	char *safe = safe_text(raw);
	const char *s = safe;
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t plen = nl ? (size_t)(nl - s) : strlen(s);
		/* One paragraph: cut at the last space that fits. */
		const char *p = s, *end = s + plen;
		do {
			int used = 0;
			const char *q = p, *brk = NULL;
			while (q < end) {
				wchar_t wc;
				int cw;
				size_t n = next_char(q, (size_t)(end - q), &wc, &cw);
				if (used + cw > width)
					break;
				if (*q == ' ')
					brk = q;
				used += cw;
				q += n;
			}
			if (q < end && brk && brk > p)
				q = brk;
			strlist_add_owned(out, xstrndup(p, (size_t)(q - p)));
			p = q;
			while (p < end && *p == ' ')
				p++;
		} while (p < end);
		s = nl ? nl + 1 : end;
	}
	free(safe);
}

void age_format(const char *iso, char *buf, size_t size)
{
	long long t = iso ? time_parse_iso(iso) : -1;
	if (t < 0) {
		snprintf(buf, size, "-");
		return;
	}
	long long d = time_now_epoch() - t;
	if (d < 0)
		d = 0;
	/* TRANSLATORS: ages of a change: now, minutes, hours, days. */
	if (d < 60)
		snprintf(buf, size, "%s", _("now"));
	else if (d < 3600)
		snprintf(buf, size, _("%lldm"), d / 60);
	else if (d < 86400)
		snprintf(buf, size, _("%lldh"), d / 3600);
	else
		snprintf(buf, size, _("%lldd"), d / 86400);
}

void date_format(const char *iso, bool short_form, char *buf, size_t size)
{
	long long t = iso ? time_parse_iso(iso) : -1;
	time_t tt = (time_t)t;
	struct tm tm;
	if (t < 0 || !localtime_r(&tt, &tm)) {
		snprintf(buf, size, "%s", iso ? iso : "-");
		return;
	}
	size_t n = short_form
		/* TRANSLATORS: strftime() format of a date and time without the
		 * year, at most 11 columns wide; e.g. "%d.%m %H:%M". xgettext:no-c-format */
		? strftime(buf, size, _("%m-%d %H:%M"), &tm)
		/* TRANSLATORS: strftime() format of a date and time in a list, at most
		 * 16 columns wide; e.g. "%d.%m.%Y %H:%M". xgettext:no-c-format */
		: strftime(buf, size, _("%Y-%m-%d %H:%M"), &tm);
	if (!n)
		snprintf(buf, size, "%s", iso);
}

static attr_t attrs[ATTR__COUNT];

/* Called by tui.c once colours are known. Colours on the default
 * background read on dark and light terminals; without colour, bold,
 * reverse and underline carry the same meaning, and text markers
 * ("error:", "[x]") never depend on either. */
void tui_attrs_init(bool color)
{
	attrs[ATTR_NORMAL] = A_NORMAL;
	attrs[ATTR_TITLE] = A_REVERSE;
	attrs[ATTR_SELECTED] = A_REVERSE;
	attrs[ATTR_HEADING] = A_BOLD;
	attrs[ATTR_KEY] = A_BOLD;
	attrs[ATTR_ERROR] = A_BOLD;
	attrs[ATTR_WARNING] = A_UNDERLINE;
	attrs[ATTR_OK] = A_NORMAL;
	attrs[ATTR_DIM] = A_DIM;
	if (!color || !has_colors() || start_color() != OK)
		return;
	use_default_colors();
	init_pair(1, COLOR_RED, -1);
	init_pair(2, COLOR_YELLOW, -1);
	init_pair(3, COLOR_GREEN, -1);
	init_pair(4, COLOR_BLUE, -1);
	init_pair(5, COLOR_WHITE, COLOR_BLUE);
	attrs[ATTR_ERROR] = COLOR_PAIR(1) | A_BOLD;
	attrs[ATTR_WARNING] = COLOR_PAIR(2);
	attrs[ATTR_OK] = COLOR_PAIR(3);
	attrs[ATTR_HEADING] = COLOR_PAIR(4) | A_BOLD;
	attrs[ATTR_TITLE] = COLOR_PAIR(5) | A_BOLD;
}

attr_t tui_attr(enum tui_attr a)
{
	return attrs[a];
}

void draw_problem(WINDOW *w, int *y, int x, int width, int ymax, const struct problem *p)
{
	bool err = p->severity == CT_SEV_ERROR;
	const char *mark = err ? _("error:") : _("warning:");
	if (*y >= ymax)
		return;
	int used = put_text(w, *y, x, mark, width, tui_attr(err ? ATTR_ERROR : ATTR_WARNING));
	struct strlist lines = {0};
	text_wrap(p->message, width - used - 1, &lines);
	for (size_t i = 0; i < lines.n && *y < ymax; i++) {
		put_text(w, *y, x + used + 1, lines.v[i], width - used - 1, A_NORMAL);
		(*y)++;
	}
	strlist_free(&lines);
	if (p->fix) {
		char *fix = xasprintf(_("fix: %s"), p->fix);
		text_wrap(fix, width - 2, &lines);
		for (size_t i = 0; i < lines.n && *y < ymax; i++) {
			put_text(w, *y, x + 2, lines.v[i], width - 2, tui_attr(ATTR_DIM));
			(*y)++;
		}
		strlist_free(&lines);
		free(fix);
	}
}

/* Line drawing with Unicode box characters where the locale has them:
 * the alternate character set does not survive every terminal and
 * multiplexer in a UTF-8 locale. */
static bool utf8_locale(void)
{
	return MB_CUR_MAX > 1;
}

void draw_hline(WINDOW *w, int y, int x, int n)
{
	wmove(w, y, x);
	for (int i = 0; i < n; i++)
		if (utf8_locale())
			waddnwstr(w, L"\u2500", 1);
		else
			waddch(w, '-');
}

void draw_vline(WINDOW *w, int y, int x, int n)
{
	for (int i = 0; i < n; i++) {
		wmove(w, y + i, x);
		if (utf8_locale())
			waddnwstr(w, L"\u2502", 1);
		else
			waddch(w, '|');
	}
}

void draw_box(WINDOW *w, int y, int x, int h, int wd)
{
	bool u = utf8_locale();
	for (int r = 0; r < h; r++)
		put_fill(w, y + r, x, wd, A_NORMAL);
	draw_hline(w, y, x + 1, wd - 2);
	draw_hline(w, y + h - 1, x + 1, wd - 2);
	draw_vline(w, y + 1, x, h - 2);
	draw_vline(w, y + 1, x + wd - 1, h - 2);
	mvwaddnwstr(w, y, x, u ? L"\u250c" : L"+", 1);
	mvwaddnwstr(w, y, x + wd - 1, u ? L"\u2510" : L"+", 1);
	mvwaddnwstr(w, y + h - 1, x, u ? L"\u2514" : L"+", 1);
	mvwaddnwstr(w, y + h - 1, x + wd - 1, u ? L"\u2518" : L"+", 1);
}

void put_wrapped(WINDOW *w, int *y, int x, int width, int ymax, const char *text, attr_t a,
		 int max_lines)
{
	struct strlist lines = {0};
	text_wrap(text, width, &lines);
	for (size_t i = 0; i < lines.n && *y < ymax && (int)i < max_lines; i++) {
		if ((int)i == max_lines - 1 && i + 1 < lines.n) {
			/* The last line that fits says there is more. */
			char *cut = xasprintf("%s\u2026", lines.v[i]);
			put_text(w, (*y)++, x, cut, width, a);
			free(cut);
			break;
		}
		put_text(w, (*y)++, x, lines.v[i], width, a);
	}
	strlist_free(&lines);
}

char *text_elide(const char *s, int maxw)
{
	if (!s)
		return xstrdup("");
	if (text_width(s) <= maxw || maxw < 3)
		return xstrdup(s);
	size_t n = mbstowcs(NULL, s, 0);
	if (n == (size_t)-1)
		return xstrdup(s);
	wchar_t *ws = xcalloc(n + 1, sizeof(wchar_t));
	mbstowcs(ws, s, n + 1);
	/* The end tells similar names apart (the plugin part): it gets two
	 * thirds of the room. */
	int room = maxw - 1, hw = room / 3, tw = room - hw;
	size_t head = 0, tail = n;
	int used = 0;
	while (head < n) {
		int cw = wcwidth(ws[head]);
		cw = cw < 0 ? 1 : cw;
		if (used + cw > hw)
			break;
		used += cw;
		head++;
	}
	used = 0;
	while (tail > head) {
		int cw = wcwidth(ws[tail - 1]);
		cw = cw < 0 ? 1 : cw;
		if (used + cw > tw)
			break;
		used += cw;
		tail--;
	}
	struct strbuf sb = {0};
	char mb[MB_LEN_MAX];
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	for (size_t i = 0; i < n; i++) {
		if (i == head) {
			sb_add(&sb, "\u2026");
			i = tail;
			if (i >= n)
				break;
		}
		size_t k = wcrtomb(mb, ws[i], &ps);
		if (k != (size_t)-1)
			sb_addn(&sb, mb, k);
	}
	free(ws);
	sb_add(&sb, "");
	return sb_detach(&sb);
}

char *text_elide_prefix(const char *s, const char *prefix, int maxw)
{
	if (!s)
		return xstrdup("");
	size_t pl = prefix ? strlen(prefix) : 0;
	if (text_width(s) <= maxw || !pl || strncmp(s, prefix, pl) != 0 || !s[pl])
		return text_elide(s, maxw);
	char *rest = xasprintf("\u2026%s", s + pl);
	char *r = text_elide(rest, maxw);
	free(rest);
	return r;
}
