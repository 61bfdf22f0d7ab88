/* cmd_import_decp.c - `orcs import decp PATH...`: runs the DECP import
 * (src/ingest/decp_import.h) and prints its report, with a progress line
 * on a terminal. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/text.h"
#include "ingest/decp_import.h"

#define NB ORCS_NBSP

typedef struct prog {
	double t0, last;
	int shown;
} prog;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void num(orcs_buf *b, double v, int dec)
{
	orcs_fmt_number(b, v, dec);
}

/* One line, rewritten about four times a second (stderr is a terminal). */
static void on_progress(void *ctx, const orcs_decp_progress *p)
{
	prog *g = ctx;
	double t = now(), el = t - g->t0, rate, left;
	orcs_buf b = ORCS_BUF_INIT;
	if (t - g->last < 0.25 && p->bytes_done < p->bytes_total)
		return;
	g->last = t;
	g->shown = 1;
	orcs_buf_adds(&b, "\rImport DECP" NB ": ");
	num(&b, (double)p->bytes_done / 1e6, 1);
	orcs_buf_adds(&b, " / ");
	num(&b, (double)p->bytes_total / 1e6, 1);
	orcs_buf_adds(&b, " Mo");
	if (p->bytes_total > 0) {
		orcs_buf_adds(&b, " (");
		orcs_fmt_percent(&b, (double)p->bytes_done / (double)p->bytes_total, 0);
		orcs_buf_adds(&b, ")");
	}
	rate = el > 0 ? (double)p->records / el : 0;
	orcs_buf_adds(&b, ", ");
	num(&b, rate, 0);
	orcs_buf_adds(&b, " enr./s");
	if (el > 0.5 && p->bytes_done > 0 && p->bytes_done < p->bytes_total) {
		left = el * (double)(p->bytes_total - p->bytes_done) / (double)p->bytes_done;
		orcs_buf_addf(&b, ", reste %d" NB "min %02d" NB "s", (int)(left / 60), (int)left % 60);
	}
	orcs_buf_adds(&b, "   ");
	fputs(b.data, stderr);
	fflush(stderr);
	orcs_buf_release(&b);
}

static const char *status_name(int s)
{
	return s == ORCS_FILE_IMPORTED ? "imported" : s == ORCS_FILE_SKIPPED ? "skipped" : "rejected";
}

