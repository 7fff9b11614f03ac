// Reading plan.json back (docs/plan-format.md): read_plan_file(), which
// checks the file's shape, every field and the plan's consistency, and
// reports each problem with its JSON pointer. Writing it is plan_file.cpp.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "flagplan/parse/parse.hpp"
#include "flagplan/plan/stages.hpp"
#include "flagplan/planfile/plan_file.hpp"
#include "flagplan/render/flag_json.hpp"
#include "flagplan/validate/validate.hpp"

namespace flagplan {

using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

// ---------------------------------------------------------------------------
// plan.json -> PlanFile

namespace {

/// First pass over the text: syntax (with position), depth, duplicate keys.
/// A value as visible_json() shows it.
std::string visible_value(const json& value) {
    std::string out;
    JsonWriter(out, -1, true).value(value);
    return out;
}

class ShapeCheck {
public:
    ShapeCheck(int max_depth) : max_depth_(max_depth) {}

    std::string error;         ///< syntax or depth problem
    std::string error_code;
    std::vector<std::string> duplicates;  ///< JSON pointers of repeated keys

    bool null() { return value(); }
    bool boolean(bool) { return value(); }
    bool number_integer(json::number_integer_t) { return value(); }
    bool number_unsigned(json::number_unsigned_t) { return value(); }
    bool number_float(json::number_float_t, const std::string&) { return value(); }
    bool string(json::string_t&) { return value(); }
    bool binary(json::binary_t&) { return value(); }
    bool start_object(std::size_t) { return open(true); }
    bool key(json::string_t& k) {
        Frame& f = frames_.back();
        f.key = k;
        if (!f.keys.insert(k).second) duplicates.push_back(pointer() );
        return true;
    }
    bool end_object() { return close(); }
    bool start_array(std::size_t) { return open(false); }
    bool end_array() { return close(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
        std::string message = ex.what();
        auto colon = message.find(": ");
        if (message.rfind("[json.exception", 0) == 0 && colon != std::string::npos)
            message = message.substr(colon + 2);
        error_code = "plan.syntax";
        error = "not valid JSON: " + message;
        return false;
    }

private:
    struct Frame {
        bool object;
        std::string key;
        std::size_t index = 0;
        std::set<std::string> keys;
    };
    std::vector<Frame> frames_;
    int max_depth_;

    std::string pointer() const {
        std::string out;
        for (const Frame& f : frames_)
            out += "/" + (f.object ? pointer_token(f.key) : std::to_string(f.index));
        return out;
    }
    bool value() {
        if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
        return true;
    }
    bool open(bool object) {
        if (static_cast<int>(frames_.size()) >= max_depth_) {
            error_code = "plan.syntax";
            error = "nested deeper than " + std::to_string(max_depth_) + " levels";
            return false;
        }
        frames_.push_back(Frame{object, {}, 0, {}});
        return true;
    }
    bool close() {
        frames_.pop_back();
        return value();
    }
};

std::string in_ticks(const std::string& text) { return "`" + visible_text(text) + "`"; }

const char* json_type(const json& v) {
    switch (v.type()) {
        case json::value_t::null: return "null";
        case json::value_t::boolean: return "a boolean";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned: return "an integer";
        case json::value_t::number_float: return "a number";
        case json::value_t::string: return "a string";
        case json::value_t::array: return "an array";
        case json::value_t::object: return "an object";
        default: break;
    }
    return "something else";
}

struct RawStep {
    int id = 0;
    StepMode mode = StepMode::SetValue;
    std::string key;
    int dependent_id = 0;
    int indent = 0;
    std::string old_key;               ///< RENAME
    std::optional<StageMove> stage;    ///< a stage-walk link
    std::optional<std::string> keep_stage;  ///< UPDATE_SCHEMA_DEFAULTVALUE keeping the target's stage
    const json* flag = nullptr;
    std::string pointer;
    bool selected = false;
};

class PlanReader {
public:
    PlanReader(const std::string& label, const RegexEngine& regex, const Limits& limits)
        : label_(label), regex_(regex), limits_(limits) {}

    Diagnostics diags;

    void error(const std::string& code, const std::string& message, const std::string& pointer,
               const std::string& flag_key = {}, const std::string& field = {}) {
        Diagnostic d;
        d.code = code;
        d.message = message;
        d.file = label_;
        d.pointer = pointer;
        d.flag_key = flag_key;
        d.field = field;
        diags.push_back(std::move(d));
    }

