// Private to src/flagplan/parse/: ExportReader, the handler of JSON events
// that turns FlagFlow's migration export into a Snapshot (FlagFlow's import
// schema: fields by flag type, trimming, dropped unknown fields; the file.*
// and key.* diagnostics). parse.cpp drives it from the fast reader
// (json_reader.hpp) or from nlohmann/json's SAX parser.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "flagplan/js/js_text.hpp"
#include "flagplan/parse/parse.hpp"

namespace flagplan::parse_detail {

/// JSON type name of a raw value, for "found ..." in messages.
enum class Kind { Absent, Null, Boolean, Number, String, Array, Object };

inline const char* kind_name(Kind kind) {
    switch (kind) {
        case Kind::Absent: return "nothing";
        case Kind::Null: return "null";
        case Kind::Boolean: return "a boolean";
        case Kind::Number: return "a number";
        case Kind::String: return "a string";
        case Kind::Array: return "an array";
        case Kind::Object: break;
    }
    return "an object";
}

/// One field of a flag as it appeared in the file, before the flag's type
/// decides how to read it.
struct RawField {
    Kind kind = Kind::Absent;
    bool boolean = false;
    double number = 0;         ///< the number as JavaScript sees it
    bool integral = false;     ///< number has no fractional part
    bool safe = false;         ///< integral and |n| <= 2^53-1
    std::int64_t integer = 0;  ///< valid when safe
    std::string text;
    std::vector<std::string> items;  ///< array of strings
    Kind bad_item = Kind::Absent;    ///< first array element that is not a string
    std::uint32_t offset = kNoOffset;

    /// Back to absent, keeping the capacity of `text` and `items`.
    void clear() {
        kind = Kind::Absent;
        boolean = false;
        number = 0;
        integral = safe = false;
        integer = 0;
        text.clear();
        items.clear();
        bad_item = Kind::Absent;
        offset = kNoOffset;
    }
};

constexpr double kMaxSafe = 9007199254740991.0;

inline std::string quote(std::string_view text) {
    std::string out = "`";
    out.append(text.data(), text.size());
    out += '`';
    return out;
}

inline std::string trimmed(std::string_view text) {
    if (text.empty()) return {};
    auto plain = [](unsigned char c) { return c > 0x20 && c < 0x80; };
    if (plain(static_cast<unsigned char>(text.front())) && plain(static_cast<unsigned char>(text.back())))
        return std::string(text);
    return js::trim(text);
}

/// One bit per Field (1 << field) for the fields of a flag of `type` (fields_of()).
inline std::uint32_t field_mask(FlagType type) {
    static const auto kMasks = [] {
        static_assert(static_cast<int>(FlagType::AbTest) == 6, "one mask per FlagType");
        std::array<std::uint32_t, 7> masks{};
        for (std::size_t t = 0; t < masks.size(); ++t)
            for (Field f : fields_of(static_cast<FlagType>(t))) masks[t] |= 1u << static_cast<unsigned>(f);
        return masks;
    }();
    return kMasks[static_cast<std::size_t>(type)];
}

class ExportReader {
public:
    ExportReader(std::string_view text, const std::string& label, const Limits& limits,
                 ParseResult& out, bool trim)
        : text_(text), label_(label), limits_(limits), out_(out), snapshot_(out.snapshot), trim_(trim) {}

