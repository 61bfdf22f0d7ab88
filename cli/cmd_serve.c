/* cmd_serve.c - `orcs serve`: the web site and the JSON API. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "web/server.h"

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;
	if (!s)
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

int orcs_cmd_serve(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_server_config cfg;
	orcs_db *db;
	const char *log = orcs_arg(a, "--log");
	int rc;

	cfg.db_path = a->db_path;
	cfg.bind = orcs_arg(a, "--bind") ? orcs_arg(a, "--bind") : "127.0.0.1";
	cfg.port = 8080;
	cfg.threads = 2;
	cfg.access_log = stderr;
	if (parse_int(orcs_arg(a, "--port"), 1, 65535, &cfg.port) < 0) {
		orcs_error_set(&err, ORCS_EUSAGE, "--port" ORCS_NBSP ": port invalide « %s »",
			       orcs_arg(a, "--port"));
		return orcs_cli_fail(a, &err);
	}
	if (parse_int(orcs_arg(a, "--threads"), 1, 64, &cfg.threads) < 0) {
		orcs_error_set(&err, ORCS_EUSAGE, "--threads" ORCS_NBSP ": nombre invalide « %s » "
				"(1 à 64)", orcs_arg(a, "--threads"));
		return orcs_cli_fail(a, &err);
	}
	if (log && strcmp(log, "-")) {
		cfg.access_log = fopen(log, "a");
		if (!cfg.access_log) {
			orcs_error_set(&err, ORCS_EIO, "%s" ORCS_NBSP ": %s", log, strerror(errno));
			return orcs_cli_fail(a, &err);
		}
	}
	/* fail early, with a clear message, when the warehouse is not usable */
	if (orcs_cli_open_db(a, &db, ORCS_DB_READONLY, &err) != ORCS_OK) {
		if (cfg.access_log != stderr)
			fclose(cfg.access_log);
		return orcs_cli_fail(a, &err);
	}
	orcs_db_close(db);
	rc = orcs_server_run(&cfg, &err);
	if (cfg.access_log != stderr)
		fclose(cfg.access_log);
	return rc == ORCS_OK ? 0 : orcs_cli_fail(a, &err);
}
