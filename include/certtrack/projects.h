/* projects.h - a project as the store holds it: found by name or UUID and
 * loaded with its template, and the summary row that the project list
 * reads, derived from it by the engine. Below the operations (ops.h,
 * records.h, verify.h) and the transaction that they share. */
#ifndef CERTTRACK_PROJECTS_H
#define CERTTRACK_PROJECTS_H

#include "certtrack/project.h"
#include "certtrack/status.h"
#include "certtrack/store.h"
#include "certtrack/template.h"

/* Loads a live project by name or UUID (CT_USAGE when unknown). */
enum ct_status projects_load(struct store *st, const struct template_set *set, const char *ref,
			     struct project **out, struct ct_error *err);

/* Recomputes the stored summary of a project (inside a transaction). */
enum ct_status projects_summary_write(struct store *st, const struct project *p,
				      struct ct_error *err);

#endif
