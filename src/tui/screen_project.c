/* screen_project.c - one project: the checklist (status glyph, title,
 * owner, age; a pane with the guide's explanation, each requirement's
 * state, the note and the last changes), the fields grouped as the guide
 * groups them with in-place editing and live validation, and the
 * collateral with the 3 / 1-document rule shown live. Every change goes
 * through ops_* at once; a change made meanwhile by someone else asks. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

#include "certtrack/engine.h"
#include "certtrack/i18n.h"

#include <stdlib.h>
#include <string.h>

enum section { SEC_CHECKLIST, SEC_FIELDS, SEC_COLLATERAL, SEC__COUNT };

struct pscreen {
	char uuid[37];
	struct project *p; /* NULL when it was deleted meanwhile */
	enum section sec;
	struct listview lv[SEC__COUNT];
	int *frows; /* field index, or -1 - group index for a group heading */
	int nfrows;
	struct event *ev;
	size_t nev;
};

static const char *status_glyph(const struct item_state *is)
{
	switch (is->status) {
	case ITEM_IN_PROGRESS: return "[~]";
	case ITEM_DONE: return is->forced_reason ? "[X]" : "[x]";
	case ITEM_BLOCKED: return "[!]";
	case ITEM_NA: return "[-]";
	default: return "[ ]";
	}
}

static enum tui_attr status_attr(enum item_status s)
{
	switch (s) {
	case ITEM_DONE: return ATTR_OK;
	case ITEM_BLOCKED: return ATTR_ERROR;
	case ITEM_IN_PROGRESS: return ATTR_WARNING;
	case ITEM_NA: return ATTR_DIM;
	default: return ATTR_NORMAL;
	}
}

static void frows_build(struct pscreen *s)
{
	const struct template *t = s->p->tpl;
	free(s->frows);
	s->frows = xcalloc(t->n_fields + t->n_groups + 1, sizeof(int));
	s->nfrows = 0;
	for (size_t g = 0; g < t->n_groups; g++) {
		bool any = false;
		for (size_t i = 0; i < t->n_fields; i++) {
			if (!str_eq(t->fields[i].group, t->groups[g].key))
				continue;
			if (!any)
				s->frows[s->nfrows++] = -1 - (int)g;
			any = true;
			s->frows[s->nfrows++] = (int)i;
		}
	}
	/* Fields of no known group at the end. */
	for (size_t i = 0; i < t->n_fields; i++) {
		bool grouped = false;
		for (size_t g = 0; g < t->n_groups; g++)
			grouped |= str_eq(t->fields[i].group, t->groups[g].key);
		if (!grouped)
			s->frows[s->nfrows++] = (int)i;
	}
	s->lv[SEC_FIELDS].n = s->nfrows;
	if (s->lv[SEC_FIELDS].cur == 0 && s->nfrows > 1 && s->frows[0] < 0)
		s->lv[SEC_FIELDS].cur = 1;
}

static void pscreen_load(struct tui *t, struct pscreen *s)
{
	events_free(s->ev, s->nev);
	s->ev = NULL;
	s->nev = 0;
	if (!projscreen_load(t, s->uuid, &s->p))
		return;
	struct ct_error err;
	ct_error_clear(&err);
	store_events_list(t->sess->st, s->uuid, 300, &s->ev, &s->nev, &err);
	s->lv[SEC_CHECKLIST].n = (int)s->p->tpl->n_items;
	s->lv[SEC_COLLATERAL].n = (int)s->p->n_collateral;
	frows_build(s);
}

static void *project_open(struct tui *t, const char *arg)
{
	if (!arg)
		return NULL;
	struct pscreen *s = xcalloc(1, sizeof(*s));
	snprintf(s->uuid, sizeof(s->uuid), "%s", arg);
	pscreen_load(t, s);
	if (!projscreen_opened(t, s->p)) {
		free(s);
		return NULL;
	}
	/* Start on the next action, where the work is. */
	int next = engine_next_action(s->p);
	if (next >= 0)
		s->lv[SEC_CHECKLIST].cur = next;
	return s;
}

static void project_close(void *data)
{
	struct pscreen *s = data;
	project_free(s->p);
	events_free(s->ev, s->nev);
	free(s->frows);
	free(s);
}

static void project_reload(struct tui *t, void *data)
{
	pscreen_load(t, data);
}

/* The collateral requirement of the template, for the live rule. */
static const struct tpl_req *collateral_req(const struct template *t)
{
	for (size_t i = 0; i < t->n_items; i++)
		for (size_t r = 0; r < t->items[i].n_reqs; r++)
			if (t->items[i].reqs[r].kind == REQ_COLLATERAL)
				return &t->items[i].reqs[r];
	return NULL;
}

/* "2 of 3 items, 1 of 1 document" and whether the rule holds. */
static bool collateral_rule(const struct project *p, char *buf, size_t size)
{
	const struct tpl_req *r = collateral_req(p->tpl);
	unsigned all, of;
	engine_collateral_counts(p, r ? r->type : NULL, &all, &of);
	if (!r) {
		snprintf(buf, size, P_("%u item", "%u items", all), all);
		return true;
	}
	bool ok = all >= r->min && of >= r->type_min;
	snprintf(buf, size, _("%u of %u items, %u of %u %s: %s"), all, r->min, of, r->type_min,
		 r->type ? r->type : "", ok ? _("rule met") : _("not enough yet"));
	return ok;
}

static void field_problems(const struct project *p, size_t fi, const char *v, struct problems *ps);

static void draw_tabs(struct pscreen *s, WINDOW *w, int wd)
{
	const struct project *p = s->p;
	int done, total, broken;
	engine_progress_ex(p, &done, &total, &broken);
	/* The fields tab counts the fields' own problems, not the items'. */
	size_t ne = 0, nw = 0;
	for (size_t i = 0; i < p->tpl->n_fields; i++) {
		struct problems ps = {0};
		field_problems(p, i, NULL, &ps);
		ne += problems_count(&ps, CT_SEV_ERROR);
		nw += problems_count(&ps, CT_SEV_WARNING);
		problems_free(&ps);
	}
	char rule[128];
	bool cok = collateral_rule(p, rule, sizeof(rule));
	char *tabs[SEC__COUNT];
	tabs[SEC_CHECKLIST] = broken ? xasprintf(_("Checklist %d/%d, %d broken"), done, total, broken)
				     : xasprintf(_("Checklist %d/%d"), done, total);
	tabs[SEC_FIELDS] = ne || nw ? xasprintf(_("Fields E%zu W%zu"), ne, nw) : xasprintf("%s", _("Fields"));
	tabs[SEC_COLLATERAL] = xasprintf(_("Collateral %zu%s"), p->n_collateral, cok ? "" : " !");
	int x = 1;
	for (int i = 0; i < SEC__COUNT; i++) {
		bool on = (int)s->sec == i;
		char *lab = xasprintf(on ? "[%s]" : " %s ", tabs[i]);
		x += put_text(w, 0, x, lab, wd - x, on ? tui_attr(ATTR_SELECTED) | A_BOLD : A_NORMAL) + 1;
		free(lab);
		free(tabs[i]);
	}
	char keys[32];
	keymap_keys(ACT_NEXT_SECTION, keys, sizeof(keys));
	char *hint = xasprintf(_("(%s: next section)"), keys);
	put_text(w, 0, x + 1, hint, wd - x - 1, tui_attr(ATTR_DIM));
	free(hint);
}

