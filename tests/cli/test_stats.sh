# test_stats.sh - `orcs stats` contract (values are tested in tests/unit/test_share.c
# and, on real data, in the DECP import tests).
. tests/cli/lib.sh
DB="$T/s.db"
"$ORCS" init --db "$DB" >/dev/null
expect_exit "stats on an empty warehouse" 0 "$ORCS" stats decp.social_share --db "$DB" --json
expect_grep "json: indicator id" '"indicator":"decp.social_share"' "$T/out"
expect_grep "json: year null without --year" '"year":null' "$T/out"
expect_grep "json: total row has empty dims" '"dims":{},"value":null,"numerator":0,"denominator":0' "$T/out"
expect_grep "json: rows are not secret (S0)" '"secret":false' "$T/out"
expect_exit "stats --year" 0 "$ORCS" stats decp.env_share --db "$DB" --year 2024 --json
expect_grep "json: year given" '"year":2024' "$T/out"
expect_exit "stats text output" 0 "$ORCS" stats decp.social_share --db "$DB" --dept 93
expect_grep "text: French label" "considération sociale" "$T/out"
expect_exit "unknown indicator" 2 "$ORCS" stats decp.nope --db "$DB"
expect_grep "unknown indicator is named" "decp.nope" "$T/err"
expect_exit "bad year" 2 "$ORCS" stats decp.social_share --db "$DB" --year 20x4
expect_exit "bad département" 2 "$ORCS" stats decp.social_share --db "$DB" --dept "5 "
expect_exit "missing indicator" 2 "$ORCS" stats --db "$DB"
expect_exit "stats --list" 0 "$ORCS" stats --list --db "$DB" --format csv
expect_grep "the catalogue lists decp.social_share" "^decp.social_share," "$T/out"
"$ORCS" stats --list --markdown --db "$DB" >"$T/ind.md"
if cmp -s "$T/ind.md" docs/indicators.md; then pass "docs/indicators.md is generated from the catalogue"; else
  fail "docs/indicators.md is generated from the catalogue" "run make docs"; fi
