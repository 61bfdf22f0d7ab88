/* test_share.c - decp.social_share / decp.env_share on a hand-made set
 * whose every figure is computed by hand below. */
#include <math.h>

#include "core/buf.h"
#include "indicators/decp_share.h"
#include "ref/ref.h"
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
 *   -> value 4/7, coverage 7/11, coverage_fmt 8/11, coverage_filled 7/8.
 * 2024 only: population 7, FILLED 6, positive 3 -> 0.5, coverage 6/7.
 * 2024 + dept 93: population 5, FILLED 4, positive 2 -> 0.5, coverage 4/5.
 * By value (all years): SOC_CLAUSE 2/7, SOC_CRITERE 2/7, SOC_RESERVE 1/7,
 *   SOC_NONE 3/7.
 * Environment: ENV_CLAUSE on 2 of the 7 FILLED -> 2/7; ENV_NONE 5/7.
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
	orcs_buf path = ORCS_BUF_INIT;
	orcs_db *db = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	sqlite3_stmt *st;
	unsigned i;
	static int n;
	orcs_buf_addf(&path, "%s/share%d.db", harness_tmpdir(), ++n);
	if (orcs_db_open(&db, path.data, ORCS_DB_CREATE, &err) || orcs_db_migrate(db, NULL, &err) ||
	    orcs_ref_load(db, harness_datadir(), NULL, &err) ||
	    orcs_db_exec(db, "INSERT INTO import_batch(id, kind) VALUES (1, 'decp');"
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
		orcs_buf_release(&path);
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
	orcs_buf_release(&path);
	return db;
}

static const orcs_share_row *row(const orcs_share *s, const char *dim, const char *v)
{
	int i;
	for (i = 0; i < s->nrows; i++)
		if ((!dim && !s->rows[i].dim) ||
		    (dim && s->rows[i].dim && !strcmp(s->rows[i].dim, dim) &&
		     !strcmp(s->rows[i].dim_value, v)))
			return &s->rows[i];
	return NULL;
}

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

static void test_social_share_all_years(void)
{
	orcs_db *db = fixture();
	orcs_share s;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_share_row *r;
	CHECK(db != NULL);
	if (!db)
		return;
	CHECK_INT(orcs_share_compute(db, "decp.social_share", 0, NULL, &s, &err), ORCS_OK);
	r = row(&s, NULL, NULL);
	CHECK(r && r->numerator == 4 && r->denominator == 7 && r->population == 11);
	CHECK(r && NEAR(r->value, 4.0 / 7) && NEAR(r->coverage, 7.0 / 11) &&
	      NEAR(r->coverage_fmt, 8.0 / 11));
	CHECK(r && NEAR(r->coverage_filled, 7.0 / 8));
	CHECK_INT(s.no_year, 1);
	r = row(&s, "consid_soc", "SOC_CLAUSE");
	CHECK(r && r->numerator == 2 && r->denominator == 7);
	r = row(&s, "consid_soc", "SOC_CRITERE");
	CHECK(r && r->numerator == 2);
	r = row(&s, "consid_soc", "SOC_RESERVE");
	CHECK(r && r->numerator == 1);
	r = row(&s, "consid_soc", "SOC_NONE"); /* explicit "none" is a real answer */
	CHECK(r && r->numerator == 3);
	r = row(&s, "year", "2023");
	CHECK(r && r->republished_subset && r->numerator == 1 && r->denominator == 1 &&
	      r->population == 4 && NEAR(r->coverage_fmt, 0.25));
	r = row(&s, "year", "2024");
	CHECK(r && !r->republished_subset && r->numerator == 3 && r->denominator == 6);
	orcs_share_release(&s);
	orcs_db_close(db);
}

static void test_year_and_dept_filters(void)
{
	orcs_db *db = fixture();
	orcs_share s;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_share_row *r;
	CHECK(db != NULL);
	if (!db)
		return;
	CHECK_INT(orcs_share_compute(db, "decp.social_share", 2024, NULL, &s, &err), ORCS_OK);
	r = row(&s, NULL, NULL);
	CHECK(r && r->numerator == 3 && r->denominator == 6 && r->population == 7);
	CHECK(row(&s, "year", "2024") == NULL); /* no year rows when a year is asked */
	CHECK_INT(s.no_year, 0);
	orcs_share_release(&s);
	CHECK_INT(orcs_share_compute(db, "decp.social_share", 2024, "93", &s, &err), ORCS_OK);
	r = row(&s, NULL, NULL);
	CHECK(r && r->numerator == 2 && r->denominator == 4 && r->population == 5);
	CHECK(r && NEAR(r->coverage, 0.8));
	orcs_share_release(&s);
	/* a year without data: value undefined, never 0 % */
	CHECK_INT(orcs_share_compute(db, "decp.social_share", 2019, NULL, &s, &err), ORCS_OK);
	r = row(&s, NULL, NULL);
	CHECK(r && r->denominator == 0 && isnan(r->value));
	orcs_share_release(&s);
	orcs_db_close(db);
}

static void test_env_share_and_unknown_id(void)
{
	orcs_db *db = fixture();
	orcs_share s;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_share_row *r;
	CHECK(db != NULL);
	if (!db)
		return;
	CHECK_INT(orcs_share_compute(db, "decp.env_share", 0, NULL, &s, &err), ORCS_OK);
	r = row(&s, NULL, NULL);
	CHECK(r && r->numerator == 2 && r->denominator == 7 && NEAR(r->value, 2.0 / 7));
	r = row(&s, "consid_env", "ENV_NONE");
	CHECK(r && r->numerator == 5);
	orcs_share_release(&s);
	CHECK_INT(orcs_share_compute(db, "decp.bogus", 0, NULL, &s, &err), ORCS_EUSAGE);
	CHECK(strstr(err.msg, "decp.bogus") != NULL);
	orcs_db_close(db);
}

void suite_share(void)
{
	RUN(test_social_share_all_years);
	RUN(test_year_and_dept_filters);
	RUN(test_env_share_and_unknown_id);
}
