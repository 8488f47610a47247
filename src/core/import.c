/* import.c - reads a JSON report (docs/report-format.md) back into a
 * database. The whole document is checked first, naming the JSON path of
 * the first problem; only then is anything applied, in one transaction, so
 * a bad file changes nothing. Projects match by UUID: the newer change of
 * each field and item wins, missing records are added, history is merged
 * without duplicates. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/report.h"
#include "certtrack/engine.h"
#include "certtrack/i18n.h"
#include "certtrack/records.h"
#include "certtrack/store.h"
#include "certtrack/util.h"

#include <jansson.h>

#include "core/json_int.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The file as read, checked, in memory. */
struct imp_build {
	struct build_record b;
	struct scan_record *scans; /* file order: newest first */
	size_t n_scans;
};

struct imp_project {
	struct project *p; /* fields, items, collateral from the file */
	bool *field_given;
	bool *item_given;
	bool published;
	char *published_at;
	char *published_by;
	struct imp_build *builds; /* newest first */
	size_t n_builds;
	struct prescan_record *prescans; /* newest first */
	size_t n_prescans;
	struct event *events; /* newest first */
	size_t n_events;
};

struct jctx {
	const char *name;
	struct ct_error *err;
	struct strbuf path;
	const struct template_set *templates;
};

/* Refuses the document: "FILE: $.path: problem; fix". */
static enum ct_status bad(struct jctx *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static enum ct_status bad(struct jctx *j, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	ct_fail(j->err, CT_DATA, "%s: %s: %s", j->name, sb_str(&j->path), msg);
	free(msg);
	return CT_DATA;
}

static bool simple_key(const char *k)
{
	if (!*k || strlen(k) > 64)
		return false;
	for (const char *p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-'))
			return false;
	return true;
}

static size_t push_key(struct jctx *j, const char *key)
{
	size_t len = j->path.len;
	if (simple_key(key)) {
		sb_addf(&j->path, ".%s", key);
	} else {
		/* Shown as a JSON string so that any key reads back unambiguously. */
		json_t *s = json_string(key);
		char *q = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
		sb_addf(&j->path, "[%s]", q ? q : "\"?\"");
		free(q);
		json_decref(s);
	}
	return len;
}

static size_t push_index(struct jctx *j, size_t i)
{
	size_t len = j->path.len;
	sb_addf(&j->path, "[%zu]", i);
	return len;
}

static void pop(struct jctx *j, size_t len)
{
	j->path.len = len;
	j->path.buf[len] = '\0';
}

/* Reads o.key as a string into *out (a copy; NULL for JSON null or absent
 * when allowed). */
static enum ct_status get_str(struct jctx *j, json_t *o, const char *key, bool required,
			      bool nullable, char **out)
{
	*out = NULL;
	json_t *v = json_object_get(o, key);
	size_t mark = push_key(j, key);
	enum ct_status s = CT_OK;
	if (!v) {
		if (required)
			s = bad(j, _("missing; a certtrack report always has it"));
	} else if (json_is_null(v)) {
		if (!nullable)
			s = bad(j, _("is null; give a string"));
	} else if (!json_is_string(v)) {
		s = bad(j, _("must be a string%s"), nullable ? _(" or null") : "");
	} else if (json_string_length(v) > OPS_MAX_VALUE) {
		s = bad(j, _("is longer than the %d bytes allowed; shorten it"), OPS_MAX_VALUE);
	} else if (strlen(json_string_value(v)) != json_string_length(v)) {
		s = bad(j, _("contains a NUL character; remove it"));
	} else if (!nullable && required && !*json_string_value(v)) {
		s = bad(j, _("is empty; give a value"));
	} else {
		*out = xstrdup(json_string_value(v));
	}
	if (!s)
		pop(j, mark);
	return s;
}

/* A UTC time as certtrack writes it, "YYYY-MM-DDTHH:MM:SSZ". */
static enum ct_status get_time(struct jctx *j, json_t *o, const char *key, bool required,
			       char **out)
{
	enum ct_status s = get_str(j, o, key, required, !required, out);
	if (s || !*out)
		return s;
	if (time_parse_iso(*out) < 0) {
		size_t mark = push_key(j, key);
		s = bad(j, _("\"%s\" is not a UTC time like 2024-05-06T07:08:09Z; correct it"), *out);
		pop(j, mark);
		x_free(out);
	}
	return s;
}

static enum ct_status get_bool(struct jctx *j, json_t *o, const char *key, bool required,
			       bool *out)
{
	json_t *v = json_object_get(o, key);
	*out = false;
	if (!v && !required)
		return CT_OK;
	if (!json_is_boolean(v)) {
		size_t mark = push_key(j, key);
		enum ct_status s = bad(j, v ? _("must be true or false") : _("missing; a certtrack report always has it"));
		pop(j, mark);
		return s;
	}
	*out = json_is_true(v);
	return CT_OK;
}

static enum ct_status get_id(struct jctx *j, json_t *o, long long *out)
{
	json_t *v = json_object_get(o, "id");
	*out = 0;
	if (!v || json_is_null(v))
		return CT_OK;
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		size_t mark = push_key(j, "id");
		enum ct_status s = bad(j, _("must be a positive whole number"));
		pop(j, mark);
		return s;
	}
	*out = (long long)json_integer_value(v);
	return CT_OK;
}

/* o.key must be an array (absent: empty when optional). */
static enum ct_status get_array(struct jctx *j, json_t *o, const char *key, bool required,
				json_t **out)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!v && !required)
		return CT_OK;
	if (!json_is_array(v)) {
		size_t mark = push_key(j, key);
		enum ct_status s = bad(j, v ? _("must be an array") : _("missing; a certtrack report always has it"));
		pop(j, mark);
		return s;
	}
	*out = v;
	return CT_OK;
}

