/*
 * server.c - `orcs serve`: libmicrohttpd glue.  A pool of threads, each
 * with its own read-only warehouse connection; limits checked before any
 * handler runs; answers with status 200 kept in the response cache
 * (resp_cache.h) as ready-to-send libmicrohttpd responses with their ETag;
 * an access log; a graceful stop on SIGTERM/SIGINT.
 */
#include "web/server.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "core/buf.h"
#include "web/resp_cache.h"
#include "web/routes.h"

typedef struct req_param {
	const char *name;
	const char *value; /* never NULL ("" for a bare ?name) */
} req_param;

struct orcs_req {
	const char *path;
	const char *rest;
	orcs_db *db;
	req_param params[ORCS_WEB_MAX_PARAMS];
	int nparams;
	int too_many;  /* more than ORCS_WEB_MAX_PARAMS parameters */
	size_t qlen;   /* decoded bytes of the query string */
};

const char *orcs_req_param(const orcs_req *r, const char *name)
{
	return orcs_req_param_at(r, name, 0);
}

int orcs_req_param_count(const orcs_req *r, const char *name)
{
	int i, n = 0;
	for (i = 0; i < r->nparams; i++)
		n += !strcmp(r->params[i].name, name);
	return n;
}

const char *orcs_req_param_at(const orcs_req *r, const char *name, int k)
{
	int i;
	for (i = 0; i < r->nparams; i++)
		if (!strcmp(r->params[i].name, name) && k-- == 0)
			return r->params[i].value;
	return NULL;
}

int orcs_req_nparams(const orcs_req *r)
{
	return r->nparams;
}

const char *orcs_req_param_name(const orcs_req *r, int i)
{
	return i >= 0 && i < r->nparams ? r->params[i].name : NULL;
}

int orcs_req_each_param(const orcs_req *r, int (*fn)(void *ctx, const char *name, const char *value),
			void *ctx)
{
	int i, rc = 0;
	for (i = 0; i < r->nparams && !rc; i++)
		rc = fn(ctx, r->params[i].name, r->params[i].value);
	return rc;
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

static void req_add_param(orcs_req *r, const char *name, const char *value)
{
	if (!name)
		return;
	r->qlen += strlen(name) + (value ? strlen(value) : 0) + 2;
	if (r->nparams >= ORCS_WEB_MAX_PARAMS) {
		r->too_many = 1;
		return;
	}
	r->params[r->nparams].name = name;
	r->params[r->nparams].value = value ? value : "";
	r->nparams++;
}

/* ---- one read-only connection per server thread ----------------------- */

static pthread_key_t db_key;
static pthread_once_t db_once = PTHREAD_ONCE_INIT;

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

static void dispatch(orcs_req *r, orcs_resp *out)
{
	const orcs_route *route = orcs_route_find(r->path, &r->rest);
	if (!route) {
		orcs_resp_error(r, out, 404, "Cette page n'existe pas.");
		return;
	}
	if (!r->db && strcmp(route->path, "/static/*") && strcmp(route->path, "/api/v1/health")) {
		orcs_resp_error(r, out, 503, "L'entrepôt de données est indisponible.");
		return;
	}
	route->handler(r, out);
}

void orcs_resp_file(orcs_resp *out, const char *disposition, const char *name, int year,
		    const char *ext)
{
	size_t i;
	if (year)
		snprintf(out->filename, sizeof(out->filename), "%.80s-%d.%.8s", name, year, ext);
	else
		snprintf(out->filename, sizeof(out->filename), "%.80s.%.8s", name, ext);
	for (i = 0; out->filename[i]; i++) {
		char ch = out->filename[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '.' || ch == '-' || ch == '_'))
			out->filename[i] = '_';
	}
	out->disposition = disposition;
}

static void resp_init(orcs_resp *out)
{
	memset(out, 0, sizeof(*out));
	out->status = 200;
	out->type = "text/html; charset=utf-8";
	orcs_buf_init(&out->body);
}

/* Checks the limits that do not depend on the route; 0 when they hold. */
static int check_limits(orcs_req *r, orcs_resp *out)
{
	if (strlen(r->path) > ORCS_WEB_MAX_PATH || r->qlen > ORCS_WEB_MAX_QUERY) {
		orcs_resp_error(r, out, 414, "L'adresse demandée est trop longue.");
		return -1;
	}
	if (r->too_many) {
		orcs_resp_error(r, out, 400, "La requête a trop de paramètres (32 au plus).");
		return -1;
	}
	return 0;
}

