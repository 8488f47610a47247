/* validate.c - the named field validators a template refers to: the
 * project naming rules of the guide (7.1, 7.4), registry names, OCI tags,
 * git URLs and branches, paths, SSH key references and contact data.
 *
 * Every validator appends problems; it never fails and never trusts the
 * value: values may hold any bytes and be very long, and they are quoted
 * in messages escaped and cut to SHOW_MAX bytes.
 *
 * Rule names (stable, never translated; E = error, W = warning):
 *   project_name, validate_project_name():
 *     name.case          E  uppercase letters
 *     name.charset       E  a character other than a-z, 0-9 and "-"
 *     name.hyphen        E  leading, trailing or doubled hyphen
 *     name.prefix        E  does not start with rhosp<MAJOR>-
 *     name.version       E  <MAJOR> differs from the Red Hat product version
 *     name.base_missing  E  nothing that could be a base image
 *     name.base_image    W  base image not in the template's list
 *     name.plugin        E  no plugin part after the base image
 *     name.registry      E  not a registry path component for another
 *                           reason than the above (in practice: too long)
 *   outbound_repository: outbound.format E, outbound.differs W
 *   registry_namespace:  namespace.case E, namespace.format E
 *   oci_tag:             tag.format E, tag.latest W, tag.version W
 *   git_url:             git_url.format E, git_url.scheme E,
 *                        git_url.credentials E, git_url.ssh_required E
 *   git_ref:             branch.format E, branch.refs_prefix W
 *   relative_path:       path.control E, path.length E, path.absolute E,
 *                        path.parent E, path.backslash W
 *   ssh_key_ref:         ssh_key.material E, ssh_key.fingerprint E,
 *                        ssh_key.format E
 *   email:               email.format E, email.display_name E
 *   phone:               phone.format E, phone.digits E
 *   url:                 url.format E, url.scheme E, url.http W
 *   choice:              choice.invalid E
 *   multi_choice:        choice.invalid E, choice.duplicate E, choice.empty E
 *   bool:                bool.invalid E
 *
 * A suggestion is only given when applying it fixes the problem; project
 * name suggestions also lowercase the name and tidy its hyphens, so that
 * applying any one of them never keeps a problem that has a certain fix.
 */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/validate.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Bytes of a value quoted in a message before it is cut. */
#define SHOW_MAX 60
#define ELLIPSIS "\xe2\x80\xa6"
#define REGISTRY_MAX 255
#define OCI_TAG_MAX 128
#define PATH_MAX_LEN 4095
/* An unknown base image is close enough to be replaced automatically when
 * it is at most this many edits away, or a quarter of the known name. */
#define CLOSE_EDITS 2

/* ---------------------------------------------------------------- helpers */

static bool is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(unsigned char c)
{
	return is_lower(c) || is_upper(c);
}

static bool is_alnum(unsigned char c)
{
	return is_alpha(c) || is_digit(c);
}

static bool is_lower_alnum(unsigned char c)
{
	return is_lower(c) || is_digit(c);
}

static bool is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_ctrl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static unsigned char to_lower(unsigned char c)
{
	return is_upper(c) ? (unsigned char)(c - 'A' + 'a') : c;
}

static bool has_space_or_ctrl(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (is_space(*p) || is_ctrl(*p))
			return true;
	return false;
}

static bool has_upper(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (is_upper(*p))
			return true;
	return false;
}

static char *lower_dup(const char *s)
{
	char *d = xstrdup(s);
	for (unsigned char *p = (unsigned char *)d; *p; p++)
		*p = to_lower(*p);
	return d;
}

