/* cmd_quality.c - `orcs quality`: the DECP quality report
 * (src/qualify/quality.h). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/text.h"
#include "qualify/quality.h"

#define NB ORCS_NBSP

int orcs_cmd_quality(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_db *db = NULL;
	orcs_rows_format fmt;
	const char *format = orcs_arg(a, "--format"), *by = orcs_arg(a, "--by");
	int mode = ORCS_QUALITY_ALL;
	long n = 0;

	if (orcs_flag(a, "--json"))
		format = "json";
	if (orcs_rows_format_parse(format, &fmt) < 0) {
		orcs_error_set(&err, ORCS_EUSAGE, "--format" NB ": valeur inconnue « %s » "
				"(table, csv ou json)", format);
		return orcs_cli_fail(a, &err);
	}
	if (by && !strcmp(by, "source"))
		mode = ORCS_QUALITY_BY_SOURCE;
	else if (by && !strcmp(by, "buyer"))
		mode = ORCS_QUALITY_BY_BUYER;
	else if (by) {
		orcs_error_set(&err, ORCS_EUSAGE, "--by" NB ": valeur inconnue « %s » (source ou buyer)",
			       by);
		return orcs_cli_fail(a, &err);
	}
	if (orcs_cli_open_db(a, &db, ORCS_DB_READONLY, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	if (fmt == ORCS_ROWS_TABLE) {
		orcs_quality_totals t;
		orcs_buf b = ORCS_BUF_INIT;
		orcs_quality_totals_get(db, &t, &err);
		orcs_buf_adds(&b, "Qualité des DECP" NB ": ");
		orcs_fmt_number(&b, (double)t.contracts, 0);
		orcs_buf_adds(&b, " contrats, ");
		orcs_fmt_number(&b, (double)t.records, 0);
		orcs_buf_adds(&b, " enregistrements lus, ");
		orcs_fmt_number(&b, (double)t.quarantined, 0);
		orcs_buf_adds(&b, " en quarantaine, ");
		orcs_fmt_number(&b, (double)t.rejected_files, 0);
		orcs_buf_addf(&b, " fichier%s rejeté%s.", t.rejected_files > 1 ? "s" : "",
			      t.rejected_files > 1 ? "s" : "");
		printf("%s\nPart" NB ": signalements en %% des contrats, quarantaine en %% des "
		       "enregistrements lus.\n\n", b.data);
		orcs_buf_release(&b);
	}
	if (orcs_quality_report(db, mode, fmt, stdout, &n, &err) != ORCS_OK) {
		orcs_db_close(db);
		return orcs_cli_fail(a, &err);
	}
	orcs_db_close(db);
	return 0;
}
