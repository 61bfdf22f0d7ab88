/*
 * synth_dist.c - every distribution and parameter of the synthetic
 * generator, in one place.  docs/synth.md explains each of them; the
 * sources are domain.md §5.9 for the 2021 regional figures and the shares
 * of grand projects, the rest is plausible and documented there.
 */
#include <string.h>

#include "synth/synth_internal.h"

/* Years: 2017 2018 | 2019 2020 2021 2022 2023 2024 2025.  2022 = +9.7 %
 * (§5.9); 2020 is the lockdown dip; later years keep growing until the
 * end of the Olympic works. */
const sy_params SY = {
	.growth = { 0.90, 0.94, 0.97, 0.90, 1.00, 1.08, 1.12, 1.15, 1.12 },
	/* grand projects: 25 % of hours in 2021, 30 % in 2022 (§5.9) */
	.gp_share = { 0.25, 0.27, 0.29, 0.32, 0.35, 0.44, 0.38, 0.32, 0.29 },
	.markets_per_year = 3800,
	.gp_hours_factor = 2.5,
	.hours_median = 750,
	.hours_sigma = 1.05,
	.allotted_share = 0.25,
	.target_missing = 0.08,
	.reuse = 0.70,
	.reuse_window_days = 270,
	.lockdown_drop = 0.7,
	.out_of_region = 0.03,
	.historic_code = 0.01,
	.residence_missing = 0.02,
	.birth_missing = 0.02,
	.fin_known = 0.85,
	.m6_known = 0.55,
	.donneurs = 700,
	.classique = 5300,
	.etti = 90,
	.ai = 70,
	.aci = 160,
	.ei = 140,
	.geiq = 25,
	.ett = 150,
	.ea = 40,
	.esat = 30,
	.of = 20,
	.ops_gpe = 60,
	.ops_jop = 40,
	.ops_npnru = 50,
	.ops_autre = 20,
	/* platform (§5.9, 2022): 9,774 consultations, 41,300 offers; social
	 * clause in 10.6 % of non-allotted consultations and 46.1 % of lots;
	 * environmental 29.6 % and 18.8 % */
	.consultations_2022 = 9774,
	.consult_allotted = 0.30,
	.consult_lots_mean = 4,
	.soc_consult = 0.106,
	.soc_lot = 0.461,
	.env_consult = 0.296,
	.env_lot = 0.188,
};

static const wentry exec_dept[] = { { "75", 19 }, { "77", 9 },  { "78", 8 },  { "91", 9 },
				    { "92", 16 }, { "93", 18 }, { "94", 13 }, { "95", 8 } };
const wlist sy_exec_dept = WL(exec_dept);

static const wentry res_dept[] = { { "75", 14 }, { "77", 10 }, { "78", 8 },  { "91", 10 },
				   { "92", 11 }, { "93", 24 }, { "94", 13 }, { "95", 10 } };
const wlist sy_res_dept = WL(res_dept);

static const wentry donneur_type[] = { { "COMMUNE", 34 }, { "BAILLEUR", 18 },   { "EPCI_EPT", 10 },
				       { "DEPARTEMENT", 2 }, { "REGION", 1 }, { "ETAT", 8 },
				       { "EPL_SEM_SPL", 9 }, { "SANTE", 5 },     { "PRIVE", 6 },
				       { "AUTRE", 7 } };
const wlist sy_donneur_type = WL(donneur_type);

static const wentry nature_ordinary[] = { { "TRAVAUX", 50 }, { "SERVICES", 42 },
					  { "FOURNITURES", 3 }, { "PI", 5 } };
const wlist sy_nature_ordinary = WL(nature_ordinary);
static const wentry nature_gp[] = { { "TRAVAUX", 92 }, { "SERVICES", 7 }, { "PI", 1 } };
const wlist sy_nature_gp = WL(nature_gp);

static const wentry cpv_travaux[] = { { "45000000-7", 10 }, { "45210000", 20 }, { "45260000", 10 },
				      { "45421000-4", 10 }, { "45310000", 12 }, { "45330000", 8 },
				      { "45230000-8", 12 }, { "45110000", 8 },  { "45440000", 10 } };
static const wentry cpv_services[] = { { "90910000-9", 25 }, { "77310000", 20 }, { "90500000-2", 15 },
				       { "55523100", 8 },    { "79710000", 8 },  { "90600000", 8 },
				       { "98341130", 4 },    { "60100000", 4 },  { "50700000-2", 8 } };
