/* merge.c - the three-way merge of another copy's projects, as read and
 * checked by import_read.c, into this database in one transaction (see
 * merge.h). The common ancestor of a value is found from the history both
 * sides share: an event is shared when the other side has it too (the
 * same id, or for rows made before events had ids, the same content). A
 * value has changed on a side since the ancestor when that side has an
 * event on it the other lacks (and is not back at the ancestor's value).
 *
 * The merge is one command. Its rows that undo reverts are of three kinds:
 * merge.take.WHAT for a change taken from their side (undone as WHAT; left
 * out of reports, since their row of the change travels), merge.resolve
 * for how a conflict was resolved (travels), and rows naming no project
 * (merge.history, merge.collateral, ...) for the history and records it
 * brought in: undo withdraws that history (history is append-only; see
 * txn_withdrawn) and removes those records, so that the same file merged
 * again applies the same again. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/engine.h"
#include "certtrack/i18n.h"
#include "certtrack/merge.h"
#include "certtrack/projects.h"
#include "certtrack/records.h"
#include "certtrack/store.h"
#include "certtrack/util.h"

#include "core/import_int.h"
#include "core/txn.h"
#include "core/undo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* An event the merge itself records in its command. */
struct pending {
	char *project_uuid, *project_name, *what, *key, *old_value, *new_value, *note;
};

struct mctx {
	struct ops_ctx *c;
	const struct merge_opts *o;
	struct merge_result *r;
	const char *name; /* the file, for messages */
	bool changed;	  /* this project */
	struct pending *pend;
	size_t n_pend;
	bool *take_used;
	bool *rename_used;
	/* Commands of history rows brought in by merges since undone: those
	 * rows are here (history is append-only) but no longer shared. */
	long long *withdrawn;
	size_t n_withdrawn;
	/* This project's rows of such commands. */
	struct event *wd;
	size_t n_wd;
	long long *readopt; /* their commands to count as shared again */
	size_t n_readopt;
};

static void change(struct mctx *m, enum import_action act, const struct project *p,
		   const char *what, const char *old_value, const char *new_value)
{
	struct import_result *r = &m->r->applied;
	r->v = xreallocarray(r->v, r->n + 1, sizeof(*r->v));
	struct import_change *ch = &r->v[r->n++];
	ch->action = act;
	ch->project = xstrdup(p->name);
	ch->uuid = xstrdup(p->uuid);
	ch->what = xstrdup(what);
	ch->old_value = xstrdup(old_value);
	ch->new_value = xstrdup(new_value);
	m->changed = true;
}

static void pend(struct mctx *m, const struct project *p, const char *what, const char *key,
		 const char *old_value, const char *new_value, const char *note)
{
	m->pend = xreallocarray(m->pend, m->n_pend + 1, sizeof(*m->pend));
	struct pending *e = &m->pend[m->n_pend++];
	e->project_uuid = p ? xstrdup(p->uuid) : NULL;
	e->project_name = p ? xstrdup(p->name) : NULL;
	e->what = xstrdup(what);
	e->key = xstrdup(key);
	e->old_value = xstrdup(old_value);
	e->new_value = xstrdup(new_value);
	e->note = xstrdup(note);
}

/* The merge's record of a change it took from their side, for undo: what
 * "merge.take.WHAT" (undone as WHAT). The change itself is their history
 * row, which this database now has too, so reports leave the record out:
 * a merge back the other way then finds both copies with the same
 * history. */
static void pend_take(struct mctx *m, const struct project *p, const char *what,
		      const char *key, const char *old_value, const char *new_value,
		      const char *note)
{
	char *w = xasprintf("merge.take.%s", what);
	pend(m, p, w, key, old_value, new_value, note);
	free(w);
}

/* A row of the merge's own that names no project: the history and the
 * records it brought in, so that undo of the merge removes them too (see
 * merge_undo_local). note: the project's UUID. */
static void pend_local(struct mctx *m, const struct project *p, const char *what, long long id,
		       const char *shown)
{
	char key[32];
	snprintf(key, sizeof(key), "%lld", id);
	pend(m, NULL, what, key, NULL, shown, p->uuid);
}

static void pending_free(struct mctx *m)
{
	for (size_t i = 0; i < m->n_pend; i++) {
		struct pending *e = &m->pend[i];
		free(e->project_uuid);
		free(e->project_name);
		free(e->what);
		free(e->key);
		free(e->old_value);
		free(e->new_value);
		free(e->note);
	}
	free(m->pend);
	m->pend = NULL;
	m->n_pend = 0;
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

/* Records: the union of both sides */

static enum ct_status add_records(struct mctx *m, const struct imp_project *ip, long long id,
				  const struct project *shown, struct ct_error *err)
{
	struct store *st = m->c->st;
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
		change(m, IMPORT_RECORD, shown, "collateral", NULL, c.title);
		pend_local(m, shown, "merge.collateral", c.id, c.title);
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
			change(m, IMPORT_RECORD, shown, "build", NULL, b.tag);
			pend_local(m, shown, "merge.build", b.id, b.tag);
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
					change(m, IMPORT_RECORD, shown, "build", "running",
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
			change(m, IMPORT_RECORD, shown, "scan", NULL,
			       r.passed ? "passed" : "failed");
			pend_local(m, shown, "merge.scan", r.id, r.passed ? "passed" : "failed");
		}
	}
	if (ip->n_verifications) {
		/* The same check: the same time, user, kind and target. */
		struct verification *here = NULL;
		size_t n_here = 0;
		if ((s = store_verifications_list(st, id, 0, &here, &n_here, err)))
			return s;
		for (size_t i = ip->n_verifications; i-- > 0 && !s;) {
			struct verification v = ip->verifications[i];
			bool found = false;
			for (size_t k = 0; k < n_here && !found; k++)
				found = str_eq(here[k].at, v.at) && str_eq(here[k].user, v.user) &&
					str_eq(here[k].kind, v.kind) &&
					str_eq(here[k].target ? here[k].target : "",
					       v.target ? v.target : "");
			if (found)
				continue;
			if (!(s = store_verification_add(st, id, &v, err))) {
				change(m, IMPORT_RECORD, shown, "verification", NULL, v.outcome);
				pend_local(m, shown, "merge.verification", v.id, v.outcome);
			}
		}
		verifications_free(here, n_here);
		if (s)
			return s;
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
		change(m, IMPORT_RECORD, shown, "prescan", NULL, r.passed ? "passed" : "failed");
		pend_local(m, shown, "merge.prescan", r.id, r.passed ? "passed" : "failed");
	}
	return CT_OK;
}

/* A project of the file that this database lacks */

