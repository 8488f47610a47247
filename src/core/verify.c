/* verify.c - the remote checks as one user command: what to check is read
 * from the project in the caller's thread, the network work runs in the
 * helper certtrack-remote (verify_remote.c), waited for by a thread that
 * never touches the database (so a front end stays responsive and can
 * cancel), and the results are stored with the project
 * and recorded in history in the caller's thread again. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/verify.h"
#include "certtrack/i18n.h"
#include "certtrack/ops.h"
#include "certtrack/projects.h"
#include "certtrack/records.h"
#include "certtrack/util.h"
#include "certtrack/validate.h"
#include "core/remote_int.h"
#include "core/txn.h"
#include "core/undo.h"
#include "core/verify_int.h"

#include <locale.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void checks_move(struct verify_checks *to, struct verify_checks *from)
{
	for (size_t i = 0; i < from->n; i++) {
		if (to->n == to->cap) {
			to->cap = to->cap ? 2 * to->cap : 8;
			to->v = xreallocarray(to->v, to->cap, sizeof(*to->v));
		}
		to->v[to->n++] = from->v[i];
	}
	free(from->v);
	memset(from, 0, sizeof(*from));
}

void verify_report_free(struct verify_report *r)
{
	free(r->project);
	free(r->at);
	free(r->user);
	verify_checks_free(&r->checks);
	memset(r, 0, sizeof(*r));
}

/* ---- the job ---- */

enum phase { PHASE_START, PHASE_GIT, PHASE_REGISTRY, PHASE_DONE };

struct verify_job {
	char uuid[37];
	char *project;
	bool do_git, do_registry;
	/* What the thread checks (copies: the project is not shared). */
	char *git_url, *branch;
	char *registry_base, *image_name, *tag, *image_shown;
	/* Results decided before any request (nothing to check ...). */
	struct verify_checks git_pre, registry_pre;
	struct remote *rm;           /* the helper, which speaks HTTP */
	struct verify_checks checks; /* the thread's, read after join */
	atomic_int cancel;
	atomic_int phase;
	pthread_t thread;
};

/* One part of the checks by the helper; a helper that fails becomes an
 * error check of that part (a cancellation adds nothing). */
static void remote_part(struct verify_job *j, struct remote_msg *m, const char *kind,
			const char *target)
{
	struct ct_error e;
	ct_error_clear(&e);
	bool cancelled = false;
	if (remote_call(j->rm, m, &j->cancel, &j->checks, NULL, &cancelled, &e) && !cancelled)
		verify_checks_add(&j->checks, kind, target, VERIFY_ERROR, NULL, "%s", e.msg);
}

static void *job_main(void *arg)
{
	struct verify_job *j = arg;
	if (j->do_git && !atomic_load(&j->cancel)) {
		atomic_store(&j->phase, PHASE_GIT);
		if (j->git_pre.n) {
			checks_move(&j->checks, &j->git_pre);
		} else {
			struct remote_msg *m = remote_msg_new("git");
			remote_msg_set_str(m, "url", j->git_url);
			remote_msg_set_str(m, "branch", j->branch);
			remote_part(j, m, "git", j->git_url);
		}
	}
	if (j->do_registry && !atomic_load(&j->cancel)) {
		atomic_store(&j->phase, PHASE_REGISTRY);
		if (j->registry_pre.n) {
			checks_move(&j->checks, &j->registry_pre);
		} else {
			struct remote_msg *m = remote_msg_new("registry");
			remote_msg_set_str(m, "base", j->registry_base);
			remote_msg_set_str(m, "name", j->image_name);
			remote_msg_set_str(m, "tag", j->tag);
			remote_part(j, m, "image", j->image_shown);
		}
	}
	atomic_store(&j->phase, PHASE_DONE);
	return NULL;
}

static void job_free(struct verify_job *j)
{
	if (!j)
		return;
	free(j->project);
	free(j->git_url);
	free(j->branch);
	free(j->registry_base);
	free(j->image_name);
	free(j->tag);
	free(j->image_shown);
	verify_checks_free(&j->git_pre);
	verify_checks_free(&j->registry_pre);
	verify_checks_free(&j->checks);
	remote_end(j->rm);
	free(j);
}

/* Decides what the registry check asks for; problems that need no
 * request become checks in j->registry_pre. */
