#include "flagplan/render/flag_json.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "flagplan/plan/plan.hpp"
#include "flagplan/core/swar.hpp"

namespace flagplan {

namespace {

/// A flag of a type FlagFlow does not know, as its export wrote it.
nlohmann::ordered_json foreign_flag_json(const Flag& flag) {
    nlohmann::ordered_json out = nlohmann::ordered_json::parse(flag.foreign->json, nullptr, false);
    if (!out.is_object()) out = {{"type", flag.foreign->type}};
    return out;
}

}  // namespace

nlohmann::ordered_json flag_to_json(const Flag& flag) {
    if (flag.foreign) return foreign_flag_json(flag);
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (Field field : fields_of(flag.type)) out[field_name(field)] = field_json(flag, field);
    return out;
}

bool same_flag(const Flag& a, const Flag& b) {
    if (a.foreign || b.foreign) return a.foreign && b.foreign && a.foreign->json == b.foreign->json;
    if (a.type != b.type) return false;
    for (Field field : fields_of(a.type))
        if (field_json(a, field) != field_json(b, field)) return false;
    return true;
}

namespace {

/// Code points shown as \u escapes: invisible, or able to reorder or hide text.
bool hidden(std::uint32_t cp) {
    return (cp >= 0x7f && cp <= 0x9f) || cp == 0xad || cp == 0x34f || cp == 0x61c || cp == 0x115f ||
           cp == 0x1160 || cp == 0x17b4 || cp == 0x17b5 || (cp >= 0x180b && cp <= 0x180f) ||
           (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
           (cp >= 0x2060 && cp <= 0x206f) || cp == 0x3164 || cp == 0xfeff || cp == 0xffa0 ||
           (cp >= 0xfff9 && cp <= 0xfffb) || (cp >= 0x1d173 && cp <= 0x1d17a) ||
           (cp >= 0xe0000 && cp <= 0xe007f);
}

void append_u_escape(std::string& out, std::uint32_t unit) {
    static const char* const kHex = "0123456789abcdef";
    char buf[6] = {'\\', 'u', kHex[(unit >> 12) & 0xf], kHex[(unit >> 8) & 0xf], kHex[(unit >> 4) & 0xf],
                   kHex[unit & 0xf]};
    out.append(buf, 6);
}

/// A hidden code point as \u escapes (a surrogate pair above U+FFFF).
void append_hidden(std::string& out, std::uint32_t cp) {
    if (cp >= 0x10000) {
        append_u_escape(out, 0xd800 + ((cp - 0x10000) >> 10));
        append_u_escape(out, 0xdc00 + ((cp - 0x10000) & 0x3ff));
    } else {
        append_u_escape(out, cp);
    }
}

/// Decodes one UTF-8 sequence at text[i]; returns its length (0 = invalid).
/// Accepts exactly well-formed UTF-8 (no overlong forms, surrogates or code
/// points above U+10FFFF), as nlohmann's decoder does.
std::size_t decode(std::string_view text, std::size_t i, std::uint32_t& cp) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > text.size()) return 0;
    cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    for (std::size_t k = 1; k < len; ++k) {
        unsigned char cc = static_cast<unsigned char>(text[i + k]);
        if ((cc >> 6) != 2) return 0;
        cp = (cp << 6) | (cc & 0x3f);
    }
    static const std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return len;
}

/// True when text[i] starts a surrogate code point in WTF-8 form (ED A0..BF
/// 80..BF), the way the export reader holds a lone surrogate; `cp` = it.
bool wtf8_surrogate(std::string_view text, std::size_t i, std::uint32_t& cp) {
    if (text.size() - i < 3 || static_cast<unsigned char>(text[i]) != 0xED) return false;
    const auto b1 = static_cast<unsigned char>(text[i + 1]), b2 = static_cast<unsigned char>(text[i + 2]);
    if (b1 < 0xA0 || b1 > 0xBF || (b2 & 0xC0) != 0x80) return false;
    cp = 0xD000u | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
    return true;
}

/// Appends JSON text `text` (valid UTF-8, as dump(replace) writes it) with
/// every hidden code point escaped.
void append_visible(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t cp = 0;
        std::size_t len = decode(text, i, cp);
        if (len == 0) {  // cannot happen after dump(replace); keep the byte-level guarantee anyway
            out += "\\ufffd";
            ++i;
            continue;
        }
        if (hidden(cp)) append_hidden(out, cp);
        else out.append(text, i, len);
        i += len;
    }
}

}  // namespace