/* Lines of wrapped text into the pane, up to ymax. */
static void pane_text(WINDOW *w, int *y, int x, int width, int ymax, const char *text, attr_t a,
		      int max_lines)
{
	struct strlist lines = {0};
	text_wrap(text, width, &lines);
	for (size_t i = 0; i < lines.n && *y < ymax && (max_lines <= 0 || (int)i < max_lines); i++) {
		if (max_lines > 0 && (int)i == max_lines - 1 && i + 1 < lines.n) {
			char *cut = xasprintf("%s\u2026", lines.v[i]);
			put_text(w, (*y)++, x, cut, width, a);
			free(cut);
			break;
		}
		put_text(w, (*y)++, x, lines.v[i], width, a);
	}
	strlist_free(&lines);
}

static void draw_changes(struct pscreen *s, WINDOW *w, int *y, int x, int width, int ymax,
			 const char *key)
{
	int shown = 0;
	for (size_t i = 0; i < s->nev && *y < ymax && shown < 3; i++) {
		const struct event *e = &s->ev[i];
		if (!str_eq(e->key, key))
			continue;
		if (!shown)
			put_text(w, (*y)++, x, _("Last changes:"), width, A_BOLD);
		if (*y >= ymax)
			break;
		char age[16];
		age_format(e->at, age, sizeof(age));
		char *line = xasprintf("  %s %s %s: %s \u2192 %s", age, e->user, e->what,
				       e->old_value ? e->old_value : _("(none)"),
				       e->new_value ? e->new_value : _("(none)"));
		put_text(w, (*y)++, x, line, width, tui_attr(ATTR_DIM));
		free(line);
		shown++;
	}
}

static void draw_item_pane(struct pscreen *s, WINDOW *w, int y, int x, int width, int ymax)
{
	const struct project *p = s->p;
	int ii = s->lv[SEC_CHECKLIST].cur;
	if (ii < 0 || ii >= (int)p->tpl->n_items)
		return;
	const struct tpl_item *it = &p->tpl->items[ii];
	const struct item_state *is = &p->items[ii];
	char age[16];
	age_format(is->updated_at, age, sizeof(age));
	char *head = xasprintf("%s \u00b7 %s \u00b7 \u00a7%s", _(it->title),
			       item_status_label(is->status), it->section ? it->section : "");
	put_text(w, y++, x, head, width, A_BOLD);
	free(head);
	if (is->status == ITEM_BLOCKED || is->status == ITEM_NA) {
		char *r = xasprintf(_("Reason: %s"), is->reason ? is->reason : "");
		pane_text(w, &y, x, width, ymax, r, tui_attr(status_attr(is->status)), 2);
		free(r);
	}
	bool *broken = xcalloc(p->tpl->n_items + 1, sizeof(bool));
	engine_broken(p, broken);
	if (broken[ii])
		pane_text(w, &y, x, width, ymax,
			  _("Done, but it stands on a broken requirement: a requirement below, or an item it requires, is no longer met."),
			  tui_attr(ATTR_WARNING), 2);
	free(broken);
	if (is->forced_reason) {
		char *r = xasprintf(_("Forced past a requirement: %s"), is->forced_reason);
		pane_text(w, &y, x, width, ymax, r, tui_attr(ATTR_WARNING), 2);
		free(r);
	}
	struct req_check *rc = NULL;
	size_t nrc = 0;
	engine_item_requirements(p, (size_t)ii, &rc, &nrc);
	if (nrc && y < ymax)
		put_text(w, y++, x, _("Requires:"), width, A_BOLD);
	for (size_t i = 0; i < nrc && y < ymax; i++) {
		char *line = xasprintf("  %s %s", rc[i].met ? "\u2713" : "\u2717", rc[i].text);
		put_text(w, y++, x, line, width, tui_attr(rc[i].met ? ATTR_OK : ATTR_ERROR));
		free(line);
	}
	/* Requirements kept by records: where to record them. */
	for (size_t i = 0; i < nrc && y < ymax; i++) {
		enum req_kind k = rc[i].req->kind;
		enum action go = k == REQ_PRESCAN_PASSED ? ACT_PRESCAN
				 : k == REQ_BUILD_SUCCEEDED || k == REQ_SCAN_PASSED || k == REQ_PUBLISHED
					 ? ACT_BUILDS
					 : ACT_NONE;
		if (go == ACT_NONE)
			continue;
		char keys[32];
		keymap_keys(go, keys, sizeof(keys));
		char *line = xasprintf(go == ACT_PRESCAN ? _("  %s runs the Dockerfile pre-scan")
							 : _("  %s shows builds, scans and publication"),
				       keys);
		put_text(w, y++, x, line, width, A_BOLD);
		free(line);
	}
	req_checks_free(rc, nrc);
	if (is->note && y < ymax) {
		put_text(w, y++, x, _("Note:"), width, A_BOLD);
		pane_text(w, &y, x + 2, width - 2, ymax, is->note, A_NORMAL, 4);
	}
	if (it->help && y < ymax)
		pane_text(w, &y, x, width, ymax - 1, _(it->help), tui_attr(ATTR_DIM), 0);
	draw_changes(s, w, &y, x, width, ymax, it->key);
}

static void field_problems(const struct project *p, size_t fi, const char *v, struct problems *ps)
{
	engine_field_problems(p, fi, v, ps);
	const char *cur = v ? v : project_field_value(p, fi);
	if (!str_is_empty(cur))
		engine_rule_problems(p, fi, cur, ps);
}

