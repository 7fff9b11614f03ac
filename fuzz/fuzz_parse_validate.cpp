// libFuzzer target: one export text -> parse_export + validate_snapshot
// (check_export), with the default limits and again with tight limits so the
// limit diagnostics are reached; then the diagnostics are rendered as text
// and JSON. Invariants: no crash, no sanitizer report, no hang; every
// diagnostic has a code, a message and an in-range position; the snapshot's
// index matches its flags; an unreadable snapshot reported an error; the
// fast JSON reader and nlohmann/json's (parse_export_reference) give the same
// snapshot and diagnostics (lone surrogates masked).
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/js/js_regex.hpp"
#include "flagplan/render/render.hpp"
#include "fuzz_support.hpp"

using namespace flagplan;
using flagplan::fuzz::require;

namespace {

void check_one(std::string_view text, const Limits& limits) {
    const std::string file = "fuzz.json";
    // nlohmann/json reads lone surrogates masked (U+FFFD); the fast reader
    // keeps them (WTF-8), so it reads the masked text for the comparison.
    require(fuzz::describe_parse(parse_export(without_lone_surrogates(text), file, limits)) ==
                fuzz::describe_parse(parse_export_reference(text, file, limits)),
            "the fast reader and nlohmann/json read the text differently");
    StdRegexEngine regex;
    const std::string label = "fuzz.json";
    ExportCheck check = check_export({text, label}, limits, regex);
    const Snapshot& s = check.snapshot;
    fuzz::check_diagnostics(check.diagnostics, label, text.size());
    require(s.index.size() == s.flags.size(), "index and flags differ in size");
    for (std::size_t i = 0; i < s.flags.size(); ++i) {
        require(s.position(s.flags[i].key) == i, "index does not point at flag " + s.flags[i].key);
    }
    require(s.flags.size() <= limits.max_flags, "more flags than max_flags");
    if (!s.readable) require(has_errors(check.diagnostics), "unreadable snapshot without an error");

    // Rendering the diagnostics must work for any of them.
    std::string text_out = render_diagnostics_text(check.diagnostics);
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const Diagnostic& d : check.diagnostics) all.push_back(diagnostic_to_json(d));
    std::string json_out = dump_json(all);
    require(nlohmann::json::accept(json_out), "diagnostics JSON does not parse");
    (void)text_out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = fuzz::as_text(data, size);
    check_one(text, Limits{});
    Limits tight;
    tight.max_input_bytes = 4096;
    tight.max_string_bytes = 64;
    tight.max_flags = 4;
    tight.max_depth = 6;
    tight.max_object_depth = 3;
    tight.max_regex_subject = 16;
    check_one(text, tight);
    return 0;
}
