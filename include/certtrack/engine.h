/* engine.h - what the rules say about a loaded project: field problems,
 * requirement states, progress, the next action and the problem list. Pure
 * functions of a struct project; no I/O. */
#ifndef CERTTRACK_ENGINE_H
#define CERTTRACK_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/problem.h"
#include "certtrack/project.h"

/* Validation context for the project's fields (lookup reads p). */
void engine_validate_ctx(const struct project *p, struct validate_ctx *ctx);

/* Problems of one field's value (validators and "required"); value NULL
 * means the project's current value. */
void engine_field_problems(const struct project *p, size_t field, const char *value,
			   struct problems *out);
bool engine_field_valid(const struct project *p, size_t field);

/* One requirement of an item: met or not, and a sentence saying what it
 * asks (translated), e.g. "zone_access is done". */
struct req_check {
	const struct tpl_req *req;
	bool met;
	char *text;
};
/* Checks every requirement of item; returns true when all are met. The
 * checks array (may be NULL) receives one entry per requirement. */
bool engine_item_requirements(const struct project *p, size_t item,
			      struct req_check **checks, size_t *n);
void req_checks_free(struct req_check *v, size_t n);
/* Appends an error per unmet requirement of item (rule "requirement"). */
void engine_unmet(const struct project *p, size_t item, struct problems *out);

/* done / applicable items (n/a items are not counted). */
void engine_progress(const struct project *p, int *done, int *total);
/* Marks in broken (one per item) every done item that stands on a broken
 * requirement: one of its own is no longer met, or an item it requires
 * stands on one. Forced items are not marked (they have their own
 * warning). Returns how many are marked. */
size_t engine_broken(const struct project *p, bool *broken);
/* Progress as above, and how many of the done items stand on a broken
 * requirement: "19/21 done, 3 on a broken requirement". */
void engine_progress_ex(const struct project *p, int *done, int *total, int *broken);
/* The done items that would newly stand on a broken requirement if item
 * were set to status to (to name them before an item is undone); *out
 * (freed by the caller) receives their indexes. */
size_t engine_dependants_if(const struct project *p, size_t item, enum item_status to,
			    size_t **out);
/* The first item that is not done and can be acted on now; else the first
 * not done; -1 when everything is done or n/a. */
int engine_next_action(const struct project *p);
/* The first item not yet done whose requirements need field set and
 * valid; -1 when none does. */
int engine_field_needed_by(const struct project *p, size_t field);
/* How many fields are empty although an item not yet done needs them. */
size_t engine_fields_to_fill(const struct project *p);
/* The item can be done now: not blocked, every requirement met. */
bool engine_item_actionable(const struct project *p, size_t item);
/* Everything wrong with the project: field errors and warnings, required
 * fields left empty, rules (Generally Available needs api_testing), done
 * items whose requirements are no longer met, forced and blocked items. */
void engine_problems(const struct project *p, struct problems *out);
/* Rules that the value would break if field were set to it. */
void engine_rule_problems(const struct project *p, size_t field, const char *value,
			  struct problems *out);

/* Normalises a value by field type (bool → true/false, lists trimmed);
 * returns a new string. */
char *engine_normalize(const struct tpl_field *f, const char *value);

/* A yes/no field that has the key of an item (plugin_status_confirmed) is
 * that item's state: true exactly when the item is done. The item's
 * index, or -1 for any other field. */
int engine_field_item(const struct template *t, size_t field);
/* The field an item's state is mirrored in, or -1. */
int engine_item_field(const struct template *t, size_t item);

/* Collateral counts for the 3 / 1-document rule. */
void engine_collateral_counts(const struct project *p, const char *type, unsigned *all,
			      unsigned *of_type);

#endif