    const json* member(const json& obj, const char* name, const std::string& at, bool required = true) {
        auto it = obj.find(name);
        if (it == obj.end()) {
            if (required)
                error("plan.missing_field", "the field `" + std::string(name) + "` is missing", at + "/" + name);
            return nullptr;
        }
        return &*it;
    }

    bool get_string(const json& obj, const char* name, const std::string& at, std::string& out,
                    bool required = true) {
        const json* v = member(obj, name, at, required);
        if (!v) return false;
        if (!v->is_string()) {
            error("plan.wrong_type", "`" + std::string(name) + "` must be a string, not " + json_type(*v),
                  at + "/" + name);
            return false;
        }
        out = v->get<std::string>();
        return true;
    }

    bool get_int(const json& obj, const char* name, const std::string& at, long long min, long long max,
                 long long& out, bool required = true) {
        const json* v = member(obj, name, at, required);
        if (!v) return false;
        if (!v->is_number_integer() || (v->is_number_unsigned() && v->get<std::uint64_t>() > 1ull << 53) ||
            v->get<long long>() < min || v->get<long long>() > max) {
            error("plan.wrong_type",
                  "`" + std::string(name) + "` must be an integer from " + std::to_string(min) + " to " +
                      std::to_string(max) + ", not " + (v->is_number() ? v->dump() : json_type(*v)),
                  at + "/" + name);
            return false;
        }
        out = v->get<long long>();
        return true;
    }

    bool get_bool(const json& obj, const char* name, const std::string& at, bool& out) {
        const json* v = member(obj, name, at);
        if (!v) return false;
        if (!v->is_boolean()) {
            error("plan.wrong_type", "`" + std::string(name) + "` must be true or false, not " + json_type(*v),
                  at + "/" + name);
            return false;
        }
        out = v->get<bool>();
        return true;
    }

    void read_info(const json& root, const char* name, ExportInfo& info) {
        std::string at = std::string("/") + name;
        const json* v = member(root, name, "");
        if (!v) return;
        if (!v->is_object()) {
            error("plan.wrong_type", "`" + std::string(name) + "` must be an object, not " + json_type(*v), at);
            return;
        }
        get_string(*v, "label", at, info.label);
        get_string(*v, "environment", at, info.environment);
        get_string(*v, "version", at, info.version);
        get_string(*v, "createdAt", at, info.created_at);
        long long count = 0;
        if (get_int(*v, "flagCount", at, 0, 1ll << 53, count)) info.flag_count = static_cast<std::size_t>(count);
    }

    /// The plan's formatVersion (1 or 2), set before the steps are read.
    int version = kPlanFormatVersion;

