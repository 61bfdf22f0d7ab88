/*
 * siae.h - imports a directory of inclusive enterprises (SIAE, GEIQ, EA,
 * ESAT) so that DECP titulaires and clause employers can be recognised as
 * inclusive structures (domain §4.8, §9).
 *
 * The file's shape is detected from its header:
 *   - ASP list (siae_asp_2019_*.csv): `mesure` (ACI, EI, AI, ETTI…),
 *     `siret`, `denomination_sociale`, `code_naf2`, `code_departement` (3
 *     digits);
 *   - le marché de l'inclusion (siae_lemarche_*.csv): `type`, `siret`,
 *     `nom`, `naf`, `departement`;
 *   - GEIQ list (geiq_*.csv): `geiq` (name), `siret`, `naf`, `code_postal`
 *     (structure type GEIQ);
 *   - any other list with `siret` and a name column (`nom`,
 *     `raison_sociale`, `denomination`, `denomination_sociale`, `enseigne`),
 *     an optional type column (`type`, `type_structure`, `mesure`) and
 *     `departement`/`code_departement`/`code_postal`, `naf`/`code_naf`:
 *     EA and ESAT lists in the same shape.
 * `structure_type` (the --structure-type option) is used for rows whose
 * type is empty and for files without a type column; a file without either
 * is a usage error.
 *
 * Each row goes to enterprise_directory (key: siret, structure_type) and
 * upserts dim_enterprise (the first kind listed for a SIRET in the file
 * sets dim_enterprise.structure_type; name, NAF and département fill empty
 * values).  Rows are counted like delivery rows: read = loaded + duplicates
 * + quarantined (Q_SIRET_INVALID, Q_MISSING_REQUIRED, Q_ENUM_UNKNOWN,
 * Q_DUPLICATE_KEY_CONFLICT); one transaction per file; a file already
 * imported (same SHA-256) is skipped.
 */
#ifndef ORCS_SIAE_H
#define ORCS_SIAE_H

#include "ingest/clauses.h"

typedef struct orcs_siae_report {
	int64_t batch_id;
	char sha256[65];
	char shape[16]; /* asp | lemarche | geiq | generic */
	int already_imported;
	orcs_counts counts;
	orcs_clauses_reason *reasons;
	size_t nreasons;
} orcs_siae_report;

void orcs_siae_report_release(orcs_siae_report *r);

/* ORCS_OK (possibly with quarantined rows), ORCS_EUSAGE (unknown
 * structure type, no type column and no default), ORCS_EINPUT (unreadable
 * CSV, no siret column), ORCS_EIO. */
int orcs_siae_import(orcs_db *db, const char *path, const char *structure_type,
		     orcs_siae_report *rep, orcs_error *err);

#endif
