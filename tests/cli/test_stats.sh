# test_stats.sh - `orcs stats` and `orcs refresh` contract.  Figures are
# tested in tests/unit/test_engine*.c; here the command line, the output
# formats, secrecy as printed, and the cache path.
. tests/cli/lib.sh
DB="$T/s.db"
NB=$(printf '\302\240')      # no-break space
NNB=$(printf '\342\200\257') # narrow no-break space
"$ORCS" init --db "$DB" >/dev/null

# empty warehouse
expect_exit "stats on an empty warehouse" 0 "$ORCS" stats decp.social_share --db "$DB" --year 2024 --json
expect_grep "json: indicator id" '"indicator":"decp.social_share"' "$T/out"
expect_grep "json: year given" '"year":2024' "$T/out"
expect_grep "json: audience public by default" '"audience":"public"' "$T/out"
expect_grep "json: total row has empty dims" '"dims":{},"value":null,"numerator":0,"denominator":0,"coverage":null,"secret":false' "$T/out"
expect_grep "json: previous and change" '"previous":null,"change":null' "$T/out"
expect_exit "additive indicator without --year" 0 "$ORCS" stats decp.markets --db "$DB" --json
expect_grep "json: year null without --year" '"year":null' "$T/out"
expect_exit "a rate without --year is refused" 2 "$ORCS" stats decp.social_share --db "$DB"
expect_grep "the refusal asks for --year" "précisez --year" "$T/err"
expect_exit "unknown indicator" 2 "$ORCS" stats decp.nope --db "$DB" --year 2024
expect_grep "unknown indicator is named" "decp.nope" "$T/err"
expect_exit "not yet computable indicator" 2 "$ORCS" stats quality.quarantine_rate --db "$DB" --year 2024
expect_grep "not yet computable says why" "pas encore calculable" "$T/err"
expect_exit "bad year" 2 "$ORCS" stats decp.social_share --db "$DB" --year 20x4
expect_exit "bad département" 2 "$ORCS" stats decp.social_share --db "$DB" --year 2024 --dept "5 "
expect_exit "missing indicator" 2 "$ORCS" stats --db "$DB"
expect_exit "unknown dimension" 2 "$ORCS" stats decp.markets --db "$DB" --year 2024 --by nowhere
expect_grep "unknown dimension is named" "nowhere" "$T/err"
expect_exit "unknown level" 2 "$ORCS" stats decp.markets --db "$DB" --year 2024 --by geo_exec:planet
expect_grep "unknown level is named" "planet" "$T/err"
expect_exit "--where without =" 2 "$ORCS" stats decp.markets --db "$DB" --year 2024 --where geo_exec
expect_exit "bad audience" 2 "$ORCS" stats decp.markets --db "$DB" --year 2024 --audience everyone
expect_exit "bad format" 2 "$ORCS" stats decp.markets --db "$DB" --year 2024 --format xml
expect_exit "stats --list" 0 "$ORCS" stats --list --db "$DB" --format csv
expect_grep "the catalogue lists decp.social_share" "^decp.social_share," "$T/out"
expect_grep "the list says what is not yet computable" "^quality.quarantine_rate,.*pas encore" "$T/out"
"$ORCS" stats --list --markdown --db "$DB" >"$T/ind.md"
if cmp -s "$T/ind.md" docs/indicators.md; then pass "docs/indicators.md is generated from the catalogue"; else
  fail "docs/indicators.md is generated from the catalogue" "run make docs"; fi

