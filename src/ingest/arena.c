#include "ingest/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#define CHUNK 65536
#define KEEP (1u << 20)

struct orcs_arena_chunk {
	orcs_arena_chunk *next;
	size_t size;
	max_align_t data[];
};

void orcs_arena_init(orcs_arena *a)
{
	memset(a, 0, sizeof(*a));
}

static void free_chain(orcs_arena_chunk *c)
{
	while (c) {
		orcs_arena_chunk *n = c->next;
		free(c);
		c = n;
	}
}

void orcs_arena_release(orcs_arena *a)
{
	free_chain(a->first);
	memset(a, 0, sizeof(*a));
}

void orcs_arena_reset(orcs_arena *a)
{
	orcs_arena_chunk *c = a->first, *prev = NULL;
	size_t kept = 0;
	/* keep the leading chunks up to KEEP bytes, free the rest */
	while (c && kept + c->size <= KEEP) {
		kept += c->size;
		prev = c;
		c = c->next;
	}
	if (prev) {
		free_chain(prev->next);
		prev->next = NULL;
	} else {
		free_chain(a->first);
		a->first = NULL;
	}
	a->head = a->first;
	a->p = a->head ? (char *)a->head->data : NULL;
	a->end = a->head ? a->p + a->head->size : NULL;
	a->used = 0;
}

static void next_chunk(orcs_arena *a, size_t n)
{
	orcs_arena_chunk *c = a->head ? a->head->next : NULL;
	size_t size;
	if (c && c->size >= n) {
		a->head = c;
	} else {
		size = n > CHUNK ? n : CHUNK;
		c = orcs_xmalloc(sizeof(*c) + size);
		c->size = size;
		if (a->head) {
			/* insert after head so kept chunks are reused in order */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->first;
			a->first = c;
		}
		a->head = c;
	}
	a->p = (char *)a->head->data;
	a->end = a->p + a->head->size;
}

void *orcs_arena_alloc(orcs_arena *a, size_t n)
{
	const uintptr_t al = 16;
	uintptr_t p;
	if (!n)
		n = 1;
	if (a->p) {
		p = ((uintptr_t)a->p + al - 1) & ~(al - 1);
		if (p <= (uintptr_t)a->end && (size_t)((uintptr_t)a->end - p) >= n) {
			a->p = (char *)p + n;
			a->used += n;
			return (void *)p;
		}
	}
	next_chunk(a, n); /* chunk data is max_align_t aligned */
	p = (uintptr_t)a->p;
	a->p += n;
	a->used += n;
	return (void *)p;
}

void *orcs_arena_calloc(orcs_arena *a, size_t n)
{
	void *r = orcs_arena_alloc(a, n);
	memset(r, 0, n);
	return r;
}

char *orcs_arena_strndup(orcs_arena *a, const char *s, size_t n)
{
	char *r;
	if (!a->p || (size_t)(a->end - a->p) < n + 1)
		next_chunk(a, n + 1);
	r = a->p;
	if (n)
		memcpy(r, s, n);
	r[n] = '\0';
	a->p += n + 1;
	a->used += n + 1;
	return r;
}
