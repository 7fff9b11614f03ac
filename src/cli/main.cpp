// flagplan: the native command line. Thin: parses the words (CLI11), reads
// files, calls the engine, writes what it renders. What an option's value
// means, which formats a command offers and what the exit status says are
// the engine's (flagplan/command/command.hpp).
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
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
#include "flagplan/pipeline/pipeline.hpp"
#include "flagplan/planfile/plan_file.hpp"
#include "flagplan/planfile/saved_plan.hpp"
#include "flagplan/render/render.hpp"

namespace {

using namespace flagplan;

/// A bad command line: printed with a pointer to --help; exit status UsageOrIo.
struct UsageError {
    std::string message;
};

/// Throws UsageError{message} unless `message` is empty (the engine's verdict on an option).
void require(const std::string& message) {
    if (!message.empty()) throw UsageError{message};
}

/// The --format value, `fallback` when not given; checked by the engine.
std::string format_of(const std::optional<std::string>& format, Command command, const char* fallback) {
    std::string f = format.value_or(fallback);
    require(check_format(command, f));
    return f;
}

/// The file's bytes ('-' = standard input). A regular file is read straight
/// into a string of its size (no second copy of a 30 MB export at the peak);
/// anything else (a pipe, /dev/stdin, <(...)) as a stream, whole buffers at a
/// time (an istreambuf_iterator copy went byte by byte: 10% of a 100k-flag
/// plan's time). A directory is an error, not an empty file.
std::string read_file(const std::string& path) {
    if (path != "-") {
        std::error_code error;
        if (std::filesystem::is_directory(path, error))
            throw std::runtime_error{"cannot read " + path + ": it is a directory"};
        const std::uintmax_t size = std::filesystem::is_regular_file(path, error)
                                        ? std::filesystem::file_size(path, error)
                                        : static_cast<std::uintmax_t>(-1);
        if (!error && size != static_cast<std::uintmax_t>(-1)) {
            std::ifstream file(path, std::ios::binary);
            std::string text(static_cast<std::size_t>(size), '\0');
            if (file && file.read(text.data(), static_cast<std::streamsize>(size)) &&
                file.peek() == std::char_traits<char>::eof())
                return text;
            // It changed while read: read it again as a stream.
        }
    }
    std::ifstream file;
    if (path != "-") file.open(path, std::ios::binary);
    std::istream& in = path == "-" ? std::cin : file;
    std::ostringstream buffer;
    if (in && (buffer << in.rdbuf(), !in.bad())) return buffer.str();
    throw std::runtime_error{"cannot read " + path + ": " + std::strerror(errno)};
}

/// Where a command's output goes: the file `out_path` or standard output,
/// part by part as the engine makes it (render_to(): a 27 MB script is
/// never held whole). Nothing is opened before the first part, so a refused
/// rendering writes nothing. A regular file (or a new one) is written beside
/// itself and renamed over it once complete, with the old file's
/// permissions: a rendering or a write that fails leaves what was there
/// (and no partial file). A device or FIFO (--out /dev/stdout) is written
/// as it is.
class Output {
public:
    explicit Output(std::optional<std::string> path) : path_(std::move(path)) {}
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;
    ~Output() {
        if (!partial_.empty() && !finished_) {
            file_.close();
            std::remove(partial_.c_str());
        }
    }

    void write(const std::string& part) {
        if (!path_) {
            std::cout << part;
            return;
        }
        if (!opened_) open();
        if (!(file_ << part)) fail();
    }
    /// The sink render_to() writes through.
    PartSink sink() {
        return [this](std::string part) { write(part); };
    }
    /// Flushes standard output, or closes the file (created empty when
    /// nothing was written) and puts it in place.
    void finish() {
        if (!path_) {
            std::cout.flush();
            return;
        }
        if (!opened_) open();
        file_.close();
        if (!file_) fail();
        if (!partial_.empty()) {
            std::error_code error;
            std::filesystem::rename(partial_, final_, error);
            if (error) throw std::runtime_error{"cannot write " + *path_ + ": " + error.message()};
        }
        finished_ = true;
    }

private:
    void open() {
        namespace fs = std::filesystem;
        opened_ = true;
        std::error_code error;
        const fs::file_status status = fs::status(*path_, error);  // through a symlink
        if (fs::exists(status) && !fs::is_regular_file(status)) {
            file_.open(*path_, std::ios::binary | std::ios::trunc);
        } else {
            // The real file (a symlink is written through), replaced whole at the end.
            final_ = fs::weakly_canonical(*path_, error);
            if (error) final_ = *path_;
            partial_ = final_.string() + ".flagplan-partial";
            file_.open(partial_, std::ios::binary | std::ios::trunc);
            if (file_ && fs::exists(status)) fs::permissions(partial_, status.permissions(), error);
            if (!file_) {  // no room for a file beside it (a directory we cannot write): the file itself
                partial_.clear();
                file_.clear();
                file_.open(*path_, std::ios::binary | std::ios::trunc);
            }
        }
        if (!file_) fail();
    }
    [[noreturn]] void fail() { throw std::runtime_error{"cannot write " + *path_ + ": " + std::strerror(errno)}; }

