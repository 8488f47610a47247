/* report_json.c - the JSON report: everything the database holds about the
 * selected projects, versioned ("format": 1) and documented in
 * docs/report-format.md, so that it can be read by scripts and imported
 * into another database. Every value is written by jansson; only the
 * projects array's brackets, commas and indentation are written here, so
 * that the report streams a project at a time. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/report_int.h"
#include "core/txn.h"
#include "certtrack/util.h"

#include <jansson.h>

#include "core/json_int.h"
#include <stdlib.h>
#include <string.h>

static json_t *fields_json(const struct project *p)
{
	json_t *o = json_object();
	for (size_t i = 0; i < p->tpl->n_fields; i++) {
		const struct tpl_field *f = &p->tpl->fields[i];
		const struct field_value *fv = &p->fields[i];
		json_t *x = json_object();
		json_set(x, "value", json_text(project_field_value(p, i)));
		json_set(x, "updated_at", json_text(fv->updated_at));
		json_set(x, "updated_by", json_text(fv->updated_by));
		json_object_set_new(o, f->key, x); /* the template's key */
	}
	return o;
}

static json_t *builds_json(const struct report_project *rp)
{
	json_t *a = json_array();
	for (size_t i = 0; i < rp->n_builds; i++)
		json_array_append_new(a, json_build(rp->p, &rp->builds[i], rp->scans[i], rp->n_scans[i],
						    JSON_SHAPE_REPORT));
	return a;
}

static json_t *prescans_json(const struct report_project *rp)
{
	json_t *a = json_array();
	for (size_t i = 0; i < rp->n_prescans; i++) {
		const struct prescan_record *r = &rp->prescans[i];
		json_t *x = json_object();
		json_set(x, "id", json_integer(r->id));
		json_set(x, "at", json_text(r->at));
		json_set(x, "user", json_text(r->user));
		json_set(x, "file", json_text(r->file));
		json_set(x, "digest", json_text(r->digest));
		json_set(x, "passed", json_boolean(r->passed));
		/* The lint document is embedded as JSON, not as a string of
		 * JSON, so that scripts read it directly. */
		json_error_t je;
		json_t *doc = r->results ? json_loads(r->results, JSON_DECODE_ANY, &je) : NULL;
		json_set(x, "results", doc ? doc : json_text(r->results));
		json_array_append_new(a, x);
	}
	return a;
}

/* A merge's own bookkeeping (merge.take.*, merge.restore: what it took
 * is the other side's row, which the history holds) stays in the
 * database it was made in; how it resolved a conflict travels. Rows an
 * undo of a merge withdrew are not this database's to tell. */
static bool exported(const struct report_head *h, const struct event *e)
{
	if (txn_is_withdrawn(h->withdrawn, h->n_withdrawn, e->command))
		return false;
	return strncmp(e->what, "merge.", 6) != 0 || str_eq(e->what, "merge.resolve");
}

static json_t *verifications_json(const struct report_project *rp)
{
	json_t *a = json_array();
	for (size_t i = 0; i < rp->n_verifications; i++) {
		const struct verification *v = &rp->verifications[i];
		json_t *x = json_object();
		json_set(x, "at", json_text(v->at));
		json_set(x, "user", json_text(v->user));
		json_set(x, "kind", json_text(v->kind));
		json_set(x, "target", json_text(v->target));
		json_set(x, "outcome", json_text(v->outcome));
		json_set(x, "message", json_text(v->message));
		json_t *d = v->details ? json_loads(v->details, JSON_DECODE_ANY, NULL) : NULL;
		json_set(x, "details", d ? d : json_text(v->details));
		json_array_append_new(a, x);
	}
	return a;
}

static json_t *history_json(const struct report_head *h, const struct report_project *rp,
			    json_t **handoffs)
{
	json_t *a = json_array();
	*handoffs = json_array();
	for (size_t i = 0; i < rp->n_events; i++) {
		const struct event *e = &rp->events[i];
		if (!exported(h, e))
			continue;
		json_array_append_new(a, json_event(e, JSON_SHAPE_REPORT));
		if (str_eq(e->what, "owner")) {
			json_t *ho = json_object();
			json_set(ho, "at", json_text(e->at));
			json_set(ho, "by", json_text(e->user));
			json_set(ho, "from", json_text(e->old_value));
			json_set(ho, "to", json_text(e->new_value));
			json_set(ho, "note", json_text(e->note));
			json_array_append_new(*handoffs, ho);
		}
	}
	return a;
}

