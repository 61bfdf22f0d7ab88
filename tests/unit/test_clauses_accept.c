/* test_clauses_accept.c - the acceptance check of issue 4: from a fresh
 * warehouse, `orcs synth --scale 1 --seed 1` then `orcs import clauses`
 * reconciles and the warehouse totals equal the manifest.
 *
 * A scale-1 delivery is about a million rows: this test runs the optimised
 * build/orcs (built by `make check` with the ASan binaries) through
 * system() rather than the sanitised library, which would take minutes.
 * The warehouse and the manifest are then read here. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

#include "core/buf.h"
#include "tests/unit/harness.h"
#include "tests/unit/json_fixture.h"
#include "warehouse/db.h"

static double num(yajl_val obj, const char *key)
{
	yajl_val v = jf_member(obj, key);
	return v && YAJL_IS_NUMBER(v) ? YAJL_GET_DOUBLE(v) : -1;
}

static double scalar(orcs_db *db, const char *sql)
{
	sqlite3_stmt *st;
	double v = -1;
	if (orcs_db_prepare(db, &st, sql, NULL) != ORCS_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void test_scale1_totals_equal_manifest(void)
{
	static const struct {
		const char *table, *sql;
	} facts[] = {
		{ "donneurs_ordre", "SELECT count(*) FROM dim_buyer" },
		{ "entreprises", "SELECT count(*) FROM dim_enterprise" },
		{ "operations", "SELECT count(*) FROM clause_operation" },
		{ "marches", "SELECT count(*) FROM clause_market" },
		{ "marche_entreprises", "SELECT count(*) FROM clause_market_enterprise" },
		{ "participants", "SELECT count(*) FROM clause_participant" },
		{ "contrats", "SELECT count(*) FROM clause_contract" },
		{ "heures", "SELECT count(*) FROM clause_hours" },
		{ "sorties", "SELECT count(*) FROM clause_outcome" },
		{ "engagements", "SELECT count(*) FROM clause_commitment" },
		{ "consultations", "SELECT count(*) FROM platform_consultation" },
	};
	const char *t = harness_tmpdir();
	orcs_buf cmd = ORCS_BUF_INIT, p = ORCS_BUF_INIT;
	orcs_db *db = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	yajl_val man = NULL, rep = NULL, years;
	size_t i;
	int rc;
	if (access("build/orcs", X_OK) != 0) {
		printf("  build/orcs absent (make test-build builds it)\n");
		harness_failures++;
		return;
	}
	orcs_buf_addf(&cmd, "build/orcs init --db '%s/acc.db' >/dev/null && "
			    "build/orcs synth --scale 1 --seed 1 -o '%s/acc' >/dev/null",
		      t, t);
	CHECK_INT(system(cmd.data), 0);
	orcs_buf_reset(&cmd);
	orcs_buf_addf(&cmd, "build/orcs import clauses '%s/acc' --db '%s/acc.db' --no-refresh --json > '%s/acc.json'",
		      t, t, t);
	rc = system(cmd.data);
	CHECK_INT(WEXITSTATUS(rc), 0); /* clean: nothing quarantined */
	orcs_buf_addf(&p, "%s/acc/manifest.json", t);
	man = jf_load(p.data);
	orcs_buf_reset(&p);
	orcs_buf_addf(&p, "%s/acc.json", t);
	rep = jf_load(p.data);
	CHECK(man && rep);
	orcs_buf_reset(&p);
	orcs_buf_addf(&p, "%s/acc.db", t);
	if (!man || !rep || orcs_db_open(&db, p.data, 0, &err) != ORCS_OK) {
		printf("  %s\n", err.msg);
		goto out;
	}
	/* reconciliation and counts per table */
	CHECK(num(rep, "records") == num(rep, "loaded") + num(rep, "duplicates") + num(rep, "quarantined"));
	CHECK(num(rep, "records") == num(jf_member(man, "totals"), "rows"));
	CHECK(num(rep, "loaded") == num(jf_member(man, "totals"), "valid"));
	CHECK(num(jf_member(man, "totals"), "rows") > 900000);
	for (i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		double want = num(jf_member(jf_member(man, "tables"), facts[i].table), "valid");
		double got = scalar(db, facts[i].sql);
		if (got != want)
			printf("  %s: %.0f in the warehouse, %.0f in the manifest\n", facts[i].table, got,
			       want);
		CHECK(got == want);
		CHECK(num(jf_member(jf_member(rep, "tables"), facts[i].table), "loaded") == want);
	}
	/* hours, overall and per year */
	CHECK(scalar(db, "SELECT sum(hours_work) FROM clause_hours") ==
	      num(jf_member(man, "totals"), "hours_work"));
	CHECK(scalar(db, "SELECT sum(hours_training) FROM clause_hours") ==
	      num(jf_member(man, "totals"), "hours_training"));
	years = jf_member(man, "years");
	for (i = 0; years && i < years->u.object.len; i++) {
		orcs_buf sql = ORCS_BUF_INIT;
		yajl_val y = years->u.object.values[i];
		const char *year = years->u.object.keys[i];
		orcs_buf_addf(&sql, "SELECT sum(hours_work) FROM clause_hours WHERE month LIKE '%s-%%'", year);
		CHECK(scalar(db, sql.data) == num(y, "hours_work"));
		orcs_buf_reset(&sql);
		orcs_buf_addf(&sql, "SELECT count(DISTINCT c.pid) FROM clause_hours h JOIN clause_contract c "
				    "ON c.contrat_id = h.contrat_id WHERE h.month LIKE '%s-%%'",
			      year);
		CHECK(scalar(db, sql.data) == num(y, "participants_with_hours"));
		orcs_buf_reset(&sql);
		orcs_buf_addf(&sql, "SELECT count(DISTINCT c.market_id) FROM clause_hours h JOIN "
				    "clause_contract c ON c.contrat_id = h.contrat_id WHERE h.month LIKE '%s-%%'",
			      year);
		CHECK(scalar(db, sql.data) == num(y, "markets_with_hours"));
		orcs_buf_release(&sql);
	}
	/* orders of magnitude of 2021 (domain §5.9): within a quarter */
	{
		yajl_val y = jf_member(years, "2021");
		double h = num(y, "hours_work"), pa = num(y, "participants_with_hours");
		double gp = num(y, "grand_projets_share");
		CHECK(h > 6306100 * 0.75 && h < 6306100 * 1.25);
		CHECK(pa > 12364 * 0.75 && pa < 12364 * 1.25);
		CHECK(num(y, "markets_with_hours") > 7416 * 0.75 && num(y, "markets_with_hours") < 7416 * 1.25);
		CHECK(num(y, "contracts_with_hours") > 16060 * 0.75 &&
		      num(y, "contracts_with_hours") < 16060 * 1.25);
		CHECK(num(y, "enterprises_with_hours") > 4263 * 0.75 &&
		      num(y, "enterprises_with_hours") < 4263 * 1.25);
		CHECK(gp > 0.20 && gp < 0.30);
		CHECK(num(jf_member(years, "2022"), "hours_work") > h); /* progression */
	}
out:
	orcs_db_close(db);
	yajl_tree_free(man);
	yajl_tree_free(rep);
	orcs_buf_release(&cmd);
	orcs_buf_release(&p);
}

void suite_clauses_accept(void)
{
	RUN(test_scale1_totals_equal_manifest);
}
