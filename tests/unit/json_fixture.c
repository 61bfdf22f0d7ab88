/* json_fixture.c - see json_fixture.h. */
#include "tests/unit/json_fixture.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

yajl_val jf_load(const char *path)
{
	FILE *f = fopen(path, "rb");
	orcs_buf b = ORCS_BUF_INIT;
	char buf[65536], errbuf[256];
	size_t n;
	yajl_val v;
	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		orcs_buf_add(&b, buf, n);
	fclose(f);
	v = yajl_tree_parse(b.data, errbuf, sizeof(errbuf));
	orcs_buf_release(&b);
	return v;
}

yajl_val jf_member(yajl_val obj, const char *key)
{
	size_t i;
	if (!obj || !YAJL_IS_OBJECT(obj))
		return NULL;
	for (i = 0; i < obj->u.object.len; i++)
		if (!strcmp(obj->u.object.keys[i], key))
			return obj->u.object.values[i];
	return NULL;
}
