#include "indicators/decp_share.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

typedef struct share_def {
	const char *id;
	const char *label;
	const char *status_col;
	const char *values_col;
	const char *dim;
	const char *enum_name;
	const char *positive[3]; /* codes counted in the numerator */
} share_def;

static const share_def defs[] = {
	{ "decp.social_share",
	  "Part des contrats notifiés avec au moins une considération sociale",
	  "social_status", "social_values", "consid_soc", "consid_social",
	  { "SOC_CLAUSE", "SOC_CRITERE", "SOC_RESERVE" } },
	{ "decp.env_share",
	  "Part des contrats notifiés avec au moins une considération environnementale",
	  "env_status", "env_values", "consid_env", "consid_env",
	  { "ENV_CLAUSE", "ENV_CRITERE", NULL } },
};

static const share_def *find_def(const char *id)
{
	unsigned i;
	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
		if (!strcmp(defs[i].id, id))
			return &defs[i];
	return NULL;
}

int orcs_share_known(const char *id)
{
	return find_def(id) != NULL;
}

static double ratio(long long a, long long b)
{
	return b > 0 ? (double)a / (double)b : NAN;
}

/*
 * One query computes every figure of a row.  `extra` narrows the rows
 * (value or year), written from the code's own constants; user input (year,
 * département) is bound as ?1 and ?2.
 */
static int compute_row(orcs_db *db, const share_def *d, const char *match_code, int row_year,
		       int year, const char *dept, orcs_share_row *r, orcs_error *err)
{
	orcs_buf sql = ORCS_BUF_INIT;
	sqlite3_stmt *st;
	int i, rc;

	orcs_buf_addf(&sql,
		      "SELECT count(*), coalesce(sum(fmt = '2024'), 0), "
		      "coalesce(sum(%s = 'FILLED'), 0), coalesce(sum(%s = 'FILLED' AND (",
		      d->status_col, d->status_col);
	if (match_code) {
		orcs_buf_addf(&sql, "instr('|' || %s || '|', '|%s|') > 0", d->values_col, match_code);
	} else {
		for (i = 0; i < 3 && d->positive[i]; i++)
			orcs_buf_addf(&sql, "%sinstr('|' || %s || '|', '|%s|') > 0", i ? " OR " : "",
				      d->values_col, d->positive[i]);
	}
	orcs_buf_adds(&sql, ")), 0) FROM decp_contract WHERE in_idf = 1 AND notif_year IS NOT NULL "
			    "AND (?1 = 0 OR notif_year = ?1) AND (?2 IS NULL OR departement = ?2)");
	if (row_year)
		orcs_buf_addf(&sql, " AND notif_year = %d", row_year);
	rc = orcs_db_prepare(db, &st, sql.data, err);
	orcs_buf_release(&sql);
	if (rc != ORCS_OK)
		return rc;
	sqlite3_bind_int(st, 1, year);
	if (dept)
		sqlite3_bind_text(st, 2, dept, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return orcs_db_error(db, "calcul de l'indicateur", err);
	}
	r->population = sqlite3_column_int64(st, 0);
	r->fmt2024 = sqlite3_column_int64(st, 1);
	r->denominator = sqlite3_column_int64(st, 2);
	r->numerator = sqlite3_column_int64(st, 3);
	sqlite3_finalize(st);
	r->value = ratio(r->numerator, r->denominator);
	r->coverage = ratio(r->denominator, r->population);
	r->coverage_fmt = ratio(r->fmt2024, r->population);
	r->coverage_filled = ratio(r->denominator, r->fmt2024);
	return ORCS_OK;
}

static orcs_share_row *add_row(orcs_share *s)
{
	orcs_share_row *r;
	s->rows = orcs_xrealloc(s->rows, (size_t)(s->nrows + 1) * sizeof(*s->rows));
	r = &s->rows[s->nrows++];
	memset(r, 0, sizeof(*r));
	return r;
}

int orcs_share_compute(orcs_db *db, const char *id, int year, const char *dept, orcs_share *out,
		       orcs_error *err)
{
	const share_def *d = find_def(id);
	sqlite3_stmt *st;
	orcs_share_row *r;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!d)
		return orcs_error_set(err, ORCS_EUSAGE, "indicateur inconnu « %s »", id);
	out->indicator = d->id;
	out->version = "1";
	out->label = d->label;
	out->year = year;
	if (dept)
		snprintf(out->dept, sizeof(out->dept), "%s", dept);
	out->no_year = 0;
	if (orcs_db_prepare(db, &st,
			    "SELECT count(*) FROM decp_contract WHERE in_idf = 1 AND notif_year IS NULL "
			    "AND (?1 IS NULL OR departement = ?1)",
			    err))
		return ORCS_EIO;
	if (dept)
		sqlite3_bind_text(st, 1, dept, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW && !year)
		out->no_year = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);

	/* total */
	r = add_row(out);
	snprintf(r->label, sizeof(r->label), "Ensemble");
	if ((rc = compute_row(db, d, NULL, 0, year, dept, r, err)) != ORCS_OK)
		goto fail;

	/* one row per value of the field, in the enumeration's order */
	if (orcs_db_prepare(db, &st, "SELECT code, label FROM dim_enum WHERE enum = ? ORDER BY ord",
			    err)) {
		rc = ORCS_EIO;
		goto fail;
	}
	sqlite3_bind_text(st, 1, d->enum_name, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		r = add_row(out);
		r->dim = d->dim;
		snprintf(r->dim_value, sizeof(r->dim_value), "%s", sqlite3_column_text(st, 0));
		snprintf(r->label, sizeof(r->label), "%s", sqlite3_column_text(st, 1));
		if ((rc = compute_row(db, d, r->dim_value, 0, year, dept, r, err)) != ORCS_OK) {
			sqlite3_finalize(st);
			goto fail;
		}
	}
	sqlite3_finalize(st);

	/* one row per notification year when no year was asked */
	if (!year) {
		if (orcs_db_prepare(db, &st,
				    "SELECT DISTINCT notif_year FROM decp_contract WHERE in_idf = 1 "
				    "AND notif_year IS NOT NULL AND (?1 IS NULL OR departement = ?1) "
				    "ORDER BY notif_year",
				    err)) {
			rc = ORCS_EIO;
			goto fail;
		}
		if (dept)
			sqlite3_bind_text(st, 1, dept, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(st) == SQLITE_ROW) {
			int y = sqlite3_column_int(st, 0);
			r = add_row(out);
			r->dim = "year";
			snprintf(r->dim_value, sizeof(r->dim_value), "%d", y);
			snprintf(r->label, sizeof(r->label), "%d%s", y,
				 y < 2024 ? " (sous-ensemble republié)" : "");
			r->republished_subset = y < 2024;
			if ((rc = compute_row(db, d, NULL, y, 0, dept, r, err)) != ORCS_OK) {
				sqlite3_finalize(st);
				goto fail;
			}
		}
		sqlite3_finalize(st);
	}
	return ORCS_OK;
fail:
	orcs_share_release(out);
	return rc;
}

void orcs_share_release(orcs_share *s)
{
	free(s->rows);
	s->rows = NULL;
	s->nrows = 0;
}
