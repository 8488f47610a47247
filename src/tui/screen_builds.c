/* screen_builds.c - builds, scans and publication of one project (7.5 -
 * 7.7): the image reference, the builds newest first, the selected build's
 * scans with each policy's result and, for a failed one, its message, fix
 * and link, and the publish state. Starting and finishing a build,
 * recording a scan (preflight's results.json or by hand) and publishing go
 * through ops_*; the items image_built, scan_passed and published follow
 * in the core, and tui_data_changed shows them on the project screen. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

#include "certtrack/engine.h"
#include "certtrack/i18n.h"
#include "certtrack/preflight.h"
#include "certtrack/prescan.h"
#include "certtrack/records.h"
#include "certtrack/validate.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A row of the scan results: a scan's heading (res < 0) or one result. */
struct brow {
	int scan;
	int res;
};

struct bscreen {
	char uuid[37];
	struct project *p; /* NULL when it was deleted meanwhile */
	struct build_record *b;
	size_t nb;
	struct scan_record **scans; /* per build */
	size_t *nscans;
	struct brow *rows; /* of the selected build */
	struct listview blv, rlv;
	bool on_results; /* the key focus: builds or scan results */
	int by0, ry0;	 /* screen rows of the two lists, for the mouse */
	char *pub_at, *pub_by;
	char *import_path; /* the last results.json, offered again */
};

static bool status_bad(const char *st)
{
	return str_eq(st, "fail") || str_eq(st, "error");
}

static int status_rank(const char *st)
{
	return status_bad(st) ? 0 : str_eq(st, "warn") ? 1 : 2;
}

static const char *status_mark(const char *st)
{
	return status_bad(st) ? "\u2717" : str_eq(st, "warn") ? "!" : "\u2713";
}

static enum tui_attr status_attr(const char *st)
{
	return status_bad(st) ? ATTR_ERROR : str_eq(st, "warn") ? ATTR_WARNING : ATTR_OK;
}

static enum tui_attr result_attr(enum build_result r)
{
	return r == BUILD_SUCCEEDED ? ATTR_OK : r == BUILD_FAILED ? ATTR_ERROR : ATTR_WARNING;
}

static const char *result_label(enum build_result r)
{
	return r == BUILD_SUCCEEDED ? _("succeeded")
	       : r == BUILD_FAILED  ? _("failed")
				    : _("running");
}

static struct build_record *selected_build(struct bscreen *s)
{
	return s->nb && s->blv.cur >= 0 && s->blv.cur < (int)s->nb ? &s->b[s->blv.cur] : NULL;
}

/* The rows of the selected build's scans, newest scan first and, in each,
 * failed results first. */
static void rows_build(struct bscreen *s)
{
	x_free(&s->rows);
	s->rlv.n = 0;
	if (!selected_build(s))
		return;
	int bi = s->blv.cur;
	size_t total = 0;
	for (size_t k = 0; k < s->nscans[bi]; k++)
		total += 1 + s->scans[bi][k].n_results;
	s->rows = xcalloc(total + 1, sizeof(*s->rows));
	int n = 0;
	for (size_t k = 0; k < s->nscans[bi]; k++) {
		const struct scan_record *sc = &s->scans[bi][k];
		s->rows[n++] = (struct brow){(int)k, -1};
		for (int rank = 0; rank < 3; rank++)
			for (size_t i = 0; i < sc->n_results; i++)
				if (status_rank(sc->results[i].status) == rank)
					s->rows[n++] = (struct brow){(int)k, (int)i};
	}
	s->rlv.n = n;
	if (s->rlv.cur >= n)
		s->rlv.cur = n - 1;
	if (s->rlv.cur < 0 || (n && s->rows[s->rlv.cur].res < 0))
		s->rlv.cur = n > 1 ? 1 : 0;
}

static void data_free(struct bscreen *s)
{
	for (size_t i = 0; i < s->nb; i++)
		scan_records_free(s->scans[i], s->nscans[i]);
	x_free(&s->scans);
	x_free(&s->nscans);
	build_records_free(s->b, s->nb);
	s->b = NULL;
	s->nb = 0;
	x_free(&s->rows);
	x_free(&s->pub_at);
	x_free(&s->pub_by);
	project_free(s->p);
	s->p = NULL;
}

/* Who published, and when: the newest publish event. */
static void publish_info(struct tui *t, struct bscreen *s)
{
	struct event *ev = NULL;
	size_t n = 0;
	struct ct_error err;
	ct_error_clear(&err);
	if (store_events_list(t->sess->st, s->uuid, 500, &ev, &n, &err))
		return;
	for (size_t i = 0; i < n; i++) {
		if (!str_eq(ev[i].what, "publish"))
			continue;
		if (str_eq(ev[i].new_value, s->p->published ? "true" : "false")) {
			s->pub_at = xstrdup(ev[i].at);
			s->pub_by = xstrdup(ev[i].user);
		}
		break;
	}
	events_free(ev, n);
}

