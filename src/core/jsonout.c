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

static json_t *problem_json(const struct problem *p, int with_severity)
{
	json_t *o = json_object();
	if (with_severity)
		json_object_set_new(o, "severity",
				    json_string(p->severity == CT_SEV_ERROR ? "error" : "warning"));
	json_object_set_new(o, "rule", json_text(p->rule));
	if (p->field)
		json_object_set_new(o, "field", json_text(p->field));
	if (p->item)
		json_object_set_new(o, "item", json_text(p->item));
	json_object_set_new(o, "message", json_text(p->message));
	if (p->fix)
		json_object_set_new(o, "fix", json_text(p->fix));
	if (p->suggestion)
		json_object_set_new(o, "suggestion", json_text(p->suggestion));
	return o;
}

static json_t *problems_json(const struct problems *ps)
{
	json_t *a = json_array();
	for (size_t i = 0; ps && i < ps->n; i++)
		json_array_append_new(a, problem_json(&ps->v[i], 1));
	return a;
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

static json_t *scan_results_json(const struct scan_result *v, size_t n);

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
				    json_text(project_value(p, t->fields[i].key)));
	json_object_set_new(o, "fields", fields);
	json_t *items = json_array();
	for (size_t i = 0; i < t->n_items; i++) {
		const struct item_state *is = &p->items[i];
		json_t *it = json_object();
		json_object_set_new(it, "key", json_string(t->items[i].key));
		json_object_set_new(it, "title", json_text(t->items[i].title));
		json_object_set_new(it, "status", json_string(item_status_name(is->status)));
		json_object_set_new(it, "note", json_text(is->note));
		json_object_set_new(it, "reason", json_text(is->reason));
		json_object_set_new(it, "forced_reason", json_text(is->forced_reason));
		json_object_set_new(it, "updated_at", json_text(is->updated_at));
		json_object_set_new(it, "updated_by", json_text(is->updated_by));
		json_object_set_new(it, "ready", json_boolean(engine_item_requirements(p, i, NULL, NULL)));
		json_array_append_new(items, it);
	}
	json_object_set_new(o, "items", items);
	json_t *coll = json_array();
	for (size_t i = 0; i < p->n_collateral; i++) {
		const struct collateral *c = &p->collateral[i];
		json_t *cj = json_object();
		json_object_set_new(cj, "id", json_integer(c->id));
		json_object_set_new(cj, "title", json_text(c->title));
		json_object_set_new(cj, "type", json_text(c->type));
		json_object_set_new(cj, "location", json_text(c->location));
		json_object_set_new(cj, "added_at", json_text(c->added_at));
		json_object_set_new(cj, "added_by", json_text(c->added_by));
		json_array_append_new(coll, cj);
	}
	json_object_set_new(o, "collateral", coll);
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
		json_object_set_new(sj, "results", scan_results_json(scan->results, scan->n_results));
		json_object_set_new(o, "latest_scan", sj);
	}
	return dump(o);
}

char *jsonout_list(const struct project_summary *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "uuid", json_string(v[i].uuid));
		json_object_set_new(o, "name", json_text(v[i].name));
		json_object_set_new(o, "template", json_text(v[i].template_id));
		json_object_set_new(o, "owner", json_text(v[i].owner));
		json_t *prog = json_object();
		json_object_set_new(prog, "done", json_integer(v[i].done));
		json_object_set_new(prog, "total", json_integer(v[i].total));
		json_object_set_new(prog, "broken", json_integer(v[i].broken));
		json_object_set_new(o, "progress", prog);
		json_object_set_new(o, "next_action", json_text(v[i].next_action));
		json_object_set_new(o, "next_action_blocked", json_boolean(v[i].next_blocked));
		/* null: not computed yet (a file from an older version). */
		json_object_set_new(o, "fields_to_fill",
				    v[i].to_fill < 0 ? json_null() : json_integer(v[i].to_fill));
		json_t *pr = json_object();
		json_object_set_new(pr, "errors", json_integer(v[i].errors));
		json_object_set_new(pr, "warnings", json_integer(v[i].warnings));
		json_object_set_new(o, "problems", pr);
		json_object_set_new(o, "updated_at", json_text(v[i].updated_at));
		json_array_append_new(a, o);
	}
	return dump(a);
}

char *jsonout_history(const struct event *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct event *e = &v[i];
		json_t *o = json_object();
		json_object_set_new(o, "at", json_text(e->at));
		json_object_set_new(o, "user", json_text(e->user));
		json_object_set_new(o, "project", json_text(e->project_name));
		json_object_set_new(o, "project_uuid", json_text(e->project_uuid));
		json_object_set_new(o, "what", json_text(e->what));
		json_object_set_new(o, "key", json_text(e->key));
		json_object_set_new(o, "old", json_text(e->old_value));
		json_object_set_new(o, "new", json_text(e->new_value));
		json_object_set_new(o, "note", json_text(e->note));
		json_object_set_new(o, "command", json_integer(e->command));
		json_object_set_new(o, "undo_of", e->undo_of ? json_integer(e->undo_of) : json_null());
		json_array_append_new(a, o);
	}
	return dump(a);
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

static json_t *scan_results_json(const struct scan_result *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "policy", json_text(v[i].policy));
		json_object_set_new(o, "status", json_text(v[i].status));
		json_object_set_new(o, "message", json_text(v[i].message));
		json_object_set_new(o, "fix", json_text(v[i].fix));
		json_object_set_new(o, "url", json_text(v[i].url));
		scan_result_json_extra(o, &v[i]);
		json_array_append_new(a, o);
	}
	return a;
}

char *jsonout_builds(const struct project *p, const struct build_record *b, size_t nb,
		     struct scan_record *const *scans, const size_t *nscans)
{
	json_t *o = json_object();
	json_object_set_new(o, "project", json_text(p->name));
	json_object_set_new(o, "published", json_boolean(p->published));
	json_t *arr = json_array();
	for (size_t i = 0; i < nb; i++) {
		json_t *bj = json_object();
		char *ref = records_image_ref(p, b[i].tag);
		json_object_set_new(bj, "id", json_integer(b[i].id));
		json_object_set_new(bj, "tag", json_text(b[i].tag));
		json_object_set_new(bj, "image", json_text(ref));
		free(ref);
		json_object_set_new(bj, "build_id", json_text(b[i].build_ref));
		json_object_set_new(bj, "result", json_string(build_result_name(b[i].result)));
		json_object_set_new(bj, "started_at", json_text(b[i].started_at));
		json_object_set_new(bj, "finished_at", json_text(b[i].finished_at));
		json_object_set_new(bj, "user", json_text(b[i].user));
		json_object_set_new(bj, "note", json_text(b[i].note));
		json_t *sa = json_array();
		for (size_t k = 0; scans && k < nscans[i]; k++) {
			const struct scan_record *sc = &scans[i][k];
			json_t *sj = json_object();
			json_object_set_new(sj, "id", json_integer(sc->id));
			json_object_set_new(sj, "at", json_text(sc->at));
			json_object_set_new(sj, "user", json_text(sc->user));
			json_object_set_new(sj, "passed", json_boolean(sc->passed));
			json_object_set_new(sj, "source", json_text(sc->source));
			scan_record_json_extra(sj, sc);
			json_object_set_new(sj, "results", scan_results_json(sc->results, sc->n_results));
			json_array_append_new(sa, sj);
		}
		json_object_set_new(bj, "scans", sa);
		json_array_append_new(arr, bj);
	}
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
	json_object_set_new(o, "results", scan_results_json(v, n));
	return dump(o);
}
