/* test_text.c - folding, trimming, numbers, French formatting, SIRET, dates. */
#include <math.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/ids.h"
#include "core/text.h"
#include "tests/unit/harness.h"

static const char *fold(const char *s)
{
	static orcs_buf b = ORCS_BUF_INIT;
	orcs_buf_reset(&b);
	orcs_fold(&b, s, strlen(s));
	return b.data;
}

static void test_fold_matches_real_variants(void)
{
	/* variants met in the real DECP samples (domain.md §2.9 Q9) */
	CHECK_STR(fold("Appel d'offres ouvert"), "appel d offres ouvert");
	CHECK_STR(fold("Appel d offres ouvert"), "appel d offres ouvert");
	CHECK_STR(fold("Appel d\xe2\x80\x99offres ouvert"), "appel d offres ouvert");
	CHECK_STR(fold("CODE DEPARTEMENT"), fold("Code département"));
	CHECK_STR(fold("  Procédure   adaptée "), "procedure adaptee");
	CHECK_STR(fold("HORS_UE"), fold("HORS-UE"));
	CHECK_STR(fold("Maitrise d'\xc5\x93uvre"), "maitrise d oeuvre");
	CHECK_STR(fold(""), "");
	CHECK_STR(fold("--"), "");
	/* Latin-1 bytes (not UTF-8) still fold */
	CHECK_STR(fold("March\xe9"), "marche");
}

static void test_trim(void)
{
	size_t n = strlen(" \xc2\xa0 abc \t\r\n");
	const char *p = orcs_trim(" \xc2\xa0 abc \t\r\n", &n);
	CHECK_INT(n, 3);
	CHECK(!strncmp(p, "abc", 3));
}

static double num(const char *s, int *ok)
{
	double v = NAN;
	*ok = orcs_parse_number(s, strlen(s), &v) == 0;
	return v;
}

static void test_numbers(void)
{
	int ok;
	CHECK(num("30000.00", &ok) == 30000.0 && ok);
	CHECK(num("1 234,5", &ok) == 1234.5 && ok);
	CHECK(num("1\xe2\x80\xaf" "234,5", &ok) == 1234.5 && ok);
	CHECK(num("1.234,56", &ok) == 1234.56 && ok);
	CHECK(num("1,234.56", &ok) == 1234.56 && ok);
	CHECK(num("1.0E17", &ok) == 1e17 && ok);
	CHECK(num("-12", &ok) == -12.0 && ok);
	num("NaN", &ok);
	CHECK(!ok);
	num("12 €", &ok);
	CHECK(!ok);
	num("", &ok);
	CHECK(!ok);
	num("inf", &ok);
	CHECK(!ok);
	num("0x10", &ok);
	CHECK(!ok);
	{
		int64_t v;
		CHECK(orcs_parse_int(" 36 ", 4, &v) == 0 && v == 36);
		CHECK(orcs_parse_int("3.5", 3, &v) != 0);
		CHECK(orcs_parse_int("99999999999999999999", 20, &v) != 0);
	}
}

static void test_french_format(void)
{
	orcs_buf b = ORCS_BUF_INIT;
	orcs_fmt_number(&b, 6306100, 0);
	CHECK_STR(b.data, "6\xe2\x80\xaf" "306\xe2\x80\xaf" "100");
	orcs_buf_reset(&b);
	orcs_fmt_percent(&b, 0.125, 1);
	CHECK_STR(b.data, "12,5\xc2\xa0%");
	orcs_buf_reset(&b);
	orcs_fmt_number(&b, -0.0001, 1);
	CHECK_STR(b.data, "0,0");
	orcs_buf_reset(&b);
	orcs_fmt_number(&b, -1234.5, 1);
	CHECK_STR(b.data, "-1\xe2\x80\xaf" "234,5");
	orcs_buf_release(&b);
}

static void test_siret(void)
{
	/* real SIRETs from the samples */
	CHECK(orcs_siret_check("21590163800019", 14) == ORCS_SIRET_VALID);
	CHECK(orcs_siret_check("27920022400012", 14) == ORCS_SIRET_VALID);
	CHECK(orcs_siret_check("21590163800018", 14) == ORCS_SIRET_LUHN);
	CHECK(orcs_siret_check("2159016380001", 13) == ORCS_SIRET_MALFORMED);
	CHECK(orcs_siret_check("2159016380001A", 14) == ORCS_SIRET_MALFORMED);
	/* La Poste: digit sum multiple of 5, Luhn not required */
	CHECK(orcs_siret_check("35600000000001", 14) == ORCS_SIRET_VALID);
	CHECK(orcs_siret_check("35600000000002", 14) == ORCS_SIRET_LUHN);
	CHECK(orcs_siren_ok("215901638", 9));
	{
		orcs_buf b = ORCS_BUF_INIT;
		CHECK(orcs_siret_clean(&b, " 215 901 638 00019", 18) == 1);
		CHECK_STR(b.data, "21590163800019");
		orcs_buf_reset(&b);
		CHECK(orcs_siret_clean(&b, "2590163800019", 13) == 1); /* 13 digits: padded */
		CHECK_STR(b.data, "02590163800019");
		orcs_buf_release(&b);
	}
}

static void test_utf8_clean(void)
{
	orcs_buf b = ORCS_BUF_INIT;
	CHECK_INT(orcs_utf8_clean(&b, "caf\xe9\x01!", 6), 2);
	CHECK_STR(b.data, "caf\xc3\xa9!");
	CHECK(orcs_utf8_valid(b.data, b.len));
	CHECK(!orcs_utf8_valid("\xc3", 1));
	orcs_buf_release(&b);
}

static void test_day_numbers(void)
{
	int y, m, d;
	int64_t z;
	CHECK_INT(orcs_days_from_civil(1970, 1, 1), 0);
	CHECK_INT(orcs_days_from_civil(1969, 12, 31), -1);
	CHECK_INT(orcs_days_from_civil(2000, 3, 1), 11017);
	/* 2024 is a leap year, 1900 is not (XLSX serial 25569 is 1970-01-01) */
	CHECK_INT(orcs_days_from_civil(2024, 3, 1) - orcs_days_from_civil(2024, 2, 28), 2);
	CHECK_INT(orcs_days_from_civil(1900, 3, 1) - orcs_days_from_civil(1900, 2, 28), 1);
	orcs_civil_from_days(orcs_days_from_civil(2024, 2, 29), &y, &m, &d);
	CHECK(y == 2024 && m == 2 && d == 29);
	/* every day from 1600 to 2400 goes there and back */
	for (z = orcs_days_from_civil(1600, 1, 1); z < orcs_days_from_civil(2400, 1, 1); z++) {
		orcs_civil_from_days(z, &y, &m, &d);
		if (orcs_days_from_civil(y, m, d) != z || m < 1 || m > 12 || d < 1 || d > 31) {
			CHECK_INT(orcs_days_from_civil(y, m, d), z);
			break;
		}
	}
}

void suite_text(void)
{
	RUN(test_fold_matches_real_variants);
	RUN(test_trim);
	RUN(test_numbers);
	RUN(test_french_format);
	RUN(test_siret);
	RUN(test_utf8_clean);
	RUN(test_day_numbers);
}
