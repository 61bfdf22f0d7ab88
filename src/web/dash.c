/* dash.c - filters, filter form and figure blocks shared by the dashboards. */
#include "web/dash.h"

#include <stdio.h>
#include <string.h>

#include "render/chart.h"
#include "render/escape.h"

static const char *req_get(void *ctx, const char *name)
{
	return orcs_req_param((const orcs_req *)ctx, name);
}

int orcs_dash_filters(const orcs_req *r, orcs_resp *out, orcs_filters *f)
{
	orcs_error err = ORCS_ERROR_INIT;
	if (orcs_filters_parse(f, req_get, (void *)r, &err) == ORCS_OK)
		return 0;
	orcs_resp_error(r, out, 400, err.msg);
	return 1;
}

static void option(orcs_buf *o, const char *value, const char *label, const char *current)
{
	orcs_buf_adds(o, "<option value=\"");
	orcs_escape_html(o, value);
	orcs_buf_adds(o, "\"");
	if (current && !strcmp(current, value))
		orcs_buf_adds(o, " selected");
	orcs_buf_adds(o, ">");
	orcs_escape_html(o, label);
	orcs_buf_adds(o, "</option>");
}

/* A <select> whose options come from a referential query (code, label). */
static void select_sql(orcs_db *db, orcs_buf *o, int id, const orcs_filters *f, const char *sql,
		       const char *bind)
{
	sqlite3_stmt *st;
	const orcs_filter_def *d = &orcs_filter_defs[id];
	orcs_buf_addf(o, "<label for=\"f-%s\">", d->param);
	orcs_escape_html(o, d->label);
	orcs_buf_addf(o, "<select id=\"f-%s\" name=\"%s\">", d->param, d->param);
	option(o, "", id == ORCS_FLT_YEAR ? "Dernière année connue" : "Tous", f->v[id]);
	if (orcs_db_prepare(db, &st, sql, NULL) == ORCS_OK) {
		if (bind)
			sqlite3_bind_text(st, 1, bind, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *code = (const char *)sqlite3_column_text(st, 0);
			const char *label = (const char *)sqlite3_column_text(st, 1);
			if (code)
				option(o, code, label ? label : code, f->v[id]);
		}
		sqlite3_finalize(st);
	}
	orcs_buf_adds(o, "</select></label>\n");
}

#define ENUM_SQL "SELECT code, label FROM dim_enum WHERE enum = ?1 ORDER BY ord"

void orcs_dash_form(orcs_db *db, orcs_buf *o, const char *path, const orcs_filters *f,
		    unsigned mask, const char *year_indicator)
{
	orcs_buf_adds(o, "<form class=\"filters\" method=\"get\" action=\"");
	orcs_escape_html(o, path);
	orcs_buf_adds(o, "\" aria-label=\"Filtres\">\n");
	if (mask & ORCS_DASH_F(ORCS_FLT_YEAR))
		select_sql(db, o, ORCS_FLT_YEAR, f,
			   "SELECT DISTINCT year, year FROM ind_cache WHERE indicator = ?1 AND "
			   "year > 0 AND audience = 'public' ORDER BY year DESC",
			   year_indicator ? year_indicator : "clauses.hours_realised");
	if (mask & ORCS_DASH_F(ORCS_FLT_DEPT))
		select_sql(db, o, ORCS_FLT_DEPT, f,
			   "SELECT code, code || ' – ' || nom FROM dim_departement ORDER BY code",
			   NULL);
	if (mask & ORCS_DASH_F(ORCS_FLT_EPT))
		select_sql(db, o, ORCS_FLT_EPT, f,
			   "SELECT siren, nom FROM dim_epci WHERE type = 'EPT' ORDER BY nom", NULL);
	if (mask & ORCS_DASH_F(ORCS_FLT_NATURE))
		select_sql(db, o, ORCS_FLT_NATURE, f, ENUM_SQL, "nature_marche");
	if (mask & ORCS_DASH_F(ORCS_FLT_MOD))
		select_sql(db, o, ORCS_FLT_MOD, f, ENUM_SQL, "fulfilment_modality");
	if (mask & ORCS_DASH_F(ORCS_FLT_DONNEUR_TYPE))
		select_sql(db, o, ORCS_FLT_DONNEUR_TYPE, f, ENUM_SQL, "donneur_type");
	if (mask & ORCS_DASH_F(ORCS_FLT_PROGRAMME))
		select_sql(db, o, ORCS_FLT_PROGRAMME, f, ENUM_SQL, "programme");
	orcs_buf_adds(o, "<button type=\"submit\">Appliquer</button>\n<a class=\"reset\" href=\"");
	orcs_escape_html(o, path);
	orcs_buf_adds(o, "\">Réinitialiser</a>\n");
	if (orcs_filters_any(f) || f->year) {
		orcs_buf url = ORCS_BUF_INIT;
		orcs_filters_url(f, path, -1, NULL, &url);
		orcs_buf_adds(o, "<p class=\"share\">Lien à partager" ORCS_NBSP ": <a href=\"");
		orcs_escape_html(o, url.data);
		orcs_buf_adds(o, "\">");
		orcs_escape_html(o, url.data);
		orcs_buf_adds(o, "</a></p>\n");
		orcs_buf_release(&url);
	}
	orcs_buf_adds(o, "</form>\n");
}

