/* verify_int.h - inside the remote checks only (verify.c, gitcheck.c,
 * registry.c, verify_json.c): the registry's documents as plain C, parsed
 * by verify_json.c, the only one of them that touches jansson. */
#ifndef CERTTRACK_CORE_VERIFY_INT_H
#define CERTTRACK_CORE_VERIFY_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/status.h"
#include "certtrack/util.h"
#include "certtrack/verify.h"

#define MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define MT_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define MT_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"

struct oci_entry {
	char *digest;
	char *media_type;
	char *os;
	char *arch;
	char *variant;
};

/* An image manifest, or an index (manifest list) of them. */
struct oci_manifest {
	int schema_version;
	char *media_type;
	bool is_index;
	struct oci_entry *manifests; /* index only */
	size_t n_manifests;
	char *config_digest;         /* manifest only */
	size_t n_layers;
};
void oci_manifest_free(struct oci_manifest *m);

struct oci_label {
	char *key;
	char *value;
};

struct oci_config {
	char *os;
	char *arch;
	char *user;               /* config.User; NULL when absent */
	struct oci_label *labels; /* config.Labels */
	size_t n_labels;
};
void oci_config_free(struct oci_config *c);

/* Parse the registry's JSON documents; CT_DATA with the reason when a
 * document is not what it should be. media_type is the Content-Type. */
enum ct_status regjson_manifest(const char *body, size_t len, const char *media_type,
				struct oci_manifest *out, struct ct_error *err);
enum ct_status regjson_config(const char *body, size_t len, struct oci_config *out,
			      struct ct_error *err);
/* {"name", "tags": [...]}: appends to tags. */
enum ct_status regjson_tags(const char *body, size_t len, struct strlist *tags,
			    struct ct_error *err);
/* {"token"} or {"access_token"} of a token service. */
enum ct_status regjson_token(const char *body, size_t len, char **token, struct ct_error *err);

/* registry.c's parsers of what a registry sends in headers (exported for
 * the fuzz harness): a WWW-Authenticate challenge's parameter, and the
 * next page of a Link header joined to base. NULL when absent. */
char *registry_challenge_param(const char *hdr, const char *key);
char *registry_link_next(const char *base, const char *link);

/* A details object: up to three string pairs (NULL key or value left out)
 * and a list of strings (NULL list_key: none). */
char *verify_json_details(const char *k1, const char *v1, const char *k2, const char *v2,
			  const char *k3, const char *v3, const char *list_key,
			  const struct strlist *list);

#endif