    // ---- JSON events (json_reader.hpp's handler interface): `at` is the
    // byte offset where the token starts ----
    bool null(std::size_t at) {
        return scalar(Kind::Null, at, [](RawField&) {});
    }
    bool boolean(bool value, std::size_t at) {
        return scalar(Kind::Boolean, at, [value](RawField& raw) { raw.boolean = value; });
    }
    bool number_integer(std::int64_t value, std::size_t at) {
        return scalar(Kind::Number, at, [value](RawField& raw) {
            raw.number = static_cast<double>(value);
            raw.integral = true;
            raw.safe = value >= -9007199254740991LL && value <= 9007199254740991LL;
            raw.integer = value;
        });
    }
    bool number_unsigned(std::uint64_t value, std::size_t at) {
        return scalar(Kind::Number, at, [value](RawField& raw) {
            raw.number = static_cast<double>(value);
            raw.integral = true;
            raw.safe = value <= 9007199254740991ULL;
            raw.integer = raw.safe ? static_cast<std::int64_t>(value) : 0;
        });
    }
    bool number_float(double value, std::size_t at) {
        return scalar(Kind::Number, at, [value](RawField& raw) {
            raw.number = value;
            raw.integral = std::isfinite(value) && std::floor(value) == value;
            raw.safe = raw.integral && std::fabs(value) <= kMaxSafe;
            raw.integer = raw.safe ? static_cast<std::int64_t>(value) : 0;
        });
    }
    bool string(std::string_view value, std::size_t at) {
        if (value.size() > limits_.max_string_bytes) {
            error_at("file.string_too_long", at,
                     "a string of " + std::to_string(value.size()) + " bytes exceeds the limit of " +
                         std::to_string(limits_.max_string_bytes) + " bytes");
            return false;
        }
        // An element of a flag's array field goes straight into the array.
        if (depth_ > 0 && top().ctx == Ctx::FieldArray) {
            array_.items.push_back(trim_ ? trimmed(value) : std::string(value));
            return true;
        }
        // FlagFlow's import schema matches `type` and `version` before it
        // trims anything: " BOOLEAN" and "1.7.1 " are refused there, so
        // they are kept as written.
        const bool as_written = !trim_ || (depth_ > 0 && ((top().ctx == Ctx::Flag && top().field == Field::Type) ||
                                                          (top().ctx == Ctx::Root && top().key == "version")));
        return scalar(Kind::String, at,
                      [value, as_written](RawField& raw) { raw.text = as_written ? std::string(value) : trimmed(value); });
    }

    bool start_object(std::size_t at) { return open(Kind::Object, at); }
    bool start_array(std::size_t at) { return open(Kind::Array, at); }
    bool end_object(std::size_t end) {
        if (depth_ > 0 && top().ctx == Ctx::Flag) flag_end_ = end;
        return close();
    }
    bool end_array(std::size_t end) {
        if (date_array_at_ != kNoOffset && depth_ == date_array_depth_) {
            array_date(date_array_at_, end);
            date_array_at_ = kNoOffset;
        }
        return close();
    }

    bool key(std::string_view name, std::size_t at) {
        Frame& frame = top();
        frame.key_offset = static_cast<std::uint32_t>(at);
        if (frame.ctx == Ctx::Flag) {
            // FlagFlow's own fields are tracked in a bit mask (no set insert
            // per field) and named by `field` (no copy of the name); other
            // names are kept in `key` and fall back to the set.
            auto field = parse_field(name);
            frame.field = field;
            bool repeated;
            if (field) {
                frame.key.clear();
                std::uint32_t bit = 1u << static_cast<unsigned>(*field);
                repeated = (frame.fields_seen & bit) != 0;
                frame.fields_seen |= bit;
            } else {
                frame.key.assign(name.data(), name.size());
                repeated = !frame.seen.insert(frame.key).second;
            }
            if (repeated)
                flag_error(Kind::Absent, "file.duplicate_key", std::string(name), at,
                           "field " + quote(name) + " appears twice; the last one counts");
            return true;
        }
        frame.key.assign(name.data(), name.size());
        switch (frame.ctx) {
            case Ctx::Root:
                if (!frame.seen.insert(frame.key).second)
                    error_at("file.duplicate_key", at, "the top-level key " + quote(frame.key) +
                                                           " appears twice; the last one counts");
                break;
            case Ctx::Flags: break;  // checked when the flag ends (the snapshot index)
            case Ctx::Flag: break;   // above
            case Ctx::Skip:
                if (!frame.seen.insert(frame.key).second)
                    error_at("file.duplicate_key", at,
                             "the key " + quote(frame.key) + " appears twice in one object");
                break;
            case Ctx::FieldArray: break;
        }
        return true;
    }

    /// nlohmann/json found the text invalid at `position` (characters read).
    bool parse_error(std::size_t position, const nlohmann::detail::exception& ex) {
        std::string message = ex.what();
        // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..."
        auto colon = message.find(": ");
        if (message.rfind("[json.exception", 0) == 0 && colon != std::string::npos)
            message = message.substr(colon + 2);
        std::size_t at = position > 0 ? position - 1 : 0;
        if (text_.empty()) message = "the file is empty";
        error_at("file.syntax", at, "not valid JSON: " + message);
        snapshot_.readable = false;
        return false;
    }

