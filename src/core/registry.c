/* registry.c - the published image check over the OCI distribution API:
 * /v2/, the manifest by tag (an index narrowed to linux/amd64), the
 * config blob, the tag list with Link paging; the WWW-Authenticate
 * challenges (Bearer through the token service, Basic); then the
 * image-level policies of imagecheck.c. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/registry.h"
#include "certtrack/i18n.h"
#include "certtrack/imagecheck.h"
#include "certtrack/sha256.h"
#include "certtrack/util.h"
#include "core/verify_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ACCEPT_MANIFESTS MT_OCI_INDEX ", " MT_DOCKER_LIST ", " MT_OCI_MANIFEST ", " MT_DOCKER_MANIFEST
#define TAG_PAGES_MAX 50

struct reg {
	struct http_client *h;
	const char *base;
	const char *name;
	char *image; /* host/name:tag, for messages */
	const char *user, *password;
	char *bearer;
	char *bearer_scope;
	bool basic;
	struct verify_checks *out;
};

enum ct_status registry_base_url(const char *url_or_host, char **out, struct ct_error *err)
{
	*out = NULL;
	if (str_is_empty(url_or_host))
		return ct_fail(err, CT_USAGE, _("no registry: the template names none; give --registry-url URL"));
	char *u = strstr(url_or_host, "://") ? xstrdup(url_or_host)
					      : xasprintf("https://%s", url_or_host);
	size_t n = strlen(u);
	while (n && u[n - 1] == '/')
		u[--n] = '\0';
	enum ct_status s = http_url_check(u, err);
	if (s) {
		free(u);
		return s;
	}
	char *clean = http_url_redact(u);
	free(u);
	if (!clean)
		return ct_fail(err, CT_USAGE, _("\"%s\" is not a registry URL"), url_or_host);
	n = strlen(clean);
	while (n && clean[n - 1] == '/')
		clean[--n] = '\0';
	*out = clean;
	return CT_OK;
}

/* ---- WWW-Authenticate ---- */

/* The value of param key in a challenge such as
 * Bearer realm="https://auth/token",service="registry",scope="...". */
char *registry_challenge_param(const char *hdr, const char *key)
{
	const char *p = hdr;
	while (*p && !isspace((unsigned char)*p))
		p++; /* the scheme */
	size_t klen = strlen(key);
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *k = p;
		while (*p && *p != '=' && *p != ',' && *p != ' ')
			p++;
		size_t kl = (size_t)(p - k);
		if (*p != '=')
			continue;
		p++;
		struct strbuf v = {0};
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				sb_addc(&v, *p);
			}
			if (*p == '"')
				p++;
		} else {
			while (*p && *p != ',' && *p != ' ')
				sb_addc(&v, *p++);
		}
		if (kl == klen && strncasecmp(k, key, klen) == 0)
			return sb_detach(&v);
		sb_free(&v);
	}
	return NULL;
}

/* Asks the token service named by a Bearer challenge for a token. CT_OK
 * with r->bearer set; otherwise a check is added to r->out. */
