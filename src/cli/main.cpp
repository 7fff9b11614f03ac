// flagplan: the native command line. Thin: reads files, calls the engine,
// writes what it renders. Exit codes: 0 no errors, 1 errors in the inputs or
// the selection, 2 usage or I/O failure.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/js/js_regex.hpp"
#include "flagplan/planfile/plan_file.hpp"
#include "flagplan/render/render.hpp"

namespace {

using namespace flagplan;

constexpr int kOk = 0;
constexpr int kInputErrors = 1;
constexpr int kUsage = 2;

const char* const kUsageText =
    "usage:\n"
    "  flagplan plan SOURCE TARGET [--mode migration|restore] [--include-values]\n"
    "                              [--select 1,2,5] [--renames] [--walk-stages] [--keep-stages]\n"
    "                              [--allow-mass-delete] [--fail-on error|warning]\n"
    "                              [--format FORMAT] [--out FILE]\n"
    "  flagplan render PLAN.json --format sh|rollback|md|plan [--out FILE]\n"
    "  flagplan validate FILE... [--format text|json]\n"
    "  flagplan --help | --version\n"
    "\n"
    "SOURCE and TARGET are FlagFlow migration exports (JSON); '-' reads standard input.\n"
    "PLAN.json is a plan saved with --format plan; render checks it and renders it again.\n"
    "--renames accepts every rename suggestion; --walk-stages walks migration-stage flags one\n"
    "stage at a time; --keep-stages keeps the target's stage through a schema update;\n"
    "--allow-mass-delete acknowledges guard.mass_delete; --fail-on warning also exits 1\n"
    "when warnings apply to the selected steps (for CI).\n"
    "Exit status: 0 no errors, 1 errors in the inputs or the selection, 2 usage or I/O failure.\n";

struct UsageError {
    std::string message;
};

std::string format_list() {
    std::string out;
    for (const Renderer& r : renderers()) out += std::string(out.empty() ? "" : ", ") + r.format;
    return out;
}

std::string read_file(const std::string& path) {
    if (path == "-") {
        std::ostringstream buffer;
        buffer << std::cin.rdbuf();
        return buffer.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
    // Whole buffers at a time (an istreambuf_iterator copy went byte by
    // byte: 10% of a 100k-flag plan's time).
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    if (in.bad()) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
    return text;
}

void write_output(const std::optional<std::string>& out_path, const std::string& text) {
    if (!out_path) {
        std::cout << text;
        std::cout.flush();
        return;
    }
    std::ofstream out(*out_path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + *out_path + ": " + std::strerror(errno));
    out << text;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + *out_path + ": " + std::strerror(errno));
}

std::vector<int> parse_id_list(const std::string& text) {
    std::vector<int> ids;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        if (item.empty() || item.size() > 9 || item.find_first_not_of("0123456789") != std::string::npos)
            throw UsageError{"--select takes step ids separated by commas, e.g. 1,2,5 (got `" + text + "`)"};
        ids.push_back(std::stoi(item));
    }
    if (ids.empty()) throw UsageError{"--select needs at least one step id"};
    return ids;
}

std::string now_iso8601() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

/// Splits argv into positional arguments and --options (with their values).
struct Args {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::optional<std::string>>> options;
};

Args split_args(int argc, char** argv, int first, const std::vector<std::string>& with_value,
                const std::vector<std::string>& flags) {
    Args args;
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.size() > 2 && arg.rfind("--", 0) == 0) {
            std::string name = arg, value;
            bool inline_value = false;
            auto eq = arg.find('=');
            if (eq != std::string::npos) {
                name = arg.substr(0, eq);
                value = arg.substr(eq + 1);
                inline_value = true;
            }
            bool takes_value = std::find(with_value.begin(), with_value.end(), name) != with_value.end();
            bool is_flag = std::find(flags.begin(), flags.end(), name) != flags.end();
            if (!takes_value && !is_flag) throw UsageError{"unknown option " + name};
            if (is_flag) {
                if (inline_value) throw UsageError{name + " takes no value"};
                args.options.emplace_back(name, std::nullopt);
                continue;
            }
            if (!inline_value) {
                if (i + 1 >= argc) throw UsageError{name + " needs a value"};
                value = argv[++i];
            }
            args.options.emplace_back(name, value);
        } else {
            args.positional.push_back(arg);
        }
    }
    return args;
}

