/* screen_projects.c - the start screen: one row per project from the
 * stored summaries (no project is loaded, so ten thousand open at once),
 * incremental filter over every column, sort, open, new, delete, hand off,
 * export a report, write a backup, who else has the file open and the
 * selected project's last hand-off, and a first-run panel when there is
 * nothing yet. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

#include "certtrack/i18n.h"
#include "certtrack/report.h"
#include "certtrack/store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum sort_by { SORT_NAME, SORT_PROGRESS, SORT_CHANGED, SORT_OWNER, SORT_PROBLEMS, SORT__COUNT };
static const char *const sort_names[SORT__COUNT] = {
	N_("name"), N_("progress"), N_("last change"), N_("owner"), N_("problems"),
};

struct projects {
	struct tui *t;
	bool refreshed; /* an older file's summaries were computed once */
	size_t n; /* live projects, counted by SQLite */
	/* Without a filter the rows come from SQLite in the order shown, a
	 * window of them at a time (v[0] is row win_off), so that ten thousand
	 * projects cost the twenty drawn. A filter matches words SQLite does
	 * not hold (translated next actions): every row is read once (full)
	 * and rows holds the indexes of those it keeps, sorted here. */
	bool full;
	struct project_summary *v;
	size_t nv;
	size_t win_off;
	int *rows;
	struct listview lv;
	bool filtering;
	struct lineedit filter;
	char *filter_text;
	enum sort_by sort;
	bool reverse;
	/* The selected project's last hand-off, read when the selection
	 * moves to another project (not for every row). */
	char ho_uuid[37];
	char *ho_text;
};

_Static_assert((int)SORT_NAME == (int)STORE_SORT_NAME && (int)SORT_PROGRESS == (int)STORE_SORT_PROGRESS &&
		       (int)SORT_CHANGED == (int)STORE_SORT_CHANGED &&
		       (int)SORT_OWNER == (int)STORE_SORT_OWNER &&
		       (int)SORT_PROBLEMS == (int)STORE_SORT_PROBLEMS && (int)SORT__COUNT == (int)STORE_SORT__COUNT,
	       "the screen's sort keys are the store's");

static const char *next_title(struct tui *t, const struct project_summary *s)
{
	if (!s->next_action)
		return _("all done");
	const struct template *tpl = template_set_find(&t->sess->templates, s->template_id);
	int i = tpl ? template_item_index(tpl, s->next_action) : -1;
	return i >= 0 ? _(tpl->items[i].title) : s->next_action;
}

/* The order of the filtered rows: the store's (store.c sorts the same way
 * for the unfiltered list). */
static const struct projects *sort_ctx;

static int cmp_rows(const void *a, const void *b)
{
	const struct project_summary *x = &sort_ctx->v[*(const int *)a];
	const struct project_summary *y = &sort_ctx->v[*(const int *)b];
	int r = 0;
	switch (sort_ctx->sort) {
	case SORT_PROGRESS: {
		double px = x->total ? (double)x->done / x->total : 0;
		double py = y->total ? (double)y->done / y->total : 0;
		r = px < py ? 1 : px > py ? -1 : 0;
		break;
	}
	case SORT_CHANGED:
		r = -strcmp(x->updated_at ? x->updated_at : "", y->updated_at ? y->updated_at : "");
		break;
	case SORT_OWNER:
		r = strcmp(x->owner ? x->owner : "", y->owner ? y->owner : "");
		break;
	case SORT_PROBLEMS:
		r = (y->errors * 1000 + y->warnings) - (x->errors * 1000 + x->warnings);
		break;
	default:
		break;
	}
	if (!r)
		r = strcmp(x->name, y->name);
	return sort_ctx->reverse ? -r : r;
}

static bool row_matches(struct tui *t, const struct project_summary *s, const char *f)
{
	if (!f || !*f)
		return true;
	char prog[32];
	snprintf(prog, sizeof(prog), "%d/%d", s->done, s->total);
	const char *cols[] = {s->name, s->owner, next_title(t, s), s->next_action, prog,
			      s->updated_at, s->template_id};
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		if (cols[i] && str_casestr(cols[i], f))
			return true;
	return false;
}

/* Rows read per window: a few screens, so that scrolling reads seldom. */
static size_t window_size(const struct projects *p)
{
	size_t h = p->lv.height > 0 ? (size_t)p->lv.height : 24;
	return h * 3 > 96 ? h * 3 : 96;
}

static void rows_clear(struct projects *p)
{
	project_summaries_free(p->v, p->nv);
	p->v = NULL;
	p->nv = 0;
	p->win_off = 0;
	x_free(&p->rows);
}

