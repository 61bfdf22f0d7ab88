#include "ingest/xlsx.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/sha256_stream.h"
#include "ingest/xml_scan.h"

typedef struct sheet_ref {
	char *name;
	char *rid;
	char *part; /* path inside the zip, resolved from the relationships */
} sheet_ref;

typedef struct rel {
	char *id;
	char *type;
	char *target;
} rel;

struct orcs_xlsx {
	zip_t *zip;
	char *name;
	int date1904;
	sheet_ref *sheets;
	size_t nsheets, asheets;
	/* shared strings: NUL-terminated texts in `sst`, offsets in `sst_off` */
	orcs_buf sst;
	size_t *sst_off;
	size_t nsst, asst;
	/* styles: is_date per cellXfs index */
	unsigned char *xf_date;
	size_t nxf, axf;
	int no_hash, no_fast;
};

void orcs_xlsx_set_hashing(orcs_xlsx *x, int on)
{
	x->no_hash = !on;
}

void orcs_xlsx_set_fast_scan(orcs_xlsx *x, int on)
{
	x->no_fast = !on;
}

/* ------------------------------------------------------------------ */
/* helpers */

static const char *local_name(const char *n)
{
	const char *c = strrchr(n, ':');
	return c ? c + 1 : n;
}

static const char *attr(const char **atts, const char *name)
{
	size_t i;
	for (i = 0; atts[i]; i += 2)
		if (!strcmp(local_name(atts[i]), name))
			return atts[i + 1];
	return NULL;
}

/* The r:id attribute: local name "id" with a namespace prefix. */
static const char *attr_rid(const char **atts)
{
	size_t i;
	for (i = 0; atts[i]; i += 2)
		if (strchr(atts[i], ':') && !strcmp(local_name(atts[i]), "id"))
			return atts[i + 1];
	return NULL;
}

int orcs_is_zip_file(const char *path)
{
	unsigned char m[4];
	FILE *f = fopen(path, "rb");
	size_t n;
	if (!f)
		return 0;
	n = fread(m, 1, 4, f);
	fclose(f);
	return n == 4 && m[0] == 'P' && m[1] == 'K' && (m[2] == 3 || m[2] == 5) &&
	       (m[3] == 4 || m[3] == 6);
}

/* Reads a whole (small) part; *found = 0 when absent. */
static int read_part(orcs_xlsx *x, const char *part, orcs_buf *out, int *found, orcs_error *err)
{
	zip_file_t *zf;
	char buf[65536];
	zip_int64_t n;
	*found = 0;
	if (zip_name_locate(x->zip, part, 0) < 0)
		return ORCS_OK;
	zf = zip_fopen(x->zip, part, 0);
	if (!zf)
		return orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": partie « %s » illisible (%s)",
				      x->name, part, zip_strerror(x->zip));
	*found = 1;
	while ((n = zip_fread(zf, buf, sizeof(buf))) > 0) {
		if (out->len + (size_t)n > ORCS_XLSX_MAX_PART) {
			zip_fclose(zf);
			return orcs_error_set(err, ORCS_EINPUT,
					      "%s" ORCS_NBSP ": partie « %s » trop volumineuse", x->name,
					      part);
		}
		orcs_buf_add(out, buf, (size_t)n);
	}
	if (n < 0) {
		int rc = orcs_error_set(err, ORCS_EINPUT,
					"%s" ORCS_NBSP ": partie « %s » corrompue (%s)", x->name, part,
					zip_file_strerror(zf));
		zip_fclose(zf);
		return rc;
	}
	zip_fclose(zf);
	return ORCS_OK;
}

static int xml_fail(orcs_xlsx *x, const char *part, XML_Parser p, orcs_error *err)
{
	return orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": XML invalide dans « %s », ligne %lu (%s)",
			      x->name, part, (unsigned long)XML_GetCurrentLineNumber(p),
			      XML_ErrorString(XML_GetErrorCode(p)));
}

/* Parses `data` with the given handlers in one go. */
static int parse_all(orcs_xlsx *x, const char *part, const orcs_buf *data, void *ud,
		     XML_StartElementHandler start, XML_EndElementHandler end,
		     XML_CharacterDataHandler chars, orcs_error *err)
{
	XML_Parser p = XML_ParserCreate(NULL);
	int rc = ORCS_OK;
	if (!p)
		return orcs_error_set(err, ORCS_EIO, "mémoire insuffisante pour l'analyseur XML");
	XML_SetUserData(p, ud);
	XML_SetElementHandler(p, start, end);
	if (chars)
		XML_SetCharacterDataHandler(p, chars);
	if (data->len > INT32_MAX || XML_Parse(p, data->data, (int)data->len, 1) != XML_STATUS_OK)
		rc = xml_fail(x, part, p, err);
	XML_ParserFree(p);
	return rc;
}

/* ------------------------------------------------------------------ */
/* relationships */

typedef struct rels_ctx {
	rel *r;
	size_t n, a;
} rels_ctx;

