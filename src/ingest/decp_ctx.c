/* decp_ctx.c - what the normaliser loads once per import: enumerations
 * (with a small cache of exact raw values), record keys, geography. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "ingest/decp_internal.h"

const char *const decp_enum_names[E_COUNT] = {
	"procedure", "concession_procedure", "decp_nature", "lieu_type", "type_identifiant",
	"consid_social", "consid_env", "forme_prix", "type_prix", "technique",
	"modalite_execution", "ccag", "groupement",
};

#define FLAG_CODE(name, code) code,
static const char *const flag_codes[ORCS_F_COUNT] = { ORCS_DECP_FLAG_LIST(FLAG_CODE) };
#undef FLAG_CODE

const char *orcs_decp_flag_code(int flag)
{
	return flag >= 0 && flag < ORCS_F_COUNT ? flag_codes[flag] : "?";
}

const char *const orcs_decp_quarantine_codes[] = {
	"Q_FORMAT", "Q_PARSE", "Q_NOT_OBJECT", "Q_NO_ID", "Q_NO_BUYER", "Q_TOO_LARGE", NULL,
};

const char *orcs_consid_status_name(int status)
{
	switch (status) {
	case ORCS_CONSID_FILLED:
		return "FILLED";
	case ORCS_CONSID_NOT_FILLED:
		return "NOT_FILLED";
	default:
		return "NOT_APPLICABLE";
	}
}

uint64_t decp_hash(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	/* final mix (splitmix64) so that the high bits depend on every byte */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

