/*
 * decp_import.c - the import of DECP files (see decp_import.h).
 *
 * Each file runs on three threads: the calling thread reads, parses and
 * normalises; a loader thread owns the SQLite connection for the duration
 * of the file and writes; a third thread computes the file's SHA-256 from
 * its own pass over the raw bytes.  Records go from reader to loader in
 * batches (deep copies into the batch's arena) through a queue of NBATCH
 * batches, so memory stays bounded whatever the file size.  The main
 * thread touches the database only before the loader starts and after it
 * has been joined (BEGIN, bookkeeping, COMMIT or ROLLBACK).
 */
#include "ingest/decp_import.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "indicators/engine.h"
#include "ingest/decp_load.h"
#include "ingest/decp_read.h"
#include "ingest/source.h"

/* SQLite page cache for the import (KiB): the random rkey index (4-byte
 * keys: 22 MB for the national file's 1.57 million contracts) stays in
 * memory, and peak RSS under 64 MB (62 MB at national scale). */
#define IMPORT_CACHE_KIB 32768

#define BATCH_RECS 256
#define BATCH_BYTES (1u << 20)
#define NBATCH 4

/* the background checkpoint (see "checkpoint thread" below) */
typedef struct ckpt {
	pthread_t t;
	sqlite3 *h;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	int pending, stop, running;
	long long old_auto;  /* wal_autocheckpoint to restore */
} ckpt;

typedef struct item {
	orcs_decp_rec rec;   /* rec.reason set: quarantine */
	const char *pos;     /* quarantine: position in the file */
	const char *raw;     /* quarantine: the record as JSON (cut) */
	size_t rawlen;
} item;

typedef struct wbatch {
	orcs_arena arena;
	item items[BATCH_RECS];
	int n;
} wbatch;

typedef struct imp {
	orcs_db *db;
	orcs_batch *batch;
	orcs_decp_ctx *ctx;
	orcs_decp_loader *loader;
	const orcs_decp_import_opts *o;
	orcs_decp_report *rep;
	orcs_stream *stream;
	orcs_decp_file_report *fr;
	int64_t file_id;
	int64_t q[ORCS_DECP_NQ];
	int64_t bytes_done, bytes_total, records_done, read_records;
	int fileno, nfiles;
	orcs_buf raw, pos;

	/* reader -> loader queue */
	pthread_mutex_t mu;
	pthread_cond_t cond;
	wbatch *store;
	wbatch *full[NBATCH];
	int head, count;
	wbatch *freel[NBATCH];
	int nfree;
	int closed;
	atomic_int failed;       /* the loader met an error (lerr) */
	atomic_int abort_load;   /* the reader failed: loader drops its work */
	orcs_error lerr;
	wbatch *cur;
	ckpt ck;
	/* ORCS_DECP_TIMING: CPU seconds per thread and commit time, on stderr */
	int timing;
	double t_reader, t_loader, t_commit;
} imp;

static double thread_cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int qindex(const char *reason)
{
	int i;
	for (i = 0; orcs_decp_quarantine_codes[i]; i++)
		if (!strcmp(orcs_decp_quarantine_codes[i], reason))
			return i;
	return 0;
}

static void progress(imp *m)
{
	orcs_decp_progress p;
	if (!m->o || !m->o->progress)
		return;
	p.bytes_done = m->bytes_done + (m->stream ? orcs_stream_raw_pos(m->stream) : 0);
	p.bytes_total = m->bytes_total;
	p.records = m->records_done + m->read_records;
	p.file = m->fileno;
	p.nfiles = m->nfiles;
	p.path = m->fr ? m->fr->path : NULL;
	m->o->progress(m->o->progress_ctx, &p);
}

/* ---- the queue ----------------------------------------------------------- */

static wbatch *take_free(imp *m)
{
	wbatch *b;
	pthread_mutex_lock(&m->mu);
	while (!m->nfree)
		pthread_cond_wait(&m->cond, &m->mu);
	b = m->freel[--m->nfree];
	pthread_mutex_unlock(&m->mu);
	return b;
}

static void put_full(imp *m, wbatch *b)
{
	pthread_mutex_lock(&m->mu);
	m->full[(m->head + m->count) % NBATCH] = b;
	m->count++;
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->mu);
}

