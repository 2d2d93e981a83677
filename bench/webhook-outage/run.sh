#!/usr/bin/env bash
# Benchmark of webhook delivery through a receiver outage (issue 20), on PostgreSQL (a throwaway cluster, eng/postgres.sh)
# and on SQLite, against a fresh `releasegate serve` each: outage.cs queues the events of RELEASES releases while its
# receiver is down for OUTAGE seconds, then brings the receiver up and reports when the last event arrived and how many
# requests were duplicates. Fails when an event is missing, unexpected, badly signed or dead.
#
#     bench/webhook-outage/run.sh    # RELEASES=100 OUTAGE=60; BIN=path/to/releasegate (default: eng/publish.sh's, else the Release build)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ -z "${RELEASEGATE_TEST_POSTGRES:-}" ]; then
  if [ -z "${BIN:-}" ] && [ ! -x "$repo/artifacts/releasegate/releasegate" ]; then
    echo "building the CLI (Release)..." >&2
    dotnet build "$repo/src/ReleaseGate.Cli" -c Release -nologo -v quiet >/dev/null
  fi
  exec "$repo/eng/postgres.sh" run -- "$0" "$@"
fi

releases=${RELEASES:-100}
outage=${OUTAGE:-60}
if [ -n "${BIN:-}" ]; then rg=("$BIN")
elif [ -x "$repo/artifacts/releasegate/releasegate" ]; then rg=("$repo/artifacts/releasegate/releasegate")
else rg=(dotnet "$repo/src/ReleaseGate.Cli/bin/Release/net10.0/releasegate.dll"); fi
echo "command: ${rg[*]}"
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

for kind in postgres sqlite; do
  if [ "$kind" = sqlite ]; then
    db="$work/rg.db"
  else
    name="outage_$RANDOM"
    psql -X -q -h 127.0.0.1 -p "$RELEASEGATE_PG_PORT" -U postgres -c "CREATE DATABASE $name" >/dev/null
    db="${RELEASEGATE_TEST_POSTGRES/Database=postgres/Database=$name}"
  fi
  port=$(free_port)
  receiver=$(free_port)
  admin=$("${rg[@]}" user bootstrap --db "$db" --name admin 2>/dev/null)
  "${rg[@]}" serve --db "$db" --urls "http://127.0.0.1:$port" >"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
  echo "== $kind"
  dotnet run "$here/outage.cs" -- "http://127.0.0.1:$port" "$admin" "$receiver" "$releases" "$outage"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
done
