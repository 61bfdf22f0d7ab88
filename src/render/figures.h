/*
 * figures.h - the registry of every chart of the site and of the
 * publications, declared once (figures.c), and the one builder that turns
 * a registry entry into an orcs_chart through the indicator engine.
 *
 * A figure is pure data: an id (used in URLs: /graphique/ID.svg), the page
 * it belongs to, a chart type, an indicator of the catalogue, up to two
 * breakdown dimensions, a French title, a summary template and a
 * drill-down link pattern.  orcs_figure_chart() queries the engine
 * (never ad-hoc SQL), so statistical secrecy applies to every rendering:
 * secret cells arrive without figures and are marked secret in the chart.
 *
 * Filters are the URL parameters shared by every dashboard (annee, dept,
 * ept, commune, nature, modalite, donneur, programme, acheteur), declared
 * once in figures.c: parsed and validated from the query string, mapped to
 * engine `where` clauses for the indicators that have the dimension, and
 * written back to URLs (shareable links, drill-down).
 *
 * Ownership: the registry is static and read-only; orcs_figure_chart()
 * returns a chart freed with orcs_chart_free(); map geometries are loaded
 * once per process, owned by this module and shared (read-only) by every
 * chart that borrows them.
 */
#ifndef ORCS_FIGURES_H
#define ORCS_FIGURES_H

#include "core/buf.h"
#include "core/error.h"
#include "indicators/engine.h"
#include "render/chart.h"
#include "warehouse/db.h"

/* ---- filters --------------------------------------------------------- */

typedef enum {
	ORCS_FLT_YEAR = 0,     /* annee: 2000..2100; 0 = latest year with data */
	ORCS_FLT_DEPT,         /* dept: one of the 8 départements of Île-de-France */
	ORCS_FLT_EPT,          /* ept: SIREN of an EPT (9 digits) */
	ORCS_FLT_COMMUNE,      /* commune: INSEE code (5 characters) */
	ORCS_FLT_NATURE,       /* nature: type de marché (enumeration code) */
	ORCS_FLT_MOD,          /* modalite: legal modality of the clause */
	ORCS_FLT_DONNEUR_TYPE, /* donneur: type de donneur d'ordre */
	ORCS_FLT_PROGRAMME,    /* programme: grand projet */
	ORCS_FLT_ACHETEUR,     /* acheteur: SIRET (14 digits) or SIREN (9) */
	ORCS_FLT_COUNT
} orcs_filter_id;

typedef struct orcs_filter_def {
	const char *param;  /* URL parameter name */
	const char *label;  /* French label (forms, captions) */
	const char *dim;    /* engine dimension "dim[:level]" (NULL for the year) */
} orcs_filter_def;

extern const orcs_filter_def orcs_filter_defs[ORCS_FLT_COUNT];

#define ORCS_FLT_MAXLEN 40

/* The filters of a request: empty strings are unset. */
typedef struct orcs_filters {
	int year;
	char v[ORCS_FLT_COUNT][ORCS_FLT_MAXLEN + 1];
} orcs_filters;

/* Reads a query parameter; returns NULL when absent. */
typedef const char *(*orcs_param_get)(void *ctx, const char *name);

void orcs_filters_init(orcs_filters *f);
/* Parses the filters with `get`.  A malformed value (year out of range,
 * unknown département, badly formed code) is ORCS_EUSAGE with a French
 * message naming the parameter and the value. */
int orcs_filters_parse(orcs_filters *f, orcs_param_get get, void *ctx, orcs_error *err);
/* 1 when `name` is a filter parameter. */
int orcs_filters_known(const char *name);
/* Sets or clears one filter (value NULL or "" clears; not validated). */
void orcs_filters_set(orcs_filters *f, orcs_filter_id id, const char *value);
/* 1 when at least one filter other than the year is set. */
int orcs_filters_any(const orcs_filters *f);
/* Appends `path` followed by the filters as a query string (raw URL text:
 * escape it with orcs_escape_html before writing it into HTML).  When
 * `over` is a filter id (not -1), its value is replaced by `over_value`
 * (which may be "%s" to make a drill-down pattern, or NULL to drop it). */
void orcs_filters_url(const orcs_filters *f, const char *path, int over, const char *over_value,
		      orcs_buf *out);

