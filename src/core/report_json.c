/* report_json.c - the JSON report: everything the database holds about the
 * selected projects, versioned ("format": 1) and documented in
 * docs/report-format.md, so that it can be read by scripts and imported
 * into another database. Every byte comes from jansson. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/report_int.h"
#include "certtrack/util.h"

#include <jansson.h>

#include "core/json_int.h"
#include <stdlib.h>
#include <string.h>

static void set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v ? v : json_null());
}

static json_t *fields_json(const struct project *p)
{
	json_t *o = json_object();
	for (size_t i = 0; i < p->tpl->n_fields; i++) {
		const struct tpl_field *f = &p->tpl->fields[i];
		const struct field_value *fv = &p->fields[i];
		json_t *x = json_object();
		set(x, "value", json_text(project_value(p, f->key)));
		set(x, "updated_at", json_text(fv->updated_at));
		set(x, "updated_by", json_text(fv->updated_by));
		set(o, f->key, x);
	}
	return o;
}

static json_t *items_json(const struct project *p)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->tpl->n_items; i++) {
		const struct tpl_item *it = &p->tpl->items[i];
		const struct item_state *is = &p->items[i];
		json_t *x = json_object();
		set(x, "key", json_text(it->key));
		set(x, "title", json_text(it->title));
		set(x, "status", json_text(item_status_name(is->status)));
		set(x, "note", json_text(is->note));
		set(x, "reason", json_text(is->reason));
		set(x, "forced_reason", json_text(is->forced_reason));
		set(x, "updated_at", json_text(is->updated_at));
		set(x, "updated_by", json_text(is->updated_by));
		json_array_append_new(a, x);
	}
	return a;
}

static json_t *collateral_json(const struct project *p)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->n_collateral; i++) {
		const struct collateral *c = &p->collateral[i];
		json_t *x = json_object();
		set(x, "id", json_integer(c->id));
		set(x, "title", json_text(c->title));
		set(x, "type", json_text(c->type));
		set(x, "location", json_text(c->location));
		set(x, "added_at", json_text(c->added_at));
		set(x, "added_by", json_text(c->added_by));
		json_array_append_new(a, x);
	}
	return a;
}

static json_t *scans_json(const struct scan_record *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_object();
		set(x, "id", json_integer(v[i].id));
		set(x, "at", json_text(v[i].at));
		set(x, "user", json_text(v[i].user));
		set(x, "passed", json_boolean(v[i].passed));
		set(x, "source", json_text(v[i].source));
		scan_record_json_extra(x, &v[i]);
		json_t *res = json_array();
		for (size_t k = 0; k < v[i].n_results; k++) {
			const struct scan_result *r = &v[i].results[k];
			json_t *y = json_object();
			set(y, "policy", json_text(r->policy));
			set(y, "status", json_text(r->status));
			set(y, "message", json_text(r->message));
			set(y, "fix", json_text(r->fix));
			set(y, "url", json_text(r->url));
			scan_result_json_extra(y, r);
			json_array_append_new(res, y);
		}
		set(x, "results", res);
		json_array_append_new(a, x);
	}
	return a;
}

static json_t *builds_json(const struct report_project *rp)
{
	json_t *a = json_array();
	for (size_t i = 0; i < rp->n_builds; i++) {
		const struct build_record *b = &rp->builds[i];
		json_t *x = json_object();
		set(x, "id", json_integer(b->id));
		set(x, "tag", json_text(b->tag));
		char *image = records_image_ref(rp->p, b->tag);
		set(x, "image", json_text(image));
		free(image);
		set(x, "build_ref", json_text(b->build_ref));
		set(x, "started_at", json_text(b->started_at));
		set(x, "finished_at", json_text(b->finished_at));
		set(x, "result", json_text(build_result_name(b->result)));
		set(x, "note", json_text(b->note));
		set(x, "user", json_text(b->user));
		set(x, "scans", scans_json(rp->scans[i], rp->n_scans[i]));
		json_array_append_new(a, x);
	}
	return a;
}

static json_t *prescans_json(const struct report_project *rp)
{
	json_t *a = json_array();
	for (size_t i = 0; i < rp->n_prescans; i++) {
		const struct prescan_record *r = &rp->prescans[i];
		json_t *x = json_object();
		set(x, "id", json_integer(r->id));
		set(x, "at", json_text(r->at));
		set(x, "user", json_text(r->user));
		set(x, "file", json_text(r->file));
		set(x, "digest", json_text(r->digest));
		set(x, "passed", json_boolean(r->passed));
		/* The lint document is embedded as JSON, not as a string of
		 * JSON, so that scripts read it directly. */
		json_error_t je;
		json_t *doc = r->results ? json_loads(r->results, JSON_DECODE_ANY, &je) : NULL;
		set(x, "results", doc ? doc : json_text(r->results));
		json_array_append_new(a, x);
	}
	return a;
}