static enum ct_status token_fetch(struct reg *r, const char *challenge, const char *what)
{
	char *realm = registry_challenge_param(challenge, "realm");
	char *service = registry_challenge_param(challenge, "service");
	char *scope = registry_challenge_param(challenge, "scope");
	if (!scope && r->name)
		scope = xasprintf("repository:%s:pull", r->name);
	enum ct_status s = CT_OK;
	struct ct_error e;
	ct_error_clear(&e);
	if (!realm) {
		verify_checks_add(r->out, "image", r->image, VERIFY_FAIL, NULL,
				  _("%s asks for a Bearer token but names no token service (realm)"), what);
		s = CT_FAILED;
		goto out;
	}
	if (http_url_check(realm, &e)) {
		verify_checks_add(r->out, "image", r->image, VERIFY_FAIL, NULL,
				  _("the registry's token service %s is refused: %s"), realm, e.msg);
		s = CT_FAILED;
		goto out;
	}
	struct strbuf url = {0};
	sb_add(&url, realm);
	char sep = strchr(realm, '?') ? '&' : '?';
	if (service) {
		char *esc = http_escape(service);
		sb_addf(&url, "%cservice=%s", sep, esc);
		free(esc);
		sep = '&';
	}
	if (scope) {
		char *esc = http_escape(scope);
		sb_addf(&url, "%cscope=%s", sep, esc);
		free(esc);
	}
	struct http_request rq = {.url = sb_str(&url), .accept = "application/json",
				  .user = r->user, .password = r->password, .netrc = true};
	struct http_response resp;
	s = http_get(r->h, &rq, &resp, &e);
	char *host = http_url_host(realm);
	if (s) {
		verify_checks_add(r->out, "image", r->image, VERIFY_ERROR, NULL,
				  _("token service: %s"), e.msg);
	} else if (resp.status != 200) {
		char *w = xasprintf(_("the registry's token service %s"), host ? host : realm);
		char *msg = http_status_sentence(&resp, w);
		const char *fix = resp.status == 401 || resp.status == 403
					  ? (r->user ? _("the credentials in CERTTRACK_REGISTRY_USER and CERTTRACK_REGISTRY_PASSWORD were refused; check them")
						     : _("set CERTTRACK_REGISTRY_USER and CERTTRACK_REGISTRY_PASSWORD, or add the token service's host to ~/.netrc"))
					  : NULL;
		verify_checks_add(r->out, "image", r->image,
				  resp.status == 429 || resp.status >= 500 ? VERIFY_ERROR : VERIFY_FAIL,
				  fix, "%s", msg);
		free(msg);
		free(w);
		s = CT_FAILED;
	} else {
		char *tok = NULL;
		if (regjson_token(resp.body, resp.len, &tok, &e)) {
			verify_checks_add(r->out, "image", r->image, VERIFY_FAIL, NULL,
					  _("the registry's token service %s answered without a token: %s"),
					  host ? host : realm, e.msg);
			s = CT_FAILED;
		} else {
			free(r->bearer);
			r->bearer = tok;
			free(r->bearer_scope);
			r->bearer_scope = xstrdup(scope);
		}
	}
	free(host);
	http_response_free(&resp);
	sb_free(&url);
out:
	free(realm);
	free(service);
	free(scope);
	return s;
}

/* GET with the registry's authentication: on a 401 challenge, gets a
 * token (Bearer) or uses the credentials (Basic) and asks again once.
 * CT_OK with resp filled (any status); otherwise a check was added. */
static enum ct_status reg_get(struct reg *r, const char *url, const char *accept,
			      const char *what, struct http_response *resp)
{
	struct ct_error e;
	ct_error_clear(&e);
	for (int attempt = 0;; attempt++) {
		struct http_request rq = {.url = url, .accept = accept, .netrc = true};
		if (r->bearer)
			rq.bearer = r->bearer;
		else if (r->basic)
			rq.user = r->user, rq.password = r->password;
		if (http_get(r->h, &rq, resp, &e)) {
			verify_checks_add(r->out, "image", r->image, VERIFY_ERROR, NULL, "%s", e.msg);
			return CT_SYSTEM;
		}
		const char *ch = resp->www_authenticate;
		if (resp->status != 401 || !ch || attempt >= 1)
			return CT_OK;
		if (strncasecmp(ch, "Bearer", 6) == 0) {
			char *scope = registry_challenge_param(ch, "scope");
			/* The same scope refused with a token: the token does
			 * not grant it, asking again will not help. */
			bool same = r->bearer && str_eq(scope, r->bearer_scope);
			free(scope);
			if (same)
				return CT_OK;
			char *challenge = xstrdup(ch);
			http_response_free(resp);
			enum ct_status s = token_fetch(r, challenge, what);
			free(challenge);
			if (s)
				return s;
		} else if (strncasecmp(ch, "Basic", 5) == 0 && r->user && !r->basic) {
			r->basic = true;
			http_response_free(resp);
		} else {
			return CT_OK;
		}
	}
}

/* Adds the check for a status that is not a success. */
static void reg_status_fail(struct reg *r, const struct http_response *resp, const char *what)
{
	char *msg = http_status_sentence(resp, what);
	const char *fix = NULL;
	if (resp->status == 401)
		fix = r->user ? _("the credentials in CERTTRACK_REGISTRY_USER and CERTTRACK_REGISTRY_PASSWORD were refused; check them")
			      : _("set CERTTRACK_REGISTRY_USER and CERTTRACK_REGISTRY_PASSWORD, or add the registry's host to ~/.netrc");
	else if (resp->status == 403)
		fix = _("give a user that may pull the image (CERTTRACK_REGISTRY_USER, CERTTRACK_REGISTRY_PASSWORD or ~/.netrc)");
	verify_checks_add(r->out, "image", r->image,
			  resp->status == 429 || resp->status >= 500 ? VERIFY_ERROR : VERIFY_FAIL, fix,
			  "%s", msg);
	free(msg);
}

