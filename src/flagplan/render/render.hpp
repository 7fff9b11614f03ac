// Stage 5: analysis -> the texts users read and download. One registry, so
// the CLI, the wasm module and the page offer the same formats.
#pragma once

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

/// render() in parts (what the WebAssembly module holds for JavaScript).
struct RenderedParts {
    bool ok = false;
    TextParts parts;
    Diagnostics diagnostics;  ///< plan.blocked, plan.unknown_format
};

/// One output format: `render` makes the whole text, or `render_parts`
/// (when not null) makes it in parts.
struct Renderer {
    const char* format;       ///< CLI --format name: "json", "text", ...
    const char* extension;    ///< file name extension without the dot
    const char* media_type;   ///< for downloads
    bool executable;          ///< refused for a blocked plan
    const char* description;  ///< one line for --help and the page
    std::string (*render)(const Analysis&, const RenderOptions&);
    TextParts (*render_parts)(const Analysis&, const RenderOptions&) = nullptr;
};

/// Every format, in the order the CLI and the page list them.
const std::vector<Renderer>& renderers();

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
/// createdAt, flagCount, valid}], "diagnostics": [...]}).
const std::vector<ValidationRenderer>& validation_renderers();

/// Renders the checked files as `format`; nullopt for an unknown format.
std::optional<std::string> render_validation(const std::vector<CheckedFile>& files, std::string_view format);

/// Renders `analysis` as `format`. Errors: plan.unknown_format; plan.blocked
/// when the format is executable and the analysis is blocked.
Rendered render(const Analysis& analysis, std::string_view format, const RenderOptions& options = {});

/// render() in parts: the same text and errors.
RenderedParts render_parts(const Analysis& analysis, std::string_view format, const RenderOptions& options = {});

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
/// Diagnostics grouped by file and flag, errors first (used by `validate`).
std::string render_diagnostics_text(const Diagnostics& diagnostics);

/// JSON text as every renderer writes it: two-space indent, UTF-8 (not
/// \u-escaped), invalid UTF-8 replaced, trailing newline.
std::string dump_json(const nlohmann::ordered_json& value);

}  // namespace flagplan
