/* figures_build.c - the one builder of the registry's charts: asks the
 * indicator engine (render/figures.h), never ad-hoc SQL, except for the
 * counts of the public directory of inclusive structures. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/text.h"
#include "render/chart_internal.h"
#include "render/figures.h"
#include "render/phrase.h"

/* ---- geometry, loaded once per process --------------------------------- */

static pthread_mutex_t geo_lock = PTHREAD_MUTEX_INITIALIZER;
typedef struct geo_slot {
	char level[16];
	orcs_geo *geo;
	int tried;
} geo_slot;
static geo_slot geo_slots[16];

const orcs_geo *orcs_figure_geo(const char *level)
{
	const char *dir = getenv("ORCS_DATA");
	orcs_buf path = ORCS_BUF_INIT;
	const orcs_geo *g = NULL;
	int i;
	if (!dir || !*dir)
		dir = ORCS_DATADIR;
	pthread_mutex_lock(&geo_lock);
	for (i = 0; i < 16 && geo_slots[i].tried; i++)
		if (!strcmp(geo_slots[i].level, level)) {
			g = geo_slots[i].geo;
			goto done;
		}
	if (i == 16)
		goto done;
	snprintf(geo_slots[i].level, sizeof(geo_slots[i].level), "%s", level);
	geo_slots[i].tried = 1;
	if (!strcmp(level, "dept")) {
		orcs_buf_addf(&path, "%s/geo/idf_departements_contours.geojson", dir);
		geo_slots[i].geo = orcs_geo_load(path.data, "code", NULL);
	} else if (!strcmp(level, "ept")) {
		/* EPT areas: the communes dissolved by their EPT */
		orcs_buf_addf(&path, "%s/geo/idf_communes_2018_contours.geojson", dir);
		geo_slots[i].geo = orcs_geo_load(path.data, "ept_siren", NULL);
	} else if (!strcmp(level, "commune:75")) {
		orcs_buf_addf(&path, "%s/geo/paris_arrondissements_contours.geojson", dir);
		geo_slots[i].geo = orcs_geo_load(path.data, "code", NULL);
	} else if (!strncmp(level, "commune:", 8)) {
		orcs_buf_addf(&path, "%s/geo/idf_communes_2018_contours.geojson", dir);
		geo_slots[i].geo = orcs_geo_load_where(path.data, "code", "departement", level + 8,
						       NULL);
	} else if (!strcmp(level, "commune")) {
		orcs_buf_addf(&path, "%s/geo/idf_communes_2018_contours.geojson", dir);
		geo_slots[i].geo = orcs_geo_load(path.data, "code", NULL);
	}
	g = geo_slots[i].geo;
done:
	pthread_mutex_unlock(&geo_lock);
	orcs_buf_release(&path);
	return g;
}

/* ---- the builder ------------------------------------------------------- */

int orcs_figure_years(orcs_db *db, const char *indicator, int *years, int max)
{
	sqlite3_stmt *st;
	int n = 0, i;
	/* the years of the indicator's cached results, each found by a seek of
	 * the primary key (the cache holds ~10^5 rows per indicator: commune
	 * breakdowns); a year has data when the total of its first result
	 * (the unfiltered one without breakdown, or with the indicator's
	 * forced breakdown: the smallest key) is secret or not zero */
	if (orcs_db_prepare(db, &st,
			    "WITH RECURSIVE y(year) AS (SELECT (SELECT max(year) FROM ind_cache "
			    "WHERE indicator = ?1) UNION ALL SELECT (SELECT max(year) FROM ind_cache "
			    "WHERE indicator = ?1 AND year < y.year) FROM y WHERE y.year > 0), "
			    "k(year, bk) AS (SELECT year, (SELECT by_key FROM ind_cache WHERE "
			    "indicator = ?1 AND year = y.year ORDER BY by_key LIMIT 1) FROM y WHERE "
			    "year > 0) "
			    "SELECT k.year FROM k JOIN ind_cache c ON c.indicator = ?1 AND c.year = "
			    "k.year AND c.by_key = k.bk AND c.audience = 'public' AND c.pos = 0 WHERE "
			    "c.secret <> 0 OR coalesce(c.numerator, c.value, 0) <> 0 ORDER BY k.year DESC",
			    NULL))
		return 0;
	sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
	/* the latest `max` years, then ascending */
	while (n < max && sqlite3_step(st) == SQLITE_ROW)
		years[n++] = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	for (i = 0; i < n / 2; i++) {
		int t = years[i];
		years[i] = years[n - 1 - i];
		years[n - 1 - i] = t;
	}
	return n;
}

int orcs_figure_has_year(const int *years, int n, int y)
{
	int i;
	if (n == 0)
		return 1;
	for (i = 0; i < n; i++)
		if (years[i] == y)
			return 1;
	return 0;
}

int orcs_figure_latest_year(orcs_db *db, const char *indicator)
{
	/* the latest complete year: the current one is partial, and markets
	 * active until 2029 do not make 2029 "latest" */
	time_t now = time(NULL);
	struct tm tm;
	int years[64], n = orcs_figure_years(db, indicator, years, 64);
	gmtime_r(&now, &tm);
	while (n > 0 && years[n - 1] >= tm.tm_year + 1900)
		n--;
	return n > 0 ? years[n - 1] : 0;
}

