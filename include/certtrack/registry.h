/* registry.h - is the published image in the registry (OCI distribution
 * API), and does what it carries pass the scanner's image-level policies
 * (7.6, 7.7)? Anonymous, Basic or Bearer-token access, with credentials
 * from the environment or ~/.netrc only. */
#ifndef CERTTRACK_REGISTRY_H
#define CERTTRACK_REGISTRY_H

#include "certtrack/http.h"
#include "certtrack/status.h"
#include "certtrack/verify.h"

/* The registry's base URL from --registry-url (a URL, or a bare host
 * meaning https://) or the template's registry host: no trailing slash.
 * CT_USAGE when it is not allowed (http:// to another machine ...). */
enum ct_status registry_base_url(const char *url_or_host, char **out, struct ct_error *err);

/* Checks name:tag (name = namespace/repository) at base and appends the
 * results: "image" (present, digest) and, when it is, one per policy:
 * has_required_labels, has_no_prohibited_labels, runs_as_non_root,
 * layer_count_acceptable, has_unique_tag. Credentials:
 * $CERTTRACK_REGISTRY_USER and $CERTTRACK_REGISTRY_PASSWORD, else
 * ~/.netrc, else anonymous. */
void registry_check_run(struct http_client *h, const char *base, const char *name,
			const char *tag, struct verify_checks *out);

#endif
