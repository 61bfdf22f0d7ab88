#include "render/ind_out.h"
#include "render/rows.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/text.h"
#include "indicators/secrecy.h"

#define NB ORCS_NBSP

static const char *kind_name(orcs_ind_kind k)
{
	static const char *const names[] = { "count", "sum", "distinct", "ratio", "mean", "value" };
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "value";
}

static int is_rate(const orcs_ind_result *r)
{
	return r->kind == ORCS_IND_RATIO;
}

static int has_fraction(const orcs_ind_result *r)
{
	return r->kind == ORCS_IND_RATIO || r->kind == ORCS_IND_MEAN;
}

/* ---- JSON -------------------------------------------------------------------- */

static void json_out(FILE *f, const orcs_ind_result *r)
{
	yajl_gen g = orcs_json_new(f, 0);
	int i, k;
	yajl_gen_map_open(g);
	orcs_json_kstr(g, "indicator", r->indicator);
	orcs_json_kint(g, "version", r->version);
	orcs_json_str(g, "year");
	if (r->year)
		orcs_json_int(g, r->year);
	else
		orcs_json_null(g);
	orcs_json_kstr(g, "audience", r->audience == ORCS_AUDIENCE_INTERNAL ? "internal" : "public");
	orcs_json_kstr(g, "label", r->label);
	orcs_json_kstr(g, "unit", r->unit);
	orcs_json_kstr(g, "kind", kind_name(r->kind));
	orcs_json_kstr(g, "year_rule", r->year_rule);
	{
		char s[4];
		snprintf(s, sizeof(s), "S%d", r->secrecy);
		orcs_json_kstr(g, "secrecy", s);
	}
	orcs_json_str(g, "by");
	yajl_gen_array_open(g);
	for (i = 0; i < r->nby; i++)
		orcs_json_str(g, r->by[i]);
	yajl_gen_array_close(g);
	/* multi-valued or numerator-only breakdowns: the parts overlap */
	orcs_json_str(g, "parts_add_up");
	yajl_gen_array_open(g);
	for (i = 0; i < r->nby; i++)
		orcs_json_bool(g, !r->by_multi[i]);
	yajl_gen_array_close(g);
	orcs_json_str(g, "where");
	yajl_gen_map_open(g);
	for (i = 0; i < r->nwhere; i++) {
		const char *eq = strchr(r->where[i], '=');
		if (!eq)
			continue;
		orcs_json_strn(g, r->where[i], (size_t)(eq - r->where[i]));
		orcs_json_str(g, eq + 1);
	}
	yajl_gen_map_close(g);
	orcs_json_kstr(g, "source", r->from_cache ? "cache" : "live");
	orcs_json_kstr(g, "change_unit", !r->has_previous ? NULL : is_rate(r) ? "points" : r->unit);
	if (r->excluded >= 0)
		orcs_json_kint(g, "excluded_no_year", r->excluded);
	orcs_json_kstr(g, "note", r->note);
	orcs_json_str(g, "rows");
	yajl_gen_array_open(g);
	for (k = 0; k < r->nrows; k++) {
		const orcs_ind_row *row = &r->rows[k];
		int counts = !has_fraction(r) && r->kind != ORCS_IND_VALUE;
		yajl_gen_map_open(g);
		orcs_json_str(g, "dims");
		yajl_gen_map_open(g);
		for (i = 0; i < r->nby; i++)
			if (row->has[i])
				orcs_json_kstr(g, r->by[i], row->code[i]);
		yajl_gen_map_close(g);
		orcs_json_knum(g, "value", row->value);
		orcs_json_knum(g, "numerator", row->numerator);
		orcs_json_knum(g, "denominator", counts ? NAN : row->denominator);
		orcs_json_knum(g, "coverage", row->coverage);
		orcs_json_str(g, "secret");
		orcs_json_bool(g, row->secret != 0);
		if (r->has_previous) {
			/* a secret cell has no comparison either */
			orcs_json_knum(g, "previous", row->secret ? NAN : row->previous);
			orcs_json_knum(g, "change", row->secret ? NAN : row->change);
		}
		for (i = 0; i < r->nextra; i++)
			orcs_json_knum(g, r->extra_name[i], row->extra[i]);
		if (r->nby) {
			orcs_json_str(g, "labels");
			yajl_gen_map_open(g);
			for (i = 0; i < r->nby; i++)
				if (row->has[i])
					orcs_json_kstr(g, r->by[i], row->label[i]);
			yajl_gen_map_close(g);
		}
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
	orcs_json_free(g);
	fputc('\n', f);
}

/* ---- CSV --------------------------------------------------------------------- */

static void csv_str(FILE *f, const char *s)
{
	orcs_rows_csv_field(f, s);
}

static void csv_num(FILE *f, double v, int secret)
{
	if (secret)
		fputc('s', f);
	else if (isfinite(v)) {
		if (v == (double)(long long)v && fabs(v) < 1e15)
			fprintf(f, "%lld", (long long)v);
		else
			fprintf(f, "%.10g", v);
	}
}

static void csv_out(FILE *f, const orcs_ind_result *r)
{
	int i, k;
	for (i = 0; i < r->nby; i++) {
		csv_str(f, r->by[i]);
		fputc(',', f);
		csv_str(f, r->by[i]);
		fputs("_label,", f);
	}
	fputs("value,numerator,denominator,coverage", f);
	if (r->has_previous)
		fputs(",previous,change", f);
	fputs(",secret", f);
	for (i = 0; i < r->nextra; i++)
		fprintf(f, ",%s", r->extra_name[i]);
	fputc('\n', f);
	for (k = 0; k < r->nrows; k++) {
		const orcs_ind_row *row = &r->rows[k];
		int s = row->secret != 0;
		for (i = 0; i < r->nby; i++) {
			if (row->has[i])
				csv_str(f, row->code[i] ? row->code[i] : "");
			fputc(',', f);
			if (row->has[i])
				csv_str(f, row->label[i]);
			fputc(',', f);
		}
		csv_num(f, row->value, s);
		fputc(',', f);
		csv_num(f, row->numerator, s);
		fputc(',', f);
		csv_num(f, has_fraction(r) ? row->denominator : NAN, s && has_fraction(r));
		fputc(',', f);
		csv_num(f, row->coverage, s);
		if (r->has_previous) {
			fputc(',', f);
			csv_num(f, row->previous, s); /* a secret cell has no comparison */
			fputc(',', f);
			csv_num(f, row->change, s);
		}
		fprintf(f, ",%d", s);
		for (i = 0; i < r->nextra; i++) {
			fputc(',', f);
			csv_num(f, row->extra[i], s);
		}
		fputc('\n', f);
	}
}

/* ---- text table (French) -------------------------------------------------------- */

static size_t width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static const char *rule_label(const char *rule)
{
	static const struct {
		const char *code, *label;
	} rules[] = {
		{ "NOTIFIED", "notifié dans l'année" },   { "ACTIVE", "actif dans l'année" },
		{ "REALISED", "réalisé dans l'année" },   { "PUBLISHED", "publié dans l'année" },
		{ "STARTED", "commencé dans l'année" },   { "ENDED", "terminé dans l'année" },
		{ "CUMULATIVE", "cumul au 31 décembre" },
	};
	unsigned i;
	for (i = 0; rule && i < sizeof(rules) / sizeof(rules[0]); i++)
		if (!strcmp(rules[i].code, rule))
			return rules[i].label;
	return rule ? rule : "";
}

static const char *extra_header(const char *name)
{
	if (!strcmp(name, "coverage_fmt"))
		return "format 2024";
	if (!strcmp(name, "coverage_filled"))
		return "renseignés 2024";
	if (!strcmp(name, "population"))
		return "contrats";
	if (!strcmp(name, "amount_excluded"))
		return "montants exclus";
	return name;
}

static int value_decimals(const orcs_ind_result *r)
{
	if (r->kind == ORCS_IND_MEAN)
		return 1;
	return 0;
}

static void fmt_value(orcs_buf *b, const orcs_ind_result *r, double v)
{
	if (isnan(v))
		orcs_buf_adds(b, "–");
	else if (is_rate(r))
		orcs_fmt_percent(b, v, 1);
	else
		orcs_fmt_number(b, v, value_decimals(r));
}

static void fmt_change(orcs_buf *b, const orcs_ind_result *r, double v)
{
	if (isnan(v)) {
		orcs_buf_adds(b, "–");
		return;
	}
	if (v > 0)
		orcs_buf_addc(b, '+');
	orcs_fmt_number(b, v, is_rate(r) ? 1 : value_decimals(r));
	if (is_rate(r))
		orcs_buf_adds(b, NB "pt");
}

static int all_digits(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static void row_label(orcs_buf *b, const orcs_ind_result *r, const orcs_ind_row *row)
{
	int i, first = 1;
	unsigned n = 0;
	for (i = 0; i < r->nby; i++)
		n += row->has[i] != 0;
	if (!n) {
		orcs_buf_adds(b, "Ensemble");
		return;
	}
	orcs_buf_adds(b, "  ");
	for (i = 0; i < r->nby; i++) {
		if (!row->has[i])
			continue;
		if (!first)
			orcs_buf_adds(b, " × ");
		first = 0;
		if (!row->code[i])
			orcs_buf_adds(b, "(non renseigné)");
		else if (row->label[i] && all_digits(row->code[i]))
			orcs_buf_addf(b, "%s %s", row->code[i], row->label[i]);
		else
			orcs_buf_adds(b, row->label[i] ? row->label[i] : row->code[i]);
	}
}

static void section_title(orcs_buf *b, const orcs_ind_result *r, const orcs_ind_row *row)
{
	int i, first = 1;
	orcs_buf_adds(b, "Par ");
	for (i = 0; i < r->nby; i++) {
		if (!row->has[i])
			continue;
		if (!first)
			orcs_buf_adds(b, " × ");
		first = 0;
		orcs_buf_adds(b, r->by_label[i] ? r->by_label[i] : r->by[i]);
		if (r->by_level[i])
			orcs_buf_addf(b, " (%s)", r->by_level[i]);
		if (r->by_multi[i])
			orcs_buf_adds(b, " — les parts ne s'additionnent pas");
	}
}

#define MAXCOL 12

static void text_out(FILE *f, const orcs_ind_result *r)
{
	const char *head[MAXCOL];
	int ncol = 0, k, i, c, show_cov = is_rate(r), any_secret = 0;
	char ***cells;
	size_t w[MAXCOL];
	orcs_buf b = ORCS_BUF_INIT;
	unsigned prev_mask = 0;

	for (k = 0; k < r->nrows; k++) {
		if (!isnan(r->rows[k].coverage))
			show_cov = 1;
		if (r->rows[k].secret)
			any_secret = 1;
	}
	/* header */
	fprintf(f, "%s (%s, version %d)\n", r->label, r->indicator, r->version);
	if (r->year)
		fprintf(f, "Année" NB ": %d (%s)", r->year, rule_label(r->year_rule));
	else
		fprintf(f, "Années" NB ": toutes, additionnées (%s)", rule_label(r->year_rule));
	fprintf(f, " — public" NB ": %s — calcul" NB ": %s\n",
		r->audience == ORCS_AUDIENCE_INTERNAL ? "interne (sans secret statistique)"
						       : "grand public",
		r->from_cache ? "cache" : "direct");
	for (i = 0; i < r->nwhere; i++)
		fprintf(f, "Filtre" NB ": %s\n", r->where[i]);
	fputc('\n', f);

	head[ncol++] = "";
	head[ncol++] = is_rate(r) ? "part" : r->kind == ORCS_IND_MEAN ? "moyenne" : "valeur";
	if (has_fraction(r)) {
		head[ncol++] = "numérateur";
		head[ncol++] = "dénominateur";
	}
	if (show_cov)
		head[ncol++] = "couverture";
	if (r->has_previous) {
		head[ncol++] = "N-1";
		head[ncol++] = "évolution";
	}
	for (i = 0; i < r->nextra && ncol < MAXCOL; i++)
		head[ncol++] = extra_header(r->extra_name[i]);

	cells = orcs_xcalloc((size_t)(r->nrows ? r->nrows : 1), sizeof(char **));
	for (c = 0; c < ncol; c++)
		w[c] = width(head[c]);
	for (k = 0; k < r->nrows; k++) {
		const orcs_ind_row *row = &r->rows[k];
		int s = row->secret != 0;
		cells[k] = orcs_xcalloc(MAXCOL, sizeof(char *));
		c = 0;
		orcs_buf_reset(&b);
		row_label(&b, r, row);
		cells[k][c++] = orcs_xstrdup(b.data);
#define CELL(expr)                                        \
	do {                                              \
		orcs_buf_reset(&b);                       \
		if (s)                                    \
			orcs_buf_adds(&b, "s");           \
		else                                      \
			expr;                             \
		cells[k][c++] = orcs_xstrdup(b.data);     \
	} while (0)
		CELL(fmt_value(&b, r, row->value));
		if (has_fraction(r)) {
			CELL(isnan(row->numerator) ? orcs_buf_adds(&b, "–")
						   : orcs_fmt_number(&b, row->numerator, 0));
			CELL(isnan(row->denominator) ? orcs_buf_adds(&b, "–")
						     : orcs_fmt_number(&b, row->denominator, 0));
		}
		if (show_cov)
			CELL(isnan(row->coverage) ? orcs_buf_adds(&b, "–")
						  : orcs_fmt_percent(&b, row->coverage, 1));
		if (r->has_previous) {
			orcs_buf_reset(&b);
			if (row->secret) /* a secret cell has no comparison */
				orcs_buf_adds(&b, "s");
			else
				fmt_value(&b, r, row->previous);
			cells[k][c++] = orcs_xstrdup(b.data);
			CELL(fmt_change(&b, r, row->change));
		}
		for (i = 0; i < r->nextra && c < MAXCOL; i++) {
			const char *n = r->extra_name[i];
			CELL(isnan(row->extra[i])       ? orcs_buf_adds(&b, "–")
			     : !strncmp(n, "coverage", 8) ? orcs_fmt_percent(&b, row->extra[i], 1)
							  : orcs_fmt_number(&b, row->extra[i], 0));
		}
#undef CELL
		for (i = 0; i < c; i++) {
			size_t cw = width(cells[k][i]);
			if (cw > w[i])
				w[i] = cw > 60 ? 60 : cw;
		}
	}
	for (c = 0; c < ncol; c++) {
		int pad = (int)(w[c] - width(head[c]));
		if (c == 0)
			fprintf(f, "%s%*s", head[c], pad, "");
		else
			fprintf(f, "  %*s%s", pad, "", head[c]);
	}
	fputc('\n', f);
	for (k = 0; k < r->nrows; k++) {
		unsigned mask = 0;
		for (i = 0; i < r->nby; i++)
			mask |= (unsigned)(r->rows[k].has[i] != 0) << i;
		if (mask && mask != prev_mask) {
			orcs_buf_reset(&b);
			section_title(&b, r, &r->rows[k]);
			fprintf(f, "%s\n", b.data);
		}
		prev_mask = mask;
		for (c = 0; c < ncol; c++) {
			size_t cw = width(cells[k][c]);
			if (c == 0)
				fprintf(f, "%s%*s", cells[k][c], cw < w[0] ? (int)(w[0] - cw) : 0, "");
			else
				fprintf(f, "  %*s%s", cw < w[c] ? (int)(w[c] - cw) : 0, "", cells[k][c]);
			free(cells[k][c]);
		}
		fputc('\n', f);
		free(cells[k]);
	}
	free(cells);

	/* notes */
	fputc('\n', f);
	if (show_cov)
		fprintf(f, "Couverture" NB ": part de la population dont l'information est connue.\n");
	if (r->has_previous)
		fprintf(f, "N-1" NB ": valeur de %d telle que publiée%s.\n", r->year - 1,
			is_rate(r) ? "" NB "; évolution en points de pourcentage" : "");
	if (any_secret)
		fprintf(f, "s" NB ": secret statistique (moins de 5 personnes, 3 entreprises au plus "
			   "ou une entreprise pesant 85" NB "%% ou plus, ou case qui permettrait de "
			   "retrouver une case masquée).\n");
	if (r->excluded > 0) {
		orcs_buf_reset(&b);
		orcs_fmt_number(&b, (double)r->excluded, 0);
		fprintf(f, "%s enregistrement%s sans année exploitable %s exclu%s.\n", b.data,
			r->excluded > 1 ? "s" : "", r->excluded > 1 ? "sont" : "est",
			r->excluded > 1 ? "s" : "");
	}
	if (r->note)
		fprintf(f, "%s\n", r->note);
	if (r->caveats)
		fprintf(f, "Précautions" NB ": %s\n", r->caveats);
	orcs_buf_release(&b);
}

void orcs_ind_write(FILE *f, const orcs_ind_result *r, orcs_rows_format fmt)
{
	if (fmt == ORCS_ROWS_JSON)
		json_out(f, r);
	else if (fmt == ORCS_ROWS_CSV)
		csv_out(f, r);
	else
		text_out(f, r);
}
