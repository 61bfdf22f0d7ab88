/*
 * clauses_tables.c - the one declaration of the exchange format's tables
 * (columns, types, required flags, enumerations) and of how each is
 * checked across fields, against references and written.
 *
 * Check order for a row (the first failure is its reason):
 *   1. every column in declaration order (required, format, enumeration);
 *   2. checks across fields (date order, monthly hours);
 *   3. references to other tables (delivery so far + warehouse);
 *   4. the key: new, exact duplicate, replacement or in-delivery conflict.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/clauses_internal.h"

#define REQ CF_REQUIRED

/* column indexes, per table */
enum { DO_SIRET, DO_NOM, DO_TYPE, DO_DEPT };
enum { EN_SIRET, EN_NOM, EN_NAF, EN_TYPE, EN_DEPT };
enum { OP_ID, OP_LIBELLE, OP_DONNEUR, OP_PROG, OP_MOA, OP_COMMUNES, OP_QPV };
enum {
	MA_ID, MA_LOT, MA_OPERATION, MA_DONNEUR, MA_OBJET, MA_CPV, MA_TYPE, MA_PROC, MA_DATE,
	MA_DUREE, MA_MONTANT, MA_MODALITES, MA_HEURES, MA_LIEU, MA_DECP
};
enum { ME_DONNEUR, ME_MARCHE, ME_LOT, ME_SIRET, ME_ROLE };
enum { PA_ID, PA_SEXE, PA_NAISS, PA_COMMUNE, PA_QPV, PA_DIPLOME, PA_PUBLICS, PA_RQTH, PA_PRESC, PA_ENTREE };
enum { CO_ID, CO_PART, CO_EMPLOYEUR, CO_DONNEUR, CO_MARCHE, CO_LOT, CO_TYPE, CO_MODALITE, CO_DEBUT, CO_FIN };
enum { HE_CONTRAT, HE_PERIODE, HE_TRAVAIL, HE_FORMATION };
enum { SO_PART, SO_DATE, SO_HORIZON, SO_SITUATION };
enum { EG_DONNEUR, EG_ANNEE, EG_HEURES, EG_PARTS, EG_QPV };
enum { CS_ID, CS_LOT, CS_DATE, CS_ACHETEUR, CS_TYPE, CS_CPV, CS_SOC, CS_ENV, CS_OFFRES };

static int load_donneurs(cimport *ci);
static int load_entreprises(cimport *ci);
static int load_operations(cimport *ci);
static int load_marches(cimport *ci);
static int load_marche_entreprises(cimport *ci);
static int load_participants(cimport *ci);
static int load_contrats(cimport *ci);
static int load_heures(cimport *ci);
static int load_sorties(cimport *ci);
static int load_engagements(cimport *ci);
static int load_consultations(cimport *ci);

