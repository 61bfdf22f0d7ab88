/* ref_internal.h - shared between the files of src/ref only. */
#ifndef ORCS_REF_INTERNAL_H
#define ORCS_REF_INTERNAL_H

#include "ref/ref.h"

typedef struct ref_load {
	const char *table; /* SQL table */
	const char *file;  /* path under data/ */
	const char *cols;  /* column map, see ref_tables.c */
} ref_load;

extern const ref_load ref_loads[];
extern const unsigned ref_loads_count;

#endif
