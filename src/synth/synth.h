/*
 * synth.h - a fully synthetic, deterministic delivery in the exchange
 * format, calibrated on the regional orders of magnitude (docs/synth.md).
 *
 * At scale 1 the year 2021 carries about 6.3 M insertion hours, 12,400
 * participants with hours, 7,400 markets with hours, 4,300 active companies
 * and 16,000 active contracts, a quarter of the hours on Grand Paris
 * projects; the other years (2019-2025, markets notified from 2017) follow
 * a growth series.  Every distribution is declared in synth_dist.c.  Some
 * buyers and markets are real DECP contracts of data/decp (decp_id), so
 * that linking can be shown; everything else is invented.
 *
 * `defects` adds, after each valid row and with that probability, one
 * faulty row of a kind the importer must catch (docs/synth.md lists them);
 * the faulty rows come from a separate random stream, so the valid rows
 * are the same with or without defects.  manifest.json gives the exact
 * totals: rows, valid rows, duplicates and faulty rows per reason code for
 * each table, sums of hours, and figures per year.
 *
 * Files: one `<table>.csv` per table (UTF-8, `;` separator except
 * consultations.csv which uses `,`; participants.csv starts with a BOM;
 * decimal commas; contract dates written DD/MM/YYYY, other dates ISO), or
 * one `livraison.xlsx` with a sheet per table (numbers as numbers, dates
 * as dates), plus manifest.json.
 */
#ifndef ORCS_SYNTH_H
#define ORCS_SYNTH_H

#include <stdint.h>

#include "core/error.h"

typedef struct orcs_synth_opts {
	double scale;          /* > 0; 1 = regional orders of magnitude */
	uint64_t seed;
	double defects;        /* 0..1: faulty rows per valid row */
	int xlsx;              /* 0 = CSV folder, 1 = one XLSX workbook */
	const char *outdir;    /* created if missing */
	const char *datadir;   /* the project's data/ (communes) */
} orcs_synth_opts;

typedef struct orcs_synth_report {
	int64_t rows;          /* rows written, all tables */
	int64_t valid;
	int64_t faulty;        /* duplicates included */
	double hours_work;
	int64_t participants, contracts, markets, enterprises;
	double hours_2021;
} orcs_synth_report;

/* Writes the delivery and manifest.json into opts->outdir.  ORCS_EUSAGE
 * for bad options, ORCS_EIO when writing fails. */
int orcs_synth_run(const orcs_synth_opts *opts, orcs_synth_report *rep, orcs_error *err);

#endif
