/* source_stream.c - reading an input: plain file or zip member, gzip
 * undone on the fly, raw bytes hashed on demand (source.h). */
#include "ingest/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include "core/buf.h"
#include "core/sha256_stream.h"

#define RAWBUF 262144

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
