// The WebAssembly module's handles: InputBytes (an export's bytes in module
// memory), CheckedExport (one export parsed and validated, its bytes freed)
// and Session (one analysis of two CheckedExports, kept across calls). Thin
// by rule: plain data in, the engine's answer out as JSON text (bindings.cpp
// registers them).
#pragma once

#include <emscripten/val.h>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/analyze/options.hpp"
#include "flagplan/compare/compare.hpp"
#include "flagplan/render/render.hpp"
#include "flagplan/render/render_json.hpp"
#include "js_regex_engine.hpp"

namespace flagplan::wasm {

using ojson = nlohmann::ordered_json;

/// Sessions constructed and not yet deleted (memoryStats().liveSessions):
/// binding-level bookkeeping for leak tests, not engine state.
int& live_sessions();

Diagnostic binding_error(std::string code, std::string message);
/// The diagnostic for an exception caught at the boundary (call in a catch).
Diagnostic caught(const char* operation);
/// One-line JSON; invalid UTF-8 replaced (never throws for bad bytes).
std::string compact(const ojson& value);
ojson diagnostics_json(const Diagnostics& diagnostics);

/// render()'s answer: ok = false with the reasons as JSON text, or ok (the
/// text went to render()'s `on_part`).
struct RenderResult {
    bool ok = false;
    std::string diagnostics;  ///< JSON array of diagnostics
};

/// An export's bytes in module memory. JavaScript writes them through
/// view() straight into this buffer (one copy; a std::string argument would
/// cost two: Embind's wire buffer and the string made from it); the
/// CheckedExport made from them frees them as soon as it has checked them.
/// JavaScript must call delete() on the handle (web/ does it right after the
/// CheckedExport is made).
class InputBytes {
public:
    /// Allocates `size` bytes; allocated() is false when the heap could not grow.
    explicit InputBytes(std::size_t size) : data_(static_cast<unsigned char*>(std::malloc(size ? size : 1))), size_(size) {}
    ~InputBytes() { std::free(data_); }
    InputBytes(const InputBytes&) = delete;
    InputBytes& operator=(const InputBytes&) = delete;

    bool allocated() const { return data_ != nullptr; }
    std::size_t size() const { return size_; }
    /// A Uint8Array over the buffer, to fill at once (it is invalid after
    /// anything allocates in the module); null when nothing was allocated.
    emscripten::val view() const {
        return data_ ? emscripten::val(emscripten::typed_memory_view(size_, data_)) : emscripten::val::null();
    }
    std::string_view text() const { return {reinterpret_cast<const char*>(data_), data_ ? size_ : 0}; }
    /// Frees the bytes now (the handle stays until delete()).
    void release() {
        std::free(data_);
        data_ = nullptr;
    }

private:
    unsigned char* data_;
    std::size_t size_;
};

/// One export checked ahead of its analysis (check_export() for a source,
/// check_target() for a target: parsed and validated, default Limits, the
/// module's RegexEngine), so that when the other export arrives only that one
/// is read. The bytes are freed once checked. A Session made from it takes
/// the check (used() is true after); JavaScript must call delete() (web/
/// PreparedExport.delete()).
class CheckedExport {
public:
    /// `as_target`: read as the analysis reads its target (untrimmed, as
    /// FlagFlow's store holds it), else as its source. A buffer that could
    /// not be allocated is a plan.out_of_memory diagnostic (the export unreadable).
    CheckedExport(InputBytes& bytes, const std::string& label, bool as_target) : label_(label), as_target_(as_target) {
        check_.snapshot.label = label;
        try {
            if (!bytes.allocated()) {
                fail(binding_error("plan.out_of_memory", "the " + std::string(as_target ? "target" : "source") +
                                                             " export (" + std::to_string(bytes.size()) +
                                                             " bytes) does not fit in the WebAssembly heap"));
            } else {
                JsRegexEngine regex;
                const ExportText text{bytes.text(), label};
                check_ = as_target ? check_target(text, Limits{}, regex) : check_export(text, Limits{}, regex);
            }
        } catch (...) {
            fail(caught("reading the export"));
        }
        bytes.release();
    }
    CheckedExport(const CheckedExport&) = delete;
    CheckedExport& operator=(const CheckedExport&) = delete;

