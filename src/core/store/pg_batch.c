/* pg_batch.c - a report's rows from a server, a batch of projects at a
 * time. A report loads every project with a dozen small queries; against
 * a server each is a round trip, so 10,000 projects took 100,000 of them.
 * Inside a read snapshot (read_begin), while the projects are walked
 * (project_each), loading one project fetches the rows of the next
 * PG_BATCH projects of the walk with one query per table, ordered by the
 * project (or build, or scan) they belong to and then as the query of a
 * single project orders them. The store's operations then take their rows
 * from the batch instead of the server (pg_rows_get), decoded by the same
 * code. The snapshot does not change while it is open, so the batch cannot
 * go stale; it is dropped with the snapshot. Outside a walk, or in a write
 * transaction, every operation asks the server as before. When libpq
 * pipelines, the next batch is asked for as soon as one arrives: the
 * server reads it while the report writes the current one, and its rows
 * are taken in as they come (pg_pump), so that neither side waits. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/store/pg_int.h"
#include "certtrack/util.h"

#include <stdlib.h>
#include <string.h>

/* Projects per batch: a few hundred keep the round trips few and the
 * batch's memory that of a few hundred projects. */
#define PG_BATCH 256

/* Every query: the columns of the single-project query, then the key the
 * rows are grouped by, ordered by that key and then as the single query
 * orders them. $1 is the batch's project ids. */
#define IDS " = ANY($1::bigint[])"
static const char *const SQL_PART[PG_PART__COUNT] = {
	[PG_PART_PROJECT] = "SELECT " PG_PROJECT_COLS ", id FROM projects WHERE id" IDS
			    " ORDER BY id",
	[PG_PART_FIELDS] = "SELECT " PG_FIELD_COLS ", project_id FROM field_values"
			   " WHERE project_id" IDS " ORDER BY project_id",
	[PG_PART_ITEMS] = "SELECT " PG_ITEM_COLS ", project_id FROM item_states"
			  " WHERE project_id" IDS " ORDER BY project_id",
	[PG_PART_COLLATERAL] = "SELECT " PG_COLLATERAL_COLS ", project_id FROM collateral"
			       " WHERE project_id" IDS " AND removed = 0 ORDER BY project_id, id",
	[PG_PART_RECORDS] =
		"SELECT (SELECT passed FROM prescans WHERE project_id = p.id ORDER BY id DESC LIMIT 1),"
		" b.id, b.result,"
		" (SELECT passed FROM scans WHERE build_id = b.id ORDER BY id DESC LIMIT 1), p.id"
		" FROM projects p LEFT JOIN LATERAL"
		" (SELECT id, result FROM builds WHERE project_id = p.id ORDER BY id DESC LIMIT 1) b"
		" ON true WHERE p.id" IDS " ORDER BY p.id",
	[PG_PART_BUILDS] = "SELECT " PG_BUILD_COLS ", project_id FROM builds WHERE project_id" IDS
			   " ORDER BY project_id, id DESC",
	[PG_PART_SCANS] = "SELECT " PG_SCAN_COLS ", s.build_id FROM scans s"
			  " JOIN builds b ON b.id = s.build_id WHERE b.project_id" IDS
			  " ORDER BY s.build_id, s.id DESC",
	[PG_PART_SCAN_RESULTS] = "SELECT " PG_SCAN_RESULT_COLS ", r.scan_id FROM scan_results r"
				 " JOIN scans s ON s.id = r.scan_id JOIN builds b ON b.id = s.build_id"
				 " WHERE b.project_id" IDS " ORDER BY r.scan_id, r.rid",
	[PG_PART_PRESCANS] = "SELECT " PG_PRESCAN_COLS ", project_id FROM prescans"
			     " WHERE project_id" IDS " ORDER BY project_id, id DESC",
	/* Each project's rows by its own index search: joined whole, the
	 * planner hashes the batch and reads the whole history (a seq scan
	 * of events per batch, quadratic in the database), as it estimates
	 * random reads of a cached table dearer than they are. */
	[PG_PART_EVENTS] = "SELECT x.*, p.id FROM projects p CROSS JOIN LATERAL"
			   " (SELECT " PG_EVENT_COLS " " PG_EVENT_FROM
			   " WHERE e.project_uuid = p.uuid ORDER BY e.id DESC) x"
			   " WHERE p.id" IDS " ORDER BY p.id, x.id DESC",
	[PG_PART_VERIFICATIONS] = "SELECT " PG_VERIFICATION_COLS ", project_id FROM verifications"
				  " WHERE project_id" IDS " ORDER BY project_id, id DESC",
};

