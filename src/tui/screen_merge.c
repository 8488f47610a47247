/* screen_merge.c - merging another copy of the data (a database file or a
 * JSON report) from the projects list. M asks for the file and runs the
 * merge as a dry run: without conflicts it shows what would change and
 * asks; with conflicts this screen lists them side by side (project, key,
 * ours | theirs, who and when), the user picks ours or theirs per row
 * (o/Left, t/Right; O, T for every row), and Enter applies the merge with
 * those choices, in one command that u undoes. Esc or q leaves with
 * nothing written. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

#include "certtrack/i18n.h"
#include "certtrack/merge.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct mscreen {
	char *path;
	struct merge_result res;
	enum merge_side *pick; /* per conflict; MERGE_ASK until chosen */
	struct listview lv;
};

/* The open database's file, which the merge refuses as the other copy. */
static const char *self_db(struct tui *t)
{
	const char *self = t->sess->db && *t->sess->db ? t->sess->db : getenv("CERTTRACK_DB");
	return self && *self ? self : t->sess->default_db;
}

static enum ct_status run(struct tui *t, const char *path, bool dry_run, enum merge_side all,
			  const struct merge_take *take, size_t n_take, struct merge_result *r,
			  struct ct_error *err)
{
	struct merge_opts o = {.dry_run = dry_run, .all = all, .take = take, .n_take = n_take};
	ct_error_clear(err);
	return merge_file(t->ops, path, self_db(t), &o, r, err);
}

