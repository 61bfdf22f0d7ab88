-- 002: import bookkeeping shared by every importer.

-- One row per `orcs import …` run.
CREATE TABLE import_batch (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,              -- decp | clauses | siae | ...
  source      TEXT,                       -- --source NAME or the delivery name
  started_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  finished_at TEXT,
  status      TEXT NOT NULL DEFAULT 'running',   -- running | done | failed
  records     INTEGER NOT NULL DEFAULT 0, -- read
  loaded      INTEGER NOT NULL DEFAULT 0,
  duplicates  INTEGER NOT NULL DEFAULT 0,
  quarantined INTEGER NOT NULL DEFAULT 0,
  replaced    INTEGER NOT NULL DEFAULT 0,
  message     TEXT
);

-- One row per imported file; its checksum makes re-imports no-ops.
CREATE TABLE import_file (
  id          INTEGER PRIMARY KEY,
  batch_id    INTEGER NOT NULL REFERENCES import_batch(id),
  path        TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  bytes       INTEGER NOT NULL,
  format      TEXT,
  records     INTEGER NOT NULL DEFAULT 0,
  loaded      INTEGER NOT NULL DEFAULT 0,
  duplicates  INTEGER NOT NULL DEFAULT 0,
  quarantined INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX import_file_sha ON import_file(sha256);

-- Records kept out of the canonical tables, with their reason.
CREATE TABLE quarantine (
  id       INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES import_batch(id),
  file_id  INTEGER REFERENCES import_file(id),
  kind     TEXT NOT NULL,                 -- decp | table name of a delivery
  position TEXT NOT NULL,                 -- 'line 12' | 'record 4 (byte 1234)'
  reason   TEXT NOT NULL,                 -- Q_* reason code
  detail   TEXT,                          -- offending value / message
  raw      TEXT                           -- the record, cut to 4 KiB
);
CREATE INDEX quarantine_batch ON quarantine(batch_id);

-- Reason codes of quality flags and quarantines, defined once as data
-- (data/ref/decp_codes.csv, data/ref/clause_codes.csv); docs derive from it.
CREATE TABLE ref_reason_code (
  code        TEXT PRIMARY KEY,           -- e.g. siret_invalid, Q_NO_BUYER
  scope       TEXT NOT NULL,              -- decp | clauses | import
  kind        TEXT NOT NULL,              -- flag | quarantine
  category    TEXT NOT NULL,              -- enum quality_category
  level       TEXT NOT NULL,              -- field | record | dataset | time | file
  label       TEXT NOT NULL,              -- French, for reports
  description TEXT                        -- English, for developers
);
