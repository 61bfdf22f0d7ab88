/*
 * clauses.c - the delivery importer: containers, headers and mapping,
 * identifying columns, the transaction, counting and the generic
 * "insert, or compare and replace" write shared by the fact tables.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/text.h"
#include "indicators/engine.h"
#include "ingest/clauses_internal.h"
#include "ingest/delivery.h"

void ci_init_writers(cimport *ci);

const char *const orcs_clauses_codes[] = {
	"Q_MISSING_REQUIRED", "Q_SIRET_INVALID", "Q_INSEE_UNKNOWN", "Q_CPV_INVALID",
	"Q_ENUM_UNKNOWN", "Q_DATE_INVALID", "Q_DATE_ORDER", "Q_PERIOD_INVALID",
	"Q_NUMBER_INVALID", "Q_BOOL_INVALID", "Q_NEGATIVE", "Q_OUT_OF_RANGE",
	"Q_HOURS_EXCESSIVE", "Q_REF_MISSING", "Q_DUPLICATE_KEY_CONFLICT", "Q_FIELD_COUNT",
	"Q_IDENTIFYING_COLUMNS", "Q_FILE_UNREADABLE", "Q_EMPTY_DELIVERY", "Q_TABLE_DUPLICATED",
	"W_UNKNOWN_COLUMN", "W_UNKNOWN_TABLE", "W_MISSING_COLUMN", "W_COLUMNS_DROPPED",
	"W_ALREADY_IMPORTED", NULL
};

const char *orcs_clauses_table_name(int t)
{
	return t >= 0 && t < ORCS_CLAUSES_NTABLES ? ctables[t].name : NULL;
}

int orcs_clauses_table_index(const char *name)
{
	int t;
	for (t = 0; t < ORCS_CLAUSES_NTABLES; t++)
		if (!strcmp(ctables[t].name, name))
			return t;
	return -1;
}

static int ncols_of(int t)
{
	int n = 0;
	while (n < MAX_CCOLS && ctables[t].cols[n].name)
		n++;
	return n;
}

int orcs_clauses_table_columns(int t, const char **out, int *required, int max)
{
	int i, n = ncols_of(t);
	for (i = 0; i < n && i < max; i++) {
		out[i] = ctables[t].cols[i].name;
		if (required)
			required[i] = (ctables[t].cols[i].flags & CF_REQUIRED) != 0;
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* identifying columns */

