/*
 * synth.c - the synthetic delivery generator (see synth.h, docs/synth.md).
 *
 * Markets are generated year by year (notified 2017-2025); each market gets
 * an hours budget and contracts until the budget is spent; each contract
 * gets a participant (new, or returning after a recent contract) and its
 * monthly hours.  Contracts and hours before 2019 or after 2025 are not
 * part of the delivery.  Everything goes straight to the output files, so
 * memory holds only the pools and one small record per participant,
 * market and enterprise.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/date.h"
#include "core/json.h"
#include "core/text.h"
#include "ingest/strmap.h"
#include "synth/synth_internal.h"

/* ------------------------------------------------------------------ */
/* random numbers */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

void rng_seed(rng *r, uint64_t seed)
{
	int i;
	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double rng_unif(rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

int rng_int(rng *r, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int)(rng_unif(r) * (double)(hi - lo + 1));
}

int rng_bern(rng *r, double p)
{
	return rng_unif(r) < p;
}

double rng_lognormal(rng *r, double median, double sigma)
{
	double u1 = rng_unif(r), u2 = rng_unif(r);
	double z = sqrt(-2.0 * log(u1 > 1e-300 ? u1 : 1e-300)) * cos(6.283185307179586 * u2);
	return median * exp(sigma * z);
}

const char *pick(rng *r, const wlist *l)
{
	return l->e[pick_index(r, l)].code;
}

int pick_index(rng *r, const wlist *l)
{
	double total = 0, u;
	int i;
	for (i = 0; i < l->n; i++)
		total += l->e[i].w;
	u = rng_unif(r) * total;
	for (i = 0; i < l->n; i++) {
		u -= l->e[i].w;
		if (u < 0)
			return i;
	}
	return l->n - 1;
}

/* ------------------------------------------------------------------ */
/* calendar (days since 1970-01-01) */

static int month_days(int y, int m)
{
	return (int)(orcs_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
		     orcs_days_from_civil(y, m, 1));
}

static int64_t add_months(int64_t day, int months)
{
	int y, m, d, dm;
	orcs_civil_from_days(day, &y, &m, &d);
	m += months;
	while (m > 12) {
		m -= 12;
		y++;
	}
	dm = month_days(y, m);
	return orcs_days_from_civil(y, m, d > dm ? dm : d);
}

/* ------------------------------------------------------------------ */
/* the generator state */

enum { E_CLASSIQUE, E_ETTI, E_AI, E_ACI, E_EI, E_GEIQ, E_ETT, E_EA, E_ESAT, E_OF, E_NTYPES };
static const char *const etype_code[E_NTYPES] = { "CLASSIQUE", "ETTI", "AI", "ACI", "EI",
						  "GEIQ", "ETT", "EA", "ESAT", "OF" };
static const char *const etype_naf[E_NTYPES] = { "4399C", "7820Z", "7830Z", "8130Z", "8121Z",
						 "7830Z", "7820Z", "8299Z", "8810C", "8559A" };

typedef struct pool {
	int *idx;      /* enterprise indexes */
	double *cum;   /* cumulative Zipf weights */
	int n;
} pool;

typedef struct ent {
	char siret[15];
	unsigned short years;
} ent;

typedef struct donneur {
	char siret[15];
	const char *type;
	const char *dept;
} donneur;

typedef struct part {
	int64_t first_day, last_end;
	unsigned short years, gp_years;
	int ncontracts;
} part;

typedef struct operation {
	char id[32];
	const char *programme, *moa;
	int donneur;
	char communes[3][6];
	int ncommunes;
} operation;

typedef struct commune_set {
	char (*code)[6];
	double *cum;
	int n;
} commune_set;

typedef struct ystat {
	double hours, training, gp_hours;
	int64_t participants, gp_participants, contracts_active, contracts_started, markets_notified,
		markets_active, enterprises_active, consultations, hours_rows;
} ystat;

typedef struct tstat {
	int64_t rows, valid, duplicates;
	struct {
		const char *code;
		int64_t n;
	} q[16];
	int nq;
} tstat;

typedef struct gen {
	orcs_synth_opts o;
	rng r;       /* valid rows */
	rng rd;      /* defects */
	sy_out *out;
	orcs_error *err;
	int rc;
	/* referential */
	commune_set dept_communes[8];
	/* pools */
	ent *ents;
	int nents, aents;
	pool pools[E_NTYPES];
	donneur *donneurs;
	int ndonneurs;
	double *donneur_cum;
	int first_ordinary; /* index of the first ordinary donneur */
	int moa_sgp, moa_solideo, moa_ratp, moa_sncf;
	operation *ops;
	int nops;
	orcs_strmap *sirets;
	/* entities */
	part *parts;
	int64_t nparts, aparts;
	int64_t *recent; /* ring of recent participants */
	int nrecent, recent_pos;
	unsigned short *market_years;
	int64_t nmarkets, amarkets;
	int64_t ncontracts;
	int64_t horizon, first_day, lockdown_from, lockdown_to;
	/* statistics */
	ystat ys[SY_NYEARS];
	tstat ts[SY_NTABLES];
	double hours_work, hours_training;
	int64_t unknown_seq;
} gen;

static const char *const dept_codes[8] = { "75", "77", "78", "91", "92", "93", "94", "95" };

static int dept_index(const char *d)
{
	int i;
	for (i = 0; i < 8; i++)
		if (!strcmp(dept_codes[i], d))
			return i;
	return 0;
}

/* ------------------------------------------------------------------ */
/* output with defects */

typedef struct defect {
	const char *reason; /* NULL = exact duplicate */
	int col;
	const char *value;  /* literal, or @EMPTY @LUHN @UNKNOWN_SIRET @ALT @BEFORE @FIELDCOUNT @DUP */
} defect;

/* columns, per table, as in synth_out.c */
static const defect d_donneurs[] = {
	{ "Q_SIRET_INVALID", 0, "@LUHN" },       { "Q_MISSING_REQUIRED", 1, "@EMPTY" },
	{ "Q_ENUM_UNKNOWN", 2, "Mairie annexe" }, { NULL, 0, "@DUP" },
	{ "Q_DUPLICATE_KEY_CONFLICT", 1, "@ALT" },
};
static const defect d_entreprises[] = {
	{ "Q_SIRET_INVALID", 0, "@LUHN" },     { "Q_MISSING_REQUIRED", 1, "@EMPTY" },
	{ "Q_ENUM_UNKNOWN", 3, "Coopérative" }, { NULL, 0, "@DUP" },
	{ "Q_DUPLICATE_KEY_CONFLICT", 1, "@ALT" },
};
static const defect d_operations[] = {
	{ "Q_REF_MISSING", 2, "@UNKNOWN_SIRET" }, { "Q_ENUM_UNKNOWN", 3, "GPE2" },
	{ "Q_INSEE_UNKNOWN", 5, "93999" },        { "Q_BOOL_INVALID", 6, "2" },
	{ "Q_MISSING_REQUIRED", 1, "@EMPTY" },    { NULL, 0, "@DUP" },
	{ "Q_DUPLICATE_KEY_CONFLICT", 1, "@ALT" },
};
static const defect d_marches[] = {
	{ "Q_SIRET_INVALID", 3, "@LUHN" },         { "Q_DATE_INVALID", 8, "31/02/2021" },
	{ "Q_CPV_INVALID", 5, "4500000" },         { "Q_ENUM_UNKNOWN", 11, "CLAUSE_VERTE" },
	{ "Q_NEGATIVE", 10, "-1500" },             { "Q_NUMBER_INVALID", 9, "douze" },
	{ "Q_REF_MISSING", 2, "OP-INCONNUE" },     { "Q_INSEE_UNKNOWN", 13, "75000" },
	{ "Q_MISSING_REQUIRED", 4, "@EMPTY" },     { "Q_FIELD_COUNT", 0, "@FIELDCOUNT" },
	{ NULL, 0, "@DUP" },                       { "Q_DUPLICATE_KEY_CONFLICT", 4, "@ALT" },
};
static const defect d_marche_ent[] = {
	{ "Q_REF_MISSING", 1, "M-INCONNU" }, { "Q_ENUM_UNKNOWN", 4, "ASSOCIE" },
	{ "Q_SIRET_INVALID", 3, "@LUHN" },   { "Q_REF_MISSING", 3, "@UNKNOWN_SIRET" },
	{ NULL, 0, "@DUP" },
};
static const defect d_participants[] = {
	{ "Q_ENUM_UNKNOWN", 1, "X" },          { "Q_INSEE_UNKNOWN", 3, "93999" },
	{ "Q_OUT_OF_RANGE", 2, "1890" },       { "Q_BOOL_INVALID", 4, "peut-être" },
	{ "Q_DATE_INVALID", 9, "2021-13-45" }, { NULL, 0, "@DUP" },
	{ "Q_DUPLICATE_KEY_CONFLICT", 1, "@ALT" },
};
static const defect d_contrats[] = {
	{ "Q_REF_MISSING", 1, "P-INCONNU" },      { "Q_REF_MISSING", 4, "M-INCONNU" },
	{ "Q_DATE_ORDER", 9, "@BEFORE" },         { "Q_ENUM_UNKNOWN", 6, "CDD senior" },
	{ "Q_SIRET_INVALID", 2, "@LUHN" },        { "Q_DATE_INVALID", 8, "30/02/2022" },
	{ "Q_MISSING_REQUIRED", 7, "@EMPTY" },    { "Q_REF_MISSING", 2, "@UNKNOWN_SIRET" },
	{ NULL, 0, "@DUP" },                      { "Q_DUPLICATE_KEY_CONFLICT", 6, "@ALT" },
};
static const defect d_heures[] = {
	{ "Q_NEGATIVE", 2, "-7" },              { "Q_HOURS_EXCESSIVE", 2, "320" },
	{ "Q_PERIOD_INVALID", 1, "2021-13" },   { "Q_REF_MISSING", 0, "C-INCONNU" },
	{ "Q_NUMBER_INVALID", 2, "12h" },       { "Q_MISSING_REQUIRED", 2, "@EMPTY" },
	{ "Q_FIELD_COUNT", 0, "@FIELDCOUNT" },  { NULL, 0, "@DUP" },
	{ "Q_DUPLICATE_KEY_CONFLICT", 2, "@ALT" },
};
static const defect d_sorties[] = {
	{ "Q_ENUM_UNKNOWN", 3, "EN_COURS" },   { "Q_ENUM_UNKNOWN", 2, "M12" },
	{ "Q_REF_MISSING", 0, "P-INCONNU" },   { "Q_DATE_INVALID", 1, "2021-02-29" },
	{ NULL, 0, "@DUP" },                   { "Q_DUPLICATE_KEY_CONFLICT", 3, "@ALT" },
};
static const defect d_engagements[] = {
	{ "Q_OUT_OF_RANGE", 4, "1,5" },           { "Q_NEGATIVE", 2, "-100" },
	{ "Q_REF_MISSING", 0, "@UNKNOWN_SIRET" }, { "Q_OUT_OF_RANGE", 1, "2099" },
	{ NULL, 0, "@DUP" },                      { "Q_DUPLICATE_KEY_CONFLICT", 2, "@ALT" },
};
static const defect d_consultations[] = {
	{ "Q_SIRET_INVALID", 3, "@LUHN" },       { "Q_ENUM_UNKNOWN", 6, "PEUT-ETRE" },
	{ "Q_ENUM_UNKNOWN", 7, "RESERVE" },      { "Q_DATE_INVALID", 2, "2022-02-30" },
	{ "Q_NEGATIVE", 8, "-2" },               { "Q_CPV_INVALID", 5, "ABC" },
	{ NULL, 0, "@DUP" },                     { "Q_DUPLICATE_KEY_CONFLICT", 8, "@ALT" },
};

#define DL(a) { a, (int)(sizeof(a) / sizeof(a[0])) }
static const struct {
	const defect *d;
	int n;
} defects[SY_NTABLES] = {
	DL(d_donneurs), DL(d_entreprises), DL(d_operations), DL(d_marches), DL(d_marche_ent),
	DL(d_participants), DL(d_contrats), DL(d_heures), DL(d_sorties), DL(d_engagements),
	DL(d_consultations),
};

static void count_defect(gen *g, int t, const char *code)
{
	tstat *s = &g->ts[t];
	int i;
	for (i = 0; i < s->nq; i++)
		if (!strcmp(s->q[i].code, code)) {
			s->q[i].n++;
			return;
		}
	if (s->nq < 16) {
		s->q[s->nq].code = code;
		s->q[s->nq].n = 1;
		s->nq++;
	}
}

static void luhn_complete(char *s, int n)
{
	int d;
	for (d = 0; d < 10; d++) {
		int i, sum = 0;
		s[n - 1] = (char)('0' + d);
		for (i = 0; i < n; i++) {
			int x = s[n - 1 - i] - '0';
			if (i % 2) {
				x *= 2;
				if (x > 9)
					x -= 9;
			}
			sum += x;
		}
		if (sum % 10 == 0)
			return;
	}
}

/* A new valid SIRET, unique in the delivery. */
static void new_siret(gen *g, rng *r, char out[15])
{
	int i;
	do {
		out[0] = (char)('1' + rng_int(r, 0, 8));
		for (i = 1; i < 8; i++)
			out[i] = (char)('0' + rng_int(r, 0, 9));
		luhn_complete(out, 9);
		out[9] = '0';
		for (i = 10; i < 13; i++)
			out[i] = (char)('0' + rng_int(r, 0, 9));
		luhn_complete(out, 14);
		out[14] = '\0';
	} while (!strncmp(out, "356000000", 9) || orcs_strmap_get(g->sirets, out, 14, NULL, NULL));
	orcs_strmap_put(g->sirets, out, 14, NULL, 1);
}

static int emit(gen *g, int t, const sval *v)
{
	if (g->rc)
		return g->rc;
	g->rc = out_row(g->out, t, v, g->err);
	g->ts[t].rows++;
	return g->rc;
}

static const char *alt_value(int t, int col, const sval *v, char *buf, size_t n)
{
	const sval *x = &v[col];
	if (x->kind == V_NUM) {
		double d = x->d > 200 ? x->d - 1 : x->d + 1;
		if (d == floor(d))
			snprintf(buf, n, "%.0f", d);
		else
			snprintf(buf, n, "%.1f", d);
		return buf;
	}
	if (t == SY_PARTICIPANTS) /* sexe */
		return x->kind == V_TEXT && !strcmp(x->s, "F") ? "H" : "F";
	if (t == SY_CONTRATS) /* type_contrat */
		return x->kind == V_TEXT && !strcmp(x->s, "CDD") ? "CDI" : "CDD";
	if (t == SY_SORTIES) /* situation */
		return x->kind == V_TEXT && !strcmp(x->s, "AUTRE") ? "EMPLOI_DURABLE" : "AUTRE";
	if (t == SY_CONSULTATIONS || t == SY_ENGAGEMENTS)
		return "1";
	snprintf(buf, n, "%s (version bis)", x->kind == V_TEXT ? x->s : "");
	return buf;
}

/* Writes a valid row, then perhaps one faulty row (separate random stream). */
static int emit_valid(gen *g, int t, const sval *v)
{
	sval dv[SY_MAXCOLS + 1];
	char buf[64], sir[15];
	const defect *d;
	int ncols;
	if (emit(g, t, v))
		return g->rc;
	g->ts[t].valid++;
	if (g->o.defects <= 0 || !rng_bern(&g->rd, g->o.defects))
		return ORCS_OK;
	d = &defects[t].d[rng_int(&g->rd, 0, defects[t].n - 1)];
	out_columns(t, &ncols);
	memcpy(dv, v, sizeof(dv));
	if (!strcmp(d->value, "@DUP")) {
		g->ts[t].duplicates++;
		return emit(g, t, dv);
	}
	if (!strcmp(d->value, "@EMPTY")) {
		dv[d->col].kind = V_EMPTY;
	} else if (!strcmp(d->value, "@LUHN")) {
		snprintf(sir, sizeof(sir), "%s", v[d->col].s);
		sir[13] = (char)('0' + (sir[13] - '0' + 1) % 10);
		dv[d->col].kind = V_TEXT;
		dv[d->col].s = sir;
	} else if (!strcmp(d->value, "@UNKNOWN_SIRET")) {
		new_siret(g, &g->rd, sir);
		dv[d->col].kind = V_TEXT;
		dv[d->col].s = sir;
	} else if (!strcmp(d->value, "@ALT")) {
		dv[d->col].kind = V_TEXT;
		dv[d->col].s = alt_value(t, d->col, v, buf, sizeof(buf));
	} else if (!strcmp(d->value, "@BEFORE")) {
		/* date_fin ten days before date_debut (column 8) */
		int64_t day = orcs_days_from_civil(v[8].y, v[8].m, v[8].day) - 10;
		dv[d->col].kind = V_DATE;
		orcs_civil_from_days(day, &dv[d->col].y, &dv[d->col].m, &dv[d->col].day);
	} else if (!strcmp(d->value, "@FIELDCOUNT")) {
		dv[ncols].kind = V_TEXT;
		dv[ncols].s = "valeur en trop";
	} else {
		dv[d->col].kind = V_TEXT;
		dv[d->col].s = d->value;
	}
	count_defect(g, t, d->reason);
	return emit(g, t, dv);
}

static void vt(sval *v, const char *s)
{
	v->kind = s ? V_TEXT : V_EMPTY;
	v->s = s;
}

static void vn(sval *v, double d)
{
	v->kind = V_NUM;
	v->d = d;
}

static void vd(sval *v, int64_t day)
{
	v->kind = V_DATE;
	orcs_civil_from_days(day, &v->y, &v->m, &v->day);
}

/* ------------------------------------------------------------------ */
/* referential: communes by département, weighted by population */

static int load_communes(gen *g)
{
	orcs_buf path = ORCS_BUF_INIT;
	FILE *f;
	orcs_csv *csv;
	int ci = -1, di = -1, pi = -1, ti = -1, r;
	size_t j;
	orcs_buf_addf(&path, "%s/geo/idf_communes_2026.csv", g->o.datadir);
	f = fopen(path.data, "rb");
	if (!f) {
		g->rc = orcs_error_set(g->err, ORCS_EIO, "%s" ORCS_NBSP ": introuvable", path.data);
		orcs_buf_release(&path);
		return g->rc;
	}
	csv = orcs_csv_new_stream(f, path.data, 0);
	if (orcs_csv_next(csv, g->err) == 1)
		for (j = 0; j < orcs_csv_nfields(csv); j++) {
			const char *h = orcs_csv_field(csv, j, NULL);
			if (!strcmp(h, "code_insee"))
				ci = (int)j;
			else if (!strcmp(h, "departement"))
				di = (int)j;
			else if (!strcmp(h, "population"))
				pi = (int)j;
			else if (!strcmp(h, "type"))
				ti = (int)j;
		}
	if (ci < 0 || di < 0 || pi < 0 || ti < 0) {
		g->rc = orcs_error_set(g->err, ORCS_EIO, "%s" ORCS_NBSP ": colonnes attendues absentes",
				       path.data);
		goto out;
	}
	while ((r = orcs_csv_next(csv, g->err)) == 1) {
		const char *code = orcs_csv_field(csv, (size_t)ci, NULL);
		const char *type = orcs_csv_field(csv, (size_t)ti, NULL);
		commune_set *s;
		double pop = atof(orcs_csv_field(csv, (size_t)pi, NULL));
		if (!strcmp(code, "75056"))
			continue; /* Paris: its arrondissements stand for it */
		(void)type;
		s = &g->dept_communes[dept_index(orcs_csv_field(csv, (size_t)di, NULL))];
		s->code = orcs_xrealloc(s->code, (size_t)(s->n + 1) * sizeof(*s->code));
		s->cum = orcs_xrealloc(s->cum, (size_t)(s->n + 1) * sizeof(*s->cum));
		snprintf(s->code[s->n], 6, "%.5s", code);
		s->cum[s->n] = (s->n ? s->cum[s->n - 1] : 0) + (pop > 0 ? pop : 1);
		s->n++;
	}
	if (r < 0)
		g->rc = ORCS_EIO;
out:
	orcs_csv_free(csv);
	fclose(f);
	orcs_buf_release(&path);
	return g->rc;
}

static const char *pick_commune(gen *g, rng *r, const char *dept)
{
	commune_set *s = &g->dept_communes[dept_index(dept)];
	double u = rng_unif(r) * s->cum[s->n - 1];
	int lo = 0, hi = s->n - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (s->cum[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return s->code[lo];
}

/* ------------------------------------------------------------------ */
/* pools */

static int scaled(double base, double scale, int min)
{
	int n = (int)floor(base * scale + 0.5);
	return n < min ? min : n;
}

static void zipf_cum(double *cum, int n, double s)
{
	int i;
	for (i = 0; i < n; i++)
		cum[i] = (i ? cum[i - 1] : 0) + 1.0 / pow((double)(i + 1), s);
}

static int pick_cum(rng *r, const double *cum, int n)
{
	double u = rng_unif(r) * cum[n - 1];
	int lo = 0, hi = n - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (cum[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static int pick_ent(gen *g, int type)
{
	pool *p = &g->pools[type];
	return p->idx[pick_cum(&g->r, p->cum, p->n)];
}

static int make_pools(gen *g)
{
	const double base[E_NTYPES] = { SY.classique, SY.etti, SY.ai, SY.aci, SY.ei,
					SY.geiq, SY.ett, SY.ea, SY.esat, SY.of };
	int t, i, k, nd;
	sval v[SY_MAXCOLS + 1];
	char name[128];
	static const char *const moa_names[4] = { "SGP", "Solideo", "RATP", "SNCF Réseau" };

	/* enterprises */
	for (t = 0; t < E_NTYPES; t++) {
		pool *p = &g->pools[t];
		p->n = scaled(base[t], g->o.scale, 2);
		p->idx = orcs_xcalloc((size_t)p->n, sizeof(int));
		p->cum = orcs_xcalloc((size_t)p->n, sizeof(double));
		zipf_cum(p->cum, p->n, t == E_CLASSIQUE ? 0.5 : 0.5);
		for (i = 0; i < p->n; i++) {
			if (g->nents == g->aents) {
				g->aents = g->aents ? 2 * g->aents : 1024;
				g->ents = orcs_xrealloc(g->ents, (size_t)g->aents * sizeof(*g->ents));
			}
			memset(&g->ents[g->nents], 0, sizeof(ent));
			new_siret(g, &g->r, g->ents[g->nents].siret);
			p->idx[i] = g->nents++;
			memset(v, 0, sizeof(v));
			snprintf(name, sizeof(name), "Entreprise synthétique %s n° %d", etype_code[t], i + 1);
			vt(&v[0], g->ents[p->idx[i]].siret);
			vt(&v[1], name);
			vt(&v[2], etype_naf[t]);
			vt(&v[3], etype_code[t]);
			vt(&v[4], pick(&g->r, &sy_exec_dept));
			if (emit_valid(g, SY_ENTREPRISES, v))
				return g->rc;
		}
	}

	/* donneurs: real DECP buyers, grand-project MOAs, ordinary ones */
	nd = scaled(SY.donneurs, g->o.scale, 5);
	g->donneurs = orcs_xcalloc((size_t)(nd + sy_ndecp + 4), sizeof(donneur));
	for (i = 0; i < sy_ndecp; i++) {
		for (k = 0; k < g->ndonneurs; k++)
			if (!strcmp(g->donneurs[k].siret, sy_decp_markets[i].buyer))
				break;
		if (k < g->ndonneurs)
			continue;
		snprintf(g->donneurs[k].siret, 15, "%s", sy_decp_markets[i].buyer);
		orcs_strmap_put(g->sirets, sy_decp_markets[i].buyer, 14, NULL, 1);
		g->donneurs[k].type = sy_decp_markets[i].donneur_type;
		g->donneurs[k].dept = NULL;
		{
			int j;
			for (j = 0; j < 8; j++)
				if (!strncmp(sy_decp_markets[i].commune, dept_codes[j], 2))
					g->donneurs[k].dept = dept_codes[j];
		}
		g->ndonneurs++;
	}
	for (i = 0; i < 4; i++) {
		donneur *d = &g->donneurs[g->ndonneurs];
		new_siret(g, &g->r, d->siret);
		d->type = "GRAND_PROJET";
		d->dept = i == 0 ? "93" : i == 1 ? "93" : "75";
		if (i == 0)
			g->moa_sgp = g->ndonneurs;
		else if (i == 1)
			g->moa_solideo = g->ndonneurs;
		else if (i == 2)
			g->moa_ratp = g->ndonneurs;
		else
			g->moa_sncf = g->ndonneurs;
		g->ndonneurs++;
	}
	g->first_ordinary = g->ndonneurs;
	for (i = 0; i < nd; i++) {
		donneur *d = &g->donneurs[g->ndonneurs++];
		new_siret(g, &g->r, d->siret);
		d->type = pick(&g->r, &sy_donneur_type);
		d->dept = pick(&g->r, &sy_exec_dept);
	}
	g->donneur_cum = orcs_xcalloc((size_t)nd, sizeof(double));
	zipf_cum(g->donneur_cum, nd, 0.8);
	for (i = 0; i < g->ndonneurs; i++) {
		donneur *d = &g->donneurs[i];
		memset(v, 0, sizeof(v));
		if (i < g->first_ordinary - 4)
			snprintf(name, sizeof(name), "Acheteur %s (DECP)", d->siret);
		else if (i < g->first_ordinary)
			snprintf(name, sizeof(name), "Maître d'ouvrage fictif %s", moa_names[i - g->first_ordinary + 4]);
		else
			snprintf(name, sizeof(name), "Donneur d'ordre synthétique n° %d", i - g->first_ordinary + 1);
		vt(&v[0], d->siret);
		vt(&v[1], name);
		vt(&v[2], d->type);
		vt(&v[3], d->dept);
		if (emit_valid(g, SY_DONNEURS, v))
			return g->rc;
	}
	return ORCS_OK;
}

static int pick_donneur(gen *g)
{
	return g->first_ordinary + pick_cum(&g->r, g->donneur_cum, g->ndonneurs - g->first_ordinary);
}

static int make_operations(gen *g)
{
	static const struct {
		const char *prog, *moa, *label;
		double base;
	} kinds[] = { { "GPE", "SGP", "Grand Paris Express, ouvrage", 0 },
		      { "JOP2024", "SOLIDEO", "Site olympique", 0 },
		      { "NPNRU", "ANRU", "Renouvellement urbain, quartier", 0 },
		      { "AUTRE_GP", NULL, "Prolongement de ligne, chantier", 0 } };
	const double bases[4] = { SY.ops_gpe, SY.ops_jop, SY.ops_npnru, SY.ops_autre };
	sval v[SY_MAXCOLS + 1];
	char label[128], communes[24];
	int k, i, c;
	int n = 0;
	for (k = 0; k < 4; k++)
		n += scaled(bases[k], g->o.scale, 1);
	g->ops = orcs_xcalloc((size_t)n, sizeof(operation));
	for (k = 0; k < 4; k++) {
		int m = scaled(bases[k], g->o.scale, 1);
		for (i = 0; i < m; i++) {
			operation *op = &g->ops[g->nops++];
			const char *dept = pick(&g->r, &sy_exec_dept);
			op->programme = kinds[k].prog;
			if (k == 0) {
				op->donneur = g->moa_sgp;
				op->moa = "SGP";
			} else if (k == 1) {
				op->donneur = g->moa_solideo;
				op->moa = "SOLIDEO";
				dept = "93";
			} else if (k == 2) {
				op->donneur = pick_donneur(g);
				op->moa = "ANRU";
			} else {
				int ratp = rng_bern(&g->r, 0.6);
				op->donneur = ratp ? g->moa_ratp : g->moa_sncf;
				op->moa = ratp ? "RATP" : "SNCF_RESEAU";
			}
			snprintf(op->id, sizeof(op->id), "OP-%s-%03d", op->programme, i + 1);
			op->ncommunes = rng_int(&g->r, 1, 3);
			communes[0] = '\0';
			for (c = 0; c < op->ncommunes; c++) {
				snprintf(op->communes[c], 6, "%s", pick_commune(g, &g->r, dept));
				if (c)
					strcat(communes, "|");
				strcat(communes, op->communes[c]);
			}
			snprintf(label, sizeof(label), "%s %d (%s)", kinds[k].label, i + 1, dept);
			memset(v, 0, sizeof(v));
			vt(&v[0], op->id);
			vt(&v[1], label);
			vt(&v[2], g->donneurs[op->donneur].siret);
			vt(&v[3], op->programme);
			vt(&v[4], op->moa);
			vt(&v[5], communes);
			vn(&v[6], k == 2 ? 1 : 0);
			if (emit_valid(g, SY_OPERATIONS, v))
				return g->rc;
		}
	}
	return ORCS_OK;
}

/* ------------------------------------------------------------------ */
/* markets, contracts, participants, hours */

typedef struct mctx {
	const char *marche_id;
	const char *lot;
	int donneur;
	const char *nature;
	int reserved;       /* 0, 1 SIAE, 2 EA/ESAT */
	int gp;
	int titulaire;
	int64_t market_index;
	int64_t notif, end;
	const char *exec_dept;
	/* enterprises already written for this market */
	int ent_idx[24];
	const char *ent_role[24];
	int nent;
	int by_type[E_NTYPES];
} mctx;

static int market_ent(gen *g, mctx *m, int e, const char *role)
{
	sval v[SY_MAXCOLS + 1];
	int i;
	for (i = 0; i < m->nent; i++)
		if (m->ent_idx[i] == e && !strcmp(m->ent_role[i], role))
			return ORCS_OK;
	if (m->nent < 24) {
		m->ent_idx[m->nent] = e;
		m->ent_role[m->nent] = role;
		m->nent++;
	} else {
		return ORCS_OK; /* enough enterprises on one market */
	}
	memset(v, 0, sizeof(v));
	vt(&v[0], g->donneurs[m->donneur].siret);
	vt(&v[1], m->marche_id);
	vt(&v[2], m->lot);
	vt(&v[3], g->ents[e].siret);
	vt(&v[4], role);
	return emit_valid(g, SY_MARCHE_ENT, v);
}

static int type_of_code(const char *code)
{
	int t;
	for (t = 0; t < E_NTYPES; t++)
		if (!strcmp(etype_code[t], code))
			return t;
	return E_CLASSIQUE;
}

/* a participant for a contract starting on `day` */
static int64_t participant_for(gen *g, mctx *m, int64_t day, const char *fulfil)
{
	sval v[SY_MAXCOLS + 1];
	char idbuf[32], res[6], publics[96];
	const char *dept, *commune = NULL, *band, *sex, *diploma;
	int64_t id;
	part *p;
	int k, age, qpv = -1, y, mo, d;
	if (g->nrecent && rng_bern(&g->r, SY.reuse))
		for (k = 0; k < 8; k++) {
			int64_t cand = g->recent[rng_int(&g->r, 0, g->nrecent - 1)];
			part *c = &g->parts[cand];
			if (c->last_end < day && c->last_end >= day - SY.reuse_window_days)
				return cand;
		}
	if (g->nparts == g->aparts) {
		g->aparts = g->aparts ? 2 * g->aparts : 4096;
		g->parts = orcs_xrealloc(g->parts, (size_t)g->aparts * sizeof(part));
	}
	id = g->nparts++;
	p = &g->parts[id];
	memset(p, 0, sizeof(*p));
	p->first_day = day;
	p->last_end = day;
	/* attributes */
	orcs_civil_from_days(day, &y, &mo, &d);
	sex = rng_bern(&g->r, 0.01) ? "NR" : rng_bern(&g->r, sy_women_prob(m->nature)) ? "F" : "H";
	band = pick(&g->r, &sy_age_band);
	age = !strcmp(band, "LT26") ? rng_int(&g->r, 17, 25)
	      : !strcmp(band, "26_49") ? rng_int(&g->r, 26, 49)
				       : rng_int(&g->r, 50, 64);
	{
		double u = rng_unif(&g->r);
		if (u < SY.residence_missing) {
			commune = NULL;
			dept = NULL;
		} else if (u < SY.residence_missing + SY.out_of_region) {
			commune = sy_outside_communes[rng_int(&g->r, 0, sy_noutside - 1)];
			dept = "XX";
		} else if (u < SY.residence_missing + SY.out_of_region + SY.historic_code) {
			commune = sy_historic_communes[rng_int(&g->r, 0, sy_nhistoric - 1)];
			dept = "93";
		} else {
			dept = rng_bern(&g->r, 0.5) ? m->exec_dept : pick(&g->r, &sy_res_dept);
			snprintf(res, sizeof(res), "%s", pick_commune(g, &g->r, dept));
			commune = res;
		}
		if (commune)
			qpv = rng_bern(&g->r, sy_qpv_prob(dept));
	}
	diploma = pick(&g->r, &sy_diploma);
	publics[0] = '\0';
#define ADDPUB(code)                                   \
	do {                                           \
		if (publics[0])                        \
			strcat(publics, "|");          \
		strcat(publics, code);                 \
	} while (0)
	{
		int th = rng_bern(&g->r, 0.06);
		if (rng_bern(&g->r, 0.40))
			ADDPUB("DELD");
		if (rng_bern(&g->r, 0.25))
			ADDPUB("BRSA");
		if (age < 26 && rng_bern(&g->r, 0.75))
			ADDPUB("JEUNE");
		if (age >= 50 && rng_bern(&g->r, 0.60))
			ADDPUB("SENIOR");
		if (th)
			ADDPUB("TH");
		if (qpv == 1 && rng_bern(&g->r, 0.70))
			ADDPUB("QPV");
		if (rng_bern(&g->r, 0.12))
			ADDPUB("SIAE");
		if (rng_bern(&g->r, 0.14))
			ADDPUB("PLIE_E2C");
		if (rng_bern(&g->r, 0.05))
			ADDPUB("MINIMA");
		if (!strcmp(fulfil, "MAD_GEIQ") && rng_bern(&g->r, 0.8))
			ADDPUB("GEIQ");
		if (!publics[0])
			ADDPUB("AUTRE");
		memset(v, 0, sizeof(v));
		snprintf(idbuf, sizeof(idbuf), "BEN-%07lld", (long long)(id + 1));
		vt(&v[0], idbuf);
		vt(&v[1], sex);
		if (!rng_bern(&g->r, SY.birth_missing))
			vn(&v[2], y - age);
		vt(&v[3], commune);
		if (qpv >= 0)
			vn(&v[4], qpv);
		vt(&v[5], sy_diploma_variant(&g->r, diploma));
		vt(&v[6], publics);
		if (!rng_bern(&g->r, 0.03))
			vn(&v[7], th);
		vt(&v[8], sy_prescriber_variant(&g->r, pick(&g->r, &sy_prescriber)));
		vd(&v[9], day);
	}
#undef ADDPUB
	if (emit_valid(g, SY_PARTICIPANTS, v))
		return -1;
	return id;
}

static void remember(gen *g, int64_t pid)
{
	int cap = 4096;
	if (!g->recent)
		g->recent = orcs_xcalloc((size_t)cap, sizeof(int64_t));
	if (g->nrecent < cap) {
		g->recent[g->nrecent++] = pid;
	} else {
		g->recent[g->recent_pos] = pid;
		g->recent_pos = (g->recent_pos + 1) % cap;
	}
}

static double half(double x)
{
	return floor(x * 2 + 0.5) / 2;
}

/* One contract of market m; returns its hours (before and after 2019). */
static double contract(gen *g, mctx *m, const wlist *reserved_types)
{
	sval v[SY_MAXCOLS + 1];
	char cid[32], period[16];
	const char *fulfil, *ctype;
	const fulfil_param *fp;
	const ctype_param *cp;
	int64_t start, end, last, pid, day;
	double h, tr, total = 0;
	int months, employer, y, mo, dd, yi;
	unsigned short cyears = 0;

	if (m->reserved) {
		fulfil = "EMBAUCHE_DIRECTE";
		fp = sy_fulfil_of(fulfil);
		ctype = pick(&g->r, reserved_types);
	} else {
		fulfil = pick(&g->r, &sy_fulfilment);
		fp = sy_fulfil_of(fulfil);
		ctype = pick(&g->r, &fp->types);
	}
	cp = sy_ctype(ctype);
	months = rng_int(&g->r, cp->dmin, cp->dmax);
	h = cp->hmax > 0 ? half(cp->hmin + rng_unif(&g->r) * (cp->hmax - cp->hmin)) : 0;
	tr = cp->tmax > 0 ? half(cp->tmin + rng_unif(&g->r) * (cp->tmax - cp->tmin)) : 0;
	{
		int64_t span = m->end - m->notif - 45;
		start = m->notif + 15 + (span > 0 ? (int64_t)(rng_unif(&g->r) * (double)span) : 0);
	}
	end = add_months(start, months) - 1;
	total = (h + tr) * months;
	if (end < g->first_day || start > g->horizon)
		return total; /* outside the delivery's period */
	if (start >= g->lockdown_from && start <= g->lockdown_to && rng_bern(&g->r, SY.lockdown_drop))
		return total; /* first lockdown: hiring stopped */
	/* employer */
	if (!strcmp(fp->employer, "TITULAIRE")) {
		employer = m->titulaire;
	} else {
		const char *tcode = fp->employer2 && rng_bern(&g->r, 0.5) ? fp->employer2 : fp->employer;
		int et = type_of_code(tcode);
		if (m->by_type[et] < 0 || rng_bern(&g->r, 0.3))
			m->by_type[et] = pick_ent(g, et);
		employer = m->by_type[et];
	}
	if (market_ent(g, m, employer, fp->role))
		return -1;
	pid = participant_for(g, m, start, fulfil);
	if (pid < 0)
		return -1;
	g->ncontracts++;
	snprintf(cid, sizeof(cid), "CT%08lld", (long long)g->ncontracts);
	last = end < g->horizon ? end : g->horizon;
	memset(v, 0, sizeof(v));
	vt(&v[0], cid);
	{
		char pidtxt[32];
		snprintf(pidtxt, sizeof(pidtxt), "BEN-%07lld", (long long)(pid + 1));
		vt(&v[1], pidtxt);
		vt(&v[2], g->ents[employer].siret);
		vt(&v[3], g->donneurs[m->donneur].siret);
		vt(&v[4], m->marche_id);
		vt(&v[5], m->lot);
		vt(&v[6], ctype);
		vt(&v[7], fulfil);
		vd(&v[8], start);
		if (end <= g->horizon)
			vd(&v[9], end);
		if (emit_valid(g, SY_CONTRATS, v))
			return -1;
	}
	orcs_civil_from_days(start, &y, &mo, &dd);
	if (y >= SY_FIRST_NOTIF && y <= SY_LAST_YEAR)
		g->ys[y - SY_FIRST_NOTIF].contracts_started++;
	/* monthly hours, from January 2019 on */
	day = orcs_days_from_civil(y, mo, 1);
	if (day < g->first_day)
		day = g->first_day;
	while (day <= last) {
		int md;
		int64_t mstart, mend, a, b;
		double frac, w, t;
		orcs_civil_from_days(day, &y, &mo, &dd);
		md = month_days(y, mo);
		mstart = day;
		mend = day + md - 1;
		a = start > mstart ? start : mstart;
		if (a < g->first_day)
			a = g->first_day;
		b = last < mend ? last : mend;
		frac = (double)(b - a + 1) / md;
		w = half(h * frac);
		t = half(tr * frac);
		if (w > 0 || t > 0) {
			sval hv[SY_MAXCOLS + 1];
			memset(hv, 0, sizeof(hv));
			snprintf(period, sizeof(period), "%04d-%02d", y % 10000, mo % 100);
			vt(&hv[0], cid);
			vt(&hv[1], period);
			vn(&hv[2], w);
			if (t > 0)
				vn(&hv[3], t);
			if (emit_valid(g, SY_HEURES, hv))
				return -1;
			yi = y - SY_FIRST_NOTIF;
			g->ys[yi].hours += w;
			g->ys[yi].training += t;
			g->ys[yi].hours_rows++;
			if (m->gp)
				g->ys[yi].gp_hours += w;
			g->hours_work += w;
			g->hours_training += t;
			cyears |= (unsigned short)(1u << yi);
		}
		day = mend + 1;
	}
	for (yi = 0; yi < SY_NYEARS; yi++)
		if (cyears & (1u << yi))
			g->ys[yi].contracts_active++;
	g->parts[pid].years |= cyears;
	if (m->gp)
		g->parts[pid].gp_years |= cyears;
	g->parts[pid].ncontracts++;
	if (end > g->parts[pid].last_end)
		g->parts[pid].last_end = end;
	g->market_years[m->market_index] |= cyears;
	g->ents[employer].years |= cyears;
	g->ents[m->titulaire].years |= cyears;
	remember(g, pid);
	return total;
}

static const wentry t_siae_res[] = { { "CDDI", 85 }, { "CDDI_PHC", 10 }, { "CDI_INCLUSION", 5 } };
static const wentry t_eaesat_res[] = { { "CDD_TREMPLIN", 40 }, { "CDI", 30 }, { "CONTRAT_ESAT", 30 } };
static const wlist wl_siae_res = WL(t_siae_res), wl_eaesat_res = WL(t_eaesat_res);

static int market(gen *g, int year, const char *marche_id, const char *lot, int gp,
		  const sy_decp *real, double budget_share)
{
	sval v[SY_MAXCOLS + 1];
	mctx m;
	char objet[160], datebuf[16];
	const char *modal, *cpv, *proc;
	operation *op = NULL;
	int months, k, nat;
	double budget, spent = 0, target, amount;
	int64_t notif;

	memset(&m, 0, sizeof(m));
	for (k = 0; k < E_NTYPES; k++)
		m.by_type[k] = -1;
	m.marche_id = marche_id;
	m.lot = lot;
	m.gp = gp;
	if (g->nmarkets == g->amarkets) {
		g->amarkets = g->amarkets ? 2 * g->amarkets : 4096;
		g->market_years = orcs_xrealloc(g->market_years, (size_t)g->amarkets * sizeof(unsigned short));
	}
	m.market_index = g->nmarkets++;
	g->market_years[m.market_index] = 0;
	if (real) {
		int y, mo, d;
		sscanf(real->date, "%d-%d-%d", &y, &mo, &d);
		notif = orcs_days_from_civil(y, mo, d);
		for (k = 0; k < g->ndonneurs; k++)
			if (!strcmp(g->donneurs[k].siret, real->buyer))
				m.donneur = k;
		m.nature = real->nature;
		months = real->months;
		modal = "EXEC_INSERTION";
		cpv = real->cpv;
		proc = "MAPA";
		amount = real->amount;
		snprintf(objet, sizeof(objet), "%s", real->objet);
		m.exec_dept = g->donneurs[m.donneur].dept ? g->donneurs[m.donneur].dept : "92";
	} else {
		const char *mtxt;
		notif = orcs_days_from_civil(year, 1, 1) + rng_int(&g->r, 0, 364);
		if (gp) {
			/* JOP operations are notified until 2023 */
			do {
				op = &g->ops[rng_int(&g->r, 0, g->nops - 1)];
			} while (year > 2023 && !strcmp(op->programme, "JOP2024") && g->nops > 1 &&
				 rng_bern(&g->r, 0.97));
			m.donneur = op->donneur;
			m.nature = pick(&g->r, &sy_nature_gp);
		} else {
			m.donneur = pick_donneur(g);
			m.nature = pick(&g->r, &sy_nature_ordinary);
		}
		nat = !strcmp(m.nature, "TRAVAUX") ? 0 : !strcmp(m.nature, "SERVICES") ? 1
						       : !strcmp(m.nature, "FOURNITURES") ? 2 : 3;
		cpv = pick(&g->r, &sy_cpv[nat]);
		mtxt = pick(&g->r, nat == 0 ? &sy_dur_travaux : nat == 1 ? &sy_dur_services : &sy_dur_other);
		months = atoi(mtxt);
		modal = gp ? (rng_bern(&g->r, 0.9) ? "EXEC_INSERTION" : "EXEC_INSERTION|CRITERE_SOCIAL")
			   : pick(&g->r, &sy_modalities);
		proc = pick(&g->r, &sy_procedure);
		amount = floor(rng_lognormal(&g->r, nat == 0 ? 900000 : 250000, 1.1) / 100) * 100;
		m.exec_dept = op ? NULL : g->donneurs[m.donneur].dept;
		if (!m.exec_dept)
			m.exec_dept = pick(&g->r, &sy_exec_dept);
		snprintf(objet, sizeof(objet), "%s %s, marché synthétique %s",
			 nat == 0 ? "Travaux" : nat == 1 ? "Services" : nat == 2 ? "Fournitures"
										  : "Études",
			 gp ? op->programme : "", marche_id);
	}
	if (strstr(modal, "RESERVE_SIAE") || !strcmp(modal, "MARCHE_INSERTION"))
		m.reserved = 1;
	else if (strstr(modal, "RESERVE_EA_ESAT"))
		m.reserved = 2;
	m.notif = notif;
	m.end = add_months(notif, months);
	/* titulaire */
	if (m.reserved == 1)
		m.titulaire = pick_ent(g, rng_bern(&g->r, 0.5) ? E_EI : E_ACI);
	else if (m.reserved == 2)
		m.titulaire = pick_ent(g, rng_bern(&g->r, 0.6) ? E_EA : E_ESAT);
	else
		m.titulaire = pick_ent(g, E_CLASSIQUE);
	budget = rng_lognormal(&g->r, SY.hours_median, SY.hours_sigma) * (gp ? SY.gp_hours_factor : 1) *
		 budget_share;
	if (budget < 35)
		budget = 35;
	target = rng_bern(&g->r, SY.target_missing) ? -1 : floor(budget * (0.85 + 0.4 * rng_unif(&g->r)) / 10) * 10;

	memset(v, 0, sizeof(v));
	vt(&v[0], marche_id);
	vt(&v[1], lot);
	vt(&v[2], op ? op->id : NULL);
	vt(&v[3], g->donneurs[m.donneur].siret);
	vt(&v[4], objet);
	vt(&v[5], cpv);
	vt(&v[6], m.nature);
	vt(&v[7], proc);
	vd(&v[8], notif);
	vn(&v[9], months);
	vn(&v[10], amount);
	vt(&v[11], modal);
	if (target > 0)
		vn(&v[12], target);
	vt(&v[13], real ? real->commune : op ? op->communes[rng_int(&g->r, 0, op->ncommunes - 1)]
					     : pick_commune(g, &g->r, m.exec_dept));
	vt(&v[14], real ? real->id : NULL);
	(void)datebuf;
	if (emit_valid(g, SY_MARCHES, v))
		return g->rc;
	if (year >= SY_FIRST_NOTIF)
		g->ys[year - SY_FIRST_NOTIF].markets_notified++;
	if (market_ent(g, &m, m.titulaire, "TITULAIRE"))
		return g->rc;
	if (!m.reserved && rng_bern(&g->r, 0.1) &&
	    market_ent(g, &m, pick_ent(g, E_CLASSIQUE), "COTRAITANT"))
		return g->rc;
	if (!m.reserved && rng_bern(&g->r, 0.2) &&
	    market_ent(g, &m, pick_ent(g, E_CLASSIQUE), "SOUSTRAITANT"))
		return g->rc;
	while (spent < budget) {
		double h = contract(g, &m, m.reserved == 2 ? &wl_eaesat_res : &wl_siae_res);
		if (h < 0)
			return g->rc ? g->rc : ORCS_EIO;
		spent += h > 0 ? h : 1;
		if (g->rc)
			return g->rc;
	}
	return ORCS_OK;
}

static int markets(gen *g)
{
	int y, i, k;
	char mid[32], lot[16];
	for (y = SY_FIRST_NOTIF; y <= SY_LAST_YEAR; y++) {
		int yi = y - SY_FIRST_NOTIF;
		double s = SY.gp_share[yi], f = SY.gp_hours_factor;
		double p_gp = s / (f - (f - 1) * s);
		int n = scaled(SY.markets_per_year * SY.growth[yi], g->o.scale, 2), seq = 0;
		for (k = 0; k < sy_ndecp; k++)
			if (atoi(sy_decp_markets[k].date) == y) {
				if (market(g, y, sy_decp_markets[k].id, "0", 0, &sy_decp_markets[k], 1))
					return g->rc;
			}
		for (i = 0; i < n;) {
			int gp = rng_bern(&g->r, p_gp);
			int lots = rng_bern(&g->r, SY.allotted_share) ? rng_int(&g->r, 2, 5) : 0;
			seq++;
			snprintf(mid, sizeof(mid), "%d-M%05d", y, seq);
			if (!lots) {
				if (market(g, y, mid, "0", gp, NULL, 1))
					return g->rc;
				i++;
			} else {
				int l;
				for (l = 1; l <= lots; l++) {
					snprintf(lot, sizeof(lot), "%d", l);
					if (market(g, y, mid, lot, gp, NULL, 0.8))
						return g->rc;
					i++;
				}
			}
		}
	}
	return ORCS_OK;
}

/* ------------------------------------------------------------------ */
/* outcomes, commitments, platform */

static int outcomes(gen *g)
{
	int64_t i;
	sval v[SY_MAXCOLS + 1];
	char id[32];
	for (i = 0; i < g->nparts; i++) {
		part *p = &g->parts[i];
		if (!p->ncontracts || p->last_end > g->horizon)
			continue; /* still in a contract at the end of the period */
		snprintf(id, sizeof(id), "BEN-%07lld", (long long)(i + 1));
		if (rng_bern(&g->r, SY.fin_known)) {
			memset(v, 0, sizeof(v));
			vt(&v[0], id);
			vd(&v[1], p->last_end);
			vt(&v[2], "FIN");
			vt(&v[3], pick(&g->r, &sy_outcome_fin));
			if (emit_valid(g, SY_SORTIES, v))
				return g->rc;
		}
		if (p->last_end + 183 <= g->horizon && rng_bern(&g->r, SY.m6_known)) {
			memset(v, 0, sizeof(v));
			vt(&v[0], id);
			vd(&v[1], p->last_end + 183);
			vt(&v[2], "M6");
			vt(&v[3], pick(&g->r, &sy_outcome_m6));
			if (emit_valid(g, SY_SORTIES, v))
				return g->rc;
		}
	}
	return ORCS_OK;
}

static int commitments(gen *g)
{
	static const double moa_hours[4] = { 900000, 300000, 150000, 100000 };
	sval v[SY_MAXCOLS + 1];
	int y, k;
	int moas[4];
	moas[0] = g->moa_sgp;
	moas[1] = g->moa_solideo;
	moas[2] = g->moa_ratp;
	moas[3] = g->moa_sncf;
	for (y = SY_FIRST_YEAR; y <= SY_LAST_YEAR; y++) {
		double gr = SY.growth[y - SY_FIRST_NOTIF];
		for (k = 0; k < 4 + 20 && k < 4 + g->ndonneurs - g->first_ordinary; k++) {
			double hours;
			int d;
			if (k == 1 && y > 2024)
				continue; /* the Olympic works are over */
			if (k < 4) {
				d = moas[k];
				hours = moa_hours[k] * gr;
			} else {
				d = g->first_ordinary + (k - 4);
				hours = 20000 + 3000 * (23 - k);
			}
			hours = floor(hours * g->o.scale / 100) * 100;
			if (hours < 100)
				hours = 100;
			memset(v, 0, sizeof(v));
			vt(&v[0], g->donneurs[d].siret);
			vn(&v[1], y);
			vn(&v[2], hours);
			vn(&v[3], floor(hours / 500));
			vn(&v[4], k < 4 ? 0.15 + 0.05 * (k % 2) : 0.2);
			if (emit_valid(g, SY_ENGAGEMENTS, v))
				return g->rc;
		}
	}
	return ORCS_OK;
}

static const wentry consult_nature[] = { { "SERVICES", 45 }, { "TRAVAUX", 30 },
					 { "FOURNITURES", 20 }, { "PI", 5 } };
static const wlist wl_consult_nature = WL(consult_nature);

static const char *social_value(gen *g, int is_lot)
{
	double p = is_lot ? SY.soc_lot : SY.soc_consult;
	if (rng_bern(&g->r, 0.03))
		return NULL; /* not filled */
	if (!rng_bern(&g->r, p))
		return "NON";
	if (is_lot && rng_bern(&g->r, 0.05))
		return "RESERVE";
	return rng_bern(&g->r, 0.2) ? "CLAUSE|CRITERE" : "CLAUSE";
}

static const char *env_value(gen *g, int is_lot)
{
	double p = is_lot ? SY.env_lot : SY.env_consult;
	if (rng_bern(&g->r, 0.03))
		return NULL;
	if (!rng_bern(&g->r, p))
		return "NON";
	return rng_bern(&g->r, 0.5) ? "CRITERE" : "CLAUSE";
}

static int consultations(gen *g)
{
	sval v[SY_MAXCOLS + 1];
	char cid[32], lot[16];
	int y;
	for (y = SY_FIRST_YEAR; y <= SY_LAST_YEAR; y++) {
		int yi = y - SY_FIRST_NOTIF, i, n;
		n = scaled(SY.consultations_2022 * SY.growth[yi] / SY.growth[2022 - SY_FIRST_NOTIF],
			   g->o.scale, 2);
		for (i = 0; i < n; i++) {
			int allotted = rng_bern(&g->r, SY.consult_allotted);
			int lots = allotted ? 2 + rng_int(&g->r, 0, (int)(2 * (SY.consult_lots_mean - 2))) : 1;
			int l, d = rng_bern(&g->r, 0.1) ? rng_int(&g->r, 0, g->first_ordinary - 5)
							: pick_donneur(g);
			int64_t day = orcs_days_from_civil(y, 1, 1) + rng_int(&g->r, 0, 364);
			const char *nature = pick(&g->r, &wl_consult_nature);
			int nat = !strcmp(nature, "TRAVAUX") ? 0 : !strcmp(nature, "SERVICES") ? 1
								 : !strcmp(nature, "FOURNITURES") ? 2 : 3;
			snprintf(cid, sizeof(cid), "CS-%d-%06d", y, i + 1);
			g->ys[yi].consultations++;
			for (l = 0; l < lots; l++) {
				memset(v, 0, sizeof(v));
				snprintf(lot, sizeof(lot), "%d", allotted ? l + 1 : 0);
				vt(&v[0], cid);
				vt(&v[1], lot);
				vd(&v[2], day);
				vt(&v[3], g->donneurs[d].siret);
				vt(&v[4], nature);
				vt(&v[5], pick(&g->r, &sy_cpv[nat]));
				vt(&v[6], social_value(g, allotted));
				vt(&v[7], env_value(g, allotted));
				if (!rng_bern(&g->r, 0.05))
					vn(&v[8], allotted ? rng_int(&g->r, 0, 6) : rng_int(&g->r, 1, 8));
				if (emit_valid(g, SY_CONSULTATIONS, v))
					return g->rc;
			}
		}
	}
	return ORCS_OK;
}

/* ------------------------------------------------------------------ */
/* manifest */

static int manifest(gen *g)
{
	orcs_buf path = ORCS_BUF_INIT;
	FILE *f;
	yajl_gen j;
	int t, i, y;
	int64_t rows = 0, valid = 0, dups = 0, faulty = 0;
	orcs_buf_addf(&path, "%s/manifest.json", g->o.outdir);
	f = fopen(path.data, "wb");
	if (!f) {
		g->rc = orcs_error_set(g->err, ORCS_EIO, "%s" ORCS_NBSP ": écriture impossible", path.data);
		orcs_buf_release(&path);
		return g->rc;
	}
	/* participants, markets and enterprises with hours per year */
	for (i = 0; i < g->nparts; i++)
		for (y = 0; y < SY_NYEARS; y++) {
			if (g->parts[i].years & (1u << y))
				g->ys[y].participants++;
			if (g->parts[i].gp_years & (1u << y))
				g->ys[y].gp_participants++;
		}
	for (i = 0; i < g->nmarkets; i++)
		for (y = 0; y < SY_NYEARS; y++)
			if (g->market_years[i] & (1u << y))
				g->ys[y].markets_active++;
	for (i = 0; i < g->nents; i++)
		for (y = 0; y < SY_NYEARS; y++)
			if (g->ents[i].years & (1u << y))
				g->ys[y].enterprises_active++;
	j = orcs_json_new(f, 1);
	yajl_gen_map_open(j);
	orcs_json_kstr(j, "generator", "orcs synth");
	orcs_json_kstr(j, "format_version", "ORCS exchange format v1");
	orcs_json_knum(j, "scale", g->o.scale);
	orcs_json_kint(j, "seed", (int64_t)g->o.seed);
	orcs_json_knum(j, "defects", g->o.defects);
	orcs_json_kstr(j, "container", g->o.xlsx ? "xlsx" : "csv");
	orcs_json_str(j, "tables");
	yajl_gen_map_open(j);
	for (t = 0; t < SY_NTABLES; t++) {
		tstat *s = &g->ts[t];
		int64_t q = 0;
		for (i = 0; i < s->nq; i++)
			q += s->q[i].n;
		orcs_json_str(j, out_table_name(t));
		yajl_gen_map_open(j);
		orcs_json_kint(j, "rows", s->rows);
		orcs_json_kint(j, "valid", s->valid);
		orcs_json_kint(j, "duplicates", s->duplicates);
		orcs_json_kint(j, "quarantined", q);
		orcs_json_str(j, "defects");
		yajl_gen_map_open(j);
		for (i = 0; i < s->nq; i++)
			orcs_json_kint(j, s->q[i].code, s->q[i].n);
		yajl_gen_map_close(j);
		yajl_gen_map_close(j);
		rows += s->rows;
		valid += s->valid;
		dups += s->duplicates;
		faulty += s->rows - s->valid;
	}
	yajl_gen_map_close(j);
	orcs_json_str(j, "totals");
	yajl_gen_map_open(j);
	orcs_json_kint(j, "rows", rows);
	orcs_json_kint(j, "valid", valid);
	orcs_json_kint(j, "duplicates", dups);
	orcs_json_kint(j, "quarantined", faulty - dups);
	orcs_json_knum(j, "hours_work", g->hours_work);
	orcs_json_knum(j, "hours_training", g->hours_training);
	orcs_json_kint(j, "participants", g->ts[SY_PARTICIPANTS].valid);
	orcs_json_kint(j, "contracts", g->ts[SY_CONTRATS].valid);
	orcs_json_kint(j, "markets", g->ts[SY_MARCHES].valid);
	orcs_json_kint(j, "enterprises", g->ts[SY_ENTREPRISES].valid);
	orcs_json_kint(j, "donneurs", g->ts[SY_DONNEURS].valid);
	yajl_gen_map_close(j);
	orcs_json_str(j, "years");
	yajl_gen_map_open(j);
	for (y = SY_FIRST_YEAR; y <= SY_LAST_YEAR; y++) {
		ystat *s = &g->ys[y - SY_FIRST_NOTIF];
		char key[16];
		snprintf(key, sizeof(key), "%d", y);
		orcs_json_str(j, key);
		yajl_gen_map_open(j);
		orcs_json_knum(j, "hours_work", s->hours);
		orcs_json_knum(j, "hours_training", s->training);
		orcs_json_knum(j, "grand_projets_hours", s->gp_hours);
		orcs_json_knum(j, "grand_projets_share", s->hours > 0 ? s->gp_hours / s->hours : 0);
		orcs_json_kint(j, "hours_rows", s->hours_rows);
		orcs_json_kint(j, "participants_with_hours", s->participants);
		orcs_json_kint(j, "grand_projets_participants", s->gp_participants);
		orcs_json_kint(j, "contracts_with_hours", s->contracts_active);
		orcs_json_kint(j, "contracts_started", s->contracts_started);
		orcs_json_kint(j, "markets_notified", s->markets_notified);
		orcs_json_kint(j, "markets_with_hours", s->markets_active);
		orcs_json_kint(j, "enterprises_with_hours", s->enterprises_active);
		orcs_json_kint(j, "consultations", s->consultations);
		yajl_gen_map_close(j);
	}
	yajl_gen_map_close(j);
	yajl_gen_map_close(j);
	orcs_json_free(j);
	if (fclose(f) != 0)
		g->rc = orcs_error_set(g->err, ORCS_EIO, "%s" ORCS_NBSP ": écriture impossible", path.data);
	orcs_buf_release(&path);
	return g->rc;
}

/* ------------------------------------------------------------------ */

int orcs_synth_run(const orcs_synth_opts *opts, orcs_synth_report *rep, orcs_error *err)
{
	gen *g;
	int rc, t, i;
	if (!(opts->scale > 0 && opts->scale <= 100))
		return orcs_error_set(err, ORCS_EUSAGE, "--scale doit être un nombre entre 0 et 100");
	if (!(opts->defects >= 0 && opts->defects <= 1))
		return orcs_error_set(err, ORCS_EUSAGE, "--defects doit être un taux entre 0 et 1");
	g = orcs_xcalloc(1, sizeof(*g));
	g->o = *opts;
	g->err = err;
	rng_seed(&g->r, opts->seed);
	rng_seed(&g->rd, opts->seed ^ 0xD1FEC7D1FEC7ULL);
	g->sirets = orcs_strmap_new(1024);
	g->first_day = orcs_days_from_civil(SY_FIRST_YEAR, 1, 1);
	g->horizon = orcs_days_from_civil(SY_LAST_YEAR, 12, 31);
	g->lockdown_from = orcs_days_from_civil(2020, 3, 16);
	g->lockdown_to = orcs_days_from_civil(2020, 5, 10);
	if (load_communes(g) == ORCS_OK && out_open(&g->out, opts->outdir, opts->xlsx, err) == ORCS_OK) {
		if (make_pools(g) == ORCS_OK && make_operations(g) == ORCS_OK && markets(g) == ORCS_OK &&
		    outcomes(g) == ORCS_OK && commitments(g) == ORCS_OK && consultations(g) == ORCS_OK) {
			int crc = out_close(g->out, err);
			g->out = NULL;
			if (crc)
				g->rc = crc;
			else
				manifest(g);
		}
	} else if (!g->rc) {
		g->rc = err->code ? err->code : ORCS_EIO;
	}
	if (g->out)
		out_close(g->out, NULL);
	rc = g->rc;
	if (rep) {
		memset(rep, 0, sizeof(*rep));
		for (t = 0; t < SY_NTABLES; t++) {
			rep->rows += g->ts[t].rows;
			rep->valid += g->ts[t].valid;
		}
		rep->faulty = rep->rows - rep->valid;
		rep->hours_work = g->hours_work;
		rep->participants = g->ts[SY_PARTICIPANTS].valid;
		rep->contracts = g->ts[SY_CONTRATS].valid;
		rep->markets = g->ts[SY_MARCHES].valid;
		rep->enterprises = g->ts[SY_ENTREPRISES].valid;
		rep->hours_2021 = g->ys[2021 - SY_FIRST_NOTIF].hours;
	}
	for (i = 0; i < 8; i++) {
		free(g->dept_communes[i].code);
		free(g->dept_communes[i].cum);
	}
	for (t = 0; t < E_NTYPES; t++) {
		free(g->pools[t].idx);
		free(g->pools[t].cum);
	}
	free(g->ents);
	free(g->donneurs);
	free(g->donneur_cum);
	free(g->ops);
	free(g->parts);
	free(g->recent);
	free(g->market_years);
	orcs_strmap_free(g->sirets);
	free(g);
	return rc;
}
