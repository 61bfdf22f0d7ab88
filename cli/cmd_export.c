/* cmd_export.c - `orcs export decp|indicators|geo`: the open-data exports. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/text.h"
#include "publish/export.h"

#define NB ORCS_NBSP

/* --year: 0 when absent; -1 (err set) when invalid. */
static int year_arg(const orcs_args *a, orcs_error *err)
{
	const char *s = orcs_arg(a, "--year");
	char *end;
	long y;
	if (!s)
		return 0;
	y = strtol(s, &end, 10);
	if (*s == '\0' || *end || y < 2000 || y > 2100) {
		orcs_error_set(err, ORCS_EUSAGE, "--year" NB ": année invalide « %s » (2000 à 2100)", s);
		return -1;
	}
	return (int)y;
}

int orcs_cmd_export_indicators(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	const char *format = orcs_arg(a, "--format");
	orcs_export_format fmt;
	orcs_db *db = NULL;
	if (!format || !strcmp(format, "csv"))
		fmt = ORCS_EXPORT_CSV;
	else if (!strcmp(format, "json"))
		fmt = ORCS_EXPORT_JSON;
	else if (!strcmp(format, "xlsx"))
		fmt = ORCS_EXPORT_XLSX;
	else {
		orcs_error_set(&err, ORCS_EUSAGE,
			       "--format" NB ": valeur inconnue « %s » (csv, xlsx ou json)", format);
		return orcs_cli_fail(a, &err);
	}
	if (orcs_cli_open_db(a, &db, ORCS_DB_READONLY, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	if (orcs_export_indicators(db, fmt, orcs_arg(a, "-o"), &err) != ORCS_OK) {
		orcs_db_close(db);
		return orcs_cli_fail(a, &err);
	}
	orcs_db_close(db);
	return 0;
}

int orcs_cmd_export_geo(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	const char *format = orcs_arg(a, "--format");
	orcs_db *db = NULL;
	int year;
	if (format && strcmp(format, "geojson")) {
		orcs_error_set(&err, ORCS_EUSAGE, "--format" NB ": valeur inconnue « %s » (geojson)",
			       format);
		return orcs_cli_fail(a, &err);
	}
	if ((year = year_arg(a, &err)) < 0)
		return orcs_cli_fail(a, &err);
	if (orcs_cli_open_db(a, &db, ORCS_DB_READONLY, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	if (orcs_export_geo(db, orcs_cli_datadir(), orcs_arg(a, "--level"), year, orcs_arg(a, "-o"),
			    &err) != ORCS_OK) {
		orcs_db_close(db);
		return orcs_cli_fail(a, &err);
	}
	orcs_db_close(db);
	return 0;
}

/* "N <things> exporté(s)<where>[, dont …] ; non exportés : N incomplet(s) (…),
 * N hors schéma (…).": one line of the `export decp` summary (French
 * agreement: 0 and 1 singular). */
static void tally_line(orcs_buf *b, const orcs_decp_export_tally *t, const char *one,
		       const char *many, const char *party, const char *where)
{
	orcs_fmt_number(b, (double)t->written, 0);
	orcs_buf_addf(b, " %s %s%s", t->written > 1 ? many : one,
		      t->written > 1 ? "exportés" : "exporté", where);
	if (t->repaired) {
		orcs_buf_adds(b, ", dont ");
		orcs_fmt_number(b, (double)t->repaired, 0);
		orcs_buf_addf(b, " avec un %s ou une valeur répétés dans la source, écrit%s une fois",
			      party, t->repaired > 1 ? "s" : "");
	}
	orcs_buf_adds(b, NB "; non exportés" NB ": ");
	orcs_fmt_number(b, (double)t->missing, 0);
	orcs_buf_addf(b, " incomplet%s (champ obligatoire du schéma absent), ",
		      t->missing > 1 ? "s" : "");
	orcs_fmt_number(b, (double)t->invalid, 0);
	orcs_buf_adds(b, " hors schéma (valeur non conforme).\n");
}

int orcs_cmd_export_decp(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	const char *format = orcs_arg(a, "--format");
	orcs_export_format fmt;
	orcs_db *db = NULL;
	orcs_decp_export_counts n;
	int year;
	if (!format || !strcmp(format, "json"))
		fmt = ORCS_EXPORT_JSON;
	else if (!strcmp(format, "xml"))
		fmt = ORCS_EXPORT_XML;
	else {
		orcs_error_set(&err, ORCS_EUSAGE, "--format" NB ": valeur inconnue « %s » (json ou xml)",
			       format);
		return orcs_cli_fail(a, &err);
	}
	if ((year = year_arg(a, &err)) < 0)
		return orcs_cli_fail(a, &err);
	if (orcs_cli_open_db(a, &db, ORCS_DB_READONLY, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	if (orcs_export_decp(db, fmt, year, orcs_arg(a, "-o"), &n, &err) != ORCS_OK) {
		orcs_db_close(db);
		return orcs_cli_fail(a, &err);
	}
	orcs_db_close(db);
	{
		/* what was written, and what was left out with its reason */
		orcs_buf b = ORCS_BUF_INIT;
		tally_line(&b, &n.marches, "marché", "marchés", "titulaire",
			   " au schéma DECP 2024 (v2.0.3)");
		tally_line(&b, &n.concessions, "contrat de concession", "contrats de concession",
			   "concessionnaire", "");
		fputs(b.data, stderr);
		orcs_buf_release(&b);
	}
	return 0;
}
