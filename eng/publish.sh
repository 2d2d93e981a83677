#!/usr/bin/env bash
# Publishes the releasegate command the way it is meant to be installed: framework-dependent (it needs the .NET 10
# runtime, not the SDK), for this machine's platform, and ReadyToRun — precompiled, so a short command does not spend
# its first second compiling itself. The CLI's project turns tiered recompilation off for such a build: the
# precompiled code is kept (ReleaseGate.Cli.csproj).
#
#     eng/publish.sh [OUTPUT_DIR]          # default artifacts/releasegate; prints the path of the command
#
# Then run OUTPUT_DIR/releasegate, or put OUTPUT_DIR on PATH. The benchmarks (bench/) measure this build.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/releasegate}
rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Precompiled images left by a publish in another mode (bench/runner-vs-promptfoo's composite) would be taken as up to date.
rm -rf "src/ReleaseGate.Cli/obj/Release/net10.0/$rid/R2R"
if ! dotnet publish src/ReleaseGate.Cli -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
    -o "$out" --nologo -v q >"$log" 2>&1; then
  cat "$log" >&2
  exit 2
fi
echo "$(cd "$out" && pwd)/releasegate"
