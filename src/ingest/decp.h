/*
 * decp.h - one DECP record after normalisation (domain.md §2), shared by
 * the normaliser (decp_norm*.c), the checks (src/qualify/decp_checks.c) and
 * the loader (decp_load.c).
 *
 * orcs_decp_normalise() turns a record tree (dnode.h) of either format and
 * either syntax into an orcs_decp_rec: canonical codes, cleaned identifiers,
 * ISO dates, numbers, the titulaires, the modifications applied as versions,
 * the sub-contracting acts, the three-state considerations, the place of
 * execution and its Île-de-France scope, the dedup key, and the quality
 * flags with their reason codes.  A record that cannot be used is not
 * normalised but given a quarantine reason (Q_*).
 *
 * Ownership: every string and array of an orcs_decp_rec lives in the arena
 * passed to orcs_decp_normalise() (the record's arena): valid until it is
 * reset.  Strings are orcs_str (pointer + length, not necessarily
 * NUL-terminated); a NULL pointer means SQL NULL.  The context (orcs_decp_ctx) is created
 * once per import from the warehouse (enumerations, geography) and freed
 * with orcs_decp_ctx_free().
 */
#ifndef ORCS_DECP_H
#define ORCS_DECP_H

#include <stdint.h>

#include "core/error.h"
#include "ingest/arena.h"
#include "ingest/decp_read.h"
#include "warehouse/db.h"

/* Quality flags (data/ref/decp_codes.csv holds their category, level and
 * labels; a unit test checks that every code below is there). */
#define ORCS_DECP_FLAG_LIST(X)                                   \
	X(SIRET_INVALID, "siret_invalid")                        \
	X(SIRET_REPAIRED, "siret_repaired")                      \
	X(TYPE_ID_REPAIRED, "type_id_repaired")                  \
	X(AMOUNT_ABERRANT, "amount_aberrant")                    \
	X(AMOUNT_DURATION, "amount_duration")                    \
	X(DATE_INVALID, "date_invalid")                          \
	X(DATE_REPAIRED, "date_repaired")                        \
	X(LATE_PUBLICATION, "late_publication")                  \
	X(PUB_BEFORE_NOTIF, "pub_before_notif")                  \
	X(ENUM_ALIAS, "enum_alias")                              \
	X(ENUM_UNKNOWN, "enum_unknown")                          \
	X(CPV_INVALID, "cpv_invalid")                            \
	X(VALUE_INVALID, "value_invalid")                        \
	X(TYPE_REPAIRED, "type_repaired")                        \
	X(STRUCT_REPAIRED, "struct_repaired")                    \
	X(STUB_DROPPED, "stub_dropped")                          \
	X(FORMAT_MIXED, "format_mixed")                          \
	X(ENCODING_REPAIRED, "encoding_repaired")                \
	X(ENCODING_SUSPECT, "encoding_suspect")                  \
	X(MISSING, "missing")                                    \
	X(MODIF_AMOUNT_AMBIGUOUS, "modif_amount_ambiguous")      \
	X(MODIF_ID_INVALID, "modif_id_invalid")                  \
	X(CONSID_CONTRADICTORY, "consid_contradictory")          \
	X(CONSID_CHANGED, "consid_changed")                      \
	X(ID_SHARED_LOTS, "id_shared_lots")                      \
	X(DUP_IN_FILE, "dup_in_file")                            \
	X(DUP_CROSS_SOURCE, "dup_cross_source")                  \
	X(UID_MISMATCH, "uid_mismatch")                          \
	X(SUBCONTRACT_INCONSISTENT, "subcontract_inconsistent")  \
	X(GEO_UNKNOWN, "geo_unknown")                            \
	X(GEO_AMBIGUOUS_CP, "geo_ambiguous_cp")

#define ORCS_DECP_FLAG_ENUM(name, code) ORCS_F_##name,
enum orcs_decp_flag { ORCS_DECP_FLAG_LIST(ORCS_DECP_FLAG_ENUM) ORCS_F_COUNT };
#undef ORCS_DECP_FLAG_ENUM

/* "siret_invalid" for ORCS_F_SIRET_INVALID. */
const char *orcs_decp_flag_code(int flag);
/* Every quarantine reason the DECP importer emits, NULL-terminated. */
extern const char *const orcs_decp_quarantine_codes[];

typedef struct orcs_str {
	const char *s; /* NULL = no value */
	uint32_t n;
} orcs_str;

enum orcs_consid_status { ORCS_CONSID_NOT_APPLICABLE, ORCS_CONSID_NOT_FILLED, ORCS_CONSID_FILLED };
const char *orcs_consid_status_name(int status); /* FILLED | NOT_FILLED | NOT_APPLICABLE */

/* An economic operator (titulaire, concessionnaire, sous-traitant). */
typedef struct orcs_decp_party {
	orcs_str type_id;  /* SIRET, TVA, … (UNKNOWN when not recognised) */
	orcs_str ident;    /* cleaned identifier */
	orcs_str siren;    /* first 9 digits of a 14-digit SIRET */
	orcs_str nom;      /* denominationSociale (2019) */
	int siret_valid;
} orcs_decp_party;

