// Helpers shared by the engine tests.
#pragma once

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <sys/wait.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/plan/stages.hpp"
#include "flagplan/js/js_regex.hpp"
#include "flagplan/parse/parse.hpp"
#include "flagplan/render/render.hpp"
#include "flagplan/validate/validate.hpp"

#ifndef FLAGPLAN_CLI_PATH
#define FLAGPLAN_CLI_PATH "flagplan"
#endif

#ifndef FLAGPLAN_SOURCE_DIR
#define FLAGPLAN_SOURCE_DIR "."
#endif

namespace flagplan::testing {

/// Render options with a fixed time and generator, so rendered text is
/// byte-stable.
inline RenderOptions fixed_time() {
    RenderOptions o;
    o.generated_at = "2026-11-21T12:00:00Z";
    o.generator = "flagplan test";
    return o;
}

/// The lines of `text`, without their '\n'.
inline std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

/// A shell command's exit status (-1 when it did not exit) and its stdout.
struct ShellRun {
    int status;
    std::string out;
};

inline ShellRun run_shell(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    std::array<char, 4096> buffer{};
    std::size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
    int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

/// Runs the CLI with `args` (shell words) from the repo root; stdout only,
/// or stdout+stderr when `with_stderr`.
inline ShellRun run_cli(const std::string& args, bool with_stderr) {
    return run_shell(std::string("cd '") + FLAGPLAN_SOURCE_DIR + "' && '" + FLAGPLAN_CLI_PATH + "' " + args +
                     (with_stderr ? " 2>&1" : " 2>/dev/null"));
}

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
