/*
 * impl_decp.c - cubes and implementations of the indicators computed from
 * DECP facts (003_decp.sql) and the directories of inclusive structures:
 * decp.*, inclusive.* (DECP side) and quality.*.  Declarations only; the
 * engine (engine.c) builds and runs the SQL.
 */
#include "indicators/impl_common.h"

#define SOC_FILLED "c.social_status = 'FILLED'"
#define ENV_FILLED "c.env_status = 'FILLED'"
#define SOC_POS                                                                             \
	"(" HAS("c.social_values", "SOC_CLAUSE") " OR " HAS("c.social_values", "SOC_CRITERE") \
	" OR " HAS("c.social_values", "SOC_RESERVE") ")"
#define ENV_POS "(" HAS("c.env_values", "ENV_CLAUSE") " OR " HAS("c.env_values", "ENV_CRITERE") ")"
#define SOC_NONE_ONLY "(" HAS("c.social_values", "SOC_NONE") " AND NOT " SOC_POS ")"

/* Figures shared by the DECP shares (domain reference §5.4). */
#define N_ALL "count(*)"
#define N_FMT2024 "sum(c.fmt = '2024')"
#define COVERAGE_FMT { "coverage_fmt", N_FMT2024, N_ALL }
#define POPULATION { "population", N_ALL, NULL }
#define COVERAGE_FILLED(status) { "coverage_filled", "sum(" status ")", N_FMT2024 }

#define INCLUSIVE_TYPES "(SELECT code FROM dim_enum WHERE enum = 'structure_type' AND note = 'inclusive')"
#define TIT0 "FROM decp_titulaire t WHERE t.contract_id = c.id AND t.version = 0"
#define HAS_VALID_TIT "EXISTS (SELECT 1 " TIT0 " AND t.siret_valid = 1)"
#define HAS_INCLUSIVE_TIT                                                                    \
	"EXISTS (SELECT 1 FROM decp_titulaire t JOIN dim_enterprise e ON e.siren = t.siren "  \
	"WHERE t.contract_id = c.id AND t.version = 0 AND t.siret_valid = 1 AND "            \
	"e.structure_type IN " INCLUSIVE_TYPES ")"
#define AMOUNT_OK "c.amount_flagged = 0"
#define BUYER_JOIN "LEFT JOIN dim_buyer b ON b.siret = c.buyer_siret"
#define FMT_DOMAIN \
	"SELECT '2019', 'format 2019 (sans considérations)' UNION ALL SELECT '2024', 'format 2024'"

