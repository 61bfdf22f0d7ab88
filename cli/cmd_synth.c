/*
 * cmd_synth.c - `orcs synth`: writes a synthetic, deterministic delivery in
 * the exchange format with its manifest.json (src/synth, docs/synth.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/text.h"
#include "synth/synth.h"

static int number_opt(const orcs_args *a, const char *name, double dflt, double *out,
		      orcs_error *err)
{
	const char *v = orcs_arg(a, name);
	*out = dflt;
	if (!v)
		return ORCS_OK;
	if (orcs_parse_number(v, strlen(v), out) != 0)
		return orcs_error_set(err, ORCS_EUSAGE, "%s" ORCS_NBSP ": nombre attendu, pas « %s »", name,
				      v);
	return ORCS_OK;
}

int orcs_cmd_synth(const orcs_args *a)
{
	orcs_error err = ORCS_ERROR_INIT;
	orcs_synth_opts o;
	orcs_synth_report rep;
	const char *fmt = orcs_arg(a, "--format");
	double seed;
	orcs_buf n1 = ORCS_BUF_INIT, n2 = ORCS_BUF_INIT, n3 = ORCS_BUF_INIT, n4 = ORCS_BUF_INIT;
	int rc;

	memset(&o, 0, sizeof(o));
	o.outdir = orcs_arg(a, "-o");
	o.datadir = orcs_cli_datadir();
	if (!o.outdir) {
		orcs_error_set(&err, ORCS_EUSAGE, "l'option -o DOSSIER est obligatoire");
		return orcs_cli_fail(a, &err);
	}
	if (number_opt(a, "--scale", 1, &o.scale, &err) || number_opt(a, "--seed", 1, &seed, &err) ||
	    number_opt(a, "--defects", 0, &o.defects, &err))
		return orcs_cli_fail(a, &err);
	if (seed < 0 || seed != (double)(uint64_t)seed || seed > 9007199254740992.0) {
		orcs_error_set(&err, ORCS_EUSAGE, "--seed" ORCS_NBSP ": entier positif attendu");
		return orcs_cli_fail(a, &err);
	}
	o.seed = (uint64_t)seed;
	if (fmt && strcmp(fmt, "csv") && strcmp(fmt, "xlsx")) {
		orcs_error_set(&err, ORCS_EUSAGE, "--format" ORCS_NBSP ": csv ou xlsx, pas « %s »", fmt);
		return orcs_cli_fail(a, &err);
	}
	o.xlsx = fmt && !strcmp(fmt, "xlsx");
	rc = orcs_synth_run(&o, &rep, &err);
	if (rc != ORCS_OK)
		return orcs_cli_fail(a, &err);
	orcs_fmt_number(&n1, (double)rep.rows, 0);
	orcs_fmt_number(&n2, (double)rep.faulty, 0);
	orcs_fmt_number(&n3, rep.hours_work, 0);
	orcs_fmt_number(&n4, rep.hours_2021, 0);
	printf("Livraison synthétique écrite dans %s (%s)" ORCS_NBSP ": %s lignes dont %s fautives, "
	       "%s heures de travail (%s en 2021). Totaux exacts" ORCS_NBSP ": %s/manifest.json.\n",
	       o.outdir, o.xlsx ? "livraison.xlsx" : "CSV", n1.data, n2.data, n3.data, n4.data,
	       o.outdir);
	orcs_buf_release(&n1);
	orcs_buf_release(&n2);
	orcs_buf_release(&n3);
	orcs_buf_release(&n4);
	return 0;
}
