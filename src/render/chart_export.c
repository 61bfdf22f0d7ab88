/* chart_export.c - a chart's data as CSV (";", UTF-8 with BOM, French
 * headers), JSON (core/json.h) and XLSX (libxlsxwriter).  Secret cells are
 * written "s" (CSV, XLSX) or null with "secret": true (JSON): never a figure. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/csv.h"
#include "core/json.h"
#include "core/text.h"
#include "render/chart_internal.h"

static const char *unit_header(const orcs_chart *c)
{
	switch (c->unit) {
	case ORCS_UNIT_PERCENT: return " (%)";
	case ORCS_UNIT_HOURS: return " (heures)";
	case ORCS_UNIT_EUROS: return " (euros)";
	default: return "";
	}
}

static const char *unit_name(const orcs_chart *c)
{
	switch (c->unit) {
	case ORCS_UNIT_PERCENT: return "percent";
	case ORCS_UNIT_HOURS: return "hours";
	case ORCS_UNIT_EUROS: return "euros";
	default: return "count";
	}
}

/* The value as written in exports: percents as 0..100. */
static double export_value(const orcs_chart *c, double v)
{
	return c->unit == ORCS_UNIT_PERCENT ? v * 100 : v;
}

static void csv_number(orcs_buf *o, double v)
{
	char tmp[64], *p;
	snprintf(tmp, sizeof(tmp), "%.6g", v);
	for (p = tmp; *p; p++)
		if (*p == '.')
			*p = ',';
	orcs_buf_adds(o, tmp);
}

void orcs_chart_csv(const orcs_chart *c, orcs_buf *o)
{
	int s, k;
	orcs_buf_adds(o, "\xEF\xBB\xBF"); /* BOM: spreadsheets read UTF-8 */
	orcs_buf_adds(o, "Code;Libellé");
	for (s = 0; s < c->nseries; s++) {
		orcs_buf h = ORCS_BUF_INIT;
		orcs_buf_addf(&h, "%s%s", c->series[s], unit_header(c));
		orcs_buf_addc(o, ';');
		orcs_csv_put_buf(o, h.data, ';');
		orcs_buf_release(&h);
	}
	if (c->cat_note) {
		orcs_buf_addc(o, ';');
		orcs_csv_put_buf(o, c->note_label ? c->note_label : "Note", ';');
	}
	orcs_buf_adds(o, "\r\n");
	for (k = 0; k < c->ncat; k++) {
		orcs_csv_put_buf(o, c->cat_key[k], ';');
		orcs_buf_addc(o, ';');
		orcs_csv_put_buf(o, c->cat_label[k], ';');
		for (s = 0; s < c->nseries; s++) {
			const chart_cell *cell = orcs_chart_cell(c, s, k);
			orcs_buf_addc(o, ';');
			if (cell->secret)
				orcs_buf_addc(o, 's');
			else if (!isnan(cell->v))
				csv_number(o, export_value(c, cell->v));
		}
		if (c->cat_note) {
			orcs_buf_addc(o, ';');
			orcs_csv_put_buf(o, c->cat_note[k] ? c->cat_note[k] : "", ';');
		}
		orcs_buf_adds(o, "\r\n");
	}
	if (c->source) {
		orcs_buf_adds(o, "\r\n");
		orcs_csv_put_buf(o, c->source, ';');
		orcs_buf_adds(o, "\r\n");
	}
}

