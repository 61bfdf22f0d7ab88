/* test_db.c - warehouse opening, pragmas and migrations. */
#include <stdio.h>
#include <stdlib.h>

#include "core/buf.h"
#include "publish/export.h"
#include "tests/unit/harness.h"
#include "warehouse/db.h"
#include "warehouse/migrations.h"

static void test_migrate_is_idempotent_and_pragmas_set(void)
{
	orcs_buf path = ORCS_BUF_INIT;
	orcs_db *db = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	int applied = -1;
	orcs_buf_addf(&path, "%s/m.db", harness_tmpdir());
	CHECK_INT(orcs_db_open(&db, path.data, ORCS_DB_CREATE, &err), ORCS_OK);
	CHECK_INT(orcs_db_migrate(db, &applied, &err), ORCS_OK);
	CHECK(applied >= 4);
	CHECK_INT(orcs_db_schema_version(db), orcs_db_latest_version());
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM schema_migration", 0), applied);
	CHECK_INT(orcs_db_scalar(db, "PRAGMA foreign_keys", 0), 1);
	CHECK_INT(orcs_db_scalar(db, "PRAGMA synchronous", 0), 1); /* NORMAL */
	CHECK_INT(orcs_db_migrate(db, &applied, &err), ORCS_OK);
	CHECK_INT(applied, 0);
	orcs_db_close(db);
	/* reopening without CREATE requires the latest version: fine here */
	CHECK_INT(orcs_db_open(&db, path.data, 0, &err), ORCS_OK);
	{
		sqlite3_stmt *st;
		CHECK_INT(orcs_db_prepare(db, &st, "PRAGMA journal_mode", &err), ORCS_OK);
		CHECK(sqlite3_step(st) == SQLITE_ROW);
		CHECK_STR((const char *)sqlite3_column_text(st, 0), "wal");
		sqlite3_finalize(st);
	}
	orcs_db_close(db);
	orcs_buf_release(&path);
}

static void test_missing_and_outdated_databases_are_refused(void)
{
	orcs_buf path = ORCS_BUF_INIT;
	orcs_db *db = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_buf_addf(&path, "%s/absent.db", harness_tmpdir());
	CHECK_INT(orcs_db_open(&db, path.data, 0, &err), ORCS_EIO);
	CHECK(strstr(err.msg, "orcs init") != NULL);
	CHECK(db == NULL);
	/* an empty (version 0) database is refused by commands other than init */
	orcs_buf_reset(&path);
	orcs_buf_addf(&path, "%s/v0.db", harness_tmpdir());
	CHECK_INT(orcs_db_open(&db, path.data, ORCS_DB_CREATE, &err), ORCS_OK);
	orcs_db_close(db);
	CHECK_INT(orcs_db_open(&db, path.data, 0, &err), ORCS_EIO);
	CHECK(strstr(err.msg, "version 0") != NULL);
	orcs_buf_release(&path);
}

static void test_garbage_file_is_not_a_database(void)
{
	orcs_buf path = ORCS_BUF_INIT;
	orcs_db *db = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	FILE *f;
	orcs_buf_addf(&path, "%s/garbage.db", harness_tmpdir());
	f = fopen(path.data, "wb");
	fputs("this is not an SQLite database, just some text that is long enough......"
	      "..........................................................................", f);
	fclose(f);
	CHECK_INT(orcs_db_open(&db, path.data, ORCS_DB_CREATE, &err), ORCS_EIO);
	CHECK(db == NULL);
	orcs_buf_release(&path);
}

/* Rows of `sql`: columns joined by '|', rows by ';'. */
static void rows(orcs_db *db, const char *sql, orcs_buf *out)
{
	sqlite3_stmt *st;
	orcs_error err = ORCS_ERROR_INIT;
	int i;
	orcs_buf_reset(out);
	if (orcs_db_prepare(db, &st, sql, &err)) {
		orcs_buf_adds(out, err.msg);
		return;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(st); i++) {
			const char *t = (const char *)sqlite3_column_text(st, i);
			orcs_buf_addf(out, "%s%s", i ? "|" : "", t ? t : "NULL");
		}
		orcs_buf_addc(out, ';');
	}
	sqlite3_finalize(st);
}

