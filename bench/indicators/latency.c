/*
 * latency.c - latency of orcs_ind_compute() on a warehouse, cached and live:
 * the time of the call alone (opening the warehouse and writing the output
 * are not counted).  Built and run by bench/indicators/run; never part of
 * `make check`.
 *
 *   latency DB [ROUNDS]
 *
 * Prints one line per query: median, 99th percentile and maximum of ROUNDS
 * calls from the cache (default 50), and the median of 3 live calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "indicators/engine.h"
#include "warehouse/db.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static const struct {
	const char *id;
	int year;
	const char *by;
	const char *wdim, *wval; /* one filter, or NULL */
} queries[] = {
	{ "decp.markets", 2024, NULL, NULL, NULL },
	{ "decp.markets", 0, NULL, NULL, NULL },
	{ "decp.social_share", 2024, NULL, NULL, NULL },
	{ "decp.social_share", 2024, "geo_exec", NULL, NULL },
	{ "decp.social_share_by_kind", 2024, NULL, NULL, NULL },
	{ "decp.social_share_by_kind", 2024, "geo_exec", NULL, NULL },
	{ "decp.social_env_crosstab", 2024, NULL, NULL, NULL },
	{ "decp.social_amount_share", 2024, "cpv2", NULL, NULL },
	{ "decp.markets", 2024, "acheteur", NULL, NULL },
	{ "inclusive.decp_share_count", 2024, "structure_type", NULL, NULL },
	{ "quality.late_publication", 2024, "source", NULL, NULL },
	{ "clauses.hours_realised", 2024, NULL, NULL, NULL },
	{ "clauses.hours_realised", 2024, "geo_exec", NULL, NULL },
	{ "clauses.markets_active", 2024, NULL, NULL, NULL },
	{ "benef.participants", 2024, "sex", NULL, NULL },
	{ "benef.participants", 2024, "public", NULL, NULL },
	{ "benef.share_women", 2024, "geo_res", NULL, NULL },
	{ "benef.outcome_rate", 2024, NULL, NULL, NULL },
	{ "ogpf.hours_vs_commitment", 2024, "programme", NULL, NULL },
	{ "platform.social_share_lots", 2024, NULL, NULL, NULL },
	/* filtered (territory pages, dashboards, fact sheets) */
	{ "decp.markets", 2024, NULL, "geo_exec:dept", "93" },
	{ "decp.social_share", 2024, "nature", "geo_exec:ept", "200057875" },
	{ "clauses.hours_realised", 2024, NULL, "geo_exec:dept", "93" },
	{ "clauses.hours_planned", 2024, "nature", "geo_exec:dept", "93" },
	{ "clauses.hours_realised", 2024, NULL, "geo_exec:ept", "200057875" },
	{ "benef.participants", 2024, "sex", "geo_exec:dept", "93" },
	{ "benef.participants", 2024, "public", "geo_exec:ept", "200057875" },
	{ "benef.share_women", 2024, NULL, "geo_exec:dept", "75" },
};

static double run(orcs_db *db, int i, int live, int *rows, int *cached)
{
	orcs_ind_query q = ORCS_IND_QUERY_INIT;
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	double t0;
	q.indicator = queries[i].id;
	q.year = queries[i].year;
	if (queries[i].by) {
		q.by[0] = queries[i].by;
		q.nby = 1;
	}
	if (queries[i].wdim) {
		q.where[0].dim = queries[i].wdim;
		q.where[0].value = queries[i].wval;
		q.nwhere = 1;
	}
	q.live = live;
	t0 = now();
	if (orcs_ind_compute(db, &q, &r, &err) != ORCS_OK) {
		fprintf(stderr, "%s: %s\n", queries[i].id, err.msg);
		return -1;
	}
	t0 = now() - t0;
	*rows = r.nrows;
	*cached = r.from_cache;
	orcs_ind_result_release(&r);
	return t0 * 1000;
}

int main(int argc, char **argv)
{
	orcs_db *db;
	orcs_error err = ORCS_ERROR_INIT;
	int rounds = argc > 2 ? atoi(argv[2]) : 50, i, k;
	if (argc < 2 || orcs_db_open(&db, argv[1], ORCS_DB_READONLY, &err) != ORCS_OK) {
		fprintf(stderr, "usage: latency DB [ROUNDS] (%s)\n", err.msg);
		return 2;
	}
	printf("%-30s %4s %-10s %-24s %6s %9s %9s %9s %9s\n", "indicator", "year", "by", "where",
	       "rows", "cache p50", "cache p99", "cache max", "live p50");
	for (i = 0; i < (int)(sizeof(queries) / sizeof(queries[0])); i++) {
		double c[512], l[3];
		int rows = 0, cached = 0, dummy;
		if (rounds > 512)
			rounds = 512;
		for (k = 0; k < rounds; k++)
			c[k] = run(db, i, 0, &rows, &cached);
		for (k = 0; k < 3; k++)
			l[k] = run(db, i, 1, &rows, &dummy);
		qsort(c, (size_t)rounds, sizeof(double), cmp);
		qsort(l, 3, sizeof(double), cmp);
		{
			char w[64];
			snprintf(w, sizeof(w), "%s%s%s", queries[i].wdim ? queries[i].wdim : "-",
				 queries[i].wdim ? "=" : "", queries[i].wdim ? queries[i].wval : "");
			printf("%-30s %4d %-10s %-24s %6d %7.2f%s %7.2f ms %7.2f ms %7.0f ms\n",
			       queries[i].id, queries[i].year, queries[i].by ? queries[i].by : "-", w,
			       rows, c[rounds / 2], cached ? " ms" : " !c", c[rounds * 99 / 100],
			       c[rounds - 1], l[1]);
		}
		fflush(stdout);
	}
	orcs_db_close(db);
	return 0;
}
