/*
 * chart.h - the chart model shared by the web site, the PDF publications
 * and the exports: one description, several renderings.
 *
 * A chart is a grid of values: categories (bars, years, slices or map
 * areas) × series.  Each value may be missing (NAN: written "–") or secret
 * (statistical secrecy: written "s", never drawn).  Every chart carries its
 * title, unit, source line and a one-sentence summary for screen readers,
 * and renders as SVG (orcs_chart_svg) and as an accessible HTML data table
 * (orcs_chart_table_html) that always sits beside it.
 *
 * Ownership: orcs_chart_new() returns a chart freed with orcs_chart_free();
 * strings are copied in.  A map chart borrows its orcs_geo, which must
 * outlive it.
 */
#ifndef ORCS_CHART_H
#define ORCS_CHART_H

#include <cairo.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/error.h"

typedef enum {
	ORCS_CHART_BAR,     /* horizontal bars; several series = grouped */
	ORCS_CHART_STACKED, /* horizontal stacked bars */
	ORCS_CHART_LINE,    /* categories are years; one line per series */
	ORCS_CHART_DONUT,   /* first series only; parts of a whole */
	ORCS_CHART_MAP      /* choropleth: categories are area codes */
} orcs_chart_type;

typedef enum { ORCS_UNIT_COUNT, ORCS_UNIT_HOURS, ORCS_UNIT_PERCENT, ORCS_UNIT_EUROS } orcs_unit;

typedef struct orcs_chart orcs_chart;
typedef struct orcs_geo orcs_geo;

orcs_chart *orcs_chart_new(orcs_chart_type type, const char *title);
void orcs_chart_free(orcs_chart *c);

/* Percent values are proportions (0.125 is written « 12,5 % »). */
void orcs_chart_set_unit(orcs_chart *c, orcs_unit unit, int decimals);
void orcs_chart_set_source(orcs_chart *c, const char *source);
void orcs_chart_set_summary(orcs_chart *c, const char *summary);
void orcs_chart_set_geo(orcs_chart *c, const orcs_geo *geo);
/* Optional link for each category (drill-down), "%s" replaced by its key. */
void orcs_chart_set_link(orcs_chart *c, const char *url_pattern);

/* The category selected by a filter (the département of a filtered page):
 * outlined while the others are faded, and marked in the data table. */
void orcs_chart_set_highlight(orcs_chart *c, const char *key);

/* Prefix of the ids inside the SVG (several charts inline in one page
 * need distinct ids); default "c". */
void orcs_chart_set_dom_id(orcs_chart *c, const char *id);

/* Returns the index of the new category / series. */
int orcs_chart_add_category(orcs_chart *c, const char *key, const char *label);
int orcs_chart_add_series(orcs_chart *c, const char *label);
/* Optional note per category, shown as an extra column of the data table
 * (the coverage of a rate: « 92 % »); `label` heads the column. */
void orcs_chart_set_note(orcs_chart *c, int category, const char *note);
void orcs_chart_set_note_label(orcs_chart *c, const char *label);
/* Sets a value; NAN = no data; `secret` hides it (statistical secrecy). */
void orcs_chart_set(orcs_chart *c, int series, int category, double value, int secret);

/* 1 when the chart has something to draw: a value (a positive one for a
 * donut, whose slices are shares), or a secret cell of a bar chart or a
 * donut (written « s » in its legend; a line has no point to place for
 * it); 0: the SVG, the PNG and the reports say « no publishable data » in
 * one line instead of an empty frame. */
int orcs_chart_has_values(const orcs_chart *c);

/* The chart's title and summary (owned by the chart; summary may be NULL). */
const char *orcs_chart_title(const orcs_chart *c);
const char *orcs_chart_summary(const orcs_chart *c);

/* Appends the chart as a standalone SVG document (UTF-8, role="img", a
 * <title> per mark for tooltips). */
void orcs_chart_svg(const orcs_chart *c, orcs_buf *out);
/*
 * cairo rendering (chart_cairo.c), for the PDF publications and PNG images:
 * the same marks, palette, legends and French formatting as the SVG, text
 * set with pango in ORCS_CHART_FONT.  orcs_chart_cairo() draws into the box
 * (0, 0, width, height) of `cr`'s user space, scaled uniformly to fit
 * (top-left aligned), and leaves `cr`'s state as it found it.  The caller
 * owns `cr`.
 */
#define ORCS_CHART_FONT "Liberation Sans, DejaVu Sans, sans-serif"
void orcs_chart_cairo(const orcs_chart *c, cairo_t *cr, double width, double height);
/* Height the chart needs when drawn `width` wide (its natural aspect). */
double orcs_chart_natural_height(const orcs_chart *c, double width);
/* Appends a PNG image `width_px` wide (64 to 4096; the height follows the
 * chart) to `out`.  Returns 0, or ORCS_EUSAGE / ORCS_EIO with `err` set. */
int orcs_chart_png(const orcs_chart *c, int width_px, orcs_buf *out, orcs_error *err);

/* Appends the data table (<table> with caption, header cells, French
 * number formatting, "s" for secret cells, "–" for missing ones). */
void orcs_chart_table_html(const orcs_chart *c, orcs_buf *out);
/* Exports of the chart's data (chart_export.c).  Secret cells never carry
 * a figure: "s" in CSV and XLSX, null with "secret": true in JSON.
 * orcs_chart_csv: ";" separated, UTF-8 with BOM, French headers, decimal
 * comma, percents as 0..100.  orcs_chart_json writes one document to `f`.
 * orcs_chart_xlsx appends a workbook (one sheet) to `out`. */
void orcs_chart_csv(const orcs_chart *c, orcs_buf *out);
void orcs_chart_json(const orcs_chart *c, FILE *f);
int orcs_chart_xlsx(const orcs_chart *c, orcs_buf *out, orcs_error *err);

/* Appends a value formatted in the chart's unit ("12 345 h", "12,5 %"). */
void orcs_chart_format(const orcs_chart *c, double v, orcs_buf *out);

/*
 * Map geometry from a GeoJSON FeatureCollection (Polygon/MultiPolygon),
 * keyed by the feature property `key_prop`; several features may share a
 * key (merged communes) and are drawn as one area.  Coordinates are
 * projected (equirectangular, scaled by cos(mean latitude)) into a
 * 600-unit-wide frame.
 */
orcs_geo *orcs_geo_load(const char *path, const char *key_prop, orcs_error *err);
/* Same, keeping only the features whose property `filter_prop` equals
 * `filter_value` (the communes of one département); features with an
 * empty key are always skipped (communes outside any EPT). */
orcs_geo *orcs_geo_load_where(const char *path, const char *key_prop, const char *filter_prop,
			      const char *filter_value, orcs_error *err);
void orcs_geo_free(orcs_geo *g);
int orcs_geo_count(const orcs_geo *g);

#endif
