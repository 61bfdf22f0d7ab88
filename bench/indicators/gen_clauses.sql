-- gen_clauses.sql - a synthetic clause-tracking delivery for the indicator
-- benchmarks, "scale 10": ten times the regional orders of magnitude of
-- domain reference §5.9 (7 416 markets, 12 364 participants, 16 060
-- contracts a year): 74 160 markets notified 2022-2024, 123 640
-- participants, 160 600 contracts of 6 months on average, about 1 M monthly
-- hour records, outcomes, the platform's consultations.  Deterministic, not
-- realistic beyond proportions.  Run after gen_decp.sql (it links some
-- markets to DECP contracts).
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA foreign_keys = OFF;
BEGIN;
INSERT INTO import_batch(id, kind, source) VALUES (2, 'clauses', 'bench');

CREATE TEMP TABLE g_commune(rn INTEGER PRIMARY KEY, code TEXT);
INSERT INTO g_commune SELECT row_number() OVER (ORDER BY code), code FROM dim_commune;

INSERT INTO clause_operation(operation_id, libelle, donneur_siret, programme, moa, batch_id, source_file, line)
  WITH RECURSIVE o(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM o WHERE i < 399)
  SELECT 'OP' || i, 'Opération ' || i, printf('2%013d', i % 5000),
         CASE i % 4 WHEN 0 THEN 'GPE' WHEN 1 THEN 'JOP2024' WHEN 2 THEN 'NPNRU' ELSE 'AUTRE_GP' END,
         CASE i % 5 WHEN 0 THEN 'SGP' WHEN 1 THEN 'RATP' WHEN 2 THEN 'SNCF_RESEAU' WHEN 3 THEN 'SOLIDEO' ELSE 'ANRU' END,
         2, 'operations.csv', i + 2
  FROM o;

INSERT INTO clause_market(id, donneur_siret, marche_id, lot, operation_id, objet, cpv, nature,
  date_notification, notif_year, duree_mois, montant_ht, modalites, heures_objectif,
  lieu_commune, decp_contract_id, batch_id, source_file, line)
  WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 74160),
  h AS (SELECT i, (i * 1103515245 + 12345) % 2147483648 AS a, (i * 69069 + 1) % 4294967296 AS b FROM s)
  SELECT i, printf('2%013d', a % 5000), 'M' || i, '0',
         CASE WHEN a % 4 = 0 THEN 'OP' || (b % 400) END, 'Marché ' || i,
         printf('%02d000000', CASE b % 3 WHEN 0 THEN 45 WHEN 1 THEN 90 ELSE 77 END),
         CASE b % 3 WHEN 0 THEN 'TRAVAUX' WHEN 1 THEN 'SERVICES' ELSE 'SERVICES' END,
         printf('%04d-%02d-01', 2022 + i % 3, 1 + a % 12), 2022 + i % 3, 6 + b % 43,
         50000 + a % 3000000,
         CASE a % 10 WHEN 0 THEN 'EXEC_INSERTION|CRITERE_SOCIAL' WHEN 1 THEN 'RESERVE_SIAE'
                     ELSE 'EXEC_INSERTION' END,
         CASE WHEN b % 5 = 0 THEN NULL ELSE 100 + a % 5000 END,
         (SELECT code FROM g_commune WHERE rn = 1 + b % 1266),
         CASE WHEN a % 3 = 0 THEN 1 + (i * 7) % 1500000 END,
         2, 'marches.csv', i + 1
  FROM h;

INSERT INTO clause_participant(pid, sexe, age_band, dept_res, commune_res, qpv, diploma, publics, rqth, prescriber, batch_id, source_file, line)
  WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 123640),
  h AS (SELECT i, (i * 22695477 + 1) % 4294967296 AS a FROM s)
  SELECT printf('%064x', i), CASE WHEN a % 100 < 15 THEN 'F' WHEN a % 100 < 98 THEN 'H' ELSE 'NR' END,
         CASE a % 4 WHEN 0 THEN 'AGE_LT26' WHEN 1 THEN 'AGE_50P' WHEN 2 THEN 'AGE_26_49' ELSE 'AGE_26_49' END,
         (SELECT substr(code, 1, 2) FROM g_commune WHERE rn = 1 + a % 1266),
         (SELECT code FROM g_commune WHERE rn = 1 + a % 1266),
         CASE WHEN a % 7 = 0 THEN 1 WHEN a % 11 = 0 THEN NULL ELSE 0 END,
         CASE a % 5 WHEN 0 THEN 'DIP_INFRA3' WHEN 1 THEN 'DIP_3' WHEN 2 THEN 'DIP_4' WHEN 3 THEN 'DIP_5' ELSE 'DIP_NR' END,
         CASE a % 6 WHEN 0 THEN 'DELD|BRSA' WHEN 1 THEN 'DELD' WHEN 2 THEN 'JEUNE' WHEN 3 THEN 'QPV' WHEN 4 THEN 'BRSA' ELSE NULL END,
         CASE WHEN a % 20 = 0 THEN 1 ELSE 0 END,
         CASE a % 4 WHEN 0 THEN 'FT' WHEN 1 THEN 'ML' WHEN 2 THEN 'PLIE' ELSE 'CAP_EMPLOI' END,
         2, 'participants.csv', i + 1
  FROM h;

