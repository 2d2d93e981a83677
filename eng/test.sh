#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "N passed, N failed, N skipped".
# Exit status is dotnet test's: a build failure or any failing test is non-zero and never reported as "0 failed".
set -uo pipefail
cd "$(dirname "$0")/.."

# Storage (issue 5): the PostgreSQL half of the storage contract needs a server. When none is configured and the
# PostgreSQL binaries exist, run the whole suite inside a throwaway cluster (eng/postgres.sh stops it on exit).
if [ -z "${RELEASEGATE_TEST_POSTGRES:-}" ] && eng/postgres.sh available 2>/dev/null; then
  exec eng/postgres.sh run -- "$0" "$@"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# TESTS narrows the run to one test project (.ci/run tests the Native AOT build's command line this way).
dotnet test "${TESTS:-ReleaseGate.slnx}" --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The classic runner prints one summary line per test assembly:
#   Passed!  - Failed:     0, Passed:    92, Skipped:     0, Total:    92, Duration: 2 s - X.Tests.dll (net10.0)
read -r passed failed skipped < <(awk '
  /(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i + 1) + 0 }
      if ($i == "Passed:")  { p += $(i + 1) + 0 }
      if ($i == "Skipped:") { s += $(i + 1) + 0 }
    }
  }
  END { printf "%d %d %d\n", p, f, s }' "$log")

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # the build or the runner failed before any test could report
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
