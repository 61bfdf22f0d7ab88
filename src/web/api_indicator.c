/* api_indicator.c - /api/v1/indicators/{id}: one indicator computed by the
 * engine for the public audience, with the parameters and the JSON (or
 * CSV) of `orcs stats` (render/ind_out.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicators/engine.h"
#include "render/ind_out.h"
#include "web/api.h"
#include "web/routes.h"

#define NB ORCS_NBSP
#define ROUTE "/api/v1/indicators/*"

static int bad(const orcs_req *r, orcs_resp *out, int status, const char *fmt, const char *v)
{
	orcs_buf msg = ORCS_BUF_INIT;
	orcs_buf_addf(&msg, fmt, v);
	orcs_resp_error(r, out, status, msg.data);
	orcs_buf_release(&msg);
	return 0;
}

static int valid_id(const char *id)
{
	const char *s;
	if (!*id || strlen(id) > 80)
		return 0;
	for (s = id; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_'))
			return 0;
	return 1;
}

/* The engine speaks to the command line (--by, orcs stats --list); the
 * API's parameters have other names. */
static void api_words(const char *msg, orcs_buf *out)
{
	static const char *const from[] = { "« orcs stats --list »", "--year", "--by", "--where",
					     NULL };
	static const char *const to[] = { "/api/v1/indicators", "year", "by", "where", NULL };
	const char *s = msg;
	while (*s) {
		int k, done = 0;
		for (k = 0; from[k]; k++) {
			size_t n = strlen(from[k]);
			if (!strncmp(s, from[k], n)) {
				orcs_buf_adds(out, to[k]);
				s += n;
				done = 1;
				break;
			}
		}
		if (!done)
			orcs_buf_addc(out, *s++);
	}
}

int orcs_api_indicator(const orcs_req *r, orcs_resp *out)
{
	const char *id = orcs_req_rest(r);
	const char *ys = orcs_req_param(r, "year"), *fmt = orcs_req_param(r, "format");
	const char *aud = orcs_req_param(r, "audience"), *reason = NULL;
	orcs_ind_query q = ORCS_IND_QUERY_INIT;
	orcs_ind_result res;
	orcs_error err = ORCS_ERROR_INIT;
	char bybuf[256], *s, *comma;
	int i, n, csv = 0;

	if (!valid_id(id) || orcs_ind_status(id, &reason) < 0)
		return bad(r, out, 404,
			   "indicateur inconnu « %.80s » (liste des indicateurs" NB
			   ": /api/v1/indicators)", id);
	if (orcs_ind_status(id, &reason) == 0) {
		orcs_buf msg = ORCS_BUF_INIT;
		orcs_buf_addf(&msg, "indicateur « %s » pas encore calculable" NB ": %s", id,
			      reason ? reason : "");
		orcs_resp_error(r, out, 404, msg.data);
		orcs_buf_release(&msg);
		return 0;
	}
	if (orcs_api_check_params(r, ROUTE, out))
		return 0;
	for (i = 0; i < orcs_req_nparams(r); i++) {
		const char *name = orcs_req_param_name(r, i);
		if (strcmp(name, "by") && strcmp(name, "where") && orcs_req_param_count(r, name) > 1)
			return bad(r, out, 400, "paramètre « %s » donné plusieurs fois", name);
	}
	if (fmt && !strcmp(fmt, "csv"))
		csv = 1;
	else if (fmt && strcmp(fmt, "json"))
		return bad(r, out, 400, "format" NB ": valeur inconnue « %.40s » (json ou csv)", fmt);
	if (aud && strcmp(aud, "public"))
		return bad(r, out, 400,
			   "audience" NB ": « %.40s » refusée, l'API ne sert que l'audience publique "
			   "(secret statistique appliqué)", aud);
	q.indicator = id;
	q.audience = ORCS_AUDIENCE_PUBLIC;
	if (ys) {
		char *end;
		long y = strtol(ys, &end, 10);
		if (*end || end == ys || y < 2000 || y > 2100)
			return bad(r, out, 400, "year" NB ": année invalide « %.40s » (2000 à 2100)", ys);
		q.year = (int)y;
	}
	/* by: repeated and/or comma-separated, into one buffer */
	bybuf[0] = '\0';
	n = orcs_req_param_count(r, "by");
	for (i = 0; i < n; i++) {
		const char *v = orcs_req_param_at(r, "by", i);
		if (strlen(bybuf) + strlen(v) + 2 > sizeof(bybuf))
			return bad(r, out, 400, "by" NB ": ventilation trop longue « %.40s »", v);
		if (bybuf[0])
			strcat(bybuf, ",");
		strcat(bybuf, v);
	}
	for (s = bybuf; *s; s = comma) {
		comma = strchr(s, ',');
		if (comma)
			*comma++ = '\0';
		else
			comma = s + strlen(s);
		if (!*s)
			continue;
		if (q.nby >= ORCS_IND_MAX_BY)
			return bad(r, out, 400, "by" NB ": deux dimensions au plus (« %.40s » de trop)", s);
		q.by[q.nby++] = s;
	}
	n = orcs_req_param_count(r, "where");
	if (n > ORCS_IND_MAX_WHERE - 1)
		return bad(r, out, 400, "where" NB ": trop de filtres (%s au plus)", "7");
	{
		char wbuf[ORCS_IND_MAX_WHERE][128];
		for (i = 0; i < n; i++) {
			const char *w = orcs_req_param_at(r, "where", i);
			char *eq;
			if (strlen(w) >= sizeof(wbuf[i]))
				return bad(r, out, 400, "where" NB ": filtre trop long « %.40s… »", w);
			snprintf(wbuf[i], sizeof(wbuf[i]), "%s", w);
			eq = strchr(wbuf[i], '=');
			if (!eq || eq == wbuf[i] || !eq[1])
				return bad(r, out, 400,
					   "where" NB ": « %.60s » n'est pas de la forme DIMENSION=VALEUR",
					   w);
			*eq = '\0';
			q.where[q.nwhere].dim = wbuf[i];
			q.where[q.nwhere].value = eq + 1;
			q.nwhere++;
		}
		if (orcs_ind_compute(orcs_req_db(r), &q, &res, &err) != ORCS_OK) {
			orcs_buf msg = ORCS_BUF_INIT;
			if (err.code != ORCS_EUSAGE) {
				/* the warehouse's message names its path: keep it in the log */
				fprintf(stderr, "ORCS" NB ": %s\n", err.msg);
				orcs_resp_error(r, out, 503,
						"Le calcul de l'indicateur a échoué" NB "; réessayez plus tard.");
				return 0;
			}
			api_words(err.msg, &msg);
			orcs_resp_error(r, out, 400, msg.data);
			orcs_buf_release(&msg);
			return 0;
		}
	}
	{
		char *mem = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&mem, &len);
		orcs_ind_write(f, &res, csv ? ORCS_ROWS_CSV : ORCS_ROWS_JSON);
		fclose(f);
		orcs_buf_add(&out->body, mem, len);
		free(mem);
	}
	if (csv) {
		out->type = "text/csv; charset=utf-8";
		orcs_resp_file(out, "attachment", res.indicator ? res.indicator : "indicateur",
			       res.year, "csv");
	} else {
		out->type = "application/json; charset=utf-8";
	}
	orcs_ind_result_release(&res);
	return 0;
}
