/* sha256.h - SHA-256 (FIPS 180-4), used to fingerprint the Dockerfile a
 * pre-scan looked at, so a recorded result can be matched to the file. */
#ifndef CERTTRACK_SHA256_H
#define CERTTRACK_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_HEX_SIZE 65 /* 64 hex digits and the NUL */

struct sha256_ctx {
	uint32_t h[8];
	uint64_t total; /* bytes hashed so far */
	unsigned char block[64];
	size_t used;    /* bytes waiting in block */
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(struct sha256_ctx *ctx, unsigned char out[SHA256_DIGEST_SIZE]);

/* One-shot: lowercase hex digest of data into hex. */
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_SIZE]);

#endif
