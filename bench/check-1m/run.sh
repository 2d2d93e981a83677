#!/usr/bin/env bash
# Benchmark: `releasegate check` over 1,000,000 candidate and 1,000,000 baseline result lines (100k cases x 10
# repeats over 50 slices), beside the I/O floor of the same files measured in the same run, and the peak memory
# of check at 500k, 1M and 2M lines a side over the same 100k cases (it must stay flat: memory is bounded by
# cases, not lines).
#
#     bench/check-1m/run.sh            # RUNS=5 timed runs of each command, MEM_RUNS=3 at 500k and 2M lines
#     CLI=path/to/releasegate bench/check-1m/run.sh    # an executable published before (no publish)
#     PUBLISHED=0 bench/check-1m/run.sh                # the JIT build (dotnet build -c Release) instead
#
# By default it measures the command as it ships: eng/publish.sh, a Native AOT executable (a few minutes to publish).
#
# The data (about 1.5 GB) is generated once into $RG_BENCH_DATA (default: $TMPDIR or /tmp, releasegate-bench/
# check-1m) and kept for later runs. Every command runs once untimed first, so all of them read from the page
# cache: this measures the CPU work of each, not the disk. Medians are reported; wall time comes from
# date +%s.%N, CPU time (user + sys) and peak RSS from /usr/bin/time.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
data=${RG_BENCH_DATA:-${TMPDIR:-/tmp}/releasegate-bench/check-1m}
runs=${RUNS:-5}
mem_runs=${MEM_RUNS:-3}
cases=100000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ -n "${CLI:-}" ]]; then
    rg=("$CLI")
elif [[ "${PUBLISHED:-1}" == 1 ]]; then
    echo "publishing the CLI (eng/publish.sh)..." >&2
    rg=("$("$repo/eng/publish.sh" "$work/cli")")
else
    echo "building the CLI (Release)..." >&2
    dotnet build "$repo/src/ReleaseGate.Cli" -c Release -nologo -v quiet >/dev/null
    rg=(dotnet "$repo/src/ReleaseGate.Cli/bin/Release/net10.0/releasegate.dll")
fi

# dataset REPEATS: the folder of 100k cases x REPEATS lines a side, generated when absent.
dataset() {
    local dir="$data/c$cases-r$1"
    if [[ ! -f "$dir/.complete" ]]; then
        echo "generating $dir..." >&2
        rm -rf "$dir"
        dotnet run "$here/generate.cs" -- "$dir" "$cases" "$1" >&2
        touch "$dir/.complete"
    fi
    echo "$dir"
}

# measure OUT_FILE COMMAND...: runs the command once and appends "wall_s cpu_s max_rss_kb" to OUT_FILE.
# check exits 1 when the gate blocks, which is fine here; 2 or more means bad input or a crash.
measure() {
    local out=$1 usage start end status
    shift
    usage=$(mktemp)
    start=$(date +%s.%N)
    set +e
    /usr/bin/time -f '%U %S %M' -o "$usage" "$@" >/dev/null 2>"$usage.err"
    status=$?
    set -e
    end=$(date +%s.%N)
    if ((status > 1)); then
        echo "failed ($status): $*" >&2
        cat "$usage.err" >&2
        exit 1
    fi
    # GNU time writes "Command exited with non-zero status 1" first when check blocks: the figures are last.
    read -r user sys rss < <(tail -n 1 "$usage")
    awk -v s="$start" -v e="$end" -v u="$user" -v y="$sys" -v r="$rss" 'BEGIN { printf "%.3f %.2f %d\n", e - s, u + y, r }' >>"$out"
    rm -f "$usage" "$usage.err"
}

# median FILE COLUMN
median() {
    cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

check() {
    "${rg[@]}" check --gate "$1/gate.yaml" --results "$1/candidate.jsonl" --baseline-results "$1/baseline.jsonl"
}

d10=$(dataset 10)
d5=$(dataset 5)
d20=$(dataset 20)

machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ { print $2 }') GB RAM; .NET SDK $(dotnet --version)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "machine: $machine; data in $data" >&2

# One untimed run of everything, so every file is in the page cache and the CLI's first-run costs are paid.
cat "$d10"/*.jsonl "$d5"/*.jsonl "$d20"/*.jsonl >/dev/null
check "$d10" >/dev/null || true

echo "timing: $runs runs each at 1M + 1M lines..." >&2
for ((i = 1; i <= runs; i++)); do
    measure "$work/cat" cat "$d10/candidate.jsonl" "$d10/baseline.jsonl"
    measure "$work/wc" wc -l "$d10/candidate.jsonl" "$d10/baseline.jsonl"
    measure "$work/startup" "${rg[@]}" --version
    measure "$work/check-r10" "${rg[@]}" check --gate "$d10/gate.yaml" --results "$d10/candidate.jsonl" --baseline-results "$d10/baseline.jsonl"
done

echo "memory: $mem_runs runs each at 500k + 500k and 2M + 2M lines..." >&2
for r in 5 20; do
    dir=$d5
    [[ $r == 20 ]] && dir=$d20
    check "$dir" >/dev/null || true
    for ((i = 1; i <= mem_runs; i++)); do
        measure "$work/check-r$r" "${rg[@]}" check --gate "$dir/gate.yaml" --results "$dir/candidate.jsonl" --baseline-results "$dir/baseline.jsonl"
    done
done

mb() { du -cm "$@" | tail -1 | cut -f1; }
floor=$(median "$work/cat" 1)
echo "machine: $machine"
echo "cli: ${rg[*]}"
echo "load average (1, 5, 15 min) before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "1,000,000 + 1,000,000 lines ($(mb "$d10"/*.jsonl) MB), $cases cases x 10 repeats, 50 slices; medians of $runs runs:"
echo
echo "| command | wall (s) | CPU user+sys (s) | peak RSS (MB) | wall / cat |"
echo "| --- | ---: | ---: | ---: | ---: |"
for name in cat wc startup check-r10; do
    label=$name
    case $name in
        cat) label='`cat` both files > /dev/null (I/O floor)' ;;
        wc) label='`wc -l` both files' ;;
        startup) label='`releasegate --version` (runtime start-up)' ;;
        check-r10) label='`releasegate check`' ;;
    esac
    wall=$(median "$work/$name" 1)
    awk -v l="$label" -v w="$wall" -v c="$(median "$work/$name" 2)" -v r="$(median "$work/$name" 3)" -v f="$floor" \
        'BEGIN { printf "| %s | %.3f | %.2f | %.0f | %.1f |\n", l, w, c, r / 1024, w / f }'
done
echo
echo "Peak memory of \`releasegate check\` by lines, same $cases cases (medians of $mem_runs, $runs for 1M):"
echo
echo "| lines a side | repeats | data (MB) | wall (s) | CPU user+sys (s) | peak RSS (MB) |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
for r in 5 10 20; do
    dir=$data/c$cases-r$r
    awk -v n=$((cases * r)) -v r="$r" -v m="$(mb "$dir"/*.jsonl)" -v w="$(median "$work/check-r$r" 1)" \
        -v c="$(median "$work/check-r$r" 2)" -v k="$(median "$work/check-r$r" 3)" \
        'BEGIN { printf "| %d | %d | %d | %.3f | %.2f | %.0f |\n", n, r, m, w, c, k / 1024 }'
done
echo
echo "raw runs (wall_s cpu_s max_rss_kb):"
for f in "$work"/*; do echo "  $(basename "$f"): $(paste -sd';' "$f")"; done
