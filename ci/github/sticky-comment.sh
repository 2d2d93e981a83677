#!/usr/bin/env bash
# Creates or updates ONE pull-request comment through the GitHub REST API: the comment that carries a hidden marker
# is edited in place (PATCH), and only when none does is a new one posted (POST). Re-running a workflow therefore never
# piles up comments.
#
#     sticky-comment.sh BODY_FILE
#
# Environment: GITHUB_TOKEN (scope: pull requests or issues, write), GITHUB_REPOSITORY (owner/name), RELEASEGATE_PR (the
# pull request's number), GITHUB_API_URL (set by GitHub; default https://api.github.com), RELEASEGATE_COMMENT_KEY (tells
# the comments of several gates in one pull request apart; default "default"). Needs curl and jq.
# Prints "created ID" or "updated ID"; exits non-zero when the API refuses.
set -euo pipefail
body_file=${1:?usage: sticky-comment.sh BODY_FILE}
: "${GITHUB_TOKEN:?GITHUB_TOKEN is required}" "${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is required}" "${RELEASEGATE_PR:?RELEASEGATE_PR (the pull request number) is required}"
case "$RELEASEGATE_PR" in *[!0-9]* | '') echo "sticky-comment.sh: RELEASEGATE_PR must be a number, not '$RELEASEGATE_PR'" >&2; exit 2 ;; esac
api=${GITHUB_API_URL:-https://api.github.com}
api=${api%/}
key=${RELEASEGATE_COMMENT_KEY:-default}
marker="<!-- releasegate-comment: $key -->"

# Asks the API; the token goes through a header file rather than the command line, where other users could see it.
headers=$(mktemp)
trap 'rm -f "$headers"' EXIT
printf 'Authorization: Bearer %s\nAccept: application/vnd.github+json\nX-GitHub-Api-Version: 2022-11-28\n' "$GITHUB_TOKEN" > "$headers"
github() {
  curl --silent --show-error --fail-with-body --retry 2 -H @"$headers" "$@"
}

payload=$(jq -n --arg marker "$marker" --rawfile body "$body_file" '{body: ($marker + "\n" + $body)}')
comments="$api/repos/$GITHUB_REPOSITORY/issues/$RELEASEGATE_PR/comments"
id=
page=1
while [ -z "$id" ]; do
  listed=$(github "$comments?per_page=100&page=$page")
  id=$(jq -r --arg marker "$marker" '[.[] | select((.body // "") | startswith($marker))][0].id // empty' <<<"$listed")
  [ "$(jq length <<<"$listed")" -lt 100 ] && break
  page=$((page + 1))
done

if [ -n "$id" ]; then
  github -X PATCH -H 'Content-Type: application/json' --data-binary "$payload" "$api/repos/$GITHUB_REPOSITORY/issues/comments/$id" >/dev/null
  echo "updated $id"
else
  created=$(github -X POST -H 'Content-Type: application/json' --data-binary "$payload" "$comments")
  echo "created $(jq -r .id <<<"$created")"
fi