static const wentry cpv_fournitures[] = { { "39000000-2", 40 }, { "15000000", 30 }, { "30190000", 30 } };
static const wentry cpv_pi[] = { { "71000000-8", 60 }, { "72000000", 25 }, { "79400000", 15 } };
const wlist sy_cpv[4] = { WL(cpv_travaux), WL(cpv_services), WL(cpv_fournitures), WL(cpv_pi) };

static const wentry procedure[] = { { "MAPA", 44 }, { "AOO", 46 }, { "AOR", 3 }, { "PN", 5 },
				    { "DIALOGUE", 2 } };
const wlist sy_procedure = WL(procedure);

/* legal modalities (§3.1), multi-valued */
static const wentry modalities[] = { { "EXEC_INSERTION", 78 },
				     { "EXEC_INSERTION|CRITERE_SOCIAL", 12 },
				     { "MARCHE_INSERTION", 3 },
				     { "RESERVE_SIAE", 2.5 },
				     { "RESERVE_EA_ESAT", 1.5 },
				     { "EXEC_INSERTION|EXEC_AUTRE_SOCIALE", 2 },
				     { "RESERVE_EA_ESAT|RESERVE_SIAE", 0.5 },
				     { "CRITERE_SOCIAL", 0.5 } };
const wlist sy_modalities = WL(modalities);

/* market duration in months */
static const wentry dur_travaux[] = { { "6", 10 }, { "9", 10 }, { "12", 20 }, { "18", 20 },
				      { "24", 20 }, { "36", 15 }, { "48", 5 } };
static const wentry dur_services[] = { { "12", 30 }, { "24", 25 }, { "36", 25 }, { "48", 20 } };
static const wentry dur_other[] = { { "12", 50 }, { "24", 30 }, { "36", 20 } };
const wlist sy_dur_travaux = WL(dur_travaux), sy_dur_services = WL(dur_services),
	    sy_dur_other = WL(dur_other);

/* fulfilment modalities (§3.2) */
static const wentry fulfilment[] = { { "EMBAUCHE_DIRECTE", 33 }, { "MAD_ETTI", 27 },
				     { "MAD_AI", 10 },            { "MAD_ETT", 9 },
				     { "MAD_GEIQ", 5 },          { "SOUSTRAIT_SIAE", 9 },
				     { "COTRAIT_SIAE", 2 },      { "SOUSTRAIT_EA_ESAT", 3 },
				     { "FORMATION", 2 } };
const wlist sy_fulfilment = WL(fulfilment);

static const wentry t_direct[] = { { "CDI", 25 }, { "CDD", 40 }, { "APPRENTISSAGE", 12 },
				   { "PROFESSIONNALISATION", 10 }, { "CDI_INCLUSION", 3 },
				   { "PEC_CUI", 5 }, { "CDD_USAGE", 5 } };
static const wentry t_etti[] = { { "MISSION_ETTI", 1 } };
static const wentry t_ai[] = { { "MAD_AI", 1 } };
static const wentry t_ett[] = { { "MISSION_INTERIM", 1 } };
static const wentry t_geiq[] = { { "PROFESSIONNALISATION", 70 }, { "APPRENTISSAGE", 30 } };
static const wentry t_siae[] = { { "CDDI", 85 }, { "CDDI_PHC", 10 }, { "CDI_INCLUSION", 5 } };
static const wentry t_eaesat[] = { { "CDD_TREMPLIN", 40 }, { "CDI", 30 }, { "CONTRAT_ESAT", 30 } };
static const wentry t_formation[] = { { "AUTRE", 1 } };

const fulfil_param sy_fulfil[] = {
	{ "EMBAUCHE_DIRECTE", "TITULAIRE", NULL, "TITULAIRE", WL(t_direct) },
	{ "MAD_ETTI", "ETTI", NULL, "EMPLOYEUR_MAD", WL(t_etti) },
	{ "MAD_AI", "AI", NULL, "EMPLOYEUR_MAD", WL(t_ai) },
	{ "MAD_ETT", "ETT", NULL, "EMPLOYEUR_MAD", WL(t_ett) },
	{ "MAD_GEIQ", "GEIQ", NULL, "EMPLOYEUR_MAD", WL(t_geiq) },
	{ "SOUSTRAIT_SIAE", "EI", "ACI", "SOUSTRAITANT", WL(t_siae) },
	{ "COTRAIT_SIAE", "EI", "ACI", "COTRAITANT", WL(t_siae) },
	{ "SOUSTRAIT_EA_ESAT", "EA", "ESAT", "SOUSTRAITANT", WL(t_eaesat) },
	{ "FORMATION", "OF", NULL, "SOUSTRAITANT", WL(t_formation) },
};
const int sy_nfulfil = (int)(sizeof(sy_fulfil) / sizeof(sy_fulfil[0]));

