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

/* Okabe–Ito qualitative palette (colour-blind safe) and a 5-class blue
 * sequential scale for maps (ColorBrewer "Blues"). */
extern const char *const orcs_palette[8];
extern const char *const orcs_sequential[5];

#endif
