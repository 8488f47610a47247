/* validate_int.h - inside the validators only (validate*.c): limits,
 * character classes and the helpers they share, and the validators the
 * registry in validate.c lists. */
#ifndef CERTTRACK_CORE_VALIDATE_INT_H
#define CERTTRACK_CORE_VALIDATE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/problem.h"
#include "certtrack/validate.h"

/* Bytes of a value quoted in a message before it is cut. */
#define SHOW_MAX 60
#define ELLIPSIS "\xe2\x80\xa6"
#define REGISTRY_MAX 255
#define OCI_TAG_MAX 128
#define PATH_MAX_LEN 4095
/* An unknown base image is close enough to be replaced automatically when
 * it is at most this many edits away, or a quarter of the known name. */
#define CLOSE_EDITS 2

static inline bool is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static inline bool is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static inline bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_alpha(unsigned char c)
{
	return is_lower(c) || is_upper(c);
}

static inline bool is_alnum(unsigned char c)
{
	return is_alpha(c) || is_digit(c);
}

static inline bool is_lower_alnum(unsigned char c)
{
	return is_lower(c) || is_digit(c);
}

static inline bool is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static inline bool is_ctrl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static inline bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static inline unsigned char to_lower(unsigned char c)
{
	return is_upper(c) ? (unsigned char)(c - 'A' + 'a') : c;
}

/* The value as it is quoted in messages: escaped, cut on a character
 * boundary after SHOW_MAX bytes of the value. Caller frees. */
char *vd_show(const char *v);
/* One character of s starting at byte off, shown as in vd_show(). */
char *vd_show_char_at(const char *s, size_t off);
/* 1-based character position of byte off. */
size_t vd_char_pos(const char *s, size_t off);
char *vd_lower_dup(const char *s);
char *vd_trim_dup(const char *s);
bool vd_has_space_or_ctrl(const char *s);
bool vd_has_upper(const char *s);
/* Another field's value through ctx->lookup, or NULL. */
const char *vd_ctx_get(const struct validate_ctx *ctx, const char *key);
size_t vd_count_bases(const char *const *bases, size_t n);
/* sugg, unless it equals the value (a suggestion must change something). */
const char *vd_sugg_or_null(const char *sugg, const char *value);

/* The validators the registry (validate.c) lists, by file. */
#define VALIDATOR_FN(fn)                                                     \
	void fn(const struct validate_ctx *ctx, const char *field, const char *value, \
		struct problems *out)
VALIDATOR_FN(v_project_name);       /* validate_names.c */
VALIDATOR_FN(v_outbound_repository);
VALIDATOR_FN(v_registry_namespace);
VALIDATOR_FN(v_oci_tag);
VALIDATOR_FN(v_git_url);            /* validate_net.c */
VALIDATOR_FN(v_git_ref);
VALIDATOR_FN(v_relative_path);
VALIDATOR_FN(v_ssh_key_ref);
VALIDATOR_FN(v_url);
VALIDATOR_FN(v_email);              /* validate_contact.c */
VALIDATOR_FN(v_phone);
#undef VALIDATOR_FN

#endif
