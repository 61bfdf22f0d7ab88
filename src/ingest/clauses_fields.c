/*
 * clauses_fields.c - reading one cell of the exchange format: dates,
 * periods, numbers, indicators, identifiers, commune codes, CPV codes and
 * enumeration codes, each failure named by its reason code.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ids.h"
#include "core/text.h"
#include "ingest/clauses_internal.h"

#define YEAR_MIN 1990
#define YEAR_MAX 2040
#define BIRTH_MIN 1930
#define BIRTH_MAX 2012

static int digits(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

static int num2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

static int num4(const char *s)
{
	return num2(s) * 100 + num2(s + 2);
}

static int days_in(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* 0 ok, -1 not a date, -2 out of range.  Accepts YYYY-MM-DD and
 * DD/MM/YYYY, optionally followed by a time ("T…" or " …"). */
int cf_parse_date(const char *s, size_t n, int *y, int *m, int *d)
{
	if (n > 10 && (s[10] == 'T' || s[10] == ' '))
		n = 10;
	if (n != 10)
		return -1;
	if (s[4] == '-' && s[7] == '-' && digits(s, 4) && digits(s + 5, 2) && digits(s + 8, 2)) {
		*y = num4(s);
		*m = num2(s + 5);
		*d = num2(s + 8);
	} else if (s[2] == '/' && s[5] == '/' && digits(s, 2) && digits(s + 3, 2) &&
		   digits(s + 6, 4)) {
		*d = num2(s);
		*m = num2(s + 3);
		*y = num4(s + 6);
	} else {
		return -1;
	}
	if (*m < 1 || *m > 12 || *d < 1 || *d > days_in(*y, *m))
		return -1;
	if (*y < YEAR_MIN || *y > YEAR_MAX)
		return -2;
	return 0;
}

/* YYYY-MM, MM/YYYY, or a date whose day is ignored. */
int cf_parse_period(const char *s, size_t n, int *y, int *m)
{
	int d;
	if (n == 7 && s[4] == '-' && digits(s, 4) && digits(s + 5, 2)) {
		*y = num4(s);
		*m = num2(s + 5);
	} else if (n == 7 && s[2] == '/' && digits(s, 2) && digits(s + 3, 4)) {
		*m = num2(s);
		*y = num4(s + 3);
	} else {
		int r = cf_parse_date(s, n, y, m, &d);
		if (r)
			return r;
	}
	if (*m < 1 || *m > 12)
		return -1;
	if (*y < YEAR_MIN || *y > YEAR_MAX)
		return -2;
	return 0;
}

int cf_parse_bool(const char *s, size_t n, int *out)
{
	static const char *const yes[] = { "1", "oui", "o", "vrai", "true", "yes", "y", "x" };
	static const char *const no[] = { "0", "non", "n", "faux", "false", "no" };
	char f[8];
	size_t i;
	if (n == 1 && (s[0] == '0' || s[0] == '1')) { /* the usual case */
		*out = s[0] == '1';
		return 0;
	}
	if (n >= sizeof(f))
		return -1;
	for (i = 0; i < n; i++)
		f[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] - 'A' + 'a' : s[i]);
	f[n] = '\0';
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcmp(f, yes[i])) {
			*out = 1;
			return 0;
		}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcmp(f, no[i])) {
			*out = 0;
			return 0;
		}
	return -1;
}

int cf_cpv_ok(const cimport *ci, const char *s, size_t n)
{
	if (!(n == 8 || (n == 10 && s[8] == '-' && isdigit((unsigned char)s[9]))))
		return 0;
	if (!digits(s, 8))
		return 0;
	return ci->cpv ? orcs_strmap_get(ci->cpv, s, 2, NULL, NULL) : 1;
}

static const char *const idf_depts[] = { "75", "77", "78", "91", "92", "93", "94", "95" };

static int idf_dept(const char *s)
{
	size_t i;
	for (i = 0; i < sizeof(idf_depts) / sizeof(idf_depts[0]); i++)
		if (!strncmp(s, idf_depts[i], 2))
			return 1;
	return 0;
}

/* A French commune code outside Île-de-France: 01-95 (not 20) + 3 digits,
 * 2A/2B + 3 digits, 971-976 + 2 digits. */
