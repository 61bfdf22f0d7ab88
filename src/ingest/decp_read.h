/*
 * decp_read.h - streaming readers of DECP files: bytes in, one record tree
 * (dnode.h) at a time out, whatever the size of the file.
 *
 * orcs_decp_read() skips a UTF-8 BOM and white space, then dispatches on the
 * first byte: `<` is XML (libxml2's xmlTextReader), `{` or `[` JSON (YAJL's
 * callback parser, yajl_parse); anything else rejects the file (Q_FORMAT).
 * Containers understood (domain.md §2.2):
 *
 *   JSON  {"marches": [ … ]}                            fmt hint 2019
 *         {"marches": {"marche": […], "contrat-concession": […]}}  2024
 *         [ record, … ], a single record object, or several
 *         root values in a row (JSON lines): no hint
 *   XML   <marches> with <marche>/<contrat-concession> children, or a
 *         single <marche>/<contrat-concession> root: no hint (XML looks the
 *         same in both formats)
 *
 * Each record is handed to the callback with its tree, position and the
 * hints of its container; the record arena is reset after the callback
 * returns.  A file that is not well formed (truncated, binary garbage, wrong
 * root) makes orcs_decp_read() return ORCS_EINPUT with `res->reason`
 * (Q_PARSE or Q_FORMAT), `res->offset` and a French message in `err`; the
 * caller rolls back what the callback did.
 *
 * Lexical repair: with ORCS_DECP_LEXFIX, JSON bytes go through a filter
 * that turns NaN/Infinity literals into null, doubles invalid backslashes
 * and drops raw control characters inside strings; records that contained
 * a repair get ORCS_RAW_LEXFIX.  Callers retry a file with it when the plain
 * parse fails (orcs_decp_read() tells them through `res->lexfix_may_help`).
 */
#ifndef ORCS_DECP_READ_H
#define ORCS_DECP_READ_H

#include <stdint.h>

#include "core/error.h"
#include "ingest/arena.h"
#include "ingest/dnode.h"

enum orcs_decp_kind { ORCS_KIND_UNKNOWN = 0, ORCS_KIND_MARCHE = 1, ORCS_KIND_CONCESSION = 2 };
enum orcs_decp_syntax { ORCS_SYNTAX_JSON = 1, ORCS_SYNTAX_XML = 2 };

/* orcs_decp_raw.flags */
enum {
	ORCS_RAW_KEYS_TRIMMED = 1, /* some key had surrounding spaces */
	ORCS_RAW_TOO_DEEP = 2,     /* nesting above ORCS_DN_MAX_DEPTH: tree incomplete */
	ORCS_RAW_TOO_BIG = 4,      /* above ORCS_DN_MAX_BYTES: tree incomplete */
	ORCS_RAW_LEXFIX = 8        /* the lexical filter repaired bytes of this record */
};

typedef struct orcs_decp_raw {
	const orcs_dnode *root;  /* the record value (normally a map) */
	int kind_hint;           /* enum orcs_decp_kind, from the container */
	int fmt_hint;            /* 2019, 2024, or 0 */
	int syntax;              /* enum orcs_decp_syntax */
	int64_t index;           /* 1-based position among the file's records */
	int64_t offset;          /* byte offset of its start (decompressed stream) */
	int64_t line;            /* XML: line of its start tag; JSON: 0 */
	unsigned flags;          /* ORCS_RAW_* */
} orcs_decp_raw;

/* Byte source: returns bytes read (0 at end), or -1 on error. */
typedef long (*orcs_decp_read_fn)(void *ctx, char *buf, size_t n);

/* Record callback: returns 0 to go on, or an ORCS_* code to stop (the
 * reader then returns that code and leaves `err` as the callback set it). */
typedef int (*orcs_decp_record_fn)(void *ctx, const orcs_decp_raw *rec, orcs_arena *arena,
				   orcs_error *err);

enum { ORCS_DECP_LEXFIX = 1 };

typedef struct orcs_decp_read_result {
	int syntax;              /* what the file turned out to be (0 if unknown) */
	int container_fmt;       /* 2019, 2024 or 0 */
	int64_t records;         /* records handed to the callback */
	const char *reason;      /* Q_PARSE or Q_FORMAT when the file is rejected */
	int64_t offset;          /* where (bytes) */
	int64_t line;            /* XML: line, else 0 */
	int lexfix_may_help;     /* JSON parse error that the lexical filter may fix */
	int64_t lexfix_repairs;  /* repairs made by the filter */
} orcs_decp_read_result;

/* Reads the whole stream.  `name` names the file in messages.  Returns
 * ORCS_OK, ORCS_EINPUT (malformed file, see above), ORCS_EIO (read error)
 * or the callback's code. */
int orcs_decp_read(orcs_decp_read_fn read, void *rctx, const char *name, int options,
		   orcs_decp_record_fn fn, void *ctx, orcs_decp_read_result *res, orcs_error *err);

/* Parses a JSON text held in memory (e.g. a string field that holds JSON)
 * into a tree in `arena`; NULL when it is not valid JSON. */
const orcs_dnode *orcs_decp_json_value(orcs_arena *arena, const char *s, size_t n);

/* Internal to src/ingest: the readers behind orcs_decp_read().  `head` holds
 * the bytes already read (from the first non-blank byte on). */
typedef struct orcs_decp_in {
	orcs_decp_read_fn read;
	void *ctx;
	const char *head;
	size_t headlen;
	int64_t base;            /* stream offset of head[0] */
	const char *name;
} orcs_decp_in;

int orcs_decp_read_json(orcs_decp_in *in, int options, orcs_decp_record_fn fn, void *ctx,
			orcs_decp_read_result *res, orcs_error *err);
int orcs_decp_read_xml(orcs_decp_in *in, orcs_decp_record_fn fn, void *ctx,
		       orcs_decp_read_result *res, orcs_error *err);

#endif
