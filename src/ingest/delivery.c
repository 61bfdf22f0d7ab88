#include "ingest/delivery.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zip.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/sha256.h"
#include "core/sha256_stream.h"
#include "ingest/xlsx.h"

enum { D_DIR, D_ZIP, D_XLSX, D_CSV };

typedef struct entry {
	char *name;   /* without folder and extension */
	char *label;  /* shown in messages */
	char *path;   /* file path (folder, single CSV) or zip entry name */
	size_t sheet; /* XLSX sheet index */
	char sha[65]; /* folder entries: SHA-256 from the digest pass ("" before) */
} entry;

struct orcs_delivery {
	int kind;
	char *path;
	entry *e;
	size_t n, a;
	zip_t *zip;
	orcs_xlsx *xlsx;
	char sha[65]; /* file digest once computed */
	int no_readahead;
};

void orcs_delivery_set_readahead(orcs_delivery *d, int on)
{
	d->no_readahead = !on;
}

/* Rows read ahead by the reader thread, handed over in batches. */
typedef struct rowbatch {
	orcs_buf data;     /* fields, each NUL-terminated */
	size_t *off;       /* start of each field in data */
	size_t noff, aoff;
	size_t *first;     /* per row: index of its first field in off (+1 sentinel) */
	long *line;
	size_t nrows, arows;
	int status;        /* 1 rows (more may follow), 0 end, -1 error */
	orcs_error err;
	struct rowbatch *next;
} rowbatch;

#define BATCH_ROWS 2048
#define NBATCHES 3

static void start_reader(orcs_src *s);

struct orcs_src {
	orcs_delivery *d;
	/* read-ahead */
	int threaded, stop, done, final_rc;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	rowbatch batches[NBATCHES];
	rowbatch *free_list, *full_head, *full_tail;
	rowbatch *cur;     /* batch being consumed */
	size_t row;        /* current row in cur */
	const char *known_sha; /* folder file hashed by the digest pass */
	int hashing;
	orcs_csv *csv;
	FILE *f;
	zip_file_t *zf;
	orcs_xlsx_sheet *sheet;
	orcs_sha256s sha;
	long long bytes;
	int read_error;
};

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static int has_csv_ext(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && !strcasecmp(name + n - 4, ".csv");
}

static void add_entry(orcs_delivery *d, const char *name, size_t nlen, const char *label,
		      const char *path, size_t sheet)
{
	entry *e;
	if (d->n == d->a) {
		d->a = d->a ? 2 * d->a : 16;
		d->e = orcs_xrealloc(d->e, d->a * sizeof(*d->e));
	}
	e = &d->e[d->n++];
	e->name = orcs_xstrndup(name, nlen);
	e->label = orcs_xstrdup(label);
	e->path = orcs_xstrdup(path ? path : "");
	e->sheet = sheet;
	e->sha[0] = '\0';
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->label, ((const entry *)b)->label);
}

static int open_dir(orcs_delivery *d, orcs_error *err)
{
	DIR *dir = opendir(d->path);
	struct dirent *de;
	if (!dir)
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", d->path, strerror(errno));
	while ((de = readdir(dir)) != NULL) {
		orcs_buf p = ORCS_BUF_INIT;
		struct stat st;
		if (de->d_name[0] == '.' || !has_csv_ext(de->d_name))
			continue;
		orcs_buf_addf(&p, "%s/%s", d->path, de->d_name);
		if (stat(p.data, &st) == 0 && S_ISREG(st.st_mode))
			add_entry(d, de->d_name, strlen(de->d_name) - 4, de->d_name, p.data, 0);
		orcs_buf_release(&p);
	}
	closedir(dir);
	qsort(d->e, d->n, sizeof(*d->e), cmp_entry);
	return ORCS_OK;
}

