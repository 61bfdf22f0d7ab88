/* test_decp.c - the DECP readers and normaliser on small inline records:
 * containers, malformed files, quarantine, tolerant values, identifiers,
 * enumerations, lists, considerations, modifications, key, geography,
 * checks.  Each text is fed in 7-byte reads to cross every boundary. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "ingest/decp.h"
#include "ingest/decp_read.h"
#include "ref/ref.h"
#include "tests/unit/harness.h"

static orcs_db *db;
static orcs_decp_ctx *ctx;

#define MAXREC 8

typedef struct got {
	orcs_arena arena;
	orcs_decp_rec rec[MAXREC];
	int n, rc;
	orcs_decp_read_result res;
	orcs_error err;
} got;

typedef struct memsrc {
	const char *s;
	size_t len, pos, step;
} memsrc;

static long mem_read(void *c, char *buf, size_t n)
{
	memsrc *m = c;
	size_t k = m->len - m->pos;
	if (k > n)
		k = n;
	if (k > m->step)
		k = m->step;
	memcpy(buf, m->s + m->pos, k);
	m->pos += k;
	return (long)k;
}

static int keep(void *c, const orcs_decp_raw *raw, orcs_arena *a, orcs_error *e)
{
	got *g = c;
	(void)e;
	if (g->n < MAXREC) {
		orcs_decp_rec r;
		orcs_decp_normalise(ctx, raw, a, &r);
		orcs_decp_rec_copy(&g->arena, &r, &g->rec[g->n]);
	}
	g->n++;
	return 0;
}

static void run_opts(got *g, const char *text, size_t len, int options)
{
	memsrc m = { text, len, 0, 7 };
	orcs_arena_init(&g->arena);
	g->n = 0;
	orcs_error_clear(&g->err);
	g->rc = orcs_decp_read(mem_read, &m, "t.json", options, keep, g, &g->res, &g->err);
}

static void run(got *g, const char *text)
{
	run_opts(g, text, strlen(text), 0);
}

static void done(got *g)
{
	orcs_arena_release(&g->arena);
}

/* Normalises one JSON 2019 record given as the body of an object. */
static void one19(got *g, const char *body)
{
	orcs_buf b = ORCS_BUF_INIT;
	orcs_buf_addf(&b, "{\"marches\":[{%s}]}", body);
	run(g, b.data);
	orcs_buf_release(&b);
}

static void one24(got *g, const char *body)
{
	orcs_buf b = ORCS_BUF_INIT;
	orcs_buf_addf(&b, "{\"marches\":{\"marche\":[{%s}]}}", body);
	run(g, b.data);
	orcs_buf_release(&b);
}

static int has(const orcs_decp_rec *r, int flag)
{
	return r->has_flag[flag];
}

static const char *S(orcs_str s)
{
	return s.s ? s.s : "(null)";
}

static const char *detail(const orcs_decp_rec *r, int flag)
{
	int i;
	for (i = 0; i < r->nflags; i++)
		if (r->flags[i].flag == flag)
			return r->flags[i].detail ? r->flags[i].detail : "";
	return "(none)";
}

/* A valid 2019 marché body (without "modifications"), to extend; when a
 * key repeats, the first one wins. */
#define M19 \
	"\"id\":\"2019-001\",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"Ville\"}," \
	"\"nature\":\"Marché\",\"objet\":\"Travaux\",\"codeCPV\":\"45000000\"," \
	"\"procedure\":\"Procédure adaptée\",\"lieuExecution\":{\"code\":\"75011\"," \
	"\"typeCode\":\"Code postal\",\"nom\":\"Paris\"},\"dureeMois\":12," \
	"\"dateNotification\":\"2019-03-05\",\"datePublicationDonnees\":\"2019-03-20\"," \
	"\"montant\":50000,\"formePrix\":\"Ferme\",\"titulaires\":[{\"typeIdentifiant\":\"SIRET\"," \
	"\"id\":\"55204599900869\",\"denominationSociale\":\"X\"}]"

/* The 2024 fields of a marché (without id/acheteur/titulaires/considerations). */
#define F24 \
	"\"nature\":\"Marché\",\"objet\":\"Travaux\",\"codeCPV\":\"45000000\"," \
	"\"procedure\":\"Procédure adaptée\",\"lieuExecution\":{\"code\":\"93066\"," \
	"\"typeCode\":\"Code commune\"},\"dureeMois\":12,\"dateNotification\":\"2024-03-05\"," \
	"\"datePublicationDonnees\":\"2024-03-20\",\"montant\":50000,\"formePrix\":\"Forfaitaire\"," \
	"\"typesPrix\":{\"typePrix\":[\"Définitif ferme\"]},\"techniques\":{\"technique\":[\"Sans objet\"]}," \
	"\"modalitesExecution\":{\"modaliteExecution\":[\"Sans objet\"]},\"marcheInnovant\":false," \
	"\"ccag\":\"Travaux\",\"offresRecues\":3,\"attributionAvance\":false," \
	"\"typeGroupementOperateurs\":\"Pas de groupement\",\"sousTraitanceDeclaree\":false"

#define ID24 "\"id\":\"24-1\",\"acheteur\":{\"id\":\"21750001600019\"},"
#define TIT24 ",\"titulaires\":[{\"titulaire\":{\"typeIdentifiant\":\"SIRET\",\"id\":\"55204599900869\"}}]"
#define ENV24 ",\"considerationsEnvironnementales\":{\"considerationEnvironnementale\":[\"Pas de considération environnementale\"]}"

