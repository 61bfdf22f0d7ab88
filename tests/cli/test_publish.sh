# test_publish.sh - `orcs report` and `orcs export`: PDF page counts, figures
# read back from the PDF text (pdftotext) equal to `orcs stats`, secrecy in
# public documents, the internal banner, open-data exports validated, bad
# arguments refused in French.  Data: the engine's hand-made warehouse
# (3 women among 15 participants in 2024: the sex cells are secret).
. tests/cli/lib.sh
DB="$T/p.db"
"$ORCS" init --db "$DB" >/dev/null
sqlite3 "$DB" <tests/data/engine/fixture.sql
"$ORCS" refresh --db "$DB" >/dev/null

# thousands as pdftotext writes them (narrow no-break space -> space)
fr() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/ &/;ta'; }
# total value of an indicator in `orcs stats` CSV (first data line, column `value`)
stat_total() { "$ORCS" stats "$1" --db "$DB" --year 2024 --format csv | sed -n 2p | cut -d, -f1; }

# ---- annual report ---------------------------------------------------------
expect_exit "report annual" 0 "$ORCS" report annual --year 2024 -o "$T/a.pdf" --db "$DB"
pages=$(pdfinfo "$T/a.pdf" | sed -n 's/^Pages: *//p')
if [ "${pages:-0}" -ge 12 ]; then pass "annual report: $pages pages"; else fail "annual report pages" "$pages"; fi
expect_grep "annual report: fonts embedded" "yes yes" "$(pdffonts "$T/a.pdf" >"$T/fonts"; echo "$T/fonts")"
pdftotext "$T/a.pdf" "$T/a.txt"
expect_grep "annual: cover" "Rapport annuel 2024" "$T/a.txt"
for s in "Synthèse" "Chiffres clés" "Les projets du Grand Paris" "La plateforme des marchés" \
	 "Qualité et couverture des données" "Méthodologie" "Sources et licences"; do
  expect_grep "annual: section $s" "$s" "$T/a.txt"
done
hours=$(stat_total clauses.hours_realised)
expect_grep "annual: hours realised = orcs stats ($hours)" "$(fr "$hours") h" "$T/a.txt"
parts=$(stat_total benef.participants)
expect_grep "annual: participants = orcs stats ($parts)" "^$(fr "$parts")\$" "$T/a.txt"
expect_grep "annual: summary in words" "Les heures d'insertion réalisées s'élèvent à $(fr "$hours") h en 2024" "$T/a.txt"
expect_grep "annual: methodology from the catalogue" "(clauses.hours_realised)" "$T/a.txt"
expect_grep "public: the secret cell shows s" "Femme : s" "$T/a.txt"
if grep -q "Femme : 3" "$T/a.txt"; then fail "public: the secret figure is absent"; else pass "public: the secret figure is absent"; fi
if grep -q "DIFFUSION INTERNE" "$T/a.txt"; then fail "public: no internal banner"; else pass "public: no internal banner"; fi

expect_exit "report annual, internal" 0 "$ORCS" report annual --year 2024 --audience internal -o "$T/i.pdf" --db "$DB"
pdftotext "$T/i.pdf" "$T/i.txt"
ipages=$(pdfinfo "$T/i.pdf" | sed -n 's/^Pages: *//p')
expect_eq "internal: the banner on every page" "$(grep -c "DIFFUSION INTERNE" "$T/i.txt")" "$ipages"
expect_grep "internal: the figure is shown" "Femme : 3" "$T/i.txt"

