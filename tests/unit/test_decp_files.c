/* test_decp_files.c - every real sample of data/decp imported through the
 * library (orcs_decp_import), with exact expected counts.
 *
 * How the expected numbers were obtained (never from the importer's own
 * output):
 *  - records, loaded, duplicates, quarantined, replaced, marchés and
 *    concessions per file, the totals of the whole folder, the contracts
 *    sharing a uid and the social considerations after dedup:
 *      python3 tests/data/decp/oracle.py each|all ...
 *    an independent Python implementation of domain.md §2.7-2.9 (see its
 *    docstring for the exact commands);
 *  - aberrant amounts, late publications, publications before
 *    notification, SIRET titulaires and the invalid ones, on the kept
 *    versions: python3 tests/data/decp/oracle.py extra ...;
 *  - simple facts with jq, quoted next to each check.
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "ingest/decp_import.h"
#include "ref/ref.h"
#include "tests/unit/harness.h"

static int dbno;

static orcs_db *fresh(void)
{
	orcs_buf path = ORCS_BUF_INIT;
	orcs_db *db = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_ref_report rep;
	orcs_buf_addf(&path, "%s/decp-files-%d.db", harness_tmpdir(), ++dbno);
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

static int import_opts(orcs_db *db, const char *path, orcs_decp_report *rep, int inline_ckpt)
{
	orcs_decp_import_opts o;
	orcs_error err = ORCS_ERROR_INIT;
	const char *paths[1];
	int rc;
	memset(&o, 0, sizeof(o));
	o.inline_checkpoint = inline_ckpt;
	o.source = "test";
	o.today = "2025-06-30";
	o.no_refresh = 1; /* the indicator cache is tested by test_engine*.c and the CLI tests */
	paths[0] = path;
	rc = orcs_decp_import(db, paths, 1, &o, rep, &err);
	if (rc == ORCS_EIO)
		printf("  import %s: %s\n", path, err.msg);
	return rc;
}

static int import(orcs_db *db, const char *path, orcs_decp_report *rep)
{
	return import_opts(db, path, rep, 0);
}

/* Every row of `sql`, as text (columns separated by \x1f, rows by \n). */
static void dump(orcs_db *db, const char *sql, orcs_buf *out)
{
	sqlite3_stmt *st;
	orcs_error err = ORCS_ERROR_INIT;
	int i, n;
	orcs_buf_reset(out);
	if (orcs_db_prepare(db, &st, sql, &err)) {
		orcs_buf_adds(out, err.msg);
		return;
	}
	n = sqlite3_column_count(st);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			const char *t = (const char *)sqlite3_column_text(st, i);
			orcs_buf_adds(out, t ? t : "\\N");
			orcs_buf_addc(out, '\x1f');
		}
		orcs_buf_addc(out, '\n');
	}
	sqlite3_finalize(st);
}

static long long q(orcs_db *db, const char *sql)
{
	return orcs_db_scalar(db, sql, -1);
}

