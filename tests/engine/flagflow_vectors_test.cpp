// Differential test against FlagFlow 1.7.1's own modules: every case of
// ../shared/reference/flagflow-vectors/ (validators.json, plans.json,
// comparer.json; their README gives the formats) is run through the native
// engine and its verdict compared with FlagFlow's. tests/web/flagflow-vectors.test.mjs
// runs the same cases through the wasm module with the same rules.
//
// How a FlagFlow verdict maps onto flagplan's diagnostics (the engine has one
// entry point, analyze(); every case is an export, or a pair of exports):
//   zod refuses the file / flag            an error about the flag (FlagFlow refuses the file)
//   zod accepts it                         no file.* / key.* error
//   flagSchemaValidator message (non-empty)   a schema.* error
//   flagValueValidator message (non-empty)    a value.* error, compared only when the schema
//                                           is valid (FlagFlow reports the schema's problem
//                                           first and refuses the flag either way)
//     (the validators' result on zod's output, `afterZod`, when there is one;
//      only for zod-accepted flags: the README calls the rest informational)
//   parseObjectSchemaString fails           a schema.object.* error that is not schema.object.default.*
//   validateObjectSchema fails              a value.object.* error (flag with defaultValue = value = the text)
//   generateMigrationSteps throws           the analysis is blocked by an error of the source
//   ... returns steps                       not blocked by any error, and the same steps
//                                           (id, mode, flagKey, dependentId, indent)
//   isEqualFlagSchema false                 the plan of {key: override} onto {key: current}
//                                           has an UPDATE_SCHEMA_DEFAULTVALUE or a DELETE
//   isEqualFlagValue false                  (observable only when the schemas are equal, as in
//                                           FlagFlow's planner) the plan has a SET_VALUE
// environment.* and selection.* findings depend on the mode this test picks
// and are ignored. Message texts are not compared (FlagFlow's come from
// chevrotain and V8).
//
// Deliberate deviations: tests/fixtures/flagflow_deviations.json, the one
// table ({id, reason, engines?}) both this test and the node test read; the same list,
// with examples, is docs/flagflow-differences.md. Any other disagreement fails.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/js/js_regex.hpp"
#include "flagplan/parse/parse.hpp"

#ifndef FLAGPLAN_SOURCE_DIR
#define FLAGPLAN_SOURCE_DIR "."
#endif

namespace flagplan {
namespace {

using nlohmann::json;

const std::string kVectors = std::string(FLAGPLAN_SOURCE_DIR) + "/../shared/reference/flagflow-vectors/";

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream s;
    s << in.rdbuf();
    out = s.str();
    return true;
}

/// The raw JSON text of member `name` of the top-level object in `line`
/// (bytes as in the file: lone surrogate escapes, number spellings kept);
/// "" when absent.
std::string raw_member(const std::string& line, const std::string& name) {
    const std::string quoted = "\"" + name + "\"";
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') {
            if (depth == 1 && line.compare(i, quoted.size(), quoted) == 0) {
                std::size_t j = i + quoted.size();
                while (j < line.size() && line[j] == ' ') ++j;
                if (j < line.size() && line[j] == ':') {
                    ++j;
                    while (j < line.size() && line[j] == ' ') ++j;
                    // The value: scan to its end at depth 1.
                    std::size_t start = j;
                    int d = 0;
                    bool s = false;
                    for (; j < line.size(); ++j) {
                        char v = line[j];
                        if (s) {
                            if (v == '\\') ++j;
                            else if (v == '"') s = false;
                            continue;
                        }
                        if (v == '"') s = true;
                        else if (v == '{' || v == '[') ++d;
                        else if (v == '}' || v == ']') {
                            if (d == 0) break;
                            --d;
                        } else if (v == ',' && d == 0) break;
                    }
                    return line.substr(start, j - start);
                }
            }
            in_string = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return "";
}

/// One case: its parsed members, and its line for raw_member().
struct Case {
    json data;
    std::string line;
};

/// The cases of `array` in a vectors file (one case per line).
std::vector<Case> read_cases(const std::string& text, const std::string& array) {
    std::vector<Case> out;
    std::istringstream in(text);
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        if (line.rfind("\"" + array + "\":[", 0) == 0) {
            inside = true;
            continue;
        }
        if (!inside) continue;
        if (line.rfind("{\"id\"", 0) != 0) {
            inside = false;
            continue;
        }
        if (!line.empty() && line.back() == ',') line.pop_back();
        out.push_back({json::parse(without_lone_surrogates(line)), line});
    }
    return out;
}

