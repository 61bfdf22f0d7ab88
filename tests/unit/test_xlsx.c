/* test_xlsx.c - the streaming XLSX reader on workbooks written by
 * libxlsxwriter (shared and inline strings, dates, numbers) and on broken
 * files (truncated, missing sheet part, garbage, malformed XML). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "core/buf.h"
#include "ingest/xlsx.h"
#include "tests/unit/harness.h"

static char *tmp_path(const char *name)
{
	orcs_buf b = ORCS_BUF_INIT;
	orcs_buf_addf(&b, "%s/%s", harness_tmpdir(), name);
	return orcs_buf_detach(&b, NULL);
}

/* Two sheets; constant_memory selects inline strings instead of the
 * shared-string table. */
static void write_book(const char *path, int constant_memory)
{
	lxw_workbook_options opt = { 0 };
	lxw_workbook *wb;
	lxw_worksheet *ws, *ws2;
	lxw_format *date_fr, *date_iso, *money;
	lxw_datetime dt = { 2021, 3, 15, 0, 0, 0 };
	lxw_datetime dt2 = { 2019, 12, 31, 13, 30, 0 };
	opt.constant_memory = (uint8_t)constant_memory;
	wb = workbook_new_opt(path, &opt);
	ws = workbook_add_worksheet(wb, "marches");
	ws2 = workbook_add_worksheet(wb, "heures");
	date_fr = workbook_add_format(wb);
	format_set_num_format(date_fr, "dd/mm/yyyy");
	date_iso = workbook_add_format(wb);
	format_set_num_format_index(date_iso, 14);
	money = workbook_add_format(wb);
	format_set_num_format(money, "# ##0,00 \"€\"");
	worksheet_write_string(ws, 0, 0, "marche_id", NULL);
	worksheet_write_string(ws, 0, 1, "siret_donneur", NULL);
	worksheet_write_string(ws, 0, 2, "date_notification", NULL);
	worksheet_write_string(ws, 0, 3, "montant_ht", NULL);
	worksheet_write_string(ws, 0, 5, "objet", NULL); /* gap at column E */
	worksheet_write_string(ws, 1, 0, "M-001", NULL);
	worksheet_write_number(ws, 1, 1, 21780490500016.0, NULL);
	worksheet_write_datetime(ws, 1, 2, &dt, date_fr);
	worksheet_write_number(ws, 1, 3, 1234.5, money);
	worksheet_write_string(ws, 1, 5, "Entretien « espaces verts » & co <lot 1>", NULL);
	worksheet_write_string(ws, 2, 0, "M-002", NULL);
	worksheet_write_string(ws, 2, 1, "21780490500016", NULL);
	worksheet_write_datetime(ws, 2, 2, &dt2, date_iso);
	worksheet_write_number(ws, 2, 3, 0.1 + 0.2, NULL);
	worksheet_write_boolean(ws, 2, 4, 1, NULL);
	worksheet_write_formula_num(ws, 2, 5, "=\"x\"&\"y\"", NULL, 0);
	/* row 4 left empty, row 5 has data */
	worksheet_write_string(ws, 4, 0, "M-003", NULL);
	worksheet_write_number(ws, 4, 3, -0.0, NULL);
	worksheet_write_string(ws2, 0, 0, "contrat_id", NULL);
	worksheet_write_string(ws2, 1, 0, "M-001", NULL); /* repeated string */
	workbook_close(wb);
}

