/* project.c - the in-memory project and item status names. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/project.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	enum item_status status;
	const char *name;
	const char *label;
} statuses[] = {
	{ITEM_TODO, "todo", N_("todo")},
	{ITEM_IN_PROGRESS, "in-progress", N_("in progress")},
	{ITEM_DONE, "done", N_("done")},
	{ITEM_BLOCKED, "blocked", N_("blocked")},
	{ITEM_NA, "n/a", N_("n/a")},
};

const char *item_status_name(enum item_status s)
{
	for (size_t i = 0; i < ARRAY_SIZE(statuses); i++)
		if (statuses[i].status == s)
			return statuses[i].name;
	return "todo";
}

const char *item_status_label(enum item_status s)
{
	for (size_t i = 0; i < ARRAY_SIZE(statuses); i++)
		if (statuses[i].status == s)
			return _(statuses[i].label);
	return _("todo");
}

bool item_status_parse(const char *s, enum item_status *out)
{
	if (!s)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(statuses); i++)
		if (strcmp(s, statuses[i].name) == 0) {
			*out = statuses[i].status;
			return true;
		}
	if (strcmp(s, "in_progress") == 0 || strcmp(s, "inprogress") == 0) {
		*out = ITEM_IN_PROGRESS;
		return true;
	}
	if (strcmp(s, "na") == 0 || strcmp(s, "n-a") == 0) {
		*out = ITEM_NA;
		return true;
	}
	return false;
}

struct project *project_new(const struct template *tpl, const char *name)
{
	struct project *p = xcalloc(1, sizeof(*p));
	p->tpl = tpl;
	p->template_id = xstrdup(tpl->id);
	p->name = xstrdup(name);
	p->fields = xcalloc(tpl->n_fields, sizeof(*p->fields));
	p->items = xcalloc(tpl->n_items, sizeof(*p->items));
	for (size_t i = 0; i < tpl->n_fields; i++)
		p->fields[i].value = xstrdup(tpl->fields[i].def);
	p->prescan = p->build = p->scan = REC_NONE;
	return p;
}

void project_free(struct project *p)
{
	if (!p)
		return;
	free(p->name);
	free(p->template_id);
	free(p->owner);
	free(p->created_at);
	free(p->updated_at);
	if (p->tpl) {
		for (size_t i = 0; i < p->tpl->n_fields; i++) {
			free(p->fields[i].value);
			free(p->fields[i].updated_at);
			free(p->fields[i].updated_by);
		}
		for (size_t i = 0; i < p->tpl->n_items; i++) {
			free(p->items[i].note);
			free(p->items[i].reason);
			free(p->items[i].forced_reason);
			free(p->items[i].updated_at);
			free(p->items[i].updated_by);
		}
	}
	free(p->fields);
	free(p->items);
	for (size_t i = 0; i < p->n_collateral; i++) {
		free(p->collateral[i].title);
		free(p->collateral[i].type);
		free(p->collateral[i].location);
		free(p->collateral[i].added_at);
		free(p->collateral[i].added_by);
	}
	free(p->collateral);
	free(p);
}

const char *project_value(const struct project *p, const char *key)
{
	if (strcmp(key, "project_name") == 0)
		return p->name;
	int i = template_field_index(p->tpl, key);
	return i < 0 ? NULL : p->fields[i].value;
}

const char *project_field_value(const struct project *p, size_t field)
{
	if (strcmp(p->tpl->fields[field].key, "project_name") == 0)
		return p->name;
	return p->fields[field].value;
}