std::map<std::string, std::string> read_deviations() {
    std::string text;
    std::map<std::string, std::string> out;
    if (!read_file(std::string(FLAGPLAN_SOURCE_DIR) + "/tests/fixtures/flagflow_deviations.json", text)) return out;
    const json table = json::parse(text);
    for (const json& row : table.at("deviations")) {
        // A row may name the engines it applies to ("native", "wasm"); default both.
        if (row.contains("engines") &&
            std::find(row.at("engines").begin(), row.at("engines").end(), "native") == row.at("engines").end())
            continue;
        out[row.at("id").get<std::string>()] = row.at("reason").get<std::string>();
    }
    return out;
}

std::string export_text(const std::string& environment, const std::string& flags_json) {
    return "{\"environment\":\"" + environment +
           "\",\"version\":\"1.7.1\",\"createdAt\":\"2026-12-03T00:00:00.000Z\",\"flags\":" + flags_json + "}";
}

const std::string kKey = "vectors/flag";

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

/// What flagplan says about one export's flags, in FlagFlow's terms.
struct Verdicts {
    bool refused = false;        ///< file.* / key.* error (zod would refuse)
    bool schema_error = false;   ///< schema.* error
    bool object_schema_error = false;  ///< schema.object.* but not schema.object.default.*
    bool value_error = false;    ///< value.* error
    bool rewrite_warned = false; ///< an object.flagflow_rejects warning
    std::string codes;           ///< every error code, for the failure message
};

/// An object.flagflow_rejects warning among `diagnostics`.
bool warns_rewrite(const Diagnostics& diagnostics) {
    for (const Diagnostic& d : diagnostics)
        if (d.severity == Severity::Warning && d.code == "object.flagflow_rejects") return true;
    return false;
}

Verdicts verdicts_of(const Diagnostics& diagnostics, const std::string& label) {
    Verdicts v;
    v.rewrite_warned = warns_rewrite(diagnostics);
    for (const Diagnostic& d : diagnostics) {
        if (d.severity != Severity::Error || d.file != label) continue;
        v.codes += d.code + " ";
        if (starts_with(d.code, "file.") || starts_with(d.code, "key.")) v.refused = true;
        if (starts_with(d.code, "schema.")) v.schema_error = true;
        if (starts_with(d.code, "schema.object.") && !starts_with(d.code, "schema.object.default."))
            v.object_schema_error = true;
        if (starts_with(d.code, "value.")) v.value_error = true;
    }
    return v;
}

Verdicts check_flag_json(const std::string& flag_json, const RegexEngine& regex) {
    std::string text = export_text("vectors", "{\"" + kKey + "\":" + flag_json + "}");
    ExportCheck checked = check_export({text, "source"}, Limits{}, regex);
    return verdicts_of(checked.diagnostics, "source");
}

/// Agreement counts of one file, printed at the end of each test.
struct Tally {
    std::string file;
    int cases = 0, agree = 0, deviations = 0;
    std::vector<std::string> wrong;

    /// `rewrite_warned`: flagplan warned object.flagflow_rejects. A listed
    /// deviation of the kind "FlagFlow's text rewrite refuses valid
    /// JavaScript flagplan accepts" must come with that warning.
    void record(const std::string& id, const std::string& disagreement,
                const std::map<std::string, std::string>& deviations_table, bool rewrite_warned = false) {
        ++cases;
        bool listed = deviations_table.count(id) > 0;
        if (listed && deviations_table.at(id).find("text substitutions") != std::string::npos && !rewrite_warned)
            wrong.push_back(id + ": FlagFlow's text rewrite refuses it and flagplan accepts it, without the "
                                 "object.flagflow_rejects warning");
        if (disagreement.empty()) {
            ++agree;
            if (listed) wrong.push_back(id + ": listed as a deviation but agrees with FlagFlow (remove the row)");
        } else if (listed) {
            ++deviations;
        } else {
            wrong.push_back(id + ": " + disagreement);
        }
    }
    void print() const {
        std::printf("[flagflow-vectors native] %s: %d/%d agree, %d listed deviations, %d disagree\n", file.c_str(),
                    agree, cases, deviations, static_cast<int>(wrong.size()));
    }
    void expect_clean() const {
        print();
        std::string all;
        for (std::size_t i = 0; i < wrong.size(); ++i) all += wrong[i] + "\n";
        EXPECT_TRUE(wrong.empty()) << wrong.size() << " disagreement(s) with FlagFlow not in "
                                   << "tests/fixtures/flagflow_deviations.json:\n" << all;
    }
};

class FlagflowVectors : public ::testing::Test {
protected:
    void SetUp() override {
        std::string probe;
        if (!read_file(kVectors + "README.md", probe))
            GTEST_SKIP() << "FlagFlow reference vectors not found at " << kVectors
                         << " (the folder ../shared/reference/flagflow-vectors next to the repository)";
        deviations = read_deviations();
    }
    std::vector<Case> load(const std::string& file, const std::string& array) {
        std::string text;
        EXPECT_TRUE(read_file(kVectors + file, text)) << file;
        return read_cases(text, array);
    }
    std::map<std::string, std::string> deviations;
    StdRegexEngine regex;
};