static void test_decp_codes_complete(void)
{
	orcs_buf path = ORCS_BUF_INIT;
	orcs_csv *csv;
	FILE *f;
	orcs_error err = ORCS_ERROR_INIT;
	char seen_flag[ORCS_F_COUNT] = { 0 };
	int rows = 0, i;
	orcs_buf_addf(&path, "%s/ref/decp_codes.csv", harness_datadir());
	f = fopen(path.data, "r");
	CHECK(f != NULL);
	if (!f) {
		orcs_buf_release(&path);
		return;
	}
	csv = orcs_csv_new_stream(f, path.data, ';');
	CHECK(orcs_csv_next(csv, &err) == 1); /* header */
	CHECK_STR(orcs_csv_field(csv, 0, NULL), "code");
	while (orcs_csv_next(csv, &err) == 1) {
		const char *code = orcs_csv_field(csv, 0, NULL);
		const char *kind = orcs_csv_field(csv, 2, NULL);
		const char *cat = orcs_csv_field(csv, 3, NULL);
		const char *level = orcs_csv_field(csv, 4, NULL);
		int known = 0;
		rows++;
		CHECK_STR(orcs_csv_field(csv, 1, NULL), "decp");
		CHECK(strstr(" SINGULARITE VALIDITE COMPLETUDE CONFORMITE EXACTITUDE COHERENCE ", cat) &&
		      strlen(cat) > 5);
		CHECK(strstr(" field record dataset time file ", level) && strlen(level) > 3);
		CHECK(strlen(orcs_csv_field(csv, 5, NULL)) > 3);
		CHECK(strlen(orcs_csv_field(csv, 6, NULL)) > 10);
		for (i = 0; i < ORCS_F_COUNT; i++)
			if (!strcmp(code, orcs_decp_flag_code(i))) {
				seen_flag[i] = 1;
				known = 1;
				CHECK_STR(kind, "flag");
			}
		for (i = 0; orcs_decp_quarantine_codes[i]; i++)
			if (!strcmp(code, orcs_decp_quarantine_codes[i])) {
				known = 1;
				CHECK_STR(kind, "quarantine");
			}
		if (!known)
			printf("  decp_codes.csv: code %s is never emitted\n", code);
		CHECK(known);
	}
	for (i = 0; i < ORCS_F_COUNT; i++) {
		if (!seen_flag[i])
			printf("  flag %s missing from decp_codes.csv\n", orcs_decp_flag_code(i));
		CHECK(seen_flag[i]);
	}
	for (i = 0; orcs_decp_quarantine_codes[i]; i++)
		;
	CHECK_INT(rows, ORCS_F_COUNT + i);
	orcs_csv_free(csv);
	fclose(f);
	orcs_buf_release(&path);
}

static void test_decp_containers(void)
{
	got g;
	/* 2019 package: marchés and concessions mixed, told apart by _type */
	run(&g, "\xEF\xBB\xBF  {\"$schema\":\"x\",\"marches\":[{" M19 "},{\"_type\":\"Contrat de concession\","
		"\"id\":\"C1\",\"autoriteConcedante\":{\"id\":\"21750001600019\",\"nom\":\"V\"}}]}");
	CHECK_INT(g.rc, ORCS_OK);
	CHECK_INT(g.res.container_fmt, 2019);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.rec[0].fmt, 2019);
	CHECK_INT(g.rec[0].kind, ORCS_KIND_MARCHE);
	CHECK_INT(g.rec[1].kind, ORCS_KIND_CONCESSION);
	CHECK(g.rec[1].reason == NULL);
	done(&g);
	/* 2024: kinds from the container keys; a single object instead of a list */
	run(&g, "{\"marches\":{\"marche\":[{" ID24 F24 TIT24 "}],\"contrat-concession\":{\"id\":\"C\","
		"\"autoriteConcedante\":{\"id\":\"21750001600019\"},\"considerationsSociales\":"
		"{\"considerationSociale\":\"Concession réservée\"}}}}");
	CHECK_INT(g.rc, ORCS_OK);
	CHECK_INT(g.res.container_fmt, 2024);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.rec[0].kind, ORCS_KIND_MARCHE);
	CHECK_INT(g.rec[0].fmt, 2024);
	CHECK_INT(g.rec[1].kind, ORCS_KIND_CONCESSION);
	CHECK_STR(S(g.rec[1].social_values), "SOC_RESERVE");
	CHECK(!has(&g.rec[1], ORCS_F_ENUM_ALIAS)); /* official for concessions */
	done(&g);
	/* bare array, single record, JSON lines: format decided per record */
	run(&g, "[{" M19 "}]");
	CHECK_INT(g.rc, ORCS_OK);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.rec[0].fmt, 2019);
	done(&g);
	run(&g, "{" ID24 F24 TIT24 "}\n{" M19 "}\n");
	CHECK_INT(g.rc, ORCS_OK);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.rec[0].fmt, 2024);
	CHECK_INT(g.rec[1].fmt, 2019);
	CHECK_INT(g.res.container_fmt, 0);
	done(&g);
	run(&g, "{\"marches\":[]}");
	CHECK_INT(g.rc, ORCS_OK);
	CHECK_INT(g.n, 0);
	done(&g);
	/* XML: container and single-record root */
	run(&g, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<marches><marche><id>X1</id><acheteur>"
		"<id>21750001600019</id><nom>V</nom></acheteur><titulaires><titulaire><id>55204599900869"
		"</id><typeIdentifiant>SIRET</typeIdentifiant></titulaire></titulaires></marche>"
		"<autre>ignoré</autre><contrat-concession><id>C</id><autoriteConcedante><id>"
		"21750001600019</id></autoriteConcedante><considerationsSociales><considerationSociale>"
		"Clause sociale</considerationSociale><considerationSociale>Critère social"
		"</considerationSociale></considerationsSociales></contrat-concession></marches>");
	CHECK_INT(g.rc, ORCS_OK);
	CHECK_INT(g.res.syntax, ORCS_SYNTAX_XML);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.rec[0].fmt, 2019);
	CHECK_INT(g.rec[0].ntits, 1);
	CHECK_STR(S(g.rec[0].buyer_siret), "21750001600019");
	CHECK_INT(g.rec[1].kind, ORCS_KIND_CONCESSION);
	CHECK_INT(g.rec[1].fmt, 2024);
	CHECK_STR(S(g.rec[1].social_values), "SOC_CLAUSE|SOC_CRITERE");
	CHECK(!has(&g.rec[1], ORCS_F_STRUCT_REPAIRED));
	done(&g);
	run(&g, "<marche><id>Y</id><acheteur><id>21750001600019</id><nom>V</nom></acheteur></marche>");
	CHECK_INT(g.rc, ORCS_OK);
	CHECK_INT(g.n, 1);
	CHECK_STR(S(g.rec[0].id), "Y");
	done(&g);
}

static void test_decp_rejected_files(void)
{
	static const struct {
		const char *text;
		const char *reason;
	} cases[] = {
		{ "", "Q_FORMAT" },
		{ " \n\t ", "Q_FORMAT" },
		{ "\x7f" "ELF\x02\x01\x01", "Q_FORMAT" },
		{ "marches", "Q_FORMAT" },
		{ "{\"marches\":[{\"id\":\"1\",\"acheteur\":{\"id\":\"2", "Q_PARSE" },
		{ "{\"marches\":[{\"id\":\"1\"}]", "Q_PARSE" },
		{ "{\"marches\":[{\"id\":\"1\"}]}  garbage", "Q_PARSE" },
		{ "{\"foo\":[1,2,3]}", "Q_FORMAT" },
		{ "{\"marches\":5}", "Q_FORMAT" },
		{ "42", "Q_FORMAT" },
		{ "<marches><marche><id>1</id>", "Q_PARSE" },
		{ "<marches><marche><id>1</id></marches>", "Q_PARSE" },
		{ "<foo><marche/></foo>", "Q_FORMAT" },
		{ "<", "Q_PARSE" },
	};
	unsigned i;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got g;
		run(&g, cases[i].text);
		if (g.rc != ORCS_EINPUT || !g.res.reason || strcmp(g.res.reason, cases[i].reason))
			printf("  case %u: rc %d reason %s msg %s\n", i, g.rc,
			       g.res.reason ? g.res.reason : "-", g.err.msg);
		CHECK_INT(g.rc, ORCS_EINPUT);
		CHECK(g.res.reason && !strcmp(g.res.reason, cases[i].reason));
		CHECK(strstr(g.err.msg, "t.json") != NULL); /* messages name the file */
		done(&g);
	}
	{ /* the offset points at the problem */
		got g;
		run(&g, "{\"marches\":[{\"id\":\"1\"}, {\"id\": tru }]}");
		CHECK_INT(g.rc, ORCS_EINPUT);
		CHECK(g.res.offset >= 30 && g.res.offset <= 40);
		CHECK(g.res.lexfix_may_help);
		done(&g);
	}
}