const ctable ctables[ORCS_CLAUSES_NTABLES] = {
	{ "donneurs_ordre",
	  { { "siret", F_SIRET, REQ, NULL },
	    { "nom", F_TEXT, REQ, NULL },
	    { "type_donneur", F_ENUM, 0, "donneur_type" },
	    { "departement", F_DEPT, 0, NULL } },
	  load_donneurs },
	{ "entreprises",
	  { { "siret", F_SIRET, REQ, NULL },
	    { "raison_sociale", F_TEXT, REQ, NULL },
	    { "naf", F_TEXT, 0, NULL },
	    { "type_structure", F_ENUM, 0, "structure_type" },
	    { "departement", F_DEPT, 0, NULL } },
	  load_entreprises },
	{ "operations",
	  { { "operation_id", F_ID, REQ, NULL },
	    { "libelle", F_TEXT, REQ, NULL },
	    { "siret_donneur", F_SIRET, REQ, NULL },
	    { "grand_projet", F_ENUM, 0, "programme" },
	    { "moa", F_ENUM, 0, "moa" },
	    { "communes_insee", F_INSEE_MULTI, 0, NULL },
	    { "qpv_anru", F_BOOL, 0, NULL } },
	  load_operations },
	{ "marches",
	  { { "marche_id", F_ID, REQ, NULL },
	    { "lot", F_LOT, 0, NULL },
	    { "operation_id", F_ID, 0, NULL },
	    { "siret_donneur", F_SIRET, REQ, NULL },
	    { "objet", F_TEXT, REQ, NULL },
	    { "cpv", F_CPV, 0, NULL },
	    { "type_marche", F_ENUM, 0, "nature_marche" },
	    { "procedure", F_ENUM, 0, "procedure" },
	    { "date_notification", F_DATE, REQ, NULL },
	    { "duree_mois", F_INT, 0, NULL },
	    { "montant_ht", F_NUM, 0, NULL },
	    { "modalites_juridiques", F_ENUM_MULTI, REQ, "legal_modality" },
	    { "heures_objectif", F_NUM, 0, NULL },
	    { "lieu_execution_insee", F_INSEE, 0, NULL },
	    { "decp_id", F_ID, 0, NULL } },
	  load_marches },
	{ "marche_entreprises",
	  { { "siret_donneur", F_SIRET, REQ, NULL },
	    { "marche_id", F_ID, REQ, NULL },
	    { "lot", F_LOT, 0, NULL },
	    { "siret", F_SIRET, REQ, NULL },
	    { "role", F_ENUM, REQ, "role" } },
	  load_marche_entreprises },
	{ "participants",
	  { { "participant_id", F_PID, REQ, NULL },
	    { "sexe", F_ENUM, 0, "sex" },
	    { "annee_naissance", F_BIRTHYEAR, 0, NULL },
	    { "commune_residence_insee", F_INSEE, 0, NULL },
	    { "qpv", F_BOOL, 0, NULL },
	    { "niveau_formation", F_ENUM, 0, "diploma" },
	    { "publics", F_ENUM_MULTI, 0, "public" },
	    { "rqth", F_BOOL, 0, NULL },
	    { "prescripteur", F_ENUM, 0, "prescriber" },
	    { "date_entree", F_DATE, 0, NULL } },
	  load_participants },
	{ "contrats",
	  { { "contrat_id", F_ID, REQ, NULL },
	    { "participant_id", F_PID, REQ, NULL },
	    { "siret_employeur", F_SIRET, REQ, NULL },
	    { "siret_donneur", F_SIRET, REQ, NULL },
	    { "marche_id", F_ID, REQ, NULL },
	    { "lot", F_LOT, 0, NULL },
	    { "type_contrat", F_ENUM, REQ, "contract_type" },
	    { "modalite_realisation", F_ENUM, REQ, "fulfilment_modality" },
	    { "date_debut", F_DATE, REQ, NULL },
	    { "date_fin", F_DATE, 0, NULL } },
	  load_contrats },
	{ "heures",
	  { { "contrat_id", F_ID, REQ, NULL },
	    { "periode", F_PERIOD, REQ, NULL },
	    { "heures_travail", F_NUM, REQ, NULL },
	    { "heures_formation", F_NUM, 0, NULL } },
	  load_heures },
	{ "sorties",
	  { { "participant_id", F_PID, REQ, NULL },
	    { "date", F_DATE, REQ, NULL },
	    { "horizon", F_ENUM, REQ, "outcome_horizon" },
	    { "situation", F_ENUM, REQ, "outcome" } },
	  load_sorties },
	{ "engagements",
	  { { "siret_donneur", F_SIRET, REQ, NULL },
	    { "annee", F_YEAR, REQ, NULL },
	    { "heures_objectif", F_NUM, 0, NULL },
	    { "participants_objectif", F_INT, 0, NULL },
	    { "part_qpv_objectif", F_SHARE, 0, NULL } },
	  load_engagements },
	{ "consultations",
	  { { "consultation_id", F_ID, REQ, NULL },
	    { "lot", F_LOT, 0, NULL },
	    { "date_publication", F_DATE, REQ, NULL },
	    { "siret_acheteur", F_SIRET, REQ, NULL },
	    { "type_marche", F_ENUM, 0, "nature_marche" },
	    { "cpv", F_CPV, 0, NULL },
	    { "clause_sociale", F_ENUM_MULTI, 0, "consultation_clause" },
	    { "clause_environnementale", F_ENUM_MULTI, CF_NO_RESERVE, "consultation_clause" },
	    { "offres_deposees", F_INT, 0, NULL } },
	  load_consultations },
};

/* SQL columns of the fact tables written through ci_write (keys first). */
static const char *const w_operation[] = { "operation_id", "libelle", "donneur_siret", "programme",
					    "moa", "communes", "qpv_anru" };
static const char *const w_market[] = { "donneur_siret", "marche_id", "lot", "operation_id",
					"objet", "cpv", "nature", "procedure", "date_notification",
					"notif_year", "duree_mois", "montant_ht", "modalites",
					"heures_objectif", "lieu_commune", "decp_id" };