static long long flagged(orcs_db *db, const char *code)
{
	sqlite3_stmt *st;
	long long n = -1;
	orcs_error err = ORCS_ERROR_INIT;
	if (orcs_db_prepare(db, &st, "SELECT count(*) FROM decp_flag WHERE code = ?", &err))
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static const struct expect {
	const char *file;
	long records, loaded, duplicates, quarantined, replaced, marches, concessions;
	long no_id, no_buyer;
	/* oracle.py extra, on the kept versions */
	long aberrant, late, pub_before, tit_siret, tit_siret_invalid;
	long shared; /* contracts flagged id_shared_lots (oracle.py each) */
} files[] = {
	{ "format-2019/data.gouv.fr_aife.json", 4530, 4326, 196, 8, 35, 4507, 15, 7, 1,
	  57, 16, 0, 4744, 127, 41 },
	{ "format-2019/decp_21590163800019_2019-01-01_2021-12-31.json", 159, 125, 1, 33, 0, 126, 0,
	  33, 0, 11, 5, 2, 137, 3, 19 },
	{ "format-2019/e-marchespublics.json", 470, 467, 3, 0, 0, 470, 0, 0, 0, 0, 23, 18, 560, 0,
	  34 },
	{ "format-2019/marches-publics.info.json", 4509, 4508, 1, 0, 4, 4499, 10, 0, 0, 89, 806, 0,
	  5065, 97, 16 },
	{ "format-2024/decp-59920013600241-2024-07-09-01.json", 5, 5, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0,
	  5, 0, 0 },
	{ "format-2024/dematis13.json", 137, 137, 0, 0, 0, 137, 0, 0, 0, 0, 29, 0, 144, 0, 0 },
	{ "format-2024/dematis16.json", 143, 142, 1, 0, 0, 143, 0, 0, 0, 0, 45, 0, 232, 0, 2 },
	{ "format-2024/dematis17.json", 159, 159, 0, 0, 0, 158, 1, 0, 0, 1, 50, 0, 161, 0, 0 },
	{ "format-2024/dematis18.json", 74, 74, 0, 0, 0, 74, 0, 0, 0, 0, 11, 0, 81, 0, 2 },
	{ "format-2024/dematis19.json", 87, 87, 0, 0, 0, 87, 0, 0, 0, 0, 22, 1, 92, 0, 0 },
	{ "format-2024/dematis20.json", 45, 45, 0, 0, 0, 45, 0, 0, 0, 0, 13, 0, 45, 0, 4 },
};

static void check_file(const struct expect *e)
{
	orcs_db *db = fresh();
	orcs_decp_report rep;
	orcs_buf path = ORCS_BUF_INIT;
	const orcs_decp_file_report *f;
	int rc, before = harness_failures;
	if (!db) {
		CHECK(db != NULL);
		return;
	}
	orcs_buf_addf(&path, "%s/decp/%s", harness_datadir(), e->file);
	rc = import(db, path.data, &rep);
	CHECK_INT(rc, e->quarantined ? ORCS_EINPUT : ORCS_OK);
	CHECK_INT(rep.nfiles, 1);
	f = &rep.files[0];
	CHECK_INT(f->status, ORCS_FILE_IMPORTED);
	CHECK_INT(f->counts.records, e->records);
	CHECK_INT(f->counts.loaded, e->loaded);
	CHECK_INT(f->counts.duplicates, e->duplicates);
	CHECK_INT(f->counts.quarantined, e->quarantined);
	CHECK_INT(f->counts.replaced, e->replaced);
	CHECK_INT(f->counts.records, f->counts.loaded + f->counts.duplicates + f->counts.quarantined);
	CHECK_INT(f->marches, e->marches);
	CHECK_INT(f->concessions, e->concessions);
	CHECK_INT(rep.quarantine[3], e->no_id); /* Q_NO_ID */
	CHECK_INT(rep.quarantine[4], e->no_buyer); /* Q_NO_BUYER */
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract"), e->loaded - e->replaced);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_occurrence"), e->loaded + e->duplicates);
	CHECK_INT(q(db, "SELECT count(*) FROM quarantine"), e->quarantined);
	CHECK_INT(q(db, "SELECT records FROM import_file"), e->records);
	CHECK_INT(flagged(db, "amount_aberrant"), e->aberrant);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE amount_flagged = 1"), e->aberrant);
	CHECK_INT(flagged(db, "late_publication"), e->late);
	CHECK_INT(flagged(db, "pub_before_notif"), e->pub_before);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_titulaire WHERE version = 0 AND type_id = 'SIRET'"),
		  e->tit_siret);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_titulaire WHERE version = 0 AND type_id = 'SIRET' "
			"AND siret_valid = 0"),
		  e->tit_siret_invalid);
	CHECK_INT(flagged(db, "id_shared_lots"), e->shared);
	CHECK_INT(flagged(db, "dup_in_file"),
		  q(db, "SELECT count(DISTINCT contract_id) FROM decp_occurrence WHERE outcome <> "
			"'loaded'"));
	/* the format of every record is its container's */
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE fmt <> "
			"(SELECT container_fmt FROM decp_file)"),
		  0);
	if (harness_failures != before)
		printf("  (in %s)\n", e->file);
	orcs_decp_report_release(&rep);
	orcs_buf_release(&path);
	orcs_db_close(db);
}

