/*
 * server.h - the web server (libmicrohttpd): a pool of threads, each with
 * its own read-only warehouse connection; request limits; an access log;
 * graceful stop on SIGTERM or SIGINT.
 */
#ifndef ORCS_SERVER_H
#define ORCS_SERVER_H

#include <stdio.h>

#include "core/error.h"

typedef struct orcs_server_config {
	const char *db_path;
	const char *bind;   /* IPv4 address, default 127.0.0.1 */
	int port;           /* default 8080 */
	int threads;        /* default 2 */
	FILE *access_log;   /* one line per request; NULL = none */
} orcs_server_config;

/* Limits, defined once here (docs/web-server.md). */
#define ORCS_WEB_MAX_QUERY 2048      /* bytes of query string: more is 414 */
#define ORCS_WEB_MAX_PATH 512        /* bytes of path: more is 414 */
#define ORCS_WEB_MAX_PARAMS 32       /* query parameters: more is 400 */
#define ORCS_WEB_MAX_BODY 1024       /* bytes of request body: more is 413 */
#define ORCS_WEB_TIMEOUT 15          /* seconds of idle connection */
#define ORCS_WEB_MEMORY (64 * 1024)  /* bytes per connection (headers beyond: 431) */
#define ORCS_WEB_MAX_CONNECTIONS 512
#define ORCS_WEB_STOP_GRACE 10       /* seconds in-flight requests get on stop */
#define ORCS_WEB_CACHE_BYTES (64u * 1024 * 1024) /* response cache size */

/* Serves until SIGTERM or SIGINT.  Blocks those signals in the calling
 * thread (the server's threads inherit the mask) and waits for them; then
 * stops accepting connections, lets in-flight requests finish (at most
 * ORCS_WEB_STOP_GRACE seconds) and returns.  Answers with status 200 are
 * cached in memory (resp_cache.h) until the warehouse changes: its import
 * batches and indicator cache stamp are checked at most once a second. */
int orcs_server_run(const orcs_server_config *cfg, orcs_error *err);

/* Handles one request outside the network (tests, static export):
 * fills status, content type and body for `path` with query `params`
 * (NULL-terminated name/value pairs). */
int orcs_server_handle(const char *db_path, const char *path, const char *const *params,
		       int *status, char **type, char **body, size_t *len);

#endif
