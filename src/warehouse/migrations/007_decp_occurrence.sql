-- 007: a contract's current occurrence is not written twice.  The row of
-- decp_contract already holds the file, record index, source and origin of
-- the record it was loaded from; decp_occurrence_other keeps only the other
-- occurrences (duplicates, and records that a better version replaced).
-- decp_occurrence becomes a view with the shape and content of the former
-- table (one row per occurrence, outcome loaded | replaced | duplicate):
-- the import writes one row fewer per contract (issue 3, point 8;
-- docs/performance.md, "DECP import").

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
