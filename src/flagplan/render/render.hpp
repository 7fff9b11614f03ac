// Stage 5: analysis -> the texts users read and download. One registry, so
// the CLI, the wasm module and the page offer the same formats.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "flagplan/analyze/analyze.hpp"

namespace flagplan {

/// What the engine cannot know by itself (it has no clock).
struct RenderOptions {
    std::string generated_at;  ///< ISO 8601 time of rendering, "" = leave out
    std::string generator = std::string("flagplan ") + FLAGPLAN_VERSION;
    /// The reviewer's free text (a change ticket, why): written into
    /// plan.json ("comment"), the report and the script headers as given
    /// (shown escaped where it could hide text); "" = none.
    std::string comment;
    /// The exports' flag counts when the analysis holds only some of their
    /// flags (a plan read back from plan.json: analysis_of()); unset = the
    /// snapshots' sizes.
    std::optional<std::size_t> source_flag_count, target_flag_count;
};

/// The result of one rendering: the text, or the reason there is none.
struct Rendered {
    bool ok = false;
    std::string text;
    Diagnostics diagnostics;  ///< plan.blocked, plan.unknown_format
};

/// A text in parts, in order: the text is their concatenation. Parts may end
/// anywhere (a UTF-8 sequence may straddle two). The scripts are made in
/// parts of about 1 MB so a large one is never copied whole (render_script
/// in render_apply.cpp says what it saves).
using TextParts = std::vector<std::string>;

/// The parts joined into one text (each part is freed once copied).
std::string join_parts(TextParts parts);

/// Where a text made in parts goes, part by part, in order, as each is made
/// (render_to()): the CLI writes it out, the WebAssembly module hands it to
/// JavaScript; the part is freed when the call returns.
using PartSink = std::function<void(std::string part)>;

/// A PartSink that appends each part to `parts`.
PartSink collect_into(TextParts& parts);

/// render() in parts (what the WebAssembly module holds for JavaScript).
struct RenderedParts {
    bool ok = false;
    TextParts parts;
    Diagnostics diagnostics;  ///< plan.blocked, plan.unknown_format
};

struct PlanFile;

/// One output format: `render` makes the whole text, or `render_parts`
/// (when not null) hands it to a PartSink part by part as it is made;
/// `render_plan` (when not null) renders a saved plan (plan.json) as this
/// format (`flagplan render`).
struct Renderer {
    const char* format;       ///< CLI --format name: "json", "text", ...
    const char* extension;    ///< file name extension without the dot
    const char* media_type;   ///< for downloads
    bool executable;          ///< refused for a blocked plan
    const char* description;  ///< one line for --help and the page
    std::string (*render)(const Analysis&, const RenderOptions&);
    void (*render_parts)(const Analysis&, const RenderOptions&, const PartSink&) = nullptr;
    std::string (*render_plan)(const PlanFile&) = nullptr;
    /// Refused when no step is selected (plan.nothing_selected): a script
    /// that would do nothing.
    bool needs_steps = false;
};

/// Every format, in the order the CLI and the page list them.
const std::vector<Renderer>& renderers();

/// The registry as one-line JSON: [{format, extension, mediaType,
/// executable, needsSteps, description}], in renderers() order (the JS
/// library's renderers()).
std::string renderers_json();

/// The step modes as a JSON array, in enum order: [{mode, marker, legend,
/// label, description, flagflow}] (plan.hpp step_modes()).
std::string step_modes_json();

/// The change rules as one-line JSON: [{code, severity, trigger, why}], in
/// change_rules() order (the page's legend, the JS library's changeRules()).
std::string change_rules_json();

/// Why `renderer` refuses a plan, or nullopt: plan.blocked (an executable
/// format and a `blocked` plan), plan.nothing_selected (a script format and
/// no step selected). The one rule for the CLI, the saved-plan renderer, the
/// wasm module and the page.
std::optional<Diagnostic> refusal(const Renderer& renderer, bool blocked, int selected_steps);

/// plan.unknown_format for `format`, naming the formats there are: every
/// renderer's, or with `saved_plan` those that render a saved plan
/// (render_plan set). The one message for the CLI, the saved-plan renderer
/// and the wasm module.
Diagnostic unknown_format(std::string_view format, bool saved_plan);

/// One export checked by `validate`: its label and what check_export() found.
struct CheckedFile {
    std::string label;
    ExportCheck check;
};

/// An output format of `validate` (a list of checked exports).
struct ValidationRenderer {
    const char* format;       ///< --format name
    const char* description;  ///< one line for --help
    std::string (*render)(const std::vector<CheckedFile>&);
};

/// Every format of `validate`: text (one line per file, then the
/// diagnostics grouped), json ({"files": [{label, environment, version,
/// createdAt, flagCount, valid}], "diagnostics": [...]}), github (the
/// text's file lines, then render_diagnostics_github()), md (a table of the
/// files and a list of the diagnostics, for $GITHUB_STEP_SUMMARY).
const std::vector<ValidationRenderer>& validation_renderers();

/// Renders the checked files as `format`; nullopt for an unknown format.
std::optional<std::string> render_validation(const std::vector<CheckedFile>& files, std::string_view format);

struct Pipeline;  // flagplan/pipeline/pipeline.hpp

/// An output format of `pipeline` (render_pipeline.cpp).
struct PipelineRenderer {
    const char* format;       ///< --format name
    const char* description;  ///< one line for --help
    std::string (*render)(const Pipeline&);
};

/// Every format of `pipeline`: text (per flag key a block of one line per
/// environment, then the findings and one Plan: line per hop), json
/// (shape in docs/ci.md), md (one table row per key,
/// for $GITHUB_STEP_SUMMARY).
const std::vector<PipelineRenderer>& pipeline_renderers();

/// Renders a pipeline as `format`; nullopt for an unknown format.
std::optional<std::string> render_pipeline(const Pipeline& pipeline, std::string_view format);

/// Renders `analysis` as `format`. Errors: plan.unknown_format; plan.blocked
/// when the format is executable and the analysis is blocked;
/// plan.nothing_selected when the format is a script and no step is selected.
Rendered render(const Analysis& analysis, std::string_view format, const RenderOptions& options = {});

/// render() in parts: the same text and errors.
RenderedParts render_parts(const Analysis& analysis, std::string_view format, const RenderOptions& options = {});

/// Whether render_to() rendered, or why not (plan.unknown_format, plan.blocked, plan.nothing_selected).
struct RenderOutcome {
    bool ok = false;
    Diagnostics diagnostics;
};

/// render() with the text handed to `sink` part by part as it is made, so
/// it is never held whole: the scripts (render_apply.cpp's render_script())
/// hold at most one part of about 1 MB plus their expected states; other
/// formats are one part. The same text and errors as render(); when it is
/// refused, `sink` is never called. A part may end anywhere (a UTF-8
/// sequence may straddle two).
RenderOutcome render_to(const Analysis& analysis, std::string_view format, const RenderOptions& options,
                        const PartSink& sink);

/// The machine-readable analysis (docs/json-format.md): source, target,
/// mode, blocked, steps with selection and changes, diagnostics, summary.
std::string render_analysis_json(const Analysis& analysis, const RenderOptions& options);
nlohmann::ordered_json analysis_to_json(const Analysis& analysis);
nlohmann::ordered_json diagnostic_to_json(const Diagnostic& diagnostic);
/// {"label","environment","version","createdAt","flagCount"}: an export's
/// metadata, as the analysis JSON and plan.json write it.
nlohmann::ordered_json export_info_json(const std::string& label, const std::string& environment,
                                        const std::string& version, const std::string& created_at,
                                        std::size_t flag_count);
/// {"from","to","link","links"}: a stage-walk link, as both JSON formats write it.
nlohmann::ordered_json stage_move_json(const StageMove& stage);

/// The Terraform-like listing for terminals.
std::string render_analysis_text(const Analysis& analysis, const RenderOptions& options);
/// GitHub Actions workflow commands: render_diagnostics_github() of what
/// applies to the selection (every diagnostic that is not a finding, then
/// summarize()'s findings), then "::notice title=flagplan plan::" with its plan_line.
std::string render_analysis_github(const Analysis& analysis, const RenderOptions& options);
/// Diagnostics grouped by file and flag, errors first (used by `validate`).
std::string render_diagnostics_text(const Diagnostics& diagnostics);

/// Markdown as report.md writes it: a code span holding `text` literally;
/// plain one-line text (hidden characters escaped, no HTML); a diagnostic
/// as one list item ("- `code` (where): message\n").
std::string markdown_code(const std::string& text);
std::string markdown_text(const std::string& text);
std::string markdown_diagnostic(const Diagnostic& diagnostic);

/// GitHub Actions workflow commands (docs/ci.md), one line per diagnostic:
/// "::error file=F,line=L,col=C,title=CODE::MESSAGE" (::warning for a
/// warning, ::notice for a note; file, line and col only when known; the
/// message names the flag). Data is escaped as GitHub's
/// runner requires (% %25, CR %0D, LF %0A), property values also : %3A and , %2C.
std::string render_diagnostics_github(const Diagnostics& diagnostics);

/// JSON text as every renderer writes it: two-space indent, UTF-8 (not
/// \u-escaped), invalid UTF-8 replaced, trailing newline.
std::string dump_json(const nlohmann::ordered_json& value);

}  // namespace flagplan
