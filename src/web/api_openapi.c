/*
 * api_openapi.c - /api/v1/openapi.json: the OpenAPI 3.0 document, generated
 * from the route table (routes.c), the API declarations (api.c) and the
 * indicator catalogue (one path per computable indicator, with its label,
 * definition, unit and allowed dimensions).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicators/engine.h"
#include "web/api.h"
#include "web/routes.h"

#define NB ORCS_NBSP

static void kbool(yajl_gen g, const char *k, int v)
{
	orcs_json_str(g, k);
	orcs_json_bool(g, v);
}

static void ref(yajl_gen g, const char *schema)
{
	char buf[96];
	snprintf(buf, sizeof(buf), "#/components/schemas/%s", schema);
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "$ref", buf);
	yajl_gen_map_close(g);
}

/* A prefix route gets its path parameter: ".../indicators/" + "{id}". */
static void template_path(const orcs_route *rt, const orcs_api_route *ar, orcs_buf *out)
{
	size_t n = strlen(rt->path);
	const orcs_api_param *p;
	if (rt->path[n - 1] != '*') {
		orcs_buf_adds(out, rt->path);
		return;
	}
	orcs_buf_add(out, rt->path, n - 1);
	for (p = ar ? ar->params : NULL; p && p->name; p++)
		if (!strcmp(p->in, "path")) {
			orcs_buf_addf(out, "{%s}", p->name);
			return;
		}
	orcs_buf_adds(out, "{chemin}");
}

/* One parameter object; `dims` (catalogue dimensions, comma-separated) and
 * `required_year` specialise the indicator parameters for one indicator. */
static void param(yajl_gen g, const orcs_api_param *p, const char *dims, int required_year)
{
	int required = !strcmp(p->in, "path") || (required_year && !strcmp(p->name, "year"));
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "name", p->name);
	orcs_json_kstr(g, "in", p->in);
	kbool(g, "required", required);
	orcs_json_kstr(g, "description", p->desc);
	orcs_json_str(g, "schema");
	yajl_gen_map_open(g);
	if (p->repeat) {
		orcs_json_kstr(g, "type", "array");
		orcs_json_str(g, "items");
		yajl_gen_map_open(g);
	}
	if (!strcmp(p->in, "path")) {
		orcs_json_kstr(g, "$ref", "#/components/schemas/IndicatorId");
	} else {
		orcs_json_kstr(g, "type", p->type);
		if (!strcmp(p->name, "year")) {
			orcs_json_kint(g, "minimum", 2000);
			orcs_json_kint(g, "maximum", 2100);
		}
		if (p->values) {
			char buf[128], *s, *c;
			snprintf(buf, sizeof(buf), "%s", p->values);
			orcs_json_str(g, "enum");
			yajl_gen_array_open(g);
			for (s = buf; s; s = c) {
				c = strchr(s, ',');
				if (c)
					*c++ = '\0';
				orcs_json_str(g, s);
			}
			yajl_gen_array_close(g);
		}
		if (dims && (!strcmp(p->name, "by") || !strcmp(p->name, "where"))) {
			/* the indicator's dimensions, at any level */
			orcs_buf pat = ORCS_BUF_INIT;
			const char *s;
			orcs_buf_adds(&pat, "^(");
			for (s = dims; *s; s++)
				orcs_buf_addc(&pat, *s == ',' ? '|' : *s);
			orcs_buf_adds(&pat, !strcmp(p->name, "by") ? ")(:[a-z_]+)?(,(" : ")(:[a-z_]+)?=.+$");
			if (!strcmp(p->name, "by")) {
				for (s = dims; *s; s++)
					orcs_buf_addc(&pat, *s == ',' ? '|' : *s);
				orcs_buf_adds(&pat, ")(:[a-z_]+)?)?$");
			}
			orcs_json_kstr(g, "pattern", pat.data);
			orcs_buf_release(&pat);
		}
	}
	if (p->repeat)
		yajl_gen_map_close(g);
	yajl_gen_map_close(g);
	if (p->repeat) {
		orcs_json_kstr(g, "style", "form");
		kbool(g, "explode", 1);
	}
	yajl_gen_map_close(g);
}

