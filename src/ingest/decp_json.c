/*
 * decp_json.c - the JSON reader: YAJL's callback parser fed chunk by chunk;
 * container levels are followed by a small role stack and each record value
 * is built into a tree (dnode.h) that is handed over and forgotten.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "core/buf.h"
#include "ingest/decp_read.h"

#define CHUNK 262144

enum role { R_NONE, R_ROOT_OBJ, R_ROOT_ARR, R_MARCHES_ARR, R_MARCHES_OBJ, R_KIND_ARR };
enum target { T_RECORD = 1, T_CANDIDATE = 2 };

/* Lexical repair filter (ORCS_DECP_LEXFIX). */
typedef struct lexfix {
	int in_str, esc, passing;
	char tok[16];
	int toklen;
	int64_t repairs;
} lexfix;

typedef struct jr {
	yajl_handle h;
	orcs_decp_in *in;
	orcs_decp_record_fn fn;
	void *ctx;
	orcs_error *err;
	orcs_decp_read_result *res;
	orcs_arena arena;
	orcs_dbuild b;
	int depth;               /* open container-level values */
	unsigned char role[8];
	int kind[8];
	int bdepth;              /* >0: inside a value being built */
	int target;
	long skip;               /* >0: inside a skipped value */
	char key[24];
	size_t keylen;
	int cand_active, marches_seen;
	int cur_kind, cur_fmt;
	int64_t cur_offset;
	int64_t chunk_base;
	int rc;
	/* lexical repairs: stream offsets (filtered bytes) not yet attributed */
	lexfix lf;
	int64_t *rep;
	size_t rep_n, rep_i, rep_cap;
} jr;

static int64_t here(jr *r)
{
	return r->chunk_base + (int64_t)yajl_get_bytes_consumed(r->h);
}

static int fail(jr *r, const char *reason, const char *fmt, const char *what)
{
	char msg[200];
	snprintf(msg, sizeof(msg), fmt, what);
	r->res->reason = reason;
	r->res->offset = here(r);
	r->rc = orcs_error_set(r->err, ORCS_EINPUT, "%s" ORCS_NBSP ": %s (octet %lld)", r->in->name,
			       msg, (long long)r->res->offset);
	return 0;
}

static int key_is(jr *r, const char *k)
{
	return r->keylen == strlen(k) && !memcmp(r->key, k, r->keylen);
}

static int emit(jr *r)
{
	orcs_decp_raw raw;
	int64_t end = here(r);
	int rc;
	memset(&raw, 0, sizeof(raw));
	raw.root = r->b.root;
	raw.kind_hint = r->cur_kind;
	raw.fmt_hint = r->cur_fmt;
	raw.syntax = ORCS_SYNTAX_JSON;
	raw.index = ++r->res->records;
	raw.offset = r->cur_offset;
	if (r->b.keys_trimmed)
		raw.flags |= ORCS_RAW_KEYS_TRIMMED;
	if (r->b.overflow & DN_OVER_DEPTH)
		raw.flags |= ORCS_RAW_TOO_DEEP;
	if (r->b.overflow & DN_OVER_SIZE)
		raw.flags |= ORCS_RAW_TOO_BIG;
	while (r->rep_i < r->rep_n && r->rep[r->rep_i] < r->cur_offset)
		r->rep_i++;
	if (r->rep_i < r->rep_n && r->rep[r->rep_i] <= end)
		raw.flags |= ORCS_RAW_LEXFIX;
	rc = r->fn(r->ctx, &raw, &r->arena, r->err);
	orcs_arena_reset(&r->arena);
	if (rc) {
		r->rc = rc;
		return 0;
	}
	return 1;
}

/* Starts a record value of type `vt` (scalars are complete at once). */
static int start_record(jr *r, int vt, const char *s, size_t n, int kind, int fmt)
{
	orcs_arena_reset(&r->arena);
	orcs_dbuild_start(&r->b, &r->arena);
	r->cur_kind = kind;
	r->cur_fmt = fmt;
	if (vt == DN_MAP || vt == DN_ARR) {
		r->cur_offset = here(r) - 1;
		orcs_dbuild_open(&r->b, vt);
		r->bdepth = 1;
		r->target = T_RECORD;
		return 1;
	}
	r->cur_offset = here(r) - (int64_t)n;
	orcs_dbuild_scalar(&r->b, vt, s, n);
	return emit(r);
}

