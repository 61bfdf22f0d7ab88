/* test_engine.c - the indicator engine on the hand-made warehouse of
 * tests/data/engine/fixture.sql: the registry against the catalogue, every
 * DECP-based indicator (decp.*, inclusive.* DECP side, quality.*), filters
 * and usage errors.  Every expected figure is computed by hand here.
 *
 * DECP contracts of 2024 (all in IdF):
 *   C1 93/93048 fmt 2024 SOC_CLAUSE           ENV_CLAUSE   100 000  S1 flags siret_invalid
 *   C2 93/93066 fmt 2024 SOC_CLAUSE+CRITERE   ENV_NONE     200 000  S1 late_publication, amount_duration
 *   C3 93/93048 fmt 2024 SOC_NONE             ENV_NONE     300 000  S2 cpv_invalid, siret_invalid, id_shared_lots
 *   C4 75/75101 fmt 2024 SOC_RESERVE          ENV_CRITERE   50 000  S2 enum_unknown
 *   C5 75       fmt 2024 NOT_FILLED           NOT_FILLED        10  S1 amount_aberrant (flagged)
 *   C6 92       fmt 2024 SOC_NONE             NOT_FILLED     10^12  S1 amount_aberrant (flagged)
 *   C7 92       fmt 2019 NOT_APPLICABLE       NOT_APPLICABLE 400 000  S2 dup_cross_source
 *   C8 (no place) fmt 2024 SOC_CLAUSE         ENV_CLAUSE   600 000  S1 missing
 * 2023: C9 (93, 2019), C10 (93, 2024 SOC_CLAUSE, ENV_NONE), C11 (75, 2019).
 * C12 is outside IdF, C13 (93) has no notification year.
 */
#include <math.h>
#include <string.h>

#include "core/buf.h"
#include "indicators/impl_common.h"
#include "indicators/secrecy.h"
#include "tests/unit/engine_fixture.h"
#include "tests/unit/harness.h"

#define FIXTURE "tests/data/engine/fixture.sql"

static orcs_db *db;

static orcs_db *shared_db(void)
{
	if (!db)
		db = fx_open(FIXTURE);
	return db;
}

/* Total row of `id` for `year` (internal audience); NAN figures on error. */
static orcs_ind_row total(const char *id, int year, const char *where)
{
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_ind_row row;
	memset(&row, 0, sizeof(row));
	row.value = row.numerator = row.denominator = row.coverage = row.previous = NAN;
	if (fx_query(shared_db(), &r, id, year, NULL, where, 1, &err) != ORCS_OK) {
		printf("  %s %d: %s\n", id, year, err.msg);
		return row;
	}
	row = r.rows[0];
	memset(row.code, 0, sizeof(row.code));
	memset(row.label, 0, sizeof(row.label));
	orcs_ind_result_release(&r);
	return row;
}

static void test_registry_covers_the_catalogue(void)
{
	orcs_buf problems = ORCS_BUF_INIT;
	sqlite3_stmt *st;
	int impl = 0, pending = 0, unknown = 0;
	CHECK(shared_db() != NULL);
	if (!db)
		return;
	CHECK_INT(orcs_ind_check_registry(db, &problems), 0);
	if (problems.len)
		printf("%s", problems.data);
	orcs_buf_release(&problems);
	CHECK(sqlite3_prepare_v2(orcs_db_sqlite(db), "SELECT DISTINCT id FROM ind_catalogue", -1, &st,
				 NULL) == SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *reason;
		int s = orcs_ind_status((const char *)sqlite3_column_text(st, 0), &reason);
		impl += s == 1;
		pending += s == 0 && reason && *reason;
		unknown += s < 0;
	}
	sqlite3_finalize(st);
	CHECK_INT(impl + pending, 69);
	CHECK_INT(unknown, 0);
	CHECK_INT(pending, 1);
	CHECK_INT(orcs_ind_status("clauses.hours_training", NULL), 1);
	CHECK_INT(orcs_ind_status("quality.quarantine_rate", NULL), 0);
	CHECK_INT(orcs_ind_status("decp.social_share", NULL), 1);
	CHECK_INT(orcs_ind_status("nope", NULL), -1);
}

/* HAS() looks codes up in '|'-joined lists with a plain instr(): exact only
 * while no code of those enumerations is a substring of another. */