static void draw_field_pane(struct pscreen *s, WINDOW *w, int y, int x, int width, int ymax)
{
	const struct project *p = s->p;
	int r = s->lv[SEC_FIELDS].cur;
	if (r < 0 || r >= s->nfrows || s->frows[r] < 0)
		return;
	size_t fi = (size_t)s->frows[r];
	const struct tpl_field *f = &p->tpl->fields[fi];
	const char *v = project_field_value(p, fi);
	char *head = xasprintf("%s (%s)", _(f->title), f->key);
	put_text(w, y++, x, head, width, A_BOLD);
	free(head);
	pane_text(w, &y, x, width, ymax, v ? v : _("(empty)"), v ? A_NORMAL : tui_attr(ATTR_DIM), 3);
	struct problems ps = {0};
	field_problems(p, fi, NULL, &ps);
	/* Empty, and an item ahead needs it: say which. */
	int need = str_is_empty(v) && !ps.n ? engine_field_needed_by(p, fi) : -1;
	if (need >= 0) {
		char *l = xasprintf(_("empty; \"%s\" needs it"), _(p->tpl->items[need].title));
		pane_text(w, &y, x, width, ymax, l, tui_attr(ATTR_WARNING), 2);
		free(l);
	}
	for (size_t i = 0; i < ps.n && y < ymax; i++) {
		draw_problem(w, &y, x, width, ymax, &ps.v[i]);
		if (ps.v[i].suggestion && y < ymax) {
			char keys[32];
			keymap_keys(ACT_FIELD_FIX, keys, sizeof(keys));
			char *sug = xasprintf(_("%s applies: %s"), keys, ps.v[i].suggestion);
			put_text(w, y++, x + 2, sug, width - 2, A_BOLD);
			free(sug);
		}
	}
	problems_free(&ps);
	if (f->help && y < ymax)
		pane_text(w, &y, x, width, ymax, _(f->help), tui_attr(ATTR_DIM), 0);
	draw_changes(s, w, &y, x, width, ymax, f->key);
}

static void draw_checklist(struct tui *t, struct pscreen *s, WINDOW *w, int y0, int h, int wd)
{
	const struct project *p = s->p;
	struct listview *lv = &s->lv[SEC_CHECKLIST];
	list_fit(lv, h);
	int next = engine_next_action(p);
	bool *broken = xcalloc(p->tpl->n_items + 1, sizeof(bool));
	engine_broken(p, broken);
	int ow = wd >= 70 ? 10 : 8, aw = 4;
	int tw = wd - 6 - ow - aw - 3;
	for (int r = 0; r < h && lv->top + r < lv->n; r++) {
		int i = lv->top + r;
		const struct item_state *is = &p->items[i];
		bool sel = i == lv->cur;
		attr_t a = sel ? tui_attr(ATTR_SELECTED) : A_NORMAL;
		int y = y0 + r;
		put_fill(w, y, 0, wd, a);
		put_text(w, y, 0, i == next ? "\u2192" : sel ? ">" : " ", 1, a | A_BOLD);
		put_text(w, y, 1, status_glyph(is), 3, a | tui_attr(status_attr(is->status)));
		if (broken[i])
			put_text(w, y, 4, "!", 1, a | tui_attr(ATTR_WARNING) | A_BOLD);
		put_cell(w, y, 5, _(p->tpl->items[i].title), tw, a | (i == next ? A_BOLD : 0));
		put_cell(w, y, 6 + tw, is->updated_by && is->status != ITEM_TODO ? is->updated_by : "",
			 ow, a);
		char age[16] = "";
		if (is->status != ITEM_TODO)
			age_format(is->updated_at, age, sizeof(age));
		put_cell(w, y, 7 + tw + ow, age, aw, a);
	}
	free(broken);
	(void)t;
}

static void draw_fields(struct pscreen *s, WINDOW *w, int y0, int h, int wd)
{
	const struct project *p = s->p;
	struct listview *lv = &s->lv[SEC_FIELDS];
	list_fit(lv, h);
	int tw = wd >= 100 ? 32 : 26;
	for (int r = 0; r < h && lv->top + r < lv->n; r++) {
		int i = lv->top + r, y = y0 + r;
		if (s->frows[i] < 0) {
			put_text(w, y, 1, _(p->tpl->groups[-1 - s->frows[i]].title), wd - 2,
				 tui_attr(ATTR_HEADING));
			continue;
		}
		size_t fi = (size_t)s->frows[i];
		const struct tpl_field *f = &p->tpl->fields[fi];
		bool sel = i == lv->cur;
		attr_t a = sel ? tui_attr(ATTR_SELECTED) : A_NORMAL;
		put_fill(w, y, 0, wd, a);
		put_text(w, y, 0, sel ? ">" : " ", 1, a | A_BOLD);
		struct problems ps = {0};
		field_problems(p, fi, NULL, &ps);
		size_t ne = problems_count(&ps, CT_SEV_ERROR), np = ps.n;
		problems_free(&ps);
		const char *mark = ne ? "\u2717" : np ? "!" : " ";
		put_text(w, y, 2, mark, 1, a | tui_attr(ne ? ATTR_ERROR : ATTR_WARNING));
		put_cell(w, y, 4, _(f->title), tw, a);
		const char *v = project_value(p, f->key);
		/* A field that is an item's state reads as the item does. */
		int li = engine_field_item(p->tpl, fi);
		if (li >= 0)
			v = item_status_label(p->items[li].status);
		else if (f->type == FT_BOOL && v)
			v = str_eq(v, "true") ? _("yes") : _("no");
		put_cell(w, y, 5 + tw, v ? v : "\u2014", wd - 6 - tw, a | (v ? 0 : tui_attr(ATTR_DIM)));
	}
}

static void draw_collateral(struct pscreen *s, WINDOW *w, int y0, int h, int wd)
{
	const struct project *p = s->p;
	char rule[160];
	bool ok = collateral_rule(p, rule, sizeof(rule));
	char *line = xasprintf(_("Documentation and marketing materials (7.2): %s"), rule);
	put_text(w, y0, 1, line, wd - 2, tui_attr(ok ? ATTR_OK : ATTR_WARNING) | A_BOLD);
	free(line);
	struct listview *lv = &s->lv[SEC_COLLATERAL];
	list_fit(lv, h - 1);
	if (!lv->n) {
		char keys[32];
		keymap_keys(ACT_COLL_ADD, keys, sizeof(keys));
		char *m = xasprintf(_("None yet. Press %s to add one (title, type, location)."), keys);
		put_text(w, y0 + 2, 2, m, wd - 4, A_NORMAL);
		free(m);
	}
	for (int r = 0; r < h - 1 && lv->top + r < lv->n; r++) {
		int i = lv->top + r, y = y0 + 1 + r;
		const struct collateral *c = &p->collateral[i];
		bool sel = i == lv->cur;
		attr_t a = sel ? tui_attr(ATTR_SELECTED) : A_NORMAL;
		put_fill(w, y, 0, wd, a);
		put_text(w, y, 0, sel ? ">" : " ", 1, a | A_BOLD);
		put_cell(w, y, 2, c->type, 11, a);
		int tw = (wd - 16) / 2;
		put_cell(w, y, 14, c->title, tw, a);
		put_cell(w, y, 15 + tw, c->location ? c->location : "", wd - 16 - tw, a);
	}
}

