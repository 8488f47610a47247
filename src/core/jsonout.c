/* jsonout.c - JSON documents of the command line, built with jansson. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/jsonout.h"
#include "certtrack/engine.h"
#include "certtrack/util.h"
#include "core/json_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static char *dump(json_t *root)
{
	char *out = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!out)
		return xstrdup("null\n");
	char *withnl = xasprintf("%s\n", out);
	free(out);
	return withnl;
}

/* The objects below are the one serialiser of each thing the database
 * holds: the command line's documents and the JSON report (report_json.c)
 * both build them here, so a field is named and ordered in one place. */

json_t *json_problem(const struct problem *p, bool with_severity, bool with_suggestion)
{
	json_t *o = json_object();
	if (with_severity)
		json_set(o, "severity", json_string(p->severity == CT_SEV_ERROR ? "error" : "warning"));
	json_set(o, "rule", json_text(p->rule));
	if (p->field)
		json_set(o, "field", json_text(p->field));
	if (p->item)
		json_set(o, "item", json_text(p->item));
	json_set(o, "message", json_text(p->message));
	if (p->fix)
		json_set(o, "fix", json_text(p->fix));
	if (with_suggestion && p->suggestion)
		json_set(o, "suggestion", json_text(p->suggestion));
	return o;
}

json_t *json_problems(const struct problems *ps, bool with_suggestion)
{
	json_t *a = json_array();
	for (size_t i = 0; ps && i < ps->n; i++)
		json_array_append_new(a, json_problem(&ps->v[i], true, with_suggestion));
	return a;
}

json_t *json_item(const struct project *p, size_t i, bool with_ready)
{
	const struct tpl_item *it = &p->tpl->items[i];
	const struct item_state *is = &p->items[i];
	json_t *o = json_object();
	json_set(o, "key", json_text(it->key));
	json_set(o, "title", json_text(it->title));
	json_set(o, "status", json_text(item_status_name(is->status)));
	json_set(o, "note", json_text(is->note));
	json_set(o, "reason", json_text(is->reason));
	json_set(o, "forced_reason", json_text(is->forced_reason));
	json_set(o, "updated_at", json_text(is->updated_at));
	json_set(o, "updated_by", json_text(is->updated_by));
	if (with_ready)
		json_set(o, "ready", json_boolean(engine_item_requirements(p, i, NULL, NULL)));
	return o;
}

json_t *json_collateral(const struct project *p)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->n_collateral; i++) {
		const struct collateral *c = &p->collateral[i];
		json_t *o = json_object();
		json_set(o, "id", json_integer(c->id));
		json_set(o, "title", json_text(c->title));
		json_set(o, "type", json_text(c->type));
		json_set(o, "location", json_text(c->location));
		json_set(o, "added_at", json_text(c->added_at));
		json_set(o, "added_by", json_text(c->added_by));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *json_scan_results(const struct scan_result *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_set(o, "policy", json_text(v[i].policy));
		json_set(o, "status", json_text(v[i].status));
		json_set(o, "message", json_text(v[i].message));
		json_set(o, "fix", json_text(v[i].fix));
		json_set(o, "url", json_text(v[i].url));
		scan_result_json_extra(o, &v[i]);
		json_array_append_new(a, o);
	}
	return a;
}