# ---- sheets ------------------------------------------------------------------
expect_exit "sheet dept:93" 0 "$ORCS" report sheet --territory dept:93 --year 2024 -o "$T/s.pdf" --db "$DB"
expect_eq "sheet: two pages" "$(pdfinfo "$T/s.pdf" | sed -n 's/^Pages: *//p')" 2
pdftotext "$T/s.pdf" "$T/s.txt"
expect_grep "sheet: its territory" "Seine-Saint-Denis (93)" "$T/s.txt"
h93=$("$ORCS" stats clauses.hours_realised --db "$DB" --year 2024 --by geo_exec:dept --format csv | grep '^93,' | cut -d, -f3)
expect_grep "sheet: hours of 93 = orcs stats ($h93)" "$(fr "$h93") h" "$T/s.txt"
expect_exit "sheet --public, quarter" 0 "$ORCS" report sheet --public JEUNE --year 2024 --period 2024-T2 -o "$T/p.pdf" --db "$DB"
expect_eq "public sheet: two pages" "$(pdfinfo "$T/p.pdf" | sed -n 's/^Pages: *//p')" 2
expect_exit "report all" 0 "$ORCS" report all --year 2024 -o "$T/all" --db "$DB"
expect_eq "report all: 8 départements, 11 EPT, 11 publics" "$(ls "$T/all" | wc -l | tr -d ' ')" 30

# bad arguments: exit 2, French message
expect_exit "annual without --year" 2 "$ORCS" report annual -o "$T/x.pdf" --db "$DB"
expect_grep "the refusal names --year" "année obligatoire" "$T/err"
expect_exit "annual with a bad year" 2 "$ORCS" report annual --year 20x4 -o "$T/x.pdf" --db "$DB"
expect_exit "annual without -o" 2 "$ORCS" report annual --year 2024 --db "$DB"
expect_exit "bad audience" 2 "$ORCS" report annual --year 2024 --audience everyone -o "$T/x.pdf" --db "$DB"
expect_exit "sheet without a target" 2 "$ORCS" report sheet --year 2024 -o "$T/x.pdf" --db "$DB"
expect_exit "sheet with two targets" 2 "$ORCS" report sheet --territory dept:93 --public JEUNE --year 2024 -o "$T/x.pdf" --db "$DB"
expect_exit "bad territory" 2 "$ORCS" report sheet --territory region:11 --year 2024 -o "$T/x.pdf" --db "$DB"
expect_grep "bad territory is explained" "dept:CODE, ept:SIREN ou commune:INSEE" "$T/err"
expect_exit "unknown département" 2 "$ORCS" report sheet --territory dept:99 --year 2024 -o "$T/x.pdf" --db "$DB"
expect_grep "unknown territory is named" "territoire inconnu" "$T/err"
expect_exit "unknown buyer" 2 "$ORCS" report sheet --buyer 12345678901234 --year 2024 -o "$T/x.pdf" --db "$DB"
expect_exit "unknown public" 2 "$ORCS" report sheet --public NOBODY --year 2024 -o "$T/x.pdf" --db "$DB"
expect_exit "bad period" 2 "$ORCS" report sheet --territory dept:93 --year 2024 --period 2024-T5 -o "$T/x.pdf" --db "$DB"
expect_exit "period outside the year" 2 "$ORCS" report sheet --territory dept:93 --year 2024 --period 2023-T1 -o "$T/x.pdf" --db "$DB"
expect_exit "unwritable output" 3 "$ORCS" report annual --year 2024 -o "$T/no/such/dir/a.pdf" --db "$DB"

# ---- open data ---------------------------------------------------------------
expect_exit "export indicators csv" 0 "$ORCS" export indicators --format csv -o "$T/ind.csv" --db "$DB"
expect_grep "csv: header" "^indicateur;version;libelle;unite;annee;dimension;code;modalite;valeur" "$T/ind.csv"
expect_grep "csv: a published total" "^clauses.hours_realised;1;.*;2024;;;;$hours;" "$T/ind.csv"
expect_grep "csv: secret cells are s" "^benef.participants;1;.*;2024;sex;F;Femme;s;" "$T/ind.csv"
expect_grep "csv: the data dictionary" "^champ;valeur;nombre;" "$T/ind.dictionnaire.csv"
expect_grep "dictionary: every indicator" "^indicateur;clauses.hours_realised;" "$T/ind.dictionnaire.csv"
expect_exit "export indicators json" 0 "$ORCS" export indicators --format json -o "$T/ind.json" --db "$DB"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["lignes"] and d["licence"]' "$T/ind.json"; then
  pass "json: valid, with rows and licence"; else fail "json: valid, with rows and licence"; fi
