# test_browser.sh - the site in headless Chromium (Debian package
# `chromium`): every page of the home page's navigation at desktop width
# (1280 px), the first MOBILE_PAGES (default 4) plus a filtered dashboard
# and a territory at mobile width (390 px), and filtered pages at desktop
# width, each loading without a console message (JavaScript error, CSP
# violation, failed resource).  The screenshots (build/screenshots/, pages
# side by side) are kept to be looked at.  SKIP when chromium is absent.
. tests/cli/lib.sh
. tests/cli/web_lib.sh
CHROMIUM=${CHROMIUM:-chromium}
if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
  echo "SKIP test_browser: chromium absent (scripts/install-deps installs it)"
  pass "browser test skipped: no chromium"
  exit 0
fi
SHOTS=build/screenshots
MOBILE_PAGES=${MOBILE_PAGES:-4}
mkdir -p "$SHOTS"
DB="$T/b.db"
"$ORCS" init --db "$DB" >/dev/null
sqlite3 "$DB" <tests/data/engine/fixture.sql
"$ORCS" refresh --db "$DB" >/dev/null
start_server "$DB" 1
get /
nav_links_of "$T/body" >"$T/nav"
n=$(wc -l <"$T/nav")
[ "$n" -ge 10 ] && pass "navigation lists $n pages" || fail "navigation lists $n pages"

