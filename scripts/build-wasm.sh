#!/usr/bin/env bash
# Builds the WebAssembly module with Emscripten (Debian's `emscripten`):
#   release  build-wasm/        -> web/dist/flagplan.{js,wasm}
#   debug    build-wasm-debug/  -> web/dist/debug/flagplan.{js,wasm}
# FLAGPLAN_WASM_CONFIGS="release" (or "debug") builds only one of them;
# FLAGPLAN_JOBS sets the parallel jobs (default 2). Prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's emscripten runs its JS tools with node and needs Debian's node
# modules (acorn, ...), which a node not from Debian does not search.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
if ! command -v emcmake >/dev/null; then
  echo "build-wasm: emcmake not found; install Debian's emscripten (FLAGPLAN_SETUP=full scripts/setup.sh)" >&2
  exit 1
fi

jobs="${FLAGPLAN_JOBS:-2}"
for config in ${FLAGPLAN_WASM_CONFIGS:-release debug}; do
  case "$config" in
    release) type=Release dir=build-wasm ;;
    debug) type=Debug dir=build-wasm-debug ;;
    *) echo "build-wasm: unknown configuration '$config' (release or debug)" >&2; exit 2 ;;
  esac
  emcmake cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" >/dev/null
  cmake --build "$dir" -j"$jobs"
done

if [[ -f web/dist/flagplan.wasm ]]; then
  js=$(wc -c <web/dist/flagplan.js)
  wasm=$(wc -c <web/dist/flagplan.wasm)
  echo "build-wasm: release web/dist/flagplan.js ${js} B + flagplan.wasm ${wasm} B = $(((js + wasm) / 1024)) KiB"
fi