/* Returns -1 (not an error code) when the archive is an XLSX workbook. */
static int open_zip(orcs_delivery *d, orcs_error *err)
{
	zip_int64_t n, i;
	int zerr = 0;
	d->zip = zip_open(d->path, ZIP_RDONLY, &zerr);
	if (!d->zip) {
		zip_error_t ze;
		int rc;
		zip_error_init_with_code(&ze, zerr);
		rc = orcs_error_set(err, ORCS_EINPUT,
				    "%s" ORCS_NBSP ": archive ZIP illisible ou tronquée (%s)", d->path,
				    zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	if (zip_name_locate(d->zip, "xl/workbook.xml", 0) >= 0) {
		zip_discard(d->zip);
		d->zip = NULL;
		return -1; /* an XLSX workbook */
	}
	n = zip_get_num_entries(d->zip, 0);
	for (i = 0; i < n; i++) {
		const char *name = zip_get_name(d->zip, (zip_uint64_t)i, 0), *b;
		if (!name)
			continue;
		b = base_name(name);
		if (!strncmp(name, "__MACOSX/", 9) || strstr(name, "/__MACOSX/") || b[0] == '.' ||
		    !has_csv_ext(b))
			continue;
		add_entry(d, b, strlen(b) - 4, name, name, 0);
	}
	qsort(d->e, d->n, sizeof(*d->e), cmp_entry);
	return ORCS_OK;
}

static int open_xlsx(orcs_delivery *d, orcs_error *err)
{
	size_t i;
	int rc = orcs_xlsx_open(d->path, &d->xlsx, err);
	if (rc != ORCS_OK)
		return rc;
	/* a sheet is identified by the workbook's digest: hashing ~300 MB of
	 * sheet XML again would double the reading time */
	orcs_xlsx_set_hashing(d->xlsx, 0);
	for (i = 0; i < orcs_xlsx_nsheets(d->xlsx); i++) {
		const char *sn = orcs_xlsx_sheet_name(d->xlsx, i);
		orcs_buf label = ORCS_BUF_INIT;
		orcs_buf_addf(&label, "%s#%s", base_name(d->path), sn);
		add_entry(d, sn, strlen(sn), label.data, NULL, i);
		orcs_buf_release(&label);
	}
	return ORCS_OK;
}

int orcs_delivery_open(const char *path, orcs_delivery **out, orcs_error *err)
{
	orcs_delivery *d;
	struct stat st;
	int rc;
	*out = NULL;
	if (stat(path, &st) != 0)
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", path, strerror(errno));
	d = orcs_xcalloc(1, sizeof(*d));
	d->path = orcs_xstrdup(path);
	/* drop trailing slashes of folders for nicer labels */
	while (strlen(d->path) > 1 && d->path[strlen(d->path) - 1] == '/')
		d->path[strlen(d->path) - 1] = '\0';
	if (S_ISDIR(st.st_mode)) {
		d->kind = D_DIR;
		rc = open_dir(d, err);
	} else if (orcs_is_zip_file(path)) {
		d->kind = D_ZIP;
		rc = open_zip(d, err);
		if (rc == -1) {
			d->kind = D_XLSX;
			rc = open_xlsx(d, err);
		}
	} else if (has_csv_ext(base_name(path))) {
		const char *b = base_name(path);
		d->kind = D_CSV;
		add_entry(d, b, strlen(b) - 4, b, path, 0);
		rc = ORCS_OK;
	} else {
		size_t n = strlen(path);
		if (n > 5 && (!strcasecmp(path + n - 5, ".xlsx") || !strcasecmp(path + n - 4, ".zip")))
			rc = orcs_error_set(err, ORCS_EINPUT,
					    "%s" ORCS_NBSP ": archive ZIP illisible ou tronquée "
					    "(signature absente)",
					    path);
		else
			rc = orcs_error_set(err, ORCS_EINPUT,
					    "%s" ORCS_NBSP ": ni un dossier, ni un ZIP, ni un classeur "
					    "XLSX, ni un fichier CSV",
					    path);
	}
	if (rc != ORCS_OK) {
		orcs_delivery_close(d);
		return rc;
	}
	*out = d;
	return ORCS_OK;
}

void orcs_delivery_close(orcs_delivery *d)
{
	size_t i;
	if (!d)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->e[i].name);
		free(d->e[i].label);
		free(d->e[i].path);
	}
	free(d->e);
	if (d->zip)
		zip_discard(d->zip);
	orcs_xlsx_close(d->xlsx);
	free(d->path);
	free(d);
}

