-- A small hand-made warehouse for the indicator engine's tests
-- (tests/unit/test_engine*.c, tests/cli/test_stats.sh).  Every expected
-- figure is computed by hand in the comments of those tests; the comments
-- here say what each row is for.  Loaded after `orcs init`.

INSERT INTO import_batch(id, kind, source) VALUES (1, 'decp', 'fixture'), (2, 'clauses', 'fixture');
INSERT INTO import_file(id, batch_id, path, sha256, bytes) VALUES (1, 1, 'decp.json', 'x', 0);

INSERT INTO dim_buyer(siret, siren, nom, donneur_type, departement) VALUES
  ('21930001800011', '219300018', 'Commune de Montreuil', 'COMMUNE', '93'),
  ('22750001600019', '227500016', 'Département de Paris', 'DEPARTEMENT', '75'),
  ('13000000000011', '130000000', 'Un service de l''État', 'ETAT', '75');

INSERT INTO dim_enterprise(siret, siren, nom, structure_type) VALUES
  ('11111111100011', '111111111', 'Insertion Un', 'EI'),
  ('22222222200011', '222222222', 'Classique Deux', 'CLASSIQUE'),
  ('33333333300011', '333333333', 'Geiq Trois', 'GEIQ'),
  ('44444444400011', '444444444', 'Esat Quatre', 'ESAT'),
  ('55555555500011', '555555555', 'Chantier Cinq', 'ACI');

-- DECP contracts.  2024: C1..C8; 2023: C9..C11; C12 outside IdF; C13 without a year.
INSERT INTO decp_contract(id, rkey, uid, kind, fmt, source, buyer_siret, id_src, departement,
  commune, in_idf, notif_year, date_notification, date_publication, montant_initial,
  amount_flagged, social_status, social_values, env_status, env_values, batch_id, file_id,
  record_index) VALUES
  (1, 1, 'u1', 'MARCHE', '2024', 'S1', '21930001800011', '1', '93', '93048', 1, 2024, '2024-01-10', '2024-01-20', 100000, 0, 'FILLED', 'SOC_CLAUSE', 'FILLED', 'ENV_CLAUSE', 1, 1, 1),
  (2, 2, 'u2', 'MARCHE', '2024', 'S1', '21930001800011', '2', '93', '93066', 1, 2024, '2024-02-01', '2024-06-15', 200000, 0, 'FILLED', 'SOC_CLAUSE|SOC_CRITERE', 'FILLED', 'ENV_NONE', 1, 1, 2),
  (3, 3, 'u3', 'MARCHE', '2024', 'S2', '22750001600019', '3', '93', '93048', 1, 2024, '2024-03-01', '2024-12-01', 300000, 0, 'FILLED', 'SOC_NONE', 'FILLED', 'ENV_NONE', 1, 1, 3),
  (4, 4, 'u4', 'MARCHE', '2024', 'S2', '22750001600019', '4', '75', '75101', 1, 2024, '2024-12-15', '2025-01-10', 50000, 0, 'FILLED', 'SOC_RESERVE', 'FILLED', 'ENV_CRITERE', 1, 1, 4),
  (5, 5, 'u5', 'MARCHE', '2024', 'S1', '22750001600019', '5', '75', NULL, 1, 2024, NULL, NULL, 10, 1, 'NOT_FILLED', NULL, 'NOT_FILLED', NULL, 1, 1, 5),
  (6, 6, 'u6', 'MARCHE', '2024', 'S1', '21930001800011', '6', '92', NULL, 1, 2024, NULL, NULL, 1e12, 1, 'FILLED', 'SOC_NONE', 'NOT_FILLED', NULL, 1, 1, 6),
  (7, 7, 'u7', 'MARCHE', '2019', 'S2', '21930001800011', '7', '92', NULL, 1, 2024, NULL, NULL, 400000, 0, 'NOT_APPLICABLE', NULL, 'NOT_APPLICABLE', NULL, 1, 1, 7),
  (8, 8, 'u8', 'CONCESSION', '2024', 'S1', '13000000000011', '8', NULL, NULL, 1, 2024, NULL, NULL, 600000, 0, 'FILLED', 'SOC_CLAUSE', 'FILLED', 'ENV_CLAUSE', 1, 1, 8),
  (9, 9, 'u9', 'MARCHE', '2019', 'S1', '21930001800011', '9', '93', NULL, 1, 2023, NULL, NULL, 100000, 0, 'NOT_APPLICABLE', NULL, 'NOT_APPLICABLE', NULL, 1, 1, 9),
  (10, 10, 'u10', 'MARCHE', '2024', 'S1', '21930001800011', '10', '93', NULL, 1, 2023, NULL, NULL, 80000, 0, 'FILLED', 'SOC_CLAUSE', 'FILLED', 'ENV_NONE', 1, 1, 10),
  (11, 11, 'u11', 'MARCHE', '2019', 'S2', '22750001600019', '11', '75', NULL, 1, 2023, NULL, NULL, 20000, 0, 'NOT_APPLICABLE', NULL, 'NOT_APPLICABLE', NULL, 1, 1, 11),
  (12, 12, 'u12', 'MARCHE', '2024', 'S1', '21930001800011', '12', '13', NULL, 0, 2024, NULL, NULL, 1000, 0, 'FILLED', 'SOC_CLAUSE', 'FILLED', 'ENV_NONE', 1, 1, 12),
  (13, 13, 'u13', 'MARCHE', '2024', 'S1', '21930001800011', '13', '93', NULL, 1, NULL, NULL, NULL, 1000, 0, 'FILLED', 'SOC_CLAUSE', 'FILLED', 'ENV_NONE', 1, 1, 13);

