/* report.c - what every report format shares: the formats' names, loading
 * what a report shows in one snapshot, one project at a time, handing each
 * to the format (report_json.c, report_markdown.c, report_html.c,
 * report_csv.c) and freeing it before the next; and writing a report so
 * that a crash never leaves half a file. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/report.h"
#include "certtrack/atomicfile.h"
#include "certtrack/engine.h"
#include "certtrack/i18n.h"
#include "certtrack/records.h"
#include "certtrack/util.h"
#include "core/report_int.h"
#include "core/txn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const struct {
	enum report_format f;
	const char *name;
	const char *ext;
} formats[] = {
	{REPORT_JSON, "json", "json"},
	{REPORT_MARKDOWN, "markdown", "md"},
	{REPORT_HTML, "html", "html"},
	{REPORT_CSV, "csv", "csv"},
};

bool report_format_parse(const char *s, enum report_format *out)
{
	if (!s)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (strcmp(s, formats[i].name) == 0 || strcmp(s, formats[i].ext) == 0) {
			*out = formats[i].f;
			return true;
		}
	if (strcmp(s, "htm") == 0) {
		*out = REPORT_HTML;
		return true;
	}
	return false;
}

const char *report_format_name(enum report_format f)
{
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (formats[i].f == f)
			return formats[i].name;
	return "json";
}

const char *report_format_extension(enum report_format f)
{
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (formats[i].f == f)
			return formats[i].ext;
	return "json";
}

bool report_format_from_path(const char *path, enum report_format *out)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	const char *dot = path ? strrchr(slash ? slash : path, '.') : NULL;
	if (!dot || !dot[1])
		return false;
	char ext[16];
	size_t i = 0;
	for (const char *p = dot + 1; *p && i + 1 < sizeof(ext); p++)
		ext[i++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	ext[i] = '\0';
	return report_format_parse(ext, out);
}

char *report_default_filename(enum report_format f, long long now)
{
	time_t t = (time_t)now;
	struct tm tm;
	char stamp[32];
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M", &tm);
	return xasprintf("certtrack-report-%s.%s", stamp, report_format_extension(f));
}

/* Loading */

static void report_project_free(struct report_project *rp)
{
	for (size_t i = 0; i < rp->n_builds; i++)
		scan_records_free(rp->scans[i], rp->n_scans[i]);
	free(rp->scans);
	free(rp->n_scans);
	build_records_free(rp->builds, rp->n_builds);
	prescan_records_free(rp->prescans, rp->n_prescans);
	verifications_free(rp->verifications, rp->n_verifications);
	if (rp->event_text.head) {
		free(rp->events);
		strpool_free(&rp->event_text);
	} else {
		events_free(rp->events, rp->n_events);
	}
	free(rp->published_at);
	free(rp->published_by);
	problems_free(&rp->problems);
	project_free(rp->p);
}

/* Copies a history row into the project's list, its strings into the
 * project's pool: a few allocations for all its rows. */
static enum ct_status keep_event(void *ud, const struct event *e)
{
	struct report_project *rp = ud;
	size_t n = rp->n_events;
	if ((n & (n - 1)) == 0) /* 0, 1, 2, 4 ...: double the room */
		rp->events = xreallocarray(rp->events, n ? 2 * n : 1, sizeof(*rp->events));
	event_copy_pooled(&rp->events[rp->n_events++], e, &rp->event_text);
	return CT_OK;
}

/* What the human formats show of the history: the newest rows, then the
 * older hand-offs, in order, each read by its own query. */
static enum ct_status load_recent(struct store *st, struct report_project *rp,
				  struct ct_error *err)
{
	enum ct_status s = store_events_each(st, rp->p->uuid, REPORT_RECENT, keep_event, rp, err);
	if (s || rp->n_events < REPORT_RECENT)
		return s;
	return store_events_owner(st, rp->p->uuid, rp->events[rp->n_events - 1].id, keep_event, rp,
				  err);
}

