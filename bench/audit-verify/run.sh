#!/usr/bin/env bash
# Benchmark: `releasegate audit verify` over a ledger of 1,000,000 entries (target: at least 500,000 entries/s), on SQLite
# and on PostgreSQL, beside the floor measured in the same run: the database's own client reading the same columns of every
# row (sqlite3 / psql summing their lengths), and `releasegate --version` (runtime start-up).
#
#     bench/audit-verify/run.sh             # RUNS=5 ENTRIES=1000000 PUBLISHED=1
#
# The ledger is written by seed.cs (chained with the product's LedgerHash, bulk-inserted); the SQLite file is kept in
# $RG_BENCH_DATA (default /tmp/releasegate-bench/audit-verify), PostgreSQL is a throwaway cluster (eng/postgres.sh).
# Reported: wall time of the whole command (median), entries/s over that wall time, the rate verify reports for its walk
# alone (excluding start-up), and entries/s per CPU-second (user + sys), which a loaded machine disturbs least.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ -z "${RELEASEGATE_TEST_POSTGRES:-}" ]; then
  exec "$repo/eng/postgres.sh" run -- "$0" "$@"
fi

runs=${RUNS:-5}
entries=${ENTRIES:-1000000}
data=${RG_BENCH_DATA:-/tmp/releasegate-bench}/audit-verify
work=$(mktemp -d /tmp/releasegate-verify.XXXXXX)
trap 'rm -rf "$work"' EXIT
pgdb="${RELEASEGATE_TEST_POSTGRES/Database=postgres/Database=ledger}"
psql_base=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$RELEASEGATE_PG_PORT" -U postgres)
columns="sum(length(time::text) + length(actor) + length(type) + length(subject) + length(payload) + length(prev_hash) + length(hash))"

command -v sqlite3 >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q sqlite3; }

# The CLI as it is installed (eng/publish.sh: Native AOT by default, MODE=r2r for ReadyToRun); PUBLISHED=0 measures the
# plain build output instead. Either way "${rg[@]}" runs it.
if [ "${PUBLISHED:-1}" = 1 ]; then
  echo "publishing the CLI (eng/publish.sh)..." >&2
  exe=$("$repo/eng/publish.sh" "$work/cli")
  if [ -f "$exe.dll" ]; then rg=(dotnet "$exe.dll"); else rg=("$exe"); fi
else
  echo "building the CLI (Release)..." >&2
  dotnet build "$repo/src/ReleaseGate.Cli" -c Release -nologo -v quiet >/dev/null
  rg=(dotnet "$repo/src/ReleaseGate.Cli/bin/Release/net10.0/releasegate.dll")
fi
mkdir -p "$data"
if [[ ! -f "$data/ledger-$entries.complete" ]]; then
  echo "seeding $entries entries into $data/ledger-$entries.db..." >&2
  rm -f "$data/ledger-$entries.db"*
  dotnet run "$here/seed.cs" -- "$data/ledger-$entries.db" "$entries" >&2
  touch "$data/ledger-$entries.complete"
fi
"${psql_base[@]}" -d postgres -c "CREATE DATABASE ledger"
echo "seeding $entries entries into PostgreSQL..." >&2
dotnet run "$here/seed.cs" -- "$pgdb" "$entries" >&2
cat "$data/ledger-$entries.db" >/dev/null

# measure NAME COMMAND...: appends "wall cpu" to $work/NAME; keeps the command's standard output in $work/NAME.out.
measure() {
  local name=$1 start end
  shift
  start=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$work/time" "$@" >"$work/$name.out" 2>"$work/$name.err" || { echo "failed: $*" >&2; cat "$work/$name.err" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" '{ printf "%.3f %.3f\n", b - a, $1 + $2 }' "$work/time" >>"$work/$name"
  grep -o '([0-9,]* entries/s)' "$work/$name.out" | tr -d '(),' | awk '{ print $1 }' >>"$work/$name.rate" || true
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for run in $(seq 1 "$runs"); do
  echo "run $run of $runs..." >&2
  measure startup "${rg[@]}" --version
  measure sqlite-verify "${rg[@]}" audit verify --db "$data/ledger-$entries.db"
  measure sqlite-floor sqlite3 "$data/ledger-$entries.db" "SELECT ${columns//::text/} FROM ledger"
  measure pg-verify "${rg[@]}" audit verify --db "$pgdb"
  measure pg-floor "${psql_base[@]}" -d ledger -At -c "SELECT $columns FROM ledger"
done

row() {
  local label=$1 name=$2 wall cpu rate
  wall=$(cut -d' ' -f1 "$work/$name" | median); cpu=$(cut -d' ' -f2 "$work/$name" | median)
  rate=$( [ -s "$work/$name.rate" ] && median <"$work/$name.rate" || echo "")
  awk -v l="$label" -v w="$wall" -v c="$cpu" -v n="$entries" -v r="$rate" -v all="$(cut -d' ' -f1 "$work/$name" | tr '\n' ' ')" \
    'BEGIN { printf "| %s | %.2f s (%s) | %s | %s | %s |\n", l, w, all, (l ~ /start-up/ ? "" : sprintf("%.0f", n / w)), (r == "" ? "" : sprintf("%.0f", r)), (l ~ /start-up/ || c == 0 ? sprintf("%.2f s", c) : sprintf("%.0f (%.2f s)", n / c, c)) }'
}
echo
echo "$entries entries, $runs runs, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| command | wall, median (runs) | entries/s (wall) | entries/s (walk only, as verify reports) | entries per CPU-second (CPU s) |"
echo "| --- | --- | --- | --- | --- |"
row "releasegate --version (start-up)" startup
row "releasegate audit verify, SQLite" sqlite-verify
row "sqlite3 reading the same columns (floor)" sqlite-floor
row "releasegate audit verify, PostgreSQL" pg-verify
row "psql reading the same columns (floor)" pg-floor
