#include "core/error.h"

#include <stdio.h>
#include <string.h>

int orcs_error_vset(orcs_error *err, int code, const char *fmt, va_list ap)
{
	if (err) {
		err->code = code;
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	}
	return code;
}

int orcs_error_set(orcs_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	orcs_error_vset(err, code, fmt, ap);
	va_end(ap);
	return code;
}

void orcs_error_clear(orcs_error *err)
{
	if (err) {
		err->code = ORCS_OK;
		err->msg[0] = '\0';
	}
}

const char *orcs_excerpt(const char *value, char *out, unsigned n)
{
	unsigned i = 0, max;
	if (!out || n == 0)
		return "";
	if (!value) {
		snprintf(out, n, "(vide)");
		return out;
	}
	max = n > 48 ? 40 : n - 1;
	for (; value[i] && i < max; i++) {
		unsigned char c = (unsigned char)value[i];
		out[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (value[i] && i + 4 < n) {
		/* do not cut a UTF-8 sequence in its middle */
		while (i > 0 && ((unsigned char)value[i] & 0xC0) == 0x80)
			i--;
		memcpy(out + i, "\xe2\x80\xa6", 3);
		i += 3;
	}
	out[i] = '\0';
	return out;
}
