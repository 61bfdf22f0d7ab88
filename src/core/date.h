/*
 * date.h - calendar arithmetic on day numbers (days since 1970-01-01 in the
 * proleptic Gregorian calendar), for date serials (XLSX), synthetic data and
 * the DECP benchmark generator.  Pure functions, no allocation.
 *
 * The algorithms are Howard Hinnant's "days_from_civil"/"civil_from_days",
 * exact for every year representable in an int.
 */
#ifndef ORCS_DATE_H
#define ORCS_DATE_H

#include <stdint.h>

/* The day number of y-m-d (m 1..12, d 1..31; no validation). */
int64_t orcs_days_from_civil(int y, int m, int d);

/* The date of day number z, into *y, *m (1..12), *d (1..31). */
void orcs_civil_from_days(int64_t z, int *y, int *m, int *d);

#endif
