/*
 * report_sheet.c - `orcs report sheet` and `orcs report all`: two-page fact
 * sheets for a territory (département, EPT, commune), a buyer or a target
 * public.  Page 1: title band, key figures with their progression in
 * words, two of the site's figures; page 2: four more figures and the table
 * of indicators.  What each kind of sheet shows is declared once in
 * kinds[]; the figures are the site's (render/figures.h) under the
 * sheet's filters.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/text.h"
#include "publish/report_internal.h"

#define NB ORCS_NBSP
#define M ORCS_PDF_MARGIN
#define BODY (ORCS_PDF_WIDTH - 2 * ORCS_PDF_MARGIN)

typedef struct kind_def {
	orcs_sheet_kind kind;
	const char *prefix;     /* --territory prefix, file name prefix */
	const char *label;      /* "Fiche département" */
	const char *by;         /* engine dimension whose row is the target */
	int filter;             /* registry filter id, or -1 */
	const char *name_sql;   /* referential lookup of the target's name */
	const char *keys[8];    /* headline indicators (report_common.c) */
	const char *figs[6];    /* registry figures: 2 on page 1, 4 on page 2 */
	const char *table_dim;  /* indicators having this dimension fill the table */
	const char *fig_note;   /* French, under the figures; may be NULL */
	int filter_figs;        /* page-2 figures filtered on the target (else regional) */
} kind_def;

#define TERRITORY_KEYS                                                                        \
	{ "clauses.hours_realised", "clauses.fte", "benef.participants", "benef.new_participants",  \
	  "clauses.markets_notified", "clauses.realisation_rate", "decp.markets",                  \
	  "decp.social_share" }
/* Page 1: the territory's own series (built from its row of the cached
 * breakdowns, see line_from_rows); page 2: the regional maps that place it. */
#define TERRITORY_FIGS                                                                        \
	{ "territoire-heures-annees", "territoire-decp-social-annees",                             \
	  "accueil-heures-departement", "marches-social-departement", "benef-residence",           \
	  "territoires-departements" }

static const kind_def kinds[] = {
	{ ORCS_SHEET_DEPT, "dept", "Fiche département", "geo_exec:dept", ORCS_FLT_DEPT,
	  "SELECT nom FROM dim_departement WHERE code = ?1", TERRITORY_KEYS, TERRITORY_FIGS,
	  "geo_exec", "Les cartes situent le département parmi les huit départements franciliens.",
	  0 },
	{ ORCS_SHEET_EPT, "ept", "Fiche territoire (EPT)", "geo_exec:ept", ORCS_FLT_EPT,
	  "SELECT nom FROM dim_epci WHERE siren = ?1 AND type = 'EPT'", TERRITORY_KEYS,
	  TERRITORY_FIGS, "geo_exec",
	  "Les cartes situent le territoire parmi les huit départements franciliens.", 0 },
	{ ORCS_SHEET_COMMUNE, "commune", "Fiche commune", "geo_exec:commune", ORCS_FLT_COMMUNE,
	  "SELECT nom FROM dim_commune WHERE code = ?1", TERRITORY_KEYS, TERRITORY_FIGS,
	  "geo_exec", "Les cartes situent la commune parmi les huit départements franciliens.", 0 },
	{ ORCS_SHEET_BUYER, "acheteur", "Fiche acheteur", "acheteur", ORCS_FLT_ACHETEUR,
	  "SELECT coalesce(nom, 'Acheteur ' || siret) FROM dim_buyer WHERE siret = ?1",
	  { "decp.markets", "decp.social_share", "decp.env_share", "platform.social_share_lots" },
	  { "acheteur-marches-annees", "acheteur-social-annees", "acheteur-social-type",
	    "acheteur-env-type", NULL, NULL },
	  "acheteur", NULL, 1 },
	{ ORCS_SHEET_PUBLIC, "public", "Fiche public cible", "public", -1,
	  "SELECT label FROM dim_enum WHERE enum = 'public' AND code = ?1",
	  { "benef.participants", "benef.new_participants", "benef.hours_per_participant",
	    "benef.outcome_rate" },
	  { "benef-participants-annees", "benef-publics", "benef-age", "benef-sorties",
	    "benef-residence", "benef-contrats" },
	  "public",
	  "Les graphiques de cette page portent sur l'ensemble des participants, pour situer ce "
	  "public parmi eux.", 0 },
};

static const kind_def *kind_of(orcs_sheet_kind k)
{
	size_t i;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].kind == k)
			return &kinds[i];
	return NULL;
}

