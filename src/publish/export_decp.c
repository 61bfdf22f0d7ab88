/*
 * export_decp.c - `orcs export decp`: the warehouse's marchés and
 * contrats de concession in the official DECP 2024 format, schema v2.0.3
 * (data/schemas), as JSON ({"marches": {"marche": [...],
 * "contrat-concession": [...]}}) or XML (<marches><marche>…
 * <contrat-concession>…).
 *
 * The initial data of each contract are written as notified (no invented
 * value): a record missing a field the schema requires (older 2019-format
 * records have no considerations, techniques, CCAG…) is counted as
 * skipped, never completed.  Codes of the warehouse are written back with
 * their official labels (dim_enum, loaded from data/ref/enums.csv).
 * Modifications (and the concessions' donneesExecution) are not exported.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "publish/export.h"

#define NB ORCS_NBSP
#define MAXV 8

typedef struct label {
	char *key; /* "enum\tcode" */
	char *label;
} label;

typedef struct dx {
	label *labels;
	int nlabels;
	orcs_export_format fmt;
	FILE *f;
	yajl_gen g;
	sqlite3_stmt *tit;
	orcs_buf tmp;
} dx;

static const char *lab(const dx *x, const char *en, const char *code)
{
	char key[128];
	int i;
	if (!code)
		return NULL;
	snprintf(key, sizeof(key), "%s\t%s", en, code);
	for (i = 0; i < x->nlabels; i++)
		if (!strcmp(x->labels[i].key, key))
			return x->labels[i].label;
	return NULL;
}

/* Splits "A|B" codes into labels of `en`, each once (the schema's lists
 * are sets: *repeated is set when the source repeats one); returns their
 * number, 0 when there is none, -1 when one is unknown or there are too
 * many. */
static int labels_of(const dx *x, const char *en, const char *codes, const char **out,
		     char store[MAXV][64], int *repeated)
{
	int n = 0, i;
	const char *p = codes;
	if (!codes || !*codes)
		return 0;
	while (*p) {
		size_t len = strcspn(p, "|");
		if (n == MAXV || len >= 64)
			return -1;
		snprintf(store[n], 64, "%.*s", (int)len, p);
		if (!(out[n] = lab(x, en, store[n])))
			return -1;
		for (i = 0; i < n && strcmp(out[i], out[n]); i++)
			;
		if (i < n)
			*repeated = 1;
		else
			n++;
		p += len;
		if (*p == '|')
			p++;
	}
	return n;
}

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n')
				fputc(*s, f);
		}
	}
}

/* ---- writers: one set of calls for both formats ---- */

static void w_str(dx *x, const char *k, const char *v)
{
	if (x->fmt == ORCS_EXPORT_JSON) {
		orcs_json_kstr(x->g, k, v);
	} else {
		fprintf(x->f, "<%s>", k);
		xml_text(x->f, v);
		fprintf(x->f, "</%s>", k);
	}
}

static void w_raw(dx *x, const char *k, const char *v, int is_bool, int bval)
{
	if (x->fmt == ORCS_EXPORT_JSON) {
		orcs_json_str(x->g, k);
		if (is_bool)
			orcs_json_bool(x->g, bval);
		else
			yajl_gen_number(x->g, v, strlen(v));
	} else {
		fprintf(x->f, "<%s>%s</%s>", k, is_bool ? (bval ? "true" : "false") : v, k);
	}
}

/* {"techniques": {"technique": [..]}} / <techniques><technique>…</technique></techniques> */
static void w_list(dx *x, const char *outer, const char *inner, const char **v, int n)
{
	int i;
	if (x->fmt == ORCS_EXPORT_JSON) {
		orcs_json_str(x->g, outer);
		yajl_gen_map_open(x->g);
		orcs_json_str(x->g, inner);
		yajl_gen_array_open(x->g);
		for (i = 0; i < n; i++)
			orcs_json_str(x->g, v[i]);
		yajl_gen_array_close(x->g);
		yajl_gen_map_close(x->g);
	} else {
		fprintf(x->f, "<%s>", outer);
		for (i = 0; i < n; i++)
			w_str(x, inner, v[i]);
		fprintf(x->f, "</%s>", outer);
	}
}

static void w_open(dx *x, const char *k)
{
	if (x->fmt == ORCS_EXPORT_JSON) {
		orcs_json_str(x->g, k);
		yajl_gen_map_open(x->g);
	} else {
		fprintf(x->f, "<%s>", k);
	}
}