static const ind_dim decp_dims[] = {
	{ "geo_exec", "lieu d'exécution", 0,
	  { GEO_LEVELS("c.departement", NULL, "c.commune", "gx") } },
	{ "geo_buyer", "localisation de l'acheteur", 0,
	  { { "dept", "département", "b.departement", BUYER_JOIN, NULL, DEPT_DOMAIN, NULL, NULL, 0, NULL } } },
	{ "buyer_category", "catégorie d'acheteur", 0,
	  { ENUM_LEVEL("b.donneur_type", BUYER_JOIN, "donneur_type") } },
	{ "acheteur", "acheteur", 0,
	  { { "siret", NULL, "c.buyer_siret", NULL, NULL, NULL,
	      "SELECT nom FROM dim_buyer WHERE siret = ?1", NULL, 0, NULL } } },
	{ "nature", "nature du contrat", 0,
	  { { "value", NULL, "c.nature", NULL, NULL, NULL, ENUM_LABEL("decp_nature"), NULL, 0, NULL } } },
	{ "cpv2", "division CPV", 0,
	  { { "value", NULL, "substr(c.cpv, 1, 2)", NULL, NULL, NULL,
	      "SELECT label FROM ref_cpv_division WHERE division = ?1", NULL, 0, NULL } } },
	{ "procedure", "procédure", 0,
	  { { "value", NULL, "c.procedure", NULL, NULL, NULL,
	      "SELECT label FROM dim_enum WHERE enum IN ('procedure', 'concession_procedure') "
	      "AND code = ?1",
	      NULL, 0, NULL } } },
	{ "fmt", "format de publication", 0,
	  { { "value", NULL, "c.fmt", NULL, NULL, FMT_DOMAIN, NULL, NULL, 0, NULL } } },
	{ "source", "source", 0, { { "value", NULL, "c.source", NULL, NULL, NULL, NULL, NULL, 0, NULL } } },
	{ "consid_soc", "considération sociale", 0,
	  { MULTI_LEVEL("c.social_values", "e_cs", "consid_social"),
	    { "any", "présence", "CASE WHEN " SOC_FILLED " THEN CASE WHEN " SOC_POS
	      " THEN 'OUI' ELSE 'NON' END END",
	      NULL, NULL, YES_NO_DOMAIN("avec considération sociale", "sans considération sociale"),
	      NULL, NULL, 0, NULL } } },
	{ "consid_env", "considération environnementale", 0,
	  { MULTI_LEVEL("c.env_values", "e_ce", "consid_env"),
	    { "any", "présence", "CASE WHEN " ENV_FILLED " THEN CASE WHEN " ENV_POS
	      " THEN 'OUI' ELSE 'NON' END END",
	      NULL, NULL,
	      YES_NO_DOMAIN("avec considération environnementale",
			    "sans considération environnementale"),
	      NULL, NULL, 0, NULL } } },
	/* type of the titulaires (at notification) found in the directories */
	{ "structure_type", "type de structure du titulaire", 0,
	  { { "value", NULL, "e_st.code",
	      "CROSS JOIN dim_enum e_st ON e_st.enum = 'structure_type' AND e_st.note IN ('inclusive', "
	      "'geiq') AND EXISTS (SELECT 1 FROM decp_titulaire t JOIN dim_enterprise e ON "
	      "e.siren = t.siren WHERE t.contract_id = c.id AND t.version = 0 AND "
	      "t.siret_valid = 1 AND e.structure_type = e_st.code)",
	      "EXISTS (SELECT 1 FROM decp_titulaire t JOIN dim_enterprise e ON e.siren = t.siren "
	      "WHERE t.contract_id = c.id AND t.version = 0 AND t.siret_valid = 1 AND "
	      "e.structure_type = {V})",
	      "SELECT code, label FROM dim_enum WHERE enum = 'structure_type' AND note IN "
	      "('inclusive', 'geiq') ORDER BY ord",
	      NULL, NULL, 1, NULL } } },
	END_DIMS,
};

/* DECP contracts in the Île-de-France scope, one row per contract (lot)
 * after dedup, current state. */
static const ind_cube cube_decp = {
	"decp",
	"decp_contract c",
	"c.in_idf = 1",
	{ { "NOTIFIED", NULL, "c.notif_year" },
	  { "PUBLISHED", NULL, DATE_YEAR("c.date_publication") } },
	decp_dims,
	NULL,
	NULL,
};

/* The same contracts, seen through their sub-contracting acts (2024 format). */
static const ind_dim decp_sub_dims[] = {
	{ "structure_type", "type de structure du sous-traitant", 0,
	  { { "value", NULL, "e_ss.code",
	      "CROSS JOIN dim_enum e_ss ON e_ss.enum = 'structure_type' AND e_ss.note IN ('inclusive', "
	      "'geiq') AND EXISTS (SELECT 1 FROM decp_subcontract s JOIN dim_enterprise e ON "
	      "e.siren = s.siren WHERE s.contract_id = c.id AND s.siret_valid = 1 AND "
	      "e.structure_type = e_ss.code)",
	      "EXISTS (SELECT 1 FROM decp_subcontract s JOIN dim_enterprise e ON e.siren = s.siren "
	      "WHERE s.contract_id = c.id AND s.siret_valid = 1 AND e.structure_type = {V})",
	      "SELECT code, label FROM dim_enum WHERE enum = 'structure_type' AND note IN "
	      "('inclusive', 'geiq') ORDER BY ord",
	      NULL, NULL, 1, NULL } } },
	END_DIMS,
};

static const ind_cube cube_decp_sub = {
	"decp_sub", "decp_contract c", "c.in_idf = 1", { { NULL, NULL, NULL } },
	decp_sub_dims, &cube_decp, NULL,
};

/* Tracked clause markets and the DECP record they are linked to. */
static const ind_dim clause_decp_dims[] = {
	{ "source", "source DECP", 0, { { "value", NULL, "c.source", NULL, NULL, NULL, NULL, NULL, 0, NULL } } },
	{ "acheteur", "donneur d'ordre", 0,
	  { { "siret", NULL, "m.donneur_siret", NULL, NULL, NULL,
	      "SELECT nom FROM dim_buyer WHERE siret = ?1", NULL, 0, NULL } } },
	{ "fmt", "format de publication DECP", 0,
	  { { "value", NULL, "c.fmt", NULL, NULL, FMT_DOMAIN, NULL, NULL, 0, NULL } } },
	END_DIMS,
};

