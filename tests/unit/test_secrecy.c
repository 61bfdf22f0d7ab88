/* test_secrecy.c - primary and secondary suppression (domain reference §6). */
#include <stdint.h>

#include "indicators/secrecy.h"
#include "tests/unit/harness.h"

static orcs_cell persons(double v, long n)
{
	orcs_cell c = { ORCS_S2, v, n, -1, -1 };
	return c;
}

static orcs_cell business(double v, long contributors, double top)
{
	orcs_cell c = { ORCS_S1, v, -1, contributors, top };
	return c;
}

static void test_primary_rules(void)
{
	orcs_cell c;
	c = persons(3, 3);
	CHECK(orcs_secrecy_primary(&c));      /* 1..4 persons */
	c = persons(4, 4);
	CHECK(orcs_secrecy_primary(&c));
	c = persons(5, 5);
	CHECK(!orcs_secrecy_primary(&c));
	c = persons(0, 0);
	CHECK(!orcs_secrecy_primary(&c));     /* a zero may be shown */
	c = business(1000, 3, 0.4);
	CHECK(orcs_secrecy_primary(&c));      /* <= 3 contributors */
	c = business(1000, 4, 0.85);
	CHECK(orcs_secrecy_primary(&c));      /* max/sum >= 0.85 */
	c = business(1000, 4, 0.84);
	CHECK(!orcs_secrecy_primary(&c));
	c = persons(900, 12);                 /* hours of 12 persons... */
	c.contributors = 2;                   /* ...from 2 enterprises: S1 applies too */
	c.top_share = 0.5;
	CHECK(orcs_secrecy_primary(&c));
	c.klass = ORCS_S0;
	CHECK(!orcs_secrecy_primary(&c));
	c.klass = ORCS_S3;
	CHECK(orcs_secrecy_primary(&c));
}

static void test_three_participants_and_the_cell_that_reveals_it(void)
{
	/* total 100 = A 3 + B 40 + C 57: A is hidden, and B (the smallest
	 * other) too, or A = 100 - 40 - 57. */
	orcs_secrecy *s = orcs_secrecy_new();
	orcs_cell c;
	int t, p[3];
	c = persons(100, 100);
	t = orcs_secrecy_add(s, &c);
	c = persons(3, 3);
	p[0] = orcs_secrecy_add(s, &c);
	c = persons(40, 40);
	p[1] = orcs_secrecy_add(s, &c);
	c = persons(57, 57);
	p[2] = orcs_secrecy_add(s, &c);
	orcs_secrecy_relation(s, t, p, 3);
	CHECK_INT(orcs_secrecy_solve(s), 2);
	CHECK_INT(orcs_secrecy_status(s, p[0]), ORCS_CELL_PRIMARY);
	CHECK_INT(orcs_secrecy_status(s, p[1]), ORCS_CELL_SECONDARY);
	CHECK_INT(orcs_secrecy_status(s, p[2]), ORCS_CELL_SHOWN);
	CHECK_INT(orcs_secrecy_status(s, t), ORCS_CELL_SHOWN);
	orcs_secrecy_free(s);
}

static void test_hidden_parts_whose_sum_is_disclosive(void)
{
	/* total 20 = 2 + 2 + 16: the two hidden cells add up to 4 persons,
	 * still below 5, so 16 is hidden too. */
	orcs_secrecy *s = orcs_secrecy_new();
	orcs_cell c;
	int t, p[3];
	c = persons(20, 20);
	t = orcs_secrecy_add(s, &c);
	c = persons(2, 2);
	p[0] = orcs_secrecy_add(s, &c);
	p[1] = orcs_secrecy_add(s, &c);
	c = persons(16, 16);
	p[2] = orcs_secrecy_add(s, &c);
	orcs_secrecy_relation(s, t, p, 3);
	orcs_secrecy_solve(s);
	CHECK_INT(orcs_secrecy_status(s, p[2]), ORCS_CELL_SECONDARY);
	CHECK_INT(orcs_secrecy_status(s, t), ORCS_CELL_SHOWN);
	orcs_secrecy_free(s);
}