static int plausible_outside(const char *s)
{
	if ((s[0] == '2') && (s[1] == 'A' || s[1] == 'B'))
		return digits(s + 2, 3);
	if (!digits(s, 5))
		return 0;
	if (!strncmp(s, "00", 2) || !strncmp(s, "20", 2) || !strncmp(s, "96", 2) ||
	    !strncmp(s, "98", 2) || !strncmp(s, "99", 2))
		return 0;
	if (!strncmp(s, "97", 2))
		return s[2] >= '1' && s[2] <= '6';
	return 1;
}

/* Normalises one commune code into `out` (appended) and its département
 * into *dept; returns 0 or -1 (Q_INSEE_UNKNOWN). */
static int insee_one(cimport *ci, const char *s, size_t n, orcs_buf *out, const char **dept)
{
	char code[6];
	const char *cur, *d;
	static char outside[4];
	s = orcs_trim(s, &n);
	if (n == 4 && digits(s, 4)) { /* lost its leading zero */
		code[0] = '0';
		memcpy(code + 1, s, 4);
	} else if (n == 5) {
		memcpy(code, s, 5);
		if (code[1] == 'a' || code[1] == 'b')
			code[1] = (char)toupper((unsigned char)code[1]);
	} else {
		return -1;
	}
	code[5] = '\0';
	if (orcs_strmap_get(ci->communes, code, 5, &d, NULL)) {
		orcs_buf_add(out, code, 5);
		*dept = d;
		return 0;
	}
	if (orcs_strmap_get(ci->history, code, 5, &cur, NULL) &&
	    orcs_strmap_get(ci->communes, cur, strlen(cur), &d, NULL)) {
		orcs_buf_adds(out, cur);
		*dept = d;
		return 0;
	}
	if (idf_dept(code) || !plausible_outside(code))
		return -1;
	/* outside the region: kept as given, département from the prefix */
	orcs_buf_add(out, code, 5);
	if (!strncmp(code, "97", 2))
		snprintf(outside, sizeof(outside), "%.3s", code);
	else
		snprintf(outside, sizeof(outside), "%.2s", code);
	*dept = outside;
	return 0;
}

static const char *fail(cimport *ci, const ccol *c, const char *reason, const char *what,
			const char *raw, size_t len)
{
	char ex[96];
	orcs_buf_reset(&ci->detail);
	orcs_buf_addf(&ci->detail, "colonne « %s »" ORCS_NBSP ": %s", c->name, what);
	if (raw && c->type != F_PID) {
		orcs_buf tmp = ORCS_BUF_INIT;
		orcs_utf8_clean(&tmp, raw, len);
		orcs_buf_addf(&ci->detail, " « %s »", orcs_excerpt(tmp.data, ex, sizeof(ex)));
		orcs_buf_release(&tmp);
	}
	return reason;
}

/* Translates then looks one enumeration value up. */
static const char *enum_code(cimport *ci, const ccol *c, const char *s, size_t n)
{
	const char *tr = orcs_mapping_value(ci->map, ctables[ci->t].name, c->name, s, n);
	const char *code;
	if (tr) {
		s = tr;
		n = strlen(tr);
	}
	code = orcs_ref_enums_code(ci->enums, c->en, s, n, NULL);
	if (code && (c->flags & CF_NO_RESERVE) && !strcmp(code, "RESERVE"))
		return NULL;
	return code;
}

static int number(const char *s, size_t n, double *out)
{
	if (orcs_parse_number(s, n, out) != 0 || !isfinite(*out))
		return -1;
	return 0;
}

