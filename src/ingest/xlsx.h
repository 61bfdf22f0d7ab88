/*
 * xlsx.h - a streaming reader of XLSX workbooks (libzip + expat) that
 * yields the rows of a sheet the way orcs_csv yields CSV records.
 *
 * Opening a workbook reads its small parts into memory: the sheet list
 * (xl/workbook.xml and its relationships), the shared strings table and the
 * cell styles (to know which number formats are dates).  A sheet is then
 * read row by row from the compressed stream: the parser is suspended at the
 * end of each <row>, so memory stays bounded by the largest row whatever the
 * size of the sheet.  The parser is the fast scanner of xml_scan.h (the
 * plain XML that spreadsheet writers produce, several times faster than
 * expat) while the sheet stays in its subset, else expat.
 *
 * Cell values are returned as text:
 *   - shared strings (t="s") and inline strings (t="inlineStr", rich text
 *     runs concatenated, phonetic runs ignored) as their text;
 *   - formula strings (t="str"), errors (t="e") and ISO dates (t="d") as
 *     written;
 *   - booleans as "0" / "1";
 *   - numbers whose cell style is a date format (built-in formats 14-22,
 *     27-36, 45-47, 50-58, or a custom format with d, y, or m without h/s)
 *     as YYYY-MM-DD (1900 and 1904 date systems; the time of day is
 *     dropped);
 *   - other numbers normalised: whole numbers below 1e15 without decimals
 *     ("12345678901234", "12"), others with 15 significant digits ("7.5").
 * Missing cells (gaps in column references) are empty fields; a row's
 * trailing empty cells are not returned.  orcs_xlsx_row() is the sheet's
 * row number (the `r` attribute), used as the "line" in messages.
 *
 * Errors (ORCS_EINPUT): not a ZIP (or truncated), no workbook part, a sheet
 * listed in the workbook whose part is missing, malformed XML, an invalid
 * shared-string index, a column beyond XFD (16,384), or parts larger than
 * the limits below (guards against ZIP bombs).  ORCS_EIO: the file cannot
 * be opened.
 *
 * Ownership: orcs_xlsx_open*() returns a workbook freed by
 * orcs_xlsx_close(); orcs_xlsx_sheet_open() returns a sheet reader freed by
 * orcs_xlsx_sheet_close(), which must happen before the workbook is closed.
 * Field pointers belong to the sheet reader and stay valid until the next
 * orcs_xlsx_next().  Memory given to orcs_xlsx_open_mem() must outlive the
 * workbook.
 */
#ifndef ORCS_XLSX_H
#define ORCS_XLSX_H

#include <stddef.h>

#include "core/error.h"

/* Limits (bytes of uncompressed XML, cells). */
#define ORCS_XLSX_MAX_PART (64u << 20)     /* workbook, rels, styles */
#define ORCS_XLSX_MAX_STRINGS (512u << 20) /* total shared-string text */
#define ORCS_XLSX_MAX_CELL (1u << 20)      /* one cell's text */
#define ORCS_XLSX_MAX_COLS 16384

typedef struct orcs_xlsx orcs_xlsx;
typedef struct orcs_xlsx_sheet orcs_xlsx_sheet;

int orcs_xlsx_open(const char *path, orcs_xlsx **out, orcs_error *err);
/* `name` is used in messages. */
int orcs_xlsx_open_mem(const void *data, size_t len, const char *name, orcs_xlsx **out,
		       orcs_error *err);
void orcs_xlsx_close(orcs_xlsx *x);

/* True when the file at `path` starts like a ZIP archive. */
int orcs_is_zip_file(const char *path);

size_t orcs_xlsx_nsheets(const orcs_xlsx *x);
/* Name of sheet i (in workbook order), as shown on its tab. */
const char *orcs_xlsx_sheet_name(const orcs_xlsx *x, size_t i);
/* Number of shared strings (for tests). */
size_t orcs_xlsx_nstrings(const orcs_xlsx *x);

int orcs_xlsx_sheet_open(orcs_xlsx *x, size_t i, orcs_xlsx_sheet **out, orcs_error *err);
void orcs_xlsx_sheet_close(orcs_xlsx_sheet *s);

/* Reads the next row: 1 when a row is available, 0 at the end of the
 * sheet, -1 on error with `err` filled. */
int orcs_xlsx_next(orcs_xlsx_sheet *s, orcs_error *err);
size_t orcs_xlsx_nfields(const orcs_xlsx_sheet *s);
/* Field i of the current row (NUL-terminated); "" when out of range. */
const char *orcs_xlsx_field(const orcs_xlsx_sheet *s, size_t i, size_t *len);
long orcs_xlsx_row(const orcs_xlsx_sheet *s);
/* Uncompressed bytes of sheet XML read so far and their SHA-256 (hex,
 * complete once orcs_xlsx_next() has returned 0; "" when hashing was
 * turned off for the workbook with orcs_xlsx_set_hashing(x, 0) before
 * opening the sheet). */
void orcs_xlsx_set_hashing(orcs_xlsx *x, int on);
/* Sheets opened afterwards are read by the fast scanner of xml_scan.h
 * (default, on) or by expat only (off: tests compare both). */
void orcs_xlsx_set_fast_scan(orcs_xlsx *x, int on);
long long orcs_xlsx_sheet_bytes(const orcs_xlsx_sheet *s);
void orcs_xlsx_sheet_sha256(orcs_xlsx_sheet *s, char hex[65]);

/* Excel serial day number -> "YYYY-MM-DD" (11 bytes); -1 when out of
 * range (before 1900 or after 9999).  Exposed for tests. */
int orcs_xlsx_serial_date(double serial, int date1904, char out[11]);

#endif
