/*
 * main.c - `orcs`: parses the command line against the table of
 * commands.c and runs the command.  All the work happens in the library.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "orcs_version.h"

static const orcs_opt *find_opt(const orcs_opt *opts, const char *name, size_t len, int *index)
{
	int i;
	for (i = 0; opts && opts[i].name; i++)
		if (strlen(opts[i].name) == len && !strncmp(opts[i].name, name, len)) {
			if (index)
				*index = i;
			return &opts[i];
		}
	return NULL;
}

const char *orcs_arg(const orcs_args *a, const char *name)
{
	int i;
	if (!strcmp(name, "--db"))
		return a->db_path;
	if (!find_opt(a->cmd->opts, name, strlen(name), &i) || !a->counts[i])
		return NULL;
	return a->values[i][a->counts[i] - 1];
}

int orcs_flag(const orcs_args *a, const char *name)
{
	int i;
	return find_opt(a->cmd->opts, name, strlen(name), &i) && a->counts[i] > 0;
}

int orcs_arg_count(const orcs_args *a, const char *name)
{
	int i;
	return find_opt(a->cmd->opts, name, strlen(name), &i) ? a->counts[i] : 0;
}

const char *orcs_arg_at(const orcs_args *a, const char *name, int k)
{
	int i;
	if (!find_opt(a->cmd->opts, name, strlen(name), &i) || k < 0 || k >= a->counts[i])
		return NULL;
	return a->values[i][k];
}

int orcs_cli_fail(const orcs_args *a, const orcs_error *err)
{
	fprintf(stderr, "orcs" ORCS_NBSP ": %s\n", err->msg[0] ? err->msg : "erreur");
	if (err->code == ORCS_EUSAGE) {
		if (a && a->cmd)
			orcs_cli_usage(stderr, a->cmd);
		else
			fprintf(stderr, "Voir « orcs --help ».\n");
	}
	return err->code;
}

int orcs_cli_open_db(const orcs_args *a, orcs_db **db, int flags, orcs_error *err)
{
	return orcs_db_open(db, a->db_path, flags, err);
}

const char *orcs_cli_datadir(void)
{
	static orcs_buf dir = ORCS_BUF_INIT;
	static const char *const up[] = { "/../data", "/../../data" };
	const char *env = getenv("ORCS_DATA");
	char exe[PATH_MAX];
	ssize_t n;
	unsigned i;
	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		/* build/orcs and build/san/orcs both sit below the project root */
		for (i = 0; slash && i < sizeof(up) / sizeof(up[0]); i++) {
			size_t base;
			orcs_buf_reset(&dir);
			orcs_buf_addf(&dir, "%s%s", exe, up[i]);
			base = dir.len;
			orcs_buf_adds(&dir, "/ref/enums.csv");
			if (access(dir.data, R_OK) == 0) {
				char real[PATH_MAX];
				orcs_buf_truncate(&dir, base);
				if (realpath(dir.data, real)) {
					orcs_buf_reset(&dir);
					orcs_buf_adds(&dir, real);
				}
				return dir.data;
			}
		}
	}
	return ORCS_DATADIR;
}

static int usage_error(const orcs_cmd *c, const char *fmt, const char *what)
{
	fprintf(stderr, "orcs" ORCS_NBSP ": ");
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	if (c)
		orcs_cli_usage(stderr, c);
	else
		orcs_cli_help(stderr);
	return ORCS_EUSAGE;
}

static const orcs_cmd *find_cmd(const char *name)
{
	unsigned i;
	for (i = 0; i < orcs_commands_count; i++)
		if (!strcmp(orcs_commands[i].name, name))
			return &orcs_commands[i];
	return NULL;
}

/* True when `name` is the first word of grouped commands ("import decp"). */
static int is_group(const char *name)
{
	unsigned i;
	size_t n = strlen(name);
	for (i = 0; i < orcs_commands_count; i++)
		if (!strncmp(orcs_commands[i].name, name, n) && orcs_commands[i].name[n] == ' ')
			return 1;
	return 0;
}

static int group_usage(const char *group, const char *sub)
{
	unsigned i;
	size_t n = strlen(group);
	if (sub)
		fprintf(stderr, "orcs" ORCS_NBSP ": sous-commande inconnue « %s %s »\n", group, sub);
	else
		fprintf(stderr, "orcs" ORCS_NBSP ": « %s » attend une sous-commande\n", group);
	fprintf(stderr, "Sous-commandes" ORCS_NBSP ":\n");
	for (i = 0; i < orcs_commands_count; i++)
		if (!strncmp(orcs_commands[i].name, group, n) && orcs_commands[i].name[n] == ' ')
			fprintf(stderr, "  orcs %-16s %s\n", orcs_commands[i].name,
				orcs_commands[i].summary);
	return ORCS_EUSAGE;
}

