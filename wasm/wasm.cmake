# The WebAssembly module, built when the top-level CMakeLists.txt is
# configured with Emscripten's toolchain (`emcmake cmake -S . -B build-wasm`);
# scripts/build-wasm.sh builds the release and the debug module.
#
# Output: flagplan.js (an ES module whose default export is the factory
# createFlagplanModule) and flagplan.wasm, in the build directory and copied
# to web/dist/ (release) or web/dist/debug/ (Debug builds), where the JS
# library in web/ loads them. The options below exist only under Emscripten.

set(FLAGPLAN_WASM_OPT "Oz" CACHE STRING
    "Optimization level of the release module: Oz, Os, O2 or O3 (see web/README.md for measured sizes)")
set_property(CACHE FLAGPLAN_WASM_OPT PROPERTY STRINGS Oz Os O2 O3)
# Measuring knobs (off in the shipped build): a link level of its own and a
# faster level for the hot sources. Measured at 100k flags per side (node,
# same sources): -Oz everywhere 442 KB wasm, about 1.58 s CPU end to end;
# -O3 for parse, model, flag_json, render_apply, plan and plan_file 567 KB,
# about 1.4 s; -O3 everywhere 806 KB. The ~10% is not worth crossing the
# 600 KB budget (issue 3); docs/performance.md has the numbers.
set(FLAGPLAN_WASM_LINK_OPT "${FLAGPLAN_WASM_OPT}" CACHE STRING
    "Optimization level em++ links (and runs wasm-opt) with")
set(FLAGPLAN_WASM_HOT_OPT "" CACHE STRING
    "Optimization level for the sources on the hot path (FLAGPLAN_WASM_HOT_SOURCES); empty = FLAGPLAN_WASM_OPT")
set(FLAGPLAN_WASM_HOT_SOURCES parse/parse core/model plan/plan render/flag_json render/render_apply planfile/plan_file
    validate/validate js/js_text analyze/risk render/render_json analyze/analyze plan/renames plan/stages select/select
    CACHE STRING "Engine sources (paths under src/flagplan, without .cpp) compiled with FLAGPLAN_WASM_HOT_OPT")
option(FLAGPLAN_WASM_INLINE "Release: -finline-functions after em++'s -fno-inline-functions at -Os/-Oz" ON)
# libc++ declares std::string (and the streams) as extern templates, so
# every append, push_back or size() is a call into Emscripten's prebuilt
# libc++, whose own small members are calls too. Compiling those templates
# here lets them be inlined. Measured at 100k flags per side
# (bench/node_bench.mjs, best of 3, same sources): without 452 KB of wasm,
# 1.22 s end to end; with 452 KB, 0.94 s (render 545 -> 353 ms). Raising
# LLVM's inlining threshold as well (-mllvm -inline-threshold=15) gave
# 494 KB and no measurable gain.
option(FLAGPLAN_WASM_LIBCXX_TEMPLATES "Release: compile libc++'s string and stream templates here (-D_LIBCPP_DISABLE_EXTERN_TEMPLATE)" ON)
# Link-time optimization of the engine and the bindings (our code; the
# prebuilt libc++ stays as it is). Measured at 2e0e17e + the esbuild glue:
# 508,431 -> 487,559 B of wasm, the same outputs byte for byte, analyze and
# render CPU time at 100k flags per side unchanged within the noise
# (docs/performance.md).
option(FLAGPLAN_WASM_LTO "Release: link-time optimization (-flto)" ON)
# Debian's closure-compiler (2013, Java) predates ES modules, so this stays
# off there; it is for Emscripten installs that bring their own.
option(FLAGPLAN_WASM_CLOSURE "Minify the release module's JS with the Closure compiler (--closure 1)" OFF)
set(FLAGPLAN_WASM_DIST_DIR "${CMAKE_CURRENT_SOURCE_DIR}/web/dist" CACHE PATH
    "Where the built flagplan.js/.wasm are copied (Debug builds go to <dir>/debug)")
set(FLAGPLAN_NLOHMANN_DIR "/usr/include/nlohmann" CACHE PATH
    "nlohmann/json headers (Debian's nlohmann-json3-dev)")

if(NOT EXISTS "${FLAGPLAN_NLOHMANN_DIR}/json.hpp")
  message(FATAL_ERROR "nlohmann/json.hpp not found in ${FLAGPLAN_NLOHMANN_DIR}: install nlohmann-json3-dev "
                      "or set FLAGPLAN_NLOHMANN_DIR")
endif()
# em++ must never see -I/usr/include (the host's libc headers would shadow
# Emscripten's), so expose only nlohmann/ through a directory of our own.
set(FLAGPLAN_WASM_JSON_INCLUDE "${CMAKE_BINARY_DIR}/nlohmann-include")
file(MAKE_DIRECTORY "${FLAGPLAN_WASM_JSON_INCLUDE}")
file(CREATE_LINK "${FLAGPLAN_NLOHMANN_DIR}" "${FLAGPLAN_WASM_JSON_INCLUDE}/nlohmann" SYMBOLIC)

