#!/usr/bin/env bash
# Benchmark of the webhook outbox (issue 20): what writing a decision.changed event adds to the transaction that changes a
# decision, with 0 and with 3 matching subscriptions (outbox.cs), on PostgreSQL (a throwaway cluster, eng/postgres.sh) and
# on a SQLite file, RUNS times each on a fresh database.
#
#     bench/outbox/run.sh        # RUNS=3 N=2000
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ -z "${RELEASEGATE_TEST_POSTGRES:-}" ]; then
  exec "$repo/eng/postgres.sh" run -- "$0" "$@"
fi

runs=${RUNS:-3}
n=${N:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for kind in postgres sqlite; do
  for run in $(seq 1 "$runs"); do
    if [ "$kind" = sqlite ]; then
      db="$work/outbox-$run.db"
    else
      name="outbox_${run}_$RANDOM"
      psql -X -q -h 127.0.0.1 -p "$RELEASEGATE_PG_PORT" -U postgres -c "CREATE DATABASE $name" >/dev/null
      db="${RELEASEGATE_TEST_POSTGRES/Database=postgres/Database=$name}"
    fi
    echo "== $kind, run $run"
    dotnet run -c Release "$here/outbox.cs" -- "$db" "$n"
  done
done
