/* engine.c - requirement checks, progress, next action and problems. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/engine.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *lookup(void *ud, const char *key)
{
	return project_value(ud, key);
}

void engine_validate_ctx(const struct project *p, struct validate_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	template_validate_ctx(p->tpl, ctx);
	ctx->lookup = lookup;
	ctx->ud = (void *)p;
}

void engine_field_problems(const struct project *p, size_t field, const char *value,
			   struct problems *out)
{
	const struct tpl_field *f = &p->tpl->fields[field];
	if (!value)
		value = project_field_value(p, field);
	if (str_is_empty(value)) {
		if (f->required)
			problems_add(out, CT_SEV_ERROR, "field.required", f->key, NULL, NULL,
				     _("give it a value"), _("%s is required"), _(f->title));
		return;
	}
	if (!utf8_valid(value, strlen(value))) {
		problems_add(out, CT_SEV_ERROR, "field.encoding", f->key, NULL, NULL,
			     _("enter the value again as UTF-8 text"),
			     _("%s is not valid UTF-8 text"), _(f->title));
		return;
	}
	struct validate_ctx ctx;
	engine_validate_ctx(p, &ctx);
	ctx.choices = (const char *const *)f->choices;
	ctx.n_choices = f->n_choices;
	for (size_t i = 0; i < f->n_validators; i++)
		f->validators[i]->fn(&ctx, f->key, value, out);
}

bool engine_field_valid(const struct project *p, size_t field)
{
	const char *v = project_field_value(p, field);
	if (str_is_empty(v))
		return false;
	struct problems ps = {0};
	engine_field_problems(p, field, NULL, &ps);
	bool ok = problems_count(&ps, CT_SEV_ERROR) == 0;
	problems_free(&ps);
	return ok;
}

void engine_collateral_counts(const struct project *p, const char *type, unsigned *all,
			      unsigned *of_type)
{
	*all = (unsigned)p->n_collateral;
	*of_type = 0;
	for (size_t i = 0; i < p->n_collateral; i++)
		if (type && str_eq(p->collateral[i].type, type))
			(*of_type)++;
}

static bool item_satisfied(const struct project *p, size_t i)
{
	return p->items[i].status == ITEM_DONE || p->items[i].status == ITEM_NA;
}

static bool check_req(const struct project *p, size_t self, const struct tpl_req *r, char **text)
{
	const struct template *t = p->tpl;
	bool met = false;
	struct strbuf sb = {0};
	switch (r->kind) {
	case REQ_ITEM:
		met = item_satisfied(p, r->item);
		sb_addf(&sb, _("%s is done"), t->items[r->item].key);
		break;
	case REQ_FIELDS_VALID: {
		met = true;
		struct strbuf bad = {0};
		for (size_t i = 0; i < r->n_fields; i++) {
			if (!engine_field_valid(p, r->fields[i])) {
				met = false;
				if (bad.len)
					sb_add(&bad, ", ");
				sb_add(&bad, t->fields[r->fields[i]].key);
			}
		}
		if (met) {
			sb_add(&sb, _("fields valid: "));
			for (size_t i = 0; i < r->n_fields; i++)
				sb_addf(&sb, "%s%s", i ? ", " : "", t->fields[r->fields[i]].key);
		} else {
			sb_addf(&sb, _("fields missing or invalid: %s"), sb_str(&bad));
		}
		sb_free(&bad);
		break;
	}
	case REQ_FIELD_EQUALS:
		met = str_eq(project_field_value(p, r->field), r->value);
		sb_addf(&sb, _("%s is %s"), t->fields[r->field].key, r->value);
		break;
	case REQ_COLLATERAL: {
		unsigned all, of_type;
		engine_collateral_counts(p, r->type, &all, &of_type);
		met = all >= r->min && (!r->type || of_type >= r->type_min);
		if (r->type)
			/* TRANSLATORS: e.g. "collateral: 2 of 3 items, 0 of 1 of type document" */
			sb_addf(&sb, _("collateral: %u of %u items, %u of %u of type %s"), all, r->min,
				of_type, r->type_min, r->type);
		else
			sb_addf(&sb, _("collateral: %u of %u items"), all, r->min);
		break;
	}
	case REQ_ITEMS_BEFORE: {
		met = true;
		struct strbuf open = {0};
		for (size_t i = 0; i < self; i++)
			if (!item_satisfied(p, i)) {
				met = false;
				if (open.len)
					sb_add(&open, ", ");
				sb_add(&open, t->items[i].key);
			}
		if (met)
			sb_add(&sb, _("every item above is done"));
		else
			sb_addf(&sb, _("items above not done: %s"), sb_str(&open));
		sb_free(&open);
		break;
	}
	case REQ_PRESCAN_PASSED:
		met = p->prescan == REC_PASSED;
		sb_add(&sb, p->prescan == REC_NONE ? _("the Dockerfile pre-scan has not been run")
			    : met ? _("the latest Dockerfile pre-scan passed")
				  : _("the latest Dockerfile pre-scan failed"));
		break;
	case REQ_BUILD_SUCCEEDED:
		met = p->build == REC_PASSED;
		sb_add(&sb, p->build == REC_NONE ? _("no build recorded")
			    : p->build == REC_RUNNING ? _("the latest build is still running")
			    : met ? _("the latest build succeeded") : _("the latest build failed"));
		break;
	case REQ_SCAN_PASSED:
		met = p->scan == REC_PASSED;
		sb_add(&sb, p->scan == REC_NONE ? _("the latest build has no scan recorded")
			    : met ? _("the latest build's scan passed")
				  : _("the latest build's scan failed"));
		break;
	case REQ_PUBLISHED:
		met = p->published;
		sb_add(&sb, met ? _("the image is published") : _("the image is not published"));
		break;
	}
	if (text)
		*text = sb_detach(&sb);
	else
		sb_free(&sb);
	return met;
}