/* duration (months) and monthly hours of each contract type */
const ctype_param sy_ctypes[] = {
	{ "CDI", 4, 12, 140, 151.5, 0, 0 },
	{ "CDI_INCLUSION", 6, 12, 100, 140, 0, 0 },
	{ "CDD", 2, 9, 110, 151.5, 0, 0 },
	{ "CDD_USAGE", 1, 3, 40, 120, 0, 0 },
	{ "CDDI", 3, 9, 90, 115, 0, 0 },
	{ "CDDI_PHC", 1, 4, 40, 80, 0, 0 },
	{ "CDD_TREMPLIN", 4, 12, 100, 140, 0, 0 },
	{ "APPRENTISSAGE", 6, 18, 90, 120, 20, 40 },
	{ "PROFESSIONNALISATION", 6, 12, 95, 120, 20, 35 },
	{ "MISSION_INTERIM", 1, 3, 80, 150, 0, 0 },
	{ "MISSION_ETTI", 1, 3, 70, 145, 0, 0 },
	{ "MAD_AI", 1, 4, 30, 90, 0, 0 },
	{ "PEC_CUI", 6, 12, 85, 115, 0, 0 },
	{ "CONTRAT_ESAT", 6, 12, 60, 110, 0, 0 },
	{ "AUTRE", 1, 3, 0, 0, 100, 140 },
};
const int sy_nctypes = (int)(sizeof(sy_ctypes) / sizeof(sy_ctypes[0]));

const ctype_param *sy_ctype(const char *code)
{
	int i;
	for (i = 0; i < sy_nctypes; i++)
		if (!strcmp(sy_ctypes[i].code, code))
			return &sy_ctypes[i];
	return &sy_ctypes[sy_nctypes - 1];
}

const fulfil_param *sy_fulfil_of(const char *code)
{
	int i;
	for (i = 0; i < sy_nfulfil; i++)
		if (!strcmp(sy_fulfil[i].code, code))
			return &sy_fulfil[i];
	return &sy_fulfil[0];
}

/* age band at entry: < 26, 26-49, 50+ */
static const wentry age_band[] = { { "LT26", 30 }, { "26_49", 52 }, { "50P", 18 } };
const wlist sy_age_band = WL(age_band);

static const wentry diploma[] = { { "DIP_INFRA3", 44 }, { "DIP_3", 28 }, { "DIP_4", 16 },
				  { "DIP_5", 5 },       { "DIP_6", 2 },  { "DIP_7", 1 },
				  { "DIP_NR", 4 } };
const wlist sy_diploma = WL(diploma);

static const wentry prescriber[] = { { "FT", 34 },        { "ML", 19 },       { "PLIE", 15 },
				     { "CD_SOCIAL", 6 },  { "CAP_EMPLOI", 4 }, { "SIAE", 8 },
				     { "FACILITATEUR", 5 }, { "ENTREPRISE", 3 }, { "HABILITE", 3 },
				     { "CCAS", 1 },       { "E2C", 1 },       { "SPIP", 0.5 },
				     { "NR", 0.5 } };
const wlist sy_prescriber = WL(prescriber);

static const wentry outcome_fin[] = { { "EMPLOI_DURABLE", 22 }, { "EMPLOI_TRANSITION", 31 },
				      { "SORTIE_POSITIVE", 12 }, { "AUTRE", 27 }, { "NR", 8 } };
static const wentry outcome_m6[] = { { "EMPLOI_DURABLE", 28 }, { "EMPLOI_TRANSITION", 24 },
				     { "SORTIE_POSITIVE", 10 }, { "AUTRE", 28 }, { "NR", 10 } };
const wlist sy_outcome_fin = WL(outcome_fin), sy_outcome_m6 = WL(outcome_m6);

/* QPV residents by département of residence (plausible: Seine-Saint-Denis
 * has the highest share of its population in QPV) */
double sy_qpv_prob(const char *dept)
{
	static const struct {
		const char *d;
		double p;
	} t[] = { { "75", .16 }, { "77", .12 }, { "78", .12 }, { "91", .16 },
		  { "92", .14 }, { "93", .38 }, { "94", .22 }, { "95", .24 } };
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i].d, dept))
			return t[i].p;
	return 0.05;
}

/* women by nature of the market (§5.9: about 15 % on grand projects, which
 * are mostly works) */
double sy_women_prob(const char *nature)
{
	if (!strcmp(nature, "TRAVAUX"))
		return 0.09;
	if (!strcmp(nature, "SERVICES"))
		return 0.34;
	return 0.30;
}