/* A value on one line: a note's line breaks would break the layout. */
static char *flat(const char *v)
{
	char *s = xstrdup(v ? v : _("(none)"));
	for (char *c = s; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	return s;
}

/* One change of a dry run, as the confirmation lists it. */
static char *change_line(const struct import_change *ch)
{
	char *o = flat(ch->old_value), *n = flat(ch->new_value);
	char *l;
	switch (ch->action) {
	case IMPORT_CREATE:
		l = xasprintf(_("create %s"), ch->project);
		break;
	case IMPORT_HISTORY:
		l = xasprintf(_("%s: add %s history rows"), ch->project, n);
		break;
	case IMPORT_RECORD:
		if (ch->old_value && !ch->new_value)
			l = xasprintf(_("%s: remove %s %s"), ch->project, ch->what, o);
		else if (ch->old_value)
			l = xasprintf(_("%s: %s %s \u2192 %s"), ch->project, ch->what, o, n);
		else
			l = xasprintf(_("%s: add %s %s"), ch->project, ch->what, n);
		break;
	default:
		l = xasprintf(_("%s: %s: %s \u2192 %s"), ch->project, ch->what, o, n);
		break;
	}
	free(o);
	free(n);
	return l;
}

static void report_applied(struct tui *t, const char *path, const struct import_result *a)
{
	tui_data_changed(t);
	tui_msg(t, ATTR_OK,
		_("Merged %s: %zu created, %zu updated, %zu history rows added; u undoes it."),
		path, a->created, a->updated, a->history);
}

/* Live check of the file name: it must be there and be a file. */
static void file_check(void *ud, const char *value, struct problems *out)
{
	(void)ud;
	struct stat sb;
	if (str_is_empty(value))
		problems_add(out, CT_SEV_ERROR, "file.empty", NULL, NULL, NULL, NULL, "%s",
			     _("give the other copy's file"));
	else if (stat(value, &sb) != 0)
		problems_add(out, CT_SEV_ERROR, "file.missing", NULL, NULL, NULL, NULL,
			     _("%s does not exist"), value);
	else if (S_ISDIR(sb.st_mode))
		problems_add(out, CT_SEV_ERROR, "file.folder", NULL, NULL, NULL, NULL,
			     _("%s is a folder"), value);
}

void merge_start(struct tui *t)
{
	char *path = prompt_line(t, _("Merge which copy (a certtrack database file or JSON report)?"),
				 "", file_check, NULL);
	if (!path)
		return;
	if (str_is_empty(path)) {
		tui_msg(t, ATTR_WARNING, "%s", _("No file given; nothing was merged."));
		free(path);
		return;
	}
	struct merge_result r;
	struct ct_error err;
	enum ct_status s = run(t, path, true, MERGE_ASK, NULL, 0, &r, &err);
	if (s == CT_FAILED && r.n_unresolved) {
		merge_result_free(&r);
		tui_push(t, "merge", path);
	} else if (s) {
		tui_msg(t, ATTR_ERROR, _("Nothing was merged: %s"), err.msg);
		merge_result_free(&r);
	} else if (!r.applied.n) {
		tui_msg(t, ATTR_NORMAL, _("%s holds nothing this database lacks; nothing to merge."),
			path);
		merge_result_free(&r);
	} else {
		struct strlist lines = {0};
		strlist_add_owned(&lines,
				  xasprintf(_("No conflicts. %zu to create, %zu to update, %zu "
					      "history rows to add:"),
					    r.applied.created, r.applied.updated, r.applied.history));
		for (size_t i = 0; i < r.applied.n; i++)
			strlist_add_owned(&lines, change_line(&r.applied.v[i]));
		merge_result_free(&r);
		if (!prompt_confirm(t, _("Merge"), &lines, _("Merge these changes?"))) {
			tui_msg(t, ATTR_NORMAL, "%s", _("Merge cancelled; nothing was written."));
		} else if ((s = run(t, path, false, MERGE_ASK, NULL, 0, &r, &err))) {
			/* Changed meanwhile into a conflict, or refused. */
			tui_msg(t, ATTR_ERROR, _("Nothing was merged: %s"), err.msg);
			merge_result_free(&r);
		} else {
			report_applied(t, path, &r.applied);
			merge_result_free(&r);
		}
		strlist_free(&lines);
	}
	free(path);
}

/* The conflicts of a dry run; the picks of keys seen before are kept. */
static void ms_load(struct tui *t, struct mscreen *m)
{
	struct merge_result old = m->res;
	enum merge_side *old_pick = m->pick;
	struct ct_error err;
	enum ct_status s = run(t, m->path, true, MERGE_ASK, NULL, 0, &m->res, &err);
	if (s && s != CT_FAILED)
		tui_msg(t, ATTR_ERROR, "%s", err.msg);
	m->pick = xcalloc(m->res.n_conflicts + 1, sizeof(*m->pick));
	for (size_t i = 0; i < m->res.n_conflicts; i++) {
		const struct merge_conflict *x = &m->res.conflicts[i];
		for (size_t k = 0; k < old.n_conflicts; k++)
			if (strcmp(old.conflicts[k].uuid, x->uuid) == 0 &&
			    strcmp(old.conflicts[k].key, x->key) == 0)
				m->pick[i] = old_pick[k];
	}
	merge_result_free(&old);
	free(old_pick);
	m->lv.n = (int)m->res.n_conflicts;
	if (m->lv.cur >= m->lv.n)
		m->lv.cur = m->lv.n ? m->lv.n - 1 : 0;
}

static void *ms_open(struct tui *t, const char *arg)
{
	struct mscreen *m = xcalloc(1, sizeof(*m));
	m->path = xstrdup(arg ? arg : "");
	ms_load(t, m);
	return m;
}

static void ms_close(void *data)
{
	struct mscreen *m = data;
	merge_result_free(&m->res);
	free(m->pick);
	free(m->path);
	free(m);
}

static void ms_reload(struct tui *t, void *data)
{
	ms_load(t, data);
}

static size_t picked(const struct mscreen *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->res.n_conflicts; i++)
		n += m->pick[i] != MERGE_ASK;
	return n;
}

/* What the names of the projects in conflict start with, up to a '-',
 * and at most their first two parts ("rhosp16-openstack-"): the rest tells
 * them apart. */
static char *common_prefix(const struct merge_result *r)
{
	size_t n = r->n_conflicts ? strlen(r->conflicts[0].project) : 0;
	for (size_t i = 1; i < r->n_conflicts; i++) {
		size_t k = 0;
		while (k < n && r->conflicts[i].project[k] == r->conflicts[0].project[k])
			k++;
		n = k;
	}
	int dashes = 0;
	for (size_t k = 0; k < n; k++)
		if (r->conflicts[0].project[k] == '-' && ++dashes == 2)
			n = k + 1;
	while (n && r->conflicts[0].project[n - 1] != '-')
		n--;
	return xasprintf("%.*s", (int)n, n ? r->conflicts[0].project : "");
}

/* Column widths for wd columns: the two values share what is left. */
struct cols {
	int pick, project, key, value;
};

static struct cols cols_for(int wd)
{
	struct cols c = {.pick = 8};
	if (wd >= 110)
		c.project = 26, c.key = 26;
	else if (wd >= 70)
		c.project = 19, c.key = 16;
	else
		c.project = 0, c.key = wd >= 50 ? 14 : 10;
	/* marker, gaps, and " | " between the values */
	int rest = wd - 2 - c.pick - 1 - (c.project ? c.project + 1 : 0) - c.key - 1 - 3;
	c.value = rest / 2 < 3 ? 3 : rest / 2;
	return c;
}

