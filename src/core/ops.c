/* ops.c - user actions as whole commands with history and undo. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/ops.h"
#include "certtrack/engine.h"
#include "certtrack/i18n.h"
#include "certtrack/projects.h"
#include "certtrack/util.h"
#include "core/txn.h"
#include "core/undo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool ops_parse_assignment(const char *arg, char *key, size_t size, const char **value)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || (size_t)(eq - arg) >= size)
		return false;
	memcpy(key, arg, (size_t)(eq - arg));
	key[eq - arg] = '\0';
	*value = eq + 1;
	return true;
}

enum ct_status ops_project_load(struct ops_ctx *c, const char *ref, struct project **out,
				struct ct_error *err)
{
	return projects_load(c->st, c->templates, ref, out, err);
}

enum ct_status ops_summaries_refresh(struct ops_ctx *c, const struct project_summary *v,
				     size_t n, size_t *n_done, struct ct_error *err)
{
	if (n_done)
		*n_done = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].to_fill >= 0)
			continue;
		struct project *p = NULL;
		enum ct_status s = store_begin(c->st, err);
		if (!s)
			s = store_project_load(c->st, v[i].id, c->templates, &p, err);
		if (!s)
			s = projects_summary_write(c->st, p, err);
		if (!s)
			s = store_commit(c->st, err);
		else
			store_rollback(c->st);
		project_free(p);
		if (s)
			return s;
		if (n_done)
			(*n_done)++;
	}
	return CT_OK;
}

/* Checks a value's size and encoding before any rule sees it. */
/* A value typed by this user with a control character other than tab,
 * newline and carriage return (ESC, BEL, DEL, C1) is refused: no certification value needs
 * one, and pasted terminal output would carry colour codes into reports.
 * Values that arrive by import are kept and shown escaped. */
static void control_problem(const char *key, const char *value, struct problems *probs)
{
	size_t len = strlen(value), i = 0;
	char shown[16] = "";
	while (i < len) {
		uint32_t cp = 0;
		size_t k = utf8_char(value + i, len - i, &cp);
		if (k && char_is_control(cp) && cp != '\n' && cp != '\t' && cp != '\r') {
			char *e = xstrndup(value + i, k);
			char *esc = str_escape_controls(e, STR_ESC_NEWLINE);
			snprintf(shown, sizeof(shown), "%s", esc);
			free(esc);
			free(e);
			break;
		}
		i += k ? k : 1;
	}
	problems_add(probs, CT_SEV_ERROR, "field.control", key, NULL, NULL,
		     _("remove the control character (tab, newline and carriage return are fine); paste plain text, not terminal output"),
		     _("%s: value contains the control character %s at byte %zu"), key, shown, i + 1);
}

static enum ct_status value_acceptable(const char *key, const char *value,
				       struct problems *probs)
{
	size_t len = strlen(value);
	if (len > OPS_MAX_VALUE) {
		problems_add(probs, CT_SEV_ERROR, "field.length", key, NULL, NULL,
			     _("shorten the value or keep the text elsewhere and give a link"),
			     _("%s: value of %zu bytes is longer than the %d allowed"), key, len,
			     OPS_MAX_VALUE);
		return CT_FAILED;
	}
	if (!utf8_valid(value, len)) {
		problems_add(probs, CT_SEV_ERROR, "field.encoding", key, NULL, NULL,
			     _("give the value as UTF-8 text"),
			     _("%s: value is not valid UTF-8 text"), key);
		return CT_FAILED;
	}
	if (str_needs_escape(value, STR_ESC_KEEP_CR)) {
		control_problem(key, value, probs);
		return CT_FAILED;
	}
	return CT_OK;
}

/* Applies assignments to p in memory, validating each; CT_FAILED when any
 * value has an error (all are checked, so every problem is reported). */