/* Reads the window of rows around first .. first + count - 1. */
static void window_load(struct projects *p, size_t first, size_t count)
{
	size_t want = window_size(p);
	if (want < count * 2)
		want = count * 2;
	size_t start = first > want / 3 ? first - want / 3 : 0;
	rows_clear(p);
	struct ct_error err;
	ct_error_clear(&err);
	if (store_project_page(p->t->sess->st, (enum store_sort)p->sort, p->reverse, (long long)start,
			       (long long)want, &p->v, &p->nv, &err))
		tui_msg(p->t, ATTR_ERROR, "%s", err.msg);
	p->win_off = start;
}

static bool window_has(const struct projects *p, size_t first, size_t count)
{
	return first >= p->win_off && first + count <= p->win_off + p->nv;
}

/* Visible row i (filtered and sorted), or NULL when there is none. */
static const struct project_summary *row_at(struct projects *p, int i)
{
	if (i < 0 || i >= p->lv.n)
		return NULL;
	if (p->full)
		return &p->v[p->rows[i]];
	if (!window_has(p, (size_t)i, 1))
		window_load(p, (size_t)i, 1);
	return window_has(p, (size_t)i, 1) ? &p->v[(size_t)i - p->win_off] : NULL;
}

struct find_uuid {
	const char *uuid;
	long long at;
	bool found;
};

static enum ct_status find_step(void *ud, const struct project_summary *s)
{
	struct find_uuid *f = ud;
	if (strcmp(s->uuid, f->uuid) == 0) {
		f->found = true;
		return CT_FAILED; /* stops the walk */
	}
	f->at++;
	return CT_OK;
}

/* Where a project is in the unfiltered order (0 when gone): one pass over
 * the index, only when the list is read again or sorted otherwise. */
static int position_of(struct projects *p, const char *uuid)
{
	struct find_uuid f = {uuid, 0, false};
	store_project_walk(p->t->sess->st, (enum store_sort)p->sort, p->reverse, 0, -1, find_step, &f,
			   NULL);
	return f.found ? (int)f.at : 0;
}

/* Rebuilds the visible rows, keeping the project keep_uuid (may be "")
 * selected. */
static void rows_build(struct projects *p, const char *keep_uuid)
{
	p->lv.cur = 0;
	if (!p->full) {
		rows_clear(p);
		p->lv.n = (int)p->n;
		if (keep_uuid[0])
			p->lv.cur = position_of(p, keep_uuid);
		return;
	}
	free(p->rows);
	p->rows = xcalloc(p->nv ? p->nv : 1, sizeof(int));
	int n = 0;
	for (size_t i = 0; i < p->nv; i++)
		if (row_matches(p->t, &p->v[i], p->filter_text))
			p->rows[n++] = (int)i;
	sort_ctx = p;
	qsort(p->rows, (size_t)n, sizeof(int), cmp_rows);
	p->lv.n = n;
	for (int i = 0; i < n && keep_uuid[0]; i++)
		if (strcmp(p->v[p->rows[i]].uuid, keep_uuid) == 0)
			p->lv.cur = i;
}

static void selected_uuid(struct projects *p, char out[37])
{
	const struct project_summary *s = p->lv.n ? row_at(p, p->lv.cur) : NULL;
	if (s)
		memcpy(out, s->uuid, 37);
	else
		out[0] = '\0';
}

/* Every row, for the filter. */
static void full_load(struct projects *p)
{
	rows_clear(p);
	p->full = true;
	struct ct_error err;
	ct_error_clear(&err);
	if (store_project_list(p->t->sess->st, &p->v, &p->nv, &err))
		tui_msg(p->t, ATTR_ERROR, "%s", err.msg);
}

static void projects_load(struct tui *t, struct projects *p)
{
	char keep_uuid[37];
	selected_uuid(p, keep_uuid);
	p->ho_uuid[0] = '\0';
	x_free(&p->ho_text);
	struct ct_error err;
	ct_error_clear(&err);
	if (store_project_count(t->sess->st, &p->n, &err)) {
		tui_msg(t, ATTR_ERROR, "%s", err.msg);
		p->n = 0;
	}
	rows_clear(p);
	p->full = p->filter_text != NULL;
	if (p->full)
		full_load(p);
	rows_build(p, keep_uuid);
	/* A file from an older version: its summaries lack what the list
	 * shows now. Seen on the rows read, they are computed once for every
	 * project (a read-only file keeps them as they are). */
	if (p->lv.n)
		row_at(p, p->lv.cur); /* reads the window shown first */
	bool stale = false;
	for (size_t i = 0; i < p->nv && !stale; i++)
		stale = p->v[i].to_fill < 0;
	if (stale && !p->refreshed) {
		p->refreshed = true;
		struct project_summary *all = NULL;
		size_t n = 0, fixed = 0;
		if (!store_project_list(t->sess->st, &all, &n, &err) &&
		    !ops_summaries_refresh(t->ops, all, n, &fixed, NULL) && fixed) {
			rows_clear(p);
			if (p->full)
				full_load(p);
			rows_build(p, keep_uuid);
		}
		project_summaries_free(all, n);
	}
}