/* Takes the value of option `o` (from "--o=v" or the next argument). */
static int take_value(int argc, char **argv, int *i, const char *eq, const char **out)
{
	if (eq) {
		*out = eq + 1;
		return 0;
	}
	if (*i + 1 >= argc)
		return -1;
	*out = argv[++*i];
	return 0;
}

int main(int argc, char **argv)
{
	static orcs_args a;
	const orcs_cmd *cmd = NULL;
	const char *group = NULL;
	int i, only_pos = 0, help = 0;
	const char *env = getenv("ORCS_DB");

	memset(&a, 0, sizeof(a));
	a.db_path = env && *env ? env : "orcs.db";
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (!only_pos && arg[0] == '-' && arg[1]) {
			const char *eq = strchr(arg, '=');
			size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
			int idx;
			const orcs_opt *o;
			if (!strcmp(arg, "--")) {
				only_pos = 1;
				continue;
			}
			if (!strcmp(arg, "-h") || (len == 6 && !strncmp(arg, "--help", 6))) {
				help = 1;
				continue;
			}
			if (!cmd && !strcmp(arg, "--version")) {
				printf("orcs %s\n", ORCS_VERSION);
				return 0;
			}
			if (len == 4 && !strncmp(arg, "--db", 4)) {
				if (take_value(argc, argv, &i, eq, &a.db_path) < 0)
					return usage_error(cmd, "l'option %s attend une valeur", "--db");
				continue;
			}
			o = cmd ? find_opt(cmd->opts, arg, len, &idx) : NULL;
			if (!o) {
				char name[64];
				snprintf(name, sizeof(name), "%.*s", (int)(len < 60 ? len : 60), arg);
				return usage_error(cmd, "option inconnue « %s »", name);
			}
			if (o->kind == OPT_FLAG) {
				if (eq)
					return usage_error(cmd, "l'option %s ne prend pas de valeur",
							   o->name);
				a.values[idx][0] = "1";
				a.counts[idx] = 1;
			} else {
				const char *v;
				if (take_value(argc, argv, &i, eq, &v) < 0)
					return usage_error(cmd, "l'option %s attend une valeur", o->name);
				if (o->kind == OPT_VALUE) {
					a.values[idx][0] = v;
					a.counts[idx] = 1;
				} else {
					if (a.counts[idx] >= ORCS_MAX_REPEAT)
						return usage_error(cmd, "l'option %s est répétée trop de fois",
								   o->name);
					a.values[idx][a.counts[idx]++] = v;
				}
			}
			continue;
		}
		if (!cmd && group) {
			char full[96];
			snprintf(full, sizeof(full), "%s %s", group, arg);
			cmd = find_cmd(full);
			if (!cmd)
				return group_usage(group, arg);
			a.cmd = cmd;
			continue;
		}
		if (!cmd) {
			cmd = find_cmd(arg);
			if (!cmd && is_group(arg)) {
				group = arg;
				continue;
			}
			if (!cmd)
				return usage_error(NULL, "commande inconnue « %s »", arg);
			a.cmd = cmd;
			continue;
		}
		if (a.npos >= ORCS_MAX_POS)
			return usage_error(cmd, "trop d'arguments (%s)", arg);
		a.pos[a.npos++] = arg;
	}
	if (!cmd && group)
		return group_usage(group, NULL);
	if (!cmd) {
		if (help) {
			orcs_cli_help(stdout);
			return 0;
		}
		orcs_cli_help(stderr);
		return ORCS_EUSAGE;
	}
	if (help) {
		orcs_cli_help_cmd(stdout, cmd);
		return 0;
	}
	if (a.npos < cmd->min_pos || (cmd->max_pos >= 0 && a.npos > cmd->max_pos))
		return usage_error(cmd, "nombre d'arguments incorrect pour « %s »", cmd->name);
	return cmd->run(&a);
}

int orcs_cli_not_yet(const orcs_args *a)
{
	orcs_error err;
	orcs_error_set(&err, ORCS_EUSAGE, "la commande « %s » n'est pas encore disponible",
		       a->cmd->name);
	return orcs_cli_fail(a, &err);
}
