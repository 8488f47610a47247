/* screen_prescan.c - the Dockerfile pre-scan (7.3) of one project: runs it
 * on source_path + context_dir + dockerfile when opened (and on request),
 * records every run with the project (build_service requires that the
 * latest one passed), and shows one row per policy with its mark, message
 * and file:line, the fix of the selected row, the parse error with its
 * line, and the earlier runs. Without a source_path it says how to set
 * one and offers to. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

#include "certtrack/engine.h"
#include "certtrack/i18n.h"
#include "certtrack/prescan.h"
#include "certtrack/records.h"
#include "certtrack/template.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PRESCAN_HISTORY 50

struct prscreen {
	char uuid[37];
	struct project *p; /* NULL when it was deleted meanwhile */
	/* The run on screen; ran is false before the first or when there is
	 * no source_path to scan. */
	bool ran;
	bool no_source;
	bool unreadable; /* the Dockerfile could not be found or read */
	char *path;
	char *context;
	struct prescan_report r;
	char why[1024]; /* err.msg of the run when it did not check */
	struct listview lv;
	int ly0; /* screen row of the list, for the mouse */
	struct prescan_record *hist;
	size_t nhist;
};

static const char *status_mark(enum prescan_status s)
{
	switch (s) {
	case PRESCAN_PASS:
		return "[pass]";
	case PRESCAN_FAIL:
		return "[FAIL]";
	case PRESCAN_WARN:
		return "[warn]";
	default:
		return "[ ?? ]";
	}
}

static enum tui_attr status_attr(enum prescan_status s)
{
	return s == PRESCAN_PASS ? ATTR_OK : s == PRESCAN_FAIL ? ATTR_ERROR : ATTR_WARNING;
}

static const char *base_name(const char *path)
{
	const char *sl = path ? strrchr(path, '/') : NULL;
	return sl ? sl + 1 : path ? path : "";
}

static void prscreen_load(struct tui *t, struct prscreen *s)
{
	project_free(s->p);
	s->p = NULL;
	prescan_records_free(s->hist, s->nhist);
	s->hist = NULL;
	s->nhist = 0;
	if (!projscreen_load(t, s->uuid, &s->p))
		return;
	struct ct_error err;
	ct_error_clear(&err);
	if (records_prescans(t->ops, s->p, PRESCAN_HISTORY, &s->hist, &s->nhist, &err)) {
		s->hist = NULL;
		s->nhist = 0;
		tui_msg(t, ATTR_ERROR, "%s", err.msg);
	}
}

static void report_clear(struct prscreen *s)
{
	if (s->ran)
		prescan_report_free(&s->r);
	s->ran = s->no_source = s->unreadable = false;
	s->why[0] = '\0';
	x_free(&s->path);
	x_free(&s->context);
	s->lv.n = 0;
}

/* Runs the pre-scan and records it; the project screen underneath sees
 * the new record through tui_data_changed. */
