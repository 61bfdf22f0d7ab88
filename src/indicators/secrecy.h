/*
 * secrecy.h - statistical secrecy for public outputs (domain reference §6).
 *
 * A release is a set of cells (every figure that will be published: each
 * cell of each table, its margins, its parent totals) and of relations
 * "total = sum of parts" between them.  orcs_secrecy_solve() decides which
 * cells are hidden:
 *
 *  - primary suppression, per cell, by the cell's class:
 *      S0  nothing hidden;
 *      S1  (business) hidden when the cell has 1 to 3 contributing
 *          enterprises, or when the largest one holds >= 85 % of the value
 *          (Bercy's secret_stat: FREQUENCY 3, DOMINANCE 85);
 *      S2  (persons) hidden when built from 1 to 4 distinct participants;
 *          S1 also applies when the cell carries contributor figures
 *          (a measure in hours);
 *      S3  always hidden from the public.
 *    A zero (no contributor, no person) is never hidden.
 *  - secondary suppression, over the relations, repeated until nothing
 *    changes: a relation with exactly one hidden member lets it be
 *    recomputed by subtraction, so the smallest visible non-zero part (or,
 *    failing that, the total) is hidden too; and when the hidden parts of a
 *    relation whose total is visible add up to a disclosive figure (fewer
 *    than 5 persons, or at most 3 contributors), one more part is hidden.
 *
 * The pattern is computed once per release and reused by every channel
 * (web, charts, files, PDF, API), so that no two outputs can be combined.
 * The single-relation rule protects against subtraction in each relation;
 * it does not solve the general linear-programming problem (an attacker
 * combining many relations at once), which is documented as a limit.
 *
 * Ownership: orcs_secrecy_new() returns a problem freed by
 * orcs_secrecy_free(); cells are copied in.
 */
#ifndef ORCS_SECRECY_H
#define ORCS_SECRECY_H

enum orcs_secrecy_class { ORCS_S0 = 0, ORCS_S1 = 1, ORCS_S2 = 2, ORCS_S3 = 3 };

enum orcs_cell_status {
	ORCS_CELL_SHOWN = 0,
	ORCS_CELL_PRIMARY = 1,   /* hidden by its own figures */
	ORCS_CELL_SECONDARY = 2  /* hidden to protect another cell */
};

/* Thresholds (domain reference §6.1, §6.2); defined once here. */
#define ORCS_SECRECY_MIN_PERSONS 5      /* fewer than this: hidden */
#define ORCS_SECRECY_MAX_CONTRIBUTORS 3 /* this many or fewer: hidden */
#define ORCS_SECRECY_DOMINANCE 0.85     /* top share at or above: hidden */

typedef struct orcs_cell {
	int klass;         /* enum orcs_secrecy_class */
	double value;      /* the published figure (count, hours, amount…) */
	long persons;      /* distinct participants behind it, or -1 if not about persons */
	long contributors; /* distinct enterprises behind it, or -1 if not applicable */
	double top_share;  /* largest contributor's share of value (0..1), or -1 */
} orcs_cell;

typedef struct orcs_secrecy orcs_secrecy;

orcs_secrecy *orcs_secrecy_new(void);
void orcs_secrecy_free(orcs_secrecy *s);

/* Adds a cell and returns its index (0, 1, 2…). */
int orcs_secrecy_add(orcs_secrecy *s, const orcs_cell *c);

/* Declares `total` = sum of `parts` (indices returned by orcs_secrecy_add). */
void orcs_secrecy_relation(orcs_secrecy *s, int total, const int *parts, int nparts);

/* Marks cell `i` as published by another table of the release (a parent
 * geography): secondary suppression never picks it, only its own primary
 * rule can hide it.  A part alone in a relation whose total is fixed is
 * fixed too (it is the same figure). */
void orcs_secrecy_fix(orcs_secrecy *s, int i);

/* Computes the suppression pattern. Returns the number of hidden cells. */
int orcs_secrecy_solve(orcs_secrecy *s);

/* Status of cell `i` after solving (enum orcs_cell_status). */
int orcs_secrecy_status(const orcs_secrecy *s, int i);

/* Primary rule alone, for one cell (exposed for tests and single figures). */
int orcs_secrecy_primary(const orcs_cell *c);

#endif
