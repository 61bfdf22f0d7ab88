/* test_chart.c - the chart model: SVG and data tables, escaping, secrecy marks, maps. */
#include <cairo.h>
#include <math.h>
#include <stdio.h>

#include "core/buf.h"
#include "render/chart.h"
#include "render/escape.h"
#include "tests/unit/harness.h"

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

static void test_escape(void)
{
	orcs_buf b = ORCS_BUF_INIT;
	orcs_escape_html(&b, "<script>alert('x')</script> & \"q\"");
	CHECK_STR(b.data, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
	orcs_buf_reset(&b);
	orcs_escape_htmln(&b, "a\x01" "b\xff", 4); /* control dropped, invalid byte repaired */
	CHECK_STR(b.data, "ab\xc3\xbf");
	orcs_buf_release(&b);
}

static orcs_chart *sample(orcs_chart_type t)
{
	orcs_chart *c = orcs_chart_new(t, "Heures d'insertion <réalisées>");
	int s = orcs_chart_add_series(c, "2024");
	int a = orcs_chart_add_category(c, "93", "Seine-Saint-Denis");
	int b = orcs_chart_add_category(c, "75", "Paris");
	int d = orcs_chart_add_category(c, "77", "Seine-et-Marne");
	orcs_chart_set_unit(c, ORCS_UNIT_HOURS, 0);
	orcs_chart_set_source(c, "Source" ORCS_NBSP ": ORCS, données synthétiques");
	orcs_chart_set(c, s, a, 1234567, 0);
	orcs_chart_set(c, s, b, 42, 1);  /* secret */
	(void)d;                         /* no data */
	return c;
}

static void test_bar_svg_and_table(void)
{
	orcs_chart *c = sample(ORCS_CHART_BAR);
	orcs_buf svg = ORCS_BUF_INIT, tab = ORCS_BUF_INIT;
	orcs_chart_svg(c, &svg);
	orcs_chart_table_html(c, &tab);
	CHECK(strstr(svg.data, "<svg xmlns=\"http://www.w3.org/2000/svg\"") == svg.data);
	CHECK(strstr(svg.data, "&lt;réalisées&gt;") != NULL);       /* escaped title */
	CHECK(strstr(svg.data, "<réalisées>") == NULL);
	CHECK(strstr(svg.data, "1\xe2\x80\xaf" "234\xe2\x80\xaf" "567\xc2\xa0h") != NULL);
	CHECK_INT(count(svg.data, "<rect x="), 1);                   /* the secret bar is not drawn */
	CHECK(strstr(svg.data, "secret statistique") != NULL);       /* …but its tooltip says why */
	CHECK(strstr(tab.data, "<td>s</td>") != NULL);
	CHECK(strstr(tab.data, "<td>–</td>") != NULL);
	CHECK(strstr(tab.data, "<caption>") != NULL);
	CHECK(strstr(tab.data, "scope=\"row\"") != NULL);
	orcs_buf_release(&svg);
	orcs_buf_release(&tab);
	orcs_chart_free(c);
}

static void test_other_types_render_without_values_leaking(void)
{
	orcs_chart_type types[] = { ORCS_CHART_STACKED, ORCS_CHART_LINE, ORCS_CHART_DONUT };
	unsigned i;
	for (i = 0; i < 3; i++) {
		orcs_chart *c = sample(types[i]);
		orcs_buf svg = ORCS_BUF_INIT;
		orcs_chart_svg(c, &svg);
		CHECK(strstr(svg.data, "</svg>") != NULL);
		CHECK(strstr(svg.data, "42\xc2\xa0h") == NULL); /* the secret value never appears */
		orcs_buf_release(&svg);
		orcs_chart_free(c);
	}
}

static void test_map_of_departements(void)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_buf path = ORCS_BUF_INIT, svg = ORCS_BUF_INIT;
	orcs_geo *g;
	orcs_chart *c;
	orcs_buf_addf(&path, "%s/geo/idf_departements_contours.geojson", harness_datadir());
	g = orcs_geo_load(path.data, "code", &err);
	CHECK(g != NULL);
	if (!g)
		return;
	CHECK_INT(orcs_geo_count(g), 8);
	c = sample(ORCS_CHART_MAP);
	orcs_chart_set_geo(c, g);
	orcs_chart_set_link(c, "/territoire/dept/%s");
	orcs_chart_svg(c, &svg);
	CHECK_INT(count(svg.data, "<path fill="), 8);
	CHECK(strstr(svg.data, "url(#hatch)") != NULL);              /* Paris: secret */
	CHECK(strstr(svg.data, "href=\"/territoire/dept/93\"") != NULL);
	CHECK(strstr(svg.data, "42\xc2\xa0h") == NULL);
	orcs_buf_release(&svg);
	orcs_buf_release(&path);
	orcs_chart_free(c);
	orcs_geo_free(g);
	g = orcs_geo_load("no/such/file.geojson", "code", &err);
	CHECK(g == NULL && err.code == ORCS_EIO);
}