static void bscreen_load(struct tui *t, struct bscreen *s)
{
	/* The selection follows the build, not its position. */
	long long keep = selected_build(s) ? selected_build(s)->id : 0;
	data_free(s);
	if (!projscreen_load(t, s->uuid, &s->p)) {
		s->blv.n = s->rlv.n = 0;
		return;
	}
	struct ct_error err;
	ct_error_clear(&err);
	if (records_builds(t->ops, s->p, &s->b, &s->nb, &err)) {
		s->b = NULL;
		s->nb = 0;
		tui_msg(t, ATTR_ERROR, "%s", err.msg);
	}
	s->scans = xcalloc(s->nb + 1, sizeof(*s->scans));
	s->nscans = xcalloc(s->nb + 1, sizeof(*s->nscans));
	for (size_t i = 0; i < s->nb; i++)
		if (records_scans(t->ops, s->b[i].id, &s->scans[i], &s->nscans[i], &err)) {
			s->scans[i] = NULL;
			s->nscans[i] = 0;
			tui_msg(t, ATTR_ERROR, "%s", err.msg);
		}
	s->blv.n = (int)s->nb;
	for (size_t i = 0; i < s->nb; i++)
		if (s->b[i].id == keep)
			s->blv.cur = (int)i;
	if (s->blv.cur >= s->blv.n)
		s->blv.cur = s->blv.n ? s->blv.n - 1 : 0;
	publish_info(t, s);
	rows_build(s);
	if (!s->rlv.n)
		s->on_results = false;
}

static void *builds_open(struct tui *t, const char *arg)
{
	if (!arg)
		return NULL;
	struct bscreen *s = xcalloc(1, sizeof(*s));
	snprintf(s->uuid, sizeof(s->uuid), "%s", arg);
	bscreen_load(t, s);
	if (!projscreen_opened(t, s->p)) {
		free(s);
		return NULL;
	}
	return s;
}

static void builds_close(void *data)
{
	struct bscreen *s = data;
	data_free(s);
	free(s->import_path);
	free(s);
}

static void builds_reload(struct tui *t, void *data)
{
	bscreen_load(t, data);
}

static void draw_publish(struct bscreen *s, WINDOW *w, int y, int wd)
{
	const struct project *p = s->p;
	char *line;
	enum tui_attr a;
	if (p->published) {
		char when[40];
		date_format(s->pub_at, true, when, sizeof(when));
		line = s->pub_by ? xasprintf(_("Published (7.7) %s by %s"), when, s->pub_by)
				 : xstrdup(_("Published (7.7)"));
		a = ATTR_OK;
	} else if (p->scan == REC_PASSED) {
		char keys[32];
		keymap_keys(ACT_PUBLISH, keys, sizeof(keys));
		line = xasprintf(_("Not published yet: the scan passed; %s publishes the image"),
				 keys);
		a = ATTR_WARNING;
	} else {
		line = xstrdup(_("Not published: needs a passing scan of the latest build"));
		a = ATTR_DIM;
	}
	put_text(w, y, 1, line, wd - 2, tui_attr(a) | A_BOLD);
	free(line);
}

static void draw_builds(struct bscreen *s, WINDOW *w, int y0, int bh, int wd, bool head)
{
	bool wide = wd >= 76;
	int tw = wd >= 100 ? 20 : 12;
	if (head) {
		int x = 1;
		put_cell(w, y0, x, "#", 5, A_BOLD), x += 6;
		put_cell(w, y0, x, _("Tag"), tw, A_BOLD), x += tw + 1;
		put_cell(w, y0, x, _("Result"), 10, A_BOLD), x += 11;
		put_cell(w, y0, x, _("Started"), 11, A_BOLD), x += 12;
		put_cell(w, y0, x, _("Finished"), 11, A_BOLD), x += 12;
		if (wide) {
			put_cell(w, y0, x, _("Build ID"), 12, A_BOLD), x += 13;
			put_text(w, y0, x, _("By"), wd - x, A_BOLD);
		}
		y0++;
	}
	if (!s->nb) {
		char keys[32];
		keymap_keys(ACT_BUILD_START, keys, sizeof(keys));
		char *m = xasprintf(_("No builds yet. Build the image in the portal, and press %s "
				      "to record it with its tag (the plugin version)."),
				    keys);
		int y = y0;
		put_wrapped(w, &y, 2, wd - 4, y0 + bh, m, A_NORMAL, bh);
		free(m);
		return;
	}
	list_fit(&s->blv, bh);
	for (int r = 0; r < bh && s->blv.top + r < s->blv.n; r++) {
		int i = s->blv.top + r, y = y0 + r, x = 1;
		const struct build_record *b = &s->b[i];
		bool sel = i == s->blv.cur;
		attr_t a = sel ? (s->on_results ? A_BOLD : tui_attr(ATTR_SELECTED)) : A_NORMAL;
		put_fill(w, y, 0, wd, a);
		put_text(w, y, 0, sel ? ">" : " ", 1, a | A_BOLD);
		char id[24];
		snprintf(id, sizeof(id), "#%lld", b->id);
		put_cell(w, y, x, id, 5, a), x += 6;
		put_cell(w, y, x, b->tag, tw, a), x += tw + 1;
		put_cell(w, y, x, result_label(b->result), 10,
			 a | tui_attr(result_attr(b->result)));
		x += 11;
		char when[40];
		date_format(b->started_at, true, when, sizeof(when));
		put_cell(w, y, x, when, 11, a), x += 12;
		date_format(b->finished_at, true, when, sizeof(when));
		put_cell(w, y, x, b->finished_at ? when : "\u2014", 11, a), x += 12;
		if (wide) {
			put_cell(w, y, x, b->build_ref ? b->build_ref : "\u2014", 12, a), x += 13;
			put_cell(w, y, x, b->user ? b->user : "", wd - x, a);
		}
	}
}

