/*
 * impl_common.h - SQL building blocks shared by the registry files
 * (impl_decp.c, impl_clauses.c): list membership, enumerations and the
 * geographic levels.  Only code constants; nothing here sees user input.
 */
#ifndef ORCS_IMPL_COMMON_H
#define ORCS_IMPL_COMMON_H

#include "indicators/engine_internal.h"

#define NB ORCS_NBSP

/* True when the '|'-joined list `col` holds `code`.  No code of the
 * enumerations stored in such lists (consid_social, consid_env,
 * legal_modality, public, consultation_clause) is a substring of another
 * (checked by tests/unit/test_engine.c), so a plain instr() is exact and
 * builds no string per row.  Values given by users (--where) are matched
 * with delimiters instead (the levels' `match`). */
#define HAS(col, code) "instr(" col ", '" code "') > 0"
/* The enumerations whose codes are stored in '|'-joined lists. */
#define LIST_ENUMS "consid_social,consid_env,legal_modality,public,consultation_clause"

/* The year of a YYYY-MM-DD (or YYYY-MM) text, NULL when unusable. */
#define DATE_YEAR(col) \
	"CASE WHEN " col " GLOB '[12][0-9][0-9][0-9]-*' THEN CAST(substr(" col ", 1, 4) AS INTEGER) END"

#define ENUM_DOMAIN(e) "SELECT code, label FROM dim_enum WHERE enum = '" e "' ORDER BY ord"
#define ENUM_LABEL(e) "SELECT label FROM dim_enum WHERE enum = '" e "' AND code = ?1"

/* A single-valued dimension level whose codes are those of enumeration e. */
#define ENUM_LEVEL(expr, join, e) { "value", NULL, expr, join, NULL, ENUM_DOMAIN(e), NULL, NULL, 0, NULL }

/* A multi-valued level: `list` is a '|'-joined list of codes of
 * enumeration e; `alias` names the joined dim_enum row. */
#define MULTI_LEVEL(list, alias, e)                                                         \
	{ "value", NULL, alias ".code",                                                     \
	  "CROSS JOIN dim_enum " alias " ON " alias ".enum = '" e "' AND instr(" list ", "  \
	  alias ".code) > 0",                                                                \
	  "instr('|' || coalesce(" list ", '') || '|', '|' || {V} || '|') > 0", ENUM_DOMAIN(e), \
	  NULL, NULL, 1, NULL }

#define END_LEVELS { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL }
#define END_DIMS { NULL, NULL, 0, { END_LEVELS } }

#define DEPT_DOMAIN "SELECT code, nom FROM dim_departement ORDER BY code"
#define COMMUNE_LABEL "SELECT nom FROM dim_commune WHERE code = ?1"
#define EPT_LABEL "SELECT nom FROM dim_epci WHERE siren = ?1"
/* commune -> département and commune -> EPT */
#define COMMUNE_PARENTS                                                                     \
	"dept=SELECT code, departement FROM dim_commune;"                                   \
	"ept=SELECT code, ept_siren FROM dim_commune WHERE ept_siren IS NOT NULL"
/* EPT -> département, only for départements made exactly of whole EPTs
 * (93 today): there the département is the sum of its EPTs. */
#define EPT_PARENTS                                                                         \
	"dept=SELECT e, d FROM (SELECT ept_siren AS e, min(departement) AS d, "             \
	"max(departement) AS d2 FROM dim_commune WHERE ept_siren IS NOT NULL AND type = "   \
	"'commune-actuelle' GROUP BY ept_siren) WHERE d = d2 AND d IN (SELECT departement " \
	"FROM dim_commune WHERE type = 'commune-actuelle' GROUP BY departement "           \
	"HAVING count(*) = count(ept_siren))"

/* The levels of a place known by its current INSEE commune code
 * (`commune`) and its département (`dept`, which may need `dept_join`);
 * `alias` names the dim_commune join giving the EPT. */
#define GEO_LEVELS(dept, dept_join, commune, alias)                                          \
	{ "dept", "département", dept, dept_join, NULL, DEPT_DOMAIN, NULL, NULL, 0, NULL },        \
	{ "commune", "commune", commune, NULL, NULL, NULL, COMMUNE_LABEL, COMMUNE_PARENTS, 0, NULL }, \
	{ "ept", "EPT", alias ".ept_siren",                                                  \
	  "LEFT JOIN dim_commune " alias " ON " alias ".code = " commune, NULL, NULL,        \
	  EPT_LABEL, EPT_PARENTS, 0, NULL }

#define GEO_JOIN(alias, commune) "LEFT JOIN dim_commune " alias " ON " alias ".code = " commune

#define YES_NO_DOMAIN(yes, no) "SELECT 'OUI', '" yes "' UNION ALL SELECT 'NON', '" no "'"

#endif