/* The catalogue dimensions of an indicator ("geo_exec,donneur_type"), into `out`. */
static void indicator_dims(orcs_db *db, const char *indicator, orcs_buf *out)
{
	sqlite3_stmt *st;
	if (orcs_db_prepare(db, &st,
			    "SELECT dims FROM ind_catalogue WHERE id = ?1 ORDER BY version DESC LIMIT 1",
			    NULL))
		return;
	sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		orcs_buf_adds(out, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static int has_dim(const char *dims, const char *dim)
{
	size_t n = strcspn(dim, ":");
	const char *p = dims;
	while (*p) {
		size_t m = strcspn(p, ",");
		if (m == n && !strncmp(p, dim, n))
			return 1;
		p += m;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* The value to draw: none for secret cells, and none for a rate whose
 * coverage is nil (no record says yes or no: 0 % would be invented). */
static double shown(const orcs_ind_result *r, const orcs_ind_row *row)
{
	if (row->secret)
		return NAN;
	if (r->kind == ORCS_IND_RATIO && !isnan(row->coverage) && row->coverage <= 0)
		return NAN;
	return row->value;
}

static int same_dim(const char *a, const char *b)
{
	size_t n = strcspn(a, ":"), m = strcspn(b, ":");
	return n == m && !strncmp(a, b, n);
}

static orcs_unit unit_of(const orcs_ind_result *r, int *decimals)
{
	*decimals = 0;
	if (r->kind == ORCS_IND_RATIO || !strcmp(r->unit, "pct")) {
		*decimals = 1;
		return ORCS_UNIT_PERCENT;
	}
	if (!strcmp(r->unit, "h")) {
		*decimals = r->kind == ORCS_IND_MEAN ? 1 : 0;
		return ORCS_UNIT_HOURS;
	}
	if (!strcmp(r->unit, "fte"))
		*decimals = 1;
	else if (r->kind == ORCS_IND_MEAN)
		*decimals = 1;
	return ORCS_UNIT_COUNT;
}

static const char *source_of(const char *indicator)
{
	if (!strncmp(indicator, "decp.", 5) || !strncmp(indicator, "quality.", 8))
		return "DECP";
	if (!strncmp(indicator, "platform.", 9))
		return "plateforme des marchés";
	if (!strncmp(indicator, "inclusive.", 10))
		return "DECP et annuaires (ASP, GEIQ)";
	return "suivi des facilitateurs";
}

/* Query with the figure's constant filters and the applicable URL filters.
 * Strings point into `store` (kept alive by the caller). */
static void build_query(const orcs_figure *f, const orcs_filters *flt, const char *dims,
			orcs_ind_query *q, char *store, size_t storelen, orcs_buf *ignored)
{
	int i;
	q->indicator = f->indicator;
	if (f->by)
		q->by[q->nby++] = f->by;
	if (f->by2)
		q->by[q->nby++] = f->by2;
	if (f->where) {
		/* "dim=value;dim=value", split in `store` */
		char *p = store, *end, *eq;
		snprintf(store, storelen, "%s", f->where);
		while (*p && q->nwhere < ORCS_IND_MAX_WHERE) {
			end = p + strcspn(p, ";");
			if (*end)
				*end++ = 0;
			eq = strchr(p, '=');
			if (eq) {
				*eq = 0;
				q->where[q->nwhere].dim = p;
				q->where[q->nwhere].value = eq + 1;
				q->nwhere++;
			}
			p = end;
		}
	}
	for (i = 1; flt && i < ORCS_FLT_COUNT; i++) {
		if (!flt->v[i][0])
			continue;
		/* the breakdown already shows every value of that dimension */
		if ((f->by && same_dim(f->by, orcs_filter_defs[i].dim)) ||
		    (f->by2 && same_dim(f->by2, orcs_filter_defs[i].dim)))
			continue;
		if (!has_dim(dims, orcs_filter_defs[i].dim)) {
			if (ignored->len)
				orcs_buf_adds(ignored, ", ");
			orcs_buf_adds(ignored, orcs_filter_defs[i].label);
			continue;
		}
		if (q->nwhere < ORCS_IND_MAX_WHERE) {
			q->where[q->nwhere].dim = orcs_filter_defs[i].dim;
			q->where[q->nwhere].value = flt->v[i];
			q->nwhere++;
		}
	}
}

typedef struct summary_facts {
	int year, first_year, last_year;
	double total, max, min, first, last;
	const char *max_label, *min_label; /* point to max_buf / min_buf */
	char max_buf[200], min_buf[200];
	int n;
	/* a département selected by the filters, on a chart by département */
	const char *sel_key;
	int sel_found, sel_secret;
	int end_year, end_secret; /* a series: its last year, secret there */
	double sel_v;
	char sel_label[200];
} summary_facts;

/* Notes the row of the selected category (its total across series). */
static void note_selection(summary_facts *sf, const orcs_ind_row *row, double v)
{
	if (!sf->sel_key || !row->code[0] || strcmp(row->code[0], sf->sel_key))
		return;
	sf->sel_found = 1;
	sf->sel_secret = row->secret != 0;
	sf->sel_v = v;
	snprintf(sf->sel_label, sizeof(sf->sel_label), "%s",
		 row->label[0] ? row->label[0] : row->code[0]);
}

static void note_extremes(summary_facts *sf, double v, const char *label)
{
	if (isnan(sf->max) || v > sf->max) {
		sf->max = v;
		snprintf(sf->max_buf, sizeof(sf->max_buf), "%s", label);
		sf->max_label = sf->max_buf;
	}
	if (isnan(sf->min) || v < sf->min) {
		sf->min = v;
		snprintf(sf->min_buf, sizeof(sf->min_buf), "%s", label);
		sf->min_label = sf->min_buf;
	}
}

static void fmt_value(const orcs_chart *c, double v, orcs_buf *out)
{
	if (isnan(v))
		orcs_buf_adds(out, "–");
	else
		orcs_chart_format(c, v, out);
}

/* Expands the template; returns 0 when a token had no publishable value. */
static int expand(const orcs_chart *c, const char *tpl, const summary_facts *s, orcs_buf *out)
{
	const char *p = tpl;
	while (*p) {
		const char *e;
		size_t n;
		if (*p != '{' || !(e = strchr(p, '}'))) {
			orcs_buf_addc(out, *p++);
			continue;
		}
		n = (size_t)(e - p - 1);
#define TOK(name) (n == strlen(name) && !strncmp(p + 1, name, n))
		if (TOK("annee"))
			orcs_buf_addf(out, "%d", s->year);
		else if (TOK("debut"))
			orcs_buf_addf(out, "%d", s->first_year);
		else if (TOK("fin"))
			orcs_buf_addf(out, "%d", s->last_year);
		else if (TOK("n"))
			orcs_buf_addf(out, "%d", s->n);
		else if (TOK("total")) {
			if (isnan(s->total))
				return 0;
			fmt_value(c, s->total, out);
		} else if (TOK("max") || TOK("min") || TOK("premier") || TOK("dernier")) {
			double v = TOK("max") ? s->max : TOK("min") ? s->min
					: TOK("premier") ? s->first : s->last;
			if (isnan(v) || (TOK("max") && v <= 0))
				return 0;
			fmt_value(c, v, out);
		} else if (TOK("max_label") || TOK("min_label")) {
			const char *l = TOK("max_label") ? s->max_label : s->min_label;
			if (!l || (TOK("max_label") && !(s->max > 0)))
				return 0;
			orcs_buf_adds(out, l);
		} else
			orcs_buf_add(out, p, n + 2);
#undef TOK
		p = e + 1;
	}
	return 1;
}

static const char *default_summary(orcs_chart_type t)
{
	switch (t) {
	case ORCS_CHART_LINE: /* line_summary() says it better when it can */
		return "En {fin}" ORCS_NBSP ": {dernier}.";
	case ORCS_CHART_MAP:
		return "En {annee}, {max_label} présente la valeur la plus élevée ({max}) et "
		       "{min_label} la plus faible ({min}).";
	default:
		return "En {annee}, « {max_label} » arrive en tête ({max})" ORCS_NBSP
		       "; ensemble" ORCS_NBSP ": {total}.";
	}
}

/* « Les heures d'insertion réalisées progressent de 12 % entre 2019 et
 * 2024 : de … à …. » from the first and last published values. */
static void line_summary(const orcs_chart *c, const char *indicator, const char *label, int rate,
			 const summary_facts *sf, orcs_buf *out)
{
	orcs_buf a = ORCS_BUF_INIT, b = ORCS_BUF_INIT;
	orcs_change_phrase p;
	int plural = 0;
	memset(&p, 0, sizeof(p));
	p.subject = orcs_phrase_subject(indicator, &plural);
	p.plural = plural;
	p.label = label;
	p.rate = rate;
	p.from = sf->first;
	p.to = sf->last;
	p.from_year = sf->first_year;
	p.to_year = sf->last_year;
	fmt_value(c, sf->first, &a);
	fmt_value(c, sf->last, &b);
	p.from_text = a.data;
	p.to_text = b.data;
	if (sf->first_year >= sf->last_year || !orcs_phrase_change(&p, out)) {
		/* one year only, or a count starting from 0 */
		if (p.subject)
			orcs_buf_addf(out, "%s %s à %s en %d", p.subject,
				      plural ? "s'élèvent" : "s'élève", b.data, sf->last_year);
		else
			orcs_buf_addf(out, "En %d, l'indicateur «" ORCS_NBSP "%s" ORCS_NBSP
					   "» s'élève à %s", sf->last_year, label, b.data);
		orcs_buf_adds(out, sf->first_year >= sf->last_year
					   ? " (pas d'année antérieure publiable)."
					   : ".");
	}
	if (sf->end_secret && sf->end_year > sf->last_year)
		orcs_buf_addf(out, " La valeur de %d est couverte par le secret statistique.",
			      sf->end_year);
	/* the phrase ends with a space */
	while (out->len && out->data[out->len - 1] == ' ')
		out->data[--out->len] = 0;
	{
		/* "…. " + " La valeur" leaves two spaces: squeeze them */
		char *d = strstr(out->data, "  ");
		if (d)
			memmove(d, d + 1, strlen(d + 1) + 1), out->len--;
	}
	orcs_buf_release(&a);
	orcs_buf_release(&b);
}

/* « En 2024, Seine-Saint-Denis : 1 200 h, soit 53,3 % de l'ensemble de
 * l'Île-de-France (2 250 h). » for the département selected by a filter. */
static void selection_summary(const orcs_chart *c, const summary_facts *sf, int rate, orcs_buf *out)
{
	const char *name = sf->sel_found ? sf->sel_label : sf->sel_key;
	if (sf->sel_secret) {
		orcs_buf_addf(out, "En %d, la valeur de %s est couverte par le secret statistique.",
			      sf->year, name);
		return;
	}
	if (!sf->sel_found || isnan(sf->sel_v)) {
		orcs_buf_addf(out, "En %d, aucune donnée publiable pour %s.", sf->year, name);
		return;
	}
	orcs_buf_addf(out, "En %d, %s" ORCS_NBSP ": ", sf->year, name);
	fmt_value(c, sf->sel_v, out);
	if (!isnan(sf->total) && sf->total > 0) {
		if (rate) {
			orcs_buf_adds(out, " (Île-de-France" ORCS_NBSP ": ");
			fmt_value(c, sf->total, out);
			orcs_buf_adds(out, ")");
		} else {
			orcs_buf_adds(out, ", soit ");
			orcs_fmt_percent(out, sf->sel_v / sf->total, 1);
			orcs_buf_adds(out, " de l'ensemble de l'Île-de-France (");
			fmt_value(c, sf->total, out);
			orcs_buf_adds(out, ")");
		}
	}
	orcs_buf_adds(out, ".");
}

/* Sorting rows by weight: a rate's denominator, else its value (secret
 * and empty rows last).  qsort has no context argument: the result is
 * passed through a thread-local. */
static _Thread_local const orcs_ind_result *sort_rows;

static double weight(const orcs_ind_row *row)
{
	if (row->secret)
		return -1;
	if (!isnan(row->denominator))
		return row->denominator;
	return isnan(row->value) ? -1 : row->value;
}

static int by_weight(const void *a, const void *b)
{
	double wa = weight(&sort_rows->rows[*(const int *)a]);
	double wb = weight(&sort_rows->rows[*(const int *)b]);
	return wa < wb ? 1 : wa > wb ? -1 : *(const int *)a - *(const int *)b;
}

static void fill_from_result(orcs_chart *c, const orcs_ind_result *r, int nby, summary_facts *sf,
			     int *any_cov, const char *prefix, int top)
{
	int i, s0 = -1;
	int *series_of = NULL;
	char **series_key = NULL;
	int nseries = 0;
	if (nby == 2) {
		series_key = orcs_xcalloc((size_t)r->nrows + 1, sizeof(char *));
		series_of = orcs_xcalloc((size_t)r->nrows + 1, sizeof(int));
	} else {
		s0 = orcs_chart_add_series(c, r->label);
	}
	int *pick = NULL, npick = 0, pi;
	if (nby == 1 && top > 0) {
		/* the `top` categories with the most records (denominator, else value) */
		pick = orcs_xmalloc((size_t)r->nrows * sizeof(int));
		for (i = 1; i < r->nrows; i++)
			if (r->rows[i].has[0] && r->rows[i].code[0])
				pick[npick++] = i;
		sort_rows = r;
		qsort(pick, (size_t)npick, sizeof(int), by_weight);
		if (npick > top)
			npick = top;
	}
	for (pi = 0; pi < (pick ? npick : r->nrows - 1); pi++) {
		const orcs_ind_row *row;
		int k = -1, s = s0, j;
		i = pick ? pick[pi] : pi + 1;
		row = &r->rows[i];
		const char *key, *label;
		if (!row->has[0])
			continue;
		if (prefix && (!row->code[0] || strncmp(row->code[0], prefix, strlen(prefix))))
			continue;
		if (nby == 2 && !row->has[1]) {
			note_selection(sf, row, shown(r, row));
			/* a margin: the category's total, used by the summary */
			if (!row->secret && !isnan(row->value))
				note_extremes(sf, row->value,
					      row->label[0] ? row->label[0] : "non renseigné");
			continue;
		}
		key = row->code[0] ? row->code[0] : "nr";
		label = row->label[0] ? row->label[0] : row->code[0] ? row->code[0] : "Non renseigné";
		for (j = 0; j < c->ncat; j++)
			if (!strcmp(c->cat_key[j], key)) {
				k = j;
				break;
			}
		if (k < 0) {
			k = orcs_chart_add_category(c, key, label);
			sf->n++;
		}
		if (nby == 2) {
			const char *skey = row->code[1] ? row->code[1] : "nr";
			s = -1;
			for (j = 0; j < nseries; j++)
				if (!strcmp(series_key[j], skey))
					s = series_of[j];
			if (s < 0) {
				s = orcs_chart_add_series(c, row->label[1] ? row->label[1]
							  : row->code[1] ? row->code[1]
									 : "Non renseigné");
				series_key[nseries] = orcs_xstrdup(skey);
				series_of[nseries++] = s;
			}
		}
		orcs_chart_set(c, s, k, shown(r, row), row->secret != 0);
		if (nby == 1)
			note_selection(sf, row, shown(r, row));
		if (nby == 1 && !row->secret && !isnan(row->coverage)) {
			orcs_buf cov = ORCS_BUF_INIT;
			orcs_fmt_percent(&cov, row->coverage, 0);
			orcs_chart_set_note(c, k, cov.data);
			orcs_buf_release(&cov);
			*any_cov = 1;
		}
		if (nby == 1 && !isnan(shown(r, row)))
			note_extremes(sf, row->value, c->cat_label[k]);
	}
	for (i = 0; i < nseries; i++)
		free(series_key[i]);
	free(series_key);
	free(series_of);
	free(pick);
}

/*
 * Computes `q`.  A total filtered on one département only is read from the
 * breakdown by département, which the engine cache holds, and its row is
 * copied into rows[0]: the same published figure without a live query.
 * (Breakdowns filtered on a département stay live: the engine computes a
 * two-dimension breakdown more slowly than the filter.)
 */
static int compute(orcs_db *db, const orcs_ind_query *q, orcs_ind_result *r, orcs_error *err)
{
	orcs_ind_query p;
	int rc, i;
	memset(r, 0, sizeof(*r));
	if (q->nby || q->nwhere != 1 || strcmp(q->where[0].dim, "geo_exec:dept"))
		return orcs_ind_compute(db, q, r, err);
	p = *q;
	p.by[0] = q->where[0].dim;
	p.nby = 1;
	p.nwhere = 0;
	rc = orcs_ind_compute(db, &p, r, err);
	if (rc) {
		orcs_ind_result_release(r);
		return orcs_ind_compute(db, q, r, err);
	}
	for (i = 1; i < r->nrows; i++)
		if (r->rows[i].has[0] && r->rows[i].code[0] &&
		    !strcmp(r->rows[i].code[0], q->where[0].value)) {
			orcs_ind_row *t = &r->rows[0], *c = &r->rows[i];
			t->value = c->value;
			t->numerator = c->numerator;
			t->denominator = c->denominator;
			t->coverage = c->coverage;
			t->previous = c->previous;
			t->change = c->change;
			t->secret = c->secret;
			memcpy(t->extra, c->extra, sizeof(t->extra));
			return ORCS_OK;
		}
	/* not in the breakdown: compute it live */
	orcs_ind_result_release(r);
	memset(r, 0, sizeof(*r));
	return orcs_ind_compute(db, q, r, err);
}

int orcs_figure_total(orcs_db *db, const char *indicator, const orcs_filters *flt, int year,
		      orcs_audience a, orcs_ind_result *out, orcs_error *err)
{
	orcs_figure f;
	orcs_ind_query q = ORCS_IND_QUERY_INIT;
	orcs_buf dims = ORCS_BUF_INIT, ignored = ORCS_BUF_INIT;
	char store[8];
	int rc;
	memset(&f, 0, sizeof(f));
	f.indicator = indicator;
	indicator_dims(db, indicator, &dims);
	build_query(&f, flt, dims.data, &q, store, sizeof(store), &ignored);
	q.audience = a;
	q.year = year ? year : orcs_figure_latest_year(db, indicator);
	memset(out, 0, sizeof(*out));
	rc = q.year ? compute(db, &q, out, err)
		    : orcs_error_set(err, ORCS_EUSAGE, "%s" ORCS_NBSP ": aucune année avec des données",
				     indicator);
	orcs_buf_release(&dims);
	orcs_buf_release(&ignored);
	return rc;
}

void orcs_figure_format(const orcs_ind_result *r, double v, orcs_buf *out)
{
	int dec;
	orcs_unit u = unit_of(r, &dec);
	orcs_chart *c = orcs_chart_new(ORCS_CHART_BAR, NULL);
	orcs_chart_set_unit(c, u, dec);
	orcs_chart_format(c, v, out);
	orcs_chart_free(c);
}

/* Inclusive structures of the public directory (no secrecy: a directory,
 * not a statistic), counted by département and optionally by type. */
#define INCLUSIVE_TYPES                                                                    \
	"SELECT code FROM dim_enum WHERE enum = 'structure_type' AND note IN ('inclusive', 'geiq')"

static int directory_chart(orcs_db *db, const orcs_figure *f, const orcs_filters *flt,
			   orcs_chart **out, orcs_error *err)
{
	sqlite3_stmt *st;
	orcs_chart *c;
	int rc, s = -1, two = f->by2 != NULL;
	double total = 0, max = -1;
	char *max_label = NULL;
	orcs_buf sum = ORCS_BUF_INIT;
	rc = orcs_db_prepare(
		db, &st,
		two ? "SELECT d.code, d.nom, t.code, t.label, count(e.siret) FROM dim_departement d "
		      "CROSS JOIN dim_enum t LEFT JOIN dim_enterprise e ON e.departement = d.code AND "
		      "e.structure_type = t.code WHERE t.enum = 'structure_type' AND t.note IN "
		      "('inclusive', 'geiq') GROUP BY d.code, t.code ORDER BY d.code, t.ord"
		    : "SELECT d.code, d.nom, NULL, NULL, (SELECT count(*) FROM dim_enterprise e WHERE "
		      "e.departement = d.code AND e.structure_type IN (" INCLUSIVE_TYPES ")) FROM "
		      "dim_departement d ORDER BY d.code",
		err);
	if (rc)
		return rc;
	c = orcs_chart_new(f->type, f->title);
	orcs_chart_set_unit(c, ORCS_UNIT_COUNT, 0);
	if (!two)
		s = orcs_chart_add_series(c, "Structures inclusives");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		const char *label = (const char *)sqlite3_column_text(st, 1);
		double v = (double)sqlite3_column_int64(st, 4);
		int k = c->ncat - 1, ss = s, j;
		if (k < 0 || strcmp(c->cat_key[k], code ? code : ""))
			k = orcs_chart_add_category(c, code, label);
		if (two) {
			const char *tl = (const char *)sqlite3_column_text(st, 3);
			ss = -1;
			for (j = 0; j < c->nseries; j++)
				if (!strcmp(c->series[j], tl ? tl : ""))
					ss = j;
			if (ss < 0)
				ss = orcs_chart_add_series(c, tl);
		}
		orcs_chart_set(c, ss, k, v, 0);
		total += v;
	}
	sqlite3_finalize(st);
	{
		int k, j;
		for (k = 0; k < c->ncat; k++) {
			double t = 0;
			for (j = 0; j < c->nseries; j++)
				t += orcs_chart_cell(c, j, k)->v;
			if (t > max) {
				max = t;
				max_label = c->cat_label[k];
			}
		}
	}
	if (f->type == ORCS_CHART_MAP)
		orcs_chart_set_geo(c, orcs_figure_geo("dept"));
	orcs_chart_set_source(c, "Source" ORCS_NBSP ": annuaires publics des structures inclusives "
				 "(ASP, GEIQ) et suivi des clauses, ORCS.");
	if (flt && flt->v[ORCS_FLT_DEPT][0]) {
		/* the selected département, highlighted, and its count */
		int k, j;
		orcs_chart_set_highlight(c, flt->v[ORCS_FLT_DEPT]);
		for (k = 0; k < c->ncat; k++)
			if (!strcmp(c->cat_key[k], flt->v[ORCS_FLT_DEPT])) {
				double t = 0;
				for (j = 0; j < c->nseries; j++)
					t += orcs_chart_cell(c, j, k)->v;
				orcs_buf_addf(&sum, "%s compte ", c->cat_label[k]);
				orcs_fmt_number(&sum, t, 0);
				orcs_buf_adds(&sum, " structure");
				orcs_buf_adds(&sum, t >= 2 ? "s inclusives" : " inclusive");
				orcs_buf_adds(&sum, " de l'annuaire sur ");
				orcs_fmt_number(&sum, total, 0);
				orcs_buf_adds(&sum, " en Île-de-France.");
			}
	}
	if (sum.len) {
		/* said above */
	} else if (max_label && max > 0) {
		orcs_buf_addf(&sum, "%s compte le plus de structures inclusives connues (", max_label);
		orcs_fmt_number(&sum, max, 0);
		orcs_buf_adds(&sum, ") sur ");
		orcs_fmt_number(&sum, total, 0);
		orcs_buf_adds(&sum, " en Île-de-France.");
	} else
		orcs_buf_adds(&sum, "Aucune structure inclusive connue dans l'annuaire.");
	orcs_chart_set_summary(c, sum.data);
	orcs_buf_release(&sum);
	if (f->link)
		orcs_chart_set_link(c, f->link);
	*out = c;
	return ORCS_OK;
}

int orcs_figure_chart(orcs_db *db, const orcs_figure *f, const orcs_filters *flt, orcs_audience a,
		      orcs_chart **out, orcs_error *err)
{
	orcs_buf dims = ORCS_BUF_INIT, ignored = ORCS_BUF_INIT, title = ORCS_BUF_INIT,
		 src = ORCS_BUF_INIT, sum = ORCS_BUF_INIT, link = ORCS_BUF_INIT;
	orcs_ind_query q = ORCS_IND_QUERY_INIT;
	orcs_ind_result r;
	summary_facts sf;
	char store[256];
	orcs_chart *c;
	int year, rc = ORCS_OK, any_cov = 0, unit_set = 0, rate = 0;
	orcs_buf label = ORCS_BUF_INIT;
	double coverage = NAN;

	*out = NULL;
	if (!strcmp(f->indicator, ORCS_FIGURE_DIRECTORY))
		return directory_chart(db, f, flt, out, err);
	indicator_dims(db, f->indicator, &dims);
	build_query(f, flt, dims.data, &q, store, sizeof(store), &ignored);
	q.audience = a;
	year = flt && flt->year ? flt->year : orcs_figure_latest_year(db, f->indicator);
	memset(&sf, 0, sizeof(sf));
	sf.total = sf.max = sf.min = sf.first = sf.last = NAN;
	sf.year = year;
	sf.sel_v = NAN;
	/* a chart by département on a page filtered by one: every département
	 * stays (the regional context), the selected one is highlighted and
	 * the summary speaks of it */
	if (flt && flt->v[ORCS_FLT_DEPT][0] && f->by && !strcmp(f->by, "geo_exec:dept"))
		sf.sel_key = flt->v[ORCS_FLT_DEPT];
	c = orcs_chart_new(f->type, f->title);
	if (sf.sel_key)
		orcs_chart_set_highlight(c, sf.sel_key);

	if (!year) {
		/* no year with data in the cache: an empty chart says so */
		orcs_chart_add_series(c, f->title);
		orcs_buf_addf(&title, "%s", f->title);
	} else if (f->type == ORCS_CHART_LINE) {
		int n = f->years > 0 ? f->years : 6, y, s = -1, yrs[64], ny;
		int first = year - n + 1;
		/* only the years with data are asked; the series starts with
		 * the first of them in the window */
		ny = orcs_figure_years(db, f->indicator, yrs, 64);
		while (first < year && !orcs_figure_has_year(yrs, ny, first))
			first++;
		for (y = first; y <= year; y++) {
			char ykey[16];
			int k;
			if (!orcs_figure_has_year(yrs, ny, y)) {
				/* no data that year: a gap, nothing computed */
				snprintf(ykey, sizeof(ykey), "%d", y);
				orcs_chart_add_category(c, ykey, ykey);
				continue;
			}
			q.year = y;
			rc = compute(db, &q, &r, err);
			if (rc)
				break;
			if (!unit_set) {
				int dec;
				orcs_unit u = unit_of(&r, &dec);
				orcs_chart_set_unit(c, u, dec);
				unit_set = 1;
				rate = u == ORCS_UNIT_PERCENT;
				if (r.label)
					orcs_buf_adds(&label, r.label);
			}
			snprintf(ykey, sizeof(ykey), "%d", y);
			k = orcs_chart_add_category(c, ykey, ykey);
			if (!q.nby) {
				const orcs_ind_row *t = &r.rows[0];
				if (s < 0)
					s = orcs_chart_add_series(c, r.label);
				orcs_chart_set(c, s, k, shown(&r, t), t->secret != 0);
				if (!t->secret && !isnan(t->coverage)) {
					orcs_buf cov = ORCS_BUF_INIT;
					orcs_fmt_percent(&cov, t->coverage, 0);
					orcs_chart_set_note(c, k, cov.data);
					orcs_buf_release(&cov);
					any_cov = 1;
				}
				if (!isnan(shown(&r, t))) {
					if (isnan(sf.first)) {
						sf.first = t->value;
						sf.first_year = y;
					}
					sf.last = t->value;
					sf.last_year = y;
				}
				if (y == year) {
					coverage = t->coverage;
					sf.end_secret = t->secret != 0;
				}
			} else {
				/* one line per category of the breakdown */
				int i, j;
				for (i = 1; i < r.nrows; i++) {
					const orcs_ind_row *row = &r.rows[i];
					const char *lab;
					int ss = -1;
					if (!row->has[0])
						continue;
					lab = row->label[0] ? row->label[0]
							    : row->code[0] ? row->code[0] : "Non renseigné";
					for (j = 0; j < c->nseries; j++)
						if (!strcmp(c->series[j], lab))
							ss = j;
					if (ss < 0)
						ss = orcs_chart_add_series(c, lab);
					orcs_chart_set(c, ss, k, shown(&r, row),
						       row->secret != 0);
				}
				if (!isnan(r.rows[0].value) && !r.rows[0].secret) {
					if (isnan(sf.first)) {
						sf.first = r.rows[0].value;
						sf.first_year = y;
					}
					sf.last = r.rows[0].value;
					sf.last_year = y;
				}
			}
			orcs_ind_result_release(&r);
		}
		sf.end_year = year;
		sf.first_year = sf.first_year ? sf.first_year : first;
		sf.last_year = sf.last_year ? sf.last_year : year;
		orcs_buf_addf(&title, "%s (%d–%d)", f->title, first, year);
	} else {
		q.year = year;
		rc = compute(db, &q, &r, err);
		if (!rc) {
			int dec;
			orcs_unit u = unit_of(&r, &dec);
			orcs_chart_set_unit(c, u, dec);
			rate = u == ORCS_UNIT_PERCENT;
			/* communes of the filtered département only (the engine cannot
			 * break down and filter the same dimension) */
			const char *prefix = f->by && strstr(f->by, ":commune") && flt &&
						     flt->v[ORCS_FLT_DEPT][0]
					     ? flt->v[ORCS_FLT_DEPT] : NULL;
			fill_from_result(c, &r, q.nby, &sf, &any_cov, prefix, f->top);
			if (r.nrows > 0 && !r.rows[0].secret) {
				sf.total = r.rows[0].value;
				coverage = r.rows[0].coverage;
			}
			orcs_ind_result_release(&r);
		}
		orcs_buf_addf(&title, "%s (%d)", f->title, year);
	}
	if (rc) {
		orcs_chart_free(c);
		goto done;
	}
	free(c->title);
	c->title = orcs_buf_detach(&title, NULL);
	if (any_cov)
		orcs_chart_set_note_label(c, "Couverture");
	if (f->type == ORCS_CHART_MAP && f->by) {
		const char *lvl = strchr(f->by, ':');
		lvl = lvl ? lvl + 1 : "dept";
		if (!strcmp(lvl, "commune") && flt && flt->v[ORCS_FLT_DEPT][0]) {
			char key[64];
			snprintf(key, sizeof(key), "commune:%s", flt->v[ORCS_FLT_DEPT]);
			orcs_chart_set_geo(c, orcs_figure_geo(key));
		} else
			orcs_chart_set_geo(c, orcs_figure_geo(lvl));
	}

	/* a map's extremes are among the areas it draws (not « non renseigné »
	 * nor départements outside Île-de-France) */
	if (f->type == ORCS_CHART_MAP && c->geo && c->nseries == 1) {
		int k, a;
		sf.max = sf.min = NAN;
		sf.max_label = sf.min_label = NULL;
		for (k = 0; k < c->ncat; k++) {
			const chart_cell *cell = orcs_chart_cell(c, 0, k);
			if (cell->secret || isnan(cell->v))
				continue;
			for (a = 0; a < c->geo->n; a++)
				if (!strcmp(c->geo->areas[a].key, c->cat_key[k])) {
					note_extremes(&sf, cell->v, c->cat_label[k]);
					break;
				}
		}
	}

	/* source line: where the figures come from, coverage, filters */
	orcs_buf_addf(&src, "Source" ORCS_NBSP ": %s, ORCS (%s)", source_of(f->indicator),
		      f->indicator);
	if (!isnan(coverage)) {
		orcs_buf_adds(&src, "" ORCS_NBSP "; couverture" ORCS_NBSP ": ");
		orcs_fmt_percent(&src, coverage, 0);
	}
	if (ignored.len)
		orcs_buf_addf(&src, "" ORCS_NBSP "; filtre sans objet pour cet indicateur" ORCS_NBSP
				    ": %s", ignored.data);
	if (f->type == ORCS_CHART_MAP)
		orcs_buf_adds(&src, "" ORCS_NBSP "; contours IGN 2018");
	orcs_buf_adds(&src, ".");
	orcs_chart_set_source(c, src.data);

	/* one sentence computed from the figures: a series says how the
	 * indicator changed (the publications' wording, render/phrase.h) */
	if (!f->summary && f->type == ORCS_CHART_LINE && !isnan(sf.last))
		line_summary(c, f->indicator, label.data, rate, &sf, &sum);
	if (sf.sel_key && year && f->type != ORCS_CHART_LINE)
		selection_summary(c, &sf, rate, &sum);
	if (!sum.len && !expand(c, f->summary                                                  ? f->summary
		       : f->type == ORCS_CHART_LINE && sf.first_year == sf.last_year
			       ? "En {fin}" ORCS_NBSP ": {dernier} (pas d'année antérieure publiable)."
			       : default_summary(f->type),
		    &sf, &sum)) {
		orcs_buf_reset(&sum);
		if (!year)
			orcs_buf_adds(&sum, "Aucune donnée disponible pour cet indicateur.");
		else if (f->type == ORCS_CHART_LINE)
			orcs_buf_addf(&sum, "Aucune valeur publiable de %d à %d pour cet indicateur.",
				      sf.first_year, sf.last_year);
		else if (!isnan(sf.total)) {
			orcs_buf_addf(&sum, "En %d, ensemble" ORCS_NBSP ": ", year);
			fmt_value(c, sf.total, &sum);
			orcs_buf_adds(&sum, "" ORCS_NBSP "; aucune part publiable ne se détache (données "
					    "absentes ou couvertes par le secret statistique).");
		} else
			orcs_buf_addf(&sum, "En %d, aucune valeur publiable pour cette ventilation "
					    "(données absentes ou couvertes par le secret statistique).",
				      year);
	}
	orcs_chart_set_summary(c, sum.data);

	/* drill-down */
	if (f->link && f->link[0] == '?') {
		int i;
		for (i = 0; i < ORCS_FLT_COUNT; i++)
			if (!strcmp(orcs_filter_defs[i].param, f->link + 1)) {
				orcs_filters_url(flt, f->page, i, "%s", &link);
				break;
			}
	} else if (f->link)
		orcs_buf_adds(&link, f->link);
	if (link.len)
		orcs_chart_set_link(c, link.data);
	*out = c;
done:
	orcs_buf_release(&dims);
	orcs_buf_release(&ignored);
	orcs_buf_release(&title);
	orcs_buf_release(&src);
	orcs_buf_release(&sum);
	orcs_buf_release(&link);
	orcs_buf_release(&label);
	return rc;
}
