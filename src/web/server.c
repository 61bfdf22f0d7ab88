#include "web/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "web/routes.h"

struct orcs_req {
	struct MHD_Connection *conn;    /* NULL outside the network */
	const char *const *params;      /* used when conn is NULL */
	const char *path;
	const char *rest;
	orcs_db *db;
};

const char *orcs_req_param(const orcs_req *r, const char *name)
{
	int i;
	if (r->conn)
		return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
	for (i = 0; r->params && r->params[i]; i += 2)
		if (!strcmp(r->params[i], name))
			return r->params[i + 1];
	return NULL;
}

typedef struct param_iter {
	int (*fn)(void *ctx, const char *name, const char *value);
	void *ctx;
	int stop;
} param_iter;

static enum MHD_Result param_cb(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	param_iter *it = cls;
	(void)kind;
	if (it->stop)
		return MHD_NO;
	it->stop = it->fn(it->ctx, key, value ? value : "");
	return it->stop ? MHD_NO : MHD_YES;
}

int orcs_req_each_param(const orcs_req *r, int (*fn)(void *ctx, const char *name, const char *value),
			void *ctx)
{
	param_iter it = { fn, ctx, 0 };
	int i;
	if (r->conn) {
		MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, param_cb, &it);
		return it.stop;
	}
	for (i = 0; r->params && r->params[i] && !it.stop; i += 2)
		it.stop = fn(ctx, r->params[i], r->params[i + 1] ? r->params[i + 1] : "");
	return it.stop;
}

const char *orcs_req_path(const orcs_req *r)
{
	return r->path;
}

const char *orcs_req_rest(const orcs_req *r)
{
	return r->rest;
}

orcs_db *orcs_req_db(const orcs_req *r)
{
	return r->db;
}

/* ---- one read-only connection per server thread ----------------------- */

static pthread_key_t db_key;
static pthread_once_t db_once = PTHREAD_ONCE_INIT;
static const char *g_db_path;

static void close_db(void *p)
{
	orcs_db_close(p);
}

static void make_key(void)
{
	pthread_key_create(&db_key, close_db);
}

static orcs_db *thread_db(const char *path)
{
	orcs_db *db;
	pthread_once(&db_once, make_key);
	db = pthread_getspecific(db_key);
	if (!db) {
		orcs_error err;
		if (orcs_db_open(&db, path, ORCS_DB_READONLY, &err) != ORCS_OK)
			return NULL;
		pthread_setspecific(db_key, db);
	}
	return db;
}

/* ---- dispatch ----------------------------------------------------------- */

static int dispatch(orcs_req *r, orcs_resp *out)
{
	const orcs_route *route = orcs_route_find(r->path, &r->rest);
	if (!route) {
		orcs_resp_error(r, out, 404, "Cette page n'existe pas.");
		return 0;
	}
	if (!r->db && strcmp(route->path, "/static/*") && strcmp(route->path, "/api/v1/health")) {
		orcs_resp_error(r, out, 503, "L'entrepôt de données est indisponible.");
		return 0;
	}
	return route->handler(r, out);
}

static void resp_init(orcs_resp *out)
{
	memset(out, 0, sizeof(*out));
	out->status = 200;
	out->type = "text/html; charset=utf-8";
	orcs_buf_init(&out->body);
}

int orcs_server_handle(const char *db_path, const char *path, const char *const *params,
		       int *status, char **type, char **body, size_t *len)
{
	orcs_req r;
	orcs_resp out;
	memset(&r, 0, sizeof(r));
	r.path = path;
	r.params = params;
	if (orcs_db_open(&r.db, db_path, ORCS_DB_READONLY, NULL) != ORCS_OK)
		r.db = NULL;
	resp_init(&out);
	dispatch(&r, &out);
	*status = out.status;
	*type = orcs_xstrdup(out.type);
	*body = orcs_buf_detach(&out.body, len);
	orcs_db_close(r.db);
	return 0;
}

/* ---- libmicrohttpd glue ------------------------------------------------- */

typedef struct server_ctx {
	const orcs_server_config *cfg;
	pthread_mutex_t log_lock;
} server_ctx;