static const char *const w_market_ent[] = { "market_id", "siret", "role" };
static const char *const w_participant[] = { "pid", "sexe", "birth_year", "age_entry",
					     "age_band", "commune_res", "dept_res", "qpv",
					     "diploma", "publics", "rqth", "prescriber",
					     "entry_month" };
static const char *const w_contract[] = { "contrat_id", "pid", "employer_siret", "market_id",
					  "contract_type", "fulfilment", "date_debut", "date_fin" };
static const char *const w_hours[] = { "contrat_id", "month", "hours_work", "hours_training" };
static const char *const w_outcome[] = { "pid", "horizon", "date", "situation" };
static const char *const w_commitment[] = { "donneur_siret", "year", "hours_target",
					    "participants_target", "qpv_share_target" };
static const char *const w_consultation[] = { "consultation_id", "lot", "date_publication",
					      "pub_year", "buyer_siret", "nature", "cpv",
					      "clause_sociale", "clause_env", "offres" };

#define W(t, cols, nk) { t, cols, (int)(sizeof(cols) / sizeof(cols[0])), nk, NULL, NULL, NULL }

void ci_init_writers(cimport *ci);
void ci_init_writers(cimport *ci)
{
	const wdesc init[ORCS_CLAUSES_NTABLES] = {
		[ORCS_T_DONNEURS] = { NULL, NULL, 0, 0, NULL, NULL, NULL },
		[ORCS_T_ENTREPRISES] = { NULL, NULL, 0, 0, NULL, NULL, NULL },
		[ORCS_T_OPERATIONS] = W("clause_operation", w_operation, 1),
		[ORCS_T_MARCHES] = W("clause_market", w_market, 3),
		[ORCS_T_MARCHE_ENTREPRISES] = W("clause_market_enterprise", w_market_ent, 3),
		[ORCS_T_PARTICIPANTS] = W("clause_participant", w_participant, 1),
		[ORCS_T_CONTRATS] = W("clause_contract", w_contract, 1),
		[ORCS_T_HEURES] = W("clause_hours", w_hours, 2),
		[ORCS_T_SORTIES] = W("clause_outcome", w_outcome, 2),
		[ORCS_T_ENGAGEMENTS] = W("clause_commitment", w_commitment, 2),
		[ORCS_T_CONSULTATIONS] = W("platform_consultation", w_consultation, 2),
	};
	memcpy(ci->w, init, sizeof(init));
}

/* ------------------------------------------------------------------ */

static int ref_missing(cimport *ci, const char *what)
{
	return ci_quarantine_reason(ci, "Q_REF_MISSING", "%s", what);
}

static int buyer_known(cimport *ci, const cval *siret)
{
	bval b;
	bv_text(&b, siret);
	return ci_exists(ci, &ci->q_buyer, "SELECT 1 FROM dim_buyer WHERE siret = ?", &b, 1, NULL);
}

static int enterprise_known(cimport *ci, const cval *siret)
{
	bval b;
	int r;
	if (ci->last_enterprise.len == siret->n && !memcmp(ci->last_enterprise.data, siret->s, siret->n))
		return 1;
	bv_text(&b, siret);
	r = ci_exists(ci, &ci->q_enterprise, "SELECT 1 FROM dim_enterprise WHERE siret = ?", &b, 1,
		      NULL);
	if (r == 1) {
		orcs_buf_reset(&ci->last_enterprise);
		orcs_buf_add(&ci->last_enterprise, siret->s, siret->n);
	}
	return r;
}

/* A pid is a uniformly distributed hash: its first 8 bytes are a good
 * 64-bit set key (a false match needs a 64-bit collision). */
static uint64_t pid_key(const unsigned char *d)
{
	uint64_t k = 0;
	int i;
	for (i = 0; i < 8; i++)
		k = k << 8 | d[i];
	return k ? k : 1; /* 0 marks an empty slot */
}

static void pid_insert(cimport *ci, uint64_t k)
{
	size_t i;
	if ((ci->pid_n + 1) * 2 > ci->pid_cap) {
		uint64_t *old = ci->pids;
		size_t oldcap = ci->pid_cap, j;
		ci->pid_cap = ci->pid_cap ? ci->pid_cap * 2 : 1 << 16;
		ci->pids = orcs_xcalloc(ci->pid_cap, sizeof(uint64_t));
		ci->pid_n = 0;
		for (j = 0; j < oldcap; j++)
			if (old[j])
				pid_insert(ci, old[j]);
		free(old);
	}
	i = (size_t)(k * 0x9E3779B97F4A7C15ULL >> 20) & (ci->pid_cap - 1);
	while (ci->pids[i]) {
		if (ci->pids[i] == k)
			return;
		i = (i + 1) & (ci->pid_cap - 1);
	}
	ci->pids[i] = k;
	ci->pid_n++;
}