expect_grep "json: secret is null" '"code":"F","modalite":"Femme","valeur":null' "$T/ind.json"
expect_exit "export indicators xlsx" 0 "$ORCS" export indicators --format xlsx -o "$T/ind.xlsx" --db "$DB"
expect_eq "xlsx: a zip file" "$(head -c 2 "$T/ind.xlsx")" "PK"
expect_exit "xlsx needs -o" 2 "$ORCS" export indicators --format xlsx --db "$DB"
expect_exit "bad export format" 2 "$ORCS" export indicators --format pdf --db "$DB"
expect_exit "export geo" 0 "$ORCS" export geo --year 2024 -o "$T/g.geojson" --db "$DB"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["type"]=="FeatureCollection" and len(d["features"])==8; assert all(f["geometry"]["type"] in ("Polygon","MultiPolygon") for f in d["features"])' "$T/g.geojson"; then
  pass "geojson: 8 départements with their geometry"; else fail "geojson: 8 départements with their geometry"; fi
expect_grep "geojson: indicators joined" '"code":"93","nom":"Seine-Saint-Denis","annee":2024,.*"clauses.hours_realised":' "$T/g.geojson"
expect_exit "export geo: bad level" 2 "$ORCS" export geo --level planet --db "$DB"
expect_exit "export geo: bad year" 2 "$ORCS" export geo --year 1 --db "$DB"

# DECP in the official 2024 format, validated against the official schemas
DDB="$T/d.db"
"$ORCS" init --db "$DDB" >/dev/null
# every 2024-format sample (646 marchés, 1 concession), then what the
# sources can hold and the schema cannot: a titulaire listed twice and a
# repeated code (the schema's lists are sets: written once, counted as
# repaired), a value outside the schema (no offer received: left out)
"$ORCS" import decp --db "$DDB" --no-refresh data/decp/format-2024 >/dev/null
m1=$(sqlite3 "$DDB" "SELECT min(id) FROM decp_contract WHERE kind = 'MARCHE' AND fmt = '2024'")
m2=$(sqlite3 "$DDB" "SELECT max(id) FROM decp_contract WHERE kind = 'MARCHE' AND fmt = '2024'")
sqlite3 "$DDB" "INSERT INTO decp_titulaire(contract_id, version, pos, type_id, ident)
  SELECT contract_id, 0, 99, type_id, ident FROM decp_titulaire WHERE contract_id = $m1 AND version = 0 LIMIT 1;
  UPDATE decp_contract SET techniques = techniques || '|' || techniques WHERE id = $m1;
  UPDATE decp_contract SET offres_recues = 0 WHERE id = $m2;"
# the concession of the samples (dematis17.json, record 159), and three
# copies of it: reserved with a public subsidy (written, "Concession
# réservée"), without dateDebutExecution (incomplete), with a negative
# subsidy (outside the schema)
c1=$(sqlite3 "$DDB" "SELECT id FROM decp_contract WHERE uid = '218400398000102024-002'")
sqlite3 "$DDB" "CREATE TEMP TABLE c AS SELECT * FROM decp_contract WHERE id = $c1;
  UPDATE c SET id = NULL, id_src = '2024-003', uid = '218400398000102024-003';
  INSERT INTO decp_contract SELECT * FROM c;
  UPDATE c SET id_src = '2024-004', uid = '218400398000102024-004';
  INSERT INTO decp_contract SELECT * FROM c;
  UPDATE c SET id_src = '2024-005', uid = '218400398000102024-005';
  INSERT INTO decp_contract SELECT * FROM c;
  INSERT INTO decp_titulaire(contract_id, version, pos, type_id, ident)
    SELECT d.id, 0, t.pos, t.type_id, t.ident FROM decp_contract d, decp_titulaire t
    WHERE d.uid IN ('218400398000102024-003', '218400398000102024-004', '218400398000102024-005')
      AND t.contract_id = $c1 AND t.version = 0;
  UPDATE decp_contract SET social_values = 'SOC_RESERVE', montant_subvention = 12456.32
    WHERE uid = '218400398000102024-003';
  UPDATE decp_contract SET date_debut_execution = NULL WHERE uid = '218400398000102024-004';
  UPDATE decp_contract SET montant_subvention = -1 WHERE uid = '218400398000102024-005';"
