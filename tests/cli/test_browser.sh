# test_browser.sh - the main pages in headless Chromium (Debian package
# `chromium`): each page of the home page's navigation loads without a
# console message (JavaScript error, CSP violation, failed resource), and a
# screenshot of it is kept in build/screenshots/ (desktop width for the
# first $BROWSER_PAGES pages, default 6, mobile width for the first
# $MOBILE_PAGES, default 2: each Chromium run costs seconds; set both higher
# by hand for a full set).  SKIP when chromium is absent.
. tests/cli/lib.sh
. tests/cli/web_lib.sh
CHROMIUM=${CHROMIUM:-chromium}
if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
  echo "SKIP test_browser: chromium absent (scripts/install-deps installs it)"
  pass "browser test skipped: no chromium"
  exit 0
fi
SHOTS=build/screenshots
MOBILE_PAGES=${MOBILE_PAGES:-2}
BROWSER_PAGES=${BROWSER_PAGES:-6}
mkdir -p "$SHOTS"
DB="$T/b.db"
"$ORCS" init --db "$DB" >/dev/null
sqlite3 "$DB" <tests/data/engine/fixture.sql
start_server "$DB" 1
get /
nav_links_of "$T/body" | head -n "$BROWSER_PAGES" >"$T/nav"

# shot NAME URL WIDTH HEIGHT: screenshot, console lines -> $T/console
shot() {
  DBUS_SESSION_BUS_ADDRESS=disabled: timeout 30 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
    --disable-quic --no-first-run --no-default-browser-check --disable-background-networking \
    --disable-component-update --disable-sync --disable-extensions --disable-dev-shm-usage \
    --hide-scrollbars --mute-audio --user-data-dir="$T/profile" --enable-logging=stderr --v=0 \
    --screenshot="$SHOTS/$1.png" --window-size="$3,$4" "$2" >"$T/chrome.out" 2>&1
  rc=$?
  grep ':CONSOLE' "$T/chrome.out" >"$T/console"
  return $rc
}

i=0
while read -r p; do
  name=$(echo "$p" | sed 's#^/$#accueil#; s#^/##; s#[^A-Za-z0-9_-]#_#g')
  for size in desktop mobile; do
    if [ $size = mobile ] && [ $i -ge "$MOBILE_PAGES" ]; then continue; fi
    case $size in desktop) w=1280 h=2000;; mobile) w=390 h=1600;; esac
    rm -f "$SHOTS/$name-$size.png"
    if shot "$name-$size" "$URL$p" $w $h; then
      pass "chromium loads $p ($size)"
    else
      fail "chromium loads $p ($size)" "exit $?: $(grep -v dbus "$T/chrome.out" | tail -3)"
    fi
    if [ -s "$T/console" ]; then
      fail "no console message on $p ($size)" "$(head -3 "$T/console")"
    else
      pass "no console message on $p ($size)"
    fi
    sz=$(wc -c <"$SHOTS/$name-$size.png" 2>/dev/null || echo 0)
    [ "$sz" -gt 10000 ] && pass "screenshot $SHOTS/$name-$size.png" ||
      fail "screenshot $SHOTS/$name-$size.png" "$sz bytes"
  done
  i=$((i+1))
done <"$T/nav"

# the check itself: a page with a script error is caught
printf '<!doctype html><title>x</title><p>x</p><script>throw new Error("deliberate-test-error")</script>' >"$T/bad.html"
shot selftest "file://$T/bad.html" 400 300
if grep -q 'deliberate-test-error' "$T/console"; then pass "a JavaScript error is caught"; else
  fail "a JavaScript error is caught" "$(tail -3 "$T/chrome.out")"; fi
rm -f "$SHOTS/selftest.png"
stop_server