static const ind_cube cube_clause_decp = {
	"clause_decp",
	"clause_market m LEFT JOIN decp_contract c ON c.id = m.decp_contract_id",
	NULL,
	{ { "NOTIFIED", NULL, "m.notif_year" } },
	clause_decp_dims,
	NULL,
	NULL,
};

/* ---- the quality flags (domain reference §2.9, §10.1) --------------------- */

const ind_flagmap ind_quality_flags[] = {
	{ "quality.dup_uid", "id_shared_lots" },
	{ "quality.dup_rows", "dup_cross_source,dup_within_source" },
	{ "quality.late_publication", "late_publication" },
	{ "quality.missing", "missing" },
	{ "quality.bad_encoding", "encoding_repaired" },
	{ "quality.format_violation", "siret_invalid,cpv_invalid,date_invalid" },
	{ "quality.invalid_enum", "enum_unknown" },
	{ "quality.amount_out_of_range", "amount_aberrant" },
	{ "quality.extreme_value", "amount_suspect" },
	{ "quality.pub_before_notif", "pub_before_notif" },
	{ "quality.amount_duration", "amount_duration" },
};
const unsigned ind_quality_flags_count = sizeof(ind_quality_flags) / sizeof(ind_quality_flags[0]);

/* A quality rate: records carrying any of the indicator's flags ÷ records. */
#define QUALITY_FLAG(id_)                                                                   \
	{ .id = id_, .cube = &cube_decp, .kind = ORCS_IND_RATIO, .num = "{FLAGS}",           \
	  .den = N_ALL, .flags = id_ }

