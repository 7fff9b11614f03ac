// The side by side of two exports (compare.hpp).
#include "flagplan/compare/compare.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "flagplan/js/object_literal.hpp"
#include "flagplan/plan/plan.hpp"
#include "flagplan/render/flag_json.hpp"

namespace flagplan {
namespace {

using ojson = nlohmann::ordered_json;

/// How a field's text is cut for the diff.
enum class Unit { Whole, Character, Element, Line };

bool is_value_field(Field f) { return f == Field::ValueExists || f == Field::Value; }

bool is_object_literal(const Flag& flag, Field f) {
    return flag.type == FlagType::Object && (f == Field::DefaultValue || f == Field::Value);
}

/// The field as JSON (description and type included).
nlohmann::json json_of(const Flag& flag, Field f) {
    if (f == Field::Description) return flag.description;
    if (f == Field::Type) return flag_type_name(flag.type);
    return field_json(flag, f);
}

std::string dump(const nlohmann::json& v) { return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

/// An OBJECT literal as pretty-printed JSON (2 spaces), or as written when it does not read.
std::string pretty_literal(const std::string& literal) {
    LiteralJson canonical = object_literal_to_json(literal, Limits{}.max_object_depth);
    if (canonical.json.empty()) return literal;
    ojson tree = ojson::parse(canonical.json, nullptr, false);
    if (tree.is_discarded()) return literal;
    return tree.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// The text a person reads and the unit it is diffed by.
std::pair<std::string, Unit> shown(const Flag& flag, Field f) {
    const nlohmann::json v = json_of(flag, f);
    if (is_object_literal(flag, f) && v.is_string()) {
        std::string text = pretty_literal(v.get<std::string>());
        return {text, text.find('\n') == std::string::npos ? Unit::Character : Unit::Line};
    }
    if (f == Field::Type) return {v.get<std::string>(), Unit::Whole};
    if (v.is_string()) {
        const std::string& text = v.get_ref<const std::string&>();
        return {text, text.find('\n') == std::string::npos ? Unit::Character : Unit::Line};
    }
    if (v.is_array()) {
        std::string text = "[";
        for (std::size_t i = 0; i < v.size(); ++i) text += (i ? ", " : "") + dump(v[i]);
        return {text + "]", Unit::Element};
    }
    return {dump(v), Unit::Whole};
}

/// The tokens of `text` by `unit`; for Element, the list's elements (as
/// shown() writes them, without brackets and separators).
std::vector<std::string_view> tokens(std::string_view text, Unit unit, const nlohmann::json& list) {
    std::vector<std::string_view> out;
    if (unit == Unit::Whole) {
        out.push_back(text);
    } else if (unit == Unit::Character) {
        for (std::size_t i = 0; i < text.size();) {
            std::size_t n = 1;
            while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xc0) == 0x80) ++n;
            out.push_back(text.substr(i, n));
            i += n;
        }
    } else if (unit == Unit::Line) {
        for (std::size_t i = 0; i < text.size();) {
            std::size_t end = text.find('\n', i);
            end = end == std::string_view::npos ? text.size() : end + 1;
            out.push_back(text.substr(i, end - i));
            i = end;
        }
    } else {
        std::size_t at = 1;  // after "["
        for (const auto& element : list) {
            std::size_t n = dump(element).size();
            out.push_back(text.substr(at, n));
            at += n + 2;  // ", "
        }
    }
    return out;
}

void add_part(std::vector<DiffPart>& parts, std::string_view text, bool changed) {
    if (text.empty()) return;
    if (!parts.empty() && parts.back().changed == changed) parts.back().text.append(text);
    else parts.push_back({std::string(text), changed});
}

std::vector<DiffPart> parts_of(const std::vector<std::string_view>& toks, const std::vector<bool>& changed, Unit unit) {
    std::vector<DiffPart> parts;
    if (unit == Unit::Element) add_part(parts, "[", false);
    for (std::size_t i = 0; i < toks.size(); ++i) {
        if (unit == Unit::Element && i > 0) add_part(parts, ", ", false);
        add_part(parts, toks[i], changed[i]);
    }
    if (unit == Unit::Element) add_part(parts, "]", false);
    return parts;
}

FieldComparison compare_field(const Flag* source, const Flag* target, Field f) {
    FieldComparison c;
    c.field = f;
    c.in_source = source != nullptr;
    c.in_target = target != nullptr;
    nlohmann::json sv, tv;
    if (source) sv = json_of(*source, f);
    if (target) tv = json_of(*target, f);
    if (source && target && sv == tv && is_object_literal(*source, f) == is_object_literal(*target, f)) {  // one text
        c.source_text = c.target_text = shown(*source, f).first;
        return c;
    }
    Unit su = Unit::Whole, tu = Unit::Whole;
    if (source) std::tie(c.source_text, su) = shown(*source, f);
    if (target) std::tie(c.target_text, tu) = shown(*target, f);
    c.differs = true;
    if (!source || !target) return c;
    // Both sides the same unit (a one-line and a multi-line text diff by lines).
    Unit unit = su == tu ? su : (su == Unit::Whole || tu == Unit::Whole ? Unit::Whole : Unit::Line);
    if (unit == Unit::Element && (!sv.is_array() || !tv.is_array())) unit = Unit::Whole;
    std::vector<std::string_view> a = tokens(c.source_text, unit, sv), b = tokens(c.target_text, unit, tv);
    std::vector<bool> ac, bc;
    diff_tokens(a, b, ac, bc);
    c.source_parts = parts_of(a, ac, unit);
    c.target_parts = parts_of(b, bc, unit);
    return c;
}

/// The step that writes field `f` of `key` (compare.hpp, FieldComparison::step_id).
int writing_step(const Plan& plan, const std::vector<int>& ids, Field f) {
    auto last = [&](StepMode mode) {
        int found = 0;
        for (int id : ids)
            if (plan.steps[id - 1].mode == mode) found = id;
        return found;
    };
    if (is_value_field(f))
        if (int id = last(StepMode::SetValue)) return id;
    for (StepMode mode : {StepMode::CreateDefaultValue, StepMode::UpdateSchemaDefaultValue, StepMode::Rename,
                          StepMode::Delete})
        if (int id = last(mode)) return id;
    return 0;
}

}  // namespace

const char* flag_status_name(FlagStatus status) {
    switch (status) {
        case FlagStatus::Unchanged: return "unchanged";
        case FlagStatus::Changed: return "changed";
        case FlagStatus::Added: return "added";
        case FlagStatus::Removed: return "removed";
        case FlagStatus::Retyped: return "retyped";
    }
    return "unchanged";
}

void diff_tokens(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                 std::vector<bool>& a_changed, std::vector<bool>& b_changed, std::size_t max_cells) {
    a_changed.assign(a.size(), true);
    b_changed.assign(b.size(), true);
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) a_changed[head] = b_changed[head] = false, ++head;
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
        a_changed[a.size() - 1 - tail] = b_changed[b.size() - 1 - tail] = false;
        ++tail;
    }
    const std::size_t n = a.size() - head - tail, m = b.size() - head - tail;
    if (n == 0 || m == 0 || (n + 1) * (m + 1) > max_cells) return;
    // lcs[i][j]: the common subsequence's length of a[head+i..] and b[head+j..].
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [m](std::size_t i, std::size_t j) { return i * (m + 1) + j; };
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            lcs[at(i, j)] = a[head + i] == b[head + j] ? lcs[at(i + 1, j + 1)] + 1
                                                       : std::max(lcs[at(i + 1, j)], lcs[at(i, j + 1)]);
    for (std::size_t i = 0, j = 0; i < n && j < m;) {
        if (a[head + i] == b[head + j]) {
            a_changed[head + i++] = b_changed[head + j++] = false;
        } else if (lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
            ++i;
        } else {
            ++j;
        }
    }
}