void ci_pid_add(cimport *ci, const unsigned char *pid)
{
	if (ci->pids_ready)
		pid_insert(ci, pid_key(pid));
}

static int participant_known(cimport *ci, const cval *pid)
{
	uint64_t k;
	size_t i;
	if (!ci->pids_ready) {
		/* every participant of the warehouse, this delivery's included */
		sqlite3_stmt *st;
		int rc;
		if (orcs_db_prepare(ci->db, &st, "SELECT pid FROM clause_participant", ci->err))
			return -1;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			if (sqlite3_column_bytes(st, 0) == 32)
				pid_insert(ci, pid_key(sqlite3_column_blob(st, 0)));
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return orcs_db_error(ci->db, "participants connus", ci->err), -1;
		ci->pids_ready = 1;
	}
	if (!ci->pid_cap)
		return 0;
	k = pid_key(pid->pid);
	i = (size_t)(k * 0x9E3779B97F4A7C15ULL >> 20) & (ci->pid_cap - 1);
	while (ci->pids[i]) {
		if (ci->pids[i] == k)
			return 1;
		i = (i + 1) & (ci->pid_cap - 1);
	}
	return 0;
}

/* Market id of (siret, marche_id, lot), cached for consecutive rows. */
static int market_id(cimport *ci, const cval *siret, const cval *marche, const cval *lot,
		     int64_t *id)
{
	bval b[3];
	int r;
	orcs_buf_reset(&ci->tmp);
	orcs_buf_add(&ci->tmp, siret->s, siret->n);
	orcs_buf_addc(&ci->tmp, '\x1f');
	orcs_buf_add(&ci->tmp, marche->s, marche->n);
	orcs_buf_addc(&ci->tmp, '\x1f');
	orcs_buf_add(&ci->tmp, lot->s, lot->n);
	if (ci->last_market.len && ci->last_market.len == ci->tmp.len &&
	    !memcmp(ci->last_market.data, ci->tmp.data, ci->tmp.len)) {
		*id = ci->last_market_id;
		return 1;
	}
	bv_text(&b[0], siret);
	bv_text(&b[1], marche);
	bv_text(&b[2], lot);
	r = ci_exists(ci, &ci->q_market,
		      "SELECT id FROM clause_market WHERE donneur_siret = ? AND marche_id = ? AND lot = ?",
		      b, 3, id);
	if (r == 1) {
		orcs_buf_reset(&ci->last_market);
		orcs_buf_add(&ci->last_market, ci->tmp.data, ci->tmp.len);
		ci->last_market_id = *id;
	}
	return r;
}

static const char *pid_short(const cval *pid, char out[20])
{
	snprintf(out, 20, "%.12s…", pid->s);
	return out;
}