/* ---- loader thread ------------------------------------------------------- */

static int load_item(imp *m, item *it, orcs_error *err)
{
	orcs_decp_file_report *fr = m->fr;
	const orcs_decp_rec *rec = &it->rec;
	fr->counts.records++;
	if (rec->reason) {
		if (orcs_batch_quarantine(m->batch, m->file_id, "decp", it->pos, rec->reason,
					  rec->reason_detail, it->raw, it->rawlen, err))
			return ORCS_EIO;
		fr->counts.quarantined++;
		m->q[qindex(rec->reason)]++;
	} else {
		int outcome;
		if (rec->kind == ORCS_KIND_CONCESSION)
			fr->concessions++;
		else
			fr->marches++;
		if (orcs_decp_load(m->loader, rec, &outcome, err))
			return ORCS_EIO;
		if (outcome == ORCS_OUT_DUPLICATE) {
			fr->counts.duplicates++;
		} else {
			fr->counts.loaded++;
			if (outcome == ORCS_OUT_REPLACED)
				fr->counts.replaced++;
		}
	}
	return ORCS_OK;
}

static void *loader_main(void *arg)
{
	imp *m = arg;
	for (;;) {
		wbatch *b;
		int i;
		pthread_mutex_lock(&m->mu);
		while (!m->count && !m->closed)
			pthread_cond_wait(&m->cond, &m->mu);
		if (!m->count) {
			pthread_mutex_unlock(&m->mu);
			break;
		}
		b = m->full[m->head];
		m->head = (m->head + 1) % NBATCH;
		m->count--;
		pthread_mutex_unlock(&m->mu);
		for (i = 0; i < b->n; i++) {
			if (atomic_load(&m->failed) || atomic_load(&m->abort_load))
				break;
			if (load_item(m, &b->items[i], &m->lerr))
				atomic_store(&m->failed, 1);
		}
		/* the batch's arena is about to be reused */
		if (!atomic_load(&m->failed) && orcs_decp_loader_flush(m->loader, &m->lerr))
			atomic_store(&m->failed, 1);
		b->n = 0;
		orcs_arena_reset(&b->arena);
		pthread_mutex_lock(&m->mu);
		m->freel[m->nfree++] = b;
		pthread_cond_broadcast(&m->cond);
		pthread_mutex_unlock(&m->mu);
	}
	if (!atomic_load(&m->failed) && !atomic_load(&m->abort_load) &&
	    orcs_decp_loader_finish(m->loader, &m->lerr))
		atomic_store(&m->failed, 1);
	m->t_loader = thread_cpu();
	return NULL;
}

/* ---- hash thread ---------------------------------------------------------- */

typedef struct hasher {
	pthread_t t;
	const orcs_input *in;
	atomic_int stop;
	int rc;
	char hex[65];
	orcs_error err;
	double cpu;
} hasher;

static void *hasher_main(void *arg)
{
	hasher *h = arg;
	h->rc = orcs_input_sha256(h->in, h->hex, &h->stop, &h->err);
	h->cpu = thread_cpu();
	return NULL;
}

/* ---- checkpoint thread ------------------------------------------------------ */

/* In WAL mode the commit of a file used to run the automatic checkpoint
 * (copying the file's pages from the WAL into the database) on the
 * critical path.  During an import the connection's automatic checkpoint
 * is off; after each commit a thread with its own connection runs a
 * PASSIVE checkpoint while the next file loads, and the last one runs
 * after the last file.  A checkpoint only copies committed frames, so the
 * atomicity of each file is unchanged; a checkpoint that fails or is busy
 * is only late (the next one, or the closing of the database, does it). */

