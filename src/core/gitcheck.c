/* gitcheck.c - the git source check: the smart HTTP ref advertisement
 * (pkt-lines), the dumb protocol's info/refs as a fallback, and what they
 * say about the repository and the branch the build service will use. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/gitcheck.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"
#include "core/verify_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SMART_TYPE "application/x-git-upload-pack-advertisement"
#define BRANCHES_SHOWN 20

void git_refs_free(struct git_refs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].name);
		free(r->v[i].oid);
		free(r->v[i].peeled);
	}
	free(r->v);
	free(r->capabilities);
	free(r->head_target);
	memset(r, 0, sizeof(*r));
}

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* Length of an object id at s (SHA-1 or SHA-256 hex), 0 when none. */
static size_t oid_len(const char *s, size_t n)
{
	if (n >= 64 && is_hex(s, 64) && (n == 64 || s[64] == ' ' || s[64] == '\t'))
		return 64;
	if (n >= 40 && is_hex(s, 40) && (n == 40 || s[40] == ' ' || s[40] == '\t'))
		return 40;
	return 0;
}

static bool ref_name_ok(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return false;
	return true;
}

/* Adds a ref, or records a peeled "NAME^{}" on the ref it follows. */
static void ref_add(struct git_refs *r, const char *oid, size_t olen, const char *name,
		    size_t nlen)
{
	if (nlen > 3 && memcmp(name + nlen - 3, "^{}", 3) == 0) {
		for (size_t i = r->n; i-- > 0;)
			if (strlen(r->v[i].name) == nlen - 3 &&
			    memcmp(r->v[i].name, name, nlen - 3) == 0) {
				free(r->v[i].peeled);
				r->v[i].peeled = xstrndup(oid, olen);
				return;
			}
		return; /* a peeled entry for nothing: ignore it */
	}
	r->v = xreallocarray(r->v, r->n + 1, sizeof(*r->v));
	r->v[r->n].oid = xstrndup(oid, olen);
	r->v[r->n].name = xstrndup(name, nlen);
	r->v[r->n].peeled = NULL;
	r->n++;
}