static void test_list_codes_are_not_substrings_of_each_other(void)
{
	sqlite3_stmt *st;
	CHECK(shared_db() != NULL);
	if (!db)
		return;
	CHECK(sqlite3_prepare_v2(orcs_db_sqlite(db),
				 "SELECT a.enum, a.code, b.code FROM dim_enum a JOIN dim_enum b ON "
				 "b.enum = a.enum AND b.code <> a.code AND instr(b.code, a.code) > 0 "
				 "WHERE instr(',' || ?1 || ',', ',' || a.enum || ',') > 0",
				 -1, &st, NULL) == SQLITE_OK);
	sqlite3_bind_text(st, 1, LIST_ENUMS, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		printf("  %s: %s is inside %s\n", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
		       sqlite3_column_text(st, 2));
		CHECK(0);
	}
	sqlite3_finalize(st);
	CHECK_INT(orcs_db_scalar(db, "SELECT count(DISTINCT enum) FROM dim_enum WHERE enum IN "
				     "('consid_social', 'consid_env', 'legal_modality', 'public', "
				     "'consultation_clause')",
				 0),
		  5);
}

static void test_decp_markets_counts_and_years(void)
{
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_ind_row *row;
	orcs_ind_row t;
	t = total("decp.markets", 2024, NULL);
	CHECK(t.value == 8 && t.numerator == 8 && t.previous == 3 && t.change == 5);
	CHECK(NEAR(t.extra[0], 7.0 / 8)); /* coverage_fmt */
	/* NOTIFIED counts are additive: all years = 8 + 3, C13 (no year) excluded */
	CHECK_INT(fx_query(shared_db(), &r, "decp.markets", 0, NULL, NULL, 1, &err), ORCS_OK);
	CHECK(r.nrows == 1 && r.rows[0].value == 11 && isnan(r.rows[0].previous));
	CHECK_INT(r.excluded, 1);
	CHECK_INT(r.has_previous, 0);
	orcs_ind_result_release(&r);
	/* by département: every département listed, the unknown place last */
	CHECK_INT(fx_query(shared_db(), &r, "decp.markets", 2024, "geo_exec:dept", NULL, 0, &err),
		  ORCS_OK);
	CHECK_INT(r.nrows, 1 + 8 + 1);
	CHECK((row = fx_row(&r, "93", NULL)) && row->value == 3 && row->previous == 2);
	CHECK((row = fx_row(&r, "75", NULL)) && row->value == 2 && row->label[0] &&
	      !strcmp(row->label[0], "Paris"));
	CHECK((row = fx_row(&r, "92", NULL)) && row->value == 2 && row->previous == 0);
	CHECK((row = fx_row(&r, "77", NULL)) && row->value == 0);
	CHECK((row = fx_row(&r, FX_NULL, NULL)) && row->value == 1 && row == &r.rows[r.nrows - 1]);
	CHECK(!r.rows[0].secret && !row->secret); /* S0 */
	orcs_ind_result_release(&r);
	CHECK_INT(fx_query(shared_db(), &r, "decp.markets", 2024, "geo_exec:commune", NULL, 0, &err),
		  ORCS_OK);
	CHECK((row = fx_row(&r, "93048", NULL)) && row->value == 2 && row->label[0] &&
	      !strcmp(row->label[0], "Montreuil"));
	CHECK((row = fx_row(&r, FX_NULL, NULL)) && row->value == 4);
	orcs_ind_result_release(&r);
	CHECK_INT(fx_query(shared_db(), &r, "decp.markets", 2024, "fmt", NULL, 0, &err), ORCS_OK);
	CHECK((row = fx_row(&r, "2019", NULL)) && row->value == 1);
	CHECK((row = fx_row(&r, "2024", NULL)) && row->value == 7);
	CHECK(!strcmp(r.by[0], "fmt"));
	orcs_ind_result_release(&r);
}

