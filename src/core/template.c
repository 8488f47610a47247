/* template.c - loading checklist templates from JSON and checking them:
 * unknown validators, requirements naming missing items or fields,
 * duplicate keys and requirement cycles are refused with file and line. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/template.h"
#include "core/template_int.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"
#include "certtrack/validate.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define TEMPLATE_FORMAT 1
#define TEMPLATE_MAX_SIZE (4 * 1024 * 1024)

struct loader {
	const char *path;
	char *text;       /* file contents, to find the line of a problem */
	struct ct_error *err;
};

static int line_at(const struct loader *ld, const char *p)
{
	int line = 1;
	for (const char *q = ld->text; q < p; q++)
		if (*q == '\n')
			line++;
	return line;
}

/* Line of the nth (1-based) occurrence of the JSON string "needle" in the
 * file; jansson keeps no positions after parsing, so the text is searched.
 * Returns 0 when not found. */
static int locate(const struct loader *ld, const char *needle, int nth)
{
	char *quoted = xasprintf("\"%s\"", needle);
	const char *p = ld->text;
	int line = 0;
	for (int k = 0; k < nth && (p = strstr(p, quoted)); k++, p += strlen(quoted))
		if (k + 1 == nth)
			line = line_at(ld, p);
	free(quoted);
	return line;
}

/* Line of the nth "key": "value" pair with this value: the declaration of
 * a field or item, not a mention of it elsewhere. */
static int locate_key(const struct loader *ld, const char *value, int nth)
{
	char *quoted = xasprintf("\"%s\"", value);
	const char *p = ld->text;
	int line = 0, k = 0;
	while ((p = strstr(p, "\"key\""))) {
		const char *q = p + 5;
		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
			q++;
		if (*q == ':') {
			q++;
			while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
				q++;
			if (strncmp(q, quoted, strlen(quoted)) == 0 && ++k == nth) {
				line = line_at(ld, p);
				break;
			}
		}
		p += 5;
	}
	free(quoted);
	return line ? line : locate(ld, value, nth);
}

static enum ct_status bad(const struct loader *ld, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum ct_status bad(const struct loader *ld, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *reason = xvasprintf(fmt, ap);
	va_end(ap);
	if (line > 0)
		ct_fail(ld->err, CT_DATA, "%s:%d: %s", ld->path, line, reason);
	else
		ct_fail(ld->err, CT_DATA, "%s: %s", ld->path, reason);
	free(reason);
	return CT_DATA;
}

static enum ct_status get_string(const struct loader *ld, json_t *obj,
				 const char *key, bool required, const char *where,
				 char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return bad(ld, locate(ld, where, 1),
				   _("%s has no \"%s\"; add it"), where, key);
		return CT_OK;
	}
	if (!json_is_string(v))
		return bad(ld, locate(ld, where, 1),
			   _("\"%s\" of %s must be a string"), key, where);
	*out = xstrdup(json_string_value(v));
	return CT_OK;
}

static enum ct_status get_strings(const struct loader *ld, json_t *obj,
				  const char *key, const char *where,
				  char ***out, size_t *n)
{
	json_t *arr = json_object_get(obj, key);
	*out = NULL;
	*n = 0;
	if (!arr)
		return CT_OK;
	if (!json_is_array(arr))
		return bad(ld, locate(ld, where, 1),
			   _("\"%s\" of %s must be an array of strings"), key, where);
	size_t len = json_array_size(arr);
	*out = xcalloc(len ? len : 1, sizeof(char *));
	for (size_t i = 0; i < len; i++) {
		json_t *s = json_array_get(arr, i);
		if (!json_is_string(s))
			return bad(ld, locate(ld, where, 1),
				   _("\"%s\" of %s must be an array of strings"), key, where);
		for (size_t k = 0; k < *n; k++)
			if (strcmp((*out)[k], json_string_value(s)) == 0)
				return bad(ld, locate(ld, json_string_value(s), 2),
					   _("\"%s\" is listed twice in \"%s\" of %s"),
					   json_string_value(s), key, where);
		(*out)[(*n)++] = xstrdup(json_string_value(s));
	}
	return CT_OK;
}

/* The "prescan" object: the lists behind the Dockerfile pre-scan's
 * policies (checklists/README.md). */
