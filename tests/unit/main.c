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

const char *harness_datadir(void)
{
	const char *d = getenv("ORCS_DATA");
	return d && *d ? d : "data";
}

/* Suites: one per file of tests/unit. */
void suite_text(void);
void suite_csv(void);
void suite_db(void);
void suite_ref(void);

int main(void)
{
	suite_text();
	suite_csv();
	suite_db();
	suite_ref();
	printf("unit: %d tests ok, %d failing\n", passed, failed);
	return failed ? 1 : 0;
}