static enum ct_status registry_prepare(struct ops_ctx *c, const struct project *p,
				       const struct verify_options *o, struct verify_job *j,
				       struct ct_error *err)
{
	const char *ns = project_value(p, "registry_namespace");
	const char *repo = project_value(p, "outbound_repository");
	const char *host = o->registry_url ? o->registry_url : p->tpl->registry_host;
	struct ct_error e;
	ct_error_clear(&e);
	struct remote_msg *base = remote_msg_new("base"), *a = NULL;
	remote_msg_set_str(base, "url", host);
	enum ct_status bs = remote_call(j->rm, base, NULL, NULL, &a, NULL, &e);
	if (!bs)
		j->registry_base = xstrdup(remote_msg_str(a, "base"));
	remote_msg_free(a);
	if (bs == CT_SYSTEM) /* the helper itself failed */
		return ct_fail(err, CT_SYSTEM, "%s", e.msg);
	if (bs) {
		if (o->registry_url) /* the user's option: a usage error */
			return ct_fail(err, CT_USAGE, "--registry-url: %s", e.msg);
		verify_checks_add(&j->registry_pre, "image", host ? host : "", VERIFY_FAIL,
				  _("give the registry with --registry-url URL"), "%s", e.msg);
		return CT_OK;
	}
	char *tag = NULL;
	if (o->tag) {
		if (!valid_oci_tag(o->tag))
			return ct_fail(err, CT_USAGE,
				       _("--tag %s is not a valid tag: letters, digits, _ . - (at most 128, not starting with . or -)"),
				       o->tag);
		tag = xstrdup(o->tag);
	} else {
		struct build_record *b = NULL;
		size_t nb = 0;
		enum ct_status s = records_builds(c, p, &b, &nb, err);
		if (s)
			return s;
		if (nb && valid_oci_tag(b[0].tag))
			tag = xstrdup(b[0].tag);
		build_records_free(b, nb);
	}
	char *shown = records_image_ref(p, tag);
	j->image_shown = shown;
	/* Both name parts go into the URL path: only valid components. */
	if (!ns || !repo || !valid_registry_component(ns) || !valid_registry_component(repo)) {
		verify_checks_add(&j->registry_pre, "image", shown, VERIFY_FAIL,
				  _("set valid registry_namespace and outbound_repository fields (certtrack set PROJECT registry_namespace=... outbound_repository=...)"),
				  !ns || !repo ? _("the image name is not known: registry_namespace or outbound_repository is not set")
					       : _("the image name is not valid: registry_namespace or outbound_repository is not a valid registry path component"));
	} else if (!tag) {
		verify_checks_add(&j->registry_pre, "image", shown, VERIFY_FAIL,
				  _("record the build (certtrack build PROJECT start --tag VERSION) or give the tag with --tag"),
				  _("no tag to check: no build is recorded"));
	}
	j->image_name = ns && repo ? xasprintf("%s/%s", ns, repo) : NULL;
	j->tag = tag;
	return CT_OK;
}

enum ct_status verify_job_start(struct ops_ctx *c, const char *ref,
				const struct verify_options *o, struct verify_job **out,
				struct ct_error *err)
{
	*out = NULL;
	if (o->cacert && !*o->cacert)
		return ct_fail(err, CT_USAGE, _("--cacert needs a file name"));
	struct project *p;
	enum ct_status s = projects_load(c->st, c->templates, ref, &p, err);
	if (s)
		return s;
	struct verify_job *j = xcalloc(1, sizeof(*j));
	atomic_init(&j->cancel, 0);
	atomic_init(&j->phase, PHASE_START);
	memcpy(j->uuid, p->uuid, sizeof(j->uuid));
	j->project = xstrdup(p->name);
	j->do_git = o->git || !o->registry;
	j->do_registry = o->registry || !o->git;
	if (j->do_git) {
		j->git_url = xstrdup(project_value(p, "git_url"));
		j->branch = xstrdup(project_value(p, "branch"));
	}
	s = remote_start(&j->rm, err);
	if (!s) {
		/* The helper writes its sentences in the language of ours. */
		struct remote_msg *m = remote_msg_new("init");
		remote_msg_set_str(m, "messages", setlocale(LC_MESSAGES, NULL));
		s = remote_call(j->rm, m, NULL, NULL, NULL, NULL, err);
	}
	if (!s && j->do_registry)
		s = registry_prepare(c, p, o, j, err);
	project_free(p);
	if (!s) {
		struct remote_msg *m = remote_msg_new("client");
		remote_msg_set_str(m, "cacert", o->cacert);
		remote_msg_set_int(m, "timeout", o->timeout);
		s = remote_call(j->rm, m, NULL, NULL, NULL, NULL, err);
	}
	if (!s) {
		int rc = pthread_create(&j->thread, NULL, job_main, j);
		if (rc)
			s = ct_fail(err, CT_SYSTEM, _("cannot start the checks: %s"), strerror(rc));
	}
	if (s) {
		job_free(j);
		return s;
	}
	*out = j;
	return CT_OK;
}

bool verify_job_poll(struct verify_job *j, char *progress, size_t size)
{
	int ph = atomic_load(&j->phase);
	if (progress && size) {
		if (atomic_load(&j->cancel) && ph != PHASE_DONE)
			snprintf(progress, size, "%s", _("cancelling ..."));
		else if (ph == PHASE_GIT)
			snprintf(progress, size, _("checking the git source %s ..."),
				 j->git_url ? j->git_url : "");
		else if (ph == PHASE_REGISTRY)
			snprintf(progress, size, _("checking the image %s ..."),
				 j->image_shown ? j->image_shown : "");
		else if (ph == PHASE_DONE)
			snprintf(progress, size, "%s", _("checks done"));
		else
			snprintf(progress, size, "%s", _("starting the checks ..."));
	}
	return ph == PHASE_DONE;
}