# Each Chromium run costs 5 to 10 s on a loaded machine: pages are taken
# side by side as iframes of one harness page per screenshot (3 desktop
# pages or 6 mobile pages a shot); console messages name their page.
# harness NAME WIDTH PATH...: writes $T/NAME.html
harness() {
  hn=$1 hw=$2; shift 2
  { printf '<!doctype html><meta charset="utf-8"><title>%s</title><style>body{margin:0;display:flex;gap:8px;background:#888}iframe{border:0;flex:none;width:%spx;height:2400px;background:#fff}</style>\n' "$hn" "$hw"
    for hp in "$@"; do printf '<iframe src="%s%s"></iframe>\n' "$URL" "$hp"; done; } >"$T/$hn.html"
}
: >"$T/jobs"
set -- $(cat "$T/nav")
k=1
while [ $# -gt 0 ]; do
  grp="$1"; shift
  for _ in 1 2; do [ $# -gt 0 ] && { grp="$grp $1"; shift; }; done
  harness "desktop-$k" 1280 $grp
  echo "desktop-$k $(( 3 * (1280 + 8) )) $grp" >>"$T/jobs"
  k=$((k+1))
done
mob=$(head -n "$MOBILE_PAGES" "$T/nav" | tr '\n' ' ')
harness mobile 390 $mob "/clauses?dept=93" /territoire/dept/93
echo "mobile $(( 6 * (390 + 8) )) $mob /clauses?dept=93 /territoire/dept/93" >>"$T/jobs"
harness desktop-filtered 1280 "/clauses?dept=93" "/marches?dept=93&annee=2024" /territoire/dept/93
echo "desktop-filtered $(( 3 * (1280 + 8) )) /clauses?dept=93 /marches?dept=93&annee=2024 /territoire/dept/93" >>"$T/jobs"

# shot NAME URL WIDTH HEIGHT: screenshot; console lines -> $T/NAME.console
shot() {
  DBUS_SESSION_BUS_ADDRESS=disabled: timeout 40 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
    --disable-quic --no-first-run --no-default-browser-check --disable-background-networking \
    --disable-component-update --disable-sync --disable-extensions --disable-dev-shm-usage \
    --hide-scrollbars --mute-audio --run-all-compositor-stages-before-draw --virtual-time-budget=4000 \
    --disable-site-isolation-trials --disable-features=IsolateOrigins,site-per-process \
    --user-data-dir="$T/profile-$1" --enable-logging=stderr --v=0 \
    --screenshot="$SHOTS/$1.png" --window-size="$3,$4" "$2" >"$T/$1.out" 2>&1
  echo $? >"$T/$1.rc"
  grep ':CONSOLE' "$T/$1.out" >"$T/$1.console"
}

# the server renders each page once first (its response cache then
# answers the iframes at once, so the screenshots do not race the engine)
for hp in $(cut -d' ' -f3- "$T/jobs" | tr ' ' '\n' | sort -u); do
  curl -s -o /dev/null "$URL$hp"
done

# two at a time
pids=
while read -r name w pages; do
  rm -f "$SHOTS/$name.png"
  shot "$name" "file://$T/$name.html" "$w" 2400 &
  pids="$pids $!"
  if [ $(echo $pids | wc -w) -ge 2 ]; then wait $pids; pids=; fi
done <"$T/jobs"
[ -n "$pids" ] && wait $pids
# a loaded machine sometimes screenshots a harness before its iframes are
# painted (a blank image): such a shot is taken again, alone
while read -r name w pages; do
  sz=$( { wc -c <"$SHOTS/$name.png"; } 2>/dev/null || echo 0)
  if [ "$sz" -le 60000 ]; then
    echo "retaking $name ($sz bytes)"
    shot "$name" "file://$T/$name.html" "$w" 2400
  fi
done <"$T/jobs"
# still blank: the harness's iframes did not paint in time (it happens on a
# busy machine); each of its pages is then taken on its own, as a top-level
# page, which Chromium screenshots only once it has loaded.
while read -r name w pages; do
  sz=$( { wc -c <"$SHOTS/$name.png"; } 2>/dev/null || echo 0)
  [ "$sz" -gt 60000 ] && continue
  pw=$((w / $(echo $pages | wc -w) - 8))
  i=1
  for hp in $pages; do
    shot "$name-$i" "$URL$hp" "$pw" 2400
    cat "$T/$name-$i.console" >>"$T/$name.console"
    [ "$(cat "$T/$name-$i.rc")" = 0 ] || cp "$T/$name-$i.rc" "$T/$name.rc"
    i=$((i + 1))
  done
  echo "$name: pages taken one by one"
  : >"$T/$name.single"
done <"$T/jobs"
while read -r name w pages; do
  rc=$(cat "$T/$name.rc" 2>/dev/null || echo 1)
  [ "$rc" = 0 ] && pass "chromium loads $pages ($name)" ||
    fail "chromium loads $pages ($name)" "exit $rc: $(grep -v dbus "$T/$name.out" | tail -3)"
  [ -s "$T/$name.console" ] && fail "no console message on $pages ($name)" "$(head -3 "$T/$name.console")" ||
    pass "no console message on $pages ($name)"
  if [ -f "$T/$name.single" ]; then
    i=1 ok=1
    for hp in $pages; do
      sz=$( { wc -c <"$SHOTS/$name-$i.png"; } 2>/dev/null || echo 0)
      [ "$sz" -gt 15000 ] || { ok=0; echo "  $hp: $sz bytes"; }
      i=$((i + 1))
    done
    [ $ok = 1 ] && pass "screenshots $SHOTS/$name-N.png (painted)" || fail "screenshots $SHOTS/$name-N.png"
  else
    sz=$( { wc -c <"$SHOTS/$name.png"; } 2>/dev/null || echo 0)
    [ "$sz" -gt 60000 ] && pass "screenshot $SHOTS/$name.png (painted)" || fail "screenshot $SHOTS/$name.png" "$sz bytes"
  fi
done <"$T/jobs"
n=$(grep -c . "$T/jobs")
covered=$(cut -d' ' -f3- "$T/jobs" | tr ' ' '\n' | grep -c .)
pass "$covered page views in $n screenshots"

# the check itself: a page with a script error is caught
printf '<!doctype html><title>x</title><p>x</p><script>throw new Error("deliberate-test-error")</script>' >"$T/bad.html"
shot selftest "file://$T/bad.html" 400 300
if grep -q 'deliberate-test-error' "$T/selftest.console"; then pass "a JavaScript error is caught"; else
  fail "a JavaScript error is caught" "$(tail -3 "$T/selftest.out")"; fi
rm -f "$SHOTS/selftest.png"
stop_server
