# test_clauses.sh - the CLI contract of issue 4: key file, import clauses,
# import siae, synth; exit codes, messages, JSON, refusals, and a kill -9
# in the middle of a big import.
. tests/cli/lib.sh
DB="$T/c.db"

expect_exit "init creates the key file" 0 "$ORCS" init --db "$DB"
expect_grep "init names the key file" "Clé de pseudonymisation" "$T/out"
expect_eq "key file mode 0600" "$(stat -c %a "$DB.key")" 600
expect_eq "key file is 64 hex digits" "$(tr -d '\n' <"$DB.key" | grep -c '^[0-9a-f]\{64\}$')" 1
k1=$(cat "$DB.key")
expect_exit "init again" 0 "$ORCS" init --db "$DB"
expect_eq "the key is kept" "$(cat "$DB.key")" "$k1"
expect_exit "init --key FILE" 0 "$ORCS" init --db "$DB" --key "$T/other.key"
expect_eq "--key FILE created 0600" "$(stat -c %a "$T/other.key")" 600

expect_exit "a missing key file is an I/O error" 3 "$ORCS" import clauses tests/data/clauses-mini --db "$DB" --key "$T/none.key"
expect_grep "missing key: tells to run init" "orcs init" "$T/err"

expect_exit "import clauses: clean delivery" 0 "$ORCS" import clauses tests/data/clauses-mini --db "$DB" --json
expect_grep "json: status loaded" '"status":"loaded"' "$T/out"
expect_grep "json: per-table counts" '"heures":{"read":3,"loaded":3,"duplicates":0,"quarantined":0,"replaced":0' "$T/out"
expect_grep "json: totals" '"records":20,"loaded":20,"duplicates":0,"quarantined":0' "$T/out"
expect_exit "same delivery again: nothing to do" 0 "$ORCS" import clauses tests/data/clauses-mini --db "$DB"
expect_grep "re-import says so" "déjà importée" "$T/out"
expect_eq "re-import changed nothing" "$(sqlite3 "$DB" 'SELECT count(*) FROM clause_hours')" 3

map=data/mappings/exemple-clause.ini
expect_exit "identifying columns: refused (exit 1)" 1 "$ORCS" import clauses tests/data/clauses-fr --db "$DB" --mapping "$map"
expect_grep "refusal names the columns" "Nom, Prénom" "$T/err"
expect_grep "refusal tells the option" "drop-identifying-columns" "$T/err"
expect_exit "identifying columns dropped on request" 0 "$ORCS" import clauses tests/data/clauses-fr --db "$DB" --mapping "$map" --drop-identifying-columns --json
expect_grep "json lists dropped columns" '"dropped_columns":\["participants.Nom","participants.Prénom"\]' "$T/out"
if grep -a -q "DUPONT-EXEMPLE\|B-0001" "$DB" "$DB-wal" 2>/dev/null; then
  fail "no name nor clear participant id in the warehouse file"; else
  pass "no name nor clear participant id in the warehouse file"; fi
printf '[tables]\nbeneficiaires = X\n' >"$T/bad.ini"
expect_exit "bad mapping file is a usage error" 2 "$ORCS" import clauses tests/data/clauses-mini --db "$DB" --mapping "$T/bad.ini"
expect_exit "missing delivery path is an I/O error" 3 "$ORCS" import clauses "$T/nothing-here" --db "$DB"
printf 'PK\003\004garbage' >"$T/broken.xlsx"
expect_exit "broken workbook: refused (exit 1)" 1 "$ORCS" import clauses "$T/broken.xlsx" --db "$DB"
expect_grep "broken workbook message" "ZIP" "$T/err"

