/*
 * commands.c - the one declaration of every command and option of `orcs`.
 * Help texts are French (they are read by the observatory's staff).
 */
#include "cli/cli.h"

#define NB ORCS_NBSP

const orcs_opt orcs_global_opts[] = {
	{ "--db", OPT_VALUE, "CHEMIN",
	  "entrepôt SQLite à utiliser (défaut" NB ": $ORCS_DB, sinon orcs.db dans le dossier courant)" },
	{ "--help", OPT_FLAG, NULL, "affiche l'aide de la commande" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt init_opts[] = {
	{ "--data", OPT_VALUE, "DOSSIER",
	  "dossier des données de référence (défaut" NB ": $ORCS_DATA, sinon data/ du projet)" },
	{ "--json", OPT_FLAG, NULL, "compte rendu en JSON" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt ref_opts[] = {
	{ "--dept", OPT_VALUE, "CODE", "ne garde que le département CODE (tables géographiques)" },
	{ "--format", OPT_VALUE, "table|csv|json", "format de sortie (défaut" NB ": table)" },
	{ "--json", OPT_FLAG, NULL, "raccourci de --format json" },
	{ "--list", OPT_FLAG, NULL, "liste les tables disponibles" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt help_opts[] = {
	{ "--markdown", OPT_FLAG, NULL,
	  "écrit la référence complète en Markdown (source de docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

const orcs_cmd orcs_commands[] = {
	{ "init", "", "Crée ou met à niveau l'entrepôt et charge le référentiel",
	  "Crée l'entrepôt SQLite s'il n'existe pas, applique les migrations de schéma manquantes "
	  "puis charge le référentiel (géographie COG 2026 de l'Île-de-France, énumérations du "
	  "domaine, divisions CPV, secteurs) depuis le dossier data/. Relancer la commande ne "
	  "change rien tant que les fichiers de référence sont identiques.",
	  init_opts, 0, 0, orcs_cmd_init },
	{ "ref", "[TABLE]", "Liste une table du référentiel",
	  "Affiche une table du référentiel chargé par « orcs init »" NB ": communes, "
	  "arrondissements, départements, EPCI, EPT, codes postaux, historique des codes, "
	  "divisions CPV, secteurs, ou toute énumération du domaine (par exemple legal_modality, "
	  "public, prescriber). « orcs ref --list » donne la liste complète.",
	  ref_opts, 0, 1, orcs_cmd_ref },
	{ "help", "[COMMANDE]", "Affiche l'aide générale ou celle d'une commande",
	  "Sans argument, affiche l'aide générale" NB "; avec un nom de commande, son aide "
	  "détaillée.",
	  help_opts, 0, 1, orcs_cmd_help },
};
const unsigned orcs_commands_count = sizeof(orcs_commands) / sizeof(orcs_commands[0]);
