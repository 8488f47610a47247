/* screen_help.c - every key, grouped by screen, generated from the action
 * table with the bindings in force (so rebound keys show as rebound), and
 * the legend of the status marks. It opens at the section of the screen
 * it was asked from; long lines wrap to the width. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

#include "certtrack/i18n.h"

#include <stdlib.h>
#include <string.h>

struct help {
	/* Entries: "#heading", "KEYS\tHELP\tNAME" or "\tTEXT" (a legend line,
	 * KEYS being the mark). */
	struct strlist lines;
	struct listview lv; /* over the rows of the last draw */
	int open_at;	    /* entry to show first, until the first draw */
};

/* The legend: one mark and what it means. */
static void legend_add(struct strlist *l, const char *mark, const char *text)
{
	strlist_add_owned(l, xasprintf("%s\t%s\t", mark, text));
}

void help_legend(struct strlist *l)
{
	strlist_add_owned(l, xasprintf("#%s", _("Status marks")));
	legend_add(l, "[ ]", _("todo"));
	legend_add(l, "[~]", _("in progress"));
	legend_add(l, "[x]", _("done"));
	legend_add(l, "[X]", _("done, forced past an unmet requirement (the reason is recorded)"));
	legend_add(l, "[!]", _("blocked (the reason is recorded)"));
	legend_add(l, "[-]", _("n/a: does not apply (the reason is recorded)"));
	legend_add(l, "[x]!",
		   _("done, but it stands on a broken requirement: something it requires is no "
		     "longer met"));
	legend_add(l, "\u2192", _("the next action: the first item that can be done now"));
	legend_add(
	    l, "\u2717 / !",
	    _("fields: an error / a warning (the pane under the list says which, and the fix)"));
	legend_add(l, "\u2717 next",
		   _("projects list: the next action cannot be done yet (blocked, or a requirement "
		     "is not met)"));
	legend_add(
	    l, "2/21!",
	    _("projects list: after the progress, some done items stand on a broken requirement"));
}

static void *help_open(struct tui *t, const char *arg)
{
	(void)t;
	struct help *h = xcalloc(1, sizeof(*h));
	for (int s = 0; s < SCOPE__COUNT; s++) {
		bool any = false;
		for (int a = 1; a < ACT__COUNT; a++)
			any |= (int)tui_actions[a].scope == s;
		if (!any)
			continue;
		if (h->lines.n)
			strlist_add(&h->lines, "");
		if (arg && strcmp(arg, scope_name((enum scope)s)) == 0)
			h->open_at = (int)h->lines.n;
		strlist_add_owned(&h->lines, xasprintf("#%s", _(scope_title((enum scope)s))));
		for (int a = 1; a < ACT__COUNT; a++) {
			if ((int)tui_actions[a].scope != s)
				continue;
			char keys[64];
			keymap_keys((enum action)a, keys, sizeof(keys));
			strlist_add_owned(&h->lines,
					  xasprintf("%s\t%s\t%s", keys[0] ? keys : "-",
						    _(tui_actions[a].help), tui_actions[a].name));
		}
	}
	strlist_add(&h->lines, "");
	help_legend(&h->lines);
	strlist_add(&h->lines, "");
	strlist_add(&h->lines, _("#Rebinding keys"));
	strlist_add(&h->lines, _("In $XDG_CONFIG_HOME/certtrack/config: bind SCOPE KEY ACTION"));
	strlist_add(&h->lines, _("(the scope and action names are shown above), set mouse on."));
	h->open_at = h->open_at ? h->open_at : 0;
	h->lv.cur = -1;
	return h;
}

static void help_close(void *data)
{
	struct help *h = data;
	strlist_free(&h->lines);
	free(h);
}

/* One screen row: the entry it belongs to, and its parts. */
struct row {
	int entry;
	char *keys; /* NULL on continuation rows */
	char *text;
	const char *name;
	bool heading;
};

