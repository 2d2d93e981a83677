#!/usr/bin/env bash
# Builds ReleaseGate and decides on the example release (examples/support-agent): a release that
# improves the average but regresses on the protected refunds slice. Expect "BLOCKED" and exit 1.
set -uo pipefail
cd "$(dirname "$0")/.."
ex=examples/support-agent
build_log=$(mktemp)
if ! dotnet build src/ReleaseGate.Cli -c Release --nologo -v q >"$build_log" 2>&1; then
  cat "$build_log"; rm -f "$build_log"; exit 2
fi
rm -f "$build_log"
dotnet src/ReleaseGate.Cli/bin/Release/net10.0/releasegate.dll check \
  --gate "$ex/gate.yaml" \
  --results "$ex/results/candidate.jsonl" "$ex/results/regressions.jsonl" \
  --baseline-results "$ex/results/baseline.jsonl" \
  --release "$ex/releases/candidate.yaml" \
  --baseline-release "$ex/releases/baseline.yaml" \
  "$@"
status=$?
echo "exit code: $status (0 pass or pending, 1 blocked, 2 bad input)"
exit "$status"
