#include "ingest/batch.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

struct orcs_batch {
	orcs_db *db;
	int64_t id;
	char *kind;
	orcs_counts totals;
	sqlite3_stmt *quarantine;
};

int orcs_batch_begin(orcs_db *db, const char *kind, const char *source, orcs_batch **out,
		     orcs_error *err)
{
	sqlite3_stmt *st;
	orcs_batch *b;
	*out = NULL;
	if (orcs_db_prepare(db, &st, "INSERT INTO import_batch(kind, source) VALUES (?, ?)", err))
		return ORCS_EIO;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	if (source)
		sqlite3_bind_text(st, 2, source, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		return orcs_db_error(db, "création du lot d'import", err);
	}
	sqlite3_finalize(st);
	b = orcs_xcalloc(1, sizeof(*b));
	b->db = db;
	b->id = sqlite3_last_insert_rowid(orcs_db_sqlite(db));
	b->kind = orcs_xstrdup(kind);
	*out = b;
	return ORCS_OK;
}

void orcs_batch_free(orcs_batch *b)
{
	if (!b)
		return;
	sqlite3_finalize(b->quarantine);
	free(b->kind);
	free(b);
}

int64_t orcs_batch_id(const orcs_batch *b)
{
	return b->id;
}

orcs_db *orcs_batch_db(const orcs_batch *b)
{
	return b->db;
}

int orcs_batch_file_known(orcs_batch *b, const char *sha256, int *known, orcs_error *err)
{
	sqlite3_stmt *st;
	*known = 0;
	if (orcs_db_prepare(b->db, &st,
			    "SELECT 1 FROM import_file f JOIN import_batch b ON b.id = f.batch_id "
			    "WHERE f.sha256 = ? AND b.kind = ? LIMIT 1",
			    err))
		return ORCS_EIO;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, b->kind, -1, SQLITE_STATIC);
	*known = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return ORCS_OK;
}

int orcs_batch_file_add(orcs_batch *b, const char *path, const char *sha256, int64_t bytes,
			const char *format, int64_t *file_id, orcs_error *err)
{
	sqlite3_stmt *st;
	if (orcs_db_prepare(b->db, &st,
			    "INSERT INTO import_file(batch_id, path, sha256, bytes, format) "
			    "VALUES (?, ?, ?, ?, ?)",
			    err))
		return ORCS_EIO;
	sqlite3_bind_int64(st, 1, b->id);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, sha256, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, bytes);
	if (format)
		sqlite3_bind_text(st, 5, format, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		return orcs_db_error(b->db, "enregistrement du fichier importé", err);
	}
	sqlite3_finalize(st);
	*file_id = sqlite3_last_insert_rowid(orcs_db_sqlite(b->db));
	return ORCS_OK;
}

void orcs_batch_add_counts(orcs_batch *b, const orcs_counts *c)
{
	b->totals.records += c->records;
	b->totals.loaded += c->loaded;
	b->totals.duplicates += c->duplicates;
	b->totals.quarantined += c->quarantined;
	b->totals.replaced += c->replaced;
}

const orcs_counts *orcs_batch_totals(const orcs_batch *b)
{
	return &b->totals;
}

int orcs_batch_file_done(orcs_batch *b, int64_t file_id, const orcs_counts *c, orcs_error *err)
{
	sqlite3_stmt *st;
	if (orcs_db_prepare(b->db, &st,
			    "UPDATE import_file SET records = ?, loaded = ?, duplicates = ?, "
			    "quarantined = ? WHERE id = ?",
			    err))
		return ORCS_EIO;
	sqlite3_bind_int64(st, 1, c->records);
	sqlite3_bind_int64(st, 2, c->loaded);
	sqlite3_bind_int64(st, 3, c->duplicates);
	sqlite3_bind_int64(st, 4, c->quarantined);
	sqlite3_bind_int64(st, 5, file_id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		return orcs_db_error(b->db, "comptes du fichier importé", err);
	}
	sqlite3_finalize(st);
	orcs_batch_add_counts(b, c);
	return ORCS_OK;
}

#define RAW_MAX 4096

int orcs_batch_quarantine(orcs_batch *b, int64_t file_id, const char *kind, const char *position,
			  const char *reason, const char *detail, const char *raw, size_t rawlen,
			  orcs_error *err)
{
	sqlite3_stmt *st;
	if (!b->quarantine &&
	    orcs_db_prepare(b->db, &b->quarantine,
			    "INSERT INTO quarantine(batch_id, file_id, kind, position, reason, "
			    "detail, raw) VALUES (?, ?, ?, ?, ?, ?, ?)",
			    err))
		return ORCS_EIO;
	st = b->quarantine;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	sqlite3_bind_int64(st, 1, b->id);
	if (file_id > 0)
		sqlite3_bind_int64(st, 2, file_id);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, position, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, reason, -1, SQLITE_TRANSIENT);
	if (detail)
		sqlite3_bind_text(st, 6, detail, -1, SQLITE_TRANSIENT);
	if (raw) {
		if (rawlen > RAW_MAX) {
			rawlen = RAW_MAX;
			while (rawlen > 0 && ((unsigned char)raw[rawlen] & 0xC0) == 0x80)
				rawlen--; /* keep UTF-8 whole */
		}
		sqlite3_bind_text(st, 7, raw, (int)rawlen, SQLITE_TRANSIENT);
	}
	if (sqlite3_step(st) != SQLITE_DONE)
		return orcs_db_error(b->db, "mise en quarantaine", err);
	return ORCS_OK;
}

int orcs_batch_finish(orcs_batch *b, int ok, const char *message, orcs_error *err)
{
	sqlite3_stmt *st;
	if (orcs_db_prepare(b->db, &st,
			    "UPDATE import_batch SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'), "
			    "status = ?, records = ?, loaded = ?, duplicates = ?, quarantined = ?, "
			    "replaced = ?, message = ? WHERE id = ?",
			    err))
		return ORCS_EIO;
	sqlite3_bind_text(st, 1, ok ? "done" : "failed", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, b->totals.records);
	sqlite3_bind_int64(st, 3, b->totals.loaded);
	sqlite3_bind_int64(st, 4, b->totals.duplicates);
	sqlite3_bind_int64(st, 5, b->totals.quarantined);
	sqlite3_bind_int64(st, 6, b->totals.replaced);
	if (message)
		sqlite3_bind_text(st, 7, message, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 8, b->id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		return orcs_db_error(b->db, "clôture du lot d'import", err);
	}
	sqlite3_finalize(st);
	return ORCS_OK;
}
