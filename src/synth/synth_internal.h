/* synth_internal.h - shared between the files of src/synth only. */
#ifndef ORCS_SYNTH_INTERNAL_H
#define ORCS_SYNTH_INTERNAL_H

#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/error.h"
#include "synth/synth.h"

/* ---- random numbers: xoshiro256** seeded by splitmix64 ---- */
typedef struct rng {
	uint64_t s[4];
} rng;

void rng_seed(rng *r, uint64_t seed);
uint64_t rng_next(rng *r);
double rng_unif(rng *r);                    /* [0, 1) */
int rng_int(rng *r, int lo, int hi);        /* [lo, hi] */
int rng_bern(rng *r, double p);
double rng_lognormal(rng *r, double median, double sigma);

/* ---- declared distributions (synth_dist.c) ---- */
typedef struct wentry {
	const char *code;
	double w;
} wentry;

typedef struct wlist {
	const wentry *e;
	int n;
} wlist;

#define WL(a) { a, (int)(sizeof(a) / sizeof(a[0])) }

const char *pick(rng *r, const wlist *l);
int pick_index(rng *r, const wlist *l);

#define SY_FIRST_YEAR 2019   /* first year of activity (contracts, hours) */
#define SY_LAST_YEAR 2025    /* last year; the horizon is 31/12 */
#define SY_FIRST_NOTIF 2017  /* markets notified since (still active in 2019) */
#define SY_NYEARS (SY_LAST_YEAR - SY_FIRST_NOTIF + 1)

typedef struct sy_params {
	double growth[SY_NYEARS];     /* activity factor per year, 2021 = 1 */
	double gp_share[SY_NYEARS];   /* share of hours on grand projects */
	double markets_per_year;      /* markets notified in 2021 at scale 1 */
	double gp_hours_factor;       /* a GP market's hours / an ordinary one's */
	double hours_median, hours_sigma; /* market hours over its life (lognormal) */
	double allotted_share;        /* markets notified as several lots */
	double target_missing;        /* markets without an hours target */
	double reuse;                 /* a contract goes to a returning participant */
	int reuse_window_days;
	double lockdown_drop;         /* contracts not realised, 16/03-10/05/2020 */
	double out_of_region, historic_code, residence_missing;
	double birth_missing;
	double fin_known, m6_known;
	double donneurs, classique, etti, ai, aci, ei, geiq, ett, ea, esat, of; /* pools at scale 1 */
	double ops_gpe, ops_jop, ops_npnru, ops_autre;
	double consultations_2022;    /* platform consultations at scale 1 */
	double consult_allotted, consult_lots_mean;
	double soc_consult, soc_lot, env_consult, env_lot;
} sy_params;

extern const sy_params SY;

typedef struct ctype_param {
	const char *code;
	int dmin, dmax;        /* duration in months */
	double hmin, hmax;     /* worked hours per full month */
	double tmin, tmax;     /* training hours per full month */
} ctype_param;

typedef struct fulfil_param {
	const char *code;
	const char *employer;  /* structure type of the employer, "TITULAIRE" = the titulaire */
	const char *employer2; /* alternative type (half of the time), or NULL */
	const char *role;      /* role of the employer on the market */
	wlist types;           /* contract types */
} fulfil_param;

extern const wlist sy_exec_dept, sy_res_dept, sy_donneur_type, sy_nature_ordinary, sy_nature_gp,
	sy_procedure, sy_modalities, sy_fulfilment, sy_diploma, sy_prescriber, sy_outcome_fin,
	sy_outcome_m6, sy_dur_travaux, sy_dur_services, sy_dur_other, sy_age_band;
extern const wlist sy_cpv[4]; /* TRAVAUX, SERVICES, FOURNITURES, PI */
extern const ctype_param sy_ctypes[];
extern const int sy_nctypes;
extern const fulfil_param sy_fulfil[];
extern const int sy_nfulfil;
const ctype_param *sy_ctype(const char *code);
const fulfil_param *sy_fulfil_of(const char *code);
double sy_qpv_prob(const char *dept);
double sy_women_prob(const char *nature);

/* Real DECP contracts of data/decp used as tracked markets. */
typedef struct sy_decp {
	const char *buyer;     /* SIRET */
	const char *donneur_type;
	const char *id;        /* DECP id */
	const char *date;      /* notification YYYY-MM-DD */
	const char *cpv;
	const char *nature;
	int months;
	double amount;
	const char *commune;   /* INSEE code of the place */
	const char *objet;
} sy_decp;
extern const sy_decp sy_decp_markets[];
extern const int sy_ndecp;

/* Out-of-region residence codes and historic IdF codes used on purpose. */
extern const char *const sy_outside_communes[];
extern const int sy_noutside;
extern const char *const sy_historic_communes[];
extern const int sy_nhistoric;

/* Spelling variants the importer must accept (written now and then). */
const char *sy_diploma_variant(rng *r, const char *code);
const char *sy_prescriber_variant(rng *r, const char *code);

/* ---- output (synth_out.c) ---- */
enum { SY_DONNEURS, SY_ENTREPRISES, SY_OPERATIONS, SY_MARCHES, SY_MARCHE_ENT, SY_PARTICIPANTS,
       SY_CONTRATS, SY_HEURES, SY_SORTIES, SY_ENGAGEMENTS, SY_CONSULTATIONS, SY_NTABLES };

enum { V_EMPTY, V_TEXT, V_NUM, V_DATE };

typedef struct sval {
	int kind;
	const char *s;   /* V_TEXT */
	double d;        /* V_NUM */
	int y, m, day;   /* V_DATE */
} sval;

#define SY_MAXCOLS 16

typedef struct sy_out sy_out;

int out_open(sy_out **o, const char *dir, int xlsx, orcs_error *err);
/* Writes one row of table t (values in the format's column order). */
int out_row(sy_out *o, int t, const sval *v, orcs_error *err);
int out_close(sy_out *o, orcs_error *err);
const char *const *out_columns(int t, int *n);
const char *out_table_name(int t);

#endif
