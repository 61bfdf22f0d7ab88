/* test_share.c - decp.social_share / decp.env_share on a hand-made set
 * whose every figure is computed by hand below (the expectations of the
 * first implementation, kept when it was folded into the indicator engine:
 * the all-years figures are now the sums of the yearly numerators and
 * denominators, since a rate is not additive across years). */
#include <math.h>

#include "core/buf.h"
#include "tests/unit/engine_fixture.h"
#include "tests/unit/harness.h"

/*
 * Eleven IdF contracts plus one outside IdF and one without a year:
 *   2024, dept 93, fmt 2024: CLAUSE | CLAUSE+CRITERE | NONE | NONE | NOT_FILLED
 *   2024, dept 75, fmt 2024: RESERVE | NONE
 *   2023, dept 93, fmt 2024: CRITERE                  (republished subset)
 *   2023, dept 93, fmt 2019: NOT_APPLICABLE x 3
 *   2024, dept 13 (not IdF), fmt 2024: CLAUSE         (out of scope)
 *   no year, dept 93, fmt 2024: CLAUSE                 (excluded, counted)
 * All years, IdF: population 11 (the 2019-format ones included), 2024-format 8,
 *   FILLED 7 (the 2024-format ones but one), positive 4 (C, C+Cr, R, Cr)
 *   -> 4/7, coverage 7/11, coverage_fmt 8/11, coverage_filled 7/8, which
 *   are now 2024 (3/6, population 7, 2024-format 7) + 2023 (1/1,
 *   population 4, 2024-format 1).
 * 2024 only: population 7, FILLED 6, positive 3 -> 0.5, coverage 6/7.
 * 2024 + dept 93: population 5, FILLED 4, positive 2 -> 0.5, coverage 4/5.
 * By value (all years): SOC_CLAUSE 2/7, SOC_CRITERE 2/7, SOC_RESERVE 1/7,
 *   SOC_NONE 3/7 = 2024 (2/6, 1/6, 1/6, 3/6) + 2023 (0/1, 1/1, 0/1, 0/1).
 * Environment: ENV_CLAUSE on 2 of the 7 FILLED -> 2/7 = 2024 2/6 + 2023 0/1;
 *   ENV_NONE 5/7 = 2024 4/6 + 2023 1/1.
 */