static void *ckpt_main(void *arg)
{
	ckpt *c = arg;
	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (!c->pending && !c->stop)
			pthread_cond_wait(&c->cond, &c->mu);
		if (!c->pending)
			break;
		c->pending = 0;
		pthread_mutex_unlock(&c->mu);
		sqlite3_wal_checkpoint_v2(c->h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->mu);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/* Starts the thread when the warehouse is a WAL file; otherwise the
 * automatic checkpoint stays as it is (c->running = 0). */
static void ckpt_start(ckpt *c, orcs_db *db, int disabled)
{
	sqlite3_stmt *st;
	const char *path = orcs_db_path(db);
	int wal = 0;
	memset(c, 0, sizeof(*c));
	if (disabled || !path || !path[0] || !strcmp(path, ":memory:"))
		return;
	if (sqlite3_prepare_v2(orcs_db_sqlite(db), "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *m = (const char *)sqlite3_column_text(st, 0);
			wal = m && !strcmp(m, "wal");
		}
		sqlite3_finalize(st);
	}
	if (!wal)
		return;
	if (sqlite3_open_v2(path, &c->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(c->h);
		c->h = NULL;
		return;
	}
	sqlite3_exec(c->h, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->cond, NULL);
	if (pthread_create(&c->t, NULL, ckpt_main, c) != 0) {
		pthread_mutex_destroy(&c->mu);
		pthread_cond_destroy(&c->cond);
		sqlite3_close(c->h);
		c->h = NULL;
		return;
	}
	c->old_auto = orcs_db_scalar(db, "PRAGMA wal_autocheckpoint", 1000);
	orcs_db_exec(db, "PRAGMA wal_autocheckpoint=0", NULL);
	c->running = 1;
}

/* A file was committed: checkpoint it in the background. */
static void ckpt_request(ckpt *c)
{
	if (!c->running)
		return;
	pthread_mutex_lock(&c->mu);
	c->pending = 1;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->mu);
}

/* Runs the pending checkpoint, stops the thread and restores the
 * automatic checkpoint of `db`. */
static void ckpt_stop(ckpt *c, orcs_db *db)
{
	char sql[64];
	if (!c->running)
		return;
	pthread_mutex_lock(&c->mu);
	c->stop = 1;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->t, NULL);
	sqlite3_close(c->h);
	pthread_mutex_destroy(&c->mu);
	pthread_cond_destroy(&c->cond);
	snprintf(sql, sizeof(sql), "PRAGMA wal_autocheckpoint=%lld", c->old_auto);
	orcs_db_exec(db, sql, NULL);
	c->running = 0;
}

/* ---- reader side ---------------------------------------------------------- */

static const char *adup(orcs_arena *a, const char *s, size_t n)
{
	return orcs_arena_strndup(a, s, n);
}

static int on_record(void *ctx, const orcs_decp_raw *raw, orcs_arena *a, orcs_error *err)
{
	imp *m = ctx;
	orcs_decp_rec rec;
	wbatch *b = m->cur;
	item *it;
	(void)err;
	if (atomic_load(&m->failed))
		return ORCS_EIO;
	orcs_decp_normalise(m->ctx, raw, a, &rec);
	it = &b->items[b->n];
	orcs_decp_rec_copy(&b->arena, &rec, &it->rec);
	it->pos = it->raw = NULL;
	it->rawlen = 0;
	if (rec.reason) {
		orcs_buf_reset(&m->pos);
		if (raw->line)
			orcs_buf_addf(&m->pos, "enregistrement %lld, ligne %lld", (long long)raw->index,
				      (long long)raw->line);
		else
			orcs_buf_addf(&m->pos, "enregistrement %lld, octet %lld", (long long)raw->index,
				      (long long)raw->offset);
		orcs_buf_reset(&m->raw);
		orcs_dn_to_json(raw->root, &m->raw, 4000);
		it->pos = adup(&b->arena, m->pos.data, m->pos.len);
		it->raw = adup(&b->arena, m->raw.data, m->raw.len);
		it->rawlen = m->raw.len;
	}
	b->n++;
	if (b->n == BATCH_RECS || b->arena.used > BATCH_BYTES) {
		put_full(m, b);
		m->cur = take_free(m);
	}
	m->read_records++;
	if ((m->read_records & 255) == 0)
		progress(m);
	return 0;
}

/* Reads the whole input through the pipeline; returns the reader's code.
 * On return the loader has finished (lerr/failed tell its outcome). */
