/*
 * ref.h - the shared referential: Île-de-France geography (COG 2026), every
 * enumeration of the domain, their aliases, CPV divisions and sectors.
 *
 * The referential is loaded from the project's data/ folder by orcs init.
 * Which file goes into which table, and how each table is listed, is
 * declared once in ref_tables.c; `orcs ref --list`, the CLI help and
 * docs/referential.md are derived from that declaration.
 */
#ifndef ORCS_REF_H
#define ORCS_REF_H

#include <stdio.h>

#include "core/error.h"
#include "render/rows.h"
#include "warehouse/db.h"

/* True when `code` is one of the 8 Île-de-France départements
 * (75, 77, 78, 91, 92, 93, 94, 95). */
int orcs_ref_is_idf_dept(const char *code);

/* A listable referential table (`orcs ref NAME`). */
typedef struct orcs_ref_view {
	const char *name;        /* CLI name, e.g. "communes" */
	const char *label;       /* French description */
	const char *select;      /* SELECT … FROM … [WHERE …] without ORDER BY */
	const char *dept_filter; /* SQL condition on ?1 = département, or NULL */
	const char *order;       /* ORDER BY expression */
} orcs_ref_view;

extern const orcs_ref_view orcs_ref_views[];
extern const unsigned orcs_ref_views_count;

/* Summary of a referential load. */
typedef struct orcs_ref_report {
	int tables_loaded;   /* tables (re)loaded because their file changed */
	int tables_unchanged;
	long rows;           /* rows inserted */
} orcs_ref_report;

/*
 * Loads every referential file from `datadir` into the warehouse, in one
 * transaction.  A table whose source file has the same SHA-256 as at the
 * last load is left untouched, so a second run changes nothing.
 */
int orcs_ref_load(orcs_db *db, const char *datadir, orcs_ref_report *rep, orcs_error *err);

/*
 * Lists referential table `name` (a view above, or any enumeration name of
 * dim_enum) to `f`.  `dept` (may be NULL) restricts geographic tables.
 * Unknown names and --dept on a non-geographic table are ORCS_EUSAGE.
 */
int orcs_ref_list(orcs_db *db, const char *name, const char *dept, orcs_rows_format fmt,
		  FILE *f, long *nrows, orcs_error *err);

/* Writes the names of every listable table (views then enumerations). */
int orcs_ref_catalog(orcs_db *db, orcs_rows_format fmt, FILE *f, orcs_error *err);

/*
 * In-memory code lookup for importers: every (enumeration, folded alias)
 * pair of ref_alias, which holds each code, each label and each extra
 * alias of data/ref/aliases.csv.
 *
 * orcs_ref_enums_new() loads them (caller frees with orcs_ref_enums_free()).
 * orcs_ref_enums_code() folds `raw` (orcs_fold(): case, accents,
 * apostrophes, hyphens) and returns the code, or NULL when the value is not
 * known.  The returned string belongs to the lookup table.  *how (may be
 * NULL) is set to 0 when `raw` was the code itself, 1 when it was matched
 * through a label or an alias (callers flag `enum_alias` then).
 */
typedef struct orcs_ref_enums orcs_ref_enums;

orcs_ref_enums *orcs_ref_enums_new(orcs_db *db, orcs_error *err);
void orcs_ref_enums_free(orcs_ref_enums *e);
const char *orcs_ref_enums_code(const orcs_ref_enums *e, const char *enumname, const char *raw,
				size_t len, int *how);

#endif
