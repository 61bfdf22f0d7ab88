#include "ingest/mapping.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "ingest/strmap.h"

struct orcs_mapping {
	char *path;
	orcs_mapping_entry *e;
	size_t n, a;
	orcs_strmap *values;   /* "table\x1fcol\x1ffolded" -> code ("*" = any table) */
	orcs_strmap *valcols;  /* "table\x1fcol" present */
	orcs_buf tmp;          /* scratch (lookups are not thread-safe) */
	char multi_sep;
};

orcs_mapping *orcs_mapping_new(void)
{
	orcs_mapping *m = orcs_xcalloc(1, sizeof(*m));
	m->values = orcs_strmap_new(16);
	m->valcols = orcs_strmap_new(16);
	orcs_buf_init(&m->tmp);
	m->multi_sep = '|';
	return m;
}

void orcs_mapping_free(orcs_mapping *m)
{
	size_t i;
	if (!m)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->e[i].table);
		free(m->e[i].key);
		free(m->e[i].from);
		free(m->e[i].value);
	}
	free(m->e);
	orcs_strmap_free(m->values);
	orcs_strmap_free(m->valcols);
	orcs_buf_release(&m->tmp);
	free(m->path);
	free(m);
}

static orcs_mapping_entry *add(orcs_mapping *m, int kind, int line)
{
	orcs_mapping_entry *e;
	if (m->n == m->a) {
		m->a = m->a ? 2 * m->a : 32;
		m->e = orcs_xrealloc(m->e, m->a * sizeof(*m->e));
	}
	e = &m->e[m->n++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->line = line;
	return e;
}

static char *trimdup(const char *s, size_t n)
{
	s = orcs_trim(s, &n);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	return orcs_xstrndup(s, n);
}

/* Parses `"text ""quoted"""` or a bare value running up to the last '='.
 * Returns the position after the value, or NULL on a syntax error. */
static const char *parse_from(const char *p, const char *end, orcs_buf *out)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p == '"') {
		p++;
		for (;;) {
			if (p >= end)
				return NULL;
			if (*p == '"') {
				if (p + 1 < end && p[1] == '"') {
					orcs_buf_addc(out, '"');
					p += 2;
					continue;
				}
				return p + 1;
			}
			orcs_buf_addc(out, *p++);
		}
	} else {
		const char *eq = NULL, *q;
		size_t n;
		for (q = p; q < end; q++)
			if (*q == '=')
				eq = q;
		if (!eq)
			return NULL;
		n = (size_t)(eq - p);
		q = orcs_trim(p, &n);
		orcs_buf_add(out, q, n);
		return eq;
	}
}

static void key_of(orcs_buf *k, const char *table, const char *col)
{
	orcs_buf_reset(k);
	orcs_buf_adds(k, table ? table : "*");
	orcs_buf_addc(k, '\x1f');
	orcs_buf_adds(k, col);
}