static enum ct_status load_prescan(const struct loader *ld, json_t *root, struct template *t)
{
	json_t *o = json_object_get(root, "prescan");
	if (!o)
		return CT_OK;
	if (!json_is_object(o))
		return bad(ld, locate(ld, "prescan", 1), _("\"prescan\" of template must be an object"));
	static const struct {
		const char *key;
		bool required;
		size_t off;
	} lists[] = {
		{ "required_labels", true, offsetof(struct prescan_rules, required_labels) },
		{ "recommended_labels", false, offsetof(struct prescan_rules, recommended_labels) },
		{ "prohibited_packages", true, offsetof(struct prescan_rules, prohibited_packages) },
		{ "prohibited_package_prefixes", false, offsetof(struct prescan_rules, prohibited_prefixes) },
		{ "red_hat_registries", true, offsetof(struct prescan_rules, registries) },
		{ "red_hat_repository_paths", true, offsetof(struct prescan_rules, repository_paths) },
		{ "package_owned_paths", false, offsetof(struct prescan_rules, package_owned_paths) },
		{ "not_package_owned_paths", false, offsetof(struct prescan_rules, not_package_owned) },
		{ "prohibited_name_words", false, offsetof(struct prescan_rules, prohibited_name_words) },
	};
	struct prescan_rules *r = &t->prescan;
	enum ct_status st = get_string(ld, o, "preflight_release", false, "prescan", &r->preflight_release);
	if (!st)
		st = get_string(ld, o, "base_image_repository", false, "prescan", &r->base_repository);
	if (!st)
		st = get_string(ld, o, "base_image_tag", false, "prescan", &r->base_tag);
	for (size_t i = 0; st == CT_OK && i < ARRAY_SIZE(lists); i++) {
		if (lists[i].required && !json_object_get(o, lists[i].key))
			return bad(ld, locate(ld, "prescan", 1), _("%s has no \"%s\"; add it"), "prescan",
				   lists[i].key);
		char **v;
		size_t n;
		st = get_strings(ld, o, lists[i].key, "prescan", &v, &n);
		struct strlist *l = (struct strlist *)((char *)r + lists[i].off);
		for (size_t k = 0; k < n; k++)
			strlist_add_owned(l, v[k]);
		free(v);
	}
	for (size_t k = 0; st == CT_OK && k < r->prohibited_name_words.n; k++)
		for (char *c = r->prohibited_name_words.v[k]; *c; c++)
			*c = (char)tolower((unsigned char)*c);
	if (st == CT_OK) {
		t->has_prescan = true;
	}
	return st;
}

static bool get_bool(json_t *obj, const char *key)
{
	return json_is_true(json_object_get(obj, key));
}

/* "naming": {"pattern": "PREFIX{major}-{base_image}-{plugin}", "example":
 * a valid name}. The parts are what the name validator knows how to read;
 * the prefix and the example are the template's. */
static enum ct_status get_naming(const struct loader *ld, json_t *root, struct template *t)
{
	static const char parts[] = "{major}-{base_image}-{plugin}";
	json_t *nm = json_object_get(root, "naming");
	if (!json_is_object(nm))
		return bad(ld, locate(ld, "naming", 1),
			   _("a template needs a \"naming\" object with \"pattern\" and \"example\""));
	char *pattern = NULL;
	enum ct_status st;
	if ((st = get_string(ld, nm, "pattern", true, "naming", &pattern)) ||
	    (st = get_string(ld, nm, "example", true, "naming", &t->name_example)))
		goto out;
	const char *tail = strstr(pattern, "{major}");
	size_t plen = tail ? (size_t)(tail - pattern) : 0;
	bool prefix_ok = plen > 0;
	for (size_t i = 0; i < plen; i++)
		if (!((pattern[i] >= 'a' && pattern[i] <= 'z') || (pattern[i] >= '0' && pattern[i] <= '9')))
			prefix_ok = false;
	if (!tail || strcmp(tail, parts) != 0 || !prefix_ok) {
		st = bad(ld, locate(ld, "pattern", 1),
			 _("\"pattern\" of naming must be lowercase letters or digits followed by %s, such as \"rhosp{major}-{base_image}-{plugin}\""),
			 parts);
		goto out;
	}
	t->name_prefix = xstrndup(pattern, plen);
out:
	free(pattern);
	return st;
}

