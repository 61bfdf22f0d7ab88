/* test_clauses_import.c - the exchange-format importer end to end on small
 * deliveries: every row-level reason code, formats (BOM, separators,
 * decimal commas, French dates), containers (folder, ZIP, XLSX and their
 * broken variants), idempotence, last delivery wins, identifying columns,
 * pseudonymous ids, atomicity, mapping files, DECP links and directories. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "core/buf.h"
#include "ingest/clauses.h"
#include "ingest/siae.h"
#include "ref/ref.h"
#include "tests/unit/harness.h"
#include "warehouse/db.h"

static char *tpath(const char *name)
{
	orcs_buf b = ORCS_BUF_INIT;
	orcs_buf_addf(&b, "%s/%s", harness_tmpdir(), name);
	return orcs_buf_detach(&b, NULL);
}

static orcs_db *fresh_db(const char *name)
{
	char *p = tpath(name);
	orcs_db *db = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	remove(p);
	if (orcs_db_open(&db, p, ORCS_DB_CREATE, &err) || orcs_db_migrate(db, NULL, &err) ||
	    orcs_ref_load(db, harness_datadir(), NULL, &err)) {
		printf("  fresh_db: %s\n", err.msg);
		orcs_db_close(db);
		db = NULL;
	}
	free(p);
	return db;
}

static char *mkdir_t(const char *name)
{
	char *p = tpath(name);
	mkdir(p, 0777);
	return p;
}

static void put(const char *dir, const char *file, const char *content)
{
	orcs_buf p = ORCS_BUF_INIT;
	FILE *f;
	orcs_buf_addf(&p, "%s/%s", dir, file);
	f = fopen(p.data, "wb");
	if (f) {
		fputs(content, f);
		fclose(f);
	}
	orcs_buf_release(&p);
}

static const unsigned char KEY[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
				       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };

static int import(orcs_db *db, const char *path, const char *mapping, int drop,
		  orcs_clauses_report *rep, orcs_error *err)
{
	orcs_clauses_opts o;
	memset(&o, 0, sizeof(o));
	o.path = path;
	o.mapping = mapping;
	o.drop_identifying = drop;
	o.no_refresh = 1; /* the indicator cache is tested by test_engine*.c and the CLI tests */
	memcpy(o.key, KEY, 32);
	return orcs_clauses_import(db, &o, rep, err);
}

static long long q(orcs_db *db, const char *sql)
{
	return orcs_db_scalar(db, sql, -999);
}

static int64_t reason(const orcs_clauses_report *r, int t, const char *code)
{
	size_t i;
	const orcs_clauses_reason *l = t < 0 ? r->reasons : r->table_reasons[t];
	size_t n = t < 0 ? r->nreasons : r->ntable_reasons[t];
	for (i = 0; i < n; i++)
		if (!strcmp(l[i].code, code))
			return l[i].n;
	return 0;
}

static int has_warning(const orcs_clauses_report *r, const char *code)
{
	size_t i;
	for (i = 0; i < r->nwarnings; i++)
		if (!strncmp(r->warnings[i], code, strlen(code)))
			return 1;
	return 0;
}

static void check_reconciles(const orcs_clauses_report *r)
{
	int t;
	for (t = 0; t < ORCS_CLAUSES_NTABLES; t++) {
		const orcs_counts *c = &r->tables[t];
		CHECK_INT(c->records, c->loaded + c->duplicates + c->quarantined);
	}
	CHECK_INT(r->total.records, r->total.loaded + r->total.duplicates + r->total.quarantined);
}

/* True when `needle` occurs in the bytes of the file. */
static int file_has(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	orcs_buf b = ORCS_BUF_INIT;
	char buf[65536];
	size_t n, k = strlen(needle), i;
	int hit = 0;
	if (!f)
		return 0;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		orcs_buf_add(&b, buf, n);
	fclose(f);
	for (i = 0; i + k <= b.len && !hit; i++)
		hit = !memcmp(b.data + i, needle, k);
	orcs_buf_release(&b);
	return hit;
}

static const char *DONNEURS = "siret;nom;type_donneur;departement\n"
			      "21780490500016;Acheteur A;COMMUNE;78\n"
			      "27920022400012;Bailleur B;BAILLEUR;92\n";
static const char *ENTREPRISES = "siret;raison_sociale;naf;type_structure;departement\n"
				 "12345678200010;BTP;4399C;CLASSIQUE;93\n"
				 "23456789900021;ETTI;7820Z;ETTI;93\n";
static const char *MARCHES_HDR =
	"marche_id;lot;operation_id;siret_donneur;objet;cpv;type_marche;procedure;"
	"date_notification;duree_mois;montant_ht;modalites_juridiques;heures_objectif;"
	"lieu_execution_insee;decp_id\n";
static const char *PARTS_HDR = "participant_id;sexe;annee_naissance;commune_residence_insee;qpv;"
			       "niveau_formation;publics;rqth;prescripteur;date_entree\n";
static const char *CONTRATS_HDR = "contrat_id;participant_id;siret_employeur;siret_donneur;"
				  "marche_id;lot;type_contrat;modalite_realisation;date_debut;"
				  "date_fin\n";

