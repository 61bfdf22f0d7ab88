/*
 * chart_svg.c - SVG renderings of the chart model.  Every text goes through
 * orcs_escape_html(); numbers are formatted the French way.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "render/chart_internal.h"
#include "render/escape.h"

#define W 640
#define FONT "font-family=\"DejaVu Sans, Verdana, sans-serif\""

static void text(orcs_buf *o, double x, double y, const char *anchor, int size, const char *weight,
		 const char *s)
{
	orcs_buf_addf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\"%s%s%s>", x, y,
		      anchor, size, weight ? " font-weight=\"" : "", weight ? weight : "",
		      weight ? "\"" : "");
	orcs_escape_html(o, s);
	orcs_buf_adds(o, "</text>\n");
}

/* A label cut to `max` characters (UTF-8 aware) with an ellipsis; the full
 * text stays in a <title> for tooltips and screen readers. */
static void text_fit(orcs_buf *o, double x, double y, const char *anchor, int size,
		     const char *weight, const char *s, int max)
{
	int n = 0;
	const char *p = s;
	while (*p && n < max) {
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
		n++;
	}
	if (!*p) {
		text(o, x, y, anchor, size, weight, s);
		return;
	}
	orcs_buf_addf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\"%s%s%s><title>",
		      x, y, anchor, size, weight ? " font-weight=\"" : "", weight ? weight : "",
		      weight ? "\"" : "");
	orcs_escape_html(o, s);
	orcs_buf_adds(o, "</title>");
	orcs_escape_htmln(o, s, (size_t)(p - s));
	orcs_buf_adds(o, "…</text>\n");
}

static void value_text(const orcs_chart *c, const chart_cell *cell, orcs_buf *out)
{
	if (cell->secret)
		orcs_buf_adds(out, "s (secret statistique)");
	else if (isnan(cell->v))
		orcs_buf_adds(out, "pas de donnée");
	else
		orcs_chart_format(c, cell->v, out);
}

/* "<title>category – series : value</title>" for tooltips. */
static void mark_title(orcs_buf *o, const orcs_chart *c, int s, int k)
{
	orcs_buf t = ORCS_BUF_INIT;
	orcs_buf_adds(&t, c->cat_label[k]);
	if (c->nseries > 1) {
		orcs_buf_adds(&t, " – ");
		orcs_buf_adds(&t, c->series[s]);
	}
	orcs_buf_adds(&t, ORCS_NBSP ": ");
	value_text(c, orcs_chart_cell(c, s, k), &t);
	orcs_buf_adds(o, "<title>");
	orcs_escape_html(o, t.data);
	orcs_buf_adds(o, "</title>");
	orcs_buf_release(&t);
}

/* Ids inside the SVG: "t" and "d", or "ID-t" and "ID-d" with a dom id. */
static void svg_id(orcs_buf *o, const orcs_chart *c, const char *suffix)
{
	if (c->dom_id) {
		orcs_escape_html(o, c->dom_id);
		orcs_buf_addc(o, '-');
	}
	orcs_buf_adds(o, suffix);
}

static void open_svg(orcs_buf *o, const orcs_chart *c, int h)
{
	orcs_buf_addf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
			 "width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"",
		      W, h, W, h);
	svg_id(o, c, "t");
	orcs_buf_addc(o, ' ');
	svg_id(o, c, "d");
	orcs_buf_addf(o, "\" %s>\n<title id=\"", FONT);
	svg_id(o, c, "t");
	orcs_buf_adds(o, "\">");
	orcs_escape_html(o, c->title);
	orcs_buf_adds(o, "</title>\n<desc id=\"");
	svg_id(o, c, "d");
	orcs_buf_adds(o, "\">");
	orcs_escape_html(o, c->summary ? c->summary : c->title);
	orcs_buf_adds(o, "</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
	text_fit(o, 8, 22, "start", 15, "bold", c->title, 66);
}

static void close_svg(orcs_buf *o, const orcs_chart *c, int h)
{
	if (c->source)
		text(o, 8, h - 8, "start", 10, NULL, c->source);
	orcs_buf_adds(o, "</svg>\n");
}

