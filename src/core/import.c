/* import.c - import of a JSON report (docs/report-format.md) through the
 * merge engine (merge.c), and the JSON documents of both results. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/merge.h"
#include "certtrack/report.h"

#include "core/json_int.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ct_status import_json(struct ops_ctx *c, const char *name, const char *data, size_t len,
			   bool dry_run, struct merge_result *res, struct ct_error *err)
{
	struct merge_opts o = {.dry_run = dry_run};
	return merge_json(c, name, data, len, &o, res, err);
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

static json_t *changes_json(const struct import_result *r)
{
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
	return a;
}

static char *dump(json_t *o)
{
	char *out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	char *withnl = xasprintf("%s\n", out ? out : "null");
	free(out);
	return withnl;
}

static const char *side_name(enum merge_side s)
{
	return s == MERGE_OURS ? "ours" : s == MERGE_THEIRS ? "theirs" : NULL;
}

char *merge_result_json(const struct merge_result *r, bool dry_run)
{
	const struct import_result *a = &r->applied;
	json_t *o = json_object();
	json_object_set_new(o, "ok", json_boolean(r->n_unresolved == 0));
	json_object_set_new(o, "dry_run", json_boolean(dry_run));
	json_object_set_new(o, "applied", changes_json(a));
	json_t *cv = json_array();
	for (size_t i = 0; i < r->n_conflicts; i++) {
		const struct merge_conflict *x = &r->conflicts[i];
		json_t *j = json_object();
		json_object_set_new(j, "project", json_text(x->project));
		json_object_set_new(j, "uuid", json_text(x->uuid));
		json_object_set_new(j, "key", json_text(x->key));
		json_object_set_new(j, "base", json_text(x->base));
		json_object_set_new(j, "ours", json_text(x->ours));
		json_object_set_new(j, "theirs", json_text(x->theirs));
		json_object_set_new(j, "ours_by", json_text(x->ours_by));
		json_object_set_new(j, "ours_at", json_text(x->ours_at));
		json_object_set_new(j, "theirs_by", json_text(x->theirs_by));
		json_object_set_new(j, "theirs_at", json_text(x->theirs_at));
		json_object_set_new(j, "resolved", json_text(side_name(x->resolved)));
		json_array_append_new(cv, j);
	}
	json_object_set_new(o, "conflicts", cv);
	json_object_set_new(o, "created", json_integer((json_int_t)a->created));
	json_object_set_new(o, "updated", json_integer((json_int_t)a->updated));
	json_object_set_new(o, "unchanged", json_integer((json_int_t)a->unchanged));
	json_object_set_new(o, "history", json_integer((json_int_t)a->history));
	return dump(o);
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
	json_object_set_new(o, "changes", changes_json(r));
	return dump(o);
}
