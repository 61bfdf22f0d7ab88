/*
 * export_indicators.c - `orcs export indicators`: every published figure in
 * long format (one line per indicator × year × breakdown × category), as
 * CSV, XLSX or JSON, with its data dictionary.  The fields are declared
 * once (fields[]); writers and the dictionary derive from that table.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/json.h"
#include "indicators/engine.h"
#include "publish/export.h"
#include "publish/export_internal.h"

/* The columns of the export, in order. */
static const exp_field fields[] = {
	{ "indicateur", "texte", "Identifiant de l'indicateur dans le catalogue (famille.nom)" },
	{ "version", "entier", "Version de la définition de l'indicateur" },
	{ "libelle", "texte", "Libellé de l'indicateur" },
	{ "unite", "texte", "Unité : h (heures), count (nombre), persons (personnes), pct "
			    "(proportion de 0 à 1), fte (équivalents temps plein)" },
	{ "annee", "entier", "Année, selon la règle d'année de l'indicateur" },
	{ "dimension", "texte", "Dimension de ventilation « dim:niveau » ; vide pour le total" },
	{ "code", "texte", "Code de la modalité de la dimension ; vide pour le total" },
	{ "modalite", "texte", "Libellé de la modalité ; « non renseigné » si inconnue" },
	{ "valeur", "nombre", "Valeur de l'indicateur ; « s » si couverte par le secret statistique" },
	{ "numerateur", "nombre", "Numérateur (taux, moyennes) ; « s » si secret" },
	{ "denominateur", "nombre", "Dénominateur (taux, moyennes) ; « s » si secret" },
	{ "couverture", "nombre", "Part de la population dont la donnée d'entrée est connue (0 à 1)" },
	{ "valeur_n_1", "nombre", "Valeur de l'année précédente ; « s » si secret" },
	{ "evolution", "nombre", "Évolution sur un an (points de pourcentage pour un taux)" },
	{ "secret", "entier", "0 publié ; 1 secret primaire ; 2 secret secondaire" },
};
#define NFIELDS ((int)(sizeof(fields) / sizeof(fields[0])))

