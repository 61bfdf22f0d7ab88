# test_web_pages.sh - the dashboards over HTTP on one small warehouse (the
# engine fixture): every page answers 200 with real figures, bad filters
# 400 in French (never 500), unknown territories 404, exports with their
# content types, BOM and separators, and secret cells shown "s" with no
# figure in HTML, CSV, JSON and SVG.
. tests/cli/lib.sh
DB="$T/p.db"
NNB=$(printf '\342\200\257') # narrow no-break space
"$ORCS" init --db "$DB" >/dev/null
sqlite3 "$DB" <tests/data/engine/fixture.sql
"$ORCS" refresh --db "$DB" >/dev/null
PORT=$((20000 + ($$ + 7919) % 20000))
"$ORCS" serve --db "$DB" --port "$PORT" --threads 2 --log "$T/access.log" 2>"$T/serve.err" &
PID=$!
i=0; while [ $i -lt 50 ] && ! curl -s -o /dev/null "http://127.0.0.1:$PORT/api/v1/health"; do sleep 0.1; i=$((i+1)); done
URL="http://127.0.0.1:$PORT"

get() { # get PATH -> status in $T/code, content type in $T/type, body in $T/body
  curl -s -o "$T/body" -w '%{http_code} %{content_type}' "$URL$1" >"$T/meta" 2>/dev/null
  read -r code type <"$T/meta"; echo "$code" >"$T/code"; echo "$type" >"$T/type"
}
expect_status() { # NAME PATH STATUS TYPE-PREFIX
  get "$2"; c=$(cat "$T/code"); ty=$(cat "$T/type")
  case "$c:$ty" in "$3:$4"*) pass "$1";; *) fail "$1" "got $c $ty for $2";; esac
}

# every dashboard answers with real figures
for p in / /clauses /beneficiaires /marches /plateforme /grands-projets /territoire \
         /territoire/dept/93 /territoire/ept/200057867 /territoire/commune/93066 /acheteur \
         /entreprises-inclusives /qualite /methodologie; do
  expect_status "page $p" "$p" 200 "text/html; charset=utf-8"
  if grep -q 'Graphique indisponible' "$T/body"; then fail "page $p: every figure renders"; else
    pass "page $p: every figure renders"; fi
done
get /clauses
expect_grep "clauses: the hours total from the engine" "2${NNB}250" "$T/body"
expect_grep "clauses: a bar chart" '<svg' "$T/body"
expect_grep "clauses: drill-down to the territory" 'href="/territoire/dept/93"' "$T/body"
expect_grep "clauses: drill-down keeps the page filtered" 'href="/clauses?modalite=' "$T/body"
expect_grep "clauses: coverage next to the figures" 'couverture' "$T/body"
expect_grep "clauses: export links" 'href="/graphique/clauses-heures-modalite.csv"' "$T/body"
expect_grep "clauses: the filter form works without JavaScript" '<form class="filters" method="get"' "$T/body"
get "/marches?annee=2024&dept=93"
expect_grep "filters are kept in the shareable link" '/marches?annee=2024&amp;dept=93' "$T/body"
expect_grep "filters are kept in the export links" 'graphique/marches-social-annees.csv?annee=2024&amp;dept=93' "$T/body"
get /
expect_grep "home: key figure with its progression in words" 'par rapport à 2023' "$T/body"
expect_grep "home: a map" 'Heures d&#39;insertion réalisées par département' "$T/body"
get /territoire/dept/93
expect_grep "département page: its communes" 'href="/territoire/commune/93066"' "$T/body"
expect_grep "département page: every indicator, secret totals as s" '(clauses.hours_realised)</span></th><td>2024</td><td>s<' "$T/body"
expect_grep "département page: DECP markets of the département" '(decp.markets)</span></th><td>2024</td><td>3</td>' "$T/body"
get "/acheteur?q=13000000000011"
expect_grep "buyer search by SIRET" 'href="/acheteur/13000000000011"' "$T/body"
expect_status "buyer page" /acheteur/13000000000011 200 "text/html"
expect_grep "buyer page: DECP figures of the buyer" 'acheteur=13000000000011' "$T/body"

