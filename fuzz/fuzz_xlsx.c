/*
 * fuzz_xlsx.c - the streaming XLSX reader never crashes, leaks or loops, and
 * its fast scanner of sheets gives exactly what expat gives.
 *
 * Two kinds of input:
 *   - a whole workbook (starts with "PK"): read as is;
 *   - otherwise, the parts of a workbook separated by lines "@@":
 *     xl/workbook.xml, xl/_rels/workbook.xml.rels, xl/sharedStrings.xml,
 *     xl/styles.xml, xl/worksheets/sheet1.xml, xl/worksheets/sheet2.xml;
 *     they are stored uncompressed in a ZIP built here, so that mutations
 *     reach the XML handlers instead of breaking the deflate stream.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/buf.h"
#include "ingest/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void le16(orcs_buf *b, unsigned v)
{
	orcs_buf_addc(b, (char)(v & 0xff));
	orcs_buf_addc(b, (char)((v >> 8) & 0xff));
}

static void le32(orcs_buf *b, unsigned long v)
{
	le16(b, (unsigned)(v & 0xffff));
	le16(b, (unsigned)((v >> 16) & 0xffff));
}

/* A ZIP of stored entries. */
static void stored_zip(orcs_buf *out, const char *const *names, const uint8_t *const *parts,
		       const size_t *lens, int n)
{
	orcs_buf cd = ORCS_BUF_INIT;
	unsigned long offsets[8];
	int i;
	for (i = 0; i < n; i++) {
		unsigned long crc = crc32(0L, parts[i], (uInt)lens[i]);
		size_t nl = strlen(names[i]);
		offsets[i] = (unsigned long)out->len;
		le32(out, 0x04034b50);
		le16(out, 20);
		le16(out, 0);
		le16(out, 0); /* stored */
		le16(out, 0);
		le16(out, 0);
		le32(out, crc);
		le32(out, (unsigned long)lens[i]);
		le32(out, (unsigned long)lens[i]);
		le16(out, (unsigned)nl);
		le16(out, 0);
		orcs_buf_add(out, names[i], nl);
		orcs_buf_add(out, parts[i], lens[i]);
		le32(&cd, 0x02014b50);
		le16(&cd, 20);
		le16(&cd, 20);
		le16(&cd, 0);
		le16(&cd, 0);
		le16(&cd, 0);
		le16(&cd, 0);
		le32(&cd, crc);
		le32(&cd, (unsigned long)lens[i]);
		le32(&cd, (unsigned long)lens[i]);
		le16(&cd, (unsigned)nl);
		le16(&cd, 0);
		le16(&cd, 0);
		le16(&cd, 0);
		le16(&cd, 0);
		le32(&cd, 0);
		le32(&cd, offsets[i]);
		orcs_buf_add(&cd, names[i], nl);
	}
	{
		unsigned long cdoff = (unsigned long)out->len;
		orcs_buf_add(out, cd.data, cd.len);
		le32(out, 0x06054b50);
		le16(out, 0);
		le16(out, 0);
		le16(out, (unsigned)n);
		le16(out, (unsigned)n);
		le32(out, (unsigned long)cd.len);
		le32(out, cdoff);
		le16(out, 0);
	}
	orcs_buf_release(&cd);
}

/* Every row and the outcome of sheet i, with the fast scanner or expat. */
static void read_sheet(orcs_xlsx *x, size_t i, int fast, orcs_buf *out)
{
	orcs_xlsx_sheet *s = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	long rows = 0;
	size_t f, n;
	int rc;
	orcs_buf_reset(out);
	orcs_xlsx_set_fast_scan(x, fast);
	if (orcs_xlsx_sheet_open(x, i, &s, &err) != ORCS_OK)
		return;
	while ((rc = orcs_xlsx_next(s, &err)) == 1) {
		orcs_buf_addf(out, "%ld:", orcs_xlsx_row(s));
		for (f = 0; f < orcs_xlsx_nfields(s); f++) {
			const char *v = orcs_xlsx_field(s, f, &n);
			orcs_buf_add(out, v, n);
			orcs_buf_addc(out, '\x1f');
		}
		orcs_buf_addc(out, '\n');
		if (orcs_xlsx_nfields(s) > ORCS_XLSX_MAX_COLS)
			__builtin_trap();
		if (++rows > 100000000)
			__builtin_trap();
	}
	orcs_buf_addf(out, "%d %s %lld", rc, rc < 0 ? err.msg : "", orcs_xlsx_sheet_bytes(s));
	orcs_xlsx_sheet_close(s);
}

/* Reads every sheet twice: the fast scanner (xml_scan.c) must give exactly
 * what expat gives. */
static void read_book(const void *data, size_t size)
{
	orcs_xlsx *x = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_buf a = ORCS_BUF_INIT, b = ORCS_BUF_INIT;
	size_t i;
	if (orcs_xlsx_open_mem(data, size, "fuzz.xlsx", &x, &err) != ORCS_OK)
		return;
	for (i = 0; i < orcs_xlsx_nsheets(x); i++) {
		read_sheet(x, i, 1, &a);
		read_sheet(x, i, 0, &b);
		if (a.len != b.len || memcmp(a.data, b.data, a.len)) {
			if (getenv("FUZZ_SHOW"))
				fprintf(stderr, "fast:\n%s\nexpat:\n%s\n", a.data, b.data);
			__builtin_trap();
		}
	}
	orcs_buf_release(&a);
	orcs_buf_release(&b);
	orcs_xlsx_close(x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
					     "xl/sharedStrings.xml", "xl/styles.xml",
					     "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml" };
	const uint8_t *parts[6];
	size_t lens[6];
	const uint8_t *p = data, *end = data + size;
	orcs_buf zip = ORCS_BUF_INIT;
	int n = 0;
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		read_book(data, size);
		return 0;
	}
	while (n < 6) {
		const uint8_t *q = p;
		while (q + 4 <= end && memcmp(q, "\n@@\n", 4) != 0)
			q++;
		if (q + 4 > end)
			q = end;
		parts[n] = p;
		lens[n] = (size_t)(q - p);
		n++;
		if (q == end)
			break;
		p = q + 4;
	}
	stored_zip(&zip, names, parts, lens, n);
	read_book(zip.data, zip.len);
	orcs_buf_release(&zip);
	return 0;
}
