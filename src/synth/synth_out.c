/*
 * synth_out.c - writes the tables of a synthetic delivery, as CSV files
 * (each with its own French-export habits, to exercise the importer) or as
 * one XLSX workbook (libxlsxwriter, constant-memory mode: inline strings,
 * numbers as numbers, dates as dates).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xlsxwriter.h>

#include "synth/synth_internal.h"

static const char *const c_donneurs[] = { "siret", "nom", "type_donneur", "departement" };
static const char *const c_entreprises[] = { "siret", "raison_sociale", "naf", "type_structure",
					     "departement" };
static const char *const c_operations[] = { "operation_id", "libelle", "siret_donneur",
					    "grand_projet", "moa", "communes_insee", "qpv_anru" };
static const char *const c_marches[] = { "marche_id", "lot", "operation_id", "siret_donneur",
					 "objet", "cpv", "type_marche", "procedure",
					 "date_notification", "duree_mois", "montant_ht",
					 "modalites_juridiques", "heures_objectif",
					 "lieu_execution_insee", "decp_id" };
static const char *const c_marche_ent[] = { "siret_donneur", "marche_id", "lot", "siret", "role" };
static const char *const c_participants[] = { "participant_id", "sexe", "annee_naissance",
					      "commune_residence_insee", "qpv", "niveau_formation",
					      "publics", "rqth", "prescripteur", "date_entree" };
static const char *const c_contrats[] = { "contrat_id", "participant_id", "siret_employeur",
					  "siret_donneur", "marche_id", "lot", "type_contrat",
					  "modalite_realisation", "date_debut", "date_fin" };
static const char *const c_heures[] = { "contrat_id", "periode", "heures_travail",
					"heures_formation" };
static const char *const c_sorties[] = { "participant_id", "date", "horizon", "situation" };
static const char *const c_engagements[] = { "siret_donneur", "annee", "heures_objectif",
					     "participants_objectif", "part_qpv_objectif" };
static const char *const c_consultations[] = { "consultation_id", "lot", "date_publication",
					       "siret_acheteur", "type_marche", "cpv",
					       "clause_sociale", "clause_environnementale",
					       "offres_deposees" };

#define T(name, cols, sep, bom, frdate, comma)                                            \
	{ name, cols, (int)(sizeof(cols) / sizeof(cols[0])), sep, bom, frdate, comma }

static const struct tdef {
	const char *name;
	const char *const *cols;
	int ncols;
	char sep;
	int bom;     /* UTF-8 BOM at the start */
	int frdate;  /* dates written DD/MM/YYYY */
	int comma;   /* decimal comma */
} tdefs[SY_NTABLES] = {
	T("donneurs_ordre", c_donneurs, ';', 0, 0, 1),
	T("entreprises", c_entreprises, ';', 0, 0, 1),
	T("operations", c_operations, ';', 0, 0, 1),
	T("marches", c_marches, ';', 0, 1, 1),
	T("marche_entreprises", c_marche_ent, ';', 0, 0, 1),
	T("participants", c_participants, ';', 1, 0, 1),
	T("contrats", c_contrats, ';', 0, 1, 1),
	T("heures", c_heures, ';', 0, 0, 1),
	T("sorties", c_sorties, ';', 0, 0, 1),
	T("engagements", c_engagements, ';', 0, 0, 1),
	T("consultations", c_consultations, ',', 0, 0, 0),
};

const char *const *out_columns(int t, int *n)
{
	*n = tdefs[t].ncols;
	return tdefs[t].cols;
}

const char *out_table_name(int t)
{
	return tdefs[t].name;
}

#define XLSX_MAX_ROWS 1048576

struct sy_out {
	int xlsx;
	char *dir;
	FILE *f[SY_NTABLES];
	char *fbuf[SY_NTABLES];
	lxw_workbook *wb;
	lxw_worksheet *ws[SY_NTABLES];
	lxw_format *datefmt;
	long rows[SY_NTABLES];
	orcs_buf line;
};