int orcs_export_years(orcs_db *db, int *years, int max)
{
	sqlite3_stmt *st = NULL;
	orcs_error e = ORCS_ERROR_INIT;
	int n = 0;
	if (orcs_db_prepare(db, &st, "SELECT DISTINCT year FROM ind_cache WHERE year > 0 ORDER BY year",
			    &e) != ORCS_OK)
		return 0;
	while (n < max && sqlite3_step(st) == SQLITE_ROW)
		years[n++] = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

int exp_walk(orcs_db *db, const int *only_years, int nonly, exp_row_fn fn, void *ctx,
	     orcs_error *err)
{
	sqlite3_stmt *cat = NULL;
	int years[64], ny, rc = ORCS_OK;
	if (only_years) {
		ny = nonly;
		memcpy(years, only_years, (size_t)nonly * sizeof(int));
	} else {
		ny = orcs_export_years(db, years, 64);
	}
	if (ny == 0)
		return orcs_error_set(err, ORCS_EUSAGE,
				      "%s" ORCS_NBSP ": aucun indicateur précalculé (lancez « orcs "
				      "refresh »)",
				      orcs_db_path(db));
	if ((rc = orcs_db_prepare(db, &cat,
				  "SELECT id, version, family, label, unit, coalesce(dims, '') FROM "
				  "ind_catalogue c WHERE version = (SELECT max(version) FROM "
				  "ind_catalogue WHERE id = c.id) ORDER BY family, id",
				  err)) != ORCS_OK)
		return rc;
	while (rc == ORCS_OK && sqlite3_step(cat) == SQLITE_ROW) {
		exp_meta m;
		const char *dims = (const char *)sqlite3_column_text(cat, 5);
		int y;
		m.id = (const char *)sqlite3_column_text(cat, 0);
		m.version = sqlite3_column_int(cat, 1);
		m.family = (const char *)sqlite3_column_text(cat, 2);
		m.label = (const char *)sqlite3_column_text(cat, 3);
		m.unit = (const char *)sqlite3_column_text(cat, 4);
		if (orcs_ind_status(m.id, NULL) != 1)
			continue;
		for (y = 0; y < ny && rc == ORCS_OK; y++) {
			const char *s = dims;
			int first = 1;
			while (rc == ORCS_OK && (first || *s)) {
				orcs_ind_query q = ORCS_IND_QUERY_INIT;
				orcs_ind_result r;
				orcs_error e = ORCS_ERROR_INIT;
				char dim[64];
				int i;
				q.indicator = m.id;
				q.year = years[y];
				q.audience = ORCS_AUDIENCE_PUBLIC;
				if (!first) {
					size_t len = strcspn(s, ",");
					snprintf(dim, sizeof(dim), "%.*s", (int)len, s);
					s += len;
					if (*s == ',')
						s++;
					if (!*dim)
						continue;
					q.by[0] = dim;
					q.nby = 1;
				}
				if (orcs_ind_compute(db, &q, &r, &e) != ORCS_OK) {
					if (e.code != ORCS_EUSAGE) {
						rc = orcs_error_set(err, e.code, "%s", e.msg);
						break;
					}
					first = 0;
					continue; /* a dimension the cube does not offer */
				}
				/* the total once per year, then only the breakdown rows */
				for (i = first ? 0 : 1; i < r.nrows && rc == ORCS_OK; i++)
					rc = fn(ctx, &m, &r, &r.rows[i], err);
				orcs_ind_result_release(&r);
				first = 0;
			}
		}
	}
	sqlite3_finalize(cat);
	return rc;
}

/* ---- field values as text (CSV, XLSX) ---- */

static void num_text(orcs_buf *o, double v, int secret)
{
	if (secret)
		orcs_buf_adds(o, "s");
	else if (isfinite(v))
		orcs_buf_addf(o, "%.10g", v);
}

/* Writes field i of the row as text into o; returns 1 for numbers. */
static int field_text(int i, const exp_meta *m, const orcs_ind_result *r, const orcs_ind_row *row,
		      orcs_buf *o)
{
	int sec = row->secret != 0;
	orcs_buf_reset(o);
	switch (i) {
	case 0: orcs_buf_adds(o, m->id); return 0;
	case 1: orcs_buf_addf(o, "%d", m->version); return 1;
	case 2: orcs_buf_adds(o, m->label); return 0;
	case 3: orcs_buf_adds(o, m->unit); return 0;
	case 4: orcs_buf_addf(o, "%d", r->year); return 1;
	case 5: if (row->has[0]) orcs_buf_adds(o, r->by[0]); return 0;
	case 6: if (row->has[0] && row->code[0]) orcs_buf_adds(o, row->code[0]); return 0;
	case 7:
		if (row->has[0])
			orcs_buf_adds(o, row->label[0] ? row->label[0]
					 : row->code[0] ? row->code[0] : "non renseigné");
		return 0;
	case 8: num_text(o, row->value, sec); return 1;
	case 9: num_text(o, row->numerator, sec); return 1;
	case 10: num_text(o, row->denominator, sec); return 1;
	case 11: num_text(o, row->coverage, 0); return 1;
	/* a secret cell has no comparison: neither N-1 nor change */
	case 12: num_text(o, row->previous, sec); return 1;
	case 13: num_text(o, row->change, sec); return 1;
	case 14: orcs_buf_addf(o, "%d", row->secret); return 1;
	}
	return 0;
}

typedef struct out_ctx {
	FILE *f;
	yajl_gen g;
	lxw_worksheet *ws;
	lxw_row_t row;
	orcs_buf tmp;
	long long n;
} out_ctx;

static int csv_row(void *vctx, const exp_meta *m, const orcs_ind_result *r, const orcs_ind_row *row,
		   orcs_error *err)
{
	out_ctx *o = vctx;
	int i;
	(void)err;
	for (i = 0; i < NFIELDS; i++) {
		if (i)
			fputc(';', o->f);
		field_text(i, m, r, row, &o->tmp);
		orcs_csv_put(o->f, o->tmp.data ? o->tmp.data : "", ';');
	}
	fputc('\n', o->f);
	o->n++;
	return ORCS_OK;
}

static int xlsx_row(void *vctx, const exp_meta *m, const orcs_ind_result *r, const orcs_ind_row *row,
		    orcs_error *err)
{
	out_ctx *o = vctx;
	int i;
	o->row++;
	for (i = 0; i < NFIELDS; i++) {
		int isnum = field_text(i, m, r, row, &o->tmp);
		const char *s = o->tmp.data ? o->tmp.data : "";
		lxw_error e;
		if (!*s)
			continue;
		if (isnum && strcmp(s, "s"))
			e = worksheet_write_number(o->ws, o->row, (lxw_col_t)i, strtod(s, NULL), NULL);
		else
			e = worksheet_write_string(o->ws, o->row, (lxw_col_t)i, s, NULL);
		if (e != LXW_NO_ERROR)
			return orcs_error_set(err, ORCS_EIO, "XLSX" ORCS_NBSP ": %s", lxw_strerror(e));
	}
	o->n++;
	return ORCS_OK;
}

static void jnum(yajl_gen g, const char *k, double v, int secret)
{
	if (secret)
		orcs_json_kstr(g, k, NULL);
	else
		orcs_json_knum(g, k, v);
}

static int json_row(void *vctx, const exp_meta *m, const orcs_ind_result *r, const orcs_ind_row *row,
		    orcs_error *err)
{
	out_ctx *o = vctx;
	yajl_gen g = o->g;
	int sec = row->secret != 0;
	(void)err;
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "indicateur", m->id);
	orcs_json_kint(g, "version", m->version);
	orcs_json_kstr(g, "libelle", m->label);
	orcs_json_kstr(g, "unite", m->unit);
	orcs_json_kint(g, "annee", r->year);
	orcs_json_kstr(g, "dimension", row->has[0] ? r->by[0] : NULL);
	orcs_json_kstr(g, "code", row->has[0] ? row->code[0] : NULL);
	orcs_json_kstr(g, "modalite", row->has[0] ? (row->label[0] ? row->label[0] : row->code[0] ? row->code[0] : "non renseigné") : NULL);
	jnum(g, "valeur", row->value, sec);
	jnum(g, "numerateur", row->numerator, sec);
	jnum(g, "denominateur", row->denominator, sec);
	orcs_json_knum(g, "couverture", row->coverage);
	jnum(g, "valeur_n_1", row->previous, sec); /* a secret cell has no comparison */
	jnum(g, "evolution", row->change, sec);
	orcs_json_kint(g, "secret", row->secret);
	yajl_gen_map_close(g);
	o->n++;
	return ORCS_OK;
}