static json_t *problems_json(const struct problems *ps)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ps->n; i++) {
		const struct problem *p = &ps->v[i];
		json_t *o = json_object();
		set(o, "severity", json_string(p->severity == CT_SEV_ERROR ? "error" : "warning"));
		set(o, "rule", json_text(p->rule));
		if (p->field)
			set(o, "field", json_text(p->field));
		if (p->item)
			set(o, "item", json_text(p->item));
		set(o, "message", json_text(p->message));
		if (p->fix)
			set(o, "fix", json_text(p->fix));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *history_json(const struct report_project *rp, json_t **handoffs)
{
	json_t *a = json_array();
	*handoffs = json_array();
	for (size_t i = 0; i < rp->n_events; i++) {
		const struct event *e = &rp->events[i];
		json_t *x = json_object();
		set(x, "uuid", json_text(e->uuid));
		set(x, "at", json_text(e->at));
		set(x, "user", json_text(e->user));
		set(x, "project", json_text(e->project_name));
		set(x, "what", json_text(e->what));
		set(x, "key", json_text(e->key));
		set(x, "old", json_text(e->old_value));
		set(x, "new", json_text(e->new_value));
		set(x, "note", json_text(e->note));
		json_array_append_new(a, x);
		if (str_eq(e->what, "owner")) {
			json_t *h = json_object();
			set(h, "at", json_text(e->at));
			set(h, "by", json_text(e->user));
			set(h, "from", json_text(e->old_value));
			set(h, "to", json_text(e->new_value));
			set(h, "note", json_text(e->note));
			json_array_append_new(*handoffs, h);
		}
	}
	return a;
}

static json_t *project_json(const struct report_project *rp)
{
	const struct project *p = rp->p;
	json_t *o = json_object();
	set(o, "uuid", json_text(p->uuid));
	set(o, "name", json_text(p->name));
	set(o, "template", json_text(p->template_id));
	set(o, "owner", json_text(p->owner));
	set(o, "created_at", json_text(p->created_at));
	set(o, "updated_at", json_text(p->updated_at));
	json_t *pub = json_object();
	set(pub, "published", json_boolean(rp->published));
	set(pub, "at", json_text(rp->published_at));
	set(pub, "by", json_text(rp->published_by));
	set(o, "publication", pub);
	json_t *prog = json_object();
	set(prog, "done", json_integer(rp->done));
	set(prog, "total", json_integer(rp->total));
	set(o, "progress", prog);
	set(o, "next_action", rp->next >= 0 ? json_text(p->tpl->items[rp->next].key) : json_null());
	set(o, "problems", problems_json(&rp->problems));
	set(o, "fields", fields_json(p));
	set(o, "items", items_json(p));
	set(o, "collateral", collateral_json(p));
	set(o, "builds", builds_json(rp));
	set(o, "prescans", prescans_json(rp));
	json_t *handoffs;
	json_t *hist = history_json(rp, &handoffs);
	set(o, "handoffs", handoffs);
	set(o, "history", hist);
	return o;
}

char *report_json(const struct report *r)
{
	json_t *root = json_object();
	set(root, "format", json_integer(REPORT_FORMAT_VERSION));
	set(root, "generator", json_string("certtrack " PACKAGE_VERSION));
	set(root, "generated_at", json_text(r->generated_at));
	set(root, "generated_by", json_text(r->generated_by));
	json_t *a = json_array();
	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(a, project_json(&r->v[i]));
	set(root, "projects", a);
	char *out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!out)
		return xstrdup("null\n");
	char *withnl = xasprintf("%s\n", out);
	free(out);
	return withnl;
}