static void test_every_row_reason_code(void)
{
	orcs_db *db = fresh_db("reasons.db");
	char *dir = mkdir_t("reasons");
	orcs_clauses_report r;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_buf m = ORCS_BUF_INIT, p = ORCS_BUF_INIT, c = ORCS_BUF_INIT;
	static const char *const codes[] = {
		"Q_MISSING_REQUIRED", "Q_SIRET_INVALID", "Q_INSEE_UNKNOWN", "Q_CPV_INVALID",
		"Q_ENUM_UNKNOWN", "Q_DATE_INVALID", "Q_DATE_ORDER", "Q_PERIOD_INVALID",
		"Q_NUMBER_INVALID", "Q_BOOL_INVALID", "Q_NEGATIVE", "Q_OUT_OF_RANGE",
		"Q_HOURS_EXCESSIVE", "Q_REF_MISSING", "Q_DUPLICATE_KEY_CONFLICT", "Q_FIELD_COUNT", NULL
	};
	int i;
	if (!db)
		return;
	put(dir, "donneurs_ordre.csv",
	    "siret;nom;type_donneur;departement\n"
	    "21780490500016;Acheteur A;COMMUNE;78\n"
	    "27920022400012;Bailleur B;BAILLEUR;92\n"
	    "21780490500017;Mauvais SIRET;COMMUNE;78\n"
	    "20006232100019;;EPCI;91\n"
	    "21940001700014;Commune C;COMMUNE;99\n");
	put(dir, "entreprises.csv", ENTREPRISES);
	put(dir, "operations.csv",
	    "operation_id;libelle;siret_donneur;grand_projet;moa;communes_insee;qpv_anru\n"
	    "OP1;Op 1;27920022400012;NPNRU;ANRU;92004;1\n"
	    "OP2;Op 2;27920022400012;NPNRU;ANRU;93999;1\n"
	    "OP3;Op 3;27920022400012;NPNRU;ANRU;92004;2\n"
	    "OP4;Op 4;45678901500041;;;92004;0\n");
	orcs_buf_adds(&m, MARCHES_HDR);
	orcs_buf_adds(&m, "M1;;OP1;27920022400012;Travaux;45000000;TRAVAUX;AOO;2023-03-20;18;100000;"
			  "EXEC_INSERTION;1000;92004;\n"
			  "M2;;;27920022400012;CPV;4500000;TRAVAUX;AOO;2023-03-20;18;1;EXEC_INSERTION;"
			  "1;92004;\n"
			  "M3;;;27920022400012;Date;45000000;TRAVAUX;AOO;31/02/2021;18;1;EXEC_INSERTION;"
			  "1;92004;\n"
			  "M4;;;27920022400012;Durée;45000000;TRAVAUX;AOO;2023-03-20;douze;1;"
			  "EXEC_INSERTION;1;92004;\n"
			  "M5;;;27920022400012;Montant;45000000;TRAVAUX;AOO;2023-03-20;18;-5;"
			  "EXEC_INSERTION;1;92004;\n"
			  "M6;;;27920022400012;Champs;45000000;TRAVAUX;AOO;2023-03-20;18;1;"
			  "EXEC_INSERTION;1;92004;;en trop\n");
	put(dir, "marches.csv", m.data);
	orcs_buf_adds(&p, PARTS_HDR);
	orcs_buf_adds(&p, "P1;F;1995;93066;1;DIP_3;BRSA;0;FT;2023-05-02\n"
			  "P2;H;1890;93066;0;DIP_3;DELD;0;FT;2023-05-02\n");
	put(dir, "participants.csv", p.data);
	orcs_buf_adds(&c, CONTRATS_HDR);
	orcs_buf_adds(&c, "C1;P1;12345678200010;27920022400012;M1;;CDDI;EMBAUCHE_DIRECTE;2023-05-02;"
			  "2023-10-31\n"
			  "C2;P1;12345678200010;27920022400012;M1;;CDDI;EMBAUCHE_DIRECTE;2023-05-02;"
			  "2023-04-30\n");
	put(dir, "contrats.csv", c.data);
	put(dir, "heures.csv",
	    "contrat_id;periode;heures_travail;heures_formation\n"
	    "C1;2023-05;100;\n"
	    "C1;2023-06;120;\n"
	    "C1;2023-13;10;\n"
	    "C1;2023-07;320;\n"
	    "C1;2023-06;121;\n"
	    "C1;2023-05;100;\n");
	CHECK_INT(import(db, dir, NULL, 0, &r, &err), ORCS_OK);
	check_reconciles(&r);
	CHECK_INT(r.tables[ORCS_T_DONNEURS].records, 5);
	CHECK_INT(r.tables[ORCS_T_DONNEURS].loaded, 2);
	CHECK_INT(r.tables[ORCS_T_OPERATIONS].loaded, 1);
	CHECK_INT(r.tables[ORCS_T_MARCHES].records, 6);
	CHECK_INT(r.tables[ORCS_T_MARCHES].loaded, 1);
	CHECK_INT(r.tables[ORCS_T_HEURES].loaded, 2);
	CHECK_INT(r.tables[ORCS_T_HEURES].duplicates, 1);
	CHECK_INT(r.tables[ORCS_T_HEURES].quarantined, 3);
	CHECK_INT(r.total.records, 27);
	CHECK_INT(r.total.loaded, 10);
	CHECK_INT(r.total.quarantined, 16);
	CHECK_INT(r.nreasons, 16);
	for (i = 0; codes[i]; i++) {
		if (reason(&r, -1, codes[i]) != 1)
			printf("  %s: %lld\n", codes[i], (long long)reason(&r, -1, codes[i]));
		CHECK_INT(reason(&r, -1, codes[i]), 1);
	}
	CHECK_INT(reason(&r, ORCS_T_MARCHES, "Q_CPV_INVALID"), 1);
	CHECK_INT(reason(&r, ORCS_T_OPERATIONS, "Q_REF_MISSING"), 1);
	/* each quarantined row: table, line, reason, offending value, raw record */
	CHECK_INT(q(db, "SELECT count(*) FROM quarantine"), 16);
	CHECK_INT(q(db, "SELECT count(*) FROM quarantine WHERE kind = 'marches' AND position = "
			"'ligne 3' AND reason = 'Q_CPV_INVALID' AND detail LIKE '%cpv%4500000%' AND "
			"raw LIKE '%marche_id=M2%'"),
		  1);
	CHECK_INT(q(db, "SELECT count(*) FROM quarantine WHERE reason = 'Q_DATE_INVALID' AND "
			"detail LIKE '%date_notification%31/02/2021%'"),
		  1);
	CHECK_INT(q(db, "SELECT count(*) FROM quarantine WHERE file_id IS NULL"), 0);
	CHECK_INT(q(db, "SELECT count(*) FROM clause_hours"), 2);
	CHECK_INT(q(db, "SELECT count(*) FROM import_batch WHERE status = 'done' AND quarantined = 16 "
			"AND records = 27"),
		  1);
	orcs_clauses_report_release(&r);
	orcs_db_close(db);
	orcs_buf_release(&m);
	orcs_buf_release(&p);
	orcs_buf_release(&c);
	free(dir);
}

