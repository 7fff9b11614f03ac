#include "flagplan/validate/validate.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <unordered_map>
#include <utility>

#include "flagplan/js/js_text.hpp"
#include "flagplan/js/object_literal.hpp"

namespace flagplan {

namespace {

/// The codes of one object_literal.hpp problem (ObjectProblem::code) in the
/// schema, in the default value and in the value: every code is a literal
/// here (docs/diagnostics.md lists them). A problem that cannot arise in a
/// place has that place's `syntax` code (never reported).
struct ObjectCodes {
    const char* problem;
    const char* schema;
    const char* default_value;
    const char* value;
};
constexpr ObjectCodes kObjectCodes[] = {
    {"syntax", "schema.object.syntax", "schema.object.default.syntax", "value.object.syntax"},
    {"too_deep", "schema.object.too_deep", "schema.object.default.too_deep", "value.object.too_deep"},
    {"too_large", "schema.object.too_large", "schema.object.default.too_large", "value.object.too_large"},
    {"duplicate_property", "schema.object.duplicate_property", "schema.object.default.duplicate_property",
     "value.object.duplicate_property"},
    {"duplicate_type", "schema.object.duplicate_type", "schema.object.default.syntax", "value.object.syntax"},
    {"reserved_type_name", "schema.object.reserved_type_name", "schema.object.default.syntax", "value.object.syntax"},
    {"several_roots", "schema.object.several_roots", "schema.object.default.syntax", "value.object.syntax"},
    {"missing_property", "schema.object.syntax", "schema.object.default.missing_property",
     "value.object.missing_property"},
    {"unexpected_property", "schema.object.syntax", "schema.object.default.unexpected_property",
     "value.object.unexpected_property"},
    {"wrong_type", "schema.object.syntax", "schema.object.default.wrong_type", "value.object.wrong_type"},
    {"unknown_type", "schema.object.syntax", "schema.object.default.unknown_type", "value.object.unknown_type"},
    {"no_root", "schema.object.syntax", "schema.object.default.no_root", "value.object.no_root"},
};

const ObjectCodes& object_codes(const std::string& problem) {
    for (const ObjectCodes& c : kObjectCodes)
        if (problem == c.problem) return c;
    return kObjectCodes[0];
}

std::string quote(std::string_view text) {
    std::string out = "`";
    out.append(text.data(), text.size());
    out += '`';
    return out;
}

std::string list_text(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += quote(items[i]);
    }
    return out + "]";
}

/// Answers that depend only on text many flags share, worked out once per
/// validate_snapshot call: per regExp the engine's check() and the backtracking
/// guard's verdict, per (regExp, subject) the engine's test(), per schema DSL
/// its parse, per (schema, literal) its conformance problems. Every one is a
/// pure function of those texts (and of the call's limits), so a remembered
/// answer is the answer. Keys are views into the snapshot's flags, which
/// outlive the call: nothing is copied. A pair is keyed by its regExp's or
/// schema's memo entry (map nodes do not move), so only the subject or
/// literal is hashed. The pair memos keep at most kMaxPairs entries each;
/// past that, pairs are worked out every time.
class Memo {
public:
    struct Pattern {
        RegexResult compiled;  ///< regex.check(pattern)
        std::string risk;      ///< regex_backtracking_risk(pattern) when it compiles
    };

    const Pattern& pattern(const RegexEngine& regex, std::string_view text) {
        auto found = patterns_.find(text);
        if (found != patterns_.end()) return found->second;
        Pattern p;
        p.compiled = regex.check(text);
        if (p.compiled.outcome == RegexOutcome::Match) p.risk = regex_backtracking_risk(text);
        return patterns_.emplace(text, std::move(p)).first->second;
    }

    /// regex.test(pattern, subject); `verdict` is what pattern(regex, pattern) returned.
    RegexResult test(const RegexEngine& regex, const Pattern& verdict, std::string_view pattern,
                     std::string_view subject) {
        const Pair key{&verdict, subject};
        auto found = tests_.find(key);
        if (found != tests_.end()) return found->second;
        RegexResult result = regex.test(pattern, subject);
        if (tests_.size() < kMaxPairs) tests_.emplace(key, result);
        return result;
    }

    const ObjectSchemaParse& schema(std::string_view dsl, int max_depth) {
        auto found = schemas_.find(dsl);
        if (found != schemas_.end()) return found->second;
        return schemas_.emplace(dsl, parse_object_schema(dsl, max_depth)).first->second;
    }

