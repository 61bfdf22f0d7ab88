#include "ingest/source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include "core/buf.h"
#include "core/sha256_stream.h"

#define RAWBUF 262144

/* ---- expansion ----------------------------------------------------------- */

typedef struct list {
	orcs_input *v;
	int n, cap;
} list;

static orcs_input *add(list *l)
{
	orcs_input *in;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = orcs_xrealloc(l->v, (size_t)l->cap * sizeof(*l->v));
	}
	in = &l->v[l->n++];
	memset(in, 0, sizeof(*in));
	return in;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcasecmp(s + n - k, suffix);
}

static int wanted_name(const char *name)
{
	return ends_with(name, ".json") || ends_with(name, ".xml") || ends_with(name, ".gz") ||
	       ends_with(name, ".zip");
}

static int is_zip(const char *path)
{
	unsigned char m[4];
	int ok = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	ok = fread(m, 1, 4, f) == 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
	fclose(f);
	return ok;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void add_zip(list *l, const char *path)
{
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
	zip_int64_t i, n;
	char **names = NULL;
	int64_t *sizes = NULL;
	size_t k = 0, j;
	if (!z) {
		orcs_input *in = add(l);
		zip_error_t ze;
		orcs_buf b = ORCS_BUF_INIT;
		zip_error_init_with_code(&ze, zerr);
		in->path = orcs_xstrdup(path);
		in->fs_path = orcs_xstrdup(path);
		orcs_buf_addf(&b, "%s" ORCS_NBSP ": archive zip illisible (%s)", path,
			      zip_error_strerror(&ze));
		in->error = orcs_buf_detach(&b, NULL);
		zip_error_fini(&ze);
		return;
	}
	n = zip_get_num_entries(z, 0);
	for (i = 0; i < n; i++) {
		zip_stat_t st;
		const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
		const char *base;
		if (!name || zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0)
			continue;
		base = strrchr(name, '/');
		base = base ? base + 1 : name;
		if (!*base || base[0] == '.' || !strncmp(name, "__MACOSX/", 9) ||
		    !(ends_with(base, ".json") || ends_with(base, ".xml") || ends_with(base, ".gz")))
			continue;
		names = orcs_xrealloc(names, (k + 1) * sizeof(*names));
		sizes = orcs_xrealloc(sizes, (k + 1) * sizeof(*sizes));
		names[k] = orcs_xstrdup(name);
		sizes[k] = (st.valid & ZIP_STAT_SIZE) ? (int64_t)st.size : 0;
		k++;
	}
	zip_discard(z);
	/* sort names, keeping sizes aligned */
	for (j = 1; j < k; j++) {
		size_t m = j;
		while (m > 0 && cmp_name(&names[m - 1], &names[m]) > 0) {
			char *t = names[m];
			int64_t s = sizes[m];
			names[m] = names[m - 1];
			sizes[m] = sizes[m - 1];
			names[m - 1] = t;
			sizes[m - 1] = s;
			m--;
		}
	}
	for (j = 0; j < k; j++) {
		orcs_input *in = add(l);
		orcs_buf b = ORCS_BUF_INIT;
		orcs_buf_addf(&b, "%s:%s", path, names[j]);
		in->path = orcs_buf_detach(&b, NULL);
		in->fs_path = orcs_xstrdup(path);
		in->member = names[j];
		in->size = sizes[j];
	}
	free(names);
	free(sizes);
}

static void add_file(list *l, const char *path, int64_t size)
{
	orcs_input *in;
	if (is_zip(path)) {
		add_zip(l, path);
		return;
	}
	in = add(l);
	in->path = orcs_xstrdup(path);
	in->fs_path = orcs_xstrdup(path);
	in->size = size;
}

static int add_dir(list *l, const char *dir, int depth, orcs_error *err)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	int rc = ORCS_OK;
	if (depth > 32)
		return ORCS_OK;
	d = opendir(dir);
	if (!d)
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = orcs_xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = orcs_xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++) {
		orcs_buf p = ORCS_BUF_INIT;
		struct stat sb;
		orcs_buf_addf(&p, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/",
			      names[i]);
		if (rc == ORCS_OK && stat(p.data, &sb) == 0) {
			if (S_ISDIR(sb.st_mode))
				rc = add_dir(l, p.data, depth + 1, err);
			else if (S_ISREG(sb.st_mode) && wanted_name(names[i]))
				add_file(l, p.data, (int64_t)sb.st_size);
		}
		orcs_buf_release(&p);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int spool_stdin(list *l, orcs_error *err)
{
	const char *tmp = getenv("TMPDIR");
	orcs_buf path = ORCS_BUF_INIT;
	char *buf = orcs_xmalloc(RAWBUF);
	int fd;
	int64_t total = 0;
	ssize_t n;
	orcs_input *in;
	orcs_buf_addf(&path, "%s/orcs-stdin-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path.data);
	if (fd < 0) {
		int e = errno;
		free(buf);
		orcs_buf_release(&path);
		return orcs_error_set(err, ORCS_EIO, "entrée standard" ORCS_NBSP ": fichier temporaire "
				      "impossible (%s)", strerror(e));
	}
	while ((n = read(STDIN_FILENO, buf, RAWBUF)) > 0 || (n < 0 && errno == EINTR)) {
		ssize_t off = 0;
		if (n < 0)
			continue;
		while (off < n) {
			ssize_t w = write(fd, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				int e = errno;
				close(fd);
				unlink(path.data);
				free(buf);
				orcs_buf_release(&path);
				return orcs_error_set(err, ORCS_EIO, "entrée standard" ORCS_NBSP
						      ": écriture du fichier temporaire (%s)",
						      strerror(e));
			}
			off += w;
		}
		total += n;
	}
	free(buf);
	close(fd);
	if (n < 0) {
		unlink(path.data);
		orcs_buf_release(&path);
		return orcs_error_set(err, ORCS_EIO, "entrée standard" ORCS_NBSP ": erreur de lecture");
	}
	if (is_zip(path.data)) {
		/* members keep the spool as their archive; it is removed at free */
		int first = l->n, i;
		add_zip(l, path.data);
		for (i = first; i < l->n; i++) {
			char *p = l->v[i].path;
			orcs_buf b = ORCS_BUF_INIT;
			const char *colon = strchr(p + strlen(path.data), ':');
			orcs_buf_addf(&b, "-%s", colon ? colon : "");
			l->v[i].path = orcs_buf_detach(&b, NULL);
			free(p);
			l->v[i].spooled = i == first ? 1 : 2; /* 2: shares the spool */
		}
		if (l->n == first) { /* empty archive: still remove the spool */
			unlink(path.data);
		}
		orcs_buf_release(&path);
		return ORCS_OK;
	}
	in = add(l);
	in->path = orcs_xstrdup("-");
	in->fs_path = orcs_buf_detach(&path, NULL);
	in->spooled = 1;
	in->size = total;
	return ORCS_OK;
}

int orcs_inputs_expand(const char *const *paths, int n, orcs_input **out, int *nout,
		       orcs_error *err)
{
	list l = { NULL, 0, 0 };
	int i, rc = ORCS_OK, stdin_done = 0;
	for (i = 0; i < n && rc == ORCS_OK; i++) {
		struct stat sb;
		int before = l.n, j;
		if (!strcmp(paths[i], "-")) {
			if (!stdin_done)
				rc = spool_stdin(&l, err);
			stdin_done = 1;
			for (j = before; j < l.n; j++)
				l.v[j].arg = i;
			continue;
		}
		if (stat(paths[i], &sb) != 0) {
			rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", paths[i],
					    errno == ENOENT ? "fichier ou dossier introuvable"
							    : strerror(errno));
			break;
		}
		if (S_ISDIR(sb.st_mode))
			rc = add_dir(&l, paths[i], 0, err);
		else
			add_file(&l, paths[i], (int64_t)sb.st_size);
		for (j = before; j < l.n; j++)
			l.v[j].arg = i;
	}
	if (rc != ORCS_OK) {
		orcs_inputs_free(l.v, l.n);
		*out = NULL;
		*nout = 0;
		return rc;
	}
	*out = l.v;
	*nout = l.n;
	return ORCS_OK;
}

void orcs_inputs_free(orcs_input *v, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		if (v[i].spooled == 1)
			unlink(v[i].fs_path);
		free(v[i].path);
		free(v[i].fs_path);
		free(v[i].member);
		free(v[i].error);
	}
	free(v);
}