int exp_dictionary(orcs_db *db, const char *data_path, const exp_field *f, int nf,
		   orcs_error *err)
{
	orcs_buf p = ORCS_BUF_INIT;
	const char *dot = strrchr(data_path, '.'), *slash = strrchr(data_path, '/');
	sqlite3_stmt *st = NULL;
	FILE *out;
	int i, rc;
	if (dot && (!slash || dot > slash))
		orcs_buf_add(&p, data_path, (size_t)(dot - data_path));
	else
		orcs_buf_adds(&p, data_path);
	orcs_buf_adds(&p, ".dictionnaire.csv");
	out = fopen(p.data, "w");
	if (!out) {
		rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": écriture impossible", p.data);
		orcs_buf_release(&p);
		return rc;
	}
	fputs("rubrique;nom;type;description;unite;regle_annee;secret;famille\n", out);
	for (i = 0; i < nf; i++) {
		fputs("champ;", out);
		orcs_csv_put(out, f[i].name, ';');
		fputc(';', out);
		orcs_csv_put(out, f[i].type, ';');
		fputc(';', out);
		orcs_csv_put(out, f[i].description, ';');
		fputs(";;;;\n", out);
	}
	rc = orcs_db_prepare(db, &st,
			     "SELECT id, label || ' : ' || definition, unit, year_rule, secrecy, family "
			     "FROM ind_catalogue c WHERE version = (SELECT max(version) FROM "
			     "ind_catalogue WHERE id = c.id) ORDER BY family, id",
			     err);
	while (rc == ORCS_OK && sqlite3_step(st) == SQLITE_ROW) {
		fputs("indicateur;", out);
		orcs_csv_put(out, (const char *)sqlite3_column_text(st, 0), ';');
		fputs(";;", out);
		for (i = 1; i < 6; i++) {
			orcs_csv_put(out, (const char *)sqlite3_column_text(st, i), ';');
			fputc(i < 5 ? ';' : '\n', out);
		}
	}
	sqlite3_finalize(st);
	if (fclose(out) != 0 && rc == ORCS_OK)
		rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": écriture impossible", p.data);
	orcs_buf_release(&p);
	return rc;
}