static void test_hierarchy_commune_ept_departement(void)
{
	/* département 93 = EPT A + EPT B; EPT A = communes a1 (2) + a2 (30);
	 * EPT B = b1 (25) + b2 (25).  a1 hidden -> a2 hidden (only other part)
	 * -> relation EPT A has both parts hidden, total visible, sum 32 fine. */
	orcs_secrecy *s = orcs_secrecy_new();
	orcs_cell c;
	int d, ea, eb, a[2], b[2], parts[2];
	c = persons(82, 82);
	d = orcs_secrecy_add(s, &c);
	c = persons(32, 32);
	ea = orcs_secrecy_add(s, &c);
	c = persons(50, 50);
	eb = orcs_secrecy_add(s, &c);
	c = persons(2, 2);
	a[0] = orcs_secrecy_add(s, &c);
	c = persons(30, 30);
	a[1] = orcs_secrecy_add(s, &c);
	c = persons(25, 25);
	b[0] = orcs_secrecy_add(s, &c);
	b[1] = orcs_secrecy_add(s, &c);
	parts[0] = ea;
	parts[1] = eb;
	orcs_secrecy_relation(s, d, parts, 2);
	orcs_secrecy_relation(s, ea, a, 2);
	orcs_secrecy_relation(s, eb, b, 2);
	CHECK_INT(orcs_secrecy_solve(s), 2);
	CHECK_INT(orcs_secrecy_status(s, a[0]), ORCS_CELL_PRIMARY);
	CHECK_INT(orcs_secrecy_status(s, a[1]), ORCS_CELL_SECONDARY);
	CHECK_INT(orcs_secrecy_status(s, ea), ORCS_CELL_SHOWN);
	orcs_secrecy_free(s);
}

static void test_hidden_total_with_visible_parts(void)
{
	/* a total hidden by its own figures (S1: 3 enterprises) must not be the
	 * sum of visible parts */
	orcs_secrecy *s = orcs_secrecy_new();
	orcs_cell c;
	int t, p[2];
	c = business(500, 3, 0.5);
	t = orcs_secrecy_add(s, &c);
	c = business(200, 0, -1); /* shown alone would be... */
	c.contributors = 4;
	c.top_share = 0.3;
	p[0] = orcs_secrecy_add(s, &c);
	c.value = 300;
	p[1] = orcs_secrecy_add(s, &c);
	orcs_secrecy_relation(s, t, p, 2);
	orcs_secrecy_solve(s);
	CHECK_INT(orcs_secrecy_status(s, t), ORCS_CELL_PRIMARY);
	CHECK_INT(orcs_secrecy_status(s, p[0]), ORCS_CELL_SECONDARY);
	orcs_secrecy_free(s);
}

static void test_fixed_cells_are_never_picked(void)
{
	/* département 20 (published by its own table: fixed) = commune a 3 +
	 * commune b 17; region 50 = département 20 + département 30.  a is
	 * hidden; b, the smallest other part, too; the fixed département stays.
	 * A commune alone in a fixed département is that figure: fixed too. */
	orcs_secrecy *s = orcs_secrecy_new();
	orcs_cell c;
	int d, a[2], lone, d2, p1[1];
	c = persons(20, 20);
	d = orcs_secrecy_add(s, &c);
	orcs_secrecy_fix(s, d);
	c = persons(3, 3);
	a[0] = orcs_secrecy_add(s, &c);
	c = persons(17, 17);
	a[1] = orcs_secrecy_add(s, &c);
	orcs_secrecy_relation(s, d, a, 2);
	c = persons(30, 30);
	d2 = orcs_secrecy_add(s, &c);
	orcs_secrecy_fix(s, d2);
	c = persons(30, 30);
	lone = orcs_secrecy_add(s, &c);
	p1[0] = lone;
	orcs_secrecy_relation(s, d2, p1, 1);
	/* a relation whose only candidates are fixed: nothing can be picked */
	{
		int parts[2];
		parts[0] = a[0];
		parts[1] = lone;
		orcs_secrecy_relation(s, d, parts, 2);
	}
	orcs_secrecy_solve(s);
	CHECK_INT(orcs_secrecy_status(s, a[0]), ORCS_CELL_PRIMARY);
	CHECK_INT(orcs_secrecy_status(s, a[1]), ORCS_CELL_SECONDARY);
	CHECK_INT(orcs_secrecy_status(s, d), ORCS_CELL_SHOWN);
	CHECK_INT(orcs_secrecy_status(s, lone), ORCS_CELL_SHOWN);
	orcs_secrecy_free(s);
	/* a fixed cell still obeys its own primary rule */
	s = orcs_secrecy_new();
	c = persons(2, 2);
	d = orcs_secrecy_add(s, &c);
	orcs_secrecy_fix(s, d);
	orcs_secrecy_solve(s);
	CHECK_INT(orcs_secrecy_status(s, d), ORCS_CELL_PRIMARY);
	orcs_secrecy_free(s);
}

