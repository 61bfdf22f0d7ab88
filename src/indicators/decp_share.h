/*
 * decp_share.h - the first indicators, ahead of the indicator engine:
 * decp.social_share and decp.env_share (domain reference §5.4).
 *
 * Population: DECP contracts in the Île-de-France scope (in_idf = 1), one
 * row per contract after dedup (current state), with a usable notification
 * year (year rule NOTIFIED).  For a consideration field (social or
 * environmental):
 *   numerator   = FILLED contracts with at least one positive value
 *                 (SOC_CLAUSE, SOC_CRITERE, SOC_RESERVE / ENV_CLAUSE, ENV_CRITERE)
 *   denominator = FILLED contracts (explicit "none" included; unknown never)
 *   coverage    = FILLED ÷ all contracts of the population
 *   coverage_fmt    = 2024-format ÷ all contracts (the 2019 format has no field)
 *   coverage_filled = FILLED ÷ 2024-format contracts
 * value = numerator ÷ denominator (a proportion, 0..1), NULL when the
 * denominator is 0.  Rows: the total (no dimension), one per value of the
 * field (multi-valued: parts do not add up), and, when no year is given,
 * one per notification year.  Years before 2024 only hold contracts
 * republished in the 2024 format, and are marked so.
 */
#ifndef ORCS_DECP_SHARE_H
#define ORCS_DECP_SHARE_H

#include "core/error.h"
#include "warehouse/db.h"

typedef struct orcs_share_row {
	const char *dim;        /* NULL (total), "consid_soc", "consid_env" or "year" */
	char dim_value[32];     /* the code or the year */
	char label[96];         /* French label of the row */
	long long numerator;
	long long denominator;
	long long population;   /* all contracts of the row's population */
	long long fmt2024;      /* of which in the 2024 format */
	double value;           /* NAN when denominator == 0 */
	double coverage;        /* FILLED / population, NAN when population == 0 */
	double coverage_fmt;
	double coverage_filled;
	int republished_subset; /* year < 2024 */
} orcs_share_row;

typedef struct orcs_share {
	const char *indicator;  /* "decp.social_share" | "decp.env_share" */
	const char *version;
	const char *label;      /* French */
	int year;               /* 0 = all years */
	char dept[4];           /* "" = whole region */
	long long no_year;      /* in-scope contracts excluded: no usable notification date */
	orcs_share_row *rows;
	int nrows;
} orcs_share;

/* True when `id` is one of the indicators this file computes. */
int orcs_share_known(const char *id);

/* Computes indicator `id` for `year` (0 = all) and `dept` (NULL = all).
 * Fills `out`; release it with orcs_share_release(). */
int orcs_share_compute(orcs_db *db, const char *id, int year, const char *dept, orcs_share *out,
		       orcs_error *err);
void orcs_share_release(orcs_share *s);

#endif