static int run_pipeline(imp *m, const orcs_input *in, int options, orcs_decp_read_result *res,
			orcs_error *ferr)
{
	pthread_t loader;
	int rc, i;
	m->head = m->count = m->closed = 0;
	m->nfree = 0;
	for (i = 0; i < NBATCH; i++) {
		m->store[i].n = 0;
		m->freel[m->nfree++] = &m->store[i];
	}
	atomic_store(&m->failed, 0);
	atomic_store(&m->abort_load, 0);
	orcs_error_clear(&m->lerr);
	m->read_records = 0;
	m->cur = take_free(m);
	if (pthread_create(&loader, NULL, loader_main, m) != 0)
		return orcs_error_set(ferr, ORCS_EIO, "%s" ORCS_NBSP ": création du fil de chargement "
				      "impossible", in->path);
	{
		double c0 = thread_cpu();
		rc = orcs_decp_read(orcs_stream_read, m->stream, in->path, options, on_record, m, res,
				    ferr);
		m->t_reader += thread_cpu() - c0;
	}
	if (rc != ORCS_OK)
		atomic_store(&m->abort_load, 1);
	if (m->cur->n)
		put_full(m, m->cur);
	else {
		pthread_mutex_lock(&m->mu);
		m->freel[m->nfree++] = m->cur;
		pthread_mutex_unlock(&m->mu);
	}
	m->cur = NULL;
	pthread_mutex_lock(&m->mu);
	m->closed = 1;
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->mu);
	pthread_join(loader, NULL);
	for (i = 0; i < NBATCH; i++) {
		m->store[i].n = 0;
		orcs_arena_reset(&m->store[i].arena);
	}
	return rc;
}

/* ---- files ------------------------------------------------------------------ */

/* A file that cannot be read: its reason kept in its own transaction. */
static int reject(imp *m, const char *reason, int64_t offset, int64_t line, const char *msg,
		  orcs_error *err)
{
	orcs_decp_file_report *fr = m->fr;
	orcs_buf_reset(&m->pos);
	if (line)
		orcs_buf_addf(&m->pos, "ligne %lld, octet %lld", (long long)line, (long long)offset);
	else
		orcs_buf_addf(&m->pos, "octet %lld", (long long)offset);
	fr->status = ORCS_FILE_REJECTED;
	fr->reason = reason;
	fr->offset = offset;
	fr->message = orcs_xstrdup(msg);
	m->rep->rejected++;
	m->rep->quarantine[qindex(reason)]++;
	if (orcs_db_begin(m->db, err) ||
	    orcs_batch_quarantine(m->batch, 0, "decp", m->pos.data, reason, msg, NULL, 0, err) ||
	    orcs_db_commit(m->db, err)) {
		orcs_db_rollback(m->db);
		return ORCS_EIO;
	}
	return ORCS_OK;
}

static int fp_known(imp *m, const char *fp, int *known, orcs_error *err)
{
	sqlite3_stmt *st;
	if (orcs_db_prepare(m->db, &st, "SELECT 1 FROM decp_file WHERE fp = ? LIMIT 1", err))
		return ORCS_EIO;
	sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
	*known = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return ORCS_OK;
}

static int finish_file(imp *m, const char *fp, const char *sha, const orcs_decp_read_result *res,
		       orcs_error *err)
{
	orcs_decp_file_report *fr = m->fr;
	sqlite3_stmt *st;
	int rc;
	if (orcs_db_prepare(m->db, &st, "UPDATE import_file SET sha256 = ?, format = ? WHERE id = ?",
			    err))
		return ORCS_EIO;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, fr->format, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, m->file_id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return orcs_db_error(m->db, "empreinte du fichier", err);
	if (orcs_db_prepare(m->db, &st,
			    "INSERT INTO decp_file(file_id, fp, syntax, container_fmt, marches, "
			    "concessions) VALUES (?, ?, ?, ?, ?, ?)",
			    err))
		return ORCS_EIO;
	sqlite3_bind_int64(st, 1, m->file_id);
	sqlite3_bind_text(st, 2, fp, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, res->syntax == ORCS_SYNTAX_XML ? "xml" : "json", -1, SQLITE_STATIC);
	if (res->container_fmt)
		sqlite3_bind_text(st, 4, res->container_fmt == 2019 ? "2019" : "2024", -1,
				  SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, fr->marches);
	sqlite3_bind_int64(st, 6, fr->concessions);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return orcs_db_error(m->db, "fichier DECP", err);
	return orcs_batch_file_done(m->batch, m->file_id, &fr->counts, err);
}