/* s without leading and trailing ASCII white space. */
static char *trim_dup(const char *s)
{
	const char *e = s + strlen(s);
	while (is_space((unsigned char)*s))
		s++;
	while (e > s && is_space((unsigned char)e[-1]))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

/* Length of the valid UTF-8 sequence at s (avail bytes left), 0 when the
 * bytes there are not one; *cp receives the code point. */
static size_t utf8_seq(const unsigned char *s, size_t avail, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		n = 2;
		v = c & 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3;
		v = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (n > avail)
		return 0;
	for (size_t k = 1; k < n; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[k] & 0x3F);
	}
	if ((n == 2 && v < 0x80) || (n == 3 && v < 0x800) ||
	    (n == 4 && v < 0x10000) || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

/* Code points that must not reach a terminal raw: C1 controls and the
 * bidirectional overrides that can make text read differently. */
static bool cp_hidden(uint32_t cp)
{
	return (cp >= 0x80 && cp < 0xA0) || cp == 0x061C || cp == 0x200E ||
	       cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static void show_char(struct strbuf *sb, const unsigned char *s, size_t n, uint32_t cp)
{
	if (n == 0) {
		sb_addf(sb, "\\x%02x", s[0]);
	} else if (cp == '"' || cp == '\\') {
		sb_addc(sb, '\\');
		sb_addc(sb, (char)cp);
	} else if (cp == '\n') {
		sb_add(sb, "\\n");
	} else if (cp == '\t') {
		sb_add(sb, "\\t");
	} else if (cp == '\r') {
		sb_add(sb, "\\r");
	} else if (cp < 0x20 || cp == 0x7f) {
		sb_addf(sb, "\\x%02x", (unsigned)cp);
	} else if (cp_hidden(cp)) {
		sb_addf(sb, "\\u%04x", (unsigned)cp);
	} else {
		sb_addn(sb, (const char *)s, n);
	}
}

/* The value as it is quoted in messages: escaped, cut on a character
 * boundary after SHOW_MAX bytes of the value. Caller frees. */
static char *show(const char *v)
{
	struct strbuf sb = { 0 };
	const unsigned char *s = (const unsigned char *)v;
	size_t len = strlen(v), i = 0;

	while (i < len) {
		uint32_t cp = 0;
		size_t n = utf8_seq(s + i, len - i, &cp);
		if (i + (n ? n : 1) > SHOW_MAX) {
			sb_add(&sb, ELLIPSIS);
			break;
		}
		show_char(&sb, s + i, n, cp);
		i += n ? n : 1;
	}
	return sb_detach(&sb);
}

/* One character of s starting at byte off, shown as in show(). */
static char *show_char_at(const char *s, size_t off)
{
	struct strbuf sb = { 0 };
	const unsigned char *u = (const unsigned char *)s + off;
	uint32_t cp = 0;
	size_t n = utf8_seq(u, strlen((const char *)u), &cp);
	show_char(&sb, u, n, cp);
	return sb_detach(&sb);
}

/* 1-based character position of byte off (continuation bytes of valid
 * or invalid sequences are not counted twice, which is close enough). */
static size_t char_pos(const char *s, size_t off)
{
	size_t pos = 1;
	for (size_t i = 0; i < off; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			pos++;
	return pos;
}

static const char *ctx_get(const struct validate_ctx *ctx, const char *key)
{
	if (!ctx || !ctx->lookup)
		return NULL;
	return ctx->lookup(ctx->ud, key);
}

static size_t count_bases(const char *const *bases, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; bases && i < n; i++)
		if (bases[i] && *bases[i])
			k++;
	return k;
}

/* ---------------------------------------------------------- predicates */

bool valid_registry_component(const char *s)
{
	size_t i = 0;

	if (!s || !*s || strlen(s) > REGISTRY_MAX)
		return false;
	for (;;) {
		if (!is_lower_alnum((unsigned char)s[i]))
			return false;
		while (is_lower_alnum((unsigned char)s[i]))
			i++;
		if (!s[i])
			return true;
		if (s[i] == '.') {
			i++;
		} else if (s[i] == '_') {
			i += s[i + 1] == '_' ? 2 : 1;
		} else if (s[i] == '-') {
			while (s[i] == '-')
				i++;
		} else {
			return false;
		}
	}
}

bool valid_oci_tag(const char *tag)
{
	if (!tag || !*tag)
		return false;
	if (!is_alnum((unsigned char)tag[0]) && tag[0] != '_')
		return false;
	size_t i;
	for (i = 1; tag[i]; i++) {
		unsigned char c = (unsigned char)tag[i];
		if (i >= OCI_TAG_MAX)
			return false;
		if (!is_alnum(c) && c != '_' && c != '.' && c != '-')
			return false;
	}
	return true;
}

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

/* ------------------------------------------------------- project names */

/* Every hyphen-separated word of guess (three letters or more) starts a
 * word of base: "cinder" matches openstack-cinder-volume. */
static bool words_match(const char *guess, const char *base)
{
	bool any = false;
	for (const char *g = guess; *g;) {
		size_t gl = strcspn(g, "-");
		if (gl >= 3) {
			bool found = false;
			for (const char *b = base; *b && !found;) {
				size_t bl = strcspn(b, "-");
				found = gl <= bl && strncmp(g, b, gl) == 0;
				b += bl;
				if (*b == '-')
					b++;
			}
			if (!found)
				return false;
			any = true;
		} else if (gl) {
			return false;
		}
		g += gl;
		if (*g == '-')
			g++;
	}
	return any;
}

size_t name_nearest_bases(const char *guess, const char *const *base_images,
			  size_t n, const char **out, size_t max)
{
	if (!guess || !base_images || !out || !max)
		return 0;
	if (max > n)
		max = n;
	size_t *dist = xcalloc(max ? max : 1, sizeof(*dist));
	size_t cnt = 0;
	for (size_t i = 0; i < n; i++) {
		const char *b = base_images[i];
		bool seen = false;
		if (!b || !*b)
			continue;
		for (size_t k = 0; k < cnt; k++)
			if (strcmp(out[k], b) == 0)
				seen = true;
		if (seen)
			continue;
		/* Matching words come before any edit distance; among them the
		 * template's order decides. */
		size_t d = words_match(guess, b) ? 0 : str_distance(guess, b) + 1;
		size_t pos = cnt;
		/* strictly smaller moves ahead: ties keep the template's order */
		while (pos > 0 && dist[pos - 1] > d)
			pos--;
		if (pos >= max)
			continue;
		size_t last = cnt < max ? cnt : max - 1;
		for (size_t k = last; k > pos; k--) {
			out[k] = out[k - 1];
			dist[k] = dist[k - 1];
		}
		out[pos] = b;
		dist[pos] = d;
		if (cnt < max)
			cnt++;
	}
	free(dist);
	return cnt;
}

/* The name lowercased, with every run of hyphens and (when the name is
 * otherwise plain printable ASCII) other punctuation turned into a single
 * hyphen, and no hyphen at either end. Equal to the name when it is well
 * formed; the structure of a name is read from this form. */
static char *name_canon(const char *name)
{
	struct strbuf sb = { 0 };
	bool ascii = true, dash = false;
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p >= 0x7f)
			ascii = false;
	for (p = (const unsigned char *)name; *p; p++) {
		unsigned char c = to_lower(*p);
		if (c == '-' || (ascii && !is_lower_alnum(c))) {
			dash = true;
			continue;
		}
		if (dash && sb.len)
			sb_addc(&sb, '-');
		dash = false;
		sb_addc(&sb, (char)c);
	}
	return sb_detach(&sb);
}

static bool name_chars_ok(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (!is_lower_alnum(*p) && *p != '-')
			return false;
	return true;
}

/* What the name says, read from its canonical form. */
struct name_an {
	char *canon;
	char *major;     /* digits after "rhosp", or NULL */
	bool prefix_ok;  /* canon is rhosp<digits>-... or just rhosp<digits> */
	size_t rest_off; /* where the part after the prefix starts */
	char *base;
	size_t base_off;
	bool base_known;
	char *plugin;
};

static void name_an_free(struct name_an *an)
{
	x_free(&an->canon);
	x_free(&an->major);
	x_free(&an->base);
	x_free(&an->plugin);
}

/* The known base image s starts with: the one s equals, else the longest
 * that is followed by "-" and a non-empty plugin part. */
static const char *match_base(const char *s, const char *const *bases, size_t n,
			      bool *exact)
{
	const char *best = NULL;
	size_t best_len = 0;

	*exact = false;
	for (size_t i = 0; i < n; i++) {
		if (bases[i] && *bases[i] && strcmp(s, bases[i]) == 0) {
			*exact = true;
			return bases[i];
		}
	}
	for (size_t i = 0; i < n; i++) {
		const char *b = bases[i];
		if (!b || !*b)
			continue;
		size_t bl = strlen(b);
		if (bl > best_len && strncmp(s, b, bl) == 0 && s[bl] == '-' && s[bl + 1]) {
			best = b;
			best_len = bl;
		}
	}
	return best;
}

static bool name_take_base(struct name_an *an, size_t off, const char *const *bases,
			   size_t n)
{
	bool exact;
	const char *b = match_base(an->canon + off, bases, n, &exact);
	if (!b)
		return false;
	size_t bl = strlen(b);
	an->base = xstrdup(b);
	an->base_off = off;
	an->base_known = true;
	if (!exact)
		an->plugin = xstrdup(an->canon + off + bl + 1);
	return true;
}

static size_t nearest_distance(const char *s, const char *const *bases, size_t n,
			       const char **nearest)
{
	size_t best = SIZE_MAX;
	*nearest = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!bases[i] || !*bases[i])
			continue;
		size_t d = str_distance(s, bases[i]);
		if (d < best) {
			best = d;
			*nearest = bases[i];
		}
	}
	return best;
}

