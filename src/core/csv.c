#include "core/csv.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

struct orcs_csv {
	orcs_csv_read_fn read;
	void *ctx;
	char *name;
	char sep;
	int started;
	int eof;
	/* input window */
	char in[65536];
	size_t pos, end;
	/* current record: all fields NUL-separated in `rec`, offsets in `off` */
	orcs_buf rec;
	size_t *off;
	size_t noff, aoff;
	long line;       /* line of the next byte */
	long rec_line;   /* line on which the current record started */
	/* memory source */
	const char *mem;
	size_t memlen, mempos;
};

static long mem_read(void *ctx, char *buf, size_t n)
{
	orcs_csv *c = ctx;
	size_t left = c->memlen - c->mempos;
	if (n > left)
		n = left;
	memcpy(buf, c->mem + c->mempos, n);
	c->mempos += n;
	return (long)n;
}

static long stream_read(void *ctx, char *buf, size_t n)
{
	FILE *f = ctx;
	size_t r = fread(buf, 1, n, f);
	if (r == 0 && ferror(f))
		return -1;
	return (long)r;
}

orcs_csv *orcs_csv_new(orcs_csv_read_fn read, void *ctx, const char *name, char sep)
{
	orcs_csv *c = orcs_xcalloc(1, sizeof(*c));
	c->read = read;
	c->ctx = ctx;
	c->name = orcs_xstrdup(name ? name : "(csv)");
	c->sep = sep;
	c->line = 1;
	orcs_buf_init(&c->rec);
	return c;
}

orcs_csv *orcs_csv_new_stream(FILE *f, const char *name, char sep)
{
	return orcs_csv_new(stream_read, f, name, sep);
}

orcs_csv *orcs_csv_new_mem(const char *data, size_t len, const char *name, char sep)
{
	orcs_csv *c = orcs_csv_new(mem_read, NULL, name, sep);
	c->ctx = c;
	c->mem = data;
	c->memlen = len;
	return c;
}

void orcs_csv_free(orcs_csv *c)
{
	if (!c)
		return;
	orcs_buf_release(&c->rec);
	free(c->off);
	free(c->name);
	free(c);
}

/* Makes at least one byte available; returns 0 at end of input, -1 on error. */
static int fill(orcs_csv *c)
{
	long n;
	if (c->pos < c->end)
		return 1;
	if (c->eof)
		return 0;
	n = c->read(c->ctx, c->in, sizeof(c->in));
	if (n < 0)
		return -1;
	if (n == 0) {
		c->eof = 1;
		return 0;
	}
	c->pos = 0;
	c->end = (size_t)n;
	return 1;
}

static void push_field(orcs_csv *c)
{
	if (c->noff == c->aoff) {
		c->aoff = c->aoff ? c->aoff * 2 : 32;
		c->off = orcs_xrealloc(c->off, c->aoff * sizeof(*c->off));
	}
	c->off[c->noff++] = c->rec.len;
}

static void detect_sep(orcs_csv *c)
{
	/* Count candidate separators outside quotes on the first line of the
	 * current window (a header line longer than 64 KiB is not a CSV we
	 * support detecting; it falls back to ';'). */
	size_t i;
	int inq = 0, semi = 0, comma = 0, tab = 0;
	for (i = c->pos; i < c->end && c->in[i] != '\n'; i++) {
		char ch = c->in[i];
		if (ch == '"')
			inq = !inq;
		else if (!inq && ch == ';')
			semi++;
		else if (!inq && ch == ',')
			comma++;
		else if (!inq && ch == '\t')
			tab++;
	}
	c->sep = ';';
	if (comma > semi && comma >= tab)
		c->sep = ',';
	else if (tab > semi && tab > comma)
		c->sep = '\t';
}

int orcs_csv_next(orcs_csv *c, orcs_error *err)
{
	enum { START, UNQ, QUOTED, QUOTE_IN_QUOTED } st = START;
	int r;

	if (!c->started) {
		c->started = 1;
		r = fill(c);
		if (r < 0)
			return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": erreur de lecture", c->name), -1;
		if (c->end - c->pos >= 3 && memcmp(c->in + c->pos, "\xEF\xBB\xBF", 3) == 0)
			c->pos += 3;
		if (!c->sep)
			detect_sep(c);
	}
