/*
 * report_common.c - figures, sentences, charts and tables shared by the
 * annual report and the fact sheets.  Every figure comes from the engine
 * (orcs_ind_compute) or from the site's figure registry
 * (orcs_figure_chart), for the audience of the document.
 */
#include <math.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "publish/report_internal.h"
#include "render/phrase.h"

#define NB ORCS_NBSP

const rep_headline rep_headlines[] = {
	{ "clauses.hours_realised", "heures d'insertion réalisées" },
	{ "clauses.fte", "équivalents temps plein d'insertion" },
	{ "benef.participants", "participants en parcours d'insertion" },
	{ "benef.new_participants", "nouveaux participants dans l'année" },
	{ "clauses.markets_notified", "marchés notifiés avec une clause sociale" },
	{ "clauses.realisation_rate", "taux de réalisation des heures (marchés achevés)" },
	{ "decp.markets", "marchés publiés dans les DECP" },
	{ "decp.social_share", "des marchés publiés ont une considération sociale" },
	{ "decp.env_share", "des marchés publiés ont une considération environnementale" },
	{ "benef.outcome_rate", "de sorties positives" },
	{ "ogpf.hours_realised", "heures d'insertion sur les projets du Grand Paris" },
	{ "platform.social_share_lots", "des lots publiés sur la plateforme ont une clause sociale" },
	{ "benef.hours_per_participant", "heures par participant en moyenne" },
	{ "clauses.companies_active", "entreprises ayant réalisé des heures" },
};
const int rep_nheadlines = (int)(sizeof(rep_headlines) / sizeof(rep_headlines[0]));

static const rep_headline *headline(const char *id)
{
	int i;
	for (i = 0; i < rep_nheadlines; i++)
		if (!strcmp(rep_headlines[i].id, id))
			return &rep_headlines[i];
	return NULL;
}

struct rep_memo {
	char **key;
	orcs_ind_result **res; /* stable addresses; ok[i] = 0: could not answer */
	int *ok;
	int n, cap;
};

rep_memo *rep_memo_new(void)
{
	return orcs_xcalloc(1, sizeof(rep_memo));
}

void rep_memo_free(rep_memo *m)
{
	int i;
	if (!m)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->key[i]);
		if (m->ok[i])
			orcs_ind_result_release(m->res[i]);
		free(m->res[i]);
	}
	free(m->key);
	free(m->res);
	free(m->ok);
	free(m);
}