static void *projects_open(struct tui *t, const char *arg)
{
	(void)arg;
	struct projects *p = xcalloc(1, sizeof(*p));
	p->t = t;
	projects_load(t, p);
	return p;
}

static void projects_close(void *data)
{
	struct projects *p = data;
	rows_clear(p);
	le_free(&p->filter);
	free(p->filter_text);
	free(p->ho_text);
	free(p);
}

static void projects_reload(struct tui *t, void *data)
{
	projects_load(t, data);
}

static void draw_first_run(struct tui *t, WINDOW *w, int h, int wd)
{
	char knew[32], khelp[32], kquit[32];
	keymap_keys(ACT_NEW, knew, sizeof(knew));
	keymap_keys(ACT_HELP, khelp, sizeof(khelp));
	keymap_keys(ACT_BACK, kquit, sizeof(kquit));
	char *c1 = strchr(knew, ','), *c2 = strchr(khelp, ','), *c3 = strchr(kquit, ',');
	if (c1) *c1 = '\0';
	if (c2) *c2 = '\0';
	if (c3) *c3 = '\0';
	struct strbuf sb = {0};
	sb_addf(&sb, "%s\n\n", _("Welcome to certtrack."));
	sb_addf(&sb, "%s\n\n",
		_("certtrack walks you through Red Hat's container certification of an "
		  "OpenStack plugin image, step by step as the guide describes it, and keeps "
		  "your progress in a database file that your team can share."));
	sb_addf(&sb, "%s\n\n",
		_("There are no projects yet. One project tracks one container image."));
	const struct template *tpl = session_template(t->sess, NULL, NULL);
	sb_addf(&sb, _("Press %s to create your first project. A wizard asks for the "
		       "project name (for example %s) "
		       "and the other fields of the guide's 7.1, checking each value as you type."),
		knew, tpl ? tpl->name_example : "");
	sb_addf(&sb, "\n\n");
	sb_addf(&sb, _("Press %s for every key, %s to quit."), khelp, kquit);
	int bw = wd - 8 > 72 ? 72 : wd - 8;
	struct strlist lines = {0};
	text_wrap(sb_str(&sb), bw, &lines);
	int y = (h - (int)lines.n) / 2;
	if (y < 1)
		y = 1;
	int x = (wd - bw) / 2;
	for (size_t i = 0; i < lines.n && y + (int)i < h; i++)
		put_text(w, y + (int)i, x, lines.v[i], bw, i == 0 ? tui_attr(ATTR_HEADING) : A_NORMAL);
	strlist_free(&lines);
	sb_free(&sb);
	(void)t;
}

struct cols {
	int name, owner, bar, next, probs, age;
};

static void cols_compute(int wd, struct cols *c)
{
	c->owner = wd >= 100 ? 12 : wd >= 70 ? 8 : 6;
	c->bar = wd >= 100 ? 16 : 10;
	c->probs = 8;
	/* Narrow: the age gives way to the name. */
	c->age = wd >= 70 ? 4 : 0;
	int rest = wd - 1 - c->owner - c->bar - c->probs - c->age - (c->age ? 5 : 4);
	if (rest < 20)
		rest = 20;
	/* The name tells projects apart: it gets the larger share. */
	c->name = rest - 14 > rest * 62 / 100 ? rest - 14 : rest * 62 / 100;
	if (c->name > 48)
		c->name = 48;
	c->next = rest - c->name;
}

/* "10:02" for a time of today, the short date and time otherwise. */
static void clock_format(const char *iso, char *buf, size_t size)
{
	long long at = iso ? time_parse_iso(iso) : -1;
	time_t a = (time_t)at, n = (time_t)time_now_epoch();
	struct tm ta, tn;
	if (at >= 0 && localtime_r(&a, &ta) && localtime_r(&n, &tn) && ta.tm_year == tn.tm_year &&
	    ta.tm_yday == tn.tm_yday && strftime(buf, size, "%H:%M", &ta))
		return;
	date_format(iso, true, buf, size);
}

/* "also open by bob@host2 since 10:02, carol@host3 since 09:40". */
static char *others_text(const struct tui *t)
{
	if (!t->n_others)
		return NULL;
	struct strbuf sb = {0};
	for (size_t i = 0; i < t->n_others; i++) {
		const struct session *o = &t->others[i];
		char when[32];
		clock_format(o->since, when, sizeof(when));
		/* TRANSLATORS: who else has the database open: user@host since a time. */
		char *one = xasprintf(_("%s@%s since %s"), o->user ? o->user : "?",
				      o->host ? o->host : "?", when);
		if (i)
			sb_add(&sb, ", ");
		sb_add(&sb, one);
		free(one);
	}
	/* TRANSLATORS: %s is a list such as "bob@host2 since 10:02". */
	char *s = xasprintf(_("also open by %s"), sb_str(&sb));
	sb_free(&sb);
	return s;
}