static void prescan_now(struct tui *t, struct prscreen *s, bool always)
{
	report_clear(s);
	if (!s->p)
		return;
	if (!records_dockerfile_path(s->p, &s->path, &s->context)) {
		s->no_source = true;
		return;
	}
	struct ct_error err;
	ct_error_clear(&err);
	const char *repo = project_value(s->p, "outbound_repository");
	char *base = s->p->tpl ? template_base_image(s->p->tpl, s->p->name) : NULL;
	struct prescan_options opts = {
		.rules = s->p->tpl ? &s->p->tpl->prescan : NULL,
		.image_name = repo && *repo ? repo : s->p->name,
		.base_image = base,
	};
	enum ct_status st = prescan_run(s->path, s->context, &opts, &s->r, &err);
	free(base);
	s->ran = true;
	s->lv.n = (int)s->r.n;
	s->lv.cur = 0;
	for (size_t i = 0; i < s->r.n; i++)
		if (s->r.results[i].status == PRESCAN_FAIL) {
			s->lv.cur = (int)i;
			break;
		}
	if (st && !s->r.n) {
		/* Nothing was checked: not a run to record. */
		s->unreadable = true;
		snprintf(s->why, sizeof(s->why), "%s", err.msg);
		tui_msg(t, ATTR_ERROR, _("Nothing scanned: %s"), err.msg);
		return;
	}
	bool passed = s->r.passed && !st;
	char *doc = prescan_report_json(&s->r);
	/* Opening the screen records a run only when the Dockerfile or the
	 * result differs from the latest recorded one; r always records. */
	const struct prescan_record *last = s->nhist ? &s->hist[0] : NULL;
	if (!always && last && str_eq(last->digest, s->r.digest) && last->passed == passed &&
	    str_eq(last->results, doc)) {
		free(doc);
		char when[40], keys[32];
		date_format(last->at, false, when, sizeof(when));
		keymap_keys(ACT_PRESCAN_RUN, keys, sizeof(keys));
		tui_msg(t, passed ? ATTR_OK : ATTR_WARNING,
			_("Same Dockerfile and result as the run recorded at %s: not recorded again "
			  "(%s records a run)."),
			when, keys);
		return;
	}
	struct ct_error rerr;
	ct_error_clear(&rerr);
	enum ct_status rs =
	    ops_prescan_record(t->ops, s->uuid, s->r.file, s->r.digest, passed, doc, &rerr);
	free(doc);
	if (rs) {
		tui_msg(t, ATTR_ERROR, _("The run was not recorded: %s"), rerr.msg);
		return;
	}
	tui_data_changed(t);
	size_t nfail = 0;
	for (size_t i = 0; i < s->r.n; i++)
		nfail += s->r.results[i].status == PRESCAN_FAIL;
	if (s->r.error)
		tui_msg(t, ATTR_ERROR, "%s",
			_("Recorded: the Dockerfile cannot be parsed, so nothing passes; fix the "
			  "line shown."));
	else if (passed)
		tui_msg(t, ATTR_OK, "%s",
			_("Pre-scan passed and recorded: build_service's pre-scan requirement is "
			  "met."));
	else
		tui_msg(
		    t, ATTR_ERROR,
		    P_("Pre-scan FAILED (%zu policy) and recorded; the fix is under the list.",
		       "Pre-scan FAILED (%zu policies) and recorded; the fix is under the list.",
		       nfail),
		    nfail);
}

static void *prescan_open(struct tui *t, const char *arg)
{
	if (!arg)
		return NULL;
	struct prscreen *s = xcalloc(1, sizeof(*s));
	snprintf(s->uuid, sizeof(s->uuid), "%s", arg);
	prscreen_load(t, s);
	if (!projscreen_opened(t, s->p)) {
		free(s);
		return NULL;
	}
	prescan_now(t, s, false);
	/* The run was recorded after the history was read. */
	prscreen_load(t, s);
	return s;
}

static void prescan_close(void *data)
{
	struct prscreen *s = data;
	report_clear(s);
	project_free(s->p);
	prescan_records_free(s->hist, s->nhist);
	free(s);
}

static void prescan_reload(struct tui *t, void *data)
{
	/* Only what is stored: the run on screen stays until run again. */
	prscreen_load(t, data);
}

static void draw_no_source_panel(const struct prscreen *s, WINDOW *w, int h, int wd)
{
	int y = 1, x = 2, width = wd - 4;
	put_text(w, y++, x, _("Nothing to pre-scan yet"), width, tui_attr(ATTR_HEADING));
	y++;
	char *l1 = xasprintf(_("The pre-scan reads the Dockerfile of a local checkout of %s's git "
			       "repository: source_path + context_dir + dockerfile. source_path "
			       "is not set."),
			     s->p->name);
	put_wrapped(w, &y, x, width, h, l1, A_NORMAL, 4);
	free(l1);
	y++;
	char keys[32];
	keymap_keys(ACT_PRESCAN_SOURCE, keys, sizeof(keys));
	char *l2 = xasprintf(_("Press %s to set it to the folder of your checkout (an absolute "
			       "path), and the pre-scan runs at once."),
			     keys);
	put_wrapped(w, &y, x, width, h, l2, A_BOLD, 3);
	free(l2);
	y++;
	char *l3 = xasprintf(_("From a shell: certtrack set %s source_path=/path/to/checkout"),
			     s->p->name);
	put_wrapped(w, &y, x, width, h, l3, tui_attr(ATTR_DIM), 3);
	free(l3);
}

