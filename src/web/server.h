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

/* Limits, defined once here. */
#define ORCS_WEB_MAX_QUERY 2048      /* bytes of query string */
#define ORCS_WEB_MAX_PATH 512        /* bytes of path */
#define ORCS_WEB_TIMEOUT 15          /* seconds of idle connection */
#define ORCS_WEB_MEMORY (256 * 1024) /* bytes per connection */
#define ORCS_WEB_MAX_CONNECTIONS 512

/* Serves until SIGTERM or SIGINT.  Blocks those signals in the calling
 * thread (the server's threads inherit the mask) and waits for them. */
int orcs_server_run(const orcs_server_config *cfg, orcs_error *err);

/* Handles one request outside the network (tests, static export):
 * fills status, content type and body for `path` with query `params`
 * (NULL-terminated name/value pairs). */
int orcs_server_handle(const char *db_path, const char *path, const char *const *params,
		       int *status, char **type, char **body, size_t *len);

#endif
