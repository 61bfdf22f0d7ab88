/*
 * json.h - JSON output through YAJL's generator, with a few shorthands.
 *
 * orcs_json_new() returns a yajl_gen that writes to `f` as it goes (no
 * buffering of the whole document); free it with orcs_json_free(), which
 * also ends the output with a newline.  Strings must be UTF-8; invalid
 * bytes are repaired before they reach the generator.
 */
#ifndef ORCS_JSON_H
#define ORCS_JSON_H

#include <stdint.h>
#include <stdio.h>
#include <yajl/yajl_gen.h>

yajl_gen orcs_json_new(FILE *f, int pretty);
void orcs_json_free(yajl_gen g);

void orcs_json_str(yajl_gen g, const char *s);
void orcs_json_strn(yajl_gen g, const char *s, size_t len);
void orcs_json_int(yajl_gen g, int64_t v);
/* Writes a number, or null when !isfinite(v). */
void orcs_json_num(yajl_gen g, double v);
void orcs_json_null(yajl_gen g);
void orcs_json_bool(yajl_gen g, int v);

/* key + value in one call, inside a map */
void orcs_json_kstr(yajl_gen g, const char *key, const char *v); /* NULL -> null */
void orcs_json_kint(yajl_gen g, const char *key, int64_t v);
void orcs_json_knum(yajl_gen g, const char *key, double v);

#endif
