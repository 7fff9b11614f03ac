#!/usr/bin/env bash
# Serves the built page (scripts/build-site.sh; built first when missing or stale) on
# http://127.0.0.1:PORT/ and prints the address. Plain static files, served
# by python3's http.server, which sends .wasm as application/wasm.
#   bash scripts/serve-site.sh [PORT]      (default 8080; FLAGPLAN_SITE_DIR picks the folder)
set -euo pipefail
cd "$(dirname "$0")/.."

port="${1:-${PORT:-8080}}"
dir="${FLAGPLAN_SITE_DIR:-build-site}"
dist="${FLAGPLAN_WEB_DIST:-web/dist}"  # as build-site.sh
# (Re)build when the site is missing or older than its sources.
if [[ ! -f "$dir/index.html" ]] ||
   [[ -n "$(find site web/index.js web/worker.js web/lib "$dist" examples -newer "$dir/index.html" -print -quit 2>/dev/null)" ]]; then
  FLAGPLAN_SITE_DIR="$dir" bash scripts/build-site.sh >&2
fi
echo "flagplan page: http://127.0.0.1:${port}/  (offline single file: http://127.0.0.1:${port}/flagplan-offline.html; Ctrl+C stops)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir"
