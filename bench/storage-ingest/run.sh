#!/usr/bin/env bash
# Benchmark: `releasegate db ingest` of 1,000,000 results lines into SQLite and into PostgreSQL, each beside the database's
# own bulk loader measured in the same run on the same rows: `sqlite3 .import --csv` into an identical result_lines table
# (same columns, same primary key, WAL, synchronous=FULL) and `psql \copy ... (FORMAT csv)` into an identical table.
# Runs are interleaved; medians are reported; ratio = reference time / releasegate time (target: at least 0.5).
#
#     bench/storage-ingest/run.sh           # RUNS=3 LINES=1000000
#
# PostgreSQL is a throwaway cluster started by eng/postgres.sh (fsync=off, for both sides alike). Data is generated once
# into $RG_BENCH_DATA (default /tmp/releasegate-bench/storage-ingest). ReleaseGate's figure includes everything the
# command does: .NET start-up, the file digest (a first pass over the file), JSON parsing, the insert and the commit.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ -z "${RELEASEGATE_TEST_POSTGRES:-}" ]; then
  exec "$repo/eng/postgres.sh" run -- "$0" "$@"
fi

runs=${RUNS:-3}
lines=${LINES:-1000000}
data=${RG_BENCH_DATA:-/tmp/releasegate-bench}/storage-ingest/l$lines
work=$(mktemp -d /tmp/releasegate-ingest.XXXXXX)
trap 'rm -rf "$work"' EXIT
cli="$repo/src/ReleaseGate.Cli/bin/Release/net10.0/releasegate.dll"
pgbin=${RELEASEGATE_PG_BIN:-/usr/lib/postgresql/15/bin}
psql_base=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$RELEASEGATE_PG_PORT" -U postgres)

command -v sqlite3 >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q sqlite3; }
command -v psql >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-client; }

echo "building the CLI (Release)..." >&2
dotnet build "$repo/src/ReleaseGate.Cli" -c Release -nologo -v quiet >/dev/null
if [[ ! -f "$data/.complete" ]]; then
  echo "generating $lines lines into $data..." >&2
  rm -rf "$data"
  dotnet run "$here/generate.cs" -- "$data" "$lines" >&2
  touch "$data/.complete"
fi
cat "$data/lines.jsonl" "$data/lines.csv" >/dev/null   # page cache: measure the loaders, not the disk

# The reference tables: the result_lines definition from the migrations themselves.
table_sql() { sed -n '/^CREATE TABLE result_lines/,/^);/p' "$repo/src/ReleaseGate.Storage/Migrations/$1/0001_initial.sql"; }

# seconds COMMAND...: wall seconds of COMMAND (output discarded, failure fatal).
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/last.err" || { echo "failed: $*" >&2; cat "$work/last.err" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for run in $(seq 1 "$runs"); do
  echo "run $run of $runs..." >&2
  rm -f "$work"/rg.db* "$work"/ref.db*
  seconds dotnet "$cli" db ingest --db "$work/rg.db" --results "$data/lines.jsonl" --workflow bench --release "$run" >>"$work/sqlite-rg"
  sqlite3 "$work/ref.db" "PRAGMA journal_mode=WAL;" "$(table_sql Sqlite)" >/dev/null
  seconds sqlite3 -cmd "PRAGMA synchronous=FULL" "$work/ref.db" ".import --csv $data/lines.csv result_lines" >>"$work/sqlite-ref"
  [ "$(sqlite3 "$work/rg.db" 'SELECT count(*) FROM result_lines')" = "$lines" ] || { echo "releasegate stored a wrong count" >&2; exit 1; }
  [ "$(sqlite3 "$work/ref.db" 'SELECT count(*) FROM result_lines')" = "$lines" ] || { echo "sqlite3 imported a wrong count" >&2; exit 1; }

  "${psql_base[@]}" -d postgres -c "CREATE DATABASE rg_$run" -c "CREATE DATABASE ref_$run"
  seconds dotnet "$cli" db ingest --db "${RELEASEGATE_TEST_POSTGRES/Database=postgres/Database=rg_$run}" --results "$data/lines.jsonl" --workflow bench --release "$run" >>"$work/pg-rg"
  "${psql_base[@]}" -d "ref_$run" -c "$(table_sql Postgres)"
  seconds "${psql_base[@]}" -d "ref_$run" -c "\\copy result_lines FROM '$data/lines.csv' WITH (FORMAT csv)" >>"$work/pg-ref"
  [ "$("${psql_base[@]}" -d "rg_$run" -At -c 'SELECT count(*) FROM result_lines')" = "$lines" ] || { echo "releasegate stored a wrong count" >&2; exit 1; }
  [ "$("${psql_base[@]}" -d "ref_$run" -At -c 'SELECT count(*) FROM result_lines')" = "$lines" ] || { echo "psql copied a wrong count" >&2; exit 1; }
  "${psql_base[@]}" -d postgres -c "DROP DATABASE rg_$run" -c "DROP DATABASE ref_$run"
done

report() {
  local name=$1 ours ref
  ours=$(median <"$work/$2-rg"); ref=$(median <"$work/$2-ref")
  awk -v n="$name" -v o="$ours" -v r="$ref" -v l="$lines" -v a="$(tr '\n' ' ' <"$work/$2-rg")" -v b="$(tr '\n' ' ' <"$work/$2-ref")" \
    'BEGIN { printf "| %s | %.2f s (%s) | %.0f | %.2f s (%s) | %.0f | **%.2f** |\n", n, o, a, l / o, r, b, l / r, r / o }'
}
echo
echo "$lines lines, $runs runs, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| database | releasegate db ingest, median (runs) | lines/s | reference, median (runs) | lines/s | ratio (reference time / ours) |"
echo "| --- | --- | --- | --- | --- | --- |"
report "SQLite (reference: sqlite3 .import --csv)" sqlite
report "PostgreSQL 15 (reference: psql \\copy csv)" pg
