/*
 * arena.h - bump allocation for per-record data.
 *
 * The DECP readers build one small tree per record and the normaliser
 * derives its strings from it; everything is allocated here and given back
 * at once with orcs_arena_reset() when the record is done, so the hot path
 * makes no per-field malloc() and memory stays bounded by the largest
 * record, whatever the size of the file.
 *
 * Ownership: orcs_arena_init() / orcs_arena_release() on a caller-owned
 * struct.  Pointers returned by the allocation functions stay valid until
 * the next reset or release.  Allocation failure aborts (see buf.h).
 */
#ifndef ORCS_ARENA_H
#define ORCS_ARENA_H

#include <stddef.h>

typedef struct orcs_arena_chunk orcs_arena_chunk;

typedef struct orcs_arena {
	orcs_arena_chunk *head;   /* chunk being filled (chunks are kept on reset) */
	orcs_arena_chunk *first;
	char *p, *end;            /* free space of head */
	size_t used;              /* bytes handed out since the last reset */
} orcs_arena;

void orcs_arena_init(orcs_arena *a);
void orcs_arena_release(orcs_arena *a);
/* Forgets every allocation; keeps the first chunks (up to 1 MiB) for reuse. */
void orcs_arena_reset(orcs_arena *a);

/* `n` bytes aligned for any scalar type; never NULL. */
void *orcs_arena_alloc(orcs_arena *a, size_t n);
/* Zero-filled. */
void *orcs_arena_calloc(orcs_arena *a, size_t n);
/* Copy of `s` (`n` bytes) with a terminating NUL. */
char *orcs_arena_strndup(orcs_arena *a, const char *s, size_t n);

#endif