static void draw_history(const struct prscreen *s, WINDOW *w, int y, int hh, int wd)
{
	draw_hline(w, y, 0, wd);
	char *head = xasprintf(
	    P_(" %zu run recorded, newest first ", " %zu runs recorded, newest first ", s->nhist),
	    s->nhist);
	put_text(w, y, 2, head, wd - 4, A_BOLD);
	free(head);
	for (int r = 0; r + 1 < hh && r < (int)s->nhist; r++) {
		const struct prescan_record *pr = &s->hist[r];
		char when[40];
		date_format(pr->at, false, when, sizeof(when));
		char dig[13];
		snprintf(dig, sizeof(dig), "%.12s", pr->digest ? pr->digest : "");
		int yy = y + 1 + r, x = 1;
		put_cell(w, yy, x, when, 16, A_NORMAL), x += 17;
		put_cell(w, yy, x, pr->user, 9, A_NORMAL), x += 10;
		put_cell(w, yy, x, dig, 12, tui_attr(ATTR_DIM)), x += 13;
		put_cell(w, yy, x, pr->passed ? _("passed") : _("FAILED"), 7,
			 tui_attr(pr->passed ? ATTR_OK : ATTR_ERROR));
		x += 8;
		if (x < wd - 1)
			put_text(w, yy, x, base_name(pr->file), wd - x - 1, tui_attr(ATTR_DIM));
	}
}

static void prescan_draw(struct tui *t, void *data, WINDOW *w, int h, int wd)
{
	struct prscreen *s = data;
	(void)t;
	if (projscreen_gone(s->p, w, wd))
		return;
	/* Earlier runs at the bottom: a fifth of the screen at most. */
	int hh = 0;
	if (s->nhist) {
		int want = 1 + (int)s->nhist;
		int least = h / 5 > 2 ? h / 5 : 2;
		/* More when the results leave rows free. */
		int spare = h - (3 + (s->ran && s->r.error ? 4 : 0) + s->lv.n + 5);
		hh = spare > least ? spare : least;
		if (hh > want)
			hh = want;
	}
	int ymax = h - hh;
	if (s->no_source) {
		draw_no_source_panel(s, w, ymax, wd);
		if (hh)
			draw_history(s, w, ymax, hh, wd);
		return;
	}
	int y = 0;
	char *f = xasprintf(_("Dockerfile: %s"), s->ran && s->r.file ? s->r.file
						 : s->path	     ? s->path
								     : "");
	put_text(w, y++, 1, f, wd - 2, A_BOLD);
	free(f);
	if (s->unreadable) {
		y++;
		put_text(w, y++, 1, _("error:"), wd - 2, tui_attr(ATTR_ERROR));
		put_wrapped(w, &y, 3, wd - 4, ymax, s->why, A_NORMAL, 4);
		y++;
		char keys[32], rk[32];
		keymap_keys(ACT_PRESCAN_SOURCE, keys, sizeof(keys));
		keymap_keys(ACT_PRESCAN_RUN, rk, sizeof(rk));
		char *m = xasprintf(
		    _("Check source_path (%s edits it), and context_dir and dockerfile on "
		      "the project's fields; %s runs again."),
		    keys, rk);
		put_wrapped(w, &y, 1, wd - 2, ymax, m, A_NORMAL, 3);
		free(m);
		if (hh)
			draw_history(s, w, ymax, hh, wd);
		return;
	}
	if (!s->ran)
		return;
	size_t counts[4] = {0};
	for (size_t i = 0; i < s->r.n; i++)
		counts[s->r.results[i].status]++;
	bool passed = s->r.passed && !s->r.error;
	/* TRANSLATORS: the pre-scan summary; %zu are counts of policies. */
	char *sum = xasprintf(_("%s \u00b7 pass %zu \u00b7 fail %zu \u00b7 warn %zu \u00b7 unknown "
				"%zu \u00b7 sha256 %.12s"),
			      passed ? _("PASSED") : _("FAILED"), counts[PRESCAN_PASS],
			      counts[PRESCAN_FAIL], counts[PRESCAN_WARN], counts[PRESCAN_UNKNOWN],
			      s->r.digest);
	put_text(w, y++, 1, sum, wd - 2, tui_attr(passed ? ATTR_OK : ATTR_ERROR) | A_BOLD);
	free(sum);
	if (s->r.error) {
		char *e = s->r.error_line > 0
			      ? xasprintf(_("error: %s:%d: %s"), base_name(s->r.file),
					  s->r.error_line, s->r.error)
			      : xasprintf(_("error: %s"), s->r.error);
		put_wrapped(w, &y, 1, wd - 2, ymax, e, tui_attr(ATTR_ERROR), 2);
		free(e);
		if (s->r.error_fix) {
			char *fx = xasprintf(_("fix: %s"), s->r.error_fix);
			put_wrapped(w, &y, 3, wd - 4, ymax, fx, A_NORMAL, 2);
			free(fx);
		}
	}
	/* The list as long as it is; the fix of the selected row under it. */
	int lh = ymax - y - 4;
	if (lh > s->lv.n)
		lh = s->lv.n;
	int dh = ymax - y - lh;
	if (lh < 2) {
		lh = ymax - y;
		dh = 0;
	}
	list_fit(&s->lv, lh);
	s->ly0 = 1 + y;
	int pw = wd >= 76 ? 26 : 18;
	for (int r = 0; r < lh && s->lv.top + r < s->lv.n; r++) {
		int i = s->lv.top + r, yy = y + r;
		const struct prescan_result *x = &s->r.results[i];
		bool sel = i == s->lv.cur;
		attr_t a = sel ? tui_attr(ATTR_SELECTED) : A_NORMAL;
		put_fill(w, yy, 0, wd, a);
		put_text(w, yy, 0, sel ? ">" : " ", 1, a | A_BOLD);
		put_text(w, yy, 1, status_mark(x->status), 6, a | tui_attr(status_attr(x->status)));
		put_cell(w, yy, 8, x->policy, pw, a);
		char loc[64] = "";
		if (x->line > 0)
			snprintf(loc, sizeof(loc), "%s:%d", base_name(s->r.file), x->line);
		int lw = loc[0] ? text_width(loc) : 0;
		int mx = 9 + pw, mw = wd - mx - (lw ? lw + 2 : 1);
		if (mw > 0)
			put_cell(w, yy, mx, x->message ? x->message : "", mw, a);
		if (lw && mx + mw + 1 < wd)
			put_text(w, yy, mx + mw + 1, loc, wd - mx - mw - 1, a | tui_attr(ATTR_DIM));
	}
	if (!dh || !s->lv.n)
		goto history;
	int dy = y + lh;
	draw_hline(w, dy++, 0, wd);
	const struct prescan_result *x = &s->r.results[s->lv.cur];
	char *head = x->line > 0
			 ? xasprintf("%s \u00b7 %s \u00b7 %s:%d", x->policy,
				     prescan_status_name(x->status), s->r.file, x->line)
			 : xasprintf("%s \u00b7 %s", x->policy, prescan_status_name(x->status));
	put_text(w, dy++, 1, head, wd - 2, tui_attr(status_attr(x->status)) | A_BOLD);
	free(head);
	/* The fix first, then the message, get the rows there are. */
	char *fx = x->fix && x->status != PRESCAN_PASS ? xasprintf(_("fix: %s"), x->fix) : NULL;
	struct strlist fl = {0}, ml = {0};
	if (fx)
		text_wrap(fx, wd - 2, &fl);
	if (x->message)
		text_wrap(x->message, wd - 2, &ml);
	int room = ymax - dy;
	int nm = ml.n && room > (fl.n ? 1 : 0) ? 1 : 0;
	int nf = (int)fl.n < room - nm ? (int)fl.n : room - nm;
	nm = (int)ml.n < room - nf ? (int)ml.n : room - nf;
	strlist_free(&fl);
	strlist_free(&ml);
	if (nm > 0)
		put_wrapped(w, &dy, 1, wd - 2, ymax, x->message, A_NORMAL, nm);
	if (nf > 0)
		put_wrapped(w, &dy, 1, wd - 2, ymax, fx, A_BOLD, nf);
	free(fx);
history:
	if (hh)
		draw_history(s, w, ymax, hh, wd);
}