static void clear_file_counts(imp *m)
{
	orcs_decp_file_report *fr = m->fr;
	memset(&fr->counts, 0, sizeof(fr->counts));
	fr->marches = fr->concessions = 0;
	memset(m->q, 0, sizeof(m->q));
	orcs_decp_loader_reset_flags(m->loader);
}

static int start_hasher(hasher *h, const orcs_input *in)
{
	memset(h, 0, sizeof(*h));
	h->in = in;
	atomic_store(&h->stop, 0);
	return pthread_create(&h->t, NULL, hasher_main, h) == 0 ? ORCS_OK : ORCS_EIO;
}

static int import_one(imp *m, const orcs_input *in, const char *source, orcs_error *err)
{
	orcs_decp_file_report *fr = m->fr;
	orcs_decp_read_result res;
	orcs_error ferr = ORCS_ERROR_INIT;
	hasher h;
	char fp[96];
	int known = 0, options = 0, rc, i;

	m->t_reader = m->t_loader = m->t_commit = 0;
	if (in->error)
		return reject(m, "Q_FORMAT", 0, 0, in->error, err);
	if (orcs_input_fingerprint(in, fp, err) || fp_known(m, fp, &known, err))
		return ORCS_EIO;
	if (known) {
		char sha[65];
		if (orcs_input_sha256(in, sha, NULL, err) ||
		    orcs_batch_file_known(m->batch, sha, &known, err))
			return ORCS_EIO;
		if (known) {
			fr->status = ORCS_FILE_SKIPPED;
			m->rep->skipped++;
			return ORCS_OK;
		}
	}
	if (start_hasher(&h, in))
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": création d'un fil impossible",
				      in->path);
retry:
	clear_file_counts(m);
	if (orcs_db_begin(m->db, err) ||
	    orcs_batch_file_add(m->batch, in->path, "", in->size, NULL, &m->file_id, err)) {
		orcs_db_rollback(m->db);
		goto fail_io;
	}
	orcs_decp_loader_file(m->loader, orcs_batch_id(m->batch), m->file_id, source);
	if (orcs_stream_open(in, 0, &m->stream, err)) {
		orcs_db_rollback(m->db);
		goto fail_io;
	}
	orcs_error_clear(&ferr);
	rc = run_pipeline(m, in, options, &res, &ferr);
	if (atomic_load(&m->failed)) { /* the loader's error comes first */
		rc = ORCS_EIO;
		ferr = m->lerr;
	} else if (rc == ORCS_EIO && orcs_stream_corrupt(m->stream)) {
		rc = ORCS_EINPUT;
		res.reason = "Q_PARSE";
		res.offset = orcs_stream_raw_pos(m->stream);
		res.lexfix_may_help = 0;
		orcs_error_set(&ferr, ORCS_EINPUT, "%s" ORCS_NBSP ": %s", in->path,
			       orcs_stream_error(m->stream));
	}
	m->rep->bytes += orcs_stream_raw_pos(m->stream);
	orcs_stream_close(m->stream);
	m->stream = NULL;
	if (rc == ORCS_EINPUT) {
		orcs_db_rollback(m->db);
		if (res.lexfix_may_help && !(options & ORCS_DECP_LEXFIX)) {
			options |= ORCS_DECP_LEXFIX;
			goto retry;
		}
		clear_file_counts(m);
		atomic_store(&h.stop, 1);
		pthread_join(h.t, NULL);
		return reject(m, res.reason ? res.reason : "Q_PARSE", res.offset, res.line, ferr.msg, err);
	}
	if (rc != ORCS_OK) {
		orcs_db_rollback(m->db);
		*err = ferr;
		if (err->code == ORCS_OK)
			err->code = rc;
		atomic_store(&h.stop, 1);
		pthread_join(h.t, NULL);
		return ORCS_EIO;
	}
	pthread_join(h.t, NULL);
	if (h.rc != ORCS_OK) {
		orcs_db_rollback(m->db);
		*err = h.err;
		return ORCS_EIO;
	}
	snprintf(fr->format, sizeof(fr->format), "%s%s", res.syntax == ORCS_SYNTAX_XML ? "xml" : "json",
		 res.container_fmt == 2019 ? " 2019" : res.container_fmt == 2024 ? " 2024" : "");
	if (orcs_batch_file_known(m->batch, h.hex, &known, err)) {
		orcs_db_rollback(m->db);
		return ORCS_EIO;
	}
	if (known) { /* same bytes under another name or container */
		orcs_db_rollback(m->db);
		clear_file_counts(m);
		fr->status = ORCS_FILE_SKIPPED;
		m->rep->skipped++;
		return ORCS_OK;
	}
	{
		double c0 = now();
		if (finish_file(m, fp, h.hex, &res, err) || orcs_db_commit(m->db, err)) {
			orcs_db_rollback(m->db);
			return ORCS_EIO;
		}
		m->t_commit += now() - c0;
	}
	ckpt_request(&m->ck);
	if (m->timing) {
		/* page cache of the file's transaction: hits, misses (pages read),
		 * pages written (the WAL frames of the file), spills */
		int c[4], hi, k;
		static const int ops[4] = { SQLITE_DBSTATUS_CACHE_HIT, SQLITE_DBSTATUS_CACHE_MISS,
					    SQLITE_DBSTATUS_CACHE_WRITE, SQLITE_DBSTATUS_CACHE_SPILL };
		for (k = 0; k < 4; k++)
			sqlite3_db_status(orcs_db_sqlite(m->db), ops[k], &c[k], &hi, 1);
		fprintf(stderr, "%s: reader %.2f s, loader %.2f s, hash %.2f s (CPU), commit %.2f s; "
			"pages: hit %d, miss %d, write %d, spill %d\n",
			in->path, m->t_reader, m->t_loader, h.cpu, m->t_commit, c[0], c[1], c[2], c[3]);
	}
	fr->status = ORCS_FILE_IMPORTED;
	m->rep->imported++;
	{
		const int64_t *f = orcs_decp_loader_flags(m->loader);
		for (i = 0; i < ORCS_F_COUNT; i++)
			m->rep->flags[i] += f[i];
		for (i = 0; i < ORCS_DECP_NQ; i++)
			m->rep->quarantine[i] += m->q[i];
	}
	return ORCS_OK;
