/* test_chart.c - the chart model: SVG and data tables, escaping, secrecy marks, maps. */
#include <math.h>

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

void suite_chart(void)
{
	RUN(test_escape);
	RUN(test_bar_svg_and_table);
	RUN(test_other_types_render_without_values_leaking);
	RUN(test_map_of_departements);
}
