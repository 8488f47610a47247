/* projects.c - loading a project from the store, and its summary row. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/projects.h"
#include "certtrack/engine.h"
#include "certtrack/problem.h"

enum ct_status projects_load(struct store *st, const struct template_set *set, const char *ref,
			     struct project **out, struct ct_error *err)
{
	long long id;
	enum ct_status s = store_project_find(st, ref, false, &id, err);
	if (s)
		return s;
	return store_project_load(st, id, set, out, err);
}

enum ct_status projects_summary_write(struct store *st, const struct project *p,
				      struct ct_error *err)
{
	struct project_summary sum = {.id = p->id};
	engine_progress_ex(p, &sum.done, &sum.total, &sum.broken);
	int next = engine_next_action(p);
	sum.next_action = next >= 0 ? p->tpl->items[next].key : NULL;
	sum.next_blocked = next >= 0 && !engine_item_actionable(p, (size_t)next);
	sum.to_fill = (int)engine_fields_to_fill(p);
	struct problems ps = {0};
	engine_problems(p, &ps);
	sum.errors = (int)problems_count(&ps, CT_SEV_ERROR);
	sum.warnings = (int)problems_count(&ps, CT_SEV_WARNING);
	problems_free(&ps);
	return store_summary_write(st, &sum, err);
}