json_t *json_scans(const struct scan_record *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; v && i < n; i++) {
		json_t *o = json_object();
		json_set(o, "id", json_integer(v[i].id));
		json_set(o, "at", json_text(v[i].at));
		json_set(o, "user", json_text(v[i].user));
		json_set(o, "passed", json_boolean(v[i].passed));
		json_set(o, "source", json_text(v[i].source));
		scan_record_json_extra(o, &v[i]);
		json_set(o, "results", json_scan_results(v[i].results, v[i].n_results));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *json_build(const struct project *p, const struct build_record *b,
		   const struct scan_record *scans, size_t n_scans, enum json_shape shape)
{
	json_t *o = json_object();
	char *image = records_image_ref(p, b->tag);
	json_set(o, "id", json_integer(b->id));
	json_set(o, "tag", json_text(b->tag));
	json_set(o, "image", json_text(image));
	free(image);
	/* The report (format 1) and build list (cli.md) were published with
	 * different names and orders; both stay as documented. */
	if (shape == JSON_SHAPE_REPORT) {
		json_set(o, "build_ref", json_text(b->build_ref));
		json_set(o, "started_at", json_text(b->started_at));
		json_set(o, "finished_at", json_text(b->finished_at));
		json_set(o, "result", json_text(build_result_name(b->result)));
		json_set(o, "note", json_text(b->note));
		json_set(o, "user", json_text(b->user));
	} else {
		json_set(o, "build_id", json_text(b->build_ref));
		json_set(o, "result", json_text(build_result_name(b->result)));
		json_set(o, "started_at", json_text(b->started_at));
		json_set(o, "finished_at", json_text(b->finished_at));
		json_set(o, "user", json_text(b->user));
		json_set(o, "note", json_text(b->note));
	}
	json_set(o, "scans", json_scans(scans, n_scans));
	return o;
}

json_t *json_event(const struct event *e, enum json_shape shape)
{
	bool cli = shape == JSON_SHAPE_CLI;
	json_t *o = json_object();
	/* The report carries each row's stable id, by which a merge finds
	 * the history two copies share (docs/report-format.md). */
	if (!cli)
		json_set(o, "uuid", json_text(e->uuid));
	json_set(o, "at", json_text(e->at));
	json_set(o, "user", json_text(e->user));
	json_set(o, "project", json_text(e->project_name));
	if (cli)
		json_set(o, "project_uuid", json_text(e->project_uuid));
	json_set(o, "what", json_text(e->what));
	json_set(o, "key", json_text(e->key));
	json_set(o, "old", json_text(e->old_value));
	json_set(o, "new", json_text(e->new_value));
	json_set(o, "note", json_text(e->note));
	if (cli) {
		json_set(o, "command", json_integer(e->command));
		json_set(o, "undo_of", e->undo_of ? json_integer(e->undo_of) : json_null());
	}
	return o;
}

static json_t *problem_json(const struct problem *p, int with_severity)
{
	return json_problem(p, with_severity, true);
}

static json_t *problems_json(const struct problems *ps)
{
	return json_problems(ps, true);
}

char *jsonout_check_name(const char *name, const struct problems *ps,
			 const struct name_parts *parts)
{
	json_t *o = json_object();
	json_t *errors = json_array(), *warnings = json_array();
	for (size_t i = 0; i < ps->n; i++)
		json_array_append_new(ps->v[i].severity == CT_SEV_ERROR ? errors : warnings,
				      problem_json(&ps->v[i], 0));
	json_object_set_new(o, "name", json_text(name));
	json_object_set_new(o, "valid", json_boolean(json_array_size(errors) == 0));
	json_object_set_new(o, "errors", errors);
	json_object_set_new(o, "warnings", warnings);
	json_t *pj = json_object();
	json_object_set_new(pj, "major", json_text(parts->major));
	json_object_set_new(pj, "base_image", json_text(parts->base_image));
	json_object_set_new(pj, "plugin", json_text(parts->plugin));
	json_object_set_new(pj, "base_image_known", json_boolean(parts->base_known));
	json_object_set_new(o, "parts", pj);
	return dump(o);
}

static const char *rec_name(enum record_state r)
{
	switch (r) {
	case REC_PASSED:
		return "passed";
	case REC_FAILED:
		return "failed";
	case REC_RUNNING:
		return "running";
	default:
		return NULL;
	}
}

char *jsonout_show(const struct project *p, const struct problems *ps)
{
	return jsonout_show_scan(p, ps, NULL);
}

char *jsonout_show_scan(const struct project *p, const struct problems *ps,
			const struct scan_record *scan)
{
	const struct template *t = p->tpl;
	json_t *o = json_object();
	json_object_set_new(o, "uuid", json_string(p->uuid));
	json_object_set_new(o, "name", json_text(p->name));
	json_object_set_new(o, "template", json_text(p->template_id));
	json_object_set_new(o, "owner", json_text(p->owner));
	json_object_set_new(o, "created_at", json_text(p->created_at));
	json_object_set_new(o, "updated_at", json_text(p->updated_at));
	json_t *fields = json_object();
	for (size_t i = 0; i < t->n_fields; i++)
		json_object_set_new(fields, t->fields[i].key,
				    json_text(project_field_value(p, i)));
	json_object_set_new(o, "fields", fields);
	json_t *items = json_array();
	for (size_t i = 0; i < t->n_items; i++)
		json_array_append_new(items, json_item(p, i, true));
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "collateral", json_collateral(p));
	int done, total;
	engine_progress(p, &done, &total);
	json_t *prog = json_object();
	json_object_set_new(prog, "done", json_integer(done));
	json_object_set_new(prog, "total", json_integer(total));
	json_object_set_new(o, "progress", prog);
	int next = engine_next_action(p);
	json_object_set_new(o, "next_action", next >= 0 ? json_string(t->items[next].key) : json_null());
	json_t *rec = json_object();
	json_object_set_new(rec, "prescan", json_text(rec_name(p->prescan)));
	json_object_set_new(rec, "build", json_text(rec_name(p->build)));
	json_object_set_new(rec, "scan", json_text(rec_name(p->scan)));
	json_object_set_new(rec, "published", json_boolean(p->published));
	json_object_set_new(o, "records", rec);
	json_object_set_new(o, "problems", problems_json(ps));
	if (scan) {
		json_t *sj = json_object();
		json_object_set_new(sj, "id", json_integer(scan->id));
		json_object_set_new(sj, "build", json_integer(scan->build_id));
		json_object_set_new(sj, "at", json_text(scan->at));
		json_object_set_new(sj, "user", json_text(scan->user));
		json_object_set_new(sj, "passed", json_boolean(scan->passed));
		json_object_set_new(sj, "source", json_text(scan->source));
		scan_record_json_extra(sj, scan);
		json_object_set_new(sj, "results", json_scan_results(scan->results, scan->n_results));
		json_object_set_new(o, "latest_scan", sj);
	}
	return dump(o);
}

