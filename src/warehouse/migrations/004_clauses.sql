-- 004: clause-tracking facts (exchange format v1, docs/clauses-import.md),
-- inclusive-enterprise directories, and the bookkeeping of replacements.
-- Participants are known only through a keyed hash: pid is the 32-byte
-- HMAC-SHA-256 digest (a BLOB; hex(pid) shows it).  Every fact row
-- carries its provenance: batch_id, source_file (table file or sheet) and
-- line (CSV line or XLSX row number).

CREATE TABLE clause_operation (
  operation_id  TEXT PRIMARY KEY,
  libelle       TEXT NOT NULL,
  donneur_siret TEXT NOT NULL,
  programme     TEXT NOT NULL DEFAULT 'NONE',
  moa           TEXT,
  communes      TEXT,                        -- INSEE codes joined by '|'
  qpv_anru      INTEGER,
  batch_id      INTEGER NOT NULL REFERENCES import_batch(id),
  source_file   TEXT NOT NULL,
  line          INTEGER NOT NULL
);

CREATE TABLE clause_market (
  id                INTEGER PRIMARY KEY,
  donneur_siret     TEXT NOT NULL,
  marche_id         TEXT NOT NULL,
  lot               TEXT NOT NULL DEFAULT '0',
  operation_id      TEXT,
  objet             TEXT NOT NULL,
  cpv               TEXT,
  nature            TEXT,                     -- enum nature_marche
  procedure         TEXT,
  date_notification TEXT NOT NULL,
  notif_year        INTEGER,
  duree_mois        INTEGER,
  montant_ht        REAL,
  modalites         TEXT NOT NULL,            -- legal_modality codes joined by '|'
  heures_objectif   REAL,
  lieu_commune      TEXT,
  decp_id           TEXT,
  decp_contract_id  INTEGER REFERENCES decp_contract(id),
  batch_id          INTEGER NOT NULL REFERENCES import_batch(id),
  source_file       TEXT NOT NULL,
  line              INTEGER NOT NULL,
  UNIQUE (donneur_siret, marche_id, lot)
);

CREATE INDEX clause_market_decp ON clause_market(decp_id);

CREATE TABLE clause_market_enterprise (
  market_id   INTEGER NOT NULL REFERENCES clause_market(id) ON DELETE CASCADE,
  siret       TEXT NOT NULL,
  role        TEXT NOT NULL,
  batch_id    INTEGER NOT NULL REFERENCES import_batch(id),
  source_file TEXT NOT NULL,
  line        INTEGER NOT NULL,
  PRIMARY KEY (market_id, siret, role)
) WITHOUT ROWID;

CREATE TABLE clause_participant (
  pid              BLOB PRIMARY KEY,          -- HMAC-SHA-256 (32 bytes), never the source id
  sexe             TEXT NOT NULL DEFAULT 'NR',
  birth_year       INTEGER,
  age_entry        INTEGER,
  age_band         TEXT NOT NULL DEFAULT 'AGE_NR',
  commune_res      TEXT,
  dept_res         TEXT,
  qpv              INTEGER,
  diploma          TEXT NOT NULL DEFAULT 'DIP_NR',
  publics          TEXT,                      -- public codes joined by '|'
  rqth             INTEGER,
  prescriber       TEXT,
  entry_month      TEXT,                      -- YYYY-MM
  batch_id         INTEGER NOT NULL REFERENCES import_batch(id),
  source_file      TEXT NOT NULL,
  line             INTEGER NOT NULL
);

