/*
 * decp_norm.c - one record tree -> one normalised record (decp.h):
 * kind and format detection (domain.md §2.2), identity and quarantine
 * (§2.7, §2.9), fields, considerations (§3.4), and the dedup key.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/ids.h"

#include "ingest/decp_internal.h"

void orcs_decp_flag(orcs_decp_rec *r, orcs_arena *a, int flag, const char *detail)
{
	if (flag < 0 || flag >= ORCS_F_COUNT || r->has_flag[flag])
		return;
	r->has_flag[flag] = 1;
	if (r->nflags == r->capflags) {
		orcs_decp_flagv *nf;
		r->capflags = r->capflags ? r->capflags * 2 : 8;
		nf = orcs_arena_alloc(a, (size_t)r->capflags * sizeof(*nf));
		if (r->nflags)
			memcpy(nf, r->flags, (size_t)r->nflags * sizeof(*nf));
		r->flags = nf;
	}
	r->flags[r->nflags].flag = flag;
	r->flags[r->nflags].detail = detail;
	r->nflags++;
}

void orcs_decp_flagf(orcs_decp_rec *r, orcs_arena *a, int flag, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	if (flag < 0 || flag >= ORCS_F_COUNT || r->has_flag[flag])
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	orcs_decp_flag(r, a, flag, orcs_arena_strndup(a, buf, strlen(buf)));
}

static void quarantine(orcs_decp_rec *r, const char *reason, const char *detail)
{
	r->reason = reason;
	r->reason_detail = detail;
}

/* Does some item of list `v` (bare, wrapped in `w`, or XML) have `key`? */
static int item_has(const orcs_dnode *v, const char *w, const char *key)
{
	const orcs_dnode *c;
	if (!v)
		return 0;
	if (v->type == DN_MAP) {
		for (c = v->child; c; c = c->next)
			if (!strcmp(c->key, w) && orcs_dn_get(c, key))
				return 1;
		return orcs_dn_get(v, key) != NULL;
	}
	if (v->type == DN_ARR)
		for (c = v->child; c; c = c->next) {
			if (orcs_dn_get(c, key))
				return 1;
			if (orcs_dn_get(orcs_dn_get(c, w), key))
				return 1;
		}
	return 0;
}

static int present(const orcs_dnode *v)
{
	return v && v->type != DN_NULL;
}

/* 2019 formePrix values (Ferme, Ferme et actualisable, Révisable). */
static int forme_prix_2019(decp_norm *d, const orcs_dnode *v)
{
	orcs_str t = decp_text(d, v);
	const char *code;
	int alias;
	if (!t.s)
		return 0;
	code = decp_enum_code(d->c, E_FORME_PRIX, t.s, t.n, &alias);
	return code && (!strcmp(code, "FERME") || !strcmp(code, "FERME_ACTUALISABLE") ||
			!strcmp(code, "REVISABLE"));
}

static int detect_format(decp_norm *d, const orcs_decp_raw *raw, const orcs_dnode *const *k)
{
	int m24 = present(k[K_SOC]) || present(k[K_TECHNIQUES]) || present(k[K_MODALITES]) ||
		  present(k[K_TYPES_PRIX]) || present(k[K_CCAG]) || present(k[K_OFFRES]) ||
		  present(k[K_INNOVANT]);
	int m19 = orcs_dn_get(k[K_ACHETEUR], "nom") || orcs_dn_get(k[K_AUTORITE], "nom") ||
		  item_has(k[K_TITULAIRES], "titulaire", "denominationSociale") ||
		  item_has(k[K_CONCESSIONNAIRES], "concessionnaire", "denominationSociale") ||
		  orcs_dn_get(k[K_LIEU], "nom") ||
		  item_has(k[K_MODIFS], "modification", "objetModification") ||
		  forme_prix_2019(d, k[K_FORME_PRIX]);
	int hint = raw->fmt_hint;
	if (m24 && m19) {
		orcs_decp_flag(d->r, d->a, ORCS_F_FORMAT_MIXED, "marqueurs des formats 2019 et 2024");
		return hint ? hint : 2024;
	}
	if (m24) {
		if (hint == 2019)
			orcs_decp_flag(d->r, d->a, ORCS_F_FORMAT_MIXED,
				       "enregistrement 2024 dans un paquet 2019");
		return 2024;
	}
	if (m19) {
		if (hint == 2024)
			orcs_decp_flag(d->r, d->a, ORCS_F_FORMAT_MIXED,
				       "enregistrement 2019 dans un paquet 2024");
		return 2019;
	}
	return hint;
}

