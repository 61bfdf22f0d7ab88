#include "ingest/decp_load.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ids.h"

/* Columns of decp_contract written by the loader, in binding order
 * (bind_contract() below follows this list). */
static const char *const contract_cols[] = {
	"rkey", "uid", "uid_src", "kind", "fmt", "source", "origin", "buyer_siret", "id_src",
	"nature", "objet", "cpv", "cpv2", "procedure", "lieu_code", "lieu_type", "commune",
	"departement", "in_idf", "scope_rule", "forme_prix", "types_prix", "date_notification",
	"notif_year", "date_publication", "date_debut_execution", "duree_initial", "duree_current",
	"montant_initial", "montant_current", "montant_subvention", "amount_flagged", "offres_recues", "marche_innovant",
	"ccag", "groupement", "sous_traitance", "techniques", "modalites_execution",
	"id_accord_cadre", "attribution_avance", "taux_avance", "social_status", "social_values",
	"env_status", "env_values", "n_modifications", "batch_id", "file_id", "record_index",
};
#define NCOLS ((int)(sizeof(contract_cols) / sizeof(contract_cols[0])))

enum {
	S_INS, S_SEL, S_UPD, S_DEL_TIT, S_DEL_VER, S_DEL_SUB, S_DEL_FLAG, S_INS_VER,
	S_INS_SUB, S_INS_FLAG, S_OCC_OLD, S_SIBLINGS, S_BUYER,
	S_COUNT
};

/* Child rows of new contracts wait here and go PEND at a time in one
 * multi-row INSERT (a third of the statements of a load).  They point into
 * the records' arena: orcs_decp_loader_flush() writes them before it is
 * released (at the end of each batch of records), and before a replaced
 * contract's children are deleted.  A partial set goes in multi-row
 * INSERTs of 16, 8, 4, 2 and 1 rows (a batch ends with about half a set
 * of each table, which row by row cost a third of the flush). */
#define PEND 32
#define NSIZES 6 /* PEND, PEND/2, ... 1 */
enum { P_TIT, P_FLAG, P_OCC, P_COUNT };
typedef struct pend_tit {
	int64_t cid;
	int version, pos;
	const orcs_decp_party *p;
} pend_tit;
typedef struct pend_flag {
	int64_t cid;
	int flag;
	const char *detail;
} pend_flag;
typedef struct pend_occ {
	int64_t cid, index;
	orcs_str origin;
	const char *outcome;
} pend_occ;

/* Flags that a record puts on another contract (dup_in_file and
 * dup_cross_source on the contract it repeats, id_shared_lots on its
 * sibling lots, consid_changed) land anywhere in decp_flag: written at
 * once, each touched a random page of a large table (at national scale a
 * cache miss and a page re-written to the WAL per duplicate).  They wait
 * here and go in contract order when the file ends (or DFLAG_MAX are
 * waiting); equal (contract, flag) pairs keep their order, so the first
 * detail wins as before (INSERT OR IGNORE). */
#define DFLAG_MAX 65536
typedef struct dflag {
	int64_t cid;
	uint32_t seq;
	int flag;
	const char *detail; /* static or in dfl_text */
} dflag;

/* The buyers of the warehouse (open addressing, grows by doubling):
 * read from dim_buyer when a file starts and kept up to date by every
 * upsert, so a buyer is written once, when it is new or first gets a
 * name.  (A direct-mapped cache of 65,536 slots, emptied at each file,
 * missed often enough that 45 % of the contracts of the 150 MB benchmark
 * pair paid an upsert for 42,096 buyers.)  16 bytes a buyer: 1 MiB for
 * 45,000.  A SIRET longer than 14 bytes is never cached. */
#define BUYER_MAX 14
typedef struct buyer_slot {
	char siret[BUYER_MAX];
	unsigned char len, named; /* len 0: empty slot */
} buyer_slot;

/* One bit per value of 24 bits of the uid hash (2 MiB): clear means no
 * contract of the warehouse has this uid, so the look-up of lots sharing
 * it is skipped.  Filled from the rkey index when the loader starts and
 * by every insert; a set bit only costs the look-up. */
#define UID_BITS (1u << 24)

