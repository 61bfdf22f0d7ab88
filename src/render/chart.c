#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "render/chart_internal.h"
#include "render/escape.h"

const char *const orcs_palette[8] = { "#0072B2", "#E69F00", "#009E73", "#CC79A7",
				      "#56B4E9", "#D55E00", "#F0E442", "#000000" };
const char *const orcs_sequential[5] = { "#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c" };

orcs_chart *orcs_chart_new(orcs_chart_type type, const char *title)
{
	orcs_chart *c = orcs_xcalloc(1, sizeof(*c));
	c->type = type;
	c->title = orcs_xstrdup(title ? title : "");
	c->decimals = 0;
	return c;
}

void orcs_chart_free(orcs_chart *c)
{
	int i;
	if (!c)
		return;
	for (i = 0; i < c->ncat; i++) {
		free(c->cat_key[i]);
		free(c->cat_label[i]);
		if (c->cat_note)
			free(c->cat_note[i]);
	}
	free(c->cat_note);
	free(c->note_label);
	free(c->dom_id);
	free(c->highlight);
	for (i = 0; i < c->nseries; i++)
		free(c->series[i]);
	free(c->cat_key);
	free(c->cat_label);
	free(c->series);
	free(c->cells);
	free(c->title);
	free(c->source);
	free(c->summary);
	free(c->link);
	free(c);
}

void orcs_chart_set_unit(orcs_chart *c, orcs_unit unit, int decimals)
{
	c->unit = unit;
	c->decimals = decimals;
}

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? orcs_xstrdup(s) : NULL;
}

void orcs_chart_set_highlight(orcs_chart *c, const char *key)
{
	set_str(&c->highlight, key && *key ? key : NULL);
}

int orcs_chart_faded(const orcs_chart *c, int k)
{
	return c->highlight && k >= 0 && k < c->ncat && strcmp(c->cat_key[k], c->highlight);
}

void orcs_chart_set_source(orcs_chart *c, const char *s)
{
	set_str(&c->source, s);
}

void orcs_chart_set_summary(orcs_chart *c, const char *s)
{
	set_str(&c->summary, s);
}

void orcs_chart_set_link(orcs_chart *c, const char *s)
{
	set_str(&c->link, s);
}

void orcs_chart_set_note(orcs_chart *c, int k, const char *note)
{
	if (k < 0 || k >= c->ncat)
		return;
	if (!c->cat_note)
		c->cat_note = orcs_xcalloc((size_t)c->acat, sizeof(char *));
	set_str(&c->cat_note[k], note);
}

const char *orcs_chart_title(const orcs_chart *c)
{
	return c->title;
}

const char *orcs_chart_summary(const orcs_chart *c)
{
	return c->summary;
}

void orcs_chart_set_dom_id(orcs_chart *c, const char *id)
{
	set_str(&c->dom_id, id);
}

void orcs_chart_set_note_label(orcs_chart *c, const char *label)
{
	set_str(&c->note_label, label);
}

void orcs_chart_set_geo(orcs_chart *c, const orcs_geo *geo)
{
	c->geo = geo;
}

/* Cells are stored [series][cells_cat_cap]; growing the category capacity
 * re-lays them out. */
static void ensure_cells(orcs_chart *c, int nseries, int ncat)
{
	int cap = c->cells_cat_cap, s, k;
	chart_cell *cells;
	if (ncat <= cap && nseries <= c->nseries && c->cells)
		return;
	if (ncat > cap)
		cap = ncat < 16 ? 16 : ncat * 2;
	cells = orcs_xmalloc((size_t)(nseries > 0 ? nseries : 1) * (size_t)cap * sizeof(*cells));
	for (s = 0; s < nseries; s++)
		for (k = 0; k < cap; k++) {
			if (c->cells && s < c->nseries && k < c->cells_cat_cap && k < c->ncat)
				cells[s * cap + k] = c->cells[s * c->cells_cat_cap + k];
			else {
				cells[s * cap + k].v = NAN;
				cells[s * cap + k].secret = 0;
			}
		}
	free(c->cells);
	c->cells = cells;
	c->cells_cat_cap = cap;
}

