/* validate_net.c - network addresses and where the sources are (7.5):
 * git URLs (HTTPS, ssh:// and scp-like), web URLs, branches, relative
 * paths in the build context, and SSH key references (never key
 * material). */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/validate.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"
#include "core/validate_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------- git URLs */

/* The parts of scheme://[user@]host[:port]/path. */
struct url_parts {
	const char *user;
	size_t user_len;
	const char *host;
	size_t host_len;
	const char *port;
	size_t port_len;
	const char *path; /* after the "/" that ends the authority, or NULL */
};

enum host_err { HOST_OK, HOST_EMPTY, HOST_BAD, PORT_BAD };

static enum host_err host_check(const char *h, size_t len, bool allow_utf8)
{
	if (!len)
		return HOST_EMPTY;
	if (h[0] == '[') {
		if (len < 3 || h[len - 1] != ']')
			return HOST_BAD;
		for (size_t i = 1; i + 1 < len; i++)
			if (!is_hex((unsigned char)h[i]) && h[i] != ':' && h[i] != '.')
				return HOST_BAD;
		return HOST_OK;
	}
	/* a leading "-" would be taken as an option by ssh */
	if (h[0] == '-' || h[0] == '.' || h[len - 1] == '-')
		return HOST_BAD;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)h[i];
		if (is_alnum(c) || c == '-' || c == '.' || (allow_utf8 && c >= 0x80))
			continue;
		return HOST_BAD;
	}
	return HOST_OK;
}

static enum host_err port_check(const char *p, size_t len)
{
	if (!len || len > 5)
		return PORT_BAD;
	unsigned v = 0;
	for (size_t i = 0; i < len; i++) {
		if (!is_digit((unsigned char)p[i]))
			return PORT_BAD;
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	return v >= 1 && v <= 65535 ? HOST_OK : PORT_BAD;
}

/* Splits s, the text after "scheme://". */
static enum host_err url_split(const char *s, bool allow_utf8, struct url_parts *u)
{
	size_t alen = strcspn(s, "/?#");
	const char *at = NULL;

	memset(u, 0, sizeof(*u));
	for (size_t i = 0; i < alen; i++)
		if (s[i] == '@')
			at = s + i;
	const char *h = s;
	if (at) {
		u->user = s;
		u->user_len = (size_t)(at - s);
		h = at + 1;
	}
	size_t hlen = alen - (size_t)(h - s);
	const char *colon = NULL;
	if (hlen && h[0] == '[') {
		const char *rb = memchr(h, ']', hlen);
		if (rb && (size_t)(rb - h) + 1 < hlen && rb[1] == ':')
			colon = rb + 1;
	} else {
		colon = memchr(h, ':', hlen);
	}
	u->host = h;
	u->host_len = colon ? (size_t)(colon - h) : hlen;
	if (colon) {
		u->port = colon + 1;
		u->port_len = hlen - u->host_len - 1;
	}
	if (s[alen] == '/')
		u->path = s + alen + 1;
	enum host_err e = host_check(u->host, u->host_len, allow_utf8);
	if (e == HOST_OK && colon)
		e = port_check(u->port, u->port_len);
	return e;
}

/* Length of "scheme" when s starts with "scheme://", else 0. */
static size_t scheme_len(const char *s)
{
	size_t i = 0;
	if (!is_alpha((unsigned char)s[0]))
		return 0;
	while (is_alnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '.' || s[i] == '-')
		i++;
	return strncmp(s + i, "://", 3) == 0 ? i : 0;
}

static bool scheme_is(const char *s, size_t len, const char *name)
{
	return strlen(name) == len && strncasecmp(s, name, len) == 0;
}

static char *git_scp_form(const struct url_parts *u)
{
	return xasprintf("git@%.*s:%s", (int)u->host_len, u->host, u->path);
}

static void git_host_problem(const char *field, const char *sv, enum host_err e,
			     const struct url_parts *u, struct problems *out)
{
	const char *fix = _("Give the repository's URL as shown by your git host, e.g. https://github.com/org/repo.git or git@github.com:org/repo.git.");
	if (e == HOST_EMPTY) {
		problems_add(out, CT_SEV_ERROR, "git_url.format", field, NULL, NULL, fix,
			     _("git URL \"%s\" has no host"), sv);
	} else if (e == HOST_BAD) {
		char *h = xstrndup(u->host, u->host_len);
		char *sh = vd_show(h);
		problems_add(out, CT_SEV_ERROR, "git_url.format", field, NULL, NULL, fix,
			     _("git URL \"%s\" has an invalid host \"%s\""), sv, sh);
		free(sh);
		free(h);
	} else {
		char *p = xstrndup(u->port, u->port_len);
		char *sp = vd_show(p);
		problems_add(out, CT_SEV_ERROR, "git_url.format", field, NULL, NULL, fix,
			     _("git URL \"%s\" has an invalid port \"%s\""), sv, sp);
		free(sp);
		free(p);
	}
}

static bool git_user_ok(const char *u, size_t len)
{
	if (!len || u[0] == '-')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!is_alnum((unsigned char)u[i]) && !strchr("._-", u[i]))
			return false;
	return true;
}