static void rels_start(void *ud, const char *name, const char **atts)
{
	rels_ctx *c = ud;
	const char *id, *type, *target;
	if (strcmp(local_name(name), "Relationship"))
		return;
	id = attr(atts, "Id");
	type = attr(atts, "Type");
	target = attr(atts, "Target");
	if (!id || !target)
		return;
	if (c->n == c->a) {
		c->a = c->a ? 2 * c->a : 8;
		c->r = orcs_xrealloc(c->r, c->a * sizeof(*c->r));
	}
	c->r[c->n].id = orcs_xstrdup(id);
	c->r[c->n].type = orcs_xstrdup(type ? type : "");
	c->r[c->n].target = orcs_xstrdup(target);
	c->n++;
}

static void rels_end(void *ud, const char *name)
{
	(void)ud;
	(void)name;
}

static void rels_free(rels_ctx *c)
{
	size_t i;
	for (i = 0; i < c->n; i++) {
		free(c->r[i].id);
		free(c->r[i].type);
		free(c->r[i].target);
	}
	free(c->r);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

/* Resolves a relationship target relative to folder `base` ("xl/"). */
static char *resolve(const char *base, const char *target)
{
	orcs_buf b = ORCS_BUF_INIT;
	if (target[0] == '/') {
		orcs_buf_adds(&b, target + 1);
	} else {
		orcs_buf_adds(&b, base);
		while (!strncmp(target, "./", 2))
			target += 2;
		while (!strncmp(target, "../", 3)) {
			/* drop the last folder of the base */
			if (b.len > 0)
				orcs_buf_truncate(&b, b.len - 1);
			while (b.len > 0 && b.data[b.len - 1] != '/')
				orcs_buf_truncate(&b, b.len - 1);
			target += 3;
		}
		orcs_buf_adds(&b, target);
	}
	return orcs_buf_detach(&b, NULL);
}

/* ------------------------------------------------------------------ */
/* workbook */

static void wb_start(void *ud, const char *name, const char **atts)
{
	orcs_xlsx *x = ud;
	const char *ln = local_name(name);
	if (!strcmp(ln, "workbookPr")) {
		const char *d = attr(atts, "date1904");
		x->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
	} else if (!strcmp(ln, "sheet")) {
		const char *n = attr(atts, "name"), *rid = attr_rid(atts);
		if (!n || !rid)
			return;
		if (x->nsheets == x->asheets) {
			x->asheets = x->asheets ? 2 * x->asheets : 8;
			x->sheets = orcs_xrealloc(x->sheets, x->asheets * sizeof(*x->sheets));
		}
		x->sheets[x->nsheets].name = orcs_xstrdup(n);
		x->sheets[x->nsheets].rid = orcs_xstrdup(rid);
		x->sheets[x->nsheets].part = NULL;
		x->nsheets++;
	}
}

static void noop_end(void *ud, const char *name)
{
	(void)ud;
	(void)name;
}

/* ------------------------------------------------------------------ */
/* shared strings (streamed: the table can be large) */

typedef struct sst_ctx {
	orcs_xlsx *x;
	int in_si, in_t, in_rph;
	int overflow;
	size_t start;
} sst_ctx;

static void sst_push(orcs_xlsx *x, size_t start)
{
	if (x->nsst == x->asst) {
		x->asst = x->asst ? 2 * x->asst : 1024;
		x->sst_off = orcs_xrealloc(x->sst_off, x->asst * sizeof(*x->sst_off));
	}
	x->sst_off[x->nsst++] = start;
}

static void sst_start(void *ud, const char *name, const char **atts)
{
	sst_ctx *c = ud;
	const char *ln = local_name(name);
	(void)atts;
	if (!strcmp(ln, "si")) {
		c->in_si = 1;
		c->start = c->x->sst.len;
	} else if (c->in_si && !strcmp(ln, "rPh")) {
		c->in_rph = 1;
	} else if (c->in_si && !strcmp(ln, "t")) {
		c->in_t = 1;
	}
}

static void sst_end(void *ud, const char *name)
{
	sst_ctx *c = ud;
	const char *ln = local_name(name);
	if (!strcmp(ln, "si") && c->in_si) {
		orcs_buf_addc(&c->x->sst, '\0');
		sst_push(c->x, c->start);
		c->in_si = c->in_t = c->in_rph = 0;
	} else if (!strcmp(ln, "rPh")) {
		c->in_rph = 0;
	} else if (!strcmp(ln, "t")) {
		c->in_t = 0;
	}
}

static void sst_chars(void *ud, const char *s, int len)
{
	sst_ctx *c = ud;
	if (!c->in_si || !c->in_t || c->in_rph || len <= 0)
		return;
	if (c->x->sst.len + (size_t)len > ORCS_XLSX_MAX_STRINGS) {
		c->overflow = 1;
		return;
	}
	orcs_buf_add(&c->x->sst, s, (size_t)len);
}

static int load_sst(orcs_xlsx *x, const char *part, orcs_error *err)
{
	zip_file_t *zf;
	XML_Parser p;
	sst_ctx c;
	char buf[65536];
	zip_int64_t n;
	int rc = ORCS_OK;
	if (zip_name_locate(x->zip, part, 0) < 0)
		return ORCS_OK; /* no shared strings: every string is inline */
	zf = zip_fopen(x->zip, part, 0);
	if (!zf)
		return orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": partie « %s » illisible (%s)",
				      x->name, part, zip_strerror(x->zip));
	p = XML_ParserCreate(NULL);
	if (!p) {
		zip_fclose(zf);
		return orcs_error_set(err, ORCS_EIO, "mémoire insuffisante pour l'analyseur XML");
	}
	memset(&c, 0, sizeof(c));
	c.x = x;
	XML_SetUserData(p, &c);
	XML_SetElementHandler(p, sst_start, sst_end);
	XML_SetCharacterDataHandler(p, sst_chars);
	for (;;) {
		n = zip_fread(zf, buf, sizeof(buf));
		if (n < 0) {
			rc = orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": partie « %s » corrompue (%s)",
					    x->name, part, zip_file_strerror(zf));
			break;
		}
		if (XML_Parse(p, buf, (int)n, n == 0) != XML_STATUS_OK) {
			rc = xml_fail(x, part, p, err);
			break;
		}
		if (c.overflow) {
			rc = orcs_error_set(err, ORCS_EINPUT,
					    "%s" ORCS_NBSP ": table des chaînes partagées trop volumineuse",
					    x->name);
			break;
		}
		if (n == 0)
			break;
	}
	XML_ParserFree(p);
	zip_fclose(zf);
	return rc;
}

