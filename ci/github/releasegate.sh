#!/usr/bin/env bash
# The GitHub Action's work (action.yml at the repository root calls it; it runs anywhere bash, curl and jq do):
# decides with `releasegate check` on local files, or submits to a ReleaseGate server and waits with `status --wait`;
# then writes the decision to the step summary, the JUnit report (check), the step's outputs, and one sticky
# pull-request comment. Exits with releasegate's exit code: 0 pass (or only people pending), 1 blocked or rejected,
# 2 bad input, 3 still pending when the wait ran out (submit with wait).
#
# Environment (action.yml maps its inputs onto these; docs/ci.md describes each):
#   RELEASEGATE            the command: a path, or a command line such as "dotnet path/releasegate.dll"; default releasegate
#   RELEASEGATE_MODE       check (default) or submit
#   RELEASEGATE_GATE RELEASEGATE_RESULTS RELEASEGATE_BASELINE_RESULTS RELEASEGATE_RELEASE RELEASEGATE_BASELINE_RELEASE
#   RELEASEGATE_WAIVERS    files; the results lists are separated by spaces or new lines
#   RELEASEGATE_ARGS       more arguments for check or submit, split on spaces
#   RELEASEGATE_JUNIT      where check writes the JUnit report (default releasegate-junit.xml; empty: none)
#   RELEASEGATE_SERVER RELEASEGATE_TOKEN   the server and its token (submit), read by releasegate itself
#   RELEASEGATE_WAIT       true (default) to wait for the final decision after submit; RELEASEGATE_WAIT_TIMEOUT hh:mm:ss
#   RELEASEGATE_COMMENT    true to write the pull-request comment (needs GITHUB_TOKEN), false not to; default true on a
#                          pull request. RELEASEGATE_PR overrides the number read from GITHUB_EVENT_PATH.
#   GITHUB_STEP_SUMMARY GITHUB_OUTPUT GITHUB_EVENT_PATH GITHUB_API_URL GITHUB_REPOSITORY   as GitHub sets them
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The command: one executable path (spaces allowed), or a command line of words.
if [ -x "${RELEASEGATE:-}" ] && [ ! -d "${RELEASEGATE:-}" ]; then
  rg=("$RELEASEGATE")
else
  read -r -a rg <<<"${RELEASEGATE:-releasegate}"
fi
words() { tr '\n' ' ' <<<"${1:-}"; }
read -r -a results <<<"$(words "${RELEASEGATE_RESULTS:-}")"
read -r -a baseline_results <<<"$(words "${RELEASEGATE_BASELINE_RESULTS:-}")"
read -r -a extra <<<"${RELEASEGATE_ARGS:-}"
mode=${RELEASEGATE_MODE:-check}
junit=${RELEASEGATE_JUNIT-releasegate-junit.xml}

# Markdown: HTML-escaped text, safe inside <pre> whatever the output holds (backticks included).
escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }
report="$work/report.md"
verdict=error