int orcs_chart_add_category(orcs_chart *c, const char *key, const char *label)
{
	if (c->ncat == c->acat) {
		c->acat = c->acat ? c->acat * 2 : 16;
		c->cat_key = orcs_xrealloc(c->cat_key, (size_t)c->acat * sizeof(char *));
		c->cat_label = orcs_xrealloc(c->cat_label, (size_t)c->acat * sizeof(char *));
		if (c->cat_note) {
			int i;
			c->cat_note = orcs_xrealloc(c->cat_note, (size_t)c->acat * sizeof(char *));
			for (i = c->ncat; i < c->acat; i++)
				c->cat_note[i] = NULL;
		}
	}
	c->cat_key[c->ncat] = orcs_xstrdup(key ? key : "");
	c->cat_label[c->ncat] = orcs_xstrdup(label ? label : (key ? key : ""));
	ensure_cells(c, c->nseries, c->ncat + 1);
	return c->ncat++;
}

int orcs_chart_add_series(orcs_chart *c, const char *label)
{
	c->series = orcs_xrealloc(c->series, (size_t)(c->nseries + 1) * sizeof(char *));
	c->series[c->nseries] = orcs_xstrdup(label ? label : "");
	{
		/* add a row of empty cells for the new series */
		int cap = c->cells_cat_cap ? c->cells_cat_cap : 16, k;
		chart_cell *cells = orcs_xmalloc((size_t)(c->nseries + 1) * (size_t)cap * sizeof(*cells));
		if (c->cells)
			memcpy(cells, c->cells, (size_t)c->nseries * (size_t)cap * sizeof(*cells));
		for (k = 0; k < cap; k++) {
			cells[c->nseries * cap + k].v = NAN;
			cells[c->nseries * cap + k].secret = 0;
		}
		free(c->cells);
		c->cells = cells;
		c->cells_cat_cap = cap;
	}
	return c->nseries++;
}

chart_cell *orcs_chart_cell(const orcs_chart *c, int s, int k)
{
	return &c->cells[s * c->cells_cat_cap + k];
}

void orcs_chart_set(orcs_chart *c, int s, int k, double v, int secret)
{
	chart_cell *cell;
	if (s < 0 || s >= c->nseries || k < 0 || k >= c->ncat)
		return;
	cell = orcs_chart_cell(c, s, k);
	cell->v = v;
	cell->secret = secret;
}

void orcs_chart_format(const orcs_chart *c, double v, orcs_buf *out)
{
	switch (c->unit) {
	case ORCS_UNIT_PERCENT:
		orcs_fmt_percent(out, v, c->decimals);
		break;
	case ORCS_UNIT_HOURS:
		orcs_fmt_number(out, v, c->decimals);
		orcs_buf_adds(out, ORCS_NBSP "h");
		break;
	case ORCS_UNIT_EUROS:
		orcs_fmt_number(out, v, c->decimals);
		orcs_buf_adds(out, ORCS_NBSP "€");
		break;
	default:
		orcs_fmt_number(out, v, c->decimals);
	}
}

static void cell_text(const orcs_chart *c, const chart_cell *cell, orcs_buf *out)
{
	if (cell->secret)
		orcs_buf_adds(out, "s");
	else if (isnan(cell->v))
		orcs_buf_adds(out, "–");
	else
		orcs_chart_format(c, cell->v, out);
}