static void git_url_with_scheme(const char *field, const char *value, const char *sv,
				size_t sl, bool need_ssh, struct problems *out)
{
	const char *rest = value + sl + 3;
	const char *fix_scheme = _("Use an https:// URL, or an SSH URL such as git@github.com:org/repo.git.");
	struct url_parts u;
	enum host_err e = url_split(rest, false, &u);
	bool has_path = u.path && *u.path;
	bool is_https = scheme_is(value, sl, "https");
	bool is_ssh = scheme_is(value, sl, "ssh");

	if (!is_https && !is_ssh) {
		char *s = NULL;
		if (e == HOST_OK && has_path) {
			char *hp = xstrndup(u.host, u.host_len);
			if (need_ssh)
				s = git_scp_form(&u);
			else if (scheme_is(value, sl, "http") || scheme_is(value, sl, "git"))
				s = xasprintf("https://%s/%s", hp, u.path);
			else if (scheme_is(value, sl, "git+ssh") || scheme_is(value, sl, "ssh+git"))
				s = xasprintf("ssh://%s", rest);
			free(hp);
		}
		if (scheme_is(value, sl, "http"))
			problems_add(out, CT_SEV_ERROR, "git_url.scheme", field, NULL, s,
				     _("Use https:// (or SSH) so that the code is fetched over an encrypted, authenticated connection."),
				     _("git URL \"%s\" uses plain http://"), sv);
		else {
			char *sch = xstrndup(value, sl);
			char *ssch = vd_show(sch);
			problems_add(out, CT_SEV_ERROR, "git_url.scheme", field, NULL, s,
				     fix_scheme,
				     /* TRANSLATORS: the second %s is a URL scheme such as ftp */
				     _("git URL \"%s\" uses the %s:// scheme; the build service accepts only HTTPS and SSH URLs"),
				     sv, ssch);
			free(ssch);
			free(sch);
		}
		free(s);
		return;
	}
	if (e != HOST_OK) {
		git_host_problem(field, sv, e, &u, out);
		return;
	}
	if (!has_path) {
		problems_add(out, CT_SEV_ERROR, "git_url.format", field, NULL, NULL,
			     _("Add the repository's path, e.g. https://github.com/org/repo.git."),
			     _("git URL \"%s\" names no repository"), sv);
		return;
	}
	if (is_ssh && u.user && !git_user_ok(u.user, u.user_len)) {
		problems_add(out, CT_SEV_ERROR, "git_url.format", field, NULL, NULL,
			     _("Use the user name your git host gives, usually git."),
			     _("git URL \"%s\" has an invalid user name"), sv);
		return;
	}
	if (is_https && u.user && memchr(u.user, ':', u.user_len)) {
		/* u.host runs on to the end of the URL: host and path */
		char *s = xasprintf("https://%s", u.host);
		problems_add(out, CT_SEV_ERROR, "git_url.credentials", field, NULL, s,
			     _("Remove the user name and password from the URL; certtrack never stores credentials."),
			     _("git URL \"%s\" contains a password"), sv);
		free(s);
		return;
	}
	if (is_https && need_ssh) {
		char *s = git_scp_form(&u);
		problems_add(out, CT_SEV_ERROR, "git_url.ssh_required", field, NULL, s,
			     _("Use the repository's SSH URL, or remove the source SSH key if the repository is public."),
			     _("git URL \"%s\" is an HTTPS URL, but SSH is required when a source SSH key is configured"),
			     sv);
		free(s);
	}
}