struct pg_batch {
	long long *walk; /* the projects of the walk, in its order */
	size_t n_walk;
	long long *ids; /* the batch's projects, sorted */
	size_t n_ids;
	long long *builds, *scans; /* the batch's build and scan ids, sorted */
	size_t n_builds, n_scans;
	PGresult *r[PG_PART__COUNT];
	int last_project; /* the PROJECT row a uuid was last found at */
	/* The next batch's rows, asked for when this one arrived, so that the
	 * server reads them while the report writes this batch: from the walk
	 * position ahead_from, while `ahead`. */
	PGresult *next[PG_PART__COUNT];
	size_t ahead_from;
	bool ahead;
};

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

static bool has(const long long *v, size_t n, long long key)
{
	return n && bsearch(&key, v, n, sizeof(*v), cmp_ll);
}

static void batch_clear(struct pg_batch *b)
{
	for (int i = 0; i < PG_PART__COUNT; i++) {
		PQclear(b->r[i]);
		b->r[i] = NULL;
	}
	free(b->ids);
	free(b->builds);
	free(b->scans);
	b->ids = b->builds = b->scans = NULL;
	b->n_ids = b->n_builds = b->n_scans = 0;
	b->last_project = 0;
}

/* Forgets the next batch's rows, read first if they are still coming. */
static void ahead_drop(struct pg_store *st, struct pg_batch *b)
{
	if (!b->ahead)
		return;
	pg_settle(st);
	for (int i = 0; i < PG_PART__COUNT; i++) {
		PQclear(b->next[i]);
		b->next[i] = NULL;
	}
	b->ahead = false;
}

void pg_batch_drop(struct pg_store *st)
{
	struct pg_batch *b = st->batch;
	if (!b)
		return;
	ahead_drop(st, b);
	batch_clear(b);
	free(b->walk);
	free(b);
	st->batch = NULL;
}

void pg_batch_walk(struct pg_store *st, long long *ids, size_t n)
{
	pg_batch_drop(st);
	if (!st->in_txn || st->in_write || n == 0) {
		free(ids);
		return;
	}
	struct pg_batch *b = xcalloc(1, sizeof(*b));
	b->walk = ids;
	b->n_walk = n;
	st->batch = b;
}

/* Column 0 of every row of r, sorted. */
static long long *ids_of(const PGresult *r, size_t *n)
{
	int rows = PQntuples(r);
	long long *v = xcalloc(rows > 0 ? (size_t)rows : 1, sizeof(*v));
	for (int i = 0; i < rows; i++)
		v[i] = pg_int(r, i, 0);
	qsort(v, (size_t)rows, sizeof(*v), cmp_ll);
	*n = (size_t)rows;
	return v;
}

/* How many projects the batch at walk position `from` has. */
static size_t batch_size(const struct pg_batch *b, size_t from)
{
	return b->n_walk - from < PG_BATCH ? b->n_walk - from : PG_BATCH;
}

/* Their ids, as the array parameter of every part's query. */
static void batch_param(const struct pg_batch *b, size_t from, struct strbuf *arr,
			struct pg_params *p)
{
	size_t n = batch_size(b, from);
	sb_add(arr, "{");
	for (size_t i = 0; i < n; i++)
		sb_addf(arr, i ? ",%lld" : "%lld", b->walk[from + i]);
	sb_add(arr, "}");
	*p = (struct pg_params){0};
	pg_p_text(p, arr->buf);
}

/* Fetches the rows of the walk's projects from position `from` on: those
 * asked for ahead when they are the ones, else now. Then asks for the
 * batch after it, when libpq pipelines. */
static enum ct_status batch_load(struct pg_store *st, struct pg_batch *b, size_t from,
				 struct ct_error *err)
{
	PGresult *got[PG_PART__COUNT];
	struct strbuf arr = {0};
	struct pg_params p;
	size_t n = batch_size(b, from);
	enum ct_status s;
	if (b->ahead && b->ahead_from == from) {
		pg_settle(st);
		memcpy(got, b->next, sizeof(got));
		memset(b->next, 0, sizeof(b->next));
		b->ahead = false;
		s = pg_results_check(st, got, PG_PART__COUNT, err);
	} else {
		ahead_drop(st, b);
		batch_param(b, from, &arr, &p);
		s = pg_query_all(st, SQL_PART, PG_PART__COUNT, &p, got, err);
		sb_free(&arr);
	}
	batch_clear(b);
	if (s)
		return s;
	memcpy(b->r, got, sizeof(got));
	b->ids = xreallocarray(NULL, n, sizeof(*b->ids));
	memcpy(b->ids, b->walk + from, n * sizeof(*b->ids));
	b->n_ids = n;
	qsort(b->ids, n, sizeof(*b->ids), cmp_ll);
	b->builds = ids_of(b->r[PG_PART_BUILDS], &b->n_builds);
	b->scans = ids_of(b->r[PG_PART_SCANS], &b->n_scans);
	if (from + n < b->n_walk) {
		batch_param(b, from + n, &arr, &p);
		b->ahead = pg_query_send(st, SQL_PART, PG_PART__COUNT, &p, b->next);
		b->ahead_from = from + n;
		sb_free(&arr);
	}
	return CT_OK;
}

