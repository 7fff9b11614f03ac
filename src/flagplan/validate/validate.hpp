// Stage 2: snapshot -> diagnostics about each flag's schema and value.
#pragma once

#include "flagplan/core/diagnostic.hpp"
#include "flagplan/js/js_regex.hpp"
#include "flagplan/core/model.hpp"

namespace flagplan {

/// Checks every flag of `snapshot` by the rules of DESIGN.md ("Validation of
/// a flag's schema"), all flags, every problem (FlagFlow stops at the first
/// invalid flag). Flags that are not well formed (their parse already
/// reported an error) are skipped. Diagnostics carry `offset`; call
/// resolve_positions() with the file's text to get line and column.
///
/// Cost: linear in the snapshot. Answers that depend only on text many flags
/// share are worked out once per call and reused: per regExp `regex.check()`
/// and regex_backtracking_risk(), per (regExp, text) `regex.test()`, per
/// schema parse_object_schema(), per (schema, literal) check_object_literal()
/// (so `regex` must answer the same arguments the same way, as RegexEngine
/// requires).
///
/// A schema that breaks its own rules, or a default value that breaks the
/// schema, is a `schema.*` error (as in FlagFlow, a bad default is a schema
/// problem); a value (when valueExists) that breaks a valid schema is a
/// `value.*` error. Codes:
///   schema.integer.min_greater_than_max   minValue > maxValue
///   schema.integer.default_out_of_range   default outside [minValue, maxValue]
///   value.integer.out_of_range
///   schema.string.negative_max_length     maxLength < 0
///   schema.string.invalid_regexp          regExp is not a JavaScript regular expression
///   schema.string.default_too_long        more UTF-16 code units than maxLength (> 0)
///   schema.string.default_mismatch        default not matched by regExp (unanchored search)
///   value.string.too_long, value.string.mismatch
///   schema.string.regexp_unchecked (warning)  the regex engine cannot decide exactly
///   value.string.regexp_unchecked (warning)   (unsupported syntax, catastrophic
///                                             backtracking risk, subject too long)
///   schema.object.<problem>               the schema DSL does not parse (object_literal.hpp codes)
///   schema.object.default.<problem>       the default does not parse or conform
///   value.object.<problem>                the value does not parse or conform
///   schema.enum.no_values                 enumValues is empty
///   schema.enum.default_not_allowed       default not listed (or empty without allowEmpty)
///   value.enum.not_allowed                (an empty value needs allowEmpty even when "" is listed)
///   schema.tag.no_values                  tagValues is empty
///   schema.tag.min_count_above_values     minCount > number of tag values
///   schema.tag.min_greater_than_max (warning)  minCount > maxCount > 0; FlagFlow accepts it
///   schema.tag.default_unknown_tag        a default tag not in tagValues
///   schema.tag.default_count              default has fewer than minCount or more than maxCount (> 0) tags
///   value.tag.unknown_tag, value.tag.count
///   schema.ab_test.chance_out_of_range    chanceBPercent outside [0, 100]
Diagnostics validate_snapshot(const Snapshot& snapshot, const RegexEngine& regex,
                              const Limits& limits = Limits{});

/// The same checks for one flag; `label` fills Diagnostic::file.
Diagnostics validate_flag(const Flag& flag, const std::string& label, const RegexEngine& regex,
                          const Limits& limits = Limits{});

}  // namespace flagplan