void v_git_url(const struct validate_ctx *ctx, const char *field,
		      const char *value, struct problems *out)
{
	const char *key = vd_ctx_get(ctx, "git_ssh_key");
	bool need_ssh = !str_is_empty(key);
	const char *fix_local = _("Give a URL the build service can clone from the Internet: https://host/org/repo.git or git@host:org/repo.git.");
	char *sv = vd_show(value);

	if (vd_has_space_or_ctrl(value)) {
		char *t = vd_trim_dup(value);
		bool only_edges = *t && !vd_has_space_or_ctrl(t);
		problems_add(out, CT_SEV_ERROR, "git_url.format", field, NULL,
			     only_edges ? t : NULL,
			     _("Remove the spaces; a URL has none."),
			     _("git URL \"%s\" contains white space or control characters"), sv);
		free(t);
		goto done;
	}
	size_t sl = scheme_len(value);
	if (sl) {
		git_url_with_scheme(field, value, sv, sl, need_ssh, out);
		goto done;
	}
	const char *colon = strchr(value, ':');
	const char *slash = strchr(value, '/');
	if (!colon || (slash && slash < colon) || value[0] == '.' || value[0] == '~' ||
	    (colon == value + 1 && is_alpha((unsigned char)value[0]))) {
		problems_add(out, CT_SEV_ERROR, "git_url.scheme", field, NULL, NULL, fix_local,
			     _("git URL \"%s\" is a local path, not a URL"), sv);
		goto done;
	}
	/* scp-like: [user@]host:path */
	const char *at = memchr(value, '@', (size_t)(colon - value));
	const char *host = at ? at + 1 : value;
	struct url_parts u = { 0 };
	u.host = host;
	u.host_len = (size_t)(colon - host);
	u.path = colon + 1;
	enum host_err e = host_check(u.host, u.host_len, false);
	if (e != HOST_OK) {
		git_host_problem(field, sv, e, &u, out);
	} else if (!*u.path) {
		problems_add(out, CT_SEV_ERROR, "git_url.format", field, NULL, NULL,
			     _("Add the repository's path after the colon, e.g. git@github.com:org/repo.git."),
			     _("git URL \"%s\" names no repository"), sv);
	} else if (!at) {
		char *s = git_scp_form(&u);
		problems_add(out, CT_SEV_ERROR, "git_url.format", field, NULL, s,
			     _("Put the SSH user name in front of the host, usually git@."),
			     _("git URL \"%s\" has no user name"), sv);
		free(s);
	} else if (!git_user_ok(value, (size_t)(at - value))) {
		problems_add(out, CT_SEV_ERROR, "git_url.format", field, NULL, NULL,
			     _("Use the user name your git host gives, usually git."),
			     _("git URL \"%s\" has an invalid user name"), sv);
	}
done:
	free(sv);
}

/* ------------------------------------------------------------ branches */

enum ref_err {
	REF_OK,
	REF_EMPTY,
	REF_DASH,
	REF_AT,
	REF_HEAD,
	REF_SLASH_EDGE,
	REF_SLASH_DOUBLE,
	REF_DOT_END,
	REF_CTRL,
	REF_CHAR,
	REF_DOTDOT,
	REF_AT_BRACE,
	REF_COMP_DOT,
	REF_COMP_LOCK,
};

/* git check-ref-format --branch rules; *off receives the byte offset of
 * the offending character where there is one. */
static enum ref_err ref_check(const char *s, size_t *off)
{
	size_t len = strlen(s);

	*off = 0;
	if (!len)
		return REF_EMPTY;
	if (s[0] == '-')
		return REF_DASH;
	if (strcmp(s, "@") == 0)
		return REF_AT;
	if (strcmp(s, "HEAD") == 0)
		return REF_HEAD;
	if (s[0] == '/' || s[len - 1] == '/')
		return REF_SLASH_EDGE;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		*off = i;
		if (is_ctrl(c))
			return REF_CTRL;
		if (strchr(" ~^:?*[\\", c))
			return REF_CHAR;
		if (c == '/' && s[i + 1] == '/')
			return REF_SLASH_DOUBLE;
		if (c == '.' && s[i + 1] == '.')
			return REF_DOTDOT;
		if (c == '@' && s[i + 1] == '{')
			return REF_AT_BRACE;
	}
	/* components: none starts with "." or ends with ".lock" */
	const char *p = s;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t cl = e ? (size_t)(e - p) : strlen(p);
		*off = (size_t)(p - s);
		if (cl && p[0] == '.')
			return REF_COMP_DOT;
		if (cl >= 5 && memcmp(p + cl - 5, ".lock", 5) == 0)
			return REF_COMP_LOCK;
		p += cl;
		if (*p == '/')
			p++;
	}
	*off = len - 1;
	if (s[len - 1] == '.')
		return REF_DOT_END;
	return REF_OK;
}