static enum ct_status need_object(struct jctx *j, json_t *v)
{
	return json_is_object(v) ? CT_OK : bad(j, _("must be an object"));
}

static void imp_project_free(struct imp_project *ip)
{
	free(ip->field_given);
	free(ip->item_given);
	free(ip->published_at);
	free(ip->published_by);
	for (size_t i = 0; i < ip->n_builds; i++) {
		struct build_record *b = &ip->builds[i].b;
		free(b->tag);
		free(b->build_ref);
		free(b->started_at);
		free(b->finished_at);
		free(b->note);
		free(b->user);
		scan_records_free(ip->builds[i].scans, ip->builds[i].n_scans);
	}
	free(ip->builds);
	prescan_records_free(ip->prescans, ip->n_prescans);
	events_free(ip->events, ip->n_events);
	project_free(ip->p);
}

/* Parsing, one part of a project at a time */

static enum ct_status parse_fields(struct jctx *j, json_t *o, struct imp_project *ip)
{
	struct project *p = ip->p;
	json_t *fields = json_object_get(o, "fields");
	size_t mark = push_key(j, "fields");
	enum ct_status s = CT_OK;
	if (!fields) {
		pop(j, mark);
		return CT_OK;
	}
	if ((s = need_object(j, fields)))
		return s;
	const char *key;
	json_t *fv;
	json_object_foreach(fields, key, fv) {
		size_t m2 = push_key(j, key);
		int fi = template_field_index(p->tpl, key);
		if (fi < 0)
			return bad(j, _("template %s has no field \"%s\"; remove it or add the template version that has it"),
				   p->tpl->id, key);
		if ((s = need_object(j, fv)))
			return s;
		if (strcmp(key, "project_name") == 0) {
			/* The name lives in the project's "name"; this copy is
			 * informational. */
			pop(j, m2);
			continue;
		}
		struct field_value *dst = &p->fields[fi];
		x_free(&dst->value);
		if ((s = get_str(j, fv, "value", true, true, &dst->value)) ||
		    (s = get_time(j, fv, "updated_at", false, &dst->updated_at)) ||
		    (s = get_str(j, fv, "updated_by", false, true, &dst->updated_by)))
			return s;
		if (dst->value && !*dst->value)
			x_free(&dst->value);
		ip->field_given[fi] = true;
		pop(j, m2);
	}
	/* Values are checked once all are in: validators compare fields. */
	for (size_t i = 0; i < p->tpl->n_fields; i++) {
		const char *k = p->tpl->fields[i].key;
		if (!ip->field_given[i] || !p->fields[i].value)
			continue;
		struct problems ps = {0};
		engine_field_problems(p, i, NULL, &ps);
		for (size_t e = 0; e < ps.n && !s; e++) {
			if (ps.v[e].severity != CT_SEV_ERROR || strcmp(ps.v[e].rule, "field.required") == 0)
				continue;
			size_t m2 = push_key(j, k);
			size_t m3 = push_key(j, "value");
			s = bad(j, _("invalid value: %s; correct it in the file"), ps.v[e].message);
			pop(j, m3);
			pop(j, m2);
		}
		problems_free(&ps);
		if (s)
			return s;
	}
	pop(j, mark);
	return CT_OK;
}

static enum ct_status parse_items(struct jctx *j, json_t *o, struct imp_project *ip)
{
	struct project *p = ip->p;
	json_t *items;
	enum ct_status s = get_array(j, o, "items", false, &items);
	if (s || !items)
		return s;
	size_t mark = push_key(j, "items");
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		size_t m2 = push_index(j, i);
		if ((s = need_object(j, it)))
			return s;
		char *key = NULL, *status = NULL;
		if ((s = get_str(j, it, "key", true, false, &key)))
			return s;
		int ii = template_item_index(p->tpl, key);
		if (ii < 0 || ip->item_given[ii]) {
			size_t m3 = push_key(j, "key");
			s = ii < 0 ? bad(j, _("template %s has no item \"%s\"; remove it from the file"),
					 p->tpl->id, key)
				   : bad(j, _("item \"%s\" is given twice; keep one"), key);
			free(key);
			pop(j, m3);
			return s;
		}
		free(key);
		ip->item_given[ii] = true;
		struct item_state *is = &p->items[ii];
		if ((s = get_str(j, it, "status", true, false, &status)))
			return s;
		enum item_status st;
		bool ok = item_status_parse(status, &st) && strcmp(item_status_name(st), status) == 0;
		free(status);
		if (!ok) {
			size_t m3 = push_key(j, "status");
			s = bad(j, _("unknown status; use todo, in-progress, done, blocked or n/a"));
			pop(j, m3);
			return s;
		}
		is->status = st;
		if ((s = get_str(j, it, "note", false, true, &is->note)) ||
		    (s = get_str(j, it, "reason", false, true, &is->reason)) ||
		    (s = get_str(j, it, "forced_reason", false, true, &is->forced_reason)) ||
		    (s = get_time(j, it, "updated_at", false, &is->updated_at)) ||
		    (s = get_str(j, it, "updated_by", false, true, &is->updated_by)))
			return s;
		if ((st == ITEM_BLOCKED || st == ITEM_NA) && str_is_empty(is->reason)) {
			size_t m3 = push_key(j, "reason");
			s = bad(j, _("%s needs a reason; give one"), item_status_name(st));
			pop(j, m3);
			return s;
		}
		pop(j, m2);
	}
	pop(j, mark);
	return CT_OK;
}