static void test_decp_files_each(void)
{
	unsigned i;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		check_file(&files[i]);
}

/* Known defects of particular files (data/decp/SOURCES.md). */
static void test_decp_files_defects(void)
{
	orcs_db *db = fresh();
	orcs_decp_report rep;
	orcs_buf p = ORCS_BUF_INIT;
	if (!db) {
		CHECK(db != NULL);
		return;
	}
	/* Croix: numbers as strings (jq '[.marches[].montant|type]|unique' ->
	 * ["string"]) and the key "nom " ('[.marches[].lieuExecution|has("nom ")]
	 * |all' -> true) on every record: all 125 loaded records are flagged;
	 * 33 records have id "" -> Q_NO_ID. */
	orcs_buf_addf(&p, "%s/decp/format-2019/decp_21590163800019_2019-01-01_2021-12-31.json",
		      harness_datadir());
	import(db, p.data, &rep);
	CHECK_INT(flagged(db, "type_repaired"), 125);
	CHECK_INT(flagged(db, "struct_repaired"), 125);
	CHECK_INT(q(db, "SELECT count(*) FROM quarantine WHERE reason = 'Q_NO_ID'"), 33);
	/* "marché" in lower case and "Appel d offres ouvert": aliases */
	CHECK_INT(q(db, "SELECT count(*) FROM decp_flag WHERE code = 'enum_alias' AND "
			"(detail LIKE '%marché%' OR detail LIKE '%Appel d offres%' OR detail LIKE "
			"'%Code Postal%')") > 0,
		  1);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE nature = 'UNKNOWN' OR procedure = "
			"'UNKNOWN'"),
		  0);
	/* "typeIdentifiant": "" with a 14-digit id: SIRET inferred */
	CHECK_INT(q(db, "SELECT count(*) FROM decp_titulaire WHERE type_id IS NULL AND length(ident) = 14"),
		  0);
	orcs_decp_report_release(&rep);

	/* AIFE: upper-case and v1.4 labels, out-of-enum typeIdentifiant */
	orcs_buf_reset(&p);
	orcs_buf_addf(&p, "%s/decp/format-2019/data.gouv.fr_aife.json", harness_datadir());
	import(db, p.data, &rep);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_titulaire WHERE type_id NOT IN ('SIRET','TVA',"
			"'TAHITI','RIDET','FRWF','IREP','HORS-UE','UE')"),
		  0);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_flag WHERE code = 'type_id_repaired' AND detail "
			"LIKE '%TVA_INTRACOMMUNAUTAIRE%'") > 0,
		  1);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_flag WHERE code = 'enum_alias' AND detail LIKE "
			"'%Marché public négocié%'") > 0,
		  1);
	/* the quarantined records keep their position and raw text */
	CHECK_INT(q(db, "SELECT count(*) FROM quarantine WHERE reason = 'Q_NO_BUYER' AND position "
			"LIKE 'enregistrement %, octet %' AND raw LIKE '%2000006405556201%'"),
		  1);
	/* montantSubventionPublique of its concessions with an id (jq
	 * '[.marches[]|select(.montantSubventionPublique != null)|select(.id)]
	 * |length' -> 15 records, one a duplicate: 14 contracts;
	 * 7205378201355733 of 61777424406581: 12456.32); never on a marché */
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract c JOIN import_file f ON f.id = c.file_id "
			"WHERE f.path LIKE '%aife%' AND c.kind = 'CONCESSION' AND "
			"c.montant_subvention IS NOT NULL"),
		  14);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE uid = "
			"'617774244065817205378201355733' AND montant_subvention = 12456.32"),
		  1);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE kind = 'MARCHE' AND "
			"montant_subvention IS NOT NULL"),
		  0);
	orcs_decp_report_release(&rep);
	orcs_buf_reset(&p);
	orcs_buf_addf(&p, "%s/decp/format-2024", harness_datadir());
	import(db, p.data, &rep);
	/* dematis17.json, record 159 (jq '.marches["contrat-concession"][0]
	 * .montantSubventionPublique' -> 0): zero, not absent */
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE uid = '218400398000102024-002' AND "
			"kind = 'CONCESSION' AND record_index = 159 AND montant_subvention = 0 AND "
			"montant_initial = 70"),
		  1);
	/* Dematis: the amendment amount sent instead of the new total
	 * (domain.md §2.8: 27920022400012 / 2021-8906-04, 3,399,548 € then
	 * 391,902 €) */
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract c JOIN decp_flag f ON f.contract_id = c.id "
			"WHERE c.uid = '279200224000122021-8906-04' AND f.code = 'modif_amount_ambiguous' "
			"AND c.montant_initial = 3399548 AND c.n_modifications = 5"),
		  1);
	/* Mégalis: _type present in a 2024 file is tolerated; its acts hold
	 * only id + sousTraitant while sousTraitanceDeclaree is false (jq: 5
	 * marchés, 2 keys per act) */
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract c JOIN decp_flag f ON f.contract_id = c.id "
			"WHERE c.buyer_siret = '59920013600241' AND f.code = 'subcontract_inconsistent'"),
		  5);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_flag WHERE code = 'format_mixed'"), 0);
	orcs_decp_report_release(&rep);
	orcs_buf_release(&p);
	orcs_db_close(db);
}