static const struct {
	const char *name;
	enum field_type type;
} field_types[] = {
	{"text", FT_TEXT},   {"choice", FT_CHOICE}, {"multi_choice", FT_MULTI_CHOICE},
	{"bool", FT_BOOL},   {"email", FT_EMAIL},   {"url", FT_URL},
};

const char *field_type_name(enum field_type t)
{
	for (size_t i = 0; i < ARRAY_SIZE(field_types); i++)
		if (field_types[i].type == t)
			return field_types[i].name;
	return "text";
}

int template_field_index(const struct template *t, const char *key)
{
	for (size_t i = 0; i < t->n_fields; i++)
		if (strcmp(t->fields[i].key, key) == 0)
			return (int)i;
	return -1;
}

int template_item_index(const struct template *t, const char *key)
{
	for (size_t i = 0; i < t->n_items; i++)
		if (strcmp(t->items[i].key, key) == 0)
			return (int)i;
	return -1;
}

static enum ct_status load_field(const struct loader *ld, json_t *j, size_t idx,
				 struct template *t)
{
	struct tpl_field *f = &t->fields[idx];
	enum ct_status st;
	char where[64];
	snprintf(where, sizeof(where), "field %zu", idx + 1);
	if (!json_is_object(j))
		return bad(ld, 0, _("%s must be an object"), where);
	if ((st = get_string(ld, j, "key", true, "fields", &f->key)))
		return st;
	for (size_t k = 0; k < idx; k++)
		if (strcmp(t->fields[k].key, f->key) == 0)
			return bad(ld, locate_key(ld, f->key, 2),
				   _("duplicate field key \"%s\"; each key must be unique"), f->key);
	if ((st = get_string(ld, j, "title", true, f->key, &f->title)) ||
	    (st = get_string(ld, j, "group", true, f->key, &f->group)) ||
	    (st = get_string(ld, j, "help", true, f->key, &f->help)) ||
	    (st = get_string(ld, j, "default", false, f->key, &f->def)))
		return st;
	bool group_ok = false;
	for (size_t g = 0; g < t->n_groups; g++)
		if (strcmp(t->groups[g].key, f->group) == 0)
			group_ok = true;
	if (!group_ok)
		return bad(ld, locate_key(ld, f->key, 1),
			   _("field \"%s\" names group \"%s\", which is not in \"groups\""),
			   f->key, f->group);
	char *type = NULL;
	if ((st = get_string(ld, j, "type", true, f->key, &type)))
		return st;
	bool type_ok = false;
	for (size_t i = 0; i < ARRAY_SIZE(field_types); i++)
		if (strcmp(type, field_types[i].name) == 0) {
			f->type = field_types[i].type;
			type_ok = true;
		}
	if (!type_ok) {
		st = bad(ld, locate_key(ld, f->key, 1),
			 _("field \"%s\" has unknown type \"%s\"; use text, choice, multi_choice, bool, email or url"),
			 f->key, type);
		free(type);
		return st;
	}
	free(type);
	f->required = get_bool(j, "required");
	f->creation = get_bool(j, "creation");
	if ((st = get_strings(ld, j, "choices", f->key, &f->choices, &f->n_choices)))
		return st;
	if ((f->type == FT_CHOICE || f->type == FT_MULTI_CHOICE) && f->n_choices == 0)
		return bad(ld, locate_key(ld, f->key, 1),
			   _("field \"%s\" is a choice but has no \"choices\""), f->key);
	char **names = NULL;
	size_t n = 0;
	if ((st = get_strings(ld, j, "validators", f->key, &names, &n)))
		return st;
	f->validators = xcalloc(n ? n : 1, sizeof(*f->validators));
	for (size_t i = 0; i < n; i++) {
		const struct validator *v = validator_find(names[i]);
		if (!v) {
			st = bad(ld, locate(ld, names[i], 1),
				 _("field \"%s\" names unknown validator \"%s\""), f->key, names[i]);
			for (size_t k = i; k < n; k++)
				free(names[k]);
			free(names);
			return st;
		}
		f->validators[f->n_validators++] = v;
		free(names[i]);
	}
	free(names);
	return CT_OK;
}

static int field_idx_or_bad(const struct loader *ld, const struct template *t,
			    const char *key, const char *where, enum ct_status *st)
{
	int i = template_field_index(t, key);
	if (i < 0)
		*st = bad(ld, locate(ld, key, 1),
			  _("%s requires unknown field \"%s\""), where, key);
	return i;
}

