#!/usr/bin/env bash
# The benchmark, one command: builds the native benchmark (scripts/setup.sh,
# build/) and the per-phase wasm benchmark (bench/build-wasm-bench.sh, when
# em++ is installed), uses the wasm module in web/dist/ when it is there (bash
# scripts/build-wasm.sh makes it), generates the export pairs into
# build/bench-data/ and prints the tables of docs/performance.md, then the
# browser section (bench/browser.mjs: the page built by scripts/build-site.sh
# in headless chromium).
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
node bench/run.mjs --native "$build/flagplan_bench" --wasm-bench "$build/wasm-bench/flagplan_bench.js" \
  --data "$build/bench-data" "$@"
# The browser section (bench/browser.mjs): the built page in Debian's
# chromium through playwright-core (tests/site/); FLAGPLAN_BENCH_BROWSER=0
# skips it, FLAGPLAN_BENCH_BROWSER_ARGS passes it options (--runs 3 --no-big ...).
if [[ ${FLAGPLAN_BENCH_BROWSER:-1} != 0 ]]; then
  echo
  if [[ ! -x ${CHROMIUM:-/usr/bin/chromium} || ! -d tests/site/node_modules/playwright-core ]]; then
    echo "Browser section skipped: needs ${CHROMIUM:-/usr/bin/chromium} and tests/site/node_modules (npm ci in tests/site)."
  elif [[ ! -f web/dist/flagplan.wasm ]]; then
    echo "Browser section skipped: web/dist/flagplan.wasm is missing (bash scripts/build-wasm.sh)."
  else
    bash scripts/build-site.sh >/dev/null
    # shellcheck disable=SC2086  # options, split on purpose
    node bench/browser.mjs --data "$build/bench-data" ${FLAGPLAN_BENCH_BROWSER_ARGS:-}
  fi
fi
