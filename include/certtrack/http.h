/* http.h - the one place certtrack speaks HTTP (libcurl): a client with
 * one shared, locked-down set-up for the remote checks (git source,
 * container registry). TLS is always verified, only http and https are
 * spoken (plain http only to this machine), redirects are followed here so
 * that credentials never travel to another host, and every transport error
 * becomes a sentence for the user. */
#ifndef CERTTRACK_HTTP_H
#define CERTTRACK_HTTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "certtrack/status.h"

#define HTTP_DEFAULT_TIMEOUT 30              /* seconds per request */
#define HTTP_DEFAULT_MAX_SIZE (8u << 20)     /* response body bytes */

struct http_opts {
	const char *cacert;      /* PEM CA bundle file; NULL: the system's */
	long timeout;            /* total seconds per request; <= 0: default */
	long connect_timeout;    /* <= 0: min(10, timeout) */
	size_t max_size;         /* 0: HTTP_DEFAULT_MAX_SIZE */
	const atomic_int *cancel; /* non-zero aborts the transfer (may be NULL) */
};

struct http_request {
	const char *url;
	const char *accept;   /* Accept header, or NULL */
	/* Sent only to the origin (scheme, host, port) of url, never after a
	 * redirect to another origin. */
	const char *user, *password; /* HTTP Basic */
	const char *bearer;          /* "Authorization: Bearer ..." */
	bool netrc;                  /* ~/.netrc for hosts with no user given */
};

struct http_response {
	long status;
	char *body; /* NUL-terminated, len bytes before the NUL */
	size_t len;
	char *content_type;
	char *www_authenticate; /* the Bearer challenge when there is one */
	char *link;
	char *retry_after;
	char *digest;           /* Docker-Content-Digest */
	char *url;              /* final URL, without user information */
};

struct http_client;

/* Once, before any thread runs a client (libcurl's global set-up). */
enum ct_status http_global_init(struct ct_error *err);

/* A client keeps the connection cache between requests; opts is copied
 * (its strings and cancel flag must outlive the client). CT_USAGE when
 * the CA file cannot be read. */
enum ct_status http_client_new(const struct http_opts *opts, struct http_client **out,
			       struct ct_error *err);
void http_client_free(struct http_client *h);

/* GET, following up to 5 redirects (only to http/https). CT_OK whenever a
 * response came back, whatever its status; CT_SYSTEM with a sentence for
 * DNS failures, refused connections, TLS failures, timeouts, oversized
 * responses, forbidden redirects and cancellation; CT_USAGE for a URL that
 * is not allowed. out is always initialised. */
enum ct_status http_get(struct http_client *h, const struct http_request *rq,
			struct http_response *out, struct ct_error *err);
void http_response_free(struct http_response *r);
/* Whether the last failure of h was a cancellation. */
bool http_cancelled(const struct http_client *h);

/* A sentence for an HTTP status that is not a success, naming what was
 * asked for (401, 403, 404, 429 with Retry-After, 5xx, others). */
char *http_status_sentence(const struct http_response *r, const char *what);

/* Checks a URL may be fetched: http or https, plain http only for
 * loopback hosts. CT_USAGE with the reason when not. */
enum ct_status http_url_check(const char *url, struct ct_error *err);
/* The URL without user name and password (for messages and storage);
 * NULL when it does not parse. */
char *http_url_redact(const char *url);
/* The host (and port when given) of a URL; NULL when it does not parse. */
char *http_url_host(const char *url);
/* Percent-encodes s for a query string. */
char *http_escape(const char *s);
/* Resolves ref (absolute or relative) against base. */
char *http_url_join(const char *base, const char *ref);

#endif
