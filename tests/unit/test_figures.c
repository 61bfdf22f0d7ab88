/* test_figures.c - the figure registry: every figure is valid against the
 * catalogue, URL filters parse / refuse / round-trip, and the builder
 * marks secret cells without figures in every rendering. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_fixture.h"
#include "harness.h"
#include "render/chart.h"
#include "render/figures.h"

static const char *const *params;

static const char *get(void *ctx, const char *name)
{
	int i;
	(void)ctx;
	for (i = 0; params[i]; i += 2)
		if (!strcmp(params[i], name))
			return params[i + 1];
	return NULL;
}

static int parse(const char *const *p, orcs_filters *f, orcs_error *err)
{
	params = p;
	return orcs_filters_parse(f, get, NULL, err);
}

static void test_filters_parse_and_url(void)
{
	orcs_filters f;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_buf url = ORCS_BUF_INIT;
	const char *ok[] = { "annee", "2024", "dept", "93", "nature", "TRAVAUX", "x", "y", NULL };
	const char *empty[] = { "annee", "", NULL };
	const char *bad_year[] = { "annee", "1999", NULL };
	const char *bad_dept[] = { "dept", "13", NULL };
	const char *bad_code[] = { "nature", "<script>", NULL };
	const char *bad_ept[] = { "ept", "20005786", NULL };
	const char *bad_buyer[] = { "acheteur", "1234567890123x", NULL };

	CHECK_INT(parse(ok, &f, &err), ORCS_OK);
	CHECK_INT(f.year, 2024);
	CHECK_STR(f.v[ORCS_FLT_DEPT], "93");
	CHECK(orcs_filters_any(&f));
	orcs_filters_url(&f, "/clauses", -1, NULL, &url);
	CHECK_STR(url.data, "/clauses?annee=2024&dept=93&nature=TRAVAUX");
	orcs_buf_reset(&url);
	orcs_filters_url(&f, "/clauses", ORCS_FLT_DEPT, "%s", &url);
	CHECK_STR(url.data, "/clauses?annee=2024&dept=%s&nature=TRAVAUX");
	orcs_buf_reset(&url);
	orcs_filters_url(&f, "/clauses", ORCS_FLT_YEAR, NULL, &url);
	CHECK_STR(url.data, "/clauses?dept=93&nature=TRAVAUX");
	orcs_buf_release(&url);

	CHECK_INT(parse(empty, &f, &err), ORCS_OK);
	CHECK_INT(f.year, 0);
	CHECK(!orcs_filters_any(&f));
	CHECK_INT(parse(bad_year, &f, &err), ORCS_EUSAGE);
	CHECK(strstr(err.msg, "« annee »") != NULL);
	CHECK(strstr(err.msg, "1999") != NULL);
	CHECK_INT(parse(bad_dept, &f, &err), ORCS_EUSAGE);
	CHECK(strstr(err.msg, "Île-de-France") != NULL);
	CHECK_INT(parse(bad_code, &f, &err), ORCS_EUSAGE);
	CHECK_INT(parse(bad_ept, &f, &err), ORCS_EUSAGE);
	CHECK_INT(parse(bad_buyer, &f, &err), ORCS_EUSAGE);
	CHECK(orcs_filters_known("modalite"));
	CHECK(!orcs_filters_known("page"));
}

static orcs_db *db;

static void test_registry_is_valid(void)
{
	unsigned i, j;
	for (i = 0; i < orcs_figures_count; i++) {
		const orcs_figure *f = &orcs_figures[i];
		orcs_chart *c = NULL;
		orcs_error err = ORCS_ERROR_INIT;
		CHECK(f->id && f->page && f->page[0] == '/' && f->title && f->indicator);
		CHECK(orcs_figure_find(f->id) == f);
		for (j = i + 1; j < orcs_figures_count; j++)
			CHECK(strcmp(f->id, orcs_figures[j].id) != 0);
		/* every figure builds on the fixture warehouse */
		if (orcs_figure_chart(db, f, NULL, ORCS_AUDIENCE_PUBLIC, &c, &err) != ORCS_OK) {
			printf("  %s: %s\n", f->id, err.msg);
			CHECK(0);
			continue;
		}
		CHECK(orcs_chart_summary(c) && strlen(orcs_chart_summary(c)) > 10);
		orcs_chart_free(c);
	}
}

