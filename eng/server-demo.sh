#!/usr/bin/env bash
# The example workflow on the server: starts `releasegate serve` on a fresh SQLite file, creates the first admin,
# registers the example's gate, runs the example's evals against mock-model (candidate and baseline side by side),
# submits the candidate release with its results, prints the server's decision and where to look, and keeps the
# server up until Ctrl-C. No API key, no database to install.
#
# With --loop it plays the second act without a person: the fix (2026.11.1) is run and submitted, scripted reviewers
# take the expert-review queue (one of them disagrees once, so an adjudicator settles that item), the approvers sign off,
# and the fix ships.
#
#   eng/server-demo.sh               # serves on http://127.0.0.1:8080 (PORT=... to change)
#   eng/server-demo.sh --exit        # stop once the decision is printed (used by the tests)
#   eng/server-demo.sh --loop [--exit]   # ...then the fix, its reviews, approvals and ship
set -uo pipefail
loop=0 stop=0
for arg in "$@"; do
  case "$arg" in
    --loop) loop=1 ;;
    --exit) stop=1 ;;
    *) echo "usage: $0 [--loop] [--exit]" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
ex=examples/support-agent
port=${PORT:-8080}
build_log=$(mktemp)
if ! dotnet build src/ReleaseGate.Cli -c Release --nologo -v q >"$build_log" 2>&1; then
  cat "$build_log"; rm -f "$build_log"; exit 2
fi
rm -f "$build_log"
rg=(dotnet src/ReleaseGate.Cli/bin/Release/net10.0/releasegate.dll)
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "port $port is in use; run with PORT=another-port $0" >&2; exit 2
fi
token=$("${rg[@]}" user bootstrap --db "$work/releasegate.db" --name demo-admin 2>/dev/null) || { echo "bootstrap failed" >&2; exit 2; }
"${rg[@]}" serve --db "$work/releasegate.db" --urls "http://127.0.0.1:$port" --scheduler-interval 1 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 300); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { echo "the server did not start:" >&2; cat "$work/serve.log" >&2; exit 2; }
  sleep 0.1
done
export RELEASEGATE_SERVER="http://127.0.0.1:$port" RELEASEGATE_TOKEN="$token"

echo "== server on $RELEASEGATE_SERVER (SQLite: $work/releasegate.db); admin token for this demo: $token"
echo "== workflow register"
gate="$ex/gate.yaml"
if [ "$loop" = 1 ]; then
  # The governance stage escalates to the CTO office after 48 hours; the demo registers the gate with 5 seconds instead,
  # from a copy of the example, so that the escalation fires while you watch.
  cp -r "$ex" "$work/example"
  sed -i 's/escalate: { after: 48h, to: cto-office }/escalate: { after: 5s, to: cto-office }/' "$work/example/gate.yaml"
  grep -q 'after: 5s, to: cto-office' "$work/example/gate.yaml" || { echo "the demo could not shorten the escalation" >&2; exit 2; }
  echo "   (the governance escalation shortened from 48h to 5s for the demo)"
  gate="$work/example/gate.yaml"
fi
"${rg[@]}" workflow register --gate "$gate" || exit $?
echo
echo "== eval run: candidate and baseline against mock-model"
"$ex/run-evals.sh" "$work/results" || exit $?
echo
echo "== submit the candidate with its results"
"${rg[@]}" submit --release "$ex/releases/candidate.yaml" --results "$work/results/support-core.jsonl" "$work/results/regressions.jsonl"
status=$?

