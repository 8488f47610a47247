/* import_read.c - a JSON report (docs/report-format.md) read and checked
 * whole before anything is applied: every problem is named by its JSON
 * path and the fix. The members of each record are read by a table of
 * the record (struct jfield). Only this part of the import touches
 * jansson. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/engine.h"
#include "certtrack/i18n.h"
#include "certtrack/ops.h"
#include "certtrack/report.h"
#include "certtrack/util.h"
#include "core/import_int.h"
#include "core/json_int.h"

#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* How a member of a record is read from the file: one table per record
 * instead of a run of calls per record. */
enum jkind {
	J_NAME,     /* a non-empty string that must be there */
	J_TEXT,     /* a string, null or absent */
	J_VALUE,    /* a string or null that must be there */
	J_TIME,     /* a UTC time that must be there */
	J_TIME_OPT, /* a UTC time, null or absent */
	J_FLAG,     /* true or false, must be there */
	J_ID,       /* a positive whole number, or absent */
};

struct jfield {
	const char *key;
	enum jkind kind;
	size_t off; /* of the member: char *, bool or long long */
};
#define JF(type, member, key, kind) {key, kind, offsetof(type, member)}

/* Reads every member of table f (n entries) of o into rec. */
static enum ct_status get_fields(struct jctx *j, json_t *o, const struct jfield *f, size_t n,
				 void *rec)
{
	enum ct_status s = CT_OK;
	for (size_t i = 0; i < n && !s; i++) {
		void *m = (char *)rec + f[i].off;
		switch (f[i].kind) {
		case J_NAME:
			s = get_str(j, o, f[i].key, true, false, m);
			break;
		case J_TEXT:
			s = get_str(j, o, f[i].key, false, true, m);
			break;
		case J_VALUE:
			s = get_str(j, o, f[i].key, true, true, m);
			break;
		case J_TIME:
		case J_TIME_OPT:
			s = get_time(j, o, f[i].key, f[i].kind == J_TIME, m);
			break;
		case J_FLAG:
			s = get_bool(j, o, f[i].key, true, m);
			break;
		case J_ID:
			s = get_id(j, o, m);
			break;
		}
	}
	return s;
}

static const struct jfield field_value_fields[] = {
	JF(struct field_value, value, "value", J_VALUE),
	JF(struct field_value, updated_at, "updated_at", J_TIME_OPT),
	JF(struct field_value, updated_by, "updated_by", J_TEXT),
};
static const struct jfield item_fields[] = {
	JF(struct item_state, note, "note", J_TEXT),
	JF(struct item_state, reason, "reason", J_TEXT),
	JF(struct item_state, forced_reason, "forced_reason", J_TEXT),
	JF(struct item_state, updated_at, "updated_at", J_TIME_OPT),
	JF(struct item_state, updated_by, "updated_by", J_TEXT),
};
static const struct jfield collateral_fields[] = {
	JF(struct collateral, id, "id", J_ID),
	JF(struct collateral, title, "title", J_NAME),
	JF(struct collateral, type, "type", J_NAME),
	JF(struct collateral, location, "location", J_TEXT),
	JF(struct collateral, added_at, "added_at", J_TIME),
	JF(struct collateral, added_by, "added_by", J_NAME),
};
static const struct jfield scan_fields[] = {
	JF(struct scan_record, id, "id", J_ID),
	JF(struct scan_record, at, "at", J_TIME),
	JF(struct scan_record, user, "user", J_NAME),
	JF(struct scan_record, passed, "passed", J_FLAG),
	JF(struct scan_record, source, "source", J_NAME),
	/* what a preflight import kept */
	JF(struct scan_record, image, "image", J_TEXT),
	JF(struct scan_record, certification_hash, "certification_hash", J_TEXT),
};
static const struct jfield test_library_fields[] = {
	JF(struct scan_record, tool_name, "name", J_TEXT),
	JF(struct scan_record, tool_version, "version", J_TEXT),
	JF(struct scan_record, tool_commit, "commit", J_TEXT),
};
static const struct jfield scan_result_fields[] = {
	JF(struct scan_result, policy, "policy", J_NAME),
	JF(struct scan_result, status, "status", J_NAME),
	JF(struct scan_result, message, "message", J_TEXT),
	JF(struct scan_result, fix, "fix", J_TEXT),
	JF(struct scan_result, url, "url", J_TEXT),
	JF(struct scan_result, description, "description", J_TEXT),
	JF(struct scan_result, help, "help", J_TEXT),
	JF(struct scan_result, check_url, "check_url", J_TEXT),
};
static const struct jfield build_fields[] = {
	JF(struct build_record, id, "id", J_ID),
	JF(struct build_record, tag, "tag", J_NAME),
	JF(struct build_record, build_ref, "build_ref", J_TEXT),
	JF(struct build_record, started_at, "started_at", J_TIME),
	JF(struct build_record, finished_at, "finished_at", J_TIME_OPT),
	JF(struct build_record, note, "note", J_TEXT),
	JF(struct build_record, user, "user", J_NAME),
};
static const struct jfield prescan_fields[] = {
	JF(struct prescan_record, id, "id", J_ID),
	JF(struct prescan_record, at, "at", J_TIME),
	JF(struct prescan_record, user, "user", J_NAME),
	JF(struct prescan_record, file, "file", J_NAME),
	JF(struct prescan_record, digest, "digest", J_NAME),
	JF(struct prescan_record, passed, "passed", J_FLAG),
};
static const struct jfield verification_fields[] = {
	JF(struct verification, at, "at", J_TIME),
	JF(struct verification, user, "user", J_NAME),
	JF(struct verification, kind, "kind", J_NAME),
	JF(struct verification, target, "target", J_TEXT),
	JF(struct verification, outcome, "outcome", J_NAME),
	JF(struct verification, message, "message", J_TEXT),
};
static const struct jfield event_fields[] = {
	JF(struct event, at, "at", J_TIME),
	JF(struct event, user, "user", J_NAME),
	JF(struct event, project_name, "project", J_TEXT),
	JF(struct event, what, "what", J_NAME),
	JF(struct event, key, "key", J_TEXT),
	JF(struct event, old_value, "old", J_TEXT),
	JF(struct event, new_value, "new", J_TEXT),
	JF(struct event, note, "note", J_TEXT),
};
static const struct jfield project_fields[] = {
	JF(struct project, owner, "owner", J_NAME),
	JF(struct project, created_at, "created_at", J_TIME),
	JF(struct project, updated_at, "updated_at", J_TIME),
};
static const struct jfield publication_fields[] = {
	JF(struct imp_project, published, "published", J_FLAG),
	JF(struct imp_project, published_at, "at", J_TIME_OPT),
	JF(struct imp_project, published_by, "by", J_TEXT),
};

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
	verifications_free(ip->verifications, ip->n_verifications);
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
		if ((s = get_fields(j, fv, field_value_fields, ARRAY_SIZE(field_value_fields), dst)))
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
		if ((s = get_fields(j, it, item_fields, ARRAY_SIZE(item_fields), is)))
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
		if ((s = get_fields(j, x, collateral_fields, ARRAY_SIZE(collateral_fields), c)))
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

