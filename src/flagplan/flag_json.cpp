#include "flagplan/flag_json.hpp"

#include <cstdint>

#include "flagplan/plan.hpp"

namespace flagplan {

nlohmann::ordered_json flag_to_json(const Flag& flag) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (Field field : fields_of(flag.type)) out[field_name(field)] = field_json(flag, field);
    return out;
}

bool same_flag(const Flag& a, const Flag& b) {
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
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(unit >> shift) & 0xf];
}

/// Decodes one UTF-8 sequence at text[i]; returns its length (0 = invalid).
std::size_t decode(const std::string& text, std::size_t i, std::uint32_t& cp) {
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

}  // namespace

std::string visible_json(const nlohmann::ordered_json& value, int indent) {
    std::string text = value.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t cp = 0;
        std::size_t len = decode(text, i, cp);
        if (len == 0) {  // cannot happen after dump(replace); keep the byte-level guarantee anyway
            out += "\\ufffd";
            ++i;
            continue;
        }
        if (hidden(cp)) {
            if (cp >= 0x10000) {
                append_u_escape(out, 0xd800 + ((cp - 0x10000) >> 10));
                append_u_escape(out, 0xdc00 + ((cp - 0x10000) & 0x3ff));
            } else {
                append_u_escape(out, cp);
            }
        } else {
            out.append(text, i, len);
        }
        i += len;
    }
    return out;
}

std::string visible_text(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t cp = 0;
        std::size_t len = decode(text, i, cp);
        if (len == 0 || cp < 0x20 || hidden(cp)) return visible_json(nlohmann::ordered_json(text));
        i += len;
    }
    return text;
}

}  // namespace flagplan