static const struct project_summary *selected(struct projects *p);

/* The selected project's last owner change, from its history. */
static const char *handoff_text(struct tui *t, struct projects *p)
{
	const struct project_summary *s = selected(p);
	if (!s)
		return NULL;
	if (strcmp(p->ho_uuid, s->uuid) == 0)
		return p->ho_text;
	memcpy(p->ho_uuid, s->uuid, sizeof(p->ho_uuid));
	x_free(&p->ho_text);
	struct event *ev = NULL;
	size_t n = 0;
	if (store_events_list(t->sess->st, s->uuid, 0, &ev, &n, NULL))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct event *e = &ev[i];
		if (!str_eq(e->what, "owner") || !e->old_value || !e->new_value)
			continue;
		char when[40];
		date_format(e->at, false, when, sizeof(when));
		p->ho_text = e->note && *e->note
				 ? xasprintf(_("handed from %s to %s on %s: %s"), e->old_value,
					     e->new_value, when, e->note)
				 : xasprintf(_("handed from %s to %s on %s"), e->old_value,
					     e->new_value, when);
		break;
	}
	events_free(ev, n);
	return p->ho_text;
}

/* The prefix every project name read shares (all of them with a filter,
 * the window around the screen without), up to a hyphen
 * ("rhosp16-openstack-"): elided first when a name does not fit. */
static char *common_prefix(const struct projects *p)
{
	if (p->nv < 2 || !p->v[0].name)
		return xstrdup("");
	size_t len = strlen(p->v[0].name);
	for (size_t i = 1; i < p->nv; i++) {
		size_t k = 0;
		while (k < len && p->v[i].name[k] == p->v[0].name[k])
			k++;
		len = k;
	}
	while (len && p->v[0].name[len - 1] != '-')
		len--;
	return xstrndup(p->v[0].name, len);
}

/* The selected project in full, with its next action: tig's status line. */
static char *selected_line(struct tui *t, const struct project_summary *s)
{
	if (!s->next_action)
		return xasprintf(_("%s \u00b7 all done"), s->name);
	if (s->next_blocked)
		return xasprintf(_("%s \u00b7 next, blocked: %s"), s->name, next_title(t, s));
	return xasprintf(_("%s \u00b7 next: %s"), s->name, next_title(t, s));
}

