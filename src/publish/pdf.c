/*
 * pdf.c - A4 page layout for the publications: running header, page
 * numbers, internal banner, and a flowing column of blocks.
 */
#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "publish/pdf.h"

#define M ORCS_PDF_MARGIN
#define TOP 64.0
#define BOTTOM (ORCS_PDF_HEIGHT - 52.0)
#define BODY (ORCS_PDF_WIDTH - 2 * M)

struct orcs_pdf {
	cairo_surface_t *surf;
	cairo_t *cr;
	PangoLayout *lay;
	char *path, *running, *banner, *section;
	int page;       /* pages started */
	int cover;      /* the current page is the cover */
	double y;       /* cursor */
};

static void colour(cairo_t *cr, const char *hex)
{
	unsigned v = (unsigned)strtoul(hex + (hex[0] == '#'), NULL, 16);
	cairo_set_source_rgb(cr, ((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0,
			     (v & 0xff) / 255.0);
}

static void layout(orcs_pdf *p, double width, double size, int bold, const char *text)
{
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, ORCS_PDF_FONT ",DejaVu Sans");
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(p->lay, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(p->lay, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_wrap(p->lay, PANGO_WRAP_WORD);
	pango_layout_set_alignment(p->lay, PANGO_ALIGN_LEFT);
	if (orcs_utf8_valid(text, strlen(text))) {
		pango_layout_set_text(p->lay, text, -1);
	} else { /* never hand pango invalid UTF-8 */
		orcs_buf clean = ORCS_BUF_INIT;
		orcs_utf8_clean(&clean, text, strlen(text));
		pango_layout_set_text(p->lay, clean.data ? clean.data : "", -1);
		orcs_buf_release(&clean);
	}
}

static double lay_height(orcs_pdf *p)
{
	PangoRectangle log;
	pango_layout_get_extents(p->lay, NULL, &log);
	return (double)log.height / PANGO_SCALE;
}

static double lay_width(orcs_pdf *p)
{
	PangoRectangle log;
	pango_layout_get_extents(p->lay, NULL, &log);
	return (double)(log.x + log.width) / PANGO_SCALE;
}

double orcs_pdf_text_at(orcs_pdf *p, double x, double y, double width, double size, int bold,
			const char *col, const char *text)
{
	layout(p, width, size, bold, text);
	colour(p->cr, col ? col : "#1a1a1a");
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, p->lay);
	return lay_height(p);
}

/* Right-aligned single line ending at x. */
static void text_right(orcs_pdf *p, double x, double y, double size, int bold, const char *col,
		       const char *text)
{
	layout(p, 0, size, bold, text);
	colour(p->cr, col);
	cairo_move_to(p->cr, x - lay_width(p), y);
	pango_cairo_show_layout(p->cr, p->lay);
}

orcs_pdf *orcs_pdf_open(const char *path, const char *title, const char *running,
			const char *banner, orcs_error *err)
{
	orcs_pdf *p;
	cairo_surface_t *s = cairo_pdf_surface_create(path, ORCS_PDF_WIDTH, ORCS_PDF_HEIGHT);
	cairo_font_options_t *fo;
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": création du PDF impossible (%s)", path,
			       cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return NULL;
	}
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
				       "Observatoire régional des clauses sociales (ORCS)");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "orcs");
	p = orcs_xcalloc(1, sizeof(*p));
	p->surf = s;
	p->cr = cairo_create(s);
	p->lay = pango_cairo_create_layout(p->cr);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pango_layout_get_context(p->lay), fo);
	cairo_font_options_destroy(fo);
	pango_layout_context_changed(p->lay);
	p->path = orcs_xstrdup(path);
	p->running = orcs_xstrdup(running ? running : "");
	p->banner = banner ? orcs_xstrdup(banner) : NULL;
	p->section = orcs_xstrdup("");
	return p;
}

int orcs_pdf_close(orcs_pdf *p, orcs_error *err)
{
	cairo_status_t st;
	int rc = ORCS_OK;
	if (!p)
		return ORCS_OK;
	if (p->page)
		cairo_show_page(p->cr);
	g_object_unref(p->lay);
	st = cairo_status(p->cr);
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(p->surf);
	if (st != CAIRO_STATUS_SUCCESS)
		rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": écriture du PDF impossible (%s)",
				    p->path, cairo_status_to_string(st));
	cairo_surface_destroy(p->surf);
	free(p->path);
	free(p->running);
	free(p->banner);
	free(p->section);
	free(p);
	return rc;
}