static void test_decp_shares(void)
{
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_ind_row *row;
	orcs_ind_row t;

	/* FILLED: C1 C2 C3 C4 C6 C8; positive: C1 C2 C4 C8 */
	t = total("decp.social_share", 2024, NULL);
	CHECK(t.numerator == 4 && t.denominator == 6 && NEAR(t.value, 4.0 / 6));
	CHECK(NEAR(t.coverage, 6.0 / 8) && NEAR(t.extra[0], 7.0 / 8) && NEAR(t.extra[1], 6.0 / 7));
	CHECK(t.extra[2] == 8);
	/* 2023: C10 alone, 1/1; the change is in points */
	CHECK(t.previous == 1 && NEAR(t.change, (4.0 / 6 - 1) * 100));

	/* per kind: the denominator stays FILLED; parts do not add up (3+1+1+2 > 6) */
	CHECK_INT(fx_query(shared_db(), &r, "decp.social_share_by_kind", 2024, NULL, NULL, 0, &err),
		  ORCS_OK);
	CHECK(r.nby == 1 && !strcmp(r.by[0], "consid_soc") && r.by_multi[0]);
	CHECK((row = fx_row(&r, NULL, NULL)) && row->numerator == 4 && row->denominator == 6);
	CHECK((row = fx_row(&r, "SOC_CLAUSE", NULL)) && row->numerator == 3 && row->denominator == 6);
	CHECK((row = fx_row(&r, "SOC_CRITERE", NULL)) && row->numerator == 1);
	CHECK((row = fx_row(&r, "SOC_RESERVE", NULL)) && row->numerator == 1);
	CHECK((row = fx_row(&r, "SOC_NONE", NULL)) && row->numerator == 2 &&
	      NEAR(row->coverage, 6.0 / 8));
	orcs_ind_result_release(&r);

	t = total("decp.none_explicit_share", 2024, NULL); /* C3, C6 */
	CHECK(t.numerator == 2 && t.denominator == 6);

	/* amounts: FILLED and not flagged C1 C2 C3 C4 C8 = 1 250 000, of which
	 * positive C1 C2 C4 C8 = 950 000; C6 (flagged) counted apart */
	t = total("decp.social_amount_share", 2024, NULL);
	CHECK(t.numerator == 950000 && t.denominator == 1250000 && NEAR(t.value, 0.76));
	CHECK(t.extra[2] == 1);

	/* environment: FILLED C1 C2 C3 C4 C8; positive C1 C4 C8 */
	t = total("decp.env_share", 2024, NULL);
	CHECK(t.numerator == 3 && t.denominator == 5 && NEAR(t.coverage, 5.0 / 8));
	CHECK(t.previous == 0); /* 2023: C10 ENV_NONE */
	CHECK_INT(fx_query(shared_db(), &r, "decp.env_share_by_kind", 2024, NULL, NULL, 0, &err),
		  ORCS_OK);
	CHECK((row = fx_row(&r, "ENV_CLAUSE", NULL)) && row->numerator == 2 && row->denominator == 5);
	CHECK((row = fx_row(&r, "ENV_CRITERE", NULL)) && row->numerator == 1);
	CHECK((row = fx_row(&r, "ENV_NONE", NULL)) && row->numerator == 2);
	orcs_ind_result_release(&r);
	t = total("decp.env_amount_share", 2024, NULL); /* C1 + C4 + C8 of 1 250 000 */
	CHECK(t.numerator == 750000 && t.denominator == 1250000 && t.extra[2] == 0);

	/* fill rate of the social field, by format */
	t = total("decp.field_coverage_social", 2024, NULL);
	CHECK(t.numerator == 6 && t.denominator == 8 && isnan(t.coverage));
	CHECK_INT(fx_query(shared_db(), &r, "decp.field_coverage_social", 2024, "fmt", NULL, 1, &err),
		  ORCS_OK);
	CHECK((row = fx_row(&r, "2019", NULL)) && row->numerator == 0 && row->denominator == 1);
	CHECK((row = fx_row(&r, "2024", NULL)) && row->numerator == 6 && row->denominator == 7);
	orcs_ind_result_release(&r);
}

