/* decp_values.c - tolerant reading of DECP scalar values: text, numbers,
 * booleans, enumerations, identifiers (dates: decp_dates.c; lists:
 * decp_items.c). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/ids.h"
#include "core/text.h"
#include "ingest/decp_internal.h"

const orcs_str decp_null = { NULL, 0 };

orcs_str decp_str(const char *s, size_t n)
{
	orcs_str r;
	r.s = s;
	r.n = (uint32_t)n;
	return r;
}

static int is_scalar(const orcs_dnode *v)
{
	return v && (v->type == DN_STR || v->type == DN_NUM || v->type == DN_BOOL);
}

int decp_null_text(const char *s, size_t n)
{
	static const char *const nulls[] = { "nc", "mq", "cdl", "null", "nan", "n/a", "na", "none" };
	char low[8];
	size_t i;
	if (n == 0)
		return 1;
	if (n >= sizeof(low))
		return 0;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[n] = '\0';
	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (!strcmp(low, nulls[i]))
			return 1;
	return 0;
}

/* U+FFFD: a character lost by an earlier conversion. */
static int has_fffd(const unsigned char *p, size_t n)
{
	size_t i;
	for (i = 0; i + 2 < n; i++)
		if (p[i] == 0xEF && p[i + 1] == 0xBF && p[i + 2] == 0xBD)
			return 1;
	return 0;
}

orcs_str decp_text(decp_norm *d, const orcs_dnode *v)
{
	const unsigned char *p;
	const char *s;
	size_t n, i;
	int ctl = 0, hi = 0, ws = 0;
	orcs_buf *b = &d->c->scratch;

	if (!is_scalar(v))
		return decp_null;
	n = v->len;
	s = orcs_trim(v->s, &n);
	if (!n)
		return decp_null;
	p = (const unsigned char *)s;
	/* fast path: 8 bytes at a time, plain printable ASCII */
	for (i = 0; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		if ((w & 0x8080808080808080ULL) ||
		    ((w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL) ||
		    (((w ^ 0x7F7F7F7F7F7F7F7FULL) - 0x0101010101010101ULL) &
		     ~(w ^ 0x7F7F7F7F7F7F7F7FULL) & 0x8080808080808080ULL))
			break;
	}
	for (; i < n; i++)
		if (p[i] < 0x20 || p[i] >= 0x7f)
			break;
	if (i == n)
		return decp_str(s, n);
	for (i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f) {
			if (p[i] == '\t' || p[i] == '\n' || p[i] == '\r')
				ws = 1;
			else
				ctl = 1;
		} else if (p[i] >= 0x80) {
			hi = 1;
		}
	}
	if (!ctl && !ws && !hi)
		return decp_str(s, n);
	if (!ctl && (!hi || orcs_utf8_valid(s, n))) {
		if (hi && has_fffd(p, n))
			orcs_decp_flag(d->r, d->a, ORCS_F_ENCODING_SUSPECT, NULL);
		if (!ws)
			return decp_str(s, n);
		/* line breaks and tabs inside a value: one space */
		{
			char *o = orcs_arena_alloc(d->a, n + 1);
			for (i = 0; i < n; i++)
				o[i] = (p[i] == '\t' || p[i] == '\n' || p[i] == '\r') ? ' ' : (char)p[i];
			o[n] = '\0';
			return decp_str(o, n);
		}
	}
	orcs_buf_reset(b);
	{
		orcs_buf tmp = ORCS_BUF_INIT;
		for (i = 0; i < n; i++)
			orcs_buf_addc(&tmp, (p[i] == '\t' || p[i] == '\n' || p[i] == '\r') ? ' ' : (char)p[i]);
		orcs_utf8_clean(b, tmp.data, tmp.len);
		orcs_buf_release(&tmp);
	}
	orcs_decp_flag(d->r, d->a, ORCS_F_ENCODING_REPAIRED, NULL);
	n = b->len;
	s = orcs_trim(b->data, &n);
	if (!n)
		return decp_null;
	return decp_str(orcs_arena_strndup(d->a, s, n), n);
}

const char *decp_excerpt(decp_norm *d, const char *s, size_t n)
{
	char tmp[64];
	size_t k = n < sizeof(tmp) - 1 ? n : sizeof(tmp) - 1;
	char out[80];
	memcpy(tmp, s, k);
	tmp[k] = '\0';
	orcs_excerpt(tmp, out, sizeof(out));
	return orcs_arena_strndup(d->a, out, strlen(out));
}