bool engine_item_requirements(const struct project *p, size_t item, struct req_check **checks,
			      size_t *n)
{
	const struct tpl_item *it = &p->tpl->items[item];
	bool all = true;
	if (checks) {
		*checks = xcalloc(it->n_reqs ? it->n_reqs : 1, sizeof(**checks));
		*n = it->n_reqs;
	}
	for (size_t i = 0; i < it->n_reqs; i++) {
		char *text = NULL;
		bool met = check_req(p, item, &it->reqs[i], checks ? &text : NULL);
		if (checks) {
			(*checks)[i].req = &it->reqs[i];
			(*checks)[i].met = met;
			(*checks)[i].text = text;
		}
		all = all && met;
	}
	return all;
}

void req_checks_free(struct req_check *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

void engine_unmet(const struct project *p, size_t item, struct problems *out)
{
	struct req_check *checks;
	size_t n;
	engine_item_requirements(p, item, &checks, &n);
	const char *key = p->tpl->items[item].key;
	for (size_t i = 0; i < n; i++)
		if (!checks[i].met)
			problems_add(out, CT_SEV_ERROR, "requirement", NULL, key, NULL,
				     _("complete the requirement first, or force with a reason"),
				     _("%s needs: %s"), key, checks[i].text);
	req_checks_free(checks, n);
}

void engine_progress(const struct project *p, int *done, int *total)
{
	*done = *total = 0;
	for (size_t i = 0; i < p->tpl->n_items; i++) {
		if (p->items[i].status == ITEM_NA)
			continue;
		(*total)++;
		if (p->items[i].status == ITEM_DONE)
			(*done)++;
	}
}

/* Marks the done items of a project whose items are `items` (a copy the
 * marking may change) that stand on a broken requirement, to a fixed
 * point: a marked item counts as not done for the items that require it.
 * Forced items carry their own warning and are left out. */
static size_t broken_mark(const struct project *p, struct item_state *items, bool *broken)
{
	struct project q = *p;
	q.items = items;
	size_t n = 0;
	for (bool more = true; more;) {
		more = false;
		for (size_t i = 0; i < p->tpl->n_items; i++) {
			if (broken[i] || items[i].status != ITEM_DONE || items[i].forced_reason)
				continue;
			if (engine_item_requirements(&q, i, NULL, NULL))
				continue;
			broken[i] = true;
			items[i].status = ITEM_TODO;
			n++;
			more = true;
		}
	}
	return n;
}

size_t engine_broken(const struct project *p, bool *broken)
{
	size_t ni = p->tpl->n_items;
	struct item_state *items = xcalloc(ni ? ni : 1, sizeof(*items));
	if (ni)
		memcpy(items, p->items, ni * sizeof(*items));
	memset(broken, 0, ni * sizeof(*broken));
	size_t n = broken_mark(p, items, broken);
	free(items);
	return n;
}

void engine_progress_ex(const struct project *p, int *done, int *total, int *broken)
{
	engine_progress(p, done, total);
	bool *b = xcalloc(p->tpl->n_items + 1, sizeof(bool));
	*broken = (int)engine_broken(p, b);
	free(b);
}

size_t engine_dependants_if(const struct project *p, size_t item, enum item_status to,
			    size_t **out)
{
	size_t ni = p->tpl->n_items;
	bool *before = xcalloc(ni + 1, sizeof(bool)), *after = xcalloc(ni + 1, sizeof(bool));
	engine_broken(p, before);
	struct item_state *items = xcalloc(ni ? ni : 1, sizeof(*items));
	if (ni)
		memcpy(items, p->items, ni * sizeof(*items));
	items[item].status = to;
	items[item].forced_reason = NULL;
	broken_mark(p, items, after);
	free(items);
	*out = xcalloc(ni + 1, sizeof(size_t));
	size_t n = 0;
	for (size_t i = 0; i < ni; i++)
		if (after[i] && !before[i] && i != item)
			(*out)[n++] = i;
	free(before);
	free(after);
	return n;
}

int engine_field_needed_by(const struct project *p, size_t field)
{
	const struct template *t = p->tpl;
	for (size_t i = 0; i < t->n_items; i++) {
		if (item_satisfied(p, i))
			continue;
		for (size_t r = 0; r < t->items[i].n_reqs; r++) {
			const struct tpl_req *q = &t->items[i].reqs[r];
			if (q->kind != REQ_FIELDS_VALID)
				continue;
			for (size_t k = 0; k < q->n_fields; k++)
				if (q->fields[k] == field)
					return (int)i;
		}
	}
	return -1;
}

size_t engine_fields_to_fill(const struct project *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->tpl->n_fields; i++)
		if (str_is_empty(project_field_value(p, i)) &&
		    engine_field_needed_by(p, i) >= 0)
			n++;
	return n;
}