/* What to do next when the selected build has no scan. */
static void draw_no_scan(struct bscreen *s, WINDOW *w, int y, int ymax, int wd)
{
	const struct build_record *b = selected_build(s);
	if (!b)
		return;
	char k1[32], k2[32];
	char *m;
	if (b->result == BUILD_RUNNING) {
		keymap_keys(ACT_BUILD_FINISH, k1, sizeof(k1));
		m = xasprintf(
		    _("Build #%lld is running. When the portal says it is done, press %s: "
		      "succeeded or failed."),
		    b->id, k1);
	} else if (b->result == BUILD_FAILED) {
		keymap_keys(ACT_BUILD_START, k1, sizeof(k1));
		m = xasprintf(_("Build #%lld failed, so it has no scan. Fix the build and press %s "
				"to record the next one."),
			      b->id, k1);
	} else if (s->blv.cur == 0) {
		keymap_keys(ACT_SCAN_IMPORT, k1, sizeof(k1));
		keymap_keys(ACT_SCAN_MANUAL, k2, sizeof(k2));
		m = xasprintf(
		    _("No scan recorded for build #%lld yet. Press %s to import preflight's "
		      "results.json, or %s to enter the portal's results by hand."),
		    b->id, k1, k2);
	} else {
		m = xasprintf(_("No scan was recorded for build #%lld."), b->id);
	}
	put_wrapped(w, &y, 2, wd - 4, ymax, m, A_NORMAL, ymax - y);
	free(m);
}

static void draw_results(struct bscreen *s, WINDOW *w, int y0, int rh, int wd)
{
	int bi = s->blv.cur;
	list_fit(&s->rlv, rh);
	int pw = wd >= 76 ? 26 : 20;
	for (int r = 0; r < rh && s->rlv.top + r < s->rlv.n; r++) {
		int i = s->rlv.top + r, y = y0 + r;
		const struct brow *row = &s->rows[i];
		const struct scan_record *sc = &s->scans[bi][row->scan];
		if (row->res < 0) {
			size_t nbad = 0;
			for (size_t k = 0; k < sc->n_results; k++)
				nbad += status_bad(sc->results[k].status);
			char when[40];
			date_format(sc->at, true, when, sizeof(when));
			char *h = xasprintf(_("Scan #%lld \u00b7 %s \u00b7 %zu of %zu failed "
					      "\u00b7 %s \u00b7 %s %s"),
					    sc->id, sc->passed ? _("passed") : _("FAILED"), nbad,
					    sc->n_results, sc->source, when, sc->user);
			put_text(w, y, 1, h, wd - 2,
				 tui_attr(sc->passed ? ATTR_OK : ATTR_ERROR) | A_BOLD);
			free(h);
			continue;
		}
		const struct scan_result *x = &sc->results[row->res];
		bool sel = i == s->rlv.cur;
		attr_t a = sel ? (s->on_results ? tui_attr(ATTR_SELECTED) : A_BOLD) : A_NORMAL;
		put_fill(w, y, 0, wd, a);
		put_text(w, y, 0, sel ? ">" : " ", 1, a | A_BOLD);
		put_text(w, y, 2, status_mark(x->status), 1, a | tui_attr(status_attr(x->status)));
		put_cell(w, y, 4, x->status, 5, a | tui_attr(status_attr(x->status)));
		put_cell(w, y, 10, x->policy, pw, a);
		int mx = 11 + pw;
		if (mx < wd - 1 && status_bad(x->status))
			put_cell(w, y, mx,
				 x->fix	      ? x->fix
				 : x->message ? x->message
					      : "",
				 wd - mx - 1, a);
	}
}

