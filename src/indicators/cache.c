/*
 * cache.c - precomputed indicator results (table ind_cache, migration 006):
 * orcs_refresh() fills it, orcs_ind_compute() reads it through
 * ind_cache_read() when the query is one the refresh precomputes and the
 * cache is current.
 *
 * The cache is current when neither the data (the last import batch, the
 * last referential load) nor the engine's registry (its fingerprint) have
 * changed since the refresh.  Data changed by hand with SQL, without an
 * import, needs `orcs refresh`.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "indicators/engine_priv.h"

#define NB ORCS_NBSP

static const char *aud_name(orcs_audience a)
{
	return a == ORCS_AUDIENCE_INTERNAL ? "internal" : "public";
}

/* Identifies the data the cache was computed from: the last referential
 * load, then per kind of import (decp, clauses, siae…) its last batch and
 * number of batches: "ref=T|clauses=12/3|decp=9/2".  An incremental refresh
 * after an import of one kind checks that every other part is unchanged.
 * A batch that ended having read nothing (a delivery or file already
 * imported, a file not found) changed no data and does not count: re-running
 * an import leaves the cache current.  A running batch counts, so that the
 * stamp an importer's refresh records inside its transaction (its batch
 * still running) is the one seen once the batch has finished. */
static char *data_stamp(orcs_db *db)
{
	sqlite3_stmt *st;
	orcs_buf b = ORCS_BUF_INIT;
	int rc;
	if (sqlite3_prepare_v2(orcs_db_sqlite(db),
			       "SELECT 'ref', coalesce((SELECT max(loaded_at) FROM ref_source), '') "
			       "UNION ALL SELECT * FROM (SELECT kind, max(id) || '/' || count(*) "
			       "FROM import_batch WHERE NOT (status <> 'running' AND records = 0) "
			       "GROUP BY kind ORDER BY kind)",
			       -1, &st, NULL) != SQLITE_OK)
		return NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		orcs_buf_addf(&b, "%s%s=%s", b.len ? "|" : "",
			      sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "",
			      sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "");
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		orcs_buf_release(&b);
		return NULL;
	}
	return orcs_buf_detach(&b, NULL);
}

/* `stamp` without its part for `kind` (a copy). */
static char *stamp_except(const char *stamp, const char *kind)
{
	orcs_buf b = ORCS_BUF_INIT;
	size_t n = strlen(kind);
	const char *s = stamp;
	while (*s) {
		size_t len = strcspn(s, "|");
		if (!(len > n && !strncmp(s, kind, n) && s[n] == '='))
			orcs_buf_addf(&b, "%s%.*s", b.len ? "|" : "", (int)len, s);
		s += len;
		if (*s == '|')
			s++;
	}
	return orcs_buf_detach(&b, NULL);
}

/* Whether the stored cache was computed by this engine from the data of
 * now (all of it, or all but the imports of `kind` when not NULL). */
