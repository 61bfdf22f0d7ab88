/*
 * text.h - small text helpers shared by every stage: tolerant matching of
 * codes and labels, trimming, UTF-8 hygiene, and French number formatting.
 */
#ifndef ORCS_TEXT_H
#define ORCS_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/*
 * Appends to `out` the matching key of `s` (`len` bytes): lower case,
 * accents removed (Latin-1 supplement, Latin Extended-A, œ/æ), apostrophes,
 * quotes, hyphens, underscores, dots and slashes turned into spaces, runs
 * of spaces collapsed, leading and trailing spaces removed.  Two labels that
 * a person would read as "the same value" get the same key:
 * « Appel d’offres ouvert », "APPEL D OFFRES OUVERT" and "appel-d'offres
 * ouvert" all fold to "appel d offres ouvert".
 */
void orcs_fold(orcs_buf *out, const char *s, size_t len);

/* Returns a pointer to the first non-space byte of `s` and sets *len to the
 * length without trailing spaces (ASCII spaces, tabs, CR, LF, U+00A0). */
const char *orcs_trim(const char *s, size_t *len);

/* True when `s` (len bytes) is valid UTF-8. */
int orcs_utf8_valid(const char *s, size_t len);

/*
 * Appends `s` to `out` as valid UTF-8 without control characters (other
 * than tab): invalid bytes are read as Windows-1252/Latin-1, controls are
 * dropped.  Returns the number of bytes that had to be repaired.
 */
size_t orcs_utf8_clean(orcs_buf *out, const char *s, size_t len);

/* Parses a decimal number written the French or the English way:
 * "1 234,5", "1234.5", "1 234,50 €" is refused (unit), "NaN" is refused.
 * Thousands separators may be space, U+00A0 or U+202F.  Returns 0 on
 * success, -1 if `s` is not a number. */
int orcs_parse_number(const char *s, size_t len, double *out);

/* Parses a whole number (optional sign, digits only after trimming). */
int orcs_parse_int(const char *s, size_t len, int64_t *out);

/* French formatting for user-facing text: thousands separated by a narrow
 * no-break space, decimal comma.  `decimals` digits after the comma.
 * "12 345", "12,5".  Appends to `out`. */
void orcs_fmt_number(orcs_buf *out, double v, int decimals);
/* "12,5 %" with a no-break space before %; `ratio` is 0.125 for 12,5 %. */
void orcs_fmt_percent(orcs_buf *out, double ratio, int decimals);

#endif