/* Migration 007 rebuilds decp_contract (the child rows stay: foreign keys
 * are off during migrations, so the DROP cascades to nothing) and turns
 * decp_occurrence into a view showing the same occurrences. */
static void test_migration_007_keeps_decp_rows(void)
{
	orcs_buf path = ORCS_BUF_INIT, got = ORCS_BUF_INIT;
	orcs_db *db = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	unsigned i;
	int applied = 0;
	orcs_buf_addf(&path, "%s/m6.db", harness_tmpdir());
	CHECK_INT(orcs_db_open(&db, path.data, ORCS_DB_CREATE, &err), ORCS_OK);
	if (!db)
		goto done;
	for (i = 0; i < orcs_migrations_count && orcs_migrations[i].version <= 6; i++)
		CHECK_INT(orcs_db_exec(db, orcs_migrations[i].sql, &err), ORCS_OK);
	CHECK_INT(orcs_db_exec(db,
		"PRAGMA user_version=6;"
		"INSERT INTO import_batch(id, kind) VALUES (1, 'decp');"
		"INSERT INTO import_file(id, batch_id, path, sha256, bytes) VALUES "
		"  (1, 1, 'a.json', 'x', 1), (2, 1, 'b.json', 'y', 1);"
		"INSERT INTO decp_contract(id, rkey, uid, kind, fmt, source, buyer_siret, id_src, "
		"  social_status, env_status, batch_id, file_id, record_index) VALUES "
		"  (1, -5000000000, 'S1', 'MARCHE', '2019', 'a', 'S', '1', 'FILLED', 'FILLED', 1, 1, 1),"
		"  (2, 7000000000, 'S2', 'MARCHE', '2019', 'b', 'S', '2', 'FILLED', 'FILLED', 1, 2, 1);"
		"INSERT INTO decp_occurrence VALUES (1, 1, 1, 'a', NULL, 'loaded'), "
		"  (1, 1, 5, 'a', NULL, 'duplicate'), (2, 1, 2, 'a', NULL, 'loaded'), "
		"  (2, 2, 1, 'b', NULL, 'replaced');"
		"INSERT INTO decp_titulaire(contract_id, version, pos, ident) VALUES (1, 0, 1, 'T');",
		&err), ORCS_OK);
	CHECK_INT(orcs_db_migrate(db, &applied, &err), ORCS_OK);
	CHECK(applied >= 1);
	CHECK_INT(orcs_db_scalar(db, "PRAGMA foreign_keys", 0), 1);
	rows(db, "SELECT * FROM decp_occurrence ORDER BY 1, 2, 3", &got);
	CHECK_STR(got.data, "1|1|1|a|NULL|loaded;1|1|5|a|NULL|duplicate;2|1|2|a|NULL|loaded;"
			    "2|2|1|b|NULL|replaced;");
	rows(db, "SELECT id, rkey, rkey >> 32 FROM decp_contract ORDER BY id", &got);
	CHECK_STR(got.data, "1|-5000000000|-2;2|7000000000|1;");
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM decp_titulaire", 0), 1);
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM sqlite_schema WHERE name = "
				     "'decp_contract_rkey'", 0), 1);
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM pragma_foreign_key_check", -1), 0);
	orcs_db_close(db);
done:
	orcs_buf_release(&got);
	orcs_buf_release(&path);
}

/* Migration 008 adds decp_contract.montant_subvention to a warehouse of
 * version 7: its rows stay, the new column is NULL (never guessed), so a
 * concession imported before it is left out of `orcs export decp` as
 * incomplete until it is imported again. */