bool valid_git_ref_name(const char *branch)
{
	size_t off;
	return branch && ref_check(branch, &off) == REF_OK;
}


static char *branch_fix(const char *b)
{
	struct strbuf sb = { 0 };
	for (const unsigned char *p = (const unsigned char *)b; *p; p++) {
		unsigned char c = *p;
		if (is_ctrl(c) || strchr(" ~^:?*[\\", c))
			c = '-';
		if (c == '/' && sb.len && sb.buf[sb.len - 1] == '/')
			continue;
		if (c == '.' && sb.len && sb.buf[sb.len - 1] == '.')
			continue;
		if ((c == '.' || c == '-' || c == '/') && !sb.len)
			continue;
		if (c == '.' && sb.len && sb.buf[sb.len - 1] == '/')
			continue;
		if (c == '{' && sb.len && sb.buf[sb.len - 1] == '@')
			c = '-';
		sb_addc(&sb, (char)c);
	}
	while (sb.len && strchr("/.-", sb.buf[sb.len - 1]))
		sb.buf[--sb.len] = '\0';
	while (str_ends_with(sb_str(&sb), ".lock")) {
		sb.len -= 5;
		sb.buf[sb.len] = '\0';
	}
	char *s = sb_detach(&sb);
	if (!valid_git_ref_name(s))
		x_free(&s);
	return s;
}

void v_git_ref(const struct validate_ctx *ctx, const char *field,
		      const char *value, struct problems *out)
{
	(void)ctx;
	size_t off;
	enum ref_err e = ref_check(value, &off);
	char *sv = vd_show(value);
	char *s = e != REF_OK ? branch_fix(value) : NULL;
	const char *fix = _("Give the branch name as git shows it (git branch), e.g. main or stable/1.2.");
	char *bad;

	/* The formats stay literal so that the compiler checks them. */
#define REF_ADD(fmt) \
	problems_add(out, CT_SEV_ERROR, "branch.format", field, NULL, s, fix, fmt, sv)
	switch (e) {
	case REF_OK:
		if (str_starts_with(value, "refs/heads/") && valid_git_ref_name(value + 11))
			problems_add(out, CT_SEV_WARNING, "branch.refs_prefix", field, NULL,
				     value + 11,
				     _("Give the short branch name without \"refs/heads/\"."),
				     _("branch \"%s\" is a full ref name; the build service expects a branch name"),
				     sv);
		break;
	case REF_EMPTY:
		REF_ADD(_("branch name \"%s\" is empty"));
		break;
	case REF_DASH:
		REF_ADD(_("branch \"%s\" starts with \"-\""));
		break;
	case REF_AT:
		REF_ADD(_("branch \"%s\" is not a valid branch name"));
		break;
	case REF_HEAD:
		REF_ADD(_("branch \"%s\" is a reserved name, not a branch"));
		break;
	case REF_SLASH_EDGE:
		REF_ADD(_("branch \"%s\" starts or ends with \"/\""));
		break;
	case REF_SLASH_DOUBLE:
		REF_ADD(_("branch \"%s\" contains \"//\""));
		break;
	case REF_DOT_END:
		REF_ADD(_("branch \"%s\" ends with \".\""));
		break;
	case REF_CTRL:
		REF_ADD(_("branch \"%s\" contains a control character"));
		break;
	case REF_CHAR:
		bad = vd_show_char_at(value, off);
		problems_add(out, CT_SEV_ERROR, "branch.format", field, NULL, s, fix,
			     /* TRANSLATORS: branch "<name>" contains "<character>" */
			     _("branch \"%s\" contains \"%s\", which git does not allow in a branch name"),
			     sv, bad);
		free(bad);
		break;
	case REF_DOTDOT:
		REF_ADD(_("branch \"%s\" contains \"..\""));
		break;
	case REF_AT_BRACE:
		REF_ADD(_("branch \"%s\" contains \"@{\""));
		break;
	case REF_COMP_DOT:
		REF_ADD(_("branch \"%s\" has a part that starts with \".\""));
		break;
	case REF_COMP_LOCK:
		REF_ADD(_("branch \"%s\" has a part that ends with \".lock\""));
		break;
	}
#undef REF_ADD
	free(s);
	free(sv);
}

/* ------------------------------------------------------------------ paths */