static int wrapped_count(const char *text, int width)
{
	if (!text)
		return 0;
	struct strlist lines = {0};
	text_wrap(text, width, &lines);
	int n = (int)lines.n;
	strlist_free(&lines);
	return n;
}

/* The selected result: message, fix and link, each wrapped; the fix
 * first, then the message, then the link get the rows there are. */
static void draw_result_pane(struct bscreen *s, WINDOW *w, int y, int ymax, int wd)
{
	if (!s->rlv.n || s->rows[s->rlv.cur].res < 0)
		return;
	const struct brow *row = &s->rows[s->rlv.cur];
	const struct scan_result *x = &s->scans[s->blv.cur][row->scan].results[row->res];
	char *head = xasprintf("%s \u00b7 %s", x->policy, x->status);
	put_text(w, y++, 1, head, wd - 2, tui_attr(status_attr(x->status)) | A_BOLD);
	free(head);
	bool bad = status_bad(x->status);
	char *fx = bad && x->fix ? xasprintf(_("fix: %s"), x->fix) : NULL;
	const char *url = bad ? x->url : NULL;
	int want[3] = {wrapped_count(fx, wd - 2), wrapped_count(x->message, wd - 2),
		       wrapped_count(url, wd - 2)};
	int got[3], room = ymax - y;
	for (int i = 0; i < 3; i++) {
		got[i] = want[i] && room > 0 ? 1 : 0;
		room -= got[i];
	}
	for (int i = 0; i < 3; i++) {
		int more = want[i] - got[i];
		if (more > room)
			more = room;
		got[i] += more;
		room -= more;
	}
	if (got[1])
		put_wrapped(w, &y, 1, wd - 2, ymax, x->message, A_NORMAL, got[1]);
	if (got[0])
		put_wrapped(w, &y, 1, wd - 2, ymax, fx, A_BOLD, got[0]);
	if (got[2])
		put_wrapped(w, &y, 1, wd - 2, ymax, url, tui_attr(ATTR_DIM), got[2]);
	free(fx);
}

static void builds_draw(struct tui *t, void *data, WINDOW *w, int h, int wd)
{
	struct bscreen *s = data;
	(void)t;
	if (projscreen_gone(s->p, w, wd))
		return;
	const struct build_record *sb = selected_build(s);
	char *ref = records_image_ref(s->p, sb ? sb->tag : NULL);
	char *img = xasprintf(_("Image: %s"), ref);
	/* The reference whole: without its label when that does not fit,
	 * and then with its middle elided, so the tag stays in view. */
	char *cut = text_elide(ref, wd - 2);
	put_text(w, 0, 1, text_width(img) <= wd - 2 ? img : cut, wd - 2, A_BOLD);
	free(cut);
	free(img);
	free(ref);
	draw_publish(s, w, 1, wd);
	/* The table keeps its header down to the smallest terminal. */
	bool head = h >= 10;
	int bh = s->nb ? (int)s->nb : 2;
	int bmax = h >= 18 ? 5 : 2;
	if (bh > bmax)
		bh = bmax;
	int y = 2;
	draw_builds(s, w, y, bh, wd, head);
	s->by0 = 1 + y + head;
	y += bh + head;
	draw_hline(w, y, 0, wd);
	if (sb) {
		char *t2 = xasprintf(_(" Scans of build #%lld (%s) "), sb->id, sb->tag);
		put_text(w, y, 2, t2, wd - 4, A_BOLD);
		free(t2);
	}
	y++;
	if (!sb)
		return;
	if (!s->rlv.n) {
		draw_no_scan(s, w, y, h, wd);
		return;
	}
	/* The list as long as it is, up to what leaves the pane its rows. */
	int dh = h >= 20 ? 7 : 5;
	int rh = h - y - dh;
	if (rh > s->rlv.n)
		rh = s->rlv.n;
	if (rh < 2)
		rh = 2;
	dh = h - y - rh;
	s->ry0 = 1 + y;
	draw_results(s, w, y, rh, wd);
	y += rh;
	if (dh > 1) {
		draw_hline(w, y, 0, wd);
		draw_result_pane(s, w, y + 1, h, wd);
	}
}

/* The latest build, when a scan can be recorded for it; else explains
 * in the status line what comes first. */