/* ------------------------------------------------------------------ */
/* styles */

typedef struct fmt {
	unsigned id;
	int is_date;
} fmt;

typedef struct styles_ctx {
	orcs_xlsx *x;
	fmt *fmts;
	size_t nfmts, afmts;
	int in_cellxfs;
} styles_ctx;

/* A custom number format is a date when, outside quoted text, brackets and
 * escaped characters, it has y or d, or m without h or s (minutes). */
static int format_is_date(const char *code)
{
	int has_y = 0, has_d = 0, has_m = 0, has_hs = 0;
	const char *p;
	for (p = code; *p; p++) {
		char c = *p;
		if (c == '"') {
			p++;
			while (*p && *p != '"')
				p++;
			if (!*p)
				break;
			continue;
		}
		if (c == '\\' || c == '_' || c == '*') {
			if (p[1])
				p++;
			continue;
		}
		if (c == '[') {
			while (*p && *p != ']')
				p++;
			if (!*p)
				break;
			continue;
		}
		if (c == ';')
			break; /* first section decides */
		switch (c) {
		case 'y': case 'Y': has_y = 1; break;
		case 'd': case 'D': has_d = 1; break;
		case 'm': case 'M': has_m = 1; break;
		case 'h': case 'H': case 's': case 'S': has_hs = 1; break;
		default: break;
		}
	}
	return has_y || has_d || (has_m && !has_hs);
}

static int builtin_is_date(unsigned id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	       (id >= 50 && id <= 58);
}

static void styles_start(void *ud, const char *name, const char **atts)
{
	styles_ctx *c = ud;
	const char *ln = local_name(name);
	if (!strcmp(ln, "numFmt")) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		if (!id || !code)
			return;
		if (c->nfmts == c->afmts) {
			c->afmts = c->afmts ? 2 * c->afmts : 16;
			c->fmts = orcs_xrealloc(c->fmts, c->afmts * sizeof(*c->fmts));
		}
		c->fmts[c->nfmts].id = (unsigned)strtoul(id, NULL, 10);
		c->fmts[c->nfmts].is_date = format_is_date(code);
		c->nfmts++;
	} else if (!strcmp(ln, "cellXfs")) {
		c->in_cellxfs = 1;
	} else if (c->in_cellxfs && !strcmp(ln, "xf")) {
		const char *id = attr(atts, "numFmtId");
		unsigned v = id ? (unsigned)strtoul(id, NULL, 10) : 0;
		int is_date = builtin_is_date(v);
		size_t i;
		for (i = 0; i < c->nfmts; i++)
			if (c->fmts[i].id == v)
				is_date = c->fmts[i].is_date;
		if (c->x->nxf == c->x->axf) {
			c->x->axf = c->x->axf ? 2 * c->x->axf : 16;
			c->x->xf_date = orcs_xrealloc(c->x->xf_date, c->x->axf);
		}
		c->x->xf_date[c->x->nxf++] = (unsigned char)is_date;
	}
}

static void styles_end(void *ud, const char *name)
{
	styles_ctx *c = ud;
	if (!strcmp(local_name(name), "cellXfs"))
		c->in_cellxfs = 0;
}

/* ------------------------------------------------------------------ */
/* open / close */

