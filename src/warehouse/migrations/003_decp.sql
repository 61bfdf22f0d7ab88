-- 003: DECP facts (awarded contracts).  One row of decp_contract is one
-- contract (one lot) after dedup, holding its initial and current state.
-- Loaded by `orcs import decp` (src/ingest/decp_load.c); the pipeline, the
-- key and the counting rules are described in docs/decp-ingestion.md.

CREATE TABLE decp_contract (
  id                  INTEGER PRIMARY KEY,
  -- Record key (domain §2.7): 40 high bits = hash(uid), 24 low bits =
  -- hash(dateNotification, sorted initial titulaires, initial montant).
  -- Lots sharing a uid are found by range on this index (no uid index).
  rkey                INTEGER NOT NULL UNIQUE,
  uid                 TEXT NOT NULL,             -- buyer SIRET + id
  uid_src             TEXT,                      -- source uid when it differed
  kind                TEXT NOT NULL,             -- MARCHE | CONCESSION
  fmt                 TEXT NOT NULL,             -- 2019 | 2024
  source              TEXT,                      -- --source NAME of the import
  origin              TEXT,                      -- the record's own "source" key (older pipelines)
  buyer_siret         TEXT NOT NULL,
  id_src              TEXT NOT NULL,             -- id as published (trimmed)
  nature              TEXT,                      -- enum decp_nature
  objet               TEXT,
  cpv                 TEXT,                      -- 8 digits
  cpv2                TEXT,                      -- CPV division
  procedure           TEXT,                      -- enum procedure / concession_procedure
  lieu_code           TEXT,
  lieu_type           TEXT,                      -- enum lieu_type
  commune             TEXT,                      -- current INSEE code when known (IdF)
  departement         TEXT,                      -- IdF département of the place, else NULL
  in_idf              INTEGER NOT NULL DEFAULT 0,
  scope_rule          TEXT,                      -- lieu_cp | lieu_commune | lieu_departement | lieu_region | lieu_arrondissement | lieu_canton | lieu_prefixe
  forme_prix          TEXT,                      -- enum forme_prix
  types_prix          TEXT,                      -- enum type_prix codes joined by '|'
  date_notification   TEXT,                      -- YYYY-MM-DD (signature for concessions)
  notif_year          INTEGER,
  date_publication    TEXT,
  date_debut_execution TEXT,
  duree_initial       INTEGER,
  duree_current       INTEGER,
  montant_initial     REAL,                      -- valeurGlobale for concessions
  montant_current     REAL,
  amount_flagged      INTEGER NOT NULL DEFAULT 0, -- 1: excluded from sums (amount_aberrant)
  offres_recues       INTEGER,
  marche_innovant     INTEGER,
  ccag                TEXT,
  groupement          TEXT,
  sous_traitance      INTEGER,                   -- sousTraitanceDeclaree
  techniques          TEXT,                      -- codes joined by '|'
  modalites_execution TEXT,
  id_accord_cadre     TEXT,
  attribution_avance  INTEGER,
  taux_avance         REAL,
  social_status       TEXT NOT NULL,             -- FILLED | NOT_FILLED | NOT_APPLICABLE
  social_values       TEXT,                      -- SOC_* codes joined by '|', enum order
  env_status          TEXT NOT NULL,
  env_values          TEXT,                      -- ENV_* codes joined by '|'
  n_modifications     INTEGER NOT NULL DEFAULT 0,
  batch_id            INTEGER NOT NULL REFERENCES import_batch(id),
  file_id             INTEGER NOT NULL REFERENCES import_file(id),
  record_index        INTEGER NOT NULL           -- 1-based position in the file
);
CREATE INDEX decp_contract_year ON decp_contract(notif_year, departement);
-- No index on uid (see rkey) nor on buyer_siret: each costs ~5 % of the load
-- time and reports group by them with a full scan anyway.

-- Titulaires / concessionnaires; version 0 = at notification, k = as set by
-- modification k.
CREATE TABLE decp_titulaire (
  contract_id INTEGER NOT NULL REFERENCES decp_contract(id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  pos         INTEGER NOT NULL,
  type_id     TEXT,                              -- enum type_identifiant (UNKNOWN if not recognised)
  ident       TEXT,                              -- cleaned identifier
  siren       TEXT,                              -- of a valid SIRET
  siret_valid INTEGER NOT NULL DEFAULT 0,
  nom         TEXT,
  PRIMARY KEY (contract_id, version, pos)
) WITHOUT ROWID;

-- One row per modification, in application order.
CREATE TABLE decp_version (
  contract_id       INTEGER NOT NULL REFERENCES decp_contract(id) ON DELETE CASCADE,
  version           INTEGER NOT NULL,          -- 1..n
  modif_id          INTEGER,
  date_notification TEXT,
  date_publication  TEXT,
  montant           REAL,
  duree             INTEGER,
  objet             TEXT,
  PRIMARY KEY (contract_id, version)
) WITHOUT ROWID;

-- Sub-contracting acts (2024), current state after their modifications.
CREATE TABLE decp_subcontract (
  contract_id       INTEGER NOT NULL REFERENCES decp_contract(id) ON DELETE CASCADE,
  pos               INTEGER NOT NULL,
  act_id            INTEGER,
  type_id           TEXT,
  ident             TEXT,
  siren             TEXT,
  siret_valid       INTEGER NOT NULL DEFAULT 0,
  montant           REAL,
  duree             INTEGER,
  date_notification TEXT,
  date_publication  TEXT,
  variation_prix    TEXT,
  montant_current   REAL,
  duree_current     INTEGER,
  n_modifications   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (contract_id, pos)
) WITHOUT ROWID;

-- Quality flags with reason codes (data/ref/decp_codes.csv).
CREATE TABLE decp_flag (
  contract_id INTEGER NOT NULL REFERENCES decp_contract(id) ON DELETE CASCADE,
  code        TEXT NOT NULL,
  detail      TEXT,
  PRIMARY KEY (contract_id, code)
) WITHOUT ROWID;

-- Every occurrence of a contract in a file, duplicates included.
CREATE TABLE decp_occurrence (
  contract_id  INTEGER NOT NULL REFERENCES decp_contract(id) ON DELETE CASCADE,
  file_id      INTEGER NOT NULL REFERENCES import_file(id),
  record_index INTEGER NOT NULL,
  source       TEXT,                            -- --source NAME of the import
  origin       TEXT,                            -- the record's own "source" key
  outcome      TEXT NOT NULL,                   -- loaded | replaced | duplicate
  PRIMARY KEY (contract_id, file_id, record_index)
) WITHOUT ROWID;

-- Per imported DECP file: what it was, and a quick fingerprint (size and
-- SHA-256 of its first 64 KiB) that tells a new file without hashing it
-- twice (docs/decp-ingestion.md, "Re-imports").
CREATE TABLE decp_file (
  file_id       INTEGER PRIMARY KEY REFERENCES import_file(id),
  fp            TEXT NOT NULL,
  syntax        TEXT NOT NULL,                  -- json | xml
  container_fmt TEXT,                           -- 2019 | 2024 | NULL (bare records, XML)
  marches       INTEGER NOT NULL DEFAULT 0,      -- records read, by kind
  concessions   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX decp_file_fp ON decp_file(fp);