static bool digest_matches(const char *digest, const char *body, size_t len)
{
	if (!str_starts_with(digest, "sha256:"))
		return true; /* another algorithm: not verified here */
	char hex[SHA256_HEX_SIZE];
	sha256_hex(body, len, hex);
	return strcmp(digest + 7, hex) == 0;
}

/* "<...>; rel=\"next\"" of a Link header, joined to base. */
char *registry_link_next(const char *base, const char *link)
{
	if (!link || !str_casestr(link, "rel=\"next\""))
		return NULL;
	const char *lt = strchr(link, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	if (!gt)
		return NULL;
	char *ref = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	char *u = http_url_join(base, ref);
	free(ref);
	return u;
}

static int tag_cmp(const void *a, const void *b);

/* Every tag, following Link paging. CT_OK, or a check was added. */
static enum ct_status tags_list(struct reg *r, struct strlist *tags, long *status)
{
	char *url = xasprintf("%s/v2/%s/tags/list?n=100", r->base, r->name);
	enum ct_status s = CT_OK;
	*status = 200;
	for (int page = 0; url && page < TAG_PAGES_MAX; page++) {
		struct http_response resp;
		if ((s = reg_get(r, url, "application/json", _("the tag list"), &resp)))
			break;
		free(url);
		url = NULL;
		if (resp.status != 200) {
			*status = resp.status;
			http_response_free(&resp);
			s = CT_FAILED;
			break;
		}
		struct ct_error e;
		ct_error_clear(&e);
		if (regjson_tags(resp.body, resp.len, tags, &e)) {
			verify_checks_add(r->out, "image", r->image, VERIFY_FAIL, NULL,
					  _("the registry's tag list of %s is not valid: %s"), r->name, e.msg);
			http_response_free(&resp);
			s = CT_SYSTEM;
			break;
		}
		url = registry_link_next(r->base, resp.link);
		http_response_free(&resp);
		if (url && http_url_check(url, &e)) {
			x_free(&url); /* a next page elsewhere: stop there */
		}
	}
	free(url);
	if (tags->n > 1)
		qsort(tags->v, tags->n, sizeof(*tags->v), tag_cmp);
	return s;
}

/* Natural order: 0.9 before 0.10, so that a list reads like versions. */
static int tag_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	while (*x && *y) {
		if (isdigit((unsigned char)*x) && isdigit((unsigned char)*y)) {
			while (*x == '0' && isdigit((unsigned char)x[1]))
				x++;
			while (*y == '0' && isdigit((unsigned char)y[1]))
				y++;
			size_t nx = strspn(x, "0123456789"), ny = strspn(y, "0123456789");
			if (nx != ny)
				return nx < ny ? -1 : 1;
			int c = strncmp(x, y, nx);
			if (c)
				return c;
			x += nx;
			y += ny;
			continue;
		}
		if (*x != *y)
			return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
		x++;
		y++;
	}
	return *x ? 1 : *y ? -1 : 0;
}

static char *tags_text(const struct strlist *tags)
{
	struct strbuf sb = {0};
	for (size_t i = 0; i < tags->n && i < 20; i++)
		sb_addf(&sb, "%s%s", i ? ", " : "", tags->v[i]);
	if (tags->n > 20)
		sb_addf(&sb, _(" and %zu more"), tags->n - 20);
	return sb_detach(&sb);
}

static void policy_add(struct reg *r, struct prescan_result *pr)
{
	enum verify_outcome o = pr->status == PRESCAN_PASS   ? VERIFY_PASS
				: pr->status == PRESCAN_WARN ? VERIFY_WARN
				: pr->status == PRESCAN_FAIL ? VERIFY_FAIL
							     : VERIFY_SKIPPED;
	verify_checks_add(r->out, pr->policy, r->image, o, pr->fix, "%s", pr->message);
	imagecheck_result_clear(pr);
}

