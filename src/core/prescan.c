/* prescan.c - the Dockerfile pre-scan: finds the Dockerfile and its build
 * context, parses it (dockerfile.c) and runs the policies of the product
 * description (7.3) on the final stage, each giving pass, fail, warn or
 * unknown with the line it concerns, a message and a fix.
 *
 * The final stage is the last FROM; a stage built FROM an earlier stage
 * carries that stage's labels, USER, WORKDIR, ENV, files and layers, so
 * the checks walk that chain from its first stage to the last. Checks that
 * depend on what only the built image knows (the base image's labels and
 * layers, files written by RUN) say so rather than guess. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/prescan.h"
#include "core/prescan_int.h"
#include "certtrack/dockerfile.h"
#include "certtrack/i18n.h"
#include "certtrack/sha256.h"
#include "certtrack/util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_LAYERS 40
/* Instructions that looking back through stages (COPY --from, RPM files
 * copied in) may visit in one scan: a long chain where every stage looks
 * back would be quadratic; past it the answer is "cannot tell". */
#define MAX_WALK 200000

enum {
	P_BASE,
	P_LABELS,
	P_LICENSES,
	P_NONROOT,
	P_PROHIBITED_LABELS,
	P_PACKAGES,
	P_LAYERS,
	P_MAINTAINER,
	P_MODIFIED,
	P_CONTAINER_NAME,
};

static const char *const policy_ids[PRESCAN_NPOLICIES] = {
	"based_on_red_hat_image",
	"has_required_labels",
	"has_licenses",
	"runs_as_non_root",
	"has_no_prohibited_labels",
	"has_no_prohibited_packages",
	"layer_count_acceptable",
	"no_deprecated_maintainer",
	"has_modified_files",
	"has_prohibited_container_name",
};

/* The check of `preflight check container` each policy matches, so that
 * the pre-scan and the portal's report line up. */
static const char *const policy_preflight[PRESCAN_NPOLICIES] = {
	"BasedOnUbi",
	"HasRequiredLabel",
	"HasLicense",
	"RunAsNonRoot",
	NULL,
	"HasNoProhibitedPackages",
	"LayerCountAcceptable",
	NULL,
	"HasModifiedFiles",
	"HasProhibitedContainerName",
};

/* What each policy checks, for rule help (SARIF, JUnit); the guide's
 * section 7.3 is the source of them all. */
static const char *const policy_help[PRESCAN_NPOLICIES] = {
	N_("The final stage is based on a Red Hat, UBI/RHEL-based image (registry.redhat.io, registry.access.redhat.com, registry.connect.redhat.com or a Red Hat repository path); other distributions fail."),
	N_("The final stage sets the labels the template requires (the guide: name, maintainer, vendor, version, release, summary), non-empty; a missing recommended label (description) is a warning."),
	N_("The image gets license text under /licenses, copied from the build context; text placed by a RUN is a warning, since it can only be checked on the built image; nothing, or mkdir /licenses alone, fails."),
	N_("The final stage's last USER is present and is not root or 0."),
	N_("The name, vendor and maintainer labels do not present the image as Red Hat's own: as preflight reads them, none starts with \"red\" and \"hat\" with only punctuation between, and none has it anywhere else (even inside a word) except once after \"for\"."),
	N_("No RUN installs, with dnf, yum, microdnf or rpm, a package the scanner prohibits (kernel, grub, linux-firmware, kpatch ...); package words are judged by their fixed start, RPM files by their name."),
	N_("The final stage adds at most 40 layers (RUN, COPY, ADD)."),
	N_("MAINTAINER is deprecated; set LABEL maintainer= instead."),
	N_("No RUN edits, deletes or overwrites files that the base image's packages own (sed -i, rm, mv, > or cp onto /usr, /bin, /sbin, /lib*, /etc/pki ...) outside a package manager, and no COPY or ADD writes over them."),
	N_("The image / outbound repository name does not contain \"redhat\", nor \"red\" and \"hat\" with only punctuation between (\"red-hat\"), as preflight reads it."),
};

const char *prescan_policy_help(const char *policy)
{
	for (size_t i = 0; policy && i < PRESCAN_NPOLICIES; i++)
		if (strcmp(policy, policy_ids[i]) == 0)
			return _(policy_help[i]);
	return NULL;
}

const char *const *prescan_policies(size_t *n)
{
	if (n)
		*n = PRESCAN_NPOLICIES;
	return policy_ids;
}

const char *prescan_policy_preflight(const char *policy)
{
	for (size_t i = 0; policy && i < PRESCAN_NPOLICIES; i++)
		if (strcmp(policy, policy_ids[i]) == 0)
			return policy_preflight[i];
	return NULL;
}

void prescan_rules_free(struct prescan_rules *r)
{
	if (!r)
		return;
	free(r->preflight_release);
	free(r->base_repository);
	free(r->base_tag);
	strlist_free(&r->required_labels);
	strlist_free(&r->recommended_labels);
	strlist_free(&r->prohibited_packages);
	strlist_free(&r->prohibited_prefixes);
	strlist_free(&r->registries);
	strlist_free(&r->repository_paths);
	strlist_free(&r->package_owned_paths);
	strlist_free(&r->not_package_owned);
	strlist_free(&r->prohibited_name_words);
	memset(r, 0, sizeof(*r));
}

const char *prescan_status_name(enum prescan_status status)
{
	switch (status) {
	case PRESCAN_PASS:
		return "pass";
	case PRESCAN_FAIL:
		return "fail";
	case PRESCAN_WARN:
		return "warn";
	case PRESCAN_UNKNOWN:
		return "unknown";
	}
	return "unknown";
}

/* ---- based_on_red_hat_image ---- */

/* The first component of a repository path is a Red Hat one (rhosp-rhel8,
 * ubi8, rhel9 ...), by the template's patterns. */
static bool red_hat_namespace(const struct scan *sc, const char *s, size_t n)
{
	char *first = xstrndup(s, n);
	bool hit = false;
	for (size_t i = 0; i < sc->rules->repository_paths.n && !hit; i++)
		hit = fnmatch(sc->rules->repository_paths.v[i], first, 0) == 0;
	free(first);
	return hit;
}

struct imageref {
	char *host; /* NULL when the reference names none */
	char *path; /* repository path, without tag or digest */
};

