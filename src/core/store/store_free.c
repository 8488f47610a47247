/* store_free.c - what every backend shares without calling back into
 * store.c: freeing what the store's reads return, and the shape of the
 * tables a copy between backends moves. */
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

size_t store_table_columns(enum store_table t)
{
	static const unsigned char n[STORE_T__COUNT] = {
		[STORE_T_COMMANDS] = 6,	   [STORE_T_PROJECTS] = 19, [STORE_T_FIELD_VALUES] = 5,
		[STORE_T_ITEM_STATES] = 8, [STORE_T_COLLATERAL] = 8, [STORE_T_EVENTS] = 12,
		[STORE_T_PRESCANS] = 8,	   [STORE_T_BUILDS] = 9,	[STORE_T_SCANS] = 11,
		[STORE_T_SCAN_RESULTS] = 10, [STORE_T_VERIFICATIONS] = 9,
	};
	return (int)t >= 0 && t < STORE_T__COUNT ? n[t] : 0;
}
