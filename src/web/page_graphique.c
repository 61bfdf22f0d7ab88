/* page_graphique.c - the exports of every chart of the registry, one route
 * family: /graphique/ID.csv|.xlsx|.json|.svg|.png with the dashboard filters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/chart.h"
#include "web/dash.h"
#include "web/routes.h"

int orcs_page_graphique(const orcs_req *r, orcs_resp *out)
{
	const char *rest = orcs_req_rest(r), *dot = strrchr(rest, '.');
	const orcs_figure *fig;
	orcs_filters f;
	orcs_chart *c = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	char id[96];
	int year;
	if (!dot || (size_t)(dot - rest) >= sizeof(id)) {
		orcs_resp_error(r, out, 404, "Graphique introuvable.");
		return 0;
	}
	memcpy(id, rest, (size_t)(dot - rest));
	id[dot - rest] = 0;
	fig = orcs_figure_find(id);
	if (!fig || (strcmp(dot, ".csv") && strcmp(dot, ".xlsx") && strcmp(dot, ".json") &&
		     strcmp(dot, ".svg") && strcmp(dot, ".png"))) {
		orcs_resp_error(r, out, 404, "Graphique ou format introuvable (formats" ORCS_NBSP
					     ": csv, xlsx, json, svg, png).");
		return 0;
	}
	if (orcs_dash_filters(r, out, &f))
		return 0;
	if (orcs_figure_chart(orcs_req_db(r), fig, &f, ORCS_AUDIENCE_PUBLIC, &c, &err) != ORCS_OK) {
		orcs_resp_error(r, out, err.code == ORCS_EUSAGE ? 400 : 503, err.msg);
		return 0;
	}
	/* ID-YEAR.EXT: the year shown (the latest with data when none asked) */
	year = f.year;
	if (!year && strcmp(fig->indicator, ORCS_FIGURE_DIRECTORY))
		year = orcs_figure_latest_year(orcs_req_db(r), fig->indicator);
	orcs_resp_file(out, !strcmp(dot, ".svg") || !strcmp(dot, ".png") ? "inline" : "attachment",
		       fig->id, year, dot + 1);
	if (!strcmp(dot, ".csv")) {
		out->type = "text/csv; charset=utf-8";
		orcs_chart_csv(c, &out->body);
	} else if (!strcmp(dot, ".json")) {
		char *mem = NULL;
		size_t len = 0;
		FILE *mf = open_memstream(&mem, &len);
		out->type = "application/json; charset=utf-8";
		if (mf) {
			orcs_chart_json(c, mf);
			fclose(mf);
			orcs_buf_add(&out->body, mem, len);
			free(mem);
		}
	} else if (!strcmp(dot, ".svg")) {
		out->type = "image/svg+xml; charset=utf-8";
		orcs_buf_adds(&out->body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		orcs_chart_svg(c, &out->body);
	} else if (!strcmp(dot, ".png")) {
		out->type = "image/png";
		if (orcs_chart_png(c, 1200, &out->body, &err) != ORCS_OK) {
			orcs_chart_free(c);
			orcs_resp_error(r, out, 503, err.msg);
			return 0;
		}
	} else {
		out->type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		if (orcs_chart_xlsx(c, &out->body, &err) != ORCS_OK) {
			orcs_chart_free(c);
			orcs_resp_error(r, out, 503, err.msg);
			return 0;
		}
	}
	out->cache_seconds = 300;
	orcs_chart_free(c);
	return 0;
}
