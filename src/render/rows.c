#include "render/rows.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/json.h"

int orcs_rows_format_parse(const char *s, orcs_rows_format *out)
{
	if (!s || !strcmp(s, "table"))
		*out = ORCS_ROWS_TABLE;
	else if (!strcmp(s, "csv"))
		*out = ORCS_ROWS_CSV;
	else if (!strcmp(s, "json"))
		*out = ORCS_ROWS_JSON;
	else
		return -1;
	return 0;
}

void orcs_rows_csv_field(FILE *f, const char *s)
{
	orcs_csv_put(f, s, ',');
}

/* Display width of a UTF-8 string (code points; good enough for French). */
static size_t width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static int step_error(sqlite3_stmt *st, orcs_error *err)
{
	return orcs_error_set(err, ORCS_EIO, "lecture de l'entrepôt" ORCS_NBSP ": %s",
			      sqlite3_errmsg(sqlite3_db_handle(st)));
}

#define TABLE_MAX_BUFFERED 2000

int orcs_rows_write(FILE *f, sqlite3_stmt *st, orcs_rows_format fmt, const char *name,
		    long *nrows, orcs_error *err)
{
	int ncol = sqlite3_column_count(st), i, rc;
	long n = 0;

	if (fmt == ORCS_ROWS_JSON) {
		yajl_gen g = orcs_json_new(f, 0);
		yajl_gen_map_open(g);
		orcs_json_kstr(g, "table", name);
		orcs_json_str(g, "rows");
		yajl_gen_array_open(g);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			yajl_gen_map_open(g);
			for (i = 0; i < ncol; i++) {
				orcs_json_str(g, sqlite3_column_name(st, i));
				switch (sqlite3_column_type(st, i)) {
				case SQLITE_NULL:
					orcs_json_null(g);
					break;
				case SQLITE_INTEGER:
					orcs_json_int(g, sqlite3_column_int64(st, i));
					break;
				case SQLITE_FLOAT:
					orcs_json_num(g, sqlite3_column_double(st, i));
					break;
				default:
					orcs_json_strn(g, (const char *)sqlite3_column_text(st, i),
						       (size_t)sqlite3_column_bytes(st, i));
				}
			}
			yajl_gen_map_close(g);
			n++;
		}
		yajl_gen_array_close(g);
		yajl_gen_map_close(g);
		orcs_json_free(g);
		fputc('\n', f);
	} else if (fmt == ORCS_ROWS_CSV) {
		for (i = 0; i < ncol; i++) {
			if (i)
				fputc(',', f);
			orcs_rows_csv_field(f, sqlite3_column_name(st, i));
		}
		fputc('\n', f);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			for (i = 0; i < ncol; i++) {
				const char *v = (const char *)sqlite3_column_text(st, i);
				if (i)
					fputc(',', f);
				orcs_rows_csv_field(f, v);
			}
			fputc('\n', f);
			n++;
		}
	} else {
		/* Buffer up to TABLE_MAX_BUFFERED rows to size the columns. */
		char **cells = NULL;
		size_t *w = orcs_xcalloc((size_t)ncol, sizeof(*w));
		long buffered = 0, r;
		for (i = 0; i < ncol; i++)
			w[i] = width(sqlite3_column_name(st, i));
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (buffered < TABLE_MAX_BUFFERED) {
				cells = orcs_xrealloc(cells, (size_t)(buffered + 1) * (size_t)ncol *
								     sizeof(*cells));
				for (i = 0; i < ncol; i++) {
					const char *v = (const char *)sqlite3_column_text(st, i);
					char *c = orcs_xstrdup(v ? v : "");
					size_t cw = width(c);
					cells[buffered * ncol + i] = c;
					if (cw > w[i])
						w[i] = cw > 60 ? 60 : cw;
				}
				buffered++;
			} else {
				if (buffered == TABLE_MAX_BUFFERED) {
					/* flush the aligned part first */
					break;
				}
			}
		}
		for (i = 0; i < ncol; i++) {
			const char *h = sqlite3_column_name(st, i);
			fprintf(f, "%s%s%*s", i ? "  " : "", h,
				i + 1 < ncol ? (int)(w[i] - width(h)) : 0, "");
		}
		fputc('\n', f);
		for (r = 0; r < buffered; r++) {
			for (i = 0; i < ncol; i++) {
				const char *c = cells[r * ncol + i];
				size_t cw = width(c);
				fprintf(f, "%s%s%*s", i ? "  " : "", c,
					i + 1 < ncol && cw < w[i] ? (int)(w[i] - cw) : 0, "");
				free(cells[r * ncol + i]);
			}
			fputc('\n', f);
		}
		n = buffered;
		free(cells);
		free(w);
		if (rc == SQLITE_ROW) {
			/* more than TABLE_MAX_BUFFERED rows: the rest unaligned */
			do {
				for (i = 0; i < ncol; i++) {
					const char *v = (const char *)sqlite3_column_text(st, i);
					fprintf(f, "%s%s", i ? "  " : "", v ? v : "");
				}
				fputc('\n', f);
				n++;
			} while ((rc = sqlite3_step(st)) == SQLITE_ROW);
		}
	}
	if (rc != SQLITE_DONE)
		return step_error(st, err);
	if (nrows)
		*nrows = n;
	return ORCS_OK;
}