static void imageref_parse(const char *ref, struct imageref *out)
{
	char *s = xstrdup(ref);
	char *at = strchr(s, '@');
	if (at)
		*at = '\0';
	char *slash = strchr(s, '/');
	out->host = NULL;
	char *path = s;
	if (slash && (memchr(s, '.', (size_t)(slash - s)) || memchr(s, ':', (size_t)(slash - s)) ||
		      strncmp(s, "localhost/", 10) == 0)) {
		out->host = xstrndup(s, (size_t)(slash - s));
		for (char *p = out->host; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		path = slash + 1;
	}
	char *colon = strrchr(path, ':');
	if (colon && !strchr(colon, '/'))
		*colon = '\0';
	out->path = xstrdup(path);
	free(s);
}

static const char *distro_of(const char *path)
{
	static const char *const distros[] = {
		"ubuntu", "debian", "centos", "alpine", "fedora", "busybox", "amazonlinux",
		"opensuse", "archlinux", "rockylinux", "almalinux", "oraclelinux",
	};
	const char *p = str_starts_with(path, "library/") ? path + 8 : path;
	for (size_t i = 0; i < ARRAY_SIZE(distros); i++) {
		size_t n = strlen(distros[i]);
		if (strncmp(p, distros[i], n) == 0 && (!p[n] || p[n] == '/'))
			return distros[i];
	}
	return NULL;
}

static void check_base(struct scan *sc, struct prescan_result *r)
{
	const struct df_stage *root = &sc->df->stages[sc->chain[0]];
	int line = ps_instr_line(sc, root->from);
	const char *image = root->image;
	struct imageref ref;
	imageref_parse(image, &ref);
	bool rh_host = ref.host && strlist_contains(&sc->rules->registries, ref.host);
	const char *slash = strchr(ref.path, '/');
	size_t first = slash ? (size_t)(slash - ref.path) : strlen(ref.path);
	bool rh_path = red_hat_namespace(sc, ref.path, first);

	if (rh_host && ref.path[0]) {
		sc->base_red_hat = true;
		ps_result_set(r, PRESCAN_PASS, line, NULL,
			   _("line %d: the final stage is based on %s, a Red Hat registry image built on UBI/RHEL, as preflight's BasedOnUbi requires"),
			   line, image);
	} else if (root->unresolved || !*image) {
		ps_result_set(r, PRESCAN_UNKNOWN, line,
			   sc->base_arg_fix,
			   _("line %d: the base image \"FROM %s\" depends on a build argument with no default; it cannot be checked before the build"),
			   line, sc->df->instrs[root->from].text);
	} else if (strcmp(image, "scratch") == 0) {
		ps_result_set(r, PRESCAN_FAIL, line, sc->base_fix,
			   _("line %d: FROM scratch is an empty image, not a Red Hat image"), line);
	} else if (!ref.host && rh_path) {
		sc->base_red_hat = true;
		ps_result_set(r, PRESCAN_PASS, line,
			   _("name the registry to make it explicit, e.g. registry.redhat.io/"),
			   _("line %d: %s is a Red Hat repository built on UBI/RHEL (short name, no registry given)"),
			   line, image);
	} else if (ref.host && rh_path && strcmp(ref.host, "docker.io") != 0 &&
		   strcmp(ref.host, "index.docker.io") != 0) {
		sc->base_red_hat = true;
		ps_result_set(r, PRESCAN_WARN, line,
			   _("build FROM registry.redhat.io, which the build service can pull from"),
			   _("line %d: %s has a Red Hat repository path but %s is not a Red Hat registry (a mirror?)"),
			   line, image, ref.host);
	} else {
		const char *distro = distro_of(ref.path);
		if (distro)
			ps_result_set(r, PRESCAN_FAIL, line, sc->base_fix,
				   _("line %d: the final stage is based on %s (%s), not on UBI/RHEL; images based on Ubuntu, Debian, CentOS and other distributions fail preflight's BasedOnUbi"),
				   line, image, distro);
		else
			ps_result_set(r, PRESCAN_FAIL, line, sc->base_fix,
				   _("line %d: the final stage is based on %s, which is not a Red Hat (UBI/RHEL-based) image"),
				   line, image);
	}
	free(ref.host);
	free(ref.path);
}

/* ---- labels ---- */

struct label {
	const char *key;           /* as the Dockerfile spells it */
	const struct df_pair *pair; /* last value set, or NULL */
	size_t instr;
	const struct df_pair *other_case; /* same name, other case */
	size_t other_instr;
};

/* The final stage's labels of interest, inherited ones included. */
static void labels_collect(const struct scan *sc, struct label *labels, size_t n)
{
	FOR_CHAIN(sc, i) {
		const struct df_instr *in = &sc->df->instrs[i];
		if (in->kind != DF_LABEL)
			continue;
		for (size_t k = 0; k < in->n_pairs; k++)
			for (size_t l = 0; l < n; l++) {
				if (strcmp(in->pairs[k].key, labels[l].key) == 0) {
					labels[l].pair = &in->pairs[k];
					labels[l].instr = i;
				} else if (strcasecmp(in->pairs[k].key, labels[l].key) == 0) {
					labels[l].other_case = &in->pairs[k];
					labels[l].other_instr = i;
				}
			}
	}
}

/* The first $NAME or ${NAME...} of a raw value, into name. */
static bool first_var(const char *raw, char *name, size_t size)
{
	const char *d = raw ? strchr(raw, '$') : NULL;
	for (; d; d = strchr(d + 1, '$')) {
		const char *p = d + 1;
		if (*p == '{')
			p++;
		size_t n = 0;
		while ((isalnum((unsigned char)p[n]) || p[n] == '_') && n + 1 < size) {
			name[n] = p[n];
			n++;
		}
		if (n) {
			name[n] = '\0';
			return true;
		}
	}
	return false;
}

/* Why a value came out empty, when a variable is to blame. */
static void explain_empty(const struct scan *sc, const struct df_pair *p, size_t instr,
			  struct strbuf *why)
{
	char var[128];
	if (!p->unresolved || !first_var(p->raw, var, sizeof(var)))
		return;
	bool global = false;
	for (size_t k = 0; k < sc->df->n_global_args; k++)
		if (strcmp(sc->df->global_args[k].key, var) == 0 && sc->df->global_args[k].value)
			global = true;
	const struct df_stage *sg = &sc->df->stages[sc->df->instrs[instr].stage];
	bool declared = false;
	for (size_t i = sg->first; i < instr; i++)
		if (sc->df->instrs[i].kind == DF_ARG)
			for (size_t k = 0; k < sc->df->instrs[i].n_pairs; k++)
				if (strcmp(sc->df->instrs[i].pairs[k].key, var) == 0)
					declared = true;
	if (global && !declared)
		sb_addf(why, _(" (ARG %s is declared before FROM but not inside the stage: add `ARG %s` after the FROM)"),
			var, var);
	else
		sb_addf(why, _(" (%s has no value: the build service passes no build arguments)"), var);
}

static const char *label_example(const char *key)
{
	static const struct {
		const char *key, *value;
	} ex[] = {
		{ "name", N_("your-namespace/your-image") },
		/* TRANSLATORS: example values in a suggested LABEL line */
		{ "maintainer", N_("Your Name <you@example.com>") },
		{ "vendor", N_("Your Company") },
		{ "version", "1.0" },
		{ "release", "1" },
		{ "summary", N_("One line about the plugin") },
		{ "description", N_("What the plugin does") },
	};
	for (size_t i = 0; i < ARRAY_SIZE(ex); i++)
		if (strcmp(ex[i].key, key) == 0)
			return _(ex[i].value);
	return "...";
}

static void check_labels(struct scan *sc, struct prescan_result *r)
{
	const struct strlist *req = &sc->rules->required_labels;
	const struct strlist *rec = &sc->rules->recommended_labels;
	size_t n = req->n + rec->n;
	struct label *labels = xcalloc(n ? n : 1, sizeof(*labels));
	for (size_t i = 0; i < req->n; i++)
		labels[i].key = req->v[i];
	for (size_t i = 0; i < rec->n; i++)
		labels[req->n + i].key = rec->v[i];
	labels_collect(sc, labels, n);

	bool has_maintainer_instr = false;
	FOR_CHAIN(sc, i)
		if (sc->df->instrs[i].kind == DF_MAINTAINER)
			has_maintainer_instr = true;
	/* TRANSLATORS: "preflight 1.9.0" or "the guide" in "(%s requires it)" */
	char *who = sc->rules->preflight_release
			    ? xasprintf(_("preflight %s"), sc->rules->preflight_release)
			    : xstrdup(_("the guide"));

	struct strbuf msg = { 0 }, fix = { 0 }, missing = { 0 }, hints = { 0 }, empty = { 0 };
	struct strbuf all = { 0 }, soft = { 0 }, softfix = { 0 };
	int line = 0, soft_line = 0;
	size_t bad = 0, n_missing = 0;
	for (size_t i = 0; i < n; i++) {
		const struct label *l = &labels[i];
		sb_addf(&all, "%s%s", all.len ? ", " : "", l->key);
		if (l->pair && !str_is_empty(l->pair->value))
			continue;
		if (i >= req->n) {
			/* recommended: a warning only */
			if (!soft_line)
				soft_line = l->pair ? ps_instr_line(sc, l->instr) : ps_final_from_line(sc);
			sb_addf(&soft, "%s%s", soft.len ? ", " : "", l->key);
			sb_addf(&softfix, "%s%s=\"%s\"", softfix.len ? " " : "LABEL ", l->key,
				label_example(l->key));
			continue;
		}
		bad++;
		if (!l->pair) {
			sb_addf(&missing, "%s%s", n_missing++ ? ", " : "", l->key);
			if (l->other_case)
				sb_addf(&hints, _("; line %d sets \"%s\": label names are case-sensitive"),
					ps_instr_line(sc, l->other_instr), l->other_case->key);
			else if (strcmp(l->key, "maintainer") == 0 && has_maintainer_instr)
				sb_add(&hints, _("; MAINTAINER sets the image author, not the maintainer label"));
		} else {
			int ln = ps_instr_line(sc, l->instr);
			if (!line)
				line = ln;
			sb_addf(&empty, "%s", empty.len ? "; " : "");
			sb_addf(&empty, _("label %s is empty (line %d)"), l->key, ln);
			explain_empty(sc, l->pair, l->instr, &empty);
		}
		sb_addf(&fix, "%s%s=\"%s\"", fix.len ? " " : "LABEL ", l->key, label_example(l->key));
	}
	if (n_missing)
		sb_addf(&msg, P_("the final stage has no %s label", "the final stage lacks the labels %s",
				 n_missing), sb_str(&missing));
	sb_add(&msg, sb_str(&hints));
	if (empty.len)
		sb_addf(&msg, "%s%s", msg.len ? "; " : "", sb_str(&empty));
	if (bad) {
		sb_addf(&msg, _(" (%s requires them)"), who);
		char *f = xasprintf(_("add `%s` to the final stage"), sb_str(&fix));
		ps_result_set(r, PRESCAN_FAIL, line ? line : ps_final_from_line(sc), f, "%s", sb_str(&msg));
		free(f);
	} else if (soft.len) {
		char *f = xasprintf(_("add `%s` to the final stage"), sb_str(&softfix));
		ps_result_set(r, PRESCAN_WARN, soft_line, f,
			   _("the required labels are set, but %s is missing or empty (preflight requires it)"),
			   sb_str(&soft));
		free(f);
	} else {
		ps_result_set(r, PRESCAN_PASS, 0, NULL, _("the labels %s are set"), sb_str(&all));
	}
	sb_free(&missing);
	sb_free(&hints);
	sb_free(&empty);
	sb_free(&msg);
	sb_free(&fix);
	sb_free(&all);
	sb_free(&soft);
	sb_free(&softfix);
	free(who);
	free(labels);
}

static bool lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static size_t skip_non_alnum(const char *s)
{
	size_t i = 0;
	while (s[i] && !lower_alnum(s[i]))
		i++;
	return i;
}

/* The length of red[^a-z0-9]*hat at s (case-insensitive), or 0. */
static size_t red_hat_at(const char *s)
{
	if (strncasecmp(s, "red", 3) != 0)
		return 0;
	size_t i = 3 + skip_non_alnum(s + 3);
	return strncasecmp(s + i, "hat", 3) == 0 ? i + 3 : 0;
}

const char *prescan_red_hat_match(const char *v, size_t *len)
{
	/* the occurrence preflight forgives: the first for[^a-z0-9]*red...hat */
	const char *forgiven = NULL;
	for (const char *p = v; *p && !forgiven; p++)
		if (strncasecmp(p, "for", 3) == 0) {
			const char *q = p + 3 + skip_non_alnum(p + 3);
			if (red_hat_at(q))
				forgiven = q;
		}
	const char *lead = v + skip_non_alnum(v);
	for (const char *p = v; *p;) {
		size_t n = red_hat_at(p);
		if (n && (p == lead || p != forgiven)) {
			*len = n;
			return p;
		}
		p += n ? n : 1;
	}
	return NULL;
}

bool prescan_presents_red_hat(const char *v)
{
	size_t len;
	return prescan_red_hat_match(v, &len) != NULL;
}

static void check_prohibited_labels(struct scan *sc, struct prescan_result *r)
{
	struct label labels[] = { { .key = "name" }, { .key = "vendor" }, { .key = "maintainer" } };
	labels_collect(sc, labels, ARRAY_SIZE(labels));
	struct strbuf msg = { 0 }, missing = { 0 };
	int line = 0;
	char *match = NULL; /* the first match, and whether it is inside a word */
	bool in_word = false;
	for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
		if (!labels[i].pair) {
			sb_addf(&missing, "%s%s", missing.len ? ", " : "", labels[i].key);
			continue;
		}
		const char *v = labels[i].pair->value;
		size_t len;
		const char *at = prescan_red_hat_match(v, &len);
		if (!at)
			continue;
		int ln = ps_instr_line(sc, labels[i].instr);
		if (!line)
			line = ln;
		sb_addf(&msg, "%s", msg.len ? ", " : "");
		/* TRANSLATORS: vendor="Red Hat, Inc." (line 3) */
		sb_addf(&msg, _("%s=\"%s\" (line %d)"), labels[i].key, v, ln);
		if (!match) {
			match = xstrndup(at, len);
			in_word = (at > v && lower_alnum(at[-1])) || lower_alnum(at[len]);
		}
	}
	if (msg.len) {
		struct strbuf why = { 0 };
		sb_addf(&why, _("%s presents the image as Red Hat's own"), sb_str(&msg));
		if (in_word)
			/* TRANSLATORS: %s is the match, e.g. "red Hat" of "Fred Hatfield" */
			sb_addf(&why, _(" (preflight's trademark rule matches \"%s\" even inside a word)"),
				match);
		ps_result_set(r, PRESCAN_FAIL, line,
			   _("use your company's name; \"... for Red Hat OpenStack Platform\" is allowed"),
			   "%s", sb_str(&why));
		sb_free(&why);
	} else if (missing.len && sc->base_red_hat) {
		ps_result_set(r, PRESCAN_WARN, ps_final_from_line(sc),
			   _("set name, vendor and maintainer to your own values in the final stage"),
			   _("%s not set: the Red Hat base image's values would be inherited"),
			   sb_str(&missing));
	} else {
		ps_result_set(r, PRESCAN_PASS, 0, NULL,
			   _("name, vendor and maintainer do not present the image as Red Hat's"));
	}
	free(match);
	sb_free(&msg);
	sb_free(&missing);
}

