/* records.c - pre-scans, builds, scans and publication of a project, and
 * the checklist items that follow them. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/records.h"
#include "certtrack/engine.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"
#include "certtrack/validate.h"
#include "core/txn.h"
#include "core/undo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool follows_records(const struct tpl_item *it)
{
	for (size_t i = 0; i < it->n_reqs; i++)
		if (it->reqs[i].kind == REQ_BUILD_SUCCEEDED || it->reqs[i].kind == REQ_SCAN_PASSED ||
		    it->reqs[i].kind == REQ_PUBLISHED)
			return true;
	return false;
}

/* Whether the record an item follows has any state yet. */
static bool records_started(const struct project *p, const struct tpl_item *it)
{
	for (size_t i = 0; i < it->n_reqs; i++) {
		enum req_kind k = it->reqs[i].kind;
		if ((k == REQ_BUILD_SUCCEEDED && p->build != REC_NONE) ||
		    (k == REQ_SCAN_PASSED && p->scan != REC_NONE))
			return true;
	}
	return false;
}

/* Items whose requirements name a build, scan or publication follow those
 * records: done when every requirement holds, in progress while a record
 * exists but does not satisfy them. Blocked, n/a and forced items are the
 * user's decision and are left alone. Each change is an event of the
 * command, so undo reverts it with the record. */
static enum ct_status sync_items(struct txn *t, struct project *p, const char *why,
				 struct ct_error *err)
{
	const struct template *tpl = p->tpl;
	for (size_t i = 0; i < tpl->n_items; i++) {
		const struct tpl_item *it = &tpl->items[i];
		struct item_state *is = &p->items[i];
		if (!follows_records(it) || is->status == ITEM_NA || is->status == ITEM_BLOCKED ||
		    is->forced_reason)
			continue;
		enum item_status want;
		if (engine_item_requirements(p, i, NULL, NULL))
			want = ITEM_DONE;
		else if (is->status == ITEM_DONE || records_started(p, it))
			want = ITEM_IN_PROGRESS;
		else
			want = is->status;
		if (want == is->status)
			continue;
		enum ct_status s = txn_event(t, p, "item.status", it->key, item_status_name(is->status),
					     item_status_name(want), why, err);
		if (s)
			return s;
		is->status = want;
		str_set(&is->updated_at, t->at);
		str_set(&is->updated_by, t->c->user);
		if ((s = store_item_write(t->c->st, p->id, it->key, is, err)))
			return s;
	}
	return CT_OK;
}

enum ct_status ops_prescan_record(struct ops_ctx *c, const char *ref, const char *file,
				  const char *digest, bool passed, const char *results_json,
				  struct ct_error *err)
{
	struct project *p;
	struct txn t;
	enum ct_status s = txn_begin_project(&t, c, ref, &p, err);
	if (s)
		return s;
	t.summary = xasprintf("lint %s", p->name);
	struct prescan_record r = {.at = t.at, .user = (char *)c->user, .file = (char *)file,
				   .digest = (char *)digest, .passed = passed,
				   .results = (char *)results_json};
	s = store_prescan_insert(c->st, p->id, &r, err);
	if (!s) {
		char key[32];
		snprintf(key, sizeof(key), "%lld", r.id);
		s = txn_event(&t, p, "prescan", key, NULL, passed ? "passed" : "failed", file, err);
		p->prescan = passed ? REC_PASSED : REC_FAILED;
	}
	s = txn_end(&t, p, s, err);
	project_free(p);
	return s;
}

static enum ct_status latest_build(struct ops_ctx *c, const struct project *p,
				   struct build_record **all, size_t *n, struct ct_error *err)
{
	return store_builds_list(c->st, p->id, all, n, err);
}