# the hand-made warehouse of the unit tests
sqlite3 "$DB" <tests/data/engine/fixture.sql
expect_exit "count by département" 0 "$ORCS" stats decp.markets --db "$DB" --year 2024 --by geo_exec:dept --json
expect_grep "json: a row per département" '"dims":{"geo_exec:dept":"93"},"value":3,"numerator":3,"denominator":null' "$T/out"
expect_grep "json: labels" '"labels":{"geo_exec:dept":"Seine-Saint-Denis"}' "$T/out"
expect_grep "json: the départements add up" '"by":\["geo_exec:dept"\],"parts_add_up":\[true\]' "$T/out"
expect_grep "json: previous and change of a count" '"value":8,.*"previous":3,"change":5' "$T/out"
expect_exit "multi-valued breakdown" 0 "$ORCS" stats decp.social_share_by_kind --db "$DB" --year 2024 --json
expect_grep "json: kinds do not add up" '"parts_add_up":\[false\]' "$T/out"
expect_exit "--dept is --where geo_exec:dept" 0 "$ORCS" stats decp.markets --db "$DB" --year 2024 --dept 93 --json
expect_grep "--dept filters" '"dims":{},"value":3' "$T/out"
expect_grep "json: the filter is echoed" '"where":{"geo_exec:dept":"93"}' "$T/out"
expect_exit "--where" 0 "$ORCS" stats decp.markets --db "$DB" --year 2024 --where geo_exec:dept=93 --where fmt=2024 --json
expect_grep "two filters" '"dims":{},"value":3' "$T/out"
expect_exit "text table" 0 "$ORCS" stats decp.social_share --db "$DB" --year 2024
expect_grep "text: French label" "considération sociale" "$T/out"
expect_grep "text: French percent with a no-break space" "66,7${NB}%" "$T/out"
expect_grep "text: coverage next to the rate" "couverture" "$T/out"
expect_grep "text: change in points" "-33,3${NB}pt" "$T/out"
expect_exit "text table of hours" 0 "$ORCS" stats clauses.hours_realised --db "$DB" --year 2024 --audience internal
expect_grep "text: thousands with a narrow no-break space" "2${NNB}250" "$T/out"

# secrecy: 3 women among 15 participants; the men's cell would reveal them
expect_exit "secrecy (json)" 0 "$ORCS" stats benef.participants --db "$DB" --year 2024 --by sex --json
expect_grep "json: the cell of 3 participants is secret" '"dims":{"sex":"F"},"value":null,"numerator":null,"denominator":null,"coverage":null,"secret":true' "$T/out"
expect_grep "json: the cell that would reveal it is secret" '"dims":{"sex":"H"},"value":null,"numerator":null,"denominator":null,"coverage":null,"secret":true' "$T/out"
expect_grep "json: the total stays" '"dims":{},"value":15,' "$T/out"
expect_exit "secrecy (csv)" 0 "$ORCS" stats benef.participants --db "$DB" --year 2024 --by sex --format csv
expect_grep "csv: secret figures are s" '^F,Femme,s,s,,s,' "$T/out"
expect_exit "secrecy (table)" 0 "$ORCS" stats benef.participants --db "$DB" --year 2024 --by sex
expect_grep "table: secret cells are s" "Femme *s " "$T/out"
expect_grep "table: the secrecy note" "secret statistique" "$T/out"
expect_exit "internal audience" 0 "$ORCS" stats benef.participants --db "$DB" --year 2024 --by sex --audience internal --json
expect_grep "internal: nothing hidden" '"dims":{"sex":"F"},"value":3,' "$T/out"
expect_exit "secrecy by commune" 0 "$ORCS" stats benef.participants --db "$DB" --year 2024 --by geo_exec:commune --format csv
expect_grep "commune: Montreuil (3) hidden" '^93048,Montreuil,s,' "$T/out"
expect_grep "commune: Saint-Denis, which would reveal it through its EPT, hidden" '^93066,Saint-Denis,s,' "$T/out"
expect_grep "commune: Paris 1er shown" '^75101,Paris 1er Arrondissement,6,' "$T/out"

# the year rules as the user sees them
expect_exit "a three-year market in each year (2025)" 0 "$ORCS" stats clauses.markets_active --db "$DB" --year 2025 --json
expect_grep "active in 2025" '"dims":{},"value":1,' "$T/out"
expect_exit "active markets are not summed over years" 2 "$ORCS" stats clauses.markets_active --db "$DB"

# the cache
expect_exit "refresh" 0 "$ORCS" refresh --db "$DB"
expect_grep "refresh reports in French" "Cache des indicateurs recalculé" "$T/out"
expect_exit "refresh --json" 0 "$ORCS" refresh --db "$DB" --json
expect_grep "refresh json" '"rows":' "$T/out"
"$ORCS" stats benef.participants --db "$DB" --year 2024 --by sex --json >"$T/cached.json"
"$ORCS" stats benef.participants --db "$DB" --year 2024 --by sex --json --live >"$T/live.json"
expect_grep "the cache answers" '"source":"cache"' "$T/cached.json"
expect_grep "--live computes" '"source":"live"' "$T/live.json"
if [ "$(sed 's/"source":"[a-z]*"//' "$T/cached.json")" = "$(sed 's/"source":"[a-z]*"//' "$T/live.json")" ]; then
  pass "cached and live answers are the same"; else fail "cached and live answers are the same" "$(cat "$T/cached.json" "$T/live.json")"; fi
