/* decp_copy.c - deep copy of a normalised record into another arena. */
#include <string.h>

#include "ingest/decp.h"

static orcs_str cstr(orcs_arena *a, orcs_str s)
{
	if (s.s)
		s.s = orcs_arena_strndup(a, s.s, s.n);
	return s;
}

static const char *ccstr(orcs_arena *a, const char *s)
{
	return s ? orcs_arena_strndup(a, s, strlen(s)) : NULL;
}

static void party(orcs_arena *a, orcs_decp_party *p)
{
	p->type_id = cstr(a, p->type_id);
	p->ident = cstr(a, p->ident);
	p->siren = cstr(a, p->siren);
	p->nom = cstr(a, p->nom);
}

static orcs_decp_party *parties(orcs_arena *a, const orcs_decp_party *src, int n)
{
	orcs_decp_party *v;
	int i;
	if (!src || n <= 0)
		return NULL;
	v = orcs_arena_alloc(a, (size_t)n * sizeof(*v));
	memcpy(v, src, (size_t)n * sizeof(*v));
	for (i = 0; i < n; i++)
		party(a, &v[i]);
	return v;
}

void orcs_decp_rec_copy(orcs_arena *a, const orcs_decp_rec *src, orcs_decp_rec *dst)
{
	int i;
	*dst = *src;
	dst->reason_detail = ccstr(a, src->reason_detail);
#define COPY_STR(name) dst->name = cstr(a, src->name);
	ORCS_DECP_REC_STRS(COPY_STR)
#undef COPY_STR
	dst->tits = parties(a, src->tits, src->ntits);
	if (src->nmodifs > 0) {
		dst->modifs = orcs_arena_alloc(a, (size_t)src->nmodifs * sizeof(*dst->modifs));
		memcpy(dst->modifs, src->modifs, (size_t)src->nmodifs * sizeof(*dst->modifs));
		for (i = 0; i < src->nmodifs; i++) {
			orcs_decp_modif *m = &dst->modifs[i];
			m->date_notif = cstr(a, m->date_notif);
			m->date_pub = cstr(a, m->date_pub);
			m->objet = cstr(a, m->objet);
			m->tits = parties(a, m->tits, m->ntits);
		}
	} else {
		dst->modifs = NULL;
	}
	if (src->nsubs > 0) {
		dst->subs = orcs_arena_alloc(a, (size_t)src->nsubs * sizeof(*dst->subs));
		memcpy(dst->subs, src->subs, (size_t)src->nsubs * sizeof(*dst->subs));
		for (i = 0; i < src->nsubs; i++) {
			orcs_decp_sub *s = &dst->subs[i];
			party(a, &s->who);
			s->date_notif = cstr(a, s->date_notif);
			s->date_pub = cstr(a, s->date_pub);
			s->variation_prix = cstr(a, s->variation_prix);
		}
	} else {
		dst->subs = NULL;
	}
	if (src->nflags > 0) {
		dst->flags = orcs_arena_alloc(a, (size_t)src->nflags * sizeof(*dst->flags));
		for (i = 0; i < src->nflags; i++) {
			dst->flags[i].flag = src->flags[i].flag;
			dst->flags[i].detail = ccstr(a, src->flags[i].detail);
		}
		dst->capflags = src->nflags;
	} else {
		dst->flags = NULL;
		dst->capflags = 0;
	}
}