int orcs_mapping_parse(const char *text, size_t len, const char *name, orcs_mapping **out,
		       orcs_error *err)
{
	orcs_mapping *m = orcs_mapping_new();
	orcs_buf section = ORCS_BUF_INIT, from = ORCS_BUF_INIT, key = ORCS_BUF_INIT;
	const char *p = text, *end = text + len;
	int line = 0, rc = ORCS_OK;

	*out = NULL;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < end && rc == ORCS_OK) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *s;
		size_t n = (size_t)(le - p);
		line++;
		s = orcs_trim(p, &n);
		p = nl ? nl + 1 : end;
		if (!n || s[0] == '#' || s[0] == ';')
			continue;
		if (!orcs_utf8_valid(s, n)) {
			rc = orcs_error_set(err, ORCS_EUSAGE, "%s:%d" ORCS_NBSP ": texte non UTF-8", name, line);
			break;
		}
		if (s[0] == '[') {
			if (s[n - 1] != ']') {
				rc = orcs_error_set(err, ORCS_EUSAGE,
						    "%s:%d" ORCS_NBSP ": section mal fermée (« ] » attendu)",
						    name, line);
				break;
			}
			orcs_buf_reset(&section);
			orcs_fold(&section, s + 1, n - 2);
			/* folding turns '_' and '.' into spaces: keep table names readable */
			{
				size_t i;
				for (i = 0; i < section.len; i++)
					if (section.data[i] == ' ')
						section.data[i] = '_';
			}
			continue;
		}
		if (!section.len) {
			rc = orcs_error_set(err, ORCS_EUSAGE,
					    "%s:%d" ORCS_NBSP ": ligne hors section ([source], [tables], "
					    "[valeurs] ou [TABLE])",
					    name, line);
			break;
		}
		if (!strcmp(section.data, "valeurs")) {
			/* [table.]column: "raw" = code */
			const char *colon = memchr(s, ':', n), *after;
			const char *lend = s + n, *dot;
			orcs_mapping_entry *e;
			char *col;
			if (!colon) {
				rc = orcs_error_set(err, ORCS_EUSAGE,
						    "%s:%d" ORCS_NBSP ": « colonne: \"valeur source\" = CODE » "
						    "attendu",
						    name, line);
				break;
			}
			orcs_buf_reset(&from);
			after = parse_from(colon + 1, lend, &from);
			while (after && after < lend && (*after == ' ' || *after == '\t'))
				after++;
			if (!after || after >= lend || *after != '=') {
				rc = orcs_error_set(err, ORCS_EUSAGE,
						    "%s:%d" ORCS_NBSP ": « colonne: \"valeur source\" = CODE » "
						    "attendu",
						    name, line);
				break;
			}
			e = add(m, ORCS_MAP_VALUE, line);
			col = trimdup(s, (size_t)(colon - s));
			dot = strchr(col, '.');
			if (dot) {
				e->table = orcs_xstrndup(col, (size_t)(dot - col));
				e->key = orcs_xstrdup(dot + 1);
				free(col);
			} else {
				e->key = col;
			}
			e->from = orcs_xstrdup(from.data);
			e->value = trimdup(after + 1, (size_t)(lend - after - 1));
			if (!*e->key || !*e->value) {
				rc = orcs_error_set(err, ORCS_EUSAGE,
						    "%s:%d" ORCS_NBSP ": colonne ou code vide", name, line);
				break;
			}
			key_of(&key, e->table, e->key);
			orcs_strmap_put(m->valcols, key.data, key.len, NULL, 1);
			orcs_buf_addc(&key, '\x1f');
			orcs_fold(&key, e->from, strlen(e->from));
			orcs_strmap_put(m->values, key.data, key.len, e->value, line);
			continue;
		}
		{
			const char *eq = memchr(s, '=', n);
			orcs_mapping_entry *e;
			int kind;
			if (!eq) {
				rc = orcs_error_set(err, ORCS_EUSAGE,
						    "%s:%d" ORCS_NBSP ": « clé = valeur » attendu", name, line);
				break;
			}
			if (!strcmp(section.data, "source"))
				kind = ORCS_MAP_SOURCE;
			else if (!strcmp(section.data, "tables"))
				kind = ORCS_MAP_TABLE;
			else
				kind = ORCS_MAP_COLUMN;
			e = add(m, kind, line);
			e->key = trimdup(s, (size_t)(eq - s));
			e->value = trimdup(eq + 1, (size_t)(s + n - eq - 1));
			if (kind == ORCS_MAP_COLUMN)
				e->table = orcs_xstrdup(section.data);
			if (!*e->key) {
				rc = orcs_error_set(err, ORCS_EUSAGE, "%s:%d" ORCS_NBSP ": clé vide", name, line);
				break;
			}
			if (kind == ORCS_MAP_SOURCE && !strcmp(e->key, "separateur_multi")) {
				if (strlen(e->value) != 1) {
					rc = orcs_error_set(err, ORCS_EUSAGE,
							    "%s:%d" ORCS_NBSP ": separateur_multi doit être "
							    "un seul caractère",
							    name, line);
					break;
				}
				m->multi_sep = e->value[0];
			}
		}
	}
	orcs_buf_release(&section);
	orcs_buf_release(&from);
	orcs_buf_release(&key);
	if (rc != ORCS_OK) {
		orcs_mapping_free(m);
		return rc;
	}
	*out = m;
	return ORCS_OK;
}

