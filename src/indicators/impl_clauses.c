/*
 * impl_clauses.c - cubes and implementations of the indicators computed
 * from clause-tracking facts (004_clauses.sql): clauses.*, benef.*, ogpf.*,
 * platform.* and inclusive.hours_share_structures.  Declarations only; the
 * engine (engine.c) builds and runs the SQL.
 */
#include "indicators/impl_common.h"

/* ---- tracked markets ------------------------------------------------------ */

#define MARKET_JOINS "LEFT JOIN clause_operation o ON o.operation_id = m.operation_id"
#define NOW_YEAR "CAST(strftime('%Y', 'now') AS INTEGER)"
/* hours of a market over its whole life */
#define MARKET_HOURS                                                                        \
	"(SELECT sum(h2.hours_work) FROM clause_contract k2 JOIN clause_hours h2 ON "       \
	"h2.contrat_id = k2.contrat_id WHERE k2.market_id = m.id)"
/* last year of the execution period: start + duration − 1 day */
#define MARKET_END_YEAR                                                                     \
	"CAST(strftime('%Y', date(m.date_notification, '+' || m.duree_mois || ' months', "  \
	"'-1 day')) AS INTEGER)"
#define GP "coalesce(o.programme, 'NONE') <> 'NONE'"

static const ind_dim market_dims[] = {
	{ "geo_exec", "lieu d'exécution", 0,
	  { GEO_LEVELS("gm.departement", GEO_JOIN("gm", "m.lieu_commune"), "m.lieu_commune",
		       "gm") } },
	{ "donneur_type", "type de donneur d'ordre", 0,
	  { ENUM_LEVEL("bd.donneur_type", "LEFT JOIN dim_buyer bd ON bd.siret = m.donneur_siret",
		       "donneur_type") } },
	{ "donneur", "donneur d'ordre", 0,
	  { { "siret", NULL, "m.donneur_siret", NULL, NULL, NULL,
	      "SELECT nom FROM dim_buyer WHERE siret = ?1", NULL, 0, NULL } } },
	{ "programme", "programme", 0,
	  { ENUM_LEVEL("coalesce(o.programme, 'NONE')", NULL, "programme") } },
	{ "moa", "maître d'ouvrage", 0, { ENUM_LEVEL("o.moa", NULL, "moa") } },
	{ "operation", "opération", 0,
	  { { "id", NULL, "m.operation_id", NULL, NULL, NULL,
	      "SELECT libelle FROM clause_operation WHERE operation_id = ?1", NULL, 0, NULL } } },
	{ "nature", "nature du marché", 0, { ENUM_LEVEL("m.nature", NULL, "nature_marche") } },
	{ "sector", "secteur", 0,
	  { ENUM_LEVEL("cpd.sector",
		       "LEFT JOIN ref_cpv_division cpd ON cpd.division = substr(m.cpv, 1, 2)",
		       "sector") } },
	{ "mod_jur", "modalité juridique", 0, { MULTI_LEVEL("m.modalites", "e_mj", "legal_modality") } },
	/* type of the titulaires declared on the market (several: parts overlap) */
	{ "structure_type", "type de structure du titulaire", 0,
	  { { "value", NULL, "e_mt.code",
	      "CROSS JOIN dim_enum e_mt ON e_mt.enum = 'structure_type' AND EXISTS (SELECT 1 FROM "
	      "clause_market_enterprise me JOIN dim_enterprise e ON e.siret = me.siret WHERE "
	      "me.market_id = m.id AND me.role IN ('TITULAIRE', 'COTRAITANT') AND "
	      "e.structure_type = e_mt.code)",
	      "EXISTS (SELECT 1 FROM clause_market_enterprise me JOIN dim_enterprise e ON "
	      "e.siret = me.siret WHERE me.market_id = m.id AND me.role IN ('TITULAIRE', "
	      "'COTRAITANT') AND e.structure_type = {V})",
	      ENUM_DOMAIN("structure_type"), NULL, NULL, 1,
	      "(SELECT group_concat(code, char(31)) FROM (SELECT DISTINCT e.structure_type AS code "
	      "FROM clause_market_enterprise me JOIN dim_enterprise e ON e.siret = me.siret WHERE "
	      "me.market_id = m.id AND me.role IN ('TITULAIRE', 'COTRAITANT') AND "
	      "e.structure_type IN (SELECT code FROM dim_enum WHERE enum = 'structure_type')))" } } },
	{ "month", "mois de notification", 0,
	  { { "value", NULL, "substr(m.date_notification, 1, 7)", NULL, NULL, NULL, NULL, NULL, 0, NULL } } },
	END_DIMS,
};

