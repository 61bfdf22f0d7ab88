/* test_clauses.c - the pieces of the clause importer that need no
 * warehouse: cell parsers, identifying columns, mapping files, the key
 * file and pseudonymous ids, and the reason codes as data. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/sha256_stream.h"
#include "core/text.h"
#include "ingest/clauses.h"
#include "ingest/clauses_internal.h"
#include "ingest/mapping.h"
#include "ingest/pseudo.h"
#include "tests/unit/harness.h"

static void test_dates_and_periods(void)
{
	int y, m, d;
	CHECK_INT(cf_parse_date("2021-03-15", 10, &y, &m, &d), 0);
	CHECK(y == 2021 && m == 3 && d == 15);
	CHECK_INT(cf_parse_date("15/03/2021", 10, &y, &m, &d), 0); /* French */
	CHECK(y == 2021 && m == 3 && d == 15);
	CHECK_INT(cf_parse_date("2021-03-15T00:00:00", 19, &y, &m, &d), 0);
	CHECK_INT(cf_parse_date("2021-03-15 08:30", 16, &y, &m, &d), 0);
	CHECK_INT(cf_parse_date("29/02/2024", 10, &y, &m, &d), 0); /* leap year */
	CHECK_INT(cf_parse_date("29/02/2023", 10, &y, &m, &d), -1);
	CHECK_INT(cf_parse_date("31/02/2021", 10, &y, &m, &d), -1);
	CHECK_INT(cf_parse_date("2021-13-01", 10, &y, &m, &d), -1);
	CHECK_INT(cf_parse_date("15/3/2021", 9, &y, &m, &d), -1);
	CHECK_INT(cf_parse_date("2021/03/15", 10, &y, &m, &d), -1);
	CHECK_INT(cf_parse_date("1989-12-31", 10, &y, &m, &d), -2); /* out of range */
	CHECK_INT(cf_parse_date("2041-01-01", 10, &y, &m, &d), -2);
	CHECK_INT(cf_parse_period("2021-07", 7, &y, &m), 0);
	CHECK(y == 2021 && m == 7);
	CHECK_INT(cf_parse_period("07/2021", 7, &y, &m), 0);
	CHECK(y == 2021 && m == 7);
	CHECK_INT(cf_parse_period("2021-07-01", 10, &y, &m), 0); /* the day is ignored */
	CHECK_INT(cf_parse_period("2021-13", 7, &y, &m), -1);
	CHECK_INT(cf_parse_period("2021-7", 6, &y, &m), -1);
	CHECK_INT(cf_parse_period("1900-01", 7, &y, &m), -2);
}

static void test_numbers_booleans(void)
{
	double v = 0;
	int b = -1;
	/* decimal commas, thousands with U+00A0 and U+202F */
	CHECK_INT(orcs_parse_number("151,5", 5, &v), 0);
	CHECK(v == 151.5);
	CHECK_INT(orcs_parse_number("6\xc2\xa0" "050\xc2\xa0" "000,50", 14, &v), 0);
	CHECK(v == 6050000.5);
	CHECK_INT(orcs_parse_number("3\xe2\x80\xaf" "500", 7, &v), 0);
	CHECK(v == 3500);
	CHECK(orcs_parse_number("12h", 3, &v) != 0);
	CHECK_INT(cf_parse_bool("1", 1, &b), 0);
	CHECK_INT(b, 1);
	CHECK_INT(cf_parse_bool("Non", 3, &b), 0);
	CHECK_INT(b, 0);
	CHECK_INT(cf_parse_bool("OUI", 3, &b), 0);
	CHECK_INT(b, 1);
	CHECK(cf_parse_bool("2", 1, &b) != 0);
	CHECK(cf_parse_bool("peut-être", 10, &b) != 0);
}

