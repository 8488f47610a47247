/* store_free.c - freeing what the store's reads return, the same for
 * every backend. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/store.h"
#include "certtrack/verify.h"

#include <stdlib.h>

void project_summaries_free(struct project_summary *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].template_id);
		free(v[i].owner);
		free(v[i].updated_at);
		free(v[i].next_action);
	}
	free(v);
}

void sessions_free(struct session *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].user);
		free(v[i].host);
		free(v[i].since);
		free(v[i].heartbeat);
	}
	free(v);
}

void verifications_free(struct verification *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].at);
		free(v[i].user);
		free(v[i].kind);
		free(v[i].target);
		free(v[i].outcome);
		free(v[i].message);
		free(v[i].details);
	}
	free(v);
}