static void projects_draw(struct tui *t, void *data, WINDOW *w, int h, int wd)
{
	struct projects *p = data;
	char *others = others_text(t);
	if (!p->n) {
		draw_first_run(t, w, others ? h - 1 : h, wd);
		if (others)
			put_text(w, h - 1, 1, others, wd - 2, tui_attr(ATTR_WARNING));
		free(others);
		return;
	}
	struct cols c;
	cols_compute(wd, &c);
	int x = 1;
	attr_t hd = tui_attr(ATTR_HEADING);
	put_cell(w, 0, x, _("Project"), c.name, hd), x += c.name + 1;
	put_cell(w, 0, x, _("Owner"), c.owner, hd), x += c.owner + 1;
	put_cell(w, 0, x, _("Progress"), c.bar, hd), x += c.bar + 1;
	put_cell(w, 0, x, _("Next action"), c.next, hd), x += c.next + 1;
	put_cell(w, 0, x, _("Issues"), c.probs, hd), x += c.probs + 1;
	if (c.age)
		put_cell(w, 0, x, _("Age"), c.age, hd);
	int fl = p->filtering || p->filter_text ? 1 : 0;
	const char *handoff = handoff_text(t, p);
	const struct project_summary *cur = selected(p);
	char *selline = cur ? selected_line(t, cur) : NULL;
	/* Below the list: the selected project in full, its last hand-off,
	 * then who else works on the file; they give way on a short
	 * terminal in the reverse order. */
	const char *info_v[3];
	enum tui_attr info_a[3];
	int ninfo = 0;
	if (selline)
		info_v[ninfo] = selline, info_a[ninfo++] = cur->next_blocked ? ATTR_WARNING : ATTR_HEADING;
	if (handoff)
		info_v[ninfo] = handoff, info_a[ninfo++] = ATTR_DIM;
	if (others)
		info_v[ninfo] = others, info_a[ninfo++] = ATTR_WARNING;
	while (ninfo && h - 1 - fl - ninfo < 3)
		ninfo--;
	int lh = h - 1 - fl - ninfo;
	for (int i = 0; i < ninfo; i++) {
		attr_t ia = tui_attr(info_a[i]);
		put_text(w, h - fl - ninfo + i, 1, info_v[i], wd - 2, ia);
	}
	free(selline);
	free(others);
	list_fit(&p->lv, lh);
	/* The rows on screen in one read, so none is read again below. */
	if (!p->full && lh > 0 && p->lv.n > 0) {
		size_t count = (size_t)(p->lv.n - p->lv.top < lh ? p->lv.n - p->lv.top : lh);
		if (!window_has(p, (size_t)p->lv.top, count))
			window_load(p, (size_t)p->lv.top, count);
	}
	char *prefix = common_prefix(p);
	for (int r = 0; r < lh && p->lv.top + r < p->lv.n; r++) {
		int i = p->lv.top + r;
		const struct project_summary *s = row_at(p, i);
		if (!s)
			break;
		bool sel = i == p->lv.cur;
		attr_t a = sel ? tui_attr(ATTR_SELECTED) : A_NORMAL;
		int y = r + 1;
		put_fill(w, y, 0, wd, a);
		/* A marker besides the reverse video, for monochrome terminals. */
		put_text(w, y, 0, sel ? ">" : " ", 1, a);
		x = 1;
		char *name = text_elide_prefix(s->name, prefix, c.name);
		put_cell(w, y, x, name, c.name, a | (sel ? A_BOLD : 0)), x += c.name + 1;
		free(name);
		put_cell(w, y, x, s->owner ? s->owner : "", c.owner, a), x += c.owner + 1;
		char bar[64];
		int blocks = c.bar - 6;
		int filled = s->total ? s->done * blocks / s->total : 0;
		struct strbuf sb = {0};
		for (int k = 0; k < blocks; k++)
			sb_add(&sb, k < filled ? "\u2588" : "\u00b7");
		snprintf(bar, sizeof(bar), s->broken ? " %d/%d!" : " %d/%d", s->done, s->total);
		sb_add(&sb, bar);
		put_cell(w, y, x, sb_str(&sb), c.bar,
			 a | (s->total && s->done == s->total ? tui_attr(ATTR_OK) : 0));
		sb_free(&sb);
		x += c.bar + 1;
		/* A next action that cannot be done now says so. */
		char *next = s->next_blocked ? xasprintf("\u2717 %s", next_title(t, s))
					     : xstrdup(next_title(t, s));
		put_cell(w, y, x, next, c.next, a | (s->next_blocked ? tui_attr(ATTR_WARNING) : 0));
		free(next);
		x += c.next + 1;
		char probs[32] = "";
		if (s->errors && s->warnings)
			snprintf(probs, sizeof(probs), "E%d W%d", s->errors, s->warnings);
		else if (s->errors)
			snprintf(probs, sizeof(probs), "E%d", s->errors);
		else if (s->warnings)
			snprintf(probs, sizeof(probs), "W%d", s->warnings);
		else if (s->to_fill > 0)
			/* TRANSLATORS: fields still empty, in a column of 8. */
			snprintf(probs, sizeof(probs), _("%d empty"), s->to_fill);
		else
			snprintf(probs, sizeof(probs), "%s", _("ok"));
		put_cell(w, y, x, probs, c.probs,
			 a | tui_attr(s->errors ? ATTR_ERROR : s->warnings || s->to_fill > 0 ? ATTR_WARNING : ATTR_OK));
		x += c.probs + 1;
		if (c.age) {
			char age[16];
			age_format(s->updated_at, age, sizeof(age));
			put_cell(w, y, x, age, c.age, a);
		}
	}
	free(prefix);
	if (!p->lv.n)
		put_text(w, 2, 2, _("No project matches the filter; Esc clears it."), wd - 4,
			 tui_attr(ATTR_WARNING));
	if (p->filtering || p->filter_text) {
		char *lead = xasprintf(_("Filter (%d of %zu): "), p->lv.n, p->n);
		int used = put_text(w, h - 1, 0, lead, wd, A_BOLD);
		free(lead);
		if (p->filtering) {
			le_draw(&p->filter, w, h - 1, used, wd - used, A_UNDERLINE);
			tui_cursor_here(w);
		} else {
			put_text(w, h - 1, used, p->filter_text, wd - used, A_NORMAL);
		}
	}
}

static const struct project_summary *selected(struct projects *p)
{
	return p->lv.n ? row_at(p, p->lv.cur) : NULL;
}

static void filter_update(struct projects *p)
{
	char keep_uuid[37];
	selected_uuid(p, keep_uuid);
	x_free(&p->filter_text);
	char *f = le_get(&p->filter);
	if (*f)
		p->filter_text = f;
	else
		free(f);
	if (p->filter_text && !p->full)
		full_load(p);
	else if (!p->filter_text && p->full) {
		rows_clear(p);
		p->full = false;
	}
	rows_build(p, keep_uuid);
}

