/* cmd_report.c - `orcs report annual|sheet|all`: the PDF publications. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "publish/report.h"

#define NB ORCS_NBSP

static int parse_year(const orcs_args *a, int *year, orcs_error *err)
{
	const char *s = orcs_arg(a, "--year");
	char *end;
	long y;
	if (!s)
		return orcs_error_set(err, ORCS_EUSAGE, "--year" NB ": année obligatoire");
	y = strtol(s, &end, 10);
	if (!*s || *end || y < 2000 || y > 2100)
		return orcs_error_set(err, ORCS_EUSAGE, "--year" NB ": année invalide « %s » (2000 à 2100)",
				      s);
	*year = (int)y;
	return ORCS_OK;
}

static int parse_common(const orcs_args *a, int *year, orcs_audience *aud, const char **out,
			orcs_error *err)
{
	const char *au = orcs_arg(a, "--audience");
	if (parse_year(a, year, err) != ORCS_OK)
		return err->code;
	if (!au || !strcmp(au, "public"))
		*aud = ORCS_AUDIENCE_PUBLIC;
	else if (!strcmp(au, "internal"))
		*aud = ORCS_AUDIENCE_INTERNAL;
	else
		return orcs_error_set(err, ORCS_EUSAGE,
				      "--audience" NB ": valeur inconnue « %s » (public ou internal)", au);
	*out = orcs_arg(a, "-o");
	if (!*out || !**out)
		return orcs_error_set(err, ORCS_EUSAGE, "-o" NB ": fichier de sortie obligatoire");
	return ORCS_OK;
}

int orcs_cmd_report_annual(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_audience aud;
	orcs_db *db = NULL;
	const char *out;
	int year, rc;
	if (parse_common(a, &year, &aud, &out, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	if (orcs_cli_open_db(a, &db, ORCS_DB_READONLY, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	rc = orcs_report_annual(db, year, aud, out, &err);
	orcs_db_close(db);
	return rc == ORCS_OK ? 0 : orcs_cli_fail(a, &err);
}

int orcs_cmd_report_sheet(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_audience aud;
	orcs_db *db = NULL;
	orcs_sheet_kind kind = ORCS_SHEET_DEPT;
	const char *out, *code = NULL, *terr = orcs_arg(a, "--territory"),
			 *buyer = orcs_arg(a, "--buyer"), *pub = orcs_arg(a, "--public");
	int year, rc;
	if (parse_common(a, &year, &aud, &out, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	if ((terr != NULL) + (buyer != NULL) + (pub != NULL) != 1) {
		orcs_error_set(&err, ORCS_EUSAGE,
			       "indiquez une et une seule cible" NB ": --territory, --buyer ou --public");
		return orcs_cli_fail(a, &err);
	}
	if (terr && orcs_sheet_parse_territory(terr, &kind, &code, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	if (buyer) {
		kind = ORCS_SHEET_BUYER;
		code = buyer;
	} else if (pub) {
		kind = ORCS_SHEET_PUBLIC;
		code = pub;
	}
	if (orcs_cli_open_db(a, &db, ORCS_DB_READONLY, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	rc = orcs_report_sheet(db, kind, code, year, orcs_arg(a, "--period"), aud, out, &err);
	orcs_db_close(db);
	return rc == ORCS_OK ? 0 : orcs_cli_fail(a, &err);
}

int orcs_cmd_report_all(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_audience aud;
	orcs_db *db = NULL;
	const char *out;
	int year, rc, n = 0;
	if (parse_common(a, &year, &aud, &out, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	if (orcs_cli_open_db(a, &db, ORCS_DB_READONLY, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	rc = orcs_report_all(db, year, aud, out, &n, &err);
	orcs_db_close(db);
	if (rc != ORCS_OK)
		return orcs_cli_fail(a, &err);
	printf("%d fiches écrites dans %s.\n", n, out);
	return 0;
}
