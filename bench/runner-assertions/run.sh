#!/usr/bin/env bash
# Runs bench.cs for 10,000 and 100,000 cases, each case with its own pattern and all cases with one, one process per
# measurement; then, with BEFORE=<git ref> (main, say), the same program built against that ref's Runner, extracted
# with `git archive` into a temporary folder (the checkout itself is not touched).
#
#     bench/runner-assertions/run.sh            # this checkout
#     BEFORE=main bench/runner-assertions/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sizes="${SIZES:-10000 100000}"

measure() {
  local program="$1" label="$2"
  dotnet build -c Release "$program" -v q -nologo >/dev/null
  for n in $sizes; do
    for mode in own shared; do
      echo "$label $(dotnet run -c Release --no-build "$program" -- "$n" "$mode")"
    done
  done
}

measure "$here/bench.cs" "after"

if [[ -n "${BEFORE:-}" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  git -C "$root" archive "$BEFORE" src/ReleaseGate.Core src/ReleaseGate.Runner Directory.Build.props Directory.Packages.props \
    global.json nuget.config .editorconfig | tar -x -C "$tmp"
  mkdir -p "$tmp/bench/runner-assertions"
  cp "$here/bench.cs" "$tmp/bench/runner-assertions/bench.cs"
  measure "$tmp/bench/runner-assertions/bench.cs" "before($BEFORE)"
fi
