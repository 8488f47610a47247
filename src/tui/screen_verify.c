/* screen_verify.c - the remote checks of one project (verify.h): its git
 * source and its published image, run in the background when the screen
 * opens and on request, with the progress shown and Esc cancelling; one
 * row per check with its outcome, the target, message and fix of the
 * selected one under the list, and the earlier runs stored with the
 * project. The network work runs in the job's thread; everything here
 * (and every database access) stays in the interface's thread. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

#include "certtrack/i18n.h"
#include "certtrack/validate.h"
#include "certtrack/verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VERIFY_POLL_MS 100
#define VERIFY_HISTORY 500

/* One check on screen, from a run just made or from the stored ones. */
struct vrow {
	char *kind, *target, *message, *fix;
	enum verify_outcome outcome;
};

/* A stored run: the checks recorded at one time by one user. */
struct vrun {
	const char *at, *user;
	size_t first, n; /* rows of hist, newest first */
	size_t counts[VERIFY_ERROR + 1];
};

struct vscreen {
	struct tui *t;
	char uuid[37];
	struct project *p; /* NULL when it was deleted meanwhile */
	struct verify_job *job;
	char progress[512];
	int spin;
	bool cancelling;
	/* The run on screen. */
	struct vrow *rows;
	size_t nrows;
	char *at, *user;
	bool live;	/* made in this screen (messages with their fixes) */
	bool cancelled; /* the last run was cancelled: nothing recorded */
	struct listview lv;
	int ly0;
	struct verification *hist;
	size_t nhist;
	struct vrun *runs;
	size_t nruns;
};

static enum verify_outcome outcome_parse(const char *s)
{
	for (int o = VERIFY_PASS; o <= VERIFY_ERROR; o++)
		if (str_eq(s, verify_outcome_name((enum verify_outcome)o)))
			return (enum verify_outcome)o;
	return VERIFY_ERROR;
}

static enum tui_attr outcome_attr(enum verify_outcome o)
{
	switch (o) {
	case VERIFY_PASS:
		return ATTR_OK;
	case VERIFY_WARN:
	case VERIFY_SKIPPED:
		return ATTR_WARNING;
	default:
		return ATTR_ERROR;
	}
}

static void rows_clear(struct vscreen *s)
{
	for (size_t i = 0; i < s->nrows; i++) {
		free(s->rows[i].kind);
		free(s->rows[i].target);
		free(s->rows[i].message);
		free(s->rows[i].fix);
	}
	x_free(&s->rows);
	s->nrows = 0;
	x_free(&s->at);
	x_free(&s->user);
	s->live = s->cancelled = false;
	s->lv.n = s->lv.cur = s->lv.top = 0;
}

static void rows_add(struct vscreen *s, const char *kind, const char *target, enum verify_outcome o,
		     const char *message, const char *fix)
{
	s->rows = xreallocarray(s->rows, s->nrows + 1, sizeof(*s->rows));
	struct vrow *r = &s->rows[s->nrows++];
	r->kind = xstrdup(kind ? kind : "");
	r->target = xstrdup(target ? target : "");
	r->message = xstrdup(message ? message : "");
	r->fix = fix ? xstrdup(fix) : NULL;
	r->outcome = o;
	s->lv.n = (int)s->nrows;
}

/* The cursor on the first check that did not pass. */
static void rows_focus(struct vscreen *s)
{
	s->lv.cur = 0;
	for (size_t i = 0; i < s->nrows; i++)
		if (s->rows[i].outcome == VERIFY_FAIL || s->rows[i].outcome == VERIFY_ERROR) {
			s->lv.cur = (int)i;
			return;
		}
}

/* The run a stored check belongs to: the history event of each run
 * names its rows' ids ("first-last"); -1 when none does. */
static long long run_of(const struct event *ev, size_t nev, long long id)
{
	for (size_t i = 0; i < nev; i++) {
		long long first, last;
		if (!str_eq(ev[i].what, "verify") || !ev[i].key ||
		    sscanf(ev[i].key, "%lld-%lld", &first, &last) != 2)
			continue;
		if (id >= first && id <= last)
			return first;
	}
	return -1;
}

/* Groups the stored checks into runs: by their history event, else by
 * time and user (two runs can share a time: a fixed clock, a quick
 * second run). */