static void do_delete(struct tui *t, const struct project_summary *s)
{
	char *q = xasprintf(_("Delete %s? Type its name to confirm:"), s->name);
	char *answer = prompt_line(t, q, "", NULL, NULL);
	free(q);
	if (!answer)
		return;
	if (strcmp(answer, s->name) != 0) {
		tui_msg(t, ATTR_WARNING, "%s", _("The name does not match; nothing was deleted."));
		free(answer);
		return;
	}
	free(answer);
	char uuid[37];
	memcpy(uuid, s->uuid, sizeof(uuid));
	char *name = xstrdup(s->name);
	struct ct_error err;
	ct_error_clear(&err);
	if (ops_project_delete(t->ops, uuid, &err))
		tui_msg(t, ATTR_ERROR, "%s", err.msg);
	else {
		tui_data_changed(t);
		tui_msg(t, ATTR_OK, _("Deleted %s; u undoes it."), name);
	}
	free(name);
}

/* Hand off: the new owner and a note, both recorded (also used by the
 * project screen). */
void projects_handoff(struct tui *t, const char *uuid, const char *name, const char *owner)
{
	/* seen: the owner the user asked about; after "edit mine again" the
	 * prompts open with what was typed. */
	char *seen = xstrdup(owner), *to = NULL, *note = NULL;
	for (;;) {
		char *q = xasprintf(_("Hand %s (owner %s) to:"), name, seen ? seen : "-");
		char *nto = prompt_line(t, q, to ? to : "", NULL, NULL);
		free(q);
		if (!nto)
			break;
		free(to);
		to = nto;
		if (str_is_empty(to)) {
			tui_msg(t, ATTR_WARNING, "%s", _("No name given; the owner is unchanged."));
			break;
		}
		char *nq = xasprintf(_("Note for %s (what to know, what is next):"), to);
		char *nnote = note_edit(t, nq, note ? note : "");
		free(nq);
		if (!nnote) {
			tui_msg(t, ATTR_NORMAL, "%s", _("Hand-off cancelled."));
			break;
		}
		free(note);
		note = nnote;
		/* Refused when someone handed it on meanwhile: then both owners
		 * are shown and the user decides. */
		enum conflict_choice c = CONFLICT_THEIRS;
		for (;;) {
			struct ct_error err;
			ct_error_clear(&err);
			enum ct_status st = ops_owner_set_checked(
			    t->ops, uuid, to, str_is_empty(note) ? NULL : note, seen, &err);
			if (!st) {
				tui_data_changed(t);
				tui_msg(t, ATTR_OK, _("%s now belongs to %s."), name, to);
				c = CONFLICT_THEIRS;
				break;
			}
			struct project *p = NULL;
			if (st != CT_FAILED || err.detail != CT_DETAIL_CONFLICT ||
			    ops_project_load(t->ops, uuid, &p, NULL)) {
				tui_msg(t, ATTR_ERROR, "%s", err.msg);
				c = CONFLICT_THEIRS;
				break;
			}
			tui_data_changed(t);
			char *who = xasprintf(_("%s was handed to %s while you were asking."), name,
					      p->owner ? p->owner : "-");
			char *theirs = xasprintf(_("owner %s"), p->owner ? p->owner : "-");
			char *mine = str_is_empty(note) ? xasprintf(_("owner %s"), to)
							: xasprintf(_("owner %s, note: %s"), to, note);
			c = prompt_conflict(t, _("Changed meanwhile"), who, theirs, mine);
			free(who);
			free(theirs);
			free(mine);
			free(seen);
			seen = xstrdup(p->owner);
			project_free(p);
			if (c != CONFLICT_MINE) {
				if (c == CONFLICT_THEIRS)
					tui_msg(t, ATTR_WARNING, "%s",
						_("Theirs is kept; the owner is unchanged."));
				break;
			}
		}
		if (c != CONFLICT_EDIT)
			break;
	}
	free(seen);
	free(note);
	free(to);
}

/* A file name relative to the current folder, shown in full. */
static char *path_shown(const char *path)
{
	char cwd[4096];
	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return xstrdup(path);
	return xasprintf("%s/%s", strcmp(cwd, "/") == 0 ? "" : cwd, path);
}

struct file_ck {
	bool report;
	enum report_format format;
};

/* Live check of an output file name: a folder or nothing is refused, an
 * existing file will be asked about, an extension of another format is
 * probably a slip. */