static int finish_open(orcs_xlsx *x, orcs_error *err)
{
	orcs_buf data = ORCS_BUF_INIT;
	rels_ctx rels;
	const char *wb_part = "xl/workbook.xml";
	char *wb_alloc = NULL, *base = NULL, *sst_part = NULL, *styles_part = NULL;
	int found, rc;
	size_t i, j;

	memset(&rels, 0, sizeof(rels));
	/* package relationships: where the workbook is */
	if ((rc = read_part(x, "_rels/.rels", &data, &found, err)) != ORCS_OK)
		goto out;
	if (found) {
		if ((rc = parse_all(x, "_rels/.rels", &data, &rels, rels_start, rels_end, NULL, err)) !=
		    ORCS_OK)
			goto out;
		for (i = 0; i < rels.n; i++)
			if (ends_with(rels.r[i].type, "/officeDocument")) {
				wb_alloc = resolve("", rels.r[i].target);
				wb_part = wb_alloc;
				break;
			}
		rels_free(&rels);
		memset(&rels, 0, sizeof(rels));
	}
	orcs_buf_reset(&data);
	if ((rc = read_part(x, wb_part, &data, &found, err)) != ORCS_OK)
		goto out;
	if (!found) {
		rc = orcs_error_set(err, ORCS_EINPUT,
				    "%s" ORCS_NBSP ": pas un classeur XLSX (partie « %s » absente)",
				    x->name, wb_part);
		goto out;
	}
	if ((rc = parse_all(x, wb_part, &data, x, wb_start, noop_end, NULL, err)) != ORCS_OK)
		goto out;
	/* workbook relationships: sheet parts, shared strings, styles */
	{
		const char *slash = strrchr(wb_part, '/');
		orcs_buf rp = ORCS_BUF_INIT;
		base = orcs_xstrndup(wb_part, slash ? (size_t)(slash - wb_part) + 1 : 0);
		orcs_buf_addf(&rp, "%s_rels/%s.rels", base, slash ? slash + 1 : wb_part);
		orcs_buf_reset(&data);
		rc = read_part(x, rp.data, &data, &found, err);
		if (rc == ORCS_OK && found)
			rc = parse_all(x, rp.data, &data, &rels, rels_start, rels_end, NULL, err);
		orcs_buf_release(&rp);
		if (rc != ORCS_OK)
			goto out;
	}
	for (i = 0; i < rels.n; i++) {
		if (ends_with(rels.r[i].type, "/sharedStrings") && !sst_part)
			sst_part = resolve(base, rels.r[i].target);
		else if (ends_with(rels.r[i].type, "/styles") && !styles_part)
			styles_part = resolve(base, rels.r[i].target);
	}
	for (j = 0; j < x->nsheets; j++) {
		for (i = 0; i < rels.n; i++)
			if (!strcmp(rels.r[i].id, x->sheets[j].rid)) {
				x->sheets[j].part = resolve(base, rels.r[i].target);
				break;
			}
		if (!x->sheets[j].part) {
			/* no relationship: the usual location */
			orcs_buf p = ORCS_BUF_INIT;
			orcs_buf_addf(&p, "%sworksheets/sheet%zu.xml", base, j + 1);
			x->sheets[j].part = orcs_buf_detach(&p, NULL);
		}
	}
	if (!sst_part) {
		orcs_buf p = ORCS_BUF_INIT;
		orcs_buf_addf(&p, "%ssharedStrings.xml", base);
		sst_part = orcs_buf_detach(&p, NULL);
	}
	if (!styles_part) {
		orcs_buf p = ORCS_BUF_INIT;
		orcs_buf_addf(&p, "%sstyles.xml", base);
		styles_part = orcs_buf_detach(&p, NULL);
	}
	if ((rc = load_sst(x, sst_part, err)) != ORCS_OK)
		goto out;
	orcs_buf_reset(&data);
	if ((rc = read_part(x, styles_part, &data, &found, err)) != ORCS_OK)
		goto out;
	if (found) {
		styles_ctx sc;
		memset(&sc, 0, sizeof(sc));
		sc.x = x;
		rc = parse_all(x, styles_part, &data, &sc, styles_start, styles_end, NULL, err);
		free(sc.fmts);
		if (rc != ORCS_OK)
			goto out;
	}
out:
	rels_free(&rels);
	orcs_buf_release(&data);
	free(wb_alloc);
	free(base);
	free(sst_part);
	free(styles_part);
	return rc;
}

static orcs_xlsx *xlsx_new(const char *name)
{
	orcs_xlsx *x = orcs_xcalloc(1, sizeof(*x));
	x->name = orcs_xstrdup(name);
	orcs_buf_init(&x->sst);
	return x;
}

int orcs_xlsx_open(const char *path, orcs_xlsx **out, orcs_error *err)
{
	orcs_xlsx *x;
	int zerr = 0, rc;
	FILE *f;
	*out = NULL;
	f = fopen(path, "rb");
	if (!f)
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", path, strerror(errno));
	fclose(f);
	x = xlsx_new(path);
	x->zip = zip_open(path, ZIP_RDONLY, &zerr);
	if (!x->zip) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		rc = orcs_error_set(err, ORCS_EINPUT,
				    "%s" ORCS_NBSP ": archive ZIP illisible ou tronquée (%s)", path,
				    zip_error_strerror(&ze));
		zip_error_fini(&ze);
		orcs_xlsx_close(x);
		return rc;
	}
	if ((rc = finish_open(x, err)) != ORCS_OK) {
		orcs_xlsx_close(x);
		return rc;
	}
	*out = x;
	return ORCS_OK;
}

