/* test_refresh.c - the refresh of the indicator cache (src/indicators/cache.c)
 * on the engine's fixture (tests/data/engine/fixture.sql: DECP contracts,
 * a clause delivery, SIAE structures, with secret cells of persons and
 * enterprises):
 *  - group by group (bounded memory) it writes the same cache, row for
 *    row, as recording and scanning every plan at once;
 *  - after an import of one kind, orcs_refresh_after() recomputes only the
 *    results reading what that kind writes, and the cache then equals a
 *    full refresh's; when another source changed too, it refreshes fully.
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "indicators/engine_priv.h"
#include "tests/unit/engine_fixture.h"
#include "tests/unit/harness.h"

#define FIXTURE "tests/data/engine/fixture.sql"

/* Every row of the cache, every column, in key order. */
static char *dump_cache(orcs_db *db, long *nrows)
{
	orcs_buf b = ORCS_BUF_INIT;
	sqlite3_stmt *st;
	int i;
	*nrows = 0;
	if (sqlite3_prepare_v2(orcs_db_sqlite(db),
			       "SELECT * FROM ind_cache ORDER BY indicator, year, by_key, audience, pos",
			       -1, &st, NULL) != SQLITE_OK)
		return orcs_buf_detach(&b, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			orcs_buf_adds(&b, t ? (const char *)t : "\x01");
			orcs_buf_addc(&b, '\x1f');
		}
		orcs_buf_addc(&b, '\n');
		(*nrows)++;
	}
	sqlite3_finalize(st);
	return orcs_buf_detach(&b, NULL);
}

static int exec(orcs_db *db, const char *sql)
{
	orcs_error err = ORCS_ERROR_INIT;
	int rc = orcs_db_exec(db, sql, &err);
	if (rc)
		printf("  %s: %s\n", sql, err.msg);
	return rc;
}

