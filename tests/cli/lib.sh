# lib.sh - helpers for CLI tests (sourced).  Each check prints PASS or FAIL.
ORCS=${ORCS_BIN:-build/san/orcs}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; shift; [ $# -gt 0 ] && echo "  $*"; }

# expect_exit NAME CODE command...   (stdout -> $T/out, stderr -> $T/err)
expect_exit() {
  name=$1 want=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"
  got=$?
  if [ "$got" -eq "$want" ]; then pass "$name"; else
    fail "$name" "exit $got, expected $want; stderr: $(head -c 600 "$T/err")"; fi
}

# expect_eq NAME GOT WANT
expect_eq() {
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', expected '$3'"; fi
}

# expect_grep NAME PATTERN FILE
expect_grep() {
  if grep -q -- "$2" "$3"; then pass "$1"; else fail "$1" "'$2' not in $3: $(head -c 400 "$3")"; fi
}
