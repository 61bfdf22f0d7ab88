#include "ingest/dnode.h"

#include <string.h>

void orcs_dbuild_start(orcs_dbuild *b, orcs_arena *arena)
{
	memset(b, 0, sizeof(*b));
	b->arena = arena;
}

static int is_sp(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void orcs_dbuild_key(orcs_dbuild *b, const char *k, size_t n)
{
	if (b->overflow)
		return;
	if (n && (is_sp(k[0]) || is_sp(k[n - 1]))) {
		while (n && is_sp(*k)) {
			k++;
			n--;
		}
		while (n && is_sp(k[n - 1]))
			n--;
		b->keys_trimmed = 1;
	}
	b->key = orcs_arena_strndup(b->arena, k, n);
	b->klen = (uint32_t)n;
}

static int full(orcs_dbuild *b)
{
	if (b->arena->used > ORCS_DN_MAX_BYTES) {
		b->overflow |= DN_OVER_SIZE;
		return 1;
	}
	return 0;
}

/* Attaches a new node to the open container (or makes it the root). */
static orcs_dnode *attach(orcs_dbuild *b, int type)
{
	orcs_dnode *n, *p;
	if (b->overflow || b->built != b->depth || full(b))
		return NULL;
	n = orcs_arena_alloc(b->arena, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->type = (unsigned char)type;
	p = b->built ? b->stack[b->built - 1] : NULL;
	if (p) {
		if (p->type == DN_STR) { /* XML: a text node gets a child element */
			p->type = DN_MAP;
			p->s = NULL;
			p->len = 0;
		}
		if (p->type == DN_MAP) {
			n->key = b->key ? b->key : "";
			n->klen = b->key ? b->klen : 0;
		}
		if (p->last)
			p->last->next = n;
		else
			p->child = n;
		p->last = n;
		p->len++;
	} else if (!b->root) {
		b->root = n;
	} else {
		return NULL; /* a second root: ignored */
	}
	b->key = NULL;
	b->klen = 0;
	return n;
}

void orcs_dbuild_open(orcs_dbuild *b, int type)
{
	orcs_dnode *n = attach(b, type);
	if (n && b->built < ORCS_DN_MAX_DEPTH) {
		if (type == DN_STR)
			n->s = "";
		b->stack[b->built++] = n;
	} else if (n) {
		b->overflow |= DN_OVER_DEPTH;
	}
	b->depth++;
}

void orcs_dbuild_close(orcs_dbuild *b)
{
	if (b->depth == 0)
		return;
	if (b->built == b->depth)
		b->built--;
	b->depth--;
	b->key = NULL;
}

void orcs_dbuild_scalar(orcs_dbuild *b, int type, const char *s, size_t n)
{
	orcs_dnode *d = attach(b, type);
	if (!d)
		return;
	if (type == DN_NULL) {
		d->s = "";
		return;
	}
	d->s = orcs_arena_strndup(b->arena, s, n);
	d->len = (uint32_t)n;
}

void orcs_dbuild_text(orcs_dbuild *b, const char *s, size_t n)
{
	orcs_dnode *t = orcs_dbuild_top(b);
	char *c;
	if (!t || t->type != DN_STR || b->overflow || full(b))
		return;
	c = orcs_arena_alloc(b->arena, (size_t)t->len + n + 1);
	memcpy(c, t->s, t->len);
	memcpy(c + t->len, s, n);
	c[t->len + n] = '\0';
	t->s = c;
	t->len += (uint32_t)n;
}

orcs_dnode *orcs_dbuild_top(orcs_dbuild *b)
{
	if (!b->built || b->built != b->depth)
		return NULL;
	return b->stack[b->built - 1];
}

const orcs_dnode *orcs_dn_getn(const orcs_dnode *m, const char *k, size_t n)
{
	const orcs_dnode *c;
	if (!m || m->type != DN_MAP)
		return NULL;
	for (c = m->child; c; c = c->next)
		if (c->klen == n && !memcmp(c->key, k, n))
			return c;
	return NULL;
}

int orcs_dn_blank(const orcs_dnode *n)
{
	uint32_t i;
	if (!n || n->type == DN_NULL)
		return 1;
	if (n->type == DN_MAP || n->type == DN_ARR)
		return n->child == NULL;
	if (n->type != DN_STR)
		return 0;
	for (i = 0; i < n->len; i++)
		if (!is_sp(n->s[i]))
			return 0;
	return 1;
}

static void json_string(orcs_buf *out, const char *s, size_t n)
{
	size_t i;
	orcs_buf_addc(out, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			orcs_buf_addc(out, '\\');
			orcs_buf_addc(out, (char)c);
		} else if (c < 0x20) {
			orcs_buf_addf(out, "\\u%04x", c);
		} else {
			orcs_buf_addc(out, (char)c);
		}
	}
	orcs_buf_addc(out, '"');
}

static void to_json(const orcs_dnode *n, orcs_buf *out, size_t max, int depth)
{
	const orcs_dnode *c;
	if (out->len >= max)
		return;
	switch (n->type) {
	case DN_NULL:
		orcs_buf_adds(out, "null");
		break;
	case DN_BOOL:
	case DN_NUM:
		orcs_buf_add(out, n->s, n->len);
		break;
	case DN_STR:
		json_string(out, n->s, n->len);
		break;
	default:
		orcs_buf_addc(out, n->type == DN_MAP ? '{' : '[');
		for (c = n->child; c && out->len < max && depth < 64; c = c->next) {
			if (c != n->child)
				orcs_buf_addc(out, ',');
			if (n->type == DN_MAP) {
				json_string(out, c->key, c->klen);
				orcs_buf_addc(out, ':');
			}
			to_json(c, out, max, depth + 1);
		}
		orcs_buf_addc(out, n->type == DN_MAP ? '}' : ']');
	}
}

void orcs_dn_to_json(const orcs_dnode *n, orcs_buf *out, size_t max)
{
	size_t start = out->len;
	if (!n) {
		orcs_buf_adds(out, "null");
		return;
	}
	to_json(n, out, start + max, 0);
	if (out->len > start + max) {
		size_t cut = start + max;
		while (cut > start && ((unsigned char)out->data[cut] & 0xC0) == 0x80)
			cut--; /* keep UTF-8 whole */
		orcs_buf_truncate(out, cut);
		orcs_buf_adds(out, "…");
	}
}
