/* page_projects.c - the grands projets dashboard (OGPF): hours and
 * participants against the commitments of each contracting authority. */
#include "web/dash.h"
#include "web/routes.h"

static const orcs_dash_card_def cards[] = {
	{ "ogpf.hours_realised", "heures d'insertion sur les grands projets", NULL },
	{ "ogpf.participants", "participants sur les grands projets", NULL },
	{ "ogpf.hours_vs_commitment", "heures réalisées rapportées aux engagements", NULL },
	{ "ogpf.share_regional_hours", "part des grands projets dans les heures régionales", NULL },
	{ "ogpf.worksites_active", "opérations et chantiers en cours", NULL },
	{ NULL, NULL, NULL },
};

static const orcs_dash_page page = {
	"/grands-projets", "Grands projets", "Les clauses sociales des grands projets",
	"Grand Paris Express, Jeux olympiques et paralympiques, renouvellement urbain : heures "
	"d'insertion et participants au regard des engagements de chaque maître d'ouvrage.",
	ORCS_DASH_F(ORCS_FLT_YEAR) | ORCS_DASH_F(ORCS_FLT_PROGRAMME), "ogpf.hours_realised", cards
};

int orcs_page_projects(const orcs_req *r, orcs_resp *out)
{
	return orcs_dash_serve(r, out, &page, NULL);
}
