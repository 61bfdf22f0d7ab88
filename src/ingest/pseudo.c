#include "ingest/pseudo.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sha256_stream.h"

static const char hexd[] = "0123456789abcdef";

void orcs_key_default_path(orcs_buf *out, const char *db_path)
{
	orcs_buf_addf(out, "%s.key", db_path);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int orcs_key_read(const char *path, unsigned char key[ORCS_KEY_BYTES], orcs_error *err)
{
	unsigned char buf[256];
	size_t n, i, start = 0, end;
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT)
			return orcs_error_set(err, ORCS_EIO,
					      "clé de pseudonymisation introuvable (%s)" ORCS_NBSP
					      ": lancez « orcs init » pour la créer ou indiquez-la avec --key",
					      path);
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", path, strerror(errno));
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (n == ORCS_KEY_BYTES) {
		memcpy(key, buf, ORCS_KEY_BYTES);
		sodium_memzero(buf, sizeof(buf));
		return ORCS_OK;
	}
	end = n;
	while (start < end && (buf[start] == ' ' || buf[start] == '\n' || buf[start] == '\r' ||
			       buf[start] == '\t'))
		start++;
	while (end > start && (buf[end - 1] == ' ' || buf[end - 1] == '\n' || buf[end - 1] == '\r' ||
			       buf[end - 1] == '\t'))
		end--;
	if (end - start != 2 * ORCS_KEY_BYTES) {
		sodium_memzero(buf, sizeof(buf));
		return orcs_error_set(err, ORCS_EIO,
				      "%s" ORCS_NBSP ": clé de pseudonymisation invalide (64 chiffres "
				      "hexadécimaux attendus)",
				      path);
	}
	for (i = 0; i < ORCS_KEY_BYTES; i++) {
		int hi = hexval(buf[start + 2 * i]), lo = hexval(buf[start + 2 * i + 1]);
		if (hi < 0 || lo < 0) {
			sodium_memzero(buf, sizeof(buf));
			return orcs_error_set(err, ORCS_EIO,
					      "%s" ORCS_NBSP ": clé de pseudonymisation invalide "
					      "(caractère non hexadécimal)",
					      path);
		}
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	sodium_memzero(buf, sizeof(buf));
	return ORCS_OK;
}

int orcs_key_ensure(const char *path, int *created, orcs_error *err)
{
	unsigned char key[ORCS_KEY_BYTES];
	char text[2 * ORCS_KEY_BYTES + 1];
	int fd, i;
	ssize_t w;
	if (created)
		*created = 0;
	if (sodium_init() < 0)
		return orcs_error_set(err, ORCS_EIO, "libsodium indisponible");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		if (errno == EEXIST) {
			int rc = orcs_key_read(path, key, err);
			sodium_memzero(key, sizeof(key));
			return rc;
		}
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", path, strerror(errno));
	}
	randombytes_buf(key, sizeof(key));
	for (i = 0; i < ORCS_KEY_BYTES; i++) {
		text[2 * i] = hexd[key[i] >> 4];
		text[2 * i + 1] = hexd[key[i] & 15];
	}
	text[2 * ORCS_KEY_BYTES] = '\n';
	w = write(fd, text, sizeof(text));
	sodium_memzero(key, sizeof(key));
	sodium_memzero(text, sizeof(text));
	if (w != (ssize_t)sizeof(text) || fsync(fd) != 0) {
		int e = errno;
		close(fd);
		unlink(path);
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", path, strerror(e));
	}
	/* the umask may have removed bits, never added: enforce 0600 anyway */
	fchmod(fd, 0600);
	close(fd);
	if (created)
		*created = 1;
	return ORCS_OK;
}

void orcs_pseudo_id(const unsigned char key[ORCS_KEY_BYTES], const char *facilitator,
		    const char *id, size_t len, char hex[65])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	static const unsigned char sep = 0x1F;
	int i;
	crypto_auth_hmacsha256_init(&st, key, ORCS_KEY_BYTES);
	if (facilitator && *facilitator)
		crypto_auth_hmacsha256_update(&st, (const unsigned char *)facilitator,
					      strlen(facilitator));
	crypto_auth_hmacsha256_update(&st, &sep, 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)id, len);
	crypto_auth_hmacsha256_final(&st, mac);
	for (i = 0; i < 32; i++) {
		hex[2 * i] = hexd[mac[i] >> 4];
		hex[2 * i + 1] = hexd[mac[i] & 15];
	}
	hex[64] = '\0';
}

/* The keyed context is HMAC-SHA-256 (RFC 2104) on core/sha256_stream.h,
 * which uses the CPU's SHA extensions when present: the inner hash after
 * (key ^ ipad) ‖ facilitator ‖ 0x1F and the outer hash after (key ^ opad),
 * copied for every id.  orcs_pseudo_id() above computes the same digest with
 * libsodium's HMAC (tests/unit/test_clauses.c compares them). */
typedef struct pseudo_state {
	orcs_sha256s inner, outer;
} pseudo_state;

_Static_assert(sizeof(pseudo_state) <= sizeof(((orcs_pseudo *)0)->state),
	       "orcs_pseudo too small for the HMAC state");

void orcs_pseudo_init(orcs_pseudo *p, const unsigned char key[ORCS_KEY_BYTES],
		      const char *facilitator)
{
	pseudo_state st;
	unsigned char pad[64];
	static const unsigned char sep = 0x1F;
	int i;
	for (i = 0; i < 64; i++)
		pad[i] = (unsigned char)((i < ORCS_KEY_BYTES ? key[i] : 0) ^ 0x36);
	orcs_sha256s_init(&st.inner);
	orcs_sha256s_update(&st.inner, pad, sizeof(pad));
	if (facilitator && *facilitator)
		orcs_sha256s_update(&st.inner, facilitator, strlen(facilitator));
	orcs_sha256s_update(&st.inner, &sep, 1);
	for (i = 0; i < 64; i++)
		pad[i] = (unsigned char)((i < ORCS_KEY_BYTES ? key[i] : 0) ^ 0x5c);
	orcs_sha256s_init(&st.outer);
	orcs_sha256s_update(&st.outer, pad, sizeof(pad));
	memcpy(p->state, &st, sizeof(st));
	sodium_memzero(&st, sizeof(st));
	sodium_memzero(pad, sizeof(pad));
}

void orcs_pseudo_digest(const orcs_pseudo *p, const char *id, size_t len, unsigned char out[32])
{
	pseudo_state st;
	unsigned char in[32];
	memcpy(&st, p->state, sizeof(st));
	orcs_sha256s_update(&st.inner, id, len);
	orcs_sha256s_final(&st.inner, in, NULL);
	orcs_sha256s_update(&st.outer, in, sizeof(in));
	orcs_sha256s_final(&st.outer, out, NULL);
}

void orcs_pseudo_hex(const unsigned char d[32], char hex[65])
{
	int i;
	for (i = 0; i < 32; i++) {
		hex[2 * i] = hexd[d[i] >> 4];
		hex[2 * i + 1] = hexd[d[i] & 15];
	}
	hex[64] = '\0';
}

void orcs_pseudo_hash(const orcs_pseudo *p, const char *id, size_t len, char hex[65])
{
	unsigned char mac[32];
	orcs_pseudo_digest(p, id, len, mac);
	orcs_pseudo_hex(mac, hex);
}

void orcs_pseudo_wipe(orcs_pseudo *p)
{
	sodium_memzero(p, sizeof(*p));
}