static int push(jr *r, int role, int kind)
{
	if (r->depth + 1 >= (int)sizeof(r->role))
		return fail(r, "Q_FORMAT", "%s", "imbrication inattendue");
	r->depth++;
	r->role[r->depth] = (unsigned char)role;
	r->kind[r->depth] = kind;
	return 1;
}

static int skip_value(jr *r, int vt)
{
	if (vt == DN_MAP || vt == DN_ARR)
		r->skip = 1;
	return 1;
}

/* A value at container level: decide what it is from where it stands. */
static int dispatch(jr *r, int vt, const char *s, size_t n)
{
	int parent = r->depth ? r->role[r->depth] : R_NONE;
	int container = vt == DN_MAP || vt == DN_ARR;
	switch (parent) {
	case R_NONE:
		if (vt == DN_MAP) {
			if (!push(r, R_ROOT_OBJ, 0))
				return 0;
			r->cand_active = 1;
			r->marches_seen = 0;
			orcs_arena_reset(&r->arena);
			orcs_dbuild_start(&r->b, &r->arena);
			orcs_dbuild_open(&r->b, DN_MAP);
			r->cur_offset = here(r) - 1;
			return 1;
		}
		if (vt == DN_ARR)
			return push(r, R_ROOT_ARR, 0);
		return fail(r, "Q_FORMAT", "%s", "racine JSON inattendue (ni objet ni liste)");
	case R_ROOT_OBJ:
		if (key_is(r, "marches")) {
			if (vt == DN_ARR) {
				r->res->container_fmt = 2019;
				return push(r, R_MARCHES_ARR, 0);
			}
			if (vt == DN_MAP) {
				r->res->container_fmt = 2024;
				return push(r, R_MARCHES_OBJ, 0);
			}
			if (vt == DN_NULL)
				return 1;
			return fail(r, "Q_FORMAT", "%s", "« marches » n'est ni une liste ni un objet");
		}
		if (r->cand_active) {
			r->target = T_CANDIDATE;
			if (container) {
				orcs_dbuild_open(&r->b, vt);
				r->bdepth = 1;
			} else {
				orcs_dbuild_scalar(&r->b, vt, s, n);
			}
			return 1;
		}
		return skip_value(r, vt);
	case R_ROOT_ARR:
		return start_record(r, vt, s, n, ORCS_KIND_UNKNOWN, 0);
	case R_MARCHES_ARR:
		return start_record(r, vt, s, n, ORCS_KIND_UNKNOWN, 2019);
	case R_MARCHES_OBJ: {
		int kind = key_is(r, "marche")		    ? ORCS_KIND_MARCHE
			   : key_is(r, "contrat-concession") ? ORCS_KIND_CONCESSION
							     : 0;
		if (!kind)
			return skip_value(r, vt);
		if (vt == DN_ARR)
			return push(r, R_KIND_ARR, kind);
		if (vt == DN_NULL)
			return 1;
		return start_record(r, vt, s, n, kind, 2024);
	}
	case R_KIND_ARR:
		return start_record(r, vt, s, n, r->kind[r->depth], 2024);
	}
	return 1;
}

/* Keys that make a root object without "marches" a record rather than a
 * wrong root. */
static int looks_like_record(const orcs_dnode *m)
{
	static const char *const keys[] = { "id", "uid", "acheteur", "acheteur.id",
					    "autoriteConcedante", "_type", "titulaires",
					    "concessionnaires", "objet" };
	unsigned i;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (orcs_dn_get(m, keys[i]))
			return 1;
	return 0;
}

static int end_container(jr *r)
{
	if (r->skip) {
		r->skip--;
		return 1;
	}
	if (r->bdepth) {
		orcs_dbuild_close(&r->b);
		if (--r->bdepth == 0 && r->target == T_RECORD)
			return emit(r);
		return 1;
	}
	if (r->depth && r->role[r->depth] == R_ROOT_OBJ && r->cand_active) {
		orcs_dbuild_close(&r->b);
		r->cand_active = 0;
		if (!r->b.root || !looks_like_record(r->b.root))
			return fail(r, "Q_FORMAT", "%s",
				    "racine JSON inattendue (ni « marches » ni enregistrement)");
		r->cur_kind = ORCS_KIND_UNKNOWN;
		r->cur_fmt = 0;
		if (!emit(r))
			return 0;
	}
	if (r->depth)
		r->depth--;
	return 1;
}