struct source_ck {
	const struct project *p;
	size_t fi;
};

/* Live check of a source_path: the template's rules, then whether the
 * Dockerfile is where the pre-scan will look. */
static void source_check(void *ud, const char *value, struct problems *out)
{
	struct source_ck *c = ud;
	engine_field_problems(c->p, c->fi, value, out);
	if (str_is_empty(value))
		return;
	engine_rule_problems(c->p, c->fi, value, out);
	if (value[0] != '/')
		problems_add(out, CT_SEV_WARNING, "source_path.relative", "source_path", NULL, NULL,
			     _("give the absolute path of the checkout"),
			     _("a relative path depends on the folder certtrack is started in"));
	const char *ctx = project_value(c->p, "context_dir");
	const char *df = project_value(c->p, "dockerfile");
	char *path = xasprintf("%s%s%s/%s", value, str_is_empty(ctx) ? "" : "/",
			       str_is_empty(ctx) ? "" : ctx, str_is_empty(df) ? "Dockerfile" : df);
	struct stat sb;
	if (stat(path, &sb) != 0)
		problems_add(out, CT_SEV_WARNING, "source_path.dockerfile", "source_path", NULL,
			     NULL,
			     _("point it at the checkout's top folder; context_dir and dockerfile "
			       "are fields of the project"),
			     _("there is no %s yet"), path);
	free(path);
}

