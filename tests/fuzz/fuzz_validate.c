/* fuzz_validate.c - every named validator on the same value: the first
 * byte picks what the other fields hold (lookup), the rest is the value. */
#include "fuzz.h"

#include "certtrack/problem.h"
#include "certtrack/validate.h"

static const char *other;

static const char *lookup(void *ud, const char *key)
{
	(void)ud;
	(void)key;
	return other;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const char *const bases[] = {"openstack-cinder-volume", "openstack-neutron-server",
					    "openstack-nova-compute"};
	static const char *const choices[] = {"in-tree", "out-of-tree", "x86_64"};
	char *value = xstrndup((const char *)data + 1, size - 1);
	if (!*value) {
		free(value);
		return 0;
	}
	static const char *const others[] = {NULL, "", "16.0", "rhosp16-openstack-cinder-volume-x",
					     "ssh-key-configured"};
	other = others[data[0] % ARRAY_SIZE(others)];
	struct validate_ctx ctx = {
		.base_images = bases,
		.n_base_images = ARRAY_SIZE(bases),
		.name_prefix = "rhosp",
		.name_example = "rhosp16-openstack-cinder-volume-myplugin",
		.default_product_version = (data[0] & 0x80) ? NULL : "16.0",
		.lookup = (data[0] & 0x40) ? NULL : lookup,
		.choices = choices,
		.n_choices = ARRAY_SIZE(choices),
	};
	size_t n = 0;
	const struct validator *all = validator_all(&n);
	for (size_t i = 0; i < n; i++) {
		struct problems ps;
		memset(&ps, 0, sizeof(ps));
		all[i].fn(&ctx, "field", value, &ps);
		for (size_t k = 0; k < ps.n; k++)
			FUZZ_ASSERT(ps.v[k].message && ps.v[k].rule, "validator %s", all[i].name);
		problems_free(&ps);
	}
	/* The helpers the validators and other modules share. */
	struct name_parts parts;
	memset(&parts, 0, sizeof(parts));
	name_split(&ctx, value, &parts);
	name_parts_free(&parts);
	(void)valid_oci_tag(value);
	(void)valid_registry_component(value);
	(void)valid_git_ref_name(value);
	free(value);
	return 0;
}
