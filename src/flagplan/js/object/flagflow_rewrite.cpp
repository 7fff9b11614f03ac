// FlagFlow's own reading of an OBJECT value text (flagflow_object_text_error,
// object_literal.hpp): its text substitutions, then JSON.parse.
#include <cstdint>
#include <string>
#include <vector>

#include "flagplan/js/object_literal.hpp"

namespace flagplan {

namespace {

/// JavaScript's \s (WhiteSpace and LineTerminator) at text[i]: its length in
/// bytes, 0 when there is none.
std::size_t js_space(std::string_view text, std::size_t i) {
    const auto b = [&](std::size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u; };
    const unsigned c = b(0);
    if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return 1;
    if (c == 0xC2 && b(1) == 0xA0) return 2;                                  // U+00A0
    if (c == 0xE1 && b(1) == 0x9A && b(2) == 0x80) return 3;                  // U+1680
    if (c == 0xE2 && b(1) == 0x80 && (b(2) <= 0x8A || b(2) == 0xA8 || b(2) == 0xA9 || b(2) == 0xAF))
        return b(2) >= 0x80 ? 3 : 0;                                          // U+2000-200A, 2028, 2029, 202F
    if (c == 0xE2 && b(1) == 0x81 && b(2) == 0x9F) return 3;                  // U+205F
    if (c == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;                  // U+3000
    if (c == 0xEF && b(1) == 0xBB && b(2) == 0xBF) return 3;                  // U+FEFF
    return 0;
}

std::size_t skip_spaces(std::string_view text, std::size_t i) {
    while (std::size_t n = js_space(text, i)) i += n;
    return i;
}

bool key_char(char c) {  // [\w$] without the u flag: ASCII only
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

/// text.replace(/'([^']*)'/g, '"$1"')
std::string single_quotes(std::string_view text) {
    std::string out(text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] != '\'') continue;
        const std::size_t close = out.find('\'', i + 1);
        if (close == std::string::npos) break;
        out[i] = out[close] = '"';
        i = close;
    }
    return out;
}

/// text.replace(/([{,]\s*)([\w$]+)\s*:/g, '$1"$2":')
std::string quoted_keys(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '{' || text[i] == ',') {
            const std::size_t key = skip_spaces(text, i + 1);
            std::size_t end = key;
            while (end < text.size() && key_char(text[end])) ++end;
            const std::size_t colon = skip_spaces(text, end);
            if (end > key && colon < text.size() && text[colon] == ':') {
                out.append(text, i, key - i);
                out += '"';
                out.append(text, key, end - key);
                out += "\":";
                i = colon + 1;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

/// text.replace(/,\s*([}\]])/g, '$1')
std::string trailing_commas(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ',') {
            const std::size_t next = skip_spaces(text, i + 1);
            if (next < text.size() && (text[next] == '}' || text[next] == ']')) {
                out += text[next];
                i = next + 1;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

/// JSON.parse's grammar (ECMA-404): where `json` stops being JSON, or npos
/// when the whole text is one JSON value. Any number magnitude is valid
/// (1e400 is Infinity), as is a lone surrogate escape. No recursion.
std::size_t json_error_at(std::string_view json) {
    const std::size_t n = json.size();
    std::size_t i = 0;
    auto ws = [&] {
        while (i < n && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) ++i;
    };
    auto digits = [&] {
        const std::size_t start = i;
        while (i < n && json[i] >= '0' && json[i] <= '9') ++i;
        return i > start;
    };
    auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
    auto str = [&] {  // at '"'
        for (++i; i < n; ++i) {
            const auto c = static_cast<unsigned char>(json[i]);
            if (c == '"') {
                ++i;
                return true;
            }
            if (c < 0x20) return false;
            if (c != '\\') continue;
            if (++i >= n) return false;
            const char e = json[i];
            if (e == 'u') {
                for (int k = 1; k <= 4; ++k)
                    if (i + k >= n || !hex(json[i + k])) return false;
                i += 4;
            } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
                return false;
            }
        }
        return false;
    };
    auto member_name = [&] {  // `"name" :` and the blanks after it
        if (i >= n || json[i] != '"' || !str()) return false;
        ws();
        if (i >= n || json[i] != ':') return false;
        ++i;
        ws();
        return true;
    };
    std::vector<char> open;  // '{' or '['
    ws();
    while (true) {
        // A value at i.
        if (i >= n) return i;
        const char c = json[i];
        if (c == '{' || c == '[') {
            ++i;
            ws();
            if (i < n && json[i] == (c == '{' ? '}' : ']')) {
                ++i;
            } else {
                open.push_back(c);
                if (c == '{' && !member_name()) return i;
                continue;
            }
        } else if (c == '"') {
            if (!str()) return i;
        } else if (json.compare(i, 4, "true") == 0 || json.compare(i, 4, "null") == 0) {
            i += 4;
        } else if (json.compare(i, 5, "false") == 0) {
            i += 5;
        } else {
            if (json[i] == '-') ++i;
            if (i < n && json[i] == '0') ++i;
            else if (!(i < n && json[i] >= '1' && json[i] <= '9' && digits())) return i;
            if (i < n && json[i] == '.' && (++i, !digits())) return i;
            if (i < n && (json[i] == 'e' || json[i] == 'E')) {
                ++i;
                if (i < n && (json[i] == '+' || json[i] == '-')) ++i;
                if (!digits()) return i;
            }
        }
        // After a value: a separator, a closing bracket, or the end.
        while (true) {
            ws();
            if (open.empty()) return i == n ? std::string_view::npos : i;
            if (i >= n) return i;
            const char closing = open.back() == '{' ? '}' : ']';
            if (json[i] == closing) {
                open.pop_back();
                ++i;
                continue;
            }
            if (json[i] != ',') return i;
            ++i;
            ws();
            if (open.back() == '{' && !member_name()) return i;
            break;
        }
    }
}

}  // namespace

std::string flagflow_object_json(std::string_view text) {
    return trailing_commas(quoted_keys(single_quotes(text)));
}

std::string flagflow_object_text_error(std::string_view text) {
    const std::string json = flagflow_object_json(text);
    const std::size_t at = json_error_at(json);
    if (at == std::string_view::npos) return {};
    std::string near = json.substr(at, 20);
    return "JSON.parse fails at position " + std::to_string(at) + " of the rewritten text" +
           (at < json.size() ? " (near `" + near + "`)" : " (at its end)");
}

}  // namespace flagplan
