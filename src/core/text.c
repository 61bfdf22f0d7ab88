#include "core/text.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

/* Decodes one UTF-8 sequence at s (n bytes left).  Invalid bytes decode as
 * their Latin-1 value with length 1, so that Windows-1252 text still folds
 * sensibly. */
static unsigned utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF && n >= 2 && (s[1] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF && n >= 3 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		uint32_t v = ((uint32_t)(c & 0x0F) << 12) |
			     ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
			*cp = v;
			return 3;
		}
	}
	if (c >= 0xF0 && c <= 0xF4 && n >= 4 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
		uint32_t v = ((uint32_t)(c & 0x07) << 18) |
			     ((uint32_t)(s[1] & 0x3F) << 12) |
			     ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		if (v >= 0x10000 && v <= 0x10FFFF) {
			*cp = v;
			return 4;
		}
	}
	*cp = c; /* Latin-1 fallback */
	return 0;
}

static void utf8_encode(orcs_buf *out, uint32_t cp)
{
	char b[4];
	if (cp < 0x80) {
		orcs_buf_addc(out, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		orcs_buf_add(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		orcs_buf_add(out, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		orcs_buf_add(out, b, 4);
	}
}

/* Base letters of U+00C0..U+00FF, lower case; '\0' = not a letter. */
static const char latin1_base[64] = {
	'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 0, 0,
	'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 0, 'y',
};

/* Returns the folded ASCII replacement of a code point, " " for separators,
 * or NULL to keep the code point as it is. */
static const char *fold_cp(uint32_t cp, char *tmp)
{
	if (cp < 0x80) {
		if (isalnum((int)cp)) {
			tmp[0] = (char)tolower((int)cp);
			tmp[1] = '\0';
			return tmp;
		}
		return " ";
	}
	if (cp == 0xC6 || cp == 0xE6)
		return "ae";
	if (cp == 0xDF)
		return "ss";
	if (cp == 0x152 || cp == 0x153)
		return "oe";
	if (cp >= 0xC0 && cp <= 0xFF && latin1_base[cp - 0xC0]) {
		tmp[0] = latin1_base[cp - 0xC0];
		tmp[1] = '\0';
		return tmp;
	}
	if (cp >= 0x100 && cp <= 0x17F) {
		/* Latin Extended-A: pairs upper/lower of mostly plain letters. */
		static const char ext_a[] =
			"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
			"lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
		unsigned i = cp - 0x100;
		if (i < sizeof(ext_a) - 1) {
			tmp[0] = ext_a[i];
			tmp[1] = '\0';
			return tmp;
		}
	}
	switch (cp) {
	case 0xA0: case 0xAB: case 0xBB: case 0xB7: case 0x2018: case 0x2019:
	case 0x201A: case 0x201C: case 0x201D: case 0x02BC: case 0x2010:
	case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x202F:
	case 0x2009: case 0x2026: case 0x00B4: case 0x0060:
		return " ";
	}
	return NULL;
}

void orcs_fold(orcs_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	int pending_space = 0, any = 0;
	char tmp[2];
	while (i < len) {
		uint32_t cp;
		unsigned n = utf8_decode(p + i, len - i, &cp);
		const char *rep = fold_cp(cp, tmp);
		i += n ? n : 1;
		if (rep && rep[0] == ' ') {
			pending_space = any;
			continue;
		}
		if (pending_space) {
			orcs_buf_addc(out, ' ');
			pending_space = 0;
		}
		if (rep)
			orcs_buf_adds(out, rep);
		else
			utf8_encode(out, cp);
		any = 1;
	}
}

static int is_space_at(const unsigned char *s, size_t n, unsigned *w)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n')) {
		*w = 1;
		return 1;
	}
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) {
		*w = 2;
		return 1;
	}
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xAF) {
		*w = 3;
		return 1;
	}
	return 0;
}

const char *orcs_trim(const char *s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = *len;
	unsigned w;
	while (n && is_space_at(p, n, &w)) {
		p += w;
		n -= w;
	}
	while (n) {
		if (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' ||
		    p[n - 1] == '\n')
			n--;
		else if (n >= 2 && p[n - 2] == 0xC2 && p[n - 1] == 0xA0)
			n -= 2;
		else if (n >= 3 && p[n - 3] == 0xE2 && p[n - 2] == 0x80 && p[n - 1] == 0xAF)
			n -= 3;
		else
			break;
	}
	*len = n;
	return (const char *)p;
}

int orcs_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		unsigned n;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(p + i, len - i, &cp);
		if (!n)
			return 0;
		i += n;
	}
	return 1;
}

