/* test_engine_secret_previous.c - a secret cell carries no `previous`.
 *
 * benef.participants 2024 by sex on tests/data/engine/fixture.sql: the
 * cell of 3 women is secret (primary) and the men's cell too (secondary).
 * Printed beside an « s », a previous value (and a change computed by a
 * reader from it and a published total) would say what secrecy hides, so
 * attach_previous() (engine.c) leaves previous and change null on secret
 * rows, while published rows keep their comparison.
 */
#include <math.h>
#include <string.h>

#include "tests/unit/engine_fixture.h"
#include "tests/unit/harness.h"

static void test_a_secret_cell_has_no_previous_value(void)
{
	orcs_db *db = fx_open("tests/data/engine/fixture.sql");
	orcs_ind_result r;
	orcs_error err = ORCS_ERROR_INIT;
	const orcs_ind_row *row;
	CHECK_INT(fx_query(db, &r, "benef.participants", 2024, "sex", NULL, 0, &err), ORCS_OK);
	CHECK(r.has_previous);
	CHECK((row = fx_row(&r, "F", NULL)) && row->secret && isnan(row->previous) &&
	      isnan(row->change));
	CHECK((row = fx_row(&r, "H", NULL)) && row->secret && isnan(row->previous) &&
	      isnan(row->change));
	/* a published cell keeps its comparison */
	CHECK((row = fx_row(&r, NULL, NULL)) && !row->secret && row->previous == 6);
	orcs_ind_result_release(&r);
	orcs_db_close(db);
}

void suite_engine_secret_previous(void)
{
	RUN(test_a_secret_cell_has_no_previous_value);
}