static const char *side_word(enum merge_side s)
{
	/* TRANSLATORS: the choice shown in a row of the merge screen, at
	 * most 7 columns; "<" and ">" point at the chosen column. */
	return s == MERGE_OURS ? _("<ours") : s == MERGE_THEIRS ? _("theirs>") : "?";
}

static void ms_draw(struct tui *t, void *data, WINDOW *w, int h, int wd)
{
	struct mscreen *m = data;
	(void)t;
	if (!m->res.n_conflicts) {
		put_text(w, 1, 2, _("No conflicts are left; Enter merges, Esc leaves."), wd - 4,
			 A_NORMAL);
		return;
	}
	struct cols c = cols_for(wd);
	int detail = h >= 18 ? 6 : 4;
	int lh = h - 1 - detail - 1;
	if (lh < 1)
		lh = 1;
	list_fit(&m->lv, lh);
	attr_t head = tui_attr(ATTR_HEADING);
	int x = 2;
	put_cell(w, 0, x, _("Pick"), c.pick, head), x += c.pick + 1;
	if (c.project)
		put_cell(w, 0, x, _("Project"), c.project, head), x += c.project + 1;
	put_cell(w, 0, x, _("Key"), c.key, head), x += c.key + 1;
	put_cell(w, 0, x, _("Ours"), c.value, head), x += c.value;
	put_text(w, 0, x, " | ", 3, head), x += 3;
	put_cell(w, 0, x, _("Theirs"), c.value, head);
	/* Names share "rhosp16-openstack-": that part gives way first. */
	char *prefix = common_prefix(&m->res);
	for (int r = 0; r < lh && m->lv.top + r < m->lv.n; r++) {
		int i = m->lv.top + r;
		const struct merge_conflict *k = &m->res.conflicts[i];
		bool sel = i == m->lv.cur;
		attr_t a = sel ? tui_attr(ATTR_SELECTED) : A_NORMAL;
		int y = 1 + r;
		x = 2;
		put_fill(w, y, 0, wd, a);
		put_text(w, y, 0, sel ? ">" : " ", 1, a | A_BOLD);
		attr_t pa = m->pick[i] == MERGE_ASK ? tui_attr(ATTR_WARNING) : tui_attr(ATTR_OK);
		put_cell(w, y, x, side_word(m->pick[i]), c.pick, a | pa), x += c.pick + 1;
		if (c.project) {
			char *pn = text_elide_prefix(k->project, prefix, c.project);
			put_cell(w, y, x, pn, c.project, a);
			free(pn);
			x += c.project + 1;
		}
		put_cell(w, y, x, k->key, c.key, a), x += c.key + 1;
		char *ours = flat(k->ours), *theirs = flat(k->theirs);
		put_cell(w, y, x, ours, c.value,
			 a | (m->pick[i] == MERGE_OURS ? A_BOLD | A_UNDERLINE : 0));
		x += c.value;
		put_text(w, y, x, " | ", 3, a), x += 3;
		put_cell(w, y, x, theirs, c.value,
			 a | (m->pick[i] == MERGE_THEIRS ? A_BOLD | A_UNDERLINE : 0));
		free(ours);
		free(theirs);
	}
	free(prefix);
	int y = 1 + lh;
	draw_hline(w, y, 0, wd);
	y++;
	const struct merge_conflict *k = &m->res.conflicts[m->lv.cur];
	char *base = flat(k->base);
	/* TRANSLATORS: the selected conflict: project, key and the common
	 * ancestor's value. */
	char *l1 = xasprintf(_("%s \u00b7 %s \u00b7 base: %s"), k->project, k->key, base);
	put_text(w, y++, 1, l1, wd - 2, A_BOLD);
	free(l1);
	free(base);
	const char *label[2] = {_("ours:  "), _("theirs:")};
	const char *val[2] = {k->ours, k->theirs};
	const char *by[2] = {k->ours_by, k->theirs_by};
	const char *at[2] = {k->ours_at, k->theirs_at};
	int per = detail >= 6 ? 2 : 1;
	for (int s = 0; s < 2 && y < h; s++) {
		char when[40];
		date_format(at[s], false, when, sizeof(when));
		char *v = flat(val[s]);
		/* TRANSLATORS: one side of the selected conflict: label, value,
		 * who changed it last and when. */
		char *l = xasprintf(_("%s %s  (%s, %s)"), label[s], v, by[s] ? by[s] : "-", when);
		put_wrapped(w, &y, 1, wd - 2, h, l, A_NORMAL, per);
		free(l);
		free(v);
	}
	if (y < h) {
		size_t left = m->res.n_conflicts - picked(m);
		char *l = left ? xasprintf(P_("%zu conflict still needs a choice.",
					      "%zu conflicts still need a choice.", left),
					   left)
			       : xstrdup(_("Every conflict has a choice: Enter merges."));
		put_text(w, y, 1, l, wd - 2, left ? tui_attr(ATTR_WARNING) : tui_attr(ATTR_OK));
		free(l);
	}
}