static json_t *summary_json(const struct project_summary *v)
{
	json_t *o = json_object();
	json_set(o, "uuid", json_text(v->uuid));
	json_set(o, "name", json_text(v->name));
	json_set(o, "template", json_text(v->template_id));
	json_set(o, "owner", json_text(v->owner));
	json_t *prog = json_object();
	json_set(prog, "done", json_integer(v->done));
	json_set(prog, "total", json_integer(v->total));
	json_set(prog, "broken", json_integer(v->broken));
	json_set(o, "progress", prog);
	json_set(o, "next_action", json_text(v->next_action));
	json_set(o, "next_action_blocked", json_boolean(v->next_blocked));
	/* null: not computed yet (a file from an older version). */
	json_set(o, "fields_to_fill", v->to_fill < 0 ? json_null() : json_integer(v->to_fill));
	json_t *pr = json_object();
	json_set(pr, "errors", json_integer(v->errors));
	json_set(pr, "warnings", json_integer(v->warnings));
	json_set(o, "problems", pr);
	json_set(o, "updated_at", json_text(v->updated_at));
	return o;
}

char *jsonout_history(const struct event *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_event(&v[i], JSON_SHAPE_CLI));
	return dump(a);
}

/* Streams: the array's brackets and commas by hand, each element by
 * jansson, so the bytes equal those of the whole array dumped at once. */
void jsonout_stream_begin(struct jsonout_stream *js, FILE *out)
{
	memset(js, 0, sizeof(*js));
	js->out = out;
	fputc('[', out);
}

/* Dumped into a buffer kept at the largest element's size and written
 * once per element (jansson says how much room an element needs when the
 * buffer is too small). */
static void stream_elem(struct jsonout_stream *js, json_t *o)
{
	const size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER;
	size_t len = json_dumpb(o, js->buf.buf, js->buf.cap, flags);
	if (len > js->buf.cap) {
		sb_grow(&js->buf, len);
		len = json_dumpb(o, js->buf.buf, js->buf.cap, flags);
	}
	json_decref(o);
	if (js->n++)
		fputc(',', js->out);
	if (len <= js->buf.cap)
		fwrite(js->buf.buf, 1, len, js->out);
}

void jsonout_stream_event(struct jsonout_stream *js, const struct event *e)
{
	stream_elem(js, json_event(e, JSON_SHAPE_CLI));
}

/* A value of the kept row object replaced in place: no new object, no
 * rehashing of its key. */
static void put_text(json_t *o, const char *key, const char *v)
{
	json_t *cur = json_object_get(o, key);
	if (v && json_is_string(cur) && json_text_set(cur, v))
		return;
	json_set(o, key, json_text(v));
}

static void put_int(json_t *o, const char *key, long long v)
{
	json_t *cur = json_object_get(o, key);
	if (json_is_integer(cur))
		json_integer_set(cur, v);
	else
		json_set(o, key, json_integer(v));
}

void jsonout_stream_summary(struct jsonout_stream *js, const struct project_summary *v)
{
	/* The rows share one object, built for the first and refilled for
	 * each next: the same keys in the same order. */
	json_t *o = js->row;
	if (!o) {
		js->row = o = summary_json(v);
	} else {
		put_text(o, "uuid", v->uuid);
		put_text(o, "name", v->name);
		put_text(o, "template", v->template_id);
		put_text(o, "owner", v->owner);
		json_t *prog = json_object_get(o, "progress");
		put_int(prog, "done", v->done);
		put_int(prog, "total", v->total);
		put_int(prog, "broken", v->broken);
		put_text(o, "next_action", v->next_action);
		json_object_set_new(o, "next_action_blocked", json_boolean(v->next_blocked));
		json_object_set_new(o, "fields_to_fill",
				    v->to_fill < 0 ? json_null() : json_integer(v->to_fill));
		json_t *pr = json_object_get(o, "problems");
		put_int(pr, "errors", v->errors);
		put_int(pr, "warnings", v->warnings);
		put_text(o, "updated_at", v->updated_at);
	}
	json_incref(o);
	stream_elem(js, o);
}