enum ct_status ops_build_start(struct ops_ctx *c, const char *ref, const char *tag,
			       const char *build_ref, const char *note, long long *id,
			       struct problems *probs, struct ct_error *err)
{
	if (str_is_empty(tag))
		return ct_fail(err, CT_USAGE, _("give the build's tag with --tag (the plugin version)"));
	if ((note && !utf8_valid(note, strlen(note))) || (build_ref && !utf8_valid(build_ref, strlen(build_ref))))
		return ct_fail(err, CT_USAGE, _("the note and the build id must be UTF-8 text"));
	struct project *p;
	struct txn t;
	enum ct_status s = txn_begin_project(&t, c, ref, &p, err);
	if (s)
		return s;
	struct validate_ctx ctx;
	engine_validate_ctx(p, &ctx);
	const struct validator *v = validator_find("oci_tag");
	struct problems tp = {0};
	if (v)
		v->fn(&ctx, "tag", tag, &tp);
	bool bad = problems_count(&tp, CT_SEV_ERROR) > 0;
	problems_move(probs, &tp);
	struct build_record *all = NULL;
	size_t n = 0;
	if (bad) {
		s = ct_fail(err, CT_FAILED, _("build not recorded: the tag is not valid"));
		goto out;
	}
	if ((s = latest_build(c, p, &all, &n, err)))
		goto out;
	if (n && all[0].result == BUILD_RUNNING) {
		s = ct_fail(err, CT_FAILED,
			    _("build #%lld (%s) is still running; finish it first: certtrack build %s finish [--failed]"),
			    all[0].id, all[0].tag, p->name);
		goto out;
	}
	t.summary = xasprintf("build %s start %s", p->name, tag);
	struct build_record b = {.tag = (char *)tag, .build_ref = (char *)build_ref,
				 .started_at = t.at, .result = BUILD_RUNNING,
				 .note = (char *)note, .user = (char *)c->user};
	if ((s = store_build_insert(c->st, p->id, &b, err)))
		goto out;
	char key[32];
	snprintf(key, sizeof(key), "%lld", b.id);
	if ((s = txn_event(&t, p, "build.start", key, NULL, tag, note, err)))
		goto out;
	p->build = REC_RUNNING;
	p->scan = REC_NONE;
	s = sync_items(&t, p, _("a build started"), err);
	if (id)
		*id = b.id;
out:
	build_records_free(all, n);
	s = txn_end(&t, p, s, err);
	project_free(p);
	return s;
}

enum ct_status ops_build_finish(struct ops_ctx *c, const char *ref, bool failed,
				const char *build_ref, const char *note, struct ct_error *err)
{
	if ((note && !utf8_valid(note, strlen(note))) || (build_ref && !utf8_valid(build_ref, strlen(build_ref))))
		return ct_fail(err, CT_USAGE, _("the note and the build id must be UTF-8 text"));
	struct project *p;
	struct txn t;
	enum ct_status s = txn_begin_project(&t, c, ref, &p, err);
	if (s)
		return s;
	struct build_record *all = NULL;
	size_t n = 0;
	if ((s = latest_build(c, p, &all, &n, err)))
		goto out;
	if (!n || all[0].result != BUILD_RUNNING) {
		s = ct_fail(err, CT_FAILED,
			    _("%s has no running build; start one with: certtrack build %s start --tag VERSION"),
			    p->name, p->name);
		goto out;
	}
	struct build_record *b = &all[0];
	b->result = failed ? BUILD_FAILED : BUILD_SUCCEEDED;
	str_set(&b->finished_at, t.at);
	if (build_ref && *build_ref)
		str_set(&b->build_ref, build_ref);
	if (note && *note)
		str_set(&b->note, note);
	t.summary = xasprintf("build %s finish", p->name);
	if ((s = store_build_update(c->st, b, err)))
		goto out;
	char key[32];
	snprintf(key, sizeof(key), "%lld", b->id);
	if ((s = txn_event(&t, p, "build.finish", key, "running", build_result_name(b->result), note,
			   err)))
		goto out;
	p->build = failed ? REC_FAILED : REC_PASSED;
	char *why = xasprintf(failed ? _("build #%lld failed") : _("build #%lld succeeded"), b->id);
	s = sync_items(&t, p, why, err);
	free(why);
out:
	build_records_free(all, n);
	s = txn_end(&t, p, s, err);
	project_free(p);
	return s;
}