/* The preflight release a scan came from: "test_library", or absent. */
static enum ct_status get_test_library(struct jctx *j, json_t *x, struct scan_record *r)
{
	json_t *lib = json_object_get(x, "test_library");
	if (!lib || json_is_null(lib))
		return CT_OK;
	size_t mark = push_key(j, "test_library");
	enum ct_status s;
	if ((s = need_object(j, lib)) ||
	    (s = get_fields(j, lib, test_library_fields, ARRAY_SIZE(test_library_fields), r)))
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
		if ((s = get_fields(j, x, scan_fields, ARRAY_SIZE(scan_fields), r)) ||
		    (s = get_test_library(j, x, r)) ||
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
			if ((s = get_fields(j, y, scan_result_fields, ARRAY_SIZE(scan_result_fields), sr)) ||
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
		if ((s = get_fields(j, x, build_fields, ARRAY_SIZE(build_fields), b)) ||
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
		if ((s = get_fields(j, x, prescan_fields, ARRAY_SIZE(prescan_fields), r)))
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

/* Remote checks recorded (verify): the details are stored as the JSON
 * text verify wrote, embedded in the report as JSON. */
static enum ct_status parse_verifications(struct jctx *j, json_t *o, struct imp_project *ip)
{
	json_t *arr;
	enum ct_status s = get_array(j, o, "verifications", false, &arr);
	if (s || !arr)
		return s;
	size_t mark = push_key(j, "verifications");
	ip->verifications = xcalloc(json_array_size(arr) + 1, sizeof(*ip->verifications));
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) {
		size_t m2 = push_index(j, i);
		if ((s = need_object(j, x)))
			return s;
		struct verification *v = &ip->verifications[ip->n_verifications++];
		if ((s = get_fields(j, x, verification_fields, ARRAY_SIZE(verification_fields), v)))
			return s;
		json_t *d = json_object_get(x, "details");
		if (json_is_string(d)) {
			v->details = xstrdup(json_string_value(d));
		} else if (d && !json_is_null(d)) {
			char *t = json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
			v->details = xstrdup(t);
			free(t);
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
		if ((s = get_fields(j, x, event_fields, ARRAY_SIZE(event_fields), e)))
			return s;
		/* A report of an older certtrack has no event ids. */
		if ((s = get_str(j, x, "uuid", false, true, &e->uuid)))
			return s;
		if (e->uuid && !uuid_looks_valid(e->uuid)) {
			size_t m3 = push_key(j, "uuid");
			s = bad(j, _("\"%s\" is not a UUID; correct it"), e->uuid);
			pop(j, m3);
			return s;
		}
		if (!e->project_name)
			e->project_name = xstrdup(ip->p->name);
		pop(j, m2);
	}
	pop(j, mark);
	return CT_OK;
}

/* What names a project in the file, live or deleted: its UUID, template
 * (installed here) and name; ip->p is a new project of them. */
static enum ct_status parse_identity(struct jctx *j, json_t *o, struct imp_project *ip,
				     const struct template **tplp)
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
	*tplp = tpl;
	return CT_OK;
}

static enum ct_status parse_project(struct jctx *j, json_t *o, struct imp_project *ip)
{
	const struct template *tpl;
	enum ct_status s = parse_identity(j, o, ip, &tpl);
	if (s)
		return s;
	/* What the file does not give stays unset, not the template default. */
	for (size_t i = 0; i < tpl->n_fields; i++)
		x_free(&ip->p->fields[i].value);
	int pn = template_field_index(tpl, "project_name");
	if (pn >= 0)
		ip->p->fields[pn].value = xstrdup(ip->p->name);
	ip->field_given = xcalloc(tpl->n_fields + 1, sizeof(bool));
	ip->item_given = xcalloc(tpl->n_items + 1, sizeof(bool));
	free(ip->p->owner);
	free(ip->p->created_at);
	free(ip->p->updated_at);
	if ((s = get_fields(j, o, project_fields, ARRAY_SIZE(project_fields), ip->p)))
		return s;
	json_t *pub = json_object_get(o, "publication");
	if (pub && !json_is_null(pub)) {
		size_t m = push_key(j, "publication");
		if ((s = need_object(j, pub)) ||
		    (s = get_fields(j, pub, publication_fields, ARRAY_SIZE(publication_fields), ip)))
			return s;
		pop(j, m);
	}
	if ((s = parse_fields(j, o, ip)) || (s = parse_items(j, o, ip)) ||
	    (s = parse_collateral(j, o, ip)) || (s = parse_builds(j, o, ip)) ||
	    (s = parse_prescans(j, o, ip)) || (s = parse_verifications(j, o, ip)) ||
	    (s = parse_history(j, o, ip)))
		return s;
	return CT_OK;
}

/* A deleted project: its identity and history (report-format.md). */
static enum ct_status parse_tombstone(struct jctx *j, json_t *o, struct imp_project *ip)
{
	const struct template *tpl;
	enum ct_status s = parse_identity(j, o, ip, &tpl);
	return s ? s : parse_history(j, o, ip);
}

static enum ct_status parse_deleted(struct jctx *j, json_t *root, struct import_doc *out)
{
	json_t *arr;
	enum ct_status s = get_array(j, root, "deleted", false, &arr);
	if (s || !arr)
		return s;
	size_t mark = push_key(j, "deleted");
	out->deleted = xcalloc(json_array_size(arr) + 1, sizeof(*out->deleted));
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) {
		size_t m2 = push_index(j, i);
		out->n_deleted = i + 1;
		if ((s = parse_tombstone(j, x, &out->deleted[i])))
			return s;
		pop(j, m2);
	}
	pop(j, mark);
	return CT_OK;
}

enum ct_status import_read(const struct template_set *set, const char *name, const char *data,
			   size_t len, struct import_doc *out, struct ct_error *err)
{
	memset(out, 0, sizeof(*out));
	struct jctx j = {.name = name, .err = err, .templates = set};
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
	if ((s = parse_deleted(&j, root, out)))
		goto out;
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
out:
	json_decref(root);
	sb_free(&j.path);
	out->v = v;
	out->n = n;
	if (!s)
		for (size_t k = 0; k < out->n_deleted && !s; k++)
			for (size_t i2 = 0; i2 < n && !s; i2++)
				if (strcmp(out->deleted[k].p->uuid, v[i2].p->uuid) == 0)
					s = ct_fail(err, CT_DATA,
						    _("%s: UUID %s is both deleted and live; export the file again"),
						    name, v[i2].p->uuid);
	if (s)
		import_doc_free(out);
	return s;
}

void import_doc_free(struct import_doc *d)
{
	for (size_t k = 0; k < d->n; k++)
		imp_project_free(&d->v[k]);
	free(d->v);
	for (size_t k = 0; k < d->n_deleted; k++)
		imp_project_free(&d->deleted[k]);
	free(d->deleted);
	memset(d, 0, sizeof(*d));
}

enum ct_status import_refuse(struct ct_error *err, const char *name, size_t index,
			     const char *key, const char *fmt, ...)
{
	struct jctx j = {.name = name, .err = err};
	sb_add(&j.path, "$.projects");
	push_index(&j, index);
	push_key(&j, key);
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	enum ct_status s = bad(&j, "%s", msg);
	free(msg);
	sb_free(&j.path);
	return s;
}
