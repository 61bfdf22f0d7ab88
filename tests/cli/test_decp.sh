# test_decp.sh - the CLI contract of `orcs import decp` and `orcs quality`:
# report and exit codes, re-imports, atomicity, malformed files, .gz/.zip/
# stdin, official XML examples.  Expected figures: see
# tests/unit/test_decp_files.c (oracle.py) and tests/data/decp/bad/README.md.
. tests/cli/lib.sh
DB="$T/d.db"
BAD=tests/data/decp/bad
"$ORCS" init --db "$DB" >/dev/null

# --- the bundled samples (scripts/demo) --------------------------------------
expect_exit "import data/decp: records quarantined -> exit 1" 1 \
  "$ORCS" import decp --no-refresh --db "$DB" --source exemples --json data/decp
cp "$T/out" "$T/first.json"
expect_grep "--json: records" '"records":10318' "$T/first.json"
expect_grep "--json: loaded" '"loaded":10075' "$T/first.json"
expect_grep "--json: duplicates" '"duplicates":202' "$T/first.json"
expect_grep "--json: quarantined" '"quarantined":41' "$T/first.json"
expect_grep "--json: replaced" '"replaced":41' "$T/first.json"
expect_grep "--json: flags by code" '"flags":{"siret_invalid":' "$T/first.json"
expect_grep "--json: quarantine by reason" '"quarantine":{"Q_NO_ID":40,"Q_NO_BUYER":1}' "$T/first.json"
expect_grep "--json: by_file" '"by_file":\[{"path":"data/decp/format-2019/data.gouv.fr_aife.json","status":"imported","format":"json 2019","records":4530,"loaded":4326,"duplicates":196,"quarantined":8,"replaced":35,"marches":4507,"concessions":15}' "$T/first.json"
if [ -s "$T/err" ]; then fail "silent on stderr when it is not a terminal" "$(head -c 300 "$T/err")"; else
  pass "silent on stderr when it is not a terminal"; fi
expect_eq "source recorded" "$(sqlite3 "$DB" "SELECT DISTINCT source FROM decp_contract")" exemples
expect_eq "contracts after dedup" "$(sqlite3 "$DB" "SELECT count(*) FROM decp_contract")" 10034
expect_eq "batch reconciles" "$(sqlite3 "$DB" "SELECT records = loaded + duplicates + quarantined FROM import_batch")" 1

expect_exit "import again: nothing new -> exit 0" 0 "$ORCS" import decp --no-refresh --db "$DB" --source exemples data/decp
expect_grep "import again: every file skipped" "11 déjà importés" "$T/out"
expect_grep "import again: 0 records" "^Bilan.*: 0 enregistrement lu" "$T/out"
expect_eq "import again: contracts unchanged" "$(sqlite3 "$DB" "SELECT count(*) FROM decp_contract")" 10034
expect_eq "import again: occurrences unchanged" "$(sqlite3 "$DB" "SELECT count(*) FROM decp_occurrence")" 10277
cp data/decp/format-2024/dematis18.json "$T/renamed.json"
expect_exit "same bytes under another name: skipped" 0 "$ORCS" import decp --no-refresh --db "$DB" "$T/renamed.json"
expect_grep "same bytes under another name: skipped" "déjà importé, ignoré" "$T/out"

# --- the text report ------------------------------------------------------------
"$ORCS" init --db "$T/t.db" >/dev/null
expect_exit "text report" 0 "$ORCS" import decp --no-refresh --db "$T/t.db" data/decp/format-2024/dematis18.json
expect_grep "text report: per file" "dematis18.json (json 2024).*74 lus, 74 chargés, 0 doublon, 0 en quarantaine" "$T/out"
expect_grep "text report: reconciliation" "^Bilan.*: 74 enregistrements lus = 74 chargés + 0 doublon + 0 en quarantaine" "$T/out"

# --- malformed files: rejected, nothing half-loaded, the others still load ----
before=$(sqlite3 "$DB" "SELECT count(*) FROM decp_contract")
expect_exit "malformed files -> exit 1" 1 "$ORCS" import decp --no-refresh --db "$DB" --json \
  $BAD/empty.json $BAD/garbage.json $BAD/wrong_root.json $BAD/truncated.json $BAD/truncated.xml \
  $BAD/truncated.json.gz tests/data/decp/schemas/examples-v1.5.0/paquet.json
