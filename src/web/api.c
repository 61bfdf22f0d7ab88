/* api.c - the JSON API's declarations (api.h) and its small answers: the
 * catalogue and the health check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicators/engine.h"
#include "web/api.h"
#include "web/routes.h"

#define NB ORCS_NBSP

static const orcs_api_param no_params[] = { { NULL, NULL, NULL, 0, NULL, NULL } };

static const orcs_api_param indicator_params[] = {
	{ "id", "path", "string", 0, NULL,
	  "Identifiant de l'indicateur (catalogue" NB ": /api/v1/indicators)" },
	{ "year", "query", "integer", 0, NULL,
	  "Année (2000 à 2100)" NB "; sans année, toutes les années (indicateurs additifs "
	  "seulement)" },
	{ "by", "query", "string", 1, NULL,
	  "Ventilation" NB ": DIMENSION ou DIMENSION:NIVEAU (geo_exec:commune), deux au plus, "
	  "répétée ou séparée par des virgules" },
	{ "where", "query", "string", 1, NULL,
	  "Filtre DIMENSION=VALEUR (geo_exec:dept=93), répétable" },
	{ "format", "query", "string", 0, "json,csv", "Format de la réponse (défaut" NB ": json)" },
	{ "audience", "query", "string", 0, "public",
	  "Toujours « public »" NB ": l'API applique le secret statistique" },
	{ NULL, NULL, NULL, 0, NULL, NULL },
};

const orcs_api_route orcs_api_routes[] = {
	{ "/api/v1/openapi.json", "OpenApi", 0, no_params },
	{ "/api/v1/indicators", "Catalogue", 0, no_params },
	{ "/api/v1/indicators/*", "IndicatorResult", 1, indicator_params },
	{ "/api/v1/health", "Health", 0, no_params },
};
const unsigned orcs_api_routes_count = sizeof(orcs_api_routes) / sizeof(orcs_api_routes[0]);

const orcs_api_route *orcs_api_route_find(const char *path)
{
	unsigned i;
	for (i = 0; i < orcs_api_routes_count; i++)
		if (!strcmp(orcs_api_routes[i].route, path))
			return &orcs_api_routes[i];
	return NULL;
}

int orcs_api_check_params(const orcs_req *r, const char *route, orcs_resp *out)
{
	const orcs_api_route *ar = orcs_api_route_find(route);
	int i, n = orcs_req_nparams(r);
	for (i = 0; i < n; i++) {
		const char *name = orcs_req_param_name(r, i);
		const orcs_api_param *p;
		orcs_buf msg = ORCS_BUF_INIT, names = ORCS_BUF_INIT;
		int found = 0;
		for (p = ar ? ar->params : no_params; p->name; p++) {
			if (strcmp(p->in, "query"))
				continue;
			if (!strcmp(p->name, name))
				found = 1;
			orcs_buf_addf(&names, "%s%s", names.len ? ", " : "", p->name);
		}
		if (found) {
			orcs_buf_release(&names);
			continue;
		}
		orcs_buf_addf(&msg, "paramètre inconnu « %.80s »", name);
		if (names.len)
			orcs_buf_addf(&msg, " (paramètres" NB ": %s)", names.data);
		else
			orcs_buf_adds(&msg, " (cette adresse n'en prend aucun)");
		orcs_resp_error(r, out, 400, msg.data);
		orcs_buf_release(&msg);
		orcs_buf_release(&names);
		return -1;
	}
	return 0;
}

void orcs_api_json(orcs_resp *out, void (*fn)(yajl_gen g, void *ctx), void *ctx)
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

static void indicators(yajl_gen g, void *ctx)
{
	orcs_db *db = ctx;
	sqlite3_stmt *st;
	yajl_gen_map_open(g);
	orcs_json_str(g, "indicators");
	yajl_gen_array_open(g);
	if (orcs_db_prepare(db, &st,
			    "SELECT id, version, family, label, unit, year_rule, secrecy, dims "
			    "FROM ind_catalogue c WHERE version = (SELECT max(version) FROM "
			    "ind_catalogue WHERE id = c.id) ORDER BY family, id",
			    NULL) == ORCS_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *id = (const char *)sqlite3_column_text(st, 0);
			const char *reason = NULL;
			int k, status = orcs_ind_status(id, &reason);
			yajl_gen_map_open(g);
			for (k = 0; k < 8; k++) {
				const char *v = (const char *)sqlite3_column_text(st, k);
				if (k == 1)
					orcs_json_kint(g, "version", sqlite3_column_int(st, k));
				else
					orcs_json_kstr(g, sqlite3_column_name(st, k), v);
			}
			orcs_json_str(g, "computable");
			orcs_json_bool(g, status == 1);
			if (status != 1)
				orcs_json_kstr(g, "reason", reason ? reason : "absent du moteur de calcul");
			else {
				orcs_buf href = ORCS_BUF_INIT;
				orcs_buf_addf(&href, "/api/v1/indicators/%s", id);
				orcs_json_kstr(g, "href", href.data);
				orcs_buf_release(&href);
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
	if (orcs_api_check_params(r, "/api/v1/indicators", out))
		return 0;
	orcs_api_json(out, indicators, orcs_req_db(r));
	return 0;
}

static void health(yajl_gen g, void *ctx)
{
	orcs_db *db = ctx;
	orcs_ind_cache_info info;
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "status", db ? "ok" : "indisponible");
	if (db) {
		orcs_json_kint(g, "schema_version", orcs_db_schema_version(db));
		if (orcs_ind_cache_info_get(db, &info, NULL) == ORCS_OK) {
			orcs_json_str(g, "indicator_cache");
			yajl_gen_map_open(g);
			orcs_json_str(g, "present");
			orcs_json_bool(g, info.present);
			orcs_json_str(g, "current");
			orcs_json_bool(g, info.current);
			orcs_json_kstr(g, "refreshed_at", info.present ? info.refreshed_at : NULL);
			yajl_gen_map_close(g);
		}
	}
	yajl_gen_map_close(g);
}

int orcs_api_health(const orcs_req *r, orcs_resp *out)
{
	if (orcs_api_check_params(r, "/api/v1/health", out))
		return 0;
	if (!orcs_req_db(r))
		out->status = 503;
	out->no_store = 1;
	orcs_api_json(out, health, orcs_req_db(r));
	return 0;
}
