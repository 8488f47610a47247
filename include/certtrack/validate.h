/* validate.h - named field validators (naming rules, git, OCI, contact
 * data). A template names validators by these names; each appends errors
 * and warnings, with rule name, message and fix, to a problem list. */
#ifndef CERTTRACK_VALIDATE_H
#define CERTTRACK_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/problem.h"

struct validate_ctx {
	/* RHOSP base container images partners extend, from the template. */
	const char *const *base_images;
	size_t n_base_images;
	/* The template's Red Hat product version ("16.0"), used when the
	 * project has no rh_product_version value. */
	const char *default_product_version;
	/* Project names are name_prefix<MAJOR>-<base image>-<plugin>, such as
	 * name_example (the template's "naming"). */
	const char *name_prefix;
	const char *name_example;
	/* Values of the project's other fields (project_name, git_ssh_key,
	 * rh_product_version ...); lookup may be NULL, and may return NULL. */
	const char *(*lookup)(void *ud, const char *field_key);
	void *ud;
	/* Allowed values, for the "choice" and "multi_choice" validators. */
	const char *const *choices;
	size_t n_choices;
};

/* Checks value (never NULL, never empty: emptiness is the caller's rule)
 * of field `field` and appends problems with problem.field = field. */
typedef void (*validator_fn)(const struct validate_ctx *ctx, const char *field,
			     const char *value, struct problems *out);

struct validator {
	const char *name; /* stable: project_name, outbound_repository, ... */
	validator_fn fn;
};

/* NULL when no validator has that name. */
const struct validator *validator_find(const char *name);
/* All validators, for listing; *n receives the count. */
const struct validator *validator_all(size_t *n);

/* The parts of <prefix><MAJOR>-<base image>-<plugin>. */
struct name_parts {
	char *major;      /* "16", or NULL when it cannot be determined */
	char *base_image; /* longest known base image the name continues with,
			   * else the best guess, or NULL */
	char *plugin;     /* the rest, or NULL */
	bool base_known;  /* base_image is in the template's list */
};

/* Splits name into its parts (the prefix, and the longest match against
 * the base images of ctx). Returns true when all three parts were found
 * and the base image is known. */
bool name_split(const struct validate_ctx *ctx, const char *name, struct name_parts *out);
void name_parts_free(struct name_parts *p);

/* Up to max base images nearest to guess (edit distance), nearest first,
 * into out (pointers into base_images). Returns how many. */
size_t name_nearest_bases(const char *guess, const char *const *base_images,
			  size_t n, const char **out, size_t max);

/* The check-name command and the wizard: all name rules at once. */
void validate_project_name(const struct validate_ctx *ctx, const char *name,
			   struct problems *out);

/* Single-purpose predicates used by several modules. */
bool valid_oci_tag(const char *tag);
bool valid_registry_component(const char *s);
bool valid_git_ref_name(const char *branch);

#endif