bool engine_item_actionable(const struct project *p, size_t item)
{
	return p->items[item].status != ITEM_BLOCKED && engine_item_requirements(p, item, NULL, NULL);
}

int engine_next_action(const struct project *p)
{
	int first_open = -1;
	for (size_t i = 0; i < p->tpl->n_items; i++) {
		if (item_satisfied(p, i))
			continue;
		if (first_open < 0)
			first_open = (int)i;
		if (p->items[i].status != ITEM_BLOCKED && engine_item_requirements(p, i, NULL, NULL))
			return (int)i;
	}
	return first_open;
}

static bool rule_reqs_met(const struct project *p, const struct tpl_rule *r)
{
	for (size_t i = 0; i < r->n_reqs; i++)
		if (!check_req(p, (size_t)-1, &r->reqs[i], NULL))
			return false;
	return true;
}

void engine_rule_problems(const struct project *p, size_t field, const char *value,
			  struct problems *out)
{
	for (size_t i = 0; i < p->tpl->n_rules; i++) {
		const struct tpl_rule *r = &p->tpl->rules[i];
		if (r->field != field || !str_eq(value, r->equals))
			continue;
		if (!rule_reqs_met(p, r))
			problems_add(out, CT_SEV_ERROR, r->key, p->tpl->fields[field].key, NULL, NULL,
				     r->fix ? _(r->fix) : NULL, "%s", _(r->message));
	}
}

