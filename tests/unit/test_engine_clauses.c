/* test_engine_clauses.c - the indicator engine on clause-tracking facts
 * (tests/data/engine/fixture.sql): every year rule, N / N-1, coverage,
 * secrecy (primary and secondary, persons and enterprises) and the cache.
 *
 * Markets: M1 2024-01-01 + 12 months (GPE, target 1 000 h, 93048);
 * M2 2024-06-01 + 6 months (target 200 h, 93066); M3 2023-01-01 + 36 months
 * (target 3 000 h, 75101): active 2023, 2024, 2025; M4 2024-09-01 + 3 months
 * (no target, no hours).
 * Participants: P01-P03 women < 26, QPV, on M1 (employer E1, EI);
 * P04-P06 and P07-P09 men on M2 (E2 classique, E3 GEIQ); P10-P12 and
 * P13-P15 men of Paris on M3 (E4 ACI, E5 unknown), since June 2023.
 * Hours: 100 h in March + 50 h in April 2024 each (15 x 150 = 2 250 h);
 * P10-P15 also 100 h in June 2023 (600 h).
 */
#include <math.h>
#include <string.h>

#include "core/buf.h"
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

static orcs_ind_row total_of(const char *id, int year, int internal, int *rc)
{
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_ind_row row;
	memset(&row, 0, sizeof(row));
	row.value = row.numerator = row.denominator = row.coverage = row.previous = NAN;
	*rc = fx_query(shared_db(), &r, id, year, NULL, NULL, internal, &err);
	if (*rc != ORCS_OK)
		return row;
	row = r.rows[0];
	memset(row.code, 0, sizeof(row.code));
	memset(row.label, 0, sizeof(row.label));
	orcs_ind_result_release(&r);
	return row;
}

static orcs_ind_row total(const char *id, int year)
{
	int rc;
	orcs_ind_row t = total_of(id, year, 1, &rc);
	if (rc != ORCS_OK)
		printf("  %s %d: code %d\n", id, year, rc);
	return t;
}

static void test_active_counts_a_market_in_every_year(void)
{
	int rc;
	/* M3 (2023-2025) is counted in each of its three years */
	CHECK_INT(total("clauses.markets_active", 2023).value, 1);
	CHECK_INT(total("clauses.markets_active", 2024).value, 4);
	CHECK_INT(total("clauses.markets_active", 2025).value, 1);
	CHECK_INT(total("clauses.markets_active", 2026).value, 0);
	CHECK_INT(total("clauses.markets_active", 2024).previous, 1);
	/* ...and never summed into a multi-year count (1 + 4 + 1 markets != 4) */
	total_of("clauses.markets_active", 0, 1, &rc);
	CHECK_INT(rc, ORCS_EUSAGE);
	CHECK_INT(total("clauses.donneurs_active", 2024).value, 2);
	CHECK_INT(total("clauses.donneurs_active", 2025).value, 1);
	CHECK_INT(total("ogpf.worksites_active", 2024).value, 1);
	CHECK_INT(total("ogpf.worksites_active", 2025).value, 0);
}

