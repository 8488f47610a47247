/* verify.h - remote checks of a project, on request only: its git source
 * answers and has the branch (gitcheck.h), its image is in the registry
 * with the labels and user the scanner wants (registry.h). The results
 * are stored with the project and recorded in history. A blocking call
 * for the command line and a start/poll/cancel job for the TUI. */
#ifndef CERTTRACK_VERIFY_H
#define CERTTRACK_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/status.h"

struct ops_ctx;

enum verify_outcome {
	VERIFY_PASS,
	VERIFY_WARN,    /* should be fixed; does not fail */
	VERIFY_SKIPPED, /* not checkable from here (ssh:// git URL ...) */
	VERIFY_FAIL,    /* the check found a problem */
	VERIFY_ERROR,   /* network, server or system error: no answer */
};
/* "pass", "warn", "not-checkable", "fail", "error": stable. */
const char *verify_outcome_name(enum verify_outcome o);
/* The same in lint's words: "pass", "warn", "unknown" (not checkable),
 * "fail", "error". */
const char *verify_status_name(enum verify_outcome o);

struct verify_check {
	char *kind;    /* "git", "git_branch", "image", or a policy id: stable */
	char *target;  /* URL or image reference, never with credentials */
	enum verify_outcome outcome;
	char *message; /* translated sentence */
	char *fix;     /* translated, or NULL */
	char *details; /* compact JSON object, or NULL */
};

struct verify_checks {
	struct verify_check *v;
	size_t n, cap;
};
/* Appends a check (strings copied); returns it for further details. */
struct verify_check *verify_checks_add(struct verify_checks *l, const char *kind,
				       const char *target, enum verify_outcome o,
				       const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void verify_checks_free(struct verify_checks *l);

struct verify_options {
	bool git, registry;       /* both false: both */
	const char *tag;          /* NULL: the latest recorded build's tag */
	const char *registry_url; /* NULL: https://<the template's registry host> */
	const char *cacert;       /* PEM file of a private CA, or NULL */
	long timeout;             /* seconds per request; <= 0: 30 */
};

struct verify_report {
	char uuid[37];
	char *project;
	char *at;
	char *user;
	struct verify_checks checks;
	/* CT_OK when every check passed (or warned, or was not checkable),
	 * CT_FAILED when one found a problem, CT_SYSTEM when one could not
	 * get an answer (network, server) or was cancelled. */
	enum ct_status status;
	bool cancelled;
	bool recorded; /* stored with the project (not when cancelled) */
};
void verify_report_free(struct verify_report *r);

/* Runs the checks and records them (blocking). CT_USAGE/CT_DATA/CT_SYSTEM
 * with err for what prevents the checks (unknown project, unreadable CA
 * file, database errors); otherwise CT_OK with out->status telling the
 * outcome. */
enum ct_status ops_verify(struct ops_ctx *c, const char *ref, const struct verify_options *o,
			  struct verify_report *out, struct ct_error *err);

/* For a front end that must stay responsive: start reads the project
 * (in the caller's thread, the only one that touches the database) and
 * runs the network checks in a thread; poll tells whether they ended and
 * what runs now; cancel asks them to stop (within about a second);
 * finish waits for the thread, records the results in the caller's
 * thread (unless cancelled) and frees the job. Every started job must be
 * finished. */
struct verify_job;
enum ct_status verify_job_start(struct ops_ctx *c, const char *ref,
				const struct verify_options *o, struct verify_job **out,
				struct ct_error *err);
/* True when the checks ended; progress (may be NULL) receives a short
 * translated line such as "checking the git source ...". */
bool verify_job_poll(struct verify_job *j, char *progress, size_t size);
void verify_job_cancel(struct verify_job *j);
enum ct_status verify_job_finish(struct ops_ctx *c, struct verify_job *j,
				 struct verify_report *out, struct ct_error *err);

/* Stored results of a project, newest first (limit <= 0: all). */
struct verification {
	long long id;
	char *at;
	char *user;
	char *kind;
	char *target;
	char *outcome;
	char *message;
	char *details;
};
void verifications_free(struct verification *v, size_t n);
enum ct_status verify_history(struct ops_ctx *c, const char *ref, long long limit,
			      struct verification **v, size_t *n, struct ct_error *err);

/* The report as one JSON document (verify --json). Caller frees.
 * {"project", "uuid", "at", "user", "passed": bool, "status": "passed" |
 * "failed" | "error" | "cancelled", "checks": [{"kind", "target",
 * "outcome", "message", "fix"?, "details"?: {...}}]} (verify_json.c) */
char *verify_report_json(const struct verify_report *r);

#endif