int orcs_xlsx_open_mem(const void *data, size_t len, const char *name, orcs_xlsx **out,
		       orcs_error *err)
{
	orcs_xlsx *x;
	zip_error_t ze;
	zip_source_t *src;
	int rc;
	*out = NULL;
	x = xlsx_new(name ? name : "(xlsx)");
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src)
		x->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!x->zip) {
		rc = orcs_error_set(err, ORCS_EINPUT,
				    "%s" ORCS_NBSP ": archive ZIP illisible ou tronquée (%s)", x->name,
				    zip_error_strerror(&ze));
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		orcs_xlsx_close(x);
		return rc;
	}
	zip_error_fini(&ze);
	if ((rc = finish_open(x, err)) != ORCS_OK) {
		orcs_xlsx_close(x);
		return rc;
	}
	*out = x;
	return ORCS_OK;
}

void orcs_xlsx_close(orcs_xlsx *x)
{
	size_t i;
	if (!x)
		return;
	if (x->zip)
		zip_discard(x->zip);
	for (i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
		free(x->sheets[i].part);
	}
	free(x->sheets);
	orcs_buf_release(&x->sst);
	free(x->sst_off);
	free(x->xf_date);
	free(x->name);
	free(x);
}

size_t orcs_xlsx_nsheets(const orcs_xlsx *x)
{
	return x->nsheets;
}

const char *orcs_xlsx_sheet_name(const orcs_xlsx *x, size_t i)
{
	return i < x->nsheets ? x->sheets[i].name : NULL;
}

size_t orcs_xlsx_nstrings(const orcs_xlsx *x)
{
	return x->nsst;
}

/* ------------------------------------------------------------------ */
/* dates and numbers */