again:
	orcs_buf_reset(&c->rec);
	c->noff = 0;
	c->rec_line = c->line;
	push_field(c);
	for (;;) {
		char ch;
		r = fill(c);
		if (r < 0)
			return orcs_error_set(err, ORCS_EIO, "%s:%ld" ORCS_NBSP ": erreur de lecture",
					      c->name, c->line), -1;
		if (r == 0) {
			if (st == QUOTED)
				return orcs_error_set(err, ORCS_EINPUT,
						      "%s:%ld" ORCS_NBSP ": guillemet ouvert jamais fermé",
						      c->name, c->rec_line), -1;
			if (c->noff == 1 && c->rec.len == 0 && st == START)
				return 0; /* nothing left */
			break;
		}
		ch = c->in[c->pos++];
		if (ch == '\n')
			c->line++;
		switch (st) {
		case START:
		case UNQ:
			if (ch == '"' && st == START) {
				st = QUOTED;
			} else if (ch == c->sep) {
				orcs_buf_addc(&c->rec, '\0');
				push_field(c);
				st = START;
			} else if (ch == '\n') {
				goto end_record;
			} else if (ch == '\r') {
				/* dropped: CRLF line ends, stray CR */
			} else {
				orcs_buf_addc(&c->rec, ch);
				st = UNQ;
			}
			break;
		case QUOTED:
			if (ch == '"')
				st = QUOTE_IN_QUOTED;
			else
				orcs_buf_addc(&c->rec, ch);
			break;
		case QUOTE_IN_QUOTED:
			if (ch == '"') {
				orcs_buf_addc(&c->rec, '"');
				st = QUOTED;
			} else if (ch == c->sep) {
				orcs_buf_addc(&c->rec, '\0');
				push_field(c);
				st = START;
			} else if (ch == '\n') {
				goto end_record;
			} else if (ch != '\r') {
				orcs_buf_addc(&c->rec, ch); /* tolerant: a"b"c */
				st = UNQ;
			}
			break;
		}
	}
end_record:
	/* a blank line (one empty unquoted field) is skipped */
	if (c->noff == 1 && c->rec.len == 0 && st == START)
		goto again;
	orcs_buf_addc(&c->rec, '\0');
	return 1;
}

size_t orcs_csv_nfields(const orcs_csv *c)
{
	return c->noff;
}

const char *orcs_csv_field(const orcs_csv *c, size_t i, size_t *len)
{
	size_t start, stop;
	if (i >= c->noff) {
		if (len)
			*len = 0;
		return "";
	}
	start = c->off[i];
	stop = (i + 1 < c->noff) ? c->off[i + 1] - 1 : c->rec.len - 1;
	if (len)
		*len = stop - start;
	return c->rec.data + start;
}

long orcs_csv_line(const orcs_csv *c)
{
	return c->rec_line;
}

char orcs_csv_sep(const orcs_csv *c)
{
	return c->sep;
}

const char *orcs_csv_name(const orcs_csv *c)
{
	return c->name;
}

/* ---- writing ---------------------------------------------------------------- */

static int needs_quotes(const char *s, char sep)
{
	for (; *s; s++)
		if (*s == sep || *s == '"' || *s == '\n' || *s == '\r')
			return 1;
	return 0;
}

void orcs_csv_put_buf(orcs_buf *o, const char *s, char sep)
{
	if (!s)
		return;
	if (!needs_quotes(s, sep)) {
		orcs_buf_adds(o, s);
		return;
	}
	orcs_buf_addc(o, '"');
	for (; *s; s++) {
		if (*s == '"')
			orcs_buf_addc(o, '"');
		orcs_buf_addc(o, *s);
	}
	orcs_buf_addc(o, '"');
}

void orcs_csv_put(FILE *f, const char *s, char sep)
{
	orcs_buf b = ORCS_BUF_INIT;
	if (!s)
		return;
	if (!needs_quotes(s, sep)) { /* the usual case, without a copy */
		fputs(s, f);
		return;
	}
	orcs_csv_put_buf(&b, s, sep);
	fwrite(b.data, 1, b.len, f);
	orcs_buf_release(&b);
}
