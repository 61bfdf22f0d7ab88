/* page_home.c - the home page: key figures with their progression, trends
 * and the map, all through the indicator engine; links to the dashboards. */
#include "render/escape.h"
#include "web/dash.h"
#include "web/routes.h"

static const orcs_dash_card_def cards[] = {
	{ "clauses.hours_realised", "heures d'insertion réalisées", "/clauses" },
	{ "benef.participants", "personnes en parcours d'insertion", "/beneficiaires" },
	{ "clauses.markets_active", "marchés avec une clause sociale en cours", "/clauses" },
	{ "decp.social_share", "des marchés DECP avec une considération sociale", "/marches" },
	{ "decp.markets", "marchés publiés dans les DECP", "/marches" },
	{ "ogpf.hours_realised", "heures sur les grands projets", "/grands-projets" },
	{ NULL, NULL, NULL },
};

static const orcs_dash_page page = {
	"/", "Accueil", "Les clauses sociales dans la commande publique en Île-de-France",
	"ORCS rassemble les données essentielles de la commande publique, le suivi des clauses "
	"sociales par les facilitateurs et les annuaires de structures inclusives pour mesurer la "
	"progression des clauses et ce qu'elles apportent aux personnes éloignées de l'emploi.",
	ORCS_DASH_F(ORCS_FLT_YEAR), "clauses.hours_realised", cards
};

static void dashboards(const orcs_req *r, orcs_buf *o, const orcs_filters *f)
{
	unsigned i;
	(void)r;
	(void)f;
	orcs_buf_adds(o, "<h2>Tableaux de bord</h2>\n<ul class=\"tiles\">\n");
	for (i = 0; i < orcs_routes_count; i++) {
		const orcs_route *rt = &orcs_routes[i];
		if (!rt->nav || !rt->summary || !rt->path[1])
			continue;
		orcs_buf_adds(o, "<li><a href=\"");
		orcs_escape_html(o, rt->path);
		orcs_buf_adds(o, "\"><strong>");
		orcs_escape_html(o, rt->nav);
		orcs_buf_adds(o, "</strong><span>");
		orcs_escape_html(o, rt->summary);
		orcs_buf_adds(o, "</span></a></li>\n");
	}
	orcs_buf_adds(o, "</ul>\n");
}

int orcs_page_home(const orcs_req *r, orcs_resp *out)
{
	return orcs_dash_serve(r, out, &page, dashboards);
}
