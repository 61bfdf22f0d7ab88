/* page_territory.c - one page per territory (/territoire/dept/93,
 * /territoire/ept/SIREN, /territoire/commune/INSEE): the indicators
 * filtered to it; /territoire lists the territories with their maps. */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "render/escape.h"
#include "web/dash.h"
#include "web/layout.h"
#include "web/routes.h"

/* Writes a list of links from a referential query (code, label). */
static void link_list(orcs_db *db, orcs_buf *o, const char *sql, const char *bind,
		      const char *prefix, const char *cls)
{
	sqlite3_stmt *st;
	if (orcs_db_prepare(db, &st, sql, NULL))
		return;
	if (bind)
		sqlite3_bind_text(st, 1, bind, -1, SQLITE_STATIC);
	orcs_buf_addf(o, "<ul class=\"%s\">\n", cls);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		const char *label = (const char *)sqlite3_column_text(st, 1);
		if (!code)
			continue;
		orcs_buf_adds(o, "<li><a href=\"");
		orcs_escape_html(o, prefix);
		orcs_escape_html(o, code);
		orcs_buf_adds(o, "\">");
		orcs_escape_html(o, label ? label : code);
		orcs_buf_adds(o, "</a></li>\n");
	}
	orcs_buf_adds(o, "</ul>\n");
	sqlite3_finalize(st);
}

int orcs_page_territories(const orcs_req *r, orcs_resp *out)
{
	orcs_db *db = orcs_req_db(r);
	orcs_buf *o = &out->body;
	orcs_filters f;
	if (orcs_dash_filters(r, out, &f))
		return 0;
	orcs_layout_begin(o, "Territoires", "/territoire");
	orcs_buf_adds(o, "<h1>Les territoires</h1>\n<p class=\"lead\">Choisissez un département, un "
			 "établissement public territorial (EPT) de la Métropole du Grand Paris ou une "
			 "commune pour voir tous ses indicateurs. Les cartes sont cliquables.</p>\n");
	orcs_dash_form(db, o, "/territoire", &f, ORCS_DASH_F(ORCS_FLT_YEAR), "clauses.hours_realised");
	orcs_buf_adds(o, "<div class=\"figures\">\n");
	orcs_dash_page_figures(db, o, "/territoire/", &f);
	orcs_buf_adds(o, "</div>\n<h2>Départements</h2>\n");
	link_list(db, o, "SELECT code, code || ' – ' || nom FROM dim_departement ORDER BY code", NULL,
		  "/territoire/dept/", "tiles compact");
	orcs_buf_adds(o, "<h2>Établissements publics territoriaux</h2>\n");
	link_list(db, o, "SELECT siren, nom FROM dim_epci WHERE type = 'EPT' ORDER BY nom", NULL,
		  "/territoire/ept/", "tiles compact");
	orcs_layout_end(o);
	return 0;
}