uint64_t decp_hash_fast(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h = seed ^ (n * 0x9E3779B97F4A7C15ULL), w;
	while (n >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	return h;
}

/* ---- record keys ---------------------------------------------------- */

static const struct {
	const char *name;
	enum decp_key key;
} keys[] = {
	{ "id", K_ID },
	{ "uid", K_UID },
	{ "_type", K_TYPE },
	{ "source", K_SOURCE },
	{ "acheteur", K_ACHETEUR },
	{ "acheteur.id", K_ACHETEUR_ID },
	{ "autoriteConcedante", K_AUTORITE },
	{ "autoriteConcedante.id", K_AUTORITE_ID },
	{ "nature", K_NATURE },
	{ "objet", K_OBJET },
	{ "codeCPV", K_CPV },
	{ "procedure", K_PROCEDURE },
	{ "lieuExecution", K_LIEU },
	{ "dureeMois", K_DUREE },
	{ "dateNotification", K_DATE_NOTIF },
	{ "dateSignature", K_DATE_SIGN },
	{ "datePublicationDonnees", K_DATE_PUB },
	{ "dateDebutExecution", K_DATE_DEBUT },
	{ "montant", K_MONTANT },
	{ "valeurGlobale", K_VALEUR },
	{ "formePrix", K_FORME_PRIX },
	{ "typesPrix", K_TYPES_PRIX },
	{ "techniques", K_TECHNIQUES },
	{ "modalitesExecution", K_MODALITES },
	{ "idAccordCadre", K_ID_AC },
	{ "marcheInnovant", K_INNOVANT },
	{ "ccag", K_CCAG },
	{ "offresRecues", K_OFFRES },
	{ "attributionAvance", K_ATTRIB_AVANCE },
	{ "tauxAvance", K_TAUX_AVANCE },
	{ "typeGroupementOperateurs", K_GROUPEMENT },
	{ "sousTraitanceDeclaree", K_SOUS_TRAITANCE },
	{ "titulaires", K_TITULAIRES },
	{ "concessionnaires", K_CONCESSIONNAIRES },
	{ "considerationsSociales", K_SOC },
	{ "considerationsEnvironnementales", K_ENV },
	{ "actesSousTraitance", K_ACTES_ST },
	{ "modificationsActesSousTraitance", K_MODIFS_ST },
	{ "modifications", K_MODIFS },
	{ "montantSubventionPublique", K_SUBVENTION },
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static unsigned key_slot(const char *k, size_t n)
{
	if (!n)
		return 0;
	return (unsigned)(decp_hash_fast(k, n, 0) & 255);
}

static void build_keytab(orcs_decp_ctx *c)
{
	unsigned i;
	memset(c->keytab, 0xff, sizeof(c->keytab));
	for (i = 0; i < NKEYS; i++) {
		unsigned h = key_slot(keys[i].name, strlen(keys[i].name));
		while (c->keytab[h] != 0xff)
			h = (h + 1) & 255;
		c->keytab[h] = (unsigned char)i;
	}
}

enum decp_key decp_key_of(const orcs_decp_ctx *c, const char *k, size_t n)
{
	unsigned h = key_slot(k, n);
	while (c->keytab[h] != 0xff) {
		const char *name = keys[c->keytab[h]].name;
		if (name[0] == k[0] && !strncmp(name, k, n) && name[n] == '\0')
			return keys[c->keytab[h]].key;
		h = (h + 1) & 255;
	}
	return K_NONE;
}

/* ---- enumerations ---------------------------------------------------- */

/* Values that are official for one kind of contract although dim_enum
 * keeps another label (domain.md §2.4: concessions say "Concession
 * réservée" where marchés say "Marché réservé"). */
static const struct {
	int en;
	const char *label;
} extra_official[] = {
	{ E_SOC, "Concession réservée" },
};

static int load_official(orcs_decp_ctx *c, orcs_db *db, orcs_error *err)
{
	sqlite3_stmt *st;
	int en;
	if (orcs_db_prepare(db, &st, "SELECT code, label, ord FROM dim_enum WHERE enum = ? ORDER BY ord",
			    err))
		return ORCS_EIO;
	for (en = 0; en < E_COUNT; en++) {
		int cap = 0;
		unsigned i;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, decp_enum_names[en], -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			decp_official *o;
			if (c->nofficial[en] == cap) {
				cap = cap ? cap * 2 : 8;
				c->official[en] = orcs_xrealloc(c->official[en],
								(size_t)cap * sizeof(*o));
			}
			o = &c->official[en][c->nofficial[en]++];
			o->code = orcs_xstrdup((const char *)sqlite3_column_text(st, 0));
			o->label = orcs_xstrdup((const char *)sqlite3_column_text(st, 1));
			o->ord = sqlite3_column_int(st, 2);
		}
		for (i = 0; i < sizeof(extra_official) / sizeof(extra_official[0]); i++)
			if (extra_official[i].en == en) {
				int ok;
				const char *code = orcs_ref_enums_code(c->enums, decp_enum_names[en],
								       extra_official[i].label,
								       strlen(extra_official[i].label),
								       &ok);
				decp_official *o;
				if (!code)
					continue;
				if (c->nofficial[en] == cap) {
					cap = cap ? cap * 2 : 8;
					c->official[en] = orcs_xrealloc(c->official[en],
									(size_t)cap * sizeof(*o));
				}
				o = &c->official[en][c->nofficial[en]++];
				o->code = orcs_xstrdup(code);
				o->label = orcs_xstrdup(extra_official[i].label);
				o->ord = decp_enum_ord(c, en, code);
			}
		if (!c->nofficial[en]) {
			sqlite3_finalize(st);
			return orcs_error_set(err, ORCS_EIO,
					      "énumération « %s » absente du référentiel "
					      "(lancez « orcs init »)",
					      decp_enum_names[en]);
		}
	}
	sqlite3_finalize(st);
	return ORCS_OK;
}

int decp_enum_ord(const orcs_decp_ctx *c, int en, const char *code)
{
	int i;
	for (i = 0; i < c->nofficial[en]; i++)
		if (!strcmp(c->official[en][i].code, code))
			return c->official[en][i].ord;
	return 1000;
}

static int is_official(const orcs_decp_ctx *c, int en, const char *code, const char *raw, size_t n)
{
	int i;
	if (strlen(code) == n && !memcmp(code, raw, n))
		return 1;
	for (i = 0; i < c->nofficial[en]; i++) {
		const decp_official *o = &c->official[en][i];
		if (!strcmp(o->code, code) && strlen(o->label) == n && !memcmp(o->label, raw, n))
			return 1;
	}
	return 0;
}

const char *decp_enum_lookup(orcs_decp_ctx *c, int en, const char *raw, size_t n, int *alias,
			     uint32_t *bit)
{
	decp_cache_entry *e = NULL;
	const char *code;
	if (n < sizeof(e->raw)) {
		unsigned h = (unsigned)(decp_hash_fast(raw, n, (uint64_t)en + 1) & (DECP_CACHE - 1));
		e = &c->cache[h];
		if (e->used && e->en == en && e->len == n && !memcmp(e->raw, raw, n)) {
			*alias = e->alias;
			*bit = e->bit;
			return e->code;
		}
	}
	code = orcs_ref_enums_code(c->enums, decp_enum_names[en], raw, n, NULL);
	*alias = code && !is_official(c, en, code, raw, n);
	*bit = code ? decp_enum_bit(c, en, code) : 0;
	if (e) {
		e->used = 1;
		e->en = (unsigned char)en;
		e->len = (unsigned char)n;
		memcpy(e->raw, raw, n);
		e->alias = (unsigned char)*alias;
		e->bit = *bit;
		e->code = code;
	}
	return code;
}

const char *decp_enum_code(orcs_decp_ctx *c, int en, const char *raw, size_t n, int *alias)
{
	uint32_t bit;
	return decp_enum_lookup(c, en, raw, n, alias, &bit);
}

/* ---- context --------------------------------------------------------- */

orcs_decp_ctx *orcs_decp_ctx_new(orcs_db *db, const char *today, orcs_error *err)
{
	orcs_decp_ctx *c = orcs_xcalloc(1, sizeof(*c));
	c->enums = orcs_ref_enums_new(db, err);
	if (!c->enums || load_official(c, db, err) != ORCS_OK)
		goto fail;
	c->geo = decp_geo_new(db, err);
	if (!c->geo)
		goto fail;
	build_keytab(c);
	orcs_buf_init(&c->scratch);
	c->modif_ratio = 0.5;
	if (today && strlen(today) == 10) {
		memcpy(c->today, today, 10);
	} else {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(c->today, sizeof(c->today), "%Y-%m-%d", &tm);
	}
	c->today_ymd = atoi(c->today) * 10000 + atoi(c->today + 5) * 100 + atoi(c->today + 8);
	return c;
fail:
	orcs_decp_ctx_free(c);
	return NULL;
}

void orcs_decp_ctx_free(orcs_decp_ctx *c)
{
	int en, i;
	if (!c)
		return;
	orcs_ref_enums_free(c->enums);
	for (en = 0; en < E_COUNT; en++) {
		for (i = 0; i < c->nofficial[en]; i++) {
			free((char *)c->official[en][i].code);
			free((char *)c->official[en][i].label);
		}
		free(c->official[en]);
	}
	decp_geo_free(c->geo);
	orcs_buf_release(&c->scratch);
	free(c);
}

void orcs_decp_rkey_uid_range(const char *uid, size_t n, int64_t *lo, int64_t *hi)
{
	uint64_t h = decp_hash(uid, n, 0x75696400) & 0xFFFFFFFFFF000000ULL;
	*lo = (int64_t)h;
	*hi = (int64_t)(h | 0xFFFFFFULL);
}