static bool close_enough(size_t d, const char *nearest)
{
	return nearest && (d <= CLOSE_EDITS || d * 4 <= strlen(nearest));
}

/* No known base image starts at rest: take the hyphen-separated prefix
 * that is nearest to a known one as the base image the user meant. */
static void name_guess_base(struct name_an *an, const char *const *bases, size_t n)
{
	const char *rest = an->canon + an->rest_off;
	size_t rl = strlen(rest);
	size_t cap = 8, best_d = SIZE_MAX, best_j = 0;
	const char *nearest;

	if (!rl)
		return;
	if (!count_bases(bases, n)) {
		/* nothing to compare with: the last part is the plugin */
		const char *dash = strrchr(rest, '-');
		if (dash) {
			an->base = xstrndup(rest, (size_t)(dash - rest));
			an->plugin = xstrdup(dash + 1);
			an->base_off = an->rest_off;
		}
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (bases[i] && strlen(bases[i]) + 8 > cap)
			cap = strlen(bases[i]) + 8;
	/* Candidates are bounded in length so that a huge value costs no
	 * more than a normal one. */
	for (size_t j = 1; j < rl && j <= cap; j++) {
		if (rest[j] != '-' || !rest[j + 1])
			continue;
		char *cand = xstrndup(rest, j);
		size_t d = nearest_distance(cand, bases, n, &nearest);
		free(cand);
		if (d <= best_d) { /* ties: the longer candidate */
			best_d = d;
			best_j = j;
		}
	}
	if (rl <= cap) {
		size_t d = nearest_distance(rest, bases, n, &nearest);
		if (d < best_d && close_enough(d, nearest)) {
			/* the whole rest is a misspelt base image, no plugin */
			an->base = xstrdup(rest);
			an->base_off = an->rest_off;
			return;
		}
	}
	if (!best_j) {
		const char *dash = strchr(rest, '-');
		if (!dash || !dash[1])
			return; /* one word: no base image to speak of */
		best_j = (size_t)(dash - rest);
	}
	an->base = xstrndup(rest, best_j);
	an->plugin = xstrdup(rest + best_j + 1);
	an->base_off = an->rest_off;
}

static void name_analyse(const char *name, const char *const *bases, size_t n,
			 struct name_an *an)
{
	memset(an, 0, sizeof(*an));
	if (!bases)
		n = 0;
	an->canon = name_canon(name);

	const char *c = an->canon;
	if (strncmp(c, "rhosp", 5) == 0) {
		size_t nd = 0;
		while (is_digit((unsigned char)c[5 + nd]))
			nd++;
		if (nd)
			an->major = xstrndup(c + 5, nd);
		if (nd && c[5 + nd] == '-') {
			an->prefix_ok = true;
			an->rest_off = 5 + nd + 1;
		} else if (nd) {
			an->prefix_ok = !c[5 + nd];
			an->rest_off = 5 + nd;
		} else {
			an->rest_off = c[5] == '-' ? 6 : 5;
		}
	}
	if (name_take_base(an, an->rest_off, bases, n))
		return;
	if (!an->prefix_ok) {
		/* e.g. "rhosp-rhel8/openstack-cinder-volume-x": find a known
		 * base image where a word starts */
		size_t len = strlen(c);
		for (size_t i = an->rest_off + 1; i < len; i++)
			if (!is_lower_alnum((unsigned char)c[i - 1]) &&
			    name_take_base(an, i, bases, n))
				return;
	}
	name_guess_base(an, bases, n);
}

bool name_split(const char *name, const char *const *base_images, size_t n,
		struct name_parts *out)
{
	struct name_an an;

	memset(out, 0, sizeof(*out));
	if (!name)
		return false;
	name_analyse(name, base_images, n, &an);
	out->major = an.major;
	out->base_image = an.base;
	out->plugin = an.plugin;
	out->base_known = an.base_known;
	an.major = an.base = an.plugin = NULL;
	name_an_free(&an);
	return out->major && out->base_image && out->base_known && out->plugin;
}

void name_parts_free(struct name_parts *p)
{
	if (!p)
		return;
	x_free(&p->major);
	x_free(&p->base_image);
	x_free(&p->plugin);
	p->base_known = false;
}

/* Major version of a product version ("16.0" -> "16", "016" -> "16"), or
 * NULL when it does not start with a number. */
static char *product_major(const char *version)
{
	if (!version)
		return NULL;
	while (is_space((unsigned char)*version))
		version++;
	size_t nd = 0;
	while (is_digit((unsigned char)version[nd]))
		nd++;
	if (!nd)
		return NULL;
	while (nd > 1 && version[0] == '0') {
		version++;
		nd--;
	}
	return xstrndup(version, nd);
}

/* rhosp<major>-<base>[-<plugin>] from the analysis, with base replaced
 * when given; NULL when the major version or the rest is unknown. */
static char *name_build(const struct name_an *an, const char *major, const char *base)
{
	const char *m = major ? major : an->major;
	if (!m)
		return NULL;
	if (!base)
		base = an->base;
	if (!base) {
		const char *rest = an->canon + an->rest_off;
		return *rest ? xasprintf("rhosp%s-%s", m, rest) : NULL;
	}
	if (an->plugin)
		return xasprintf("rhosp%s-%s-%s", m, base, an->plugin);
	return xasprintf("rhosp%s-%s", m, base);
}

/* Adds the problem with suggestion sugg unless sugg equals the value. */
static const char *sugg_or_null(const char *sugg, const char *value)
{
	return sugg && strcmp(sugg, value) != 0 ? sugg : NULL;
}

static void name_char_rules(const char *field, const char *value, const char *sv,
			    const char *canon, struct problems *out, bool *reported)
{
	size_t len = strlen(value);
	const char *canon_sugg = name_chars_ok(canon) && *canon ? canon : NULL;

	if (has_upper(value)) {
		*reported = true;
		problems_add(out, CT_SEV_ERROR, "name.case", field, NULL,
			     sugg_or_null(canon_sugg, value),
			     _("Use lowercase letters only."),
			     _("project name \"%s\" contains uppercase letters"), sv);
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)value[i];
		if (is_lower_alnum(c) || is_upper(c) || c == '-')
			continue;
		char *bad = show_char_at(value, i);
		*reported = true;
		problems_add(out, CT_SEV_ERROR, "name.charset", field, NULL,
			     sugg_or_null(canon_sugg, value),
			     _("Use only lowercase letters a-z, digits and single hyphens."),
			     /* TRANSLATORS: project name "<name>" contains "<character>"
			      * at position <number> */
			     _("project name \"%s\" contains \"%s\" at position %zu"), sv,
			     bad, char_pos(value, i));
		free(bad);
		break;
	}
	const char *hyphen_fix =
		_("Use single hyphens between the parts of the name, never at its start or end.");
	if (value[0] == '-') {
		*reported = true;
		problems_add(out, CT_SEV_ERROR, "name.hyphen", field, NULL,
			     sugg_or_null(canon_sugg, value), hyphen_fix,
			     _("project name \"%s\" starts with a hyphen"), sv);
	}
	if (len > 1 && value[len - 1] == '-') {
		*reported = true;
		problems_add(out, CT_SEV_ERROR, "name.hyphen", field, NULL,
			     sugg_or_null(canon_sugg, value), hyphen_fix,
			     _("project name \"%s\" ends with a hyphen"), sv);
	}
	const char *dd = strstr(value, "--");
	if (dd) {
		*reported = true;
		problems_add(out, CT_SEV_ERROR, "name.hyphen", field, NULL,
			     sugg_or_null(canon_sugg, value), hyphen_fix,
			     /* TRANSLATORS: the number is a character position */
			     _("project name \"%s\" has two hyphens in a row at position %zu"),
			     sv, char_pos(value, (size_t)(dd - value)));
	}
}