/* Splits an image reference into its repository path (no registry host)
 * and tag (NULL when it has none, e.g. only a digest). */
static void image_parts(const char *ref, char **path, char **tag)
{
	char *s = xstrdup(ref);
	char *at = strchr(s, '@');
	if (at)
		*at = '\0';
	char *p = s;
	char *slash = strchr(s, '/');
	if (slash && (memchr(s, '.', (size_t)(slash - s)) || memchr(s, ':', (size_t)(slash - s)) ||
		      strncmp(s, "localhost/", 10) == 0))
		p = slash + 1;
	char *colon = strrchr(p, ':');
	*tag = NULL;
	if (colon && !strchr(colon, '/')) {
		*colon = '\0';
		*tag = xstrdup(colon + 1);
	}
	*path = xstrdup(p);
	free(s);
}

/* Whether the image preflight tested is the build being scanned: the same
 * registry path (the registry host may differ: a mirror or the scanner's
 * own pull) and, when the file names one, the same tag. */
static bool image_matches(const char *tested, const char *expected)
{
	char *tp, *tt, *ep, *et;
	image_parts(tested, &tp, &tt);
	image_parts(expected, &ep, &et);
	bool ok = strcmp(tp, ep) == 0 && (!tt || (et && strcmp(tt, et) == 0));
	free(tp);
	free(tt);
	free(ep);
	free(et);
	return ok;
}

enum ct_status ops_scan_record(struct ops_ctx *c, const char *ref, const char *source,
			       const struct scan_result *results, size_t n, bool *passed,
			       struct ct_error *err)
{
	return ops_scan_record_meta(c, ref, source, NULL, false, results, n, passed, NULL, err);
}