static enum ct_status apply_assignments(struct project *p, const struct assignment *a,
					size_t n, bool force_name, struct problems *probs,
					struct ct_error *err)
{
	const struct template *t = p->tpl;
	for (size_t i = 0; i < n; i++) {
		if (template_field_index(t, a[i].key) < 0)
			return ct_fail(err, CT_USAGE,
				       _("unknown field \"%s\"; 'certtrack show PROJECT' lists the fields of template %s"),
				       a[i].key, t->id);
		for (size_t k = 0; k < i; k++)
			if (strcmp(a[k].key, a[i].key) == 0)
				return ct_fail(err, CT_USAGE,
					       _("field \"%s\" is given twice; give it once"), a[i].key);
	}
	bool failed = false;
	for (size_t i = 0; i < n; i++) {
		if (value_acceptable(a[i].key, a[i].value, probs)) {
			failed = true;
			continue;
		}
		size_t fi = (size_t)template_field_index(t, a[i].key);
		char *v = engine_normalize(&t->fields[fi], a[i].value);
		if (str_is_empty(v))
			x_free(&v);
		free(p->fields[fi].value);
		p->fields[fi].value = v;
		if (strcmp(a[i].key, "project_name") == 0) {
			free(p->name);
			p->name = xstrdup(v ? v : "");
		}
	}
	if (failed)
		return CT_FAILED;
	/* Validate after all are applied: rules read other fields (the
	 * outbound repository compares with the name). */
	for (size_t i = 0; i < n; i++) {
		size_t fi = (size_t)template_field_index(t, a[i].key);
		struct problems fp = {0};
		engine_field_problems(p, fi, NULL, &fp);
		engine_rule_problems(p, fi, p->fields[fi].value, &fp);
		bool is_name = strcmp(a[i].key, "project_name") == 0;
		for (size_t k = 0; k < fp.n; k++)
			if (fp.v[k].severity == CT_SEV_ERROR &&
			    !(force_name && is_name && strcmp(fp.v[k].rule, "field.required") != 0))
				failed = true;
		problems_move(probs, &fp);
	}
	return failed ? CT_FAILED : CT_OK;
}

static char *summary_of(const char *verb, const char *name, const struct assignment *a, size_t n)
{
	struct strbuf sb = {0};
	sb_addf(&sb, "%s %s", verb, name);
	for (size_t i = 0; i < n; i++)
		sb_addf(&sb, "%s%s", i ? ", " : ": ", a[i].key);
	return sb_detach(&sb);
}

enum ct_status ops_project_create(struct ops_ctx *c, const char *template_id, const char *name,
				  const struct assignment *a, size_t n, bool force,
				  struct problems *probs, char uuid[37], struct ct_error *err)
{
	const struct template *tpl = template_set_find(c->templates, template_id);
	if (!tpl)
		return ct_fail(err, CT_USAGE,
			       _("unknown template \"%s\"; 'certtrack templates' lists them"),
			       template_id);
	struct project *p = project_new(tpl, "");
	struct assignment *all = xcalloc(n + 1, sizeof(*all));
	all[0].key = "project_name";
	all[0].value = name;
	size_t m = 1;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(a[i].key, "project_name") == 0) {
			free(all);
			project_free(p);
			return ct_fail(err, CT_USAGE,
				       _("give the project name as NAME, not as project_name=; it is the first argument"));
		}
		all[m++] = a[i];
	}
	enum ct_status s = apply_assignments(p, all, m, force, probs, err);
	free(all);
	if (s) {
		project_free(p);
		return s;
	}
	uuid_v4(p->uuid);
	p->owner = xstrdup(c->user);
	struct txn t;
	if ((s = txn_begin(&t, c, xasprintf("new %s", p->name), err))) {
		project_free(p);
		return s;
	}
	p->created_at = xstrdup(t.at);
	p->updated_at = xstrdup(t.at);
	for (size_t i = 0; i < tpl->n_fields; i++) {
		p->fields[i].updated_at = xstrdup(t.at);
		p->fields[i].updated_by = xstrdup(c->user);
	}
	if (store_name_taken(c->st, p->name, 0))
		s = ct_fail(err, CT_FAILED,
			    _("a project named \"%s\" exists already; choose another name or 'certtrack show %s'"),
			    p->name, p->name);
	if (!s)
		s = store_project_insert(c->st, p, err);
	if (!s)
		s = txn_event(&t, p, "project.create", NULL, NULL, p->name, tpl->id, err);
	for (size_t i = 0; !s && i < tpl->n_fields; i++)
		if (p->fields[i].value && strcmp(tpl->fields[i].key, "project_name") != 0)
			s = txn_event(&t, p, "field.set", tpl->fields[i].key, NULL,
				      p->fields[i].value, NULL, err);
	s = txn_end(&t, p, s, err);
	if (!s)
		memcpy(uuid, p->uuid, 37);
	project_free(p);
	return s;
}

enum ct_status ops_project_delete(struct ops_ctx *c, const char *ref, struct ct_error *err)
{
	struct project *p;
	struct txn t;
	enum ct_status s = txn_begin_project(&t, c, ref, &p, err);
	if (s)
		return s;
	t.summary = xasprintf("delete %s", p->name);
	s = store_project_set_deleted(c->st, p->id, t.at, err);
	if (!s)
		s = txn_event(&t, p, "project.delete", NULL, p->name, NULL, NULL, err);
	/* No summary refresh for a project that is gone. */
	if (!s)
		s = store_commit(c->st, err);
	else
		store_rollback(c->st);
	x_free(&t.summary);
	project_free(p);
	return s;
}

