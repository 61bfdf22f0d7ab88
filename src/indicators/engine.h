/*
 * engine.h - the indicator engine: computes any indicator of the catalogue
 * (data/ref/indicators.csv) over the warehouse, by year, broken down by up
 * to two dimensions and filtered by others, with its numerator,
 * denominator, coverage, previous-year value and statistical secrecy.
 *
 * This is the one path every output (CLI, web, PDF, exports, API) goes
 * through: a caller fills an orcs_ind_query, gets an orcs_ind_result whose
 * secret rows have already lost their figures for the public audience.
 *
 * How each indicator is computed is declared once, as C tables, in
 * impl_*.c (see engine_internal.h and docs/indicators-engine.md): a cube
 * (a population of fact rows with its dimensions and year rules) and, per
 * indicator, SQL aggregates for the numerator, denominator, coverage and the
 * persons / enterprises behind each cell.  Every catalogue id is either
 * implemented or listed as not yet computable with a reason.
 *
 * Year rules (domain reference §5.1): NOTIFIED, PUBLISHED, STARTED,
 * REALISED and ENDED count a fact in one year; ACTIVE counts a multi-year
 * market in every year it overlaps; CUMULATIVE is a stock at 31/12/N.
 * Without a year, only additive indicators (catalogue column `additive`)
 * are computed, over all years; the others are a usage error.
 *
 * Results are answered from the cache (table ind_cache, filled by
 * orcs_refresh()) when the query matches a precomputed one and the cache
 * is current, else computed live; both give the same rows.
 */
#ifndef ORCS_ENGINE_H
#define ORCS_ENGINE_H

#include "core/buf.h"
#include "core/error.h"
#include "warehouse/db.h"

#define ORCS_IND_MAX_BY 2     /* dimensions of a breakdown */
#define ORCS_IND_MAX_WHERE 8  /* filters of a query */
#define ORCS_IND_MAX_EXTRA 4  /* extra figures of an indicator */

typedef enum { ORCS_AUDIENCE_PUBLIC = 0, ORCS_AUDIENCE_INTERNAL = 1 } orcs_audience;

typedef enum {
	ORCS_IND_COUNT = 0,    /* a number of facts (additive across parts) */
	ORCS_IND_SUM = 1,      /* a sum of amounts or hours */
	ORCS_IND_DISTINCT = 2, /* a distinct count (parts may overlap) */
	ORCS_IND_RATIO = 3,    /* a proportion numerator ÷ denominator (0..1, may exceed 1) */
	ORCS_IND_MEAN = 4,     /* an average numerator ÷ denominator, in the indicator's unit */
	ORCS_IND_VALUE = 5     /* any other figure (days since…) */
} orcs_ind_kind;

/*
 * A query.  Every string is borrowed for the duration of the call.
 *  - `by`: "DIM" or "DIM:LEVEL" (geo_exec:commune); the dimension must be
 *    one of the indicator's catalogue dimensions;
 *  - `where`: DIM[:LEVEL] = VALUE; values reach SQL as bound parameters only;
 *  - `year` 0 = all years (additive indicators only).
 */
typedef struct orcs_ind_where {
	const char *dim;
	const char *value;
} orcs_ind_where;

typedef struct orcs_ind_query {
	const char *indicator;
	int year;
	const char *by[ORCS_IND_MAX_BY];
	int nby;
	orcs_ind_where where[ORCS_IND_MAX_WHERE];
	int nwhere;
	orcs_audience audience;
	int live; /* 1: compute even when the cache could answer */
} orcs_ind_query;

#define ORCS_IND_QUERY_INIT { NULL, 0, { NULL, NULL }, 0, { { NULL, NULL } }, 0, ORCS_AUDIENCE_PUBLIC, 0 }

/*
 * One row of a result: the total (no dimension), a margin (some of the
 * dimensions) or a cell (all of them).  Figures are NAN when null: no data,
 * not applicable, or secret.  For counts and sums `numerator` is the value
 * itself and `denominator` is NAN.  For rates `value` is a proportion
 * (0.25 = 25 %) and `change` is in percentage points; otherwise `change` is
 * value − previous in the indicator's unit.
 */
typedef struct orcs_ind_row {
	int has[ORCS_IND_MAX_BY];      /* dimension i is set on this row */
	char *code[ORCS_IND_MAX_BY];   /* its code; NULL = not known (« non renseigné ») */
	char *label[ORCS_IND_MAX_BY];  /* French label, or NULL */
	double value;
	double numerator;
	double denominator;
	double coverage;               /* share of the population whose input is known */
	double previous;               /* the same row in year − 1 as published then */
	double change;
	double extra[ORCS_IND_MAX_EXTRA];
	int secret;                    /* 0, or enum orcs_cell_status (1 primary, 2 secondary) */
} orcs_ind_row;