int orcs_xlsx_serial_date(double serial, int date1904, char out[11])
{
	long long days;
	int y, m, d;
	if (!(serial >= 0 && serial < 2958466))
		return -1;
	days = (long long)floor(serial);
	if (date1904)
		days += 1462;
	else if (days < 61)
		days += 1; /* Excel's fictitious 1900-02-29 */
	/* days since 1899-12-30; 25569 = 1970-01-01 */
	orcs_civil_from_days(days - 25569, &y, &m, &d);
	if (y < 1900 || y > 9999)
		return -1;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* ------------------------------------------------------------------ */
/* sheets */

enum { CT_NUM, CT_SHARED, CT_INLINE, CT_STR, CT_BOOL, CT_ERR, CT_DATE };

struct orcs_xlsx_sheet {
	orcs_xlsx *x;
	char *name;
	char *part;
	zip_file_t *zf;
	XML_Parser p;
	/* Sheets are read by the fast scanner (xml_scan.h) while they stay in
	 * its subset of XML; when it gives up, the sheet is read again from the
	 * start by expat, skipping the rows already returned. */
	orcs_xscan *fx;
	int fast;
	long long rows_done, skip_rows;
	char in[65536];
	int suspended, final, done, row_ready;
	int hashing;
	orcs_sha256s sha;
	long long bytes;
	/* parse state */
	int in_sheetdata, in_row, in_c, in_v, in_is, in_t, in_rph;
	int ctype;
	long style;
	long col;         /* column of the current cell */
	long next_col;    /* column after the last cell written */
	long row, last_row;
	orcs_buf val;     /* current cell text */
	/* current row */
	orcs_buf rec;
	size_t *off;
	size_t noff, aoff;
	/* error raised inside a handler */
	int herr;
	char hmsg[256];
};

static void push_off(orcs_xlsx_sheet *s)
{
	if (s->noff == s->aoff) {
		s->aoff = s->aoff ? 2 * s->aoff : 32;
		s->off = orcs_xrealloc(s->off, s->aoff * sizeof(*s->off));
	}
	s->off[s->noff++] = s->rec.len;
}

static void add_field(orcs_xlsx_sheet *s, const char *v, size_t n)
{
	push_off(s);
	orcs_buf_add(&s->rec, v, n);
	orcs_buf_addc(&s->rec, '\0');
}

/* Stops the parser that is running (resumable: at the end of a row). */
static void stop_parser(orcs_xlsx_sheet *s, int resumable)
{
	if (s->fast)
		orcs_xscan_stop(s->fx);
	else
		XML_StopParser(s->p, resumable ? XML_TRUE : XML_FALSE);
}

static void handler_error(orcs_xlsx_sheet *s, const char *fmt, long a)
{
	if (!s->herr) {
		s->herr = 1;
		snprintf(s->hmsg, sizeof(s->hmsg), fmt, a);
	}
	stop_parser(s, 0);
}

/* "BC12" -> column index 54 (0-based); -1 when there are no letters. */
static long col_of_ref(const char *r)
{
	long c = 0;
	int n = 0;
	while ((*r >= 'A' && *r <= 'Z') || (*r >= 'a' && *r <= 'z')) {
		int v = (*r >= 'a' ? *r - 'a' : *r - 'A') + 1;
		c = c * 26 + v;
		if (c > ORCS_XLSX_MAX_COLS)
			return ORCS_XLSX_MAX_COLS;
		r++;
		n++;
	}
	return n ? c - 1 : -1;
}

/* Element names are compared on their local part; most are one or two
 * letters, so the dispatch looks at the first byte before comparing. */
static void sheet_start(void *ud, const char *name, const char **atts)
{
	orcs_xlsx_sheet *s = ud;
	const char *ln = strchr(name, ':') ? local_name(name) : name;
	switch (ln[0]) {
	case 'c':
		if (ln[1] || !s->in_row)
			return;
		{
			const char *r = NULL, *t = NULL, *st = NULL;
			size_t i;
			long c;
			for (i = 0; atts[i]; i += 2) {
				const char *an = atts[i];
				if (an[0] && !an[1]) {
					if (an[0] == 'r')
						r = atts[i + 1];
					else if (an[0] == 't')
						t = atts[i + 1];
					else if (an[0] == 's')
						st = atts[i + 1];
				}
			}
			c = r ? col_of_ref(r) : -1;
			s->in_c = 1;
			s->col = c < 0 || c < s->next_col ? s->next_col : c;
			if (s->col >= ORCS_XLSX_MAX_COLS) {
				handler_error(s, "colonne au-delà de XFD à la ligne %ld", s->row);
				return;
			}
			s->style = st ? strtol(st, NULL, 10) : 0;
			s->ctype = CT_NUM;
			if (t) {
				if (t[0] == 's' && !t[1])
					s->ctype = CT_SHARED;
				else if (!strcmp(t, "inlineStr"))
					s->ctype = CT_INLINE;
				else if (!strcmp(t, "str"))
					s->ctype = CT_STR;
				else if (t[0] == 'b' && !t[1])
					s->ctype = CT_BOOL;
				else if (t[0] == 'e' && !t[1])
					s->ctype = CT_ERR;
				else if (t[0] == 'd' && !t[1])
					s->ctype = CT_DATE;
			}
			orcs_buf_reset(&s->val);
		}
		return;
	case 'v':
		if (!ln[1] && s->in_c)
			s->in_v = 1;
		return;
	case 'i':
		if (ln[1] == 's' && !ln[2] && s->in_c)
			s->in_is = 1;
		return;
	case 't':
		if (!ln[1] && s->in_is)
			s->in_t = 1;
		return;
	case 'r':
		if (!strcmp(ln, "row") && s->in_sheetdata) {
			const char *r = attr(atts, "r");
			long rn = r ? strtol(r, NULL, 10) : 0;
			s->in_row = 1;
			s->row = rn > 0 ? rn : s->last_row + 1;
			orcs_buf_reset(&s->rec);
			s->noff = 0;
			s->next_col = 0;
		} else if (!strcmp(ln, "rPh") && s->in_is) {
			s->in_rph = 1;
		}
		return;
	case 's':
		if (!strcmp(ln, "sheetData"))
			s->in_sheetdata = 1;
		return;
	default:
		return;
	}
}

/* -?digits[.digits] with at most 15 significant digits: exact as text. */
static int plain_decimal(const char *v, size_t n)
{
	size_t i = 0, digits = 0;
	int dot = 0;
	if (v[0] == '-')
		i++;
	if (i == n)
		return 0;
	for (; i < n; i++) {
		if (v[i] >= '0' && v[i] <= '9')
			digits++;
		else if (v[i] == '.' && !dot && digits)
			dot = 1;
		else
			return 0;
	}
	return digits > 0 && digits <= 15 && v[n - 1] != '.';
}

static void finish_cell(orcs_xlsx_sheet *s)
{
	const char *v = s->val.data;
	size_t n = s->val.len;
	char tmp[64];
	long k;
	switch (s->ctype) {
	case CT_SHARED: {
		char *end;
		unsigned long idx;
		const char *t = v;
		size_t tl = n;
		while (tl && (*t == ' ' || *t == '\n' || *t == '\r' || *t == '\t'))
			t++, tl--;
		if (!tl) {
			v = "";
			n = 0;
			break;
		}
		idx = strtoul(t, &end, 10);
		if (end == t || idx >= s->x->nsst) {
			handler_error(s, "indice de chaîne partagée invalide à la ligne %ld", s->row);
			return;
		}
		v = s->x->sst.data + s->x->sst_off[idx];
		n = strlen(v);
		break;
	}
	case CT_BOOL:
		v = (n && v[0] != '0' && v[0] != 'f' && v[0] != 'F') ? "1" : "0";
		n = 1;
		break;
	case CT_DATE:
		if (n > 10 && v[4] == '-' && v[7] == '-' && (v[10] == 'T' || v[10] == ' '))
			n = 10;
		break;
	case CT_NUM: {
		char *end;
		double d;
		int is_date;
		if (!n)
			break;
		is_date = s->style > 0 && (size_t)s->style < s->x->nxf && s->x->xf_date[s->style];
		if (!is_date && plain_decimal(v, n)) {
			/* "151.5", "12345678901234": as written, trailing zeros dropped */
			if (memchr(v, '.', n)) {
				while (v[n - 1] == '0')
					n--;
				if (v[n - 1] == '.')
					n--;
			}
			if (n == 2 && v[0] == '-' && v[1] == '0')
				v = "0", n = 1;
			break;
		}
		d = strtod(v, &end);
		if (end == v || *end || !isfinite(d))
			break; /* not a number: keep the text */
		if (is_date && orcs_xlsx_serial_date(d, s->x->date1904, tmp) == 0) {
			v = tmp;
			n = 10;
		} else if (d == floor(d) && fabs(d) < 1e15) {
			n = (size_t)snprintf(tmp, sizeof(tmp), "%.0f", d);
			if (!strcmp(tmp, "-0"))
				n = (size_t)snprintf(tmp, sizeof(tmp), "0");
			v = tmp;
		} else {
			n = (size_t)snprintf(tmp, sizeof(tmp), "%.15g", d);
			v = tmp;
		}
		break;
	}
	default:
		break;
	}
	for (k = s->next_col; k < s->col; k++)
		add_field(s, "", 0);
	add_field(s, v, n);
	s->next_col = s->col + 1;
}

static void sheet_end(void *ud, const char *name)
{
	orcs_xlsx_sheet *s = ud;
	const char *ln = strchr(name, ':') ? local_name(name) : name;
	if (!s->in_sheetdata)
		return;
	switch (ln[0]) {
	case 'c':
		if (!ln[1] && s->in_c) {
			s->in_c = s->in_v = s->in_is = s->in_t = s->in_rph = 0;
			finish_cell(s);
		}
		return;
	case 'v':
		if (!ln[1])
			s->in_v = 0;
		return;
	case 'i':
		if (ln[1] == 's' && !ln[2])
			s->in_is = 0;
		return;
	case 't':
		if (!ln[1])
			s->in_t = 0;
		return;
	case 'r':
		if (!strcmp(ln, "row") && s->in_row) {
			s->in_row = 0;
			s->last_row = s->row;
			if (s->skip_rows > 0) { /* returned by the fast scanner already */
				s->skip_rows--;
				return;
			}
			s->row_ready = 1;
			stop_parser(s, 1);
		} else if (!strcmp(ln, "rPh")) {
			s->in_rph = 0;
		}
		return;
	case 's':
		if (!strcmp(ln, "sheetData"))
			s->in_sheetdata = 0;
		return;
	default:
		return;
	}
}

static void sheet_chars(void *ud, const char *t, int len)
{
	orcs_xlsx_sheet *s = ud;
	if (len <= 0 || !s->in_c)
		return;
	if (!(s->in_v || (s->in_is && s->in_t && !s->in_rph)))
		return;
	if (s->val.len + (size_t)len > ORCS_XLSX_MAX_CELL) {
		handler_error(s, "cellule trop longue à la ligne %ld", s->row);
		return;
	}
	orcs_buf_add(&s->val, t, (size_t)len);
}

int orcs_xlsx_sheet_open(orcs_xlsx *x, size_t i, orcs_xlsx_sheet **out, orcs_error *err)
{
	orcs_xlsx_sheet *s;
	orcs_buf nm = ORCS_BUF_INIT;
	*out = NULL;
	if (i >= x->nsheets)
		return orcs_error_set(err, ORCS_EUSAGE, "%s" ORCS_NBSP ": onglet %zu inexistant", x->name, i);
	orcs_buf_addf(&nm, "%s#%s", x->name, x->sheets[i].name);
	if (zip_name_locate(x->zip, x->sheets[i].part, 0) < 0) {
		int rc = orcs_error_set(err, ORCS_EINPUT,
					"%s" ORCS_NBSP ": l'onglet est déclaré mais sa partie « %s » est "
					"absente du classeur",
					nm.data, x->sheets[i].part);
		orcs_buf_release(&nm);
		return rc;
	}
	s = orcs_xcalloc(1, sizeof(*s));
	s->x = x;
	s->name = orcs_buf_detach(&nm, NULL);
	s->part = orcs_xstrdup(x->sheets[i].part);
	orcs_buf_init(&s->val);
	orcs_buf_init(&s->rec);
	orcs_sha256s_init(&s->sha);
	s->hashing = !x->no_hash;
	s->zf = zip_fopen(x->zip, x->sheets[i].part, 0);
	if (!s->zf) {
		int rc = orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": onglet illisible (%s)",
					s->name, zip_strerror(x->zip));
		orcs_xlsx_sheet_close(s);
		return rc;
	}
	s->p = XML_ParserCreate(NULL);
	if (!s->p) {
		orcs_xlsx_sheet_close(s);
		return orcs_error_set(err, ORCS_EIO, "mémoire insuffisante pour l'analyseur XML");
	}
	XML_SetUserData(s->p, s);
	XML_SetElementHandler(s->p, sheet_start, sheet_end);
	XML_SetCharacterDataHandler(s->p, sheet_chars);
	if (!x->no_fast) {
		s->fx = orcs_xscan_new(s, sheet_start, sheet_end, sheet_chars);
		s->fast = 1;
	}
	*out = s;
	return ORCS_OK;
}