int orcs_sheet_parse_territory(const char *spec, orcs_sheet_kind *kind, const char **code,
			       orcs_error *err)
{
	size_t i;
	const char *colon = spec ? strchr(spec, ':') : NULL;
	char ex[64];
	for (i = 0; colon && i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t n = strlen(kinds[i].prefix);
		if (kinds[i].kind <= ORCS_SHEET_COMMUNE && (size_t)(colon - spec) == n &&
		    !strncmp(spec, kinds[i].prefix, n) && colon[1]) {
			*kind = kinds[i].kind;
			*code = colon + 1;
			return ORCS_OK;
		}
	}
	return orcs_error_set(err, ORCS_EUSAGE,
			      "--territory" NB ": valeur « %s » invalide (attendu" NB ": dept:CODE, "
			      "ept:SIREN ou commune:INSEE)",
			      orcs_excerpt(spec ? spec : "", ex, sizeof(ex)));
}

/* The target's name from the referential; ORCS_EUSAGE when unknown. */
static int target_name(orcs_db *db, const kind_def *k, const char *code, orcs_buf *name,
		       orcs_error *err)
{
	sqlite3_stmt *st = NULL;
	char ex[64];
	int rc = orcs_db_prepare(db, &st, k->name_sql, err), found = 0;
	if (rc != ORCS_OK)
		return rc;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		orcs_buf_adds(name, (const char *)sqlite3_column_text(st, 0));
		found = 1;
	}
	sqlite3_finalize(st);
	if (!found)
		return orcs_error_set(err, ORCS_EUSAGE, "%s inconnu" NB ": « %s »",
				      k->kind == ORCS_SHEET_BUYER    ? "acheteur"
				      : k->kind == ORCS_SHEET_PUBLIC ? "public cible"
								     : "territoire",
				      orcs_excerpt(code, ex, sizeof(ex)));
	return ORCS_OK;
}

/* "2024-T2" / "2024-Q2" → quarter 1..4; 0 with err set when invalid. */
static int parse_period(const char *s, int year, orcs_error *err)
{
	char ex[64];
	if (strlen(s) == 7 && isdigit((unsigned char)s[0]) && atoi(s) == year && s[4] == '-' &&
	    (s[5] == 'T' || s[5] == 'Q') && s[6] >= '1' && s[6] <= '4')
		return s[6] - '0';
	orcs_error_set(err, ORCS_EUSAGE,
		       "--period" NB ": valeur « %s » invalide (attendu" NB ": %d-T1 à %d-T4, dans "
		       "l'année de --year)",
		       orcs_excerpt(s, ex, sizeof(ex)), year, year);
	return 0;
}

/* Hours realised in quarter q of the target (sum of its three months). */
static void quarter_box(rep_ctx *ctx, const kind_def *k, const char *code, int q)
{
	const orcs_ind_result *r;
	orcs_ind_where w = { k->by, code };
	double sum = 0, prev = 0;
	int i, months = 0, secret = 0, nw = k->kind <= ORCS_SHEET_COMMUNE ? 1 : 0;
	orcs_buf v = ORCS_BUF_INIT, lab = ORCS_BUF_INIT, ch = ORCS_BUF_INIT;
	orcs_pdf_kf kf;
	if (rep_compute(ctx, "clauses.hours_realised", ctx->year, "month", &w, nw, &r) != 0)
		return;
	for (i = 1; i < r->nrows; i++) {
		const orcs_ind_row *row = &r->rows[i];
		int m;
		if (!row->code[0] || strlen(row->code[0]) != 7)
			continue;
		m = atoi(row->code[0] + 5);
		if ((m - 1) / 3 + 1 != q)
			continue;
		months++;
		secret |= row->secret != 0;
		if (isfinite(row->value))
			sum += row->value;
		if (isfinite(row->previous))
			prev += row->previous;
	}
	if (months) {
		if (secret)
			orcs_buf_adds(&v, "s");
		else
			rep_fmt(r, sum, &v);
		orcs_buf_addf(&lab, "heures d'insertion réalisées au %de trimestre %d", q, ctx->year);
		if (!secret && prev > 0) {
			orcs_buf_adds(&ch, sum >= prev ? "+" : "−");
			orcs_fmt_percent(&ch, fabs(sum / prev - 1), 1);
			orcs_buf_addf(&ch, " sur le %de trimestre %d", q, ctx->year - 1);
		}
		kf.value = v.data;
		kf.label = lab.data;
		kf.change = ch.len ? ch.data : NULL;
		orcs_pdf_keyfigs(ctx->pdf, &kf, 1);
	}
	orcs_buf_release(&v);
	orcs_buf_release(&lab);
	orcs_buf_release(&ch);
}

