/*
 * csv.h - a streaming RFC 4180 reader that knows where it is.
 *
 * Reads one record at a time from any byte source with constant memory
 * (the largest record), skips a UTF-8 BOM and blank lines, detects the
 * separator (`;`, `,` or tab) from the first line unless told, and reports
 * the line on which each record starts so that error messages can name it.
 * Quoted fields may span lines and hold doubled quotes.  Text after a
 * closing quote is kept (tolerant); an unterminated quote at end of input is
 * an error.
 *
 * Ownership: orcs_csv_new_*() returns a reader that the caller frees with
 * orcs_csv_free().  Field pointers returned by orcs_csv_field() belong to
 * the reader and stay valid until the next orcs_csv_next() call.
 */
#ifndef ORCS_CSV_H
#define ORCS_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "core/error.h"

typedef struct orcs_csv orcs_csv;

/* A byte source: returns bytes read (0 at end), or -1 on error. */
typedef long (*orcs_csv_read_fn)(void *ctx, char *buf, size_t n);

/* `name` is used in messages; `sep` is 0 to detect it from the first line. */
orcs_csv *orcs_csv_new(orcs_csv_read_fn read, void *ctx, const char *name, char sep);
/* Reads from a stdio stream the caller keeps ownership of. */
orcs_csv *orcs_csv_new_stream(FILE *f, const char *name, char sep);
/* Reads from memory the caller keeps alive while the reader is used. */
orcs_csv *orcs_csv_new_mem(const char *data, size_t len, const char *name, char sep);
void orcs_csv_free(orcs_csv *csv);

/* Reads the next record: returns 1 when a record is available, 0 at end of
 * input, -1 on error with `err` filled (ORCS_EINPUT malformed input,
 * ORCS_EIO read error). */
int orcs_csv_next(orcs_csv *csv, orcs_error *err);

size_t orcs_csv_nfields(const orcs_csv *csv);
/* Field i of the current record (NUL-terminated); "" when out of range. */
const char *orcs_csv_field(const orcs_csv *csv, size_t i, size_t *len);
/* Line number (1-based) on which the current record starts. */
long orcs_csv_line(const orcs_csv *csv);
char orcs_csv_sep(const orcs_csv *csv);
const char *orcs_csv_name(const orcs_csv *csv);

/* Writing: one field `s` for a file separated by `sep`, quoted (RFC 4180,
 * doubled quotes) when it holds `sep`, a quote or a line break.  The _buf
 * form appends to `o`; the FILE form writes to `f`.  NULL writes nothing
 * (an empty field). */
struct orcs_buf;
void orcs_csv_put_buf(struct orcs_buf *o, const char *s, char sep);
void orcs_csv_put(FILE *f, const char *s, char sep);

#endif
