/* cmd_stats.c - `orcs stats ID`: compute an indicator through the engine;
 * `orcs stats --list`: the catalogue. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "indicators/catalogue.h"
#include "indicators/engine.h"
#include "ref/ref.h"
#include "render/ind_out.h"

#define NB ORCS_NBSP

static int output_format(const orcs_args *a, orcs_rows_format *fmt, orcs_error *err)
{
	const char *format = orcs_flag(a, "--json") ? "json" : orcs_arg(a, "--format");
	if (orcs_rows_format_parse(format, fmt) < 0)
		return orcs_error_set(err, ORCS_EUSAGE,
				      "--format" NB ": valeur inconnue « %s » (table, csv ou json)",
				      format);
	return ORCS_OK;
}

static int list(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_db *db = NULL;
	orcs_rows_format fmt;
	int rc;
	if (output_format(a, &fmt, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	if (orcs_cli_open_db(a, &db, ORCS_DB_READONLY, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	rc = orcs_flag(a, "--markdown") ? orcs_catalogue_markdown(db, stdout, &err)
				       : orcs_catalogue_list(db, fmt, stdout, &err);
	orcs_db_close(db);
	return rc == ORCS_OK ? 0 : orcs_cli_fail(a, &err);
}

/* Splits "DIM[,DIM]" into q->by (pointers into `buf`, which the caller keeps). */
static int parse_by(const char *spec, char *buf, size_t n, orcs_ind_query *q, orcs_error *err)
{
	char *s, *comma;
	snprintf(buf, n, "%s", spec);
	for (s = buf; s && *s; s = comma) {
		comma = strchr(s, ',');
		if (comma)
			*comma++ = '\0';
		if (!*s)
			continue;
		if (q->nby >= ORCS_IND_MAX_BY)
			return orcs_error_set(err, ORCS_EUSAGE,
					      "--by" NB ": au plus %d dimensions (« %s »)",
					      ORCS_IND_MAX_BY, spec);
		q->by[q->nby++] = s;
	}
	return ORCS_OK;
}

int orcs_cmd_stats(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_db *db = NULL;
	orcs_ind_query q = ORCS_IND_QUERY_INIT;
	orcs_ind_result res;
	orcs_rows_format fmt;
	const char *ys = orcs_arg(a, "--year"), *dept = orcs_arg(a, "--dept");
	const char *by = orcs_arg(a, "--by"), *aud = orcs_arg(a, "--audience");
	char bybuf[256], wbuf[ORCS_IND_MAX_WHERE][128];
	int i, nw;

	if (orcs_flag(a, "--list"))
		return list(a);
	if (a->npos != 1) {
		orcs_error_set(&err, ORCS_EUSAGE, "indiquez un INDICATEUR ou --list");
		return orcs_cli_fail(a, &err);
	}
	if (output_format(a, &fmt, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	q.indicator = a->pos[0];
	if (ys) {
		char *end;
		long y = strtol(ys, &end, 10);
		if (*end || end == ys || y < 2000 || y > 2100) {
			orcs_error_set(&err, ORCS_EUSAGE, "--year" NB ": année invalide « %s »", ys);
			return orcs_cli_fail(a, &err);
		}
		q.year = (int)y;
	}
	if (by && parse_by(by, bybuf, sizeof(bybuf), &q, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	nw = orcs_arg_count(a, "--where");
	for (i = 0; i < nw; i++) {
		const char *w = orcs_arg_at(a, "--where", i);
		char *eq;
		if (q.nwhere >= ORCS_IND_MAX_WHERE - 1) {
			orcs_error_set(&err, ORCS_EUSAGE, "--where" NB ": trop de filtres (« %s »)", w);
			return orcs_cli_fail(a, &err);
		}
		snprintf(wbuf[q.nwhere], sizeof(wbuf[q.nwhere]), "%s", w);
		eq = strchr(wbuf[q.nwhere], '=');
		if (!eq || eq == wbuf[q.nwhere] || !eq[1]) {
			orcs_error_set(&err, ORCS_EUSAGE,
				       "--where" NB ": « %s » n'est pas de la forme DIMENSION=VALEUR", w);
			return orcs_cli_fail(a, &err);
		}
		*eq = '\0';
		q.where[q.nwhere].dim = wbuf[q.nwhere];
		q.where[q.nwhere].value = eq + 1;
		q.nwhere++;
	}
	if (dept) {
		if (!orcs_ref_is_idf_dept(dept)) {
			orcs_error_set(&err, ORCS_EUSAGE,
				       "--dept" NB ": département inconnu « %s » (attendu 75, 77, 78, "
				       "91, 92, 93, 94 ou 95)",
				       dept);
			return orcs_cli_fail(a, &err);
		}
		q.where[q.nwhere].dim = "geo_exec:dept";
		q.where[q.nwhere].value = dept;
		q.nwhere++;
	}
	if (aud && !strcmp(aud, "internal")) {
		q.audience = ORCS_AUDIENCE_INTERNAL;
	} else if (aud && strcmp(aud, "public")) {
		orcs_error_set(&err, ORCS_EUSAGE,
			       "--audience" NB ": valeur inconnue « %s » (public ou internal)", aud);
		return orcs_cli_fail(a, &err);
	}
	q.live = orcs_flag(a, "--live");
	if (orcs_cli_open_db(a, &db, ORCS_DB_READONLY, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	if (orcs_ind_compute(db, &q, &res, &err) != ORCS_OK) {
		orcs_db_close(db);
		return orcs_cli_fail(a, &err);
	}
	orcs_ind_write(stdout, &res, fmt);
	orcs_ind_result_release(&res);
	orcs_db_close(db);
	return 0;
}