static void project_name_check(const struct validate_ctx *ctx, const char *field,
			       const char *value, struct problems *out)
{
	const char *const *bases = ctx ? ctx->base_images : NULL;
	size_t n = ctx && bases ? ctx->n_base_images : 0;
	const char *pversion = ctx_get(ctx, "rh_product_version");
	struct name_an an;
	bool reported = false;

	if (!value || !*value)
		return;
	if (str_is_empty(pversion))
		pversion = ctx ? ctx->default_product_version : NULL;
	char *pmajor = product_major(pversion);
	char *sv = show(value);
	name_analyse(value, bases, n, &an);

	name_char_rules(field, value, sv, an.canon, out, &reported);

	if (!an.prefix_ok) {
		char *s = name_build(&an, pmajor, NULL);
		problems_add(out, CT_SEV_ERROR, "name.prefix", field, NULL,
			     sugg_or_null(s, value),
			     _("Start the name with \"rhosp\", the OpenStack major version and a hyphen: rhosp<MAJOR>-<base image>-<plugin>."),
			     _("project name \"%s\" does not start with \"rhosp<MAJOR>-\""), sv);
		free(s);
	}
	if (an.major && pmajor && strcmp(an.major, pmajor) != 0) {
		char *s = name_build(&an, pmajor, NULL);
		char *spv = show(pversion);
		char *fix = xasprintf(_("Use \"rhosp%s-\" to match the Red Hat product version, or correct the Red Hat product version."),
				      pmajor);
		problems_add(out, CT_SEV_ERROR, "name.version", field, NULL,
			     sugg_or_null(s, value), fix,
			     /* TRANSLATORS: project name "<name>" says OpenStack
			      * <major from the name> but the Red Hat product
			      * version is <version> */
			     _("project name \"%s\" says OpenStack %s but the Red Hat product version is %s"),
			     sv, an.major, spv);
		free(fix);
		free(spv);
		free(s);
	}
	if (!an.base && an.canon[0]) {
		problems_add(out, CT_SEV_ERROR, "name.base_missing", field, NULL, NULL,
			     _("Name the Red Hat OpenStack base image your plugin extends, e.g. rhosp16-openstack-cinder-volume-myplugin."),
			     _("project name \"%s\" has no base image part: the format is rhosp<MAJOR>-<base image>-<plugin>"),
			     sv);
	} else if (an.base && !an.base_known && count_bases(bases, n)) {
		const char *near[3];
		size_t k = name_nearest_bases(an.base, bases, n, near, ARRAY_SIZE(near));
		struct strbuf list = { 0 };
		for (size_t i = 0; i < k; i++)
			sb_addf(&list, "%s%s", i ? ", " : "", near[i]);
		char *s = NULL;
		/* Replace only when one known name is clearly meant. */
		if (k && close_enough(str_distance(an.base, near[0]), near[0]) &&
		    (k < 2 || str_distance(an.base, near[1]) > str_distance(an.base, near[0]))) {
			s = name_build(&an, pmajor, near[0]);
			if (!s) {
				struct strbuf b = { 0 };
				sb_addn(&b, an.canon, an.base_off);
				sb_add(&b, near[0]);
				sb_add(&b, an.canon + an.base_off + strlen(an.base));
				s = sb_detach(&b);
			}
		}
		char *sb = show(an.base);
		problems_add(out, CT_SEV_WARNING, "name.base_image", field, NULL,
			     sugg_or_null(s, value),
			     _("Use the name of the Red Hat OpenStack base image your Dockerfile starts FROM."),
			     /* TRANSLATORS: base image "<part of the name>" of project
			      * name "<name>" ...; nearest known: <list of names> */
			     _("base image \"%s\" of project name \"%s\" is not a known Red Hat OpenStack base image; nearest known: %s"),
			     sb, sv, sb_str(&list));
		free(sb);
		free(s);
		sb_free(&list);
	}
	if (an.base && !an.plugin) {
		char *sb = show(an.base);
		char *sc = show(an.canon);
		char *fix = xasprintf(_("Append a hyphen and the name of your plugin, e.g. %s-myplugin."),
				      sc);
		free(sc);
		problems_add(out, CT_SEV_ERROR, "name.plugin", field, NULL, NULL, fix,
			     _("project name \"%s\" has no plugin part after the base image \"%s\""),
			     sv, sb);
		free(fix);
		free(sb);
	}
	if (!reported && !valid_registry_component(value)) {
		size_t len = strlen(value);
		if (len > REGISTRY_MAX)
			problems_add(out, CT_SEV_ERROR, "name.registry", field, NULL, NULL,
				     _("Shorten the name."),
				     /* TRANSLATORS: the numbers are a length and the limit */
				     _("project name \"%s\" is %zu characters long; a registry repository name has at most %d"),
				     sv, len, REGISTRY_MAX);
		else
			problems_add(out, CT_SEV_ERROR, "name.registry", field, NULL, NULL,
				     _("Use lowercase letters, digits and single hyphens."),
				     _("project name \"%s\" is not a valid registry repository name"),
				     sv);
	}
	name_an_free(&an);
	free(pmajor);
	free(sv);
}

