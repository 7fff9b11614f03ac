#!/usr/bin/env bash
# The WebAssembly module and the JS library: builds both wasm configurations
# (scripts/build-wasm.sh), installs web/'s dev dependencies (typescript; ajv, which checks every JSON
# document the tests get against docs/schemas/), and
# runs tests/web/ with node's test runner against the release build, then the
# engine-facing tests again against the debug build (Emscripten assertions,
# heap and stack checks). Compares with the native CLI in build/ (made by
# scripts/setup.sh; FLAGPLAN_CLI overrides).
set -euo pipefail
cd "$(dirname "$0")/.."

cli="${FLAGPLAN_CLI:-build/flagplan}"
if [[ ! -x "$cli" ]]; then
  echo "test-wasm: the native CLI $cli is missing; run scripts/setup.sh first (or set FLAGPLAN_CLI)" >&2
  exit 1
fi
export FLAGPLAN_CLI="$cli"

bash scripts/build-wasm.sh
if [[ ! -d web/node_modules/typescript || ! -d web/node_modules/ajv ]]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "test-wasm: release build"
node --test tests/web/
echo "test-wasm: debug build"
FLAGPLAN_WASM_BUILD=debug node --test \
  tests/web/cli-parity.test.mjs tests/web/selection.test.mjs tests/web/misuse-before-init.test.mjs \
  tests/web/misuse.test.mjs tests/web/regex.test.mjs tests/web/worker.test.mjs tests/web/paging.test.mjs
