/* page_platform.c - the plateforme dashboard: consultations and lots
 * published on the procurement platform and their clause shares. */
#include "web/dash.h"
#include "web/routes.h"

static const orcs_dash_card_def cards[] = {
	{ "platform.consultations_published", "consultations publiées", NULL },
	{ "platform.lots_published", "lots publiés", NULL },
	{ "platform.social_share_lots", "part des lots avec une clause sociale", NULL },
	{ "platform.env_share_lots", "part des lots avec une clause environnementale", NULL },
	{ "platform.offers_received", "offres reçues", NULL },
	{ NULL, NULL, NULL },
};

static const orcs_dash_page page = {
	"/plateforme", "Plateforme", "Les consultations de la plateforme des marchés",
	"Consultations et lots publiés sur la plateforme de dématérialisation et part de ceux qui "
	"comportent une clause sociale ou environnementale.",
	ORCS_DASH_F(ORCS_FLT_YEAR) | ORCS_DASH_F(ORCS_FLT_NATURE), "platform.lots_published", cards
};

int orcs_page_platform(const orcs_req *r, orcs_resp *out)
{
	return orcs_dash_serve(r, out, &page, NULL);
}
