#!/usr/bin/env bash
# The example workflow on the server: starts `releasegate serve` on a fresh SQLite file, creates the first admin,
# registers the example's gate, runs the example's evals against mock-model (candidate and baseline side by side),
# submits the candidate release with its results, prints the server's decision and where to look, and keeps the
# server up until Ctrl-C. No API key, no database to install.
#
#   eng/server-demo.sh            # serves on http://127.0.0.1:8080 (PORT=... to change)
#   eng/server-demo.sh --exit     # stop once the decision is printed (used by the tests)
set -uo pipefail
cd "$(dirname "$0")/.."
ex=examples/support-agent
port=${PORT:-8080}
build_log=$(mktemp)
if ! dotnet build src/ReleaseGate.Cli -c Release --nologo -v q >"$build_log" 2>&1; then
  cat "$build_log"; rm -f "$build_log"; exit 2
fi
rm -f "$build_log"
rg=(dotnet src/ReleaseGate.Cli/bin/Release/net10.0/releasegate.dll)
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "port $port is in use; run with PORT=another-port $0" >&2; exit 2
fi
token=$("${rg[@]}" user bootstrap --db "$work/releasegate.db" --name demo-admin 2>/dev/null) || { echo "bootstrap failed" >&2; exit 2; }
"${rg[@]}" serve --db "$work/releasegate.db" --urls "http://127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 300); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { echo "the server did not start:" >&2; cat "$work/serve.log" >&2; exit 2; }
  sleep 0.1
done
export RELEASEGATE_SERVER="http://127.0.0.1:$port" RELEASEGATE_TOKEN="$token"

echo "== server on $RELEASEGATE_SERVER (SQLite: $work/releasegate.db); admin token for this demo: $token"
echo "== workflow register"
"${rg[@]}" workflow register --gate "$ex/gate.yaml" || exit $?
echo
echo "== eval run: candidate and baseline against mock-model"
"$ex/run-evals.sh" "$work/results" || exit $?
echo
echo "== submit the candidate with its results"
"${rg[@]}" submit --release "$ex/releases/candidate.yaml" --results "$work/results/support-core.jsonl" "$work/results/regressions.jsonl"
status=$?
echo
echo "Look at: $RELEASEGATE_SERVER/docs (the API, try it with the token above), $RELEASEGATE_SERVER/api/v1/ledger,"
echo "         'releasegate status --release 1' and 'releasegate audit verify --db $work/releasegate.db'."
if [ "${1:-}" = "--exit" ]; then
  exit "$status"
fi
echo "The server stays up until Ctrl-C (its database is deleted then)."
wait "$server"
