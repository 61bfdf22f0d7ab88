/* page_home.c - the home page: key figures and the map of DECP contracts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "render/chart.h"
#include "render/escape.h"
#include "web/layout.h"
#include "web/routes.h"

static long long scalar(orcs_db *db, const char *sql)
{
	return orcs_db_scalar(db, sql, 0);
}

static void card(orcs_buf *o, long long n, const char *label, const char *detail)
{
	orcs_buf_adds(o, "<div class=\"card\"><span class=\"figure\">");
	orcs_fmt_number(o, (double)n, 0);
	orcs_buf_adds(o, "</span>");
	orcs_escape_html(o, label);
	if (detail) {
		orcs_buf_adds(o, "<br><span class=\"trend\">");
		orcs_escape_html(o, detail);
		orcs_buf_adds(o, "</span>");
	}
	orcs_buf_adds(o, "</div>\n");
}

/* Contracts by département of execution, as a map and a table. */
static void dept_map(orcs_db *db, orcs_buf *o)
{
	static orcs_geo *geo; /* loaded once; read-only afterwards */
	static int tried;
	sqlite3_stmt *st;
	orcs_chart *c;
	int s;
	if (!tried) {
		/* contours ship in data/geo; ORCS_DATA tells where data/ is */
		const char *dir = getenv("ORCS_DATA");
		orcs_buf path = ORCS_BUF_INIT;
		orcs_error err;
		orcs_buf_addf(&path, "%s/geo/idf_departements_contours.geojson",
			      dir && *dir ? dir : ORCS_DATADIR);
		geo = orcs_geo_load(path.data, "code", &err);
		orcs_buf_release(&path);
		tried = 1;
	}
	if (orcs_db_prepare(db, &st,
			    "SELECT d.code, d.nom, (SELECT count(*) FROM decp_contract c "
			    "WHERE c.in_idf = 1 AND c.departement = d.code) FROM dim_departement d "
			    "ORDER BY d.code",
			    NULL))
		return;
	c = orcs_chart_new(ORCS_CHART_MAP, "Contrats DECP par département d'exécution");
	orcs_chart_set_unit(c, ORCS_UNIT_COUNT, 0);
	orcs_chart_set_source(c, "Source" ORCS_NBSP ": DECP (Licence Ouverte), ORCS" ORCS_NBSP
				 "; contours IGN Admin Express 2018");
	orcs_chart_set_summary(c, "Carte du nombre de contrats publiés dans les DECP par "
				  "département d'exécution en Île-de-France.");
	orcs_chart_set_geo(c, geo);
	s = orcs_chart_add_series(c, "Contrats");
	while (sqlite3_step(st) == SQLITE_ROW) {
		int k = orcs_chart_add_category(c, (const char *)sqlite3_column_text(st, 0),
						(const char *)sqlite3_column_text(st, 1));
		orcs_chart_set(c, s, k, (double)sqlite3_column_int64(st, 2), 0);
	}
	sqlite3_finalize(st);
	orcs_buf_adds(o, "<figure class=\"chart\">\n");
	orcs_chart_svg(c, o);
	orcs_buf_adds(o, "<figcaption>");
	orcs_escape_html(o, "Nombre de contrats des DECP par département d'exécution (tous formats, "
			    "toutes années).");
	orcs_buf_adds(o, "</figcaption>\n<details class=\"table\"><summary>Voir les données</summary>\n");
	orcs_chart_table_html(c, o);
	orcs_buf_adds(o, "</details></figure>\n");
	orcs_chart_free(c);
}

int orcs_page_home(const orcs_req *r, orcs_resp *out)
{
	orcs_db *db = orcs_req_db(r);
	orcs_buf *o = &out->body;
	orcs_layout_begin(o, "Accueil", "/");
	orcs_buf_adds(o, "<h1>Les clauses sociales dans la commande publique en Île-de-France</h1>\n"
			 "<p class=\"lead\">ORCS rassemble les données essentielles de la commande "
			 "publique, le suivi des clauses sociales par les facilitateurs et les "
			 "annuaires de structures inclusives pour mesurer la progression des clauses "
			 "et ce qu'elles apportent.</p>\n<h2>Chiffres clés</h2>\n<div class=\"cards\">\n");
	card(o, scalar(db, "SELECT count(*) FROM decp_contract WHERE in_idf = 1"),
	     "contrats DECP exécutés en Île-de-France", "après dédoublonnage");
	card(o, scalar(db, "SELECT count(DISTINCT buyer_siret) FROM decp_contract WHERE in_idf = 1"),
	     "acheteurs publics", NULL);
	card(o, scalar(db, "SELECT count(*) FROM decp_contract WHERE in_idf = 1 AND social_status = "
			   "'FILLED' AND social_values <> 'SOC_NONE'"),
	     "contrats avec une considération sociale", "format 2024, champ renseigné");
	card(o, scalar(db, "SELECT count(*) FROM ind_catalogue"), "indicateurs définis",
	     "voir la méthodologie");
	orcs_buf_adds(o, "</div>\n<h2>Où s'exécutent les marchés</h2>\n");
	dept_map(db, o);
	orcs_layout_end(o);
	return 0;
}
