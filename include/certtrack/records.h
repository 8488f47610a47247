/* records.h - recording what happened outside certtrack with a project:
 * Dockerfile pre-scans, builds (7.5), scans (7.5, 7.6) and publication
 * (7.7), as commands. The items image_built, scan_passed and published
 * follow them. The record types are in model.h. */
#ifndef CERTTRACK_RECORDS_H
#define CERTTRACK_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/model.h"
#include "certtrack/problem.h"
#include "certtrack/project.h"
#include "certtrack/status.h"

struct ops_ctx;

/* Stores a pre-scan of the project's Dockerfile. */
enum ct_status ops_prescan_record(struct ops_ctx *c, const char *ref, const char *file,
				  const char *digest, bool passed, const char *results_json,
				  struct ct_error *err);
/* Starts a build with tag (validated: errors refuse, warnings in probs). */
enum ct_status ops_build_start(struct ops_ctx *c, const char *ref, const char *tag,
			       const char *build_ref, const char *note, long long *id,
			       struct problems *probs, struct ct_error *err);
/* Finishes the latest running build. */
enum ct_status ops_build_finish(struct ops_ctx *c, const char *ref, bool failed,
				const char *build_ref, const char *note, struct ct_error *err);
/* Records a scan of the latest build (it must be finished and succeeded). */
/* meta, if not NULL, gives the image and test library of an imported
 * file; when its image is not the project's latest build (registry path
 * and tag), the scan is refused with CT_FAILED naming both unless force.
 * *mismatch, if not NULL, is set when they differ (forced or not). */
enum ct_status ops_scan_record_meta(struct ops_ctx *c, const char *ref, const char *source,
				    const struct scan_record *meta, bool force,
				    const struct scan_result *results, size_t n, bool *passed,
				    bool *mismatch, struct ct_error *err);
enum ct_status ops_scan_record(struct ops_ctx *c, const char *ref, const char *source,
			       const struct scan_result *results, size_t n, bool *passed,
			       struct ct_error *err);
/* Publishes (refused unless the latest build's scan passed) or unpublishes. */
enum ct_status ops_publish(struct ops_ctx *c, const char *ref, bool publish,
			   struct ct_error *err);

/* Reading. Newest first. */
enum ct_status records_builds(struct ops_ctx *c, const struct project *p,
			      struct build_record **v, size_t *n, struct ct_error *err);
enum ct_status records_scans(struct ops_ctx *c, long long build_id, struct scan_record **v,
			     size_t *n, struct ct_error *err);
enum ct_status records_prescans(struct ops_ctx *c, const struct project *p, long long limit,
				struct prescan_record **v, size_t *n, struct ct_error *err);

#endif