void verify_job_cancel(struct verify_job *j)
{
	atomic_store(&j->cancel, 1);
}

static enum ct_status report_status(const struct verify_checks *l)
{
	enum ct_status s = CT_OK;
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].outcome == VERIFY_ERROR)
			return CT_SYSTEM;
		if (l->v[i].outcome == VERIFY_FAIL)
			s = CT_FAILED;
	}
	return s;
}

static enum ct_status job_record(struct ops_ctx *c, struct verify_report *r,
				 struct ct_error *err)
{
	struct project *p;
	struct txn t;
	enum ct_status s = txn_begin_project(&t, c, r->uuid, &p, err);
	if (s)
		return s;
	free(r->at);
	r->at = xstrdup(t.at);
	free(r->project);
	r->project = xstrdup(p->name);
	t.summary = xasprintf("verify %s", p->name);
	long long first = 0, last = 0;
	size_t counts[VERIFY_ERROR + 1] = {0};
	for (size_t i = 0; i < r->checks.n && !s; i++) {
		const struct verify_check *ck = &r->checks.v[i];
		struct verification v = {.at = t.at, .user = (char *)c->user, .kind = ck->kind,
					 .target = ck->target,
					 .outcome = (char *)verify_outcome_name(ck->outcome),
					 .message = ck->message, .details = ck->details};
		s = store_verification_add(c->st, p->id, &v, err);
		if (!first)
			first = v.id;
		last = v.id;
		counts[ck->outcome]++;
	}
	if (!s && r->checks.n) {
		char key[64], note[160];
		snprintf(key, sizeof(key), "%lld-%lld", first, last);
		snprintf(note, sizeof(note), "pass %zu, warn %zu, not-checkable %zu, fail %zu, error %zu",
			 counts[VERIFY_PASS], counts[VERIFY_WARN], counts[VERIFY_SKIPPED],
			 counts[VERIFY_FAIL], counts[VERIFY_ERROR]);
		s = txn_event(&t, p, "verify", key, NULL,
			      r->status == CT_OK ? "passed" : r->status == CT_FAILED ? "failed" : "error",
			      note, err);
	}
	s = txn_end(&t, p, s, err);
	project_free(p);
	return s;
}

enum ct_status verify_job_finish(struct ops_ctx *c, struct verify_job *j,
				 struct verify_report *out, struct ct_error *err)
{
	memset(out, 0, sizeof(*out));
	pthread_join(j->thread, NULL);
	memcpy(out->uuid, j->uuid, sizeof(out->uuid));
	out->project = xstrdup(j->project);
	out->user = xstrdup(c->user);
	char now[32];
	time_now_iso(now);
	out->at = xstrdup(now);
	out->cancelled = atomic_load(&j->cancel) != 0;
	checks_move(&out->checks, &j->checks);
	out->status = out->cancelled ? CT_SYSTEM : report_status(&out->checks);
	job_free(j);
	if (out->cancelled)
		return CT_OK;
	enum ct_status s = job_record(c, out, err);
	if (!s)
		out->recorded = true;
	return s;
}

enum ct_status ops_verify(struct ops_ctx *c, const char *ref, const struct verify_options *o,
			  struct verify_report *out, struct ct_error *err)
{
	struct verify_job *j;
	memset(out, 0, sizeof(*out));
	enum ct_status s = verify_job_start(c, ref, o, &j, err);
	if (s)
		return s;
	return verify_job_finish(c, j, out, err);
}

enum ct_status verify_history(struct ops_ctx *c, const char *ref, long long limit,
			      struct verification **v, size_t *n, struct ct_error *err)
{
	long long id;
	*v = NULL;
	*n = 0;
	enum ct_status s = store_project_find(c->st, ref, false, &id, err);
	return s ? s : store_verifications_list(c->st, id, limit, v, n, err);
}

/* Removes the stored results of a verify run. */
static enum ct_status verify_undo(struct txn *t, struct project *p, const struct event *e,
				  struct ct_error *err)
{
	long long first, last;
	char extra;
	if (!e->key || sscanf(e->key, "%lld-%lld%c", &first, &last, &extra) != 2 || first <= 0 ||
	    last < first)
		return ct_fail(err, CT_DATA, _("history names bad verification ids; cannot undo"));
	enum ct_status s = store_verifications_delete(t->c->st, p->id, first, last, err);
	return s ? s : txn_event(t, p, "verify.remove", e->key, e->new_value, NULL, NULL, err);
}

const struct undo_kind verify_undo_kinds[] = {
	{"verify", verify_undo},
	{NULL, NULL},
};