/* A yes/no field that is an item's state: true marks the item done (its
 * requirements are checked, as for the item itself), false moves a done
 * item back to todo. */
static enum ct_status linked_item_set(struct txn *t, struct project *p, size_t ii, bool done,
				      struct problems *probs, struct ct_error *err)
{
	struct item_state *is = &p->items[ii];
	const char *key = p->tpl->items[ii].key;
	enum item_status to = done ? ITEM_DONE : ITEM_TODO;
	if ((is->status == ITEM_DONE) == done)
		return CT_OK;
	if (done && !engine_item_requirements(p, ii, NULL, NULL)) {
		engine_unmet(p, ii, probs);
		return ct_fail(err, CT_FAILED,
			       _("%s cannot be yes yet: the item %s has an unmet requirement; finish it first"),
			       key, key);
	}
	enum ct_status s = txn_event(t, p, "item.status", key, item_status_name(is->status),
				     item_status_name(to), NULL, err);
	if (s)
		return s;
	is->status = to;
	if (!done)
		x_free(&is->forced_reason);
	str_set(&is->updated_at, t->at);
	str_set(&is->updated_by, t->c->user);
	return store_item_write(t->c->st, p->id, key, is, err);
}

enum ct_status ops_fields_set(struct ops_ctx *c, const char *ref, const struct assignment *a,
			      size_t n, struct problems *probs, struct ct_error *err)
{
	struct project *p;
	struct txn t;
	enum ct_status s = txn_begin_project(&t, c, ref, &p, err);
	if (s)
		return s;
	const struct template *tpl = p->tpl;
	t.summary = summary_of("set", p->name, a, n);
	/* Old values, to record what changed. */
	char **old = xcalloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		old[i] = xstrdup(project_value(p, a[i].key));
	char *old_name = xstrdup(p->name);
	for (size_t i = 0; i < n; i++) {
		int fi = template_field_index(tpl, a[i].key);
		if (a[i].check_old && fi >= 0 && !str_eq(old[i], a[i].old)) {
			const struct field_value *fv = &p->fields[fi];
			s = ct_fail(err, CT_FAILED,
				    _("%s was changed to \"%s\" by %s at %s while you were editing; look at it again"),
				    a[i].key, old[i] ? old[i] : "", fv->updated_by ? fv->updated_by : "?",
				    fv->updated_at ? fv->updated_at : "?");
			if (err)
				err->detail = CT_DETAIL_CONFLICT;
			break;
		}
	}
	if (!s)
		s = apply_assignments(p, a, n, false, probs, err);
	for (size_t i = 0; !s && i < n; i++) {
		size_t fi = (size_t)template_field_index(tpl, a[i].key);
		const char *nv = p->fields[fi].value;
		if (strcmp(a[i].key, "project_name") == 0) {
			if (str_eq(old_name, p->name))
				continue;
			if (store_name_taken(c->st, p->name, p->id)) {
				s = ct_fail(err, CT_FAILED,
					    _("a project named \"%s\" exists already; choose another name"),
					    p->name);
				break;
			}
			s = txn_event(&t, p, "project.rename", NULL, old_name, p->name, NULL, err);
			continue;
		}
		if (str_eq(old[i], nv))
			continue;
		int li = engine_field_item(tpl, fi);
		if (li >= 0 && (s = linked_item_set(&t, p, (size_t)li, str_eq(nv, "true"), probs, err)))
			break;
		struct field_value *fv = &p->fields[fi];
		str_set(&fv->updated_at, t.at);
		str_set(&fv->updated_by, c->user);
		s = store_field_write(c->st, p->id, a[i].key, fv, err);
		if (!s)
			s = txn_event(&t, p, "field.set", a[i].key, old[i], nv, NULL, err);
	}
	s = txn_end(&t, p, s, err);
	for (size_t i = 0; i < n; i++)
		free(old[i]);
	free(old);
	free(old_name);
	project_free(p);
	return s;
}

/* Records one attribute change of an item when it differs. */
static enum ct_status item_event(struct txn *t, const struct project *p, const char *what,
				 const char *key, const char *old_value, const char *new_value,
				 struct ct_error *err)
{
	if (str_eq(old_value, new_value))
		return CT_OK;
	return txn_event(t, p, what, key, old_value, new_value, NULL, err);
}