# Exceptions, on purpose, as native WebAssembly exceptions (-fwasm-exceptions,
# compile and link). Why on: nlohmann/json and the standard library report
# failures by throwing (std::bad_alloc above all, when hostile input outgrows
# the heap); em++ 3.1.6 defaults to aborting on any throw, which would kill
# the module instead of returning a diagnostic. Why this mode rather than
# -fexceptions (Emscripten's JS-based emulation): it is zero-cost when nothing
# is thrown, produces a smaller module, and parsed JSON 2.6x faster here;
# every engine we target runs it (Chrome/Edge 95+, Firefox 100+, Safari 15.2+,
# node 17+).
set(FLAGPLAN_WASM_COMPILE_OPTIONS -fwasm-exceptions)
# Bulk memory operations: memcpy and memset become memory.copy and
# memory.fill instead of byte and word loops in the module (the scripts are
# written by many short copies): 100k flags per side, end to end 0.88 ->
# 0.84 s (bench/build-wasm-bench.sh, three runs each). Every engine that runs
# wasm exceptions has them (Chrome 75+, Firefox 79+, Safari 15+).
list(APPEND FLAGPLAN_WASM_COMPILE_OPTIONS -mbulk-memory)

set(FLAGPLAN_WASM_LINK_OPTIONS
    -fwasm-exceptions
    -mbulk-memory
    --bind
    -sMODULARIZE=1
    -sEXPORT_ES6=1
    -sEXPORT_NAME=createFlagplanModule
    -sENVIRONMENT=web,worker,node
    -sALLOW_MEMORY_GROWTH=1
    # When the heap must grow, it grows to the larger of what is asked and
    # 1.05 x its size, not Emscripten's 1.2 x: the browser holds every byte
    # of it for the worker's lifetime (it never shrinks), and at 100k flags
    # per side the 1.2 x step left 31 MB unused (heap 183.9 MB for a 152.8
    # MB peak; docs/performance.md). V8 grows wasm memory in place, so the
    # extra grow calls cost next to nothing.
    -sMEMORY_GROWTH_GEOMETRIC_STEP=0.05
    # The engine does no I/O: no virtual file system.
    -sFILESYSTEM=0
    # A library must not install process-wide handlers in node.
    -sNODEJS_CATCH_EXIT=0
    -sNODEJS_CATCH_REJECTION=0
    -sINCOMING_MODULE_JS_API=[wasmBinary,locateFile,print,printErr,onAbort]
    # No eval or new Function in the glue (Embind builds its invokers without
    # them): pages with a strict Content-Security-Policy (site/: script-src
    # 'self' 'wasm-unsafe-eval', no 'unsafe-eval') can load the module, on the
    # main thread and in workers that inherit the page's policy.
    -sDYNAMIC_EXECUTION=0
    "SHELL:--extern-pre-js ${CMAKE_CURRENT_SOURCE_DIR}/wasm/node_esm_shim.js")
# Release: size-tuned (FLAGPLAN_WASM_OPT), with inlining back on. At -Os/-Oz
# em++ 3.1.6 adds -fno-inline-functions (its INLINING_LIMIT), which leaves
# libc++'s one-line accessors (vector::push_back, string::size, ...) as calls
# in the parser's inner loops; -finline-functions after it undoes that:
# -Oz alone: 431 KiB, examples 11 ms/analysis; -Oz -finline-functions:
# 419 KiB, 6.4 ms; -Os -finline-functions: 568 KiB, 6.5 ms; -O3: 670 KiB,
# 4.7 ms (web/README.md, "Size and speed", has the method).
# Debug: unoptimized, with symbols, Emscripten's runtime assertions, heap
# access checks and stack checks.
set(CMAKE_CXX_FLAGS_RELEASE "-DNDEBUG")
set(CMAKE_CXX_FLAGS_DEBUG "")
if(CMAKE_BUILD_TYPE STREQUAL "Debug")
  set(FLAGPLAN_WASM_DEBUG ON)
  list(APPEND FLAGPLAN_WASM_COMPILE_OPTIONS -O0 -g)
  list(APPEND FLAGPLAN_WASM_LINK_OPTIONS -O0 -g -sASSERTIONS=2 -sSAFE_HEAP=1 -sSTACK_OVERFLOW_CHECK=2)
