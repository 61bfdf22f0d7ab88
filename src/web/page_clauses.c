/* page_clauses.c - the clauses dashboard: hours of insertion by modality,
 * type de marché, département, donneur type and grand projet. */
#include "render/escape.h"
#include "web/dash.h"
#include "web/layout.h"
#include "web/routes.h"

int orcs_page_clauses(const orcs_req *r, orcs_resp *out)
{
	orcs_db *db = orcs_req_db(r);
	orcs_buf *o = &out->body;
	orcs_filters f;
	if (orcs_dash_filters(r, out, &f))
		return 0;
	orcs_layout_begin(o, "Clauses sociales", "/clauses");
	orcs_buf_adds(o, "<h1>Les heures d'insertion des clauses sociales</h1>\n"
			 "<p class=\"lead\">Heures de travail réalisées par les personnes en parcours "
			 "d'insertion sur les marchés comportant une clause sociale, d'après le suivi "
			 "des facilitateurs. Cliquez sur une barre ou un département pour filtrer.</p>\n");
	orcs_dash_form(db, o, "/clauses", &f,
		       ORCS_DASH_F(ORCS_FLT_YEAR) | ORCS_DASH_F(ORCS_FLT_DEPT) |
			       ORCS_DASH_F(ORCS_FLT_NATURE) | ORCS_DASH_F(ORCS_FLT_MOD) |
			       ORCS_DASH_F(ORCS_FLT_DONNEUR_TYPE) | ORCS_DASH_F(ORCS_FLT_PROGRAMME),
		       "clauses.hours_realised");
	orcs_buf_adds(o, "<div class=\"grid\">\n");
	orcs_dash_page_figures(db, o, "/clauses", &f);
	orcs_buf_adds(o, "</div>\n");
	orcs_layout_end(o);
	return 0;
}
