/*
 * cmd_import_clauses.c - `orcs import clauses PATH`: loads a delivery of the
 * exchange format and reports, per table, read = loaded + duplicates +
 * quarantined.  Exit 0 when clean, 1 when rows were quarantined or the
 * delivery was refused (identifying columns, unreadable file), 2 for usage
 * errors (bad mapping), 3 for I/O and database errors (missing key file).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/text.h"
#include "ingest/clauses.h"

static void json_counts(yajl_gen g, const orcs_counts *c)
{
	orcs_json_kint(g, "read", c->records);
	orcs_json_kint(g, "loaded", c->loaded);
	orcs_json_kint(g, "duplicates", c->duplicates);
	orcs_json_kint(g, "quarantined", c->quarantined);
	orcs_json_kint(g, "replaced", c->replaced);
}

static void json_reasons(yajl_gen g, const orcs_clauses_reason *r, size_t n)
{
	size_t i;
	orcs_json_str(g, "reasons");
	yajl_gen_map_open(g);
	for (i = 0; i < n; i++)
		orcs_json_kint(g, r[i].code, r[i].n);
	yajl_gen_map_close(g);
}

static void print_json(const char *path, const orcs_clauses_report *r)
{
	yajl_gen g = orcs_json_new(stdout, 0);
	size_t i;
	int t;
	yajl_gen_map_open(g);
	orcs_json_kint(g, "batch_id", r->batch_id);
	orcs_json_kstr(g, "delivery", path);
	orcs_json_kstr(g, "format", r->format[0] ? r->format : NULL);
	orcs_json_kstr(g, "sha256", r->sha256[0] ? r->sha256 : NULL);
	orcs_json_kstr(g, "status", r->refused ? "refused"
				    : r->already_imported ? "already_imported"
							  : "loaded");
	orcs_json_str(g, "tables");
	yajl_gen_map_open(g);
	for (t = 0; t < ORCS_CLAUSES_NTABLES; t++) {
		if (!r->present[t])
			continue;
		orcs_json_str(g, orcs_clauses_table_name(t));
		yajl_gen_map_open(g);
		json_counts(g, &r->tables[t]);
		json_reasons(g, r->table_reasons[t], r->ntable_reasons[t]);
		yajl_gen_map_close(g);
	}
	yajl_gen_map_close(g);
	orcs_json_kint(g, "records", r->total.records);
	orcs_json_kint(g, "loaded", r->total.loaded);
	orcs_json_kint(g, "duplicates", r->total.duplicates);
	orcs_json_kint(g, "quarantined", r->total.quarantined);
	orcs_json_kint(g, "replaced", r->total.replaced);
	json_reasons(g, r->reasons, r->nreasons);
	orcs_json_str(g, "dropped_columns");
	yajl_gen_array_open(g);
	for (i = 0; i < r->ndropped; i++)
		orcs_json_str(g, r->dropped[i]);
	yajl_gen_array_close(g);
	orcs_json_str(g, "warnings");
	yajl_gen_array_open(g);
	for (i = 0; i < r->nwarnings; i++)
		orcs_json_str(g, r->warnings[i]);
	yajl_gen_array_close(g);
	if (r->refused) {
		orcs_json_str(g, "refusal");
		yajl_gen_map_open(g);
		orcs_json_kstr(g, "code", r->refusal);
		orcs_json_kstr(g, "message", r->message);
		yajl_gen_map_close(g);
	}
	yajl_gen_map_close(g);
	orcs_json_free(g);
	putchar('\n');
}

/* A French-formatted count right-aligned on `width` characters (the narrow
 * no-break space is 3 bytes but one character). */
static const char *num(orcs_buf *b, int64_t v)
{
	orcs_buf_reset(b);
	orcs_fmt_number(b, (double)v, 0);
	return b->data;
}

