/* api.c - the JSON API: OpenAPI description, catalogue, health. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "web/routes.h"

/* Runs `fn` with a JSON generator writing into the response body. */
static void json_body(orcs_resp *out, void (*fn)(yajl_gen g, void *ctx), void *ctx)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	yajl_gen g = orcs_json_new(f, 0);
	fn(g, ctx);
	orcs_json_free(g);
	fclose(f);
	orcs_buf_add(&out->body, mem, len);
	free(mem);
	out->type = "application/json; charset=utf-8";
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
		       "Indicateurs publics de l'observatoire. Toutes les réponses respectent le secret "
		       "statistique (audience publique).");
	yajl_gen_map_close(g);
	orcs_json_str(g, "paths");
	yajl_gen_map_open(g);
	for (i = 0; i < orcs_routes_count; i++) {
		if (!orcs_routes[i].api)
			continue;
		orcs_json_str(g, orcs_routes[i].path);
		yajl_gen_map_open(g);
		orcs_json_str(g, "get");
		yajl_gen_map_open(g);
		orcs_json_kstr(g, "summary", orcs_routes[i].summary);
		orcs_json_str(g, "responses");
		yajl_gen_map_open(g);
		orcs_json_str(g, "200");
		yajl_gen_map_open(g);
		orcs_json_kstr(g, "description", "Succès (JSON)");
		yajl_gen_map_close(g);
		yajl_gen_map_close(g);
		yajl_gen_map_close(g);
		yajl_gen_map_close(g);
	}
	yajl_gen_map_close(g);
	/* the indicator ids, from the catalogue */
	orcs_json_str(g, "components");
	yajl_gen_map_open(g);
	orcs_json_str(g, "schemas");
	yajl_gen_map_open(g);
	orcs_json_str(g, "IndicatorId");
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "type", "string");
	orcs_json_str(g, "enum");
	yajl_gen_array_open(g);
	if (db && orcs_db_prepare(db, &st, "SELECT DISTINCT id FROM ind_catalogue ORDER BY id", NULL) ==
			  ORCS_OK) {
		while (sqlite3_step(st) == SQLITE_ROW)
			orcs_json_str(g, (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
}

int orcs_api_openapi(const orcs_req *r, orcs_resp *out)
{
	json_body(out, openapi, orcs_req_db(r));
	return 0;
}

static void indicators(yajl_gen g, void *ctx)
{
	orcs_db *db = ctx;
	sqlite3_stmt *st;
	yajl_gen_map_open(g);
	orcs_json_str(g, "indicators");
	yajl_gen_array_open(g);
	if (orcs_db_prepare(db, &st,
			    "SELECT id, version, family, label, unit, year_rule, secrecy, dims "
			    "FROM ind_catalogue ORDER BY family, id",
			    NULL) == ORCS_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			int k;
			yajl_gen_map_open(g);
			for (k = 0; k < 8; k++) {
				const char *v = (const char *)sqlite3_column_text(st, k);
				orcs_json_kstr(g, sqlite3_column_name(st, k), v);
			}
			yajl_gen_map_close(g);
		}
		sqlite3_finalize(st);
	}
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
}

int orcs_api_indicators(const orcs_req *r, orcs_resp *out)
{
	json_body(out, indicators, orcs_req_db(r));
	return 0;
}

static void health(yajl_gen g, void *ctx)
{
	orcs_db *db = ctx;
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "status", db ? "ok" : "indisponible");
	if (db)
		orcs_json_kint(g, "schema_version", orcs_db_schema_version(db));
	yajl_gen_map_close(g);
}

int orcs_api_health(const orcs_req *r, orcs_resp *out)
{
	if (!orcs_req_db(r))
		out->status = 503;
	json_body(out, health, orcs_req_db(r));
	return 0;
}
