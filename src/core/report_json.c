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
#include <stdlib.h>
#include <string.h>

/* jansson refuses invalid UTF-8; such bytes can only come from old data and
 * are shown as U+FFFD rather than dropped (as jsonout.c does). */
static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	struct strbuf sb = {0};
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x80)
			sb_addc(&sb, (char)*p);
		else
			sb_add(&sb, "\xEF\xBF\xBD");
	}
	j = json_string(sb_str(&sb));
	sb_free(&sb);
	return j ? j : json_null();
}

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
		set(x, "value", jstr(project_value(p, f->key)));
		set(x, "updated_at", jstr(fv->updated_at));
		set(x, "updated_by", jstr(fv->updated_by));
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
		set(x, "key", jstr(it->key));
		set(x, "title", jstr(it->title));
		set(x, "status", jstr(item_status_name(is->status)));
		set(x, "note", jstr(is->note));
		set(x, "reason", jstr(is->reason));
		set(x, "forced_reason", jstr(is->forced_reason));
		set(x, "updated_at", jstr(is->updated_at));
		set(x, "updated_by", jstr(is->updated_by));
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
		set(x, "title", jstr(c->title));
		set(x, "type", jstr(c->type));
		set(x, "location", jstr(c->location));
		set(x, "added_at", jstr(c->added_at));
		set(x, "added_by", jstr(c->added_by));
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
		set(x, "at", jstr(v[i].at));
		set(x, "user", jstr(v[i].user));
		set(x, "passed", json_boolean(v[i].passed));
		set(x, "source", jstr(v[i].source));
		json_t *res = json_array();
		for (size_t k = 0; k < v[i].n_results; k++) {
			const struct scan_result *r = &v[i].results[k];
			json_t *y = json_object();
			set(y, "policy", jstr(r->policy));
			set(y, "status", jstr(r->status));
			set(y, "message", jstr(r->message));
			set(y, "fix", jstr(r->fix));
			set(y, "url", jstr(r->url));
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
		set(x, "tag", jstr(b->tag));
		char *image = records_image_ref(rp->p, b->tag);
		set(x, "image", jstr(image));
		free(image);
		set(x, "build_ref", jstr(b->build_ref));
		set(x, "started_at", jstr(b->started_at));
		set(x, "finished_at", jstr(b->finished_at));
		set(x, "result", jstr(build_result_name(b->result)));
		set(x, "note", jstr(b->note));
		set(x, "user", jstr(b->user));
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
		set(x, "at", jstr(r->at));
		set(x, "user", jstr(r->user));
		set(x, "file", jstr(r->file));
		set(x, "digest", jstr(r->digest));
		set(x, "passed", json_boolean(r->passed));
		/* The lint document is embedded as JSON, not as a string of
		 * JSON, so that scripts read it directly. */
		json_error_t je;
		json_t *doc = r->results ? json_loads(r->results, JSON_DECODE_ANY, &je) : NULL;
		set(x, "results", doc ? doc : jstr(r->results));
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
		set(o, "rule", jstr(p->rule));
		if (p->field)
			set(o, "field", jstr(p->field));
		if (p->item)
			set(o, "item", jstr(p->item));
		set(o, "message", jstr(p->message));
		if (p->fix)
			set(o, "fix", jstr(p->fix));
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
		set(x, "at", jstr(e->at));
		set(x, "user", jstr(e->user));
		set(x, "project", jstr(e->project_name));
		set(x, "what", jstr(e->what));
		set(x, "key", jstr(e->key));
		set(x, "old", jstr(e->old_value));
		set(x, "new", jstr(e->new_value));
		set(x, "note", jstr(e->note));
		json_array_append_new(a, x);
		if (str_eq(e->what, "owner")) {
			json_t *h = json_object();
			set(h, "at", jstr(e->at));
			set(h, "by", jstr(e->user));
			set(h, "from", jstr(e->old_value));
			set(h, "to", jstr(e->new_value));
			set(h, "note", jstr(e->note));
			json_array_append_new(*handoffs, h);
		}
	}
	return a;
}

static json_t *project_json(const struct report_project *rp)
{
	const struct project *p = rp->p;
	json_t *o = json_object();
	set(o, "uuid", jstr(p->uuid));
	set(o, "name", jstr(p->name));
	set(o, "template", jstr(p->template_id));
	set(o, "owner", jstr(p->owner));
	set(o, "created_at", jstr(p->created_at));
	set(o, "updated_at", jstr(p->updated_at));
	json_t *pub = json_object();
	set(pub, "published", json_boolean(rp->published));
	set(pub, "at", jstr(rp->published_at));
	set(pub, "by", jstr(rp->published_by));
	set(o, "publication", pub);
	json_t *prog = json_object();
	set(prog, "done", json_integer(rp->done));
	set(prog, "total", json_integer(rp->total));
	set(o, "progress", prog);
	set(o, "next_action", rp->next >= 0 ? jstr(p->tpl->items[rp->next].key) : json_null());
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
	set(root, "generated_at", jstr(r->generated_at));
	set(root, "generated_by", jstr(r->generated_by));
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
