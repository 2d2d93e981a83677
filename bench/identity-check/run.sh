#!/usr/bin/env bash
# What the one-second revocation guarantee costs authentication (issue 16): GET /api/v1/me with an API token, which does
# nothing but authenticate, on PostgreSQL, under three settings of one `releasegate serve` (Release build):
#   cached     the defaults: a verified token is kept, the shared identity change counter is read at most every 250 ms
#   counter    ReleaseGate:IdentityCheckTime=00:00:00: the counter is read on every request (one indexed row)
#   lookup     also ReleaseGate:TokenCacheTime=00:00:00: every request reads the counter, the token and its groups
# and GET /health/live (no token, no database) as the floor of the host. 16 connections flat out with wrk, the settings
# interleaved run by run so that the machine's load falls on each alike; medians of RUNS.
#
#     bench/identity-check/run.sh                 # RUNS=5 DURATION=5s
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
runs=${RUNS:-5}
duration=${DURATION:-5s}
cli="$repo/src/ReleaseGate.Cli/bin/Release/net10.0/releasegate.dll"
paced="$repo/bench/server-load/paced.lua"

if ! command -v wrk >/dev/null; then
  apt-get install -y wrk >/dev/null
fi

if [ "${1:-}" != "--inner" ]; then
  echo "building the CLI (Release)..." >&2
  dotnet build "$repo/src/ReleaseGate.Cli" -c Release -nologo -v quiet >/dev/null
  exec "$repo/eng/postgres.sh" run -- "$0" --inner
fi

db=$RELEASEGATE_TEST_POSTGRES   # a throwaway cluster, started for this run
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
admin=$(dotnet "$cli" user bootstrap --db "$db" --name admin 2>/dev/null)

start() {   # start SETTING: (re)starts the server with that setting's environment
  [ -n "$server_pid" ] && kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
  case $1 in
    cached) dotnet "$cli" serve --db "$db" --urls "$url" >"$work/serve.log" 2>&1 & ;;
    counter) ReleaseGate__IdentityCheckTime=00:00:00 dotnet "$cli" serve --db "$db" --urls "$url" >"$work/serve.log" 2>&1 & ;;
    lookup) ReleaseGate__IdentityCheckTime=00:00:00 ReleaseGate__TokenCacheTime=00:00:00 dotnet "$cli" serve --db "$db" --urls "$url" >"$work/serve.log" 2>&1 & ;;
  esac
  server_pid=$!
  for _ in $(seq 1 100); do curl -sf "$url/health/ready" >/dev/null && break; sleep 0.2; done
  # Warm up the JIT, the connection pool and the cache.
  TOKEN=$admin wrk -t2 -c16 -d2s -s "$paced" "$url/api/v1/me" >/dev/null
}

# wrk_run ARGS... -> "rps p50_ms p99_ms non2xx"
wrk_run() {
  wrk --latency "$@" 2>&1 | awk '
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx/ { bad = $5 }
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    END { printf "%.0f %.2f %.2f %d\n", rps, ms(p50), ms(p99), bad + 0 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

results="$work/results.txt"
: >"$results"
for run in $(seq 1 "$runs"); do
  for setting in cached counter lookup; do
    start "$setting"
    echo "live-$setting $(TOKEN= wrk_run -t2 -c16 -d"$duration" -s "$paced" "$url/health/live")" >>"$results"
    echo "$setting $(TOKEN=$admin wrk_run -t2 -c16 -d"$duration" -s "$paced" "$url/api/v1/me")" >>"$results"
  done
done

echo
echo "## identity-check, PostgreSQL ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg), medians of $runs runs)"
echo
echo "| GET /api/v1/me | requests/s | p50 ms | p99 ms | non-2xx | /health/live requests/s, same server |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for m in cached counter lookup; do
  rps=$(awk -v m=$m '$1 == m { print $2 }' "$results" | median)
  p50=$(awk -v m=$m '$1 == m { print $3 }' "$results" | median)
  p99=$(awk -v m=$m '$1 == m { print $4 }' "$results" | median)
  bad=$(awk -v m=$m '$1 == m { s += $5 } END { print s + 0 }' "$results")
  live=$(awk -v m="live-$m" '$1 == m { print $2 }' "$results" | median)
  echo "| $m | $rps | $p50 | $p99 | $bad | $live |"
done