cp "$T/out" "$T/bad.json"
expect_grep "rejected files counted" '"files":{"imported":1,"skipped":0,"rejected":6}' "$T/bad.json"
expect_grep "empty file: Q_FORMAT" '"path":"tests/data/decp/bad/empty.json","status":"rejected","format":null,"records":0,"loaded":0,"duplicates":0,"quarantined":0,"replaced":0,"marches":0,"concessions":0,"reason":"Q_FORMAT"' "$T/bad.json"
expect_grep "garbage: Q_FORMAT with the first bytes" 'garbage.json.*"reason":"Q_FORMAT","offset":0,"message":"[^"]*ni JSON ni XML' "$T/bad.json"
expect_grep "wrong root: Q_FORMAT" 'wrong_root.json.*"reason":"Q_FORMAT"[^}]*racine JSON inattendue' "$T/bad.json"
expect_grep "truncated JSON: Q_PARSE with its offset" '"reason":"Q_PARSE","offset":5001,"message":"tests/data/decp/bad/truncated.json' "$T/bad.json"
expect_grep "truncated XML: Q_PARSE with its line" 'truncated.xml.*"reason":"Q_PARSE"[^}]*XML invalide ligne' "$T/bad.json"
expect_grep "truncated gzip: Q_PARSE" 'truncated.json.gz.*"reason":"Q_PARSE"[^}]*gzip' "$T/bad.json"
expect_grep "a good file in the same command still loads" '"path":"tests/data/decp/schemas/examples-v1.5.0/paquet.json","status":"imported"' "$T/bad.json"
expect_eq "nothing of the truncated files was loaded" \
  "$(sqlite3 "$DB" "SELECT count(*) FROM import_file WHERE path LIKE '%/bad/%'")" 0
expect_eq "rejections kept in the quarantine with their offset" \
  "$(sqlite3 "$DB" "SELECT count(*) FROM quarantine WHERE file_id IS NULL AND position LIKE '%octet%'")" 6
expect_eq "only the good file added contracts" \
  "$(($(sqlite3 "$DB" "SELECT count(*) FROM decp_contract") - before))" 2
expect_exit "a rejected file is rejected again (never marked as imported)" 1 \
  "$ORCS" import decp --no-refresh --db "$DB" $BAD/truncated.json
expect_grep "rejected again" "rejeté (Q_PARSE)" "$T/out"

# --- lexical repair: NaN, raw Latin-1 byte, bad escape -------------------------
expect_exit "NaN and bad bytes are repaired" 0 "$ORCS" import decp --no-refresh --db "$T/t.db" $BAD/nan.json
expect_eq "repaired record flagged" "$(sqlite3 "$T/t.db" "SELECT count(*) FROM decp_flag f JOIN decp_contract c ON c.id = f.contract_id WHERE c.uid = '21750001600019A1' AND f.code = 'encoding_repaired'")" 1
expect_eq "Latin-1 byte read as é" "$(sqlite3 "$T/t.db" "SELECT objet FROM decp_contract WHERE uid = '21750001600019A1'")" 'caractère \q'

# --- .gz, .zip, stdin ----------------------------------------------------------
"$ORCS" init --db "$T/z.db" >/dev/null
expect_exit ".gz" 0 "$ORCS" import decp --no-refresh --db "$T/z.db" --json $BAD/megalis.json.gz
expect_grep ".gz: 5 records" '"records":5,"loaded":5' "$T/out"
expect_exit ".zip: one input per member" 0 "$ORCS" import decp --no-refresh --db "$T/z.db" --json $BAD/samples.zip
expect_grep ".zip: dematis20 member" '"path":"tests/data/decp/bad/samples.zip:dematis20.json","status":"imported","format":"json 2024","records":45' "$T/out"
expect_grep ".zip: megalis member replaces the .gz versions (later file)" '"path":"tests/data/decp/bad/samples.zip:megalis.json","status":"imported","format":"json 2024","records":5,"loaded":5,"duplicates":0,"quarantined":0,"replaced":5' "$T/out"
expect_eq ".zip: provenance of every occurrence" "$(sqlite3 "$T/z.db" "SELECT count(*) FROM decp_occurrence")" 55
"$ORCS" init --db "$T/s.db" >/dev/null
expect_exit "stdin" 0 sh -c "\"$ORCS\" import decp --db \"$T/s.db\" --json - < data/decp/format-2024/dematis20.json"
expect_grep "stdin: path -" '"path":"-","status":"imported","format":"json 2024","records":45' "$T/out"
expect_eq "stdin: source named stdin" "$(sqlite3 "$T/s.db" "SELECT DISTINCT source FROM decp_contract")" stdin
expect_exit "stdin again: skipped" 0 sh -c "\"$ORCS\" import decp --db \"$T/s.db\" - < data/decp/format-2024/dematis20.json"
expect_grep "stdin again: skipped" "déjà importé" "$T/out"
expect_exit "gzip on stdin" 0 sh -c "\"$ORCS\" import decp --db \"$T/s.db\" --json - < $BAD/megalis.json.gz"
expect_grep "gzip on stdin: 5 records" '"records":5' "$T/out"
expect_eq "no spool left behind" "$(ls "${TMPDIR:-/tmp}" | grep -c '^orcs-stdin-' )" 0

