/*
 * report_annual.c - `orcs report annual`: the annual panorama.  Cover,
 * summary written from the figures, key figures, one section per indicator
 * family (the site's figures of that family's page, then a table of every
 * indicator), methodology generated from the catalogue, sources and
 * licences.  The sections are declared once in sections[].
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/text.h"
#include "publish/report_internal.h"

#define NB ORCS_NBSP

typedef struct section {
	const char *family; /* catalogue family */
	const char *page;   /* the site's page whose figures it shows */
	const char *title;
	const char *intro;
} section;

static const section sections[] = {
	{ "clauses", "/clauses", "Les clauses sociales d'insertion",
	  "Les clauses sociales réservent une part des heures de travail des marchés publics à des "
	  "personnes éloignées de l'emploi. Les facilitateurs suivent les heures réalisées, les "
	  "marchés et les entreprises qui les exécutent." },
	{ "benef", "/beneficiaires", "Les participants",
	  "Les participants sont les personnes qui ont travaillé au titre d'une clause sociale. Les "
	  "effectifs inférieurs à cinq personnes sont couverts par le secret statistique." },
	{ "decp", "/marches", "La commande publique (DECP)",
	  "Les données essentielles de la commande publique (DECP) décrivent les marchés notifiés "
	  "par les acheteurs publics, dont les considérations sociales et environnementales "
	  "déclarées." },
	{ "inclusive", "/entreprises-inclusives", "Les entreprises inclusives",
	  "Structures de l'insertion par l'activité économique, entreprises adaptées, ESAT et GEIQ "
	  "titulaires ou sous-traitantes des marchés publics." },
	{ "ogpf", "/grands-projets", "Les projets du Grand Paris",
	  "Les grands projets d'aménagement et de transport du Grand Paris portent des engagements "
	  "d'heures d'insertion suivis par maître d'ouvrage et par programme." },
	{ "platform", "/plateforme", "La plateforme des marchés",
	  "Les consultations publiées sur la plateforme de dématérialisation renseignent sur la "
	  "place des clauses dès la publication des marchés." },
	{ "quality", "/qualite", "Qualité et couverture des données",
	  "La qualité des données publiées conditionne celle des indicateurs" NB ": doublons, "
	  "valeurs manquantes, publications tardives et couverture des champs sociaux." },
};

static const char *const key_ids[] = {
	"clauses.hours_realised", "clauses.fte",        "benef.participants",
	"benef.new_participants", "clauses.markets_notified", "clauses.realisation_rate",
	"decp.markets",           "decp.social_share",
};

static void cover(rep_ctx *ctx, const char *date)
{
	cairo_t *cr = orcs_pdf_cairo(ctx->pdf);
	char buf[256];
	orcs_pdf_page(ctx->pdf, 1);
	cairo_set_source_rgb(cr, 0, 0, 0x91 / 255.0);
	cairo_rectangle(cr, 0, 250, ORCS_PDF_WIDTH, 260);
	cairo_fill(cr);
	orcs_pdf_text_at(ctx->pdf, ORCS_PDF_MARGIN, 110, 420, 11, 1, ORCS_PDF_BLUE,
			 "OBSERVATOIRE RÉGIONAL DES CLAUSES SOCIALES");
	orcs_pdf_text_at(ctx->pdf, ORCS_PDF_MARGIN, 128, 420, 10, 0, "#333333", "Île-de-France");
	snprintf(buf, sizeof(buf), "Rapport annuel %d", ctx->year);
	orcs_pdf_text_at(ctx->pdf, ORCS_PDF_MARGIN, 290, 480, 34, 1, "#ffffff", buf);
	orcs_pdf_text_at(ctx->pdf, ORCS_PDF_MARGIN, 350, 440, 15, 0, "#ffffff",
			 "Les clauses sociales et environnementales dans la commande publique "
			 "francilienne" NB ": heures d'insertion, participants, marchés et "
			 "entreprises inclusives");
	snprintf(buf, sizeof(buf), "Données de l'année %d — publié le %s", ctx->year, date);
	orcs_pdf_text_at(ctx->pdf, ORCS_PDF_MARGIN, 560, 480, 10, 0, "#333333", buf);
	orcs_pdf_text_at(ctx->pdf, ORCS_PDF_MARGIN, 580, 480, 10, 0, "#333333",
			 ctx->aud == ORCS_AUDIENCE_PUBLIC
				 ? "Édition grand public" NB ": le secret statistique est appliqué."
				 : "Édition interne" NB ": chiffres non soumis au secret statistique.");
	orcs_pdf_text_at(ctx->pdf, ORCS_PDF_MARGIN, ORCS_PDF_HEIGHT - 90, 480, 8.5, 0, "#555555",
			 "Licence Ouverte / Open Licence 2.0 — reproduction autorisée avec mention "
			 "de la source" NB ": ORCS, Observatoire régional des clauses sociales.");
}