static void decorate(orcs_pdf *p)
{
	cairo_t *cr = p->cr;
	char num[32];
	if (p->banner) {
		colour(cr, "#c9191e");
		cairo_rectangle(cr, 0, 0, ORCS_PDF_WIDTH, 20);
		cairo_fill(cr);
		orcs_pdf_text_at(p, M, 4.5, BODY, 8.5, 1, "#ffffff", p->banner);
	}
	if (p->cover)
		return;
	orcs_pdf_text_at(p, M, 30, BODY * 0.74, 8, 0, "#555555", p->running);
	text_right(p, ORCS_PDF_WIDTH - M, 30, 8, 0, "#555555", p->section);
	colour(cr, ORCS_PDF_BLUE);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, M, 44);
	cairo_line_to(cr, ORCS_PDF_WIDTH - M, 44);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
	cairo_move_to(cr, M, ORCS_PDF_HEIGHT - 40);
	cairo_line_to(cr, ORCS_PDF_WIDTH - M, ORCS_PDF_HEIGHT - 40);
	cairo_stroke(cr);
	orcs_pdf_text_at(p, M, ORCS_PDF_HEIGHT - 34, BODY * 0.7, 7.5, 0, "#555555",
			 "Observatoire régional des clauses sociales — Île-de-France");
	snprintf(num, sizeof(num), "%d", p->page);
	text_right(p, ORCS_PDF_WIDTH - M, ORCS_PDF_HEIGHT - 34, 8.5, 1, "#1a1a1a", num);
}

void orcs_pdf_page(orcs_pdf *p, int cover)
{
	if (p->page)
		cairo_show_page(p->cr);
	p->page++;
	p->cover = cover;
	decorate(p);
	p->y = TOP;
}

int orcs_pdf_page_no(const orcs_pdf *p)
{
	return p->page;
}

double orcs_pdf_left(const orcs_pdf *p)
{
	return BOTTOM - p->y;
}

double orcs_pdf_y(const orcs_pdf *p)
{
	return p->y;
}

void orcs_pdf_set_y(orcs_pdf *p, double y)
{
	p->y = y;
}

cairo_t *orcs_pdf_cairo(orcs_pdf *p)
{
	return p->cr;
}

void orcs_pdf_need(orcs_pdf *p, double h)
{
	if (!p->page || p->y + h > BOTTOM)
		orcs_pdf_page(p, 0);
}

void orcs_pdf_section(orcs_pdf *p, const char *name)
{
	free(p->section);
	p->section = orcs_xstrdup(name ? name : "");
}

void orcs_pdf_heading(orcs_pdf *p, int level, const char *text)
{
	double h;
	if (level == 1) {
		orcs_pdf_section(p, text);
		orcs_pdf_page(p, 0);
		h = orcs_pdf_text_at(p, M, p->y + 6, BODY, 20, 1, ORCS_PDF_BLUE, text);
		colour(p->cr, ORCS_PDF_BLUE);
		cairo_rectangle(p->cr, M, p->y + 6 + h + 4, 48, 3);
		cairo_fill(p->cr);
		p->y += 6 + h + 22;
		return;
	}
	layout(p, BODY, level == 2 ? 13 : 11, 1, text);
	orcs_pdf_need(p, lay_height(p) + 80); /* never alone at the bottom */
	p->y += level == 2 ? 8 : 4;
	p->y += orcs_pdf_text_at(p, M, p->y, BODY, level == 2 ? 13 : 11, 1,
				 level == 2 ? ORCS_PDF_BLUE : "#1a1a1a", text) +
		6;
}

void orcs_pdf_para(orcs_pdf *p, const char *text)
{
	layout(p, BODY, 10, 0, text);
	pango_layout_set_spacing(p->lay, 2 * PANGO_SCALE);
	orcs_pdf_need(p, lay_height(p) + 4);
	colour(p->cr, "#1a1a1a");
	cairo_move_to(p->cr, M, p->y);
	pango_cairo_show_layout(p->cr, p->lay);
	p->y += lay_height(p) + 7;
	pango_layout_set_spacing(p->lay, 0);
}

void orcs_pdf_note(orcs_pdf *p, const char *text)
{
	layout(p, BODY, 8, 0, text);
	orcs_pdf_need(p, lay_height(p) + 2);
	p->y += orcs_pdf_text_at(p, M, p->y, BODY, 8, 0, "#555555", text) + 5;
}

