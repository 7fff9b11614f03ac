// Stage 1: export text -> snapshot. The fast reader (json_reader.hpp) streams
// events straight into the snapshot (no intermediate DOM); a text it finds
// invalid is read again through nlohmann/json's SAX interface, whose message
// and position make the file.syntax diagnostic.
#include "flagplan/parse/parse.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <memory>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "flagplan/js/js_text.hpp"
#include "flagplan/parse/export_reader.hpp"
#include "flagplan/parse/json_reader.hpp"

namespace flagplan {

bool is_valid_flag_key(std::string_view key) {
    // ^[a-z][0-9a-z]*(_[0-9a-z]+)*(/[a-z][0-9a-z]*(_[0-9a-z]+)*)*$
    auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
    auto alnum = [&](char c) { return lower(c) || (c >= '0' && c <= '9'); };
    std::size_t i = 0, n = key.size();
    while (true) {
        if (i >= n || !lower(key[i])) return false;  // segment starts with a letter
        ++i;
        while (i < n && alnum(key[i])) ++i;
        while (i < n && key[i] == '_') {  // single underscore, then at least one alnum
            ++i;
            if (i >= n || !alnum(key[i])) return false;
            while (i < n && alnum(key[i])) ++i;
        }
        if (i == n) return true;
        if (key[i] != '/') return false;
        ++i;
    }
}

bool is_valid_version(std::string_view version) {
    int parts = 0;
    std::size_t i = 0;
    while (true) {
        std::size_t start = i;
        while (i < version.size() && version[i] >= '0' && version[i] <= '9') ++i;
        if (i == start) return false;
        ++parts;
        if (i == version.size()) return parts == 3;
        if (version[i] != '.' || parts == 3) return false;
        ++i;
    }
}

namespace {

using namespace parse_detail;
using json = nlohmann::json;

/// Input iterator over the text that publishes how far the JSON lexer has
/// read, so SAX events can be given byte offsets.
struct TrackingIterator {
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    const char* p = nullptr;
    const char** sink = nullptr;

    reference operator*() const { return *p; }
    TrackingIterator& operator++() {
        ++p;
        *sink = p;
        return *this;
    }
    TrackingIterator operator++(int) {
        TrackingIterator copy = *this;
        ++*this;
        return copy;
    }
    bool operator==(const TrackingIterator& other) const { return p == other.p; }
    bool operator!=(const TrackingIterator& other) const { return p != other.p; }
};


/// Drives an ExportReader from nlohmann/json's SAX parser: the reference
/// reading, used for texts the fast reader finds invalid. A tracking
/// iterator tells how far the lexer has read, which gives each event the
/// offset where its token starts.
class NlohmannEvents {
public:
    NlohmannEvents(std::string_view text, ExportReader& reader) : text_(text), reader_(reader) {
        cursor_ = text.data();
    }
    const char** cursor_sink() { return &cursor_; }

    bool null() { return reader_.null(value_start()); }
    bool boolean(bool value) { return reader_.boolean(value, value_start()); }
    bool number_integer(json::number_integer_t value) {
        return reader_.number_integer(value, value_start());
    }
    bool number_unsigned(json::number_unsigned_t value) {
        return reader_.number_unsigned(value, value_start());
    }
    bool number_float(json::number_float_t value, const json::string_t& /*text*/) {
        return reader_.number_float(value, value_start());
    }
    bool string(json::string_t& value) { return reader_.string(value, value_start()); }
    bool binary(json::binary_t& /*value*/) { return true; }  // never produced by JSON text
    bool start_object(std::size_t /*elements*/) { return reader_.start_object(value_start()); }
    bool start_array(std::size_t /*elements*/) { return reader_.start_array(value_start()); }
    bool end_object() { return reader_.end_object(token_end()); }
    bool end_array() { return reader_.end_array(token_end()); }
    bool key(json::string_t& name) { return reader_.key(name, value_start()); }
    bool parse_error(std::size_t position, const std::string& /*last_token*/,
                     const nlohmann::detail::exception& ex) {
        return reader_.parse_error(position, ex);
    }

private:
    std::string_view text_;
    ExportReader& reader_;
    const char* cursor_ = nullptr;
    std::size_t last_end_ = 0;  ///< offset after the previous event's token