/* Tracked markets with at least one social modality (one row per lot). */
static const ind_cube cube_market = {
	"clause_market",
	"clause_market m " MARKET_JOINS,
	"m.modalites <> ''",
	{ { "NOTIFIED", NULL, "m.notif_year" },
	  /* execution period [notification, + duration[ overlapping N, or hours recorded in N */
	  { "ACTIVE",
	    "LEFT JOIN (SELECT k2.market_id AS market_id, CAST(substr(min(h2.month), 1, 4) AS "
	    "INTEGER) AS y0, CAST(substr(max(h2.month), 1, 4) AS INTEGER) AS y1 FROM "
	    "clause_contract k2 JOIN clause_hours h2 ON h2.contrat_id = k2.contrat_id GROUP BY "
	    "k2.market_id) mh ON mh.market_id = m.id "
	    "JOIN ind_year y ON y.year BETWEEN min(m.notif_year, coalesce(mh.y0, m.notif_year)) "
	    "AND max(coalesce(" MARKET_END_YEAR ", m.notif_year), coalesce(mh.y1, 0))",
	    "y.year" },
	  { "ENDED", NULL, MARKET_END_YEAR },
	  { "CUMULATIVE", "JOIN ind_year y ON y.year >= m.notif_year AND y.year <= " NOW_YEAR,
	    "y.year" } },
	market_dims,
	NULL,
	"facilitateur" NB ": aucune colonne ne rattache un marché à son facilitateur dans "
	"004_clauses.sql",
};

/* ---- work contracts and participants ------------------------------------- */

#define CONTRACT_JOINS                                                                       \
	"JOIN clause_market m ON m.id = k.market_id " MARKET_JOINS                           \
	" LEFT JOIN clause_participant p ON p.pid = k.pid"                                  \
	" LEFT JOIN dim_enterprise se ON se.siret = k.employer_siret"

static const ind_dim contract_dims[] = {
	{ "mod_real", "modalité de réalisation", 0,
	  { ENUM_LEVEL("k.fulfilment", NULL, "fulfilment_modality") } },
	{ "structure_type", "type de structure employeuse", 0,
	  { ENUM_LEVEL("se.structure_type", NULL, "structure_type") } },
	{ "contract_type", "type de contrat", 0,
	  { ENUM_LEVEL("k.contract_type", NULL, "contract_type") } },
	{ "duration_class", "durée du contrat", 0,
	  { { "value", NULL,
	      "CASE WHEN k.date_fin IS NOT NULL THEN CASE WHEN date(k.date_debut, '+6 months') > "
	      "k.date_fin THEN 'LT6M' ELSE 'GE6M' END END",
	      NULL, NULL, "SELECT 'LT6M', 'moins de 6 mois' UNION ALL SELECT 'GE6M', '6 mois et plus'",
	      NULL, NULL, 0, NULL } } },
	{ "role", "rôle de l'entreprise", 0,
	  { { "value", NULL, "e_ro.code",
	      "CROSS JOIN dim_enum e_ro ON e_ro.enum = 'role' AND EXISTS (SELECT 1 FROM "
	      "clause_market_enterprise me WHERE me.market_id = m.id AND me.siret = "
	      "k.employer_siret AND me.role = e_ro.code)",
	      "EXISTS (SELECT 1 FROM clause_market_enterprise me WHERE me.market_id = m.id AND "
	      "me.siret = k.employer_siret AND me.role = {V})",
	      ENUM_DOMAIN("role"), NULL, NULL, 1,
	      "(SELECT group_concat(code, char(31)) FROM (SELECT DISTINCT me.role AS code FROM "
	      "clause_market_enterprise me WHERE me.market_id = m.id AND me.siret = "
	      "k.employer_siret AND me.role IN (SELECT code FROM dim_enum WHERE enum = 'role')))" } } },
	{ "sex", "sexe", 1, { ENUM_LEVEL("p.sexe", NULL, "sex") } },
	{ "age_band", "âge à l'entrée", 1, { ENUM_LEVEL("p.age_band", NULL, "age_band") } },
	{ "diploma", "niveau de formation", 1, { ENUM_LEVEL("p.diploma", NULL, "diploma") } },
	{ "public", "public éligible", 1, { MULTI_LEVEL("p.publics", "e_pu", "public") } },
	{ "geo_res", "lieu de résidence", 1,
	  { GEO_LEVELS("p.dept_res", NULL, "p.commune_res", "gr"),
	    { "qpv", "quartier prioritaire",
	      "CASE p.qpv WHEN 1 THEN 'QPV' WHEN 0 THEN 'HORS_QPV' END", NULL, NULL,
	      "SELECT 'QPV', 'résident d''un QPV' UNION ALL SELECT 'HORS_QPV', 'hors QPV'", NULL,
	      NULL, 0, NULL } } },
	{ "prescriber", "prescripteur", 1, { ENUM_LEVEL("p.prescriber", NULL, "prescriber") } },
	END_DIMS,
};