const char *orcs_delivery_format(const orcs_delivery *d)
{
	static const char *const names[] = { "dossier", "zip", "xlsx", "csv" };
	return names[d->kind];
}

size_t orcs_delivery_count(const orcs_delivery *d)
{
	return d->n;
}

const char *orcs_delivery_entry(const orcs_delivery *d, size_t i)
{
	return i < d->n ? d->e[i].name : NULL;
}

const char *orcs_delivery_entry_label(const orcs_delivery *d, size_t i)
{
	return i < d->n ? d->e[i].label : NULL;
}

int orcs_delivery_sha256(orcs_delivery *d, char hex[65], long long *bytes, orcs_error *err)
{
	if (d->kind == D_DIR) {
		orcs_buf list = ORCS_BUF_INIT;
		long long total = 0;
		size_t i;
		for (i = 0; i < d->n; i++) {
			char h[65];
			long long b = 0;
			int rc = orcs_sha256_file(d->e[i].path, h, &b, err);
			memcpy(d->e[i].sha, h, sizeof(h));
			if (rc != ORCS_OK) {
				orcs_buf_release(&list);
				return rc;
			}
			total += b;
			orcs_buf_adds(&list, d->e[i].label);
			orcs_buf_addc(&list, '\0');
			orcs_buf_adds(&list, h);
			orcs_buf_addc(&list, '\n');
		}
		orcs_sha256_mem(list.data, list.len, hex);
		orcs_buf_release(&list);
		if (bytes)
			*bytes = total;
		return ORCS_OK;
	}
	{
		int rc = orcs_sha256_file(d->path, hex, bytes, err);
		if (rc == ORCS_OK)
			memcpy(d->sha, hex, 65);
		return rc;
	}
}

/* byte sources for orcs_csv, hashing what they read */
static long file_read(void *ctx, char *buf, size_t n)
{
	orcs_src *s = ctx;
	size_t r = fread(buf, 1, n, s->f);
	if (r == 0 && ferror(s->f)) {
		s->read_error = 1;
		return -1;
	}
	if (s->hashing)
		orcs_sha256s_update(&s->sha, buf, r);
	s->bytes += (long long)r;
	return (long)r;
}

static long zip_read(void *ctx, char *buf, size_t n)
{
	orcs_src *s = ctx;
	zip_int64_t r = zip_fread(s->zf, buf, n);
	if (r < 0) {
		s->read_error = 1;
		return -1;
	}
	orcs_sha256s_update(&s->sha, buf, (size_t)r);
	s->bytes += r;
	return (long)r;
}

int orcs_delivery_src_open(orcs_delivery *d, size_t i, orcs_src **out, orcs_error *err)
{
	orcs_src *s;
	int rc;
	*out = NULL;
	if (i >= d->n)
		return orcs_error_set(err, ORCS_EUSAGE, "entrée %zu inexistante", i);
	s = orcs_xcalloc(1, sizeof(*s));
	s->d = d;
	orcs_sha256s_init(&s->sha);
	switch (d->kind) {
	case D_DIR:
	case D_CSV:
		s->f = fopen(d->e[i].path, "rb");
		if (!s->f) {
			rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", d->e[i].path,
					    strerror(errno));
			free(s);
			return rc;
		}
		s->csv = orcs_csv_new(file_read, s, d->e[i].label, 0);
		if (d->e[i].sha[0])
			s->known_sha = d->e[i].sha;
		else
			s->hashing = 1;
		break;
	case D_ZIP:
		s->zf = zip_fopen(d->zip, d->e[i].path, 0);
		if (!s->zf) {
			rc = orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": entrée illisible (%s)",
					    d->e[i].label, zip_strerror(d->zip));
			free(s);
			return rc;
		}
		s->csv = orcs_csv_new(zip_read, s, d->e[i].label, 0);
		break;
	default:
		rc = orcs_xlsx_sheet_open(d->xlsx, d->e[i].sheet, &s->sheet, err);
		if (rc != ORCS_OK) {
			free(s);
			return rc;
		}
		break;
	}
	if (!d->no_readahead)
		start_reader(s);
	*out = s;
	return ORCS_OK;
}