/* Height the legend takes (same wrapping as legend()). */
static int legend_height(const orcs_chart *c)
{
	int s, rows = 1;
	double x = 8;
	if (c->nseries < 2)
		return 0;
	for (s = 0; s < c->nseries; s++) {
		double w = 22 + 7.5 * (double)strlen(c->series[s]);
		if (x + w > W - 8 && x > 8) {
			x = 8;
			rows++;
		}
		x += w;
	}
	return 24 + 18 * rows;
}

static int legend(orcs_buf *o, const orcs_chart *c, int y)
{
	int s;
	double x = 8;
	if (c->nseries < 2)
		return y;
	for (s = 0; s < c->nseries; s++) {
		double w = 22 + 7.5 * (double)strlen(c->series[s]);
		if (x + w > W - 8 && x > 8) {
			x = 8;
			y += 18;
		}
		orcs_buf_addf(o, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", x,
			      y - 10, orcs_palette[s % 8]);
		text(o, x + 16, y, "start", 12, NULL, c->series[s]);
		x += w;
	}
	return y + 20;
}

static void open_link(orcs_buf *o, const orcs_chart *c, int k)
{
	if (!c->link)
		return;
	orcs_buf_adds(o, "<a href=\"");
	{
		orcs_buf url = ORCS_BUF_INIT;
		const char *p = strstr(c->link, "%s");
		if (p) {
			orcs_buf_add(&url, c->link, (size_t)(p - c->link));
			orcs_buf_adds(&url, c->cat_key[k]);
			orcs_buf_adds(&url, p + 2);
		} else {
			orcs_buf_adds(&url, c->link);
		}
		orcs_escape_html(o, url.data);
		orcs_buf_release(&url);
	}
	orcs_buf_adds(o, "\">");
}

static void close_link(orcs_buf *o, const orcs_chart *c)
{
	if (c->link)
		orcs_buf_adds(o, "</a>");
}

static void bars(const orcs_chart *c, orcs_buf *o, int stacked)
{
	const int label_w = 210, top = 40, bar_h = stacked || c->nseries == 1 ? 18 : 12;
	const int row_h = (stacked ? bar_h : bar_h * c->nseries) + 10;
	double max = orcs_chart_axis_max(c, stacked), plot_w = W - label_w - 90;
	int k, s, y, h;
	orcs_buf tmp = ORCS_BUF_INIT;

	h = top + c->ncat * row_h + 20;
	h += legend_height(c);
	h += c->source ? 22 : 6;
	open_svg(o, c, h);
	for (k = 0; k < c->ncat; k++) {
		double x = label_w;
		y = top + k * row_h;
		int faded = orcs_chart_faded(c, k);
		/* faded: the bars only, the text keeps its contrast */
		if (!faded && c->highlight)
			orcs_buf_addf(o, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" "
					 "fill=\"#fff3c4\"/>",
				      y - 4, W, row_h - 2);
		text_fit(o, label_w - 6, y + (row_h - 10) / 2.0 + 4, "end", 12,
			 c->highlight && !faded ? "bold" : NULL, c->cat_label[k], 29);
		for (s = 0; s < c->nseries; s++) {
			const chart_cell *cell = orcs_chart_cell(c, s, k);
			double by = stacked ? y : y + s * bar_h, bw;
			open_link(o, c, k);
			if (cell->secret || isnan(cell->v)) {
				orcs_buf_addf(o, "<g>");
				mark_title(o, c, s, k);
				text(o, stacked ? x + 4 : label_w + 4, by + bar_h - 5, "start", 12, NULL,
				     cell->secret ? "s" : "–");
				orcs_buf_adds(o, "</g>");
				close_link(o, c);
				continue;
			}
			bw = cell->v > 0 ? cell->v / max * plot_w : 0;
			orcs_buf_addf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
					 "fill=\"%s\"%s>",
				      x, by, bw, bar_h - 2, orcs_palette[s % 8],
				      faded ? " fill-opacity=\"0.4\"" : "");
			mark_title(o, c, s, k);
			orcs_buf_adds(o, "</rect>");
			close_link(o, c);
			if (!stacked) {
				orcs_buf_reset(&tmp);
				orcs_chart_format(c, cell->v, &tmp);
				text(o, label_w + bw + 4, by + bar_h - 5, "start", 12, NULL, tmp.data);
			} else {
				x += bw;
			}
		}
	}
	y = legend(o, c, top + c->ncat * row_h + 16);
	(void)y;
	close_svg(o, c, h);
	orcs_buf_release(&tmp);
}