static const struct build_record *scannable(struct tui *t, struct bscreen *s)
{
	char keys[32];
	if (!s->nb) {
		keymap_keys(ACT_BUILD_START, keys, sizeof(keys));
		tui_msg(t, ATTR_WARNING, _("There is no build to scan yet; %s records one."), keys);
		return NULL;
	}
	const struct build_record *b = &s->b[0];
	if (b->result == BUILD_RUNNING) {
		keymap_keys(ACT_BUILD_FINISH, keys, sizeof(keys));
		tui_msg(t, ATTR_WARNING,
			_("Build #%lld is still running; %s finishes it before its scan."), b->id,
			keys);
		return NULL;
	}
	if (b->result == BUILD_FAILED) {
		keymap_keys(ACT_BUILD_START, keys, sizeof(keys));
		tui_msg(t, ATTR_WARNING,
			_("Build #%lld failed, and a failed build has no scan; %s records a new "
			  "build."),
			b->id, keys);
		return NULL;
	}
	return b;
}

static void tag_check(void *ud, const char *value, struct problems *out)
{
	const struct project *p = ud;
	if (str_is_empty(value)) {
		problems_add(out, CT_SEV_ERROR, "tag.empty", "tag", NULL, NULL,
			     _("type the version of your plugin, e.g. 3.7.1"), "%s",
			     _("the tag is empty"));
		return;
	}
	struct validate_ctx ctx;
	engine_validate_ctx(p, &ctx);
	const struct validator *v = validator_find("oci_tag");
	if (v)
		v->fn(&ctx, "tag", value, out);
}

static void build_start(struct tui *t, struct bscreen *s)
{
	char keys[32];
	if (s->nb && s->b[0].result == BUILD_RUNNING) {
		keymap_keys(ACT_BUILD_FINISH, keys, sizeof(keys));
		tui_msg(t, ATTR_WARNING,
			_("Build #%lld (%s) is still running; %s finishes it first."), s->b[0].id,
			s->b[0].tag, keys);
		return;
	}
	/* The tag should be the plugin version: offer the last one. */
	const char *init = s->nb ? s->b[0].tag : project_value(s->p, "product_version");
	char *ref = records_image_ref(s->p, NULL);
	/* TRANSLATORS: the second line is the image reference ending in <tag>. */
	char *q = xasprintf(_("Tag of the build (the plugin version):\n%s"), ref);
	free(ref);
	/* Selected: a new version is typed over it, or it is edited. */
	char *tag = prompt_line_selected(t, q, init, tag_check, s->p);
	free(q);
	if (!tag)
		return;
	char *id = prompt_line(t, _("The portal's Build ID (optional; Enter leaves it empty):"), "",
			       NULL, NULL);
	if (!id) {
		free(tag);
		return;
	}
	long long bid = 0;
	struct problems ps = {0};
	struct ct_error err;
	ct_error_clear(&err);
	if (ops_build_start(t->ops, s->uuid, tag, str_is_empty(id) ? NULL : id, NULL, &bid, &ps,
			    &err)) {
		if (problems_count(&ps, CT_SEV_ERROR))
			tui_msg_problems(t, _("Not recorded:"), &ps);
		else
			tui_msg(t, ATTR_ERROR, "%s", err.msg);
	} else {
		tui_data_changed(t);
		/* The new build, newest first. */
		s->blv.cur = 0;
		s->on_results = false;
		rows_build(s);
		if (ps.n)
			tui_msg(t, ATTR_WARNING, _("Build #%lld of %s started; note: %s"), bid, tag,
				ps.v[0].message);
		else
			tui_msg(t, ATTR_OK, _("Build #%lld of %s started."), bid, tag);
	}
	problems_free(&ps);
	free(id);
	free(tag);
}

static void build_finish(struct tui *t, struct bscreen *s)
{
	char keys[32];
	if (!s->nb || s->b[0].result != BUILD_RUNNING) {
		keymap_keys(ACT_BUILD_START, keys, sizeof(keys));
		tui_msg(t, ATTR_WARNING, _("No build is running; %s records a new one."), keys);
		return;
	}
	long long id = s->b[0].id;
	char *q = xasprintf(_("Build #%lld (%s) finished:"), id, s->b[0].tag);
	const char *choices[] = {_("succeeded"), _("failed")};
	int c = prompt_choice(t, q, choices, 2, 0);
	free(q);
	if (c < 0)
		return;
	struct ct_error err;
	ct_error_clear(&err);
	if (ops_build_finish(t->ops, s->uuid, c == 1, NULL, NULL, &err)) {
		tui_msg(t, ATTR_ERROR, "%s", err.msg);
		return;
	}
	tui_data_changed(t);
	s->blv.cur = 0;
	rows_build(s);
	if (c == 1) {
		keymap_keys(ACT_BUILD_START, keys, sizeof(keys));
		tui_msg(t, ATTR_WARNING,
			_("Build #%lld failed; fix it and %s records the next build."), id, keys);
	} else {
		keymap_keys(ACT_SCAN_IMPORT, keys, sizeof(keys));
		tui_msg(t, ATTR_OK, _("Build #%lld succeeded; %s imports its scan."), id, keys);
	}
}