static enum ct_status load_req(const struct loader *ld, json_t *j, const char *where,
			       size_t self, const struct template *t, struct tpl_req *r,
			       json_t *items)
{
	enum ct_status st = CT_OK;
	if (!json_is_object(j) || json_object_size(j) != 1)
		return bad(ld, locate(ld, where, 1),
			   _("each requirement of %s must be an object with one key"), where);
	const char *kind = json_object_iter_key(json_object_iter(j));
	json_t *v = json_object_iter_value(json_object_iter(j));
	if (strcmp(kind, "item") == 0) {
		r->kind = REQ_ITEM;
		const char *key = json_string_value(v);
		if (!key)
			return bad(ld, locate(ld, where, 1), _("\"item\" of %s must be a string"), where);
		/* Items are checked against the whole list, not only earlier ones:
		 * a forward reference is fine, a cycle is not (checked later). */
		size_t n = json_array_size(items);
		bool found = false;
		for (size_t i = 0; i < n; i++) {
			const char *k = json_string_value(json_object_get(json_array_get(items, i), "key"));
			if (k && strcmp(k, key) == 0) {
				r->item = i;
				found = true;
			}
		}
		if (!found)
			return bad(ld, locate(ld, key, 1),
				   _("%s requires item \"%s\", which does not exist"), where, key);
		if (r->item == self)
			return bad(ld, locate(ld, key, 2), _("%s requires itself"), where);
	} else if (strcmp(kind, "fields_valid") == 0) {
		r->kind = REQ_FIELDS_VALID;
		if (!json_is_array(v) || json_array_size(v) == 0)
			return bad(ld, locate(ld, where, 1),
				   _("\"fields_valid\" of %s must be a non-empty array"), where);
		r->fields = xcalloc(json_array_size(v), sizeof(size_t));
		for (size_t i = 0; i < json_array_size(v); i++) {
			const char *key = json_string_value(json_array_get(v, i));
			if (!key)
				return bad(ld, locate(ld, where, 1),
					   _("\"fields_valid\" of %s must list field keys"), where);
			int fi = field_idx_or_bad(ld, t, key, where, &st);
			if (fi < 0)
				return st;
			r->fields[r->n_fields++] = (size_t)fi;
		}
	} else if (strcmp(kind, "field_equals") == 0) {
		r->kind = REQ_FIELD_EQUALS;
		const char *key = json_string_value(json_object_get(v, "field"));
		const char *val = json_string_value(json_object_get(v, "value"));
		if (!key || !val)
			return bad(ld, locate(ld, where, 1),
				   _("\"field_equals\" of %s needs \"field\" and \"value\""), where);
		int fi = field_idx_or_bad(ld, t, key, where, &st);
		if (fi < 0)
			return st;
		r->field = (size_t)fi;
		r->value = xstrdup(val);
	} else if (strcmp(kind, "collateral") == 0) {
		r->kind = REQ_COLLATERAL;
		json_t *min = json_object_get(v, "min");
		if (!json_is_integer(min) || json_integer_value(min) < 0)
			return bad(ld, locate(ld, where, 1),
				   _("\"collateral\" of %s needs a whole number \"min\""), where);
		r->min = (unsigned)json_integer_value(min);
		const char *type = json_string_value(json_object_get(v, "type"));
		if (type) {
			bool known = false;
			for (size_t i = 0; i < t->n_collateral_types; i++)
				if (strcmp(t->collateral_types[i], type) == 0)
					known = true;
			if (!known)
				return bad(ld, locate(ld, type, 1),
					   _("%s names collateral type \"%s\", which is not in \"collateral_types\""),
					   where, type);
			r->type = xstrdup(type);
			r->type_min = (unsigned)json_integer_value(json_object_get(v, "type_min"));
		}
	} else if (strcmp(kind, "items_before") == 0) {
		r->kind = REQ_ITEMS_BEFORE;
	} else if (strcmp(kind, "prescan_passed") == 0) {
		r->kind = REQ_PRESCAN_PASSED;
	} else if (strcmp(kind, "build_succeeded") == 0) {
		r->kind = REQ_BUILD_SUCCEEDED;
	} else if (strcmp(kind, "scan_passed") == 0) {
		r->kind = REQ_SCAN_PASSED;
	} else if (strcmp(kind, "published") == 0) {
		r->kind = REQ_PUBLISHED;
	} else {
		return bad(ld, locate(ld, kind, 1),
			   _("%s has unknown requirement \"%s\"; use item, fields_valid, field_equals, collateral, items_before, prescan_passed, build_succeeded, scan_passed or published"),
			   where, kind);
	}
	return CT_OK;
}

