/*
 * pseudo.h - the pseudonymisation key and participant ids (domain §6.3).
 *
 * A participant is stored only as
 *     pid = hex(HMAC-SHA-256(key, facilitator ‖ 0x1F ‖ source_person_id))
 * The 0x1F separator keeps ("AB", "C") and ("A", "BC") apart.  The key is
 * 32 random bytes kept in a file outside the database (default: the
 * warehouse path + ".key"), created by `orcs init` with mode 0600 and
 * written as 64 hexadecimal digits and a newline.  The same key must be
 * used for every import so that a person is counted once.
 */
#ifndef ORCS_PSEUDO_H
#define ORCS_PSEUDO_H

#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"

#define ORCS_KEY_BYTES 32

/* Appends the default key path of warehouse `db_path` to `out`. */
void orcs_key_default_path(orcs_buf *out, const char *db_path);

/* Creates the key file at `path` when it does not exist (O_EXCL, mode
 * 0600); *created (may be NULL) tells whether it was created.  An existing
 * file is left untouched but must be a readable key. */
int orcs_key_ensure(const char *path, int *created, orcs_error *err);

/* Reads a key file: 64 hexadecimal digits (surrounding spaces ignored) or
 * exactly 32 raw bytes.  A missing file is ORCS_EIO with a message telling
 * to run `orcs init`. */
int orcs_key_read(const char *path, unsigned char key[ORCS_KEY_BYTES], orcs_error *err);

/* Writes the pseudonymous id of (`facilitator`, `id`/`len`) into `hex`
 * (65 bytes, NUL-terminated).  `facilitator` may be NULL (= ""). */
void orcs_pseudo_id(const unsigned char key[ORCS_KEY_BYTES], const char *facilitator,
		    const char *id, size_t len, char hex[65]);

/* The same with the keyed state computed once (importers hash one id per
 * row): orcs_pseudo_init() then orcs_pseudo_hash() any number of times.
 * The context holds key material: clear it with orcs_pseudo_wipe(). */
typedef struct orcs_pseudo {
	unsigned char state[512]; /* crypto_auth_hmacsha256_state after key and facilitator */
} orcs_pseudo;

void orcs_pseudo_init(orcs_pseudo *p, const unsigned char key[ORCS_KEY_BYTES],
		      const char *facilitator);
void orcs_pseudo_hash(const orcs_pseudo *p, const char *id, size_t len, char hex[65]);
/* The raw 32-byte digest (what the warehouse stores). */
void orcs_pseudo_digest(const orcs_pseudo *p, const char *id, size_t len, unsigned char out[32]);
/* 32 bytes -> 64 hex digits + NUL. */
void orcs_pseudo_hex(const unsigned char d[32], char hex[65]);
void orcs_pseudo_wipe(orcs_pseudo *p);

#endif