struct orcs_decp_loader {
	orcs_db *db;
	sqlite3 *h;
	sqlite3_stmt *st[S_COUNT];
	sqlite3_stmt *pst[P_COUNT][NSIZES]; /* [table][k]: PEND >> k rows */
	int64_t batch_id, file_id;
	const char *source;
	int64_t flags[ORCS_F_COUNT];
	buyer_slot *buyers;   /* nbuyer_cap slots, a power of two */
	uint32_t nbuyer, nbuyer_cap;
	int buyers_ok;        /* 0: the set could not be read, always upsert */
	unsigned char *uids;
	long long data_version; /* of the uid bits: another connection's commit changes it */
	dflag *dfl;           /* DFLAG_MAX */
	uint32_t ndfl;
	orcs_arena dfl_text;  /* their details */
	const char *dfl_last; /* the last detail copied there */
	pend_tit tit[PEND];
	pend_flag flg[PEND];
	pend_occ occ[PEND];
	int ntit, nflg, nocc;
};

static uint32_t uid_bit(int64_t rkey)
{
	return (uint32_t)(((uint64_t)rkey >> 40) & (UID_BITS - 1));
}

static int uid_seen(const orcs_decp_loader *l, int64_t rkey)
{
	uint32_t b = uid_bit(rkey);
	return (l->uids[b >> 3] >> (b & 7)) & 1;
}

/* Fills the uid bits from the rkey index (the 32 high bits of every key:
 * the index alone is read). */
static int uids_read(orcs_decp_loader *l, orcs_error *err)
{
	sqlite3_stmt *st;
	int rc;
	memset(l->uids, 0, UID_BITS / 8);
	if (orcs_db_prepare(l->db, &st, "SELECT rkey >> 32 FROM decp_contract "
			    "INDEXED BY decp_contract_rkey WHERE rkey >> 32 >= -2147483648", err))
		return ORCS_EIO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint32_t b = uid_bit((int64_t)((uint64_t)sqlite3_column_int64(st, 0) << 32));
		l->uids[b >> 3] |= (unsigned char)(1u << (b & 7));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return orcs_db_error(l->db, "clés des contrats", err);
	l->data_version = orcs_db_scalar(l->db, "PRAGMA data_version", 0);
	return ORCS_OK;
}

/* Flags about the contract across records, kept when a version replaces
 * another (the others describe one record and are rewritten). */
#define DATASET_FLAGS "'id_shared_lots','dup_in_file','dup_cross_source','consid_changed'"

/* "INSERT … VALUES (?,…),(?,…)…" for `nrows` rows of `ncols` columns. */
static void multi_values(orcs_buf *b, const char *head, int ncols, int nrows)
{
	int r, c;
	orcs_buf_reset(b);
	orcs_buf_adds(b, head);
	for (r = 0; r < nrows; r++) {
		orcs_buf_adds(b, r ? ",(" : "(");
		for (c = 0; c < ncols; c++)
			orcs_buf_adds(b, c ? ",?" : "?");
		orcs_buf_addc(b, ')');
	}
}