static void cell(const char *s, int width)
{
	int chars = 0;
	const char *p;
	for (p = s; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	for (; chars < width; chars++)
		putchar(' ');
	fputs(s, stdout);
}

static void print_text(const char *path, const orcs_clauses_report *r)
{
	orcs_buf a = ORCS_BUF_INIT, b = ORCS_BUF_INIT, c = ORCS_BUF_INIT, d = ORCS_BUF_INIT,
		 e = ORCS_BUF_INIT;
	size_t i;
	int t;
	if (r->already_imported) {
		printf("Livraison %s" ORCS_NBSP ": déjà importée (mêmes octets), rien n'a changé.\n", path);
		goto out;
	}
	if (r->refused) {
		printf("Livraison %s" ORCS_NBSP ": refusée (%s), rien n'a été chargé.\n", path, r->refusal);
		goto out;
	}
	printf("Livraison %s (%s, lot d'import %lld)" ORCS_NBSP ":\n", path, r->format,
	       (long long)r->batch_id);
	printf("  %-20s", "table");
	cell("lus", 11);
	cell("chargés", 11);
	cell("doublons", 11);
	cell("quarantaine", 13);
	cell("remplacés", 11);
	putchar('\n');
	for (t = 0; t < ORCS_CLAUSES_NTABLES; t++) {
		const orcs_counts *k = &r->tables[t];
		if (!r->present[t])
			continue;
		printf("  %-20s", orcs_clauses_table_name(t));
		cell(num(&a, k->records), 11);
		cell(num(&b, k->loaded), 11);
		cell(num(&c, k->duplicates), 11);
		cell(num(&d, k->quarantined), 13);
		cell(num(&e, k->replaced), 11);
		putchar('\n');
	}
	printf("Total" ORCS_NBSP ": %s lus = %s chargés + %s doublons + %s en quarantaine",
	       num(&a, r->total.records), num(&b, r->total.loaded), num(&c, r->total.duplicates),
	       num(&d, r->total.quarantined));
	printf(" (%s remplacements d'une livraison antérieure).\n", num(&e, r->total.replaced));
	if (r->nreasons) {
		printf("Motifs de quarantaine" ORCS_NBSP ":");
		for (i = 0; i < r->nreasons; i++)
			printf("%s %s %s", i ? "," : "", r->reasons[i].code, num(&a, r->reasons[i].n));
		printf(" (détail" ORCS_NBSP ": table quarantine de l'entrepôt).\n");
	}
	if (r->ndropped) {
		printf("Colonnes identifiantes écartées à la lecture (jamais stockées)" ORCS_NBSP ":");
		for (i = 0; i < r->ndropped; i++)
			printf("%s %s", i ? "," : "", r->dropped[i]);
		printf(".\n");
	}
out:
	for (i = 0; i < r->nwarnings; i++)
		fprintf(stderr, "avertissement" ORCS_NBSP ": %s\n", r->warnings[i]);
	orcs_buf_release(&a);
	orcs_buf_release(&b);
	orcs_buf_release(&c);
	orcs_buf_release(&d);
	orcs_buf_release(&e);
}

int orcs_cmd_import_clauses(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_clauses_opts o;
	orcs_clauses_report rep;
	orcs_buf keypath = ORCS_BUF_INIT;
	orcs_db *db = NULL;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&rep, 0, sizeof(rep));
	o.path = a->pos[0];
	o.mapping = orcs_arg(a, "--mapping");
	o.drop_identifying = orcs_flag(a, "--drop-identifying-columns");
	o.no_refresh = orcs_flag(a, "--no-refresh");
	if (orcs_arg(a, "--key"))
		orcs_buf_adds(&keypath, orcs_arg(a, "--key"));
	else
		orcs_key_default_path(&keypath, a->db_path);
	if ((rc = orcs_cli_open_db(a, &db, 0, &err)) != ORCS_OK ||
	    (rc = orcs_key_read(keypath.data, o.key, &err)) != ORCS_OK) {
		orcs_buf_release(&keypath);
		orcs_db_close(db);
		return orcs_cli_fail(a, &err);
	}
	orcs_buf_release(&keypath);
	rc = orcs_clauses_import(db, &o, &rep, &err);
	sodium_memzero(o.key, sizeof(o.key));
	if (rc == ORCS_OK || (rc == ORCS_EINPUT && rep.refused)) {
		if (orcs_flag(a, "--json"))
			print_json(o.path, &rep);
		else
			print_text(o.path, &rep);
	}
	if (rc != ORCS_OK)
		orcs_cli_fail(a, &err);
	else if (rep.total.quarantined > 0)
		rc = ORCS_EINPUT;
	orcs_clauses_report_release(&rep);
	orcs_db_close(db);
	return rc;
}
