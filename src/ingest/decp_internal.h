/*
 * decp_internal.h - shared between the files of the DECP normaliser
 * (decp_ctx.c, decp_values.c, decp_norm.c, decp_parties.c, decp_geo.c) and
 * src/qualify/decp_checks.c.  Not a public interface.
 */
#ifndef ORCS_DECP_INTERNAL_H
#define ORCS_DECP_INTERNAL_H

#include <math.h>
#include <stddef.h>

#include "ingest/decp.h"
#include "ref/ref.h"

/* Enumerations used by the normaliser (names of dim_enum). */
enum decp_enum {
	E_PROCEDURE,
	E_CONC_PROCEDURE,
	E_NATURE,
	E_LIEU_TYPE,
	E_TYPE_ID,
	E_SOC,
	E_ENV,
	E_FORME_PRIX,
	E_TYPE_PRIX,
	E_TECHNIQUE,
	E_MODALITE,
	E_CCAG,
	E_GROUPEMENT,
	E_COUNT
};
extern const char *const decp_enum_names[E_COUNT];

/* Keys of a record recognised by the normaliser (one pass over a map). */
enum decp_key {
	K_NONE,
	K_ID, K_UID, K_TYPE, K_SOURCE,
	K_ACHETEUR, K_ACHETEUR_ID, K_AUTORITE, K_AUTORITE_ID,
	K_NATURE, K_OBJET, K_CPV, K_PROCEDURE, K_LIEU, K_DUREE,
	K_DATE_NOTIF, K_DATE_SIGN, K_DATE_PUB, K_DATE_DEBUT,
	K_MONTANT, K_VALEUR, K_FORME_PRIX, K_TYPES_PRIX, K_TECHNIQUES, K_MODALITES,
	K_ID_AC, K_INNOVANT, K_CCAG, K_OFFRES, K_ATTRIB_AVANCE, K_TAUX_AVANCE,
	K_GROUPEMENT, K_SOUS_TRAITANCE, K_TITULAIRES, K_CONCESSIONNAIRES,
	K_SOC, K_ENV, K_ACTES_ST, K_MODIFS_ST, K_MODIFS, K_SUBVENTION,
	K_COUNT
};

typedef struct decp_official {
	const char *code, *label;
	int ord;
} decp_official;

typedef struct decp_cache_entry {
	unsigned char en, alias, len, used;
	uint32_t bit;
	const char *code;
	char raw[56];
} decp_cache_entry;

#define DECP_CACHE 2048

typedef struct decp_geo decp_geo;

struct orcs_decp_ctx {
	orcs_ref_enums *enums;
	decp_official *official[E_COUNT];
	int nofficial[E_COUNT];
	decp_cache_entry cache[DECP_CACHE];
	unsigned char keytab[256]; /* hash of a record key -> enum decp_key */
	decp_geo *geo;
	char today[11];
	int today_ymd;             /* yyyymmdd */
	double modif_ratio;        /* modif_amount_ambiguous threshold (0.5) */
	orcs_buf scratch;          /* text repairs */
};

/* Normalisation of one record: the record, its arena, its syntax. */
typedef struct decp_norm {
	orcs_decp_ctx *c;
	orcs_arena *a;
	orcs_decp_rec *r;
	int json;                  /* JSON (typed) rather than XML (all text) */
} decp_norm;

/* ---- decp_ctx.c ---- */
enum decp_key decp_key_of(const orcs_decp_ctx *c, const char *k, size_t n);
/* Code of `raw` in enumeration `en`, or NULL.  *alias = 1 when `raw` is
 * neither the official label nor the code, exactly (case and accents
 * included), so the caller flags enum_alias. */
const char *decp_enum_code(orcs_decp_ctx *c, int en, const char *raw, size_t n, int *alias);
/* Same, also giving the code's bit (see decp_enum_bit). */
const char *decp_enum_lookup(orcs_decp_ctx *c, int en, const char *raw, size_t n, int *alias,
			     uint32_t *bit);
/* Position of `code` in its enumeration (for ordered joins). */
int decp_enum_ord(const orcs_decp_ctx *c, int en, const char *code);

