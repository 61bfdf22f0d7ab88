#include "core/buf.h"
#include "core/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char orcs_buf_empty[1];

static void die_oom(size_t n)
{
	fprintf(stderr, "orcs" ORCS_NBSP ": mémoire insuffisante (%zu octets)\n", n);
	abort();
}

void *orcs_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *orcs_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_oom(n * size);
	return p;
}

void *orcs_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom(n);
	return q;
}

char *orcs_xstrndup(const char *s, size_t n)
{
	char *p = orcs_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *orcs_xstrdup(const char *s)
{
	return orcs_xstrndup(s, strlen(s));
}

void orcs_buf_init(orcs_buf *b)
{
	b->data = orcs_buf_empty;
	b->len = 0;
	b->alloc = 0;
}

void orcs_buf_release(orcs_buf *b)
{
	if (b->alloc)
		free(b->data);
	orcs_buf_init(b);
}

char *orcs_buf_detach(orcs_buf *b, size_t *len)
{
	char *s;
	if (!b->alloc)
		orcs_buf_grow(b, 0);
	s = b->data;
	if (len)
		*len = b->len;
	orcs_buf_init(b);
	return s;
}

void orcs_buf_grow(orcs_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->alloc)
		return;
	if (need < 64)
		need = 64;
	if (need < b->alloc * 2)
		need = b->alloc * 2;
	if (b->alloc) {
		b->data = orcs_xrealloc(b->data, need);
	} else {
		b->data = orcs_xmalloc(need);
		b->data[0] = '\0';
	}
	b->alloc = need;
}

void orcs_buf_reset(orcs_buf *b)
{
	orcs_buf_truncate(b, 0);
}

void orcs_buf_truncate(orcs_buf *b, size_t len)
{
	if (len > b->len)
		return;
	b->len = len;
	if (b->alloc)
		b->data[len] = '\0';
}

void orcs_buf_add(orcs_buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	orcs_buf_grow(b, len);
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void orcs_buf_adds(orcs_buf *b, const char *s)
{
	orcs_buf_add(b, s, strlen(s));
}

void orcs_buf_addc(orcs_buf *b, char c)
{
	orcs_buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void orcs_buf_vaddf(orcs_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	orcs_buf_grow(b, 64);
	va_copy(cp, ap);
	n = vsnprintf(b->data + b->len, b->alloc - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= b->alloc - b->len) {
		orcs_buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, b->alloc - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void orcs_buf_addf(orcs_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	orcs_buf_vaddf(b, fmt, ap);
	va_end(ap);
}
