/*
 * error.h - error values carried through the library.
 *
 * Every fallible library function takes an `orcs_error *` as its last
 * argument and returns an `int` code (ORCS_OK on success).  On failure it
 * fills the error with the same code and a one-line message in French that
 * names the file, the line and the offending value when there is one, e.g.
 *
 *     communes.csv:12 : code INSEE invalide « 7510 »
 *
 * The error is a plain value owned by the caller (usually on the stack);
 * nothing inside it needs releasing.  A NULL `orcs_error *` is accepted and
 * means "I only want the code".
 *
 * The codes double as the process exit codes documented in `orcs --help`.
 */
#ifndef ORCS_ERROR_H
#define ORCS_ERROR_H

#include <stdarg.h>

enum orcs_code {
	ORCS_OK = 0,        /* success */
	ORCS_EINPUT = 1,    /* input problems found and handled (quarantine, flags) */
	ORCS_EUSAGE = 2,    /* bad command line or parameter */
	ORCS_EIO = 3,       /* I/O, database or resource error */
};

/* French typography: no-break space (before : ; ! ? % and inside « »)
 * and narrow no-break space (thousands separator). */
#define ORCS_NBSP "\xc2\xa0"
#define ORCS_NNBSP "\xe2\x80\xaf"

typedef struct orcs_error {
	int code;
	char msg[768];
} orcs_error;

#define ORCS_ERROR_INIT { ORCS_OK, { 0 } }

/* Sets `err` (if not NULL) and returns `code`, so callers can write
 * `return orcs_error_set(err, ORCS_EIO, "…", …);`. */
int orcs_error_set(orcs_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int orcs_error_vset(orcs_error *err, int code, const char *fmt, va_list ap);

/* Resets `err` to ORCS_OK with an empty message. */
void orcs_error_clear(orcs_error *err);

/* Writes `value` into `out` (size `n`) as a short printable excerpt for
 * messages: control bytes become '?', long values are cut with "…". */
const char *orcs_excerpt(const char *value, char *out, unsigned n);

#endif
