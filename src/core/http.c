/* http.c - the only file that includes <curl/curl.h>: one easy-handle
 * set-up shared by every remote check, redirects followed by hand so that
 * credentials stay with their origin, and libcurl's and HTTP's failures
 * turned into sentences. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/http.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

#define MAX_REDIRECTS 5
#define MAX_HEADER_BYTES (64u << 10)

struct http_client {
	CURL *easy;
	struct http_opts o;
	bool cancelled;
	char errbuf[CURL_ERROR_SIZE];
};

/* What the callbacks of one transfer fill. */
struct xfer {
	struct http_client *h;
	struct http_response *r;
	struct strbuf body;
	size_t max;
	bool too_large;
	size_t header_bytes;
	bool headers_too_large;
};

enum ct_status http_global_init(struct ct_error *err)
{
	static bool done;
	if (done)
		return CT_OK;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return ct_fail(err, CT_SYSTEM, _("cannot initialise libcurl"));
	done = true;
	return CT_OK;
}

enum ct_status http_client_new(const struct http_opts *opts, struct http_client **out,
			       struct ct_error *err)
{
	*out = NULL;
	enum ct_status s = http_global_init(err);
	if (s)
		return s;
	if (opts->cacert && access(opts->cacert, R_OK) != 0)
		return ct_fail(err, CT_USAGE, _("cannot read the CA file %s: %s"), opts->cacert,
			       strerror(errno));
	struct http_client *h = xcalloc(1, sizeof(*h));
	h->o = *opts;
	if (h->o.timeout <= 0)
		h->o.timeout = HTTP_DEFAULT_TIMEOUT;
	if (h->o.connect_timeout <= 0)
		h->o.connect_timeout = h->o.timeout < 10 ? h->o.timeout : 10;
	if (!h->o.max_size)
		h->o.max_size = HTTP_DEFAULT_MAX_SIZE;
	h->easy = curl_easy_init();
	if (!h->easy) {
		free(h);
		return ct_fail(err, CT_SYSTEM, _("cannot initialise libcurl"));
	}
	*out = h;
	return CT_OK;
}

void http_client_free(struct http_client *h)
{
	if (!h)
		return;
	curl_easy_cleanup(h->easy);
	free(h);
}

bool http_cancelled(const struct http_client *h)
{
	return h && h->cancelled;
}

void http_response_free(struct http_response *r)
{
	free(r->body);
	free(r->content_type);
	free(r->www_authenticate);
	free(r->link);
	free(r->retry_after);
	free(r->digest);
	free(r->url);
	memset(r, 0, sizeof(*r));
}

static void headers_clear(struct http_response *r)
{
	x_free(&r->content_type);
	x_free(&r->www_authenticate);
	x_free(&r->link);
	x_free(&r->retry_after);
	x_free(&r->digest);
}

/* ---- URLs ---- */

static char *url_part(CURLU *u, CURLUPart part)
{
	char *v = NULL;
	if (curl_url_get(u, part, &v, 0) != CURLUE_OK)
		return NULL;
	char *copy = xstrdup(v);
	curl_free(v);
	return copy;
}

static CURLU *url_parse(const char *url)
{
	CURLU *u = curl_url();
	if (!u)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
		curl_url_cleanup(u);
		return NULL;
	}
	return u;
}

static bool host_loopback(const char *host)
{
	if (!host)
		return false;
	if (strcasecmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0 ||
	    strcmp(host, "::1") == 0)
		return true;
	/* 127.0.0.0/8, written as a dotted quad */
	unsigned a, b, c, d;
	char extra;
	return sscanf(host, "%u.%u.%u.%u%c", &a, &b, &c, &d, &extra) == 4 && a == 127 &&
	       b < 256 && c < 256 && d < 256;
}

enum ct_status http_url_check(const char *url, struct ct_error *err)
{
	CURLU *u = url_parse(url ? url : "");
	if (!u)
		return ct_fail(err, CT_USAGE, _("\"%s\" is not a URL"), url ? url : "");
	char *scheme = url_part(u, CURLUPART_SCHEME);
	char *host = url_part(u, CURLUPART_HOST);
	enum ct_status s = CT_OK;
	if (!scheme || (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0))
		s = ct_fail(err, CT_USAGE, _("%s URLs are not fetched: only http and https are"),
			    scheme ? scheme : "?");
	else if (strcmp(scheme, "http") == 0 && !host_loopback(host))
		s = ct_fail(err, CT_USAGE,
			    _("plain http:// is refused for %s (nothing would protect it on the way): use https://; plain http is only allowed to this machine (localhost)"),
			    host ? host : "?");
	free(scheme);
	free(host);
	curl_url_cleanup(u);
	return s;
}

