/* test_clauses_synth.c - the synthetic generator against the importer:
 * determinism, and a delivery with faulty rows of every kind loads every
 * good row and quarantines every bad one with the reason its manifest
 * announces (CSV and XLSX).  Small scales, so that it runs under ASan. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <yajl/yajl_tree.h>

#include "core/buf.h"
#include "core/sha256.h"
#include "indicators/engine.h"
#include "ingest/clauses.h"
#include "ref/ref.h"
#include "synth/synth.h"
#include "tests/unit/harness.h"
#include "tests/unit/json_fixture.h"
#include "warehouse/db.h"

static char *tpath(const char *name)
{
	orcs_buf b = ORCS_BUF_INIT;
	orcs_buf_addf(&b, "%s/%s", harness_tmpdir(), name);
	return orcs_buf_detach(&b, NULL);
}

static long long num(yajl_val obj, const char *key)
{
	yajl_val v = jf_member(obj, key);
	return v && YAJL_IS_NUMBER(v) ? (long long)YAJL_GET_DOUBLE(v) : -1;
}

static int synth(const char *dir, double scale, uint64_t seed, double defects, int xlsx)
{
	orcs_synth_opts o;
	orcs_error err = ORCS_ERROR_INIT;
	int rc;
	memset(&o, 0, sizeof(o));
	o.scale = scale;
	o.seed = seed;
	o.defects = defects;
	o.xlsx = xlsx;
	o.outdir = dir;
	o.datadir = harness_datadir();
	rc = orcs_synth_run(&o, NULL, &err);
	if (rc)
		printf("  synth: %s\n", err.msg);
	return rc;
}

static void test_deterministic(void)
{
	char *a = tpath("det_a"), *b = tpath("det_b"), *c = tpath("det_c");
	static const char *const files[] = { "marches.csv", "participants.csv", "heures.csv",
					     "manifest.json" };
	size_t i;
	CHECK_INT(synth(a, 0.01, 42, 0.02, 0), ORCS_OK);
	CHECK_INT(synth(b, 0.01, 42, 0.02, 0), ORCS_OK);
	CHECK_INT(synth(c, 0.01, 43, 0.02, 0), ORCS_OK);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		orcs_buf pa = ORCS_BUF_INIT, pb = ORCS_BUF_INIT, pc = ORCS_BUF_INIT;
		char ha[65] = "", hb[65] = "", hc[65] = "";
		orcs_buf_addf(&pa, "%s/%s", a, files[i]);
		orcs_buf_addf(&pb, "%s/%s", b, files[i]);
		orcs_buf_addf(&pc, "%s/%s", c, files[i]);
		orcs_sha256_file(pa.data, ha, NULL, NULL);
		orcs_sha256_file(pb.data, hb, NULL, NULL);
		orcs_sha256_file(pc.data, hc, NULL, NULL);
		CHECK_STR(ha, hb);
		CHECK(strcmp(ha, hc) != 0);
		orcs_buf_release(&pa);
		orcs_buf_release(&pb);
		orcs_buf_release(&pc);
	}
	/* the valid rows do not depend on the defects (separate streams) */
	{
		char *d = tpath("det_d");
		orcs_buf pa = ORCS_BUF_INIT, pd = ORCS_BUF_INIT;
		yajl_val ma, md;
		CHECK_INT(synth(d, 0.01, 42, 0, 0), ORCS_OK);
		orcs_buf_addf(&pa, "%s/manifest.json", a);
		orcs_buf_addf(&pd, "%s/manifest.json", d);
		ma = jf_load(pa.data);
		md = jf_load(pd.data);
		CHECK(ma && md);
		CHECK_INT(num(jf_member(ma, "totals"), "valid"), num(jf_member(md, "totals"), "valid"));
		CHECK(num(jf_member(ma, "totals"), "rows") > num(jf_member(md, "totals"), "rows"));
		CHECK_INT(num(jf_member(md, "totals"), "quarantined"), 0);
		yajl_tree_free(ma);
		yajl_tree_free(md);
		orcs_buf_release(&pa);
		orcs_buf_release(&pd);
		free(d);
	}
	free(a);
	free(b);
	free(c);
}

static const char *const fact_sql[ORCS_CLAUSES_NTABLES] = {
	"SELECT count(*) FROM dim_buyer",
	"SELECT count(*) FROM dim_enterprise",
	"SELECT count(*) FROM clause_operation",
	"SELECT count(*) FROM clause_market",
	"SELECT count(*) FROM clause_market_enterprise",
	"SELECT count(*) FROM clause_participant",
	"SELECT count(*) FROM clause_contract",
	"SELECT count(*) FROM clause_hours",
	"SELECT count(*) FROM clause_outcome",
	"SELECT count(*) FROM clause_commitment",
	"SELECT count(*) FROM platform_consultation",
};

/* Imports `path` into a fresh warehouse and checks every count against
 * the manifest of `dir`. */