    const std::string& label() const { return label_; }
    bool as_target() const { return as_target_; }
    /// True once a Session took the check.
    bool used() const { return used_; }
    /// The check, once (the caller checks used() first).
    ExportCheck take() {
        used_ = true;
        return std::move(check_);
    }

private:
    void fail(Diagnostic why) {
        check_ = ExportCheck{};
        check_.snapshot.label = label_;
        check_.snapshot.readable = false;
        check_.diagnostics.push_back(std::move(why));
    }

    ExportCheck check_;
    std::string label_;
    bool as_target_;
    bool used_ = false;
};

/// One analysis kept across calls so selection changes and renderings do not
/// re-read the exports. JavaScript must call delete() (web/ does it in
/// PlanSession.delete()).
class Session {
public:
    /// Analyzes two exports checked ahead (CheckedExport, each made from its
    /// bytes, which it frees: the heap holds one export's text at a time):
    /// the analysis analyze() gives for those bytes. An export already used
    /// by another Session, or checked for the other side, is
    /// plan.invalid_argument (nothing analyzed).
    Session(CheckedExport& source, CheckedExport& target, const std::string& options_json) {
        ++live_sessions();
        const std::string source_label = source.label(), target_label = target.label();
        try {
            AnalyzeOptions options;
            std::string problem = read_analyze_options(options_json, options);
            if (problem.empty() && (source.used() || target.used()))
                problem = "a prepared export was already analyzed (each is analyzed once)";
            if (problem.empty() && (source.as_target() || !target.as_target()))
                problem = "a prepared export was prepared for the other side";
            if (!problem.empty()) {
                fail(source_label, target_label, binding_error("plan.invalid_argument", problem));
            } else {
                JsRegexEngine regex;
                analysis_ = analyze_checked(source.take(), target.take(), options, regex);
            }
        } catch (...) {
            fail(source_label, target_label, caught("the analysis"));
        }
    }
    ~Session() { --live_sessions(); }

