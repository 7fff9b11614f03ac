#include "flagplan/model.hpp"

#include <array>

namespace flagplan {

namespace {
constexpr std::array<const char*, 7> kTypeNames = {"BOOLEAN", "INTEGER", "STRING", "OBJECT",
                                                    "ENUM",    "TAG",     "AB-TEST"};
constexpr std::array<const char*, kFieldCount> kFieldNames = {
    "description", "type",     "defaultValue", "isKillSwitch",   "minValue",    "maxValue",
    "maxLength",   "regExp",   "schema",       "enumValues",     "allowEmpty",  "tagValues",
    "minCount",    "maxCount", "chanceBPercent", "valueExists", "value"};
}  // namespace

const char* flag_type_name(FlagType type) { return kTypeNames[static_cast<std::size_t>(type)]; }

std::optional<FlagType> parse_flag_type(std::string_view name) {
    for (std::size_t i = 0; i < kTypeNames.size(); ++i)
        if (name == kTypeNames[i]) return static_cast<FlagType>(i);
    return std::nullopt;
}

bool has_value_fields(FlagType type) { return type != FlagType::AbTest; }

const char* field_name(Field field) { return kFieldNames[static_cast<std::size_t>(field)]; }

std::optional<Field> parse_field(std::string_view name) {
    for (std::size_t i = 0; i < kFieldNames.size(); ++i)
        if (name == kFieldNames[i]) return static_cast<Field>(i);
    return std::nullopt;
}

const std::vector<Field>& fields_of(FlagType type) {
    using F = Field;
    static const std::vector<Field> kBoolean = {F::Description, F::Type, F::DefaultValue,
                                                F::IsKillSwitch, F::ValueExists, F::Value};
    static const std::vector<Field> kInteger = {F::Description, F::Type,        F::DefaultValue,
                                                F::MinValue,    F::MaxValue,    F::ValueExists,
                                                F::Value};
    static const std::vector<Field> kString = {F::Description, F::Type,        F::DefaultValue,
                                               F::MaxLength,   F::RegExp,      F::ValueExists,
                                               F::Value};
    static const std::vector<Field> kObject = {F::Description,  F::Type,        F::Schema,
                                               F::DefaultValue, F::ValueExists, F::Value};
    static const std::vector<Field> kEnum = {F::Description, F::Type,        F::DefaultValue,
                                             F::EnumValues,  F::AllowEmpty,  F::ValueExists,
                                             F::Value};
    static const std::vector<Field> kTag = {F::Description, F::Type,     F::DefaultValue,
                                            F::TagValues,   F::MinCount, F::MaxCount,
                                            F::ValueExists, F::Value};
    static const std::vector<Field> kAbTest = {F::Description, F::Type, F::ChanceBPercent};
    switch (type) {
        case FlagType::Boolean: return kBoolean;
        case FlagType::Integer: return kInteger;
        case FlagType::String: return kString;
        case FlagType::Object: return kObject;
        case FlagType::Enum: return kEnum;
        case FlagType::Tag: return kTag;
        case FlagType::AbTest: break;
    }
    return kAbTest;
}

bool is_schema_field(Field field) {
    return field != Field::Description && field != Field::Type && field != Field::ValueExists &&
           field != Field::Value && field != Field::Count_;
}

const Flag* Snapshot::find(const std::string& key) const {
    auto it = index.find(key);
    return it == index.end() ? nullptr : &flags[it->second];
}

}  // namespace flagplan