static void summary(rep_ctx *ctx)
{
	orcs_buf s = ORCS_BUF_INIT, intro = ORCS_BUF_INIT;
	orcs_pdf_heading(ctx->pdf, 1, "Synthèse");
	orcs_buf_addf(&intro,
		      "Ce rapport présente l'activité des clauses sociales et environnementales dans "
		      "les marchés publics d'Île-de-France en %d, à partir du suivi des "
		      "facilitateurs, des données essentielles de la commande publique et de la "
		      "plateforme régionale. Chaque chiffre est celui du site de l'observatoire.",
		      ctx->year);
	orcs_pdf_para(ctx->pdf, intro.data);
	orcs_pdf_heading(ctx->pdf, 2, "Chiffres clés");
	rep_keyfigs(ctx, key_ids, (int)(sizeof(key_ids) / sizeof(key_ids[0])), NULL, NULL, NULL, 0,
		    1, &s);
	orcs_pdf_heading(ctx->pdf, 2, "L'essentiel");
	{
		/* one paragraph per sentence reads better than a block */
		char *p = s.data, *dot;
		while (p && *p) {
			dot = strstr(p, ". ");
			if (dot)
				*++dot = '\0';
			orcs_pdf_para(ctx->pdf, p);
			p = dot ? dot + 1 : NULL;
		}
	}
	orcs_buf_release(&s);
	orcs_buf_release(&intro);
}

static void methodology(rep_ctx *ctx)
{
	sqlite3_stmt *st = NULL;
	orcs_error e = ORCS_ERROR_INIT;
	orcs_buf t = ORCS_BUF_INIT;
	size_t i;
	orcs_pdf_heading(ctx->pdf, 1, "Méthodologie");
	orcs_pdf_para(ctx->pdf,
		      "Chaque indicateur est défini une seule fois dans le catalogue de "
		      "l'observatoire" NB "; les définitions ci-dessous en sont tirées. Une année "
		      "est rattachée à chaque fait selon la règle d'année de l'indicateur (heures "
		      "réalisées dans l'année, marchés notifiés dans l'année…). La couverture est la "
		      "part de la population dont l'information est connue.");
	orcs_pdf_para(ctx->pdf,
		      "Secret statistique" NB ": pour le grand public, une case qui concerne moins "
		      "de cinq personnes, ou trois entreprises au plus, est remplacée par « s », "
		      "ainsi que les cases qui permettraient de la retrouver par différence (secret "
		      "secondaire). Les totaux restent exacts.");
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		if (orcs_db_prepare(ctx->db, &st,
				    "SELECT family, id, label, definition, unit, year_rule, secrecy, "
				    "caveats FROM ind_catalogue c WHERE family = ?1 AND version = "
				    "(SELECT max(version) FROM ind_catalogue WHERE id = c.id) ORDER BY id",
				    &e) != ORCS_OK)
			return;
		sqlite3_bind_text(st, 1, sections[i].family, -1, SQLITE_STATIC);
		orcs_pdf_heading(ctx->pdf, 2, sections[i].title);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *id = (const char *)sqlite3_column_text(st, 1);
			const char *reason = NULL;
			orcs_buf_reset(&t);
			orcs_buf_addf(&t, "%s (%s)", (const char *)sqlite3_column_text(st, 2), id);
			orcs_pdf_heading(ctx->pdf, 3, t.data);
			orcs_pdf_para(ctx->pdf, (const char *)sqlite3_column_text(st, 3));
			orcs_buf_reset(&t);
			orcs_buf_addf(&t, "Unité" NB ": %s — année" NB ": %s — secret" NB ": %s.",
				      (const char *)sqlite3_column_text(st, 4),
				      rep_year_rule((const char *)sqlite3_column_text(st, 5)),
				      (const char *)sqlite3_column_text(st, 6));
			if (sqlite3_column_text(st, 7)) {
				orcs_buf_adds(&t, " Précautions" NB ": ");
				orcs_buf_adds(&t, (const char *)sqlite3_column_text(st, 7));
			}
			if (orcs_ind_status(id, &reason) != 1) {
				orcs_buf_adds(&t, " Pas encore calculé");
				if (reason)
					orcs_buf_addf(&t, NB ": %s", reason);
				orcs_buf_adds(&t, ".");
			}
			orcs_pdf_note(ctx->pdf, t.data);
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	sqlite3_finalize(st);
	orcs_buf_release(&t);
}

