/* page_inclusive.c - entreprises inclusives: where the SIAE, EA, ESAT and
 * GEIQ of the public directories are, what share of the markets and hours
 * they get, and a sourcing list by type and département (paginated). */
#include <string.h>

#include "core/text.h"
#include "render/escape.h"
#include "web/dash.h"
#include "web/routes.h"

#define PAGE_SIZE 50

static const orcs_dash_card_def cards[] = {
	{ "inclusive.decp_share_count", "des marchés DECP attribués à une structure inclusive", NULL },
	{ "inclusive.hours_share_structures", "des heures d'insertion réalisées par elles", NULL },
	{ "inclusive.reserved_markets", "marchés réservés", NULL },
	{ "inclusive.subcontract_count", "marchés avec un sous-traitant inclusif", NULL },
	{ NULL, NULL, NULL },
};

static const orcs_dash_page page = {
	"/entreprises-inclusives", "Entreprises inclusives", "Les entreprises inclusives",
	"Structures de l'insertion par l'activité économique (SIAE), entreprises adaptées, ESAT et "
	"GEIQ : où elles sont, la part des marchés et des heures qu'elles obtiennent, et une liste "
	"pour les acheteurs qui cherchent des fournisseurs.",
	ORCS_DASH_F(ORCS_FLT_YEAR) | ORCS_DASH_F(ORCS_FLT_DEPT), "inclusive.decp_share_count", cards
};