static enum ct_status parse_collateral(struct jctx *j, json_t *o, struct imp_project *ip)
{
	struct project *p = ip->p;
	json_t *arr;
	enum ct_status s = get_array(j, o, "collateral", false, &arr);
	if (s || !arr)
		return s;
	size_t mark = push_key(j, "collateral");
	p->collateral = xcalloc(json_array_size(arr) + 1, sizeof(*p->collateral));
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) {
		size_t m2 = push_index(j, i);
		if ((s = need_object(j, x)))
			return s;
		struct collateral *c = &p->collateral[p->n_collateral++];
		if ((s = get_id(j, x, &c->id)) ||
		    (s = get_str(j, x, "title", true, false, &c->title)) ||
		    (s = get_str(j, x, "type", true, false, &c->type)) ||
		    (s = get_str(j, x, "location", false, true, &c->location)) ||
		    (s = get_time(j, x, "added_at", true, &c->added_at)) ||
		    (s = get_str(j, x, "added_by", true, false, &c->added_by)))
			return s;
		bool known = false;
		for (size_t k = 0; k < p->tpl->n_collateral_types; k++)
			known = known || strcmp(p->tpl->collateral_types[k], c->type) == 0;
		if (!known) {
			size_t m3 = push_key(j, "type");
			s = bad(j, _("unknown collateral type \"%s\" for template %s; correct it"), c->type,
				p->tpl->id);
			pop(j, m3);
			return s;
		}
		pop(j, m2);
	}
	pop(j, mark);
	return CT_OK;
}

/* "elapsed_time": milliseconds, a whole number >= 0, or absent. */
static enum ct_status get_elapsed(struct jctx *j, json_t *o, struct scan_result *sr)
{
	json_t *v = json_object_get(o, "elapsed_time");
	if (!v || json_is_null(v))
		return CT_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		size_t mark = push_key(j, "elapsed_time");
		enum ct_status s = bad(j, _("must be a whole number of milliseconds"));
		pop(j, mark);
		return s;
	}
	sr->elapsed_ms = (long long)json_integer_value(v);
	sr->has_elapsed = true;
	return CT_OK;
}

/* What a preflight import kept: image, test_library, certification_hash. */
static enum ct_status get_scan_extra(struct jctx *j, json_t *x, struct scan_record *r)
{
	enum ct_status s;
	if ((s = get_str(j, x, "image", false, true, &r->image)) ||
	    (s = get_str(j, x, "certification_hash", false, true, &r->certification_hash)))
		return s;
	json_t *lib = json_object_get(x, "test_library");
	if (!lib || json_is_null(lib))
		return CT_OK;
	size_t mark = push_key(j, "test_library");
	if ((s = need_object(j, lib)) ||
	    (s = get_str(j, lib, "name", false, true, &r->tool_name)) ||
	    (s = get_str(j, lib, "version", false, true, &r->tool_version)) ||
	    (s = get_str(j, lib, "commit", false, true, &r->tool_commit)))
		return s;
	pop(j, mark);
	return CT_OK;
}

static enum ct_status parse_scans(struct jctx *j, json_t *o, struct imp_build *ib)
{
	json_t *arr;
	enum ct_status s = get_array(j, o, "scans", false, &arr);
	if (s || !arr)
		return s;
	size_t mark = push_key(j, "scans");
	ib->scans = xcalloc(json_array_size(arr) + 1, sizeof(*ib->scans));
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) {
		size_t m2 = push_index(j, i);
		if ((s = need_object(j, x)))
			return s;
		struct scan_record *r = &ib->scans[ib->n_scans++];
		json_t *res;
		if ((s = get_id(j, x, &r->id)) || (s = get_time(j, x, "at", true, &r->at)) ||
		    (s = get_str(j, x, "user", true, false, &r->user)) ||
		    (s = get_bool(j, x, "passed", true, &r->passed)) ||
		    (s = get_str(j, x, "source", true, false, &r->source)) ||
		    (s = get_scan_extra(j, x, r)) ||
		    (s = get_array(j, x, "results", false, &res)))
			return s;
		if (!res) {
			pop(j, m2);
			continue;
		}
		size_t m3 = push_key(j, "results");
		r->results = xcalloc(json_array_size(res) + 1, sizeof(*r->results));
		size_t k;
		json_t *y;
		json_array_foreach(res, k, y) {
			size_t m4 = push_index(j, k);
			if ((s = need_object(j, y)))
				return s;
			struct scan_result *sr = &r->results[r->n_results++];
			if ((s = get_str(j, y, "policy", true, false, &sr->policy)) ||
			    (s = get_str(j, y, "status", true, false, &sr->status)) ||
			    (s = get_str(j, y, "message", false, true, &sr->message)) ||
			    (s = get_str(j, y, "fix", false, true, &sr->fix)) ||
			    (s = get_str(j, y, "url", false, true, &sr->url)) ||
			    (s = get_str(j, y, "description", false, true, &sr->description)) ||
			    (s = get_str(j, y, "help", false, true, &sr->help)) ||
			    (s = get_str(j, y, "check_url", false, true, &sr->check_url)) ||
			    (s = get_elapsed(j, y, sr)))
				return s;
			pop(j, m4);
		}
		pop(j, m3);
		pop(j, m2);
	}
	pop(j, mark);
	return CT_OK;
}