enum ct_status ops_item_update(struct ops_ctx *c, const char *ref, const char *item,
			       const struct item_change *chg, struct problems *probs,
			       struct ct_error *err)
{
	const char *reason = chg->reason && *chg->reason ? chg->reason : NULL;
	if (chg->note && value_acceptable("note", chg->note, probs))
		return ct_fail(err, CT_FAILED, "%s", probs->v[probs->n - 1].message);
	if (reason && value_acceptable("reason", reason, probs))
		return ct_fail(err, CT_FAILED, "%s", probs->v[probs->n - 1].message);
	if (chg->set_status && (chg->status == ITEM_BLOCKED || chg->status == ITEM_NA) && !reason)
		return ct_fail(err, CT_USAGE, _("%s needs a reason: add --reason TEXT"),
			       item_status_name(chg->status));
	if (chg->force && !reason)
		return ct_fail(err, CT_USAGE,
			       _("forcing needs a reason that is recorded: add --reason TEXT"));

	struct project *p;
	struct txn t;
	enum ct_status s = txn_begin_project(&t, c, ref, &p, err);
	if (s)
		return s;
	int ii = template_item_index(p->tpl, item);
	if (ii < 0) {
		s = ct_fail(err, CT_USAGE,
			    _("unknown item \"%s\"; 'certtrack show %s' lists the items"), item, p->name);
		goto out;
	}
	struct item_state *is = &p->items[ii];
	if (chg->expect_updated_at && !str_eq(chg->expect_updated_at, is->updated_at)) {
		s = ct_fail(err, CT_FAILED,
			    _("%s was changed by %s at %s while you were editing; look at it again"),
			    item, is->updated_by ? is->updated_by : "?",
			    is->updated_at ? is->updated_at : "?");
		if (err)
			err->detail = CT_DETAIL_CONFLICT;
		goto out;
	}
	if (chg->check_old) {
		const char *what = NULL, *theirs = NULL;
		if (chg->set_status && is->status != chg->old_status) {
			what = _("status");
			theirs = item_status_name(is->status);
		} else if (chg->note && !str_eq(is->note, chg->old_note)) {
			what = _("note");
			theirs = is->note;
		} else if (chg->set_status &&
			   (chg->status == ITEM_BLOCKED || chg->status == ITEM_NA) &&
			   !str_eq(is->reason, chg->old_reason)) {
			what = _("reason");
			theirs = is->reason;
		}
		if (what) {
			/* TRANSLATORS: "the note of ITEM was changed to "TEXT" by USER at TIME". */
			s = ct_fail(err, CT_FAILED,
				    _("the %s of %s was changed to \"%s\" by %s at %s while you were editing; look at it again"),
				    what, item, theirs ? theirs : "", is->updated_by ? is->updated_by : "?",
				    is->updated_at ? is->updated_at : "?");
			if (err)
				err->detail = CT_DETAIL_CONFLICT;
			goto out;
		}
	}
	enum item_status ns = chg->set_status ? chg->status : is->status;
	bool forced = false;
	if (chg->set_status && ns == ITEM_DONE && is->status != ITEM_DONE &&
	    !engine_item_requirements(p, (size_t)ii, NULL, NULL)) {
		if (!chg->force) {
			engine_unmet(p, (size_t)ii, probs);
			s = ct_fail(err, CT_FAILED,
				    _("%s cannot be done yet: a requirement is not met; finish it first, or use --force --reason TEXT"),
				    item);
			goto out;
		}
		forced = true;
	}
	t.summary = xasprintf("item %s %s %s", p->name, item, item_status_name(ns));
	const char *key = p->tpl->items[ii].key;
	struct item_state after = {.status = ns};
	after.note = xstrdup(chg->note ? (*chg->note ? chg->note : NULL) : is->note);
	if (ns == ITEM_BLOCKED || ns == ITEM_NA)
		after.reason = xstrdup(reason);
	else if (!chg->set_status)
		after.reason = xstrdup(is->reason);
	if (ns == ITEM_DONE)
		after.forced_reason = xstrdup(forced ? reason
					      : is->status == ITEM_DONE ? is->forced_reason : NULL);
	after.updated_at = xstrdup(t.at);
	after.updated_by = xstrdup(c->user);
	if (is->status != after.status)
		s = txn_event(&t, p, "item.status", key, item_status_name(is->status),
			      item_status_name(after.status), reason, err);
	if (!s)
		s = item_event(&t, p, "item.note", key, is->note, after.note, err);
	if (!s)
		s = item_event(&t, p, "item.reason", key, is->reason, after.reason, err);
	if (!s)
		s = item_event(&t, p, "item.forced", key, is->forced_reason, after.forced_reason, err);
	/* The new state replaces the old one; ownership stays in p. */
	free(is->note);
	free(is->reason);
	free(is->forced_reason);
	free(is->updated_at);
	free(is->updated_by);
	*is = after;
	/* The yes/no field that mirrors the item follows it, in the same
	 * command (undone with it). */
	int mf = engine_item_field(p->tpl, (size_t)ii);
	if (!s && mf >= 0) {
		struct field_value *fv = &p->fields[mf];
		const char *want = is->status == ITEM_DONE ? "true" : "false";
		if (!str_eq(fv->value ? fv->value : "false", want)) {
			char *was = xstrdup(fv->value);
			str_set(&fv->value, want);
			str_set(&fv->updated_at, t.at);
			str_set(&fv->updated_by, c->user);
			s = store_field_write(c->st, p->id, p->tpl->fields[mf].key, fv, err);
			if (!s)
				s = txn_event(&t, p, "field.set", p->tpl->fields[mf].key, was, want, NULL,
					      err);
			free(was);
		}
	}
	if (!s && !t.cmd) {
		/* Nothing changed: no history row, no write. */
		store_rollback(c->st);
		x_free(&t.summary);
		project_free(p);
		return CT_OK;
	}
	if (!s)
		s = store_item_write(c->st, p->id, key, is, err);
out:
	s = txn_end(&t, p, s, err);
	project_free(p);
	return s;
}