fail_io:
	atomic_store(&h.stop, 1);
	pthread_join(h.t, NULL);
	return ORCS_EIO;
}

/* Default source name: the last component of the command-line path. */
static char *default_source(const char *path)
{
	size_t n;
	const char *b;
	if (!strcmp(path, "-"))
		return orcs_xstrdup("stdin");
	n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	b = path + n;
	while (b > path && b[-1] != '/')
		b--;
	return orcs_xstrndup(b, (size_t)(path + n - b));
}

int orcs_decp_import(orcs_db *db, const char *const *paths, int npaths,
		     const orcs_decp_import_opts *opts, orcs_decp_report *rep, orcs_error *err)
{
	imp m;
	orcs_input *ins = NULL;
	int nins = 0, i, rc = ORCS_OK;
	char **sources = NULL;
	double t0 = now();
	long long old_cache = -16384, old_fk = 1;

	memset(rep, 0, sizeof(*rep));
	memset(&m, 0, sizeof(m));
	m.db = db;
	m.o = opts;
	m.rep = rep;
	orcs_buf_init(&m.raw);
	orcs_buf_init(&m.pos);
	m.timing = getenv("ORCS_DECP_TIMING") != NULL;
	pthread_mutex_init(&m.mu, NULL);
	pthread_cond_init(&m.cond, NULL);
	m.store = orcs_xcalloc(NBATCH, sizeof(*m.store));
	for (i = 0; i < NBATCH; i++)
		orcs_arena_init(&m.store[i].arena);
	if (orcs_inputs_expand(paths, npaths, &ins, &nins, err)) {
		rc = ORCS_EIO;
		goto done;
	}
	sources = orcs_xcalloc((size_t)(npaths > 0 ? npaths : 1), sizeof(*sources));
	for (i = 0; i < npaths; i++)
		sources[i] = opts && opts->source ? orcs_xstrdup(opts->source) : default_source(paths[i]);
	old_cache = orcs_db_scalar(db, "PRAGMA cache_size", -16384);
	{
		char sql[64];
		snprintf(sql, sizeof(sql), "PRAGMA cache_size=-%d", IMPORT_CACHE_KIB);
		orcs_db_exec(db, sql, NULL);
	}
	/* Every reference the loader writes is built by the loader itself (the
	 * contract id it just inserted or selected, this import's batch and
	 * file): SQLite's per-row foreign-key look-ups (two or three per
	 * contract and one per child row) are switched off for the import and
	 * back on afterwards (-7 % of the loader's instructions; the clause
	 * importer does the same). */
	old_fk = orcs_db_scalar(db, "PRAGMA foreign_keys", 1);
	orcs_db_exec(db, "PRAGMA foreign_keys=OFF", NULL);
	ckpt_start(&m.ck, db, opts && opts->inline_checkpoint);
	m.ctx = orcs_decp_ctx_new(db, opts ? opts->today : NULL, err);
	if (!m.ctx || orcs_decp_loader_new(db, &m.loader, err) ||
	    orcs_batch_begin(db, "decp", npaths ? sources[0] : NULL, &m.batch, err)) {
		rc = ORCS_EIO;
		goto done;
	}
	rep->batch_id = orcs_batch_id(m.batch);
	rep->files = orcs_xcalloc((size_t)(nins ? nins : 1), sizeof(*rep->files));
	rep->nfiles = nins;
	for (i = 0; i < nins; i++)
		m.bytes_total += ins[i].size;
	m.nfiles = nins;
	for (i = 0; i < nins && rc == ORCS_OK; i++) {
		m.fileno = i + 1;
		m.fr = &rep->files[i];
		m.fr->path = orcs_xstrdup(ins[i].path);
		m.fr->bytes = ins[i].size;
		progress(&m);
		rc = import_one(&m, &ins[i], sources[ins[i].arg], err);
		m.bytes_done += ins[i].size;
		m.records_done += m.fr->counts.records;
		m.read_records = 0;
	}
	m.fr = NULL;
	progress(&m);
	/* each file is its own transaction: the indicator cache is refreshed
	 * once, after the last one (until then readers compute live) */
	if (old_fk) /* the refresh writes with the warehouse's own settings */
		orcs_db_exec(db, "PRAGMA foreign_keys=ON", NULL);
	/* files all already imported (nothing read): no data changed, the
	 * cache stays current (the batch does not count in its data stamp) */
	if (rc == ORCS_OK && !(opts && opts->no_refresh) && orcs_batch_totals(m.batch)->records > 0)
		rc = orcs_refresh_after(db, "decp", err);
	{
		orcs_error ferr = ORCS_ERROR_INIT;
		rep->totals = *orcs_batch_totals(m.batch);
		if (orcs_batch_finish(m.batch, rc == ORCS_OK, rc == ORCS_OK ? NULL : err->msg, &ferr) &&
		    rc == ORCS_OK) {
			*err = ferr;
			rc = ORCS_EIO;
		}
	}
	if (rc == ORCS_OK && (rep->totals.quarantined || rep->rejected))
		rc = ORCS_EINPUT;
done:
	{
		double c0 = now();
		ckpt_stop(&m.ck, db);
		if (m.timing)
			fprintf(stderr, "last checkpoint %.2f s\n", now() - c0);
	}
	{
		char sql[80];
		snprintf(sql, sizeof(sql), "PRAGMA cache_size=%lld; PRAGMA foreign_keys=%s", old_cache,
			 old_fk ? "ON" : "OFF");
		orcs_db_exec(db, sql, NULL);
	}
	rep->seconds = now() - t0;
	orcs_batch_free(m.batch);
	orcs_decp_loader_free(m.loader);
	orcs_decp_ctx_free(m.ctx);
	if (sources)
		for (i = 0; i < npaths; i++)
			free(sources[i]);
	free(sources);
	orcs_inputs_free(ins, nins);
	for (i = 0; i < NBATCH; i++)
		orcs_arena_release(&m.store[i].arena);
	free(m.store);
	pthread_mutex_destroy(&m.mu);
	pthread_cond_destroy(&m.cond);
	orcs_buf_release(&m.raw);
	orcs_buf_release(&m.pos);
	return rc;
}

void orcs_decp_report_release(orcs_decp_report *rep)
{
	int i;
	for (i = 0; i < rep->nfiles; i++) {
		free(rep->files[i].path);
		free(rep->files[i].message);
	}
	free(rep->files);
	memset(rep, 0, sizeof(*rep));
}
