# tests/cli/lib.sh — helpers for the cli tests, sourced after `set -u`; not a
# test itself. A script that calls expect_exit sets OUT (a scratch folder)
# first; it ends with `report` so that its exit status is the verdict.
pass=0 fail=0
check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); else echo "FAIL: $name"; fail=$((fail + 1)); fi
}
expect_exit() { # expect_exit CODE COMMAND... (stderr must be non-empty when CODE != 0)
  local code=$1; shift
  "$@" >"$OUT/stdout" 2>"$OUT/stderr"
  local rc=$?
  [ "$rc" -eq "$code" ] || { echo "  exit $rc, wanted $code: $*"; cat "$OUT/stderr"; return 1; }
  [ "$code" -eq 0 ] || [ -s "$OUT/stderr" ] || { echo "  no message on stderr: $*"; return 1; }
}
py() { python3 -c "import sys; sys.path.insert(0, '$VT_SOURCE_DIR/tests/tools'); import png; $1"; }
report() { # report [PREFIX]: prints the counts; fails when a check failed
  echo "${1:-}$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
