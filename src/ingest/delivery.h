/*
 * delivery.h - opens a delivery of the exchange format and yields each of
 * its tables as a row source.
 *
 * A delivery is one of:
 *   - a folder of CSV files (`<table>.csv`; other files are ignored);
 *   - a ZIP of such a folder (CSV entries at any depth; __MACOSX/ and
 *     hidden entries ignored);
 *   - an XLSX workbook (one sheet per table);
 *   - a single CSV file (a one-table delivery named after the file).
 * Entries are listed by name (without folder and extension), in name order
 * for folders and ZIPs, in workbook order for sheets.
 *
 * The delivery digest (orcs_delivery_sha256) recognises a re-import of the
 * same bytes: the SHA-256 of the file for ZIP, XLSX and CSV; for a folder,
 * the SHA-256 of the list "name NUL sha256(file) LF" of its CSV files in
 * name order.
 *
 * A row source (orcs_src) reads CSV through orcs_csv (separator detected
 * per file, BOM skipped) or a sheet through orcs_xlsx, and computes the
 * SHA-256 of the bytes it reads.
 *
 * Ownership: orcs_delivery_open() returns a handle freed by
 * orcs_delivery_close(); orcs_delivery_src_open() returns a source freed by
 * orcs_src_close() before the delivery is closed.  Only one source may be
 * open at a time.  Field pointers are valid until the next orcs_src_next().
 */
#ifndef ORCS_DELIVERY_H
#define ORCS_DELIVERY_H

#include <stddef.h>

#include "core/error.h"

typedef struct orcs_delivery orcs_delivery;
typedef struct orcs_src orcs_src;

/* A missing path is ORCS_EIO; an unreadable container ORCS_EINPUT. */
int orcs_delivery_open(const char *path, orcs_delivery **out, orcs_error *err);
void orcs_delivery_close(orcs_delivery *d);

/* "dossier", "zip", "xlsx" or "csv". */
const char *orcs_delivery_format(const orcs_delivery *d);
int orcs_delivery_sha256(orcs_delivery *d, char hex[65], long long *bytes, orcs_error *err);

size_t orcs_delivery_count(const orcs_delivery *d);
/* Entry name without folder and extension ("marches", "Bénéficiaires"). */
const char *orcs_delivery_entry(const orcs_delivery *d, size_t i);
/* Entry as shown in messages and stored as source_file ("marches.csv",
 * "livraison.xlsx#marches"). */
const char *orcs_delivery_entry_label(const orcs_delivery *d, size_t i);

int orcs_delivery_src_open(orcs_delivery *d, size_t i, orcs_src **out, orcs_error *err);
/* Sources opened afterwards read ahead in a thread (on, the default) or
 * read directly (off: better when only the header is wanted). */
void orcs_delivery_set_readahead(orcs_delivery *d, int on);

int orcs_src_next(orcs_src *s, orcs_error *err); /* 1 row, 0 end, -1 error */
size_t orcs_src_nfields(const orcs_src *s);
const char *orcs_src_field(const orcs_src *s, size_t i, size_t *len);
long orcs_src_line(const orcs_src *s);           /* CSV line or sheet row */
/* Bytes read so far and their SHA-256 (complete at the end). */
long long orcs_src_bytes(const orcs_src *s);
void orcs_src_sha256(orcs_src *s, char hex[65]);
void orcs_src_close(orcs_src *s);

#endif
