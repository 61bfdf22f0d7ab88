/*
 * decp_parties.c - the lists of a record: titulaires / concessionnaires,
 * modifications (applied as versions, domain.md §2.8) and sub-contracting
 * acts with their modifications.
 */
#include <stdlib.h>
#include <string.h>

#include "core/ids.h"
#include "ingest/decp_internal.h"

static int is14(orcs_str s)
{
	uint32_t i;
	if (!s.s || s.n != 14)
		return 0;
	for (i = 0; i < 14; i++)
		if (s.s[i] < '0' || s.s[i] > '9')
			return 0;
	return 1;
}

/* One operator from its map; returns 0 for an empty block. */
static int party(decp_norm *d, const orcs_dnode *m, const char *who, int pos,
		 orcs_decp_party *p)
{
	const orcs_dnode *idn = orcs_dn_get(m, "id"), *tn = orcs_dn_get(m, "typeIdentifiant");
	int changed = 0;
	memset(p, 0, sizeof(*p));
	p->ident = decp_ident(d, idn, &changed);
	p->type_id = decp_enum(d, E_TYPE_ID, tn, "typeIdentifiant");
	p->nom = decp_text(d, orcs_dn_get(m, "denominationSociale"));
	if (!p->ident.s && !p->type_id.s && !p->nom.s)
		return 0;
	if (!p->type_id.s && is14(p->ident)) {
		p->type_id = decp_str("SIRET", 5);
		orcs_decp_flagf(d->r, d->a, ORCS_F_TYPE_ID_REPAIRED,
				"%s %d" ORCS_NBSP ": type vide, SIRET déduit de l'identifiant", who, pos);
	}
	if (p->type_id.s && !strcmp(p->type_id.s, "SIRET") && p->ident.s) {
		if (changed && idn && idn->type == DN_NUM)
			orcs_decp_flagf(d->r, d->a, ORCS_F_TYPE_REPAIRED, "%s %d" ORCS_NBSP ": identifiant "
					"numérique", who, pos);
		if (changed)
			orcs_decp_flagf(d->r, d->a, ORCS_F_SIRET_REPAIRED, "%s %d" ORCS_NBSP ": « %s »",
					who, pos, idn && idn->s ? idn->s : "");
		if (decp_siret_ok(p->ident)) {
			p->siret_valid = 1;
			p->siren = decp_str(p->ident.s, 9);
		} else {
			orcs_decp_flagf(d->r, d->a, ORCS_F_SIRET_INVALID, "%s %d" ORCS_NBSP ": « %.*s »",
					who, pos, (int)p->ident.n, p->ident.s);
		}
	}
	return 1;
}

void decp_parties(decp_norm *d, const orcs_dnode *v, const char *wrapper, const char *who,
		  orcs_decp_party **out, int *n)
{
	const orcs_dnode **items;
	int k = decp_items(d, v, wrapper, 0, &items), i, stubs = 0;
	orcs_decp_party *p = k ? orcs_arena_alloc(d->a, (size_t)k * sizeof(*p)) : NULL;
	*n = 0;
	for (i = 0; i < k; i++) {
		if (party(d, items[i], who, *n + 1, &p[*n]))
			(*n)++;
		else
			stubs++;
	}
	if (stubs)
		orcs_decp_flagf(d->r, d->a, ORCS_F_STUB_DROPPED, "%d %s vide%s", stubs, who,
				stubs > 1 ? "s" : "");
	*out = p;
}

/* ---- modifications ------------------------------------------------------ */

static int by_id(const void *a, const void *b)
{
	const orcs_decp_modif *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->src_order - y->src_order;
}

static int by_date(const void *a, const void *b)
{
	const orcs_decp_modif *x = a, *y = b;
	int c = memcmp(x->date_notif.s, y->date_notif.s, 10);
	return c ? c : x->src_order - y->src_order;
}