int orcs_export_indicators(orcs_db *db, orcs_export_format fmt, const char *path,
			   orcs_error *err)
{
	out_ctx o;
	int rc, i;
	memset(&o, 0, sizeof(o));
	orcs_buf_init(&o.tmp);
	if (fmt == ORCS_EXPORT_XLSX) {
		lxw_workbook *wb;
		lxw_workbook_options opt;
		lxw_format *bold;
		lxw_error e;
		if (!path)
			return orcs_error_set(err, ORCS_EUSAGE,
					      "--format xlsx" ORCS_NBSP ": indiquez un fichier avec -o");
		memset(&opt, 0, sizeof(opt));
		opt.constant_memory = LXW_TRUE;
		wb = workbook_new_opt(path, &opt);
		if (!wb)
			return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": création impossible", path);
		bold = workbook_add_format(wb);
		format_set_bold(bold);
		o.ws = workbook_add_worksheet(wb, "indicateurs");
		for (i = 0; i < NFIELDS; i++)
			worksheet_write_string(o.ws, 0, (lxw_col_t)i, fields[i].name, bold);
		rc = exp_walk(db, NULL, 0, xlsx_row, &o, err);
		e = workbook_close(wb);
		if (rc == ORCS_OK && e != LXW_NO_ERROR)
			rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", path, lxw_strerror(e));
	} else {
		o.f = path ? fopen(path, "w") : stdout;
		if (!o.f)
			return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": écriture impossible", path);
		if (fmt == ORCS_EXPORT_CSV) {
			for (i = 0; i < NFIELDS; i++) {
				if (i)
					fputc(';', o.f);
				fputs(fields[i].name, o.f);
			}
			fputc('\n', o.f);
			rc = exp_walk(db, NULL, 0, csv_row, &o, err);
		} else {
			o.g = orcs_json_new(o.f, 0);
			yajl_gen_map_open(o.g);
			orcs_json_kstr(o.g, "producteur",
				       "Observatoire régional des clauses sociales (ORCS)");
			orcs_json_kstr(o.g, "licence", "Licence Ouverte / Open Licence 2.0");
			orcs_json_kstr(o.g, "public", "grand public (secret statistique appliqué)");
			orcs_json_str(o.g, "lignes");
			yajl_gen_array_open(o.g);
			rc = exp_walk(db, NULL, 0, json_row, &o, err);
			yajl_gen_array_close(o.g);
			yajl_gen_map_close(o.g);
			orcs_json_free(o.g);
		}
		if (path && fclose(o.f) != 0 && rc == ORCS_OK)
			rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": écriture impossible", path);
		else if (!path)
			fflush(stdout);
	}
	if (rc == ORCS_OK && path)
		rc = exp_dictionary(db, path, fields, NFIELDS, err);
	orcs_buf_release(&o.tmp);
	return rc;
}
