/* gitcheck.h - does the git source of a project answer over HTTPS, and
 * does it have the branch the build service will check out (7.5)? Asks
 * for the refs with the smart HTTP protocol, falling back to the dumb
 * protocol's info/refs. */
#ifndef CERTTRACK_GITCHECK_H
#define CERTTRACK_GITCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/http.h"
#include "certtrack/status.h"
#include "certtrack/verify.h"

struct git_ref {
	char *name;   /* refs/heads/main, HEAD, ... */
	char *oid;    /* hex object id */
	char *peeled; /* for annotated tags: the object it points to, or NULL */
};

struct git_refs {
	struct git_ref *v;
	size_t n;
	char *capabilities; /* smart protocol: after the NUL of the first ref */
	char *head_target;  /* symref=HEAD:refs/heads/... when advertised */
	bool smart;
};
void git_refs_free(struct git_refs *r);

/* Parses a smart HTTP advertisement (pkt-lines: "# service=" header, flush,
 * refs with capabilities after the first NUL, peeled ^{} entries, flush).
 * CT_DATA with the reason when it is malformed. */
enum ct_status gitcheck_parse_smart(const char *buf, size_t len, struct git_refs *out,
				    struct ct_error *err);
/* Parses the dumb protocol's info/refs ("OID<TAB>REF" lines). CT_DATA when
 * it is not that format (an HTML page, say). */
enum ct_status gitcheck_parse_dumb(const char *buf, size_t len, struct git_refs *out,
				   struct ct_error *err);

/* "https" for an HTTP(S) URL; otherwise why it cannot be checked over
 * HTTP (ssh://, git@host:path, git://, local paths): *reason receives a
 * translated sentence and false is returned. */
bool gitcheck_url_checkable(const char *url, char **reason);

/* Runs the check of url and branch (NULL or "": the default branch) and
 * appends its results: "git" (the repository answers) and, when it
 * does, "git_branch". Credentials: $CERTTRACK_GIT_USER and
 * $CERTTRACK_GIT_PASSWORD, else ~/.netrc. */
void gitcheck_run(struct http_client *h, const char *url, const char *branch,
		  struct verify_checks *out);

#endif