-- Titulaires at notification (version 0).
INSERT INTO decp_titulaire(contract_id, version, pos, type_id, ident, siren, siret_valid) VALUES
  (1, 0, 1, 'SIRET', '11111111100011', '111111111', 1),
  (2, 0, 1, 'SIRET', '22222222200011', '222222222', 1),
  (2, 0, 2, 'SIRET', '99999999999999', '999999999', 0),
  (3, 0, 1, 'SIRET', '33333333300011', '333333333', 1),
  (4, 0, 1, 'SIRET', '44444444400011', '444444444', 1),
  (4, 0, 2, 'SIRET', '22222222200011', '222222222', 1),
  (5, 0, 1, 'SIRET', '12345678900022', '123456789', 0),
  (7, 0, 1, 'SIRET', '22222222200011', '222222222', 1),
  (8, 0, 1, 'SIRET', '11111111100011', '111111111', 1);

INSERT INTO decp_subcontract(contract_id, pos, siren, siret_valid, montant) VALUES
  (2, 1, '111111111', 1, 20000),
  (3, 1, '222222222', 1, 30000);

INSERT INTO decp_flag(contract_id, code) VALUES
  (1, 'siret_invalid'), (2, 'late_publication'), (2, 'amount_duration'),
  (3, 'cpv_invalid'), (3, 'siret_invalid'), (3, 'id_shared_lots'), (4, 'enum_unknown'),
  (5, 'amount_aberrant'), (6, 'amount_aberrant'), (7, 'dup_cross_source'), (8, 'missing');

-- Clause tracking.  OP1 is a Grand Paris Express operation.
INSERT INTO clause_operation(operation_id, libelle, donneur_siret, programme, moa, batch_id, source_file, line)
  VALUES ('OP1', 'Gare de Montreuil', '21930001800011', 'GPE', 'SGP', 2, 'operations.csv', 2);

