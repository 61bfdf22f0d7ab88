/*
 * harness.h - a tiny test harness.
 *
 * A test is a `static void name(void)` function; CHECK() records a failure
 * with its location and keeps going; RUN() runs a test and prints
 * "PASS name" or "FAIL name".  tests/run counts those lines.
 */
#ifndef ORCS_HARNESS_H
#define ORCS_HARNESS_H

#include <stdio.h>
#include <string.h>

extern int harness_failures; /* failures inside the running test */

#define CHECK(cond)                                                                 \
	do {                                                                        \
		if (!(cond)) {                                                      \
			harness_failures++;                                         \
			fprintf(stdout, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, \
				#cond);                                             \
		}                                                                   \
	} while (0)

#define CHECK_STR(a, b)                                                             \
	do {                                                                        \
		const char *a_ = (a), *b_ = (b);                                    \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                            \
			harness_failures++;                                         \
			fprintf(stdout, "  %s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__, \
				a_ ? a_ : "(null)", b_ ? b_ : "(null)");             \
		}                                                                   \
	} while (0)

#define CHECK_INT(a, b)                                                             \
	do {                                                                        \
		long long a_ = (long long)(a), b_ = (long long)(b);                 \
		if (a_ != b_) {                                                     \
			harness_failures++;                                         \
			fprintf(stdout, "  %s:%d: %s == %lld, expected %lld\n", __FILE__, \
				__LINE__, #a, a_, b_);                              \
		}                                                                   \
	} while (0)

void harness_run(const char *name, void (*fn)(void));
#define RUN(fn) harness_run(#fn, fn)

/* A fresh temporary folder for this test process (removed at exit). */
const char *harness_tmpdir(void);
/* The project's data/ folder (ORCS_DATA or ./data). */
const char *harness_datadir(void);

#endif