static enum ct_status owner_set(struct ops_ctx *c, const char *ref, const char *to,
			       const char *note, bool check, const char *old_owner,
			       struct ct_error *err);

enum ct_status ops_owner_set(struct ops_ctx *c, const char *ref, const char *to,
			     const char *note, struct ct_error *err)
{
	return owner_set(c, ref, to, note, false, NULL, err);
}

enum ct_status ops_owner_set_checked(struct ops_ctx *c, const char *ref, const char *to,
				     const char *note, const char *old_owner,
				     struct ct_error *err)
{
	return owner_set(c, ref, to, note, true, old_owner, err);
}

static enum ct_status owner_set(struct ops_ctx *c, const char *ref, const char *to,
			       const char *note, bool check, const char *old_owner,
			       struct ct_error *err)
{
	if (str_is_empty(to) || !utf8_valid(to, strlen(to)) || strlen(to) > 256)
		return ct_fail(err, CT_USAGE, _("give the new owner's user name with --to USER"));
	if (note && (!utf8_valid(note, strlen(note)) || strlen(note) > OPS_MAX_VALUE))
		return ct_fail(err, CT_USAGE, _("the note must be UTF-8 text of at most %d bytes"),
			       OPS_MAX_VALUE);
	struct project *p;
	struct txn t;
	enum ct_status s = txn_begin_project(&t, c, ref, &p, err);
	if (s)
		return s;
	if (check && !str_eq(p->owner, old_owner)) {
		s = ct_fail(err, CT_FAILED,
			    _("%s was handed to %s meanwhile (it was %s's when you started); look at it again"),
			    p->name, p->owner ? p->owner : "-", old_owner ? old_owner : "-");
		if (err)
			err->detail = CT_DETAIL_CONFLICT;
	} else if (str_eq(p->owner, to)) {
		s = ct_fail(err, CT_FAILED, _("%s is already the owner of %s"), to, p->name);
	} else {
		t.summary = xasprintf("handoff %s to %s", p->name, to);
		s = txn_event(&t, p, "owner", NULL, p->owner, to, note && *note ? note : NULL, err);
		str_set(&p->owner, to);
	}
	s = txn_end(&t, p, s, err);
	project_free(p);
	return s;
}

static bool collateral_type_known(const struct template *t, const char *type)
{
	for (size_t i = 0; i < t->n_collateral_types; i++)
		if (strcmp(t->collateral_types[i], type) == 0)
			return true;
	return false;
}

static void collateral_clear(struct collateral *c)
{
	free(c->title);
	free(c->type);
	free(c->location);
	free(c->added_at);
	free(c->added_by);
}