expect_exit "synth without -o is a usage error" 2 "$ORCS" synth --scale 0.01
expect_exit "synth --format pdf" 2 "$ORCS" synth --scale 0.01 -o "$T/s" --format pdf
expect_exit "synth --scale abc" 2 "$ORCS" synth --scale abc -o "$T/s"
expect_exit "synth --defects 2" 2 "$ORCS" synth --scale 0.01 --defects 2 -o "$T/s"
expect_exit "synth tiny delivery with defects" 0 "$ORCS" synth --scale 0.01 --seed 3 --defects 0,1 -o "$T/s"
expect_grep "synth writes a manifest" '"quarantined"' "$T/s/manifest.json"
DB2="$T/d.db"
"$ORCS" init --db "$DB2" >/dev/null
expect_exit "a delivery with defects: exit 1" 1 "$ORCS" import clauses "$T/s" --db "$DB2" --json
q=$(grep -o '"quarantined":[0-9]*,"replaced":[0-9]*,"reasons"' "$T/out" | tail -1 | sed 's/"quarantined":\([0-9]*\).*/\1/')
expect_eq "quarantine table holds every quarantined row" "$(sqlite3 "$DB2" 'SELECT count(*) FROM quarantine')" "$q"
expect_eq "each quarantined row has a reason of clause_codes.csv" \
  "$(sqlite3 "$DB2" "SELECT count(*) FROM quarantine q LEFT JOIN ref_reason_code r ON r.code = q.reason WHERE r.code IS NULL")" 0
expect_exit "synth xlsx" 0 "$ORCS" synth --scale 0.01 --seed 3 --format xlsx -o "$T/sx"
expect_exit "import the workbook" 0 "$ORCS" import clauses "$T/sx/livraison.xlsx" --db "$DB2"

expect_exit "import siae: ASP list" 0 "$ORCS" import siae data/siae/siae_asp_2019_idf.csv --db "$DB" --json
expect_grep "siae json" '"shape":"asp","sha256"' "$T/out"
expect_exit "import siae: GEIQ list with one bad SIRET (exit 1)" 1 "$ORCS" import siae data/siae/geiq_2019_france.csv --db "$DB"
printf 'siret;nom\n12345678200010;EA exemple\n' >"$T/ea.csv"
expect_exit "import siae: list without type needs --structure-type" 2 "$ORCS" import siae "$T/ea.csv" --db "$DB"
expect_exit "import siae --structure-type EA" 0 "$ORCS" import siae "$T/ea.csv" --db "$DB" --structure-type EA
expect_eq "EA recognised" "$(sqlite3 "$DB" "SELECT structure_type FROM dim_enterprise WHERE siret = '12345678200010'")" EA

# kill -9 in the middle of a big import leaves the warehouse as it was.
# A scale-1 delivery is used with the optimised binary (ASan would take
# minutes); the import is killed once its write-ahead log grows.
OPT=build/orcs
if [ -x "$OPT" ]; then
  K="$T/k.db"
  "$OPT" init --db "$K" >/dev/null
  "$OPT" import clauses tests/data/clauses-mini --db "$K" >/dev/null
  before=$(sqlite3 "$K" "SELECT (SELECT count(*) FROM clause_hours) || '/' || (SELECT count(*) FROM clause_participant) || '/' || (SELECT count(*) FROM dim_buyer)")
  "$OPT" synth --scale 1 --seed 2 -o "$T/big" >/dev/null
  "$OPT" import clauses "$T/big" --db "$K" --no-refresh >/dev/null 2>&1 &
  pid=$!
  i=0; killed=0
  while [ $i -lt 400 ]; do
    if ! kill -0 $pid 2>/dev/null; then break; fi
    sz=$(stat -c %s "$K-wal" 2>/dev/null || echo 0)
    if [ "$sz" -gt 8000000 ]; then kill -9 $pid; killed=1; break; fi
    sleep 0.05; i=$((i + 1))
  done
  wait $pid 2>/dev/null
  expect_eq "the import was killed in the middle" "$killed" 1
  expect_eq "warehouse unchanged after kill -9" "$(sqlite3 "$K" "SELECT (SELECT count(*) FROM clause_hours) || '/' || (SELECT count(*) FROM clause_participant) || '/' || (SELECT count(*) FROM dim_buyer)")" "$before"
  expect_eq "integrity after kill -9" "$(sqlite3 "$K" 'PRAGMA integrity_check')" ok
  expect_exit "the same delivery imports afterwards" 0 "$OPT" import clauses "$T/big" --db "$K" --json --no-refresh
  expect_grep "…completely" '"status":"loaded"' "$T/out"
else
  fail "kill -9 test needs build/orcs"
fi
