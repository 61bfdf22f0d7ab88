/*
 * xml_scan.h - a fast scanner for the plain XML that spreadsheet writers
 * produce (the worksheets of an XLSX), with expat's callback signatures.
 *
 * It accepts a strict subset of XML 1.0 and gives up (ORCS_XSCAN_BAIL) on
 * anything else, so that the caller hands the whole document to expat
 * instead, which reports the errors.  The subset: an optional UTF-8 BOM and
 * XML declaration (version 1.0, encoding UTF-8, standalone), then one root
 * element; elements with ASCII names and attributes in double or single
 * quotes (no entity, '<' or control character in a value, no duplicate
 * name); text in valid UTF-8 with the five predefined entities and
 * numeric character references; whitespace outside the root.  Comments,
 * CDATA sections, processing instructions other than the declaration,
 * DOCTYPE, carriage returns, names or values longer than the limits below
 * and nesting deeper than 64 are outside the subset.  Whatever it accepts
 * it reports exactly as expat without namespace processing would: the
 * same element and attribute names and values and the same character data
 * (possibly split differently between calls, as expat also does).
 *
 * Input comes in chunks (orcs_xscan_parse(); the last one with final set);
 * a handler may suspend the scan with orcs_xscan_stop(), which then
 * returns ORCS_XSCAN_SUSPENDED after the current event; orcs_xscan_resume()
 * continues.  Memory: the unfinished tail of a chunk is kept (at most one
 * tag or one text run, bounded by ORCS_XSCAN_MAX_TEXT).
 *
 * Ownership: orcs_xscan_new() returns a scanner freed by orcs_xscan_free().
 * Names, attributes and text given to handlers are valid during the call.
 */
#ifndef ORCS_XML_SCAN_H
#define ORCS_XML_SCAN_H

#include <stddef.h>

enum { ORCS_XSCAN_OK, ORCS_XSCAN_SUSPENDED, ORCS_XSCAN_BAIL };

#define ORCS_XSCAN_MAX_TEXT (2u << 20) /* one text run or tag, bytes */

typedef void (*orcs_xscan_start_fn)(void *ud, const char *name, const char **atts);
typedef void (*orcs_xscan_end_fn)(void *ud, const char *name);
typedef void (*orcs_xscan_chars_fn)(void *ud, const char *s, int len);

typedef struct orcs_xscan orcs_xscan;

orcs_xscan *orcs_xscan_new(void *ud, orcs_xscan_start_fn start, orcs_xscan_end_fn end,
			   orcs_xscan_chars_fn chars);
void orcs_xscan_free(orcs_xscan *x);
/* Scans `n` more bytes (`final`: no more will come).  ORCS_XSCAN_OK: all
 * consumed (at the end of a final chunk: the document was complete). */
int orcs_xscan_parse(orcs_xscan *x, const char *data, size_t n, int final);
int orcs_xscan_resume(orcs_xscan *x);
/* From a handler: suspend after the current event. */
void orcs_xscan_stop(orcs_xscan *x);

#endif