/* ---- runs_as_non_root ---- */

static void check_user(struct scan *sc, struct prescan_result *r)
{
	size_t last = DF_NO_STAGE;
	FOR_CHAIN(sc, i)
		if (sc->df->instrs[i].kind == DF_USER)
			last = i;
	const char *fix = _("end the final stage with a non-root user, e.g. `USER 1001` or `USER cinder`");
	if (last == DF_NO_STAGE) {
		ps_result_set(r, PRESCAN_FAIL, ps_final_from_line(sc), fix,
			   _("the final stage sets no USER, so the image runs as root"));
		return;
	}
	const struct df_instr *in = &sc->df->instrs[last];
	const char *v = in->n_args ? in->args[0] : "";
	size_t ulen = strcspn(v, ":");
	char *user = xstrndup(v, ulen);
	bool zero = *user != '\0';
	for (const char *p = user; *p; p++)
		if (*p != '0')
			zero = false;
	if (!*user && in->unresolved) {
		ps_result_set(r, PRESCAN_UNKNOWN, in->line,
			   _("give the variable a default, or name the user directly"),
			   _("line %d: USER %s depends on a variable with no value here"), in->line,
			   in->text);
	} else if (strcmp(user, "root") == 0 || zero) {
		ps_result_set(r, PRESCAN_FAIL, in->line, fix,
			   _("line %d: the last USER is %s, so the image runs as root"), in->line, v);
	} else {
		ps_result_set(r, PRESCAN_PASS, in->line, NULL, _("line %d: the image runs as %s"),
			   in->line, v);
	}
	free(user);
}

/* ---- layers, MAINTAINER ---- */

static void check_layers(struct scan *sc, struct prescan_result *r)
{
	size_t n = 0;
	int over = 0;
	FOR_CHAIN(sc, i) {
		enum df_kind k = sc->df->instrs[i].kind;
		if (k == DF_RUN || k == DF_COPY || k == DF_ADD)
			if (++n == MAX_LAYERS + 1)
				over = ps_instr_line(sc, i);
	}
	if (n > MAX_LAYERS)
		ps_result_set(r, PRESCAN_FAIL, over,
			   _("join RUN instructions with && and copy folders rather than single files"),
			   _("the final stage adds %zu layers (RUN, COPY, ADD), more than %d; the first one over is on line %d"),
			   n, MAX_LAYERS, over);
	else
		ps_result_set(r, PRESCAN_PASS, 0, NULL,
			   P_("the final stage adds %zu layer (at most %d)",
			      "the final stage adds %zu layers (at most %d)", n),
			   n, MAX_LAYERS);
}

static void check_maintainer(struct scan *sc, struct prescan_result *r)
{
	for (size_t i = 0; i < sc->df->n_instrs; i++) {
		const struct df_instr *in = &sc->df->instrs[i];
		if (in->kind != DF_MAINTAINER)
			continue;
		char *fix = xasprintf(_("replace it with `LABEL maintainer=\"%s\"`"), in->args[0]);
		ps_result_set(r, PRESCAN_WARN, in->line, fix,
			   _("line %d: MAINTAINER is deprecated"), in->line);
		free(fix);
		return;
	}
	ps_result_set(r, PRESCAN_PASS, 0, NULL, _("no deprecated MAINTAINER instruction"));
}

struct finding {
	char *spec;    /* as written in the command */
	char *package; /* the prohibited name it installs */
	const char *tool;
	int line;
};

struct findings {
	struct finding *v;
	size_t n;
	int unresolved_line; /* an install whose packages are unknown */
	char *unresolved_spec; /* the word that cannot be read, or NULL */
	size_t installs;     /* install commands seen */
	size_t *budget;      /* for the variables of RUN (struct toks) */
	bool over;           /* the budget ran out */
	const struct prescan_rules *rules;
	const struct scan *sc; /* for RPM files copied from the build context */
	size_t instr;          /* the RUN being read */
	const char *wd;        /* its WORKDIR */
	int over_line;
};

enum pkg_verdict {
	PKG_CLEAR,      /* not a prohibited package */
	PKG_PROHIBITED, /* *which names it */
	PKG_UNKNOWN,    /* nothing can be read: a bare glob, a $(...) */
};

/* An exact package name (no glob, nothing unknown). */
static bool name_prohibited(const struct prescan_rules *R, const char *name, const char **which)
{
	for (size_t i = 0; i < R->prohibited_prefixes.n; i++)
		if (str_starts_with(name, R->prohibited_prefixes.v[i])) {
			*which = R->prohibited_prefixes.v[i];
			return true;
		}
	for (size_t i = 0; i < R->prohibited_packages.n; i++)
		if (strcmp(name, R->prohibited_packages.v[i]) == 0) {
			*which = R->prohibited_packages.v[i];
			return true;
		}
	return false;
}

/* A dnf/yum package glob ('kernel-*') installs every package it matches. */
static bool glob_prohibited(const struct prescan_rules *R, const char *pat, const char **which)
{
	for (size_t i = 0; i < R->prohibited_packages.n; i++)
		if (fnmatch(pat, R->prohibited_packages.v[i], 0) == 0) {
			*which = R->prohibited_packages.v[i];
			return true;
		}
	for (size_t i = 0; i < R->prohibited_prefixes.n; i++) {
		char *pp = xasprintf("%s*", R->prohibited_prefixes.v[i]);
		bool hit = fnmatch(pat, R->prohibited_prefixes.v[i], 0) == 0 ||
			   fnmatch(pp, pat, 0) == 0;
		free(pp);
		if (hit) {
			*which = R->prohibited_prefixes.v[i];
			return true;
		}
	}
	return false;
}

static void strip_arch(char *s)
{
	static const char *const arches[] = {
		".x86_64", ".noarch", ".aarch64", ".ppc64le", ".s390x", ".i686", ".i386", ".src",
	};
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (str_ends_with(s, arches[i])) {
			s[strlen(s) - strlen(arches[i])] = '\0';
			return;
		}
}

/* A complete name, name-version[-release][.arch] or the name part of an
 * RPM file name: the whole and each cut before "-<digit>" are tried. */
static bool nevra_prohibited(const struct prescan_rules *R, char *s, const char **which)
{
	s[strcspn(s, "<>=")] = '\0';
	strip_arch(s);
	if (name_prohibited(R, s, which))
		return true;
	for (char *p = s; (p = strchr(p, '-')) != NULL; p++)
		if (isdigit((unsigned char)p[1])) {
			char c = *p;
			*p = '\0';
			bool hit = name_prohibited(R, s, which);
			*p = c;
			if (hit)
				return true;
		}
	return false;
}

/* The fixed start of a word, something unknown after it (a version from
 * $(uname -r), ${KVER}, a file glob): "kernel-devel-" is kernel-devel,
 * "acme-driver-" is acme-driver; a start that could still become a
 * prohibited name ("", "kernel-de") cannot be told. */