    std::optional<std::string> path_;
    std::filesystem::path final_;  ///< the file renamed into place (a regular file's real path)
    std::string partial_;          ///< what is written until finish() ("" = writing `path_` itself)
    std::ofstream file_;
    bool opened_ = false;
    bool finished_ = false;
};

void write_output(const std::optional<std::string>& out_path, const std::string& text) {
    Output output(out_path);
    output.write(text);
    output.finish();
}

/// check_export() (`as_target`: check_target()) of the file at `path`, its
/// text freed once checked: the analysis holds one export's text at a time,
/// as the WebAssembly module does.
ExportCheck check_file(const std::string& path, bool as_target, const Limits& limits, const RegexEngine& regex) {
    const std::string text = read_file(path);
    return as_target ? check_target({text, path}, limits, regex) : check_export({text, path}, limits, regex);
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
        option("--format", format);
    }
    Words& option(const std::string& name, std::optional<std::string>& value) {
        app_.add_option_function<std::string>(name, [&value](const std::string& v) { value = v; });
        return *this;
    }
    Words& flag(const std::string& name, bool& value) {
        app_.add_flag(name, value);
        flags_.push_back(name);
        return *this;
    }

    /// Parses argv[first..]; throws UsageError for what CLI11 refuses.
    Words& parse(int argc, char** argv, int first) {
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
        return *this;
    }