/* ---- streams ----------------------------------------------------------- */

struct orcs_stream {
	int fd;
	zip_t *zip;
	zip_file_t *zf;
	int eof;             /* raw source exhausted */
	int64_t raw;         /* raw bytes read */
	orcs_sha256s sha;
	/* gzip */
	int gz, gz_done;
	z_stream z;
	unsigned char *in;   /* raw buffer for gzip */
	size_t inlen, inpos;
	int corrupt, hash;
	char msg[200];
};

static long raw_read(orcs_stream *s, void *buf, size_t n)
{
	long r;
	if (s->eof)
		return 0;
	if (s->zf) {
		zip_int64_t k = zip_fread(s->zf, buf, n);
		if (k < 0) {
			snprintf(s->msg, sizeof(s->msg), "lecture du membre zip impossible (%s)",
				 zip_strerror(s->zip));
			s->corrupt = 1;
			return -1;
		}
		r = (long)k;
	} else {
		ssize_t k;
		do
			k = read(s->fd, buf, n);
		while (k < 0 && errno == EINTR);
		if (k < 0) {
			snprintf(s->msg, sizeof(s->msg), "%s", strerror(errno));
			return -1;
		}
		r = (long)k;
	}
	if (r == 0)
		s->eof = 1;
	if (r > 0) {
		if (s->hash)
			orcs_sha256s_update(&s->sha, buf, (size_t)r);
		s->raw += r;
	}
	return r;
}