/* IdF markets of data/decp/format-2024 (real buyers and DECP ids). */
const sy_decp sy_decp_markets[] = {
	{ "21780490500016", "COMMUNE", "24MS016_L1", "2024-07-11", "77310000", "SERVICES", 12, 65000,
	  "78490", "Entretien des espaces verts, lot 1" },
	{ "21780490500016", "COMMUNE", "24MS016_L3", "2024-07-10", "77310000", "SERVICES", 12, 68000,
	  "78490", "Entretien des espaces verts, lot 3" },
	{ "21780490500016", "COMMUNE", "24MS016_L4", "2024-07-10", "77310000", "SERVICES", 12, 70000,
	  "78490", "Entretien des espaces verts, lot 4" },
	{ "27920022400012", "BAILLEUR", "2023-9155", "2023-03-20", "45000000", "TRAVAUX", 18, 6050000,
	  "92004", "Construction de logements en accession sociale" },
	{ "27920022400012", "BAILLEUR", "2020-8859-03", "2020-10-20", "45210000", "TRAVAUX", 20, 6553000,
	  "92012", "Construction de logements locatifs" },
	{ "27920022400012", "BAILLEUR", "2022-9089-02", "2022-09-05", "45421100", "TRAVAUX", 5, 686468,
	  "92024", "Réhabilitation thermique d'une résidence" },
	{ "27920022400012", "BAILLEUR", "2023-9170", "2023-05-17", "45000000", "TRAVAUX", 18, 3185000,
	  "92044", "Construction de logements sociaux" },
	{ "21940001700014", "COMMUNE", "24-1032812-1", "2024-06-26", "90910000", "SERVICES", 48, 500000,
	  "94001", "Nettoyage des locaux municipaux, lot 1" },
	{ "21910589700017", "COMMUNE", "2024-12-02", "2024-07-12", "77310000", "SERVICES", 30, 139952,
	  "91589", "Désimperméabilisation et végétalisation" },
	{ "21910376900010", "COMMUNE", "24-1033823", "2024-07-05", "45421000", "TRAVAUX", 2, 122776,
	  "91376", "Remplacement des menuiseries extérieures" },
	{ "20006232100019", "EPCI_EPT", "24-1033951", "2024-06-28", "77120000", "SERVICES", 12, 203000,
	  "91661", "Traitement et valorisation des déchets alimentaires" },
	{ "21950487500010", "COMMUNE", "2024-13", "2024-07-05", "44211100", "FOURNITURES", 24, 186839,
	  "95487", "Bâtiments modulaires pour les écoles" },
};
const int sy_ndecp = (int)(sizeof(sy_decp_markets) / sizeof(sy_decp_markets[0]));

/* Real commune codes outside Île-de-France (neighbouring départements) and
 * historic IdF codes mapped by the correspondence table. */
const char *const sy_outside_communes[] = { "60057", "60175", "60612", "45234", "28085",
					    "27229", "02691", "51454", "10387", "89387" };
const int sy_noutside = (int)(sizeof(sy_outside_communes) / sizeof(sy_outside_communes[0]));
const char *const sy_historic_communes[] = { "93059", "78503", "77028", "78251", "91222",
					     "77149", "95282", "78524", "91182", "77399" };
const int sy_nhistoric = (int)(sizeof(sy_historic_communes) / sizeof(sy_historic_communes[0]));

const char *sy_diploma_variant(rng *r, const char *code)
{
	static const struct {
		const char *code, *alt, *asp;
	} t[] = { { "DIP_INFRA3", "INFRA3", "00" }, { "DIP_3", "3", "51" }, { "DIP_4", "4", "40" },
		  { "DIP_5", "5", "30" },          { "DIP_6", "6", "20" }, { "DIP_7", "7", "10" },
		  { "DIP_NR", "NR", "NR" } };
	size_t i;
	double u = rng_unif(r);
	if (u >= 0.10)
		return code;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i].code, code))
			return u < 0.05 ? t[i].alt : t[i].asp;
	return code;
}

const char *sy_prescriber_variant(rng *r, const char *code)
{
	static const struct {
		const char *code, *asp;
	} t[] = { { "ML", "1" }, { "CAP_EMPLOI", "2" }, { "FT", "3" }, { "PLIE", "4" },
		  { "CD_SOCIAL", "5" }, { "HABILITE", "6" }, { "SPIP", "9" }, { "CCAS", "11" },
		  { "NR", "99" } };
	size_t i;
	if (rng_unif(r) >= 0.15)
		return code;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i].code, code))
			return t[i].asp;
	return code;
}