/* Random cross-tabulations with margins: afterwards no relation may have
 * exactly one hidden member, and every primary cell stays hidden. */
static uint64_t rng = 42;
static uint64_t next(void)
{
	uint64_t z = (rng += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static void test_random_crosstabs_leave_no_lone_hidden_cell(void)
{
	int round, bad = 0;
	for (round = 0; round < 200; round++) {
		int R = 2 + (int)(next() % 5), C = 2 + (int)(next() % 5), i, j;
		int cell[6][6], rowt[6], colt[6], grand, idx[6];
		long rs[6] = { 0 }, cs[6] = { 0 }, g = 0;
		long v[6][6];
		orcs_secrecy *s = orcs_secrecy_new();
		orcs_cell c;
		for (i = 0; i < R; i++)
			for (j = 0; j < C; j++) {
				v[i][j] = (long)(next() % 5 == 0 ? next() % 5 : next() % 60);
				rs[i] += v[i][j];
				cs[j] += v[i][j];
				g += v[i][j];
			}
		for (i = 0; i < R; i++)
			for (j = 0; j < C; j++) {
				c = persons((double)v[i][j], v[i][j]);
				cell[i][j] = orcs_secrecy_add(s, &c);
			}
		for (i = 0; i < R; i++) {
			c = persons((double)rs[i], rs[i]);
			rowt[i] = orcs_secrecy_add(s, &c);
		}
		for (j = 0; j < C; j++) {
			c = persons((double)cs[j], cs[j]);
			colt[j] = orcs_secrecy_add(s, &c);
		}
		c = persons((double)g, g);
		grand = orcs_secrecy_add(s, &c);
		for (i = 0; i < R; i++) {
			for (j = 0; j < C; j++)
				idx[j] = cell[i][j];
			orcs_secrecy_relation(s, rowt[i], idx, C);
		}
		for (j = 0; j < C; j++) {
			for (i = 0; i < R; i++)
				idx[i] = cell[i][j];
			orcs_secrecy_relation(s, colt[j], idx, R);
		}
		orcs_secrecy_relation(s, grand, rowt, R);
		orcs_secrecy_relation(s, grand, colt, C);
		orcs_secrecy_solve(s);
		/* check every relation */
		for (i = 0; i < R; i++) {
			int nh = orcs_secrecy_status(s, rowt[i]) != 0;
			for (j = 0; j < C; j++) {
				nh += orcs_secrecy_status(s, cell[i][j]) != 0;
				if (v[i][j] > 0 && v[i][j] < 5 && !orcs_secrecy_status(s, cell[i][j]))
					bad++;
			}
			bad += nh == 1;
		}
		for (j = 0; j < C; j++) {
			int nh = orcs_secrecy_status(s, colt[j]) != 0;
			for (i = 0; i < R; i++)
				nh += orcs_secrecy_status(s, cell[i][j]) != 0;
			bad += nh == 1;
		}
		orcs_secrecy_free(s);
	}
	CHECK_INT(bad, 0);
}

void suite_secrecy(void)
{
	RUN(test_primary_rules);
	RUN(test_three_participants_and_the_cell_that_reveals_it);
	RUN(test_hidden_parts_whose_sum_is_disclosive);
	RUN(test_hierarchy_commune_ept_departement);
	RUN(test_hidden_total_with_visible_parts);
	RUN(test_fixed_cells_are_never_picked);
	RUN(test_random_crosstabs_leave_no_lone_hidden_cell);
}
