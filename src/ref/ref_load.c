/*
 * ref_load.c - loads the referential files of data/ into the warehouse.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/sha256.h"
#include "core/text.h"
#include "ref/ref_internal.h"

#define MAX_COLS 24

typedef struct colmap {
	int n;
	char sql[MAX_COLS][48];
	char csv[MAX_COLS][48];
	int fold[MAX_COLS];
	int idx[MAX_COLS]; /* CSV index of each column */
} colmap;

static void parse_cols(const char *spec, colmap *m)
{
	const char *p = spec;
	m->n = 0;
	while (*p && m->n < MAX_COLS) {
		const char *end = strchr(p, ',');
		const char *eq, *colon;
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char item[48];
		snprintf(item, sizeof(item), "%.*s", (int)len, p);
		eq = strchr(item, '=');
		colon = strchr(item, ':');
		m->fold[m->n] = colon && !strcmp(colon, ":fold");
		if (colon)
			*(char *)colon = '\0';
		if (eq) {
			snprintf(m->sql[m->n], sizeof(m->sql[0]), "%.*s", (int)(eq - item), item);
			snprintf(m->csv[m->n], sizeof(m->csv[0]), "%s", eq + 1);
		} else {
			snprintf(m->sql[m->n], sizeof(m->sql[0]), "%s", item);
			snprintf(m->csv[m->n], sizeof(m->csv[0]), "%s", item);
		}
		m->n++;
		p += len;
		if (*p == ',')
			p++;
	}
}

static int load_one(orcs_db *db, const char *datadir, const ref_load *L, long *rows,
		    orcs_error *err)
{
	orcs_buf path = ORCS_BUF_INIT, sql = ORCS_BUF_INIT, tmp = ORCS_BUF_INIT;
	colmap m;
	FILE *f = NULL;
	orcs_csv *csv = NULL;
	sqlite3_stmt *st = NULL;
	int rc = ORCS_OK, i, r;
	size_t j;

	parse_cols(L->cols, &m);
	orcs_buf_addf(&path, "%s/%s", datadir, L->file);
	f = fopen(path.data, "rb");
	if (!f) {
		rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", path.data, strerror(errno));
		goto out;
	}
	csv = orcs_csv_new_stream(f, path.data, 0);
	r = orcs_csv_next(csv, err);
	if (r != 1) {
		rc = r == 0 ? orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": fichier vide", path.data)
			    : (err ? err->code : ORCS_EINPUT);
		goto out;
	}
	for (i = 0; i < m.n; i++) {
		m.idx[i] = -1;
		for (j = 0; j < orcs_csv_nfields(csv); j++)
			if (!strcmp(orcs_csv_field(csv, j, NULL), m.csv[i]))
				m.idx[i] = (int)j;
		if (m.idx[i] < 0) {
			rc = orcs_error_set(err, ORCS_EINPUT,
					    "%s:1" ORCS_NBSP ": colonne « %s » absente de l'en-tête",
					    path.data, m.csv[i]);
			goto out;
		}
	}
	orcs_buf_addf(&sql, "INSERT INTO %s(", L->table);
	for (i = 0; i < m.n; i++)
		orcs_buf_addf(&sql, "%s%s", i ? "," : "", m.sql[i]);
	orcs_buf_adds(&sql, ") VALUES (");
	for (i = 0; i < m.n; i++)
		orcs_buf_adds(&sql, i ? ",?" : "?");
	orcs_buf_adds(&sql, ")");
	if ((rc = orcs_db_prepare(db, &st, sql.data, err)) != ORCS_OK)
		goto out;
	while ((r = orcs_csv_next(csv, err)) == 1) {
		if (orcs_csv_nfields(csv) < (size_t)m.n) {
			rc = orcs_error_set(err, ORCS_EINPUT,
					    "%s:%ld" ORCS_NBSP ": %zu champs au lieu d'au moins %d",
					    path.data, orcs_csv_line(csv), orcs_csv_nfields(csv), m.n);
			goto out;
		}
		sqlite3_reset(st);
		for (i = 0; i < m.n; i++) {
			size_t len;
			const char *v = orcs_csv_field(csv, (size_t)m.idx[i], &len);
			v = orcs_trim(v, &len);
			if (!len) {
				sqlite3_bind_null(st, i + 1);
			} else if (m.fold[i]) {
				orcs_buf_reset(&tmp);
				orcs_fold(&tmp, v, len);
				sqlite3_bind_text(st, i + 1, tmp.data, (int)tmp.len, SQLITE_TRANSIENT);
			} else {
				sqlite3_bind_text(st, i + 1, v, (int)len, SQLITE_TRANSIENT);
			}
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = orcs_error_set(err, ORCS_EINPUT, "%s:%ld" ORCS_NBSP ": ligne refusée (%s)",
					    path.data, orcs_csv_line(csv),
					    sqlite3_errmsg(orcs_db_sqlite(db)));
			goto out;
		}
		(*rows)++;
	}
	if (r < 0)
		rc = err ? err->code : ORCS_EINPUT;
