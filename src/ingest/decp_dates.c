/* decp_dates.c - dates as the producers write them: ISO with or without a
 * time zone, unpadded, with a time, DD/MM/YYYY, or spelled out in English or
 * French ("September, 16 2021 00:00:00", "16 septembre 2021"). */
#include <ctype.h>
#include <string.h>

#include "core/text.h"
#include "ingest/decp_internal.h"

/* ---- dates -------------------------------------------------------------- */

static int days_in(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int month_name(const char *s, size_t n)
{
	static const char *const names[][3] = {
		{ "january", "janvier", "jan" },   { "february", "fevrier", "feb" },
		{ "march", "mars", "mar" },        { "april", "avril", "apr" },
		{ "may", "mai", "may" },           { "june", "juin", "jun" },
		{ "july", "juillet", "jul" },      { "august", "aout", "aug" },
		{ "september", "septembre", "sep" }, { "october", "octobre", "oct" },
		{ "november", "novembre", "nov" }, { "december", "decembre", "dec" },
	};
	orcs_buf f = ORCS_BUF_INIT;
	int m, k, found = 0;
	orcs_fold(&f, s, n);
	for (m = 0; m < 12 && !found; m++)
		for (k = 0; k < 3; k++)
			if (!strcmp(f.data, names[m][k])) {
				found = m + 1;
				break;
			}
	orcs_buf_release(&f);
	return found;
}

/* Reads digits; returns how many. */
static int digits(const char *s, size_t n, size_t *i, int *out)
{
	int k = 0, v = 0;
	while (*i < n && isdigit((unsigned char)s[*i]) && k < 9) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	*out = v;
	return k;
}

/* Time and zone suffix after a date: [T| ]hh:mm[:ss[.fff]] then Z or ±hh:mm. */
static int time_zone(const char *s, size_t n, size_t i, int *has_time)
{
	int v;
	*has_time = 0;
	if (i < n && (s[i] == 'T' || s[i] == ' ')) {
		i++;
		if (digits(s, n, &i, &v) != 2 || i >= n || s[i] != ':')
			return 0;
		i++;
		if (digits(s, n, &i, &v) != 2)
			return 0;
		if (i < n && s[i] == ':') {
			i++;
			if (digits(s, n, &i, &v) != 2)
				return 0;
			if (i < n && s[i] == '.') {
				i++;
				if (!digits(s, n, &i, &v))
					return 0;
			}
		}
		*has_time = 1;
	}
	if (i < n && s[i] == 'Z')
		i++;
	else if (i < n && (s[i] == '+' || s[i] == '-')) {
		i++;
		if (digits(s, n, &i, &v) != 2)
			return 0;
		if (i < n && s[i] == ':') {
			i++;
			if (digits(s, n, &i, &v) != 2)
				return 0;
		}
	}
	return i == n;
}

/* Parses y, m, d from text; *repaired when not YYYY-MM-DD(+zone). */
static int parse_date(const char *s, size_t n, int *y, int *m, int *dd, int *repaired)
{
	size_t i = 0;
	int a, b, c, na, nb, nc, has_time;
	*repaired = 0;
	na = digits(s, n, &i, &a);
	if (na == 4 && i < n && (s[i] == '-' || s[i] == '/')) {
		char sep = s[i++];
		nb = digits(s, n, &i, &b);
		if (!nb || nb > 2 || i >= n || s[i] != sep)
			return 0;
		i++;
		nc = digits(s, n, &i, &c);
		if (!nc || nc > 2 || !time_zone(s, n, i, &has_time))
			return 0;
		*y = a, *m = b, *dd = c;
		*repaired = nb != 2 || nc != 2 || sep != '-' || has_time;
		return 1;
	}
	if (na >= 1 && na <= 2 && i < n && (s[i] == '/' || s[i] == '-' || s[i] == '.')) {
		char sep = s[i++];
		nb = digits(s, n, &i, &b);
		if (!nb || nb > 2 || i >= n || s[i] != sep)
			return 0;
		i++;
		nc = digits(s, n, &i, &c);
		if (nc != 4 || !time_zone(s, n, i, &has_time))
			return 0;
		*y = c, *m = b, *dd = a;
		*repaired = 1;
		return 1;
	}
	/* textual: "September, 16 2021 00:00:00", "16 septembre 2021" */
	{
		size_t j = 0, start;
		int nums[3], nn = 0, mon = 0;
		while (j < n && nn < 3) {
			if (isdigit((unsigned char)s[j])) {
				int v, k = digits(s, n, &j, &v);
				if (k > 4)
					return 0;
				nums[nn++] = v;
				if (j < n && s[j] == ':')
					break; /* a time starts */
			} else if (isalpha((unsigned char)s[j]) || ((unsigned char)s[j] & 0x80)) {
				start = j;
				while (j < n && (isalpha((unsigned char)s[j]) || ((unsigned char)s[j] & 0x80)))
					j++;
				if (!mon)
					mon = month_name(s + start, j - start);
				if (!mon)
					return 0;
			} else {
				j++;
			}
		}
		if (!mon || nn < 2)
			return 0;
		if (nums[0] >= 1000 && nn >= 2) {
			*y = nums[0], *dd = nums[1];
		} else {
			*dd = nums[0], *y = nums[1];
		}
		*m = mon;
		*repaired = 1;
		return 1;
	}
}

orcs_str decp_date(decp_norm *d, const orcs_dnode *v, const char *what)
{
	const char *s;
	size_t n;
	int y, m, dd, repaired;
	char *o;
	if (!v || v->type == DN_NULL)
		return decp_null;
	if (v->type != DN_STR) {
		if (v->type == DN_MAP || v->type == DN_ARR || v->type == DN_BOOL || v->len)
			orcs_decp_flagf(d->r, d->a, ORCS_F_DATE_INVALID, "%s" ORCS_NBSP ": pas une date",
					what);
		return decp_null;
	}
	n = v->len;
	s = orcs_trim(v->s, &n);
	if (decp_null_text(s, n))
		return decp_null;
	if (!parse_date(s, n, &y, &m, &dd, &repaired) || m < 1 || m > 12 || dd < 1 ||
	    y < 2000 || y > 9999 || dd > days_in(y, m) || y * 10000 + m * 100 + dd > d->c->today_ymd) {
		orcs_decp_flagf(d->r, d->a, ORCS_F_DATE_INVALID, "%s « %s »", what, decp_excerpt(d, s, n));
		return decp_null;
	}
	if (repaired)
		orcs_decp_flagf(d->r, d->a, ORCS_F_DATE_REPAIRED, "%s « %s »", what, decp_excerpt(d, s, n));
	o = orcs_arena_alloc(d->a, 11);
	o[0] = (char)('0' + y / 1000);
	o[1] = (char)('0' + y / 100 % 10);
	o[2] = (char)('0' + y / 10 % 10);
	o[3] = (char)('0' + y % 10);
	o[4] = '-';
	o[5] = (char)('0' + m / 10);
	o[6] = (char)('0' + m % 10);
	o[7] = '-';
	o[8] = (char)('0' + dd / 10);
	o[9] = (char)('0' + dd % 10);
	o[10] = '\0';
	return decp_str(o, 10);
}

int decp_date_ymd(orcs_str s)
{
	const char *p = s.s;
	if (!p || s.n != 10)
		return 0;
	return ((p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0')) * 10000 +
	       ((p[5] - '0') * 10 + (p[6] - '0')) * 100 + (p[8] - '0') * 10 + (p[9] - '0');
}