/* Looks the territory up in the referential: its name and département. */
static int lookup(orcs_db *db, const char *kind, const char *code, orcs_buf *name, orcs_buf *dept)
{
	sqlite3_stmt *st;
	const char *sql = !strcmp(kind, "dept")
		? "SELECT nom, code FROM dim_departement WHERE code = ?1"
		: !strcmp(kind, "ept") ? "SELECT nom, NULL FROM dim_epci WHERE siren = ?1 AND type = 'EPT'"
		: "SELECT c.nom || ' (' || c.departement || ')', c.departement FROM dim_commune c "
		  "WHERE c.code = ?1";
	int found = 0;
	if (orcs_db_prepare(db, &st, sql, NULL))
		return 0;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		orcs_buf_adds(name, (const char *)sqlite3_column_text(st, 0));
		if (sqlite3_column_text(st, 1))
			orcs_buf_adds(dept, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return found;
}

/* Hours realised and participants are published by département: below
 * it, secrecy hides most cells and the live queries are slow. */
static const orcs_dash_card_def dept_cards[] = {
	{ "clauses.hours_realised", "heures d'insertion réalisées", NULL },
	{ "benef.participants", "participants", NULL },
	{ "clauses.markets_active", "marchés avec clause en cours", NULL },
	{ "decp.markets", "marchés publiés dans les DECP", NULL },
	{ "decp.social_share", "des marchés DECP avec une considération sociale", NULL },
	{ NULL, NULL, NULL },
};
static const orcs_dash_card_def local_cards[] = {
	{ "clauses.hours_planned", "heures d'insertion prévues", NULL },
	{ "clauses.markets_active", "marchés avec clause en cours", NULL },
	{ "decp.markets", "marchés publiés dans les DECP", NULL },
	{ "decp.social_share", "des marchés DECP avec une considération sociale", NULL },
	{ NULL, NULL, NULL },
};

int orcs_page_territory(const orcs_req *r, orcs_resp *out)
{
	orcs_db *db = orcs_req_db(r);
	orcs_buf *o = &out->body;
	const char *rest = orcs_req_rest(r), *slash = strchr(rest, '/');
	orcs_buf name = ORCS_BUF_INIT, dept = ORCS_BUF_INIT, title = ORCS_BUF_INIT,
		 path = ORCS_BUF_INIT;
	char kind[16], code[32];
	orcs_filters f;
	orcs_filter_id fid;
	const orcs_dash_card_def *c;
	unsigned i;
	if (!slash || (size_t)(slash - rest) >= sizeof(kind) || strlen(slash + 1) >= sizeof(code) ||
	    !slash[1]) {
		orcs_resp_error(r, out, 404, "Territoire introuvable.");
		return 0;
	}
	memcpy(kind, rest, (size_t)(slash - rest));
	kind[slash - rest] = 0;
	snprintf(code, sizeof(code), "%s", slash + 1);
	fid = !strcmp(kind, "dept") ? ORCS_FLT_DEPT : !strcmp(kind, "ept") ? ORCS_FLT_EPT
		: !strcmp(kind, "commune") ? ORCS_FLT_COMMUNE : ORCS_FLT_COUNT;
	if (fid == ORCS_FLT_COUNT || !lookup(db, kind, code, &name, &dept)) {
		orcs_resp_error(r, out, 404, "Territoire introuvable" ORCS_NBSP ": ce code n'est pas "
					     "dans le référentiel géographique de l'Île-de-France.");
		goto done;
	}
	if (orcs_dash_filters(r, out, &f))
		goto done;
	/* the page's territory replaces any territory filter of the URL */
	orcs_filters_set(&f, ORCS_FLT_DEPT, NULL);
	orcs_filters_set(&f, ORCS_FLT_EPT, NULL);
	orcs_filters_set(&f, ORCS_FLT_COMMUNE, NULL);
	orcs_filters_set(&f, fid, code);
	orcs_buf_adds(&title, fid == ORCS_FLT_DEPT ? "Département"
			      : fid == ORCS_FLT_EPT ? "Établissement public territorial"
						    : "Commune");
	orcs_buf_addf(&path, "/territoire/%s/%s", kind, code);
	orcs_layout_begin(o, name.data, "/territoire");
	orcs_buf_adds(o, "<p class=\"crumbs\"><a href=\"/territoire\">Territoires</a> › ");
	orcs_escape_html(o, title.data);
	orcs_buf_adds(o, "</p>\n<h1>");
	orcs_escape_html(o, name.data);
	orcs_buf_adds(o, "</h1>\n<p class=\"lead\">Tous les indicateurs de l'observatoire filtrés sur "
			 "ce territoire (lieu d'exécution des marchés). Les cases couvertes par le "
			 "secret statistique sont notées « s ».</p>\n");
	{
		/* the share link is the page itself: no territory parameter */
		orcs_filters own = f;
		orcs_filters_set(&own, fid, NULL);
		orcs_dash_form(db, o, path.data, &own, ORCS_DASH_F(ORCS_FLT_YEAR),
			       "clauses.hours_realised");
	}
	orcs_buf_adds(o, "<h2>Chiffres clés</h2>\n");
	orcs_dash_cards_begin(o);
	for (c = fid == ORCS_FLT_DEPT ? dept_cards : local_cards; c->indicator; c++)
		orcs_dash_card(db, o, c->indicator, &f, c->label, NULL);
	orcs_dash_cards_end(o);
	orcs_buf_adds(o, "<h2>Graphiques</h2>\n<div class=\"figures\">\n");
	for (i = 0; i < orcs_figures_count; i++) {
		const orcs_figure *fig = &orcs_figures[i];
		if (strcmp(fig->page, "/territoire"))
			continue;
		if (fig->levels && !(fig->levels & (fid == ORCS_FLT_DEPT  ? ORCS_FIG_DEPT
						    : fid == ORCS_FLT_EPT ? ORCS_FIG_EPT
									  : ORCS_FIG_COMMUNE)))
			continue;
		orcs_dash_figure(db, o, fig->id, &f);
	}
	orcs_buf_adds(o, "</div>\n<h2>Tous les indicateurs</h2>\n");
	if (fid == ORCS_FLT_DEPT) {
		orcs_dash_indicator_table(db, o, &f, fid, NULL);
	} else {
		/* below the département, the clause indicators are computed live
		 * and mostly secret: the DECP ones are listed here */
		orcs_buf_adds(o, "<p>Les indicateurs des clauses et des bénéficiaires sont publiés "
				 "par département" ORCS_NBSP "; voici ceux des marchés publics.</p>\n");
		orcs_dash_indicator_table(db, o, &f, fid, "decp,inclusive");
	}
	if (fid == ORCS_FLT_DEPT) {
		orcs_buf_adds(o, "<h2>Communes du département</h2>\n");
		link_list(db, o,
			  "SELECT code, nom FROM dim_commune WHERE departement = ?1 AND code <> '75056' "
			  "ORDER BY nom",
			  code, "/territoire/commune/", "columns");
	} else if (fid == ORCS_FLT_EPT) {
		orcs_buf_adds(o, "<h2>Communes de l'EPT</h2>\n");
		link_list(db, o, "SELECT code, nom FROM dim_commune WHERE ept_siren = ?1 ORDER BY nom",
			  code, "/territoire/commune/", "columns");
	} else if (dept.len) {
		orcs_buf_adds(o, "<p class=\"more\"><a href=\"/territoire/dept/");
		orcs_escape_html(o, dept.data);
		orcs_buf_adds(o, "\">Voir le département</a></p>\n");
	}
	orcs_layout_end(o);
done:
	orcs_buf_release(&name);
	orcs_buf_release(&dept);
	orcs_buf_release(&title);
	orcs_buf_release(&path);
	return 0;
}
