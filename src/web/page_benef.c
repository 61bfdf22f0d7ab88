/* page_benef.c - the bénéficiaires dashboard: who the participants are
 * (age, sex, diploma, publics, residence, QPV), who sent them, their
 * contracts and where they stand at the end. */
#include "web/dash.h"
#include "web/routes.h"

static const orcs_dash_card_def cards[] = {
	{ "benef.participants", "participants", NULL },
	{ "benef.new_participants", "nouveaux participants", NULL },
	{ "benef.share_women", "part des femmes", NULL },
	{ "benef.share_lt26", "part des moins de 26 ans", NULL },
	{ "benef.share_qpv", "part des résidents QPV", NULL },
	{ "benef.share_deld", "part des demandeurs d'emploi de longue durée", NULL },
	{ NULL, NULL, NULL },
};

static const orcs_dash_page page = {
	"/beneficiaires", "Bénéficiaires", "Les personnes en parcours d'insertion",
	"Profil des participants aux clauses sociales, prescripteurs, contrats et situation à la "
	"sortie. Les cases de moins de 5 personnes sont masquées (« s »), ainsi que celles qui "
	"permettraient de les retrouver.",
	ORCS_DASH_F(ORCS_FLT_YEAR) | ORCS_DASH_F(ORCS_FLT_DEPT) | ORCS_DASH_F(ORCS_FLT_PROGRAMME),
	"benef.participants", cards
};

int orcs_page_benef(const orcs_req *r, orcs_resp *out)
{
	return orcs_dash_serve(r, out, &page, NULL);
}