static enum ct_status name_clash(struct mctx *m, size_t index, const char *name, const char *uuid,
				 struct ct_error *err)
{
	long long id;
	struct project *here = NULL;
	struct ct_error quiet;
	if (store_project_find(m->c->st, name, false, &id, &quiet) == CT_OK)
		(void)store_project_load(m->c->st, id, m->c->templates, &here, &quiet);
	enum ct_status s = import_refuse(err, m->name, index, "name",
					 _("a project named \"%s\" exists here with UUID %s, the "
					   "other side's has UUID %s; merge again with --rename %s=NEWNAME "
					   "or rename one of them first"),
					 name, here ? here->uuid : "?", uuid, name);
	project_free(here);
	return s;
}

static enum ct_status create_project(struct mctx *m, struct imp_project *ip, size_t index,
				     struct ct_error *err)
{
	struct store *st = m->c->st;
	struct project *p = ip->p;
	enum ct_status s;
	char *their_name = NULL;
	if (store_name_taken(st, p->name, 0)) {
		const char *to = NULL;
		for (size_t i = 0; i < m->o->n_rename && !to; i++)
			if (strcmp(m->o->rename[i].from, p->name) == 0) {
				to = m->o->rename[i].to;
				m->rename_used[i] = true;
			}
		if (!to)
			return name_clash(m, index, p->name, p->uuid, err);
		if (store_name_taken(st, to, 0))
			return import_refuse(err, m->name, index, "name",
					     _("--rename %s=%s: a project named \"%s\" exists here "
					       "too; choose another name"),
					     p->name, to, to);
		int pi = template_field_index(p->tpl, "project_name");
		struct problems probs = {0};
		if (pi >= 0)
			engine_field_problems(p, (size_t)pi, to, &probs);
		for (size_t e = 0; e < probs.n; e++) {
			if (probs.v[e].severity != CT_SEV_ERROR)
				continue;
			s = import_refuse(err, m->name, index, "name", "--rename %s=%s: %s", p->name,
					  to, probs.v[e].message);
			problems_free(&probs);
			return s;
		}
		problems_free(&probs);
		their_name = p->name;
		p->name = xstrdup(to);
		int pn = template_field_index(p->tpl, "project_name");
		if (pn >= 0)
			str_set(&p->fields[pn].value, to);
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
	if (!s && their_name) {
		/* Before merge.create: undo deletes the project, then names it
		 * back. */
		change(m, IMPORT_PROJECT, p, "name", their_name, p->name);
		pend(m, p, "project.rename", NULL, their_name, p->name, m->name);
	}
	free(their_name);
	if (s)
		return s;
	for (size_t i = 0; i < p->tpl->n_fields && !s; i++)
		if (!p->fields[i].value && !str_is_empty(p->fields[i].updated_at))
			s = store_field_write(st, p->id, p->tpl->fields[i].key, &p->fields[i], err);
	if (s)
		return s;
	change(m, IMPORT_CREATE, p, NULL, NULL, p->name);
	/* Undo of the merge deletes it again. Not in the project's own history
	 * (the UUID is the key): its history is the other side's, and a copy
	 * read back into an empty database must report the same. */
	pend(m, NULL, "merge.create", p->uuid, NULL, p->name, m->name);
	if ((s = add_records(m, ip, p->id, p, err)))
		return s;
	if (ip->published || ip->published_at)
		s = store_project_set_published(st, p->id, ip->published, ip->published_at,
						ip->published_by, err);
	return s;
}

/* The three-way decision of one value */

/* NULL sorts first. */
static int cmp_text(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int by_uuid(const void *x, const void *y)
{
	const struct event *a = *(const struct event *const *)x;
	const struct event *b = *(const struct event *const *)y;
	return cmp_text(a->uuid, b->uuid);
}

/* A row's identity before events had ids (docs/report-format.md). */
static int by_content(const void *x, const void *y)
{
	const struct event *a = *(const struct event *const *)x;
	const struct event *b = *(const struct event *const *)y;
	int d;
	if ((d = cmp_text(a->at, b->at)) || (d = cmp_text(a->user, b->user)) ||
	    (d = cmp_text(a->what, b->what)) || (d = cmp_text(a->key, b->key)) ||
	    (d = cmp_text(a->old_value, b->old_value)))
		return d;
	return cmp_text(a->new_value, b->new_value);
}

/* shared[i]: does the other list hold v[i] (the same id, or the same
 * content)? Sorted look-ups: histories of thousands of rows stay fast. */
static bool *shared_marks(const struct event *v, size_t n, const struct event *other,
			  size_t n_other)
{
	bool *shared = xcalloc(n + 1, sizeof(*shared));
	const struct event **ids = xcalloc(n_other + 1, sizeof(*ids));
	const struct event **rows = xcalloc(n_other + 1, sizeof(*rows));
	for (size_t k = 0; k < n_other; k++)
		ids[k] = rows[k] = &other[k];
	qsort(ids, n_other, sizeof(*ids), by_uuid);
	qsort(rows, n_other, sizeof(*rows), by_content);
	for (size_t i = 0; i < n && n_other; i++) {
		const struct event *e = &v[i];
		shared[i] = (e->uuid && bsearch(&e, ids, n_other, sizeof(*ids), by_uuid)) ||
			    bsearch(&e, rows, n_other, sizeof(*rows), by_content);
	}
	free(ids);
	free(rows);
	return shared;
}

enum attr_kind { A_FIELD, A_STATUS, A_NOTE, A_REASON, A_FORCED, A_OWNER, A_NAME };

struct attr {
	enum attr_kind kind;
	size_t index; /* of the field or item */
};

static const char *attr_what(enum attr_kind k)
{
	static const char *const what[] = {
	    [A_FIELD] = "field.set",	 [A_STATUS] = "item.status", [A_NOTE] = "item.note",
	    [A_REASON] = "item.reason",	 [A_FORCED] = "item.forced", [A_OWNER] = "owner",
	    [A_NAME] = "project.rename",
	};
	return what[k];
}

/* The key of the attribute's events (NULL for owner and name). */
static const char *attr_event_key(const struct project *p, struct attr a)
{
	if (a.kind == A_FIELD)
		return p->tpl->fields[a.index].key;
	if (a.kind == A_OWNER || a.kind == A_NAME)
		return NULL;
	return p->tpl->items[a.index].key;
}

/* How conflicts and --take name it. */
static char *attr_name(const struct project *p, struct attr a)
{
	static const char *const suffix[] = {
	    [A_STATUS] = "status",
	    [A_NOTE] = "note",
	    [A_REASON] = "reason",
	    [A_FORCED] = "forced_reason",
	};
	switch (a.kind) {
	case A_FIELD:
		return xstrdup(p->tpl->fields[a.index].key);
	case A_OWNER:
		return xstrdup("owner");
	case A_NAME:
		return xstrdup("name");
	default:
		return xasprintf("%s.%s", p->tpl->items[a.index].key, suffix[a.kind]);
	}
}

static const char *attr_value(const struct project *p, struct attr a)
{
	const struct item_state *is =
	    a.kind >= A_STATUS && a.kind <= A_FORCED ? &p->items[a.index] : NULL;
	switch (a.kind) {
	case A_FIELD:
		return p->fields[a.index].value;
	case A_STATUS:
		return item_status_name(is->status);
	case A_NOTE:
		return is->note;
	case A_REASON:
		return is->reason;
	case A_FORCED:
		return is->forced_reason;
	case A_OWNER:
		return p->owner;
	default:
		return p->name;
	}
}

/* What one side's history says of an attribute. */
struct probe {
	const struct event *changed; /* the newest event the other side lacks */
	const struct event *base;    /* the newest shared event */
	const struct event *first;   /* the oldest event the other side lacks */
};

static void probe(const struct event *v, const bool *shared, size_t n, const char *what,
		  const char *key, struct probe *pr)
{
	memset(pr, 0, sizeof(*pr));
	for (size_t i = 0; i < n; i++) {
		if (!str_eq(v[i].what, what) || (key && !str_eq(v[i].key, key)))
			continue;
		if (shared[i]) {
			if (!pr->base)
				pr->base = &v[i];
		} else {
			if (!pr->changed)
				pr->changed = &v[i];
			pr->first = &v[i];
		}
	}
}

/* Does a take name this key of p: "KEY", or "PROJECT:KEY" with the
 * project's UUID or name (the same key may conflict in several
 * projects)? */
static bool take_names(const char *take, const struct project *p, const char *key)
{
	const char *colon = strrchr(take, ':');
	if (!colon)
		return strcmp(take, key) == 0;
	size_t n = (size_t)(colon - take);
	if (strcmp(colon + 1, key) != 0)
		return false;
	return (strlen(p->uuid) == n && strncmp(take, p->uuid, n) == 0) ||
	       (strlen(p->name) == n && strncmp(take, p->name, n) == 0);
}

static enum merge_side resolution(struct mctx *m, const struct project *p, const char *key)
{
	/* A take of this project wins over one of the key in every project. */
	enum merge_side side = m->o->all;
	bool qualified = false, found = false;
	for (size_t i = 0; i < m->o->n_take; i++) {
		if (!take_names(m->o->take[i].key, p, key))
			continue;
		bool q = strchr(m->o->take[i].key, ':') != NULL;
		m->take_used[i] = true;
		if (!found || (q && !qualified)) {
			side = m->o->take[i].side;
			qualified = q;
			found = true;
		}
	}
	return side;
}

static char *base_of(const struct probe *po, const struct probe *pt)
{
	const struct event *b = po->base ? po->base : pt->base;
	return xstrdup(b ? b->new_value : pt->first ? pt->first->old_value : po->first->old_value);
}

/* base: owned, moved into the conflict. */
static void add_conflict(struct mctx *m, const struct project *p, const char *key, char *base,
			 const struct probe *po, const struct probe *pt, const char *ours,
			 const char *theirs, enum merge_side side)
{
	struct merge_result *r = m->r;
	r->conflicts = xreallocarray(r->conflicts, r->n_conflicts + 1, sizeof(*r->conflicts));
	struct merge_conflict *x = &r->conflicts[r->n_conflicts++];
	memset(x, 0, sizeof(*x));
	x->project = xstrdup(p->name);
	x->uuid = xstrdup(p->uuid);
	x->key = xstrdup(key);
	x->base = base;
	x->ours = xstrdup(ours);
	x->theirs = xstrdup(theirs);
	x->ours_by = xstrdup(po->changed->user);
	x->ours_at = xstrdup(po->changed->at);
	x->theirs_by = xstrdup(pt->changed->user);
	x->theirs_at = xstrdup(pt->changed->at);
	x->resolved = side;
	if (side == MERGE_ASK)
		r->n_unresolved++;
}

/* Writes their value of a into p (and the store, for fields and items). */
static enum ct_status take_theirs(struct mctx *m, struct project *p, const struct project *fp,
				  struct attr a, struct ct_error *err)
{
	struct store *st = m->c->st;
	if (a.kind == A_FIELD) {
		struct field_value *fv = &p->fields[a.index];
		const struct field_value *there = &fp->fields[a.index];
		str_set(&fv->value, there->value);
		str_set(&fv->updated_at, there->updated_at);
		str_set(&fv->updated_by, there->updated_by);
		return store_field_write(st, p->id, p->tpl->fields[a.index].key, fv, err);
	}
	if (a.kind == A_OWNER) {
		str_set(&p->owner, fp->owner);
		return CT_OK;
	}
	if (a.kind == A_NAME) {
		str_set(&p->name, fp->name);
		return CT_OK;
	}
	struct item_state *is = &p->items[a.index];
	const struct item_state *there = &fp->items[a.index];
	switch (a.kind) {
	case A_STATUS:
		is->status = there->status;
		break;
	case A_NOTE:
		str_set(&is->note, there->note);
		break;
	case A_REASON:
		str_set(&is->reason, there->reason);
		break;
	default:
		str_set(&is->forced_reason, there->forced_reason);
		break;
	}
	str_set(&is->updated_at, there->updated_at);
	str_set(&is->updated_by, there->updated_by);
	return store_item_write(st, p->id, p->tpl->items[a.index].key, is, err);
}

static enum ct_status merge_attr(struct mctx *m, size_t index, struct project *p,
				 const struct project *fp, struct attr a, const struct event *ev,
				 const bool *ev_shared, size_t n_ev, const struct imp_project *ip,
				 const bool *ip_shared, struct ct_error *err)
{
	const char *what = attr_what(a.kind), *key = attr_event_key(p, a);
	struct probe po, pt;
	probe(ip->events, ip_shared, ip->n_events, what, key, &pt);
	char *ours = xstrdup(attr_value(p, a));
	const char *theirs = attr_value(fp, a);
	enum ct_status s = CT_OK;
	if (!pt.changed || str_eq(ours, theirs)) {
		free(ours);
		return CT_OK; /* unchanged there, or the same change on both */
	}
	probe(ev, ev_shared, n_ev, what, key, &po);
	char *name = attr_name(p, a);
	enum merge_side side = MERGE_THEIRS;
	bool conflict = false;
	if (po.changed) {
		/* Changed here too, but back at the common ancestor's value
		 * (an undo, or a change made and taken back): only their side
		 * changed it. Their side back at it: only ours did. */
		char *base = base_of(&po, &pt);
		if (str_eq(theirs, base)) {
			free(base);
			free(name);
			free(ours);
			return CT_OK;
		}
		if (str_eq(ours, base)) {
			free(base);
		} else {
			conflict = true;
			side = resolution(m, p, name);
			add_conflict(m, p, name, base, &po, &pt, ours, theirs, side);
		}
	}
	if (side == MERGE_THEIRS && a.kind == A_NAME && store_name_taken(m->c->st, theirs, p->id))
		s = name_clash(m, index, theirs, fp->uuid, err);
	if (!s && side == MERGE_THEIRS)
		s = take_theirs(m, p, fp, a, err);
	if (!s && side == MERGE_THEIRS) {
		enum import_action act = a.kind == A_FIELD ? IMPORT_FIELD
					 : a.kind >= A_STATUS && a.kind <= A_FORCED
					     ? IMPORT_ITEM
					     : IMPORT_PROJECT;
		change(m, act, p, name, ours, theirs);
		pend_take(m, p, what, key, ours, theirs, m->name);
	}
	if (!s && conflict && side != MERGE_ASK) {
		/* The resolution is history of its own. */
		pend(m, p, "merge.resolve", name, ours, side == MERGE_THEIRS ? theirs : ours,
		     side == MERGE_THEIRS ? "theirs" : "ours");
		m->changed = true;
	}
	free(name);
	free(ours);
	return s;
}

/* Collateral they removed since the split, removed here too. A removal
 * event names the collateral by the id in their copy; its add event there
 * gives what identifies it in every copy (title, type, added at and by). */
static enum ct_status removals(struct mctx *m, struct project *p, const struct imp_project *ip,
			       const bool *ip_shared, struct ct_error *err)
{
	enum ct_status s = CT_OK;
	bool *gone = xcalloc(p->n_collateral + 1, sizeof(*gone));
	for (size_t i = ip->n_events; i-- > 0 && !s;) {
		const struct event *rm = &ip->events[i];
		if (ip_shared[i] || !str_eq(rm->what, "collateral.rm"))
			continue;
		/* Ids are each copy's own: two copies may both have added a
		 * collateral #8. The add is older than the removal and names
		 * the same title. */
		const struct event *add = NULL;
		for (size_t k = i + 1; k < ip->n_events && !add; k++)
			if (str_eq(ip->events[k].what, "collateral.add") &&
			    str_eq(ip->events[k].key, rm->key) &&
			    str_eq(ip->events[k].new_value, rm->old_value))
				add = &ip->events[k];
		if (!add)
			continue;
		for (size_t k = 0; k < p->n_collateral && !s; k++) {
			const struct collateral *c = &p->collateral[k];
			if (gone[k] || !str_eq(c->title, add->new_value) ||
			    !str_eq(c->type, add->note) || !str_eq(c->added_at, add->at) ||
			    !str_eq(c->added_by, add->user))
				continue;
			s = store_collateral_set_removed(m->c->st, p->id, c->id, true, err);
			if (s)
				break;
			gone[k] = true;
			char key[32];
			snprintf(key, sizeof(key), "%lld", c->id);
			change(m, IMPORT_RECORD, p, "collateral", c->title, NULL);
			/* Undo of the merge adds it back. */
			pend_take(m, p, "collateral.rm", key, c->title, NULL, c->type);
			break;
		}
	}
	free(gone);
	return s;
}

/* Deleted here, live there. Their copy changed since it was deleted here
 * (both sides' changes since the split): a conflict on "deleted"; theirs
 * brings the project back. When they changed nothing, it stays deleted.
 * *skip: leave the project's values and records alone. */
static enum ct_status merge_deleted(struct mctx *m, size_t index, struct project *p,
				    const struct event *ev, const bool *ev_shared, size_t n_ev,
				    const struct imp_project *ip, const bool *ip_shared, bool *skip,
				    struct ct_error *err)
{
	/* Its creation is not in our history: it came with a merge since
	 * undone, and the deletion was that undo. Taken as new, not a
	 * conflict. */
	bool known = false;
	for (size_t i = 0; i < n_ev && !known; i++)
		known = str_eq(ev[i].what, "project.create");
	struct probe po, pt;
	memset(&pt, 0, sizeof(pt));
	for (size_t i = 0; i < ip->n_events; i++) {
		if (ip_shared[i])
			continue;
		if (!pt.changed)
			pt.changed = &ip->events[i];
		pt.first = &ip->events[i];
	}
	*skip = true;
	if (!pt.changed)
		return CT_OK;
	probe(ev, ev_shared, n_ev, "project.delete", NULL, &po);
	if (!known)
		po.changed = NULL;
	enum merge_side side = MERGE_THEIRS;
	if (po.changed) {
		side = resolution(m, p, "deleted");
		add_conflict(m, p, "deleted", xstrdup("live"), &po, &pt, "deleted", "changed",
			     side);
	}
	if (side == MERGE_ASK)
		return CT_OK;
	if (side == MERGE_OURS) {
		pend(m, p, "merge.resolve", "deleted", "deleted", "deleted", "ours");
		return CT_OK;
	}
	if (store_name_taken(m->c->st, p->name, p->id))
		return name_clash(m, index, p->name, p->uuid, err);
	enum ct_status s = store_project_set_deleted(m->c->st, p->id, NULL, err);
	if (s)
		return s;
	change(m, IMPORT_PROJECT, p, "deleted", "deleted", "live");
	/* Undo of the merge deletes it again. */
	pend(m, p, "merge.restore", NULL, "deleted", p->name, m->name);
	if (po.changed)
		pend(m, p, "merge.resolve", "deleted", "deleted", "live", "theirs");
	*skip = false;
	return CT_OK;
}

static bool parse_ll(const char *v, long long *out)
{
	char *end;
	errno = 0;
	*out = strtoll(v ? v : "", &end, 10);
	return v && *v && !errno && !*end;
}

static enum ct_status load_withdrawn(struct mctx *m, struct ct_error *err)
{
	return txn_withdrawn(m->c->st, &m->withdrawn, &m->n_withdrawn, err);
}

/* Moves our rows of withdrawn commands out of *ev into m->wd. */
static void split_withdrawn(struct mctx *m, struct event **ev, size_t *n)
{
	events_free(m->wd, m->n_wd);
	m->wd = NULL;
	m->n_wd = 0;
	if (!m->n_withdrawn)
		return;
	struct event *keep = xcalloc(*n + 1, sizeof(*keep));
	struct event *wd = xcalloc(*n + 1, sizeof(*wd));
	size_t nk = 0, nw = 0;
	for (size_t i = 0; i < *n; i++) {
		if (txn_is_withdrawn(m->withdrawn, m->n_withdrawn, (*ev)[i].command))
			wd[nw++] = (*ev)[i];
		else
			keep[nk++] = (*ev)[i];
	}
	free(*ev);
	*ev = keep;
	*n = nk;
	m->wd = wd;
	m->n_wd = nw;
}

/* Our withdrawn row that is e, or NULL. */
static const struct event *withdrawn_row(const struct mctx *m, const struct event *e)
{
	for (size_t i = 0; i < m->n_wd; i++) {
		const struct event *w = &m->wd[i];
		if ((e->uuid && str_eq(e->uuid, w->uuid)) || by_content(&e, &w) == 0)
			return w;
	}
	return NULL;
}

/* A merge's own record (merge.take.*, merge.restore, ...): never in a
 * report, so never shared, and no change of its own. */
static bool bookkeeping(const struct event *e)
{
	return strncmp(e->what, "merge.", 6) == 0 && !str_eq(e->what, "merge.resolve");
}

/* Is (at, by) there later than (at, by) here? By name on the same second. */
static bool later(const char *at, const char *by, const char *at_here, const char *by_here)
{
	int d = cmp_text(at, at_here);
	return d > 0 || (d == 0 && cmp_text(by, by_here) > 0);
}

/* A field or item that holds the same on both sides but says differently
 * who set it last (the same change made on both sides): the later one is
 * kept on both, so that the copies end the same. Only who and when: the
 * value is not changed, so no history row. */
static enum ct_status settle_meta(struct mctx *m, struct project *p, const struct project *fp,
				  const struct imp_project *ip, struct ct_error *err)
{
	enum ct_status s = CT_OK;
	const struct template *tpl = p->tpl;
	for (size_t i = 0; i < tpl->n_fields && !s; i++) {
		struct field_value *a = &p->fields[i];
		const struct field_value *b = &fp->fields[i];
		if (!ip->field_given[i] || strcmp(tpl->fields[i].key, "project_name") == 0 ||
		    !str_eq(a->value, b->value) ||
		    !later(b->updated_at, b->updated_by, a->updated_at, a->updated_by))
			continue;
		str_set(&a->updated_at, b->updated_at);
		str_set(&a->updated_by, b->updated_by);
		s = store_field_write(m->c->st, p->id, tpl->fields[i].key, a, err);
	}
	for (size_t i = 0; i < tpl->n_items && !s; i++) {
		struct item_state *a = &p->items[i];
		const struct item_state *b = &fp->items[i];
		if (!ip->item_given[i] || a->status != b->status || !str_eq(a->note, b->note) ||
		    !str_eq(a->reason, b->reason) || !str_eq(a->forced_reason, b->forced_reason) ||
		    !later(b->updated_at, b->updated_by, a->updated_at, a->updated_by))
			continue;
		str_set(&a->updated_at, b->updated_at);
		str_set(&a->updated_by, b->updated_by);
		s = store_item_write(m->c->st, p->id, tpl->items[i].key, a, err);
	}
	return s;
}

/* *shared: which of their events this database has (the caller frees). */
static enum ct_status update_project(struct mctx *m, struct imp_project *ip, size_t index,
				     long long id, bool **shared, struct ct_error *err)
{
	struct store *st = m->c->st;
	struct project *fp = ip->p, *p;
	enum ct_status s = store_project_load(st, id, m->c->templates, &p, err);
	if (s)
		return s;
	if (strcmp(p->template_id, fp->template_id) != 0) {
		s = import_refuse(
		    err, m->name, index, "template",
		    _("this project uses template %s here, not %s; it cannot be merged"),
		    p->template_id, fp->template_id);
		project_free(p);
		return s;
	}
	struct event *ev = NULL;
	size_t n_ev = 0;
	if ((s = store_events_list(st, p->uuid, 0, &ev, &n_ev, err))) {
		project_free(p);
		return s;
	}
	split_withdrawn(m, &ev, &n_ev);
	bool *ev_shared = shared_marks(ev, n_ev, ip->events, ip->n_events);
	bool *ip_shared = shared_marks(ip->events, ip->n_events, ev, n_ev);
	bool skip = false;
	long long live;
	struct ct_error quiet;
	if (store_project_find(st, p->uuid, false, &live, &quiet) != CT_OK)
		s = merge_deleted(m, index, p, ev, ev_shared, n_ev, ip, ip_shared, &skip, err);
	const struct template *tpl = p->tpl;
	for (size_t i = 0; i < tpl->n_fields && !s && !skip; i++) {
		if (!ip->field_given[i] || strcmp(tpl->fields[i].key, "project_name") == 0)
			continue;
		struct attr a = {A_FIELD, i};
		s = merge_attr(m, index, p, fp, a, ev, ev_shared, n_ev, ip, ip_shared, err);
	}
	for (size_t i = 0; i < tpl->n_items && !s && !skip; i++) {
		if (!ip->item_given[i])
			continue;
		for (enum attr_kind k = A_STATUS; k <= A_FORCED && !s; k++) {
			struct attr a = {k, i};
			s = merge_attr(m, index, p, fp, a, ev, ev_shared, n_ev, ip, ip_shared, err);
		}
	}
	for (enum attr_kind k = A_OWNER; k <= A_NAME && !s && !skip; k++) {
		struct attr a = {k, 0};
		s = merge_attr(m, index, p, fp, a, ev, ev_shared, n_ev, ip, ip_shared, err);
	}
	free(ev_shared);
	events_free(ev, n_ev);
	/* Before the row is written: a removal changes the project too. */
	if (!s && !skip)
		s = removals(m, p, ip, ip_shared, err);
	if (!s && !skip && !m->r->n_unresolved)
		s = settle_meta(m, p, fp, ip, err);
	*shared = ip_shared;
	if (!s && m->changed) {
		char at[32];
		time_now_iso(at);
		str_set(&p->updated_at, at);
		s = store_project_update(st, p, err);
	}
	if (!s && !skip) {
		bool published;
		char *at, *by;
		s = store_project_published_info(st, id, &published, &at, &by, err);
		if (!s && newer(ip->published_at, at)) {
			s = store_project_set_published(st, id, ip->published, ip->published_at,
							ip->published_by, err);
			if (!s && published != ip->published)
				change(m, IMPORT_PROJECT, p, "published",
				       published ? "true" : "false",
				       ip->published ? "true" : "false");
		}
		free(at);
		free(by);
	}
	if (!s && !skip)
		s = add_records(m, ip, id, p, err);
	project_free(p);
	return s;
}

/* History rows of the file that this database lacks, oldest first, each
 * once (by id); rows made together (same time and user) share one
 * command, sealed: undo never reverts what was done elsewhere. shared
 * (NULL for a project new here) says which rows with an id are here
 * already; a row without one is looked up by its content. */
static enum ct_status merge_history(struct mctx *m, const struct imp_project *ip,
				    const bool *shared, struct ct_error *err)
{
	struct store *st = m->c->st;
	long long cmd = 0;
	const char *cmd_at = NULL, *cmd_user = NULL;
	size_t added = 0;
	for (size_t i = ip->n_events; i-- > 0;) {
		const struct event *e = &ip->events[i];
		bool found = shared && shared[i];
		enum ct_status s = CT_OK;
		const struct event *w = found ? NULL : withdrawn_row(m, e);
		if (w) {
			/* Here since a merge that was undone: counted again. */
			bool seen = false;
			for (size_t k = 0; k < m->n_readopt && !seen; k++)
				seen = m->readopt[k] == w->command;
			if (!seen) {
				m->readopt = xreallocarray(m->readopt, m->n_readopt + 1,
							   sizeof(*m->readopt));
				m->readopt[m->n_readopt++] = w->command;
				pend_local(m, ip->p, "merge.history", w->command, NULL);
			}
			continue;
		}
		if (!found && !e->uuid && (s = store_event_exists(st, e, &found, err)))
			return s;
		if (found)
			continue;
		if (!cmd || !str_eq(cmd_at, e->at) || !str_eq(cmd_user, e->user)) {
			char *summary = xasprintf("imported: %s %s", e->what,
						  e->project_name ? e->project_name : "");
			s = store_command_foreign(st, e->at, e->user, summary, &cmd, err);
			free(summary);
			if (s)
				return s;
			/* Undo of the merge withdraws them. */
			pend_local(m, ip->p, "merge.history", cmd, NULL);
			cmd_at = e->at;
			cmd_user = e->user;
		}
		if ((s = store_event_add(st, cmd, e->uuid, e->at, e->user, e->project_uuid,
					 e->project_name, e->what, e->key, e->old_value,
					 e->new_value, e->note, err)))
			return s;
		added++;
	}
	if (added) {
		char n[32];
		snprintf(n, sizeof(n), "%zu", added);
		change(m, IMPORT_HISTORY, ip->p, "history", NULL, n);
		m->r->applied.history += added;
	}
	return CT_OK;
}

/* The merge is one command of the merging user, after the history it
 * brought in, so that undo reverts what it applied, whole. When it only
 * brought in history and records (nothing undo could revert), it is
 * sealed, as those are. */
static enum ct_status record_merge(struct mctx *m, struct ct_error *err)
{
	char at[32];
	time_now_iso(at);
	long long cmd;
	struct store *st = m->c->st;
	char *summary = xasprintf("merge %s", m->name);
	enum ct_status s = store_command_new(st, at, m->c->user, summary, 0, &cmd, err);
	free(summary);
	if (!s && !m->n_pend)
		s = store_command_seal(st, cmd, err);
	for (size_t i = 0; i < m->n_pend && !s; i++) {
		const struct pending *e = &m->pend[i];
		s = store_event_add(st, cmd, NULL, at, m->c->user, e->project_uuid, e->project_name,
				    e->what, e->key, e->old_value, e->new_value, e->note, err);
	}
	if (!s) {
		const struct import_result *r = &m->r->applied;
		char *what = xasprintf("%zu created, %zu updated, %zu history rows", r->created,
				       r->updated, r->history);
		s = store_event_add(st, cmd, NULL, at, m->c->user, NULL, NULL, "merge", m->name,
				    NULL, what, NULL, err);
		free(what);
	}
	return s;
}

/* A project deleted on their side (tp: its identity and history). Live
 * here and unchanged here since the history both share: deleted here too.
 * Changed here since: a conflict on "deleted" (theirs deletes it). Never
 * shared (not the same project's history) or deleted here already: only
 * the history rows travel. */
static enum ct_status merge_tombstone(struct mctx *m, struct imp_project *tp, struct ct_error *err)
{
	struct store *st = m->c->st;
	long long id, live;
	struct ct_error quiet;
	struct import_result *res = &m->r->applied;
	m->changed = false;
	events_free(m->wd, m->n_wd);
	m->wd = NULL;
	m->n_wd = 0;
	if (store_project_find(st, tp->p->uuid, true, &id, &quiet) != CT_OK)
		return CT_OK; /* never here: nothing to delete */
	struct project *p;
	enum ct_status s = store_project_load(st, id, m->c->templates, &p, err);
	if (s)
		return s;
	struct event *ev = NULL;
	size_t n_ev = 0;
	if ((s = store_events_list(st, p->uuid, 0, &ev, &n_ev, err))) {
		project_free(p);
		return s;
	}
	split_withdrawn(m, &ev, &n_ev);
	bool *ev_shared = shared_marks(ev, n_ev, tp->events, tp->n_events);
	bool *tp_shared = shared_marks(tp->events, tp->n_events, ev, n_ev);
	bool shares = false;
	for (size_t i = 0; i < n_ev && !shares; i++)
		shares = ev_shared[i];
	struct probe po, pt;
	probe(tp->events, tp_shared, tp->n_events, "project.delete", NULL, &pt);
	memset(&po, 0, sizeof(po));
	for (size_t i = 0; i < n_ev; i++) {
		if (ev_shared[i] || bookkeeping(&ev[i]))
			continue;
		if (!po.changed)
			po.changed = &ev[i];
		po.first = &ev[i];
	}
	if (shares && pt.changed &&
	    store_project_find(st, p->uuid, false, &live, &quiet) == CT_OK) {
		enum merge_side side = MERGE_THEIRS;
		if (po.changed) {
			side = resolution(m, p, "deleted");
			add_conflict(m, p, "deleted", xstrdup("live"), &po, &pt, "changed", "deleted",
				     side);
		}
		if (side == MERGE_THEIRS) {
			char at[32];
			time_now_iso(at);
			s = store_project_set_deleted(st, id, at, err);
			if (!s) {
				change(m, IMPORT_PROJECT, p, "deleted", "live", "deleted");
				/* Undo of the merge brings it back. */
				pend_take(m, p, "project.delete", NULL, p->name, NULL, m->name);
				if (po.changed)
					pend(m, p, "merge.resolve", "deleted", "live", "deleted",
					     "theirs");
			}
		} else if (side == MERGE_OURS) {
			pend(m, p, "merge.resolve", "deleted", "live", "live", "ours");
			m->changed = true;
		}
	}
	if (!s)
		s = merge_history(m, tp, tp_shared, err);
	if (!s && m->changed)
		res->updated++;
	else if (!s)
		res->unchanged++;
	free(ev_shared);
	free(tp_shared);
	events_free(ev, n_ev);
	project_free(p);
	return s;
}

/* One project of theirs, live there. */
static enum ct_status merge_one(struct mctx *m, struct imp_project *ip, size_t i, bool exists,
				long long id, struct ct_error *err)
{
	struct store *st = m->c->st;
	struct import_result *res = &m->r->applied;
	enum ct_status s;
	bool *shared = NULL;
	m->changed = false;
	events_free(m->wd, m->n_wd);
	m->wd = NULL;
	m->n_wd = 0;
	if (!exists) {
		s = create_project(m, ip, i, err);
		id = ip->p->id;
	} else {
		s = update_project(m, ip, i, id, &shared, err);
	}
	bool touched = m->changed;
	if (!s)
		s = merge_history(m, ip, shared, err);
	free(shared);
	if (!s && !exists)
		res->created++;
	else if (!s && m->changed)
		res->updated++;
	else if (!s)
		res->unchanged++;
	if (!s && touched) {
		/* The list's summary follows what is now stored. */
		struct project *fresh;
		if (!(s = store_project_load(st, id, m->c->templates, &fresh, err))) {
			s = projects_summary_write(st, fresh, err);
			project_free(fresh);
		}
	}
	return s;
}

static enum ct_status apply_all(struct mctx *m, struct import_doc *doc, struct ct_error *err)
{
	struct store *st = m->c->st;
	struct import_result *res = &m->r->applied;
	enum ct_status s = store_begin(st, err);
	if (s)
		return s;
	s = load_withdrawn(m, err);
	/* Deletions first, then the projects both have (a rename there may
	 * free a name), then the new ones: a name one of them gives up is
	 * free for another. */
	for (size_t i = 0; i < doc->n_deleted && !s; i++)
		s = merge_tombstone(m, &doc->deleted[i], err);
	for (int pass = 0; pass < 2 && !s; pass++) {
		for (size_t i = 0; i < doc->n && !s; i++) {
			long long id = 0;
			struct ct_error quiet;
			bool exists = store_project_find(st, doc->v[i].p->uuid, true, &id, &quiet) ==
				      CT_OK;
			if (exists == (pass == 0))
				s = merge_one(m, &doc->v[i], i, exists, id, err);
		}
	}
	for (size_t i = 0; i < m->o->n_rename && !s; i++)
		if (!m->rename_used[i])
			s = ct_fail(err, CT_USAGE,
				    _("--rename %s=%s: no project of theirs named %s clashes with one here"),
				    m->o->rename[i].from, m->o->rename[i].to, m->o->rename[i].from);
	for (size_t i = 0; i < m->o->n_take && !s; i++)
		if (!m->take_used[i])
			s = ct_fail(
			    err, CT_USAGE,
			    _("--take %s: there is no conflict on %s; see the list without --take"),
			    m->o->take[i].key, m->o->take[i].key);
	if (!s && m->r->n_unresolved)
		s = ct_fail(err, CT_FAILED,
			    ngettext("%zu conflict: nothing was applied; resolve it with --ours, "
				     "--theirs or --take KEY=ours|theirs",
				     "%zu conflicts: nothing was applied; resolve them with "
				     "--ours, --theirs or --take KEY=ours|theirs",
				     m->r->n_unresolved),
			    m->r->n_unresolved);
	if (!s && !m->o->dry_run && (res->n || m->n_pend))
		s = record_merge(m, err);
	/* A dry run goes through the same writes and takes none of them. */
	if (s || m->o->dry_run) {
		store_rollback(st);
		return s;
	}
	return store_commit(st, err);
}

enum ct_status merge_json(struct ops_ctx *c, const char *name, const char *data, size_t len,
			  const struct merge_opts *o, struct merge_result *r, struct ct_error *err)
{
	memset(r, 0, sizeof(*r));
	struct import_doc doc;
	enum ct_status s = import_read(c->templates, name, data, len, &doc, err);
	if (s)
		return s;
	struct mctx m = {.c = c, .o = o, .r = r, .name = name};
	m.take_used = xcalloc(o->n_take + 1, sizeof(*m.take_used));
	m.rename_used = xcalloc(o->n_rename + 1, sizeof(*m.rename_used));
	s = apply_all(&m, &doc, err);
	if (s) {
		/* Nothing was applied; the conflicts say why. */
		import_result_free(&r->applied);
		size_t keep = r->n_conflicts;
		memset(&r->applied, 0, sizeof(r->applied));
		r->n_conflicts = keep;
	}
	free(m.take_used);
	free(m.rename_used);
	free(m.withdrawn);
	free(m.readopt);
	events_free(m.wd, m.n_wd);
	pending_free(&m);
	import_doc_free(&doc);
	return s;
}

/* Undo of a merge: its own rows that name no project */

static const char *const local_kinds[] = {
	"merge.history", "merge.collateral",	"merge.build",
	"merge.scan",	 "merge.prescan",	"merge.verification",
};

bool merge_undo_is_local(const struct event *e)
{
	for (size_t i = 0; i < ARRAY_SIZE(local_kinds) && !e->project_uuid; i++)
		if (str_eq(e->what, local_kinds[i]))
			return true;
	return false;
}

/* The history it brought in is withdrawn (it stays: history is
 * append-only, but a merge of the same file brings its changes again);
 * the records it added are removed. Recorded as rows of the undo. */
enum ct_status merge_undo_local(struct txn *t, const struct event *e, struct ct_error *err)
{
	struct store *st = t->c->st;
	long long id, pid;
	if (!parse_ll(e->key, &id))
		return ct_fail(err, CT_DATA, _("history names a bad record id; cannot undo"));
	if (str_eq(e->what, "merge.history"))
		return txn_event(t, NULL, "merge.withdraw", e->key, NULL, e->new_value, e->note,
				 err);
	enum ct_status s = store_project_find(st, e->note ? e->note : "", true, &pid, err);
	if (s)
		return s;
	if (str_eq(e->what, "merge.collateral"))
		s = store_collateral_delete(st, pid, id, err);
	else if (str_eq(e->what, "merge.build"))
		s = store_build_delete(st, id, err);
	else if (str_eq(e->what, "merge.scan"))
		s = store_scan_delete(st, id, err);
	else if (str_eq(e->what, "merge.verification"))
		s = store_verifications_delete(st, pid, id, id, err);
	else
		s = store_prescan_delete(st, id, err);
	if (!s)
		s = txn_event(t, NULL, "merge.unrecord", e->what, e->key, NULL, e->note, err);
	/* The list's summary tells the latest build and scan. */
	struct project *fresh;
	if (!s && !(s = store_project_load(st, pid, t->c->templates, &fresh, err))) {
		s = projects_summary_write(st, fresh, err);
		project_free(fresh);
	}
	return s;
}

void merge_result_free(struct merge_result *r)
{
	import_result_free(&r->applied);
	for (size_t i = 0; i < r->n_conflicts; i++) {
		struct merge_conflict *x = &r->conflicts[i];
		free(x->project);
		free(x->uuid);
		free(x->key);
		free(x->base);
		free(x->ours);
		free(x->theirs);
		free(x->ours_by);
		free(x->ours_at);
		free(x->theirs_by);
		free(x->theirs_at);
	}
	free(r->conflicts);
	memset(r, 0, sizeof(*r));
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

/* The other side as a file */

/* A report larger than this is not a report. */
#define MERGE_MAX_BYTES (256L * 1024 * 1024)

static enum ct_status copy_file(const char *from, const char *to, struct ct_error *err)
{
	FILE *in = fopen(from, "rb");
	if (!in)
		return ct_fail(err, CT_SYSTEM, _("cannot read %s: %s"), from, strerror(errno));
	FILE *out = fopen(to, "wb");
	if (!out) {
		int e = errno;
		fclose(in);
		return ct_fail(err, CT_SYSTEM, _("cannot write %s: %s"), to, strerror(e));
	}
	char buf[65536];
	size_t n;
	bool bad = false;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			bad = true;
	bad = bad || ferror(in);
	int e = errno;
	fclose(in);
	if (fclose(out) != 0)
		bad = true;
	return bad ? ct_fail(err, CT_SYSTEM, _("cannot copy %s: %s"), from, strerror(e)) : CT_OK;
}

/* err's message with every copy replaced by the file the user named. */
static void name_original(struct ct_error *err, const char *copy, const char *path)
{
	struct strbuf sb = {0};
	const char *p = err->msg, *hit;
	size_t n = strlen(copy);
	while ((hit = strstr(p, copy))) {
		sb_addn(&sb, p, (size_t)(hit - p));
		sb_add(&sb, path);
		p = hit + n;
	}
	sb_add(&sb, p);
	snprintf(err->msg, sizeof(err->msg), "%s", sb_str(&sb));
	sb_free(&sb);
}

/* Renders the database at path as a report, read from a private copy in
 * a fresh folder (with its write-ahead log, when there is one): opening
 * may migrate, and the other side's file must stay as it is. */
static enum ct_status database_report(struct ops_ctx *c, const char *path, char **data, size_t *len,
				      struct ct_error *err)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/certtrack-merge-XXXXXX", str_is_empty(tmp) ? "/tmp" : tmp);
	if (!mkdtemp(dir)) {
		enum ct_status s = ct_fail(err, CT_SYSTEM, _("cannot make a folder in %s: %s"),
					   str_is_empty(tmp) ? "/tmp" : tmp, strerror(errno));
		free(dir);
		return s;
	}
	char *copy = xasprintf("%s/other.db", dir);
	char *wal = xasprintf("%s-wal", path), *copy_wal = xasprintf("%s-wal", copy);
	char *copy_shm = xasprintf("%s-shm", copy);
	enum ct_status s = copy_file(path, copy, err);
	if (!s && access(wal, F_OK) == 0)
		s = copy_file(wal, copy_wal, err);
	struct store *other = NULL;
	if (!s && (s = store_open(copy, &other, err)))
		name_original(err, copy, path);
	if (!s) {
		struct ops_ctx oc = {.st = other, .templates = c->templates, .user = c->user};
		if ((s = report_render(&oc, REPORT_JSON, NULL, 0, data, len, err)))
			name_original(err, copy, path);
	}
	if (other)
		store_close(other);
	unlink(copy_shm);
	unlink(copy_wal);
	unlink(copy);
	rmdir(dir);
	free(copy_shm);
	free(copy_wal);
	free(wal);
	free(copy);
	free(dir);
	return s;
}

static enum ct_status read_whole(const char *path, char **data, size_t *len, struct ct_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return ct_fail(err, CT_SYSTEM, _("cannot read %s: %s"), path, strerror(errno));
	struct strbuf sb = {0};
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		sb_addn(&sb, buf, n);
		if (sb.len > (size_t)MERGE_MAX_BYTES) {
			fclose(f);
			sb_free(&sb);
			return ct_fail(err, CT_DATA,
				       _("%s is larger than any report; give a certtrack database "
					 "or JSON report"),
				       path);
		}
	}
	bool bad = ferror(f);
	int e = errno;
	fclose(f);
	if (bad) {
		sb_free(&sb);
		return ct_fail(err, CT_SYSTEM, _("cannot read %s: %s"), path, strerror(e));
	}
	*len = sb.len;
	*data = sb.buf ? sb_detach(&sb) : xstrdup("");
	return CT_OK;
}

enum ct_status merge_file(struct ops_ctx *c, const char *path, const char *self,
			  const struct merge_opts *o, struct merge_result *r, struct ct_error *err)
{
	memset(r, 0, sizeof(*r));
	struct stat a, b;
	if (stat(path, &a) != 0)
		return ct_fail(err, CT_SYSTEM, _("cannot read %s: %s"), path, strerror(errno));
	if (self && stat(self, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return ct_fail(err, CT_USAGE,
			       _("%s is the open database itself; give another copy to merge"),
			       path);
	if (S_ISDIR(a.st_mode))
		return ct_fail(err, CT_DATA,
			       _("%s is a folder; give a certtrack database or JSON report"), path);
	/* A database is told by its first bytes, not its name; it may be
	 * larger than any report. */
	static const char sqlite_magic[16] = "SQLite format 3";
	char head[sizeof(sqlite_magic)];
	FILE *f = fopen(path, "rb");
	if (!f)
		return ct_fail(err, CT_SYSTEM, _("cannot read %s: %s"), path, strerror(errno));
	size_t got = fread(head, 1, sizeof(head), f);
	fclose(f);
	char *data = NULL;
	size_t len = 0;
	enum ct_status s;
	if (got == sizeof(head) && memcmp(head, sqlite_magic, sizeof(head)) == 0)
		s = database_report(c, path, &data, &len, err);
	else
		s = read_whole(path, &data, &len, err);
	if (s)
		return s;
	s = merge_json(c, path, data, len, o, r, err);
	free(data);
	return s;
}
