/* dash.c - filters, filter form and figure blocks shared by the dashboards. */
#include "web/dash.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "render/chart.h"
#include "render/escape.h"
#include "web/layout.h"

static const char *req_get(void *ctx, const char *name)
{
	return orcs_req_param((const orcs_req *)ctx, name);
}

/* Parameters of the pages besides the filters: lists and search. */
static const char *const page_params[] = { "page", "q", "type", NULL };

static int unknown_param(void *ctx, const char *name, const char *value)
{
	char *bad = ctx;
	int i;
	(void)value;
	if (orcs_filters_known(name))
		return 0;
	for (i = 0; page_params[i]; i++)
		if (!strcmp(name, page_params[i]))
			return 0;
	orcs_excerpt(name, bad, 48);
	return 1;
}

int orcs_dash_filters(const orcs_req *r, orcs_resp *out, orcs_filters *f)
{
	orcs_error err = ORCS_ERROR_INIT;
	char bad[48];
	if (orcs_req_each_param(r, unknown_param, bad)) {
		orcs_buf msg = ORCS_BUF_INIT;
		orcs_buf_addf(&msg, "Paramètre « %s » inconnu. Paramètres acceptés" ORCS_NBSP ": ",
			      bad);
		for (int i = 0; i < ORCS_FLT_COUNT; i++)
			orcs_buf_addf(&msg, "%s%s", i ? ", " : "", orcs_filter_defs[i].param);
		orcs_buf_adds(&msg, ".");
		orcs_resp_error(r, out, 400, msg.data);
		orcs_buf_release(&msg);
		orcs_filters_init(f);
		return 1;
	}
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
	static const char *const ext[] = { "csv", "xlsx", "json", "svg", "png" };
	static const char *const label[] = { "CSV", "Excel", "JSON", "SVG", "PNG" };
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

void orcs_dash_cards_begin(orcs_buf *o)
{
	orcs_buf_adds(o, "<ul class=\"cards\">\n");
}

void orcs_dash_cards_end(orcs_buf *o)
{
	orcs_buf_adds(o, "</ul>\n");
}

void orcs_dash_card(orcs_db *db, orcs_buf *o, const char *indicator, const orcs_filters *f,
		    const char *label, const char *href)
{
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_buf v = ORCS_BUF_INIT, trend = ORCS_BUF_INIT;
	const char *cls = "flat";
	orcs_buf_adds(o, "<li class=\"card\">");
	if (orcs_figure_total(db, indicator, f, f ? f->year : 0, ORCS_AUDIENCE_PUBLIC, &r, &err)) {
		orcs_buf_adds(o, "<span class=\"figure\">–</span><span class=\"label\">");
		orcs_escape_html(o, label);
		orcs_buf_adds(o, "</span><span class=\"trend\">Pas de donnée disponible</span></li>\n");
		return;
	}
	if (r.nrows < 1 || r.rows[0].secret)
		orcs_buf_adds(&v, "s");
	else if (isnan(r.rows[0].value))
		orcs_buf_adds(&v, "–");
	else
		orcs_figure_format(&r, r.rows[0].value, &v);
	if (r.nrows > 0 && r.has_previous && !r.rows[0].secret && !isnan(r.rows[0].change) &&
	    !isnan(r.rows[0].previous)) {
		const orcs_ind_row *t = &r.rows[0];
		if (r.kind == ORCS_IND_RATIO) {
			double pts = t->change; /* the engine gives rates' changes in points */
			if (fabs(pts) < 0.05)
				orcs_buf_addf(&trend, "stable par rapport à %d", r.year - 1);
			else {
				cls = pts > 0 ? "up" : "down";
				orcs_buf_adds(&trend, pts > 0 ? "en hausse de " : "en baisse de ");
				orcs_fmt_number(&trend, fabs(pts), 1);
				orcs_buf_addf(&trend, "" ORCS_NBSP "point%s par rapport à %d",
					      fabs(pts) >= 2 ? "s" : "", r.year - 1);
			}
		} else if (t->previous > 0) {
			double pct = t->change / t->previous;
			if (fabs(pct) < 0.0005)
				orcs_buf_addf(&trend, "stable par rapport à %d", r.year - 1);
			else {
				cls = pct > 0 ? "up" : "down";
				orcs_buf_adds(&trend, pct > 0 ? "en hausse de " : "en baisse de ");
				orcs_fmt_percent(&trend, fabs(pct), fabs(pct) < 0.1 ? 1 : 0);
				orcs_buf_addf(&trend, " par rapport à %d", r.year - 1);
			}
		} else
			orcs_buf_addf(&trend, "aucune valeur en %d", r.year - 1);
	} else if (r.nrows > 0 && r.rows[0].secret)
		orcs_buf_adds(&trend, "secret statistique");
	else
		orcs_buf_adds(&trend, r.has_previous ? "pas de comparaison possible avec l'année "
						      "précédente" : "toutes années");
	orcs_buf_adds(o, "<span class=\"figure\">");
	orcs_escape_html(o, v.data);
	orcs_buf_adds(o, "</span><span class=\"label\">");
	if (href) {
		orcs_buf_adds(o, "<a href=\"");
		orcs_escape_html(o, href);
		orcs_buf_adds(o, "\">");
	}
	orcs_escape_html(o, label);
	if (r.year)
		orcs_buf_addf(o, " en %d", r.year);
	if (href)
		orcs_buf_adds(o, "</a>");
	orcs_buf_addf(o, "</span><span class=\"trend %s\">", cls);
	if (!strcmp(cls, "up"))
		orcs_buf_adds(o, "<span aria-hidden=\"true\">▲ </span>");
	else if (!strcmp(cls, "down"))
		orcs_buf_adds(o, "<span aria-hidden=\"true\">▼ </span>");
	orcs_escape_html(o, trend.data);
	orcs_buf_adds(o, "</span>");
	if (r.nrows > 0 && !r.rows[0].secret && !isnan(r.rows[0].coverage)) {
		orcs_buf cov = ORCS_BUF_INIT;
		orcs_fmt_percent(&cov, r.rows[0].coverage, 0);
		orcs_buf_adds(o, "<span class=\"coverage\">couverture" ORCS_NBSP ": ");
		orcs_escape_html(o, cov.data);
		orcs_buf_adds(o, "</span>");
		orcs_buf_release(&cov);
	}
	orcs_buf_adds(o, "</li>\n");
	orcs_buf_release(&v);
	orcs_buf_release(&trend);
	orcs_ind_result_release(&r);
}

int orcs_dash_serve(const orcs_req *r, orcs_resp *out, const orcs_dash_page *p,
		    void (*extra)(const orcs_req *r, orcs_buf *o, const orcs_filters *f))
{
	orcs_db *db = orcs_req_db(r);
	orcs_buf *o = &out->body;
	orcs_filters f;
	const orcs_dash_card_def *c;
	if (orcs_dash_filters(r, out, &f))
		return 0;
	orcs_layout_begin(o, p->title, p->path);
	orcs_buf_adds(o, "<h1>");
	orcs_escape_html(o, p->h1);
	orcs_buf_adds(o, "</h1>\n<p class=\"lead\">");
	orcs_escape_html(o, p->lead);
	orcs_buf_adds(o, "</p>\n");
	if (p->filters)
		orcs_dash_form(db, o, p->path, &f, p->filters, p->year_indicator);
	if (p->cards && p->cards->indicator) {
		orcs_buf_adds(o, "<h2>Chiffres clés</h2>\n");
		orcs_dash_cards_begin(o);
		for (c = p->cards; c->indicator; c++) {
			orcs_buf url = ORCS_BUF_INIT;
			if (c->href)
				orcs_filters_url(&f, c->href, -1, NULL, &url);
			orcs_dash_card(db, o, c->indicator, &f, c->label, c->href ? url.data : NULL);
			orcs_buf_release(&url);
		}
		orcs_dash_cards_end(o);
	}
	orcs_buf_adds(o, "<h2>Graphiques</h2>\n<div class=\"figures\">\n");
	orcs_dash_page_figures(db, o, p->path, &f);
	orcs_buf_adds(o, "</div>\n");
	if (extra)
		extra(r, o, &f);
	orcs_layout_end(o);
	return 0;
}

/* page=N (1..10000); 0 when malformed. */
int orcs_dash_page_number(const orcs_req *r)
{
	const char *p = orcs_req_param(r, "page");
	size_t i, n;
	if (!p || !*p)
		return 1;
	n = strlen(p);
	if (n > 5)
		return 0;
	for (i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return atoi(p) >= 1 && atoi(p) <= 10000 ? atoi(p) : 0;
}

void orcs_dash_pager(orcs_buf *o, const char *base, int page, int more)
{
	orcs_buf_adds(o, "<nav class=\"pager\" aria-label=\"Pagination\">");
	if (page > 1) {
		orcs_buf_adds(o, "<a rel=\"prev\" href=\"");
		orcs_escape_html(o, base);
		orcs_buf_addf(o, "%spage=%d\">Page précédente</a> ", strchr(base, '?') ? "&" : "?",
			      page - 1);
	}
	orcs_buf_addf(o, "<span>Page %d</span>", page);
	if (more) {
		orcs_buf_adds(o, " <a rel=\"next\" href=\"");
		orcs_escape_html(o, base);
		orcs_buf_addf(o, "%spage=%d\">Page suivante</a>", strchr(base, '?') ? "&" : "?",
			      page + 1);
	}
	orcs_buf_adds(o, "</nav>\n");
}


/* 1 when `family` is in the comma-separated list (NULL: every family). */
static int in_list(const char *list, const char *family)
{
	size_t n = strlen(family);
	const char *p = list;
	if (!list)
		return 1;
	while (*p) {
		size_t m = strcspn(p, ",");
		if (m == n && !strncmp(p, family, n))
			return 1;
		p += m + (p[m] == ',');
	}
	return 0;
}

void orcs_dash_indicator_table(orcs_db *db, orcs_buf *o, const orcs_filters *f, int flt_id,
			       const char *families)
{
	sqlite3_stmt *st;
	const char *dim = orcs_filter_defs[flt_id].dim;
	char name[32];
	int n = 0;
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(dim, ":"), dim);
	/* the catalogue (metadata): indicators having the dimension */
	if (orcs_db_prepare(db, &st,
			    "SELECT c.id, c.label, c.family FROM ind_catalogue c WHERE c.version = "
			    "(SELECT max(version) FROM ind_catalogue WHERE id = c.id) AND ',' || "
			    "c.dims || ',' LIKE '%,' || ?1 || ',%' ORDER BY c.id",
			    NULL))
		return;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	orcs_buf_adds(o, "<div class=\"table-wrap\"><table class=\"list indicators\"><caption>Tous "
			 "les indicateurs du territoire</caption>\n<thead><tr><th scope=\"col\">"
			 "Indicateur</th><th scope=\"col\">Année</th><th scope=\"col\">Valeur</th>"
			 "<th scope=\"col\">Évolution sur un an</th><th scope=\"col\">Couverture</th>"
			 "</tr></thead>\n<tbody>\n");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *label = (const char *)sqlite3_column_text(st, 1);
		const char *family = (const char *)sqlite3_column_text(st, 2);
		const char *reason;
		orcs_ind_result r;
		orcs_error err = ORCS_ERROR_INIT;
		orcs_buf v = ORCS_BUF_INIT, ch = ORCS_BUF_INIT, cov = ORCS_BUF_INIT;
		if (!id || !family || orcs_ind_status(id, &reason) != 1 || !in_list(families, family))
			continue;
		if (orcs_figure_total(db, id, f, f->year, ORCS_AUDIENCE_PUBLIC, &r, &err))
			continue;
		if (r.nrows > 0 && r.rows[0].secret) {
			orcs_buf_adds(&v, "s");
		} else if (r.nrows > 0 && !isnan(r.rows[0].value)) {
			const orcs_ind_row *t = &r.rows[0];
			orcs_figure_format(&r, t->value, &v);
			if (!isnan(t->change) && r.has_previous) {
				if (r.kind == ORCS_IND_RATIO) {
					orcs_buf_adds(&ch, t->change > 0 ? "+" : "");
					orcs_fmt_number(&ch, t->change, 1);
					orcs_buf_adds(&ch, ORCS_NBSP "pt");
				} else {
					orcs_buf_adds(&ch, t->change > 0 ? "+" : "");
					orcs_figure_format(&r, t->change, &ch);
				}
			}
			if (!isnan(t->coverage))
				orcs_fmt_percent(&cov, t->coverage, 0);
		}
		orcs_buf_adds(o, "<tr><th scope=\"row\">");
		orcs_escape_html(o, label ? label : id);
		orcs_buf_adds(o, " <span class=\"note\">(");
		orcs_escape_html(o, id);
		orcs_buf_addf(o, ")</span></th><td>%d</td><td>", r.year);
		orcs_escape_html(o, v.len ? v.data : "–");
		orcs_buf_adds(o, "</td><td>");
		orcs_escape_html(o, ch.len ? ch.data : "–");
		orcs_buf_adds(o, "</td><td>");
		orcs_escape_html(o, cov.len ? cov.data : "–");
		orcs_buf_adds(o, "</td></tr>\n");
		n++;
		orcs_buf_release(&v);
		orcs_buf_release(&ch);
		orcs_buf_release(&cov);
		orcs_ind_result_release(&r);
	}
	sqlite3_finalize(st);
	orcs_buf_adds(o, "</tbody></table></div>\n");
	if (!n)
		orcs_buf_adds(o, "<p>Aucun indicateur disponible pour ce territoire.</p>\n");
	else
		orcs_buf_adds(o, "<p class=\"note\">s" ORCS_NBSP ": secret statistique" ORCS_NBSP
				 "; couverture" ORCS_NBSP ": part de la population dont "
				 "l'information est connue. Définitions" ORCS_NBSP ": <a "
				 "href=\"/methodologie\">méthodologie</a>.</p>\n");
}