static enum ct_status load_reqs(const struct loader *ld, json_t *obj, const char *where,
				size_t self, const struct template *t, json_t *items,
				struct tpl_req **out, size_t *n)
{
	json_t *arr = json_object_get(obj, "requires");
	*out = NULL;
	*n = 0;
	if (!arr)
		return CT_OK;
	if (!json_is_array(arr))
		return bad(ld, locate(ld, where, 1), _("\"requires\" of %s must be an array"), where);
	*out = xcalloc(json_array_size(arr) + 1, sizeof(**out));
	for (size_t i = 0; i < json_array_size(arr); i++) {
		enum ct_status st = load_req(ld, json_array_get(arr, i), where, self, t,
					     &(*out)[i], items);
		(*n)++;
		if (st)
			return st;
	}
	return CT_OK;
}

/* Depth-first search for a cycle through REQ_ITEM edges. */
static int find_cycle(const struct template *t, size_t i, char *state)
{
	if (state[i] == 1)
		return (int)i;
	if (state[i] == 2)
		return -1;
	state[i] = 1;
	for (size_t r = 0; r < t->items[i].n_reqs; r++) {
		const struct tpl_req *req = &t->items[i].reqs[r];
		if (req->kind != REQ_ITEM)
			continue;
		int c = find_cycle(t, req->item, state);
		if (c >= 0)
			return c;
	}
	state[i] = 2;
	return -1;
}

