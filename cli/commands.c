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
	{ "--key", OPT_VALUE, "FICHIER",
	  "clé de pseudonymisation à créer si absente (défaut" NB ": ENTREPÔT.key, mode 0600)" },
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

static const orcs_opt import_decp_opts[] = {
	{ "--no-refresh", OPT_FLAG, NULL,
	  "ne recalcule pas le cache des indicateurs (à lancer ensuite" NB ": orcs refresh)" },
	{ "--source", OPT_VALUE, "NOM",
	  "nom de la source enregistré avec chaque contrat (défaut" NB ": nom du dossier ou du fichier)" },
	{ "--json", OPT_FLAG, NULL, "compte rendu en JSON" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt import_clauses_opts[] = {
	{ "--no-refresh", OPT_FLAG, NULL,
	  "ne recalcule pas le cache des indicateurs (à lancer ensuite" NB ": orcs refresh)" },
	{ "--mapping", OPT_VALUE, "FICHIER",
	  "fichier de correspondance des colonnes et des valeurs de l'outil source" },
	{ "--drop-identifying-columns", OPT_FLAG, NULL,
	  "ignore à la lecture les colonnes identifiant directement une personne au lieu de refuser "
	  "le fichier" },
	{ "--key", OPT_VALUE, "FICHIER",
	  "clé de pseudonymisation (défaut" NB ": ENTREPÔT.key, créée par « orcs init »)" },
	{ "--json", OPT_FLAG, NULL, "compte rendu en JSON" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt import_siae_opts[] = {
	{ "--structure-type", OPT_VALUE, "TYPE",
	  "type de structure quand le fichier ne le donne pas (EA, ESAT, GEIQ…)" },
	{ "--json", OPT_FLAG, NULL, "compte rendu en JSON" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt quality_opts[] = {
	{ "--by", OPT_VALUE, "source|buyer", "détaille le rapport par source ou par acheteur" },
	{ "--format", OPT_VALUE, "table|csv|json", "format de sortie (défaut" NB ": table)" },
	{ "--json", OPT_FLAG, NULL, "raccourci de --format json" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt stats_opts[] = {
	{ "--year", OPT_VALUE, "ANNÉE",
	  "année selon la règle d'année de l'indicateur (obligatoire pour un indicateur non "
	  "additif" NB "; défaut" NB ": toutes les années additionnées)" },
	{ "--by", OPT_VALUE, "DIM[,DIM]",
	  "ventile par une ou deux dimensions, avec un niveau pour la géographie (geo_exec:dept, "
	  "geo_exec:ept, geo_exec:commune, geo_res:qpv…)" },
	{ "--where", OPT_REPEAT, "DIM=VALEUR", "ne garde que la valeur VALEUR de la dimension DIM" },
	{ "--dept", OPT_VALUE, "CODE", "raccourci de --where geo_exec:dept=CODE" },
	{ "--audience", OPT_VALUE, "public|internal",
	  "public visé" NB ": public applique le secret statistique (défaut), internal non" },
	{ "--format", OPT_VALUE, "table|csv|json", "format de sortie (défaut" NB ": table)" },
	{ "--json", OPT_FLAG, NULL, "raccourci de --format json" },
	{ "--live", OPT_FLAG, NULL, "calcule sur l'entrepôt sans utiliser le cache" },
	{ "--list", OPT_FLAG, NULL, "liste le catalogue des indicateurs" },
	{ "--markdown", OPT_FLAG, NULL,
	  "avec --list" NB ": écrit le catalogue en Markdown (source de docs/indicators.md)" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt refresh_opts[] = {
	{ "--json", OPT_FLAG, NULL, "compte rendu en JSON" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt synth_opts[] = {
	{ "--scale", OPT_VALUE, "S", "échelle (1 = ordres de grandeur régionaux" NB "; défaut" NB ": 1)" },
	{ "--seed", OPT_VALUE, "N", "graine du générateur (défaut" NB ": 1)" },
	{ "-o", OPT_VALUE, "DOSSIER", "dossier de sortie (obligatoire)" },
	{ "--defects", OPT_VALUE, "TAUX", "part de lignes fautives injectées (0 à 1" NB "; défaut" NB ": 0)" },
	{ "--format", OPT_VALUE, "csv|xlsx", "format de la livraison (défaut" NB ": csv)" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt serve_opts[] = {
	{ "--bind", OPT_VALUE, "ADRESSE", "adresse IPv4 d'écoute (défaut" NB ": 127.0.0.1)" },
	{ "--port", OPT_VALUE, "PORT", "port d'écoute (défaut" NB ": 8080)" },
	{ "--threads", OPT_VALUE, "N", "nombre de fils de traitement (défaut" NB ": 2)" },
	{ "--log", OPT_VALUE, "FICHIER", "journal des accès (défaut" NB ": erreur standard)" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt export_decp_opts[] = {
	{ "--format", OPT_VALUE, "json|xml", "format du schéma officiel 2024 v2.0.3 (défaut" NB ": json)" },
	{ "--year", OPT_VALUE, "ANNÉE",
	  "ne garde que les marchés notifiés et les concessions signées l'année ANNÉE" },
	{ "-o", OPT_VALUE, "FICHIER", "fichier de sortie (défaut" NB ": sortie standard)" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt export_indicators_opts[] = {
	{ "--format", OPT_VALUE, "csv|xlsx|json", "format de sortie (défaut" NB ": csv)" },
	{ "-o", OPT_VALUE, "FICHIER",
	  "fichier de sortie, avec son dictionnaire FICHIER.dictionnaire.csv à côté (défaut" NB
	  ": sortie standard, sans dictionnaire" NB "; obligatoire en xlsx)" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt export_geo_opts[] = {
	{ "--format", OPT_VALUE, "geojson", "format de sortie (défaut" NB ": geojson)" },
	{ "--level", OPT_VALUE, "dept|commune", "maille des contours (défaut" NB ": dept)" },
	{ "--year", OPT_VALUE, "ANNÉE", "année des indicateurs (défaut" NB ": la dernière)" },
	{ "-o", OPT_VALUE, "FICHIER",
	  "fichier de sortie, avec son dictionnaire à côté (défaut" NB ": sortie standard)" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt report_annual_opts[] = {
	{ "--year", OPT_VALUE, "ANNÉE", "année du rapport (obligatoire)" },
	{ "-o", OPT_VALUE, "FICHIER.pdf", "fichier PDF à écrire (obligatoire)" },
	{ "--audience", OPT_VALUE, "public|internal",
	  "public applique le secret statistique (défaut)" NB "; internal montre tout et l'indique "
	  "sur chaque page" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt report_sheet_opts[] = {
	{ "--territory", OPT_VALUE, "dept:CODE|ept:SIREN|commune:INSEE", "fiche d'un territoire" },
	{ "--buyer", OPT_VALUE, "SIRET", "fiche d'un acheteur (donneur d'ordre)" },
	{ "--public", OPT_VALUE, "CODE", "fiche d'un public cible (jeunes, seniors, allocataires du RSA…)" },
	{ "--year", OPT_VALUE, "ANNÉE", "année de la fiche (obligatoire)" },
	{ "--period", OPT_VALUE, "AAAA-Tn", "trimestre de la fiche périodique (par exemple 2024-T2)" },
	{ "-o", OPT_VALUE, "FICHIER.pdf", "fichier PDF à écrire (obligatoire)" },
	{ "--audience", OPT_VALUE, "public|internal",
	  "public applique le secret statistique (défaut)" NB "; internal montre tout" },
	{ NULL, 0, NULL, NULL },
};

static const orcs_opt report_all_opts[] = {
	{ "--year", OPT_VALUE, "ANNÉE", "année des fiches (obligatoire)" },
	{ "-o", OPT_VALUE, "DOSSIER", "dossier où écrire les fiches (obligatoire, créé si absent)" },
	{ "--audience", OPT_VALUE, "public|internal",
	  "public applique le secret statistique (défaut)" NB "; internal montre tout" },
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
	{ "import decp", "CHEMIN...", "Importe des fichiers DECP (formats 2019 et 2024, JSON et XML)",
	  "Importe les données essentielles de la commande publique" NB ": fichiers, dossiers, « - » "
	  "pour l'entrée standard, .gz et .zip acceptés. Chaque fichier est importé en une "
	  "transaction" NB "; un fichier déjà importé n'est pas relu. Les enregistrements "
	  "inutilisables sont mis en quarantaine avec leur motif et le bilan vérifie "
	  "lus = chargés + doublons + quarantaine.",
	  import_decp_opts, 1, -1, orcs_cmd_import_decp },
	{ "import clauses", "CHEMIN", "Importe une livraison du suivi des clauses (CSV, ZIP ou XLSX)",
	  "Importe une livraison au format d'échange ORCS v1 (donneurs d'ordre, opérations, marchés, "
	  "entreprises, participants, contrats, heures, sorties, engagements, consultations)" NB ": "
	  "un dossier de CSV, un ZIP de ce dossier ou un classeur XLSX. Toute la livraison est "
	  "chargée en une transaction. Les identifiants de participants ne sont stockés que "
	  "sous forme de hachage à clé. Une livraison contenant des colonnes identifiant "
	  "directement une personne (nom, prénom, NIR, date de naissance, adresse…) est refusée "
	  "(code 1) sauf avec --drop-identifying-columns.",
	  import_clauses_opts, 1, 1, orcs_cmd_import_clauses },
	{ "import siae", "FICHIER", "Importe un annuaire de structures inclusives (SIAE, GEIQ, EA, ESAT)",
	  "Importe un annuaire de structures inclusives pour reconnaître les titulaires DECP et les "
	  "employeurs des clauses comme entreprises inclusives. La forme du fichier est reconnue "
	  "d'après son en-tête" NB ": liste ASP (colonne mesure), le marché de l'inclusion (colonne "
	  "type), liste des GEIQ" NB "; une liste EA ou ESAT de même forme sans colonne de type "
	  "prend --structure-type.",
	  import_siae_opts, 1, 1, orcs_cmd_import_siae },
	{ "quality", "", "Rapport de qualité des données importées",
	  "Présente les signalements de qualité par catégorie (singularité, validité, complétude, "
	  "conformité, exactitude, cohérence) et par motif, ainsi que la quarantaine.",
	  quality_opts, 0, 0, orcs_cmd_quality },
	{ "stats", "[INDICATEUR]", "Calcule un indicateur ou liste le catalogue",
	  "Calcule un indicateur du catalogue sur l'entrepôt" NB ": valeur, numérateur, dénominateur "
	  "et couverture, valeur de l'année précédente et évolution, ventilées par une ou deux "
	  "dimensions (--by) et filtrées (--where). Pour le grand public, le secret statistique "
	  "masque les cases de moins de 5 personnes ou de 3 entreprises au plus, et celles qui "
	  "permettraient de les retrouver (« s »). Sans --year, seuls les indicateurs additifs sont "
	  "calculés, toutes années additionnées. La réponse vient du cache tenu par « orcs refresh » "
	  "quand il est à jour. « orcs stats --list » liste le catalogue et indique les indicateurs "
	  "pas encore calculables.",
	  stats_opts, 0, 1, orcs_cmd_stats },
	{ "refresh", "", "Recalcule le cache des indicateurs",
	  "Recalcule les résultats précalculés de chaque indicateur calculable" NB ": chaque année "
	  "où il y a des données (et toutes années additionnées pour un indicateur additif), sans "
	  "ventilation puis par chaque dimension à son niveau par défaut, pour le grand public et "
	  "en interne. Les imports l'appellent en fin d'import" NB "; à relancer après une "
	  "modification de l'entrepôt faite à la main.",
	  refresh_opts, 0, 0, orcs_cmd_refresh },
	{ "synth", "", "Génère une livraison synthétique au format d'échange",
	  "Écrit une livraison entièrement synthétique et déterministe au format d'échange ORCS v1, "
	  "calibrée sur les ordres de grandeur régionaux, avec un manifest.json de ses totaux.",
	  synth_opts, 0, 0, orcs_cmd_synth },
	{ "serve", "", "Sert le site de datavisualisation et l'API JSON",
	  "Sert le site (pages en français, graphiques et cartes en SVG, tableaux de données) et "
	  "l'API JSON /api/v1 décrite par /api/v1/openapi.json. Les chiffres publiés respectent le "
	  "secret statistique. S'arrête proprement sur SIGTERM ou Ctrl-C.",
	  serve_opts, 0, 0, orcs_cmd_serve },
	{ "export decp", "", "Exporte les DECP au schéma officiel 2024 (v2.0.3)",
	  "Écrit les marchés et les contrats de concession de l'entrepôt au format des données "
	  "essentielles de la commande publique 2024 (schéma v2.0.3), en JSON ou en XML, valide "
	  "contre le schéma officiel livré dans data/schemas" NB ": seules les données initiales "
	  "valides sont écrites, telles que notifiées (sans les modifications). Les autres "
	  "enregistrements sont comptés avec leur motif sur la sortie d'erreur (champ obligatoire "
	  "absent, valeur hors schéma)" NB "; un titulaire, un concessionnaire ou un code répété "
	  "dans la source est écrit une fois.",
	  export_decp_opts, 0, 0, orcs_cmd_export_decp },
	{ "export indicators", "", "Exporte tous les indicateurs publiés (CSV, XLSX, JSON)",
	  "Écrit chaque indicateur calculable, pour chaque année et chaque ventilation par défaut, "
	  "tel que publié pour le grand public (secret statistique appliqué" NB ": « s »), avec un "
	  "dictionnaire des données tiré du catalogue. Licence Ouverte 2.0.",
	  export_indicators_opts, 0, 0, orcs_cmd_export_indicators },
	{ "export geo", "", "Exporte les indicateurs joints aux contours (GeoJSON)",
	  "Écrit les contours des départements ou des communes d'Île-de-France avec, pour chaque "
	  "territoire, la valeur publiée de chaque indicateur ventilable par lieu d'exécution, avec "
	  "un dictionnaire des données.",
	  export_geo_opts, 0, 0, orcs_cmd_export_geo },
	{ "report annual", "", "Produit le rapport annuel (PDF)",
	  "Écrit le panorama annuel en PDF A4" NB ": couverture, synthèse rédigée à partir des "
	  "chiffres, chiffres clés, chaque famille d'indicateurs avec graphiques, cartes et "
	  "tableaux, projets du Grand Paris, plateforme, qualité et couverture des données, "
	  "méthodologie tirée du catalogue, sources et licences.",
	  report_annual_opts, 0, 0, orcs_cmd_report_annual },
	{ "report sheet", "", "Produit une fiche de deux pages (territoire, acheteur ou public)",
	  "Écrit une fiche PDF de deux pages pour un territoire (--territory), un acheteur "
	  "(--buyer) ou un public cible (--public), pour une année ou un trimestre.",
	  report_sheet_opts, 0, 0, orcs_cmd_report_sheet },
	{ "report all", "", "Produit toutes les fiches départements, EPT et publics",
	  "Écrit dans DOSSIER la fiche de chaque département, de chaque établissement public "
	  "territorial et de chaque public cible pour l'année.",
	  report_all_opts, 0, 0, orcs_cmd_report_all },
	{ "help", "[COMMANDE]", "Affiche l'aide générale ou celle d'une commande",
	  "Sans argument, affiche l'aide générale" NB "; avec un nom de commande, son aide "
	  "détaillée.",
	  help_opts, 0, 2, orcs_cmd_help },
};
const unsigned orcs_commands_count = sizeof(orcs_commands) / sizeof(orcs_commands[0]);
