# web_lib.sh - starting `orcs serve` on loopback for a test and asking it
# things with curl (sourced after lib.sh).  start_server DB [LOG] sets $URL
# and $SERVER_PID; stop_server sends SIGTERM and waits.

start_server() {
  PORT=$(( 20000 + ($$ * 7 + ${2:-0}) % 30000 ))
  "$ORCS" serve --db "$1" --port "$PORT" --threads 2 --log "$T/access.log" 2>"$T/serve.err" &
  SERVER_PID=$!
  URL="http://127.0.0.1:$PORT"
  i=0
  while [ $i -lt 100 ] && ! curl -s -o /dev/null "$URL/api/v1/health"; do
    sleep 0.1; i=$((i+1))
  done
}

stop_server() {
  kill -TERM "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID"
}

# get PATH [curl options]: status -> $T/code, content type -> $T/type,
# body -> $T/body, headers -> $T/headers
get() {
  p=$1; shift
  curl -s --path-as-is -D "$T/headers" -o "$T/body" -w '%{http_code} %{content_type}' "$@" \
    "$URL$p" >"$T/meta" 2>/dev/null
  read -r code type <"$T/meta"
  echo "$code" >"$T/code"; echo "$type" >"$T/type"
}

# expect_status NAME PATH STATUS TYPE-PREFIX [curl options]
expect_status() {
  n=$1 p=$2 s=$3 ty=$4; shift 4
  get "$p" "$@"; c=$(cat "$T/code"); got=$(cat "$T/type")
  case "$c:$got" in "$s:$ty"*) pass "$n";; *) fail "$n" "got $c '$got' for $p, expected $s '$ty'";; esac
}

# Same-site links (href and src) of an HTML file, one per line, decoded
# from HTML (&amp;), without fragments.
links_of() {
  grep -o -E '(href|src)="/[^"]*"' "$1" | sed -E 's/^(href|src)="//; s/"$//; s/&amp;/\&/g; s/#.*//' |
    grep -v '^$' | sort -u
}

# The links of the main navigation of an HTML file.
nav_links_of() {
  sed -n '/<nav class="main"/,/<\/nav>/p' "$1" | grep -o 'href="/[^"]*"' |
    sed 's/^href="//; s/"$//; s/&amp;/\&/g' | sort -u
}
