/*
 * decp_geo.c - the place of execution (lieuExecution) of a record: its
 * current commune and département when they are in Île-de-France, and the
 * rule by which the record is in the regional scope (domain.md §2.9,
 * "IdF scope").  The IdF referential (communes, old codes, postcodes) is
 * small and is held in sorted arrays.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "ingest/decp_internal.h"

typedef struct geo_commune {
	char code[6], dept[3];
} geo_commune;

typedef struct geo_pair {
	char a[6], b[6];
} geo_pair;

struct decp_geo {
	geo_commune *communes;
	size_t ncommunes;
	geo_pair *history;  /* old code -> current code */
	size_t nhistory;
	geo_pair *postcodes; /* cp -> commune, sorted by cp */
	size_t npostcodes;
};

static int cmp_commune(const void *a, const void *b)
{
	return strcmp(((const geo_commune *)a)->code, ((const geo_commune *)b)->code);
}

static int cmp_pair(const void *a, const void *b)
{
	int c = strcmp(((const geo_pair *)a)->a, ((const geo_pair *)b)->a);
	return c ? c : strcmp(((const geo_pair *)a)->b, ((const geo_pair *)b)->b);
}

static void copy5(char *dst, const unsigned char *s, size_t cap)
{
	snprintf(dst, cap, "%s", s ? (const char *)s : "");
}

static int load_pairs(orcs_db *db, const char *sql, geo_pair **out, size_t *n, orcs_error *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	if (orcs_db_prepare(db, &st, sql, err))
		return ORCS_EIO;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			*out = orcs_xrealloc(*out, cap * sizeof(**out));
		}
		copy5((*out)[*n].a, sqlite3_column_text(st, 0), 6);
		copy5((*out)[*n].b, sqlite3_column_text(st, 1), 6);
		(*n)++;
	}
	sqlite3_finalize(st);
	if (*n)
		qsort(*out, *n, sizeof(**out), cmp_pair);
	return ORCS_OK;
}

decp_geo *decp_geo_new(orcs_db *db, orcs_error *err)
{
	decp_geo *g = orcs_xcalloc(1, sizeof(*g));
	sqlite3_stmt *st;
	size_t cap = 0;
	if (orcs_db_prepare(db, &st, "SELECT code, departement FROM dim_commune", err))
		goto fail;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (g->ncommunes == cap) {
			cap = cap ? cap * 2 : 1024;
			g->communes = orcs_xrealloc(g->communes, cap * sizeof(*g->communes));
		}
		copy5(g->communes[g->ncommunes].code, sqlite3_column_text(st, 0), 6);
		copy5(g->communes[g->ncommunes].dept, sqlite3_column_text(st, 1), 3);
		g->ncommunes++;
	}
	sqlite3_finalize(st);
	if (g->ncommunes)
		qsort(g->communes, g->ncommunes, sizeof(*g->communes), cmp_commune);
	if (load_pairs(db, "SELECT code_ancien, code_actuel FROM ref_commune_history", &g->history,
		       &g->nhistory, err) ||
	    load_pairs(db, "SELECT cp, commune FROM ref_postcode", &g->postcodes, &g->npostcodes, err))
		goto fail;
	return g;
fail:
	decp_geo_free(g);
	return NULL;
}

void decp_geo_free(decp_geo *g)
{
	if (!g)
		return;
	free(g->communes);
	free(g->history);
	free(g->postcodes);
	free(g);
}

static const geo_commune *find_commune(const decp_geo *g, const char *code)
{
	geo_commune key;
	size_t n = strnlen(code, sizeof(key.code) - 1); /* snprintf "%s", without printf */
	memcpy(key.code, code, n);
	key.code[n] = '\0';
	return g->ncommunes ? bsearch(&key, g->communes, g->ncommunes, sizeof(key), cmp_commune)
			    : NULL;
}

/* First pair with a == code (pairs are sorted), or NULL. */
static const geo_pair *find_pair(const geo_pair *v, size_t n, const char *code)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(v[mid].a, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(v[lo].a, code) ? &v[lo] : NULL;
}

static int idf_dept(const char *p)
{
	static const char *const idf[] = { "75", "77", "78", "91", "92", "93", "94", "95" };
	unsigned i;
	for (i = 0; i < 8; i++)
		if (p[0] == idf[i][0] && p[1] == idf[i][1])
			return 1;
	return 0;
}