/* The sourcing list: public directory data (names, SIRET, type, activity). */
static void sourcing(const orcs_req *r, orcs_buf *o, const orcs_filters *f)
{
	orcs_db *db = orcs_req_db(r);
	const char *type = orcs_req_param(r, "type");
	int pg = orcs_dash_page_number(r), n = 0;
	sqlite3_stmt *st;
	orcs_buf base = ORCS_BUF_INIT;
	orcs_buf_adds(o, "<h2 id=\"annuaire\">Trouver une structure inclusive</h2>\n"
			 "<form class=\"filters\" method=\"get\" action=\"/entreprises-inclusives#annuaire\">"
			 "<label for=\"s-type\">Type de structure<select id=\"s-type\" name=\"type\">"
			 "<option value=\"\">Tous</option>");
	if (orcs_db_prepare(db, &st,
			    "SELECT code, label FROM dim_enum WHERE enum = 'structure_type' AND note IN "
			    "('inclusive', 'geiq') ORDER BY ord",
			    NULL) == ORCS_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *code = (const char *)sqlite3_column_text(st, 0);
			orcs_buf_adds(o, "<option value=\"");
			orcs_escape_html(o, code);
			orcs_buf_adds(o, "\"");
			if (type && !strcmp(type, code))
				orcs_buf_adds(o, " selected");
			orcs_buf_adds(o, ">");
			orcs_escape_html(o, (const char *)sqlite3_column_text(st, 1));
			orcs_buf_adds(o, "</option>");
		}
		sqlite3_finalize(st);
	}
	orcs_buf_adds(o, "</select></label><label for=\"s-dept\">Département<select id=\"s-dept\" "
			 "name=\"dept\"><option value=\"\">Tous</option>");
	if (orcs_db_prepare(db, &st, "SELECT code, code || ' – ' || nom FROM dim_departement ORDER BY "
				     "code", NULL) == ORCS_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *code = (const char *)sqlite3_column_text(st, 0);
			orcs_buf_adds(o, "<option value=\"");
			orcs_escape_html(o, code);
			orcs_buf_adds(o, "\"");
			if (!strcmp(f->v[ORCS_FLT_DEPT], code))
				orcs_buf_adds(o, " selected");
			orcs_buf_adds(o, ">");
			orcs_escape_html(o, (const char *)sqlite3_column_text(st, 1));
			orcs_buf_adds(o, "</option>");
		}
		sqlite3_finalize(st);
	}
	orcs_buf_adds(o, "</select></label><button type=\"submit\">Chercher</button></form>\n");
	if (orcs_db_prepare(db, &st,
			    "SELECT e.nom, e.siret, t.label, e.departement, e.naf FROM dim_enterprise e "
			    "JOIN dim_enum t ON t.enum = 'structure_type' AND t.code = e.structure_type "
			    "AND t.note IN ('inclusive', 'geiq') WHERE e.siret_valid = 1 AND (?1 = '' OR "
			    "e.structure_type = ?1) AND (?2 = '' OR e.departement = ?2) ORDER BY e.nom, "
			    "e.siret LIMIT ?3 OFFSET ?4",
			    NULL) != ORCS_OK)
		return;
	sqlite3_bind_text(st, 1, type ? type : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->v[ORCS_FLT_DEPT], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, PAGE_SIZE + 1);
	sqlite3_bind_int(st, 4, (pg - 1) * PAGE_SIZE);
	orcs_buf_adds(o, "<table class=\"list\"><caption>Structures inclusives (annuaires publics)"
			 "</caption>\n<thead><tr><th scope=\"col\">Structure</th><th scope=\"col\">"
			 "SIRET</th><th scope=\"col\">Type</th><th scope=\"col\">Département</th><th "
			 "scope=\"col\">Activité (NAF)</th></tr></thead>\n<tbody>\n");
	while (sqlite3_step(st) == SQLITE_ROW) {
		int c;
		if (++n > PAGE_SIZE)
			break;
		orcs_buf_adds(o, "<tr><th scope=\"row\">");
		orcs_escape_html(o, sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0)
							       : "–");
		orcs_buf_adds(o, "</th>");
		for (c = 1; c < 5; c++) {
			const char *v = (const char *)sqlite3_column_text(st, c);
			orcs_buf_adds(o, "<td>");
			orcs_escape_html(o, v ? v : "–");
			orcs_buf_adds(o, "</td>");
		}
		orcs_buf_adds(o, "</tr>\n");
	}
	sqlite3_finalize(st);
	orcs_buf_adds(o, "</tbody></table>\n");
	if (!n)
		orcs_buf_adds(o, "<p>Aucune structure ne correspond à ces critères.</p>\n");
	orcs_filters_url(f, "/entreprises-inclusives", -1, NULL, &base);
	if (type && *type) {
		orcs_buf_adds(&base, strchr(base.data, '?') ? "&type=" : "?type=");
		orcs_buf_adds(&base, type); /* validated: a code of the enumeration */
	}
	orcs_dash_pager(o, base.data, pg, n > PAGE_SIZE);
	orcs_buf_release(&base);
}

/* `type` must be a code of the inclusive structure types. */
static int valid_type(orcs_db *db, const char *type)
{
	sqlite3_stmt *st;
	int ok = 0;
	if (!type || !*type)
		return 1;
	if (orcs_db_prepare(db, &st,
			    "SELECT 1 FROM dim_enum WHERE enum = 'structure_type' AND note IN "
			    "('inclusive', 'geiq') AND code = ?1",
			    NULL))
		return 0;
	sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return ok;
}

int orcs_page_inclusive(const orcs_req *r, orcs_resp *out)
{
	if (!valid_type(orcs_req_db(r), orcs_req_param(r, "type"))) {
		orcs_resp_error(r, out, 400, "Paramètre « type »" ORCS_NBSP ": type de structure "
					     "inclusive inconnu (EI, ETTI, AI, ACI, EA, EATT, ESAT, GEIQ…).");
		return 0;
	}
	if (!orcs_dash_page_number(r)) {
		orcs_resp_error(r, out, 400, "Paramètre « page »" ORCS_NBSP ": un nombre entre 1 et "
					     "10" ORCS_NNBSP "000 est attendu.");
		return 0;
	}
	return orcs_dash_serve(r, out, &page, sourcing);
}