/* the direct (unthreaded) reading */
static int raw_next(orcs_src *s, orcs_error *err)
{
	int r;
	if (s->sheet)
		return orcs_xlsx_next(s->sheet, err);
	r = orcs_csv_next(s->csv, err);
	if (r < 0 && s->read_error && s->zf)
		orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": entrée corrompue dans l'archive (%s)",
			       orcs_csv_name(s->csv), zip_file_strerror(s->zf));
	return r;
}

static size_t raw_nfields(const orcs_src *s)
{
	return s->sheet ? orcs_xlsx_nfields(s->sheet) : orcs_csv_nfields(s->csv);
}

static const char *raw_field(const orcs_src *s, size_t i, size_t *len)
{
	return s->sheet ? orcs_xlsx_field(s->sheet, i, len) : orcs_csv_field(s->csv, i, len);
}

static long raw_line(const orcs_src *s)
{
	return s->sheet ? orcs_xlsx_row(s->sheet) : orcs_csv_line(s->csv);
}

static void batch_reset(rowbatch *b)
{
	orcs_buf_reset(&b->data);
	b->noff = 0;
	b->nrows = 0;
	b->status = 1;
	orcs_error_clear(&b->err);
	b->next = NULL;
}

static void batch_add_row(rowbatch *b, const orcs_src *s)
{
	size_t i, n = raw_nfields(s);
	if (b->nrows + 2 > b->arows) {
		b->arows = b->arows ? 2 * b->arows : BATCH_ROWS + 2;
		b->first = orcs_xrealloc(b->first, b->arows * sizeof(*b->first));
		b->line = orcs_xrealloc(b->line, b->arows * sizeof(*b->line));
	}
	b->first[b->nrows] = b->noff;
	b->line[b->nrows] = raw_line(s);
	for (i = 0; i < n; i++) {
		size_t len;
		const char *f = raw_field(s, i, &len);
		if (b->noff == b->aoff) {
			b->aoff = b->aoff ? 2 * b->aoff : 16 * BATCH_ROWS;
			b->off = orcs_xrealloc(b->off, b->aoff * sizeof(*b->off));
		}
		b->off[b->noff++] = b->data.len;
		orcs_buf_add(&b->data, f, len);
		orcs_buf_addc(&b->data, '\0');
	}
	b->nrows++;
	b->first[b->nrows] = b->noff;
}

static void *reader(void *arg)
{
	orcs_src *s = arg;
	for (;;) {
		rowbatch *b;
		int r = 1;
		pthread_mutex_lock(&s->mu);
		while (!s->free_list && !s->stop)
			pthread_cond_wait(&s->cv, &s->mu);
		if (s->stop) {
			pthread_mutex_unlock(&s->mu);
			return NULL;
		}
		b = s->free_list;
		s->free_list = b->next;
		pthread_mutex_unlock(&s->mu);
		batch_reset(b);
		while (b->nrows < BATCH_ROWS && b->data.len < (1u << 20) &&
		       (r = raw_next(s, &b->err)) == 1)
			batch_add_row(b, s);
		if (r != 1)
			b->status = r;
		pthread_mutex_lock(&s->mu);
		b->next = NULL;
		if (s->full_tail)
			s->full_tail->next = b;
		else
			s->full_head = b;
		s->full_tail = b;
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
		if (r != 1)
			return NULL;
	}
}

/* Starts the read-ahead thread (falls back to direct reading). */
static void start_reader(orcs_src *s)
{
	int i;
	for (i = 0; i < NBATCHES; i++) {
		orcs_buf_init(&s->batches[i].data);
		s->batches[i].next = i + 1 < NBATCHES ? &s->batches[i + 1] : NULL;
	}
	s->free_list = &s->batches[0];
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	s->threaded = pthread_create(&s->th, NULL, reader, s) == 0;
	if (!s->threaded) {
		pthread_mutex_destroy(&s->mu);
		pthread_cond_destroy(&s->cv);
	}
}