/* The table of page 2: every implemented indicator having the dimension,
 * the target's row, as many as fit above the footer. */
static void sheet_table(rep_ctx *ctx, const kind_def *k, const char *code)
{
	sqlite3_stmt *st = NULL;
	orcs_error e = ORCS_ERROR_INIT;
	orcs_buf store[4 * 5 * 8];
	const char *cells[4 * 5 * 8];
	int n = 0, rows = 1, maxrows = (int)((orcs_pdf_left(ctx->pdf) - 40) / 15.5), i;
	if (maxrows > 30)
		maxrows = 30;
	if (maxrows < 2)
		return;
	if (orcs_db_prepare(ctx->db, &st,
			    "SELECT id FROM ind_catalogue c WHERE version = (SELECT max(version) FROM "
			    "ind_catalogue WHERE id = c.id) AND ',' || dims || ',' LIKE '%,' || ?1 || "
			    "',%' ORDER BY CASE family WHEN 'clauses' THEN 1 WHEN 'benef' THEN 2 WHEN "
			    "'decp' THEN 3 WHEN 'platform' THEN 4 ELSE 5 END, id",
			    &e) != ORCS_OK)
		return;
	sqlite3_bind_text(st, 1, k->table_dim, -1, SQLITE_STATIC);
	for (i = 0; i < 5; i++)
		orcs_buf_init(&store[n + i]);
	orcs_buf_adds(&store[0], "Indicateur");
	orcs_buf_addf(&store[1], "%d", ctx->year - 1);
	orcs_buf_addf(&store[2], "%d", ctx->year);
	orcs_buf_adds(&store[3], "Évolution");
	orcs_buf_adds(&store[4], "Couverture");
	n = 5;
	while (rows < maxrows && sqlite3_step(st) == SQLITE_ROW && !ctx->failed) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const orcs_ind_result *r;
		const orcs_ind_row *row = NULL;
		if (orcs_ind_status(id, NULL) != 1 || rep_compute(ctx, id, ctx->year, k->by, NULL, 0, &r))
			continue;
		for (i = 1; i < r->nrows; i++)
			if (r->rows[i].code[0] && !strcmp(r->rows[i].code[0], code)) {
				row = &r->rows[i];
				break;
			}
		if (row && !(row->value == 0 && row->previous == 0)) {
			for (i = 0; i < 5; i++)
				orcs_buf_init(&store[n + i]);
			orcs_buf_adds(&store[n], r->label);
			rep_cell(r, row, row->previous, &store[n + 1]);
			if (row->secret) {
				orcs_buf_reset(&store[n + 1]);
				orcs_buf_adds(&store[n + 1], "s");
			}
			rep_cell(r, row, row->value, &store[n + 2]);
			if (rep_change(r, row, &store[n + 3])) {
				char *sp = strstr(store[n + 3].data, " sur un an");
				if (sp)
					orcs_buf_truncate(&store[n + 3], (size_t)(sp - store[n + 3].data));
			} else {
				orcs_buf_adds(&store[n + 3], row->secret ? "s" : "–");
			}
			if (isfinite(row->coverage))
				orcs_fmt_percent(&store[n + 4], row->coverage, 0);
			else
				orcs_buf_adds(&store[n + 4], "–");
			n += 5;
			rows++;
		}
	}
	sqlite3_finalize(st);
	for (i = 0; i < n; i++)
		cells[i] = store[i].data ? store[i].data : "";
	if (rows > 1)
		orcs_pdf_table(ctx->pdf, 5, rows, cells, 0.5);
	for (i = 0; i < n; i++)
		orcs_buf_release(&store[i]);
}

/* A registry LINE figure (the indicator by year) for the target only, from
 * the target's row of the indicator's breakdown by `by`, year by year: the
 * figure's description (indicator, type, title) is the site's, the figures
 * come from the engine's cached breakdowns instead of a filtered query. */
/* The target's row of `ind` in year y (NULL: none); 0 when the year has no
 * result. */
