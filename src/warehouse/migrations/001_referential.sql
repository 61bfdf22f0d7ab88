-- 001: the referential and the conformed dimensions.
-- Loaded by `orcs init` from data/ (see src/ref/ref_tables.c).

CREATE TABLE schema_migration (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

-- Provenance of every loaded referential file.
CREATE TABLE ref_source (
  file       TEXT PRIMARY KEY,             -- path under data/
  ref_table  TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  rows       INTEGER NOT NULL,
  loaded_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

-- Geography (COG 2026, Île-de-France) -------------------------------------
CREATE TABLE dim_departement (
  code        TEXT PRIMARY KEY,          -- '75', '77', ...
  nom         TEXT NOT NULL,
  region      TEXT NOT NULL,
  cheflieu    TEXT NOT NULL,
  population  INTEGER,
  nb_communes INTEGER
);

CREATE TABLE dim_epci (
  siren            TEXT PRIMARY KEY,
  nom              TEXT NOT NULL,
  type             TEXT NOT NULL,        -- CC, CA, CU, METRO, EPT
  mode_financement TEXT,
  population       INTEGER,
  nb_communes      INTEGER,
  departements     TEXT                  -- space-separated codes
);

-- Current communes and Paris arrondissements (type says which).
CREATE TABLE dim_commune (
  code            TEXT PRIMARY KEY,      -- INSEE code, 5 characters
  nom             TEXT NOT NULL,
  type            TEXT NOT NULL,         -- commune-actuelle | arrondissement-municipal
  commune_parente TEXT,
  departement     TEXT NOT NULL REFERENCES dim_departement(code),
  arrondissement  TEXT,
  siren           TEXT,
  population      INTEGER,
  codes_postaux   TEXT,
  epci_siren      TEXT,
  ept_siren       TEXT
);
CREATE INDEX dim_commune_dept ON dim_commune(departement);

CREATE TABLE ref_postcode (
  cp      TEXT NOT NULL,
  commune TEXT NOT NULL REFERENCES dim_commune(code),
  PRIMARY KEY (cp, commune)
) WITHOUT ROWID;

-- Historic, delegated and associated codes -> current code.
-- An old code may appear twice (as an associated commune and as a plain
-- former code), always pointing at the same current code.
CREATE TABLE ref_commune_history (
  code_ancien TEXT NOT NULL,
  nom         TEXT,                      -- empty for some old codes
  type        TEXT NOT NULL,
  code_actuel TEXT NOT NULL,
  PRIMARY KEY (code_ancien, type)
) WITHOUT ROWID;

-- Every enumeration of the domain (data/ref/enums.csv) -------------------
CREATE TABLE dim_enum (
  enum     TEXT NOT NULL,
  code     TEXT NOT NULL,
  label    TEXT NOT NULL,
  ord      INTEGER NOT NULL,
  asp_code TEXT,
  note     TEXT,
  PRIMARY KEY (enum, code)
) WITHOUT ROWID;

-- Folded variants met in real data (data/ref/aliases.csv, plus every label
-- and code of dim_enum) -> code.  `alias` is the orcs_fold() key.
CREATE TABLE ref_alias (
  enum  TEXT NOT NULL,
  alias TEXT NOT NULL,
  code  TEXT NOT NULL,
  PRIMARY KEY (enum, alias)
) WITHOUT ROWID;

CREATE TABLE ref_cpv_division (
  division TEXT PRIMARY KEY,              -- '45'
  label    TEXT NOT NULL,
  nature   TEXT NOT NULL,                 -- nature_marche code
  sector   TEXT NOT NULL                  -- sector code
);

-- Le marché de l'inclusion sector typology (154 sectors in 20 groups).
CREATE TABLE ref_sector_detail (
  id        INTEGER PRIMARY KEY,
  secteur   TEXT NOT NULL,
  groupe_id INTEGER NOT NULL,
  groupe    TEXT NOT NULL
);

-- Time: one row per month, 2010..2040.
CREATE TABLE dim_month (
  month   TEXT PRIMARY KEY,               -- 'YYYY-MM'
  year    INTEGER NOT NULL,
  quarter INTEGER NOT NULL
);

-- Actors ------------------------------------------------------------------
-- Buyers / donneurs d'ordre / autorités concédantes, keyed by SIRET.
CREATE TABLE dim_buyer (
  siret        TEXT PRIMARY KEY,
  siren        TEXT NOT NULL,
  nom          TEXT,
  donneur_type TEXT,                      -- enum donneur_type
  departement  TEXT,
  siret_valid  INTEGER NOT NULL DEFAULT 1
);

-- Enterprises (titulaires, clause employers, inclusive structures).
CREATE TABLE dim_enterprise (
  siret          TEXT PRIMARY KEY,
  siren          TEXT NOT NULL,
  nom            TEXT,
  naf            TEXT,
  structure_type TEXT,                    -- enum structure_type
  departement    TEXT,
  siret_valid    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX dim_enterprise_siren ON dim_enterprise(siren);
