/*
 * report.h - the PDF publications: the annual report and the two-page
 * fact sheets (by territory, buyer or target public), drawn with cairo and
 * pango from the same figure descriptions as the site (render/figures.h)
 * and the same engine figures (statistical secrecy for the public
 * audience: "s" cells, figures absent).  An internal report shows
 * everything and says so in a banner on every page.
 *
 * Every function writes one file (or a folder for orcs_report_all) and
 * returns 0, ORCS_EUSAGE (unknown territory, buyer or public, bad period)
 * or ORCS_EIO, with a French message in `err`.
 */
#ifndef ORCS_REPORT_H
#define ORCS_REPORT_H

#include "core/error.h"
#include "indicators/engine.h"
#include "warehouse/db.h"

int orcs_report_annual(orcs_db *db, int year, orcs_audience aud, const char *path,
		       orcs_error *err);

typedef enum { ORCS_SHEET_DEPT, ORCS_SHEET_EPT, ORCS_SHEET_COMMUNE, ORCS_SHEET_BUYER,
	       ORCS_SHEET_PUBLIC } orcs_sheet_kind;

/* `period` "YYYY-Tn" (or "YYYY-Qn") restricts the monthly figures to a
 * quarter of `year`; NULL for the whole year. */
int orcs_report_sheet(orcs_db *db, orcs_sheet_kind kind, const char *code, int year,
		      const char *period, orcs_audience aud, const char *path, orcs_error *err);

/* Parses "dept:93", "ept:200057867", "commune:93066" (--territory). */
int orcs_sheet_parse_territory(const char *spec, orcs_sheet_kind *kind, const char **code,
			       orcs_error *err);

/* Every département, EPT and target-public sheet of `year` into `dir`
 * (created if needed), named dept-93.pdf, ept-SIREN.pdf, public-CODE.pdf;
 * *written receives the number of files. */
int orcs_report_all(orcs_db *db, int year, orcs_audience aud, const char *dir, int *written,
		    orcs_error *err);

#endif