static void print_json(const orcs_decp_report *r)
{
	yajl_gen g = orcs_json_new(stdout, 0);
	int i;
	yajl_gen_map_open(g);
	orcs_json_kint(g, "batch", r->batch_id);
	orcs_json_kint(g, "records", r->totals.records);
	orcs_json_kint(g, "loaded", r->totals.loaded);
	orcs_json_kint(g, "duplicates", r->totals.duplicates);
	orcs_json_kint(g, "quarantined", r->totals.quarantined);
	orcs_json_kint(g, "replaced", r->totals.replaced);
	orcs_json_str(g, "flags");
	yajl_gen_map_open(g);
	for (i = 0; i < ORCS_F_COUNT; i++)
		if (r->flags[i])
			orcs_json_kint(g, orcs_decp_flag_code(i), r->flags[i]);
	yajl_gen_map_close(g);
	orcs_json_str(g, "quarantine");
	yajl_gen_map_open(g);
	for (i = 0; i < ORCS_DECP_NQ; i++)
		if (r->quarantine[i])
			orcs_json_kint(g, orcs_decp_quarantine_codes[i], r->quarantine[i]);
	yajl_gen_map_close(g);
	orcs_json_str(g, "files");
	yajl_gen_map_open(g);
	orcs_json_kint(g, "imported", r->imported);
	orcs_json_kint(g, "skipped", r->skipped);
	orcs_json_kint(g, "rejected", r->rejected);
	yajl_gen_map_close(g);
	orcs_json_kint(g, "bytes", r->bytes);
	orcs_json_knum(g, "seconds", r->seconds);
	orcs_json_str(g, "by_file");
	yajl_gen_array_open(g);
	for (i = 0; i < r->nfiles; i++) {
		const orcs_decp_file_report *f = &r->files[i];
		yajl_gen_map_open(g);
		orcs_json_kstr(g, "path", f->path);
		orcs_json_kstr(g, "status", status_name(f->status));
		orcs_json_kstr(g, "format", f->format[0] ? f->format : NULL);
		orcs_json_kint(g, "records", f->counts.records);
		orcs_json_kint(g, "loaded", f->counts.loaded);
		orcs_json_kint(g, "duplicates", f->counts.duplicates);
		orcs_json_kint(g, "quarantined", f->counts.quarantined);
		orcs_json_kint(g, "replaced", f->counts.replaced);
		orcs_json_kint(g, "marches", f->marches);
		orcs_json_kint(g, "concessions", f->concessions);
		if (f->status == ORCS_FILE_REJECTED) {
			orcs_json_kstr(g, "reason", f->reason);
			orcs_json_kint(g, "offset", f->offset);
			orcs_json_kstr(g, "message", f->message);
		}
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
	orcs_json_free(g);
	putchar('\n');
}

/* "1 234 doublons", "1 doublon" */
static void count(orcs_buf *b, int64_t n, const char *one, const char *many)
{
	orcs_fmt_number(b, (double)n, 0);
	orcs_buf_addf(b, " %s", n > 1 ? many : one);
}

static void print_text(const orcs_decp_report *r)
{
	orcs_buf b = ORCS_BUF_INIT;
	int i, first;
	for (i = 0; i < r->nfiles; i++) {
		const orcs_decp_file_report *f = &r->files[i];
		orcs_buf_reset(&b);
		if (f->status == ORCS_FILE_SKIPPED) {
			printf("  %s" NB ": déjà importé, ignoré\n", f->path);
			continue;
		}
		if (f->status == ORCS_FILE_REJECTED) {
			printf("  %s" NB ": rejeté (%s) — %s\n", f->path, f->reason, f->message);
			continue;
		}
		count(&b, f->counts.records, "lu", "lus");
		orcs_buf_adds(&b, ", ");
		count(&b, f->counts.loaded, "chargé", "chargés");
		if (f->counts.replaced) {
			orcs_buf_adds(&b, " (dont ");
			count(&b, f->counts.replaced, "remplacement", "remplacements");
			orcs_buf_adds(&b, ")");
		}
		orcs_buf_adds(&b, ", ");
		count(&b, f->counts.duplicates, "doublon", "doublons");
		orcs_buf_adds(&b, ", ");
		orcs_fmt_number(&b, (double)f->counts.quarantined, 0);
		orcs_buf_adds(&b, " en quarantaine");
		printf("  %s (%s)" NB ": %s\n", f->path, f->format, b.data);
	}
	orcs_buf_reset(&b);
	count(&b, r->totals.records, "enregistrement lu", "enregistrements lus");
	orcs_buf_adds(&b, " = ");
	count(&b, r->totals.loaded, "chargé", "chargés");
	orcs_buf_adds(&b, " + ");
	count(&b, r->totals.duplicates, "doublon", "doublons");
	orcs_buf_adds(&b, " + ");
	orcs_fmt_number(&b, (double)r->totals.quarantined, 0);
	orcs_buf_adds(&b, " en quarantaine");
	if (r->totals.replaced) {
		orcs_buf_adds(&b, NB "; parmi les chargés, ");
		count(&b, r->totals.replaced, "remplace une version antérieure",
		      "remplacent une version antérieure");
	}
	printf("Bilan" NB ": %s.\n", b.data);
	orcs_buf_reset(&b);
	count(&b, r->imported, "importé", "importés");
	orcs_buf_adds(&b, ", ");
	count(&b, r->skipped, "déjà importé", "déjà importés");
	orcs_buf_adds(&b, ", ");
	count(&b, r->rejected, "rejeté", "rejetés");
	printf("Fichiers" NB ": %s.\n", b.data);
	first = 1;
	for (i = 0; i < ORCS_F_COUNT; i++)
		if (r->flags[i]) {
			orcs_buf_reset(&b);
			orcs_fmt_number(&b, (double)r->flags[i], 0);
			printf("%s%s %s", first ? "Signalements" NB ": " : ", ", orcs_decp_flag_code(i),
			       b.data);
			first = 0;
		}
	if (!first)
		printf(".\n");
	first = 1;
	for (i = 0; i < ORCS_DECP_NQ; i++)
		if (r->quarantine[i]) {
			orcs_buf_reset(&b);
			orcs_fmt_number(&b, (double)r->quarantine[i], 0);
			printf("%s%s %s", first ? "Quarantaine" NB ": " : ", ",
			       orcs_decp_quarantine_codes[i], b.data);
			first = 0;
		}
	if (!first)
		printf(" (détail" NB ": orcs quality).\n");
	orcs_buf_reset(&b);
	orcs_fmt_number(&b, (double)r->bytes / 1e6, 1);
	orcs_buf_adds(&b, " Mo en ");
	orcs_fmt_number(&b, r->seconds, 1);
	orcs_buf_adds(&b, NB "s");
	if (r->seconds > 0) {
		orcs_buf_adds(&b, " (");
		orcs_fmt_number(&b, (double)r->bytes / 1e6 / r->seconds, 1);
		orcs_buf_adds(&b, " Mo/s)");
	}
	printf("Lecture" NB ": %s.\n", b.data);
	orcs_buf_release(&b);
}

int orcs_cmd_import_decp(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_db *db = NULL;
	orcs_decp_import_opts o;
	orcs_decp_report rep;
	prog g;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&g, 0, sizeof(g));
	o.source = orcs_arg(a, "--source");
	o.no_refresh = orcs_flag(a, "--no-refresh");
	if (o.source && !*o.source) {
		orcs_error_set(&err, ORCS_EUSAGE, "--source" NB ": nom vide");
		return orcs_cli_fail(a, &err);
	}
	if (isatty(STDERR_FILENO)) {
		g.t0 = now();
		o.progress = on_progress;
		o.progress_ctx = &g;
	}
	/* SQLite's allocation statistics take a global mutex on every
	 * malloc, which the reader and loader threads would fight over; they
	 * are not used.  Only possible before SQLite is initialised. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (orcs_cli_open_db(a, &db, 0, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	rc = orcs_decp_import(db, a->pos, a->npos, &o, &rep, &err);
	if (g.shown)
		fputs("\r\033[K", stderr);
	if (rc == ORCS_EIO) {
		orcs_decp_report_release(&rep);
		orcs_db_close(db);
		return orcs_cli_fail(a, &err);
	}
	if (orcs_flag(a, "--json"))
		print_json(&rep);
	else
		print_text(&rep);
	orcs_decp_report_release(&rep);
	orcs_db_close(db);
	return rc;
}