static void ms_apply(struct tui *t, struct mscreen *m)
{
	size_t n = m->res.n_conflicts, left = n - picked(m);
	if (left) {
		tui_msg(t, ATTR_WARNING,
			P_("%zu conflict still needs a choice: o or t on its row (O, T for all).",
			   "%zu conflicts still need a choice: o or t on their rows (O, T for all).",
			   left),
			left);
		return;
	}
	/* Each row by its project's UUID: a key may conflict in several. */
	struct merge_take *take = xcalloc(n + 1, sizeof(*take));
	char **keys = xcalloc(n + 1, sizeof(*keys));
	for (size_t i = 0; i < n; i++) {
		keys[i] = xasprintf("%s:%s", m->res.conflicts[i].uuid, m->res.conflicts[i].key);
		take[i].key = keys[i];
		take[i].side = m->pick[i];
	}
	struct merge_result r;
	struct ct_error err;
	enum ct_status s = run(t, m->path, false, MERGE_ASK, take, n, &r, &err);
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	free(take);
	if (s) {
		/* The data changed meanwhile: the list is read again. */
		tui_msg(t, ATTR_ERROR, _("Nothing was merged: %s"), err.msg);
		merge_result_free(&r);
		ms_load(t, m);
		return;
	}
	char *path = xstrdup(m->path);
	struct import_result a = r.applied;
	memset(&r.applied, 0, sizeof(r.applied));
	merge_result_free(&r);
	tui_pop(t); /* frees m */
	report_applied(t, path, &a);
	import_result_free(&a);
	free(path);
}

static bool ms_key(struct tui *t, void *data, enum action a, int key)
{
	struct mscreen *m = data;
	if (key == (TUI_KEYCODE | KEY_MOUSE))
		return list_mouse(&m->lv, 2);
	if (list_move(&m->lv, a))
		return true;
	switch (a) {
	case ACT_MERGE_OURS:
	case ACT_MERGE_THEIRS:
		if (m->lv.n) {
			m->pick[m->lv.cur] = a == ACT_MERGE_OURS ? MERGE_OURS : MERGE_THEIRS;
			if (m->lv.cur + 1 < m->lv.n)
				m->lv.cur++;
		}
		return true;
	case ACT_MERGE_ALL_OURS:
	case ACT_MERGE_ALL_THEIRS:
		for (size_t i = 0; i < m->res.n_conflicts; i++)
			m->pick[i] = a == ACT_MERGE_ALL_OURS ? MERGE_OURS : MERGE_THEIRS;
		return true;
	case ACT_MERGE_APPLY:
		ms_apply(t, m);
		return true;
	case ACT_MERGE_CANCEL:
	case ACT_BACK:
		tui_pop(t);
		tui_msg(t, ATTR_NORMAL, "%s", _("Merge cancelled; nothing was written."));
		return true;
	default:
		return false;
	}
}

/* The file's name without its folder: the title is one line. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

static void ms_title(void *data, char *buf, size_t size)
{
	struct mscreen *m = data;
	snprintf(buf, size,
		 P_("Merge %s: %zu conflict, %zu chosen", "Merge %s: %zu conflicts, %zu chosen",
		    m->res.n_conflicts),
		 base_name(m->path), m->res.n_conflicts, picked(m));
}

static const enum action ms_hints[] = {
	ACT_MERGE_OURS,	 ACT_MERGE_THEIRS, ACT_MERGE_ALL_OURS, ACT_MERGE_ALL_THEIRS,
	ACT_MERGE_APPLY, ACT_MERGE_CANCEL, ACT_HELP,	       ACT_NONE,
};

const struct screen_ops screen_merge_ops = {
	.name = "merge",
	.scope = SCOPE_MERGE,
	.open = ms_open,
	.close = ms_close,
	.draw = ms_draw,
	.key = ms_key,
	.reload = ms_reload,
	.title = ms_title,
	.hints = ms_hints,
};
