/* records.h - what happened outside certtrack, recorded with a project:
 * Dockerfile pre-scans, builds (7.5), scans (7.5, 7.6) and publication
 * (7.7). The items image_built, scan_passed and published follow them. */
#ifndef CERTTRACK_RECORDS_H
#define CERTTRACK_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/problem.h"
#include "certtrack/project.h"
#include "certtrack/status.h"

struct ops_ctx;

enum build_result { BUILD_RUNNING, BUILD_SUCCEEDED, BUILD_FAILED };
/* "running", "succeeded", "failed": stable. */
const char *build_result_name(enum build_result r);

struct scan_result {
	char *policy;  /* has_licenses, ..., or any name the portal reports */
	char *status;  /* "pass", "fail", "warn", "error" */
	char *message;
	char *fix;     /* remediation text */
	char *url;     /* knowledge base / policy guide link */
	/* as preflight reports them; NULL when not given (manual results) */
	char *description; /* what the check checks */
	char *help;        /* preflight's help text of the check */
	char *check_url;   /* the check's documentation */
	long long elapsed_ms;
	bool has_elapsed;  /* elapsed_ms is known */
};

struct scan_record {
	long long id;
	long long build_id;
	char *at;
	char *user;
	bool passed;
	char *source; /* "manual" or "preflight" */
	struct scan_result *results;
	size_t n_results;
	/* what preflight says it tested; NULL when not known */
	char *image;              /* the image reference tested */
	char *tool_name;          /* test_library.name (github.com/redhat-openshift-ecosystem/openshift-preflight) */
	char *tool_version;       /* test_library.version */
	char *tool_commit;        /* test_library.commit */
	char *certification_hash; /* certification_hash */
};

struct build_record {
	long long id;
	char *tag;
	char *build_ref; /* the portal's Build ID */
	char *started_at;
	char *finished_at;
	enum build_result result;
	char *note;
	char *user;
};

struct prescan_record {
	long long id;
	char *at;
	char *user;
	char *file;
	char *digest;
	bool passed;
	char *results; /* the lint JSON document */
};

void scan_results_free(struct scan_result *v, size_t n);
void scan_records_free(struct scan_record *v, size_t n);
/* Frees what one scan_record holds and zeroes it. */
void scan_record_clear(struct scan_record *r);
void build_records_free(struct build_record *v, size_t n);
void prescan_records_free(struct prescan_record *v, size_t n);

/* <registry host>/<namespace>/<outbound repository>:<tag>; parts not set
 * yet are shown as <namespace> and so on. */
char *records_image_ref(const struct project *p, const char *tag);

/* The project's Dockerfile and build context: source_path (a local
 * checkout) + context_dir + dockerfile (default "Dockerfile"). False when
 * source_path is not set. */
bool records_dockerfile_path(const struct project *p, char **path, char **context);

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