typedef struct orcs_decp_modif {
	int64_t id;            /* modification id, -1 when absent */
	orcs_str date_notif;   /* dateNotificationModification / dateSignatureModification */
	orcs_str date_pub;
	orcs_str objet;        /* objetModification (2019) */
	double montant;        /* NAN when not set by this modification */
	int64_t duree;         /* -1 when not set */
	orcs_decp_party *tits; /* new titulaires, or NULL when not set */
	int ntits;
	int src_order;         /* position in the file */
} orcs_decp_modif;

typedef struct orcs_decp_sub {
	int64_t act_id;        /* -1 when absent */
	orcs_decp_party who;
	double montant, montant_current;
	int64_t duree, duree_current;
	orcs_str date_notif, date_pub, variation_prix;
	int n_modifications;
} orcs_decp_sub;

typedef struct orcs_decp_flagv {
	int flag;
	const char *detail; /* French, may be NULL */
} orcs_decp_flagv;

/* The text fields of a record (one list, used by the struct and by
 * orcs_decp_rec_copy()). */
#define ORCS_DECP_REC_STRS(X)                                                         \
	X(id) X(uid) X(uid_src) X(buyer_siret) X(buyer_nom) X(origin) X(nature) X(objet) \
	X(cpv) X(cpv2) X(procedure) X(lieu_code) X(lieu_type) X(commune) X(departement)   \
	X(scope_rule) X(forme_prix) X(types_prix) X(techniques) X(modalites) X(ccag)      \
	X(groupement) X(id_accord_cadre) X(date_notif) X(date_pub) X(date_debut)          \
	X(social_values) X(env_values)

typedef struct orcs_decp_rec {
	/* quarantine: when reason != NULL nothing else below is meaningful */
	const char *reason;       /* Q_* */
	const char *reason_detail;

	int kind;                 /* ORCS_KIND_MARCHE | ORCS_KIND_CONCESSION */
	int fmt;                  /* 2019 | 2024 */
	int64_t index, offset;    /* position in the file (1-based index, bytes) */

#define ORCS_DECP_STR_FIELD(name) orcs_str name;
	ORCS_DECP_REC_STRS(ORCS_DECP_STR_FIELD)
#undef ORCS_DECP_STR_FIELD
	int in_idf;
	int notif_year;           /* 0 when unusable */
	int64_t duree_initial, duree_current;    /* -1 = NULL */
	double montant_initial, montant_current; /* NAN = NULL */
	double montant_subvention; /* concessions: montantSubventionPublique, NAN = NULL */
	int amount_flagged;
	int64_t offres;           /* -1 = NULL */
	int innovant, sous_traitance, attribution_avance; /* -1 = NULL, 0, 1 */
	double taux_avance;       /* NAN = NULL */
	int social_status, env_status;

	orcs_decp_party *tits;    /* initial titulaires / concessionnaires */
	int ntits;
	orcs_decp_modif *modifs;  /* in application order */
	int nmodifs;
	orcs_decp_sub *subs;
	int nsubs;

	int64_t rkey;             /* dedup key (see orcs_decp_rkey_uid_range) */

	orcs_decp_flagv *flags;
	int nflags, capflags;
	unsigned char has_flag[ORCS_F_COUNT];
} orcs_decp_rec;

typedef struct orcs_decp_ctx orcs_decp_ctx;

/* Loads what the normaliser needs from the warehouse (enumerations,
 * aliases, IdF communes and postcodes).  `today` (YYYY-MM-DD, may be NULL
 * for the current date) bounds valid dates. */
orcs_decp_ctx *orcs_decp_ctx_new(orcs_db *db, const char *today, orcs_error *err);
void orcs_decp_ctx_free(orcs_decp_ctx *c);

/* Normalises `raw` into `*rec` (all allocations in `arena`).  Always
 * succeeds: unusable records get rec->reason. */
void orcs_decp_normalise(orcs_decp_ctx *c, const orcs_decp_raw *raw, orcs_arena *arena,
			 orcs_decp_rec *rec);

/* Deep copy of `src` into `dst`, every string and array allocated in
 * `arena` (hands a record over to another thread whose arena outlives the
 * reader's). */
void orcs_decp_rec_copy(orcs_arena *arena, const orcs_decp_rec *src, orcs_decp_rec *dst);

/* Adds a flag once (later details for the same code are dropped). */
void orcs_decp_flag(orcs_decp_rec *r, orcs_arena *a, int flag, const char *detail);
void orcs_decp_flagf(orcs_decp_rec *r, orcs_arena *a, int flag, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The rkey of two records with the same uid share their 40 high bits:
 * every rkey of `uid` lies in [*lo, *hi] (used to find lots sharing an id
 * through the rkey index, without an index on uid). */
void orcs_decp_rkey_uid_range(const char *uid, size_t n, int64_t *lo, int64_t *hi);

#endif