static void lines(const orcs_chart *c, orcs_buf *o)
{
	const int left = 96, top = 40, plot_h = 220, h0 = top + plot_h;
	double max = orcs_chart_axis_max(c, 0), plot_w = W - left - 30, step;
	int k, s, g, h;
	orcs_buf tmp = ORCS_BUF_INIT;
	h = h0 + 30 + legend_height(c) + (c->source ? 22 : 6);
	open_svg(o, c, h);
	for (g = 0; g <= 4; g++) {
		double v = max * g / 4, y = h0 - plot_h * g / 4.0;
		orcs_buf_addf(o, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d0d0d0\"/>\n",
			      left, W - 30, y, y);
		orcs_buf_reset(&tmp);
		orcs_chart_format(c, v, &tmp);
		text(o, left - 6, y + 4, "end", 12, NULL, tmp.data);
	}
	step = c->ncat > 1 ? plot_w / (c->ncat - 1) : 0;
	for (k = 0; k < c->ncat; k++)
		text(o, left + k * step, h0 + 16, "middle", 12, NULL, c->cat_label[k]);
	for (s = 0; s < c->nseries; s++) {
		int pen = 0;
		orcs_buf_addf(o, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" d=\"",
			      orcs_palette[s % 8]);
		for (k = 0; k < c->ncat; k++) {
			const chart_cell *cell = orcs_chart_cell(c, s, k);
			if (cell->secret || isnan(cell->v)) {
				pen = 0; /* a gap, never an invented value */
				continue;
			}
			orcs_buf_addf(o, "%c%.1f,%.1f ", pen ? 'L' : 'M', left + k * step,
				      h0 - cell->v / max * plot_h);
			pen = 1;
		}
		orcs_buf_adds(o, "\"/>\n");
		for (k = 0; k < c->ncat; k++) {
			const chart_cell *cell = orcs_chart_cell(c, s, k);
			if (cell->secret || isnan(cell->v))
				continue;
			orcs_buf_addf(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\">",
				      left + k * step, h0 - cell->v / max * plot_h, orcs_palette[s % 8]);
			mark_title(o, c, s, k);
			orcs_buf_adds(o, "</circle>\n");
		}
	}
	legend(o, c, h0 + 44);
	close_svg(o, c, h);
	orcs_buf_release(&tmp);
}

/* Writes the hatch pattern of secret cells (id "hatch", or "ID-hatch" when
 * several charts share a page) and sets `ref` to its url(#…). */
static void hatch_def(const orcs_chart *c, orcs_buf *o, orcs_buf *ref)
{
	orcs_buf id = ORCS_BUF_INIT;
	if (c->dom_id) {
		orcs_escape_html(&id, c->dom_id);
		orcs_buf_addc(&id, '-');
	}
	orcs_buf_adds(&id, "hatch");
	orcs_buf_addf(o,
		      "<defs><pattern id=\"%s\" width=\"6\" height=\"6\" "
		      "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
		      "<rect width=\"6\" height=\"6\" fill=\"#f2f2f2\"/>"
		      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#9a9a9a\" "
		      "stroke-width=\"1.5\"/></pattern></defs>\n",
		      id.data);
	orcs_buf_reset(ref);
	orcs_buf_addf(ref, "url(#%s)", id.data);
	orcs_buf_release(&id);
}