# --- the official examples, JSON and XML ---------------------------------------
for f in tests/data/decp/schemas/examples-v1.5.0/*.xml tests/data/decp/schemas/examples-v1.5.0/*.json \
         tests/data/decp/schemas/examples-v2.0.x/*.xml tests/data/decp/schemas/examples-v2.0.x/*.json; do
  "$ORCS" init --db "$T/e.db" >/dev/null
  expect_exit "official example $(basename "$f") loads" 0 "$ORCS" import decp --no-refresh --db "$T/e.db" --json "$f"
  expect_grep "official example $(basename "$f"): nothing quarantined" '"quarantined":0' "$T/out"
  rm -f "$T/e.db" "$T/e.db-wal" "$T/e.db-shm"
done
"$ORCS" init --db "$T/x.db" >/dev/null
"$ORCS" import decp --no-refresh --db "$T/x.db" tests/data/decp/schemas/examples-v2.0.x/Marche.xml >/dev/null
expect_eq "XML 2024 example: format and considerations" \
  "$(sqlite3 "$T/x.db" "SELECT fmt, social_status, social_values, techniques, marche_innovant FROM decp_contract")" \
  "2024|FILLED|SOC_CLAUSE|SOC_CRITERE|ACCORD_CADRE|CONCOURS|1"

# --- usage and I/O errors ----------------------------------------------------------
expect_exit "missing path -> exit 3" 3 "$ORCS" import decp --no-refresh --db "$DB" "$T/nope.json"
expect_grep "missing path named" "nope.json" "$T/err"
expect_exit "missing warehouse -> exit 3" 3 "$ORCS" import decp --no-refresh --db "$T/none.db" data/decp
expect_exit "empty --source -> exit 2" 2 "$ORCS" import decp --no-refresh --db "$DB" --source "" data/decp
expect_exit "no path -> exit 2" 2 "$ORCS" import decp --no-refresh --db "$DB"

# --- orcs quality ----------------------------------------------------------------------
expect_exit "quality" 0 "$ORCS" quality --db "$DB"
expect_grep "quality: totals line" "^Qualité des DECP" "$T/out"
expect_grep "quality: categories" "^Singularité" "$T/out"
expect_grep "quality: flag with label and share" "siret_invalid  *SIRET invalide  *[0-9]" "$T/out"
expect_grep "quality: quarantine by reason" "quarantaine (enregistrements) *Q_NO_ID" "$T/out"
expect_grep "quality: rejected files" "quarantaine (fichiers rejetés) *Q_PARSE" "$T/out"
expect_exit "quality --json" 0 "$ORCS" quality --db "$DB" --json
expect_grep "quality --json rows" '{"categorie":"Singularité","type":"signalement","code":"dup_in_file","libelle":"Doublon dans un fichier","nombre":' "$T/out"
expect_exit "quality --by source" 0 "$ORCS" quality --db "$DB" --by source --format csv
expect_grep "quality --by source: one block per source" "^exemples,Complétude,quarantaine (enregistrements),Q_NO_ID,Enregistrement sans identifiant,40,0.39" "$T/out"
expect_exit "quality --by buyer" 0 "$ORCS" quality --db "$DB" --by buyer --format csv
expect_grep "quality --by buyer: buyer SIRET first" "^acheteur,nom_acheteur,categorie,code" "$T/out"
expect_exit "quality --by nonsense -> exit 2" 2 "$ORCS" quality --db "$DB" --by year
expect_exit "quality --format xml -> exit 2" 2 "$ORCS" quality --db "$DB" --format xml
