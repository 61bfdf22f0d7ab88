/* page_buyer.c - /acheteur: search the buyers of the referential by name
 * or SIRET (paginated); /acheteur/SIRET: the DECP indicators of one buyer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "render/escape.h"
#include "web/dash.h"
#include "web/layout.h"
#include "web/routes.h"

#define PAGE_SIZE 50

int orcs_page_buyers(const orcs_req *r, orcs_resp *out)
{
	orcs_db *db = orcs_req_db(r);
	orcs_buf *o = &out->body;
	const char *q = orcs_req_param(r, "q");
	orcs_buf like = ORCS_BUF_INIT, base = ORCS_BUF_INIT;
	sqlite3_stmt *st;
	int page = orcs_dash_page_number(r), n = 0;
	if (!page) {
		orcs_resp_error(r, out, 400, "Paramètre « page »" ORCS_NBSP ": un nombre entre 1 et "
					     "10" ORCS_NNBSP "000 est attendu.");
		return 0;
	}
	if (q && strlen(q) > 100) {
		orcs_resp_error(r, out, 400, "Paramètre « q »" ORCS_NBSP ": 100 caractères au plus.");
		return 0;
	}
	orcs_layout_begin(o, "Acheteurs", "/acheteur");
	orcs_buf_adds(o, "<h1>Les acheteurs publics</h1>\n<p class=\"lead\">Recherchez un acheteur "
			 "par son nom ou son numéro SIRET pour voir ses marchés publiés dans les DECP "
			 "et leurs considérations sociales et environnementales.</p>\n"
			 "<form class=\"filters\" method=\"get\" action=\"/acheteur\" role=\"search\">"
			 "<label for=\"q\">Nom ou SIRET<input id=\"q\" name=\"q\" type=\"search\" "
			 "value=\"");
	orcs_escape_html(o, q ? q : "");
	orcs_buf_adds(o, "\"></label><button type=\"submit\">Rechercher</button></form>\n");
	orcs_buf_addf(&like, "%%%s%%", q ? q : "");
	if (orcs_db_prepare(db, &st,
			    "SELECT siret, coalesce(nom, siret), departement FROM dim_buyer WHERE "
			    "siret_valid = 1 AND (nom LIKE ?1 OR siret LIKE ?1) ORDER BY nom, siret "
			    "LIMIT ?2 OFFSET ?3",
			    NULL) == ORCS_OK) {
		sqlite3_bind_text(st, 1, like.data, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, PAGE_SIZE + 1);
		sqlite3_bind_int(st, 3, (page - 1) * PAGE_SIZE);
		orcs_buf_adds(o, "<table class=\"list\"><caption>Acheteurs");
		if (q && *q) {
			orcs_buf_adds(o, " correspondant à « ");
			orcs_escape_html(o, q);
			orcs_buf_adds(o, " »");
		}
		orcs_buf_adds(o, "</caption>\n<thead><tr><th scope=\"col\">Acheteur</th><th "
				 "scope=\"col\">SIRET</th><th scope=\"col\">Département</th></tr>"
				 "</thead>\n<tbody>\n");
		while (sqlite3_step(st) == SQLITE_ROW && n < PAGE_SIZE + 1) {
			const char *siret = (const char *)sqlite3_column_text(st, 0);
			const char *d = (const char *)sqlite3_column_text(st, 2);
			if (++n > PAGE_SIZE)
				break;
			orcs_buf_adds(o, "<tr><th scope=\"row\"><a href=\"/acheteur/");
			orcs_escape_html(o, siret);
			orcs_buf_adds(o, "\">");
			orcs_escape_html(o, (const char *)sqlite3_column_text(st, 1));
			orcs_buf_adds(o, "</a></th><td>");
			orcs_escape_html(o, siret);
			orcs_buf_adds(o, "</td><td>");
			orcs_escape_html(o, d ? d : "–");
			orcs_buf_adds(o, "</td></tr>\n");
		}
		sqlite3_finalize(st);
		orcs_buf_adds(o, "</tbody></table>\n");
		if (n == 0)
			orcs_buf_adds(o, "<p>Aucun acheteur ne correspond à cette recherche.</p>\n");
	}
	orcs_buf_adds(&base, "/acheteur");
	if (q && *q) {
		const char *p;
		orcs_buf_adds(&base, "?q=");
		for (p = q; *p; p++) {
			unsigned char ch = (unsigned char)*p;
			if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
				orcs_buf_addc(&base, (char)ch);
			else
				orcs_buf_addf(&base, "%%%02X", ch);
		}
	}
	orcs_dash_pager(o, base.data, page, n > PAGE_SIZE);
	orcs_layout_end(o);
	orcs_buf_release(&like);
	orcs_buf_release(&base);
	return 0;
}

static const orcs_dash_card_def cards[] = {
	{ "decp.markets", "marchés publiés dans les DECP", NULL },
	{ "decp.social_share", "part avec une considération sociale", NULL },
	{ "decp.env_share", "part avec une considération environnementale", NULL },
	{ "decp.field_coverage_social", "renseignement des considérations sociales", NULL },
	{ NULL, NULL, NULL },
};

int orcs_page_buyer(const orcs_req *r, orcs_resp *out)
{
	orcs_db *db = orcs_req_db(r);
	orcs_buf *o = &out->body;
	const char *siret = orcs_req_rest(r);
	orcs_buf name = ORCS_BUF_INIT, path = ORCS_BUF_INIT;
	const orcs_dash_card_def *c;
	sqlite3_stmt *st;
	orcs_filters f;
	size_t i, n = strlen(siret);
	for (i = 0; i < n; i++)
		if (siret[i] < '0' || siret[i] > '9')
			break;
	if (n != 14 || i != n) {
		orcs_resp_error(r, out, 404, "Acheteur introuvable" ORCS_NBSP ": un numéro SIRET de 14 "
					     "chiffres est attendu.");
		return 0;
	}
	if (orcs_db_prepare(db, &st, "SELECT coalesce(nom, siret) FROM dim_buyer WHERE siret = ?1",
			    NULL) == ORCS_OK) {
		sqlite3_bind_text(st, 1, siret, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			orcs_buf_adds(&name, (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if (!name.len) {
		orcs_resp_error(r, out, 404, "Acheteur introuvable" ORCS_NBSP ": ce SIRET n'est pas "
					     "connu de l'observatoire.");
		return 0;
	}
	if (orcs_dash_filters(r, out, &f)) {
		orcs_buf_release(&name);
		return 0;
	}
	orcs_filters_set(&f, ORCS_FLT_ACHETEUR, siret);
	orcs_buf_addf(&path, "/acheteur/%s", siret);
	orcs_layout_begin(o, name.data, "/acheteur");
	orcs_buf_adds(o, "<p class=\"crumbs\"><a href=\"/acheteur\">Acheteurs</a> › SIRET ");
	orcs_escape_html(o, siret);
	orcs_buf_adds(o, "</p>\n<h1>");
	orcs_escape_html(o, name.data);
	orcs_buf_adds(o, "</h1>\n<p class=\"lead\">Marchés de cet acheteur publiés dans les données "
			 "essentielles de la commande publique, et leurs considérations sociales et "
			 "environnementales.</p>\n");
	{
		orcs_filters own = f;
		orcs_filters_set(&own, ORCS_FLT_ACHETEUR, NULL);
		orcs_dash_form(db, o, path.data, &own, ORCS_DASH_F(ORCS_FLT_YEAR), "decp.markets");
	}
	orcs_buf_adds(o, "<h2>Chiffres clés</h2>\n");
	orcs_dash_cards_begin(o);
	for (c = cards; c->indicator; c++)
		orcs_dash_card(db, o, c->indicator, &f, c->label, NULL);
	orcs_dash_cards_end(o);
	orcs_buf_adds(o, "<h2>Graphiques</h2>\n<div class=\"figures\">\n");
	orcs_dash_page_figures(db, o, "/acheteur", &f);
	orcs_buf_adds(o, "</div>\n");
	orcs_layout_end(o);
	orcs_buf_release(&name);
	orcs_buf_release(&path);
	return 0;
}
