/* template.h - checklist templates: fields, items, requirements and rules
 * loaded from JSON files under checklists/, checked for consistency. */
#ifndef CERTTRACK_TEMPLATE_H
#define CERTTRACK_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/prescan.h"
#include "certtrack/status.h"
#include "certtrack/validate.h"

enum field_type {
	FT_TEXT,
	FT_CHOICE,
	FT_MULTI_CHOICE,
	FT_BOOL,
	FT_EMAIL,
	FT_URL,
};

enum req_kind {
	REQ_ITEM,            /* another item is done (or n/a) */
	REQ_FIELDS_VALID,    /* fields set and free of errors */
	REQ_FIELD_EQUALS,    /* a field has a given value */
	REQ_COLLATERAL,      /* enough collateral, enough of one type */
	REQ_ITEMS_BEFORE,    /* every item listed before this one is done */
	REQ_PRESCAN_PASSED,  /* the latest Dockerfile pre-scan passed */
	REQ_BUILD_SUCCEEDED, /* a successful build is recorded */
	REQ_SCAN_PASSED,     /* a scan of the latest build with no failed policy */
	REQ_PUBLISHED,       /* the image is published */
};

struct tpl_req {
	enum req_kind kind;
	size_t item;      /* REQ_ITEM: item index */
	size_t *fields;   /* REQ_FIELDS_VALID: field indexes */
	size_t n_fields;
	size_t field;     /* REQ_FIELD_EQUALS */
	char *value;      /* REQ_FIELD_EQUALS */
	unsigned min;     /* REQ_COLLATERAL: at least this many */
	char *type;       /* REQ_COLLATERAL: of which at least type_min of type */
	unsigned type_min;
};

struct tpl_field {
	char *key;
	char *title;
	char *group;
	char *help;
	char *def;       /* default value or NULL */
	enum field_type type;
	bool required;   /* must never be empty */
	bool creation;   /* asked by the new-project wizard, in order */
	char **choices;
	size_t n_choices;
	const struct validator **validators;
	size_t n_validators;
};

struct tpl_item {
	char *key;
	char *title;
	char *section;
	char *help;
	struct tpl_req *reqs;
	size_t n_reqs;
};

/* A condition on a field value that needs requirements (e.g. Generally
 * Available needs api_testing done). */
struct tpl_rule {
	char *key;
	size_t field;
	char *equals;
	struct tpl_req *reqs;
	size_t n_reqs;
	char *message;
	char *fix;
};

struct tpl_group {
	char *key;
	char *title;
};

struct template {
	char *path;
	char *id;
	char *title;
	char *product_version;
	char *registry_host;
	char **base_images;
	size_t n_base_images;
	char **collateral_types;
	size_t n_collateral_types;
	struct tpl_group *groups;
	size_t n_groups;
	struct tpl_field *fields;
	size_t n_fields;
	struct tpl_item *items;
	size_t n_items;
	struct tpl_rule *rules;
	size_t n_rules;
	struct prescan_rules prescan; /* the "prescan" object's lists */
	bool has_prescan;             /* the template has one */
	bool prescan_default;         /* "prescan": {"default": true}: the
				       * template a bare `lint PATH` uses */
};

struct template_set {
	struct template **v;
	size_t n;
};

/* Loads and checks one template file. A malformed or inconsistent file is
 * CT_DATA with "FILE:LINE: reason" in err. */
enum ct_status template_load_file(const char *path, struct template **out,
				  struct ct_error *err);
/* Loads every *.json of each folder in order; an id found twice keeps the
 * first (so earlier folders override later ones). Missing folders are
 * skipped; an unreadable or broken file is an error. */
enum ct_status template_set_load(const char *const *dirs, size_t n_dirs,
				 struct template_set *out, struct ct_error *err);
const struct template *template_set_find(const struct template_set *set,
					 const char *id);
void template_free(struct template *t);
void template_set_free(struct template_set *set);

/* -1 when absent. */
int template_field_index(const struct template *t, const char *key);
int template_item_index(const struct template *t, const char *key);
const char *field_type_name(enum field_type t);

#endif