static void test_identifying_columns(void)
{
	static const char *const yes[] = { "nom", "Nom", "prenom", "Prénom", "NIR", "nir",
					   "numero_securite_sociale", "N° de sécurité sociale",
					   "date_naissance", "Date de naissance", "adresse",
					   "Adresse postale", "email", "E-mail", "courriel", "telephone",
					   "Téléphone portable", "tel", "nom_usage", "Nom de famille",
					   "nom_prenom", "Identifiant France Travail", NULL };
	static const char *const no[] = { "annee_naissance", "Année de naissance", "raison_sociale",
					  "nom_entreprise", "Nom de la structure", "siret",
					  "commune_residence_insee", "participant_id", "N° bénéficiaire",
					  "Nom de l'acheteur", "prescripteur", "heures_travail", NULL };
	int i;
	for (i = 0; yes[i]; i++) {
		if (!orcs_clauses_identifying(yes[i], strlen(yes[i])))
			printf("  not seen as identifying: %s\n", yes[i]);
		CHECK(orcs_clauses_identifying(yes[i], strlen(yes[i])));
	}
	for (i = 0; no[i]; i++) {
		if (orcs_clauses_identifying(no[i], strlen(no[i])))
			printf("  wrongly identifying: %s\n", no[i]);
		CHECK(!orcs_clauses_identifying(no[i], strlen(no[i])));
	}
}

static void test_mapping_files(void)
{
	orcs_mapping *m = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	const char *ok = "# comment\n"
			 "[source]\n"
			 "nom = Outil X\n"
			 "facilitateur = FAC-1\n"
			 "separateur_multi = ,\n"
			 "[tables]\n"
			 "participants = Bénéficiaires\n"
			 "[participants]\n"
			 "participant_id = N° bénéficiaire\n"
			 "[valeurs]\n"
			 "type_contrat: \"CDD Insertion\" = CDDI\n"
			 "contrats.modalite_realisation: \"Embauche \"\"directe\"\"\" = EMBAUCHE_DIRECTE\n"
			 "sexe: Madame = F\n";
	const char *v;
	CHECK_INT(orcs_mapping_parse(ok, strlen(ok), "m.ini", &m, &err), ORCS_OK);
	if (!m)
		return;
	CHECK_STR(orcs_mapping_name(m), "Outil X");
	CHECK_STR(orcs_mapping_facilitator(m), "FAC-1");
	CHECK(orcs_mapping_multi_sep(m) == ',');
	CHECK_STR(orcs_mapping_source_table(m, "participants"), "Bénéficiaires");
	CHECK_STR(orcs_mapping_source_table(m, "heures"), "heures");
	CHECK_STR(orcs_mapping_source_column(m, "participants", "participant_id"), "N° bénéficiaire");
	CHECK_STR(orcs_mapping_source_column(m, "participants", "sexe"), "sexe");
	v = orcs_mapping_value(m, "contrats", "type_contrat", "cdd insertion", 13);
	CHECK_STR(v, "CDDI"); /* folded comparison */
	v = orcs_mapping_value(m, "contrats", "modalite_realisation", "Embauche \"directe\"", 18);
	CHECK_STR(v, "EMBAUCHE_DIRECTE");
	CHECK(orcs_mapping_value(m, "participants", "modalite_realisation", "Embauche \"directe\"", 18) ==
	      NULL); /* qualified by table */
	CHECK_STR(orcs_mapping_value(m, "participants", "sexe", "MADAME", 6), "F");
	CHECK(orcs_mapping_has_values(m, "contrats", "type_contrat"));
	CHECK(!orcs_mapping_has_values(m, "contrats", "date_debut"));
	orcs_mapping_free(m);

	CHECK_INT(orcs_mapping_parse("nom = x\n", 8, "bad.ini", &m, &err), ORCS_EUSAGE);
	CHECK(strstr(err.msg, "bad.ini:1") != NULL);
	CHECK_INT(orcs_mapping_parse("[tables\n", 8, "bad.ini", &m, &err), ORCS_EUSAGE);
	CHECK_INT(orcs_mapping_parse("[valeurs]\nsexe = F\n", 19, "bad.ini", &m, &err), ORCS_EUSAGE);
	CHECK(strstr(err.msg, "bad.ini:2") != NULL);
	CHECK_INT(orcs_mapping_parse("[source]\nseparateur_multi = ;;\n", 30, "bad.ini", &m, &err),
		  ORCS_EUSAGE);
	CHECK_INT(orcs_mapping_load("/nonexistent/m.ini", &m, &err), ORCS_EUSAGE);
}