static enum pkg_verdict prefix_verdict(const struct prescan_rules *R, const char *p, size_t n, const char **which)
{
	char *s = xstrndup(p, n);
	enum pkg_verdict v = PKG_CLEAR;
	const char *best = NULL;
	size_t best_len = 0;
	bool readable = false;
	for (size_t i = 0; i < R->prohibited_prefixes.n; i++)
		if (str_starts_with(s, R->prohibited_prefixes.v[i])) {
			*which = R->prohibited_prefixes.v[i];
			free(s);
			return PKG_PROHIBITED;
		}
	/* name candidates: before a trailing '-', and before each "-<digit>" */
	for (size_t k = 0; k < n; k++) {
		if (s[k] != '-' || (k + 1 < n && !isdigit((unsigned char)s[k + 1])))
			continue;
		readable = true;
		s[k] = '\0';
		const char *w;
		if (name_prohibited(R, s, &w) && k > best_len) {
			best = w;
			best_len = k;
		}
		s[k] = '-';
	}
	if (best) {
		*which = best;
		v = PKG_PROHIBITED;
	} else if (!readable) {
		for (size_t i = 0; i < R->prohibited_packages.n && v == PKG_CLEAR; i++)
			if (str_starts_with(R->prohibited_packages.v[i], s))
				v = PKG_UNKNOWN;
		for (size_t i = 0; i < R->prohibited_prefixes.n && v == PKG_CLEAR; i++)
			if (str_starts_with(R->prohibited_prefixes.v[i], s))
				v = PKG_UNKNOWN;
	}
	free(s);
	return v;
}

static bool is_file_spec(const char *s)
{
	return strchr(s, '/') || str_ends_with(s, ".rpm");
}

/* Whether an install argument names a prohibited package: a name, a
 * name-version, name.arch or NEVRA, a dnf glob, or a local RPM path, glob
 * or URL, judged by its file name (never as a wildcard). fixed: how much
 * of spec is fixed text (TOK_ALL_FIXED: all of it). */
static enum pkg_verdict spec_verdict(const struct prescan_rules *R, const char *spec, size_t fixed, const char **which)
{
	if (fixed == TOK_ALL_FIXED && (!*spec || *spec == '-' || *spec == '@'))
		return PKG_CLEAR;
	if (fixed != TOK_ALL_FIXED && fixed > 0 && (*spec == '-' || *spec == '@'))
		return PKG_CLEAR;
	size_t len = strlen(spec);
	if (is_file_spec(spec)) {
		const char *slash = strrchr(spec, '/');
		size_t b = slash ? (size_t)(slash - spec) + 1 : 0;
		size_t end = fixed == TOK_ALL_FIXED || fixed < b ? len : fixed;
		/* what precedes the file name does not matter */
		const char *base = spec + b;
		size_t n = end - b;
		size_t g = strcspn(base, "*?[");
		bool complete = (fixed == TOK_ALL_FIXED || fixed < b) && g >= n;
		if (g < n)
			n = g;
		if (complete) {
			char *t = xstrndup(base, n);
			if (str_ends_with(t, ".rpm"))
				t[strlen(t) - 4] = '\0';
			bool hit = nevra_prohibited(R, t, which);
			free(t);
			return hit ? PKG_PROHIBITED : PKG_CLEAR;
		}
		return prefix_verdict(R, base, n, which);
	}
	/* "kernel-devel = $(uname -r)", "kernel-devel >= 4.18": a name and a
	 * version constraint; the name is complete */
	size_t name_len = strcspn(spec, " \t<>=");
	if (name_len < len && name_len > 0 && (fixed == TOK_ALL_FIXED || fixed > name_len)) {
		char *t = xstrndup(spec, name_len);
		enum pkg_verdict v = strpbrk(t, "*?[") ? (glob_prohibited(R, t, which) ? PKG_PROHIBITED : PKG_CLEAR)
						       : (nevra_prohibited(R, t, which) ? PKG_PROHIBITED : PKG_CLEAR);
		free(t);
		return v;
	}
	if (fixed != TOK_ALL_FIXED)
		return prefix_verdict(R, spec, fixed < len ? fixed : len, which);
	if (strpbrk(spec, "*?["))
		return glob_prohibited(R, spec, which) ? PKG_PROHIBITED : PKG_CLEAR;
	char *t = xstrdup(spec);
	bool hit = nevra_prohibited(R, t, which);
	free(t);
	return hit ? PKG_PROHIBITED : PKG_CLEAR;
}

static void finding_add(struct findings *f, const char *spec, const char *pkg, const char *tool,
			int line)
{
	f->v = xreallocarray(f->v, f->n + 1, sizeof(*f->v));
	f->v[f->n++] = (struct finding){ xstrdup(spec), xstrdup(pkg), tool, line };
}

static void scan_script(const char *s, size_t len, const struct df_env *env, int line,
			int depth, struct findings *f);

/* Package manager options that take the next word as their value. */
static bool option_takes_value(const char *o)
{
	static const char *const opts[] = {
		"-c", "--config", "--installroot", "--releasever", "--enablerepo", "--disablerepo",
		"--repo", "--repoid", "-x", "--exclude", "-d", "--debuglevel", "-e", "--errorlevel",
		"--setopt", "--forcearch", "--root", "--dbpath", "--define", "-D", "--repofrompath",
		"--downloaddir", "--destdir", "--color", "--rpmverbosity", "--excludepkgs",
	};
	return shell_word_in(o, opts, ARRAY_SIZE(opts));
}

/* A local RPM path whose file name is a glob (*.rpm in /tmp/rpms). */
static bool local_rpm_glob(const struct tok *t)
{
	if (t->fixed != TOK_ALL_FIXED || strstr(t->s, "://") || !is_file_spec(t->s))
		return false;
	return strpbrk(shell_base_name(t->s), "*?[") != NULL;
}

static void names_add_matching(struct strlist *names, const char *dir, const char *pat,
			       size_t *budget)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && *budget && (e = readdir(d)) != NULL) {
		(*budget)--;
		if (e->d_name[0] != '.' && fnmatch(pat, e->d_name, FNM_PERIOD) == 0)
			strlist_add(names, e->d_name);
	}
	if (d)
		closedir(d);
}

/* The names of the files that match the in-image glob spec at the RUN,
 * brought there by a COPY/ADD of the build context earlier in the chain
 * (COPY rpms/ /tmp/rpms/, then rpm -Uvh /tmp/rpms/ *.rpm): what preflight
 * would see installed. False when no COPY explains the path. */
static bool context_rpms_verdict(struct findings *f, const char *spec, const char **which,
				 char **from, enum pkg_verdict *v)
{
	const struct scan *sc = f->sc;
	if (!sc || !sc->context)
		return false;
	char *target = ctx_path_resolve(f->wd ? f->wd : "/", spec);
	char *tdir = ctx_path_dirname(target);
	const char *pat = shell_base_name(target);
	struct strlist names = { 0 };
	size_t budget = MAX_TREE_ENTRIES;
	char *wd = xstrdup("/");
	bool done = false;
	for (size_t ch = 0; ch < sc->n_chain && !done; ch++) {
		const struct df_stage *sg = &sc->df->stages[sc->chain[ch]];
		for (size_t i = sg->first; i < sg->end && !done; i++) {
			if (i >= f->instr && sc->chain[ch] == sc->df->instrs[f->instr].stage) {
				done = true;
				break;
			}
			if (!*sc->walk) {
				strlist_free(&names); /* too long to tell */
				done = true;
				break;
			}
			(*sc->walk)--;
			const struct df_instr *in = &sc->df->instrs[i];
			if (in->kind == DF_WORKDIR && in->n_args) {
				char *w = ctx_path_resolve(wd, in->args[0]);
				free(wd);
				wd = w;
			}
			if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->n_args < 2 ||
			    dockerfile_flag(in, "from"))
				continue;
			const char *last = in->args[in->n_args - 1];
			char *dest = ctx_path_resolve(wd, last);
			bool dest_dir = str_ends_with(last, "/") || in->n_args > 2;
			for (size_t k = 0; k + 1 < in->n_args; k++) {
				const char *src = in->args[k];
				if (strstr(src, "://") || strstr(src, "<<"))
					continue;
				char *rel = ctx_path_resolve("/", src);
				char *full = xasprintf("%s%s", sc->context, rel);
				glob_t g;
				if (glob(full, 0, NULL, &g) == 0) {
					bool many = g.gl_pathc > 1 || strpbrk(src, "*?[");
					for (size_t m = 0; m < g.gl_pathc; m++) {
						struct stat st;
						if (stat(g.gl_pathv[m], &st) != 0)
							continue;
						if (S_ISDIR(st.st_mode)) {
							/* its contents land in dest */
							if (!ctx_under(tdir, dest))
								continue;
							char *sub = xasprintf("%s%s", g.gl_pathv[m],
									      tdir + strlen(dest));
							names_add_matching(&names, sub, pat, &budget);
							free(sub);
						} else {
							const char *b = shell_base_name(g.gl_pathv[m]);
							char *at = dest_dir || many
									   ? xasprintf("%s/%s", strcmp(dest, "/") ? dest : "", b)
									   : xstrdup(dest);
							if (fnmatch(target, at, FNM_PATHNAME) == 0)
								strlist_add(&names, shell_base_name(at));
							free(at);
						}
					}
					globfree(&g);
				}
				free(full);
				free(rel);
			}
			free(dest);
		}
	}
	free(wd);
	free(target);
	free(tdir);
	if (!names.n) {
		strlist_free(&names);
		return false;
	}
	*v = PKG_CLEAR;
	for (size_t i = 0; i < names.n && *v == PKG_CLEAR; i++) {
		char *t = xstrdup(names.v[i]);
		if (str_ends_with(t, ".rpm"))
			t[strlen(t) - 4] = '\0';
		if (nevra_prohibited(f->rules, t, which)) {
			*v = PKG_PROHIBITED;
			*from = xasprintf(_("%s from the build context"), names.v[i]);
		}
		free(t);
	}
	strlist_free(&names);
	return true;
}