static void test_notified_started_realised_ended_cumulative(void)
{
	orcs_ind_row t;
	int rc;
	/* NOTIFIED: M3 in 2023; M1 M2 M4 in 2024; additive */
	CHECK_INT(total("clauses.markets_notified", 2023).value, 1);
	CHECK_INT(total("clauses.markets_notified", 2024).value, 3);
	CHECK_INT(total("clauses.markets_notified", 0).value, 4);
	t = total("clauses.hours_planned", 2024); /* 1 000 + 200, M4 has no target */
	CHECK(t.value == 1200 && NEAR(t.coverage, 2.0 / 3) && t.previous == 3000);
	/* REALISED */
	t = total("clauses.hours_realised", 2024);
	CHECK(t.value == 2250 && t.previous == 600 && t.change == 1650);
	CHECK(NEAR(t.coverage, 3.0 / 4)); /* active M1..M4, hours on M1 M2 M3 */
	CHECK(NEAR(total("clauses.hours_realised", 2023).coverage, 1));
	CHECK_INT(total("clauses.hours_realised", 0).value, 2850);
	t = total("clauses.fte", 2024);
	CHECK(NEAR(t.value, 2250.0 / 1607) && t.denominator == 1607);
	CHECK_INT(total("clauses.companies_active", 2024).value, 5);
	CHECK_INT(total("clauses.companies_active", 2023).value, 2);
	CHECK_INT(total("benef.participants", 2024).value, 15);
	CHECK_INT(total("benef.participants", 2023).value, 6);
	/* distinct persons of several years are not summed */
	total_of("benef.participants", 0, 1, &rc);
	CHECK_INT(rc, ORCS_EUSAGE);
	t = total("benef.hours_per_participant", 2024);
	CHECK(t.value == 150 && t.numerator == 2250 && t.denominator == 15 && t.previous == 100);
	/* STARTED: K01-K09 in 2024, K10-K15 in 2023; additive */
	CHECK_INT(total("clauses.contracts_started", 2024).value, 9);
	CHECK_INT(total("clauses.contracts_started", 2023).value, 6);
	CHECK_INT(total("clauses.contracts_started", 0).value, 15);
	CHECK_INT(total("benef.new_participants", 2024).value, 9);
	CHECK_INT(total("benef.new_participants", 0).value, 15);
	/* ENDED: M1 (450 h for 1 000) and M2 (900 h for 200) end in 2024, M4
	 * too but without target */
	t = total("clauses.realisation_rate", 2024);
	CHECK(t.numerator == 1350 && t.denominator == 1200 && NEAR(t.value, 1.125));
	CHECK(NEAR(t.coverage, 2.0 / 3));
	/* outcomes at FIN of the 15 exits of 2024: known for P01-P03, P05-P09;
	 * positive P01 P02 P05-P09 */
	t = total("benef.outcome_rate", 2024);
	CHECK(t.numerator == 7 && t.denominator == 8 && NEAR(t.coverage, 8.0 / 15));
	/* CUMULATIVE: GPE hours to 31/12/N over GPE targets (M1) */
	t = total("ogpf.hours_vs_commitment", 2024);
	CHECK(t.numerator == 450 && t.denominator == 1000);
	t = total("ogpf.hours_vs_commitment", 2025);
	CHECK(t.numerator == 450 && t.previous == 0.45);
	t = total("ogpf.hours_vs_commitment", 2023);
	CHECK(t.denominator == 0 && isnan(t.value));
	total_of("ogpf.hours_vs_commitment", 0, 1, &rc);
	CHECK_INT(rc, ORCS_EUSAGE);
	/* PUBLISHED (platform) */
	CHECK_INT(total("platform.consultations_published", 2024).value, 3);
	CHECK_INT(total("platform.consultations_published", 0).value, 4);
	CHECK_INT(total("platform.lots_published", 2024).value, 2);
}