static void project_draw(struct tui *t, void *data, WINDOW *w, int h, int wd)
{
	struct pscreen *s = data;
	if (projscreen_gone(s->p, w, wd))
		return;
	draw_tabs(s, w, wd);
	/* Side pane on wide terminals, bottom pane otherwise. */
	bool side = wd >= 120;
	int lw = side ? wd * 55 / 100 : wd;
	int lh = side ? h - 1 : (h - 2) * 45 / 100;
	if (!side && lh < 5)
		lh = 5;
	if (s->sec == SEC_COLLATERAL)
		draw_collateral(s, w, 1, lh, lw);
	else if (s->sec == SEC_FIELDS)
		draw_fields(s, w, 1, lh, lw);
	else
		draw_checklist(t, s, w, 1, lh, lw);
	int px, py, pw, pymax;
	if (side) {
		draw_vline(w, 1, lw, h - 1);
		px = lw + 2, py = 1, pw = wd - lw - 3, pymax = h;
	} else {
		draw_hline(w, 1 + lh, 0, wd);
		px = 1, py = 2 + lh, pw = wd - 2, pymax = h;
	}
	if (s->sec == SEC_CHECKLIST) {
		/* The legend of the marks on the last row (all of it in help). */
		if (pymax - py > 4) {
			/* TRANSLATORS: the legend of the checklist's marks, one line. */
			put_text(w, pymax - 1, px,
				 _("[~] in progress [x] done [X] forced [!] blocked [-] n/a \u2192 next x! broken"),
				 pw, tui_attr(ATTR_DIM));
			pymax--;
		}
		draw_item_pane(s, w, py, px, pw, pymax);
	}
	else if (s->sec == SEC_FIELDS)
		draw_field_pane(s, w, py, px, pw, pymax);
	else if (s->lv[SEC_COLLATERAL].n) {
		const struct collateral *c = &s->p->collateral[s->lv[SEC_COLLATERAL].cur];
		int y = py;
		pane_text(w, &y, px, pw, pymax, c->title, A_BOLD, 2);
		char when[40];
		date_format(c->added_at, false, when, sizeof(when));
		/* TRANSLATORS: collateral: its type, who added it, when (a date). */
		char *l = xasprintf(_("Type: %s \u00b7 added by %s at %s"), c->type,
				    c->added_by ? c->added_by : "?", c->added_at ? when : "?");
		pane_text(w, &y, px, pw, pymax, l, A_NORMAL, 2);
		free(l);
		if (c->location)
			pane_text(w, &y, px, pw, pymax, c->location, A_NORMAL, 2);
	}
}

/* A refused change because someone else changed the value meanwhile. */
static bool changed_underneath(enum ct_status st, const struct ct_error *err)
{
	return st == CT_FAILED && err->detail == CT_DETAIL_CONFLICT;
}

/* What an editor started from, copied: the project under it is reloaded
 * when someone else commits. */
struct item_seen {
	enum item_status status;
	char *note, *reason;
};

static void seen_take(struct item_seen *v, const struct item_state *is)
{
	v->status = is->status;
	free(v->note);
	free(v->reason);
	v->note = xstrdup(is->note);
	v->reason = xstrdup(is->reason);
}

static void seen_free(struct item_seen *v)
{
	x_free(&v->note);
	x_free(&v->reason);
}

enum apply_result { APPLIED, EDIT_AGAIN, NOT_APPLIED };

/* "in progress", or "blocked: the reason". */
static char *status_words(enum item_status st, const char *reason)
{
	if ((st == ITEM_BLOCKED || st == ITEM_NA) && reason)
		return xasprintf("%s: %s", item_status_label(st), reason);
	return xstrdup(item_status_label(st));
}

/* Applies chg unless what it replaces changed since seen; then shows both
 * and asks (mine, edit again, theirs). mine is the user's text for the
 * dialog; seen is updated to what the user has now seen. */
static enum apply_result item_apply(struct tui *t, struct pscreen *s, size_t ii,
				    struct item_change chg, const char *what,
				    struct item_seen *seen, const char *mine)
{
	char key[128];
	snprintf(key, sizeof(key), "%s", s->p->tpl->items[ii].key);
	char *title = xstrdup(_(s->p->tpl->items[ii].title));
	enum apply_result res = NOT_APPLIED;
	for (;;) {
		chg.check_old = true;
		chg.old_status = seen->status;
		chg.old_note = seen->note;
		chg.old_reason = seen->reason;
		struct problems ps = {0};
		struct ct_error err;
		ct_error_clear(&err);
		enum ct_status st = ops_item_update(t->ops, s->uuid, key, &chg, &ps, &err);
		if (st == CT_OK) {
			tui_data_changed(t);
			int done, total, broken = 0;
			if (s->p)
				engine_progress_ex(s->p, &done, &total, &broken);
			if (broken)
				tui_msg(t, ATTR_WARNING,
					P_("%s: %s. %d done item stands on a broken requirement.",
					   "%s: %s. %d done items stand on a broken requirement.", broken),
					title, what, broken);
			else
				tui_msg(t, ATTR_OK, "%s: %s", title, what);
			res = APPLIED;
		} else if (changed_underneath(st, &err)) {
			tui_data_changed(t);
			problems_free(&ps);
			if (!s->p) {
				tui_msg(t, ATTR_ERROR, "%s", _("The project was deleted meanwhile; nothing was saved."));
				break;
			}
			const struct item_state *is = &s->p->items[ii];
			char when[40];
			date_format(is->updated_at, false, when, sizeof(when));
			char *who = xasprintf(_("%s changed \"%s\" at %s while you were editing."),
					      is->updated_by ? is->updated_by : "?", title, when);
			char *theirs, *me;
			if (is->status != seen->status || !chg.note) {
				theirs = status_words(is->status, is->reason);
				me = xstrdup(mine);
			} else if (!str_eq(is->note, seen->note)) {
				theirs = xstrdup(is->note ? is->note : "");
				me = xstrdup(mine);
			} else {
				theirs = xstrdup(is->reason ? is->reason : "");
				me = xstrdup(mine);
			}
			enum conflict_choice c = prompt_conflict(t, _("Changed meanwhile"), who, theirs, me);
			free(who);
			free(theirs);
			free(me);
			if (!s->p) {
				tui_msg(t, ATTR_ERROR, "%s", _("The project was deleted meanwhile; nothing was saved."));
				break;
			}
			seen_take(seen, &s->p->items[ii]);
			if (c == CONFLICT_MINE)
				continue;
			if (c == CONFLICT_EDIT) {
				res = EDIT_AGAIN;
				break;
			}
			tui_msg(t, ATTR_WARNING, "%s", _("Theirs is kept; your change was not applied."));
		} else if (st == CT_FAILED && ps.n) {
			char keys[32];
			keymap_keys(ACT_FORCE, keys, sizeof(keys));
			const struct problem *pr = &ps.v[0];
			tui_msg(t, ATTR_ERROR, _("Not done: %s. Finish that first, or %s forces it with a reason."),
				pr->message, keys);
		} else {
			tui_msg(t, ATTR_ERROR, "%s", err.msg);
		}
		problems_free(&ps);
		break;
	}
	free(title);
	return res;
}