enum ct_status ops_collateral_add(struct ops_ctx *c, const char *ref, const char *title,
				  const char *type, const char *location, long long *id,
				  struct ct_error *err)
{
	if (str_is_empty(title) || !utf8_valid(title, strlen(title)) || strlen(title) > 1024)
		return ct_fail(err, CT_USAGE, _("give the collateral a title (UTF-8, at most 1024 bytes)"));
	if (location && (!utf8_valid(location, strlen(location)) || strlen(location) > 4096))
		return ct_fail(err, CT_USAGE, _("the location must be UTF-8 text of at most 4096 bytes"));
	if (str_needs_escape(title, STR_ESC_KEEP_CR) || str_needs_escape(location, STR_ESC_KEEP_CR))
		return ct_fail(err, CT_USAGE,
			       _("the collateral title and location must not contain control characters such as ESC (tab and newline are fine); give plain text"));
	struct project *p;
	struct txn t;
	enum ct_status s = txn_begin_project(&t, c, ref, &p, err);
	if (s)
		return s;
	if (!type || !collateral_type_known(p->tpl, type)) {
		struct strbuf sb = {0};
		for (size_t i = 0; i < p->tpl->n_collateral_types; i++)
			sb_addf(&sb, "%s%s", i ? ", " : "", p->tpl->collateral_types[i]);
		s = ct_fail(err, CT_USAGE, _("unknown collateral type \"%s\"; use one of: %s"),
			    type ? type : "", sb_str(&sb));
		sb_free(&sb);
		goto out;
	}
	t.summary = xasprintf("collateral %s add", p->name);
	struct collateral col = {
		.title = xstrdup(title), .type = xstrdup(type),
		.location = location && *location ? xstrdup(location) : NULL,
		.added_at = xstrdup(t.at), .added_by = xstrdup(c->user)};
	s = store_collateral_insert(c->st, p->id, &col, err);
	if (!s) {
		char key[32];
		snprintf(key, sizeof(key), "%lld", col.id);
		s = txn_event(&t, p, "collateral.add", key, NULL, title, type, err);
		if (id)
			*id = col.id;
		/* The summary counts collateral from the loaded project. */
		p->collateral = xreallocarray(p->collateral, p->n_collateral + 1, sizeof(*p->collateral));
		p->collateral[p->n_collateral++] = col;
	} else {
		collateral_clear(&col);
	}
out:
	s = txn_end(&t, p, s, err);
	project_free(p);
	return s;
}

enum ct_status ops_collateral_rm(struct ops_ctx *c, const char *ref, long long id,
				 struct ct_error *err)
{
	struct project *p;
	struct txn t;
	enum ct_status s = txn_begin_project(&t, c, ref, &p, err);
	if (s)
		return s;
	size_t ci = p->n_collateral;
	for (size_t i = 0; i < p->n_collateral; i++)
		if (p->collateral[i].id == id)
			ci = i;
	if (ci == p->n_collateral) {
		s = ct_fail(err, CT_USAGE,
			    _("no collateral #%lld in %s; 'certtrack show %s' lists them"), id,
			    p->name, p->name);
		goto out;
	}
	t.summary = xasprintf("collateral %s rm %lld", p->name, id);
	s = store_collateral_set_removed(c->st, p->id, id, true, err);
	if (!s) {
		char key[32];
		snprintf(key, sizeof(key), "%lld", id);
		s = txn_event(&t, p, "collateral.rm", key, p->collateral[ci].title, NULL,
			      p->collateral[ci].type, err);
		collateral_clear(&p->collateral[ci]);
		memmove(&p->collateral[ci], &p->collateral[ci + 1],
			(p->n_collateral - ci - 1) * sizeof(*p->collateral));
		p->n_collateral--;
	}
out:
	s = txn_end(&t, p, s, err);
	project_free(p);
	return s;
}

enum ct_status ops_undo_preview(struct ops_ctx *c, struct event **v, size_t *n,
				struct ct_error *err)
{
	long long cmd;
	*v = NULL;
	*n = 0;
	enum ct_status s = store_undo_candidate(c->st, &cmd, err);
	if (s || !cmd)
		return s;
	return store_command_events(c->st, cmd, v, n, err);
}

static enum ct_status item_attr_restore(struct project *p, const struct event *e,
					struct ct_error *err)
{
	int ii = template_item_index(p->tpl, e->key ? e->key : "");
	if (ii < 0)
		return ct_fail(err, CT_DATA, _("history names unknown item \"%s\"; cannot undo"),
			       e->key ? e->key : "");
	struct item_state *is = &p->items[ii];
	if (strcmp(e->what, "item.status") == 0) {
		if (!item_status_parse(e->old_value, &is->status))
			is->status = ITEM_TODO;
	} else if (strcmp(e->what, "item.note") == 0) {
		str_set(&is->note, e->old_value);
	} else if (strcmp(e->what, "item.reason") == 0) {
		str_set(&is->reason, e->old_value);
	} else {
		str_set(&is->forced_reason, e->old_value);
	}
	return CT_OK;
}