static int finish(orcs_src *s, const rowbatch *b, orcs_error *err)
{
	s->done = 1;
	s->final_rc = b->status < 0 ? -1 : 0;
	if (b->status < 0 && err)
		*err = b->err;
	pthread_join(s->th, NULL);
	s->threaded = 2; /* joined: the batches stay readable */
	return s->final_rc;
}

int orcs_src_next(orcs_src *s, orcs_error *err)
{
	rowbatch *b;
	if (!s->threaded)
		return raw_next(s, err);
	if (s->cur && s->row + 1 < s->cur->nrows) {
		s->row++;
		return 1;
	}
	if (s->done) {
		if (s->final_rc < 0 && err)
			*err = s->cur->err;
		return s->final_rc;
	}
	if (s->cur && s->cur->status <= 0) /* its rows are consumed: the end */
		return finish(s, s->cur, err);
	pthread_mutex_lock(&s->mu);
	if (s->cur) { /* give the consumed batch back */
		s->cur->next = s->free_list;
		s->free_list = s->cur;
		s->cur = NULL;
		pthread_cond_broadcast(&s->cv);
	}
	while (!s->full_head)
		pthread_cond_wait(&s->cv, &s->mu);
	b = s->full_head;
	s->full_head = b->next;
	if (!s->full_head)
		s->full_tail = NULL;
	pthread_mutex_unlock(&s->mu);
	s->cur = b;
	s->row = 0;
	if (b->nrows)
		return 1;
	return finish(s, b, err);
}

static const rowbatch *cur_batch(const orcs_src *s)
{
	return s->threaded && s->cur && s->row < s->cur->nrows ? s->cur : NULL;
}

size_t orcs_src_nfields(const orcs_src *s)
{
	const rowbatch *b = cur_batch(s);
	if (s->threaded)
		return b ? b->first[s->row + 1] - b->first[s->row] : 0;
	return raw_nfields(s);
}

const char *orcs_src_field(const orcs_src *s, size_t i, size_t *len)
{
	const rowbatch *b = cur_batch(s);
	size_t k, stop;
	if (!s->threaded)
		return raw_field(s, i, len);
	if (!b || i >= b->first[s->row + 1] - b->first[s->row]) {
		if (len)
			*len = 0;
		return "";
	}
	k = b->first[s->row] + i;
	stop = k + 1 < b->noff ? b->off[k + 1] - 1 : b->data.len - 1;
	if (len)
		*len = stop - b->off[k];
	return b->data.data + b->off[k];
}

long orcs_src_line(const orcs_src *s)
{
	const rowbatch *b = cur_batch(s);
	if (s->threaded)
		return b ? b->line[s->row] : 0;
	return raw_line(s);
}

/* Byte counts and digests are complete once the reader has finished. */
long long orcs_src_bytes(const orcs_src *s)
{
	return s->sheet ? orcs_xlsx_sheet_bytes(s->sheet) : s->bytes;
}

void orcs_src_sha256(orcs_src *s, char hex[65])
{
	orcs_sha256s copy;
	if (s->sheet) {
		orcs_xlsx_sheet_sha256(s->sheet, hex);
		if (!hex[0] && s->d->sha[0])
			memcpy(hex, s->d->sha, 65);
		return;
	}
	if (s->known_sha) {
		memcpy(hex, s->known_sha, 65);
		return;
	}
	copy = s->sha;
	orcs_sha256s_final(&copy, NULL, hex);
}

void orcs_src_close(orcs_src *s)
{
	int i;
	if (!s)
		return;
	if (s->threaded == 1) { /* still running: stop it */
		pthread_mutex_lock(&s->mu);
		s->stop = 1;
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->th, NULL);
	}
	if (s->threaded) {
		pthread_mutex_destroy(&s->mu);
		pthread_cond_destroy(&s->cv);
	}
	for (i = 0; i < NBATCHES; i++) {
		orcs_buf_release(&s->batches[i].data);
		free(s->batches[i].off);
		free(s->batches[i].first);
		free(s->batches[i].line);
	}
	orcs_csv_free(s->csv);
	if (s->f)
		fclose(s->f);
	if (s->zf)
		zip_fclose(s->zf);
	orcs_xlsx_sheet_close(s->sheet);
	free(s);
}
