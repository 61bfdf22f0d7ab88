# test_web.sh - `orcs serve` over HTTP on loopback, on the engine's
# hand-made warehouse: every page reachable from the navigation and every
# API route of the OpenAPI document (so new pages are covered without
# editing this file), content types, security headers, statistical secrecy,
# bad parameters answered 400 in French (never 500), path traversal,
# oversized requests, HEAD, 405, ETag, the response cache and its
# invalidation, graceful stop on SIGTERM.
. tests/cli/lib.sh
. tests/cli/web_lib.sh
DB="$T/w.db"
"$ORCS" init --db "$DB" >/dev/null
sqlite3 "$DB" <tests/data/engine/fixture.sql
YEAR=2024
start_server "$DB"

# ---- every page of the navigation, and every same-site link on them -----
expect_status "home page" / 200 "text/html; charset=utf-8"
expect_grep "home is French" 'lang="fr"' "$T/body"
expect_grep "home has a skip link" 'class="skip"' "$T/body"
for h in Content-Security-Policy X-Content-Type-Options Referrer-Policy ETag; do
  expect_grep "header $h" "^$h:" "$T/headers"
done
if grep -i '^Content-Security-Policy:' "$T/headers" | grep -q "unsafe-inline"; then
  fail "CSP forbids inline script and style"; else pass "CSP forbids inline script and style"; fi
nav_links_of "$T/body" >"$T/nav"
n=$(wc -l <"$T/nav")
[ "$n" -ge 2 ] && pass "navigation has $n pages" || fail "navigation has pages" "$n"
links_of "$T/body" >"$T/links"
bad=""
while read -r p; do
  get "$p"; c=$(cat "$T/code"); ty=$(cat "$T/type")
  case "$c:$ty" in 200:text/html*) ;; *) bad="$bad $p($c $ty)";; esac
  grep -q 'lang="fr"' "$T/body" || bad="$bad $p(not French)"
  links_of "$T/body" >>"$T/links"
  # bad parameters on a page: never a 500, never echoed raw
  for q in 'annee=abc' 'year=99999' 'territoire=%3Cscript%3Ex%3C%2Fscript%3E' 'by=zzz&where=x'; do
    get "$p?$q"; c=$(cat "$T/code")
    case "$c" in 200|400|404) ;; *) bad="$bad $p?$q($c)";; esac
    ! grep -q '<script>x' "$T/body" || bad="$bad $p?$q(raw input in HTML)"
  done
done <"$T/nav"
expect_eq "every navigation page answers French HTML, bad parameters never 500" "$bad" ""
sort -u "$T/links" | head -300 >"$T/all"
bad=""
while read -r p; do
  get "$p"; c=$(cat "$T/code")
  [ "$c" = 200 ] || bad="$bad $p($c)"
done <"$T/all"
expect_eq "every same-site link of those pages answers 200 ($(wc -l <"$T/all") links)" "$bad" ""
expect_status "stylesheet" /static/style.css 200 "text/css"
expect_grep "static files may be cached" "^Cache-Control: public, max-age=" "$T/headers"

# ---- the OpenAPI document: well-formed, structurally valid ---------------
expect_status "openapi" /api/v1/openapi.json 200 "application/json"
cp "$T/body" "$T/openapi.json"
if jq -e '(.openapi | startswith("3.")) and (.info.title | length > 0) and
          (.info.version | length > 0) and (.paths | length > 0)' "$T/openapi.json" >/dev/null; then
  pass "openapi: required keys"; else fail "openapi: required keys"; fi
if jq -e '[.paths[][] | has("responses") and (.responses | has("200"))] | all' \
     "$T/openapi.json" >/dev/null; then
  pass "openapi: every operation has its responses"; else fail "openapi: responses"; fi
missing=$(jq -r '. as $d | [.. | objects | select(has("$ref")) | ."$ref"
   | select((ltrimstr("#/components/schemas/")) as $k | $d.components.schemas | has($k) | not)]
   | unique | join(" ")' "$T/openapi.json")
