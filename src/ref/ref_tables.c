/*
 * ref_tables.c - the one declaration of the referential: which file of
 * data/ loads which table (ref_loads), and how each table is listed by
 * `orcs ref` (orcs_ref_views).
 */
#include "ref/ref_internal.h"

/*
 * Column maps are "sql_column=csv_column" separated by commas; a bare name
 * means the same name on both sides; ":fold" stores the orcs_fold() key.
 * Order matters: parents before children (foreign keys).
 */
const ref_load ref_loads[] = {
	{ "dim_departement", "geo/idf_departements.csv",
	  "code,nom,region,cheflieu=cheflieu_insee,population=population_municipale_communes,"
	  "nb_communes" },
	{ "dim_epci", "geo/idf_epci_ept_2026.csv",
	  "siren,nom,type,mode_financement,population=population_municipale,nb_communes,"
	  "departements" },
	{ "dim_commune", "geo/idf_communes_2026.csv",
	  "code=code_insee,nom,type,commune_parente,departement,arrondissement,siren,population,"
	  "codes_postaux,epci_siren,ept_siren" },
	{ "ref_commune_history", "geo/idf_communes_correspondance_codes.csv",
	  "code_ancien=code_ancien_ou_delegue,nom,type,code_actuel=code_commune_actuelle" },
	{ "dim_enum", "ref/enums.csv", "enum,code,label,ord,asp_code,note" },
	{ "ref_alias", "ref/aliases.csv", "enum,alias=alias:fold,code" },
	{ "ref_cpv_division", "ref/cpv_divisions.csv", "division,label,nature,sector" },
	{ "ref_sector_detail", "referentiels/secteurs_activite_marche_inclusion.csv",
	  "id,secteur,groupe_id,groupe" },
	{ "ref_reason_code", "ref/decp_codes.csv", "code,scope,kind,category,level,label,description" },
	{ "ref_reason_code", "ref/clause_codes.csv", "code,scope,kind,category,level,label,description" },
	{ "ind_catalogue", "ref/indicators.csv",
	  "id,version,family,label,definition,unit,dims,year_rule,additive,numerator,denominator,"
	  "coverage,secrecy,caveats" },
};
const unsigned ref_loads_count = sizeof(ref_loads) / sizeof(ref_loads[0]);

const orcs_ref_view orcs_ref_views[] = {
	{ "communes", "Communes d'Île-de-France (COG 2026) avec EPCI, EPT et population",
	  "SELECT c.code, c.nom, c.departement, c.population, c.epci_siren, e.nom AS epci_nom, "
	  "c.ept_siren, t.nom AS ept_nom, c.codes_postaux FROM dim_commune c "
	  "LEFT JOIN dim_epci e ON e.siren = c.epci_siren "
	  "LEFT JOIN dim_epci t ON t.siren = c.ept_siren WHERE c.type = 'commune-actuelle'",
	  "c.departement = ?1", "c.code" },
	{ "arrondissements", "Arrondissements municipaux de Paris",
	  "SELECT code, nom, population, codes_postaux FROM dim_commune "
	  "WHERE type = 'arrondissement-municipal'",
	  "departement = ?1", "code" },
	{ "departements", "Départements d'Île-de-France",
	  "SELECT code, nom, region, cheflieu, population, nb_communes FROM dim_departement "
	  "WHERE 1",
	  "code = ?1", "code" },
	{ "epci", "EPCI à fiscalité propre ayant au moins une commune en Île-de-France",
	  "SELECT siren, nom, type, mode_financement, population, nb_communes, departements "
	  "FROM dim_epci WHERE type <> 'EPT'",
	  "(' ' || departements || ' ') LIKE ('% ' || ?1 || ' %')", "nom" },
	{ "ept", "Établissements publics territoriaux de la Métropole du Grand Paris",
	  "SELECT siren, nom, population, nb_communes, departements FROM dim_epci "
	  "WHERE type = 'EPT'",
	  "(' ' || departements || ' ') LIKE ('% ' || ?1 || ' %')", "siren" },
	{ "commune_history", "Codes anciens, délégués ou associés et leur code actuel",
	  "SELECT code_ancien, nom, type, code_actuel FROM ref_commune_history WHERE 1",
	  "substr(code_actuel, 1, 2) = ?1", "code_ancien" },
	{ "postcodes", "Codes postaux et communes desservies",
	  "SELECT p.cp, p.commune, c.nom FROM ref_postcode p JOIN dim_commune c ON c.code = p.commune "
	  "WHERE 1",
	  "c.departement = ?1", "p.cp, p.commune" },
	{ "cpv_divisions", "Divisions CPV et type de marché (travaux, fournitures, services)",
	  "SELECT division, label, nature, sector FROM ref_cpv_division WHERE 1", NULL,
	  "division" },
	{ "sectors", "Secteurs d'activité du Marché de l'inclusion (154 secteurs, 20 groupes)",
	  "SELECT id, secteur, groupe_id, groupe FROM ref_sector_detail WHERE 1", NULL,
	  "groupe_id, id" },
	{ "enums", "Liste des énumérations du domaine",
	  "SELECT enum, count(*) AS codes FROM dim_enum WHERE 1 GROUP BY enum", NULL, "enum" },
	{ "reason_codes", "Motifs de signalement et de mise en quarantaine",
	  "SELECT code, scope, kind, category, level, label FROM ref_reason_code WHERE 1", NULL,
	  "scope, kind, code" },
	{ "indicators", "Catalogue des indicateurs (définitions versionnées)",
	  "SELECT id, version, family, label, unit, year_rule, secrecy, dims FROM ind_catalogue "
	  "WHERE 1", NULL, "family, id" },
	{ "aliases", "Variantes reconnues à l'import (clé normalisée → code)",
	  "SELECT enum, alias, code FROM ref_alias WHERE 1", NULL, "enum, alias" },
};
const unsigned orcs_ref_views_count = sizeof(orcs_ref_views) / sizeof(orcs_ref_views[0]);
