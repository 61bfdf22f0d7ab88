/* decp_read.c - format detection: BOM, white space, then JSON or XML. */
#include "ingest/decp_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#define HEAD 65536

int orcs_decp_read(orcs_decp_read_fn read, void *rctx, const char *name, int options,
		   orcs_decp_record_fn fn, void *ctx, orcs_decp_read_result *res, orcs_error *err)
{
	char *buf = orcs_xmalloc(HEAD);
	size_t len = 0, pos = 0;
	int64_t skipped = 0;
	int rc, bom_checked = 0;
	orcs_decp_in in;

	memset(res, 0, sizeof(*res));
	for (;;) {
		long n;
		if (pos == len) {
			skipped += (int64_t)len;
			pos = len = 0;
			n = read(rctx, buf, HEAD);
			if (n < 0) {
				free(buf);
				return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": erreur de lecture",
						      name);
			}
			if (n == 0)
				break;
			len = (size_t)n;
		}
		if (!bom_checked) {
			/* a BOM may only start the stream; it can be split across reads */
			if (skipped == 0 && pos == 0 && len < 3 && (unsigned char)buf[0] == 0xEF) {
				n = read(rctx, buf + len, HEAD - len);
				if (n < 0) {
					free(buf);
					return orcs_error_set(err, ORCS_EIO,
							      "%s" ORCS_NBSP ": erreur de lecture", name);
				}
				len += (size_t)n;
				if (n > 0)
					continue;
			}
			bom_checked = 1;
			if (len - pos >= 3 && !memcmp(buf + pos, "\xEF\xBB\xBF", 3))
				pos += 3;
			continue;
		}
		while (pos < len && (buf[pos] == ' ' || buf[pos] == '\t' || buf[pos] == '\r' ||
				     buf[pos] == '\n'))
			pos++;
		if (pos < len)
			break;
	}
	if (pos >= len) {
		free(buf);
		res->reason = "Q_FORMAT";
		res->offset = skipped + (int64_t)pos;
		return orcs_error_set(err, ORCS_EINPUT,
				      "%s" ORCS_NBSP ": fichier vide (ni JSON ni XML)", name);
	}
	in.read = read;
	in.ctx = rctx;
	in.head = buf + pos;
	in.headlen = len - pos;
	in.base = skipped + (int64_t)pos;
	in.name = name;
	if (buf[pos] == '<') {
		res->syntax = ORCS_SYNTAX_XML;
		rc = orcs_decp_read_xml(&in, fn, ctx, res, err);
	} else if (buf[pos] == '{' || buf[pos] == '[') {
		res->syntax = ORCS_SYNTAX_JSON;
		rc = orcs_decp_read_json(&in, options, fn, ctx, res, err);
	} else {
		char hex[40];
		size_t i, k = 0;
		for (i = 0; i < 8 && pos + i < len; i++)
			k += (size_t)snprintf(hex + k, sizeof(hex) - k, "%s%02x", i ? " " : "",
					      (unsigned char)buf[pos + i]);
		res->reason = "Q_FORMAT";
		res->offset = in.base;
		rc = orcs_error_set(err, ORCS_EINPUT,
				    "%s" ORCS_NBSP ": ni JSON ni XML (octet %lld" ORCS_NBSP
				    ": %s)",
				    name, (long long)in.base, hex);
	}
	free(buf);
	return rc;
}
