#!/usr/bin/env bash
# Runs the support-agent suites against mock-model and writes the results this example's check reads:
#   support-core.jsonl   the release and the baseline side by side on the same 300 cases, 3 repeats each
#   regressions.jsonl    the release and the baseline on the regression bank
# mock-model.yaml (written by generate.cs) makes each release's model answer as the example's story needs.
#
#   examples/support-agent/run-evals.sh [OUTPUT_FOLDER]                    # the candidate, 2026.11.0; default: results/
#   examples/support-agent/run-evals.sh [OUTPUT_FOLDER] --release fix      # its fix, 2026.11.1; default: results/fix/
#   ... --bank FILE     replay this bank (a suite file, such as 'releasegate bank export' writes) instead of suites/regressions.yaml
#
# Needs a built CLI: dotnet build src/ReleaseGate.Cli -c Release (eng/demo.sh does it).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
usage() { echo "usage: $0 [OUTPUT_FOLDER] [--release candidate|fix] [--bank FILE]" >&2; exit 2; }
release=candidate
out=
bank="$here/suites/regressions.yaml"
while [ $# -gt 0 ]; do
  case "$1" in
    --release) [ $# -ge 2 ] || usage; release=$2; shift 2 ;;
    --bank) [ $# -ge 2 ] || usage; bank=$2; shift 2 ;;
    -*) usage ;;
    *) [ -z "$out" ] || usage; out=$1; shift ;;
  esac
done
# The release's target in targets.yaml has the release's name.
case "$release" in
  candidate) out="${out:-$here/results}" ;;
  fix) out="${out:-$here/results/fix}" ;;
  *) usage ;;
esac
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
"${rg[@]}" eval run --suite "$here/suites/support-core.yaml" --target "$release" --baseline-target baseline --repeat 3 \
  -o "$out/support-core.jsonl" "${common[@]}" || exit $?
"${rg[@]}" eval run --suite "$bank" --target "$release" --baseline-target baseline -o "$out/regressions.jsonl" "${common[@]}" || exit $?