int orcs_server_handle(const char *db_path, const char *path, const char *const *params,
		       int *status, char **type, char **body, size_t *len)
{
	orcs_req r;
	orcs_resp out;
	int i;
	memset(&r, 0, sizeof(r));
	r.path = path;
	for (i = 0; params && params[i]; i += 2)
		req_add_param(&r, params[i], params[i + 1]);
	if (orcs_db_open(&r.db, db_path, ORCS_DB_READONLY, NULL) != ORCS_OK)
		r.db = NULL;
	resp_init(&out);
	if (check_limits(&r, &out) == 0)
		dispatch(&r, &out);
	*status = out.status;
	*type = orcs_xstrdup(out.type);
	*body = orcs_buf_detach(&out.body, len);
	orcs_db_close(r.db);
	return 0;
}

/* ---- the response cache ------------------------------------------------- */

typedef struct cached {
	struct MHD_Response *resp;
	struct MHD_Response *gz; /* gzip-encoded twin, or NULL */
	char etag[24];
	char etag_gz[28];
	size_t len, gz_len;
} cached;

static void cached_free(void *p)
{
	cached *c = p;
	MHD_destroy_response(c->resp);
	if (c->gz)
		MHD_destroy_response(c->gz);
	free(c);
}

/* Text answers above 1 KiB are also kept gzip-compressed (once, when they
 * enter the cache) for clients that accept it. */
static int compressible(const char *type, size_t len)
{
	return len > 1024 && (!strncmp(type, "text/", 5) || !strncmp(type, "application/json", 16) ||
			      !strncmp(type, "image/svg+xml", 13));
}

static char *gzip_body(const char *body, size_t len, size_t *out_len)
{
	z_stream z;
	char *out;
	size_t cap = compressBound((uLong)len) + 32;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	out = orcs_xmalloc(cap);
	z.next_in = (Bytef *)body;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END || z.total_out >= len) {
		deflateEnd(&z);
		free(out);
		return NULL;
	}
	*out_len = z.total_out;
	deflateEnd(&z);
	return out;
}

static int accepts_gzip(struct MHD_Connection *conn)
{
	const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding");
	const char *g = ae ? strstr(ae, "gzip") : NULL;
	return g && strncmp(g, "gzip;q=0", 8) != 0;
}

typedef struct server_ctx {
	const orcs_server_config *cfg;
	pthread_mutex_t log_lock;
	orcs_rcache *cache;
	pthread_mutex_t stamp_lock;
	time_t stamp_checked;
	char *stamp;            /* what the warehouse looked like when the cache was filled */
	atomic_int inflight;    /* requests received and not yet completed */
	atomic_uint generation; /* incremented each time the cache is dropped */
} server_ctx;

/* What identifies the warehouse's data: the indicator cache's refresh, the
 * import batches, the referential loads.  Cheap: a few index lookups. */