static void head_from_caps(struct git_refs *r)
{
	const char *caps = r->capabilities;
	for (const char *p = caps; p && *p;) {
		size_t n = strcspn(p, " ");
		if (n > 12 && memcmp(p, "symref=HEAD:", 12) == 0) {
			free(r->head_target);
			r->head_target = xstrndup(p + 12, n - 12);
		}
		p += n;
		while (*p == ' ')
			p++;
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum ct_status gitcheck_parse_smart(const char *buf, size_t len, struct git_refs *out,
				    struct ct_error *err)
{
	memset(out, 0, sizeof(*out));
	out->smart = true;
	size_t pos = 0;
	bool header = false, first = true, ended = false;
	int flushes = 0;
	while (pos < len && !ended) {
		if (len - pos < 4)
			goto truncated;
		int n = 0;
		for (int i = 0; i < 4; i++) {
			int v = hexval(buf[pos + (size_t)i]);
			if (v < 0) {
				git_refs_free(out);
				return ct_fail(err, CT_DATA,
					       _("malformed pkt-line at byte %zu: the length is not hex"), pos);
			}
			n = n * 16 + v;
		}
		if (n == 0) {
			/* A flush ends the "# service=" header section, then the refs. */
			pos += 4;
			flushes++;
			if (!header || flushes >= 2)
				ended = true;
			continue;
		}
		if (n < 4) {
			git_refs_free(out);
			return ct_fail(err, CT_DATA,
				       _("the server answered with protocol version 2 packets (length %04x), which certtrack did not ask for"),
				       (unsigned)n);
		}
		if ((size_t)n > len - pos)
			goto truncated;
		const char *p = buf + pos + 4;
		size_t plen = (size_t)n - 4;
		pos += (size_t)n;
		if (plen && p[plen - 1] == '\n')
			plen--;
		if (plen >= 10 && memcmp(p, "# service=", 10) == 0) {
			if (plen - 10 != strlen("git-upload-pack") ||
			    memcmp(p + 10, "git-upload-pack", plen - 10) != 0) {
				git_refs_free(out);
				return ct_fail(err, CT_DATA, _("the server announces another service: %.*s"),
					       (int)(plen - 10), p + 10);
			}
			header = true;
			continue;
		}
		if (plen >= 4 && memcmp(p, "ERR ", 4) == 0) {
			git_refs_free(out);
			return ct_fail(err, CT_DATA, _("the git server says: %.*s"), (int)(plen - 4),
				       p + 4);
		}
		if (plen == 9 && memcmp(p, "version 1", 9) == 0)
			continue;
		const char *nul = memchr(p, '\0', plen);
		size_t rlen = nul ? (size_t)(nul - p) : plen;
		size_t ol = oid_len(p, rlen);
		if (!ol || rlen < ol + 2 || p[ol] != ' ' || !ref_name_ok(p + ol + 1, rlen - ol - 1)) {
			git_refs_free(out);
			return ct_fail(err, CT_DATA, _("malformed ref line in the advertisement: %.*s"),
				       (int)(rlen > 80 ? 80 : rlen), p);
		}
		if (first && nul) {
			out->capabilities = xstrndup(nul + 1, plen - rlen - 1);
			head_from_caps(out);
		}
		first = false;
		const char *name = p + ol + 1;
		size_t nlen = rlen - ol - 1;
		/* An empty repository advertises only its capabilities. */
		if (nlen == 15 && memcmp(name, "capabilities^{}", 15) == 0)
			continue;
		ref_add(out, p, ol, name, nlen);
	}
	if (!ended)
		goto truncated;
	return CT_OK;
truncated:
	git_refs_free(out);
	return ct_fail(err, CT_DATA, _("the ref advertisement is cut short (no final flush packet)"));
}

enum ct_status gitcheck_parse_dumb(const char *buf, size_t len, struct git_refs *out,
				   struct ct_error *err)
{
	memset(out, 0, sizeof(*out));
	size_t pos = 0;
	while (pos < len) {
		const char *p = buf + pos;
		const char *nl = memchr(p, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - p) : len - pos;
		pos += n + (nl ? 1 : 0);
		if (n && p[n - 1] == '\r')
			n--;
		if (!n)
			continue;
		size_t ol = oid_len(p, n);
		if (!ol || n < ol + 2 || p[ol] != '\t' || !ref_name_ok(p + ol + 1, n - ol - 1)) {
			git_refs_free(out);
			return ct_fail(err, CT_DATA, _("this is not a git info/refs file (line: %.*s)"),
				       (int)(n > 60 ? 60 : n), p);
		}
		ref_add(out, p, ol, p + ol + 1, n - ol - 1);
	}
	return CT_OK;
}

static bool scp_like(const char *url)
{
	/* git@host:path: a colon before any slash, and no "://". */
	const char *colon = strchr(url, ':');
	const char *slash = strchr(url, '/');
	return colon && colon != url && (!slash || colon < slash) && strncmp(colon, "://", 3) != 0;
}

bool gitcheck_url_checkable(const char *url, char **reason)
{
	*reason = NULL;
	if (str_starts_with(url, "ssh://") || str_starts_with(url, "git+ssh://") ||
	    str_starts_with(url, "ssh+git://") || scp_like(url)) {
		*reason = xstrdup(_("an SSH URL cannot be checked over HTTP: the build service reaches it with the source SSH key, which certtrack does not hold"));
		return false;
	}
	if (str_starts_with(url, "git://")) {
		*reason = xstrdup(_("a git:// URL cannot be checked over HTTP (and the git protocol is unauthenticated: prefer https:// or SSH)"));
		return false;
	}
	struct ct_error e;
	ct_error_clear(&e);
	if (!str_starts_with(url, "https://") && !str_starts_with(url, "http://")) {
		*reason = xasprintf(_("\"%s\" is not an https:// or SSH URL; nothing to check over HTTP"), url);
		return false;
	}
	if (http_url_check(url, &e)) {
		*reason = xstrdup(e.msg);
		return false;
	}
	return true;
}

static const struct git_ref *ref_find(const struct git_refs *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].name, name) == 0)
			return &r->v[i];
	return NULL;
}

static void branches_list(const struct git_refs *r, struct strlist *out)
{
	for (size_t i = 0; i < r->n; i++)
		if (str_starts_with(r->v[i].name, "refs/heads/"))
			strlist_add(out, r->v[i].name + 11);
}