static void error_response(yajl_gen g, const char *status, const char *desc)
{
	orcs_json_str(g, status);
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "description", desc);
	orcs_json_str(g, "content");
	yajl_gen_map_open(g);
	orcs_json_str(g, "application/json");
	yajl_gen_map_open(g);
	orcs_json_str(g, "schema");
	ref(g, "Error");
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
}

/* The "get" operation of an API route; `ind` non-NULL specialises the
 * indicator route for one catalogue entry (id, label, definition, unit,
 * dims, additive, year_rule). */
static void operation(yajl_gen g, const orcs_route *rt, const orcs_api_route *ar, const char *op_id,
		      const char *const *ind)
{
	const orcs_api_param *p;
	orcs_json_str(g, "get");
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "operationId", op_id);
	orcs_json_kstr(g, "summary", ind ? ind[1] : rt->summary);
	if (ind) {
		orcs_buf d = ORCS_BUF_INIT;
		orcs_buf_addf(&d, "%s Unité" NB ": %s. Règle d'année" NB ": %s.%s Dimensions" NB ": %s.",
			      ind[2], ind[3], ind[6],
			      strcmp(ind[5], "yes") ? " Non additif" NB ": l'année est obligatoire." : "",
			      ind[4]);
		orcs_json_kstr(g, "description", d.data);
		orcs_buf_release(&d);
	}
	orcs_json_str(g, "tags");
	yajl_gen_array_open(g);
	orcs_json_str(g, ind ? "indicateurs" : "service");
	yajl_gen_array_close(g);
	orcs_json_str(g, "parameters");
	yajl_gen_array_open(g);
	for (p = ar ? ar->params : NULL; p && p->name; p++) {
		if (ind && !strcmp(p->in, "path"))
			continue; /* the id is in the path itself */
		param(g, p, ind ? ind[4] : NULL, ind && strcmp(ind[5], "yes"));
	}
	yajl_gen_array_close(g);
	orcs_json_str(g, "responses");
	yajl_gen_map_open(g);
	orcs_json_str(g, "200");
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "description", "Succès");
	orcs_json_str(g, "content");
	yajl_gen_map_open(g);
	orcs_json_str(g, "application/json");
	yajl_gen_map_open(g);
	orcs_json_str(g, "schema");
	if (ar && ar->schema)
		ref(g, ar->schema);
	else {
		yajl_gen_map_open(g);
		orcs_json_kstr(g, "type", "object");
		yajl_gen_map_close(g);
	}
	yajl_gen_map_close(g);
	if (ar && ar->csv) {
		orcs_json_str(g, "text/csv");
		yajl_gen_map_open(g);
		orcs_json_str(g, "schema");
		yajl_gen_map_open(g);
		orcs_json_kstr(g, "type", "string");
		orcs_json_kstr(g, "description",
			       "Une ligne par ligne du résultat (format=csv)" NB ": codes et libellés des "
			       "dimensions, puis valeur, numérateur, dénominateur, couverture, "
			       "précédent, évolution, secret" NB "; chiffres secrets écrits « s ».");
		yajl_gen_map_close(g);
		yajl_gen_map_close(g);
	}
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
	if (ar && ar->params[0].name) {
		error_response(g, "400", "Paramètre incorrect (message en français)");
		if (strchr(rt->path, '*'))
			error_response(g, "404", "Indicateur inconnu ou pas encore calculable");
	}
	error_response(g, "503", "Entrepôt indisponible");
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
}

/* Writes an object schema from "name:type" pairs (type "number?" is
 * nullable; "object", "array:string"). */