/* Writes source_path; a value changed meanwhile by someone else asks. */
static bool source_write(struct tui *t, struct prscreen *s, const char *value)
{
	char *old = xstrdup(project_value(s->p, "source_path"));
	bool ok = false;
	for (int attempt = 0; attempt < 2; attempt++) {
		struct assignment a = {
		    .key = "source_path", .value = value, .check_old = true, .old = old};
		struct problems ps = {0};
		struct ct_error err;
		ct_error_clear(&err);
		enum ct_status st = ops_fields_set(t->ops, s->uuid, &a, 1, &ps, &err);
		if (st == CT_OK) {
			ok = true;
		} else if (err.detail == CT_DETAIL_CONFLICT && attempt == 0) {
			tui_data_changed(t);
			bool yes = false;
			if (s->p) {
				int fi = template_field_index(s->p->tpl, "source_path");
				const struct field_value *fv = &s->p->fields[fi];
				char when[40];
				date_format(fv->updated_at, false, when, sizeof(when));
				char *who = xasprintf(_("%s changed %s at %s while you were editing."),
						      fv->updated_by ? fv->updated_by : "?", "source_path", when);
				yes = prompt_conflict(t, _("Changed meanwhile"), who, fv->value, value) ==
				      CONFLICT_MINE;
				free(who);
			}
			problems_free(&ps);
			if (yes && s->p) {
				free(old);
				old = xstrdup(project_value(s->p, "source_path"));
				continue;
			}
			tui_msg(t, ATTR_WARNING, "%s", _("Your value was not saved."));
		} else if (ps.n) {
			tui_msg_problems(t, _("Not saved:"), &ps);
		} else {
			tui_msg(t, ATTR_ERROR, "%s", err.msg);
		}
		problems_free(&ps);
		break;
	}
	free(old);
	return ok;
}

static void source_edit(struct tui *t, struct prscreen *s)
{
	int fi = template_field_index(s->p->tpl, "source_path");
	if (fi < 0) {
		tui_msg(t, ATTR_ERROR, "%s",
			_("This project's template has no source_path field."));
		return;
	}
	struct source_ck ck = {s->p, (size_t)fi};
	char *v = prompt_line(
	    t, _("source_path: the folder of your local checkout of the git repository"),
	    project_value(s->p, "source_path"), source_check, &ck);
	if (!v)
		return;
	if (!s->p) {
		free(v);
		return;
	}
	if (str_eq(v,
		   project_value(s->p, "source_path") ? project_value(s->p, "source_path") : "")) {
		free(v);
		prescan_now(t, s, false);
		return;
	}
	if (source_write(t, s, v)) {
		tui_data_changed(t);
		prescan_now(t, s, false);
	}
	free(v);
}

static bool prescan_key(struct tui *t, void *data, enum action a, int key)
{
	struct prscreen *s = data;
	if (!s->p)
		return false;
	if (key == (TUI_KEYCODE | KEY_MOUSE))
		return list_mouse(&s->lv, s->ly0);
	if (list_move(&s->lv, a))
		return true;
	switch (a) {
	case ACT_PRESCAN_RUN:
		if (s->no_source) {
			source_edit(t, s);
			return true;
		}
		prescan_now(t, s, true);
		return true;
	case ACT_PRESCAN_SOURCE:
		source_edit(t, s);
		return true;
	case ACT_HISTORY:
		tui_push(t, "history", s->uuid);
		return true;
	default:
		return false;
	}
}

static void prescan_title(void *data, char *buf, size_t size)
{
	struct prscreen *s = data;
	snprintf(buf, size, _("Pre-scan of %s (7.3)"), projscreen_name(s->p));
}

static const enum action prescan_hints[] = {
    ACT_PRESCAN_RUN, ACT_PRESCAN_SOURCE, ACT_HISTORY, ACT_UNDO, ACT_HELP, ACT_BACK, ACT_NONE,
};

static const enum action prescan_nosource_hints[] = {
    ACT_PRESCAN_SOURCE, ACT_HISTORY, ACT_UNDO, ACT_HELP, ACT_BACK, ACT_NONE,
};

static const enum action *prescan_hints_now(void *data)
{
	struct prscreen *s = data;
	return s->no_source ? prescan_nosource_hints : prescan_hints;
}

const struct screen_ops screen_prescan_ops = {
    .name = "prescan",
    .scope = SCOPE_PRESCAN,
    .open = prescan_open,
    .close = prescan_close,
    .draw = prescan_draw,
    .key = prescan_key,
    .reload = prescan_reload,
    .title = prescan_title,
    .hints = prescan_hints,
    .hints_now = prescan_hints_now,
};