static enum ct_status load(struct loader *ld, struct template *t)
{
	json_error_t jerr;
	enum ct_status st;
	json_t *root = json_loads(ld->text, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return bad(ld, jerr.line, _("not valid JSON: %s"), jerr.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return bad(ld, 1, _("a template must be a JSON object"));
	}
	json_t *fmt = json_object_get(root, "format");
	if (!json_is_integer(fmt) || json_integer_value(fmt) != TEMPLATE_FORMAT) {
		json_decref(root);
		return bad(ld, locate(ld, "format", 1),
			   _("unsupported template \"format\"; this certtrack reads format %d"),
			   TEMPLATE_FORMAT);
	}
	if ((st = get_string(ld, root, "id", true, "template", &t->id)) ||
	    (st = get_string(ld, root, "title", true, "template", &t->title)) ||
	    (st = get_string(ld, root, "product_version", true, "template", &t->product_version)) ||
	    (st = get_string(ld, root, "registry_host", true, "template", &t->registry_host)) ||
	    (st = get_strings(ld, root, "base_images", "template", &t->base_images, &t->n_base_images)) ||
	    (st = get_strings(ld, root, "collateral_types", "template", &t->collateral_types,
			      &t->n_collateral_types)) ||
	    (st = load_prescan(ld, root, t)))
		goto out;

	if ((st = get_naming(ld, root, t)))
		goto out;
	t->is_default = get_bool(root, "default");

	json_t *groups = json_object_get(root, "groups");
	json_t *fields = json_object_get(root, "fields");
	json_t *items = json_object_get(root, "items");
	json_t *rules = json_object_get(root, "rules");
	if (!json_is_array(groups) || !json_is_array(fields) || !json_is_array(items) ||
	    json_array_size(fields) == 0 || json_array_size(items) == 0) {
		st = bad(ld, 0, _("a template needs non-empty \"groups\", \"fields\" and \"items\" arrays"));
		goto out;
	}
	t->groups = xcalloc(json_array_size(groups) + 1, sizeof(*t->groups));
	for (size_t i = 0; i < json_array_size(groups); i++) {
		json_t *g = json_array_get(groups, i);
		struct tpl_group *tg = &t->groups[t->n_groups++];
		if ((st = get_string(ld, g, "key", true, "groups", &tg->key)) ||
		    (st = get_string(ld, g, "title", true, tg->key, &tg->title)))
			goto out;
	}
	t->fields = xcalloc(json_array_size(fields), sizeof(*t->fields));
	for (size_t i = 0; i < json_array_size(fields); i++) {
		t->n_fields++;
		if ((st = load_field(ld, json_array_get(fields, i), i, t)))
			goto out;
	}
	t->items = xcalloc(json_array_size(items), sizeof(*t->items));
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *j = json_array_get(items, i);
		struct tpl_item *it = &t->items[t->n_items++];
		if (!json_is_object(j)) {
			st = bad(ld, 0, _("item %zu must be an object"), i + 1);
			goto out;
		}
		if ((st = get_string(ld, j, "key", true, "items", &it->key)))
			goto out;
		for (size_t k = 0; k < i; k++)
			if (strcmp(t->items[k].key, it->key) == 0) {
				st = bad(ld, locate_key(ld, it->key, 2),
					 _("duplicate item key \"%s\"; each key must be unique"), it->key);
				goto out;
			}
		if ((st = get_string(ld, j, "title", true, it->key, &it->title)) ||
		    (st = get_string(ld, j, "section", false, it->key, &it->section)) ||
		    (st = get_string(ld, j, "help", true, it->key, &it->help)))
			goto out;
	}
	for (size_t i = 0; i < t->n_items; i++) {
		struct tpl_item *it = &t->items[i];
		char *where = xasprintf(_("item \"%s\""), it->key);
		st = load_reqs(ld, json_array_get(items, i), where, i, t, items, &it->reqs, &it->n_reqs);
		free(where);
		if (st)
			goto out;
	}
	char *state = xcalloc(t->n_items, 1);
	for (size_t i = 0; i < t->n_items; i++) {
		int c = find_cycle(t, i, state);
		if (c >= 0) {
			free(state);
			st = bad(ld, locate_key(ld, t->items[c].key, 1),
				 _("item \"%s\" is part of a requirement cycle; an item cannot require itself through others"),
				 t->items[c].key);
			goto out;
		}
	}
	free(state);
	if (rules && !json_is_array(rules)) {
		st = bad(ld, locate(ld, "rules", 1), _("\"rules\" must be an array"));
		goto out;
	}
	t->rules = xcalloc(json_array_size(rules) + 1, sizeof(*t->rules));
	for (size_t i = 0; i < json_array_size(rules); i++) {
		json_t *j = json_array_get(rules, i);
		struct tpl_rule *r = &t->rules[t->n_rules++];
		char *field = NULL;
		if ((st = get_string(ld, j, "key", true, "rules", &r->key)) ||
		    (st = get_string(ld, j, "field", true, r->key, &field)))
			goto out;
		int fi = field_idx_or_bad(ld, t, field, r->key, &st);
		free(field);
		if (fi < 0)
			goto out;
		r->field = (size_t)fi;
		if ((st = get_string(ld, j, "equals", true, r->key, &r->equals)) ||
		    (st = get_string(ld, j, "message", true, r->key, &r->message)) ||
		    (st = get_string(ld, j, "fix", false, r->key, &r->fix)) ||
		    (st = load_reqs(ld, j, r->key, (size_t)-1, t, items, &r->reqs, &r->n_reqs)))
			goto out;
	}
	st = CT_OK;
out:
	json_decref(root);
	return st;
}

