#!/usr/bin/env bash
# Benchmark of the Control Center's decision page (issue 21) on a 100,000-case release: against a fresh `releasegate serve`
# (Release build) on SQLite, bench.cs registers a gate, ships a baseline, submits a candidate with CASES cases of results
# (a candidate and a baseline line each, generated with a fixed seed) through the API, signs in through the sign-in form,
# and times GET /releases/{id} (the page) interleaved with GET /api/v1/releases/{id}/decision (the JSON the page renders,
# the reference): median and p95 of REQUESTS whole round trips on loopback each. Fails when the page's p95 is not under
# TARGET_MS.
#
#     bench/ui-decision-page/run.sh    # CASES=100000 REQUESTS=30 TARGET_MS=200 RUNS=1; BIN=path/to/releasegate (default: the Release build)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cases=${CASES:-100000}
requests=${REQUESTS:-30}
target=${TARGET_MS:-200}
runs=${RUNS:-1}
if [ -n "${BIN:-}" ]; then rg=("$BIN")
else
  echo "building the CLI (Release)..." >&2
  dotnet build "$repo/src/ReleaseGate.Cli" -c Release -nologo -v quiet >/dev/null
  rg=(dotnet "$repo/src/ReleaseGate.Cli/bin/Release/net10.0/releasegate.dll")
fi
echo "command: ${rg[*]}"
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT

status=0
for run in $(seq 1 "$runs"); do
  db="$work/rg-$run.db"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  admin=$("${rg[@]}" user bootstrap --db "$db" --name admin 2>/dev/null)
  "${rg[@]}" serve --db "$db" --urls "http://127.0.0.1:$port" --no-scheduler >"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
  echo "== sqlite, run $run (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  dotnet run -c Release "$here/bench.cs" -- "http://127.0.0.1:$port" "$admin" "$cases" "$requests" "$target" || status=1
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
done
exit $status
