#!/usr/bin/env bash
# Builds ReleaseGate, starts mock-model (an OpenAI-compatible model server with scripted answers), runs the
# example's suites against it — the candidate release and the shipped baseline side by side on the same 300
# cases, 3 repeats each, then the regression bank — and decides on the candidate with `check`: it improves the
# average but regresses on the protected refunds slice. Expect "BLOCKED" and exit 1. No API key needed.
set -uo pipefail
cd "$(dirname "$0")/.."
ex=examples/support-agent
build_log=$(mktemp)
# The demo needs the program, not the build's checks: analyzers, code-style enforcement and XML docs (which eng/test.sh
# and CI keep) take about half of a first build and change nothing in what runs.
if ! dotnet build src/ReleaseGate.Cli -c Release --nologo -v q -p:RunAnalyzers=false -p:EnforceCodeStyleInBuild=false \
    -p:GenerateDocumentationFile=false >"$build_log" 2>&1; then
  cat "$build_log"; rm -f "$build_log"; exit 2
fi
rm -f "$build_log"
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
echo "== eval run: candidate and baseline against mock-model ($ex/run-evals.sh)"
"$ex/run-evals.sh" "$results" || exit $?
echo
echo "== check"
dotnet src/ReleaseGate.Cli/bin/Release/net10.0/releasegate.dll check \
  --gate "$ex/gate.yaml" \
  --results "$results/support-core.jsonl" "$results/regressions.jsonl" \
  --release "$ex/releases/candidate.yaml" \
  --baseline-release "$ex/releases/baseline.yaml" \
  "$@"
status=$?
echo "exit code: $status (0 pass or pending, 1 blocked, 2 bad input)"
exit "$status"
