// Embind bindings: the engine's operations for JavaScript (web/ wraps them).
// Thin by rule: each call turns plain data (bytes/strings, numbers, JSON
// text) into the engine's types, calls the engine and turns the answer back
// into plain data. Nothing here plans, validates or selects.
//
// Errors come back as diagnostics in the returned data; no call throws into
// JavaScript or aborts. Besides the engine's own codes, three can appear:
//   plan.invalid_argument  options or an id list the binding cannot read
//                          (web/ asks analyzeOptionsProblem() first, so only
//                          direct callers of the raw module see it)
//   plan.out_of_memory     the wasm heap could not grow (std::bad_alloc)
//   plan.internal_error    any other C++ exception (a bug)
#include <malloc.h>

#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <emscripten/val.h>

#include <cstdint>
#include <cstdlib>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/analyze/options.hpp"
#include "flagplan/command/command.hpp"
#include "flagplan/pipeline/pipeline.hpp"
#include "flagplan/planfile/plan_file.hpp"
#include "flagplan/planfile/saved_plan.hpp"
#include "flagplan/render/render.hpp"
#include "js_regex_engine.hpp"
#include "session.hpp"

namespace flagplan::wasm {
namespace {

/// Heap figures in bytes: the wasm memory's size, the bytes malloc has
/// handed out and not got back (dlmalloc's mallinfo().uordblks), and the most
/// of the heap malloc has ever used at once (mallinfo().usmblks, dlmalloc's
/// max_footprint: the peak need, without the memory's growth steps).
struct HeapStats {
    double heap_size = 0;
    double allocated = 0;
    double peak_footprint = 0;
    int live_sessions = 0;
};

HeapStats heap_stats() {
    struct mallinfo info = mallinfo();
    HeapStats out;
    out.heap_size = static_cast<double>(emscripten_get_heap_size());
    out.allocated = static_cast<double>(info.uordblks);
    out.peak_footprint = static_cast<double>(info.usmblks);
    out.live_sessions = live_sessions();
    return out;
}

/// The engine's verdict on an analyze-options JSON text: "" or the problem
/// (read_analyze_options()), so web/ throws it before any export is copied.
std::string analyze_options_problem(const std::string& options_json) {
    AnalyzeOptions ignored;
    return read_analyze_options(options_json, ignored);
}

const char* outcome_name(RegexOutcome outcome) {
    switch (outcome) {
        case RegexOutcome::Match: return "match";
        case RegexOutcome::NoMatch: return "no_match";
        case RegexOutcome::InvalidPattern: return "invalid_pattern";
        case RegexOutcome::Unsupported: return "unsupported";
        case RegexOutcome::TooExpensive: return "too_expensive";
    }
    return "unsupported";
}

std::string regex_json(const RegexResult& result) {
    ojson out;
    out["outcome"] = outcome_name(result.outcome);
    out["detail"] = result.detail;
    return compact(out);
}

/// Test hooks: JsRegexEngine alone, {"outcome": ..., "detail": ...}.
std::string regex_check(const std::string& pattern) { return regex_json(JsRegexEngine().check(pattern)); }
std::string regex_test(const std::string& pattern, const std::string& subject) {
    return regex_json(JsRegexEngine().test(pattern, subject));
}

std::string version() { return FLAGPLAN_VERSION; }

/// read_plan_file()'s checks of a saved plan.json: its diagnostics as a
/// JSON array (empty: the plan is one flagplan can render).
std::string check_plan_file(const std::string& text, const std::string& label) {
    try {
        JsRegexEngine regex;
        return compact(diagnostics_json(read_plan_file(text, label, regex).diagnostics));
    } catch (...) {
        return compact(diagnostics_json({caught("reading the plan")}));
    }
}

/// check_drift() (`flagplan check`, apply.sh's drift guard) of a saved
/// plan.json against a target export: {"diagnostics": [...]} with the
/// plan's or the export's errors when either cannot be used, else
/// {"diagnostics": [the export's warnings], "check": render_drift()'s JSON}.
std::string check_drift_json(const std::string& plan_text, const std::string& plan_label,
                             const std::string& target_text, const std::string& target_label) {
    try {
        JsRegexEngine regex;
        PlanFileRead plan = read_plan_file(plan_text, plan_label, regex);
        ojson out;
        if (!plan.ok) {
            out["diagnostics"] = diagnostics_json(plan.diagnostics);
            return compact(out);
        }
        ExportCheck target = check_export({target_text, target_label}, Limits{}, regex);
        out["diagnostics"] = diagnostics_json(target.diagnostics);
        if (has_errors(target.diagnostics)) return compact(out);
        out["check"] = ojson::parse(render_drift(check_drift(plan.plan, target.snapshot), target_label, "json"));
        return compact(out);
    } catch (...) {
        ojson failed;
        failed["diagnostics"] = diagnostics_json({caught("checking for drift")});
        return compact(failed);
    }
}

/// analyze_pipeline() of `exports` rendered as `flagplan pipeline --format
/// json` prints it (docs/ci.md). `exports`: a JavaScript array of {text,
/// label}, each the export's bytes (a Uint8Array; or a string) and its
/// label's UTF-8 bytes. `by_environment_name`: PipelineOrder::ByEnvironmentName
/// (the exports in promotion_sequence() of their environments), else as given.
/// A count outside 2..8 is {"diagnostics": [plan.invalid_argument]}.
std::string pipeline_json(const emscripten::val& exports, bool by_environment_name) {
    try {
        const auto n = exports["length"].as<std::size_t>();
        if (std::string problem = check_export_count(n); !problem.empty()) {
            ojson refused;
            refused["diagnostics"] = diagnostics_json({binding_error("plan.invalid_argument", problem)});
            return compact(refused);
        }
        std::vector<std::string> texts, labels;
        for (std::size_t i = 0; i < n; ++i) {
            texts.push_back(exports[i]["text"].as<std::string>());
            labels.push_back(exports[i]["label"].as<std::string>());
        }
        std::vector<ExportText> inputs;
        for (std::size_t i = 0; i < n; ++i) inputs.push_back({texts[i], labels[i]});
        JsRegexEngine regex;
        Pipeline pipeline = analyze_pipeline(inputs, Limits{}, regex,
                                             by_environment_name ? PipelineOrder::ByEnvironmentName : PipelineOrder::AsGiven);
        return *render_pipeline(pipeline, "json");
    } catch (...) {
        ojson failed;
        failed["diagnostics"] = diagnostics_json({caught("the pipeline")});
        return compact(failed);
    }
}

/// promotion_order(): 1 when `a` is promoted before `b`, -1 after, 0 unknown.
int promotion_order_of(const std::string& a, const std::string& b) { return promotion_order(a, b); }

}  // namespace
}  // namespace flagplan::wasm

