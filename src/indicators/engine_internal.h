/*
 * engine_internal.h - the registry of indicator implementations, declared
 * once as C tables in impl_decp.c and impl_clauses.c, and read by engine.c.
 *
 * A CUBE is a population of fact rows: a FROM clause (with the joins every
 * measure of the cube may use), a scope condition, one year expression per
 * year rule, and its dimensions.  A DIMENSION has levels (the first is the
 * default): each level gives the SQL expression of a row's code, the join it
 * needs, and where its codes and labels come from.  A multi-valued level
 * (public, mod_jur, consid_soc…) joins the fact rows to the enumeration, so
 * a fact appears once per value it carries and the parts do not add up.
 *
 * An IMPLEMENTATION says how one catalogue id is computed on a cube: SQL
 * aggregates for the numerator, the denominator, the coverage, the persons
 * (S2) and the enterprises (S1) behind each cell.
 *
 * Tokens in SQL text, replaced by engine.c:
 *   {Y}  the year of the row under the query's year rule (an expression);
 *   {V}  (in a level's `match`) the bound parameter holding a --where value.
 * All SQL text here is the code's own; user values are only ever bound.
 */
#ifndef ORCS_ENGINE_INTERNAL_H
#define ORCS_ENGINE_INTERNAL_H

#include "indicators/engine.h"

typedef struct ind_level {
	const char *name;     /* "dept", "commune", "ept", "qpv", "kind", "any"… */
	const char *label;    /* French, e.g. "département" */
	const char *expr;     /* SQL: the row's code (NULL = not known) */
	const char *join;     /* join needed by expr (and by match), or NULL */
	const char *match;    /* multi-valued levels: condition true when the fact carries {V} */
	const char *domain;   /* SQL listing (code, label) in display order: missing codes are
			       * shown as zero rows; or NULL */
	const char *label_of; /* SQL: label of the code bound as ?1 (when no domain), or NULL */
	const char *parents;  /* geographic parents used by secondary suppression:
			       * "dept=SQL;ept=SQL", each SQL listing (code, parent code) */
	int multi;            /* multi-valued (join through the enumeration) */
	const char *set;      /* multi-valued, optional: SQL giving the codes a fact carries,
			       * joined by char(31) (faster than the join's condition per
			       * code; used by the refresh's scans) */
} ind_level;

#define IND_MAX_LEVELS 5

typedef struct ind_dim {
	const char *name;     /* domain reference §5.1 name */
	const char *label;    /* French */
	int person;           /* a person attribute: S0/S2 indicators become S2 */
	ind_level levels[IND_MAX_LEVELS]; /* terminated by name == NULL; levels[0] is the default */
} ind_dim;

typedef struct ind_rule {
	const char *rule;     /* NOTIFIED, ACTIVE, … (enum year_rule) */
	const char *join;     /* join producing the year (ACTIVE, CUMULATIVE), or NULL */
	const char *expr;     /* SQL: the row's year, NULL when unusable */
} ind_rule;

#define IND_MAX_RULES 6

typedef struct ind_cube {
	const char *name;
	const char *from;               /* "decp_contract c LEFT JOIN …" */
	const char *scope;              /* population condition, or NULL */
	ind_rule rules[IND_MAX_RULES];  /* terminated by rule == NULL */
	const ind_dim *dims;            /* terminated by name == NULL */
	const struct ind_cube *base;    /* dimensions and rules not found here come from base */
	const char *missing;            /* dimensions the warehouse cannot give yet, and why */
} ind_cube;

typedef struct ind_extra {
	const char *name;     /* JSON key, e.g. "coverage_fmt" */
	const char *num;      /* SQL aggregate */
	const char *den;      /* SQL aggregate, or NULL (the figure is num itself) */
} ind_extra;

typedef struct ind_impl {
	const char *id;
	const ind_cube *cube;
	orcs_ind_kind kind;
	const char *filter;       /* population restriction, or NULL */
	const char *num;          /* value (COUNT, SUM, DISTINCT, VALUE) or numerator */
	const char *den;          /* RATIO, MEAN */
	double den_const;         /* constant denominator (FTE = 1607), or 0 */
	const char *cov_num;      /* coverage = cov_num ÷ cov_den, or NULL */
	const char *cov_den;
	const ind_cube *cov_cube; /* coverage computed on another cube (same dimensions), or NULL */
	const char *cov_rule;     /* …under this year rule (NULL = the indicator's) */
	const char *kind_dims;    /* dimensions splitting the numerator only ("consid_soc") */
	const char *kind_num;     /* numerator of the rows split by them */
	const char *force_by;     /* always broken down by these ("consid_soc:any,consid_env:any") */
	const char *default_where;/* applied unless the query sets the dimension ("horizon=FIN") */
	const char *max_geo;      /* finest geographic level allowed ("dept"), or NULL */
	const char *persons;      /* S2: distinct persons behind a cell */
	int persons_num;          /* the numerator counts persons too (rates of persons) */
	const char *contrib_key;  /* S1: the enterprise (SIREN) of a fact row */
	const char *contrib_value;/* S1: its contribution to the cell */
	const ind_cube *contrib_cube; /* S1 computed on another cube, or NULL */
	const char *contrib_filter;
	ind_extra extras[ORCS_IND_MAX_EXTRA];
	const char *flags;        /* quality indicators: decp_flag codes, from ind_quality_flags */
	const char *note;         /* French note shown with the result */
} ind_impl;

typedef struct ind_pending {
	const char *id;
	const char *reason;       /* French */
} ind_pending;

/* The mapping from quality indicator to the flag codes the DECP importer
 * emits (decp_flag.code), defined once. */
typedef struct ind_flagmap {
	const char *indicator;
	const char *codes;        /* comma-separated */
} ind_flagmap;

typedef struct ind_family {
	const char *name;
	const ind_impl *impls;
	unsigned nimpls;
	const ind_pending *pending;
	unsigned npending;
} ind_family;

extern const ind_family ind_family_decp;
extern const ind_family ind_family_clauses;
extern const ind_flagmap ind_quality_flags[];
extern const unsigned ind_quality_flags_count;

/* Registry lookups (engine.c). */
const ind_impl *ind_find_impl(const char *id);
const ind_dim *ind_cube_dim(const ind_cube *c, const char *name);
const ind_rule *ind_cube_rule(const ind_cube *c, const char *rule);

#endif
