// libFuzzer target: rendering every format of the registry (render.hpp).
// The input drives a FuzzedDataProvider that builds two exports of mostly
// VALID flags (all seven types) whose strings -- descriptions, values,
// environments, enum/tag values, OBJECT literals -- are arbitrary bytes, so
// plans are usually not blocked and the executable formats (the apply and
// rollback scripts) render hostile text. Both modes, with and without value
// steps. Invariants: no crash / sanitizer report / hang; every format of
// renderers() renders unless it is executable and the analysis is blocked
// (then exactly plan.blocked); the `json` output is valid JSON whose steps
// match the plan; an unknown format gives plan.unknown_format.
#include <cstdint>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>
#include <nlohmann/json.hpp>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/js/js_regex.hpp"
#include "flagplan/render/render.hpp"
#include "fuzz_support.hpp"

using namespace flagplan;
using flagplan::fuzz::require;
using json = nlohmann::ordered_json;

namespace {

const char* const kKeys[] = {"checkout/new_flow", "billing/retry/max_attempts", "constructor", "a", "ui/theme",
                             "search/ranking/model", "ops/kill_switch", "x1/y_2"};
const char* const kTypes[] = {"BOOLEAN", "INTEGER", "STRING", "OBJECT", "ENUM", "TAG", "AB-TEST"};

std::string text(FuzzedDataProvider& in, std::size_t max = 48) { return in.ConsumeRandomLengthString(max); }

json string_list(FuzzedDataProvider& in) {
    json list = json::array();
    int n = in.ConsumeIntegralInRange(0, 3);
    for (int i = 0; i < n; ++i) list.push_back(text(in, 16));
    return list;
}

json make_flag(FuzzedDataProvider& in) {
    json f;
    f["description"] = text(in, 64);
    std::string type = kTypes[in.ConsumeIntegralInRange(0, 6)];
    f["type"] = type;
    bool exists = in.ConsumeBool();
    if (type == "BOOLEAN") {
        f["defaultValue"] = in.ConsumeBool();
        f["isKillSwitch"] = in.ConsumeBool();
        f["valueExists"] = exists;
        f["value"] = in.ConsumeBool();
    } else if (type == "INTEGER") {
        f["defaultValue"] = in.ConsumeIntegralInRange<std::int64_t>(-5, 5);
        f["minValue"] = -5;
        f["maxValue"] = in.ConsumeIntegralInRange<std::int64_t>(-5, 1000);
        f["valueExists"] = exists;
        f["value"] = in.ConsumeIntegralInRange<std::int64_t>(-5, 5);
    } else if (type == "STRING") {
        f["defaultValue"] = text(in);
        f["maxLength"] = in.ConsumeIntegralInRange(0, 3) == 0 ? 8 : 0;
        f["regExp"] = in.ConsumeIntegralInRange(0, 3) == 0 ? text(in, 12) : std::string();
        f["valueExists"] = exists;
        f["value"] = text(in);
    } else if (type == "OBJECT") {
        f["schema"] = in.ConsumeBool() ? std::string("{ note: string, n?: number }") : text(in, 32);
        f["defaultValue"] = in.ConsumeBool() ? "{ note: '" + text(in, 16) + "' }" : text(in, 32);
        f["valueExists"] = exists;
        f["value"] = in.ConsumeBool() ? "{ note: \"" + text(in, 16) + "\", n: 1 }" : text(in, 32);
    } else if (type == "ENUM") {
        json values = string_list(in);
        values.push_back("on");
        f["defaultValue"] = in.ConsumeBool() ? std::string("on") : text(in, 8);
        f["enumValues"] = values;
        f["allowEmpty"] = in.ConsumeBool();
        f["valueExists"] = exists;
        f["value"] = in.ConsumeBool() ? std::string("on") : text(in, 8);
    } else if (type == "TAG") {
        json values = string_list(in);
        values.push_back("t");
        f["defaultValue"] = json::array({"t"});
        f["tagValues"] = values;
        f["minCount"] = 0;
        f["maxCount"] = 0;
        f["valueExists"] = exists;
        f["value"] = in.ConsumeBool() ? json::array({"t"}) : string_list(in);
    } else {
        f["chanceBPercent"] = in.ConsumeFloatingPointInRange<double>(-1, 101);
    }
    return f;
}

std::string make_export(FuzzedDataProvider& in, const std::string& environment) {
    json e;
    e["environment"] = environment;
    e["version"] = "1.7.1";
    e["createdAt"] = "2026-11-21T10:33:08.799Z";
    json flags = json::object();
    int n = in.ConsumeIntegralInRange(0, 6);
    for (int i = 0; i < n; ++i) {
        std::string key = in.ConsumeBool() ? std::string(kKeys[in.ConsumeIntegralInRange(0, 7)]) : text(in, 24);
        flags[key] = make_flag(in);
    }
    e["flags"] = std::move(flags);
    // Invalid UTF-8 from the provider is replaced, so the export is JSON.
    return e.dump(2, ' ', false, json::error_handler_t::replace);
}

void render_all(const Analysis& a) {
    RenderOptions options;
    options.generated_at = "2026-11-21T10:33:08Z";
    for (const Renderer& r : renderers()) {
        Rendered out = render(a, r.format, options);
        if (r.executable && a.blocked) {
            require(!out.ok && out.diagnostics.size() == 1 && out.diagnostics[0].code == "plan.blocked",
                    std::string("blocked plan rendered as ") + r.format);
            continue;
        }
        if (r.needs_steps && summarize(a).selected_steps == 0) {
            require(!out.ok && out.diagnostics.size() == 1 && out.diagnostics[0].code == "plan.nothing_selected",
                    std::string("a script rendered without a selected step: ") + r.format);
            continue;
        }
        require(out.ok, std::string("render failed: ") + r.format);
        if (std::string(r.format) == "json") {
            require(nlohmann::json::accept(out.text), "the json format is not valid JSON");
            auto j = nlohmann::json::parse(out.text);
            require(j.contains("steps") && j["steps"].size() == a.plan.steps.size(), "json steps differ from the plan");
        }
    }
    Rendered unknown = render(a, "no-such-format", options);
    require(!unknown.ok && !unknown.diagnostics.empty() && unknown.diagnostics[0].code == "plan.unknown_format",
            "unknown format not reported");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    std::string source_env = in.ConsumeBool() ? std::string("staging") : text(in, 16);
    std::string source = make_export(in, source_env);
    std::string target = make_export(in, in.ConsumeBool() ? std::string("production") : source_env);
    StdRegexEngine regex;
    for (Mode mode : {Mode::Migration, Mode::Restore})
        for (bool values : {false, true}) {
            AnalyzeOptions options;
            options.mode = mode;
            options.include_values = values;
            render_all(analyze({source, "source"}, {target, "target"}, options, regex));
        }
    return 0;
}
