/*
 * decp_xml.c - the XML reader: libxml2's xmlTextReader pulls one node at a
 * time from the byte source (constant memory); each <marche> or
 * <contrat-concession> element is built into a tree (dnode.h) and handed
 * over.  No network, no DTD loading, no entity substitution.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlreader.h>

#include "core/buf.h"
#include "ingest/decp_read.h"

typedef struct xr {
	orcs_decp_in *in;
	size_t headpos;
	int read_error;
	char msg[200];
	int line;
	int has_error;
} xr;

static int io_read(void *c, char *buf, int len)
{
	xr *x = c;
	long n;
	if (len <= 0)
		return 0;
	if (x->headpos < x->in->headlen) {
		size_t k = x->in->headlen - x->headpos;
		if (k > (size_t)len)
			k = (size_t)len;
		memcpy(buf, x->in->head + x->headpos, k);
		x->headpos += k;
		return (int)k;
	}
	n = x->in->read(x->in->ctx, buf, (size_t)len);
	if (n < 0) {
		x->read_error = 1;
		return -1;
	}
	return (int)n;
}

static int io_close(void *c)
{
	(void)c;
	return 0;
}

static void on_error(void *arg, xmlErrorPtr e)
{
	xr *x = arg;
	size_t n;
	if (x->has_error || !e || e->level < XML_ERR_ERROR)
		return;
	x->has_error = 1;
	x->line = e->line;
	snprintf(x->msg, sizeof(x->msg), "%s", e->message ? e->message : "erreur de syntaxe");
	n = strlen(x->msg);
	while (n && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' '))
		x->msg[--n] = '\0';
}

static int is_record(const char *name, int *kind)
{
	if (!strcmp(name, "marche")) {
		*kind = ORCS_KIND_MARCHE;
		return 1;
	}
	if (!strcmp(name, "contrat-concession")) {
		*kind = ORCS_KIND_CONCESSION;
		return 1;
	}
	return 0;
}

int orcs_decp_read_xml(orcs_decp_in *in, orcs_decp_record_fn fn, void *ctx,
		       orcs_decp_read_result *res, orcs_error *err)
{
	xr x;
	xmlTextReaderPtr rd;
	orcs_arena arena;
	orcs_dbuild b;
	int rec_depth = -1, container = 0, kind = 0, rc = ORCS_OK, r;
	int skip_depth = -1, seen_root = 0;
	int64_t offset = 0, line = 0;

	memset(&x, 0, sizeof(x));
	x.in = in;
	orcs_arena_init(&arena);
	rd = xmlReaderForIO(io_read, io_close, &x, NULL, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
	if (!rd) {
		orcs_arena_release(&arena);
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": lecteur XML indisponible",
				      in->name);
	}
	xmlTextReaderSetStructuredErrorHandler(rd, on_error, &x);
	while ((r = xmlTextReaderRead(rd)) == 1) {
		int type = xmlTextReaderNodeType(rd);
		int depth = xmlTextReaderDepth(rd);
		const char *name;
		if (skip_depth >= 0) {
			if (depth > skip_depth)
				continue;
			if (type == XML_READER_TYPE_END_ELEMENT && depth == skip_depth) {
				skip_depth = -1;
				continue;
			}
			skip_depth = -1;
		}
		if (rec_depth < 0) {
			int empty;
			if (type != XML_READER_TYPE_ELEMENT)
				continue;
			name = (const char *)xmlTextReaderConstLocalName(rd);
			empty = xmlTextReaderIsEmptyElement(rd);
			if (!name)
				name = "";
			if (depth == 0) {
				if (seen_root)
					continue;
				seen_root = 1;
				if (!strcmp(name, "marches")) {
					container = 1;
					continue;
				}
				if (!is_record(name, &kind)) {
					char ex[64];
					res->reason = "Q_FORMAT";
					res->offset = in->base + xmlTextReaderByteConsumed(rd);
					res->line = xmlTextReaderGetParserLineNumber(rd);
					rc = orcs_error_set(err, ORCS_EINPUT,
							    "%s" ORCS_NBSP ": racine XML inattendue « %s » "
							    "(attendu" ORCS_NBSP ": marches, marche ou "
							    "contrat-concession)",
							    in->name, orcs_excerpt(name, ex, sizeof(ex)));
					break;
				}
			} else if (!(container && depth == 1 && is_record(name, &kind))) {
				if (!empty)
					skip_depth = depth;
				continue;
			}
			/* a record starts */
			orcs_arena_reset(&arena);
			orcs_dbuild_start(&b, &arena);
			orcs_dbuild_open(&b, DN_MAP);
			rec_depth = depth;
			offset = in->base + xmlTextReaderByteConsumed(rd);
			line = xmlTextReaderGetParserLineNumber(rd);
			if (!empty)
				continue;
		} else if (type == XML_READER_TYPE_ELEMENT) {
			name = (const char *)xmlTextReaderConstLocalName(rd);
			if (!name)
				name = "";
			orcs_dbuild_key(&b, name, strlen(name));
			orcs_dbuild_open(&b, DN_STR);
			if (xmlTextReaderIsEmptyElement(rd))
				orcs_dbuild_close(&b);
			continue;
		} else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
			   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
			   type == XML_READER_TYPE_WHITESPACE) {
			const char *v = (const char *)xmlTextReaderConstValue(rd);
			if (v)
				orcs_dbuild_text(&b, v, strlen(v));
			continue;
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			orcs_dbuild_close(&b);
			if (depth != rec_depth)
				continue;
		} else {
			continue;
		}
		/* the record is complete */
		{
			orcs_decp_raw raw;
			memset(&raw, 0, sizeof(raw));
			orcs_dbuild_close(&b);
			raw.root = b.root;
			raw.kind_hint = kind;
			raw.syntax = ORCS_SYNTAX_XML;
			raw.index = ++res->records;
			raw.offset = offset;
			raw.line = line;
			if (b.keys_trimmed)
				raw.flags |= ORCS_RAW_KEYS_TRIMMED;
			if (b.overflow & DN_OVER_DEPTH)
				raw.flags |= ORCS_RAW_TOO_DEEP;
			if (b.overflow & DN_OVER_SIZE)
				raw.flags |= ORCS_RAW_TOO_BIG;
			rec_depth = -1;
			rc = fn(ctx, &raw, &arena, err);
			orcs_arena_reset(&arena);
			if (rc)
				break;
		}
	}
	if (rc == ORCS_OK && r < 0) {
		if (x.read_error) {
			rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": erreur de lecture", in->name);
		} else {
			res->reason = "Q_PARSE";
			res->offset = in->base + xmlTextReaderByteConsumed(rd);
			res->line = x.line ? x.line : xmlTextReaderGetParserLineNumber(rd);
			rc = orcs_error_set(err, ORCS_EINPUT,
					    "%s" ORCS_NBSP ": XML invalide ligne %lld, octet %lld (%s)",
					    in->name, (long long)res->line, (long long)res->offset,
					    x.has_error ? x.msg : "erreur de syntaxe");
		}
	} else if (rc == ORCS_OK && !seen_root) {
		res->reason = "Q_FORMAT";
		res->offset = in->base;
		rc = orcs_error_set(err, ORCS_EINPUT, "%s" ORCS_NBSP ": aucun élément XML", in->name);
	}
	xmlFreeTextReader(rd);
	orcs_arena_release(&arena);
	return rc;
}
