# The engine's sources, one folder per stage of the data path
# (ARCHITECTURE.md). Listed by hand: a new file is added here, in its
# stage's folder. Included by the top-level CMakeLists.txt for the native
# build and by wasm/wasm.cmake for the WebAssembly module, so both compile
# exactly these files with the same warnings.
set(FLAGPLAN_ENGINE_DIR ${CMAKE_CURRENT_LIST_DIR})
set(FLAGPLAN_ENGINE_SOURCES
  core/diagnostic.cpp
  core/model.cpp
  core/codes.cpp
  js/js_text.cpp
  js/regex/charset.cpp
  js/regex/parser.cpp
  js/regex/translator.cpp
  js/regex/risk.cpp
  js/regex/engine.cpp
  js/object/text.cpp
  js/object/schema_parser.cpp
  js/object/literal_parser.cpp
  js/object/conformance.cpp
  js/object/to_json.cpp
  js/object/flagflow_rewrite.cpp
  parse/parse.cpp
  validate/validate.cpp
  plan/plan.cpp
  plan/executor.cpp
  plan/renames.cpp
  plan/stages.cpp
  select/select.cpp
  analyze/risk.cpp
  analyze/summary.cpp
  analyze/analyze.cpp
  analyze/options.cpp
  compare/compare.cpp
  render/flag_json.cpp
  render/render.cpp
  render/render_text.cpp
  render/render_json.cpp
  render/render_report.cpp
  render/render_apply.cpp
  render/script_spec.cpp
  render/render_validation.cpp
  render/render_ci.cpp
  render/render_pipeline.cpp
  planfile/plan_file.cpp
  planfile/plan_file_read.cpp
  planfile/saved_plan.cpp
  pipeline/pipeline.cpp
  command/command.cpp)
list(TRANSFORM FLAGPLAN_ENGINE_SOURCES PREPEND ${FLAGPLAN_ENGINE_DIR}/)
# Text the engine embeds: each template becomes a generated header in the
# build directory (cmake/embed_template.cmake), "<stem>_template.hpp" holding
# k<Stem>Template, e.g. render/templates/script.sh.in -> script_template.hpp,
# kScriptTemplate. The tests run shellcheck on the templates themselves.
set(FLAGPLAN_ENGINE_TEMPLATES
  render/templates/script.sh.in)
list(TRANSFORM FLAGPLAN_ENGINE_TEMPLATES PREPEND ${FLAGPLAN_ENGINE_DIR}/)
set(FLAGPLAN_WARNINGS -Wall -Wextra -Wpedantic)

# flagplan::engine for every consumer (CLI, tests, fuzzers, benchmarks, the
# wasm module). Callers include "flagplan/<stage>/<file>.hpp".
function(flagplan_add_engine)
  set(generated_dir ${CMAKE_CURRENT_BINARY_DIR}/generated)
  set(generated)
  foreach(template ${FLAGPLAN_ENGINE_TEMPLATES})
    get_filename_component(folder ${template} DIRECTORY)
    get_filename_component(folder ${folder} DIRECTORY)  # render/templates -> render
    file(RELATIVE_PATH folder ${FLAGPLAN_ENGINE_DIR} ${folder})
    get_filename_component(file ${template} NAME)
    string(REGEX REPLACE "\\..*$" "" stem ${file})
    string(SUBSTRING ${stem} 0 1 first)
    string(TOUPPER ${first} first)
    string(SUBSTRING ${stem} 1 -1 rest)
    set(header ${generated_dir}/flagplan/${folder}/${stem}_template.hpp)
    add_custom_command(OUTPUT ${header}
      COMMAND ${CMAKE_COMMAND} -DINPUT=${template} -DOUTPUT=${header} -DNAME=k${first}${rest}Template
              -P ${FLAGPLAN_ENGINE_DIR}/../../cmake/embed_template.cmake
      DEPENDS ${template} ${FLAGPLAN_ENGINE_DIR}/../../cmake/embed_template.cmake
      COMMENT "Embedding ${file}"
      VERBATIM)
    list(APPEND generated ${header})
  endforeach()
  add_library(flagplan_engine STATIC ${FLAGPLAN_ENGINE_SOURCES} ${generated})
  target_include_directories(flagplan_engine PRIVATE ${generated_dir})
  add_library(flagplan::engine ALIAS flagplan_engine)
  target_include_directories(flagplan_engine PUBLIC
    $<BUILD_INTERFACE:${FLAGPLAN_ENGINE_DIR}/..>)
  target_compile_options(flagplan_engine PRIVATE ${FLAGPLAN_WARNINGS})
  target_compile_definitions(flagplan_engine PUBLIC FLAGPLAN_VERSION="${PROJECT_VERSION}")
endfunction()