    /// Called after the text is read: flags the snapshot unreadable when the
    /// reading stopped early.
    void finish(bool completed) {
        if (!completed) snapshot_.readable = false;
    }

private:
    enum class Ctx { Root, Flags, Flag, FieldArray, Skip };
    struct Frame {
        Ctx ctx = Ctx::Skip;
        Kind kind = Kind::Object;  ///< Object or Array
        std::string key;
        std::uint32_t key_offset = kNoOffset;
        std::unordered_set<std::string> seen;  ///< keys of this object (Root, Flag, Skip)
        std::uint32_t fields_seen = 0;         ///< Flag: FlagFlow fields seen, one bit per Field
        std::optional<Field> field;            ///< Flag: the FlagFlow field `key` names

        /// Makes this frame a fresh one of `c` and `k`, keeping the
        /// capacity of its key (no allocation per flag for long field names).
        void reset(Ctx c, Kind k) {
            ctx = c;
            kind = k;
            key.clear();
            key_offset = kNoOffset;
            if (!seen.empty()) seen.clear();
            fields_seen = 0;
            field.reset();
        }
    };
    static_assert(kFieldCount <= 32, "Frame::fields_seen holds one bit per Field");

    std::string_view text_;
    const std::string& label_;
    const Limits& limits_;
    ParseResult& out_;
    Snapshot& snapshot_;
    const bool trim_;  ///< trim strings as FlagFlow's import schema does (not for a target)
    /// The open objects and arrays: stack_[0, depth_). Frames past depth_
    /// are kept for reuse.
    std::vector<Frame> stack_;
    std::size_t depth_ = 0;

    Frame& top() { return stack_[depth_ - 1]; }
    void push(Ctx ctx, Kind kind) {
        if (depth_ == stack_.size()) stack_.emplace_back();
        stack_[depth_++].reset(ctx, kind);
    }
    std::uint32_t date_array_at_ = kNoOffset;  ///< where createdAt's array starts, while it is read
    std::size_t date_array_depth_ = 0;         ///< depth_ inside that array
    bool root_seen_ = false;
    bool root_fields_[4] = {false, false, false, false};  // environment version createdAt flags

    // Flag being read.
    std::string flag_key_;
    std::uint32_t flag_offset_ = kNoOffset;
    std::size_t flag_at_ = 0, flag_end_ = 0;  ///< the flag's object: text_[flag_at_, flag_end_)
    RawField fields_[kFieldCount];
    std::uint32_t fields_set_ = 0;  ///< one bit per Field given a value in fields_
    std::vector<std::pair<std::string, std::uint32_t>> unknown_fields_;
    RawField array_;  ///< array being collected for a flag field

    void add(Severity severity, std::string code, std::size_t offset, std::string message,
             const std::string& flag_key = {}, const std::string& field = {},
             std::string pointer = {}) {
        Diagnostic d;
        d.severity = severity;
        d.code = std::move(code);
        d.message = std::move(message);
        d.file = label_;
        d.flag_key = flag_key;
        d.field = field;
        d.pointer = std::move(pointer);
        d.offset = offset;
        out_.diagnostics.push_back(std::move(d));
    }
    void error_at(std::string code, std::size_t offset, std::string message) {
        add(Severity::Error, std::move(code), offset, std::move(message), {}, {}, current_pointer());
    }

    std::string current_pointer() const {
        std::string pointer;
        for (std::size_t i = 0; i < depth_; ++i) {
            const Frame& frame = stack_[i];
            if (frame.kind != Kind::Object) continue;
            if (frame.ctx == Ctx::Flag && frame.field) pointer += "/" + pointer_token(field_name(*frame.field));
            else if (!frame.key.empty()) pointer += "/" + pointer_token(frame.key);
        }
        return pointer;
    }

    std::string flag_pointer(const std::string& field) const {
        std::string pointer = "/flags/" + pointer_token(flag_key_);
        if (!field.empty()) pointer += "/" + pointer_token(field);
        return pointer;
    }