-- M1: 2024, 12 months, GPE; M2: 2024, 6 months; M3: notified 2023 for 36
-- months (active 2023, 2024 and 2025); M4: 2024, 3 months, no target, no hours.
INSERT INTO clause_market(id, donneur_siret, marche_id, lot, operation_id, objet, nature,
  date_notification, notif_year, duree_mois, montant_ht, modalites, heures_objectif,
  lieu_commune, decp_contract_id, batch_id, source_file, line) VALUES
  (1, '21930001800011', 'M1', '0', 'OP1', 'Gros œuvre', 'TRAVAUX', '2024-01-01', 2024, 12, 150000, 'EXEC_INSERTION', 1000, '93048', 3, 2, 'marches.csv', 2),
  (2, '21930001800011', 'M2', '0', NULL, 'Nettoyage', 'SERVICES', '2024-06-01', 2024, 6, 300000, 'EXEC_INSERTION|CRITERE_SOCIAL', 200, '93066', 1, 2, 'marches.csv', 3),
  (3, '22750001600019', 'M3', '0', NULL, 'Espaces verts', 'SERVICES', '2023-01-01', 2023, 36, 50000, 'RESERVE_SIAE', 3000, '75101', NULL, 2, 'marches.csv', 4),
  (4, '22750001600019', 'M4', '0', NULL, 'Fournitures', 'FOURNITURES', '2024-09-01', 2024, 3, 45000, 'EXEC_INSERTION', NULL, '75101', NULL, 2, 'marches.csv', 5);

INSERT INTO clause_market_enterprise(market_id, siret, role, batch_id, source_file, line) VALUES
  (1, '11111111100011', 'TITULAIRE', 2, 'marche_entreprises.csv', 2),
  (2, '22222222200011', 'TITULAIRE', 2, 'marche_entreprises.csv', 3),
  (2, '33333333300011', 'EMPLOYEUR_MAD', 2, 'marche_entreprises.csv', 4);

-- Participants: P01-P03 women under 26 living in a QPV of 93 (on M1, GPE);
-- P04-P09 men of 93 (on M2); P10-P15 men of 75 (on M3, since 2023).
INSERT INTO clause_participant(pid, sexe, age_band, dept_res, commune_res, qpv, diploma, publics, rqth, batch_id, source_file, line)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 15)
  SELECT printf('P%02d', i),
         CASE WHEN i <= 3 THEN 'F' ELSE 'H' END,
         CASE WHEN i <= 3 THEN 'AGE_LT26' ELSE 'AGE_26_49' END,
         CASE WHEN i <= 9 THEN '93' ELSE '75' END,
         CASE WHEN i <= 9 THEN '93048' ELSE '75101' END,
         CASE WHEN i <= 3 THEN 1 ELSE 0 END,
         CASE WHEN i <= 5 THEN 'DIP_INFRA3' ELSE 'DIP_4' END,
         CASE WHEN i <= 2 THEN 'BRSA|DELD' WHEN i <= 8 THEN 'DELD' ELSE 'JEUNE' END,
         CASE WHEN i = 1 THEN 1 ELSE 0 END,
         2, 'participants.csv', i + 1
  FROM n;

-- One contract each.  Employers: E1 (EI) for P01-P03, E2 (classique) P04-P06,
-- E3 (GEIQ) P07-P09, E4 (ACI) P10-P12, E5 (not in the directories) P13-P15.
INSERT INTO clause_contract(contrat_id, pid, employer_siret, market_id, contract_type, fulfilment, date_debut, date_fin, batch_id, source_file, line)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 15)
  SELECT printf('K%02d', i), printf('P%02d', i),
         CASE WHEN i <= 3 THEN '11111111100011' WHEN i <= 6 THEN '22222222200011'
              WHEN i <= 9 THEN '33333333300011' WHEN i <= 12 THEN '55555555500011'
              ELSE '66666666600011' END,
         CASE WHEN i <= 3 THEN 1 WHEN i <= 9 THEN 2 ELSE 3 END,
         CASE WHEN i <= 3 THEN 'CDDI' WHEN i <= 9 THEN 'CDD' ELSE 'CDDI' END,
         CASE WHEN i <= 3 THEN 'EMBAUCHE_DIRECTE' WHEN i <= 6 THEN 'EMBAUCHE_DIRECTE'
              WHEN i <= 9 THEN 'MAD_GEIQ' ELSE 'SOUSTRAIT_SIAE' END,
         CASE WHEN i <= 9 THEN '2024-02-01' ELSE '2023-06-01' END,
         CASE WHEN i <= 3 THEN '2024-07-31' WHEN i <= 9 THEN '2024-09-30' ELSE '2024-12-31' END,
         2, 'contrats.csv', i + 1
  FROM n;