/* Work contracts (missions) on clause markets. */
static const ind_cube cube_contract = {
	"clause_contract",
	"clause_contract k " CONTRACT_JOINS,
	"m.modalites <> ''",
	{ { "STARTED", NULL, DATE_YEAR("k.date_debut") } },
	contract_dims,
	&cube_market,
	NULL,
};

/* Monthly hours of each contract. */
static const ind_dim hours_dims[] = {
	{ "month", "mois", 0, { { "value", NULL, "h.month", NULL, NULL, NULL, NULL, NULL, 0, NULL } } },
	END_DIMS,
};

static const ind_cube cube_hours = {
	"clause_hours",
	"clause_hours h JOIN clause_contract k ON k.contrat_id = h.contrat_id " CONTRACT_JOINS,
	"m.modalites <> ''",
	{ { "REALISED", NULL, "CAST(substr(h.month, 1, 4) AS INTEGER)" },
	  { "CUMULATIVE",
	    "JOIN ind_year y ON y.year >= CAST(substr(h.month, 1, 4) AS INTEGER) AND y.year <= "
	    NOW_YEAR,
	    "y.year" } },
	hours_dims,
	&cube_contract,
	NULL,
};

/* Each participant's first contract on a clause market. */
static const ind_cube cube_first = {
	"clause_first",
	"(SELECT k0.*, row_number() OVER (PARTITION BY k0.pid ORDER BY k0.date_debut, "
	"k0.contrat_id) AS rn FROM clause_contract k0) k " CONTRACT_JOINS,
	"k.rn = 1 AND m.modalites <> ''",
	{ { "STARTED", NULL, DATE_YEAR("k.date_debut") } },
	NULL,
	&cube_contract,
	NULL,
};

/* Each participant's last ended contract, once per outcome horizon (FIN, M6). */
static const ind_dim exit_dims[] = {
	{ "outcome", "situation à la sortie", 0, { ENUM_LEVEL("oc.situation", NULL, "outcome") } },
	{ "horizon", "horizon", 0, { ENUM_LEVEL("hz.code", NULL, "outcome_horizon") } },
	END_DIMS,
};

static const ind_cube cube_exit = {
	"clause_exit",
	"(SELECT k0.*, row_number() OVER (PARTITION BY k0.pid ORDER BY coalesce(k0.date_fin, "
	"'9999-12-31') DESC, k0.contrat_id DESC) AS rn FROM clause_contract k0) k " CONTRACT_JOINS
	" JOIN dim_enum hz ON hz.enum = 'outcome_horizon'"
	" LEFT JOIN clause_outcome oc ON oc.pid = k.pid AND oc.horizon = hz.code",
	"k.rn = 1 AND k.date_fin IS NOT NULL AND m.modalites <> ''",
	{ { "ENDED", NULL, DATE_YEAR("k.date_fin") } },
	exit_dims,
	&cube_contract,
	NULL,
};

