/*
 * db.h - the warehouse: one SQLite database file.
 *
 * Every connection gets the same pragmas (WAL journal, synchronous NORMAL,
 * foreign keys on, a busy timeout) so that readers never block the writer
 * and referential integrity is enforced everywhere.
 *
 * The schema is versioned: PRAGMA user_version holds the number of the last
 * applied migration, and `schema_migration` lists them with their dates.
 * orcs_db_migrate() brings a database to the latest version; running it on
 * an up-to-date database changes nothing.
 *
 * Ownership: orcs_db_open() gives a handle that the caller closes with
 * orcs_db_close().  Statements prepared with orcs_db_prepare() belong to the
 * caller (sqlite3_finalize()).
 */
#ifndef ORCS_DB_H
#define ORCS_DB_H

#include <sqlite3.h>

#include "core/error.h"

typedef struct orcs_db orcs_db;

enum {
	ORCS_DB_CREATE = 1,   /* create the file if it does not exist */
	ORCS_DB_READONLY = 2, /* open read-only (web server, reports) */
	ORCS_DB_ANY_VERSION = 4 /* do not require the latest schema */
};

int orcs_db_open(orcs_db **out, const char *path, int flags, orcs_error *err);
void orcs_db_close(orcs_db *db);

sqlite3 *orcs_db_sqlite(orcs_db *db);
const char *orcs_db_path(const orcs_db *db);

/* Schema version of the open database, and the one this build expects. */
int orcs_db_schema_version(orcs_db *db);
int orcs_db_latest_version(void);

/* Applies missing migrations, each in its own transaction.  *applied (may
 * be NULL) receives how many were applied. */
int orcs_db_migrate(orcs_db *db, int *applied, orcs_error *err);

/* Runs SQL without parameters (schema, pragmas, transactions). */
int orcs_db_exec(orcs_db *db, const char *sql, orcs_error *err);
int orcs_db_prepare(orcs_db *db, sqlite3_stmt **stmt, const char *sql, orcs_error *err);

/* Transactions: begin IMMEDIATE takes the write lock up front. */
int orcs_db_begin(orcs_db *db, orcs_error *err);
int orcs_db_commit(orcs_db *db, orcs_error *err);
void orcs_db_rollback(orcs_db *db);

/* Fills `err` from the connection's last error, prefixed with `what`. */
int orcs_db_error(orcs_db *db, const char *what, orcs_error *err);

/* Convenience: first column of the first row as an integer (or `dflt`). */
long long orcs_db_scalar(orcs_db *db, const char *sql, long long dflt);

#endif
