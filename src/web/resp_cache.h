/*
 * resp_cache.h - the server's response cache: rendered answers kept in
 * memory, keyed by a string (route + normalised query string), bounded in
 * bytes with least-recently-used eviction, safe to share between threads.
 *
 * Values are opaque to the cache (the server stores prepared
 * libmicrohttpd responses); the cache owns them and frees them with the
 * function given at creation once they are evicted or cleared AND no
 * reader holds them any more (each hit is a reference that the reader
 * gives back with orcs_rcache_unref).
 */
#ifndef ORCS_RESP_CACHE_H
#define ORCS_RESP_CACHE_H

#include <stddef.h>

typedef struct orcs_rcache orcs_rcache;
typedef struct orcs_rcache_ref orcs_rcache_ref;

typedef void (*orcs_rcache_free_fn)(void *value);

/* A cache holding at most `max_bytes` (sizes as declared by put; entries
 * larger than an eighth of it are not kept).  Free with orcs_rcache_free(),
 * which frees every value (no reference may still be held). */
orcs_rcache *orcs_rcache_new(size_t max_bytes, orcs_rcache_free_fn free_value);
void orcs_rcache_free(orcs_rcache *c);

/* The value stored under `key` and a reference to give back with
 * orcs_rcache_unref(), or NULL (*ref untouched) when absent. */
void *orcs_rcache_get(orcs_rcache *c, const char *key, orcs_rcache_ref **ref);
void orcs_rcache_unref(orcs_rcache *c, orcs_rcache_ref *ref);

/* Stores `value` (ownership passes to the cache, even when it is too big
 * to be kept: then it is freed at once) under a copy of `key`, replacing
 * any previous value; `size` counts the value's bytes.  Returns 1 when
 * kept, 0 when freed. */
int orcs_rcache_put(orcs_rcache *c, const char *key, void *value, size_t size);

/* Drops every entry (values still referenced are freed on their unref). */
void orcs_rcache_clear(orcs_rcache *c);

typedef struct orcs_rcache_stats {
	unsigned long long hits, misses, evictions;
	size_t entries, bytes, max_bytes;
} orcs_rcache_stats;

void orcs_rcache_stats_get(orcs_rcache *c, orcs_rcache_stats *out);

#endif
