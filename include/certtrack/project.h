/* project.h - one partner image being certified, as loaded in memory:
 * field values, item states, collateral, and the records the gates read. */
#ifndef CERTTRACK_PROJECT_H
#define CERTTRACK_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/template.h"

enum item_status {
	ITEM_TODO,
	ITEM_IN_PROGRESS,
	ITEM_DONE,
	ITEM_BLOCKED,
	ITEM_NA,
};

/* "todo", "in-progress", "done", "blocked", "n/a": stable, never translated. */
const char *item_status_name(enum item_status s);
/* Translated label for people. */
const char *item_status_label(enum item_status s);
/* Accepts the stable names (and "in_progress", "na"); false when unknown. */
bool item_status_parse(const char *s, enum item_status *out);

struct field_value {
	char *value;      /* NULL when unset */
	char *updated_at; /* UTC ISO 8601 */
	char *updated_by;
};

struct item_state {
	enum item_status status;
	char *note;
	char *reason;        /* why blocked or n/a */
	char *forced_reason; /* set when done was forced past an unmet requirement */
	char *updated_at;
	char *updated_by;
};

struct collateral {
	long long id;
	char *title;
	char *type;
	char *location;
	char *added_at;
	char *added_by;
};

/* What the records of builds, scans, pre-scans and publication say, for the
 * requirement engine. */
enum record_state {
	REC_NONE = -1,
	REC_FAILED = 0,
	REC_PASSED = 1,
	REC_RUNNING = 2,
};

struct project {
	long long id;
	char uuid[37];
	char *name;
	char *template_id;
	const struct template *tpl;
	char *owner;
	char *created_at;
	char *updated_at;
	struct field_value *fields; /* tpl->n_fields, in template order */
	struct item_state *items;   /* tpl->n_items */
	struct collateral *collateral;
	size_t n_collateral;
	enum record_state prescan;  /* the latest pre-scan */
	enum record_state build;    /* the latest build */
	enum record_state scan;     /* the latest build's latest scan */
	bool published;
};

/* A fresh project of template tpl: defaults filled, every item todo. */
struct project *project_new(const struct template *tpl, const char *name);
void project_free(struct project *p);

/* Value of a field by key; NULL when unset or unknown. project_name reads
 * the project's name. */
const char *project_value(const struct project *p, const char *key);
/* The same for the template's field number field, without the search. */
const char *project_field_value(const struct project *p, size_t field);

#endif