static void test_shipped_mappings_parse(void)
{
	static const char *const files[] = { "mappings/identity.ini", "mappings/exemple-clause.ini" };
	size_t i;
	for (i = 0; i < 2; i++) {
		orcs_buf p = ORCS_BUF_INIT;
		orcs_mapping *m = NULL;
		orcs_error err = ORCS_ERROR_INIT;
		orcs_buf_addf(&p, "%s/%s", harness_datadir(), files[i]);
		CHECK_INT(orcs_mapping_load(p.data, &m, &err), ORCS_OK);
		if (!m)
			printf("  %s\n", err.msg);
		CHECK(m && orcs_mapping_count(m) > 60);
		orcs_mapping_free(m);
		orcs_buf_release(&p);
	}
}

static void test_key_file_and_pids(void)
{
	orcs_buf p = ORCS_BUF_INIT;
	orcs_error err = ORCS_ERROR_INIT;
	unsigned char k1[32], k2[32];
	char h1[65], h2[65], h3[65];
	struct stat st;
	int created = 0;
	orcs_pseudo ps;
	orcs_buf_addf(&p, "%s/w.db.key", harness_tmpdir());
	CHECK_INT(orcs_key_read(p.data, k1, &err), ORCS_EIO);
	CHECK(strstr(err.msg, "orcs init") != NULL);
	CHECK_INT(orcs_key_ensure(p.data, &created, &err), ORCS_OK);
	CHECK_INT(created, 1);
	CHECK_INT(stat(p.data, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0600);
	CHECK_INT(st.st_size, 65);
	CHECK_INT(orcs_key_ensure(p.data, &created, &err), ORCS_OK); /* kept */
	CHECK_INT(created, 0);
	CHECK_INT(orcs_key_read(p.data, k1, &err), ORCS_OK);
	CHECK_INT(orcs_key_read(p.data, k2, &err), ORCS_OK);
	CHECK(!memcmp(k1, k2, 32));
	orcs_pseudo_id(k1, "FAC", "P-001", 5, h1);
	orcs_pseudo_id(k1, "FAC", "P-001", 5, h2);
	CHECK_STR(h1, h2);
	CHECK_INT(strlen(h1), 64);
	CHECK(strstr(h1, "P-001") == NULL);
	orcs_pseudo_id(k1, "FAC2", "P-001", 5, h3); /* another facilitator */
	CHECK(strcmp(h1, h3) != 0);
	orcs_pseudo_id(k1, "FA", "CP-001", 6, h3); /* the separator keeps them apart */
	CHECK(strcmp(h1, h3) != 0);
	orcs_pseudo_init(&ps, k1, "FAC");
	orcs_pseudo_hash(&ps, "P-001", 5, h3);
	CHECK_STR(h1, h3);
	orcs_pseudo_wipe(&ps);
	{ /* the keyed context (SHA extensions, or forced portable) gives
	   * libsodium's HMAC for ids across the block boundaries */
		static const size_t lens[] = { 0, 1, 31, 55, 56, 63, 64, 65, 119, 120, 200 };
		static const char *const facs[] = { NULL, "", "FAC", "un facilitateur au nom "
							      "plus long qu'un bloc de soixante-quatre octets" };
		char id[201];
		unsigned f, i, portable;
		for (i = 0; i < sizeof(id) - 1; i++)
			id[i] = (char)('0' + i % 43);
		id[200] = '\0';
		for (portable = 0; portable < 2; portable++) {
			orcs_sha256s_force_portable((int)portable);
			for (f = 0; f < sizeof(facs) / sizeof(facs[0]); f++) {
				orcs_pseudo_init(&ps, k1, facs[f]);
				for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
					orcs_pseudo_id(k1, facs[f], id, lens[i], h1);
					orcs_pseudo_hash(&ps, id, lens[i], h3);
					CHECK_STR(h1, h3);
				}
				orcs_pseudo_wipe(&ps);
			}
		}
		orcs_sha256s_force_portable(0);
	}
	k2[0] ^= 1; /* another key, another id */
	orcs_pseudo_id(k2, "FAC", "P-001", 5, h3);
	CHECK(strcmp(h1, h3) != 0);
	{
		FILE *f = fopen(p.data, "w");
		fputs("not hex\n", f);
		fclose(f);
		CHECK_INT(orcs_key_read(p.data, k1, &err), ORCS_EIO);
		CHECK(strstr(err.msg, "invalide") != NULL);
	}
	orcs_buf_release(&p);
}