int orcs_decp_loader_new(orcs_db *db, orcs_decp_loader **out, orcs_error *err)
{
	orcs_decp_loader *l = orcs_xcalloc(1, sizeof(*l));
	orcs_buf ins = ORCS_BUF_INIT, upd = ORCS_BUF_INIT, multi = ORCS_BUF_INIT;
	const char *sql[S_COUNT];
	static const char *const pend_head[P_COUNT] = {
		"INSERT INTO decp_titulaire(contract_id, version, pos, type_id, ident, siren, "
		"siret_valid, nom) VALUES ",
		"INSERT INTO decp_flag(contract_id, code, detail) VALUES ",
		"INSERT INTO decp_occurrence_other(contract_id, file_id, record_index, source, origin, "
		"outcome) VALUES ",
	};
	static const int pend_cols[P_COUNT] = { 8, 3, 6 };
	int i, k, rc = ORCS_OK;

	orcs_buf_adds(&ins, "INSERT INTO decp_contract(");
	orcs_buf_adds(&upd, "UPDATE decp_contract SET ");
	for (i = 0; i < NCOLS; i++) {
		orcs_buf_addf(&ins, "%s%s", i ? "," : "", contract_cols[i]);
		orcs_buf_addf(&upd, "%s%s=?%d", i ? "," : "", contract_cols[i], i + 1);
	}
	orcs_buf_adds(&ins, ") VALUES(");
	for (i = 0; i < NCOLS; i++)
		orcs_buf_addf(&ins, "%s?%d", i ? "," : "", i + 1);
	orcs_buf_addc(&ins, ')');
	orcs_buf_addf(&upd, " WHERE id=?%d", NCOLS + 1);

	sql[S_INS] = ins.data;
	sql[S_SEL] = "SELECT id, n_modifications, date_publication, file_id, social_status, "
		     "social_values, env_status, env_values, source FROM decp_contract "
		     "WHERE rkey >> 32 = ?1 >> 32 AND +rkey = ?1"; /* (+: no constant propagation) */
	sql[S_UPD] = upd.data;
	sql[S_DEL_TIT] = "DELETE FROM decp_titulaire WHERE contract_id=?";
	sql[S_DEL_VER] = "DELETE FROM decp_version WHERE contract_id=?";
	sql[S_DEL_SUB] = "DELETE FROM decp_subcontract WHERE contract_id=?";
	sql[S_DEL_FLAG] = "DELETE FROM decp_flag WHERE contract_id=? AND code NOT IN (" DATASET_FLAGS ")";
	sql[S_INS_VER] = "INSERT INTO decp_version(contract_id, version, modif_id, date_notification, "
			 "date_publication, montant, duree, objet) VALUES(?,?,?,?,?,?,?,?)";
	sql[S_INS_SUB] = "INSERT INTO decp_subcontract(contract_id, pos, act_id, type_id, ident, siren, "
			 "siret_valid, montant, duree, date_notification, date_publication, "
			 "variation_prix, montant_current, duree_current, n_modifications) "
			 "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	sql[S_INS_FLAG] = "INSERT OR IGNORE INTO decp_flag(contract_id, code, detail) VALUES(?,?,?)";
	/* the occurrence a replaced contract row held (migration 007) */
	sql[S_OCC_OLD] = "INSERT OR IGNORE INTO decp_occurrence_other(contract_id, file_id, "
			 "record_index, source, origin, outcome) "
			 "SELECT id, file_id, record_index, source, origin, "
			 "CASE WHEN EXISTS (SELECT 1 FROM decp_occurrence_other o WHERE "
			 "o.contract_id = ?1 AND o.outcome <> 'duplicate') THEN 'replaced' "
			 "ELSE 'loaded' END FROM decp_contract WHERE id = ?1";
	sql[S_SIBLINGS] = "SELECT id FROM decp_contract WHERE rkey >> 32 = ?1 >> 32 AND "
			  "rkey BETWEEN ?1 AND ?2 AND uid = ?3 AND id <> ?4";
	sql[S_BUYER] = "INSERT INTO dim_buyer(siret, siren, nom, siret_valid) VALUES(?,?,?,?) "
		       "ON CONFLICT(siret) DO UPDATE SET nom = excluded.nom "
		       "WHERE dim_buyer.nom IS NULL AND excluded.nom IS NOT NULL";
	l->db = db;
	l->h = orcs_db_sqlite(db);
	for (i = 0; i < S_COUNT && rc == ORCS_OK; i++)
		rc = orcs_db_prepare(db, &l->st[i], sql[i], err);
	for (i = 0; i < P_COUNT && rc == ORCS_OK; i++)
		for (k = 0; k < NSIZES && rc == ORCS_OK; k++) {
			multi_values(&multi, pend_head[i], pend_cols[i], PEND >> k);
			rc = orcs_db_prepare(db, &l->pst[i][k], multi.data, err);
		}
	l->uids = orcs_xcalloc(UID_BITS / 8, 1);
	l->dfl = orcs_xcalloc(DFLAG_MAX, sizeof(*l->dfl));
	orcs_arena_init(&l->dfl_text);
	l->nbuyer_cap = 1u << 16;
	l->buyers = orcs_xcalloc(l->nbuyer_cap, sizeof(*l->buyers));
	if (rc == ORCS_OK)
		rc = uids_read(l, err);
	orcs_buf_release(&ins);
	orcs_buf_release(&upd);
	orcs_buf_release(&multi);
	if (rc != ORCS_OK) {
		orcs_decp_loader_free(l);
		*out = NULL;
		return rc;
	}
	*out = l;
	return ORCS_OK;
}

void orcs_decp_loader_free(orcs_decp_loader *l)
{
	int i, k;
	if (!l)
		return;
	for (i = 0; i < S_COUNT; i++)
		sqlite3_finalize(l->st[i]);
	for (i = 0; i < P_COUNT; i++)
		for (k = 0; k < NSIZES; k++)
			sqlite3_finalize(l->pst[i][k]);
	free(l->uids);
	free(l->buyers);
	free(l->dfl);
	orcs_arena_release(&l->dfl_text);
	free(l);
}

/* ---- the buyer set ----------------------------------------------------- */

