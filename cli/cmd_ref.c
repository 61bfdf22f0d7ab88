/* cmd_ref.c - `orcs ref TABLE`: list a referential table. */
#include "cli/cli.h"
#include "ref/ref.h"

int orcs_cmd_ref(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_db *db = NULL;
	orcs_rows_format fmt;
	const char *format = orcs_arg(a, "--format");
	int rc;

	if (orcs_flag(a, "--json"))
		format = "json";
	if (orcs_rows_format_parse(format, &fmt) < 0) {
		orcs_error_set(&err, ORCS_EUSAGE, "--format" ORCS_NBSP ": valeur inconnue « %s » "
				"(table, csv ou json)", format);
		return orcs_cli_fail(a, &err);
	}
	if (!orcs_flag(a, "--list") && a->npos != 1) {
		orcs_error_set(&err, ORCS_EUSAGE, "indiquez une TABLE ou --list");
		return orcs_cli_fail(a, &err);
	}
	if (orcs_cli_open_db(a, &db, ORCS_DB_READONLY, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	if (orcs_flag(a, "--list"))
		rc = orcs_ref_catalog(db, fmt, stdout, &err);
	else
		rc = orcs_ref_list(db, a->pos[0], orcs_arg(a, "--dept"), fmt, stdout, NULL, &err);
	orcs_db_close(db);
	if (rc != ORCS_OK)
		return orcs_cli_fail(a, &err);
	return 0;
}