void orcs_chart_table_html(const orcs_chart *c, orcs_buf *out)
{
	int s, k, any_secret = 0;
	orcs_buf_adds(out, "<table class=\"data\"><caption>");
	orcs_escape_html(out, c->title);
	orcs_buf_adds(out, "</caption>\n<thead><tr><th scope=\"col\"></th>");
	for (s = 0; s < c->nseries; s++) {
		orcs_buf_adds(out, "<th scope=\"col\">");
		orcs_escape_html(out, c->series[s]);
		orcs_buf_adds(out, "</th>");
	}
	if (c->cat_note) {
		orcs_buf_adds(out, "<th scope=\"col\" class=\"note\">");
		orcs_escape_html(out, c->note_label ? c->note_label : "Note");
		orcs_buf_adds(out, "</th>");
	}
	orcs_buf_adds(out, "</tr></thead>\n<tbody>\n");
	for (k = 0; k < c->ncat; k++) {
		int sel = c->highlight && !orcs_chart_faded(c, k);
		orcs_buf_adds(out, sel ? "<tr class=\"selected\"><th scope=\"row\">" : "<tr><th scope=\"row\">");
		orcs_escape_html(out, c->cat_label[k]);
		if (sel)
			orcs_buf_adds(out, " <span class=\"tag\">(sélection)</span>");
		orcs_buf_adds(out, "</th>");
		for (s = 0; s < c->nseries; s++) {
			const chart_cell *cell = orcs_chart_cell(c, s, k);
			orcs_buf tmp = ORCS_BUF_INIT;
			any_secret |= cell->secret;
			cell_text(c, cell, &tmp);
			orcs_buf_adds(out, "<td>");
			orcs_escape_html(out, tmp.data);
			orcs_buf_adds(out, "</td>");
			orcs_buf_release(&tmp);
		}
		if (c->cat_note) {
			orcs_buf_adds(out, "<td class=\"note\">");
			orcs_escape_html(out, c->cat_note[k] ? c->cat_note[k] : "–");
			orcs_buf_adds(out, "</td>");
		}
		orcs_buf_adds(out, "</tr>\n");
	}
	orcs_buf_adds(out, "</tbody>\n</table>\n");
	if (any_secret)
		orcs_buf_adds(out, "<p class=\"note\">s" ORCS_NBSP ": donnée couverte par le secret "
				   "statistique" ORCS_NBSP "; –" ORCS_NBSP ": pas de donnée.</p>\n");
	if (c->source) {
		orcs_buf_adds(out, "<p class=\"source\">");
		orcs_escape_html(out, c->source);
		orcs_buf_adds(out, "</p>\n");
	}
}

/* ---- shared by the renderers (chart_internal.h) ---- */

static double nice_max(const orcs_chart *c, double m)
{
	double p, f;
	/* whole units (hours, counts) below 4: ticks 0, 1, 2, 3, 4 rather than
	 * repeated rounded labels */
	if (c->unit != ORCS_UNIT_PERCENT && c->decimals == 0 && m <= 4)
		return 4;
	if (!(m > 0))
		return 1;
	p = pow(10, floor(log10(m)));
	f = m / p;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

static double max_value(const orcs_chart *c, int stacked)
{
	double m = 0;
	int s, k;
	for (k = 0; k < c->ncat; k++) {
		double sum = 0;
		for (s = 0; s < c->nseries; s++) {
			const chart_cell *cell = orcs_chart_cell(c, s, k);
			if (cell->secret || isnan(cell->v))
				continue;
			if (stacked)
				sum += cell->v;
			else if (cell->v > m)
				m = cell->v;
		}
		if (stacked && sum > m)
			m = sum;
	}
	return m;
}

double orcs_chart_axis_max(const orcs_chart *c, int stacked)
{
	return nice_max(c, max_value(c, stacked));
}

int orcs_chart_find_category(const orcs_chart *c, const char *key)
{
	int k;
	for (k = 0; k < c->ncat; k++)
		if (!strcmp(c->cat_key[k], key))
			return k;
	return -1;
}

int orcs_chart_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int orcs_chart_has_values(const orcs_chart *c)
{
	int s, k;
	for (s = 0; s < c->nseries; s++)
		for (k = 0; k < c->ncat; k++) {
			const chart_cell *cell = orcs_chart_cell(c, s, k);
			if (c->type == ORCS_CHART_DONUT ? (s == 0 && (cell->secret || cell->v > 0))
			    : !isnan(cell->v) || (cell->secret && c->type != ORCS_CHART_LINE))
				return 1;
		}
	return 0;
}