static void test_decp_crosstab(void)
{
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_ind_row *row;
	/* FILLED on both: C1 (yes, yes) C2 (yes, no) C3 (no, no) C4 (yes, yes)
	 * C8 (yes, yes) */
	CHECK_INT(fx_query(shared_db(), &r, "decp.social_env_crosstab", 2024, NULL, NULL, 0, &err),
		  ORCS_OK);
	CHECK(r.nby == 2 && !strcmp(r.by[0], "consid_soc:any") && !strcmp(r.by[1], "consid_env:any"));
	CHECK((row = fx_row(&r, NULL, NULL)) && row->value == 5);
	CHECK((row = fx_row(&r, "OUI", NULL)) && row->value == 4);
	CHECK((row = fx_row(&r, "NON", NULL)) && row->value == 1);
	CHECK((row = fx_row(&r, NULL, "OUI")) && row->value == 3);
	CHECK((row = fx_row(&r, NULL, "NON")) && row->value == 2);
	CHECK((row = fx_row(&r, "OUI", "OUI")) && row->value == 3);
	CHECK((row = fx_row(&r, "OUI", "NON")) && row->value == 1);
	CHECK((row = fx_row(&r, "NON", "NON")) && row->value == 1);
	CHECK(fx_row(&r, "NON", "OUI") == NULL); /* no such contract */
	orcs_ind_result_release(&r);
	/* additive: all years adds C10 (yes, no) */
	CHECK_INT(fx_query(shared_db(), &r, "decp.social_env_crosstab", 0, NULL, NULL, 0, &err),
		  ORCS_OK);
	CHECK((row = fx_row(&r, NULL, NULL)) && row->value == 6);
	CHECK((row = fx_row(&r, "OUI", "NON")) && row->value == 2);
	orcs_ind_result_release(&r);
	/* a third dimension is one too many */
	CHECK_INT(fx_query(shared_db(), &r, "decp.social_env_crosstab", 2024, "geo_exec:dept", NULL, 0,
			   &err),
		  ORCS_EUSAGE);
	CHECK(strstr(err.msg, "geo_exec") != NULL);
}

static void test_inclusive_decp(void)
{
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_ind_row *row;
	orcs_ind_row t;
	/* valid titulaires: C1 (EI) C2 (classique) C3 (GEIQ) C4 (ESAT + classique)
	 * C7 (classique) C8 (EI): 6 contracts, inclusive C1 C4 C8; titulaires:
	 * 7 valid of 9 */
	t = total("inclusive.decp_share_count", 2024, NULL);
	CHECK(t.numerator == 3 && t.denominator == 6 && NEAR(t.coverage, 7.0 / 9));
	CHECK_INT(fx_query(shared_db(), &r, "inclusive.decp_share_count", 2024, "structure_type", NULL,
			   0, &err),
		  ORCS_OK);
	CHECK((row = fx_row(&r, "EI", NULL)) && row->numerator == 2 && row->denominator == 6);
	CHECK((row = fx_row(&r, "ESAT", NULL)) && row->numerator == 1);
	CHECK((row = fx_row(&r, "GEIQ", NULL)) && row->numerator == 1); /* shown apart */
	CHECK((row = fx_row(&r, "EA", NULL)) && row->numerator == 0);
	CHECK(fx_row(&r, "CLASSIQUE", NULL) == NULL);
	orcs_ind_result_release(&r);
	/* amounts, flagged excluded: C1 + C4 + C8 = 750 000 of C1 C2 C3 C4 C7 C8 */
	t = total("inclusive.decp_share_amount", 2024, NULL);
	CHECK(t.numerator == 750000 && t.denominator == 1650000 && t.extra[0] == 2);
	/* C2's sub-contractor is an EI; C3's is classique */
	t = total("inclusive.subcontract_count", 2024, NULL);
	CHECK(t.value == 1 && NEAR(t.coverage, 7.0 / 8));
	t = total("inclusive.reserved_markets", 2024, NULL); /* C4 */
	CHECK(t.value == 1 && t.previous == 0);
	t = total("inclusive.reserved_markets", 0, NULL);
	CHECK(t.value == 1);
}

