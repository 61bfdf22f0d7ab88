/* fuzz_decp_json.c - the DECP JSON reader (YAJL callbacks, record trees,
 * lexical repair) and the normaliser never crash, leak or loop. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz/fuzz_decp_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_src s = { (const char *)data, size, 0 };
	orcs_decp_read_result res;
	orcs_error err = ORCS_ERROR_INIT;
	int rc;
	fuzz_setup();
	rc = orcs_decp_read(fuzz_read, &s, "fuzz.json", 0, fuzz_record, NULL, &res, &err);
	if (rc == ORCS_EINPUT && res.lexfix_may_help) {
		/* what the importer does next: the same bytes through the filter */
		s.pos = 0;
		orcs_decp_read(fuzz_read, &s, "fuzz.json", ORCS_DECP_LEXFIX, fuzz_record, NULL, &res,
			       &err);
	}
	return 0;
}