CREATE TABLE clause_contract (
  contrat_id       TEXT PRIMARY KEY,
  pid              BLOB NOT NULL,
  employer_siret   TEXT NOT NULL,
  market_id        INTEGER NOT NULL REFERENCES clause_market(id),
  contract_type    TEXT NOT NULL,             -- enum contract_type
  fulfilment       TEXT NOT NULL,             -- enum fulfilment_modality
  date_debut       TEXT NOT NULL,
  date_fin         TEXT,
  batch_id         INTEGER NOT NULL REFERENCES import_batch(id),
  source_file      TEXT NOT NULL,
  line             INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX clause_contract_market ON clause_contract(market_id);
-- No index on pid: joins go from contracts to participants (their primary
-- key); a random-key index would slow every import down for little use.

CREATE TABLE clause_hours (
  contrat_id     TEXT NOT NULL REFERENCES clause_contract(contrat_id),
  month          TEXT NOT NULL,               -- YYYY-MM
  hours_work     REAL NOT NULL,
  hours_training REAL,
  batch_id       INTEGER NOT NULL REFERENCES import_batch(id),
  source_file    TEXT NOT NULL,
  line           INTEGER NOT NULL,
  PRIMARY KEY (contrat_id, month)
) WITHOUT ROWID;

CREATE TABLE clause_outcome (
  pid         BLOB NOT NULL,
  horizon     TEXT NOT NULL,                  -- FIN | M6
  date        TEXT NOT NULL,
  situation   TEXT NOT NULL,
  batch_id    INTEGER NOT NULL REFERENCES import_batch(id),
  source_file TEXT NOT NULL,
  line        INTEGER NOT NULL,
  PRIMARY KEY (pid, horizon)
) WITHOUT ROWID;

-- OGPF commitments of each contracting authority.
CREATE TABLE clause_commitment (
  donneur_siret        TEXT NOT NULL,
  year                 INTEGER NOT NULL,
  hours_target         REAL,
  participants_target  INTEGER,
  qpv_share_target     REAL,
  batch_id             INTEGER NOT NULL REFERENCES import_batch(id),
  source_file          TEXT NOT NULL,
  line                 INTEGER NOT NULL,
  PRIMARY KEY (donneur_siret, year)
) WITHOUT ROWID;

-- The procurement platform's published consultations and lots.
CREATE TABLE platform_consultation (
  consultation_id  TEXT NOT NULL,
  lot              TEXT NOT NULL DEFAULT '0',
  date_publication TEXT NOT NULL,
  pub_year         INTEGER,
  buyer_siret      TEXT NOT NULL,
  nature           TEXT,
  cpv              TEXT,
  clause_sociale   TEXT,                      -- codes joined by '|'
  clause_env       TEXT,
  offres           INTEGER,
  batch_id         INTEGER NOT NULL REFERENCES import_batch(id),
  source_file      TEXT NOT NULL,
  line             INTEGER NOT NULL,
  PRIMARY KEY (consultation_id, lot)
) WITHOUT ROWID;

-- Where the delivery-provided rows of the shared dimensions came from
-- (donneurs_ordre -> dim_buyer, entreprises -> dim_enterprise): the
-- dimensions themselves have no provenance columns.
CREATE TABLE clause_dim_source (
  dim         TEXT NOT NULL,                  -- buyer | enterprise
  siret       TEXT NOT NULL,
  batch_id    INTEGER NOT NULL REFERENCES import_batch(id),
  source_file TEXT NOT NULL,
  line        INTEGER NOT NULL,
  PRIMARY KEY (dim, siret)
) WITHOUT ROWID;

-- Inclusive-enterprise directories (`orcs import siae`): one row per
-- structure, kind and département (a SIRET may carry several ASP measures,
-- e.g. ACI and AI, and one convention per département).
-- dim_enterprise.structure_type holds the first kind listed.
CREATE TABLE enterprise_directory (
  siret          TEXT NOT NULL,
  structure_type TEXT NOT NULL,               -- enum structure_type
  departement    TEXT NOT NULL DEFAULT '',    -- '' when the list does not say
  siren          TEXT NOT NULL,
  nom            TEXT,
  naf            TEXT,
  batch_id       INTEGER NOT NULL REFERENCES import_batch(id),
  source_file    TEXT NOT NULL,
  line           INTEGER NOT NULL,
  PRIMARY KEY (siret, structure_type, departement)
) WITHOUT ROWID;
CREATE INDEX enterprise_directory_siren ON enterprise_directory(siren);

-- Last delivery wins: every row that replaced an older version of the same
-- key is logged here (which key, which batch loaded the old version, what
-- changed and where the new version is).
CREATE TABLE import_replacement (
  id                INTEGER PRIMARY KEY,
  batch_id          INTEGER NOT NULL REFERENCES import_batch(id),
  kind              TEXT NOT NULL,            -- table of the delivery
  key               TEXT NOT NULL,            -- key columns joined by '|' (pid in hex)
  previous_batch_id INTEGER,                  -- NULL when the old row had no batch (dimension)
  position          TEXT NOT NULL,            -- e.g. 'marches.csv:12'
  changed           TEXT                      -- changed columns joined by '|'
);
CREATE INDEX import_replacement_batch ON import_replacement(batch_id);