static void check_install_words(const struct command *c, size_t k, const char *tool, int line,
				struct findings *f, bool skip_first)
{
	f->installs++;
	bool first = true;
	for (; k < c->n; k++) {
		const struct tok *t = c->w[k];
		if (t->s[0] == '-') {
			if (option_takes_value(t->s))
				k++;
			continue;
		}
		if (skip_first && first) {
			first = false;
			continue;
		}
		const char *which = NULL;
		enum pkg_verdict v;
		char *from_context = NULL;
		if (local_rpm_glob(t) &&
		    context_rpms_verdict(f, t->s, &which, &from_context, &v)) {
			/* the files a COPY brought in from the build context */
		} else {
			v = spec_verdict(f->rules, t->s, t->fixed, &which);
		}
		if (v == PKG_PROHIBITED && from_context) {
			char *shown = xasprintf("%s (%s)", t->s, from_context);
			finding_add(f, shown, which, tool, line);
			free(shown);
			free(from_context);
			continue;
		}
		free(from_context);
		if (v == PKG_PROHIBITED) {
			/* kernel-devel-$(uname -r) reads kernel-devel-... */
			char *shown = t->fixed == TOK_ALL_FIXED ? xstrdup(t->s)
				      : xasprintf("%.*s...", (int)t->fixed, t->s);
			finding_add(f, shown, which, tool, line);
			free(shown);
		} else if (v == PKG_UNKNOWN && !f->unresolved_line) {
			/* "dnf install $PKGS" with PKGS unknown, "rpm -i /tmp/ *.rpm" */
			f->unresolved_line = line;
			f->unresolved_spec = t->fixed != TOK_ALL_FIXED && !*t->s ? NULL
										 : xstrdup(t->s);
		}
	}
}

static void scan_command(const struct command *c, const struct df_env *env, int line, int depth,
			 struct findings *f)
{
	static const char *const shells[] = { "sh", "bash", "dash", "ash", "zsh", "ksh" };
	static const char *const yums[] = { "dnf", "dnf-3", "yum", "microdnf", "tdnf", "dnf5" };
	static const char *const install_cmds[] = {
		"install", "in", "reinstall", "localinstall", "install-n", "install-na",
		"install-nevra", "groupinstall",
	};
	size_t k = shell_command_start(c);
	if (k >= c->n)
		return;
	const char *cmd = shell_base_name(c->w[k]->s);
	if (shell_word_in(cmd, shells, ARRAY_SIZE(shells))) {
		for (size_t j = k + 1; j + 1 < c->n; j++) {
			const char *o = c->w[j]->s;
			if (o[0] == '-' && o[1] != '-' && strchr(o, 'c')) {
				if (depth < MAX_NESTING)
					scan_script(c->w[j + 1]->s, strlen(c->w[j + 1]->s), env, line,
						    depth + 1, f);
				return;
			}
		}
		return;
	}
	if (shell_word_in(cmd, yums, ARRAY_SIZE(yums))) {
		const char *tool = shell_word_in(cmd, yums, 2) ? "dnf" : strcmp(cmd, "yum") == 0 ? "yum"
							       : strcmp(cmd, "microdnf") == 0 ? "microdnf"
							       : cmd;
		tool = strcmp(cmd, "dnf5") == 0 ? "dnf" : tool;
		for (k++; k < c->n && c->w[k]->s[0] == '-'; k++)
			if (option_takes_value(c->w[k]->s))
				k++;
		if (k >= c->n)
			return;
		const char *sub = c->w[k]->s;
		if (shell_word_in(sub, install_cmds, ARRAY_SIZE(install_cmds)))
			check_install_words(c, k + 1, tool, line, f, false);
		else if (strcmp(sub, "swap") == 0)
			check_install_words(c, k + 1, tool, line, f, true);
		return;
	}
	if (strcmp(cmd, "rpm") == 0) {
		bool install = false;
		for (size_t j = k + 1; j < c->n; j++) {
			const char *o = c->w[j]->s;
			if (strcmp(o, "--install") == 0 || strcmp(o, "--upgrade") == 0 ||
			    strcmp(o, "--reinstall") == 0 || strcmp(o, "--freshen") == 0)
				install = true;
			else if (o[0] == '-' && o[1] != '-' && strpbrk(o + 1, "iUF") &&
				 !strpbrk(o + 1, "qeVK"))
				install = true;
		}
		if (install)
			check_install_words(c, k + 1, "rpm", line, f, false);
	}
}

static void scan_tokens(const struct toks *t, const struct df_env *env, int line, int depth,
			struct findings *f)
{
	struct command c = { xcalloc(t->n + 1, sizeof(*c.w)), 0 };
	for (size_t i = 0; i <= t->n; i++) {
		if (i == t->n || t->v[i].kind == TOK_SEP) {
			scan_command(&c, env, line, depth, f);
			c.n = 0;
		} else if (t->v[i].kind == TOK_WORD) {
			c.w[c.n++] = &t->v[i];
		}
	}
	free(c.w);
}

static void scan_script(const char *s, size_t len, const struct df_env *env, int line,
			int depth, struct findings *f)
{
	struct toks t = { .budget = f->budget };
	shell_lex(s, len, env, &t);
	if (t.over && !f->over) {
		f->over = true;
		f->over_line = line;
	}
	scan_tokens(&t, env, line, depth, f);
	shell_toks_free(&t);
}

static void scan_run(const struct scan *sc, size_t i, struct env_cache *cache, struct findings *f)
{
	const struct df_instr *in = &sc->df->instrs[i];
	if (in->json) {
		struct toks t = { 0 };
		for (size_t k = 0; k < in->n_args; k++)
			shell_toks_add(&t, TOK_WORD, xstrdup(in->args[k]), false);
		scan_tokens(&t, NULL, in->line, 0, f);
		shell_toks_free(&t);
		return;
	}
	const char *cmd = in->n_args ? in->args[0] : "";
	bool dollar = strchr(cmd, '$') != NULL;
	for (size_t h = 0; h < in->n_heredocs; h++)
		dollar = dollar || strchr(in->heredocs[h].body, '$');
	const struct df_env *env = dollar ? ps_env_cache_at(sc, cache, i) : NULL;
	scan_script(cmd, strlen(cmd), env, in->line, 0, f);
	if (in->n_heredocs && ps_heredoc_is_script(cmd))
		for (size_t h = 0; h < in->n_heredocs; h++) {
			const struct df_heredoc *hd = &in->heredocs[h];
			scan_script(hd->body, strlen(hd->body), env, in->line, 0, f);
		}
}

static void check_packages(struct scan *sc, struct prescan_result *r)
{
	struct findings f = { .budget = &sc->budget, .rules = sc->rules, .sc = sc };
	struct env_cache cache = { 0 };
	char *wd = xstrdup("/");
	FOR_CHAIN(sc, i) {
		const struct df_instr *in = &sc->df->instrs[i];
		if (in->kind == DF_FROM) {
			free(wd);
			wd = xstrdup("/");
		} else if (in->kind == DF_WORKDIR && in->n_args) {
			char *w = ctx_path_resolve(wd, in->args[0]);
			free(wd);
			wd = w;
		} else if (in->kind == DF_RUN) {
			f.instr = i;
			f.wd = wd;
			scan_run(sc, i, &cache, &f);
		}
	}
	free(wd);
	dockerfile_env_free(cache.env);
	if (f.over && !sc->limit_line)
		sc->limit_line = f.over_line;
	if (f.n) {
		struct strbuf msg = { 0 }, names = { 0 };
		for (size_t k = 0; k < f.n && k < 5; k++) {
			sb_addf(&msg, "%s", k ? "; " : "");
			if (strcmp(f.v[k].spec, f.v[k].package) == 0)
				sb_addf(&msg, _("line %d: %s installs %s"), f.v[k].line, f.v[k].tool,
					f.v[k].spec);
			else
				sb_addf(&msg, _("line %d: %s installs %s (%s)"), f.v[k].line, f.v[k].tool,
					f.v[k].spec, f.v[k].package);
			sb_addf(&names, "%s%s", names.len ? ", " : "", f.v[k].spec);
		}
		if (f.n > 5)
			sb_addf(&msg, _("; and %zu more"), f.n - 5);
		char *fix = xasprintf(_("remove %s from the install: it is on the scanner's list of prohibited packages (kernel, grub, firmware and the like; packages not on the list, such as kernel-headers, are allowed)"),
				      sb_str(&names));
		ps_result_set(r, PRESCAN_FAIL, f.v[0].line, fix, _("%s, a prohibited package"),
			   sb_str(&msg));
		free(fix);
		sb_free(&msg);
		sb_free(&names);
	} else if (f.unresolved_line && f.unresolved_spec) {
		ps_result_set(r, PRESCAN_UNKNOWN, f.unresolved_line,
			   _("name the packages or RPM files directly (e.g. /tmp/acme-driver-*.rpm)"),
			   _("line %d: cannot tell which package \"%s\" installs (a glob or command output with no readable name)"),
			   f.unresolved_line, f.unresolved_spec);
	} else if (f.unresolved_line) {
		ps_result_set(r, PRESCAN_UNKNOWN, f.unresolved_line,
			   _("give the variable a default or name the packages directly"),
			   _("line %d: the packages installed depend on a variable with no value here"),
			   f.unresolved_line);
	} else {
		ps_result_set(r, PRESCAN_PASS, 0, NULL,
			   P_("no prohibited package in %zu install command",
			      "no prohibited package in %zu install commands", f.installs),
			   f.installs);
	}
	for (size_t k = 0; k < f.n; k++) {
		free(f.v[k].spec);
		free(f.v[k].package);
	}
	free(f.v);
	free(f.unresolved_spec);
}