static enum ct_status load_project(struct ops_ctx *c, long long id, struct report_project *rp,
				   bool recent, struct ct_error *err)
{
	struct store *st = c->st;
	enum ct_status s;
	memset(rp, 0, sizeof(*rp));
	if ((s = store_project_load(st, id, c->templates, &rp->p, err)))
		return s;
	if ((s = store_builds_list(st, id, &rp->builds, &rp->n_builds, err)))
		return s;
	rp->scans = xcalloc(rp->n_builds ? rp->n_builds : 1, sizeof(*rp->scans));
	rp->n_scans = xcalloc(rp->n_builds ? rp->n_builds : 1, sizeof(*rp->n_scans));
	for (size_t i = 0; i < rp->n_builds; i++)
		if ((s = store_scans_list(st, rp->builds[i].id, &rp->scans[i], &rp->n_scans[i], err)))
			return s;
	if ((s = store_prescans_list(st, id, 0, &rp->prescans, &rp->n_prescans, err)))
		return s;
	if (recent) {
		if ((s = load_recent(st, rp, err)))
			return s;
	} else if ((s = store_events_list(st, rp->p->uuid, 0, &rp->events, &rp->n_events, err)) ||
		   (s = store_verifications_list(st, id, 0, &rp->verifications,
						 &rp->n_verifications, err))) {
		return s;
	}
	if ((s = store_project_published_info(st, id, &rp->published, &rp->published_at,
					      &rp->published_by, err)))
		return s;
	engine_problems(rp->p, &rp->problems);
	engine_progress(rp->p, &rp->done, &rp->total);
	rp->next = engine_next_action(rp->p);
	return CT_OK;
}

static const struct report_format_ops *format_ops(enum report_format f)
{
	switch (f) {
	case REPORT_MARKDOWN:
		return &report_markdown_ops;
	case REPORT_HTML:
		return &report_html_ops;
	case REPORT_CSV:
		return &report_csv_ops;
	default:
		return &report_json_ops;
	}
}

/* What the brief formats show of a project: no records, history or
 * problems. */
static enum ct_status load_brief(struct ops_ctx *c, long long id, struct report_project *rp,
				 struct ct_error *err)
{
	memset(rp, 0, sizeof(*rp));
	enum ct_status s = store_project_load(c->st, id, c->templates, &rp->p, err);
	if (s)
		return s;
	engine_progress(rp->p, &rp->done, &rp->total);
	rp->next = engine_next_action(rp->p);
	return CT_OK;
}

struct walk {
	struct ops_ctx *c;
	const struct report_format_ops *ops;
	struct report_sink *k;
	struct ct_error *err;
	bool portfolio; /* this pass writes the portfolio's rows */
};

/* "a, b" of a list, or NULL when it is empty; caller frees. */
static char *joined(const struct strlist *l)
{
	struct strbuf sb = {0};
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			sb_add(&sb, ", ");
		sb_add(&sb, l->v[i]);
	}
	return l->n ? sb_detach(&sb) : NULL;
}

/* A portfolio row from the stored summary and two small queries: the
 * project itself is not loaded. */
static enum ct_status write_row(void *ud, const struct project_summary *ps)
{
	struct walk *w = ud;
	struct report_row r = {.s = ps};
	r.tpl = template_set_find(w->c->templates, ps->template_id ? ps->template_id : "");
	if (!r.tpl)
		return ct_fail(w->err, CT_DATA,
			       _("project uses template \"%s\", which is not installed; add its folder with --templates"),
			       ps->template_id ? ps->template_id : "");
	struct strlist keys = {0}, titles = {0}, failed = {0};
	enum ct_status s = store_items_blocked(w->c->st, ps->id, &keys, w->err);
	if (!s)
		s = store_latest_scan_failed(w->c->st, ps->id, &failed, w->err);
	if (!s) {
		/* In the checklist's order, as the sections list them. */
		for (size_t i = 0; i < r.tpl->n_items; i++)
			if (strlist_contains(&keys, r.tpl->items[i].key))
				strlist_add(&titles, _(r.tpl->items[i].title));
		int next = ps->next_action ? template_item_index(r.tpl, ps->next_action) : -1;
		r.next = next >= 0 ? xasprintf("%s (%s)", _(r.tpl->items[next].title),
					       r.tpl->items[next].key)
				   : xstrdup(_("nothing left: every item is done"));
		r.blocked = joined(&titles);
		r.failed = joined(&failed);
		w->ops->portfolio(w->k, &r);
	}
	free(r.next);
	free(r.blocked);
	free(r.failed);
	strlist_free(&keys);
	strlist_free(&titles);
	strlist_free(&failed);
	return s;
}

static enum ct_status write_one(struct walk *w, long long id, struct ct_error *err)
{
	if (w->portfolio)
		return store_project_summary(w->c->st, id, write_row, w, err);
	struct report_project rp;
	enum ct_status s = w->ops->brief ? load_brief(w->c, id, &rp, err)
					 : load_project(w->c, id, &rp, w->ops->recent, err);
	if (!s) {
		w->ops->project(w->k, &rp);
		w->k->index++;
	}
	report_project_free(&rp);
	return s;
}