    /// check_object_literal(*parsed.schema, literal); `parsed` is what schema() returned.
    std::vector<ObjectProblem> literal(const ObjectSchemaParse& parsed, std::string_view literal, int max_depth) {
        const Pair key{&parsed, literal};
        auto found = literals_.find(key);
        if (found != literals_.end()) return found->second;
        std::vector<ObjectProblem> problems = check_object_literal(*parsed.schema, literal, max_depth);
        if (literals_.size() < kMaxPairs) literals_.emplace(key, problems);
        return problems;
    }

private:
    static constexpr std::size_t kMaxPairs = 1u << 16;
    /// (memo entry of the regExp or schema, subject or literal)
    using Pair = std::pair<const void*, std::string_view>;
    struct PairHash {
        std::size_t operator()(const Pair& p) const {
            std::size_t a = std::hash<const void*>()(p.first);
            std::size_t b = std::hash<std::string_view>()(p.second);
            return b ^ (a + 0x9e3779b97f4a7c15ull + (b << 6) + (b >> 2));
        }
    };
    std::unordered_map<std::string_view, Pattern> patterns_;
    std::unordered_map<Pair, RegexResult, PairHash> tests_;
    std::unordered_map<std::string_view, ObjectSchemaParse> schemas_;
    std::unordered_map<Pair, std::vector<ObjectProblem>, PairHash> literals_;
};

/// Collects the diagnostics of one flag.
class FlagChecker {
public:
    /// `offsets`: where the flag is in its file (nullptr: unknown).
    FlagChecker(const std::string& label, const Flag& flag, const FlagOffsets* offsets, const RegexEngine& regex,
                const Limits& limits, Memo& memo, Diagnostics& out)
        : label_(label), flag_(flag), offsets_(offsets), regex_(regex), limits_(limits), memo_(memo), out_(out) {}

    void run() {
        switch (flag_.type) {
            case FlagType::Boolean: break;
            case FlagType::Integer: integer(); break;
            case FlagType::String: string(); break;
            case FlagType::Object: object(); break;
            case FlagType::Enum: enumeration(); break;
            case FlagType::Tag: tag(); break;
            case FlagType::AbTest: ab_test(); break;
        }
    }

private:
    const std::string& label_;
    const Flag& flag_;
    const FlagOffsets* offsets_;
    const RegexEngine& regex_;
    const Limits& limits_;
    Memo& memo_;
    Diagnostics& out_;

    void report(Severity severity, std::string code, Field field, std::string message,
                std::size_t extra_offset = 0) {
        Diagnostic d;
        d.severity = severity;
        d.code = std::move(code);
        d.message = "flag " + quote(flag_.key) + ": " + std::move(message);
        d.file = label_;
        d.flag_key = flag_.key;
        d.field = field_name(field);
        d.pointer = "/flags/" + pointer_token(flag_.key) + "/" + d.field;
        if (offsets_) {
            std::uint32_t offset = offsets_->field[static_cast<std::size_t>(field)];
            if (offset == kNoOffset) offset = offsets_->key;
            if (offset != kNoOffset) d.offset = offset + extra_offset;
        }
        out_.push_back(std::move(d));
    }
    void error(std::string code, Field field, std::string message, std::size_t extra_offset = 0) {
        report(Severity::Error, std::move(code), field, std::move(message), extra_offset);
    }

    /// "default" / "value" and the field each lives in.
    struct Target {
        const FlagValue& data;
        Field field;
        const char* what;      ///< "default" | "value"
    };
    /// The default, then the value when valueExists.
    struct Targets {
        std::array<Target, 2> items;
        std::size_t count;
        const Target* begin() const { return items.data(); }
        const Target* end() const { return items.data() + count; }
    };
    Targets targets() const {
        return {{{{flag_.default_value, Field::DefaultValue, "default"},
                  {flag_.value, Field::Value, "value"}}},
                flag_.value_exists ? 2u : 1u};
    }
    /// The code of a finding about the default (`schema_code`) or the value.
    static const char* code_for(const Target& t, const char* schema_code, const char* value_code) {
        return t.field == Field::DefaultValue ? schema_code : value_code;
    }

    void integer() {
        if (flag_.min_value > flag_.max_value) {
            error("schema.integer.min_greater_than_max", Field::MinValue,
                  "minValue " + std::to_string(flag_.min_value) + " is greater than maxValue " +
                      std::to_string(flag_.max_value));
            return;
        }
        for (const Target& t : targets()) {
            std::int64_t v = t.data.integer;
            if (v < flag_.min_value || v > flag_.max_value)
                error(code_for(t, "schema.integer.default_out_of_range", "value.integer.out_of_range"), t.field,
                      std::string(t.what) + " " + std::to_string(v) + " is outside [" +
                          std::to_string(flag_.min_value) + ", " + std::to_string(flag_.max_value) + "]");
        }
    }

