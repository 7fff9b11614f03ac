// What the command line decides, so that the CLI (src/cli/main.cpp) only
// parses words and prints what it is handed: the formats each command
// offers, the meaning of option values (--mode, --select, --fail-on,
// --generated-at / SOURCE_DATE_EPOCH) and of the exit status. No I/O: the
// caller passes the clock and the environment variable's value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/planfile/saved_plan.hpp"

namespace flagplan {

/// The commands of the CLI.
enum class Command { Plan, Render, Validate, Show, Check, Pipeline };

/// The --format names `command` accepts, in the order --help lists them.
/// plan: every renderers() format; render: plan, sh, rollback, md; validate:
/// text, json, github, md; show: text, md, json; check: text, json;
/// pipeline: pipeline_formats().
std::vector<std::string> command_formats(Command command);

/// "" when `format` is one of command_formats(command), else the usage
/// message saying which formats there are.
std::string check_format(Command command, std::string_view format);

/// `flagplan --help`: every command with its options, the exit statuses.
std::string usage_text();

/// "" when `pipeline` may take `count` exports (2 to 8), else the usage message.
std::string check_export_count(std::size_t count);

/// --mode migration|restore|auto: "" and `options` set (mode, or
/// choose_mode for auto), or the usage message.
std::string parse_mode_option(std::string_view text, AnalyzeOptions& options);

/// --fail-on error|warning: "" and `fail_on_warning` set, or the usage message.
std::string parse_fail_on(std::string_view text, bool& fail_on_warning);

/// --select 1,2,5: "" and `ids` set (each 1 to 9 digits), or the usage message.
std::string parse_step_ids(std::string_view text, std::vector<int>& ids);

/// Seconds since 1970-01-01T00:00:00Z as ISO 8601 UTC, "YYYY-MM-DDTHH:MM:SSZ"
/// (proleptic Gregorian; years 0000 to 9999).
std::string iso8601_utc(std::int64_t seconds);

/// The time every artifact records (plan.json's generatedAt, the scripts'
/// and the report's "made" line), by precedence: `option` (--generated-at:
/// ISO 8601 UTC, "YYYY-MM-DDTHH:MM:SSZ", or the same with .fraction before
/// the Z, kept as written), else `source_date_epoch` (the
/// SOURCE_DATE_EPOCH convention of reproducible-builds.org: whole seconds
/// since the epoch, digits only), else `now` (seconds since the epoch).
/// `error` is set (and "" returned) for a malformed --generated-at or
/// SOURCE_DATE_EPOCH.
std::string generated_at(const std::optional<std::string>& option, const std::optional<std::string>& source_date_epoch,
                         std::int64_t now, std::string& error);

/// What a run came to; exit_status() turns it into the process status.
enum class Outcome {
    NothingToDo,   ///< no step selected, no errors
    StepsToApply,  ///< steps selected (or, for check, drift found), no errors
    Errors,        ///< errors in the inputs or the selection, a blocked plan, --fail-on warning
    UsageOrIo,     ///< bad command line, unreadable or unwritable file
};

/// The process exit status of `outcome`. Default (the CLI's status since
/// 0.1): 0 no errors (NothingToDo, StepsToApply), 1 Errors, 2 UsageOrIo.
/// With `detailed` (--detailed-exitcode, after terraform plan): 0
/// NothingToDo, 1 Errors, 2 StepsToApply, 3 UsageOrIo. `check` always uses
/// the detailed codes (its 2 means drift).
int exit_status(Outcome outcome, bool detailed);

/// The outcome of `plan`: Errors when blocked, or when `fail_on_warning` and
/// there is a warning; else StepsToApply when a step is selected, else NothingToDo.
Outcome plan_outcome(const Analysis& analysis, bool fail_on_warning);

/// What `plan` says on stderr about its outcome (with "flagplan: " and a
/// newline; "" for none): the error count of a blocked plan unless the
/// text listing, which shows the errors, went to the terminal
/// (`listing_shown`); the warning count when --fail-on warning failed it.
std::string plan_outcome_note(const Analysis& analysis, Outcome outcome, bool listing_shown);

/// The outcome of `check`: Errors when the export is of another environment
/// than the plan's target, StepsToApply when a flag drifted, else NothingToDo.
Outcome check_outcome(const DriftCheck& check);

/// The outcome of a selection: StepsToApply when any entry is true, else NothingToDo.
Outcome selection_outcome(const Selection& selected);

}  // namespace flagplan