static void test_decp_lexical_repair(void)
{
	const char *text = "{\"marches\":[{" M19 ",\"uuid\":NaN,\"x\":-Infinity,\"y\":\"a\\qb\tc\"},{"
			   M19 "}]}";
	got g;
	run(&g, text);
	CHECK_INT(g.rc, ORCS_EINPUT);
	CHECK(g.res.lexfix_may_help);
	done(&g);
	run_opts(&g, text, strlen(text), ORCS_DECP_LEXFIX);
	CHECK_INT(g.rc, ORCS_OK);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.res.lexfix_repairs, 4);
	CHECK(has(&g.rec[0], ORCS_F_ENCODING_REPAIRED));
	CHECK(!has(&g.rec[1], ORCS_F_ENCODING_REPAIRED)); /* only the record that had it */
	done(&g);
	/* NaN as a value that matters: montant becomes null */
	text = "{\"marches\":[{\"id\":\"A\",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"},"
	       "\"montant\":NaN}]}";
	run_opts(&g, text, strlen(text), ORCS_DECP_LEXFIX);
	CHECK_INT(g.rc, ORCS_OK);
	CHECK(isnan(g.rec[0].montant_initial));
	CHECK(has(&g.rec[0], ORCS_F_ENCODING_REPAIRED));
	done(&g);
}

/* The repair filter copies runs of plain bytes a word at a time: every
 * position of a quote, escape or control character inside a long string,
 * and a NaN inside a string (not a literal: kept), come out exactly. */
static void test_decp_lexical_repair_runs(void)
{
	int k;
	for (k = 0; k < 20; k++) {
		orcs_buf text = ORCS_BUF_INIT, want = ORCS_BUF_INIT;
		got g;
		int i;
		orcs_buf_adds(&text, "{\"marches\":[{\"id\":\"");
		for (i = 0; i < k; i++)
			orcs_buf_addc(&text, (char)('a' + i));
		/* invalid escape (doubled), escaped quote, raw tab (a space) */
		orcs_buf_adds(&text, "\\q\\\"\tNaN");
		for (i = 0; i < 19 - k; i++)
			orcs_buf_addc(&text, (char)('A' + i));
		orcs_buf_adds(&text, "\",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"},"
				     "\"montant\":NaN}]}");
		for (i = 0; i < k; i++)
			orcs_buf_addc(&want, (char)('a' + i));
		orcs_buf_adds(&want, "\\q\" NaN");
		for (i = 0; i < 19 - k; i++)
			orcs_buf_addc(&want, (char)('A' + i));
		run_opts(&g, text.data, text.len, ORCS_DECP_LEXFIX);
		CHECK_INT(g.rc, ORCS_OK);
		CHECK_INT(g.n, 1);
		CHECK_INT(g.res.lexfix_repairs, 3);
		if (g.n == 1) {
			CHECK_INT((long long)g.rec[0].id.n, (long long)want.len);
			CHECK(g.rec[0].id.s && !memcmp(g.rec[0].id.s, want.data, want.len));
			CHECK(isnan(g.rec[0].montant_initial));
		}
		done(&g);
		orcs_buf_release(&text);
		orcs_buf_release(&want);
	}
}

static void test_decp_quarantine(void)
{
	got g;
	run(&g, "{\"marches\":[null, 12, [1], {\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"}},"
		"{\"id\":\"  \",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"}},"
		"{\"id\":\"A\",\"_type\":\"Marché\",\"montant\":5, \"acheteur\":{\"nom\":\"V\"}},"
		"{\"id\":\"B\",\"acheteur\":{\"id\":\"\",\"nom\":\"V\"}}]}");
	CHECK_INT(g.rc, ORCS_OK);
	CHECK_INT(g.n, 7);
	CHECK_STR(g.rec[0].reason, "Q_NOT_OBJECT");
	CHECK_STR(g.rec[1].reason, "Q_NOT_OBJECT");
	CHECK_STR(g.rec[2].reason, "Q_NOT_OBJECT");
	CHECK_STR(g.rec[3].reason, "Q_NO_ID");
	CHECK_STR(g.rec[4].reason, "Q_NO_ID");
	CHECK_STR(g.rec[5].reason, "Q_NO_BUYER");
	CHECK_STR(g.rec[6].reason, "Q_NO_BUYER");
	CHECK_INT(g.rec[5].index, 6);
	done(&g);
	/* a bare record with neither format's markers */
	run(&g, "[{\"id\":\"A\",\"acheteur\":{\"id\":\"21750001600019\"}}]");
	CHECK_STR(g.rec[0].reason, "Q_FORMAT");
	done(&g);
	{ /* nested deeper than the reader builds: kept out, the next one loads */
		orcs_buf b = ORCS_BUF_INIT;
		int i;
		orcs_buf_adds(&b, "{\"marches\":[{\"id\":\"A\",\"x\":");
		for (i = 0; i < 60; i++)
			orcs_buf_addc(&b, '[');
		for (i = 0; i < 60; i++)
			orcs_buf_addc(&b, ']');
		orcs_buf_adds(&b, "},{" M19 "}]}");
		run(&g, b.data);
		CHECK_INT(g.n, 2);
		CHECK_STR(g.rec[0].reason, "Q_TOO_LARGE");
		CHECK(g.rec[1].reason == NULL);
		done(&g);
		orcs_buf_release(&b);
	}
}