static void export_links(orcs_buf *o, const char *id, const orcs_filters *f)
{
	static const char *const ext[] = { "csv", "xlsx", "json", "svg" };
	static const char *const label[] = { "CSV", "Excel", "JSON", "SVG" };
	unsigned i;
	orcs_buf_adds(o, "<p class=\"exports\">Télécharger les données" ORCS_NBSP ": ");
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		orcs_buf path = ORCS_BUF_INIT, url = ORCS_BUF_INIT;
		orcs_buf_addf(&path, "/graphique/%s.%s", id, ext[i]);
		orcs_filters_url(f, path.data, -1, NULL, &url);
		orcs_buf_adds(o, "<a href=\"");
		orcs_escape_html(o, url.data);
		orcs_buf_adds(o, "\">");
		orcs_escape_html(o, label[i]);
		orcs_buf_adds(o, "<span class=\"visually-hidden\"> (");
		orcs_escape_html(o, id);
		orcs_buf_adds(o, ")</span></a>");
		orcs_buf_release(&path);
		orcs_buf_release(&url);
	}
	/* TODO(lead): add PNG once orcs_chart_png() (cairo, reports branch) is in main. */
	orcs_buf_adds(o, "</p>\n");
}

void orcs_dash_figure(orcs_db *db, orcs_buf *o, const char *id, const orcs_filters *f)
{
	const orcs_figure *fig = orcs_figure_find(id);
	orcs_error err = ORCS_ERROR_INIT;
	orcs_chart *c = NULL;
	if (!fig)
		return;
	orcs_buf_adds(o, "<section class=\"figure\" id=\"");
	orcs_escape_html(o, id);
	orcs_buf_adds(o, "\">\n<h3>");
	orcs_escape_html(o, fig->title);
	orcs_buf_adds(o, "</h3>\n");
	if (orcs_figure_chart(db, fig, f, ORCS_AUDIENCE_PUBLIC, &c, &err) != ORCS_OK) {
		orcs_buf_adds(o, "<p class=\"error\">Graphique indisponible" ORCS_NBSP ": ");
		orcs_escape_html(o, err.msg);
		orcs_buf_adds(o, "</p>\n</section>\n");
		return;
	}
	{
		orcs_buf dom = ORCS_BUF_INIT;
		orcs_buf_addf(&dom, "svg-%s", id);
		orcs_chart_set_dom_id(c, dom.data);
		orcs_buf_release(&dom);
	}
	orcs_buf_adds(o, "<figure class=\"chart\">\n<div class=\"svg\">");
	orcs_chart_svg(c, o);
	orcs_buf_adds(o, "</div>\n<figcaption class=\"summary\">");
	orcs_escape_html(o, orcs_chart_summary(c) ? orcs_chart_summary(c) : "");
	orcs_buf_adds(o, "</figcaption>\n</figure>\n<details class=\"table\"><summary>Voir les "
			 "données du graphique</summary>\n");
	orcs_chart_table_html(c, o);
	orcs_buf_adds(o, "</details>\n");
	export_links(o, id, f);
	orcs_buf_adds(o, "</section>\n");
	orcs_chart_free(c);
}

void orcs_dash_page_figures(orcs_db *db, orcs_buf *o, const char *page, const orcs_filters *f)
{
	unsigned i;
	for (i = 0; i < orcs_figures_count; i++)
		if (!strcmp(orcs_figures[i].page, page))
			orcs_dash_figure(db, o, orcs_figures[i].id, f);
}