void append_json_string(std::string& out, std::string_view text, bool visible) {
    const std::size_t start = out.size();
    out += '"';
    std::size_t run = 0;  // start of the bytes not yet copied
    for (std::size_t i = 0; i < text.size();) {
        if (text.size() - i >= 8) {  // eight plain bytes at a time, to the first other one
            // Not copied as they are: '"', '\\', control characters, DEL, non-ASCII.
            const std::uint64_t special = swar::string_specials(swar::load8(text.data() + i), true);
            if (special == 0) {
                i += 8;
                continue;
            }
            i += swar::first(special);
        }
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            std::uint32_t cp = 0;
            const std::size_t len = decode(text, i, cp);
            if (len == 0 && wtf8_surrogate(text, i, cp)) {
                // A lone surrogate held as WTF-8 (parse.hpp): its JSON escape.
                out.append(text.data() + run, i - run);
                append_u_escape(out, cp);
                i += 3;
                run = i;
                continue;
            }
            if (len == 0) {
                // Invalid UTF-8: nlohmann's replacement rules, string by string.
                out.resize(start);
                const std::string dumped = nlohmann::ordered_json(std::string(text)).dump(
                    -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
                if (visible) append_visible(out, dumped);
                else out += dumped;
                return;
            }
            if (!visible || !hidden(cp)) {
                i += len;
                continue;
            }
            out.append(text.data() + run, i - run);
            append_hidden(out, cp);
            i += len;
            run = i;
            continue;
        }
        out.append(text.data() + run, i - run);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\f': out += "\\f"; break;
            case '\r': out += "\\r"; break;
            case 0x7f:  // DEL: kept by dump(), hidden for visible_json()
                if (visible) append_u_escape(out, c);
                else out += static_cast<char>(c);
                break;
            default: append_u_escape(out, c); break;  // other C0 controls, as dump() writes them
        }
        ++i;
        run = i;
    }
    out.append(text.data() + run, text.size() - run);
    out += '"';
}

std::string visible_json(const nlohmann::ordered_json& value, int indent) {
    std::string out;
    JsonWriter(out, indent, true).value(value);
    return out;
}

std::string visible_text(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t cp = 0;
        std::size_t len = decode(text, i, cp);
        if (len == 0 || cp < 0x20 || hidden(cp)) {
            std::string out;
            append_json_string(out, text, true);
            return out;
        }
        i += len;
    }
    return text;
}

// ---------------------------------------------------------------------------
// JsonWriter

void JsonWriter::newline(int depth) {
    if (indent_ < 0) return;
    out_ += '\n';
    out_.append(static_cast<std::size_t>(depth) * static_cast<std::size_t>(indent_), ' ');
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (depth_ == 0) return;
    const std::uint64_t bit = std::uint64_t{1} << (depth_ - 1);
    if (has_items_ & bit) out_ += ',';
    has_items_ |= bit;
    newline(depth_);
}

JsonWriter& JsonWriter::open(char bracket) {
    before_value();
    out_ += bracket;
    ++depth_;
    has_items_ &= ~(std::uint64_t{1} << (depth_ - 1));
    return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
    if (has_items_ & (std::uint64_t{1} << (depth_ - 1))) newline(depth_ - 1);
    --depth_;
    out_ += bracket;
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    before_value();  // the separator and the line, as for an array element
    append_json_string(out_, name, visible_);
    out_ += indent_ < 0 ? ":" : ": ";
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
    before_value();
    append_json_string(out_, text, visible_);
    return *this;
}

JsonWriter& JsonWriter::number(std::int64_t n) {
    before_value();
    char buf[24];
    auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
    out_.append(buf, static_cast<std::size_t>(end - buf));
    return *this;
}

JsonWriter& JsonWriter::boolean(bool b) {
    before_value();
    out_ += b ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    before_value();
    out_ += "null";
    return *this;
}