/* ---- has_modified_files ---- */

/* Whether path is in a folder the base image's packages own. */
static bool package_owned(const struct scan *sc, const char *path)
{
	const struct prescan_rules *R = sc->rules;
	for (size_t i = 0; i < R->not_package_owned.n; i++)
		if (ctx_under(path, R->not_package_owned.v[i]))
			return false;
	for (size_t i = 0; i < R->package_owned_paths.n; i++) {
		const char *pat = R->package_owned_paths.v[i];
		/* the literal head first: fnmatch is slow in a UTF-8 locale */
		size_t lit = strcspn(pat, "*?[\\");
		if (strncmp(path, pat, lit) != 0)
			continue;
		if (!pat[lit]) {
			if (ctx_under(path, pat))
				return true;
			continue;
		}
		/* compare as many components as the pattern has */
		size_t comps = 0;
		for (const char *q = pat; *q; q++)
			comps += *q == '/';
		const char *e = path;
		for (size_t c = 0; c < comps && e; c++)
			e = strchr(e + 1, '/');
		char *head = e ? xstrndup(path, (size_t)(e - path)) : xstrdup(path);
		bool hit = fnmatch(pat, head, FNM_PATHNAME) == 0;
		free(head);
		if (hit)
			return true;
	}
	return false;
}

struct modification {
	int line;
	char *what; /* "sed -i", "rm", "> redirection" ... */
	char *path;
	char *folder; /* cp SRC DIR/: the folder path is written in, or NULL */
	bool may_be_new; /* COPY, ADD: path may be a file of its own */
};

static void modification_free(struct modification *m)
{
	free(m->what);
	free(m->path);
	free(m->folder);
}

/* cp, install and ln's -t DIR, --target-directory[=]DIR: the folder, with
 * *j moved past it (to *at, the folder's own word), or NULL. rsync's -t
 * keeps times. */
static const char *target_directory(struct tok **w, size_t n, size_t *j, size_t *at)
{
	const char *a = w[*j]->s;
	if (str_starts_with(a, "--target-directory="))
		return a + 19;
	const char *t = a[1] != '-' ? strchr(a + 1, 't') : NULL;
	if (strcmp(a, "--target-directory") != 0 && !t)
		return NULL;
	if (t && t[1])
		return t + 1; /* -tDIR */
	if (*j + 1 >= n)
		return NULL;
	*at = ++*j;
	return w[*j]->s;
}

/* A Python package or module of its own: a top-level entry of a
 * site-packages (or dist-packages) folder, written whole. That is the new
 * path the fix asks for; what lies deeper (site-packages/cinder/...) is
 * another package's. */
static bool own_python_package(const char *path)
{
	const char *top = NULL;
	for (const char *p = path; (p = strstr(p, "-packages/")) != NULL; p++)
		if (p - path >= 5 && (strncmp(p - 5, "/site", 5) == 0 || strncmp(p - 5, "/dist", 5) == 0))
			top = p + strlen("-packages/");
	return top && *top && !strchr(top, '/');
}

/* What cp SRC DIR/ (or -t DIR SRC) writes: DIR/NAME, NAME being the
 * source's last component; the folder itself when the source names none
 * (rsync SRC/ copies what is inside it). */
static char *written_into(const char *dir, const char *src)
{
	const char *name = shell_base_name(src);
	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return xstrdup(dir);
	return xasprintf("%s/%s", strcmp(dir, "/") == 0 ? "" : dir, name);
}

/* The paths one simple command changes; first hit into *m. */
static bool command_modifies(const struct scan *sc, struct tok **w, size_t n, const char *wd,
			     struct modification *m, int line)
{
	static const char *const managers[] = { "dnf", "dnf-3", "dnf5", "yum", "microdnf", "rpm",
						"tdnf" };
	static const char *const all_args[] = { "rm", "mv", "tee", "truncate", "unlink", "shred" };
	static const char *const last_arg[] = { "cp", "install", "ln", "rsync" };
	struct command c = { w, n };
	size_t k = shell_command_start(&c);
	if (k >= n)
		return false;
	const char *cmd = shell_base_name(w[k]->s);
	if (shell_word_in(cmd, managers, ARRAY_SIZE(managers)))
		return false;
	if (strcmp(cmd, "patch") == 0) {
		/* patch -d DIR, patch FILE, or patch in the current folder */
		const char *dir = NULL, *file = NULL;
		for (size_t j = k + 1; j < n; j++) {
			const char *a = w[j]->s;
			if ((strcmp(a, "-d") == 0 || strcmp(a, "--directory") == 0) && j + 1 < n)
				dir = w[++j]->s;
			else if (str_starts_with(a, "--directory="))
				dir = a + 12;
			else if ((strcmp(a, "-i") == 0 || strcmp(a, "-o") == 0 || strcmp(a, "-r") == 0 ||
				  strcmp(a, "-B") == 0 || strcmp(a, "-z") == 0) && j + 1 < n)
				j++;
			else if (a[0] != '-' && !file)
				file = a;
		}
		char *p = ctx_path_resolve(wd, file ? file : dir ? dir : ".");
		if (file && dir) {
			char *d = ctx_path_resolve(wd, dir);
			free(p);
			p = ctx_path_resolve(d, file);
			free(d);
		}
		if (package_owned(sc, p)) {
			*m = (struct modification){ line, xstrdup("patch"), p };
			return true;
		}
		free(p);
		return false;
	}
	bool sed = strcmp(cmd, "sed") == 0, perl = strcmp(cmd, "perl") == 0;
	bool in_place = false, script_given = false;
	bool takes_t = strcmp(cmd, "cp") == 0 || strcmp(cmd, "install") == 0 || strcmp(cmd, "ln") == 0;
	const char *target = NULL, *source = NULL, *tdir = NULL;
	size_t first_operand = n, tdir_at = n;
	for (size_t j = k + 1; j < n; j++) {
		const char *a = w[j]->s;
		if (a[0] == '-' && a[1]) {
			const char *d = takes_t ? target_directory(w, n, &j, &tdir_at) : NULL;
			if (d) {
				tdir = d;
				continue;
			}
			if ((sed || perl) && (strcmp(a, "--in-place") == 0 ||
					      str_starts_with(a, "--in-place=") ||
					      (a[1] != '-' && strchr(a, 'i'))))
				in_place = true;
			if ((sed || perl) && (strcmp(a, "-e") == 0 || strcmp(a, "-f") == 0 ||
					      strcmp(a, "--expression") == 0 ||
					      (perl && a[1] != '-' && strchr(a, 'e')))) {
				script_given = true;
				j++; /* the script */
			}
			continue;
		}
		if (first_operand == n)
			first_operand = j;
	}
	bool ln = strcmp(cmd, "ln") == 0, ln_force = false;
	for (size_t j = k + 1; ln && j < n; j++)
		if (w[j]->s[0] == '-' && w[j]->s[1] != '-' && strchr(w[j]->s, 'f'))
			ln_force = true;
	/* install -d makes folders, it replaces no file */
	for (size_t j = k + 1; strcmp(cmd, "install") == 0 && j < n; j++)
		if (strcmp(w[j]->s, "-d") == 0 || strcmp(w[j]->s, "--directory") == 0)
			return false;
	bool edits = (sed || perl) && in_place;
	bool all = shell_word_in(cmd, all_args, ARRAY_SIZE(all_args));
	/* ln adds a link; only ln -f replaces what is there */
	bool last = shell_word_in(cmd, last_arg, ARRAY_SIZE(last_arg)) && (!ln || ln_force);
	if (!edits && !all && !last)
		return false;
	size_t from = first_operand;
	if (edits && !script_given && from < n)
		from++; /* sed 's/a/b/' FILE: the first operand is the script */
	for (size_t j = from; j < n; j++) {
		const char *a = w[j]->s;
		if (!*a || (a[0] == '-' && a[1]) || j == tdir_at)
			continue;
		if (last) {
			/* the destination is the last operand, or -t's folder */
			if (tdir || target)
				source = tdir ? a : target;
			if (!tdir)
				target = a;
			continue;
		}
		char *p = ctx_path_resolve(wd, a);
		bool hit = package_owned(sc, p);
		if (hit) {
			*m = (struct modification){ line, xstrdup(edits ? (sed ? "sed -i" : "perl -i") : cmd), p };
			return true;
		}
		free(p);
	}
	if (last && source) {
		/* A source into a folder (DIR/ or -t DIR) becomes DIR/NAME: a
		 * file that is new unless the base image has it already. */
		const char *dest = tdir ? tdir : target;
		size_t len = strlen(dest);
		bool into = tdir || (len > 1 && dest[len - 1] == '/');
		char *p = ctx_path_resolve(wd, dest);
		char *file = into ? written_into(p, source) : NULL;
		if (package_owned(sc, p) && !own_python_package(file ? file : p)) {
			*m = (struct modification){ line, xstrdup(cmd), file ? file : p, file ? p : NULL };
			return true;
		}
		free(file);
		free(p);
	}
	return false;
}

/* ---- COPY and ADD: what they write at paths the base image's packages own.
 * As a build does: a folder of the context is copied by its contents (DIR/a
 * lands at DEST/a), a file goes to DEST/NAME when DEST ends in "/" or there
 * are several sources and to DEST itself otherwise, and ADD unpacks a local
 * tar archive into DEST. */

