#!/usr/bin/env bash
# The apply and rollback scripts, end to end: shellcheck on the scripts
# rendered for the bundled examples, then tests/apply (node --test) against
# the FlagFlow test server. Builds nothing: needs build/flagplan (or
# FLAGPLAN_BIN=path/to/flagplan), bash, curl, jq, shellcheck and node.
set -euo pipefail
cd "$(dirname "$0")/.."
export FLAGPLAN_BIN="${FLAGPLAN_BIN:-$PWD/build/flagplan}"
[ -x "$FLAGPLAN_BIN" ] || { echo "test-apply: $FLAGPLAN_BIN is missing; build it first (bash scripts/setup.sh)" >&2; exit 2; }
for tool in curl jq shellcheck node; do
  command -v "$tool" >/dev/null || { echo "test-apply: needs $tool" >&2; exit 2; }
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for pair in "production staging" "staging production"; do
  read -r from to <<<"$pair"
  for selection in "" "--include-values"; do
    for format in sh rollback; do
      # shellcheck disable=SC2086 # $selection is one option or none
      "$FLAGPLAN_BIN" plan "examples/$from.json" "examples/$to.json" $selection --format "$format" \
        --out "$out/$from-$to-$format${selection:+-values}.sh"
    done
  done
done
shellcheck "$out"/*.sh
echo "test-apply: shellcheck: $(find "$out" -name '*.sh' | wc -l) generated scripts, no findings"

node --test tests/apply/
