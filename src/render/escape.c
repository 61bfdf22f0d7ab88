#include "render/escape.h"

#include <stdarg.h>
#include <string.h>

#include "core/text.h"

void orcs_escape_htmln(orcs_buf *out, const char *s, size_t len)
{
	orcs_buf clean = ORCS_BUF_INIT;
	size_t i, start = 0;
	if (!s)
		return;
	if (!orcs_utf8_valid(s, len) || memchr(s, '\0', len)) {
		orcs_utf8_clean(&clean, s, len);
		s = clean.data;
		len = clean.len;
	}
	for (i = 0; i < len; i++) {
		const char *rep = NULL;
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if (c < 0x20 && c != '\n' && c != '\t')
				rep = ""; /* controls are not allowed in XML 1.0 */
		}
		if (rep) {
			orcs_buf_add(out, s + start, i - start);
			orcs_buf_adds(out, rep);
			start = i + 1;
		}
	}
	orcs_buf_add(out, s + start, len - start);
	orcs_buf_release(&clean);
}

void orcs_escape_html(orcs_buf *out, const char *s)
{
	if (s)
		orcs_escape_htmln(out, s, strlen(s));
}

void orcs_escape_htmlf(orcs_buf *out, const char *fmt, ...)
{
	orcs_buf tmp = ORCS_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	orcs_buf_vaddf(&tmp, fmt, ap);
	va_end(ap);
	orcs_escape_htmln(out, tmp.data, tmp.len);
	orcs_buf_release(&tmp);
}
