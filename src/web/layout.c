#include "web/layout.h"

#include <string.h>

#include "core/error.h"
#include "render/escape.h"
#include "web/routes.h"

void orcs_layout_begin(orcs_buf *out, const char *title, const char *current)
{
	unsigned i;
	orcs_buf_adds(out, "<!doctype html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
			   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			   "<title>");
	orcs_escape_html(out, title);
	orcs_buf_adds(out, " — ORCS</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
			   "</head>\n<body>\n<a class=\"skip\" href=\"#contenu\">Aller au contenu</a>\n"
			   "<header class=\"site\"><div class=\"inner\"><div class=\"brand\">"
			   "<a href=\"/\">ORCS</a><span>Observatoire régional des clauses sociales — "
			   "Île-de-France</span></div>\n<nav class=\"main\" aria-label=\"Navigation "
			   "principale\"><ul>\n");
	for (i = 0; i < orcs_routes_count; i++) {
		const orcs_route *r = &orcs_routes[i];
		if (!r->nav)
			continue;
		orcs_buf_adds(out, "<li><a href=\"");
		orcs_escape_html(out, r->path);
		orcs_buf_adds(out, "\"");
		if (current && !strcmp(current, r->path))
			orcs_buf_adds(out, " aria-current=\"page\"");
		orcs_buf_adds(out, ">");
		orcs_escape_html(out, r->nav);
		orcs_buf_adds(out, "</a></li>\n");
	}
	orcs_buf_adds(out, "</ul></nav></div></header>\n<main id=\"contenu\" tabindex=\"-1\">\n");
}

void orcs_layout_end(orcs_buf *out)
{
	orcs_buf_adds(out,
		      "</main>\n<footer class=\"site\"><div class=\"inner\"><p>ORCS, logiciel libre. "
		      "Sources" ORCS_NBSP ": données essentielles de la commande publique (Licence "
		      "Ouverte), suivi des clauses sociales des facilitateurs, annuaires de structures "
		      "inclusives (ASP, GEIQ), géographie INSEE COG 2026 et IGN Admin Express 2018 "
		      "(Licence Ouverte), arrondissements de Paris (Ville de Paris, ODbL). Les chiffres "
		      "publics respectent le secret statistique" ORCS_NBSP ": « s » signale une donnée "
		      "masquée.</p><p><a href=\"/methodologie\">Méthodologie</a> · "
		      "<a href=\"/api/v1/openapi.json\">API</a></p></div></footer>\n</body>\n</html>\n");
}
