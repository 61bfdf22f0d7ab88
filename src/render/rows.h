/*
 * rows.h - writes the rows of a query to a stream as an aligned text
 * table, CSV (RFC 4180, comma, no BOM) or JSON.
 *
 * The CLI uses it for every listing (`orcs ref`, `orcs quality`, …) so that
 * all of them accept the same --format values.
 */
#ifndef ORCS_ROWS_H
#define ORCS_ROWS_H

#include <sqlite3.h>
#include <stdio.h>

#include "core/error.h"

typedef enum { ORCS_ROWS_TABLE, ORCS_ROWS_CSV, ORCS_ROWS_JSON } orcs_rows_format;

/* Parses "table", "csv" or "json"; returns -1 for anything else. */
int orcs_rows_format_parse(const char *s, orcs_rows_format *out);

/*
 * Steps `st` to the end and writes every row.  JSON output is
 * {"table": name, "rows": [{col: value, …}, …]} with SQL integers and reals
 * as numbers and NULL as null.  The text table keeps at most the first 2,000
 * rows in memory to size its columns; beyond that it writes them unaligned.
 * *nrows (may be NULL) receives the row count.
 */
int orcs_rows_write(FILE *f, sqlite3_stmt *st, orcs_rows_format fmt, const char *name,
		    long *nrows, orcs_error *err);

/* Writes one CSV field (RFC 4180: quoted when it holds a comma, a quote or
 * a line break); NULL writes nothing (an empty field). */
void orcs_rows_csv_field(FILE *f, const char *s);

#endif
