/* report_internal.h - what the report files share (report_common.c): the
 * engine calls, French formatting of figures, sentences, the registry
 * figures of a page and the tables of indicators. */
#ifndef ORCS_REPORT_INTERNAL_H
#define ORCS_REPORT_INTERNAL_H

#include "core/buf.h"
#include "indicators/engine.h"
#include "publish/pdf.h"
#include "publish/report.h"
#include "render/figures.h"

typedef struct rep_memo rep_memo;
/* Results computed once per run (report all shares one between sheets). */
rep_memo *rep_memo_new(void);
void rep_memo_free(rep_memo *m);

typedef struct rep_ctx {
	orcs_db *db;
	rep_memo *memo; /* borrowed */
	int year;
	orcs_audience aud;
	orcs_pdf *pdf;
	orcs_error *err; /* set once by the first I/O or database error */
	int failed;
} rep_ctx;

/* A headline indicator (its sentences' subject: render/phrase.h). */
typedef struct rep_headline {
	const char *id;
	const char *short_label; /* key-figure caption */
} rep_headline;

extern const rep_headline rep_headlines[];
extern const int rep_nheadlines;

/* The banner of internal documents. */
#define REP_INTERNAL_BANNER                                                                   \
	"DIFFUSION INTERNE — chiffres non soumis au secret statistique, ne pas diffuser"

/* Computes `ind` for `year` by `by` (NULL: none) with `where` filters.
 * Returns 0 with *out pointing to the result (owned by ctx->memo, valid
 * until rep_memo_free), 1 when the indicator cannot answer (not
 * computable, dimension absent), -1 on a database error (ctx->failed,
 * ctx->err set). */
int rep_compute(rep_ctx *ctx, const char *ind, int year, const char *by, const orcs_ind_where *w,
		int nw, const orcs_ind_result **out);

/* A figure in the indicator's unit: "7 855 744 h", "12,5 %", "1 234". */
void rep_fmt(const orcs_ind_result *r, double v, orcs_buf *out);
/* The value of a row as published: "s" when secret, "–" when missing. */
void rep_cell(const orcs_ind_result *r, const orcs_ind_row *row, double v, orcs_buf *out);
/* "+11,4 % sur un an" or "+1,2 point sur un an"; 0 when not available. */
int rep_change(const orcs_ind_result *r, const orcs_ind_row *row, orcs_buf *out);
/* A sentence on the row's progression N / N-1; 0 when nothing to say. */
int rep_sentence(const rep_headline *h, const orcs_ind_result *r, const orcs_ind_row *row,
		 orcs_buf *out);
/* Key figures of the headline indicators for one row selector: `by` /
 * `code` pick the row of a breakdown (NULL: the total); `where` filters. */
int rep_keyfigs(rep_ctx *ctx, const char *const *ids, int n, const char *by, const char *code,
		const orcs_ind_where *w, int nw, int with_sentences, orcs_buf *sentences);

/* Draws every registry figure of `page` (render/figures.h) under `flt`;
 * returns the number drawn. */
int rep_page_figures(rep_ctx *ctx, const char *page, const orcs_filters *flt);
/* Draws one registry figure in the box (x, y, w, h); 0 when unavailable. */
int rep_figure_box(rep_ctx *ctx, const char *id, const orcs_filters *flt, double x, double y,
		   double w, double h);

/* A table of every implemented indicator of `family`: N-1, N, evolution,
 * coverage; filtered by `w`, or one row of `by`=`code`. */
void rep_family_table(rep_ctx *ctx, const char *family, const char *by, const char *code,
		      const orcs_ind_where *w, int nw);

/* French name of a year rule ("réalisé dans l'année"). */
const char *rep_year_rule(const char *rule);

#endif