static void runs_build(struct tui *t, struct vscreen *s)
{
	x_free(&s->runs);
	s->nruns = 0;
	struct event *ev = NULL;
	size_t nev = 0;
	if (s->nhist && store_events_list(t->sess->st, s->uuid, 0, &ev, &nev, NULL)) {
		ev = NULL;
		nev = 0;
	}
	long long cur_run = -2;
	for (size_t i = 0; i < s->nhist; i++) {
		const struct verification *v = &s->hist[i];
		struct vrun *r = s->nruns ? &s->runs[s->nruns - 1] : NULL;
		long long run = run_of(ev, nev, v->id);
		bool same = r && run == cur_run &&
			    (run >= 0 || (str_eq(r->at, v->at) && str_eq(r->user, v->user)));
		cur_run = run;
		if (!same) {
			s->runs = xreallocarray(s->runs, s->nruns + 1, sizeof(*s->runs));
			r = &s->runs[s->nruns++];
			memset(r, 0, sizeof(*r));
			r->at = v->at;
			r->user = v->user;
			r->first = i;
		}
		r->n++;
		r->counts[outcome_parse(v->outcome)]++;
	}
	events_free(ev, nev);
}

static void vscreen_load(struct tui *t, struct vscreen *s)
{
	project_free(s->p);
	s->p = NULL;
	x_free(&s->runs);
	s->nruns = 0;
	verifications_free(s->hist, s->nhist);
	s->hist = NULL;
	s->nhist = 0;
	if (!projscreen_load(t, s->uuid, &s->p))
		return;
	struct ct_error err;
	ct_error_clear(&err);
	if (verify_history(t->ops, s->uuid, VERIFY_HISTORY, &s->hist, &s->nhist, &err)) {
		s->hist = NULL;
		s->nhist = 0;
		tui_msg(t, ATTR_ERROR, "%s", err.msg);
	}
	runs_build(t, s);
}

/* The latest stored run on screen (before any run of this screen). */
static void rows_from_history(struct vscreen *s)
{
	rows_clear(s);
	if (!s->nruns)
		return;
	const struct vrun *r = &s->runs[0];
	/* Stored newest first: the run's own order is the reverse. */
	for (size_t k = r->n; k-- > 0;) {
		const struct verification *v = &s->hist[r->first + k];
		rows_add(s, v->kind, v->target, outcome_parse(v->outcome), v->message, NULL);
	}
	s->at = xstrdup(r->at);
	s->user = xstrdup(r->user);
	rows_focus(s);
}

static void job_start(struct tui *t, struct vscreen *s, bool git, bool registry, const char *tag)
{
	if (s->job) {
		char keys[32];
		keymap_keys(ACT_VERIFY_CANCEL, keys, sizeof(keys));
		tui_msg(t, ATTR_WARNING, _("The checks are running; %s cancels them."), keys);
		return;
	}
	struct verify_options o = {.git = git, .registry = registry, .tag = tag};
	struct ct_error err;
	ct_error_clear(&err);
	if (verify_job_start(t->ops, s->uuid, &o, &s->job, &err)) {
		s->job = NULL;
		tui_msg(t, ATTR_ERROR, _("The checks did not start: %s"), err.msg);
		return;
	}
	s->cancelling = false;
	s->spin = 0;
	verify_job_poll(s->job, s->progress, sizeof(s->progress));
	/* Poll often while the checks run: the progress and Esc stay quick. */
	t->poll_ms = VERIFY_POLL_MS;
}

/* Waits for the job (cancelled: within about a second), records its
 * results and shows them. */
static void job_finish(struct tui *t, struct vscreen *s)
{
	struct verify_report r;
	struct ct_error err;
	ct_error_clear(&err);
	enum ct_status st = verify_job_finish(t->ops, s->job, &r, &err);
	s->job = NULL;
	t->poll_ms = 0;
	s->progress[0] = '\0';
	rows_clear(s);
	for (size_t i = 0; i < r.checks.n; i++) {
		const struct verify_check *c = &r.checks.v[i];
		rows_add(s, c->kind, c->target, c->outcome, c->message,
			 c->outcome == VERIFY_PASS ? NULL : c->fix);
	}
	s->at = xstrdup(r.at ? r.at : "");
	s->user = xstrdup(r.user ? r.user : "");
	s->live = true;
	s->cancelled = r.cancelled;
	rows_focus(s);
	if (r.cancelled)
		tui_msg(t, ATTR_WARNING, "%s", _("Checks cancelled; nothing was recorded."));
	else if (st)
		tui_msg(t, ATTR_ERROR, _("The results were not recorded: %s"), err.msg);
	else if (r.status == CT_OK)
		tui_msg(t, ATTR_OK, "%s", _("Remote checks passed and recorded."));
	else if (r.status == CT_FAILED)
		tui_msg(t, ATTR_ERROR, "%s",
			_("A remote check found a problem (recorded); the fix is under the list."));
	else
		tui_msg(
		    t, ATTR_ERROR, "%s",
		    _("A remote check got no answer (recorded); the reason is under the list."));
	verify_report_free(&r);
	if (!st && !s->cancelled)
		tui_data_changed(t); /* the history of every screen, and ours */
}

