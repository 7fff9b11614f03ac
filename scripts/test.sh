#!/usr/bin/env bash
# Every test, in one run (what CI runs through .ci/run):
#   engine     GoogleTest suite through CTest (native build in build/)
#   sanitize   the same suite built with AddressSanitizer + UBSan (build-asan/)
#   wasm       the WebAssembly module and the JS library (node --test, tests/web/)
#   apply      apply/rollback scripts against the FlagFlow test server (tests/apply/)
#   site       the static page in headless Chromium (tests/site/)
#   fuzz       each libFuzzer target for a bounded time (about a minute in all)
# FLAGPLAN_STAGES="engine wasm" runs only some stages. Installs what is missing
# first (scripts/setup.sh with FLAGPLAN_SETUP=full: apt-get; npm ci per package).
# Each stage's log is kept in build/test-logs/; the last line sums the tests.
set -uo pipefail
cd "$(dirname "$0")/.."

FLAGPLAN_SETUP="${FLAGPLAN_SETUP:-full}" bash scripts/setup.sh || { echo "test: setup failed" >&2; exit 1; }
logs=build/test-logs
mkdir -p "$logs"

stages=(${FLAGPLAN_STAGES:-engine sanitize wasm apply site fuzz})
passed=0 failed=0 broken=()
for stage in "${stages[@]}"; do
  case $stage in
    engine) cmd=(ctest --test-dir build --output-on-failure -j2) ;;
    sanitize) cmd=(bash scripts/test-sanitize.sh) ;;
    wasm) cmd=(bash scripts/test-wasm.sh) ;;
    apply) cmd=(bash scripts/test-apply.sh) ;;
    site) cmd=(env FLAGPLAN_SKIP_SETUP=1 FLAGPLAN_WEB_DIST=web/dist bash scripts/test-site.sh) ;;
    fuzz) cmd=(bash scripts/test-fuzz.sh) ;;
    *) echo "test: unknown stage $stage" >&2; exit 2 ;;
  esac
  echo "=== test: $stage: ${cmd[*]}"
  start=$SECONDS
  "${cmd[@]}" 2>&1 | tee "$logs/$stage.log"
  status=${PIPESTATUS[0]}
  # Count the tests each runner reports: CTest, node's test runner, the fuzz summary.
  read -r p f < <(awk '
    /tests passed, [0-9]+ tests failed out of [0-9]+/ { for (i = 1; i <= NF; i++) if ($i == "out") { t = $(i + 2); fl = $(i - 3) } p += t - fl; f += fl }
    /^# pass [0-9]+$/ || /^ℹ pass [0-9]+$/ { p += $3 }
    /^# fail [0-9]+$/ || /^ℹ fail [0-9]+$/ { f += $3 }
    /^fuzz: [0-9]+ passed, [0-9]+ failed$/ { p += $2; f += $4 }
    END { print p + 0, f + 0 }' "$logs/$stage.log")
  passed=$((passed + p))
  failed=$((failed + f))
  if ((status != 0)); then
    broken+=("$stage")
    ((f == 0)) && failed=$((failed + 1))  # a stage that failed without a test count
  fi
  echo "=== test: $stage: exit $status, $p passed, $f failed, $((SECONDS - start)) s"
done

((${#broken[@]})) && echo "test: failing stages: ${broken[*]}"
echo "all: $passed passed, $failed failed"
((${#broken[@]} == 0))