static void check_against_manifest(const char *dir, const char *path, const char *dbname)
{
	orcs_buf mp = ORCS_BUF_INIT;
	char *dbp = tpath(dbname);
	orcs_db *db = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_clauses_opts o;
	orcs_clauses_report r;
	yajl_val man, tables;
	int t;
	size_t i;
	double hours = -1;

	orcs_buf_addf(&mp, "%s/manifest.json", dir);
	man = jf_load(mp.data);
	CHECK(man != NULL);
	remove(dbp);
	if (!man || orcs_db_open(&db, dbp, ORCS_DB_CREATE, &err) || orcs_db_migrate(db, NULL, &err) ||
	    orcs_ref_load(db, harness_datadir(), NULL, &err)) {
		printf("  %s\n", err.msg);
		goto out;
	}
	memset(&o, 0, sizeof(o));
	o.path = path;
	memset(o.key, 7, sizeof(o.key));
	CHECK_INT(orcs_clauses_import(db, &o, &r, &err), ORCS_OK);
	{ /* the import refreshed the indicator cache in its transaction */
		orcs_ind_cache_info info;
		CHECK_INT(orcs_ind_cache_info_get(db, &info, &err), ORCS_OK);
		CHECK(info.present && info.current && info.rows > 0);
	}
	tables = jf_member(man, "tables");
	for (t = 0; t < ORCS_CLAUSES_NTABLES; t++) {
		yajl_val mt = jf_member(tables, orcs_clauses_table_name(t));
		yajl_val defects = jf_member(mt, "defects");
		const orcs_counts *c = &r.tables[t];
		CHECK(mt != NULL);
		if (!mt)
			continue;
		CHECK_INT(c->records, num(mt, "rows"));
		CHECK_INT(c->loaded, num(mt, "valid"));
		CHECK_INT(c->duplicates, num(mt, "duplicates"));
		CHECK_INT(c->quarantined, num(mt, "quarantined"));
		CHECK_INT(c->replaced, 0);
		CHECK_INT(orcs_db_scalar(db, fact_sql[t], -1), num(mt, "valid"));
		/* every reason exactly as announced */
		CHECK_INT(r.ntable_reasons[t], defects ? defects->u.object.len : 0);
		for (i = 0; defects && i < defects->u.object.len; i++) {
			size_t k;
			int64_t got = 0;
			for (k = 0; k < r.ntable_reasons[t]; k++)
				if (!strcmp(r.table_reasons[t][k].code, defects->u.object.keys[i]))
					got = r.table_reasons[t][k].n;
			if (got != (int64_t)YAJL_GET_DOUBLE(defects->u.object.values[i]))
				printf("  %s %s: %lld\n", orcs_clauses_table_name(t),
				       defects->u.object.keys[i], (long long)got);
			CHECK_INT(got, (int64_t)YAJL_GET_DOUBLE(defects->u.object.values[i]));
		}
	}
	{
		sqlite3_stmt *st;
		if (orcs_db_prepare(db, &st, "SELECT sum(hours_work) FROM clause_hours", &err) == ORCS_OK) {
			if (sqlite3_step(st) == SQLITE_ROW)
				hours = sqlite3_column_double(st, 0);
			sqlite3_finalize(st);
		}
		CHECK(hours == YAJL_GET_DOUBLE(jf_member(jf_member(man, "totals"), "hours_work")));
	}
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM quarantine", -1),
		  num(jf_member(man, "totals"), "quarantined"));
	orcs_clauses_report_release(&r);
out:
	yajl_tree_free(man);
	orcs_db_close(db);
	orcs_buf_release(&mp);
	free(dbp);
}

static void test_defects_csv(void)
{
	char *d = tpath("defects_csv");
	CHECK_INT(synth(d, 0.02, 5, 0.08, 0), ORCS_OK);
	check_against_manifest(d, d, "defects_csv.db");
	free(d);
}

static void test_defects_xlsx(void)
{
	char *d = tpath("defects_xlsx");
	orcs_buf p = ORCS_BUF_INIT;
	CHECK_INT(synth(d, 0.02, 6, 0.08, 1), ORCS_OK);
	orcs_buf_addf(&p, "%s/livraison.xlsx", d);
	check_against_manifest(d, p.data, "defects_xlsx.db");
	orcs_buf_release(&p);
	free(d);
}

static void test_bad_options(void)
{
	orcs_synth_opts o;
	orcs_error err = ORCS_ERROR_INIT;
	memset(&o, 0, sizeof(o));
	o.outdir = harness_tmpdir();
	o.datadir = harness_datadir();
	o.scale = 0;
	CHECK_INT(orcs_synth_run(&o, NULL, &err), ORCS_EUSAGE);
	o.scale = 0.01;
	o.defects = 1.5;
	CHECK_INT(orcs_synth_run(&o, NULL, &err), ORCS_EUSAGE);
	o.defects = 0;
	o.datadir = "/nonexistent";
	CHECK_INT(orcs_synth_run(&o, NULL, &err), ORCS_EIO);
}

void suite_clauses_synth(void)
{
	RUN(test_deterministic);
	RUN(test_defects_csv);
	RUN(test_defects_xlsx);
	RUN(test_bad_options);
}
