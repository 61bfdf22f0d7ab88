/*
 * escape.h - the only way text reaches HTML, SVG or XML output.
 *
 * Every string that comes from data or from a request goes through
 * orcs_escape_html() (text and attribute values alike: it escapes
 * & < > " and ').  Invalid UTF-8 is repaired and control characters are
 * dropped, so the output is always well-formed.
 */
#ifndef ORCS_ESCAPE_H
#define ORCS_ESCAPE_H

#include <stddef.h>

#include "core/buf.h"

/* Appends `s` escaped for HTML/XML text or a quoted attribute value. */
void orcs_escape_html(orcs_buf *out, const char *s);
void orcs_escape_htmln(orcs_buf *out, const char *s, size_t len);

/* Appends a printf-formatted string, escaped. */
void orcs_escape_htmlf(orcs_buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
