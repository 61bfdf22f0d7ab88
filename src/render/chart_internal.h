/* chart_internal.h - the chart's fields, shared by the files of src/render. */
#ifndef ORCS_CHART_INTERNAL_H
#define ORCS_CHART_INTERNAL_H

#include "render/chart.h"

typedef struct chart_cell {
	double v;
	int secret;
} chart_cell;

struct orcs_chart {
	orcs_chart_type type;
	char *title, *source, *summary, *link;
	orcs_unit unit;
	int decimals;
	char **cat_key, **cat_label;
	int ncat, acat;
	char **series;
	int nseries;
	chart_cell *cells; /* [series][category], grown as needed */
	int cells_cat_cap;
	const orcs_geo *geo;
	char **cat_note;   /* per-category note (coverage), or NULL; sized acat */
	char *note_label;  /* header of the note column */
	char *dom_id;      /* prefix of the SVG element ids (unique within a page), or NULL */
	char *highlight;   /* key of the selected category (a filter), or NULL */
};

typedef struct geo_area {
	char *key;
	char *path; /* SVG path data in the projected frame */
} geo_area;

struct orcs_geo {
	geo_area *areas;
	int n;
	double width, height;
};

chart_cell *orcs_chart_cell(const orcs_chart *c, int s, int k);
/* 1 when the chart has a selection and category k is not it (drawn faded). */
int orcs_chart_faded(const orcs_chart *c, int k);

/* Shared by the renderers (chart_svg.c, chart_cairo.c), so that the SVG and
 * the PNG/PDF drawings of a chart agree:
 *  - the top of the value axis: the largest value (stacked: the largest
 *    sum) rounded up to 1, 2 or 5 × 10^n; whole units below 4 give 4, so
 *    that ticks are 0, 1, 2, 3, 4 rather than repeated rounded labels;
 *  - the index of the category whose key is `key`, or -1;
 *  - a qsort comparison of doubles. */
double orcs_chart_axis_max(const orcs_chart *c, int stacked);
int orcs_chart_find_category(const orcs_chart *c, const char *key);
int orcs_chart_cmp_double(const void *a, const void *b);

/* Okabe–Ito qualitative palette (colour-blind safe) and a 5-class blue
 * sequential scale for maps (ColorBrewer "Blues"). */
extern const char *const orcs_palette[8];
extern const char *const orcs_sequential[5];

#endif