static char *data_stamp(orcs_db *db)
{
	sqlite3_stmt *st;
	char *s = NULL;
	if (!db || sqlite3_prepare_v2(orcs_db_sqlite(db),
				      "SELECT coalesce((SELECT refreshed_at || '/' || data_stamp FROM "
				      "ind_cache_state WHERE id = 1), '') || '|' || "
				      "coalesce((SELECT max(id) FROM import_batch), 0) || '/' || "
				      "(SELECT count(*) FROM import_batch) || '/' || "
				      "coalesce((SELECT max(loaded_at) FROM ref_source), '')",
				      -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		s = orcs_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

/* At most once a second: drops the cache when the warehouse changed. */
static void check_stamp(server_ctx *ctx, orcs_db *db)
{
	time_t now = time(NULL);
	char *s;
	if (now == ctx->stamp_checked || pthread_mutex_trylock(&ctx->stamp_lock))
		return;
	if (now != ctx->stamp_checked) {
		ctx->stamp_checked = now;
		s = data_stamp(db);
		if (s && (!ctx->stamp || strcmp(s, ctx->stamp))) {
			if (ctx->stamp) {
				atomic_fetch_add(&ctx->generation, 1);
				orcs_rcache_clear(ctx->cache);
			}
			free(ctx->stamp);
			ctx->stamp = s;
		} else {
			free(s);
		}
	}
	pthread_mutex_unlock(&ctx->stamp_lock);
}

/* The cache key: path and parameters sorted by name (values of one name
 * keep their order: by=a&by=b differs from by=b&by=a), escaped so that no
 * two parameter lists give the same key. */
static void cache_key(const orcs_req *r, orcs_buf *key)
{
	int order[ORCS_WEB_MAX_PARAMS], i, j;
	for (i = 0; i < r->nparams; i++) {
		int k = i;
		for (j = i; j > 0 && strcmp(r->params[order[j - 1]].name, r->params[k].name) > 0; j--)
			order[j] = order[j - 1];
		order[j] = k;
	}
	orcs_buf_adds(key, r->path);
	for (i = 0; i < r->nparams; i++) {
		const char *parts[2], *s;
		int p;
		parts[0] = r->params[order[i]].name;
		parts[1] = r->params[order[i]].value;
		orcs_buf_addc(key, i ? '&' : '?');
		for (p = 0; p < 2; p++) {
			if (p)
				orcs_buf_addc(key, '=');
			for (s = parts[p]; *s; s++) {
				if (*s == '&' || *s == '=' || *s == '%' || *s == '?')
					orcs_buf_addf(key, "%%%02X", (unsigned char)*s);
				else
					orcs_buf_addc(key, *s);
			}
		}
	}
}

static void make_etag(const char *body, size_t len, char out[24])
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)body[i];
		h *= 1099511628211ULL;
	}
	snprintf(out, 24, "\"%016llx\"", (unsigned long long)h);
}

/* ---- libmicrohttpd glue ------------------------------------------------- */

typedef struct req_state {
	double t0;
	size_t body;  /* bytes of request body received */
	int answered; /* a response is queued */
} req_state;

