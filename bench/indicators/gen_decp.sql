-- gen_decp.sql - synthetic DECP facts for the indicator benchmarks: :n
-- contracts (default 1 500 000 via the driver), deterministic, spread over
-- 2019-2025, with titulaires, sub-contractors, quality flags, buyers and
-- a directory of inclusive structures.  Run after `orcs init` on a
-- throwaway warehouse (bench/indicators/run does).  Not realistic data:
-- only plausible proportions (domain reference §2.10, §5.9).
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA foreign_keys = OFF;
BEGIN;
INSERT INTO import_batch(id, kind, source) VALUES (1, 'decp', 'bench');
INSERT INTO import_file(id, batch_id, path, sha256, bytes) VALUES (1, 1, 'bench.json', 'x', 0);

CREATE TEMP TABLE g_commune(rn INTEGER PRIMARY KEY, code TEXT, departement TEXT);
INSERT INTO g_commune SELECT row_number() OVER (ORDER BY code), code, departement FROM dim_commune;
CREATE TEMP TABLE g_n(n INTEGER);
INSERT INTO g_n VALUES (1500000);

INSERT INTO dim_buyer(siret, siren, nom, donneur_type, departement)
  WITH RECURSIVE b(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM b WHERE i < 4999)
  SELECT printf('2%013d', i), printf('2%08d', i), 'Acheteur ' || i,
         (SELECT code FROM dim_enum WHERE enum = 'donneur_type' AND ord = 1 + i % 11),
         substr('7577789192939495', 1 + 2 * (i % 8), 2)
  FROM b;

INSERT INTO dim_enterprise(siret, siren, nom, structure_type)
  WITH RECURSIVE e(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM e WHERE i < 2999)
  SELECT printf('%09d00011', i), printf('%09d', i), 'Structure ' || i,
         CASE i % 6 WHEN 0 THEN 'EI' WHEN 1 THEN 'ACI' WHEN 2 THEN 'AI' WHEN 3 THEN 'ETTI'
                    WHEN 4 THEN 'EA' ELSE 'GEIQ' END
  FROM e;

INSERT INTO decp_contract(id, rkey, uid, kind, fmt, source, buyer_siret, id_src, nature, cpv,
  procedure, commune, departement, in_idf, notif_year, date_notification, date_publication,
  montant_initial, amount_flagged, social_status, social_values, env_status, env_values,
  batch_id, file_id, record_index)
  WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < (SELECT n FROM g_n)),
  h AS (SELECT i, (i * 1103515245 + 12345) % 2147483648 AS a,
               (i * 69069 + 1) % 4294967296 AS b,
               (i * 22695477 + 1) % 4294967296 AS c FROM s),
  r AS (SELECT i, a, b, c, 2019 + i % 7 AS y,
               CASE WHEN 2019 + i % 7 >= 2024 OR b % 10 = 0 THEN '2024' ELSE '2019' END AS fmt,
               a % 100 AS sp, b % 100 AS ep FROM h)
  SELECT i, i, 'u' || i, CASE WHEN c % 50 = 0 THEN 'CONCESSION' ELSE 'MARCHE' END, fmt,
         'source' || (a % 12), printf('2%013d', a % 5000), 'id' || i,
         CASE c % 3 WHEN 0 THEN 'MARCHE' WHEN 1 THEN 'MARCHE' ELSE 'PARTENARIAT' END,
         printf('%02d000000', 3 + b % 96),
         CASE a % 6 WHEN 0 THEN 'MAPA' WHEN 1 THEN 'AOO' WHEN 2 THEN 'AOR' WHEN 3 THEN 'PN'
                    WHEN 4 THEN 'SANS_PUB' ELSE 'DIALOGUE' END,
         CASE WHEN c % 20 = 0 THEN NULL ELSE (SELECT code FROM g_commune WHERE rn = 1 + c % 1266) END,
         CASE WHEN c % 20 = 0 THEN NULL ELSE (SELECT departement FROM g_commune WHERE rn = 1 + c % 1266) END,
         1, CASE WHEN i % 997 = 0 THEN NULL ELSE y END,
         printf('%04d-%02d-%02d', y, 1 + a % 12, 1 + b % 28),
         printf('%04d-%02d-%02d', y + (a % 12 = 11), 1 + (a + 1) % 12, 1 + b % 28),
         40000 + (a % 2000000), (c % 100 = 0),
         CASE WHEN fmt = '2019' THEN 'NOT_APPLICABLE' WHEN sp < 10 THEN 'NOT_FILLED' ELSE 'FILLED' END,
         CASE WHEN fmt = '2019' OR sp < 10 THEN NULL WHEN sp < 87 THEN 'SOC_NONE'
              WHEN sp < 93 THEN 'SOC_CLAUSE' WHEN sp < 96 THEN 'SOC_CRITERE'
              WHEN sp < 99 THEN 'SOC_CLAUSE|SOC_CRITERE' ELSE 'SOC_RESERVE' END,
         CASE WHEN fmt = '2019' THEN 'NOT_APPLICABLE' WHEN ep < 12 THEN 'NOT_FILLED' ELSE 'FILLED' END,
         CASE WHEN fmt = '2019' OR ep < 12 THEN NULL WHEN ep < 70 THEN 'ENV_NONE'
              WHEN ep < 88 THEN 'ENV_CLAUSE' ELSE 'ENV_CRITERE' END,
         1, 1, i
  FROM r;

INSERT INTO decp_titulaire(contract_id, version, pos, type_id, ident, siren, siret_valid)
  SELECT id, 0, 1, 'SIRET', printf('%09d00011', (id * 7919) % 200000), printf('%09d', (id * 7919) % 200000),
         (id % 33 <> 0)
  FROM decp_contract;
INSERT INTO decp_subcontract(contract_id, pos, siren, siret_valid, montant)
  SELECT id, 1, printf('%09d', (id * 104729) % 6000), 1, 10000 FROM decp_contract
  WHERE fmt = '2024' AND id % 9 = 0;
INSERT INTO decp_flag(contract_id, code)
  SELECT id, CASE id % 10 WHEN 0 THEN 'siret_invalid' WHEN 1 THEN 'late_publication'
         WHEN 2 THEN 'missing' WHEN 3 THEN 'enum_unknown' WHEN 4 THEN 'amount_aberrant'
         WHEN 5 THEN 'cpv_invalid' WHEN 6 THEN 'dup_cross_source' WHEN 7 THEN 'amount_duration'
         WHEN 8 THEN 'pub_before_notif' ELSE 'id_shared_lots' END
  FROM decp_contract WHERE (id * 31) % 100 < 6;
COMMIT;
ANALYZE;
