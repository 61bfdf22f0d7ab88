/* page_quality.c - the qualité des données dashboard: completeness,
 * timeliness and duplicates of each source, and how the tracked markets
 * link to the DECP. */
#include "web/dash.h"
#include "web/routes.h"

static const orcs_dash_card_def cards[] = {
	{ "decp.field_coverage_social", "renseignement des considérations sociales", NULL },
	{ "quality.missing", "valeurs obligatoires manquantes", NULL },
	{ "quality.late_publication", "publications tardives", NULL },
	{ "quality.dup_rows", "enregistrements en double", NULL },
	{ "quality.tracking_link_rate", "marchés suivis rattachés aux DECP", NULL },
	{ NULL, NULL, NULL },
};

static const orcs_dash_page page = {
	"/qualite", "Qualité des données", "La qualité des données",
	"Complétude, délais de publication et doublons de chaque source : ce qu'il faut savoir pour "
	"lire les autres tableaux de bord.",
	ORCS_DASH_F(ORCS_FLT_YEAR), "quality.missing", cards
};

int orcs_page_quality(const orcs_req *r, orcs_resp *out)
{
	return orcs_dash_serve(r, out, &page, NULL);
}