void v_relative_path(const struct validate_ctx *ctx, const char *field,
			    const char *value, struct problems *out)
{
	(void)ctx;
	char *sv = vd_show(value);
	size_t len = strlen(value);

	for (size_t i = 0; i < len; i++) {
		if (is_ctrl((unsigned char)value[i])) {
			problems_add(out, CT_SEV_ERROR, "path.control", field, NULL, NULL,
				     _("Remove the control characters from the path."),
				     _("path \"%s\" contains a control character"), sv);
			goto done;
		}
	}
	if (len > PATH_MAX_LEN) {
		problems_add(out, CT_SEV_ERROR, "path.length", field, NULL, NULL,
			     _("Shorten the path."),
			     /* TRANSLATORS: the numbers are a length and the limit */
			     _("path \"%s\" is %zu bytes long; a path has at most %d"),
			     sv, len, PATH_MAX_LEN);
		goto done;
	}
	if (value[0] == '/' || value[0] == '~' ||
	    (is_alpha((unsigned char)value[0]) && value[1] == ':' &&
	     (value[2] == '\\' || value[2] == '/'))) {
		const char *r = value;
		while (*r == '/')
			r++;
		char *s = value[0] == '/' && *r ? xstrdup(r) : NULL;
		problems_add(out, CT_SEV_ERROR, "path.absolute", field, NULL, s,
			     _("Give the path relative to the root of the git repository, e.g. docker/Dockerfile."),
			     _("path \"%s\" is absolute; it must be relative to the repository"), sv);
		free(s);
	}
	for (const char *p = value; *p;) {
		size_t cl = strcspn(p, "/\\");
		if (cl == 2 && p[0] == '.' && p[1] == '.') {
			problems_add(out, CT_SEV_ERROR, "path.parent", field, NULL, NULL,
				     _("Give a path inside the repository, without \"..\"."),
				     _("path \"%s\" leaves the repository with \"..\""), sv);
			break;
		}
		p += cl;
		if (*p)
			p++;
	}
	if (strchr(value, '\\')) {
		char *s = xstrdup(value);
		for (char *p = s; *p; p++)
			if (*p == '\\')
				*p = '/';
		problems_add(out, CT_SEV_WARNING, "path.backslash", field, NULL, s,
			     _("Separate directories with \"/\"; the build runs on Linux."),
			     _("path \"%s\" contains \"\\\""), sv);
		free(s);
	}
done:
	free(sv);
}

/* --------------------------------------------------------------- SSH keys */

static bool is_b64(unsigned char c)
{
	return is_alnum(c) || c == '+' || c == '/' || c == '=';
}

static bool looks_like_key_material(const char *v)
{
	static const char *const markers[] = {
		"-----BEGIN", "PRIVATE KEY", "PuTTY-User-Key-File", "---- BEGIN SSH2",
	};
	for (size_t i = 0; i < ARRAY_SIZE(markers); i++)
		if (str_casestr(v, markers[i]))
			return true;
	/* a public key line: "<type> AAAA... [comment]" */
	bool typed = str_casestr(v, "ssh-") || str_casestr(v, "ecdsa-");
	const char *p = v;
	while (*p) {
		while (is_space((unsigned char)*p))
			p++;
		size_t tl = 0;
		while (p[tl] && !is_space((unsigned char)p[tl]))
			tl++;
		bool b64 = tl >= 20;
		for (size_t i = 0; b64 && i < tl; i++)
			b64 = is_b64((unsigned char)p[i]);
		/* base64 of an SSH key blob starts with AAAA (its length) */
		if (b64 && strncmp(p, "AAAA", 4) == 0 && (typed || tl >= 60))
			return true;
		p += tl;
	}
	return false;
}