int command_plan(int argc, char** argv) {
    Args args = split_args(argc, argv, 2, {"--mode", "--select", "--format", "--out", "--fail-on"},
                           {"--include-values", "--renames", "--walk-stages", "--keep-stages", "--allow-mass-delete"});
    if (args.positional.size() != 2) throw UsageError{"plan needs SOURCE and TARGET"};
    AnalyzeOptions options;
    bool fail_on_warning = false;
    std::string format = "text";
    std::optional<std::string> out_path;
    for (const auto& [name, value] : args.options) {
        if (name == "--mode") {
            auto mode = parse_mode(*value);
            if (!mode) throw UsageError{"--mode is migration or restore, not `" + *value + "`"};
            options.mode = *mode;
        } else if (name == "--include-values") {
            options.include_values = true;
        } else if (name == "--renames") {
            options.renames = true;
        } else if (name == "--walk-stages") {
            options.walk_stages = true;
        } else if (name == "--keep-stages") {
            options.keep_stages = true;
        } else if (name == "--allow-mass-delete") {
            options.allow_mass_delete = true;
        } else if (name == "--fail-on") {
            if (*value != "error" && *value != "warning")
                throw UsageError{"--fail-on is error or warning, not `" + *value + "`"};
            fail_on_warning = *value == "warning";
        } else if (name == "--select") {
            options.select = parse_id_list(*value);
        } else if (name == "--format") {
            format = *value;
        } else if (name == "--out") {
            out_path = *value;
        }
    }
    bool known_format = false;
    for (const Renderer& r : renderers()) known_format |= format == r.format;
    if (!known_format) throw UsageError{"--format is one of " + format_list() + ", not `" + format + "`"};

    std::string source_text = read_file(args.positional[0]);
    std::string target_text = read_file(args.positional[1]);
    StdRegexEngine regex;
    Analysis analysis = analyze({source_text, args.positional[0]}, {target_text, args.positional[1]}, options, regex);
    RenderOptions render_options;
    render_options.generated_at = now_iso8601();
    Rendered rendered = render(analysis, format, render_options);
    if (!rendered.ok) {
        // Executable output refused for a blocked plan: show why on stderr.
        std::cerr << render_diagnostics_text(analysis.diagnostics);
        for (const Diagnostic& d : rendered.diagnostics) std::cerr << "flagplan: " << d.message << "\n";
        return kInputErrors;
    }
    write_output(out_path, rendered.text);
    if (analysis.blocked) {
        if (format != "text" || out_path)
            std::cerr << "flagplan: the plan has " << count_severity(analysis.diagnostics, Severity::Error)
                      << " error(s); see the diagnostics\n";
        return kInputErrors;
    }
    // Only the warnings that apply to the selected steps (summary.hpp).
    if (int warnings = summarize(analysis).warnings; fail_on_warning && warnings > 0) {
        std::cerr << "flagplan: " << warnings << " warning(s) and --fail-on warning\n";
        return kInputErrors;
    }
    return kOk;
}

int command_render(int argc, char** argv) {
    Args args = split_args(argc, argv, 2, {"--format", "--out"}, {});
    if (args.positional.size() != 1) throw UsageError{"render needs one PLAN.json"};
    std::optional<std::string> format, out_path;
    for (const auto& [name, value] : args.options) {
        if (name == "--format") format = *value;
        else if (name == "--out") out_path = *value;
    }
    if (!format) throw UsageError{"render needs --format sh, rollback, md or plan"};
    if (*format != "sh" && *format != "rollback" && *format != "md" && *format != "plan")
        throw UsageError{"--format is sh, rollback, md or plan for render, not `" + *format + "`"};
    std::string text = read_file(args.positional[0]);
    StdRegexEngine regex;
    PlanFileRead read = read_plan_file(text, args.positional[0], regex);
    if (!read.ok) {
        std::cerr << render_diagnostics_text(read.diagnostics);
        std::cerr << "flagplan: " << args.positional[0] << " is not a plan flagplan can render; nothing written\n";
        return kInputErrors;
    }
    Rendered rendered = render_plan_file(read.plan, *format);
    if (!rendered.ok) {
        for (const Diagnostic& d : rendered.diagnostics) std::cerr << "flagplan: " << d.message << "\n";
        return kInputErrors;
    }
    write_output(out_path, rendered.text);
    return kOk;
}

int command_validate(int argc, char** argv) {
    Args args = split_args(argc, argv, 2, {"--format"}, {});
    if (args.positional.empty()) throw UsageError{"validate needs at least one FILE"};
    std::string format = "text";
    for (const auto& [name, value] : args.options)
        if (name == "--format") format = *value;
    if (format != "text" && format != "json") throw UsageError{"--format is text or json for validate"};

    StdRegexEngine regex;
    Limits limits;
    Diagnostics all;
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    std::string text_out;
    for (const std::string& path : args.positional) {
        std::string text = read_file(path);
        ExportCheck check = check_export({text, path}, limits, regex);
        bool valid = !has_errors(check.diagnostics);
        nlohmann::ordered_json f;
        f["label"] = path;
        f["environment"] = check.snapshot.environment;
        f["version"] = check.snapshot.version;
        f["createdAt"] = check.snapshot.created_at;
        f["flagCount"] = check.snapshot.flags.size();
        f["valid"] = valid;
        files.push_back(std::move(f));
        text_out += path + ": " + (valid ? "valid" : "INVALID") + ", " + std::to_string(check.snapshot.flags.size()) +
                    " flags, " + std::to_string(count_severity(check.diagnostics, Severity::Error)) + " errors, " +
                    std::to_string(count_severity(check.diagnostics, Severity::Warning)) + " warnings\n";
        all.insert(all.end(), check.diagnostics.begin(), check.diagnostics.end());
    }
    if (format == "json") {
        nlohmann::ordered_json root;
        root["files"] = std::move(files);
        nlohmann::ordered_json diags = nlohmann::ordered_json::array();
        for (const Diagnostic& d : all) diags.push_back(diagnostic_to_json(d));
        root["diagnostics"] = std::move(diags);
        std::cout << dump_json(root);
    } else {
        std::cout << text_out;
        if (!all.empty()) std::cout << "\n" << render_diagnostics_text(all);
    }
    return has_errors(all) ? kInputErrors : kOk;
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    try {
        if (argc < 2) throw UsageError{"no command given"};
        std::string command = argv[1];
        if (command == "--help" || command == "-h" || command == "help") {
            std::cout << kUsageText << "\nFormats for plan: " << format_list() << "\n";
            return kOk;
        }
        if (command == "--version") {
            std::cout << "flagplan " << FLAGPLAN_VERSION << "\n";
            return kOk;
        }
        if (command == "plan") return command_plan(argc, argv);
        if (command == "render") return command_render(argc, argv);
        if (command == "validate") return command_validate(argc, argv);
        throw UsageError{"unknown command `" + command + "`"};
    } catch (const UsageError& e) {
        std::cerr << "flagplan: " << e.message << " (flagplan --help shows the usage)\n";
        return kUsage;
    } catch (const std::exception& e) {
        std::cerr << "flagplan: " << e.what() << "\n";
        return kUsage;
    }
}
