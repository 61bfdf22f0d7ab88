/*
 * xml_scan.c - the fast scanner of worksheet XML (see xml_scan.h).
 *
 * Input is appended to one buffer; `pos` is the first byte not yet
 * reported.  A tag or a text run is reported only once it is complete in
 * the buffer (a text run ends at the next '<'), so nothing is ever
 * reported twice or cut.  Anything outside the subset sets `bailed`.
 */
#include "ingest/xml_scan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#define MAX_DEPTH 64
#define MAX_NAME 64
#define MAX_ATTS 32

enum { S_START, S_PROLOG, S_ROOT, S_EPILOG };
enum { NEED_MORE = 3 }; /* internal: wait for the next chunk */

struct orcs_xscan {
	void *ud;
	orcs_xscan_start_fn start;
	orcs_xscan_end_fn end;
	orcs_xscan_chars_fn chars;
	char *buf;
	size_t len, cap, pos;
	int final, stopped, bailed, state, depth;
	int pending_end; /* a self-closing element whose end is still due */
	char stack[MAX_DEPTH][MAX_NAME + 1];
	orcs_buf scratch;          /* decoded text; a tag's names and values */
	size_t att_off[2 * MAX_ATTS];
	const char *atts[2 * MAX_ATTS + 1];
};

orcs_xscan *orcs_xscan_new(void *ud, orcs_xscan_start_fn start, orcs_xscan_end_fn end,
			   orcs_xscan_chars_fn chars)
{
	orcs_xscan *x = orcs_xcalloc(1, sizeof(*x));
	x->ud = ud;
	x->start = start;
	x->end = end;
	x->chars = chars;
	orcs_buf_init(&x->scratch);
	return x;
}

void orcs_xscan_free(orcs_xscan *x)
{
	if (!x)
		return;
	free(x->buf);
	orcs_buf_release(&x->scratch);
	free(x);
}

void orcs_xscan_stop(orcs_xscan *x)
{
	x->stopped = 1;
}

/* ---- characters ---------------------------------------------------------- */

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static int name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

