/*
 * cmd_import_siae.c - `orcs import siae FILE`: loads a directory of inclusive
 * structures (SIAE, GEIQ, EA, ESAT) into enterprise_directory and
 * dim_enterprise.  Exit 0 clean, 1 rows quarantined, 2 usage, 3 I/O.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/text.h"
#include "ingest/siae.h"

int orcs_cmd_import_siae(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_siae_report rep;
	orcs_db *db = NULL;
	const char *path = a->pos[0];
	size_t i;
	int rc;

	memset(&rep, 0, sizeof(rep));
	if ((rc = orcs_cli_open_db(a, &db, 0, &err)) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	rc = orcs_siae_import(db, path, orcs_arg(a, "--structure-type"), &rep, &err);
	if (rc != ORCS_OK) {
		orcs_siae_report_release(&rep);
		orcs_db_close(db);
		return orcs_cli_fail(a, &err);
	}
	if (orcs_flag(a, "--json")) {
		yajl_gen g = orcs_json_new(stdout, 0);
		yajl_gen_map_open(g);
		orcs_json_kint(g, "batch_id", rep.batch_id);
		orcs_json_kstr(g, "file", path);
		orcs_json_kstr(g, "shape", rep.shape);
		orcs_json_kstr(g, "sha256", rep.sha256);
		orcs_json_kstr(g, "status", rep.already_imported ? "already_imported" : "loaded");
		orcs_json_kint(g, "records", rep.counts.records);
		orcs_json_kint(g, "loaded", rep.counts.loaded);
		orcs_json_kint(g, "duplicates", rep.counts.duplicates);
		orcs_json_kint(g, "quarantined", rep.counts.quarantined);
		orcs_json_kint(g, "replaced", rep.counts.replaced);
		orcs_json_str(g, "reasons");
		yajl_gen_map_open(g);
		for (i = 0; i < rep.nreasons; i++)
			orcs_json_kint(g, rep.reasons[i].code, rep.reasons[i].n);
		yajl_gen_map_close(g);
		yajl_gen_map_close(g);
		orcs_json_free(g);
		putchar('\n');
	} else if (rep.already_imported) {
		printf("Annuaire %s" ORCS_NBSP ": déjà importé (mêmes octets), rien n'a changé.\n", path);
	} else {
		orcs_buf n[4] = { ORCS_BUF_INIT, ORCS_BUF_INIT, ORCS_BUF_INIT, ORCS_BUF_INIT };
		orcs_fmt_number(&n[0], (double)rep.counts.records, 0);
		orcs_fmt_number(&n[1], (double)rep.counts.loaded, 0);
		orcs_fmt_number(&n[2], (double)rep.counts.duplicates, 0);
		orcs_fmt_number(&n[3], (double)rep.counts.quarantined, 0);
		printf("Annuaire %s (format %s)" ORCS_NBSP ": %s lignes lues = %s chargées + %s doublons + "
		       "%s en quarantaine.\n",
		       path, rep.shape, n[0].data, n[1].data, n[2].data, n[3].data);
		for (i = 0; i < rep.nreasons; i++)
			printf("  %s" ORCS_NBSP ": %lld\n", rep.reasons[i].code, (long long)rep.reasons[i].n);
		for (i = 0; i < 4; i++)
			orcs_buf_release(&n[i]);
	}
	rc = rep.counts.quarantined > 0 ? ORCS_EINPUT : ORCS_OK;
	orcs_siae_report_release(&rep);
	orcs_db_close(db);
	return rc;
}
