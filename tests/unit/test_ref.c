/* test_ref.c - the referential loaded from data/. */
#include <stdio.h>
#include <stdlib.h>

#include "core/buf.h"
#include "ref/ref.h"
#include "tests/unit/harness.h"

static orcs_db *fresh(const char *name)
{
	orcs_buf path = ORCS_BUF_INIT;
	orcs_db *db = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_ref_report rep;
	orcs_buf_addf(&path, "%s/%s", harness_tmpdir(), name);
	if (orcs_db_open(&db, path.data, ORCS_DB_CREATE, &err) != ORCS_OK ||
	    orcs_db_migrate(db, NULL, &err) != ORCS_OK ||
	    orcs_ref_load(db, harness_datadir(), &rep, &err) != ORCS_OK) {
		printf("  setup: %s\n", err.msg);
		orcs_db_close(db);
		db = NULL;
	}
	orcs_buf_release(&path);
	return db;
}

static void test_geography_counts(void)
{
	orcs_db *db = fresh("geo.db");
	CHECK(db != NULL);
	if (!db)
		return;
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM dim_commune WHERE type='commune-actuelle'", 0),
		  1266);
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM dim_commune WHERE type='arrondissement-municipal'", 0),
		  20);
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM dim_commune WHERE departement='93' "
				     "AND type='commune-actuelle'", 0), 39);
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM dim_departement", 0), 8);
	CHECK_INT(orcs_db_scalar(db, "SELECT sum(population) FROM dim_departement", 0), 12463067);
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM dim_epci WHERE type='EPT'", 0), 11);
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM dim_epci WHERE type<>'EPT'", 0), 52);
	CHECK_INT(orcs_db_scalar(db, "SELECT nb_communes FROM dim_epci WHERE siren='200054781'", 0), 130);
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM ref_commune_history", 0), 570);
	/* Pierrefitte-sur-Seine merged into Saint-Denis on 1/1/2025 */
	CHECK_INT(orcs_db_scalar(db, "SELECT code_actuel = '93066' FROM ref_commune_history "
				     "WHERE code_ancien = '93059'", 0), 1);
	/* postcode 75116 serves Paris 16e */
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM ref_postcode WHERE cp='75116' "
				     "AND commune='75116'", 0), 1);
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM dim_month", 0) > 300, 1);
	orcs_db_close(db);
}

static void test_enums_and_aliases(void)
{
	orcs_db *db = fresh("enums.db");
	orcs_error err = ORCS_ERROR_INIT;
	orcs_ref_enums *e;
	int how = -1;
	const char *code;
	CHECK(db != NULL);
	if (!db)
		return;
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM dim_enum WHERE enum='legal_modality'", 0), 9);
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM ref_cpv_division WHERE division='45' "
				     "AND nature='TRAVAUX'", 0), 1);
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM ref_sector_detail", 0), 154);
	e = orcs_ref_enums_new(db, &err);
	CHECK(e != NULL);
	if (e) {
		code = orcs_ref_enums_code(e, "procedure", "Appel d offres ouvert", 21, &how);
		CHECK_STR(code, "AOO");
		CHECK_INT(how, 1);
		code = orcs_ref_enums_code(e, "procedure", "AOO", 3, &how);
		CHECK_STR(code, "AOO");
		CHECK_INT(how, 0);
		code = orcs_ref_enums_code(e, "procedure",
					   "Procédure négociée avec mise en concurrence préalable",
					   strlen("Procédure négociée avec mise en concurrence préalable"),
					   &how);
		CHECK_STR(code, "PN");
		code = orcs_ref_enums_code(e, "type_identifiant", "TVA_INTRACOMMUNAUTAIRE", 22, NULL);
		CHECK_STR(code, "TVA");
		code = orcs_ref_enums_code(e, "lieu_type", "CODE DEPARTEMENT", 16, NULL);
		CHECK_STR(code, "DEP");
		code = orcs_ref_enums_code(e, "contract_type", "CDD Insertion", 13, NULL);
		CHECK_STR(code, "CDDI");
		CHECK(orcs_ref_enums_code(e, "procedure", "Tirage au sort", 14, NULL) == NULL);
		CHECK(orcs_ref_enums_code(e, "no_such_enum", "AOO", 3, NULL) == NULL);
		orcs_ref_enums_free(e);
	}
	orcs_db_close(db);
}

static void test_reload_is_a_noop_and_bad_data_rolls_back(void)
{
	orcs_db *db = fresh("reload.db");
	orcs_error err = ORCS_ERROR_INIT;
	orcs_ref_report rep;
	orcs_buf dir = ORCS_BUF_INIT, cmd = ORCS_BUF_INIT;
	CHECK(db != NULL);
	if (!db)
		return;
	CHECK_INT(orcs_ref_load(db, harness_datadir(), &rep, &err), ORCS_OK);
	CHECK_INT(rep.tables_loaded, 0);
	CHECK(rep.tables_unchanged > 0);
	/* a copy of data/ whose aliases point at an unknown code is refused
	 * and leaves the loaded referential as it was */
	orcs_buf_addf(&dir, "%s/baddata", harness_tmpdir());
	orcs_buf_addf(&cmd, "cp -r '%s' '%s' && printf 'procedure;Tirage au sort;TIRAGE\\n' >> '%s/ref/aliases.csv'",
		      harness_datadir(), dir.data, dir.data);
	CHECK_INT(system(cmd.data), 0);
	CHECK_INT(orcs_ref_load(db, dir.data, &rep, &err), ORCS_EINPUT);
	CHECK(strstr(err.msg, "TIRAGE") != NULL);
	CHECK_INT(orcs_db_scalar(db, "SELECT count(*) FROM dim_commune WHERE type='commune-actuelle'", 0),
		  1266);
	/* a missing file names itself */
	orcs_buf_reset(&cmd);
	orcs_buf_addf(&cmd, "rm '%s/geo/idf_departements.csv'", dir.data);
	CHECK_INT(system(cmd.data), 0);
	CHECK_INT(orcs_ref_load(db, dir.data, &rep, &err), ORCS_EIO);
	CHECK(strstr(err.msg, "idf_departements.csv") != NULL);
	orcs_buf_release(&dir);
	orcs_buf_release(&cmd);
	orcs_db_close(db);
}

void suite_ref(void)
{
	RUN(test_geography_counts);
	RUN(test_enums_and_aliases);
	RUN(test_reload_is_a_noop_and_bad_data_rolls_back);
}
