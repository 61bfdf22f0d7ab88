/*
 * gen.c - generator of a national-scale DECP file for the import benchmark.
 *
 * It reads the real sample files (data/decp/format-2019/ and format-2024/,
 * parsed with YAJL's tree API: they are small) and writes, streaming, one
 * large DECP document by cycling through the real records and mutating them
 * deterministically (splitmix64 seeded by --seed and the record number):
 * unique ids, buyer and titulaire SIRETs drawn from large synthetic pools
 * (Luhn-valid), amounts, dates from 2019 to 2025, places of execution taken
 * from the samples (Ile-de-France and elsewhere), social considerations with
 * the distribution of the 2024 samples, and the real-data defects of the
 * domain reference (section 2.9) at documented rates.  Every defect that is
 * injected is counted, and the counts go to the sidecar FILE.manifest.json.
 *
 * Usage: gen --format 2019|2024 [--records N] [--min-bytes B] [--seed S]
 *            [--xml | --ndjson] [--defect-scale F] [--samples DIR] -o FILE
 *        gen --format 2024 --marches M --concessions C [...] -o FILE
 *
 * Generation stops when both N records and B bytes have been written.  With
 * --marches and --concessions (2024) it writes exactly that many records; the
 * benchmark uses them, and --records with --min-bytes 0 (2019), to write the
 * records of a JSON file again in another container.
 * Record n is generated from its own PRNG state, so a duplicate is produced
 * by generating an earlier record again: it comes out byte for byte
 * identical without keeping anything in memory.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <yajl/yajl_tree.h>

#include "core/date.h"

#define GEN_VERSION 1

/* ------------------------------------------------------------------ */
/* Errors, allocation                                                   */

static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("gen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die("out of memory");
	return q;
}

/* A growable array of pointers. */
typedef struct {
	const void **v;
	size_t n, cap;
} ptrvec;

static void pv_push(ptrvec *a, const void *p)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 64;
		a->v = xrealloc(a->v, a->cap * sizeof *a->v);
	}
	a->v[a->n++] = p;
}

/* ------------------------------------------------------------------ */
/* Deterministic randomness (splitmix64)                                */

typedef struct {
	uint64_t s;
} rng;

static uint64_t mix64(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rnext(rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return mix64(r->s);
}

/* Uniform in [0, 1). */
static double runif(rng *r)
{
	return (double)(rnext(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n). */
static uint32_t rbelow(rng *r, uint32_t n)
{
	return (uint32_t)(((rnext(r) >> 32) * (uint64_t)n) >> 32);
}

/* Skewed pick in [0, n): a few indexes get most draws (pool popularity). */
static uint32_t rskew(rng *r, uint32_t n, double power)
{
	uint32_t k = (uint32_t)((double)n * pow(runif(r), power));
	return k < n ? k : n - 1;
}

static double rnormal(rng *r)
{
	double u1 = runif(r), u2 = runif(r);
	if (u1 < 1e-300)
		u1 = 1e-300;
	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* ------------------------------------------------------------------ */
/* Output: one big buffer, written with fwrite                          */

#define OBUF_SIZE (8u << 20)

static unsigned char *obuf;
static size_t olen;
static uint64_t oflushed;
static FILE *ofp;

static void oflush(void)
{
	if (olen && fwrite(obuf, 1, olen, ofp) != olen)
		die("write error: %s", strerror(errno));
	oflushed += olen;
	olen = 0;
}

static void oput(const void *p, size_t n)
{
	if (n > OBUF_SIZE - olen) {
		oflush();
		if (n > OBUF_SIZE) {
			if (fwrite(p, 1, n, ofp) != n)
				die("write error: %s", strerror(errno));
			oflushed += n;
			return;
		}
	}
	memcpy(obuf + olen, p, n);
	olen += n;
}

static void oc(char c)
{
	if (olen == OBUF_SIZE)
		oflush();
	obuf[olen++] = (unsigned char)c;
}

static void os(const char *s)
{
	oput(s, strlen(s));
}

static uint64_t otell(void)
{
	return oflushed + olen;
}

static void o_json_escaped(const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c != '"' && c != '\\' && c >= 0x20)
			continue;
		oput(s + start, i - start);
		start = i + 1;
		switch (c) {
		case '"': os("\\\""); break;
		case '\\': os("\\\\"); break;
		case '\n': os("\\n"); break;
		case '\r': os("\\r"); break;
		case '\t': os("\\t"); break;
		default: {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			oput(u, 6);
		}
		}
	}
	oput(s + start, n - start);
}

/* XML text: &, <, > escaped; control characters that XML 1.0 forbids dropped. */
static void o_xml_escaped(const char *s, size_t n)
{
	size_t i, start = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep;
		if (c == '&')
			rep = "&amp;";
		else if (c == '<')
			rep = "&lt;";
		else if (c == '>')
			rep = "&gt;";
		else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			rep = "";
		else
			continue;
		oput(s + start, i - start);
		os(rep);
		start = i + 1;
	}
	oput(s + start, n - start);
}

/* ------------------------------------------------------------------ */
/* Writer: the same calls produce JSON or the 2024 XML container.        */
/*
 * XML mapping (the one of the official 2024 XSD): an object under key K is
 * element <K>; a scalar under key K is <K>text</K>; an array under key K whose
 * items are objects is one <K> holding the items' members (so
 * "titulaires":[{"titulaire":{...}}] gives <titulaires><titulaire>...); an
 * array of scalars under K repeats <K> (so
 * "considerationSociale":["a","b"] gives two <considerationSociale>).
 * null values and empty arrays are omitted.
 */

enum { FR_OBJ, FR_ARR };

typedef struct {
	unsigned char kind, first, opened;
	const char *name;
} frame;

static struct {
	int xml;
	int depth;
	frame f[32];
	const char *key;
} W;

static frame *w_top(void)
{
	return W.depth ? &W.f[W.depth - 1] : NULL;
}

static void w_push(unsigned char kind, const char *name)
{
	if (W.depth == (int)(sizeof W.f / sizeof W.f[0]))
		die("nesting too deep");
	W.f[W.depth].kind = kind;
	W.f[W.depth].first = 1;
	W.f[W.depth].opened = 0;
	W.f[W.depth].name = name;
	W.depth++;
}

/* JSON: comma before an array item. */
static void w_item_sep(void)
{
	frame *t = w_top();
	if (t && t->kind == FR_ARR) {
		if (!t->first)
			oc(',');
		t->first = 0;
	}
}

static const char *w_xml_name(void)
{
	frame *t = w_top();
	return (t && t->kind == FR_ARR) ? t->name : W.key;
}

static void x_open(const char *name)
{
	oc('<');
	os(name);
	oc('>');
}

static void x_close(const char *name)
{
	oc('<');
	oc('/');
	os(name);
	oc('>');
}

static void w_key(const char *k)
{
	frame *t;
	if (W.xml) {
		W.key = k;
		return;
	}
	t = w_top();
	if (!t->first)
		oc(',');
	t->first = 0;
	oc('"');
	o_json_escaped(k, strlen(k));
	oc('"');
	oc(':');
}

/* A scalar: `quoted` = JSON string, otherwise written raw (numbers, literals). */
static void w_scalar(const char *s, size_t n, int quoted)
{
	if (W.xml) {
		const char *name = w_xml_name();
		x_open(name);
		o_xml_escaped(s, n);
		x_close(name);
		return;
	}
	w_item_sep();
	if (quoted) {
		oc('"');
		o_json_escaped(s, n);
		oc('"');
	} else {
		oput(s, n);
	}
}

static void w_str(const char *s)
{
	w_scalar(s, strlen(s), 1);
}

static void w_raw(const char *s)
{
	w_scalar(s, strlen(s), 0);
}

static void w_null(void)
{
	if (W.xml)
		return;
	w_item_sep();
	os("null");
}

static void w_obj_begin(void)
{
	if (!W.xml) {
		w_item_sep();
		oc('{');
		w_push(FR_OBJ, NULL);
		return;
	}
	frame *t = w_top();
	if (t && t->kind == FR_ARR) {
		if (!t->opened) {
			x_open(t->name);
			t->opened = 1;
		}
		w_push(FR_OBJ, NULL);
	} else {
		x_open(W.key);
		w_push(FR_OBJ, W.key);
	}
}

static void w_obj_end(void)
{
	frame f = W.f[--W.depth];
	if (!W.xml)
		oc('}');
	else if (f.name)
		x_close(f.name);
}

static void w_arr_begin(void)
{
	if (!W.xml) {
		w_item_sep();
		oc('[');
		w_push(FR_ARR, NULL);
		return;
	}
	w_push(FR_ARR, W.key);
}

static void w_arr_end(void)
{
	frame f = W.f[--W.depth];
	if (!W.xml)
		oc(']');
	else if (f.opened)
		x_close(f.name);
}

/* A value of the sample tree, copied as it is. */
static void w_val(yajl_val v)
{
	size_t i;
	switch (v->type) {
	case yajl_t_string: w_str(v->u.string); break;
	case yajl_t_number: w_raw(v->u.number.r); break;
	case yajl_t_true: w_raw("true"); break;
	case yajl_t_false: w_raw("false"); break;
	case yajl_t_null: w_null(); break;
	case yajl_t_object:
		w_obj_begin();
		for (i = 0; i < v->u.object.len; i++) {
			w_key(v->u.object.keys[i]);
			w_val(v->u.object.values[i]);
		}
		w_obj_end();
		break;
	case yajl_t_array:
		w_arr_begin();
		for (i = 0; i < v->u.array.len; i++)
			w_val(v->u.array.values[i]);
		w_arr_end();
		break;
	default: w_null(); break;
	}
}

/* ------------------------------------------------------------------ */
/* Dates (days since 1970-01-01, proleptic Gregorian)                   */

static int D2019, D2020, D2024, DEND2023, DMAX;

static void fmt_date(char *buf, size_t cap, int day)
{
	int y, m, d;
	orcs_civil_from_days(day, &y, &m, &d);
	snprintf(buf, cap, "%04d-%02d-%02d", y, m, d);
}

static int year_of(int day)
{
	int y, m, d;
	orcs_civil_from_days(day, &y, &m, &d);
	return y;
}

/* ------------------------------------------------------------------ */
/* Text folding for enum matching (samples only, at load time)          */

/* Lower-case ASCII letters and digits; Latin-1 accented letters to their
 * base letter; everything else (spaces, apostrophes, hyphens) dropped. */
static void fold(const char *s, char *out, size_t cap)
{
	static const char lat[65] = "aaaaaaaceeeeiiiidnooooo/ouuuuyts"
				    "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && o + 2 < cap) {
		unsigned char c = *p;
		if (c < 0x80) {
			if (c >= 'A' && c <= 'Z')
				out[o++] = (char)(c + 32);
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				out[o++] = (char)c;
			p++;
		} else if (c == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
			char b = lat[p[1] - 0x80];
			if (b >= 'a' && b <= 'z')
				out[o++] = b;
			p += 2;
		} else if (c == 0xC5 && (p[1] == 0x92 || p[1] == 0x93)) {
			out[o++] = 'o';
			out[o++] = 'e';
			p += 2;
		} else {
			p++;
		}
	}
	out[o] = 0;
}