/* Moving a done item back: asks first, naming the done items that would
 * stand on a broken requirement. */
static bool confirm_undone(struct tui *t, struct pscreen *s, size_t ii, enum item_status to)
{
	const struct project *p = s->p;
	if (p->items[ii].status != ITEM_DONE || to == ITEM_DONE)
		return true;
	size_t *dep = NULL;
	size_t n = engine_dependants_if(p, ii, to, &dep);
	struct strlist lines = {0};
	strlist_add_owned(&lines, xasprintf(_("\"%s\" is done. You are setting it to %s."),
					    _(p->tpl->items[ii].title), item_status_label(to)));
	if (n) {
		strlist_add_owned(&lines, xasprintf(P_("%zu done item requires it and would stand on a broken requirement:",
						       "%zu done items require it and would stand on a broken requirement:", n),
						    n));
		for (size_t i = 0; i < n; i++)
			strlist_add_owned(&lines, xasprintf("  %s (%s)", _(p->tpl->items[dep[i]].title),
							    p->tpl->items[dep[i]].key));
		strlist_add(&lines, _("They stay done; the checklist marks them with ! until this item is done again."));
	} else {
		strlist_add(&lines, _("No done item requires it."));
	}
	free(dep);
	char *q = xasprintf(_("Set it to %s?"), item_status_label(to));
	bool yes = prompt_confirm(t, _("Undo a done item"), &lines, q);
	free(q);
	strlist_free(&lines);
	if (!yes)
		tui_msg(t, ATTR_NORMAL, "%s", _("Nothing changed."));
	return yes && s->p;
}

static void item_status_set(struct tui *t, struct pscreen *s, enum item_status st)
{
	size_t ii = (size_t)s->lv[SEC_CHECKLIST].cur;
	struct item_seen seen = {0};
	seen_take(&seen, &s->p->items[ii]);
	if (!confirm_undone(t, s, ii, st)) {
		seen_free(&seen);
		return;
	}
	char *reason = NULL;
	if (st == ITEM_BLOCKED || st == ITEM_NA) {
		const char *q = st == ITEM_BLOCKED ? _("Blocked by what? (the reason is recorded)")
						   : _("Why does this item not apply? (recorded)");
		char *text = xstrdup(seen.reason);
		for (;;) {
			reason = prompt_line(t, q, text, NULL, NULL);
			free(text);
			text = NULL;
			if (!reason || !s->p)
				break;
			if (str_is_empty(reason)) {
				tui_msg(t, ATTR_WARNING, "%s", _("A reason is needed; nothing changed."));
				break;
			}
			struct item_change chg = {.set_status = true, .status = st, .reason = reason};
			char *mine = status_words(st, reason);
			enum apply_result r = item_apply(t, s, ii, chg, item_status_label(st), &seen, mine);
			free(mine);
			if (r != EDIT_AGAIN || !s->p)
				break;
			text = reason;
			reason = NULL;
		}
		free(reason);
		seen_free(&seen);
		return;
	}
	struct item_change chg = {.set_status = true, .status = st};
	/* A status has nothing to edit again: the item is on screen as it
	 * is now, for the user to look at. */
	if (item_apply(t, s, ii, chg, item_status_label(st), &seen, item_status_label(st)) ==
	    EDIT_AGAIN)
		tui_msg(t, ATTR_WARNING, "%s", _("Theirs is kept; your change was not applied."));
	seen_free(&seen);
}

static void item_force(struct tui *t, struct pscreen *s)
{
	size_t ii = (size_t)s->lv[SEC_CHECKLIST].cur;
	if (s->p->items[ii].status == ITEM_DONE) {
		tui_msg(t, ATTR_NORMAL, "%s", _("The item is done already."));
		return;
	}
	struct item_seen seen = {0};
	seen_take(&seen, &s->p->items[ii]);
	struct problems ps = {0};
	engine_unmet(s->p, ii, &ps);
	char *q = ps.n ? xasprintf(_("Done although %s. Why? (recorded)"), ps.v[0].message)
		       : xstrdup(_("All requirements are met; press Space instead. Reason anyway:"));
	problems_free(&ps);
	/* Edit again (changed meanwhile) asks once more with the reason typed. */
	char *text = NULL;
	for (;;) {
		char *reason = prompt_line(t, q, text ? text : "", NULL, NULL);
		free(text);
		text = NULL;
		if (!reason || !s->p)
			break;
		if (str_is_empty(reason)) {
			tui_msg(t, ATTR_WARNING, "%s", _("Forcing needs a reason; nothing changed."));
			free(reason);
			break;
		}
		struct item_change chg = {.set_status = true, .status = ITEM_DONE, .force = true,
					  .reason = reason};
		enum apply_result r =
		    item_apply(t, s, ii, chg, _("done (forced)"), &seen, _("done (forced)"));
		if (r != EDIT_AGAIN || !s->p || s->p->items[ii].status == ITEM_DONE) {
			free(reason);
			break;
		}
		text = reason;
	}
	free(q);
	seen_free(&seen);
}