void orcs_pdf_keyfigs(orcs_pdf *p, const orcs_pdf_kf *kf, int n)
{
	const double gap = 10, bw = (BODY - 3 * gap) / 4, bh = 74;
	int i;
	for (i = 0; i < n; i++) {
		double x = M + (i % 4) * (bw + gap), y;
		if (i % 4 == 0) {
			if (i)
				p->y += bh + gap;
			orcs_pdf_need(p, bh + 4);
		}
		y = p->y;
		colour(p->cr, "#f0f0fa");
		cairo_rectangle(p->cr, x, y, bw, bh);
		cairo_fill(p->cr);
		colour(p->cr, ORCS_PDF_BLUE);
		cairo_rectangle(p->cr, x, y, 3, bh);
		cairo_fill(p->cr);
		orcs_pdf_text_at(p, x + 9, y + 7, bw - 14, 15, 1, ORCS_PDF_BLUE, kf[i].value);
		orcs_pdf_text_at(p, x + 9, y + 28, bw - 14, 8, 0, "#1a1a1a", kf[i].label);
		if (kf[i].change)
			orcs_pdf_text_at(p, x + 9, y + bh - 14, bw - 14, 7.5, 0, "#555555",
					 kf[i].change);
	}
	if (n)
		p->y += bh + 14;
}

void orcs_pdf_chart(orcs_pdf *p, const orcs_chart *c, double width)
{
	double w = width > 0 ? width : BODY, h = orcs_chart_natural_height(c, w);
	if (h > BOTTOM - TOP - 10) { /* taller than a page: shrink */
		w *= (BOTTOM - TOP - 10) / h;
		h = BOTTOM - TOP - 10;
	}
	orcs_pdf_need(p, h + 6);
	cairo_save(p->cr);
	cairo_translate(p->cr, M, p->y);
	orcs_chart_cairo(c, p->cr, w, h);
	cairo_restore(p->cr);
	p->y += h + 12;
}

void orcs_pdf_charts2(orcs_pdf *p, const orcs_chart *a, const orcs_chart *b)
{
	double w = (BODY - 14) / 2, ha = orcs_chart_natural_height(a, w),
	       hb = orcs_chart_natural_height(b, w), h = ha > hb ? ha : hb;
	orcs_pdf_need(p, h + 6);
	cairo_save(p->cr);
	cairo_translate(p->cr, M, p->y);
	orcs_chart_cairo(a, p->cr, w, ha);
	cairo_translate(p->cr, w + 14, 0);
	orcs_chart_cairo(b, p->cr, w, hb);
	cairo_restore(p->cr);
	p->y += h + 12;
}

static double row_height(orcs_pdf *p, int ncol, const char *const *row, double w0, double wn,
			 int bold)
{
	double h = 0;
	int c;
	for (c = 0; c < ncol; c++) {
		double t;
		layout(p, (c ? wn : w0) - 8, 8.5, bold, row[c] ? row[c] : "");
		t = lay_height(p);
		if (t > h)
			h = t;
	}
	return h + 6;
}

static void draw_row(orcs_pdf *p, int ncol, const char *const *row, double w0, double wn, double h,
		     int header, int zebra)
{
	int c;
	double x = M;
	if (header) {
		colour(p->cr, ORCS_PDF_BLUE);
		cairo_rectangle(p->cr, M, p->y, BODY, h);
		cairo_fill(p->cr);
	} else if (zebra) {
		colour(p->cr, "#f4f4f8");
		cairo_rectangle(p->cr, M, p->y, BODY, h);
		cairo_fill(p->cr);
	}
	for (c = 0; c < ncol; c++) {
		double w = c ? wn : w0;
		const char *s = row[c] ? row[c] : "";
		const char *col = header ? "#ffffff" : "#1a1a1a";
		layout(p, w - 8, 8.5, header, s);
		if (c)
			pango_layout_set_alignment(p->lay, PANGO_ALIGN_RIGHT);
		colour(p->cr, col);
		cairo_move_to(p->cr, x + 4, p->y + 3);
		pango_cairo_show_layout(p->cr, p->lay);
		x += w;
	}
	p->y += h;
}

void orcs_pdf_table(orcs_pdf *p, int ncol, int nrows, const char *const *cells, double first_w)
{
	double w0 = BODY * first_w, wn = ncol > 1 ? (BODY - w0) / (ncol - 1) : 0, hh;
	int r;
	if (nrows < 1 || ncol < 1)
		return;
	hh = row_height(p, ncol, cells, w0, wn, 1);
	orcs_pdf_need(p, hh + 3 * 16);
	draw_row(p, ncol, cells, w0, wn, hh, 1, 0);
	for (r = 1; r < nrows; r++) {
		const char *const *row = cells + (size_t)r * (size_t)ncol;
		double h = row_height(p, ncol, row, w0, wn, 0);
		if (p->y + h > BOTTOM) {
			orcs_pdf_page(p, 0);
			draw_row(p, ncol, cells, w0, wn, hh, 1, 0);
		}
		draw_row(p, ncol, row, w0, wn, h, 0, r % 2 == 0);
	}
	cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, M, p->y);
	cairo_line_to(p->cr, M + BODY, p->y);
	cairo_stroke(p->cr);
	p->y += 10;
}
