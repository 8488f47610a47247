/* prescan.h - the Dockerfile pre-scan (guide 7.3): a static check of a
 * Dockerfile and its build context against the policies the certification
 * scanner applies to the built image, run before a build. */
#ifndef CERTTRACK_PRESCAN_H
#define CERTTRACK_PRESCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/status.h"
#include "certtrack/util.h"

enum prescan_status {
	PRESCAN_PASS,
	PRESCAN_FAIL,
	PRESCAN_WARN,    /* should be fixed; does not fail the pre-scan */
	PRESCAN_UNKNOWN, /* cannot be decided statically (e.g. FROM $BASE without
			  * a default); does not fail the pre-scan */
};

/* The policies, in the product description's order: */
#define PRESCAN_NPOLICIES 10
/* based_on_red_hat_image, has_required_labels, has_licenses,
 * runs_as_non_root, has_no_prohibited_labels, has_no_prohibited_packages,
 * layer_count_acceptable, no_deprecated_maintainer, has_modified_files,
 * has_prohibited_container_name */

/* What the policies check against: product knowledge, read from the
 * template's "prescan" object (template.c; checklists/README.md), never
 * written in C. */
struct prescan_rules {
	char *preflight_release;            /* the preflight release the lists
					     * follow, or NULL (the guide's) */
	struct strlist required_labels;     /* missing or empty fails */
	struct strlist recommended_labels;  /* missing or empty warns */
	struct strlist prohibited_packages; /* exact package names */
	struct strlist prohibited_prefixes; /* any package starting so (kpatch) */
	struct strlist registries;          /* Red Hat registry hosts */
	struct strlist repository_paths;    /* Red Hat repository path patterns
					     * for the first component (fnmatch) */
	struct strlist package_owned_paths; /* folders the base image's packages
					     * own (fnmatch, "/lib*") */
	struct strlist not_package_owned;   /* folders below them that are not
					     * (/usr/local) */
	struct strlist prohibited_name_words; /* an image name must not contain
					       * them (any case) */
	char *base_repository; /* where the release's base images are
				* ("registry.redhat.io/rhosp-rhel8"), or NULL */
	char *base_tag;        /* their tag ("16.2"), or NULL */
};

void prescan_rules_free(struct prescan_rules *r);

/* What a run needs beyond the Dockerfile. */
struct prescan_options {
	const struct prescan_rules *rules; /* required */
	const char *image_name; /* the outbound repository / image name for
				 * has_prohibited_container_name; NULL:
				 * unknown */
	const char *base_image; /* the Red Hat base image a fix suggests
				 * (template_base_image()); NULL: none */
};

struct prescan_result {
	const char *policy;         /* stable id, never translated */
	const char *preflight;      /* the preflight check it matches
				     * (HasLicense ...), or NULL */
	enum prescan_status status;
	int line;                   /* 1-based line it concerns; 0 = none */
	char *message;              /* translated, names the line it concerns */
	char *fix;                  /* translated; NULL when nothing to fix */
};

struct prescan_report {
	char *file;      /* the Dockerfile, as found from the path given */
	char *context;   /* the build context folder */
	bool passed;     /* no result is fail and the file parsed; warn and
			  * unknown do not fail */
	char digest[65]; /* SHA-256 hex of the Dockerfile's bytes; "" if unread */
	struct prescan_result *results; /* PRESCAN_NPOLICIES of them, in order;
					 * none (n == 0) after CT_SYSTEM */
	size_t n;
	/* When the Dockerfile cannot be parsed (prescan_run returned CT_DATA):
	 * why, where and how to fix it; every result is then unknown. */
	char *error;     /* translated reason, or NULL */
	int error_line;  /* 1-based, 0 when it concerns the whole file */
	bool not_text;   /* the file is not a Dockerfile at all (binary,
			  * another encoding, too large) */
	char *error_fix; /* translated, or NULL */
	bool limit;      /* variables expand beyond the limits of dockerfile.h:
			  * a hostile file, a data error like not_text */
};

/* Pre-scans path: a Dockerfile, or a build context folder holding a
 * Dockerfile (else a Containerfile). context_dir is the build context;
 * NULL means the Dockerfile's folder. *out is always initialised and must
 * be freed with prescan_report_free, whatever the status.
 * Returns CT_OK when the policies ran (out->passed tells the outcome),
 * CT_DATA when the Dockerfile cannot be parsed (err->msg is
 * "FILE:LINE: reason", out->error and out->error_fix are set, passed is
 * false, every result unknown), CT_SYSTEM when it cannot be found or
 * read (err->msg says why; out->n is 0: nothing was checked). */
enum ct_status prescan_run(const char *path, const char *context_dir,
			   const struct prescan_options *opts, struct prescan_report *out,
			   struct ct_error *err);

/* Pre-scans Dockerfile text already in memory (file names it in messages;
 * context_dir is where sources are looked up). Same contract as above. */
enum ct_status prescan_run_text(const char *text, size_t len, const char *file,
				const char *context_dir, const struct prescan_options *opts,
				struct prescan_report *out, struct ct_error *err);

/* "pass", "fail", "warn", "unknown": stable, never translated. */
const char *prescan_status_name(enum prescan_status status);

/* The policy ids in order; *n receives PRESCAN_NPOLICIES. */
const char *const *prescan_policies(size_t *n);
/* The preflight check matching a policy id, or NULL. */
const char *prescan_policy_preflight(const char *policy);
/* What the policy checks, one translated paragraph; NULL if unknown. */
const char *prescan_policy_help(const char *policy);
/* The guide's section all policies come from. */
#define PRESCAN_GUIDE_SECTION "7.3"

void prescan_report_free(struct prescan_report *r);

/* preflight's Red Hat trademark rule (HasNoProhibitedLabels and
 * HasProhibitedContainerName), shared with the checks of a published image:
 * "red", then anything but letters and digits, then "hat", in any case and
 * anywhere, even inside words ("Fred Hatfield"). A value starting with it
 * violates; otherwise every occurrence does, but one "for Red Hat".
 * Returns the first violating occurrence, its length in *len; or NULL. */
const char *prescan_red_hat_match(const char *v, size_t *len);
bool prescan_presents_red_hat(const char *v);

/* The report as compact JSON, keys in this order: {"file", "context",
 * "passed", "digest", "results": [{"policy", "preflight"?, "status",
 * "line"?, "message", "fix"?}], "error"?: {"line", "message", "fix"?}}. "line" is
 * left out when 0, "fix" when NULL. Caller frees. (prescan_json.c) */
char *prescan_report_json(const struct prescan_report *r);

/* The report as SARIF 2.1.0 (one run; one rule per policy with its help
 * text, guide section and preflight check; one result per policy that does
 * not pass, located at its file and line; a Dockerfile that cannot be
 * parsed is a tool execution notification and executionSuccessful false).
 * tool_version is certtrack's. Caller frees. (prescan_sarif.c) */
char *prescan_report_sarif(const struct prescan_report *r, const char *tool_version);

/* The report as JUnit XML: one testsuite for the Dockerfile, one testcase
 * per policy; fail is a <failure>, unknown <skipped>, warn passes with its
 * message in <system-out>, a parse error is an <error>. Caller frees.
 * (prescan_junit.c) */
char *prescan_report_junit(const struct prescan_report *r);

#endif