static void sources(rep_ctx *ctx)
{
	orcs_pdf_heading(ctx->pdf, 1, "Sources et licences");
	orcs_pdf_heading(ctx->pdf, 2, "Sources des données");
	orcs_pdf_para(ctx->pdf,
		      "Suivi des clauses sociales" NB ": livraisons des facilitateurs au format "
		      "d'échange ORCS (marchés, heures, participants pseudonymisés, sorties).");
	orcs_pdf_para(ctx->pdf,
		      "Données essentielles de la commande publique (DECP), formats 2019 et 2024, "
		      "publiées sur data.gouv.fr et par les profils d'acheteur — Licence Ouverte 2.0.");
	orcs_pdf_para(ctx->pdf,
		      "Annuaires des structures inclusives" NB ": liste des SIAE conventionnées "
		      "(ASP), GEIQ, entreprises adaptées et ESAT.");
	orcs_pdf_para(ctx->pdf,
		      "Référentiel géographique" NB ": Code officiel géographique 2026 de l'INSEE "
		      "(paquet @etalab/decoupage-administratif, Licence Ouverte)" NB "; contours IGN "
		      "Admin Express (Licence Ouverte)" NB "; arrondissements de Paris, Ville de "
		      "Paris (ODbL).");
	orcs_pdf_heading(ctx->pdf, 2, "Licences et réutilisation");
	orcs_pdf_para(ctx->pdf,
		      "Les chiffres de ce rapport sont publiés sous Licence Ouverte / Open Licence "
		      "2.0 et disponibles en données ouvertes (orcs export indicators, orcs export "
		      "geo). Le logiciel ORCS est libre. Polices Liberation (SIL Open Font License) "
		      "et DejaVu, paquets Debian fonts-liberation et fonts-dejavu-core, incorporées "
		      "au document.");
}

int orcs_report_annual(orcs_db *db, int year, orcs_audience aud, const char *path,
		       orcs_error *err)
{
	rep_ctx ctx;
	orcs_filters flt;
	char running[128], date[32], yb[8];
	time_t now = time(NULL);
	struct tm tm;
	size_t i;
	int rc;
	static const char *const months[] = { "janvier", "février", "mars",      "avril",
					      "mai",     "juin",    "juillet",   "août",
					      "septembre", "octobre", "novembre", "décembre" };
	if (year < 2000 || year > 2100)
		return orcs_error_set(err, ORCS_EUSAGE, "--year" NB ": année invalide %d (2000 à 2100)",
				      year);
	memset(&ctx, 0, sizeof(ctx));
	ctx.memo = rep_memo_new();
	ctx.db = db;
	ctx.year = year;
	ctx.aud = aud;
	ctx.err = err;
	localtime_r(&now, &tm);
	snprintf(date, sizeof(date), "%d %s %d", tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
	snprintf(running, sizeof(running), "ORCS — Rapport annuel %d%s", year,
		 aud == ORCS_AUDIENCE_INTERNAL ? " — diffusion interne" : "");
	snprintf(yb, sizeof(yb), "%d", year);
	ctx.pdf = orcs_pdf_open(path, running, running,
				aud == ORCS_AUDIENCE_INTERNAL ? REP_INTERNAL_BANNER : NULL, err);
	if (!ctx.pdf) {
		rep_memo_free(ctx.memo);
		return err->code;
	}
	orcs_filters_init(&flt);
	orcs_filters_set(&flt, ORCS_FLT_YEAR, yb);
	cover(&ctx, date);
	summary(&ctx);
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]) && !ctx.failed; i++) {
		orcs_pdf_heading(ctx.pdf, 1, sections[i].title);
		orcs_pdf_para(ctx.pdf, sections[i].intro);
		rep_page_figures(&ctx, sections[i].page, &flt);
		orcs_pdf_heading(ctx.pdf, 2, "Tous les indicateurs");
		rep_family_table(&ctx, sections[i].family, NULL, NULL, NULL, 0);
		orcs_pdf_note(ctx.pdf, "s" NB ": secret statistique" NB "; –" NB ": pas de donnée. "
				       "Évolution en pourcentage, en points pour les taux.");
	}
	if (!ctx.failed) {
		methodology(&ctx);
		sources(&ctx);
	}
	{
		orcs_error e2 = ORCS_ERROR_INIT;
		rc = orcs_pdf_close(ctx.pdf, &e2);
		rep_memo_free(ctx.memo);
		if (ctx.failed)
			return err->code;
		if (rc)
			*err = e2;
	}
	return rc;
}