static enum MHD_Result count_query(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	size_t *n = cls;
	(void)kind;
	*n += strlen(key) + (value ? strlen(value) : 0) + 2;
	return MHD_YES;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_size, void **con_cls)
{
	server_ctx *ctx = cls;
	struct MHD_Response *resp;
	orcs_req r;
	orcs_resp out;
	size_t qlen = 0, len;
	char *body;
	double t0 = now_ms();
	enum MHD_Result ret;
	int head = !strcmp(method, "HEAD");
	(void)version;

	if (!*con_cls) {
		/* first call: headers only; come back for the body */
		*con_cls = (void *)1;
		return MHD_YES;
	}
	memset(&r, 0, sizeof(r));
	r.conn = conn;
	r.path = url;
	resp_init(&out);
	if (*upload_size) {
		*upload_size = 0; /* discard any body: no route accepts one */
		(void)upload_data;
		return MHD_YES;
	}
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, count_query, &qlen);
	if (strcmp(method, "GET") && !head) {
		orcs_resp_error(&r, &out, 405, "Seules les méthodes GET et HEAD sont acceptées.");
	} else if (strlen(url) > ORCS_WEB_MAX_PATH || qlen > ORCS_WEB_MAX_QUERY) {
		orcs_resp_error(&r, &out, 414, "L'adresse demandée est trop longue.");
	} else {
		r.db = thread_db(ctx->cfg->db_path);
		dispatch(&r, &out);
	}
	/* libmicrohttpd leaves the body out of HEAD answers by itself */
	body = orcs_buf_detach(&out.body, &len);
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(resp, "Content-Type", out.type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; style-src 'self'");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	if (out.disposition)
		MHD_add_response_header(resp, "Content-Disposition", out.disposition);
	if (out.cache_seconds > 0) {
		char cc[48];
		snprintf(cc, sizeof(cc), "public, max-age=%d", out.cache_seconds);
		MHD_add_response_header(resp, "Cache-Control", cc);
	} else {
		MHD_add_response_header(resp, "Cache-Control", "no-cache");
	}
	ret = MHD_queue_response(conn, (unsigned)out.status, resp);
	MHD_destroy_response(resp);
	if (ctx->cfg->access_log) {
		char ts[32];
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
		pthread_mutex_lock(&ctx->log_lock);
		fprintf(ctx->cfg->access_log, "%s %s %.200s%s %d %zu %.2fms\n", ts, method, url,
			qlen ? "?…" : "", out.status, len, now_ms() - t0);
		fflush(ctx->cfg->access_log);
		pthread_mutex_unlock(&ctx->log_lock);
	}
	return ret;
}

int orcs_server_run(const orcs_server_config *cfg, orcs_error *err)
{
	struct sockaddr_in addr;
	struct MHD_Daemon *d;
	server_ctx ctx;
	sigset_t set;
	int sig = 0;

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->bind, &addr.sin_addr) != 1)
		return orcs_error_set(err, ORCS_EUSAGE, "--bind" ORCS_NBSP ": adresse IPv4 invalide « %s »",
				      cfg->bind);
	g_db_path = cfg->db_path;
	ctx.cfg = cfg;
	pthread_mutex_init(&ctx.log_lock, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
			     (uint16_t)cfg->port, NULL, NULL, on_request, &ctx,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)ORCS_WEB_TIMEOUT,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)ORCS_WEB_MEMORY,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)ORCS_WEB_MAX_CONNECTIONS,
			     MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
	if (!d) {
		pthread_mutex_destroy(&ctx.log_lock);
		return orcs_error_set(err, ORCS_EIO,
				      "serveur" ORCS_NBSP ": impossible d'écouter sur %s:%d (port occupé"
				      " ou adresse indisponible)",
				      cfg->bind, cfg->port);
	}
	fprintf(stderr, "ORCS" ORCS_NBSP ": site servi sur http://%s:%d/ (%d fils" ORCS_NBSP
			"; Ctrl-C pour arrêter)\n",
		cfg->bind, cfg->port, cfg->threads);
	sigwait(&set, &sig);
	fprintf(stderr, "ORCS" ORCS_NBSP ": arrêt demandé (%s), fin des requêtes en cours…\n",
		sig == SIGTERM ? "SIGTERM" : "SIGINT");
	MHD_stop_daemon(d);
	pthread_mutex_destroy(&ctx.log_lock);
	return ORCS_OK;
}