static int start_container(jr *r, int vt)
{
	if (r->skip) {
		r->skip++;
		return 1;
	}
	if (r->bdepth) {
		orcs_dbuild_open(&r->b, vt);
		r->bdepth++;
		return 1;
	}
	return dispatch(r, vt, NULL, 0);
}

static int scalar(jr *r, int type, const char *s, size_t n)
{
	if (r->skip)
		return 1;
	if (r->bdepth) {
		orcs_dbuild_scalar(&r->b, type, s, n);
		return 1;
	}
	return dispatch(r, type, s, n);
}

static int cb_null(void *c)
{
	return scalar(c, DN_NULL, "", 0);
}

static int cb_bool(void *c, int v)
{
	return scalar(c, DN_BOOL, v ? "true" : "false", v ? 4 : 5);
}

static int cb_number(void *c, const char *s, size_t n)
{
	return scalar(c, DN_NUM, s, n);
}

static int cb_string(void *c, const unsigned char *s, size_t n)
{
	return scalar(c, DN_STR, (const char *)s, n);
}

static int cb_start_map(void *c)
{
	return start_container(c, DN_MAP);
}

static int cb_start_array(void *c)
{
	return start_container(c, DN_ARR);
}

static int cb_end(void *c)
{
	return end_container(c);
}

static int cb_key(void *c, const unsigned char *k, size_t n)
{
	jr *r = c;
	if (r->skip)
		return 1;
	if (r->bdepth) {
		orcs_dbuild_key(&r->b, (const char *)k, n);
		return 1;
	}
	r->keylen = n < sizeof(r->key) ? n : sizeof(r->key) - 1;
	memcpy(r->key, k, r->keylen);
	if (n >= sizeof(r->key))
		r->keylen = sizeof(r->key); /* too long to match anything */
	if (r->depth && r->role[r->depth] == R_ROOT_OBJ) {
		if (key_is(r, "marches")) {
			r->cand_active = 0;
			r->marches_seen = 1;
		} else if (r->cand_active) {
			orcs_dbuild_key(&r->b, (const char *)k, n);
		}
	}
	return 1;
}

static const yajl_callbacks callbacks = {
	cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
	cb_start_map, cb_key, cb_end, cb_start_array, cb_end,
};

/* ---- lexical repair filter ------------------------------------------- */

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether one of the 8 bytes at p is a quote, a backslash or a control
 * character (bytes tested a word at a time: the bit tricks of "Bit
 * Twiddling Hacks", determine if a word has a byte equal to / less than n). */
static int str_stop8(const char *p)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t v, q, b;
	memcpy(&v, p, 8);
	q = v ^ (ones * '"');
	b = v ^ (ones * '\\');
	return (((q - ones) & ~q) | ((b - ones) & ~b) | ((v - ones * 0x20) & ~v)) & highs ? 1 : 0;
}

static void note_repair(jr *r, int64_t at)
{
	r->lf.repairs++;
	if (r->rep_n == r->rep_cap) {
		r->rep_cap = r->rep_cap ? r->rep_cap * 2 : 64;
		r->rep = orcs_xrealloc(r->rep, r->rep_cap * sizeof(*r->rep));
	}
	r->rep[r->rep_n++] = at;
}

/* Ends the identifier being collected outside strings. */
static size_t flush_tok(jr *r, char *out, size_t o, int64_t base)
{
	lexfix *f = &r->lf;
	const char *t = f->tok;
	int n = f->toklen;
	if (n && (t[0] == '-' || t[0] == '+')) {
		t++;
		n--;
	}
	if ((n == 3 && !memcmp(t, "NaN", 3)) || (n == 8 && !memcmp(t, "Infinity", 8))) {
		note_repair(r, base + (int64_t)o);
		memcpy(out + o, "null", 4);
		o += 4;
	} else {
		memcpy(out + o, f->tok, (size_t)f->toklen);
		o += (size_t)f->toklen;
	}
	f->toklen = 0;
	return o;
}

/* Filters `n` bytes into `out` (room for 2n + 32); `base` is the stream
 * offset of out[0].  Returns the bytes written. */
