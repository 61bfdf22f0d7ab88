/*
 * engine.c - the indicator engine: validates a query against the catalogue
 * and the registry (a "plan"), builds the SQL of each grouping from the
 * registry's declarations, runs it, assembles the rows, applies secrecy and
 * attaches the previous year.  See engine.h and docs/indicators-engine.md.
 *
 * Terms used below:
 *  - a GROUPING is a set of the query's dimensions (a bit mask over
 *    by[0], by[1]): the total is mask 0, margins and cells the others.  An
 *    auxiliary grouping replaces a geographic dimension by its parent level
 *    (commune -> département) for secondary suppression only;
 *  - a CELLSET holds what one SQL query returned: per (year, codes) the
 *    values of the aggregates;
 *  - SLOTS name the aggregates of an implementation (numerator,
 *    denominator, coverage, persons, …).
 */
#include "indicators/engine_priv.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "indicators/secrecy.h"

#define NB ORCS_NBSP
#define MAXW (ORCS_IND_MAX_WHERE + 4)

/* ---- registry -------------------------------------------------------------- */

static const ind_family *const families[] = { &ind_family_decp, &ind_family_clauses };
#define NFAMILIES (sizeof(families) / sizeof(families[0]))

const ind_impl *ind_impl_at(unsigned i)
{
	unsigned f;
	for (f = 0; f < NFAMILIES; f++) {
		if (i < families[f]->nimpls)
			return &families[f]->impls[i];
		i -= families[f]->nimpls;
	}
	return NULL;
}

const ind_impl *ind_find_impl(const char *id)
{
	unsigned f, i;
	for (f = 0; f < NFAMILIES; f++)
		for (i = 0; i < families[f]->nimpls; i++)
			if (!strcmp(families[f]->impls[i].id, id))
				return &families[f]->impls[i];
	return NULL;
}

static const ind_pending *find_pending(const char *id)
{
	unsigned f, i;
	for (f = 0; f < NFAMILIES; f++)
		for (i = 0; i < families[f]->npending; i++)
			if (!strcmp(families[f]->pending[i].id, id))
				return &families[f]->pending[i];
	return NULL;
}

int orcs_ind_status(const char *id, const char **reason)
{
	const ind_pending *pd;
	if (reason)
		*reason = NULL;
	if (ind_find_impl(id))
		return 1;
	pd = find_pending(id);
	if (pd) {
		if (reason)
			*reason = pd->reason;
		return 0;
	}
	return -1;
}

const ind_dim *ind_cube_dim(const ind_cube *c, const char *name)
{
	for (; c; c = c->base) {
		const ind_dim *d;
		for (d = c->dims; d && d->name; d++)
			if (!strcmp(d->name, name))
				return d;
	}
	return NULL;
}

const ind_rule *ind_cube_rule(const ind_cube *c, const char *rule)
{
	for (; c; c = c->base) {
		int i;
		for (i = 0; i < IND_MAX_RULES && c->rules[i].rule; i++)
			if (!strcmp(c->rules[i].rule, rule))
				return &c->rules[i];
	}
	return NULL;
}

static const ind_level *dim_level(const ind_dim *d, const char *name)
{
	int i;
	if (!name)
		return &d->levels[0];
	for (i = 0; i < IND_MAX_LEVELS && d->levels[i].name; i++)
		if (!strcmp(d->levels[i].name, name))
			return &d->levels[i];
	return NULL;
}

const char *orcs_ind_dim_label(const char *dim)
{
	unsigned i;
	const ind_impl *im;
	for (i = 0; (im = ind_impl_at(i)) != NULL; i++) {
		const ind_dim *d = ind_cube_dim(im->cube, dim);
		if (d)
			return d->label;
	}
	return NULL;
}

static const ind_flagmap *find_flags(const char *indicator)
{
	unsigned i;
	for (i = 0; i < ind_quality_flags_count; i++)
		if (!strcmp(ind_quality_flags[i].indicator, indicator))
			return &ind_quality_flags[i];
	return NULL;
}

/* FNV-1a over the registry's SQL: the cache is stale when it changes. */
static uint64_t fnv_add(uint64_t h, const char *s)
{
	for (; s && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	h ^= 0xff;
	h *= 1099511628211ULL;
	return h;
}

static uint64_t hash_cube(uint64_t h, const ind_cube *c)
{
	int i, k;
	const ind_dim *d;
	for (; c; c = c->base) {
		h = fnv_add(h, c->name);
		h = fnv_add(h, c->from);
		h = fnv_add(h, c->scope);
		for (i = 0; i < IND_MAX_RULES && c->rules[i].rule; i++) {
			h = fnv_add(h, c->rules[i].join);
			h = fnv_add(h, c->rules[i].expr);
		}
		for (d = c->dims; d && d->name; d++)
			for (k = 0; k < IND_MAX_LEVELS && d->levels[k].name; k++) {
				h = fnv_add(h, d->levels[k].expr);
				h = fnv_add(h, d->levels[k].join);
				h = fnv_add(h, d->levels[k].domain);
				h = fnv_add(h, d->levels[k].set);
			}
	}
	return h;
}

const char *ind_registry_fingerprint(void)
{
	static char hex[17];
	uint64_t h = 1469598103934665603ULL;
	unsigned i;
	int k;
	const ind_impl *im;
	if (hex[0])
		return hex;
	h = fnv_add(h, "engine-1");
	for (i = 0; (im = ind_impl_at(i)) != NULL; i++) {
		const char *parts[] = { im->id, im->filter, im->num, im->den, im->cov_num, im->cov_den,
					im->cov_rule, im->kind_dims, im->kind_num, im->force_by,
					im->default_where, im->max_geo, im->persons, im->contrib_key,
					im->contrib_value, im->contrib_filter, im->flags };
		unsigned j;
		char kind[32];
		for (j = 0; j < sizeof(parts) / sizeof(parts[0]); j++)
			h = fnv_add(h, parts[j]);
		snprintf(kind, sizeof(kind), "%d/%g/%d", (int)im->kind, im->den_const, im->persons_num);
		h = fnv_add(h, kind);
		for (k = 0; k < ORCS_IND_MAX_EXTRA; k++) {
			h = fnv_add(h, im->extras[k].num);
			h = fnv_add(h, im->extras[k].den);
		}
		h = hash_cube(h, im->cube);
		h = hash_cube(h, im->cov_cube);
		h = hash_cube(h, im->contrib_cube);
	}
	for (i = 0; i < ind_quality_flags_count; i++)
		h = fnv_add(h, ind_quality_flags[i].codes);
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)h);
	return hex;
}

/* ---- a string -> int map (open addressing) ----------------------------------- */