static void test_decp_values(void)
{
	got g;
	one19(&g, "\"id\":\" 2019 A \",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"},"
		  "\"montant\":\"1 234,50\",\"dureeMois\":\"36\",\"dateNotification\":\"2018-10-02+02:00\","
		  "\"datePublicationDonnees\":\"2019-3-5\",\"objet\":\"ligne 1\\nligne 2\"");
	CHECK(g.rec[0].reason == NULL);
	CHECK_STR(S(g.rec[0].id), "2019 A"); /* trimmed, inner space kept */
	CHECK_STR(S(g.rec[0].uid), "217500016000192019 A");
	CHECK(fabs(g.rec[0].montant_initial - 1234.5) < 1e-9);
	CHECK_INT(g.rec[0].duree_initial, 36);
	CHECK(has(&g.rec[0], ORCS_F_TYPE_REPAIRED));
	CHECK_STR(S(g.rec[0].date_notif), "2018-10-02"); /* zone allowed, not flagged */
	CHECK_INT(g.rec[0].notif_year, 2018);
	CHECK_STR(S(g.rec[0].date_pub), "2019-03-05");
	CHECK(has(&g.rec[0], ORCS_F_DATE_REPAIRED));
	CHECK(strstr(detail(&g.rec[0], ORCS_F_DATE_REPAIRED), "2019-3-5") != NULL);
	CHECK_STR(S(g.rec[0].objet), "ligne 1 ligne 2");
	CHECK(!has(&g.rec[0], ORCS_F_ENCODING_REPAIRED));
	done(&g);
	one19(&g, "\"id\":\"A\",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"},"
		  "\"dateNotification\":\"September, 16 2021 00:00:00\",\"datePublicationDonnees\":\"0218-12-26\","
		  "\"dateDebutExecution\":\"2999-01-01\",\"montant\":\"NaN\",\"dureeMois\":0");
	CHECK_STR(S(g.rec[0].date_notif), "2021-09-16");
	CHECK(has(&g.rec[0], ORCS_F_DATE_REPAIRED));
	CHECK(g.rec[0].date_pub.s == NULL); /* year 218: never guessed */
	CHECK(g.rec[0].date_debut.s == NULL); /* future */
	CHECK(has(&g.rec[0], ORCS_F_DATE_INVALID));
	CHECK(isnan(g.rec[0].montant_initial));
	CHECK_INT(g.rec[0].duree_initial, -1);
	CHECK(has(&g.rec[0], ORCS_F_VALUE_INVALID));
	done(&g);
	one19(&g, "\"id\":\"A\",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"},"
		  "\"dateNotification\":\"31/12/2020\",\"montant\":\"12 000 €\"");
	CHECK_STR(S(g.rec[0].date_notif), "2020-12-31");
	CHECK(isnan(g.rec[0].montant_initial)); /* a unit is not a number */
	CHECK(has(&g.rec[0], ORCS_F_VALUE_INVALID));
	done(&g);
	/* booleans: JSON true, text variants flagged in JSON, official in XML */
	one24(&g, ID24 F24 TIT24 ",\"marcheInnovant\":\"oui\"");
	CHECK_INT(g.rec[0].innovant, 0); /* the first key wins: false */
	done(&g);
	one24(&g, ID24 "\"marcheInnovant\":\"Oui\",\"attributionAvance\":1,\"sousTraitanceDeclaree\":true,"
		  "\"ccag\":\"Travaux\"");
	CHECK_INT(g.rec[0].innovant, 1);
	CHECK_INT(g.rec[0].attribution_avance, 1);
	CHECK_INT(g.rec[0].sous_traitance, 1);
	CHECK(has(&g.rec[0], ORCS_F_TYPE_REPAIRED));
	done(&g);
	run(&g, "<marches><marche><id>X</id><acheteur><id>21750001600019</id></acheteur><ccag>Travaux"
		"</ccag><marcheInnovant>oui</marcheInnovant><montant>1234.5</montant><tauxAvance>1,5"
		"</tauxAvance></marche></marches>");
	CHECK_INT(g.rec[0].innovant, 1);
	CHECK(fabs(g.rec[0].montant_initial - 1234.5) < 1e-9);
	CHECK(!has(&g.rec[0], ORCS_F_TYPE_REPAIRED) || strstr(detail(&g.rec[0], ORCS_F_TYPE_REPAIRED),
							       "tauxAvance"));
	CHECK(isnan(g.rec[0].taux_avance)); /* 1.5 is out of 0-1 */
	CHECK(has(&g.rec[0], ORCS_F_VALUE_INVALID));
	done(&g);
}

static void test_decp_identifiers(void)
{
	got g;
	one19(&g, "\"id\":\"A\",\"acheteur\":{\"id\":\" 217 500 016 00019 \",\"nom\":\"V\"},"
		  "\"uid\":\"21750001600019B\",\"titulaires\":[{\"typeIdentifiant\":\"\","
		  "\"id\":\"55204599900869\",\"denominationSociale\":\"X\"},{\"typeIdentifiant\":\"SIRET\","
		  "\"id\":\"55204599900868\"},{\"typeIdentifiant\":\"TVA_INTRACOMMUNAUTAIRE\",\"id\":"
		  "\"IT00802230151\"},{\"typeIdentifiant\":\"Siret\",\"id\":4123456789012}]");
	CHECK_STR(S(g.rec[0].buyer_siret), "21750001600019");
	CHECK(has(&g.rec[0], ORCS_F_SIRET_REPAIRED));
	CHECK_STR(S(g.rec[0].uid), "21750001600019A");
	CHECK_STR(S(g.rec[0].uid_src), "21750001600019B");
	CHECK(has(&g.rec[0], ORCS_F_UID_MISMATCH));
	CHECK_INT(g.rec[0].ntits, 4);
	CHECK_STR(S(g.rec[0].tits[0].type_id), "SIRET");
	CHECK_INT(g.rec[0].tits[0].siret_valid, 1);
	CHECK_STR(S(g.rec[0].tits[0].siren), "552045999");
	CHECK_STR(S(g.rec[0].tits[0].nom), "X");
	CHECK(has(&g.rec[0], ORCS_F_TYPE_ID_REPAIRED));
	CHECK_INT(g.rec[0].tits[1].siret_valid, 0);
	CHECK(g.rec[0].tits[1].siren.s == NULL);
	CHECK(has(&g.rec[0], ORCS_F_SIRET_INVALID));
	CHECK(strstr(detail(&g.rec[0], ORCS_F_SIRET_INVALID), "55204599900868") != NULL);
	CHECK_STR(S(g.rec[0].tits[2].type_id), "TVA");
	CHECK_INT(g.rec[0].tits[2].siret_valid, 0);
	CHECK_STR(S(g.rec[0].tits[3].ident), "04123456789012"); /* number lost its zero */
	CHECK_STR(S(g.rec[0].tits[3].type_id), "SIRET");
	done(&g);
	/* flat "acheteur.id"; the all-zero dummy SIRET */
	one19(&g, "\"id\":\"A\",\"acheteur.id\":\"00000000000000\",\"formePrix\":\"Ferme\"");
	CHECK(g.rec[0].reason == NULL);
	CHECK_STR(S(g.rec[0].buyer_siret), "00000000000000");
	CHECK(has(&g.rec[0], ORCS_F_STRUCT_REPAIRED));
	CHECK(has(&g.rec[0], ORCS_F_SIRET_INVALID));
	done(&g);
}

