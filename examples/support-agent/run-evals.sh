#!/usr/bin/env bash
# Runs the support-agent suites against mock-model and writes the results this example's check reads:
#   results/support-core.jsonl   the candidate and the baseline side by side on the same 300 cases, 3 repeats each
#   results/regressions.jsonl    the candidate on the regression bank
# mock-model.yaml (written by generate.cs) makes each release's model answer as the example's story needs.
#
#   examples/support-agent/run-evals.sh [OUTPUT_FOLDER]     # default: results/ next to this script
#
# Needs a built CLI: dotnet build src/ReleaseGate.Cli -c Release (eng/demo.sh does it).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
out="${1:-$here/results}"
rg=(dotnet "$root/src/ReleaseGate.Cli/bin/Release/net10.0/releasegate.dll")
log=$(mktemp)
"${rg[@]}" mock-model --port 0 --latency-ms 5 --rules "$here/mock-model.yaml" >"$log" 2>&1 &
mock=$!
trap 'kill "$mock" 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 300); do grep -q listening "$log" && break; kill -0 "$mock" 2>/dev/null || break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$log" | cut -d: -f2)
[ -n "$port" ] || { echo "mock-model did not start:"; cat "$log"; exit 2; }
export RELEASEGATE_MODEL_URL="http://127.0.0.1:$port/v1"
mkdir -p "$out"
common=(--targets "$here/targets.yaml" --judge-target judge --no-cache --concurrency 32 --progress lines)
"${rg[@]}" eval run --suite "$here/suites/support-core.yaml" --target candidate --baseline-target baseline --repeat 3 \
  -o "$out/support-core.jsonl" "${common[@]}" || exit $?
"${rg[@]}" eval run --suite "$here/suites/regressions.yaml" --target candidate -o "$out/regressions.jsonl" "${common[@]}" || exit $?