/* The whole folder, in its sorted order (the demo import). */
static void test_decp_files_all(void)
{
	orcs_db *db = fresh();
	orcs_decp_report rep, again;
	orcs_buf p = ORCS_BUF_INIT;
	int rc;
	if (!db) {
		CHECK(db != NULL);
		return;
	}
	orcs_buf_addf(&p, "%s/decp", harness_datadir());
	rc = import(db, p.data, &rep);
	CHECK_INT(rc, ORCS_EINPUT); /* records were quarantined */
	CHECK_INT(rep.nfiles, 11);  /* SOURCES.md is not a DECP file */
	CHECK_INT(rep.imported, 11);
	/* oracle.py all: records 10318 = loaded 10075 + duplicates 202 +
	 * quarantined 41 (Q_NO_ID 40, Q_NO_BUYER 1); 41 loaded records replaced
	 * an older version; 10034 contracts; 118 contracts share a uid */
	CHECK_INT(rep.totals.records, 10318);
	CHECK_INT(rep.totals.loaded, 10075);
	CHECK_INT(rep.totals.duplicates, 202);
	CHECK_INT(rep.totals.quarantined, 41);
	CHECK_INT(rep.totals.replaced, 41);
	CHECK_INT(rep.quarantine[3], 40);
	CHECK_INT(rep.quarantine[4], 1);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract"), 10034);
	CHECK_INT(flagged(db, "id_shared_lots"), 118);
	CHECK_INT(q(db, "SELECT records FROM import_batch"), 10318);
	CHECK_INT(q(db, "SELECT loaded + duplicates + quarantined FROM import_batch"), 10318);
	/* one dematis contract is published in three daily files (13, 16, 20) */
	CHECK_INT(flagged(db, "dup_cross_source"), 1);
	CHECK_INT(q(db, "SELECT count(*) FROM (SELECT contract_id FROM decp_occurrence GROUP BY "
			"contract_id HAVING count(DISTINCT file_id) = 3)"),
		  1);
	/* Social considerations of the 649 marchés of the 2024 files (jq over
	 * the raw files: none 582, Clause 31, Critère 17, Clause+Critère 11,
	 * Réservé 7, Critère+Réservé 1).  After dedup 646 remain (oracle.py
	 * all): one Clause+Critère contract and two "none" ones are repeats. */
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE fmt = '2024' AND kind = 'MARCHE'"), 646);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE kind = 'MARCHE' AND social_values = "
			"'SOC_NONE'"),
		  580);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE social_values = 'SOC_CLAUSE'"), 31);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE social_values = 'SOC_CRITERE'"), 17);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE social_values = "
			"'SOC_CLAUSE|SOC_CRITERE'"),
		  10);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE social_values = 'SOC_RESERVE'"), 7);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE social_values = "
			"'SOC_CRITERE|SOC_RESERVE'"),
		  1);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE fmt = '2024' AND social_status <> "
			"'FILLED'"),
		  0);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE fmt = '2019' AND (social_status <> "
			"'NOT_APPLICABLE' OR env_status <> 'NOT_APPLICABLE')"),
		  0);
	/* columns the indicators rely on */
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE departement IS NOT NULL AND (in_idf = 0 "
			"OR departement NOT IN ('75','77','78','91','92','93','94','95'))"),
		  0);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE notif_year IS NOT NULL AND "
			"notif_year <> CAST(substr(date_notification, 1, 4) AS INTEGER)"),
		  0);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract WHERE in_idf = 1") > 1000, 1);
	/* every code written is declared */
	CHECK_INT(q(db, "SELECT count(*) FROM decp_flag WHERE code NOT IN (SELECT code FROM "
			"ref_reason_code)"),
		  0);
	CHECK_INT(q(db, "SELECT count(*) FROM quarantine WHERE reason NOT IN (SELECT code FROM "
			"ref_reason_code)"),
		  0);

	/* The import ran with SQLite's foreign keys off and the WAL
	 * checkpointed by a background thread: both settings are back, every
	 * reference holds, every committed page reached the database file, and
	 * the warehouse is the one the automatic checkpoint at each commit
	 * gives (tables compared row by row). */
	CHECK_INT(q(db, "PRAGMA foreign_keys"), 1);
	CHECK_INT(q(db, "PRAGMA wal_autocheckpoint"), 1000);
	CHECK_INT(q(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	{
		sqlite3_stmt *st;
		orcs_error err = ORCS_ERROR_INIT;
		CHECK_INT(orcs_db_prepare(db, &st, "PRAGMA wal_checkpoint(PASSIVE)", &err), ORCS_OK);
		CHECK_INT(sqlite3_step(st), SQLITE_ROW);
		CHECK_INT(sqlite3_column_int(st, 0), 0);                           /* not busy */
		CHECK_INT(sqlite3_column_int(st, 1), sqlite3_column_int(st, 2)); /* all copied */
		sqlite3_finalize(st);
	}
	{
		static const char *const tables[] = {
			"SELECT * FROM decp_contract ORDER BY id",
			"SELECT * FROM decp_titulaire ORDER BY 1, 2, 3",
			"SELECT * FROM decp_version ORDER BY 1, 2",
			"SELECT * FROM decp_subcontract ORDER BY 1, 2",
			"SELECT * FROM decp_flag ORDER BY 1, 2",
			"SELECT * FROM decp_occurrence ORDER BY 1, 2, 3",
			"SELECT * FROM dim_buyer ORDER BY siret",
			"SELECT file_id, reason, position, detail FROM quarantine ORDER BY id",
		};
		orcs_db *db2 = fresh();
		orcs_decp_report rep2;
		orcs_buf a = ORCS_BUF_INIT, b = ORCS_BUF_INIT;
		unsigned i;
		CHECK(db2 != NULL);
		if (db2) {
			CHECK_INT(import_opts(db2, p.data, &rep2, 1), ORCS_EINPUT);
			CHECK_INT(rep2.totals.loaded, rep.totals.loaded);
			for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
				dump(db, tables[i], &a);
				dump(db2, tables[i], &b);
				if (a.len != b.len || memcmp(a.data, b.data, a.len))
					printf("  differs: %s\n", tables[i]);
				CHECK(a.len > 0 && a.len == b.len && !memcmp(a.data, b.data, a.len));
			}
			orcs_decp_report_release(&rep2);
			orcs_db_close(db2);
		}
		orcs_buf_release(&a);
		orcs_buf_release(&b);
	}

	/* re-importing changes nothing: every file is skipped */
	rc = import(db, p.data, &again);
	CHECK_INT(rc, ORCS_OK);
	CHECK_INT(again.skipped, 11);
	CHECK_INT(again.totals.records, 0);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract"), 10034);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_occurrence"), 10277);
	CHECK_INT(q(db, "SELECT count(*) FROM import_file"), 11);
	orcs_decp_report_release(&again);
	orcs_decp_report_release(&rep);
	orcs_buf_release(&p);
	orcs_db_close(db);
}