static size_t lexfix_run(jr *r, const char *in, size_t n, char *out, int64_t base, int last)
{
	lexfix *f = &r->lf;
	size_t i, o = 0;
	for (i = 0; i < n; i++) {
		unsigned char c;
		/* fast path: a run of bytes that need no repair is copied as is
		 * (inside a string: not a quote, backslash or control character;
		 * outside: not a quote, sign or letter, no identifier pending) */
		if (f->in_str && !f->esc) {
			/* 8 bytes at a time (fixed-size copies, no call: most
			 * runs are short), then byte by byte */
			while (i + 8 <= n && !str_stop8(in + i)) {
				memcpy(out + o, in + i, 8);
				o += 8;
				i += 8;
			}
			while (i < n && in[i] != '"' && in[i] != '\\' && (unsigned char)in[i] >= 0x20)
				out[o++] = in[i++];
		} else if (!f->in_str && !f->toklen && !f->passing) {
			while (i < n && in[i] != '"' && in[i] != '-' && in[i] != '+' &&
			       !is_alpha((unsigned char)in[i]))
				out[o++] = in[i++];
		}
		if (i == n)
			break;
		c = (unsigned char)in[i];
		if (f->in_str) {
			if (f->esc) {
				f->esc = 0;
				if (strchr("\"\\/bfnrtu", c) && c) {
					out[o++] = '\\';
					out[o++] = (char)c;
					continue;
				}
				note_repair(r, base + (int64_t)o);
				out[o++] = '\\';
				out[o++] = '\\';
			}
			if (c == '\\') {
				f->esc = 1;
			} else if (c == '"') {
				f->in_str = 0;
				out[o++] = (char)c;
			} else if (c < 0x20) {
				note_repair(r, base + (int64_t)o);
				out[o++] = ' ';
			} else {
				out[o++] = (char)c;
			}
			continue;
		}
		if (f->toklen) {
			if (is_alpha(c) && f->toklen < (int)sizeof(f->tok)) {
				f->tok[f->toklen++] = (char)c;
				continue;
			}
			if (is_alpha(c)) { /* too long to be NaN/Infinity */
				o = flush_tok(r, out, o, base);
				f->passing = 1;
			} else {
				o = flush_tok(r, out, o, base);
			}
		}
		if (f->passing) {
			if (is_alpha(c)) {
				out[o++] = (char)c;
				continue;
			}
			f->passing = 0;
		}
		if (c == '"') {
			f->in_str = 1;
			out[o++] = (char)c;
		} else if (c == '-' || c == '+' || is_alpha(c)) {
			f->tok[f->toklen++] = (char)c;
		} else {
			out[o++] = (char)c;
		}
	}
	if (last && f->toklen)
		o = flush_tok(r, out, o, base);
	return o;
}

/* ---- driver ------------------------------------------------------------ */

static int parse_error(jr *r, const unsigned char *chunk, size_t len)
{
	unsigned char *e = yajl_get_error(r->h, 0, chunk, len);
	char msg[160];
	size_t n;
	snprintf(msg, sizeof(msg), "%s", e ? (const char *)e : "erreur de syntaxe");
	if (e)
		yajl_free_error(r->h, e);
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	r->res->reason = "Q_PARSE";
	r->res->offset = r->chunk_base + (int64_t)yajl_get_bytes_consumed(r->h);
	r->res->lexfix_may_help = 1;
	return orcs_error_set(r->err, ORCS_EINPUT, "%s" ORCS_NBSP ": JSON invalide à l'octet %lld (%s)",
			      r->in->name, (long long)r->res->offset, msg);
}

static int feed(jr *r, const char *data, size_t len, char **fbuf, size_t *fcap, int options,
		int last)
{
	yajl_status st;
	const char *p = data;
	size_t n = len;
	if (options & ORCS_DECP_LEXFIX) {
		if (*fcap < 2 * len + 32) {
			*fcap = 2 * len + 32;
			*fbuf = orcs_xrealloc(*fbuf, *fcap);
		}
		n = lexfix_run(r, data, len, *fbuf, r->chunk_base, last);
		p = *fbuf;
	}
	st = n ? yajl_parse(r->h, (const unsigned char *)p, n) : yajl_status_ok;
	if (st == yajl_status_ok) {
		r->chunk_base += (int64_t)n;
		if (r->rep_i) { /* forget attributed repairs */
			memmove(r->rep, r->rep + r->rep_i, (r->rep_n - r->rep_i) * sizeof(*r->rep));
			r->rep_n -= r->rep_i;
			r->rep_i = 0;
		}
		return ORCS_OK;
	}
	if (st == yajl_status_client_canceled)
		return r->rc ? r->rc : ORCS_EINPUT;
	return parse_error(r, (const unsigned char *)p, n);
}

