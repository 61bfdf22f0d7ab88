-- 005: the indicator catalogue (data/ref/indicators.csv), defined once as
-- data; `orcs stats --list`, the CLI help and docs/indicators.md derive
-- from it.
CREATE TABLE ind_catalogue (
  id          TEXT NOT NULL,
  version     INTEGER NOT NULL,
  family      TEXT NOT NULL,        -- clauses | benef | decp | platform | ogpf | inclusive | quality
  label       TEXT NOT NULL,        -- French
  definition  TEXT NOT NULL,        -- French
  unit        TEXT NOT NULL,        -- h | count | persons | pct | fte
  dims        TEXT,                 -- allowed dimensions, comma-separated
  year_rule   TEXT NOT NULL,        -- enum year_rule
  additive    TEXT NOT NULL,        -- yes | no: may yearly values be summed?
  numerator   TEXT,
  denominator TEXT,
  coverage    TEXT,
  secrecy     TEXT NOT NULL,        -- S0 | S1 | S2 | S3 | S0/S2 | S2+S1
  caveats     TEXT,
  PRIMARY KEY (id, version)
) WITHOUT ROWID;