/* ------------------------------------------------------------------ */
/* Enumerations: canonical labels, accepted variants, dirty variants    */

typedef struct {
	const char *label;
	const char *alias[3]; /* variants recognised in the samples */
	const char *dirty[3]; /* variants injected as enum defects */
} enumval;

static const enumval PROC_M[] = {
	{ "Procédure adaptée", { 0 },
	  { "PROCEDURE ADAPTEE", "procédure adaptée", "Procedure adaptee" } },
	{ "Appel d'offres ouvert", { 0 },
	  { "Appel d offres ouvert", "APPEL D'OFFRES OUVERT", "Appel d’offres ouvert" } },
	{ "Appel d'offres restreint", { 0 },
	  { "Appel d offres restreint", "APPEL D'OFFRES RESTREINT", "Appel d’offres restreint" } },
	{ "Procédure avec négociation",
	  { "Procédure concurrentielle avec négociation",
	    "Procédure négociée avec mise en concurrence préalable" },
	  { "Procédure concurrentielle avec négociation",
	    "Procédure négociée avec mise en concurrence préalable", "PROCEDURE AVEC NEGOCIATION" } },
	{ "Marché passé sans publicité ni mise en concurrence préalable",
	  { "Marché négocié sans publicité ni mise en concurrence préalable",
	    "Marché public négocié sans publicité ni mise en concurrence préalable" },
	  { "Marché négocié sans publicité ni mise en concurrence préalable",
	    "Marché public négocié sans publicité ni mise en concurrence préalable",
	    "MARCHE PASSE SANS PUBLICITE NI MISE EN CONCURRENCE PREALABLE" } },
	{ "Dialogue compétitif", { 0 },
	  { "DIALOGUE COMPETITIF", "dialogue compétitif", "Dialogue competitif" } },
	{ NULL, { 0 }, { 0 } },
};

static const enumval PROC_C[] = {
	{ "Procédure négociée ouverte", { 0 },
	  { "PROCEDURE NEGOCIEE OUVERTE", "procédure négociée ouverte", "Procedure negociee ouverte" } },
	{ "Procédure non négociée ouverte", { 0 },
	  { "PROCEDURE NON NEGOCIEE OUVERTE", "procédure non négociée ouverte",
	    "Procedure non negociee ouverte" } },
	{ "Procédure négociée restreinte", { 0 },
	  { "PROCEDURE NEGOCIEE RESTREINTE", "procédure négociée restreinte",
	    "Procedure negociee restreinte" } },
	{ "Procédure non négociée restreinte", { 0 },
	  { "PROCEDURE NON NEGOCIEE RESTREINTE", "procédure non négociée restreinte",
	    "Procedure non negociee restreinte" } },
	{ NULL, { 0 }, { 0 } },
};

static const enumval NATURE_M19[] = {
	{ "Marché", { 0 }, { "marché", "MARCHE", "Marche" } },
	{ "Marché de partenariat", { 0 }, { "MARCHE DE PARTENARIAT", "marché de partenariat", 0 } },
	{ "Accord-cadre", { 0 }, { "ACCORD-CADRE", "accord cadre", "Accord cadre" } },
	{ "Marché subséquent", { 0 }, { "MARCHE SUBSEQUENT", "marché subséquent", 0 } },
	{ NULL, { 0 }, { 0 } },
};

static const enumval NATURE_M24[] = {
	{ "Marché", { 0 }, { "marché", "MARCHE", "Marche" } },
	{ "Marché de partenariat", { 0 }, { "MARCHE DE PARTENARIAT", "marché de partenariat", 0 } },
	{ "Marché de défense ou de sécurité", { 0 },
	  { "MARCHE DE DEFENSE OU DE SECURITE", "marché de défense ou de sécurité", 0 } },
	{ NULL, { 0 }, { 0 } },
};

static const enumval NATURE_C[] = {
	{ "Concession de travaux", { 0 }, { "CONCESSION DE TRAVAUX", "concession de travaux", 0 } },
	{ "Concession de service", { 0 }, { "CONCESSION DE SERVICE", "concession de service", 0 } },
	{ "Concession de service public", { 0 },
	  { "CONCESSION DE SERVICE PUBLIC", "concession de service public", 0 } },
	{ "Délégation de service public", { 0 },
	  { "DELEGATION DE SERVICE PUBLIC", "délégation de service public",
	    "Delegation de service public" } },
	{ NULL, { 0 }, { 0 } },
};

enum { TC_CP, TC_COM, TC_ARR, TC_CANT, TC_DEP, TC_REG, TC_PAYS };
static const enumval TYPECODE[] = {
	{ "Code postal", { 0 }, { "CODE POSTAL", "Code Postal", "code postal" } },
	{ "Code commune", { 0 }, { "CODE COMMUNE", "Code Commune", "code commune" } },
	{ "Code arrondissement", { 0 }, { "CODE ARRONDISSEMENT", "Code Arrondissement", 0 } },
	{ "Code canton", { 0 }, { "CODE CANTON", "Code Canton", 0 } },
	{ "Code département", { 0 }, { "CODE DEPARTEMENT", "Code Département", "code département" } },
	{ "Code région", { 0 }, { "CODE REGION", "Code Région", "code région" } },
	{ "Code pays", { 0 }, { "CODE PAYS", "Code Pays", 0 } },
	{ NULL, { 0 }, { 0 } },
};

enum { TI_SIRET, TI_TVA, TI_TAHITI, TI_RIDET, TI_FRWF, TI_IREP, TI_HORSUE, TI_UE };
static const enumval TYPEID[] = {
	{ "SIRET", { 0 }, { "Siret", "siret", "" } },
	{ "TVA", { "TVA_INTRACOMMUNAUTAIRE" }, { 0 } },
	{ "TAHITI", { 0 }, { 0 } },
	{ "RIDET", { 0 }, { 0 } },
	{ "FRWF", { "FRW" }, { 0 } },
	{ "IREP", { 0 }, { 0 } },
	{ "HORS-UE", { 0 }, { 0 } },
	{ "UE", { 0 }, { 0 } },
	{ NULL, { 0 }, { 0 } },
};

/* Index of `s` in the table (label or alias, folded), or -1. */
static int enum_match(const enumval *t, const char *s)
{
	char a[256], b[256];
	int i, j;
	if (!s)
		return -1;
	fold(s, a, sizeof a);
	if (!a[0])
		return -1;
	for (i = 0; t[i].label; i++) {
		fold(t[i].label, b, sizeof b);
		if (!strcmp(a, b))
			return i;
		for (j = 0; j < 3 && t[i].alias[j]; j++) {
			fold(t[i].alias[j], b, sizeof b);
			if (!strcmp(a, b))
				return i;
		}
	}
	return -1;
}

static const char *enum_dirty(const enumval *e, rng *r)
{
	int n = 0;
	while (n < 3 && e->dirty[n])
		n++;
	return n ? e->dirty[rbelow(r, (uint32_t)n)] : e->label;
}

/* ------------------------------------------------------------------ */
/* Defects: names, rates (per record), counters                         */

enum defect {
	D_NUMBER_AS_STRING,
	D_DECIMAL_COMMA,
	D_AMOUNT_TINY,
	D_AMOUNT_HUGE,
	D_NAN_LITERAL,
	D_DATE_TIMEZONE,
	D_DATE_UNPADDED,
	D_DATE_IMPOSSIBLE_YEAR,
	D_PUBLICATION_BEFORE_NOTIFICATION,
	D_DATE_NOTIFICATION_MISSING,
	D_SIRET_LUHN_TITULAIRE,
	D_SIRET_AS_NUMBER,
	D_TYPE_ID_ALIAS,
	D_SIRET_LUHN_BUYER,
	D_ENUM_PROCEDURE,
	D_ENUM_NATURE,
	D_ENUM_TYPECODE,
	D_TITULAIRE_WRAP_MIXED,
	D_MODIFICATIONS_OBJECT,
	D_COUNT
};

