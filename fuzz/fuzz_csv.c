/* fuzz_csv.c - the streaming CSV reader never crashes, leaks or loops. */
#include <stddef.h>
#include <stdint.h>

#include "core/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	orcs_csv *c = orcs_csv_new_mem((const char *)data, size, "fuzz.csv", 0);
	orcs_error err = ORCS_ERROR_INIT;
	size_t total = 0, i, n;
	while (orcs_csv_next(c, &err) == 1) {
		for (i = 0; i < orcs_csv_nfields(c); i++) {
			orcs_csv_field(c, i, &n);
			total += n;
		}
		if (total > size * 2 + 16)
			__builtin_trap(); /* a record cannot hold more than the input */
	}
	orcs_csv_free(c);
	return 0;
}
