/*
 * layout.h - the frame of every HTML page: skip link, header, navigation
 * (derived from the routes table), footer with sources and licences.
 */
#ifndef ORCS_LAYOUT_H
#define ORCS_LAYOUT_H

#include "core/buf.h"
#include "web/http.h"

/* Opens the page: <!doctype>, <head>, header and navigation, <main>.
 * `title` is escaped; `current` is the route path marked aria-current. */
void orcs_layout_begin(orcs_buf *out, const char *title, const char *current);
/* Closes <main>, writes the footer, closes the document. */
void orcs_layout_end(orcs_buf *out);

#endif