void validate_project_name(const struct validate_ctx *ctx, const char *name,
			   struct problems *out)
{
	/* Validators never see empty values (emptiness is the caller's
	 * rule), but check-name and the wizard ask about a name as such. */
	if (str_is_empty(name)) {
		problems_add(out, CT_SEV_ERROR, "name.empty", "project_name", NULL, NULL,
			     _("Give a name such as rhosp16-openstack-cinder-volume-myplugin."),
			     "%s", _("the project name is empty"));
		return;
	}
	project_name_check(ctx, "project_name", name, out);
}

/* ------------------------------------------------- registry and OCI names */

/* A valid registry path component close to s, or NULL. */
static char *registry_fix(const char *s)
{
	char *low = lower_dup(s);
	if (valid_registry_component(low))
		return low;
	free(low);
	char *canon = name_canon(s);
	if (valid_registry_component(canon))
		return canon;
	free(canon);
	return NULL;
}

static void v_outbound_repository(const struct validate_ctx *ctx, const char *field,
				  const char *value, struct problems *out)
{
	char *sv = show(value);
	if (!valid_registry_component(value)) {
		char *s = registry_fix(value);
		problems_add(out, CT_SEV_ERROR, "outbound.format", field, NULL,
			     sugg_or_null(s, value),
			     _("Use lowercase letters and digits, separated by single hyphens, dots or underscores, at most 255 characters; normally the project name."),
			     _("outbound repository name \"%s\" is not a valid registry repository name"),
			     sv);
		free(s);
	}
	const char *pname = ctx_get(ctx, "project_name");
	if (!str_is_empty(pname) && strcmp(pname, value) != 0) {
		char *sp = show(pname);
		problems_add(out, CT_SEV_WARNING, "outbound.differs", field, NULL, pname,
			     _("Use the project name as the outbound repository name, as the guide asks (7.4)."),
			     _("outbound repository name \"%s\" differs from the project name \"%s\""),
			     sv, sp);
		free(sp);
	}
	free(sv);
}

static void v_registry_namespace(const struct validate_ctx *ctx, const char *field,
				 const char *value, struct problems *out)
{
	(void)ctx;
	if (valid_registry_component(value))
		return;
	char *sv = show(value);
	char *low = lower_dup(value);
	if (has_upper(value) && valid_registry_component(low)) {
		problems_add(out, CT_SEV_ERROR, "namespace.case", field, NULL, low,
			     _("Use lowercase letters only."),
			     _("registry namespace \"%s\" contains uppercase letters"), sv);
	} else {
		char *s = registry_fix(value);
		problems_add(out, CT_SEV_ERROR, "namespace.format", field, NULL,
			     sugg_or_null(s, value),
			     _("Use your company's name in lowercase letters and digits, separated by single hyphens, dots or underscores, at most 255 characters."),
			     _("registry namespace \"%s\" is not a valid registry namespace"), sv);
		free(s);
	}
	free(low);
	free(sv);
}

/* v1.2, 16.0.1_rc1, 2.0-1, 3: optional v, numbers separated by dots, then
 * optionally a separator and a suffix. */
static bool tag_looks_like_version(const char *t)
{
	size_t i = 0;
	if (t[i] == 'v' || t[i] == 'V')
		i++;
	if (!is_digit((unsigned char)t[i]))
		return false;
	while (is_digit((unsigned char)t[i]))
		i++;
	while (t[i] == '.' && is_digit((unsigned char)t[i + 1])) {
		i++;
		while (is_digit((unsigned char)t[i]))
			i++;
	}
	if (!t[i])
		return true;
	if (t[i] != '-' && t[i] != '_' && t[i] != '.')
		return false;
	if (!is_alnum((unsigned char)t[i + 1]))
		return false;
	for (i += 2; t[i]; i++)
		if (!is_alnum((unsigned char)t[i]) && !strchr("._-", t[i]))
			return false;
	return true;
}

static char *tag_fix(const char *t)
{
	struct strbuf sb = { 0 };
	bool ascii = true;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		if (*p < 0x20 || *p >= 0x7f)
			ascii = false;
	if (!ascii)
		return NULL;
	char *trimmed = trim_dup(t);
	for (const char *p = trimmed; *p && sb.len < OCI_TAG_MAX; p++) {
		unsigned char c = (unsigned char)*p;
		if (!sb.len && !is_alnum(c) && c != '_')
			continue;
		sb_addc(&sb, is_alnum(c) || strchr("._-", c) ? (char)c : '-');
	}
	free(trimmed);
	char *s = sb_detach(&sb);
	if (!valid_oci_tag(s))
		x_free(&s);
	return s;
}