static int stamp_matches(orcs_db *db, const char *kind)
{
	sqlite3_stmt *st;
	int ok = 0;
	if (sqlite3_prepare_v2(orcs_db_sqlite(db),
			       "SELECT data_stamp, fingerprint FROM ind_cache_state WHERE id = 1", -1,
			       &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *ds = (const char *)sqlite3_column_text(st, 0);
		const char *fp = (const char *)sqlite3_column_text(st, 1);
		char *stamp = data_stamp(db);
		if (ds && fp && stamp && !strcmp(fp, ind_registry_fingerprint())) {
			if (kind) {
				char *x = stamp_except(ds, kind), *y = stamp_except(stamp, kind);
				ok = !strcmp(x, y);
				free(x);
				free(y);
			} else {
				ok = !strcmp(ds, stamp);
			}
		}
		free(stamp);
	}
	sqlite3_finalize(st);
	return ok;
}

static int cache_current(orcs_db *db)
{
	return stamp_matches(db, NULL);
}

static double col_num(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static char *col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? orcs_xstrdup((const char *)t) : NULL;
}

int ind_cache_read(orcs_db *db, const ind_plan *p, int year, orcs_audience aud,
		   orcs_ind_result *out, int *found, orcs_error *err)
{
	sqlite3_stmt *st;
	int rc, k;
	*found = 0;
	if (!cache_current(db))
		return ORCS_OK;
	if (orcs_db_prepare(db, &st,
			    "SELECT has0, code0, label0, has1, code1, label1, value, numerator, "
			    "denominator, coverage, previous, change, secret, x0, x1, x2, x3, excluded "
			    "FROM ind_cache WHERE indicator = ?1 AND version = ?2 AND year = ?3 AND "
			    "by_key = ?4 AND audience = ?5 ORDER BY pos",
			    err))
		return ORCS_EIO;
	sqlite3_bind_text(st, 1, ind_plan_impl(p)->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, ind_plan_version(p));
	sqlite3_bind_int(st, 3, year);
	sqlite3_bind_text(st, 4, ind_plan_cache_key(p), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, aud_name(aud), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		orcs_ind_row *row;
		if (!*found) {
			ind_result_header(p, year, aud, out);
			out->from_cache = 1;
			out->excluded = sqlite3_column_type(st, 17) == SQLITE_NULL
						? -1
						: sqlite3_column_int64(st, 17);
			*found = 1;
		}
		row = ind_result_add_row(out);
		for (k = 0; k < ORCS_IND_MAX_BY; k++) {
			row->has[k] = sqlite3_column_int(st, 3 * k);
			row->code[k] = col_str(st, 3 * k + 1);
			row->label[k] = col_str(st, 3 * k + 2);
		}
		row->value = col_num(st, 6);
		row->numerator = col_num(st, 7);
		row->denominator = col_num(st, 8);
		row->coverage = col_num(st, 9);
		row->previous = col_num(st, 10);
		row->change = col_num(st, 11);
		row->secret = sqlite3_column_int(st, 12);
		for (k = 0; k < ORCS_IND_MAX_EXTRA; k++)
			row->extra[k] = col_num(st, 13 + k);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		if (*found)
			orcs_ind_result_release(out);
		*found = 0;
		return orcs_db_error(db, "lecture du cache des indicateurs", err);
	}
	return ORCS_OK;
}

typedef struct refresh_ctx {
	sqlite3_stmt *ins;
	long long rows, results;
} refresh_ctx;

static void bind_num(sqlite3_stmt *st, int i, double v)
{
	if (isnan(v) || isinf(v))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

static int emit(void *vctx, const ind_plan *p, const orcs_ind_result *r, orcs_error *err)
{
	refresh_ctx *ctx = vctx;
	sqlite3_stmt *st = ctx->ins;
	int k, i;
	ctx->results++;
	for (k = 0; k < r->nrows; k++) {
		const orcs_ind_row *row = &r->rows[k];
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		sqlite3_bind_text(st, 1, r->indicator, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, r->version);
		sqlite3_bind_int(st, 3, r->year);
		sqlite3_bind_text(st, 4, ind_plan_cache_key(p), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, aud_name(r->audience), -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 6, k);
		for (i = 0; i < ORCS_IND_MAX_BY; i++) {
			sqlite3_bind_int(st, 7 + 3 * i, row->has[i]);
			if (row->code[i])
				sqlite3_bind_text(st, 8 + 3 * i, row->code[i], -1, SQLITE_STATIC);
			if (row->label[i])
				sqlite3_bind_text(st, 9 + 3 * i, row->label[i], -1, SQLITE_STATIC);
		}
		bind_num(st, 13, row->value);
		bind_num(st, 14, row->numerator);
		bind_num(st, 15, row->denominator);
		bind_num(st, 16, row->coverage);
		bind_num(st, 17, row->previous);
		bind_num(st, 18, row->change);
		sqlite3_bind_int(st, 19, row->secret);
		for (i = 0; i < ORCS_IND_MAX_EXTRA; i++)
			bind_num(st, 20 + i, row->extra[i]);
		if (k == 0 && r->excluded >= 0)
			sqlite3_bind_int64(st, 24, r->excluded);
		if (sqlite3_step(st) != SQLITE_DONE)
			return orcs_error_set(err, ORCS_EIO, "écriture du cache des indicateurs (%s)",
					      sqlite3_errmsg(sqlite3_db_handle(st)));
		ctx->rows++;
	}
	return ORCS_OK;
}

static int ignore(void *ctx, const ind_plan *p, const orcs_ind_result *r, orcs_error *err)
{
	(void)ctx;
	(void)p;
	(void)r;
	(void)err;
	return ORCS_OK;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The filters precomputed (each value crossed with no breakdown and each
 * dimension of the indicator at its default level): those the territory
 * pages, dashboards and fact sheets offer (src/render/figures.c,
 * src/web/dash.c), crossed with the indicators of the families whose
 * pages offer them (NULL: every family).  Values the dashboards' select
 * lists offer; a filter the indicator's cube does not have is skipped. */
static const struct {
	const char *dim;
	const char *values;   /* SQL listing the values */
	const char *families; /* comma-separated catalogue families, or NULL */
} cached_filters[] = {
	{ "geo_exec:dept", "SELECT code FROM dim_departement ORDER BY code", NULL },
	{ "geo_exec:ept",
	  "SELECT DISTINCT ept_siren FROM dim_commune WHERE ept_siren IS NOT NULL ORDER BY 1", NULL },
	{ "nature", "SELECT code FROM dim_enum WHERE enum = 'nature_marche' ORDER BY ord",
	  "clauses,platform" },
	{ "mod_real", "SELECT code FROM dim_enum WHERE enum = 'fulfilment_modality' ORDER BY ord",
	  "clauses" },
	{ "donneur_type", "SELECT code FROM dim_enum WHERE enum = 'donneur_type' ORDER BY ord",
	  "clauses" },
	{ "programme", "SELECT code FROM dim_enum WHERE enum = 'programme' ORDER BY ord",
	  "clauses,benef,ogpf" },
};

/* Whether `family` is one of the comma-separated `families` (all when
 * NULL). */
static int family_in(const char *family, const char *families)
{
	size_t n = strlen(family);
	const char *s = families;
	if (!families)
		return 1;
	while (*s) {
		size_t len = strcspn(s, ",");
		if (len == n && !strncmp(s, family, n))
			return 1;
		s += len + (s[len] == ',');
	}
	return 0;
}

/* Breakdowns precomputed at a level other than the default one, without
 * filter: the EPT and commune rows of the fact sheets (`orcs report
 * sheet`, `report all`).  Their public release protects the parent
 * geographies as live queries do; the engine takes each parent release
 * from the result its batch has just computed at the parent level (the
 * default level, then the EPT, come first: engine.c, bparents). */
static const struct {
	const char *dim;   /* catalogue dimension */
	const char *spec;  /* the breakdown */
} cached_levels[] = {
	{ "geo_exec", "geo_exec:ept" },
	{ "geo_exec", "geo_exec:commune" },
};

/* `dims` (the catalogue's, comma-separated) followed by the cached levels
 * of those dimensions; to free. */
static char *dims_with_levels(const char *dims)
{
	orcs_buf b = ORCS_BUF_INIT;
	size_t i, n = strlen(dims);
	orcs_buf_adds(&b, dims);
	for (i = 0; i < sizeof(cached_levels) / sizeof(cached_levels[0]); i++) {
		const char *s = dims;
		size_t len = strlen(cached_levels[i].dim);
		while (s < dims + n) {
			size_t l = strcspn(s, ",");
			if (l == len && !strncmp(s, cached_levels[i].dim, len)) {
				orcs_buf_addf(&b, ",%s", cached_levels[i].spec);
				break;
			}
			s += l + (s[l] == ',');
		}
	}
	return orcs_buf_detach(&b, NULL);
}

/* Dimensions not crossed with the filters: one row per buyer, donneur
 * d'ordre or operation (5 000 buyers at bench size; the donneurs were
 * 57 % of the filtered rows on the demo) repeated for every filter value,
 * for no page: a buyer's page filters by the buyer instead. */
static const char *const uncrossed_dims[] = { "acheteur", "donneur", "operation" };

static int uncrossed(const char *dim)
{
	size_t i;
	for (i = 0; i < sizeof(uncrossed_dims) / sizeof(uncrossed_dims[0]); i++)
		if (!strcmp(dim, uncrossed_dims[i]))
			return 1;
	return 0;
}

typedef struct strlist {
	char **v;
	int n;
} strlist;

static int load_values(orcs_db *db, const char *sql, strlist *l, orcs_error *err)
{
	sqlite3_stmt *st;
	int rc;
	if (orcs_db_prepare(db, &st, sql, err))
		return ORCS_EIO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_text(st, 0)) {
			l->v = orcs_xrealloc(l->v, (size_t)(l->n + 1) * sizeof(char *));
			l->v[l->n++] = orcs_xstrdup((const char *)sqlite3_column_text(st, 0));
		}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? ORCS_OK : orcs_db_error(db, "valeurs des filtres du cache", err);
}

static void strlist_release(strlist *l)
{
	int i;
	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

#define NFILTERS (sizeof(cached_filters) / sizeof(cached_filters[0]))

/* The plans precomputed: for every implemented indicator, no breakdown,
 * then each catalogue dimension at its default level. */
typedef struct planlist {
	ind_plan **plan;
	char **key;   /* batch key: plans computed by the same queries */
	char **group; /* group key: plans reading the same scans */
	int n, cap;
} planlist;

static void planlist_add(planlist *l, ind_plan *p)
{
	orcs_buf key = ORCS_BUF_INIT;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->plan = orcs_xrealloc(l->plan, (size_t)l->cap * sizeof(*l->plan));
		l->key = orcs_xrealloc(l->key, (size_t)l->cap * sizeof(*l->key));
		l->group = orcs_xrealloc(l->group, (size_t)l->cap * sizeof(*l->group));
	}
	ind_plan_batch_key(p, &key);
	l->plan[l->n] = p;
	l->key[l->n] = orcs_buf_detach(&key, NULL);
	ind_plan_group_key(p, &key);
	l->group[l->n] = orcs_buf_detach(&key, NULL);
	l->n++;
}

static void planlist_release(planlist *l)
{
	int i;
	for (i = 0; i < l->n; i++) {
		ind_plan_free(l->plan[i]);
		free(l->key[i]);
		free(l->group[i]);
	}
	free(l->plan);
	free(l->key);
	free(l->group);
	memset(l, 0, sizeof(*l));
}

/* The plans of `im`: no breakdown, then each of `dims` at its default
 * level; filtered by `wdim` = `wval` when wdim is not NULL (an indicator
 * that cannot be filtered so has none). */
static int plans_of(orcs_db *db, const ind_impl *im, const char *dims, const char *wdim,
		    const char *wval, planlist *l, orcs_error *err)
{
	const char *s = dims;
	int first = 1, start = l->n, i;
	while (first || (s && *s)) {
		orcs_ind_query q = ORCS_IND_QUERY_INIT;
		orcs_error e = ORCS_ERROR_INIT;
		ind_plan *p;
		char dim[64];
		q.indicator = im->id;
		if (wdim) {
			q.where[0].dim = wdim;
			q.where[0].value = wval;
			q.nwhere = 1;
		}
		if (!first) {
			size_t len = strcspn(s, ",");
			snprintf(dim, sizeof(dim), "%.*s", (int)len, s);
			s += len;
			if (*s == ',')
				s++;
			if (!*dim || (wdim && uncrossed(dim)))
				continue;
			q.by[0] = dim;
			q.nby = 1;
		}
		first = 0;
		/* dimensions not available on the cube, or one too many with a
		 * forced breakdown, are simply not precomputed */
		if (ind_plan_new(db, &q, 1, &p, &e) != ORCS_OK) {
			if (e.code != ORCS_EUSAGE)
				return orcs_error_set(err, e.code, "%s", e.msg);
			if (!q.nby)
				return ORCS_OK; /* the filter itself is not allowed */
			continue;
		}
		/* the same breakdown reached twice (a dimension already forced) */
		for (i = start; i < l->n && strcmp(ind_plan_by_key(l->plan[i]), ind_plan_by_key(p)); i++)
			;
		if (i < l->n) {
			ind_plan_free(p);
			continue;
		}
		planlist_add(l, p);
	}
	return ORCS_OK;
}

/* Two-dimension breakdowns precomputed, without filter: the site's
 * figures with two dimensions (src/render/figures.c, `by` and `by2`:
 * test_figures checks that each is answered from the cache), shown on the
 * dashboards and in the annual report. */
static const struct {
	const char *indicator;
	const char *by[2];
} cached_pairs[] = {
	{ "clauses.hours_planned", { "geo_exec:dept", "nature" } },
	{ "platform.consultations_published", { "nature", "allotted" } },
};

/* Adds the cached pairs of `im` to l (a pair the indicator cannot break
 * down by, or already among its plans l->plan[start..], is left out). */
static int pair_plans(orcs_db *db, const ind_impl *im, planlist *l, int start, orcs_error *err)
{
	size_t i;
	int k;
	for (i = 0; i < sizeof(cached_pairs) / sizeof(cached_pairs[0]); i++) {
		orcs_ind_query q = ORCS_IND_QUERY_INIT;
		orcs_error e = ORCS_ERROR_INIT;
		ind_plan *p;
		if (strcmp(cached_pairs[i].indicator, im->id))
			continue;
		q.indicator = im->id;
		q.by[0] = cached_pairs[i].by[0];
		q.by[1] = cached_pairs[i].by[1];
		q.nby = 2;
		if (ind_plan_new(db, &q, 1, &p, &e) != ORCS_OK) {
			if (e.code != ORCS_EUSAGE)
				return orcs_error_set(err, e.code, "%s", e.msg);
			continue;
		}
		for (k = start; k < l->n && strcmp(ind_plan_by_key(l->plan[k]), ind_plan_by_key(p)); k++)
			;
		if (k < l->n)
			ind_plan_free(p);
		else
			planlist_add(l, p);
	}
	return ORCS_OK;
}

static const planlist *sort_list;
static int cmp_index(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	int c = strcmp(sort_list->key[x], sort_list->key[y]);
	return c ? c : (x > y) - (x < y);
}

/* What each kind of import writes (src/ingest/): an incremental refresh
 * after it recomputes the plans that read one of these tables (whole words
 * of their SQL, ind_plan_reads()).  A kind not listed, or a referential
 * load, means a full refresh. */
static const struct {
	const char *kind;
	const char *tables[20];
} import_tables[] = {
	{ "decp",
	  { "decp_contract", "decp_titulaire", "decp_version", "decp_subcontract", "decp_flag",
	    "decp_occurrence", "decp_file", "dim_buyer", "import_batch", "import_file", "quarantine",
	    NULL } },
	{ "clauses",
	  { "clause_operation", "clause_market", "clause_market_enterprise", "clause_participant",
	    "clause_contract", "clause_hours", "clause_outcome", "clause_commitment",
	    "platform_consultation", "clause_dim_source", "enterprise_directory",
	    "import_replacement", "dim_buyer", "dim_enterprise", "import_batch", "import_file",
	    "quarantine", NULL } },
	{ "siae", { "dim_enterprise", "import_batch", "import_file", "quarantine", NULL } },
};

static const char *const *tables_of(const char *kind)
{
	size_t i;
	for (i = 0; kind && i < sizeof(import_tables) / sizeof(import_tables[0]); i++)
		if (!strcmp(import_tables[i].kind, kind))
			return import_tables[i].tables;
	return NULL;
}

/* Test switch: record, scan and replay every plan at once (the refresh as it
 * was before it went group by group), to compare both caches. */
static int refresh_oneshot;

void ind_refresh_set_oneshot(int on)
{
	refresh_oneshot = on;
}

/* The stored cache may be refreshed incrementally after an import of
 * `kind`: it was computed by this engine from the data of now, except for
 * that kind's imports. */
static int incremental_ok(orcs_db *db, const char *kind)
{
	return tables_of(kind) && stamp_matches(db, kind);
}

/* Keeps the plans reading `tables` and deletes their cached results. */
static int keep_reading(orcs_db *db, planlist *l, const char *const *tables, orcs_error *err)
{
	sqlite3_stmt *del;
	int i, n = 0;
	if (orcs_db_prepare(db, &del, "DELETE FROM ind_cache WHERE indicator = ?1 AND by_key = ?2",
			    err))
		return ORCS_EIO;
	for (i = 0; i < l->n; i++) {
		if (!ind_plan_reads(l->plan[i], tables)) {
			ind_plan_free(l->plan[i]);
			free(l->key[i]);
			free(l->group[i]);
			continue;
		}
		sqlite3_reset(del);
		sqlite3_bind_text(del, 1, ind_plan_impl(l->plan[i])->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(del, 2, ind_plan_cache_key(l->plan[i]), -1, SQLITE_STATIC);
		if (sqlite3_step(del) != SQLITE_DONE) {
			int rc = orcs_db_error(db, "effacement du cache des indicateurs", err);
			sqlite3_finalize(del);
			for (; i < l->n; i++, n++) { /* kept as they are, freed by the caller */
				l->plan[n] = l->plan[i];
				l->key[n] = l->key[i];
				l->group[n] = l->group[i];
			}
			l->n = n;
			return rc;
		}
		l->plan[n] = l->plan[i];
		l->key[n] = l->key[i];
		l->group[n] = l->group[i];
		n++;
	}
	l->n = n;
	sqlite3_finalize(del);
	return ORCS_OK;
}

/* Computes the plans of order[0..n) (sorted by batch key, so that a group's
 * plans follow each other), group by group: record what the group's
 * batches query, scan, replay and write them, free the scans' cells. */
static int compute_plans(orcs_db *db, const planlist *plans, const int *order, refresh_ctx *ctx,
			 int *queries, orcs_error *err)
{
	ind_plan **batch = orcs_xmalloc((size_t)(plans->n ? plans->n : 1) * sizeof(*batch));
	int g = 0, rc = ORCS_OK;
	while (g < plans->n && rc == ORCS_OK) {
		ind_scanner *scanner = ind_scanner_new();
		int gend = g, pass, i;
		while (gend < plans->n &&
		       (refresh_oneshot || !strcmp(plans->group[order[gend]], plans->group[order[g]])))
			gend++;
		/* two passes: the first records the groupings, the scans fill
		 * them, the second computes and writes the results */
		for (pass = 0; pass < 2 && rc == ORCS_OK; pass++) {
			for (i = g; i < gend && rc == ORCS_OK;) {
				int j = i, nb = 0;
				while (j < gend && !strcmp(plans->key[order[j]], plans->key[order[i]]))
					batch[nb++] = plans->plan[order[j++]];
				rc = ind_compute_batch(db, batch, nb, pass ? emit : ignore, ctx, queries,
						       scanner, err);
				i = j;
			}
			if (!pass && rc == ORCS_OK)
				rc = ind_scanner_run(db, scanner, err);
		}
		ind_scanner_free(scanner);
		g = gend;
	}
	free(batch);
	return rc;
}

/* The refresh: full when `kind` is NULL or the stored cache is not current
 * but for `kind`'s imports. */
static int refresh(orcs_db *db, const char *kind, orcs_error *err)
{
	sqlite3_stmt *cat = NULL, *st = NULL;
	refresh_ctx ctx;
	double t0 = now_seconds();
	int rc, queries = 0, i, *order = NULL, nested, v, incremental;
	planlist plans = { NULL, NULL, NULL, 0, 0 };
	size_t f;
	strlist fvals[NFILTERS];
	char *stamp;

	memset(fvals, 0, sizeof(fvals));
	memset(&ctx, 0, sizeof(ctx));
	/* inside the caller's transaction (an importer), a savepoint */
	nested = !sqlite3_get_autocommit(orcs_db_sqlite(db));
	if ((rc = orcs_db_exec(db, nested ? "SAVEPOINT ind_refresh" : "BEGIN IMMEDIATE", err)) !=
	    ORCS_OK)
		return rc;
	incremental = kind && incremental_ok(db, kind);
	if ((rc = orcs_db_exec(db,
			       incremental ? "DELETE FROM ind_cache_state;"
					   : "DELETE FROM ind_cache; DELETE FROM ind_cache_state;",
			       err)) != ORCS_OK ||
	    (rc = orcs_db_prepare(db, &ctx.ins,
				  "INSERT INTO ind_cache(indicator, version, year, by_key, audience, "
				  "pos, has0, code0, label0, has1, code1, label1, value, numerator, "
				  "denominator, coverage, previous, change, secret, x0, x1, x2, x3, "
				  "excluded) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
				  "?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
				  err)) != ORCS_OK)
		goto fail;
	for (f = 0; f < NFILTERS; f++)
		if ((rc = load_values(db, cached_filters[f].values, &fvals[f], err)) != ORCS_OK)
			goto fail;
	if ((rc = orcs_db_prepare(db, &cat,
				  "SELECT id, coalesce(dims, ''), family FROM ind_catalogue c WHERE version = "
				  "(SELECT max(version) FROM ind_catalogue WHERE id = c.id) ORDER BY id",
				  err)) != ORCS_OK)
		goto fail;
	while ((rc = sqlite3_step(cat)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(cat, 0);
		const ind_impl *im = ind_find_impl(id);
		if (!im)
			continue; /* not yet computable */
		{
			char *dims = dims_with_levels((const char *)sqlite3_column_text(cat, 1));
			int start = plans.n;
			rc = plans_of(db, im, dims, NULL, NULL, &plans, err);
			free(dims);
			if (rc == ORCS_OK)
				rc = pair_plans(db, im, &plans, start, err);
			if (rc != ORCS_OK)
				goto fail;
		}
		for (f = 0; f < NFILTERS; f++) {
			if (!family_in((const char *)sqlite3_column_text(cat, 2),
				       cached_filters[f].families))
				continue;
			for (v = 0; v < fvals[f].n; v++)
				if ((rc = plans_of(db, im, (const char *)sqlite3_column_text(cat, 1),
						   cached_filters[f].dim, fvals[f].v[v], &plans, err)) !=
				    ORCS_OK)
					goto fail;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = orcs_db_error(db, "lecture du catalogue des indicateurs", err);
		goto fail;
	}
	sqlite3_finalize(cat);
	cat = NULL;
	if (incremental && (rc = keep_reading(db, &plans, tables_of(kind), err)) != ORCS_OK)
		goto fail;
	/* plans sharing a cube, a year rule, a filter and a breakdown are
	 * computed by the same queries */
	order = orcs_xmalloc((size_t)(plans.n ? plans.n : 1) * sizeof(int));
	for (i = 0; i < plans.n; i++)
		order[i] = i;
	sort_list = &plans;
	qsort(order, (size_t)plans.n, sizeof(int), cmp_index);
	if ((rc = compute_plans(db, &plans, order, &ctx, &queries, err)) != ORCS_OK)
		goto fail;
	if (incremental) {
		/* the cache's totals: its results (a total row each) and rows */
		if ((rc = orcs_db_prepare(db, &st,
					  "SELECT count(*) FILTER (WHERE pos = 0), count(*) FROM "
					  "ind_cache",
					  err)) != ORCS_OK)
			goto fail;
		if (sqlite3_step(st) == SQLITE_ROW) {
			ctx.results = sqlite3_column_int64(st, 0);
			ctx.rows = sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	stamp = data_stamp(db);
	if ((rc = orcs_db_prepare(db, &st,
				  "INSERT INTO ind_cache_state(id, refreshed_at, data_stamp, "
				  "fingerprint, queries, rows, seconds) VALUES (1, "
				  "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2, ?3, ?4, ?5)",
				  err)) != ORCS_OK) {
		free(stamp);
		goto fail;
	}
	sqlite3_bind_text(st, 1, stamp ? stamp : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, ind_registry_fingerprint(), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, ctx.results);
	sqlite3_bind_int64(st, 4, ctx.rows);
	sqlite3_bind_double(st, 5, now_seconds() - t0);
	free(stamp);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = orcs_db_error(db, "écriture de l'état du cache", err);
		goto fail;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(ctx.ins);
	free(order);
	if (getenv("ORCS_IND_TRACE"))
		fprintf(stderr, "refresh (%s): %d plans, %d queries\n",
			incremental ? kind : "full", plans.n, queries);
	planlist_release(&plans);
	for (f = 0; f < NFILTERS; f++)
		strlist_release(&fvals[f]);
	return orcs_db_exec(db, nested ? "RELEASE ind_refresh" : "COMMIT", err);
fail:
	sqlite3_finalize(cat);
	sqlite3_finalize(st);
	sqlite3_finalize(ctx.ins);
	free(order);
	planlist_release(&plans);
	for (f = 0; f < NFILTERS; f++)
		strlist_release(&fvals[f]);
	if (nested)
		sqlite3_exec(orcs_db_sqlite(db), "ROLLBACK TO ind_refresh; RELEASE ind_refresh", NULL,
			     NULL, NULL);
	else
		orcs_db_rollback(db);
	return rc ? rc : ORCS_EIO;
}

int orcs_refresh(orcs_db *db, orcs_error *err)
{
	return refresh(db, NULL, err);
}

int orcs_refresh_after(orcs_db *db, const char *kind, orcs_error *err)
{
	return refresh(db, kind, err);
}

int orcs_ind_cache_info_get(orcs_db *db, orcs_ind_cache_info *info, orcs_error *err)
{
	sqlite3_stmt *st;
	memset(info, 0, sizeof(*info));
	if (orcs_db_prepare(db, &st,
			    "SELECT refreshed_at, queries, rows, seconds FROM ind_cache_state "
			    "WHERE id = 1",
			    err))
		return ORCS_EIO;
	if (sqlite3_step(st) == SQLITE_ROW) {
		info->present = 1;
		snprintf(info->refreshed_at, sizeof(info->refreshed_at), "%s",
			 sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
		info->queries = sqlite3_column_int64(st, 1);
		info->rows = sqlite3_column_int64(st, 2);
		info->seconds = sqlite3_column_double(st, 3);
	}
	sqlite3_finalize(st);
	info->current = info->present && cache_current(db);
	return ORCS_OK;
}
