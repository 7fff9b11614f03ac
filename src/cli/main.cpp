// flagplan: the native command line. Thin: parses the words (CLI11), reads
// files, calls the engine, writes what it renders. What an option's value
// means, which formats a command offers and what the exit status says are
// the engine's (flagplan/command/command.hpp).
#include <cerrno>
#include <cstring>
#include <algorithm>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/command/command.hpp"
#include "flagplan/js/js_regex.hpp"
#include "flagplan/planfile/plan_file.hpp"
#include "flagplan/render/render.hpp"

namespace {

using namespace flagplan;

const char* const kUsageText =
    "usage:\n"
    "  flagplan plan SOURCE TARGET [--mode migration|restore] [--include-values]\n"
    "                              [--select 1,2,5] [--renames] [--walk-stages]\n"
    "                              [--fail-on error|warning] [--format FORMAT] [--out FILE]\n"
    "  flagplan render PLAN.json --format sh|rollback|md|plan [--out FILE]\n"
    "  flagplan validate FILE... [--format text|json]\n"
    "  flagplan --help | --version\n"
    "\n"
    "SOURCE and TARGET are FlagFlow migration exports (JSON); '-' reads standard input.\n"
    "PLAN.json is a plan saved with --format plan; render checks it and renders it again.\n"
    "--renames accepts every rename suggestion; --walk-stages walks migration-stage flags one\n"
    "stage at a time; --fail-on warning also exits 1 when there are warnings (for CI).\n"
    "Exit status: 0 no errors, 1 errors in the inputs or the selection, 2 usage or I/O failure.\n";

/// A bad command line: printed with a pointer to --help; exit status UsageOrIo.
struct UsageError {
    std::string message;
};

/// An unreadable or unwritable file: exit status UsageOrIo.
struct IoError {
    std::string message;
};

/// Throws UsageError{message} unless `message` is empty (the engine's verdict on an option).
void require(const std::string& message) {
    if (!message.empty()) throw UsageError{message};
}

std::string read_file(const std::string& path) {
    if (path == "-") {
        std::ostringstream buffer;
        buffer << std::cin.rdbuf();
        return buffer.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError{"cannot read " + path + ": " + std::strerror(errno)};
    // Whole buffers at a time (an istreambuf_iterator copy went byte by
    // byte: 10% of a 100k-flag plan's time).
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    if (in.bad()) throw IoError{"cannot read " + path + ": " + std::strerror(errno)};
    return text;
}

void write_output(const std::optional<std::string>& out_path, const std::string& text) {
    if (!out_path) {
        std::cout << text;
        std::cout.flush();
        return;
    }
    std::ofstream out(*out_path, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError{"cannot write " + *out_path + ": " + std::strerror(errno)};
    out << text;
    out.close();
    if (!out) throw IoError{"cannot write " + *out_path + ": " + std::strerror(errno)};
}

/// One command's words: CLI11 parses the options, the rest are positional.
/// CLI11's own messages are replaced by ours (unknown option, needs a
/// value, takes no value), which name the option the way the user wrote it.
class Words {
public:
    Words() {
        app_.set_help_flag();
        app_.allow_extras();
        app_.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
        app_.add_option("positional", positional);
    }
    void option(const std::string& name, std::optional<std::string>& value) {
        app_.add_option_function<std::string>(name, [&value](const std::string& v) { value = v; });
    }
    void flag(const std::string& name, bool& value) {
        app_.add_flag(name, value);
        flags_.push_back(name);
    }

    /// Parses argv[first..]; throws UsageError for what CLI11 refuses.
    void parse(int argc, char** argv, int first) {
        std::vector<std::string> args(argv + first, argv + argc);
        for (const std::string& arg : args) {
            if (arg == "--") break;
            for (const std::string& name : flags_)  // CLI11 would take --flag=yes as a boolean
                if (arg.rfind(name + "=", 0) == 0) throw UsageError{name + " takes no value"};
        }
        std::reverse(args.begin(), args.end());  // CLI11 takes them last first
        try {
            app_.parse(args);
        } catch (const CLI::ParseError& e) {
            throw UsageError{message_for(e.what())};
        }
        bool after_separator = false;  // "--": every later word is positional
        for (const std::string& extra : app_.remaining()) {
            if (after_separator || extra.size() < 2 || extra[0] != '-') positional.push_back(extra);
            else if (extra == "--") after_separator = true;
            else throw UsageError{"unknown option " + extra.substr(0, extra.find('='))};
        }
    }

    std::vector<std::string> positional;

private:
    CLI::App app_;
    std::vector<std::string> flags_;

    std::string message_for(const std::string& what) const {
        for (const CLI::Option* o : app_.get_options()) {
            for (const std::string& name : o->get_lnames()) {
                if (what.rfind("--" + name, 0) != 0 && what.rfind(name + " ", 0) != 0) continue;
                return "--" + name + (o->get_expected_min() == 0 ? " takes no value" : " needs a value");
            }
        }
        return what;
    }
};

int command_plan(int argc, char** argv) {
    Words words;
    std::optional<std::string> mode, select, format, out_path, fail_on;
    AnalyzeOptions options;
    words.option("--mode", mode);
    words.option("--select", select);
    words.option("--format", format);
    words.option("--out", out_path);
    words.option("--fail-on", fail_on);
    words.flag("--include-values", options.include_values);
    words.flag("--renames", options.renames);
    words.flag("--walk-stages", options.walk_stages);
    words.parse(argc, argv, 2);
    if (words.positional.size() != 2) throw UsageError{"plan needs SOURCE and TARGET"};
    bool fail_on_warning = false;
    if (mode) require(parse_mode_option(*mode, options.mode));
    if (fail_on) require(parse_fail_on(*fail_on, fail_on_warning));
    if (select) require(parse_step_ids(*select, options.select.emplace()));
    if (!format) format = "text";
    require(check_format(Command::Plan, *format));

    std::string source_text = read_file(words.positional[0]);
    std::string target_text = read_file(words.positional[1]);
    StdRegexEngine regex;
    Analysis analysis =
        analyze({source_text, words.positional[0]}, {target_text, words.positional[1]}, options, regex);
    RenderOptions render_options;
    std::string error;
    render_options.generated_at = generated_at(std::nullopt, std::nullopt, std::time(nullptr), error);
    Rendered rendered = render(analysis, *format, render_options);
    if (!rendered.ok) {
        // Executable output refused for a blocked plan: show why on stderr.
        std::cerr << render_diagnostics_text(analysis.diagnostics);
        for (const Diagnostic& d : rendered.diagnostics) std::cerr << "flagplan: " << d.message << "\n";
        return exit_status(Outcome::Errors, false);
    }
    write_output(out_path, rendered.text);
    Outcome outcome = plan_outcome(analysis, fail_on_warning);
    if (analysis.blocked) {
        if (*format != "text" || out_path)
            std::cerr << "flagplan: the plan has " << count_severity(analysis.diagnostics, Severity::Error)
                      << " error(s); see the diagnostics\n";
    } else if (outcome == Outcome::Errors) {
        std::cerr << "flagplan: " << count_severity(analysis.diagnostics, Severity::Warning)
                  << " warning(s) and --fail-on warning\n";
    }
    return exit_status(outcome, false);
}

int command_render(int argc, char** argv) {
    Words words;
    std::optional<std::string> format, out_path;
    words.option("--format", format);
    words.option("--out", out_path);
    words.parse(argc, argv, 2);
    if (words.positional.size() != 1) throw UsageError{"render needs one PLAN.json"};
    if (!format) throw UsageError{"render needs --format sh, rollback, md or plan"};
    require(check_format(Command::Render, *format));
    const std::string& path = words.positional[0];
    std::string text = read_file(path);
    StdRegexEngine regex;
    PlanFileRead read = read_plan_file(text, path, regex);
    if (!read.ok) {
        std::cerr << render_diagnostics_text(read.diagnostics);
        std::cerr << "flagplan: " << path << " is not a plan flagplan can render; nothing written\n";
        return exit_status(Outcome::Errors, false);
    }
    Rendered rendered = render_plan_file(read.plan, *format);
    if (!rendered.ok) {
        for (const Diagnostic& d : rendered.diagnostics) std::cerr << "flagplan: " << d.message << "\n";
        return exit_status(Outcome::Errors, false);
    }
    write_output(out_path, rendered.text);
    return exit_status(Outcome::NothingToDo, false);
}

int command_validate(int argc, char** argv) {
    Words words;
    std::optional<std::string> format;
    words.option("--format", format);
    words.parse(argc, argv, 2);
    if (words.positional.empty()) throw UsageError{"validate needs at least one FILE"};
    if (!format) format = "text";
    require(check_format(Command::Validate, *format));
    StdRegexEngine regex;
    std::vector<CheckedFile> files;
    bool errors = false;
    for (const std::string& path : words.positional) {
        std::string text = read_file(path);
        files.push_back({path, check_export({text, path}, Limits{}, regex)});
        errors |= has_errors(files.back().check.diagnostics);
    }
    std::cout << *render_validation(files, *format);
    return exit_status(errors ? Outcome::Errors : Outcome::NothingToDo, false);
}

std::string format_list() {
    std::string out;
    for (const std::string& f : command_formats(Command::Plan)) out += (out.empty() ? "" : ", ") + f;
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    try {
        if (argc < 2) throw UsageError{"no command given"};
        std::string command = argv[1];
        if (command == "--help" || command == "-h" || command == "help") {
            std::cout << kUsageText << "\nFormats for plan: " << format_list() << "\n";
            return exit_status(Outcome::NothingToDo, false);
        }
        if (command == "--version") {
            std::cout << "flagplan " << FLAGPLAN_VERSION << "\n";
            return exit_status(Outcome::NothingToDo, false);
        }
        if (command == "plan") return command_plan(argc, argv);
        if (command == "render") return command_render(argc, argv);
        if (command == "validate") return command_validate(argc, argv);
        throw UsageError{"unknown command `" + command + "`"};
    } catch (const UsageError& e) {
        std::cerr << "flagplan: " << e.message << " (flagplan --help shows the usage)\n";
        return exit_status(Outcome::UsageOrIo, false);
    } catch (const IoError& e) {
        std::cerr << "flagplan: " << e.message << "\n";
        return exit_status(Outcome::UsageOrIo, false);
    } catch (const std::exception& e) {
        std::cerr << "flagplan: " << e.what() << "\n";
        return exit_status(Outcome::UsageOrIo, false);
    }
}