static enum ct_status write_listed(void *ud, const struct project_summary *ps)
{
	struct walk *w = ud;
	return w->portfolio ? write_row(w, ps) : write_one(w, ps->id, w->err);
}

static int tomb_by_uuid(const void *a, const void *b)
{
	const struct report_tombstone *x = a, *y = b;
	return strcmp(x->p->uuid, y->p->uuid);
}

static void tombstones_free(struct report_head *h)
{
	for (size_t i = 0; i < h->n_deleted; i++) {
		project_free(h->deleted[i].p);
		events_free(h->deleted[i].events, h->deleted[i].n_events);
	}
	free(h->deleted);
	h->deleted = NULL;
	h->n_deleted = 0;
}

/* The deleted projects, found by their deletion in the history: each once,
 * in UUID order, so that two copies with the same history write the same. */
static enum ct_status deletion_row(void *ud, const struct event *e)
{
	if (e->project_uuid && str_eq(e->what, "project.delete"))
		strlist_add(ud, e->project_uuid);
	return CT_OK;
}

static enum ct_status tombstones_collect(struct ops_ctx *c, struct report_head *h,
					 struct ct_error *err)
{
	/* Only the deletion rows of the history are read, one at a time: a
	 * report's memory and time must not grow with the history. */
	struct strlist uuids = {0};
	enum ct_status s = store_events_kind(c->st, "project.delete", deletion_row, &uuids, err);
	for (size_t i = 0; i < uuids.n && !s; i++) {
		const char *uuid = uuids.v[i];
		bool seen = false;
		for (size_t k = 0; k < h->n_deleted && !seen; k++)
			seen = strcmp(h->deleted[k].p->uuid, uuid) == 0;
		long long id;
		struct ct_error quiet;
		if (seen || store_project_find(c->st, uuid, false, &id, &quiet) == CT_OK ||
		    store_project_find(c->st, uuid, true, &id, &quiet) != CT_OK)
			continue;
		struct project *p;
		if (store_project_load(c->st, id, c->templates, &p, &quiet) != CT_OK)
			continue; /* of a template not installed here: nothing to tell */
		h->deleted = xreallocarray(h->deleted, h->n_deleted + 1, sizeof(*h->deleted));
		struct report_tombstone *t = &h->deleted[h->n_deleted++];
		memset(t, 0, sizeof(*t));
		t->p = p;
		s = store_events_list(c->st, p->uuid, 0, &t->events, &t->n_events, err);
	}
	strlist_free(&uuids);
	if (h->n_deleted)
		qsort(h->deleted, h->n_deleted, sizeof(*h->deleted), tomb_by_uuid);
	return s;
}

enum ct_status report_write(struct ops_ctx *c, enum report_format f, const char *const *refs,
			    size_t n, FILE *out, size_t *n_projects, struct ct_error *err)
{
	struct report_head h = {.generated_by = c->user};
	time_now_iso(h.generated_at);
	report_tr_reset();
	struct report_sink k = {.out = out, .h = &h};
	struct walk w = {.c = c, .ops = format_ops(f), .k = &k, .err = err};
	if (n_projects)
		*n_projects = 0;
	enum ct_status s = store_read_begin(c->st, err);
	if (s)
		return s;
	/* Every project is named before the first byte is written, so that an
	 * unknown one writes nothing. */
	long long *ids = NULL;
	if (w.ops->tombstones)
		s = txn_withdrawn(c->st, &h.withdrawn, &h.n_withdrawn, err);
	if (s) {
		/* nothing read yet */
	} else if (n == 0) {
		s = store_project_count(c->st, &h.n, err);
		if (!s && w.ops->tombstones)
			s = tombstones_collect(c, &h, err);
	} else {
		ids = xcalloc(n, sizeof(*ids));
		for (size_t i = 0; i < n && !s; i++) {
			long long id;
			if ((s = store_project_find(c->st, refs[i], false, &id, err)))
				break;
			bool seen = false;
			for (size_t j = 0; j < h.n; j++)
				seen = seen || ids[j] == id;
			if (!seen)
				ids[h.n++] = id;
		}
	}
	if (!s) {
		w.ops->begin(&k);
		/* Two passes when the format opens with a portfolio table: its
		 * rows, then the sections; each loads one project at a time. */
		for (int pass = w.ops->portfolio && h.n ? 0 : 1; pass < 2 && !s; pass++) {
			w.portfolio = pass == 0;
			if (n == 0)
				s = store_project_each(c->st, write_listed, &w, err);
			for (size_t i = 0; i < h.n && ids && !s; i++)
				s = write_one(&w, ids[i], err);
			if (!s && w.portfolio)
				w.ops->portfolio_end(&k);
		}
		if (!s)
			w.ops->end(&k);
	}
	store_read_end(c->st);
	tombstones_free(&h);
	free(h.withdrawn);
	free(ids);
	sb_free(&k.buf);
	free(k.tail);
	if (!s && n_projects)
		*n_projects = k.index;
	return s;
}

