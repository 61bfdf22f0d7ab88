/*
 * quality.h - the DECP quality report (`orcs quality`): for each category
 * of data/ref/decp_codes.csv (singularité, validité, complétude,
 * conformité, exactitude, cohérence) and each reason code, the number of
 * contracts flagged and their share of the contracts in the warehouse, then
 * the quarantine: records kept out by reason (share of the records read)
 * and rejected files.  Optionally split by source (--by source) or by
 * buyer SIRET (--by buyer; flags only, a quarantined record may have no
 * buyer).
 */
#ifndef ORCS_QUALITY_H
#define ORCS_QUALITY_H

#include <stdio.h>

#include "core/error.h"
#include "render/rows.h"
#include "warehouse/db.h"

enum orcs_quality_by { ORCS_QUALITY_ALL, ORCS_QUALITY_BY_SOURCE, ORCS_QUALITY_BY_BUYER };

/* Overall figures shown above the table. */
typedef struct orcs_quality_totals {
	long long contracts, records, quarantined, rejected_files;
} orcs_quality_totals;

int orcs_quality_totals_get(orcs_db *db, orcs_quality_totals *t, orcs_error *err);

/* Writes the report rows to `f` (see rows.h for the formats).  In the text
 * table the share is French text ("12,5 %"); in CSV and JSON it is a
 * number (percent, two decimals). */
int orcs_quality_report(orcs_db *db, int by, orcs_rows_format fmt, FILE *f, long *nrows,
			orcs_error *err);

#endif
