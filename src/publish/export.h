/*
 * export.h - the open-data exports: every published indicator (CSV, XLSX,
 * JSON), the indicators joined to the map contours (GeoJSON), each with a
 * data dictionary derived from the catalogue.
 *
 * Every figure goes through the indicator engine with the PUBLIC audience:
 * secret cells are written "s" (CSV, XLSX) or null with "secret": true
 * (JSON, GeoJSON), never their value.  Licence: Licence Ouverte 2.0.
 *
 * `path` NULL writes to stdout (not for XLSX).  When `path` is given, the
 * data dictionary is written beside it as PATH_STEM.dictionnaire.csv
 * (one line per field, then one per indicator of the catalogue).
 * Errors: ORCS_EUSAGE (unknown format, year or level, XLSX on stdout),
 * ORCS_EIO (files, database), with a French message.
 */
#ifndef ORCS_EXPORT_H
#define ORCS_EXPORT_H

#include "core/error.h"
#include "warehouse/db.h"

typedef enum { ORCS_EXPORT_CSV, ORCS_EXPORT_JSON, ORCS_EXPORT_XLSX, ORCS_EXPORT_XML } orcs_export_format;

/* Every implemented indicator × every year with data × no breakdown and
 * each of its catalogue dimensions at the default level. */
int orcs_export_indicators(orcs_db *db, orcs_export_format fmt, const char *path,
			   orcs_error *err);

/* The contours of `level` ("dept" or "commune", from datadir/geo) with, in
 * each feature's properties, every indicator broken down by geo_exec at
 * that level for `year` (0 = the latest year with data). */
int orcs_export_geo(orcs_db *db, const char *datadir, const char *level, int year,
		    const char *path, orcs_error *err);

/* What `orcs export decp` wrote and left out of one kind of contract,
 * each with its reason. */
typedef struct orcs_decp_export_tally {
	long written;  /* contracts written */
	long missing;  /* left out: a field the schema requires is absent */
	long invalid;  /* left out: a value outside the schema (unknown code,
			* out-of-range number, foreign titulaire...) */
	long repaired; /* written, with a titulaire (concessionnaire) or a code
			* repeated in the source written once (the schema's
			* lists are sets) */
} orcs_decp_export_tally;

typedef struct orcs_decp_export_counts {
	orcs_decp_export_tally marches;     /* `marche` items */
	orcs_decp_export_tally concessions; /* `contrat-concession` items */
} orcs_decp_export_counts;

/* The marchés and contrats de concession of the warehouse (notified, or
 * signed, in `year`, 0 = all) in the official DECP 2024 format, schema
 * v2.0.3 (JSON or XML), initial data as notified: marchés first, then
 * concessions.  Only records valid against the schema are written: a
 * record missing a field or with a value outside the schema is left out
 * (never completed nor guessed), counted in *counts with its reason. */
int orcs_export_decp(orcs_db *db, orcs_export_format fmt, int year, const char *path,
		     orcs_decp_export_counts *counts, orcs_error *err);

/* Years with data in the indicator cache, ascending, at most `max`.
 * Returns their number (0 when the cache was never refreshed). */
int orcs_export_years(orcs_db *db, int *years, int max);

#endif
