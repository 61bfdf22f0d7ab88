/* phrase.c - French sentences on a figure's change (render/phrase.h). */
#include "render/phrase.h"

#include <math.h>
#include <string.h>

#include "core/error.h"
#include "core/text.h"

#define NB ORCS_NBSP

static const struct {
	const char *id, *subject;
	int plural;
} subjects[] = {
	{ "clauses.hours_realised", "Les heures d'insertion réalisées", 1 },
	{ "clauses.hours_planned", "Les heures d'insertion prévues", 1 },
	{ "clauses.fte", "Les équivalents temps plein d'insertion", 1 },
	{ "clauses.markets_notified", "Le nombre de marchés notifiés avec une clause sociale", 0 },
	{ "clauses.realisation_rate", "Le taux de réalisation des heures d'insertion", 0 },
	{ "clauses.companies_active", "Le nombre d'entreprises actives", 0 },
	{ "benef.participants", "Le nombre de participants en parcours", 0 },
	{ "benef.new_participants", "Le nombre de nouveaux participants", 0 },
	{ "benef.share_qpv", "La part des résidents des quartiers prioritaires parmi les "
			     "participants", 0 },
	{ "benef.outcome_rate", "Le taux de sorties positives", 0 },
	{ "benef.hours_per_participant", "Le nombre moyen d'heures par participant", 0 },
	{ "decp.markets", "Le nombre de marchés publiés dans les DECP", 0 },
	{ "decp.social_share", "La part des marchés publiés avec une considération sociale", 0 },
	{ "decp.env_share", "La part des marchés publiés avec une considération "
			    "environnementale", 0 },
	{ "ogpf.hours_realised", "Les heures d'insertion des projets du Grand Paris", 1 },
	{ "ogpf.share_regional_hours", "La part des grands projets dans les heures d'insertion "
				       "régionales", 0 },
	{ "platform.social_share_lots", "La part des lots publiés sur la plateforme avec une "
					"clause sociale", 0 },
	{ "quality.tracking_link_rate", "Le taux de rattachement des marchés suivis aux DECP", 0 },
};

const char *orcs_phrase_subject(const char *indicator, int *plural)
{
	size_t i;
	for (i = 0; indicator && i < sizeof(subjects) / sizeof(subjects[0]); i++)
		if (!strcmp(subjects[i].id, indicator)) {
			if (plural)
				*plural = subjects[i].plural;
			return subjects[i].subject;
		}
	return NULL;
}

/* « en 2024 » for consecutive years, else « entre 2019 et 2024 ». */
static void period(const orcs_change_phrase *p, orcs_buf *out)
{
	if (p->to_year == p->from_year + 1)
		orcs_buf_addf(out, "en %d", p->to_year);
	else
		orcs_buf_addf(out, "entre %d et %d", p->from_year, p->to_year);
}

/* « : 12 % contre 10 % en 2023. » or « , de 10 % à 12 %. » */
static void values(const orcs_change_phrase *p, orcs_buf *out)
{
	if (p->to_year == p->from_year + 1)
		orcs_buf_addf(out, NB ": %s contre %s en %d. ", p->to_text, p->from_text,
			      p->from_year);
	else
		orcs_buf_addf(out, NB ": de %s en %d à %s en %d. ", p->from_text, p->from_year,
			      p->to_text, p->to_year);
}

int orcs_phrase_change(const orcs_change_phrase *p, orcs_buf *out)
{
	orcs_buf s = ORCS_BUF_INIT, d = ORCS_BUF_INIT;
	int plural = p->subject ? p->plural : 0;
	if (!isfinite(p->from) || !isfinite(p->to) || (!p->rate && !(p->from > 0)))
		return 0;
	if (p->subject)
		orcs_buf_adds(&s, p->subject);
	else
		orcs_buf_addf(&s, "L'indicateur «" NB "%s" NB "»", p->label ? p->label : "");
	if (p->rate) {
		double pts = (p->to - p->from) * 100;
		orcs_fmt_number(&d, fabs(pts), 1);
		if (fabs(pts) < 0.05) {
			orcs_buf_addf(out, "%s %s stable%s ", s.data, plural ? "sont" : "est",
				      plural ? "s" : "");
			period(p, out);
		} else {
			orcs_buf_addf(out, "%s %s %s point%s ", s.data,
				      pts > 0 ? (plural ? "gagnent" : "gagne")
					      : (plural ? "perdent" : "perd"),
				      d.data, fabs(pts) >= 2 ? "s" : "");
			period(p, out);
		}
	} else {
		double pc = p->to / p->from - 1;
		orcs_fmt_percent(&d, fabs(pc), 1);
		if (fabs(pc) < 0.0005) {
			orcs_buf_addf(out, "%s %s stable%s ", s.data, plural ? "sont" : "est",
				      plural ? "s" : "");
			period(p, out);
		} else {
			orcs_buf_addf(out, "%s %s de %s ", s.data,
				      pc > 0 ? (plural ? "progressent" : "progresse")
					     : (plural ? "reculent" : "recule"),
				      d.data);
			period(p, out);
		}
	}
	values(p, out);
	orcs_buf_release(&s);
	orcs_buf_release(&d);
	return 1;
}
