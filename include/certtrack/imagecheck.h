/* imagecheck.h - the scanner's image-level policies, judged from what a
 * built image carries (its config's labels and user, its layer count, its
 * tags in the registry). Same policy ids and result type as the Dockerfile
 * pre-scan (prescan.h), so a stored result reads the same whichever way it
 * was obtained. */
#ifndef CERTTRACK_IMAGECHECK_H
#define CERTTRACK_IMAGECHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/prescan.h"

#define IMAGECHECK_MAX_LAYERS 40

struct image_label {
	const char *key;
	const char *value;
};

/* Each fills r (policy, status, message, fix; line 0); free the strings
 * with imagecheck_result_clear. */
void imagecheck_required_labels(const struct image_label *labels, size_t n,
				struct prescan_result *r);
void imagecheck_prohibited_labels(const struct image_label *labels, size_t n,
				  struct prescan_result *r);
/* user: the config's User ("" or NULL: not set, so root). */
void imagecheck_non_root(const char *user, struct prescan_result *r);
void imagecheck_layer_count(size_t layers, struct prescan_result *r);
/* tags: every tag of the repository. */
void imagecheck_unique_tag(const char *const *tags, size_t n, struct prescan_result *r);
void imagecheck_result_clear(struct prescan_result *r);


#endif
