/*
 * dnode.h - the small tree of one DECP record, shared by the JSON and the
 * XML readers and read by the normaliser.
 *
 * A record is a map of keys to values.  JSON values keep their type (the
 * text of a number is kept as written); XML elements become maps when they
 * have child elements and strings otherwise, so an XML list is a map whose
 * key repeats (<titulaires><titulaire/><titulaire/></titulaires>).  Keys
 * are stored trimmed (a producer wrote "nom " once).
 *
 * Every node and string lives in the orcs_arena given to the builder: the
 * tree is valid until that arena is reset.  Nothing is freed separately.
 * The builder caps depth and size so that a hostile record cannot exhaust
 * memory or the stack: past the caps it keeps counting depth but stops
 * building, and reports it in `overflow`.
 */
#ifndef ORCS_DNODE_H
#define ORCS_DNODE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "ingest/arena.h"

enum orcs_dn_type { DN_NULL, DN_BOOL, DN_NUM, DN_STR, DN_MAP, DN_ARR };

typedef struct orcs_dnode orcs_dnode;
struct orcs_dnode {
	unsigned char type;  /* enum orcs_dn_type */
	uint32_t klen, len;  /* key length; scalar length or child count */
	const char *key;     /* key inside a map (NUL-terminated), else NULL */
	const char *s;       /* scalar text, NUL-terminated ("true"/"false" for DN_BOOL) */
	orcs_dnode *child, *last, *next;
};

/* Builder caps: nesting below the record root and bytes of arena per record. */
#define ORCS_DN_MAX_DEPTH 48
#define ORCS_DN_MAX_BYTES (16u << 20)

enum { DN_OVER_DEPTH = 1, DN_OVER_SIZE = 2 };

typedef struct orcs_dbuild {
	orcs_arena *arena;
	orcs_dnode *root;
	orcs_dnode *stack[ORCS_DN_MAX_DEPTH + 1];
	int depth;           /* open containers (built or not) */
	int built;           /* open containers that have a node */
	const char *key;     /* pending key for the next value of a map */
	uint32_t klen;
	int overflow;        /* DN_OVER_* bits */
	int keys_trimmed;    /* some key had surrounding spaces */
} orcs_dbuild;

/* Starts a new tree in `arena` (the caller resets the arena between trees). */
void orcs_dbuild_start(orcs_dbuild *b, orcs_arena *arena);
void orcs_dbuild_key(orcs_dbuild *b, const char *k, size_t n);
void orcs_dbuild_open(orcs_dbuild *b, int type);            /* DN_MAP or DN_ARR */
void orcs_dbuild_close(orcs_dbuild *b);
void orcs_dbuild_scalar(orcs_dbuild *b, int type, const char *s, size_t n);
/* XML: appends text to the open node; a node that gets a child element
 * becomes a map (see orcs_dbuild_open), one that only gets text a string. */
void orcs_dbuild_text(orcs_dbuild *b, const char *s, size_t n);
/* The open node at the top (NULL when none or not built). */
orcs_dnode *orcs_dbuild_top(orcs_dbuild *b);

/* Child of map `m` with key `k` (first one), or NULL. */
const orcs_dnode *orcs_dn_getn(const orcs_dnode *m, const char *k, size_t n);
static inline const orcs_dnode *orcs_dn_get(const orcs_dnode *m, const char *k)
{
	return orcs_dn_getn(m, k, strlen(k));
}

/* True for a string made only of spaces, or an empty string/map/array, or null. */
int orcs_dn_blank(const orcs_dnode *n);

/* Appends `n` as compact JSON to `out`, stopping once `out` holds `max`
 * bytes (the cut is then marked with "…").  XML trees come out as JSON
 * objects too. */
void orcs_dn_to_json(const orcs_dnode *n, orcs_buf *out, size_t max);

#endif
