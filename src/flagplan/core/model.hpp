// The value types the stages pass along: a parsed export (snapshot), its
// flags, and the limits that bound the work on hostile input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace flagplan {

/// The seven FlagFlow flag types (DESIGN.md, "The export file").
enum class FlagType { Boolean, Integer, String, Object, Enum, Tag, AbTest };

/// FlagFlow's spelling: "BOOLEAN", "INTEGER", "STRING", "OBJECT", "ENUM",
/// "TAG", "AB-TEST".
const char* flag_type_name(FlagType type);

/// Parses FlagFlow's spelling (exact, case-sensitive); nullopt when unknown.
std::optional<FlagType> parse_flag_type(std::string_view name);

/// True for every type but AB-TEST, which has no value fields.
bool has_value_fields(FlagType type);

/// True when `a` and `b` hold the same bytes. Compares eight bytes at a
/// time: in WebAssembly, `==` on strings calls a memcmp that compares one
/// byte at a time (keys are compared per step, descriptions per flag).
inline bool same_text(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    const char* p = a.data();
    const char* q = b.data();
    std::size_t n = a.size();
    for (; n >= 8; n -= 8, p += 8, q += 8) {
        std::uint64_t x, y;
        std::memcpy(&x, p, 8);
        std::memcpy(&y, q, 8);
        if (x != y) return false;
    }
    for (; n; --n)
        if (*p++ != *q++) return false;
    return true;
}

/// same_text() of each pair of elements.
inline bool same_texts(const std::vector<std::string>& a, const std::vector<std::string>& b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same_text(a[i], b[i])) return false;
    return true;
}

/// A typed defaultValue or value. Which member is meaningful depends on the
/// flag type: BOOLEAN -> boolean; INTEGER -> integer; STRING, OBJECT, ENUM ->
/// text; TAG -> tags. AB-TEST has none.
struct FlagValue {
    bool boolean = false;
    std::int64_t integer = 0;  ///< always a safe integer (|n| <= 2^53-1)
    std::string text;          ///< trimmed, as FlagFlow reads it
    std::vector<std::string> tags;

    bool operator==(const FlagValue& other) const {
        return boolean == other.boolean && integer == other.integer && same_text(text, other.text) &&
               same_texts(tags, other.tags);
    }
    bool operator!=(const FlagValue& other) const { return !(*this == other); }
};

/// The fields of a flag in an export, in FlagFlow's spelling via field_name().
enum class Field {
    Description, Type, DefaultValue, IsKillSwitch, MinValue, MaxValue, MaxLength, RegExp,
    Schema, EnumValues, AllowEmpty, TagValues, MinCount, MaxCount, ChanceBPercent,
    ValueExists, Value, Count_
};
constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::Count_);

/// "description", "type", "defaultValue", ..., "value".
const char* field_name(Field field);

/// Parses a field name (exact); nullopt when it is not a FlagFlow flag field.
std::optional<Field> parse_field(std::string_view name);

/// The fields a flag of this type carries, in FlagFlow's export order
/// (description, type, schema fields, valueExists, value).
const std::vector<Field>& fields_of(FlagType type);

/// True for the schema fields of a type (compared by the planner); false for
/// description, type, valueExists and value.
bool is_schema_field(Field field);

constexpr std::uint32_t kNoOffset = 0xffffffffu;

/// A flag of a type FlagFlow does not know, as written (Flag::foreign).
struct ForeignFlag {
    std::string type;  ///< the type name, e.g. "PERCENT"
    std::string json;  ///< the flag's object, as written in the file
};

/// One flag as FlagFlow holds it after reading an export: strings trimmed,
/// unknown fields dropped. Fields that do not belong to `type` keep their
/// zero values. Rules: DESIGN.md, "The export file".
struct Flag {
    /// Every member at its initializer below. (Declared, so that a
    /// value-initialized Flag, as vector::emplace_back() makes, is not first
    /// zero-filled whole.)
    Flag() noexcept {}

    std::string key;
    std::string description;
    // The one-byte members together (a Flag is in memory once per flag of
    // each export: padding after each would cost 32 bytes a flag).
    FlagType type = FlagType::Boolean;
    bool is_kill_switch = false;           ///< BOOLEAN (schema)
    bool allow_empty = false;              ///< ENUM (schema)
    bool value_exists = false;             ///< value field (absent for AB-TEST)
    /// False when the file gave this flag a missing or mistyped field (an
    /// error was reported); such a flag is still planned so it can be reviewed.
    bool well_formed = true;

