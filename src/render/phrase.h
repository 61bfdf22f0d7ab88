/*
 * phrase.h - French sentences on how a figure changed, shared by the
 * site's chart summaries (figures_build.c) and the publications' summaries
 * (publish/report_common.c): one wording, one place.
 *
 * « Les heures d'insertion réalisées progressent de 12,5 % en 2024 :
 * 1 234 h contre 1 097 h en 2023. »  Rates change in points (« gagne
 * 2,1 points entre 2019 et 2024 »), counts in percent.
 *
 * Ownership: the subject table is static; the caller owns `out`.
 */
#ifndef ORCS_PHRASE_H
#define ORCS_PHRASE_H

#include "core/buf.h"

/* The subject of a sentence on `indicator` (« Les heures d'insertion
 * réalisées », *plural = 1), or NULL when the table has none. */
const char *orcs_phrase_subject(const char *indicator, int *plural);

typedef struct orcs_change_phrase {
	const char *subject;    /* « La part des … »; NULL: « L'indicateur « label » » */
	const char *label;      /* the indicator's label, used when subject is NULL */
	int plural;             /* the subject is plural (verbs agree) */
	int rate;               /* values are proportions: the change is in points */
	double from, to;        /* the two values (finite, published) */
	int from_year, to_year; /* from_year < to_year */
	const char *from_text;  /* the values formatted in their unit */
	const char *to_text;
} orcs_change_phrase;

/* Appends the sentence (ending with ". ") and returns 1; returns 0 and
 * appends nothing when the change cannot be said (a count from 0). */
int orcs_phrase_change(const orcs_change_phrase *p, orcs_buf *out);

#endif
