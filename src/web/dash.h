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

#endif
