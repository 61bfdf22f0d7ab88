/* fuzz_decp_xml.c - the DECP XML reader (xmlTextReader, record trees) and
 * the normaliser never crash, leak or loop, whatever the bytes. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz/fuzz_decp_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long no_more(void *c, char *buf, size_t n)
{
	(void)c;
	(void)buf;
	(void)n;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	orcs_decp_read_result res;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_decp_in in;
	fuzz_setup();
	/* straight into the XML reader, whatever the first byte */
	memset(&res, 0, sizeof(res));
	in.read = no_more;
	in.ctx = NULL;
	in.head = (const char *)data;
	in.headlen = size;
	in.base = 0;
	in.name = "fuzz.xml";
	orcs_decp_read_xml(&in, fuzz_record, NULL, &res, &err);
	return 0;
}