const char *cf_parse(cimport *ci, const ccol *c, const char *raw, size_t len, cval *v)
{
	const char *s;
	size_t n = len;
	int r;
	v->set = 0;
	v->s = NULL;
	v->n = 0;
	v->dept = NULL;
	orcs_buf_reset(&v->buf);
	s = orcs_trim(raw, &n);
	if (!n) {
		if (c->type == F_LOT) {
			v->set = 1;
			v->s = "0";
			v->n = 1;
			return NULL;
		}
		if (c->flags & CF_REQUIRED)
			return fail(ci, c, "Q_MISSING_REQUIRED", "valeur obligatoire absente", NULL, 0);
		return NULL;
	}
	/* value translations of the mapping apply to non-enumerated columns
	 * too (e.g. "Oui" = 1); enumerations translate item by item */
	if (c->type != F_ENUM && c->type != F_ENUM_MULTI) {
		const char *tr = orcs_mapping_value(ci->map, ctables[ci->t].name, c->name, s, n);
		if (tr) {
			s = tr;
			n = strlen(tr);
		}
	}
	if (!orcs_utf8_valid(s, n)) {
		orcs_buf_reset(&ci->tmp2);
		orcs_utf8_clean(&ci->tmp2, s, n);
		s = ci->tmp2.data;
		n = ci->tmp2.len;
	}
	v->set = 1;
	switch (c->type) {
	case F_TEXT:
	case F_ID:
	case F_LOT:
		v->s = s;
		v->n = n;
		return NULL;
	case F_SIRET:
		orcs_siret_clean(&v->buf, s, n);
		if (orcs_siret_check(v->buf.data, v->buf.len) != ORCS_SIRET_VALID)
			return fail(ci, c, "Q_SIRET_INVALID", "SIRET invalide", raw, len);
		v->s = v->buf.data;
		v->n = v->buf.len;
		return NULL;
	case F_INSEE:
		if (insee_one(ci, s, n, &v->buf, &v->dept) != 0)
			return fail(ci, c, "Q_INSEE_UNKNOWN", "code commune INSEE inconnu", raw, len);
		v->s = v->buf.data;
		v->n = v->buf.len;
		return NULL;
	case F_INSEE_MULTI: {
		const char *p = s, *end = s + n;
		while (p <= end) {
			const char *q = memchr(p, ci->multi_sep, (size_t)(end - p));
			const char *d;
			size_t k = q ? (size_t)(q - p) : (size_t)(end - p);
			const char *item = p;
			size_t il = k;
			item = orcs_trim(item, &il);
			if (il) {
				if (v->buf.len)
					orcs_buf_addc(&v->buf, '|');
				if (insee_one(ci, item, il, &v->buf, &d) != 0)
					return fail(ci, c, "Q_INSEE_UNKNOWN", "code commune INSEE inconnu",
						    item, il);
			}
			if (!q)
				break;
			p = q + 1;
		}
		if (!v->buf.len) {
			v->set = 0;
			return (c->flags & CF_REQUIRED)
				       ? fail(ci, c, "Q_MISSING_REQUIRED", "valeur obligatoire absente", NULL, 0)
				       : NULL;
		}
		v->s = v->buf.data;
		v->n = v->buf.len;
		return NULL;
	}
	case F_CPV: {
		size_t i;
		for (i = 0; i < n; i++)
			if (s[i] != ' ')
				orcs_buf_addc(&v->buf, s[i]);
		if (!cf_cpv_ok(ci, v->buf.data, v->buf.len))
			return fail(ci, c, "Q_CPV_INVALID", "code CPV invalide", raw, len);
		v->s = v->buf.data;
		v->n = v->buf.len;
		return NULL;
	}
	case F_ENUM:
		/* consecutive rows often repeat a value: reuse its code */
		if (v->last_code && v->last_table == ci->t && v->last_raw.len == n &&
		    !memcmp(v->last_raw.data, s, n)) {
			v->s = v->last_code;
			v->n = strlen(v->s);
			return NULL;
		}
		v->s = enum_code(ci, c, s, n);
		if (v->s) {
			orcs_buf_reset(&v->last_raw);
			orcs_buf_add(&v->last_raw, s, n);
			v->last_code = v->s;
			v->last_table = ci->t;
		}
		if (!v->s)
			return fail(ci, c, "Q_ENUM_UNKNOWN", "valeur hors nomenclature", raw, len);
		v->n = strlen(v->s);
		return NULL;
	case F_ENUM_MULTI: {
		const char *p = s, *end = s + n;
		char sep = ci->multi_sep;
		/* a translation of the whole cell comes first (its codes are
		 * '|'-separated), then items are translated one by one */
		const char *whole = orcs_mapping_value(ci->map, ctables[ci->t].name, c->name, s, n);
		if (whole) {
			p = whole;
			end = whole + strlen(whole);
			sep = '|';
		}
		for (;;) {
			const char *q = memchr(p, sep, (size_t)(end - p));
			size_t k = q ? (size_t)(q - p) : (size_t)(end - p);
			size_t il = k;
			const char *item = orcs_trim(p, &il);
			if (il) {
				const char *code = enum_code(ci, c, item, il);
				size_t cl;
				const char *hit;
				if (!code)
					return fail(ci, c, "Q_ENUM_UNKNOWN", "valeur hors nomenclature",
						    item, il);
				cl = strlen(code);
				/* drop repeated codes */
				hit = v->buf.data;
				while ((hit = strstr(hit, code)) != NULL) {
					if ((hit == v->buf.data || hit[-1] == '|') &&
					    (hit[cl] == '\0' || hit[cl] == '|'))
						break;
					hit += cl;
				}
				if (!hit) {
					if (v->buf.len)
						orcs_buf_addc(&v->buf, '|');
					orcs_buf_add(&v->buf, code, cl);
				}
			}
			if (!q)
				break;
			p = q + 1;
		}
		if (!v->buf.len) {
			v->set = 0;
			return (c->flags & CF_REQUIRED)
				       ? fail(ci, c, "Q_MISSING_REQUIRED", "valeur obligatoire absente", NULL, 0)
				       : NULL;
		}
		v->s = v->buf.data;
		v->n = v->buf.len;
		return NULL;
	}
	case F_DATE:
		r = cf_parse_date(s, n, &v->y, &v->m, &v->day);
		if (r == -1)
			return fail(ci, c, "Q_DATE_INVALID", "date illisible (AAAA-MM-JJ ou JJ/MM/AAAA)",
				    raw, len);
		if (r == -2)
			return fail(ci, c, "Q_DATE_INVALID", "date hors de la période 1990-2040", raw, len);
		{
			char d[10] = { (char)('0' + v->y / 1000), (char)('0' + v->y / 100 % 10),
				       (char)('0' + v->y / 10 % 10), (char)('0' + v->y % 10), '-',
				       (char)('0' + v->m / 10), (char)('0' + v->m % 10), '-',
				       (char)('0' + v->day / 10), (char)('0' + v->day % 10) };
			orcs_buf_add(&v->buf, d, 10);
		}
		v->s = v->buf.data;
		v->n = v->buf.len;
		return NULL;
	case F_PERIOD:
		r = cf_parse_period(s, n, &v->y, &v->m);
		if (r == -1)
			return fail(ci, c, "Q_PERIOD_INVALID", "période illisible (AAAA-MM)", raw, len);
		if (r == -2)
			return fail(ci, c, "Q_PERIOD_INVALID", "période hors de 1990-2040", raw, len);
		{
			char d[7] = { (char)('0' + v->y / 1000), (char)('0' + v->y / 100 % 10),
				      (char)('0' + v->y / 10 % 10), (char)('0' + v->y % 10), '-',
				      (char)('0' + v->m / 10), (char)('0' + v->m % 10) };
			orcs_buf_add(&v->buf, d, 7);
		}
		v->s = v->buf.data;
		v->n = v->buf.len;
		return NULL;
	case F_NUM:
		if (number(s, n, &v->d))
			return fail(ci, c, "Q_NUMBER_INVALID", "nombre illisible", raw, len);
		if (v->d < 0)
			return fail(ci, c, "Q_NEGATIVE", "valeur négative", raw, len);
		if (v->d == 0)
			v->d = 0; /* no -0 */
		return NULL;
	case F_INT:
	case F_YEAR:
	case F_BIRTHYEAR:
		if (number(s, n, &v->d) || v->d != floor(v->d) || fabs(v->d) > 9e15)
			return fail(ci, c, "Q_NUMBER_INVALID", "nombre entier attendu", raw, len);
		v->i = (int64_t)v->d;
		if (c->type == F_INT && v->i < 0)
			return fail(ci, c, "Q_NEGATIVE", "valeur négative", raw, len);
		if (c->type == F_YEAR && (v->i < YEAR_MIN || v->i > YEAR_MAX))
			return fail(ci, c, "Q_OUT_OF_RANGE", "année hors de 1990-2040", raw, len);
		if (c->type == F_BIRTHYEAR && (v->i < BIRTH_MIN || v->i > BIRTH_MAX))
			return fail(ci, c, "Q_OUT_OF_RANGE", "année de naissance hors de 1930-2012", raw,
				    len);
		return NULL;
	case F_BOOL: {
		int b;
		if (cf_parse_bool(s, n, &b))
			return fail(ci, c, "Q_BOOL_INVALID", "0 ou 1 attendu", raw, len);
		v->i = b;
		return NULL;
	}
	case F_SHARE: {
		size_t k = n;
		int pct = 0;
		if (k && s[k - 1] == '%') {
			pct = 1;
			k--;
		}
		if (number(s, k, &v->d))
			return fail(ci, c, "Q_NUMBER_INVALID", "nombre illisible", raw, len);
		if (pct)
			v->d /= 100;
		if (v->d < 0 || v->d > 1)
			return fail(ci, c, "Q_OUT_OF_RANGE", "part hors de 0-1", raw, len);
		return NULL;
	}
	case F_PID:
		orcs_pseudo_digest(&ci->pseudo, s, n, v->pid);
		orcs_buf_grow(&v->buf, 65);
		orcs_pseudo_hex(v->pid, v->buf.data);
		v->buf.len = 64;
		v->s = v->buf.data;
		v->n = 64;
		return NULL;
	case F_DEPT: {
		char d[4];
		if (n == 3 && s[0] == '0' && digits(s, 3)) {
			s++;
			n = 2;
		}
		if (n == 2 && (digits(s, 2) || (s[0] == '2' && (s[1] == 'A' || s[1] == 'B' ||
								  s[1] == 'a' || s[1] == 'b')))) {
			d[0] = s[0];
			d[1] = (char)toupper((unsigned char)s[1]);
			d[2] = '\0';
			if (!strcmp(d, "00") || !strcmp(d, "20") || num2(d) > 95)
				return fail(ci, c, "Q_ENUM_UNKNOWN", "code département inconnu", raw, len);
		} else if (n == 3 && digits(s, 3) && !strncmp(s, "97", 2) && s[2] >= '1' &&
			   s[2] <= '6') {
			memcpy(d, s, 3);
			d[3] = '\0';
		} else {
			return fail(ci, c, "Q_ENUM_UNKNOWN", "code département inconnu", raw, len);
		}
		orcs_buf_adds(&v->buf, d);
		v->s = v->buf.data;
		v->n = v->buf.len;
		return NULL;
	}
	default:
		break;
	}
	return NULL;
}

