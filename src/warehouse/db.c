#include "warehouse/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "warehouse/migrations.h"

struct orcs_db {
	sqlite3 *h;
	char *path;
};

int orcs_db_error(orcs_db *db, const char *what, orcs_error *err)
{
	return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s (%s)", db->path, what,
			      sqlite3_errmsg(db->h));
}

int orcs_db_exec(orcs_db *db, const char *sql, orcs_error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": erreur SQL (%s)", db->path,
			       msg ? msg : "?");
		sqlite3_free(msg);
		return ORCS_EIO;
	}
	return ORCS_OK;
}

int orcs_db_prepare(orcs_db *db, sqlite3_stmt **stmt, const char *sql, orcs_error *err)
{
	if (sqlite3_prepare_v2(db->h, sql, -1, stmt, NULL) != SQLITE_OK) {
		*stmt = NULL;
		return orcs_db_error(db, "requête invalide", err);
	}
	return ORCS_OK;
}

long long orcs_db_scalar(orcs_db *db, const char *sql, long long dflt)
{
	sqlite3_stmt *st;
	long long v = dflt;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return dflt;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int orcs_db_latest_version(void)
{
	return (int)orcs_migrations[orcs_migrations_count - 1].version;
}

int orcs_db_schema_version(orcs_db *db)
{
	return (int)orcs_db_scalar(db, "PRAGMA user_version", 0);
}

int orcs_db_open(orcs_db **out, const char *path, int flags, orcs_error *err)
{
	orcs_db *db;
	int oflags, rc;
	struct stat sb;

	*out = NULL;
	if (!path || !*path)
		return orcs_error_set(err, ORCS_EUSAGE, "chemin d'entrepôt vide");
	if (!(flags & ORCS_DB_CREATE) && stat(path, &sb) != 0)
		return orcs_error_set(err, ORCS_EIO,
				      "%s" ORCS_NBSP ": entrepôt introuvable (lancez « orcs init »)",
				      path);
	oflags = (flags & ORCS_DB_READONLY) ? SQLITE_OPEN_READONLY
					    : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	oflags |= SQLITE_OPEN_NOMUTEX;
	db = orcs_xcalloc(1, sizeof(*db));
	db->path = orcs_xstrdup(path);
	rc = sqlite3_open_v2(path, &db->h, oflags, NULL);
	if (rc != SQLITE_OK) {
		orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": ouverture impossible (%s)", path,
			       db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		orcs_db_close(db);
		return ORCS_EIO;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 10000);
	/* A file that is not a database fails on the first read. */
	if (!(flags & ORCS_DB_READONLY)) {
		/* 16 KiB pages for a new warehouse (no effect on an existing one):
		 * a quarter of the page I/O of the default 4 KiB when bulk imports
		 * write and checkpoint hundreds of MB (DECP: -12 % load time, -25 %
		 * commit time, docs/decp-ingestion.md). */
		if ((flags & ORCS_DB_CREATE) && orcs_db_exec(db, "PRAGMA page_size=16384", err) != ORCS_OK)
			goto fail;
		if (orcs_db_exec(db, "PRAGMA journal_mode=WAL", err) != ORCS_OK)
			goto fail;
	}
	if (orcs_db_exec(db, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
			     "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384;",
			 err) != ORCS_OK)
		goto fail;
	/* Readers (stats, web, reports) scan large fact tables: map the file
	 * instead of copying each page through read() (3x faster on 1.5 M
	 * DECP contracts, docs/performance.md). */
	if ((flags & ORCS_DB_READONLY) && orcs_db_exec(db, "PRAGMA mmap_size=1073741824", err) != ORCS_OK)
		goto fail;
	if (!(flags & (ORCS_DB_CREATE | ORCS_DB_ANY_VERSION))) {
		int v = orcs_db_schema_version(db);
		if (v != orcs_db_latest_version()) {
			orcs_error_set(err, ORCS_EIO,
				       "%s" ORCS_NBSP ": schéma en version %d, version %d attendue "
				       "(lancez « orcs init »)",
				       path, v, orcs_db_latest_version());
			goto fail;
		}
	}
	*out = db;
	return ORCS_OK;
fail:
	orcs_db_close(db);
	return err ? err->code : ORCS_EIO;
}

void orcs_db_close(orcs_db *db)
{
	if (!db)
		return;
	sqlite3_close(db->h);
	free(db->path);
	free(db);
}

sqlite3 *orcs_db_sqlite(orcs_db *db)
{
	return db->h;
}

const char *orcs_db_path(const orcs_db *db)
{
	return db->path;
}

int orcs_db_begin(orcs_db *db, orcs_error *err)
{
	return orcs_db_exec(db, "BEGIN IMMEDIATE", err);
}

int orcs_db_commit(orcs_db *db, orcs_error *err)
{
	return orcs_db_exec(db, "COMMIT", err);
}

void orcs_db_rollback(orcs_db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

/* Applies the migrations; foreign keys are off meanwhile (a migration may
 * rebuild a table, which SQLite documents with foreign keys off so that
 * the DROP of the old table cascades to nothing). */
static int migrate(orcs_db *db, int current, int *applied, orcs_error *err);

int orcs_db_migrate(orcs_db *db, int *applied, orcs_error *err)
{
	int current = orcs_db_schema_version(db), rc;
	long long fk;

	if (applied)
		*applied = 0;
	if (current > orcs_db_latest_version())
		return orcs_error_set(err, ORCS_EIO,
				      "%s" ORCS_NBSP ": schéma en version %d, plus récente que ce "
				      "programme (%d)",
				      db->path, current, orcs_db_latest_version());
	if (current == orcs_db_latest_version())
		return ORCS_OK;
	fk = orcs_db_scalar(db, "PRAGMA foreign_keys", 1);
	orcs_db_exec(db, "PRAGMA foreign_keys=OFF", NULL);
	rc = migrate(db, current, applied, err);
	if (fk)
		orcs_db_exec(db, "PRAGMA foreign_keys=ON", NULL);
	return rc;
}

static int migrate(orcs_db *db, int current, int *applied, orcs_error *err)
{
	unsigned i;
	int n = 0;

	for (i = 0; i < orcs_migrations_count; i++) {
		const orcs_migration *m = &orcs_migrations[i];
		orcs_buf sql = ORCS_BUF_INIT;
		sqlite3_stmt *st;
		if ((int)m->version <= current)
			continue;
		if (orcs_db_begin(db, err) != ORCS_OK)
			return ORCS_EIO;
		if (orcs_db_exec(db, m->sql, err) != ORCS_OK) {
			orcs_db_rollback(db);
			return orcs_error_set(err, ORCS_EIO, "migration %s" ORCS_NBSP ": %s", m->name,
					      err ? err->msg : "");
		}
		if (orcs_db_prepare(db, &st,
				    "INSERT INTO schema_migration(version, name) VALUES (?, ?)",
				    err) != ORCS_OK) {
			orcs_db_rollback(db);
			return ORCS_EIO;
		}
		sqlite3_bind_int(st, 1, (int)m->version);
		sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			orcs_db_rollback(db);
			return orcs_db_error(db, "migration non enregistrée", err);
		}
		sqlite3_finalize(st);
		orcs_buf_addf(&sql, "PRAGMA user_version=%u", m->version);
		if (orcs_db_exec(db, sql.data, err) != ORCS_OK) {
			orcs_buf_release(&sql);
			orcs_db_rollback(db);
			return ORCS_EIO;
		}
		orcs_buf_release(&sql);
		if (orcs_db_commit(db, err) != ORCS_OK) {
			orcs_db_rollback(db);
			return ORCS_EIO;
		}
		n++;
	}
	if (applied)
		*applied = n;
	return ORCS_OK;
}
