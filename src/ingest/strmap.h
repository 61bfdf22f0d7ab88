/*
 * strmap.h - a small open-addressing hash map from strings to strings and
 * integers, for the in-memory lookups of importers and the generator
 * (communes, historic codes, CPV divisions, identifiers).
 *
 * Ownership: orcs_strmap_new() returns a map freed by orcs_strmap_free();
 * the map copies keys and string values.  Pointers returned by
 * orcs_strmap_get() stay valid until the map is freed.
 */
#ifndef ORCS_STRMAP_H
#define ORCS_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct orcs_strmap orcs_strmap;

orcs_strmap *orcs_strmap_new(size_t expected);
void orcs_strmap_free(orcs_strmap *m);

/* Inserts or overwrites `key` (len bytes) with `value` (may be NULL) and
 * `num`. */
void orcs_strmap_put(orcs_strmap *m, const char *key, size_t len, const char *value, int64_t num);
/* Returns 1 when `key` is present, with *value / *num (each may be NULL). */
int orcs_strmap_get(const orcs_strmap *m, const char *key, size_t len, const char **value,
		    int64_t *num);
size_t orcs_strmap_count(const orcs_strmap *m);

/* 64-bit FNV-1a. */
uint64_t orcs_hash64(const void *data, size_t len);

#endif