static int detect_kind(decp_norm *d, const orcs_decp_raw *raw, const orcs_dnode *const *k)
{
	orcs_str t;
	if (raw->kind_hint)
		return raw->kind_hint;
	t = decp_text(d, k[K_TYPE]);
	if (t.s) {
		if (t.n >= 7 && !strncasecmp(t.s, "contrat", 7))
			return ORCS_KIND_CONCESSION;
		if (t.n >= 5 && !strncasecmp(t.s, "march", 5))
			return ORCS_KIND_MARCHE;
	}
	if (k[K_AUTORITE] || k[K_AUTORITE_ID] || k[K_CONCESSIONNAIRES] || k[K_VALEUR])
		return ORCS_KIND_CONCESSION;
	return ORCS_KIND_MARCHE;
}

/* The buyer's SIRET: acheteur.id (autoriteConcedante.id), or a flat key. */
static orcs_str buyer(decp_norm *d, const orcs_dnode *const *k, int conc)
{
	const orcs_dnode *b = conc ? k[K_AUTORITE] : k[K_ACHETEUR];
	const orcs_dnode *alt = conc ? k[K_ACHETEUR] : k[K_AUTORITE];
	const orcs_dnode *idn = orcs_dn_get(b, "id");
	orcs_str id;
	int changed = 0;
	if (!idn && orcs_dn_get(alt, "id")) {
		idn = orcs_dn_get(alt, "id");
		b = alt;
	}
	if (!idn) {
		idn = conc ? k[K_AUTORITE_ID] : k[K_ACHETEUR_ID];
		if (!idn)
			idn = conc ? k[K_ACHETEUR_ID] : k[K_AUTORITE_ID];
		if (idn)
			orcs_decp_flag(d->r, d->a, ORCS_F_STRUCT_REPAIRED,
				       conc ? "clé à plat « autoriteConcedante.id »"
					    : "clé à plat « acheteur.id »");
	}
	id = decp_ident(d, idn, &changed);
	if (!id.s)
		return id;
	d->r->buyer_nom = decp_text(d, orcs_dn_get(b, "nom"));
	if (changed) {
		if (idn->type == DN_NUM)
			orcs_decp_flag(d->r, d->a, ORCS_F_TYPE_REPAIRED, "SIRET de l'acheteur numérique");
		orcs_decp_flagf(d->r, d->a, ORCS_F_SIRET_REPAIRED, "acheteur « %s »", idn->s);
	}
	if (!decp_siret_ok(id))
		orcs_decp_flagf(d->r, d->a, ORCS_F_SIRET_INVALID, "acheteur « %.*s »", (int)id.n, id.s);
	return id;
}

static orcs_str concat(decp_norm *d, orcs_str a, orcs_str b)
{
	char *s = orcs_arena_alloc(d->a, (size_t)a.n + b.n + 1);
	memcpy(s, a.s, a.n);
	memcpy(s + a.n, b.s, b.n);
	s[a.n + b.n] = '\0';
	return decp_str(s, (size_t)a.n + b.n);
}

/* considerationsSociales / Environnementales: three states (§3.4). */
static void considerations(decp_norm *d, int en, const orcs_dnode *v, const char *wrapper,
			   int *status, orcs_str *values)
{
	const char *none = en == E_SOC ? "SOC_NONE" : "ENV_NONE";
	const char *what = en == E_SOC ? "considération sociale" : "considération environnementale";
	uint32_t mask, nonebit;
	int unknown, n;
	if (d->r->fmt != 2024) {
		*status = ORCS_CONSID_NOT_APPLICABLE;
		*values = decp_null;
		return;
	}
	mask = decp_enum_mask(d, en, v, wrapper, what, &unknown, &n);
	nonebit = decp_enum_bit(d->c, en, none);
	if ((mask & nonebit) && (mask & ~nonebit)) {
		orcs_decp_flagf(d->r, d->a, ORCS_F_CONSID_CONTRADICTORY,
				"%s" ORCS_NBSP ": « pas de considération » avec une autre valeur", what);
		mask &= ~nonebit;
	}
	if (!mask) {
		/* nothing usable: unknown, never "none" */
		*status = ORCS_CONSID_NOT_FILLED;
		*values = decp_null;
		return;
	}
	*status = ORCS_CONSID_FILLED;
	*values = decp_mask_join(d, en, mask, 0);
}