/*
 * A result.  orcs_ind_compute() fills it; orcs_ind_result_release() frees
 * what it owns (rows, codes, labels, the `by` strings).  The other string
 * fields point to static registry text or to `owned` storage released with
 * the result.
 */
typedef struct orcs_ind_result {
	char *indicator;
	int version;
	char *label;               /* French */
	char *unit;                /* catalogue unit: count, h, pct, persons, fte */
	char *year_rule;
	char *caveats;             /* French, from the catalogue; may be NULL */
	const char *note;          /* French note of the implementation; may be NULL */
	orcs_ind_kind kind;
	int secrecy;               /* class applied: 0..3 (enum orcs_secrecy_class) */
	int year;                  /* 0 = all years */
	orcs_audience audience;
	int nby;
	char *by[ORCS_IND_MAX_BY];       /* canonical "dim:level" */
	const char *by_label[ORCS_IND_MAX_BY]; /* French label of the dimension */
	const char *by_level[ORCS_IND_MAX_BY]; /* French label of its level, or NULL */
	int by_multi[ORCS_IND_MAX_BY];   /* multi-valued or numerator-only: parts do not add up */
	int nwhere;
	char *where[ORCS_IND_MAX_WHERE]; /* canonical "dim:level=value", default filters included */
	int nextra;
	const char *extra_name[ORCS_IND_MAX_EXTRA];
	int has_previous;          /* a year was asked: `previous` and `change` are meaningful */
	int from_cache;
	long long excluded;        /* records of the population without a usable year, or -1 */
	orcs_ind_row *rows;        /* rows[0] is the total */
	int nrows;
} orcs_ind_result;

/* Computes `q`.  Unknown indicators, dimensions, levels or filters, a
 * missing year for a non-additive indicator and indicators that are not yet
 * computable are ORCS_EUSAGE with a French message naming the value. */
int orcs_ind_compute(orcs_db *db, const orcs_ind_query *q, orcs_ind_result *out, orcs_error *err);
void orcs_ind_result_release(orcs_ind_result *r);

/* 1 when the engine implements `id`; 0 when it is listed as not yet
 * computable (*reason, French, static); -1 when the registry ignores it. */
int orcs_ind_status(const char *id, const char **reason);

/* Checks the registry against the catalogue of `db`: every catalogue id is
 * implemented or listed as not yet computable, every implementation is in
 * the catalogue, S1/S2 implementations declare their contributors/persons,
 * additive implementations use a year rule that may be summed.  Appends
 * one line per problem to `problems` and returns their number. */
int orcs_ind_check_registry(orcs_db *db, orcs_buf *problems);

/* French label of a dimension ("lieu d'exécution"), or NULL. */
const char *orcs_ind_dim_label(const char *dim);

/*
 * Recomputes the cache: every implemented indicator × every year with
 * data (and all years when additive) × no breakdown and each allowed
 * dimension at its default level (also filtered by each département and
 * each EPT, geo_exec) × both audiences, in one transaction
 * (readers keep the previous cache until it commits; called inside the
 * caller's transaction, it uses a savepoint of it).  `orcs refresh` runs
 * it by hand; importers call orcs_refresh_after().  The plans are computed
 * group by group (cube and year rule), so that memory is bounded by the
 * largest group's scans (docs/indicators-engine.md).
 */
int orcs_refresh(orcs_db *db, orcs_error *err);

/*
 * The refresh at the end of an import of `kind` ("decp", "clauses",
 * "siae": import_batch.kind), inside the importer's transaction.  When the
 * cache was current for every other source (same referential load, same
 * batches of the other kinds, same registry), only the precomputed
 * results whose SQL reads a table that kind of import writes are deleted
 * and recomputed (an import of SIAE directories leaves the DECP-only and
 * clause-hour results alone); otherwise, as orcs_refresh().  Either way the
 * cache is then current and equal to what a full refresh would give.
 */
int orcs_refresh_after(orcs_db *db, const char *kind, orcs_error *err);

typedef struct orcs_ind_cache_info {
	int present;          /* a refresh has run */
	int current;          /* …and the data and engine have not changed since */
	char refreshed_at[32];
	long long queries;    /* queries cached */
	long long rows;
	double seconds;       /* duration of the last refresh */
} orcs_ind_cache_info;

int orcs_ind_cache_info_get(orcs_db *db, orcs_ind_cache_info *info, orcs_error *err);

#endif