expect_eq "openapi: every \$ref resolves" "$missing" ""
undeclared=$(jq -r '.paths | to_entries[] | .key as $p | .value.get as $g
   | ($p | [scan("\\{([a-z_]+)\\}")[0]]) - [$g.parameters[] | select(.in == "path") | .name]
   | select(length > 0) | $p' "$T/openapi.json")
expect_eq "openapi: path parameters declared" "$undeclared" ""
expect_grep "openapi: indicator ids as an enum" '"IndicatorId":{"type":"string"' "$T/openapi.json"
expect_grep "openapi: an indicator's dimensions" '"pattern":"^(geo_exec|' "$T/openapi.json"
if jq -e '.components.schemas.IndicatorId.enum | index("benef.participants")' "$T/openapi.json" >/dev/null
then pass "openapi: catalogue ids listed"; else fail "openapi: catalogue ids listed"; fi

# ---- every API path of the document answers JSON ---------------------------
bad=""
for p in $(jq -r '.paths | keys[] | select(contains("{") | not)' "$T/openapi.json"); do
  case "$p" in /api/v1/indicators/*) q="?year=$YEAR";; *) q="";; esac
  get "$p$q"; c=$(cat "$T/code"); ty=$(cat "$T/type")
  case "$c:$ty" in 200:application/json*) ;; *) bad="$bad $p($c)";; esac
  jq -e . "$T/body" >/dev/null 2>&1 || bad="$bad $p(invalid JSON)"
done
expect_eq "every API path answers 200 with valid JSON" "$bad" ""
expect_status "indicator as CSV" "/api/v1/indicators/decp.markets?year=$YEAR&by=geo_exec:dept&format=csv" 200 "text/csv"
expect_grep "CSV: one line per département" '^93,Seine-Saint-Denis,3,3,' "$T/body"
expect_status "same parameters as orcs stats" "/api/v1/indicators/decp.markets?year=$YEAR&where=geo_exec:dept=93&where=fmt=2024" 200 "application/json"
"$ORCS" stats decp.markets --db "$DB" --year $YEAR --where geo_exec:dept=93 --where fmt=2024 --json >"$T/cli.json"
expect_eq "same JSON as orcs stats --format json" "$(jq -c . "$T/body")" "$(jq -c . "$T/cli.json")"
expect_status "by as a repeated parameter" "/api/v1/indicators/decp.markets?year=$YEAR&by=geo_exec:dept&by=fmt" 200 "application/json"
expect_grep "two dimensions" '"by":\["geo_exec:dept","fmt"\]' "$T/body"
expect_status "by as a comma list" "/api/v1/indicators/decp.markets?year=$YEAR&by=geo_exec:dept,fmt" 200 "application/json"

# ---- secrecy: the API is the public audience -------------------------------
expect_status "small cells" "/api/v1/indicators/benef.participants?year=$YEAR&by=sex" 200 "application/json"
expect_grep "the cell of 3 participants is secret" '"dims":{"sex":"F"},"value":null,"numerator":null,"denominator":null,"coverage":null,"secret":true' "$T/body"
expect_grep "the cell that would reveal it is secret" '"dims":{"sex":"H"},"value":null,' "$T/body"
expect_grep "the audience is public" '"audience":"public"' "$T/body"
expect_status "internal audience refused" "/api/v1/indicators/benef.participants?year=$YEAR&by=sex&audience=internal" 400 "application/json"
if grep -q '"value":3,' "$T/body"; then fail "no internal figure"; else pass "no internal figure"; fi

# ---- bad parameters: 400 with a French JSON message; unknown id 404 --------
for case in "year=abc|année invalide" "year=1850|année invalide" "by=zzz|dimension « zzz »" \
            "by=geo_exec:zzz|niveau inconnu" "by=sex,fmt,geo_exec|deux dimensions au plus" \
            "where=nope|DIMENSION=VALEUR" "where=zzz=1|zzz" "format=xml|json ou csv" \
            "yaer=2024|paramètre inconnu" "year=2024&year=2025|plusieurs fois"; do
  q=${case%%|*} m=${case#*|}
  case "$q" in year=*) ;; *) q="year=$YEAR&$q";; esac
  get "/api/v1/indicators/benef.participants?$q"
  c=$(cat "$T/code")
  if [ "$c" = 400 ] && jq -e '.error.status == 400 and (.error.message | length > 0)' "$T/body" >/dev/null &&
     grep -q -- "$m" "$T/body"; then pass "400 in French for $q"
  else fail "400 in French for $q" "$c $(head -c 300 "$T/body")"; fi
done
expect_status "non-additive indicator without a year" /api/v1/indicators/decp.social_share 400 "application/json"
expect_grep "…says to give year" "précisez year" "$T/body"
expect_status "unknown indicator" /api/v1/indicators/nope.nope 404 "application/json"
expect_grep "404 message is French" "indicateur inconnu" "$T/body"
expect_status "unknown API path" /api/v1/nope 404 "application/json"
expect_status "parameter on a route without any" "/api/v1/indicators?x=1" 400 "application/json"
expect_status "unknown page is 404 in French" /nope 404 "text/html"
expect_grep "404 page is French" "Page introuvable" "$T/body"

# ---- path traversal ---------------------------------------------------------
for p in "/static/../../etc/passwd" "/static/..%2F..%2Fetc%2Fpasswd" "/static/%2e%2e/%2e%2e/etc/passwd" \
         "/static/....//....//etc/passwd" "/static/style.css%00.txt" "/api/v1/indicators/..%2F..%2Fetc%2Fpasswd" \
         "/%2e%2e/%2e%2e/etc/passwd"; do
  get "$p"; c=$(cat "$T/code")
  case "$c" in 400|404) pass "traversal $p: $c";; *) fail "traversal $p" "got $c";; esac
  if grep -q "root:" "$T/body"; then fail "traversal $p leaks a file"; fi
done

# ---- oversized requests -----------------------------------------------------
long=$(head -c 3000 /dev/zero | tr '\0' 'a')
expect_status "oversized query string" "/?q=$long" 414 "text/html"
expect_status "oversized path" "/$long" 414 "text/html"
expect_status "oversized API query is JSON" "/api/v1/indicators/decp.markets?q=$long" 414 "application/json"
q=""; for i in $(seq 1 40); do q="$q&p$i=1"; done
expect_status "too many parameters" "/api/v1/health?x=1$q" 400 "application/json"
head -c 5000 /dev/zero | tr '\0' 'b' >"$T/big"
expect_status "big body (Content-Length)" / 413 "text/html" -X GET --data-binary @"$T/big"
expect_status "big body (chunked)" / 413 "text/html" -X GET -H 'Transfer-Encoding: chunked' --data-binary @"$T/big"
set --; for i in $(seq 1 300); do set -- "$@" -H "X-Filler-$i: $long"; done
get / "$@"; c=$(cat "$T/code")
case "$c" in 413|431) pass "many headers refused ($c)";; *) fail "many headers refused" "got $c";; esac
set --

# ---- methods, HEAD, ETag, cache ----------------------------------------------
for m in POST PUT DELETE PATCH; do
  expect_status "$m refused with 405" / 405 "text/html" -X $m
done
expect_grep "405 says which methods" "^Allow: GET, HEAD" "$T/headers"
get / -I; c=$(cat "$T/code")
expect_eq "HEAD works" "$c" 200
expect_eq "HEAD has no body" "$(curl -s -I -o /dev/null -w '%{size_download}' "$URL/")" 0
expect_grep "HEAD has the length" "^Content-Length: [1-9]" "$T/headers"
get /methodologie; etag=$(grep -i '^ETag:' "$T/headers" | cut -d' ' -f2 | tr -d '\r')
get /methodologie -H "If-None-Match: $etag"
expect_eq "If-None-Match gives 304" "$(cat "$T/code")" 304
get /methodologie --compressed
expect_grep "gzip for clients that accept it" "^Content-Encoding: gzip" "$T/headers"
expect_grep "…decoded, the same page" "</html>" "$T/body"
get "/api/v1/indicators/decp.markets?by=fmt&year=$YEAR"
get "/api/v1/indicators/decp.markets?year=$YEAR&by=fmt"
expect_grep "a repeated request is answered from the cache, parameters in any order" \
  "GET /api/v1/indicators/decp.markets?by=fmt&year=$YEAR 200 [0-9]* [0-9.]*ms cache" "$T/access.log"
sqlite3 "$DB" "INSERT INTO import_batch(kind) VALUES ('test')"
sleep 1.2
get "/api/v1/indicators/decp.markets?year=$YEAR&by=fmt"; get "/api/v1/indicators/decp.markets?year=$YEAR&by=fmt"
n=$(grep -c "decp.markets?by=fmt&year=$YEAR 200 [0-9]* [0-9.]*ms$" "$T/access.log")
expect_eq "a warehouse change drops the cache" "$n" 2
expect_grep "access log: time method path status bytes duration" \
  '^20[0-9-]*T[0-9:]*Z GET /methodologie 200 [0-9]* [0-9.]*ms' "$T/access.log"
if grep -q ' 5[0-9][0-9] [0-9]* [0-9.]*ms' "$T/access.log"; then
  fail "never a 5xx" "$(grep ' 5[0-9][0-9] ' "$T/access.log" | head -3)"; else pass "never a 5xx"; fi

# ---- graceful stop: a request in flight finishes --------------------------------
head -c 900 /dev/zero | tr '\0' 'c' >"$T/slow"
curl -s -o /dev/null -w '%{http_code}' -X GET -H 'Transfer-Encoding: chunked' --limit-rate 400 \
  --data-binary @"$T/slow" "$URL/methodologie" >"$T/inflight" 2>/dev/null &
CURL=$!
sleep 0.8
stop_server; rc=$?
wait "$CURL"
expect_eq "SIGTERM stops the server cleanly" "$rc" 0
expect_eq "the request in flight got its answer" "$(cat "$T/inflight")" 200
expect_grep "stop is announced in French" "arrêt demandé" "$T/serve.err"
if curl -s -o /dev/null "$URL/"; then fail "no longer listening"; else pass "no longer listening"; fi
expect_exit "serve on a missing warehouse fails early" 3 "$ORCS" serve --db "$T/none.db" --port "$PORT"
expect_exit "bad port" 2 "$ORCS" serve --db "$DB" --port 99999
expect_exit "bad thread count" 2 "$ORCS" serve --db "$DB" --threads 0
expect_exit "bad bind address" 2 "$ORCS" serve --db "$DB" --bind 999.1.1.1 --port "$PORT"