/* ---- the buyers' platform ----------------------------------------------- */

static const ind_dim platform_dims[] = {
	{ "acheteur", "acheteur", 0,
	  { { "siret", NULL, "pc.buyer_siret", NULL, NULL, NULL,
	      "SELECT nom FROM dim_buyer WHERE siret = ?1", NULL, 0, NULL } } },
	{ "buyer_category", "catégorie d'acheteur", 0,
	  { ENUM_LEVEL("bp.donneur_type", "LEFT JOIN dim_buyer bp ON bp.siret = pc.buyer_siret",
		       "donneur_type") } },
	{ "nature", "nature", 0, { ENUM_LEVEL("pc.nature", NULL, "nature_marche") } },
	{ "allotted", "consultation allotie", 0,
	  { { "value", NULL,
	      "CASE WHEN EXISTS (SELECT 1 FROM platform_consultation p2 WHERE "
	      "p2.consultation_id = pc.consultation_id AND p2.lot <> '0') THEN 'OUI' ELSE 'NON' END",
	      NULL, NULL, YES_NO_DOMAIN("allotie", "non allotie"), NULL, NULL, 0, NULL } } },
	END_DIMS,
};

static const ind_cube cube_platform = {
	"platform",
	"platform_consultation pc",
	NULL,
	{ { "PUBLISHED", NULL, "pc.pub_year" } },
	platform_dims,
	NULL,
	NULL,
};

/* ---- implementations ------------------------------------------------------- */

#define SIREN "substr(k.employer_siret, 1, 9)"
#define PIDS "count(DISTINCT k.pid)"
#define PIDS_IF(cond) "count(DISTINCT CASE WHEN " cond " THEN k.pid END)"
#define WORKED "h.hours_work > 0"
#define HOURS "sum(h.hours_work)"
#define HOURS_IF(cond) "sum(CASE WHEN " cond " THEN h.hours_work END)"
/* active clause markets with hours recorded in N ÷ active clause markets */
#define HOURS_COVERAGE                                                                       \
	.cov_cube = &cube_market, .cov_rule = "ACTIVE",                                       \
	.cov_num = "count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM clause_contract k2 JOIN "  \
		   "clause_hours h2 ON h2.contrat_id = k2.contrat_id WHERE k2.market_id = m.id " \
		   "AND h2.month BETWEEN {Y} || '-01' AND {Y} || '-12') THEN m.id END)",       \
	.cov_den = "count(DISTINCT m.id)"
#define S1_HOURS .contrib_key = SIREN, .contrib_value = "h.hours_work"

/* A share of participants of N having an attribute among those whose
 * attribute is known. */
#define PERSON_SHARE(id_, filter_, yes, known)                                              \
	{ .id = id_, .cube = &cube_hours, .kind = ORCS_IND_RATIO, .filter = filter_,         \
	  .num = PIDS_IF(yes), .den = PIDS_IF(known), .cov_num = PIDS_IF(known),             \
	  .cov_den = PIDS, .persons = PIDS_IF(known), .persons_num = 1 }

#define SEX_F "p.sexe = 'F'"
#define SEX_KNOWN "p.sexe IN ('F', 'H')"
#define AGE_KNOWN "p.age_band IN ('AGE_LT26', 'AGE_26_49', 'AGE_50P')"
#define QPV_KNOWN "p.qpv IN (0, 1)"
#define PUBLICS_KNOWN "coalesce(p.publics, '') <> ''"
#define GP_WORKED WORKED " AND " GP
#define INSERTION_TYPES "('EI', 'ETTI', 'AI', 'ACI', 'EITI', 'EA', 'EATT', 'ESAT', 'GEIQ')"
#define POSITIVE_EXIT "oc.situation IN ('EMPLOI_DURABLE', 'EMPLOI_TRANSITION', 'SORTIE_POSITIVE')"
#define KNOWN_EXIT "oc.situation IS NOT NULL AND oc.situation <> 'NR'"
#define PLATFORM_POS(col, codes) "(" codes ")"
#define SOC_CLAUSE_ANY                                                                      \
	"(" HAS("pc.clause_sociale", "CLAUSE") " OR " HAS("pc.clause_sociale", "CRITERE")    \
	" OR " HAS("pc.clause_sociale", "RESERVE") ")"
