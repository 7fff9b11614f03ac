#include "flagplan/command/command.hpp"

#include <cstdio>

#include "flagplan/analyze/options.hpp"
#include "flagplan/pipeline/pipeline.hpp"
#include "flagplan/render/render.hpp"

namespace flagplan {

namespace {

/// "a, b, c or d".
std::string or_list(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i)
        out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    return out;
}

const char* command_name(Command command) {
    switch (command) {
    case Command::Plan: return "plan";
    case Command::Render: return "render";
    case Command::Validate: return "validate";
    case Command::Show: return "show";
    case Command::Check: return "check";
    case Command::Pipeline: return "pipeline";
    }
    return "";
}

bool all_digits(std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::vector<std::string> command_formats(Command command) {
    std::vector<std::string> out;
    switch (command) {
    case Command::Plan:
        for (const Renderer& r : renderers()) out.emplace_back(r.format);
        break;
    case Command::Render: return {"sh", "rollback", "md", "plan"};
    case Command::Validate:
        for (const ValidationRenderer& r : validation_renderers()) out.emplace_back(r.format);
        break;
    case Command::Show: return {"text", "md", "json"};
    case Command::Check: return {"text", "json"};
    case Command::Pipeline:
        for (const PipelineRenderer& r : pipeline_renderers()) out.emplace_back(r.format);
        break;
    }
    return out;
}

std::string check_format(Command command, std::string_view format) {
    std::vector<std::string> formats = command_formats(command);
    for (const std::string& f : formats)
        if (f == format) return "";
    std::string list;
    for (const std::string& f : formats) list += (list.empty() ? "" : ", ") + f;
    if (command == Command::Plan) return "--format is one of " + list + ", not `" + std::string(format) + "`";
    return "--format is " + or_list(formats) + " for " + command_name(command) + ", not `" + std::string(format) + "`";
}

std::string usage_text() {
    std::string formats;
    for (const std::string& f : command_formats(Command::Plan)) formats += (formats.empty() ? "" : ", ") + f;
    return "usage:\n"
           "  flagplan plan SOURCE TARGET [--mode migration|restore|auto] [--include-values]\n"
           "                              [--select 1,2,5] [--renames] [--walk-stages] [--keep-stages]\n"
           "                              [--allow-mass-delete] [--fail-on error|warning]\n"
           "                              [--format FORMAT] [--out FILE]\n"
           "                              [--generated-at TIME] [--comment TEXT] [--detailed-exitcode]\n"
           "  flagplan render PLAN.json --format sh|rollback|md|plan [--out FILE] [--comment TEXT]\n"
           "                              [--detailed-exitcode]\n"
           "  flagplan show PLAN.json [--format text|md|json]\n"
           "  flagplan check PLAN.json TARGET [--format text|json]\n"
           "  flagplan pipeline EXPORT EXPORT... [--format text|json|md]\n"
           "  flagplan validate FILE... [--format text|json|github|md]\n"
           "  flagplan --help | --version\n"
           "\n"
           "SOURCE and TARGET are FlagFlow migration exports (JSON); '-' reads standard input.\n"
           "PLAN.json is a plan saved with --format plan; render checks it and renders it again,\n"
           "show prints it as plan would, check says whether TARGET drifted from the plan's baseline.\n"
           "pipeline takes 2 to 8 exports in promotion order (dev staging production).\n"
           "--mode auto restores when both exports name the same environment, else migrates.\n"
           "--renames accepts every rename suggestion; --walk-stages walks migration-stage flags one\n"
           "stage at a time; --keep-stages keeps the target's stage through a schema update;\n"
           "--allow-mass-delete acknowledges guard.mass_delete; --fail-on warning also exits 1\n"
           "when warnings apply to the selected steps (for CI).\n"
           "--generated-at (else SOURCE_DATE_EPOCH, else the clock) is the time the artifacts record.\n"
           "--comment (a change ticket, why) goes into plan.json, the report and the script headers;\n"
           "render --comment replaces the saved plan's comment.\n"
           "Exit status: 0 no errors, 1 errors in the inputs or the selection, 2 usage or I/O failure.\n"
           "With --detailed-exitcode (and always for check): 0 nothing to do, 1 errors,\n"
           "2 steps to apply (check: drift), 3 usage or I/O failure.\n"
           "\nFormats for plan: " + formats + "\n";
}

std::string check_export_count(std::size_t count) {
    if (count >= kPipelineMinExports && count <= kPipelineMaxExports) return "";
    return "pipeline needs " + std::to_string(kPipelineMinExports) + " to " + std::to_string(kPipelineMaxExports) +
           " exports in promotion order, not " + std::to_string(count);
}

std::string parse_mode_option(std::string_view text, AnalyzeOptions& options) {
    if (!read_mode(text, options).empty()) return "--mode is migration, restore or auto, not `" + std::string(text) + "`";
    return "";
}

std::string parse_fail_on(std::string_view text, bool& fail_on_warning) {
    if (text != "error" && text != "warning") return "--fail-on is error or warning, not `" + std::string(text) + "`";
    fail_on_warning = text == "warning";
    return "";
}

std::string parse_step_ids(std::string_view text, std::vector<int>& ids) {
    std::vector<int> out;
    std::size_t start = 0;
    while (start <= text.size() && !text.empty()) {
        std::size_t comma = text.find(',', start);
        std::string_view item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (item.size() > 9 || !all_digits(item))
            return "--select takes step ids separated by commas, e.g. 1,2,5 (got `" + std::string(text) + "`)";
        out.push_back(std::stoi(std::string(item)));
        if (comma == std::string_view::npos || comma + 1 == text.size()) break;  // "1,2," ends like getline
        start = comma + 1;
    }
    if (out.empty()) return "--select needs at least one step id";
    ids = std::move(out);
    return "";
}

std::string iso8601_utc(std::int64_t seconds) {
    // Days to civil date: Howard Hinnant's algorithm (chrono-Compatible
    // Low-Level Date Algorithms, "civil_from_days").
    std::int64_t days = seconds / 86400, rest = seconds % 86400;
    if (rest < 0) rest += 86400, --days;
    days += 719468;
    std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    std::int64_t doe = days - era * 146097;
    std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    std::int64_t mp = (5 * doy + 2) / 153;
    std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    char buffer[128];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", static_cast<long long>(year),
                  static_cast<long long>(month), static_cast<long long>(day), static_cast<long long>(rest / 3600),
                  static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
    return buffer;
}

namespace {

/// YYYY-MM-DDTHH:MM:SS[.fraction]Z with every field in range.
bool is_iso8601_utc(std::string_view t) {
    auto digits = [&](std::size_t at, std::size_t n) { return at + n <= t.size() && all_digits(t.substr(at, n)); };
    auto number = [&](std::size_t at, std::size_t n) { return std::stoi(std::string(t.substr(at, n))); };
    if (t.size() < 20 || !digits(0, 4) || t[4] != '-' || !digits(5, 2) || t[7] != '-' || !digits(8, 2) ||
        t[10] != 'T' || !digits(11, 2) || t[13] != ':' || !digits(14, 2) || t[16] != ':' || !digits(17, 2) ||
        t.back() != 'Z')
        return false;
    if (t.size() > 20 && (t[19] != '.' || t.size() == 21 || !all_digits(t.substr(20, t.size() - 21)))) return false;
    return number(5, 2) >= 1 && number(5, 2) <= 12 && number(8, 2) >= 1 && number(8, 2) <= 31 &&
           number(11, 2) <= 23 && number(14, 2) <= 59 && number(17, 2) <= 60;
}

}  // namespace

std::string generated_at(const std::optional<std::string>& option, const std::optional<std::string>& source_date_epoch,
                         std::int64_t now, std::string& error) {
    error.clear();
    if (option) {
        if (is_iso8601_utc(*option)) return *option;
        error = "--generated-at is an ISO 8601 UTC time like 2026-01-31T12:00:00Z, not `" + *option + "`";
        return "";
    }
    if (source_date_epoch) {
        if (all_digits(*source_date_epoch) && source_date_epoch->size() <= 11)
            return iso8601_utc(std::stoll(*source_date_epoch));
        error = "SOURCE_DATE_EPOCH is whole seconds since 1970-01-01 (digits only), not `" + *source_date_epoch + "`";
        return "";
    }
    return iso8601_utc(now);
}

int exit_status(Outcome outcome, bool detailed) {
    switch (outcome) {
    case Outcome::NothingToDo: return 0;
    case Outcome::StepsToApply: return detailed ? 2 : 0;
    case Outcome::Errors: return 1;
    case Outcome::UsageOrIo: return detailed ? 3 : 2;
    }
    return 1;
}

Outcome selection_outcome(const Selection& selected) {
    for (bool s : selected)
        if (s) return Outcome::StepsToApply;
    return Outcome::NothingToDo;
}

std::string plan_outcome_note(const Analysis& analysis, Outcome outcome, bool listing_shown) {
    if (analysis.blocked)
        return listing_shown ? "" : "flagplan: the plan has " + std::to_string(count_severity(analysis.diagnostics, Severity::Error)) +
                                        " error(s); see the diagnostics\n";
    if (outcome == Outcome::Errors)
        return "flagplan: " + std::to_string(summarize(analysis).warnings) + " warning(s) and --fail-on warning\n";
    return "";
}

Outcome check_outcome(const DriftCheck& check) {
    if (!check.environment_matches) return Outcome::Errors;
    return check.drifted.empty() ? Outcome::NothingToDo : Outcome::StepsToApply;
}

Outcome plan_outcome(const Analysis& analysis, bool fail_on_warning) {
    if (analysis.blocked) return Outcome::Errors;
    // Only the warnings that apply to the selected steps (summary.hpp).
    if (fail_on_warning && summarize(analysis).warnings > 0) return Outcome::Errors;
    return selection_outcome(analysis.selected);
}

}  // namespace flagplan