/* "~/x" for the home folder; a new string. */
static char *path_expand(const char *path)
{
	const char *home = getenv("HOME");
	if (path[0] == '~' && (path[1] == '/' || !path[1]) && home && *home)
		return xasprintf("%s%s", home, path + 1);
	return xstrdup(path);
}

static void file_check(void *ud, const char *value, struct problems *out)
{
	(void)ud;
	if (str_is_empty(value)) {
		problems_add(out, CT_SEV_ERROR, "file.empty", NULL, NULL, NULL,
			     _("preflight writes it under artifacts/ in the folder it ran in"),
			     "%s", _("give the path of results.json"));
		return;
	}
	char *path = path_expand(value);
	struct stat sb;
	if (stat(path, &sb) != 0)
		problems_add(out, CT_SEV_ERROR, "file.missing", NULL, NULL, NULL, NULL,
			     _("there is no file %s"), path);
	else if (S_ISDIR(sb.st_mode))
		problems_add(out, CT_SEV_ERROR, "file.folder", NULL, NULL, NULL,
			     _("give the results.json file inside it"), _("%s is a folder"), path);
	free(path);
}

/* After a scan: the newest build, its results in focus on the first
 * failed one, so that its fix shows at once. */
static void show_new_scan(struct bscreen *s)
{
	s->blv.cur = 0;
	s->rlv.cur = 0;
	rows_build(s);
	s->on_results = s->rlv.n > 0;
}

static void scan_done(struct tui *t, struct bscreen *s, bool passed, size_t nfail)
{
	tui_data_changed(t);
	show_new_scan(s);
	char keys[32];
	if (passed) {
		keymap_keys(ACT_PUBLISH, keys, sizeof(keys));
		tui_msg(t, ATTR_OK, _("Scan recorded: passed. %s publishes the image."), keys);
	} else {
		tui_msg(t, ATTR_ERROR,
			P_("Scan recorded: FAILED, %zu check failed; its fix is shown below (j/k "
			   "to move).",
			   "Scan recorded: FAILED, %zu checks failed; each fix is shown below (j/k "
			   "to move).",
			   nfail),
			nfail);
	}
}

static void scan_import(struct tui *t, struct bscreen *s)
{
	if (!scannable(t, s))
		return;
	char *in = prompt_line(t, _("Path of preflight's results.json:"),
			       s->import_path ? s->import_path : "", file_check, NULL);
	if (!in)
		return;
	if (str_is_empty(in)) {
		free(in);
		return;
	}
	free(s->import_path);
	s->import_path = in;
	char *path = path_expand(in);
	struct scan_result *v = NULL;
	size_t n = 0;
	bool file_passed = false, passed = false;
	struct ct_error err;
	ct_error_clear(&err);
	/* keep what the file says it tested; a file of another image is
	 * refused (the command line's scan --import --force records it) */
	struct scan_record meta;
	if (preflight_load_record(path, &meta, &file_passed, &err)) {
		tui_msg(t, ATTR_ERROR, _("Not imported: %s"), err.msg);
	} else if (v = meta.results, n = meta.n_results, meta.results = NULL, meta.n_results = 0,
		   ops_scan_record_meta(t->ops, s->uuid, "preflight", &meta, false, v, n, &passed,
					NULL, &err)) {
		tui_msg(t, ATTR_ERROR, _("Not recorded: %s"), err.msg);
	} else {
		size_t nfail = 0;
		for (size_t i = 0; i < n; i++)
			nfail += status_bad(v[i].status);
		scan_done(t, s, passed, nfail);
		if (file_passed != passed)
			tui_msg(t, ATTR_WARNING,
				_("Scan recorded: %s. Note: the file says passed=%s, but its "
				  "results say otherwise; certtrack goes by the results."),
				passed ? _("passed") : _("FAILED"), file_passed ? "true" : "false");
	}
	scan_results_free(v, n);
	scan_record_clear(&meta);
	free(path);
}

/* Lines "POLICY=STATUS [remediation text]" into results; false with the
 * line's problem in why. */
