/* test_sha256s.c - the incremental SHA-256 gives libsodium's digests,
 * with and without the CPU's SHA extensions, however the input is cut. */
#include <stdio.h>
#include <string.h>

#include "core/sha256.h"
#include "core/sha256_stream.h"
#include "tests/unit/harness.h"

static void digest(const unsigned char *p, size_t n, size_t step, char hex[65])
{
	orcs_sha256s s;
	size_t off = 0;
	orcs_sha256s_init(&s);
	while (off < n) {
		size_t k = n - off < step ? n - off : step;
		orcs_sha256s_update(&s, p + off, k);
		off += k;
	}
	orcs_sha256s_final(&s, NULL, hex);
}

static void test_sha256s_matches_libsodium(void)
{
	static unsigned char data[5000];
	static const size_t lens[] = { 0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129,
				       1000, 4095, 4096, 5000 };
	static const size_t steps[] = { 1, 7, 63, 64, 65, 4096 };
	unsigned i, j, mode;
	uint32_t x = 12345;
	for (i = 0; i < sizeof(data); i++) {
		x = x * 1103515245u + 12345u;
		data[i] = (unsigned char)(x >> 16);
	}
	for (mode = 0; mode < 2; mode++) {
		orcs_sha256s_force_portable(mode == 1);
		for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
			char want[65], got[65];
			orcs_sha256_mem(data, lens[i], want);
			for (j = 0; j < sizeof(steps) / sizeof(steps[0]); j++) {
				digest(data, lens[i], steps[j], got);
				if (strcmp(want, got))
					printf("  mode %u len %zu step %zu\n", mode, lens[i], steps[j]);
				CHECK_STR(got, want);
			}
		}
	}
	orcs_sha256s_force_portable(0);
	{ /* the empty string */
		char hex[65];
		digest(data, 0, 1, hex);
		CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	}
}

void suite_sha256s(void)
{
	RUN(test_sha256s_matches_libsodium);
}