static orcs_db *fixture(void)
{
	static const struct {
		int year; const char *dept; int idf; const char *fmt;
		const char *st; const char *vals; const char *est; const char *evals;
	} rows[] = {
		{ 2024, "93", 1, "2024", "FILLED", "SOC_CLAUSE", "FILLED", "ENV_CLAUSE" },
		{ 2024, "93", 1, "2024", "FILLED", "SOC_CLAUSE|SOC_CRITERE", "FILLED", "ENV_NONE" },
		{ 2024, "93", 1, "2024", "FILLED", "SOC_NONE", "FILLED", "ENV_NONE" },
		{ 2024, "93", 1, "2024", "FILLED", "SOC_NONE", "FILLED", "ENV_CLAUSE" },
		{ 2024, "93", 1, "2024", "NOT_FILLED", NULL, "NOT_FILLED", NULL },
		{ 2024, "75", 1, "2024", "FILLED", "SOC_RESERVE", "FILLED", "ENV_NONE" },
		{ 2024, "75", 1, "2024", "FILLED", "SOC_NONE", "FILLED", "ENV_NONE" },
		{ 2023, "93", 1, "2024", "FILLED", "SOC_CRITERE", "FILLED", "ENV_NONE" },
		{ 2023, "93", 1, "2019", "NOT_APPLICABLE", NULL, "NOT_APPLICABLE", NULL },
		{ 2023, "93", 1, "2019", "NOT_APPLICABLE", NULL, "NOT_APPLICABLE", NULL },
		{ 2023, "93", 1, "2019", "NOT_APPLICABLE", NULL, "NOT_APPLICABLE", NULL },
		{ 2024, NULL, 0, "2024", "FILLED", "SOC_CLAUSE", "FILLED", "ENV_NONE" },
		{ 0, "93", 1, "2024", "FILLED", "SOC_CLAUSE", "FILLED", "ENV_NONE" },
	};
	orcs_db *db = fx_open(NULL);
	orcs_error err = ORCS_ERROR_INIT;
	sqlite3_stmt *st;
	unsigned i;
	if (!db || orcs_db_exec(db, "INSERT INTO import_batch(id, kind) VALUES (1, 'decp');"
			     "INSERT INTO import_file(id, batch_id, path, sha256, bytes) "
			     "VALUES (1, 1, 'f.json', 'x', 0);", &err) ||
	    orcs_db_prepare(db, &st,
			    "INSERT INTO decp_contract(rkey, uid, kind, fmt, buyer_siret, id_src, "
			    "notif_year, departement, in_idf, social_status, social_values, env_status, "
			    "env_values, batch_id, file_id, record_index) VALUES (?1, 'u' || ?1, "
			    "'MARCHE', ?2, '21930001800011', 'id' || ?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, 1, ?1)",
			    &err)) {
		printf("  setup: %s\n", err.msg);
		orcs_db_close(db);
		return NULL;
	}
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, (int)i + 1);
		sqlite3_bind_text(st, 2, rows[i].fmt, -1, SQLITE_STATIC);
		if (rows[i].year)
			sqlite3_bind_int(st, 3, rows[i].year);
		else
			sqlite3_bind_null(st, 3);
		sqlite3_bind_text(st, 4, rows[i].dept, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, rows[i].idf);
		sqlite3_bind_text(st, 6, rows[i].st, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, rows[i].vals, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, rows[i].est, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, rows[i].evals, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			printf("  insert %u: %s\n", i, sqlite3_errmsg(orcs_db_sqlite(db)));
	}
	sqlite3_finalize(st);
	return db;
}


/* extras of the DECP shares: coverage_fmt, coverage_filled, population */
#define X_FMT 0
#define X_FILLED 1
#define X_POP 2

static void test_social_share_by_year(void)
{
	orcs_db *db = fixture();
	orcs_ind_result a, b;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_ind_row *r, *r23;
	CHECK(db != NULL);
	if (!db)
		return;
	CHECK_INT(fx_query(db, &a, "decp.social_share", 2024, NULL, NULL, 0, &err), ORCS_OK);
	CHECK_INT(fx_query(db, &b, "decp.social_share", 2023, NULL, NULL, 0, &err), ORCS_OK);
	r = fx_row(&a, NULL, NULL);
	r23 = fx_row(&b, NULL, NULL);
	CHECK(r && r->numerator == 3 && r->denominator == 6 && r->extra[X_POP] == 7);
	CHECK(r && NEAR(r->value, 0.5) && NEAR(r->coverage, 6.0 / 7) && NEAR(r->extra[X_FMT], 1));
	CHECK(r23 && r23->numerator == 1 && r23->denominator == 1 && r23->extra[X_POP] == 4);
	CHECK(r23 && NEAR(r23->extra[X_FMT], 0.25) && NEAR(r23->extra[X_FILLED], 1));
	/* the old all-years figures are the sums of the yearly ones */
	CHECK(r && r23 && r->numerator + r23->numerator == 4 && r->denominator + r23->denominator == 7);
	CHECK(r && r23 && r->extra[X_POP] + r23->extra[X_POP] == 11);
	CHECK(r && r23 && NEAR((r->denominator + r23->denominator) / (7 + 1), 7.0 / 8));
	/* N / N-1: 0.5 after 1.0, -50 points */
	CHECK(r && NEAR(r->previous, 1) && NEAR(r->change, -50));
	CHECK_INT(a.excluded, 1); /* the contract without a year */
	orcs_ind_result_release(&a);
	orcs_ind_result_release(&b);
	/* a rate is not summed across years: the engine asks for a year */
	CHECK_INT(fx_query(db, &a, "decp.social_share", 0, NULL, NULL, 0, &err), ORCS_EUSAGE);
	CHECK(strstr(err.msg, "--year") != NULL);
	orcs_db_close(db);
}