static enum ct_status parse_builds(struct jctx *j, json_t *o, struct imp_project *ip)
{
	json_t *arr;
	enum ct_status s = get_array(j, o, "builds", false, &arr);
	if (s || !arr)
		return s;
	size_t mark = push_key(j, "builds");
	ip->builds = xcalloc(json_array_size(arr) + 1, sizeof(*ip->builds));
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) {
		size_t m2 = push_index(j, i);
		if ((s = need_object(j, x)))
			return s;
		struct imp_build *ib = &ip->builds[ip->n_builds++];
		struct build_record *b = &ib->b;
		char *result = NULL;
		if ((s = get_id(j, x, &b->id)) || (s = get_str(j, x, "tag", true, false, &b->tag)) ||
		    (s = get_str(j, x, "build_ref", false, true, &b->build_ref)) ||
		    (s = get_time(j, x, "started_at", true, &b->started_at)) ||
		    (s = get_time(j, x, "finished_at", false, &b->finished_at)) ||
		    (s = get_str(j, x, "note", false, true, &b->note)) ||
		    (s = get_str(j, x, "user", true, false, &b->user)) ||
		    (s = get_str(j, x, "result", true, false, &result)))
			return s;
		if (strcmp(result, "running") == 0) {
			b->result = BUILD_RUNNING;
		} else if (strcmp(result, "succeeded") == 0) {
			b->result = BUILD_SUCCEEDED;
		} else if (strcmp(result, "failed") == 0) {
			b->result = BUILD_FAILED;
		} else {
			free(result);
			size_t m3 = push_key(j, "result");
			s = bad(j, _("unknown build result; use running, succeeded or failed"));
			pop(j, m3);
			return s;
		}
		free(result);
		if ((s = parse_scans(j, x, ib)))
			return s;
		pop(j, m2);
	}
	pop(j, mark);
	return CT_OK;
}

static enum ct_status parse_prescans(struct jctx *j, json_t *o, struct imp_project *ip)
{
	json_t *arr;
	enum ct_status s = get_array(j, o, "prescans", false, &arr);
	if (s || !arr)
		return s;
	size_t mark = push_key(j, "prescans");
	ip->prescans = xcalloc(json_array_size(arr) + 1, sizeof(*ip->prescans));
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) {
		size_t m2 = push_index(j, i);
		if ((s = need_object(j, x)))
			return s;
		struct prescan_record *r = &ip->prescans[ip->n_prescans++];
		if ((s = get_id(j, x, &r->id)) || (s = get_time(j, x, "at", true, &r->at)) ||
		    (s = get_str(j, x, "user", true, false, &r->user)) ||
		    (s = get_str(j, x, "file", true, false, &r->file)) ||
		    (s = get_str(j, x, "digest", true, false, &r->digest)) ||
		    (s = get_bool(j, x, "passed", true, &r->passed)))
			return s;
		json_t *res = json_object_get(x, "results");
		if (json_is_string(res))
			r->results = xstrdup(json_string_value(res));
		else if (res && !json_is_null(res)) {
			char *d = json_dumps(res, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
			r->results = xstrdup(d ? d : "null");
			free(d);
		} else {
			r->results = xstrdup("null");
		}
		pop(j, m2);
	}
	pop(j, mark);
	return CT_OK;
}

static enum ct_status parse_history(struct jctx *j, json_t *o, struct imp_project *ip)
{
	json_t *arr;
	enum ct_status s = get_array(j, o, "history", false, &arr);
	if (s || !arr)
		return s;
	size_t mark = push_key(j, "history");
	ip->events = xcalloc(json_array_size(arr) + 1, sizeof(*ip->events));
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) {
		size_t m2 = push_index(j, i);
		if ((s = need_object(j, x)))
			return s;
		struct event *e = &ip->events[ip->n_events++];
		e->project_uuid = xstrdup(ip->p->uuid);
		if ((s = get_time(j, x, "at", true, &e->at)) ||
		    (s = get_str(j, x, "user", true, false, &e->user)) ||
		    (s = get_str(j, x, "project", false, true, &e->project_name)) ||
		    (s = get_str(j, x, "what", true, false, &e->what)) ||
		    (s = get_str(j, x, "key", false, true, &e->key)) ||
		    (s = get_str(j, x, "old", false, true, &e->old_value)) ||
		    (s = get_str(j, x, "new", false, true, &e->new_value)) ||
		    (s = get_str(j, x, "note", false, true, &e->note)))
			return s;
		if (!e->project_name)
			e->project_name = xstrdup(ip->p->name);
		pop(j, m2);
	}
	pop(j, mark);
	return CT_OK;
}