int orcs_stream_open(const orcs_input *in, int hash, orcs_stream **out, orcs_error *err)
{
	orcs_stream *s = orcs_xcalloc(1, sizeof(*s));
	s->fd = -1;
	s->hash = hash;
	orcs_sha256s_init(&s->sha);
	*out = NULL;
	if (in->member) {
		int zerr = 0;
		s->zip = zip_open(in->fs_path, ZIP_RDONLY, &zerr);
		if (s->zip)
			s->zf = zip_fopen(s->zip, in->member, 0);
		if (!s->zf) {
			orcs_stream_close(s);
			return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": membre zip illisible",
					      in->path);
		}
	} else {
		s->fd = open(in->fs_path, O_RDONLY);
		if (s->fd < 0) {
			int e = errno;
			orcs_stream_close(s);
			return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", in->path, strerror(e));
		}
#ifdef POSIX_FADV_SEQUENTIAL
		posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	}
	/* gzip? look at the first two raw bytes */
	s->in = orcs_xmalloc(RAWBUF);
	{
		long r = raw_read(s, s->in, 2);
		if (r < 0) {
			orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", in->path, s->msg);
			orcs_stream_close(s);
			return ORCS_EIO;
		}
		if (r == 1) {
			long r2 = raw_read(s, s->in + 1, 1);
			if (r2 > 0)
				r += r2;
		}
		s->inlen = (size_t)r;
		s->gz = r == 2 && s->in[0] == 0x1f && s->in[1] == 0x8b;
	}
	if (s->gz && inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK) {
		orcs_stream_close(s);
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": zlib indisponible", in->path);
	}
	*out = s;
	return ORCS_OK;
}

int orcs_stream_corrupt(const orcs_stream *s)
{
	return s->corrupt;
}

const char *orcs_stream_error(const orcs_stream *s)
{
	return s->msg;
}

int64_t orcs_stream_raw_pos(const orcs_stream *s)
{
	return s->raw;
}

