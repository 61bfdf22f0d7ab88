#include "ingest/siae.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/ids.h"
#include "core/sha256.h"
#include "core/text.h"
#include "indicators/engine.h"
#include "ingest/clauses_internal.h"

enum { S_SIRET, S_NOM, S_TYPE, S_NAF, S_DEPT, S_CP, S_N };

static const char *const directory_cols[] = { "siret", "structure_type", "departement", "siren",
					      "nom", "naf" };

void orcs_siae_report_release(orcs_siae_report *r)
{
	free(r->reasons);
	memset(r, 0, sizeof(*r));
}

static void add_reason(orcs_siae_report *r, const char *code)
{
	size_t i;
	for (i = 0; i < r->nreasons; i++)
		if (!strcmp(r->reasons[i].code, code)) {
			r->reasons[i].n++;
			return;
		}
	r->reasons = orcs_xrealloc(r->reasons, (r->nreasons + 1) * sizeof(*r->reasons));
	snprintf(r->reasons[r->nreasons].code, sizeof(r->reasons[0].code), "%s", code);
	r->reasons[r->nreasons++].n = 1;
}

/* Index of the first header among `names` (folded), or -1. */
static int find_col(orcs_csv *csv, const char *const *names)
{
	orcs_buf f = ORCS_BUF_INIT;
	size_t j;
	int k, hit = -1;
	for (k = 0; names[k] && hit < 0; k++)
		for (j = 0; j < orcs_csv_nfields(csv); j++) {
			size_t n;
			const char *h = orcs_csv_field(csv, j, &n);
			orcs_buf_reset(&f);
			orcs_fold(&f, h, n);
			if (!strcmp(f.data, names[k])) {
				hit = (int)j;
				break;
			}
		}
	orcs_buf_release(&f);
	return hit;
}

/* Département from a code ("075" -> "75") or a postcode. */
static void dept_of(const char *s, size_t n, int from_cp, char out[4])
{
	out[0] = '\0';
	s = orcs_trim(s, &n);
	if (from_cp) {
		if (n == 5) {
			if (!strncmp(s, "97", 2))
				snprintf(out, 4, "%.3s", s);
			else if (!strncmp(s, "20", 2))
				snprintf(out, 4, "%s", s[2] < '2' ? "2A" : "2B");
			else
				snprintf(out, 4, "%.2s", s);
		}
		return;
	}
	if (n == 3 && s[0] == '0')
		snprintf(out, 4, "%.2s", s + 1);
	else if (n == 2 || n == 3)
		snprintf(out, 4, "%.*s", (int)n, s);
}