char *http_url_redact(const char *url)
{
	CURLU *u = url_parse(url ? url : "");
	if (!u)
		return NULL;
	curl_url_set(u, CURLUPART_USER, NULL, 0);
	curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
	curl_url_set(u, CURLUPART_OPTIONS, NULL, 0);
	char *v = url_part(u, CURLUPART_URL);
	curl_url_cleanup(u);
	return v;
}

char *http_url_host(const char *url)
{
	CURLU *u = url_parse(url ? url : "");
	if (!u)
		return NULL;
	char *host = url_part(u, CURLUPART_HOST);
	char *port = url_part(u, CURLUPART_PORT);
	curl_url_cleanup(u);
	if (host && port) {
		char *hp = xasprintf("%s:%s", host, port);
		free(host);
		host = hp;
	}
	free(port);
	return host;
}

/* scheme://host:port with the port always given, to compare origins. */
static char *url_origin(const char *url)
{
	CURLU *u = url_parse(url);
	if (!u)
		return NULL;
	char *scheme = url_part(u, CURLUPART_SCHEME);
	char *host = url_part(u, CURLUPART_HOST);
	char *port = NULL;
	if (curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK)
		port = NULL;
	char *o = NULL;
	if (scheme && host) {
		for (char *p = host; *p; p++)
			*p = (char)((*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
		o = xasprintf("%s://%s:%s", scheme, host, port ? port : "");
	}
	free(scheme);
	free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return o;
}

char *http_url_join(const char *base, const char *ref)
{
	CURLU *u = url_parse(base);
	if (!u)
		return NULL;
	char *v = NULL;
	if (curl_url_set(u, CURLUPART_URL, ref, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK)
		v = url_part(u, CURLUPART_URL);
	curl_url_cleanup(u);
	return v;
}

char *http_escape(const char *s)
{
	CURL *e = curl_easy_init();
	if (!e)
		return xstrdup(s);
	char *v = curl_easy_escape(e, s, 0);
	char *copy = xstrdup(v ? v : "");
	curl_free(v);
	curl_easy_cleanup(e);
	return copy;
}

/* ---- callbacks ---- */

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	if (x->body.len + n > x->max) {
		/* Returning less than n makes libcurl stop with CURLE_WRITE_ERROR. */
		x->too_large = true;
		return 0;
	}
	sb_addn(&x->body, data, n);
	return n;
}

static void header_keep(char **dst, const char *v, size_t n)
{
	free(*dst);
	*dst = xstrndup(v, n);
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	x->header_bytes += n;
	if (x->header_bytes > MAX_HEADER_BYTES) {
		x->headers_too_large = true;
		return 0;
	}
	/* A new status line (after 100 Continue, or a proxy's answer) starts a
	 * new set of headers. */
	if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		headers_clear(x->r);
		return n;
	}
	const char *colon = memchr(data, ':', n);
	if (!colon)
		return n;
	size_t klen = (size_t)(colon - data);
	const char *v = colon + 1, *end = data + n;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	size_t vlen = (size_t)(end - v);
#define IS(name) (klen == sizeof(name) - 1 && strncasecmp(data, name, klen) == 0)
	if (IS("Content-Type")) {
		header_keep(&x->r->content_type, v, vlen);
	} else if (IS("WWW-Authenticate")) {
		/* Several challenges may come; keep a Bearer one over others. */
		if (!x->r->www_authenticate || (vlen >= 6 && strncasecmp(v, "Bearer", 6) == 0 &&
						strncasecmp(x->r->www_authenticate, "Bearer", 6) != 0))
			header_keep(&x->r->www_authenticate, v, vlen);
	} else if (IS("Link")) {
		header_keep(&x->r->link, v, vlen);
	} else if (IS("Retry-After")) {
		header_keep(&x->r->retry_after, v, vlen);
	} else if (IS("Docker-Content-Digest")) {
		header_keep(&x->r->digest, v, vlen);
	}
#undef IS
	return n;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	struct http_client *h = ud;
	/* libcurl calls this at least once a second, even while waiting. */
	return h->o.cancel && atomic_load(h->o.cancel) ? 1 : 0;
}

/* ---- one request ---- */

/* The shared set-up: every request of certtrack goes through here. */
static void setup_common(struct http_client *h, struct xfer *x, const char *url)
{
	CURL *e = h->easy;
	curl_easy_reset(e);
	h->errbuf[0] = '\0';
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM */
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	/* Redirects are followed in http_get, one origin check per hop. */
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_UNRESTRICTED_AUTH, 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (h->o.cacert)
		curl_easy_setopt(e, CURLOPT_CAINFO, h->o.cacert);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, h->o.connect_timeout);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, h->o.timeout);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)h->o.max_size);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "certtrack/" PACKAGE_VERSION);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(e, CURLOPT_XFERINFODATA, h);
	curl_easy_setopt(e, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
}

