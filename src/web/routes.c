/* routes.c - every URL of the site and of the API, declared once. */
#include <string.h>

#include "web/routes.h"

const orcs_route orcs_routes[] = {
	{ "/", "Accueil", "Chiffres clés et tendances", 0, orcs_page_home },
	{ "/clauses", "Clauses", "Heures d'insertion par modalité, marché, territoire et donneur d'ordre", 0,
	  orcs_page_clauses },
	{ "/beneficiaires", "Bénéficiaires", "Âge, sexe, diplôme, publics, résidence, contrats et sorties",
	  0, orcs_page_benef },
	{ "/marches", "Marchés", "Considérations sociales et environnementales des marchés (DECP)", 0,
	  orcs_page_markets },
	{ "/plateforme", "Plateforme", "Consultations et lots avec clause sur la plateforme", 0,
	  orcs_page_platform },
	{ "/grands-projets", "Grands projets", "Heures et participants au regard des engagements", 0,
	  orcs_page_projects },
	{ "/territoire", "Territoires", "Départements, EPT et communes", 0, orcs_page_territories },
	{ "/territoire/*", NULL, "Indicateurs d'un territoire", 0, orcs_page_territory },
	{ "/acheteur", "Acheteurs", "Recherche d'un acheteur et ses marchés", 0, orcs_page_buyers },
	{ "/acheteur/*", NULL, "Indicateurs d'un acheteur", 0, orcs_page_buyer },
	{ "/entreprises-inclusives", "Entreprises inclusives",
	  "Carte et annuaire des SIAE, EA, ESAT et GEIQ", 0, orcs_page_inclusive },
	{ "/qualite", "Qualité", "Complétude, délais et doublons des sources", 0, orcs_page_quality },
	{ "/methodologie", "Méthodologie", "Définitions des indicateurs, règles et sources", 0,
	  orcs_page_methodology },
	{ "/graphique/*", NULL, "Données et image de chaque graphique (CSV, XLSX, JSON, SVG, PNG)", 0,
	  orcs_page_graphique },
	{ "/static/*", NULL, "Feuille de style et fichiers statiques", 0, orcs_page_static },
	{ "/api/v1/openapi.json", NULL, "Description OpenAPI 3 de l'API", 1, orcs_api_openapi },
	{ "/api/v1/indicators", NULL, "Catalogue des indicateurs", 1, orcs_api_indicators },
	{ "/api/v1/indicators/*", NULL,
	  "Un indicateur calculé pour l'audience publique (secret statistique appliqué)", 1,
	  orcs_api_indicator },
	{ "/api/v1/health", NULL, "État du service et de l'entrepôt", 1, orcs_api_health },
};
const unsigned orcs_routes_count = sizeof(orcs_routes) / sizeof(orcs_routes[0]);

const orcs_route *orcs_route_find(const char *path, const char **rest)
{
	unsigned i;
	for (i = 0; i < orcs_routes_count; i++) {
		const char *p = orcs_routes[i].path;
		size_t n = strlen(p);
		if (p[n - 1] == '*') {
			if (!strncmp(path, p, n - 1)) {
				*rest = path + n - 1;
				return &orcs_routes[i];
			}
		} else if (!strcmp(path, p)) {
			*rest = "";
			return &orcs_routes[i];
		}
	}
	return NULL;
}