void engine_problems(const struct project *p, struct problems *out)
{
	const struct template *t = p->tpl;
	for (size_t i = 0; i < t->n_fields; i++) {
		engine_field_problems(p, i, NULL, out);
		engine_rule_problems(p, i, project_field_value(p, i), out);
	}
	bool *broken = xcalloc(t->n_items + 1, sizeof(bool));
	engine_broken(p, broken);
	for (size_t i = 0; i < t->n_items; i++) {
		const struct item_state *is = &p->items[i];
		const char *key = t->items[i].key;
		if (is->status == ITEM_BLOCKED)
			problems_add(out, CT_SEV_WARNING, "item.blocked", NULL, key, NULL,
				     _("resolve the blocker, then set the item to in-progress"),
				     _("%s is blocked: %s"), key, is->reason ? is->reason : "");
		if (is->status != ITEM_DONE)
			continue;
		if (is->forced_reason)
			problems_add(out, CT_SEV_WARNING, "item.forced", NULL, key, NULL,
				     _("complete the missing requirements"),
				     _("%s was marked done past an unmet requirement: %s"), key,
				     is->forced_reason);
		else if (!engine_item_requirements(p, i, NULL, NULL))
			problems_add(out, CT_SEV_WARNING, "item.requirement_broken", NULL, key, NULL,
				     _("check the item again: 'certtrack validate' names what is missing"),
				     _("%s is done but its requirements are no longer met"), key);
		else if (broken[i])
			problems_add(out, CT_SEV_WARNING, "item.requirement_broken", NULL, key, NULL,
				     _("finish the items it requires again, then check this one"),
				     _("%s is done but stands on an item whose requirements are no longer met"),
				     key);
	}
	free(broken);
}

static void trim_into(struct strbuf *sb, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	sb_addn(sb, s, n);
}

char *engine_normalize(const struct tpl_field *f, const char *value)
{
	if (!value)
		return NULL;
	struct strbuf sb = {0};
	if (f->type == FT_BOOL) {
		static const char *const yes[] = {"true", "yes", "on", "1", "y"};
		static const char *const no[] = {"false", "no", "off", "0", "n"};
		struct strbuf t = {0};
		trim_into(&t, value, strlen(value));
		for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
			if (strcasecmp(sb_str(&t), yes[i]) == 0) {
				sb_free(&t);
				return xstrdup("true");
			}
			if (strcasecmp(sb_str(&t), no[i]) == 0) {
				sb_free(&t);
				return xstrdup("false");
			}
		}
		return sb_detach(&t);
	}
	if (f->type == FT_MULTI_CHOICE) {
		const char *s = value;
		while (*s) {
			const char *comma = strchr(s, ',');
			size_t n = comma ? (size_t)(comma - s) : strlen(s);
			struct strbuf part = {0};
			trim_into(&part, s, n);
			if (part.len) {
				if (sb.len)
					sb_add(&sb, ", ");
				sb_add(&sb, sb_str(&part));
			}
			sb_free(&part);
			s += n;
			if (*s == ',')
				s++;
		}
		return sb_detach(&sb);
	}
	if (f->type != FT_TEXT || f->n_validators) {
		/* Identifiers and choices never carry surrounding white space;
		 * free text is kept exactly as typed. */
		trim_into(&sb, value, strlen(value));
		return sb_detach(&sb);
	}
	return xstrdup(value);
}

int engine_field_item(const struct template *t, size_t field)
{
	if (t->fields[field].type != FT_BOOL)
		return -1;
	return template_item_index(t, t->fields[field].key);
}

int engine_item_field(const struct template *t, size_t item)
{
	int fi = template_field_index(t, t->items[item].key);
	return fi >= 0 && t->fields[fi].type == FT_BOOL ? fi : -1;
}
