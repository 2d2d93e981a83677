#!/usr/bin/env bash
# Builds the release archive of the releasegate command for one platform: the self-contained single-file executable
# compiled with Native AOT, SQLite linked in, without debug symbols, with LICENSE and README.md beside it.
#
#     eng/release.sh [RID]        # default: this machine's platform (linux-x64 here); prints the path of the archive
#
# writes artifacts/release/releasegate-VERSION-RID.tar.gz, holding one folder releasegate-VERSION-RID/ with
# releasegate, LICENSE and README.md. On Linux, SQLite comes from the system's static library (libsqlite3-dev, see
# src/ReleaseGate.Cli/ReleaseGate.Cli.csproj); elsewhere the e_sqlite3 library the publish copies sits beside the
# executable, where the executable looks first. Native AOT compiles for the platform it runs on: build each platform's
# archive on that platform. Needs clang, like eng/publish.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
rid=${1:-$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')}
cc=$(command -v clang || ls /usr/bin/clang-[0-9]* 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$cc" ]; then
  echo "eng/release.sh: Native AOT needs clang (apt-get install -y clang)" >&2
  exit 2
fi
version=$(dotnet msbuild src/ReleaseGate.Cli -getProperty:Version -nologo)
name="releasegate-$version-$rid"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# No symbols anywhere: StripSymbols would leave a .dbg file beside the executable, DebugType none writes no .pdb, and
# only the executable is taken from the publish folder (no .xml documentation, no .dbg).
if ! dotnet publish src/ReleaseGate.Cli -c Release -r "$rid" -p:PublishAot=true "-p:CppCompilerAndLinker=$cc" \
    -p:StripSymbols=true -p:DebugType=none -p:DebugSymbols=false \
    -o "$work/publish" --nologo -v q >"$work/log" 2>&1; then
  cat "$work/log" >&2
  exit 2
fi
mkdir -p "$work/$name" artifacts/release
exe=releasegate
case "$rid" in win-*) exe=releasegate.exe ;; esac
cp "$work/publish/$exe" LICENSE README.md "$work/$name/"
# Where SQLite is not linked in (not Linux), the publish put its library beside the executable: ship it there.
case "$rid" in
  linux-*) ;;
  *) find "$work/publish" -maxdepth 1 -name '*e_sqlite3.*' ! -name '*.dbg' ! -name '*.pdb' -exec cp {} "$work/$name/" \; ;;
esac
archive="artifacts/release/$name.tar.gz"
tar -C "$work" -czf "$archive" "$name"
echo "$(pwd)/$archive"