static const struct {
	const char *name;
	double rate; /* probability per record (see the groups below) */
	int json_only;
} DEF[D_COUNT] = {
	[D_NUMBER_AS_STRING] = { "number_as_string", 0.015, 1 },
	[D_DECIMAL_COMMA] = { "decimal_comma", 0.010, 0 },
	[D_AMOUNT_TINY] = { "amount_le_1_euro", 0.010, 0 },
	[D_AMOUNT_HUGE] = { "amount_1e17", 0.003, 0 },
	[D_NAN_LITERAL] = { "nan_literal", 0.005, 0 },
	[D_DATE_TIMEZONE] = { "date_timezone", 0.015, 0 },
	[D_DATE_UNPADDED] = { "date_unpadded", 0.010, 0 },
	[D_DATE_IMPOSSIBLE_YEAR] = { "date_impossible_year", 0.010, 0 },
	[D_PUBLICATION_BEFORE_NOTIFICATION] = { "publication_before_notification", 0.015, 0 },
	[D_DATE_NOTIFICATION_MISSING] = { "date_notification_missing", 0.005, 0 },
	[D_SIRET_LUHN_TITULAIRE] = { "siret_luhn_titulaire", 0.015, 0 },
	[D_SIRET_AS_NUMBER] = { "siret_as_number", 0.005, 1 },
	[D_TYPE_ID_ALIAS] = { "type_identifiant_alias", 0.005, 0 },
	[D_SIRET_LUHN_BUYER] = { "siret_luhn_buyer", 0.005, 0 },
	[D_ENUM_PROCEDURE] = { "enum_procedure_alias", 0.009, 0 },
	[D_ENUM_NATURE] = { "enum_nature_case", 0.003, 0 },
	[D_ENUM_TYPECODE] = { "enum_typecode_case", 0.003, 0 },
	[D_TITULAIRE_WRAP_MIXED] = { "titulaire_wrap_mixed", 0.010, 1 },
	/* rate among the records that have at least one modification */
	[D_MODIFICATIONS_OBJECT] = { "modifications_object", 0.100, 1 },
};

/* Defects drawn together are mutually exclusive (one draw per group). */
static const int G_AMOUNT[] = { D_NUMBER_AS_STRING, D_DECIMAL_COMMA, D_AMOUNT_TINY, D_AMOUNT_HUGE,
				D_NAN_LITERAL, -1 };
static const int G_DATE[] = { D_DATE_TIMEZONE, D_DATE_UNPADDED, D_DATE_IMPOSSIBLE_YEAR,
			      D_PUBLICATION_BEFORE_NOTIFICATION, D_DATE_NOTIFICATION_MISSING, -1 };
static const int G_TIT[] = { D_SIRET_LUHN_TITULAIRE, D_SIRET_AS_NUMBER, D_TYPE_ID_ALIAS, -1 };
static const int G_ENUM[] = { D_ENUM_PROCEDURE, D_ENUM_NATURE, D_ENUM_TYPECODE, -1 };

/* Records kept out by the importer (quarantine), and true duplicates. */
#define RATE_MISSING_ID 0.0010
#define RATE_MISSING_BUYER 0.0005
#define RATE_DUPLICATE 0.05
#define DUP_WINDOW 200000u
#define CONC_SHARE_2019 0.005 /* concessions mixed in the 2019 array */
#define CONC_RATIO_2024 0.01  /* concessions per marché in the 2024 file */
#define IDF_SHARE 0.20	      /* places of execution drawn in Ile-de-France */
#define SYNTH_MODS_2019 0.10  /* 2019 records given modifications when the sample had none */
#define N_BUYERS 45000u
#define N_ENTERPRISES 400000u

enum { Q_NONE, Q_MISSING_ID, Q_MISSING_BUYER };

/* Social considerations (2024): combinations and their weights, from the
 * 649 marchés of the 2024 samples (domain reference 2.10). */
enum { CS_NONE, CS_CLAUSE, CS_CRITERE, CS_CLAUSE_CRITERE, CS_RESERVE, CS_CRITERE_RESERVE, CS_COUNT };
static const struct {
	const char *name;
	int weight;
} CS[CS_COUNT] = {
	{ "none", 582 }, { "clause", 31 }, { "critere", 17 },
	{ "clause+critere", 11 }, { "reserve", 7 }, { "critere+reserve", 1 },
};

static struct {
	uint64_t all[D_COUNT], uniq[D_COUNT];
	uint64_t records, marches, concessions, duplicates;
	uint64_t fresh, missing_id, missing_buyer;
	uint64_t lieu_idf, lieu_total, cons[CS_COUNT], with_mods;
	uint64_t *tmpl_use; /* per sample file */
} C;

/* ------------------------------------------------------------------ */
/* Samples: templates and pools                                         */

enum { K_MARCHE, K_CONC };

enum act {
	A_COPY, A_ID, A_UID, A_BUYER, A_NATURE, A_PROC, A_LIEU, A_DUREE, A_DNOTIF, A_DPUB,
	A_DDEBUT, A_AMOUNT, A_SUBV, A_TITS, A_MODS, A_CONSSOC, A_XFORM, A_SKIP, A_COUNT
};

typedef struct {
	yajl_val item; /* the bare titulaire object (unwrapped) */
	int type;      /* TYPEID index, -1 unknown */
} tit;

typedef struct {
	yajl_val v;	    /* the record object */
	unsigned char *act; /* action per key of v */
	unsigned have;	    /* bit per action present */
	int fmt, kind, src;
	int proc, nature;
	char duree[16];	    /* dureeMois as digits */
	tit *tits;
	int ntits;
	yajl_val mods; /* modifications array or NULL */
	const char *objet;
} tmpl;

typedef struct {
	const char *code, *nom;
	int type, idf;
} place;

static struct {
	char **files; /* sample file names, for the manifest */
	int nfiles;
	yajl_val *trees;
	ptrvec t19m, t19c, t24m, t24c; /* templates */
	ptrvec idf, other;	       /* places */
	ptrvec buyer_names, ent_names, mod_objets;
} S;

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;
	if (!f)
		die("%s: %s", path, strerror(errno));
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? 2 * cap : 1 << 20;
			buf = xrealloc(buf, cap + 1);
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f))
		die("%s: read error", path);
	fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

static yajl_val obj_get(yajl_val o, const char *k)
{
	size_t i;
	if (!YAJL_IS_OBJECT(o))
		return NULL;
	for (i = 0; i < o->u.object.len; i++)
		if (!strcmp(o->u.object.keys[i], k))
			return o->u.object.values[i];
	return NULL;
}

static const char *obj_str(yajl_val o, const char *k)
{
	return YAJL_GET_STRING(obj_get(o, k));
}