/* Whether the batch holds the rows of `part` for `key`, loading the next
 * batch when a project of the walk is loaded that it does not hold. */
static enum ct_status batch_holds(struct pg_store *st, enum pg_part part, long long key,
				  bool *held, struct ct_error *err)
{
	struct pg_batch *b = st->batch;
	*held = false;
	if (!b)
		return CT_OK;
	switch (part) {
	case PG_PART_SCANS:
		*held = has(b->builds, b->n_builds, key);
		return CT_OK;
	case PG_PART_SCAN_RESULTS:
		*held = has(b->scans, b->n_scans, key);
		return CT_OK;
	default:
		break;
	}
	if (has(b->ids, b->n_ids, key)) {
		*held = true;
		if (part == PG_PART_PROJECT)
			pg_pump(st); /* once a project: the next batch keeps coming */
		return CT_OK;
	}
	if (part != PG_PART_PROJECT)
		return CT_OK;
	for (size_t i = 0; i < b->n_walk; i++) {
		if (b->walk[i] != key)
			continue;
		enum ct_status s = batch_load(st, b, i, err);
		*held = s == CT_OK;
		return s;
	}
	return CT_OK;
}

/* The first row of r whose last column is `key` (rows ordered by it), and
 * how many follow with the same key. */
static void key_range(const PGresult *r, long long key, int *first, int *n)
{
	int rows = PQntuples(r), col = PQnfields(r) - 1;
	int lo = 0, hi = rows;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (pg_int(r, mid, col) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	int end = lo;
	while (end < rows && pg_int(r, end, col) == key)
		end++;
	*first = lo;
	*n = end - lo;
}

enum ct_status pg_rows_get(struct pg_store *st, enum pg_part part, long long key,
			   const char *sql_text, const struct pg_params *p, struct pg_rows *out,
			   struct ct_error *err)
{
	memset(out, 0, sizeof(*out));
	bool held;
	enum ct_status s = batch_holds(st, part, key, &held, err);
	if (s)
		return s;
	if (held) {
		out->r = st->batch->r[part];
		key_range(out->r, key, &out->first, &out->n);
		return CT_OK;
	}
	if (!(out->r = pg_query(st, sql_text, p, err)))
		return err ? err->status : CT_SYSTEM;
	out->owned = true;
	out->n = PQntuples(out->r);
	return CT_OK;
}

enum ct_status pg_rows_get_all(struct pg_store *st, long long key, const enum pg_part *parts,
			       const char *const *sql_text, size_t n, const struct pg_params *p,
			       struct pg_rows *out, struct ct_error *err)
{
	const char *todo[PG_PART__COUNT];
	PGresult *got[PG_PART__COUNT];
	size_t k = 0;
	enum ct_status s = CT_OK;
	for (size_t i = 0; i < n; i++)
		memset(&out[i], 0, sizeof(out[i]));
	/* The first part (the project's row) may load the walk's batch. */
	for (size_t i = 0; i < n && !s; i++) {
		bool held = false;
		if ((s = batch_holds(st, parts[i], key, &held, err)))
			break;
		if (held) {
			out[i].r = st->batch->r[parts[i]];
			key_range(out[i].r, key, &out[i].first, &out[i].n);
		} else if (k < PG_PART__COUNT) { /* parts are distinct: always */
			todo[k++] = sql_text[i];
		}
	}
	if (!s && k)
		s = pg_query_all(st, todo, k, p, got, err);
	if (s) {
		for (size_t i = 0; i < n; i++)
			pg_rows_done(&out[i]);
		return s;
	}
	for (size_t i = 0, j = 0; i < n; i++)
		if (!out[i].r) {
			out[i].r = got[j++];
			out[i].owned = true;
			out[i].n = PQntuples(out[i].r);
		}
	return CT_OK;
}

void pg_rows_limit(struct pg_rows *rows, long long limit)
{
	if (limit > 0 && rows->n > limit)
		rows->n = (int)limit;
}

void pg_rows_done(struct pg_rows *rows)
{
	if (rows->owned)
		PQclear(rows->r);
	memset(rows, 0, sizeof(*rows));
}

bool pg_batch_project_of(struct pg_store *st, const char *uuid, long long *id)
{
	struct pg_batch *b = st->batch;
	const PGresult *r = b ? b->r[PG_PART_PROJECT] : NULL;
	if (!r || !uuid)
		return false;
	int rows = PQntuples(r), col = PQnfields(r) - 1;
	/* The report asks for the project it has just loaded. */
	for (int k = 0; k < rows; k++) {
		int i = (b->last_project + k) % rows;
		const char *u = pg_val(r, i, 0);
		if (u && strcmp(u, uuid) == 0) {
			b->last_project = i;
			*id = pg_int(r, i, col);
			return true;
		}
	}
	return false;
}