int orcs_mapping_load(const char *path, orcs_mapping **out, orcs_error *err)
{
	orcs_buf text = ORCS_BUF_INIT;
	char buf[65536];
	size_t n;
	int rc;
	FILE *f = fopen(path, "rb");
	*out = NULL;
	if (!f)
		return orcs_error_set(err, ORCS_EUSAGE, "fichier de correspondance %s" ORCS_NBSP ": %s",
				      path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		orcs_buf_add(&text, buf, n);
		if (text.len > (4u << 20)) {
			fclose(f);
			orcs_buf_release(&text);
			return orcs_error_set(err, ORCS_EUSAGE,
					      "fichier de correspondance %s" ORCS_NBSP ": trop volumineux", path);
		}
	}
	fclose(f);
	rc = orcs_mapping_parse(text.data, text.len, path, out, err);
	orcs_buf_release(&text);
	if (rc == ORCS_OK)
		(*out)->path = orcs_xstrdup(path);
	return rc;
}

const char *orcs_mapping_path(const orcs_mapping *m)
{
	return m->path;
}

static const char *source_key(const orcs_mapping *m, const char *key)
{
	size_t i;
	const char *v = NULL;
	for (i = 0; i < m->n; i++)
		if (m->e[i].kind == ORCS_MAP_SOURCE && !strcmp(m->e[i].key, key))
			v = m->e[i].value;
	return v;
}

const char *orcs_mapping_name(const orcs_mapping *m)
{
	return source_key(m, "nom");
}

const char *orcs_mapping_facilitator(const orcs_mapping *m)
{
	const char *v = source_key(m, "facilitateur");
	return v ? v : "";
}

char orcs_mapping_multi_sep(const orcs_mapping *m)
{
	return m->multi_sep;
}

const char *orcs_mapping_source_table(const orcs_mapping *m, const char *table)
{
	size_t i;
	const char *v = table;
	for (i = 0; i < m->n; i++)
		if (m->e[i].kind == ORCS_MAP_TABLE && !strcmp(m->e[i].key, table))
			v = m->e[i].value;
	return v;
}

const char *orcs_mapping_source_column(const orcs_mapping *m, const char *table, const char *col)
{
	size_t i;
	const char *v = col;
	for (i = 0; i < m->n; i++)
		if (m->e[i].kind == ORCS_MAP_COLUMN && !strcmp(m->e[i].table, table) &&
		    !strcmp(m->e[i].key, col))
			v = m->e[i].value;
	return v;
}

int orcs_mapping_has_values(const orcs_mapping *m, const char *table, const char *col)
{
	orcs_mapping *mm = (orcs_mapping *)m;
	if (!orcs_strmap_count(m->values))
		return 0;
	key_of(&mm->tmp, table, col);
	if (orcs_strmap_get(m->valcols, mm->tmp.data, mm->tmp.len, NULL, NULL))
		return 1;
	key_of(&mm->tmp, NULL, col);
	return orcs_strmap_get(m->valcols, mm->tmp.data, mm->tmp.len, NULL, NULL);
}

const char *orcs_mapping_value(const orcs_mapping *m, const char *table, const char *col,
			       const char *s, size_t len)
{
	orcs_mapping *mm = (orcs_mapping *)m; /* scratch buffer only */
	const char *v;
	int pass;
	if (!orcs_strmap_count(m->values))
		return NULL;
	for (pass = 0; pass < 2; pass++) {
		key_of(&mm->tmp, pass == 0 ? table : NULL, col);
		orcs_buf_addc(&mm->tmp, '\x1f');
		orcs_fold(&mm->tmp, s, len);
		if (orcs_strmap_get(m->values, mm->tmp.data, mm->tmp.len, &v, NULL))
			return v;
	}
	return NULL;
}

size_t orcs_mapping_count(const orcs_mapping *m)
{
	return m->n;
}

const orcs_mapping_entry *orcs_mapping_entry_at(const orcs_mapping *m, size_t i)
{
	return i < m->n ? &m->e[i] : NULL;
}