enum ct_status template_load_file(const char *path, struct template **out,
				  struct ct_error *err)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return ct_fail(err, CT_DATA, _("%s: cannot read template: %s"), path, strerror(errno));
	struct stat fst;
	bool stamped = fstat(fileno(f), &fst) == 0 && S_ISREG(fst.st_mode);
	struct template *t = stamped ? template_cache_get(path, &fst) : NULL;
	if (t) {
		fclose(f);
		*out = t;
		return CT_OK;
	}
	struct strbuf sb = {0};
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		sb_addn(&sb, buf, n);
		if (sb.len > TEMPLATE_MAX_SIZE) {
			fclose(f);
			sb_free(&sb);
			return ct_fail(err, CT_DATA, _("%s: template larger than %d bytes"), path,
				       TEMPLATE_MAX_SIZE);
		}
	}
	bool ioerr = ferror(f);
	fclose(f);
	if (ioerr) {
		sb_free(&sb);
		return ct_fail(err, CT_DATA, _("%s: cannot read template"), path);
	}
	struct loader ld = {.path = path, .text = sb_detach(&sb), .err = err};
	t = xcalloc(1, sizeof(*t));
	t->path = xstrdup(path);
	enum ct_status st = load(&ld, t);
	/* A file changed in the last seconds may change again within the
	 * same tick of its modification time, unseen: kept only once it has
	 * settled (git's "racy" entries). */
	if (!st && stamped && time(NULL) - fst.st_mtim.tv_sec >= 2)
		template_cache_put(path, &fst, t);
	free(ld.text);
	if (st) {
		template_free(t);
		return st;
	}
	*out = t;
	return CT_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum ct_status template_set_load(const char *const *dirs, size_t n_dirs,
				 struct template_set *out, struct ct_error *err)
{
	memset(out, 0, sizeof(*out));
	for (size_t d = 0; d < n_dirs; d++) {
		DIR *dir = opendir(dirs[d]);
		if (!dir) {
			if (errno == ENOENT)
				continue;
			template_set_free(out);
			return ct_fail(err, CT_DATA, _("%s: cannot read template folder: %s"),
				       dirs[d], strerror(errno));
		}
		struct strlist names = {0};
		struct dirent *de;
		while ((de = readdir(dir)))
			if (de->d_name[0] != '.' && str_ends_with(de->d_name, ".json"))
				strlist_add(&names, de->d_name);
		closedir(dir);
		qsort(names.v, names.n, sizeof(char *), cmp_str);
		for (size_t i = 0; i < names.n; i++) {
			char *path = xasprintf("%s/%s", dirs[d], names.v[i]);
			struct template *t;
			enum ct_status st = template_load_file(path, &t, err);
			free(path);
			if (st) {
				strlist_free(&names);
				template_set_free(out);
				return st;
			}
			if (template_set_find(out, t->id)) {
				template_free(t);
				continue;
			}
			out->v = xreallocarray(out->v, out->n + 1, sizeof(*out->v));
			out->v[out->n++] = t;
		}
		strlist_free(&names);
	}
	if (out->n == 0)
		return ct_fail(err, CT_DATA,
			       _("no checklist template found; install certtrack or give the folder with --templates"));
	return CT_OK;
}

const struct template *template_set_find(const struct template_set *set, const char *id)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i]->id, id) == 0)
			return set->v[i];
	return NULL;
}

const struct template *template_set_default(const struct template_set *set, const char *id,
					    struct ct_error *err)
{
	if (id && *id) {
		const struct template *t = template_set_find(set, id);
		if (!t)
			ct_fail(err, CT_USAGE, _("unknown template \"%s\"; 'certtrack templates' lists them"),
				id);
		return t;
	}
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i]->is_default)
			return set->v[i];
	if (set->n == 1)
		return set->v[0];
	if (!set->n) {
		ct_fail(err, CT_DATA, _("no template is installed; reinstall certtrack or give a folder with --templates"));
		return NULL;
	}
	struct strbuf ids = {0};
	for (size_t i = 0; i < set->n; i++)
		sb_addf(&ids, "%s%s", i ? ", " : "", set->v[i]->id);
	ct_fail(err, CT_USAGE,
		_("several templates could be meant (%s); choose one with --template ID or a line \"set template ID\" in the config file"),
		sb_str(&ids));
	sb_free(&ids);
	return NULL;
}

char *template_base_image(const struct template *t, const char *project_name)
{
	const struct prescan_rules *r = &t->prescan;
	if (!r->base_repository || !t->n_base_images)
		return NULL;
	struct validate_ctx ctx = {0};
	template_validate_ctx(t, &ctx);
	struct name_parts np;
	memset(&np, 0, sizeof(np));
	if (project_name)
		name_split(&ctx, project_name, &np);
	const char *base = np.base_known ? np.base_image : t->base_images[0];
	char *ref = r->base_tag ? xasprintf("%s/%s:%s", r->base_repository, base, r->base_tag)
				: xasprintf("%s/%s", r->base_repository, base);
	name_parts_free(&np);
	return ref;
}

void template_validate_ctx(const struct template *t, struct validate_ctx *ctx)
{
	ctx->base_images = (const char *const *)t->base_images;
	ctx->n_base_images = t->n_base_images;
	ctx->default_product_version = t->product_version;
	ctx->name_prefix = t->name_prefix;
	ctx->name_example = t->name_example;
}