static uint32_t buyer_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The slot of `siret` (its own or the empty one where it would go). */
static buyer_slot *buyer_find(orcs_decp_loader *l, const char *s, size_t n)
{
	uint32_t mask = l->nbuyer_cap - 1, i = buyer_hash(s, n) & mask;
	for (;;) {
		buyer_slot *b = &l->buyers[i];
		if (!b->len || (b->len == n && !memcmp(b->siret, s, n)))
			return b;
		i = (i + 1) & mask;
	}
}

static void buyer_put(orcs_decp_loader *l, const char *s, size_t n, int named)
{
	buyer_slot *b;
	if (!n || n > BUYER_MAX)
		return;
	if (2 * (l->nbuyer + 1) > l->nbuyer_cap) { /* keep the load under 1/2 */
		buyer_slot *old = l->buyers;
		uint32_t i, cap = l->nbuyer_cap;
		l->nbuyer_cap *= 2;
		l->buyers = orcs_xcalloc(l->nbuyer_cap, sizeof(*l->buyers));
		for (i = 0; i < cap; i++)
			if (old[i].len)
				*buyer_find(l, old[i].siret, old[i].len) = old[i];
		free(old);
	}
	b = buyer_find(l, s, n);
	if (!b->len) {
		memcpy(b->siret, s, n);
		b->len = (unsigned char)n;
		l->nbuyer++;
	}
	b->named = (unsigned char)(b->named || named);
}

/* Fills the set from dim_buyer; on failure every buyer is upserted. */
static void buyers_read(orcs_decp_loader *l)
{
	sqlite3_stmt *st;
	int rc;
	memset(l->buyers, 0, (size_t)l->nbuyer_cap * sizeof(*l->buyers));
	l->nbuyer = 0;
	l->buyers_ok = 0;
	if (sqlite3_prepare_v2(l->h, "SELECT siret, nom IS NOT NULL FROM dim_buyer", -1, &st, NULL) !=
	    SQLITE_OK)
		return;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		buyer_put(l, (const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0),
			  sqlite3_column_int(st, 1));
	sqlite3_finalize(st);
	l->buyers_ok = rc == SQLITE_DONE;
}

void orcs_decp_loader_file(orcs_decp_loader *l, int64_t batch_id, int64_t file_id,
			   const char *source)
{
	l->batch_id = batch_id;
	l->file_id = file_id;
	l->source = source;
	l->ntit = l->nflg = l->nocc = 0; /* rows left by a failed file */
	l->ndfl = 0;
	orcs_arena_reset(&l->dfl_text);
	l->dfl_last = NULL;
	buyers_read(l);                   /* a rolled-back file took its buyers away */
	/* contracts written by another process since: their keys must be seen
	 * (bits of a rolled-back file may stay set: a set bit only costs a
	 * look-up) */
	if (orcs_db_scalar(l->db, "PRAGMA data_version", 0) != l->data_version &&
	    uids_read(l, NULL) != ORCS_OK)
		memset(l->uids, 0xff, UID_BITS / 8); /* every key is looked up */
}

const int64_t *orcs_decp_loader_flags(const orcs_decp_loader *l)
{
	return l->flags;
}

void orcs_decp_loader_reset_flags(orcs_decp_loader *l)
{
	memset(l->flags, 0, sizeof(l->flags));
}

/* ---- binding helpers ---------------------------------------------------- */

