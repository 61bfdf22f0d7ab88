/* test_cache_levels.c - the refresh's EPT and commune breakdowns (the fact
 * sheets' rows) equal the live computation row by row, secret flags
 * included, on a synthetic delivery (every département, EPT and commune
 * of the referential, small counts: many secret cells).  Their public
 * release protects the parent geographies: the refresh takes each parent
 * release from the département (or EPT) result it has just computed,
 * where a live query computes it again. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "indicators/engine.h"
#include "indicators/secrecy.h"
#include "ingest/clauses.h"
#include "ref/ref.h"
#include "synth/synth.h"
#include "tests/unit/harness.h"
#include "warehouse/db.h"

static int same_num(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static int same_code(const char *a, const char *b)
{
	return a || b ? a && b && !strcmp(a, b) : 1;
}

/* Row by row; prints the first difference. */
static int same_rows(const orcs_ind_result *a, const orcs_ind_result *b, const char *what)
{
	int k, i;
	if (a->nrows != b->nrows) {
		printf("  %s: %d rows cached, %d live\n", what, a->nrows, b->nrows);
		return 0;
	}
	for (k = 0; k < a->nrows; k++) {
		const orcs_ind_row *x = &a->rows[k], *y = &b->rows[k];
		int same = x->secret == y->secret && same_num(x->value, y->value) &&
			   same_num(x->numerator, y->numerator) &&
			   same_num(x->denominator, y->denominator) &&
			   same_num(x->coverage, y->coverage) && same_num(x->previous, y->previous) &&
			   same_num(x->change, y->change);
		for (i = 0; i < ORCS_IND_MAX_BY; i++)
			same = same && x->has[i] == y->has[i] && same_code(x->code[i], y->code[i]);
		for (i = 0; i < ORCS_IND_MAX_EXTRA; i++)
			same = same && same_num(x->extra[i], y->extra[i]);
		if (!same) {
			printf("  %s row %d (%s): cached %g secret %d, live %g secret %d\n", what, k,
			       x->code[0] ? x->code[0] : "-", x->value, x->secret, y->value, y->secret);
			return 0;
		}
	}
	return 1;
}

static void test_ept_and_commune_rows_equal_live(void)
{
	static const char *const inds[] = { "clauses.hours_realised", "benef.participants",
					    "clauses.markets_notified" };
	static const char *const levels[] = { "geo_exec:ept", "geo_exec:commune" };
	static const int years[] = { 2023, 2024 };
	orcs_buf dir = ORCS_BUF_INIT, dbp = ORCS_BUF_INIT;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_synth_opts so;
	orcs_clauses_opts o;
	orcs_clauses_report r;
	orcs_db *db = NULL;
	size_t i, l, y;
	int a, n = 0, secret = 0, secondary = 0;

	orcs_buf_addf(&dir, "%s/levels", harness_tmpdir());
	orcs_buf_addf(&dbp, "%s/levels.db", harness_tmpdir());
	memset(&so, 0, sizeof(so));
	so.scale = 0.01;
	so.seed = 7;
	so.outdir = dir.data;
	so.datadir = harness_datadir();
	CHECK_INT(orcs_synth_run(&so, NULL, &err), ORCS_OK);
	remove(dbp.data);
	if (err.code || orcs_db_open(&db, dbp.data, ORCS_DB_CREATE, &err) ||
	    orcs_db_migrate(db, NULL, &err) || orcs_ref_load(db, harness_datadir(), NULL, &err)) {
		printf("  %s\n", err.msg);
		CHECK(0);
		goto out;
	}
	memset(&o, 0, sizeof(o));
	o.path = dir.data;
	memset(o.key, 7, sizeof(o.key));
	/* the import refreshes the cache */
	CHECK_INT(orcs_clauses_import(db, &o, &r, &err), ORCS_OK);
	orcs_clauses_report_release(&r);
	for (i = 0; i < sizeof(inds) / sizeof(inds[0]); i++)
		for (l = 0; l < sizeof(levels) / sizeof(levels[0]); l++)
			for (y = 0; y < sizeof(years) / sizeof(years[0]); y++)
				for (a = 0; a < 2; a++) {
					orcs_ind_query q = ORCS_IND_QUERY_INIT;
					orcs_ind_result c, v;
					char what[160];
					int k;
					q.indicator = inds[i];
					q.year = years[y];
					q.by[0] = levels[l];
					q.nby = 1;
					q.audience = a ? ORCS_AUDIENCE_INTERNAL : ORCS_AUDIENCE_PUBLIC;
					snprintf(what, sizeof(what), "%s %d %s %s", inds[i], years[y],
						 levels[l], a ? "internal" : "public");
					CHECK_INT(orcs_ind_compute(db, &q, &c, &err), ORCS_OK);
					q.live = 1;
					CHECK_INT(orcs_ind_compute(db, &q, &v, &err), ORCS_OK);
					CHECK(c.from_cache && !v.from_cache);
					CHECK(same_rows(&c, &v, what));
					CHECK(c.nrows > 1);
					for (k = 0; k < c.nrows; k++) {
						secret += c.rows[k].secret != 0;
						secondary += c.rows[k].secret == ORCS_CELL_SECONDARY;
					}
					n++;
					orcs_ind_result_release(&c);
					orcs_ind_result_release(&v);
				}
	CHECK_INT(n, 24);
	/* the public releases do hide cells, some by secondary suppression */
	CHECK(secret > 10 && secondary > 0);
out:
	orcs_db_close(db);
	orcs_buf_release(&dir);
	orcs_buf_release(&dbp);
}

void suite_cache_levels(void)
{
	RUN(test_ept_and_commune_rows_equal_live);
}