/* Every code the importers emit is declared in data/ref/clause_codes.csv
 * with valid kind, category and level, and every declared code is used. */
static void test_reason_codes_are_data(void)
{
	static const char *const categories[] = { "SINGULARITE", "VALIDITE", "COMPLETUDE",
						  "CONFORMITE", "EXACTITUDE", "COHERENCE", NULL };
	orcs_buf p = ORCS_BUF_INIT;
	orcs_error err = ORCS_ERROR_INIT;
	FILE *f;
	orcs_csv *csv;
	char seen[64] = { 0 };
	int i, n = 0, rows = 0;
	for (n = 0; orcs_clauses_codes[n]; n++)
		;
	CHECK(n < 64);
	orcs_buf_addf(&p, "%s/ref/clause_codes.csv", harness_datadir());
	f = fopen(p.data, "rb");
	CHECK(f != NULL);
	if (!f)
		return;
	csv = orcs_csv_new_stream(f, p.data, 0);
	CHECK_INT(orcs_csv_next(csv, &err), 1);
	CHECK_STR(orcs_csv_field(csv, 0, NULL), "code");
	CHECK_STR(orcs_csv_field(csv, 6, NULL), "description");
	while (orcs_csv_next(csv, &err) == 1) {
		const char *code = orcs_csv_field(csv, 0, NULL);
		const char *kind = orcs_csv_field(csv, 2, NULL);
		const char *cat = orcs_csv_field(csv, 3, NULL);
		const char *level = orcs_csv_field(csv, 4, NULL);
		int ok = 0;
		rows++;
		CHECK_INT(orcs_csv_nfields(csv), 7);
		CHECK_STR(orcs_csv_field(csv, 1, NULL), "clauses");
		CHECK(!strcmp(kind, "flag") || !strcmp(kind, "quarantine"));
		for (i = 0; categories[i]; i++)
			ok |= !strcmp(cat, categories[i]);
		CHECK(ok);
		CHECK(!strcmp(level, "field") || !strcmp(level, "record") || !strcmp(level, "dataset") ||
		      !strcmp(level, "file"));
		CHECK(!strncmp(code, "Q_", 2) == !strcmp(kind, "quarantine"));
		for (i = 0; i < n; i++)
			if (!strcmp(orcs_clauses_codes[i], code))
				seen[i] = 1;
		ok = 0;
		for (i = 0; i < n; i++)
			ok |= !strcmp(orcs_clauses_codes[i], code);
		if (!ok)
			printf("  declared but never emitted: %s\n", code);
		CHECK(ok);
	}
	for (i = 0; i < n; i++) {
		if (!seen[i])
			printf("  emitted but not declared: %s\n", orcs_clauses_codes[i]);
		CHECK(seen[i]);
	}
	CHECK_INT(rows, n);
	orcs_csv_free(csv);
	fclose(f);
	orcs_buf_release(&p);
}

static void test_table_declarations(void)
{
	const char *cols[MAX_CCOLS];
	int req[MAX_CCOLS], n;
	CHECK_INT(orcs_clauses_table_index("heures"), ORCS_T_HEURES);
	CHECK_INT(orcs_clauses_table_index("nope"), -1);
	CHECK_STR(orcs_clauses_table_name(ORCS_T_MARCHES), "marches");
	n = orcs_clauses_table_columns(ORCS_T_MARCHES, cols, req, MAX_CCOLS);
	CHECK_INT(n, 15);
	CHECK_STR(cols[0], "marche_id");
	CHECK_INT(req[0], 1);
	CHECK_INT(req[1], 0); /* lot */
	n = orcs_clauses_table_columns(ORCS_T_PARTICIPANTS, cols, req, MAX_CCOLS);
	CHECK_INT(n, 10);
}

void suite_clauses(void)
{
	RUN(test_dates_and_periods);
	RUN(test_numbers_booleans);
	RUN(test_identifying_columns);
	RUN(test_mapping_files);
	RUN(test_shipped_mappings_parse);
	RUN(test_key_file_and_pids);
	RUN(test_reason_codes_are_data);
	RUN(test_table_declarations);
}