    std::vector<std::string> positional;
    std::optional<std::string> format;  ///< every command has --format

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

int command_plan(int argc, char** argv, bool& detailed) {
    Words words;
    std::optional<std::string> mode, select, out_path, fail_on, time, comment;
    AnalyzeOptions options;
    words.option("--mode", mode).option("--select", select).option("--out", out_path).option("--fail-on", fail_on);
    words.option("--generated-at", time).option("--comment", comment).flag("--detailed-exitcode", detailed);
    words.flag("--include-values", options.include_values).flag("--renames", options.renames);
    words.flag("--walk-stages", options.walk_stages).flag("--keep-stages", options.keep_stages);
    words.flag("--allow-mass-delete", options.allow_mass_delete).parse(argc, argv, 2);
    if (words.positional.size() != 2) throw UsageError{"plan needs SOURCE and TARGET"};
    bool fail_on_warning = false;
    if (mode) require(parse_mode_option(*mode, options));
    if (fail_on) require(parse_fail_on(*fail_on, fail_on_warning));
    if (select) require(parse_step_ids(*select, options.select.emplace()));
    const std::string fmt = format_of(words.format, Command::Plan, "text");
    RenderOptions render_options;
    std::string error;
    const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
    render_options.generated_at = generated_at(time, epoch ? std::optional<std::string>(epoch) : std::nullopt,
                                               static_cast<std::int64_t>(std::time(nullptr)), error);
    require(error);
    render_options.comment = comment.value_or("");  // into plan.json, the report and the scripts
    StdRegexEngine regex;
    // analyze() of both texts, each freed once checked.
    ExportCheck source = check_file(words.positional[0], false, options.limits, regex);
    ExportCheck target = check_file(words.positional[1], true, options.limits, regex);
    Analysis analysis = analyze_checked(std::move(source), std::move(target), options, regex);
    Output output(out_path);
    RenderOutcome rendered = render_to(analysis, fmt, render_options, output.sink());
    if (!rendered.ok) {
        // Executable output refused for a blocked plan: show why on stderr.
        std::cerr << render_diagnostics_text(analysis.diagnostics);
        for (const Diagnostic& d : rendered.diagnostics) std::cerr << "flagplan: " << d.message << "\n";
        return exit_status(Outcome::Errors, detailed);
    }
    output.finish();
    Outcome outcome = plan_outcome(analysis, fail_on_warning);
    std::cerr << plan_outcome_note(analysis, outcome, fmt == "text" && !out_path);
    return exit_status(outcome, detailed);
}

/// Reads and checks a plan.json; nullopt (and the reasons on stderr) when it cannot be used.
std::optional<PlanFile> read_plan(const std::string& path, const RegexEngine& regex) {
    PlanFileRead read = read_plan_file(read_file(path), path, regex);
    if (read.ok) return std::move(read.plan);
    std::cerr << render_diagnostics_text(read.diagnostics);
    std::cerr << "flagplan: " << path << " is not a plan flagplan can render; nothing written\n";
    return std::nullopt;
}

int command_render(int argc, char** argv, bool& detailed) {
    Words words;
    std::optional<std::string> out_path, comment;
    words.option("--out", out_path).option("--comment", comment).flag("--detailed-exitcode", detailed).parse(argc, argv, 2);
    if (words.positional.size() != 1) throw UsageError{"render needs one PLAN.json"};
    if (!words.format) throw UsageError{"render needs --format sh, rollback, md or plan"};
    const std::string fmt = format_of(words.format, Command::Render, "");
    StdRegexEngine regex;
    std::optional<PlanFile> plan = read_plan(words.positional[0], regex);
    if (!plan) return exit_status(Outcome::Errors, detailed);
    if (comment) plan->comment = *comment;  // replaces the saved plan's comment in what is rendered
    Rendered rendered = render_plan_file(*plan, fmt);
    if (!rendered.ok) {
        for (const Diagnostic& d : rendered.diagnostics) std::cerr << "flagplan: " << d.message << "\n";
        return exit_status(Outcome::Errors, detailed);
    }
    write_output(out_path, rendered.text);
    return exit_status(selection_outcome(plan->selected), detailed);
}

int command_show(int argc, char** argv) {
    Words words;
    words.parse(argc, argv, 2);
    if (words.positional.size() != 1) throw UsageError{"show needs one PLAN.json"};
    const std::string fmt = format_of(words.format, Command::Show, "text");
    StdRegexEngine regex;
    std::optional<PlanFile> plan = read_plan(words.positional[0], regex);
    if (!plan) return exit_status(Outcome::Errors, false);
    RenderOptions options;
    Analysis analysis = analysis_of(*plan, options);
    Rendered rendered = fmt == "md" ? render_plan_file(*plan, "md") : render(analysis, fmt, options);
    std::cout << rendered.text;
    return exit_status(Outcome::NothingToDo, false);
}

int command_check(int argc, char** argv) {
    Words words;
    words.parse(argc, argv, 2);
    if (words.positional.size() != 2) throw UsageError{"check needs PLAN.json and TARGET"};
    const std::string fmt = format_of(words.format, Command::Check, "text");
    StdRegexEngine regex;
    std::optional<PlanFile> plan = read_plan(words.positional[0], regex);
    if (!plan) return exit_status(Outcome::Errors, true);
    const std::string& path = words.positional[1];
    std::string text = read_file(path);
    ExportCheck target = check_target({text, path}, Limits{}, regex);
    if (has_errors(target.diagnostics)) {
        std::cerr << render_diagnostics_text(target.diagnostics);
        return exit_status(Outcome::Errors, true);
    }
    DriftCheck drift = check_drift(*plan, target.snapshot);
    std::cout << render_drift(drift, path, fmt);
    return exit_status(check_outcome(drift), true);
}

int command_pipeline(int argc, char** argv) {
    Words words;
    words.parse(argc, argv, 2);
    require(check_export_count(words.positional.size()));
    const std::string fmt = format_of(words.format, Command::Pipeline, "text");
    std::vector<std::string> texts;
    std::vector<ExportText> exports;
    for (const std::string& path : words.positional) texts.push_back(read_file(path));
    for (std::size_t i = 0; i < texts.size(); ++i) exports.push_back({texts[i], words.positional[i]});
    StdRegexEngine regex;
    Pipeline pipeline = analyze_pipeline(exports, Limits{}, regex);
    std::cout << *render_pipeline(pipeline, fmt);
    return exit_status(pipeline.blocked ? Outcome::Errors : Outcome::NothingToDo, false);
}

int command_validate(int argc, char** argv) {
    Words words;
    words.parse(argc, argv, 2);
    if (words.positional.empty()) throw UsageError{"validate needs at least one FILE"};
    const std::string fmt = format_of(words.format, Command::Validate, "text");
    StdRegexEngine regex;
    std::vector<CheckedFile> files;
    bool errors = false;
    for (const std::string& path : words.positional) {
        std::string text = read_file(path);
        files.push_back({path, check_export({text, path}, Limits{}, regex)});
        errors |= has_errors(files.back().check.diagnostics);
    }
    std::cout << *render_validation(files, fmt);
    return exit_status(errors ? Outcome::Errors : Outcome::NothingToDo, false);
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    bool detailed = false;  // --detailed-exitcode; check always
    try {
        if (argc < 2) throw UsageError{"no command given"};
        std::string command = argv[1];
        if (command == "--help" || command == "-h" || command == "help") {
            std::cout << usage_text();
            return exit_status(Outcome::NothingToDo, false);
        }
        if (command == "--version")
            return (std::cout << "flagplan " << FLAGPLAN_VERSION << "\n", exit_status(Outcome::NothingToDo, false));
        if (command == "plan") return command_plan(argc, argv, detailed);
        if (command == "render") return command_render(argc, argv, detailed);
        if (command == "validate") return command_validate(argc, argv);
        if (command == "show") return command_show(argc, argv);
        if (command == "check") return (detailed = true, command_check(argc, argv));
        if (command == "pipeline") return command_pipeline(argc, argv);
        throw UsageError{"unknown command `" + command + "`"};
    } catch (const UsageError& e) {
        std::cerr << "flagplan: " << e.message << " (flagplan --help shows the usage)\n";
        return exit_status(Outcome::UsageOrIo, detailed);
    } catch (const std::exception& e) {  // an unreadable or unwritable file
        std::cerr << "flagplan: " << e.what() << "\n";
        return exit_status(Outcome::UsageOrIo, detailed);
    }
}