static void file_check(void *ud, const char *value, struct problems *out)
{
	const struct file_ck *c = ud;
	if (str_is_empty(value)) {
		problems_add(out, CT_SEV_ERROR, "file.empty", NULL, NULL, NULL, NULL, "%s",
			     _("give a file name"));
		return;
	}
	struct stat sb;
	if (stat(value, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			problems_add(out, CT_SEV_ERROR, "file.folder", NULL, NULL, NULL,
				     _("add a file name after the folder"), _("%s is a folder"),
				     value);
		else
			problems_add(out, CT_SEV_WARNING, "file.exists", NULL, NULL, NULL, NULL,
				     _("%s exists; you will be asked before it is replaced"),
				     value);
	}
	enum report_format f;
	if (c->report && report_format_from_path(value, &f) && f != c->format)
		problems_add(out, CT_SEV_WARNING, "file.extension", NULL, NULL, NULL, NULL,
			     _("the name ends like a %s file, but the report is %s"),
			     report_format_name(f), report_format_name(c->format));
}

/* Asks whether to replace path; false leaves it alone (and says so). */
static bool confirm_replace(struct tui *t, const char *path, const char *what)
{
	struct strlist lines = {0};
	char *full = path_shown(path);
	strlist_add_owned(&lines, xasprintf(_("%s already exists."), full));
	strlist_add_owned(&lines, xasprintf(_("Replacing it loses what it holds now; %s."), what));
	bool yes = prompt_confirm(t, _("File exists"), &lines, _("Overwrite it?"));
	strlist_free(&lines);
	if (!yes)
		tui_msg(t, ATTR_WARNING, _("Nothing written; %s is unchanged."), full);
	free(full);
	return yes;
}

/* e: a report of all, the filtered or the selected project. */
static void do_export(struct tui *t, struct projects *p)
{
	static const enum report_format formats[] = {REPORT_MARKDOWN, REPORT_HTML, REPORT_JSON,
						      REPORT_CSV};
	const char *fchoices[] = {
		_("markdown \u00b7 for a ticket or an email"),
		_("html \u00b7 one page to open in a browser or print"),
		_("json \u00b7 everything, for certtrack import"),
		_("csv \u00b7 one row per item, for a spreadsheet"),
	};
	static int last_format;
	int fi = prompt_choice(t, _("Export a report: which format?"), fchoices,
			       ARRAY_SIZE(fchoices), last_format);
	if (fi < 0)
		return;
	last_format = fi;
	enum report_format f = formats[fi];
	/* Which projects: every one, the rows the filter keeps, or one. */
	const struct project_summary *sel = selected(p);
	char sel_uuid[37] = "";
	if (sel)
		memcpy(sel_uuid, sel->uuid, sizeof(sel_uuid));
	char *choices[3];
	int kinds[3], nc = 0;
	choices[nc] = xasprintf(P_("all %zu project", "all %zu projects", p->n), p->n);
	kinds[nc++] = 0;
	if (p->filter_text && p->lv.n && (size_t)p->lv.n < p->n) {
		choices[nc] = xasprintf(P_("the %d project the filter keeps",
					   "the %d projects the filter keeps", p->lv.n),
					p->lv.n);
		kinds[nc++] = 1;
	}
	if (sel) {
		choices[nc] = xasprintf(_("only %s"), sel->name);
		kinds[nc++] = 2;
	}
	int ci = nc == 1 ? 0
			 : prompt_choice(t, _("Which projects?"), (const char *const *)choices,
					 (size_t)nc, p->filter_text && nc == 3 ? 1 : 0);
	for (int i = 0; i < nc; i++)
		free(choices[i]);
	if (ci < 0)
		return;
	int kind = kinds[ci];
	char *def = report_default_filename(f, time_now_epoch());
	struct file_ck ck = {true, f};
	char *path = prompt_line(
	    t, _("Report file (in the current folder unless a path is given):"), def, file_check, &ck);
	free(def);
	if (!path)
		return;
	if (str_is_empty(path)) {
		tui_msg(t, ATTR_WARNING, "%s", _("No file name given; nothing written."));
		free(path);
		return;
	}
	/* The rows may change under the prompts: copy the uuids now. */
	size_t n = kind == 0 ? 0 : kind == 1 ? (size_t)p->lv.n : 1;
	char **refs = xcalloc(n ? n : 1, sizeof(char *));
	if (kind == 1)
		for (size_t i = 0; i < n; i++)
			refs[i] = xstrdup(p->v[p->rows[i]].uuid);
	else if (kind == 2)
		refs[0] = xstrdup(sel_uuid);
	size_t count = 0;
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status st = report_export(t->ops, f, (const char *const *)refs, n, path, false,
					  &count, &err);
	bool asked_no = false;
	if (st == CT_FAILED) {
		if (confirm_replace(t, path, _("the report replaces it whole"))) {
			ct_error_clear(&err);
			st = report_export(t->ops, f, (const char *const *)refs, n, path, true,
					   &count, &err);
		} else {
			asked_no = true;
		}
	}
	if (asked_no) {
		/* confirm_replace said so. */
	} else if (st) {
		tui_msg(t, ATTR_ERROR, _("No report written: %s"), err.msg);
	} else {
		char *full = path_shown(path);
		tui_msg(t, ATTR_OK,
			P_("Report (%s, %zu project) written to %s",
			   "Report (%s, %zu projects) written to %s", count),
			report_format_name(f), count, full);
		free(full);
	}
	for (size_t i = 0; i < n; i++)
		free(refs[i]);
	free(refs);
	free(path);
}

/* W: a consistent copy of the database file, checked once written. */
static void do_backup(struct tui *t)
{
	char stamp[32];
	time_t now = (time_t)time_now_epoch();
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M", &tm);
	char *def = xasprintf("certtrack-backup-%s.db", stamp);
	struct file_ck ck = {false, REPORT_JSON};
	char *path = prompt_line(
	    t, _("Backup file (in the current folder unless a path is given):"), def, file_check, &ck);
	free(def);
	if (!path)
		return;
	if (str_is_empty(path)) {
		tui_msg(t, ATTR_WARNING, "%s", _("No file name given; nothing written."));
		free(path);
		return;
	}
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status st = store_backup(t->sess->st, path, false, &err);
	bool asked_no = false;
	if (st == CT_FAILED) {
		if (confirm_replace(t, path, _("the backup replaces it whole"))) {
			ct_error_clear(&err);
			st = store_backup(t->sess->st, path, true, &err);
		} else {
			asked_no = true;
		}
	}
	if (asked_no) {
		/* confirm_replace said so. */
	} else if (st) {
		tui_msg(t, ATTR_ERROR, _("No backup written: %s"), err.msg);
	} else {
		char *full = path_shown(path);
		tui_msg(t, ATTR_OK, _("Backup written to %s (checked)"),
			full);
		free(full);
	}
	free(path);
}

static bool projects_key(struct tui *t, void *data, enum action a, int key)
{
	struct projects *p = data;
	if (key == (TUI_KEYCODE | KEY_MOUSE))
		return list_mouse(&p->lv, 2);
	if (p->filtering) {
		if (key == TUI_KEY_ESC) {
			p->filtering = false;
			le_set(&p->filter, "");
			filter_update(p);
			return true;
		}
		if (key == '\n') {
			p->filtering = false;
			return true;
		}
		if (list_move(&p->lv, a) && !(a == ACT_FIRST || a == ACT_LAST))
			return true;
		if (le_key(&p->filter, key))
			filter_update(p);
		return true;
	}
	if (key == TUI_KEY_ESC && p->filter_text) {
		le_set(&p->filter, "");
		filter_update(p);
		return true;
	}
	if (list_move(&p->lv, a))
		return true;
	const struct project_summary *s = selected(p);
	switch (a) {
	case ACT_FILTER:
		p->filtering = true;
		le_set(&p->filter, p->filter_text);
		return true;
	case ACT_SORT:
	case ACT_SORT_REVERSE: {
		/* The selection is read in the old order, found in the new. */
		char keep_uuid[37];
		selected_uuid(p, keep_uuid);
		if (a == ACT_SORT)
			p->sort = (p->sort + 1) % SORT__COUNT;
		else
			p->reverse = !p->reverse;
		rows_build(p, keep_uuid);
		tui_msg(t, ATTR_NORMAL, _("Sorted by %s%s."), _(sort_names[p->sort]),
			p->reverse ? _(", reversed") : "");
		return true;
	}
	case ACT_NEW:
		tui_push(t, "wizard", NULL);
		return true;
	case ACT_OPEN:
		if (s)
			tui_push(t, "project", s->uuid);
		return true;
	case ACT_DELETE:
		if (s)
			do_delete(t, s);
		return true;
	case ACT_EXPORT:
		if (!p->n)
			tui_msg(t, ATTR_WARNING, "%s", _("There is no project to report on yet."));
		else
			do_export(t, p);
		return true;
	case ACT_BACKUP:
		do_backup(t);
		return true;
	case ACT_MERGE:
		merge_start(t);
		return true;
	case ACT_HANDOFF:
		if (s) {
			char uuid[37];
			memcpy(uuid, s->uuid, sizeof(uuid));
			char *name = xstrdup(s->name), *owner = xstrdup(s->owner);
			projects_handoff(t, uuid, name, owner);
			free(name);
			free(owner);
		}
		return true;
	default:
		return false;
	}
}

static bool projects_wants_text(void *data)
{
	return ((struct projects *)data)->filtering;
}

static void projects_title(void *data, char *buf, size_t size)
{
	struct projects *p = data;
	snprintf(buf, size, P_("%zu project", "%zu projects", p->n), p->n);
	size_t len = strlen(buf);
	snprintf(buf + len, size - len, _(" \u00b7 sorted by %s"), _(sort_names[p->sort]));
}

static const enum action projects_hints[] = {
	ACT_OPEN, ACT_NEW, ACT_FILTER, ACT_SORT, ACT_HANDOFF, ACT_EXPORT, ACT_BACKUP,
	ACT_MERGE, ACT_DELETE, ACT_HISTORY, ACT_UNDO, ACT_HELP, ACT_BACK, ACT_NONE,
};

const struct screen_ops screen_projects_ops = {
	.name = "projects",
	.scope = SCOPE_PROJECTS,
	.open = projects_open,
	.close = projects_close,
	.draw = projects_draw,
	.key = projects_key,
	.reload = projects_reload,
	.wants_text = projects_wants_text,
	.title = projects_title,
	.hints = projects_hints,
};