static void put_text(orcs_buf *b, const char *s, char sep)
{
	if (strchr(s, sep) || strchr(s, '"') || strchr(s, '\n') || strchr(s, '\r')) {
		orcs_buf_addc(b, '"');
		for (; *s; s++) {
			if (*s == '"')
				orcs_buf_addc(b, '"');
			orcs_buf_addc(b, *s);
		}
		orcs_buf_addc(b, '"');
	} else {
		orcs_buf_adds(b, s);
	}
}

static void put_num(orcs_buf *b, double d, int comma)
{
	char tmp[64];
	char *p;
	if (d == floor(d) && fabs(d) < 1e15)
		snprintf(tmp, sizeof(tmp), "%.0f", d);
	else
		snprintf(tmp, sizeof(tmp), "%.2f", d);
	/* trailing zeros of decimals */
	if (strchr(tmp, '.')) {
		size_t n = strlen(tmp);
		while (n && tmp[n - 1] == '0')
			tmp[--n] = '\0';
		if (n && tmp[n - 1] == '.')
			tmp[--n] = '\0';
	}
	if (comma && (p = strchr(tmp, '.')) != NULL)
		*p = ',';
	orcs_buf_adds(b, tmp);
}

int out_open(sy_out **out, const char *dir, int xlsx, orcs_error *err)
{
	sy_out *o;
	int t;
	*out = NULL;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", dir, strerror(errno));
	o = orcs_xcalloc(1, sizeof(*o));
	o->xlsx = xlsx;
	o->dir = orcs_xstrdup(dir);
	orcs_buf_init(&o->line);
	if (xlsx) {
		lxw_workbook_options opt;
		orcs_buf p = ORCS_BUF_INIT;
		memset(&opt, 0, sizeof(opt));
		opt.constant_memory = LXW_TRUE;
		orcs_buf_addf(&p, "%s/livraison.xlsx", dir);
		o->wb = workbook_new_opt(p.data, &opt);
		orcs_buf_release(&p);
		if (!o->wb) {
			free(o->dir);
			free(o);
			return orcs_error_set(err, ORCS_EIO, "%s/livraison.xlsx" ORCS_NBSP ": création impossible",
					      dir);
		}
		o->datefmt = workbook_add_format(o->wb);
		format_set_num_format(o->datefmt, "dd/mm/yyyy");
		for (t = 0; t < SY_NTABLES; t++) {
			int c;
			o->ws[t] = workbook_add_worksheet(o->wb, tdefs[t].name);
			for (c = 0; c < tdefs[t].ncols; c++)
				worksheet_write_string(o->ws[t], 0, (lxw_col_t)c, tdefs[t].cols[c], NULL);
			o->rows[t] = 1;
		}
	} else {
		for (t = 0; t < SY_NTABLES; t++) {
			orcs_buf p = ORCS_BUF_INIT;
			int c;
			orcs_buf_addf(&p, "%s/%s.csv", dir, tdefs[t].name);
			o->f[t] = fopen(p.data, "wb");
			if (!o->f[t]) {
				int rc = orcs_error_set(err, ORCS_EIO, "%s" ORCS_NBSP ": %s", p.data,
							strerror(errno));
				orcs_buf_release(&p);
				out_close(o, NULL);
				return rc;
			}
			orcs_buf_release(&p);
			o->fbuf[t] = orcs_xmalloc(1 << 18);
			setvbuf(o->f[t], o->fbuf[t], _IOFBF, 1 << 18);
			if (tdefs[t].bom)
				fputs("\xEF\xBB\xBF", o->f[t]);
			for (c = 0; c < tdefs[t].ncols; c++) {
				if (c)
					fputc(tdefs[t].sep, o->f[t]);
				fputs(tdefs[t].cols[c], o->f[t]);
			}
			fputs("\r\n", o->f[t]);
		}
	}
	*out = o;
	return ORCS_OK;
}

