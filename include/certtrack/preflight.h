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
/* The same, keeping what the file says beside the results: the image
 * tested, test_library (name, version, commit), certification_hash, and
 * each check's description, help, elapsed_time and check_url. Free with
 * scan_record_clear. */
enum ct_status preflight_load_record(const char *path, struct scan_record *rec, bool *passed,
				     struct ct_error *err);

#endif
