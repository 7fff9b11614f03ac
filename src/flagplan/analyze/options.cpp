#include "flagplan/analyze/options.hpp"

#include <algorithm>
#include <cstdint>

namespace flagplan {

namespace {

/// What a JSON value is, for messages: "a string", "an array", "null", ...
std::string describe(const nlohmann::json& value) {
    switch (value.type()) {
        case nlohmann::json::value_t::null: return "null";
        case nlohmann::json::value_t::object: return "an object";
        case nlohmann::json::value_t::array: return "an array";
        case nlohmann::json::value_t::string: return "a string";
        case nlohmann::json::value_t::boolean: return "a boolean";
        default: return "a number";
    }
}

/// A rejected step id as the message shows it: the number itself, else its kind.
std::string shown_id(const nlohmann::json& value) {
    return value.is_number() ? value.dump() : describe(value);
}

constexpr const char* kKnown =
    "mode, includeValues, select, renames, renameKeys, walkStages, keepStages, allowMassDelete";

}  // namespace

bool read_step_ids(const nlohmann::json& value, std::vector<int>& ids) {
    return read_step_ids(value, ids, "").empty();
}

std::string read_step_ids(const nlohmann::json& value, std::vector<int>& ids, std::string_view caller) {
    if (!value.is_array())
        return std::string(caller) + "(ids): ids must be an array of step ids, not " + describe(value);
    for (const auto& item : value) {
        bool in_range = item.is_number_integer() &&
                        (item.is_number_unsigned() ? item.get<std::uint64_t>() <= INT32_MAX
                                                   : item.get<std::int64_t>() >= INT32_MIN &&
                                                         item.get<std::int64_t>() <= INT32_MAX);
        if (!in_range) return std::string(caller) + "(id): id must be an integer step id, not " + shown_id(item);
        ids.push_back(static_cast<int>(item.get<std::int64_t>()));
    }
    return "";
}

std::string read_mode(std::string_view name, AnalyzeOptions& out) {
    if (name == "auto") {
        out.choose_mode = true;
        return "";
    }
    std::optional<Mode> mode = parse_mode(name);
    if (!mode) return "is \"migration\", \"restore\" or \"auto\", not \"" + std::string(name) + "\"";
    out.mode = *mode;
    out.choose_mode = false;
    return "";
}

std::string read_analyze_options(std::string_view text, AnalyzeOptions& out) {
    nlohmann::json options = nlohmann::json::parse(text, nullptr, false);
    if (options.is_discarded()) return "analyze options are not valid JSON";
    if (!options.is_object()) return "analyze options must be an object, not " + describe(options);
    for (auto it = options.begin(); it != options.end(); ++it) {
        const std::string& name = it.key();
        const nlohmann::json& value = it.value();
        auto boolean = [&](bool& field) -> std::string {
            if (!value.is_boolean()) return "options." + name + " must be a boolean, not " + describe(value);
            field = *value.get_ptr<const bool*>();
            return "";
        };
        std::string problem;
        if (name == "mode") {
            problem = value.is_string() ? read_mode(*value.get_ptr<const std::string*>(), out)
                                        : "is \"migration\", \"restore\" or \"auto\", not " + describe(value);
            if (!problem.empty()) problem = "options.mode " + problem;
        } else if (name == "includeValues") {
            problem = boolean(out.include_values);
        } else if (name == "select") {
            if (value.is_null()) continue;
            problem = read_step_ids(value, out.select.emplace(), "options.select");
        } else if (name == "renames") {
            problem = boolean(out.renames);
        } else if (name == "renameKeys") {
            bool keys = value.is_array() && std::all_of(value.begin(), value.end(),
                                                        [](const nlohmann::json& key) { return key.is_string(); });
            if (!keys) return "options.renameKeys must be an array of flag keys (strings), not " + describe(value);
            for (const auto& key : value) out.rename_keys.push_back(*key.get_ptr<const std::string*>());
        } else if (name == "allowMassDelete") {
            problem = boolean(out.allow_mass_delete);
        } else if (name == "keepStages") {
            problem = boolean(out.keep_stages);
        } else if (name == "walkStages") {
            problem = boolean(out.walk_stages);
        } else {
            return "unknown analyze option `" + name + "` (known: " + kKnown + ")";
        }
        if (!problem.empty()) return problem;
    }
    return "";
}

}  // namespace flagplan
