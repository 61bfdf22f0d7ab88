/*
 * buf.h - growable byte buffers (in the spirit of git's strbuf).
 *
 * An orcs_buf always holds a NUL-terminated string in `data` (even when
 * empty: `data` then points to a static "" until the first append), so it
 * can be passed to any C string function.  It may also hold binary data;
 * `len` is authoritative.
 *
 * Ownership: the caller owns the buffer.  Initialise with ORCS_BUF_INIT or
 * orcs_buf_init(), give memory back with orcs_buf_release(), or take the
 * string with orcs_buf_detach() (then free() it yourself).
 *
 * Allocation failure aborts the process: ORCS treats out-of-memory as
 * unrecoverable, as git does.
 */
#ifndef ORCS_BUF_H
#define ORCS_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct orcs_buf {
	char *data;
	size_t len;
	size_t alloc;
} orcs_buf;

extern char orcs_buf_empty[];
#define ORCS_BUF_INIT { orcs_buf_empty, 0, 0 }

void orcs_buf_init(orcs_buf *b);
void orcs_buf_release(orcs_buf *b);
/* Returns the malloc'd string (never NULL) and re-initialises `b`. */
char *orcs_buf_detach(orcs_buf *b, size_t *len);
void orcs_buf_grow(orcs_buf *b, size_t extra);
void orcs_buf_reset(orcs_buf *b);
void orcs_buf_add(orcs_buf *b, const void *data, size_t len);
void orcs_buf_adds(orcs_buf *b, const char *s);
void orcs_buf_addc(orcs_buf *b, char c);
void orcs_buf_addf(orcs_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void orcs_buf_vaddf(orcs_buf *b, const char *fmt, va_list ap);
void orcs_buf_truncate(orcs_buf *b, size_t len);

/* malloc/calloc/realloc/strdup that abort on failure. */
void *orcs_xmalloc(size_t n);
void *orcs_xcalloc(size_t n, size_t size);
void *orcs_xrealloc(void *p, size_t n);
char *orcs_xstrdup(const char *s);
char *orcs_xstrndup(const char *s, size_t n);

#endif