int orcs_decp_read_json(orcs_decp_in *in, int options, orcs_decp_record_fn fn, void *ctx,
			orcs_decp_read_result *res, orcs_error *err)
{
	jr r;
	char *buf = NULL, *fbuf = NULL;
	size_t fcap = 0;
	int rc;

	memset(&r, 0, sizeof(r));
	r.in = in;
	r.fn = fn;
	r.ctx = ctx;
	r.err = err;
	r.res = res;
	r.chunk_base = in->base;
	orcs_arena_init(&r.arena);
	r.h = yajl_alloc(&callbacks, NULL, &r);
	if (!r.h)
		abort();
	yajl_config(r.h, yajl_dont_validate_strings, 1);
	yajl_config(r.h, yajl_allow_multiple_values, 1);

	rc = feed(&r, in->head, in->headlen, &fbuf, &fcap, options, 0);
	if (rc == ORCS_OK) {
		buf = orcs_xmalloc(CHUNK);
		for (;;) {
			long n = in->read(in->ctx, buf, CHUNK);
			if (n < 0) {
				rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": erreur de lecture",
						    in->name);
				break;
			}
			if (n == 0) {
				if (options & ORCS_DECP_LEXFIX)
					rc = feed(&r, "", 0, &fbuf, &fcap, options, 1);
				if (rc == ORCS_OK && yajl_complete_parse(r.h) != yajl_status_ok)
					rc = r.rc ? r.rc : parse_error(&r, NULL, 0);
				break;
			}
			rc = feed(&r, buf, (size_t)n, &fbuf, &fcap, options, 0);
			if (rc != ORCS_OK)
				break;
		}
	}
	res->lexfix_repairs = r.lf.repairs;
	yajl_free(r.h);
	orcs_arena_release(&r.arena);
	free(buf);
	free(fbuf);
	free(r.rep);
	return rc;
}

/* ---- one JSON value held in memory ----------------------------------- */

typedef struct vb {
	orcs_dbuild b;
} vb;

static int v_null(void *c)
{
	orcs_dbuild_scalar(&((vb *)c)->b, DN_NULL, "", 0);
	return 1;
}
static int v_bool(void *c, int v)
{
	orcs_dbuild_scalar(&((vb *)c)->b, DN_BOOL, v ? "true" : "false", v ? 4 : 5);
	return 1;
}
static int v_num(void *c, const char *s, size_t n)
{
	orcs_dbuild_scalar(&((vb *)c)->b, DN_NUM, s, n);
	return 1;
}
static int v_str(void *c, const unsigned char *s, size_t n)
{
	orcs_dbuild_scalar(&((vb *)c)->b, DN_STR, (const char *)s, n);
	return 1;
}
static int v_map(void *c)
{
	orcs_dbuild_open(&((vb *)c)->b, DN_MAP);
	return 1;
}
static int v_arr(void *c)
{
	orcs_dbuild_open(&((vb *)c)->b, DN_ARR);
	return 1;
}
static int v_end(void *c)
{
	orcs_dbuild_close(&((vb *)c)->b);
	return 1;
}
static int v_key(void *c, const unsigned char *k, size_t n)
{
	orcs_dbuild_key(&((vb *)c)->b, (const char *)k, n);
	return 1;
}

static const yajl_callbacks value_callbacks = {
	v_null, v_bool, NULL, NULL, v_num, v_str, v_map, v_key, v_end, v_arr, v_end,
};

const orcs_dnode *orcs_decp_json_value(orcs_arena *arena, const char *s, size_t n)
{
	vb v;
	yajl_handle h;
	int ok;
	orcs_dbuild_start(&v.b, arena);
	h = yajl_alloc(&value_callbacks, NULL, &v);
	if (!h)
		abort();
	yajl_config(h, yajl_dont_validate_strings, 1);
	ok = yajl_parse(h, (const unsigned char *)s, n) == yajl_status_ok &&
	     yajl_complete_parse(h) == yajl_status_ok;
	yajl_free(h);
	if (!ok || v.b.overflow)
		return NULL;
	return v.b.root;
}