void v_ssh_key_ref(const struct validate_ctx *ctx, const char *field,
			  const char *value, struct problems *out)
{
	(void)ctx;
	const char *fix = _("Give the path of the key file (e.g. ~/.ssh/id_ed25519) or its fingerprint (ssh-keygen -lf FILE) instead.");

	/* The value is never quoted here: it may be a secret. */
	if (looks_like_key_material(value)) {
		problems_add(out, CT_SEV_ERROR, "ssh_key.material", field, NULL, NULL, fix,
			     "%s", _("the SSH key field holds key material; certtrack never stores keys"));
		return;
	}
	char *sv = vd_show(value);
	if (strncasecmp(value, "SHA256:", 7) == 0) {
		const char *f = value + 7;
		size_t n = 0;
		while (is_b64((unsigned char)f[n]) && f[n] != '=')
			n++;
		size_t pad = 0;
		while (f[n + pad] == '=')
			pad++;
		if (n != 43 || pad > 1 || f[n + pad])
			problems_add(out, CT_SEV_ERROR, "ssh_key.fingerprint", field, NULL, NULL,
				     fix,
				     _("fingerprint \"%s\" is not a SHA256 fingerprint (SHA256: and 43 base64 characters)"),
				     sv);
		goto done;
	}
	const char *h = value;
	bool md5 = false;
	if (strncasecmp(value, "MD5:", 4) == 0) {
		h = value + 4;
		md5 = true;
	} else if (is_hex((unsigned char)value[0]) && is_hex((unsigned char)value[1]) &&
		   value[2] == ':') {
		md5 = true;
	}
	if (md5) {
		size_t pairs = 0, i = 0;
		bool ok = true;
		while (ok && h[i]) {
			ok = is_hex((unsigned char)h[i]) && is_hex((unsigned char)h[i + 1]);
			if (ok) {
				pairs++;
				i += 2;
				if (h[i] == ':' && h[i + 1])
					i++;
				else if (h[i])
					ok = false;
			}
		}
		if (!ok || pairs != 16)
			problems_add(out, CT_SEV_ERROR, "ssh_key.fingerprint", field, NULL, NULL,
				     fix,
				     _("fingerprint \"%s\" is not an MD5 fingerprint (16 hexadecimal pairs separated by colons)"),
				     sv);
		goto done;
	}
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (is_ctrl(*p)) {
			problems_add(out, CT_SEV_ERROR, "ssh_key.format", field, NULL, NULL, fix,
				     _("SSH key reference \"%s\" contains a control character"), sv);
			break;
		}
	}
done:
	free(sv);
}

void v_url(const struct validate_ctx *ctx, const char *field, const char *value,
		  struct problems *out)
{
	(void)ctx;
	const char *fix = _("Give a full web address such as https://example.com/product.");
	char *sv = vd_show(value);
	size_t len = strlen(value);

	if (vd_has_space_or_ctrl(value) || !utf8_valid(value, len)) {
		char *t = vd_trim_dup(value);
		bool ok = *t && !vd_has_space_or_ctrl(t) && utf8_valid(t, strlen(t));
		problems_add(out, CT_SEV_ERROR, "url.format", field, NULL, ok ? t : NULL,
			     _("Remove the spaces, or write them as %20."),
			     _("URL \"%s\" contains white space, control characters or invalid UTF-8"),
			     sv);
		free(t);
		goto done;
	}
	size_t sl = scheme_len(value);
	if (!sl) {
		/* "www.example.com/x": the user left out the scheme */
		struct url_parts u;
		char *s = NULL;
		if (!strchr(value, ':') && url_split(value, true, &u) == HOST_OK &&
		    memchr(u.host, '.', u.host_len))
			s = xasprintf("https://%s", value);
		problems_add(out, CT_SEV_ERROR, "url.scheme", field, NULL, s, fix,
			     _("URL \"%s\" does not start with https://"), sv);
		free(s);
		goto done;
	}
	bool https = scheme_is(value, sl, "https");
	bool http = scheme_is(value, sl, "http");
	if (!https && !http) {
		char *sch = xstrndup(value, sl);
		char *ssch = vd_show(sch);
		problems_add(out, CT_SEV_ERROR, "url.scheme", field, NULL, NULL, fix,
			     /* TRANSLATORS: the second %s is a URL scheme such as ftp */
			     _("URL \"%s\" uses the %s:// scheme; only https:// and http:// are accepted"),
			     sv, ssch);
		free(ssch);
		free(sch);
		goto done;
	}
	struct url_parts u;
	enum host_err e = url_split(value + sl + 3, true, &u);
	if (e == HOST_EMPTY) {
		problems_add(out, CT_SEV_ERROR, "url.format", field, NULL, NULL, fix,
			     _("URL \"%s\" has no host"), sv);
	} else if (e == HOST_BAD) {
		problems_add(out, CT_SEV_ERROR, "url.format", field, NULL, NULL, fix,
			     _("URL \"%s\" has an invalid host"), sv);
	} else if (e == PORT_BAD) {
		problems_add(out, CT_SEV_ERROR, "url.format", field, NULL, NULL, fix,
			     _("URL \"%s\" has an invalid port"), sv);
	} else if (http) {
		char *s = xasprintf("https://%s", value + sl + 3);
		problems_add(out, CT_SEV_WARNING, "url.http", field, NULL, s,
			     _("Use https:// if the site offers it."),
			     _("URL \"%s\" uses plain http://"), sv);
		free(s);
	}
done:
	free(sv);
}