/* Dimensions (dim_buyer, dim_enterprise) with coalescing upserts. */
static int load_dim(cimport *ci, int dim, const cval *siret, const cval *const *vals,
		    const char *const *names, int nvals)
{
	static const char *const sel_sql[2] = {
		"SELECT nom, donneur_type, departement FROM dim_buyer WHERE siret = ?",
		"SELECT nom, naf, structure_type, departement FROM dim_enterprise WHERE siret = ?"
	};
	static const char *const ins_sql[2] = {
		"INSERT INTO dim_buyer(siret, siren, nom, donneur_type, departement, siret_valid) "
		"VALUES (?1, substr(?1, 1, 9), ?2, ?3, ?4, 1)",
		"INSERT INTO dim_enterprise(siret, siren, nom, naf, structure_type, departement, "
		"siret_valid) VALUES (?1, substr(?1, 1, 9), ?2, ?3, ?4, ?5, 1)"
	};
	static const char *const upd_sql[2] = {
		"UPDATE dim_buyer SET nom = coalesce(?2, nom), donneur_type = coalesce(?3, donneur_type), "
		"departement = coalesce(?4, departement), siret_valid = 1 WHERE siret = ?1",
		"UPDATE dim_enterprise SET nom = coalesce(?2, nom), naf = coalesce(?3, naf), "
		"structure_type = coalesce(?4, structure_type), departement = coalesce(?5, departement), "
		"siret_valid = 1 WHERE siret = ?1"
	};
	static const char *const dim_name[2] = { "buyer", "enterprise" };
	sqlite3_stmt *st;
	int i, exists, same = 1, rc;
	int64_t prev = 0;
	int has_prev = 0;

	if (!ci->d_sel[dim] && orcs_db_prepare(ci->db, &ci->d_sel[dim], sel_sql[dim], ci->err))
		return R_FAILED;
	st = ci->d_sel[dim];
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, siret->s, (int)siret->n, SQLITE_STATIC);
	exists = sqlite3_step(st) == SQLITE_ROW;
	orcs_buf_reset(&ci->changed);
	if (exists)
		for (i = 0; i < nvals; i++) {
			const char *old = (const char *)sqlite3_column_text(st, i);
			if (!vals[i]->set)
				continue;
			if (!old || strlen(old) != vals[i]->n || memcmp(old, vals[i]->s, vals[i]->n)) {
				same = 0;
				if (ci->changed.len)
					orcs_buf_addc(&ci->changed, '|');
				orcs_buf_adds(&ci->changed, names[i]);
			}
		}
	sqlite3_reset(st);
	if (exists && same)
		return R_DUPLICATE;
	if (exists) {
		sqlite3_stmt *q;
		if (!ci->q_dimsrc &&
		    orcs_db_prepare(ci->db, &ci->q_dimsrc,
				    "SELECT batch_id FROM clause_dim_source WHERE dim = ? AND siret = ?",
				    ci->err))
			return R_FAILED;
		q = ci->q_dimsrc;
		sqlite3_reset(q);
		sqlite3_bind_text(q, 1, dim_name[dim], -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, siret->s, (int)siret->n, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW) {
			prev = sqlite3_column_int64(q, 0);
			has_prev = 1;
		}
		sqlite3_reset(q);
		if (has_prev && prev == ci->batch_id)
			return ci_quarantine_reason(ci, "Q_DUPLICATE_KEY_CONFLICT",
						    "SIRET déjà livré dans cette livraison avec d'autres "
						    "valeurs (%s)",
						    ci->changed.data);
	}
	if (!exists) {
		if (!ci->d_ins[dim] && orcs_db_prepare(ci->db, &ci->d_ins[dim], ins_sql[dim], ci->err))
			return R_FAILED;
		st = ci->d_ins[dim];
	} else {
		if (!ci->d_upd[dim] && orcs_db_prepare(ci->db, &ci->d_upd[dim], upd_sql[dim], ci->err))
			return R_FAILED;
		st = ci->d_upd[dim];
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	sqlite3_bind_text(st, 1, siret->s, (int)siret->n, SQLITE_STATIC);
	for (i = 0; i < nvals; i++)
		if (vals[i]->set)
			sqlite3_bind_text(st, i + 2, vals[i]->s, (int)vals[i]->n, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return orcs_db_error(ci->db, "écriture d'une dimension", ci->err), R_FAILED;
	if (!ci->q_dimsrc_put &&
	    orcs_db_prepare(ci->db, &ci->q_dimsrc_put,
			    "INSERT INTO clause_dim_source(dim, siret, batch_id, source_file, line) "
			    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(dim, siret) DO UPDATE SET "
			    "batch_id = excluded.batch_id, source_file = excluded.source_file, "
			    "line = excluded.line",
			    ci->err))
		return R_FAILED;
	st = ci->q_dimsrc_put;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, dim_name[dim], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, siret->s, (int)siret->n, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, ci->batch_id);
	sqlite3_bind_text(st, 4, ci->label, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, ci->line);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return orcs_db_error(ci->db, "provenance d'une dimension", ci->err), R_FAILED;
	if (exists) {
		orcs_buf_reset(&ci->keytxt);
		orcs_buf_add(&ci->keytxt, siret->s, siret->n);
		ci->prev_batch = has_prev ? prev : 0;
		return R_REPLACED;
	}
	return R_LOADED;
}

static int load_donneurs(cimport *ci)
{
	const cval *vals[] = { &ci->v[DO_NOM], &ci->v[DO_TYPE], &ci->v[DO_DEPT] };
	static const char *const names[] = { "nom", "type_donneur", "departement" };
	return load_dim(ci, 0, &ci->v[DO_SIRET], vals, names, 3);
}