int out_row(sy_out *o, int t, const sval *v, orcs_error *err)
{
	const struct tdef *d = &tdefs[t];
	int c, n = d->ncols;
	/* one extra value (Q_FIELD_COUNT defects) */
	if (v[n].kind != V_EMPTY)
		n++;
	if (o->xlsx) {
		lxw_row_t r;
		if (o->rows[t] >= XLSX_MAX_ROWS)
			return orcs_error_set(err, ORCS_EUSAGE,
					      "la table %s dépasse 1" ORCS_NNBSP "048" ORCS_NNBSP "576 lignes, "
					      "la limite d'une feuille XLSX" ORCS_NBSP ": réduisez --scale ou "
					      "utilisez --format csv",
					      d->name);
		r = (lxw_row_t)o->rows[t]++;
		for (c = 0; c < n; c++) {
			lxw_error e = LXW_NO_ERROR;
			switch (v[c].kind) {
			case V_TEXT:
				e = worksheet_write_string(o->ws[t], r, (lxw_col_t)c, v[c].s, NULL);
				break;
			case V_NUM:
				e = worksheet_write_number(o->ws[t], r, (lxw_col_t)c, v[c].d, NULL);
				break;
			case V_DATE: {
				lxw_datetime dt;
				memset(&dt, 0, sizeof(dt));
				dt.year = v[c].y;
				dt.month = v[c].m;
				dt.day = v[c].day;
				e = worksheet_write_datetime(o->ws[t], r, (lxw_col_t)c, &dt, o->datefmt);
				break;
			}
			default:
				break;
			}
			if (e != LXW_NO_ERROR)
				return orcs_error_set(err, ORCS_EIO, "écriture XLSX (%s)" ORCS_NBSP ": %s",
						      d->name, lxw_strerror(e));
		}
		return ORCS_OK;
	}
	orcs_buf_reset(&o->line);
	for (c = 0; c < n; c++) {
		if (c)
			orcs_buf_addc(&o->line, d->sep);
		switch (v[c].kind) {
		case V_TEXT:
			put_text(&o->line, v[c].s, d->sep);
			break;
		case V_NUM:
			put_num(&o->line, v[c].d, d->comma);
			break;
		case V_DATE:
			if (d->frdate)
				orcs_buf_addf(&o->line, "%02d/%02d/%04d", v[c].day % 100, v[c].m % 100,
					      v[c].y % 10000);
			else
				orcs_buf_addf(&o->line, "%04d-%02d-%02d", v[c].y % 10000, v[c].m % 100,
					      v[c].day % 100);
			break;
		default:
			break;
		}
	}
	orcs_buf_adds(&o->line, "\r\n");
	if (fwrite(o->line.data, 1, o->line.len, o->f[t]) != o->line.len)
		return orcs_error_set(err, ORCS_EIO, "%s/%s.csv" ORCS_NBSP ": %s", o->dir, d->name,
				      strerror(errno));
	o->rows[t]++;
	return ORCS_OK;
}

int out_close(sy_out *o, orcs_error *err)
{
	int t, rc = ORCS_OK;
	if (!o)
		return ORCS_OK;
	if (o->wb) {
		lxw_error e = workbook_close(o->wb);
		if (e != LXW_NO_ERROR)
			rc = orcs_error_set(err, ORCS_EIO, "%s/livraison.xlsx" ORCS_NBSP ": %s", o->dir,
					    lxw_strerror(e));
	}
	for (t = 0; t < SY_NTABLES; t++) {
		if (o->f[t] && fclose(o->f[t]) != 0 && rc == ORCS_OK)
			rc = orcs_error_set(err, ORCS_EIO, "%s/%s.csv" ORCS_NBSP ": %s", o->dir,
					    tdefs[t].name, strerror(errno));
		free(o->fbuf[t]);
	}
	orcs_buf_release(&o->line);
	free(o->dir);
	free(o);
	return rc;
}
