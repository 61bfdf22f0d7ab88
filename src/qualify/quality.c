#include "qualify/quality.h"

#include <string.h>

/* Share as French text for the table, as a number otherwise. */
#define PCT_TEXT(x) "replace(printf('%.1f', " x "), '.', ',') || char(160) || '%'"
#define PCT_NUM(x) "round(" x ", 2)"
/* Count with thousands separated by a narrow no-break space (table only). */
#define NUM_TEXT(x) "replace(printf('%,d', " x "), ',', char(8239))"

/* Flags per code (and group), quarantine per reason (and group), with
 * their denominators.  `g` is the grouping expression on decp_contract
 * (c) for flags and on import_batch (b) for quarantine. */
static const char *const sql_all[2] = {
	/* 0: table (text share), 1: csv/json (numeric share) */
	"WITH n AS (SELECT count(*) AS t FROM decp_contract), "
	"rd AS (SELECT coalesce(sum(f.records), 0) AS t FROM import_file f "
	"       JOIN import_batch b ON b.id = f.batch_id WHERE b.kind = 'decp'), "
	"fl AS (SELECT code, count(*) AS k FROM decp_flag GROUP BY code), "
	"qr AS (SELECT reason AS code, count(*) AS k FROM quarantine "
	"       WHERE kind = 'decp' AND file_id IS NOT NULL GROUP BY reason), "
	"qf AS (SELECT reason AS code, count(*) AS k FROM quarantine "
	"       WHERE kind = 'decp' AND file_id IS NULL GROUP BY reason), "
	"rows AS ("
	" SELECT e.ord, 0 AS o2, e.label AS categorie, 'signalement' AS type, r.code, r.label AS libelle, "
	"  fl.k AS nombre, 100.0 * fl.k / max(n.t, 1) AS p FROM ref_reason_code r JOIN fl ON fl.code = r.code "
	"  JOIN dim_enum e ON e.enum = 'quality_category' AND e.code = r.category, n "
	"  WHERE r.scope = 'decp' "
	" UNION ALL SELECT e.ord, 1, e.label, 'quarantaine (enregistrements)', r.code, r.label, qr.k, "
	"  100.0 * qr.k / max(rd.t, 1) FROM ref_reason_code r JOIN qr ON qr.code = r.code "
	"  JOIN dim_enum e ON e.enum = 'quality_category' AND e.code = r.category, rd "
	"  WHERE r.scope = 'decp' "
	" UNION ALL SELECT e.ord, 2, e.label, 'quarantaine (fichiers rejetés)', r.code, r.label, qf.k, NULL "
	"  FROM ref_reason_code r JOIN qf ON qf.code = r.code "
	"  JOIN dim_enum e ON e.enum = 'quality_category' AND e.code = r.category "
	"  WHERE r.scope = 'decp') "
	"SELECT categorie, type, code, libelle, %s AS nombre, %s AS part FROM rows "
	"ORDER BY ord, o2, rows.nombre DESC, code",
	NULL,
};

static const char *const sql_by_source =
	"WITH n AS (SELECT source, count(*) AS t FROM decp_contract GROUP BY source), "
	"rd AS (SELECT b.source, coalesce(sum(f.records), 0) AS t FROM import_file f "
	"       JOIN import_batch b ON b.id = f.batch_id WHERE b.kind = 'decp' GROUP BY b.source), "
	"fl AS (SELECT c.source, f.code, count(*) AS k FROM decp_flag f "
	"       JOIN decp_contract c ON c.id = f.contract_id GROUP BY c.source, f.code), "
	"qr AS (SELECT b.source, q.reason AS code, count(*) AS k, q.file_id IS NULL AS isfile "
	"       FROM quarantine q JOIN import_batch b ON b.id = q.batch_id "
	"       WHERE q.kind = 'decp' GROUP BY b.source, q.reason, q.file_id IS NULL), "
	"rows AS ("
	" SELECT fl.source, e.ord, 0 AS o2, e.label AS categorie, 'signalement' AS type, r.code, "
	"  r.label AS libelle, fl.k AS nombre, 100.0 * fl.k / max(n.t, 1) AS p "
	"  FROM fl JOIN ref_reason_code r ON r.code = fl.code "
	"  JOIN dim_enum e ON e.enum = 'quality_category' AND e.code = r.category "
	"  LEFT JOIN n ON n.source IS fl.source "
	" UNION ALL SELECT qr.source, e.ord, 1 + qr.isfile, e.label, "
	"  CASE WHEN qr.isfile THEN 'quarantaine (fichiers rejetés)' "
	"       ELSE 'quarantaine (enregistrements)' END, r.code, r.label, qr.k, "
	"  CASE WHEN qr.isfile THEN NULL ELSE 100.0 * qr.k / max(rd.t, 1) END "
	"  FROM qr JOIN ref_reason_code r ON r.code = qr.code "
	"  JOIN dim_enum e ON e.enum = 'quality_category' AND e.code = r.category "
	"  LEFT JOIN rd ON rd.source IS qr.source) "
	"SELECT source, categorie, type, code, libelle, %s AS nombre, %s AS part FROM rows "
	"ORDER BY source, ord, o2, rows.nombre DESC, code";