static int has_token(const char *folded, const char *tok)
{
	size_t n = strlen(tok);
	const char *p = folded;
	while ((p = strstr(p, tok)) != NULL) {
		if ((p == folded || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}

int orcs_clauses_identifying(const char *name, size_t len)
{
	static const char *const direct[] = { "prenom", "prenoms", "nir", "nss", "ddn", "courriel",
					      "email", "mail", "telephone", "tel", "portable",
					      "adresse", "photo", "firstname", "lastname",
					      "surname", "phone", "address", NULL };
	static const char *const not_person[] = { "entreprise", "structure", "acheteur", "donneur",
						  "commune", "operation", "marche", "employeur",
						  "societe", "organisme", "raison", "lot", "projet",
						  "programme", "prescripteur", "facilitateur", NULL };
	orcs_buf f = ORCS_BUF_INIT;
	int hit = 0, i;
	orcs_fold(&f, name, len);
	for (i = 0; direct[i] && !hit; i++)
		hit = has_token(f.data, direct[i]);
	if (!hit && (has_token(f.data, "nom") || has_token(f.data, "name"))) {
		hit = 1;
		for (i = 0; not_person[i]; i++)
			if (has_token(f.data, not_person[i]))
				hit = 0;
	}
	if (!hit && has_token(f.data, "naissance") &&
	    (has_token(f.data, "date") || has_token(f.data, "lieu")))
		hit = 1;
	if (!hit && (has_token(f.data, "secu") || has_token(f.data, "securite")) &&
	    !has_token(f.data, "prevention"))
		hit = 1;
	if (!hit && has_token(f.data, "birth") && has_token(f.data, "date"))
		hit = 1;
	if (!hit && ((has_token(f.data, "france") && has_token(f.data, "travail")) ||
		     (has_token(f.data, "pole") && has_token(f.data, "emploi"))) &&
	    (has_token(f.data, "identifiant") || has_token(f.data, "id") ||
	     has_token(f.data, "numero") || has_token(f.data, "n")))
		hit = 1;
	orcs_buf_release(&f);
	return hit;
}

/* ------------------------------------------------------------------ */
/* report */

static void add_reason(orcs_clauses_reason **list, size_t *n, const char *code, int64_t k)
{
	size_t i;
	for (i = 0; i < *n; i++)
		if (!strcmp((*list)[i].code, code)) {
			(*list)[i].n += k;
			return;
		}
	*list = orcs_xrealloc(*list, (*n + 1) * sizeof(**list));
	snprintf((*list)[*n].code, sizeof((*list)[*n].code), "%s", code);
	(*list)[*n].n = k;
	(*n)++;
}

static void add_str(char ***list, size_t *n, const char *s)
{
	*list = orcs_xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = orcs_xstrdup(s);
}

static void warn(orcs_clauses_report *r, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void warn(orcs_clauses_report *r, const char *code, const char *fmt, ...)
{
	orcs_buf b = ORCS_BUF_INIT;
	va_list ap;
	orcs_buf_addf(&b, "%s" ORCS_NBSP ": ", code);
	va_start(ap, fmt);
	orcs_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	add_str(&r->warnings, &r->nwarnings, b.data);
	orcs_buf_release(&b);
}

void orcs_clauses_report_release(orcs_clauses_report *r)
{
	size_t i;
	int t;
	free(r->reasons);
	for (t = 0; t < ORCS_CLAUSES_NTABLES; t++)
		free(r->table_reasons[t]);
	for (i = 0; i < r->ndropped; i++)
		free(r->dropped[i]);
	free(r->dropped);
	for (i = 0; i < r->nwarnings; i++)
		free(r->warnings[i]);
	free(r->warnings);
	memset(r, 0, sizeof(*r));
}

/* ------------------------------------------------------------------ */
/* bound values and the generic write */

void bv_text(bval *b, const cval *v)
{
	memset(b, 0, sizeof(*b));
	if (v->set && v->s) {
		b->type = SQLITE_TEXT;
		b->s = v->s;
		b->n = (int)v->n;
	} else {
		b->type = SQLITE_NULL;
	}
}

void bv_str(bval *b, const char *s)
{
	memset(b, 0, sizeof(*b));
	if (s) {
		b->type = SQLITE_TEXT;
		b->s = s;
		b->n = (int)strlen(s);
	} else {
		b->type = SQLITE_NULL;
	}
}

void bv_pid(bval *b, const cval *v)
{
	memset(b, 0, sizeof(*b));
	b->type = SQLITE_BLOB;
	b->s = (const char *)v->pid;
	b->n = 32;
}

void bv_int(bval *b, const cval *v)
{
	memset(b, 0, sizeof(*b));
	b->type = v->set ? SQLITE_INTEGER : SQLITE_NULL;
	b->i = v->i;
}

void bv_i(bval *b, int64_t i)
{
	memset(b, 0, sizeof(*b));
	b->type = SQLITE_INTEGER;
	b->i = i;
}

void bv_num(bval *b, const cval *v)
{
	memset(b, 0, sizeof(*b));
	b->type = v->set ? SQLITE_FLOAT : SQLITE_NULL;
	b->d = v->d;
}

static void bind(sqlite3_stmt *st, int idx, const bval *b)
{
	switch (b->type) {
	case SQLITE_TEXT:
		sqlite3_bind_text(st, idx, b->s, b->n, SQLITE_STATIC);
		break;
	case SQLITE_INTEGER:
		sqlite3_bind_int64(st, idx, b->i);
		break;
	case SQLITE_FLOAT:
		sqlite3_bind_double(st, idx, b->d);
		break;
	case SQLITE_BLOB:
		sqlite3_bind_blob(st, idx, b->s, b->n, SQLITE_STATIC);
		break;
	default:
		sqlite3_bind_null(st, idx);
	}
}

static int same_value(sqlite3_stmt *st, int col, const bval *b)
{
	int t = sqlite3_column_type(st, col);
	switch (b->type) {
	case SQLITE_NULL:
		return t == SQLITE_NULL;
	case SQLITE_TEXT:
		return t == SQLITE_TEXT && sqlite3_column_bytes(st, col) == b->n &&
		       !memcmp(sqlite3_column_text(st, col), b->s, (size_t)b->n);
	case SQLITE_INTEGER:
		return (t == SQLITE_INTEGER && sqlite3_column_int64(st, col) == b->i) ||
		       (t == SQLITE_FLOAT && sqlite3_column_double(st, col) == (double)b->i);
	case SQLITE_FLOAT:
		return (t == SQLITE_FLOAT || t == SQLITE_INTEGER) &&
		       sqlite3_column_double(st, col) == b->d;
	case SQLITE_BLOB:
		return t == SQLITE_BLOB && sqlite3_column_bytes(st, col) == b->n &&
		       !memcmp(sqlite3_column_blob(st, col), b->s, (size_t)b->n);
	}
	return 0;
}

static int prepare_writer(cimport *ci, wdesc *w)
{
	orcs_buf a = ORCS_BUF_INIT, b = ORCS_BUF_INIT, c = ORCS_BUF_INIT;
	int i, rc;
	orcs_buf_addf(&a, "INSERT INTO %s(", w->table);
	for (i = 0; i < w->ncols; i++)
		orcs_buf_addf(&a, "%s, ", w->cols[i]);
	orcs_buf_adds(&a, "batch_id, source_file, line) VALUES (");
	for (i = 0; i < w->ncols + 3; i++)
		orcs_buf_adds(&a, i ? ", ?" : "?");
	orcs_buf_adds(&a, ") ON CONFLICT(");
	for (i = 0; i < w->nkeys; i++)
		orcs_buf_addf(&a, "%s%s", i ? ", " : "", w->cols[i]);
	orcs_buf_adds(&a, ") DO NOTHING");
	orcs_buf_adds(&b, "SELECT ");
	for (i = w->nkeys; i < w->ncols; i++)
		orcs_buf_addf(&b, "%s, ", w->cols[i]);
	orcs_buf_addf(&b, "batch_id FROM %s WHERE ", w->table);
	orcs_buf_addf(&c, "UPDATE %s SET ", w->table);
	for (i = w->nkeys; i < w->ncols; i++)
		orcs_buf_addf(&c, "%s = ?, ", w->cols[i]);
	orcs_buf_adds(&c, "batch_id = ?, source_file = ?, line = ? WHERE ");
	for (i = 0; i < w->nkeys; i++) {
		orcs_buf_addf(&b, "%s%s = ?", i ? " AND " : "", w->cols[i]);
		orcs_buf_addf(&c, "%s%s = ?", i ? " AND " : "", w->cols[i]);
	}
	rc = orcs_db_prepare(ci->db, &w->ins, a.data, ci->err);
	if (rc == ORCS_OK)
		rc = orcs_db_prepare(ci->db, &w->sel, b.data, ci->err);
	if (rc == ORCS_OK)
		rc = orcs_db_prepare(ci->db, &w->upd, c.data, ci->err);
	orcs_buf_release(&a);
	orcs_buf_release(&b);
	orcs_buf_release(&c);
	return rc;
}

static void key_text(cimport *ci, const wdesc *w, const bval *b)
{
	int i;
	orcs_buf_reset(&ci->keytxt);
	for (i = 0; i < w->nkeys; i++) {
		if (i)
			orcs_buf_addc(&ci->keytxt, '|');
		if (b[i].type == SQLITE_TEXT)
			orcs_buf_add(&ci->keytxt, b[i].s, (size_t)b[i].n);
		else if (b[i].type == SQLITE_INTEGER)
			orcs_buf_addf(&ci->keytxt, "%lld", (long long)b[i].i);
		else if (b[i].type == SQLITE_BLOB && b[i].n == 32) {
			char hex[65];
			orcs_pseudo_hex((const unsigned char *)b[i].s, hex);
			orcs_buf_adds(&ci->keytxt, hex);
		}
	}
}

int ci_write(cimport *ci, wdesc *w, const bval *b)
{
	sqlite3_stmt *st;
	int i, rc, nv = w->ncols - w->nkeys;
	int64_t prev;
	if (!w->ins && prepare_writer(ci, w) != ORCS_OK)
		return R_FAILED;
	st = w->ins;
	for (i = 0; i < w->ncols; i++)
		bind(st, i + 1, &b[i]);
	sqlite3_bind_int64(st, w->ncols + 1, ci->batch_id);
	sqlite3_bind_text(st, w->ncols + 2, ci->label, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, w->ncols + 3, ci->line);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return orcs_db_error(ci->db, w->table, ci->err), R_FAILED;
	if (sqlite3_changes(ci->sq) == 1)
		return R_LOADED;
	/* the key exists: same values, or another version */
	st = w->sel;
	for (i = 0; i < w->nkeys; i++)
		bind(st, i + 1, &b[i]);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return orcs_db_error(ci->db, w->table, ci->err), R_FAILED;
	}
	orcs_buf_reset(&ci->changed);
	for (i = 0; i < nv; i++)
		if (!same_value(st, i, &b[w->nkeys + i])) {
			if (ci->changed.len)
				orcs_buf_addc(&ci->changed, '|');
			orcs_buf_adds(&ci->changed, w->cols[w->nkeys + i]);
		}
	prev = sqlite3_column_int64(st, nv);
	sqlite3_reset(st);
	if (!ci->changed.len)
		return R_DUPLICATE;
	if (prev == ci->batch_id)
		return ci_quarantine_reason(ci, "Q_DUPLICATE_KEY_CONFLICT",
					    "clé déjà livrée dans cette livraison avec d'autres valeurs "
					    "(%s)",
					    ci->changed.data);
	st = w->upd;
	for (i = 0; i < nv; i++)
		bind(st, i + 1, &b[w->nkeys + i]);
	sqlite3_bind_int64(st, nv + 1, ci->batch_id);
	sqlite3_bind_text(st, nv + 2, ci->label, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, nv + 3, ci->line);
	for (i = 0; i < w->nkeys; i++)
		bind(st, nv + 4 + i, &b[i]);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return orcs_db_error(ci->db, w->table, ci->err), R_FAILED;
	key_text(ci, w, b);
	ci->prev_batch = prev;
	return R_REPLACED;
}

int ci_exists(cimport *ci, sqlite3_stmt **st, const char *sql, const bval *b, int nb, int64_t *id)
{
	int i, rc;
	if (!*st && orcs_db_prepare(ci->db, st, sql, ci->err) != ORCS_OK)
		return -1;
	for (i = 0; i < nb; i++)
		bind(*st, i + 1, &b[i]);
	rc = sqlite3_step(*st);
	if (rc == SQLITE_ROW) {
		if (id)
			*id = sqlite3_column_int64(*st, 0);
		sqlite3_reset(*st);
		return 1;
	}
	sqlite3_reset(*st);
	if (rc != SQLITE_DONE) {
		orcs_db_error(ci->db, "recherche d'une référence", ci->err);
		return -1;
	}
	return 0;
}

int ci_quarantine_reason(cimport *ci, const char *reason, const char *fmt, ...)
{
	va_list ap;
	ci->reason = reason;
	orcs_buf_reset(&ci->detail);
	va_start(ap, fmt);
	orcs_buf_vaddf(&ci->detail, fmt, ap);
	va_end(ap);
	return R_QUARANTINED;
}

int ci_log_replacement(cimport *ci)
{
	char pos[64];
	int rc;
	if (!ci->q_replacement &&
	    orcs_db_prepare(ci->db, &ci->q_replacement,
			    "INSERT INTO import_replacement(batch_id, kind, key, previous_batch_id, "
			    "position, changed) VALUES (?, ?, ?, ?, ?, ?)",
			    ci->err))
		return ORCS_EIO;
	snprintf(pos, sizeof(pos), "%.40s:%ld", ci->label, ci->line);
	sqlite3_bind_int64(ci->q_replacement, 1, ci->batch_id);
	sqlite3_bind_text(ci->q_replacement, 2, ci->kind ? ci->kind : ctables[ci->t].name, -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(ci->q_replacement, 3, ci->keytxt.data, (int)ci->keytxt.len, SQLITE_STATIC);
	if (ci->prev_batch > 0)
		sqlite3_bind_int64(ci->q_replacement, 4, ci->prev_batch);
	else
		sqlite3_bind_null(ci->q_replacement, 4);
	sqlite3_bind_text(ci->q_replacement, 5, pos, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ci->q_replacement, 6, ci->changed.data, (int)ci->changed.len, SQLITE_STATIC);
	rc = sqlite3_step(ci->q_replacement);
	sqlite3_reset(ci->q_replacement);
	if (rc != SQLITE_DONE)
		return orcs_db_error(ci->db, "journal des remplacements", ci->err);
	return ORCS_OK;
}

/* ------------------------------------------------------------------ */
/* one table */

typedef struct header {
	int idx[MAX_CCOLS];     /* source column of each ORCS column, -1 = absent */
	size_t nsrc;            /* columns of the header */
	unsigned char *role;    /* per source column: 0 unknown, 1 used, 2 dropped */
	orcs_buf ident;         /* identifying columns, ", " separated */
	int nident;
} header;

static void header_release(header *h)
{
	free(h->role);
	orcs_buf_release(&h->ident);
}

/* Reads the header row of `src` and maps it onto table t. */
static int read_header(cimport *ci, int t, orcs_src *src, header *h, orcs_error *err)
{
	orcs_buf key = ORCS_BUF_INIT, want = ORCS_BUF_INIT;
	int r, c, nc = ncols_of(t);
	size_t j;
	memset(h, 0, sizeof(*h));
	orcs_buf_init(&h->ident);
	for (c = 0; c < MAX_CCOLS; c++)
		h->idx[c] = -1;
	do {
		r = orcs_src_next(src, err);
		if (r <= 0)
			break;
		for (j = 0; j < orcs_src_nfields(src); j++) {
			size_t n;
			const char *f = orcs_src_field(src, j, &n);
			f = orcs_trim(f, &n);
			if (n)
				break;
		}
	} while (j == orcs_src_nfields(src)); /* skip empty leading rows */
	if (r < 0)
		return -1;
	if (r == 0)
		return 0; /* empty table: no header, no rows */
	h->nsrc = orcs_src_nfields(src);
	h->role = orcs_xcalloc(h->nsrc ? h->nsrc : 1, 1);
	for (j = 0; j < h->nsrc; j++) {
		size_t n;
		const char *f = orcs_src_field(src, j, &n);
		orcs_buf_reset(&key);
		orcs_fold(&key, f, n);
		if (!key.len)
			continue;
		for (c = 0; c < nc; c++) {
			const char *sc = orcs_mapping_source_column(ci->map, ctables[t].name,
								    ctables[t].cols[c].name);
			orcs_buf_reset(&want);
			orcs_fold(&want, sc, strlen(sc));
			if (!strcmp(want.data, key.data)) {
				if (h->idx[c] < 0) {
					h->idx[c] = (int)j;
					h->role[j] = 1;
				}
				break;
			}
		}
		if (h->role[j])
			continue;
		if (orcs_clauses_identifying(f, n)) {
			orcs_buf clean = ORCS_BUF_INIT;
			orcs_utf8_clean(&clean, f, n);
			h->role[j] = 2;
			if (h->ident.len)
				orcs_buf_adds(&h->ident, ", ");
			orcs_buf_adds(&h->ident, clean.data);
			h->nident++;
			orcs_buf_release(&clean);
		}
	}
	orcs_buf_release(&key);
	orcs_buf_release(&want);
	return 1;
}

/* "col=value;col=value" of the format's columns (participant ids hashed,
 * dropped and unknown columns left out). */
static void raw_record(cimport *ci, const header *h, orcs_src *src, orcs_buf *out)
{
	int c, nc = ncols_of(ci->t);
	orcs_buf_reset(out);
	for (c = 0; c < nc; c++) {
		size_t n;
		const char *f;
		if (h->idx[c] < 0)
			continue;
		f = orcs_src_field(src, (size_t)h->idx[c], &n);
		f = orcs_trim(f, &n);
		if (!n)
			continue;
		if (out->len)
			orcs_buf_addc(out, ';');
		orcs_buf_addf(out, "%s=", ctables[ci->t].cols[c].name);
		if (ctables[ci->t].cols[c].type == F_PID) {
			char hex[65];
			orcs_pseudo_hash(&ci->pseudo, f, n, hex);
			orcs_buf_addf(out, "pid:%s", hex);
		} else {
			orcs_utf8_clean(out, f, n);
		}
	}
}

static int load_table(cimport *ci, orcs_delivery *d, size_t entry, int t, orcs_error *err)
{
	orcs_clauses_report *rep = ci->rep;
	orcs_counts cnt;
	orcs_src *src = NULL;
	header h;
	orcs_buf raw = ORCS_BUF_INIT, pos = ORCS_BUF_INIT;
	int rc, r, c, nc = ncols_of(t);
	size_t j;
	char hex[65];
	sqlite3_stmt *st;

	memset(&cnt, 0, sizeof(cnt));
	memset(&h, 0, sizeof(h));
	ci->t = t;
	ci->label = orcs_delivery_entry_label(d, entry);
	orcs_buf_reset(&ci->last_contract);
	orcs_buf_reset(&ci->last_market);
	orcs_buf_reset(&ci->last_enterprise);
	for (c = 0; c < MAX_CCOLS; c++)
		ci->v[c].last_code = NULL;
	rc = orcs_delivery_src_open(d, entry, &src, err);
	if (rc != ORCS_OK)
		return rc;
	rc = orcs_batch_file_add(ci->batch, ci->label, "", 0,
				 orcs_delivery_format(d)[0] == 'x' ? "xlsx" : "csv", &ci->file_id, err);
	if (rc != ORCS_OK)
		goto out;
	r = read_header(ci, t, src, &h, err);
	if (r < 0) {
		rc = ORCS_EINPUT;
		goto out;
	}
	rep->present[t] = 1;
	if (r > 0) {
		for (j = 0; j < h.nsrc; j++) {
			size_t n;
			const char *f = orcs_src_field(src, j, &n);
			orcs_buf nm = ORCS_BUF_INIT;
			if (h.role[j] == 1)
				continue;
			f = orcs_trim(f, &n);
			if (!n)
				continue;
			orcs_utf8_clean(&nm, f, n);
			if (h.role[j] == 2) {
				orcs_buf full = ORCS_BUF_INIT;
				orcs_buf_addf(&full, "%s.%s", ctables[t].name, nm.data);
				add_str(&rep->dropped, &rep->ndropped, full.data);
				orcs_buf_release(&full);
			} else {
				warn(rep, "W_UNKNOWN_COLUMN", "%s" ORCS_NBSP ": colonne inconnue « %s » ignorée",
				     ci->label, nm.data);
			}
			orcs_buf_release(&nm);
		}
		if (h.nident)
			warn(rep, "W_COLUMNS_DROPPED",
			     "%s" ORCS_NBSP ": colonnes identifiantes écartées à la lecture (%s)", ci->label,
			     h.ident.data);
		for (c = 0; c < nc; c++)
			if (h.idx[c] < 0 && (ctables[t].cols[c].flags & CF_REQUIRED))
				warn(rep, "W_MISSING_COLUMN",
				     "%s" ORCS_NBSP ": colonne obligatoire « %s » absente, chaque ligne est "
				     "mise en quarantaine",
				     ci->label, orcs_mapping_source_column(ci->map, ctables[t].name,
									   ctables[t].cols[c].name));
	}
	while (r > 0 && (r = orcs_src_next(src, err)) == 1) {
		size_t nf = orcs_src_nfields(src), n;
		int out;
		for (j = 0; j < nf; j++) {
			const char *f = orcs_src_field(src, j, &n);
			f = orcs_trim(f, &n);
			if (n)
				break;
		}
		if (j == nf)
			continue; /* an empty row holds nothing */
		cnt.records++;
		ci->line = orcs_src_line(src);
		ci->reason = NULL;
		for (j = h.nsrc; j < nf; j++) {
			const char *f = orcs_src_field(src, j, &n);
			f = orcs_trim(f, &n);
			if (n) {
				ci_quarantine_reason(ci, "Q_FIELD_COUNT",
						     "%zu champs pour %zu colonnes d'en-tête", nf, h.nsrc);
				break;
			}
		}
		for (c = 0; c < nc && !ci->reason; c++) {
			const char *f = "";
			n = 0;
			if (h.idx[c] >= 0)
				f = orcs_src_field(src, (size_t)h.idx[c], &n);
			ci->reason = cf_parse(ci, &ctables[t].cols[c], f, n, &ci->v[c]);
		}
		out = ci->reason ? R_QUARANTINED : ctables[t].load(ci);
		switch (out) {
		case R_LOADED:
			cnt.loaded++;
			break;
		case R_REPLACED:
			cnt.loaded++;
			cnt.replaced++;
			if ((rc = ci_log_replacement(ci)) != ORCS_OK)
				goto out;
			break;
		case R_DUPLICATE:
			cnt.duplicates++;
			break;
		case R_QUARANTINED:
			cnt.quarantined++;
			raw_record(ci, &h, src, &raw);
			orcs_buf_reset(&pos);
			orcs_buf_addf(&pos, "ligne %ld", ci->line);
			rc = orcs_batch_quarantine(ci->batch, ci->file_id, ctables[t].name, pos.data,
						   ci->reason, ci->detail.data, raw.data, raw.len, err);
			if (rc != ORCS_OK)
				goto out;
			add_reason(&rep->reasons, &rep->nreasons, ci->reason, 1);
			add_reason(&rep->table_reasons[t], &rep->ntable_reasons[t], ci->reason, 1);
			break;
		default:
			rc = ORCS_EIO;
			goto out;
		}
	}
	if (r < 0) {
		rc = ORCS_EINPUT;
		goto out;
	}
	orcs_src_sha256(src, hex);
	if ((rc = orcs_db_prepare(ci->db, &st, "UPDATE import_file SET sha256 = ?, bytes = ? WHERE id = ?",
				  err)) != ORCS_OK)
		goto out;
	sqlite3_bind_text(st, 1, hex, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, orcs_src_bytes(src));
	sqlite3_bind_int64(st, 3, ci->file_id);
	r = sqlite3_step(st);
	sqlite3_finalize(st);
	if (r != SQLITE_DONE) {
		rc = orcs_db_error(ci->db, "empreinte du fichier", err);
		goto out;
	}
	rc = orcs_batch_file_done(ci->batch, ci->file_id, &cnt, err);
	rep->tables[t] = cnt;
out:
	header_release(&h);
	orcs_buf_release(&raw);
	orcs_buf_release(&pos);
	orcs_src_close(src);
	return rc;
}

/* ------------------------------------------------------------------ */
/* the delivery */

static int check_mapping(const orcs_mapping *m, orcs_error *err)
{
	size_t i;
	for (i = 0; i < orcs_mapping_count(m); i++) {
		const orcs_mapping_entry *e = orcs_mapping_entry_at(m, i);
		const char *path = orcs_mapping_path(m) ? orcs_mapping_path(m) : "correspondance";
		int t = -1, c, nc;
		if (e->kind == ORCS_MAP_SOURCE) {
			if (strcmp(e->key, "nom") && strcmp(e->key, "facilitateur") &&
			    strcmp(e->key, "separateur_multi"))
				return orcs_error_set(err, ORCS_EUSAGE,
						      "%s:%d" ORCS_NBSP ": clé « %s » inconnue dans [source]",
						      path, e->line, e->key);
			continue;
		}
		t = orcs_clauses_table_index(e->kind == ORCS_MAP_TABLE ? e->key
					     : e->table               ? e->table
								      : "");
		if (t < 0 && !(e->kind == ORCS_MAP_VALUE && !e->table))
			return orcs_error_set(err, ORCS_EUSAGE,
					      "%s:%d" ORCS_NBSP ": table « %s » inconnue du format d'échange",
					      path, e->line,
					      e->kind == ORCS_MAP_TABLE ? e->key : e->table);
		if (e->kind == ORCS_MAP_TABLE)
			continue;
		/* the column must exist in the table (or in one table) */
		for (nc = 0; nc < ORCS_CLAUSES_NTABLES; nc++) {
			int tt = t >= 0 ? t : nc, n = ncols_of(tt);
			for (c = 0; c < n; c++)
				if (!strcmp(ctables[tt].cols[c].name, e->key))
					break;
			if (c < n)
				break;
			if (t >= 0) {
				nc = ORCS_CLAUSES_NTABLES;
				break;
			}
		}
		if (nc >= ORCS_CLAUSES_NTABLES)
			return orcs_error_set(err, ORCS_EUSAGE,
					      "%s:%d" ORCS_NBSP ": colonne « %s » inconnue du format d'échange",
					      path, e->line, e->key);
	}
	return ORCS_OK;
}

/* Writes a delivery-level refusal (after any rollback, in autocommit). */
static void refuse(cimport *ci, const char *code, const char *kind, const char *detail,
		   const orcs_error *e)
{
	orcs_clauses_report *rep = ci->rep;
	int t;
	rep->refused = 1;
	snprintf(rep->refusal, sizeof(rep->refusal), "%s", code);
	snprintf(rep->message, sizeof(rep->message), "%s", e ? e->msg : detail);
	for (t = 0; t < ORCS_CLAUSES_NTABLES; t++)
		memset(&rep->tables[t], 0, sizeof(rep->tables[t]));
	if (ci->batch) {
		orcs_batch_quarantine(ci->batch, 0, kind, "fichier", code, detail ? detail : rep->message,
				      NULL, 0, NULL);
		orcs_batch_finish(ci->batch, 0, rep->message, NULL);
	}
}

/* Last component of a path, trailing slashes ignored, into `out`. */
static const char *base_name(const char *p, orcs_buf *out)
{
	size_t n = strlen(p), start;
	while (n > 1 && p[n - 1] == '/')
		n--;
	start = n;
	while (start > 0 && p[start - 1] != '/')
		start--;
	orcs_buf_reset(out);
	orcs_buf_add(out, p + start, n - start);
	return out->data;
}

static void ci_release(cimport *ci)
{
	int t, k;
	for (t = 0; t < ORCS_CLAUSES_NTABLES; t++) {
		sqlite3_finalize(ci->w[t].ins);
		sqlite3_finalize(ci->w[t].sel);
		sqlite3_finalize(ci->w[t].upd);
	}
	sqlite3_finalize(ci->q_buyer);
	sqlite3_finalize(ci->q_enterprise);
	sqlite3_finalize(ci->q_operation);
	sqlite3_finalize(ci->q_market);
	sqlite3_finalize(ci->q_participant);
	sqlite3_finalize(ci->q_contract);
	sqlite3_finalize(ci->q_decp);
	sqlite3_finalize(ci->q_dimsrc);
	sqlite3_finalize(ci->q_dimsrc_put);
	sqlite3_finalize(ci->q_replacement);
	for (k = 0; k < 2; k++) {
		sqlite3_finalize(ci->d_sel[k]);
		sqlite3_finalize(ci->d_ins[k]);
		sqlite3_finalize(ci->d_upd[k]);
	}
	for (k = 0; k < MAX_CCOLS; k++) {
		orcs_buf_release(&ci->v[k].buf);
		orcs_buf_release(&ci->v[k].last_raw);
	}
	orcs_buf_release(&ci->last_enterprise);
	orcs_buf_release(&ci->detail);
	orcs_buf_release(&ci->keytxt);
	orcs_buf_release(&ci->changed);
	orcs_buf_release(&ci->tmp);
	orcs_buf_release(&ci->tmp2);
	orcs_buf_release(&ci->last_contract);
	orcs_buf_release(&ci->last_market);
	cf_free_referential(ci);
	orcs_batch_free(ci->batch);
	orcs_pseudo_wipe(&ci->pseudo);
	free(ci->pids);
}

int orcs_clauses_import(orcs_db *db, const orcs_clauses_opts *o, orcs_clauses_report *rep,
			orcs_error *err)
{
	cimport ci;
	orcs_mapping *map = NULL;
	orcs_delivery *d = NULL;
	orcs_error lerr = ORCS_ERROR_INIT;
	size_t entry_of[ORCS_CLAUSES_NTABLES];
	orcs_buf fold = ORCS_BUF_INIT, want = ORCS_BUF_INIT;
	int rc, t, in_tx = 0, k, fk_off = 0;
	size_t i;
	long long bytes = 0;

	memset(rep, 0, sizeof(*rep));
	memset(&ci, 0, sizeof(ci));
	ci.db = db;
	ci.sq = orcs_db_sqlite(db);
	ci.rep = rep;
	ci.key = o->key;
	ci.err = err;
	for (k = 0; k < MAX_CCOLS; k++) {
		orcs_buf_init(&ci.v[k].buf);
		orcs_buf_init(&ci.v[k].last_raw);
	}
	orcs_buf_init(&ci.last_enterprise);
	orcs_buf_init(&ci.detail);
	orcs_buf_init(&ci.keytxt);
	orcs_buf_init(&ci.changed);
	orcs_buf_init(&ci.tmp);
	orcs_buf_init(&ci.tmp2);
	orcs_buf_init(&ci.last_contract);
	orcs_buf_init(&ci.last_market);
	ci_init_writers(&ci);

	if (o->mapping)
		rc = orcs_mapping_load(o->mapping, &map, err);
	else
		map = orcs_mapping_new(), rc = ORCS_OK;
	if (rc == ORCS_OK)
		rc = check_mapping(map, err);
	if (rc != ORCS_OK)
		goto out;
	ci.map = map;
	ci.facilitator = orcs_mapping_facilitator(map);
	orcs_pseudo_init(&ci.pseudo, o->key, ci.facilitator);
	ci.multi_sep = orcs_mapping_multi_sep(map);
	if ((rc = cf_load_referential(&ci, err)) != ORCS_OK)
		goto out;

	orcs_delivery_open(o->path, &d, &lerr);
	if ((rc = orcs_batch_begin(db, "clauses", base_name(o->path, &fold), &ci.batch, err)) !=
	    ORCS_OK)
		goto out;
	ci.batch_id = rep->batch_id = orcs_batch_id(ci.batch);
	if (!d) {
		if (lerr.code == ORCS_EIO) {
			orcs_batch_finish(ci.batch, 0, lerr.msg, NULL);
			*err = lerr;
			rc = ORCS_EIO;
			goto out;
		}
		refuse(&ci, "Q_FILE_UNREADABLE", "livraison", NULL, &lerr);
		*err = lerr;
		rc = ORCS_EINPUT;
		goto out;
	}
	snprintf(rep->format, sizeof(rep->format), "%s", orcs_delivery_format(d));

	/* which entry holds which table */
	for (t = 0; t < ORCS_CLAUSES_NTABLES; t++)
		entry_of[t] = (size_t)-1;
	for (i = 0; i < orcs_delivery_count(d); i++) {
		const char *name = orcs_delivery_entry(d, i);
		orcs_buf_reset(&fold);
		orcs_fold(&fold, name, strlen(name));
		for (t = 0; t < ORCS_CLAUSES_NTABLES; t++) {
			const char *sn = orcs_mapping_source_table(map, ctables[t].name);
			orcs_buf_reset(&want);
			orcs_fold(&want, sn, strlen(sn));
			if (!strcmp(fold.data, want.data))
				break;
		}
		if (t == ORCS_CLAUSES_NTABLES) {
			warn(rep, "W_UNKNOWN_TABLE", "%s" ORCS_NBSP ": ne correspond à aucune table, ignoré",
			     orcs_delivery_entry_label(d, i));
			continue;
		}
		if (entry_of[t] != (size_t)-1) {
			orcs_error_set(err, ORCS_EINPUT,
				       "%s" ORCS_NBSP ": la table « %s » est livrée deux fois (%s et %s)",
				       o->path, ctables[t].name, orcs_delivery_entry_label(d, entry_of[t]),
				       orcs_delivery_entry_label(d, i));
			refuse(&ci, "Q_TABLE_DUPLICATED", ctables[t].name, NULL, err);
			rc = ORCS_EINPUT;
			goto out;
		}
		entry_of[t] = i;
	}
	for (t = 0; t < ORCS_CLAUSES_NTABLES && entry_of[t] == (size_t)-1; t++)
		;
	if (t == ORCS_CLAUSES_NTABLES) {
		orcs_error_set(err, ORCS_EINPUT,
			       "%s" ORCS_NBSP ": aucune table du format d'échange (donneurs_ordre, "
			       "marches, participants, contrats, heures…)",
			       o->path);
		refuse(&ci, "Q_EMPTY_DELIVERY", "livraison", NULL, err);
		rc = ORCS_EINPUT;
		goto out;
	}

	/* the same bytes again: nothing to do */
	if ((rc = orcs_delivery_sha256(d, rep->sha256, &bytes, err)) != ORCS_OK) {
		orcs_batch_finish(ci.batch, 0, err->msg, NULL);
		goto out;
	}
	{
		int known = 0;
		if ((rc = orcs_batch_file_known(ci.batch, rep->sha256, &known, err)) != ORCS_OK)
			goto out;
		if (known) {
			rep->already_imported = 1;
			warn(rep, "W_ALREADY_IMPORTED",
			     "%s" ORCS_NBSP ": livraison déjà importée (mêmes octets), rien n'est relu",
			     o->path);
			rc = orcs_batch_finish(ci.batch, 1, "livraison déjà importée", err);
			goto out;
		}
	}

	/* identifying columns: checked on every header before loading */
	orcs_delivery_set_readahead(d, 0);
	{
		orcs_buf found = ORCS_BUF_INIT;
		for (t = 0; t < ORCS_CLAUSES_NTABLES; t++) {
			orcs_src *src = NULL;
			header h;
			int r;
			if (entry_of[t] == (size_t)-1)
				continue;
			if ((rc = orcs_delivery_src_open(d, entry_of[t], &src, err)) != ORCS_OK) {
				orcs_buf_release(&found);
				if (rc == ORCS_EINPUT)
					refuse(&ci, "Q_FILE_UNREADABLE", ctables[t].name, NULL, err);
				else
					orcs_batch_finish(ci.batch, 0, err->msg, NULL);
				goto out;
			}
			r = read_header(&ci, t, src, &h, err);
			orcs_src_close(src);
			if (r < 0) {
				header_release(&h);
				orcs_buf_release(&found);
				refuse(&ci, "Q_FILE_UNREADABLE", ctables[t].name, NULL, err);
				rc = ORCS_EINPUT;
				goto out;
			}
			if (h.nident && !o->drop_identifying) {
				orcs_buf detail = ORCS_BUF_INIT;
				orcs_buf_addf(&detail, "colonnes identifiantes" ORCS_NBSP ": %s", h.ident.data);
				orcs_batch_quarantine(ci.batch, 0, ctables[t].name, "en-tête",
						      "Q_IDENTIFYING_COLUMNS", detail.data, NULL, 0, NULL);
				orcs_buf_release(&detail);
				orcs_buf_addf(&found, "%s%s (%s)", found.len ? "" ORCS_NBSP "; " : "",
					      orcs_delivery_entry_label(d, entry_of[t]), h.ident.data);
			}
			header_release(&h);
		}
		if (found.len) {
			orcs_error_set(err, ORCS_EINPUT,
				       "livraison refusée" ORCS_NBSP ": colonnes identifiant directement "
				       "une personne dans %s. Retirez-les de l'export ou relancez avec "
				       "--drop-identifying-columns pour les écarter à la lecture",
				       found.data);
			orcs_buf_release(&found);
			rep->refused = 1;
			snprintf(rep->refusal, sizeof(rep->refusal), "Q_IDENTIFYING_COLUMNS");
			snprintf(rep->message, sizeof(rep->message), "%s", err->msg);
			orcs_batch_finish(ci.batch, 0, err->msg, NULL);
			rc = ORCS_EINPUT;
			goto out;
		}
	}

	orcs_delivery_set_readahead(d, 1);
	/* one transaction for the whole delivery.  Every reference is checked
	 * by the loaders before the insert (Q_REF_MISSING), so SQLite's own
	 * per-row foreign-key lookups are switched off for the bulk load and
	 * switched back on afterwards; the page cache is enlarged within the
	 * memory budget. */
	if ((rc = orcs_db_exec(db, "PRAGMA cache_size = -49152; PRAGMA foreign_keys = OFF", err)) !=
	    ORCS_OK)
		goto out;
	fk_off = 1;
	if ((rc = orcs_db_begin(db, err)) != ORCS_OK)
		goto out;
	in_tx = 1;
	{
		int64_t fid;
		/* the delivery itself: its digest recognises a re-import */
		if ((rc = orcs_batch_file_add(ci.batch, o->path, rep->sha256, bytes, rep->format, &fid,
					      err)) != ORCS_OK)
			goto out;
	}
	for (t = 0; t < ORCS_CLAUSES_NTABLES; t++) {
		struct timespec t0, t1;
		if (entry_of[t] == (size_t)-1)
			continue;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = load_table(&ci, d, entry_of[t], t, err);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (getenv("ORCS_TIMING")) /* developer aid: time per table on stderr */
			fprintf(stderr, "timing %-20s %.2f s\n", ctables[t].name,
				(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		if (rc == ORCS_EINPUT) {
			orcs_error e = *err;
			orcs_db_rollback(db);
			in_tx = 0;
			refuse(&ci, "Q_FILE_UNREADABLE", ctables[t].name, NULL, &e);
			goto out;
		}
		if (rc != ORCS_OK)
			goto out;
	}
	/* the indicator cache, in the same transaction: readers see the new
	 * data and its figures together */
	if (!o->no_refresh && (rc = orcs_refresh_after(db, "clauses", err)) != ORCS_OK)
		goto out;
	{
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = orcs_db_commit(db, err);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (getenv("ORCS_TIMING"))
			fprintf(stderr, "timing %-20s %.2f s\n", "commit",
				(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	}
	if (rc != ORCS_OK)
		goto out;
	in_tx = 0;
	{
		const orcs_counts *tot = orcs_batch_totals(ci.batch);
		rep->total = *tot;
		rc = orcs_batch_finish(ci.batch, 1, NULL, err);
	}
out:
	if (in_tx) {
		orcs_error e = *err;
		orcs_db_rollback(db);
		if (ci.batch)
			orcs_batch_finish(ci.batch, 0, e.msg, NULL);
		*err = e;
	}
	if (fk_off)
		orcs_db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384", NULL);
	orcs_buf_release(&fold);
	orcs_buf_release(&want);
	orcs_delivery_close(d);
	ci_release(&ci);
	orcs_mapping_free(map);
	return rc;
}
