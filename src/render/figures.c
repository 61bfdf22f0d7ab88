/* figures.c - every chart of the site and publications and the URL
 * filters, declared once (the builder is figures_build.c). */
#include "render/figures.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- filters: declared once ------------------------------------------- */

const orcs_filter_def orcs_filter_defs[ORCS_FLT_COUNT] = {
	[ORCS_FLT_YEAR] = { "annee", "Année", NULL },
	[ORCS_FLT_DEPT] = { "dept", "Département", "geo_exec:dept" },
	[ORCS_FLT_EPT] = { "ept", "Établissement public territorial", "geo_exec:ept" },
	[ORCS_FLT_COMMUNE] = { "commune", "Commune", "geo_exec:commune" },
	[ORCS_FLT_NATURE] = { "nature", "Type de marché", "nature" },
	[ORCS_FLT_MOD] = { "modalite", "Modalité de réalisation", "mod_real" },
	[ORCS_FLT_DONNEUR_TYPE] = { "donneur", "Type de donneur d'ordre", "donneur_type" },
	[ORCS_FLT_PROGRAMME] = { "programme", "Grand projet", "programme" },
	[ORCS_FLT_ACHETEUR] = { "acheteur", "Acheteur", "acheteur" },
};

static const char *const idf_depts[] = { "75", "77", "78", "91", "92", "93", "94", "95", NULL };

void orcs_filters_init(orcs_filters *f)
{
	memset(f, 0, sizeof(*f));
}

int orcs_filters_known(const char *name)
{
	int i;
	for (i = 0; i < ORCS_FLT_COUNT; i++)
		if (!strcmp(name, orcs_filter_defs[i].param))
			return 1;
	return 0;
}

static int all_digits(const char *s, size_t n)
{
	size_t i;
	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int is_code(const char *s)
{
	size_t n = strlen(s), i;
	if (n == 0 || n > ORCS_FLT_MAXLEN)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-' && s[i] != '.')
			return 0;
	return 1;
}

/* NULL when valid, else what was expected (French). */
static const char *check_value(int id, const char *v)
{
	int i;
	switch (id) {
	case ORCS_FLT_YEAR:
		if (all_digits(v, 4) && atoi(v) >= 2000 && atoi(v) <= 2100)
			return NULL;
		return "une année entre 2000 et 2100";
	case ORCS_FLT_DEPT:
		for (i = 0; idf_depts[i]; i++)
			if (!strcmp(v, idf_depts[i]))
				return NULL;
		return "un département d'Île-de-France (75, 77, 78, 91, 92, 93, 94 ou 95)";
	case ORCS_FLT_EPT:
		return all_digits(v, 9) ? NULL : "un numéro SIREN de 9 chiffres";
	case ORCS_FLT_COMMUNE:
		return all_digits(v, 5) ? NULL : "un code commune INSEE de 5 chiffres";
	case ORCS_FLT_ACHETEUR:
		return all_digits(v, 14) || all_digits(v, 9) ? NULL
							    : "un SIRET (14 chiffres) ou un SIREN (9 chiffres)";
	default:
		return is_code(v) ? NULL : "un code de nomenclature (lettres, chiffres, « _ », « - »)";
	}
}

int orcs_filters_parse(orcs_filters *f, orcs_param_get get, void *ctx, orcs_error *err)
{
	int i;
	orcs_filters_init(f);
	for (i = 0; i < ORCS_FLT_COUNT; i++) {
		const char *v = get(ctx, orcs_filter_defs[i].param), *want;
		char ex[64];
		if (!v || !*v)
			continue; /* an empty form field means "all" */
		want = check_value(i, v);
		if (want)
			return orcs_error_set(err, ORCS_EUSAGE,
					      "Paramètre « %s »" ORCS_NBSP ": valeur « %s » invalide "
					      "(attendu" ORCS_NBSP ": %s).",
					      orcs_filter_defs[i].param, orcs_excerpt(v, ex, sizeof(ex)),
					      want);
		if (i == ORCS_FLT_YEAR)
			f->year = atoi(v);
		snprintf(f->v[i], sizeof(f->v[i]), "%s", v);
	}
	return ORCS_OK;
}

void orcs_filters_set(orcs_filters *f, orcs_filter_id id, const char *value)
{
	snprintf(f->v[id], sizeof(f->v[id]), "%s", value ? value : "");
	if (id == ORCS_FLT_YEAR)
		f->year = value && *value ? atoi(value) : 0;
}

int orcs_filters_any(const orcs_filters *f)
{
	int i;
	for (i = 1; i < ORCS_FLT_COUNT; i++)
		if (f->v[i][0])
			return 1;
	return 0;
}

static void url_encode(orcs_buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
			orcs_buf_addc(out, (char)c);
		else
			orcs_buf_addf(out, "%%%02X", c);
	}
}

