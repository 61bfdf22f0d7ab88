#include "indicators/secrecy.h"

#include <stdlib.h>

#include "core/buf.h"

typedef struct relation {
	int total;
	int *parts;
	int nparts;
} relation;

struct orcs_secrecy {
	orcs_cell *cells;
	int *status;
	unsigned char *fixed;
	int ncells, acells;
	relation *rels;
	int nrels, arels;
};

orcs_secrecy *orcs_secrecy_new(void)
{
	return orcs_xcalloc(1, sizeof(orcs_secrecy));
}

void orcs_secrecy_free(orcs_secrecy *s)
{
	int i;
	if (!s)
		return;
	for (i = 0; i < s->nrels; i++)
		free(s->rels[i].parts);
	free(s->rels);
	free(s->cells);
	free(s->status);
	free(s->fixed);
	free(s);
}

int orcs_secrecy_add(orcs_secrecy *s, const orcs_cell *c)
{
	if (s->ncells == s->acells) {
		s->acells = s->acells ? s->acells * 2 : 64;
		s->cells = orcs_xrealloc(s->cells, (size_t)s->acells * sizeof(*s->cells));
		s->status = orcs_xrealloc(s->status, (size_t)s->acells * sizeof(*s->status));
		s->fixed = orcs_xrealloc(s->fixed, (size_t)s->acells);
	}
	s->cells[s->ncells] = *c;
	s->status[s->ncells] = ORCS_CELL_SHOWN;
	s->fixed[s->ncells] = 0;
	return s->ncells++;
}

void orcs_secrecy_relation(orcs_secrecy *s, int total, const int *parts, int nparts)
{
	relation *r;
	int i;
	if (s->nrels == s->arels) {
		s->arels = s->arels ? s->arels * 2 : 32;
		s->rels = orcs_xrealloc(s->rels, (size_t)s->arels * sizeof(*s->rels));
	}
	r = &s->rels[s->nrels++];
	r->total = total;
	r->nparts = nparts;
	r->parts = orcs_xmalloc((size_t)(nparts > 0 ? nparts : 1) * sizeof(int));
	for (i = 0; i < nparts; i++)
		r->parts[i] = parts[i];
}

void orcs_secrecy_fix(orcs_secrecy *s, int i)
{
	if (i >= 0 && i < s->ncells)
		s->fixed[i] = 1;
}

static int business_disclosive(long contributors, double top_share)
{
	if (contributors <= 0)
		return 0; /* nobody behind it: a true zero */
	return contributors <= ORCS_SECRECY_MAX_CONTRIBUTORS ||
	       (top_share >= 0 && top_share >= ORCS_SECRECY_DOMINANCE);
}

static int persons_disclosive(long persons)
{
	return persons > 0 && persons < ORCS_SECRECY_MIN_PERSONS;
}

int orcs_secrecy_primary(const orcs_cell *c)
{
	switch (c->klass) {
	case ORCS_S0:
		return 0;
	case ORCS_S1:
		return c->contributors >= 0 && business_disclosive(c->contributors, c->top_share);
	case ORCS_S2:
		return (c->persons >= 0 && persons_disclosive(c->persons)) ||
		       (c->contributors >= 0 && business_disclosive(c->contributors, c->top_share));
	default:
		return 1;
	}
}

static int is_zero(const orcs_cell *c)
{
	return c->value == 0 && c->persons <= 0 && c->contributors <= 0;
}

/* The smallest visible, non-zero part of a relation, or -1. */
static int smallest_visible(const orcs_secrecy *s, const relation *r)
{
	int i, best = -1;
	for (i = 0; i < r->nparts; i++) {
		int k = r->parts[i];
		if (s->status[k] != ORCS_CELL_SHOWN || s->fixed[k] || is_zero(&s->cells[k]))
			continue;
		if (best < 0 || s->cells[k].value < s->cells[best].value)
			best = k;
	}
	return best;
}

/* Whether what subtraction reveals about the hidden parts (their sum) is
 * itself disclosive.  Only meaningful when the total is visible. */
static int hidden_sum_disclosive(const orcs_secrecy *s, const relation *r)
{
	long persons = 0, contributors = 0;
	int i, any_persons = 0, any_contrib = 0, klass = ORCS_S0;
	for (i = 0; i < r->nparts; i++) {
		const orcs_cell *c = &s->cells[r->parts[i]];
		if (s->status[r->parts[i]] == ORCS_CELL_SHOWN)
			continue;
		if (c->klass > klass)
			klass = c->klass;
		if (c->persons >= 0) {
			persons += c->persons;
			any_persons = 1;
		}
		if (c->contributors >= 0) {
			contributors += c->contributors;
			any_contrib = 1;
		}
	}
	if (klass == ORCS_S0 || klass == ORCS_S3)
		return 0;
	if (klass == ORCS_S2 && any_persons && persons_disclosive(persons))
		return 1;
	return any_contrib && contributors > 0 && contributors <= ORCS_SECRECY_MAX_CONTRIBUTORS;
}

int orcs_secrecy_solve(orcs_secrecy *s)
{
	int i, changed, hidden = 0;
	for (i = 0; i < s->ncells; i++)
		s->status[i] = orcs_secrecy_primary(&s->cells[i]) ? ORCS_CELL_PRIMARY : ORCS_CELL_SHOWN;
	do { /* a lone part of a fixed total is the same figure: fixed too */
		changed = 0;
		for (i = 0; i < s->nrels; i++) {
			const relation *r = &s->rels[i];
			if (r->nparts == 1 && s->fixed[r->total] && !s->fixed[r->parts[0]]) {
				s->fixed[r->parts[0]] = 1;
				changed = 1;
			}
		}
	} while (changed);
	do {
		changed = 0;
		for (i = 0; i < s->nrels; i++) {
			const relation *r = &s->rels[i];
			int nh = s->status[r->total] != ORCS_CELL_SHOWN, k, pick = -1;
			for (k = 0; k < r->nparts; k++)
				nh += s->status[r->parts[k]] != ORCS_CELL_SHOWN;
			if (nh == 1 || (nh >= 2 && s->status[r->total] == ORCS_CELL_SHOWN &&
					hidden_sum_disclosive(s, r))) {
				pick = smallest_visible(s, r);
				if (pick < 0 && s->status[r->total] == ORCS_CELL_SHOWN &&
				    !s->fixed[r->total])
					pick = r->total;
			}
			if (pick >= 0) {
				s->status[pick] = ORCS_CELL_SECONDARY;
				changed = 1;
			}
		}
	} while (changed);
	for (i = 0; i < s->ncells; i++)
		hidden += s->status[i] != ORCS_CELL_SHOWN;
	return hidden;
}

int orcs_secrecy_status(const orcs_secrecy *s, int i)
{
	return i >= 0 && i < s->ncells ? s->status[i] : ORCS_CELL_SHOWN;
}