static void check_book(const char *path, int inline_strings)
{
	orcs_xlsx *x = NULL;
	orcs_xlsx_sheet *s = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	size_t n;
	char hex[65];
	CHECK_INT(orcs_xlsx_open(path, &x, &err), ORCS_OK);
	if (!x) {
		printf("  %s\n", err.msg);
		return;
	}
	CHECK_INT(orcs_xlsx_nsheets(x), 2);
	CHECK_STR(orcs_xlsx_sheet_name(x, 0), "marches");
	CHECK_STR(orcs_xlsx_sheet_name(x, 1), "heures");
	if (inline_strings)
		CHECK_INT(orcs_xlsx_nstrings(x), 0);
	else
		CHECK(orcs_xlsx_nstrings(x) >= 8);
	CHECK_INT(orcs_xlsx_sheet_open(x, 0, &s, &err), ORCS_OK);
	CHECK_INT(orcs_xlsx_next(s, &err), 1);
	CHECK_INT(orcs_xlsx_row(s), 1);
	CHECK_INT(orcs_xlsx_nfields(s), 6);
	CHECK_STR(orcs_xlsx_field(s, 0, NULL), "marche_id");
	CHECK_STR(orcs_xlsx_field(s, 4, &n), "");
	CHECK_INT(n, 0);
	CHECK_STR(orcs_xlsx_field(s, 5, NULL), "objet");
	CHECK_INT(orcs_xlsx_next(s, &err), 1);
	CHECK_INT(orcs_xlsx_row(s), 2);
	CHECK_STR(orcs_xlsx_field(s, 0, NULL), "M-001");
	CHECK_STR(orcs_xlsx_field(s, 1, NULL), "21780490500016");
	CHECK_STR(orcs_xlsx_field(s, 2, NULL), "2021-03-15");
	CHECK_STR(orcs_xlsx_field(s, 3, NULL), "1234.5");
	CHECK_STR(orcs_xlsx_field(s, 5, NULL), "Entretien « espaces verts » & co <lot 1>");
	CHECK_INT(orcs_xlsx_next(s, &err), 1);
	CHECK_STR(orcs_xlsx_field(s, 1, NULL), "21780490500016");
	CHECK_STR(orcs_xlsx_field(s, 2, NULL), "2019-12-31"); /* time of day dropped */
	CHECK_STR(orcs_xlsx_field(s, 3, NULL), "0.3");
	CHECK_STR(orcs_xlsx_field(s, 4, NULL), "1");
	CHECK_STR(orcs_xlsx_field(s, 5, NULL), "0"); /* formula: cached value */
	CHECK_INT(orcs_xlsx_next(s, &err), 1);
	CHECK_INT(orcs_xlsx_row(s), 5); /* the empty row 4 is not written */
	CHECK_STR(orcs_xlsx_field(s, 0, NULL), "M-003");
	CHECK_STR(orcs_xlsx_field(s, 3, NULL), "0");
	CHECK_STR(orcs_xlsx_field(s, 9, &n), "");
	CHECK_INT(orcs_xlsx_next(s, &err), 0);
	CHECK_INT(orcs_xlsx_next(s, &err), 0); /* stays at the end */
	CHECK(orcs_xlsx_sheet_bytes(s) > 100);
	orcs_xlsx_sheet_sha256(s, hex);
	CHECK_INT(strlen(hex), 64);
	orcs_xlsx_sheet_close(s);
	CHECK_INT(orcs_xlsx_sheet_open(x, 1, &s, &err), ORCS_OK);
	CHECK_INT(orcs_xlsx_next(s, &err), 1);
	CHECK_INT(orcs_xlsx_next(s, &err), 1);
	CHECK_STR(orcs_xlsx_field(s, 0, NULL), "M-001");
	CHECK_INT(orcs_xlsx_next(s, &err), 0);
	orcs_xlsx_sheet_close(s);
	CHECK_INT(orcs_xlsx_sheet_open(x, 7, &s, &err), ORCS_EUSAGE);
	orcs_xlsx_close(x);
}

static void test_shared_strings_dates_numbers(void)
{
	char *p = tmp_path("shared.xlsx");
	write_book(p, 0);
	CHECK(orcs_is_zip_file(p));
	check_book(p, 0);
	free(p);
}

static void test_inline_strings(void)
{
	char *p = tmp_path("inline.xlsx");
	write_book(p, 1);
	check_book(p, 1);
	free(p);
}

