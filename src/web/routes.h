/*
 * routes.h - the one declaration of every URL of the site and of the API
 * (routes.c).  The dispatcher, the site navigation and the OpenAPI
 * document (/api/v1/openapi.json) are derived from it.
 */
#ifndef ORCS_ROUTES_H
#define ORCS_ROUTES_H

#include "web/http.h"

typedef int (*orcs_handler)(const orcs_req *r, orcs_resp *out);

typedef struct orcs_route {
	const char *path;    /* exact path, or a prefix ending in an asterisk */
	const char *nav;     /* label in the site navigation (French), or NULL */
	const char *summary; /* French, one line (OpenAPI summary / page purpose) */
	int api;             /* 1 for /api/v1 routes (described in OpenAPI) */
	orcs_handler handler;
} orcs_route;

extern const orcs_route orcs_routes[];
extern const unsigned orcs_routes_count;

/* Finds the route for `path`; *rest receives the part after a prefix. */
const orcs_route *orcs_route_find(const char *path, const char **rest);

/* Page handlers (one file each: src/web/page_NAME.c, api_NAME.c). */
int orcs_page_home(const orcs_req *r, orcs_resp *out);
int orcs_page_clauses(const orcs_req *r, orcs_resp *out);
int orcs_page_benef(const orcs_req *r, orcs_resp *out);
int orcs_page_markets(const orcs_req *r, orcs_resp *out);
int orcs_page_platform(const orcs_req *r, orcs_resp *out);
int orcs_page_projects(const orcs_req *r, orcs_resp *out);
int orcs_page_territories(const orcs_req *r, orcs_resp *out);
int orcs_page_territory(const orcs_req *r, orcs_resp *out);
int orcs_page_buyers(const orcs_req *r, orcs_resp *out);
int orcs_page_buyer(const orcs_req *r, orcs_resp *out);
int orcs_page_inclusive(const orcs_req *r, orcs_resp *out);
int orcs_page_quality(const orcs_req *r, orcs_resp *out);
int orcs_page_graphique(const orcs_req *r, orcs_resp *out);
int orcs_page_methodology(const orcs_req *r, orcs_resp *out);
int orcs_page_static(const orcs_req *r, orcs_resp *out);
int orcs_api_openapi(const orcs_req *r, orcs_resp *out);
int orcs_api_indicators(const orcs_req *r, orcs_resp *out);
int orcs_api_indicator(const orcs_req *r, orcs_resp *out);
int orcs_api_health(const orcs_req *r, orcs_resp *out);

#endif
