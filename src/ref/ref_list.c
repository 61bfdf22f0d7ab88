/*
 * ref_list.c - listing referential tables and looking codes up.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "ref/ref_internal.h"

int orcs_ref_is_idf_dept(const char *d)
{
	static const char *depts[] = { "75", "77", "78", "91", "92", "93", "94", "95" };
	unsigned i;
	for (i = 0; i < sizeof(depts) / sizeof(depts[0]); i++)
		if (!strcmp(d, depts[i]))
			return 1;
	return 0;
}

int orcs_ref_list(orcs_db *db, const char *name, const char *dept, orcs_rows_format fmt,
		  FILE *f, long *nrows, orcs_error *err)
{
	const orcs_ref_view *v = NULL;
	orcs_buf sql = ORCS_BUF_INIT;
	sqlite3_stmt *st = NULL;
	unsigned i;
	int rc;

	for (i = 0; i < orcs_ref_views_count; i++)
		if (!strcmp(orcs_ref_views[i].name, name))
			v = &orcs_ref_views[i];
	if (dept && !orcs_ref_is_idf_dept(dept))
		return orcs_error_set(err, ORCS_EUSAGE,
				      "--dept" ORCS_NBSP ": département inconnu « %s » (attendu "
				      "75, 77, 78, 91, 92, 93, 94 ou 95)",
				      dept);
	if (v) {
		if (dept && !v->dept_filter)
			return orcs_error_set(err, ORCS_EUSAGE,
					      "--dept ne s'applique pas à la table « %s »", name);
		orcs_buf_adds(&sql, v->select);
		if (dept) {
			/* every select ends in a WHERE clause or a GROUP BY-free
			 * WHERE 1, so AND is always valid */
			orcs_buf_addf(&sql, " AND %s", v->dept_filter);
		}
		orcs_buf_addf(&sql, " ORDER BY %s", v->order);
	} else {
		long long known;
		sqlite3_stmt *q;
		if (dept)
			return orcs_error_set(err, ORCS_EUSAGE,
					      "--dept ne s'applique pas à la table « %s »", name);
		if (orcs_db_prepare(db, &q, "SELECT count(*) FROM dim_enum WHERE enum = ?", err))
			return ORCS_EIO;
		sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
		known = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
		sqlite3_finalize(q);
		if (!known)
			return orcs_error_set(err, ORCS_EUSAGE,
					      "table de référence inconnue « %s » (voir « orcs ref --list »)",
					      name);
		orcs_buf_adds(&sql, "SELECT code, label, asp_code, note FROM dim_enum WHERE enum = ?2 "
				    "ORDER BY ord, code");
	}
	rc = orcs_db_prepare(db, &st, sql.data, err);
	orcs_buf_release(&sql);
	if (rc != ORCS_OK)
		return rc;
	if (dept)
		sqlite3_bind_text(st, 1, dept, -1, SQLITE_STATIC);
	if (!v)
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	rc = orcs_rows_write(f, st, fmt, name, nrows, err);
	sqlite3_finalize(st);
	return rc;
}