EMSCRIPTEN_BINDINGS(flagplan) {
    using namespace emscripten;
    using namespace flagplan::wasm;

    value_object<RenderResult>("RenderResult")
        .field("ok", &RenderResult::ok)
        .field("diagnostics", &RenderResult::diagnostics);
    value_object<HeapStats>("HeapStats")
        .field("heapSize", &HeapStats::heap_size)
        .field("allocated", &HeapStats::allocated)
        .field("peakFootprint", &HeapStats::peak_footprint)
        .field("liveSessions", &HeapStats::live_sessions);

    class_<InputBytes>("InputBytes")
        .constructor<std::size_t>()
        .function("view", &InputBytes::view);
    class_<CheckedExport>("CheckedExport")
        .constructor<InputBytes&, const std::string&, bool>()
        .function("used", &CheckedExport::used);
    class_<Session>("Session")
        .constructor<CheckedExport&, CheckedExport&, const std::string&>()
        .function("replan", &Session::replan_with)
        .function("analysisJson", &Session::analysis_json)
        .function("overviewJson", &Session::overview_json)
        .function("overviewJsonParts", &Session::overview_json_parts)
        .function("stepsJson", &Session::steps_json)
        .function("stepTableJson", &Session::step_table_json)
        .function("textPartCount", &Session::text_part_count)
        .function("textView", &Session::text_view)
        .function("freeText", &Session::free_text)
        .function("select", &Session::select)
        .function("unselect", &Session::unselect)
        .function("addValueSteps", &Session::add_values)
        .function("setSelection", &Session::set_selection)
        .function("allowMassDelete", &Session::allow_mass_delete)
        .function("render", &Session::render_format)
        .function("refusalsJson", &Session::refusals_json)
        .function("comparisonJson", &Session::comparison);

    function("renderersJson", &flagplan::renderers_json);
    function("changeRulesJson", &flagplan::change_rules_json);
    function("stepModesJson", &flagplan::step_modes_json);
    function("analyzeOptionsProblem", &analyze_options_problem);
    function("heapStats", &heap_stats);
    function("version", &version);
    function("promotionOrder", &promotion_order_of);
    function("checkPlanFile", &check_plan_file);
    function("checkDrift", &check_drift_json);
    function("pipelineJson", &pipeline_json);
    function("regexCheck", &regex_check);
    function("regexTest", &regex_test);
}