static enum ct_status parse_project(struct jctx *j, json_t *o, struct imp_project *ip)
{
	enum ct_status s;
	if ((s = need_object(j, o)))
		return s;
	char *uuid = NULL, *tpl_id = NULL, *name = NULL;
	if ((s = get_str(j, o, "uuid", true, false, &uuid)))
		return s;
	if (!uuid_looks_valid(uuid)) {
		size_t m = push_key(j, "uuid");
		s = bad(j, _("\"%s\" is not a UUID; correct it"), uuid);
		pop(j, m);
		free(uuid);
		return s;
	}
	if ((s = get_str(j, o, "template", true, false, &tpl_id))) {
		free(uuid);
		return s;
	}
	const struct template *tpl = template_set_find(j->templates, tpl_id);
	if (!tpl) {
		size_t m = push_key(j, "template");
		s = bad(j, _("unknown template \"%s\"; add the folder that has it with --templates"),
			tpl_id);
		pop(j, m);
		free(uuid);
		free(tpl_id);
		return s;
	}
	free(tpl_id);
	if ((s = get_str(j, o, "name", true, false, &name))) {
		free(uuid);
		return s;
	}
	ip->p = project_new(tpl, name);
	free(name);
	snprintf(ip->p->uuid, sizeof(ip->p->uuid), "%s", uuid);
	free(uuid);
	/* What the file does not give stays unset, not the template default. */
	for (size_t i = 0; i < tpl->n_fields; i++)
		x_free(&ip->p->fields[i].value);
	int pn = template_field_index(tpl, "project_name");
	if (pn >= 0)
		ip->p->fields[pn].value = xstrdup(ip->p->name);
	ip->field_given = xcalloc(tpl->n_fields + 1, sizeof(bool));
	ip->item_given = xcalloc(tpl->n_items + 1, sizeof(bool));
	if ((s = get_str(j, o, "owner", true, false, &ip->p->owner)) ||
	    (s = get_time(j, o, "created_at", true, &ip->p->created_at)) ||
	    (s = get_time(j, o, "updated_at", true, &ip->p->updated_at)))
		return s;
	json_t *pub = json_object_get(o, "publication");
	if (pub && !json_is_null(pub)) {
		size_t m = push_key(j, "publication");
		if ((s = need_object(j, pub)) ||
		    (s = get_bool(j, pub, "published", true, &ip->published)) ||
		    (s = get_time(j, pub, "at", false, &ip->published_at)) ||
		    (s = get_str(j, pub, "by", false, true, &ip->published_by)))
			return s;
		pop(j, m);
	}
	if ((s = parse_fields(j, o, ip)) || (s = parse_items(j, o, ip)) ||
	    (s = parse_collateral(j, o, ip)) || (s = parse_builds(j, o, ip)) ||
	    (s = parse_prescans(j, o, ip)) || (s = parse_history(j, o, ip)))
		return s;
	return CT_OK;
}

/* Applying */

struct apply {
	struct ops_ctx *c;
	struct import_result *res;
	struct jctx *j;
	bool changed; /* this project */
};

static void change(struct apply *a, enum import_action act, const struct project *p,
		   const char *what, const char *old_value, const char *new_value)
{
	struct import_result *r = a->res;
	r->v = xreallocarray(r->v, r->n + 1, sizeof(*r->v));
	struct import_change *ch = &r->v[r->n++];
	ch->action = act;
	ch->project = xstrdup(p->name);
	ch->uuid = xstrdup(p->uuid);
	ch->what = xstrdup(what);
	ch->old_value = xstrdup(old_value);
	ch->new_value = xstrdup(new_value);
	a->changed = true;
}

/* Is the file's time newer than ours? An unset time is the oldest. */
static bool newer(const char *file, const char *here)
{
	if (str_is_empty(file))
		return false;
	if (str_is_empty(here))
		return true;
	return strcmp(file, here) > 0;
}