"$ORCS" stats decp.social_share --db "$DB" --year 2024 --format csv >"$T/c.csv"
"$ORCS" stats decp.social_share --db "$DB" --year 2024 --format csv --live >"$T/l.csv"
if cmp -s "$T/c.csv" "$T/l.csv"; then pass "cached and live csv are the same"; else fail "cached and live csv are the same"; fi
expect_exit "a query filtered by département" 0 "$ORCS" stats decp.markets --db "$DB" --year 2024 --dept 93 --json
expect_grep "filtered by département: cache" '"source":"cache"' "$T/out"
sed 's/"source":"[a-z]*"//' "$T/out" >"$T/fc.json"
"$ORCS" stats decp.markets --db "$DB" --year 2024 --dept 93 --json --live | sed 's/"source":"[a-z]*"//' >"$T/fl.json"
if cmp -s "$T/fc.json" "$T/fl.json"; then pass "filtered: cached and live the same"; else fail "filtered: cached and live the same" "$(cat "$T/fc.json" "$T/fl.json")"; fi
expect_exit "a query filtered by commune" 0 "$ORCS" stats decp.markets --db "$DB" --year 2024 --where geo_exec:commune=93066 --json
expect_grep "filtered by commune: live" '"source":"live"' "$T/out"
sqlite3 "$DB" "INSERT INTO import_batch(kind) VALUES ('decp')"
expect_exit "a new import makes the cache stale" 0 "$ORCS" stats decp.markets --db "$DB" --year 2024 --json
expect_grep "stale cache: live" '"source":"live"' "$T/out"

# acceptance: every computable indicator of the catalogue answers from the
# cache on the hand-made warehouse, and a few equal an independent SQL sum
"$ORCS" refresh --db "$DB" >/dev/null
"$ORCS" stats --list --format csv --db "$DB" | awk -F, 'NR > 1 && $NF == "oui" { print $1 }' >"$T/ids"
n=0; bad=""
while read -r id; do
  n=$((n + 1))
  "$ORCS" stats "$id" --db "$DB" --year 2024 --audience internal --json >"$T/one.json" 2>"$T/one.err" &&
    grep -q "\"indicator\":\"$id\".*\"source\":\"cache\"" "$T/one.json" || bad="$bad $id"
done <"$T/ids"
if [ "$n" -ge 60 ] && [ -z "$bad" ]; then pass "every computable indicator answers from the cache ($n)"; else
  fail "every computable indicator answers from the cache ($n)" "$bad"; fi
sql_hours=$(sqlite3 "$DB" "SELECT printf('%g', sum(h.hours_work)) FROM clause_hours h JOIN clause_contract k ON k.contrat_id = h.contrat_id JOIN clause_market m ON m.id = k.market_id WHERE m.modalites <> '' AND h.month LIKE '2024-%'")
expect_exit "hours realised 2024" 0 "$ORCS" stats clauses.hours_realised --db "$DB" --year 2024 --audience internal --format csv
expect_grep "hours realised = the SQL sum ($sql_hours)" "^$sql_hours,$sql_hours," "$T/out"
sql_train=$(sqlite3 "$DB" "SELECT printf('%g', sum(h.hours_training)) FROM clause_hours h JOIN clause_contract k ON k.contrat_id = h.contrat_id JOIN clause_market m ON m.id = k.market_id WHERE m.modalites <> '' AND h.month LIKE '2024-%'")
expect_exit "training hours 2024" 0 "$ORCS" stats clauses.hours_training --db "$DB" --year 2024 --audience internal --format csv
expect_grep "training hours = the SQL sum ($sql_train)" "^$sql_train,$sql_train," "$T/out"
sql_pids=$(sqlite3 "$DB" "SELECT count(DISTINCT k.pid) FROM clause_hours h JOIN clause_contract k ON k.contrat_id = h.contrat_id JOIN clause_market m ON m.id = k.market_id WHERE m.modalites <> '' AND h.month LIKE '2024-%' AND h.hours_work > 0")
expect_exit "participants 2024" 0 "$ORCS" stats benef.participants --db "$DB" --year 2024 --audience internal --format csv
expect_grep "participants = the SQL distinct count ($sql_pids)" "^$sql_pids,$sql_pids," "$T/out"

# an import refreshes the cache in its transaction
expect_exit "an import" 0 "$ORCS" import siae --db "$DB" data/siae/siae_asp_2019_idf.csv
expect_exit "after an import" 0 "$ORCS" stats decp.markets --db "$DB" --year 2024 --json
expect_grep "after an import: the cache answers" '"source":"cache"' "$T/out"
