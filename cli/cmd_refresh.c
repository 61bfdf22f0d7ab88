/* cmd_refresh.c - `orcs refresh`: recompute the indicator cache. */
#include "cli/cli.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/text.h"
#include "indicators/engine.h"

int orcs_cmd_refresh(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_db *db = NULL;
	orcs_ind_cache_info info;

	if (orcs_cli_open_db(a, &db, 0, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	if (orcs_refresh(db, &err) != ORCS_OK || orcs_ind_cache_info_get(db, &info, &err) != ORCS_OK) {
		orcs_db_close(db);
		return orcs_cli_fail(a, &err);
	}
	if (orcs_flag(a, "--json")) {
		yajl_gen g = orcs_json_new(stdout, 0);
		yajl_gen_map_open(g);
		orcs_json_kstr(g, "refreshed_at", info.refreshed_at);
		orcs_json_kint(g, "results", info.queries);
		orcs_json_kint(g, "rows", info.rows);
		orcs_json_knum(g, "seconds", info.seconds);
		yajl_gen_map_close(g);
		orcs_json_free(g);
		putchar('\n');
	} else {
		orcs_buf n = ORCS_BUF_INIT, r = ORCS_BUF_INIT, s = ORCS_BUF_INIT;
		orcs_fmt_number(&n, (double)info.queries, 0);
		orcs_fmt_number(&r, (double)info.rows, 0);
		orcs_fmt_number(&s, info.seconds, 1);
		printf("Cache des indicateurs recalculé" ORCS_NBSP ": %s résultats (%s lignes) en %s" ORCS_NBSP
		       "s.\n",
		       n.data, r.data, s.data);
		orcs_buf_release(&n);
		orcs_buf_release(&r);
		orcs_buf_release(&s);
	}
	orcs_db_close(db);
	return 0;
}
