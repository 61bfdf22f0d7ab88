/* routes.c - every URL of the site and of the API, declared once. */
#include <string.h>

#include "web/routes.h"

const orcs_route orcs_routes[] = {
	{ "/", "Accueil", "Chiffres clés et tendances", 0, orcs_page_home },
	{ "/clauses", "Clauses", "Heures d'insertion par modalité, marché, territoire et donneur d'ordre", 0,
	  orcs_page_clauses },
	{ "/methodologie", "Méthodologie", "Définitions des indicateurs, règles et sources", 0,
	  orcs_page_methodology },
	{ "/graphique/*", NULL, "Données et image de chaque graphique (CSV, XLSX, JSON, SVG)", 0,
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
