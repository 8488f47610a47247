/* verify_json.c - the JSON of the remote checks, with jansson: reading the
 * registry's manifests, configs, tag lists and token answers into plain C,
 * and writing the verify report and the details stored with each check. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/i18n.h"
#include "certtrack/util.h"
#include "certtrack/verify.h"
#include "core/verify_int.h"

#include <jansson.h>

#include "core/json_int.h"
#include <stdlib.h>
#include <string.h>

void oci_manifest_free(struct oci_manifest *m)
{
	for (size_t i = 0; i < m->n_manifests; i++) {
		free(m->manifests[i].digest);
		free(m->manifests[i].media_type);
		free(m->manifests[i].os);
		free(m->manifests[i].arch);
		free(m->manifests[i].variant);
	}
	free(m->manifests);
	free(m->media_type);
	free(m->config_digest);
	memset(m, 0, sizeof(*m));
}

void oci_config_free(struct oci_config *c)
{
	for (size_t i = 0; i < c->n_labels; i++) {
		free(c->labels[i].key);
		free(c->labels[i].value);
	}
	free(c->labels);
	free(c->os);
	free(c->arch);
	free(c->user);
	memset(c, 0, sizeof(*c));
}

static json_t *load(const char *body, size_t len, struct ct_error *err)
{
	json_error_t je;
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		ct_fail(err, CT_DATA, _("not valid JSON (line %d: %s)"), je.line, je.text);
	else if (!json_is_object(root)) {
		json_decref(root);
		root = NULL;
		ct_fail(err, CT_DATA, _("not a JSON object"));
	}
	return root;
}

static char *str_of(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? xstrdup(v) : NULL;
}

static bool media_is(const char *mt, const char *want)
{
	size_t n = strlen(want);
	return mt && strncmp(mt, want, n) == 0 && (mt[n] == '\0' || mt[n] == ';' || mt[n] == ' ');
}

enum ct_status regjson_manifest(const char *body, size_t len, const char *media_type,
				struct oci_manifest *out, struct ct_error *err)
{
	memset(out, 0, sizeof(*out));
	json_t *root = load(body, len, err);
	if (!root)
		return CT_DATA;
	enum ct_status s = CT_OK;
	out->schema_version = (int)json_integer_value(json_object_get(root, "schemaVersion"));
	out->media_type = str_of(root, "mediaType");
	const char *mt = out->media_type ? out->media_type : media_type;
	json_t *manifests = json_object_get(root, "manifests");
	if (out->schema_version != 2) {
		s = ct_fail(err, CT_DATA,
			    _("schema version %d manifest; only version 2 (Docker v2, OCI) is read"),
			    out->schema_version);
	} else if (media_is(mt, MT_OCI_INDEX) || media_is(mt, MT_DOCKER_LIST) ||
		   (!mt && json_is_array(manifests))) {
		out->is_index = true;
		if (!json_is_array(manifests)) {
			s = ct_fail(err, CT_DATA, _("the index has no manifests list"));
		} else {
			size_t n = json_array_size(manifests);
			out->manifests = xcalloc(n + 1, sizeof(*out->manifests));
			for (size_t i = 0; i < n; i++) {
				json_t *e = json_array_get(manifests, i);
				json_t *pl = json_object_get(e, "platform");
				struct oci_entry *en = &out->manifests[out->n_manifests];
				en->digest = str_of(e, "digest");
				if (!en->digest)
					continue;
				en->media_type = str_of(e, "mediaType");
				en->os = str_of(pl, "os");
				en->arch = str_of(pl, "architecture");
				en->variant = str_of(pl, "variant");
				out->n_manifests++;
			}
		}
	} else {
		json_t *layers = json_object_get(root, "layers");
		const char *cd = json_string_value(json_object_get(json_object_get(root, "config"), "digest"));
		if (!cd || !json_is_array(layers)) {
			s = ct_fail(err, CT_DATA, _("the manifest has no config or no layers"));
		} else {
			out->config_digest = xstrdup(cd);
			out->n_layers = json_array_size(layers);
		}
	}
	json_decref(root);
	if (s)
		oci_manifest_free(out);
	return s;
}

enum ct_status regjson_config(const char *body, size_t len, struct oci_config *out,
			      struct ct_error *err)
{
	memset(out, 0, sizeof(*out));
	json_t *root = load(body, len, err);
	if (!root)
		return CT_DATA;
	out->os = str_of(root, "os");
	out->arch = str_of(root, "architecture");
	json_t *cfg = json_object_get(root, "config");
	out->user = str_of(cfg, "User");
	json_t *labels = json_object_get(cfg, "Labels");
	if (json_is_object(labels)) {
		out->labels = xcalloc(json_object_size(labels) + 1, sizeof(*out->labels));
		const char *k;
		json_t *v;
		json_object_foreach(labels, k, v) {
			if (!json_is_string(v))
				continue;
			out->labels[out->n_labels].key = xstrdup(k);
			out->labels[out->n_labels].value = xstrdup(json_string_value(v));
			out->n_labels++;
		}
	}
	json_decref(root);
	return CT_OK;
}

enum ct_status regjson_tags(const char *body, size_t len, struct strlist *tags,
			    struct ct_error *err)
{
	json_t *root = load(body, len, err);
	if (!root)
		return CT_DATA;
	json_t *a = json_object_get(root, "tags");
	enum ct_status s = CT_OK;
	if (json_is_array(a)) {
		size_t i;
		json_t *v;
		json_array_foreach(a, i, v)
			if (json_is_string(v))
				strlist_add(tags, json_string_value(v));
	} else if (!json_is_null(a) && a) {
		s = ct_fail(err, CT_DATA, _("\"tags\" is not a list"));
	}
	json_decref(root);
	return s;
}

enum ct_status regjson_token(const char *body, size_t len, char **token, struct ct_error *err)
{
	*token = NULL;
	json_t *root = load(body, len, err);
	if (!root)
		return CT_DATA;
	*token = str_of(root, "token");
	if (!*token || !**token) {
		x_free(token);
		*token = str_of(root, "access_token");
	}
	json_decref(root);
	if (!*token || !**token) {
		x_free(token);
		return ct_fail(err, CT_DATA, _("no \"token\" in the answer"));
	}
	return CT_OK;
}

char *verify_json_details(const char *k1, const char *v1, const char *k2, const char *v2,
			  const char *k3, const char *v3, const char *list_key,
			  const struct strlist *list)
{
	json_t *o = json_object();
	const char *k[] = {k1, k2, k3}, *v[] = {v1, v2, v3};
	for (size_t i = 0; i < ARRAY_SIZE(k); i++)
		if (k[i] && v[i])
			json_object_set_new(o, k[i], json_string(v[i]));
	if (list_key && list) {
		json_t *a = json_array();
		for (size_t i = 0; i < list->n; i++)
			json_array_append_new(a, json_string(list->v[i]));
		json_object_set_new(o, list_key, a);
	}
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	char *copy = xstrdup(s);
	free(s);
	return copy;
}

char *verify_report_json(const struct verify_report *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "project", json_text(r->project));
	json_object_set_new(o, "uuid", json_string(r->uuid));
	json_object_set_new(o, "at", json_text(r->at));
	json_object_set_new(o, "user", json_text(r->user));
	json_object_set_new(o, "passed", json_boolean(r->status == CT_OK && !r->cancelled));
	json_object_set_new(o, "status", json_string(r->cancelled ? "cancelled"
						     : r->status == CT_OK ? "passed"
						     : r->status == CT_FAILED ? "failed"
									    : "error"));
	json_object_set_new(o, "recorded", json_boolean(r->recorded));
	json_t *a = json_array();
	for (size_t i = 0; i < r->checks.n; i++) {
		const struct verify_check *c = &r->checks.v[i];
		json_t *e = json_object();
		/* the words of lint --json (docs/cli.md); "kind" and "outcome"
		 * stay for one release as aliases (NEWS) */
		json_object_set_new(e, "policy", json_string(c->kind));
		json_object_set_new(e, "status", json_string(verify_status_name(c->outcome)));
		json_object_set_new(e, "kind", json_string(c->kind));
		json_object_set_new(e, "target", json_string(c->target ? c->target : ""));
		json_object_set_new(e, "outcome", json_string(verify_outcome_name(c->outcome)));
		json_object_set_new(e, "message", json_string(c->message ? c->message : ""));
		if (c->fix)
			json_object_set_new(e, "fix", json_string(c->fix));
		if (c->details) {
			json_t *d = json_loads(c->details, 0, NULL);
			if (d)
				json_object_set_new(e, "details", d);
		}
		json_array_append_new(a, e);
	}
	json_object_set_new(o, "checks", a);
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	struct strbuf sb = {0};
	sb_add(&sb, s ? s : "{}");
	sb_addc(&sb, '\n');
	free(s);
	return sb_detach(&sb);
}