static void w_close(dx *x, const char *k)
{
	if (x->fmt == ORCS_EXPORT_JSON)
		yajl_gen_map_close(x->g);
	else
		fprintf(x->f, "</%s>", k);
}

static int is_digits(const char *s, size_t n)
{
	size_t i;
	if (!s || strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int is_date(const char *s)
{
	return s && strlen(s) == 10 && isdigit((unsigned char)s[0]) && s[4] == '-' && s[7] == '-';
}

#define COL(i) ((const char *)sqlite3_column_text(st, (i)))

/* Titulaires (concessionnaires) at notification (version 0), each once,
 * as `outer` holding one `inner` per party: returns their number
 * (*repeated set when the source lists one twice), -1 when one cannot be
 * written (foreign or unknown identifier type, no identifier). */
static int titulaires(dx *x, sqlite3_int64 id, const char *outer, const char *inner, int write,
		      int *repeated)
{
	int n = 0, ok = 1, i;
	char seen[16][64];
	sqlite3_reset(x->tit);
	sqlite3_bind_int64(x->tit, 1, id);
	if (write) {
		if (x->fmt == ORCS_EXPORT_JSON) {
			orcs_json_str(x->g, outer);
			yajl_gen_array_open(x->g);
		} else {
			fprintf(x->f, "<%s>", outer);
		}
	}
	while (sqlite3_step(x->tit) == SQLITE_ROW) {
		const char *type = lab(x, "type_identifiant",
				       (const char *)sqlite3_column_text(x->tit, 0));
		const char *ident = (const char *)sqlite3_column_text(x->tit, 1);
		char key[64];
		if (!type || !ident || !*ident || !strcmp(type, "UE")) {
			ok = 0;
			continue;
		}
		snprintf(key, sizeof(key), "%s\t%s", type, ident);
		for (i = 0; i < n && i < 16 && strcmp(seen[i], key); i++)
			;
		if (i < n && i < 16) {
			*repeated = 1;
			continue;
		}
		if (n < 16)
			memcpy(seen[n], key, sizeof(key));
		else
			ok = 0; /* more than the checks above can tell apart */
		n++;
		if (!write)
			continue;
		if (x->fmt == ORCS_EXPORT_JSON) {
			yajl_gen_map_open(x->g);
			w_open(x, inner);
			w_str(x, "typeIdentifiant", type);
			w_str(x, "id", ident);
			w_close(x, inner);
			yajl_gen_map_close(x->g);
		} else {
			fprintf(x->f, "<%s>", inner);
			w_str(x, "typeIdentifiant", type);
			w_str(x, "id", ident);
			fprintf(x->f, "</%s>", inner);
		}
	}
	if (write) {
		if (x->fmt == ORCS_EXPORT_JSON)
			yajl_gen_array_close(x->g);
		else
			fprintf(x->f, "</%s>", outer);
	}
	return ok ? n : -1;
}

/* Writes one marché: returns M_WRITTEN, or leaves it out (nothing
 * written) and says why: M_MISSING when a field the schema requires is
 * absent, M_INVALID when a value is outside the schema.  *repaired: a
 * repeated titulaire or code written once. */
enum { M_WRITTEN, M_MISSING, M_INVALID };

static int marche(dx *x, sqlite3_stmt *st, int *repaired)
{
	const char *tech[MAXV], *mods[MAXV], *prix[MAXV], *soc[MAXV], *env[MAXV];
	char s1[MAXV][64], s2[MAXV][64], s3[MAXV][64], s4[MAXV][64], s5[MAXV][64];
	int nt, nm, np, ns, ne, ntit, k;
	const char *id = COL(1), *buyer = COL(2), *nature = lab(x, "decp_nature", COL(3)),
		   *objet = COL(4), *cpv = COL(5), *ccag = lab(x, "ccag", COL(8)),
		   *grp = lab(x, "groupement", COL(11)), *proc = lab(x, "procedure", COL(12)),
		   *lieu = COL(13), *ltype = lab(x, "lieu_type", COL(14)), *dnot = COL(16),
		   *dpub = COL(17), *forme = lab(x, "forme_prix", COL(20));
	double montant = sqlite3_column_double(st, 18);
	char num[64];
	static const int required[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
					18, 19, 20, 21, 27 };
	*repaired = 0;
	for (k = 0; k < (int)(sizeof(required) / sizeof(required[0])); k++)
		if (sqlite3_column_type(st, required[k]) == SQLITE_NULL)
			return M_MISSING;
	if (!*lieu || !COL(22) || strcmp(COL(22), "FILLED") || !COL(24) ||
	    strcmp(COL(24), "FILLED"))
		return M_MISSING;
	if (strlen(id) < 1 || strlen(id) > 16 || !is_digits(buyer, 14) || !nature ||
	    (strcmp(nature, "Marché") && strcmp(nature, "Marché de partenariat") &&
	     strcmp(nature, "Marché de défense ou de sécurité")) ||
	    strlen(objet) > 1000 || !is_digits(cpv, 8) || !ccag || !grp || !proc || !ltype ||
	    sqlite3_column_int(st, 15) < 1 || !is_date(dnot) || !is_date(dpub) ||
	    !(montant >= 1) || !forme ||
	    (strcmp(forme, "Unitaire") && strcmp(forme, "Forfaitaire") && strcmp(forme, "Mixte")) ||
	    sqlite3_column_int(st, 9) < 1)
		return M_INVALID;
	nt = labels_of(x, "technique", COL(6), tech, s1, repaired);
	nm = labels_of(x, "modalite_execution", COL(27), mods, s2, repaired);
	np = labels_of(x, "type_prix", COL(19), prix, s3, repaired);
	ns = labels_of(x, "consid_social", COL(23), soc, s4, repaired);
	ne = labels_of(x, "consid_env", COL(25), env, s5, repaired);
	ntit = titulaires(x, sqlite3_column_int64(st, 0), "titulaires", "titulaire", 0, repaired);
	if (nt < 0 || nm < 0 || np < 0 || ns < 0 || ne < 0 || ntit < 0)
		return M_INVALID;
	if (!nt || !nm || !np || !ns || !ne || !ntit)
		return M_MISSING;
	if (x->fmt == ORCS_EXPORT_JSON)
		yajl_gen_map_open(x->g);
	else
		fputs("<marche>", x->f);
	w_str(x, "id", id);
	w_open(x, "acheteur");
	w_str(x, "id", buyer);
	w_close(x, "acheteur");
	w_str(x, "nature", nature);
	w_str(x, "objet", objet);
	w_str(x, "codeCPV", cpv);
	w_list(x, "techniques", "technique", tech, nt);
	w_list(x, "modalitesExecution", "modaliteExecution", mods, nm);
	w_raw(x, "marcheInnovant", NULL, 1, sqlite3_column_int(st, 7));
	w_str(x, "ccag", ccag);
	snprintf(num, sizeof(num), "%d", sqlite3_column_int(st, 9));
	w_raw(x, "offresRecues", num, 0, 0);
	w_raw(x, "attributionAvance", NULL, 1, sqlite3_column_int(st, 10));
	if (sqlite3_column_type(st, 26) != SQLITE_NULL) {
		double t = sqlite3_column_double(st, 26);
		if (t >= 0 && t <= 1) {
			snprintf(num, sizeof(num), "%.6g", t);
			w_raw(x, "tauxAvance", num, 0, 0);
		}
	}
	w_str(x, "typeGroupementOperateurs", grp);
	w_raw(x, "sousTraitanceDeclaree", NULL, 1, sqlite3_column_int(st, 21));
	w_str(x, "procedure", proc);
	w_open(x, "lieuExecution");
	w_str(x, "code", lieu);
	w_str(x, "typeCode", ltype);
	w_close(x, "lieuExecution");
	snprintf(num, sizeof(num), "%d", sqlite3_column_int(st, 15));
	w_raw(x, "dureeMois", num, 0, 0);
	w_str(x, "dateNotification", dnot);
	w_str(x, "datePublicationDonnees", dpub);
	snprintf(num, sizeof(num), "%.2f", montant);
	w_raw(x, "montant", num, 0, 0);
	w_list(x, "typesPrix", "typePrix", prix, np);
	w_str(x, "formePrix", forme);
	titulaires(x, sqlite3_column_int64(st, 0), "titulaires", "titulaire", 1, &k);
	w_list(x, "considerationsSociales", "considerationSociale", soc, ns);
	w_list(x, "considerationsEnvironnementales", "considerationEnvironnementale", env, ne);
	if (x->fmt == ORCS_EXPORT_JSON)
		yajl_gen_map_close(x->g);
	else
		fputs("</marche>\n", x->f);
	return M_WRITTEN;
}

static int one_of(const char *s, const char *const *set)
{
	for (; s && *set; set++)
		if (!strcmp(s, *set))
			return 1;
	return 0;
}

/* Writes one contrat de concession (columns as for marche(), plus 29
 * date_debut_execution and 30 montant_subvention); same results. */
static int concession(dx *x, sqlite3_stmt *st, int *repaired)
{
	static const char *const natures[] = { "Concession de travaux", "Concession de service",
					       "Concession de service public",
					       "Délégation de service public", NULL };
	static const char *const socs[] = { "Clause sociale", "Critère social",
					    "Concession réservée", "Pas de considération sociale",
					    NULL };
	static const char *const envs[] = { "Clause environnementale", "Critère environnemental",
					    "Pas de considération environnementale", NULL };
	static const int required[] = { 1, 2, 3, 4, 12, 15, 16, 17, 18, 22, 24, 29, 30 };
	const char *soc[MAXV], *env[MAXV];
	char s4[MAXV][64], s5[MAXV][64];
	const char *id = COL(1), *autorite = COL(2), *nature = lab(x, "decp_nature", COL(3)),
		   *objet = COL(4), *proc = lab(x, "concession_procedure", COL(12)),
		   *dsig = COL(16), *dpub = COL(17), *ddeb = COL(29);
	double valeur = sqlite3_column_double(st, 18), subv = sqlite3_column_double(st, 30);
	int ns, ne, nc, k;
	char num[64];
	*repaired = 0;
	for (k = 0; k < (int)(sizeof(required) / sizeof(required[0])); k++)
		if (sqlite3_column_type(st, required[k]) == SQLITE_NULL)
			return M_MISSING;
	if (strcmp(COL(22), "FILLED") || strcmp(COL(24), "FILLED"))
		return M_MISSING;
	if (strlen(id) < 1 || strlen(id) > 16 || !is_digits(autorite, 14) ||
	    !one_of(nature, natures) || strlen(objet) > 1000 || !proc ||
	    sqlite3_column_int(st, 15) < 1 || !is_date(dsig) || !is_date(dpub) || !is_date(ddeb) ||
	    !(valeur >= 1) || !(subv >= 0))
		return M_INVALID;
	ns = labels_of(x, "consid_social", COL(23), soc, s4, repaired);
	ne = labels_of(x, "consid_env", COL(25), env, s5, repaired);
	for (k = 0; k < ns; k++) /* the reserved contract, as the concession schema names it */
		if (!strcmp(s4[k], "SOC_RESERVE"))
			soc[k] = "Concession réservée";
	for (k = 0; k < ns; k++)
		if (!one_of(soc[k], socs))
			ns = -1;
	for (k = 0; k < ne; k++)
		if (!one_of(env[k], envs))
			ne = -1;
	nc = titulaires(x, sqlite3_column_int64(st, 0), "concessionnaires", "concessionnaire", 0,
			repaired);
	if (ns < 0 || ne < 0 || nc < 0)
		return M_INVALID;
	if (!ns || !ne || !nc)
		return M_MISSING;
	if (x->fmt == ORCS_EXPORT_JSON)
		yajl_gen_map_open(x->g);
	else
		fputs("<contrat-concession>", x->f);
	w_str(x, "id", id);
	w_open(x, "autoriteConcedante");
	w_str(x, "id", autorite);
	w_close(x, "autoriteConcedante");
	w_str(x, "nature", nature);
	w_str(x, "objet", objet);
	w_str(x, "procedure", proc);
	snprintf(num, sizeof(num), "%d", sqlite3_column_int(st, 15));
	w_raw(x, "dureeMois", num, 0, 0);
	w_str(x, "dateSignature", dsig);
	w_str(x, "datePublicationDonnees", dpub);
	w_str(x, "dateDebutExecution", ddeb);
	snprintf(num, sizeof(num), "%.2f", valeur);
	w_raw(x, "valeurGlobale", num, 0, 0);
	snprintf(num, sizeof(num), "%.2f", subv);
	w_raw(x, "montantSubventionPublique", num, 0, 0);
	titulaires(x, sqlite3_column_int64(st, 0), "concessionnaires", "concessionnaire", 1, &k);
	w_list(x, "considerationsSociales", "considerationSociale", soc, ns);
	w_list(x, "considerationsEnvironnementales", "considerationEnvironnementale", env, ne);
	if (x->fmt == ORCS_EXPORT_JSON)
		yajl_gen_map_close(x->g);
	else
		fputs("</contrat-concession>\n", x->f);
	return M_WRITTEN;
}

static void tally(orcs_decp_export_tally *t, int result, int repaired)
{
	switch (result) {
	case M_WRITTEN:
		t->written++;
		t->repaired += repaired;
		break;
	case M_MISSING:
		t->missing++;
		break;
	default:
		t->invalid++;
	}
}

/* JSON: closes the list of marchés and opens the concessions' (once). */
static void json_concessions(dx *x, int *opened)
{
	if (*opened || x->fmt != ORCS_EXPORT_JSON)
		return;
	yajl_gen_array_close(x->g);
	orcs_json_str(x->g, "contrat-concession");
	yajl_gen_array_open(x->g);
	*opened = 1;
}

int orcs_export_decp(orcs_db *db, orcs_export_format fmt, int year, const char *path,
		     orcs_decp_export_counts *counts, orcs_error *err)
{
	dx x;
	sqlite3_stmt *st = NULL, *en = NULL;
	int rc, i, conc_open = 0;
	memset(counts, 0, sizeof(*counts));
	if (fmt != ORCS_EXPORT_JSON && fmt != ORCS_EXPORT_XML)
		return orcs_error_set(err, ORCS_EUSAGE, "--format" NB ": json ou xml");
	memset(&x, 0, sizeof(x));
	x.fmt = fmt;
	orcs_buf_init(&x.tmp);
	if ((rc = orcs_db_prepare(db, &en, "SELECT enum || char(9) || code, label FROM dim_enum",
				  err)) != ORCS_OK)
		return rc;
	while (sqlite3_step(en) == SQLITE_ROW) {
		x.labels = orcs_xrealloc(x.labels, (size_t)(x.nlabels + 1) * sizeof(*x.labels));
		x.labels[x.nlabels].key = orcs_xstrdup((const char *)sqlite3_column_text(en, 0));
		x.labels[x.nlabels].label = orcs_xstrdup((const char *)sqlite3_column_text(en, 1));
		x.nlabels++;
	}
	sqlite3_finalize(en);
	rc = orcs_db_prepare(db, &st,
			     "SELECT id, id_src, buyer_siret, nature, objet, cpv, techniques, "
			     "marche_innovant, ccag, offres_recues, attribution_avance, groupement, "
			     "procedure, lieu_code, lieu_type, duree_initial, date_notification, "
			     "date_publication, montant_initial, types_prix, forme_prix, "
			     "sous_traitance, social_status, social_values, env_status, env_values, "
			     "taux_avance, modalites_execution, kind = 'MARCHE', date_debut_execution, "
			     "montant_subvention FROM decp_contract WHERE (?1 = 0 OR notif_year = ?1) "
			     "ORDER BY kind = 'CONCESSION', buyer_siret, id_src, id",
			     err);
	if (rc == ORCS_OK)
		rc = orcs_db_prepare(db, &x.tit,
				     "SELECT type_id, ident FROM decp_titulaire WHERE contract_id = ?1 "
				     "AND version = 0 ORDER BY pos",
				     err);
	if (rc == ORCS_OK) {
		x.f = path ? fopen(path, "w") : stdout;
		if (!x.f)
			rc = orcs_error_set(err, ORCS_EIO, "%s" NB ": écriture impossible", path);
	}
	if (rc == ORCS_OK) {
		sqlite3_bind_int(st, 1, year);
		if (fmt == ORCS_EXPORT_JSON) {
			x.g = orcs_json_new(x.f, 0);
			yajl_gen_map_open(x.g);
			orcs_json_str(x.g, "marches");
			yajl_gen_map_open(x.g);
			orcs_json_str(x.g, "marche");
			yajl_gen_array_open(x.g);
		} else {
			fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<marches>\n", x.f);
		}
		while (sqlite3_step(st) == SQLITE_ROW) {
			int repaired = 0, r;
			if (sqlite3_column_int(st, 28)) {
				r = marche(&x, st, &repaired);
				tally(&counts->marches, r, repaired);
			} else {
				json_concessions(&x, &conc_open);
				r = concession(&x, st, &repaired);
				tally(&counts->concessions, r, repaired);
			}
		}
		json_concessions(&x, &conc_open);
		if (fmt == ORCS_EXPORT_JSON) {
			yajl_gen_array_close(x.g);
			yajl_gen_map_close(x.g);
			yajl_gen_map_close(x.g);
			orcs_json_free(x.g);
		} else {
			fputs("</marches>\n", x.f);
		}
		if (path && fclose(x.f) != 0)
			rc = orcs_error_set(err, ORCS_EIO, "%s" NB ": écriture impossible", path);
		else if (!path)
			fflush(stdout);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(x.tit);
	for (i = 0; i < x.nlabels; i++) {
		free(x.labels[i].key);
		free(x.labels[i].label);
	}
	free(x.labels);
	orcs_buf_release(&x.tmp);
	return rc;
}
