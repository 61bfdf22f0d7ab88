/* test_csv.c - the streaming CSV reader on good and bad input. */
#include "core/buf.h"
#include "core/csv.h"
#include "tests/unit/harness.h"

static void test_bom_semicolon_quotes(void)
{
	const char *in = "\xEF\xBB\xBFsiret;nom\r\n"
			 "21590163800019;\"Mairie de \"\"Croix\"\"\"\r\n"
			 "\r\n"
			 "27920022400012;\"deux\nlignes\"\n";
	orcs_csv *c = orcs_csv_new_mem(in, strlen(in), "t.csv", 0);
	orcs_error err = ORCS_ERROR_INIT;
	size_t n;
	CHECK_INT(orcs_csv_next(c, &err), 1);
	CHECK(orcs_csv_sep(c) == ';');
	CHECK_STR(orcs_csv_field(c, 0, NULL), "siret");
	CHECK_INT(orcs_csv_next(c, &err), 1);
	CHECK_STR(orcs_csv_field(c, 1, &n), "Mairie de \"Croix\"");
	CHECK_INT(orcs_csv_line(c), 2);
	CHECK_INT(orcs_csv_next(c, &err), 1); /* blank line skipped */
	CHECK_INT(orcs_csv_line(c), 4);
	CHECK_STR(orcs_csv_field(c, 1, NULL), "deux\nlignes");
	CHECK_INT(orcs_csv_next(c, &err), 0);
	orcs_csv_free(c);
}

static void test_comma_detected_and_empty_fields(void)
{
	const char *in = "a,b,c\n1,,3\n,,\n";
	orcs_csv *c = orcs_csv_new_mem(in, strlen(in), "t.csv", 0);
	orcs_error err = ORCS_ERROR_INIT;
	CHECK_INT(orcs_csv_next(c, &err), 1);
	CHECK(orcs_csv_sep(c) == ',');
	CHECK_INT(orcs_csv_next(c, &err), 1);
	CHECK_INT(orcs_csv_nfields(c), 3);
	CHECK_STR(orcs_csv_field(c, 1, NULL), "");
	CHECK_INT(orcs_csv_next(c, &err), 1);
	CHECK_INT(orcs_csv_nfields(c), 3);
	CHECK_STR(orcs_csv_field(c, 7, NULL), ""); /* out of range is empty */
	CHECK_INT(orcs_csv_next(c, &err), 0);
	orcs_csv_free(c);
}

static void test_unterminated_quote_is_an_error(void)
{
	const char *in = "a;b\n1;\"never closed\n2;3\n";
	orcs_csv *c = orcs_csv_new_mem(in, strlen(in), "bad.csv", 0);
	orcs_error err = ORCS_ERROR_INIT;
	CHECK_INT(orcs_csv_next(c, &err), 1);
	CHECK_INT(orcs_csv_next(c, &err), -1);
	CHECK_INT(err.code, ORCS_EINPUT);
	CHECK(strstr(err.msg, "bad.csv:2") != NULL);
	orcs_csv_free(c);
}

static void test_no_final_newline_and_empty_input(void)
{
	orcs_csv *c = orcs_csv_new_mem("x;y\n1;2", 7, "t.csv", 0);
	orcs_error err = ORCS_ERROR_INIT;
	CHECK_INT(orcs_csv_next(c, &err), 1);
	CHECK_INT(orcs_csv_next(c, &err), 1);
	CHECK_STR(orcs_csv_field(c, 1, NULL), "2");
	CHECK_INT(orcs_csv_next(c, &err), 0);
	orcs_csv_free(c);
	c = orcs_csv_new_mem("", 0, "empty.csv", 0);
	CHECK_INT(orcs_csv_next(c, &err), 0);
	orcs_csv_free(c);
}

static void test_error_is_not_a_record(void)
{
	/* found by fuzz_csv: an error must never look like a record */
	orcs_csv *c = orcs_csv_new_mem("\n\"", 2, "f.csv", 0);
	orcs_error err = ORCS_ERROR_INIT;
	CHECK_INT(orcs_csv_next(c, &err), -1);
	CHECK_INT(err.code, ORCS_EINPUT);
	orcs_csv_free(c);
}

/* Writing then reading gives the fields back, whatever they hold. */
static void test_put_round_trip(void)
{
	static const char *const fields[] = { "Seine-Saint-Denis", "a;b", "dit \"oui\"", "l1\nl2",
					      "1,5", "" };
	orcs_buf b = ORCS_BUF_INIT;
	orcs_error e = ORCS_ERROR_INIT;
	orcs_csv *c;
	size_t i, n = sizeof(fields) / sizeof(*fields);
	orcs_csv_put_buf(&b, "x", ';');
	orcs_csv_put_buf(&b, NULL, ';'); /* writes nothing */
	CHECK_STR(b.data, "x");
	orcs_buf_reset(&b);
	orcs_csv_put_buf(&b, "1,5", ',');
	orcs_buf_addc(&b, ';');
	orcs_csv_put_buf(&b, "1,5", ';');
	CHECK_STR(b.data, "\"1,5\";1,5");
	orcs_buf_reset(&b);
	for (i = 0; i < n; i++) {
		if (i)
			orcs_buf_addc(&b, ';');
		orcs_csv_put_buf(&b, fields[i], ';');
	}
	orcs_buf_adds(&b, "\n");
	CHECK_STR(b.data, "Seine-Saint-Denis;\"a;b\";\"dit \"\"oui\"\"\";\"l1\nl2\";1,5;\n");
	c = orcs_csv_new_mem(b.data, b.len, "t.csv", ';');
	CHECK(c && orcs_csv_next(c, &e) == 1);
	if (c) {
		CHECK_INT(orcs_csv_nfields(c), n);
		for (i = 0; i < n && i < orcs_csv_nfields(c); i++)
			CHECK_STR(orcs_csv_field(c, i, NULL), fields[i]);
	}
	orcs_csv_free(c);
	orcs_buf_release(&b);
}

void suite_csv(void)
{
	RUN(test_bom_semicolon_quotes);
	RUN(test_comma_detected_and_empty_fields);
	RUN(test_unterminated_quote_is_an_error);
	RUN(test_no_final_newline_and_empty_input);
	RUN(test_error_is_not_a_record);
	RUN(test_put_round_trip);
}
