/* resp_cache.c - LRU response cache: a chained hash table and a doubly
 * linked recency list under one mutex; entries are reference counted so an
 * eviction never frees a value a request thread is still sending. */
#include "web/resp_cache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#define NBUCKETS 4096u
#define ENTRY_OVERHEAD 128u

struct orcs_rcache_ref {
	char *key;
	uint64_t hash;
	void *value;
	size_t size;           /* value size + key + overhead */
	unsigned refs;         /* 1 for the table while linked, +1 per reader */
	int linked;
	struct orcs_rcache_ref *next_in_bucket;
	struct orcs_rcache_ref *prev, *next; /* recency: head = most recent */
};

struct orcs_rcache {
	pthread_mutex_t lock;
	orcs_rcache_free_fn free_value;
	struct orcs_rcache_ref *buckets[NBUCKETS];
	struct orcs_rcache_ref *head, *tail;
	size_t bytes, max_bytes, entries;
	unsigned long long hits, misses, evictions;
};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

orcs_rcache *orcs_rcache_new(size_t max_bytes, orcs_rcache_free_fn free_value)
{
	orcs_rcache *c = orcs_xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	c->free_value = free_value;
	c->max_bytes = max_bytes;
	return c;
}

static void entry_drop(orcs_rcache *c, struct orcs_rcache_ref *e)
{
	if (--e->refs)
		return;
	if (c->free_value)
		c->free_value(e->value);
	free(e->key);
	free(e);
}

/* Unlinks `e` from its bucket and the recency list (lock held). */
static void unlink_entry(orcs_rcache *c, struct orcs_rcache_ref *e)
{
	struct orcs_rcache_ref **p = &c->buckets[e->hash & (NBUCKETS - 1)];
	while (*p && *p != e)
		p = &(*p)->next_in_bucket;
	if (*p)
		*p = e->next_in_bucket;
	if (e->prev)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = e->next = e->next_in_bucket = NULL;
	e->linked = 0;
	c->bytes -= e->size;
	c->entries--;
	entry_drop(c, e);
}

static void to_front(orcs_rcache *c, struct orcs_rcache_ref *e)
{
	if (c->head == e)
		return;
	e->prev->next = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = NULL;
	e->next = c->head;
	c->head->prev = e;
	c->head = e;
}

static struct orcs_rcache_ref *find(orcs_rcache *c, const char *key, uint64_t h)
{
	struct orcs_rcache_ref *e;
	for (e = c->buckets[h & (NBUCKETS - 1)]; e; e = e->next_in_bucket)
		if (e->hash == h && !strcmp(e->key, key))
			return e;
	return NULL;
}

void *orcs_rcache_get(orcs_rcache *c, const char *key, orcs_rcache_ref **ref)
{
	uint64_t h = fnv1a(key);
	struct orcs_rcache_ref *e;
	void *v = NULL;
	pthread_mutex_lock(&c->lock);
	e = find(c, key, h);
	if (e) {
		to_front(c, e);
		e->refs++;
		*ref = e;
		v = e->value;
		c->hits++;
	} else {
		c->misses++;
	}
	pthread_mutex_unlock(&c->lock);
	return v;
}

void orcs_rcache_unref(orcs_rcache *c, orcs_rcache_ref *ref)
{
	if (!ref)
		return;
	pthread_mutex_lock(&c->lock);
	entry_drop(c, ref);
	pthread_mutex_unlock(&c->lock);
}

int orcs_rcache_put(orcs_rcache *c, const char *key, void *value, size_t size)
{
	struct orcs_rcache_ref *e, *old;
	size_t klen = strlen(key);
	size = size + klen + ENTRY_OVERHEAD;
	if (size > c->max_bytes / 8) {
		if (c->free_value)
			c->free_value(value);
		return 0;
	}
	e = orcs_xcalloc(1, sizeof(*e));
	e->key = orcs_xstrndup(key, klen);
	e->hash = fnv1a(key);
	e->value = value;
	e->size = size;
	e->refs = 1;
	pthread_mutex_lock(&c->lock);
	if ((old = find(c, key, e->hash)))
		unlink_entry(c, old);
	while (c->tail && c->bytes + size > c->max_bytes) {
		unlink_entry(c, c->tail);
		c->evictions++;
	}
	e->next_in_bucket = c->buckets[e->hash & (NBUCKETS - 1)];
	c->buckets[e->hash & (NBUCKETS - 1)] = e;
	e->next = c->head;
	if (c->head)
		c->head->prev = e;
	c->head = e;
	if (!c->tail)
		c->tail = e;
	e->linked = 1;
	c->bytes += size;
	c->entries++;
	pthread_mutex_unlock(&c->lock);
	return 1;
}

void orcs_rcache_clear(orcs_rcache *c)
{
	pthread_mutex_lock(&c->lock);
	while (c->head)
		unlink_entry(c, c->head);
	pthread_mutex_unlock(&c->lock);
}

void orcs_rcache_stats_get(orcs_rcache *c, orcs_rcache_stats *out)
{
	pthread_mutex_lock(&c->lock);
	out->hits = c->hits;
	out->misses = c->misses;
	out->evictions = c->evictions;
	out->entries = c->entries;
	out->bytes = c->bytes;
	out->max_bytes = c->max_bytes;
	pthread_mutex_unlock(&c->lock);
}

void orcs_rcache_free(orcs_rcache *c)
{
	if (!c)
		return;
	orcs_rcache_clear(c);
	pthread_mutex_destroy(&c->lock);
	free(c);
}