static enum ct_status curl_sentence(struct http_client *h, CURLcode rc, const struct xfer *x,
				    const char *url, struct ct_error *err)
{
	char *host = http_url_host(url);
	const char *hs = host ? host : url;
	const char *detail = h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc);
	long oserr = 0;
	curl_easy_getinfo(h->easy, CURLINFO_OS_ERRNO, &oserr);
	enum ct_status s = CT_SYSTEM;
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		ct_fail(err, s, _("cannot find the host %s (DNS lookup failed): check the name and the network"), hs);
		break;
	case CURLE_COULDNT_RESOLVE_PROXY:
		ct_fail(err, s, _("cannot find the proxy (DNS lookup failed): check https_proxy"));
		break;
	case CURLE_COULDNT_CONNECT:
		if (oserr == ECONNREFUSED)
			ct_fail(err, s, _("%s refused the connection: nothing listens there (is the server running, is the port right?)"), hs);
		else
			ct_fail(err, s, _("cannot connect to %s: %s"), hs,
				oserr ? strerror((int)oserr) : detail);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		ct_fail(err, s, _("%s did not answer within %ld seconds (timeout); try again later or give more time with --timeout"),
			hs, h->o.timeout);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		ct_fail(err, s, _("TLS: the certificate of %s cannot be trusted (%s); for a private CA give its certificate with --cacert FILE"),
			hs, detail);
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_USE_SSL_FAILED:
		ct_fail(err, s, _("TLS: cannot set up a secure connection to %s (%s)"), hs, detail);
		break;
	case CURLE_FILESIZE_EXCEEDED:
		ct_fail(err, s, _("the answer of %s is larger than %zu bytes; refused"), hs,
			h->o.max_size);
		break;
	case CURLE_WRITE_ERROR:
		if (x->too_large)
			ct_fail(err, s, _("the answer of %s is larger than %zu bytes; refused"), hs,
				h->o.max_size);
		else
			ct_fail(err, s, _("cannot keep the answer of %s: %s"), hs, detail);
		break;
	case CURLE_ABORTED_BY_CALLBACK:
		h->cancelled = true;
		ct_fail(err, s, _("cancelled"));
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		ct_fail(err, s, _("refused: %s (only http and https are spoken)"), detail);
		break;
	case CURLE_GOT_NOTHING:
		ct_fail(err, s, _("%s closed the connection without answering"), hs);
		break;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		if (x->headers_too_large) {
			ct_fail(err, s, _("the headers of %s's answer are larger than %u bytes; refused"),
				hs, MAX_HEADER_BYTES);
			break;
		}
		ct_fail(err, s, _("the connection to %s broke: %s"), hs, detail);
		break;
	default:
		if (x->headers_too_large)
			ct_fail(err, s, _("the headers of %s's answer are larger than %u bytes; refused"),
				hs, MAX_HEADER_BYTES);
		else
			ct_fail(err, s, _("request to %s failed: %s"), hs, detail);
		break;
	}
	free(host);
	return s;
}