    void read_steps(const json& root, const char* name, bool selected, std::vector<RawStep>& out) {
        const json* list = member(root, name, "");
        if (!list) return;
        std::string at = std::string("/") + name;
        if (!list->is_array()) {
            error("plan.wrong_type", "`" + std::string(name) + "` must be an array, not " + json_type(*list), at);
            return;
        }
        for (std::size_t i = 0; i < list->size(); ++i) {
            const json& s = (*list)[i];
            std::string sp = at + "/" + std::to_string(i);
            if (!s.is_object()) {
                error("plan.wrong_type", "a step must be an object, not " + std::string(json_type(s)), sp);
                continue;
            }
            RawStep step;
            step.pointer = sp;
            step.selected = selected;
            long long n = 0;
            bool ok = true;
            if (get_int(s, "id", sp, 1, 1000000000, n)) step.id = static_cast<int>(n); else ok = false;
            std::string mode;
            if (version < 2 &&
                (s.contains("oldKey") || s.contains("stage") || s.contains("keepStage") ||
                 (s.contains("mode") && s["mode"] == "RENAME"))) {
                error("plan.unsupported_step",
                      "a formatVersion 1 plan holds FlagFlow's four step modes only; RENAME steps and stage-walk "
                      "links are flagplan's own and need formatVersion 2 (make the plan again with this flagplan)",
                      sp);
                continue;
            }
            if (get_string(s, "mode", sp, mode)) {
                bool known = false;
                for (StepMode m : {StepMode::CreateDefaultValue, StepMode::UpdateSchemaDefaultValue,
                                   StepMode::SetValue, StepMode::Delete, StepMode::Rename})
                    if (mode == step_mode_name(m)) {
                        step.mode = m;
                        known = true;
                    }
                if (!known) {
                    error("plan.wrong_type",
                          "`mode` is CREATE_DEFAULTVALUE, UPDATE_SCHEMA_DEFAULTVALUE, SET_VALUE, DELETE or RENAME, "
                          "not " + in_ticks(mode),
                          sp + "/mode");
                    ok = false;
                }
            } else {
                ok = false;
            }
            if (ok && step.mode == StepMode::Rename) {
                if (get_string(s, "oldKey", sp, step.old_key)) {
                    if (!is_valid_flag_key(step.old_key)) {
                        error("plan.invalid_key",
                              "the flag key " + in_ticks(step.old_key) +
                                  " breaks the flag key rule (lowercase segments joined by `/`)",
                              sp + "/oldKey");
                        ok = false;
                    }
                } else {
                    ok = false;
                }
            } else if (ok && s.contains("oldKey")) {
                error("plan.wrong_type", "only a RENAME step has `oldKey`", sp + "/oldKey");
                ok = false;
            }
            if (ok && s.contains("stage")) {
                if (step.mode != StepMode::SetValue) {
                    error("plan.wrong_type", "only a SET_VALUE step can be a stage-walk link (`stage`)", sp + "/stage");
                    ok = false;
                } else if (!read_stage(s["stage"], sp + "/stage", step.stage)) {
                    ok = false;
                }
            }
            if (ok && s.contains("keepStage")) {
                std::string kept;
                if (step.mode != StepMode::UpdateSchemaDefaultValue) {
                    error("plan.wrong_type", "only an UPDATE_SCHEMA_DEFAULTVALUE step keeps a stage (`keepStage`)",
                          sp + "/keepStage");
                    ok = false;
                } else if (get_string(s, "keepStage", sp, kept)) {
                    step.keep_stage = kept;
                } else {
                    ok = false;
                }
            }
            if (get_string(s, "flagKey", sp, step.key)) {
                if (!is_valid_flag_key(step.key)) {
                    error("plan.invalid_key",
                          "the flag key " + in_ticks(step.key) +
                              " breaks the flag key rule (lowercase segments joined by `/`)",
                          sp + "/flagKey");
                    ok = false;
                }
            } else {
                ok = false;
            }
            if (s.contains("dependentId")) {
                if (get_int(s, "dependentId", sp, 0, 1000000000, n)) step.dependent_id = static_cast<int>(n);
                else ok = false;
            }
            if (s.contains("indent")) {
                // FlagFlow's planner indents up to 2; a stage walk adds one per link.
                if (get_int(s, "indent", sp, 0, version < 2 ? 2 : 1000000000, n)) step.indent = static_cast<int>(n);
                else ok = false;
            }
            auto flag = s.find("flag");
            if (flag != s.end()) {
                if (step.mode == StepMode::Delete && ok) {
                    error("plan.flag_unexpected", "a DELETE step carries no `flag`", sp + "/flag", step.key);
                    ok = false;
                } else if (!flag->is_object()) {
                    error("plan.wrong_type", "`flag` must be an object, not " + std::string(json_type(*flag)),
                          sp + "/flag", step.key);
                    ok = false;
                } else {
                    step.flag = &*flag;
                }
            } else if (ok && step.mode != StepMode::Delete) {
                error("plan.flag_missing",
                      std::string("a ") + step_mode_name(step.mode) + " step needs the flag it writes (`flag`)",
                      sp, step.key);
                ok = false;
            }
            // Unknown members are refused: a plan is executed, so nothing in it may be ignored.
            for (auto it = s.begin(); it != s.end(); ++it) {
                static const std::set<std::string> kKnown = {"id",     "mode",   "flagKey", "dependentId",
                                                             "indent", "oldKey", "stage",   "keepStage", "flag"};
                if (!kKnown.count(it.key()))
                    error("plan.wrong_type", "unknown step field " + in_ticks(it.key()), sp + "/" + pointer_token(it.key()));
            }
            if (ok) out.push_back(step);
        }
    }