static const orcs_dnode *either(const orcs_dnode *m, const char *a, const char *b)
{
	const orcs_dnode *v = orcs_dn_get(m, a);
	return v ? v : orcs_dn_get(m, b);
}

void decp_modifications(decp_norm *d, const orcs_dnode *v)
{
	orcs_decp_rec *r = d->r;
	const orcs_dnode **items;
	int k = decp_items(d, v, "modification", 0, &items), i, ids_ok = 1, dates_ok = 1;
	int conc = r->kind == ORCS_KIND_CONCESSION;
	orcs_decp_modif *m;
	double prev;

	r->montant_current = r->montant_initial;
	r->duree_current = r->duree_initial;
	if (!k)
		return;
	m = orcs_arena_calloc(d->a, (size_t)k * sizeof(*m));
	for (i = 0; i < k; i++) {
		const orcs_dnode *it = items[i], *tn;
		m[i].src_order = i;
		m[i].id = decp_int(d, orcs_dn_get(it, "id"), "modification.id", 0);
		m[i].date_notif = decp_date(d, conc ? either(it, "dateSignatureModification",
							     "dateNotificationModification")
						    : either(it, "dateNotificationModification",
							     "dateSignatureModification"),
					    "date de modification");
		m[i].date_pub = decp_date(d, orcs_dn_get(it, "datePublicationDonneesModification"),
					  "date de publication de la modification");
		m[i].objet = decp_text(d, orcs_dn_get(it, "objetModification"));
		m[i].montant = decp_number(d, conc ? either(it, "valeurGlobale", "montant")
						   : either(it, "montant", "valeurGlobale"),
					   "montant de la modification");
		m[i].duree = decp_int(d, orcs_dn_get(it, "dureeMois"), "durée de la modification", 1);
		tn = conc ? either(it, "concessionnaires", "titulaires")
			  : either(it, "titulaires", "concessionnaires");
		if (tn && !orcs_dn_blank(tn)) {
			decp_parties(d, tn, conc ? "concessionnaire" : "titulaire",
				     conc ? "concessionnaire modifié" : "titulaire modifié", &m[i].tits,
				     &m[i].ntits);
			if (!m[i].ntits)
				m[i].tits = NULL;
		}
		if (m[i].id < 1)
			ids_ok = 0;
		if (!m[i].date_notif.s)
			dates_ok = 0;
	}
	if (ids_ok) { /* ids must also be unique */
		qsort(m, (size_t)k, sizeof(*m), by_id);
		for (i = 1; i < k; i++)
			if (m[i].id == m[i - 1].id)
				ids_ok = 0;
	}
	if (r->fmt == 2024 && !ids_ok)
		orcs_decp_flagf(d->r, d->a, ORCS_F_MODIF_ID_INVALID,
				"identifiants de modification absents, nuls ou répétés");
	if (!ids_ok || r->fmt == 2019) {
		if (dates_ok)
			qsort(m, (size_t)k, sizeof(*m), by_date);
		else {
			/* back to file order */
			orcs_decp_modif *o = orcs_arena_alloc(d->a, (size_t)k * sizeof(*m));
			for (i = 0; i < k; i++)
				o[m[i].src_order] = m[i];
			m = o;
		}
	}
	/* current state: per-field forward fill */
	prev = r->montant_initial;
	for (i = 0; i < k; i++) {
		if (!isnan(m[i].montant)) {
			if (!isnan(prev) && prev > 0 && m[i].montant < d->c->modif_ratio * prev)
				orcs_decp_flagf(d->r, d->a, ORCS_F_MODIF_AMOUNT_AMBIGUOUS,
						"modification %d" ORCS_NBSP ": %.2f après %.2f", i + 1,
						m[i].montant, prev);
			prev = m[i].montant;
			r->montant_current = m[i].montant;
		}
		if (m[i].duree >= 0)
			r->duree_current = m[i].duree;
	}
	r->modifs = m;
	r->nmodifs = k;
}

/* ---- sub-contracting ---------------------------------------------------- */

