/* validate_names.c - the naming rules of the guide (7.1, 7.4, 7.5):
 * project names read by the template's naming pattern, outbound
 * repositories, registry namespaces and OCI tags, and the predicates other
 * modules share (registry path components, OCI tags). */
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
	const char *prefix; /* the template's ("rhosp"), never NULL */
	char *major;     /* digits after the prefix, or NULL */
	bool prefix_ok;  /* canon is <prefix><digits>-... or just <prefix><digits> */
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
	if (!vd_count_bases(bases, n)) {
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

/* The name prefix of a template ("rhosp"); "" without one. */
static const char *ctx_prefix(const struct validate_ctx *ctx)
{
	return ctx && ctx->name_prefix ? ctx->name_prefix : "";
}

static void name_analyse(const struct validate_ctx *ctx, const char *name, struct name_an *an)
{
	const char *const *bases = ctx ? ctx->base_images : NULL;
	size_t n = bases ? ctx->n_base_images : 0;
	memset(an, 0, sizeof(*an));
	an->prefix = ctx_prefix(ctx);
	an->canon = name_canon(name);

	const char *c = an->canon;
	size_t pl = strlen(an->prefix);
	if (strncmp(c, an->prefix, pl) == 0) {
		size_t nd = 0;
		while (is_digit((unsigned char)c[pl + nd]))
			nd++;
		if (nd)
			an->major = xstrndup(c + pl, nd);
		if (nd && c[pl + nd] == '-') {
			an->prefix_ok = true;
			an->rest_off = pl + nd + 1;
		} else if (nd) {
			an->prefix_ok = !c[pl + nd];
			an->rest_off = pl + nd;
		} else {
			an->rest_off = pl && c[pl] == '-' ? pl + 1 : pl;
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

bool name_split(const struct validate_ctx *ctx, const char *name, struct name_parts *out)
{
	struct name_an an;

	memset(out, 0, sizeof(*out));
	if (!name)
		return false;
	name_analyse(ctx, name, &an);
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

/* <prefix><major>-<base>[-<plugin>] from the analysis, with base replaced
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
		return *rest ? xasprintf("%s%s-%s", an->prefix, m, rest) : NULL;
	}
	if (an->plugin)
		return xasprintf("%s%s-%s-%s", an->prefix, m, base, an->plugin);
	return xasprintf("%s%s-%s", an->prefix, m, base);
}

static void name_char_rules(const char *field, const char *value, const char *sv,
			    const char *canon, struct problems *out, bool *reported)
{
	size_t len = strlen(value);
	const char *canon_sugg = name_chars_ok(canon) && *canon ? canon : NULL;

	if (vd_has_upper(value)) {
		*reported = true;
		problems_add(out, CT_SEV_ERROR, "name.case", field, NULL,
			     vd_sugg_or_null(canon_sugg, value),
			     _("Use lowercase letters only."),
			     _("project name \"%s\" contains uppercase letters"), sv);
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)value[i];
		if (is_lower_alnum(c) || is_upper(c) || c == '-')
			continue;
		char *bad = vd_show_char_at(value, i);
		*reported = true;
		problems_add(out, CT_SEV_ERROR, "name.charset", field, NULL,
			     vd_sugg_or_null(canon_sugg, value),
			     _("Use only lowercase letters a-z, digits and single hyphens."),
			     /* TRANSLATORS: project name "<name>" contains "<character>"
			      * at position <number> */
			     _("project name \"%s\" contains \"%s\" at position %zu"), sv,
			     bad, vd_char_pos(value, i));
		free(bad);
		break;
	}
	const char *hyphen_fix =
		_("Use single hyphens between the parts of the name, never at its start or end.");
	if (value[0] == '-') {
		*reported = true;
		problems_add(out, CT_SEV_ERROR, "name.hyphen", field, NULL,
			     vd_sugg_or_null(canon_sugg, value), hyphen_fix,
			     _("project name \"%s\" starts with a hyphen"), sv);
	}
	if (len > 1 && value[len - 1] == '-') {
		*reported = true;
		problems_add(out, CT_SEV_ERROR, "name.hyphen", field, NULL,
			     vd_sugg_or_null(canon_sugg, value), hyphen_fix,
			     _("project name \"%s\" ends with a hyphen"), sv);
	}
	const char *dd = strstr(value, "--");
	if (dd) {
		*reported = true;
		problems_add(out, CT_SEV_ERROR, "name.hyphen", field, NULL,
			     vd_sugg_or_null(canon_sugg, value), hyphen_fix,
			     /* TRANSLATORS: the number is a character position */
			     _("project name \"%s\" has two hyphens in a row at position %zu"),
			     sv, vd_char_pos(value, (size_t)(dd - value)));
	}
}

void v_project_name(const struct validate_ctx *ctx, const char *field,
			       const char *value, struct problems *out)
{
	const char *const *bases = ctx ? ctx->base_images : NULL;
	size_t n = ctx && bases ? ctx->n_base_images : 0;
	const char *pversion = vd_ctx_get(ctx, "rh_product_version");
	struct name_an an;
	bool reported = false;

	if (!value || !*value)
		return;
	if (str_is_empty(pversion))
		pversion = ctx ? ctx->default_product_version : NULL;
	char *pmajor = product_major(pversion);
	char *sv = vd_show(value);
	name_analyse(ctx, value, &an);
	const char *example = ctx && ctx->name_example ? ctx->name_example : "";

	name_char_rules(field, value, sv, an.canon, out, &reported);

	if (!an.prefix_ok) {
		char *s = name_build(&an, pmajor, NULL);
		char *fix = xasprintf(_("Start the name with \"%s\", the OpenStack major version and a hyphen: %s<MAJOR>-<base image>-<plugin>."),
				      an.prefix, an.prefix);
		problems_add(out, CT_SEV_ERROR, "name.prefix", field, NULL,
			     vd_sugg_or_null(s, value), fix,
			     _("project name \"%s\" does not start with \"%s<MAJOR>-\""), sv,
			     an.prefix);
		free(fix);
		free(s);
	}
	if (an.major && pmajor && strcmp(an.major, pmajor) != 0) {
		char *s = name_build(&an, pmajor, NULL);
		char *spv = vd_show(pversion);
		char *fix = xasprintf(_("Use \"%s%s-\" to match the Red Hat product version, or correct the Red Hat product version."),
				      an.prefix, pmajor);
		problems_add(out, CT_SEV_ERROR, "name.version", field, NULL,
			     vd_sugg_or_null(s, value), fix,
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
		char *fix = xasprintf(_("Name the Red Hat OpenStack base image your plugin extends, e.g. %s."),
				      example);
		problems_add(out, CT_SEV_ERROR, "name.base_missing", field, NULL, NULL, fix,
			     _("project name \"%s\" has no base image part: the format is %s<MAJOR>-<base image>-<plugin>"),
			     sv, an.prefix);
		free(fix);
	} else if (an.base && !an.base_known && vd_count_bases(bases, n)) {
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
		char *sb = vd_show(an.base);
		problems_add(out, CT_SEV_WARNING, "name.base_image", field, NULL,
			     vd_sugg_or_null(s, value),
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
		char *sb = vd_show(an.base);
		char *sc = vd_show(an.canon);
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
		char *fix = xasprintf(_("Give a name such as %s."),
				      ctx && ctx->name_example ? ctx->name_example : "");
		problems_add(out, CT_SEV_ERROR, "name.empty", "project_name", NULL, NULL, fix, "%s",
			     _("the project name is empty"));
		free(fix);
		return;
	}
	v_project_name(ctx, "project_name", name, out);
}

/* ------------------------------------------------- registry and OCI names */

/* A valid registry path component close to s, or NULL. */
static char *registry_fix(const char *s)
{
	char *low = vd_lower_dup(s);
	if (valid_registry_component(low))
		return low;
	free(low);
	char *canon = name_canon(s);
	if (valid_registry_component(canon))
		return canon;
	free(canon);
	return NULL;
}

void v_outbound_repository(const struct validate_ctx *ctx, const char *field,
				  const char *value, struct problems *out)
{
	char *sv = vd_show(value);
	if (!valid_registry_component(value)) {
		char *s = registry_fix(value);
		problems_add(out, CT_SEV_ERROR, "outbound.format", field, NULL,
			     vd_sugg_or_null(s, value),
			     _("Use lowercase letters and digits, separated by single hyphens, dots or underscores, at most 255 characters; normally the project name."),
			     _("outbound repository name \"%s\" is not a valid registry repository name"),
			     sv);
		free(s);
	}
	const char *pname = vd_ctx_get(ctx, "project_name");
	if (!str_is_empty(pname) && strcmp(pname, value) != 0) {
		char *sp = vd_show(pname);
		problems_add(out, CT_SEV_WARNING, "outbound.differs", field, NULL, pname,
			     _("Use the project name as the outbound repository name, as the guide asks (7.4)."),
			     _("outbound repository name \"%s\" differs from the project name \"%s\""),
			     sv, sp);
		free(sp);
	}
	free(sv);
}

void v_registry_namespace(const struct validate_ctx *ctx, const char *field,
				 const char *value, struct problems *out)
{
	(void)ctx;
	if (valid_registry_component(value))
		return;
	char *sv = vd_show(value);
	char *low = vd_lower_dup(value);
	if (vd_has_upper(value) && valid_registry_component(low)) {
		problems_add(out, CT_SEV_ERROR, "namespace.case", field, NULL, low,
			     _("Use lowercase letters only."),
			     _("registry namespace \"%s\" contains uppercase letters"), sv);
	} else {
		char *s = registry_fix(value);
		problems_add(out, CT_SEV_ERROR, "namespace.format", field, NULL,
			     vd_sugg_or_null(s, value),
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
	char *trimmed = vd_trim_dup(t);
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

void v_oci_tag(const struct validate_ctx *ctx, const char *field,
		      const char *value, struct problems *out)
{
	(void)ctx;
	char *sv = vd_show(value);
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
			char *bad = vd_show_char_at(value, i);
			problems_add(out, CT_SEV_ERROR, "tag.format", field, NULL, s, fix,
				     /* TRANSLATORS: tag "<tag>" contains "<character>" at
				      * position <number> */
				     _("tag \"%s\" contains \"%s\" at position %zu, which a tag cannot have there"),
				     sv, bad, vd_char_pos(value, i));
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
