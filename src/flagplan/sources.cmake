# The engine's sources, one folder per stage of the data path
# (ARCHITECTURE.md). Listed by hand: a new file is added here, in its
# stage's folder. Included by the top-level CMakeLists.txt for the native
# build and by wasm/wasm.cmake for the WebAssembly module, so both compile
# exactly these files with the same warnings.
set(FLAGPLAN_ENGINE_DIR ${CMAKE_CURRENT_LIST_DIR})
set(FLAGPLAN_ENGINE_SOURCES
  core/diagnostic.cpp
  core/model.cpp
  js/js_text.cpp
  js/js_regex.cpp
  js/object_literal.cpp
  parse/parse.cpp
  validate/validate.cpp
  plan/plan.cpp
  plan/renames.cpp
  plan/stages.cpp
  select/select.cpp
  analyze/risk.cpp
  analyze/summary.cpp
  analyze/analyze.cpp
  render/flag_json.cpp
  render/render.cpp
  render/render_text.cpp
  render/render_json.cpp
  render/render_report.cpp
  render/render_apply.cpp
  render/render_validation.cpp
  render/render_ci.cpp
  render/render_pipeline.cpp
  planfile/plan_file.cpp
  planfile/saved_plan.cpp
  pipeline/pipeline.cpp
  command/command.cpp)
list(TRANSFORM FLAGPLAN_ENGINE_SOURCES PREPEND ${FLAGPLAN_ENGINE_DIR}/)
set(FLAGPLAN_WARNINGS -Wall -Wextra -Wpedantic)

# flagplan::engine for every consumer (CLI, tests, fuzzers, benchmarks, the
# wasm module). Callers include "flagplan/<stage>/<file>.hpp".
function(flagplan_add_engine)
  add_library(flagplan_engine STATIC ${FLAGPLAN_ENGINE_SOURCES})
  add_library(flagplan::engine ALIAS flagplan_engine)
  target_include_directories(flagplan_engine PUBLIC
    $<BUILD_INTERFACE:${FLAGPLAN_ENGINE_DIR}/..>)
  target_compile_options(flagplan_engine PRIVATE ${FLAGPLAN_WARNINGS})
  target_compile_definitions(flagplan_engine PUBLIC FLAGPLAN_VERSION="${PROJECT_VERSION}")
endfunction()