static void test_secret_cells_never_carry_figures(void)
{
	const orcs_figure *f = orcs_figure_find("benef-sexe");
	orcs_filters flt;
	orcs_chart *c = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_buf svg = ORCS_BUF_INIT, csv = ORCS_BUF_INIT, html = ORCS_BUF_INIT;
	char *mem = NULL;
	size_t len = 0;
	FILE *mf;
	orcs_filters_init(&flt);
	flt.year = 2024;
	CHECK(f != NULL);
	if (!f || orcs_figure_chart(db, f, &flt, ORCS_AUDIENCE_PUBLIC, &c, &err) != ORCS_OK) {
		CHECK(0);
		return;
	}
	/* 3 women among 15 participants: both cells are secret */
	orcs_chart_svg(c, &svg);
	orcs_chart_csv(c, &csv);
	orcs_chart_table_html(c, &html);
	mf = open_memstream(&mem, &len);
	orcs_chart_json(c, mf);
	fclose(mf);
	CHECK(strstr(csv.data, "\nF;Femme;s\r") != NULL);
	CHECK(strstr(csv.data, "\nH;Homme;s\r") != NULL);
	CHECK(strstr(html.data, "<td>s</td>") != NULL);
	CHECK(strstr(html.data, "<td>3</td>") == NULL);
	CHECK(strstr(html.data, "<td>12</td>") == NULL);
	CHECK(strstr(mem, "\"values\":[null],\"secret\":[true]") != NULL);
	CHECK(strstr(mem, "\"values\":[3]") == NULL);
	CHECK(strstr(svg.data, "secret") != NULL);
	CHECK(strstr(orcs_chart_title(c), "2024") != NULL);
	free(mem);
	orcs_buf_release(&svg);
	orcs_buf_release(&csv);
	orcs_buf_release(&html);
	orcs_chart_free(c);
}

static void test_filters_reach_the_engine(void)
{
	const orcs_figure *f = orcs_figure_find("marches-nombre-departement");
	orcs_filters flt;
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_filters_init(&flt);
	orcs_filters_set(&flt, ORCS_FLT_DEPT, "93");
	flt.year = 2024;
	/* the total of one département is read from the cached breakdown */
	CHECK_INT(orcs_figure_total(db, "decp.markets", &flt, 2024, ORCS_AUDIENCE_PUBLIC, &r, &err),
		  ORCS_OK);
	CHECK(r.nrows > 0 && NEAR(r.rows[0].value, 3));
	orcs_ind_result_release(&r);
	/* a filter the indicator does not have is ignored and said so */
	orcs_filters_set(&flt, ORCS_FLT_MOD, "MAD_ETTI");
	{
		orcs_chart *c = NULL;
		orcs_buf csv = ORCS_BUF_INIT;
		CHECK(f != NULL);
		if (f && orcs_figure_chart(db, f, &flt, ORCS_AUDIENCE_PUBLIC, &c, &err) == ORCS_OK) {
			orcs_chart_csv(c, &csv);
			CHECK(strstr(csv.data, "sans objet") != NULL);
			CHECK(strstr(csv.data, "\n93;Seine-Saint-Denis;3\r") != NULL);
			orcs_chart_free(c);
		} else
			CHECK(0);
		orcs_buf_release(&csv);
	}
}

/* The registry's two-dimension figures are precomputed by the refresh
 * (src/indicators/cache.c, cached_pairs): answered from the cache, equal
 * to the live computation. */
static void test_two_dimension_figures_are_cached(void)
{
	unsigned i;
	int n = 0;
	for (i = 0; i < orcs_figures_count; i++) {
		const orcs_figure *f = &orcs_figures[i];
		orcs_ind_query q = ORCS_IND_QUERY_INIT;
		orcs_ind_result a, b;
		orcs_error err = ORCS_ERROR_INIT;
		if (!f->by2 || !strcmp(f->indicator, ORCS_FIGURE_DIRECTORY))
			continue;
		q.indicator = f->indicator;
		q.year = 2024;
		q.by[0] = f->by;
		q.by[1] = f->by2;
		q.nby = 2;
		CHECK_INT(orcs_ind_compute(db, &q, &a, &err), ORCS_OK);
		if (err.code)
			continue;
		if (!a.from_cache)
			printf("  %s (%s, %s): not cached\n", f->id, f->by, f->by2);
		CHECK(a.from_cache);
		q.live = 1;
		CHECK_INT(orcs_ind_compute(db, &q, &b, &err), ORCS_OK);
		CHECK_INT(a.nrows, b.nrows);
		if (a.nrows == b.nrows && a.nrows > 0)
			CHECK(a.rows[a.nrows - 1].secret == b.rows[b.nrows - 1].secret &&
			      (isnan(a.rows[0].value) ? isnan(b.rows[0].value)
						      : a.rows[0].value == b.rows[0].value));
		orcs_ind_result_release(&a);
		orcs_ind_result_release(&b);
		n++;
	}
	CHECK(n >= 2);
}

void suite_figures(void)
{
	orcs_error err = ORCS_ERROR_INIT;
	RUN(test_filters_parse_and_url);
	db = fx_open("tests/data/engine/fixture.sql");
	if (!db)
		return;
	if (orcs_refresh(db, &err) != ORCS_OK)
		printf("  refresh: %s\n", err.msg);
	RUN(test_registry_is_valid);
	RUN(test_secret_cells_never_carry_figures);
	RUN(test_filters_reach_the_engine);
	RUN(test_two_dimension_figures_are_cached);
	orcs_db_close(db);
}
