#include "core/ids.h"

#include <ctype.h>
#include <string.h>

int orcs_luhn_ok(const char *s, size_t n)
{
	unsigned sum = 0;
	size_t i;
	for (i = 0; i < n; i++) {
		unsigned d;
		if (!isdigit((unsigned char)s[n - 1 - i]))
			return 0;
		d = (unsigned)(s[n - 1 - i] - '0');
		if (i % 2 == 1) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return n > 0 && sum % 10 == 0;
}

static int all_digits(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

enum orcs_siret_status orcs_siret_check(const char *s, size_t n)
{
	if (n != 14 || !all_digits(s, n))
		return ORCS_SIRET_MALFORMED;
	if (memcmp(s, "356000000", 9) == 0) {
		unsigned sum = 0;
		size_t i;
		for (i = 0; i < n; i++)
			sum += (unsigned)(s[i] - '0');
		return sum % 5 == 0 ? ORCS_SIRET_VALID : ORCS_SIRET_LUHN;
	}
	if (!orcs_luhn_ok(s, 9) || !orcs_luhn_ok(s, 14))
		return ORCS_SIRET_LUHN;
	return ORCS_SIRET_VALID;
}

int orcs_siren_ok(const char *s, size_t n)
{
	if (n != 9 || !all_digits(s, n))
		return 0;
	return memcmp(s, "356000000", 9) == 0 || orcs_luhn_ok(s, 9);
}

int orcs_siret_clean(orcs_buf *out, const char *s, size_t n)
{
	size_t start = out->len, i, kept = 0;
	int changed = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '.' || c == '-') {
			changed = 1;
			continue;
		}
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
			i++;
			changed = 1;
			continue;
		}
		if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0xAF) {
			i += 2;
			changed = 1;
			continue;
		}
		orcs_buf_addc(out, (char)c);
		kept++;
	}
	if (kept == 13 && all_digits(out->data + start, 13)) {
		orcs_buf_truncate(out, start);
		orcs_buf_addc(out, '0');
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			if (isdigit(c))
				orcs_buf_addc(out, (char)c);
		}
		changed = 1;
	}
	return changed;
}
