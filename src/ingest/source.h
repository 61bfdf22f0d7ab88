/*
 * source.h - the inputs of an import: files, folders, standard input, and
 * the members of .zip archives, each read as a byte stream whose gzip
 * compression (.gz) is undone on the fly.
 *
 * orcs_inputs_expand() turns command-line paths into a list of inputs:
 *  - a file is taken as is, whatever its name;
 *  - a folder is walked recursively in byte order of names, keeping the
 *    files named *.json, *.xml, *.gz and *.zip (hidden entries skipped);
 *  - "-" is standard input, copied to a temporary file first so that it can
 *    be hashed and re-read like any file (removed by orcs_inputs_free());
 *  - a zip archive (recognised by its signature) becomes one input per
 *    member named *.json, *.xml or *.gz, in byte order of names.
 * A path that does not exist is an error (ORCS_EIO); an archive that cannot
 * be opened becomes an input carrying `error` (the importer rejects it).
 *
 * Identity of an input (re-imports): the SHA-256 of its raw bytes — the
 * file on disk (compressed if it is .gz), or the member's bytes for a zip
 * member — and a quick fingerprint "SIZE:SHA-256 of the first 64 KiB".
 *
 * Ownership: the caller frees the list with orcs_inputs_free(); a stream
 * from orcs_stream_open() is closed with orcs_stream_close().
 */
#ifndef ORCS_SOURCE_H
#define ORCS_SOURCE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

typedef struct orcs_input {
	char *path;     /* as shown to the user: "dir/f.json", "a.zip:f.json", "-" */
	char *fs_path;  /* file to open (the archive for a member, the spool for "-") */
	char *member;   /* zip member, or NULL */
	char *error;    /* set when the input cannot be read at all */
	int spooled;    /* fs_path is a temporary copy of standard input */
	int arg;        /* index of the command-line path it comes from */
	int64_t size;   /* raw bytes */
} orcs_input;

int orcs_inputs_expand(const char *const *paths, int n, orcs_input **out, int *nout,
		       orcs_error *err);
void orcs_inputs_free(orcs_input *v, int n);

typedef struct orcs_stream orcs_stream;

/* Opens `in` for reading; gzip is detected from the first bytes.  With
 * `hash`, the raw bytes are hashed as they are read (orcs_stream_sha256). */
int orcs_stream_open(const orcs_input *in, int hash, orcs_stream **out, orcs_error *err);
/* orcs_decp_read_fn: decompressed bytes, 0 at end, -1 on error (the
 * message is then in orcs_stream_error()). */
long orcs_stream_read(void *stream, char *buf, size_t n);
const char *orcs_stream_error(const orcs_stream *s);
/* True when the last error is bad input (a corrupt gzip stream) rather
 * than a failing disk. */
int orcs_stream_corrupt(const orcs_stream *s);
/* Raw bytes consumed so far (progress). */
int64_t orcs_stream_raw_pos(const orcs_stream *s);
/* Hex SHA-256 of all the raw bytes (stream opened with `hash`); reads
 * what is left if needed. */
int orcs_stream_sha256(orcs_stream *s, char hex[65], orcs_error *err);
void orcs_stream_close(orcs_stream *s);

/* "SIZE:HEX" quick fingerprint (first 64 KiB), and the full SHA-256 (its
 * own pass over the raw bytes; it gives up with ORCS_EIO as soon as `*stop`
 * becomes non-zero, when `stop` is not NULL).  Safe to run in another
 * thread than the one reading the same input. */
int orcs_input_fingerprint(const orcs_input *in, char fp[96], orcs_error *err);
int orcs_input_sha256(const orcs_input *in, char hex[65], const atomic_int *stop,
		      orcs_error *err);

#endif