static void test_quality(void)
{
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_ind_row *row;
	orcs_ind_row t;
	static const struct {
		const char *id;
		double num, den;
	} flags[] = {
		{ "quality.format_violation", 2, 8 }, /* C1, C3 (two flags, one record) */
		{ "quality.amount_out_of_range", 2, 8 }, { "quality.invalid_enum", 1, 8 },
		{ "quality.missing", 1, 8 },            { "quality.dup_rows", 1, 8 },
		{ "quality.dup_uid", 1, 8 },            { "quality.amount_duration", 1, 8 },
		{ "quality.pub_before_notif", 0, 8 },   { "quality.bad_encoding", 0, 8 },
		{ "quality.extreme_value", 0, 8 },      { "quality.social_field_coverage", 1, 7 },
	};
	unsigned i;
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		t = total(flags[i].id, 2024, NULL);
		if (t.numerator != flags[i].num || t.denominator != flags[i].den)
			printf("  %s: %g / %g\n", flags[i].id, t.numerator, t.denominator);
		CHECK(t.numerator == flags[i].num && t.denominator == flags[i].den);
	}
	/* PUBLISHED: C1 C2 C3 published in 2024 with both dates, C2 late; C4 in 2025 */
	t = total("quality.late_publication", 2024, NULL);
	CHECK(t.numerator == 1 && t.denominator == 3);
	t = total("quality.late_publication", 2025, NULL);
	CHECK(t.numerator == 0 && t.denominator == 1);
	/* last publication of 2024 on 1 December: 30 days; source S1: 15 June, capped */
	t = total("quality.days_since_last_pub", 2024, NULL);
	CHECK(t.value == 30 && isnan(t.numerator));
	CHECK_INT(fx_query(shared_db(), &r, "quality.days_since_last_pub", 2024, "source", NULL, 0, &err),
		  ORCS_OK);
	CHECK((row = fx_row(&r, "S1", NULL)) && row->value == 100);
	CHECK((row = fx_row(&r, "S2", NULL)) && row->value == 30);
	orcs_ind_result_release(&r);
	/* tracked markets: M1 (tracked clause) linked to C3 (SOC_NONE), M2 to C1 */
	t = total("quality.consid_mismatch", 2024, NULL);
	CHECK(t.numerator == 1 && t.denominator == 2);
	/* >= 40 000 EUR notified in 2024: M1, M2 linked, M4 not */
	t = total("quality.tracking_link_rate", 2024, NULL);
	CHECK(t.numerator == 2 && t.denominator == 3);
}

static void test_filters_and_usage_errors(void)
{
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_ind_row t;
	t = total("decp.markets", 2024, "geo_exec:dept=93");
	CHECK(t.value == 3 && t.previous == 2);
	/* values are bound, never spliced into SQL */
	t = total("decp.markets", 2024, "geo_exec:dept=93' OR '1'='1");
	CHECK(t.value == 0);
	t = total("decp.markets", 2024, "acheteur=21930001800011");
	CHECK(t.value == 4); /* C1 C2 C6 C7 */
	/* a multi-valued filter matches facts carrying the value */
	t = total("clauses.markets_notified", 2024, "mod_jur=CRITERE_SOCIAL");
	CHECK(t.value == 1);
	CHECK_INT(fx_query(shared_db(), &r, "decp.markets", 2024, "bogus", NULL, 0, &err), ORCS_EUSAGE);
	CHECK(strstr(err.msg, "bogus") != NULL);
	CHECK_INT(fx_query(shared_db(), &r, "decp.markets", 2024, "geo_exec:canton", NULL, 0, &err),
		  ORCS_EUSAGE);
	CHECK(strstr(err.msg, "canton") != NULL && strstr(err.msg, "commune") != NULL);
	CHECK_INT(fx_query(shared_db(), &r, "decp.markets", 2024, "sex", NULL, 0, &err), ORCS_EUSAGE);
	CHECK(strstr(err.msg, "sex") != NULL);
	CHECK_INT(fx_query(shared_db(), &r, "clauses.fte", 2024, "facilitateur", NULL, 0, &err),
		  ORCS_EUSAGE);
	CHECK(strstr(err.msg, "pas encore disponible") != NULL);
	CHECK_INT(fx_query(shared_db(), &r, "benef.share_th", 2024, "geo_res:commune", NULL, 0, &err),
		  ORCS_EUSAGE);
	CHECK_INT(fx_query(shared_db(), &r, "decp.social_share_by_kind", 2024, NULL,
			   "consid_soc=SOC_CLAUSE", 0, &err),
		  ORCS_EUSAGE);
	CHECK_INT(fx_query(shared_db(), &r, "decp.markets", 2024, "geo_exec:dept",
			   "geo_exec:dept=93", 0, &err),
		  ORCS_EUSAGE);
	CHECK_INT(fx_query(shared_db(), &r, "quality.quarantine_rate", 2024, NULL, NULL, 0, &err),
		  ORCS_EUSAGE);
	CHECK(strstr(err.msg, "pas encore calculable") != NULL);
}

static void test_close(void)
{
	orcs_db_close(db);
	db = NULL;
}

void suite_engine(void)
{
	RUN(test_registry_covers_the_catalogue);
	RUN(test_list_codes_are_not_substrings_of_each_other);
	RUN(test_decp_markets_counts_and_years);
	RUN(test_decp_shares);
	RUN(test_decp_crosstab);
	RUN(test_inclusive_decp);
	RUN(test_quality);
	RUN(test_filters_and_usage_errors);
	test_close();
}