static enum ct_status add_records(struct apply *a, const struct imp_project *ip, long long id,
				  const struct project *shown, struct ct_error *err)
{
	struct store *st = a->c->st;
	enum ct_status s;
	for (size_t i = 0; i < ip->p->n_collateral; i++) {
		struct collateral c = ip->p->collateral[i];
		bool found;
		if ((s = store_collateral_exists(st, id, &c, &found, err)))
			return s;
		if (found)
			continue;
		if ((s = store_collateral_insert(st, id, &c, err)))
			return s;
		change(a, IMPORT_RECORD, shown, "collateral", NULL, c.title);
	}
	/* Oldest first, so that new ids keep the order. */
	for (size_t i = ip->n_builds; i-- > 0;) {
		const struct imp_build *ib = &ip->builds[i];
		struct build_record b = ib->b;
		long long here;
		if ((s = store_build_find(st, id, &b, &here, err)))
			return s;
		if (!here) {
			if ((s = store_build_insert(st, id, &b, err)))
				return s;
			here = b.id;
			change(a, IMPORT_RECORD, shown, "build", NULL, b.tag);
		} else if (b.result != BUILD_RUNNING) {
			/* A build running here may have finished there. */
			struct build_record *v;
			size_t n;
			if ((s = store_builds_list(st, id, &v, &n, err)))
				return s;
			for (size_t k = 0; k < n && !s; k++) {
				if (v[k].id != here || v[k].result != BUILD_RUNNING)
					continue;
				b.id = here;
				s = store_build_update(st, &b, err);
				if (!s)
					change(a, IMPORT_RECORD, shown, "build", "running",
					       build_result_name(b.result));
			}
			build_records_free(v, n);
			if (s)
				return s;
		}
		for (size_t k = ib->n_scans; k-- > 0;) {
			struct scan_record r = ib->scans[k];
			r.build_id = here;
			bool found;
			if ((s = store_scan_exists(st, &r, &found, err)))
				return s;
			if (found)
				continue;
			if ((s = store_scan_insert(st, &r, err)))
				return s;
			change(a, IMPORT_RECORD, shown, "scan", NULL, r.passed ? "passed" : "failed");
		}
	}
	for (size_t i = ip->n_prescans; i-- > 0;) {
		struct prescan_record r = ip->prescans[i];
		bool found;
		if ((s = store_prescan_exists(st, id, &r, &found, err)))
			return s;
		if (found)
			continue;
		if ((s = store_prescan_insert(st, id, &r, err)))
			return s;
		change(a, IMPORT_RECORD, shown, "prescan", NULL, r.passed ? "passed" : "failed");
	}
	return CT_OK;
}

static enum ct_status create_project(struct apply *a, struct imp_project *ip, size_t index,
				     struct ct_error *err)
{
	struct store *st = a->c->st;
	struct project *p = ip->p;
	enum ct_status s;
	if (store_name_taken(st, p->name, 0)) {
		size_t m = push_index(a->j, index);
		size_t m2 = push_key(a->j, "name");
		s = bad(a->j, _("a project named \"%s\" with another UUID exists in this database; rename one of them first"),
			p->name);
		pop(a->j, m2);
		pop(a->j, m);
		return s;
	}
	/* store_project_insert writes set fields and every item; a cleared
	 * field keeps its time too. */
	struct collateral *col = p->collateral;
	size_t n_col = p->n_collateral;
	p->collateral = NULL;
	p->n_collateral = 0;
	s = store_project_insert(st, p, err);
	p->collateral = col;
	p->n_collateral = n_col;
	if (s)
		return s;
	for (size_t i = 0; i < p->tpl->n_fields && !s; i++)
		if (!p->fields[i].value && !str_is_empty(p->fields[i].updated_at))
			s = store_field_write(st, p->id, p->tpl->fields[i].key, &p->fields[i], err);
	if (s)
		return s;
	change(a, IMPORT_CREATE, p, NULL, NULL, p->name);
	if ((s = add_records(a, ip, p->id, p, err)))
		return s;
	if (ip->published || ip->published_at)
		s = store_project_set_published(st, p->id, ip->published, ip->published_at,
						ip->published_by, err);
	return s;
}

static bool item_same(const struct item_state *x, const struct item_state *y)
{
	return x->status == y->status && str_eq(x->note, y->note) && str_eq(x->reason, y->reason) &&
	       str_eq(x->forced_reason, y->forced_reason);
}