int cf_load_referential(cimport *ci, orcs_error *err)
{
	sqlite3_stmt *st;
	ci->communes = orcs_strmap_new(1400);
	ci->history = orcs_strmap_new(700);
	ci->cpv = orcs_strmap_new(64);
	if (orcs_db_prepare(ci->db, &st, "SELECT code, departement FROM dim_commune", err))
		return ORCS_EIO;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 0);
		orcs_strmap_put(ci->communes, c, strlen(c), (const char *)sqlite3_column_text(st, 1), 0);
	}
	sqlite3_finalize(st);
	if (orcs_db_prepare(ci->db, &st, "SELECT code_ancien, code_actuel FROM ref_commune_history",
			    err))
		return ORCS_EIO;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 0);
		orcs_strmap_put(ci->history, c, strlen(c), (const char *)sqlite3_column_text(st, 1), 0);
	}
	sqlite3_finalize(st);
	if (orcs_db_prepare(ci->db, &st, "SELECT division, nature FROM ref_cpv_division", err))
		return ORCS_EIO;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 0);
		orcs_strmap_put(ci->cpv, c, strlen(c), (const char *)sqlite3_column_text(st, 1), 0);
	}
	sqlite3_finalize(st);
	if (!orcs_strmap_count(ci->communes))
		return orcs_error_set(err, ORCS_EIO,
				      "référentiel des communes vide" ORCS_NBSP ": lancez « orcs init »");
	ci->enums = orcs_ref_enums_new(ci->db, err);
	return ci->enums ? ORCS_OK : ORCS_EIO;
}

void cf_free_referential(cimport *ci)
{
	orcs_strmap_free(ci->communes);
	orcs_strmap_free(ci->history);
	orcs_strmap_free(ci->cpv);
	orcs_ref_enums_free(ci->enums);
	ci->communes = ci->history = ci->cpv = NULL;
	ci->enums = NULL;
}