static orcs_str cpv(decp_norm *d, const orcs_dnode *v, orcs_str *div)
{
	orcs_str t = decp_text(d, v);
	size_t n, i;
	char *o;
	*div = decp_null;
	if (!t.s || decp_null_text(t.s, t.n))
		return decp_null;
	n = t.n;
	if ((n == 10 && t.s[8] == '-') || (n == 9 && t.s[7] == '-'))
		n -= 2; /* check digit */
	for (i = 0; i < n; i++)
		if (t.s[i] < '0' || t.s[i] > '9')
			break;
	if (i != n || (n != 8 && n != 7)) {
		orcs_decp_flagf(d->r, d->a, ORCS_F_CPV_INVALID, "codeCPV « %.*s »",
				(int)(t.n > 40 ? 40 : t.n), t.s);
		return decp_null;
	}
	o = orcs_arena_alloc(d->a, 9);
	if (n == 7) {
		/* a code stored as a number lost its leading zero (09310000) */
		o[0] = '0';
		memcpy(o + 1, t.s, 7);
		orcs_decp_flagf(d->r, d->a, ORCS_F_CPV_INVALID, "codeCPV « %.*s » complété en 0%.*s",
				(int)t.n, t.s, 7, t.s);
	} else {
		memcpy(o, t.s, 8);
	}
	o[8] = '\0';
	*div = decp_str(o, 2);
	return decp_str(o, 8);
}

/* rkey: 40 bits of hash(uid) + 24 bits of hash(date, titulaires, montant). */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void rkey(decp_norm *d)
{
	orcs_decp_rec *r = d->r;
	orcs_buf *b = &d->c->scratch;
	char **parts = NULL;
	int i, np = 0;
	int64_t lo, hi;
	uint64_t h;
	orcs_decp_rkey_uid_range(r->uid.s, r->uid.n, &lo, &hi);
	orcs_buf_reset(b);
	if (r->date_notif.s)
		orcs_buf_add(b, r->date_notif.s, r->date_notif.n);
	orcs_buf_addc(b, '\x1f');
	if (r->ntits) {
		parts = orcs_arena_alloc(d->a, (size_t)r->ntits * sizeof(*parts));
		for (i = 0; i < r->ntits; i++) {
			const orcs_decp_party *p = &r->tits[i];
			/* type_id \x1e ident (each up to a NUL, as "%.*s" did) */
			size_t nt = p->type_id.s ? strnlen(p->type_id.s, p->type_id.n) : 0;
			size_t ni = p->ident.s ? strnlen(p->ident.s, p->ident.n) : 0;
			char *s = orcs_arena_alloc(d->a, nt + ni + 2);
			if (nt)
				memcpy(s, p->type_id.s, nt);
			s[nt] = '\x1e';
			if (ni)
				memcpy(s + nt + 1, p->ident.s, ni);
			s[nt + 1 + ni] = '\0';
			parts[np++] = s;
		}
		qsort(parts, (size_t)np, sizeof(*parts), cmp_str);
		for (i = 0; i < np; i++)
			if (!i || strcmp(parts[i], parts[i - 1])) {
				orcs_buf_adds(b, parts[i]);
				orcs_buf_addc(b, '\x1d');
			}
	}
	orcs_buf_addc(b, '\x1f');
	if (!isnan(r->montant_initial)) {
		double cents = r->montant_initial * 100.0;
		if (fabs(cents) < 9e18) {
			/* integer cents, without printf on the hot path */
			char digits[24];
			int64_t v = llround(cents);
			int k = 0, neg = v < 0;
			uint64_t u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			do {
				digits[k++] = (char)('0' + u % 10);
				u /= 10;
			} while (u);
			if (neg)
				orcs_buf_addc(b, '-');
			while (k)
				orcs_buf_addc(b, digits[--k]);
		} else {
			orcs_buf_addf(b, "%.0f", cents);
		}
	}
	h = decp_hash(b->data, b->len, 0x6b6579);
	r->rkey = (int64_t)((uint64_t)lo | (h & 0xFFFFFFULL));
}

