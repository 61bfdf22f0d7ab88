/* page_static.c - the embedded static files; nothing is read from disk, so
 * no path can escape (a traversal attempt is just an unknown name). */
#include <string.h>

#include "web/assets.h"
#include "web/routes.h"

const orcs_asset *orcs_asset_find(const char *name)
{
	unsigned i;
	for (i = 0; i < orcs_assets_count; i++)
		if (!strcmp(orcs_assets[i].name, name))
			return &orcs_assets[i];
	return NULL;
}

int orcs_page_static(const orcs_req *r, orcs_resp *out)
{
	const orcs_asset *a = orcs_asset_find(orcs_req_rest(r));
	const char *dot;
	if (!a) {
		orcs_resp_error(r, out, 404, "Ce fichier n'existe pas.");
		return 0;
	}
	dot = strrchr(a->name, '.');
	out->type = dot && !strcmp(dot, ".css") ? "text/css; charset=utf-8"
		  : dot && !strcmp(dot, ".js") ? "text/javascript; charset=utf-8"
		  : dot && !strcmp(dot, ".svg") ? "image/svg+xml"
		  : "application/octet-stream";
	out->cache_seconds = 3600;
	orcs_buf_add(&out->body, a->data, a->len);
	return 0;
}
