/* screen_help.c - every key, grouped by screen, generated from the action
 * table with the bindings in force (so rebound keys show as rebound). */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

#include "certtrack/i18n.h"

#include <stdlib.h>
#include <string.h>

struct help {
	struct strlist lines; /* built once; "#" marks a heading */
	struct listview lv;
};

static void *help_open(struct tui *t, const char *arg)
{
	(void)t;
	(void)arg;
	struct help *h = xcalloc(1, sizeof(*h));
	for (int s = 0; s < SCOPE__COUNT; s++) {
		if (h->lines.n)
			strlist_add(&h->lines, "");
		strlist_add_owned(&h->lines, xasprintf("#%s", _(scope_title((enum scope)s))));
		for (int a = 1; a < ACT__COUNT; a++) {
			if ((int)tui_actions[a].scope != s)
				continue;
			char keys[64];
			keymap_keys((enum action)a, keys, sizeof(keys));
			strlist_add_owned(&h->lines, xasprintf("%s\t%s\t%s", keys[0] ? keys : "-",
							       _(tui_actions[a].help), tui_actions[a].name));
		}
	}
	strlist_add(&h->lines, "");
	strlist_add(&h->lines, _("#Rebinding keys"));
	strlist_add(&h->lines, _("In $XDG_CONFIG_HOME/certtrack/config: bind SCOPE KEY ACTION"));
	strlist_add(&h->lines, _("(the scope and action names are shown above), set mouse on."));
	h->lv.n = (int)h->lines.n;
	return h;
}

static void help_close(void *data)
{
	struct help *h = data;
	strlist_free(&h->lines);
	free(h);
}

static void help_draw(struct tui *t, void *data, WINDOW *w, int hgt, int wd)
{
	struct help *h = data;
	(void)t;
	/* The view scrolls: the cursor is the top line. */
	h->lv.height = hgt;
	if (h->lv.cur > h->lv.n - hgt)
		h->lv.cur = h->lv.n - hgt > 0 ? h->lv.n - hgt : 0;
	for (int r = 0; r < hgt && h->lv.cur + r < h->lv.n; r++) {
		const char *l = h->lines.v[h->lv.cur + r];
		if (l[0] == '#') {
			put_text(w, r, 1, l + 1, wd - 2, tui_attr(ATTR_HEADING));
			continue;
		}
		const char *t1 = strchr(l, '\t');
		if (!t1) {
			put_text(w, r, 3, l, wd - 4, A_NORMAL);
			continue;
		}
		const char *t2 = strchr(t1 + 1, '\t');
		char *keys = xstrndup(l, (size_t)(t1 - l));
		char *help = t2 ? xstrndup(t1 + 1, (size_t)(t2 - t1 - 1)) : xstrdup(t1 + 1);
		int kw = 14;
		put_cell(w, r, 3, keys, kw, tui_attr(ATTR_KEY));
		int hw = wd - 4 - kw - 1;
		if (t2 && wd >= 90) {
			put_text(w, r, 4 + kw, help, hw - 20, A_NORMAL);
			put_text(w, r, wd - 20, t2 + 1, 19, tui_attr(ATTR_DIM));
		} else {
			put_text(w, r, 4 + kw, help, hw, A_NORMAL);
		}
		free(keys);
		free(help);
	}
}

static bool help_key(struct tui *t, void *data, enum action a, int key)
{
	struct help *h = data;
	(void)t;
	(void)key;
	if (a == ACT_HELP) {
		tui_pop(t);
		return true;
	}
	return list_move(&h->lv, a);
}

static void help_title(void *data, char *buf, size_t size)
{
	(void)data;
	snprintf(buf, size, "%s", _("Keys"));
}

static const enum action help_hints[] = {ACT_DOWN, ACT_UP, ACT_BACK, ACT_NONE};

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