    /// Plans the same exports again with other options (replan(): nothing
    /// is parsed again), in place. With `keep_selected`, the selection the
    /// session had is kept where its steps still exist (keep_selection()).
    /// Returns {"diagnostics": [...]}: empty when it replanned;
    /// plan.invalid_argument (options not read, the analysis unchanged) or
    /// the failure that left an empty analysis. With `keep_selected` and a
    /// new plan, also "kept": {"isDefault": the kept selection is the new
    /// plan's own, "lost": selected steps no longer in the plan,
    /// "defaultIds": the new plan's own selection, ascending}.
    std::string replan_with(const std::string& options_json, bool keep_selected) {
        Diagnostics problems;
        std::optional<KeptSelection> kept;
        Selection defaults;
        const std::string source_label = analysis_.source.label, target_label = analysis_.target.label;
        try {
            AnalyzeOptions options;
            std::string problem = read_analyze_options(options_json, options);
            if (!problem.empty()) {
                problems.push_back(binding_error("plan.invalid_argument", problem));
            } else {
                JsRegexEngine regex;
                std::optional<SelectionByIdentity> before;
                if (keep_selected) before = selection_by_identity(analysis_.plan, analysis_.selected);
                analysis_ = replan(std::move(analysis_), options, regex);
                if (before) {
                    defaults = analysis_.selected;
                    kept = keep_selection(analysis_.plan, defaults, *before);
                    if (!kept->is_default) analysis_ = reselect(std::move(analysis_), SelectionChange{std::move(kept->selected), {}, {}});
                }
            }
        } catch (...) {
            Diagnostic why = caught("planning again");
            fail(source_label, target_label, why);
            problems.push_back(std::move(why));
            kept.reset();
        }
        ojson out;
        out["diagnostics"] = diagnostics_json(problems);
        if (kept) {
            ojson& k = out["kept"];
            k["isDefault"] = kept->is_default;
            k["lost"] = kept->lost;
            k["defaultIds"] = selected_ids(defaults);
        }
        return compact(out);
    }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Texts (JSON and renderings) are held by the Session in parts (a JSON
    // text is one part; a script several of about 1 MB, render_parts()) and
    // read by JavaScript through textView(i), each decoded at once with a
    // TextDecoder, then dropped with freeText(): Embind's std::string return
    // copies the text into a second buffer and scans it byte by byte in
    // JavaScript (0.45 s for 25 MB), a view costs neither, and parts are
    // never joined in the heap (a 25 MB copy next to everything else).

    /// Holds the analysis as `flagplan plan --format json` prints it.
    void analysis_json() {
        try {
            free_text();
            text_.push_back(render_analysis_json(analysis_, RenderOptions{}));
        } catch (...) {
            free_text();
            ojson failed;
            failed["diagnostics"] = diagnostics_json({caught("rendering the analysis")});
            text_.push_back(dump_json(failed));
        }
    }

    /// Holds analysis_overview_json(): every member of the analysis JSON but
    /// "steps", plus "stepCount"; one line.
    void overview_json() {
        hold_json("rendering the overview", [&] { return analysis_overview_json(analysis_); });
    }

    /// Holds analysis_overview_json_parts() as its parts: part 0 the overview
    /// with an empty "diagnostics" array, then the diagnostics as JSON arrays
    /// of at most `per_part` each (textView(i) per part). If rendering
    /// throws: one part, {"diagnostics": [the exception]}.
    void overview_json_parts(double per_part) {
        hold_json("rendering the overview", [&] { return analysis_overview_json_parts(analysis_, to_count(per_part)); });
    }

    /// Holds analysis_steps_json(): steps [offset, offset + limit) as the
    /// analysis JSON writes them, a one-line JSON array (empty past the end).
    void steps_json(double offset, double limit) {
        hold_json("rendering steps", [&] { return analysis_steps_json(analysis_, to_count(offset), to_count(limit)); });
    }

    /// Holds analysis_step_table_json(): every step in columns, without changes.
    void step_table_json() {
        hold_json("rendering the step table", [&] { return analysis_step_table_json(analysis_); });
    }

    /// Holds comparison_json() (compare/compare.hpp): every flag key of
    /// either export side by side, field by field (the unchanged ones only
    /// with `include_unchanged`); one line.
    void comparison(bool include_unchanged) {
        hold_json("comparing the exports", [&] { return comparison_json(analysis_, include_unchanged); });
    }

    /// How many parts the text the last call held has (0 after freeText()).
    double text_part_count() const { return static_cast<double>(text_.size()); }

    /// A Uint8Array over part `index` of the text the last call held (UTF-8;
    /// a character may straddle two parts, so decode them as one stream);
    /// empty past the last part; invalid as soon as anything allocates in the
    /// module, so decode it at once.
    emscripten::val text_view(double index) const {
        const std::size_t i = to_count(index);
        if (i >= text_.size()) return emscripten::val(emscripten::typed_memory_view(0, static_cast<const char*>(nullptr)));
        return emscripten::val(emscripten::typed_memory_view(text_[i].size(), text_[i].data()));
    }

    /// Frees the held text.
    void free_text() { TextParts().swap(text_); }

    std::string select(int id) {
        return change("selecting a step", [&] { return select_step(analysis_.plan, analysis_.selected, id); });
    }
    std::string unselect(int id) {
        return change("unselecting a step", [&] { return unselect_step(analysis_.plan, analysis_.selected, id); });
    }
    std::string add_values() {
        return change("adding value steps", [&] { return add_value_steps(analysis_.plan, analysis_.selected); });
    }
    /// Acknowledges (or withdraws) guard.mass_delete for this analysis, as
    /// AnalyzeOptions::allow_mass_delete; the selection is unchanged.
    std::string allow_mass_delete(bool allow) {
        return change("acknowledging the mass delete", [&] {
            analysis_.allow_mass_delete = allow;
            SelectionChange same;
            same.selected = analysis_.selected;
            return same;
        });
    }
    /// `ids_json`: a JSON array of step ids: exactly these, checked
    /// (selection_from_ids()), or with `with_prerequisites` these and the
    /// steps they depend on (select_with_prerequisites()).
    std::string set_selection(const std::string& ids_json, bool with_prerequisites) {
        std::vector<int> ids;
        if (!read_step_ids(nlohmann::json::parse(ids_json, nullptr, false), ids))
            return change_json({}, {binding_error("plan.invalid_argument",
                                                  "the selection is an array of step ids (integers)")});
        return change("setting the selection", [&] {
            return with_prerequisites ? select_with_prerequisites(analysis_.plan, ids) : selection_from_ids(analysis_.plan, ids);
        });
    }

    /// `format`: a renderers() name. `generated_at`: ISO 8601 time or "".
    /// `comment`: RenderOptions::comment ("" = none). `on_part`: a
    /// JavaScript function called with each part of the text, in order, as
    /// the engine makes it (render_to()): a Uint8Array view of its UTF-8
    /// bytes (a character may straddle two parts), valid only during the
    /// call, so decode it at once; the part is freed when the call returns,
    /// so a 27 MB script is never held whole in the heap. Not called when
    /// the rendering is refused (ok false). After a failure midway (ok false,
    /// the reason in diagnostics) the parts already passed are not the text.
    RenderResult render_format(const std::string& format, const std::string& generated_at, const std::string& comment,
                               emscripten::val on_part) {
        RenderResult out;
        free_text();
        try {
            RenderOptions options;
            options.generated_at = generated_at;
            options.comment = comment;
            RenderOutcome rendered = render_to(analysis_, format, options, [&on_part](std::string part) {
                on_part(emscripten::val(emscripten::typed_memory_view(part.size(), part.data())));
            });
            out.ok = rendered.ok;
            out.diagnostics = compact(diagnostics_json(rendered.diagnostics));
        } catch (...) {
            out = RenderResult{};
            out.diagnostics = compact(diagnostics_json({caught("rendering")}));
        }
        return out;
    }

    /// {format: [diagnostics], ...} for every renderers() format, in order:
    /// the engine's refusal() now (an empty array: render() would succeed). One line.
    std::string refusals_json() const {
        try {
            int selected = 0;
            for (bool b : analysis_.selected) selected += b ? 1 : 0;
            ojson out = ojson::object();
            for (const Renderer& r : renderers()) {
                Diagnostics refused;
                if (auto d = refusal(r, analysis_.blocked, selected)) refused.push_back(std::move(*d));
                out[r.format] = diagnostics_json(refused);
            }
            return compact(out);
        } catch (...) {
            ojson failed;
            failed["diagnostics"] = diagnostics_json({caught("reading the refusals")});
            return compact(failed);
        }
    }

private:
    /// A non-negative integer from JavaScript (web/ checks them) as a count;
    /// anything else reads as 0.
    static std::size_t to_count(double value) {
        if (!(value >= 0)) return 0;
        return value >= 4294967295.0 ? static_cast<std::size_t>(-1) : static_cast<std::size_t>(value);
    }

    /// Holds `make()`'s JSON text (a std::string, or TextParts held as its
    /// parts), or {"diagnostics": [the exception]} when it throws.
    template <typename Make>
    void hold_json(const char* operation, Make make) {
        try {
            free_text();
            if constexpr (std::is_same_v<decltype(make()), TextParts>) text_ = make();
            else text_.push_back(make());
        } catch (...) {
            free_text();
            ojson failed;
            failed["diagnostics"] = diagnostics_json({caught(operation)});
            text_.push_back(compact(failed));
        }
    }

    void fail(const std::string& source_label, const std::string& target_label, Diagnostic why) {
        analysis_ = Analysis{};
        analysis_.source.label = source_label;
        analysis_.target.label = target_label;
        analysis_.source.readable = analysis_.target.readable = false;
        analysis_.diagnostics.push_back(std::move(why));
        analysis_.export_diagnostics = analysis_.diagnostics.size();  // kept by replan_with()
        analysis_.blocked = true;
    }

    /// {"also": [...], "selected": [...], "blocked": b, "diagnostics": [...]}:
    /// the ids the change touched besides the one asked for, the selection
    /// after it, and the change's own diagnostics.
    std::string change_json(const std::vector<int>& also, const Diagnostics& diagnostics) const {
        ojson out;
        out["also"] = also;
        out["selected"] = selected_ids(analysis_.selected);
        out["blocked"] = analysis_.blocked;
        out["diagnostics"] = diagnostics_json(diagnostics);
        return compact(out);
    }

    template <typename MakeChange>
    std::string change(const char* operation, MakeChange make) {
        try {
            SelectionChange result = make();
            std::vector<int> also = result.also;
            Diagnostics diagnostics = result.diagnostics;
            analysis_ = reselect(std::move(analysis_), std::move(result));
            return change_json(also, diagnostics);
        } catch (...) {
            Diagnostic why = caught(operation);
            try {
                return change_json({}, {why});
            } catch (...) {
                return "{\"also\":[],\"selected\":[],\"blocked\":true,\"diagnostics\":[]}";
            }
        }
    }

    Analysis analysis_;
    TextParts text_;  ///< the last text made for JavaScript, in parts (textView(i))
};

}  // namespace flagplan::wasm