static void donut(const orcs_chart *c, orcs_buf *o)
{
	const double cx = 170, cy = 170, r = 120, ri = 70;
	double total = 0, a = -M_PI / 2;
	int k, h = 350 + (c->source ? 16 : 0), shown = 0;
	orcs_buf tmp = ORCS_BUF_INIT;
	open_svg(o, c, h);
	for (k = 0; k < c->ncat && c->nseries; k++) {
		const chart_cell *cell = orcs_chart_cell(c, 0, k);
		if (!cell->secret && !isnan(cell->v) && cell->v > 0)
			total += cell->v;
	}
	for (k = 0; k < c->ncat && c->nseries; k++) {
		const chart_cell *cell = orcs_chart_cell(c, 0, k);
		double frac, a2;
		int ly = 60 + shown * 22;
		orcs_buf_addf(o, "<rect x=\"330\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n",
			      ly - 10, orcs_palette[k % 8]);
		orcs_buf_reset(&tmp);
		orcs_buf_adds(&tmp, c->cat_label[k]);
		orcs_buf_adds(&tmp, ORCS_NBSP ": ");
		value_text(c, cell, &tmp);
		text(o, 348, ly, "start", 12, NULL, tmp.data);
		shown++;
		if (cell->secret || isnan(cell->v) || cell->v <= 0 || total <= 0)
			continue;
		frac = cell->v / total;
		a2 = a + frac * 2 * M_PI;
		if (frac >= 0.9999) {
			orcs_buf_addf(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" "
					 "stroke=\"%s\" stroke-width=\"%.1f\">",
				      cx, cy, (r + ri) / 2, orcs_palette[k % 8], r - ri);
			mark_title(o, c, 0, k);
			orcs_buf_adds(o, "</circle>\n");
		} else {
			int large = frac > 0.5;
			orcs_buf_addf(o, "<path fill=\"%s\" d=\"M%.2f,%.2f A%.1f,%.1f 0 %d 1 %.2f,%.2f "
					 "L%.2f,%.2f A%.1f,%.1f 0 %d 0 %.2f,%.2f Z\">",
				      orcs_palette[k % 8], cx + r * cos(a), cy + r * sin(a), r, r, large,
				      cx + r * cos(a2), cy + r * sin(a2), cx + ri * cos(a2), cy + ri * sin(a2),
				      ri, ri, large, cx + ri * cos(a), cy + ri * sin(a));
			mark_title(o, c, 0, k);
			orcs_buf_adds(o, "</path>\n");
		}
		a = a2;
	}
	if (total <= 0) {
		/* every slice secret (or zero): a hatched ring says « secret », not
		 * an empty frame */
		orcs_buf ref = ORCS_BUF_INIT;
		hatch_def(c, o, &ref);
		orcs_buf_addf(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" "
				 "stroke=\"%s\" stroke-width=\"%.1f\"><title>secret statistique</title>"
				 "</circle>\n",
			      cx, cy, (r + ri) / 2, ref.data, r - ri);
		orcs_buf_release(&ref);
	}
	close_svg(o, c, h);
	orcs_buf_release(&tmp);
}

