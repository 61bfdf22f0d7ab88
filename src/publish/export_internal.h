/* export_internal.h - what the export files share: the walk over every
 * published indicator result, and the data dictionary writer. */
#ifndef ORCS_EXPORT_INTERNAL_H
#define ORCS_EXPORT_INTERNAL_H

#include "indicators/engine.h"

typedef struct exp_field {
	const char *name, *type, *description; /* French descriptions */
} exp_field;

typedef struct exp_meta {
	const char *id, *family, *label, *unit;
	int version;
} exp_meta;

typedef int (*exp_row_fn)(void *ctx, const exp_meta *m, const orcs_ind_result *r,
			  const orcs_ind_row *row, orcs_error *err);

/* Calls fn for every row of every implemented indicator (catalogue order)
 * × year (`only_years`, or every year of the cache) × no breakdown (the
 * total row) and each catalogue dimension (its rows, total excluded), for
 * the PUBLIC audience. */
int exp_walk(orcs_db *db, const int *only_years, int nonly, exp_row_fn fn, void *ctx,
	     orcs_error *err);

/* Writes DATA_STEM.dictionnaire.csv beside `data_path`: the fields, then
 * every indicator of the catalogue with its definition. */
int exp_dictionary(orcs_db *db, const char *data_path, const exp_field *f, int nf,
		   orcs_error *err);

#endif
