/*
 * migrations.h - the warehouse schema as an ordered list of SQL scripts.
 *
 * The scripts live in src/warehouse/migrations/NNN_name.sql and are compiled
 * into the library by scripts/embed-sql; version N is the file numbered N.
 * A released migration is never edited: add a new one.
 */
#ifndef ORCS_MIGRATIONS_H
#define ORCS_MIGRATIONS_H

typedef struct orcs_migration {
	unsigned version;
	const char *name;
	const char *sql;
} orcs_migration;

extern const orcs_migration orcs_migrations[];
extern const unsigned orcs_migrations_count;

#endif