/* The inverses of the events this file records; see undo.h. */
static enum ct_status undo_create(struct txn *t, struct project *p, const struct event *e,
				  struct ct_error *err)
{
	(void)e;
	t->project_deleted = true;
	enum ct_status s = store_project_set_deleted(t->c->st, p->id, t->at, err);
	return s ? s : txn_event(t, p, "project.delete", NULL, p->name, NULL, NULL, err);
}

static enum ct_status undo_delete(struct txn *t, struct project *p, const struct event *e,
				  struct ct_error *err)
{
	(void)e;
	if (store_name_taken(t->c->st, p->name, p->id))
		return ct_fail(err, CT_FAILED,
			       _("cannot bring back %s: another project has that name now; rename it first"),
			       p->name);
	t->project_deleted = false;
	enum ct_status s = store_project_set_deleted(t->c->st, p->id, NULL, err);
	return s ? s : txn_event(t, p, "project.restore", NULL, NULL, p->name, NULL, err);
}

static enum ct_status undo_rename(struct txn *t, struct project *p, const struct event *e,
				  struct ct_error *err)
{
	/* A deleted project's name clashes with none (a merge that created
	 * one under a new name is undone as a whole). */
	if (!t->project_deleted && store_name_taken(t->c->st, e->old_value, p->id))
		return ct_fail(err, CT_FAILED,
			       _("cannot rename back to %s: another project has that name now"),
			       e->old_value);
	char *cur = xstrdup(p->name);
	str_set(&p->name, e->old_value);
	enum ct_status s = txn_event(t, p, "project.rename", NULL, cur, p->name, NULL, err);
	free(cur);
	return s;
}

static enum ct_status undo_field(struct txn *t, struct project *p, const struct event *e,
				 struct ct_error *err)
{
	int fi = template_field_index(p->tpl, e->key ? e->key : "");
	if (fi < 0)
		return ct_fail(err, CT_DATA, _("history names unknown field \"%s\"; cannot undo"),
			       e->key ? e->key : "");
	struct field_value *fv = &p->fields[fi];
	char *cur = xstrdup(fv->value);
	str_set(&fv->value, e->old_value);
	str_set(&fv->updated_at, t->at);
	str_set(&fv->updated_by, t->c->user);
	enum ct_status s = store_field_write(t->c->st, p->id, e->key, fv, err);
	if (!s)
		s = txn_event(t, p, "field.set", e->key, cur, fv->value, NULL, err);
	free(cur);
	return s;
}

static enum ct_status undo_item(struct txn *t, struct project *p, const struct event *e,
				struct ct_error *err)
{
	enum ct_status s;
	if ((s = item_attr_restore(p, e, err)))
		return s;
	struct item_state *is = &p->items[template_item_index(p->tpl, e->key)];
	str_set(&is->updated_at, t->at);
	str_set(&is->updated_by, t->c->user);
	if ((s = store_item_write(t->c->st, p->id, e->key, is, err)))
		return s;
	return txn_event(t, p, e->what, e->key, e->new_value, e->old_value, NULL, err);
}

static enum ct_status undo_owner(struct txn *t, struct project *p, const struct event *e,
				 struct ct_error *err)
{
	str_set(&p->owner, e->old_value);
	return txn_event(t, p, "owner", NULL, e->new_value, e->old_value, NULL, err);
}

static enum ct_status undo_collateral(struct txn *t, struct project *p, const struct event *e,
				      struct ct_error *err)
{
	bool add = strcmp(e->what, "collateral.add") == 0;
	char *end;
	errno = 0;
	long long id = strtoll(e->key ? e->key : "", &end, 10);
	if (errno || *end)
		return ct_fail(err, CT_DATA, _("history names a bad collateral id; cannot undo"));
	enum ct_status s = store_collateral_set_removed(t->c->st, p->id, id, add, err);
	return s ? s : txn_event(t, p, add ? "collateral.rm" : "collateral.add", e->key,
				 e->new_value, e->old_value, e->note, err);
}

/* A merge's record of how it resolved a conflict: the value it took has
 * its own event, undone as such. */
static enum ct_status undo_nothing(struct txn *t, struct project *p, const struct event *e,
				   struct ct_error *err)
{
	(void)t;
	(void)p;
	(void)e;
	(void)err;
	return CT_OK;
}

static enum ct_status undo_event(struct txn *t, struct project *p, const struct event *e,
				 struct ct_error *err);