    /// Offset where the value of the current event starts: after the previous
    /// token, past whitespace, ':' and ','. (Between two SAX events only those
    /// can stand.)
    std::size_t value_start() {
        std::size_t end = static_cast<std::size_t>(cursor_ - text_.data());
        std::size_t i = std::min(last_end_, end);
        while (i < end) {
            char c = text_[i];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':' || c == ',') ++i;
            else break;
        }
        last_end_ = end;
        return i;
    }
    std::size_t token_end() {
        last_end_ = static_cast<std::size_t>(cursor_ - text_.data());
        return last_end_;
    }
};

/// Reads `text` with the fast reader; false when it is not valid JSON (then
/// `result` holds a partial reading, to be discarded).
/// Room for the flags of a `bytes`-long export, so the flags are not moved
/// as the vector grows: FlagFlow's exports and the benchmark's hold about 290
/// bytes per flag, so 256 bytes per flag rarely needs a second allocation and
/// over-reserves about an eighth.
std::size_t expected_flags(std::size_t bytes, const Limits& limits) {
    return std::min(bytes / 256 + 1, limits.max_flags + 1);
}

bool read_export(std::string_view text, const std::string& label, const Limits& limits,
                 ParseResult& result, bool trim) {
    const std::size_t expected = expected_flags(text.size(), limits);
    result.snapshot.flags.reserve(expected);
    result.snapshot.offsets.reserve(expected);
    result.snapshot.index.reserve(expected);
    ExportReader reader(text, label, limits, result, trim);
    JsonRead read = read_json(text, reader);
    if (read == JsonRead::Invalid) return false;
    reader.finish(read == JsonRead::Done);
    return true;
}

void read_export_with_nlohmann(std::string_view text, const std::string& label,
                               const Limits& limits, ParseResult& result, bool trim) {
    ExportReader reader(text, label, limits, result, trim);
    NlohmannEvents events(text, reader);
    TrackingIterator first{text.data(), events.cursor_sink()};
    TrackingIterator last{text.data() + text.size(), events.cursor_sink()};
    bool completed = json::sax_parse(first, last, &events, json::input_format_t::json, true, false);
    reader.finish(completed);
}

/// Builds a nlohmann/json tree from the fast reader's events.
class TreeBuilder {
public:
    explicit TreeBuilder(nlohmann::json& root) : root_(root) {}
    bool null(std::size_t) { return put(nullptr); }
    bool boolean(bool v, std::size_t) { return put(v); }
    bool number_integer(std::int64_t v, std::size_t) { return put(v); }
    bool number_unsigned(std::uint64_t v, std::size_t) { return put(v); }
    bool number_float(double v, std::size_t) { return put(v); }
    bool string(std::string_view v, std::size_t) { return put(std::string(v)); }
    bool key(std::string_view name, std::size_t) {
        key_.assign(name.data(), name.size());
        return true;
    }
    bool start_object(std::size_t) { return open(nlohmann::json::object()); }
    bool start_array(std::size_t) { return open(nlohmann::json::array()); }
    bool end_object(std::size_t) { return close(); }
    bool end_array(std::size_t) { return close(); }

private:
    nlohmann::json& root_;
    std::vector<nlohmann::json*> open_;
    std::string key_;

    nlohmann::json* place(nlohmann::json value) {
        if (open_.empty()) {
            root_ = std::move(value);
            return &root_;
        }
        nlohmann::json& parent = *open_.back();
        if (parent.is_object()) {
            nlohmann::json& slot = parent[key_];
            slot = std::move(value);
            return &slot;
        }
        parent.push_back(std::move(value));
        return &parent.back();
    }
    bool put(nlohmann::json value) {
        place(std::move(value));
        return true;
    }
    bool open(nlohmann::json value) {
        if (open_.size() >= 512) return false;  // deeper than any plan or export
        open_.push_back(place(std::move(value)));
        return true;
    }
    bool close() {
        open_.pop_back();
        return true;
    }
};

}  // namespace

std::optional<nlohmann::json> parse_json_text(std::string_view text) {
    nlohmann::json root;
    TreeBuilder builder(root);
    if (read_json(text, builder) != JsonRead::Done) return std::nullopt;
    return root;
}

std::string without_lone_surrogates(std::string_view text) {
    auto unit = [&](std::size_t i) -> int {  // the \uXXXX escape at i, or -1
        if (i + 6 > text.size() || text[i] != '\\' || text[i + 1] != 'u') return -1;
        int code = 0;
        for (std::size_t k = i + 2; k < i + 6; ++k) {
            const char c = text[k];
            const int d = c >= '0' && c <= '9' ? c - '0'
                          : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) return -1;
            code = code * 16 + d;
        }
        return code;
    };
    std::string out(text);
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!in_string) {
            in_string = c == '"';
            continue;
        }
        if (c == '"') {
            in_string = false;
        } else if (c == '\\') {
            const int code = unit(i);
            if (code >= 0xD800 && code <= 0xDBFF) {
                const int low = unit(i + 6);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    i += 11;  // a pair
                    continue;
                }
            }
            if (code >= 0xD800 && code <= 0xDFFF) out.replace(i + 2, 4, "fffd");
            i += code >= 0 ? 5 : 1;
        }
    }
    return out;
}

ParseResult parse_export(std::string_view text, const std::string& label, const Limits& limits, bool trim) {
    ParseResult result;
    result.snapshot.label = label;
    if (text.size() > limits.max_input_bytes) {
        Diagnostic d;
        d.code = "file.too_large";
        d.message = "the file has " + std::to_string(text.size()) + " bytes, more than the limit of " +
                    std::to_string(limits.max_input_bytes);
        d.file = label;
        result.diagnostics.push_back(std::move(d));
        result.snapshot.readable = false;
        return result;
    }
    if (!read_export(text, label, limits, result, trim)) {
        // Invalid JSON: read it again with nlohmann/json from the start, so
        // the diagnostics are those of the library's reading, message and
        // position included.
        // Lone surrogates (valid for JSON.parse and the fast reader, refused
        // by nlohmann/json) are masked, so the error found is the real one.
        result = ParseResult{};
        result.snapshot.label = label;
        read_export_with_nlohmann(without_lone_surrogates(text), label, limits, result, trim);
    }
    resolve_positions(result.diagnostics, label, text);
    return result;
}

ParseResult parse_export_reference(std::string_view text, const std::string& label,
                                   const Limits& limits, bool trim) {
    ParseResult result;
    result.snapshot.label = label;
    if (text.size() > limits.max_input_bytes) return parse_export(text, label, limits, trim);
    read_export_with_nlohmann(without_lone_surrogates(text), label, limits, result, trim);
    resolve_positions(result.diagnostics, label, text);
    return result;
}

}  // namespace flagplan