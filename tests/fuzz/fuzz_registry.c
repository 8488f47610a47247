/* fuzz_registry.c - what a registry sends: its JSON documents (manifests
 * and indexes under each media type, image configs with their labels, tag
 * lists, token responses) and its headers (a WWW-Authenticate challenge's
 * parameters, a Link header's next page joined to the registry's URL). */
#include "fuzz.h"

#include "core/verify_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	static const char *const types[] = {
		NULL,
		"application/vnd.oci.image.manifest.v1+json",
		"application/vnd.oci.image.index.v1+json",
		"application/vnd.docker.distribution.manifest.v2+json",
		"application/vnd.docker.distribution.manifest.list.v2+json",
		"text/html",
	};
	struct ct_error err;
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		struct oci_manifest m;
		memset(&m, 0, sizeof(m));
		ct_error_clear(&err);
		regjson_manifest(body, size, types[i], &m, &err);
		oci_manifest_free(&m);
	}
	struct oci_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	ct_error_clear(&err);
	regjson_config(body, size, &cfg, &err);
	oci_config_free(&cfg);
	struct strlist tags = {0};
	ct_error_clear(&err);
	regjson_tags(body, size, &tags, &err);
	strlist_free(&tags);
	char *token = NULL;
	ct_error_clear(&err);
	if (regjson_token(body, size, &token, &err) == CT_OK)
		FUZZ_ASSERT(token, "token response accepted without a token");
	free(token);

	/* The same bytes as header values (cut at a NUL, as curl gives them). */
	char *hdr = xstrndup(body, size);
	static const char *const keys[] = {"realm", "service", "scope", "error"};
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		free(registry_challenge_param(hdr, keys[i]));
	free(registry_link_next("https://registry.example.com:5000", hdr));
	free(registry_link_next("http://127.0.0.1/v2/acme/plugin/tags/list?n=100", hdr));
	free(hdr);
	return 0;
}