static char *branches_text(const struct strlist *b)
{
	struct strbuf sb = {0};
	for (size_t i = 0; i < b->n && i < BRANCHES_SHOWN; i++)
		sb_addf(&sb, "%s%s", i ? ", " : "", b->v[i]);
	if (b->n > BRANCHES_SHOWN)
		sb_addf(&sb, _(" and %zu more"), b->n - BRANCHES_SHOWN);
	return sb_detach(&sb);
}

static void branch_check(const struct git_refs *r, const char *target, const char *branch,
			 struct verify_checks *out)
{
	struct strlist names = {0};
	branches_list(r, &names);
	char *list = branches_text(&names);
	char *details = verify_json_details("protocol", r->smart ? "smart" : "dumb", "head",
					    r->head_target, NULL, NULL, "branches", &names);
	struct verify_check *c;
	if (str_is_empty(branch)) {
		if (r->head_target && str_starts_with(r->head_target, "refs/heads/"))
			c = verify_checks_add(out, "git_branch", target, VERIFY_PASS, NULL,
					      _("no branch is set: the build service uses the default branch, %s"),
					      r->head_target + 11);
		else if (names.n)
			c = verify_checks_add(out, "git_branch", target, VERIFY_WARN,
					      _("set the branch field to the branch to build"),
					      _("no branch is set and the server does not say which is the default; branches: %s"),
					      list);
		else
			c = verify_checks_add(out, "git_branch", target, VERIFY_FAIL,
					      _("push the plugin's sources to the repository"),
					      _("the repository has no branch (it is empty)"));
	} else {
		const char *b = str_starts_with(branch, "refs/heads/") ? branch + 11 : branch;
		char *full = xasprintf("refs/heads/%s", b);
		char *tagref = xasprintf("refs/tags/%s", b);
		const struct git_ref *ref = ref_find(r, full);
		if (ref)
			c = verify_checks_add(out, "git_branch", target, VERIFY_PASS, NULL,
					      _("branch %s exists (commit %.12s)"), b, ref->oid);
		else if (!names.n)
			c = verify_checks_add(out, "git_branch", target, VERIFY_FAIL,
					      _("push the branch to the repository"),
					      _("branch %s does not exist: the repository has no branch (it is empty)"),
					      b);
		else if (ref_find(r, tagref))
			c = verify_checks_add(out, "git_branch", target, VERIFY_FAIL,
					      _("set the branch field to a branch; the build service checks out branches"),
					      _("%s is a tag, not a branch; branches: %s"), b, list);
		else
			c = verify_checks_add(out, "git_branch", target, VERIFY_FAIL,
					      _("set the branch field to one of the branches listed, or push the branch"),
					      _("branch %s does not exist; branches: %s"), b, list);
		free(full);
		free(tagref);
	}
	c->details = details;
	free(list);
	strlist_free(&names);
}

/* For a dumb server, HEAD is a file: "ref: refs/heads/main". */
static void dumb_head(struct http_client *h, const struct http_request *base, const char *url,
		      struct git_refs *r)
{
	struct http_request rq = *base;
	char *u = xasprintf("%s/HEAD", url);
	rq.url = u;
	struct http_response resp;
	struct ct_error e;
	ct_error_clear(&e);
	if (!http_get(h, &rq, &resp, &e) && resp.status == 200 &&
	    str_starts_with(resp.body, "ref: refs/heads/")) {
		size_t n = strcspn(resp.body + 5, "\r\n");
		r->head_target = xstrndup(resp.body + 5, n);
	}
	http_response_free(&resp);
	free(u);
}

