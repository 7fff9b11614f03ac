#include "flagplan/pipeline/pipeline.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "flagplan/plan/stages.hpp"
#include "flagplan/render/flag_json.hpp"
#include "flagplan/render/render.hpp"

namespace flagplan {

namespace {

std::string fingerprint_of(const std::string& schema) {
    std::uint32_t h = 2166136261u;  // FNV-1a, 32 bit
    for (unsigned char c : schema) {
        h ^= c;
        h *= 16777619u;
    }
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%08x", static_cast<unsigned>(h));
    return buffer;
}

/// The type and the schema fields as one-line JSON: what the planner compares.
std::string schema_text(const Flag& flag) {
    std::string out;
    JsonWriter w(out, -1, false);
    w.begin_array().string(flag_type_name(flag.type));
    for (Field field : fields_of(flag.type))
        if (is_schema_field(field)) w.field(flag, field);
    w.end_array();
    return out;
}

PipelineCell cell_of(const Flag& flag) {
    PipelineCell c;
    c.present = true;
    c.type = flag.type;
    if (has_value_fields(flag.type)) {
        c.value_exists = flag.value_exists;
        JsonWriter(c.value, -1, true).field(flag, flag.value_exists ? Field::Value : Field::DefaultValue);
    }
    if (stage_sequence_of(flag)) c.stage = current_stage(flag);
    return c;
}

/// What differs between two environments' cells (the later gets them).
void compare(const PipelineCell& before, PipelineCell& now, const std::string& schema_before,
             const std::string& schema_now) {
    if (!before.present && !now.present) return;
    if (!before.present) return now.changes.push_back("added");
    if (!now.present) return now.changes.push_back("removed");
    if (before.type != now.type) now.changes.push_back("type");
    else if (schema_before != schema_now) now.changes.push_back("schema");
    if (before.value_exists != now.value_exists || before.value != now.value) now.changes.push_back("value");
}

std::string env_name(const ExportInfo& e) { return e.environment.empty() ? "(empty)" : e.environment; }

}  // namespace

std::string hop_plan_line(const Analysis& hop) { return summarize(hop).plan_line; }

std::vector<std::size_t> promotion_sequence(const std::vector<std::string>& environments) {
    std::vector<std::size_t> order(environments.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (std::size_t i = 0; i < order.size(); ++i)
        for (std::size_t j = i + 1; j < order.size(); ++j)
            if (promotion_order(environments[i], environments[j]) == 0) return order;  // the names do not say
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return promotion_order(environments[a], environments[b]) == 1; });
    return order;
}

