# test_web.sh - `orcs serve` over HTTP on loopback: every route, content
# types, errors answered in French (never 500), path traversal, oversized
# requests, graceful stop on SIGTERM.
. tests/cli/lib.sh
DB="$T/w.db"
"$ORCS" init --db "$DB" >/dev/null
PORT=$((20000 + $$ % 20000))
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

expect_status "home page" / 200 "text/html; charset=utf-8"
expect_grep "home is French" 'lang="fr"' "$T/body"
expect_grep "home has a skip link" 'class="skip"' "$T/body"
expect_grep "home has a map with its data table" '<table class="data">' "$T/body"
expect_status "methodology" /methodologie 200 "text/html"
expect_grep "methodology is generated from the catalogue" 'decp.social_share' "$T/body"
expect_status "stylesheet" /static/style.css 200 "text/css"
expect_status "openapi" /api/v1/openapi.json 200 "application/json"
expect_grep "openapi version" '"openapi":"3.0.3"' "$T/body"
expect_grep "openapi lists indicator ids" '"clauses.hours_realised"' "$T/body"
expect_status "indicators api" /api/v1/indicators 200 "application/json"
expect_status "health" /api/v1/health 200 "application/json"
expect_status "unknown page is 404 in French" /nope 404 "text/html"
expect_grep "404 message is French" "Page introuvable" "$T/body"
expect_status "unknown api path is JSON 404" /api/v1/nope 404 "application/json"
expect_status "path traversal on static" "/static/../../etc/passwd" 404 ""
expect_status "encoded traversal" "/static/..%2F..%2Fetc%2Fpasswd" 404 ""
long=$(head -c 3000 /dev/zero | tr '\0' 'a')
expect_status "oversized query string" "/?q=$long" 414 "text/html"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data 'x=1' "$URL/")
expect_eq "POST is refused with 405" "$code" 405
code=$(curl -s -o /dev/null -w '%{http_code}' -I "$URL/")
expect_eq "HEAD works" "$code" 200
expect_grep "access log has one line per request" "GET /methodologie 200" "$T/access.log"
if grep -q ' 500 ' "$T/access.log"; then fail "never a 500"; else pass "never a 500"; fi
kill -TERM "$PID"; wait "$PID"; rc=$?
expect_eq "SIGTERM stops the server cleanly" "$rc" 0
expect_grep "stop is announced in French" "arrêt demandé" "$T/serve.err"
expect_exit "serve on a missing warehouse fails early" 3 "$ORCS" serve --db "$T/none.db" --port "$PORT"
expect_exit "bad port" 2 "$ORCS" serve --db "$DB" --port 99999
