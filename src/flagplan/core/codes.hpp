// Every diagnostic code the engine reports, in one table: the code as one
// literal, its usual severity, a one-line summary and the document that
// explains it. tests/engine/codes_test.cpp holds the table, the docs and the
// sources to each other: every code a source writes is here, every code
// here is documented, every documented code is here. The change rules
// (guard.*, stage.*, risk.*, rename.*: findings about steps) have their own
// table, change_rules() in analyze/risk.hpp, which diagnostic_codes() does
// not repeat.
#pragma once

#include <string_view>
#include <vector>

#include "flagplan/core/diagnostic.hpp"

namespace flagplan {

struct DiagnosticCode {
    const char* code;      ///< e.g. "schema.integer.min_greater_than_max"
    Severity severity;     ///< the usual severity (a few vary: see the doc)
    const char* summary;   ///< one line
    const char* doc;       ///< the document that lists it, from the repository root
};

/// Every code but the change rules', grouped by category, in the docs' order.
const std::vector<DiagnosticCode>& diagnostic_codes();

/// The row of `code`, or nullptr.
const DiagnosticCode* find_diagnostic_code(std::string_view code);

}  // namespace flagplan