static bool manual_parse(const char *text, struct scan_result **v, size_t *n, char *why,
			 size_t size)
{
	struct strlist lines = {0};
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		strlist_add_owned(&lines, xstrndup(p, len));
		p = nl ? nl + 1 : NULL;
	}
	*v = xcalloc(lines.n + 1, sizeof(**v));
	*n = 0;
	bool ok = true;
	for (size_t i = 0; i < lines.n && ok; i++) {
		char *l = lines.v[i];
		while (*l == ' ' || *l == '\t')
			l++;
		if (!*l || *l == '#')
			continue;
		char key[128];
		const char *value;
		if (!ops_parse_assignment(l, key, sizeof(key), &value) || !key[0]) {
			snprintf(why, size, _("line %zu: \"%s\" is not POLICY=STATUS"), i + 1, l);
			ok = false;
			break;
		}
		size_t sl = strcspn(value, " \t");
		char *status = xstrndup(value, sl);
		const char *rest = value + sl;
		while (*rest == ' ' || *rest == '\t')
			rest++;
		if (!str_eq(status, "pass") && !str_eq(status, "fail") && !str_eq(status, "warn") &&
		    !str_eq(status, "error")) {
			snprintf(
			    why, size,
			    _("line %zu: unknown status \"%s\"; use pass, fail, warn or error"),
			    i + 1, status);
			free(status);
			ok = false;
			break;
		}
		struct scan_result *r = &(*v)[(*n)++];
		r->policy = xstrdup(key);
		r->status = status;
		if (*rest)
			r->fix = xstrdup(rest);
	}
	if (ok && !*n) {
		snprintf(why, size, "%s",
			 _("no result given: write one POLICY=STATUS line per policy"));
		ok = false;
	}
	strlist_free(&lines);
	return ok;
}

static char *manual_template(struct bscreen *s)
{
	char *text = xstrdup(_("# One line each: POLICY=STATUS, then a failed one's fix\n"
			       "# STATUS: pass, fail, warn or error\n"));
	/* The policies of the last scan, else the pre-scan's. */
	const struct scan_record *last = NULL;
	for (size_t i = 0; i < s->nb && !last; i++)
		if (s->nscans[i])
			last = &s->scans[i][0];
	size_t np = 0;
	const char *const *pol = prescan_policies(&np);
	size_t n = last ? last->n_results : np;
	for (size_t i = 0; i < n; i++) {
		char *more =
		    xasprintf("%s%s=pass\n", text, last ? last->results[i].policy : pol[i]);
		free(text);
		text = more;
	}
	return text;
}

static void scan_manual(struct tui *t, struct bscreen *s)
{
	if (!scannable(t, s))
		return;
	char *text = manual_template(s);
	char *title = xasprintf(_("Scan of build #%lld (%s), by hand"), s->b[0].id, s->b[0].tag);
	for (;;) {
		char *edited = note_edit(t, title, text);
		if (!edited)
			break;
		free(text);
		text = edited;
		struct scan_result *v = NULL;
		size_t n = 0;
		char why[512];
		if (!manual_parse(text, &v, &n, why, sizeof(why))) {
			tui_msg(t, ATTR_ERROR, _("Not recorded: %s"), why);
			scan_results_free(v, n);
			continue; /* back to the editor with the text kept */
		}
		bool passed = false;
		struct ct_error err;
		ct_error_clear(&err);
		enum ct_status st = ops_scan_record(t->ops, s->uuid, "manual", v, n, &passed, &err);
		if (st == CT_USAGE) {
			/* The text is wrong (a policy given twice): back to it. */
			tui_msg(t, ATTR_ERROR, _("Not recorded: %s"), err.msg);
			scan_results_free(v, n);
			continue;
		} else if (st) {
			tui_msg(t, ATTR_ERROR, _("Not recorded: %s"), err.msg);
		} else {
			size_t nfail = 0;
			for (size_t i = 0; i < n; i++)
				nfail += status_bad(v[i].status);
			scan_done(t, s, passed, nfail);
		}
		scan_results_free(v, n);
		break;
	}
	free(title);
	free(text);
}

/* Why publishing is refused, and what to do first; NULL when the records
 * do not say (the core's message is shown then). */
static const char *publish_refusal(const struct bscreen *s, char *buf, size_t size)
{
	const struct project *p = s->p;
	char keys[32];
	if (p->build == REC_NONE) {
		keymap_keys(ACT_BUILD_START, keys, sizeof(keys));
		snprintf(buf, size, _("no build is recorded yet; %s records one"), keys);
	} else if (p->build == REC_FAILED) {
		keymap_keys(ACT_BUILD_START, keys, sizeof(keys));
		snprintf(buf, size, _("the latest build failed; %s records a new one"), keys);
	} else if (p->build == REC_RUNNING) {
		keymap_keys(ACT_BUILD_FINISH, keys, sizeof(keys));
		snprintf(buf, size, _("the latest build is still running; %s finishes it"), keys);
	} else if (p->scan == REC_NONE) {
		keymap_keys(ACT_SCAN_IMPORT, keys, sizeof(keys));
		snprintf(buf, size, _("the latest build has no scan; %s imports it"), keys);
	} else if (p->scan == REC_FAILED) {
		snprintf(buf, size, "%s",
			 _("the latest build's scan did not pass (7.7); fix the failed checks, "
			   "then record a new build and its scan"));
	} else {
		return NULL;
	}
	return buf;
}

