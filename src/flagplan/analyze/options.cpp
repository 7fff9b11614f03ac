#include "flagplan/analyze/options.hpp"

#include <cstdint>

namespace flagplan {

/// Reads a JSON array of step ids; false when it is not one.
bool read_step_ids(const nlohmann::json& value, std::vector<int>& ids) {
    if (!value.is_array()) return false;
    for (const auto& item : value) {
        if (!item.is_number_integer()) return false;
        auto id = item.get<std::int64_t>();
        if (id < INT32_MIN || id > INT32_MAX) return false;
        ids.push_back(static_cast<int>(id));
    }
    return true;
}

std::string read_analyze_options(std::string_view text, AnalyzeOptions& out) {
    nlohmann::json options = nlohmann::json::parse(text, nullptr, false);
    if (!options.is_object()) return "options are not a JSON object";
    for (const auto& [name, value] : options.items()) {
        if (name == "mode") {
            auto mode = value.is_string() ? parse_mode(*value.get_ptr<const std::string*>()) : std::nullopt;
            if (!mode) return "mode is \"migration\" or \"restore\"";
            out.mode = *mode;
        } else if (name == "includeValues") {
            if (!value.is_boolean()) return "includeValues is a boolean";
            out.include_values = *value.get_ptr<const bool*>();
        } else if (name == "select") {
            if (value.is_null()) continue;
            std::vector<int> ids;
            if (!read_step_ids(value, ids)) return "select is an array of step ids (integers)";
            out.select = std::move(ids);
        } else if (name == "renames") {
            if (!value.is_boolean()) return "renames is a boolean";
            out.renames = *value.get_ptr<const bool*>();
        } else if (name == "renameKeys") {
            if (!value.is_array()) return "renameKeys is an array of flag keys";
            for (const auto& key : value) {
                if (!key.is_string()) return "renameKeys is an array of flag keys";
                out.rename_keys.push_back(*key.get_ptr<const std::string*>());
            }
        } else if (name == "allowMassDelete") {
            if (!value.is_boolean()) return "allowMassDelete is a boolean";
            out.allow_mass_delete = *value.get_ptr<const bool*>();
        } else if (name == "keepStages") {
            if (!value.is_boolean()) return "keepStages is a boolean";
            out.keep_stages = *value.get_ptr<const bool*>();
        } else if (name == "walkStages") {
            if (!value.is_boolean()) return "walkStages is a boolean";
            out.walk_stages = *value.get_ptr<const bool*>();
        } else {
            return "unknown option `" + name + "`";
        }
    }
    return "";
}

}  // namespace flagplan
