#!/usr/bin/env bash
# The benchmark, one command: builds the native benchmark (scripts/setup.sh,
# build/) and the per-phase wasm benchmark (bench/build-wasm-bench.sh, when
# em++ is installed), uses the wasm module in web/dist/ when it is there (bash
# scripts/build-wasm.sh makes it), generates the export pairs into
# build/bench-data/ and prints the tables of docs/performance.md.
#
#   bash bench/run.sh                         # 1k, 10k, 100k flags per side, 5 runs
#   bash bench/run.sh --sizes 1000,10000 --runs 3
#   FLAGPLAN_BENCH_BUILD=build-e bash bench/run.sh   # another native build dir (skips setup.sh)
# Other options: bench/run.mjs. Numbers only: it fails on errors, never on slowness.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${FLAGPLAN_BENCH_BUILD:-build}"
if [[ $build == build ]]; then
  bash scripts/setup.sh
else
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j2 --target flagplan_bench >/dev/null
fi
# The wasm engine per phase, when em++ is there (Debian's emscripten).
if command -v em++ >/dev/null && [[ -f web/dist/flagplan.wasm ]]; then
  bash bench/build-wasm-bench.sh "$build/wasm-bench" >/dev/null
fi
exec node bench/run.mjs --native "$build/flagplan_bench" --wasm-bench "$build/wasm-bench/flagplan_bench.js" \
  --data "$build/bench-data" "$@"
