#!/usr/bin/env bash
# Builds bench/bench_native.cpp as WebAssembly for node (em++, the release
# module's flags: -Oz -finline-functions -D_LIBCPP_DISABLE_EXTERN_TEMPLATE
# -fwasm-exceptions -mbulk-memory; the host's RegExp as regex engine), so
# bench/run.mjs can report the wasm engine per phase.
#   bash bench/build-wasm-bench.sh [OUT_DIR]   # default build/wasm-bench
# Writes OUT_DIR/flagplan_bench.js (SINGLE_FILE: node 20 cannot load a 3.1.6
# module's .wasm by path); run it as
#   node OUT_DIR/flagplan_bench.js SOURCE TARGET [--runs N] [--format FORMAT]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/wasm-bench}"
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
command -v em++ >/dev/null || { echo "build-wasm-bench: em++ not found (Debian's emscripten)" >&2; exit 1; }
mkdir -p "$out/include" "$out/obj"
ln -sfn /usr/include/nlohmann "$out/include/nlohmann"  # never -I/usr/include for em++
# The embedded template's header, made by the script CMake uses (src/flagplan/sources.cmake).
mkdir -p "$out/include/flagplan/render"
cmake -DINPUT=src/flagplan/render/templates/script.sh.in -DOUTPUT="$out/include/flagplan/render/script_template.hpp" \
  -DNAME=kScriptTemplate -P cmake/embed_template.cmake
flags=(-std=c++17 -Oz -finline-functions -D_LIBCPP_DISABLE_EXTERN_TEMPLATE -fwasm-exceptions -mbulk-memory -DNDEBUG -DFLAGPLAN_VERSION='"bench"'
       -Isrc -I"$out/include")
# Objects made with other flags are made again.
if [[ "$(cat "$out/obj/flags" 2>/dev/null)" != "${flags[*]}" ]]; then
  rm -f "$out"/obj/*.o
  echo "${flags[*]}" >"$out/obj/flags"
fi
objs=()
pids=()
for f in $(find src/flagplan -name "*.cpp" | sort) wasm/js_regex_engine.cpp bench/bench_native.cpp; do
  o="$out/obj/$(echo "$f" | tr / _).o"
  objs+=("$o")
  if [[ ! -f $o || $f -nt $o || -n $(find src/flagplan wasm -name '*.hpp' -newer "$o" | head -1) || src/flagplan/render/templates/script.sh.in -nt $o ]]; then
    em++ "${flags[@]}" -c "$f" -o "$o" &
    pids+=($!)
    if ((${#pids[@]} >= 2)); then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
  fi
done
for p in "${pids[@]}"; do wait "$p"; done
em++ "${flags[@]}" "${objs[@]}" -o "$out/flagplan_bench.js" \
  -sENVIRONMENT=node -sSINGLE_FILE=1 -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sEXIT_RUNTIME=1
echo "build-wasm-bench: $out/flagplan_bench.js"
