/* cmd_init.c - `orcs init`: create or upgrade the warehouse, load the
 * referential, create the pseudonymisation key file if absent. */
#include "cli/cli.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/text.h"
#include "ingest/pseudo.h"
#include "ref/ref.h"

int orcs_cmd_init(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_db *db = NULL;
	orcs_ref_report rep;
	const char *datadir = orcs_arg(a, "--data");
	orcs_buf keypath = ORCS_BUF_INIT;
	int applied = 0, key_created = 0;

	if (!datadir)
		datadir = orcs_cli_datadir();
	if (orcs_db_open(&db, a->db_path, ORCS_DB_CREATE, &err) != ORCS_OK ||
	    orcs_db_migrate(db, &applied, &err) != ORCS_OK ||
	    orcs_ref_load(db, datadir, &rep, &err) != ORCS_OK) {
		orcs_db_close(db);
		return orcs_cli_fail(a, &err);
	}
	if (orcs_arg(a, "--key"))
		orcs_buf_adds(&keypath, orcs_arg(a, "--key"));
	else
		orcs_key_default_path(&keypath, a->db_path);
	if (orcs_key_ensure(keypath.data, &key_created, &err) != ORCS_OK) {
		orcs_buf_release(&keypath);
		orcs_db_close(db);
		return orcs_cli_fail(a, &err);
	}
	if (orcs_flag(a, "--json")) {
		yajl_gen g = orcs_json_new(stdout, 0);
		yajl_gen_map_open(g);
		orcs_json_kstr(g, "db", a->db_path);
		orcs_json_kint(g, "schema_version", orcs_db_schema_version(db));
		orcs_json_kint(g, "migrations_applied", applied);
		orcs_json_kint(g, "ref_tables_loaded", rep.tables_loaded);
		orcs_json_kint(g, "ref_tables_unchanged", rep.tables_unchanged);
		orcs_json_kint(g, "ref_rows", rep.rows);
		orcs_json_kstr(g, "key", keypath.data);
		yajl_gen_string(g, (const unsigned char *)"key_created", 11);
		orcs_json_bool(g, key_created);
		yajl_gen_map_close(g);
		orcs_json_free(g);
		putchar('\n');
	} else {
		orcs_buf n = ORCS_BUF_INIT;
		printf("Entrepôt %s" ORCS_NBSP ": schéma en version %d (%d migration%s appliquée%s).\n",
		       a->db_path, orcs_db_schema_version(db), applied, applied > 1 ? "s" : "",
		       applied > 1 ? "s" : "");
		if (rep.tables_loaded) {
			orcs_fmt_number(&n, (double)rep.rows, 0);
			printf("Référentiel" ORCS_NBSP ": %d tables chargées (%s lignes) depuis %s.\n",
			       rep.tables_loaded, n.data, datadir);
		} else {
			printf("Référentiel" ORCS_NBSP ": inchangé (%d tables à jour).\n",
			       rep.tables_unchanged);
		}
		printf("Clé de pseudonymisation" ORCS_NBSP ": %s (%s, hors de l'entrepôt).\n",
		       keypath.data, key_created ? "créée, mode 0600" : "existante");
		orcs_buf_release(&n);
	}
	orcs_buf_release(&keypath);
	orcs_db_close(db);
	return 0;
}