/* The fast scanner gave up: read the sheet again with expat from the
 * start, skipping the rows returned so far. */
static int fall_back(orcs_xlsx_sheet *s, orcs_error *err)
{
	s->fast = 0;
	if (s->zf)
		zip_fclose(s->zf);
	s->zf = zip_fopen(s->x->zip, s->part, 0);
	if (!s->zf) {
		s->done = 1;
		return orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": onglet illisible (%s)",
				      s->name, zip_strerror(s->x->zip)),
		       -1;
	}
	orcs_sha256s_init(&s->sha);
	s->bytes = 0;
	s->suspended = s->final = s->row_ready = 0;
	s->in_sheetdata = s->in_row = s->in_c = s->in_v = s->in_is = s->in_t = s->in_rph = 0;
	s->row = s->last_row = s->col = s->next_col = 0;
	orcs_buf_reset(&s->val);
	orcs_buf_reset(&s->rec);
	s->noff = 0;
	s->skip_rows = s->rows_done;
	return 0;
}

void orcs_xlsx_sheet_close(orcs_xlsx_sheet *s)
{
	if (!s)
		return;
	if (s->p)
		XML_ParserFree(s->p);
	orcs_xscan_free(s->fx);
	free(s->part);
	if (s->zf)
		zip_fclose(s->zf);
	orcs_buf_release(&s->val);
	orcs_buf_release(&s->rec);
	free(s->off);
	free(s->name);
	free(s);
}