if [ "$loop" = 1 ]; then
  echo
  echo "== the people the gate names: three support experts, a support lead, security and two from AI governance"
  for group in support-experts support-leads security-team ai-governance cto-office; do
    "${rg[@]}" group add "$group" >/dev/null || exit 2
  done
  declare -A token
  person() {   # name group scope
    "${rg[@]}" user add "$1" --group "$2" >/dev/null || exit 2
    token[$1]=$("${rg[@]}" token create --user "$1" --scope "$3" 2>/dev/null) || exit 2
  }
  person ana support-experts review; person ben support-experts review; person cai support-experts review
  person lee support-leads approve; person sam security-team approve; person gia ai-governance approve; person cleo cto-office approve

  echo
  echo "== the product lead rejects 2026.11.0 for its refund regression"
  "${rg[@]}" reject --release 1 --stage product --comment "refund regression; superseded by the fix" --token "${token[lee]}" | head -1
  echo
  echo
  echo "== the regression becomes a permanent case of the bank: one of the refund questions 2026.11.0 failed"
  "${rg[@]}" bank add --workflow support-agent --from 2026.11.0 --case refund-004 --id inc-2461 --incident INC-2461 --severity high \
    --reason "2026.11.0 offered store credit where the policy refunds; the refund rule must never go missing again" || exit $?
  "${rg[@]}" bank export --workflow support-agent -o "$work/bank.yaml" || exit $?
  echo
  echo "== the fix, 2026.11.1: the refund rule back in the prompt; eval run against mock-model, replaying the exported bank"
  "$ex/run-evals.sh" "$work/fix" --release fix --bank "$work/bank.yaml" >/dev/null || exit $?
  echo "== submit the fix"
  "${rg[@]}" submit --release "$ex/releases/fix.yaml" --results "$work/fix/support-core.jsonl" "$work/fix/regressions.jsonl"
  # A scripted reviewer: takes items until none waits for them, and agrees with the automated outcome, except that ben
  # passes the first failure he is given: that item is disputed, and a third expert settles it.
  review() {
    local who=$1 out id reason verdict comment flag
    while out=$("${rg[@]}" review next --token "${token[$who]}" 2>/dev/null); do
      id=$(sed -n 's/^review item \([0-9]*\):.*/\1/p' <<<"$out" | head -1)
      reason=$(sed -n 's/.*sampled as \([a-z]*\)).*/\1/p' <<<"$out" | head -1)
      verdict=pass comment="answers as the policy says"
      if [ "$reason" = failure ]; then verdict=fail comment="confirms the automated failure"; fi
      if grep -q "settle the dispute" <<<"$out"; then verdict=fail comment="the answer is wrong; the automated failure stands"; fi
      flag=()   # cai asks for the first failure she confirms to join the regression bank
      if [ "$who" = cai ] && [ "$verdict" = fail ] && [ ! -e "$work/cai-flagged" ]; then touch "$work/cai-flagged"; flag=(--add-to-bank); fi
      if [ "$who" = ben ] && [ "$reason" = failure ] && [ ! -e "$work/ben-disagreed" ]; then
        touch "$work/ben-disagreed"; verdict=pass comment="reads as acceptable to me"
      fi
      "${rg[@]}" review submit "$id" --verdict "$verdict" --comment "$comment" "${flag[@]}" --token "${token[$who]}" >/dev/null || return 2
      if grep -q "settle the dispute" <<<"$out"; then
        echo "   $who settled the dispute over item $id ($verdict: $comment)"
      elif [ "$verdict" = pass ] && [ "$reason" = failure ]; then
        echo "   $who passed item $id, an automated failure ($comment)"
      fi
    done
  }
  echo "== scripted reviewers take the expert-review queue"
  for round in 1 2; do   # the second round settles what the first left disputed
    review ana >"$work/ana.log" & a=$!; review ben >"$work/ben.log" & b=$!; review cai >"$work/cai.log" & c=$!
    wait $a $b $c
    cat "$work/ana.log" "$work/ben.log" "$work/cai.log"
  done
  "${rg[@]}" review list --release 2 | awk -F'\t' 'NR > 1 { n[$8]++; v += substr($7, 1, index($7, "/") - 1) } END { for (s in n) printf "   %d items %s, %d verdicts\n", n[s], s, v }'
  echo
  echo "== approvals: product, security (the release adds a tool), governance (two people; only gia is in)"
  "${rg[@]}" approve --release 2 --stage product --comment "reviews are clean; refunds fixed" --token "${token[lee]}" >/dev/null
  "${rg[@]}" approve --release 2 --stage security --comment "the order-lookup tool is read-only" --token "${token[sam]}" >/dev/null
  "${rg[@]}" approve --release 2 --stage governance --comment "risk accepted" --token "${token[gia]}" >/dev/null
  echo
  echo "== nobody else from AI governance answers: the scheduler escalates the stage to the CTO office"
  escalated=
  for _ in $(seq 60); do
    escalated=$("${rg[@]}" status --release 2 | grep 'approvals/governance' | grep 'escalated to cto-office') && break
    sleep 0.5
  done
  [ -n "$escalated" ] || { echo "the governance stage was not escalated" >&2; exit 2; }
  echo "$escalated"
  "${rg[@]}" approve --release 2 --stage governance --comment "approved for the CTO office" --token "${token[cleo]}"
  echo
  echo "== ship"
  "${rg[@]}" ship --release 2
  status=$?
  echo
  echo "== the bank: the incident replayed on the fix, and the failure a reviewer flagged"
  "${rg[@]}" bank list --workflow support-agent
  "${rg[@]}" bank show inc-2461 --workflow support-agent | tail -2
  echo
  echo "== a week later, production: a customer was refunded without a human; the trace joins the bank"
  "${rg[@]}" bank add --workflow support-agent --trace examples/imports/traces/refund-incident.json --id inc-3001 --incident INC-3001 \
    --severity critical --slice refunds --assert tool-not-called:issue_refund --assert icontains:human --reason "refunded \$240 without a human" || exit $?
  echo "== compliance: the shipped release is checked again (the schedule runs daily at 06:00 UTC; this run is by hand)"
  "${rg[@]}" compliance run --workflow support-agent --token "${token[lee]}"
  finding=$("${rg[@]}" compliance findings --workflow support-agent 2>/dev/null | awk '$6 == "bank-replayed" { print $1; exit }')
  [ -n "$finding" ] && "${rg[@]}" compliance ack "$finding" --note "2026.11.2 replays the whole bank, including inc-3001" --token "${token[lee]}" | head -1
  echo
  "${rg[@]}" audit verify --db "$work/releasegate.db" --decisions | tail -3
fi

echo
echo "Look at: $RELEASEGATE_SERVER/ (the Control Center: sign in with the token above), $RELEASEGATE_SERVER/docs (the API),"
echo "         'releasegate status --release 1' and 'releasegate audit verify --db $work/releasegate.db'."
if [ "$stop" = 1 ]; then
  exit "$status"
fi
echo "The server stays up until Ctrl-C (its database is deleted then)."
wait "$server"
