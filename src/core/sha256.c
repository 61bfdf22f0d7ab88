#include "core/sha256.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void to_hex(const unsigned char *d, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	int i;
	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
}

int orcs_sha256_file(const char *path, char hex[65], long long *bytes, orcs_error *err)
{
	crypto_hash_sha256_state st;
	unsigned char d[32], buf[65536];
	size_t n;
	long long total = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", path, strerror(errno));
	crypto_hash_sha256_init(&st);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		crypto_hash_sha256_update(&st, buf, n);
		total += (long long)n;
	}
	if (ferror(f)) {
		fclose(f);
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": erreur de lecture", path);
	}
	fclose(f);
	crypto_hash_sha256_final(&st, d);
	to_hex(d, hex);
	if (bytes)
		*bytes = total;
	return ORCS_OK;
}

void orcs_sha256_mem(const void *data, size_t len, char hex[65])
{
	unsigned char d[32];
	crypto_hash_sha256(d, data, len);
	to_hex(d, hex);
}
