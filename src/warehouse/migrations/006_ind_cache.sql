-- 006: the indicator engine's helpers and its cache of precomputed results
-- (src/indicators/engine.h, docs/indicators-engine.md).

-- Calendar years the year rules ACTIVE and CUMULATIVE join against (a
-- market active over three years is one row per year it overlaps).
CREATE TABLE ind_year (year INTEGER PRIMARY KEY);
INSERT INTO ind_year(year)
  WITH RECURSIVE y(v) AS (SELECT 2000 UNION ALL SELECT v + 1 FROM y WHERE v < 2050)
  SELECT v FROM y;

-- Precomputed results, written by `orcs refresh` (orcs_refresh()): one row
-- per published row of a query (indicator, year, breakdown, audience).
-- year 0 = all years (additive indicators only); by_key '' = no breakdown,
-- else canonical "dim:level[,dim:level]".  Secret rows are stored with
-- their figures already removed, so the cache never holds what the audience
-- may not see.
CREATE TABLE ind_cache (
  indicator   TEXT NOT NULL,
  version     INTEGER NOT NULL,
  year        INTEGER NOT NULL,
  by_key      TEXT NOT NULL,
  audience    TEXT NOT NULL,                -- public | internal
  pos         INTEGER NOT NULL,             -- row order; 0 = the total
  has0        INTEGER NOT NULL DEFAULT 0,   -- the row carries dimension 0
  code0       TEXT,
  label0      TEXT,
  has1        INTEGER NOT NULL DEFAULT 0,
  code1       TEXT,
  label1      TEXT,
  value       REAL,
  numerator   REAL,
  denominator REAL,
  coverage    REAL,
  previous    REAL,
  change      REAL,
  secret      INTEGER NOT NULL DEFAULT 0,   -- 0 shown, 1 primary, 2 secondary
  x0 REAL, x1 REAL, x2 REAL, x3 REAL,       -- the indicator's extra figures
  excluded    INTEGER,                      -- total row: records without a usable year
  PRIMARY KEY (indicator, year, by_key, audience, pos)
) WITHOUT ROWID;

-- One row: when the cache was built, against which data and which engine.
CREATE TABLE ind_cache_state (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  refreshed_at TEXT NOT NULL,
  data_stamp   TEXT NOT NULL,               -- last import batch and referential load at refresh time
  fingerprint  TEXT NOT NULL,               -- hash of the engine's registry
  queries      INTEGER NOT NULL,
  rows         INTEGER NOT NULL,
  seconds      REAL NOT NULL
);
