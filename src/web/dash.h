/*
 * dash.h - what every dashboard page shares: the URL filters read from the
 * request (400 in French when malformed), the GET filter form (works
 * without JavaScript), and a figure of the registry (render/figures.h)
 * written as SVG + summary + data table + export links.
 *
 * Everything is rendered for the public audience: figures come from the
 * indicator engine, which applies statistical secrecy.
 */
#ifndef ORCS_DASH_H
#define ORCS_DASH_H

#include "core/buf.h"
#include "render/figures.h"
#include "web/http.h"

/* Reads the filters of the request into `f`.  On a malformed value fills
 * `out` with a French 400 page and returns non-zero. */
int orcs_dash_filters(const orcs_req *r, orcs_resp *out, orcs_filters *f);

/* Bits of orcs_filter_id selecting the fields of the form. */
#define ORCS_DASH_F(id) (1u << (id))

/* Writes the GET filter form for page `path` with the fields of `mask`,
 * the current values selected, and a reset link.  Options come from the
 * referential (départements, enumerations) and the years of the cache. */
void orcs_dash_form(orcs_db *db, orcs_buf *o, const char *path, const orcs_filters *f,
		    unsigned mask, const char *year_indicator);

/* Writes the figure `id` of the registry under the filters: a <section>
 * with the SVG chart, its one-sentence summary, the data table and links
 * to its exports (/graphique/ID.csv|xlsx|json|svg with the filters).
 * Engine errors are shown in place as a French message. */
void orcs_dash_figure(orcs_db *db, orcs_buf *o, const char *id, const orcs_filters *f);

/* Writes every figure of the registry whose page is `page`, in order. */
void orcs_dash_page_figures(orcs_db *db, orcs_buf *o, const char *page, const orcs_filters *f);

/* Writes a key-figure card: the total of `indicator` (year and filters of
 * `f`), its label, and the progression from N-1 in words (« en hausse de
 * 12 % par rapport à 2023 », points for rates); `href` (raw URL, escaped
 * here) links to the dashboard, or NULL.  Secret totals show « s ». */
void orcs_dash_card(orcs_db *db, orcs_buf *o, const char *indicator, const orcs_filters *f,
		    const char *label, const char *href);

/* A card of a dashboard: indicator, French label, link (or NULL). */
typedef struct orcs_dash_card_def {
	const char *indicator;
	const char *label;
	const char *href;
} orcs_dash_card_def;

/* A dashboard page declared as data: its path, titles, lead paragraph,
 * filter fields, the indicator whose years fill the year list, and its
 * cards; its figures are those of the registry whose page is `path`. */
typedef struct orcs_dash_page {
	const char *path;
	const char *title;     /* <title> and navigation */
	const char *h1;
	const char *lead;
	unsigned filters;      /* ORCS_DASH_F bits */
	const char *year_indicator;
	const orcs_dash_card_def *cards; /* terminated by indicator == NULL, or NULL */
} orcs_dash_page;

/* Serves a dashboard page: filters (400 when malformed), form, cards,
 * figures.  `extra` (or NULL) is called before the layout closes. */
int orcs_dash_serve(const orcs_req *r, orcs_resp *out, const orcs_dash_page *p,
		    void (*extra)(const orcs_req *r, orcs_buf *o, const orcs_filters *f));

/* The page=N parameter of paginated lists: 1 when absent, 0 when
 * malformed (not 1..10000). */
int orcs_dash_page_number(const orcs_req *r);
/* Writes previous/next links; `base` is the raw URL without page=. */
void orcs_dash_pager(orcs_buf *o, const char *base, int page, int more);

/* Writes a table of every computable indicator of the catalogue that has
 * the dimension of filter `flt_id` (the territory of a page), under the
 * filters `f`: value of the latest year, coverage, change from N-1, "s"
 * for secret totals.  `families` ("decp,inclusive") limits the families
 * (NULL: all). */
void orcs_dash_indicator_table(orcs_db *db, orcs_buf *o, const orcs_filters *f, int flt_id,
			       const char *families);

/* Opens / closes the card grid. */
void orcs_dash_cards_begin(orcs_buf *o);
void orcs_dash_cards_end(orcs_buf *o);

#endif