int rep_compute(rep_ctx *ctx, const char *ind, int year, const char *by, const orcs_ind_where *w,
		int nw, const orcs_ind_result **out)
{
	orcs_ind_query q = ORCS_IND_QUERY_INIT;
	orcs_error e = ORCS_ERROR_INIT;
	orcs_buf key = ORCS_BUF_INIT;
	rep_memo *m = ctx->memo;
	int i, rc;
	orcs_buf_addf(&key, "%s|%d|%s|%d", ind, year, by ? by : "", (int)ctx->aud);
	for (i = 0; i < nw; i++)
		orcs_buf_addf(&key, "|%s=%s", w[i].dim, w[i].value);
	for (i = 0; i < m->n; i++)
		if (!strcmp(m->key[i], key.data)) {
			orcs_buf_release(&key);
			*out = m->res[i];
			return m->ok[i] ? 0 : 1;
		}
	q.indicator = ind;
	q.year = year;
	q.audience = ctx->aud;
	if (by) {
		q.by[0] = by;
		q.nby = 1;
	}
	for (i = 0; i < nw && i < ORCS_IND_MAX_WHERE; i++)
		q.where[q.nwhere++] = w[i];
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->key = orcs_xrealloc(m->key, (size_t)m->cap * sizeof(*m->key));
		m->res = orcs_xrealloc(m->res, (size_t)m->cap * sizeof(*m->res));
		m->ok = orcs_xrealloc(m->ok, (size_t)m->cap * sizeof(*m->ok));
	}
	m->res[m->n] = orcs_xcalloc(1, sizeof(orcs_ind_result));
	{
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = orcs_ind_compute(ctx->db, &q, m->res[m->n], &e);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (getenv("ORCS_REPORT_TRACE"))
			fprintf(stderr, "compute %s: %.3f s\n", key.data,
				(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	}
	if (rc != ORCS_OK && e.code != ORCS_EUSAGE) {
		free(m->res[m->n]);
		orcs_buf_release(&key);
		if (!ctx->failed) {
			ctx->failed = 1;
			orcs_error_set(ctx->err, e.code, "%s", e.msg);
		}
		return -1;
	}
	m->ok[m->n] = rc == ORCS_OK;
	m->key[m->n] = orcs_buf_detach(&key, NULL);
	*out = m->res[m->n];
	m->n++;
	return rc == ORCS_OK ? 0 : 1;
}

static int is_pct(const orcs_ind_result *r)
{
	return r->kind == ORCS_IND_RATIO || !strcmp(r->unit, "pct");
}

void rep_fmt(const orcs_ind_result *r, double v, orcs_buf *out)
{
	if (is_pct(r))
		orcs_fmt_percent(out, v, 1);
	else if (!strcmp(r->unit, "h")) {
		orcs_fmt_number(out, v, r->kind == ORCS_IND_MEAN ? 1 : 0);
		orcs_buf_adds(out, NB "h");
	} else if (!strcmp(r->unit, "fte")) {
		orcs_fmt_number(out, v, 1);
		orcs_buf_adds(out, NB "ETP");
	} else
		orcs_fmt_number(out, v, r->kind == ORCS_IND_MEAN ? 1 : 0);
}

void rep_cell(const orcs_ind_result *r, const orcs_ind_row *row, double v, orcs_buf *out)
{
	if (row->secret)
		orcs_buf_adds(out, "s");
	else if (!isfinite(v))
		orcs_buf_adds(out, "–");
	else
		rep_fmt(r, v, out);
}

int rep_change(const orcs_ind_result *r, const orcs_ind_row *row, orcs_buf *out)
{
	if (row->secret || !r->has_previous || !isfinite(row->value) || !isfinite(row->previous))
		return 0;
	if (is_pct(r)) {
		double pts = (row->value - row->previous) * 100;
		orcs_buf_adds(out, pts >= 0 ? "+" : "−");
		orcs_fmt_number(out, fabs(pts), 1);
		orcs_buf_adds(out, fabs(pts) >= 2 ? NB "points sur un an" : NB "point sur un an");
	} else {
		double pc;
		if (!(row->previous > 0))
			return 0;
		pc = row->value / row->previous - 1;
		orcs_buf_adds(out, pc >= 0 ? "+" : "−");
		orcs_fmt_percent(out, fabs(pc), 1);
		orcs_buf_adds(out, " sur un an");
	}
	return 1;
}

int rep_sentence(const rep_headline *h, const orcs_ind_result *r, const orcs_ind_row *row,
		 orcs_buf *out)
{
	orcs_buf v = ORCS_BUF_INIT, p = ORCS_BUF_INIT;
	orcs_change_phrase ph;
	int ok = 1, plural = 0;
	const char *subject = orcs_phrase_subject(h->id, &plural);
	if (row->secret || !isfinite(row->value))
		return 0;
	rep_fmt(r, row->value, &v);
	memset(&ph, 0, sizeof(ph));
	ph.subject = subject;
	ph.label = r->label;
	ph.plural = plural;
	ph.rate = is_pct(r);
	ph.from = r->has_previous ? row->previous : NAN;
	ph.to = row->value;
	ph.from_year = r->year - 1;
	ph.to_year = r->year;
	if (isfinite(ph.from))
		rep_fmt(r, ph.from, &p);
	ph.from_text = p.len ? p.data : "";
	ph.to_text = v.data;
	if (!orcs_phrase_change(&ph, out)) {
		if (isfinite(ph.from) && !ph.rate)
			ok = 0; /* from 0: nothing sensible to say */
		else if (subject)
			orcs_buf_addf(out, "%s %s à %s en %d. ", subject,
				      plural ? "s'élèvent" : "s'élève", v.data, r->year);
		else
			ok = 0;
	}
	orcs_buf_release(&v);
	orcs_buf_release(&p);
	return ok;
}

static const orcs_ind_row *find_row(const orcs_ind_result *r, const char *code)
{
	int i;
	if (!code)
		return r->nrows ? &r->rows[0] : NULL;
	for (i = 1; i < r->nrows; i++)
		if (r->rows[i].has[0] && r->rows[i].code[0] && !strcmp(r->rows[i].code[0], code))
			return &r->rows[i];
	return NULL;
}

int rep_keyfigs(rep_ctx *ctx, const char *const *ids, int n, const char *by, const char *code,
		const orcs_ind_where *w, int nw, int with_sentences, orcs_buf *sentences)
{
	orcs_pdf_kf kf[16] = { { NULL, NULL, NULL } };
	orcs_buf vals[16], chs[16];
	int i, k = 0;
	for (i = 0; i < n && k < 16; i++) {
		const orcs_ind_result *r;
		const orcs_ind_row *row;
		const rep_headline *h = headline(ids[i]);
		if (!h || rep_compute(ctx, ids[i], ctx->year, by, w, nw, &r) != 0)
			continue;
		row = find_row(r, code);
		if (row) {
			orcs_buf_init(&vals[k]);
			orcs_buf_init(&chs[k]);
			rep_cell(r, row, row->value, &vals[k]);
			kf[k].value = vals[k].data;
			kf[k].label = h->short_label;
			kf[k].change = rep_change(r, row, &chs[k]) ? chs[k].data : NULL;
			if (row->secret)
				kf[k].change = "secret statistique";
			if (with_sentences && sentences)
				rep_sentence(h, r, row, sentences);
			k++;
		}
	}
	orcs_pdf_keyfigs(ctx->pdf, kf, k);
	for (i = 0; i < k; i++) {
		orcs_buf_release(&vals[i]);
		orcs_buf_release(&chs[i]);
	}
	return k;
}

int rep_page_figures(rep_ctx *ctx, const char *page, const orcs_filters *flt)
{
	unsigned i;
	int n = 0, rc;
	for (i = 0; i < orcs_figures_count && !ctx->failed; i++) {
		const orcs_figure *f = &orcs_figures[i];
		orcs_chart *c = NULL;
		orcs_error e = ORCS_ERROR_INIT;
		struct timespec t0, t1;
		if (strcmp(f->page, page))
			continue;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = orcs_figure_chart(ctx->db, f, flt, ctx->aud, &c, &e);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (getenv("ORCS_REPORT_TRACE"))
			fprintf(stderr, "figure %s: %.3f s\n", f->id,
				(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		if (rc != ORCS_OK) {
			if (e.code != ORCS_EUSAGE) {
				ctx->failed = 1;
				orcs_error_set(ctx->err, e.code, "%s", e.msg);
			}
			continue;
		}
		if (!orcs_chart_has_values(c)) { /* nothing to draw: say so in one line */
			orcs_buf t = ORCS_BUF_INIT;
			orcs_buf_addf(&t, "%s" NB ": %s", orcs_chart_title(c),
				      orcs_chart_summary(c) ? orcs_chart_summary(c)
							    : "pas de donnée publiable.");
			orcs_pdf_note(ctx->pdf, t.data);
			orcs_buf_release(&t);
		} else {
			double w = f->type == ORCS_CHART_DONUT || f->type == ORCS_CHART_LINE ? 420 : 0;
			/* the sentence stays with its chart */
			orcs_pdf_need(ctx->pdf, orcs_chart_natural_height(c, w > 0 ? w : 483) + 40);
			if (orcs_chart_summary(c))
				orcs_pdf_para(ctx->pdf, orcs_chart_summary(c));
			orcs_pdf_chart(ctx->pdf, c, w);
		}
		orcs_chart_free(c);
		n++;
	}
	return n;
}

int rep_figure_box(rep_ctx *ctx, const char *id, const orcs_filters *flt, double x, double y,
		   double w, double h)
{
	const orcs_figure *f = orcs_figure_find(id);
	orcs_chart *c = NULL;
	orcs_error e = ORCS_ERROR_INIT;
	cairo_t *cr = orcs_pdf_cairo(ctx->pdf);
	double nh;
	if (!f)
		return 0;
	if (orcs_figure_chart(ctx->db, f, flt, ctx->aud, &c, &e) != ORCS_OK) {
		if (e.code != ORCS_EUSAGE && !ctx->failed) {
			ctx->failed = 1;
			orcs_error_set(ctx->err, e.code, "%s", e.msg);
		}
		return 0;
	}
	if (!orcs_chart_has_values(c)) {
		orcs_buf t = ORCS_BUF_INIT;
		orcs_buf_addf(&t, "%s" NB ": pas de donnée publiable.", orcs_chart_title(c));
		orcs_pdf_text_at(ctx->pdf, x + 6, y + 6, w - 12, 9, 0, "#555555", t.data);
		orcs_buf_release(&t);
		orcs_chart_free(c);
		return 0;
	}
	nh = orcs_chart_natural_height(c, w);
	cairo_save(cr);
	cairo_translate(cr, x, y);
	orcs_chart_cairo(c, cr, w, nh < h ? nh : h);
	cairo_restore(cr);
	orcs_chart_free(c);
	return 1;
}

const char *rep_year_rule(const char *rule)
{
	static const char *const map[][2] = {
		{ "REALISED", "réalisé dans l'année" },
		{ "NOTIFIED", "notifié dans l'année" },
		{ "PUBLISHED", "publié dans l'année" },
		{ "STARTED", "commencé dans l'année" },
		{ "ENDED", "achevé dans l'année" },
		{ "ACTIVE", "actif pendant l'année" },
		{ "CUMULATIVE", "cumul au 31 décembre" },
	};
	size_t i;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (rule && !strcmp(map[i][0], rule))
			return map[i][1];
	return rule ? rule : "";
}

void rep_family_table(rep_ctx *ctx, const char *family, const char *by, const char *code,
		      const orcs_ind_where *w, int nw)
{
	sqlite3_stmt *st = NULL;
	orcs_error e = ORCS_ERROR_INIT;
	const char **cells;
	orcs_buf *store;
	int ncells = 0, cap = 5 * 64, nrows = 1, i;
	if (orcs_db_prepare(ctx->db, &st,
			    "SELECT id FROM ind_catalogue c WHERE family = ?1 AND version = (SELECT "
			    "max(version) FROM ind_catalogue WHERE id = c.id) ORDER BY id",
			    &e) != ORCS_OK)
		return;
	sqlite3_bind_text(st, 1, family, -1, SQLITE_STATIC);
	cells = orcs_xcalloc((size_t)cap, sizeof(*cells));
	store = orcs_xcalloc((size_t)cap, sizeof(*store));
	{
		static const char *const head[5] = { "Indicateur", NULL, NULL, "Évolution",
						     "Couverture" };
		for (i = 0; i < 5; i++) {
			if (head[i])
				orcs_buf_adds(&store[ncells], head[i]);
			else
				orcs_buf_addf(&store[ncells], "%d", ctx->year - (i == 1));
			ncells++;
		}
	}
	while (sqlite3_step(st) == SQLITE_ROW && ncells + 5 <= cap && !ctx->failed) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const orcs_ind_result *r;
		const orcs_ind_row *row;
		if (rep_compute(ctx, id, ctx->year, by, w, nw, &r) != 0)
			continue;
		row = find_row(r, code);
		if (row) {
			orcs_buf_adds(&store[ncells++], r->label);
			if (row->secret)
				orcs_buf_adds(&store[ncells], "s");
			else
				rep_cell(r, row, row->previous, &store[ncells]);
			ncells++;
			rep_cell(r, row, row->value, &store[ncells++]);
			if (!rep_change(r, row, &store[ncells]))
				orcs_buf_adds(&store[ncells], row->secret ? "s" : "–");
			else { /* keep the sign and figure only */
				char *sp = strstr(store[ncells].data, " sur un an");
				if (sp)
					orcs_buf_truncate(&store[ncells], (size_t)(sp - store[ncells].data));
			}
			ncells++;
			if (isfinite(row->coverage))
				orcs_fmt_percent(&store[ncells], row->coverage, 0);
			else
				orcs_buf_adds(&store[ncells], "–");
			ncells++;
			nrows++;
		}
	}
	sqlite3_finalize(st);
	for (i = 0; i < ncells; i++)
		cells[i] = store[i].data ? store[i].data : "";
	if (nrows > 1)
		orcs_pdf_table(ctx->pdf, 5, nrows, cells, 0.46);
	for (i = 0; i < ncells; i++)
		orcs_buf_release(&store[i]);
	free(store);
	free(cells);
}