/* Fetches a manifest (by tag or digest), checking its digest. */
static enum ct_status manifest_get(struct reg *r, const char *ref, struct http_response *resp,
				   char **digest, const char *what)
{
	char *url = xasprintf("%s/v2/%s/manifests/%s", r->base, r->name, ref);
	enum ct_status s = reg_get(r, url, ACCEPT_MANIFESTS, what, resp);
	free(url);
	if (s || resp->status != 200)
		return s;
	char hex[SHA256_HEX_SIZE];
	sha256_hex(resp->body, resp->len, hex);
	*digest = resp->digest ? xstrdup(resp->digest) : xasprintf("sha256:%s", hex);
	if (!digest_matches(*digest, resp->body, resp->len) ||
	    (str_starts_with(ref, "sha256:") && strcmp(ref, *digest) != 0)) {
		verify_checks_add(r->out, "image", r->image, VERIFY_FAIL, NULL,
				  _("the manifest of %s does not match its digest %s: refused"), r->image,
				  *digest);
		x_free(digest);
		return CT_FAILED;
	}
	return CT_OK;
}

void registry_check_run(struct http_client *h, const char *base, const char *name,
			const char *tag, struct verify_checks *out)
{
	char *host = http_url_host(base);
	struct reg r = {.h = h, .base = base, .name = name, .out = out};
	r.image = xasprintf("%s/%s:%s", host ? host : base, name, tag);
	const char *user = getenv("CERTTRACK_REGISTRY_USER");
	if (user && *user) {
		r.user = user;
		r.password = getenv("CERTTRACK_REGISTRY_PASSWORD");
	}
	struct http_response resp = {0};
	struct oci_manifest m = {0};
	struct oci_config cfg = {0};
	struct strlist tags = {0};
	char *digest = NULL, *platform = NULL;
	struct ct_error e;
	ct_error_clear(&e);

	/* /v2/: is this a registry, and which authentication does it want? */
	char *url = xasprintf("%s/v2/", base);
	char *what = xasprintf(_("the registry %s"), host ? host : base);
	enum ct_status s = reg_get(&r, url, "application/json", what, &resp);
	free(url);
	if (s)
		goto done;
	if (resp.status == 404) {
		verify_checks_add(out, "image", r.image, VERIFY_FAIL,
				  _("check --registry-url or the template's registry host"),
				  _("%s is not a container registry (no /v2/ API)"), host ? host : base);
		goto done;
	}
	if (resp.status != 200) {
		reg_status_fail(&r, &resp, what);
		goto done;
	}
	http_response_free(&resp);

	/* The manifest by tag; an index is narrowed to linux/amd64. */
	char *mwhat = xasprintf(_("the image %s"), r.image);
	s = manifest_get(&r, tag, &resp, &digest, mwhat);
	if (!s && resp.status == 404) {
		long st;
		if (tags_list(&r, &tags, &st) == CT_OK) {
			char *list = tags_text(&tags);
			verify_checks_add(out, "image", r.image, VERIFY_FAIL,
					  _("push the image with this tag, or give the tag that was published with --tag"),
					  tags.n ? _("tag %s is not in %s; its tags: %s")
						 : _("tag %s is not in %s, which has no tags"),
					  tag, name, list);
			free(list);
		} else if (st == 404) {
			verify_checks_add(out, "image", r.image, VERIFY_FAIL,
					  _("check the registry_namespace and outbound_repository fields, or push the image"),
					  _("the repository %s does not exist in %s"), name, host ? host : base);
		} else if (st != 200) {
			verify_checks_add(out, "image", r.image, VERIFY_FAIL, NULL,
					  _("tag %s is not in %s"), tag, name);
		}
		free(mwhat);
		goto done;
	}
	if (!s && resp.status != 200)
		reg_status_fail(&r, &resp, mwhat);
	free(mwhat);
	if (s || resp.status != 200)
		goto done;
	if (regjson_manifest(resp.body, resp.len, resp.content_type, &m, &e)) {
		verify_checks_add(out, "image", r.image, VERIFY_FAIL, NULL,
				  _("the manifest of %s cannot be read: %s"), r.image, e.msg);
		goto done;
	}
	if (m.is_index) {
		const struct oci_entry *pick = NULL;
		struct strbuf plats = {0};
		for (size_t i = 0; i < m.n_manifests; i++) {
			const struct oci_entry *en = &m.manifests[i];
			if (en->os && en->arch)
				sb_addf(&plats, "%s%s/%s", plats.len ? ", " : "", en->os, en->arch);
			if (!pick && str_eq(en->os, "linux") && str_eq(en->arch, "amd64"))
				pick = en;
		}
		if (!pick) {
			verify_checks_add(out, "image", r.image, VERIFY_FAIL,
					  _("build and push a linux/amd64 image: the certification builds and scans that platform"),
					  _("%s is an image index without a linux/amd64 image (platforms: %s)"),
					  r.image, plats.len ? sb_str(&plats) : "-");
			sb_free(&plats);
			goto done;
		}
		sb_free(&plats);
		platform = xstrdup("linux/amd64");
		char *sub = xstrdup(pick->digest);
		http_response_free(&resp);
		oci_manifest_free(&m);
		char *sub_digest = NULL;
		char *swhat = xasprintf(_("the linux/amd64 manifest of %s"), r.image);
		s = manifest_get(&r, sub, &resp, &sub_digest, swhat);
		if (!s && resp.status != 200)
			reg_status_fail(&r, &resp, swhat);
		free(swhat);
		free(sub);
		free(sub_digest);
		if (s || resp.status != 200)
			goto done;
		if (regjson_manifest(resp.body, resp.len, resp.content_type, &m, &e) || m.is_index) {
			verify_checks_add(out, "image", r.image, VERIFY_FAIL, NULL,
					  _("the linux/amd64 manifest of %s cannot be read: %s"), r.image,
					  m.is_index ? _("it is another index") : e.msg);
			goto done;
		}
	}
	http_response_free(&resp);
	if (!m.config_digest) {
		verify_checks_add(out, "image", r.image, VERIFY_FAIL, NULL,
				  _("the manifest of %s names no config blob"), r.image);
		goto done;
	}

	/* The config blob: labels and user. Registries may redirect to a
	 * storage service; http_get leaves the credentials behind then. */
	url = xasprintf("%s/v2/%s/blobs/%s", base, name, m.config_digest);
	char *cwhat = xasprintf(_("the config of %s"), r.image);
	s = reg_get(&r, url, NULL, cwhat, &resp);
	free(url);
	if (!s && resp.status != 200)
		reg_status_fail(&r, &resp, cwhat);
	free(cwhat);
	if (s || resp.status != 200)
		goto done;
	if (!digest_matches(m.config_digest, resp.body, resp.len)) {
		verify_checks_add(out, "image", r.image, VERIFY_FAIL, NULL,
				  _("the config of %s does not match its digest %s: refused"), r.image,
				  m.config_digest);
		goto done;
	}
	if (regjson_config(resp.body, resp.len, &cfg, &e)) {
		verify_checks_add(out, "image", r.image, VERIFY_FAIL, NULL,
				  _("the config of %s cannot be read: %s"), r.image, e.msg);
		goto done;
	}
	http_response_free(&resp);
	long st;
	if (tags_list(&r, &tags, &st) != CT_OK) {
		if (st != 200)
			verify_checks_add(out, "image", r.image, VERIFY_ERROR, NULL,
					  _("the tag list of %s cannot be read (HTTP %ld)"), name, st);
		goto done;
	}

	struct verify_check *c = verify_checks_add(out, "image", r.image, VERIFY_PASS, NULL,
						   _("%s is in the registry (digest %s)"), r.image,
						   digest);
	c->details = verify_json_details("digest", digest, "platform", platform, "config",
					 m.config_digest, "tags", &tags);
	struct image_label *labels = xcalloc(cfg.n_labels + 1, sizeof(*labels));
	for (size_t i = 0; i < cfg.n_labels; i++)
		labels[i] = (struct image_label){cfg.labels[i].key, cfg.labels[i].value};
	struct prescan_result pr = {0};
	imagecheck_required_labels(labels, cfg.n_labels, &pr);
	policy_add(&r, &pr);
	imagecheck_prohibited_labels(labels, cfg.n_labels, &pr);
	policy_add(&r, &pr);
	imagecheck_non_root(cfg.user, &pr);
	policy_add(&r, &pr);
	imagecheck_layer_count(m.n_layers, &pr);
	policy_add(&r, &pr);
	imagecheck_unique_tag((const char *const *)tags.v, tags.n, &pr);
	policy_add(&r, &pr);
	free(labels);
done:
	http_response_free(&resp);
	oci_manifest_free(&m);
	oci_config_free(&cfg);
	strlist_free(&tags);
	free(digest);
	free(platform);
	free(what);
	free(host);
	free(r.image);
	if (r.bearer) {
		memset(r.bearer, 0, strlen(r.bearer));
		free(r.bearer);
	}
	free(r.bearer_scope);
}