/* Another connection commits contracts between two files of an import:
 * the loader, which looks a key up only when its uid bitmap says the uid
 * may be known, must see them (the bitmap is read again when
 * PRAGMA data_version changed), so the second file's copies of those
 * contracts replace them (a later file wins a tie), never become second
 * rows with the same rkey. */
struct other_writer {
	const char *db_path, *file;
	int done, rc;
};

static void other_writer_progress(void *ctx, const orcs_decp_progress *p)
{
	struct other_writer *w = ctx;
	orcs_db *db2 = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_decp_report rep;
	if (p->file != 2 || w->done)
		return;
	w->done = 1;
	if (orcs_db_open(&db2, w->db_path, 0, &err) != ORCS_OK) {
		printf("  second connection: %s\n", err.msg);
		w->rc = ORCS_EIO;
		return;
	}
	w->rc = import(db2, w->file, &rep);
	CHECK_INT(rep.totals.loaded, 137);
	orcs_decp_report_release(&rep);
	orcs_db_close(db2);
}

static void test_decp_files_other_writer(void)
{
	orcs_db *db = fresh();
	orcs_buf a = ORCS_BUF_INIT, b = ORCS_BUF_INIT, copy = ORCS_BUF_INIT, dbp = ORCS_BUF_INIT;
	struct other_writer w;
	orcs_decp_import_opts o;
	orcs_decp_report rep;
	orcs_error err = ORCS_ERROR_INIT;
	const char *paths[2];
	FILE *in, *out;
	int c;
	CHECK(db != NULL);
	if (!db)
		return;
	/* dematis13.json again with one more trailing newline: other bytes
	 * (not skipped as a known file), the same 137 records */
	orcs_buf_addf(&a, "%s/decp/format-2024/dematis17.json", harness_datadir());
	orcs_buf_addf(&b, "%s/decp/format-2024/dematis13.json", harness_datadir());
	orcs_buf_addf(&copy, "%s/dematis13-copy.json", harness_tmpdir());
	orcs_buf_addf(&dbp, "%s/decp-files-%d.db", harness_tmpdir(), dbno);
	in = fopen(b.data, "rb");
	out = fopen(copy.data, "wb");
	CHECK(in && out);
	if (in && out) {
		while ((c = fgetc(in)) != EOF)
			fputc(c, out);
		fputc('\n', out);
	}
	if (in)
		fclose(in);
	if (out)
		fclose(out);
	memset(&w, 0, sizeof(w));
	w.db_path = dbp.data;
	w.file = b.data;
	memset(&o, 0, sizeof(o));
	o.source = "test";
	o.today = "2025-06-30";
	o.no_refresh = 1;
	o.progress = other_writer_progress;
	o.progress_ctx = &w;
	paths[0] = a.data;
	paths[1] = copy.data;
	CHECK_INT(orcs_decp_import(db, paths, 2, &o, &rep, &err), ORCS_OK);
	CHECK_INT(w.done, 1);
	CHECK_INT(w.rc, ORCS_OK);
	CHECK_INT(rep.nfiles, 2);
	if (rep.nfiles == 2) {
		CHECK_INT(rep.files[0].counts.loaded, 159);
		CHECK_INT(rep.files[1].counts.records, 137);
		/* same records, a later file: each replaces its copy (loaded
		 * and replaced), never a new row */
		CHECK_INT(rep.files[1].counts.loaded, 137);
		CHECK_INT(rep.files[1].counts.replaced, 137);
		CHECK_INT(rep.files[1].counts.duplicates, 0);
	}
	CHECK_INT(q(db, "SELECT count(*) - count(DISTINCT rkey) FROM decp_contract"), 0);
	CHECK_INT(q(db, "SELECT count(*) FROM decp_contract"), 159 + 137);
	CHECK_INT(flagged(db, "dup_cross_source"), 137);
	orcs_decp_report_release(&rep);
	orcs_buf_release(&a);
	orcs_buf_release(&b);
	orcs_buf_release(&copy);
	orcs_buf_release(&dbp);
	orcs_db_close(db);
}

void suite_decp_files(void)
{
	RUN(test_decp_files_other_writer);
	RUN(test_decp_files_each);
	RUN(test_decp_files_defects);
	RUN(test_decp_files_all);
}