# bad parameters: 400 in French, never 500
for q in "/clauses?annee=1999" "/clauses?annee=20x4" "/clauses?dept=13" "/marches?nature=%3Cscript%3E" \
         "/territoire/dept/93?annee=abcd" "/graphique/clauses-heures-modalite.csv?dept=9" \
         "/entreprises-inclusives?type=zz" "/acheteur?page=0" "/entreprises-inclusives?page=x1" \
         "/clauses?utm_source=x" "/graphique/benef-sexe.json?annee=2024&secret=0"; do
  expect_status "bad parameter $q is 400" "$q" 400 "text/html"
  expect_grep "bad parameter $q is explained in French" 'Paramètre « ' "$T/body"
done
if grep -q '<script>' "$T/body"; then fail "input is never echoed raw"; else pass "input is never echoed raw"; fi
for q in /territoire/dept/99 /territoire/commune/00000 /territoire/ept/123456789 /territoire/pays/FR \
         /territoire/dept/ /acheteur/12345678901234 /acheteur/abc /graphique/nope.csv \
         /graphique/clauses-heures-modalite.exe; do
  expect_status "unknown $q is 404" "$q" 404 "text/html"
done

# exports
expect_status "csv export" /graphique/clauses-heures-modalite.csv 200 "text/csv; charset=utf-8"
bom=$(head -c 3 "$T/body" | od -An -tx1 | tr -d ' ')
expect_eq "csv starts with a UTF-8 BOM" "$bom" "efbbbf"
expect_grep "csv: French headers and ; separator" 'Code;Libellé;Heures' "$T/body"
expect_status "xlsx export" /graphique/clauses-heures-modalite.xlsx 200 \
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
magic=$(head -c 2 "$T/body")
expect_eq "xlsx is a zip" "$magic" "PK"
expect_status "json export" /graphique/clauses-heures-modalite.json 200 "application/json"
expect_grep "json: categories" '"categories":\[' "$T/body"
expect_status "svg export" /graphique/accueil-heures-departement.svg 200 "image/svg+xml"
expect_grep "svg: a standalone document" '^<?xml' "$T/body"
expect_grep "svg: tooltips" '<title>' "$T/body"
expect_status "png export" /graphique/accueil-heures-departement.png 200 "image/png"
magic=$(head -c 4 "$T/body" | tail -c 3)
expect_eq "png signature" "$magic" "PNG"
expect_status "filtered export" "/graphique/marches-nombre-departement.csv?annee=2024" 200 "text/csv"
expect_grep "filtered export: figures of the year" '^93;Seine-Saint-Denis;3' "$T/body"

# secrecy: 3 women among 15 participants in 2024; both sex cells are secret
expect_status "secret cells (csv)" "/graphique/benef-sexe.csv?annee=2024" 200 "text/csv"
expect_grep "csv: secret cell is s" '^F;Femme;s' "$T/body"
if grep -q '^F;Femme;3\|^H;Homme;12' "$T/body"; then fail "csv: no secret figure"; else pass "csv: no secret figure"; fi
expect_status "secret cells (json)" "/graphique/benef-sexe.json?annee=2024" 200 "application/json"
expect_grep "json: secret cell is null and flagged" '"code":"F","label":"Femme","values":\[null\],"secret":\[true\]' "$T/body"
expect_status "secret cells (svg)" "/graphique/benef-sexe.svg?annee=2024" 200 "image/svg+xml"
expect_grep "svg: secret cells are said so" 'secret' "$T/body"
if grep -q 'Femme[^<]*: 3\b' "$T/body"; then fail "svg: no secret figure"; else pass "svg: no secret figure"; fi
expect_status "secret cells (html)" "/beneficiaires?annee=2024" 200 "text/html"
expect_grep "html: secret cell is s" '<th scope="row">Femme</th><td>s</td>' "$T/body"
expect_grep "html: the s is explained" 'secret statistique' "$T/body"

# exports are named ID-YEAR.EXT
for e in csv xlsx json; do
  curl -s -D "$T/h" -o /dev/null "$URL/graphique/clauses-heures-modalite.$e?annee=2024"
  expect_grep "$e export: Content-Disposition names the file" \
    'Content-Disposition: attachment; filename="clauses-heures-modalite-2024.'"$e"'"' "$T/h"
