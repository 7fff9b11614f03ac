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
# ajv (web/'s dev dependency) checks the plan.json files the tests make against docs/schemas/.
if [[ ! -d web/node_modules/ajv ]]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Selections: the default, with values, and with flagplan's own steps (RENAME
# and stage walks: staging -> production walks a stage flag, both directions
# rename two flags).
for pair in "production staging" "staging production"; do
  read -r from to <<<"$pair"
  n=0
  for selection in "" "--include-values" "--renames --walk-stages" "--renames --walk-stages --include-values"; do
    n=$((n + 1))
    for format in sh rollback; do
      # shellcheck disable=SC2086 # $selection is a list of options, or none
      "$FLAGPLAN_BIN" plan "examples/$from.json" "examples/$to.json" $selection --format "$format" \
        --out "$out/$from-$to-$format-$n.sh"
    done
  done
done
# (The scripts checked below must hold what they are meant to cover.)
for f in "$out"/*-sh-3.sh "$out"/*-sh-4.sh "$out"/*-rollback-3.sh "$out"/*-rollback-4.sh; do
  grep -q '^    step_rpc=flag.rename$' "$f" || { echo "test-apply: $f holds no RENAME step" >&2; exit 1; }
done
# A stage walk with pauses: staging with payments_ledger at `complete`, two
# stages past production's `live` (the bundled pair moves it one stage).
jq '.flags["infra/db_migration/payments_ledger"].value = "complete"' examples/staging.json >"$out/staging-far.json"
for format in sh rollback; do
  "$FLAGPLAN_BIN" plan "$out/staging-far.json" examples/production.json --renames --walk-stages --include-values \
    --format "$format" --out "$out/far-production-$format.sh"
done
for f in "$out"/far-production-sh.sh "$out"/far-production-rollback.sh; do
  grep -q "^stage_pauses='[0-9]" "$f" || { echo "test-apply: $f holds no stage pause" >&2; exit 1; }
done
shellcheck "$out"/*.sh
echo "test-apply: shellcheck: $(find "$out" -name '*.sh' | wc -l) generated scripts, no findings"
# The templates the scripts are made from are bash as they stand.
shellcheck --shell=bash src/flagplan/render/templates/*.sh.in
echo "test-apply: shellcheck: templates $(cd src/flagplan/render/templates && echo *.sh.in), no findings"

node --test tests/apply/