static void object_schema(yajl_gen g, const char *name, const char *desc, const char *const *props,
			  const char *const *required)
{
	int i;
	orcs_json_str(g, name);
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "type", "object");
	if (desc)
		orcs_json_kstr(g, "description", desc);
	if (required) {
		orcs_json_str(g, "required");
		yajl_gen_array_open(g);
		for (i = 0; required[i]; i++)
			orcs_json_str(g, required[i]);
		yajl_gen_array_close(g);
	}
	orcs_json_str(g, "properties");
	yajl_gen_map_open(g);
	for (i = 0; props[i]; i += 2) {
		const char *t = props[i + 1];
		size_t n = strlen(t);
		int nullable = t[n - 1] == '?';
		char type[32];
		snprintf(type, sizeof(type), "%.*s", (int)(n - nullable), t);
		orcs_json_str(g, props[i]);
		yajl_gen_map_open(g);
		if (type[0] == '#') {
			orcs_json_kstr(g, "type", "array");
			orcs_json_str(g, "items");
			ref(g, type + 1);
		} else if (!strncmp(type, "array:", 6)) {
			orcs_json_kstr(g, "type", "array");
			orcs_json_str(g, "items");
			yajl_gen_map_open(g);
			orcs_json_kstr(g, "type", type + 6);
			yajl_gen_map_close(g);
		} else if (!strcmp(type, "map")) {
			orcs_json_kstr(g, "type", "object");
			orcs_json_str(g, "additionalProperties");
			yajl_gen_map_open(g);
			orcs_json_kstr(g, "type", "string");
			kbool(g, "nullable", 1);
			yajl_gen_map_close(g);
		} else {
			orcs_json_kstr(g, "type", type);
		}
		if (nullable)
			kbool(g, "nullable", 1);
		yajl_gen_map_close(g);
	}
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
}

static void schemas(yajl_gen g, orcs_db *db)
{
	static const char *const result[] = {
		"indicator", "string", "version", "integer", "year", "integer?", "audience", "string",
		"label", "string", "unit", "string", "kind", "string", "year_rule", "string",
		"secrecy", "string", "by", "array:string", "parts_add_up", "array:boolean",
		"where", "map", "source", "string", "change_unit", "string?",
		"excluded_no_year", "integer?", "note", "string?", "rows", "#IndicatorRow", NULL
	};
	static const char *const result_req[] = { "indicator", "year", "audience", "rows", NULL };
	static const char *const row[] = {
		"dims", "map", "labels", "map", "value", "number?", "numerator", "number?",
		"denominator", "number?", "coverage", "number?", "secret", "boolean",
		"previous", "number?", "change", "number?", NULL
	};
	static const char *const row_req[] = { "dims", "value", "secret", NULL };
	static const char *const entry[] = {
		"id", "string", "version", "integer", "family", "string", "label", "string",
		"unit", "string", "year_rule", "string", "secrecy", "string", "dims", "string",
		"computable", "boolean", "href", "string", "reason", "string", NULL
	};
	static const char *const catalogue[] = { "indicators", "#CatalogueEntry", NULL };
	static const char *const health[] = { "status", "string", "schema_version", "integer", NULL };
	static const char *const err_inner[] = { "status", "integer", "title", "string", "message",
						 "string", NULL };
	static const char *const openapi[] = { "openapi", "string", "info", "object", "paths",
					       "object", NULL };
	sqlite3_stmt *st;

	orcs_json_str(g, "schemas");
	yajl_gen_map_open(g);
	orcs_json_str(g, "IndicatorId");
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "type", "string");
	orcs_json_kstr(g, "description", "Indicateurs calculables du catalogue");
	orcs_json_str(g, "enum");
	yajl_gen_array_open(g);
	if (db && orcs_db_prepare(db, &st, "SELECT DISTINCT id FROM ind_catalogue ORDER BY id", NULL) ==
			  ORCS_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *id = (const char *)sqlite3_column_text(st, 0);
			if (orcs_ind_status(id, NULL) == 1)
				orcs_json_str(g, id);
		}
		sqlite3_finalize(st);
	}
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
	object_schema(g, "IndicatorResult",
		      "Résultat d'un indicateur (même JSON que « orcs stats --format json »)"
		      NB "; rows[0] est le total.", result, result_req);
	object_schema(g, "IndicatorRow",
		      "Une ligne" NB ": total, marge ou cellule. Chiffres null quand inconnus ou "
		      "secrets (secret" NB ": true)" NB "; l'indicateur peut ajouter des chiffres.",
		      row, row_req);
	object_schema(g, "CatalogueEntry", NULL, entry, NULL);
	object_schema(g, "Catalogue", "Catalogue des indicateurs", catalogue, NULL);
	object_schema(g, "Health", NULL, health, NULL);
	object_schema(g, "OpenApi", NULL, openapi, NULL);
	orcs_json_str(g, "Error");
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "type", "object");
	orcs_json_str(g, "required");
	yajl_gen_array_open(g);
	orcs_json_str(g, "error");
	yajl_gen_array_close(g);
	orcs_json_str(g, "properties");
	yajl_gen_map_open(g);
	object_schema(g, "error", "Erreur, message en français", err_inner, NULL);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
}