static void test_csv_habits(void)
{
	orcs_db *db = fresh_db("habits.db");
	char *dir = mkdir_t("habits");
	orcs_clauses_report r;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_buf m = ORCS_BUF_INIT;
	sqlite3_stmt *st;
	if (!db)
		return;
	/* BOM and CRLF; a ',' file next to ';' files; decimal commas with
	 * U+00A0 and U+202F thousands; French dates; quoted fields */
	put(dir, "donneurs_ordre.csv",
	    "\xEF\xBB\xBF" "siret;nom;type_donneur;departement\r\n"
	    "21780490500016;\"Ville; « A »\";Ville;78\r\n"
	    "27920022400012;Bailleur B;OPH;092\r\n");
	put(dir, "entreprises.csv", ENTREPRISES);
	orcs_buf_adds(&m, "\xEF\xBB\xBF");
	orcs_buf_adds(&m, MARCHES_HDR);
	orcs_buf_adds(&m, "M1;;;27920022400012;Travaux;45000000-7;;Appel d'offres ouvert;20/03/2023;18;"
			  "6\xc2\xa0" "050\xc2\xa0" "000,50;Clause d'insertion|Critère social;"
			  "3\xe2\x80\xaf" "500;92004;\r\n");
	put(dir, "marches.csv", m.data);
	put(dir, "participants.csv",
	    "participant_id,sexe,annee_naissance,commune_residence_insee,qpv,niveau_formation,publics,"
	    "rqth,prescripteur,date_entree\r\n"
	    "P1,Femme,1995,93059,oui,51,\"RSA|Résident QPV\",non,Pôle emploi,02/05/2023\r\n");
	put(dir, "contrats.csv",
	    "contrat_id;participant_id;siret_employeur;siret_donneur;marche_id;lot;type_contrat;"
	    "modalite_realisation;date_debut;date_fin\r\n"
	    "C1;P1;123 456 782 00010;27920022400012;M1;;CDD Insertion;Embauche directe;02/05/2023;\r\n");
	put(dir, "heures.csv",
	    "contrat_id,periode,heures_travail,heures_formation\r\n"
	    "C1,2023-05,\"151,5\",\"10,5\"\r\n"
	    "C1,06/2023,\"1\xe2\x80\xaf" "0,0\",\r\n");
	CHECK_INT(import(db, dir, NULL, 0, &r, &err), ORCS_OK);
	if (r.total.quarantined)
		printf("  %s\n", r.nreasons ? r.reasons[0].code : "?");
	CHECK_INT(r.total.quarantined, 0);
	CHECK_INT(r.total.loaded, 9);
	CHECK_INT(q(db, "SELECT count(*) FROM dim_buyer WHERE nom = 'Ville; « A »' AND donneur_type = "
			"'COMMUNE' AND departement = '78'"),
		  1);
	CHECK_INT(q(db, "SELECT count(*) FROM dim_buyer WHERE donneur_type = 'BAILLEUR' AND "
			"departement = '92'"),
		  1);
	CHECK_INT(q(db, "SELECT count(*) FROM clause_market WHERE montant_ht = 6050000.5 AND "
			"heures_objectif = 3500 AND date_notification = '2023-03-20' AND notif_year = "
			"2023 AND modalites = 'EXEC_INSERTION|CRITERE_SOCIAL' AND procedure = 'AOO' AND "
			"nature = 'TRAVAUX' AND cpv = '45000000-7'"),
		  1);
	CHECK_INT(q(db, "SELECT count(*) FROM clause_participant WHERE sexe = 'F' AND commune_res = "
			"'93066' AND dept_res = '93' AND qpv = 1 AND diploma = 'DIP_3' AND publics = "
			"'BRSA|QPV' AND rqth = 0 AND prescriber = 'FT' AND entry_month = '2023-05' AND "
			"age_entry = 28 AND age_band = 'AGE_26_49'"),
		  1);
	CHECK_INT(q(db, "SELECT count(*) FROM clause_contract WHERE employer_siret = '12345678200010' "
			"AND contract_type = 'CDDI' AND fulfilment = 'EMBAUCHE_DIRECTE' AND date_debut = "
			"'2023-05-02' AND date_fin IS NULL"),
		  1);
	if (orcs_db_prepare(db, &st, "SELECT sum(hours_work), sum(hours_training) FROM clause_hours",
			    &err) == ORCS_OK) {
		CHECK(sqlite3_step(st) == SQLITE_ROW);
		CHECK(sqlite3_column_double(st, 0) == 161.5);
		CHECK(sqlite3_column_double(st, 1) == 10.5);
		sqlite3_finalize(st);
	}
	CHECK_INT(q(db, "SELECT count(*) FROM clause_hours WHERE month = '2023-06'"), 1);
	orcs_clauses_report_release(&r);
	orcs_db_close(db);
	orcs_buf_release(&m);
	free(dir);
}

/* clauses-mini, a small clean delivery, copied so that tests may alter it */
static char *copy_mini(const char *name)
{
	static const char *const files[] = { "donneurs_ordre", "entreprises", "operations", "marches",
					     "marche_entreprises", "participants", "contrats",
					     "heures", "sorties", "engagements", "consultations" };
	char *dir = mkdir_t(name);
	size_t i;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		orcs_buf src = ORCS_BUF_INIT, dst = ORCS_BUF_INIT, data = ORCS_BUF_INIT;
		FILE *f;
		char buf[4096];
		size_t n;
		orcs_buf_addf(&src, "tests/data/clauses-mini/%s.csv", files[i]);
		orcs_buf_addf(&dst, "%s/%s.csv", dir, files[i]);
		f = fopen(src.data, "rb");
		if (f) {
			while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
				orcs_buf_add(&data, buf, n);
			fclose(f);
			f = fopen(dst.data, "wb");
			fwrite(data.data, 1, data.len, f);
			fclose(f);
		}
		orcs_buf_release(&src);
		orcs_buf_release(&dst);
		orcs_buf_release(&data);
	}
	return dir;
}