static const ind_impl impls[] = {
	{ .id = "decp.markets", .cube = &cube_decp, .kind = ORCS_IND_COUNT, .num = N_ALL,
	  .extras = { COVERAGE_FMT } },
	{ .id = "decp.social_share", .cube = &cube_decp, .kind = ORCS_IND_RATIO,
	  .num = "sum(" SOC_FILLED " AND " SOC_POS ")", .den = "sum(" SOC_FILLED ")",
	  .cov_num = "sum(" SOC_FILLED ")", .cov_den = N_ALL,
	  .extras = { COVERAGE_FMT, COVERAGE_FILLED(SOC_FILLED), POPULATION },
	},
	{ .id = "decp.social_share_by_kind", .cube = &cube_decp, .kind = ORCS_IND_RATIO,
	  .num = "sum(" SOC_FILLED " AND " SOC_POS ")", .den = "sum(" SOC_FILLED ")",
	  .cov_num = "sum(" SOC_FILLED ")", .cov_den = N_ALL, .kind_dims = "consid_soc",
	  .kind_num = "sum(" SOC_FILLED ")", .force_by = "consid_soc",
	  .extras = { COVERAGE_FMT, COVERAGE_FILLED(SOC_FILLED), POPULATION },
	  .note = "Un contrat peut porter plusieurs types" NB ": les parts ne s'additionnent pas." },
	{ .id = "decp.none_explicit_share", .cube = &cube_decp, .kind = ORCS_IND_RATIO,
	  .num = "sum(" SOC_FILLED " AND " SOC_NONE_ONLY ")", .den = "sum(" SOC_FILLED ")",
	  .cov_num = "sum(" SOC_FILLED ")", .cov_den = N_ALL,
	  .extras = { COVERAGE_FMT, COVERAGE_FILLED(SOC_FILLED), POPULATION },
	},
	{ .id = "decp.social_amount_share", .cube = &cube_decp, .kind = ORCS_IND_RATIO,
	  .num = "sum(CASE WHEN " SOC_FILLED " AND " AMOUNT_OK " AND " SOC_POS
		 " THEN c.montant_initial END)",
	  .den = "sum(CASE WHEN " SOC_FILLED " AND " AMOUNT_OK " THEN c.montant_initial END)",
	  .cov_num = "sum(" SOC_FILLED ")", .cov_den = N_ALL,
	  .extras = { COVERAGE_FMT, COVERAGE_FILLED(SOC_FILLED),
		      { "amount_excluded", "sum(" SOC_FILLED " AND NOT " AMOUNT_OK ")", NULL } },
	  .note = "Montants signalés comme aberrants exclus (amount_excluded)." },
	{ .id = "decp.env_share", .cube = &cube_decp, .kind = ORCS_IND_RATIO,
	  .num = "sum(" ENV_FILLED " AND " ENV_POS ")", .den = "sum(" ENV_FILLED ")",
	  .cov_num = "sum(" ENV_FILLED ")", .cov_den = N_ALL,
	  .extras = { COVERAGE_FMT, COVERAGE_FILLED(ENV_FILLED), POPULATION },
	},
	{ .id = "decp.env_share_by_kind", .cube = &cube_decp, .kind = ORCS_IND_RATIO,
	  .num = "sum(" ENV_FILLED " AND " ENV_POS ")", .den = "sum(" ENV_FILLED ")",
	  .cov_num = "sum(" ENV_FILLED ")", .cov_den = N_ALL, .kind_dims = "consid_env",
	  .kind_num = "sum(" ENV_FILLED ")", .force_by = "consid_env",
	  .extras = { COVERAGE_FMT, COVERAGE_FILLED(ENV_FILLED), POPULATION },
	  .note = "Un contrat peut porter plusieurs types" NB ": les parts ne s'additionnent pas." },
	{ .id = "decp.env_amount_share", .cube = &cube_decp, .kind = ORCS_IND_RATIO,
	  .num = "sum(CASE WHEN " ENV_FILLED " AND " AMOUNT_OK " AND " ENV_POS
		 " THEN c.montant_initial END)",
	  .den = "sum(CASE WHEN " ENV_FILLED " AND " AMOUNT_OK " THEN c.montant_initial END)",
	  .cov_num = "sum(" ENV_FILLED ")", .cov_den = N_ALL,
	  .extras = { COVERAGE_FMT, COVERAGE_FILLED(ENV_FILLED),
		      { "amount_excluded", "sum(" ENV_FILLED " AND NOT " AMOUNT_OK ")", NULL } },
	  .note = "Montants signalés comme aberrants exclus (amount_excluded)." },
	{ .id = "decp.social_env_crosstab", .cube = &cube_decp, .kind = ORCS_IND_COUNT,
	  .num = "sum(" SOC_FILLED " AND " ENV_FILLED ")",
	  .force_by = "consid_soc:any,consid_env:any",
	  .note = "Contrats dont les deux champs sont renseignés." },
	{ .id = "decp.field_coverage_social", .cube = &cube_decp, .kind = ORCS_IND_RATIO,
	  .num = "sum(" SOC_FILLED ")", .den = N_ALL, .extras = { COVERAGE_FMT },
	  .note = "Le format 2019 ne prévoit pas le champ" NB ": à lire par format (--by fmt)." },

	/* inclusive enterprises, DECP side */
	{ .id = "inclusive.decp_share_count", .cube = &cube_decp, .kind = ORCS_IND_RATIO,
	  .num = "sum(" HAS_INCLUSIVE_TIT ")", .den = "sum(" HAS_VALID_TIT ")",
	  .cov_num = "sum((SELECT count(*) " TIT0 " AND t.siret_valid = 1))",
	  .cov_den = "sum((SELECT count(*) " TIT0 "))", .kind_dims = "structure_type",
	  .kind_num = "sum(" HAS_VALID_TIT ")",
	  .note = "Couverture" NB ": titulaires identifiés par un SIRET valide. Annuaires de "
		  "structures millésime 2019." },
	{ .id = "inclusive.decp_share_amount", .cube = &cube_decp, .kind = ORCS_IND_RATIO,
	  .num = "sum(CASE WHEN " AMOUNT_OK " AND " HAS_INCLUSIVE_TIT " THEN c.montant_initial END)",
	  .den = "sum(CASE WHEN " AMOUNT_OK " AND " HAS_VALID_TIT " THEN c.montant_initial END)",
	  .cov_num = "sum((SELECT count(*) " TIT0 " AND t.siret_valid = 1))",
	  .cov_den = "sum((SELECT count(*) " TIT0 "))", .kind_dims = "structure_type",
	  .kind_num = "sum(CASE WHEN " AMOUNT_OK " AND " HAS_VALID_TIT " THEN c.montant_initial END)",
	  .extras = { { "amount_excluded", "sum(NOT " AMOUNT_OK ")", NULL } },
	  .note = "Montants signalés comme aberrants exclus. Annuaires de structures millésime 2019." },
	{ .id = "inclusive.subcontract_count", .cube = &cube_decp_sub, .kind = ORCS_IND_COUNT,
	  .num = "sum(EXISTS (SELECT 1 FROM decp_subcontract s JOIN dim_enterprise e ON "
		 "e.siren = s.siren WHERE s.contract_id = c.id AND s.siret_valid = 1 AND "
		 "e.structure_type IN " INCLUSIVE_TYPES "))",
	  .cov_num = N_FMT2024, .cov_den = N_ALL, .kind_dims = "structure_type",
	  .kind_num = N_ALL,
	  .note = "Valeur minimale" NB ": actes de sous-traitance souvent absents (format 2024 "
		  "seulement, couverture = part des contrats au format 2024)." },
	{ .id = "inclusive.reserved_markets", .cube = &cube_decp, .kind = ORCS_IND_COUNT,
	  .num = "sum(" SOC_FILLED " AND " HAS("c.social_values", "SOC_RESERVE") ")",
	  .cov_num = "sum(" SOC_FILLED ")", .cov_den = N_ALL,
	  .note = "Partie DECP seulement (contrats déclarés « marché réservé »)" NB "; le compte "
		  "des marchés suivis réservés relève des données de suivi et n'est pas encore "
		  "calculé." },

	/* data quality (domain reference §10.1) */
	QUALITY_FLAG("quality.dup_uid"),
	QUALITY_FLAG("quality.dup_rows"),
	{ .id = "quality.late_publication", .cube = &cube_decp, .kind = ORCS_IND_RATIO,
	  .num = "{FLAGS}",
	  .den = "sum(c.date_publication IS NOT NULL AND c.date_notification IS NOT NULL)",
	  .flags = "quality.late_publication" },
	QUALITY_FLAG("quality.missing"),
	{ .id = "quality.social_field_coverage", .cube = &cube_decp, .kind = ORCS_IND_RATIO,
	  .num = "sum(c.fmt = '2024' AND c.social_status = 'NOT_FILLED')", .den = N_FMT2024 },
	QUALITY_FLAG("quality.bad_encoding"),
	QUALITY_FLAG("quality.format_violation"),
	QUALITY_FLAG("quality.invalid_enum"),
	QUALITY_FLAG("quality.amount_out_of_range"),
	QUALITY_FLAG("quality.extreme_value"),
	QUALITY_FLAG("quality.pub_before_notif"),
	QUALITY_FLAG("quality.amount_duration"),
	{ .id = "quality.days_since_last_pub", .cube = &cube_decp, .kind = ORCS_IND_VALUE,
	  .num = "min(100, max(0, CAST(julianday(min(date('now'), {Y} || '-12-31')) - "
		 "julianday(max(c.date_publication)) AS INTEGER)))",
	  .note = "Jours entre la dernière publication de l'année et le 31 décembre (ou "
		  "aujourd'hui pour l'année en cours), plafonnés à 100." },
	{ .id = "quality.consid_mismatch", .cube = &cube_clause_decp, .kind = ORCS_IND_RATIO,
	  .filter = "m.decp_contract_id IS NOT NULL AND m.modalites <> ''",
	  .num = "sum(" SOC_FILLED " AND " SOC_NONE_ONLY ")", .den = "sum(" SOC_FILLED ")" },
	{ .id = "quality.tracking_link_rate", .cube = &cube_clause_decp, .kind = ORCS_IND_RATIO,
	  .filter = "m.montant_ht >= 40000 AND m.notif_year >= 2024",
	  .num = "sum(m.decp_contract_id IS NOT NULL)", .den = N_ALL },
};

static const ind_pending pending[] = {
	{ "quality.quarantine_rate",
	  "les lignes en quarantaine n'ont pas d'année de notification exploitable (ni "
	  "d'acheteur)" NB ": la règle d'année NOTIFIED ne peut pas leur être appliquée" },
};

const ind_family ind_family_decp = {
	"decp", impls, sizeof(impls) / sizeof(impls[0]), pending,
	sizeof(pending) / sizeof(pending[0]),
};