static size_t rows_make(const struct help *h, int wd, struct row **out)
{
	size_t n = 0, cap = h->lines.n * 2 + 4;
	struct row *r = xcalloc(cap, sizeof(*r));
	int kw = 14;
	bool names = wd >= 90;
	int hw = wd - 4 - kw - 1 - (names ? 20 : 0);
	for (size_t i = 0; i < h->lines.n; i++) {
		const char *l = h->lines.v[i];
		const char *t1 = strchr(l, '\t');
		struct strlist parts = {0};
		if (l[0] == '#' || !t1) {
			if (l[0] == '#' || !*l)
				strlist_add(&parts, l[0] == '#' ? l + 1 : l);
			else
				text_wrap(l, wd - 4, &parts);
			for (size_t k = 0; k < parts.n; k++) {
				if (n + 1 >= cap)
					r = xreallocarray(r, cap *= 2, sizeof(*r));
				r[n].entry = (int)i;
				r[n].heading = l[0] == '#';
				r[n].text = xstrdup(parts.v[k]);
				n++;
			}
			strlist_free(&parts);
			continue;
		}
		const char *t2 = strchr(t1 + 1, '\t');
		char *help = t2 ? xstrndup(t1 + 1, (size_t)(t2 - t1 - 1)) : xstrdup(t1 + 1);
		text_wrap(help, hw, &parts);
		free(help);
		for (size_t k = 0; k < parts.n || k == 0; k++) {
			if (n + 1 >= cap)
				r = xreallocarray(r, cap *= 2, sizeof(*r));
			r[n].entry = (int)i;
			r[n].keys = k == 0 ? xstrndup(l, (size_t)(t1 - l)) : NULL;
			r[n].text = xstrdup(k < parts.n ? parts.v[k] : "");
			r[n].name = k == 0 && t2 && names ? t2 + 1 : NULL;
			n++;
		}
		strlist_free(&parts);
	}
	*out = r;
	return n;
}

static void rows_free(struct row *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].keys);
		free(r[i].text);
	}
	free(r);
}

static void help_draw(struct tui *t, void *data, WINDOW *w, int hgt, int wd)
{
	struct help *h = data;
	(void)t;
	struct row *r;
	size_t n = rows_make(h, wd, &r);
	h->lv.n = (int)n;
	h->lv.height = hgt;
	if (h->lv.cur < 0) {
		/* First draw: the section of the screen help was asked from. */
		h->lv.cur = 0;
		for (size_t i = 0; i < n; i++)
			if (r[i].entry == h->open_at) {
				h->lv.cur = (int)i;
				break;
			}
	}
	/* The view scrolls: the cursor is the top line. */
	if (h->lv.cur > h->lv.n - hgt)
		h->lv.cur = h->lv.n - hgt > 0 ? h->lv.n - hgt : 0;
	int kw = 14;
	for (int y = 0; y < hgt && h->lv.cur + y < h->lv.n; y++) {
		const struct row *x = &r[h->lv.cur + y];
		if (x->heading) {
			put_text(w, y, 1, x->text, wd - 2, tui_attr(ATTR_HEADING));
			continue;
		}
		if (!x->keys && !x->name && r[h->lv.cur + y].entry >= 0 &&
		    !strchr(h->lines.v[x->entry], '\t')) {
			put_text(w, y, 3, x->text, wd - 4, A_NORMAL);
			continue;
		}
		if (x->keys)
			put_cell(w, y, 3, x->keys, kw, tui_attr(ATTR_KEY));
		put_text(w, y, 4 + kw, x->text, wd - 5 - kw - (x->name ? 20 : 0), A_NORMAL);
		if (x->name)
			put_text(w, y, wd - 20, x->name, 19, tui_attr(ATTR_DIM));
	}
	rows_free(r, n);
}

static bool help_key(struct tui *t, void *data, enum action a, int key)
{
	struct help *h = data;
	if (a == ACT_HELP || key == TUI_KEY_ESC) {
		tui_pop(t);
		return true;
	}
	if (h->lv.cur < 0)
		h->lv.cur = 0;
	return list_move(&h->lv, a);
}

static void help_title(void *data, char *buf, size_t size)
{
	(void)data;
	snprintf(buf, size, "%s", _("Keys"));
}

static const enum action help_hints[] = {ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_BACK, ACT_NONE};

const struct screen_ops screen_help_ops = {
    .name = "help",
    .scope = SCOPE_HELP,
    .open = help_open,
    .close = help_close,
    .draw = help_draw,
    .key = help_key,
    .title = help_title,
    .hints = help_hints,
};
