#!/usr/bin/env bash
# The main job on the bundled examples: print the staging -> production plan,
# then serve the page on http://127.0.0.1:PORT/ (default 8080; first run builds
# the WebAssembly module and the site). Ctrl+C stops the server.
#   bash scripts/run-examples.sh [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
FLAGPLAN_SETUP="${FLAGPLAN_SETUP:-full}" bash scripts/setup.sh
./build/flagplan plan examples/staging.json examples/production.json
echo
[[ -f build-site/index.html ]] || bash scripts/build-site.sh >&2
exec bash scripts/serve-site.sh "$@"