/* ---- decp_values.c, decp_dates.c, decp_items.c ---- */
/* Short printable copy of a raw value for flag details (in the arena). */
const char *decp_excerpt(decp_norm *d, const char *s, size_t n);
orcs_str decp_str(const char *s, size_t n);
extern const orcs_str decp_null;
/* Trimmed, valid-UTF-8, control-free copy of a scalar (NULL when blank or
 * not a scalar); flags encoding_repaired / encoding_suspect. */
orcs_str decp_text(decp_norm *d, const orcs_dnode *v);
/* True for "", "NC", "MQ", "CDL", "null", "NaN", "N/A" (null-equivalents). */
int decp_null_text(const char *s, size_t n);
/* Numbers: NAN when absent; flags type_repaired / value_invalid naming `what`. */
double decp_number(decp_norm *d, const orcs_dnode *v, const char *what);
int64_t decp_int(decp_norm *d, const orcs_dnode *v, const char *what, int64_t min);
int decp_bool(decp_norm *d, const orcs_dnode *v, const char *what);
/* ISO date (YYYY-MM-DD) or null; flags date_repaired / date_invalid. */
orcs_str decp_date(decp_norm *d, const orcs_dnode *v, const char *what);
int decp_date_ymd(orcs_str s); /* yyyymmdd, 0 for null */
/* Enumeration value -> code; unknown -> "UNKNOWN" + enum_unknown, alias ->
 * enum_alias (type_id_repaired for type_identifiant); null when blank. */
orcs_str decp_enum(decp_norm *d, int en, const orcs_dnode *v, const char *what);
/* List of enumeration values: bit i of the result = official value i (in
 * enumeration order); *unknown counts values not recognised (flagged),
 * *nvalues the non-blank values. */
uint32_t decp_enum_mask(decp_norm *d, int en, const orcs_dnode *v, const char *wrapper,
			const char *what, int *unknown, int *nvalues);
/* Codes of `mask` joined by '|' (then "UNKNOWN" when `unknown`); null when empty. */
orcs_str decp_mask_join(decp_norm *d, int en, uint32_t mask, int unknown);
/* Bit of `code` in enumeration `en` (0 when absent). */
uint32_t decp_enum_bit(const orcs_decp_ctx *c, int en, const char *code);
/* Cleans an identifier (spaces, dots, hyphens; 13 digits left-padded; a
 * JSON number made text); *changed = 1 when something had to change. */
orcs_str decp_ident(decp_norm *d, const orcs_dnode *v, int *changed);

/* SIRET check of a cleaned identifier; the all-zero dummy is invalid. */
int decp_siret_ok(orcs_str s);

/* List items: a JSON array (bare or wrapped items), an XML map with a
 * repeated key, a single map, a list of lists, a string holding JSON…  With
 * `values`, items are scalars (enumeration lists), else maps (stubs are
 * dropped and flagged).  Returns the count; *out is in the arena. */
int decp_items(decp_norm *d, const orcs_dnode *v, const char *wrapper, int values,
	       const orcs_dnode ***out);

/* ---- decp_parties.c ---- */
void decp_parties(decp_norm *d, const orcs_dnode *v, const char *wrapper, const char *who,
		  orcs_decp_party **out, int *n);
void decp_modifications(decp_norm *d, const orcs_dnode *v);
void decp_subcontracts(decp_norm *d, const orcs_dnode *acts, const orcs_dnode *mods,
		       const orcs_dnode *declared);

/* ---- decp_geo.c ---- */
decp_geo *decp_geo_new(orcs_db *db, orcs_error *err);
void decp_geo_free(decp_geo *g);
void decp_geo_place(decp_norm *d, const orcs_dnode *lieu);

/* ---- src/qualify/decp_checks.c ---- */
void orcs_decp_checks(decp_norm *d, const orcs_dnode *const *slots);

/* 64-bit hash (FNV-1a, then a final mix): stable, used for the rkey. */
uint64_t decp_hash(const void *p, size_t n, uint64_t seed);
/* Faster in-memory hash (8 bytes a step) for lookup tables only. */
uint64_t decp_hash_fast(const void *p, size_t n, uint64_t seed);

#endif