static void test_decp_enumerations(void)
{
	got g;
	one19(&g, "\"id\":\"A\",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"},"
		  "\"procedure\":\"Appel d offres ouvert\",\"nature\":\"marché\",\"formePrix\":\"Révisable\","
		  "\"codeCPV\":\"45000000-7\",\"lieuExecution\":{\"code\":\"75011\",\"typeCode\":\"Code Postal\"}");
	CHECK_STR(S(g.rec[0].procedure), "AOO");
	CHECK_STR(S(g.rec[0].nature), "MARCHE");
	CHECK_STR(S(g.rec[0].forme_prix), "REVISABLE");
	CHECK_STR(S(g.rec[0].lieu_type), "CP");
	CHECK_STR(S(g.rec[0].cpv), "45000000");
	CHECK_STR(S(g.rec[0].cpv2), "45");
	CHECK(!has(&g.rec[0], ORCS_F_CPV_INVALID));
	CHECK(has(&g.rec[0], ORCS_F_ENUM_ALIAS));
	done(&g);
	one19(&g, "\"id\":\"A\",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"},"
		  "\"procedure\":\"Appel d'offres ouvert\",\"nature\":\"Marché\",\"formePrix\":\"Ferme\"");
	CHECK_STR(S(g.rec[0].procedure), "AOO");
	CHECK(!has(&g.rec[0], ORCS_F_ENUM_ALIAS)); /* the official label */
	done(&g);
	one19(&g, "\"id\":\"A\",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"},"
		  "\"procedure\":\"Procédure négociée avec mise en concurrence préalable\","
		  "\"nature\":\"Truc\",\"codeCPV\":\"9310000\"");
	CHECK_STR(S(g.rec[0].procedure), "PN"); /* v1.4 label */
	CHECK(has(&g.rec[0], ORCS_F_ENUM_ALIAS));
	CHECK_STR(S(g.rec[0].nature), "UNKNOWN");
	CHECK(has(&g.rec[0], ORCS_F_ENUM_UNKNOWN));
	CHECK(strstr(detail(&g.rec[0], ORCS_F_ENUM_UNKNOWN), "Truc") != NULL);
	CHECK_STR(S(g.rec[0].cpv), "09310000"); /* lost leading zero restored */
	CHECK(has(&g.rec[0], ORCS_F_CPV_INVALID));
	done(&g);
	one19(&g, "\"id\":\"A\",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"},\"codeCPV\":\"4500\"");
	CHECK(g.rec[0].cpv.s == NULL);
	CHECK(has(&g.rec[0], ORCS_F_CPV_INVALID));
	done(&g);
}

static void test_decp_lists(void)
{
	got g;
	/* wrapped and bare items mixed, list of lists, stubs, empty blocks */
	one19(&g, "\"id\":\"A\",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"},"
		  "\"titulaires\":[{\"titulaire\":{\"typeIdentifiant\":\"SIRET\",\"id\":\"55204599900869\"}},"
		  "[{\"typeIdentifiant\":\"SIRET\",\"id\":\"21750001600019\"}],{\"titulaire\":\"typeIdentifiant\"},"
		  "{\"titulaire\":\"id\"},{}]");
	CHECK_INT(g.rec[0].ntits, 2);
	CHECK(has(&g.rec[0], ORCS_F_STRUCT_REPAIRED));
	CHECK(has(&g.rec[0], ORCS_F_STUB_DROPPED));
	done(&g);
	/* consistent conventions are not flagged */
	one24(&g, ID24 F24 TIT24 ENV24 ",\"considerationsSociales\":{\"considerationSociale\":"
		  "[\"Clause sociale\"]}");
	CHECK(!has(&g.rec[0], ORCS_F_STRUCT_REPAIRED));
	CHECK(!has(&g.rec[0], ORCS_F_MISSING));
	done(&g);
	/* modifications as an object, as {"modification":[…]}, as JSON text, as "" */
	one19(&g, M19 ",\"modifications\":{\"objetModification\":\"a\",\"montant\":60000,"
		  "\"dateNotificationModification\":\"2019-06-01\"}");
	CHECK_INT(g.rec[0].nmodifs, 1);
	CHECK(fabs(g.rec[0].montant_current - 60000) < 1e-9);
	CHECK(has(&g.rec[0], ORCS_F_STRUCT_REPAIRED));
	done(&g);
	one24(&g, ID24 F24 TIT24 ",\"modifications\":{\"modification\":[{\"id\":1,\"montant\":60000},"
		  "{\"id\":2,\"dureeMois\":24}]}");
	CHECK_INT(g.rec[0].nmodifs, 2);
	CHECK_INT(g.rec[0].duree_current, 24);
	CHECK(has(&g.rec[0], ORCS_F_STRUCT_REPAIRED));
	done(&g);
	one19(&g, M19 ",\"modifications\":\"[{\\\"objetModification\\\":\\\"b\\\",\\\"dureeMois\\\":18}]\"");
	CHECK_INT(g.rec[0].nmodifs, 1);
	CHECK_INT(g.rec[0].duree_current, 18);
	CHECK_STR(S(g.rec[0].modifs[0].objet), "b");
	done(&g);
	one19(&g, M19 ",\"modifications\":\"\"");
	CHECK_INT(g.rec[0].nmodifs, 0);
	CHECK(!has(&g.rec[0], ORCS_F_STRUCT_REPAIRED));
	done(&g);
}

