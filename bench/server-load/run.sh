#!/usr/bin/env bash
# Load benchmark of the server (issue 6): requests a second and latency percentiles for reading a decision and for
# approving, on SQLite and on PostgreSQL, with wrk (Debian's package) on loopback from a second process.
#
#     bench/server-load/run.sh              # RUNS=3 runs of each measurement; DURATION=10s each
#
# Each database gets a fresh `releasegate serve` (Release build) with one workflow, users and tokens. Reference, in the
# same run and on the same server: GET /health/live (no database, no token) — the floor of the host and the machine.
#   read-max     GET /api/v1/releases/1/decision, 16 connections flat out: throughput and p99
#   read-1000    the same paced to about 1,000 requests a second (11 connections, 9 ms apart): p99 at the target rate
#   approve      POST /api/v1/releases/{id}/approvals for APPROVE_FOR (1s), each request approving a different release
#                (4 connections); a run that used up its releases early would under-report, so each run gets
#                APPROVALS/RUNS releases; a rate of about APPROVALS/RUNS/APPROVE_FOR per second means the run used them up
#                (the rate is then a floor; the latencies stand)
#   approve-100  the same paced to about 100 approvals a second (2 connections, 19 ms apart) for PACED_FOR (5s), each run
#                with PACED_APPROVALS (500) releases of its own: p99 at the target rate
# Medians of RUNS are reported. PostgreSQL runs inside a throwaway cluster (eng/postgres.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
runs=${RUNS:-3}
duration=${DURATION:-10s}
approvals=${APPROVALS:-2400}
approve_for=${APPROVE_FOR:-1s}
paced_for=${PACED_FOR:-5s}
paced=${PACED_APPROVALS:-500}
cli="$repo/src/ReleaseGate.Cli/bin/Release/net10.0/releasegate.dll"

if ! command -v wrk >/dev/null; then
  apt-get install -y wrk >/dev/null
fi

if [ "${1:-}" != "--inner" ]; then
  echo "building the CLI (Release)..." >&2
  dotnet build "$repo/src/ReleaseGate.Cli" -c Release -nologo -v quiet >/dev/null
  "$0" --inner sqlite
  exec "$repo/eng/postgres.sh" run -- "$0" --inner postgres
fi

kind=$2
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
if [ "$kind" = sqlite ]; then
  db="$work/rg.db"
else
  db=$RELEASEGATE_TEST_POSTGRES   # the cluster is a throwaway one, started for this run
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
rg() { dotnet "$cli" "$@"; }
admin=$(rg user bootstrap --db "$db" --name admin 2>/dev/null)
dotnet "$cli" serve --db "$db" --urls "$url" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "$url/health/ready" >/dev/null && break; sleep 0.2; done

export RELEASEGATE_SERVER=$url RELEASEGATE_TOKEN=$admin
cat >"$work/gate.yaml" <<'YAML'
apiVersion: releasegate/v1
kind: Gate
workflow: bench
risk: high
evals:
  - suite: core
    min_pass_rate: 0.8
approvals:
  - { stage: product, group: leads, count: 1 }
YAML
rg group add leads >/dev/null
rg user add ci >/dev/null
rg user add lena --group leads >/dev/null
ci=$(rg token create --user ci --scope submit --scope review 2>/dev/null)
lena=$(rg token create --user lena --scope approve 2>/dev/null)
rg workflow register --gate "$work/gate.yaml" >/dev/null
for i in $(seq 0 199); do echo "{\"suite\":\"core\",\"case\":\"c$i\",\"pass\":true,\"latency_ms\":120}"; done >"$work/results.jsonl"

# Releases to approve, one approval each; created through the API with curl, 8 at a time.
submit() {
  local id
  id=$(printf 'apiVersion: releasegate/v1\nkind: Release\nworkflow: bench\nversion: "1.0.%s"\ncomponents:\n  model: m%s\n' "$1" "$1" |
    curl -sf -H "Authorization: Bearer $ci" -H 'Content-Type: application/yaml' --data-binary @- "$url/api/v1/workflows/bench/releases" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -sf -o /dev/null -H "Authorization: Bearer $ci" -H 'Content-Type: application/x-ndjson' --data-binary @"$work/results.jsonl" "$url/api/v1/releases/$id/evidence"
}
export -f submit
export work ci url
echo "$kind: creating $((approvals + runs * paced + 1)) releases..." >&2
seq 0 "$((approvals + runs * paced))" | xargs -P 8 -I{} bash -c 'submit {}'

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
  echo "live-max $(TOKEN= wrk_run -t2 -c16 -d"$duration" -s "$here/paced.lua" "$url/health/live")" >>"$results"
  echo "read-max $(TOKEN=$ci wrk_run -t2 -c16 -d"$duration" -s "$here/paced.lua" "$url/api/v1/releases/1/decision")" >>"$results"
  echo "live-1000 $(TOKEN= DELAY_MS=9 wrk_run -t2 -c11 -d"$duration" -s "$here/paced.lua" "$url/health/live")" >>"$results"
  echo "read-1000 $(TOKEN=$ci DELAY_MS=9 wrk_run -t2 -c11 -d"$duration" -s "$here/paced.lua" "$url/api/v1/releases/1/decision")" >>"$results"
done

# Approvals: each release once (ids 2..approvals+1), so every request is a real approval that writes and re-decides.
per=$((approvals / runs))
for run in $(seq 1 "$runs"); do
  first=$((2 + (run - 1) * per))
  echo "approve $(TOKEN=$lena FIRST=$first COUNT=$per THREADS=2 wrk_run -t2 -c4 -d"$approve_for" -s "$here/approve.lua" "$url")" >>"$results"
done
for run in $(seq 1 "$runs"); do
  first=$((2 + runs * per + (run - 1) * paced))
  echo "approve-100 $(TOKEN=$lena FIRST=$first COUNT=$paced THREADS=2 DELAY_MS=19 wrk_run -t2 -c2 -d"$paced_for" -s "$here/approve.lua" "$url")" >>"$results"
done

echo
echo "## $kind ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), medians of $runs runs)"
echo
echo "| measurement | requests/s | p50 ms | p99 ms | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: |"
for m in live-max read-max live-1000 read-1000 approve approve-100; do
  rps=$(awk -v m=$m '$1 == m { print $2 }' "$results" | median)
  p50=$(awk -v m=$m '$1 == m { print $3 }' "$results" | median)
  p99=$(awk -v m=$m '$1 == m { print $4 }' "$results" | median)
  bad=$(awk -v m=$m '$1 == m { s += $5 } END { print s + 0 }' "$results")
  echo "| $m | $rps | $p50 | $p99 | $bad |"
done
live=$(awk '$1 == "live-max" { print $2 }' "$results" | median)
read=$(awk '$1 == "read-max" { print $2 }' "$results" | median)
echo
echo "decision reads reach $(awk -v r="$read" -v l="$live" 'BEGIN { printf "%.2f", r / l }') x the throughput of /health/live on the same server."