    /// A stage-walk link's {from, to, link, links}.
    bool read_stage(const json& v, const std::string& at, std::optional<StageMove>& out) {
        if (!v.is_object()) {
            error("plan.wrong_type", "`stage` must be an object {from, to, link, links}, not " + std::string(json_type(v)),
                  at);
            return false;
        }
        StageMove move;
        long long link = 0, links = 0;
        bool ok = get_string(v, "from", at, move.from);
        ok = get_string(v, "to", at, move.to) && ok;
        ok = get_int(v, "link", at, 1, 1000, link) && ok;
        ok = get_int(v, "links", at, 1, 1000, links) && ok;
        for (auto it = v.begin(); it != v.end(); ++it)
            if (it.key() != "from" && it.key() != "to" && it.key() != "link" && it.key() != "links") {
                error("plan.wrong_type", "unknown stage field " + in_ticks(it.key()), at + "/" + pointer_token(it.key()));
                ok = false;
            }
        if (!ok) return false;
        move.link = static_cast<int>(link);
        move.links = static_cast<int>(links);
        out = move;
        return true;
    }

    /// Version 2's `renames` ([{oldKey, newKey}]) and `walkStages`; refused in version 1.
    void read_options(const json& root, PlanFile& p) {
        if (version < 2) {
            for (const char* name : {"renames", "walkStages"})
                if (root.contains(name))
                    error("plan.unsupported_step",
                          "`" + std::string(name) + "` belongs to formatVersion 2 (flagplan's own steps); a "
                          "formatVersion 1 plan holds FlagFlow's four step modes only",
                          std::string("/") + name);
            return;
        }
        get_bool(root, "walkStages", "", p.walk_stages);
        const json* list = member(root, "renames", "");
        if (!list) return;
        if (!list->is_array()) {
            error("plan.wrong_type", "`renames` must be an array of {oldKey, newKey}, not " + std::string(json_type(*list)),
                  "/renames");
            return;
        }
        for (std::size_t i = 0; i < list->size(); ++i) {
            const json& r = (*list)[i];
            std::string at = "/renames/" + std::to_string(i);
            if (!r.is_object()) {
                error("plan.wrong_type", "a rename must be an object {oldKey, newKey}", at);
                continue;
            }
            RenameSuggestion rename;
            rename.accepted = true;
            bool ok = get_string(r, "oldKey", at, rename.old_key);
            ok = get_string(r, "newKey", at, rename.new_key) && ok;
            for (auto it = r.begin(); it != r.end(); ++it)
                if (it.key() != "oldKey" && it.key() != "newKey") {
                    error("plan.wrong_type", "unknown rename field " + in_ticks(it.key()),
                          at + "/" + pointer_token(it.key()));
                    ok = false;
                }
            if (ok) p.renames.push_back(std::move(rename));
        }
    }

    struct FlagEntry {
        std::string key;
        const json* object;
        std::string pointer;
    };

