/*
 * chart_cairo.c - cairo/pango renderings of the chart model, for the PDF
 * publications and the site's PNG exports.  The geometry follows
 * chart_svg.c (a 640-unit-wide frame, same marks, same palette, same
 * legends); the frame is then scaled uniformly into the caller's box.
 * Text goes through pango with the publication font; numbers are formatted
 * by orcs_chart_format() (French typography); secret cells are written "s"
 * and never drawn.
 */
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "render/chart_internal.h"

/* The frame is 640 units wide, as the SVG; narrow boxes (half a page) get
 * a narrower frame so that their text stays legible. */
static double frame_width(double box_width)
{
	return box_width < 400 ? 460.0 : 640.0;
}

typedef enum { A_START, A_MIDDLE, A_END } anchor;

typedef struct pen {
	cairo_t *cr;
	PangoLayout *lay;
	double fw; /* frame width */
} pen;

static void set_hex(cairo_t *cr, const char *hex)
{
	unsigned r = 0, g = 0, b = 0;
	if (hex[0] == '#' && strlen(hex) == 4) {
		unsigned v = (unsigned)strtoul(hex + 1, NULL, 16);
		r = ((v >> 8) & 0xf) * 17;
		g = ((v >> 4) & 0xf) * 17;
		b = (v & 0xf) * 17;
	} else if (hex[0] == '#') {
		unsigned v = (unsigned)strtoul(hex + 1, NULL, 16);
		r = (v >> 16) & 0xff;
		g = (v >> 8) & 0xff;
		b = v & 0xff;
	}
	cairo_set_source_rgb(cr, r / 255.0, g / 255.0, b / 255.0);
}

/* Draws `s` with its baseline at y (as SVG <text> does); returns its width.
 * maxw > 0 ellipsizes longer texts. */
