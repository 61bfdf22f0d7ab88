/*
 * api.h - what the JSON API (/api/v1) declares about its routes beyond
 * routes.c: the parameters each route accepts and the schema of its
 * answer.  Declared once (api.c): the handlers reject parameters not
 * listed here, and the OpenAPI document (api_openapi.c) is generated from
 * this table, the route table and the indicator catalogue.
 */
#ifndef ORCS_API_H
#define ORCS_API_H

#include "core/json.h"
#include "web/http.h"

typedef struct orcs_api_param {
	const char *name;
	const char *in;     /* "query" or "path" (the route's trailing asterisk) */
	const char *type;   /* JSON schema type: "string", "integer" */
	int repeat;         /* may be given more than once (by=a&by=b) */
	const char *values; /* allowed values, comma-separated, or NULL */
	const char *desc;   /* French */
} orcs_api_param;

typedef struct orcs_api_route {
	const char *route;              /* path as declared in routes.c */
	const char *schema;             /* answer schema in OpenAPI components */
	int csv;                        /* also answers text/csv with format=csv */
	const orcs_api_param *params;   /* terminated by name == NULL */
} orcs_api_route;

extern const orcs_api_route orcs_api_routes[];
extern const unsigned orcs_api_routes_count;

/* The declaration for the route `path` (as in routes.c), or NULL. */
const orcs_api_route *orcs_api_route_find(const char *path);

/* Answers 400 (French JSON error) and returns -1 when the request carries
 * a parameter that `route` does not declare; 0 otherwise. */
int orcs_api_check_params(const orcs_req *r, const char *route, orcs_resp *out);

/* Runs `fn` with a JSON generator writing into the response body and sets
 * the JSON content type. */
void orcs_api_json(orcs_resp *out, void (*fn)(yajl_gen g, void *ctx), void *ctx);

#endif