static int load_entreprises(cimport *ci)
{
	const cval *vals[] = { &ci->v[EN_NOM], &ci->v[EN_NAF], &ci->v[EN_TYPE], &ci->v[EN_DEPT] };
	static const char *const names[] = { "raison_sociale", "naf", "type_structure", "departement" };
	return load_dim(ci, 1, &ci->v[EN_SIRET], vals, names, 4);
}

static int load_operations(cimport *ci)
{
	cval *v = ci->v;
	bval b[7];
	int r = buyer_known(ci, &v[OP_DONNEUR]);
	if (r < 0)
		return R_FAILED;
	if (!r)
		return ref_missing(ci, "donneur d'ordre inconnu (siret_donneur)");
	bv_text(&b[0], &v[OP_ID]);
	bv_text(&b[1], &v[OP_LIBELLE]);
	bv_text(&b[2], &v[OP_DONNEUR]);
	if (v[OP_PROG].set)
		bv_text(&b[3], &v[OP_PROG]);
	else
		bv_str(&b[3], "NONE");
	bv_text(&b[4], &v[OP_MOA]);
	bv_text(&b[5], &v[OP_COMMUNES]);
	bv_int(&b[6], &v[OP_QPV]);
	return ci_write(ci, &ci->w[ORCS_T_OPERATIONS], b);
}

static int load_marches(cimport *ci)
{
	cval *v = ci->v;
	bval b[16];
	int r, out;
	int64_t id = 0, decp = 0;
	const char *nature = v[MA_TYPE].set ? v[MA_TYPE].s : NULL;
	r = buyer_known(ci, &v[MA_DONNEUR]);
	if (r < 0)
		return R_FAILED;
	if (!r)
		return ref_missing(ci, "donneur d'ordre inconnu (siret_donneur)");
	if (v[MA_OPERATION].set) {
		bval k;
		bv_text(&k, &v[MA_OPERATION]);
		r = ci_exists(ci, &ci->q_operation,
			      "SELECT 1 FROM clause_operation WHERE operation_id = ?", &k, 1, NULL);
		if (r < 0)
			return R_FAILED;
		if (!r)
			return ref_missing(ci, "opération inconnue (operation_id)");
	}
	if (!nature && v[MA_CPV].set) /* nature from the CPV division */
		orcs_strmap_get(ci->cpv, v[MA_CPV].s, 2, &nature, NULL);
	bv_text(&b[0], &v[MA_DONNEUR]);
	bv_text(&b[1], &v[MA_ID]);
	bv_text(&b[2], &v[MA_LOT]);
	bv_text(&b[3], &v[MA_OPERATION]);
	bv_text(&b[4], &v[MA_OBJET]);
	bv_text(&b[5], &v[MA_CPV]);
	bv_str(&b[6], nature);
	bv_text(&b[7], &v[MA_PROC]);
	bv_text(&b[8], &v[MA_DATE]);
	bv_i(&b[9], v[MA_DATE].y);
	bv_int(&b[10], &v[MA_DUREE]);
	bv_num(&b[11], &v[MA_MONTANT]);
	bv_text(&b[12], &v[MA_MODALITES]);
	bv_num(&b[13], &v[MA_HEURES]);
	bv_text(&b[14], &v[MA_LIEU]);
	bv_text(&b[15], &v[MA_DECP]);
	out = ci_write(ci, &ci->w[ORCS_T_MARCHES], b);
	if (out == R_LOADED || out == R_REPLACED || out == R_DUPLICATE) {
		/* link to the DECP contract when the warehouse has it (not part of
		 * the delivered values: never makes a row "different") */
		sqlite3_stmt *st;
		if (v[MA_DECP].set) {
			r = market_id(ci, &v[MA_DONNEUR], &v[MA_ID], &v[MA_LOT], &id);
			if (r != 1)
				return R_FAILED;
			bval k[2];
			bv_text(&k[0], &v[MA_DONNEUR]);
			bv_text(&k[1], &v[MA_DECP]);
			r = ci_exists(ci, &ci->q_decp,
				      "SELECT id FROM decp_contract WHERE buyer_siret = ? AND id_src = ? "
				      "ORDER BY id LIMIT 1",
				      k, 2, &decp);
			if (r < 0)
				return R_FAILED;
			if (r == 1) {
				if (orcs_db_prepare(ci->db, &st,
						    "UPDATE clause_market SET decp_contract_id = ? WHERE id = ? "
						    "AND decp_contract_id IS NOT ?",
						    ci->err))
					return R_FAILED;
				sqlite3_bind_int64(st, 1, decp);
				sqlite3_bind_int64(st, 2, id);
				sqlite3_bind_int64(st, 3, decp);
				r = sqlite3_step(st);
				sqlite3_finalize(st);
				if (r != SQLITE_DONE)
					return orcs_db_error(ci->db, "lien DECP", ci->err), R_FAILED;
			}
		}
	}
	return out;
}

