/* txn.c - one user command: a transaction and its history rows. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/txn.h"
#include "certtrack/projects.h"
#include "certtrack/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void str_set(char **dst, const char *v)
{
	free(*dst);
	*dst = v && *v ? xstrdup(v) : NULL;
}

enum ct_status txn_begin(struct txn *t, struct ops_ctx *c, char *summary, struct ct_error *err)
{
	memset(t, 0, sizeof(*t));
	t->c = c;
	t->summary = summary;
	time_now_iso(t->at);
	enum ct_status s = store_begin(c->st, err);
	if (s)
		x_free(&t->summary);
	return s;
}

enum ct_status txn_begin_project(struct txn *t, struct ops_ctx *c, const char *ref,
				 struct project **p, struct ct_error *err)
{
	*p = NULL;
	enum ct_status s = txn_begin(t, c, NULL, err);
	if (s)
		return s;
	if ((s = projects_load(c->st, c->templates, ref, p, err))) {
		store_rollback(c->st);
		x_free(&t->summary);
	}
	return s;
}

enum ct_status txn_event(struct txn *t, const struct project *p, const char *what,
			 const char *key, const char *old_value, const char *new_value,
			 const char *note, struct ct_error *err)
{
	if (!t->cmd) {
		enum ct_status s = store_command_new(t->c->st, t->at, t->c->user,
						     t->summary ? t->summary : what, t->undo_of,
						     &t->cmd, err);
		if (s)
			return s;
	}
	return store_event_add(t->c->st, t->cmd, NULL, t->at, t->c->user, p ? p->uuid : NULL,
			       p ? p->name : NULL, what, key, old_value, new_value, note, err);
}

enum ct_status txn_end(struct txn *t, struct project *p, enum ct_status s, struct ct_error *err)
{
	if (!s && p) {
		str_set(&p->updated_at, t->at);
		s = store_project_update(t->c->st, p, err);
		if (!s)
			s = projects_summary_write(t->c->st, p, err);
	}
	if (!s)
		s = store_commit(t->c->st, err);
	else
		store_rollback(t->c->st);
	x_free(&t->summary);
	return s;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

static bool parse_ll(const char *v, long long *out)
{
	char *end;
	errno = 0;
	*out = strtoll(v ? v : "", &end, 10);
	return v && *v && !errno && !*end;
}

/* The merge.history / merge.withdraw rows, newest state of each command
 * first seen in the history's order (the store's own), streamed. */
struct withdrawn_scan {
	long long *cmd;
	bool *gone;
	size_t k;
};

static enum ct_status withdrawn_row(void *ud, const struct event *e)
{
	struct withdrawn_scan *w = ud;
	long long id;
	bool gone = str_eq(e->what, "merge.withdraw");
	if (e->project_uuid || (!gone && !str_eq(e->what, "merge.history")) || !parse_ll(e->key, &id))
		return CT_OK;
	for (size_t j = 0; j < w->k; j++)
		if (w->cmd[j] == id)
			return CT_OK;
	w->cmd = xreallocarray(w->cmd, w->k + 1, sizeof(*w->cmd));
	w->gone = xreallocarray(w->gone, w->k + 1, sizeof(*w->gone));
	w->cmd[w->k] = id;
	w->gone[w->k++] = gone;
	return CT_OK;
}

enum ct_status txn_withdrawn(struct store *st, long long **cmds, size_t *n_out, struct ct_error *err)
{
	struct withdrawn_scan w = {0};
	enum ct_status s = store_events_kind(st, "merge.", withdrawn_row, &w, err);
	size_t nw = 0;
	for (size_t j = 0; j < w.k && !s; j++)
		if (w.gone[j])
			w.cmd[nw++] = w.cmd[j];
	if (nw)
		qsort(w.cmd, nw, sizeof(*w.cmd), cmp_ll);
	free(w.gone);
	if (s) {
		free(w.cmd);
		w.cmd = NULL;
		nw = 0;
	}
	*cmds = w.cmd;
	*n_out = nw;
	return s;
}

bool txn_is_withdrawn(const long long *cmds, size_t n, long long cmd)
{
	return n && bsearch(&cmd, cmds, n, sizeof(cmd), cmp_ll);
}