static int all_digits(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

static orcs_str dup(decp_norm *d, const char *s)
{
	size_t n = strlen(s);
	return decp_str(orcs_arena_strndup(d->a, s, n), n);
}

static void set_idf(decp_norm *d, const char *dept, const char *commune, const char *rule)
{
	orcs_decp_rec *r = d->r;
	r->in_idf = 1;
	r->scope_rule = decp_str(rule, strlen(rule));
	if (dept)
		r->departement = dup(d, dept);
	if (commune)
		r->commune = dup(d, commune);
}

/* A postcode: its communes in the referential, else its prefix. */
static int by_postcode(decp_norm *d, const char *code)
{
	const decp_geo *g = d->c->geo;
	const geo_pair *p = find_pair(g->postcodes, g->npostcodes, code);
	if (p) {
		const geo_pair *q = p, *end = g->postcodes + g->npostcodes, *one = NULL;
		const geo_commune *first = find_commune(g, p->b);
		int ncom = 0, same = 1;
		for (; q < end && !strcmp(q->a, code); q++) {
			const geo_commune *c = find_commune(g, q->b);
			/* Paris postcodes list the commune and the arrondissement:
			 * keep the arrondissement */
			if (!strcmp(q->b, "75056"))
				continue;
			ncom++;
			one = q;
			if (!c || !first || strcmp(c->dept, first->dept))
				same = 0;
		}
		if (!ncom) { /* only 75056 */
			ncom = 1;
			one = p;
		}
		if (!same) {
			orcs_decp_flagf(d->r, d->a, ORCS_F_GEO_AMBIGUOUS_CP,
					"code postal %s" ORCS_NBSP ": communes de plusieurs départements",
					code);
			set_idf(d, NULL, NULL, "lieu_cp");
		} else {
			set_idf(d, first ? first->dept : NULL, ncom == 1 ? one->b : NULL, "lieu_cp");
		}
		return 1;
	}
	return 0;
}

static int by_commune(decp_norm *d, const char *code)
{
	const decp_geo *g = d->c->geo;
	const geo_commune *c = find_commune(g, code);
	const geo_pair *h;
	if (c) {
		set_idf(d, c->dept, c->code, "lieu_commune");
		return 1;
	}
	h = find_pair(g->history, g->nhistory, code);
	if (h && (c = find_commune(g, h->b)) != NULL) {
		set_idf(d, c->dept, c->code, "lieu_commune");
		return 1;
	}
	return 0;
}

/* An IdF-looking code the referential does not know: scope by prefix. */
static void by_prefix(decp_norm *d, const char *code, const char *what)
{
	if (strlen(code) >= 2 && idf_dept(code)) {
		char dept[3] = { code[0], code[1], 0 };
		orcs_decp_flagf(d->r, d->a, ORCS_F_GEO_UNKNOWN, "%s %s inconnu du référentiel", what,
				code);
		set_idf(d, dept, NULL, "lieu_prefixe");
	}
}

void decp_geo_place(decp_norm *d, const orcs_dnode *lieu)
{
	orcs_decp_rec *r = d->r;
	orcs_str code = decp_text(d, orcs_dn_get(lieu, "code"));
	const orcs_dnode *tn = orcs_dn_get(lieu, "typeCode");
	char c[16];
	size_t n = 0, i;
	const char *type;

	r->lieu_type = decp_enum(d, E_LIEU_TYPE, tn, "lieuExecution.typeCode");
	if (!code.s || decp_null_text(code.s, code.n))
		return;
	for (i = 0; i < code.n && n < sizeof(c) - 1; i++)
		if (code.s[i] != ' ' && code.s[i] != '-' && code.s[i] != '.')
			c[n++] = (char)toupper((unsigned char)code.s[i]);
	c[n] = '\0';
	r->lieu_code = code;
	type = r->lieu_type.s;
	if (!type || !strcmp(type, "UNKNOWN")) {
		/* type missing: infer it from the shape of the code */
		if (n == 5 && all_digits(c, 5)) {
			if (!by_postcode(d, c) && !by_commune(d, c))
				by_prefix(d, c, "code");
		} else if (n == 2 || n == 3) {
			type = "DEP";
		}
		if (!type || !strcmp(type, "UNKNOWN"))
			return;
	}
	if (!strcmp(type, "CP")) {
		if (n == 5 && all_digits(c, 5)) {
			if (by_postcode(d, c))
				return;
			if (by_commune(d, c)) /* an INSEE code given as a postcode */
				orcs_decp_flagf(d->r, d->a, ORCS_F_GEO_UNKNOWN,
						"code postal %s" ORCS_NBSP ": code commune", c);
			else
				by_prefix(d, c, "code postal");
		} else if (n == 2 && idf_dept(c)) {
			by_prefix(d, c, "code postal");
		}
	} else if (!strcmp(type, "COM")) {
		if (n != 5 || by_commune(d, c))
			return;
		if (by_postcode(d, c)) /* a postcode given as a commune code */
			orcs_decp_flagf(d->r, d->a, ORCS_F_GEO_UNKNOWN,
					"code commune %s" ORCS_NBSP ": code postal", c);
		else
			by_prefix(d, c, "code commune");
	} else if (!strcmp(type, "ARR") || !strcmp(type, "CANT")) {
		/* municipal arrondissement (75101) or département prefix */
		if (n == 5 && find_commune(d->c->geo, c))
			by_commune(d, c);
		else if (n >= 2 && idf_dept(c)) {
			char dept[3] = { c[0], c[1], 0 };
			set_idf(d, dept, NULL, !strcmp(type, "ARR") ? "lieu_arrondissement" : "lieu_canton");
		}
	} else if (!strcmp(type, "DEP")) {
		const char *p = c;
		while (n > 2 && *p == '0') { /* "075" */
			p++;
			n--;
		}
		if (n == 2 && idf_dept(p)) {
			char dept[3] = { p[0], p[1], 0 };
			set_idf(d, dept, NULL, "lieu_departement");
		}
	} else if (!strcmp(type, "REG")) {
		if (!strcmp(c, "11") || !strcmp(c, "011") || !strcmp(c, "FRIDF"))
			set_idf(d, NULL, NULL, "lieu_region");
	}
}
