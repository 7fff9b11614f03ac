#!/usr/bin/env bash
# Where the release module's bytes go: relinks build-wasm/ (the release
# build of scripts/build-wasm.sh) with --profiling-funcs (the same code, its
# function names kept in a name section) into build-wasm/size/, and lists
# the sections, the groups and the largest functions (bench/wasm-size.mjs).
#   bash bench/build-wasm-size.sh [--top N]
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
link=build-wasm/CMakeFiles/flagplan_wasm.dir/link.txt
[[ -f $link ]] || { echo "build-wasm-size: $link is missing (FLAGPLAN_WASM_CONFIGS=release bash scripts/build-wasm.sh)" >&2; exit 1; }
mkdir -p build-wasm/size
command=$(sed -e 's# -o flagplan.js # --profiling-funcs -o size/flagplan.js #' "$link")
[[ $command == *"size/flagplan.js"* ]] || { echo "build-wasm-size: cannot find '-o flagplan.js' in $link" >&2; exit 1; }
(cd build-wasm && eval "$command")
echo "build-wasm-size: shipped web/dist/flagplan.wasm $(wc -c <web/dist/flagplan.wasm) B, named copy $(wc -c <build-wasm/size/flagplan.wasm) B"
node bench/wasm-size.mjs build-wasm/size/flagplan.wasm "$@"
