#!/usr/bin/env bash
# Builds the page and runs its browser tests: node's test runner driving
# Debian's chromium through playwright-core (tests/site/). Screenshots go to
# tests/output/ (not committed). The tests compare the page with the native
# CLI (build/flagplan), so both are built from this checkout first:
#   - scripts/setup.sh (FLAGPLAN_SETUP=full: chromium, emscripten, node...; builds build/)
#   - scripts/build-wasm.sh (release module -> web/dist/), scripts/build-site.sh
# FLAGPLAN_SKIP_SETUP=1 skips setup.sh; FLAGPLAN_WEB_DIST=DIR uses a module
# built elsewhere (skips build-wasm.sh); FLAGPLAN_CLI=PATH another CLI.
# Extra arguments go to `node --test` (e.g. tests/site/page.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${FLAGPLAN_SKIP_SETUP:-}" ]]; then
  FLAGPLAN_SETUP="${FLAGPLAN_SETUP:-full}" bash scripts/setup.sh
fi
for tool in chromium esbuild node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "test-site: $tool not found (Debian packages: chromium esbuild nodejs npm)" >&2
    exit 1
  fi
done
if [[ -z "${FLAGPLAN_WEB_DIST:-}" ]]; then
  FLAGPLAN_WASM_CONFIGS=release bash scripts/build-wasm.sh
fi
bash scripts/build-site.sh
(cd tests/site && npm ci --no-audit --no-fund --loglevel=error)
mkdir -p tests/output
if (($# == 0)); then
  set -- tests/site/
fi
node --test --test-concurrency=1 "$@"
echo "test-site: screenshots in tests/output/"
