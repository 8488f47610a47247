/* test_list.c - the project list read from the store in each of the TUI's
 * orders: SQLite's order equals the one the screen sorts in memory when a
 * filter is on (so rows never jump when a filter is typed or cleared),
 * pages read one after another give the whole order, and the count of live
 * projects leaves the deleted out. */
#include "fixture.h"

#include <sqlite3.h>

#include "certtrack/ops.h"
#include "certtrack/store.h"

#define N 23

/* The screen's comparator (screen_projects.c, cmp_rows), for the check. */
static enum store_sort cmp_sort;
static bool cmp_reverse;

static int cmp(const void *a, const void *b)
{
	const struct project_summary *x = a, *y = b;
	int r = 0;
	switch (cmp_sort) {
	case STORE_SORT_PROGRESS: {
		double px = x->total ? (double)x->done / x->total : 0;
		double py = y->total ? (double)y->done / y->total : 0;
		r = px < py ? 1 : px > py ? -1 : 0;
		break;
	}
	case STORE_SORT_CHANGED:
		r = -strcmp(x->updated_at, y->updated_at);
		break;
	case STORE_SORT_OWNER:
		r = strcmp(x->owner, y->owner);
		break;
	case STORE_SORT_PROBLEMS:
		r = (y->errors * 1000 + y->warnings) - (x->errors * 1000 + x->warnings);
		break;
	default:
		break;
	}
	if (!r)
		r = strcmp(x->name, y->name);
	return cmp_reverse ? -r : r;
}

static void sql(struct fx *f, const char *q)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", q, msg);
	sqlite3_close(db);
}

/* N projects whose summaries tie and differ in every key. */
static void populate(struct fx *f)
{
	static const char *const owners[] = {"bob", "alice", "carol"};
	for (int i = 0; i < N; i++) {
		char name[128], uuid[37];
		snprintf(name, sizeof(name), "rhosp16-openstack-cinder-volume-p%02d", (i * 7) % N);
		struct assignment a[] = {{.key = "product", .value = "P"},
					 {.key = "product_version", .value = "1"},
					 {.key = "plugin_status", .value = "in-tree"}};
		struct problems ps = {0};
		fx_expect(f, ops_project_create(&f->ops, "rhosp16-container", name, a, 3, false, &ps,
						uuid, &f->err),
			  CT_OK);
		problems_free(&ps);
		long long id;
		fx_expect(f, store_project_find(f->st, uuid, false, &id, &f->err), CT_OK);
		struct project_summary s = {.id = id, .done = i % 4, .total = 4 + i % 3,
					    .errors = i % 2, .warnings = i % 5};
		fx_expect(f, store_summary_write(f->st, &s, &f->err), CT_OK);
		char q[256];
		snprintf(q, sizeof(q),
			 "UPDATE projects SET owner = '%s', updated_at = '2024-05-0%dT10:00:00Z'"
			 " WHERE id = %lld",
			 owners[i % 3], 1 + i % 4, id);
		sql(f, q);
	}
}

static void orders_match_the_screen(void **state)
{
	struct fx *f = *state;
	populate(f);
	struct project_summary *all;
	size_t n;
	fx_expect(f, store_project_list(f->st, &all, &n, &f->err), CT_OK);
	assert_int_equal(n, N);
	for (int so = 0; so < STORE_SORT__COUNT; so++)
		for (int rev = 0; rev < 2; rev++) {
			cmp_sort = (enum store_sort)so;
			cmp_reverse = rev;
			qsort(all, n, sizeof(*all), cmp);
			/* Pages of 5, one after another, as the screen scrolls. */
			size_t at = 0;
			for (long long off = 0; off < N + 5; off += 5) {
				struct project_summary *v;
				size_t m;
				fx_expect(f, store_project_page(f->st, cmp_sort, rev, off, 5, &v, &m,
								&f->err),
					  CT_OK);
				for (size_t i = 0; i < m; i++, at++) {
					if (strcmp(v[i].uuid, all[at].uuid) != 0)
						fail_msg("order %d%s, row %zu: %s, the screen has %s", so,
							 rev ? " reversed" : "", at, v[i].name, all[at].name);
				}
				project_summaries_free(v, m);
			}
			assert_int_equal(at, N);
		}
	project_summaries_free(all, n);
}

static void count_leaves_out_deleted(void **state)
{
	struct fx *f = *state;
	populate(f);
	size_t n;
	fx_expect(f, store_project_count(f->st, &n, &f->err), CT_OK);
	assert_int_equal(n, N);
	fx_expect(f, ops_project_delete(&f->ops, "rhosp16-openstack-cinder-volume-p03", &f->err),
		  CT_OK);
	fx_expect(f, store_project_count(f->st, &n, &f->err), CT_OK);
	assert_int_equal(n, N - 1);
	struct project_summary *v;
	size_t m;
	fx_expect(f, store_project_page(f->st, STORE_SORT_NAME, false, 0, -1, &v, &m, &f->err),
		  CT_OK);
	assert_int_equal(m, N - 1);
	for (size_t i = 0; i < m; i++)
		assert_string_not_equal(v[i].name, "rhosp16-openstack-cinder-volume-p03");
	project_summaries_free(v, m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(orders_match_the_screen, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(count_leaves_out_deleted, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