    /// Reads flag objects the way FlagFlow reads an export, validates them,
    /// and checks that writing them back gives the same objects.
    /// `live`: the target's flags (the baseline), which FlagFlow neither
    /// trims nor validates (as_live_target()).
    Snapshot read_flags(const std::vector<FlagEntry>& entries, const ExportInfo& info, bool live) {
        std::string text = "{\"environment\":\"\",\"version\":\"0.0.0\",\"createdAt\":\"2000-01-01T00:00:00.000Z\",\"flags\":{";
        std::map<std::string, const FlagEntry*> by_key;
        bool first = true;
        for (const FlagEntry& e : entries) {
            by_key[e.key] = &e;
            if (!first) text += ",";
            first = false;
            JsonWriter(text, -1, false).string(e.key);  // lone surrogates as their escapes
            text += ":";
            JsonWriter(text, -1, false).value(*e.object);
        }
        text += "}}";
        ParseResult parsed = parse_export(text, "plan", limits_, /*trim=*/!live);  // the store's flags: untrimmed
        Diagnostics found = validate_snapshot(parsed.snapshot, regex_, limits_);
        parsed.diagnostics.insert(parsed.diagnostics.end(), found.begin(), found.end());
        if (live) as_live_target(parsed.diagnostics);
        std::set<std::string> bad;
        for (const Diagnostic& d : parsed.diagnostics) {
            if (d.severity != Severity::Error) continue;
            auto it = by_key.find(d.flag_key);
            std::string pointer = it != by_key.end() ? it->second->pointer : "";
            if (!d.field.empty() && it != by_key.end()) pointer += "/" + d.field;
            error("plan.invalid_flag",
                  "flag " + in_ticks(d.flag_key) + " is not a valid FlagFlow flag: " + d.message + " (" + d.code + ")",
                  pointer, d.flag_key, d.field);
            bad.insert(d.flag_key);
        }
        Snapshot out = std::move(parsed.snapshot);
        std::vector<FlagOffsets>().swap(out.offsets);  // positions in the text made here: not read again
        out.label = info.label;
        out.environment = info.environment;
        out.version = info.version;
        out.created_at = info.created_at;
        for (const Flag& f : out.flags) {
            if (bad.count(f.key)) continue;
            const FlagEntry& e = *by_key[f.key];
            std::string written_text;
            JsonWriter(written_text, -1, false).flag(f);
            json written = parse_json_text(written_text).value_or(json());
            if (written == *e.object) continue;
            std::string what;
            for (auto it = e.object->begin(); it != e.object->end() && what.empty(); ++it) {
                auto w = written.find(it.key());
                if (w == written.end())
                    what = "FlagFlow drops the field " + in_ticks(it.key()) + " for this type";
                else if (*w != it.value())
                    what = "`" + it.key() + "` reads as " + visible_value(*w) +
                           " (FlagFlow trims strings)";
            }
            if (what.empty()) what = "fields are missing";
            error("plan.flag_not_normalized",
                  "flag " + in_ticks(f.key) + " is not as FlagFlow stores it: " + what +
                      "; write it as FlagFlow exports it",
                  e.pointer, f.key);
        }
        return out;
    }

private:
    const std::string& label_;
    const RegexEngine& regex_;
    const Limits& limits_;
};

std::string step_text(int id, StepMode mode, const std::string& key, int dependent_id, const std::string& old_key,
                      const std::optional<StageMove>& stage) {
    std::string out = "#" + std::to_string(id) + " " + step_mode_name(mode) + " " +
                      (mode == StepMode::Rename ? old_key + " -> " : std::string()) + key;
    if (stage)
        out += " (stage " + std::to_string(stage->link) + "/" + std::to_string(stage->links) + ": " + stage->from +
               " -> " + stage->to + ")";
    if (dependent_id) out += " (after #" + std::to_string(dependent_id) + ")";
    return out;
}

bool same_stage(const std::optional<StageMove>& a, const std::optional<StageMove>& b) {
    if (!a || !b) return !a && !b;
    return a->from == b->from && a->to == b->to && a->link == b->link && a->links == b->links;
}

}  // namespace

PlanFileRead read_plan_file(std::string_view text, const std::string& label, const RegexEngine& regex,
                            const Limits& limits) {
    PlanFileRead out;
    PlanReader r(label, regex, limits);
    auto finish = [&]() {
        out.diagnostics = std::move(r.diags);
        out.ok = !has_errors(out.diagnostics);
        if (!out.ok) out.plan = PlanFile{};
        return out;
    };

    // A: syntax, format, version.
    if (text.size() > limits.max_input_bytes) {
        r.error("plan.too_large", "the plan is larger than " + std::to_string(limits.max_input_bytes) + " bytes", "");
        return finish();
    }
    // nlohmann/json checks the shape (its messages, duplicate keys) of the
    // text with lone surrogates masked; the tree keeps them (parse_json_text).
    const std::string masked = without_lone_surrogates(text);
    ShapeCheck shape(limits.max_depth);
    json::sax_parse(masked.begin(), masked.end(), &shape, json::input_format_t::json, true, false);
    if (!shape.error.empty()) {
        r.error(shape.error_code, text.empty() ? "the plan file is empty" : shape.error, "");
        return finish();
    }
    for (const std::string& p : shape.duplicates)
        r.error("plan.duplicate_key", "the key at " + p + " appears twice; a plan must say each thing once", p);
    if (!r.diags.empty()) return finish();
    json root = parse_json_text(text).value_or(json());
    if (!root.is_object()) {
        r.error("plan.format", "a plan is a JSON object written by `flagplan plan --format plan`", "");
        return finish();
    }
    std::string format;
    if (!r.get_string(root, "format", "", format) || format != kPlanFormat) {
        if (r.diags.empty())
            r.error("plan.format", "`format` is " + in_ticks(format) + ", not \"" + kPlanFormat + "\": not a flagplan plan",
                    "/format");
        return finish();
    }
    const json* v = r.member(root, "formatVersion", "");
    if (!v) return finish();
    if (!v->is_number_integer() || v->get<long long>() < kPlanFormatVersionFlagFlow ||
        v->get<long long>() > kPlanFormatVersion) {
        r.error("plan.format_version",
                "plan format version " + v->dump() + " is not one this flagplan reads (" +
                    std::to_string(kPlanFormatVersionFlagFlow) + " or " + std::to_string(kPlanFormatVersion) + ")" +
                    (v->is_number_integer() && v->get<long long>() > kPlanFormatVersion
                         ? "; use a newer flagplan"
                         : ""),
                "/formatVersion");
        return finish();
    }
    r.version = v->get<int>();

    // B: fields and types.
    PlanFile p;
    r.get_string(root, "generator", "", p.generator);
    r.get_string(root, "generatedAt", "", p.generated_at);
    r.get_string(root, "comment", "", p.comment, false);
    std::string mode;
    if (r.get_string(root, "mode", "", mode)) {
        auto m = parse_mode(mode);
        if (!m) r.error("plan.wrong_type", "`mode` is migration or restore, not " + in_ticks(mode), "/mode");
        else p.mode = *m;
    }
    r.read_options(root, p);
    r.get_bool(root, "blocked", "", p.blocked);
    r.read_info(root, "source", p.source);
    r.read_info(root, "target", p.target);
    std::vector<RawStep> steps;
    r.read_steps(root, "steps", true, steps);
    r.read_steps(root, "unselectedSteps", false, steps);
    const json* baseline = r.member(root, "baseline", "");
    if (baseline && !baseline->is_object()) {
        r.error("plan.wrong_type", "`baseline` must be an object (flag key -> flag or null), not " +
                                       std::string(json_type(*baseline)), "/baseline");
        baseline = nullptr;
    }
    if (const json* list = r.member(root, "diagnostics", "")) {
        if (!list->is_array()) {
            r.error("plan.wrong_type", "`diagnostics` must be an array, not " + std::string(json_type(*list)),
                    "/diagnostics");
        } else {
            for (std::size_t i = 0; i < list->size(); ++i) {
                const json& dj = (*list)[i];
                std::string at = "/diagnostics/" + std::to_string(i);
                if (!dj.is_object()) {
                    r.error("plan.wrong_type", "a diagnostic must be an object", at);
                    continue;
                }
                Diagnostic d;
                std::string severity;
                r.get_string(dj, "severity", at, severity);
                if (severity == "error") d.severity = Severity::Error;
                else if (severity == "warning") d.severity = Severity::Warning;
                else if (severity == "note") d.severity = Severity::Note;
                else r.error("plan.wrong_type", "`severity` is error, warning or note, not " + in_ticks(severity),
                             at + "/severity");
                r.get_string(dj, "code", at, d.code);
                r.get_string(dj, "message", at, d.message);
                r.get_string(dj, "file", at, d.file, false);
                r.get_string(dj, "flagKey", at, d.flag_key, false);
                r.get_string(dj, "field", at, d.field, false);
                r.get_string(dj, "pointer", at, d.pointer, false);
                long long n = 0;
                if (r.get_int(dj, "line", at, 1, 1ll << 31, n, false)) d.line = static_cast<int>(n);
                if (r.get_int(dj, "column", at, 1, 1ll << 31, n, false)) d.column = static_cast<int>(n);
                if (r.get_int(dj, "stepId", at, 1, 1ll << 31, n, false)) d.step_id = static_cast<int>(n);
                p.diagnostics.push_back(std::move(d));
            }
        }
    }
    if (has_errors(r.diags)) return finish();
    if (p.blocked || has_errors(p.diagnostics)) {
        r.error("plan.blocked",
                "the plan was made from exports with errors (blocked); fix them and make the plan again", "/blocked");
        return finish();
    }

    // C: step ids and flag presence.
    std::stable_sort(steps.begin(), steps.end(), [](const RawStep& a, const RawStep& b) { return a.id < b.id; });
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (steps[i].id != static_cast<int>(i) + 1) {
            r.error("plan.step_ids",
                    "step ids must be 1 to " + std::to_string(steps.size()) + ", each once (in `steps` and " +
                        "`unselectedSteps` together); " +
                        (i > 0 && steps[i].id == steps[i - 1].id ? "#" + std::to_string(steps[i].id) + " appears twice"
                                                                 : "#" + std::to_string(i + 1) + " is missing"),
                    steps[i].pointer + "/id");
            return finish();
        }
    }
    for (const char* name : {"steps", "unselectedSteps"}) {
        int last = 0;
        const json& list = root[name];
        for (std::size_t i = 0; i < list.size(); ++i) {
            int id = list[i]["id"].get<int>();
            if (id < last)
                r.error("plan.step_ids", "`" + std::string(name) + "` must list steps in plan order (#" +
                                             std::to_string(id) + " after #" + std::to_string(last) + ")",
                        "/" + std::string(name) + "/" + std::to_string(i) + "/id");
            last = id;
        }
    }
    if (has_errors(r.diags)) return finish();