static void test_decp_considerations(void)
{
	got g;
	one19(&g, M19);
	CHECK_INT(g.rec[0].social_status, ORCS_CONSID_NOT_APPLICABLE);
	CHECK_INT(g.rec[0].env_status, ORCS_CONSID_NOT_APPLICABLE);
	CHECK(g.rec[0].social_values.s == NULL);
	done(&g);
	one24(&g, ID24 F24 TIT24 ENV24 ",\"considerationsSociales\":{\"considerationSociale\":"
		  "[\"Critère social\",\"Clause sociale\",\"Critère social\"]}");
	CHECK_INT(g.rec[0].social_status, ORCS_CONSID_FILLED);
	CHECK_STR(S(g.rec[0].social_values), "SOC_CLAUSE|SOC_CRITERE");
	CHECK_STR(S(g.rec[0].env_values), "ENV_NONE");
	done(&g);
	one24(&g, ID24 F24 TIT24 ",\"considerationsSociales\":{\"considerationSociale\":[\"Pas de "
		  "considération sociale\"]}");
	CHECK_INT(g.rec[0].social_status, ORCS_CONSID_FILLED); /* explicitly none */
	CHECK_STR(S(g.rec[0].social_values), "SOC_NONE");
	CHECK_INT(g.rec[0].env_status, ORCS_CONSID_NOT_FILLED); /* not given */
	CHECK(has(&g.rec[0], ORCS_F_MISSING));
	done(&g);
	one24(&g, ID24 F24 TIT24 ",\"considerationsSociales\":{\"considerationSociale\":[\"NC\"]}");
	CHECK_INT(g.rec[0].social_status, ORCS_CONSID_NOT_FILLED);
	CHECK(g.rec[0].social_values.s == NULL);
	done(&g);
	one24(&g, ID24 F24 TIT24 ",\"considerationsSociales\":{\"considerationSociale\":[\"Pas de "
		  "considération sociale\",\"Marché réservé\"]}");
	CHECK_STR(S(g.rec[0].social_values), "SOC_RESERVE");
	CHECK(has(&g.rec[0], ORCS_F_CONSID_CONTRADICTORY));
	done(&g);
	one24(&g, ID24 F24 TIT24 ",\"considerationsSociales\":{\"considerationSociale\":\"Sans objet\"}");
	CHECK_STR(S(g.rec[0].social_values), "SOC_NONE");
	CHECK(has(&g.rec[0], ORCS_F_ENUM_ALIAS));
	done(&g);
	one24(&g, ID24 F24 TIT24 ",\"considerationsSociales\":{\"considerationSociale\":[\"Bof\"]}");
	CHECK_INT(g.rec[0].social_status, ORCS_CONSID_NOT_FILLED); /* unknown, never none */
	CHECK(has(&g.rec[0], ORCS_F_ENUM_UNKNOWN));
	done(&g);
	one24(&g, ID24 F24 TIT24 ",\"considerationsSociales\":\"Clause sociale ; Critère social\"");
	CHECK_STR(S(g.rec[0].social_values), "SOC_CLAUSE|SOC_CRITERE");
	CHECK(has(&g.rec[0], ORCS_F_STRUCT_REPAIRED));
	done(&g);
}

/* montantSubventionPublique of a concession, in the four formats (JSON and
 * XML, 2019 and 2024; the XML ones as in the official examples
 * examples-v1.5.0/paquet.xml and examples-v2.0.x/Contrat-concession-
 * modification.xml); never read for a marché. */
#define C24 \
	"\"id\":\"2024-002\",\"autoriteConcedante\":{\"id\":\"21840039800010\"}," \
	"\"nature\":\"Délégation de service public\",\"objet\":\"Fourrière\"," \
	"\"procedure\":\"Procédure négociée ouverte\",\"dureeMois\":36,\"dateSignature\":\"2024-06-18\"," \
	"\"datePublicationDonnees\":\"2024-07-16\",\"dateDebutExecution\":\"2024-07-01\"," \
	"\"valeurGlobale\":70,\"concessionnaires\":[{\"concessionnaire\":{\"typeIdentifiant\":" \
	"\"SIRET\",\"id\":\"47904352300014\"}}]"
static void conc24(got *g, const char *subsidy)
{
	orcs_buf b = ORCS_BUF_INIT;
	orcs_buf_addf(&b, "{\"marches\":{\"contrat-concession\":[{" C24 "%s}]}}", subsidy);
	run(g, b.data);
	orcs_buf_release(&b);
}

static void test_decp_concession_subsidy(void)
{
	got g;
	conc24(&g, ",\"montantSubventionPublique\":0");
	CHECK(g.rec[0].reason == NULL);
	CHECK_INT(g.rec[0].kind, ORCS_KIND_CONCESSION);
	CHECK_INT(g.rec[0].fmt, 2024);
	CHECK(g.rec[0].montant_subvention == 0); /* zero, not absent */
	CHECK(fabs(g.rec[0].montant_initial - 70) < 1e-9);
	done(&g);
	conc24(&g, ",\"montantSubventionPublique\":\"1 269 502,50\"");
	CHECK(fabs(g.rec[0].montant_subvention - 1269502.5) < 1e-6);
	CHECK(strstr(detail(&g.rec[0], ORCS_F_TYPE_REPAIRED), "montantSubventionPublique") != NULL);
	done(&g);
	conc24(&g, ",\"montantSubventionPublique\":\"beaucoup\"");
	CHECK(isnan(g.rec[0].montant_subvention)); /* never guessed */
	CHECK(strstr(detail(&g.rec[0], ORCS_F_VALUE_INVALID), "montantSubventionPublique") != NULL);
	done(&g);
	conc24(&g, "");
	CHECK(g.rec[0].reason == NULL);
	CHECK(isnan(g.rec[0].montant_subvention));
	done(&g);
	/* 2019 JSON (data/decp/format-2019/data.gouv.fr_aife.json) */
	one19(&g, "\"_type\":\"Contrat de concession\",\"id\":\"7205378201355733\","
		  "\"autoriteConcedante\":{\"id\":\"61777424406581\",\"nom\":\"Autorité\"},"
		  "\"nature\":\"Concession de service\",\"objet\":\"Service\",\"dateSignature\":"
		  "\"2019-05-02\",\"valeurGlobale\":7789456.56,\"montantSubventionPublique\":12456.32");
	CHECK(g.rec[0].reason == NULL);
	CHECK_INT(g.rec[0].kind, ORCS_KIND_CONCESSION);
	CHECK_INT(g.rec[0].fmt, 2019);
	CHECK(fabs(g.rec[0].montant_subvention - 12456.32) < 1e-9);
	done(&g);
	/* XML 2019 and 2024 */
	run(&g, "<marches><contrat-concession><id>2018123456789100</id><autoriteConcedante><id>"
		"35084735885911</id><nom>Ville</nom></autoriteConcedante><nature>Concession de "
		"service</nature><objet>Parc</objet><valeurGlobale>15000000</valeurGlobale>"
		"<montantSubventionPublique>2987000</montantSubventionPublique></contrat-concession>"
		"<contrat-concession><id>C-24</id><autoriteConcedante><id>35084735885911</id>"
		"</autoriteConcedante><valeurGlobale>10.3</valeurGlobale><montantSubventionPublique>0.5"
		"</montantSubventionPublique><considerationsSociales><considerationSociale>Concession "
		"réservée</considerationSociale></considerationsSociales></contrat-concession>"
		"</marches>");
	CHECK_INT(g.n, 2);
	CHECK(g.rec[0].reason == NULL && g.rec[1].reason == NULL);
	CHECK_INT(g.rec[0].fmt, 2019);
	CHECK_INT(g.rec[0].kind, ORCS_KIND_CONCESSION);
	CHECK(fabs(g.rec[0].montant_subvention - 2987000) < 1e-9);
	CHECK_INT(g.rec[1].fmt, 2024);
	CHECK_INT(g.rec[1].kind, ORCS_KIND_CONCESSION);
	CHECK(fabs(g.rec[1].montant_subvention - 0.5) < 1e-9);
	CHECK_STR(S(g.rec[1].social_values), "SOC_RESERVE");
	done(&g);
	/* a marché has no subsidy: the key is not read */
	one24(&g, ID24 F24 TIT24 ",\"montantSubventionPublique\":5");
	CHECK_INT(g.rec[0].kind, ORCS_KIND_MARCHE);
	CHECK(isnan(g.rec[0].montant_subvention));
	done(&g);
}

