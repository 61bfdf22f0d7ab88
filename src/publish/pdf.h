/*
 * pdf.h - page layout for the PDF publications (cairo PDF surface, text set
 * with pango): A4 pages with a running header, page numbers and, for
 * internal documents, a banner on every page; a flowing column of headings,
 * paragraphs, key-figure boxes, charts (orcs_chart_cairo) and tables that
 * break onto a new page when the space runs out.  Fonts are embedded (cairo
 * subsets them).  Units are PostScript points.
 *
 * Ownership: orcs_pdf_open() returns a document finished and freed by
 * orcs_pdf_close() (which reports write errors).  Strings are copied or
 * used during the call only.
 */
#ifndef ORCS_PUBLISH_PDF_H
#define ORCS_PUBLISH_PDF_H

#include <cairo.h>

#include "core/error.h"
#include "render/chart.h"

#define ORCS_PDF_WIDTH 595.276
#define ORCS_PDF_HEIGHT 841.890
#define ORCS_PDF_MARGIN 56.0
#define ORCS_PDF_FONT "Liberation Sans"
#define ORCS_PDF_BLUE "#000091"

typedef struct orcs_pdf orcs_pdf;

/* `running` is the running header (left); `banner` non-NULL prints a red
 * band with that text at the top of every page (internal audience). */
orcs_pdf *orcs_pdf_open(const char *path, const char *title, const char *running,
			const char *banner, orcs_error *err);
int orcs_pdf_close(orcs_pdf *p, orcs_error *err);

/* Starts a new page (header, footer and banner drawn; the cover page, the
 * first one, has `cover` set: no running header, no number). */
void orcs_pdf_page(orcs_pdf *p, int cover);
/* Current page number (1-based), free height left, and the cursor. */
int orcs_pdf_page_no(const orcs_pdf *p);
double orcs_pdf_left(const orcs_pdf *p);
double orcs_pdf_y(const orcs_pdf *p);
void orcs_pdf_set_y(orcs_pdf *p, double y);
/* Breaks the page when less than `h` points are left. */
void orcs_pdf_need(orcs_pdf *p, double h);
/* The section shown at the right of the running header from now on. */
void orcs_pdf_section(orcs_pdf *p, const char *name);
cairo_t *orcs_pdf_cairo(orcs_pdf *p);

/* Draws text at (x, y) (top-left), `width` wide (wrapped; 0 = no wrap), in
 * `size` points, bold or not, colour "#rrggbb"; returns its height. */
double orcs_pdf_text_at(orcs_pdf *p, double x, double y, double width, double size, int bold,
			const char *colour, const char *text);

/* Flowing blocks (at the cursor, full width, advancing it). */
void orcs_pdf_heading(orcs_pdf *p, int level, const char *text); /* 1: new page + section */
void orcs_pdf_para(orcs_pdf *p, const char *text);
void orcs_pdf_note(orcs_pdf *p, const char *text);                /* small, grey */

typedef struct orcs_pdf_kf {
	const char *value;  /* "7 855 744 h" */
	const char *label;  /* "heures d'insertion réalisées" */
	const char *change; /* "+11,4 % sur un an", or NULL */
} orcs_pdf_kf;
/* A row of up to 4 boxes per line. */
void orcs_pdf_keyfigs(orcs_pdf *p, const orcs_pdf_kf *kf, int n);

/* A chart `width` points wide (0 = full width) at its natural height. */
void orcs_pdf_chart(orcs_pdf *p, const orcs_chart *c, double width);
/* Two charts side by side. */
void orcs_pdf_charts2(orcs_pdf *p, const orcs_chart *a, const orcs_chart *b);

/* A table: `ncol` columns, `cells` row-major (nrows × ncol, the first row
 * is the header, repeated after a page break); column 0 is left-aligned
 * and takes `first_w` of the width (0..1), the others are right-aligned. */
void orcs_pdf_table(orcs_pdf *p, int ncol, int nrows, const char *const *cells, double first_w);

#endif