    // D: flags, their agreement, the baseline.
    std::vector<std::string> touched;
    std::map<std::string, const RawStep*> flag_step;  // key -> first step carrying its flag
    std::unordered_set<std::string> touched_set;
    for (const RawStep& s : steps) {
        if (touched_set.insert(s.key).second) touched.push_back(s.key);
        if (s.mode == StepMode::Rename && touched_set.insert(s.old_key).second) touched.push_back(s.old_key);
        if (!s.flag) continue;
        auto it = flag_step.find(s.key);
        if (it == flag_step.end()) {
            flag_step.emplace(s.key, &s);
        } else if (*it->second->flag != *s.flag) {
            r.error("plan.flag_mismatch",
                    "step #" + std::to_string(s.id) + " carries another flag for " + in_ticks(s.key) + " than step #" +
                        std::to_string(it->second->id) + "; every step of a flag writes the same source flag",
                    s.pointer + "/flag", s.key);
        }
    }
    std::vector<PlanReader::FlagEntry> source_entries, baseline_entries;
    for (const std::string& key : touched) {
        auto it = flag_step.find(key);
        if (it != flag_step.end()) source_entries.push_back({key, it->second->flag, it->second->pointer + "/flag"});
    }
    if (baseline) {
        for (const std::string& key : touched) {
            auto it = baseline->find(key);
            std::string at = "/baseline/" + pointer_token(key);
            if (it == baseline->end()) {
                r.error("plan.baseline",
                        "the baseline has no entry for " + in_ticks(key) +
                            ", which a step touches (null when the target has no such flag)",
                        "/baseline", key);
            } else if (it->is_object()) {
                baseline_entries.push_back({key, &*it, at});
            } else if (!it->is_null()) {
                r.error("plan.wrong_type", "a baseline entry is a flag object or null, not " + std::string(json_type(*it)),
                        at, key);
            }
        }
        for (auto it = baseline->begin(); it != baseline->end(); ++it)
            if (!touched_set.count(it.key()))
                r.error("plan.baseline", "the baseline lists " + in_ticks(it.key()) + ", which no step touches",
                        "/baseline/" + pointer_token(it.key()), it.key());
    }
    if (has_errors(r.diags)) return finish();
    p.source_flags = r.read_flags(source_entries, p.source, false);
    p.baseline = r.read_flags(baseline_entries, p.target, true);
    if (has_errors(r.diags)) return finish();
    p.touched = touched;

