/* page_clauses.c - the clauses dashboard: hours of insertion by modality,
 * type de marché, département, donneur type and grand projet. */
#include "web/dash.h"
#include "web/routes.h"

static const orcs_dash_card_def cards[] = {
	{ "clauses.hours_realised", "heures d'insertion réalisées", NULL },
	{ "clauses.fte", "équivalents temps plein", NULL },
	{ "clauses.hours_planned", "heures prévues dans les marchés notifiés", NULL },
	{ "clauses.markets_active", "marchés avec clause en cours", NULL },
	{ "clauses.donneurs_active", "donneurs d'ordre actifs", NULL },
	{ "clauses.companies_active", "entreprises ayant réalisé des heures", NULL },
	{ NULL, NULL, NULL },
};

static const orcs_dash_page page = {
	"/clauses", "Clauses sociales", "Les heures d'insertion des clauses sociales",
	"Heures de travail réalisées par les personnes en parcours d'insertion sur les marchés "
	"comportant une clause sociale, d'après le suivi des facilitateurs. Cliquez sur une barre "
	"ou un département pour filtrer ou voir le territoire.",
	ORCS_DASH_F(ORCS_FLT_YEAR) | ORCS_DASH_F(ORCS_FLT_DEPT) | ORCS_DASH_F(ORCS_FLT_NATURE) |
		ORCS_DASH_F(ORCS_FLT_MOD) | ORCS_DASH_F(ORCS_FLT_DONNEUR_TYPE) |
		ORCS_DASH_F(ORCS_FLT_PROGRAMME),
	"clauses.hours_realised", cards
};

int orcs_page_clauses(const orcs_req *r, orcs_resp *out)
{
	return orcs_dash_serve(r, out, &page, NULL);
}
