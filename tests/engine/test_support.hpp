// Helpers shared by the engine tests.
#pragma once

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "flagplan/analyze.hpp"
#include "flagplan/stages.hpp"
#include "flagplan/js_regex.hpp"
#include "flagplan/parse.hpp"
#include "flagplan/validate.hpp"

#ifndef FLAGPLAN_SOURCE_DIR
#define FLAGPLAN_SOURCE_DIR "."
#endif

namespace flagplan::testing {

inline std::string read_text(const std::string& relative) {
    std::ifstream in(std::string(FLAGPLAN_SOURCE_DIR) + "/" + relative, std::ios::binary);
    EXPECT_TRUE(in.good()) << "cannot open " << relative;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// An export with the given environment and flags (a JSON object text).
inline std::string export_text(const std::string& flags_json, const std::string& environment = "staging") {
    return R"({"environment":")" + environment +
           R"(","version":"1.7.1","createdAt":"2026-11-21T10:33:08.799Z","flags":)" + flags_json + "}";
}

/// Codes of the diagnostics, in order.
inline std::vector<std::string> codes(const Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const Diagnostic& d : diagnostics) out.push_back(d.code);
    return out;
}

/// Codes of the diagnostics of one severity.
inline std::vector<std::string> codes(const Diagnostics& diagnostics, Severity severity) {
    std::vector<std::string> out;
    for (const Diagnostic& d : diagnostics)
        if (d.severity == severity) out.push_back(d.code);
    return out;
}

/// Parse + validate one export text; every diagnostic.
inline Diagnostics check(const std::string& text) {
    StdRegexEngine regex;
    return check_export({text, "test.json"}, Limits{}, regex).diagnostics;
}

/// Diagnostics of one flag given as a JSON object text.
inline Diagnostics check_flag(const std::string& flag_json, const std::string& key = "f") {
    return check(export_text("{\"" + key + "\":" + flag_json + "}"));
}

inline Analysis analyze_texts(const std::string& source, const std::string& target,
                              AnalyzeOptions options = {}) {
    StdRegexEngine regex;
    return analyze({source, "source"}, {target, "target"}, options, regex);
}

/// "id mode key dependentId indent" per step, for compact expectations.
inline std::vector<std::string> step_lines(const Plan& plan) {
    std::vector<std::string> out;
    for (const Step& s : plan.steps)
        out.push_back(std::to_string(s.id) + " " + step_mode_name(s.mode) + " " + s.flag_key + " " +
                      std::to_string(s.dependent_id) + " " + std::to_string(s.indent));
    return out;
}

}  // namespace flagplan::testing