static int name_char(unsigned char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

/* Length of the valid UTF-8 sequence of an XML character at p (n bytes
 * available), 0 if invalid: no overlong form, surrogate, value above
 * U+10FFFF, nor U+FFFE / U+FFFF (expat rejects them too). */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
		if (n < 3 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xEF && p[1] == 0xBF && p[2] >= 0xBE)
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
		if (n < 4 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

static void put_utf8(orcs_buf *b, uint32_t cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	orcs_buf_add(b, u, n);
}

/* The entity or character reference at p[0] == '&' (n bytes up to the end
 * of the text run) appended to b; returns its length, 0 if not accepted. */
static size_t entity(const char *p, size_t n, orcs_buf *b)
{
	static const struct {
		const char *name;
		char c;
	} named[] = { { "lt;", '<' }, { "gt;", '>' }, { "amp;", '&' }, { "quot;", '"' }, { "apos;", '\'' } };
	const char *semi = memchr(p, ';', n < 12 ? n : 12);
	size_t i, len;
	uint32_t cp = 0;
	if (!semi)
		return 0;
	len = (size_t)(semi - p) + 1;
	if (p[1] != '#') {
		for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
			if (len - 1 == strlen(named[i].name) && !memcmp(p + 1, named[i].name, len - 1)) {
				orcs_buf_addc(b, named[i].c);
				return len;
			}
		return 0;
	}
	if (p[2] == 'x') {
		if (len < 5)
			return 0;
		for (i = 3; i < len - 1; i++) {
			unsigned char c = (unsigned char)p[i];
			int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
				c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			if (v < 0)
				return 0;
			cp = cp * 16 + (uint32_t)v;
		}
	} else {
		if (len < 4)
			return 0;
		for (i = 2; i < len - 1; i++) {
			if (p[i] < '0' || p[i] > '9')
				return 0;
			cp = cp * 10 + (uint32_t)(p[i] - '0');
		}
	}
	/* 8 digits at most (the 12-byte window): no overflow */
	if (!(cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
	      (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF)))
		return 0;
	put_utf8(b, cp);
	return len;
}

/* ---- events ---------------------------------------------------------------- */

static int bail(orcs_xscan *x)
{
	x->bailed = 1;
	return ORCS_XSCAN_BAIL;
}

/* Text between tags, [p, p + n), inside the root. */
static int text(orcs_xscan *x, const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i;
	int amp = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = u[i];
		if (c >= 0x20 && c < 0x80 && c != '&' && c != ']')
			continue;
		if (c == '\t' || c == '\n')
			continue;
		if (c == '&')
			amp = 1;
		else if (c == ']') {
			if (i + 2 < n && u[i + 1] == ']' && u[i + 2] == '>')
				return bail(x);
		} else if (c >= 0x80) {
			size_t k = utf8_len(u + i, n - i);
			if (!k)
				return bail(x);
			i += k - 1;
		} else {
			return bail(x); /* control character, carriage return */
		}
	}
	if (!amp) {
		x->chars(x->ud, p, (int)n);
		return ORCS_XSCAN_OK;
	}
	orcs_buf_reset(&x->scratch);
	for (i = 0; i < n;) {
		const char *a = memchr(p + i, '&', n - i);
		size_t k;
		if (!a) {
			orcs_buf_add(&x->scratch, p + i, n - i);
			break;
		}
		orcs_buf_add(&x->scratch, p + i, (size_t)(a - (p + i)));
		i = (size_t)(a - p);
		if (!(k = entity(a, n - i, &x->scratch)))
			return bail(x);
		i += k;
	}
	x->chars(x->ud, x->scratch.data, (int)x->scratch.len);
	return ORCS_XSCAN_OK;
}

/* Reads a name at p[i]; returns its end, or 0 when it is not one. */
static size_t scan_name(const char *p, size_t i, size_t n)
{
	size_t s = i;
	if (i >= n || !name_start((unsigned char)p[i]))
		return 0;
	while (i < n && name_char((unsigned char)p[i]))
		i++;
	return i - s <= MAX_NAME ? i : 0;
}

/* The start tag at buf[pos] == '<'.  Returns OK with *used set, NEED_MORE,
 * or BAIL. */
static int start_tag(orcs_xscan *x, size_t *used)
{
	const char *p = x->buf + x->pos;
	size_t n = x->len - x->pos, i = 1, e, natt = 0, k, j;
	int self = 0;
	if (n > ORCS_XSCAN_MAX_TEXT)
		n = ORCS_XSCAN_MAX_TEXT;
	if (x->state == S_EPILOG || x->depth == MAX_DEPTH)
		return bail(x);
	e = scan_name(p, i, n);
	if (!e)
		return bail(x);
	if (e == n)
		return x->final ? bail(x) : NEED_MORE;
	orcs_buf_reset(&x->scratch);
	orcs_buf_add(&x->scratch, p + 1, e - 1);
	orcs_buf_addc(&x->scratch, '\0');
	i = e;
	for (;;) {
		size_t ws = i, ns, ne, vs;
		char q;
		const char *qe;
		while (i < n && is_ws((unsigned char)p[i]))
			i++;
		if (i >= n)
			return x->final || n == ORCS_XSCAN_MAX_TEXT ? bail(x) : NEED_MORE;
		if (p[i] == '>') {
			i++;
			break;
		}
		if (p[i] == '/') {
			if (i + 1 >= n)
				return x->final ? bail(x) : NEED_MORE;
			if (p[i + 1] != '>')
				return bail(x);
			self = 1;
			i += 2;
			break;
		}
		if (i == ws || natt == MAX_ATTS) /* attributes are separated by white space */
			return bail(x);
		ns = i;
		ne = scan_name(p, i, n);
		if (!ne)
			return bail(x);
		if (ne == n)
			return x->final ? bail(x) : NEED_MORE;
		i = ne;
		while (i < n && is_ws((unsigned char)p[i]))
			i++;
		if (i < n && p[i] != '=')
			return bail(x);
		i++;
		while (i < n && is_ws((unsigned char)p[i]))
			i++;
		if (i >= n)
			return x->final || n == ORCS_XSCAN_MAX_TEXT ? bail(x) : NEED_MORE;
		q = p[i];
		if (q != '"' && q != '\'')
			return bail(x);
		vs = ++i;
		qe = memchr(p + vs, q, n - vs);
		if (!qe)
			return x->final || n == ORCS_XSCAN_MAX_TEXT ? bail(x) : NEED_MORE;
		for (j = vs; j < (size_t)(qe - p); j++) {
			unsigned char c = (unsigned char)p[j];
			if (c == '<' || c == '&' || c < 0x20)
				return bail(x);
			if (c >= 0x80) {
				size_t l = utf8_len((const unsigned char *)p + j, (size_t)(qe - p) - j);
				if (!l)
					return bail(x);
				j += l - 1;
			}
		}
		for (k = 0; k < natt; k++) { /* duplicate attribute */
			const char *an = x->scratch.data + x->att_off[2 * k];
			if (strlen(an) == ne - ns && !memcmp(an, p + ns, ne - ns))
				return bail(x);
		}
		x->att_off[2 * natt] = x->scratch.len;
		orcs_buf_add(&x->scratch, p + ns, ne - ns);
		orcs_buf_addc(&x->scratch, '\0');
		x->att_off[2 * natt + 1] = x->scratch.len;
		orcs_buf_add(&x->scratch, p + vs, (size_t)(qe - p) - vs);
		orcs_buf_addc(&x->scratch, '\0');
		natt++;
		i = (size_t)(qe - p) + 1;
	}
	for (k = 0; k < 2 * natt; k++)
		x->atts[k] = x->scratch.data + x->att_off[k];
	x->atts[2 * natt] = NULL;
	memcpy(x->stack[x->depth], x->scratch.data, e);
	x->depth++;
	x->state = S_ROOT;
	*used = i;
	x->start(x->ud, x->stack[x->depth - 1], x->atts);
	if (self)
		x->pending_end = 1;
	return ORCS_XSCAN_OK;
}

/* The end of the innermost element. */
static void end_element(orcs_xscan *x)
{
	x->end(x->ud, x->stack[x->depth - 1]);
	x->depth--;
	if (!x->depth)
		x->state = S_EPILOG;
}

static int end_tag(orcs_xscan *x, size_t *used)
{
	const char *p = x->buf + x->pos;
	size_t n = x->len - x->pos, e, i;
	const char *top;
	if (x->state != S_ROOT)
		return bail(x);
	if (n < 3)
		return x->final ? bail(x) : NEED_MORE;
	e = scan_name(p, 2, n);
	if (!e)
		return bail(x);
	i = e;
	while (i < n && is_ws((unsigned char)p[i]))
		i++;
	if (i >= n)
		return x->final || n > ORCS_XSCAN_MAX_TEXT ? bail(x) : NEED_MORE;
	if (p[i] != '>')
		return bail(x);
	top = x->stack[x->depth - 1];
	if (strlen(top) != e - 2 || memcmp(top, p + 2, e - 2))
		return bail(x);
	*used = i + 1;
	end_element(x);
	return ORCS_XSCAN_OK;
}

/* BOM and XML declaration: version 1.0 first, then optionally encoding
 * UTF-8 and standalone yes/no, in this order (what expat requires). */
static int declaration(orcs_xscan *x)
{
	const char *p = x->buf + x->pos;
	size_t n = x->len - x->pos, i, end;
	static const char *const keys[] = { "version", "encoding", "standalone" };
	int k = 0, seen = 0;
	if (n < 6 && !x->final)
		return NEED_MORE;
	if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
		x->pos += 3;
		p += 3;
		n -= 3;
		if (n < 6 && !x->final)
			return NEED_MORE;
	}
	x->state = S_PROLOG;
	if (n < 6 || memcmp(p, "<?xml", 5) || !is_ws((unsigned char)p[5]))
		return ORCS_XSCAN_OK; /* no declaration ("<?xml-…" is another PI: bails later) */
	{
		const char *q = NULL;
		for (i = 5; i + 1 < n && i < 512; i++)
			if (p[i] == '?' && p[i + 1] == '>') {
				q = p + i;
				break;
			}
		if (!q)
			return i + 1 >= n && !x->final ? (x->state = S_START, NEED_MORE) : bail(x);
		end = (size_t)(q - p);
	}
	i = 5;
	for (;;) {
		size_t ws = i, ns, vs, ve;
		char quote;
		while (i < end && is_ws((unsigned char)p[i]))
			i++;
		if (i == end)
			break;
		if (i == ws)
			return bail(x);
		ns = i;
		while (i < end && p[i] >= 'a' && p[i] <= 'z')
			i++;
		while (k < 3 && (strlen(keys[k]) != i - ns || memcmp(keys[k], p + ns, i - ns)))
			k++;
		if (k == 3 || (!seen && k != 0))
			return bail(x);
		seen = 1;
		while (i < end && is_ws((unsigned char)p[i]))
			i++;
		if (i >= end || p[i] != '=')
			return bail(x);
		i++;
		while (i < end && is_ws((unsigned char)p[i]))
			i++;
		if (i >= end || (p[i] != '"' && p[i] != '\''))
			return bail(x);
		quote = p[i];
		vs = ++i;
		while (i < end && p[i] != quote)
			i++;
		if (i >= end)
			return bail(x);
		ve = i++;
		if (k == 0 && !(ve - vs == 3 && !memcmp(p + vs, "1.0", 3)))
			return bail(x);
		if (k == 1 && !(ve - vs == 5 && (p[vs] | 0x20) == 'u' && (p[vs + 1] | 0x20) == 't' &&
				(p[vs + 2] | 0x20) == 'f' && p[vs + 3] == '-' && p[vs + 4] == '8'))
			return bail(x);
		if (k == 2 && !((ve - vs == 3 && !memcmp(p + vs, "yes", 3)) ||
				(ve - vs == 2 && !memcmp(p + vs, "no", 2))))
			return bail(x);
		k++;
	}
	if (k == 0) /* the version is required */
		return bail(x);
	x->pos += end + 2;
	return ORCS_XSCAN_OK;
}