static void job_cancel(struct tui *t, struct vscreen *s)
{
	if (!s->job || s->cancelling)
		return;
	verify_job_cancel(s->job);
	s->cancelling = true;
	verify_job_poll(s->job, s->progress, sizeof(s->progress));
	(void)t;
}

static void *verify_open(struct tui *t, const char *arg)
{
	if (!arg)
		return NULL;
	struct vscreen *s = xcalloc(1, sizeof(*s));
	s->t = t;
	snprintf(s->uuid, sizeof(s->uuid), "%s", arg);
	vscreen_load(t, s);
	if (!projscreen_opened(t, s->p)) {
		free(s);
		return NULL;
	}
	rows_from_history(s);
	/* Opening the screen is the request: both checks start at once. */
	job_start(t, s, false, false, NULL);
	return s;
}

static void verify_close(void *data)
{
	struct vscreen *s = data;
	/* A job still running is cancelled; it must be finished all the
	 * same (the thread joined), and nothing is recorded. */
	if (s->job) {
		verify_job_cancel(s->job);
		struct verify_report r;
		struct ct_error err;
		ct_error_clear(&err);
		verify_job_finish(s->t->ops, s->job, &r, &err);
		verify_report_free(&r);
		s->t->poll_ms = 0;
	}
	rows_clear(s);
	project_free(s->p);
	x_free(&s->runs);
	verifications_free(s->hist, s->nhist);
	free(s);
}

static void verify_reload(struct tui *t, void *data)
{
	struct vscreen *s = data;
	vscreen_load(t, s);
	/* Without a run of its own, the screen follows the stored ones (a
	 * colleague's verify, an undo). */
	if (!s->live && !s->job)
		rows_from_history(s);
}

static void verify_tick(struct tui *t, void *data)
{
	struct vscreen *s = data;
	if (!s->job)
		return;
	s->spin++;
	if (verify_job_poll(s->job, s->progress, sizeof(s->progress)))
		job_finish(t, s);
}

/* "pass 3 · fail 1 · error 1": the outcomes that occur. */
static char *counts_text(const size_t counts[VERIFY_ERROR + 1])
{
	struct strbuf sb = {0};
	for (int o = VERIFY_PASS; o <= VERIFY_ERROR; o++) {
		if (!counts[o])
			continue;
		if (sb.len)
			sb_add(&sb, " \u00b7 ");
		sb_addf(&sb, "%s %zu", verify_outcome_name((enum verify_outcome)o), counts[o]);
	}
	char *r = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return r;
}

static const char *verdict(const size_t counts[VERIFY_ERROR + 1], enum tui_attr *a)
{
	if (counts[VERIFY_ERROR]) {
		*a = ATTR_ERROR;
		return _("NO ANSWER");
	}
	if (counts[VERIFY_FAIL]) {
		*a = ATTR_ERROR;
		return _("FAILED");
	}
	*a = ATTR_OK;
	return _("passed");
}

static void draw_runs(const struct vscreen *s, WINDOW *w, int y, int hh, int wd)
{
	draw_hline(w, y, 0, wd);
	char *head = xasprintf(
	    P_(" %zu run recorded, newest first ", " %zu runs recorded, newest first ", s->nruns),
	    s->nruns);
	put_text(w, y, 2, head, wd - 4, A_BOLD);
	free(head);
	for (int r = 0; r + 1 < hh && r < (int)s->nruns; r++) {
		const struct vrun *run = &s->runs[r];
		char when[40];
		date_format(run->at, false, when, sizeof(when));
		int yy = y + 1 + r, x = 1;
		put_cell(w, yy, x, when, 16, A_NORMAL), x += 17;
		put_cell(w, yy, x, run->user ? run->user : "", 9, A_NORMAL), x += 10;
		enum tui_attr va;
		const char *v = verdict(run->counts, &va);
		put_cell(w, yy, x, v, 9, tui_attr(va)), x += 10;
		char *c = counts_text(run->counts);
		if (x < wd - 1)
			put_text(w, yy, x, c, wd - x - 1, tui_attr(ATTR_DIM));
		free(c);
	}
}