static json_t *project_json(const struct report_head *h, const struct report_project *rp)
{
	const struct project *p = rp->p;
	json_t *o = json_object();
	json_set(o, "uuid", json_text(p->uuid));
	json_set(o, "name", json_text(p->name));
	json_set(o, "template", json_text(p->template_id));
	json_set(o, "owner", json_text(p->owner));
	json_set(o, "created_at", json_text(p->created_at));
	json_set(o, "updated_at", json_text(p->updated_at));
	json_t *pub = json_object();
	json_set(pub, "published", json_boolean(rp->published));
	json_set(pub, "at", json_text(rp->published_at));
	json_set(pub, "by", json_text(rp->published_by));
	json_set(o, "publication", pub);
	json_t *prog = json_object();
	json_set(prog, "done", json_integer(rp->done));
	json_set(prog, "total", json_integer(rp->total));
	json_set(o, "progress", prog);
	json_set(o, "next_action", rp->next >= 0 ? json_text(p->tpl->items[rp->next].key) : json_null());
	json_set(o, "problems", json_problems(&rp->problems, false));
	json_set(o, "fields", fields_json(p));
	json_t *items = json_array();
	for (size_t i = 0; i < p->tpl->n_items; i++)
		json_array_append_new(items, json_item(p, i, false));
	json_set(o, "items", items);
	json_set(o, "collateral", json_collateral(p));
	json_set(o, "builds", builds_json(rp));
	json_set(o, "prescans", prescans_json(rp));
	json_set(o, "verifications", verifications_json(rp));
	json_t *handoffs;
	json_t *hist = history_json(h, rp, &handoffs);
	json_set(o, "handoffs", handoffs);
	json_set(o, "history", hist);
	return o;
}

/* Streaming: the document is what json_dumps would make of the whole tree
 * at two spaces an indent. The head (format ... "projects": []) is dumped by
 * jansson and split at the empty array. Each project is dumped alone, as
 * the only element of an array inside an array, which puts it at its depth
 * in the document: the text between the inner "[" and the closing "\n  ]\n]"
 * is the project's element, newline and indentation included. */
#define NEST_OPEN "[\n  ["
#define NEST_CLOSE "\n  ]\n]"

/* Deleted projects: only when there are some, so that a report of a
 * database that never deleted one reads as before. */
static json_t *deleted_json(const struct report_head *h)
{
	json_t *a = json_array();
	for (size_t i = 0; i < h->n_deleted; i++) {
		const struct report_tombstone *t = &h->deleted[i];
		json_t *o = json_object();
		json_set(o, "uuid", json_text(t->p->uuid));
		json_set(o, "name", json_text(t->p->name));
		json_set(o, "template", json_text(t->p->template_id));
		json_t *hist = json_array();
		for (size_t k = 0; k < t->n_events; k++)
			if (exported(h, &t->events[k]))
				json_array_append_new(hist,
						      json_event(&t->events[k], JSON_SHAPE_REPORT));
		json_set(o, "history", hist);
		json_array_append_new(a, o);
	}
	return a;
}

static void json_begin(struct report_sink *k)
{
	json_t *root = json_object();
	json_set(root, "format", json_integer(REPORT_FORMAT_VERSION));
	json_set(root, "generator", json_string("certtrack " PACKAGE_VERSION));
	json_set(root, "generated_at", json_text(k->h->generated_at));
	json_set(root, "generated_by", json_text(k->h->generated_by));
	if (k->h->n_deleted)
		json_set(root, "deleted", deleted_json(k->h));
	json_set(root, "projects", json_array());
	char *head = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!head) {
		k->tail = xstrdup("null\n");
		return;
	}
	/* "projects" is the last key: its [] is the last one in the text. */
	char *open = NULL;
	for (char *at = head; (at = strstr(at, "\"projects\": []")); at++)
		open = at;
	if (!k->h->n || !open) {
		fputs(head, k->out);
		k->tail = xstrdup("\n");
	} else {
		open += strlen("\"projects\": [");
		fwrite(head, 1, (size_t)(open - head), k->out);
		k->tail = xasprintf("\n  %s\n", open);
	}
	free(head);
}

static void json_each(struct report_sink *k, const struct report_project *rp)
{
	json_region_open();
	json_t *inner = json_array(), *outer = json_array();
	json_array_append_new(inner, project_json(k->h, rp));
	json_array_append_new(outer, inner);
	/* One project's text is dumped into the scratch buffer, kept at the
	 * largest project's size, then written at once; jansson says how much
	 * room a project needs when the buffer is too small. */
	const size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER;
	size_t len = json_dumpb(outer, k->buf.buf, k->buf.cap, flags);
	if (len > k->buf.cap) {
		sb_reset(&k->buf);
		sb_grow(&k->buf, len);
		len = json_dumpb(outer, k->buf.buf, k->buf.cap, flags);
	}
	json_region_close(); /* frees the tree: no json_decref */
	const size_t open = sizeof(NEST_OPEN) - 1, close = sizeof(NEST_CLOSE) - 1;
	if (k->index)
		fputc(',', k->out);
	if (len >= open + close && len <= k->buf.cap)
		fwrite(k->buf.buf + open, 1, len - open - close, k->out);
}

static void json_end(struct report_sink *k)
{
	json_region_release();
	if (k->tail)
		fputs(k->tail, k->out);
	x_free(&k->tail);
}

const struct report_format_ops report_json_ops = {
	.tombstones = true,
	.begin = json_begin,
	.project = json_each,
	.end = json_end,
};