    // Schema fields.
    FlagValue default_value;
    std::int64_t min_value = 0;            ///< INTEGER
    std::int64_t max_value = 0;            ///< INTEGER
    std::int64_t max_length = 0;           ///< STRING, 0 = no limit
    std::string reg_exp;                   ///< STRING, "" = none
    std::string schema;                    ///< OBJECT, interface DSL text
    std::vector<std::string> enum_values;  ///< ENUM
    std::vector<std::string> tag_values;   ///< TAG
    std::int64_t min_count = 0;            ///< TAG
    std::int64_t max_count = 0;            ///< TAG, 0 = no limit
    double chance_b_percent = 0;           ///< AB-TEST, percent in [0, 100]

    // Value fields (absent for AB-TEST): value_exists above, and the value.
    FlagValue value;

    /// Set for a flag whose `type` FlagFlow does not know
    /// (file.unknown_flag_type, e.g. "PERCENT"): that type name, and the
    /// flag's object as written (JSON text); then `type` and the other
    /// fields mean nothing and well_formed is false. FlagFlow's planner does
    /// not validate its live flags: a target's such flag is deleted (and the
    /// source's flag of that key created). A source's is never planned (its
    /// export is refused). Null for every other flag (shared: never changed).
    std::shared_ptr<const ForeignFlag> foreign;
};

/// Flag key -> position in a snapshot's `flags`: an open-addressing hash
/// table of positions and key hashes. It holds no copy of the keys (they are
/// compared in `flags`), so it costs 8 bytes a slot and copies with the
/// snapshot without pointing into the old one.
class FlagIndex {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    /// Position of the flag with this key in `flags`, or npos.
    std::size_t find(const std::vector<Flag>& flags, std::string_view key) const;
    /// Records flags[position] under its key; the key must not be indexed yet.
    void insert(const std::vector<Flag>& flags, std::size_t position);
    /// Room for `count` keys without growing (parse_export knows about how
    /// many flags a text holds).
    void reserve(std::size_t count);
    std::size_t size() const { return size_; }

private:
    /// (key hash << 32) | (position + 1); 0 = empty. A power-of-two size,
    /// at most half full.
    std::vector<std::uint64_t> slots_;
    std::size_t size_ = 0;

    void grow(std::size_t size);
};

/// Where a flag is in its file: the byte offset of its key and of each
/// field's value (kNoOffset when absent), for diagnostics' line and column.
/// Kept beside the flags, not in them (Snapshot::offsets), and only while
/// the file's text is at hand: 72 bytes a flag that the analysis never reads.
struct FlagOffsets {
    FlagOffsets() noexcept {
        for (std::uint32_t& offset : field) offset = kNoOffset;
    }
    std::uint32_t key = kNoOffset;
    std::uint32_t field[kFieldCount];
};

/// A parsed export: metadata and flags in file order.
struct Snapshot {
    std::string label;        ///< what the caller called the input (file name, "source")
    std::string environment;  ///< may be empty
    std::string version;      ///< "MAJOR.MINOR.PATCH"
    std::string created_at;   ///< as written in the file (trimmed)
    /// In file order; keys are unique (parse_export keeps the last of a
    /// duplicate; the planner relies on it).
    std::vector<Flag> flags;
    /// flag key -> position in `flags` (kept in step by add()).
    FlagIndex index;
    /// Empty, or where each flag is in the file (offsets[i] for flags[i]):
    /// parse_export() fills it; check_export() drops it once the
    /// diagnostics' line and column are resolved, as it frees the text.
    /// add() keeps it in step (a flag added by hand has no offsets).
    std::vector<FlagOffsets> offsets;
    /// False when the file could not be read as an export at all (invalid
    /// JSON, not an object, a limit exceeded); then `flags` is not planned.
    bool readable = true;

    /// The flag with this key, or nullptr.
    const Flag* find(std::string_view key) const;
    /// Position of the flag with this key in `flags`, or FlagIndex::npos.
    std::size_t position(std::string_view key) const { return index.find(flags, key); }
    /// Appends a flag whose key is not in the snapshot yet, and indexes it.
    void add(Flag flag);
};

/// Bounds on the work done for one input, so hostile exports yield a
/// diagnostic instead of exhausting memory or time. Defaults fit real use
/// with a wide margin (a 100,000-flag export is about 28 MB).
struct Limits {
    std::size_t max_input_bytes = 256u << 20;   ///< whole file
    std::size_t max_string_bytes = 1u << 20;    ///< one JSON string (UTF-8 bytes)
    std::size_t max_flags = 1000000;            ///< flags in one export
    int max_depth = 64;                         ///< JSON nesting depth
    int max_object_depth = 32;                  ///< OBJECT schema / value nesting
    std::size_t max_regex_subject = 10000;      ///< UTF-16 units tested against regExp

    /// Every member compared (a member added above is added here too).
    bool operator==(const Limits& o) const {
        return max_input_bytes == o.max_input_bytes && max_string_bytes == o.max_string_bytes &&
               max_flags == o.max_flags && max_depth == o.max_depth && max_object_depth == o.max_object_depth &&
               max_regex_subject == o.max_regex_subject;
    }
};

}  // namespace flagplan