static void test_by_value_and_filters(void)
{
	orcs_db *db = fixture();
	orcs_ind_result a, b;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_ind_row *r;
	CHECK(db != NULL);
	if (!db)
		return;
	CHECK_INT(fx_query(db, &a, "decp.social_share_by_kind", 2024, NULL, NULL, 0, &err), ORCS_OK);
	CHECK_INT(fx_query(db, &b, "decp.social_share_by_kind", 2023, NULL, NULL, 0, &err), ORCS_OK);
	r = fx_row(&a, "SOC_CLAUSE", NULL);
	CHECK(r && r->numerator == 2 && r->denominator == 6);
	r = fx_row(&b, "SOC_CRITERE", NULL);
	CHECK(r && r->numerator == 1 && r->denominator == 1);
	r = fx_row(&a, "SOC_CRITERE", NULL);
	CHECK(r && r->numerator == 1);
	r = fx_row(&a, "SOC_RESERVE", NULL);
	CHECK(r && r->numerator == 1);
	r = fx_row(&a, "SOC_NONE", NULL); /* explicit "none" is a real answer */
	CHECK(r && r->numerator == 3);
	r = fx_row(&b, "SOC_NONE", NULL);
	CHECK(r && r->numerator == 0 && r->denominator == 1);
	orcs_ind_result_release(&a);
	orcs_ind_result_release(&b);
	CHECK_INT(fx_query(db, &a, "decp.social_share", 2024, NULL, "geo_exec:dept=93", 0, &err),
		  ORCS_OK);
	r = fx_row(&a, NULL, NULL);
	CHECK(r && r->numerator == 2 && r->denominator == 4 && r->extra[X_POP] == 5);
	CHECK(r && NEAR(r->coverage, 0.8));
	orcs_ind_result_release(&a);
	/* a year without data: value undefined, never 0 % */
	CHECK_INT(fx_query(db, &a, "decp.social_share", 2019, NULL, NULL, 0, &err), ORCS_OK);
	r = fx_row(&a, NULL, NULL);
	CHECK(r && r->denominator == 0 && isnan(r->value) && isnan(r->previous));
	orcs_ind_result_release(&a);
	orcs_db_close(db);
}

static void test_env_share_and_unknown_id(void)
{
	orcs_db *db = fixture();
	orcs_ind_result a, b;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_ind_row *r;
	CHECK(db != NULL);
	if (!db)
		return;
	CHECK_INT(fx_query(db, &a, "decp.env_share", 2024, NULL, NULL, 0, &err), ORCS_OK);
	r = fx_row(&a, NULL, NULL);
	CHECK(r && r->numerator == 2 && r->denominator == 6 && NEAR(r->value, 2.0 / 6));
	CHECK(r && r->previous == 0 && NEAR(r->change, 100.0 / 3));
	orcs_ind_result_release(&a);
	CHECK_INT(fx_query(db, &a, "decp.env_share_by_kind", 2024, NULL, NULL, 0, &err), ORCS_OK);
	CHECK_INT(fx_query(db, &b, "decp.env_share_by_kind", 2023, NULL, NULL, 0, &err), ORCS_OK);
	r = fx_row(&a, "ENV_NONE", NULL);
	CHECK(r && r->numerator == 4);
	r = fx_row(&b, "ENV_NONE", NULL);
	CHECK(r && r->numerator == 1);
	orcs_ind_result_release(&a);
	orcs_ind_result_release(&b);
	CHECK_INT(fx_query(db, &a, "decp.bogus", 2024, NULL, NULL, 0, &err), ORCS_EUSAGE);
	CHECK(strstr(err.msg, "decp.bogus") != NULL);
	orcs_db_close(db);
}

void suite_share(void)
{
	RUN(test_social_share_by_year);
	RUN(test_by_value_and_filters);
	RUN(test_env_share_and_unknown_id);
}
