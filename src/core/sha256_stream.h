/*
 * sha256_stream.h - incremental SHA-256 for large inputs.
 *
 * Uses the CPU's SHA extensions (SHA-NI, x86-64) when present — several
 * times faster than a portable implementation, which matters when every
 * imported file is hashed (a 1.5 GB DECP file) — and libsodium otherwise.
 * The digest is the same either way (checked by tests/unit/test_sha256s.c).
 *
 * Usage: orcs_sha256s s; orcs_sha256s_init(&s); orcs_sha256s_update(&s, p, n)…;
 * orcs_sha256s_final(&s, hex).  The state is a plain value owned by the
 * caller; nothing to release.
 */
#ifndef ORCS_SHA256_STREAM_H
#define ORCS_SHA256_STREAM_H

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

typedef struct orcs_sha256s {
	int ni;                       /* using the SHA extensions */
	uint32_t h[8];
	unsigned char buf[64];
	size_t buflen;
	uint64_t total;
	crypto_hash_sha256_state sodium;
} orcs_sha256s;

void orcs_sha256s_init(orcs_sha256s *s);
void orcs_sha256s_update(orcs_sha256s *s, const void *p, size_t n);
/* Writes the digest: raw (32 bytes, may be NULL) and/or hex (65, may be NULL). */
void orcs_sha256s_final(orcs_sha256s *s, unsigned char raw[32], char hex[65]);

/* 1 when the SHA extensions are used on this CPU (for tests). */
int orcs_sha256s_accelerated(void);
/* Forces the portable path (tests compare both); 0 restores detection. */
void orcs_sha256s_force_portable(int on);

#endif