static long long fact_rows(orcs_db *db)
{
	return q(db, "SELECT (SELECT count(*) FROM clause_operation) + (SELECT count(*) FROM "
		     "clause_market) + (SELECT count(*) FROM clause_market_enterprise) + (SELECT "
		     "count(*) FROM clause_participant) + (SELECT count(*) FROM clause_contract) + "
		     "(SELECT count(*) FROM clause_hours) + (SELECT count(*) FROM clause_outcome) + "
		     "(SELECT count(*) FROM clause_commitment) + (SELECT count(*) FROM "
		     "platform_consultation) + (SELECT count(*) FROM dim_buyer) + (SELECT count(*) "
		     "FROM dim_enterprise)");
}

static void make_zip(const char *zpath, const char *dir, const char *prefix,
		     const char *const *files, int n)
{
	int zerr, i;
	zip_t *z = zip_open(zpath, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	for (i = 0; i < n; i++) {
		orcs_buf src = ORCS_BUF_INIT, name = ORCS_BUF_INIT;
		orcs_buf_addf(&src, "%s/%s", dir, files[i]);
		orcs_buf_addf(&name, "%s%s", prefix, files[i]);
		zip_file_add(z, name.data, zip_source_file(z, src.data, 0, -1), ZIP_FL_OVERWRITE);
		orcs_buf_release(&src);
		orcs_buf_release(&name);
	}
	zip_close(z);
}

static const char *const MINI[] = { "donneurs_ordre.csv", "entreprises.csv", "operations.csv",
				    "marches.csv", "marche_entreprises.csv", "participants.csv",
				    "contrats.csv", "heures.csv", "sorties.csv", "engagements.csv",
				    "consultations.csv" };

static void test_idempotent_reimport(void)
{
	orcs_db *db = fresh_db("idem.db");
	char *dir = copy_mini("idem");
	char *zpath = tpath("idem.zip");
	orcs_clauses_report r;
	orcs_error err = ORCS_ERROR_INIT;
	long long before;
	if (!db)
		return;
	CHECK_INT(import(db, dir, NULL, 0, &r, &err), ORCS_OK);
	CHECK_INT(r.total.loaded, 20);
	CHECK_INT(r.total.quarantined, 0);
	orcs_clauses_report_release(&r);
	before = fact_rows(db);
	/* the same bytes: recognised, nothing read */
	CHECK_INT(import(db, dir, NULL, 0, &r, &err), ORCS_OK);
	CHECK_INT(r.already_imported, 1);
	CHECK_INT(r.total.records, 0);
	CHECK(has_warning(&r, "W_ALREADY_IMPORTED"));
	orcs_clauses_report_release(&r);
	CHECK_INT(fact_rows(db), before);
	/* the same rows in another container: all exact duplicates */
	make_zip(zpath, dir, "livraison/", MINI, 11);
	CHECK_INT(import(db, zpath, NULL, 0, &r, &err), ORCS_OK);
	CHECK_STR(r.format, "zip");
	CHECK_INT(r.total.records, 20);
	CHECK_INT(r.total.duplicates, 20);
	CHECK_INT(r.total.loaded, 0);
	check_reconciles(&r);
	orcs_clauses_report_release(&r);
	CHECK_INT(fact_rows(db), before);
	CHECK_INT(q(db, "SELECT count(*) FROM import_batch WHERE kind = 'clauses' AND status = 'done'"),
		  3);
	CHECK_INT(q(db, "SELECT count(*) FROM import_replacement"), 0);
	orcs_db_close(db);
	free(dir);
	free(zpath);
}

static void test_last_delivery_wins(void)
{
	orcs_db *db = fresh_db("wins.db");
	char *a = copy_mini("wins_a"), *b = copy_mini("wins_b");
	orcs_clauses_report r;
	orcs_error err = ORCS_ERROR_INIT;
	int64_t first;
	if (!db)
		return;
	CHECK_INT(import(db, a, NULL, 0, &r, &err), ORCS_OK);
	first = r.batch_id;
	orcs_clauses_report_release(&r);
	put(b, "participants.csv", "participant_id;sexe;annee_naissance;commune_residence_insee;qpv;"
				   "niveau_formation;publics;rqth;prescripteur;date_entree\n"
				   "P001;F;1995;93066;1;INFRA3;BRSA|QPV;0;3;2023-05-02\n"
				   "P002;NR;1970;75111;0;DIP_4;DELD;1;PLIE;2023-06-01\n");
	put(b, "heures.csv", "contrat_id;periode;heures_travail;heures_formation\n"
			     "C1;2023-05;125;\n"
			     "C1;2023-06;151,5;10\n"
			     "C2;2023-06;80.5;\n"
			     "C2;2023-07;60;\n");
	put(b, "donneurs_ordre.csv", "siret;nom;type_donneur;departement\n"
				     "21780490500016;Acheteur de Plaisir;COMMUNE;78\n"
				     "27920022400012;Bailleur 92 (nouveau nom);Bailleur;092\n");
	CHECK_INT(import(db, b, NULL, 0, &r, &err), ORCS_OK);
	check_reconciles(&r);
	CHECK_INT(r.tables[ORCS_T_PARTICIPANTS].replaced, 1);
	CHECK_INT(r.tables[ORCS_T_PARTICIPANTS].duplicates, 1);
	CHECK_INT(r.tables[ORCS_T_HEURES].loaded, 2); /* one new, one replacement */
	CHECK_INT(r.tables[ORCS_T_HEURES].replaced, 1);
	CHECK_INT(r.tables[ORCS_T_HEURES].duplicates, 2);
	CHECK_INT(r.tables[ORCS_T_DONNEURS].replaced, 1);
	CHECK_INT(r.total.replaced, 3);
	CHECK_INT(r.total.quarantined, 0);
	CHECK_INT(q(db, "SELECT count(*) FROM clause_participant WHERE sexe = 'NR'"), 1);
	CHECK_INT(q(db, "SELECT hours_work FROM clause_hours WHERE contrat_id = 'C1' AND month = "
			"'2023-05'"),
		  125);
	CHECK_INT(q(db, "SELECT count(*) FROM dim_buyer WHERE nom = 'Bailleur 92 (nouveau nom)'"), 1);
	/* the replacements are logged, never with a participant id in clear */
	CHECK_INT(q(db, "SELECT count(*) FROM import_replacement"), 3);
	{
		orcs_buf sql = ORCS_BUF_INIT;
		orcs_buf_addf(&sql, "SELECT count(*) FROM import_replacement WHERE previous_batch_id = %lld",
			      (long long)first);
		CHECK_INT(q(db, sql.data), 3);
		orcs_buf_release(&sql);
	}
	CHECK_INT(q(db, "SELECT count(*) FROM import_replacement WHERE kind = 'participants' AND "
			"changed = 'sexe' AND length(key) = 64 AND key NOT LIKE '%P00%'"),
		  1);
	CHECK_INT(q(db, "SELECT count(*) FROM import_replacement WHERE kind = 'heures' AND key = "
			"'C1|2023-05' AND changed = 'hours_work' AND position = 'heures.csv:2'"),
		  1);
	orcs_clauses_report_release(&r);
	orcs_db_close(db);
	free(a);
	free(b);
}

static void test_identifying_columns_and_clear_ids(void)
{
	orcs_db *db = fresh_db("ident.db");
	char *dbpath = tpath("ident.db");
	orcs_buf map = ORCS_BUF_INIT;
	orcs_clauses_report r;
	orcs_error err = ORCS_ERROR_INIT;
	if (!db)
		return;
	orcs_buf_addf(&map, "%s/mappings/exemple-clause.ini", harness_datadir());
	CHECK_INT(import(db, "tests/data/clauses-fr", map.data, 0, &r, &err), ORCS_EINPUT);
	CHECK_INT(r.refused, 1);
	CHECK_STR(r.refusal, "Q_IDENTIFYING_COLUMNS");
	CHECK(strstr(err.msg, "Nom, Prénom") != NULL);
	CHECK(strstr(err.msg, "--drop-identifying-columns") != NULL);
	CHECK_INT(r.total.loaded, 0);
	orcs_clauses_report_release(&r);
	CHECK_INT(fact_rows(db), 0);
	CHECK_INT(q(db, "SELECT count(*) FROM quarantine WHERE reason = 'Q_IDENTIFYING_COLUMNS' AND "
			"kind = 'participants' AND detail LIKE '%Nom, Prénom%'"),
		  1);
	CHECK_INT(q(db, "SELECT count(*) FROM import_batch WHERE status = 'failed'"), 1);
	/* dropped on request: loaded, never stored */
	CHECK_INT(import(db, "tests/data/clauses-fr", map.data, 1, &r, &err), ORCS_OK);
	CHECK_INT(r.total.loaded, 19);
	CHECK_INT(r.total.quarantined, 0);
	CHECK_INT(r.ndropped, 2);
	CHECK(r.ndropped == 2 && !strcmp(r.dropped[0], "participants.Nom"));
	CHECK(has_warning(&r, "W_COLUMNS_DROPPED"));
	orcs_clauses_report_release(&r);
	CHECK_INT(q(db, "SELECT count(*) FROM clause_participant WHERE length(pid) = 32"), 2);
	CHECK_INT(q(db, "SELECT count(*) FROM clause_contract c JOIN clause_participant p ON p.pid = "
			"c.pid"),
		  2);
	orcs_db_close(db);
	/* nothing identifying, no participant id in clear, anywhere in the file */
	CHECK(!file_has(dbpath, "DUPONT"));
	CHECK(!file_has(dbpath, "Jeanne"));
	CHECK(!file_has(dbpath, "MARTIN-EXEMPLE"));
	CHECK(!file_has(dbpath, "B-0001"));
	CHECK(!file_has(dbpath, "B-0002"));
	CHECK(file_has(dbpath, "Construction de logements")); /* the scan works */
	orcs_buf_release(&map);
	free(dbpath);
}

static void test_atomic_delivery(void)
{
	orcs_db *db = fresh_db("atomic.db");
	char *a = copy_mini("atomic_a"), *b = copy_mini("atomic_b");
	orcs_clauses_report r;
	orcs_error err = ORCS_ERROR_INIT;
	long long before;
	if (!db)
		return;
	CHECK_INT(import(db, a, NULL, 0, &r, &err), ORCS_OK);
	orcs_clauses_report_release(&r);
	before = fact_rows(db);
	/* B changes early tables, then breaks in the last one it holds */
	put(b, "participants.csv", "participant_id;sexe;annee_naissance;commune_residence_insee;qpv;"
				   "niveau_formation;publics;rqth;prescripteur;date_entree\n"
				   "P001;H;1995;93066;1;INFRA3;BRSA|QPV;0;3;2023-05-02\n"
				   "P003;F;1999;93066;1;INFRA3;BRSA;0;3;2023-05-02\n");
	put(b, "consultations.csv", "consultation_id;lot;date_publication;siret_acheteur\n"
				    "CS-9;0;2024-02-01;21780490500016\n"
				    "CS-10;0;2024-02-01;\"21780490500016\n");
	CHECK_INT(import(db, b, NULL, 0, &r, &err), ORCS_EINPUT);
	CHECK_INT(r.refused, 1);
	CHECK_STR(r.refusal, "Q_FILE_UNREADABLE");
	CHECK(strstr(err.msg, "consultations.csv:3") != NULL);
	CHECK_INT(r.total.loaded, 0);
	orcs_clauses_report_release(&r);
	CHECK_INT(fact_rows(db), before);
	CHECK_INT(q(db, "SELECT count(*) FROM clause_participant WHERE sexe = 'H' AND birth_year = "
			"1995"),
		  0);
	CHECK_INT(q(db, "SELECT count(*) FROM import_replacement"), 0);
	CHECK_INT(q(db, "SELECT count(*) FROM import_file WHERE batch_id = (SELECT max(id) FROM "
			"import_batch)"),
		  0);
	CHECK_INT(q(db, "SELECT count(*) FROM import_batch WHERE status = 'failed' AND message LIKE "
			"'%guillemet%'"),
		  1);
	CHECK_INT(q(db, "SELECT count(*) FROM quarantine WHERE reason = 'Q_FILE_UNREADABLE'"), 1);
	orcs_db_close(db);
	free(a);
	free(b);
}

static void write_xlsx(const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *d = workbook_add_worksheet(wb, "donneurs_ordre");
	lxw_worksheet *m = workbook_add_worksheet(wb, "Marches");
	lxw_worksheet *x = workbook_add_worksheet(wb, "notes");
	lxw_format *date = workbook_add_format(wb);
	lxw_datetime dt = { 2023, 3, 20, 0, 0, 0 };
	static const char *const mh[] = { "marche_id", "siret_donneur", "objet", "date_notification",
					  "modalites_juridiques", "montant_ht", "duree_mois" };
	int i;
	format_set_num_format(date, "dd/mm/yyyy");
	worksheet_write_string(d, 0, 0, "siret", NULL);
	worksheet_write_string(d, 0, 1, "nom", NULL);
	worksheet_write_number(d, 1, 0, 27920022400012.0, NULL); /* a SIRET typed as a number */
	worksheet_write_string(d, 1, 1, "Bailleur B", NULL);
	for (i = 0; i < 7; i++)
		worksheet_write_string(m, 0, (lxw_col_t)i, mh[i], NULL);
	worksheet_write_string(m, 1, 0, "M1", NULL);
	worksheet_write_string(m, 1, 1, "27920022400012", NULL);
	worksheet_write_string(m, 1, 2, "Travaux", NULL);
	worksheet_write_datetime(m, 1, 3, &dt, date);
	worksheet_write_string(m, 1, 4, "EXEC_INSERTION", NULL);
	worksheet_write_number(m, 1, 5, 1234.5, NULL);
	worksheet_write_number(m, 1, 6, 18, NULL);
	worksheet_write_string(x, 0, 0, "free notes", NULL);
	workbook_close(wb);
}

static void test_xlsx_deliveries(void)
{
	orcs_db *db = fresh_db("xlsx.db");
	char *good = tpath("livraison.xlsx"), *bad = tpath("tronque.xlsx"), *junk = tpath("junk.xlsx");
	char *miss = tpath("missing.xlsx");
	orcs_clauses_report r;
	orcs_error err = ORCS_ERROR_INIT;
	FILE *f;
	if (!db)
		return;
	write_xlsx(good);
	CHECK_INT(import(db, good, NULL, 0, &r, &err), ORCS_OK);
	CHECK_STR(r.format, "xlsx");
	CHECK_INT(r.total.loaded, 2);
	CHECK_INT(r.total.quarantined, 0);
	CHECK(has_warning(&r, "W_UNKNOWN_TABLE")); /* the notes sheet */
	orcs_clauses_report_release(&r);
	CHECK_INT(q(db, "SELECT count(*) FROM clause_market WHERE date_notification = '2023-03-20' AND "
			"montant_ht = 1234.5 AND duree_mois = 18 AND source_file = 'livraison.xlsx#Marches' "
			"AND line = 2"),
		  1);
	/* truncated */
	{
		FILE *in = fopen(good, "rb");
		char buf[1 << 16];
		size_t n = fread(buf, 1, sizeof(buf), in);
		fclose(in);
		f = fopen(bad, "wb");
		fwrite(buf, 1, n / 2, f);
		fclose(f);
	}
	CHECK_INT(import(db, bad, NULL, 0, &r, &err), ORCS_EINPUT);
	CHECK_STR(r.refusal, "Q_FILE_UNREADABLE");
	orcs_clauses_report_release(&r);
	/* garbage named .xlsx */
	f = fopen(junk, "wb");
	fputs("this is not a workbook", f);
	fclose(f);
	CHECK_INT(import(db, junk, NULL, 0, &r, &err), ORCS_EINPUT);
	CHECK_STR(r.refusal, "Q_FILE_UNREADABLE");
	orcs_clauses_report_release(&r);
	/* a sheet listed in the workbook but missing from the archive */
	{
		int zerr;
		zip_t *z = zip_open(miss, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
		static const char wbx[] =
			"<workbook xmlns:r=\"r\"><sheets><sheet name=\"marches\" sheetId=\"1\" "
			"r:id=\"rId1\"/></sheets></workbook>";
		static const char rels[] = "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" "
					   "Target=\"worksheets/sheet1.xml\"/></Relationships>";
		zip_file_add(z, "xl/workbook.xml", zip_source_buffer(z, wbx, sizeof(wbx) - 1, 0), 0);
		zip_file_add(z, "xl/_rels/workbook.xml.rels", zip_source_buffer(z, rels, sizeof(rels) - 1, 0),
			     0);
		zip_close(z);
	}
	CHECK_INT(import(db, miss, NULL, 0, &r, &err), ORCS_EINPUT);
	CHECK_STR(r.refusal, "Q_FILE_UNREADABLE");
	CHECK(strstr(err.msg, "absente") != NULL);
	orcs_clauses_report_release(&r);
	CHECK_INT(q(db, "SELECT count(*) FROM clause_market"), 1);
	orcs_db_close(db);
	free(good);
	free(bad);
	free(junk);
	free(miss);
}

static void test_delivery_shapes(void)
{
	orcs_db *db = fresh_db("shapes.db");
	char *empty = mkdir_t("empty"), *mini = copy_mini("shapes_mini"), *twice = tpath("twice.zip");
	char *nocol = mkdir_t("nocol");
	orcs_clauses_report r;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_buf m = ORCS_BUF_INIT;
	if (!db)
		return;
	put(empty, "notes.txt", "rien\n");
	put(empty, "autre.csv", "a;b\n1;2\n");
	CHECK_INT(import(db, empty, NULL, 0, &r, &err), ORCS_EINPUT);
	CHECK_STR(r.refusal, "Q_EMPTY_DELIVERY");
	CHECK(has_warning(&r, "W_UNKNOWN_TABLE"));
	orcs_clauses_report_release(&r);
	/* one table twice in a zip */
	{
		int zerr;
		zip_t *z = zip_open(twice, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
		orcs_buf p = ORCS_BUF_INIT;
		orcs_buf_addf(&p, "%s/marches.csv", mini);
		zip_file_add(z, "a/marches.csv", zip_source_file(z, p.data, 0, -1), 0);
		zip_file_add(z, "b/marches.csv", zip_source_file(z, p.data, 0, -1), 0);
		zip_close(z);
		orcs_buf_release(&p);
	}
	CHECK_INT(import(db, twice, NULL, 0, &r, &err), ORCS_EINPUT);
	CHECK_STR(r.refusal, "Q_TABLE_DUPLICATED");
	orcs_clauses_report_release(&r);
	/* a required column missing, an unknown one */
	put(nocol, "donneurs_ordre.csv", DONNEURS);
	orcs_buf_adds(&m, "marche_id;siret_donneur;date_notification;modalites_juridiques;commentaire\n"
			  "M1;27920022400012;2023-03-20;EXEC_INSERTION;à revoir\n"
			  "M2;27920022400012;2023-03-20;EXEC_INSERTION;\n");
	put(nocol, "marches.csv", m.data);
	CHECK_INT(import(db, nocol, NULL, 0, &r, &err), ORCS_OK);
	CHECK(has_warning(&r, "W_MISSING_COLUMN"));
	CHECK(has_warning(&r, "W_UNKNOWN_COLUMN"));
	CHECK_INT(r.tables[ORCS_T_MARCHES].quarantined, 2);
	CHECK_INT(reason(&r, ORCS_T_MARCHES, "Q_MISSING_REQUIRED"), 2);
	orcs_clauses_report_release(&r);
	/* the unknown column never reaches the quarantine record */
	CHECK_INT(q(db, "SELECT count(*) FROM quarantine WHERE raw LIKE '%revoir%'"), 0);
	/* a single CSV file is a one-table delivery */
	{
		orcs_buf p = ORCS_BUF_INIT;
		orcs_buf_addf(&p, "%s/entreprises.csv", mini);
		CHECK_INT(import(db, p.data, NULL, 0, &r, &err), ORCS_OK);
		CHECK_STR(r.format, "csv");
		CHECK_INT(r.total.loaded, 2);
		orcs_clauses_report_release(&r);
		orcs_buf_release(&p);
	}
	/* a path that does not exist is an I/O error */
	CHECK_INT(import(db, "/nonexistent/livraison", NULL, 0, &r, &err), ORCS_EIO);
	orcs_clauses_report_release(&r);
	orcs_db_close(db);
	orcs_buf_release(&m);
	free(empty);
	free(mini);
	free(twice);
	free(nocol);
}

static void test_mapping_files_import(void)
{
	orcs_db *a = fresh_db("map_a.db"), *b = fresh_db("map_b.db");
	orcs_buf id = ORCS_BUF_INIT, ex = ORCS_BUF_INIT;
	char *bad = tpath("bad.ini");
	orcs_clauses_report r1, r2;
	orcs_error err = ORCS_ERROR_INIT;
	int t;
	if (!a || !b)
		return;
	orcs_buf_addf(&id, "%s/mappings/identity.ini", harness_datadir());
	CHECK_INT(import(a, "tests/data/clauses-mini", NULL, 0, &r1, &err), ORCS_OK);
	CHECK_INT(import(b, "tests/data/clauses-mini", id.data, 0, &r2, &err), ORCS_OK);
	for (t = 0; t < ORCS_CLAUSES_NTABLES; t++)
		CHECK_INT(r1.tables[t].loaded, r2.tables[t].loaded);
	CHECK_INT(r2.total.loaded, 20);
	orcs_clauses_report_release(&r1);
	orcs_clauses_report_release(&r2);
	/* pids differ with another facilitator code: identity has none, the
	 * example has FAC-93 (checked through the French delivery) */
	orcs_buf_addf(&ex, "%s/mappings/exemple-clause.ini", harness_datadir());
	CHECK_INT(import(a, "tests/data/clauses-fr", ex.data, 1, &r1, &err), ORCS_OK);
	CHECK_INT(r1.total.quarantined, 0);
	/* CS-1 is the same in both deliveries: an exact duplicate */
	CHECK_INT(r1.tables[ORCS_T_CONSULTATIONS].duplicates, 1);
	CHECK_INT(r1.tables[ORCS_T_MARCHES].duplicates + r1.tables[ORCS_T_MARCHES].loaded, 2);
	orcs_clauses_report_release(&r1);
	CHECK_INT(q(a, "SELECT count(*) FROM platform_consultation WHERE clause_sociale = 'CLAUSE' AND "
		       "clause_env = 'NON'"),
		  1);
	CHECK_INT(q(a, "SELECT count(*) FROM clause_commitment WHERE qpv_share_target = 0.25 AND "
		       "hours_target = 5000"),
		  1);
	/* bad mapping files are usage errors */
	put(harness_tmpdir(), "bad.ini", "[tables]\nbeneficiaires = Bénéficiaires\n");
	CHECK_INT(import(b, "tests/data/clauses-mini", bad, 0, &r1, &err), ORCS_EUSAGE);
	CHECK(strstr(err.msg, "beneficiaires") != NULL);
	orcs_clauses_report_release(&r1);
	put(harness_tmpdir(), "bad.ini", "[participants]\nnom = Nom\n");
	CHECK_INT(import(b, "tests/data/clauses-mini", bad, 0, &r1, &err), ORCS_EUSAGE);
	orcs_clauses_report_release(&r1);
	put(harness_tmpdir(), "bad.ini", "[valeurs]\ncouleur: \"Bleu\" = B\n");
	CHECK_INT(import(b, "tests/data/clauses-mini", bad, 0, &r1, &err), ORCS_EUSAGE);
	orcs_clauses_report_release(&r1);
	orcs_db_close(a);
	orcs_db_close(b);
	orcs_buf_release(&id);
	orcs_buf_release(&ex);
	free(bad);
}

static void test_decp_link(void)
{
	orcs_db *db = fresh_db("link.db");
	orcs_clauses_report r;
	orcs_error err = ORCS_ERROR_INIT;
	if (!db)
		return;
	CHECK_INT(orcs_db_exec(db,
			       "INSERT INTO import_batch(id, kind) VALUES (100, 'decp');"
			       "INSERT INTO import_file(id, batch_id, path, sha256, bytes) VALUES (100, "
			       "100, 'x.json', 'x', 1);"
			       "INSERT INTO decp_contract(id, rkey, uid, kind, fmt, buyer_siret, id_src, "
			       "social_status, env_status, batch_id, file_id, record_index) VALUES (7, 1, "
			       "'2178049050001624MS016_L1', 'MARCHE', '2024', '21780490500016', "
			       "'24MS016_L1', 'FILLED', 'FILLED', 100, 100, 0)",
			       &err),
		  ORCS_OK);
	CHECK_INT(import(db, "tests/data/clauses-mini", NULL, 0, &r, &err), ORCS_OK);
	orcs_clauses_report_release(&r);
	CHECK_INT(q(db, "SELECT decp_contract_id FROM clause_market WHERE marche_id = '24MS016_L1'"), 7);
	CHECK_INT(q(db, "SELECT count(*) FROM clause_market WHERE decp_contract_id IS NULL"), 1);
	orcs_db_close(db);
}

static void test_directories(void)
{
	orcs_db *db = fresh_db("siae.db");
	orcs_siae_report r;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_buf p = ORCS_BUF_INIT;
	char *ea = tpath("ea.csv");
	if (!db)
		return;
	orcs_buf_addf(&p, "%s/siae/siae_asp_2019_idf.csv", harness_datadir());
	CHECK_INT(orcs_siae_import(db, p.data, NULL, &r, &err), ORCS_OK);
	CHECK_STR(r.shape, "asp");
	CHECK_INT(r.counts.records, 409);
	CHECK_INT(r.counts.records, r.counts.loaded + r.counts.duplicates + r.counts.quarantined);
	CHECK_INT(r.counts.quarantined, 0);
	orcs_siae_report_release(&r);
	CHECK_INT(orcs_siae_import(db, p.data, NULL, &r, &err), ORCS_OK);
	CHECK_INT(r.already_imported, 1);
	orcs_siae_report_release(&r);
	CHECK_INT(q(db, "SELECT count(*) FROM dim_enterprise WHERE structure_type IN ('ACI', 'EI', "
			"'AI', 'ETTI')"),
		  q(db, "SELECT count(DISTINCT siret) FROM enterprise_directory"));
	orcs_buf_reset(&p);
	orcs_buf_addf(&p, "%s/siae/geiq_2019_france.csv", harness_datadir());
	CHECK_INT(orcs_siae_import(db, p.data, NULL, &r, &err), ORCS_OK);
	CHECK_STR(r.shape, "geiq");
	CHECK_INT(r.counts.quarantined, 1); /* one SIRET fails the Luhn check */
	CHECK_INT(r.nreasons == 1 && !strcmp(r.reasons[0].code, "Q_SIRET_INVALID"), 1);
	orcs_siae_report_release(&r);
	CHECK_INT(q(db, "SELECT count(*) FROM dim_enterprise WHERE structure_type = 'GEIQ'"), 170);
	orcs_buf_reset(&p);
	orcs_buf_addf(&p, "%s/siae/siae_lemarche_idf_geoloc.csv", harness_datadir());
	CHECK_INT(orcs_siae_import(db, p.data, NULL, &r, &err), ORCS_OK);
	CHECK_STR(r.shape, "lemarche");
	CHECK_INT(r.counts.records, 373);
	orcs_siae_report_release(&r);
	CHECK_INT(q(db, "SELECT count(*) FROM dim_enterprise WHERE structure_type = 'EA'"), 1);
	/* an EA/ESAT list without a type column */
	put(harness_tmpdir(), "ea.csv", "siret;raison_sociale;departement\n"
					"12345678200010;EA exemple;93\n"
					"1234;EA cassée;93\n");
	CHECK_INT(orcs_siae_import(db, ea, NULL, &r, &err), ORCS_EUSAGE);
	CHECK(strstr(err.msg, "--structure-type") != NULL);
	orcs_siae_report_release(&r);
	CHECK_INT(orcs_siae_import(db, ea, "Bretagne", &r, &err), ORCS_EUSAGE);
	orcs_siae_report_release(&r);
	CHECK_INT(orcs_siae_import(db, ea, "ea", &r, &err), ORCS_OK);
	CHECK_STR(r.shape, "generic");
	CHECK_INT(r.counts.loaded, 1);
	CHECK_INT(r.counts.quarantined, 1);
	orcs_siae_report_release(&r);
	CHECK_INT(q(db, "SELECT count(*) FROM dim_enterprise WHERE siret = '12345678200010' AND "
			"structure_type = 'EA' AND departement = '93'"),
		  1);
	orcs_db_close(db);
	orcs_buf_release(&p);
	free(ea);
}

void suite_clauses_import(void)
{
	RUN(test_every_row_reason_code);
	RUN(test_csv_habits);
	RUN(test_idempotent_reimport);
	RUN(test_last_delivery_wins);
	RUN(test_identifying_columns_and_clear_ids);
	RUN(test_atomic_delivery);
	RUN(test_xlsx_deliveries);
	RUN(test_delivery_shapes);
	RUN(test_mapping_files_import);
	RUN(test_decp_link);
	RUN(test_directories);
}