static void publish(struct tui *t, struct bscreen *s, bool on)
{
	char keys[32];
	if (on && s->p->published) {
		keymap_keys(ACT_UNPUBLISH, keys, sizeof(keys));
		tui_msg(t, ATTR_NORMAL, _("The image is published already; %s unpublishes it."),
			keys);
		return;
	}
	if (!on && !s->p->published) {
		tui_msg(t, ATTR_NORMAL, "%s", _("The image is not published."));
		return;
	}
	if (!on) {
		struct strlist lines = {0};
		char *ref = records_image_ref(s->p, s->nb ? s->b[0].tag : NULL);
		strlist_add_owned(&lines, ref);
		strlist_add(&lines, _("The item \"published\" goes back to not done."));
		bool yes = prompt_confirm(t, _("Unpublish"), &lines, _("Unpublish the image?"));
		strlist_free(&lines);
		if (!yes || !s->p) {
			tui_msg(t, ATTR_NORMAL, "%s", _("Still published."));
			return;
		}
	}
	struct ct_error err;
	ct_error_clear(&err);
	if (ops_publish(t->ops, s->uuid, on, &err)) {
		char why[256];
		if (on && publish_refusal(s, why, sizeof(why)))
			tui_msg(t, ATTR_ERROR, _("Not published: %s."), why);
		else
			tui_msg(t, ATTR_ERROR, "%s", err.msg);
		return;
	}
	tui_data_changed(t);
	if (!s->p)
		return;
	char *ref = records_image_ref(s->p, s->nb ? s->b[0].tag : NULL);
	if (on)
		tui_msg(t, ATTR_OK, _("Published %s."), ref);
	else
		tui_msg(t, ATTR_OK, _("Unpublished %s; u undoes it."), ref);
	free(ref);
}

static bool builds_key(struct tui *t, void *data, enum action a, int key)
{
	struct bscreen *s = data;
	if (!s->p)
		return false;
	if (key == (TUI_KEYCODE | KEY_MOUSE)) {
		int before = s->blv.cur;
		if (s->on_results)
			return list_mouse(&s->rlv, s->ry0);
		bool r = list_mouse(&s->blv, s->by0);
		if (s->blv.cur != before)
			rows_build(s);
		return r;
	}
	if (s->on_results) {
		int before = s->rlv.cur;
		if (list_move(&s->rlv, a)) {
			/* Scan headings are not selectable: step over them. */
			if (s->rlv.n && s->rows[s->rlv.cur].res < 0) {
				if (s->rlv.cur < before && s->rlv.cur > 0)
					s->rlv.cur--;
				else if (s->rlv.cur + 1 < s->rlv.n)
					s->rlv.cur++;
			}
			return true;
		}
	} else {
		int before = s->blv.cur;
		if (list_move(&s->blv, a)) {
			if (s->blv.cur != before) {
				s->rlv.cur = s->rlv.top = 0;
				rows_build(s);
			}
			return true;
		}
	}
	switch (a) {
	case ACT_BUILDS_PANE:
		if (!s->rlv.n) {
			tui_msg(t, ATTR_NORMAL, "%s",
				_("This build has no scan results to look at."));
			s->on_results = false;
		} else {
			s->on_results = !s->on_results;
		}
		return true;
	case ACT_BUILD_START:
		build_start(t, s);
		return true;
	case ACT_BUILD_FINISH:
		build_finish(t, s);
		return true;
	case ACT_SCAN_IMPORT:
		scan_import(t, s);
		return true;
	case ACT_SCAN_MANUAL:
		scan_manual(t, s);
		return true;
	case ACT_PUBLISH:
		publish(t, s, true);
		return true;
	case ACT_UNPUBLISH:
		publish(t, s, false);
		return true;
	case ACT_HISTORY:
		tui_push(t, "history", s->uuid);
		return true;
	default:
		return false;
	}
}

static void builds_title(void *data, char *buf, size_t size)
{
	struct bscreen *s = data;
	if (!s->p) {
		snprintf(buf, size, "%s", _("(deleted project)"));
		return;
	}
	snprintf(buf, size, _("Builds of %s \u00b7 %s"), s->p->name,
		 s->p->published ? _("published") : _("not published"));
}

static const enum action builds_hints[] = {
    ACT_BUILD_START, ACT_BUILD_FINISH, ACT_SCAN_IMPORT, ACT_SCAN_MANUAL, ACT_PUBLISH,
    ACT_BUILDS_PANE, ACT_HELP, ACT_BACK, ACT_UNPUBLISH, ACT_NONE,
};

const struct screen_ops screen_builds_ops = {
    .name = "builds",
    .scope = SCOPE_BUILDS,
    .open = builds_open,
    .close = builds_close,
    .draw = builds_draw,
    .key = builds_key,
    .reload = builds_reload,
    .title = builds_title,
    .hints = builds_hints,
};