void jsonout_stream_end(struct jsonout_stream *js)
{
	fputs("]\n", js->out);
	jsonout_stream_free(js);
}

void jsonout_stream_free(struct jsonout_stream *js)
{
	sb_free(&js->buf);
	json_decref(js->row);
	js->row = NULL;
}

char *jsonout_templates(const struct template_set *set)
{
	json_t *a = json_array();
	for (size_t i = 0; i < set->n; i++) {
		const struct template *t = set->v[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_text(t->id));
		json_object_set_new(o, "title", json_text(t->title));
		json_object_set_new(o, "product_version", json_text(t->product_version));
		json_object_set_new(o, "registry_host", json_text(t->registry_host));
		json_object_set_new(o, "path", json_text(t->path));
		json_object_set_new(o, "fields", json_integer((json_int_t)t->n_fields));
		json_object_set_new(o, "items", json_integer((json_int_t)t->n_items));
		json_array_append_new(a, o);
	}
	return dump(a);
}

char *jsonout_result(int ok, const char *project_uuid, const struct problems *ps,
		     const char *error)
{
	json_t *o = json_object();
	json_object_set_new(o, "ok", json_boolean(ok));
	if (project_uuid)
		json_object_set_new(o, "project", json_string(project_uuid));
	if (error)
		json_object_set_new(o, "error", json_text(error));
	json_object_set_new(o, "problems", problems_json(ps));
	return dump(o);
}

char *jsonout_validate(const struct project *p, const struct problems *ps)
{
	json_t *o = json_object();
	json_object_set_new(o, "uuid", json_string(p->uuid));
	json_object_set_new(o, "name", json_text(p->name));
	json_object_set_new(o, "valid", json_boolean(problems_count(ps, CT_SEV_ERROR) == 0));
	json_object_set_new(o, "errors", json_integer((json_int_t)problems_count(ps, CT_SEV_ERROR)));
	json_object_set_new(o, "warnings", json_integer((json_int_t)problems_count(ps, CT_SEV_WARNING)));
	json_object_set_new(o, "problems", problems_json(ps));
	return dump(o);
}

char *jsonout_builds(const struct project *p, const struct build_record *b, size_t nb,
		     struct scan_record *const *scans, const size_t *nscans)
{
	json_t *o = json_object();
	json_object_set_new(o, "project", json_text(p->name));
	json_object_set_new(o, "published", json_boolean(p->published));
	json_t *arr = json_array();
	for (size_t i = 0; i < nb; i++)
		json_array_append_new(arr, json_build(p, &b[i], scans ? scans[i] : NULL,
						      scans ? nscans[i] : 0, JSON_SHAPE_CLI));
	json_object_set_new(o, "builds", arr);
	return dump(o);
}

char *jsonout_scan(bool passed, const struct scan_result *v, size_t n)
{
	return jsonout_scan_record(passed, NULL, v, n);
}

char *jsonout_scan_record(bool passed, const struct scan_record *meta,
			  const struct scan_result *v, size_t n)
{
	json_t *o = json_object();
	json_object_set_new(o, "ok", json_true());
	json_object_set_new(o, "passed", json_boolean(passed));
	if (meta)
		scan_record_json_extra(o, meta);
	json_object_set_new(o, "results", json_scan_results(v, n));
	return dump(o);
}

void scan_record_json_extra(json_t *o, const struct scan_record *r)
{
	if (r->image)
		json_object_set_new(o, "image", json_text(r->image));
	if (r->tool_name || r->tool_version || r->tool_commit) {
		json_t *lib = json_object();
		json_object_set_new(lib, "name", json_text(r->tool_name));
		json_object_set_new(lib, "version", json_text(r->tool_version));
		json_object_set_new(lib, "commit", json_text(r->tool_commit));
		json_object_set_new(o, "test_library", lib);
	}
	if (r->certification_hash)
		json_object_set_new(o, "certification_hash", json_text(r->certification_hash));
}

void scan_result_json_extra(json_t *o, const struct scan_result *r)
{
	if (r->description)
		json_object_set_new(o, "description", json_text(r->description));
	if (r->help)
		json_object_set_new(o, "help", json_text(r->help));
	if (r->has_elapsed)
		json_object_set_new(o, "elapsed_time", json_integer((json_int_t)r->elapsed_ms));
	if (r->check_url)
		json_object_set_new(o, "check_url", json_text(r->check_url));
}