/* ---- driver ------------------------------------------------------------ */

static int run(orcs_xscan *x)
{
	if (x->bailed)
		return ORCS_XSCAN_BAIL;
	if (x->pending_end) {
		x->pending_end = 0;
		end_element(x);
		if (x->stopped)
			return ORCS_XSCAN_SUSPENDED;
	}
	for (;;) {
		const char *p = x->buf + x->pos, *lt;
		size_t n = x->len - x->pos, used = 0;
		int rc;
		if (x->state == S_START) {
			rc = declaration(x);
			if (rc == NEED_MORE)
				return ORCS_XSCAN_OK;
			if (rc != ORCS_XSCAN_OK)
				return rc;
			continue;
		}
		if (!n)
			return !x->final || x->state == S_EPILOG ? ORCS_XSCAN_OK : bail(x);
		if (p[0] != '<') {
			lt = memchr(p, '<', n);
			if (!lt && !x->final)
				return n > ORCS_XSCAN_MAX_TEXT ? bail(x) : ORCS_XSCAN_OK;
			used = lt ? (size_t)(lt - p) : n;
			if (x->state != S_ROOT) {
				size_t i;
				for (i = 0; i < used; i++)
					if (!is_ws((unsigned char)p[i]))
						return bail(x);
			} else if (!lt || used > ORCS_XSCAN_MAX_TEXT) {
				return bail(x);
			} else if ((rc = text(x, p, used)) != ORCS_XSCAN_OK) {
				return rc;
			}
			x->pos += used;
		} else {
			if (n < 2)
				return x->final ? bail(x) : ORCS_XSCAN_OK;
			if (p[1] == '/')
				rc = end_tag(x, &used);
			else if (p[1] == '!' || p[1] == '?')
				rc = bail(x);
			else
				rc = start_tag(x, &used);
			if (rc == NEED_MORE)
				return ORCS_XSCAN_OK;
			if (rc != ORCS_XSCAN_OK)
				return rc;
			x->pos += used;
			if (x->pending_end && !x->stopped) {
				x->pending_end = 0;
				end_element(x);
			}
		}
		if (x->stopped)
			return ORCS_XSCAN_SUSPENDED;
	}
}

int orcs_xscan_parse(orcs_xscan *x, const char *data, size_t n, int final)
{
	if (x->bailed)
		return ORCS_XSCAN_BAIL;
	if (x->pos) {
		memmove(x->buf, x->buf + x->pos, x->len - x->pos);
		x->len -= x->pos;
		x->pos = 0;
	}
	if (x->len + n > x->cap) {
		x->cap = x->len + n > 2 * x->cap ? x->len + n : 2 * x->cap;
		x->buf = orcs_xrealloc(x->buf, x->cap ? x->cap : 1);
	}
	if (n)
		memcpy(x->buf + x->len, data, n);
	x->len += n;
	x->final = final;
	x->stopped = 0;
	return run(x);
}

int orcs_xscan_resume(orcs_xscan *x)
{
	x->stopped = 0;
	return run(x);
}