/* A merge's record of a change it took: undone as that change. */
static enum ct_status undo_take(struct txn *t, struct project *p, const struct event *e,
				struct ct_error *err)
{
	struct event taken = *e;
	taken.what = e->what + strlen("merge.take.");
	return undo_event(t, p, &taken, err);
}

const struct undo_kind ops_undo_kinds[] = {
	{"project.create", undo_create},
	{"project.delete", undo_delete},
	{"project.rename", undo_rename},
	{"field.set", undo_field},
	{"item.", undo_item},
	{"owner", undo_owner},
	{"collateral.add", undo_collateral},
	{"collateral.rm", undo_collateral},
	{"merge.take.", undo_take},
	{"merge.create", undo_create},
	{"merge.restore", undo_create},
	{"merge.", undo_nothing},
	{NULL, NULL},
};

/* Every table of undoable events: one line per module that records them. */
static const struct undo_kind *const undo_tables[] = {
	ops_undo_kinds,
	records_undo_kinds,
	verify_undo_kinds,
};

/* Applies the inverse of one event to p (loaded, possibly deleted) and
 * records it in t. */
static enum ct_status undo_event(struct txn *t, struct project *p, const struct event *e,
				 struct ct_error *err)
{
	for (size_t i = 0; i < ARRAY_SIZE(undo_tables); i++) {
		const struct undo_kind *k = undo_kind_find(undo_tables[i], e->what);
		if (k)
			return k->undo(t, p, e, err);
	}
	return ct_fail(err, CT_FAILED, _("the last command (%s) cannot be undone"), e->what);
}

/* Writes p's row and summary once its events are undone: item states
 * are written as they are restored. */
static enum ct_status undo_project_done(struct txn *t, struct project *p, struct ct_error *err)
{
	struct ops_ctx *c = t->c;
	free(p->updated_at);
	p->updated_at = xstrdup(t->at);
	enum ct_status s = store_project_update(c->st, p, err);
	if (!s && !t->project_deleted) {
		/* Reload: collateral and records changed under p. */
		struct project *fresh;
		if (!(s = store_project_load(c->st, p->id, c->templates, &fresh, err))) {
			s = projects_summary_write(c->st, fresh, err);
			project_free(fresh);
		}
	}
	return s;
}

enum ct_status ops_undo(struct ops_ctx *c, struct event **reverted, size_t *n_reverted,
			struct ct_error *err)
{
	struct txn t;
	enum ct_status s;
	long long cmd;
	struct event *ev = NULL;
	size_t n = 0;
	if (reverted) {
		*reverted = NULL;
		*n_reverted = 0;
	}
	if ((s = txn_begin(&t, c, NULL, err)))
		return s;
	if ((s = store_undo_candidate(c->st, &cmd, err)))
		goto fail;
	if (!cmd) {
		s = ct_fail(err, CT_FAILED, _("nothing to undo: no change since the database was created or last imported"));
		goto fail;
	}
	if ((s = store_command_events(c->st, cmd, &ev, &n, err)))
		goto fail;
	t.undo_of = cmd;
	t.summary = xasprintf("undo #%lld", cmd);
	struct project *p = NULL;
	/* Newest first. The events of a command concern one project, except
	 * a merge's, which come project by project. */
	for (size_t i = n; i-- > 0 && !s;) {
		const struct event *e = &ev[i];
		/* A project a merge created is named by its event's key. */
		const char *uuid = e->project_uuid ? e->project_uuid
				   : str_eq(e->what, "merge.create") ? e->key : NULL;
		if (!uuid && merge_undo_is_local(e)) {
			s = merge_undo_local(&t, e, err);
			continue;
		}
		if (!uuid)
			continue;
		if (p && strcmp(p->uuid, uuid) != 0) {
			s = undo_project_done(&t, p, err);
			project_free(p);
			p = NULL;
		}
		if (!s && !p) {
			long long id;
			t.project_deleted = false;
			if (!(s = store_project_find(c->st, uuid, true, &id, err)))
				s = store_project_load(c->st, id, c->templates, &p, err);
		}
		if (!s)
			s = undo_event(&t, p, e, err);
	}
	if (!s && p)
		s = undo_project_done(&t, p, err);
	if (!s)
		s = store_command_mark_undone(c->st, cmd, t.cmd, err);
	project_free(p);
	if (s)
		goto fail;
	if ((s = store_commit(c->st, err)))
		goto out;
	if (reverted) {
		*reverted = ev;
		*n_reverted = n;
		ev = NULL;
		n = 0;
	}
	goto out;
fail:
	store_rollback(c->st);
out:
	events_free(ev, n);
	x_free(&t.summary);
	return s;
}
