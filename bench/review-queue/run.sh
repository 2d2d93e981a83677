#!/usr/bin/env bash
# Benchmark of the review queue (issue 18): REVIEWERS (50) concurrent reviewers empty a queue of ITEMS (500) items, k = 2,
# each taking the next item (POST /api/v1/reviews/next) and giving a verdict, against a fresh `releasegate serve` (Release
# build) on PostgreSQL (a throwaway cluster, eng/postgres.sh) and on SQLite. queue.cs reports the latency of `next` and of a
# verdict, verdicts a second, and the floor measured in the same run at the same concurrency (GET /health/live); it fails
# when an item ends with other than k verdicts.
#
# Two modes a run: saturated (THINK_MS 0: every reviewer gives a verdict as soon as it has the item) and paced (THINK_MS,
# default 5000: a reviewer looks at each item for about five seconds, still far faster than people judge outputs).
#
#     bench/review-queue/run.sh            # RUNS=3 REVIEWERS=50 ITEMS=500 K=2 THINK_MS=5000
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ -z "${RELEASEGATE_TEST_POSTGRES:-}" ]; then
  echo "building the CLI (Release)..." >&2
  dotnet build "$repo/src/ReleaseGate.Cli" -c Release -nologo -v quiet >/dev/null
  exec "$repo/eng/postgres.sh" run -- "$0" "$@"
fi

runs=${RUNS:-3}
reviewers=${REVIEWERS:-50}
items=${ITEMS:-500}
k=${K:-2}
think=${THINK_MS:-5000}
cli="$repo/src/ReleaseGate.Cli/bin/Release/net10.0/releasegate.dll"
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT

for kind in postgres sqlite; do
  for run in $(seq 1 "$runs"); do
  for pace in 0 "$think"; do
    if [ "$kind" = sqlite ]; then
      db="$work/rg-$run-$pace.db"
    else
      name="rq_${run}_${pace}_$RANDOM"
      psql -X -q -h 127.0.0.1 -p "$RELEASEGATE_PG_PORT" -U postgres -c "CREATE DATABASE $name" >/dev/null
      db="${RELEASEGATE_TEST_POSTGRES/Database=postgres/Database=$name}"
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    admin=$(dotnet "$cli" user bootstrap --db "$db" --name admin 2>/dev/null)
    dotnet "$cli" serve --db "$db" --urls "http://127.0.0.1:$port" >"$work/serve.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
    echo "== $kind, run $run, think $pace ms"
    dotnet run -c Release "$here/queue.cs" -- "http://127.0.0.1:$port" "$admin" "$reviewers" "$items" "$k" "$pace"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
  done
  done
done
