/*
 * engine_priv.h - what engine.c shares with cache.c: a validated query
 * (a "plan") and the computation of every year of it.  Not for other users.
 */
#ifndef ORCS_ENGINE_PRIV_H
#define ORCS_ENGINE_PRIV_H

#include "indicators/engine.h"
#include "indicators/engine_internal.h"

typedef struct ind_plan ind_plan;

/* Validates `q` against the catalogue and the registry.  `all_years` asks
 * for a plan computing every year (refresh); then q->year is ignored. */
int ind_plan_new(orcs_db *db, const orcs_ind_query *q, int all_years, ind_plan **out,
		 orcs_error *err);
void ind_plan_free(ind_plan *p);

const ind_impl *ind_plan_impl(const ind_plan *p);
int ind_plan_version(const ind_plan *p);
int ind_plan_additive(const ind_plan *p);
/* "" or the canonical breakdown "dim:level[,dim:level]" */
const char *ind_plan_by_key(const ind_plan *p);
/* The key of its results in the cache: ind_plan_by_key(), then
 * "?dim:level=value" for each filter of the query (default ones are
 * implied by the indicator). */
const char *ind_plan_cache_key(const ind_plan *p);
/* The query had no filter of its own (only default ones). */
int ind_plan_unfiltered(const ind_plan *p);

/* Fills the header of `r` (everything but rows) for `year` and `aud`. */
void ind_result_header(const ind_plan *p, int year, orcs_audience aud, orcs_ind_result *r);

/* Appends a row (codes and labels copied) and returns it, zero-filled with
 * NAN figures. */
orcs_ind_row *ind_result_add_row(orcs_ind_result *r);

/* Refresh: computes every year with data (and year 0 for the additive
 * ones) of `n` plans of the same batch key, for both audiences, and hands
 * each result to `emit`.  The plans share their queries.  A plan broken
 * down at a level with parent geographies (EPT, commune) takes each
 * parent release from the public result of the batch's plan at the parent
 * level, emitted before it (put parents first), else computes it live. */
typedef int (*ind_emit_fn)(void *ctx, const ind_plan *p, const orcs_ind_result *r,
			   orcs_error *err);

/* The refresh's scans (engine.c): with a scanner, ind_compute_batch()
 * first RECORDS what it would query (emitting nothing useful: run it with
 * an emitter that ignores results), then ind_scanner_run() reads each
 * (cube, year rule, filters) population once and fills every recorded
 * grouping in C, then ind_compute_batch() REPLAYS from them (queries the
 * scans cannot answer run as SQL).  ind_scanner_new()/_free(). */
typedef struct ind_scanner ind_scanner;
ind_scanner *ind_scanner_new(void);
void ind_scanner_free(ind_scanner *sc);
int ind_scanner_run(orcs_db *db, ind_scanner *sc, orcs_error *err);

int ind_compute_batch(orcs_db *db, ind_plan **plans, int n, ind_emit_fn emit, void *ctx,
		      int *queries, ind_scanner *sc, orcs_error *err);

/* Plans with the same key (cube, year rule, filter, filters) are computed
 * together: the union of their aggregates, each grouping queried once. */
void ind_plan_batch_key(const ind_plan *p, orcs_buf *key);

/* Plans with the same group key (cube and year rule) read the same scans:
 * the refresh records, scans, replays and frees them group by group. */
void ind_plan_group_key(const ind_plan *p, orcs_buf *key);

/* 1 when an SQL text the plan may run (its cube's FROM, scope and year
 * rules, the levels of its dimensions and filters, its aggregates, its
 * coverage and contributor cubes) names one of `tables` (NULL-terminated)
 * as a whole word: the incremental refresh recomputes such plans only. */
int ind_plan_reads(const ind_plan *p, const char *const *tables);

/* Tests only: 1 makes the refresh record, scan and replay every plan at
 * once instead of group by group (the results must be identical). */
void ind_refresh_set_oneshot(int on);

/* cache.c: answers `p` for `year` and `aud` from the cache when it is
 * current; *found = 0 otherwise. */
int ind_cache_read(orcs_db *db, const ind_plan *p, int year, orcs_audience aud,
		   orcs_ind_result *out, int *found, orcs_error *err);

/* A hash of the registry, stored with the cache. */
const char *ind_registry_fingerprint(void);

/* Iterates over the registry: the i-th implementation, NULL past the end. */
const ind_impl *ind_impl_at(unsigned i);

#endif