#define ENV_CLAUSE_ANY "(" HAS("pc.clause_env", "CLAUSE") " OR " HAS("pc.clause_env", "CRITERE") ")"
#define NOT_ALLOTTED                                                                        \
	"pc.lot = '0' AND NOT EXISTS (SELECT 1 FROM platform_consultation p2 WHERE "         \
	"p2.consultation_id = pc.consultation_id AND p2.lot <> '0')"
#define PLATFORM_SHARE(id_, filter_, pos, col)                                              \
	{ .id = id_, .cube = &cube_platform, .kind = ORCS_IND_RATIO, .filter = filter_,      \
	  .num = "sum(" pos ")", .den = "sum(coalesce(" col ", '') <> '')",                  \
	  .cov_num = "sum(coalesce(" col ", '') <> '')", .cov_den = "count(*)" }

static const ind_impl impls[] = {
	/* clauses (domain reference §5.2) */
	{ .id = "clauses.hours_realised", .cube = &cube_hours, .kind = ORCS_IND_SUM, .num = HOURS,
	  HOURS_COVERAGE, S1_HOURS },
	{ .id = "clauses.hours_training", .cube = &cube_hours, .kind = ORCS_IND_SUM,
	  .num = "sum(h.hours_training)", HOURS_COVERAGE, .contrib_key = SIREN,
	  .contrib_value = "h.hours_training",
	  .note = "Heures de la colonne heures_formation des livraisons" NB ": le format "
		  "d'échange ne dit pas si le CCAP autorise leur prise en compte, toutes les "
		  "heures de formation déclarées sont comptées." },
	{ .id = "clauses.hours_planned", .cube = &cube_market, .kind = ORCS_IND_SUM,
	  .num = "sum(m.heures_objectif)", .cov_num = "sum(m.heures_objectif IS NOT NULL)",
	  .cov_den = "count(*)",
	  .note = "Objectif fixé à la notification" NB ": il ne préjuge pas des heures réalisées." },
	{ .id = "clauses.realisation_rate", .cube = &cube_market, .kind = ORCS_IND_RATIO,
	  .num = "sum(CASE WHEN m.heures_objectif > 0 AND " MARKET_HOURS " > 0 THEN " MARKET_HOURS
		 " END)",
	  .den = "sum(CASE WHEN m.heures_objectif > 0 AND " MARKET_HOURS
		 " > 0 THEN m.heures_objectif END)",
	  .cov_num = "sum(m.heures_objectif > 0 AND " MARKET_HOURS " > 0)", .cov_den = "count(*)",
	  .contrib_cube = &cube_hours, .contrib_filter = "m.heures_objectif > 0", S1_HOURS,
	  .note = "Un taux supérieur à 100" NB "% signifie que l'objectif a été dépassé." },
	{ .id = "clauses.fte", .cube = &cube_hours, .kind = ORCS_IND_MEAN, .num = HOURS,
	  .den_const = 1607, HOURS_COVERAGE, S1_HOURS,
	  .note = "Convention de 1" ORCS_NNBSP "607 heures par ETP." },
	{ .id = "clauses.markets_notified", .cube = &cube_market, .kind = ORCS_IND_COUNT,
	  .num = "count(DISTINCT m.id)",
	  .note = "Par modalité juridique, un marché à plusieurs modalités est compté dans "
		  "chacune" NB ": les parts ne s'additionnent pas." },
	{ .id = "clauses.markets_active", .cube = &cube_market, .kind = ORCS_IND_DISTINCT,
	  .num = "count(DISTINCT m.id)",
	  .note = "Un marché actif sur plusieurs années est compté chaque année." },
	{ .id = "clauses.donneurs_active", .cube = &cube_market, .kind = ORCS_IND_DISTINCT,
	  .num = "count(DISTINCT m.donneur_siret)" },
	{ .id = "clauses.companies_active", .cube = &cube_hours, .kind = ORCS_IND_DISTINCT,
	  .filter = WORKED, .num = "count(DISTINCT " SIREN ")",
	  .note = "Entreprises employeuses des participants (SIREN)" NB "; rôle selon les "
		  "entreprises déclarées sur le marché." },
	{ .id = "clauses.contracts_started", .cube = &cube_contract, .kind = ORCS_IND_COUNT,
	  .num = "count(DISTINCT k.contrat_id)", .persons = PIDS },

	/* beneficiaries (§5.3) */
	{ .id = "benef.participants", .cube = &cube_hours, .kind = ORCS_IND_DISTINCT,
	  .filter = WORKED, .num = PIDS, .persons = PIDS,
	  .note = "Une personne est comptée une fois, même avec plusieurs contrats" NB "; par "
		  "public, les parts ne s'additionnent pas." },
	{ .id = "benef.new_participants", .cube = &cube_first, .kind = ORCS_IND_DISTINCT,
	  .num = PIDS, .persons = PIDS },
	PERSON_SHARE("benef.share_women", WORKED, SEX_F, SEX_KNOWN),
	PERSON_SHARE("benef.share_lt26", WORKED, "p.age_band = 'AGE_LT26'", AGE_KNOWN),
	PERSON_SHARE("benef.share_50p", WORKED, "p.age_band = 'AGE_50P'", AGE_KNOWN),
	PERSON_SHARE("benef.share_infra3", WORKED, "p.diploma = 'DIP_INFRA3'",
		     "p.diploma IS NOT NULL AND p.diploma <> 'DIP_NR'"),
	PERSON_SHARE("benef.share_brsa", WORKED, HAS("p.publics", "BRSA"), PUBLICS_KNOWN),
	PERSON_SHARE("benef.share_deld", WORKED, HAS("p.publics", "DELD"), PUBLICS_KNOWN),
	PERSON_SHARE("benef.share_qpv", WORKED, "p.qpv = 1", QPV_KNOWN),
	{ .id = "benef.share_th", .cube = &cube_hours, .kind = ORCS_IND_RATIO, .filter = WORKED,
	  .num = PIDS_IF("p.rqth = 1"), .den = PIDS_IF("p.rqth IN (0, 1)"),
	  .cov_num = PIDS_IF("p.rqth IN (0, 1)"), .cov_den = PIDS,
	  .persons = PIDS_IF("p.rqth IN (0, 1)"), .persons_num = 1, .max_geo = "dept",
	  .note = "Donnée sensible" NB ": publiée au niveau du département ou de la région "
		  "seulement." },
	{ .id = "benef.hours_per_participant", .cube = &cube_hours, .kind = ORCS_IND_MEAN,
	  .filter = WORKED, .num = HOURS, .den = PIDS, .persons = PIDS, S1_HOURS },
	{ .id = "benef.outcome_rate", .cube = &cube_exit, .kind = ORCS_IND_RATIO,
	  .num = PIDS_IF(POSITIVE_EXIT), .den = PIDS_IF(KNOWN_EXIT), .cov_num = PIDS_IF(KNOWN_EXIT),
	  .cov_den = PIDS, .kind_dims = "outcome", .kind_num = PIDS_IF(KNOWN_EXIT),
	  .default_where = "horizon=FIN", .persons = PIDS_IF(KNOWN_EXIT), .persons_num = 1,
	  .note = "Sans ventilation par situation, le numérateur compte les sorties dynamiques "
		  "(emploi durable, emploi de transition, sortie positive)" NB "; horizon FIN "
		  "par défaut (--where horizon=M6)." },

	/* grands projets (§5.6) */
	{ .id = "ogpf.hours_realised", .cube = &cube_hours, .kind = ORCS_IND_SUM, .filter = GP,
	  .num = HOURS, S1_HOURS, .contrib_filter = GP },
	{ .id = "ogpf.share_regional_hours", .cube = &cube_hours, .kind = ORCS_IND_RATIO,
	  .num = HOURS_IF(GP), .den = HOURS, .kind_dims = "programme", .kind_num = HOURS },
	{ .id = "ogpf.hours_vs_commitment", .cube = &cube_market, .kind = ORCS_IND_RATIO,
	  .filter = GP,
	  .num = "sum((SELECT sum(h2.hours_work) FROM clause_contract k2 JOIN clause_hours h2 ON "
		 "h2.contrat_id = k2.contrat_id WHERE k2.market_id = m.id AND h2.month <= {Y} || "
		 "'-12'))",
	  .den = "sum(m.heures_objectif)", .cov_num = "sum(m.heures_objectif IS NOT NULL)",
	  .cov_den = "count(*)", .contrib_cube = &cube_hours, .contrib_filter = GP, S1_HOURS,
	  .note = "Engagement retenu" NB ": objectifs d'heures des marchés notifiés (pas la "
		  "convention)." },
	{ .id = "ogpf.participants", .cube = &cube_hours, .kind = ORCS_IND_DISTINCT,
	  .filter = GP_WORKED, .num = PIDS, .persons = PIDS },
	{ .id = "ogpf.share_participants_regional", .cube = &cube_hours, .kind = ORCS_IND_RATIO,
	  .filter = WORKED, .num = PIDS_IF(GP), .den = PIDS, .kind_dims = "programme,moa",
	  .kind_num = PIDS, .persons = PIDS, .persons_num = 1 },
	PERSON_SHARE("ogpf.share_women", GP_WORKED, SEX_F, SEX_KNOWN),
	PERSON_SHARE("ogpf.share_lt26", GP_WORKED, "p.age_band = 'AGE_LT26'", AGE_KNOWN),
	PERSON_SHARE("ogpf.share_qpv", GP_WORKED, "p.qpv = 1", QPV_KNOWN),
	{ .id = "ogpf.worksites_active", .cube = &cube_market, .kind = ORCS_IND_DISTINCT,
	  .filter = GP, .num = "count(DISTINCT m.operation_id)",
	  .note = "Opérations ayant un marché avec clause dont l'exécution recoupe l'année" NB
		  "; les chantiers ne sont pas distingués des opérations dans l'entrepôt." },

	/* platform (§5.5) */
	{ .id = "platform.consultations_published", .cube = &cube_platform,
	  .kind = ORCS_IND_DISTINCT, .num = "count(DISTINCT pc.consultation_id)" },
	{ .id = "platform.lots_published", .cube = &cube_platform, .kind = ORCS_IND_COUNT,
	  .num = "sum(pc.lot <> '0')" },
	PLATFORM_SHARE("platform.social_share_consultations", NOT_ALLOTTED, SOC_CLAUSE_ANY,
		       "pc.clause_sociale"),
	PLATFORM_SHARE("platform.social_share_lots", "pc.lot <> '0'", SOC_CLAUSE_ANY,
		       "pc.clause_sociale"),
	PLATFORM_SHARE("platform.env_share_consultations", NOT_ALLOTTED, ENV_CLAUSE_ANY,
		       "pc.clause_env"),
	PLATFORM_SHARE("platform.env_share_lots", "pc.lot <> '0'", ENV_CLAUSE_ANY, "pc.clause_env"),
	{ .id = "platform.offers_received", .cube = &cube_platform, .kind = ORCS_IND_SUM,
	  .num = "sum(pc.offres)", .cov_num = "sum(pc.offres IS NOT NULL)", .cov_den = "count(*)",
	  .note = "Offres rattachées à l'année de publication de la consultation." },

	/* inclusive enterprises, clause side (§5.7) */
	{ .id = "inclusive.hours_share_structures", .cube = &cube_hours, .kind = ORCS_IND_RATIO,
	  .num = HOURS_IF("se.structure_type IN " INSERTION_TYPES),
	  .den = HOURS_IF("se.structure_type IS NOT NULL"),
	  .cov_num = HOURS_IF("se.structure_type IS NOT NULL"), .cov_den = HOURS,
	  .kind_dims = "structure_type", .kind_num = HOURS_IF("se.structure_type IS NOT NULL"),
	  S1_HOURS, .contrib_filter = "se.structure_type IN " INSERTION_TYPES },
};

const ind_family ind_family_clauses = {
	"clauses", impls, sizeof(impls) / sizeof(impls[0]), NULL, 0,
};