static void item_note(struct tui *t, struct pscreen *s)
{
	size_t ii = (size_t)s->lv[SEC_CHECKLIST].cur;
	struct item_seen seen = {0};
	seen_take(&seen, &s->p->items[ii]);
	char *text = xstrdup(seen.note);
	for (;;) {
		char *title = xasprintf(_("Note: %s"), _(s->p->tpl->items[ii].title));
		char *note = note_edit(t, title, text);
		free(title);
		free(text);
		text = NULL;
		if (!note || !s->p) {
			free(note);
			break;
		}
		struct item_change chg = {.note = note};
		enum apply_result r = item_apply(t, s, ii, chg, _("note saved"), &seen, note);
		if (r != EDIT_AGAIN || !s->p) {
			free(note);
			break;
		}
		/* Edit again: the user's text, on top of theirs now seen. */
		text = note;
	}
	seen_free(&seen);
}

struct field_ck {
	const struct project *p;
	size_t fi;
};

static void field_live_check(void *ud, const char *value, struct problems *out)
{
	struct field_ck *c = ud;
	field_problems(c->p, c->fi, value, out);
	/* Empty is not "ok" when the checklist needs a value. */
	int need = str_is_empty(value) && !out->n ? engine_field_needed_by(c->p, c->fi) : -1;
	if (need >= 0)
		problems_add(out, CT_SEV_WARNING, "field.needed", c->p->tpl->fields[c->fi].key,
			     c->p->tpl->items[need].key, NULL, _("give it a value"),
			     _("empty; \"%s\" needs it"), _(c->p->tpl->items[need].title));
}

/* Saves a field unless someone changed it since the user saw seen (then
 * both values are shown and the user decides); EDIT_AGAIN when the popup
 * should open again with the user's value (refused, or "edit again"). */
static enum apply_result field_write(struct tui *t, struct pscreen *s, size_t fi,
				     const char *value, char **seen)
{
	char key[128];
	snprintf(key, sizeof(key), "%s", s->p->tpl->fields[fi].key);
	enum apply_result res = NOT_APPLIED;
	for (;;) {
		struct assignment a = {.key = key, .value = value, .check_old = true, .old = *seen};
		struct problems ps = {0};
		struct ct_error err;
		ct_error_clear(&err);
		enum ct_status st = ops_fields_set(t->ops, s->uuid, &a, 1, &ps, &err);
		if (st == CT_OK) {
			tui_data_changed(t);
			tui_msg(t, ATTR_OK, _("%s saved."), key);
			res = APPLIED;
		} else if (changed_underneath(st, &err)) {
			tui_data_changed(t);
			problems_free(&ps);
			if (!s->p) {
				tui_msg(t, ATTR_ERROR, "%s", _("The project was deleted meanwhile; nothing was saved."));
				break;
			}
			const struct field_value *fv = &s->p->fields[fi];
			char when[40];
			date_format(fv->updated_at, false, when, sizeof(when));
			char *who = xasprintf(_("%s changed %s at %s while you were editing."),
					      fv->updated_by ? fv->updated_by : "?", key, when);
			enum conflict_choice c =
			    prompt_conflict(t, _("Changed meanwhile"), who, fv->value, value);
			free(who);
			if (!s->p)
				break;
			free(*seen);
			*seen = xstrdup(s->p->fields[fi].value);
			if (c == CONFLICT_MINE)
				continue;
			if (c == CONFLICT_EDIT) {
				res = EDIT_AGAIN;
				break;
			}
			tui_msg(t, ATTR_WARNING, "%s", _("Theirs is kept; your value was not saved."));
		} else if (ps.n) {
			tui_msg_problems(t, _("Not saved:"), &ps);
			res = EDIT_AGAIN;
		} else {
			tui_msg(t, ATTR_ERROR, "%s", err.msg);
		}
		problems_free(&ps);
		break;
	}
	return res;
}

static int field_selected(struct pscreen *s)
{
	int r = s->lv[SEC_FIELDS].cur;
	return r >= 0 && r < s->nfrows ? s->frows[r] : -1;
}

/* The values of a multi-choice field, one flag per allowed choice; values
 * that are not among the choices are kept at the end. */
static char *multi_choice_edit(struct tui *t, const struct tpl_field *f, const char *v);

static void field_edit(struct tui *t, struct pscreen *s)
{
	int fi = field_selected(s);
	if (fi < 0)
		return;
	const struct tpl_field *f = &s->p->tpl->fields[fi];
	char *seen = xstrdup(project_value(s->p, f->key));
	char *text = xstrdup(seen);
	for (;;) {
		f = &s->p->tpl->fields[fi];
		char *nv = NULL;
		if (f->type == FT_CHOICE || f->type == FT_BOOL) {
			const char *bools[] = {_("no"), _("yes")};
			const char *const *ch = f->type == FT_BOOL ? bools : (const char *const *)f->choices;
			size_t n = f->type == FT_BOOL ? 2 : f->n_choices;
			int init = 0;
			for (size_t i = 0; i < n; i++)
				if (f->type == FT_BOOL ? str_eq(text, i ? "true" : "false") : str_eq(text, ch[i]))
					init = (int)i;
			int c = prompt_choice(t, _(f->title), ch, n, init);
			if (c >= 0)
				nv = xstrdup(f->type == FT_BOOL ? (c ? "true" : "false") : ch[c]);
		} else if (f->type == FT_MULTI_CHOICE && f->n_choices) {
			nv = multi_choice_edit(t, f, text);
		} else {
			struct field_ck ck = {s->p, (size_t)fi};
			char *q = f->type == FT_MULTI_CHOICE
					  ? xasprintf(_("%s (comma-separated):"), _(f->title))
					  : xasprintf("%s:", _(f->title));
			nv = prompt_line(t, q, text, field_live_check, &ck);
			free(q);
		}
		free(text);
		text = NULL;
		if (!nv || !s->p) {
			free(nv);
			break;
		}
		enum apply_result r = APPLIED;
		/* No for a field that is a done item's state undoes the item:
		 * asked as the checklist asks. */
		int li = engine_field_item(s->p->tpl, (size_t)fi);
		if (li >= 0 && str_eq(nv, "false") && s->p->items[li].status == ITEM_DONE &&
		    !confirm_undone(t, s, (size_t)li, ITEM_TODO))
			r = NOT_APPLIED;
		else if (s->p && !str_eq(nv, seen ? seen : "") && !(str_is_empty(nv) && !seen))
			r = field_write(t, s, (size_t)fi, nv, &seen);
		if (r != EDIT_AGAIN || !s->p) {
			free(nv);
			break;
		}
		text = nv;
	}
	free(text);
	free(seen);
}