enum ct_status report_render(struct ops_ctx *c, enum report_format f, const char *const *refs,
			     size_t n, char **out, size_t *len, struct ct_error *err)
{
	*out = NULL;
	*len = 0;
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);
	if (!fp)
		return ct_fail(err, CT_SYSTEM, _("cannot make the report: %s"), strerror(errno));
	enum ct_status s = report_write(c, f, refs, n, fp, NULL, err);
	if (fclose(fp) != 0 && !s)
		s = ct_fail(err, CT_SYSTEM, _("cannot make the report: %s"), strerror(errno));
	if (s) {
		free(buf);
		return s;
	}
	*out = buf;
	*len = size;
	return CT_OK;
}

/* Writing */

typedef enum ct_status (*report_fill_fn)(void *ud, FILE *fp, struct ct_error *err);

/* Writes what fill writes to a file that appears whole under path or not
 * at all (atomicfile.h: no temporary is left behind by a kill). */
static enum ct_status write_atomic(const char *path, bool force, report_fill_fn fill, void *ud,
				   struct ct_error *err)
{
	if (str_is_empty(path))
		return ct_fail(err, CT_USAGE, _("give a file name to write the report to"));
	struct stat sb;
	bool exists = lstat(path, &sb) == 0;
	if (exists && S_ISDIR(sb.st_mode))
		return ct_fail(err, CT_USAGE, _("%s is a folder; give a file name inside it"), path);
	if (exists && !force)
		return ct_fail(err, CT_FAILED,
			       _("%s exists already; give --force to replace it, or another file name"),
			       path);
	/* A report gets the mode of the file it replaces, else what the
	 * umask gives any new file. */
	mode_t mode = exists && S_ISREG(sb.st_mode) ? (sb.st_mode & 07777) : 0666;
	struct atomicfile af;
	enum ct_status s = atomicfile_open(&af, path, mode, force ? ATOMICFILE_REPLACE : 0, err);
	if (s)
		return s;
	if (exists && S_ISREG(sb.st_mode))
		fchmod(af.fd, mode);
	/* The stream writes through a duplicate; atomicfile keeps its own
	 * descriptor for the commit. */
	int fd = dup(af.fd);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!fp) {
		s = ct_fail(err, CT_SYSTEM, _("cannot write %s: %s"), path, strerror(errno));
		if (fd >= 0)
			close(fd);
	} else {
		s = fill(ud, fp, err);
		if (fclose(fp) != 0 && !s)
			s = ct_fail(err, CT_SYSTEM, _("cannot write %s: %s"), path, strerror(errno));
	}
	if (!s)
		s = atomicfile_commit(&af, err);
	atomicfile_abort(&af);
	return s;
}

struct fill_data {
	const char *data;
	size_t len;
};

static enum ct_status fill_data(void *ud, FILE *fp, struct ct_error *err)
{
	const struct fill_data *d = ud;
	(void)err;
	fwrite(d->data, 1, d->len, fp);
	return CT_OK;
}

enum ct_status report_write_file(const char *path, const char *data, size_t len, bool force,
				 struct ct_error *err)
{
	struct fill_data d = {data, len};
	return write_atomic(path, force, fill_data, &d, err);
}

struct fill_report {
	struct ops_ctx *c;
	enum report_format f;
	const char *const *refs;
	size_t n;
	size_t *n_projects;
};

static enum ct_status fill_report(void *ud, FILE *fp, struct ct_error *err)
{
	const struct fill_report *r = ud;
	return report_write(r->c, r->f, r->refs, r->n, fp, r->n_projects, err);
}

enum ct_status report_export(struct ops_ctx *c, enum report_format f, const char *const *refs,
			     size_t n, const char *path, bool force, size_t *n_projects,
			     struct ct_error *err)
{
	struct fill_report r = {c, f, refs, n, n_projects};
	return write_atomic(path, force, fill_report, &r, err);
}
