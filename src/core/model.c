/* model.c - what can be said of recorded things without the store: stable
 * names, image references, the Dockerfile's path, and freeing. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/model.h"
#include "certtrack/util.h"

#include <stdlib.h>
#include <string.h>

const char *build_result_name(enum build_result r)
{
	switch (r) {
	case BUILD_SUCCEEDED:
		return "succeeded";
	case BUILD_FAILED:
		return "failed";
	default:
		return "running";
	}
}

enum build_result build_result_parse(const char *name)
{
	return str_eq(name, "succeeded") ? BUILD_SUCCEEDED
	       : str_eq(name, "failed")  ? BUILD_FAILED
					 : BUILD_RUNNING;
}

void scan_results_free(struct scan_result *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].policy);
		free(v[i].status);
		free(v[i].message);
		free(v[i].fix);
		free(v[i].url);
		free(v[i].description);
		free(v[i].help);
		free(v[i].check_url);
	}
	free(v);
}

void scan_records_free(struct scan_record *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].at);
		free(v[i].user);
		free(v[i].source);
		free(v[i].image);
		free(v[i].tool_name);
		free(v[i].tool_version);
		free(v[i].tool_commit);
		free(v[i].certification_hash);
		scan_results_free(v[i].results, v[i].n_results);
	}
	free(v);
}

void scan_record_clear(struct scan_record *r)
{
	free(r->at);
	free(r->user);
	free(r->source);
	free(r->image);
	free(r->tool_name);
	free(r->tool_version);
	free(r->tool_commit);
	free(r->certification_hash);
	scan_results_free(r->results, r->n_results);
	memset(r, 0, sizeof(*r));
}

void build_records_free(struct build_record *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].tag);
		free(v[i].build_ref);
		free(v[i].started_at);
		free(v[i].finished_at);
		free(v[i].note);
		free(v[i].user);
	}
	free(v);
}

void prescan_records_free(struct prescan_record *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].at);
		free(v[i].user);
		free(v[i].file);
		free(v[i].digest);
		free(v[i].results);
	}
	free(v);
}

char *records_image_ref(const struct project *p, const char *tag)
{
	const char *ns = project_value(p, "registry_namespace");
	const char *repo = project_value(p, "outbound_repository");
	return xasprintf("%s/%s/%s:%s", p->tpl->registry_host, ns ? ns : "<namespace>",
			 repo ? repo : "<outbound_repository>", tag ? tag : "<tag>");
}

bool records_dockerfile_path(const struct project *p, char **path, char **context)
{
	const char *src = project_value(p, "source_path");
	const char *ctx = project_value(p, "context_dir");
	const char *df = project_value(p, "dockerfile");
	if (str_is_empty(src))
		return false;
	*context = str_is_empty(ctx) ? xstrdup(src) : xasprintf("%s/%s", src, ctx);
	*path = xasprintf("%s/%s", *context, str_is_empty(df) ? "Dockerfile" : df);
	return true;
}

void event_copy_pooled(struct event *dst, const struct event *src, struct strpool *pool)
{
	*dst = *src;
	char **f[] = {&dst->uuid, &dst->at,  &dst->user,      &dst->project_uuid, &dst->project_name,
		      &dst->what, &dst->key, &dst->old_value, &dst->new_value,    &dst->note};
	for (size_t i = 0; i < ARRAY_SIZE(f); i++)
		*f[i] = pool ? strpool_dup(pool, *f[i]) : xstrdup(*f[i]);
}

void event_copy(struct event *dst, const struct event *src)
{
	event_copy_pooled(dst, src, NULL);
}

void events_free(struct event *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].uuid);
		free(v[i].at);
		free(v[i].user);
		free(v[i].project_uuid);
		free(v[i].project_name);
		free(v[i].what);
		free(v[i].key);
		free(v[i].old_value);
		free(v[i].new_value);
		free(v[i].note);
	}
	free(v);
}