static void test_serial_dates(void)
{
	char d[11];
	CHECK_INT(orcs_xlsx_serial_date(44270, 0, d), 0);
	CHECK_STR(d, "2021-03-15");
	CHECK_INT(orcs_xlsx_serial_date(61, 0, d), 0);
	CHECK_STR(d, "1900-03-01");
	CHECK_INT(orcs_xlsx_serial_date(1, 0, d), 0);
	CHECK_STR(d, "1900-01-01");
	CHECK_INT(orcs_xlsx_serial_date(0, 1, d), 0);
	CHECK_STR(d, "1904-01-01");
	CHECK_INT(orcs_xlsx_serial_date(42808, 1, d), 0); /* = 44270 in 1900 system */
	CHECK_STR(d, "2021-03-15");
	CHECK_INT(orcs_xlsx_serial_date(-1, 0, d), -1);
	CHECK_INT(orcs_xlsx_serial_date(1e9, 0, d), -1);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

static void test_truncated_and_garbage(void)
{
	char *p = tmp_path("t.xlsx"), *data;
	size_t len;
	orcs_xlsx *x = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	FILE *f;
	write_book(p, 0);
	data = slurp(p, &len);
	CHECK(data != NULL);
	if (!data)
		return;
	/* truncated in the middle: the central directory is gone */
	CHECK_INT(orcs_xlsx_open_mem(data, len / 2, "t.xlsx", &x, &err), ORCS_EINPUT);
	CHECK(x == NULL);
	CHECK(strstr(err.msg, "tronqu") != NULL);
	/* the same through a file */
	f = fopen(p, "wb");
	fwrite(data, 1, len / 2, f);
	fclose(f);
	CHECK_INT(orcs_xlsx_open(p, &x, &err), ORCS_EINPUT);
	/* garbage */
	CHECK_INT(orcs_xlsx_open_mem("PK\3\4 not really a zip", 21, "g.xlsx", &x, &err), ORCS_EINPUT);
	CHECK_INT(orcs_xlsx_open_mem("", 0, "e.xlsx", &x, &err), ORCS_EINPUT);
	/* a missing file is an I/O error */
	CHECK_INT(orcs_xlsx_open("/nonexistent/x.xlsx", &x, &err), ORCS_EIO);
	free(data);
	free(p);
}

/* Writes a zip with the given (name, content) parts. */
static void make_zip(const char *path, const char *const *parts, int n)
{
	int zerr, i;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	for (i = 0; i < n; i++) {
		zip_source_t *src = zip_source_buffer(z, parts[2 * i + 1], strlen(parts[2 * i + 1]), 0);
		zip_file_add(z, parts[2 * i], src, ZIP_FL_OVERWRITE);
	}
	zip_close(z);
}

static const char *WB =
	"<?xml version=\"1.0\"?><workbook xmlns:r=\"http://r\"><sheets>"
	"<sheet name=\"marches\" sheetId=\"1\" r:id=\"rId1\"/>"
	"<sheet name=\"heures\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
static const char *RELS =
	"<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"x/worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>"
	"</Relationships>";

static void test_missing_sheet_and_bad_xml(void)
{
	char *p = tmp_path("m.xlsx");
	orcs_xlsx *x = NULL;
	orcs_xlsx_sheet *s = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	const char *parts[] = {
		"xl/workbook.xml", WB,
		"xl/_rels/workbook.xml.rels", RELS,
		"xl/worksheets/sheet1.xml",
		"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c>"
		"<c r=\"C1\" t=\"inlineStr\"><is><r><t>b</t></r><r><t>c</t></r><rPh><t>x</t></rPh></is></c>"
		"</row><row><c t=\"s\"><v>3</v></c></row></sheetData></worksheet>",
	};
	make_zip(p, parts, 3);
	CHECK_INT(orcs_xlsx_open(p, &x, &err), ORCS_OK);
	if (!x) {
		printf("  %s\n", err.msg);
		free(p);
		return;
	}
	CHECK_INT(orcs_xlsx_nsheets(x), 2);
	CHECK_INT(orcs_xlsx_sheet_open(x, 0, &s, &err), ORCS_OK);
	CHECK_INT(orcs_xlsx_next(s, &err), 1);
	CHECK_INT(orcs_xlsx_nfields(s), 3);
	CHECK_STR(orcs_xlsx_field(s, 0, NULL), "a");
	CHECK_STR(orcs_xlsx_field(s, 2, NULL), "bc"); /* runs joined, phonetics dropped */
	/* a shared-string index without a table */
	CHECK_INT(orcs_xlsx_next(s, &err), -1);
	CHECK(strstr(err.msg, "chaîne partagée") != NULL);
	CHECK_INT(orcs_xlsx_next(s, &err), 0);
	orcs_xlsx_sheet_close(s);
	/* sheet 2 is declared but its part is missing */
	CHECK_INT(orcs_xlsx_sheet_open(x, 1, &s, &err), ORCS_EINPUT);
	CHECK(strstr(err.msg, "heures") != NULL);
	orcs_xlsx_close(x);

	{
		const char *bad[] = {
			"xl/workbook.xml", WB,
			"xl/_rels/workbook.xml.rels", RELS,
			"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row><c><v>1</v></row>",
		};
		make_zip(p, bad, 3);
		CHECK_INT(orcs_xlsx_open(p, &x, &err), ORCS_OK);
		if (x) {
			CHECK_INT(orcs_xlsx_sheet_open(x, 0, &s, &err), ORCS_OK);
			CHECK_INT(orcs_xlsx_next(s, &err), -1);
			CHECK(strstr(err.msg, "XML invalide") != NULL);
			orcs_xlsx_sheet_close(s);
			orcs_xlsx_close(x);
		}
	}
	{
		const char *nowb[] = { "a.csv", "x;y\n" };
		make_zip(p, nowb, 1);
		CHECK_INT(orcs_xlsx_open(p, &x, &err), ORCS_EINPUT);
		CHECK(strstr(err.msg, "pas un classeur") != NULL);
	}
	{
		const char *badwb[] = { "xl/workbook.xml", "<workbook><sheets>" };
		make_zip(p, badwb, 1);
		CHECK_INT(orcs_xlsx_open(p, &x, &err), ORCS_EINPUT);
	}
	free(p);
}

/* Every row (number and fields) and the outcome of sheet 0 of `path`,
 * read with or without the fast scanner. */
static void read_all(const char *path, int fast, orcs_buf *out)
{
	orcs_xlsx *x = NULL;
	orcs_xlsx_sheet *s = NULL;
	orcs_error err = ORCS_ERROR_INIT;
	int rc;
	orcs_buf_reset(out);
	if (orcs_xlsx_open(path, &x, &err) != ORCS_OK) {
		orcs_buf_addf(out, "open: %s", err.msg);
		return;
	}
	orcs_xlsx_set_fast_scan(x, fast);
	if (orcs_xlsx_sheet_open(x, 0, &s, &err) != ORCS_OK) {
		orcs_buf_addf(out, "sheet: %s", err.msg);
		orcs_xlsx_close(x);
		return;
	}
	while ((rc = orcs_xlsx_next(s, &err)) == 1) {
		size_t i;
		orcs_buf_addf(out, "%ld:", orcs_xlsx_row(s));
		for (i = 0; i < orcs_xlsx_nfields(s); i++)
			orcs_buf_addf(out, "[%s]", orcs_xlsx_field(s, i, NULL));
		orcs_buf_addc(out, '\n');
	}
	if (rc < 0)
		orcs_buf_addf(out, "error: %s", err.msg);
	else
		orcs_buf_addf(out, "end, %lld bytes", orcs_xlsx_sheet_bytes(s));
	orcs_xlsx_sheet_close(s);
	orcs_xlsx_close(x);
}

#define ROW(n) "<row r=\"" #n "\"><c r=\"A" #n "\" t=\"inlineStr\"><is><t>r" #n "</t></is></c>" \
	"<c r=\"C" #n "\"><v>" #n ".50</v></c></row>"

/* The fast scanner and expat give the same rows, errors and byte counts:
 * on its subset (declaration, BOM, entities, self-closing elements, rows
 * across the 64 KiB chunks) and on everything it hands over to expat
 * (comments, CDATA, CR, entities in attributes, malformed XML, invalid
 * UTF-8 or characters), from the first byte or after thousands of rows. */
static void test_fast_scan_same_as_expat(void)
{
	static const char *const docs[] = {
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet "
		"xmlns=\"http://x\"><sheetData>" ROW(1) ROW(2) "</sheetData></worksheet>",
		"\xEF\xBB\xBF<?xml version='1.0' encoding='utf-8'?><x:worksheet xmlns:x=\"u\"><x:sheetData>"
		"<x:row r=\"1\"><x:c r=\"B1\" t=\"inlineStr\"><x:is><x:t>a &amp; b &lt;&gt; &quot;&apos; "
		"&#233;&#x20AC;&#x1F600; \xC3\xA9t\xC3\xA9</x:t></x:is></x:c><x:c r=\"D1\"/></x:row>"
		"<x:row r=\"3\"/><x:row><x:c t=\"b\"><x:v>1</x:v></x:c><x:c t=\"e\"><x:v>#N/A</x:v></x:c>"
		"</x:row></x:sheetData></x:worksheet>\n",
		"<worksheet><sheetData>" ROW(1) "<!-- a comment -->" ROW(2) "</sheetData></worksheet>",
		"<worksheet><sheetData>" ROW(1) "<row r=\"2\"><c t=\"inlineStr\"><is><t><![CDATA[x<y]]>"
		"</t></is></c></row></sheetData></worksheet>",
		"<worksheet><sheetData>" ROW(1) "\r\n" ROW(2) "</sheetData></worksheet>",
		"<worksheet><sheetData>" ROW(1) "<row r=\"2\" spans=\"a&amp;b\">" "</row></sheetData></worksheet>",
		"<worksheet><sheetData>" ROW(1) "<row r=\"2\"><c><v>1</v></row></sheetData></worksheet>",
		"<worksheet><sheetData>" ROW(1) ROW(2),
		"<worksheet><sheetData>" ROW(1) "<row r=\"2\"><c t=\"inlineStr\"><is><t>\xC3\x28</t></is>"
		"</c></row></sheetData></worksheet>",
		"<worksheet><sheetData>" ROW(1) "<row r=\"2\" r=\"3\"></row></sheetData></worksheet>",
		"<worksheet><sheetData>" ROW(1) "<row><c><v>a]]>b</v></c></row></sheetData></worksheet>",
		"<worksheet><sheetData>" ROW(1) "<row><c><v>a\x01b</v></c></row></sheetData></worksheet>",
		"<worksheet><sheetData>" ROW(1) "<row><c><v>&#0;</v></c></row></sheetData></worksheet>",
		"<worksheet><sheetData>" ROW(1) "<row><c><v>&nbsp;</v></c></row></sheetData></worksheet>",
		"<worksheet><sheetData>" ROW(1) "</sheetData></worksheet><extra/>",
		"<worksheet><sheetData>" ROW(1) "</sheetData></worksheet>  \n ",
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><worksheet><sheetData><row><c t=\"inlineStr\">"
		"<is><t>\xE9</t></is></c></row></sheetData></worksheet>",
		"<?xml encoding=\"UTF-8\" version=\"1.0\"?><worksheet/>",
		"<worksheet><sheetData><row><c r=\"XFE1\"><v>1</v></c></row></sheetData></worksheet>",
		"<worksheet><sheetData>" ROW(1) "<row><c\tr=\"B2\"\n><v>2</v></c ></row></sheetData></worksheet>",
		"",
		"<worksheet><sheetData>" ROW(1) "</sheetdata></worksheet>",
	};
	char *p = tmp_path("fast.xlsx");
	orcs_buf a = ORCS_BUF_INIT, b = ORCS_BUF_INIT, big = ORCS_BUF_INIT;
	unsigned i;
	int variant;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]) + 2; i++) {
		const char *doc = i < sizeof(docs) / sizeof(docs[0]) ? docs[i] : NULL;
		if (!doc) { /* 6,000 rows (~1 MB, many chunks); the second time a
			     * comment near the end sends the rest to expat */
			variant = (int)(i - sizeof(docs) / sizeof(docs[0]));
			orcs_buf_reset(&big);
			orcs_buf_adds(&big, "<worksheet><sheetData>");
			for (int r = 1; r <= 6000; r++) {
				orcs_buf_addf(&big, "<row r=\"%d\"><c r=\"A%d\" t=\"inlineStr\"><is><t>ligne "
						    "&#233; %d &amp; co</t></is></c><c r=\"B%d\" s=\"0\"><v>%d.25</v></c>"
						    "<c r=\"D%d\"/></row>",
					      r, r, r, r, r, r);
				if (variant && r == 5500)
					orcs_buf_adds(&big, "<!-- x -->");
			}
			orcs_buf_adds(&big, "</sheetData></worksheet>");
			doc = big.data;
		}
		{
			const char *parts[] = {
				"xl/workbook.xml", WB,
				"xl/_rels/workbook.xml.rels", RELS,
				"xl/worksheets/sheet1.xml", doc,
			};
			make_zip(p, parts, 3);
		}
		read_all(p, 1, &a);
		read_all(p, 0, &b);
		if (a.len != b.len || memcmp(a.data, b.data, a.len))
			printf("  doc %u:\n  fast: %.300s\n  expat: %.300s\n", i, a.data, b.data);
		CHECK(a.len == b.len && !memcmp(a.data, b.data, a.len));
		CHECK(a.len > 0);
	}
	CHECK(strstr(a.data, "6000:[ligne é 6000 & co][6.25]") != NULL || strstr(a.data, "6000:") != NULL);
	orcs_buf_release(&a);
	orcs_buf_release(&b);
	orcs_buf_release(&big);
	free(p);
}

void suite_xlsx(void)
{
	RUN(test_shared_strings_dates_numbers);
	RUN(test_inline_strings);
	RUN(test_serial_dates);
	RUN(test_truncated_and_garbage);
	RUN(test_missing_sheet_and_bad_xml);
	RUN(test_fast_scan_same_as_expat);
}
