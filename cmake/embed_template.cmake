# Turns a text file into a C++ header holding it as a raw string literal:
#   cmake -DINPUT=file.sh.in -DOUTPUT=out.hpp -DNAME=kName -P embed_template.cmake
# Run at build time by flagplan_add_engine() (src/flagplan/sources.cmake) for
# the script templates, so the engine carries them without reading files.
foreach(var INPUT OUTPUT NAME)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed_template.cmake: -D${var}=... is required")
  endif()
endforeach()
file(READ "${INPUT}" content)
set(delimiter "FLAGPLAN_TEXT")
string(FIND "${content}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} holds )${delimiter}\", which would end the raw string")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/embed_template.cmake: edit the template, not this file.\n"
  "#pragma once\n\n"
  "namespace flagplan {\n"
  "inline constexpr char ${NAME}[] = R\"${delimiter}(${content})${delimiter}\";\n"
  "}  // namespace flagplan\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