static bool content_type_is(const char *ct, const char *type)
{
	size_t n = strlen(type);
	return ct && strncasecmp(ct, type, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

void gitcheck_run(struct http_client *h, const char *url, const char *branch,
		  struct verify_checks *out)
{
	if (str_is_empty(url)) {
		verify_checks_add(out, "git", "", VERIFY_FAIL,
				  _("set the git_url field to the repository the build service builds from"),
				  _("no git source URL is set"));
		return;
	}
	char *reason = NULL;
	/* scp-like URLs (git@host:path) do not parse; they carry no password. */
	char *target = http_url_redact(url);
	if (!target)
		target = xstrdup(url);
	if (!gitcheck_url_checkable(url, &reason)) {
		verify_checks_add(out, "git", target, VERIFY_SKIPPED, NULL, "%s", reason);
		free(reason);
		free(target);
		return;
	}
	/* The URL as given, without credentials (never taken from the
	 * database) and trailing slashes. */
	char *base = xstrdup(target);
	size_t bl = strlen(base);
	while (bl > 8 && base[bl - 1] == '/')
		base[--bl] = '\0';
	const char *user = getenv("CERTTRACK_GIT_USER");
	struct http_request rq = {.accept = "*/*", .netrc = true};
	if (user && *user) {
		rq.user = user;
		rq.password = getenv("CERTTRACK_GIT_PASSWORD");
	}
	char *smart_url = xasprintf("%s/info/refs?service=git-upload-pack", base);
	rq.url = smart_url;
	struct http_response resp;
	struct ct_error e;
	ct_error_clear(&e);
	struct git_refs refs = {0};
	bool have_refs = false;
	enum ct_status s = http_get(h, &rq, &resp, &e);
	if (!s && resp.status == 200 && content_type_is(resp.content_type, SMART_TYPE)) {
		if (gitcheck_parse_smart(resp.body, resp.len, &refs, &e)) {
			verify_checks_add(out, "git", target, VERIFY_FAIL, NULL,
					  _("%s answers, but not like a git server: %s"), target, e.msg);
			goto done;
		}
		have_refs = true;
	} else if (!s && (resp.status == 200 || resp.status == 404)) {
		/* A static server ignores the query and may send info/refs
		 * itself; otherwise ask for it without the query. */
		if (resp.status == 404) {
			http_response_free(&resp);
			char *dumb_url = xasprintf("%s/info/refs", base);
			rq.url = dumb_url;
			s = http_get(h, &rq, &resp, &e);
			free(dumb_url);
		}
		if (!s && resp.status == 200) {
			if (gitcheck_parse_dumb(resp.body, resp.len, &refs, &e)) {
				verify_checks_add(out, "git", target, VERIFY_FAIL,
						  _("check the URL: it should be the one you would give git clone"),
						  _("%s answers, but it is not a git repository (%s)"), target,
						  resp.content_type ? resp.content_type : e.msg);
				goto done;
			}
			have_refs = true;
			dumb_head(h, &rq, base, &refs);
		}
	}
	if (s) {
		verify_checks_add(out, "git", target, VERIFY_ERROR, NULL, "%s", e.msg);
		goto done;
	}
	if (!have_refs) {
		long st = resp.status;
		char *what = xasprintf(_("the git repository %s"), target);
		char *msg = http_status_sentence(&resp, what);
		enum verify_outcome o = (st == 429 || st >= 500) ? VERIFY_ERROR : VERIFY_FAIL;
		const char *fix = NULL;
		if (st == 401)
			fix = user ? _("the credentials in CERTTRACK_GIT_USER and CERTTRACK_GIT_PASSWORD were refused; check them")
				   : _("the repository is private: the build service needs an SSH git URL with a source SSH key; to check it from here, set CERTTRACK_GIT_USER and CERTTRACK_GIT_PASSWORD (a token) or add the host to ~/.netrc");
		else if (st == 403)
			fix = _("give a user that may read the repository (CERTTRACK_GIT_USER, CERTTRACK_GIT_PASSWORD or ~/.netrc)");
		else if (st == 404)
			fix = _("check the git_url field: it should be the URL you would give git clone");
		verify_checks_add(out, "git", target, o, fix, "%s", msg);
		free(msg);
		free(what);
		goto done;
	}
	verify_checks_add(out, "git", target, VERIFY_PASS, NULL,
			  refs.smart ? _("%s answers (smart HTTP protocol, %zu refs)")
				     : _("%s answers (dumb HTTP protocol, %zu refs)"),
			  target, refs.n);
	branch_check(&refs, target, branch, out);
done:
	git_refs_free(&refs);
	http_response_free(&resp);
	free(smart_url);
	free(base);
	free(target);
}
