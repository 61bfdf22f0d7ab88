#include "ingest/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

typedef struct slot {
	char *key;
	size_t len;
	char *value;
	int64_t num;
	uint64_t h;
} slot;

struct orcs_strmap {
	slot *slots;
	size_t cap, n;
};

uint64_t orcs_hash64(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ULL;
	size_t i;
	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

orcs_strmap *orcs_strmap_new(size_t expected)
{
	orcs_strmap *m = orcs_xcalloc(1, sizeof(*m));
	m->cap = 16;
	while (m->cap < expected * 2)
		m->cap *= 2;
	m->slots = orcs_xcalloc(m->cap, sizeof(*m->slots));
	return m;
}

void orcs_strmap_free(orcs_strmap *m)
{
	size_t i;
	if (!m)
		return;
	for (i = 0; i < m->cap; i++) {
		free(m->slots[i].key);
		free(m->slots[i].value);
	}
	free(m->slots);
	free(m);
}

static slot *find(const orcs_strmap *m, const char *key, size_t len, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);
	while (m->slots[i].key) {
		if (m->slots[i].h == h && m->slots[i].len == len && !memcmp(m->slots[i].key, key, len))
			return &m->slots[i];
		i = (i + 1) & (m->cap - 1);
	}
	return &m->slots[i];
}

static void grow(orcs_strmap *m)
{
	slot *old = m->slots;
	size_t oldcap = m->cap, i;
	m->cap *= 2;
	m->slots = orcs_xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++)
		if (old[i].key) {
			slot *s = find(m, old[i].key, old[i].len, old[i].h);
			*s = old[i];
		}
	free(old);
}

void orcs_strmap_put(orcs_strmap *m, const char *key, size_t len, const char *value, int64_t num)
{
	uint64_t h = orcs_hash64(key, len);
	slot *s;
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	s = find(m, key, len, h);
	if (!s->key) {
		s->key = orcs_xstrndup(key, len);
		s->len = len;
		s->h = h;
		m->n++;
	} else {
		free(s->value);
	}
	s->value = value ? orcs_xstrdup(value) : NULL;
	s->num = num;
}

int orcs_strmap_get(const orcs_strmap *m, const char *key, size_t len, const char **value,
		    int64_t *num)
{
	slot *s = find(m, key, len, orcs_hash64(key, len));
	if (!s->key)
		return 0;
	if (value)
		*value = s->value;
	if (num)
		*num = s->num;
	return 1;
}

size_t orcs_strmap_count(const orcs_strmap *m)
{
	return m->n;
}