typedef struct strmap {
	char **keys;
	int *vals;
	size_t cap, n;
} strmap;

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static int strmap_get(const strmap *m, const char *k)
{
	size_t i;
	if (!m->cap)
		return -1;
	for (i = hash_str(k) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (!strcmp(m->keys[i], k))
			return m->vals[i];
	return -1;
}

static void strmap_put(strmap *m, const char *k, int v);

static void strmap_grow(strmap *m)
{
	strmap old = *m;
	size_t i;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->n = 0;
	m->keys = orcs_xcalloc(m->cap, sizeof(char *));
	m->vals = orcs_xcalloc(m->cap, sizeof(int));
	for (i = 0; i < old.cap; i++)
		if (old.keys[i]) {
			strmap_put(m, old.keys[i], old.vals[i]);
			free(old.keys[i]);
		}
	free(old.keys);
	free(old.vals);
}

static void strmap_put(strmap *m, const char *k, int v)
{
	size_t i;
	if ((m->n + 1) * 2 > m->cap)
		strmap_grow(m);
	for (i = hash_str(k) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (!strcmp(m->keys[i], k)) {
			m->vals[i] = v;
			return;
		}
	m->keys[i] = orcs_xstrdup(k);
	m->vals[i] = v;
	m->n++;
}

static void strmap_free(strmap *m)
{
	size_t i;
	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* Key of (year, codes of the dimensions in `mask`); NULL codes are \x01. */
static void cell_key(orcs_buf *b, int year, unsigned mask, char *const *codes)
{
	int i;
	orcs_buf_reset(b);
	orcs_buf_addf(b, "%d", year);
	for (i = 0; i < ORCS_IND_MAX_BY; i++)
		if (mask & (1u << i)) {
			orcs_buf_addc(b, '\x1f');
			orcs_buf_adds(b, codes[i] ? codes[i] : "\x01");
		}
}

static char *xdup(const char *s)
{
	return s ? orcs_xstrdup(s) : NULL;
}

static int same_code(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* ---- cellsets ---------------------------------------------------------------- */

typedef struct cellset {
	int ran;       /* the query ran (else its figures are not available) */
	int nv;        /* values per cell */
	int n, cap;
	int *year;
	char **codes;  /* ORCS_IND_MAX_BY per cell, by-dimension index */
	char **ent;    /* per-enterprise rows (contributors): the enterprise, else NULL */
	double *v;     /* nv per cell; NAN = SQL NULL */
	strmap map;
} cellset;

static void cs_release(cellset *cs)
{
	int i;
	for (i = 0; i < cs->n * ORCS_IND_MAX_BY; i++)
		free(cs->codes[i]);
	for (i = 0; cs->ent && i < cs->n; i++)
		free(cs->ent[i]);
	free(cs->ent);
	free(cs->year);
	free(cs->codes);
	free(cs->v);
	strmap_free(&cs->map);
	memset(cs, 0, sizeof(*cs));
}

/* Appends a cell (codes and enterprise copied) with NAN values; returns it. */
static int cs_add(cellset *cs, const char *key, int year, char *const *codes, const char *ent)
{
	int j = cs->n, k;
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 16;
		cs->year = orcs_xrealloc(cs->year, (size_t)cs->cap * sizeof(int));
		cs->codes = orcs_xrealloc(cs->codes, (size_t)cs->cap * ORCS_IND_MAX_BY * sizeof(char *));
		cs->v = orcs_xrealloc(cs->v, (size_t)cs->cap * (size_t)(cs->nv ? cs->nv : 1) *
						     sizeof(double));
		if (ent || cs->ent)
			cs->ent = orcs_xrealloc(cs->ent, (size_t)cs->cap * sizeof(char *));
	}
	cs->year[j] = year;
	for (k = 0; k < ORCS_IND_MAX_BY; k++)
		cs->codes[j * ORCS_IND_MAX_BY + k] = codes[k] ? orcs_xstrdup(codes[k]) : NULL;
	if (cs->ent)
		cs->ent[j] = ent ? orcs_xstrdup(ent) : NULL;
	for (k = 0; k < cs->nv; k++)
		cs->v[(size_t)j * (size_t)cs->nv + (size_t)k] = NAN;
	strmap_put(&cs->map, key, j);
	cs->n++;
	return j;
}

static const double *cs_find(const cellset *cs, int year, unsigned mask, char *const *codes)
{
	orcs_buf k = ORCS_BUF_INIT;
	int i;
	if (!cs->ran)
		return NULL;
	cell_key(&k, year, mask, codes);
	i = strmap_get(&cs->map, k.data);
	orcs_buf_release(&k);
	return i < 0 ? NULL : &cs->v[(size_t)i * (size_t)cs->nv];
}

/* A copy of `src` whose code positions are rearranged: dst position i takes
 * src position perm[i] (for i in dst_mask); year 0 for every cell when
 * `merge_years` (the cells of every year are summed). */
static cellset *cs_copy(const cellset *src, const int *perm, unsigned dst_mask, int merge_years)
{
	orcs_buf key = ORCS_BUF_INIT;
	cellset *cs = orcs_xcalloc(1, sizeof(cellset));
	int i, k;
	cs->nv = src->nv;
	cs->ran = src->ran;
	if (src->ent)
		cs->ent = orcs_xmalloc(sizeof(char *));
	for (i = 0; i < src->n; i++) {
		char *codes[ORCS_IND_MAX_BY];
		const double *v = &src->v[(size_t)i * (size_t)cs->nv];
		const char *ent = src->ent ? src->ent[i] : NULL;
		int year = merge_years ? 0 : src->year[i], j;
		for (k = 0; k < ORCS_IND_MAX_BY; k++)
			codes[k] = (dst_mask & (1u << k)) ? src->codes[i * ORCS_IND_MAX_BY + perm[k]] : NULL;
		cell_key(&key, year, dst_mask, codes);
		if (src->ent) {
			orcs_buf_addc(&key, '\x1e');
			orcs_buf_adds(&key, ent ? ent : "");
		}
		j = strmap_get(&cs->map, key.data);
		if (j < 0)
			j = cs_add(cs, key.data, year, codes, ent);
		for (k = 0; k < cs->nv; k++) {
			double *d = &cs->v[(size_t)j * (size_t)cs->nv + (size_t)k];
			if (!isnan(v[k]))
				*d = isnan(*d) ? v[k] : *d + v[k];
		}
	}
	orcs_buf_release(&key);
	return cs;
}

/* ---- the plan -------------------------------------------------------------- */

enum {
	S_NUM, S_DEN, S_COVN, S_COVD, S_PERS, S_KNUM,
	S_X0N, S_X0D, S_X1N, S_X1D, S_X2N, S_X2D, S_X3N, S_X3D,
	NSLOT
};

typedef struct pdim {
	const ind_dim *dim;
	const ind_level *lv;
	char *canon;   /* "dim:level" */
	int kind;      /* splits the numerator only */
	/* domain: codes in display order with labels */
	int ndom;
	char **dom_code, **dom_label;
	strmap dom_index;
	strmap label_cache; /* code -> index in labels */
	char **labels;
	int nlabels;
} pdim;

typedef struct pwhere {
	const ind_dim *dim;
	const ind_level *lv;
	char *canon;
	char *value;
	int dflt;      /* added by the implementation's default_where */
} pwhere;

struct ind_plan {
	const ind_impl *impl;
	const ind_rule *rule;
	int version, additive;
	char *label, *unit, *year_rule, *caveats, *secrecy_txt, *cat_dims;
	int klass;           /* secrecy class applied to public outputs */
	int use_persons, use_contrib;
	int year, all_years;
	orcs_audience audience;
	int nby;
	pdim by[ORCS_IND_MAX_BY];
	unsigned kindmask;   /* by dimensions that are kind dimensions */
	int nwhere, user_where;
	pwhere where[MAXW];
	const char *sql[NSLOT]; /* aggregate of each slot, NULL = none */
	char *flags_sql;
	char by_key[256];
	char *cache_key;     /* by_key, then "?dim:level=value" per filter of the query */
	orcs_db *db;
	int *nqueries;       /* counts the SQL queries run, or NULL */
	ind_scanner *scan;   /* the refresh's scans, or NULL */
};

const ind_impl *ind_plan_impl(const ind_plan *p)
{
	return p->impl;
}
int ind_plan_version(const ind_plan *p)
{
	return p->version;
}
int ind_plan_additive(const ind_plan *p)
{
	return p->additive;
}
const char *ind_plan_by_key(const ind_plan *p)
{
	return p->by_key;
}
int ind_plan_unfiltered(const ind_plan *p)
{
	return !p->user_where;
}
const char *ind_plan_cache_key(const ind_plan *p)
{
	return p->cache_key;
}

void ind_plan_free(ind_plan *p)
{
	int i, k;
	if (!p)
		return;
	free(p->label);
	free(p->unit);
	free(p->year_rule);
	free(p->caveats);
	free(p->secrecy_txt);
	free(p->cat_dims);
	free(p->flags_sql);
	free(p->cache_key);
	for (i = 0; i < p->nby; i++) {
		pdim *d = &p->by[i];
		free(d->canon);
		for (k = 0; k < d->ndom; k++) {
			free(d->dom_code[k]);
			free(d->dom_label[k]);
		}
		free(d->dom_code);
		free(d->dom_label);
		strmap_free(&d->dom_index);
		strmap_free(&d->label_cache);
		for (k = 0; k < d->nlabels; k++)
			free(d->labels[k]);
		free(d->labels);
	}
	for (i = 0; i < p->nwhere; i++) {
		free(p->where[i].canon);
		free(p->where[i].value);
	}
	free(p);
}

/* True when `name` is in the comma-separated `list`. */
static int in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *s = list;
	while (s && *s) {
		const char *e = strchr(s, ',');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		while (len && s[0] == ' ') {
			s++;
			len--;
		}
		if (len == n && !strncmp(s, name, n))
			return 1;
		s = e ? e + 1 : NULL;
	}
	return 0;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? orcs_xstrdup((const char *)t) : NULL;
}

static int load_catalogue(orcs_db *db, ind_plan *p, const char *id, orcs_error *err)
{
	sqlite3_stmt *st;
	int rc;
	if (orcs_db_prepare(db, &st,
			    "SELECT version, label, unit, dims, year_rule, additive, secrecy, caveats "
			    "FROM ind_catalogue WHERE id = ?1 ORDER BY version DESC LIMIT 1",
			    err))
		return ORCS_EIO;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return orcs_db_error(db, "lecture du catalogue des indicateurs", err);
		return orcs_error_set(err, ORCS_EUSAGE,
				      "indicateur inconnu « %s » (voir « orcs stats --list »)", id);
	}
	p->version = sqlite3_column_int(st, 0);
	p->label = col_dup(st, 1);
	p->unit = col_dup(st, 2);
	p->cat_dims = col_dup(st, 3);
	p->year_rule = col_dup(st, 4);
	{
		const unsigned char *a = sqlite3_column_text(st, 5);
		p->additive = a && !strcmp((const char *)a, "yes");
	}
	p->secrecy_txt = col_dup(st, 6);
	p->caveats = col_dup(st, 7);
	sqlite3_finalize(st);
	return ORCS_OK;
}

static const char *cat_dims_text(const ind_plan *p)
{
	return p->cat_dims && *p->cat_dims ? p->cat_dims : "aucune";
}

/* Resolves "dim[:level]" for the plan's indicator. */
static int resolve_dim(const ind_plan *p, const char *spec, const ind_dim **dim,
		       const ind_level **lv, char **canon, orcs_error *err)
{
	char name[64];
	const char *colon = strchr(spec, ':');
	const char *level = colon ? colon + 1 : NULL;
	size_t n = colon ? (size_t)(colon - spec) : strlen(spec);
	const ind_level *l;
	orcs_buf b = ORCS_BUF_INIT;

	if (n == 0 || n >= sizeof(name))
		return orcs_error_set(err, ORCS_EUSAGE, "dimension invalide « %s »", spec);
	memcpy(name, spec, n);
	name[n] = '\0';
	if (!in_list(p->cat_dims, name))
		return orcs_error_set(err, ORCS_EUSAGE,
				      "dimension « %s » non prévue pour %s (dimensions" NB ": %s)",
				      name, p->impl->id, cat_dims_text(p));
	*dim = ind_cube_dim(p->impl->cube, name);
	if (!*dim) {
		const char *why = NULL;
		const ind_cube *c;
		for (c = p->impl->cube; c && !why; c = c->base)
			if (c->missing && !strncmp(c->missing, name, n) &&
			    !((c->missing[n] >= 'a' && c->missing[n] <= 'z') || c->missing[n] == '_'))
				why = c->missing;
		return orcs_error_set(err, ORCS_EUSAGE,
				      "dimension « %s » pas encore disponible pour %s%s%s%s", name,
				      p->impl->id, why ? " (" : "", why ? why : "", why ? ")" : "");
	}
	l = dim_level(*dim, level);
	if (!l || (level && !*level)) {
		int i;
		for (i = 0; i < IND_MAX_LEVELS && (*dim)->levels[i].name; i++)
			orcs_buf_addf(&b, "%s%s", i ? ", " : "", (*dim)->levels[i].name);
		orcs_error_set(err, ORCS_EUSAGE,
			       "niveau inconnu « %s » pour la dimension %s (niveaux" NB ": %s)",
			       level ? level : "", name, b.data);
		orcs_buf_release(&b);
		return ORCS_EUSAGE;
	}
	if (p->impl->max_geo && (!strcmp(l->name, "commune") || !strcmp(l->name, "ept")))
		return orcs_error_set(err, ORCS_EUSAGE,
				      "niveau « %s » refusé pour %s" NB ": publication au niveau du "
				      "département au plus fin",
				      l->name, p->impl->id);
	*lv = l;
	/* geographic dimensions always carry their level (geo_exec:dept); the
	 * others only when it is not the default one */
	if (dim_level(*dim, "dept") || l != &(*dim)->levels[0])
		orcs_buf_addf(&b, "%s:%s", name, l->name);
	else
		orcs_buf_adds(&b, name);
	*canon = orcs_buf_detach(&b, NULL);
	return ORCS_OK;
}

static int by_index(const ind_plan *p, const char *dim)
{
	int i;
	for (i = 0; i < p->nby; i++)
		if (!strcmp(p->by[i].dim->name, dim))
			return i;
	return -1;
}

static int where_index(const ind_plan *p, const char *dim)
{
	int i;
	for (i = 0; i < p->nwhere; i++)
		if (!strcmp(p->where[i].dim->name, dim))
			return i;
	return -1;
}

static int add_by(ind_plan *p, const char *spec, orcs_error *err)
{
	const ind_dim *d;
	const ind_level *l;
	char *canon;
	int i, rc = resolve_dim(p, spec, &d, &l, &canon, err);
	if (rc)
		return rc;
	i = by_index(p, d->name);
	if (i >= 0) { /* given twice, or over a forced breakdown: the last level wins */
		free(p->by[i].canon);
		p->by[i].lv = l;
		p->by[i].canon = canon;
		return ORCS_OK;
	}
	if (p->nby >= ORCS_IND_MAX_BY) {
		free(canon);
		return orcs_error_set(err, ORCS_EUSAGE,
				      "--by" NB ": au plus %d dimensions (« %s » de trop%s%s)",
				      ORCS_IND_MAX_BY, spec,
				      p->impl->force_by ? NB "; déjà ventilé par " : "",
				      p->impl->force_by ? p->impl->force_by : "");
	}
	p->by[p->nby].dim = d;
	p->by[p->nby].lv = l;
	p->by[p->nby].canon = canon;
	p->by[p->nby].kind = p->impl->kind_dims && in_list(p->impl->kind_dims, d->name);
	if (p->by[p->nby].kind)
		p->kindmask |= 1u << p->nby;
	p->nby++;
	return ORCS_OK;
}

static int add_where(ind_plan *p, const char *spec, const char *value, int dflt, orcs_error *err)
{
	const ind_dim *d;
	const ind_level *l;
	char *canon;
	int rc = resolve_dim(p, spec, &d, &l, &canon, err);
	if (rc)
		return rc;
	if (by_index(p, d->name) >= 0 || where_index(p, d->name) >= 0) {
		free(canon);
		return orcs_error_set(err, ORCS_EUSAGE,
				      "--where" NB ": la dimension « %s » est déjà ventilée ou filtrée",
				      d->name);
	}
	if (p->impl->kind_dims && in_list(p->impl->kind_dims, d->name)) {
		free(canon);
		return orcs_error_set(err, ORCS_EUSAGE,
				      "--where" NB ": « %s » répartit le numérateur de %s" NB
				      "; utilisez --by %s",
				      d->name, p->impl->id, d->name);
	}
	if (p->nwhere >= MAXW) {
		free(canon);
		return orcs_error_set(err, ORCS_EUSAGE, "--where" NB ": trop de filtres");
	}
	p->where[p->nwhere].dim = d;
	p->where[p->nwhere].lv = l;
	p->where[p->nwhere].canon = canon;
	p->where[p->nwhere].value = orcs_xstrdup(value);
	p->where[p->nwhere].dflt = dflt;
	p->nwhere++;
	return ORCS_OK;
}

/* Applies "dim=value[,dim=value]" defaults for dimensions the query leaves free. */
static int add_default_where(ind_plan *p, orcs_error *err)
{
	const char *s = p->impl->default_where;
	while (s && *s) {
		const char *e = strchr(s, ',');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char item[128], *eq;
		snprintf(item, sizeof(item), "%.*s", (int)len, s);
		eq = strchr(item, '=');
		if (eq) {
			char dim[64];
			*eq = '\0';
			snprintf(dim, sizeof(dim), "%.*s", (int)strcspn(item, ":"), item);
			if (by_index(p, dim) < 0 && where_index(p, dim) < 0) {
				int rc = add_where(p, item, eq + 1, 1, err);
				if (rc)
					return rc;
			}
		}
		s = e ? e + 1 : NULL;
	}
	return ORCS_OK;
}

static int secrecy_class(const ind_plan *p)
{
	const char *s = p->secrecy_txt ? p->secrecy_txt : "S0";
	int i;
	if (!strcmp(s, "S0/S2")) { /* S2 as soon as a person attribute is involved */
		for (i = 0; i < p->nby; i++)
			if (p->by[i].dim->person)
				return ORCS_S2;
		for (i = 0; i < p->nwhere; i++)
			if (p->where[i].dim->person)
				return ORCS_S2;
		return ORCS_S0;
	}
	if (!strncmp(s, "S3", 2))
		return ORCS_S3;
	if (!strncmp(s, "S2", 2))
		return ORCS_S2;
	if (!strncmp(s, "S1", 2))
		return ORCS_S1;
	return ORCS_S0;
}

/* "{FLAGS}": the record carries any of the indicator's quality flags. */
static char *flags_sql(const ind_impl *im)
{
	const ind_flagmap *fm = find_flags(im->flags);
	orcs_buf b = ORCS_BUF_INIT;
	const char *s;
	int first = 1;
	orcs_buf_adds(&b, "sum(EXISTS (SELECT 1 FROM decp_flag f WHERE f.contract_id = c.id AND "
			  "f.code IN (");
	for (s = fm ? fm->codes : ""; *s;) {
		size_t len = strcspn(s, ",");
		size_t k;
		orcs_buf_adds(&b, first ? "'" : ", '");
		for (k = 0; k < len; k++) /* codes are [a-z_] constants of the registry */
			if ((s[k] >= 'a' && s[k] <= 'z') || s[k] == '_' || (s[k] >= '0' && s[k] <= '9'))
				orcs_buf_addc(&b, s[k]);
		orcs_buf_addc(&b, '\'');
		first = 0;
		s += len;
		if (*s == ',')
			s++;
	}
	if (first)
		orcs_buf_adds(&b, "NULL");
	orcs_buf_adds(&b, ")))");
	return orcs_buf_detach(&b, NULL);
}

int ind_plan_new(orcs_db *db, const orcs_ind_query *q, int all_years, ind_plan **out,
		 orcs_error *err)
{
	ind_plan *p;
	const ind_impl *im;
	const char *reason;
	int i, rc;

	*out = NULL;
	if (!q->indicator || !*q->indicator)
		return orcs_error_set(err, ORCS_EUSAGE, "indiquez un INDICATEUR ou --list");
	im = ind_find_impl(q->indicator);
	if (!im) {
		if (orcs_ind_status(q->indicator, &reason) == 0)
			return orcs_error_set(err, ORCS_EUSAGE,
					      "indicateur « %s » pas encore calculable" NB ": %s",
					      q->indicator, reason);
	}
	p = orcs_xcalloc(1, sizeof(*p));
	p->db = db;
	p->impl = im;
	rc = load_catalogue(db, p, q->indicator, err);
	if (rc)
		goto fail;
	if (!im) {
		rc = orcs_error_set(err, ORCS_EUSAGE,
				    "indicateur « %s » absent du moteur de calcul", q->indicator);
		goto fail;
	}
	p->rule = ind_cube_rule(im->cube, p->year_rule);
	if (!p->rule) {
		rc = orcs_error_set(err, ORCS_EIO, "%s" NB ": règle d'année %s non déclarée pour le "
					      "cube %s",
				    im->id, p->year_rule, im->cube->name);
		goto fail;
	}
	p->all_years = all_years;
	p->year = all_years ? 0 : q->year;
	p->audience = q->audience;
	if (!all_years && q->year == 0 && !p->additive) {
		rc = orcs_error_set(err, ORCS_EUSAGE,
				    "%s n'est pas additif d'une année sur l'autre (règle %s)" NB ": "
				    "précisez --year",
				    im->id, p->year_rule);
		goto fail;
	}
	if (!all_years && q->year && (q->year < 2000 || q->year > 2100)) {
		rc = orcs_error_set(err, ORCS_EUSAGE, "année invalide « %d »", q->year);
		goto fail;
	}
	/* breakdown: the forced dimensions first, then the query's */
	if (im->force_by) {
		const char *s = im->force_by;
		while (*s) {
			char item[64];
			size_t len = strcspn(s, ",");
			snprintf(item, sizeof(item), "%.*s", (int)len, s);
			if ((rc = add_by(p, item, err)) != ORCS_OK)
				goto fail;
			s += len;
			if (*s == ',')
				s++;
		}
	}
	for (i = 0; i < q->nby && i < ORCS_IND_MAX_BY; i++)
		if ((rc = add_by(p, q->by[i], err)) != ORCS_OK)
			goto fail;
	for (i = 0; i < q->nwhere && i < ORCS_IND_MAX_WHERE; i++) {
		if (!q->where[i].dim || !q->where[i].value) {
			rc = orcs_error_set(err, ORCS_EUSAGE, "--where" NB ": filtre incomplet");
			goto fail;
		}
		if ((rc = add_where(p, q->where[i].dim, q->where[i].value, 0, err)) != ORCS_OK)
			goto fail;
		p->user_where = 1;
	}
	if ((rc = add_default_where(p, err)) != ORCS_OK)
		goto fail;
	p->klass = secrecy_class(p);
	p->use_persons = p->klass == ORCS_S2 && im->persons;
	p->use_contrib = im->contrib_key && (p->klass == ORCS_S1 ||
					     (p->klass == ORCS_S2 && strstr(p->secrecy_txt, "S1")));
	/* slots */
	if (im->flags) {
		p->flags_sql = flags_sql(im);
		p->sql[S_NUM] = p->flags_sql;
	} else {
		p->sql[S_NUM] = im->num;
	}
	p->sql[S_DEN] = im->den;
	if (!im->cov_cube) {
		p->sql[S_COVN] = im->cov_num;
		p->sql[S_COVD] = im->cov_den;
	}
	p->sql[S_PERS] = p->use_persons ? im->persons : NULL;
	p->sql[S_KNUM] = p->kindmask ? im->kind_num : NULL;
	for (i = 0; i < ORCS_IND_MAX_EXTRA; i++) {
		p->sql[S_X0N + 2 * i] = im->extras[i].num;
		p->sql[S_X0D + 2 * i] = im->extras[i].num ? im->extras[i].den : NULL;
	}
	for (i = 0; i < p->nby; i++)
		snprintf(p->by_key + strlen(p->by_key), sizeof(p->by_key) - strlen(p->by_key), "%s%s",
			 i ? "," : "", p->by[i].canon);
	{
		/* the query's own filters, in its order (default ones follow
		 * from the implementation) */
		orcs_buf key = ORCS_BUF_INIT;
		orcs_buf_adds(&key, p->by_key);
		for (i = 0; i < p->nwhere; i++)
			if (!p->where[i].dflt)
				orcs_buf_addf(&key, "?%s=%s", p->where[i].canon, p->where[i].value);
		p->cache_key = orcs_buf_detach(&key, NULL);
	}
	*out = p;
	return ORCS_OK;
fail:
	ind_plan_free(p);
	return rc;
}

/* ---- SQL ----------------------------------------------------------------------- */

/* Copies `sql` replacing {Y} by the year expression and {V} by ?N. */
static void subst(orcs_buf *b, const char *sql, const char *yexpr, int vparam)
{
	const char *s = sql;
	while (*s) {
		if (!strncmp(s, "{Y}", 3)) {
			orcs_buf_addf(b, "(%s)", yexpr);
			s += 3;
		} else if (!strncmp(s, "{V}", 3)) {
			orcs_buf_addf(b, "?%d", vparam);
			s += 3;
		} else {
			orcs_buf_addc(b, *s++);
		}
	}
}

enum { YM_ALL = 0, YM_YEARS = 1 };

typedef struct qdef {
	const ind_cube *cube;
	const ind_rule *rule;
	const char *filters[3];
	const ind_level *glv[ORCS_IND_MAX_BY]; /* grouped level of by[i], or NULL */
	const ind_level *wlv[MAXW];            /* level of where[i] on this cube */
	const ind_plan *p;
	int ymode, y0, y1;                    /* YM_YEARS: y0..y1, 0 = unbounded */
	const char *const *aggs;
	int naggs;
	const char *contrib_key, *contrib_value; /* contributor mode */
	int per_enterprise;   /* contributor mode: one row per cell and enterprise */
} qdef;

static void add_join(const char **joins, int *n, const char *j)
{
	int i;
	if (!j)
		return;
	for (i = 0; i < *n; i++)
		if (!strcmp(joins[i], j))
			return;
	joins[(*n)++] = j;
}

static void build_sql(const qdef *q, orcs_buf *b)
{
	const char *y = q->rule->expr;
	const char *joins[ORCS_IND_MAX_BY + MAXW + 1];
	int nj = 0, i, ng = 0;
	int contrib = q->contrib_key != NULL;

	for (i = 0; i < ORCS_IND_MAX_BY; i++)
		if (q->glv[i])
			ng++;
	if (contrib)
		orcs_buf_adds(b, "WITH b AS (");
	orcs_buf_adds(b, "SELECT ");
	if (q->ymode == YM_YEARS)
		orcs_buf_addf(b, "(%s) AS yr", y);
	else
		orcs_buf_adds(b, "0 AS yr");
	for (i = 0; i < ORCS_IND_MAX_BY; i++)
		if (q->glv[i]) {
			orcs_buf_adds(b, ", ");
			subst(b, q->glv[i]->expr, y, 0);
			orcs_buf_addf(b, " AS g%d", i);
		}
	if (contrib) {
		orcs_buf_adds(b, ", ");
		subst(b, q->contrib_key, y, 0);
		orcs_buf_adds(b, " AS k, ");
		subst(b, q->contrib_value, y, 0);
		orcs_buf_adds(b, " AS v");
	} else {
		for (i = 0; i < q->naggs; i++) {
			orcs_buf_adds(b, ", ");
			subst(b, q->aggs[i], y, 0);
		}
	}
	orcs_buf_addf(b, " FROM %s", q->cube->from);
	add_join(joins, &nj, q->rule->join);
	for (i = 0; i < ORCS_IND_MAX_BY; i++)
		if (q->glv[i])
			add_join(joins, &nj, q->glv[i]->join);
	for (i = 0; i < q->p->nwhere; i++)
		if (!q->wlv[i]->multi)
			add_join(joins, &nj, q->wlv[i]->join);
	for (i = 0; i < nj; i++)
		orcs_buf_addf(b, " %s", joins[i]);
	orcs_buf_adds(b, " WHERE 1");
	if (q->cube->scope)
		orcs_buf_addf(b, " AND (%s)", q->cube->scope);
	for (i = 0; i < 3; i++)
		if (q->filters[i]) {
			orcs_buf_adds(b, " AND (");
			subst(b, q->filters[i], y, 0);
			orcs_buf_adds(b, ")");
		}
	if (q->ymode == YM_YEARS && q->y0)
		orcs_buf_addf(b, " AND (%s) BETWEEN ?1 AND ?2", y);
	else
		orcs_buf_addf(b, " AND (%s) IS NOT NULL", y);
	for (i = 0; i < q->p->nwhere; i++) {
		const ind_level *l = q->wlv[i];
		orcs_buf_adds(b, " AND (");
		if (l->multi && l->match) {
			subst(b, l->match, y, 3 + i);
		} else {
			orcs_buf_adds(b, "(");
			subst(b, l->expr, y, 0);
			orcs_buf_addf(b, ") = ?%d", 3 + i);
		}
		orcs_buf_adds(b, ")");
	}
	if (!contrib && (q->ymode == YM_YEARS || ng)) {
		int first = 1;
		orcs_buf_adds(b, " GROUP BY ");
		if (q->ymode == YM_YEARS) {
			orcs_buf_addf(b, "(%s)", y);
			first = 0;
		}
		for (i = 0; i < ORCS_IND_MAX_BY; i++)
			if (q->glv[i]) {
				orcs_buf_adds(b, first ? "" : ", ");
				subst(b, q->glv[i]->expr, y, 0);
				first = 0;
			}
	}
	if (contrib) {
		orcs_buf_adds(b, "), p AS (SELECT yr");
		for (i = 0; i < ORCS_IND_MAX_BY; i++)
			if (q->glv[i])
				orcs_buf_addf(b, ", g%d", i);
		orcs_buf_adds(b, ", k, sum(v) AS v FROM b WHERE k IS NOT NULL GROUP BY yr");
		for (i = 0; i < ORCS_IND_MAX_BY; i++)
			if (q->glv[i])
				orcs_buf_addf(b, ", g%d", i);
		orcs_buf_adds(b, ", k) SELECT yr");
		for (i = 0; i < ORCS_IND_MAX_BY; i++)
			if (q->glv[i])
				orcs_buf_addf(b, ", g%d", i);
		if (q->per_enterprise) {
			orcs_buf_adds(b, ", v, k FROM p");
			return;
		}
		orcs_buf_adds(b, ", count(*), CASE WHEN sum(v) > 0 THEN max(v) / sum(v) END FROM p "
				 "GROUP BY yr");
		for (i = 0; i < ORCS_IND_MAX_BY; i++)
			if (q->glv[i])
				orcs_buf_addf(b, ", g%d", i);
	}
}

/* ORCS_IND_TRACE=1 prints each query and its duration on stderr (developers). */
static void trace_start(double *t0)
{
	struct timespec ts;
	*t0 = -1;
	if (!getenv("ORCS_IND_TRACE"))
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	*t0 = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void trace_end(double t0, sqlite3_stmt *st)
{
	struct timespec ts;
	char *sql;
	if (t0 < 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	sql = sqlite3_expanded_sql(st);
	fprintf(stderr, "[%.3f s] %s\n", (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 - t0,
		sql ? sql : sqlite3_sql(st));
	sqlite3_free(sql);
}

static int scan_hook(ind_scanner *sc, const qdef *q, cellset *out);

static int run_query(orcs_db *db, const qdef *q, cellset *out, orcs_error *err)
{
	double t0;
	orcs_buf sql = ORCS_BUF_INIT, key = ORCS_BUF_INIT;
	sqlite3_stmt *st;
	int i, rc, col;
	char *codes[ORCS_IND_MAX_BY];
	unsigned mask = 0;

	if (q->p->scan && scan_hook(q->p->scan, q, out))
		return ORCS_OK;
	memset(out, 0, sizeof(*out));
	out->nv = q->per_enterprise ? 1 : q->contrib_key ? 2 : q->naggs;
	if (q->per_enterprise)
		out->ent = orcs_xmalloc(sizeof(char *)); /* marks the mode; grown by cs_add */
	for (i = 0; i < ORCS_IND_MAX_BY; i++)
		if (q->glv[i])
			mask |= 1u << i;
	build_sql(q, &sql);
	rc = sqlite3_prepare_v2(orcs_db_sqlite(db), sql.data, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		orcs_error_set(err, ORCS_EIO, "%s" NB ": requête de l'indicateur invalide (%s)",
			       orcs_db_path(db), sqlite3_errmsg(orcs_db_sqlite(db)));
		orcs_buf_release(&sql);
		return ORCS_EIO;
	}
	orcs_buf_release(&sql);
	if (q->p->nqueries)
		(*q->p->nqueries)++;
	if (q->ymode == YM_YEARS && q->y0) {
		sqlite3_bind_int(st, 1, q->y0);
		sqlite3_bind_int(st, 2, q->y1);
	}
	trace_start(&t0);
	for (i = 0; i < q->p->nwhere; i++)
		sqlite3_bind_text(st, 3 + i, q->p->where[i].value, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int k, year = sqlite3_column_int(st, 0);
		const char *ent = NULL;
		col = 1;
		for (i = 0; i < ORCS_IND_MAX_BY; i++)
			codes[i] = q->glv[i] ? (char *)sqlite3_column_text(st, col++) : NULL;
		cell_key(&key, year, mask, codes);
		if (q->per_enterprise) {
			ent = (const char *)sqlite3_column_text(st, col + 1);
			orcs_buf_addc(&key, '\x1e');
			orcs_buf_adds(&key, ent ? ent : "");
		}
		k = cs_add(out, key.data, year, codes, ent);
		for (i = 0; i < out->nv; i++, col++)
			out->v[(size_t)k * (size_t)out->nv + (size_t)i] =
				sqlite3_column_type(st, col) == SQLITE_NULL ? NAN
									    : sqlite3_column_double(st, col);
	}
	orcs_buf_release(&key);
	if (rc != SQLITE_DONE) {
		orcs_error_set(err, ORCS_EIO, "%s" NB ": calcul de l'indicateur (%s)", orcs_db_path(db),
			       sqlite3_errmsg(orcs_db_sqlite(db)));
		sqlite3_finalize(st);
		cs_release(out);
		return ORCS_EIO;
	}
	trace_end(t0, st);
	sqlite3_finalize(st);
	out->ran = 1;
	return ORCS_OK;
}

/* Resolves the plan's dimensions on another cube (coverage, contributors);
 * returns 0 when one of them is not available there. */
static int resolve_on(const ind_plan *p, const ind_cube *c, const ind_level *const *glv_main,
		      const ind_level **glv, const ind_level **wlv)
{
	int i;
	for (i = 0; i < ORCS_IND_MAX_BY; i++) {
		glv[i] = NULL;
		if (glv_main[i]) {
			const ind_dim *d = ind_cube_dim(c, p->by[i].dim->name);
			if (!d || !(glv[i] = dim_level(d, glv_main[i]->name)))
				return 0;
		}
	}
	for (i = 0; i < p->nwhere; i++) {
		const ind_dim *d = ind_cube_dim(c, p->where[i].dim->name);
		if (!d || !(wlv[i] = dim_level(d, p->where[i].lv->name)))
			return 0;
	}
	return 1;
}

/* ---- groupings -------------------------------------------------------------------- */

typedef struct grouping {
	unsigned mask;
	cellset *main;
	int slot[NSLOT];            /* the plan's aggregates among main's columns, -1 absent */
	cellset cov, contrib;
} grouping;

/* The release of the same query at a parent geographic level (commune ->
 * département, EPT; EPT -> département), as that query publishes it. */
typedef struct parent_rel {
	int dim;                    /* by index whose level is replaced */
	strmap map;                 /* code -> index in pcodes */
	char **pcodes;
	int npcodes;
	orcs_ind_result rel[2];     /* [0] the year, [1] the year before */
	int have[2];
	const orcs_ind_result *src[2]; /* when set, the release used instead of rel[]
					* (the refresh: a result of its batch) */
} parent_rel;

/* Everything computed for one plan.  Plans of a batch (same cube, rule,
 * filter and filters) share their aggregates: the union of theirs
 * (`borrowed`: the batch owns the list); slot[] says where each of the
 * plan's is. */
typedef struct computation {
	ind_plan *p;
	grouping *g;
	int ng;
	int borrowed;
	const char **aggs;
	int naggs;
	int slot[NSLOT];
	long long excluded;
	cellset *pe;                /* contributors of the finest grouping, per enterprise */
	parent_rel *pr;
	int npr;
} computation;

static void comp_release(computation *c)
{
	int i, k;
	for (i = 0; i < c->ng; i++) {
		grouping *g = &c->g[i];
		if (g->main) {
			cs_release(g->main);
			free(g->main);
		}
		cs_release(&g->cov);
		cs_release(&g->contrib);
	}
	free(c->g);
	if (!c->borrowed)
		free(c->aggs);
	if (c->pe) {
		cs_release(c->pe);
		free(c->pe);
	}
	for (i = 0; i < c->npr; i++) {
		parent_rel *pr = &c->pr[i];
		strmap_free(&pr->map);
		for (k = 0; k < pr->npcodes; k++)
			free(pr->pcodes[k]);
		free(pr->pcodes);
		for (k = 0; k < 2; k++)
			if (pr->have[k])
				orcs_ind_result_release(&pr->rel[k]);
	}
	free(c->pr);
	memset(c, 0, sizeof(*c));
}

static grouping *find_grouping(const computation *c, unsigned mask)
{
	int i;
	for (i = 0; i < c->ng; i++)
		if (c->g[i].mask == mask)
			return &c->g[i];
	return NULL;
}

static grouping *new_grouping(computation *c, unsigned mask)
{
	grouping *g;
	c->g = orcs_xrealloc(c->g, (size_t)(c->ng + 1) * sizeof(*c->g));
	g = &c->g[c->ng++];
	memset(g, 0, sizeof(*g));
	g->mask = mask;
	return g;
}

/* Adds the aggregates of plan p to c->aggs (deduplicated) and maps its slots. */
static void map_slots(computation *c, const ind_plan *p, int *slot)
{
	int i, k;
	for (i = 0; i < NSLOT; i++) {
		slot[i] = -1;
		if (!p->sql[i])
			continue;
		for (k = 0; k < c->naggs && strcmp(c->aggs[k], p->sql[i]); k++)
			;
		if (k == c->naggs) {
			c->aggs = orcs_xrealloc(c->aggs, (size_t)(c->naggs + 1) * sizeof(char *));
			c->aggs[c->naggs++] = p->sql[i];
		}
		slot[i] = k;
	}
}

static void base_qdef(const computation *c, const grouping *g, int ymode, int y0, int y1,
		      qdef *q)
{
	const ind_plan *p = c->p;
	int i;
	memset(q, 0, sizeof(*q));
	q->cube = p->impl->cube;
	q->rule = p->rule;
	q->filters[0] = p->impl->filter;
	q->p = p;
	q->ymode = ymode;
	q->y0 = y0;
	q->y1 = y1;
	for (i = 0; i < ORCS_IND_MAX_BY; i++)
		q->glv[i] = (i < p->nby && (g->mask & (1u << i))) ? p->by[i].lv : NULL;
	for (i = 0; i < p->nwhere; i++)
		q->wlv[i] = p->where[i].lv;
}

/* The aggregates of grouping g, from one query. */
static int run_main(orcs_db *db, computation *c, grouping *g, int ymode, int y0, int y1,
		    orcs_error *err)
{
	qdef q;
	base_qdef(c, g, ymode, y0, y1, &q);
	q.aggs = c->aggs;
	q.naggs = c->naggs;
	memcpy(g->slot, c->slot, sizeof(g->slot));
	g->main = orcs_xcalloc(1, sizeof(cellset));
	return run_query(db, &q, g->main, err);
}

/* Sums the cells of `from` over the dimensions missing in `to->mask`. */
static void rollup(const grouping *from, grouping *to)
{
	int perm[ORCS_IND_MAX_BY] = { 0, 1 };
	to->main = cs_copy(from->main, perm, to->mask, 0);
	memcpy(to->slot, from->slot, sizeof(to->slot));
}

/* Contributors of the cells of `mask` from per-enterprise rows: distinct
 * enterprises and the largest one's share (v[0], v[1]).  Exact when the
 * dimensions summed over are partitions. */
static void contrib_from(const cellset *pe, unsigned mask, cellset *out)
{
	int perm[ORCS_IND_MAX_BY] = { 0, 1 }, i;
	cellset *per = cs_copy(pe, perm, mask, 0); /* (cell, enterprise) sums */
	orcs_buf key = ORCS_BUF_INIT;
	double *sum;
	memset(out, 0, sizeof(*out));
	out->nv = 2;
	out->ran = 1;
	sum = orcs_xcalloc((size_t)(per->n ? per->n : 1), sizeof(double));
	for (i = 0; i < per->n; i++) {
		char *const *codes = &per->codes[i * ORCS_IND_MAX_BY];
		double v = isnan(per->v[i]) ? 0 : per->v[i];
		double *d;
		int j;
		cell_key(&key, per->year[i], mask, codes);
		j = strmap_get(&out->map, key.data);
		if (j < 0) {
			j = cs_add(out, key.data, per->year[i], codes, NULL);
			out->v[2 * j] = 0;
			out->v[2 * j + 1] = 0; /* the largest contribution, divided below */
		}
		d = &out->v[2 * j];
		d[0] += 1;
		d[1] = v > d[1] ? v : d[1];
		sum[j] += v;
	}
	for (i = 0; i < out->n; i++)
		out->v[2 * i + 1] = sum[i] > 0 ? out->v[2 * i + 1] / sum[i] : NAN;
	free(sum);
	orcs_buf_release(&key);
	cs_release(per);
	free(per);
}

/* Runs one extra query (coverage, contributors); the refresh memoises them
 * (two indicators often need the same one). */
typedef int (*extra_fn)(orcs_db *db, void *memo, const computation *c, const grouping *g,
			const qdef *q, const char *what, cellset *out, orcs_error *err);

static int plain_extra(orcs_db *db, void *memo, const computation *c, const grouping *g,
		       const qdef *q, const char *what, cellset *out, orcs_error *err)
{
	(void)memo;
	(void)c;
	(void)g;
	(void)what;
	return run_query(db, q, out, err);
}

/* What the plan needs beyond the shared aggregates: coverage from another
 * cube, and the contributors of each cell (S1, public). */
static int run_extras(orcs_db *db, computation *c, grouping *g, int ymode, int y0, int y1,
		      extra_fn run, void *memo, orcs_error *err)
{
	ind_plan *p = c->p;
	const ind_impl *im = p->impl;
	qdef q;
	int rc;

	base_qdef(c, g, ymode, y0, y1, &q);
	if (im->cov_cube && im->cov_num) {
		qdef cq = q;
		const ind_rule *r = ind_cube_rule(im->cov_cube, im->cov_rule ? im->cov_rule : p->year_rule);
		const char *aggs[2];
		aggs[0] = im->cov_num;
		aggs[1] = im->cov_den;
		cq.cube = im->cov_cube;
		cq.filters[0] = NULL;
		cq.aggs = aggs;
		cq.naggs = 2;
		if (r && resolve_on(p, im->cov_cube, q.glv, cq.glv, cq.wlv)) {
			cq.rule = r;
			if ((rc = run(db, memo, c, g, &cq, "cov", &g->cov, err)) != ORCS_OK)
				return rc;
		}
	}
	if (p->use_contrib && p->audience == ORCS_AUDIENCE_PUBLIC) {
		qdef kq = q;
		const ind_cube *cc = im->contrib_cube ? im->contrib_cube : im->cube;
		const ind_rule *r = ind_cube_rule(cc, p->year_rule);
		kq.cube = cc;
		kq.filters[0] = im->contrib_cube ? NULL : im->filter;
		kq.filters[1] = im->contrib_filter;
		kq.contrib_key = im->contrib_key;
		kq.contrib_value = im->contrib_value;
		if (!r || !resolve_on(p, cc, q.glv, kq.glv, kq.wlv))
			return orcs_error_set(err, ORCS_EIO,
					      "%s" NB ": contributeurs non calculables sur le cube %s",
					      im->id, cc->name);
		kq.rule = r;
		/* the finest grouping per enterprise; coarser ones summed from it
		 * unless a multi-valued dimension is summed over */
		if (p->scan) {
			/* the refresh: each grouping's contributors straight from
			 * the scan, which streams them enterprise by enterprise
			 * (per-enterprise cells of the finest grouping would be
			 * held for the whole scan) */
			if ((rc = run(db, memo, c, g, &kq, "contrib", &g->contrib, err)) != ORCS_OK)
				return rc;
		} else if (g->mask == (1u << p->nby) - 1) {
			kq.per_enterprise = 1;
			c->pe = orcs_xcalloc(1, sizeof(cellset));
			if ((rc = run(db, memo, c, g, &kq, "contrib_pe", c->pe, err)) != ORCS_OK)
				return rc;
			contrib_from(c->pe, g->mask, &g->contrib);
		} else {
			int i, ok = c->pe != NULL;
			for (i = 0; i < p->nby && ok; i++)
				if (!(g->mask & (1u << i)) && p->by[i].lv->multi)
					ok = 0;
			if (ok)
				contrib_from(c->pe, g->mask, &g->contrib);
			else if ((rc = run(db, memo, c, g, &kq, "contrib", &g->contrib, err)) != ORCS_OK)
				return rc;
		}
	}
	return ORCS_OK;
}

/* Loads "code -> parent code". */
static int load_parent_map(orcs_db *db, parent_rel *pr, const char *sql, orcs_error *err)
{
	sqlite3_stmt *st;
	int rc;
	if (orcs_db_prepare(db, &st, sql, err))
		return ORCS_EIO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *a = sqlite3_column_text(st, 0), *b = sqlite3_column_text(st, 1);
		if (!a || !b)
			continue;
		pr->pcodes = orcs_xrealloc(pr->pcodes, (size_t)(pr->npcodes + 1) * sizeof(char *));
		pr->pcodes[pr->npcodes] = orcs_xstrdup((const char *)b);
		strmap_put(&pr->map, (const char *)a, pr->npcodes);
		pr->npcodes++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return orcs_db_error(db, "géographie de référence", err);
	return ORCS_OK;
}

/* True when `sql` is one sum(...) or count(*) aggregate: its value over a
 * union of groups is the sum of its values over each group. */
static int decomposable(const char *sql)
{
	size_t n;
	int depth = 0;
	const char *s;
	if (!sql)
		return 1;
	if (!strcmp(sql, "count(*)"))
		return 1;
	if (strncmp(sql, "sum(", 4) || strstr(sql, "DISTINCT"))
		return 0;
	n = strlen(sql);
	for (s = sql + 3; *s; s++) { /* the parenthesis opened by sum( closes at the end */
		if (*s == '(')
			depth++;
		else if (*s == ')' && --depth == 0)
			return (size_t)(s - sql) == n - 1;
	}
	return 0;
}

/* The main cellsets of every subset of the breakdown: the total, the
 * margins, the cells.  The finest grouping is queried; coarser ones are
 * summed from it when every aggregate is a sum and the dimensions summed
 * over are partitions, else queried too (distinct counts, multi-valued
 * dimensions). */
static int run_mains(orcs_db *db, computation *c, int ymode, int y0, int y1, orcs_error *err)
{
	ind_plan *p = c->p;
	unsigned full = (1u << p->nby) - 1, m;
	int rc, i, sums = 1;
	for (i = 0; i < c->naggs; i++)
		sums = sums && decomposable(c->aggs[i]);
	if ((rc = run_main(db, c, new_grouping(c, full), ymode, y0, y1, err)) != ORCS_OK)
		return rc;
	for (m = 0; m < full; m++) {
		int ok = sums;
		grouping *g;
		for (i = 0; i < p->nby && ok; i++)
			if (!(m & (1u << i)) && p->by[i].lv->multi)
				ok = 0;
		g = new_grouping(c, m);
		if (ok)
			rollup(find_grouping(c, full), g);
		else if ((rc = run_main(db, c, g, ymode, y0, y1, err)) != ORCS_OK)
			return rc;
	}
	return ORCS_OK;
}

static int run_all_extras(orcs_db *db, computation *c, int ymode, int y0, int y1, extra_fn run,
			  void *memo, orcs_error *err)
{
	int i, rc;
	for (i = 0; i < c->ng; i++)
		if ((rc = run_extras(db, c, &c->g[i], ymode, y0, y1, run ? run : plain_extra, memo,
				     err)) != ORCS_OK)
			return rc;
	return ORCS_OK;
}

/* A computation of one plan alone. */
static int run_all(orcs_db *db, computation *c, int ymode, int y0, int y1, orcs_error *err)
{
	int rc;
	map_slots(c, c->p, c->slot);
	if ((rc = run_mains(db, c, ymode, y0, y1, err)) != ORCS_OK)
		return rc;
	return run_all_extras(db, c, ymode, y0, y1, NULL, NULL, err);
}

/* ---- the refresh's scans ------------------------------------------------------------
 *
 * The refresh computes every indicator × grouping of the registry: one SQL
 * query per grouping re-ran the same joins hundreds of times.  Instead it
 * runs in two passes over the same code: a RECORDING pass, where run_query()
 * only records what it would ask (a "request": a grouping, filters and
 * aggregates over a cube under a year rule) and returns nothing, then one
 * SCAN per (cube, year rule, year mode, filters of the query): a single
 * query returning, per fact row, its year, every code, filter and
 * aggregate argument the requests need, which C accumulates into every
 * request's cells at once; then a REPLAY pass where run_query() answers
 * from those cells.  A request whose aggregates are not count(*), sum(X)
 * or count(DISTINCT X), or whose scan fails, is run as SQL in the replay.
 */

enum { A_COUNT, A_SUM, A_DIST };
enum { R_MAIN, R_CONTRIB, R_PE, R_EXCL };

typedef struct sreq {
	char *sig;
	int kind;
	int ymode;                         /* YM_ALL: every row in year 0 */
	int scan;                          /* index of its scan */
	int fcol[3];                       /* filter columns, -1 none */
	int gcol[ORCS_IND_MAX_BY];         /* code column of by[i], -1 not grouped */
	int gmulti[ORCS_IND_MAX_BY];       /* the column holds a set of codes */
	unsigned mask;
	int naggs;
	int *afn, *acol;
	int kcol, vcol;                    /* contributors: enterprise, value */
	/* single-valued filters of the query, checked per row: the column of
	 * the level's code, the value and its interned id */
	int nw;
	int wcol[MAXW];
	char *wval[MAXW];
	long wid[MAXW];
	int bad;                           /* a filter column was not text: run as SQL */
	cellset *cs;                       /* the result */
	long long excluded;
	int done;
	/* distinct (cell, aggregate, value id) seen, open addressing */
	uint64_t *dset;
	size_t dcap, dn;
	/* contributors streamed (rows sorted by the enterprise): per cell,
	 * the enterprise being summed, its sum, and the cell's total */
	int stream;
	long *eent;
	double *esum, *etot;
	size_t ecap;
	/* distinct counts of the column the rows are sorted by: per cell and
	 * aggregate, the last value counted (instead of the distinct set) */
	int dsortcol;                      /* that column, -1 none */
	char *dsorted;                     /* per aggregate: its argument comes in runs */
	long *dlast;
	size_t dlcap;
	int skip;                          /* not read by this pass of its scan */
} sreq;

typedef struct scan {
	char *key;
	const ind_cube *cube;
	const ind_rule *rule;
	int nwhere;
	const ind_level *wlv[MAXW];
	char *wval[MAXW];
	char **col;                        /* expressions of the columns after yr */
	int ncol;
	int excl;                          /* rows without a year are read too */
	int nreq;
	const char *joins[48];             /* of the levels grouped by its requests */
	int nj;
} scan;

struct ind_scanner {
	int recording;
	sreq *r;
	int nr, rcap;
	scan *s;
	int ns, scap;
	strmap sigs;                       /* signature -> request */
};

ind_scanner *ind_scanner_new(void)
{
	ind_scanner *sc = orcs_xcalloc(1, sizeof(*sc));
	sc->recording = 1;
	return sc;
}

void ind_scanner_free(ind_scanner *sc)
{
	int i, k;
	if (!sc)
		return;
	for (i = 0; i < sc->nr; i++) {
		sreq *r = &sc->r[i];
		free(r->sig);
		free(r->afn);
		free(r->acol);
		free(r->dset);
		free(r->eent);
		free(r->esum);
		free(r->etot);
		free(r->dlast);
		free(r->dsorted);
		for (k = 0; k < r->nw; k++)
			free(r->wval[k]);
		if (r->cs) {
			cs_release(r->cs);
			free(r->cs);
		}
	}
	for (i = 0; i < sc->ns; i++) {
		free(sc->s[i].key);
		for (k = 0; k < sc->s[i].nwhere; k++)
			free(sc->s[i].wval[k]);
		for (k = 0; k < sc->s[i].ncol; k++)
			free(sc->s[i].col[k]);
		free(sc->s[i].col);
	}
	free(sc->r);
	free(sc->s);
	strmap_free(&sc->sigs);
	free(sc);
}

/* count(*), sum(X), count(DISTINCT X): *fn and the argument X. */
static int parse_agg(const char *s, int *fn, const char **arg, size_t *len)
{
	const char *a, *t;
	int depth = 1, quote = 0;
	if (!strcmp(s, "count(*)")) {
		*fn = A_COUNT;
		*arg = NULL;
		*len = 0;
		return 1;
	}
	if (!strncmp(s, "sum(", 4)) {
		*fn = A_SUM;
		a = s + 4;
	} else if (!strncmp(s, "count(DISTINCT ", 15)) {
		*fn = A_DIST;
		a = s + 15;
	} else {
		return 0;
	}
	for (t = a; *t; t++) {
		if (quote) {
			if (*t == '\'')
				quote = 0;
			continue;
		}
		if (*t == '\'')
			quote = 1;
		else if (*t == '(')
			depth++;
		else if (*t == ')' && --depth == 0)
			break;
	}
	if (!*t || t[1])
		return 0;
	*arg = a;
	*len = (size_t)(t - a);
	return 1;
}

/* A scan reads the population of a cube under a year rule, restricted by
 * the multi-valued filters of the query (conditions in SQL); single-valued
 * filters are columns checked per request, so that the same scan serves
 * every value of a filter (the refresh's filtered results). */
static void scan_key(const qdef *q, orcs_buf *b)
{
	int i;
	orcs_buf_addf(b, "%d|%d|%s|%s", q->y0, q->y1, q->cube->name, q->rule->rule);
	for (i = 0; i < q->p->nwhere; i++)
		if (q->wlv[i]->multi)
			orcs_buf_addf(b, "|%p=%s", (const void *)q->wlv[i], q->p->where[i].value);
}

static void req_sig(const qdef *q, int kind, orcs_buf *b)
{
	int i;
	orcs_buf_reset(b);
	scan_key(q, b);
	for (i = 0; i < q->p->nwhere; i++)
		if (!q->wlv[i]->multi)
			orcs_buf_addf(b, "|%p=%s", (const void *)q->wlv[i], q->p->where[i].value);
	orcs_buf_addf(b, "#%d#%d", q->ymode, kind);
	for (i = 0; i < 3; i++)
		orcs_buf_addf(b, "#%s", q->filters[i] ? q->filters[i] : "");
	for (i = 0; i < ORCS_IND_MAX_BY; i++)
		orcs_buf_addf(b, "#%p", (const void *)q->glv[i]);
	if (kind == R_CONTRIB || kind == R_PE)
		orcs_buf_addf(b, "#%s#%s", q->contrib_key, q->contrib_value);
	else
		for (i = 0; i < q->naggs; i++)
			orcs_buf_addf(b, "#%s", q->aggs[i]);
}

static int scan_col(scan *s, const char *expr, const char *y)
{
	orcs_buf b = ORCS_BUF_INIT;
	int i;
	subst(&b, expr, y, 0);
	for (i = 0; i < s->ncol; i++)
		if (!strcmp(s->col[i], b.data)) {
			orcs_buf_release(&b);
			return i;
		}
	s->col = orcs_xrealloc(s->col, (size_t)(s->ncol + 1) * sizeof(char *));
	s->col[s->ncol] = orcs_buf_detach(&b, NULL);
	return s->ncol++;
}

/* A multi-valued level as a column: the set of its codes carried by the row
 * ("CROSS JOIN dim_enum A ON cond" → the codes of A satisfying cond). */
static int multi_col(scan *s, const ind_level *l, const char *y)
{
	const char *pre = "CROSS JOIN dim_enum ", *on;
	char alias[32], expr[64];
	orcs_buf b = ORCS_BUF_INIT;
	size_t n;
	int c;
	if (l->set)
		return scan_col(s, l->set, y);
	if (!l->join || strncmp(l->join, pre, strlen(pre)))
		return -1;
	n = strcspn(l->join + strlen(pre), " ");
	if (n >= sizeof(alias))
		return -1;
	memcpy(alias, l->join + strlen(pre), n);
	alias[n] = '\0';
	snprintf(expr, sizeof(expr), "%s.code", alias);
	on = l->join + strlen(pre) + n;
	if (strncmp(on, " ON ", 4) || strcmp(l->expr, expr))
		return -1;
	orcs_buf_addf(&b, "(SELECT group_concat(%s.code, char(31)) FROM dim_enum %s WHERE %s)", alias,
		      alias, on + 4);
	c = scan_col(s, b.data, y);
	orcs_buf_release(&b);
	return c;
}

/* Recording: the request of q (a new one unless already recorded). */
static void scan_record(ind_scanner *sc, const qdef *q, int kind)
{
	orcs_buf key = ORCS_BUF_INIT, sig = ORCS_BUF_INIT;
	const char *y = q->rule->expr;
	sreq r;
	scan *s;
	int i, si;

	req_sig(q, kind, &sig);
	if (strmap_get(&sc->sigs, sig.data) >= 0) {
		orcs_buf_release(&sig);
		return;
	}
	memset(&r, 0, sizeof(r));
	r.kind = kind;
	r.ymode = q->ymode;
	r.kcol = r.vcol = -1;
	if (kind == R_MAIN) {
		r.afn = orcs_xmalloc((size_t)(q->naggs ? q->naggs : 1) * sizeof(int));
		r.acol = orcs_xmalloc((size_t)(q->naggs ? q->naggs : 1) * sizeof(int));
		for (i = 0; i < q->naggs; i++) {
			const char *arg;
			size_t len;
			if (!parse_agg(q->aggs[i], &r.afn[i], &arg, &len)) {
				free(r.afn);
				free(r.acol);
				orcs_buf_release(&sig);
				return; /* run as SQL in the replay */
			}
			r.acol[i] = len; /* the argument's length until its column is known */
		}
		r.naggs = q->naggs;
	}
	scan_key(q, &key);
	for (si = 0; si < sc->ns && strcmp(sc->s[si].key, key.data); si++)
		;
	if (si == sc->ns) {
		if (sc->ns == sc->scap) { /* doubling: thousands of requests per refresh */
			sc->scap = sc->scap ? 2 * sc->scap : 16;
			sc->s = orcs_xrealloc(sc->s, (size_t)sc->scap * sizeof(scan));
		}
		s = &sc->s[sc->ns++];
		memset(s, 0, sizeof(*s));
		s->key = orcs_buf_detach(&key, NULL);
		s->cube = q->cube;
		s->rule = q->rule;
		for (i = 0; i < q->p->nwhere; i++)
			if (q->wlv[i]->multi) {
				s->wlv[s->nwhere] = q->wlv[i];
				s->wval[s->nwhere++] = orcs_xstrdup(q->p->where[i].value);
			}
	}
	orcs_buf_release(&key);
	s = &sc->s[si];
	r.scan = si;
	for (i = 0; i < 3; i++)
		r.fcol[i] = q->filters[i] ? scan_col(s, q->filters[i], y) : -1;
	for (i = 0; i < q->p->nwhere; i++) {
		if (q->wlv[i]->multi)
			continue;
		if (s->nj < 48)
			add_join(s->joins, &s->nj, q->wlv[i]->join);
		r.wcol[r.nw] = scan_col(s, q->wlv[i]->expr, y);
		r.wval[r.nw++] = orcs_xstrdup(q->p->where[i].value);
	}
	for (i = 0; i < ORCS_IND_MAX_BY; i++) {
		r.gcol[i] = -1;
		if (!q->glv[i])
			continue;
		r.mask |= 1u << i;
		r.gmulti[i] = q->glv[i]->multi;
		if (!r.gmulti[i] && s->nj < 48)
			add_join(s->joins, &s->nj, q->glv[i]->join);
		r.gcol[i] = r.gmulti[i] ? multi_col(s, q->glv[i], y) : scan_col(s, q->glv[i]->expr, y);
		if (r.gcol[i] < 0) {
			free(r.afn);
			free(r.acol);
			for (i = 0; i < r.nw; i++)
				free(r.wval[i]);
			orcs_buf_release(&sig);
			return;
		}
	}
	if (kind == R_MAIN) {
		for (i = 0; i < r.naggs; i++) {
			const char *arg;
			size_t len;
			int fn;
			parse_agg(q->aggs[i], &fn, &arg, &len);
			if (arg) {
				char *a = orcs_xmalloc(len + 1);
				memcpy(a, arg, len);
				a[len] = '\0';
				r.acol[i] = scan_col(s, a, y);
				free(a);
			} else {
				r.acol[i] = -1;
			}
		}
	} else if (kind == R_CONTRIB || kind == R_PE) {
		r.kcol = scan_col(s, q->contrib_key, y);
		r.vcol = scan_col(s, q->contrib_value, y);
	} else {
		s->excl = 1;
	}
	s->nreq++;
	r.sig = orcs_buf_detach(&sig, NULL);
	if (sc->nr == sc->rcap) {
		sc->rcap = sc->rcap ? 2 * sc->rcap : 64;
		sc->r = orcs_xrealloc(sc->r, (size_t)sc->rcap * sizeof(sreq));
	}
	sc->r[sc->nr] = r;
	strmap_put(&sc->sigs, r.sig, sc->nr);
	sc->nr++;
}

/* A row's column, fetched once; its value interned (per column) when needed. */
#define SCAN_MAXSET 64
typedef struct scol {
	sqlite3_stmt *st;
	int k;           /* column in st */
	int type;
	int tready;      /* t fetched */
	double d;        /* numeric value (integers and floats) */
	const char *t;   /* text (hex for a blob), fetched by col_text() */
	char *hex;
	long id;         /* interned value; -1 not yet */
	int nset;        /* multi-valued: the codes carried, -1 not yet split */
	const char *set[SCAN_MAXSET];
	long sid[SCAN_MAXSET];
	char buf[1024];
} scol;

/* (year, code ids, enterprise id) -> cell, open addressing */
typedef struct ckey {
	uint64_t a, b, c; /* year and by[0]'s code id, by[1]'s code id, enterprise id (+1) */
} ckey;

typedef struct cmap {
	ckey *k;
	int *v;
	size_t cap, n;
} cmap;

static size_t ckey_hash(ckey k)
{
	uint64_t h = (k.a * 11400714819323198485ULL) ^ (k.b * 14029467366897019727ULL) ^
		     (k.c * 1609587929392839161ULL);
	return (size_t)(h ^ (h >> 29));
}

static void cmap_put(cmap *m, ckey k, int v);

static int cmap_get(const cmap *m, ckey k)
{
	size_t i;
	if (!m->cap)
		return -1;
	for (i = ckey_hash(k) & (m->cap - 1); m->v[i] >= 0; i = (i + 1) & (m->cap - 1))
		if (m->k[i].a == k.a && m->k[i].b == k.b && m->k[i].c == k.c)
			return m->v[i];
	return -1;
}

static void cmap_put(cmap *m, ckey k, int v)
{
	size_t i;
	if ((m->n + 1) * 2 > m->cap) {
		cmap old = *m;
		m->cap = old.cap ? old.cap * 2 : 256;
		m->n = 0;
		m->k = orcs_xmalloc(m->cap * sizeof(ckey));
		m->v = orcs_xmalloc(m->cap * sizeof(int));
		for (i = 0; i < m->cap; i++)
			m->v[i] = -1;
		for (i = 0; i < old.cap; i++)
			if (old.v[i] >= 0)
				cmap_put(m, old.k[i], old.v[i]);
		free(old.k);
		free(old.v);
	}
	for (i = ckey_hash(k) & (m->cap - 1); m->v[i] >= 0; i = (i + 1) & (m->cap - 1))
		;
	m->k[i] = k;
	m->v[i] = v;
	m->n++;
}

static void cmap_free(cmap *m)
{
	free(m->k);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

static void dset_grow(sreq *r);

/* Adds (cell, agg, value id) to r's distinct set; 1 when new. */
static int dset_add(sreq *r, uint64_t key)
{
	size_t i;
	key += 1; /* 0 marks an empty slot */
	if ((r->dn + 1) * 2 > r->dcap)
		dset_grow(r);
	for (i = (size_t)((key * 11400714819323198485ULL) >> 20) & (r->dcap - 1); r->dset[i];
	     i = (i + 1) & (r->dcap - 1))
		if (r->dset[i] == key)
			return 0;
	r->dset[i] = key;
	r->dn++;
	return 1;
}

static void dset_grow(sreq *r)
{
	uint64_t *old = r->dset;
	size_t oc = r->dcap, i;
	r->dcap = oc ? oc * 2 : 1024;
	r->dset = orcs_xcalloc(r->dcap, sizeof(uint64_t));
	r->dn = 0;
	for (i = 0; i < oc; i++)
		if (old[i])
			dset_add(r, old[i] - 1);
	free(old);
}

/* The text of a column (fetched once per row: after the number, so that
 * SQLite's conversion does not invalidate it). */
static const char *col_text(scol *x)
{
	static const char digits[] = "0123456789abcdef";
	if (x->tready)
		return x->t;
	x->tready = 1;
	if (x->type == SQLITE_BLOB) {
		const unsigned char *b = sqlite3_column_blob(x->st, x->k);
		int n = sqlite3_column_bytes(x->st, x->k), j;
		x->hex = orcs_xrealloc(x->hex, (size_t)n * 2 + 1);
		for (j = 0; j < n; j++) {
			x->hex[2 * j] = digits[b[j] >> 4];
			x->hex[2 * j + 1] = digits[b[j] & 15];
		}
		x->hex[2 * n] = '\0';
		x->t = x->hex;
	} else if (x->type != SQLITE_NULL) {
		x->t = (const char *)sqlite3_column_text(x->st, x->k);
	}
	return x->t;
}

/* The interned id of column k's value (NULL: -1 is never asked). */
static long col_id(scol *c, int k, strmap *ids, orcs_buf *tmp)
{
	scol *x = &c[k];
	if (x->id < 0 && x->type == SQLITE_INTEGER && x->d >= 0 && x->d < 2147483648.0) {
		x->id = (long)x->d | (1L << 31); /* small integers stand for themselves */
	} else if (x->id < 0) {
		col_text(x);
		orcs_buf_reset(tmp);
		orcs_buf_addc(tmp, x->type == SQLITE_BLOB ? 'b' : x->type == SQLITE_TEXT ? 't' : 'n');
		if (x->type == SQLITE_FLOAT && x->d == (double)(long long)x->d)
			orcs_buf_addf(tmp, "%lld", (long long)x->d); /* 2.0 is 2, as for SQLite */
		else
			orcs_buf_adds(tmp, x->t ? x->t : "");
		if ((x->id = strmap_get(&ids[k], tmp->data)) < 0) {
			x->id = (long)ids[k].n;
			strmap_put(&ids[k], tmp->data, (int)x->id);
		}
	}
	return x->id;
}

/* Splits a multi-valued column into its codes, each interned. */
static void col_split(scol *c, int k, strmap *ids)
{
	scol *x = &c[k];
	char *s;
	if (x->nset >= 0)
		return;
	x->nset = 0;
	if (!col_text(x))
		return;
	snprintf(x->buf, sizeof(x->buf), "%s", x->t);
	for (s = x->buf; *s && x->nset < SCAN_MAXSET;) {
		int id;
		x->set[x->nset] = s;
		s += strcspn(s, "\x1f");
		if (*s)
			*s++ = '\0';
		if ((id = strmap_get(&ids[k], x->set[x->nset])) < 0) {
			id = (int)ids[k].n;
			strmap_put(&ids[k], x->set[x->nset], id);
		}
		x->sid[x->nset++] = id;
	}
}

/* The enterprise summed in cell j is done: it counts as one contributor. */
static void stream_flush(sreq *r, int j)
{
	double v;
	if (r->eent[j] < 0)
		return;
	v = isnan(r->esum[j]) ? 0 : r->esum[j];
	r->cs->v[2 * j] += 1;
	r->cs->v[2 * j + 1] = v > r->cs->v[2 * j + 1] ? v : r->cs->v[2 * j + 1];
	r->etot[j] += v;
	r->eent[j] = -1;
}

/* Contributors of a row, its rows sorted by enterprise: the cells of the
 * grouping count distinct enterprises and keep the largest one's sum, as
 * contrib_from() does from per-enterprise cells, without holding them. */
static void stream_row(sreq *r, cmap *cells, int year, const char *const *const *sets,
		       const long *const *sids, const int *nset, long ent, const scol *vc,
		       orcs_buf *key)
{
	int ix[ORCS_IND_MAX_BY];
	for (ix[0] = 0; ix[0] < nset[0]; ix[0]++)
		for (ix[1] = 0; ix[1] < nset[1]; ix[1]++) {
			ckey ck;
			int j;
			ck.a = ((uint64_t)(unsigned)year << 40) | (uint64_t)(sids[0][ix[0]] + 1);
			ck.b = (uint64_t)(sids[1][ix[1]] + 1);
			ck.c = 0;
			if ((j = cmap_get(cells, ck)) < 0) {
				char *codes[ORCS_IND_MAX_BY];
				int k;
				for (k = 0; k < ORCS_IND_MAX_BY; k++)
					codes[k] = (char *)sets[k][ix[k]];
				cell_key(key, year, r->mask, codes);
				j = cs_add(r->cs, key->data, year, codes, NULL);
				if ((size_t)r->cs->cap > r->ecap) {
					r->ecap = (size_t)r->cs->cap;
					r->eent = orcs_xrealloc(r->eent, r->ecap * sizeof(long));
					r->esum = orcs_xrealloc(r->esum, r->ecap * sizeof(double));
					r->etot = orcs_xrealloc(r->etot, r->ecap * sizeof(double));
				}
				r->eent[j] = -1;
				r->etot[j] = 0;
				r->cs->v[2 * j] = 0;
				r->cs->v[2 * j + 1] = 0;
				cmap_put(cells, ck, j);
			}
			if (r->eent[j] != ent) {
				stream_flush(r, j);
				r->eent[j] = ent;
				r->esum[j] = NAN;
			}
			if (vc->type != SQLITE_NULL)
				r->esum[j] = isnan(r->esum[j]) ? vc->d : r->esum[j] + vc->d;
		}
}

/* Accumulates one row into the cells of request r. */
static void scan_row(sreq *r, cmap *cells, uint64_t *last, int year, scol *c, strmap *ids,
		     orcs_buf *key, orcs_buf *tmp)
{
	const char *one[ORCS_IND_MAX_BY] = { NULL, NULL };
	long oneid[ORCS_IND_MAX_BY] = { -1, -1 };
	const char *const *sets[ORCS_IND_MAX_BY];
	const long *sids[ORCS_IND_MAX_BY];
	int nset[ORCS_IND_MAX_BY], ix[ORCS_IND_MAX_BY], i;
	long ent = -1;

	for (i = 0; i < ORCS_IND_MAX_BY; i++) {
		int g = r->gcol[i];
		nset[i] = 1;
		sets[i] = &one[i];
		sids[i] = &oneid[i];
		if (g < 0)
			continue;
		if (!r->gmulti[i]) {
			one[i] = col_text(&c[g]);
			oneid[i] = one[i] ? col_id(c, g, ids, tmp) : -1;
			continue;
		}
		/* the row carries these codes: one cell each; none, no cell */
		col_split(c, g, ids);
		if (!c[g].nset)
			return;
		nset[i] = c[g].nset;
		sets[i] = c[g].set;
		sids[i] = c[g].sid;
	}
	if (r->kind != R_MAIN) {
		if (!col_text(&c[r->kcol]))
			return;
		ent = col_id(c, r->kcol, ids, tmp);
		if (r->stream) {
			stream_row(r, cells, year, sets, sids, nset, ent, &c[r->vcol], key);
			return;
		}
	}
	for (ix[0] = 0; ix[0] < nset[0]; ix[0]++)
		for (ix[1] = 0; ix[1] < nset[1]; ix[1]++) {
			ckey ck;
			int j;
			ck.a = ((uint64_t)(unsigned)year << 40) | (uint64_t)(sids[0][ix[0]] + 1);
			ck.b = (uint64_t)(sids[1][ix[1]] + 1);
			ck.c = (uint64_t)(ent + 1);
			if ((j = cmap_get(cells, ck)) < 0) {
				char *codes[ORCS_IND_MAX_BY];
				int k;
				for (k = 0; k < ORCS_IND_MAX_BY; k++)
					codes[k] = (char *)sets[k][ix[k]];
				cell_key(key, year, r->mask, codes);
				if (r->kind != R_MAIN) {
					orcs_buf_addc(key, '\x1e');
					orcs_buf_adds(key, c[r->kcol].t);
				}
				j = cs_add(r->cs, key->data, year, codes,
					   r->kind != R_MAIN ? c[r->kcol].t : NULL);
				if (r->kind == R_MAIN)
					for (k = 0; k < r->naggs; k++)
						if (r->afn[k] != A_SUM)
							r->cs->v[(size_t)j * (size_t)r->naggs + (size_t)k] = 0;
				if (r->dsortcol >= 0) {
					size_t need = (size_t)r->cs->cap * (size_t)r->naggs;
					if (need > r->dlcap) {
						r->dlast = orcs_xrealloc(r->dlast, need * sizeof(long));
						r->dlcap = need;
					}
					for (k = 0; k < r->naggs; k++)
						r->dlast[(size_t)j * (size_t)r->naggs + (size_t)k] = 0;
				}
				cmap_put(cells, ck, j);
			}
			if (r->kind != R_MAIN) {
				const scol *vc = &c[r->vcol];
				if (vc->type != SQLITE_NULL)
					r->cs->v[j] = isnan(r->cs->v[j]) ? vc->d : r->cs->v[j] + vc->d;
				continue;
			}
			for (i = 0; i < r->naggs; i++) {
				double *v = &r->cs->v[(size_t)j * (size_t)r->naggs + (size_t)i];
				scol *a = r->acol[i] >= 0 ? &c[r->acol[i]] : NULL;
				uint64_t dk;
				if (r->afn[i] == A_COUNT) {
					*v += 1;
				} else if (a->type == SQLITE_NULL) {
					continue;
				} else if (r->afn[i] == A_SUM) {
					*v = isnan(*v) ? a->d : *v + a->d;
				} else if (r->dsorted && r->dsorted[i]) {
					/* rows sorted by the value: a cell sees each value in
					 * one run */
					long id = col_id(c, r->acol[i], ids, tmp) + 1;
					long *l = &r->dlast[(size_t)j * (size_t)r->naggs + (size_t)i];
					if (*l != id) {
						*l = id;
						*v += 1;
					}
				} else {
					dk = ((uint64_t)col_id(c, r->acol[i], ids, tmp) << 32) |
					     ((uint64_t)j << 8) | (uint64_t)i;
					if (last[i] == dk + 1)
						continue; /* the same value as the previous row's */
					last[i] = dk + 1;
					if (dset_add(r, dk))
						*v += 1;
				}
			}
		}
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Requests ordered for dispatch: unfiltered first, then by their first
 * filter's column and value. */
static const ind_scanner *sort_sc;
static int cmp_int(long x, long y)
{
	return (x > y) - (x < y);
}
static int cmp_req(const void *a, const void *b)
{
	int ia = *(const int *)a, ib = *(const int *)b, c;
	const sreq *x = &sort_sc->r[ia], *y = &sort_sc->r[ib];
	if ((c = cmp_int(x->nw > 0, y->nw > 0)) != 0)
		return c;
	if (x->nw && (c = cmp_int(x->wcol[0], y->wcol[0])) != 0)
		return c;
	if (x->nw && (c = cmp_int(x->wid[0], y->wid[0])) != 0)
		return c;
	return cmp_int(ia, ib);
}

/* The filtered requests of a scan by their first filter: for each column
 * filtered on, value id -> the run of `mine` holding its requests. */
typedef struct wdispatch {
	int col;
	long nids;
	int *start, *end; /* per value id; start -1 none */
} wdispatch;

/* Whether the values of column `expr` come in runs when the rows are sorted
 * by column `by`: it is `by`, or "CASE WHEN cond THEN by END" (by or NULL). */
static int runs_with(const char *expr, const char *by)
{
	size_t n = strlen(expr), m = strlen(by);
	const char *then;
	if (!strcmp(expr, by))
		return 1;
	if (strncmp(expr, "CASE WHEN ", 10) || n < 10 + 6 + m + 4 || strcmp(expr + n - 4, " END") ||
	    strncmp(expr + n - 4 - m - 6, " THEN ", 6) || strncmp(expr + n - 4 - m, by, m))
		return 0;
	/* one branch: no other CASE, THEN, ELSE or END inside */
	then = strstr(expr, " THEN ");
	return then == expr + n - 4 - m - 6 && !strstr(expr + 4, "CASE") &&
	       !strstr(expr, " ELSE ") && strstr(expr, " END") == expr + n - 4;
}

static int scan_run_one(orcs_db *db, ind_scanner *sc, int si, orcs_error *err)
{
	scan *s = &sc->s[si];
	const char *y = s->rule->expr;
	const char *joins[MAXW + 64];
	orcs_buf sql = ORCS_BUF_INIT, key = ORCS_BUF_INIT, tmp = ORCS_BUF_INIT;
	sqlite3_stmt *st;
	scol *c;
	strmap *ids;
	cmap *cells;
	uint64_t **last;
	int *mine, nmine = 0, nbase, *act, nact, nd = 0;
	wdispatch *wd = NULL;
	int nj = 0, i, k, rc, sorted = 0;
	double t0, tstep = 0;
	long nrows = 0;

	(void)err;
	orcs_buf_addf(&sql, "SELECT (%s)", y);
	for (i = 0; i < s->ncol; i++)
		orcs_buf_addf(&sql, ", %s", s->col[i]);
	orcs_buf_addf(&sql, " FROM %s", s->cube->from);
	add_join(joins, &nj, s->rule->join);
	/* the joins of the single-valued levels grouped by its requests */
	for (i = 0; i < s->nj; i++)
		add_join(joins, &nj, s->joins[i]);
	for (i = 0; i < s->nwhere; i++)
		if (!s->wlv[i]->multi)
			add_join(joins, &nj, s->wlv[i]->join);
	for (i = 0; i < nj; i++)
		orcs_buf_addf(&sql, " %s", joins[i]);
	orcs_buf_adds(&sql, " WHERE 1");
	if (s->cube->scope)
		orcs_buf_addf(&sql, " AND (%s)", s->cube->scope);
	if (!s->excl)
		orcs_buf_addf(&sql, " AND (%s) IS NOT NULL", y);
	for (i = 0; i < s->nwhere; i++) {
		const ind_level *l = s->wlv[i];
		orcs_buf_adds(&sql, " AND (");
		if (l->multi && l->match) {
			subst(&sql, l->match, y, 3 + i);
		} else {
			orcs_buf_adds(&sql, "(");
			subst(&sql, l->expr, y, 0);
			orcs_buf_addf(&sql, ") = ?%d", 3 + i);
		}
		orcs_buf_adds(&sql, ")");
	}
	/* contributors are streamed when the rows come sorted by their
	 * enterprise: the key most of the scan's contributor requests use */
	{
		int best = -1, nbest = 0, n, dist = -1;
		for (i = 0; i < sc->nr; i++) {
			const sreq *r = &sc->r[i];
			if (r->scan != si || r->skip || r->kind != R_CONTRIB)
				continue;
			for (n = 0, k = 0; k < sc->nr; k++)
				n += sc->r[k].scan == si && !sc->r[k].skip && sc->r[k].kind == R_CONTRIB &&
				     sc->r[k].kcol == r->kcol;
			if (n > nbest)
				best = r->kcol, nbest = n;
		}
		for (i = 0; i < sc->nr; i++)
			sc->r[i].stream = sc->r[i].scan == si && !sc->r[i].skip &&
					  sc->r[i].kind == R_CONTRIB && best >= 0 && sc->r[i].kcol == best;
		/* else distinct counts are counted run by run when the rows come
		 * sorted by their argument: the column most of them count */
		for (i = 0; i < sc->nr; i++)
			sc->r[i].dsortcol = -1;
		for (i = 0; best < 0 && i < sc->nr; i++) {
			const sreq *r = &sc->r[i];
			int a, b, j;
			if (r->scan != si || r->skip || r->kind != R_MAIN)
				continue;
			for (a = 0; a < r->naggs; a++) {
				if (r->afn[a] != A_DIST)
					continue;
				for (n = 0, k = 0; k < sc->nr; k++)
					for (b = 0; b < sc->r[k].naggs; b++)
						n += sc->r[k].scan == si && !sc->r[k].skip &&
						     sc->r[k].kind == R_MAIN && sc->r[k].afn[b] == A_DIST &&
						     sc->r[k].acol[b] == r->acol[a];
				if (n > nbest) {
					nbest = n;
					j = r->acol[a];
					dist = j;
				}
			}
		}
		for (i = 0; dist >= 0 && i < sc->nr; i++) {
			sreq *r = &sc->r[i];
			int a;
			if (r->scan != si || r->skip || r->kind != R_MAIN)
				continue;
			r->dsortcol = dist;
			free(r->dsorted);
			r->dsorted = orcs_xcalloc((size_t)r->naggs + 1, 1);
			for (a = 0; a < r->naggs; a++)
				r->dsorted[a] = r->afn[a] == A_DIST &&
						runs_with(s->col[r->acol[a]], s->col[dist]);
		}
		if (best >= 0 || dist >= 0) {
			/* the sort spills to a file rather than memory */
			orcs_buf_addf(&sql, " ORDER BY %d", (best >= 0 ? best : dist) + 2);
			sorted = 1;
			sqlite3_exec(orcs_db_sqlite(db), "PRAGMA temp_store=FILE", NULL, NULL, NULL);
		}
	}
	rc = sqlite3_prepare_v2(orcs_db_sqlite(db), sql.data, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		if (sorted)
			sqlite3_exec(orcs_db_sqlite(db), "PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
		if (getenv("ORCS_IND_TRACE"))
			fprintf(stderr, "scan %s: %s (requests run as SQL)\n", s->key,
				sqlite3_errmsg(orcs_db_sqlite(db)));
		orcs_buf_release(&sql);
		return ORCS_OK;
	}
	orcs_buf_release(&sql);
	for (i = 0; i < s->nwhere; i++)
		sqlite3_bind_text(st, 3 + i, s->wval[i], -1, SQLITE_STATIC);
	for (i = 0; i < sc->nr; i++) {
		sreq *r = &sc->r[i];
		if (r->scan != si || r->skip)
			continue;
		if (r->kind == R_EXCL)
			continue;
		r->cs = orcs_xcalloc(1, sizeof(cellset));
		r->cs->nv = r->kind == R_MAIN ? r->naggs : r->stream ? 2 : 1;
		if (r->kind != R_MAIN && !r->stream)
			r->cs->ent = orcs_xmalloc(sizeof(char *));
	}
	c = orcs_xcalloc((size_t)s->ncol + 1, sizeof(scol));
	for (k = 0; k < s->ncol; k++) {
		c[k].st = st;
		c[k].k = k + 1;
	}
	ids = orcs_xcalloc((size_t)s->ncol + 1, sizeof(strmap));
	/* the requests of this scan; their filter values interned as text
	 * (col_id's "t" prefix) */
	mine = orcs_xmalloc((size_t)(sc->nr + 1) * sizeof(int));
	for (i = 0; i < sc->nr; i++) {
		sreq *r = &sc->r[i];
		if (r->scan != si || r->skip)
			continue;
		mine[nmine++] = i;
		for (k = 0; k < r->nw; k++) {
			orcs_buf_reset(&tmp);
			orcs_buf_addc(&tmp, 't');
			orcs_buf_adds(&tmp, r->wval[k]);
			if ((r->wid[k] = strmap_get(&ids[r->wcol[k]], tmp.data)) < 0) {
				r->wid[k] = (long)ids[r->wcol[k]].n;
				strmap_put(&ids[r->wcol[k]], tmp.data, (int)r->wid[k]);
			}
		}
	}
	sort_sc = sc;
	qsort(mine, (size_t)nmine, sizeof(int), cmp_req);
	for (nbase = 0; nbase < nmine && !sc->r[mine[nbase]].nw; nbase++)
		;
	wd = orcs_xcalloc((size_t)(nmine - nbase + 1), sizeof(wdispatch));
	for (k = nbase; k < nmine; k++) {
		const sreq *r = &sc->r[mine[k]];
		wdispatch *d;
		if (!nd || wd[nd - 1].col != r->wcol[0]) {
			long v;
			d = &wd[nd++];
			d->col = r->wcol[0];
			d->nids = (long)ids[d->col].n;
			d->start = orcs_xmalloc((size_t)(d->nids + 1) * sizeof(int));
			d->end = orcs_xmalloc((size_t)(d->nids + 1) * sizeof(int));
			for (v = 0; v < d->nids; v++)
				d->start[v] = -1;
		}
		d = &wd[nd - 1];
		if (d->start[r->wid[0]] < 0)
			d->start[r->wid[0]] = k;
		d->end[r->wid[0]] = k + 1;
	}
	act = orcs_xmalloc((size_t)(nmine + 1) * sizeof(int));
	cells = orcs_xcalloc((size_t)sc->nr, sizeof(cmap));
	last = orcs_xcalloc((size_t)sc->nr, sizeof(uint64_t *));
	for (i = 0; i < sc->nr; i++)
		if (sc->r[i].scan == si && !sc->r[i].skip && sc->r[i].naggs)
			last[i] = orcs_xcalloc((size_t)sc->r[i].naggs, sizeof(uint64_t));
	trace_start(&t0);
	for (;;) {
		int ynull;
		double ts0 = t0 >= 0 ? now_s() : 0;
		rc = sqlite3_step(st);
		if (t0 >= 0)
			tstep += now_s() - ts0;
		if (rc != SQLITE_ROW)
			break;
		nrows++;
		ynull = sqlite3_column_type(st, 0) == SQLITE_NULL;
		int year = sqlite3_column_int(st, 0);
		for (k = 0; k < s->ncol; k++) {
			scol *x = &c[k];
			x->type = sqlite3_column_type(st, k + 1);
			x->id = -1;
			x->nset = -1;
			x->tready = 0;
			x->t = NULL;
			x->d = 0;
			if (x->type == SQLITE_INTEGER || x->type == SQLITE_FLOAT)
				x->d = sqlite3_column_double(st, k + 1);
			else if (x->type == SQLITE_TEXT)
				x->d = strtod(col_text(x), NULL);
		}
		/* the requests this row may pass: the unfiltered ones, and
		 * those filtered on its values */
		memcpy(act, mine, (size_t)nbase * sizeof(int));
		nact = nbase;
		for (k = 0; k < nd; k++) {
			wdispatch *d = &wd[k];
			scol *w = &c[d->col];
			long v;
			if (w->type == SQLITE_NULL)
				continue;
			if (w->type != SQLITE_TEXT) { /* every value, checked below */
				for (v = 0; v < d->nids; v++)
					if (d->start[v] >= 0) {
						memcpy(act + nact, mine + d->start[v],
						       (size_t)(d->end[v] - d->start[v]) * sizeof(int));
						nact += d->end[v] - d->start[v];
					}
				continue;
			}
			v = col_id(c, d->col, ids, &tmp);
			if (v < d->nids && d->start[v] >= 0) {
				memcpy(act + nact, mine + d->start[v],
				       (size_t)(d->end[v] - d->start[v]) * sizeof(int));
				nact += d->end[v] - d->start[v];
			}
		}
		for (k = 0; k < nact; k++) {
			sreq *r = &sc->r[i = act[k]];
			int pass = 1, f;
			if (r->bad)
				continue;
			for (f = 0; f < r->nw && pass; f++) {
				scol *w = &c[r->wcol[f]];
				/* `code = ?` with a text parameter: a text code
				 * equals it when identical; a number's comparison
				 * depends on SQLite's affinity, left to SQL */
				if (w->type == SQLITE_TEXT)
					pass = col_id(c, r->wcol[f], ids, &tmp) == r->wid[f];
				else if (w->type == SQLITE_NULL)
					pass = 0;
				else
					pass = 0, r->bad = 1;
			}
			for (f = 0; f < 3 && pass; f++)
				if (r->fcol[f] >= 0 && (c[r->fcol[f]].type == SQLITE_NULL || c[r->fcol[f]].d == 0))
					pass = 0;
			if (!pass)
				continue;
			if (r->kind == R_EXCL) {
				r->excluded += ynull;
				continue;
			}
			if (!ynull)
				scan_row(r, &cells[i], last[i], r->ymode == YM_YEARS ? year : 0, c, ids,
					 &key, &tmp);
		}
	}
	if (t0 >= 0) {
		long long ncell[4] = { 0, 0, 0, 0 }, dslots = 0, cslots = 0;
		for (i = 0; i < sc->nr; i++)
			if (sc->r[i].scan == si && !sc->r[i].skip) {
				if (sc->r[i].cs)
					ncell[sc->r[i].kind] += sc->r[i].cs->n;
				dslots += (long long)sc->r[i].dcap;
				cslots += (long long)cells[i].cap;
			}
		fprintf(stderr, "scan %s: %ld rows, %d requests, %d columns, %.3f s in SQLite; cells "
				"%lld main, %lld contrib, %lld per enterprise; %lld distinct slots, %lld "
				"cell slots\n",
			s->key, nrows, s->nreq, s->ncol, tstep, ncell[R_MAIN], ncell[R_CONTRIB],
			ncell[R_PE], dslots, cslots);
	}
	trace_end(t0, st);
	sqlite3_finalize(st);
	if (sorted)
		sqlite3_exec(orcs_db_sqlite(db), "PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
	for (k = 0; k < s->ncol; k++)
		free(c[k].hex);
	free(c);
	for (k = 0; k < s->ncol; k++)
		strmap_free(&ids[k]);
	free(ids);
	for (i = 0; i < sc->nr; i++) {
		cmap_free(&cells[i]);
		free(last[i]);
	}
	free(cells);
	free(last);
	free(mine);
	free(act);
	for (k = 0; k < nd; k++) {
		free(wd[k].start);
		free(wd[k].end);
	}
	free(wd);
	orcs_buf_release(&key);
	orcs_buf_release(&tmp);
	for (i = 0; i < sc->nr; i++) {
		sreq *r = &sc->r[i];
		if (r->scan != si || r->skip)
			continue;
		free(r->dset);
		r->dset = NULL;
		r->dcap = r->dn = 0;
		free(r->dlast);
		r->dlast = NULL;
		r->dlcap = 0;
		free(r->dsorted);
		r->dsorted = NULL;
		if (rc != SQLITE_DONE || r->bad) {
			free(r->eent);
			free(r->esum);
			free(r->etot);
			r->eent = NULL;
			r->esum = r->etot = NULL;
			r->ecap = 0;
			if (r->cs) {
				cs_release(r->cs);
				free(r->cs);
				r->cs = NULL;
			}
			continue;
		}
		if (r->cs)
			r->cs->ran = 1;
		if (r->kind == R_MAIN && r->ymode == YM_ALL && !r->mask && !r->cs->n) {
			/* an aggregate query without GROUP BY has one row */
			char *codes[ORCS_IND_MAX_BY] = { NULL, NULL };
			int j;
			cell_key(&key, 0, 0, codes);
			j = cs_add(r->cs, key.data, 0, codes, NULL);
			for (k = 0; k < r->naggs; k++)
				if (r->afn[k] != A_SUM)
					r->cs->v[(size_t)j * (size_t)r->naggs + (size_t)k] = 0;
			orcs_buf_release(&key);
		}
		if (r->stream) {
			int j;
			for (j = 0; j < r->cs->n; j++) {
				stream_flush(r, j);
				r->cs->v[2 * j + 1] =
					r->etot[j] > 0 ? r->cs->v[2 * j + 1] / r->etot[j] : NAN;
			}
			free(r->eent);
			free(r->esum);
			free(r->etot);
			r->eent = NULL;
			r->esum = r->etot = NULL;
			r->ecap = 0;
		} else if (r->kind == R_CONTRIB) {
			cellset *pe = r->cs;
			r->cs = orcs_xcalloc(1, sizeof(cellset));
			contrib_from(pe, r->mask, r->cs);
			cs_release(pe);
			free(pe);
		}
		r->done = 1;
	}
	return ORCS_OK;
}

int ind_scanner_run(orcs_db *db, ind_scanner *sc, orcs_error *err)
{
	int i, rc;
	sc->recording = 0;
	for (i = 0; i < sc->ns; i++) {
		int contrib = 0, dist = 0, k, a, pass;
		for (k = 0; k < sc->nr; k++) {
			const sreq *r = &sc->r[k];
			if (r->scan != i)
				continue;
			contrib |= r->kind == R_CONTRIB;
			for (a = 0; a < r->naggs; a++)
				dist |= r->kind == R_MAIN && r->afn[a] == A_DIST;
		}
		/* contributors want the rows sorted by enterprise, distinct
		 * counts by their value: both, two passes (each request is read
		 * by one) */
		for (pass = 0; pass < (contrib && dist ? 2 : 1); pass++) {
			for (k = 0; k < sc->nr; k++)
				sc->r[k].skip = contrib && dist &&
						(sc->r[k].kind == R_MAIN || sc->r[k].kind == R_EXCL) == !pass;
			if ((rc = scan_run_one(db, sc, i, err)) != ORCS_OK)
				return rc;
		}
		for (k = 0; k < sc->nr; k++)
			sc->r[k].skip = 0;
	}
	return ORCS_OK;
}

/* run_query() through the scanner: 1 when answered (recording: an empty
 * cellset), 0 when the query must run as SQL. */
static int scan_hook(ind_scanner *sc, const qdef *q, cellset *out)
{
	int kind = q->per_enterprise ? R_PE : q->contrib_key ? R_CONTRIB : R_MAIN, i;
	orcs_buf sig = ORCS_BUF_INIT;
	if (q->ymode == YM_YEARS && q->y0)
		return 0;
	if (sc->recording) {
		scan_record(sc, q, kind);
		memset(out, 0, sizeof(*out));
		out->nv = kind == R_PE ? 1 : kind == R_CONTRIB ? 2 : q->naggs;
		if (kind == R_PE)
			out->ent = orcs_xmalloc(sizeof(char *));
		out->ran = 1;
		return 1;
	}
	req_sig(q, kind, &sig);
	i = strmap_get(&sc->sigs, sig.data);
	orcs_buf_release(&sig);
	if (i < 0 || !sc->r[i].done) {
		return 0;
	} else {
		int perm[ORCS_IND_MAX_BY] = { 0, 1 };
		cellset *copy = cs_copy(sc->r[i].cs, perm, sc->r[i].mask, 0);
		*out = *copy;
		free(copy);
		return 1;
	}
}

/* Records of the population without a usable year (for rules without a join). */
static long long count_excluded(orcs_db *db, ind_plan *p)
{
	orcs_buf sql = ORCS_BUF_INIT;
	const char *joins[MAXW];
	sqlite3_stmt *st;
	long long n = -1;
	int i, nj = 0;

	if (p->rule->join)
		return -1;
	if (p->scan) {
		qdef q;
		orcs_buf sig = ORCS_BUF_INIT;
		memset(&q, 0, sizeof(q));
		q.cube = p->impl->cube;
		q.rule = p->rule;
		q.filters[0] = p->impl->filter && !strstr(p->impl->filter, "{Y}") ? p->impl->filter : NULL;
		q.p = p;
		q.ymode = YM_YEARS;
		for (i = 0; i < p->nwhere; i++)
			q.wlv[i] = p->where[i].lv;
		if (p->scan->recording) {
			scan_record(p->scan, &q, R_EXCL);
			return -1;
		}
		req_sig(&q, R_EXCL, &sig);
		i = strmap_get(&p->scan->sigs, sig.data);
		orcs_buf_release(&sig);
		if (i >= 0 && p->scan->r[i].done)
			return p->scan->r[i].excluded;
	}
	orcs_buf_addf(&sql, "SELECT count(*) FROM %s", p->impl->cube->from);
	for (i = 0; i < p->nwhere; i++)
		if (!p->where[i].lv->multi)
			add_join(joins, &nj, p->where[i].lv->join);
	for (i = 0; i < nj; i++)
		orcs_buf_addf(&sql, " %s", joins[i]);
	orcs_buf_addf(&sql, " WHERE (%s) IS NULL", p->rule->expr);
	if (p->impl->cube->scope)
		orcs_buf_addf(&sql, " AND (%s)", p->impl->cube->scope);
	if (p->impl->filter && !strstr(p->impl->filter, "{Y}"))
		orcs_buf_addf(&sql, " AND (%s)", p->impl->filter);
	for (i = 0; i < p->nwhere; i++) {
		const ind_level *l = p->where[i].lv;
		orcs_buf_adds(&sql, " AND (");
		if (l->multi && l->match)
			subst(&sql, l->match, p->rule->expr, 1 + i);
		else
			orcs_buf_addf(&sql, "(%s) = ?%d", l->expr, 1 + i);
		orcs_buf_adds(&sql, ")");
	}
	if (sqlite3_prepare_v2(orcs_db_sqlite(db), sql.data, -1, &st, NULL) == SQLITE_OK) {
		double t0;
		for (i = 0; i < p->nwhere; i++)
			sqlite3_bind_text(st, 1 + i, p->where[i].value, -1, SQLITE_STATIC);
		trace_start(&t0);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		trace_end(t0, st);
		sqlite3_finalize(st);
		if (p->nqueries)
			(*p->nqueries)++;
	}
	orcs_buf_release(&sql);
	return n;
}

/* ---- domains and labels -------------------------------------------------------------- */

static int load_domain(orcs_db *db, pdim *d, orcs_error *err)
{
	sqlite3_stmt *st;
	int rc;
	if (!d->lv->domain || d->ndom)
		return ORCS_OK;
	if (orcs_db_prepare(db, &st, d->lv->domain, err))
		return ORCS_EIO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *c = sqlite3_column_text(st, 0);
		if (!c || strmap_get(&d->dom_index, (const char *)c) >= 0)
			continue;
		d->dom_code = orcs_xrealloc(d->dom_code, (size_t)(d->ndom + 1) * sizeof(char *));
		d->dom_label = orcs_xrealloc(d->dom_label, (size_t)(d->ndom + 1) * sizeof(char *));
		d->dom_code[d->ndom] = orcs_xstrdup((const char *)c);
		d->dom_label[d->ndom] = col_dup(st, 1);
		strmap_put(&d->dom_index, (const char *)c, d->ndom);
		d->ndom++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return orcs_db_error(db, "valeurs d'une dimension", err);
	return ORCS_OK;
}

static const char *code_label(orcs_db *db, pdim *d, const char *code)
{
	int i;
	sqlite3_stmt *st;
	char *label = NULL;
	if (!code)
		return NULL;
	i = strmap_get(&d->dom_index, code);
	if (i >= 0)
		return d->dom_label[i];
	if (!d->lv->label_of)
		return NULL;
	i = strmap_get(&d->label_cache, code);
	if (i >= 0)
		return d->labels[i];
	if (sqlite3_prepare_v2(orcs_db_sqlite(db), d->lv->label_of, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			label = col_dup(st, 0);
		sqlite3_finalize(st);
	}
	d->labels = orcs_xrealloc(d->labels, (size_t)(d->nlabels + 1) * sizeof(char *));
	d->labels[d->nlabels] = label;
	strmap_put(&d->label_cache, code, d->nlabels);
	return d->labels[d->nlabels++];
}

/* ---- results ------------------------------------------------------------------------- */

orcs_ind_row *ind_result_add_row(orcs_ind_result *r)
{
	orcs_ind_row *row;
	int i;
	/* the capacity is the next power of two (at least 8): rows are only
	 * ever appended here, and results hold up to thousands of rows */
	if (r->nrows == 0 || (r->nrows >= 8 && !(r->nrows & (r->nrows - 1))))
		r->rows = orcs_xrealloc(r->rows, (size_t)(r->nrows ? 2 * r->nrows : 8) *
						     sizeof(*r->rows));
	row = &r->rows[r->nrows++];
	memset(row, 0, sizeof(*row));
	row->value = row->numerator = row->denominator = row->coverage = NAN;
	row->previous = row->change = NAN;
	for (i = 0; i < ORCS_IND_MAX_EXTRA; i++)
		row->extra[i] = NAN;
	return row;
}

void orcs_ind_result_release(orcs_ind_result *r)
{
	int i, k;
	if (!r)
		return;
	for (i = 0; i < r->nrows; i++)
		for (k = 0; k < ORCS_IND_MAX_BY; k++) {
			free(r->rows[i].code[k]);
			free(r->rows[i].label[k]);
		}
	free(r->rows);
	for (k = 0; k < ORCS_IND_MAX_BY; k++)
		free(r->by[k]);
	for (k = 0; k < ORCS_IND_MAX_WHERE; k++)
		free(r->where[k]);
	free(r->indicator);
	free(r->label);
	free(r->unit);
	free(r->year_rule);
	free(r->caveats);
	memset(r, 0, sizeof(*r));
}

void ind_result_header(const ind_plan *p, int year, orcs_audience aud, orcs_ind_result *r)
{
	int i, k = 0;
	memset(r, 0, sizeof(*r));
	r->indicator = orcs_xstrdup(p->impl->id);
	r->version = p->version;
	r->label = xdup(p->label);
	r->unit = xdup(p->unit);
	r->year_rule = xdup(p->year_rule);
	r->caveats = p->caveats && *p->caveats ? orcs_xstrdup(p->caveats) : NULL;
	r->note = p->impl->note;
	r->kind = p->impl->kind;
	r->secrecy = p->klass;
	r->year = year;
	r->audience = aud;
	r->nby = p->nby;
	for (i = 0; i < p->nby; i++) {
		r->by[i] = orcs_xstrdup(p->by[i].canon);
		r->by_label[i] = p->by[i].dim->label;
		r->by_level[i] = p->by[i].lv->label;
		r->by_multi[i] = p->by[i].lv->multi || p->by[i].kind;
	}
	for (i = 0; i < p->nwhere && k < ORCS_IND_MAX_WHERE; i++) {
		orcs_buf b = ORCS_BUF_INIT;
		orcs_buf_addf(&b, "%s=%s", p->where[i].canon, p->where[i].value);
		r->where[k++] = orcs_buf_detach(&b, NULL);
	}
	r->nwhere = k;
	for (i = 0; i < ORCS_IND_MAX_EXTRA; i++)
		if (p->impl->extras[i].name)
			r->extra_name[r->nextra++] = p->impl->extras[i].name;
	r->has_previous = year != 0;
	r->excluded = -1;
}

/* Figures of one cell, and what secrecy needs to know about it. */
typedef struct fig {
	double num, den, value, cov;
	double x[ORCS_IND_MAX_EXTRA];
	double base;         /* the additive figure used by secondary suppression */
	long persons;        /* -1 when not about persons */
	long contributors;   /* -1 when not applicable */
	double top;
} fig;

static double val(const grouping *g, const double *v, int slot)
{
	int k = g ? g->slot[slot] : -1;
	return (v && k >= 0) ? v[k] : NAN;
}

static double nz(double v)
{
	return isnan(v) ? 0 : v;
}

static double ratio(double a, double b)
{
	return b > 0 ? a / b : NAN;
}

static void figures(const computation *c, const grouping *g, int year, char *const *codes, fig *f)
{
	const ind_plan *p = c->p;
	const ind_impl *im = p->impl;
	const double *v = cs_find(g->main, year, g->mask, codes);
	unsigned kmask = g->mask & p->kindmask;
	const grouping *pg = g;
	const double *pv = v;
	int i;

	if (kmask) { /* numerator from this cell, the rest from the cell without the kind dims */
		pg = find_grouping(c, g->mask & ~kmask);
		pv = pg ? cs_find(pg->main, year, pg->mask, codes) : NULL;
		f->num = nz(val(g, v, S_KNUM));
	} else {
		f->num = im->kind == ORCS_IND_VALUE ? val(g, v, S_NUM) : nz(val(g, v, S_NUM));
	}
	f->den = im->den_const > 0 ? im->den_const : nz(val(pg, pv, S_DEN));
	switch (im->kind) {
	case ORCS_IND_RATIO:
	case ORCS_IND_MEAN:
		f->value = ratio(f->num, f->den);
		f->base = kmask ? f->num : f->den;
		break;
	default:
		f->value = f->num;
		f->base = f->num;
	}
	if (im->cov_cube) {
		const double *cv = pg ? cs_find(&pg->cov, year, pg->mask, codes) : NULL;
		f->cov = !pg || !pg->cov.ran ? NAN
					      : cv ? ratio(nz(cv[0]), nz(cv[1])) : NAN;
	} else if (im->cov_num) {
		f->cov = ratio(nz(val(pg, pv, S_COVN)), nz(val(pg, pv, S_COVD)));
	} else {
		f->cov = NAN;
	}
	for (i = 0; i < ORCS_IND_MAX_EXTRA; i++) {
		f->x[i] = NAN;
		if (!im->extras[i].num)
			continue;
		if (im->extras[i].den)
			f->x[i] = ratio(nz(val(pg, pv, S_X0N + 2 * i)), nz(val(pg, pv, S_X0D + 2 * i)));
		else
			f->x[i] = nz(val(pg, pv, S_X0N + 2 * i));
	}
	f->persons = -1;
	if (p->use_persons) {
		double pers = nz(val(g, v, S_PERS));
		if (im->persons_num && f->num > 0 && f->num < pers)
			pers = f->num;
		f->persons = (long)pers;
	}
	f->contributors = -1;
	f->top = -1;
	if (p->use_contrib && g->contrib.ran) {
		const double *k = cs_find(&g->contrib, year, g->mask, codes);
		f->contributors = k ? (long)nz(k[0]) : 0;
		f->top = k && !isnan(k[1]) ? k[1] : -1;
	}
}

/* Rows to build: (mask, codes) with a display order. */
typedef struct cand {
	unsigned mask;
	char *codes[ORCS_IND_MAX_BY];
} cand;

static const ind_plan *sort_plan; /* qsort has no context argument in C11 */

static int code_rank(const pdim *d, const char *code)
{
	int i;
	if (!code)
		return 1 << 30;
	i = strmap_get(&d->dom_index, code);
	return i >= 0 ? i : (1 << 29);
}

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	int i;
	if (x->mask != y->mask)
		return x->mask < y->mask ? -1 : 1;
	for (i = 0; i < sort_plan->nby; i++) {
		int rx, ry;
		if (!(x->mask & (1u << i)))
			continue;
		rx = code_rank(&sort_plan->by[i], x->codes[i]);
		ry = code_rank(&sort_plan->by[i], y->codes[i]);
		if (rx != ry)
			return rx < ry ? -1 : 1;
		if (rx == (1 << 29)) {
			int c = strcmp(x->codes[i], y->codes[i]);
			if (c)
				return c;
		}
	}
	return 0;
}

/* True when every aggregate of the plan is zero or null in this cell (the
 * cellset may hold other plans' aggregates too). */
static int all_zero(const grouping *g, const double *v)
{
	int i;
	for (i = 0; i < NSLOT; i++)
		if (g->slot[i] >= 0 && !isnan(v[g->slot[i]]) && v[g->slot[i]] != 0)
			return 0;
	return 1;
}

/* The rows of `year`, in display order: total, margins, cells. */
static void collect_rows(const computation *c, int year, cand **out, int *nout)
{
	const ind_plan *p = c->p;
	unsigned full = (1u << p->nby) - 1, m;
	int n = 0, i, k;
	cand *cs = NULL;
	orcs_buf key = ORCS_BUF_INIT;
	strmap seen = { 0 };

	for (m = 0; m <= full; m++) {
		const grouping *g = find_grouping(c, m);
		if (!g)
			continue;
		if (m == 0) {
			cs = orcs_xrealloc(cs, (size_t)(n + 1) * sizeof(*cs));
			memset(&cs[n++], 0, sizeof(cand));
			continue;
		}
		for (i = 0; i < g->main->n; i++) {
			char *const *codes = &g->main->codes[i * ORCS_IND_MAX_BY];
			const double *v = &g->main->v[(size_t)i * (size_t)g->main->nv];
			int unknown = 0;
			if (g->main->year[i] != year)
				continue;
			for (k = 0; k < p->nby; k++)
				if ((m & (1u << k)) && !codes[k])
					unknown = 1;
			if (unknown && all_zero(g, v))
				continue;
			cs = orcs_xrealloc(cs, (size_t)(n + 1) * sizeof(*cs));
			memset(&cs[n], 0, sizeof(cand));
			cs[n].mask = m;
			for (k = 0; k < ORCS_IND_MAX_BY; k++)
				cs[n].codes[k] = (m & (1u << k)) ? codes[k] : NULL;
			cell_key(&key, 0, m, cs[n].codes);
			strmap_put(&seen, key.data, n);
			n++;
		}
		/* zero rows for the values of an enumerated dimension */
		for (k = 0; k < p->nby; k++) {
			const pdim *d = &p->by[k];
			int j;
			if (m != (1u << k))
				continue;
			for (j = 0; j < d->ndom; j++) {
				char *codes[ORCS_IND_MAX_BY] = { NULL, NULL };
				codes[k] = d->dom_code[j];
				cell_key(&key, 0, m, codes);
				if (strmap_get(&seen, key.data) >= 0)
					continue;
				cs = orcs_xrealloc(cs, (size_t)(n + 1) * sizeof(*cs));
				memset(&cs[n], 0, sizeof(cand));
				cs[n].mask = m;
				cs[n].codes[k] = d->dom_code[j];
				strmap_put(&seen, key.data, n);
				n++;
			}
		}
	}
	orcs_buf_release(&key);
	strmap_free(&seen);
	sort_plan = p;
	if (n > 1)
		qsort(cs + 1, (size_t)(n - 1), sizeof(*cs), cmp_cand);
	*out = cs;
	*nout = n;
}

/* ---- secrecy ------------------------------------------------------------------------------ */

typedef struct relb {
	strmap index;         /* "family/total" -> relation */
	int *total;
	int **parts;
	int *nparts, *cap;
	int n;
} relb;

static void relb_add(relb *rb, int family, int total, int part)
{
	char key[48];
	int i;
	snprintf(key, sizeof(key), "%d/%d", family, total);
	i = strmap_get(&rb->index, key);
	if (i < 0) {
		i = rb->n++;
		rb->total = orcs_xrealloc(rb->total, (size_t)rb->n * sizeof(int));
		rb->parts = orcs_xrealloc(rb->parts, (size_t)rb->n * sizeof(int *));
		rb->nparts = orcs_xrealloc(rb->nparts, (size_t)rb->n * sizeof(int));
		rb->cap = orcs_xrealloc(rb->cap, (size_t)rb->n * sizeof(int));
		rb->total[i] = total;
		rb->parts[i] = NULL;
		rb->nparts[i] = rb->cap[i] = 0;
		strmap_put(&rb->index, key, i);
	}
	if (rb->nparts[i] == rb->cap[i]) {
		rb->cap[i] = rb->cap[i] ? rb->cap[i] * 2 : 8;
		rb->parts[i] = orcs_xrealloc(rb->parts[i], (size_t)rb->cap[i] * sizeof(int));
	}
	rb->parts[i][rb->nparts[i]++] = part;
}

static void relb_release(relb *rb)
{
	int i;
	for (i = 0; i < rb->n; i++)
		free(rb->parts[i]);
	free(rb->parts);
	free(rb->total);
	free(rb->nparts);
	free(rb->cap);
	strmap_free(&rb->index);
}

static orcs_cell secrecy_cell(const ind_plan *p, const fig *f)
{
	orcs_cell cell;
	cell.klass = p->klass;
	cell.value = isnan(f->base) ? 0 : f->base;
	cell.persons = f->persons;
	cell.contributors = f->contributors;
	cell.top_share = f->top;
	return cell;
}

/* Whether dimension i of the breakdown is a partition (its parts add up). */
static int additive_dim(const ind_plan *p, int i)
{
	return !p->by[i].lv->multi && !p->by[i].kind;
}

/* Builds the release of `r` (its rows, and the parent geographies of
 * release `which`: 0 the year, 1 the year before), its relations, and marks
 * the secret rows of `r`. */
static void apply_secrecy(const computation *c, int which, orcs_ind_result *r, const fig *figs)
{
	const ind_plan *p = c->p;
	orcs_secrecy *s = orcs_secrecy_new();
	strmap rowidx = { 0 };
	orcs_buf key = ORCS_BUF_INIT;
	relb rb;
	int *cell = orcs_xmalloc((size_t)(r->nrows ? r->nrows : 1) * sizeof(int));
	int k, i, gi, family = 0;

	memset(&rb, 0, sizeof(rb));
	for (k = 0; k < r->nrows; k++) {
		orcs_cell sc = secrecy_cell(p, &figs[k]);
		unsigned mask = 0;
		cell[k] = orcs_secrecy_add(s, &sc);
		for (i = 0; i < p->nby; i++)
			if (r->rows[k].has[i])
				mask |= 1u << i;
		cell_key(&key, (int)mask, mask, r->rows[k].code);
		strmap_put(&rowidx, key.data, cell[k]);
	}
	/* total = sum of parts, along every additive dimension */
	for (k = 0; k < r->nrows; k++) {
		unsigned mask = 0;
		for (i = 0; i < p->nby; i++)
			if (r->rows[k].has[i])
				mask |= 1u << i;
		for (i = 0; i < p->nby; i++) {
			unsigned pm;
			int parent;
			if (!(mask & (1u << i)) || !additive_dim(p, i))
				continue;
			pm = mask & ~(1u << i);
			cell_key(&key, (int)pm, pm, r->rows[k].code);
			parent = strmap_get(&rowidx, key.data);
			if (parent >= 0)
				relb_add(&rb, i, parent, cell[k]);
		}
	}
	/* parent geographies, as their own query publishes them: a published
	 * parent cell is fixed, a hidden one always hidden (S3); each parent
	 * cell (P, rest) = the sum of the rows whose code lies in P */
	for (gi = 0; gi < c->npr; gi++) {
		const parent_rel *pr = &c->pr[gi];
		const orcs_ind_result *rel =
			pr->src[which] ? pr->src[which] : pr->have[which] ? &pr->rel[which] : NULL;
		strmap auxidx = { 0 };
		if (!rel)
			continue;
		family = 100 + gi;
		for (k = 0; k < rel->nrows; k++) {
			const orcs_ind_row *q = &rel->rows[k];
			orcs_cell sc;
			unsigned mask = 0;
			int idx;
			if (!q->has[pr->dim])
				continue;
			for (i = 0; i < p->nby; i++)
				if (q->has[i])
					mask |= 1u << i;
			sc.klass = q->secret ? ORCS_S3 : p->klass;
			sc.value = isnan(q->value) ? 0 : q->value;
			sc.persons = -1;
			sc.contributors = -1;
			sc.top_share = -1;
			idx = orcs_secrecy_add(s, &sc);
			if (!q->secret)
				orcs_secrecy_fix(s, idx);
			cell_key(&key, (int)mask, mask, q->code);
			strmap_put(&auxidx, key.data, idx);
		}
		for (k = 0; k < r->nrows; k++) {
			unsigned mask = 0;
			char *codes[ORCS_IND_MAX_BY];
			int pi, aux;
			if (!r->rows[k].has[pr->dim] || !r->rows[k].code[pr->dim])
				continue;
			pi = strmap_get(&pr->map, r->rows[k].code[pr->dim]);
			if (pi < 0)
				continue;
			for (i = 0; i < p->nby; i++)
				if (r->rows[k].has[i])
					mask |= 1u << i;
			for (i = 0; i < ORCS_IND_MAX_BY; i++)
				codes[i] = r->rows[k].code[i];
			codes[pr->dim] = pr->pcodes[pi];
			cell_key(&key, (int)mask, mask, codes);
			aux = strmap_get(&auxidx, key.data);
			if (aux >= 0)
				relb_add(&rb, family, aux, cell[k]);
		}
		strmap_free(&auxidx);
	}
	for (i = 0; i < rb.n; i++)
		orcs_secrecy_relation(s, rb.total[i], rb.parts[i], rb.nparts[i]);
	orcs_secrecy_solve(s);
	for (k = 0; k < r->nrows; k++)
		r->rows[k].secret = orcs_secrecy_status(s, cell[k]);
	relb_release(&rb);
	strmap_free(&rowidx);
	orcs_buf_release(&key);
	free(cell);
	orcs_secrecy_free(s);
}

/* Removes the figures of secret rows. */
static void blank_secret(orcs_ind_result *r)
{
	int k, i;
	for (k = 0; k < r->nrows; k++) {
		orcs_ind_row *row = &r->rows[k];
		if (!row->secret)
			continue;
		row->value = row->numerator = row->denominator = row->coverage = NAN;
		row->change = NAN;
		for (i = 0; i < ORCS_IND_MAX_EXTRA; i++)
			row->extra[i] = NAN;
	}
}

/* Builds the result of `year` for `aud` from the computation. */
static void assemble(orcs_db *db, const computation *c, int year, int which, orcs_audience aud,
		     orcs_ind_result *r)
{
	ind_plan *p = c->p;
	cand *cs = NULL;
	fig *figs;
	int n = 0, k, i;

	ind_result_header(p, year, aud, r);
	r->excluded = c->excluded;
	collect_rows(c, year, &cs, &n);
	figs = orcs_xcalloc((size_t)(n ? n : 1), sizeof(*figs));
	for (k = 0; k < n; k++) {
		const grouping *g = find_grouping(c, cs[k].mask);
		orcs_ind_row *row = ind_result_add_row(r);
		fig *f = &figs[k];
		for (i = 0; i < p->nby; i++) {
			row->has[i] = (cs[k].mask >> i) & 1;
			row->code[i] = row->has[i] ? xdup(cs[k].codes[i]) : NULL;
			row->label[i] = row->has[i] ? xdup(code_label(db, &p->by[i], cs[k].codes[i]))
						    : NULL;
		}
		figures(c, g, year, cs[k].codes, f);
		row->value = f->value;
		row->coverage = f->cov;
		for (i = 0; i < ORCS_IND_MAX_EXTRA; i++)
			row->extra[i] = f->x[i];
		switch (p->impl->kind) {
		case ORCS_IND_RATIO:
		case ORCS_IND_MEAN:
			row->numerator = f->num;
			row->denominator = f->den;
			break;
		case ORCS_IND_VALUE:
			break;
		default:
			row->numerator = f->num;
		}
	}
	if (aud == ORCS_AUDIENCE_PUBLIC && p->klass == ORCS_S3) {
		for (k = 0; k < r->nrows; k++)
			r->rows[k].secret = ORCS_CELL_PRIMARY;
	} else if (aud == ORCS_AUDIENCE_PUBLIC && p->klass != ORCS_S0) {
		apply_secrecy(c, which, r, figs);
	}
	blank_secret(r);
	free(figs);
	free(cs);
}

static int same_row(const orcs_ind_row *a, const orcs_ind_row *b)
{
	int i;
	for (i = 0; i < ORCS_IND_MAX_BY; i++)
		if (a->has[i] != b->has[i] || (a->has[i] && !same_code(a->code[i], b->code[i])))
			return 0;
	return 1;
}

/* previous = the same row as published for year − 1; change. */
static void attach_previous(orcs_ind_result *r, const orcs_ind_result *prev, int prev_has_data)
{
	int k, j;
	for (k = 0; k < r->nrows; k++) {
		orcs_ind_row *row = &r->rows[k];
		const orcs_ind_row *pr = NULL;
		for (j = 0; prev && j < prev->nrows && !pr; j++)
			if (same_row(row, &prev->rows[j]))
				pr = &prev->rows[j];
		row->previous = NAN;
		if (row->secret)
			pr = NULL, prev_has_data = 0; /* a hidden cell says nothing of its past either */
		if (pr)
			row->previous = pr->secret ? NAN : pr->value;
		else if (prev_has_data && r->kind != ORCS_IND_RATIO && r->kind != ORCS_IND_MEAN &&
			 r->kind != ORCS_IND_VALUE)
			row->previous = 0;
		row->change = NAN;
		if (!row->secret && !isnan(row->value) && !isnan(row->previous))
			row->change = (row->value - row->previous) * (r->kind == ORCS_IND_RATIO ? 100 : 1);
	}
}

static int has_year(const computation *c, int year)
{
	const grouping *g = find_grouping(c, 0);
	char *codes[ORCS_IND_MAX_BY] = { NULL, NULL };
	return g && cs_find(g->main, year, 0, codes) != NULL;
}

static int prepare(orcs_db *db, ind_plan *p, orcs_error *err)
{
	int i, rc;
	for (i = 0; i < p->nby; i++)
		if ((rc = load_domain(db, &p->by[i], err)) != ORCS_OK)
			return rc;
	return ORCS_OK;
}

static int compute_pair(orcs_db *db, ind_plan *p, orcs_ind_result *cur, orcs_ind_result *prev,
			int *prev_data, orcs_error *err);

/* Whether the public release of p protects parent geographies (a
 * breakdown at a level with parents: commune, EPT). */
static int has_parents(const ind_plan *p)
{
	int i;
	if (p->audience != ORCS_AUDIENCE_PUBLIC || p->klass == ORCS_S0 || p->klass == ORCS_S3)
		return 0;
	for (i = 0; i < p->nby; i++)
		if (p->by[i].lv->parents && *p->by[i].lv->parents)
			return 1;
	return 0;
}

/* One "name=SQL" item of a level's parents list at `s`: its level name and
 * its SQL (*sql, to free; NULL when malformed).  Returns the next item. */
static const char *parent_item(const char *s, char *name, size_t size, char **sql)
{
	const char *end = strchr(s, ';');
	size_t len = end ? (size_t)(end - s) : strlen(s);
	const char *eq = memchr(s, '=', len);
	*sql = NULL;
	if (!eq || (size_t)(eq - s) >= size)
		return s + len;
	snprintf(name, size, "%.*s", (int)(eq - s), s);
	*sql = orcs_xstrndup(eq + 1, len - (size_t)(eq - s) - 1);
	return end ? end + 1 : s + len;
}

/* Iterates the parent levels of p's breakdowns that their dimension has
 * (a commune: département, EPT).  Start with *i = 0 and *s = NULL; each
 * call sets `name`, *sql (the "code -> parent code" query, to free) and
 * *i (the breakdown) and returns 1, or returns 0 at the end. */
static int next_parent(const ind_plan *p, int *i, const char **s, char *name, size_t size,
		       char **sql)
{
	for (; *i < p->nby; (*i)++, *s = NULL) {
		if (!*s)
			*s = p->by[*i].lv->parents;
		while (*s && **s) {
			*s = parent_item(*s, name, size, sql);
			if (!*sql) {
				*s = NULL;
				break;
			}
			if (dim_level(p->by[*i].dim, name))
				return 1;
			free(*sql);
		}
	}
	return 0;
}

/* The query of a parent release: p with by dimension i at level `name`,
 * public, for `year` (or every year), the same filters. */
static int parent_plan(orcs_db *db, const ind_plan *p, int i, const char *name, int year,
		       int all_years, ind_plan **out, orcs_error *err)
{
	orcs_ind_query q = ORCS_IND_QUERY_INIT;
	char spec[96];
	int k;
	q.indicator = p->impl->id;
	q.year = year;
	q.audience = ORCS_AUDIENCE_PUBLIC;
	q.live = 1;
	snprintf(spec, sizeof(spec), "%s:%s", p->by[i].dim->name, name);
	for (k = 0; k < p->nby; k++)
		q.by[q.nby++] = k == i ? spec : p->by[k].canon;
	for (k = 0; k < p->nwhere && q.nwhere < ORCS_IND_MAX_WHERE; k++)
		if (!p->where[k].dflt) {
			q.where[q.nwhere].dim = p->where[k].canon;
			q.where[q.nwhere].value = p->where[k].value;
			q.nwhere++;
		}
	return ind_plan_new(db, &q, all_years, out, err);
}

/* A new parent relation of c along by dimension i, its map loaded. */
static int add_parent_rel(orcs_db *db, parent_rel **prs, int *npr, int i, const char *sql,
			  orcs_error *err)
{
	parent_rel *pr;
	*prs = orcs_xrealloc(*prs, (size_t)(*npr + 1) * sizeof(**prs));
	pr = &(*prs)[(*npr)++];
	memset(pr, 0, sizeof(*pr));
	pr->dim = i;
	return load_parent_map(db, pr, sql, err);
}

/* Computes the releases of the same query at the parent levels of a
 * commune or EPT breakdown (only when secrecy applies). */
static int parent_releases(orcs_db *db, computation *c, int with_prev, orcs_error *err)
{
	ind_plan *p = c->p;
	int i = 0, rc;
	const char *s = NULL;
	char name[32], *sql;
	if (!has_parents(p))
		return ORCS_OK;
	while (next_parent(p, &i, &s, name, sizeof(name), &sql)) {
		ind_plan *sp = NULL;
		parent_rel *pr;
		int dummy;
		rc = add_parent_rel(db, &c->pr, &c->npr, i, sql, err);
		free(sql);
		if (rc != ORCS_OK)
			return rc;
		pr = &c->pr[c->npr - 1];
		if ((rc = parent_plan(db, p, i, name, p->year, 0, &sp, err)) != ORCS_OK)
			return rc;
		sp->nqueries = p->nqueries;
		rc = compute_pair(db, sp, &pr->rel[0], with_prev ? &pr->rel[1] : NULL, &dummy, err);
		ind_plan_free(sp);
		if (rc != ORCS_OK)
			return rc;
		pr->have[0] = 1;
		pr->have[1] = with_prev;
	}
	return ORCS_OK;
}

/* The public or internal release of the plan's year, and of the year
 * before when `prev` is given (*prev_data: the population is not empty
 * then).  `cur` gets its previous values. */
static int compute_pair(orcs_db *db, ind_plan *p, orcs_ind_result *cur, orcs_ind_result *prev,
			int *prev_data, orcs_error *err)
{
	computation c;
	int rc;
	memset(&c, 0, sizeof(c));
	c.p = p;
	if ((rc = prepare(db, p, err)) != ORCS_OK)
		return rc;
	rc = p->year ? run_all(db, &c, YM_YEARS, p->year - 1, p->year, err)
		     : run_all(db, &c, YM_ALL, 0, 0, err);
	if (rc == ORCS_OK)
		rc = parent_releases(db, &c, p->year && prev, err);
	if (rc != ORCS_OK) {
		comp_release(&c);
		return rc;
	}
	c.excluded = count_excluded(db, p);
	assemble(db, &c, p->year, 0, p->audience, cur);
	if (p->year && prev) {
		*prev_data = has_year(&c, p->year - 1);
		assemble(db, &c, p->year - 1, 1, p->audience, prev);
		attach_previous(cur, *prev_data ? prev : NULL, *prev_data);
	}
	comp_release(&c);
	return ORCS_OK;
}

static int compute_live(orcs_db *db, ind_plan *p, orcs_ind_result *out, orcs_error *err)
{
	orcs_ind_result prev;
	int prev_data = 0, rc;
	memset(&prev, 0, sizeof(prev));
	rc = compute_pair(db, p, out, p->year ? &prev : NULL, &prev_data, err);
	if (p->year)
		orcs_ind_result_release(&prev);
	return rc;
}

static int year_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The refresh's parent geographies.  A plan of a batch broken down at a
 * level with parents (EPT, commune) protects, for the public, the release
 * of the same query at each parent level, as live queries do.  That
 * release is the public result the batch has just emitted for the parent
 * plan (same indicator, filters and breakdown at the parent level: the
 * refresh puts parents first), kept while the batch runs; a parent the
 * batch does not compute is computed live (compute_pair).  links[l] is the
 * l-th parent relation; those of plan k are first[k] .. first[k] + count[k]. */
typedef struct kept_rel {
	int plan, year;
	orcs_ind_result r; /* rows only: codes, value, secret */
} kept_rel;

typedef struct bparents {
	ind_plan **plans;
	int n;
	parent_rel *pr;   /* per link */
	int *ldim;        /* per link: by index of the child plan */
	char (*lname)[32]; /* per link: the parent level */
	int *lparent;     /* per link: the parent plan in the batch, or -1 */
	int npr;
	int *first, *count, *wanted; /* per plan; wanted: its public results are kept */
	kept_rel *kept;
	int nkept;
} bparents;

static void bparents_release(bparents *bp)
{
	int i, k;
	for (i = 0; i < bp->npr; i++) {
		parent_rel *pr = &bp->pr[i];
		strmap_free(&pr->map);
		for (k = 0; k < pr->npcodes; k++)
			free(pr->pcodes[k]);
		free(pr->pcodes);
		for (k = 0; k < 2; k++)
			if (pr->have[k])
				orcs_ind_result_release(&pr->rel[k]);
	}
	for (i = 0; i < bp->nkept; i++)
		orcs_ind_result_release(&bp->kept[i].r);
	free(bp->pr);
	free(bp->ldim);
	free(bp->lname);
	free(bp->lparent);
	free(bp->first);
	free(bp->count);
	free(bp->wanted);
	free(bp->kept);
	memset(bp, 0, sizeof(*bp));
}

/* The parent relations of the batch's plans (public audience set). */
static int bparents_init(orcs_db *db, bparents *bp, ind_plan **plans, int n, orcs_error *err)
{
	int k, i, j, rc;
	memset(bp, 0, sizeof(*bp));
	bp->plans = plans;
	bp->n = n;
	bp->first = orcs_xcalloc((size_t)(n ? n : 1), sizeof(int));
	bp->count = orcs_xcalloc((size_t)(n ? n : 1), sizeof(int));
	bp->wanted = orcs_xcalloc((size_t)(n ? n : 1), sizeof(int));
	for (k = 0; k < n; k++) {
		ind_plan *p = plans[k];
		const char *s = NULL;
		char name[32], *sql;
		bp->first[k] = bp->npr;
		if (!has_parents(p))
			continue;
		i = 0;
		while (next_parent(p, &i, &s, name, sizeof(name), &sql)) {
			ind_plan *sp = NULL;
			int l;
			rc = add_parent_rel(db, &bp->pr, &bp->npr, i, sql, err);
			free(sql);
			if (rc != ORCS_OK)
				return rc;
			l = bp->npr - 1;
			bp->ldim = orcs_xrealloc(bp->ldim, (size_t)bp->npr * sizeof(int));
			bp->lparent = orcs_xrealloc(bp->lparent, (size_t)bp->npr * sizeof(int));
			bp->lname = orcs_xrealloc(bp->lname, (size_t)bp->npr * sizeof(*bp->lname));
			bp->ldim[l] = i;
			bp->lparent[l] = -1;
			snprintf(bp->lname[l], sizeof(bp->lname[l]), "%s", name);
			bp->count[k]++;
			/* the plan of the batch that is this parent query */
			if ((rc = parent_plan(db, p, i, name, 0, 1, &sp, err)) != ORCS_OK)
				return rc;
			for (j = 0; j < n; j++)
				if (j != k && plans[j]->impl == p->impl &&
				    !strcmp(plans[j]->cache_key, sp->cache_key)) {
					bp->lparent[l] = j;
					bp->wanted[j] = 1;
					break;
				}
			ind_plan_free(sp);
		}
	}
	return ORCS_OK;
}

static const orcs_ind_result *kept_find(const bparents *bp, int plan, int year)
{
	int i;
	for (i = bp->nkept - 1; i >= 0; i--)
		if (bp->kept[i].plan == plan && bp->kept[i].year == year)
			return &bp->kept[i].r;
	return NULL;
}

/* Keeps the public result r of plan k when another plan's release needs it. */
static void keep_release(bparents *bp, int k, const orcs_ind_result *r)
{
	kept_rel *kr;
	int i, j;
	if (!bp || !bp->wanted || !bp->wanted[k] || r->audience != ORCS_AUDIENCE_PUBLIC)
		return;
	if (bp->nkept == 0 || (bp->nkept >= 8 && !(bp->nkept & (bp->nkept - 1))))
		bp->kept = orcs_xrealloc(bp->kept, (size_t)(bp->nkept ? 2 * bp->nkept : 8) *
							   sizeof(*bp->kept));
	kr = &bp->kept[bp->nkept++];
	memset(kr, 0, sizeof(*kr));
	kr->plan = k;
	kr->year = r->year;
	for (i = 0; i < r->nrows; i++) {
		orcs_ind_row *row = ind_result_add_row(&kr->r);
		for (j = 0; j < ORCS_IND_MAX_BY; j++) {
			row->has[j] = r->rows[i].has[j];
			row->code[j] = xdup(r->rows[i].code[j]);
		}
		row->value = r->rows[i].value;
		row->secret = r->rows[i].secret;
	}
}

/* Points c at the parent releases of plan k for `year` (kept, or computed
 * live); unset_parents() before comp_release(). */
static int set_parents(orcs_db *db, bparents *bp, int k, computation *c, int year,
		       orcs_error *err)
{
	int l, rc;
	c->pr = NULL;
	c->npr = 0;
	if (!bp || !bp->count || !bp->count[k])
		return ORCS_OK;
	for (l = bp->first[k]; l < bp->first[k] + bp->count[k]; l++) {
		parent_rel *pr = &bp->pr[l];
		ind_plan *sp = NULL;
		int dummy;
		pr->src[0] = bp->lparent[l] >= 0 ? kept_find(bp, bp->lparent[l], year) : NULL;
		if (pr->have[0]) {
			orcs_ind_result_release(&pr->rel[0]);
			pr->have[0] = 0;
		}
		if (pr->src[0])
			continue;
		if ((rc = parent_plan(db, bp->plans[k], bp->ldim[l], bp->lname[l], year, 0, &sp,
				      err)) != ORCS_OK)
			return rc;
		rc = compute_pair(db, sp, &pr->rel[0], NULL, &dummy, err);
		ind_plan_free(sp);
		if (rc != ORCS_OK)
			return rc;
		pr->have[0] = 1;
	}
	c->pr = &bp->pr[bp->first[k]];
	c->npr = bp->count[k];
	return ORCS_OK;
}

static void unset_parents(computation *c, const bparents *bp)
{
	if (bp && c->pr && c->pr >= bp->pr && c->pr < bp->pr + bp->npr) {
		c->pr = NULL;
		c->npr = 0;
	}
}

/* Emits every year of a batch member (both audiences). */
static int emit_years(orcs_db *db, computation *c, const int *years, int ny, ind_emit_fn emit,
		      void *ctx, bparents *bp, int k, orcs_error *err)
{
	orcs_audience auds[2] = { ORCS_AUDIENCE_PUBLIC, ORCS_AUDIENCE_INTERNAL };
	orcs_ind_result prev[2], cur;
	int have_prev[2] = { 0, 0 };
	int i, a, rc = ORCS_OK;
	for (i = 0; i < ny && rc == ORCS_OK; i++) {
		if ((rc = set_parents(db, bp, k, c, years[i], err)) != ORCS_OK)
			break;
		for (a = 0; a < 2 && rc == ORCS_OK; a++) {
			int consecutive = have_prev[a] && years[i - 1] == years[i] - 1;
			assemble(db, c, years[i], 0, auds[a], &cur);
			attach_previous(&cur, consecutive ? &prev[a] : NULL, consecutive);
			keep_release(bp, k, &cur);
			rc = emit(ctx, c->p, &cur, err);
			if (have_prev[a])
				orcs_ind_result_release(&prev[a]);
			prev[a] = cur;
			have_prev[a] = 1;
		}
	}
	unset_parents(c, bp);
	for (a = 0; a < 2; a++)
		if (have_prev[a])
			orcs_ind_result_release(&prev[a]);
	return rc;
}

static int emit_all_years(orcs_db *db, computation *c, ind_emit_fn emit, void *ctx,
			  bparents *bp, int k, orcs_error *err)
{
	orcs_audience a;
	int rc = set_parents(db, bp, k, c, 0, err);
	for (a = ORCS_AUDIENCE_PUBLIC; a <= ORCS_AUDIENCE_INTERNAL && rc == ORCS_OK; a++) {
		orcs_ind_result cur;
		assemble(db, c, 0, 0, a, &cur);
		keep_release(bp, k, &cur);
		rc = emit(ctx, c->p, &cur, err);
		orcs_ind_result_release(&cur);
	}
	unset_parents(c, bp);
	return rc;
}

/* Groupings of a batch, whatever the plan: the key is the set of levels.
 * Each is queried once, with the aggregates of every plan that needs it;
 * the cellset keeps the code positions of the plan that ran it. */
typedef struct memo_entry {
	char *key;
	const char **aggs;
	int naggs;
	char *canon[ORCS_IND_MAX_BY]; /* level at each position of cs */
	cellset *cs;
} memo_entry;

typedef struct memo {
	memo_entry *e;
	int n;
} memo;

static void memo_release(memo *mm)
{
	int i, k;
	for (i = 0; i < mm->n; i++) {
		free(mm->e[i].key);
		free(mm->e[i].aggs);
		for (k = 0; k < ORCS_IND_MAX_BY; k++)
			free(mm->e[i].canon[k]);
		if (mm->e[i].cs) {
			cs_release(mm->e[i].cs);
			free(mm->e[i].cs);
		}
	}
	free(mm->e);
	memset(mm, 0, sizeof(*mm));
}

static void memo_key(const ind_plan *p, unsigned mask, orcs_buf *key)
{
	const char *names[ORCS_IND_MAX_BY];
	int n = 0, i;
	for (i = 0; i < p->nby; i++)
		if (mask & (1u << i))
			names[n++] = p->by[i].canon;
	if (n == 2 && strcmp(names[0], names[1]) > 0) {
		const char *t = names[0];
		names[0] = names[1];
		names[1] = t;
	}
	orcs_buf_reset(key);
	for (i = 0; i < n; i++)
		orcs_buf_addf(key, "%s%s", i ? "," : "", names[i]);
}

static memo_entry *memo_find(memo *mm, const char *key, int create)
{
	int i;
	for (i = 0; i < mm->n; i++)
		if (!strcmp(mm->e[i].key, key))
			return &mm->e[i];
	if (!create)
		return NULL;
	if (mm->n == 0 || (mm->n >= 8 && !(mm->n & (mm->n - 1)))) /* capacity: next power of two */
		mm->e = orcs_xrealloc(mm->e, (size_t)(mm->n ? 2 * mm->n : 8) * sizeof(*mm->e));
	memset(&mm->e[mm->n], 0, sizeof(*mm->e));
	mm->e[mm->n].key = orcs_xstrdup(key);
	return &mm->e[mm->n++];
}

/* Whether the plan sums grouping m from its finest one (else queries it). */
static int rolled_up(const ind_plan *p, unsigned m)
{
	int i;
	if (m == (1u << p->nby) - 1)
		return 0;
	for (i = 0; i < NSLOT; i++)
		if (!decomposable(p->sql[i]))
			return 0;
	for (i = 0; i < p->nby; i++)
		if (!(m & (1u << i)) && p->by[i].lv->multi)
			return 0;
	return 1;
}

/* First pass: which groupings each plan queries, with which aggregates. */
static void memo_register(memo *mm, const ind_plan *p)
{
	orcs_buf key = ORCS_BUF_INIT;
	unsigned full = (1u << p->nby) - 1, m;
	int i, k;
	for (m = 0; m <= full; m++) {
		memo_entry *e;
		if (rolled_up(p, m))
			continue;
		memo_key(p, m, &key);
		e = memo_find(mm, key.data, 1);
		for (i = 0; i < NSLOT; i++) {
			if (!p->sql[i])
				continue;
			for (k = 0; k < e->naggs && strcmp(e->aggs[k], p->sql[i]); k++)
				;
			if (k == e->naggs) {
				e->aggs = orcs_xrealloc(e->aggs, (size_t)(e->naggs + 1) * sizeof(char *));
				e->aggs[e->naggs++] = p->sql[i];
			}
		}
	}
	orcs_buf_release(&key);
}

/* The main cellset of grouping g, from the memo (queried on first use). */
static int memo_main(orcs_db *db, computation *c, memo *mm, grouping *g, int ymode,
		     orcs_error *err)
{
	const ind_plan *p = c->p;
	orcs_buf key = ORCS_BUF_INIT;
	int i, k, perm[ORCS_IND_MAX_BY] = { 0, 1 }, rc;
	memo_entry *e;
	memo_key(p, g->mask, &key);
	e = memo_find(mm, key.data, 0);
	orcs_buf_release(&key);
	if (!e)
		return orcs_error_set(err, ORCS_EIO, "%s" NB ": regroupement non préparé", p->impl->id);
	if (!e->cs) {
		qdef q;
		base_qdef(c, g, ymode, 0, 0, &q);
		q.aggs = e->aggs;
		q.naggs = e->naggs;
		e->cs = orcs_xcalloc(1, sizeof(cellset));
		if ((rc = run_query(db, &q, e->cs, err)) != ORCS_OK)
			return rc;
		for (k = 0; k < p->nby; k++)
			if (g->mask & (1u << k))
				e->canon[k] = orcs_xstrdup(p->by[k].canon);
	}
	for (k = 0; k < p->nby; k++)
		if (g->mask & (1u << k)) {
			int j;
			for (j = 0; j < ORCS_IND_MAX_BY; j++)
				if (e->canon[j] && !strcmp(e->canon[j], p->by[k].canon))
					perm[k] = j;
		}
	g->main = cs_copy(e->cs, perm, g->mask, 0);
	for (i = 0; i < NSLOT; i++) {
		g->slot[i] = -1;
		if (!p->sql[i])
			continue;
		for (k = 0; k < e->naggs && strcmp(e->aggs[k], p->sql[i]); k++)
			;
		g->slot[i] = k < e->naggs ? k : -1;
	}
	return ORCS_OK;
}

/* As run_mains(), through the memo. */
static int run_mains_memo(orcs_db *db, computation *c, memo *mm, int ymode, orcs_error *err)
{
	ind_plan *p = c->p;
	unsigned full = (1u << p->nby) - 1, m;
	int rc;
	if ((rc = memo_main(db, c, mm, new_grouping(c, full), ymode, err)) != ORCS_OK)
		return rc;
	for (m = 0; m < full; m++) {
		grouping *g = new_grouping(c, m);
		if (rolled_up(p, m))
			rollup(find_grouping(c, full), g);
		else if ((rc = memo_main(db, c, mm, g, ymode, err)) != ORCS_OK)
			return rc;
	}
	return ORCS_OK;
}

/* An extra query through the memo: the key is the SQL that defines it and
 * the grouping's levels. */
static int memo_extra(orcs_db *db, void *vmm, const computation *c, const grouping *g,
		      const qdef *q, const char *what, cellset *out, orcs_error *err)
{
	memo *mm = vmm;
	const ind_plan *p = c->p;
	orcs_buf key = ORCS_BUF_INIT, levels = ORCS_BUF_INIT;
	int i, k, perm[ORCS_IND_MAX_BY] = { 0, 1 }, rc;
	memo_entry *e;
	cellset *copy;
	memo_key(p, g->mask, &levels);
	orcs_buf_addf(&key, "%s|%s|%s|%s|%s|%s|%s|%s|%s", what, q->cube->name, q->rule->rule,
		      q->filters[0] ? q->filters[0] : "", q->filters[1] ? q->filters[1] : "",
		      q->contrib_key ? q->contrib_key : "", q->contrib_value ? q->contrib_value : "",
		      q->naggs ? q->aggs[0] : "", levels.data);
	for (i = 1; i < q->naggs; i++)
		orcs_buf_addf(&key, "|%s", q->aggs[i]);
	orcs_buf_release(&levels);
	e = memo_find(mm, key.data, 1);
	orcs_buf_release(&key);
	if (!e->cs) {
		e->cs = orcs_xcalloc(1, sizeof(cellset));
		if ((rc = run_query(db, q, e->cs, err)) != ORCS_OK)
			return rc;
		for (k = 0; k < p->nby; k++)
			if (g->mask & (1u << k))
				e->canon[k] = orcs_xstrdup(p->by[k].canon);
	}
	for (k = 0; k < p->nby; k++)
		if (g->mask & (1u << k)) {
			int j;
			for (j = 0; j < ORCS_IND_MAX_BY; j++)
				if (e->canon[j] && !strcmp(e->canon[j], p->by[k].canon))
					perm[k] = j;
		}
	copy = cs_copy(e->cs, perm, g->mask, 0);
	*out = *copy; /* the cellset's contents move into *out */
	free(copy);
	return ORCS_OK;
}

/* The all-years result of an additive plan, summed from its yearly cells:
 * exact when every aggregate is a sum and a fact has one year. */
static int derivable_all_years(const ind_plan *p)
{
	int i;
	if (p->rule->join || p->impl->cov_cube || p->use_contrib)
		return 0;
	for (i = 0; i < NSLOT; i++)
		if (!decomposable(p->sql[i]))
			return 0;
	return 1;
}

static void sum_years(const computation *c, computation *all)
{
	int i, perm[ORCS_IND_MAX_BY] = { 0, 1 };
	memset(all, 0, sizeof(*all));
	all->p = c->p;
	all->borrowed = 1;
	all->excluded = c->excluded;
	for (i = 0; i < c->ng; i++) {
		grouping *g = new_grouping(all, c->g[i].mask);
		g->main = cs_copy(c->g[i].main, perm, g->mask, 1);
		memcpy(g->slot, c->g[i].slot, sizeof(g->slot));
	}
}

/* One pass over a batch: every grouping queried once for all its plans. */
static int batch_pass(orcs_db *db, ind_plan **plans, int n, int ymode, const int *need,
		      int *need_all, ind_emit_fn emit, void *ctx, bparents *bp, orcs_error *err)
{
	computation c, all;
	memo mm = { NULL, 0 };
	int *years = NULL, ny = 0, i, k, rc = ORCS_OK;
	long long excluded = -1;
	ind_plan *first = NULL;

	for (k = 0; k < n; k++)
		if (need[k]) {
			memo_register(&mm, plans[k]);
			if (!first)
				first = plans[k];
		}
	if (!first)
		return ORCS_OK;
	excluded = count_excluded(db, first);
	for (k = 0; k < n && rc == ORCS_OK; k++) {
		if (!need[k])
			continue;
		memset(&c, 0, sizeof(c));
		c.p = plans[k];
		c.borrowed = 1;
		c.excluded = excluded;
		rc = run_mains_memo(db, &c, &mm, ymode, err);
		if (rc == ORCS_OK)
			rc = run_all_extras(db, &c, ymode, 0, 0, memo_extra, &mm, err);
		if (rc == ORCS_OK && ymode == YM_YEARS) {
			if (!years) {
				const grouping *tot = find_grouping(&c, 0);
				years = orcs_xmalloc((size_t)(tot->main->n + 1) * sizeof(int));
				for (i = 0; i < tot->main->n; i++)
					years[ny++] = tot->main->year[i];
				qsort(years, (size_t)ny, sizeof(int), year_cmp);
			}
			rc = emit_years(db, &c, years, ny, emit, ctx, bp, k, err);
			if (rc == ORCS_OK && plans[k]->additive) {
				if (derivable_all_years(plans[k])) {
					sum_years(&c, &all);
					rc = emit_all_years(db, &all, emit, ctx, bp, k, err);
					comp_release(&all);
				} else {
					need_all[k] = 1;
				}
			}
		} else if (rc == ORCS_OK) {
			rc = emit_all_years(db, &c, emit, ctx, bp, k, err);
		}
		comp_release(&c);
	}
	free(years);
	memo_release(&mm);
	return rc;
}

int ind_compute_batch(orcs_db *db, ind_plan **plans, int n, ind_emit_fn emit, void *ctx,
		      int *queries, ind_scanner *sc, orcs_error *err)
{
	int k, rc = ORCS_OK, *need = orcs_xcalloc((size_t)(n ? n : 1), sizeof(int));
	int *need_all = orcs_xcalloc((size_t)(n ? n : 1), sizeof(int));
	bparents bp;
	/* one computation serves both audiences: the public one only adds the
	 * contributors, which internal rows ignore */
	memset(&bp, 0, sizeof(bp));
	for (k = 0; k < n && rc == ORCS_OK; k++) {
		plans[k]->audience = ORCS_AUDIENCE_PUBLIC;
		plans[k]->nqueries = sc && sc->recording ? NULL : queries;
		plans[k]->scan = sc;
		need[k] = 1;
		rc = prepare(db, plans[k], err);
	}
	/* parent releases: not while recording (results thrown away) */
	if (rc == ORCS_OK && !(sc && sc->recording))
		rc = bparents_init(db, &bp, plans, n, err);
	if (rc == ORCS_OK)
		rc = batch_pass(db, plans, n, YM_YEARS, need, need_all, emit, ctx, &bp, err);
	if (rc == ORCS_OK)
		rc = batch_pass(db, plans, n, YM_ALL, need_all, NULL, emit, ctx, &bp, err);
	for (k = 0; k < n; k++) {
		plans[k]->nqueries = NULL;
		plans[k]->scan = NULL;
	}
	bparents_release(&bp);
	free(need);
	free(need_all);
	return rc;
}

void ind_plan_batch_key(const ind_plan *p, orcs_buf *key)
{
	int i;
	orcs_buf_reset(key);
	orcs_buf_addf(key, "%s|%s|%s", p->impl->cube->name, p->rule->rule,
		      p->impl->filter ? p->impl->filter : "");
	for (i = 0; i < p->nwhere; i++)
		orcs_buf_addf(key, "|%s=%s", p->where[i].canon, p->where[i].value);
}

void ind_plan_group_key(const ind_plan *p, orcs_buf *key)
{
	orcs_buf_reset(key);
	orcs_buf_addf(key, "%s|%s", p->impl->cube->name, p->rule->rule);
}

/* ---- which tables a plan reads (the incremental refresh) ------------------------ */

/* 1 when `sql` names one of `tables` as a whole word. */
static int sql_names(const char *sql, const char *const *tables)
{
	int i;
	if (!sql)
		return 0;
	for (i = 0; tables[i]; i++) {
		size_t n = strlen(tables[i]);
		const char *s;
		for (s = strstr(sql, tables[i]); s; s = strstr(s + 1, tables[i])) {
			int before = s > sql && (isalnum((unsigned char)s[-1]) || s[-1] == '_');
			int after = isalnum((unsigned char)s[n]) || s[n] == '_';
			if (!before && !after)
				return 1;
		}
	}
	return 0;
}

static int level_names(const ind_level *l, const char *const *tables)
{
	return l && (sql_names(l->expr, tables) || sql_names(l->join, tables) ||
		     sql_names(l->match, tables) || sql_names(l->domain, tables) ||
		     sql_names(l->label_of, tables) || sql_names(l->parents, tables) ||
		     sql_names(l->set, tables));
}

/* The cube (and its bases): FROM, scope, every year rule, and every level of
 * the dimensions named in `dims` (NULL-terminated). */
static int cube_names(const ind_cube *c, const char *const *dims, const char *const *tables)
{
	int i, k;
	for (; c; c = c->base) {
		if (sql_names(c->from, tables) || sql_names(c->scope, tables))
			return 1;
		for (i = 0; i < IND_MAX_RULES && c->rules[i].rule; i++)
			if (sql_names(c->rules[i].join, tables) || sql_names(c->rules[i].expr, tables))
				return 1;
		for (i = 0; dims[i]; i++) {
			const ind_dim *d = ind_cube_dim(c, dims[i]);
			for (k = 0; d && k < IND_MAX_LEVELS && d->levels[k].name; k++)
				if (level_names(&d->levels[k], tables))
					return 1;
		}
	}
	return 0;
}

int ind_plan_reads(const ind_plan *p, const char *const *tables)
{
	const ind_impl *im = p->impl;
	const char *dims[ORCS_IND_MAX_BY + MAXW + 1];
	const char *parts[] = { im->filter, im->num, im->den, im->cov_num, im->cov_den, im->kind_num,
				im->persons, im->contrib_key, im->contrib_value, im->contrib_filter,
				p->flags_sql };
	int i, n = 0;
	for (i = 0; i < (int)(sizeof(parts) / sizeof(parts[0])); i++)
		if (sql_names(parts[i], tables))
			return 1;
	for (i = 0; i < ORCS_IND_MAX_EXTRA; i++)
		if (sql_names(im->extras[i].num, tables) || sql_names(im->extras[i].den, tables))
			return 1;
	for (i = 0; i < p->nby; i++)
		dims[n++] = p->by[i].dim->name;
	for (i = 0; i < p->nwhere; i++)
		dims[n++] = p->where[i].dim->name;
	dims[n] = NULL;
	return cube_names(im->cube, dims, tables) || cube_names(im->cov_cube, dims, tables) ||
	       cube_names(im->contrib_cube, dims, tables);
}

int orcs_ind_compute(orcs_db *db, const orcs_ind_query *q, orcs_ind_result *out, orcs_error *err)
{
	ind_plan *p;
	int rc, found = 0;
	memset(out, 0, sizeof(*out));
	if ((rc = ind_plan_new(db, q, 0, &p, err)) != ORCS_OK)
		return rc;
	if (!q->live) {
		rc = ind_cache_read(db, p, p->year, p->audience, out, &found, err);
		if (rc != ORCS_OK) {
			ind_plan_free(p);
			return rc;
		}
	}
	if (!found)
		rc = compute_live(db, p, out, err);
	ind_plan_free(p);
	return rc;
}

/* ---- the registry against the catalogue ---------------------------------------- */

static int additive_rule(const char *rule)
{
	return !strcmp(rule, "NOTIFIED") || !strcmp(rule, "PUBLISHED") ||
	       !strcmp(rule, "STARTED") || !strcmp(rule, "REALISED") || !strcmp(rule, "ENDED");
}

int orcs_ind_check_registry(orcs_db *db, orcs_buf *problems)
{
	sqlite3_stmt *st;
	int n = 0;
	unsigned i;
	const ind_impl *im;
	if (sqlite3_prepare_v2(orcs_db_sqlite(db),
			       "SELECT id, year_rule, additive, secrecy, dims FROM ind_catalogue c "
			       "WHERE version = (SELECT max(version) FROM ind_catalogue WHERE id = c.id)",
			       -1, &st, NULL) != SQLITE_OK) {
		orcs_buf_addf(problems, "catalogue illisible\n");
		return 1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *rule = (const char *)sqlite3_column_text(st, 1);
		const char *add = (const char *)sqlite3_column_text(st, 2);
		const char *sec = (const char *)sqlite3_column_text(st, 3);
		const char *pending;
		int status = orcs_ind_status(id, &pending);
		if (status < 0) {
			orcs_buf_addf(problems, "%s: neither implemented nor listed as pending\n", id);
			n++;
			continue;
		}
		if (status == 0)
			continue;
		im = ind_find_impl(id);
		if (!ind_cube_rule(im->cube, rule)) {
			orcs_buf_addf(problems, "%s: cube %s has no year rule %s\n", id, im->cube->name,
				      rule);
			n++;
		}
		if (add && !strcmp(add, "yes") && !additive_rule(rule)) {
			orcs_buf_addf(problems, "%s: additive with year rule %s\n", id, rule);
			n++;
		}
		if (sec && strstr(sec, "S2") && !im->persons) {
			orcs_buf_addf(problems, "%s: secrecy %s without persons\n", id, sec);
			n++;
		}
		if (sec && strstr(sec, "S1") && !im->contrib_key) {
			orcs_buf_addf(problems, "%s: secrecy %s without contributors\n", id, sec);
			n++;
		}
		if ((im->kind == ORCS_IND_RATIO || im->kind == ORCS_IND_MEAN) && !im->den &&
		    !(im->den_const > 0)) {
			orcs_buf_addf(problems, "%s: rate without denominator\n", id);
			n++;
		}
		if (im->flags && !find_flags(im->flags)) {
			orcs_buf_addf(problems, "%s: no quality flag mapping\n", id);
			n++;
		}
	}
	sqlite3_finalize(st);
	for (i = 0; (im = ind_impl_at(i)) != NULL; i++) {
		sqlite3_stmt *q;
		int found = 0;
		if (sqlite3_prepare_v2(orcs_db_sqlite(db), "SELECT 1 FROM ind_catalogue WHERE id = ?1",
				       -1, &q, NULL) == SQLITE_OK) {
			sqlite3_bind_text(q, 1, im->id, -1, SQLITE_STATIC);
			found = sqlite3_step(q) == SQLITE_ROW;
			sqlite3_finalize(q);
		}
		if (!found) {
			orcs_buf_addf(problems, "%s: implemented but not in the catalogue\n", im->id);
			n++;
		}
		if (find_pending(im->id)) {
			orcs_buf_addf(problems, "%s: both implemented and pending\n", im->id);
			n++;
		}
	}
	return n;
}
