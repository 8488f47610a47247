/* imagecheck.c - the image-level policies from a built image's config and
 * tags: has_required_labels, has_no_prohibited_labels, runs_as_non_root,
 * layer_count_acceptable, has_unique_tag. Messages follow the pre-scan's
 * (prescan.c) so that both read alike. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/imagecheck.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const required_labels[] = {
	"name", "maintainer", "vendor", "version", "release", "summary",
};

static void result_set(struct prescan_result *r, const char *policy, enum prescan_status st,
		       const char *fix, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void result_set(struct prescan_result *r, const char *policy, enum prescan_status st,
		       const char *fix, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	r->policy = policy;
	r->status = st;
	r->line = 0;
	r->message = xvasprintf(fmt, ap);
	r->fix = xstrdup(fix);
	va_end(ap);
}

void imagecheck_result_clear(struct prescan_result *r)
{
	x_free(&r->message);
	x_free(&r->fix);
}

static const char *label_get(const struct image_label *l, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i].key, key) == 0)
			return l[i].value ? l[i].value : "";
	return NULL;
}

void imagecheck_required_labels(const struct image_label *labels, size_t n,
				struct prescan_result *r)
{
	struct strbuf missing = {0}, empty = {0}, hints = {0}, msg = {0};
	size_t n_missing = 0, n_empty = 0;
	for (size_t i = 0; i < ARRAY_SIZE(required_labels); i++) {
		const char *key = required_labels[i];
		const char *v = label_get(labels, n, key);
		if (v && !str_is_empty(v))
			continue;
		if (!v) {
			sb_addf(&missing, "%s%s", n_missing++ ? ", " : "", key);
			for (size_t k = 0; k < n; k++)
				if (strcasecmp(labels[k].key, key) == 0)
					sb_addf(&hints, _("; the image has \"%s\": label names are case-sensitive"),
						labels[k].key);
		} else {
			sb_addf(&empty, "%s%s", n_empty++ ? ", " : "", key);
		}
	}
	if (n_missing)
		sb_addf(&msg, P_("the image has no %s label", "the image lacks the labels %s", n_missing),
			sb_str(&missing));
	sb_add(&msg, sb_str(&hints));
	if (n_empty) {
		sb_add(&msg, msg.len ? "; " : "");
		sb_addf(&msg, P_("label %s is empty", "labels %s are empty", n_empty), sb_str(&empty));
	}
	const char *d = label_get(labels, n, "description");
	if (n_missing || n_empty)
		result_set(r, "has_required_labels", PRESCAN_FAIL,
			   _("set name, maintainer, vendor, version, release and summary with LABEL in the final stage of the Dockerfile, and rebuild"),
			   "%s", sb_str(&msg));
	else if (str_is_empty(d))
		result_set(r, "has_required_labels", PRESCAN_WARN,
			   _("add `LABEL description=\"What the plugin does\"` to the final stage"),
			   "%s", d ? _("the required labels are set, but description is empty (preflight requires it)")
				   : _("the required labels are set, but description is missing (preflight requires it)"));
	else
		result_set(r, "has_required_labels", PRESCAN_PASS, NULL, "%s",
			   _("name, maintainer, vendor, version, release, summary and description are set"));
	sb_free(&missing);
	sb_free(&empty);
	sb_free(&hints);
	sb_free(&msg);
}

void imagecheck_prohibited_labels(const struct image_label *labels, size_t n,
				  struct prescan_result *r)
{
	static const char *const keys[] = {"name", "vendor", "maintainer"};
	struct strbuf msg = {0};
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *v = label_get(labels, n, keys[i]);
		if (v && prescan_presents_red_hat(v))
			sb_addf(&msg, "%s%s=\"%s\"", msg.len ? ", " : "", keys[i], v);
	}
	if (msg.len)
		result_set(r, "has_no_prohibited_labels", PRESCAN_FAIL,
			   _("use your company's name; \"... for Red Hat OpenStack Platform\" is allowed"),
			   _("%s presents the image as Red Hat's own"), sb_str(&msg));
	else
		result_set(r, "has_no_prohibited_labels", PRESCAN_PASS, NULL, "%s",
			   _("name, vendor and maintainer do not present the image as Red Hat's"));
	sb_free(&msg);
}

void imagecheck_non_root(const char *user, struct prescan_result *r)
{
	const char *fix = _("end the final stage with a non-root user, e.g. `USER 1001` or `USER cinder`");
	if (str_is_empty(user)) {
		result_set(r, "runs_as_non_root", PRESCAN_FAIL, fix, "%s",
			   _("the image sets no user (config User is empty), so it runs as root"));
		return;
	}
	size_t ulen = strcspn(user, ":");
	bool zero = ulen > 0;
	for (size_t i = 0; i < ulen; i++)
		if (user[i] != '0')
			zero = false;
	if ((ulen == 4 && strncmp(user, "root", 4) == 0) || zero)
		result_set(r, "runs_as_non_root", PRESCAN_FAIL, fix,
			   _("the image's user is %s, so it runs as root"), user);
	else
		result_set(r, "runs_as_non_root", PRESCAN_PASS, NULL, _("the image runs as %s"), user);
}

void imagecheck_layer_count(size_t layers, struct prescan_result *r)
{
	if (layers > IMAGECHECK_MAX_LAYERS)
		result_set(r, "layer_count_acceptable", PRESCAN_FAIL,
			   _("join RUN instructions with && and copy folders rather than single files"),
			   _("the image has %zu layers, more than %d"), layers, IMAGECHECK_MAX_LAYERS);
	else
		result_set(r, "layer_count_acceptable", PRESCAN_PASS, NULL,
			   P_("the image has %zu layer (at most %d)", "the image has %zu layers (at most %d)",
			      layers),
			   layers, IMAGECHECK_MAX_LAYERS);
}

void imagecheck_unique_tag(const char *const *tags, size_t n, struct prescan_result *r)
{
	const char *other = NULL;
	for (size_t i = 0; i < n && !other; i++)
		if (strcmp(tags[i], "latest") != 0)
			other = tags[i];
	if (other)
		result_set(r, "has_unique_tag", PRESCAN_PASS, NULL,
			   P_("the repository has %zu tag, %s", "the repository has %zu tags, e.g. %s", n), n,
			   other);
	else
		result_set(r, "has_unique_tag", PRESCAN_FAIL,
			   _("tag the image with its version (e.g. 1.0.0) as well as latest"),
			   n ? _("the only tag is latest") : _("the repository has no tag"));
}
