/*
 * geo.c - map geometry for choropleths, from the bundled GeoJSON contours.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "render/chart_internal.h"

#define FRAME 600.0

typedef struct bbox {
	double minx, maxx, miny, maxy;
} bbox;

static int is_pair(yajl_val v)
{
	return YAJL_IS_ARRAY(v) && v->u.array.len >= 2 && YAJL_IS_NUMBER(v->u.array.values[0]) &&
	       YAJL_IS_NUMBER(v->u.array.values[1]);
}

/* Visits every [lon, lat] pair under `v` (any nesting depth). */
static void walk_bbox(yajl_val v, bbox *b)
{
	size_t i;
	if (is_pair(v)) {
		double x = YAJL_GET_DOUBLE(v->u.array.values[0]), y = YAJL_GET_DOUBLE(v->u.array.values[1]);
		if (x < b->minx) b->minx = x;
		if (x > b->maxx) b->maxx = x;
		if (y < b->miny) b->miny = y;
		if (y > b->maxy) b->maxy = y;
		return;
	}
	if (YAJL_IS_ARRAY(v))
		for (i = 0; i < v->u.array.len; i++)
			walk_bbox(v->u.array.values[i], b);
}

typedef struct proj {
	bbox b;
	double k, f; /* cos(mean latitude), frame scale */
} proj;

/* A ring is an array of pairs; anything deeper is a list of rings. */
static void walk_path(yajl_val v, const proj *p, orcs_buf *out)
{
	size_t i;
	if (!YAJL_IS_ARRAY(v) || v->u.array.len == 0)
		return;
	if (is_pair(v->u.array.values[0])) {
		double lx = -1e9, ly = -1e9;
		for (i = 0; i < v->u.array.len; i++) {
			yajl_val pt = v->u.array.values[i];
			double x, y;
			if (!is_pair(pt))
				continue;
			x = (YAJL_GET_DOUBLE(pt->u.array.values[0]) - p->b.minx) * p->k * p->f;
			y = (p->b.maxy - YAJL_GET_DOUBLE(pt->u.array.values[1])) * p->f;
			if (i > 0 && i + 1 < v->u.array.len && fabs(x - lx) < 0.4 && fabs(y - ly) < 0.4)
				continue; /* below the drawing resolution */
			orcs_buf_addf(out, "%c%.1f %.1f", i ? 'L' : 'M', x, y);
			lx = x;
			ly = y;
		}
		orcs_buf_addc(out, 'Z');
		return;
	}
	for (i = 0; i < v->u.array.len; i++)
		walk_path(v->u.array.values[i], p, out);
}

/* A feature is kept when it has a non-empty key and, with a filter, its
 * property `fprop` equals `fval`. */
static const char *feature_key(yajl_val feat, const char *key_prop, const char *fprop,
			       const char *fval, orcs_buf *tmp)
{
	const char *kpath[] = { "properties", key_prop, NULL };
	yajl_val key = yajl_tree_get(feat, kpath, yajl_t_any);
	if (fprop) {
		const char *fpath[] = { "properties", fprop, NULL };
		yajl_val fv = yajl_tree_get(feat, fpath, yajl_t_any);
		const char *sv = fv && YAJL_IS_STRING(fv) ? YAJL_GET_STRING(fv) : NULL;
		if (!sv || !fval || strcmp(sv, fval))
			return NULL;
	}
	if (!key)
		return NULL;
	orcs_buf_reset(tmp);
	if (YAJL_IS_STRING(key))
		orcs_buf_adds(tmp, YAJL_GET_STRING(key));
	else if (YAJL_IS_INTEGER(key))
		orcs_buf_addf(tmp, "%lld", YAJL_GET_INTEGER(key));
	else
		return NULL;
	return tmp->len ? tmp->data : NULL;
}

orcs_geo *orcs_geo_load(const char *path, const char *key_prop, orcs_error *err)
{
	return orcs_geo_load_where(path, key_prop, NULL, NULL, err);
}

orcs_geo *orcs_geo_load_where(const char *path, const char *key_prop, const char *fprop,
			      const char *fval, orcs_error *err)
{
	FILE *f = fopen(path, "rb");
	orcs_buf data = ORCS_BUF_INIT, tmp = ORCS_BUF_INIT;
	char ebuf[256], chunk[65536];
	size_t n, i;
	yajl_val root, feats;
	const char *fpath[] = { "features", NULL };
	orcs_geo *g;
	proj p;

	if (!f) {
		orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		orcs_buf_add(&data, chunk, n);
	fclose(f);
	root = yajl_tree_parse(data.data, ebuf, sizeof(ebuf));
	orcs_buf_release(&data);
	if (!root) {
		orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": GeoJSON illisible (%s)", path, ebuf);
		return NULL;
	}
	feats = yajl_tree_get(root, fpath, yajl_t_array);
	if (!feats) {
		yajl_tree_free(root);
		orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": pas de « features »", path);
		return NULL;
	}
	p.b.minx = p.b.miny = 1e9;
	p.b.maxx = p.b.maxy = -1e9;
	for (i = 0; i < feats->u.array.len; i++) {
		const char *cpath[] = { "geometry", "coordinates", NULL };
		if (!feature_key(feats->u.array.values[i], key_prop, fprop, fval, &tmp))
			continue;
		walk_bbox(yajl_tree_get(feats->u.array.values[i], cpath, yajl_t_array), &p.b);
	}
	p.k = cos((p.b.miny + p.b.maxy) / 2 * M_PI / 180);
	p.f = p.b.maxx > p.b.minx ? FRAME / ((p.b.maxx - p.b.minx) * p.k) : 1;
	g = orcs_xcalloc(1, sizeof(*g));
	g->width = FRAME;
	g->height = (p.b.maxy - p.b.miny) * p.f;
	g->areas = orcs_xcalloc(feats->u.array.len + 1, sizeof(*g->areas));
	for (i = 0; i < feats->u.array.len; i++) {
		const char *cpath[] = { "geometry", "coordinates", NULL };
		yajl_val feat = feats->u.array.values[i];
		yajl_val coords = yajl_tree_get(feat, cpath, yajl_t_array);
		if (!coords || !feature_key(feat, key_prop, fprop, fval, &tmp))
			continue;
		g->areas[g->n].key = orcs_xstrdup(tmp.data);
		orcs_buf_reset(&tmp);
		walk_path(coords, &p, &tmp);
		g->areas[g->n].path = orcs_xstrdup(tmp.data);
		g->n++;
	}
	orcs_buf_release(&tmp);
	yajl_tree_free(root);
	return g;
}

void orcs_geo_free(orcs_geo *g)
{
	int i;
	if (!g)
		return;
	for (i = 0; i < g->n; i++) {
		free(g->areas[i].key);
		free(g->areas[i].path);
	}
	free(g->areas);
	free(g);
}

int orcs_geo_count(const orcs_geo *g)
{
	return g ? g->n : 0;
}
