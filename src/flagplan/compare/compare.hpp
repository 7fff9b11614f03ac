// The side by side of two exports: every flag key of either, each field's
// source and target value as text, whether it differs, where inside the
// text it differs, and which step of the plan writes it. What the page's
// comparison view shows (and what its per-field choice ticks); the plan
// itself is computed by plan/, this only lines the exports up.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/core/model.hpp"

namespace flagplan {

/// A piece of a value's text; `changed` when it is not in the other side's
/// text (a longest-common-subsequence diff of characters, list elements or
/// lines, diff_parts()).
struct DiffPart {
    std::string text;
    bool changed = false;
};

/// One field of a flag on both sides.
struct FieldComparison {
    Field field = Field::Description;
    bool in_source = false;  ///< the source's flag carries this field (its type has it)
    bool in_target = false;
    /// The value as a person reads it: strings as they are; lists as one
    /// line of JSON (`["a", "b"]`); an OBJECT defaultValue/value as
    /// pretty-printed JSON (2 spaces; as written when it does not parse);
    /// numbers and booleans as JSON. "" when the side lacks the field.
    std::string source_text;
    std::string target_text;
    bool differs = false;  ///< the values differ (or only one side has the field)
    /// When differs and both sides have the field: each text cut into parts
    /// (their concatenation is the text) with what differs marked:
    /// characters of a string, elements of a list, lines of an OBJECT literal
    /// or schema; numbers, booleans and the type as a whole.
    std::vector<DiffPart> source_parts;
    std::vector<DiffPart> target_parts;
    /// The step that writes this field to the target (0 = none): the
    /// source's value fields by the flag's last SET_VALUE; its other fields
    /// by its CREATE_DEFAULTVALUE, else UPDATE_SCHEMA_DEFAULTVALUE, else
    /// RENAME, else DELETE (a key only in the target). Only for differing
    /// fields. Ticking it (select_step()) takes the source's value for this
    /// field and, by the step's own rule, the other fields it writes.
    int step_id = 0;
};

/// How a key stands between the two exports.
enum class FlagStatus {
    Unchanged,  ///< same type, every field equal (description included)
    Changed,    ///< same type, some field differs (a description alone makes no step)
    Added,      ///< only in the source
    Removed,    ///< only in the target
    Retyped,    ///< in both, with different types
};

/// "unchanged", "changed", "added", "removed", "retyped".
const char* flag_status_name(FlagStatus status);

struct FlagComparison {
    std::string key;
    FlagStatus status = FlagStatus::Unchanged;
    std::string source_type;  ///< flag_type_name(), "" when absent
    std::string target_type;
    /// Every field either side's type carries: type, description, then the
    /// source's type's fields in export order, then the target's others.
    std::vector<FieldComparison> fields;
    std::vector<int> step_ids;  ///< the plan's steps for this key (flag key or a RENAME's old key), ascending
    int finding_count = 0;      ///< the analysis's diagnostics naming this key
};

/// Every key of the source or the target once, in key order (so keys with
/// a common prefix are adjacent), compared field by field. Uses the
/// analysis's snapshots, plan (step ids) and diagnostics (finding counts);
/// an unreadable export contributes no keys. Without `unchanged_fields`, an
/// unchanged flag (same_flag()) is listed with no fields (cheaper: most keys
/// of a real pair are unchanged).
std::vector<FlagComparison> compare_flags(const Analysis& analysis, bool unchanged_fields = true);

/// The one-line JSON the page reads: {"summary": {"flags", "source",
/// "target", "unchanged", "changed", "added", "removed", "retyped"},
/// "flags": [{"flagKey", "status", "sourceType"?, "targetType"?, "stepIds",
/// "findingCount", "fields": [{"field", "source"?, "target"?, "differs",
/// "sourceParts"?, "targetParts"? (arrays of [text, changed]), "stepId"?}]}]}.
/// Absent members: the side lacks the field / no parts / no step. Without
/// `include_unchanged`, "flags" leaves the unchanged ones out (the summary
/// still counts them): a third of the text of a typical pair.
std::string comparison_json(const Analysis& analysis, bool include_unchanged = true);

/// The longest-common-subsequence diff of two token sequences: for each
/// token of `a` and of `b`, whether it is outside the common subsequence.
/// Common prefix and suffix are matched first; when the rest would need
/// more than `max_cells` table cells it is marked changed whole.
void diff_tokens(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                 std::vector<bool>& a_changed, std::vector<bool>& b_changed, std::size_t max_cells = 1 << 16);

}  // namespace flagplan