int orcs_ref_catalog(orcs_db *db, orcs_rows_format fmt, FILE *f, orcs_error *err)
{
	orcs_buf sql = ORCS_BUF_INIT;
	sqlite3_stmt *st;
	unsigned i;
	int rc;
	/* The fixed views come from the declaration; values are bound. */
	orcs_buf_adds(&sql, "WITH v(name, label, geo, ord) AS (VALUES ");
	for (i = 0; i < orcs_ref_views_count; i++)
		orcs_buf_addf(&sql, "%s(?%u, ?%u, ?%u, %u)", i ? "," : "", 3 * i + 1, 3 * i + 2,
			      3 * i + 3, i);
	orcs_buf_adds(&sql, ") SELECT name AS table_name, label, geo AS dept_filter FROM v "
			    "UNION ALL SELECT enum, 'Énumération (' || count(*) || ' codes)', 'non' "
			    "FROM dim_enum GROUP BY enum");
	rc = orcs_db_prepare(db, &st, sql.data, err);
	orcs_buf_release(&sql);
	if (rc != ORCS_OK)
		return rc;
	for (i = 0; i < orcs_ref_views_count; i++) {
		sqlite3_bind_text(st, (int)(3 * i + 1), orcs_ref_views[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, (int)(3 * i + 2), orcs_ref_views[i].label, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, (int)(3 * i + 3), orcs_ref_views[i].dept_filter ? "oui" : "non",
				  -1, SQLITE_STATIC);
	}
	rc = orcs_rows_write(f, st, fmt, "ref", NULL, err);
	sqlite3_finalize(st);
	return rc;
}

/* ---- in-memory enumeration lookup ------------------------------------ */

typedef struct enum_entry {
	char *key;  /* enum '\x1f' folded alias */
	char *code;
	int is_code; /* alias equals the folded code */
} enum_entry;

struct orcs_ref_enums {
	enum_entry *slots;
	size_t cap; /* power of two */
	orcs_buf tmp; /* scratch for lookups (lookups are not thread-safe) */
};

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

orcs_ref_enums *orcs_ref_enums_new(orcs_db *db, orcs_error *err)
{
	orcs_ref_enums *e;
	sqlite3_stmt *st;
	long long n = orcs_db_scalar(db, "SELECT count(*) FROM ref_alias", 0);
	orcs_buf key = ORCS_BUF_INIT, fc = ORCS_BUF_INIT;

	if (orcs_db_prepare(db, &st, "SELECT enum, alias, code FROM ref_alias", err) != ORCS_OK)
		return NULL;
	e = orcs_xcalloc(1, sizeof(*e));
	e->cap = 64;
	while (e->cap < (size_t)n * 2 + 16)
		e->cap *= 2;
	e->slots = orcs_xcalloc(e->cap, sizeof(*e->slots));
	orcs_buf_init(&e->tmp);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *en = (const char *)sqlite3_column_text(st, 0);
		const char *al = (const char *)sqlite3_column_text(st, 1);
		const char *code = (const char *)sqlite3_column_text(st, 2);
		size_t h;
		orcs_buf_reset(&key);
		orcs_buf_addf(&key, "%s\x1f%s", en, al);
		h = (size_t)fnv1a(key.data, key.len) & (e->cap - 1);
		while (e->slots[h].key)
			h = (h + 1) & (e->cap - 1);
		e->slots[h].key = orcs_xstrdup(key.data);
		e->slots[h].code = orcs_xstrdup(code);
		orcs_buf_reset(&fc);
		orcs_fold(&fc, code, strlen(code));
		e->slots[h].is_code = !strcmp(fc.data, al);
	}
	sqlite3_finalize(st);
	orcs_buf_release(&key);
	orcs_buf_release(&fc);
	return e;
}

void orcs_ref_enums_free(orcs_ref_enums *e)
{
	size_t i;
	if (!e)
		return;
	for (i = 0; i < e->cap; i++) {
		free(e->slots[i].key);
		free(e->slots[i].code);
	}
	free(e->slots);
	orcs_buf_release(&e->tmp);
	free(e);
}

const char *orcs_ref_enums_code(const orcs_ref_enums *ce, const char *enumname, const char *raw,
				size_t len, int *how)
{
	orcs_ref_enums *e = (orcs_ref_enums *)ce; /* scratch buffer only */
	size_t h;
	orcs_buf_reset(&e->tmp);
	orcs_buf_adds(&e->tmp, enumname);
	orcs_buf_addc(&e->tmp, '\x1f');
	orcs_fold(&e->tmp, raw, len);
	h = (size_t)fnv1a(e->tmp.data, e->tmp.len) & (e->cap - 1);
	while (e->slots[h].key) {
		if (!strcmp(e->slots[h].key, e->tmp.data)) {
			if (how)
				*how = !(e->slots[h].is_code && len == strlen(e->slots[h].code) &&
					 !memcmp(raw, e->slots[h].code, len));
			return e->slots[h].code;
		}
		h = (h + 1) & (e->cap - 1);
	}
	return NULL;
}
