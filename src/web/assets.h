/*
 * assets.h - static files of the site (web/static/), compiled into the
 * binary by scripts/embed-text so that `orcs serve` needs no files at run
 * time.  Our own design; no third-party front-end code.
 */
#ifndef ORCS_ASSETS_H
#define ORCS_ASSETS_H

#include <stddef.h>

typedef struct orcs_asset {
	const char *name; /* file name, e.g. "style.css" */
	const char *data;
	size_t len;
} orcs_asset;

extern const orcs_asset orcs_assets[];
extern const unsigned orcs_assets_count;

/* The asset called `name`, or NULL. */
const orcs_asset *orcs_asset_find(const char *name);

#endif