    void string() {
        bool valid = true;
        if (flag_.max_length < 0) {
            error("schema.string.negative_max_length", Field::MaxLength,
                  "maxLength " + std::to_string(flag_.max_length) + " is negative");
            valid = false;
        }
        bool regex_usable = !flag_.reg_exp.empty();
        const Memo::Pattern* verdict = regex_usable ? &memo_.pattern(regex_, flag_.reg_exp) : nullptr;
        if (regex_usable) {
            const RegexResult& compiled = verdict->compiled;
            if (compiled.outcome == RegexOutcome::InvalidPattern) {
                error("schema.string.invalid_regexp", Field::RegExp,
                      "regExp " + quote(flag_.reg_exp) + " is not a valid JavaScript regular expression" +
                          (compiled.detail.empty() ? "" : ": " + compiled.detail));
                valid = false;
                regex_usable = false;
            } else if (compiled.outcome != RegexOutcome::Match) {
                report(Severity::Warning, "schema.string.regexp_unchecked", Field::RegExp,
                       "regExp " + quote(flag_.reg_exp) + " cannot be checked exactly here" +
                           (compiled.detail.empty() ? "" : ": " + compiled.detail) +
                           "; default and value were not tested against it");
                regex_usable = false;
            } else {
                const std::string& risk = verdict->risk;
                if (!risk.empty()) {
                    report(Severity::Warning, "schema.string.regexp_unchecked", Field::RegExp,
                           "regExp " + quote(flag_.reg_exp) + " was not run: " + risk +
                               "; default and value were not tested against it");
                    regex_usable = false;
                }
            }
        }
        if (!valid) return;
        for (const Target& t : targets()) {
            const std::string& text = t.data.text;
            // A UTF-8 text has no more UTF-16 code units than bytes: count
            // them only when the byte count could break a limit.
            const std::size_t max_length = flag_.max_length > 0 ? static_cast<std::size_t>(flag_.max_length)
                                                                : static_cast<std::size_t>(-1);
            const std::size_t limit = regex_usable ? std::min(max_length, limits_.max_regex_subject) : max_length;
            std::size_t length = text.size() <= limit ? text.size() : js::utf16_length(text);
            if (flag_.max_length > 0 && length > static_cast<std::size_t>(flag_.max_length))
                error(code_for(t, "schema.string.default_too_long", "value.string.too_long"), t.field,
                      std::string(t.what) + " is " + std::to_string(length) +
                          " characters (UTF-16 code units) long, more than maxLength " +
                          std::to_string(flag_.max_length));
            if (!regex_usable) continue;
            if (length > limits_.max_regex_subject) {
                report(Severity::Warning, code_for(t, "schema.string.regexp_unchecked", "value.string.regexp_unchecked"), t.field,
                       std::string(t.what) + " was not tested against regExp: it is " + std::to_string(length) +
                           " UTF-16 code units long, above the limit of " +
                           std::to_string(limits_.max_regex_subject));
                continue;
            }
            RegexResult result = memo_.test(regex_, *verdict, flag_.reg_exp, text);
            if (result.outcome == RegexOutcome::NoMatch)
                error(code_for(t, "schema.string.default_mismatch", "value.string.mismatch"), t.field,
                      std::string(t.what) + " " + quote(text) + " does not match regExp " + quote(flag_.reg_exp));
            else if (result.outcome != RegexOutcome::Match)
                report(Severity::Warning, code_for(t, "schema.string.regexp_unchecked", "value.string.regexp_unchecked"), t.field,
                       std::string(t.what) + " could not be tested against regExp " + quote(flag_.reg_exp) +
                           (result.detail.empty() ? "" : ": " + result.detail));
        }
    }

    void object() {
        const ObjectSchemaParse& parsed = memo_.schema(flag_.schema, limits_.max_object_depth);
        if (!parsed.schema) {
            for (const ObjectProblem& p : parsed.problems)
                error(object_codes(p.code).schema, Field::Schema, "schema: " + p.message);
            if (parsed.problems.empty())
                error("schema.object.syntax", Field::Schema, "schema does not parse");
            return;
        }
        for (const Target& t : targets()) {
            const std::vector<ObjectProblem>& problems = memo_.literal(parsed, t.data.text, limits_.max_object_depth);
            for (const ObjectProblem& p : problems) {
                const ObjectCodes& codes = object_codes(p.code);
                error(code_for(t, codes.default_value, codes.value), t.field, std::string(t.what) + ": " + p.message);
            }
            if (!problems.empty()) continue;
            // Valid here, but FlagFlow's own reading (text substitutions,
            // then JSON.parse) refuses it: its import or apply would fail.
            const std::string refused = flagflow_object_text_error(t.data.text);
            if (!refused.empty())
                report(Severity::Warning, "object.flagflow_rejects", t.field,
                       std::string(t.what) + " is valid JavaScript, but FlagFlow turns it into JSON by text "
                                             "substitution and cannot read it (" + refused +
                           "): its import or the apply would refuse this flag; write it as JSON");
        }
    }

