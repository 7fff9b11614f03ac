#!/usr/bin/env bash
# Fuzzes the engine with libFuzzer + AddressSanitizer + UndefinedBehaviorSanitizer
# (clang++; targets in fuzz/). Builds build-fuzz/, assembles a seed corpus from
# examples/, tests/ and fuzz/seeds/, then runs each target for a bounded time.
# Fails on any finding (crash, sanitizer report, broken invariant, leak, an
# input slower than 10 s, more than 2 GB of memory); the input that caused it
# is kept in build-fuzz/artifacts/ and can be replayed with
#   build-fuzz/fuzz_<target> build-fuzz/artifacts/<file>
#
#   bash scripts/test-fuzz.sh                  # about a minute in total (12 s a target)
#   FUZZ_SECONDS=1800 bash scripts/test-fuzz.sh  # the long run: 30 min a target
#   FUZZ_TARGETS="render" FUZZ_SECONDS=60 bash scripts/test-fuzz.sh
#
# The corpus each run grows is kept in build-fuzz/corpus/<target>/ and reused
# by the next run on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-12}"
targets=(${FUZZ_TARGETS:-parse_validate plan_select object_literal render regex})
build=build-fuzz

need=()
command -v clang++ >/dev/null || need+=(clang)
command -v jq >/dev/null || need+=(jq)
compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null || need+=(libclang-rt-14-dev)
if ((${#need[@]})); then
  echo "test-fuzz: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFLAGPLAN_FUZZ=ON -DFLAGPLAN_TESTS=OFF -DFLAGPLAN_BENCH=OFF >/dev/null
cmake --build "$build" -j2 --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

# ---- seed corpus ----
seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{parse_validate,plan_select,object_literal,render,regex}
small_json=(examples/*.json tests/fixtures/flagflow/*.json fuzz/seeds/parse_validate/*.json)
for f in tests/hostile/*.json; do
  [[ -f $f && $(stat -c %s "$f") -le 65536 ]] && small_json+=("$f")
done
i=0
for f in "${small_json[@]}"; do
  cp "$f" "$seeds/parse_validate/$((i++))-$(basename "$f")"
done
# Pairs SOURCE NUL TARGET.
pair() { { cat "$1"; printf '\0'; cat "$2"; } >"$seeds/plan_select/$3"; }
pair examples/staging.json examples/production.json staging-production
pair examples/production.json examples/staging.json production-staging
pair examples/staging.json examples/staging.json staging-staging
for f in fuzz/seeds/parse_validate/*.json; do
  pair "$f" examples/production.json "$(basename "$f")-production"
  pair examples/staging.json "$f" "staging-$(basename "$f")"
done
# OBJECT schema NUL literal, from every OBJECT flag of the examples.
for f in examples/*.json; do
  jq -j '.flags[] | select(.type == "OBJECT") | .schema, "\u0000", .defaultValue, "\u0001", .schema, "\u0000", .value, "\u0001"' "$f" |
    awk -v dir="$seeds/object_literal" -v name="$(basename "$f" .json)" 'BEGIN { RS = "\001"; ORS = "" }
      length($0) { print > (dir "/" name "-" NR ".txt"); close(dir "/" name "-" NR ".txt") }'
done
cp fuzz/seeds/object_literal/* "$seeds/object_literal/"
cp fuzz/seeds/render/* "$seeds/render/"
# PATTERN NUL SUBJECT, from the regex verdict fixture and fuzz/seeds/regex.
jq -j '.[] | .pattern, "\u0000", .subject, "\u0001"' tests/fixtures/regex_cases.json |
  awk -v dir="$seeds/regex" 'BEGIN { RS = "\001"; ORS = "" }
    length($0) { print > (dir "/case-" NR ".txt"); close(dir "/case-" NR ".txt") }'
cp fuzz/seeds/regex/* "$seeds/regex/"

# ---- run ----
mkdir -p "$build/artifacts"
passed=0
failed=0
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  dict=fuzz/json.dict
  [[ $t == object_literal ]] && dict=fuzz/object.dict
  [[ $t == render ]] && dict=""
  log="$build/fuzz_$t.log"
  echo "test-fuzz: $t for ${seconds}s" >&2
  set +e
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$build/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" ${dict:+-dict=$dict} \
    "$corpus" "$seeds/$t" >"$log" 2>&1
  status=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  if ((status == 0)); then
    passed=$((passed + 1))
    echo "fuzz_$t: ok, ${execs:-?} inputs run, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) files"
  else
    failed=$((failed + 1))
    echo "fuzz_$t: FINDING (exit $status), ${execs:-?} inputs run; log: $log"
    grep -E "ERROR|FUZZ INVARIANT|SUMMARY|Test unit written|runtime error|No such file" "$log" | head -20 || true
  fi
done
echo "fuzz: $passed passed, $failed failed"
((failed == 0))