static int load_marche_entreprises(cimport *ci)
{
	cval *v = ci->v;
	bval b[3];
	int64_t id;
	int r = market_id(ci, &v[ME_DONNEUR], &v[ME_MARCHE], &v[ME_LOT], &id);
	if (r < 0)
		return R_FAILED;
	if (!r)
		return ref_missing(ci, "marché inconnu (siret_donneur, marche_id, lot)");
	r = enterprise_known(ci, &v[ME_SIRET]);
	if (r < 0)
		return R_FAILED;
	if (!r)
		return ref_missing(ci, "entreprise inconnue (siret)");
	bv_i(&b[0], id);
	bv_text(&b[1], &v[ME_SIRET]);
	bv_text(&b[2], &v[ME_ROLE]);
	return ci_write(ci, &ci->w[ORCS_T_MARCHE_ENTREPRISES], b);
}

static const char *age_band(int64_t age)
{
	if (age < 0)
		return "AGE_NR";
	if (age < 26)
		return "AGE_LT26";
	if (age < 50)
		return "AGE_26_49";
	return "AGE_50P";
}

static int load_participants(cimport *ci)
{
	cval *v = ci->v;
	bval b[13];
	char month[16];
	int64_t age = -1;
	if (v[PA_NAISS].set && v[PA_ENTREE].set)
		age = v[PA_ENTREE].y - v[PA_NAISS].i;
	bv_pid(&b[0], &v[PA_ID]);
	if (v[PA_SEXE].set)
		bv_text(&b[1], &v[PA_SEXE]);
	else
		bv_str(&b[1], "NR");
	bv_int(&b[2], &v[PA_NAISS]);
	if (age >= 0)
		bv_i(&b[3], age);
	else
		bv_str(&b[3], NULL);
	bv_str(&b[4], age_band(age));
	bv_text(&b[5], &v[PA_COMMUNE]);
	bv_str(&b[6], v[PA_COMMUNE].set ? v[PA_COMMUNE].dept : NULL);
	bv_int(&b[7], &v[PA_QPV]);
	if (v[PA_DIPLOME].set)
		bv_text(&b[8], &v[PA_DIPLOME]);
	else
		bv_str(&b[8], "DIP_NR");
	bv_text(&b[9], &v[PA_PUBLICS]);
	bv_int(&b[10], &v[PA_RQTH]);
	bv_text(&b[11], &v[PA_PRESC]);
	if (v[PA_ENTREE].set) {
		snprintf(month, sizeof(month), "%04d-%02d", v[PA_ENTREE].y % 10000, v[PA_ENTREE].m % 100);
		bv_str(&b[12], month);
	} else {
		bv_str(&b[12], NULL);
	}
	{
		int out = ci_write(ci, &ci->w[ORCS_T_PARTICIPANTS], b);
		if (out == R_LOADED)
			ci_pid_add(ci, v[PA_ID].pid);
		return out;
	}
}

static int load_contrats(cimport *ci)
{
	cval *v = ci->v;
	bval b[8];
	int64_t id;
	char ps[20];
	int r;
	if (v[CO_FIN].set && strcmp(v[CO_FIN].s, v[CO_DEBUT].s) < 0)
		return ci_quarantine_reason(ci, "Q_DATE_ORDER", "date_fin %s antérieure à date_debut %s",
					    v[CO_FIN].s, v[CO_DEBUT].s);
	r = participant_known(ci, &v[CO_PART]);
	if (r < 0)
		return R_FAILED;
	if (!r)
		return ci_quarantine_reason(ci, "Q_REF_MISSING", "participant inconnu (pid %s)",
					    pid_short(&v[CO_PART], ps));
	r = market_id(ci, &v[CO_DONNEUR], &v[CO_MARCHE], &v[CO_LOT], &id);
	if (r < 0)
		return R_FAILED;
	if (!r)
		return ref_missing(ci, "marché inconnu (siret_donneur, marche_id, lot)");
	r = enterprise_known(ci, &v[CO_EMPLOYEUR]);
	if (r < 0)
		return R_FAILED;
	if (!r)
		return ref_missing(ci, "employeur inconnu (siret_employeur)");
	bv_text(&b[0], &v[CO_ID]);
	bv_pid(&b[1], &v[CO_PART]);
	bv_text(&b[2], &v[CO_EMPLOYEUR]);
	bv_i(&b[3], id);
	bv_text(&b[4], &v[CO_TYPE]);
	bv_text(&b[5], &v[CO_MODALITE]);
	bv_text(&b[6], &v[CO_DEBUT]);
	bv_text(&b[7], &v[CO_FIN]);
	return ci_write(ci, &ci->w[ORCS_T_CONTRATS], b);
}