static void test_other_clause_indicators(void)
{
	static const struct {
		const char *id;
		double num, den, cov;
	} rates[] = {
		{ "benef.share_women", 3, 15, 1 },     { "benef.share_lt26", 3, 15, 1 },
		{ "benef.share_50p", 0, 15, 1 },       { "benef.share_infra3", 5, 15, 1 },
		{ "benef.share_brsa", 2, 15, 1 },      { "benef.share_deld", 8, 15, 1 },
		{ "benef.share_qpv", 3, 15, 1 },       { "benef.share_th", 1, 15, 1 },
		{ "ogpf.share_regional_hours", 450, 2250, NAN },
		{ "ogpf.share_participants_regional", 3, 15, NAN },
		{ "ogpf.share_women", 3, 3, 1 },       { "ogpf.share_lt26", 3, 3, 1 },
		{ "ogpf.share_qpv", 3, 3, 1 },
		{ "platform.social_share_consultations", 1, 2, 1 },
		{ "platform.social_share_lots", 1, 1, 0.5 },
		{ "platform.env_share_consultations", 0, 1, 0.5 },
		{ "platform.env_share_lots", 1, 2, 1 },
		/* employers: E1 EI, E3 GEIQ, E4 ACI (insertion) and E2 classique;
		 * E5 is not in the directories */
		{ "inclusive.hours_share_structures", 1350, 1800, 0.8 },
	};
	unsigned i;
	orcs_ind_row t;
	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		t = total(rates[i].id, 2024);
		if (t.numerator != rates[i].num || t.denominator != rates[i].den ||
		    (isnan(rates[i].cov) ? !isnan(t.coverage) : !NEAR(t.coverage, rates[i].cov)))
			printf("  %s: %g / %g, coverage %g\n", rates[i].id, t.numerator, t.denominator,
			       t.coverage);
		CHECK(t.numerator == rates[i].num && t.denominator == rates[i].den);
	}
	CHECK_INT(total("ogpf.hours_realised", 2024).value, 450);
	/* training hours: K01-K04 7 h each in March 2024; K10 4 h in 2023 */
	t = total("clauses.hours_training", 2024);
	CHECK(t.value == 28 && t.previous == 4 && NEAR(t.change, 24));
	CHECK(total("clauses.hours_training", 0).value == 32); /* additive: all years */
	CHECK_INT(total("ogpf.participants", 2024).value, 3);
	t = total("platform.offers_received", 2024);
	CHECK(t.value == 9 && NEAR(t.coverage, 0.75) && t.previous == 1);
}

static void test_previous_year_and_kind_split(void)
{
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_ind_row *row;
	orcs_ind_row t = total("benef.share_women", 2024);
	/* 2023: 6 men, no woman: 0 %, then 20 %: +20 points */
	CHECK(t.previous == 0 && NEAR(t.change, 20));
	/* by programme, the share of regional hours keeps the regional denominator */
	CHECK_INT(fx_query(shared_db(), &r, "ogpf.share_regional_hours", 2024, "programme", NULL, 1,
			   &err),
		  ORCS_OK);
	CHECK((row = fx_row(&r, "GPE", NULL)) && row->numerator == 450 && row->denominator == 2250);
	CHECK((row = fx_row(&r, "NONE", NULL)) && row->numerator == 1800 && row->denominator == 2250);
	orcs_ind_result_release(&r);
	CHECK_INT(fx_query(shared_db(), &r, "benef.outcome_rate", 2024, "outcome", NULL, 1, &err),
		  ORCS_OK);
	CHECK((row = fx_row(&r, "EMPLOI_TRANSITION", NULL)) && row->numerator == 5 &&
	      row->denominator == 8);
	CHECK((row = fx_row(&r, "EMPLOI_DURABLE", NULL)) && row->numerator == 1);
	CHECK(r.nwhere == 1 && !strcmp(r.where[0], "horizon=FIN")); /* the default filter */
	orcs_ind_result_release(&r);
	/* at 6 months only P05 is known */
	CHECK_INT(fx_query(shared_db(), &r, "benef.outcome_rate", 2024, NULL, "horizon=M6", 1, &err),
		  ORCS_OK);
	CHECK(r.rows[0].numerator == 1 && r.rows[0].denominator == 1);
	orcs_ind_result_release(&r);
}

/* The test: a cell of 3 participants is hidden, and so is the cell
 * that would reveal it. */