enum ct_status ops_scan_record_meta(struct ops_ctx *c, const char *ref, const char *source,
				    const struct scan_record *meta, bool force,
				    const struct scan_result *results, size_t n, bool *passed,
				    bool *mismatch, struct ct_error *err)
{
	if (mismatch)
		*mismatch = false;
	if (meta) {
		const char *texts[] = {meta->image, meta->tool_name, meta->tool_version,
				       meta->tool_commit, meta->certification_hash};
		for (size_t k = 0; k < ARRAY_SIZE(texts); k++)
			if (texts[k] && (!utf8_valid(texts[k], strlen(texts[k])) ||
					 strlen(texts[k]) > OPS_MAX_VALUE))
				return ct_fail(err, CT_USAGE,
					       _("the results' image and test library must be UTF-8 of at most %d bytes"),
					       OPS_MAX_VALUE);
	}
	if (!n)
		return ct_fail(err, CT_USAGE, _("a scan needs at least one policy result"));
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		const struct scan_result *r = &results[i];
		if (str_is_empty(r->policy) || !r->status)
			return ct_fail(err, CT_USAGE, _("every scan result needs a policy and a status"));
		/* One result per policy: a policy both failed and passed would
		 * make the counts ("1 of 9 failed" with 8 policies) lie. */
		for (size_t k = 0; k < i; k++)
			if (strcmp(results[k].policy, r->policy) == 0)
				return ct_fail(err, CT_USAGE,
					       _("policy %s is given twice (%s and %s); give each policy once"),
					       r->policy, results[k].status ? results[k].status : "?",
					       r->status);
		const char *texts[] = {r->policy, r->message, r->fix, r->url, r->description, r->help,
				       r->check_url};
		for (size_t k = 0; k < ARRAY_SIZE(texts); k++)
			if (texts[k] && (!utf8_valid(texts[k], strlen(texts[k])) ||
					 strlen(texts[k]) > OPS_MAX_VALUE))
				return ct_fail(err, CT_USAGE,
					       _("scan result %s: texts must be UTF-8 of at most %d bytes"),
					       r->policy, OPS_MAX_VALUE);
		if (strcmp(r->status, "fail") == 0 || strcmp(r->status, "error") == 0)
			ok = false;
		else if (strcmp(r->status, "pass") != 0 && strcmp(r->status, "warn") != 0)
			return ct_fail(err, CT_USAGE,
				       _("scan result %s: unknown status \"%s\"; use pass, fail, warn or error"),
				       r->policy, r->status);
	}
	struct project *p;
	struct txn t;
	enum ct_status s = txn_begin_project(&t, c, ref, &p, err);
	if (s)
		return s;
	struct build_record *all = NULL;
	size_t nb = 0;
	if ((s = latest_build(c, p, &all, &nb, err)))
		goto out;
	if (!nb) {
		s = ct_fail(err, CT_FAILED,
			    _("%s has no build to scan; record one with: certtrack build %s start --tag VERSION"),
			    p->name, p->name);
		goto out;
	}
	if (all[0].result != BUILD_SUCCEEDED) {
		s = ct_fail(err, CT_FAILED,
			    all[0].result == BUILD_RUNNING
				    ? _("build #%lld is still running; finish it before recording its scan")
				    : _("build #%lld failed; a failed build has no scan: start a new build"),
			    all[0].id);
		goto out;
	}
	if (meta && !str_is_empty(meta->image)) {
		char *want = records_image_ref(p, all[0].tag);
		bool same = image_matches(meta->image, want);
		if (!same && mismatch)
			*mismatch = true;
		if (!same && !force) {
			s = ct_fail(err, CT_FAILED,
				    _("the results are for %s, but the build being scanned is %s (build #%lld); import the results of that image, or give --force to record them anyway"),
				    meta->image, want, all[0].id);
			free(want);
			goto out;
		}
		free(want);
	}
	t.summary = xasprintf("scan %s", p->name);
	struct scan_record r = {.build_id = all[0].id, .at = t.at, .user = (char *)c->user,
				.passed = ok, .source = (char *)(source ? source : "manual"),
				.results = (struct scan_result *)results, .n_results = n};
	if (meta) {
		r.image = meta->image;
		r.tool_name = meta->tool_name;
		r.tool_version = meta->tool_version;
		r.tool_commit = meta->tool_commit;
		r.certification_hash = meta->certification_hash;
	}
	if ((s = store_scan_insert(c->st, &r, err)))
		goto out;
	char key[32];
	snprintf(key, sizeof(key), "%lld", r.id);
	if ((s = txn_event(&t, p, "scan", key, NULL, ok ? "passed" : "failed", r.source, err)))
		goto out;
	p->scan = ok ? REC_PASSED : REC_FAILED;
	s = sync_items(&t, p, ok ? _("the scan passed") : _("the scan failed"), err);
	if (passed)
		*passed = ok;
out:
	build_records_free(all, nb);
	s = txn_end(&t, p, s, err);
	project_free(p);
	return s;
}

enum ct_status ops_publish(struct ops_ctx *c, const char *ref, bool publish, struct ct_error *err)
{
	struct project *p;
	struct txn t;
	enum ct_status s = txn_begin_project(&t, c, ref, &p, err);
	if (s)
		return s;
	if (publish && p->scan != REC_PASSED) {
		s = ct_fail(err, CT_FAILED,
			    p->build == REC_NONE ? _("%s cannot be published: no build is recorded")
			    : p->scan == REC_NONE ? _("%s cannot be published: the latest build has no scan recorded")
						  : _("%s cannot be published: the latest build's scan did not pass (7.7)"),
			    p->name);
	} else if (p->published == publish) {
		s = ct_fail(err, CT_FAILED, publish ? _("%s is already published")
						    : _("%s is not published"), p->name);
	}
	if (!s) {
		t.summary = xasprintf("%s %s", publish ? "publish" : "unpublish", p->name);
		s = store_project_set_published(c->st, p->id, publish, t.at, c->user, err);
	}
	if (!s)
		s = txn_event(&t, p, "publish", NULL, p->published ? "true" : "false",
			      publish ? "true" : "false", NULL, err);
	if (!s) {
		p->published = publish;
		s = sync_items(&t, p, publish ? _("published") : _("unpublished"), err);
	}
	s = txn_end(&t, p, s, err);
	project_free(p);
	return s;
}

