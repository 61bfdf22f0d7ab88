/*
 * http.h - what a page or API handler sees: the request (path, query
 * parameters, the thread's read-only warehouse connection) and the
 * response it fills (status, content type, body).
 *
 * Handlers never write raw user input into the body: HTML goes through
 * render/escape.h, JSON through core/json.h.
 *
 * Answers with status 200 are kept in the server's response cache (keyed by
 * path + normalised query string, dropped when the warehouse changes), so a
 * handler must depend only on its path, its parameters and the warehouse;
 * set `no_store` otherwise.
 */
#ifndef ORCS_HTTP_H
#define ORCS_HTTP_H

#include "core/buf.h"
#include "warehouse/db.h"

typedef struct orcs_req orcs_req;

/* Value of query parameter `name` (URL-decoded by the server; the first one
 * when repeated; "" for a bare `?name`), or NULL.  Borrowed for the
 * request's duration. */
const char *orcs_req_param(const orcs_req *r, const char *name);
/* Number of values of `name` (by=a&by=b gives 2) and the i-th of them. */
int orcs_req_param_count(const orcs_req *r, const char *name);
const char *orcs_req_param_at(const orcs_req *r, const char *name, int i);
/* Every parameter, in request order: their number, the i-th name. */
int orcs_req_nparams(const orcs_req *r);
const char *orcs_req_param_name(const orcs_req *r, int i);
/* Calls fn for each query parameter in order until it returns non-zero;
 * returns that value (0 when every parameter was seen). */
int orcs_req_each_param(const orcs_req *r, int (*fn)(void *ctx, const char *name, const char *value),
			void *ctx);
/* The request path (without the query string). */
const char *orcs_req_path(const orcs_req *r);
/* The thread's warehouse connection (read-only), or NULL if unavailable. */
orcs_db *orcs_req_db(const orcs_req *r);
/* The part of the path after the route's prefix ("/territoire/dept/93" on
 * route "/territoire/" + "*" gives "dept/93"). */
const char *orcs_req_rest(const orcs_req *r);

typedef struct orcs_resp {
	int status;              /* 200 by default */
	const char *type;        /* Content-Type; "text/html; charset=utf-8" by default */
	orcs_buf body;
	const char *disposition; /* Content-Disposition ("attachment", "inline"), or NULL */
	char filename[128];      /* with a disposition: its file name ("ID-2024.csv"; letters,
				  * digits, ".", "-", "_" only), or "" */
	int cache_seconds;       /* Cache-Control max-age (0: no-cache, revalidate by ETag) */
	int no_store;            /* 1: not kept in the server's response cache */
} orcs_resp;

/* Sets the disposition ("attachment" or "inline") and the file name
 * "NAME-YEAR.EXT" ("NAME.EXT" when year is 0); characters other than
 * letters, digits, ".", "-" and "_" become "_". */
void orcs_resp_file(orcs_resp *out, const char *disposition, const char *name, int year,
		    const char *ext);

/* Fills `out` with a French error page (or, under /api/, the JSON
 * {"error": {"status": N, "message": "…"}}). */
void orcs_resp_error(const orcs_req *r, orcs_resp *out, int status, const char *message);

#endif
