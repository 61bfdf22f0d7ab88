/* page_markets.c - the marchés dashboard: shares of social and
 * environmental considerations in the DECP by year, département and buyer
 * category, each with its coverage. */
#include "web/dash.h"
#include "web/routes.h"

static const orcs_dash_card_def cards[] = {
	{ "decp.markets", "marchés publiés dans les DECP", NULL },
	{ "decp.social_share", "part avec une considération sociale", NULL },
	{ "decp.env_share", "part avec une considération environnementale", NULL },
	{ "decp.social_amount_share", "part des montants avec une considération sociale", NULL },
	{ "decp.field_coverage_social", "renseignement du champ considérations sociales", "/qualite" },
	{ NULL, NULL, NULL },
};

static const orcs_dash_page page = {
	"/marches", "Marchés publics", "Les considérations sociales et environnementales des marchés",
	"Données essentielles de la commande publique (DECP) des marchés exécutés en Île-de-France. "
	"Chaque taux est accompagné de sa couverture : la part des marchés pour lesquels "
	"l'information est renseignée (format 2024).",
	ORCS_DASH_F(ORCS_FLT_YEAR) | ORCS_DASH_F(ORCS_FLT_DEPT) | ORCS_DASH_F(ORCS_FLT_NATURE),
	"decp.social_share", cards
};

static void buyers_link(const orcs_req *r, orcs_buf *o, const orcs_filters *f)
{
	(void)r;
	(void)f;
	orcs_buf_adds(o, "<p class=\"more\"><a href=\"/acheteur\">Rechercher un acheteur et voir "
			 "ses marchés</a></p>\n");
}

int orcs_page_markets(const orcs_req *r, orcs_resp *out)
{
	return orcs_dash_serve(r, out, &page, buyers_link);
}
