/*
 * mapping.h - mapping files: how one source tool's export maps onto the
 * ORCS exchange format (docs/clauses-import.md, « Fichiers de
 * correspondance »).
 *
 * A mapping file is UTF-8 text in INI style; blank lines and lines starting
 * with # or ; are comments:
 *
 *   [source]
 *   nom = Clause (export « Suivi des heures »)   ; free text, for reports
 *   facilitateur = CD93      ; facilitator code hashed with participant ids
 *   separateur_multi = ,     ; separator of multi-valued cells (default |)
 *
 *   [tables]                 ; ORCS table = source file (without .csv) or sheet
 *   participants = Bénéficiaires
 *
 *   [participants]           ; one section per table: ORCS column = source header
 *   participant_id = N° bénéficiaire
 *
 *   [valeurs]                ; [table.]column: "source value" = ORCS code
 *   type_contrat: "CDD Insertion" = CDDI
 *   contrats.modalite_realisation: "Embauche" = EMBAUCHE_DIRECTE
 *
 * Names (tables, headers, values) are compared after orcs_fold() (case,
 * accents, punctuation).  Anything not mapped keeps its ORCS name: an empty
 * mapping is the identity.  The loader checks syntax only; the importer
 * checks that tables and columns exist (orcs_mapping_entry_at()).
 *
 * Ownership: orcs_mapping_load()/orcs_mapping_new() return a mapping freed
 * by orcs_mapping_free(); returned strings belong to the mapping.
 */
#ifndef ORCS_MAPPING_H
#define ORCS_MAPPING_H

#include <stddef.h>

#include "core/error.h"

typedef struct orcs_mapping orcs_mapping;

enum orcs_mapping_kind {
	ORCS_MAP_SOURCE,  /* [source] key = value */
	ORCS_MAP_TABLE,   /* [tables] table = source name */
	ORCS_MAP_COLUMN,  /* [table] column = source header */
	ORCS_MAP_VALUE    /* [valeurs] [table.]column: "raw" = code */
};

typedef struct orcs_mapping_entry {
	int kind;
	char *table;  /* COLUMN, VALUE (NULL = any table) */
	char *key;    /* source key, table, column */
	char *from;   /* VALUE: the source value */
	char *value;  /* the right-hand side */
	int line;
} orcs_mapping_entry;

/* An empty mapping (the identity). */
orcs_mapping *orcs_mapping_new(void);
/* Parses a mapping file; syntax errors are ORCS_EUSAGE naming file:line. */
int orcs_mapping_load(const char *path, orcs_mapping **out, orcs_error *err);
/* Parses mapping text held in memory (`name` for messages). */
int orcs_mapping_parse(const char *text, size_t len, const char *name, orcs_mapping **out,
		       orcs_error *err);
void orcs_mapping_free(orcs_mapping *m);

const char *orcs_mapping_path(const orcs_mapping *m);     /* NULL for the identity */
const char *orcs_mapping_name(const orcs_mapping *m);     /* [source] nom or NULL */
const char *orcs_mapping_facilitator(const orcs_mapping *m); /* "" by default */
char orcs_mapping_multi_sep(const orcs_mapping *m);       /* '|' by default */

/* Source file/sheet name of `table` (the table name itself when unmapped). */
const char *orcs_mapping_source_table(const orcs_mapping *m, const char *table);
/* Source header of ORCS column `col` of `table` (`col` when unmapped). */
const char *orcs_mapping_source_column(const orcs_mapping *m, const char *table, const char *col);
/* True when the mapping translates values of (table, col). */
int orcs_mapping_has_values(const orcs_mapping *m, const char *table, const char *col);
/* Translation of raw value `s` (len bytes) of (table, col), or NULL. */
const char *orcs_mapping_value(const orcs_mapping *m, const char *table, const char *col,
			       const char *s, size_t len);

size_t orcs_mapping_count(const orcs_mapping *m);
const orcs_mapping_entry *orcs_mapping_entry_at(const orcs_mapping *m, size_t i);

#endif
