/*
 * clauses.h - imports a delivery of the ORCS exchange format v1
 * (clause-tracking tables, commitments, platform consultations) into the
 * warehouse.  docs/clauses-import.md describes the pipeline; the format
 * itself is the observatory's shared exchange-format document.
 *
 * One delivery = one batch = one transaction over every table, loaded in
 * dependency order (donneurs_ordre, entreprises, operations, marches,
 * marche_entreprises, participants, contrats, heures, sorties, engagements,
 * consultations).  Each row read is loaded, counted as an exact duplicate,
 * or quarantined with a reason code of data/ref/clause_codes.csv, so that
 * per table read = loaded + duplicates + quarantined.  A row whose key was
 * loaded by an earlier batch with other values replaces it (counted in
 * `replaced`, a subset of `loaded`, and logged in import_replacement); the
 * same key twice with different values inside one delivery quarantines the
 * second row (Q_DUPLICATE_KEY_CONFLICT).  The same delivery bytes imported
 * again are recognised by their digest and skipped.
 *
 * The delivery is refused as a whole (nothing loaded, ORCS_EINPUT, reason
 * in the report) when a table holds a column that identifies a person
 * directly and drop_identifying is off, when a file cannot be read to the
 * end, or when it holds no table of the format.
 */
#ifndef ORCS_CLAUSES_H
#define ORCS_CLAUSES_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "ingest/batch.h"
#include "ingest/pseudo.h"
#include "warehouse/db.h"

/* Plausibility setting (domain: exchange format rule 5): worked plus
 * training hours of one contract in one month above this are quarantined
 * (Q_HOURS_EXCESSIVE).  250 h is well above a full-time month (151.67 h)
 * and above the legal weekly maximum of 48 h over 4.35 weeks (≈ 209 h). */
#define ORCS_CLAUSES_MAX_MONTHLY_HOURS 250.0

/* Tables of the exchange format, in load order. */
enum {
	ORCS_T_DONNEURS,
	ORCS_T_ENTREPRISES,
	ORCS_T_OPERATIONS,
	ORCS_T_MARCHES,
	ORCS_T_MARCHE_ENTREPRISES,
	ORCS_T_PARTICIPANTS,
	ORCS_T_CONTRATS,
	ORCS_T_HEURES,
	ORCS_T_SORTIES,
	ORCS_T_ENGAGEMENTS,
	ORCS_T_CONSULTATIONS,
	ORCS_CLAUSES_NTABLES
};

/* Name of table t ("marches"). */
const char *orcs_clauses_table_name(int t);
/* Index of a table name, or -1. */
int orcs_clauses_table_index(const char *name);
/* Column names of table t (NULL-terminated into `out`, at most `max`);
 * returns the count.  *required (may be NULL) marks required ones. */
int orcs_clauses_table_columns(int t, const char **out, int *required, int max);

typedef struct orcs_clauses_opts {
	const char *path;       /* folder, ZIP, XLSX or single CSV */
	const char *mapping;    /* mapping file, NULL = identity */
	int drop_identifying;   /* drop identifying columns instead of refusing */
	unsigned char key[ORCS_KEY_BYTES]; /* pseudonymisation key */
	int no_refresh;         /* skip the indicator refresh (default: orcs_refresh() runs
				 * inside the import's transaction) */
} orcs_clauses_opts;

typedef struct orcs_clauses_reason {
	char code[40];
	int64_t n;
} orcs_clauses_reason;

typedef struct orcs_clauses_report {
	int64_t batch_id;
	char sha256[65];
	char format[16];
	int already_imported;   /* same bytes imported before: nothing read */
	int refused;            /* nothing loaded; refusal code and message below */
	char refusal[40];
	char message[768];
	int present[ORCS_CLAUSES_NTABLES];
	orcs_counts tables[ORCS_CLAUSES_NTABLES];
	orcs_counts total;
	orcs_clauses_reason *reasons; /* quarantine reasons of rows, by code */
	size_t nreasons;
	orcs_clauses_reason *table_reasons[ORCS_CLAUSES_NTABLES];
	size_t ntable_reasons[ORCS_CLAUSES_NTABLES];
	char **dropped;         /* "table.column" (source header) dropped on read */
	size_t ndropped;
	char **warnings;        /* "CODE: message" (W_* codes) */
	size_t nwarnings;
} orcs_clauses_report;

void orcs_clauses_report_release(orcs_clauses_report *r);

/*
 * Imports the delivery at o->path.  Returns ORCS_OK when the delivery was
 * loaded (possibly with quarantined rows) or skipped as already imported;
 * ORCS_EINPUT when it was refused (report->refused, nothing changed but
 * the batch row with status 'failed' and the refusal in quarantine);
 * ORCS_EUSAGE for a bad mapping file; ORCS_EIO for I/O or database errors
 * (the transaction is rolled back).  `rep` is always initialised and must
 * be released.
 */
int orcs_clauses_import(orcs_db *db, const orcs_clauses_opts *o, orcs_clauses_report *rep,
			orcs_error *err);

/* True when column name `name` (any spelling) identifies a person directly
 * (domain §6.3): nom, prénom, NIR, date de naissance, adresse, e-mail,
 * téléphone and their obvious variants.  Exposed for tests. */
int orcs_clauses_identifying(const char *name, size_t len);

/* Every reason code the importers can emit (NULL-terminated), to check them
 * against data/ref/clause_codes.csv. */
extern const char *const orcs_clauses_codes[];

#endif