void decp_subcontracts(decp_norm *d, const orcs_dnode *acts, const orcs_dnode *mods,
		       const orcs_dnode *declared)
{
	orcs_decp_rec *r = d->r;
	const orcs_dnode **items;
	int k = decp_items(d, acts, "acteSousTraitance", 0, &items), i, incomplete = 0;
	orcs_decp_sub *s = k ? orcs_arena_calloc(d->a, (size_t)k * sizeof(*s)) : NULL;
	int decl;

	for (i = 0; i < k; i++) {
		const orcs_dnode *it = items[i];
		s[i].act_id = decp_int(d, orcs_dn_get(it, "id"), "acte de sous-traitance.id", 0);
		if (!party(d, orcs_dn_get(it, "sousTraitant"), "sous-traitant", i + 1, &s[i].who))
			memset(&s[i].who, 0, sizeof(s[i].who));
		s[i].duree = decp_int(d, orcs_dn_get(it, "dureeMois"), "durée de l'acte", 1);
		s[i].montant = decp_number(d, orcs_dn_get(it, "montant"), "montant de l'acte");
		s[i].date_notif = decp_date(d, orcs_dn_get(it, "dateNotification"),
					    "date de notification de l'acte");
		s[i].date_pub = decp_date(d, orcs_dn_get(it, "datePublicationDonnees"),
					  "date de publication de l'acte");
		s[i].variation_prix = decp_text(d, orcs_dn_get(it, "variationPrix"));
		s[i].montant_current = s[i].montant;
		s[i].duree_current = s[i].duree;
		if (!s[i].who.ident.s || s[i].duree < 0 || isnan(s[i].montant) || !s[i].date_notif.s ||
		    !s[i].date_pub.s || !s[i].variation_prix.s)
			incomplete++;
	}
	r->subs = s;
	r->nsubs = k;
	if (incomplete)
		orcs_decp_flagf(d->r, d->a, ORCS_F_SUBCONTRACT_INCONSISTENT,
				"%d acte%s de sous-traitance incomplet%s", incomplete,
				incomplete > 1 ? "s" : "", incomplete > 1 ? "s" : "");
	if (mods && !orcs_dn_blank(mods)) {
		const orcs_dnode *wrapped = orcs_dn_get(mods, "modificationActesSousTraitance");
		int nm = decp_items(d, mods, wrapped && !orcs_dn_get(mods, "modificationActeSousTraitance")
						     ? "modificationActesSousTraitance"
						     : "modificationActeSousTraitance",
				    0, &items);
		int orphans = 0;
		for (i = 0; i < nm; i++) {
			int64_t id = decp_int(d, orcs_dn_get(items[i], "id"),
					      "modification d'acte.id", 0);
			double mt = decp_number(d, orcs_dn_get(items[i], "montant"),
						"montant de la modification d'acte");
			int64_t du = decp_int(d, orcs_dn_get(items[i], "dureeMois"),
					      "durée de la modification d'acte", 1);
			int j, found = 0;
			for (j = 0; j < k; j++)
				if (s[j].act_id == id && id >= 0) {
					if (!isnan(mt))
						s[j].montant_current = mt;
					if (du >= 0)
						s[j].duree_current = du;
					s[j].n_modifications++;
					found = 1;
					break;
				}
			if (!found)
				orphans++;
		}
		if (orphans)
			orcs_decp_flagf(d->r, d->a, ORCS_F_SUBCONTRACT_INCONSISTENT,
					"%d modification%s d'un acte inconnu", orphans,
					orphans > 1 ? "s" : "");
	}
	decl = declared ? decp_bool(d, declared, "sousTraitanceDeclaree") : -1;
	r->sous_traitance = decl;
	if (decl == 0 && k > 0)
		orcs_decp_flagf(d->r, d->a, ORCS_F_SUBCONTRACT_INCONSISTENT,
				"sousTraitanceDeclaree faux mais %d acte%s présent%s", k, k > 1 ? "s" : "",
				k > 1 ? "s" : "");
}
