-- 008: montantSubventionPublique of the contrats de concession (issue 7,
-- point 4: `orcs export decp` writes concessions, and the 2024 schema
-- requires this amount).  Filled by `orcs import decp` from the 2019 and
-- 2024 formats (JSON and XML) when the record gives it; NULL for marchés,
-- for concessions imported before this migration and for concessions
-- without it (never guessed: such a concession is not exported).
ALTER TABLE decp_contract ADD COLUMN montant_subvention REAL;