std::string yes(bool b) { return b ? "yes" : "no"; }

TEST_F(FlagflowVectors, FlagValidatorsAndImportSchema) {
    std::vector<Case> cases = load("validators.json", "flagCases");
    ASSERT_EQ(cases.size(), 989u);
    Tally tally{"validators.json flagCases"};
    for (const Case& c : cases) {
        const json& d = c.data;
        Verdicts v = check_flag_json(raw_member(c.line, "flag"), regex);
        bool zod_ok = d.at("zod").at("success").get<bool>();
        std::string why;
        bool refused = zod_ok ? v.refused : !v.codes.empty();
        if (zod_ok == refused)
            why += std::string("import schema ") + (zod_ok ? "accepts" : "refuses") + ", flagplan " +
                   (refused ? "refuses" : "accepts") + "; ";
        if (zod_ok) {
            const json& e = d.contains("afterZod") ? d.at("afterZod") : d.at("expected");
            bool schema_bad = !e.at("schemaError").get<std::string>().empty();
            bool value_bad = !e.at("valueError").get<std::string>().empty();
            if (schema_bad != v.schema_error)
                why += "schema error: FlagFlow " + yes(schema_bad) + " (" + e.at("schemaError").get<std::string>() +
                       "), flagplan " + yes(v.schema_error) + "; ";
            if (!schema_bad && value_bad != v.value_error)
                why += "value error: FlagFlow " + yes(value_bad) + " (" + e.at("valueError").get<std::string>() +
                       "), flagplan " + yes(v.value_error) + "; ";
        }
        if (!why.empty()) why += "flagplan's errors: " + v.codes;
        tally.record(d.at("id").get<std::string>(), why, deviations, v.rewrite_warned);
    }
    tally.expect_clean();
}

TEST_F(FlagflowVectors, ObjectSchemasAndValues) {
    std::vector<Case> cases = load("validators.json", "objectCases");
    ASSERT_EQ(cases.size(), 294u);
    Tally tally{"validators.json objectCases"};
    for (const Case& c : cases) {
        const json& d = c.data;
        const std::string kind = d.at("valueKind");
        const std::string id = d.at("id");
        if (kind == "js") {
            // undefined, NaN, holes: no export can carry them.
            tally.record(id, "the value is not JSON (" + d.at("valueJs").get<std::string>() +
                                 "): no export can carry it", deviations);
            continue;
        }
        std::string value = kind == "string" ? d.at("value").get<std::string>()
                            : kind == "json" ? d.at("viaJsonString").at("value").get<std::string>()
                                             : std::string("{}");
        json flag = {{"description", ""}, {"type", "OBJECT"}, {"schema", d.at("schema")},
                     {"defaultValue", value}, {"valueExists", kind != "none"}, {"value", value}};
        Verdicts v = check_flag_json(flag.dump(), regex);
        // A JSON value is compared as the text an export carries (viaJsonString).
        json e = d.at("expected");
        if (kind == "json") e["valueError"] = d.at("viaJsonString").at("valueError");
        bool schema_bad = !e.at("schemaError").get<std::string>().empty();
        std::string why;
        if (v.refused) why += "flagplan refuses the export; ";
        if (schema_bad != v.object_schema_error)
            why += "schema: FlagFlow " + yes(schema_bad) + " (" + e.at("schemaError").get<std::string>() +
                   "), flagplan " + yes(v.object_schema_error) + "; ";
        if (kind != "none" && !e.at("valueError").is_null()) {
            bool value_bad = !e.at("valueError").get<std::string>().empty();
            if (!schema_bad && value_bad != v.value_error)
                why += "value: FlagFlow " + yes(value_bad) + " (" + e.at("valueError").get<std::string>() +
                       "), flagplan " + yes(v.value_error) + "; ";
        }
        if (d.contains("asFlag")) {
            bool flag_schema_bad = !d.at("asFlag").at("schemaError").get<std::string>().empty();
            if (flag_schema_bad != v.schema_error)
                why += "as a flag, schema error: FlagFlow " + yes(flag_schema_bad) + ", flagplan " +
                       yes(v.schema_error) + "; ";
        }
        if (!why.empty()) why += "flagplan's errors: " + v.codes;
        tally.record(id, why, deviations, v.rewrite_warned);
    }
    tally.expect_clean();
}

