/* import.c - applies a JSON report (docs/report-format.md), read and
 * checked whole by import_read.c, to a database in one transaction, so a
 * bad file changes nothing. Projects match by UUID: the newer change of
 * each field and item wins, missing records are added, history is merged
 * without duplicates. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/report.h"
#include "certtrack/engine.h"
#include "certtrack/i18n.h"
#include "certtrack/projects.h"
#include "certtrack/records.h"
#include "certtrack/store.h"
#include "certtrack/util.h"

#include "core/import_int.h"
#include "core/json_int.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Applying */

struct apply {
	struct ops_ctx *c;
	struct import_result *res;
	const char *name; /* the file, for messages */
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
		return import_refuse(err, a->name, index, "name",
				     _("a project named \"%s\" with another UUID exists in this database; rename one of them first"),
				     p->name);
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
		s = import_refuse(err, a->name, index, "template",
				  _("this project uses template %s here, not %s; it cannot be merged"),
				  p->template_id, fp->template_id);
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
				s = import_refuse(err, a->name, index, "name",
						  _("a project named \"%s\" with another UUID exists in this database; rename one of them first"),
						  fp->name);
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
		if ((s = store_event_add(st, cmd, e->uuid, e->at, e->user, e->project_uuid, e->project_name,
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
		s = store_event_add(a->c->st, cmd, NULL, at, a->c->user, NULL, NULL, "import", name, NULL,
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
				s = projects_summary_write(a->c->st, fresh, err);
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
	struct import_doc doc;
	enum ct_status s = import_read(c->templates, name, data, len, &doc, err);
	if (s)
		return s;
	struct apply a = {.c = c, .res = res, .name = name};
	s = apply_all(&a, doc.v, doc.n, name, dry_run, err);
	if (s) {
		import_result_free(res);
		memset(res, 0, sizeof(*res));
	}
	import_doc_free(&doc);
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
