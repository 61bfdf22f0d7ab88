/* fuzz_decp_common.h - shared by the DECP fuzz targets: a normaliser
 * context over an in-memory warehouse holding the referential, built once,
 * and a record callback that normalises, copies and serialises each record
 * (everything the import does except writing to SQLite).  The referential
 * is read from $ORCS_DATA, else data/ (fuzz/run works from the root). */
#ifndef ORCS_FUZZ_DECP_COMMON_H
#define ORCS_FUZZ_DECP_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "ingest/decp.h"
#include "ingest/decp_read.h"
#include "ref/ref.h"

static orcs_decp_ctx *fuzz_ctx;
static orcs_db *fuzz_db; /* kept open for the life of the process */
static orcs_arena fuzz_copy;

static inline void fuzz_setup(void)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_ref_report rep;
	const char *data = getenv("ORCS_DATA");
	if (fuzz_ctx)
		return;
	if (orcs_db_open(&fuzz_db, ":memory:", ORCS_DB_CREATE, &err) != ORCS_OK ||
	    orcs_db_migrate(fuzz_db, NULL, &err) != ORCS_OK ||
	    orcs_ref_load(fuzz_db, data && *data ? data : "data", &rep, &err) != ORCS_OK ||
	    !(fuzz_ctx = orcs_decp_ctx_new(fuzz_db, "2025-06-30", &err))) {
		fprintf(stderr, "fuzz setup: %s\n", err.msg);
		abort();
	}
	orcs_arena_init(&fuzz_copy);
}

typedef struct fuzz_src {
	const char *p;
	size_t n, pos;
} fuzz_src;

static inline long fuzz_read(void *c, char *buf, size_t n)
{
	fuzz_src *s = c;
	size_t k = s->n - s->pos;
	if (k > n)
		k = n;
	if (k > 4093) /* odd chunk sizes cross token boundaries */
		k = 4093;
	memcpy(buf, s->p + s->pos, k);
	s->pos += k;
	return (long)k;
}

static inline int fuzz_record(void *c, const orcs_decp_raw *raw, orcs_arena *a, orcs_error *err)
{
	orcs_decp_rec rec, copy;
	orcs_buf json = ORCS_BUF_INIT;
	int i;
	(void)c;
	(void)err;
	orcs_decp_normalise(fuzz_ctx, raw, a, &rec);
	orcs_decp_rec_copy(&fuzz_copy, &rec, &copy);
	if (copy.reason)
		orcs_dn_to_json(raw->root, &json, 4000);
	else
		for (i = 0; i < copy.nflags; i++)
			if (copy.flags[i].flag < 0 || copy.flags[i].flag >= ORCS_F_COUNT)
				__builtin_trap();
	if (json.len > 4100)
		__builtin_trap();
	orcs_buf_release(&json);
	orcs_arena_reset(&fuzz_copy);
	return 0;
}

#endif
