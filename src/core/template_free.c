/* template_free.c - freeing templates, apart from the loader so that the
 * JSON loader (template.c) and the cache of checked templates
 * (template_cache.c) both use it without depending on each other. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/template.h"
#include "certtrack/util.h"

#include <stdlib.h>

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void free_reqs(struct tpl_req *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].fields);
		free(r[i].value);
		free(r[i].type);
	}
	free(r);
}

void template_free(struct template *t)
{
	if (!t)
		return;
	free(t->path);
	free(t->id);
	free(t->title);
	free(t->product_version);
	free(t->registry_host);
	prescan_rules_free(&t->prescan);
	free_strv(t->base_images, t->n_base_images);
	free(t->name_prefix);
	free(t->name_example);
	free_strv(t->collateral_types, t->n_collateral_types);
	for (size_t i = 0; i < t->n_groups; i++) {
		free(t->groups[i].key);
		free(t->groups[i].title);
	}
	free(t->groups);
	for (size_t i = 0; i < t->n_fields; i++) {
		struct tpl_field *f = &t->fields[i];
		free(f->key);
		free(f->title);
		free(f->group);
		free(f->help);
		free(f->def);
		free_strv(f->choices, f->n_choices);
		free(f->validators);
	}
	free(t->fields);
	for (size_t i = 0; i < t->n_items; i++) {
		struct tpl_item *it = &t->items[i];
		free(it->key);
		free(it->title);
		free(it->section);
		free(it->help);
		free_reqs(it->reqs, it->n_reqs);
	}
	free(t->items);
	for (size_t i = 0; i < t->n_rules; i++) {
		struct tpl_rule *r = &t->rules[i];
		free(r->key);
		free(r->equals);
		free(r->message);
		free(r->fix);
		free_reqs(r->reqs, r->n_reqs);
	}
	free(t->rules);
	free(t);
}

void template_set_free(struct template_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		template_free(set->v[i]);
	x_free(&set->v);
	set->n = 0;
}
