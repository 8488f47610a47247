/* preflight.h - reading the results.json of Red Hat's preflight tool into
 * scan results with the policy ids certtrack uses. */
#ifndef CERTTRACK_PREFLIGHT_H
#define CERTTRACK_PREFLIGHT_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/records.h"
#include "certtrack/status.h"

/* Reads path; a file that is not JSON or has another shape is CT_DATA with
 * the JSON path of the problem; unreadable is CT_SYSTEM. *passed is the
 * file's own verdict. */
enum ct_status preflight_load(const char *path, struct scan_result **v, size_t *n,
			      bool *passed, struct ct_error *err);
/* Policy id for a preflight check name: HasLicense -> has_licenses,
 * RunAsNonRoot -> runs_as_non_root, other names in snake_case. */
char *preflight_policy_id(const char *check);

#endif