static char *multi_choice_edit(struct tui *t, const struct tpl_field *f, const char *v)
{
	size_t n = f->n_choices;
	bool *on = xcalloc(n + 1, sizeof(bool));
	struct strbuf other = {0};
	/* Split the stored "a, b" list. */
	for (const char *p = v ? v : ""; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		while (len && *p == ' ')
			p++, len--;
		while (len && p[len - 1] == ' ')
			len--;
		bool known = false;
		for (size_t i = 0; i < n && len; i++)
			if (strlen(f->choices[i]) == len && strncmp(f->choices[i], p, len) == 0)
				on[i] = known = true;
		if (len && !known) {
			if (other.len)
				sb_add(&other, ", ");
			sb_addn(&other, p, len);
		}
		p += comma ? (size_t)(comma - p) + 1 : strlen(p);
		if (!comma)
			break;
	}
	struct listview lv = {.n = (int)n};
	char *result = NULL;
	t->modal++;
	for (;;) {
		tui_redraw(t);
		if (!t->too_small) {
			int w = COLS - 4 > 60 ? 60 : COLS - 4;
			int h = (int)n + 5;
			if (h > LINES - 4)
				h = LINES - 4;
			int y = (LINES - h) / 2, x = (COLS - w) / 2;
			draw_box(stdscr, y, x, h, w);
			put_text(stdscr, y, x + 2, _(f->title), w - 4, A_BOLD);
			list_fit(&lv, h - 4);
			for (int i = 0; i < h - 4 && lv.top + i < lv.n; i++) {
				int k = lv.top + i;
				char *row = xasprintf("[%s] %s", on[k] ? "x" : " ", f->choices[k]);
				put_cell(stdscr, y + 2 + i, x + 2, row, w - 4,
					 k == lv.cur ? tui_attr(ATTR_SELECTED) : A_NORMAL);
				free(row);
			}
			put_text(stdscr, y + h - 1, x + 2,
				 _(" Space select \u00b7 Enter accept \u00b7 Esc cancel "), w - 4, A_NORMAL);
			wnoutrefresh(stdscr);
		}
		int key = tui_getkey(t);
		if (key == TUI_KEY_TIMEOUT)
			continue;
		if (key == TUI_KEY_SIGNAL || key == TUI_KEY_INTR ||
		    keymap_lookup(SCOPE_EDITOR, key) == ACT_ED_CANCEL || key == 'q')
			break;
		if (key == ' ' && lv.n) {
			on[lv.cur] = !on[lv.cur];
			continue;
		}
		if (key == '\n') {
			struct strbuf sb = {0};
			for (size_t i = 0; i < n; i++)
				if (on[i])
					sb_addf(&sb, "%s%s", sb.len ? ", " : "", f->choices[i]);
			if (other.len)
				sb_addf(&sb, "%s%s", sb.len ? ", " : "", sb_str(&other));
			sb_add(&sb, "");
			result = sb_detach(&sb);
			break;
		}
		list_move(&lv, keymap_lookup(SCOPE_GENERIC, key));
	}
	t->modal--;
	sb_free(&other);
	free(on);
	return result;
}

static void field_fix(struct tui *t, struct pscreen *s)
{
	int fi = field_selected(s);
	if (fi < 0)
		return;
	struct problems ps = {0};
	field_problems(s->p, (size_t)fi, NULL, &ps);
	char *sug = NULL;
	for (size_t i = 0; i < ps.n && !sug; i++)
		sug = xstrdup(ps.v[i].suggestion);
	problems_free(&ps);
	if (!sug) {
		tui_msg(t, ATTR_WARNING, "%s", _("There is no suggested fix for this field."));
		return;
	}
	char *seen = xstrdup(project_field_value(s->p, (size_t)fi));
	field_write(t, s, (size_t)fi, sug, &seen);
	free(seen);
	free(sug);
}

static void collateral_add(struct tui *t, struct pscreen *s)
{
	long long known = 0; /* the newest collateral the user has seen */
	for (size_t i = 0; i < s->p->n_collateral; i++)
		if (s->p->collateral[i].id > known)
			known = s->p->collateral[i].id;
	char *title = prompt_line(t, _("Title of the document or material:"), "", NULL, NULL);
	if (!title)
		return;
	const struct template *tpl = s->p->tpl;
	int c = prompt_choice(t, _("Type"), (const char *const *)tpl->collateral_types,
			      tpl->n_collateral_types, 0);
	if (c < 0) {
		free(title);
		return;
	}
	char *type = xstrdup(tpl->collateral_types[c]);
	char *loc = prompt_line(t, _("Location (URL or path, optional):"), "", NULL, NULL);
	if (loc) {
		/* Someone may have added the same document while the prompts were
		 * open: show it and ask before adding a second one. */
		tui_data_changed(t);
		const struct collateral *dup = NULL;
		for (size_t i = 0; s->p && i < s->p->n_collateral && !dup; i++)
			if (s->p->collateral[i].id > known && str_eq(s->p->collateral[i].title, title))
				dup = &s->p->collateral[i];
		if (!s->p) {
			tui_msg(t, ATTR_ERROR, "%s", _("The project was deleted meanwhile; nothing was saved."));
			x_free(&loc);
		} else if (dup) {
			char when[40];
			date_format(dup->added_at, false, when, sizeof(when));
			char *who = xasprintf(_("%s added \"%s\" (%s) at %s."), dup->added_by ? dup->added_by : "?",
					      dup->title, dup->type, when);
			char *theirs = xasprintf("%s (%s) %s", dup->title, dup->type,
						 dup->location ? dup->location : "");
			char *mine = xasprintf("%s (%s) %s", title, type, loc);
			enum conflict_choice ch = prompt_conflict(t, _("Added meanwhile"), who, theirs, mine);
			free(who);
			free(theirs);
			free(mine);
			if (ch != CONFLICT_MINE) {
				tui_msg(t, ATTR_WARNING, "%s", _("Theirs is kept; yours was not added."));
				x_free(&loc);
			}
		}
	}
	if (loc && s->p) {
		struct ct_error err;
		ct_error_clear(&err);
		long long id;
		if (ops_collateral_add(t->ops, s->uuid, title, type, str_is_empty(loc) ? NULL : loc,
				       &id, &err))
			tui_msg(t, ATTR_ERROR, "%s", err.msg);
		else {
			tui_data_changed(t);
			tui_msg(t, ATTR_OK, _("Added %s (%s)."), title, type);
		}
	}
	free(loc);
	free(type);
	free(title);
}