case "$mode" in
  check)
    : "${RELEASEGATE_GATE:?RELEASEGATE_GATE (the gate file) is required for check}"
    args=(check --gate "$RELEASEGATE_GATE")
    [ ${#results[@]} -gt 0 ] && args+=(--results "${results[@]}")
    [ ${#baseline_results[@]} -gt 0 ] && args+=(--baseline-results "${baseline_results[@]}")
    [ -n "${RELEASEGATE_RELEASE:-}" ] && args+=(--release "$RELEASEGATE_RELEASE")
    [ -n "${RELEASEGATE_BASELINE_RELEASE:-}" ] && args+=(--baseline-release "$RELEASEGATE_BASELINE_RELEASE")
    [ -n "${RELEASEGATE_WAIVERS:-}" ] && args+=(--waivers "$RELEASEGATE_WAIVERS")
    args+=("${extra[@]}")
    # The three reports are one decision: the same decision time for each, unless the caller fixed one.
    [[ " ${extra[*]} " == *" --now "* ]] || args+=(--now "$(date -u +%Y-%m-%dT%H:%M:%SZ)")
    "${rg[@]}" "${args[@]}" --format markdown --output "$report" 2>"$work/errors"
    code=$?
    cat "$work/errors" >&2
    if [ "$code" -le 1 ] && [ -s "$report" ]; then
      # Exits 1 when blocked, like the markdown run: the file is what counts.
      "${rg[@]}" "${args[@]}" --format json --output "$work/decision.json" >/dev/null 2>&1
      [ -s "$work/decision.json" ] && verdict=$(jq -r '.verdict // "error"' "$work/decision.json")
      if [ -n "$junit" ]; then
        "${rg[@]}" "${args[@]}" --format junit --output "$junit" >/dev/null 2>&1 || echo "::warning::the JUnit report could not be written to $junit"
      fi
    else
      { echo "### ReleaseGate could not decide (exit $code)"; echo; echo "<pre>"; escape <"$work/errors"; echo "</pre>"; } >"$report"
    fi
    ;;
  submit)
    : "${RELEASEGATE_RELEASE:?RELEASEGATE_RELEASE (the release manifest) is required for submit}"
    args=(submit --release "$RELEASEGATE_RELEASE")
    [ ${#results[@]} -gt 0 ] && args+=(--results "${results[@]}")
    [ ${#baseline_results[@]} -gt 0 ] && args+=(--baseline-results "${baseline_results[@]}")
    args+=("${extra[@]}")
    "${rg[@]}" "${args[@]}" >"$work/submitted" 2>"$work/errors"
    code=$?
    cat "$work/submitted"
    cat "$work/errors" >&2
    # submit's first line: "VERDICT: workflow version (release ID)"
    id=$(head -1 "$work/submitted" | sed -n 's/.*(release \([0-9][0-9]*\))$/\1/p')
    printed="$work/submitted"
    if [ "$code" -le 1 ] && [ -n "$id" ] && [ "${RELEASEGATE_WAIT:-true}" = true ]; then
      "${rg[@]}" status --release "$id" --wait --timeout "${RELEASEGATE_WAIT_TIMEOUT:-00:30:00}" >"$work/status" 2>>"$work/errors"
      code=$?
      cat "$work/status"
      printed="$work/status"
    fi
    if [ -n "$id" ]; then
      verdict=$(head -1 "$printed" | sed -n 's/^\([A-Z]*\):.*/\1/p' | tr '[:upper:]' '[:lower:]')
      { echo "### ReleaseGate: ${verdict^^}"; echo; echo "<pre>"; escape <"$printed"; echo "</pre>"; } >"$report"
    else
      { echo "### ReleaseGate could not submit (exit $code)"; echo; echo "<pre>"; escape <"$work/errors"; echo "</pre>"; } >"$report"
    fi
    ;;
  *)
    echo "::error::mode must be check or submit, not '$mode'" >&2
    exit 2
    ;;
esac

[ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "$report" >>"$GITHUB_STEP_SUMMARY"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  { echo "verdict=${verdict:-error}"; echo "exit-code=$code"; [ "$mode" = check ] && [ -n "$junit" ] && [ -f "$junit" ] && echo "junit=$junit"; } >>"$GITHUB_OUTPUT"
fi

# The pull request: given, or the one this workflow runs for.
pr=${RELEASEGATE_PR:-}
if [ -z "$pr" ] && [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ]; then
  pr=$(jq -r '.pull_request.number // empty' "$GITHUB_EVENT_PATH")
fi
comment=${RELEASEGATE_COMMENT:-}
[ -z "$comment" ] && { [ -n "$pr" ] && comment=true || comment=false; }
if [ "$comment" = true ]; then
  if [ -z "$pr" ]; then
    echo "::warning::no pull request to comment on (set the pr input)"
  elif [ -z "${GITHUB_TOKEN:-}" ]; then
    echo "::warning::no GITHUB_TOKEN: the pull-request comment was not written"
  # A refused comment (a fork's read-only token) must not hide the gate's own verdict: warn, and exit with the verdict.
  elif ! RELEASEGATE_PR=$pr "$here/sticky-comment.sh" "$report"; then
    echo "::warning::the pull-request comment could not be written"
  fi
fi
exit "$code"