done
curl -s -D "$T/h" -o /dev/null "$URL/graphique/clauses-heures-modalite.csv"
expect_grep "export without a year: named for the year shown" 'filename="clauses-heures-modalite-2024.csv"' "$T/h"
curl -s -D "$T/h" -o /dev/null "$URL/api/v1/indicators/decp.markets?year=2024&format=csv"
expect_grep "API csv: named ID-YEAR.csv" 'filename="decp.markets-2024.csv"' "$T/h"

# a secret cell has no previous value nor change (3 women: previous 0 in 2023)
get "/api/v1/indicators/benef.participants?year=2024&by=sex"
expect_grep "API json: no previous for a secret cell" '"sex":"F"},[^}]*"secret":true,"previous":null,"change":null' "$T/body"
get "/api/v1/indicators/benef.participants?year=2024&by=sex&format=csv"
expect_grep "API csv: no previous for a secret cell" '^F,Femme,s,s,,s,s,s,1' "$T/body"

# line summaries: a French sentence naming the indicator, the years, the change
get "/beneficiaires?annee=2024"
expect_grep "line summary names the indicator and the change" \
  'Le nombre de participants en parcours progresse de 150,0.% en 2024.: 15 contre 6 en 2023' "$T/body"
if grep -q 'la valeur passe de' "$T/body"; then fail "no generic line wording"; else pass "no generic line wording"; fi

# a page filtered by département: the selection is highlighted, the summary speaks of it
get "/marches?dept=93&annee=2024"
expect_grep "filtered map: the département is outlined" 'stroke="#000000"' "$T/body"
expect_grep "filtered chart: its table row is marked" '<tr class="selected"><th scope="row">Seine-Saint-Denis' "$T/body"
expect_grep "filtered summary: the département's figure" 'En 2024, Seine-Saint-Denis.: 66,7.% (Île-de-France.: 66,7.%)' "$T/body"
expect_grep "filtered summary: its share of the region" 'Seine-Saint-Denis.: 3, soit 37,5.% de l&#39;ensemble' "$T/body"
# a chart with nothing to publish is one line, not an empty frame; a donut
# whose every slice is secret is a hatched ring beside its legend of « s »
get "/clauses?dept=77&annee=2024"
expect_grep "empty chart: one line instead of an empty frame" 'Aucune donnée publiable pour cette sélection' "$T/body"
get "/clauses?dept=93&annee=2024"
expect_grep "secret donut: a hatched ring" 'stroke="url(#[a-z0-9-]*hatch)"' "$T/body"
expect_grep "secret donut: its legend says s" 'Travaux.: s (secret statistique)' "$T/body"

# accessibility (RGAA): charts, tables, form, skip link
for p in / /clauses "/clauses?dept=93" /beneficiaires /marches /territoire/dept/93 /qualite; do
  get "$p"
  n=$(grep -o '<svg ' "$T/body" | wc -l)
  ok=$(grep -o '<svg [^>]*role="img" aria-labelledby="[^" ]*-t [^" ]*-d"' "$T/body" | wc -l)
  expect_eq "a11y $p: every chart is an image labelled by its title and summary ($n)" "$ok" "$n"
  missing=$(grep -o 'aria-labelledby="[^"]*"' "$T/body" | sed 's/.*="//; s/"$//' | tr ' ' '\n' |
    while read -r id; do grep -q "id=\"$id\"" "$T/body" || echo "$id"; done)
  expect_eq "a11y $p: aria-labelledby targets exist" "$missing" ""
  expect_eq "a11y $p: every table has a caption" "$(grep -o '<table[^>]*>' "$T/body" | wc -l)" \
    "$(grep -o '<table[^>]*><caption>' "$T/body" | wc -l)"
  if grep -q '<th>' "$T/body"; then fail "a11y $p: header cells have a scope"; else pass "a11y $p: header cells have a scope"; fi
  expect_grep "a11y $p: skip link" '<a class="skip" href="#contenu">' "$T/body"
  expect_grep "a11y $p: its target" '<main id="contenu"' "$T/body"
  for sel in $(grep -o '<select id="[^"]*"' "$T/body" | sed 's/.*id="//; s/"$//'); do
    grep -q "<label for=\"$sel\">" "$T/body" || fail "a11y $p: select $sel has a label"
  done
done

if grep -q ' 500 ' "$T/access.log"; then fail "never a 500"; else pass "never a 500"; fi
kill -TERM "$PID"; wait "$PID"
