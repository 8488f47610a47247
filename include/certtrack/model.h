/* model.h - the domain types of what is recorded about a project, at the
 * bottom of the core: history events, builds (7.5), scans (7.5, 7.6) and
 * Dockerfile pre-scans, with what can be said of them without the store
 * or the operations. Every other layer may include this; it includes only
 * project.h. */
#ifndef CERTTRACK_MODEL_H
#define CERTTRACK_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/project.h"

/* History: a command groups the events of one user action. */
struct event {
	long long id;
	long long command;
	long long undo_of; /* the command this one undid, or 0 */
	char *uuid;        /* stable across copies of a database: merge finds shared history by it */
	char *at;
	char *user;
	char *project_uuid;
	char *project_name;
	char *what;
	char *key;
	char *old_value;
	char *new_value;
	char *note;
};
/* dst becomes src with strings of its own. */
void event_copy(struct event *dst, const struct event *src);
/* The same with its strings in pool (freed with it, not by events_free);
 * a NULL pool is event_copy. */
struct strpool;
void event_copy_pooled(struct event *dst, const struct event *src, struct strpool *pool);
void events_free(struct event *v, size_t n);

enum build_result { BUILD_RUNNING, BUILD_SUCCEEDED, BUILD_FAILED };
/* "running", "succeeded", "failed": stable. */
const char *build_result_name(enum build_result r);
/* The stored name back: "succeeded", "failed", anything else running. */
enum build_result build_result_parse(const char *name);

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

#endif