static unsigned be32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	return (unsigned)u[0] << 24 | (unsigned)u[1] << 16 | (unsigned)u[2] << 8 | u[3];
}

/* Counts the pixels of colour #rrggbb in a PNG (read back through cairo). */
static int count_colour(const char *png_path, unsigned rgb)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(png_path);
	int n = 0, x, y, w, h, stride;
	unsigned char *d;
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return -1;
	}
	cairo_surface_flush(s);
	w = cairo_image_surface_get_width(s);
	h = cairo_image_surface_get_height(s);
	stride = cairo_image_surface_get_stride(s);
	d = cairo_image_surface_get_data(s);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			unsigned px = *(const unsigned *)(const void *)(d + y * stride + x * 4);
			n += (px & 0xffffff) == rgb;
		}
	cairo_surface_destroy(s);
	return n;
}

static void save(const orcs_buf *b, const char *name, orcs_buf *path)
{
	FILE *f;
	orcs_buf_reset(path);
	orcs_buf_addf(path, "%s/%s", harness_tmpdir(), name);
	f = fopen(path->data, "wb");
	if (f) {
		fwrite(b->data, 1, b->len, f);
		fclose(f);
	}
}

static void test_png_bar_and_map(void)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_buf png = ORCS_BUF_INIT, path = ORCS_BUF_INIT;
	orcs_chart *c = sample(ORCS_CHART_BAR);
	orcs_geo *g;
	CHECK_INT(orcs_chart_png(c, 800, &png, &err), 0);
	CHECK(png.len > 1000 && memcmp(png.data, "\x89PNG\r\n\x1a\n", 8) == 0);
	CHECK(png.len > 24 && memcmp(png.data + 12, "IHDR", 4) == 0);
	CHECK_INT(be32(png.data + 16), 800);
	CHECK_INT(be32(png.data + 20), (long long)ceil(orcs_chart_natural_height(c, 800)));
	save(&png, "bar.png", &path);
	/* one bar in the palette's first colour; the secret one is not drawn */
	CHECK(count_colour(path.data, 0x0072B2) > 500);
	CHECK_INT(count_colour(path.data, 0xfff3c4), 0);
	/* filtered on the 93: a band behind its row, its bar intact */
	orcs_chart_set_highlight(c, "93");
	orcs_buf_reset(&png);
	CHECK_INT(orcs_chart_png(c, 800, &png, &err), 0);
	save(&png, "bar-93.png", &path);
	CHECK(count_colour(path.data, 0xfff3c4) > 1000);
	CHECK(count_colour(path.data, 0x0072B2) > 500);
	/* filtered on Paris: the 93's bar is faded */
	orcs_chart_set_highlight(c, "75");
	orcs_buf_reset(&png);
	CHECK_INT(orcs_chart_png(c, 800, &png, &err), 0);
	save(&png, "bar-75.png", &path);
	CHECK(count_colour(path.data, 0xfff3c4) > 1000);
	CHECK_INT(count_colour(path.data, 0x0072B2), 0);
	orcs_chart_free(c);

	orcs_buf_reset(&path);
	orcs_buf_addf(&path, "%s/geo/idf_departements_contours.geojson", harness_datadir());
	g = orcs_geo_load(path.data, "code", &err);
	CHECK(g != NULL);
	if (g) {
		c = sample(ORCS_CHART_MAP);
		orcs_chart_set_geo(c, g);
		orcs_buf_reset(&png);
		CHECK_INT(orcs_chart_png(c, 640, &png, &err), 0);
		save(&png, "map.png", &path);
		CHECK(count_colour(path.data, 0xeff3ff) > 1000); /* 93: its only value, first class */
		CHECK(count_colour(path.data, 0xe0e0e0) > 1000); /* no data */
		CHECK(count_colour(path.data, 0x9a9a9a) > 50);   /* Paris: hatched */
		{
			/* a page filtered on the 93: outlined in black, the others
			 * faded (as in the SVG) */
			int nodata = count_colour(path.data, 0xe0e0e0);
			CHECK(count_colour(path.data, 0x000000) < 50);
			orcs_chart_set_highlight(c, "93");
			orcs_buf_reset(&png);
			CHECK_INT(orcs_chart_png(c, 640, &png, &err), 0);
			save(&png, "map-93.png", &path);
			CHECK(count_colour(path.data, 0x000000) > 300);
			CHECK(count_colour(path.data, 0xeff3ff) > 1000);
			CHECK(count_colour(path.data, 0xe0e0e0) * 4 < nodata); /* the legend's swatch */
		}
		orcs_chart_free(c);
		orcs_geo_free(g);
	}
	/* every type renders; a bad width is a usage error with a French message */
	{
		orcs_chart_type types[] = { ORCS_CHART_STACKED, ORCS_CHART_LINE, ORCS_CHART_DONUT };
		unsigned i;
		for (i = 0; i < 3; i++) {
			c = sample(types[i]);
			orcs_buf_reset(&png);
			CHECK_INT(orcs_chart_png(c, 320, &png, &err), 0);
			orcs_chart_free(c);
		}
	}
	/* a donut whose every slice is secret: a hatched ring, not an empty frame */
	c = orcs_chart_new(ORCS_CHART_DONUT, "secret");
	orcs_chart_add_series(c, "2024");
	orcs_chart_add_category(c, "F", "Femme");
	orcs_chart_add_category(c, "H", "Homme");
	orcs_chart_set(c, 0, 0, NAN, 1);
	orcs_chart_set(c, 0, 1, NAN, 1);
	CHECK_INT(orcs_chart_has_values(c), 1);
	orcs_buf_reset(&png);
	CHECK_INT(orcs_chart_png(c, 640, &png, &err), 0);
	save(&png, "donut-secret.png", &path);
	CHECK(count_colour(path.data, 0xf2f2f2) > 2000); /* the hatch's ground */
	{
		orcs_buf svg = ORCS_BUF_INIT;
		orcs_chart_svg(c, &svg);
		CHECK(strstr(svg.data, "stroke=\"url(#hatch)\"") != NULL);
		CHECK(strstr(svg.data, "<pattern id=\"hatch\"") != NULL);
		orcs_buf_release(&svg);
	}
	orcs_chart_free(c);
	/* a chart without any value or secret cell has nothing to draw */
	c = sample(ORCS_CHART_BAR);
	CHECK_INT(orcs_chart_has_values(c), 1);
	orcs_chart_free(c);
	c = orcs_chart_new(ORCS_CHART_LINE, "vide");
	orcs_chart_add_series(c, "2024");
	orcs_chart_add_category(c, "2024", "2024");
	CHECK_INT(orcs_chart_has_values(c), 0);
	orcs_chart_set(c, 0, 0, NAN, 1);
	CHECK_INT(orcs_chart_has_values(c), 0); /* a line of secrets: no point to place */
	/* nothing to draw: one line of text in the PNG too, not an empty frame */
	orcs_buf_reset(&png);
	CHECK_INT(orcs_chart_png(c, 640, &png, &err), 0);
	CHECK(png.len > 24 && be32(png.data + 20) < 120);
	orcs_chart_free(c);
	c = orcs_chart_new(ORCS_CHART_BAR, "secret");
	orcs_chart_add_series(c, "2024");
	orcs_chart_add_category(c, "93", "Seine-Saint-Denis");
	orcs_chart_set(c, 0, 0, NAN, 1);
	CHECK_INT(orcs_chart_has_values(c), 1); /* a secret bar: drawn as « s » */
	orcs_chart_free(c);
	c = sample(ORCS_CHART_BAR);
	orcs_buf_reset(&png);
	CHECK_INT(orcs_chart_png(c, 0, &png, &err), ORCS_EUSAGE);
	CHECK(strstr(err.msg, "largeur") != NULL);
	CHECK_INT(png.len, 0);
	orcs_chart_free(c);
	orcs_buf_release(&png);
	orcs_buf_release(&path);
}

void suite_chart(void)
{
	RUN(test_escape);
	RUN(test_bar_svg_and_table);
	RUN(test_other_types_render_without_values_leaking);
	RUN(test_map_of_departements);
	RUN(test_png_bar_and_map);
}