static void test_secrecy_hides_three_participants_and_the_revealing_cell(void)
{
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_ind_row *row;
	CHECK_INT(fx_query(shared_db(), &r, "benef.participants", 2024, "sex", NULL, 0, &err), ORCS_OK);
	CHECK_INT(r.secrecy, ORCS_S2);
	CHECK((row = fx_row(&r, NULL, NULL)) && row->value == 15 && !row->secret);
	CHECK((row = fx_row(&r, "F", NULL)) && row->secret == ORCS_CELL_PRIMARY && isnan(row->value) &&
	      isnan(row->numerator));
	/* 15 - 3: men would give the women away */
	CHECK((row = fx_row(&r, "H", NULL)) && row->secret == ORCS_CELL_SECONDARY &&
	      isnan(row->value));
	CHECK((row = fx_row(&r, "NR", NULL)) && row->value == 0 && !row->secret); /* a zero */
	orcs_ind_result_release(&r);
	/* the internal audience sees everything */
	CHECK_INT(fx_query(shared_db(), &r, "benef.participants", 2024, "sex", NULL, 1, &err), ORCS_OK);
	CHECK((row = fx_row(&r, "F", NULL)) && row->value == 3 && !row->secret);
	CHECK((row = fx_row(&r, "H", NULL)) && row->value == 12 && !row->secret);
	orcs_ind_result_release(&r);
	/* by residence: 9 and 6 persons, nothing to hide */
	CHECK_INT(fx_query(shared_db(), &r, "benef.participants", 2024, "geo_res:dept", NULL, 0, &err),
		  ORCS_OK);
	CHECK((row = fx_row(&r, "93", NULL)) && row->value == 9 && !row->secret);
	CHECK((row = fx_row(&r, "75", NULL)) && row->value == 6 && !row->secret);
	orcs_ind_result_release(&r);
	/* a rate built on 3 women is hidden too */
	CHECK_INT(fx_query(shared_db(), &r, "benef.share_women", 2024, NULL, NULL, 0, &err), ORCS_OK);
	CHECK(r.rows[0].secret && isnan(r.rows[0].value) && isnan(r.rows[0].denominator));
	orcs_ind_result_release(&r);
}

static void test_secrecy_parent_geographies(void)
{
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_ind_row *row;
	/* by commune of execution: Montreuil 3 (M1), Saint-Denis 6 (M2), Paris
	 * 1er 6 (M3).  The EPT query hides Est Ensemble (3) and, through the
	 * département 93 = its four EPTs, Plaine Commune; publishing Saint-Denis
	 * (= Plaine Commune) would give Montreuil away: hidden too.  Paris 1er
	 * is the département 75 published elsewhere: shown. */
	CHECK_INT(fx_query(shared_db(), &r, "benef.participants", 2024, "geo_exec:ept", NULL, 0, &err),
		  ORCS_OK);
	CHECK((row = fx_row(&r, "200057875", NULL)) && row->secret == ORCS_CELL_PRIMARY);
	CHECK((row = fx_row(&r, "200057867", NULL)) && row->secret == ORCS_CELL_SECONDARY);
	orcs_ind_result_release(&r);
	CHECK_INT(fx_query(shared_db(), &r, "benef.participants", 2024, "geo_exec:commune", NULL, 0,
			   &err),
		  ORCS_OK);
	CHECK((row = fx_row(&r, "93048", NULL)) && row->secret == ORCS_CELL_PRIMARY);
	CHECK((row = fx_row(&r, "93066", NULL)) && row->secret == ORCS_CELL_SECONDARY);
	CHECK((row = fx_row(&r, "75101", NULL)) && row->value == 6 && !row->secret);
	CHECK((row = fx_row(&r, NULL, NULL)) && row->value == 15 && !row->secret);
	orcs_ind_result_release(&r);
}

