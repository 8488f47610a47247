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
	/* Project names: name_prefix{major}-{base image}-{plugin} ("rhosp"),
	 * and a valid example for messages and help. */
	char *name_prefix;
	char *name_example;
	bool is_default; /* "default": true: used when none is chosen */
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
/* The template to use when a command names none: id when given (else
 * $CERTTRACK_TEMPLATE, else the config file's "set template ID"), else the
 * one marked "default", else the only one. CT_USAGE with the fix when id
 * is unknown or several could be meant. */
const struct template *template_set_default(const struct template_set *set, const char *id,
					    struct ct_error *err);
/* The Red Hat base image a pre-scan fix suggests: the template's
 * "base_image_repository" and "base_image_tag" with the base image of
 * project_name (when it names a known one; NULL or not: the template's
 * first). NULL when the template gives no repository. Caller frees. */
char *template_base_image(const struct template *t, const char *project_name);
/* Fills what the validators need of the template (validate.h); lookup
 * and choices are left to the caller. */
struct validate_ctx;
void template_validate_ctx(const struct template *t, struct validate_ctx *ctx);
void template_free(struct template *t);
void template_set_free(struct template_set *set);

/* -1 when absent. */
int template_field_index(const struct template *t, const char *key);
int template_item_index(const struct template *t, const char *key);
const char *field_type_name(enum field_type t);

#endif