void orcs_filters_url(const orcs_filters *f, const char *path, int over, const char *over_value,
		      orcs_buf *out)
{
	int i, first = 1;
	orcs_buf_adds(out, path);
	for (i = 0; i < ORCS_FLT_COUNT; i++) {
		const char *v = f ? f->v[i] : "";
		int raw = 0;
		if (i == over) {
			v = over_value ? over_value : "";
			raw = !strcmp(v, "%s");
		}
		if (!*v)
			continue;
		orcs_buf_addc(out, first ? '?' : '&');
		first = 0;
		orcs_buf_adds(out, orcs_filter_defs[i].param);
		orcs_buf_addc(out, '=');
		if (raw)
			orcs_buf_adds(out, v);
		else
			url_encode(out, v);
	}
}

/* ---- the registry ------------------------------------------------------ */

#define CL ORCS_CHART_LINE
#define CB ORCS_CHART_BAR
#define CS ORCS_CHART_STACKED
#define CD ORCS_CHART_DONUT
#define CM ORCS_CHART_MAP

const orcs_figure orcs_figures[] = {
	/* accueil */
	{ "accueil-heures-annees", "/", CL, "clauses.hours_realised", NULL, NULL,
	  "Heures d'insertion réalisées par année", NULL, "/clauses?annee=%s", NULL, 6, 0, 0 },
	{ "accueil-heures-departement", "/", CM, "clauses.hours_realised", "geo_exec:dept", NULL,
	  "Heures d'insertion réalisées par département d'exécution",
	  "En {annee}, {max_label} concentre le plus d'heures d'insertion ({max}) sur {total} en "
	  "Île-de-France.",
	  "/territoire/dept/%s", NULL, 0, 0, 0 },
	{ "accueil-decp-social-annees", "/", CL, "decp.social_share", NULL, NULL,
	  "Part des marchés DECP avec une considération sociale", NULL, "/marches?annee=%s", NULL,
	  6, 0, 0 },
	/* clauses */
	{ "clauses-heures-annees", "/clauses", CL, "clauses.hours_realised", NULL, NULL,
	  "Heures d'insertion réalisées par année", NULL, "?annee", NULL, 6, 0, 0 },
	{ "clauses-heures-modalite", "/clauses", CB, "clauses.hours_realised", "mod_real", NULL,
	  "Heures d'insertion réalisées par modalité de réalisation",
	  "En {annee}, la modalité « {max_label} » rassemble le plus d'heures ({max}) sur un total "
	  "de {total}.",
	  "?modalite", NULL, 0, 0, 0 },
	{ "clauses-heures-nature", "/clauses", CD, "clauses.hours_realised", "nature", NULL,
	  "Heures d'insertion réalisées par type de marché",
	  "En {annee}, les marchés de type « {max_label} » portent le plus d'heures ({max}) sur "
	  "{total}.",
	  "?nature", NULL, 0, 0, 0 },
	{ "clauses-heures-departement", "/clauses", CM, "clauses.hours_realised", "geo_exec:dept",
	  NULL, "Heures d'insertion réalisées par département d'exécution", NULL,
	  "/territoire/dept/%s", NULL, 0, 0, 0 },
	{ "clauses-prevues-dept-nature", "/clauses", CS, "clauses.hours_planned", "geo_exec:dept",
	  "nature", "Heures d'insertion prévues par département et type de marché", NULL, "?dept",
	  NULL, 0, 0, 0 },
	{ "clauses-heures-donneur", "/clauses", CB, "clauses.hours_realised", "donneur_type", NULL,
	  "Heures d'insertion réalisées par type de donneur d'ordre", NULL, "?donneur", NULL, 0, 0, 0 },
	{ "clauses-heures-programme", "/clauses", CB, "clauses.hours_realised", "programme", NULL,
	  "Heures d'insertion réalisées par grand projet", NULL, "?programme", NULL, 0, 0, 0 },
	{ "clauses-realisation-nature", "/clauses", CB, "clauses.realisation_rate", "nature", NULL,
	  "Taux de réalisation des heures d'insertion par type de marché", NULL, "?nature", NULL,
	  0, 0, 0 },
	/* bénéficiaires */
	{ "benef-participants-annees", "/beneficiaires", CL, "benef.participants", NULL, NULL,
	  "Participants par année", NULL, "?annee", NULL, 6, 0, 0 },
	{ "benef-sexe", "/beneficiaires", CD, "benef.participants", "sex", NULL,
	  "Participants par sexe", NULL, NULL, NULL, 0, 0, 0 },
	{ "benef-age", "/beneficiaires", CB, "benef.participants", "age_band", NULL,
	  "Participants par âge à l'entrée", NULL, NULL, NULL, 0, 0, 0 },
	{ "benef-diplome", "/beneficiaires", CB, "benef.participants", "diploma", NULL,
	  "Participants par niveau de formation", NULL, NULL, NULL, 0, 0, 0 },
	{ "benef-publics", "/beneficiaires", CB, "benef.participants", "public", NULL,
	  "Participants par public éligible (un participant peut relever de plusieurs publics)",
	  NULL, NULL, NULL, 0, 0, 0 },
	{ "benef-residence", "/beneficiaires", CM, "benef.participants", "geo_res:dept", NULL,
	  "Participants par département de résidence", NULL, "/territoire/dept/%s", NULL, 0, 0, 0 },
	{ "benef-qpv-annees", "/beneficiaires", CL, "benef.share_qpv", NULL, NULL,
	  "Part des résidents des quartiers prioritaires (QPV) parmi les participants", NULL,
	  "?annee", NULL, 6, 0, 0 },
	{ "benef-prescripteur", "/beneficiaires", CB, "benef.participants", "prescriber", NULL,
	  "Participants par prescripteur", NULL, NULL, NULL, 0, 0, 0 },
	{ "benef-contrats", "/beneficiaires", CB, "benef.participants", "contract_type", NULL,
	  "Participants par type de contrat", NULL, NULL, NULL, 0, 0, 0 },
	{ "benef-sorties", "/beneficiaires", CB, "benef.outcome_rate", "outcome", NULL,
	  "Situation des participants à la sortie", NULL, NULL, NULL, 0, 0, 0 },
	/* marchés (DECP) */
	{ "marches-social-annees", "/marches", CL, "decp.social_share", NULL, NULL,
	  "Part des marchés DECP avec une considération sociale", NULL, "?annee", NULL, 6, 0, 0 },
	{ "marches-env-annees", "/marches", CL, "decp.env_share", NULL, NULL,
	  "Part des marchés DECP avec une considération environnementale", NULL, "?annee", NULL, 6, 0, 0 },
	{ "marches-social-departement", "/marches", CM, "decp.social_share", "geo_exec:dept", NULL,
	  "Part des marchés avec une considération sociale par département d'exécution", NULL,
	  "/territoire/dept/%s", NULL, 0, 0, 0 },
	{ "marches-social-categorie", "/marches", CB, "decp.social_share", "buyer_category", NULL,
	  "Part des marchés avec une considération sociale par catégorie d'acheteur", NULL, NULL,
	  NULL, 0, 0, 0 },
	{ "marches-social-type", "/marches", CB, "decp.social_share_by_kind", "consid_soc", NULL,
	  "Marchés DECP par type de considération sociale", NULL, NULL, NULL, 0, 0, 0 },
	{ "marches-env-departement", "/marches", CB, "decp.env_share", "geo_exec:dept", NULL,
	  "Part des marchés avec une considération environnementale par département", NULL,
	  "?dept", NULL, 0, 0, 0 },
	{ "marches-acheteurs", "/marches", CB, "decp.social_share", "acheteur", NULL,
	  "Part des marchés avec une considération sociale des 15 acheteurs publiant le plus",
	  NULL, "/acheteur/%s", NULL, 0, 0, 15 },
	{ "marches-nombre-departement", "/marches", CB, "decp.markets", "geo_exec:dept", NULL,
	  "Marchés publiés dans les DECP par département d'exécution", NULL, "?dept", NULL, 0, 0, 0 },
	/* plateforme */
	{ "plateforme-consultations-nature", "/plateforme", CB, "platform.consultations_published",
	  "nature", NULL, "Consultations publiées par nature", NULL, NULL, NULL, 0, 0, 0 },
	{ "plateforme-consultations-nature-allotie", "/plateforme", CB,
	  "platform.consultations_published", "nature", "allotted",
	  "Consultations publiées par nature, allotties ou non", NULL, NULL, NULL, 0, 0, 0 },
	{ "plateforme-lots-sociaux-annees", "/plateforme", CL, "platform.social_share_lots", NULL,
	  NULL, "Part des lots avec une clause sociale", NULL, "?annee", NULL, 6, 0, 0 },
	{ "plateforme-lots-sociaux-categorie", "/plateforme", CB, "platform.social_share_lots",
	  "buyer_category", NULL, "Part des lots avec une clause sociale par catégorie d'acheteur",
	  NULL, NULL, NULL, 0, 0, 0 },
	{ "plateforme-consultations-sociales-nature", "/plateforme", CB,
	  "platform.social_share_consultations", "nature", NULL,
	  "Part des consultations non allotties avec une clause sociale par nature", NULL, NULL,
	  NULL, 0, 0, 0 },
	{ "plateforme-lots-env-nature", "/plateforme", CB, "platform.env_share_lots", "nature", NULL,
	  "Part des lots avec une clause environnementale par nature", NULL, NULL, NULL, 0, 0, 0 },
	/* grands projets */
	{ "gp-heures-moa", "/grands-projets", CB, "ogpf.hours_realised", "moa", NULL,
	  "Heures d'insertion réalisées par maître d'ouvrage", NULL, NULL, NULL, 0, 0, 0 },
	{ "gp-engagements-moa", "/grands-projets", CB, "ogpf.hours_vs_commitment", "moa", NULL,
	  "Heures réalisées rapportées aux engagements, par maître d'ouvrage (cumul)",
	  "En {annee}, {max_label} a réalisé la plus grande part de ses engagements ({max}).",
	  NULL, NULL, 0, 0, 0 },
	{ "gp-participants-moa", "/grands-projets", CB, "ogpf.participants", "moa", NULL,
	  "Participants par maître d'ouvrage", NULL, NULL, NULL, 0, 0, 0 },
	{ "gp-heures-programme", "/grands-projets", CD, "ogpf.hours_realised", "programme", NULL,
	  "Heures d'insertion réalisées par programme", NULL, "/clauses?programme=%s", NULL, 0, 0, 0 },
	{ "gp-part-regionale", "/grands-projets", CL, "ogpf.share_regional_hours", NULL, NULL,
	  "Part des grands projets dans les heures d'insertion régionales", NULL, NULL, NULL, 6, 0, 0 },
	/* entreprises inclusives */
	{ "inclusives-presence-departement", "/entreprises-inclusives", CM, ORCS_FIGURE_DIRECTORY,
	  "dept", NULL, "Structures inclusives de l'annuaire par département",
	  "{max_label} compte le plus de structures inclusives de l'annuaire ({max}) sur {total}.",
	  "/entreprises-inclusives?dept=%s", NULL, 0, 0, 0 },
	{ "inclusives-presence-type", "/entreprises-inclusives", CS, ORCS_FIGURE_DIRECTORY, "dept",
	  "structure_type", "Structures inclusives de l'annuaire par département et type", NULL,
	  "/entreprises-inclusives?dept=%s", NULL, 0, 0, 0 },
	{ "inclusives-decp-type", "/entreprises-inclusives", CB, "inclusive.decp_share_count",
	  "structure_type", NULL, "Part des marchés DECP attribués à une structure inclusive, par type",
	  NULL, NULL, NULL, 0, 0, 0 },
	{ "inclusives-heures-type", "/entreprises-inclusives", CB,
	  "inclusive.hours_share_structures", "structure_type", NULL,
	  "Part des heures d'insertion réalisées par les structures inclusives, par type", NULL,
	  NULL, NULL, 0, 0, 0 },
	{ "inclusives-reserves-departement", "/entreprises-inclusives", CB,
	  "inclusive.reserved_markets", "geo_exec:dept", NULL,
	  "Marchés réservés par département d'exécution", NULL, NULL, NULL, 0, 0, 0 },
	/* qualité des données */
	{ "qualite-renseignement-social", "/qualite", CB, "decp.field_coverage_social", "source",
	  NULL, "Taux de renseignement des considérations sociales par source DECP", NULL, NULL,
	  NULL, 0, 0, 0 },
	{ "qualite-manquants", "/qualite", CB, "quality.missing", "source", NULL,
	  "Valeurs obligatoires manquantes par source", NULL, NULL, NULL, 0, 0, 0 },
	{ "qualite-tardives", "/qualite", CB, "quality.late_publication", "source", NULL,
	  "Publications tardives par source", NULL, NULL, NULL, 0, 0, 0 },
	{ "qualite-doublons", "/qualite", CB, "quality.dup_rows", "source", NULL,
	  "Enregistrements en double par source", NULL, NULL, NULL, 0, 0, 0 },
	{ "qualite-rattachement", "/qualite", CL, "quality.tracking_link_rate", NULL, NULL,
	  "Taux de rattachement des marchés suivis aux DECP", NULL, NULL, NULL, 6, 0, 0 },
	/* territoire (filtered by the territory of the page; `levels`: where shown) */
	{ "territoire-heures-annees", "/territoire", CL, "clauses.hours_realised", NULL, NULL,
	  "Heures d'insertion réalisées sur le territoire", NULL, NULL, NULL, 6, ORCS_FIG_DEPT, 0 },
	{ "territoire-heures-prevues-annees", "/territoire", CL, "clauses.hours_planned", NULL, NULL,
	  "Heures d'insertion prévues dans les marchés notifiés", NULL, NULL, NULL, 6, 0, 0 },
	{ "territoire-marches-nature", "/territoire", CB, "clauses.markets_active", "nature", NULL,
	  "Marchés avec une clause sociale en cours par type de marché", NULL, NULL, NULL, 0, 0, 0 },
	{ "territoire-heures-commune", "/territoire", CM, "clauses.hours_planned",
	  "geo_exec:commune", NULL, "Heures d'insertion prévues par commune d'exécution", NULL,
	  "/territoire/commune/%s", NULL, 0, ORCS_FIG_DEPT, 0 },
	{ "territoire-decp-social-annees", "/territoire", CL, "decp.social_share", NULL, NULL,
	  "Part des marchés DECP avec une considération sociale", NULL, NULL, NULL, 6, 0, 0 },
	{ "territoire-decp-categorie", "/territoire", CB, "decp.markets", "buyer_category", NULL,
	  "Marchés DECP par catégorie d'acheteur", NULL, NULL, NULL, 0, 0, 0 },
	/* index of territories */
	{ "territoires-ept", "/territoire/", CM, "clauses.hours_planned", "geo_exec:ept", NULL,
	  "Heures d'insertion prévues par établissement public territorial (EPT)", NULL,
	  "/territoire/ept/%s", NULL, 0, 0, 0 },
	{ "territoires-departements", "/territoire/", CM, "decp.markets", "geo_exec:dept", NULL,
	  "Marchés DECP par département d'exécution", NULL, "/territoire/dept/%s", NULL, 0, 0, 0 },
	/* acheteur (filtered by the buyer of the page) */
	{ "acheteur-marches-annees", "/acheteur", CL, "decp.markets", NULL, NULL,
	  "Marchés publiés dans les DECP", NULL, NULL, NULL, 6, 0, 0 },
	{ "acheteur-social-annees", "/acheteur", CL, "decp.social_share", NULL, NULL,
	  "Part des marchés avec une considération sociale", NULL, NULL, NULL, 6, 0, 0 },
	{ "acheteur-social-type", "/acheteur", CB, "decp.social_share_by_kind", "consid_soc", NULL,
	  "Marchés par type de considération sociale", NULL, NULL, NULL, 0, 0, 0 },
	{ "acheteur-env-type", "/acheteur", CB, "decp.env_share_by_kind", "consid_env", NULL,
	  "Marchés par type de considération environnementale", NULL, NULL, NULL, 0, 0, 0 },
};
const unsigned orcs_figures_count = sizeof(orcs_figures) / sizeof(orcs_figures[0]);

const orcs_figure *orcs_figure_find(const char *id)
{
	unsigned i;
	for (i = 0; i < orcs_figures_count; i++)
		if (!strcmp(orcs_figures[i].id, id))
			return &orcs_figures[i];
	return NULL;
}