static void test_secrecy_of_enterprises(void)
{
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_ind_row *row;
	/* 5 employers with 450 h each: the regional total is shown */
	CHECK_INT(fx_query(shared_db(), &r, "clauses.hours_realised", 2024, "geo_exec:dept", NULL, 0,
			   &err),
		  ORCS_OK);
	CHECK_INT(r.secrecy, ORCS_S1);
	CHECK((row = fx_row(&r, NULL, NULL)) && row->value == 2250 && !row->secret);
	/* 93: E1 E2 E3 (3 enterprises), 75: E4 E5 */
	CHECK((row = fx_row(&r, "93", NULL)) && row->secret == ORCS_CELL_PRIMARY);
	CHECK((row = fx_row(&r, "75", NULL)) && row->secret == ORCS_CELL_PRIMARY);
	/* 2023 (E4 E5 only) was hidden when published: no previous value */
	CHECK(isnan(r.rows[0].previous) && isnan(r.rows[0].change));
	orcs_ind_result_release(&r);
	/* the realisation rate of 2024 rests on E1 E2 E3 */
	CHECK_INT(fx_query(shared_db(), &r, "clauses.realisation_rate", 2024, NULL, NULL, 0, &err),
		  ORCS_OK);
	CHECK(r.rows[0].secret == ORCS_CELL_PRIMARY && isnan(r.rows[0].value));
	orcs_ind_result_release(&r);
	/* hours per participant: 15 persons, 5 enterprises, none above 85 % */
	CHECK_INT(fx_query(shared_db(), &r, "benef.hours_per_participant", 2024, NULL, NULL, 0, &err),
		  ORCS_OK);
	CHECK(!r.rows[0].secret && r.rows[0].value == 150);
	orcs_ind_result_release(&r);
}

static int same_num(double a, double b)
{
	return (isnan(a) && isnan(b)) || (!isnan(a) && !isnan(b) && fabs(a - b) <= 1e-9 * (fabs(a) > 1 ? fabs(a) : 1));
}

static int same_result(const orcs_ind_result *a, const orcs_ind_result *b)
{
	int k, i;
	if (a->nrows != b->nrows)
		return 0;
	for (k = 0; k < a->nrows; k++) {
		const orcs_ind_row *x = &a->rows[k], *y = &b->rows[k];
		if (!same_num(x->value, y->value) || !same_num(x->numerator, y->numerator) ||
		    !same_num(x->denominator, y->denominator) || !same_num(x->coverage, y->coverage) ||
		    !same_num(x->previous, y->previous) || !same_num(x->change, y->change) ||
		    x->secret != y->secret)
			return 0;
		for (i = 0; i < ORCS_IND_MAX_BY; i++)
			if (x->has[i] != y->has[i] ||
			    (x->code[i] || y->code[i]
				     ? !(x->code[i] && y->code[i] && !strcmp(x->code[i], y->code[i]))
				     : 0))
				return 0;
		for (i = 0; i < ORCS_IND_MAX_EXTRA; i++)
			if (!same_num(x->extra[i], y->extra[i]))
				return 0;
	}
	return 1;
}