static void test_migration_008_adds_subsidy(void)
{
	orcs_buf path = ORCS_BUF_INIT, got = ORCS_BUF_INIT;
	orcs_db *db = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_decp_export_counts n;
	unsigned i;
	int applied = 0;
	orcs_buf_addf(&path, "%s/m7.db", harness_tmpdir());
	CHECK_INT(orcs_db_open(&db, path.data, ORCS_DB_CREATE, &err), ORCS_OK);
	if (!db)
		goto done;
	for (i = 0; i < orcs_migrations_count && orcs_migrations[i].version <= 7; i++)
		CHECK_INT(orcs_db_exec(db, orcs_migrations[i].sql, &err), ORCS_OK);
	CHECK_INT(orcs_db_exec(db,
		"PRAGMA user_version=7;"
		"INSERT INTO import_batch(id, kind) VALUES (1, 'decp');"
		"INSERT INTO import_file(id, batch_id, path, sha256, bytes) VALUES (1, 1, 'a.json', 'x', 1);"
		"INSERT INTO decp_contract(id, rkey, uid, kind, fmt, buyer_siret, id_src, nature, objet, "
		"  procedure, duree_initial, date_notification, notif_year, date_publication, "
		"  date_debut_execution, montant_initial, social_status, social_values, env_status, "
		"  env_values, batch_id, file_id, record_index) VALUES "
		"  (1, 1, '218400398000102024-002', 'CONCESSION', '2024', '21840039800010', '2024-002', "
		"   'DSP', 'Fourrière', 'NEG_OUV', 36, '2024-06-18', 2024, '2024-07-16', '2024-07-01', "
		"   70, 'FILLED', 'SOC_NONE', 'FILLED', 'ENV_NONE', 1, 1, 159),"
		"  (2, 2, 'S2', 'MARCHE', '2019', 'S', '2', NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
		"   NULL, 1000, 'NOT_APPLICABLE', NULL, 'NOT_APPLICABLE', NULL, 1, 1, 2);"
		"INSERT INTO decp_titulaire(contract_id, version, pos, type_id, ident) VALUES "
		"  (1, 0, 1, 'SIRET', '47904352300014');",
		&err), ORCS_OK);
	CHECK_INT(orcs_db_migrate(db, &applied, &err), ORCS_OK);
	CHECK_INT(applied, orcs_migrations[orcs_migrations_count - 1].version - 7);
	CHECK_INT(orcs_db_schema_version(db), orcs_db_latest_version());
	rows(db, "SELECT id, uid, montant_initial, montant_subvention, record_index FROM "
		 "decp_contract ORDER BY id", &got);
	CHECK_STR(got.data, "1|218400398000102024-002|70.0|NULL|159;2|S2|1000.0|NULL|2;");
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM decp_titulaire", 0), 1);
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM pragma_foreign_key_check", -1), 0);
	orcs_buf_reset(&got);
	orcs_buf_addf(&got, "%s/m7.json", harness_tmpdir());
	CHECK_INT(orcs_export_decp(db, ORCS_EXPORT_JSON, 0, got.data, &n, &err), ORCS_OK);
	CHECK_INT(n.concessions.written, 0);
	CHECK_INT(n.concessions.missing, 1); /* no montantSubventionPublique yet */
	CHECK_INT(n.marches.missing, 1);
	/* the column takes the value of a new import */
	CHECK_INT(orcs_db_exec(db, "UPDATE decp_contract SET montant_subvention = 0 WHERE id = 1",
			       &err), ORCS_OK);
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM decp_contract WHERE montant_subvention = 0",
				 -1), 1);
	orcs_db_close(db);
done:
	orcs_buf_release(&got);
	orcs_buf_release(&path);
}

void suite_db(void)
{
	RUN(test_migration_007_keeps_decp_rows);
	RUN(test_migration_008_adds_subsidy);
	RUN(test_migrate_is_idempotent_and_pragmas_set);
	RUN(test_missing_and_outdated_databases_are_refused);
	RUN(test_garbage_file_is_not_a_database);
}
