#include "flagplan/core/model.hpp"

#include <array>
#include <functional>
#include <string_view>

namespace flagplan {

namespace {
// string_views of literals: compared without strlen, and NUL-terminated for
// the const char* accessors.
constexpr std::array<std::string_view, 7> kTypeNames = {"BOOLEAN", "INTEGER", "STRING", "OBJECT",
                                                    "ENUM",    "TAG",     "AB-TEST"};
constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "description", "type",     "defaultValue", "isKillSwitch",   "minValue",    "maxValue",
    "maxLength",   "regExp",   "schema",       "enumValues",     "allowEmpty",  "tagValues",
    "minCount",    "maxCount", "chanceBPercent", "valueExists", "value"};
}  // namespace

const char* flag_type_name(FlagType type) { return kTypeNames[static_cast<std::size_t>(type)].data(); }

std::optional<FlagType> parse_flag_type(std::string_view name) {
    for (std::size_t i = 0; i < kTypeNames.size(); ++i)
        if (name == kTypeNames[i]) return static_cast<FlagType>(i);
    return std::nullopt;
}

bool has_value_fields(FlagType type) { return type != FlagType::AbTest; }

const char* field_name(Field field) { return kFieldNames[static_cast<std::size_t>(field)].data(); }

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

namespace {

/// The standard library's string hash (word at a time), folded to 32 bits.
std::uint32_t key_hash(std::string_view key) {
    std::size_t h = std::hash<std::string_view>{}(key);
    return static_cast<std::uint32_t>(h ^ (static_cast<std::uint64_t>(h) >> 32));
}

}  // namespace

std::size_t FlagIndex::find(const std::vector<Flag>& flags, std::string_view key) const {
    if (slots_.empty()) return npos;
    std::uint32_t hash = key_hash(key);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        std::uint64_t slot = slots_[i];
        if (slot == 0) return npos;
        if (static_cast<std::uint32_t>(slot >> 32) == hash) {
            std::size_t position = static_cast<std::size_t>(slot & 0xffffffffu) - 1;
            if (same_text(flags[position].key, key)) return position;
        }
    }
}

void FlagIndex::reserve(std::size_t count) {
    std::size_t size = slots_.empty() ? 16 : slots_.size();
    while (count * 2 > size) size *= 2;
    if (size > slots_.size()) grow(size);
}

void FlagIndex::grow(std::size_t size) {
    // Re-places each entry in `size` slots.
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(size, 0);
    std::size_t mask = slots_.size() - 1;
    for (std::uint64_t slot : old) {
        if (slot == 0) continue;
        std::size_t i = static_cast<std::uint32_t>(slot >> 32) & mask;
        while (slots_[i] != 0) i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

void FlagIndex::insert(const std::vector<Flag>& flags, std::size_t position) {
    if ((size_ + 1) * 2 > slots_.size()) grow(slots_.empty() ? 16 : slots_.size() * 2);  // at most half full
    std::uint32_t hash = key_hash(flags[position].key);
    std::size_t mask = slots_.size() - 1;
    std::size_t i = hash & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = (static_cast<std::uint64_t>(hash) << 32) | (static_cast<std::uint64_t>(position) + 1);
    ++size_;
}

const Flag* Snapshot::find(std::string_view key) const {
    std::size_t position = index.find(flags, key);
    return position == FlagIndex::npos ? nullptr : &flags[position];
}

void Snapshot::add(Flag flag) {
    if (!offsets.empty()) offsets.emplace_back();
    flags.push_back(std::move(flag));
    index.insert(flags, flags.size() - 1);
}

}  // namespace flagplan
