/*
 * ind_out.h - writes an indicator result (engine.h) as a French text table,
 * CSV or JSON.  Every output of an indicator goes through these writers, so
 * that secret cells look the same everywhere: `s` in tables and CSV, nulls
 * with "secret": true in JSON.
 *
 * JSON: {"indicator", "version", "year" (null = all years), "audience",
 * "label", "unit", "kind", "year_rule", "secrecy", "by", "where", "source"
 * (cache | live), "change_unit", "excluded_no_year", "rows": [{"dims":
 * {DIM: CODE}, "value", "numerator", "denominator", "coverage", "secret",
 * "previous", "change", extra figures…, "labels": {DIM: LABEL}}]}; rows[0]
 * (empty dims) is the total.
 *
 * CSV: one line per row; the dimension codes and labels first, then value,
 * numerator, denominator, coverage, previous, change, secret and the extra
 * figures; numbers with a decimal point, secret figures written `s`.
 */
#ifndef ORCS_IND_OUT_H
#define ORCS_IND_OUT_H

#include <stdio.h>

#include "indicators/engine.h"
#include "render/rows.h"

void orcs_ind_write(FILE *f, const orcs_ind_result *r, orcs_rows_format fmt);

#endif