static void collateral_rm(struct tui *t, struct pscreen *s)
{
	if (!s->lv[SEC_COLLATERAL].n)
		return;
	const struct collateral *c = &s->p->collateral[s->lv[SEC_COLLATERAL].cur];
	long long id = c->id;
	struct strlist lines = {0};
	strlist_add_owned(&lines, xasprintf("%s (%s)", c->title, c->type));
	bool yes = prompt_confirm(t, _("Remove collateral"), &lines, _("Remove it?"));
	strlist_free(&lines);
	if (!yes || !s->p)
		return;
	struct ct_error err;
	ct_error_clear(&err);
	if (ops_collateral_rm(t->ops, s->uuid, id, &err))
		tui_msg(t, ATTR_ERROR, "%s", err.msg);
	else {
		tui_data_changed(t);
		tui_msg(t, ATTR_OK, "%s", _("Removed; u undoes it."));
	}
}

static bool project_key(struct tui *t, void *data, enum action a, int key)
{
	struct pscreen *s = data;
	if (!s->p)
		return false;
	struct listview *lv = &s->lv[s->sec];
	if (key == (TUI_KEYCODE | KEY_MOUSE))
		return list_mouse(lv, 2 + (s->sec == SEC_COLLATERAL));
	int before = lv->cur;
	if (list_move(lv, a)) {
		/* Group headings are not selectable: step over them. */
		if (s->sec == SEC_FIELDS && lv->n && s->frows[lv->cur] < 0) {
			if (lv->cur < before && lv->cur > 0)
				lv->cur--;
			else if (lv->cur + 1 < lv->n)
				lv->cur++;
		}
		return true;
	}
	switch (a) {
	case ACT_NEXT_SECTION:
		s->sec = (s->sec + 1) % SEC__COUNT;
		return true;
	case ACT_PREV_SECTION:
		s->sec = (s->sec + SEC__COUNT - 1) % SEC__COUNT;
		return true;
	case ACT_HISTORY:
		tui_push(t, "history", s->uuid);
		return true;
	case ACT_BUILDS:
		tui_push(t, "builds", s->uuid);
		return true;
	case ACT_PRESCAN:
		tui_push(t, "prescan", s->uuid);
		return true;
	case ACT_VERIFY:
		tui_push(t, "verify", s->uuid);
		return true;
	case ACT_PROJECT_HANDOFF: {
		char *name = xstrdup(s->p->name), *owner = xstrdup(s->p->owner);
		projects_handoff(t, s->uuid, name, owner);
		free(name);
		free(owner);
		return true;
	}
	default:
		break;
	}
	if (s->sec == SEC_CHECKLIST && lv->n) {
		const struct item_state *is = &s->p->items[lv->cur];
		switch (a) {
		case ACT_CYCLE: {
			enum item_status ns = is->status == ITEM_TODO ? ITEM_IN_PROGRESS
					      : is->status == ITEM_IN_PROGRESS ? ITEM_DONE
					      : ITEM_TODO;
			item_status_set(t, s, ns);
			return true;
		}
		case ACT_BLOCKED: item_status_set(t, s, ITEM_BLOCKED); return true;
		case ACT_NA: item_status_set(t, s, ITEM_NA); return true;
		case ACT_TODO: item_status_set(t, s, ITEM_TODO); return true;
		case ACT_FORCE: item_force(t, s); return true;
		case ACT_NOTE: item_note(t, s); return true;
		default: break;
		}
	}
	if (s->sec == SEC_FIELDS) {
		if (a == ACT_EDIT_FIELD) {
			field_edit(t, s);
			return true;
		}
		if (a == ACT_FIELD_FIX) {
			field_fix(t, s);
			return true;
		}
	}
	if (s->sec == SEC_COLLATERAL) {
		if (a == ACT_COLL_ADD) {
			collateral_add(t, s);
			return true;
		}
		if (a == ACT_COLL_RM) {
			collateral_rm(t, s);
			return true;
		}
	}
	return false;
}

static enum scope project_scope_now(void *data)
{
	struct pscreen *s = data;
	return s->sec == SEC_FIELDS ? SCOPE_FIELDS
	       : s->sec == SEC_COLLATERAL ? SCOPE_COLLATERAL : SCOPE_CHECKLIST;
}

static void project_title(void *data, char *buf, size_t size)
{
	struct pscreen *s = data;
	if (!s->p) {
		snprintf(buf, size, "%s", _("(deleted project)"));
		return;
	}
	int done, total, broken;
	engine_progress_ex(s->p, &done, &total, &broken);
	if (broken)
		snprintf(buf, size,
			 P_("%s \u00b7 owner %s \u00b7 %d/%d done, %d on a broken requirement",
			    "%s \u00b7 owner %s \u00b7 %d/%d done, %d on a broken requirement", broken),
			 s->p->name, s->p->owner ? s->p->owner : "-", done, total, broken);
	else
		snprintf(buf, size, _("%s \u00b7 owner %s \u00b7 %d/%d done"), s->p->name,
			 s->p->owner ? s->p->owner : "-", done, total);
}

static const enum action project_hints[] = {
	/* What fits at 80 columns comes first: the checklist's own keys, the
	 * screens the next steps need, then the rest (all are in ? help). */
	ACT_CYCLE, ACT_BLOCKED, ACT_NOTE, ACT_PRESCAN, ACT_BUILDS, ACT_NA, ACT_FORCE,
	ACT_NEXT_SECTION, ACT_HELP, ACT_VERIFY, ACT_HISTORY, ACT_UNDO, ACT_BACK, ACT_NONE,
};
static const enum action fields_hints[] = {
	ACT_EDIT_FIELD, ACT_FIELD_FIX, ACT_NEXT_SECTION, ACT_HISTORY, ACT_UNDO, ACT_HELP,
	ACT_BACK, ACT_PRESCAN, ACT_BUILDS, ACT_VERIFY, ACT_NONE,
};
static const enum action collateral_hints[] = {
	ACT_COLL_ADD, ACT_COLL_RM, ACT_NEXT_SECTION, ACT_HISTORY, ACT_UNDO, ACT_HELP,
	ACT_BACK, ACT_NONE,
};

static const enum action *project_hints_now(void *data)
{
	struct pscreen *s = data;
	return s->sec == SEC_FIELDS ? fields_hints
	       : s->sec == SEC_COLLATERAL ? collateral_hints : project_hints;
}

const struct screen_ops screen_project_ops = {
	.name = "project",
	.scope = SCOPE_PROJECT,
	.open = project_open,
	.close = project_close,
	.draw = project_draw,
	.key = project_key,
	.reload = project_reload,
	.scope_now = project_scope_now,
	.title = project_title,
	.hints = project_hints,
	.hints_now = project_hints_now,
};