double decp_number(decp_norm *d, const orcs_dnode *v, const char *what)
{
	double x;
	const char *s;
	size_t n;
	if (!v || v->type == DN_NULL)
		return NAN;
	if (v->type == DN_NUM) {
		char *end;
		x = strtod(v->s, &end);
		if (*end || !isfinite(x)) {
			orcs_decp_flagf(d->r, d->a, ORCS_F_VALUE_INVALID, "%s « %s »", what,
					decp_excerpt(d, v->s, v->len));
			return NAN;
		}
		return x;
	}
	if (v->type != DN_STR) {
		orcs_decp_flagf(d->r, d->a, ORCS_F_VALUE_INVALID, "%s" ORCS_NBSP ": pas un nombre", what);
		return NAN;
	}
	n = v->len;
	s = orcs_trim(v->s, &n);
	if (decp_null_text(s, n))
		return NAN;
	if (orcs_parse_number(s, n, &x) != 0) {
		orcs_decp_flagf(d->r, d->a, ORCS_F_VALUE_INVALID, "%s « %s »", what, decp_excerpt(d, s, n));
		return NAN;
	}
	if (d->json || memchr(s, ',', n) || memchr(s, ' ', n) || memchr(s, 0xC2, n))
		orcs_decp_flagf(d->r, d->a, ORCS_F_TYPE_REPAIRED, "%s « %s »", what, decp_excerpt(d, s, n));
	return x;
}

int64_t decp_int(decp_norm *d, const orcs_dnode *v, const char *what, int64_t min)
{
	double x = decp_number(d, v, what);
	if (isnan(x))
		return -1;
	if (x != floor(x)) {
		orcs_decp_flagf(d->r, d->a, ORCS_F_TYPE_REPAIRED, "%s non entier (%g)", what, x);
		x = ceil(x);
	}
	if (x < (double)min || x > 9007199254740992.0) {
		orcs_decp_flagf(d->r, d->a, ORCS_F_VALUE_INVALID, "%s hors limites (%.0f)", what, x);
		return -1;
	}
	return (int64_t)x;
}

int decp_bool(decp_norm *d, const orcs_dnode *v, const char *what)
{
	static const struct {
		const char *s;
		int v;
	} words[] = { { "true", 1 }, { "false", 0 }, { "oui", 1 }, { "non", 0 }, { "1", 1 },
		      { "0", 0 },    { "vrai", 1 },  { "faux", 0 }, { "yes", 1 }, { "no", 0 } };
	const char *s;
	size_t n, i;
	if (!v || v->type == DN_NULL)
		return -1;
	if (v->type == DN_BOOL)
		return v->s[0] == 't';
	if (v->type == DN_NUM && (!strcmp(v->s, "0") || !strcmp(v->s, "1"))) {
		orcs_decp_flagf(d->r, d->a, ORCS_F_TYPE_REPAIRED, "%s « %s »", what, v->s);
		return v->s[0] == '1';
	}
	if (v->type == DN_STR) {
		n = v->len;
		s = orcs_trim(v->s, &n);
		if (decp_null_text(s, n))
			return -1;
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strlen(words[i].s) == n && !strncasecmp(words[i].s, s, n)) {
				/* XML spells booleans oui/non/true/false/0/1 (schema 2024) */
				if (d->json || i >= 6)
					orcs_decp_flagf(d->r, d->a, ORCS_F_TYPE_REPAIRED, "%s « %s »",
							what, decp_excerpt(d, s, n));
				return words[i].v;
			}
	}
	orcs_decp_flagf(d->r, d->a, ORCS_F_VALUE_INVALID, "%s" ORCS_NBSP ": pas un booléen", what);
	return -1;
}

/* ---- enumerations ------------------------------------------------------- */

orcs_str decp_enum(decp_norm *d, int en, const orcs_dnode *v, const char *what)
{
	orcs_str t = decp_text(d, v);
	const char *code;
	int alias;
	if (!t.s || decp_null_text(t.s, t.n))
		return decp_null;
	code = decp_enum_code(d->c, en, t.s, t.n, &alias);
	if (!code) {
		orcs_decp_flagf(d->r, d->a, ORCS_F_ENUM_UNKNOWN, "%s « %s »", what, decp_excerpt(d, t.s, t.n));
		return decp_str("UNKNOWN", 7);
	}
	if (alias)
		orcs_decp_flagf(d->r, d->a, en == E_TYPE_ID ? ORCS_F_TYPE_ID_REPAIRED : ORCS_F_ENUM_ALIAS,
				"%s « %s »", what, decp_excerpt(d, t.s, t.n));
	return decp_str(code, strlen(code));
}

uint32_t decp_enum_bit(const orcs_decp_ctx *c, int en, const char *code)
{
	int i;
	for (i = 0; i < c->nofficial[en] && i < 32; i++)
		if (!strcmp(c->official[en][i].code, code))
			return 1u << i;
	return 0;
}