static int year_row(rep_ctx *ctx, const char *ind, int y, const char *by, const char *code,
		    const int *cached, int ncached, const orcs_ind_result **r,
		    const orcs_ind_row **row)
{
	int i;
	*row = NULL;
	if (!orcs_figure_has_year(cached, ncached, y))
		return 0;
	if (rep_compute(ctx, ind, y, by, NULL, 0, r) != 0)
		return 0;
	for (i = 1; i < (*r)->nrows; i++)
		if ((*r)->rows[i].code[0] && !strcmp((*r)->rows[i].code[0], code))
			*row = &(*r)->rows[i];
	return 1;
}

static orcs_chart *line_from_rows(rep_ctx *ctx, const orcs_figure *f, const char *by,
				  const char *code, const char *name)
{
	int years = f->years > 0 ? f->years : 6, y, s, first = 0, cached[64], ncached = 0, pct;
	const orcs_ind_result *r;
	const orcs_ind_row *row;
	orcs_chart *c;
	orcs_buf t = ORCS_BUF_INIT;
	/* only the years with data (cache metadata): the others would be
	 * computed live for nothing */
	ncached = orcs_figure_years(ctx->db, f->indicator, cached, 64);
	/* the series starts with the first year with data */
	for (y = ctx->year - years + 1; y <= ctx->year && !first; y++)
		if (year_row(ctx, f->indicator, y, by, code, cached, ncached, &r, &row) && row &&
		    (row->secret || row->value > 0))
			first = y;
	if (!first)
		return NULL;
	orcs_buf_addf(&t, "%s — %s (%d–%d)", f->title, name, first, ctx->year);
	c = orcs_chart_new(ORCS_CHART_LINE, t.data);
	s = orcs_chart_add_series(c, name);
	for (y = first; y <= ctx->year; y++) {
		char yb[16];
		int k;
		if (!year_row(ctx, f->indicator, y, by, code, cached, ncached, &r, &row))
			continue;
		if (y == first) {
			pct = r->kind == ORCS_IND_RATIO || !strcmp(r->unit, "pct");
			orcs_chart_set_unit(c, pct ? ORCS_UNIT_PERCENT
					       : !strcmp(r->unit, "h") ? ORCS_UNIT_HOURS
								       : ORCS_UNIT_COUNT,
					    pct || r->kind == ORCS_IND_MEAN ? 1 : 0);
		}
		snprintf(yb, sizeof(yb), "%d", y);
		k = orcs_chart_add_category(c, yb, yb);
		if (row)
			orcs_chart_set(c, s, k, row->secret ? NAN : row->value, row->secret != 0);
	}
	orcs_buf_reset(&t);
	orcs_buf_addf(&t, "Source" NB ": ORCS (indicateur %s), %s.", f->indicator, name);
	orcs_chart_set_source(c, t.data);
	orcs_buf_release(&t);
	return c;
}

/* Draws figure `id` in the box: LINE-by-year figures for the target from
 * its rows, the others from the registry under `flt`. */
static void figure_(rep_ctx *ctx, const kind_def *k, const char *id, const orcs_filters *flt,
		   const char *code, const char *name, double x, double y, double w, double h);