size_t orcs_utf8_clean(orcs_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, fixed = 0;
	while (i < len) {
		uint32_t cp;
		unsigned n;
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			size_t j = i;
			while (j < len && p[j] >= 0x20 && p[j] < 0x7f)
				j++;
			orcs_buf_add(out, p + i, j - i);
			i = j;
			continue;
		}
		n = utf8_decode(p + i, len - i, &cp);
		if (!n) {
			/* Windows-1252 specials 0x80..0x9F map to punctuation; the
			 * rest of the high half is Latin-1. */
			static const uint16_t cp1252[32] = {
				0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
				0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
				0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
				0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
			};
			if (cp >= 0x80 && cp < 0xA0)
				cp = cp1252[cp - 0x80];
			if (cp)
				utf8_encode(out, cp);
			fixed++;
			i++;
			continue;
		}
		if (cp == '\t' || cp >= 0xA0 || (cp >= 0x20 && cp != 0x7f)) {
			if (cp < 0x80 || (cp >= 0xA0))
				orcs_buf_add(out, p + i, n);
			else
				fixed++; /* C1 control */
		} else {
			fixed++; /* C0 control or DEL */
		}
		i += n;
	}
	return fixed;
}

int orcs_parse_number(const char *s, size_t len, double *out)
{
	char tmp[64];
	size_t n = 0, i;
	const unsigned char *p;
	const char *last_comma = NULL, *last_dot = NULL;
	int digits = 0;
	char *end;
	double v;

	s = orcs_trim(s, &len);
	if (!len)
		return -1;
	p = (const unsigned char *)s;
	for (i = 0; i < len; i++) {
		if (s[i] == ',')
			last_comma = s + i;
		else if (s[i] == '.')
			last_dot = s + i;
	}
	for (i = 0; i < len && n < sizeof(tmp) - 1;) {
		unsigned w;
		unsigned char c = p[i];
		if (i > 0 && is_space_at(p + i, len - i, &w)) {
			i += w;
			continue;
		}
		if (isdigit(c)) {
			tmp[n++] = (char)c;
			digits++;
		} else if (c == ',' || c == '.') {
			const char *here = s + i;
			int is_decimal;
			if (last_comma && last_dot)
				is_decimal = here == (last_comma > last_dot ? last_comma : last_dot);
			else
				is_decimal = 1;
			if (is_decimal)
				tmp[n++] = '.';
		} else if ((c == '-' || c == '+') && (n == 0 || tmp[n - 1] == 'e')) {
			tmp[n++] = (char)c;
		} else if ((c == 'e' || c == 'E') && digits && n > 0 && tmp[n - 1] != 'e') {
			tmp[n++] = 'e';
		} else {
			return -1;
		}
		i++;
	}
	if (i < len || !digits)
		return -1;
	tmp[n] = '\0';
	v = strtod(tmp, &end);
	if (*end || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int orcs_parse_int(const char *s, size_t len, int64_t *out)
{
	int64_t v = 0;
	int neg = 0;
	size_t i = 0;
	s = orcs_trim(s, &len);
	if (!len)
		return -1;
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i = 1;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = neg ? -v : v;
	return 0;
}

void orcs_fmt_number(orcs_buf *out, double v, int decimals)
{
	char tmp[64];
	char *dot;
	size_t intlen, i, start = 0;
	if (!isfinite(v)) {
		orcs_buf_adds(out, "n.d.");
		return;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	snprintf(tmp, sizeof(tmp), "%.*f", decimals, v);
	if (tmp[0] == '-') {
		/* avoid "-0" */
		int allzero = 1;
		for (i = 1; tmp[i]; i++)
			if (tmp[i] != '0' && tmp[i] != '.')
				allzero = 0;
		if (allzero) {
			memmove(tmp, tmp + 1, strlen(tmp));
		} else {
			orcs_buf_addc(out, '-');
			start = 1;
		}
	}
	dot = strchr(tmp + start, '.');
	intlen = dot ? (size_t)(dot - (tmp + start)) : strlen(tmp + start);
	for (i = 0; i < intlen; i++) {
		if (i > 0 && (intlen - i) % 3 == 0)
			orcs_buf_adds(out, ORCS_NNBSP);
		orcs_buf_addc(out, tmp[start + i]);
	}
	if (dot) {
		orcs_buf_addc(out, ',');
		orcs_buf_adds(out, dot + 1);
	}
}

void orcs_fmt_percent(orcs_buf *out, double ratio, int decimals)
{
	if (!isfinite(ratio)) {
		orcs_buf_adds(out, "n.d.");
		return;
	}
	orcs_fmt_number(out, ratio * 100.0, decimals);
	orcs_buf_adds(out, ORCS_NBSP "%");
}