static long scalar(orcs_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long v = -1;
	if (sqlite3_prepare_v2(orcs_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void test_groups_equal_one_shot(void)
{
	orcs_db *db = fx_open(FIXTURE);
	orcs_error err = ORCS_ERROR_INIT;
	char *a, *b;
	long na, nb;
	CHECK(db != NULL);
	if (!db)
		return;
	ind_refresh_set_oneshot(1);
	CHECK_INT(orcs_refresh(db, &err), ORCS_OK);
	ind_refresh_set_oneshot(0);
	a = dump_cache(db, &na);
	CHECK_INT(orcs_refresh(db, &err), ORCS_OK);
	b = dump_cache(db, &nb);
	CHECK(na > 10000);
	CHECK(nb == na && !strcmp(a, b));
	/* the secret cells are there: persons (the 93's women) and
	 * enterprises (the 93's hours rest on 3 of them) */
	CHECK(scalar(db, "SELECT count(*) FROM ind_cache WHERE indicator = 'benef.participants' AND "
			 "by_key = 'sex?geo_exec:dept=93' AND audience = 'public' AND secret = 1") > 0);
	CHECK(scalar(db, "SELECT count(*) FROM ind_cache WHERE indicator = "
			 "'clauses.hours_realised' AND by_key = '?geo_exec:dept=93' AND "
			 "audience = 'public' AND year = 2024 AND pos = 0 AND secret = 1") == 1);
	free(a);
	free(b);
	orcs_db_close(db);
}

/* The import of `kind` (changes made by `sql`, plus its batch) into `db`,
 * whose cache is current: the incremental refresh leaves `kept` (an
 * indicator reading nothing that kind writes) alone, recomputes `redone`,
 * and gives a full refresh's cache. */
static void incremental_case(orcs_db *db, const char *kind, const char *sql, const char *kept,
			     const char *redone)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_buf q = ORCS_BUF_INIT;
	orcs_ind_cache_info info;
	char *a, *b;
	long na, nb;
	/* a mark on one row of each: kept survives, redone is overwritten */
	orcs_buf_addf(&q,
		      "DROP TABLE IF EXISTS temp.mark;"
		      "CREATE TEMP TABLE mark AS SELECT * FROM ind_cache WHERE indicator IN "
		      "('%s', '%s') AND pos = 0 AND by_key = '' AND audience = 'internal';"
		      "UPDATE ind_cache SET excluded = -777 WHERE indicator IN ('%s', '%s') AND "
		      "pos = 0 AND by_key = '' AND audience = 'internal';"
		      "INSERT INTO import_batch(kind, source) VALUES ('%s', 'test');",
		      kept, redone, kept, redone, kind);
	CHECK_INT(exec(db, q.data), ORCS_OK);
	CHECK_INT(exec(db, sql), ORCS_OK);
	/* as an importer does: inside its transaction */
	CHECK_INT(orcs_db_begin(db, &err), ORCS_OK);
	CHECK_INT(orcs_refresh_after(db, kind, &err), ORCS_OK);
	CHECK_INT(orcs_db_commit(db, &err), ORCS_OK);
	CHECK_INT(orcs_ind_cache_info_get(db, &info, &err), ORCS_OK);
	CHECK(info.present && info.current);
	orcs_buf_reset(&q);
	orcs_buf_addf(&q, "SELECT count(*) FROM ind_cache WHERE indicator = '%s' AND excluded = -777",
		      kept);
	CHECK(scalar(db, q.data) > 0);
	orcs_buf_reset(&q);
	orcs_buf_addf(&q, "SELECT count(*) FROM ind_cache WHERE indicator = '%s' AND excluded = -777",
		      redone);
	CHECK(scalar(db, q.data) == 0);
	/* the kept rows as they were, then the whole cache against a full
	 * refresh's */
	orcs_buf_reset(&q);
	orcs_buf_addf(&q,
		      "DELETE FROM ind_cache WHERE indicator = '%s' AND excluded = -777;"
		      "INSERT INTO ind_cache SELECT * FROM mark WHERE indicator = '%s';",
		      kept, kept);
	CHECK_INT(exec(db, q.data), ORCS_OK);
	a = dump_cache(db, &na);
	CHECK_INT(orcs_refresh(db, &err), ORCS_OK);
	b = dump_cache(db, &nb);
	CHECK(na > 10000);
	CHECK(nb == na && !strcmp(a, b));
	free(a);
	free(b);
	orcs_buf_release(&q);
}

static void test_incremental_after_each_import(void)
{
	orcs_db *db = fx_open(FIXTURE);
	orcs_error err = ORCS_ERROR_INIT;
	CHECK(db != NULL);
	if (!db)
		return;
	CHECK_INT(orcs_refresh(db, &err), ORCS_OK);
	/* a structure changes type: the indicators by structure type are
	 * redone, not the DECP counts (the clause cubes join the employer's
	 * structure in their FROM: they are redone too) */
	incremental_case(db, "siae",
			 "UPDATE dim_enterprise SET structure_type = 'EI' WHERE siret = "
			 "'22222222200011'",
			 "decp.markets", "inclusive.decp_share_count");
	/* a DECP amount changes: the clause indicators are kept */
	incremental_case(db, "decp", "UPDATE decp_contract SET montant_initial = 150000 WHERE id = 2",
			 "benef.participants", "decp.markets");
	/* hours change: the DECP indicators are kept */
	incremental_case(db, "clauses",
			 "UPDATE clause_hours SET hours_work = 80 WHERE contrat_id = 'K01' AND "
			 "month = '2024-03'",
			 "decp.markets", "clauses.hours_realised");
	/* another source changed since the refresh (a DECP import without
	 * refresh): the refresh after an SIAE import is full */
	CHECK_INT(exec(db, "UPDATE ind_cache SET excluded = -777 WHERE indicator = 'decp.markets';"
			   "INSERT INTO import_batch(kind, source) VALUES ('decp', 'no refresh');"
			   "INSERT INTO import_batch(kind, source) VALUES ('siae', 'test');"),
		  ORCS_OK);
	CHECK_INT(orcs_refresh_after(db, "siae", &err), ORCS_OK);
	CHECK(scalar(db, "SELECT count(*) FROM ind_cache WHERE excluded = -777") == 0);
	CHECK(scalar(db, "SELECT count(*) FROM ind_cache WHERE indicator = 'decp.markets'") > 0);
	/* imports that read nothing (a delivery already imported, a file not
	 * found) leave the cache current; one that read records does not */
	CHECK_INT(orcs_refresh(db, &err), ORCS_OK);
	CHECK_INT(exec(db, "INSERT INTO import_batch(kind, source, status, records) VALUES "
			   "('clauses', 'déjà importée', 'done', 0), ('decp', 'absent', 'failed', 0)"),
		  ORCS_OK);
	{
		orcs_ind_cache_info info;
		CHECK_INT(orcs_ind_cache_info_get(db, &info, &err), ORCS_OK);
		CHECK(info.present && info.current);
		CHECK_INT(exec(db, "INSERT INTO import_batch(kind, source, status, records) VALUES "
				   "('decp', 'fichier 2 en échec', 'failed', 12)"),
			  ORCS_OK);
		CHECK_INT(orcs_ind_cache_info_get(db, &info, &err), ORCS_OK);
		CHECK(info.present && !info.current);
	}
	/* an unknown kind: full as well */
	CHECK_INT(exec(db, "UPDATE ind_cache SET excluded = -777 WHERE indicator = 'decp.markets';"
			   "INSERT INTO import_batch(kind, source) VALUES ('autre', 'test');"),
		  ORCS_OK);
	CHECK_INT(orcs_refresh_after(db, "autre", &err), ORCS_OK);
	CHECK(scalar(db, "SELECT count(*) FROM ind_cache WHERE excluded = -777") == 0);
	orcs_db_close(db);
}

void suite_refresh(void)
{
	RUN(test_groups_equal_one_shot);
	RUN(test_incremental_after_each_import);
}