static int load_heures(cimport *ci)
{
	cval *v = ci->v;
	bval b[4];
	double total = v[HE_TRAVAIL].d + (v[HE_FORMATION].set ? v[HE_FORMATION].d : 0);
	if (total > ORCS_CLAUSES_MAX_MONTHLY_HOURS)
		return ci_quarantine_reason(ci, "Q_HOURS_EXCESSIVE",
					    "%.2f h dans le mois, au-delà du maximum plausible de %.0f h",
					    total, ORCS_CLAUSES_MAX_MONTHLY_HOURS);
	if (!(ci->last_contract.len == v[HE_CONTRAT].n &&
	      !memcmp(ci->last_contract.data, v[HE_CONTRAT].s, v[HE_CONTRAT].n))) {
		bval k;
		int r;
		bv_text(&k, &v[HE_CONTRAT]);
		r = ci_exists(ci, &ci->q_contract, "SELECT 1 FROM clause_contract WHERE contrat_id = ?",
			      &k, 1, NULL);
		if (r < 0)
			return R_FAILED;
		orcs_buf_reset(&ci->last_contract);
		orcs_buf_add(&ci->last_contract, v[HE_CONTRAT].s, v[HE_CONTRAT].n);
		ci->last_contract_ok = r;
	}
	if (!ci->last_contract_ok)
		return ref_missing(ci, "contrat inconnu (contrat_id)");
	bv_text(&b[0], &v[HE_CONTRAT]);
	bv_text(&b[1], &v[HE_PERIODE]);
	bv_num(&b[2], &v[HE_TRAVAIL]);
	bv_num(&b[3], &v[HE_FORMATION]);
	return ci_write(ci, &ci->w[ORCS_T_HEURES], b);
}

static int load_sorties(cimport *ci)
{
	cval *v = ci->v;
	bval b[4];
	char ps[20];
	int r = participant_known(ci, &v[SO_PART]);
	if (r < 0)
		return R_FAILED;
	if (!r)
		return ci_quarantine_reason(ci, "Q_REF_MISSING", "participant inconnu (pid %s)",
					    pid_short(&v[SO_PART], ps));
	bv_pid(&b[0], &v[SO_PART]);
	bv_text(&b[1], &v[SO_HORIZON]);
	bv_text(&b[2], &v[SO_DATE]);
	bv_text(&b[3], &v[SO_SITUATION]);
	return ci_write(ci, &ci->w[ORCS_T_SORTIES], b);
}

static int load_engagements(cimport *ci)
{
	cval *v = ci->v;
	bval b[5];
	int r = buyer_known(ci, &v[EG_DONNEUR]);
	if (r < 0)
		return R_FAILED;
	if (!r)
		return ref_missing(ci, "donneur d'ordre inconnu (siret_donneur)");
	bv_text(&b[0], &v[EG_DONNEUR]);
	bv_int(&b[1], &v[EG_ANNEE]);
	bv_num(&b[2], &v[EG_HEURES]);
	bv_int(&b[3], &v[EG_PARTS]);
	bv_num(&b[4], &v[EG_QPV]);
	return ci_write(ci, &ci->w[ORCS_T_ENGAGEMENTS], b);
}

static int load_consultations(cimport *ci)
{
	cval *v = ci->v;
	bval b[10];
	bv_text(&b[0], &v[CS_ID]);
	bv_text(&b[1], &v[CS_LOT]);
	bv_text(&b[2], &v[CS_DATE]);
	bv_i(&b[3], v[CS_DATE].y);
	bv_text(&b[4], &v[CS_ACHETEUR]);
	bv_text(&b[5], &v[CS_TYPE]);
	bv_text(&b[6], &v[CS_CPV]);
	bv_text(&b[7], &v[CS_SOC]);
	bv_text(&b[8], &v[CS_ENV]);
	bv_int(&b[9], &v[CS_OFFRES]);
	return ci_write(ci, &ci->w[ORCS_T_CONSULTATIONS], b);
}