else()
  set(FLAGPLAN_WASM_DEBUG OFF)
  list(APPEND FLAGPLAN_WASM_COMPILE_OPTIONS -${FLAGPLAN_WASM_OPT})
  if(FLAGPLAN_WASM_INLINE)
    list(APPEND FLAGPLAN_WASM_COMPILE_OPTIONS -finline-functions)
  endif()
  if(FLAGPLAN_WASM_LIBCXX_TEMPLATES)
    list(APPEND FLAGPLAN_WASM_COMPILE_OPTIONS -D_LIBCPP_DISABLE_EXTERN_TEMPLATE)
  endif()
  list(APPEND FLAGPLAN_WASM_LINK_OPTIONS -${FLAGPLAN_WASM_LINK_OPT})
  if(FLAGPLAN_WASM_LTO)
    list(APPEND FLAGPLAN_WASM_COMPILE_OPTIONS -flto)
    list(APPEND FLAGPLAN_WASM_LINK_OPTIONS -flto)
  endif()
  if(FLAGPLAN_WASM_CLOSURE)
    list(APPEND FLAGPLAN_WASM_LINK_OPTIONS "SHELL:--closure 1")
  endif()
endif()

flagplan_add_engine()
target_include_directories(flagplan_engine PUBLIC ${FLAGPLAN_WASM_JSON_INCLUDE})
target_compile_options(flagplan_engine PUBLIC ${FLAGPLAN_WASM_COMPILE_OPTIONS})
if(FLAGPLAN_WASM_HOT_OPT AND NOT FLAGPLAN_WASM_DEBUG)
  foreach(name ${FLAGPLAN_WASM_HOT_SOURCES})
    if(NOT EXISTS ${FLAGPLAN_ENGINE_DIR}/${name}.cpp)
      message(FATAL_ERROR "FLAGPLAN_WASM_HOT_SOURCES: no src/flagplan/${name}.cpp")
    endif()
    set_source_files_properties(${FLAGPLAN_ENGINE_DIR}/${name}.cpp
      PROPERTIES COMPILE_OPTIONS -${FLAGPLAN_WASM_HOT_OPT})
  endforeach()
endif()

add_executable(flagplan_wasm
  ${CMAKE_CURRENT_SOURCE_DIR}/wasm/bindings.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/wasm/session.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/wasm/js_regex_engine.cpp)
target_link_libraries(flagplan_wasm PRIVATE flagplan::engine)
target_compile_options(flagplan_wasm PRIVATE ${FLAGPLAN_WARNINGS})
target_link_options(flagplan_wasm PRIVATE ${FLAGPLAN_WASM_LINK_OPTIONS})
set_target_properties(flagplan_wasm PROPERTIES
  OUTPUT_NAME flagplan
  SUFFIX ".js"
  LINK_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/wasm/node_esm_shim.js)

if(FLAGPLAN_WASM_DEBUG)
  set(FLAGPLAN_WASM_OUT_DIR "${FLAGPLAN_WASM_DIST_DIR}/debug")
else()
  set(FLAGPLAN_WASM_OUT_DIR "${FLAGPLAN_WASM_DIST_DIR}")
endif()
# Release: the glue JS minified by esbuild (Debian's `esbuild`; em++ only
# strips its whitespace, and Debian's closure compiler cannot read ES
# modules): 53.7 -> 28.5 KB, the same code with short local names.
# FLAGPLAN_WASM_MINIFY_JS=OFF copies em++'s output as it is.
option(FLAGPLAN_WASM_MINIFY_JS "Release: minify flagplan.js with esbuild" ON)
if(FLAGPLAN_WASM_MINIFY_JS AND NOT FLAGPLAN_WASM_DEBUG)
  find_program(FLAGPLAN_ESBUILD esbuild)
  if(NOT FLAGPLAN_ESBUILD)
    message(FATAL_ERROR "esbuild not found: install Debian's esbuild (FLAGPLAN_SETUP=full scripts/setup.sh) "
                        "or configure with -DFLAGPLAN_WASM_MINIFY_JS=OFF")
  endif()
  set(FLAGPLAN_WASM_COPY_JS
      COMMAND ${FLAGPLAN_ESBUILD} "$<TARGET_FILE_DIR:flagplan_wasm>/flagplan.js" --minify --format=esm
              --log-level=warning "--outfile=${FLAGPLAN_WASM_OUT_DIR}/flagplan.js")
else()
  set(FLAGPLAN_WASM_COPY_JS
      COMMAND ${CMAKE_COMMAND} -E copy_if_different "$<TARGET_FILE_DIR:flagplan_wasm>/flagplan.js"
              "${FLAGPLAN_WASM_OUT_DIR}")
endif()
add_custom_command(TARGET flagplan_wasm POST_BUILD
  COMMAND ${CMAKE_COMMAND} -E make_directory "${FLAGPLAN_WASM_OUT_DIR}"
  ${FLAGPLAN_WASM_COPY_JS}
  COMMAND ${CMAKE_COMMAND} -E copy_if_different
          "$<TARGET_FILE_DIR:flagplan_wasm>/flagplan.wasm" "${FLAGPLAN_WASM_OUT_DIR}"
  COMMENT "Copying flagplan.js and flagplan.wasm to ${FLAGPLAN_WASM_OUT_DIR}"
  VERBATIM)
