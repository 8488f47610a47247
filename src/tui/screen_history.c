/* screen_history.c - who changed what, newest first: one project's
 * changes or everything, with old -> new values; u (everywhere) undoes
 * the last command after showing what it reverts. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

#include "certtrack/i18n.h"

#include <stdlib.h>
#include <string.h>

#define HISTORY_LIMIT 2000

struct history {
	char *uuid; /* NULL: every project */
	bool all;
	struct event *ev;
	size_t n;
	struct listview lv;
};

static void history_load(struct tui *t, struct history *h)
{
	events_free(h->ev, h->n);
	h->ev = NULL;
	h->n = 0;
	struct ct_error err;
	ct_error_clear(&err);
	if (store_events_list(t->sess->st, h->all ? NULL : h->uuid, HISTORY_LIMIT, &h->ev, &h->n,
			      &err))
		tui_msg(t, ATTR_ERROR, "%s", err.msg);
	h->lv.n = (int)h->n;
}

static void *history_open(struct tui *t, const char *arg)
{
	struct history *h = xcalloc(1, sizeof(*h));
	h->uuid = xstrdup(arg);
	h->all = !arg;
	history_load(t, h);
	return h;
}

static void history_close(void *data)
{
	struct history *h = data;
	events_free(h->ev, h->n);
	free(h->uuid);
	free(h);
}

static void history_reload(struct tui *t, void *data)
{
	history_load(t, data);
}

static void history_draw(struct tui *t, void *data, WINDOW *w, int h, int wd)
{
	struct history *hs = data;
	(void)t;
	if (!hs->n) {
		put_text(w, 1, 2, _("No changes recorded yet."), wd - 4, A_NORMAL);
		return;
	}
	/* The selected change in full below the list, wrapped. */
	int detail = h >= 20 ? 7 : 4;
	int lh = h - detail - 1;
	list_fit(&hs->lv, lh);
	int pw = hs->all ? (wd >= 100 ? 30 : 18) : 0;
	for (int r = 0; r < lh && hs->lv.top + r < hs->lv.n; r++) {
		int i = hs->lv.top + r;
		const struct event *e = &hs->ev[i];
		bool sel = i == hs->lv.cur;
		attr_t a = sel ? tui_attr(ATTR_SELECTED) : A_NORMAL;
		int y = r, x = 2;
		put_fill(w, y, 0, wd, a);
		put_text(w, y, 0, sel ? ">" : " ", 1, a | A_BOLD);
		/* "2026-11-27 10:00" is enough to tell changes apart. */
		char when[40];
		date_format(e->at, false, when, sizeof(when));
		put_cell(w, y, x, when, 16, a), x += 17;
		put_cell(w, y, x, e->user, 9, a), x += 10;
		if (pw) {
			put_cell(w, y, x, e->project_name ? e->project_name : "-", pw, a);
			x += pw + 1;
		}
		char *what = xasprintf("%s%s%s: %s \u2192 %s%s", e->what, e->key ? " " : "",
				       e->key ? e->key : "", e->old_value ? e->old_value : _("(none)"),
				       e->new_value ? e->new_value : _("(none)"),
				       e->undo_of ? _(" [undo]") : "");
		put_cell(w, y, x, what, wd - x, a | (e->undo_of ? tui_attr(ATTR_DIM) : 0));
		free(what);
	}
	draw_hline(w, lh, 0, wd);
	const struct event *e = &hs->ev[hs->lv.cur];
	int y = lh + 1;
	char at[40];
	date_format(e->at, false, at, sizeof(at));
	/* TRANSLATORS: a change: when, by whom, in which project: what, which key. */
	char *l1 = xasprintf(_("%s by %s on %s: %s %s"), at, e->user,
			     e->project_name ? e->project_name : "-", e->what, e->key ? e->key : "");
	put_wrapped(w, &y, 1, wd - 2, h, l1, A_BOLD, 3);
	free(l1);
	char *l2 = xasprintf(_("old: %s  new: %s%s%s"), e->old_value ? e->old_value : _("(none)"),
			     e->new_value ? e->new_value : _("(none)"), e->note ? _("  note: ") : "",
			     e->note ? e->note : "");
	put_wrapped(w, &y, 1, wd - 2, h, l2, A_NORMAL, h - y);
	free(l2);
}

static bool history_key(struct tui *t, void *data, enum action a, int key)
{
	struct history *h = data;
	if (key == (TUI_KEYCODE | KEY_MOUSE))
		return list_mouse(&h->lv, 1);
	if (list_move(&h->lv, a))
		return true;
	if (a == ACT_HIST_ALL) {
		if (!h->uuid) {
			tui_msg(t, ATTR_NORMAL, "%s", _("Showing every project's changes."));
			return true;
		}
		h->all = !h->all;
		h->lv.cur = h->lv.top = 0;
		history_load(t, h);
		return true;
	}
	return false;
}

static void history_title(void *data, char *buf, size_t size)
{
	struct history *h = data;
	if (h->all)
		snprintf(buf, size, _("History of every project (%zu changes, newest first)"), h->n);
	else
		snprintf(buf, size, _("History of %s (%zu changes, newest first)"),
			 h->n && h->ev[0].project_name ? h->ev[0].project_name : _("this project"), h->n);
}

static const enum action history_hints[] = {
	ACT_UNDO, ACT_HIST_ALL, ACT_HELP, ACT_BACK, ACT_NONE,
};

const struct screen_ops screen_history_ops = {
	.name = "history",
	.scope = SCOPE_HISTORY,
	.open = history_open,
	.close = history_close,
	.draw = history_draw,
	.key = history_key,
	.reload = history_reload,
	.title = history_title,
	.hints = history_hints,
};