static void figure(rep_ctx *ctx, const kind_def *k, const char *id, const orcs_filters *flt,
		   const char *code, const char *name, double x, double y, double w, double h)
{
	struct timespec t0, t1; /* TRACE_T */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	figure_(ctx, k, id, flt, code, name, x, y, w, h);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (getenv("ORCS_REPORT_TRACE"))
		fprintf(stderr, "figure %s: %.3f s\n", id,
			(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
}

static void figure_(rep_ctx *ctx, const kind_def *k, const char *id, const orcs_filters *flt,
		   const char *code, const char *name, double x, double y, double w, double h)
{
	const orcs_figure *f = orcs_figure_find(id);
	if (!f)
		return;
	if (f->type == ORCS_CHART_LINE && !f->by && k->by) {
		orcs_chart *c = line_from_rows(ctx, f, k->by, code, name);
		cairo_t *cr = orcs_pdf_cairo(ctx->pdf);
		double nh;
		if (!c) {
			orcs_buf t = ORCS_BUF_INIT;
			orcs_buf_addf(&t, "%s" NB ": pas de donnée publiée pour %s.", f->title, name);
			orcs_pdf_text_at(ctx->pdf, x + 6, y + 6, w - 12, 9, 0, "#555555", t.data);
			orcs_buf_release(&t);
			return;
		}
		nh = orcs_chart_natural_height(c, w);
		cairo_save(cr);
		cairo_translate(cr, x, y);
		orcs_chart_cairo(c, cr, w, nh < h ? nh : h);
		cairo_restore(cr);
		orcs_chart_free(c);
		return;
	}
	rep_figure_box(ctx, id, flt, x, y, w, h);
}

static void band(rep_ctx *ctx, const kind_def *k, const char *name, const char *code,
		 const char *period)
{
	cairo_t *cr = orcs_pdf_cairo(ctx->pdf);
	char buf[320];
	double y = orcs_pdf_y(ctx->pdf), th, h;
	snprintf(buf, sizeof(buf), "%s (%s)", name, code);
	/* measure the title first (drawn off the page, clipped), then draw it */
	th = orcs_pdf_text_at(ctx->pdf, -2000, -2000, BODY - 28, 19, 1, "#ffffff", buf);
	h = 52 + th;
	cairo_set_source_rgb(cr, 0, 0, 0x91 / 255.0);
	cairo_rectangle(cr, M, y, BODY, h);
	cairo_fill(cr);
	orcs_pdf_text_at(ctx->pdf, M + 14, y + 24, BODY - 28, 19, 1, "#ffffff", buf);
	if (period)
		snprintf(buf, sizeof(buf), "%s — trimestre %s", k->label, period);
	else
		snprintf(buf, sizeof(buf), "%s — bilan de l'année %d", k->label, ctx->year);
	orcs_pdf_text_at(ctx->pdf, M + 14, y + 10, BODY - 28, 9, 1, "#cfd3ff", buf);
	snprintf(buf, sizeof(buf), "Clauses sociales et commande publique — %d", ctx->year);
	orcs_pdf_text_at(ctx->pdf, M + 14, y + 28 + th, BODY - 28, 10, 0, "#ffffff", buf);
	orcs_pdf_set_y(ctx->pdf, y + h + 14);
}

static int sheet(rep_ctx *ctx, const kind_def *k, const char *code, const char *name,
		 int quarter, const char *period, const char *path, orcs_error *err)
{
	orcs_filters flt, regional;
	orcs_buf running = ORCS_BUF_INIT, sentences = ORCS_BUF_INIT, t = ORCS_BUF_INIT;
	char yb[16];
	double y, w2 = (BODY - 14) / 2;
	int i, nkeys = 0, rc;
	orcs_error e2 = ORCS_ERROR_INIT;

	orcs_buf_addf(&running, "ORCS — %s %s — %d%s", k->label, name, ctx->year,
		      ctx->aud == ORCS_AUDIENCE_INTERNAL ? " — diffusion interne" : "");
	ctx->pdf = orcs_pdf_open(path, running.data, running.data,
				 ctx->aud == ORCS_AUDIENCE_INTERNAL ? REP_INTERNAL_BANNER : NULL, err);
	orcs_buf_release(&running);
	if (!ctx->pdf)
		return err->code;
	orcs_filters_init(&flt);
	snprintf(yb, sizeof(yb), "%d", ctx->year);
	orcs_filters_set(&flt, ORCS_FLT_YEAR, yb);
	regional = flt;
	if (k->filter >= 0)
		orcs_filters_set(&flt, (orcs_filter_id)k->filter, code);
	while (nkeys < 8 && k->keys[nkeys])
		nkeys++;

	/* page 1 */
	orcs_pdf_section(ctx->pdf, "Chiffres clés");
	orcs_pdf_page(ctx->pdf, 0);
	band(ctx, k, name, code, period);
	orcs_pdf_heading(ctx->pdf, 2, "Chiffres clés");
	rep_keyfigs(ctx, k->keys, nkeys, k->by, code, NULL, 0, 1, &sentences);
	if (quarter)
		quarter_box(ctx, k, code, quarter);
	if (sentences.len)
		orcs_pdf_para(ctx->pdf, sentences.data);
	else
		orcs_pdf_para(ctx->pdf, "Aucun chiffre publiable pour cette année.");
	y = orcs_pdf_y(ctx->pdf) + 4;
	figure(ctx, k, k->figs[0], &flt, code, name, M, y, BODY, ORCS_PDF_HEIGHT - 62 - y);

	/* page 2 */
	orcs_pdf_section(ctx->pdf, "Graphiques et tableau");
	orcs_pdf_page(ctx->pdf, 0);
	y = orcs_pdf_y(ctx->pdf);
	for (i = 1; i < 5; i++) {
		if (!k->figs[i])
			continue;
		figure(ctx, k, k->figs[i], k->filter_figs || i == 1 ? &flt : &regional, code, name,
		       M + ((i - 1) % 2) * (w2 + 14), y + ((i - 1) / 2) * 182, w2, 174);
	}
	orcs_pdf_set_y(ctx->pdf, y + (k->figs[3] ? 364 : 182) + 4);
	if (k->fig_note)
		orcs_pdf_note(ctx->pdf, k->fig_note);
	orcs_pdf_heading(ctx->pdf, 2, "Indicateurs");
	sheet_table(ctx, k, code);
	orcs_buf_addf(&t,
		      "s" NB ": secret statistique (moins de cinq personnes ou trois entreprises au "
		      "plus)" NB "; –" NB ": pas de donnée. Évolution en pourcentage, en points pour "
		      "les taux. Définitions" NB ": rapport annuel, partie Méthodologie. Source" NB
		      ": ORCS — Licence Ouverte 2.0.");
	orcs_pdf_note(ctx->pdf, t.data);
	orcs_buf_release(&t);
	orcs_buf_release(&sentences);
	rc = orcs_pdf_close(ctx->pdf, &e2);
	ctx->pdf = NULL;
	if (ctx->failed)
		return err->code;
	if (rc)
		*err = e2;
	return rc;
}

static int sheet_one(orcs_db *db, rep_memo *memo, orcs_sheet_kind kind, const char *code,
		     int year, const char *period, orcs_audience aud, const char *path,
		     orcs_error *err)
{
	const kind_def *k = kind_of(kind);
	orcs_buf name = ORCS_BUF_INIT;
	rep_ctx ctx;
	int quarter = 0, rc;
	if (!k || !code || !*code)
		return orcs_error_set(err, ORCS_EUSAGE, "fiche" NB ": cible manquante");
	if (year < 2000 || year > 2100)
		return orcs_error_set(err, ORCS_EUSAGE, "--year" NB ": année invalide %d (2000 à 2100)",
				      year);
	if (period && !(quarter = parse_period(period, year, err)))
		return err->code;
	if ((rc = target_name(db, k, code, &name, err)) != ORCS_OK) {
		orcs_buf_release(&name);
		return rc;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.memo = memo;
	ctx.db = db;
	ctx.year = year;
	ctx.aud = aud;
	ctx.err = err;
	rc = sheet(&ctx, k, code, name.data, quarter, period, path, err);
	orcs_buf_release(&name);
	return rc;
}

int orcs_report_sheet(orcs_db *db, orcs_sheet_kind kind, const char *code, int year,
		      const char *period, orcs_audience aud, const char *path, orcs_error *err)
{
	rep_memo *memo = rep_memo_new();
	int rc = sheet_one(db, memo, kind, code, year, period, aud, path, err);
	rep_memo_free(memo);
	return rc;
}

int orcs_report_all(orcs_db *db, int year, orcs_audience aud, const char *dir, int *written,
		    orcs_error *err)
{
	static const struct {
		orcs_sheet_kind kind;
		const char *sql;
	} lists[] = {
		{ ORCS_SHEET_DEPT, "SELECT code FROM dim_departement ORDER BY code" },
		{ ORCS_SHEET_EPT, "SELECT siren FROM dim_epci WHERE type = 'EPT' ORDER BY siren" },
		{ ORCS_SHEET_PUBLIC, "SELECT code FROM dim_enum WHERE enum = 'public' ORDER BY ord" },
	};
	size_t l;
	int rc = ORCS_OK;
	rep_memo *memo;
	*written = 0;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return orcs_error_set(err, ORCS_EIO, "%s" NB ": %s", dir, strerror(errno));
	memo = rep_memo_new();
	for (l = 0; l < sizeof(lists) / sizeof(lists[0]) && rc == ORCS_OK; l++) {
		sqlite3_stmt *st = NULL;
		const kind_def *k = kind_of(lists[l].kind);
		if ((rc = orcs_db_prepare(db, &st, lists[l].sql, err)) != ORCS_OK)
			break;
		while (rc == ORCS_OK && sqlite3_step(st) == SQLITE_ROW) {
			const char *code = (const char *)sqlite3_column_text(st, 0);
			orcs_buf path = ORCS_BUF_INIT;
			orcs_buf_addf(&path, "%s/%s-%s.pdf", dir, k->prefix, code);
			rc = sheet_one(db, memo, lists[l].kind, code, year, NULL, aud, path.data, err);
			if (rc == ORCS_OK)
				(*written)++;
			orcs_buf_release(&path);
		}
		sqlite3_finalize(st);
	}
	rep_memo_free(memo);
	return rc;
}
