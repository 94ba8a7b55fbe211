#!/usr/bin/env bash
# lint.sh: the GitHub Action's lint step (action.yml). It runs poddoctor lint
# once, writes the report where the action's upload step finds it, and
# leaves the gate to the action's last step, so the report is uploaded even
# when findings fail the job.
#
# Environment (the action's inputs):
#   PODDOCTOR_PATHS        paths to lint, separated by spaces or newlines
#                          (default "."); not glob-expanded
#   PODDOCTOR_FAIL_ON      error, warning, info or none (default error)
#   PODDOCTOR_FORMAT       output format (default sarif)
#   PODDOCTOR_OUTPUT       file for the report (default poddoctor.<format>)
#   PODDOCTOR_ARGS         further arguments, separated by spaces or newlines
#   PODDOCTOR_BIN          the binary (default: poddoctor on PATH)
# Writes exit-code and report to $GITHUB_OUTPUT when it is set.
#
# Exit status: 2 when the run could not be done (that fails the step at
# once: there is no report to upload), 0 otherwise; the findings' exit
# status (0 or 1) is in the exit-code output.
set -uo pipefail
set -f # paths and arguments are words, never globs

bin=${PODDOCTOR_BIN:-poddoctor}
format=${PODDOCTOR_FORMAT:-sarif}
output=${PODDOCTOR_OUTPUT:-poddoctor.$format}
read -r -d '' -a paths <<<"${PODDOCTOR_PATHS:-.}"
read -r -d '' -a extra <<<"${PODDOCTOR_ARGS:-}"
[ ${#paths[@]} -gt 0 ] || paths=(.)

"$bin" lint --fail-on "${PODDOCTOR_FAIL_ON:-error}" -o "$format" "${extra[@]}" -- "${paths[@]}" >"$output"
code=$?

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$code"
    echo "report=$output"
  } >>"$GITHUB_OUTPUT"
fi
case $code in
  0) echo "poddoctor: nothing at or above --fail-on ${PODDOCTOR_FAIL_ON:-error}; report in $output" ;;
  1) echo "poddoctor: findings at or above --fail-on ${PODDOCTOR_FAIL_ON:-error}; report in $output" ;;
  *)
    echo "poddoctor: the run could not be done (exit $code)" >&2
    exit "$code"
    ;;
esac
exit 0