static bool is_archive(const char *src)
{
	static const char *const ext[] = { ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2",
					   ".tar.xz", ".txz", ".tar.zst" };
	for (size_t i = 0; i < ARRAY_SIZE(ext); i++)
		if (str_ends_with(src, ext[i]))
			return true;
	return false;
}

/* Whether a path at or below dest can be one the base image's packages
 * own: a folder copied elsewhere (COPY . /opt/acme) is not walked. */
static bool owned_at_or_below(const struct scan *sc, const char *dest)
{
	if (package_owned(sc, dest))
		return true;
	const struct strlist *v = &sc->rules->package_owned_paths;
	for (size_t i = 0; i < v->n; i++)
		if (ctx_under(v->v[i], dest))
			return true;
	return false;
}

/* The first file, in name order, that the context folder rel writes at a
 * package-owned path when copied to dest, or NULL; .dockerignore honoured,
 * the walk bounded as every walk of the context. */
static char *tree_hit(const struct scan *sc, const char *rel, const char *dest, int depth,
		      size_t *budget)
{
	if (!*budget || depth > MAX_TREE_DEPTH || !owned_at_or_below(sc, dest))
		return NULL;
	(*budget)--;
	if (*rel && ctx_ignored(sc, rel))
		return NULL;
	char *full = xasprintf("%s/%s", sc->context, rel);
	struct stat st;
	char *hit = NULL;
	if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
		struct dirent **v = NULL;
		int n = scandir(full, &v, NULL, alphasort);
		for (int i = 0; i < n; i++) {
			const char *name = v[i]->d_name;
			if (!hit && strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
				char *sub = *rel ? xasprintf("%s/%s", rel, name) : xstrdup(name);
				char *to = xasprintf("%s/%s", strcmp(dest, "/") == 0 ? "" : dest, name);
				hit = tree_hit(sc, sub, to, depth + 1, budget);
				free(sub);
				free(to);
			}
			free(v[i]);
		}
		free(v);
	} else if (depth > 0 && package_owned(sc, dest)) {
		hit = xstrdup(dest);
	}
	free(full);
	return hit;
}

/* One source of the build context copied to dest: the package-owned path
 * it writes (folder set when it is DEST/NAME of the folder DEST), or NULL. */
static char *context_hit(const struct scan *sc, const char *src, const char *dest, bool into,
			 size_t *budget, char **folder)
{
	char *abs = ctx_path_resolve("/", src);
	const char *rel = abs + 1; /* context-relative; ".." cannot leave it */
	char *hit = NULL;
	glob_t g = { 0 };
	bool globbed = false;
	const char *one[1] = { rel };
	const char *const *v = one;
	size_t n = 1, skip = 0;
	if (strpbrk(rel, "*?[")) {
		char *pat = ctx_glob_pattern(sc->context, rel);
		globbed = glob(pat, 0, NULL, &g) == 0;
		free(pat);
		v = (const char *const *)g.gl_pathv;
		n = globbed ? g.gl_pathc : 0;
		skip = strlen(sc->context) + 1;
		into = into || n > 1;
	}
	for (size_t i = 0; i < n && !hit; i++) {
		const char *r = v[i] + (globbed ? skip : 0);
		if (*r && ctx_ignored(sc, r))
			continue;
		char *full = xasprintf("%s/%s", sc->context, r);
		struct stat st;
		if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (!own_python_package(dest))
				hit = tree_hit(sc, r, dest, 0, budget);
		} else {
			char *to = into ? written_into(dest, r) : xstrdup(dest);
			if (package_owned(sc, to) && !own_python_package(to)) {
				hit = to;
				*folder = into ? xstrdup(dest) : NULL;
			} else {
				free(to);
			}
		}
		free(full);
	}
	if (globbed)
		globfree(&g);
	free(abs);
	return hit;
}

static bool copy_modifies(const struct scan *sc, const struct df_instr *in, const char *wd,
			  size_t *budget, struct modification *m)
{
	if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->n_args < 2)
		return false;
	size_t n_src = in->n_args - 1;
	const char *raw = in->args[n_src];
	bool into = n_src > 1 || str_ends_with(raw, "/") || strcmp(raw, ".") == 0 ||
		    str_ends_with(raw, "/.");
	bool add = in->kind == DF_ADD, from = dockerfile_flag(in, "from") != NULL;
	char *dest = ctx_path_resolve(wd, raw);
	if (!owned_at_or_below(sc, dest)) { /* everything lands at or below dest */
		free(dest);
		return false;
	}
	char *hit = NULL, *folder = NULL;
	for (size_t k = 0; k < n_src && !hit; k++) {
		const char *src = in->args[k];
		const struct df_heredoc *hd = ctx_heredoc_of(in, src);
		bool archive = add && !hd && !from && is_archive(src);
		if (!hd && !from && !archive && !(add && ctx_is_url(src))) {
			hit = context_hit(sc, src, dest, into, budget, &folder);
			continue;
		}
		char *to;
		if (archive) {
			to = xstrdup(dest); /* unpacked into it */
			folder = xstrdup(dest);
		} else {
			/* another stage's path, a URL, a heredoc: named as written */
			to = into ? written_into(dest, hd ? hd->name : src) : xstrdup(dest);
			folder = into ? xstrdup(dest) : NULL;
		}
		if (package_owned(sc, to) && !own_python_package(to)) {
			hit = to;
		} else {
			free(to);
			x_free(&folder);
		}
	}
	free(dest);
	if (!hit)
		return false;
	*m = (struct modification){ in->line, xstrdup(add ? "ADD" : "COPY"), hit, folder, true };
	return true;
}

static bool run_modifies(struct scan *sc, size_t i, struct env_cache *cache, const char *wd,
			 struct modification *m)
{
	struct toks t = { 0 };
	ps_run_words(sc, i, cache, &t);
	int line = sc->df->instrs[i].line;
	struct tok **w = xcalloc(t.n + 1, sizeof(*w));
	size_t n = 0;
	bool hit = false;
	char *cwd = xstrdup(wd); /* cd inside the RUN moves it */
	for (size_t j = 0; j <= t.n && !hit; j++) {
		if (j == t.n || t.v[j].kind == TOK_SEP) {
			hit = command_modifies(sc, w, n, cwd, m, line);
			struct command c = { w, n };
			size_t k = shell_command_start(&c);
			if (!hit && k + 1 < n && strcmp(w[k]->s, "cd") == 0 && w[k + 1]->s[0] &&
			    strcmp(w[k + 1]->s, "-") != 0) {
				char *d = ctx_path_resolve(cwd, w[k + 1]->s);
				free(cwd);
				cwd = d;
			}
			n = 0;
		} else if (t.v[j].kind == TOK_WORD) {
			w[n++] = &t.v[j];
		} else if (t.v[j].kind == TOK_REDIR && *t.v[j].s) {
			char *p = ctx_path_resolve(cwd, t.v[j].s);
			if (package_owned(sc, p)) {
				*m = (struct modification){ line, xstrdup(">"), p };
				hit = true;
			} else {
				free(p);
			}
		}
	}
	free(w);
	free(cwd);
	shell_toks_free(&t);
	return hit;
}

static void check_modified(struct scan *sc, struct prescan_result *r)
{
	struct env_cache cache = { 0 };
	struct modification m = { 0 };
	size_t count = 0;
	size_t budget = MAX_TREE_ENTRIES; /* context entries COPY may look at */
	char *wd = xstrdup("/");
	FOR_CHAIN(sc, i) {
		const struct df_instr *in = &sc->df->instrs[i];
		if (in->kind == DF_FROM) {
			free(wd);
			wd = xstrdup("/");
		} else if (in->kind == DF_WORKDIR && in->n_args) {
			char *w = ctx_path_resolve(wd, in->args[0]);
			free(wd);
			wd = w;
		} else if (in->kind == DF_RUN || in->kind == DF_COPY || in->kind == DF_ADD) {
			struct modification one = { 0 };
			if (in->kind == DF_RUN ? run_modifies(sc, i, &cache, wd, &one)
					       : copy_modifies(sc, in, wd, &budget, &one)) {
				if (!count++) {
					m = one;
				} else {
					modification_free(&one);
				}
			}
		}
	}
	free(wd);
	dockerfile_env_free(cache.env);
	if (count) {
		/* TRANSLATORS: "line 12: sed -i changes /usr/lib/.../driver.py" */
		char *more = count > 1 ? xasprintf(P_(" (and %zu more instruction)",
						      " (and %zu more instructions)", count - 1),
						   count - 1)
				       : xstrdup("");
		const char *fix = _("ship the change as your own RPM, or install your code under a new path (e.g. a Python package of its own) instead of changing the base image's files");
		if (m.folder && strcmp(m.path, m.folder) == 0)
			/* TRANSLATORS: "line 12: ADD writes into /usr/lib/..., a folder ..."
			 * (an archive unpacked, a folder's contents) */
			ps_result_set(r, PRESCAN_WARN, m.line, fix,
				   _("line %d: %s writes into %s, a folder the base image's packages own%s; preflight's HasModifiedFiles rejects the image if that replaces one of their files"),
				   m.line, m.what, m.folder, more);
		else if (m.folder)
			/* TRANSLATORS: "line 12: cp writes /usr/lib/.../drivers/acme.py
			 * into /usr/lib/.../drivers, a folder ..." */
			ps_result_set(r, PRESCAN_WARN, m.line, fix,
				   _("line %d: %s writes %s into %s, a folder the base image's packages own%s; preflight's HasModifiedFiles rejects the image if that replaces one of their files"),
				   m.line, m.what, m.path, m.folder, more);
		else if (m.may_be_new)
			/* TRANSLATORS: "line 7: COPY writes /usr/lib/.../type_vlan.py, a path ..." */
			ps_result_set(r, PRESCAN_WARN, m.line, fix,
				   _("line %d: %s writes %s, a path the base image's packages own%s; preflight's HasModifiedFiles rejects the image if that replaces one of their files"),
				   m.line, m.what, m.path, more);
		else
			ps_result_set(r, PRESCAN_WARN, m.line, fix,
				   _("line %d: %s changes %s, a file the base image's packages own%s; preflight's HasModifiedFiles rejects images that modify them"),
				   m.line, m.what, m.path, more);
		free(more);
	} else {
		ps_result_set(r, PRESCAN_PASS, 0, NULL,
			   _("no RUN, COPY or ADD changes files that the base image's packages own"));
	}
	modification_free(&m);
}

