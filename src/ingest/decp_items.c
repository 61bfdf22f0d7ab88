/* decp_items.c - the items of a DECP list, whatever its shape: JSON arrays
 * of bare or wrapped items, XML maps with a repeated key, a single object,
 * lists of lists, JSON held in a string; stubs and empty blocks dropped. */
#include <string.h>

#include "core/text.h"
#include "ingest/decp_internal.h"

/* ---- list items ----------------------------------------------------------- */

static int key_is(const orcs_dnode *c, const char *w, size_t wn)
{
	return c->klen == wn && !memcmp(c->key, w, wn);
}

typedef struct items {
	const orcs_dnode **v;
	int n, cap;
	int wrapped, bare; /* JSON array items seen of each kind */
	int repaired, stubs;
} items;

static void push_item(decp_norm *d, items *it, const orcs_dnode *v)
{
	if (it->n == it->cap) {
		const orcs_dnode **nv;
		it->cap = it->cap ? it->cap * 2 : 8;
		nv = orcs_arena_alloc(d->a, (size_t)it->cap * sizeof(*nv));
		if (it->n)
			memcpy(nv, it->v, (size_t)it->n * sizeof(*nv));
		it->v = nv;
	}
	it->v[it->n++] = v;
}

static void collect(decp_norm *d, items *it, const orcs_dnode *v, const char *w, int values,
		    int depth);

/* One element: a value item, an object item, or a stub. */
static void element(decp_norm *d, items *it, const orcs_dnode *e, const char *w, int values,
		    int depth)
{
	if (!e || e->type == DN_NULL) {
		if (!values)
			it->stubs++;
		return;
	}
	if (e->type == DN_ARR) {
		it->repaired = 1; /* list of lists */
		collect(d, it, e, w, values, depth + 1);
		return;
	}
	if (e->type == DN_MAP) {
		const orcs_dnode *c;
		int has_w = 0;
		size_t wn = strlen(w);
		for (c = e->child; c; c = c->next)
			if (key_is(c, w, wn)) {
				has_w = 1;
				if (c->type == DN_ARR) {
					it->repaired = 1; /* {"modification": [...]} */
					collect(d, it, c, w, values, depth + 1);
				} else if (c->type == DN_MAP) {
					if (values) {
						it->repaired = 1;
						collect(d, it, c, w, values, depth + 1);
					} else if (!c->child) {
						it->stubs++;
					} else {
						push_item(d, it, c);
					}
				} else if (values) {
					push_item(d, it, c);
				} else {
					it->stubs++; /* {"titulaire": "typeIdentifiant"} */
				}
			}
		if (has_w) {
			it->wrapped++;
			return;
		}
		if (values) {
			it->repaired = 1;
			return;
		}
		if (!e->child) {
			it->stubs++;
			return;
		}
		it->bare++;
		push_item(d, it, e);
		return;
	}
	/* a scalar */
	if (values) {
		push_item(d, it, e);
		return;
	}
	if (e->type == DN_STR && !orcs_dn_blank(e)) {
		size_t n = e->len;
		const char *s = orcs_trim(e->s, &n);
		if (n && (s[0] == '{' || s[0] == '[') && depth < 4) {
			const orcs_dnode *j = orcs_decp_json_value(d->a, s, n);
			if (j) {
				it->repaired = 1;
				element(d, it, j, w, values, depth + 1);
				return;
			}
		}
	}
	it->stubs++;
}

static void collect(decp_norm *d, items *it, const orcs_dnode *v, const char *w, int values,
		    int depth)
{
	const orcs_dnode *c;
	if (depth > 8)
		return;
	if (!v || v->type == DN_NULL)
		return;
	if (v->type == DN_ARR) {
		for (c = v->child; c; c = c->next)
			element(d, it, c, w, values, depth);
		return;
	}
	if (v->type == DN_MAP) {
		int has_w = 0;
		size_t wn = strlen(w);
		for (c = v->child; c; c = c->next)
			if (key_is(c, w, wn))
				has_w = 1;
		if (has_w) {
			/* XML (<titulaires><titulaire/>…) or a 2024 JSON value list */
			for (c = v->child; c; c = c->next) {
				if (!key_is(c, w, wn))
					continue;
				if (c->type == DN_ARR) {
					if (!values)
						it->repaired = 1;
					collect(d, it, c, w, values, depth + 1);
				} else if (c->type == DN_MAP) {
					if (values)
						it->repaired = 1, collect(d, it, c, w, values, depth + 1);
					else if (!c->child)
						it->stubs++;
					else
						push_item(d, it, c);
				} else if (values) {
					push_item(d, it, c);
				} else if (!orcs_dn_blank(c)) {
					it->stubs++;
				}
			}
			if (d->json && !values)
				it->repaired = 1; /* a JSON object where a list was expected */
			return;
		}
		if (!v->child)
			return;
		/* a single bare object instead of a list */
		it->repaired = 1;
		if (!values)
			push_item(d, it, v);
		return;
	}
	/* a scalar: a value, a JSON text, or junk */
	if (orcs_dn_blank(v))
		return;
	if (v->type == DN_STR) {
		size_t n = v->len;
		const char *s = orcs_trim(v->s, &n);
		if (n && (s[0] == '{' || s[0] == '[') && depth < 4) {
			const orcs_dnode *j = orcs_decp_json_value(d->a, s, n);
			if (j) {
				it->repaired = 1;
				collect(d, it, j, w, values, depth + 1);
				return;
			}
		}
	}
	if (values) {
		if (d->json)
			it->repaired = 1;
		push_item(d, it, v);
	} else {
		it->stubs++;
	}
}

int decp_items(decp_norm *d, const orcs_dnode *v, const char *wrapper, int values,
	       const orcs_dnode ***out)
{
	items it;
	memset(&it, 0, sizeof(it));
	collect(d, &it, v, wrapper, values, 0);
	if (it.wrapped && it.bare)
		it.repaired = 1; /* wrapped and bare items mixed in one list */
	if (it.repaired)
		orcs_decp_flagf(d->r, d->a, ORCS_F_STRUCT_REPAIRED, "liste « %s »", wrapper);
	if (it.stubs)
		orcs_decp_flagf(d->r, d->a, ORCS_F_STUB_DROPPED, "%d élément%s vide%s dans « %s »",
				it.stubs, it.stubs > 1 ? "s" : "", it.stubs > 1 ? "s" : "", wrapper);
	*out = it.v;
	return it.n;
}