std::vector<FlagComparison> compare_flags(const Analysis& analysis, bool unchanged_fields) {
    std::map<std::string_view, std::pair<const Flag*, const Flag*>> keys;
    if (analysis.source.readable)
        for (const Flag& f : analysis.source.flags) keys[f.key].first = &f;
    if (analysis.target.readable)
        for (const Flag& f : analysis.target.flags) keys[f.key].second = &f;
    std::unordered_map<std::string_view, std::vector<int>> steps;
    for (const Step& s : analysis.plan.steps) {
        steps[s.flag_key].push_back(s.id);
        if (s.mode == StepMode::Rename && !s.old_key.empty()) steps[s.old_key].push_back(s.id);
    }
    std::unordered_map<std::string_view, int> findings;
    for (const Diagnostic& d : analysis.diagnostics)
        if (!d.flag_key.empty()) ++findings[d.flag_key];

    std::vector<FlagComparison> out;
    out.reserve(keys.size());
    for (const auto& [key, flags] : keys) {
        const auto [source, target] = flags;
        FlagComparison c;
        c.key = std::string(key);
        if (source) c.source_type = flag_type_name(source->type);
        if (target) c.target_type = flag_type_name(target->type);
        if (auto found = steps.find(key); found != steps.end()) c.step_ids = found->second;
        std::sort(c.step_ids.begin(), c.step_ids.end());
        if (auto found = findings.find(key); found != findings.end()) c.finding_count = found->second;
        if (!unchanged_fields && source && target && same_flag(*source, *target)) {
            c.status = FlagStatus::Unchanged;
            out.push_back(std::move(c));
            continue;
        }
        std::vector<Field> fields;
        for (const Flag* flag : {source, target})
            if (flag)
                for (Field f : fields_of(flag->type))
                    if (std::find(fields.begin(), fields.end(), f) == fields.end()) fields.push_back(f);
        std::stable_partition(fields.begin(), fields.end(), [](Field f) { return f == Field::Type; });
        for (Field f : fields) {
            const bool in_source = source && std::find(fields_of(source->type).begin(), fields_of(source->type).end(), f) !=
                                                 fields_of(source->type).end();
            const bool in_target = target && std::find(fields_of(target->type).begin(), fields_of(target->type).end(), f) !=
                                                 fields_of(target->type).end();
            FieldComparison fc = compare_field(in_source ? source : nullptr, in_target ? target : nullptr, f);
            if (fc.differs) fc.step_id = writing_step(analysis.plan, c.step_ids, f);
            c.fields.push_back(std::move(fc));
        }
        const bool any = std::any_of(c.fields.begin(), c.fields.end(), [](const FieldComparison& f) { return f.differs; });
        c.status = !target               ? FlagStatus::Added
                   : !source             ? FlagStatus::Removed
                   : source->type != target->type ? FlagStatus::Retyped
                   : any                 ? FlagStatus::Changed
                                         : FlagStatus::Unchanged;
        out.push_back(std::move(c));
    }
    return out;
}

