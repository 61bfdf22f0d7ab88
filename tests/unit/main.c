/* main.c - runs every unit-test suite.  Suites are listed once here. */
#include <stdlib.h>
#include <unistd.h>

#include "tests/unit/harness.h"

int harness_failures;
static int passed, failed;
static char tmpdir[256];

void harness_run(const char *name, void (*fn)(void))
{
	harness_failures = 0;
	fn();
	if (harness_failures) {
		failed++;
		printf("FAIL %s\n", name);
	} else {
		passed++;
		printf("PASS %s\n", name);
	}
	fflush(stdout);
}

static void cleanup(void)
{
	if (tmpdir[0]) {
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
}

const char *harness_tmpdir(void)
{
	if (!tmpdir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(tmpdir, sizeof(tmpdir), "%s/orcs-unit-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			exit(3);
		}
		atexit(cleanup);
	}
	return tmpdir;
}

static int suite_selected(int argc, char **argv, const char *name)
{
	int i;
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return 1;
	return 0;
}

const char *harness_datadir(void)
{
	const char *d = getenv("ORCS_DATA");
	return d && *d ? d : "data";
}

/* Suites: tests/unit/test_NAME.c defines suite_NAME(); the Makefile lists
 * them in build/gen/suites.h as SUITE(NAME) lines. */
#define SUITE(name) void suite_##name(void);
#include "suites.h"
#undef SUITE

int main(int argc, char **argv)
{
	/* optional: run only the suites named on the command line */
#define SUITE(name)                                                         \
	if (argc < 2 || suite_selected(argc, argv, #name))                  \
		suite_##name();
#include "suites.h"
#undef SUITE
	printf("unit: %d tests ok, %d failing\n", passed, failed);
	return failed ? 1 : 0;
}
