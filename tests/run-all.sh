#!/usr/bin/env bash
# Run every test: the C unit tests of the base library, then the Tcl suite
# against a freshly built server.  Ends with one line "N passed, N failed"
# that sums both; exits non-zero if anything failed.
cd "$(dirname "$0")/.." || exit 2
pass=0
fail=0

count() { # "<file>: N passed, N failed" -> adds to the totals
  local line p f
  line=$(grep -E '[0-9]+ passed, [0-9]+ failed' <<<"$1" | tail -n 1)
  p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+')
  f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')
  [ -n "$line" ] || { p=0; f=1; }
  pass=$((pass + p))
  fail=$((fail + f))
  [ "$2" -ne 0 ] && [ "$f" -eq 0 ] && fail=$((fail + 1))
  return 0
}

echo "== C unit tests"
for t in src/unit/test_*; do
  case "$t" in *.c|*.d|*.h) continue ;; esac
  [ -x "$t" ] || continue
  out=$("./$t" 2>&1)
  rc=$?
  grep -E 'FAIL|passed, [0-9]+ failed' <<<"$out"
  count "$out" "$rc"
done

echo "== Tcl suite"
log=$(mktemp)
tclsh tests/test_helper.tcl "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
count "$(tail -n 5 "$log")" "$rc"
rm -f "$log"

echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