uint32_t decp_enum_mask(decp_norm *d, int en, const orcs_dnode *v, const char *wrapper,
			const char *what, int *unknown, int *nvalues)
{
	const orcs_dnode **items;
	int n = decp_items(d, v, wrapper, 1, &items), i;
	uint32_t mask = 0;
	*unknown = 0;
	*nvalues = 0;
	for (i = 0; i < n; i++) {
		orcs_str t = decp_text(d, items[i]);
		const char *code;
		int alias;
		uint32_t bit;
		if (!t.s || decp_null_text(t.s, t.n))
			continue;
		code = decp_enum_lookup(d->c, en, t.s, t.n, &alias, &bit);
		if (!code && (memchr(t.s, ';', t.n) || memchr(t.s, ',', t.n))) {
			/* values joined in one string (tabular sources) */
			const char *p = t.s, *end = t.s + t.n;
			orcs_decp_flagf(d->r, d->a, ORCS_F_STRUCT_REPAIRED, "%s" ORCS_NBSP ": valeurs jointes",
					what);
			while (p < end) {
				const char *q = p;
				size_t k;
				while (q < end && *q != ';' && *q != ',')
					q++;
				k = (size_t)(q - p);
				p = orcs_trim(p, &k);
				if (k && !decp_null_text(p, k)) {
					code = decp_enum_code(d->c, en, p, k, &alias);
					(*nvalues)++;
					if (!code) {
						orcs_decp_flagf(d->r, d->a, ORCS_F_ENUM_UNKNOWN, "%s « %s »",
								what, decp_excerpt(d, p, k));
						(*unknown)++;
					} else {
						if (alias)
							orcs_decp_flagf(d->r, d->a, ORCS_F_ENUM_ALIAS,
									"%s « %s »", what,
									decp_excerpt(d, p, k));
						mask |= decp_enum_bit(d->c, en, code);
					}
				}
				p = q + 1;
			}
			continue;
		}
		(*nvalues)++;
		if (!code) {
			orcs_decp_flagf(d->r, d->a, ORCS_F_ENUM_UNKNOWN, "%s « %s »", what,
					decp_excerpt(d, t.s, t.n));
			(*unknown)++;
			continue;
		}
		if (alias)
			orcs_decp_flagf(d->r, d->a, ORCS_F_ENUM_ALIAS, "%s « %s »", what,
					decp_excerpt(d, t.s, t.n));
		mask |= bit;
	}
	return mask;
}

orcs_str decp_mask_join(decp_norm *d, int en, uint32_t mask, int unknown)
{
	char buf[512];
	size_t k = 0;
	int i;
	for (i = 0; i < d->c->nofficial[en] && i < 32; i++)
		if (mask & (1u << i)) {
			size_t l = strlen(d->c->official[en][i].code);
			if (k + l + 2 >= sizeof(buf))
				break;
			if (k)
				buf[k++] = '|';
			memcpy(buf + k, d->c->official[en][i].code, l);
			k += l;
		}
	if (unknown && k + 9 < sizeof(buf)) {
		if (k)
			buf[k++] = '|';
		memcpy(buf + k, "UNKNOWN", 7);
		k += 7;
	}
	if (!k)
		return decp_null;
	return decp_str(orcs_arena_strndup(d->a, buf, k), k);
}

/* ---- identifiers -------------------------------------------------------- */

orcs_str decp_ident(decp_norm *d, const orcs_dnode *v, int *changed)
{
	orcs_str t;
	orcs_buf *b = &d->c->scratch;
	*changed = 0;
	if (!is_scalar(v))
		return decp_null;
	t = decp_text(d, v);
	if (!t.s || decp_null_text(t.s, t.n))
		return decp_null;
	if (t.n == 14 && v->type == DN_STR) {
		uint32_t k;
		for (k = 0; k < 14 && t.s[k] >= '0' && t.s[k] <= '9'; k++)
			;
		if (k == 14)
			return t; /* the common case: a clean SIRET */
	}
	orcs_buf_reset(b);
	if (orcs_siret_clean(b, t.s, t.n))
		*changed = 1;
	if (v->type == DN_NUM)
		*changed = 1;
	if (!b->len)
		return decp_null;
	if (!*changed && b->len == t.n)
		return t;
	return decp_str(orcs_arena_strndup(d->a, b->data, b->len), b->len);
}

int decp_siret_ok(orcs_str s)
{
	if (!s.s || orcs_siret_check(s.s, s.n) != ORCS_SIRET_VALID)
		return 0;
	return memcmp(s.s, "00000000000000", 14) != 0;
}

