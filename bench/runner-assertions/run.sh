#!/usr/bin/env bash
# Runs bench.cs for 10,000 and 100,000 cases, each case with its own pattern (an everyday one, and one the runner
# matches on the non-backtracking engine) and all cases with one, one process per
# measurement; then, with BEFORE=<git ref> (main, say), the same program built against that ref's Runner, extracted
# with `git archive` into a temporary folder (the checkout itself is not touched). A Runner that keeps every pattern's
# matcher needs gigabytes for 10,000 patterns of their own, so the other build measures BEFORE_SIZES (10,000 unless
# set) with patterns of their own, and every size with a shared pattern.
#
#     bench/runner-assertions/run.sh            # this checkout
#     BEFORE=main bench/runner-assertions/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sizes="${SIZES:-10000 100000}"

measure() {
  local program="$1" label="$2" own_sizes="$3"
  dotnet build -c Release "$program" -v q -nologo >/dev/null
  for n in $sizes; do
    for mode in own shared risky; do
      if [[ $mode == shared || " $own_sizes " == *" $n "* ]]; then
        echo "$label $(dotnet run -c Release --no-build "$program" -- "$n" "$mode")"
      fi
    done
  done
}

measure "$here/bench.cs" "after" "$sizes"

if [[ -n "${BEFORE:-}" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  git -C "$root" archive "$BEFORE" src/Directory.Build.props src/ReleaseGate.Core src/ReleaseGate.Runner Directory.Build.props Directory.Packages.props \
    global.json nuget.config .editorconfig | tar -x -C "$tmp"
  mkdir -p "$tmp/bench/runner-assertions"
  cp "$here/bench.cs" "$tmp/bench/runner-assertions/bench.cs"
  measure "$tmp/bench/runner-assertions/bench.cs" "before($BEFORE)" "${BEFORE_SIZES:-10000}"
fi