static enum ct_status get_once(struct http_client *h, const struct http_request *rq,
			       const char *url, bool same_origin, struct http_response *out,
			       char **redirect, struct ct_error *err)
{
	struct xfer x = {.h = h, .r = out, .max = h->o.max_size};
	struct curl_slist *hdrs = NULL;
	*redirect = NULL;
	setup_common(h, &x, url);
	CURL *e = h->easy;
	CURLU *u = url_parse(url);
	char *bare_host = u ? url_part(u, CURLUPART_HOST) : NULL;
	curl_url_cleanup(u);
	if (host_loopback(bare_host))
		curl_easy_setopt(e, CURLOPT_NOPROXY, "*"); /* this machine: never via a proxy */
	free(bare_host);
	if (rq->accept) {
		char *a = xasprintf("Accept: %s", rq->accept);
		hdrs = curl_slist_append(hdrs, a);
		free(a);
	}
	char *bearer = NULL;
	if (same_origin && rq->bearer) {
		bearer = xasprintf("Authorization: Bearer %s", rq->bearer);
		hdrs = curl_slist_append(hdrs, bearer);
	} else if (same_origin && rq->user) {
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(e, CURLOPT_USERNAME, rq->user);
		curl_easy_setopt(e, CURLOPT_PASSWORD, rq->password ? rq->password : "");
	} else if (same_origin && rq->netrc) {
		curl_easy_setopt(e, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	}
	if (hdrs)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, hdrs);
	CURLcode rc = curl_easy_perform(e);
	/* The token must not linger in freed memory longer than needed. */
	if (bearer) {
		memset(bearer, 0, strlen(bearer));
		free(bearer);
	}
	curl_slist_free_all(hdrs);
	enum ct_status s = CT_OK;
	if (rc != CURLE_OK) {
		s = curl_sentence(h, rc, &x, url, err);
		sb_free(&x.body);
		return s;
	}
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &out->status);
	out->len = x.body.len;
	out->body = x.body.len ? sb_detach(&x.body) : xstrdup("");
	sb_free(&x.body);
	if (out->status == 301 || out->status == 302 || out->status == 303 ||
	    out->status == 307 || out->status == 308) {
		char *loc = NULL;
		curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &loc);
		if (loc)
			*redirect = xstrdup(loc);
	}
	return s;
}

enum ct_status http_get(struct http_client *h, const struct http_request *rq,
			struct http_response *out, struct ct_error *err)
{
	memset(out, 0, sizeof(*out));
	h->cancelled = false;
	enum ct_status s = http_url_check(rq->url, err);
	if (s)
		return s;
	char *origin = url_origin(rq->url);
	char *url = xstrdup(rq->url);
	for (int hop = 0;; hop++) {
		char *redirect = NULL;
		char *o = url_origin(url);
		bool same = origin && o && strcmp(origin, o) == 0;
		free(o);
		http_response_free(out);
		s = get_once(h, rq, url, same, out, &redirect, err);
		if (s || !redirect) {
			free(redirect);
			break;
		}
		char *from = http_url_host(url), *to = http_url_redact(redirect);
		struct ct_error why;
		ct_error_clear(&why);
		if (hop >= MAX_REDIRECTS) {
			s = ct_fail(err, CT_SYSTEM, _("%s redirects more than %d times; refused"),
				    from ? from : "?", MAX_REDIRECTS);
		} else if (http_url_check(redirect, &why)) {
			s = ct_fail(err, CT_SYSTEM, _("%s redirects to %s, which is refused: %s"),
				    from ? from : "?", to ? to : redirect, why.msg);
		}
		free(from);
		free(to);
		free(url);
		url = redirect;
		if (s)
			break;
	}
	if (!s)
		out->url = http_url_redact(url);
	else
		http_response_free(out);
	free(url);
	free(origin);
	return s;
}

char *http_status_sentence(const struct http_response *r, const char *what)
{
	long st = r->status;
	switch (st) {
	case 401:
		return xasprintf(_("%s needs authentication (HTTP 401)"), what);
	case 403:
		return xasprintf(_("%s: access denied (HTTP 403): the credentials are not allowed to read it"), what);
	case 404:
		return xasprintf(_("%s not found (HTTP 404)"), what);
	case 429: {
		const char *ra = r->retry_after;
		bool secs = ra && *ra && strspn(ra, "0123456789") == strlen(ra);
		if (secs)
			return xasprintf(_("%s: too many requests (HTTP 429); the server asks to retry after %s seconds"), what, ra);
		if (ra && *ra)
			return xasprintf(_("%s: too many requests (HTTP 429); the server asks to retry after %s"), what, ra);
		return xasprintf(_("%s: too many requests (HTTP 429); retry later"), what);
	}
	default:
		if (st >= 500 && st <= 599)
			return xasprintf(_("%s: server error (HTTP %ld); try again later or tell the server's administrators"),
					 what, st);
		return xasprintf(_("%s: unexpected answer (HTTP %ld)"), what, st);
	}
}
