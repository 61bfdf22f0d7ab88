/* test_db.c - warehouse opening, pragmas and migrations. */
#include <stdio.h>
#include <stdlib.h>

#include "core/buf.h"
#include "tests/unit/harness.h"
#include "warehouse/db.h"

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

void suite_db(void)
{
	RUN(test_migrate_is_idempotent_and_pragmas_set);
	RUN(test_missing_and_outdated_databases_are_refused);
	RUN(test_garbage_file_is_not_a_database);
}