void orcs_decp_normalise(orcs_decp_ctx *c, const orcs_decp_raw *raw, orcs_arena *arena,
			 orcs_decp_rec *r)
{
	const orcs_dnode *k[K_COUNT];
	const orcs_dnode *ch, *root = raw->root;
	decp_norm dn, *d = &dn;
	int conc;
	orcs_str t;

	memset(r, 0, sizeof(*r));
	r->index = raw->index;
	r->offset = raw->offset;
	r->montant_initial = r->montant_current = r->taux_avance = r->montant_subvention = NAN;
	r->duree_initial = r->duree_current = r->offres = -1;
	r->innovant = r->sous_traitance = r->attribution_avance = -1;
	d->c = c;
	d->a = arena;
	d->r = r;
	d->json = raw->syntax != ORCS_SYNTAX_XML;

	if (raw->flags & (ORCS_RAW_TOO_DEEP | ORCS_RAW_TOO_BIG)) {
		quarantine(r, "Q_TOO_LARGE", raw->flags & ORCS_RAW_TOO_DEEP
						     ? "imbrication trop profonde"
						     : "enregistrement trop volumineux");
		return;
	}
	if (!root || root->type != DN_MAP) {
		static const char *const names[] = { "null", "un booléen", "un nombre", "un texte",
						     "un objet", "une liste" };
		quarantine(r, "Q_NOT_OBJECT",
			   orcs_arena_strndup(arena, root ? names[root->type] : "vide",
					      strlen(root ? names[root->type] : "vide")));
		return;
	}
	memset(k, 0, sizeof(k));
	for (ch = root->child; ch; ch = ch->next) {
		enum decp_key key = decp_key_of(c, ch->key, ch->klen);
		if (key != K_NONE && !k[key])
			k[key] = ch;
	}
	if (raw->flags & ORCS_RAW_KEYS_TRIMMED)
		orcs_decp_flag(r, arena, ORCS_F_STRUCT_REPAIRED, "clé entourée d'espaces");
	if (raw->flags & ORCS_RAW_LEXFIX)
		orcs_decp_flag(r, arena, ORCS_F_ENCODING_REPAIRED, "NaN, échappement ou caractère de "
				"contrôle réparé");

	r->kind = detect_kind(d, raw, k);
	conc = r->kind == ORCS_KIND_CONCESSION;
	r->fmt = detect_format(d, raw, k);
	if (!r->fmt) {
		quarantine(r, "Q_FORMAT", "ni format 2019 ni format 2024");
		return;
	}
	r->id = decp_text(d, k[K_ID]);
	if (!r->id.s) {
		quarantine(r, "Q_NO_ID", conc ? "contrat de concession sans identifiant"
					      : "marché sans identifiant");
		return;
	}
	if (k[K_ID]->type == DN_NUM)
		orcs_decp_flag(r, arena, ORCS_F_TYPE_REPAIRED, "identifiant numérique");
	r->buyer_siret = buyer(d, k, conc);
	if (!r->buyer_siret.s) {
		quarantine(r, "Q_NO_BUYER", conc ? "autorité concédante sans identifiant"
					         : "acheteur sans identifiant");
		return;
	}
	r->uid = concat(d, r->buyer_siret, r->id);
	t = decp_text(d, k[K_UID]);
	if (t.s && (t.n != r->uid.n || memcmp(t.s, r->uid.s, t.n))) {
		r->uid_src = t;
		orcs_decp_flagf(r, arena, ORCS_F_UID_MISMATCH, "uid source « %.*s »",
				(int)(t.n > 60 ? 60 : t.n), t.s);
	}
	r->origin = decp_text(d, k[K_SOURCE]);

	/* fields */
	r->nature = decp_enum(d, E_NATURE, k[K_NATURE], "nature");
	r->objet = decp_text(d, k[K_OBJET]);
	r->cpv = cpv(d, k[K_CPV], &r->cpv2);
	r->procedure = decp_enum(d, conc ? E_CONC_PROCEDURE : E_PROCEDURE, k[K_PROCEDURE],
				 "procédure");
	if (k[K_LIEU])
		decp_geo_place(d, k[K_LIEU]);
	r->duree_initial = decp_int(d, k[K_DUREE], "dureeMois", 1);
	r->date_notif = decp_date(d, conc ? (k[K_DATE_SIGN] ? k[K_DATE_SIGN] : k[K_DATE_NOTIF])
					  : (k[K_DATE_NOTIF] ? k[K_DATE_NOTIF] : k[K_DATE_SIGN]),
				  conc ? "dateSignature" : "dateNotification");
	if (r->date_notif.s)
		r->notif_year = decp_date_ymd(r->date_notif) / 10000;
	r->date_pub = decp_date(d, k[K_DATE_PUB], "datePublicationDonnees");
	r->date_debut = decp_date(d, k[K_DATE_DEBUT], "dateDebutExecution");
	r->montant_initial = decp_number(d, conc ? (k[K_VALEUR] ? k[K_VALEUR] : k[K_MONTANT])
						 : (k[K_MONTANT] ? k[K_MONTANT] : k[K_VALEUR]),
					 conc ? "valeurGlobale" : "montant");
	if (conc)
		r->montant_subvention = decp_number(d, k[K_SUBVENTION], "montantSubventionPublique");
	r->forme_prix = decp_enum(d, E_FORME_PRIX, k[K_FORME_PRIX], "formePrix");
	if (r->fmt == 2024 || k[K_TYPES_PRIX] || k[K_TECHNIQUES] || k[K_MODALITES]) {
		int unknown, n;
		uint32_t m = decp_enum_mask(d, E_TYPE_PRIX, k[K_TYPES_PRIX], "typePrix", "typePrix",
					    &unknown, &n);
		r->types_prix = decp_mask_join(d, E_TYPE_PRIX, m, unknown);
		m = decp_enum_mask(d, E_TECHNIQUE, k[K_TECHNIQUES], "technique", "technique",
				   &unknown, &n);
		r->techniques = decp_mask_join(d, E_TECHNIQUE, m, unknown);
		m = decp_enum_mask(d, E_MODALITE, k[K_MODALITES], "modaliteExecution",
				   "modaliteExecution", &unknown, &n);
		r->modalites = decp_mask_join(d, E_MODALITE, m, unknown);
	}
	r->id_accord_cadre = decp_text(d, k[K_ID_AC]);
	r->innovant = decp_bool(d, k[K_INNOVANT], "marcheInnovant");
	r->ccag = decp_enum(d, E_CCAG, k[K_CCAG], "ccag");
	r->offres = decp_int(d, k[K_OFFRES], "offresRecues", 1);
	r->attribution_avance = decp_bool(d, k[K_ATTRIB_AVANCE], "attributionAvance");
	r->taux_avance = decp_number(d, k[K_TAUX_AVANCE], "tauxAvance");
	if (!isnan(r->taux_avance) && (r->taux_avance < 0 || r->taux_avance > 1)) {
		orcs_decp_flagf(r, arena, ORCS_F_VALUE_INVALID, "tauxAvance hors de 0–1 (%g)",
				r->taux_avance);
		r->taux_avance = NAN;
	}
	r->groupement = decp_enum(d, E_GROUPEMENT, k[K_GROUPEMENT], "typeGroupementOperateurs");
	considerations(d, E_SOC, k[K_SOC], "considerationSociale", &r->social_status,
		       &r->social_values);
	considerations(d, E_ENV, k[K_ENV], "considerationEnvironnementale", &r->env_status,
		       &r->env_values);

	/* lists */
	if (conc)
		decp_parties(d, k[K_CONCESSIONNAIRES] ? k[K_CONCESSIONNAIRES] : k[K_TITULAIRES],
			     "concessionnaire", "concessionnaire", &r->tits, &r->ntits);
	else
		decp_parties(d, k[K_TITULAIRES] ? k[K_TITULAIRES] : k[K_CONCESSIONNAIRES], "titulaire",
			     "titulaire", &r->tits, &r->ntits);
	decp_modifications(d, k[K_MODIFS]);
	if (k[K_ACTES_ST] || k[K_MODIFS_ST] || k[K_SOUS_TRAITANCE])
		decp_subcontracts(d, k[K_ACTES_ST], k[K_MODIFS_ST], k[K_SOUS_TRAITANCE]);

	orcs_decp_checks(d, k);
	rkey(d);
}
