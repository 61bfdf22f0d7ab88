/*
 * engine_fixture.h - helpers shared by the indicator engine's unit tests:
 * a warehouse loaded with tests/data/engine/fixture.sql, one-call queries
 * and row lookups.
 */
#ifndef ORCS_ENGINE_FIXTURE_H
#define ORCS_ENGINE_FIXTURE_H

#include <math.h>

#include "indicators/engine.h"
#include "warehouse/db.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

/* A new warehouse (init + referential) holding `sql_file` (path relative to
 * the project root) or nothing when NULL.  NULL on failure (printed). */
orcs_db *fx_open(const char *sql_file);

/* Runs `id` for `year` with `by` ("dim[,dim]" or NULL) and one optional
 * filter "dim=value"; internal audience when `internal`.  Returns the code. */
int fx_query(orcs_db *db, orcs_ind_result *r, const char *id, int year, const char *by,
	     const char *where, int internal, orcs_error *err);

/* Row with the given codes: c0/c1 NULL = dimension absent, FX_NULL = the
 * dimension present with an unknown code.  NULL when not found. */
extern const char FX_NULL[];
const orcs_ind_row *fx_row(const orcs_ind_result *r, const char *c0, const char *c1);

#endif