static void openapi(yajl_gen g, void *ctx)
{
	orcs_db *db = ctx;
	sqlite3_stmt *st;
	unsigned i;
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "openapi", "3.0.3");
	orcs_json_str(g, "info");
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "title", "ORCS — API de l'Observatoire régional des clauses sociales");
	orcs_json_kstr(g, "version", "1");
	orcs_json_kstr(g, "description",
		       "Indicateurs publics de l'observatoire, calculés par le moteur d'indicateurs. "
		       "Toutes les réponses respectent le secret statistique (audience publique). "
		       "Erreurs" NB ": {\"error\": {\"status\", \"message\"}} en français.");
	orcs_json_str(g, "license");
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "name", "Licence Ouverte 2.0 (données)");
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
	orcs_json_str(g, "servers");
	yajl_gen_array_open(g);
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "url", "/");
	yajl_gen_map_close(g);
	yajl_gen_array_close(g);
	orcs_json_str(g, "paths");
	yajl_gen_map_open(g);
	for (i = 0; i < orcs_routes_count; i++) {
		const orcs_route *rt = &orcs_routes[i];
		const orcs_api_route *ar;
		orcs_buf path = ORCS_BUF_INIT, op = ORCS_BUF_INIT;
		const char *s;
		if (!rt->api)
			continue;
		ar = orcs_api_route_find(rt->path);
		template_path(rt, ar, &path);
		orcs_buf_adds(&op, "get");
		for (s = path.data; *s; s++)
			if (*s >= 'a' && *s <= 'z')
				orcs_buf_addc(&op, *s);
			else if (*s == '/' || *s == '.')
				orcs_buf_addc(&op, '_');
		orcs_json_str(g, path.data);
		yajl_gen_map_open(g);
		operation(g, rt, ar, op.data, NULL);
		yajl_gen_map_close(g);
		/* one path per computable indicator under the templated route */
		if (ar && ar->csv && db &&
		    orcs_db_prepare(db, &st,
				    "SELECT id, label, definition, unit, dims, additive, year_rule "
				    "FROM ind_catalogue c WHERE version = (SELECT max(version) FROM "
				    "ind_catalogue WHERE id = c.id) ORDER BY id",
				    NULL) == ORCS_OK) {
			while (sqlite3_step(st) == SQLITE_ROW) {
				const char *ind[7];
				orcs_buf p2 = ORCS_BUF_INIT, op2 = ORCS_BUF_INIT;
				int k;
				for (k = 0; k < 7; k++) {
					ind[k] = (const char *)sqlite3_column_text(st, k);
					if (!ind[k])
						ind[k] = "";
				}
				if (orcs_ind_status(ind[0], NULL) != 1)
					continue;
				orcs_buf_add(&p2, rt->path, strlen(rt->path) - 1);
				orcs_buf_adds(&p2, ind[0]);
				orcs_buf_adds(&op2, "get_");
				for (s = ind[0]; *s; s++)
					orcs_buf_addc(&op2, *s == '.' ? '_' : *s);
				orcs_json_str(g, p2.data);
				yajl_gen_map_open(g);
				operation(g, rt, ar, op2.data, ind);
				yajl_gen_map_close(g);
				orcs_buf_release(&p2);
				orcs_buf_release(&op2);
			}
			sqlite3_finalize(st);
		}
		orcs_buf_release(&path);
		orcs_buf_release(&op);
	}
	yajl_gen_map_close(g);
	orcs_json_str(g, "components");
	yajl_gen_map_open(g);
	schemas(g, db);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
}

int orcs_api_openapi(const orcs_req *r, orcs_resp *out)
{
	if (orcs_api_check_params(r, "/api/v1/openapi.json", out))
		return 0;
	orcs_api_json(out, openapi, orcs_req_db(r));
	return 0;
}