void orcs_chart_json(const orcs_chart *c, FILE *f)
{
	yajl_gen g = orcs_json_new(f, 0);
	int s, k;
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "title", c->title);
	orcs_json_kstr(g, "summary", c->summary);
	orcs_json_kstr(g, "source", c->source);
	orcs_json_kstr(g, "unit", unit_name(c));
	orcs_json_str(g, "series");
	yajl_gen_array_open(g);
	for (s = 0; s < c->nseries; s++)
		orcs_json_str(g, c->series[s]);
	yajl_gen_array_close(g);
	orcs_json_str(g, "categories");
	yajl_gen_array_open(g);
	for (k = 0; k < c->ncat; k++) {
		yajl_gen_map_open(g);
		orcs_json_kstr(g, "code", c->cat_key[k]);
		orcs_json_kstr(g, "label", c->cat_label[k]);
		orcs_json_str(g, "values");
		yajl_gen_array_open(g);
		for (s = 0; s < c->nseries; s++) {
			const chart_cell *cell = orcs_chart_cell(c, s, k);
			orcs_json_num(g, cell->secret ? NAN : cell->v);
		}
		yajl_gen_array_close(g);
		orcs_json_str(g, "secret");
		yajl_gen_array_open(g);
		for (s = 0; s < c->nseries; s++)
			orcs_json_bool(g, orcs_chart_cell(c, s, k)->secret != 0);
		yajl_gen_array_close(g);
		if (c->cat_note)
			orcs_json_kstr(g, "coverage", c->cat_note[k]);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
	orcs_json_free(g);
}

int orcs_chart_xlsx(const orcs_chart *c, orcs_buf *out, orcs_error *err)
{
	char path[] = "/tmp/orcs-chart-XXXXXX";
	int fd = mkstemp(path), s, k, col;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	lxw_workbook_options opt = { .constant_memory = LXW_FALSE, .tmpdir = NULL };
	FILE *f;
	char chunk[65536];
	size_t n;

	if (fd < 0)
		return orcs_error_set(err, ORCS_EIO, "fichier temporaire XLSX impossible");
	close(fd);
	wb = workbook_new_opt(path, &opt);
	if (!wb) {
		unlink(path);
		return orcs_error_set(err, ORCS_EIO, "classeur XLSX impossible");
	}
	ws = workbook_add_worksheet(wb, "Données");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	worksheet_write_string(ws, 0, 0, c->title, bold);
	worksheet_write_string(ws, 2, 0, "Code", bold);
	worksheet_write_string(ws, 2, 1, "Libellé", bold);
	for (s = 0; s < c->nseries; s++) {
		orcs_buf h = ORCS_BUF_INIT;
		orcs_buf_addf(&h, "%s%s", c->series[s], unit_header(c));
		worksheet_write_string(ws, 2, (lxw_col_t)(2 + s), h.data, bold);
		orcs_buf_release(&h);
	}
	col = 2 + c->nseries;
	if (c->cat_note)
		worksheet_write_string(ws, 2, (lxw_col_t)col,
				       c->note_label ? c->note_label : "Note", bold);
	for (k = 0; k < c->ncat; k++) {
		lxw_row_t row = (lxw_row_t)(3 + k);
		worksheet_write_string(ws, row, 0, c->cat_key[k], NULL);
		worksheet_write_string(ws, row, 1, c->cat_label[k], NULL);
		for (s = 0; s < c->nseries; s++) {
			const chart_cell *cell = orcs_chart_cell(c, s, k);
			if (cell->secret)
				worksheet_write_string(ws, row, (lxw_col_t)(2 + s), "s", NULL);
			else if (!isnan(cell->v))
				worksheet_write_number(ws, row, (lxw_col_t)(2 + s),
						       export_value(c, cell->v), NULL);
		}
		if (c->cat_note && c->cat_note[k])
			worksheet_write_string(ws, row, (lxw_col_t)col, c->cat_note[k], NULL);
	}
	k = 4 + c->ncat;
	if (c->source)
		worksheet_write_string(ws, (lxw_row_t)k++, 0, c->source, NULL);
	worksheet_write_string(ws, (lxw_row_t)k, 0,
			       "s : donnée couverte par le secret statistique.", NULL);
	worksheet_set_column(ws, 1, 1, 40, NULL);
	if (workbook_close(wb) != LXW_NO_ERROR) {
		unlink(path);
		return orcs_error_set(err, ORCS_EIO, "écriture du classeur XLSX impossible");
	}
	f = fopen(path, "rb");
	if (!f) {
		unlink(path);
		return orcs_error_set(err, ORCS_EIO, "relecture du classeur XLSX impossible");
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		orcs_buf_add(out, chunk, n);
	fclose(f);
	unlink(path);
	return ORCS_OK;
}
