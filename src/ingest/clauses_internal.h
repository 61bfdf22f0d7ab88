/* clauses_internal.h - shared between src/ingest/clauses*.c only. */
#ifndef ORCS_CLAUSES_INTERNAL_H
#define ORCS_CLAUSES_INTERNAL_H

#include <sqlite3.h>

#include "core/buf.h"
#include "ingest/clauses.h"
#include "ingest/mapping.h"
#include "ingest/strmap.h"
#include "ref/ref.h"

/* Field types of the exchange format. */
enum ftype {
	F_TEXT,        /* free text (UTF-8 repaired) */
	F_ID,          /* identifier of the source tool */
	F_LOT,         /* lot: empty = "0" */
	F_SIRET,       /* 14 digits, Luhn (La Poste rule) */
	F_INSEE,       /* commune code -> current code */
	F_INSEE_MULTI, /* '|'-separated commune codes */
	F_CPV,         /* 8 digits [-d], known division */
	F_ENUM,        /* code of enumeration `en` */
	F_ENUM_MULTI,  /* codes of enumeration `en`, multi-valued */
	F_DATE,        /* YYYY-MM-DD or DD/MM/YYYY */
	F_PERIOD,      /* YYYY-MM */
	F_NUM,         /* decimal >= 0 */
	F_INT,         /* whole number >= 0 */
	F_BOOL,        /* 0/1 */
	F_PID,         /* participant id -> keyed hash */
	F_YEAR,        /* 1990..2040 */
	F_BIRTHYEAR,   /* 1930..2012 */
	F_SHARE,       /* 0..1 ("%" accepted) */
	F_DEPT         /* département code */
};

#define CF_REQUIRED 1
#define CF_NO_RESERVE 2 /* enum consultation_clause without RESERVE */

typedef struct ccol {
	const char *name;
	unsigned char type;
	unsigned char flags;
	const char *en; /* enumeration name for F_ENUM, F_ENUM_MULTI */
} ccol;

#define MAX_CCOLS 16

/* A parsed value. */
typedef struct cval {
	int set;      /* 0 = empty cell */
	const char *s; /* normalised text (into `buf`, the row or the referential) */
	size_t n;
	double d;      /* F_NUM, F_SHARE */
	int64_t i;     /* F_INT, F_BOOL, F_YEAR, F_BIRTHYEAR */
	int y, m, day; /* F_DATE, F_PERIOD */
	const char *dept; /* F_INSEE: département of the current code */
	unsigned char pid[32]; /* F_PID: the digest stored; s = its hex */
	orcs_buf buf;
	orcs_buf last_raw;     /* F_ENUM: the previous raw value and its code */
	const char *last_code;
	int last_table;
} cval;

typedef struct cimport cimport;

typedef struct ctable {
	const char *name;
	ccol cols[MAX_CCOLS];
	/* cross-field checks, references and the write; returns an R_* outcome */
	int (*load)(cimport *ci);
} ctable;

extern const ctable ctables[ORCS_CLAUSES_NTABLES];

enum { R_LOADED = 1, R_REPLACED, R_DUPLICATE, R_QUARANTINED, R_FAILED };

/* A value bound to SQL. */
typedef struct bval {
	int type; /* SQLITE_NULL, SQLITE_TEXT, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_BLOB */
	const char *s;
	int n;
	int64_t i;
	double d;
} bval;

/* A fact table written with "insert, or compare and replace". */
typedef struct wdesc {
	const char *table;
	const char *const *cols; /* key columns first */
	int ncols, nkeys;
	sqlite3_stmt *ins, *sel, *upd;
} wdesc;

struct cimport {
	orcs_db *db;
	sqlite3 *sq;
	orcs_batch *batch;
	int64_t batch_id;
	const orcs_mapping *map;
	orcs_ref_enums *enums;
	orcs_strmap *communes; /* current code -> département */
	orcs_strmap *history;  /* old code -> current code */
	orcs_strmap *cpv;      /* division -> nature */
	const unsigned char *key;
	const char *facilitator;
	orcs_pseudo pseudo;
	char multi_sep;
	orcs_clauses_report *rep;
	/* current table and row */
	int t;
	const char *kind; /* replacement log kind when not a delivery table */
	int64_t file_id;
	const char *label; /* source_file */
	long line;
	cval v[MAX_CCOLS];
	const char *reason;
	orcs_buf detail;
	orcs_buf keytxt;    /* key of a replaced row, for the log */
	orcs_buf changed;   /* changed columns of a replaced row */
	int64_t prev_batch;
	orcs_buf tmp, tmp2;
	/* writers and lookups */
	wdesc w[ORCS_CLAUSES_NTABLES];
	sqlite3_stmt *q_buyer, *q_enterprise, *q_operation, *q_market, *q_participant,
		*q_contract, *q_decp, *q_dimsrc, *q_dimsrc_put, *q_replacement;
	sqlite3_stmt *d_sel[2], *d_ins[2], *d_upd[2];
	/* participants known (delivery + warehouse): the first 64 bits of each
	 * pid in an open-addressing set, built on first use */
	uint64_t *pids;
	size_t pid_cap, pid_n;
	int pids_ready;
	/* one-entry caches (rows are often grouped by parent) */
	orcs_buf last_contract;
	int last_contract_ok;
	orcs_buf last_market;
	int64_t last_market_id;
	orcs_buf last_enterprise; /* last SIRET found in dim_enterprise */
	orcs_error *err;
};

/* clauses_fields.c */
const char *cf_parse(cimport *ci, const ccol *c, const char *raw, size_t len, cval *v);
int cf_parse_date(const char *s, size_t n, int *y, int *m, int *d);
int cf_parse_period(const char *s, size_t n, int *y, int *m);
int cf_parse_bool(const char *s, size_t n, int *out);
int cf_cpv_ok(const cimport *ci, const char *s, size_t n);
int cf_load_referential(cimport *ci, orcs_error *err);
void cf_free_referential(cimport *ci);

/* clauses.c: helpers for the table loaders */
int ci_quarantine_reason(cimport *ci, const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ci_write(cimport *ci, wdesc *w, const bval *b);
int ci_log_replacement(cimport *ci);
void ci_pid_add(cimport *ci, const unsigned char *pid);
int ci_exists(cimport *ci, sqlite3_stmt **st, const char *sql, const bval *b, int nb, int64_t *id);
void bv_text(bval *b, const cval *v);
void bv_str(bval *b, const char *s);
void bv_int(bval *b, const cval *v);
void bv_i(bval *b, int64_t i);
void bv_num(bval *b, const cval *v);
void bv_pid(bval *b, const cval *v);

#endif
