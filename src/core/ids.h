/*
 * ids.h - French company identifiers (SIREN, SIRET).
 *
 * SIREN = 9 digits, SIRET = SIREN + 5-digit NIC.  Both end with a Luhn
 * check digit, except La Poste's establishments (SIREN 356000000), whose
 * SIRETs are valid when the sum of their digits is a multiple of 5.
 * Identifiers are always text: leading zeros matter.
 */
#ifndef ORCS_IDS_H
#define ORCS_IDS_H

#include <stddef.h>

#include "core/buf.h"

enum orcs_siret_status {
	ORCS_SIRET_VALID = 0,
	ORCS_SIRET_LUHN = 1,     /* 14 digits, check digit wrong */
	ORCS_SIRET_MALFORMED = 2 /* not 14 digits after cleaning */
};

/* True when the `n` ASCII digits at `s` pass the Luhn check. */
int orcs_luhn_ok(const char *s, size_t n);

/* Checks a cleaned SIRET (exactly 14 digits expected). */
enum orcs_siret_status orcs_siret_check(const char *s, size_t n);

/* Checks a SIREN (9 digits). Returns 1 when valid. */
int orcs_siren_ok(const char *s, size_t n);

/*
 * Cleans a raw identifier into `out` (appended): removes spaces (ASCII,
 * U+00A0, U+202F), dots and hyphens between digits, and left-pads a 13-digit
 * all-numeric value to 14 (a SIRET that lost its leading zero once stored as
 * a number).  Returns 1 when something had to be changed, else 0.
 */
int orcs_siret_clean(orcs_buf *out, const char *s, size_t n);

#endif