    void enumeration() {
        if (flag_.enum_values.empty()) {
            error("schema.enum.no_values", Field::EnumValues, "enumValues is empty");
            return;
        }
        for (const Target& t : targets()) {
            const std::string& v = t.data.text;
            bool ok = v.empty() ? flag_.allow_empty
                                : std::find(flag_.enum_values.begin(), flag_.enum_values.end(), v) !=
                                      flag_.enum_values.end();
            if (ok) continue;
            std::string code = t.field == Field::DefaultValue ? "schema.enum.default_not_allowed"
                                                                   : "value.enum.not_allowed";
            error(code, t.field,
                  v.empty() ? std::string(t.what) + " is empty and allowEmpty is false"
                            : std::string(t.what) + " " + quote(v) + " is not one of " + list_text(flag_.enum_values));
        }
    }

    void tag() {
        bool valid = true;
        if (flag_.tag_values.empty()) {
            error("schema.tag.no_values", Field::TagValues, "tagValues is empty");
            valid = false;
        } else if (flag_.min_count > static_cast<std::int64_t>(flag_.tag_values.size())) {
            error("schema.tag.min_count_above_values", Field::MinCount,
                  "minCount " + std::to_string(flag_.min_count) + " is more than the " +
                      std::to_string(flag_.tag_values.size()) + " tag values");
            valid = false;
        }
        if (flag_.max_count > 0 && flag_.min_count > flag_.max_count)
            report(Severity::Warning, "schema.tag.min_greater_than_max", Field::MinCount,
                   "minCount " + std::to_string(flag_.min_count) + " is greater than maxCount " +
                       std::to_string(flag_.max_count) +
                       "; FlagFlow accepts this but no value can satisfy both");
        if (!valid) return;
        std::vector<std::string_view> allowed(flag_.tag_values.begin(), flag_.tag_values.end());
        std::sort(allowed.begin(), allowed.end());
        for (const Target& t : targets()) {
            std::vector<std::string> unknown;
            for (const std::string& tag : t.data.tags)
                if (!std::binary_search(allowed.begin(), allowed.end(), std::string_view(tag))) unknown.push_back(tag);
            if (!unknown.empty())
                error(code_for(t, "schema.tag.default_unknown_tag", "value.tag.unknown_tag"), t.field,
                      std::string(t.what) + " uses " + list_text(unknown) + ", not in tagValues " +
                          list_text(flag_.tag_values));
            auto count = static_cast<std::int64_t>(t.data.tags.size());
            if (count < flag_.min_count || (flag_.max_count > 0 && count > flag_.max_count))
                error(code_for(t, "schema.tag.default_count", "value.tag.count"), t.field,
                      std::string(t.what) + " has " + std::to_string(count) + " tags; minCount is " +
                          std::to_string(flag_.min_count) + ", maxCount " +
                          (flag_.max_count > 0 ? std::to_string(flag_.max_count) : std::string("unlimited")));
        }
    }

    void ab_test() {
        double chance = flag_.chance_b_percent;
        if (!(chance >= 0 && chance <= 100))
            error("schema.ab_test.chance_out_of_range", Field::ChanceBPercent,
                  "chanceBPercent " + js::number_to_string(chance) + " is outside [0, 100]");
    }
};

}  // namespace

Diagnostics validate_snapshot(const Snapshot& snapshot, const RegexEngine& regex, const Limits& limits) {
    Diagnostics out;
    Memo memo;
    const bool placed = snapshot.offsets.size() == snapshot.flags.size();
    for (std::size_t i = 0; i < snapshot.flags.size(); ++i) {
        const Flag& flag = snapshot.flags[i];
        if (!flag.well_formed) continue;
        FlagChecker(snapshot.label, flag, placed ? &snapshot.offsets[i] : nullptr, regex, limits, memo, out).run();
    }
    return out;
}

Diagnostics validate_flag(const Flag& flag, const std::string& label, const RegexEngine& regex, const Limits& limits) {
    Diagnostics out;
    Memo memo;
    FlagChecker(label, flag, nullptr, regex, limits, memo, out).run();
    return out;
}

}  // namespace flagplan