static void v_oci_tag(const struct validate_ctx *ctx, const char *field,
		      const char *value, struct problems *out)
{
	(void)ctx;
	char *sv = show(value);
	if (!valid_oci_tag(value)) {
		char *s = tag_fix(value);
		size_t len = strlen(value);
		const char *fix = _("Use letters, digits, \"_\", \".\" and \"-\", not starting with \".\" or \"-\", at most 128 characters, e.g. 1.2.0.");
		if (len > OCI_TAG_MAX) {
			problems_add(out, CT_SEV_ERROR, "tag.format", field, NULL, s, fix,
				     /* TRANSLATORS: the numbers are a length and the limit */
				     _("tag \"%s\" is %zu characters long; a tag has at most %d"),
				     sv, len, OCI_TAG_MAX);
		} else {
			size_t i = 0;
			if (is_alnum((unsigned char)value[0]) || value[0] == '_') {
				i = 1;
				while (value[i] && (is_alnum((unsigned char)value[i]) ||
						    strchr("._-", value[i])))
					i++;
			}
			char *bad = show_char_at(value, i);
			problems_add(out, CT_SEV_ERROR, "tag.format", field, NULL, s, fix,
				     /* TRANSLATORS: tag "<tag>" contains "<character>" at
				      * position <number> */
				     _("tag \"%s\" contains \"%s\" at position %zu, which a tag cannot have there"),
				     sv, bad, char_pos(value, i));
			free(bad);
		}
		free(s);
	} else if (strcasecmp(value, "latest") == 0) {
		problems_add(out, CT_SEV_WARNING, "tag.latest", field, NULL, NULL,
			     _("Tag the image with your plugin's version, e.g. 1.2.0; the guide asks for a version."),
			     _("tag \"%s\" names no version and moves with every build"), sv);
	} else if (!tag_looks_like_version(value)) {
		problems_add(out, CT_SEV_WARNING, "tag.version", field, NULL, NULL,
			     _("Tag the image with your plugin's version, e.g. 1.2.0 or v1.2.0-1."),
			     _("tag \"%s\" does not look like a version"), sv);
	}
	free(sv);
}

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
		char *sh = show(h);
		problems_add(out, CT_SEV_ERROR, "git_url.format", field, NULL, NULL, fix,
			     _("git URL \"%s\" has an invalid host \"%s\""), sv, sh);
		free(sh);
		free(h);
	} else {
		char *p = xstrndup(u->port, u->port_len);
		char *sp = show(p);
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
			char *ssch = show(sch);
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

static void v_git_url(const struct validate_ctx *ctx, const char *field,
		      const char *value, struct problems *out)
{
	const char *key = ctx_get(ctx, "git_ssh_key");
	bool need_ssh = !str_is_empty(key);
	const char *fix_local = _("Give a URL the build service can clone from the Internet: https://host/org/repo.git or git@host:org/repo.git.");
	char *sv = show(value);

	if (has_space_or_ctrl(value)) {
		char *t = trim_dup(value);
		bool only_edges = *t && !has_space_or_ctrl(t);
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

static void v_git_ref(const struct validate_ctx *ctx, const char *field,
		      const char *value, struct problems *out)
{
	(void)ctx;
	size_t off;
	enum ref_err e = ref_check(value, &off);
	char *sv = show(value);
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
		bad = show_char_at(value, off);
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

static void v_relative_path(const struct validate_ctx *ctx, const char *field,
			    const char *value, struct problems *out)
{
	(void)ctx;
	char *sv = show(value);
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

static void v_ssh_key_ref(const struct validate_ctx *ctx, const char *field,
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
	char *sv = show(value);
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

/* --------------------------------------------------------- contact data */

enum email_err {
	EMAIL_OK,
	EMAIL_LONG,
	EMAIL_SPACE,
	EMAIL_ENCODING,
	EMAIL_NO_AT,
	EMAIL_MANY_AT,
	EMAIL_LOCAL_EMPTY,
	EMAIL_LOCAL_LONG,
	EMAIL_LOCAL_DOT,
	EMAIL_LOCAL_CHAR,
	EMAIL_DOMAIN_EMPTY,
	EMAIL_DOMAIN_NODOT,
	EMAIL_DOMAIN_BAD,
	EMAIL_TLD,
};

static enum email_err email_check(const char *s)
{
	size_t len = strlen(s);

	if (len > 254)
		return EMAIL_LONG;
	if (has_space_or_ctrl(s))
		return EMAIL_SPACE;
	if (!utf8_valid(s, len))
		return EMAIL_ENCODING;
	const char *at = strchr(s, '@');
	if (!at)
		return EMAIL_NO_AT;
	if (strchr(at + 1, '@'))
		return EMAIL_MANY_AT;
	size_t ll = (size_t)(at - s);
	if (!ll)
		return EMAIL_LOCAL_EMPTY;
	if (ll > 64)
		return EMAIL_LOCAL_LONG;
	if (s[0] == '.' || at[-1] == '.')
		return EMAIL_LOCAL_DOT;
	for (size_t i = 0; i < ll; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.' && s[i + 1] == '.')
			return EMAIL_LOCAL_DOT;
		if (!is_alnum(c) && c < 0x80 && !strchr(".!#$%&'*+/=?^_`{|}~-", c))
			return EMAIL_LOCAL_CHAR;
	}
	const char *d = at + 1;
	if (!*d)
		return EMAIL_DOMAIN_EMPTY;
	if (!strchr(d, '.'))
		return EMAIL_DOMAIN_NODOT;
	/* labels: 1-63 of letters, digits, "-" (not at an end) or UTF-8 */
	const char *last = d;
	for (const char *p = d;;) {
		size_t l = strcspn(p, ".");
		if (!l || l > 63 || p[0] == '-' || p[l - 1] == '-')
			return EMAIL_DOMAIN_BAD;
		for (size_t i = 0; i < l; i++) {
			unsigned char c = (unsigned char)p[i];
			if (!is_alnum(c) && c != '-' && c < 0x80)
				return EMAIL_DOMAIN_BAD;
		}
		last = p;
		p += l;
		if (!*p)
			break;
		p++;
	}
	size_t tl = strlen(last);
	if (tl < 2)
		return EMAIL_TLD;
	for (size_t i = 0; i < tl; i++)
		if (is_digit((unsigned char)last[i]))
			return EMAIL_TLD;
	return EMAIL_OK;
}

static void email_add(struct problems *out, const char *field, const char *sugg,
		      const char *fix, enum email_err e, const char *sv)
{
#define EMAIL_ADD(fmt) \
	problems_add(out, CT_SEV_ERROR, "email.format", field, NULL, sugg, fix, fmt, sv)
	switch (e) {
	case EMAIL_OK:
		break;
	case EMAIL_LONG:
		EMAIL_ADD(_("email address \"%s\" is longer than 254 characters"));
		break;
	case EMAIL_SPACE:
		EMAIL_ADD(_("email address \"%s\" contains white space"));
		break;
	case EMAIL_ENCODING:
		EMAIL_ADD(_("email address \"%s\" is not valid UTF-8"));
		break;
	case EMAIL_NO_AT:
		EMAIL_ADD(_("email address \"%s\" has no \"@\""));
		break;
	case EMAIL_MANY_AT:
		EMAIL_ADD(_("email address \"%s\" has more than one \"@\""));
		break;
	case EMAIL_LOCAL_EMPTY:
		EMAIL_ADD(_("email address \"%s\" has nothing before the \"@\""));
		break;
	case EMAIL_LOCAL_LONG:
		EMAIL_ADD(_("email address \"%s\" has more than 64 characters before the \"@\""));
		break;
	case EMAIL_LOCAL_DOT:
		EMAIL_ADD(_("email address \"%s\" has a dot at the start or end of the part before the \"@\", or two dots in a row"));
		break;
	case EMAIL_LOCAL_CHAR:
		EMAIL_ADD(_("email address \"%s\" has a character before the \"@\" that an address cannot have"));
		break;
	case EMAIL_DOMAIN_EMPTY:
		EMAIL_ADD(_("email address \"%s\" has no domain after the \"@\""));
		break;
	case EMAIL_DOMAIN_NODOT:
		EMAIL_ADD(_("email address \"%s\" has a domain without a dot"));
		break;
	case EMAIL_DOMAIN_BAD:
		EMAIL_ADD(_("email address \"%s\" has an invalid domain"));
		break;
	case EMAIL_TLD:
		EMAIL_ADD(_("email address \"%s\" has an invalid top-level domain"));
		break;
	}
#undef EMAIL_ADD
}

static void v_email(const struct validate_ctx *ctx, const char *field,
		    const char *value, struct problems *out)
{
	(void)ctx;
	enum email_err e = email_check(value);
	if (e == EMAIL_OK)
		return;
	char *sv = show(value);
	char *t = trim_dup(value);
	const char *fix = _("Give a plain address such as name@example.com.");
	const char *lt = strrchr(t, '<');
	size_t tl = strlen(t);

	if (lt && tl && t[tl - 1] == '>') {
		char *inner = xstrndup(lt + 1, (size_t)(t + tl - 1 - (lt + 1)));
		bool ok = email_check(inner) == EMAIL_OK;
		problems_add(out, CT_SEV_ERROR, "email.display_name", field, NULL,
			     ok ? inner : NULL,
			     _("Give only the address, without the name and angle brackets."),
			     _("email address \"%s\" includes a display name"), sv);
		free(inner);
	} else if (strncasecmp(t, "mailto:", 7) == 0) {
		bool ok = email_check(t + 7) == EMAIL_OK;
		problems_add(out, CT_SEV_ERROR, "email.format", field, NULL,
			     ok ? t + 7 : NULL, fix,
			     _("email address \"%s\" starts with \"mailto:\""), sv);
	} else {
		bool ok = strcmp(t, value) != 0 && email_check(t) == EMAIL_OK;
		email_add(out, field, ok ? t : NULL, fix, e, sv);
	}
	free(t);
	free(sv);
}

enum phone_err { PHONE_OK, PHONE_CHAR, PHONE_PAREN, PHONE_DIGITS };

static enum phone_err phone_check(const char *s, size_t *bad, size_t *digits)
{
	size_t i = 0;
	bool open = false;

	*digits = 0;
	*bad = 0;
	if (s[0] == '+')
		i = 1;
	for (; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		*bad = i;
		if (is_digit(c)) {
			(*digits)++;
		} else if (c == ' ' || c == '-' || c == '.') {
			continue;
		} else if (c == '(') {
			if (open)
				return PHONE_PAREN;
			open = true;
		} else if (c == ')') {
			if (!open)
				return PHONE_PAREN;
			open = false;
		} else if ((c == 'x' || c == 'X' || strncasecmp(s + i, "ext", 3) == 0) &&
			   *digits) {
			/* extension: x123, ext 123, ext. 123 up to the end */
			size_t j = i + (c == 'x' || c == 'X' ? 1 : 3);
			if (s[j] == '.')
				j++;
			while (s[j] == ' ')
				j++;
			size_t nd = 0;
			while (is_digit((unsigned char)s[j + nd]))
				nd++;
			if (!nd || nd > 6 || s[j + nd])
				return PHONE_CHAR;
			break;
		} else {
			return PHONE_CHAR;
		}
	}
	if (open) {
		*bad = i;
		return PHONE_PAREN;
	}
	if (*digits < 7 || *digits > 15)
		return PHONE_DIGITS;
	return PHONE_OK;
}

static void v_phone(const struct validate_ctx *ctx, const char *field,
		    const char *value, struct problems *out)
{
	(void)ctx;
	size_t bad, digits;
	enum phone_err e = phone_check(value, &bad, &digits);
	if (e == PHONE_OK)
		return;
	char *sv = show(value);
	char *t = trim_dup(value);
	size_t tb, td;
	const char *sugg = strcmp(t, value) != 0 && phone_check(t, &tb, &td) == PHONE_OK ? t : NULL;
	const char *fix = _("Give the number with digits, spaces, hyphens, dots and parentheses, optionally starting with + and ending with an extension (x123), e.g. +1 919 754 3700 x123.");

	if (e == PHONE_DIGITS) {
		problems_add(out, CT_SEV_ERROR, "phone.digits", field, NULL, sugg, fix,
			     /* TRANSLATORS: phone number "<number>" has <count> digits */
			     _("phone number \"%s\" has %zu digits; a phone number has 7 to 15"),
			     sv, digits);
	} else if (e == PHONE_PAREN) {
		problems_add(out, CT_SEV_ERROR, "phone.format", field, NULL, sugg, fix,
			     _("phone number \"%s\" has unbalanced parentheses"), sv);
	} else {
		char *b = show_char_at(value, bad);
		problems_add(out, CT_SEV_ERROR, "phone.format", field, NULL, sugg, fix,
			     /* TRANSLATORS: phone number "<number>" contains "<character>"
			      * at position <number> */
			     _("phone number \"%s\" contains \"%s\" at position %zu"), sv, b,
			     char_pos(value, bad));
		free(b);
	}
	free(t);
	free(sv);
}

static void v_url(const struct validate_ctx *ctx, const char *field, const char *value,
		  struct problems *out)
{
	(void)ctx;
	const char *fix = _("Give a full web address such as https://example.com/product.");
	char *sv = show(value);
	size_t len = strlen(value);

	if (has_space_or_ctrl(value) || !utf8_valid(value, len)) {
		char *t = trim_dup(value);
		bool ok = *t && !has_space_or_ctrl(t) && utf8_valid(t, strlen(t));
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
		char *ssch = show(sch);
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

/* ---------------------------------------------------------------- choices */

static char *choice_list(const struct validate_ctx *ctx)
{
	struct strbuf sb = { 0 };
	for (size_t i = 0; ctx && ctx->choices && i < ctx->n_choices; i++) {
		if (!ctx->choices[i])
			continue;
		char *s = show(ctx->choices[i]);
		sb_addf(&sb, "%s\"%s\"", sb.len ? ", " : "", s);
		free(s);
	}
	return sb_detach(&sb);
}

/* The allowed value equal to s, else NULL; *near receives one that is
 * equal ignoring case and surrounding spaces. */
static const char *choice_match(const struct validate_ctx *ctx, const char *s,
				size_t len, const char **near)
{
	const char *b = s, *e = s + len;
	while (b < e && is_space((unsigned char)*b))
		b++;
	while (e > b && is_space((unsigned char)e[-1]))
		e--;
	*near = NULL;
	for (size_t i = 0; ctx && ctx->choices && i < ctx->n_choices; i++) {
		const char *c = ctx->choices[i];
		if (!c)
			continue;
		if (strlen(c) == len && memcmp(c, s, len) == 0)
			return c;
		if (!*near && strlen(c) == (size_t)(e - b) && strncasecmp(c, b, (size_t)(e - b)) == 0)
			*near = c;
	}
	return NULL;
}

static void v_choice(const struct validate_ctx *ctx, const char *field,
		     const char *value, struct problems *out)
{
	const char *near;
	if (choice_match(ctx, value, strlen(value), &near))
		return;
	char *sv = show(value);
	char *list = choice_list(ctx);
	problems_add(out, CT_SEV_ERROR, "choice.invalid", field, NULL, near,
		     _("Choose one of the allowed values, spelt exactly as listed."),
		     /* TRANSLATORS: "<value>" is not one of the allowed values:
		      * "<a>", "<b>", ... */
		     _("\"%s\" is not one of the allowed values: %s"), sv, list);
	free(list);
	free(sv);
}

/* Reads value's comma-separated items; when emit, reports the problems
 * with sugg as their suggestion, else computes the cleaned list into
 * *fixed and whether every item could be mapped to an allowed value. */
static void multi_choice_pass(const struct validate_ctx *ctx, const char *field,
			      const char *value, const char *sv, const char *sugg,
			      struct strbuf *fixed, bool *fixable, struct problems *out)
{
	struct strlist items = { 0 };
	bool invalid = false;

	for (const char *p = value;;) {
		size_t l = strcspn(p, ",");
		const char *b = p, *e = p + l;
		while (b < e && is_space((unsigned char)*b))
			b++;
		while (e > b && is_space((unsigned char)e[-1]))
			e--;
		if (e > b) {
			const char *near;
			const char *c = choice_match(ctx, b, (size_t)(e - b), &near);
			if (!c) {
				invalid = true;
				if (!near)
					*fixable = false;
			}
			if (!c && out) {
				char *item = xstrndup(b, (size_t)(e - b));
				char *si = show(item);
				char *list = choice_list(ctx);
				problems_add(out, CT_SEV_ERROR, "choice.invalid", field, NULL, sugg,
					     _("Choose values from the list, spelt exactly as listed, separated by commas."),
					     /* TRANSLATORS: "<item>" in "<value>" is not one
					      * of the allowed values: "<a>", "<b>", ... */
					     _("\"%s\" in \"%s\" is not one of the allowed values: %s"),
					     si, sv, list);
				free(list);
				free(si);
				free(item);
			}
			if (!c)
				c = near;
			if (c && strlist_contains(&items, c)) {
				if (out) {
					char *si = show(c);
					problems_add(out, CT_SEV_ERROR, "choice.duplicate", field,
						     NULL, sugg, _("Give each value once."),
						     _("\"%s\" is given more than once in \"%s\""),
						     si, sv);
					free(si);
				}
			} else if (c) {
				strlist_add(&items, c);
				if (fixed)
					sb_addf(fixed, "%s%s", fixed->len ? "," : "", c);
			}
		}
		p += l;
		if (!*p)
			break;
		p++;
	}
	if (out && !items.n && !invalid)
		problems_add(out, CT_SEV_ERROR, "choice.empty", field, NULL, NULL,
			     _("Choose at least one of the allowed values."),
			     _("\"%s\" names no value"), sv);
	strlist_free(&items);
}

static void v_multi_choice(const struct validate_ctx *ctx, const char *field,
			   const char *value, struct problems *out)
{
	struct strbuf fixed = { 0 };
	bool fixable = true;
	char *sv = show(value);

	multi_choice_pass(ctx, field, value, sv, NULL, &fixed, &fixable, NULL);
	const char *sugg = fixable && fixed.len ? sb_str(&fixed) : NULL;
	multi_choice_pass(ctx, field, value, sv, sugg_or_null(sugg, value), NULL, &fixable,
			  out);
	sb_free(&fixed);
	free(sv);
}

static void v_bool(const struct validate_ctx *ctx, const char *field, const char *value,
		   struct problems *out)
{
	(void)ctx;
	static const char *const ok[] = { "true", "false", "yes", "no", "on", "off", "1", "0" };
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (strcasecmp(value, ok[i]) == 0)
			return;
	char *t = trim_dup(value);
	const char *sugg = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (strcasecmp(t, ok[i]) == 0)
			sugg = t;
	char *sv = show(value);
	problems_add(out, CT_SEV_ERROR, "bool.invalid", field, NULL, sugg,
		     _("Use yes or no (also accepted: true/false, on/off, 1/0)."),
		     _("\"%s\" is not yes or no"), sv);
	free(sv);
	free(t);
}

/* --------------------------------------------------------------- registry */

static const struct validator validators[] = {
	{ "project_name", project_name_check },
	{ "outbound_repository", v_outbound_repository },
	{ "registry_namespace", v_registry_namespace },
	{ "oci_tag", v_oci_tag },
	{ "git_url", v_git_url },
	{ "git_ref", v_git_ref },
	{ "relative_path", v_relative_path },
	{ "ssh_key_ref", v_ssh_key_ref },
	{ "email", v_email },
	{ "phone", v_phone },
	{ "url", v_url },
	{ "choice", v_choice },
	{ "multi_choice", v_multi_choice },
	{ "bool", v_bool },
};

const struct validator *validator_find(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(validators); i++)
		if (strcmp(validators[i].name, name) == 0)
			return &validators[i];
	return NULL;
}

const struct validator *validator_all(size_t *n)
{
	if (n)
		*n = ARRAY_SIZE(validators);
	return validators;
}