INSERT INTO dim_enterprise(siret, siren, nom, structure_type)
  WITH RECURSIVE e(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM e WHERE i < 9999)
  SELECT printf('8%08d00011', i), printf('8%08d', i), 'Employeur ' || i,
         CASE i % 8 WHEN 0 THEN 'EI' WHEN 1 THEN 'ETTI' WHEN 2 THEN 'GEIQ' WHEN 3 THEN 'ACI'
                    ELSE 'CLASSIQUE' END
  FROM e;

INSERT INTO clause_contract(contrat_id, pid, employer_siret, market_id, contract_type, fulfilment, date_debut, date_fin, batch_id, source_file, line)
  WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 160600),
  h AS (SELECT i, (i * 1103515245 + 12345) % 2147483648 AS a, (i * 69069 + 1) % 4294967296 AS b FROM s)
  SELECT 'K' || i, printf('%064x', 1 + (i - 1) % 123640), printf('8%08d00011', a % 12000),
         1 + b % 74160,
         CASE a % 5 WHEN 0 THEN 'CDDI' WHEN 1 THEN 'CDD' WHEN 2 THEN 'MISSION_INTERIM' WHEN 3 THEN 'PROFESSIONNALISATION' ELSE 'CDI' END,
         CASE a % 6 WHEN 0 THEN 'EMBAUCHE_DIRECTE' WHEN 1 THEN 'MAD_ETTI' WHEN 2 THEN 'MAD_GEIQ' WHEN 3 THEN 'SOUSTRAIT_SIAE' WHEN 4 THEN 'MAD_AI' ELSE 'EMBAUCHE_DIRECTE' END,
         printf('%04d-%02d-01', 2023 + i % 2, 1 + a % 12),
         date(printf('%04d-%02d-01', 2023 + i % 2, 1 + a % 12), '+' || (1 + b % 12) || ' months', '-1 day'),
         2, 'contrats.csv', i + 1
  FROM h;

INSERT INTO clause_hours(contrat_id, month, hours_work, hours_training, batch_id, source_file, line)
  WITH RECURSIVE m(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM m WHERE k < 11)
  SELECT k0.contrat_id, strftime('%Y-%m', k0.date_debut, '+' || m.k || ' months'),
         20 + (abs(random()) % 130), NULL, 2, 'heures.csv', 0
  FROM clause_contract k0 JOIN m ON date(k0.date_debut, '+' || m.k || ' months') <= k0.date_fin;

INSERT INTO clause_outcome(pid, horizon, date, situation, batch_id, source_file, line)
  SELECT pid, 'FIN', '2024-12-31',
         CASE abs(random()) % 5 WHEN 0 THEN 'EMPLOI_DURABLE' WHEN 1 THEN 'EMPLOI_TRANSITION'
              WHEN 2 THEN 'SORTIE_POSITIVE' WHEN 3 THEN 'AUTRE' ELSE 'NR' END, 2, 'sorties.csv', 0
  FROM clause_participant WHERE rowid % 3 <> 0;

INSERT INTO platform_consultation(consultation_id, lot, date_publication, pub_year, buyer_siret, nature, clause_sociale, clause_env, offres, batch_id, source_file, line)
  WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 97740)
  SELECT 'C' || (i / 3), CASE WHEN (i / 3) % 4 = 0 THEN CAST(i % 3 + 1 AS TEXT) ELSE '0' END,
         printf('%04d-%02d-01', 2022 + i % 3, 1 + i % 12), 2022 + i % 3, printf('2%013d', i % 5000),
         CASE i % 3 WHEN 0 THEN 'TRAVAUX' WHEN 1 THEN 'SERVICES' ELSE 'FOURNITURES' END,
         CASE i % 9 WHEN 0 THEN 'CLAUSE' WHEN 1 THEN 'CRITERE|CLAUSE' WHEN 2 THEN NULL ELSE 'NON' END,
         CASE i % 4 WHEN 0 THEN 'CLAUSE' WHEN 1 THEN NULL ELSE 'NON' END, 1 + i % 9,
         2, 'consultations.csv', i
  FROM s WHERE (i / 3) % 4 = 0 OR i % 3 = 0;
COMMIT;
ANALYZE;