static int is_digits(const char *s, size_t n)
{
	size_t i;
	if (!s || strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Unwraps {"titulaire":{...}} / {"concessionnaire":{...}} / {"modification":{...}}. */
static yajl_val unwrap(yajl_val v)
{
	if (YAJL_IS_OBJECT(v) && v->u.object.len == 1 && YAJL_IS_OBJECT(v->u.object.values[0]) &&
	    (!strcmp(v->u.object.keys[0], "titulaire") ||
	     !strcmp(v->u.object.keys[0], "concessionnaire") ||
	     !strcmp(v->u.object.keys[0], "modification")))
		return v->u.object.values[0];
	return v;
}

static int is_idf_code(const char *code, int type)
{
	static const char *const dep[] = { "75", "77", "78", "91", "92", "93", "94", "95" };
	size_t i;
	if (type == TC_REG)
		return !strcmp(code, "11");
	if (type == TC_PAYS)
		return 0;
	for (i = 0; i < 8; i++)
		if (!strncmp(code, dep[i], 2))
			return 1;
	return 0;
}

static void add_place(yajl_val lieu)
{
	const char *code = obj_str(lieu, "code"), *nom = obj_str(lieu, "nom");
	int type = enum_match(TYPECODE, obj_str(lieu, "typeCode"));
	place *p;
	if (!nom)
		nom = obj_str(lieu, "nom "); /* a real key with a trailing space */
	if (!code || !code[0] || type < 0 || !nom || !nom[0])
		return;
	p = xrealloc(NULL, sizeof *p);
	p->code = code;
	p->nom = nom;
	p->type = type;
	p->idf = is_idf_code(code, type);
	pv_push(p->idf ? &S.idf : &S.other, p);
}

static int key_action(const char *k, int fmt, int kind)
{
	static const struct {
		const char *k;
		int act;
	} map[] = {
		{ "id", A_ID }, { "uid", A_UID }, { "acheteur", A_BUYER },
		{ "autoriteConcedante", A_BUYER }, { "nature", A_NATURE }, { "procedure", A_PROC },
		{ "lieuExecution", A_LIEU }, { "dureeMois", A_DUREE },
		{ "dateNotification", A_DNOTIF }, { "dateSignature", A_DNOTIF },
		{ "datePublicationDonnees", A_DPUB }, { "dateDebutExecution", A_DDEBUT },
		{ "montant", A_AMOUNT }, { "valeurGlobale", A_AMOUNT },
		{ "montantSubventionPublique", A_SUBV }, { "titulaires", A_TITS },
		{ "concessionnaires", A_TITS }, { "modifications", A_MODS },
		{ "considerationsSociales", A_CONSSOC }, { "actesSousTraitance", A_XFORM },
		{ "modificationsActesSousTraitance", A_XFORM },
	};
	size_t i;
	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(k, map[i].k)) {
			if (map[i].act == A_DDEBUT && kind != K_CONC)
				return A_COPY;
			if (map[i].act == A_SUBV && kind != K_CONC)
				return A_COPY;
			if (map[i].act == A_CONSSOC && fmt != 2024)
				return A_COPY;
			return map[i].act;
		}
	return A_COPY;
}

static void add_template(yajl_val r, int fmt, int kind, int src)
{
	tmpl *t;
	yajl_val tl, proc;
	const char *objet = obj_str(r, "objet"), *nat;
	size_t i;
	int n;

	if (!YAJL_IS_OBJECT(r))
		return;
	/* collect pools from every record, usable as a template or not */
	if (fmt == 2019) {
		yajl_val b = obj_get(r, kind == K_MARCHE ? "acheteur" : "autoriteConcedante");
		const char *bn = obj_str(b, "nom");
		yajl_val m = obj_get(r, "modifications");
		if (bn && bn[0])
			pv_push(&S.buyer_names, bn);
		add_place(obj_get(r, "lieuExecution"));
		for (i = 0; YAJL_IS_ARRAY(m) && i < m->u.array.len; i++) {
			const char *o = obj_str(m->u.array.values[i], "objetModification");
			if (o && o[0])
				pv_push(&S.mod_objets, o);
		}
	}
	tl = obj_get(r, kind == K_MARCHE ? "titulaires" : "concessionnaires");
	if (YAJL_IS_ARRAY(tl)) {
		for (i = 0; i < tl->u.array.len; i++) {
			yajl_val it = unwrap(tl->u.array.values[i]);
			const char *nm = obj_str(it, "denominationSociale");
			if (nm && nm[0] && enum_match(TYPEID, obj_str(it, "typeIdentifiant")) == TI_SIRET)
				pv_push(&S.ent_names, nm);
		}
	}
	/* a template needs an objet and at least one titulaire object */
	if (!objet || !objet[0] || !YAJL_IS_ARRAY(tl) || tl->u.array.len == 0)
		return;
	for (n = 0, i = 0; i < tl->u.array.len; i++)
		if (YAJL_IS_OBJECT(unwrap(tl->u.array.values[i])))
			n++;
	if (n == 0)
		return;

	t = xrealloc(NULL, sizeof *t);
	memset(t, 0, sizeof *t);
	t->v = r;
	t->fmt = fmt;
	t->kind = kind;
	t->src = src;
	t->objet = objet;
	t->act = xrealloc(NULL, r->u.object.len);
	for (i = 0; i < r->u.object.len; i++) {
		int a = key_action(r->u.object.keys[i], fmt, kind);
		if (a != A_COPY && (t->have & (1u << a)))
			a = A_SKIP; /* a key given twice */
		t->act[i] = (unsigned char)a;
		t->have |= 1u << a;
	}
	proc = obj_get(r, "procedure");
	t->proc = enum_match(kind == K_MARCHE ? PROC_M : PROC_C, YAJL_GET_STRING(proc));
	if (t->proc < 0)
		t->proc = 0;
	nat = obj_str(r, "nature");
	t->nature = enum_match(kind == K_CONC ? NATURE_C : fmt == 2019 ? NATURE_M19 : NATURE_M24, nat);
	if (t->nature < 0)
		t->nature = kind == K_CONC ? 3 : 0;
	{
		yajl_val d = obj_get(r, "dureeMois");
		const char *s = YAJL_IS_NUMBER(d) ? d->u.number.r : YAJL_GET_STRING(d);
		long v = s ? strtol(s, NULL, 10) : 0;
		if (v < 1 || v > 600)
			v = 12;
		snprintf(t->duree, sizeof t->duree, "%ld", v);
	}
	t->tits = xrealloc(NULL, (size_t)n * sizeof *t->tits);
	for (i = 0; i < tl->u.array.len; i++) {
		yajl_val it = unwrap(tl->u.array.values[i]);
		const char *ty, *id;
		int k;
		if (!YAJL_IS_OBJECT(it))
			continue;
		ty = obj_str(it, "typeIdentifiant");
		id = obj_str(it, "id");
		k = enum_match(TYPEID, ty);
		if (k < 0 && (!ty || !ty[0]) && is_digits(id, 14))
			k = TI_SIRET;
		t->tits[t->ntits].item = it;
		t->tits[t->ntits].type = k;
		t->ntits++;
	}
	t->mods = obj_get(r, "modifications");
	if (!YAJL_IS_ARRAY(t->mods) || t->mods->u.array.len == 0)
		t->mods = NULL;

	if (fmt == 2019)
		pv_push(kind == K_MARCHE ? &S.t19m : &S.t19c, t);
	else
		pv_push(kind == K_MARCHE ? &S.t24m : &S.t24c, t);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_dir(const char *root, int fmt)
{
	char dir[4096], path[8192];
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t nn = 0, i;

	snprintf(dir, sizeof dir, "%s/format-%d", root, fmt);
	d = opendir(dir);
	if (!d)
		die("%s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l > 5 && !strcmp(e->d_name + l - 5, ".json")) {
			names = xrealloc(names, (nn + 1) * sizeof *names);
			names[nn++] = strdup(e->d_name);
		}
	}
	closedir(d);
	qsort(names, nn, sizeof *names, cmp_str); /* deterministic order */

	for (i = 0; i < nn; i++) {
		char err[1024];
		size_t len, j;
		char *buf;
		yajl_val tree, m;
		int src = S.nfiles;

		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		buf = read_file(path, &len);
		err[0] = 0;
		tree = yajl_tree_parse(buf, err, sizeof err);
		free(buf);
		if (!tree)
			die("%s: %s", path, err);
		S.files = xrealloc(S.files, (size_t)(S.nfiles + 1) * sizeof *S.files);
		S.trees = xrealloc(S.trees, (size_t)(S.nfiles + 1) * sizeof *S.trees);
		snprintf(path, sizeof path, "format-%d/%s", fmt, names[i]);
		S.files[src] = strdup(path);
		S.trees[src] = tree;
		S.nfiles++;

		m = obj_get(tree, "marches");
		if (YAJL_IS_ARRAY(m)) {
			for (j = 0; j < m->u.array.len; j++) {
				yajl_val r = m->u.array.values[j];
				int kind = obj_get(r, "autoriteConcedante") ? K_CONC : K_MARCHE;
				add_template(r, 2019, kind, src);
			}
		} else if (YAJL_IS_OBJECT(m)) {
			yajl_val a = obj_get(m, "marche"), c = obj_get(m, "contrat-concession");
			for (j = 0; YAJL_IS_ARRAY(a) && j < a->u.array.len; j++)
				add_template(a->u.array.values[j], 2024, K_MARCHE, src);
			for (j = 0; YAJL_IS_ARRAY(c) && j < c->u.array.len; j++)
				add_template(c->u.array.values[j], 2024, K_CONC, src);
		} else {
			die("%s: no \"marches\" container", path);
		}
		free(names[i]);
	}
	free(names);
}

/* ------------------------------------------------------------------ */
/* Identifiers                                                          */

static int luhn_check_digit(const char *s, int n)
{
	/* digit to append to the n digits at s so that the n+1 pass Luhn */
	int i, sum = 0;
	for (i = n - 1; i >= 0; i--) {
		int d = s[i] - '0';
		if (((n - 1 - i) & 1) == 0) { /* doubled: rightmost of the n */
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return (10 - sum % 10) % 10;
}

/* SIRET number k of a pool (buyers or enterprises): 14 digits, the SIREN
 * and the whole SIRET both pass the Luhn check. */
static void make_siret(char out[15], uint32_t k, int buyer)
{
	/* SIREN prefixes of public buyers: communes (21), EPCI (20, 24, 25),
	 * départements (22), régions (23), public establishments (26, 27),
	 * State (11, 13, 17, 18, 19), companies (3x to 9x, e.g. SEM, bailleurs). */
	static const char *const bp[20] = { "21", "21", "21", "21", "21", "21", "21", "21", "20", "20",
					    "20", "24", "25", "22", "23", "26", "26", "27", "11", "18" };
	uint64_t h = mix64(((uint64_t)k << 1 | (uint64_t)buyer) ^ 0x5eed51e7ULL);
	int i, nic;
	if (buyer) {
		const char *p = (h % 100 < 88) ? bp[(h >> 8) % 20] : NULL;
		if (p) {
			out[0] = p[0];
			out[1] = p[1];
		} else {
			out[0] = (char)('3' + (h >> 8) % 7);
			out[1] = (char)('0' + (h >> 12) % 10);
		}
		h = mix64(h);
		for (i = 2; i < 8; i++, h /= 10)
			out[i] = (char)('0' + h % 10);
		nic = 1 + (int)(mix64(h) % 60);
	} else {
		out[0] = (char)('3' + h % 7);
		h = mix64(h);
		for (i = 1; i < 8; i++, h /= 10)
			out[i] = (char)('0' + h % 10);
		nic = 1 + (int)(mix64(h) % 400);
	}
	out[8] = (char)('0' + luhn_check_digit(out, 8));
	if (!memcmp(out, "356000000", 9)) /* La Poste's SIREN has its own rule */
		out[7] = '7', out[8] = (char)('0' + luhn_check_digit(out, 8));
	snprintf(out + 9, 5, "%04d", nic);
	out[13] = (char)('0' + luhn_check_digit(out, 13));
	out[14] = 0;
}

static void break_luhn(char s[15])
{
	s[13] = (char)('0' + (s[13] - '0' + 1) % 10);
}

static void base36(char *out, uint64_t v, int width)
{
	static const char dig[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	int i;
	for (i = width - 1; i >= 0; i--, v /= 36)
		out[i] = dig[v % 36];
	out[width] = 0;
}

/* ------------------------------------------------------------------ */
/* Configuration                                                        */

static struct {
	int fmt, xml, ndjson;
	uint64_t records, min_bytes, seed;
	uint64_t marches, concessions; /* exact counts (2024), when marches > 0 */
	double dscale;
	const char *out, *samples;
} cfg = { 0, 0, 0, 1000, 0, 1, 0, 0, 1.0, NULL, "data/decp" };

static double rate(int d)
{
	if (DEF[d].json_only && cfg.xml)
		return 0;
	return DEF[d].rate * cfg.dscale;
}

static int draw_group(rng *r, const int *g)
{
	double u = runif(r), acc = 0;
	int i;
	for (i = 0; g[i] >= 0; i++) {
		acc += rate(g[i]);
		if (u < acc)
			return g[i];
	}
	return -1;
}

/* ------------------------------------------------------------------ */
/* Records                                                              */

typedef struct {
	rng r;
	const tmpl *t;
	int kind, dup, quar;
	uint64_t n;
	char id[40], buyer[15];
	uint32_t buyer_k;
	const place *pl;
	int notif, pub, debut;
	uint64_t cents; /* amount in cents */
	int amount_dec; /* written with decimals */
	int d_amount, d_date, d_tit, d_buyer, d_enum, d_wrap, d_modobj;
	int cons;
	int synth_mods;
} rec;

static void hit(const rec *R, int d)
{
	C.all[d]++;
	if (!R->dup)
		C.uniq[d]++;
}

static int kind_2019(uint64_t n)
{
	return (double)(mix64(cfg.seed ^ mix64(n ^ 0xc0ce55105ULL)) >> 11) * 0x1.0p-53 <
			       CONC_SHARE_2019
		       ? K_CONC
		       : K_MARCHE;
}

static const ptrvec *pool_for(int kind)
{
	if (cfg.fmt == 2019)
		return kind == K_MARCHE ? &S.t19m : &S.t19c;
	return kind == K_MARCHE ? &S.t24m : &S.t24c;
}

static size_t stride_for(size_t len)
{
	static const size_t primes[] = { 7919, 7907, 7901, 7883, 7877 };
	size_t i;
	for (i = 0; i < 5; i++)
		if (len % primes[i])
			return primes[i] % len ? primes[i] : 1;
	return 1;
}

/* Everything decided before writing: a pure function of (kind, n). */
static void plan(rec *R, int kind, uint64_t n)
{
	const ptrvec *pool = pool_for(kind);
	double u;
	memset(R, 0, sizeof *R);
	R->kind = kind;
	R->n = n;
	R->r.s = mix64(cfg.seed * 0x100000001b3ULL ^ mix64(n ^ ((uint64_t)kind << 60) ^
							   ((uint64_t)cfg.fmt << 40)));
	/* cycle through the samples in a scattered but exhaustive order */
	R->t = pool->v[(size_t)((n * stride_for(pool->n) + 17) % pool->n)];

	u = runif(&R->r);
	R->quar = u < RATE_MISSING_ID * cfg.dscale				  ? Q_MISSING_ID
		  : u < (RATE_MISSING_ID + RATE_MISSING_BUYER) * cfg.dscale ? Q_MISSING_BUYER
									  : Q_NONE;
	R->buyer_k = rskew(&R->r, N_BUYERS, 2.0);
	make_siret(R->buyer, R->buyer_k, 1);
	if (runif(&R->r) < IDF_SHARE && S.idf.n)
		R->pl = S.idf.v[rbelow(&R->r, (uint32_t)S.idf.n)];
	else
		R->pl = S.other.v[rbelow(&R->r, (uint32_t)S.other.n)];

	/* dates: 2019 format = publications of 2019 to 2023; 2024 format =
	 * 70 % notified in 2024-2025, 30 % older contracts republished */
	if (cfg.fmt == 2019)
		R->notif = D2019 + (int)rbelow(&R->r, (uint32_t)(DEND2023 - D2019 + 1));
	else if (runif(&R->r) < 0.7)
		R->notif = D2024 + (int)rbelow(&R->r, (uint32_t)(DMAX - D2024 + 1));
	else
		R->notif = D2020 + (int)rbelow(&R->r, (uint32_t)(D2024 - D2020));
	R->pub = R->notif + (runif(&R->r) < 0.85 ? (int)rbelow(&R->r, 45)
						  : 45 + (int)rbelow(&R->r, 320));
	if (cfg.fmt == 2024 && R->pub < D2024)
		R->pub = D2024 + (int)rbelow(&R->r, (uint32_t)(DMAX - D2024 + 1));
	if (R->pub > DMAX)
		R->pub = DMAX;
	R->debut = R->notif + (int)rbelow(&R->r, 90);
	if (R->debut > DMAX)
		R->debut = DMAX;

	/* amount: log-normal around 80 k EUR (concessions 1.5 M EUR) */
	{
		double mu = log(kind == K_CONC ? 1.5e6 : 8.0e4), sg = kind == K_CONC ? 1.5 : 1.4;
		double a = exp(mu + sg * rnormal(&R->r));
		if (a < 2000)
			a = 2000 + runif(&R->r) * 1000;
		if (a > 4e8)
			a = 4e8;
		R->amount_dec = runif(&R->r) < 0.25;
		R->cents = R->amount_dec ? (uint64_t)(a * 100) : (uint64_t)a * 100;
	}

	/* id: notification year + kind + record number (+ "00" = initial) */
	if (cfg.fmt == 2019) {
		char b[16];
		base36(b, n, 9);
		snprintf(R->id, sizeof R->id, "%04d%c%s00", year_of(R->notif),
			 kind == K_MARCHE ? 'M' : 'C', b);
	} else {
		char b[16];
		base36(b, n, 6);
		snprintf(R->id, sizeof R->id, "%04d-%c%s-00", year_of(R->notif),
			 kind == K_MARCHE ? 'M' : 'C', b);
	}

	{
		int w = 0, tot = 0, i;
		uint32_t x;
		for (i = 0; i < CS_COUNT; i++)
			tot += CS[i].weight;
		x = rbelow(&R->r, (uint32_t)tot);
		for (i = 0; i < CS_COUNT; i++) {
			w += CS[i].weight;
			if (x < (uint32_t)w)
				break;
		}
		R->cons = i;
	}
	R->synth_mods = (cfg.fmt == 2019 && !R->t->mods && runif(&R->r) < SYNTH_MODS_2019)
				? 1 + (int)rbelow(&R->r, 2)
				: 0;

	/* defects (none on records bound to quarantine) */
	R->d_amount = draw_group(&R->r, G_AMOUNT);
	R->d_date = draw_group(&R->r, G_DATE);
	R->d_tit = draw_group(&R->r, G_TIT);
	R->d_buyer = runif(&R->r) < rate(D_SIRET_LUHN_BUYER) ? D_SIRET_LUHN_BUYER : -1;
	R->d_enum = draw_group(&R->r, G_ENUM);
	R->d_wrap = runif(&R->r) < rate(D_TITULAIRE_WRAP_MIXED);
	R->d_modobj = runif(&R->r) < rate(D_MODIFICATIONS_OBJECT);
	if (R->d_enum == D_ENUM_TYPECODE && !(cfg.fmt == 2019 || kind == K_MARCHE))
		R->d_enum = D_ENUM_PROCEDURE; /* 2024 concessions have no place */
	if (R->quar != Q_NONE) {
		R->d_amount = R->d_date = R->d_tit = R->d_buyer = R->d_enum = -1;
		R->d_wrap = R->d_modobj = 0;
	}
	if (R->d_date == D_PUBLICATION_BEFORE_NOTIFICATION)
		R->pub = R->notif - 1 - (int)rbelow(&R->r, 60);
}

static const char *pick(const ptrvec *p, uint64_t h, const char *dflt)
{
	return p->n ? (const char *)p->v[h % p->n] : dflt;
}

static void w_date(int day)
{
	char b[32];
	fmt_date(b, sizeof b, day);
	w_str(b);
}

static void w_amount_cents(uint64_t cents, int dec, char sep)
{
	char b[48];
	if (dec)
		snprintf(b, sizeof b, "%llu%c%02llu", (unsigned long long)(cents / 100), sep,
			 (unsigned long long)(cents % 100));
	else
		snprintf(b, sizeof b, "%llu", (unsigned long long)(cents / 100));
	w_scalar(b, strlen(b), sep != '.');
}

static void emit_amount(rec *R)
{
	static const char *const tiny[] = { "0", "1", "0.5", "1.0", "0.01" };
	char b[48];
	switch (R->d_amount) {
	case D_NUMBER_AS_STRING:
		snprintf(b, sizeof b, "%llu.%02llu", (unsigned long long)(R->cents / 100),
			 (unsigned long long)(R->cents % 100));
		w_str(b);
		break;
	case D_DECIMAL_COMMA:
		w_amount_cents(R->cents, 1, ',');
		break;
	case D_AMOUNT_TINY:
		w_raw(tiny[rbelow(&R->r, 5)]);
		break;
	case D_AMOUNT_HUGE:
		w_raw(rbelow(&R->r, 2) ? "1.0E17" : "1e17");
		break;
	case D_NAN_LITERAL:
		w_raw("NaN");
		break;
	default:
		w_amount_cents(R->cents, R->amount_dec, '.');
		return;
	}
	hit(R, R->d_amount);
}

/* The notification (or signature) date, with its defect if any. */
static void emit_notif(rec *R)
{
	static const char *const bad_years[] = { "0002", "0222", "5021", "2921", "0201", "2202" };
	static const char *const zones[] = { "+01:00", "+02:00", "-04:00", "+02:00" };
	char b[48];
	int y, m, d;
	orcs_civil_from_days(R->notif, &y, &m, &d);
	switch (R->d_date) {
	case D_DATE_TIMEZONE:
		snprintf(b, sizeof b, "%04d-%02d-%02d%s", y, m, d, zones[rbelow(&R->r, 4)]);
		break;
	case D_DATE_UNPADDED:
		if (m >= 10 && d >= 10)
			d = d % 9 + 1;
		snprintf(b, sizeof b, "%d-%d-%d", y, m, d);
		break;
	case D_DATE_IMPOSSIBLE_YEAR:
		snprintf(b, sizeof b, "%s-%02d-%02d", bad_years[rbelow(&R->r, 6)], m, d);
		break;
	default:
		w_date(R->notif);
		return;
	}
	w_str(b);
	hit(R, R->d_date);
}

static const enumval *nature_table(const rec *R)
{
	if (R->kind == K_CONC)
		return NATURE_C;
	return cfg.fmt == 2019 ? NATURE_M19 : NATURE_M24;
}

static void emit_enum(rec *R, const enumval *e, int defect)
{
	if (R->d_enum == defect) {
		w_str(enum_dirty(e, &R->r));
		hit(R, defect);
	} else {
		w_str(e->label);
	}
}

static void emit_buyer(rec *R)
{
	const char *nom = pick(&S.buyer_names, mix64(R->buyer_k), "Commune");
	if (R->quar == Q_MISSING_BUYER) {
		/* 2019: the object without its id; 2024: no acheteur at all */
		w_obj_begin();
		w_key("nom");
		w_str(nom);
		w_obj_end();
		return;
	}
	w_obj_begin();
	w_key("id");
	if (R->d_buyer == D_SIRET_LUHN_BUYER) {
		char s[15];
		memcpy(s, R->buyer, 15);
		break_luhn(s);
		w_str(s);
		hit(R, D_SIRET_LUHN_BUYER);
	} else {
		w_str(R->buyer);
	}
	if (cfg.fmt == 2019) {
		w_key("nom");
		w_str(nom);
	}
	w_obj_end();
}

static void emit_lieu(rec *R)
{
	const place *p = R->pl;
	w_obj_begin();
	w_key("code");
	w_str(p->code);
	w_key("typeCode");
	emit_enum(R, &TYPECODE[p->type], D_ENUM_TYPECODE);
	if (cfg.fmt == 2019) {
		w_key("nom");
		w_str(p->nom);
	}
	w_obj_end();
	if (R->quar == Q_NONE) {
		C.lieu_total += !R->dup;
		C.lieu_idf += !R->dup && p->idf;
	}
}

/*
 * The titulaires (or concessionnaires) of the template, with SIRETs drawn
 * from the enterprise pool; other identifiers (TVA, TAHITI...) are kept.
 * `wrapped`: 2024 style {"titulaire":{...}}; `wrapkey` the wrapper name.
 */
static void emit_tits(rec *R, const tmpl *t, int with_names, const char *wrapkey, int count_defects)
{
	int wrapped = cfg.fmt == 2024, i, nsiret = 0, target = -1, flip = -1;
	for (i = 0; i < t->ntits; i++)
		nsiret += t->tits[i].type == TI_SIRET;
	if (count_defects && R->d_tit >= 0 && nsiret)
		target = (int)rbelow(&R->r, (uint32_t)nsiret);
	if (count_defects && R->d_wrap)
		flip = (int)rbelow(&R->r, (uint32_t)t->ntits);

	w_arr_begin();
	for (i = 0, nsiret = 0; i < t->ntits; i++) {
		const tit *ti = &t->tits[i];
		int w = wrapped ^ (i == flip);
		char siret[15];
		if (w) {
			w_obj_begin();
			w_key(wrapkey);
		}
		w_obj_begin();
		if (ti->type == TI_SIRET) {
			uint32_t k = rskew(&R->r, N_ENTERPRISES, 2.5);
			int defect = nsiret++ == target ? R->d_tit : -1;
			make_siret(siret, k, 0);
			w_key("typeIdentifiant");
			if (defect == D_TYPE_ID_ALIAS)
				w_str(TYPEID[TI_SIRET].dirty[rbelow(&R->r, 3)]);
			else
				w_str("SIRET");
			w_key("id");
			if (defect == D_SIRET_LUHN_TITULAIRE)
				break_luhn(siret);
			if (defect == D_SIRET_AS_NUMBER)
				w_raw(siret);
			else
				w_str(siret);
			if (defect >= 0)
				hit(R, defect);
			if (with_names) {
				w_key("denominationSociale");
				w_str(pick(&S.ent_names, mix64(k ^ 0xe17ULL), "ENTREPRISE"));
			}
		} else {
			yajl_val ty = obj_get(ti->item, "typeIdentifiant"), id = obj_get(ti->item, "id");
			const char *nm = obj_str(ti->item, "denominationSociale");
			w_key("typeIdentifiant");
			if (ti->type >= 0)
				w_str(TYPEID[ti->type].label);
			else if (ty)
				w_val(ty);
			else
				w_str("");
			w_key("id");
			if (id)
				w_val(id);
			else
				w_str("");
			if (with_names) {
				w_key("denominationSociale");
				w_str(nm ? nm : "");
			}
		}
		w_obj_end();
		if (w)
			w_obj_end();
	}
	w_arr_end();
	if (flip >= 0)
		hit(R, D_TITULAIRE_WRAP_MIXED);
}

/* Nested content (sub-contracting acts): dates moved after the notification,
 * SIRETs replaced by pool SIRETs, the rest copied. */
static void emit_xform(rec *R, yajl_val v, const char *key)
{
	size_t i;
	if (YAJL_IS_STRING(v) && key && !strncmp(key, "date", 4)) {
		int d = R->notif + (int)rbelow(&R->r, 120);
		w_date(d > DMAX ? DMAX : d);
	} else if (YAJL_IS_OBJECT(v)) {
		int siret = enum_match(TYPEID, obj_str(v, "typeIdentifiant")) == TI_SIRET;
		w_obj_begin();
		for (i = 0; i < v->u.object.len; i++) {
			const char *k = v->u.object.keys[i];
			w_key(k);
			if (siret && !strcmp(k, "id") && YAJL_IS_STRING(v->u.object.values[i])) {
				char s[15];
				make_siret(s, rskew(&R->r, N_ENTERPRISES, 2.5), 0);
				w_str(s);
			} else {
				emit_xform(R, v->u.object.values[i], k);
			}
		}
		w_obj_end();
	} else if (YAJL_IS_ARRAY(v)) {
		w_arr_begin();
		for (i = 0; i < v->u.array.len; i++)
			emit_xform(R, v->u.array.values[i], key);
		w_arr_end();
	} else {
		w_val(v);
	}
}

/* One modification item (bare object).  `src` is the sample item (bare) or
 * NULL for a synthetic one; *day and *cents carry the running state. */
static void emit_mod_item(rec *R, yajl_val src, int idx, int *day, uint64_t *cents)
{
	const char *kdate = R->kind == K_CONC ? "dateSignatureModification" : "dateNotificationModification";
	const char *kamt = R->kind == K_CONC ? "valeurGlobale" : "montant";
	int pub, have_date = 0, have_pub = 0, have_id = 0;
	size_t i;

	*day += 20 + (int)rbelow(&R->r, 300);
	if (*day > DMAX)
		*day = DMAX;
	pub = *day + (int)rbelow(&R->r, 20);
	if (pub > DMAX)
		pub = DMAX;

	w_obj_begin();
	if (!src) {
		w_key("objetModification");
		w_str(pick(&S.mod_objets, rnext(&R->r), "Avenant"));
		w_key(kdate);
		w_date(*day);
		w_key("datePublicationDonneesModification");
		w_date(pub);
		*cents += *cents / 100 * (1 + rbelow(&R->r, 20));
		w_key(kamt);
		w_amount_cents(*cents, 0, '.');
		w_obj_end();
		return;
	}
	for (i = 0; i < src->u.object.len; i++) {
		const char *k = src->u.object.keys[i];
		yajl_val v = src->u.object.values[i];
		if (!strcmp(k, "id")) {
			char b[16];
			snprintf(b, sizeof b, "%d", idx + 1);
			w_key(k);
			w_raw(b);
			have_id = 1;
		} else if (!strncmp(k, "datePublication", 15)) {
			w_key(k);
			w_date(pub);
			have_pub = 1;
		} else if (!strncmp(k, "date", 4)) {
			w_key(k);
			w_date(*day);
			have_date = 1;
		} else if (!strcmp(k, "montant") || !strcmp(k, "valeurGlobale")) {
			w_key(k);
			if (YAJL_IS_NULL(v)) {
				w_null();
			} else {
				*cents += *cents / 100 * (1 + rbelow(&R->r, 20)); /* the new total */
				w_amount_cents(*cents, 0, '.');
			}
		} else if (!strcmp(k, "titulaires") && YAJL_IS_ARRAY(v)) {
			size_t j;
			w_key(k);
			w_arr_begin();
			for (j = 0; j < v->u.array.len; j++) {
				char s[15];
				if (cfg.fmt == 2024) {
					w_obj_begin();
					w_key("titulaire");
				}
				w_obj_begin();
				make_siret(s, rskew(&R->r, N_ENTERPRISES, 2.5), 0);
				w_key("typeIdentifiant");
				w_str("SIRET");
				w_key("id");
				w_str(s);
				if (cfg.fmt == 2019) {
					w_key("denominationSociale");
					w_str(pick(&S.ent_names, rnext(&R->r), "ENTREPRISE"));
				}
				w_obj_end();
				if (cfg.fmt == 2024)
					w_obj_end();
			}
			w_arr_end();
		} else if (!strcmp(k, "dureeMois") && YAJL_IS_STRING(v)) {
			w_key(k);
			if (is_digits(v->u.string, strlen(v->u.string)) && v->u.string[0])
				w_raw(v->u.string);
			else
				w_null();
		} else {
			w_key(k);
			w_val(v);
		}
	}
	if (cfg.fmt == 2024 && !have_id) {
		char b[16];
		snprintf(b, sizeof b, "%d", idx + 1);
		w_key("id");
		w_raw(b);
	}
	if (!have_date) {
		w_key(kdate);
		w_date(*day);
	}
	if (!have_pub) {
		w_key("datePublicationDonneesModification");
		w_date(pub);
	}
	w_obj_end();
}

static void emit_mods(rec *R)
{
	const tmpl *t = R->t;
	int n = t->mods ? (int)t->mods->u.array.len : R->synth_mods, i;
	int day = R->notif, asobj = R->d_modobj && n > 0;
	uint64_t cents = R->cents;

	if (asobj) {
		w_obj_begin();
		w_key("modification");
		if (n > 1)
			w_arr_begin();
	} else {
		w_arr_begin();
	}
	for (i = 0; i < n; i++) {
		yajl_val src = t->mods ? unwrap(t->mods->u.array.values[i]) : NULL;
		int wrap = cfg.fmt == 2024 && !asobj;
		if (src && !YAJL_IS_OBJECT(src)) {
			w_val(src);
			continue;
		}
		if (wrap) {
			w_obj_begin();
			w_key("modification");
		}
		emit_mod_item(R, src, i, &day, &cents);
		if (wrap)
			w_obj_end();
	}
	if (asobj) {
		if (n > 1)
			w_arr_end();
		w_obj_end();
		hit(R, D_MODIFICATIONS_OBJECT);
	} else {
		w_arr_end();
	}
	if (n > 0 && R->quar == Q_NONE && !R->dup)
		C.with_mods++;
}

static void emit_conssoc(rec *R)
{
	const char *a = NULL, *b = NULL;
	const char *reserve = R->kind == K_CONC ? "Concession réservée" : "Marché réservé";
	switch (R->cons) {
	case CS_NONE: a = "Pas de considération sociale"; break;
	case CS_CLAUSE: a = "Clause sociale"; break;
	case CS_CRITERE: a = "Critère social"; break;
	case CS_CLAUSE_CRITERE: a = "Clause sociale"; b = "Critère social"; break;
	case CS_RESERVE: a = reserve; break;
	default: a = "Critère social"; b = reserve; break;
	}
	w_obj_begin();
	w_key("considerationSociale");
	w_arr_begin();
	w_str(a);
	if (b)
		w_str(b);
	w_arr_end();
	w_obj_end();
	if (R->quar == Q_NONE && !R->dup)
		C.cons[R->cons]++;
}

static void emit_duree(rec *R)
{
	if (R->d_amount == D_NUMBER_AS_STRING)
		w_str(R->t->duree); /* counted with the amount */
	else
		w_raw(R->t->duree);
}

/* One top-level action: key and value. */
static void emit_action(rec *R, int act, const char *key, yajl_val v)
{
	const int conc = R->kind == K_CONC;
	switch (act) {
	case A_ID:
		if (R->quar == Q_MISSING_ID)
			return;
		w_key("id");
		w_str(R->id);
		return;
	case A_UID: {
		char b[64];
		if (R->quar != Q_NONE)
			return;
		snprintf(b, sizeof b, "%s%s", R->buyer, R->id);
		w_key("uid");
		w_str(b);
		return;
	}
	case A_BUYER:
		if (R->quar == Q_MISSING_BUYER && cfg.fmt == 2024)
			return;
		w_key(conc ? "autoriteConcedante" : "acheteur");
		emit_buyer(R);
		return;
	case A_NATURE:
		w_key("nature");
		emit_enum(R, &nature_table(R)[R->t->nature], D_ENUM_NATURE);
		return;
	case A_PROC:
		w_key("procedure");
		emit_enum(R, &(conc ? PROC_C : PROC_M)[R->t->proc], D_ENUM_PROCEDURE);
		return;
	case A_LIEU:
		if (cfg.fmt == 2024 && conc)
			return;
		w_key("lieuExecution");
		emit_lieu(R);
		return;
	case A_DUREE:
		w_key("dureeMois");
		emit_duree(R);
		return;
	case A_DNOTIF:
		if (R->d_date == D_DATE_NOTIFICATION_MISSING) {
			hit(R, D_DATE_NOTIFICATION_MISSING);
			return;
		}
		w_key(conc ? "dateSignature" : "dateNotification");
		emit_notif(R);
		return;
	case A_DPUB:
		w_key("datePublicationDonnees");
		w_date(R->pub);
		if (R->d_date == D_PUBLICATION_BEFORE_NOTIFICATION)
			hit(R, D_PUBLICATION_BEFORE_NOTIFICATION);
		return;
	case A_DDEBUT:
		w_key("dateDebutExecution");
		w_date(R->debut);
		return;
	case A_AMOUNT:
		w_key(conc ? "valeurGlobale" : "montant");
		emit_amount(R);
		return;
	case A_SUBV:
		w_key("montantSubventionPublique");
		if (rbelow(&R->r, 10) < 7)
			w_raw("0");
		else
			w_amount_cents(R->cents / 100 * (5 + rbelow(&R->r, 25)), 0, '.');
		return;
	case A_TITS:
		w_key(conc ? "concessionnaires" : "titulaires");
		emit_tits(R, R->t, cfg.fmt == 2019, conc ? "concessionnaire" : "titulaire", 1);
		return;
	case A_MODS:
		w_key("modifications");
		emit_mods(R);
		return;
	case A_CONSSOC:
		w_key("considerationsSociales");
		emit_conssoc(R);
		return;
	case A_XFORM:
		w_key(key);
		emit_xform(R, v, key);
		return;
	case A_SKIP:
		return;
	default:
		w_key(key);
		w_val(v);
		return;
	}
}

/* 2019 records and 2024 marchés: the sample record's keys in their order,
 * generated values for the keys the generator owns, required keys the
 * sample lacks appended at the end. */
static void emit_walk(rec *R)
{
	static const int required[] = { A_ID, A_BUYER, A_NATURE, A_PROC, A_LIEU, A_DUREE, A_DNOTIF,
					A_DPUB, A_DDEBUT, A_AMOUNT, A_SUBV, A_TITS, A_MODS, A_CONSSOC, -1 };
	const tmpl *t = R->t;
	size_t i;
	w_obj_begin();
	for (i = 0; i < t->v->u.object.len; i++)
		emit_action(R, t->act[i], t->v->u.object.keys[i], t->v->u.object.values[i]);
	for (i = 0; required[i] >= 0; i++) {
		int a = required[i];
		if (t->have & (1u << a))
			continue;
		if ((a == A_DDEBUT || a == A_SUBV) && R->kind != K_CONC)
			continue;
		if (a == A_CONSSOC && cfg.fmt != 2024)
			continue;
		if (a == A_MODS && cfg.fmt == 2024)
			continue; /* optional in 2024 */
		emit_action(R, a, NULL, NULL);
	}
	w_obj_end();
}

/* 2024 contrats de concession, written field by field from a 2019 or 2024
 * sample concession (the 2024 samples hold only one). */
static void emit_conc2024(rec *R)
{
	static const char *const env[] = { "Pas de considération environnementale",
					   "Critère environnemental", "Clause environnementale" };
	const tmpl *t = R->t;
	uint32_t e;
	w_obj_begin();
	emit_action(R, A_ID, NULL, NULL);
	emit_action(R, A_BUYER, NULL, NULL);
	emit_action(R, A_NATURE, NULL, NULL);
	w_key("objet");
	w_str(t->objet);
	emit_action(R, A_PROC, NULL, NULL);
	emit_action(R, A_DUREE, NULL, NULL);
	emit_action(R, A_DNOTIF, NULL, NULL);
	emit_action(R, A_DPUB, NULL, NULL);
	emit_action(R, A_DDEBUT, NULL, NULL);
	emit_action(R, A_AMOUNT, NULL, NULL);
	emit_action(R, A_SUBV, NULL, NULL);
	w_key("donneesExecution");
	w_arr_begin();
	w_arr_end();
	emit_action(R, A_TITS, NULL, NULL);
	emit_action(R, A_CONSSOC, NULL, NULL);
	w_key("considerationsEnvironnementales");
	w_obj_begin();
	w_key("considerationEnvironnementale");
	w_arr_begin();
	e = rbelow(&R->r, 20);
	w_str(env[e < 17 ? 0 : e < 19 ? 1 : 2]);
	w_arr_end();
	w_obj_end();
	if (t->mods) {
		size_t i;
		int day = R->notif;
		uint64_t cents = R->cents;
		w_key("modifications");
		if (R->d_modobj) {
			w_obj_begin();
			w_key("modification");
			if (t->mods->u.array.len > 1)
				w_arr_begin();
		} else {
			w_arr_begin();
		}
		for (i = 0; i < t->mods->u.array.len; i++) {
			int pub;
			char b[24];
			day += 30 + (int)rbelow(&R->r, 300);
			if (day > DMAX)
				day = DMAX;
			pub = day + (int)rbelow(&R->r, 20);
			if (pub > DMAX)
				pub = DMAX;
			if (!R->d_modobj) {
				w_obj_begin();
				w_key("modification");
			}
			w_obj_begin();
			snprintf(b, sizeof b, "%zu", i + 1);
			w_key("id");
			w_raw(b);
			w_key("dateSignatureModification");
			w_date(day);
			w_key("datePublicationDonneesModification");
			w_date(pub);
			cents += cents / 100 * (1 + rbelow(&R->r, 20));
			w_key("valeurGlobale");
			w_amount_cents(cents, 0, '.');
			w_obj_end();
			if (!R->d_modobj)
				w_obj_end();
		}
		if (R->d_modobj) {
			if (t->mods->u.array.len > 1)
				w_arr_end();
			w_obj_end();
			hit(R, D_MODIFICATIONS_OBJECT);
		} else {
			w_arr_end();
		}
		if (R->quar == Q_NONE && !R->dup)
			C.with_mods++;
	}
	w_obj_end();
}

static void gen_record(int kind, uint64_t n, int dup)
{
	rec R;
	plan(&R, kind, n);
	R.dup = dup;
	W.depth = 0;
	W.key = kind == K_MARCHE ? "marche" : "contrat-concession";
	if (cfg.fmt == 2024 && kind == K_CONC && R.t->fmt == 2019)
		emit_conc2024(&R);
	else
		emit_walk(&R);

	C.records++;
	if (kind == K_MARCHE)
		C.marches++;
	else
		C.concessions++;
	C.tmpl_use[R.t->src]++;
	if (dup) {
		C.duplicates++;
	} else {
		C.fresh++;
		C.missing_id += R.quar == Q_MISSING_ID;
		C.missing_buyer += R.quar == Q_MISSING_BUYER;
	}
}

/* ------------------------------------------------------------------ */
/* Main loop                                                            */

typedef struct {
	int kind;	/* fixed kind, or -1 for the 2019 mixed array */
	uint64_t fresh; /* fresh records generated in this space */
} space;

static rng seq; /* slot-level draws: duplicates */

/* One slot of the output: a duplicate of an earlier loadable record of the
 * same space (5 %), or the next fresh record. */
static void gen_slot(space *sp)
{
	if (sp->fresh > 0 && runif(&seq) < RATE_DUPLICATE * (cfg.dscale > 0 ? 1 : 0)) {
		int tries;
		for (tries = 0; tries < 16; tries++) {
			uint64_t w = sp->fresh < DUP_WINDOW ? sp->fresh : DUP_WINDOW;
			uint64_t src = sp->fresh - 1 - (uint64_t)rbelow(&seq, (uint32_t)w);
			int kind = sp->kind >= 0 ? sp->kind : kind_2019(src);
			rec R;
			plan(&R, kind, src);
			if (R.quar == Q_NONE) {
				gen_record(kind, src, 1);
				return;
			}
		}
	}
	gen_record(sp->kind >= 0 ? sp->kind : kind_2019(sp->fresh), sp->fresh, 0);
	sp->fresh++;
}

/* Before record i: XML one record per line, NDJSON one per line, JSON commas. */
static void record_sep(uint64_t i)
{
	if (cfg.xml)
		oc('\n');
	else if (i)
		oc(cfg.ndjson ? '\n' : ',');
}

static void progress(void)
{
	static uint64_t next = 256u << 20;
	if (otell() >= next) {
		fprintf(stderr, "\rgen: %llu records, %llu MB", (unsigned long long)C.records,
			(unsigned long long)(otell() / 1000000));
		next += 256u << 20;
	}
}

static void generate(void)
{
	if (cfg.fmt == 2019) {
		space sp = { -1, 0 };
		uint64_t i = 0;
		if (!cfg.ndjson)
			os("{\"marches\":[");
		while (C.records < cfg.records || otell() < cfg.min_bytes) {
			record_sep(i++);
			gen_slot(&sp);
			progress();
		}
		os(cfg.ndjson ? "" : "]}\n");
	} else {
		space m = { K_MARCHE, 0 }, c = { K_CONC, 0 };
		uint64_t nm = (uint64_t)ceil((double)cfg.records / (1.0 + CONC_RATIO_2024)), nc, i;
		uint64_t min_bytes = cfg.min_bytes;
		if (cfg.marches) {
			nm = cfg.marches;
			min_bytes = 0;
		}
		if (cfg.xml)
			os("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<marches>");
		else if (!cfg.ndjson)
			os("{\"marches\":{\"marche\":[");
		for (i = 0; C.marches < nm || otell() < min_bytes; i++) {
			record_sep(i);
			gen_slot(&m);
			progress();
		}
		nc = (uint64_t)llround((double)C.marches * CONC_RATIO_2024);
		if (nc == 0 && cfg.records > 1)
			nc = 1;
		if (cfg.marches)
			nc = cfg.concessions;
		if (!cfg.xml && !cfg.ndjson)
			os("],\"contrat-concession\":[");
		for (i = 0; i < nc; i++) {
			record_sep(cfg.xml || cfg.ndjson ? 1 : i);
			gen_slot(&c);
			progress();
		}
		if (cfg.xml)
			os("\n</marches>\n");
		else if (!cfg.ndjson)
			os("]}}\n");
		else
			oc('\n');
	}
	if (cfg.ndjson && cfg.fmt == 2019)
		oc('\n');
	oflush();
	fprintf(stderr, "\r");
}

static void write_manifest(double secs)
{
	char path[4096];
	FILE *f;
	int i;
	uint64_t quar = C.missing_id + C.missing_buyer;
	snprintf(path, sizeof path, "%s.manifest.json", cfg.out);
	f = fopen(path, "w");
	if (!f)
		die("%s: %s", path, strerror(errno));
	fprintf(f, "{\n  \"generator\": \"bench/decp/gen.c\",\n  \"generator_version\": %d,\n", GEN_VERSION);
	fprintf(f, "  \"format\": \"%d\",\n  \"container\": \"%s\",\n", cfg.fmt,
		cfg.xml ? "xml" : cfg.ndjson ? "ndjson" : "json");
	fprintf(f, "  \"seed\": %llu,\n  \"records_requested\": %llu,\n  \"min_bytes\": %llu,\n"
		   "  \"defect_scale\": %g,\n",
		(unsigned long long)cfg.seed, (unsigned long long)cfg.records,
		(unsigned long long)cfg.min_bytes, cfg.dscale);
	fprintf(f, "  \"bytes\": %llu,\n  \"seconds\": %.2f,\n", (unsigned long long)otell(), secs);
	fprintf(f, "  \"records\": %llu,\n  \"marches\": %llu,\n  \"concessions\": %llu,\n",
		(unsigned long long)C.records, (unsigned long long)C.marches,
		(unsigned long long)C.concessions);
	fprintf(f, "  \"duplicates\": %llu,\n", (unsigned long long)C.duplicates);
	fprintf(f, "  \"quarantine\": {\"missing_id\": %llu, \"missing_buyer\": %llu, \"total\": %llu},\n",
		(unsigned long long)C.missing_id, (unsigned long long)C.missing_buyer,
		(unsigned long long)quar);
	fprintf(f, "  \"unique_loadable\": %llu,\n", (unsigned long long)(C.fresh - quar));
	fprintf(f, "  \"unique_with_modifications\": %llu,\n", (unsigned long long)C.with_mods);
	fprintf(f, "  \"unique_with_lieu\": %llu,\n  \"unique_lieu_idf\": %llu,\n",
		(unsigned long long)C.lieu_total, (unsigned long long)C.lieu_idf);
	if (cfg.fmt == 2024) {
		fprintf(f, "  \"unique_considerations_sociales\": {");
		for (i = 0; i < CS_COUNT; i++)
			fprintf(f, "%s\"%s\": %llu", i ? ", " : "", CS[i].name,
				(unsigned long long)C.cons[i]);
		fprintf(f, "},\n");
	}
	fprintf(f, "  \"defects\": {\n");
	for (i = 0; i < D_COUNT; i++)
		fprintf(f, "    \"%s\": %llu%s\n", DEF[i].name, (unsigned long long)C.all[i],
			i + 1 < D_COUNT ? "," : "");
	fprintf(f, "  },\n  \"defects_unique\": {\n");
	for (i = 0; i < D_COUNT; i++)
		fprintf(f, "    \"%s\": %llu%s\n", DEF[i].name, (unsigned long long)C.uniq[i],
			i + 1 < D_COUNT ? "," : "");
	fprintf(f, "  },\n  \"defect_rates\": {\n");
	for (i = 0; i < D_COUNT; i++)
		fprintf(f, "    \"%s\": %g%s\n", DEF[i].name, rate(i), ",");
	fprintf(f, "    \"missing_id\": %g,\n    \"missing_buyer\": %g,\n    \"duplicate\": %g\n  },\n",
		RATE_MISSING_ID * cfg.dscale, RATE_MISSING_BUYER * cfg.dscale,
		cfg.dscale > 0 ? RATE_DUPLICATE : 0.0);
	fprintf(f, "  \"templates_used\": {\n");
	for (i = 0; i < S.nfiles; i++)
		fprintf(f, "    \"%s\": %llu%s\n", S.files[i], (unsigned long long)C.tmpl_use[i],
			i + 1 < S.nfiles ? "," : "");
	fprintf(f, "  }\n}\n");
	if (fclose(f))
		die("%s: %s", path, strerror(errno));
}

static void usage(void)
{
	fputs("usage: gen --format 2019|2024 [--records N] [--min-bytes B] [--seed S]\n"
	      "           [--xml | --ndjson] [--defect-scale F] [--samples DIR] -o FILE\n"
	      "       gen --format 2024 --marches M --concessions C [...] -o FILE\n",
	      stderr);
	exit(2);
}

static uint64_t parse_u64(const char *s)
{
	char *end;
	double mult = 1, v;
	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || v < 0)
		usage();
	if (*end == 'k' || *end == 'K')
		mult = 1e3, end++;
	else if (*end == 'M')
		mult = 1e6, end++;
	else if (*end == 'G')
		mult = 1e9, end++;
	if (*end)
		usage();
	return (uint64_t)(v * mult + 0.5);
}

int main(int argc, char **argv)
{
	int i;
	struct timespec t0, t1;
	double secs;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--xml")) {
			cfg.xml = 1;
			continue;
		}
		if (!strcmp(a, "--ndjson")) {
			cfg.ndjson = 1;
			continue;
		}
		if (!v)
			usage();
		if (!strcmp(a, "--format"))
			cfg.fmt = atoi(v);
		else if (!strcmp(a, "--records"))
			cfg.records = parse_u64(v);
		else if (!strcmp(a, "--min-bytes"))
			cfg.min_bytes = parse_u64(v);
		else if (!strcmp(a, "--marches"))
			cfg.marches = parse_u64(v);
		else if (!strcmp(a, "--concessions"))
			cfg.concessions = parse_u64(v);
		else if (!strcmp(a, "--seed"))
			cfg.seed = parse_u64(v);
		else if (!strcmp(a, "--defect-scale"))
			cfg.dscale = atof(v);
		else if (!strcmp(a, "--samples"))
			cfg.samples = v;
		else if (!strcmp(a, "-o"))
			cfg.out = v;
		else
			usage();
		i++;
	}
	if ((cfg.fmt != 2019 && cfg.fmt != 2024) || !cfg.out || cfg.dscale < 0 ||
	    (cfg.xml && cfg.ndjson))
		usage();
	if (cfg.xml && cfg.fmt != 2024)
		die("--xml writes the 2024 container only");
	if ((cfg.marches || cfg.concessions) && (cfg.fmt != 2024 || !cfg.marches))
		die("--marches (with --concessions) is for --format 2024");

	D2019 = orcs_days_from_civil(2019, 1, 1);
	D2020 = orcs_days_from_civil(2020, 1, 1);
	D2024 = orcs_days_from_civil(2024, 1, 1);
	DEND2023 = orcs_days_from_civil(2023, 12, 31);
	DMAX = orcs_days_from_civil(2025, 12, 31);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	load_dir(cfg.samples, 2019);
	load_dir(cfg.samples, 2024);
	if (!S.t19m.n || !S.t19c.n || !S.t24m.n || !S.idf.n || !S.other.n)
		die("%s: not enough usable sample records", cfg.samples);
	/* 2024 concessions: the real 2024 ones plus the 2019 ones converted */
	{
		size_t j;
		for (j = 0; j < S.t19c.n; j++)
			pv_push(&S.t24c, S.t19c.v[j]);
	}
	C.tmpl_use = xrealloc(NULL, (size_t)S.nfiles * sizeof *C.tmpl_use);
	memset(C.tmpl_use, 0, (size_t)S.nfiles * sizeof *C.tmpl_use);
	seq.s = mix64(cfg.seed ^ 0xd0b1e5ULL);
	W.xml = cfg.xml;

	ofp = fopen(cfg.out, "wb");
	if (!ofp)
		die("%s: %s", cfg.out, strerror(errno));
	obuf = xrealloc(NULL, OBUF_SIZE);
	generate();
	if (fclose(ofp))
		die("%s: %s", cfg.out, strerror(errno));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	write_manifest(secs);
	fprintf(stderr, "gen: %s: %llu records (%llu duplicates), %llu bytes, %.1f s\n", cfg.out,
		(unsigned long long)C.records, (unsigned long long)C.duplicates,
		(unsigned long long)otell(), secs);

	free(obuf);
	for (i = 0; i < S.nfiles; i++)
		yajl_tree_free(S.trees[i]);
	return 0;
}