static int sheet_fail(orcs_xlsx_sheet *s, orcs_error *err)
{
	s->done = 1;
	if (s->herr)
		return orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": %s", s->name, s->hmsg), -1;
	return orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": XML invalide, ligne %lu du flux (%s)",
			      s->name, (unsigned long)XML_GetCurrentLineNumber(s->p),
			      XML_ErrorString(XML_GetErrorCode(s->p))),
	       -1;
}

/* One step of the fast scanner: 1 a row, 0 the end, -1 an error, 2 go on
 * (more input, or expat from now on). */
static int scan_more(orcs_xlsx_sheet *s, orcs_error *err)
{
	int r;
	if (s->suspended) {
		s->suspended = 0;
		r = orcs_xscan_resume(s->fx);
	} else {
		zip_int64_t n;
		if (s->final) {
			s->done = 1;
			return 0;
		}
		n = zip_fread(s->zf, s->in, sizeof(s->in));
		if (n < 0) /* expat may meet an XML error first: it reports */
			return fall_back(s, err) ? -1 : 2;
		if (n > 0) {
			if (s->hashing)
				orcs_sha256s_update(&s->sha, s->in, (size_t)n);
			s->bytes += n;
		}
		s->final = n == 0;
		r = orcs_xscan_parse(s->fx, s->in, (size_t)n, s->final);
	}
	if (s->herr)
		return sheet_fail(s, err);
	if (r == ORCS_XSCAN_BAIL)
		return fall_back(s, err) ? -1 : 2;
	if (r == ORCS_XSCAN_SUSPENDED)
		s->suspended = 1;
	if (s->row_ready) {
		s->rows_done++;
		return 1;
	}
	return 2;
}

int orcs_xlsx_next(orcs_xlsx_sheet *s, orcs_error *err)
{
	enum XML_Status st;
	if (s->done)
		return 0;
	for (;;) {
		s->row_ready = 0;
		if (s->fast) {
			int r = scan_more(s, err);
			if (r != 2)
				return r;
			continue;
		}
		if (s->suspended) {
			s->suspended = 0;
			st = XML_ResumeParser(s->p);
		} else {
			zip_int64_t n;
			if (s->final) {
				s->done = 1;
				return 0;
			}
			n = zip_fread(s->zf, s->in, sizeof(s->in));
			if (n < 0) {
				s->done = 1;
				return orcs_error_set(err, ORCS_EINPUT,
						      "%s" ORCS_NBSP ": onglet corrompu dans l'archive (%s)",
						      s->name, zip_file_strerror(s->zf)),
				       -1;
			}
			if (n > 0) {
				if (s->hashing)
					orcs_sha256s_update(&s->sha, s->in, (size_t)n);
				s->bytes += n;
			}
			s->final = n == 0;
			st = XML_Parse(s->p, s->in, (int)n, s->final);
		}
		if (st == XML_STATUS_ERROR || s->herr)
			return sheet_fail(s, err);
		if (st == XML_STATUS_SUSPENDED) {
			s->suspended = 1;
			if (s->row_ready)
				return 1;
			continue;
		}
		/* XML_STATUS_OK: the buffer is consumed */
		if (s->row_ready)
			return 1;
	}
}

size_t orcs_xlsx_nfields(const orcs_xlsx_sheet *s)
{
	return s->noff;
}

const char *orcs_xlsx_field(const orcs_xlsx_sheet *s, size_t i, size_t *len)
{
	size_t start, stop;
	if (i >= s->noff) {
		if (len)
			*len = 0;
		return "";
	}
	start = s->off[i];
	stop = (i + 1 < s->noff) ? s->off[i + 1] - 1 : s->rec.len - 1;
	if (len)
		*len = stop - start;
	return s->rec.data + start;
}

long orcs_xlsx_row(const orcs_xlsx_sheet *s)
{
	return s->row;
}

long long orcs_xlsx_sheet_bytes(const orcs_xlsx_sheet *s)
{
	return s->bytes;
}

void orcs_xlsx_sheet_sha256(orcs_xlsx_sheet *s, char hex[65])
{
	orcs_sha256s copy = s->sha;
	if (!s->hashing) {
		hex[0] = '\0';
		return;
	}
	orcs_sha256s_final(&copy, NULL, hex);
}