-- Hours: everyone works 100 h in March and 50 h in April 2024; P10-P15 also
-- 100 h in June 2023.  Training: K01-K04 7 h in March 2024, K10 4 h in June 2023.
INSERT INTO clause_hours(contrat_id, month, hours_work, hours_training, batch_id, source_file, line)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 15)
  SELECT printf('K%02d', i), '2024-03', 100, CASE WHEN i <= 4 THEN 7 END, 2, 'heures.csv', i FROM n
  UNION ALL SELECT printf('K%02d', i), '2024-04', 50, NULL, 2, 'heures.csv', 100 + i FROM n
  UNION ALL SELECT printf('K%02d', i), '2023-06', 100, CASE WHEN i = 10 THEN 4 END, 2, 'heures.csv', 200 + i FROM n WHERE i >= 10;

-- Outcomes at the end of the contract (FIN): P04 unknown (NR), P10-P15 none.
INSERT INTO clause_outcome(pid, horizon, date, situation, batch_id, source_file, line) VALUES
  ('P01', 'FIN', '2024-07-31', 'EMPLOI_DURABLE', 2, 'sorties.csv', 2),
  ('P02', 'FIN', '2024-07-31', 'SORTIE_POSITIVE', 2, 'sorties.csv', 3),
  ('P03', 'FIN', '2024-07-31', 'AUTRE', 2, 'sorties.csv', 4),
  ('P04', 'FIN', '2024-09-30', 'NR', 2, 'sorties.csv', 5),
  ('P05', 'FIN', '2024-09-30', 'EMPLOI_TRANSITION', 2, 'sorties.csv', 6),
  ('P06', 'FIN', '2024-09-30', 'EMPLOI_TRANSITION', 2, 'sorties.csv', 7),
  ('P07', 'FIN', '2024-09-30', 'EMPLOI_TRANSITION', 2, 'sorties.csv', 8),
  ('P08', 'FIN', '2024-09-30', 'EMPLOI_TRANSITION', 2, 'sorties.csv', 9),
  ('P09', 'FIN', '2024-09-30', 'EMPLOI_TRANSITION', 2, 'sorties.csv', 10),
  ('P05', 'M6', '2025-03-30', 'EMPLOI_DURABLE', 2, 'sorties.csv', 11);

-- The buyers' platform: CONS1, CONS2 not allotted; CONS3 with two lots (2024); CONS4 (2023).
INSERT INTO platform_consultation(consultation_id, lot, date_publication, pub_year, buyer_siret, nature, clause_sociale, clause_env, offres, batch_id, source_file, line) VALUES
  ('CONS1', '0', '2024-02-01', 2024, '21930001800011', 'TRAVAUX', 'CLAUSE', 'NON', 3, 2, 'consultations.csv', 2),
  ('CONS2', '0', '2024-03-01', 2024, '21930001800011', 'SERVICES', 'NON', '', 2, 2, 'consultations.csv', 3),
  ('CONS3', '1', '2024-04-01', 2024, '22750001600019', 'SERVICES', 'CLAUSE|CRITERE', 'CLAUSE', 4, 2, 'consultations.csv', 4),
  ('CONS3', '2', '2024-04-01', 2024, '22750001600019', 'SERVICES', NULL, 'NON', NULL, 2, 'consultations.csv', 5),
  ('CONS4', '0', '2023-05-01', 2023, '22750001600019', 'FOURNITURES', 'RESERVE', NULL, 1, 2, 'consultations.csv', 6);
