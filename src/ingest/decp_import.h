/*
 * decp_import.h - `orcs import decp`: inputs -> reader -> normaliser ->
 * checks -> loader, one transaction per file, with the bookkeeping of
 * batch.h (docs/decp-ingestion.md describes the whole pipeline).
 *
 * Per input file:
 *  1. a file whose quick fingerprint matches an imported file is hashed in
 *     full; same SHA-256 as a file of a finished DECP import -> SKIPPED;
 *  2. BEGIN IMMEDIATE; the file is read, each record normalised, checked
 *     and loaded (or quarantined with its reason and position) while the
 *     raw bytes are hashed; if the file turns out to be known (same
 *     SHA-256) it is rolled back and SKIPPED; else COMMIT -> IMPORTED;
 *  3. a malformed file (not JSON/XML, truncated, wrong root…) is rolled
 *     back entirely; JSON that failed is retried once through the lexical
 *     repair filter (NaN, bad escapes, control characters); if it still
 *     fails the file is REJECTED and one quarantine row (Q_PARSE or
 *     Q_FORMAT, byte offset, message) is written in its own small
 *     transaction.  The other files still import.
 *
 * Counting: for every file records = loaded + duplicates + quarantined
 * (replaced ⊆ loaded); rejected and skipped files count no records.
 */
#ifndef ORCS_DECP_IMPORT_H
#define ORCS_DECP_IMPORT_H

#include <stdint.h>

#include "core/error.h"
#include "ingest/batch.h"
#include "ingest/decp.h"
#include "warehouse/db.h"

enum orcs_decp_file_status { ORCS_FILE_IMPORTED = 1, ORCS_FILE_SKIPPED, ORCS_FILE_REJECTED };

typedef struct orcs_decp_progress {
	int64_t bytes_done, bytes_total; /* raw bytes, all files */
	int64_t records;                 /* records read so far */
	int file, nfiles;                /* 1-based index of the current file */
	const char *path;
} orcs_decp_progress;

typedef struct orcs_decp_import_opts {
	const char *source;  /* --source NAME (NULL: name of the path's folder or file) */
	const char *today;   /* YYYY-MM-DD bound for valid dates (tests); NULL = today */
	/* called every few hundred records and at each file boundary */
	void (*progress)(void *ctx, const orcs_decp_progress *p);
	void *progress_ctx;
	int no_refresh;      /* skip the indicator refresh (default: orcs_refresh() runs once
			      * after the last file) */
} orcs_decp_import_opts;

#define ORCS_DECP_NQ 6 /* entries of orcs_decp_quarantine_codes */

typedef struct orcs_decp_file_report {
	char *path;
	int status;              /* enum orcs_decp_file_status */
	char format[24];         /* "json 2019", "json 2024", "json", "xml" */
	orcs_counts counts;
	int64_t marches, concessions; /* usable records read, by kind */
	int64_t bytes;
	const char *reason;      /* REJECTED: Q_PARSE | Q_FORMAT */
	char *message;           /* REJECTED: French message */
	int64_t offset;
} orcs_decp_file_report;

typedef struct orcs_decp_report {
	int64_t batch_id;
	orcs_counts totals;
	int64_t flags[ORCS_F_COUNT];          /* flag rows written */
	int64_t quarantine[ORCS_DECP_NQ];     /* by orcs_decp_quarantine_codes index */
	orcs_decp_file_report *files;
	int nfiles;
	int imported, skipped, rejected;
	int64_t bytes;                        /* raw bytes read */
	double seconds;
} orcs_decp_report;

/* Imports `paths`.  Returns ORCS_OK when everything loaded cleanly,
 * ORCS_EINPUT when records were quarantined or files rejected (the report
 * says which), ORCS_EIO on I/O or database errors (err filled; files
 * committed before the error stay imported). */
int orcs_decp_import(orcs_db *db, const char *const *paths, int npaths,
		     const orcs_decp_import_opts *opts, orcs_decp_report *rep, orcs_error *err);
void orcs_decp_report_release(orcs_decp_report *rep);

#endif