/* URL decoding of the path and of parameters (%XX; libmicrohttpd has
 * already turned + into a space in parameters).  A decoded NUL or control
 * character becomes DEL, so "/static/style.css%00.x" is not silently
 * "/static/style.css": it matches no route and no parameter value. */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	char *w = s;
	const char *r = s;
	(void)cls;
	(void)conn;
	while (*r) {
		if (r[0] == '%' && isxdigit((unsigned char)r[1]) && isxdigit((unsigned char)r[2])) {
			char hex[3] = { r[1], r[2], 0 };
			unsigned char c = (unsigned char)strtoul(hex, NULL, 16);
			*w++ = c < 0x20 ? 0x7f : (char)c;
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	(void)kind;
	req_add_param(cls, key, value);
	return MHD_YES;
}

static void add_headers(struct MHD_Response *resp, const orcs_resp *out)
{
	MHD_add_response_header(resp, "Content-Type", out->type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; style-src 'self'; "
				"script-src 'self'; object-src 'none'; base-uri 'self'; "
				"form-action 'self'");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	if (out->disposition && out->filename[0]) {
		char cd[192];
		snprintf(cd, sizeof(cd), "%s; filename=\"%s\"", out->disposition, out->filename);
		MHD_add_response_header(resp, "Content-Disposition", cd);
	} else if (out->disposition)
		MHD_add_response_header(resp, "Content-Disposition", out->disposition);
	if (out->cache_seconds > 0) {
		char cc[48];
		snprintf(cc, sizeof(cc), "public, max-age=%d", out->cache_seconds);
		MHD_add_response_header(resp, "Cache-Control", cc);
	} else {
		MHD_add_response_header(resp, "Cache-Control", "no-cache");
	}
}

/* One access-log line: time, method, path?query, status, bytes, duration.
 * Control characters of the request are replaced so a line stays a line. */
static void log_request(server_ctx *ctx, const char *method, const char *target, int status,
			size_t bytes, double t0, int hit)
{
	char ts[32], safe[320];
	time_t t = time(NULL);
	struct tm tm;
	size_t i;
	if (!ctx->cfg->access_log)
		return;
	for (i = 0; target[i] && i < sizeof(safe) - 1; i++)
		safe[i] = (unsigned char)target[i] < 0x20 || target[i] == 0x7f || target[i] == ' '
				  ? '?' : target[i];
	safe[i] = '\0';
	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	pthread_mutex_lock(&ctx->log_lock);
	fprintf(ctx->cfg->access_log, "%s %.10s %s %d %zu %.2fms%s\n", ts, method, safe, status,
		bytes, now_ms() - t0, hit ? " cache" : "");
	fflush(ctx->cfg->access_log);
	pthread_mutex_unlock(&ctx->log_lock);
}

/* Queues an error answer (never cached); the connection is closed after it
 * when a request body was left unread. */
static enum MHD_Result answer_error(server_ctx *ctx, struct MHD_Connection *conn, req_state *rs,
				    const char *method, const char *url, int status,
				    const char *message)
{
	orcs_req r;
	orcs_resp out;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len;
	char *body;
	memset(&r, 0, sizeof(r));
	r.path = url;
	resp_init(&out);
	orcs_resp_error(&r, &out, status, message);
	body = orcs_buf_detach(&out.body, &len);
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	add_headers(resp, &out);
	if (status == 405)
		MHD_add_response_header(resp, "Allow", "GET, HEAD");
	ret = MHD_queue_response(conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	rs->answered = 1;
	log_request(ctx, method, url, status, len, rs->t0, 0);
	return ret;
}

static int etag_matches(struct MHD_Connection *conn, const char *etag)
{
	const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
	return inm && (strstr(inm, etag) || !strcmp(inm, "*"));
}

static enum MHD_Result queue_not_modified(struct MHD_Connection *conn, const char *etag)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;
	MHD_add_response_header(resp, "ETag", etag);
	MHD_add_response_header(resp, "Cache-Control", "no-cache");
	ret = MHD_queue_response(conn, MHD_HTTP_NOT_MODIFIED, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_size, void **con_cls)
{
	server_ctx *ctx = cls;
	req_state *rs = *con_cls;
	struct MHD_Response *resp;
	orcs_req r;
	orcs_resp out;
	orcs_buf key = ORCS_BUF_INIT;
	orcs_rcache_ref *ref = NULL;
	cached *hit, *c;
	size_t len;
	char *body;
	enum MHD_Result ret;
	int head = !strcmp(method, "HEAD");
	unsigned gen = 0;
	(void)version;
	(void)upload_data;

	if (!rs) {
		/* first call: headers only */
		const char *cl;
		rs = orcs_xcalloc(1, sizeof(*rs));
		rs->t0 = now_ms();
		*con_cls = rs;
		atomic_fetch_add(&ctx->inflight, 1);
		if (strcmp(method, "GET") && !head)
			return answer_error(ctx, conn, rs, method, url, 405,
					    "Seules les méthodes GET et HEAD sont acceptées.");
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > ORCS_WEB_MAX_BODY)
			return answer_error(ctx, conn, rs, method, url, 413,
					    "Le corps de la requête est trop volumineux.");
		return MHD_YES;
	}
	if (*upload_size) {
		/* a body without a length (chunked): no route reads one; it is
		 * discarded and answered 413 at its end when over the limit, and
		 * the connection is cut when it goes on and on */
		rs->body += *upload_size;
		*upload_size = 0;
		return rs->body > 16 * ORCS_WEB_MAX_BODY ? MHD_NO : MHD_YES;
	}
	if (rs->answered)
		return MHD_YES;
	if (rs->body > ORCS_WEB_MAX_BODY)
		return answer_error(ctx, conn, rs, method, url, 413,
				    "Le corps de la requête est trop volumineux.");
	rs->answered = 1;

	memset(&r, 0, sizeof(r));
	r.path = url;
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_param, &r);
	resp_init(&out);
	if (check_limits(&r, &out) == 0) {
		r.db = thread_db(ctx->cfg->db_path);
		if (r.db)
			check_stamp(ctx, r.db);
		gen = atomic_load(&ctx->generation);
		cache_key(&r, &key);
		hit = orcs_rcache_get(ctx->cache, key.data, &ref);
		if (hit) {
			int gz = hit->gz && accepts_gzip(conn);
			const char *etag = gz ? hit->etag_gz : hit->etag;
			ret = etag_matches(conn, etag)
				      ? queue_not_modified(conn, etag)
				      : MHD_queue_response(conn, MHD_HTTP_OK, gz ? hit->gz : hit->resp);
			log_request(ctx, method, key.data, 200, gz ? hit->gz_len : hit->len, rs->t0, 1);
			orcs_rcache_unref(ctx->cache, ref);
			orcs_buf_release(&key);
			orcs_buf_release(&out.body);
			return ret;
		}
		dispatch(&r, &out);
	} else {
		orcs_buf_adds(&key, url);
	}
	/* libmicrohttpd leaves the body out of HEAD answers by itself */
	body = orcs_buf_detach(&out.body, &len);
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	add_headers(resp, &out);
	if (out.status == 200 && !out.no_store) {
		char *zbody;
		size_t zlen = 0;
		int gz;
		c = orcs_xcalloc(1, sizeof(*c));
		c->resp = resp;
		c->len = len;
		make_etag(body, len, c->etag);
		MHD_add_response_header(resp, "ETag", c->etag);
		if (compressible(out.type, len) && (zbody = gzip_body(body, len, &zlen))) {
			c->gz = MHD_create_response_from_buffer(zlen, zbody, MHD_RESPMEM_MUST_FREE);
			c->gz_len = zlen;
			add_headers(c->gz, &out);
			MHD_add_response_header(c->gz, "Content-Encoding", "gzip");
			snprintf(c->etag_gz, sizeof(c->etag_gz), "%.17s-gz\"", c->etag);
			MHD_add_response_header(c->gz, "ETag", c->etag_gz);
		}
		gz = c->gz && accepts_gzip(conn);
		ret = etag_matches(conn, gz ? c->etag_gz : c->etag)
			      ? queue_not_modified(conn, gz ? c->etag_gz : c->etag)
			      : MHD_queue_response(conn, MHD_HTTP_OK, gz ? c->gz : resp);
		if (gz)
			len = zlen;
		/* libmicrohttpd holds its own reference while sending; an answer
		 * rendered while the warehouse changed is not kept */
		if (gen == atomic_load(&ctx->generation))
			orcs_rcache_put(ctx->cache, key.data, c, c->len + c->gz_len);
		else
			cached_free(c);
	} else {
		ret = MHD_queue_response(conn, (unsigned)out.status, resp);
		MHD_destroy_response(resp);
	}
	log_request(ctx, method, key.data, out.status, len, rs->t0, 0);
	orcs_buf_release(&key);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	server_ctx *ctx = cls;
	(void)conn;
	(void)toe;
	if (*con_cls) {
		free(*con_cls);
		*con_cls = NULL;
		atomic_fetch_sub(&ctx->inflight, 1);
	}
}

