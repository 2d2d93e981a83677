#!/usr/bin/env bash
# Publishes the releasegate command the way it is meant to be installed: one native executable compiled ahead of time
# (Native AOT) for this machine's platform. It needs no .NET runtime, starts in about 40 ms and compiles nothing while
# it runs. The compile takes a few minutes and needs a C toolchain (clang, as Debian's clang package installs it) and, on
# Linux, the static SQLite library it links in (libsqlite3-dev). eng/release.sh builds the same executable into the
# release archive.
#
#     eng/publish.sh [OUTPUT_DIR]          # default artifacts/releasegate; prints the path of the command
#     MODE=r2r eng/publish.sh [OUTPUT_DIR] # instead: framework-dependent ReadyToRun (needs the .NET 10 runtime, no clang)
#
# Then run OUTPUT_DIR/releasegate, or put OUTPUT_DIR on PATH. The benchmarks (bench/) measure this build, and CI runs
# the command-line tests against it (RELEASEGATE_TEST_CLI).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/releasegate}
rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
log=$(mktemp)
trap 'rm -f "$log"' EXIT
case "${MODE:-aot}" in
  aot)
    # The AOT compiler links with clang; Debian may install it only under its versioned name.
    cc=$(command -v clang || ls /usr/bin/clang-[0-9]* 2>/dev/null | sort -V | tail -1 || true)
    if [ -z "$cc" ]; then
      echo "eng/publish.sh: Native AOT needs clang (apt-get install -y clang), or run MODE=r2r eng/publish.sh" >&2
      exit 2
    fi
    args=(-p:PublishAot=true "-p:CppCompilerAndLinker=$cc")
    ;;
  r2r)
    # Precompiled images left by a publish in another mode (bench/runner-vs-promptfoo's composite) would be taken as up to date.
    rm -rf "src/ReleaseGate.Cli/obj/Release/net10.0/$rid/R2R"
    args=(--self-contained false -p:PublishReadyToRun=true)
    ;;
  *) echo "eng/publish.sh: MODE must be aot or r2r" >&2; exit 2 ;;
esac
if ! dotnet publish src/ReleaseGate.Cli -c Release -r "$rid" "${args[@]}" -o "$out" --nologo -v q >"$log" 2>&1; then
  cat "$log" >&2
  exit 2
fi
echo "$(cd "$out" && pwd)/releasegate"