template <class Json>
void JsonWriter::tree(const Json& v, int depth) {
    switch (v.type()) {
        case nlohmann::detail::value_t::object: {
            if (v.empty()) {
                out_ += "{}";
                return;
            }
            out_ += '{';
            bool first = true;
            for (auto it = v.begin(); it != v.end(); ++it) {
                if (!first) out_ += ',';
                first = false;
                newline(depth + 1);
                append_json_string(out_, it.key(), visible_);
                out_ += indent_ < 0 ? ":" : ": ";
                tree(it.value(), depth + 1);
            }
            newline(depth);
            out_ += '}';
            return;
        }
        case nlohmann::detail::value_t::array: {
            if (v.empty()) {
                out_ += "[]";
                return;
            }
            out_ += '[';
            bool first = true;
            for (const auto& element : v) {
                if (!first) out_ += ',';
                first = false;
                newline(depth + 1);
                tree(element, depth + 1);
            }
            newline(depth);
            out_ += ']';
            return;
        }
        case nlohmann::detail::value_t::string:
            append_json_string(out_, v.template get_ref<const std::string&>(), visible_);
            return;
        case nlohmann::detail::value_t::boolean: out_ += v.template get<bool>() ? "true" : "false"; return;
        case nlohmann::detail::value_t::null: out_ += "null"; return;
        case nlohmann::detail::value_t::number_integer: {
            char buf[24];
            auto end = std::to_chars(buf, buf + sizeof buf, v.template get<std::int64_t>()).ptr;
            out_.append(buf, static_cast<std::size_t>(end - buf));
            return;
        }
        case nlohmann::detail::value_t::number_unsigned: {
            char buf[24];
            auto end = std::to_chars(buf, buf + sizeof buf, v.template get<std::uint64_t>()).ptr;
            out_.append(buf, static_cast<std::size_t>(end - buf));
            return;
        }
        default: {
            // Floats (nlohmann's shortest round-trip form), binary, discarded:
            // their text does not depend on the indentation.
            std::string text = v.dump(-1, ' ', false, Json::error_handler_t::replace);
            if (visible_) append_visible(out_, text);
            else out_ += text;
            return;
        }
    }
}

JsonWriter& JsonWriter::value(const nlohmann::json& v) {
    before_value();
    tree(v, depth_);
    return *this;
}

JsonWriter& JsonWriter::value(const nlohmann::ordered_json& v) {
    before_value();
    tree(v, depth_);
    return *this;
}

namespace {

/// A value's JSON form, as field_json() writes it (plan.cpp's value_json).
void write_flag_value(JsonWriter& w, FlagType type, const FlagValue& value) {
    switch (type) {
        case FlagType::Boolean: w.boolean(value.boolean); return;
        case FlagType::Integer: w.number(value.integer); return;
        case FlagType::String:
        case FlagType::Object:
        case FlagType::Enum: w.string(value.text); return;
        case FlagType::Tag:
            w.begin_array();
            for (const std::string& tag : value.tags) w.string(tag);
            w.end_array();
            return;
        case FlagType::AbTest: break;
    }
    w.null();
}

void write_strings(JsonWriter& w, const std::vector<std::string>& list) {
    w.begin_array();
    for (const std::string& s : list) w.string(s);
    w.end_array();
}

}  // namespace

JsonWriter& JsonWriter::field(const Flag& flag, Field field) {
    switch (field) {
        case Field::Description: return string(flag.description);
        case Field::Type:
            return string(flag.foreign ? std::string_view(flag.foreign->type) : std::string_view(flag_type_name(flag.type)));
        case Field::DefaultValue: write_flag_value(*this, flag.type, flag.default_value); return *this;
        case Field::IsKillSwitch: return boolean(flag.is_kill_switch);
        case Field::MinValue: return number(flag.min_value);
        case Field::MaxValue: return number(flag.max_value);
        case Field::MaxLength: return number(flag.max_length);
        case Field::RegExp: return string(flag.reg_exp);
        case Field::Schema: return string(flag.schema);
        case Field::EnumValues: write_strings(*this, flag.enum_values); return *this;
        case Field::AllowEmpty: return boolean(flag.allow_empty);
        case Field::TagValues: write_strings(*this, flag.tag_values); return *this;
        case Field::MinCount: return number(flag.min_count);
        case Field::MaxCount: return number(flag.max_count);
        case Field::ChanceBPercent: {
            const double v = flag.chance_b_percent;
            if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 9007199254740992.0)
                return number(static_cast<std::int64_t>(v));  // JSON.stringify prints 50, not 50.0
            return value(nlohmann::json(v));
        }
        case Field::ValueExists: return boolean(flag.value_exists);
        case Field::Value: write_flag_value(*this, flag.type, flag.value); return *this;
        case Field::Count_: break;
    }
    return null();
}

JsonWriter& JsonWriter::flag(const Flag& flag) {
    if (flag.foreign) return value(foreign_flag_json(flag));
    begin_object();
    for (Field f : fields_of(flag.type)) {
        key(field_name(f));
        field(flag, f);
    }
    return end_object();
}

}  // namespace flagplan
