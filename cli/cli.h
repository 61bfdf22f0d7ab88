/*
 * cli.h - the `orcs` command line: a table of commands, each with its
 * options, from which parsing, `orcs --help`, `orcs help CMD` and
 * docs/cli.md (`orcs help --markdown`) are all derived.
 */
#ifndef ORCS_CLI_H
#define ORCS_CLI_H

#include <stdio.h>

#include "core/error.h"
#include "warehouse/db.h"

enum {
	OPT_FLAG = 0,   /* takes no value */
	OPT_VALUE = 1,  /* takes one value */
	OPT_REPEAT = 2  /* takes a value, may be given several times */
};

typedef struct orcs_opt {
	const char *name;    /* "--dept" */
	int kind;            /* OPT_FLAG | OPT_VALUE | OPT_REPEAT */
	const char *metavar; /* "CODE" */
	const char *help;    /* French, one line */
} orcs_opt;

#define ORCS_MAX_OPTS 24
#define ORCS_MAX_REPEAT 16
#define ORCS_MAX_POS 64

typedef struct orcs_cmd orcs_cmd;

/* What the parser hands to a command. */
typedef struct orcs_args {
	const orcs_cmd *cmd;
	const char *db_path;              /* --db, $ORCS_DB or "orcs.db" */
	const char *values[ORCS_MAX_OPTS][ORCS_MAX_REPEAT]; /* per option of cmd->opts */
	int counts[ORCS_MAX_OPTS];
	const char *pos[ORCS_MAX_POS];    /* positional arguments */
	int npos;
} orcs_args;

struct orcs_cmd {
	const char *name;
	const char *synopsis;     /* positional part, e.g. "TABLE" */
	const char *summary;      /* French, one line */
	const char *description;  /* French, a paragraph */
	const orcs_opt *opts;     /* terminated by { NULL } */
	int min_pos, max_pos;     /* accepted positional counts (-1 = any) */
	int (*run)(const orcs_args *a);
};

extern const orcs_cmd orcs_commands[];
extern const unsigned orcs_commands_count;

/* Options every command accepts (--db, --help). */
extern const orcs_opt orcs_global_opts[];

/* Accessors: value of option `name` (last one given) or NULL; flag set;
 * number of values of a repeatable option and the i-th one. */
const char *orcs_arg(const orcs_args *a, const char *name);
int orcs_flag(const orcs_args *a, const char *name);
int orcs_arg_count(const orcs_args *a, const char *name);
const char *orcs_arg_at(const orcs_args *a, const char *name, int i);

/* Prints "orcs : message" on stderr; for ORCS_EUSAGE also the command's
 * usage.  Returns err->code, the exit status. */
int orcs_cli_fail(const orcs_args *a, const orcs_error *err);

/* Opens the warehouse named by --db (must exist, latest schema). */
int orcs_cli_open_db(const orcs_args *a, orcs_db **db, int flags, orcs_error *err);

/* The data folder: $ORCS_DATA, else ../data next to the executable, else
 * the source tree's data/ recorded at build time. */
const char *orcs_cli_datadir(void);

void orcs_cli_usage(FILE *f, const orcs_cmd *c);
void orcs_cli_help(FILE *f);
void orcs_cli_help_cmd(FILE *f, const orcs_cmd *c);
void orcs_cli_markdown(FILE *f);

/* Commands (one file each: cli/cmd_NAME.c). */
int orcs_cmd_init(const orcs_args *a);
int orcs_cmd_ref(const orcs_args *a);
int orcs_cmd_help(const orcs_args *a);
int orcs_cmd_import_decp(const orcs_args *a);
int orcs_cmd_import_clauses(const orcs_args *a);
int orcs_cmd_import_siae(const orcs_args *a);
int orcs_cmd_quality(const orcs_args *a);
int orcs_cmd_stats(const orcs_args *a);
int orcs_cmd_refresh(const orcs_args *a);
int orcs_cmd_synth(const orcs_args *a);
int orcs_cmd_serve(const orcs_args *a);
int orcs_cmd_export_decp(const orcs_args *a);
int orcs_cmd_export_indicators(const orcs_args *a);
int orcs_cmd_export_geo(const orcs_args *a);
int orcs_cmd_report_annual(const orcs_args *a);
int orcs_cmd_report_sheet(const orcs_args *a);
int orcs_cmd_report_all(const orcs_args *a);

/* For commands whose issue has not landed yet. */
int orcs_cli_not_yet(const orcs_args *a);

#endif
