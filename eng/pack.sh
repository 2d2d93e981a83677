#!/usr/bin/env bash
# Packs the releasegate command as a .NET tool, ReleaseGate.VERSION.nupkg (the version is Directory.Build.props'), and
# prints the package's path.
#
#     eng/pack.sh [OUTPUT_DIR [dotnet pack options...]]      # default artifacts/nupkg, -c Release
#     dotnet tool install -g ReleaseGate --add-source artifacts/nupkg --version VERSION
#
# The tool runs on the .NET 10 runtime; for one native executable without a runtime, see eng/release.sh. The tests pack
# the build they run on (ToolPackageTests: OUTPUT_DIR -c Debug --no-build).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/nupkg}
shift || true
[ $# -gt 0 ] || set -- -c Release
mkdir -p "$out"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! dotnet pack src/ReleaseGate.Cli -o "$out" --nologo -v q "$@" >"$log" 2>&1; then
  cat "$log" >&2
  exit 2
fi
version=$(dotnet msbuild src/ReleaseGate.Cli -getProperty:Version -nologo)
echo "$(cd "$out" && pwd)/ReleaseGate.$version.nupkg"
