-- 007: the DECP tables as the bulk import wants them (issue 3, point 8;
-- docs/performance.md, "DECP import").
--
-- 1. decp_contract is rebuilt without the UNIQUE constraint on rkey: its
--    index (8-byte keys, about 29 MB for the national file) no longer fit
--    the import's page cache and every random insert re-read and re-wrote
--    its pages.  It is replaced by an index on the 32 high bits of rkey
--    (4-byte keys, about 22 MB), found by `rkey >> 32 = ?1 >> 32 AND
--    rkey = ?1`; the loader (src/ingest/decp_load.c) looks a key up before
--    inserting it, so a key stays unique.  Lots sharing a uid share the 40
--    high bits of their rkey, so they are still found by a range on this
--    index.  (Table rebuild as documented by SQLite; the migration runner
--    turns foreign keys off around migrations, so the DROP cascades to
--    nothing.)
--
-- 2. A contract's current occurrence is not written twice.  The row of
--    decp_contract already holds the file, record index, source and origin
--    of the record it was loaded from; decp_occurrence_other keeps only the
--    other occurrences (duplicates, and records that a better version
--    replaced).  decp_occurrence becomes a view with the shape and content
--    of the former table (one row per occurrence, outcome loaded | replaced
--    | duplicate): the import writes one row fewer per contract.

CREATE TABLE decp_contract_new (
  id                  INTEGER PRIMARY KEY,
  -- Record key (domain §2.7): 40 high bits = hash(uid), 24 low bits =
  -- hash(dateNotification, sorted initial titulaires, initial montant).
  -- Unique: the loader looks a key up before inserting it (index below).
  rkey                INTEGER NOT NULL,
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

INSERT INTO decp_contract_new SELECT * FROM decp_contract;
DROP TABLE decp_contract;
ALTER TABLE decp_contract_new RENAME TO decp_contract;
CREATE INDEX decp_contract_year ON decp_contract(notif_year, departement);
CREATE INDEX decp_contract_rkey ON decp_contract(rkey >> 32);


CREATE TABLE decp_occurrence_other (
  contract_id  INTEGER NOT NULL REFERENCES decp_contract(id) ON DELETE CASCADE,
  file_id      INTEGER NOT NULL REFERENCES import_file(id),
  record_index INTEGER NOT NULL,
  source       TEXT,                            -- --source NAME of the import
  origin       TEXT,                            -- the record's own "source" key
  outcome      TEXT NOT NULL,                   -- loaded | replaced | duplicate
  PRIMARY KEY (contract_id, file_id, record_index)
) WITHOUT ROWID;

INSERT INTO decp_occurrence_other
  SELECT o.contract_id, o.file_id, o.record_index, o.source, o.origin, o.outcome
  FROM decp_occurrence o JOIN decp_contract c ON c.id = o.contract_id
  WHERE NOT (o.file_id = c.file_id AND o.record_index = c.record_index);

DROP TABLE decp_occurrence;

-- The current occurrence replaced an earlier one when an earlier loaded or
-- replaced occurrence exists.
CREATE VIEW decp_occurrence (contract_id, file_id, record_index, source, origin, outcome) AS
  SELECT c.id, c.file_id, c.record_index, c.source, c.origin,
         CASE WHEN EXISTS (SELECT 1 FROM decp_occurrence_other o
                           WHERE o.contract_id = c.id AND o.outcome <> 'duplicate')
              THEN 'replaced' ELSE 'loaded' END
  FROM decp_contract c
  UNION ALL
  SELECT contract_id, file_id, record_index, source, origin, outcome
  FROM decp_occurrence_other;
