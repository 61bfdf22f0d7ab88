/* cmd_stats.c - `orcs stats ID`: compute an indicator (DECP shares for now). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/text.h"
#include "indicators/catalogue.h"
#include "indicators/decp_share.h"
#include "ref/ref.h"

static void json_out(const orcs_share *s)
{
	yajl_gen g = orcs_json_new(stdout, 0);
	int i;
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "indicator", s->indicator);
	orcs_json_kstr(g, "version", s->version);
	orcs_json_str(g, "year");
	if (s->year)
		orcs_json_int(g, s->year);
	else
		orcs_json_null(g);
	orcs_json_kstr(g, "audience", "public");
	orcs_json_kstr(g, "scope", s->dept[0] ? s->dept : "11");
	orcs_json_kint(g, "excluded_no_year", s->no_year);
	orcs_json_str(g, "rows");
	yajl_gen_array_open(g);
	for (i = 0; i < s->nrows; i++) {
		const orcs_share_row *r = &s->rows[i];
		yajl_gen_map_open(g);
		orcs_json_str(g, "dims");
		yajl_gen_map_open(g);
		if (r->dim) {
			orcs_json_str(g, r->dim);
			if (!strcmp(r->dim, "year"))
				orcs_json_int(g, atoi(r->dim_value));
			else
				orcs_json_str(g, r->dim_value);
		}
		yajl_gen_map_close(g);
		orcs_json_knum(g, "value", r->value);
		orcs_json_kint(g, "numerator", r->numerator);
		orcs_json_kint(g, "denominator", r->denominator);
		orcs_json_knum(g, "coverage", r->coverage);
		orcs_json_knum(g, "coverage_fmt", r->coverage_fmt);
		orcs_json_knum(g, "coverage_filled", r->coverage_filled);
		orcs_json_kint(g, "population", r->population);
		orcs_json_str(g, "secret");
		orcs_json_bool(g, 0);
		if (r->republished_subset)
			orcs_json_kstr(g, "note", "sous-ensemble republié");
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
	orcs_json_free(g);
	putchar('\n');
}

static void cell_pct(orcs_buf *b, double v)
{
	orcs_buf_reset(b);
	if (isnan(v))
		orcs_buf_adds(b, "–");
	else
		orcs_fmt_percent(b, v, 1);
}

static void text_out(const orcs_share *s)
{
	orcs_buf v = ORCS_BUF_INIT, n = ORCS_BUF_INIT, d = ORCS_BUF_INIT, c = ORCS_BUF_INIT;
	int i;
	printf("%s (%s, version %s)\n", s->label, s->indicator, s->version);
	printf("Périmètre" ORCS_NBSP ": %s%s" ORCS_NBSP "; année de notification" ORCS_NBSP ": ",
	       s->dept[0] ? "département " : "Île-de-France", s->dept);
	if (s->year)
		printf("%d\n\n", s->year);
	else
		printf("toutes\n\n");
	printf("%-44s %10s %12s %14s %11s\n", "", "part", "numérateur", "dénominateur", "couverture");
	for (i = 0; i < s->nrows; i++) {
		const orcs_share_row *r = &s->rows[i];
		char label[128];
		cell_pct(&v, r->value);
		orcs_buf_reset(&n);
		orcs_fmt_number(&n, (double)r->numerator, 0);
		orcs_buf_reset(&d);
		orcs_fmt_number(&d, (double)r->denominator, 0);
		cell_pct(&c, r->coverage);
		snprintf(label, sizeof(label), "%s%s", r->dim ? "  " : "", r->label);
		if (i > 0 && r->dim && (!s->rows[i - 1].dim || strcmp(s->rows[i - 1].dim, r->dim)))
			printf("%s\n", !strcmp(r->dim, "year") ? "Par année de notification"
							    : "Par valeur (une même valeur peut "
							      "en accompagner une autre)");
		/* widths count bytes: pad by hand for accented labels */
		printf("%s", label);
		{
			size_t w = 0, k;
			for (k = 0; label[k]; k++)
				if (((unsigned char)label[k] & 0xC0) != 0x80)
					w++;
			printf("%*s", w < 44 ? (int)(44 - w) : 0, "");
		}
		printf(" %10s %12s %14s %11s\n", v.data, n.data, d.data, c.data);
	}
	printf("\nCouverture" ORCS_NBSP ": part des contrats où le champ est renseigné" ORCS_NBSP
	       "; le format 2019 ne le prévoit pas.\n");
	if (s->no_year) {
		orcs_buf_reset(&n);
		orcs_fmt_number(&n, (double)s->no_year, 0);
		printf("%s contrat%s sans date de notification exploitable %s exclu%s.\n", n.data,
		       s->no_year > 1 ? "s" : "", s->no_year > 1 ? "sont" : "est",
		       s->no_year > 1 ? "s" : "");
	}
	orcs_buf_release(&v);
	orcs_buf_release(&n);
	orcs_buf_release(&d);
	orcs_buf_release(&c);
}

