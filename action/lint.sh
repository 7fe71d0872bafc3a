#!/usr/bin/env bash
# The GitHub Action's lint step (action.yml): runs `dockerfile-stages lint` with the action's
# inputs, which arrive as INPUT_* variables, and writes the report to a file for code scanning.
# Findings do not fail this step: the action uploads the SARIF first and fails afterwards, so the
# findings show in the pull request. A usage error or an unreadable path fails it at once.
set -euo pipefail
# Paths are taken as written: no glob expands against the runner's working folder.
set -f

fail() {
  echo "dockerfile-stages: $1" >&2
  exit 2
}

format=${INPUT_FORMAT:-sarif}
severity=${INPUT_SEVERITY:-warning}
output=${INPUT_OUTPUT:-dockerfile-stages.sarif}
case "$format" in
  sarif | json | text) ;;
  *) fail "format must be sarif, json or text, not '$format'" ;;
esac

# One path per word or line, as a workflow writes a list in a YAML block.
read -r -d '' -a paths < <(printf '%s\0' "${INPUT_PATHS:-.}") || true
[ "${#paths[@]}" -gt 0 ] || fail "paths is empty: name Dockerfiles or folders to lint"
args=(lint --format "$format" --severity "$severity")
[ -z "${INPUT_CONFIG:-}" ] || args+=(--config "$INPUT_CONFIG")

status=0
if [ "$format" = text ]; then
  dockerfile-stages "${args[@]}" "${paths[@]}" || status=$?
else
  dockerfile-stages "${args[@]}" "${paths[@]}" > "$output" || status=$?
  # The findings also go to the log, where a reader of the run looks first.
  if [ "$status" -le 1 ]; then
    text_args=(lint --severity "$severity")
    [ -z "${INPUT_CONFIG:-}" ] || text_args+=(--config "$INPUT_CONFIG")
    dockerfile-stages "${text_args[@]}" "${paths[@]}" || true
  fi
fi

{
  echo "exit-code=$status"
  [ "$format" = text ] || echo "report=$output"
} >> "${GITHUB_OUTPUT:-/dev/null}"
[ "$status" -le 1 ] || exit "$status"
