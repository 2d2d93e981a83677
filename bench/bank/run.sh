#!/usr/bin/env bash
# Benchmark of the regression bank (issue 19), on PostgreSQL (a throwaway cluster, eng/postgres.sh) and on SQLite, against
# a fresh `releasegate serve` each run:
#   - bank.cs: adding one case at a time (fingerprint, de-duplication, ledger entry; every fifth a near-duplicate, linked),
#     p50/p99 beside the floor of one request (GET /health/live) in the same run; then filling the bank to TOTAL cases.
#   - exporting the TOTAL-case bank with `releasegate bank export -o FILE`, the whole process, EXPORTS times (median),
#     beside the floor of reading the same rows out of the database with the database's own client (sqlite3, psql \copy).
#     Fails when the export does not hold TOTAL cases.
#
#     bench/bank/run.sh        # RUNS=3 ADDS=2000 TOTAL=50000 EXPORTS=5; BIN=path/to/releasegate (default: eng/publish.sh's, else the Release build)
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

runs=${RUNS:-3}
adds=${ADDS:-2000}
total=${TOTAL:-50000}
exports=${EXPORTS:-5}
if [ -n "${BIN:-}" ]; then rg=("$BIN")
elif [ -x "$repo/artifacts/releasegate/releasegate" ]; then rg=("$repo/artifacts/releasegate/releasegate")
else rg=(dotnet "$repo/src/ReleaseGate.Cli/bin/Release/net10.0/releasegate.dll"); fi
echo "command: ${rg[*]}"
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }

for kind in postgres sqlite; do
  for run in $(seq 1 "$runs"); do
    if [ "$kind" = sqlite ]; then
      db="$work/rg-$run.db"
      floor=(sqlite3 "$db" "SELECT case_id, case_json, provenance_json FROM bank_cases ORDER BY case_id")
    else
      name="bank_${run}_$RANDOM"
      psql -X -q -h 127.0.0.1 -p "$RELEASEGATE_PG_PORT" -U postgres -c "CREATE DATABASE $name" >/dev/null
      db="${RELEASEGATE_TEST_POSTGRES/Database=postgres/Database=$name}"
      floor=(psql -X -q -h 127.0.0.1 -p "$RELEASEGATE_PG_PORT" -U postgres -d "$name"
        -c "\\copy (SELECT case_id, case_json, provenance_json FROM bank_cases ORDER BY case_id) TO '$work/copy.tsv'")
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    admin=$("${rg[@]}" user bootstrap --db "$db" --name admin 2>/dev/null)
    "${rg[@]}" serve --db "$db" --urls "http://127.0.0.1:$port" >"$work/serve.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
    echo "== $kind, run $run"
    dotnet run -c Release "$here/bank.cs" -- "http://127.0.0.1:$port" "$admin" "$adds" "$total"
    export_ms=() floor_ms=()
    for _ in $(seq 1 "$exports"); do
      export_ms+=("$(ms "${rg[@]}" bank export --workflow bench -o "$work/bank.yaml" --server "http://127.0.0.1:$port" --token "$admin")")
      floor_ms+=("$(ms "${floor[@]}")")
    done
    # A bank this large is exported as the suite file naming a JSONL case file beside it, one case a line.
    cases=$(wc -l <"$work/bank.cases.jsonl")
    grep -q 'case_files: \[bank.cases.jsonl\]' "$work/bank.yaml" || grep -q 'bank.cases.jsonl' "$work/bank.yaml" || { echo "the export's suite file does not name its case file" >&2; exit 1; }
    [ "$cases" = "$total" ] || { echo "the export holds $cases cases, not $total" >&2; exit 1; }
    e=$(printf '%s\n' "${export_ms[@]}" | median); f=$(printf '%s\n' "${floor_ms[@]}" | median)
    echo "export $total cases: median ${e} ms (runs: ${export_ms[*]}), $(du -m "$work/bank.cases.jsonl" | cut -f1) MB; reading the rows with the database's client: median ${f} ms; ratio $(awk -v a="$e" -v b="$f" 'BEGIN { printf "%.2f", a / b }')"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
  done
done