static int list(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_db *db = NULL;
	orcs_rows_format fmt;
	const char *format = orcs_flag(a, "--json") ? "json" : orcs_arg(a, "--format");
	int rc;
	if (orcs_rows_format_parse(format, &fmt) < 0) {
		orcs_error_set(&err, ORCS_EUSAGE,
			       "--format" ORCS_NBSP ": valeur inconnue « %s » (table, csv ou json)", format);
		return orcs_cli_fail(a, &err);
	}
	if (orcs_cli_open_db(a, &db, ORCS_DB_READONLY, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	rc = orcs_flag(a, "--markdown") ? orcs_catalogue_markdown(db, stdout, &err)
				       : orcs_catalogue_list(db, fmt, stdout, &err);
	orcs_db_close(db);
	return rc == ORCS_OK ? 0 : orcs_cli_fail(a, &err);
}

int orcs_cmd_stats(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_db *db = NULL;
	orcs_share s;
	const char *ys = orcs_arg(a, "--year"), *dept = orcs_arg(a, "--dept");
	int year = 0;

	if (orcs_flag(a, "--list"))
		return list(a);
	if (a->npos != 1) {
		orcs_error_set(&err, ORCS_EUSAGE, "indiquez un INDICATEUR ou --list");
		return orcs_cli_fail(a, &err);
	}
	if (!orcs_share_known(a->pos[0])) {
		orcs_error_set(&err, ORCS_EUSAGE,
			       "indicateur inconnu « %s » (disponibles" ORCS_NBSP
			       ": decp.social_share, decp.env_share)",
			       a->pos[0]);
		return orcs_cli_fail(a, &err);
	}
	if (ys) {
		char *end;
		long y = strtol(ys, &end, 10);
		if (*end || end == ys || y < 2000 || y > 2100) {
			orcs_error_set(&err, ORCS_EUSAGE, "--year" ORCS_NBSP ": année invalide « %s »", ys);
			return orcs_cli_fail(a, &err);
		}
		year = (int)y;
	}
	if (dept && !orcs_ref_is_idf_dept(dept)) {
		orcs_error_set(&err, ORCS_EUSAGE,
			       "--dept" ORCS_NBSP ": département inconnu « %s » (attendu 75, 77, 78, "
			       "91, 92, 93, 94 ou 95)",
			       dept);
		return orcs_cli_fail(a, &err);
	}
	if (orcs_cli_open_db(a, &db, ORCS_DB_READONLY, &err) != ORCS_OK)
		return orcs_cli_fail(a, &err);
	if (orcs_share_compute(db, a->pos[0], year, dept, &s, &err) != ORCS_OK) {
		orcs_db_close(db);
		return orcs_cli_fail(a, &err);
	}
	if (orcs_flag(a, "--json"))
		json_out(&s);
	else
		text_out(&s);
	orcs_share_release(&s);
	orcs_db_close(db);
	return 0;
}
