/* populate.c - fills a database with N projects through the core, for the
 * benchmarks: certtrack-bench-populate DB N [TEMPLATES_DIR] */
#include <stdio.h>
#include <stdlib.h>

#include "certtrack/ops.h"
#include "certtrack/store.h"
#include "certtrack/template.h"
#include "certtrack/util.h"

static const char *const bases[] = {
	"openstack-cinder-volume", "openstack-manila-share", "openstack-neutron-server",
	"openstack-nova-compute", "openstack-glance-api",
};

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s DB N [TEMPLATES_DIR]\n", argv[0]);
		return 2;
	}
	const char *dir = argc > 3 ? argv[3] : "checklists";
	struct template_set set;
	struct store *st;
	struct ct_error err;
	if (template_set_load(&dir, 1, &set, &err) || store_open(argv[1], &st, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 3;
	}
	struct ops_ctx c = {.st = st, .templates = &set, .user = "bench"};
	long n = strtol(argv[2], NULL, 10);
	struct assignment a[] = {
		{.key = "product", .value = "Bench"},
		{.key = "product_version", .value = "1.0"},
		{.key = "plugin_status", .value = "out-of-tree"},
	};
	for (long i = 0; i < n; i++) {
		char *name = xasprintf("rhosp16-%s-plugin%ld", bases[i % 5], i);
		struct problems ps = {0};
		char uuid[37];
		if (ops_project_create(&c, "rhosp16-container", name, a, 3, false, &ps, uuid, &err)) {
			fprintf(stderr, "%s: %s\n", name, err.msg);
			return 1;
		}
		if (i % 3 == 0) {
			struct item_change chg = {.set_status = true, .status = ITEM_DONE};
			ops_item_update(&c, uuid, "connect_registration", &chg, &ps, &err);
		}
		problems_free(&ps);
		free(name);
	}
	store_close(st);
	template_set_free(&set);
	return 0;
}
