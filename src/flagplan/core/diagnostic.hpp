// Diagnostics: every problem the engine finds is a value, collected and
// returned, never printed or thrown across the public boundary.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace flagplan {

enum class Severity { Error, Warning, Note };

/// "error" | "warning" | "note".
const char* severity_name(Severity severity);

/// One finding. `code` is a stable dotted name whose first part is its
/// category: file.*, key.*, schema.*, value.*, environment.*, selection.*,
/// plan.* (docs/diagnostics.md), and the change rules guard.*, stage.*,
/// risk.*, rename.* (docs/change-rules.md, change_rules()). Empty strings and 0 mean
/// "not known" for the optional location fields.
struct Diagnostic {
    Severity severity = Severity::Error;
    std::string code;     ///< e.g. "schema.integer.min_greater_than_max"
    std::string message;  ///< one human sentence, no trailing newline
    std::string file;     ///< the input's label ("source", a path); "" for environment.* and selection.*
    std::string flag_key; ///< flag key, when the finding is about one flag (key.*: always, even "")
    std::string field;    ///< export field name ("defaultValue", "regExp", ...)
    std::string pointer;  ///< RFC 6901 JSON Pointer into the file
    int line = 0;         ///< 1-based line in the file, 0 = unknown
    int column = 0;       ///< 1-based column in Unicode characters, 0 = unknown
    int step_id = 0;      ///< the plan step the finding is about (risk.*, stage.*, rename.*), 0 = none
    /// Byte offset into the file, npos = unknown. Internal: line/column are
    /// derived from it by resolve_positions() and it is not rendered.
    std::size_t offset = std::string::npos;
};

using Diagnostics = std::vector<Diagnostic>;

/// True when any diagnostic has Severity::Error.
bool has_errors(const Diagnostics& diagnostics);

/// Counts diagnostics of one severity.
int count_severity(const Diagnostics& diagnostics, Severity severity);

/// The diagnostics of one file about one flag (flag_key "" for the file's
/// own), as every surface lists them.
struct DiagnosticGroup {
    std::string file;
    std::string flag_key;
    Severity worst = Severity::Note;
    std::vector<std::size_t> members;  ///< indices into the diagnostics
};

/// Groups `which` (indices into `diagnostics`) by file and flag: files in
/// first-seen order, each file's own diagnostics (no flag key) first, then
/// its flags in first-seen order; inside a group errors, then warnings, then
/// notes, each in the given order. The CLI's diagnostics listing and the
/// page's findings panel (JSON summary.groups) both show this order.
std::vector<DiagnosticGroup> group_diagnostics(const Diagnostics& diagnostics, const std::vector<std::size_t>& which);

/// Fills `line` and `column` of every diagnostic whose `file` is `label` and
/// whose `offset` is known, from the file's text. One pass over the text.
void resolve_positions(Diagnostics& diagnostics, const std::string& label, std::string_view text);

/// JSON Pointer escaping of one reference token (RFC 6901: ~ -> ~0, / -> ~1).
std::string pointer_token(const std::string& token);

}  // namespace flagplan
