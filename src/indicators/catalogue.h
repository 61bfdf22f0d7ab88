/*
 * catalogue.h - the indicator catalogue (data/ref/indicators.csv, loaded
 * into ind_catalogue by orcs init): the one definition of every indicator,
 * from which `orcs stats --list`, the CLI help and docs/indicators.md are
 * derived.
 */
#ifndef ORCS_CATALOGUE_H
#define ORCS_CATALOGUE_H

#include <stdio.h>

#include "core/error.h"
#include "render/rows.h"
#include "warehouse/db.h"

/* Lists the catalogue (latest version of each indicator). */
int orcs_catalogue_list(orcs_db *db, orcs_rows_format fmt, FILE *f, orcs_error *err);

/* Writes docs/indicators.md: one section per family, one entry per
 * indicator with every field of the catalogue. */
int orcs_catalogue_markdown(orcs_db *db, FILE *f, orcs_error *err);

#endif