static double text(pen *p, double x, double y, anchor a, double size, int bold, const char *s,
		   double maxw)
{
	PangoFontDescription *fd = pango_font_description_from_string(ORCS_CHART_FONT);
	PangoRectangle log;
	double w, base;
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(p->lay, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(p->lay, maxw > 0 ? (int)(maxw * PANGO_SCALE) : -1);
	pango_layout_set_ellipsize(p->lay, maxw > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
	if (orcs_utf8_valid(s, strlen(s))) {
		pango_layout_set_text(p->lay, s, -1);
	} else { /* never hand pango invalid UTF-8 */
		orcs_buf clean = ORCS_BUF_INIT;
		orcs_utf8_clean(&clean, s, strlen(s));
		pango_layout_set_text(p->lay, clean.data ? clean.data : "", -1);
		orcs_buf_release(&clean);
	}
	pango_layout_get_extents(p->lay, NULL, &log);
	w = (double)(log.x + log.width) / PANGO_SCALE;
	base = (double)pango_layout_get_baseline(p->lay) / PANGO_SCALE;
	cairo_move_to(p->cr, a == A_MIDDLE ? x - w / 2 : a == A_END ? x - w : x, y - base);
	pango_cairo_show_layout(p->cr, p->lay);
	return w;
}

static void ink(pen *p, const char *hex)
{
	set_hex(p->cr, hex);
}

static int has_secret(const orcs_chart *c)
{
	int s, k;
	for (s = 0; s < c->nseries; s++)
		for (k = 0; k < c->ncat; k++)
			if (orcs_chart_cell(c, s, k)->secret)
				return 1;
	return 0;
}

/* ---- natural heights (in the 640-wide frame), as in chart_svg.c ---- */

static double legend_h(const orcs_chart *c)
{
	return c->nseries > 1 ? 24 + 18 * (c->nseries / 4) : 0;
}

static double foot_h(const orcs_chart *c)
{
	return (c->source ? 22 : 6) + (has_secret(c) ? 14 : 0);
}

static double map_scale(const orcs_geo *g, double fw)
{
	return (fw - 160) / g->width;
}

static double frame_height(const orcs_chart *c, double fw)
{
	if (c->type != ORCS_CHART_MAP && !orcs_chart_has_values(c))
		return 84 + (c->source ? 22 : 0);
	switch (c->type) {
	case ORCS_CHART_BAR:
	case ORCS_CHART_STACKED: {
		int stacked = c->type == ORCS_CHART_STACKED;
		int bar_h = stacked || c->nseries == 1 ? 18 : 12;
		int row_h = (stacked ? bar_h : bar_h * (c->nseries > 0 ? c->nseries : 1)) + 10;
		return 40 + c->ncat * row_h + 20 + legend_h(c) + foot_h(c);
	}
	case ORCS_CHART_LINE:
		return 40 + 220 + 30 + legend_h(c) + foot_h(c);
	case ORCS_CHART_DONUT: {
		double legend = 60 + c->ncat * 22.0;
		return (legend > 330 ? legend : 330) + foot_h(c);
	}
	case ORCS_CHART_MAP:
		if (!c->geo || !c->nseries)
			return 60;
		{
			double h = 34 + c->geo->height * map_scale(c->geo, fw) + 12;
			return (h > 34 + 160 ? h : 34 + 160) + foot_h(c);
		}
	}
	return 100;
}

double orcs_chart_natural_height(const orcs_chart *c, double width)
{
	double fw = frame_width(width);
	return frame_height(c, fw) * width / fw;
}

#define W (p->fw)

/* ---- common parts ---- */

static void head(pen *p, const orcs_chart *c)
{
	ink(p, "#1a1a1a");
	text(p, 8, 22, A_START, 15, 1, c->title, W - 16);
}

static void foot(pen *p, const orcs_chart *c, double h)
{
	double y = h - 8;
	ink(p, "#4d4d4d");
	if (c->source) {
		text(p, 8, y, A_START, 10, 0, c->source, W - 16);
		y -= 14;
	}
	if (has_secret(c))
		text(p, 8, y, A_START, 10, 0,
		     "s" ORCS_NBSP ": donnée couverte par le secret statistique" ORCS_NBSP "; "
		     "–" ORCS_NBSP ": pas de donnée.",
		     W - 16);
}

static void legend(pen *p, const orcs_chart *c, double y)
{
	int s;
	double x = 8;
	if (c->nseries < 2)
		return;
	for (s = 0; s < c->nseries; s++) {
		double w = 22 + 7.0 * (double)strlen(c->series[s]);
		if (x + w > W - 8) {
			x = 8;
			y += 18;
		}
		ink(p, orcs_palette[s % 8]);
		cairo_rectangle(p->cr, x, y - 10, 12, 12);
		cairo_fill(p->cr);
		ink(p, "#1a1a1a");
		text(p, x + 16, y, A_START, 11, 0, c->series[s], 0);
		x += w;
	}
}

/* Fills the current path with the current colour, at 40 % opacity when
 * `faded` (the categories other than a filter's selection, as the SVG's
 * fill-opacity); keeps the path when `preserve`. */
static void fill_faded(cairo_t *cr, int faded, int preserve)
{
	if (faded) {
		cairo_save(cr);
		cairo_clip_preserve(cr);
		cairo_paint_with_alpha(cr, 0.4);
		cairo_restore(cr);
		if (!preserve)
			cairo_new_path(cr);
	} else if (preserve) {
		cairo_fill_preserve(cr);
	} else {
		cairo_fill(cr);
	}
}

/* ---- chart types ---- */

static void bars(pen *p, const orcs_chart *c, int stacked, double h)
{
	const int label_w = (int)(W * 210 / 640), top = 40, bar_h = stacked || c->nseries == 1 ? 18 : 12;
	const int row_h = (stacked ? bar_h : bar_h * c->nseries) + 10;
	double max = orcs_chart_axis_max(c, stacked), plot_w = W - label_w - 90;
	int k, s;
	orcs_buf tmp = ORCS_BUF_INIT;

	/* axis line */
	set_hex(p->cr, "#b0b0b0");
	cairo_set_line_width(p->cr, 1);
	cairo_move_to(p->cr, label_w - 0.5, top - 4);
	cairo_line_to(p->cr, label_w - 0.5, top + c->ncat * row_h - 6);
	cairo_stroke(p->cr);
	for (k = 0; k < c->ncat; k++) {
		double x = label_w, y = top + k * row_h;
		/* the selected category (a filter), as the SVG shows it: a band
		 * behind its row, its label bold, the other bars faded */
		int faded = orcs_chart_faded(c, k), sel = c->highlight && !faded;
		if (sel) {
			ink(p, "#fff3c4");
			cairo_rectangle(p->cr, 0, y - 4, W, row_h - 2);
			cairo_fill(p->cr);
		}
		ink(p, "#1a1a1a");
		text(p, label_w - 6, y + (row_h - 10) / 2.0 + 4, A_END, 11, sel, c->cat_label[k],
		     label_w - 12);
		for (s = 0; s < c->nseries; s++) {
			const chart_cell *cell = orcs_chart_cell(c, s, k);
			double by = stacked ? y : y + s * bar_h, bw;
			if (cell->secret || isnan(cell->v)) {
				ink(p, "#4d4d4d");
				text(p, stacked ? x + 4 : label_w + 4, by + bar_h - 5, A_START, 10, 0,
				     cell->secret ? "s" : "–", 0);
				if (stacked)
					x += 12;
				continue;
			}
			bw = cell->v > 0 ? cell->v / max * plot_w : 0;
			ink(p, orcs_palette[s % 8]);
			cairo_rectangle(p->cr, x, by, bw, bar_h - 2);
			fill_faded(p->cr, faded, 0);
			if (!stacked) {
				orcs_buf_reset(&tmp);
				orcs_chart_format(c, cell->v, &tmp);
				ink(p, "#1a1a1a");
				text(p, label_w + bw + 4, by + bar_h - 5, A_START, 10, 0, tmp.data, 0);
			} else {
				x += bw;
			}
		}
	}
	legend(p, c, top + c->ncat * row_h + 16);
	foot(p, c, h);
	orcs_buf_release(&tmp);
}

static void lines(pen *p, const orcs_chart *c, double h)
{
	const int left = 96, top = 40, plot_h = 220, h0 = top + plot_h;
	double max = orcs_chart_axis_max(c, 0), plot_w = W - left - 30, step;
	int k, s, g;
	orcs_buf tmp = ORCS_BUF_INIT;
	cairo_set_line_width(p->cr, 1);
	for (g = 0; g <= 4; g++) {
		double v = max * g / 4, y = h0 - plot_h * g / 4.0;
		set_hex(p->cr, "#d0d0d0");
		cairo_move_to(p->cr, left, floor(y) + 0.5);
		cairo_line_to(p->cr, W - 30, floor(y) + 0.5);
		cairo_stroke(p->cr);
		orcs_buf_reset(&tmp);
		orcs_chart_format(c, v, &tmp);
		ink(p, "#4d4d4d");
		text(p, left - 6, y + 4, A_END, 10, 0, tmp.data, 0);
	}
	step = c->ncat > 1 ? plot_w / (c->ncat - 1) : 0;
	ink(p, "#1a1a1a");
	for (k = 0; k < c->ncat; k++)
		text(p, left + k * step, h0 + 16, A_MIDDLE, 11, 0, c->cat_label[k], 0);
	for (s = 0; s < c->nseries; s++) {
		int pen_down = 0;
		cairo_new_path(p->cr);
		for (k = 0; k < c->ncat; k++) {
			const chart_cell *cell = orcs_chart_cell(c, s, k);
			double x = left + k * step, y;
			if (cell->secret || isnan(cell->v)) {
				pen_down = 0; /* a gap, never an invented value */
				continue;
			}
			y = h0 - cell->v / max * plot_h;
			if (pen_down)
				cairo_line_to(p->cr, x, y);
			else
				cairo_move_to(p->cr, x, y);
			pen_down = 1;
		}
		ink(p, orcs_palette[s % 8]);
		cairo_set_line_width(p->cr, 2.5);
		cairo_set_line_join(p->cr, CAIRO_LINE_JOIN_ROUND);
		cairo_stroke(p->cr);
		for (k = 0; k < c->ncat; k++) {
			const chart_cell *cell = orcs_chart_cell(c, s, k);
			if (cell->secret || isnan(cell->v))
				continue;
			cairo_new_sub_path(p->cr);
			cairo_arc(p->cr, left + k * step, h0 - cell->v / max * plot_h, 4, 0, 2 * M_PI);
			cairo_fill(p->cr);
		}
	}
	legend(p, c, h0 + 44);
	foot(p, c, h);
	orcs_buf_release(&tmp);
}

static void hatch(cairo_t *cr, double unit);

static void donut(pen *p, const orcs_chart *c, double h)
{
	const double z = W / 640, cx = 170 * z, cy = 180, r = 120 * z, ri = 70 * z, lx = 330 * z;
	double total = 0, a = -M_PI / 2;
	int k, shown = 0;
	orcs_buf tmp = ORCS_BUF_INIT;
	for (k = 0; k < c->ncat && c->nseries; k++) {
		const chart_cell *cell = orcs_chart_cell(c, 0, k);
		if (!cell->secret && !isnan(cell->v) && cell->v > 0)
			total += cell->v;
	}
	for (k = 0; k < c->ncat && c->nseries; k++) {
		const chart_cell *cell = orcs_chart_cell(c, 0, k);
		double frac, a2, ly = 60 + shown * 22;
		ink(p, orcs_palette[k % 8]);
		cairo_rectangle(p->cr, lx, ly - 10, 12, 12);
		cairo_fill(p->cr);
		orcs_buf_reset(&tmp);
		orcs_buf_adds(&tmp, c->cat_label[k]);
		orcs_buf_adds(&tmp, ORCS_NBSP ": ");
		if (cell->secret)
			orcs_buf_adds(&tmp, "s");
		else if (isnan(cell->v))
			orcs_buf_adds(&tmp, "–");
		else
			orcs_chart_format(c, cell->v, &tmp);
		ink(p, "#1a1a1a");
		text(p, lx + 18, ly, A_START, 11, 0, tmp.data, W - lx - 26);
		shown++;
		if (cell->secret || isnan(cell->v) || cell->v <= 0 || total <= 0)
			continue;
		frac = cell->v / total;
		a2 = frac >= 0.9999 ? a + 2 * M_PI : a + frac * 2 * M_PI;
		cairo_new_path(p->cr);
		cairo_arc(p->cr, cx, cy, r, a, a2);
		cairo_arc_negative(p->cr, cx, cy, ri, a2, a);
		cairo_close_path(p->cr);
		ink(p, orcs_palette[k % 8]);
		cairo_fill_preserve(p->cr);
		cairo_set_source_rgb(p->cr, 1, 1, 1);
		cairo_set_line_width(p->cr, 1);
		cairo_stroke(p->cr);
		a = a2;
	}
	if (total <= 0) { /* every slice secret (or zero): a hatched ring, as the SVG */
		cairo_new_path(p->cr);
		cairo_arc(p->cr, cx, cy, r, 0, 2 * M_PI);
		cairo_arc_negative(p->cr, cx, cy, ri, 2 * M_PI, 0);
		cairo_close_path(p->cr);
		hatch(p->cr, 1);
	}
	orcs_buf_release(&tmp);
	foot(p, c, h);
}

/* Replays an SVG path made of M, L and Z commands (what geo.c writes),
 * leaving out the points closer than `tol` (user units, both axes) to the
 * last one drawn: contours are far more detailed than a printed map shows,
 * and every point is written (and compressed) in each PDF page. */
static void svg_path(cairo_t *cr, const char *d, double tol)
{
	double lx = 0, ly = 0;
	while (*d) {
		char cmd = *d++;
		char *end;
		double x, y;
		if (cmd == 'Z') {
			cairo_close_path(cr);
			continue;
		}
		if (cmd != 'M' && cmd != 'L')
			continue;
		x = strtod(d, &end);
		if (end == d)
			break;
		d = end;
		y = strtod(d, &end);
		if (end == d)
			break;
		d = end;
		if (cmd == 'L' && fabs(x - lx) < tol && fabs(y - ly) < tol)
			continue;
		if (cmd == 'M')
			cairo_move_to(cr, x, y);
		else
			cairo_line_to(cr, x, y);
		lx = x;
		ly = y;
	}
}

/* Light grey with diagonal grey lines: "secret" on maps, as in the SVG. */
static void hatch(cairo_t *cr, double unit)
{
	double x1, y1, x2, y2, t;
	cairo_save(cr);
	cairo_clip_preserve(cr);
	set_hex(cr, "#f2f2f2");
	cairo_fill(cr);
	cairo_clip_extents(cr, &x1, &y1, &x2, &y2);
	set_hex(cr, "#9a9a9a");
	cairo_set_line_width(cr, 1.2 * unit);
	for (t = x1 - (y2 - y1); t < x2; t += 5 * unit) {
		cairo_move_to(cr, t, y2);
		cairo_line_to(cr, t + (y2 - y1), y1);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void swatch(pen *p, double x, double y, const char *fill, int hatched)
{
	cairo_rectangle(p->cr, x, y, 14, 14);
	if (hatched) {
		hatch(p->cr, 1);
		cairo_rectangle(p->cr, x, y, 14, 14);
	} else {
		ink(p, fill);
		cairo_fill_preserve(p->cr);
	}
	set_hex(p->cr, "#999999");
	cairo_set_line_width(p->cr, 1);
	cairo_stroke(p->cr);
}

static void map(pen *p, const orcs_chart *c, double h)
{
	const orcs_geo *g = c->geo;
	double breaks[4] = { 0 }, *vals, scale, oy = 34, tol, ty;
	int n = 0, k, i, pass;
	orcs_buf tmp = ORCS_BUF_INIT;
	if (!g || !c->nseries) {
		ink(p, "#1a1a1a");
		text(p, 8, 44, A_START, 11, 0, "Carte indisponible.", 0);
		foot(p, c, h);
		return;
	}
	scale = map_scale(g, W);
	vals = orcs_xmalloc((size_t)(c->ncat + 1) * sizeof(double));
	for (k = 0; k < c->ncat; k++) {
		const chart_cell *cell = orcs_chart_cell(c, 0, k);
		if (!cell->secret && !isnan(cell->v))
			vals[n++] = cell->v;
	}
	qsort(vals, (size_t)n, sizeof(double), orcs_chart_cmp_double);
	for (i = 0; i < 4 && n; i++)
		breaks[i] = vals[(size_t)((i + 1) * n / 5 < n ? (i + 1) * n / 5 : n - 1)];
	cairo_save(p->cr);
	cairo_translate(p->cr, 4, oy);
	cairo_scale(p->cr, scale, scale);
	cairo_set_fill_rule(p->cr, CAIRO_FILL_RULE_WINDING);
	cairo_set_line_join(p->cr, CAIRO_LINE_JOIN_ROUND);
	/* 0.8 device unit (point or pixel: 0.3 mm on paper), in path units */
	tol = 1;
	ty = 0;
	cairo_user_to_device_distance(p->cr, &tol, &ty);
	tol = hypot(tol, ty) > 0 ? 0.8 / hypot(tol, ty) : 0;
	/* two passes: the selected area (a filter) last, outlined in black over
	 * its neighbours, which are faded (as in the SVG) */
	for (pass = 0; pass < 2; pass++)
	for (i = 0; i < g->n; i++) {
		int kk, cls, sel = c->highlight && !strcmp(g->areas[i].key, c->highlight);
		const chart_cell *cell;
		if (sel != pass)
			continue;
		kk = orcs_chart_find_category(c, g->areas[i].key);
		cell = kk >= 0 ? orcs_chart_cell(c, 0, kk) : NULL;
		cairo_new_path(p->cr);
		svg_path(p->cr, g->areas[i].path, tol);
		if (cell && cell->secret) {
			hatch(p->cr, 1 / scale);
		} else {
			const char *fill = "#e0e0e0";
			if (cell && !isnan(cell->v)) {
				for (cls = 0; cls < 4 && cell->v > breaks[cls]; cls++)
					;
				fill = orcs_sequential[cls];
			}
			ink(p, fill);
			fill_faded(p->cr, c->highlight && !sel, 1);
		}
		if (sel) {
			cairo_set_source_rgb(p->cr, 0, 0, 0);
			cairo_set_line_width(p->cr, 3.0 / scale);
		} else {
			cairo_set_source_rgb(p->cr, 1, 1, 1);
			cairo_set_line_width(p->cr, 0.6 / scale);
		}
		cairo_stroke(p->cr);
	}
	cairo_restore(p->cr);
	/* legend */
	for (i = 0; i < 5 && n; i++) {
		double y = oy + 10 + i * 20;
		swatch(p, W - 150, y, orcs_sequential[i], 0);
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
		ink(p, "#1a1a1a");
		text(p, W - 130, y + 11, A_START, 10, 0, tmp.data, 128);
	}
	swatch(p, W - 150, oy + 110, NULL, 1);
	ink(p, "#1a1a1a");
	text(p, W - 130, oy + 121, A_START, 10, 0, "secret statistique", 0);
	swatch(p, W - 150, oy + 130, "#e0e0e0", 0);
	ink(p, "#1a1a1a");
	text(p, W - 130, oy + 141, A_START, 10, 0, "pas de donnée", 0);
	free(vals);
	orcs_buf_release(&tmp);
	foot(p, c, h);
}

void orcs_chart_cairo(const orcs_chart *c, cairo_t *cr, double width, double height)
{
	double fw = frame_width(width), h = frame_height(c, fw), k;
	pen p;
	cairo_font_options_t *fo;
	if (!(width > 0) || !(height > 0))
		return;
	k = width / fw < height / h ? width / fw : height / h;
	cairo_save(cr);
	cairo_rectangle(cr, 0, 0, width, height);
	cairo_clip(cr);
	cairo_scale(cr, k, k);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, 0, 0, fw, h);
	cairo_fill(cr);
	p.fw = fw;
	p.cr = cr;
	p.lay = pango_cairo_create_layout(cr);
	/* unhinted metrics: the same layout at every scale (PNG and PDF) */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pango_layout_get_context(p.lay), fo);
	cairo_font_options_destroy(fo);
	pango_layout_context_changed(p.lay);
	head(&p, c);
	if (c->type != ORCS_CHART_MAP && !orcs_chart_has_values(c)) {
		/* nothing to draw: one line of text, as the SVG says it */
		ink(&p, "#1a1a1a");
		text(&p, 8, 52, A_START, 12, 0, "Aucune donnée publiable pour cette sélection", 0);
		text(&p, 8, 70, A_START, 11, 0,
		     "(données absentes ou couvertes par le secret statistique).", 0);
		foot(&p, c, h);
		g_object_unref(p.lay);
		cairo_restore(cr);
		return;
	}
	switch (c->type) {
	case ORCS_CHART_BAR:
		bars(&p, c, 0, h);
		break;
	case ORCS_CHART_STACKED:
		bars(&p, c, 1, h);
		break;
	case ORCS_CHART_LINE:
		lines(&p, c, h);
		break;
	case ORCS_CHART_DONUT:
		donut(&p, c, h);
		break;
	case ORCS_CHART_MAP:
		map(&p, c, h);
		break;
	}
	g_object_unref(p.lay);
	cairo_restore(cr);
}

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int len)
{
	orcs_buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

int orcs_chart_png(const orcs_chart *c, int width_px, orcs_buf *out, orcs_error *err)
{
	cairo_surface_t *s;
	cairo_t *cr;
	cairo_status_t st;
	int height_px;
	if (width_px < 64 || width_px > 4096)
		return orcs_error_set(err, ORCS_EUSAGE,
				      "largeur d'image %d invalide (attendu de 64 à 4096 pixels)",
				      width_px);
	height_px = (int)ceil(orcs_chart_natural_height(c, width_px));
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width_px, height_px);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	orcs_chart_cairo(c, cr, width_px, height_px);
	st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_write_to_png_stream(s, png_write, out);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS)
		return orcs_error_set(err, ORCS_EIO, "rendu PNG du graphique « %s »" ORCS_NBSP ": %s",
				      c->title, cairo_status_to_string(st));
	return 0;
}