int orcs_server_run(const orcs_server_config *cfg, orcs_error *err)
{
	struct sockaddr_in addr;
	struct MHD_Daemon *d;
	server_ctx ctx;
	sigset_t set;
	int sig = 0, waited;

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->bind, &addr.sin_addr) != 1)
		return orcs_error_set(err, ORCS_EUSAGE, "--bind" ORCS_NBSP ": adresse IPv4 invalide « %s »",
				      cfg->bind);
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = cfg;
	ctx.cache = orcs_rcache_new(ORCS_WEB_CACHE_BYTES, cached_free);
	atomic_init(&ctx.inflight, 0);
	pthread_mutex_init(&ctx.log_lock, NULL);
	pthread_mutex_init(&ctx.stamp_lock, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
				     MHD_USE_ERROR_LOG,
			     (uint16_t)cfg->port, NULL, NULL, on_request, &ctx,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)ORCS_WEB_TIMEOUT,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)ORCS_WEB_MEMORY,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)ORCS_WEB_MAX_CONNECTIONS,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, &ctx,
			     MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
			     MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
	if (!d) {
		pthread_mutex_destroy(&ctx.log_lock);
		pthread_mutex_destroy(&ctx.stamp_lock);
		orcs_rcache_free(ctx.cache);
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
	/* stop accepting, let the requests in flight finish, then stop */
	MHD_quiesce_daemon(d);
	for (waited = 0; atomic_load(&ctx.inflight) > 0 && waited < ORCS_WEB_STOP_GRACE * 100;
	     waited++)
		usleep(10000);
	MHD_stop_daemon(d);
	orcs_rcache_free(ctx.cache);
	free(ctx.stamp);
	pthread_mutex_destroy(&ctx.log_lock);
	pthread_mutex_destroy(&ctx.stamp_lock);
	return ORCS_OK;
}