static const char *const sql_by_buyer =
	"WITH n AS (SELECT buyer_siret, count(*) AS t FROM decp_contract GROUP BY buyer_siret), "
	"fl AS (SELECT c.buyer_siret, f.code, count(*) AS k FROM decp_flag f "
	"       JOIN decp_contract c ON c.id = f.contract_id GROUP BY c.buyer_siret, f.code) "
	"SELECT fl.buyer_siret AS acheteur, b.nom AS nom_acheteur, e.label AS categorie, r.code, "
	" r.label AS libelle, %s AS nombre, n.t AS contrats, %s AS part "
	"FROM fl JOIN n ON n.buyer_siret = fl.buyer_siret "
	"JOIN ref_reason_code r ON r.code = fl.code "
	"JOIN dim_enum e ON e.enum = 'quality_category' AND e.code = r.category "
	"LEFT JOIN dim_buyer b ON b.siret = fl.buyer_siret "
	"ORDER BY fl.buyer_siret, e.ord, fl.k DESC, r.code";

int orcs_quality_totals_get(orcs_db *db, orcs_quality_totals *t, orcs_error *err)
{
	(void)err;
	t->contracts = orcs_db_scalar(db, "SELECT count(*) FROM decp_contract", 0);
	t->records = orcs_db_scalar(db, "SELECT coalesce(sum(f.records), 0) FROM import_file f "
					"JOIN import_batch b ON b.id = f.batch_id WHERE b.kind = 'decp'",
				    0);
	t->quarantined = orcs_db_scalar(db, "SELECT count(*) FROM quarantine WHERE kind = 'decp' "
					    "AND file_id IS NOT NULL",
					0);
	t->rejected_files = orcs_db_scalar(db, "SELECT count(*) FROM quarantine WHERE kind = 'decp' "
					       "AND file_id IS NULL",
					   0);
	return ORCS_OK;
}

int orcs_quality_report(orcs_db *db, int by, orcs_rows_format fmt, FILE *f, long *nrows,
			orcs_error *err)
{
	char sql[8192];
	sqlite3_stmt *st;
	const char *tpl = by == ORCS_QUALITY_BY_SOURCE  ? sql_by_source
			  : by == ORCS_QUALITY_BY_BUYER ? sql_by_buyer
							: sql_all[0];
	const char *pct = fmt == ORCS_ROWS_TABLE
				  ? (by == ORCS_QUALITY_BY_BUYER ? PCT_TEXT("100.0 * fl.k / n.t") : PCT_TEXT("p"))
				  : (by == ORCS_QUALITY_BY_BUYER ? PCT_NUM("100.0 * fl.k / n.t") : PCT_NUM("p"));
	const char *cnt = fmt == ORCS_ROWS_TABLE
				  ? (by == ORCS_QUALITY_BY_BUYER ? NUM_TEXT("fl.k") : NUM_TEXT("nombre"))
				  : (by == ORCS_QUALITY_BY_BUYER ? "fl.k" : "nombre");
	int rc;
	snprintf(sql, sizeof(sql), tpl, cnt, pct);
	if (orcs_db_prepare(db, &st, sql, err))
		return ORCS_EIO;
	rc = orcs_rows_write(f, st, fmt,
			     by == ORCS_QUALITY_BY_SOURCE  ? "quality_by_source"
			     : by == ORCS_QUALITY_BY_BUYER ? "quality_by_buyer"
							   : "quality",
			     nrows, err);
	sqlite3_finalize(st);
	return rc;
}