std::string comparison_json(const Analysis& analysis, bool include_unchanged) {
    std::vector<FlagComparison> flags = compare_flags(analysis, include_unchanged);
    std::string out;
    JsonWriter w(out, -1, false);
    w.begin_object().key("summary").begin_object();
    w.key("flags").number(static_cast<std::int64_t>(flags.size()));
    w.key("source").number(analysis.source.readable ? static_cast<std::int64_t>(analysis.source.flags.size()) : 0);
    w.key("target").number(analysis.target.readable ? static_cast<std::int64_t>(analysis.target.flags.size()) : 0);
    for (FlagStatus st : {FlagStatus::Unchanged, FlagStatus::Changed, FlagStatus::Added, FlagStatus::Removed,
                          FlagStatus::Retyped})
        w.key(flag_status_name(st))
            .number(std::count_if(flags.begin(), flags.end(), [st](const FlagComparison& c) { return c.status == st; }));
    w.end_object().key("flags").begin_array();
    auto parts = [&w](const std::vector<DiffPart>& ps) {
        w.begin_array();
        for (const DiffPart& p : ps) w.begin_array().string(p.text).number(p.changed ? 1 : 0).end_array();
        w.end_array();
    };
    for (const FlagComparison& c : flags) {
        if (!include_unchanged && c.status == FlagStatus::Unchanged) continue;
        w.begin_object().key("flagKey").string(c.key).key("status").string(flag_status_name(c.status));
        if (!c.source_type.empty()) w.key("sourceType").string(c.source_type);
        if (!c.target_type.empty()) w.key("targetType").string(c.target_type);
        w.key("stepIds").begin_array();
        for (int id : c.step_ids) w.number(id);
        w.end_array().key("findingCount").number(c.finding_count).key("fields").begin_array();
        for (const FieldComparison& f : c.fields) {
            w.begin_object().key("field").string(field_name(f.field));
            if (f.in_source) w.key("source").string(f.source_text);
            if (f.in_target) w.key("target").string(f.target_text);
            w.key("differs").boolean(f.differs);
            if (!f.source_parts.empty() || !f.target_parts.empty()) {
                w.key("sourceParts");
                parts(f.source_parts);
                w.key("targetParts");
                parts(f.target_parts);
            }
            if (f.step_id) w.key("stepId").number(f.step_id);
            w.end_object();
        }
        w.end_array().end_object();
    }
    w.end_array().end_object();
    return out;
}

}  // namespace flagplan