static void bstr(sqlite3_stmt *st, int i, orcs_str s)
{
	if (s.s)
		sqlite3_bind_text(st, i, s.s, (int)s.n, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bcstr(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bint(sqlite3_stmt *st, int i, int64_t v) /* < 0 = NULL */
{
	if (v < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

static void bnum(sqlite3_stmt *st, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

static int step(orcs_decp_loader *l, sqlite3_stmt *st, const char *what, orcs_error *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return orcs_db_error(l->db, what, err);
	return ORCS_OK;
}

static void bind_contract(orcs_decp_loader *l, sqlite3_stmt *st, const orcs_decp_rec *r)
{
	int i = 1;
	sqlite3_bind_int64(st, i++, r->rkey);
	bstr(st, i++, r->uid);
	bstr(st, i++, r->uid_src);
	bcstr(st, i++, r->kind == ORCS_KIND_CONCESSION ? "CONCESSION" : "MARCHE");
	bcstr(st, i++, r->fmt == 2024 ? "2024" : "2019");
	bcstr(st, i++, l->source);
	bstr(st, i++, r->origin);
	bstr(st, i++, r->buyer_siret);
	bstr(st, i++, r->id);
	bstr(st, i++, r->nature);
	bstr(st, i++, r->objet);
	bstr(st, i++, r->cpv);
	bstr(st, i++, r->cpv2);
	bstr(st, i++, r->procedure);
	bstr(st, i++, r->lieu_code);
	bstr(st, i++, r->lieu_type);
	bstr(st, i++, r->commune);
	bstr(st, i++, r->departement);
	sqlite3_bind_int(st, i++, r->in_idf);
	bstr(st, i++, r->scope_rule);
	bstr(st, i++, r->forme_prix);
	bstr(st, i++, r->types_prix);
	bstr(st, i++, r->date_notif);
	bint(st, i++, r->notif_year ? r->notif_year : -1);
	bstr(st, i++, r->date_pub);
	bstr(st, i++, r->date_debut);
	bint(st, i++, r->duree_initial);
	bint(st, i++, r->duree_current);
	bnum(st, i++, r->montant_initial);
	bnum(st, i++, r->montant_current);
	bnum(st, i++, r->montant_subvention);
	sqlite3_bind_int(st, i++, r->amount_flagged);
	bint(st, i++, r->offres);
	bint(st, i++, r->innovant);
	bstr(st, i++, r->ccag);
	bstr(st, i++, r->groupement);
	bint(st, i++, r->sous_traitance);
	bstr(st, i++, r->techniques);
	bstr(st, i++, r->modalites);
	bstr(st, i++, r->id_accord_cadre);
	bint(st, i++, r->attribution_avance);
	bnum(st, i++, r->taux_avance);
	bcstr(st, i++, orcs_consid_status_name(r->social_status));
	bstr(st, i++, r->social_values);
	bcstr(st, i++, orcs_consid_status_name(r->env_status));
	bstr(st, i++, r->env_values);
	sqlite3_bind_int(st, i++, r->nmodifs);
	sqlite3_bind_int64(st, i++, l->batch_id);
	sqlite3_bind_int64(st, i++, l->file_id);
	sqlite3_bind_int64(st, i++, r->index);
}

static int cmp_dflag(const void *a, const void *b)
{
	const dflag *x = a, *y = b;
	if (x->cid != y->cid)
		return x->cid < y->cid ? -1 : 1;
	if (x->flag != y->flag)
		return x->flag < y->flag ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Writes the waiting flags of other contracts, in contract order. */
static int flush_dflags(orcs_decp_loader *l, orcs_error *err)
{
	sqlite3_stmt *st = l->st[S_INS_FLAG];
	uint32_t i;
	qsort(l->dfl, l->ndfl, sizeof(*l->dfl), cmp_dflag);
	for (i = 0; i < l->ndfl; i++) {
		const dflag *f = &l->dfl[i];
		sqlite3_bind_int64(st, 1, f->cid);
		bcstr(st, 2, orcs_decp_flag_code(f->flag));
		bcstr(st, 3, f->detail);
		if (step(l, st, "signalement", err))
			return ORCS_EIO;
		if (sqlite3_changes(l->h) > 0)
			l->flags[f->flag]++;
	}
	l->ndfl = 0;
	orcs_arena_reset(&l->dfl_text);
	l->dfl_last = NULL;
	return ORCS_OK;
}

/* A dataset-level flag (DATASET_FLAGS) on contract `cid`: waits in dfl. */
static int add_flag(orcs_decp_loader *l, int64_t cid, int flag, const char *detail,
		    orcs_error *err)
{
	dflag *f;
	if (l->ndfl == DFLAG_MAX && flush_dflags(l, err))
		return ORCS_EIO;
	if (detail && !(l->dfl_last && !strcmp(l->dfl_last, detail)))
		l->dfl_last = orcs_arena_strndup(&l->dfl_text, detail, strlen(detail));
	f = &l->dfl[l->ndfl];
	f->cid = cid;
	f->seq = l->ndfl++;
	f->flag = flag;
	f->detail = detail ? l->dfl_last : NULL;
	return ORCS_OK;
}

int orcs_decp_loader_finish(orcs_decp_loader *l, orcs_error *err)
{
	if (orcs_decp_loader_flush(l, err))
		return ORCS_EIO;
	return flush_dflags(l, err);
}

static void bind_tit(sqlite3_stmt *st, int o, const pend_tit *t)
{
	const orcs_decp_party *p = t->p;
	sqlite3_bind_int64(st, o + 1, t->cid);
	sqlite3_bind_int(st, o + 2, t->version);
	sqlite3_bind_int(st, o + 3, t->pos);
	bstr(st, o + 4, p->type_id);
	bstr(st, o + 5, p->ident);
	bstr(st, o + 6, p->siren);
	sqlite3_bind_int(st, o + 7, p->siret_valid);
	bstr(st, o + 8, p->nom);
}

static void bind_flag(sqlite3_stmt *st, int o, const pend_flag *f)
{
	sqlite3_bind_int64(st, o + 1, f->cid);
	bcstr(st, o + 2, orcs_decp_flag_code(f->flag));
	bcstr(st, o + 3, f->detail);
}

static void bind_occ(orcs_decp_loader *l, sqlite3_stmt *st, int o, const pend_occ *c)
{
	sqlite3_bind_int64(st, o + 1, c->cid);
	sqlite3_bind_int64(st, o + 2, l->file_id);
	sqlite3_bind_int64(st, o + 3, c->index);
	bcstr(st, o + 4, l->source);
	bstr(st, o + 5, c->origin);
	bcstr(st, o + 6, c->outcome);
}

/* Writes the `n` pending rows of table `t`, the largest sets first. */
static int flush_rows(orcs_decp_loader *l, int t, int n, orcs_error *err)
{
	static const char *const what[P_COUNT] = { "titulaires", "signalements", "occurrences" };
	int k, i = 0, r;
	for (k = 0; k < NSIZES; k++) {
		int size = PEND >> k;
		sqlite3_stmt *st = l->pst[t][k];
		for (; n - i >= size; i += size) {
			for (r = 0; r < size; r++) {
				if (t == P_TIT)
					bind_tit(st, 8 * r, &l->tit[i + r]);
				else if (t == P_FLAG)
					bind_flag(st, 3 * r, &l->flg[i + r]);
				else
					bind_occ(l, st, 6 * r, &l->occ[i + r]);
			}
			if (step(l, st, what[t], err))
				return ORCS_EIO;
		}
	}
	return ORCS_OK;
}

int orcs_decp_loader_flush(orcs_decp_loader *l, orcs_error *err)
{
	int rc = flush_rows(l, P_TIT, l->ntit, err);
	if (!rc)
		rc = flush_rows(l, P_FLAG, l->nflg, err);
	if (!rc)
		rc = flush_rows(l, P_OCC, l->nocc, err);
	l->ntit = l->nflg = l->nocc = 0;
	return rc;
}

static int pend_party(orcs_decp_loader *l, int64_t cid, int version, int pos,
		      const orcs_decp_party *p, orcs_error *err)
{
	pend_tit *t;
	if (l->ntit == PEND && orcs_decp_loader_flush(l, err))
		return ORCS_EIO;
	t = &l->tit[l->ntit++];
	t->cid = cid;
	t->version = version;
	t->pos = pos;
	t->p = p;
	return ORCS_OK;
}

/* A record-level flag of a contract whose record-level flags are new (its
 * row was just inserted, or they were just deleted): no conflict. */
static int pend_flag_add(orcs_decp_loader *l, int64_t cid, int flag, const char *detail,
			 orcs_error *err)
{
	pend_flag *f;
	if (l->nflg == PEND && orcs_decp_loader_flush(l, err))
		return ORCS_EIO;
	f = &l->flg[l->nflg++];
	f->cid = cid;
	f->flag = flag;
	f->detail = detail;
	l->flags[flag]++;
	return ORCS_OK;
}

/* Titulaires, versions, sub-contracts and the record's own flags. */
static int children(orcs_decp_loader *l, int64_t cid, const orcs_decp_rec *r, orcs_error *err)
{
	int i, j;
	for (i = 0; i < r->ntits; i++)
		if (pend_party(l, cid, 0, i + 1, &r->tits[i], err))
			return ORCS_EIO;
	for (i = 0; i < r->nmodifs; i++) {
		const orcs_decp_modif *m = &r->modifs[i];
		sqlite3_stmt *st = l->st[S_INS_VER];
		sqlite3_bind_int64(st, 1, cid);
		sqlite3_bind_int(st, 2, i + 1);
		bint(st, 3, m->id);
		bstr(st, 4, m->date_notif);
		bstr(st, 5, m->date_pub);
		bnum(st, 6, m->montant);
		bint(st, 7, m->duree);
		bstr(st, 8, m->objet);
		if (step(l, st, "version", err))
			return ORCS_EIO;
		for (j = 0; j < m->ntits; j++)
			if (pend_party(l, cid, i + 1, j + 1, &m->tits[j], err))
				return ORCS_EIO;
	}
	for (i = 0; i < r->nsubs; i++) {
		const orcs_decp_sub *s = &r->subs[i];
		sqlite3_stmt *st = l->st[S_INS_SUB];
		sqlite3_bind_int64(st, 1, cid);
		sqlite3_bind_int(st, 2, i + 1);
		bint(st, 3, s->act_id);
		bstr(st, 4, s->who.type_id);
		bstr(st, 5, s->who.ident);
		bstr(st, 6, s->who.siren);
		sqlite3_bind_int(st, 7, s->who.siret_valid);
		bnum(st, 8, s->montant);
		bint(st, 9, s->duree);
		bstr(st, 10, s->date_notif);
		bstr(st, 11, s->date_pub);
		bstr(st, 12, s->variation_prix);
		bnum(st, 13, s->montant_current);
		bint(st, 14, s->duree_current);
		sqlite3_bind_int(st, 15, s->n_modifications);
		if (step(l, st, "acte de sous-traitance", err))
			return ORCS_EIO;
	}
	for (i = 0; i < r->nflags; i++)
		if (pend_flag_add(l, cid, r->flags[i].flag, r->flags[i].detail, err))
			return ORCS_EIO;
	return ORCS_OK;
}

/* Other lots with the same uid: flag them and this one. */
static int siblings(orcs_decp_loader *l, int64_t cid, const orcs_decp_rec *r, orcs_error *err)
{
	sqlite3_stmt *st = l->st[S_SIBLINGS];
	int64_t lo, hi, ids[16];
	int n = 0, rc, i;
	char detail[80];
	uint32_t b = uid_bit(r->rkey);
	if (!(l->uids[b >> 3] & (1u << (b & 7)))) {
		l->uids[b >> 3] |= (unsigned char)(1u << (b & 7));
		return ORCS_OK; /* no contract with this uid yet */
	}
	orcs_decp_rkey_uid_range(r->uid.s, r->uid.n, &lo, &hi);
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	bstr(st, 3, r->uid);
	sqlite3_bind_int64(st, 4, cid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (n < 16)
			ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return orcs_db_error(l->db, "lots de même identifiant", err);
	if (!n)
		return ORCS_OK;
	snprintf(detail, sizeof(detail), "identifiant partagé avec d'autres lots");
	for (i = 0; i < n; i++)
		if (add_flag(l, ids[i], ORCS_F_ID_SHARED_LOTS, detail, err))
			return ORCS_EIO;
	return add_flag(l, cid, ORCS_F_ID_SHARED_LOTS, detail, err);
}

static int buyer(orcs_decp_loader *l, const orcs_decp_rec *r, orcs_error *err)
{
	sqlite3_stmt *st = l->st[S_BUYER];
	orcs_str siren = r->buyer_siret;
	int valid;
	if (l->buyers_ok && siren.n && siren.n <= BUYER_MAX) {
		const buyer_slot *b = buyer_find(l, siren.s, siren.n);
		if (b->len && (b->named || !r->buyer_nom.s))
			return ORCS_OK; /* nothing to write */
	}
	valid = orcs_siret_check(siren.s, siren.n) == ORCS_SIRET_VALID &&
		memcmp(siren.s, "00000000000000", 14) != 0;
	if (siren.n > 9)
		siren.n = 9;
	bstr(st, 1, r->buyer_siret);
	bstr(st, 2, siren);
	bstr(st, 3, r->buyer_nom);
	sqlite3_bind_int(st, 4, valid);
	if (step(l, st, "acheteur", err))
		return ORCS_EIO;
	buyer_put(l, r->buyer_siret.s, r->buyer_siret.n, r->buyer_nom.s != NULL);
	return ORCS_OK;
}

static int occurrence(orcs_decp_loader *l, int64_t cid, const orcs_decp_rec *r, const char *outcome,
		      orcs_error *err)
{
	pend_occ *c;
	if (l->nocc == PEND && orcs_decp_loader_flush(l, err))
		return ORCS_EIO;
	c = &l->occ[l->nocc++];
	c->cid = cid;
	c->index = r->index;
	c->origin = r->origin;
	c->outcome = outcome;
	return ORCS_OK;
}

static int same_text(sqlite3_stmt *st, int col, orcs_str s)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	if (!t || !s.s)
		return !t && !s.s;
	return strlen(t) == s.n && !memcmp(t, s.s, s.n);
}

int orcs_decp_load(orcs_decp_loader *l, const orcs_decp_rec *r, int *outcome, orcs_error *err)
{
	sqlite3_stmt *st = l->st[S_INS], *sel;
	int64_t cid, old_file, old_nmods;
	int better, cmp, consid_diff, rc;
	const char *old_pub;
	char detail[160];

	/* a key is new when no contract has its uid (most records: its bit is
	 * clear) or when the look-up finds nothing */
	sel = l->st[S_SEL];
	if (uid_seen(l, r->rkey)) {
		sqlite3_bind_int64(sel, 1, r->rkey);
		rc = sqlite3_step(sel);
		if (rc != SQLITE_ROW) {
			sqlite3_reset(sel);
			if (rc != SQLITE_DONE)
				return orcs_db_error(l->db, "lecture du contrat existant", err);
		}
	} else {
		rc = SQLITE_DONE;
	}
	if (rc == SQLITE_DONE) {
		bind_contract(l, st, r);
		if (step(l, st, "enregistrement du contrat", err))
			return ORCS_EIO;
		cid = sqlite3_last_insert_rowid(l->h);
		*outcome = ORCS_OUT_LOADED;
		/* its occurrence is the row itself (decp_occurrence is a view) */
		if (children(l, cid, r, err) || siblings(l, cid, r, err) || buyer(l, r, err))
			return ORCS_EIO;
		return ORCS_OK;
	}

	/* the key is known (`sel` is on its row): keep one version */
	cid = sqlite3_column_int64(sel, 0);
	old_nmods = sqlite3_column_int64(sel, 1);
	old_pub = (const char *)sqlite3_column_text(sel, 2);
	old_file = sqlite3_column_int64(sel, 3);
	if (r->nmodifs != old_nmods)
		better = r->nmodifs > old_nmods;
	else {
		if (!old_pub || !r->date_pub.s)
			cmp = r->date_pub.s ? 1 : old_pub ? -1 : 0;
		else
			cmp = memcmp(r->date_pub.s, old_pub, 10);
		better = cmp > 0 || (cmp == 0 && old_file != l->file_id);
	}
	/* considerations disagree between two filled publications (§2.8) */
	consid_diff = 0;
	if (r->social_status == ORCS_CONSID_FILLED) {
		const char *os = (const char *)sqlite3_column_text(sel, 4);
		if (os && !strcmp(os, "FILLED") && !same_text(sel, 5, r->social_values))
			consid_diff = 1;
	}
	if (r->env_status == ORCS_CONSID_FILLED) {
		const char *os = (const char *)sqlite3_column_text(sel, 6);
		if (os && !strcmp(os, "FILLED") && !same_text(sel, 7, r->env_values))
			consid_diff = 1;
	}
	{
		const char *src = (const char *)sqlite3_column_text(sel, 8);
		if (old_file == l->file_id)
			snprintf(detail, sizeof(detail), "même clé plus haut dans le fichier");
		else
			snprintf(detail, sizeof(detail), "même clé dans un autre fichier (source « %.60s »)",
				 src ? src : "?");
	}
	sqlite3_reset(sel);

	if (better) {
		sqlite3_stmt *upd = l->st[S_UPD];
		static const int dels[] = { S_OCC_OLD, S_DEL_TIT, S_DEL_VER, S_DEL_SUB, S_DEL_FLAG };
		unsigned i;
		/* its children are deleted: the pending ones first */
		if (orcs_decp_loader_flush(l, err))
			return ORCS_EIO;
		for (i = 0; i < sizeof(dels) / sizeof(dels[0]); i++) {
			sqlite3_bind_int64(l->st[dels[i]], 1, cid);
			if (step(l, l->st[dels[i]], "remplacement", err))
				return ORCS_EIO;
		}
		bind_contract(l, upd, r);
		sqlite3_bind_int64(upd, NCOLS + 1, cid);
		if (step(l, upd, "remplacement du contrat", err) || children(l, cid, r, err) ||
		    siblings(l, cid, r, err) || buyer(l, r, err))
			return ORCS_EIO;
		*outcome = ORCS_OUT_REPLACED;
	} else {
		*outcome = ORCS_OUT_DUPLICATE;
	}
	rc = add_flag(l, cid, old_file == l->file_id ? ORCS_F_DUP_IN_FILE : ORCS_F_DUP_CROSS_SOURCE,
		      detail, err);
	if (!rc && consid_diff)
		rc = add_flag(l, cid, ORCS_F_CONSID_CHANGED,
			      "considérations différentes entre deux publications", err);
	if (!rc && !better) /* a replacing record's occurrence is the row itself */
		rc = occurrence(l, cid, r, "duplicate", err);
	return rc;
}
