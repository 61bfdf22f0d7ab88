/* page_methodology.c - the methodology page, generated from the catalogue. */
#include "render/escape.h"
#include "web/layout.h"
#include "web/routes.h"

static const struct {
	const char *code, *title;
} families[] = {
	{ "clauses", "Clauses" },
	{ "benef", "Bénéficiaires" },
	{ "decp", "Marchés publics (DECP)" },
	{ "platform", "Plateforme" },
	{ "ogpf", "Grands projets (OGPF)" },
	{ "inclusive", "Entreprises inclusives" },
	{ "quality", "Qualité des données" },
};

static void field(orcs_buf *o, const char *name, const unsigned char *v)
{
	if (!v || !*v)
		return;
	orcs_buf_adds(o, "<dt>");
	orcs_escape_html(o, name);
	orcs_buf_adds(o, "</dt><dd>");
	orcs_escape_html(o, (const char *)v);
	orcs_buf_adds(o, "</dd>\n");
}

int orcs_page_methodology(const orcs_req *r, orcs_resp *out)
{
	orcs_db *db = orcs_req_db(r);
	orcs_buf *o = &out->body;
	sqlite3_stmt *st;
	unsigned i;
	orcs_layout_begin(o, "Méthodologie", "/methodologie");
	orcs_buf_adds(o, "<h1>Méthodologie</h1>\n<p class=\"lead\">Chaque indicateur est défini une "
			 "seule fois, avec sa version, sa règle d'année, son dénominateur, sa "
			 "couverture et sa classe de secret statistique. Un taux est toujours "
			 "accompagné de son effectif et de sa couverture" ORCS_NBSP "; les valeurs "
			 "annuelles d'un indicateur non additif ne sont jamais additionnées.</p>\n");
	if (orcs_db_prepare(db, &st,
			    "SELECT id, version, label, definition, unit, year_rule, secrecy, caveats, "
			    "coverage FROM ind_catalogue WHERE family = ? ORDER BY id",
			    NULL)) {
		orcs_resp_error(r, out, 503, "Catalogue indisponible.");
		return 0;
	}
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		orcs_buf_adds(o, "<h2>");
		orcs_escape_html(o, families[i].title);
		orcs_buf_adds(o, "</h2>\n");
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, families[i].code, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			orcs_buf_adds(o, "<h3 id=\"");
			orcs_escape_html(o, (const char *)sqlite3_column_text(st, 0));
			orcs_buf_adds(o, "\">");
			orcs_escape_html(o, (const char *)sqlite3_column_text(st, 2));
			orcs_buf_adds(o, "</h3>\n<dl>\n");
			field(o, "Identifiant", sqlite3_column_text(st, 0));
			field(o, "Définition", sqlite3_column_text(st, 3));
			field(o, "Règle d'année", sqlite3_column_text(st, 5));
			field(o, "Couverture", sqlite3_column_text(st, 8));
			field(o, "Secret statistique", sqlite3_column_text(st, 6));
			field(o, "Précautions", sqlite3_column_text(st, 7));
			orcs_buf_adds(o, "</dl>\n");
		}
	}
	sqlite3_finalize(st);
	orcs_layout_end(o);
	return 0;
}
