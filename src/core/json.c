#include "core/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"

static void print_cb(void *ctx, const char *s, size_t len)
{
	fwrite(s, 1, len, (FILE *)ctx);
}

yajl_gen orcs_json_new(FILE *f, int pretty)
{
	yajl_gen g = yajl_gen_alloc(NULL);
	if (!g)
		abort();
	yajl_gen_config(g, yajl_gen_print_callback, print_cb, (void *)f);
	yajl_gen_config(g, yajl_gen_validate_utf8, 1);
	if (pretty) {
		yajl_gen_config(g, yajl_gen_beautify, 1);
		yajl_gen_config(g, yajl_gen_indent_string, "  ");
	}
	return g;
}

void orcs_json_free(yajl_gen g)
{
	if (!g)
		return;
	yajl_gen_free(g);
}

void orcs_json_strn(yajl_gen g, const char *s, size_t len)
{
	if (orcs_utf8_valid(s, len)) {
		yajl_gen_string(g, (const unsigned char *)s, len);
	} else {
		orcs_buf b = ORCS_BUF_INIT;
		orcs_utf8_clean(&b, s, len);
		yajl_gen_string(g, (const unsigned char *)b.data, b.len);
		orcs_buf_release(&b);
	}
}

void orcs_json_str(yajl_gen g, const char *s)
{
	orcs_json_strn(g, s, strlen(s));
}

void orcs_json_int(yajl_gen g, int64_t v)
{
	yajl_gen_integer(g, (long long)v);
}

void orcs_json_num(yajl_gen g, double v)
{
	if (!isfinite(v)) {
		yajl_gen_null(g);
	} else if (v == (double)(long long)v && fabs(v) < 1e15) {
		yajl_gen_integer(g, (long long)v);
	} else {
		char tmp[40];
		int n = snprintf(tmp, sizeof(tmp), "%.10g", v);
		yajl_gen_number(g, tmp, (size_t)n);
	}
}

void orcs_json_null(yajl_gen g)
{
	yajl_gen_null(g);
}

void orcs_json_bool(yajl_gen g, int v)
{
	yajl_gen_bool(g, v);
}

void orcs_json_kstr(yajl_gen g, const char *key, const char *v)
{
	orcs_json_str(g, key);
	if (v)
		orcs_json_str(g, v);
	else
		yajl_gen_null(g);
}

void orcs_json_kint(yajl_gen g, const char *key, int64_t v)
{
	orcs_json_str(g, key);
	orcs_json_int(g, v);
}

void orcs_json_knum(yajl_gen g, const char *key, double v)
{
	orcs_json_str(g, key);
	orcs_json_num(g, v);
}