static void verify_draw(struct tui *t, void *data, WINDOW *w, int h, int wd)
{
	struct vscreen *s = data;
	(void)t;
	if (projscreen_gone(s->p, w, wd))
		return;
	/* Earlier runs at the bottom: a fifth of the screen at most. */
	int hh = 0;
	if (s->nruns) {
		hh = h / 5 > 2 ? h / 5 : 2;
		if (hh > 1 + (int)s->nruns)
			hh = 1 + (int)s->nruns;
	}
	int ymax = h - hh;
	int y = 0;
	const char *url = project_value(s->p, "git_url");
	const char *branch = project_value(s->p, "branch");
	char *src = xasprintf(_("Git source: %s \u00b7 branch %s"), str_is_empty(url) ? "-" : url,
			      str_is_empty(branch) ? "-" : branch);
	put_text(w, y++, 1, src, wd - 2, A_BOLD);
	free(src);
	/* The state: running, or the run on screen. */
	if (s->job) {
		static const char spinner[] = "|/-\\";
		char keys[32];
		keymap_keys(ACT_VERIFY_CANCEL, keys, sizeof(keys));
		char *line = s->cancelling ? xasprintf("%c %s", spinner[s->spin % 4], s->progress)
					   : xasprintf(_("%c %s (%s cancels)"),
						       spinner[s->spin % 4], s->progress, keys);
		put_text(w, y++, 1, line, wd - 2, tui_attr(ATTR_WARNING) | A_BOLD);
		free(line);
	} else if (s->nrows || s->cancelled) {
		size_t counts[VERIFY_ERROR + 1] = {0};
		for (size_t i = 0; i < s->nrows; i++)
			counts[s->rows[i].outcome]++;
		enum tui_attr va;
		const char *v = verdict(counts, &va);
		char when[40];
		date_format(s->at, false, when, sizeof(when));
		char *c = counts_text(counts);
		char *line = s->cancelled ? xasprintf(_("Cancelled at %s: nothing recorded"), when)
					  /* TRANSLATORS: verdict, time, user, then counts. */
					  : xasprintf(_("%s \u00b7 %s by %s \u00b7 %s"), v, when,
						      s->user, c);
		put_text(w, y++, 1, line, wd - 2,
			 tui_attr(s->cancelled ? ATTR_WARNING : va) | A_BOLD);
		free(line);
		free(c);
	} else {
		char keys[32];
		keymap_keys(ACT_VERIFY_RUN, keys, sizeof(keys));
		char *line = xasprintf(_("No remote check recorded yet; %s runs one."), keys);
		put_text(w, y++, 1, line, wd - 2, A_NORMAL);
		free(line);
	}
	if (!s->nrows) {
		if (!s->job && !s->cancelled) {
			y++;
			put_wrapped(w, &y, 1, wd - 2, ymax,
				   _("The checks ask the git server for the branch (https:// URLs; "
				     "ssh ones cannot be checked from here) and the registry for "
				     "the image of the latest build, with the labels and user the "
				     "scanner wants. Nothing is sent but the requests."),
				   tui_attr(ATTR_DIM), 5);
		}
		goto runs;
	}
	/* The list as long as it is; the selected check under it. */
	int lh = ymax - y - 5;
	if (lh > s->lv.n)
		lh = s->lv.n;
	int dh = ymax - y - lh;
	if (lh < 2) {
		lh = ymax - y;
		dh = 0;
	}
	list_fit(&s->lv, lh);
	s->ly0 = 1 + y;
	int ow = 13, kw = wd >= 76 ? 24 : 14;
	for (int r = 0; r < lh && s->lv.top + r < s->lv.n; r++) {
		int i = s->lv.top + r, yy = y + r;
		const struct vrow *x = &s->rows[i];
		bool sel = i == s->lv.cur;
		/* The previous run stays in view, dimmed, while checks run. */
		attr_t a = (sel ? tui_attr(ATTR_SELECTED) : A_NORMAL) | (s->job ? A_DIM : 0);
		put_fill(w, yy, 0, wd, a);
		put_text(w, yy, 0, sel ? ">" : " ", 1, a | A_BOLD);
		put_cell(w, yy, 1, verify_outcome_name(x->outcome), ow,
			 a | tui_attr(outcome_attr(x->outcome)));
		put_cell(w, yy, 2 + ow, x->kind, kw, a);
		int mx = 3 + ow + kw;
		if (mx < wd - 1)
			put_cell(w, yy, mx, x->message, wd - mx - 1, a);
	}
	if (!dh || !s->lv.n)
		goto runs;
	int dy = y + lh;
	draw_hline(w, dy++, 0, wd);
	const struct vrow *x = &s->rows[s->lv.cur];
	char *head = xasprintf("%s \u00b7 %s \u00b7 %s", x->kind, verify_outcome_name(x->outcome),
			       x->target);
	put_text(w, dy++, 1, head, wd - 2, tui_attr(outcome_attr(x->outcome)) | A_BOLD);
	free(head);
	/* The message first, then the fix, get the rows there are. */
	char *fx = x->fix ? xasprintf(_("fix: %s"), x->fix) : NULL;
	struct strlist ml = {0};
	text_wrap(x->message, wd - 2, &ml);
	int room = ymax - dy;
	int nf = fx ? (room >= 2 ? 2 : room) : 0;
	int nm = (int)ml.n < room - nf ? (int)ml.n : room - nf;
	strlist_free(&ml);
	if (nm > 0)
		put_wrapped(w, &dy, 1, wd - 2, ymax, x->message, A_NORMAL, nm);
	if (fx && dy < ymax)
		put_wrapped(w, &dy, 1, wd - 2, ymax, fx, A_BOLD, ymax - dy);
	free(fx);
runs:
	if (hh)
		draw_runs(s, w, ymax, hh, wd);
}