static void test_decp_modifications(void)
{
	got g;
	/* 2024: applied in id order whatever the file order; forward fill */
	one24(&g, ID24 F24 TIT24 ",\"modifications\":[{\"modification\":{\"id\":2,\"montant\":70000,"
		  "\"dateNotificationModification\":\"2024-06-01\",\"titulaires\":[{\"titulaire\":"
		  "{\"typeIdentifiant\":\"SIRET\",\"id\":\"21750001600019\"}}]}},{\"modification\":{\"id\":1,"
		  "\"montant\":60000,\"dureeMois\":18,\"dateNotificationModification\":\"2024-07-01\"}}]");
	CHECK_INT(g.rec[0].nmodifs, 2);
	CHECK_INT(g.rec[0].modifs[0].id, 1);
	CHECK_INT(g.rec[0].modifs[1].id, 2);
	CHECK(fabs(g.rec[0].montant_initial - 50000) < 1e-9);
	CHECK(fabs(g.rec[0].montant_current - 70000) < 1e-9);
	CHECK_INT(g.rec[0].duree_initial, 12);
	CHECK_INT(g.rec[0].duree_current, 18);
	CHECK_INT(g.rec[0].modifs[1].ntits, 1);
	CHECK(!has(&g.rec[0], ORCS_F_MODIF_ID_INVALID));
	CHECK(!has(&g.rec[0], ORCS_F_MODIF_AMOUNT_AMBIGUOUS));
	done(&g);
	/* id 0: flagged, ordered by date; an amendment amount instead of a total */
	one24(&g, ID24 F24 TIT24 ",\"modifications\":[{\"modification\":{\"id\":0,\"montant\":9000,"
		  "\"dateNotificationModification\":\"2024-09-01\"}},{\"modification\":{\"id\":0,"
		  "\"montant\":60000,\"dateNotificationModification\":\"2024-05-01\"}}]");
	CHECK(has(&g.rec[0], ORCS_F_MODIF_ID_INVALID));
	CHECK(fabs(g.rec[0].modifs[0].montant - 60000) < 1e-9);
	CHECK(fabs(g.rec[0].montant_current - 9000) < 1e-9); /* raw last value kept */
	CHECK(has(&g.rec[0], ORCS_F_MODIF_AMOUNT_AMBIGUOUS));
	done(&g);
}

static void test_decp_rkey(void)
{
	got g, x;
	int64_t lo, hi;
	one19(&g, M19);
	run(&x, "<marches><marche><id>2019-001</id><acheteur><id>21750001600019</id><nom>Ville</nom>"
		"</acheteur><dateNotification>2019-03-05</dateNotification><montant>50000.00</montant>"
		"<titulaires><titulaire><typeIdentifiant>SIRET</typeIdentifiant><id>55204599900869</id>"
		"</titulaire></titulaires></marche></marches>");
	CHECK_INT(x.rec[0].rkey, g.rec[0].rkey); /* same key whatever the syntax */
	orcs_decp_rkey_uid_range(g.rec[0].uid.s, g.rec[0].uid.n, &lo, &hi);
	CHECK(g.rec[0].rkey >= lo && g.rec[0].rkey <= hi);
	done(&x);
	one19(&x, M19 ",\"montant\":50001");
	CHECK(x.rec[0].rkey == g.rec[0].rkey); /* first key wins: montant 50000 */
	done(&x);
	run(&x, "{\"marches\":[{\"id\":\"2019-001\",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"},"
		"\"dateNotification\":\"2019-03-05\",\"montant\":50001,\"titulaires\":[{\"typeIdentifiant\":"
		"\"SIRET\",\"id\":\"55204599900869\"}]}]}");
	CHECK(x.rec[0].rkey != g.rec[0].rkey); /* another lot of the same uid */
	CHECK(x.rec[0].rkey >= lo && x.rec[0].rkey <= hi);
	done(&x);
	done(&g);
}

static void test_decp_geography(void)
{
	static const struct {
		const char *code, *type;
		int idf;
		const char *dept, *commune, *rule;
		int flag;
	} cases[] = {
		{ "75116", "Code postal", 1, "75", "75116", "lieu_cp", -1 },
		{ "94390", "Code postal", 1, "91", "91479", "lieu_cp", -1 }, /* Orly airport */
		{ "92246", "Code postal", 1, "92", NULL, "lieu_prefixe", ORCS_F_GEO_UNKNOWN }, /* CEDEX */
		{ "93066", "Code commune", 1, "93", "93066", "lieu_commune", -1 },
		{ "93059", "Code commune", 1, "93", "93066", "lieu_commune", -1 }, /* merged 2025 */
		{ "94500", "Code commune", 1, "94", "94017", "lieu_cp", ORCS_F_GEO_UNKNOWN },
		{ "75001", "Code postal", 1, "75", "75101", "lieu_cp", -1 },
		{ "093", "Code département", 1, "93", NULL, "lieu_departement", -1 },
		{ "11", "Code région", 1, NULL, NULL, "lieu_region", -1 },
		{ "69003", "Code postal", 0, NULL, NULL, NULL, -1 },
		{ "13", "Code département", 0, NULL, NULL, NULL, -1 },
		{ "FR", "Code pays", 0, NULL, NULL, NULL, -1 },
		{ "78646", "", 1, "78", "78646", "lieu_commune", -1 }, /* type inferred */
	};
	unsigned i;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got g;
		orcs_buf b = ORCS_BUF_INIT;
		orcs_buf_addf(&b, "\"id\":\"A\",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"},"
				  "\"lieuExecution\":{\"code\":\"%s\",\"typeCode\":\"%s\",\"nom\":\"x\"}",
			      cases[i].code, cases[i].type);
		one19(&g, b.data);
		if (g.rec[0].in_idf != cases[i].idf)
			printf("  geo case %u (%s)\n", i, cases[i].code);
		CHECK_INT(g.rec[0].in_idf, cases[i].idf);
		CHECK_STR(S(g.rec[0].departement), cases[i].dept ? cases[i].dept : "(null)");
		CHECK_STR(S(g.rec[0].commune), cases[i].commune ? cases[i].commune : "(null)");
		CHECK_STR(S(g.rec[0].scope_rule), cases[i].rule ? cases[i].rule : "(null)");
		if (cases[i].flag >= 0)
			CHECK(has(&g.rec[0], cases[i].flag));
		else
			CHECK(!has(&g.rec[0], ORCS_F_GEO_UNKNOWN));
		done(&g);
		orcs_buf_release(&b);
	}
}