out:
	sqlite3_finalize(st);
	orcs_csv_free(csv);
	if (f)
		fclose(f);
	orcs_buf_release(&path);
	orcs_buf_release(&sql);
	orcs_buf_release(&tmp);
	return rc;
}

/* ref_postcode from dim_commune.codes_postaux (space-separated). */
static int derive_postcodes(orcs_db *db, long *rows, orcs_error *err)
{
	sqlite3_stmt *sel = NULL, *ins = NULL;
	int rc;
	if ((rc = orcs_db_prepare(db, &sel,
				  "SELECT code, codes_postaux FROM dim_commune "
				  "WHERE codes_postaux IS NOT NULL",
				  err)) != ORCS_OK)
		return rc;
	if ((rc = orcs_db_prepare(db, &ins,
				  "INSERT OR IGNORE INTO ref_postcode(cp, commune) VALUES (?, ?)",
				  err)) != ORCS_OK) {
		sqlite3_finalize(sel);
		return rc;
	}
	while (sqlite3_step(sel) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(sel, 0);
		const char *p = (const char *)sqlite3_column_text(sel, 1);
		while (p && *p) {
			size_t n = strcspn(p, " ");
			if (n) {
				sqlite3_reset(ins);
				sqlite3_bind_text(ins, 1, p, (int)n, SQLITE_TRANSIENT);
				sqlite3_bind_text(ins, 2, code, -1, SQLITE_TRANSIENT);
				if (sqlite3_step(ins) != SQLITE_DONE) {
					rc = orcs_db_error(db, "codes postaux", err);
					break;
				}
				(*rows)++;
			}
			p += n;
			while (*p == ' ')
				p++;
		}
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return rc;
}

/* Every code and every label is an alias of itself. */
static int derive_aliases(orcs_db *db, orcs_error *err)
{
	sqlite3_stmt *sel = NULL, *ins = NULL;
	orcs_buf key = ORCS_BUF_INIT;
	int rc, k;
	if ((rc = orcs_db_prepare(db, &sel, "SELECT enum, code, label FROM dim_enum", err)) != ORCS_OK)
		return rc;
	if ((rc = orcs_db_prepare(db, &ins,
				  "INSERT OR IGNORE INTO ref_alias(enum, alias, code) VALUES (?, ?, ?)",
				  err)) != ORCS_OK) {
		sqlite3_finalize(sel);
		return rc;
	}
	while (sqlite3_step(sel) == SQLITE_ROW) {
		for (k = 1; k <= 2; k++) {
			const char *v = (const char *)sqlite3_column_text(sel, k);
			orcs_buf_reset(&key);
			orcs_fold(&key, v, strlen(v));
			if (!key.len)
				continue;
			sqlite3_reset(ins);
			sqlite3_bind_text(ins, 1, (const char *)sqlite3_column_text(sel, 0), -1,
					  SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 2, key.data, (int)key.len, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 3, (const char *)sqlite3_column_text(sel, 1), -1,
					  SQLITE_TRANSIENT);
			if (sqlite3_step(ins) != SQLITE_DONE) {
				rc = orcs_db_error(db, "alias", err);
				goto out;
			}
		}
	}
out:
	orcs_buf_release(&key);
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return rc;
}

/* Aliases must point at existing codes: a typo in aliases.csv is caught at
 * init rather than silently mapping values to nothing. */
static int check_aliases(orcs_db *db, orcs_error *err)
{
	sqlite3_stmt *st;
	int rc = ORCS_OK;
	if (orcs_db_prepare(db, &st,
			    "SELECT a.enum, a.alias, a.code FROM ref_alias a LEFT JOIN dim_enum e "
			    "ON e.enum = a.enum AND e.code = a.code WHERE e.code IS NULL LIMIT 1",
			    err) != ORCS_OK)
		return ORCS_EIO;
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = orcs_error_set(err, ORCS_EINPUT,
				    "ref/aliases.csv" ORCS_NBSP ": l'alias « %s » de %s pointe vers "
				    "un code inconnu « %s »",
				    sqlite3_column_text(st, 1), sqlite3_column_text(st, 0),
				    sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	return rc;
}

static int record_source(orcs_db *db, const ref_load *L, const char *sha, long rows,
			 orcs_error *err)
{
	sqlite3_stmt *st;
	int rc;
	if ((rc = orcs_db_prepare(db, &st,
				  "INSERT OR REPLACE INTO ref_source(ref_table, file, sha256, rows) "
				  "VALUES (?, ?, ?, ?)",
				  err)) != ORCS_OK)
		return rc;
	sqlite3_bind_text(st, 1, L->table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, L->file, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sha, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, rows);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = orcs_db_error(db, "ref_source", err);
	sqlite3_finalize(st);
	return rc;
}

int orcs_ref_load(orcs_db *db, const char *datadir, orcs_ref_report *rep, orcs_error *err)
{
	char (*sha)[65] = orcs_xcalloc(ref_loads_count, sizeof(*sha));
	int changed = 0, rc = ORCS_OK;
	unsigned i;
	orcs_ref_report r = { 0, 0, 0 };

	for (i = 0; i < ref_loads_count; i++) {
		orcs_buf path = ORCS_BUF_INIT;
		sqlite3_stmt *st;
		orcs_buf_addf(&path, "%s/%s", datadir, ref_loads[i].file);
		rc = orcs_sha256_file(path.data, sha[i], NULL, err);
		orcs_buf_release(&path);
		if (rc != ORCS_OK)
			goto out;
		if ((rc = orcs_db_prepare(db, &st, "SELECT sha256 FROM ref_source WHERE file = ?",
					  err)) != ORCS_OK)
			goto out;
		sqlite3_bind_text(st, 1, ref_loads[i].file, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW ||
		    strcmp((const char *)sqlite3_column_text(st, 0), sha[i]) != 0)
			changed = 1;
		sqlite3_finalize(st);
	}
	if (!changed) {
		r.tables_unchanged = (int)ref_loads_count;
		goto out;
	}
	/* Something changed: reload the whole referential so that derived
	 * tables (postcodes, aliases) stay consistent. */
	if ((rc = orcs_db_begin(db, err)) != ORCS_OK)
		goto out;
	rc = orcs_db_exec(db, "DELETE FROM ref_postcode; DELETE FROM ref_alias;", err);
	rc = rc == ORCS_OK ? orcs_db_exec(db, "DELETE FROM ref_source", err) : rc;
	for (i = ref_loads_count; rc == ORCS_OK && i-- > 0;) {
		orcs_buf sql = ORCS_BUF_INIT;
		orcs_buf_addf(&sql, "DELETE FROM %s", ref_loads[i].table);
		rc = orcs_db_exec(db, sql.data, err);
		orcs_buf_release(&sql);
	}
	for (i = 0; rc == ORCS_OK && i < ref_loads_count; i++) {
		long rows = 0;
		rc = load_one(db, datadir, &ref_loads[i], &rows, err);
		if (rc == ORCS_OK)
			rc = record_source(db, &ref_loads[i], sha[i], rows, err);
		r.rows += rows;
		r.tables_loaded++;
	}
	if (rc == ORCS_OK)
		rc = derive_postcodes(db, &r.rows, err);
	if (rc == ORCS_OK)
		rc = derive_aliases(db, err);
	if (rc == ORCS_OK)
		rc = check_aliases(db, err);
	if (rc == ORCS_OK)
		rc = orcs_db_exec(db,
				  "INSERT OR IGNORE INTO dim_month(month, year, quarter) "
				  "WITH RECURSIVE m(y, mo) AS (SELECT 2010, 1 UNION ALL "
				  "SELECT y + (mo = 12), mo % 12 + 1 FROM m WHERE y < 2040) "
				  "SELECT printf('%04d-%02d', y, mo), y, (mo - 1) / 3 + 1 FROM m",
				  err);
	if (rc == ORCS_OK)
		rc = orcs_db_commit(db, err);
	if (rc != ORCS_OK) {
		orcs_db_rollback(db);
		r.tables_loaded = 0;
	}
out:
	free(sha);
	if (rep)
		*rep = r;
	return rc;
}
