/*
 * decp_checks.c - record-level quality checks of a normalised DECP record
 * (domain.md §10.1): missing required values, aberrant amounts, amount
 * against duration, late publication, publication before notification.
 * Field-level flags (identifiers, dates, enumerations…) are raised by the
 * normaliser as it reads each value.
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "ingest/decp_internal.h"

/* Bounds of plausible amounts (€ HT), §2.9 Q3.  Concessions may
 * legitimately exceed a billion: they keep the 11-integer-digit bound. */
#define AMOUNT_MIN 200.0
#define AMOUNT_MAX_MARCHE 999999999.0
#define AMOUNT_MAX_CONCESSION 99999999999.0

static int blank(const orcs_dnode *v)
{
	return orcs_dn_blank(v);
}

static void missing(decp_norm *d, const orcs_dnode *const *k)
{
	const orcs_decp_rec *r = d->r;
	int conc = r->kind == ORCS_KIND_CONCESSION;
	char buf[240];
	size_t len = 0;
	int n = 0;
#define NEED(cond, name)                                                                   \
	do {                                                                               \
		if (cond) {                                                                \
			int w = snprintf(buf + len, sizeof(buf) - len, "%s%s", n ? ", " : "", \
					 name);                                            \
			if (w > 0 && (size_t)w < sizeof(buf) - len)                        \
				len += (size_t)w;                                          \
			n++;                                                               \
		}                                                                          \
	} while (0)
	NEED(blank(k[K_NATURE]), "nature");
	NEED(blank(k[K_OBJET]), "objet");
	NEED(blank(k[K_PROCEDURE]), "procedure");
	NEED(blank(k[K_DUREE]), "dureeMois");
	NEED(blank(k[K_DATE_PUB]), "datePublicationDonnees");
	if (!conc) {
		NEED(blank(k[K_CPV]), "codeCPV");
		NEED(blank(orcs_dn_get(k[K_LIEU], "code")), "lieuExecution.code");
		NEED(blank(orcs_dn_get(k[K_LIEU], "typeCode")), "lieuExecution.typeCode");
		NEED(blank(k[K_DATE_NOTIF]), "dateNotification");
		NEED(blank(k[K_MONTANT]), "montant");
		NEED(blank(k[K_FORME_PRIX]), "formePrix");
		NEED(r->ntits == 0, "titulaires");
		if (r->fmt == 2019)
			NEED(blank(orcs_dn_get(k[K_ACHETEUR], "nom")), "acheteur.nom");
		if (r->fmt == 2024) {
			NEED(blank(k[K_TECHNIQUES]), "techniques");
			NEED(blank(k[K_MODALITES]), "modalitesExecution");
			NEED(blank(k[K_TYPES_PRIX]), "typesPrix");
			NEED(blank(k[K_INNOVANT]), "marcheInnovant");
			NEED(blank(k[K_CCAG]), "ccag");
			NEED(blank(k[K_OFFRES]), "offresRecues");
			NEED(blank(k[K_ATTRIB_AVANCE]), "attributionAvance");
			NEED(blank(k[K_GROUPEMENT]), "typeGroupementOperateurs");
			NEED(blank(k[K_SOUS_TRAITANCE]), "sousTraitanceDeclaree");
		}
	} else {
		NEED(blank(k[K_DATE_SIGN]) && blank(k[K_DATE_NOTIF]), "dateSignature");
		NEED(blank(k[K_DATE_DEBUT]), "dateDebutExecution");
		NEED(blank(k[K_VALEUR]) && blank(k[K_MONTANT]), "valeurGlobale");
		NEED(r->ntits == 0, "concessionnaires");
		if (r->fmt == 2019) {
			NEED(blank(orcs_dn_get(k[K_LIEU], "code")), "lieuExecution.code");
			NEED(blank(orcs_dn_get(k[K_AUTORITE], "nom")), "autoriteConcedante.nom");
		}
	}
	if (r->fmt == 2024) {
		NEED(r->social_status == ORCS_CONSID_NOT_FILLED, "considerationsSociales");
		NEED(r->env_status == ORCS_CONSID_NOT_FILLED, "considerationsEnvironnementales");
	}
#undef NEED
	if (n)
		orcs_decp_flag(d->r, d->a, ORCS_F_MISSING, orcs_arena_strndup(d->a, buf, len));
}

static void amounts(decp_norm *d)
{
	orcs_decp_rec *r = d->r;
	double m = r->montant_initial, max;
	int64_t du = r->duree_initial;
	if (isnan(m))
		return;
	max = r->kind == ORCS_KIND_CONCESSION ? AMOUNT_MAX_CONCESSION : AMOUNT_MAX_MARCHE;
	if (m < AMOUNT_MIN || m > max) {
		orcs_decp_flagf(r, d->a, ORCS_F_AMOUNT_ABERRANT, "%.2f €", m);
		r->amount_flagged = 1;
	}
	if (r->kind != ORCS_KIND_MARCHE || du <= 0)
		return;
	if (m / (double)du < 100.0 || (m / (double)du < 1000.0 && m < 200000.0) ||
	    ((du == 360 || du == 365 || du == 366) && m < 10e6) || (du > 120 && m < 2e6))
		orcs_decp_flagf(r, d->a, ORCS_F_AMOUNT_DURATION, "%.2f € sur %lld mois", m, (long long)du);
}

/* yyyymmdd + 2 months (day clamped to the end of the month). */
static int plus_two_months(int ymd)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = ymd / 10000, m = ymd / 100 % 100, dd = ymd % 100, last;
	m += 2;
	if (m > 12) {
		m -= 12;
		y++;
	}
	last = dm[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (dd > last)
		dd = last;
	return y * 10000 + m * 100 + dd;
}

static void timeliness(decp_norm *d)
{
	orcs_decp_rec *r = d->r;
	int notif = decp_date_ymd(r->date_notif), pub = decp_date_ymd(r->date_pub);
	if (!notif || !pub)
		return;
	if (pub < notif)
		orcs_decp_flagf(r, d->a, ORCS_F_PUB_BEFORE_NOTIF, "publiée le %.10s, notifiée le %.10s",
				r->date_pub.s, r->date_notif.s);
	else if (pub > plus_two_months(notif))
		orcs_decp_flagf(r, d->a, ORCS_F_LATE_PUBLICATION, "publiée le %.10s, notifiée le %.10s",
				r->date_pub.s, r->date_notif.s);
}

void orcs_decp_checks(decp_norm *d, const orcs_dnode *const *k)
{
	missing(d, k);
	amounts(d);
	timeliness(d);
}
