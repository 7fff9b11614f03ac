#!/usr/bin/env bash
# Builds the static page for hosting and the single-file offline page:
#   build-site/                      everything a static host serves (relative URLs only)
#     index.html style.css js/       the page (site/)
#     web/ (index.js worker.js lib/ dist/flagplan.{js,wasm})   the library (web/) and the module
#     examples/{staging,production}.json                        for "Try the examples"
#     flagplan-offline.html          one self-contained file (engine inlined) for file:// use
# The module comes from web/dist/ (built with scripts/build-wasm.sh when it
# is missing); FLAGPLAN_WEB_DIST=DIR takes flagplan.{js,wasm} from DIR instead.
# FLAGPLAN_SITE_DIR=DIR builds into DIR (default build-site). Needs node and
# Debian's esbuild (the offline file only).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${FLAGPLAN_SITE_DIR:-build-site}"
dist="${FLAGPLAN_WEB_DIST:-web/dist}"
if [[ ! -f "$dist/flagplan.js" || ! -f "$dist/flagplan.wasm" ]]; then
  if [[ -n "${FLAGPLAN_WEB_DIST:-}" ]]; then
    echo "build-site: $dist has no flagplan.js/flagplan.wasm" >&2
    exit 1
  fi
  echo "build-site: web/dist is missing; building the module (scripts/build-wasm.sh)" >&2
  FLAGPLAN_WASM_CONFIGS=release bash scripts/build-wasm.sh
fi

rm -rf "$out"
mkdir -p "$out/js" "$out/web/lib" "$out/web/dist" "$out/examples"
cp site/index.html site/style.css "$out/"
cp site/js/*.js "$out/js/"
cp web/index.js web/worker.js "$out/web/"
cp web/lib/*.js "$out/web/lib/"
cp "$dist/flagplan.js" "$dist/flagplan.wasm" "$out/web/dist/"
cp examples/staging.json examples/production.json "$out/examples/"

node site/offline/build.mjs "$out" "build-f/offline-stage"
echo "build-site: $out/ ($(du -sk "$out" | cut -f1) KiB); serve it with scripts/serve-site.sh"
