#include "flagplan/planfile/saved_plan.hpp"

#include "flagplan/render/flag_json.hpp"

namespace flagplan {

namespace {

Snapshot snapshot_of(const ExportInfo& info, const Snapshot& flags) {
    Snapshot s = flags;
    s.label = info.label;
    s.environment = info.environment;
    s.version = info.version;
    s.created_at = info.created_at;
    return s;
}

/// jq's `tojson | if length > 80 then .[0:77] + "..." else . end` (length
/// and slices count code points).
std::string shown(const nlohmann::ordered_json& value) {
    std::string text = value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    std::size_t points = 0, cut = std::string::npos;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (points == 77) cut = i;
        ++points;
    }
    return points > 80 ? text.substr(0, cut) + "..." : text;
}

}  // namespace

Analysis analysis_of(const PlanFile& plan, RenderOptions& counts) {
    Analysis a;
    a.source = snapshot_of(plan.source, plan.source_flags);
    a.target = snapshot_of(plan.target, plan.baseline);
    a.mode = plan.mode;
    a.plan = plan.plan;
    a.renames = plan.renames;
    a.walk_stages = plan.walk_stages;
    a.selected = plan.selected;
    a.diagnostics = plan.diagnostics;
    a.blocked = plan.blocked;
    counts.source_flag_count = plan.source.flag_count;
    counts.target_flag_count = plan.target.flag_count;
    counts.generated_at = plan.generated_at;
    counts.generator = plan.generator;
    return a;
}

DriftCheck check_drift(const PlanFile& plan, const Snapshot& target) {
    DriftCheck out;
    out.plan_environment = plan.target.environment;
    out.target_environment = target.environment;
    out.environment_matches = plan.target.environment == target.environment;
    for (const std::string& key : drift_guard_keys(view_of(plan))) {
        const Flag* want = plan.baseline.find(key);
        const Flag* have = target.find(key);
        if (!want && !have) continue;
        if (!want) {
            out.drifted.push_back({key, "exists, but the plan expects no such flag"});
            continue;
        }
        if (!have) {
            out.drifted.push_back({key, "does not exist, but the plan expects it"});
            continue;
        }
        nlohmann::ordered_json w = flag_to_json(*want), h = flag_to_json(*have);
        std::string difference;
        for (const auto& [field, value] : w.items()) {
            nlohmann::ordered_json now = h.contains(field) ? h[field] : nlohmann::ordered_json();
            if (now == value) continue;
            difference += (difference.empty() ? "" : "; ") + field + " is " + shown(now) + ", expected " + shown(value);
        }
        if (!difference.empty()) out.drifted.push_back({key, difference});
    }
    return out;
}

std::string render_drift(const DriftCheck& check, const std::string& target_label, const std::string& format) {
    if (format == "json") {
        nlohmann::ordered_json root, drifted = nlohmann::ordered_json::array();
        root["plan"]["environment"] = check.plan_environment;
        root["target"]["label"] = target_label;
        root["target"]["environment"] = check.target_environment;
        root["environmentMatches"] = check.environment_matches;
        for (const DriftedFlag& d : check.drifted) drifted.push_back({{"flagKey", d.key}, {"difference", d.difference}});
        root["drifted"] = std::move(drifted);
        return dump_json(root);
    }
    std::string out;
    if (!check.environment_matches)
        out += target_label + " is environment " + visible_text(check.target_environment) + ", but the plan is for " +
               visible_text(check.plan_environment) + "\n";
    for (const DriftedFlag& d : check.drifted) out += "  " + visible_text(d.key) + ": " + visible_text(d.difference) + "\n";
    if (check.drifted.empty())
        out += "No drift: every flag the plan touches in " + target_label + " is as the plan expects.\n";
    else
        out += "Drift: " + std::to_string(check.drifted.size()) + " flag(s) of " + target_label +
               " changed since the plan was made; make a new plan from a fresh export.\n";
    return out;
}

}  // namespace flagplan
