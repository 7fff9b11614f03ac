#include "flagplan/core/codes.hpp"

namespace flagplan {

namespace {

constexpr Severity E = Severity::Error;
constexpr Severity W = Severity::Warning;
constexpr Severity N = Severity::Note;
constexpr const char* kDiagnostics = "docs/diagnostics.md";
constexpr const char* kPlanFormat = "docs/plan-format.md";
constexpr const char* kChangeRules = "docs/change-rules.md";

}  // namespace

const std::vector<DiagnosticCode>& diagnostic_codes() {
    static const std::vector<DiagnosticCode> kCodes = {
        // file.*: reading the export (parse/)
        {"file.syntax", E, "not JSON: the parser's message with line and column", kDiagnostics},
        {"file.too_large", E, "the text is larger than the input limit", kDiagnostics},
        {"file.too_deep", E, "JSON nested deeper than the limit", kDiagnostics},
        {"file.string_too_long", E, "one JSON string longer than the limit", kDiagnostics},
        {"file.too_many_flags", E, "more flags than the limit", kDiagnostics},
        {"file.not_object", E, "the top level, or a flag, is not a JSON object", kDiagnostics},
        {"file.missing_field", E, "a required field is absent", kDiagnostics},
        {"file.wrong_type", E, "a field has the wrong JSON type", kDiagnostics},
        {"file.unsafe_integer", E, "an integer beyond +-(2^53-1)", kDiagnostics},
        {"file.duplicate_key", E, "the same key twice in one object", kDiagnostics},
        {"file.version", E, "`version` is not MAJOR.MINOR.PATCH", kDiagnostics},
        {"file.date", E, "`createdAt` is not a date JavaScript's Date can read", kDiagnostics},
        {"file.unknown_flag_type", E, "`type` is not one of the seven", kDiagnostics},
        {"file.unknown_field", N, "a field FlagFlow does not know; dropped", kDiagnostics},
        // key.*
        {"key.invalid", E, "the flag key breaks the key rule", kDiagnostics},
        {"key.proto", E, "the key `__proto__`", kDiagnostics},
        // target.*: the target's flags, which FlagFlow's planner does not validate (analyze/)
        {"target.unknown_flag_type", W, "a target flag of a type FlagFlow does not know: deleted, not blocking",
         kDiagnostics},
        {"target.invalid_flag", W, "a target flag with an invalid schema or value: planned over, not blocking",
         kDiagnostics},
        // schema.* and value.*: validating flags (validate/)
        {"schema.integer.min_greater_than_max", E, "minValue > maxValue", kDiagnostics},
        {"schema.integer.default_out_of_range", E, "the default is outside [minValue, maxValue]", kDiagnostics},
        {"value.integer.out_of_range", E, "the value is outside [minValue, maxValue]", kDiagnostics},
        {"schema.string.negative_max_length", E, "maxLength < 0", kDiagnostics},
        {"schema.string.invalid_regexp", E, "regExp is not a JavaScript regular expression", kDiagnostics},
        {"schema.string.default_too_long", E, "the default is longer than maxLength", kDiagnostics},
        {"value.string.too_long", E, "the value is longer than maxLength", kDiagnostics},
        {"schema.string.default_mismatch", E, "the default does not match regExp", kDiagnostics},
        {"value.string.mismatch", E, "the value does not match regExp", kDiagnostics},
        {"schema.string.regexp_unchecked", W, "the default was not tested against regExp", kDiagnostics},
        {"value.string.regexp_unchecked", W, "the value was not tested against regExp", kDiagnostics},
        {"schema.object.syntax", E, "the OBJECT schema does not parse", kDiagnostics},
        {"schema.object.too_deep", E, "the OBJECT schema is nested deeper than the limit", kDiagnostics},
        {"schema.object.too_large", E, "the OBJECT schema is too large", kDiagnostics},
        {"schema.object.duplicate_property", E, "a property declared twice in one object", kDiagnostics},
        {"schema.object.duplicate_type", E, "two named types share a name", kDiagnostics},
        {"schema.object.reserved_type_name", E, "a type named like a primitive", kDiagnostics},
        {"schema.object.several_roots", E, "more than one unnamed type", kDiagnostics},
        {"schema.object.default.syntax", E, "the default is not a JS object literal", kDiagnostics},
        {"schema.object.default.too_deep", E, "the default is nested deeper than the limit", kDiagnostics},
        {"schema.object.default.too_large", E, "the default is too large", kDiagnostics},
        {"schema.object.default.duplicate_property", E, "the default gives a key twice", kDiagnostics},
        {"schema.object.default.unknown_type", E, "the default reaches a property of an undeclared type", kDiagnostics},
        {"schema.object.default.no_root", E, "the schema has no unnamed type to check the default with", kDiagnostics},
        {"schema.object.default.missing_property", E, "the default lacks a declared property", kDiagnostics},
        {"schema.object.default.unexpected_property", E, "the default has an undeclared property", kDiagnostics},
        {"schema.object.default.wrong_type", E, "a member of the default has the wrong type", kDiagnostics},
        {"value.object.syntax", E, "the value is not a JS object literal", kDiagnostics},
        {"value.object.too_deep", E, "the value is nested deeper than the limit", kDiagnostics},
        {"value.object.too_large", E, "the value is too large", kDiagnostics},
        {"value.object.duplicate_property", E, "the value gives a key twice", kDiagnostics},
        {"value.object.unknown_type", E, "the value reaches a property of an undeclared type", kDiagnostics},
        {"value.object.no_root", E, "the schema has no unnamed type to check the value with", kDiagnostics},
        {"value.object.missing_property", E, "the value lacks a declared property", kDiagnostics},
        {"value.object.unexpected_property", E, "the value has an undeclared property", kDiagnostics},
        {"value.object.wrong_type", E, "a member of the value has the wrong type", kDiagnostics},
        {"object.flagflow_rejects", W, "a valid OBJECT literal FlagFlow's text rewrite cannot read", kDiagnostics},
        {"schema.enum.no_values", E, "enumValues is empty", kDiagnostics},
        {"schema.enum.default_not_allowed", E, "the default is not one of enumValues", kDiagnostics},
        {"value.enum.not_allowed", E, "the value is not one of enumValues", kDiagnostics},
        {"schema.tag.no_values", E, "tagValues is empty", kDiagnostics},
        {"schema.tag.min_count_above_values", E, "minCount is more than the number of tag values", kDiagnostics},
        {"schema.tag.min_greater_than_max", W, "minCount > maxCount > 0: no value can satisfy both", kDiagnostics},
        {"schema.tag.default_unknown_tag", E, "the default holds a tag not in tagValues", kDiagnostics},
        {"value.tag.unknown_tag", E, "the value holds a tag not in tagValues", kDiagnostics},
        {"schema.tag.default_count", E, "the default has too few or too many tags", kDiagnostics},
        {"value.tag.count", E, "the value has too few or too many tags", kDiagnostics},
        {"schema.ab_test.chance_out_of_range", E, "chanceBPercent outside [0, 100]", kDiagnostics},
        // environment.*: the mode check (analyze/)
        {"environment.same", E, "migration between two exports of the same environment", kDiagnostics},
        {"environment.different", E, "restore from an export of another environment", kDiagnostics},
        // stage.ahead: the promotion pipeline (pipeline/), documented with the change rules
        {"stage.ahead", W, "a later environment of a pipeline is at a later stage than the one before it", kChangeRules},
        // selection.* (select/)
        {"selection.unknown_id", E, "a step id that is not in the plan", kDiagnostics},
        {"selection.duplicate_id", W, "an id listed twice", kDiagnostics},
        {"selection.missing_prerequisite", E, "a selected step whose prerequisite is not selected", kDiagnostics},
        // plan.*: rendering (render/) and the module's boundary (wasm/)
        {"plan.blocked", E, "an executable output was asked for a plan with errors", kDiagnostics},
        {"plan.nothing_selected", E, "a script was asked for a selection without steps", kDiagnostics},
        {"plan.unknown_format", E, "no renderer of that name", kDiagnostics},
        {"plan.invalid_argument", E, "the wasm module got an argument of the wrong shape", kDiagnostics},
        {"plan.out_of_memory", E, "the wasm module ran out of memory", kDiagnostics},
        {"plan.internal_error", E, "an unexpected exception inside the engine (a bug)", kDiagnostics},
        // plan.*: reading a saved plan back (planfile/)
        {"plan.syntax", E, "the plan file is not JSON", kPlanFormat},
        {"plan.too_large", E, "the plan file is larger than the input limit", kPlanFormat},
        {"plan.duplicate_key", E, "the same key twice in one object of the plan file", kPlanFormat},
        {"plan.format", E, "not a flagplan plan file", kPlanFormat},
        {"plan.format_version", E, "a formatVersion this flagplan does not read", kPlanFormat},
        {"plan.missing_field", E, "a required field of the plan file is missing", kPlanFormat},
        {"plan.wrong_type", E, "a field of the plan file has the wrong type or value", kPlanFormat},
        {"plan.step_ids", E, "step ids are not 1..N once each, in order", kPlanFormat},
        {"plan.invalid_key", E, "a flag key in the plan file breaks the key rule", kPlanFormat},
        {"plan.flag_missing", E, "a non-DELETE step without its flag", kPlanFormat},
        {"plan.flag_unexpected", E, "a DELETE step with a flag", kPlanFormat},
        {"plan.flag_mismatch", E, "two steps of one key carry different flags", kPlanFormat},
        {"plan.invalid_flag", E, "a flag in the plan file is not a valid FlagFlow flag", kPlanFormat},
        {"plan.flag_not_normalized", E, "a flag in the plan file is not as FlagFlow stores it", kPlanFormat},
        {"plan.baseline", E, "the baseline does not list exactly the touched keys", kPlanFormat},
        {"plan.inconsistent", E, "the steps are not what the planner makes from the flags and the baseline", kPlanFormat},
        {"plan.missing_prerequisite", E, "a selected step depends on an unselected one", kPlanFormat},
        {"plan.environment", E, "the plan's environments do not fit its mode", kPlanFormat},
        {"plan.unsupported_step", E, "flagplan's own steps in a formatVersion 1 plan", kPlanFormat},
    };
    return kCodes;
}

const DiagnosticCode* find_diagnostic_code(std::string_view code) {
    for (const DiagnosticCode& row : diagnostic_codes())
        if (code == row.code) return &row;
    return nullptr;
}

}  // namespace flagplan