int orcs_siae_import(orcs_db *db, const char *path, const char *structure_type,
		     orcs_siae_report *rep, orcs_error *err)
{
	static const char *const n_siret[] = { "siret", NULL };
	static const char *const n_nom[] = { "denomination sociale", "nom", "raison sociale",
					     "denomination", "geiq", "enseigne", NULL };
	static const char *const n_type[] = { "mesure", "type", "type structure", NULL };
	static const char *const n_naf[] = { "code naf2", "naf", "code naf", NULL };
	static const char *const n_dept[] = { "code departement", "departement", NULL };
	static const char *const n_cp[] = { "code postal", "cp", NULL };
	cimport ci;
	wdesc w = { "enterprise_directory", directory_cols, 6, 3, NULL, NULL, NULL };
	orcs_csv *csv = NULL;
	FILE *f = NULL;
	sqlite3_stmt *dim = NULL;
	orcs_strmap *seen = NULL;
	orcs_buf siret = ORCS_BUF_INIT, pos = ORCS_BUF_INIT, raw = ORCS_BUF_INIT,
		 detail = ORCS_BUF_INIT;
	const char *label, *dflt = NULL;
	int col[S_N], rc, r, in_tx = 0, is_geiq;
	int64_t file_id = 0;
	long long bytes = 0;

	memset(rep, 0, sizeof(*rep));
	memset(&ci, 0, sizeof(ci));
	ci.db = db;
	ci.sq = orcs_db_sqlite(db);
	ci.err = err;
	ci.kind = "siae";
	orcs_buf_init(&ci.changed);
	orcs_buf_init(&ci.keytxt);
	orcs_buf_init(&ci.detail);
	label = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	ci.label = label;

	ci.enums = orcs_ref_enums_new(db, err);
	if (!ci.enums)
		return ORCS_EIO;
	if (structure_type) {
		dflt = orcs_ref_enums_code(ci.enums, "structure_type", structure_type,
					   strlen(structure_type), NULL);
		if (!dflt) {
			rc = orcs_error_set(err, ORCS_EUSAGE,
					    "type de structure inconnu « %s » (EI, ETTI, AI, ACI, EITI, EA, "
					    "EATT, ESAT, GEIQ…)",
					    structure_type);
			goto out;
		}
	}
	if ((rc = orcs_sha256_file(path, rep->sha256, &bytes, err)) != ORCS_OK)
		goto out;
	f = fopen(path, "rb");
	if (!f) {
		rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", path, strerror(errno));
		goto out;
	}
	csv = orcs_csv_new_stream(f, label, 0);
	r = orcs_csv_next(csv, err);
	if (r <= 0) {
		rc = r == 0 ? orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": fichier vide", path)
			    : ORCS_EINPUT;
		goto out;
	}
	col[S_SIRET] = find_col(csv, n_siret);
	col[S_NOM] = find_col(csv, n_nom);
	col[S_TYPE] = find_col(csv, n_type);
	col[S_NAF] = find_col(csv, n_naf);
	col[S_DEPT] = find_col(csv, n_dept);
	col[S_CP] = find_col(csv, n_cp);
	{
		static const char *const n_geiq[] = { "geiq", NULL };
		static const char *const n_mesure[] = { "mesure", NULL };
		is_geiq = find_col(csv, n_geiq) >= 0 && col[S_TYPE] < 0;
		if (find_col(csv, n_mesure) >= 0)
			snprintf(rep->shape, sizeof(rep->shape), "asp");
		else if (is_geiq)
			snprintf(rep->shape, sizeof(rep->shape), "geiq");
		else if (col[S_TYPE] >= 0 && col[S_NOM] >= 0 && col[S_NAF] >= 0)
			snprintf(rep->shape, sizeof(rep->shape), "lemarche");
		else
			snprintf(rep->shape, sizeof(rep->shape), "generic");
	}
	if (is_geiq && !dflt)
		dflt = "GEIQ";
	if (col[S_SIRET] < 0 || col[S_NOM] < 0) {
		rc = orcs_error_set(err, ORCS_EINPUT,
				    "%s:1" ORCS_NBSP ": colonnes « siret » et nom de la structure attendues",
				    path);
		goto out;
	}
	if (col[S_TYPE] < 0 && !dflt) {
		rc = orcs_error_set(err, ORCS_EUSAGE,
				    "%s" ORCS_NBSP ": pas de colonne de type de structure" ORCS_NBSP
				    "; précisez --structure-type (EA, ESAT…)",
				    path);
		goto out;
	}

	if ((rc = orcs_batch_begin(db, "siae", label, &ci.batch, err)) != ORCS_OK)
		goto out;
	ci.batch_id = rep->batch_id = orcs_batch_id(ci.batch);
	{
		int known = 0;
		if ((rc = orcs_batch_file_known(ci.batch, rep->sha256, &known, err)) != ORCS_OK)
			goto out;
		if (known) {
			rep->already_imported = 1;
			rc = orcs_batch_finish(ci.batch, 1, "annuaire déjà importé", err);
			goto out;
		}
	}
	if ((rc = orcs_db_begin(db, err)) != ORCS_OK)
		goto out;
	in_tx = 1;
	if ((rc = orcs_batch_file_add(ci.batch, path, rep->sha256, bytes, rep->shape, &file_id, err)) !=
	    ORCS_OK)
		goto out;
	if ((rc = orcs_db_prepare(db, &dim,
				  "INSERT INTO dim_enterprise(siret, siren, nom, naf, structure_type, "
				  "departement, siret_valid) VALUES (?1, substr(?1, 1, 9), ?2, ?3, ?4, ?5, 1) "
				  "ON CONFLICT(siret) DO UPDATE SET structure_type = excluded.structure_type, "
				  "nom = coalesce(dim_enterprise.nom, excluded.nom), "
				  "naf = coalesce(dim_enterprise.naf, excluded.naf), "
				  "departement = coalesce(dim_enterprise.departement, excluded.departement), "
				  "siret_valid = 1",
				  err)) != ORCS_OK)
		goto out;
	seen = orcs_strmap_new(4096);
	while ((r = orcs_csv_next(csv, err)) == 1) {
		const char *fv[S_N], *type = NULL, *reason = NULL;
		size_t fl[S_N], j;
		char dept[4], ex[80];
		bval b[6];
		int k, out;
		for (j = 0; j < orcs_csv_nfields(csv); j++) {
			size_t n;
			orcs_trim(orcs_csv_field(csv, j, &n), &n);
			if (n)
				break;
		}
		if (j == orcs_csv_nfields(csv))
			continue;
		rep->counts.records++;
		ci.line = orcs_csv_line(csv);
		for (k = 0; k < S_N; k++) {
			fv[k] = "";
			fl[k] = 0;
			if (col[k] >= 0) {
				fv[k] = orcs_csv_field(csv, (size_t)col[k], &fl[k]);
				fv[k] = orcs_trim(fv[k], &fl[k]);
			}
		}
		orcs_buf_reset(&siret);
		orcs_buf_reset(&detail);
		orcs_siret_clean(&siret, fv[S_SIRET], fl[S_SIRET]);
		if (!fl[S_SIRET]) {
			reason = "Q_MISSING_REQUIRED";
			orcs_buf_adds(&detail, "colonne « siret »" ORCS_NBSP ": valeur obligatoire absente");
		} else if (orcs_siret_check(siret.data, siret.len) != ORCS_SIRET_VALID) {
			reason = "Q_SIRET_INVALID";
			orcs_buf_addf(&detail, "colonne « siret »" ORCS_NBSP ": SIRET invalide « %s »",
				      orcs_excerpt(siret.data, ex, sizeof(ex)));
		} else if (!fl[S_NOM]) {
			reason = "Q_MISSING_REQUIRED";
			orcs_buf_adds(&detail, "nom de la structure absent");
		} else {
			if (fl[S_TYPE])
				type = orcs_ref_enums_code(ci.enums, "structure_type", fv[S_TYPE],
							   fl[S_TYPE], NULL);
			else
				type = dflt;
			if (!type) {
				orcs_buf tmp = ORCS_BUF_INIT;
				orcs_utf8_clean(&tmp, fv[S_TYPE], fl[S_TYPE]);
				reason = "Q_ENUM_UNKNOWN";
				orcs_buf_addf(&detail, "type de structure hors nomenclature « %s »",
					      orcs_excerpt(tmp.data, ex, sizeof(ex)));
				orcs_buf_release(&tmp);
			}
		}
		if (!reason) {
			orcs_buf nom = ORCS_BUF_INIT;
			orcs_utf8_clean(&nom, fv[S_NOM], fl[S_NOM]);
			if (col[S_DEPT] >= 0)
				dept_of(fv[S_DEPT], fl[S_DEPT], 0, dept);
			else
				dept_of(fv[S_CP], fl[S_CP], 1, dept);
			bv_str(&b[0], siret.data);
			bv_str(&b[1], type);
			bv_str(&b[2], dept);
			b[3].type = SQLITE_TEXT;
			b[3].s = siret.data;
			b[3].n = 9;
			bv_str(&b[4], nom.data);
			bv_str(&b[5], fl[S_NAF] ? orcs_xstrndup(fv[S_NAF], fl[S_NAF]) : NULL);
			out = ci_write(&ci, &w, b);
			if (out == R_REPLACED && ci_log_replacement(&ci) != ORCS_OK)
				out = R_FAILED;
			if ((out == R_LOADED || out == R_REPLACED || out == R_DUPLICATE) &&
			    !orcs_strmap_get(seen, siret.data, siret.len, NULL, NULL)) {
				orcs_strmap_put(seen, siret.data, siret.len, NULL, 1);
				sqlite3_reset(dim);
				sqlite3_bind_text(dim, 1, siret.data, (int)siret.len, SQLITE_STATIC);
				sqlite3_bind_text(dim, 2, nom.data, (int)nom.len, SQLITE_STATIC);
				if (b[5].type == SQLITE_TEXT)
					sqlite3_bind_text(dim, 3, b[5].s, b[5].n, SQLITE_STATIC);
				else
					sqlite3_bind_null(dim, 3);
				sqlite3_bind_text(dim, 4, type, -1, SQLITE_STATIC);
				if (dept[0])
					sqlite3_bind_text(dim, 5, dept, -1, SQLITE_STATIC);
				else
					sqlite3_bind_null(dim, 5);
				if (sqlite3_step(dim) != SQLITE_DONE) {
					orcs_db_error(db, "dim_enterprise", err);
					out = R_FAILED;
				}
				sqlite3_reset(dim);
			}
			if (b[5].type == SQLITE_TEXT)
				free((char *)b[5].s);
			orcs_buf_release(&nom);
			if (out == R_QUARANTINED) {
				reason = ci.reason;
				orcs_buf_reset(&detail);
				orcs_buf_add(&detail, ci.detail.data, ci.detail.len);
			} else if (out == R_FAILED) {
				rc = ORCS_EIO;
				goto out;
			} else if (out == R_DUPLICATE) {
				rep->counts.duplicates++;
			} else {
				rep->counts.loaded++;
				if (out == R_REPLACED)
					rep->counts.replaced++;
			}
		}
		if (reason) {
			rep->counts.quarantined++;
			add_reason(rep, reason);
			orcs_buf_reset(&pos);
			orcs_buf_addf(&pos, "ligne %ld", ci.line);
			orcs_buf_reset(&raw);
			for (j = 0; j < orcs_csv_nfields(csv); j++) {
				size_t n;
				const char *x = orcs_csv_field(csv, j, &n);
				if (j)
					orcs_buf_addc(&raw, ';');
				orcs_utf8_clean(&raw, x, n);
			}
			if ((rc = orcs_batch_quarantine(ci.batch, file_id, "siae", pos.data, reason,
							detail.data, raw.data, raw.len, err)) != ORCS_OK)
				goto out;
		}
	}
	if (r < 0) {
		rc = err ? err->code : ORCS_EINPUT;
		goto out;
	}
	if ((rc = orcs_batch_file_done(ci.batch, file_id, &rep->counts, err)) != ORCS_OK)
		goto out;
	/* the indicator cache (inclusive-enterprise shares), in the same transaction */
	if ((rc = orcs_refresh_after(db, "siae", err)) != ORCS_OK)
		goto out;
	if ((rc = orcs_db_commit(db, err)) != ORCS_OK)
		goto out;
	in_tx = 0;
	rc = orcs_batch_finish(ci.batch, 1, NULL, err);
out:
	if (in_tx) {
		orcs_error e = *err;
		orcs_db_rollback(db);
		memset(&rep->counts, 0, sizeof(rep->counts));
		orcs_batch_finish(ci.batch, 0, e.msg, NULL);
		*err = e;
	} else if (rc != ORCS_OK && ci.batch) {
		orcs_batch_finish(ci.batch, 0, err->msg, NULL);
	}
	sqlite3_finalize(dim);
	sqlite3_finalize(w.ins);
	sqlite3_finalize(w.sel);
	sqlite3_finalize(w.upd);
	sqlite3_finalize(ci.q_replacement);
	orcs_strmap_free(seen);
	orcs_csv_free(csv);
	if (f)
		fclose(f);
	orcs_buf_release(&siret);
	orcs_buf_release(&pos);
	orcs_buf_release(&raw);
	orcs_buf_release(&detail);
	orcs_buf_release(&ci.changed);
	orcs_buf_release(&ci.keytxt);
	orcs_buf_release(&ci.detail);
	orcs_batch_free(ci.batch);
	orcs_ref_enums_free(ci.enums);
	return rc;
}
