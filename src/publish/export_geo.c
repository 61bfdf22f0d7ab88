/*
 * export_geo.c - `orcs export geo`: the bundled contours (data/geo) with,
 * in each feature's properties, every indicator offering the geo_exec
 * dimension, for one year, through the engine (PUBLIC audience).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "core/buf.h"
#include "core/json.h"
#include "indicators/engine.h"
#include "publish/export.h"
#include "publish/export_internal.h"

static const exp_field geo_fields[] = {
	{ "code", "texte", "Code INSEE du territoire (département ou commune)" },
	{ "nom", "texte", "Nom du territoire" },
	{ "annee", "entier", "Année des indicateurs" },
	{ "<indicateur>", "nombre",
	  "Valeur de l'indicateur pour le territoire (lieu d'exécution) ; null si secret ou "
	  "sans donnée (voir la liste des indicateurs ci-dessous)" },
	{ "<indicateur>_secret", "booléen", "Présent et vrai quand la valeur est couverte par le "
					     "secret statistique" },
};

typedef struct geo_ind {
	char *id;
	orcs_ind_result r;
} geo_ind;

static void emit_val(yajl_gen g, yajl_val v)
{
	size_t i;
	if (YAJL_IS_STRING(v))
		orcs_json_str(g, YAJL_GET_STRING(v));
	else if (YAJL_IS_INTEGER(v))
		orcs_json_int(g, YAJL_GET_INTEGER(v));
	else if (YAJL_IS_NUMBER(v))
		orcs_json_num(g, YAJL_GET_DOUBLE(v));
	else if (YAJL_IS_TRUE(v) || YAJL_IS_FALSE(v))
		orcs_json_bool(g, YAJL_IS_TRUE(v));
	else if (YAJL_IS_ARRAY(v)) {
		yajl_gen_array_open(g);
		for (i = 0; i < v->u.array.len; i++)
			emit_val(g, v->u.array.values[i]);
		yajl_gen_array_close(g);
	} else if (YAJL_IS_OBJECT(v)) {
		yajl_gen_map_open(g);
		for (i = 0; i < v->u.object.len; i++) {
			orcs_json_str(g, v->u.object.keys[i]);
			emit_val(g, v->u.object.values[i]);
		}
		yajl_gen_map_close(g);
	} else
		orcs_json_null(g);
}

static yajl_val load_json(const char *path, orcs_error *err)
{
	FILE *f = fopen(path, "rb");
	orcs_buf data = ORCS_BUF_INIT;
	char chunk[65536], ebuf[256];
	size_t n;
	yajl_val root;
	if (!f) {
		orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		orcs_buf_add(&data, chunk, n);
	fclose(f);
	root = yajl_tree_parse(data.data ? data.data : "", ebuf, sizeof(ebuf));
	orcs_buf_release(&data);
	if (!root)
		orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": GeoJSON illisible (%s)", path, ebuf);
	return root;
}

int orcs_export_geo(orcs_db *db, const char *datadir, const char *level, int year,
		    const char *path, orcs_error *err)
{
	const char *file;
	orcs_buf p = ORCS_BUF_INIT, by = ORCS_BUF_INIT;
	yajl_val root = NULL, feats;
	const char *fpath[] = { "features", NULL };
	sqlite3_stmt *cat = NULL;
	geo_ind *inds = NULL;
	int ninds = 0, rc = ORCS_OK, i;
	size_t k;
	FILE *out = NULL;
	yajl_gen g;

	if (!level || !strcmp(level, "dept"))
		level = "dept", file = "idf_departements_contours.geojson";
	else if (!strcmp(level, "commune"))
		file = "idf_communes_2018_contours.geojson";
	else
		return orcs_error_set(err, ORCS_EUSAGE,
				      "--level" ORCS_NBSP ": valeur inconnue « %s » (dept ou commune)",
				      level);
	if (year == 0) {
		int years[64], ny = orcs_export_years(db, years, 64);
		if (!ny)
			return orcs_error_set(err, ORCS_EUSAGE,
					      "aucun indicateur précalculé (lancez « orcs refresh »)");
		year = years[ny - 1];
	}
	orcs_buf_addf(&p, "%s/geo/%s", datadir, file);
	root = load_json(p.data, err);
	orcs_buf_release(&p);
	if (!root)
		return err->code;
	feats = yajl_tree_get(root, fpath, yajl_t_array);
	if (!feats) {
		yajl_tree_free(root);
		return orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": pas de « features »", file);
	}
	/* every implemented indicator offering geo_exec, by geo_exec:LEVEL */
	orcs_buf_addf(&by, "geo_exec:%s", level);
	rc = orcs_db_prepare(db, &cat,
			     "SELECT id FROM ind_catalogue c WHERE version = (SELECT max(version) "
			     "FROM ind_catalogue WHERE id = c.id) AND ',' || dims || ',' LIKE "
			     "'%,geo_exec,%' ORDER BY family, id",
			     err);
	while (rc == ORCS_OK && sqlite3_step(cat) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(cat, 0);
		orcs_ind_query q = ORCS_IND_QUERY_INIT;
		orcs_error e = ORCS_ERROR_INIT;
		if (orcs_ind_status(id, NULL) != 1)
			continue;
		inds = orcs_xrealloc(inds, (size_t)(ninds + 1) * sizeof(*inds));
		q.indicator = id;
		q.year = year;
		q.by[0] = by.data;
		q.nby = 1;
		q.audience = ORCS_AUDIENCE_PUBLIC;
		if (orcs_ind_compute(db, &q, &inds[ninds].r, &e) != ORCS_OK) {
			if (e.code != ORCS_EUSAGE)
				rc = orcs_error_set(err, e.code, "%s", e.msg);
			continue;
		}
		inds[ninds].id = orcs_xstrdup(id);
		ninds++;
	}
	sqlite3_finalize(cat);
	if (rc == ORCS_OK) {
		out = path ? fopen(path, "w") : stdout;
		if (!out)
			rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": écriture impossible", path);
	}
	if (rc == ORCS_OK) {
		g = orcs_json_new(out, 0);
		yajl_gen_map_open(g);
		orcs_json_kstr(g, "type", "FeatureCollection");
		orcs_json_kstr(g, "name", "orcs_indicateurs_territoires");
		orcs_json_kint(g, "annee", year);
		orcs_json_kstr(g, "licence", "Licence Ouverte / Open Licence 2.0");
		orcs_json_str(g, "features");
		yajl_gen_array_open(g);
		for (k = 0; k < feats->u.array.len; k++) {
			yajl_val f = feats->u.array.values[k];
			const char *ppath[] = { "properties", NULL }, *gpath[] = { "geometry", NULL };
			const char *cpath[] = { "properties", "code", NULL };
			yajl_val props = yajl_tree_get(f, ppath, yajl_t_object);
			yajl_val geom = yajl_tree_get(f, gpath, yajl_t_object);
			yajl_val code = yajl_tree_get(f, cpath, yajl_t_string);
			const char *cs = code ? YAJL_GET_STRING(code) : NULL;
			size_t j;
			yajl_gen_map_open(g);
			orcs_json_kstr(g, "type", "Feature");
			orcs_json_str(g, "properties");
			yajl_gen_map_open(g);
			for (j = 0; props && j < props->u.object.len; j++) {
				orcs_json_str(g, props->u.object.keys[j]);
				emit_val(g, props->u.object.values[j]);
			}
			orcs_json_kint(g, "annee", year);
			for (i = 0; i < ninds; i++) {
				const orcs_ind_row *row = NULL;
				int ri;
				for (ri = 1; cs && ri < inds[i].r.nrows; ri++)
					if (inds[i].r.rows[ri].code[0] &&
					    !strcmp(inds[i].r.rows[ri].code[0], cs)) {
						row = &inds[i].r.rows[ri];
						break;
					}
				if (row && row->secret) {
					orcs_json_kstr(g, inds[i].id, NULL);
					orcs_buf_reset(&by);
					orcs_buf_addf(&by, "%s_secret", inds[i].id);
					orcs_json_str(g, by.data);
					orcs_json_bool(g, 1);
				} else {
					orcs_json_knum(g, inds[i].id, row ? row->value : NAN);
				}
			}
			yajl_gen_map_close(g);
			orcs_json_str(g, "geometry");
			emit_val(g, geom);
			yajl_gen_map_close(g);
		}
		yajl_gen_array_close(g);
		yajl_gen_map_close(g);
		orcs_json_free(g);
		if (path && fclose(out) != 0)
			rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": écriture impossible", path);
		else if (!path)
			fflush(stdout);
	}
	for (i = 0; i < ninds; i++) {
		free(inds[i].id);
		orcs_ind_result_release(&inds[i].r);
	}
	free(inds);
	orcs_buf_release(&by);
	yajl_tree_free(root);
	if (rc == ORCS_OK && path)
		rc = exp_dictionary(db, path, geo_fields,
				    (int)(sizeof(geo_fields) / sizeof(geo_fields[0])), err);
	return rc;
}