/* i: the image only, with the tag asked (empty: the latest build's). */
static void tag_check(void *ud, const char *value, struct problems *out)
{
	(void)ud;
	if (!str_is_empty(value) && !valid_oci_tag(value))
		problems_add(out, CT_SEV_ERROR, "tag.invalid", NULL, NULL, NULL, NULL,
			     _("%s is not a valid tag: letters, digits, _ . - (at most 128, not "
			       "starting with . or -)"),
			     value);
}

static void check_image(struct tui *t, struct vscreen *s)
{
	char *tag =
	    prompt_line(t, _("Tag of the image to check (empty: the latest recorded build's tag):"),
			"", tag_check, NULL);
	if (!tag)
		return;
	if (!str_is_empty(tag) && !valid_oci_tag(tag)) {
		tui_msg(t, ATTR_ERROR,
			_("%s is not a valid tag: letters, digits, _ . - (at most 128, not "
			  "starting with . or -)"),
			tag);
		free(tag);
		return;
	}
	job_start(t, s, false, true, str_is_empty(tag) ? NULL : tag);
	free(tag);
}

static bool verify_key(struct tui *t, void *data, enum action a, int key)
{
	struct vscreen *s = data;
	if (!s->p)
		return false;
	if (key == (TUI_KEYCODE | KEY_MOUSE))
		return list_mouse(&s->lv, s->ly0);
	if (list_move(&s->lv, a))
		return true;
	switch (a) {
	case ACT_VERIFY_CANCEL:
		if (!s->job)
			return false;
		job_cancel(t, s);
		return true;
	case ACT_BACK:
	case ACT_QUIT:
		/* Leaving cancels the checks; they stop within a second. */
		if (s->job) {
			job_cancel(t, s);
			job_finish(t, s);
		}
		return false;
	case ACT_VERIFY_RUN:
		job_start(t, s, false, false, NULL);
		return true;
	case ACT_VERIFY_GIT:
		job_start(t, s, true, false, NULL);
		return true;
	case ACT_VERIFY_IMAGE:
		if (s->job)
			job_start(t, s, false, true, NULL); /* says they run */
		else
			check_image(t, s);
		return true;
	case ACT_HISTORY:
		tui_push(t, "history", s->uuid);
		return true;
	default:
		return false;
	}
}

static void verify_title(void *data, char *buf, size_t size)
{
	struct vscreen *s = data;
	snprintf(buf, size, _("Remote checks of %s"), projscreen_name(s->p));
}

static const enum action verify_hints[] = {
    ACT_VERIFY_RUN, ACT_VERIFY_GIT, ACT_VERIFY_IMAGE, ACT_HISTORY, ACT_HELP, ACT_BACK, ACT_NONE,
};

static const enum action verify_running_hints[] = {
    ACT_VERIFY_CANCEL,
    ACT_HELP,
    ACT_BACK,
    ACT_NONE,
};

static const enum action *verify_hints_now(void *data)
{
	struct vscreen *s = data;
	return s->job ? verify_running_hints : verify_hints;
}

const struct screen_ops screen_verify_ops = {
    .name = "verify",
    .scope = SCOPE_VERIFY,
    .open = verify_open,
    .close = verify_close,
    .draw = verify_draw,
    .key = verify_key,
    .reload = verify_reload,
    .title = verify_title,
    .hints = verify_hints,
    .hints_now = verify_hints_now,
    .tick = verify_tick,
};