/// The steps of `analysis` in the vectors' shape.
json steps_json(const Plan& plan) {
    json out = json::array();
    for (const Step& s : plan.steps) {
        json step = {{"id", s.id}, {"mode", step_mode_name(s.mode)}, {"flagKey", s.flag_key}};
        if (s.dependent_id) step["dependentId"] = s.dependent_id;
        if (s.indent) step["indent"] = s.indent;
        out.push_back(std::move(step));
    }
    return out;
}

bool blocking(const Diagnostic& d) {
    return d.severity == Severity::Error && !starts_with(d.code, "environment.") && !starts_with(d.code, "selection.");
}

Analysis plan_of(const std::string& source_text, const std::string& target_text, const RegexEngine& regex) {
    AnalyzeOptions options;
    options.allow_mass_delete = true;  // guard.mass_delete asks the operator; it is no verdict on the files
    return analyze({source_text, "source"}, {target_text, "target"}, options, regex);
}

TEST_F(FlagflowVectors, Plans) {
    std::vector<Case> cases = load("plans.json", "plans");
    ASSERT_EQ(cases.size(), 312u);
    Tally tally{"plans.json"};
    for (const Case& c : cases) {
        const json& d = c.data;
        std::string target = export_text("vectors-target", raw_member(c.line, "targetFlags"));
        Analysis a = plan_of(raw_member(c.line, "source"), target, regex);
        std::string errors;
        bool blocked = false, source_error = false;
        for (const Diagnostic& g : a.diagnostics)
            if (blocking(g)) {
                blocked = true;
                source_error = source_error || g.file == "source";
                errors += g.file + ":" + g.code + (g.flag_key.empty() ? "" : "@" + g.flag_key) + " ";
            }
        bool zod_ok = d.at("zod").at("success").get<bool>();
        bool ok = d.at("expected").at("ok").get<bool>();
        std::string why;
        if (!zod_ok || !ok) {
            if (!source_error)
                why = std::string(zod_ok ? "FlagFlow's planner throws (" + d.at("expected").at("error").get<std::string>() + ")"
                                         : "FlagFlow's import schema refuses the source") +
                      ", flagplan " + (blocked ? "blocks only on the target: " + errors : std::string("does not block"));
        } else {
            if (blocked) why += "FlagFlow plans it, flagplan blocks: " + errors + "; ";
            json ours = steps_json(a.plan);
            const json& theirs = d.at("expected").at("steps");
            if (ours != theirs) why += "steps differ: FlagFlow " + theirs.dump() + ", flagplan " + ours.dump();
        }
        tally.record(d.at("id").get<std::string>(), why, deviations, warns_rewrite(a.diagnostics));
    }
    tally.expect_clean();
}

TEST_F(FlagflowVectors, Comparer) {
    std::vector<Case> cases = load("comparer.json", "cases");
    ASSERT_EQ(cases.size(), 247u);
    Tally tally{"comparer.json"};
    for (const Case& c : cases) {
        const json& d = c.data;
        const json& e = d.at("expected");
        const std::string id = d.at("id");
        if (!e.at("isEqualFlagSchemaThrows").get<std::string>().empty() ||
            !e.at("isEqualFlagValueThrows").get<std::string>().empty()) {
            tally.record(id, "FlagFlow's comparer throws: " + e.at("isEqualFlagSchemaThrows").get<std::string>() +
                                 e.at("isEqualFlagValueThrows").get<std::string>(), deviations);
            continue;
        }
        std::string flags_target = "{\"" + kKey + "\":" + raw_member(c.line, "current") + "}";
        std::string flags_source = "{\"" + kKey + "\":" + raw_member(c.line, "override") + "}";
        Analysis a = plan_of(export_text("vectors", flags_source), export_text("vectors-target", flags_target), regex);
        bool schema_step = false, value_step = false;
        for (const Step& s : a.plan.steps) {
            schema_step = schema_step || s.mode == StepMode::UpdateSchemaDefaultValue || s.mode == StepMode::Delete;
            value_step = value_step || s.mode == StepMode::SetValue;
        }
        std::string why;
        bool schema_equal = e.at("isEqualFlagSchema").get<bool>();
        if (schema_equal == schema_step)
            why += "isEqualFlagSchema " + std::string(schema_equal ? "true" : "false") + ", flagplan's plan " +
                   (schema_step ? "changes" : "keeps") + " the schema; ";
        if (schema_equal && !schema_step && e.at("isEqualFlagValue").is_boolean()) {
            bool value_equal = e.at("isEqualFlagValue").get<bool>();
            if (value_equal == value_step)
                why += "isEqualFlagValue " + std::string(value_equal ? "true" : "false") + ", flagplan's plan " +
                       (value_step ? "sets" : "keeps") + " the value; ";
        }
        if (!why.empty()) why += "steps " + steps_json(a.plan).dump();
        tally.record(id, why, deviations);
    }
    tally.expect_clean();
}

}  // namespace
}  // namespace flagplan