static void test_decp_checks(void)
{
	got g;
	one19(&g, M19 ",\"modifications\":[]");
	CHECK_INT(g.rec[0].nflags, 0); /* a clean record has no flag */
	done(&g);
	one19(&g, M19 ",\"datePublicationDonnees\":\"2019-05-06\"");
	CHECK(!has(&g.rec[0], ORCS_F_LATE_PUBLICATION)); /* first key wins: 2019-03-20 */
	done(&g);
	one19(&g, "\"id\":\"A\",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"},"
		  "\"dateNotification\":\"2019-03-05\",\"datePublicationDonnees\":\"2019-05-06\","
		  "\"montant\":1,\"dureeMois\":12");
	CHECK(has(&g.rec[0], ORCS_F_LATE_PUBLICATION));
	CHECK(has(&g.rec[0], ORCS_F_AMOUNT_ABERRANT));
	CHECK_INT(g.rec[0].amount_flagged, 1);
	CHECK(has(&g.rec[0], ORCS_F_AMOUNT_DURATION));
	CHECK(has(&g.rec[0], ORCS_F_MISSING));
	CHECK(strstr(detail(&g.rec[0], ORCS_F_MISSING), "codeCPV") != NULL);
	done(&g);
	one19(&g, "\"id\":\"A\",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"},"
		  "\"dateNotification\":\"2019-03-05\",\"datePublicationDonnees\":\"2019-05-05\","
		  "\"montant\":2000000000");
	CHECK(!has(&g.rec[0], ORCS_F_LATE_PUBLICATION)); /* exactly two months */
	CHECK(has(&g.rec[0], ORCS_F_AMOUNT_ABERRANT));
	done(&g);
	one19(&g, "\"id\":\"A\",\"acheteur\":{\"id\":\"21750001600019\",\"nom\":\"V\"},"
		  "\"dateNotification\":\"2019-03-05\",\"datePublicationDonnees\":\"2019-03-01\"");
	CHECK(has(&g.rec[0], ORCS_F_PUB_BEFORE_NOTIF));
	done(&g);
}

static void test_decp_subcontracts(void)
{
	got g;
	one24(&g, ID24 "\"sousTraitanceDeclaree\":false,\"ccag\":\"Travaux\",\"actesSousTraitance\":["
		  "{\"acteSousTraitance\":{\"id\":1,\"sousTraitant\":{\"typeIdentifiant\":\"SIRET\","
		  "\"id\":\"55204599900869\"},\"dureeMois\":6,\"dateNotification\":\"2024-03-01\","
		  "\"datePublicationDonnees\":\"2024-03-02\",\"montant\":1000,\"variationPrix\":\"Ferme\"}},"
		  "{\"acteSousTraitance\":{\"id\":2,\"sousTraitant\":{\"typeIdentifiant\":\"SIRET\","
		  "\"id\":\"21750001600019\"}}}],\"modificationsActesSousTraitance\":[{"
		  "\"modificationActeSousTraitance\":{\"id\":1,\"montant\":1500}},"
		  "{\"modificationActeSousTraitance\":{\"id\":9,\"montant\":1}}]");
	CHECK_INT(g.rec[0].nsubs, 2);
	CHECK(fabs(g.rec[0].subs[0].montant - 1000) < 1e-9);
	CHECK(fabs(g.rec[0].subs[0].montant_current - 1500) < 1e-9);
	CHECK_INT(g.rec[0].subs[0].n_modifications, 1);
	CHECK_INT(g.rec[0].subs[0].who.siret_valid, 1);
	CHECK(has(&g.rec[0], ORCS_F_SUBCONTRACT_INCONSISTENT));
	done(&g);
}

static void test_decp_text(void)
{
	got g;
	/* invalid UTF-8 (Latin-1 é) and a control byte, U+FFFD, a key with a space */
	const char *text = "{\"marches\":[{\"id\":\"A\",\"acheteur\":{\"id\":\"21750001600019\","
			   "\"nom\":\"Universit\xEF\xBF\xBD\"},\"objet\":\"Caf\xE9\\u0001 \","
			   "\"lieuExecution\":{\"code\":\"75011\",\"typeCode\":\"Code postal\",\"nom \":\"P\"}}]}";
	run(&g, text);
	CHECK_INT(g.rc, ORCS_OK);
	CHECK_STR(S(g.rec[0].objet), "Café");
	CHECK(has(&g.rec[0], ORCS_F_ENCODING_REPAIRED));
	CHECK(has(&g.rec[0], ORCS_F_ENCODING_SUSPECT));
	CHECK(has(&g.rec[0], ORCS_F_STRUCT_REPAIRED));
	CHECK_INT(g.rec[0].fmt, 2019); /* lieuExecution.nom (trimmed key) is a 2019 marker */
	done(&g);
}

void suite_decp(void)
{
	orcs_buf path = ORCS_BUF_INIT;
	orcs_error err = ORCS_ERROR_INIT;
	orcs_ref_report rep;
	orcs_buf_addf(&path, "%s/decp-unit.db", harness_tmpdir());
	if (orcs_db_open(&db, path.data, ORCS_DB_CREATE, &err) != ORCS_OK ||
	    orcs_db_migrate(db, NULL, &err) != ORCS_OK ||
	    orcs_ref_load(db, harness_datadir(), &rep, &err) != ORCS_OK ||
	    !(ctx = orcs_decp_ctx_new(db, "2025-06-30", &err))) {
		printf("FAIL suite_decp setup: %s\n", err.msg);
		orcs_db_close(db);
		orcs_buf_release(&path);
		return;
	}
	RUN(test_decp_codes_complete);
	RUN(test_decp_containers);
	RUN(test_decp_rejected_files);
	RUN(test_decp_lexical_repair);
	RUN(test_decp_lexical_repair_runs);
	RUN(test_decp_quarantine);
	RUN(test_decp_values);
	RUN(test_decp_identifiers);
	RUN(test_decp_enumerations);
	RUN(test_decp_lists);
	RUN(test_decp_considerations);
	RUN(test_decp_concession_subsidy);
	RUN(test_decp_modifications);
	RUN(test_decp_rkey);
	RUN(test_decp_geography);
	RUN(test_decp_checks);
	RUN(test_decp_subcontracts);
	RUN(test_decp_text);
	orcs_decp_ctx_free(ctx);
	orcs_db_close(db);
	orcs_buf_release(&path);
}