/* ---- the registry ----------------------------------------------------- */

typedef struct orcs_figure {
	const char *id;        /* URL id: "clauses-heures-modalite" */
	const char *page;      /* path of the dashboard that shows it: "/clauses" */
	orcs_chart_type type;
	const char *indicator; /* catalogue id */
	const char *by;        /* "dim[:level]", or NULL: one figure (LINE: the year series) */
	const char *by2;       /* second dimension (series of grouped/stacked bars), or NULL */
	const char *title;     /* French */
	const char *summary;   /* French template, or NULL for the type's default; tokens:
				* {annee} {total} {max_label} {max} {min_label} {min}
				* {n} {debut} {fin} {premier} {dernier} */
	const char *link;      /* drill-down: a path with %s ("/territoire/dept/%s"), or
				* "?PARAM" (the page itself filtered on PARAM = the key) */
	const char *where;     /* constant engine filters "dim=value;dim=value", or NULL */
	int years;             /* LINE: number of years shown (default 6) */
	unsigned levels;       /* territory pages: ORCS_FIG_DEPT|EPT|COMMUNE where shown; 0 = all */
	int top;               /* > 0: only the `top` categories with the most records */
} orcs_figure;

#define ORCS_FIG_DEPT 1u
#define ORCS_FIG_EPT 2u
#define ORCS_FIG_COMMUNE 4u

/* Pseudo-indicator of the figures counting the public directory of
 * inclusive structures (SIAE, EA, ESAT, GEIQ: dim_enterprise), which is
 * public directory data, not a statistic under secrecy; `by` is "dept",
 * `by2` may be "structure_type". */
#define ORCS_FIGURE_DIRECTORY "annuaire.structures"

extern const orcs_figure orcs_figures[];
extern const unsigned orcs_figures_count;

/* The figure with this id, or NULL. */
const orcs_figure *orcs_figure_find(const char *id);

/*
 * Builds the chart of `f` under the filters `flt` (NULL: none) for the
 * audience `a` (the site is always ORCS_AUDIENCE_PUBLIC).  Filters whose
 * dimension the indicator does not have are ignored (the source line says
 * so).  The year is flt->year or, when 0, the latest year with data for
 * the indicator; LINE figures query each year of the series.  The chart
 * carries the title (with the year), the unit, the source line with the
 * coverage, a one-sentence summary computed from the figures, secret
 * cells marked secret and the drill-down link.  On success *out is a new
 * chart (orcs_chart_free).  Engine errors are passed through.
 */
int orcs_figure_chart(orcs_db *db, const orcs_figure *f, const orcs_filters *flt, orcs_audience a,
		      orcs_chart **out, orcs_error *err);

/* The total of `indicator` (no breakdown) for `year` (0: the latest year
 * with data) under the filters that apply to it, for key-figure cards.
 * On success the caller releases `out` (orcs_ind_result_release). */
int orcs_figure_total(orcs_db *db, const char *indicator, const orcs_filters *flt, int year,
		      orcs_audience a, orcs_ind_result *out, orcs_error *err);
/* Appends a value of `r` in its unit (« 12 345 h », « 12,5 % »). */
void orcs_figure_format(const orcs_ind_result *r, double v, orcs_buf *out);

/* The latest complete year (before the current one) with data for
 * `indicator` in the engine cache, or 0. */
int orcs_figure_latest_year(orcs_db *db, const char *indicator);

/* The years, ascending, for which the engine cache holds data for
 * `indicator` (a public total that is non-zero or secret): cache metadata
 * only.  Fills at most `max` of them into `years` and returns their number
 * (0 when the cache holds none).  Year series (LINE figures, the
 * publications' series) ask only these years: any other year has no data
 * and would cost a live computation for nothing. */
int orcs_figure_years(orcs_db *db, const char *indicator, int *years, int max);
/* 1 when `y` is among the `n` years of orcs_figure_years(); with n == 0
 * (no cache to tell) every year is. */
int orcs_figure_has_year(const int *years, int n, int y);

/* Map geometry for a geographic level ("dept", "ept", "commune"), loaded
 * once per process from data/geo ($ORCS_DATA or the build's data dir);
 * NULL when the contours cannot be read. */
const orcs_geo *orcs_figure_geo(const char *level);

#endif