long orcs_stream_read(void *ctx, char *buf, size_t n)
{
	orcs_stream *s = ctx;
	if (!s->gz) {
		if (s->inpos < s->inlen) { /* the sniffed bytes, then more */
			size_t k = s->inlen - s->inpos;
			long r;
			if (k > n)
				k = n;
			memcpy(buf, s->in + s->inpos, k);
			s->inpos += k;
			if (k == n)
				return (long)k;
			r = raw_read(s, buf + k, n - k);
			return r < 0 ? -1 : (long)k + r;
		}
		return raw_read(s, buf, n);
	}
	if (s->gz_done)
		return 0;
	s->z.next_out = (unsigned char *)buf;
	s->z.avail_out = (uInt)(n > (1u << 30) ? (1u << 30) : n);
	while (s->z.avail_out > 0) {
		int zr;
		if (s->inpos == s->inlen) {
			long r = raw_read(s, s->in, RAWBUF);
			if (r < 0)
				return -1;
			s->inpos = 0;
			s->inlen = (size_t)r;
			if (r == 0) {
				if (s->z.avail_out == (uInt)n) {
					snprintf(s->msg, sizeof(s->msg), "flux gzip tronqué");
					s->corrupt = 1;
					return -1;
				}
				break;
			}
		}
		s->z.next_in = s->in + s->inpos;
		s->z.avail_in = (uInt)(s->inlen - s->inpos);
		zr = inflate(&s->z, Z_NO_FLUSH);
		s->inpos = s->inlen - s->z.avail_in;
		if (zr == Z_STREAM_END) {
			/* concatenated gzip members: go on if more bytes follow */
			if (s->inpos == s->inlen) {
				long r = raw_read(s, s->in, RAWBUF);
				if (r < 0)
					return -1;
				s->inpos = 0;
				s->inlen = (size_t)r;
			}
			if (s->inpos == s->inlen) {
				s->gz_done = 1;
				break;
			}
			inflateReset(&s->z);
			continue;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			snprintf(s->msg, sizeof(s->msg), "flux gzip invalide (%s)",
				 s->z.msg ? s->z.msg : "zlib");
			s->corrupt = 1;
			return -1;
		}
		if (zr == Z_BUF_ERROR && s->z.avail_in == 0 && s->eof) {
			snprintf(s->msg, sizeof(s->msg), "flux gzip tronqué");
			s->corrupt = 1;
			return -1;
		}
	}
	return (long)(n - s->z.avail_out);
}

static void hexify(const unsigned char *d, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	int i;
	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
}

int orcs_stream_sha256(orcs_stream *s, char hex[65], orcs_error *err)
{
	unsigned char d[32];
	char *buf = NULL;
	while (!s->eof) {
		long r;
		if (!buf)
			buf = orcs_xmalloc(RAWBUF);
		r = raw_read(s, buf, RAWBUF);
		if (r < 0) {
			free(buf);
			return orcs_error_set(err, ORCS_EIO, "erreur de lecture (%s)", s->msg);
		}
	}
	free(buf);
	orcs_sha256s_final(&s->sha, d, hex);
	return ORCS_OK;
}

void orcs_stream_close(orcs_stream *s)
{
	if (!s)
		return;
	if (s->gz)
		inflateEnd(&s->z);
	if (s->zf)
		zip_fclose(s->zf);
	if (s->zip)
		zip_discard(s->zip);
	if (s->fd >= 0)
		close(s->fd);
	free(s->in);
	free(s);
}

/* Hashes the first `limit` raw bytes of an input (no gzip decoding). */
static int raw_pass(const orcs_input *in, size_t limit, unsigned char d[32],
		    const atomic_int *stop, orcs_error *err)
{
	orcs_stream *s;
	char *buf;
	int64_t total;
	int rc = orcs_stream_open(in, 1, &s, err);
	if (rc)
		return rc;
	total = (int64_t)s->inlen;
	buf = orcs_xmalloc(RAWBUF);
	while ((size_t)total < limit) {
		size_t want = limit - (size_t)total < RAWBUF ? limit - (size_t)total : RAWBUF;
		long r;
		if (stop && atomic_load(stop)) {
			rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": empreinte interrompue",
					    in->path);
			break;
		}
		r = raw_read(s, buf, want);
		if (r < 0) {
			rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", in->path, s->msg);
			break;
		}
		if (r == 0)
			break;
		total += r;
	}
	free(buf);
	orcs_sha256s_final(&s->sha, d, NULL);
	orcs_stream_close(s);
	return rc;
}

int orcs_input_fingerprint(const orcs_input *in, char fp[96], orcs_error *err)
{
	unsigned char d[32];
	char hex[65];
	int rc = raw_pass(in, 65536, d, NULL, err);
	if (rc)
		return rc;
	hexify(d, hex);
	snprintf(fp, 96, "%lld:%s", (long long)in->size, hex);
	return ORCS_OK;
}

int orcs_input_sha256(const orcs_input *in, char hex[65], const atomic_int *stop,
		      orcs_error *err)
{
	unsigned char d[32];
	int rc = raw_pass(in, SIZE_MAX, d, stop, err);
	if (rc)
		return rc;
	hexify(d, hex);
	return ORCS_OK;
}
