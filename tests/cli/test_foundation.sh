# test_foundation.sh - the CLI contract of issue 2: init, ref, usage, exit codes.
. tests/cli/lib.sh
DB="$T/x.db"

expect_exit "init creates the warehouse" 0 "$ORCS" init --db "$DB"
v1=$(sqlite3 "$DB" 'PRAGMA user_version')
expect_exit "init twice" 0 "$ORCS" init --db "$DB"
expect_grep "second init loads nothing" "inchangé" "$T/out"
expect_eq "init twice keeps the schema version" "$(sqlite3 "$DB" 'PRAGMA user_version')" "$v1"

"$ORCS" ref communes --db "$DB" --format csv >"$T/c.csv"
expect_eq "ref communes: header + 1266 rows" "$(wc -l <"$T/c.csv")" 1267
expect_eq "ref communes: header first" "$(head -1 "$T/c.csv" | cut -d, -f1-2)" "code,nom"
"$ORCS" ref communes --db "$DB" --format csv --dept 93 >"$T/c93.csv"
expect_eq "ref communes --dept 93: 39 rows" "$(($(wc -l <"$T/c93.csv") - 1))" 39
"$ORCS" ref ept --db "$DB" --format csv >"$T/ept.csv"
expect_eq "ref ept: 11 rows" "$(($(wc -l <"$T/ept.csv") - 1))" 11
"$ORCS" ref ept --db "$DB" --format csv --dept 95 >"$T/ept95.csv"
expect_grep "ept in 95 is Boucle Nord de Seine (Argenteuil)" "Boucle Nord de Seine" "$T/ept95.csv"
"$ORCS" ref departements --db "$DB" --json >"$T/d.json"
expect_grep "ref --json" '"table":"departements"' "$T/d.json"
"$ORCS" ref prescriber --db "$DB" --format csv >"$T/p.csv"
expect_grep "enumerations are listable" "^FT," "$T/p.csv"
ORCS_DB="$DB" "$ORCS" ref arrondissements --format csv >"$T/a.csv"
expect_eq "\$ORCS_DB is honoured; 20 arrondissements" "$(($(wc -l <"$T/a.csv") - 1))" 20

expect_exit "--bogus is a usage error" 2 "$ORCS" --bogus
expect_grep "--bogus prints usage" "Usage" "$T/err"
expect_exit "unknown command" 2 "$ORCS" frobnicate
expect_exit "unknown option of a command" 2 "$ORCS" ref communes --db "$DB" --colour
expect_grep "a command's usage error prints its usage" "orcs ref" "$T/err"
expect_exit "unknown ref table" 2 "$ORCS" ref nosuchtable --db "$DB"
expect_grep "message names the value" "nosuchtable" "$T/err"
expect_exit "--dept on a non-geographic table" 2 "$ORCS" ref cpv_divisions --db "$DB" --dept 93
expect_exit "--dept with an unknown département" 2 "$ORCS" ref communes --db "$DB" --dept 13
expect_exit "bad --format" 2 "$ORCS" ref communes --db "$DB" --format xml
expect_exit "missing warehouse is an I/O error" 3 "$ORCS" ref communes --db "$T/none.db"
expect_grep "missing warehouse tells what to do" "orcs init" "$T/err"
printf 'not a database at all, definitely not, no no no no no no no no no no no no no no no no no no' >"$T/junk.db"
expect_exit "a file that is not a database" 3 "$ORCS" ref communes --db "$T/junk.db"
expect_exit "--help" 0 "$ORCS" --help
expect_grep "help lists exit codes" "Codes de sortie" "$T/out"
expect_exit "help ref" 0 "$ORCS" help ref
expect_grep "command help lists its options" "\-\-dept" "$T/out"
expect_exit "--version" 0 "$ORCS" --version
"$ORCS" help --markdown >"$T/cli.md"
if cmp -s "$T/cli.md" docs/cli.md; then pass "docs/cli.md is generated from the command table"; else
  fail "docs/cli.md is generated from the command table" "run make docs"; fi