enum ct_status records_builds(struct ops_ctx *c, const struct project *p,
			      struct build_record **v, size_t *n, struct ct_error *err)
{
	return store_builds_list(c->st, p->id, v, n, err);
}

enum ct_status records_scans(struct ops_ctx *c, long long build_id, struct scan_record **v,
			     size_t *n, struct ct_error *err)
{
	return store_scans_list(c->st, build_id, v, n, err);
}

enum ct_status records_prescans(struct ops_ctx *c, const struct project *p, long long limit,
				struct prescan_record **v, size_t *n, struct ct_error *err)
{
	return store_prescans_list(c->st, p->id, limit, v, n, err);
}

static bool parse_id(const char *s, long long *id)
{
	char *end;
	errno = 0;
	*id = strtoll(s ? s : "", &end, 10);
	return s && *s && !errno && !*end && *id > 0;
}

static enum ct_status undo_publish(struct txn *t, struct project *p, const struct event *e,
				   struct ct_error *err)
{
	bool to = str_eq(e->old_value, "true");
	enum ct_status s = store_project_set_published(t->c->st, p->id, to, t->at, t->c->user, err);
	return s ? s : txn_event(t, p, "publish", NULL, e->new_value, e->old_value, NULL, err);
}

/* A recorded pre-scan, build or scan is removed. */
static enum ct_status undo_insert(struct txn *t, struct project *p, const struct event *e,
				  struct ct_error *err)
{
	long long id;
	if (!parse_id(e->key, &id))
		return ct_fail(err, CT_DATA, _("history names a bad record id; cannot undo"));
	struct store *st = t->c->st;
	enum ct_status s;
	const char *removed;
	if (strcmp(e->what, "prescan") == 0) {
		s = store_prescan_delete(st, id, err);
		removed = "prescan.remove";
	} else if (strcmp(e->what, "build.start") == 0) {
		s = store_build_delete(st, id, err);
		removed = "build.remove";
	} else {
		s = store_scan_delete(st, id, err);
		removed = "scan.remove";
	}
	return s ? s : txn_event(t, p, removed, e->key, e->new_value, NULL, NULL, err);
}

/* A finished build is running again. */
static enum ct_status undo_build_finish(struct txn *t, struct project *p, const struct event *e,
					struct ct_error *err)
{
	long long id;
	if (!parse_id(e->key, &id))
		return ct_fail(err, CT_DATA, _("history names a bad record id; cannot undo"));
	struct build_record *all = NULL;
	size_t n = 0;
	enum ct_status s = store_builds_list(t->c->st, p->id, &all, &n, err);
	for (size_t i = 0; i < n && !s; i++) {
		if (all[i].id != id)
			continue;
		all[i].result = BUILD_RUNNING;
		x_free(&all[i].finished_at);
		s = store_build_update(t->c->st, &all[i], err);
		if (!s)
			s = txn_event(t, p, "build.finish", e->key, e->new_value, "running", NULL, err);
	}
	build_records_free(all, n);
	return s;
}

const struct undo_kind records_undo_kinds[] = {
	{"publish", undo_publish},
	{"prescan", undo_insert},
	{"build.start", undo_insert},
	{"scan", undo_insert},
	{"build.finish", undo_build_finish},
	{NULL, NULL},
};
