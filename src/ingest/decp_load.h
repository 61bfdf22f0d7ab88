/*
 * decp_load.h - writes normalised DECP records (decp.h) into the warehouse,
 * deduplicating on the record key (rkey, domain.md §2.7).
 *
 * For each record the key is looked up (on the index of rkey >> 32, and
 * only when the loader's bitmap of uid hashes says the uid may be known),
 * then the record inserted if the key is new: a new contract (outcome
 * LOADED).  The loader is the only writer while a file loads, and reads
 * the bitmap again when another connection has written since, so a key
 * stays unique.  A known key keeps one version: the one
 * with more modifications, then the later datePublicationDonnees (a
 * missing date is older than any), then the later file (a tie inside one
 * file keeps the first); when the new record wins, the contract row is
 * updated in place and its children (titulaires, versions, sub-contracts,
 * record-level flags) are rewritten (REPLACED), else it is a DUPLICATE.
 * Every occurrence is kept: the contract row holds its current one, the
 * others (duplicates, replaced records) go to decp_occurrence_other, and
 * the view decp_occurrence shows them all (migration 007).  Lots sharing a
 * uid are found by a range on the rkey index and flagged id_shared_lots;
 * such flags on other contracts (and the duplicate flags) are written when
 * the file ends, in contract order (orcs_decp_loader_finish()).
 *
 * All statements are prepared once; strings are bound SQLITE_STATIC (they
 * live in the record's arena, which outlives the calls) and every
 * parameter is bound again for each record.  The caller owns the
 * transaction.
 *
 * Ownership: orcs_decp_loader_new() returns a loader freed with
 * orcs_decp_loader_free(); it borrows `db`.
 */
#ifndef ORCS_DECP_LOAD_H
#define ORCS_DECP_LOAD_H

#include "ingest/decp.h"
#include "warehouse/db.h"

enum orcs_decp_outcome { ORCS_OUT_LOADED = 1, ORCS_OUT_REPLACED = 2, ORCS_OUT_DUPLICATE = 3 };

typedef struct orcs_decp_loader orcs_decp_loader;

int orcs_decp_loader_new(orcs_db *db, orcs_decp_loader **out, orcs_error *err);
void orcs_decp_loader_free(orcs_decp_loader *l);

/* Provenance written with the next records (`source` may be NULL). */
void orcs_decp_loader_file(orcs_decp_loader *l, int64_t batch_id, int64_t file_id,
			   const char *source);

/* Loads one record (rec->reason must be NULL); *outcome receives
 * ORCS_OUT_*.  Returns ORCS_OK or ORCS_EIO with `err` filled.  Some child
 * rows may wait in the loader, pointing into `rec`'s arena: call
 * orcs_decp_loader_flush() before that arena is reset and before COMMIT. */
int orcs_decp_load(orcs_decp_loader *l, const orcs_decp_rec *rec, int *outcome, orcs_error *err);
int orcs_decp_loader_flush(orcs_decp_loader *l, orcs_error *err);
/* Writes everything still waiting, the flags a file's records put on other
 * contracts included (they wait until the file ends): call it once the
 * file's last record is loaded, before COMMIT. */
int orcs_decp_loader_finish(orcs_decp_loader *l, orcs_error *err);

/* Flag rows written since the last reset, per flag (ORCS_F_*). */
const int64_t *orcs_decp_loader_flags(const orcs_decp_loader *l);
void orcs_decp_loader_reset_flags(orcs_decp_loader *l);

#endif