    void flag_error(Kind, std::string code, const std::string& field, std::size_t offset,
                    std::string message, Severity severity = Severity::Error) {
        add(severity, std::move(code), offset,
            "flag " + quote(flag_key_) + ": " + std::move(message), flag_key_, field,
            flag_pointer(field));
    }

    bool too_deep(std::size_t at) {
        error_at("file.too_deep", at,
                 "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
        snapshot_.readable = false;
        return false;
    }

    // A scalar value of `kind` arrived in the current context; `fill` sets
    // its value in a RawField. A flag's own field is filled in place (no
    // RawField is made and moved per value).
    template <typename Fill>
    bool scalar(Kind kind, std::size_t at, Fill fill) {
        if (depth_ == 0) {
            root_seen_ = true;
            error_at("file.not_object", at,
                     std::string("the export must be a JSON object, found ") + kind_name(kind));
            snapshot_.readable = false;
            return true;
        }
        Frame& frame = top();
        if (frame.ctx == Ctx::Flag && frame.field) {
            RawField& raw = field_slot(*frame.field);
            raw.kind = kind;
            raw.offset = static_cast<std::uint32_t>(at);
            fill(raw);
            return true;
        }
        RawField raw;
        raw.kind = kind;
        raw.offset = static_cast<std::uint32_t>(at);
        switch (frame.ctx) {
            case Ctx::Root:
                fill(raw);
                root_value(frame, std::move(raw));
                break;
            case Ctx::Flags:
                flag_key_ = frame.key;
                error_at("file.not_object", at,
                         "flag " + quote(frame.key) + " must be a JSON object, found " + kind_name(kind));
                break;
            case Ctx::Flag: flag_field(frame, std::move(raw)); break;  // not a FlagFlow field
            case Ctx::FieldArray:
                if (array_.bad_item == Kind::Absent) array_.bad_item = kind;  // strings do not come here
                break;
            case Ctx::Skip: break;
        }
        return true;
    }

    /// fields_[field], emptied for a new value and marked as given.
    RawField& field_slot(Field field) {
        const auto i = static_cast<std::size_t>(field);
        RawField& raw = fields_[i];
        if (fields_set_ >> i & 1u) raw.clear();
        fields_set_ |= 1u << i;
        return raw;
    }

    bool open(Kind kind, std::size_t at) {
        if (static_cast<int>(depth_) >= limits_.max_depth) return too_deep(at);
        if (depth_ == 0) {
            root_seen_ = true;
            if (kind != Kind::Object) {
                error_at("file.not_object", at, "the export must be a JSON object, found an array");
                snapshot_.readable = false;
                push(Ctx::Skip, kind);
                return true;
            }
            push(Ctx::Root, kind);
            return true;
        }
        Frame& frame = top();
        Ctx next = Ctx::Skip;
        switch (frame.ctx) {
            case Ctx::Root:
                if (frame.key == "flags" && kind == Kind::Object) {
                    root_fields_[3] = true;
                    next = Ctx::Flags;
                } else if (frame.key == "createdAt" && kind == Kind::Array) {
                    root_fields_[2] = true;  // read as a date when it closes (array_date)
                    date_array_at_ = static_cast<std::uint32_t>(at);
                    date_array_depth_ = depth_ + 1;
                } else {
                    RawField raw;
                    raw.kind = kind;
                    raw.offset = static_cast<std::uint32_t>(at);
                    root_value(frame, std::move(raw));
                }
                break;
            case Ctx::Flags:
                if (kind == Kind::Object) {
                    flag_key_ = frame.key;
                    flag_offset_ = frame.key_offset;
                    flag_at_ = at;
                    for (std::size_t i = 0; fields_set_ >> i; ++i)
                        if (fields_set_ >> i & 1u) fields_[i].clear();
                    fields_set_ = 0;
                    unknown_fields_.clear();
                    next = Ctx::Flag;
                } else {
                    flag_key_ = frame.key;
                    error_at("file.not_object", at,
                             "flag " + quote(frame.key) + " must be a JSON object, found an array");
                }
                break;
            case Ctx::Flag: {
                if (kind == Kind::Array && frame.field) {
                    array_ = RawField{};
                    array_.kind = Kind::Array;
                    array_.offset = static_cast<std::uint32_t>(at);
                    next = Ctx::FieldArray;
                } else {
                    RawField raw;
                    raw.kind = kind;
                    raw.offset = static_cast<std::uint32_t>(at);
                    flag_field(frame, std::move(raw));
                }
                break;
            }
            case Ctx::FieldArray:
                if (array_.bad_item == Kind::Absent) array_.bad_item = kind;
                break;
            case Ctx::Skip: break;
        }
        push(next, kind);
        return true;
    }

    bool close() {
        const Ctx ctx = top().ctx;
        --depth_;
        switch (ctx) {
            case Ctx::Root: finish_root(); break;
            case Ctx::Flag: finish_flag(); break;
            case Ctx::FieldArray: {
                Frame& owner = top();
                flag_field(owner, std::move(array_));
                array_ = RawField{};
                break;
            }
            case Ctx::Flags:
            case Ctx::Skip: break;
        }
        return true;
    }

    void root_value(Frame& frame, RawField&& raw) {
        static const char* const kNames[] = {"environment", "version", "createdAt", "flags"};
        int which = -1;
        for (int i = 0; i < 4; ++i)
            if (frame.key == kNames[i]) which = i;
        if (which < 0) {
            add(Severity::Note, "file.unknown_field", raw.offset,
                "the top-level field " + quote(frame.key) + " is not part of a FlagFlow export and was ignored",
                {}, frame.key, "/" + pointer_token(frame.key));
            return;
        }
        root_fields_[which] = true;
        std::string pointer = "/" + std::string(kNames[which]);
        if (which == 2 && raw.kind != Kind::String && coerced_date(raw)) return;
        if (which == 3 || raw.kind != Kind::String) {
            add(Severity::Error, "file.wrong_type", raw.offset,
                quote(kNames[which]) + std::string(" must be ") + (which == 3 ? "an object" : "a string") +
                    ", found " + kind_name(raw.kind),
                {}, kNames[which], pointer);
            if (which == 3) snapshot_.readable = false;
            return;
        }
        if (which == 0) {
            snapshot_.environment = std::move(raw.text);
        } else if (which == 1) {
            if (!is_valid_version(raw.text))
                add(Severity::Error, "file.version", raw.offset,
                    "version " + quote(raw.text) + " is not MAJOR.MINOR.PATCH (digits only)", {},
                    "version", pointer);
            snapshot_.version = std::move(raw.text);
        } else {
            if (!js::parse_date(raw.text))
                add(Severity::Error, "file.date", raw.offset,
                    "createdAt " + quote(raw.text) + " is not a date JavaScript can read", {},
                    "createdAt", pointer);
            snapshot_.created_at = std::move(raw.text);
        }
    }

    /// createdAt that is not a string: FlagFlow's import schema coerces it
    /// with `new Date(value)` (z.coerce.date()), so a number (milliseconds
    /// since the epoch, within +-8.64e15), null (0) and a boolean (0 or 1)
    /// are dates. Keeps the value's JavaScript text and returns true for
    /// those; false for objects and arrays (reported as file.wrong_type).
    bool coerced_date(const RawField& raw) {
        switch (raw.kind) {
            case Kind::Number:
                if (!(std::fabs(std::trunc(raw.number)) <= 8.64e15)) {
                    add(Severity::Error, "file.date", raw.offset,
                        "createdAt " + js::number_to_string(raw.number) +
                            " is not a date JavaScript can read (beyond +-8.64e15 ms)",
                        {}, "createdAt", "/createdAt");
                }
                snapshot_.created_at = js::number_to_string(raw.number);
                return true;
            case Kind::Null: snapshot_.created_at = "null"; return true;
            case Kind::Boolean: snapshot_.created_at = raw.boolean ? "true" : "false"; return true;
            default: return false;
        }
    }

    /// createdAt as an array (text_[at, end)): z.coerce.date() is
    /// `new Date(value)`, which reads the array as the string
    /// Array.prototype.join gives ([2026] is "2026", a date; [] is "", not
    /// one). Keeps that string as created_at.
    void array_date(std::size_t at, std::size_t end) {
        const nlohmann::json array =
            nlohmann::json::parse(without_lone_surrogates(text_.substr(at, end - at)), nullptr, false);
        std::string joined = js_string(array);
        if (!js::parse_date(joined))
            add(Severity::Error, "file.date", at,
                "createdAt " + std::string(text_.substr(at, std::min<std::size_t>(end - at, 80))) + " (read as " +
                    quote(joined) + ") is not a date JavaScript can read",
                {}, "createdAt", "/createdAt");
        snapshot_.created_at = std::move(joined);
    }

    /// String(value) of a JSON value as JavaScript computes it.
    static std::string js_string(const nlohmann::json& v) {
        switch (v.type()) {
            case nlohmann::json::value_t::array: {
                std::string out;
                for (std::size_t i = 0; i < v.size(); ++i) {
                    if (i) out += ',';
                    if (!v[i].is_null()) out += js_string(v[i]);  // null joins as ""
                }
                return out;
            }
            case nlohmann::json::value_t::object: return "[object Object]";
            case nlohmann::json::value_t::string: return v.get<std::string>();
            case nlohmann::json::value_t::boolean: return v.get<bool>() ? "true" : "false";
            case nlohmann::json::value_t::null: return "null";
            default: return v.is_number() ? js::number_to_string(v.get<double>()) : std::string();
        }
    }

    void finish_root() {
        static const char* const kNames[] = {"environment", "version", "createdAt", "flags"};
        for (int i = 0; i < 4; ++i) {
            if (root_fields_[i]) continue;
            add(Severity::Error, "file.missing_field", 0,
                "the export has no " + quote(kNames[i]) + " field", {}, kNames[i], "");
            if (i == 3) snapshot_.readable = false;
        }
    }

    void flag_field(Frame& frame, RawField&& raw) {
        const std::optional<Field>& field = frame.field;
        if (!field) {
            unknown_fields_.emplace_back(frame.key, raw.offset);
            return;
        }
        fields_[static_cast<std::size_t>(*field)] = std::move(raw);
        fields_set_ |= 1u << static_cast<unsigned>(*field);
    }

    // ---- reading one flag's raw fields by its type ----

    bool expect(Field field, Kind kind, const char* what, bool required = true) {
        const RawField& raw = fields_[static_cast<std::size_t>(field)];
        if (raw.kind == Kind::Absent) {
            if (required)
                flag_error(Kind::Absent, "file.missing_field", field_name(field), flag_offset_,
                           "field " + quote(field_name(field)) + " is missing");
            return false;
        }
        if (raw.kind != kind) {
            flag_error(Kind::Absent, "file.wrong_type", field_name(field), raw.offset,
                       "field " + quote(field_name(field)) + " must be " + what + ", found " +
                           kind_name(raw.kind));
            return false;
        }
        if (kind == Kind::Array && raw.bad_item != Kind::Absent) {
            flag_error(Kind::Absent, "file.wrong_type", field_name(field), raw.offset,
                       "field " + quote(field_name(field)) + " must be " + what + ", found an element that is " +
                           kind_name(raw.bad_item));
            return false;
        }
        return true;
    }

    bool read_bool(Field field, bool& into, bool required = true) {
        if (!expect(field, Kind::Boolean, "a boolean", required)) return false;
        into = fields_[static_cast<std::size_t>(field)].boolean;
        return true;
    }
    bool read_string(Field field, std::string& into, bool required = true) {
        if (!expect(field, Kind::String, "a string", required)) return false;
        into = std::move(fields_[static_cast<std::size_t>(field)].text);
        return true;
    }
    bool read_strings(Field field, std::vector<std::string>& into, bool required = true) {
        if (!expect(field, Kind::Array, "an array of strings", required)) return false;
        into = std::move(fields_[static_cast<std::size_t>(field)].items);  // trimmed as they were read
        return true;
    }
    bool read_number(Field field, double& into, bool required = true) {
        if (!expect(field, Kind::Number, "a number", required)) return false;
        into = fields_[static_cast<std::size_t>(field)].number;
        return true;
    }
    bool read_integer(Field field, std::int64_t& into, bool required = true) {
        if (!expect(field, Kind::Number, "an integer", required)) return false;
        const RawField& raw = fields_[static_cast<std::size_t>(field)];
        if (!raw.integral) {
            flag_error(Kind::Absent, "file.wrong_type", field_name(field), raw.offset,
                       "field " + quote(field_name(field)) + " must be an integer, found " +
                           js::number_to_string(raw.number));
            return false;
        }
        if (!raw.safe) {
            flag_error(Kind::Absent, "file.unsafe_integer", field_name(field), raw.offset,
                       "field " + quote(field_name(field)) + " is " + js::number_to_string(raw.number) +
                           ", beyond the safe integer range +-9007199254740991");
            return false;
        }
        into = raw.integer;
        return true;
    }

    /// Reads defaultValue or value by type into `into`.
    bool read_typed(FlagType type, Field field, FlagValue& into, bool required) {
        switch (type) {
            case FlagType::Boolean: return read_bool(field, into.boolean, required);
            case FlagType::Integer: return read_integer(field, into.integer, required);
            case FlagType::String:
            case FlagType::Object:
            case FlagType::Enum: return read_string(field, into.text, required);
            case FlagType::Tag: return read_strings(field, into.tags, required);
            case FlagType::AbTest: break;
        }
        return true;
    }

    void finish_flag() {
        // The flag is built where it will stay, at the end of the snapshot's
        // flags (a Flag is large, and it was moved twice per flag), and
        // add_flag() takes it out again when it is not kept.
        Flag& flag = snapshot_.flags.emplace_back();
        // flag.key is set last (moved from flag_key_, which diagnostics use).
        FlagOffsets& offsets = snapshot_.offsets.emplace_back();
        offsets.key = flag_offset_;
        for (std::size_t i = 0; i < kFieldCount; ++i) offsets.field[i] = fields_[i].offset;

        const RawField& type_raw = fields_[static_cast<std::size_t>(Field::Type)];
        std::string type_name;
        bool ok = read_string(Field::Type, type_name);
        std::optional<FlagType> type;
        if (ok) {
            type = parse_flag_type(type_name);
            if (!type)
                flag_error(Kind::Absent, "file.unknown_flag_type", "type", type_raw.offset,
                           "type " + quote(type_name) +
                               " is not one of BOOLEAN, INTEGER, STRING, OBJECT, ENUM, TAG, AB-TEST");
        }
        if (!type) {
            report_unknown_fields(nullptr);
            flag.key = std::move(flag_key_);
            if (ok) {
                // Kept as written: a target's such flag is planned (deleted).
                // An empty type name is kept as no foreign type (as before
                // Flag::foreign: a flag of the default type, not well formed).
                if (!type_name.empty())
                    flag.foreign = std::make_shared<const ForeignFlag>(
                        ForeignFlag{std::move(type_name), std::string(text_.substr(flag_at_, flag_end_ - flag_at_))});
                flag.well_formed = false;
            }
            add_flag(/*plannable=*/ok);
            return;
        }
        flag.type = *type;
        bool well_formed = read_string(Field::Description, flag.description);
        switch (flag.type) {
            case FlagType::Boolean:
                well_formed &= read_typed(flag.type, Field::DefaultValue, flag.default_value, true);
                well_formed &= read_bool(Field::IsKillSwitch, flag.is_kill_switch);
                break;
            case FlagType::Integer:
                well_formed &= read_typed(flag.type, Field::DefaultValue, flag.default_value, true);
                well_formed &= read_integer(Field::MinValue, flag.min_value);
                well_formed &= read_integer(Field::MaxValue, flag.max_value);
                break;
            case FlagType::String:
                well_formed &= read_typed(flag.type, Field::DefaultValue, flag.default_value, true);
                well_formed &= read_integer(Field::MaxLength, flag.max_length);
                well_formed &= read_string(Field::RegExp, flag.reg_exp);
                break;
            case FlagType::Object:
                well_formed &= read_string(Field::Schema, flag.schema);
                well_formed &= read_typed(flag.type, Field::DefaultValue, flag.default_value, true);
                break;
            case FlagType::Enum:
                well_formed &= read_typed(flag.type, Field::DefaultValue, flag.default_value, true);
                well_formed &= read_strings(Field::EnumValues, flag.enum_values);
                well_formed &= read_bool(Field::AllowEmpty, flag.allow_empty);
                break;
            case FlagType::Tag:
                well_formed &= read_typed(flag.type, Field::DefaultValue, flag.default_value, true);
                well_formed &= read_strings(Field::TagValues, flag.tag_values);
                well_formed &= read_integer(Field::MinCount, flag.min_count);
                well_formed &= read_integer(Field::MaxCount, flag.max_count);
                break;
            case FlagType::AbTest:
                well_formed &= read_number(Field::ChanceBPercent, flag.chance_b_percent);
                break;
        }
        if (has_value_fields(flag.type)) {
            well_formed &= read_bool(Field::ValueExists, flag.value_exists);
            // `value` is required even when valueExists is false (FlagFlow's
            // import schema refuses a flag without it: file.missing_field);
            // such a flag is still validated, since its default is what counts.
            bool value_absent = fields_[static_cast<std::size_t>(Field::Value)].kind == Kind::Absent;
            bool value_read = read_typed(flag.type, Field::Value, flag.value, true);
            well_formed &= value_read || (value_absent && !flag.value_exists);
        }
        flag.well_formed = well_formed;
        report_unknown_fields(&flag);
        flag.key = std::move(flag_key_);
        add_flag(/*plannable=*/true);
    }

    void report_unknown_fields(const Flag* flag) {
        if (flag && (fields_set_ & ~field_mask(flag->type)) != 0) {
            const auto& known = fields_of(flag->type);
            for (std::size_t i = 0; i < kFieldCount; ++i) {
                if (fields_[i].kind == Kind::Absent) continue;
                auto field = static_cast<Field>(i);
                if (std::find(known.begin(), known.end(), field) != known.end()) continue;
                flag_error(Kind::Absent, "file.unknown_field", field_name(field), fields_[i].offset,
                           "field " + quote(field_name(field)) + " does not belong to a " +
                               flag_type_name(flag->type) + " flag and was ignored",
                           Severity::Note);
            }
        }
        for (const auto& [name, offset] : unknown_fields_)
            flag_error(Kind::Absent, "file.unknown_field", name, offset,
                       "field " + quote(name) + " is not a FlagFlow field and was ignored", Severity::Note);
    }

    /// Keeps or drops the flag finish_flag() built at the end of the
    /// snapshot's flags (not indexed yet): a duplicate key replaces the
    /// earlier flag, an unplannable flag or one past the limit is dropped.
    void add_flag(bool plannable) {
        std::vector<Flag>& flags = snapshot_.flags;
        std::vector<FlagOffsets>& offsets = snapshot_.offsets;
        Flag& flag = flags.back();
        const std::uint32_t key_offset = offsets.back().key;
        auto drop = [&] {
            flags.pop_back();
            offsets.pop_back();
        };
        auto pointer = [&flag] { return "/flags/" + pointer_token(flag.key); };
        if (flag.key == "__proto__") {
            add(Severity::Error, "key.proto", key_offset,
                "the flag key `__proto__` is not a valid key; FlagFlow would silently drop this flag",
                flag.key, {}, pointer());
        } else if (!is_valid_flag_key(flag.key)) {
            add(Severity::Error, "key.invalid", key_offset,
                "flag key " + quote(flag.key) +
                    " is not valid: segments of lowercase letters and digits starting with a letter, "
                    "single underscores between groups, joined by `/`",
                flag.key, {}, pointer());
        }
        std::size_t existing = snapshot_.position(flag.key);
        if (existing != FlagIndex::npos) {
            add(Severity::Error, "file.duplicate_key", key_offset,
                "flag " + quote(flag.key) + " appears twice; the last one counts", flag.key, {}, pointer());
            if (plannable) {
                // The last one's fields, where the first one's key is.
                offsets.back().key = offsets[existing].key;
                offsets[existing] = offsets.back();
                flags[existing] = std::move(flag);
            }
            drop();
            return;
        }
        if (!plannable) {
            drop();
            return;
        }
        const std::size_t kept = flags.size() - 1;
        if (kept >= limits_.max_flags) {
            if (kept == limits_.max_flags)
                add(Severity::Error, "file.too_many_flags", key_offset,
                    "more than " + std::to_string(limits_.max_flags) + " flags", {}, {}, "/flags");
            snapshot_.readable = false;
            drop();
            return;
        }
        snapshot_.index.insert(flags, kept);
    }
};

}  // namespace flagplan::parse_detail