static enum ct_status update_project(struct apply *a, struct imp_project *ip, size_t index,
				     long long id, struct ct_error *err)
{
	struct store *st = a->c->st;
	struct project *fp = ip->p, *p;
	enum ct_status s = store_project_load(st, id, a->c->templates, &p, err);
	if (s)
		return s;
	if (strcmp(p->template_id, fp->template_id) != 0) {
		size_t m = push_index(a->j, index);
		size_t m2 = push_key(a->j, "template");
		s = bad(a->j, _("this project uses template %s here, not %s; it cannot be merged"),
			p->template_id, fp->template_id);
		pop(a->j, m2);
		pop(a->j, m);
		project_free(p);
		return s;
	}
	const struct template *tpl = p->tpl;
	for (size_t i = 0; i < tpl->n_fields && !s; i++) {
		struct field_value *here = &p->fields[i], *there = &fp->fields[i];
		if (!ip->field_given[i] || strcmp(tpl->fields[i].key, "project_name") == 0 ||
		    !newer(there->updated_at, here->updated_at))
			continue;
		s = store_field_write(st, id, tpl->fields[i].key, there, err);
		if (!s && !str_eq(here->value, there->value))
			change(a, IMPORT_FIELD, p, tpl->fields[i].key, here->value, there->value);
	}
	for (size_t i = 0; i < tpl->n_items && !s; i++) {
		struct item_state *here = &p->items[i], *there = &fp->items[i];
		if (!ip->item_given[i] || !newer(there->updated_at, here->updated_at))
			continue;
		s = store_item_write(st, id, tpl->items[i].key, there, err);
		if (!s && !item_same(here, there)) {
			char *o = xasprintf("%s%s%s", item_status_name(here->status),
					    here->note ? ": " : "", here->note ? here->note : "");
			char *n = xasprintf("%s%s%s", item_status_name(there->status),
					    there->note ? ": " : "", there->note ? there->note : "");
			change(a, IMPORT_ITEM, p, tpl->items[i].key, o, n);
			free(o);
			free(n);
		}
	}
	if (!s && newer(fp->updated_at, p->updated_at)) {
		if (!str_eq(p->name, fp->name)) {
			if (store_name_taken(st, fp->name, id)) {
				size_t m = push_index(a->j, index);
				size_t m2 = push_key(a->j, "name");
				s = bad(a->j, _("a project named \"%s\" with another UUID exists in this database; rename one of them first"),
					fp->name);
				pop(a->j, m2);
				pop(a->j, m);
			} else {
				change(a, IMPORT_PROJECT, p, "name", p->name, fp->name);
				free(p->name);
				p->name = xstrdup(fp->name);
			}
		}
		if (!s && !str_eq(p->owner, fp->owner)) {
			change(a, IMPORT_PROJECT, p, "owner", p->owner, fp->owner);
			free(p->owner);
			p->owner = xstrdup(fp->owner);
		}
		free(p->updated_at);
		p->updated_at = xstrdup(fp->updated_at);
		if (!s)
			s = store_project_update(st, p, err);
	}
	if (!s) {
		bool published;
		char *at, *by;
		s = store_project_published_info(st, id, &published, &at, &by, err);
		if (!s && newer(ip->published_at, at)) {
			s = store_project_set_published(st, id, ip->published, ip->published_at,
							ip->published_by, err);
			if (!s && published != ip->published)
				change(a, IMPORT_PROJECT, p, "published", published ? "true" : "false",
				       ip->published ? "true" : "false");
		}
		free(at);
		free(by);
	}
	if (!s)
		s = add_records(a, ip, id, p, err);
	project_free(p);
	return s;
}

/* History rows of the file that this database lacks, oldest first; rows
 * made together (same time and user) share one command. */
static enum ct_status merge_history(struct apply *a, const struct imp_project *ip,
				    struct ct_error *err)
{
	struct store *st = a->c->st;
	long long cmd = 0;
	const char *cmd_at = NULL, *cmd_user = NULL;
	size_t added = 0;
	for (size_t i = ip->n_events; i-- > 0;) {
		const struct event *e = &ip->events[i];
		bool found;
		enum ct_status s = store_event_exists(st, e, &found, err);
		if (s)
			return s;
		if (found)
			continue;
		if (!cmd || !str_eq(cmd_at, e->at) || !str_eq(cmd_user, e->user)) {
			char *summary = xasprintf("imported: %s %s", e->what, e->project_name ? e->project_name : "");
			s = store_command_foreign(st, e->at, e->user, summary, &cmd, err);
			free(summary);
			if (s)
				return s;
			cmd_at = e->at;
			cmd_user = e->user;
		}
		if ((s = store_event_add(st, cmd, e->at, e->user, e->project_uuid, e->project_name,
					 e->what, e->key, e->old_value, e->new_value, e->note, err)))
			return s;
		added++;
	}
	if (added) {
		char n[32];
		snprintf(n, sizeof(n), "%zu", added);
		change(a, IMPORT_HISTORY, ip->p, "history", NULL, n);
		a->res->history += added;
	}
	return CT_OK;
}

/* The import itself is a command of the importing user (nothing changes
 * silently); it cannot be undone row by row, so it is sealed. */
static enum ct_status record_import(struct apply *a, const char *name, struct ct_error *err)
{
	char at[32];
	time_now_iso(at);
	long long cmd;
	char *summary = xasprintf("import %s", name);
	enum ct_status s = store_command_new(a->c->st, at, a->c->user, summary, 0, &cmd, err);
	free(summary);
	if (!s)
		s = store_command_seal(a->c->st, cmd, err);
	if (!s) {
		char *what = xasprintf("%zu created, %zu updated, %zu history rows", a->res->created,
				       a->res->updated, a->res->history);
		s = store_event_add(a->c->st, cmd, at, a->c->user, NULL, NULL, "import", name, NULL,
				    what, NULL, err);
		free(what);
	}
	return s;
}

static enum ct_status apply_all(struct apply *a, struct imp_project *v, size_t n,
				const char *name, bool dry_run, struct ct_error *err)
{
	struct store *st = a->c->st;
	enum ct_status s = store_begin(st, err);
	if (s)
		return s;
	for (size_t i = 0; i < n && !s; i++) {
		struct imp_project *ip = &v[i];
		long long id;
		a->changed = false;
		struct ct_error quiet;
		bool exists = store_project_find(st, ip->p->uuid, true, &id, &quiet) == CT_OK;
		if (!exists) {
			s = create_project(a, ip, i, err);
			id = ip->p->id;
		} else {
			s = update_project(a, ip, i, id, err);
		}
		bool touched = a->changed;
		if (!s)
			s = merge_history(a, ip, err);
		if (!s && !exists)
			a->res->created++;
		else if (!s && a->changed)
			a->res->updated++;
		else if (!s)
			a->res->unchanged++;
		if (!s && touched) {
			/* The list's summary follows what is now stored. */
			struct project *fresh;
			if (!(s = store_project_load(st, id, a->c->templates, &fresh, err))) {
				s = ops_summary_write(a->c, fresh, err);
				project_free(fresh);
			}
		}
	}
	if (!s && !dry_run && a->res->n)
		s = record_import(a, name, err);
	/* A dry run goes through the same writes and takes none of them. */
	if (s || dry_run) {
		store_rollback(st);
		return s;
	}
	return store_commit(st, err);
}