expect_exit "export decp xml" 0 "$ORCS" export decp --format xml -o "$T/d.xml" --db "$DDB"
expect_grep "export decp: counts in French" "645 marchés exportés au schéma DECP 2024" "$T/err"
expect_grep "export decp: repeated titulaire written once, said" "dont 1 avec un titulaire" "$T/err"
expect_grep "export decp: value outside the schema left out, said" "1 hors schéma" "$T/err"
expect_grep "export decp: concessions written and left out, with their reasons" \
  "^2 contrats de concession exportés$(printf '\302\240'); non exportés$(printf '\302\240'): 1 incomplet (champ obligatoire du schéma absent), 1 hors schéma" "$T/err"
n_xml=$(grep -c "<marche>" "$T/d.xml")
if [ "$n_xml" -eq 645 ]; then pass "export decp xml: $n_xml marchés"; else fail "export decp xml: marchés" "$n_xml"; fi
expect_grep "export decp xml: the concession of the samples" \
  "<contrat-concession><id>2024-002</id><autoriteConcedante><id>21840039800010</id></autoriteConcedante><nature>Délégation de service public</nature>.*<dateSignature>2024-06-18</dateSignature>.*<valeurGlobale>70.00</valeurGlobale><montantSubventionPublique>0.00</montantSubventionPublique><concessionnaires><concessionnaire><typeIdentifiant>SIRET</typeIdentifiant><id>47904352300014</id></concessionnaire></concessionnaires>" "$T/d.xml"
expect_grep "export decp xml: reserved concession with its subsidy" \
  "<id>2024-003</id>.*<montantSubventionPublique>12456.32</montantSubventionPublique>.*<considerationSociale>Concession réservée</considerationSociale>" "$T/d.xml"
if ! grep -q "<id>2024-00[45]</id>" "$T/d.xml"; then pass "export decp xml: invalid concessions left out"; else
  fail "export decp xml: invalid concessions left out"; fi
if xmllint --noout --schema data/schemas/schema_decp_v2.0.2.xsd "$T/d.xml" 2>"$T/xmllint"; then
  pass "export decp xml validates against the official XSD"; else
  fail "export decp xml validates against the official XSD" "$(head -c 600 "$T/xmllint")"; fi
expect_exit "export decp json" 0 "$ORCS" export decp --format json -o "$T/d.json" --db "$DDB"
cat >"$T/check.py" <<'PY'
import json, sys
schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
try:
    import jsonschema
    errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(doc)]
except ImportError:  # minimal checks: every required field of each item
    errors = ["%s: %s missing" % (m.get("id"), k)
              for item in ("marche", "contrat-concession")
              for m in doc["marches"][item] for k in schema["definitions"][item]["required"] if k not in m]
conc = doc["marches"]["contrat-concession"]
if errors or len(doc["marches"]["marche"]) != 645 or [c["id"] for c in conc] != ["2024-002", "2024-003"]:
    print(len(errors), errors[:3]); sys.exit(1)
c = conc[0]
if (c["autoriteConcedante"]["id"], c["dateSignature"], c["valeurGlobale"], c["montantSubventionPublique"],
        c["concessionnaires"]) != ("21840039800010", "2024-06-18", 70, 0,
        [{"concessionnaire": {"typeIdentifiant": "SIRET", "id": "47904352300014"}}]):
    print(c); sys.exit(1)
PY
if python3 "$T/check.py" data/schemas/schema_decp_v2.0.3.json "$T/d.json" >"$T/py" 2>&1; then
  pass "export decp json validates against the official JSON schema"; else
  fail "export decp json validates against the official JSON schema" "$(head -c 600 "$T/py")"; fi
expect_grep "export decp json: labels, not codes" '"considerationsSociales":{"considerationSociale":\["' "$T/d.json"
expect_exit "export decp: bad format" 2 "$ORCS" export decp --format csv --db "$DDB"
expect_exit "export decp: bad year" 2 "$ORCS" export decp --year 99 --db "$DDB"