static void map(const orcs_chart *c, orcs_buf *o)
{
	const orcs_geo *g = c->geo;
	double breaks[4] = { 0 }, *vals, scale, oy = 34;
	int n = 0, k, i, h, pass;
	orcs_buf tmp = ORCS_BUF_INIT, hatch = ORCS_BUF_INIT;
	if (!g || !c->nseries) {
		open_svg(o, c, 60);
		text(o, 8, 44, "start", 12, NULL, "Carte indisponible.");
		close_svg(o, c, 60);
		return;
	}
	scale = (W - 160) / g->width;
	h = (int)(oy + g->height * scale + 30 + (c->source ? 16 : 0));
	/* quintile breaks over the visible values */
	vals = orcs_xmalloc((size_t)(c->ncat + 1) * sizeof(double));
	for (k = 0; k < c->ncat; k++) {
		const chart_cell *cell = orcs_chart_cell(c, 0, k);
		int a, drawn = 0;
		for (a = 0; a < g->n && !drawn; a++)
			drawn = !strcmp(g->areas[a].key, c->cat_key[k]);
		/* classes over the areas drawn (not « non renseigné » nor areas
		 * outside the map) */
		if (drawn && !cell->secret && !isnan(cell->v))
			vals[n++] = cell->v;
	}
	qsort(vals, (size_t)n, sizeof(double), orcs_chart_cmp_double);
	for (i = 0; i < 4 && n; i++)
		breaks[i] = vals[(size_t)((i + 1) * n / 5 < n ? (i + 1) * n / 5 : n - 1)];
	open_svg(o, c, h);
	hatch_def(c, o, &hatch);
	orcs_buf_addf(o, "<g transform=\"translate(4 %.1f) scale(%.5f)\" stroke=\"#ffffff\" "
			 "stroke-width=\"%.3f\">\n",
		      oy, scale, 0.6 / scale);
	/* two passes: the selected area (if any) last, its outline on top */
	for (pass = 0; pass < 2; pass++)
	for (i = 0; i < g->n; i++) {
		int kk, cls = -1;
		if ((c->highlight && !strcmp(g->areas[i].key, c->highlight)) != pass)
			continue;
		kk = orcs_chart_find_category(c, g->areas[i].key);
		const chart_cell *cell = kk >= 0 ? orcs_chart_cell(c, 0, kk) : NULL;
		const char *fill = "#e0e0e0";
		if (cell && cell->secret) {
			fill = hatch.data;
		} else if (cell && !isnan(cell->v)) {
			for (cls = 0; cls < 4 && cell->v > breaks[cls]; cls++)
				;
			fill = orcs_sequential[cls];
		}
		if (kk >= 0)
			open_link(o, c, kk);
		if (c->highlight && !strcmp(g->areas[i].key, c->highlight))
			/* the selected area: outlined in black, drawn over its neighbours */
			orcs_buf_addf(o, "<path fill=\"%s\" stroke=\"#000000\" stroke-width=\"%.3f\" "
					 "d=\"%s\">",
				      fill, 3.0 / scale, g->areas[i].path);
		else if (c->highlight)
			orcs_buf_addf(o, "<path fill=\"%s\" fill-opacity=\"0.4\" d=\"%s\">", fill,
				      g->areas[i].path);
		else
			orcs_buf_addf(o, "<path fill=\"%s\" d=\"%s\">", fill, g->areas[i].path);
		if (kk >= 0)
			mark_title(o, c, 0, kk);
		orcs_buf_adds(o, "</path>");
		if (kk >= 0)
			close_link(o, c);
		orcs_buf_addc(o, '\n');
	}
	orcs_buf_adds(o, "</g>\n");
	/* legend */
	for (i = 0; i < 5 && n; i++) {
		double y = oy + 10 + i * 20;
		orcs_buf_addf(o, "<rect x=\"%d\" y=\"%.1f\" width=\"14\" height=\"14\" fill=\"%s\" "
				 "stroke=\"#999\"/>\n",
			      W - 150, y, orcs_sequential[i]);
		orcs_buf_reset(&tmp);
		if (i == 0) {
			orcs_buf_adds(&tmp, "≤" ORCS_NBSP);
			orcs_chart_format(c, breaks[0], &tmp);
		} else if (i == 4) {
			orcs_buf_adds(&tmp, ">" ORCS_NBSP);
			orcs_chart_format(c, breaks[3], &tmp);
		} else {
			orcs_chart_format(c, breaks[i - 1], &tmp);
			orcs_buf_adds(&tmp, " – ");
			orcs_chart_format(c, breaks[i], &tmp);
		}
		text(o, W - 130, y + 11, "start", 11, NULL, tmp.data);
	}
	orcs_buf_addf(o, "<rect x=\"%d\" y=\"%.1f\" width=\"14\" height=\"14\" fill=\"%s\" "
			 "stroke=\"#999\"/>\n",
		      W - 150, oy + 110, hatch.data);
	text(o, W - 130, oy + 121, "start", 11, NULL, "secret statistique");
	orcs_buf_addf(o, "<rect x=\"%d\" y=\"%.1f\" width=\"14\" height=\"14\" fill=\"#e0e0e0\" "
			 "stroke=\"#999\"/>\n",
		      W - 150, oy + 130);
	text(o, W - 130, oy + 141, "start", 11, NULL, "pas de donnée");
	close_svg(o, c, h);
	free(vals);
	orcs_buf_release(&tmp);
	orcs_buf_release(&hatch);
}

/* A chart with nothing to draw is one line of text, not an empty frame. */
static void empty(const orcs_chart *c, orcs_buf *o)
{
	int h = 84 + (c->source ? 22 : 0);
	open_svg(o, c, h);
	text(o, 8, 52, "start", 13, NULL, "Aucune donnée publiable pour cette sélection");
	text(o, 8, 70, "start", 12, NULL,
	     "(données absentes ou couvertes par le secret statistique).");
	close_svg(o, c, h);
}

void orcs_chart_svg(const orcs_chart *c, orcs_buf *out)
{
	if (c->type != ORCS_CHART_MAP && !orcs_chart_has_values(c)) {
		empty(c, out);
		return;
	}
	switch (c->type) {
	case ORCS_CHART_BAR:
		bars(c, out, 0);
		break;
	case ORCS_CHART_STACKED:
		bars(c, out, 1);
		break;
	case ORCS_CHART_LINE:
		lines(c, out);
		break;
	case ORCS_CHART_DONUT:
		donut(c, out);
		break;
	case ORCS_CHART_MAP:
		map(c, out);
		break;
	}
}
