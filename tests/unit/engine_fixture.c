/* engine_fixture.c - see engine_fixture.h. */
#include "tests/unit/engine_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "ref/ref.h"
#include "tests/unit/harness.h"

const char FX_NULL[] = "(null)";

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	orcs_buf b = ORCS_BUF_INIT;
	char tmp[4096];
	size_t n;
	if (!f)
		return NULL;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		orcs_buf_add(&b, tmp, n);
	fclose(f);
	return orcs_buf_detach(&b, NULL);
}

orcs_db *fx_open(const char *sql_file)
{
	static int n;
	orcs_buf path = ORCS_BUF_INIT, file = ORCS_BUF_INIT;
	orcs_db *db = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	char *sql = NULL;

	orcs_buf_addf(&path, "%s/engine%d.db", harness_tmpdir(), ++n);
	if (orcs_db_open(&db, path.data, ORCS_DB_CREATE, &err) || orcs_db_migrate(db, NULL, &err) ||
	    orcs_ref_load(db, harness_datadir(), NULL, &err)) {
		printf("  setup: %s\n", err.msg);
		goto fail;
	}
	if (sql_file) {
		orcs_buf_addf(&file, "%s/../%s", harness_datadir(), sql_file);
		sql = slurp(file.data);
		if (!sql) {
			printf("  setup: cannot read %s\n", file.data);
			goto fail;
		}
		if (orcs_db_exec(db, sql, &err)) {
			printf("  setup: %s\n", err.msg);
			goto fail;
		}
	}
	free(sql);
	orcs_buf_release(&path);
	orcs_buf_release(&file);
	return db;
fail:
	free(sql);
	orcs_db_close(db);
	orcs_buf_release(&path);
	orcs_buf_release(&file);
	return NULL;
}

int fx_query(orcs_db *db, orcs_ind_result *r, const char *id, int year, const char *by,
	     const char *where, int internal, orcs_error *err)
{
	orcs_ind_query q = ORCS_IND_QUERY_INIT;
	char bybuf[128], wbuf[128];
	int rc;
	q.indicator = id;
	q.year = year;
	q.audience = internal ? ORCS_AUDIENCE_INTERNAL : ORCS_AUDIENCE_PUBLIC;
	q.live = 1;
	if (by) {
		char *comma;
		snprintf(bybuf, sizeof(bybuf), "%s", by);
		q.by[q.nby++] = bybuf;
		comma = strchr(bybuf, ',');
		if (comma) {
			*comma = '\0';
			q.by[q.nby++] = comma + 1;
		}
	}
	if (where) {
		char *eq;
		snprintf(wbuf, sizeof(wbuf), "%s", where);
		eq = strchr(wbuf, '=');
		if (eq) {
			*eq = '\0';
			q.where[0].dim = wbuf;
			q.where[0].value = eq + 1;
			q.nwhere = 1;
		}
	}
	memset(r, 0, sizeof(*r));
	rc = orcs_ind_compute(db, &q, r, err);
	if (rc != ORCS_OK)
		memset(r, 0, sizeof(*r));
	return rc;
}

static int match(const orcs_ind_row *row, int i, const char *c)
{
	if (!c)
		return !row->has[i];
	if (!row->has[i])
		return 0;
	if (c == FX_NULL)
		return row->code[i] == NULL;
	return row->code[i] && !strcmp(row->code[i], c);
}

const orcs_ind_row *fx_row(const orcs_ind_result *r, const char *c0, const char *c1)
{
	int k;
	for (k = 0; k < r->nrows; k++)
		if (match(&r->rows[k], 0, c0) && match(&r->rows[k], 1, c1))
			return &r->rows[k];
	return NULL;
}
