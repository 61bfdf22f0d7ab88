-- 003: DECP facts (awarded contracts).  One row of decp_contract is one
-- contract (one lot) after dedup, holding its initial and current state.

CREATE TABLE decp_contract (
  id                  INTEGER PRIMARY KEY,
  rkey                INTEGER NOT NULL UNIQUE,   -- 64-bit hash of the record key (domain §2.7)
  uid                 TEXT NOT NULL,             -- buyer SIRET + id
  uid_src             TEXT,                      -- source uid when it differed
  kind                TEXT NOT NULL,             -- MARCHE | CONCESSION
  fmt                 TEXT NOT NULL,             -- 2019 | 2024
  source              TEXT,
  buyer_siret         TEXT NOT NULL,
  id_src              TEXT NOT NULL,
  nature              TEXT,                      -- enum decp_nature
  objet               TEXT,
  cpv                 TEXT,
  cpv2                TEXT,
  procedure           TEXT,                      -- enum procedure / concession_procedure
  lieu_code           TEXT,
  lieu_type           TEXT,                      -- enum lieu_type
  commune             TEXT,                      -- current INSEE code when known
  departement         TEXT,
  in_idf              INTEGER NOT NULL DEFAULT 0,
  scope_rule          TEXT,
  forme_prix          TEXT,
  date_notification   TEXT,                      -- YYYY-MM-DD (signature for concessions)
  notif_year          INTEGER,
  date_publication    TEXT,
  date_debut_execution TEXT,
  duree_initial       INTEGER,
  duree_current       INTEGER,
  montant_initial     REAL,                      -- valeurGlobale for concessions
  montant_current     REAL,
  amount_flagged      INTEGER NOT NULL DEFAULT 0,
  offres_recues       INTEGER,
  marche_innovant     INTEGER,
  ccag                TEXT,
  groupement          TEXT,
  sous_traitance      INTEGER,
  techniques          TEXT,                      -- codes joined by '|'
  modalites_execution TEXT,
  social_status       TEXT NOT NULL,             -- FILLED | NOT_FILLED | NOT_APPLICABLE
  social_values       TEXT,                      -- SOC_* codes joined by '|'
  env_status          TEXT NOT NULL,
  env_values          TEXT,
  n_modifications     INTEGER NOT NULL DEFAULT 0,
  batch_id            INTEGER NOT NULL REFERENCES import_batch(id),
  file_id             INTEGER NOT NULL REFERENCES import_file(id),
  record_index        INTEGER NOT NULL
);
CREATE INDEX decp_contract_uid ON decp_contract(uid);
CREATE INDEX decp_contract_year ON decp_contract(notif_year, departement);
CREATE INDEX decp_contract_buyer ON decp_contract(buyer_siret);

-- Titulaires / concessionnaires; version 0 = at notification, k = as set by
-- modification k.
CREATE TABLE decp_titulaire (
  contract_id INTEGER NOT NULL REFERENCES decp_contract(id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  pos         INTEGER NOT NULL,
  type_id     TEXT,
  ident       TEXT,
  siren       TEXT,
  siret_valid INTEGER NOT NULL DEFAULT 0,
  nom         TEXT,
  PRIMARY KEY (contract_id, version, pos)
) WITHOUT ROWID;
CREATE INDEX decp_titulaire_siren ON decp_titulaire(siren);

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
  PRIMARY KEY (contract_id, pos)
) WITHOUT ROWID;

-- Quality flags with reason codes (data/ref/quality_codes.csv).
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
  source       TEXT,
  PRIMARY KEY (file_id, record_index)
) WITHOUT ROWID;
CREATE INDEX decp_occurrence_contract ON decp_occurrence(contract_id);