enum ct_status import_json(struct ops_ctx *c, const char *name, const char *data, size_t len,
			   bool dry_run, struct import_result *res, struct ct_error *err)
{
	memset(res, 0, sizeof(*res));
	struct jctx j = {.name = name, .err = err, .templates = c->templates};
	sb_add(&j.path, "$");
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	enum ct_status s = CT_OK;
	struct imp_project *v = NULL;
	size_t n = 0;
	if (!root) {
		s = ct_fail(err, CT_DATA,
			    _("%s: not a JSON report (line %d, column %d: %s); give a file written by 'certtrack report --format json'"),
			    name, je.line, je.column, je.text);
		goto out;
	}
	if ((s = need_object(&j, root)))
		goto out;
	json_t *fmt = json_object_get(root, "format");
	size_t m = push_key(&j, "format");
	if (!fmt) {
		s = bad(&j, _("missing; this is not a certtrack JSON report (certtrack report --format json writes one)"));
		goto out;
	}
	if (!json_is_integer(fmt) || json_integer_value(fmt) != REPORT_FORMAT_VERSION) {
		char *shown = json_dumps(fmt, JSON_ENCODE_ANY | JSON_COMPACT);
		s = bad(&j, _("unknown format %s; this certtrack reads format %d: upgrade certtrack or export again with this version"),
			shown ? shown : "?", REPORT_FORMAT_VERSION);
		free(shown);
		goto out;
	}
	pop(&j, m);
	json_t *projects;
	if ((s = get_array(&j, root, "projects", true, &projects)))
		goto out;
	m = push_key(&j, "projects");
	v = xcalloc(json_array_size(projects) + 1, sizeof(*v));
	size_t i;
	json_t *po;
	json_array_foreach(projects, i, po) {
		size_t m2 = push_index(&j, i);
		n = i + 1;
		if ((s = parse_project(&j, po, &v[i])))
			goto out;
		for (size_t k = 0; k < i; k++)
			if (strcmp(v[k].p->uuid, v[i].p->uuid) == 0) {
				size_t m3 = push_key(&j, "uuid");
				s = bad(&j, _("UUID %s is given twice (also $.projects[%zu]); keep one of them"),
					v[i].p->uuid, k);
				pop(&j, m3);
				goto out;
			}
		pop(&j, m2);
	}
	pop(&j, m);
	sb_reset(&j.path);
	sb_add(&j.path, "$.projects");
	struct apply a = {.c = c, .res = res, .j = &j};
	s = apply_all(&a, v, n, name, dry_run, err);
	if (s) {
		import_result_free(res);
		memset(res, 0, sizeof(*res));
	}
out:
	for (size_t k = 0; k < n; k++)
		imp_project_free(&v[k]);
	free(v);
	json_decref(root);
	sb_free(&j.path);
	return s;
}

void import_result_free(struct import_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].project);
		free(r->v[i].uuid);
		free(r->v[i].what);
		free(r->v[i].old_value);
		free(r->v[i].new_value);
	}
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

const char *import_action_name(enum import_action act)
{
	switch (act) {
	case IMPORT_CREATE:
		return "create";
	case IMPORT_FIELD:
		return "field";
	case IMPORT_ITEM:
		return "item";
	case IMPORT_PROJECT:
		return "project";
	case IMPORT_RECORD:
		return "record";
	default:
		return "history";
	}
}

char *import_result_json(const struct import_result *r, bool dry_run)
{
	json_t *o = json_object();
	json_object_set_new(o, "ok", json_true());
	json_object_set_new(o, "dry_run", json_boolean(dry_run));
	json_object_set_new(o, "created", json_integer((json_int_t)r->created));
	json_object_set_new(o, "updated", json_integer((json_int_t)r->updated));
	json_object_set_new(o, "unchanged", json_integer((json_int_t)r->unchanged));
	json_object_set_new(o, "history", json_integer((json_int_t)r->history));
	json_t *a = json_array();
	for (size_t i = 0; i < r->n; i++) {
		const struct import_change *ch = &r->v[i];
		json_t *x = json_object();
		json_object_set_new(x, "action", json_string(import_action_name(ch->action)));
		json_object_set_new(x, "project", json_text(ch->project));
		json_object_set_new(x, "uuid", json_text(ch->uuid));
		json_object_set_new(x, "what", json_text(ch->what));
		json_object_set_new(x, "old", json_text(ch->old_value));
		json_object_set_new(x, "new", json_text(ch->new_value));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "changes", a);
	char *out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	char *withnl = xasprintf("%s\n", out ? out : "null");
	free(out);
	return withnl;
}
