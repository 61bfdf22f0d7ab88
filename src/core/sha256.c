#include "core/sha256.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/sha256_stream.h"

int orcs_sha256_file(const char *path, char hex[65], long long *bytes, orcs_error *err)
{
	orcs_sha256s st; /* SHA extensions when the CPU has them */
	unsigned char buf[65536];
	size_t n;
	long long total = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", path, strerror(errno));
	orcs_sha256s_init(&st);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		orcs_sha256s_update(&st, buf, n);
		total += (long long)n;
	}
	if (ferror(f)) {
		fclose(f);
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": erreur de lecture", path);
	}
	fclose(f);
	orcs_sha256s_final(&st, NULL, hex);
	if (bytes)
		*bytes = total;
	return ORCS_OK;
}

void orcs_sha256_mem(const void *data, size_t len, char hex[65])
{
	orcs_sha256s st;
	orcs_sha256s_init(&st);
	orcs_sha256s_update(&st, data, len);
	orcs_sha256s_final(&st, NULL, hex);
}