    // E: the steps follow from the flags (and, in version 2, the recorded
    // options); the selection and environments are valid.
    p.plan = compute_plan(p.source_flags, p.baseline);
    if (!p.renames.empty()) {
        std::vector<RenameSuggestion> suggestions = find_renames(p.source_flags, p.baseline);
        for (std::size_t i = 0; i < p.renames.size(); ++i) {
            const RenameSuggestion& listed = p.renames[i];
            auto it = std::find_if(suggestions.begin(), suggestions.end(), [&](const RenameSuggestion& s) {
                return s.old_key == listed.old_key && s.new_key == listed.new_key;
            });
            if (it == suggestions.end()) {
                r.error("plan.inconsistent",
                        "`renames` lists " + in_ticks(listed.old_key) + " -> " + in_ticks(listed.new_key) +
                            ", which is not a rename flagplan suggests for the steps' flags and the baseline "
                            "(same type, schema and description, one deleted and one created flag)",
                        "/renames/" + std::to_string(i), listed.new_key);
                return finish();
            }
            if (it->accepted) {
                r.error("plan.inconsistent", "`renames` lists " + in_ticks(listed.old_key) + " -> " +
                                                 in_ticks(listed.new_key) + " twice",
                        "/renames/" + std::to_string(i), listed.new_key);
                return finish();
            }
            it->accepted = true;
        }
        p.plan = apply_renames(p.source_flags, p.baseline, std::move(p.plan), suggestions);
        p.renames.clear();
        for (const RenameSuggestion& s : suggestions)
            if (s.accepted) p.renames.push_back(s);  // in suggestion order, as make_plan_file() lists them
    }
    // Kept stages (--keep-stages, implied by a walk) before the walk, as analyze() does.
    const bool keep = p.walk_stages || std::any_of(steps.begin(), steps.end(),
                                                   [](const RawStep& s) { return s.keep_stage.has_value(); });
    if (keep) p.plan = keep_stages(p.source_flags, p.baseline, std::move(p.plan));
    if (p.walk_stages) p.plan = walk_stages(p.source_flags, p.baseline, std::move(p.plan));
    const std::string planner = r.version < 2 ? "FlagFlow's planner makes from the steps' flags and the baseline"
                                              : "FlagFlow's planner makes from the steps' flags and the baseline, "
                                                "with the listed `renames` and `walkStages`";
    std::size_t n = std::max(p.plan.steps.size(), steps.size());
    for (std::size_t i = 0; i < n; ++i) {
        const Step* want = i < p.plan.steps.size() ? &p.plan.steps[i] : nullptr;
        const RawStep* have = i < steps.size() ? &steps[i] : nullptr;
        if (want && have && want->mode == have->mode && want->flag_key == have->key &&
            want->dependent_id == have->dependent_id && want->indent == have->indent &&
            want->old_key == have->old_key && same_stage(want->stage, have->stage) &&
            want->keep_stage == have->keep_stage)
            continue;
        std::string message = "the steps are not what " + planner + ": ";
        if (!have)
            message += "step " +
                       step_text(want->id, want->mode, want->flag_key, want->dependent_id, want->old_key, want->stage) +
                       " is missing";
        else if (!want)
            message += "step " +
                       step_text(have->id, have->mode, have->key, have->dependent_id, have->old_key, have->stage) +
                       " should not be there";
        else
            message += "step #" + std::to_string(have->id) + " is " +
                       step_text(have->id, have->mode, have->key, have->dependent_id, have->old_key, have->stage) +
                       " (indent " + std::to_string(have->indent) + "), expected " +
                       step_text(want->id, want->mode, want->flag_key, want->dependent_id, want->old_key, want->stage) +
                       " (indent " + std::to_string(want->indent) + ")";
        r.error("plan.inconsistent", message, have ? have->pointer : "/steps", have ? have->key : want->flag_key);
        return finish();
    }
    p.selected.assign(p.plan.steps.size(), false);
    for (const RawStep& s : steps) p.selected[s.id - 1] = s.selected;
    for (const Diagnostic& d : check_selection(p.plan, p.selected)) {
        int id = 0;
        for (const RawStep& s : steps)
            if (s.key == d.flag_key && s.selected && s.dependent_id && !p.selected[s.dependent_id - 1]) id = s.id;
        std::string pointer;
        for (const RawStep& s : steps)
            if (s.id == id) pointer = s.pointer;
        r.error("plan.missing_prerequisite", d.message, pointer, d.flag_key);
    }
    if (p.mode == Mode::Migration && p.source.environment == p.target.environment)
        r.error("plan.environment", "a migration plan needs two different environments, but source and target are " +
                                        in_ticks(p.source.environment), "/target/environment");
    if (p.mode == Mode::Restore && p.source.environment != p.target.environment)
        r.error("plan.environment", "a restore plan needs source and target from the same environment, not " +
                                        in_ticks(p.source.environment) + " and " + in_ticks(p.target.environment),
                "/target/environment");
    if (has_errors(r.diags)) return finish();
    out.plan = std::move(p);
    return finish();
}

}  // namespace flagplan
