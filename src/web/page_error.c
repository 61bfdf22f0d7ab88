/* page_error.c - error answers: a French HTML page, or JSON under /api. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "render/escape.h"
#include "web/layout.h"

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Requête incorrecte";
	case 404: return "Page introuvable";
	case 405: return "Méthode non autorisée";
	case 413: return "Requête trop volumineuse";
	case 414: return "Adresse trop longue";
	case 431: return "En-têtes trop volumineux";
	case 503: return "Service indisponible";
	default: return "Erreur";
	}
}

void orcs_resp_error(const orcs_req *r, orcs_resp *out, int status, const char *message)
{
	out->status = status;
	orcs_buf_reset(&out->body);
	if (!strncmp(orcs_req_path(r), "/api/", 5)) {
		/* JSON written by hand through the escaping generator */
		FILE *f;
		char *mem = NULL;
		size_t len = 0;
		yajl_gen g;
		out->type = "application/json; charset=utf-8";
		f = open_memstream(&mem, &len);
		g = orcs_json_new(f, 0);
		yajl_gen_map_open(g);
		orcs_json_str(g, "error");
		yajl_gen_map_open(g);
		orcs_json_kint(g, "status", status);
		orcs_json_kstr(g, "title", status_title(status));
		orcs_json_kstr(g, "message", message);
		yajl_gen_map_close(g);
		yajl_gen_map_close(g);
		orcs_json_free(g);
		fclose(f);
		orcs_buf_add(&out->body, mem, len);
		free(mem);
		return;
	}
	out->type = "text/html; charset=utf-8";
	orcs_layout_begin(&out->body, status_title(status), NULL);
	orcs_buf_adds(&out->body, "<h1>");
	orcs_escape_html(&out->body, status_title(status));
	orcs_buf_adds(&out->body, "</h1>\n<p class=\"error\">");
	orcs_escape_html(&out->body, message);
	orcs_buf_adds(&out->body, "</p>\n<p><a href=\"/\">Retour à l'accueil</a></p>\n");
	orcs_layout_end(&out->body);
}