/* Every precomputed result equals the live computation of the same query. */
static void test_cache_equals_live(void)
{
	orcs_db *cdb = fx_open(FIXTURE);
	orcs_error err = ORCS_ERROR_INIT;
	orcs_ind_cache_info info;
	sqlite3_stmt *st;
	int n = 0, bad = 0, cached = 0, filtered = 0;
	CHECK(cdb != NULL);
	if (!cdb)
		return;
	CHECK_INT(orcs_ind_cache_info_get(cdb, &info, &err), ORCS_OK);
	CHECK(!info.present);
	CHECK_INT(orcs_refresh(cdb, &err), ORCS_OK);
	if (err.code)
		printf("  refresh: %s\n", err.msg);
	CHECK_INT(orcs_ind_cache_info_get(cdb, &info, &err), ORCS_OK);
	CHECK(info.present && info.current && info.rows > 0);
	CHECK(sqlite3_prepare_v2(orcs_db_sqlite(cdb),
				 "SELECT DISTINCT indicator, year, by_key, audience FROM ind_cache",
				 -1, &st, NULL) == SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		orcs_ind_query q = ORCS_IND_QUERY_INIT;
		orcs_ind_result a, b;
		char by[256], key[256], *comma, *w;
		int rc1, rc2;
		q.indicator = (const char *)sqlite3_column_text(st, 0);
		q.year = sqlite3_column_int(st, 1);
		snprintf(by, sizeof(by), "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(key, sizeof(key), "%s", by);
		/* "by?dim:level=value": the query's filters */
		for (w = strchr(by, '?'); w; w = strchr(w, '?')) {
			char *eq;
			*w++ = '\0';
			eq = strchr(w, '=');
			CHECK(eq != NULL && q.nwhere < ORCS_IND_MAX_WHERE);
			if (!eq || q.nwhere >= ORCS_IND_MAX_WHERE)
				break;
			*eq = '\0';
			q.where[q.nwhere].dim = w;
			q.where[q.nwhere++].value = eq + 1;
			w = eq + 1;
		}
		filtered += q.nwhere > 0;
		if (*by) {
			q.by[q.nby++] = by;
			if ((comma = strchr(by, ',')) != NULL) {
				*comma = '\0';
				q.by[q.nby++] = comma + 1;
			}
		}
		q.audience = !strcmp((const char *)sqlite3_column_text(st, 3), "internal")
				     ? ORCS_AUDIENCE_INTERNAL
				     : ORCS_AUDIENCE_PUBLIC;
		rc1 = orcs_ind_compute(cdb, &q, &a, &err);
		q.live = 1;
		rc2 = orcs_ind_compute(cdb, &q, &b, &err);
		n++;
		if (rc1 != ORCS_OK || rc2 != ORCS_OK || !same_result(&a, &b)) {
			if (bad++ < 5)
				printf("  cache != live: %s %d [%s] %s\n", q.indicator, q.year, key,
				       sqlite3_column_text(st, 3));
		}
		cached += rc1 == ORCS_OK && a.from_cache;
		if (rc1 == ORCS_OK)
			orcs_ind_result_release(&a);
		if (rc2 == ORCS_OK)
			orcs_ind_result_release(&b);
	}
	sqlite3_finalize(st);
	CHECK(n > 500);
	CHECK(filtered > 500);
	CHECK_INT(bad, 0);
	CHECK_INT(cached, n);
	{
		/* filtered answers come from the cache with their own secrecy:
		 * in the 93, 3 women (hidden) and 6 men (hidden: 9 - 6) */
		orcs_ind_query q = ORCS_IND_QUERY_INIT;
		orcs_ind_result a;
		const orcs_ind_row *row;
		q.indicator = "benef.participants";
		q.year = 2024;
		q.by[q.nby++] = "sex";
		q.where[0].dim = "geo_exec:dept";
		q.where[0].value = "93";
		q.nwhere = 1;
		CHECK_INT(orcs_ind_compute(cdb, &q, &a, &err), ORCS_OK);
		CHECK(a.from_cache);
		CHECK((row = fx_row(&a, NULL, NULL)) && row->value == 9 && !row->secret);
		CHECK((row = fx_row(&a, "F", NULL)) && row->secret == ORCS_CELL_PRIMARY &&
		      isnan(row->value));
		CHECK((row = fx_row(&a, "H", NULL)) && row->secret == ORCS_CELL_SECONDARY &&
		      isnan(row->value));
		orcs_ind_result_release(&a);
		/* the 93's hours rest on 3 enterprises (E1 E2 E3): hidden */
		q.indicator = "clauses.hours_realised";
		q.nby = 0;
		CHECK_INT(orcs_ind_compute(cdb, &q, &a, &err), ORCS_OK);
		CHECK(a.from_cache && a.rows[0].secret == ORCS_CELL_PRIMARY && isnan(a.rows[0].value));
		orcs_ind_result_release(&a);
		/* the internal audience sees them; an EPT too (Est Ensemble) */
		q.audience = ORCS_AUDIENCE_INTERNAL;
		CHECK_INT(orcs_ind_compute(cdb, &q, &a, &err), ORCS_OK);
		CHECK(a.from_cache && a.rows[0].value == 1350);
		orcs_ind_result_release(&a);
		q.where[0].dim = "geo_exec:ept";
		q.where[0].value = "200057875";
		CHECK_INT(orcs_ind_compute(cdb, &q, &a, &err), ORCS_OK);
		CHECK(a.from_cache && a.rows[0].value == 450);
		orcs_ind_result_release(&a);
		/* the dashboards' other filters (modality, type de marché, donneur
		 * type, grand projet) are precomputed for the clause pages, not
		 * crossed with the donneurs d'ordre one by one */
		q.audience = ORCS_AUDIENCE_PUBLIC;
		q.where[0].dim = "mod_real";
		q.where[0].value = "EMBAUCHE_DIRECTE";
		q.by[q.nby++] = "nature";
		CHECK_INT(orcs_ind_compute(cdb, &q, &a, &err), ORCS_OK);
		CHECK(a.from_cache);
		orcs_ind_result_release(&a);
		q.where[0].dim = "programme";
		q.where[0].value = "GPE";
		q.by[0] = "donneur_type";
		CHECK_INT(orcs_ind_compute(cdb, &q, &a, &err), ORCS_OK);
		CHECK(a.from_cache);
		orcs_ind_result_release(&a);
		q.by[0] = "donneur";
		CHECK_INT(orcs_ind_compute(cdb, &q, &a, &err), ORCS_OK);
		CHECK(!a.from_cache);
		orcs_ind_result_release(&a);
		q.nby = 0;
		q.audience = ORCS_AUDIENCE_INTERNAL;
		q.where[0].dim = "geo_exec:ept";
		/* a value nobody precomputed, or two filters: live */
		q.where[0].value = "999999999";
		CHECK_INT(orcs_ind_compute(cdb, &q, &a, &err), ORCS_OK);
		CHECK(!a.from_cache);
		orcs_ind_result_release(&a);
		q.where[0].dim = "geo_exec:dept";
		q.where[0].value = "93";
		q.where[1].dim = "sex";
		q.where[1].value = "F";
		q.nwhere = 2;
		q.indicator = "benef.participants";
		CHECK_INT(orcs_ind_compute(cdb, &q, &a, &err), ORCS_OK);
		CHECK(!a.from_cache && a.rows[0].value == 3);
		orcs_ind_result_release(&a);
	}
	/* a new import makes the cache stale: answers are live again */
	CHECK_INT(orcs_db_exec(cdb, "INSERT INTO import_batch(kind) VALUES ('decp')", &err), ORCS_OK);
	{
		orcs_ind_query q = ORCS_IND_QUERY_INIT;
		orcs_ind_result a;
		q.indicator = "decp.markets";
		q.year = 2024;
		CHECK_INT(orcs_ind_compute(cdb, &q, &a, &err), ORCS_OK);
		CHECK(!a.from_cache && a.rows[0].value == 8);
		orcs_ind_result_release(&a);
	}
	CHECK_INT(orcs_ind_cache_info_get(cdb, &info, &err), ORCS_OK);
	CHECK(info.present && !info.current);
	/* an importer refreshes inside its own transaction */
	CHECK_INT(orcs_db_begin(cdb, &err), ORCS_OK);
	CHECK_INT(orcs_refresh(cdb, &err), ORCS_OK);
	CHECK_INT(orcs_db_commit(cdb, &err), ORCS_OK);
	CHECK_INT(orcs_ind_cache_info_get(cdb, &info, &err), ORCS_OK);
	CHECK(info.present && info.current);
	orcs_db_close(cdb);
}

static void test_close(void)
{
	orcs_db_close(db);
	db = NULL;
}

void suite_engine_clauses(void)
{
	RUN(test_active_counts_a_market_in_every_year);
	RUN(test_notified_started_realised_ended_cumulative);
	RUN(test_other_clause_indicators);
	RUN(test_previous_year_and_kind_split);
	RUN(test_secrecy_hides_three_participants_and_the_revealing_cell);
	RUN(test_secrecy_parent_geographies);
	RUN(test_secrecy_of_enterprises);
	RUN(test_cache_equals_live);
	test_close();
}