Pipeline analyze_pipeline(const std::vector<ExportText>& exports, const Limits& limits, const RegexEngine& regex,
                          PipelineOrder order) {
    Pipeline p;
    const std::size_t n = exports.size();
    std::vector<ExportCheck> checks;
    checks.reserve(n);
    for (const ExportText& e : exports) checks.push_back(check_export(e, limits, regex));
    std::vector<std::size_t> input_of(n);  ///< the position in `exports` of each environment
    for (std::size_t i = 0; i < n; ++i) input_of[i] = i;
    if (order == PipelineOrder::ByEnvironmentName) {
        std::vector<std::string> names;
        for (const ExportCheck& c : checks) names.push_back(c.snapshot.environment);
        input_of = promotion_sequence(names);
        std::vector<ExportCheck> ordered;
        ordered.reserve(n);
        for (std::size_t i : input_of) ordered.push_back(std::move(checks[i]));
        checks.swap(ordered);
    }
    std::size_t total = 0;
    for (const ExportCheck& c : checks) {
        p.environments.push_back(info_of(c.snapshot));
        p.diagnostics.insert(p.diagnostics.end(), c.diagnostics.begin(), c.diagnostics.end());
        total += c.snapshot.flags.size();
    }

    // The matrix, one environment at a time; each cell is compared with the
    // one before it while only two environments' schema texts are kept.
    std::unordered_map<std::string, std::size_t> row_of;
    row_of.reserve(total);
    std::vector<std::string> schema_before, schema_now;
    for (std::size_t i = 0; i < n; ++i) {
        for (const Flag& flag : checks[i].snapshot.flags) {
            auto [it, added] = row_of.emplace(flag.key, p.rows.size());
            if (added) {
                p.rows.push_back({flag.key, false, std::vector<PipelineCell>(n)});
                schema_before.emplace_back();
                schema_now.emplace_back();
            }
            PipelineRow& row = p.rows[it->second];
            row.cells[i] = cell_of(flag);
            row.stage_flag |= !row.cells[i].stage.empty();
            schema_now[it->second] = schema_text(flag);
        }
        for (std::size_t r = 0; r < p.rows.size(); ++r) {
            if (i > 0) compare(p.rows[r].cells[i - 1], p.rows[r].cells[i], schema_before[r], schema_now[r]);
            p.rows[r].cells[i].fingerprint = p.rows[r].cells[i].present ? fingerprint_of(schema_now[r]) : "";
            schema_before[r].swap(schema_now[r]);
            schema_now[r].clear();
        }
    }

    // Stage flags ahead in a later environment.
    for (const PipelineRow& row : p.rows) {
        if (!row.stage_flag) continue;
        for (std::size_t i = 1; i < n; ++i) {
            const PipelineCell &earlier = row.cells[i - 1], &later = row.cells[i];
            if (earlier.stage.empty() || later.stage.empty()) continue;
            const Flag* flag = checks[i - 1].snapshot.find(row.key);
            const StageSequence* sequence = flag ? stage_sequence_of(*flag) : nullptr;
            if (!sequence) continue;
            int from = stage_index(*sequence, earlier.stage), to = stage_index(*sequence, later.stage);
            if (from < 0 || to <= from) continue;
            Diagnostic d;
            d.severity = Severity::Warning;
            d.code = "stage.ahead";
            d.file = p.environments[i].label;
            d.flag_key = row.key;
            d.field = "value";
            d.message = env_name(p.environments[i]) + " is at stage `" + later.stage + "` while " +
                        env_name(p.environments[i - 1]) + ", before it in the pipeline, is at `" + earlier.stage +
                        "`: a later environment is ahead of an earlier one";
            p.diagnostics.push_back(std::move(d));
        }
    }

    // Each hop's plan, one at a time (only its summary is kept): the plan
    // `flagplan plan` makes of the pair, so the hop's target is read again as
    // analyze() reads a target (check_target(): untrimmed, its invalid flags
    // warnings), not as the matrix reads it (the source of the next hop).
    for (std::size_t i = 0; i + 1 < n; ++i) {
        ExportCheck target = check_target(exports[input_of[i + 1]], limits, regex);
        Analysis a = analyze_checked(checks[i], target, AnalyzeOptions{}, regex);
        PipelineHop hop;
        hop.from = i;
        hop.to = i + 1;
        hop.plan_line = hop_plan_line(a);
        hop.selected = summarize(a).selected_steps;
        hop.steps = static_cast<int>(a.plan.steps.size());
        hop.blocked = a.blocked;
        // analyze_checked() repeats both exports' own diagnostics: not the hop's.
        hop.errors = count_severity(a.diagnostics, Severity::Error) -
                     count_severity(checks[i].diagnostics, Severity::Error) -
                     count_severity(target.diagnostics, Severity::Error);
        hop.warnings = count_severity(a.diagnostics, Severity::Warning) -
                       count_severity(checks[i].diagnostics, Severity::Warning) -
                       count_severity(target.diagnostics, Severity::Warning);
        p.blocked |= hop.blocked;
        p.hops.push_back(std::move(hop));
    }
    p.blocked |= has_errors(p.diagnostics);
    return p;
}

}  // namespace flagplan
