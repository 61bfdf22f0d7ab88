/*
 * batch.h - bookkeeping shared by every importer: the import batch, the
 * files it reads, the records it quarantines, and the reconciliation
 * read = loaded + duplicates + quarantined.
 *
 * Usage:
 *   orcs_batch *b;
 *   orcs_batch_begin(db, "decp", source, &b, &err);   // row in import_batch
 *   for each file:
 *     orcs_batch_file_known(b, sha, &known)             // same bytes already imported?
 *     BEGIN (one transaction per file or per delivery)
 *     orcs_batch_file_add(b, path, sha, bytes, fmt, &file_id)
 *     ... load rows, orcs_batch_quarantine(...) for bad ones ...
 *     orcs_batch_file_counts(b, file_id, &counts)       // per-file figures
 *     COMMIT (or ROLLBACK: the file row goes with it)
 *   orcs_batch_finish(b, ok, message, &err);            // totals, status
 *   orcs_batch_free(b);
 *
 * The batch row itself is written outside the per-file transactions, so a
 * failed import still leaves a trace (status 'failed' and its message).
 *
 * Ownership: orcs_batch_begin() gives a handle freed by orcs_batch_free();
 * it borrows `db`, which must outlive it.
 */
#ifndef ORCS_BATCH_H
#define ORCS_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "warehouse/db.h"

typedef struct orcs_batch orcs_batch;

typedef struct orcs_counts {
	int64_t records;     /* read */
	int64_t loaded;
	int64_t duplicates;
	int64_t quarantined;
	int64_t replaced;    /* loaded rows that replaced an older version */
} orcs_counts;

int orcs_batch_begin(orcs_db *db, const char *kind, const char *source, orcs_batch **out,
		     orcs_error *err);
void orcs_batch_free(orcs_batch *b);
int64_t orcs_batch_id(const orcs_batch *b);
orcs_db *orcs_batch_db(const orcs_batch *b);

/* *known = 1 when a file with this SHA-256 was already imported by a
 * finished batch of the same kind (re-importing it must change nothing). */
int orcs_batch_file_known(orcs_batch *b, const char *sha256, int *known, orcs_error *err);

/* Registers a file inside the caller's transaction; *file_id receives its id. */
int orcs_batch_file_add(orcs_batch *b, const char *path, const char *sha256, int64_t bytes,
			const char *format, int64_t *file_id, orcs_error *err);

/* Stores the final counts of a file (inside the caller's transaction) and
 * adds them to the batch totals. */
int orcs_batch_file_done(orcs_batch *b, int64_t file_id, const orcs_counts *c, orcs_error *err);

/* Adds counts to the batch totals without a file (e.g. a whole delivery). */
void orcs_batch_add_counts(orcs_batch *b, const orcs_counts *c);
const orcs_counts *orcs_batch_totals(const orcs_batch *b);

/*
 * Keeps a record out of the canonical tables with its reason code
 * (`Q_*`), where it was (`position`, e.g. "ligne 12" or "enregistrement 4,
 * octet 1234"), the offending value or message, and the raw record (cut to
 * 4 KiB; may be NULL).  Inside the caller's transaction.
 */
int orcs_batch_quarantine(orcs_batch *b, int64_t file_id, const char *kind, const char *position,
			  const char *reason, const char *detail, const char *raw, size_t rawlen,
			  orcs_error *err);

/* Writes totals, status ('done' or 'failed') and message to import_batch. */
int orcs_batch_finish(orcs_batch *b, int ok, const char *message, orcs_error *err);

#endif
