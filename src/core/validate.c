/* validate.c - the named field validators a template refers to, by name;
 * this file holds the registry and the generic ones (choices, booleans).
 * The naming rules of the guide (7.1, 7.4) and registry names and tags are
 * in validate_names.c; git URLs, URLs, branches, paths and SSH key
 * references in validate_net.c; contact data in validate_contact.c; what
 * they share in validate_text.c (validate_int.h).
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
 *     name.prefix        E  does not start with <prefix><MAJOR>- (the
 *                           template's naming pattern, rhosp<MAJOR>-)
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
#include "core/validate_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- choices */

static char *choice_list(const struct validate_ctx *ctx)
{
	struct strbuf sb = { 0 };
	for (size_t i = 0; ctx && ctx->choices && i < ctx->n_choices; i++) {
		if (!ctx->choices[i])
			continue;
		char *s = vd_show(ctx->choices[i]);
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
	char *sv = vd_show(value);
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
				char *si = vd_show(item);
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
					char *si = vd_show(c);
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
	char *sv = vd_show(value);

	multi_choice_pass(ctx, field, value, sv, NULL, &fixed, &fixable, NULL);
	const char *sugg = fixable && fixed.len ? sb_str(&fixed) : NULL;
	multi_choice_pass(ctx, field, value, sv, vd_sugg_or_null(sugg, value), NULL, &fixable,
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
	char *t = vd_trim_dup(value);
	const char *sugg = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (strcasecmp(t, ok[i]) == 0)
			sugg = t;
	char *sv = vd_show(value);
	problems_add(out, CT_SEV_ERROR, "bool.invalid", field, NULL, sugg,
		     _("Use yes or no (also accepted: true/false, on/off, 1/0)."),
		     _("\"%s\" is not yes or no"), sv);
	free(sv);
	free(t);
}

/* --------------------------------------------------------------- registry */

static const struct validator validators[] = {
	{ "project_name", v_project_name },
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