/* ---- has_prohibited_container_name ---- */

static void check_container_name(struct scan *sc, struct prescan_result *r)
{
	const char *name = sc->image_name;
	if (str_is_empty(name)) {
		ps_result_set(r, PRESCAN_UNKNOWN, 0,
			   _("give the outbound repository name: certtrack lint --name NAME PATH, or certtrack lint --project PROJECT"),
			   _("no image name to check: the Dockerfile does not say what the image is called"));
		return;
	}
	char *lower = xstrdup(name);
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	/* the template's words, then preflight's own rule ("red-hat") */
	const char *word = NULL;
	char *match = NULL;
	for (size_t i = 0; i < sc->rules->prohibited_name_words.n && !word; i++)
		if (strstr(lower, sc->rules->prohibited_name_words.v[i]))
			word = sc->rules->prohibited_name_words.v[i];
	size_t len;
	const char *at = word ? NULL : prescan_red_hat_match(name, &len);
	if (at)
		word = match = xstrndup(at, len);
	if (word) {
		char *fix = xasprintf(_("rename the outbound repository so that it does not contain \"%s\""),
				      word);
		ps_result_set(r, PRESCAN_FAIL, 0, fix,
			   _("the image name \"%s\" contains \"%s\"; preflight's HasProhibitedContainerName rejects it"),
			   name, word);
		free(fix);
	} else {
		ps_result_set(r, PRESCAN_PASS, 0, NULL,
			   _("the image name \"%s\" contains no prohibited word"), name);
	}
	free(match);
	free(lower);
}

/* ---- running it ---- */

static void report_init(struct prescan_report *r)
{
	memset(r, 0, sizeof(*r));
	r->results = xcalloc(PRESCAN_NPOLICIES, sizeof(*r->results));
	r->n = PRESCAN_NPOLICIES;
	for (size_t i = 0; i < PRESCAN_NPOLICIES; i++) {
		r->results[i].policy = policy_ids[i];
		r->results[i].preflight = policy_preflight[i];
		r->results[i].status = PRESCAN_UNKNOWN;
	}
}

/* Nothing was read: no results at all rather than guesses. */
static void report_no_results(struct prescan_report *r)
{
	x_free(&r->results);
	r->n = 0;
}

static void report_not_checked(struct prescan_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		ps_result_set(&r->results[i], PRESCAN_UNKNOWN, 0, NULL, "%s",
			   _("not checked: the Dockerfile cannot be parsed"));
}

enum ct_status prescan_run_text(const char *text, size_t len, const char *file,
				const char *context_dir, const struct prescan_options *opts,
				struct prescan_report *out, struct ct_error *err)
{
	static const struct prescan_rules no_rules;
	report_init(out);
	out->file = xstrdup(file);
	out->context = xstrdup(context_dir);
	sha256_hex(text, len, out->digest);

	struct dockerfile df;
	struct df_error derr;
	if (dockerfile_parse(text, len, &df, &derr) != CT_OK) {
		out->error = xstrdup(derr.reason);
		out->error_line = derr.line;
		out->error_fix = derr.fix[0] ? xstrdup(derr.fix) : NULL;
		out->not_text = derr.kind == DF_ERR_NOT_TEXT;
		out->limit = derr.kind == DF_ERR_LIMIT;
		report_not_checked(out);
		if (derr.kind == DF_ERR_NO_FROM)
			/* The guide's own example has no FROM: it has no base
			 * image at all, so it is certainly not a Red Hat one. */
			ps_result_set(&out->results[P_BASE], PRESCAN_FAIL, derr.line, derr.fix[0] ? derr.fix : NULL,
				   "%s", _("no FROM instruction: the image has no Red Hat base image"));
		if (derr.line)
			return ct_fail(err, CT_DATA, "%s:%d: %s", file, derr.line, derr.reason);
		return ct_fail(err, CT_DATA, "%s: %s", file, derr.reason);
	}

	size_t walk = MAX_WALK;
	struct scan sc = { .df = &df, .context = context_dir, .walk = &walk,
			   .rules = opts && opts->rules ? opts->rules : &no_rules,
			   .image_name = opts ? opts->image_name : NULL,
			   .budget = DOCKERFILE_MAX_EXPANDED_TOTAL };
	/* The fixes name the project's own base image where it is known (the
	 * template's repository and tag, the base image of its name). */
	const char *base = opts ? opts->base_image : NULL;
	if (base) {
		sc.base_fix = xasprintf(_("build FROM a Red Hat image, e.g. FROM %s"), base);
		sc.base_arg_fix = xasprintf(_("give the ARG a default naming a Red Hat image, e.g. ARG BASE=%s"), base);
	} else {
		sc.base_fix = xstrdup(_("build FROM a Red Hat image (from registry.redhat.io)"));
		sc.base_arg_fix = xstrdup(_("give the ARG a default naming a Red Hat image (from registry.redhat.io)"));
	}
	ps_chain_build(&df, df.n_stages - 1, &sc.chain, &sc.n_chain);
	ctx_ignore_load(&sc, file);
	struct prescan_result *res = out->results;
	check_base(&sc, &res[P_BASE]);
	check_labels(&sc, &res[P_LABELS]);
	check_licenses(&sc, &res[P_LICENSES]);
	check_user(&sc, &res[P_NONROOT]);
	check_prohibited_labels(&sc, &res[P_PROHIBITED_LABELS]);
	check_packages(&sc, &res[P_PACKAGES]);
	check_layers(&sc, &res[P_LAYERS]);
	check_maintainer(&sc, &res[P_MAINTAINER]);
	check_modified(&sc, &res[P_MODIFIED]);
	check_container_name(&sc, &res[P_CONTAINER_NAME]);
	if (sc.limit_line) {
		/* a hostile file: no verdict is worth more than the error */
		out->error = xasprintf(_("the variables of this RUN expand to more than %zu MiB"),
				       DOCKERFILE_MAX_EXPANSION >> 20);
		out->error_line = sc.limit_line;
		out->error_fix = xstrdup(_("do not build values by repeating other variables; write the value out"));
		out->limit = true;
		report_not_checked(out);
		free(sc.chain);
		free(sc.base_fix);
		free(sc.base_arg_fix);
		strlist_free(&sc.ignore);
		dockerfile_free(&df);
		return ct_fail(err, CT_DATA, "%s:%d: %s", file, out->error_line, out->error);
	}
	out->passed = true;
	for (size_t i = 0; i < out->n; i++)
		if (out->results[i].status == PRESCAN_FAIL)
			out->passed = false;
	free(sc.chain);
	free(sc.base_fix);
	free(sc.base_arg_fix);
	strlist_free(&sc.ignore);
	dockerfile_free(&df);
	ct_error_clear(err);
	return CT_OK;
}

enum ct_status prescan_run(const char *path, const char *context_dir,
			   const struct prescan_options *opts, struct prescan_report *out,
			   struct ct_error *err)
{
	report_init(out);
	struct stat st;
	if (stat(path, &st) != 0) {
		int e = errno;
		out->file = xstrdup(path);
		report_no_results(out);
		return ct_fail(err, CT_SYSTEM, "%s: %s", path, strerror(e));
	}
	char *file, *dir;
	if (S_ISDIR(st.st_mode)) {
		size_t n = strlen(path);
		const char *sep = n && path[n - 1] == '/' ? "" : "/";
		file = xasprintf("%s%sDockerfile", path, sep);
		if (stat(file, &st) != 0) {
			char *alt = xasprintf("%s%sContainerfile", path, sep);
			if (stat(alt, &st) == 0) {
				free(file);
				file = alt;
			} else {
				free(alt);
				free(file);
				out->file = xstrdup(path);
				out->context = xstrdup(context_dir ? context_dir : path);
				report_no_results(out);
				return ct_fail(err, CT_SYSTEM,
					       _("%s: no Dockerfile or Containerfile in this folder"), path);
			}
		}
		dir = xstrdup(path);
	} else {
		file = xstrdup(path);
		dir = ctx_path_dirname(path);
	}
	const char *context = context_dir ? context_dir : dir;

	char *text;
	size_t len;
	enum ct_status rc = dockerfile_read(file, &text, &len, err);
	if (rc != CT_OK) {
		out->file = file;
		out->context = xstrdup(context);
		if (rc == CT_DATA && err) {
			/* too big to be a Dockerfile: a data error like a parse error */
			out->error = xstrdup(err->msg);
			out->error_fix = xstrdup(_("check that the path names the Dockerfile"));
			report_not_checked(out);
		} else {
			report_no_results(out);
		}
		free(dir);
		return rc;
	}
	prescan_report_free(out);
	rc = prescan_run_text(text, len, file, context, opts, out, err);
	free(text);
	free(file);
	free(dir);
	return rc;
}

void prescan_report_free(struct prescan_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->results[i].message);
		free(r->results[i].fix);
	}
	free(r->results);
	free(r->file);
	free(r->context);
	free(r->error);
	free(r->error_fix);
	memset(r, 0, sizeof(*r));
}
