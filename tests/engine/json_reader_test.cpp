// The fast JSON reader (json_reader.hpp) against nlohmann/json: it accepts
// exactly what nlohmann accepts, and parse_export gives what
// parse_export_reference (nlohmann's SAX reading) gives, diagnostics included.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../../fuzz/fuzz_support.hpp"
#include "flagplan/parse/json_reader.hpp"
#include "flagplan/parse/parse.hpp"
#include "test_support.hpp"

namespace flagplan {
namespace {

/// Records every event as text: start offsets, and for `]` and `}` the
/// offset just past the bracket.
struct Recorder {
    std::vector<std::string> events;
    bool add(std::string event, std::size_t at) {
        events.push_back(std::move(event) + "@" + std::to_string(at));
        return true;
    }
    bool null(std::size_t at) { return add("null", at); }
    bool boolean(bool v, std::size_t at) { return add(v ? "true" : "false", at); }
    bool number_integer(std::int64_t v, std::size_t at) { return add("i" + std::to_string(v), at); }
    bool number_unsigned(std::uint64_t v, std::size_t at) { return add("u" + std::to_string(v), at); }
    bool number_float(double v, std::size_t at) { return add("f" + nlohmann::json(v).dump(), at); }
    bool string(std::string_view v, std::size_t at) { return add("s" + std::string(v), at); }
    bool key(std::string_view v, std::size_t at) { return add("k" + std::string(v), at); }
    bool start_object(std::size_t at) { return add("{", at); }
    bool end_object(std::size_t at) { return add("}", at); }
    bool start_array(std::size_t at) { return add("[", at); }
    bool end_array(std::size_t at) { return add("]", at); }
};

std::vector<std::string> events_of(std::string_view text, JsonRead expected = JsonRead::Done) {
    Recorder r;
    EXPECT_EQ(read_json(text, r), expected) << text;
    return r.events;
}

TEST(JsonReader, EventsWithOffsetsAndNlohmannNumberKinds) {
    EXPECT_EQ(events_of(R"( {"a": [1, -2, 3.5, true, null, "x\ny"], "b": {}})"),
              (std::vector<std::string>{"{@1", "ka@2", "[@7", "u1@8", "i-2@11", "f3.5@15", "true@20",
                                        "null@26", "sx\ny@32", "]@39", "kb@41", "{@46", "}@48", "}@49"}));
    // Integers beyond 64 bits become floats, as in nlohmann/json; -0 is an integer.
    EXPECT_EQ(events_of("[18446744073709551615, 18446744073709551616, -9223372036854775808, "
                        "-9223372036854775809, -0, 1E2]"),
              (std::vector<std::string>{"[@0", "u18446744073709551615@1", "f1.8446744073709552e+19@23",
                                        "i-9223372036854775808@45", "f-9.223372036854776e+18@67",
                                        "i0@89", "f100.0@93", "]@97"}));
    // Escapes, a surrogate pair, and a byte order mark before the value.
    EXPECT_EQ(events_of("\xEF\xBB\xBF\"\\u00e9\\ud83d\\ude00\\/\\\\\""),
              (std::vector<std::string>{"s\xC3\xA9\xF0\x9F\x98\x80/\\@3"}));
}

// Lone surrogate escapes are valid for JSON.parse: kept as WTF-8 (the
// surrogate's 3-byte form); a high surrogate followed by an escape that is
// not a low one stays alone, and that escape is read on its own.
TEST(JsonReader, KeepsLoneSurrogatesAsWtf8) {
    EXPECT_EQ(events_of("\"\\ud800\""), (std::vector<std::string>{"s\xED\xA0\x80@0"}));
    EXPECT_EQ(events_of("\"\\udc00x\""), (std::vector<std::string>{"s\xED\xB0\x80x@0"}));
    EXPECT_EQ(events_of("\"\\ud800\\u0041\""), (std::vector<std::string>{"s\xED\xA0\x80" "A@0"}));
    EXPECT_EQ(events_of("\"\\ud83d\\ud83d\\ude00\""),
              (std::vector<std::string>{"s\xED\xA0\xBD\xF0\x9F\x98\x80@0"}));
    EXPECT_EQ(events_of("\"\\ud800\\u12G4\"", JsonRead::Invalid), (std::vector<std::string>{}));
    // What nlohmann/json can read of such a text: the same offsets.
    EXPECT_EQ(without_lone_surrogates(R"(["\ud800", "\\ud800", "\ud83d\ude00", "\uDC00x"])"),
              R"(["\ufffd", "\\ud800", "\ud83d\ude00", "\ufffdx"])");
}

TEST(JsonReader, AcceptsExactlyWhatNlohmannAccepts) {
    const std::vector<std::string> texts = {
        "{}", "[]", " 1 ", "\"\"", "{\"a\":1,}", "[1,]", "[01]", "[-]", "[1.]", "[1e]", "[1e+]",
        "[.5]", "[+1]", "1e400", "-1e400", "1e-400", "[tru]", "[nul]", "[falsey]", "{\"a\" 1}",
        "{1:2}", "{\"a\":1 \"b\":2}", "[1 2]", "{} {}", "{}\x00garbage", std::string("{}\0x", 4),
        std::string("\0{}", 3), "\xEF\xBB\xBF{}", "\xEF\xBB{}", "\xEF{}", " \xEF\xBB\xBF{}",
        "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\ud800x\"", "\"\\uD83D\\uDE00\"",
        "\"\\u00\"", "\"\\x\"", "\"\\u0000\"", "\"a\tb\"", "\"a\x7f\"", "\"\xC0\x80\"", "\"\xC2\x80\"",
        "\"\xE0\x9F\x80\"", "\"\xE0\xA0\x80\"", "\"\xED\xA0\x80\"", "\"\xED\x9F\xBF\"",
        "\"\xF0\x8F\xBF\xBF\"", "\"\xF0\x90\x80\x80\"", "\"\xF4\x8F\xBF\xBF\"", "\"\xF4\x90\x80\x80\"",
        "\"\xF5\x80\x80\x80\"", "\"\xFF\"", "\"\x80\"", "\"\xE2\x82\"", "\"abc", "[", "{\"a\":",
        "", "   ", "\t\r\n[\t\r\n]\t\r\n", "[1]\v", "/*c*/[]", "[NaN]", "[Infinity]", "[0x10]",
        "[\"\\u12G4\"]", "[1.5e3, -0.0, 0e0, 123456789012345678901234567890]"};
    for (const std::string& text : texts) {
        Recorder r;
        JsonRead read = read_json(text, r);
        // nlohmann/json refuses lone surrogates, which JSON.parse accepts.
        EXPECT_EQ(read != JsonRead::Invalid, nlohmann::json::accept(without_lone_surrogates(text)))
            << "text: " << ::testing::PrintToString(text);
    }
}

// The string scan reads eight bytes at a time and jumps to the first byte
// that is not plain: each kind of such byte at every position of a word
// (and in the tail after the last whole word) is found, and the string is
// read as nlohmann/json reads it, or refused as it refuses it.
TEST(JsonReader, EverySpecialByteIsFoundAtEveryPositionOfAWord) {
    const std::vector<std::string> specials = {"\"", "\\n", "\\u00e9", "\xC3\xA9", "\xF0\x9F\x98\x80",
                                               "\x01", "\x1f", "\x7f", "\xFF", "\xC3", "\\"};
    for (std::size_t before = 0; before < 20; ++before) {
        for (std::size_t after = 0; after < 12; after += 5) {
            for (const std::string& special : specials) {
                const std::string text = "[\"" + std::string(before, 'a') + special + std::string(after, 'b') + "\"]";
                Recorder r;
                const JsonRead read = read_json(text, r);
                const bool accepted = nlohmann::json::accept(text);
                ASSERT_EQ(read != JsonRead::Invalid, accepted) << ::testing::PrintToString(text);
                if (!accepted) continue;
                const std::string expected = nlohmann::json::parse(text)[0].get<std::string>();
                ASSERT_EQ(r.events.size(), 3u) << ::testing::PrintToString(text);
                EXPECT_EQ(r.events[1], "s" + expected + "@1") << ::testing::PrintToString(text);
            }
        }
    }
}

// Runs of spaces are skipped eight at a time: every length, before and
// after other whitespace, ends where the next token starts (`]` is recorded
// just past the bracket).
TEST(JsonReader, RunsOfSpacesOfEveryLengthEndAtTheNextToken) {
    for (std::size_t n = 0; n < 20; ++n) {
        const std::string run(n, ' ');
        const std::string text = "[" + run + "1," + run + "\n" + run + "2" + run + "\t]" + run;
        const std::size_t one = 1 + n, two = one + 2 + n + 1 + n;
        EXPECT_EQ(events_of(text), (std::vector<std::string>{"[@0", "u1@" + std::to_string(one),
                                                             "u2@" + std::to_string(two),
                                                             "]@" + std::to_string(two + 1 + n + 2)}))
            << n;
    }
}

TEST(JsonReader, ParseEqualsTheNlohmannReading) {
    using testing::export_text;
    std::vector<std::string> texts = {
        testing::read_text("examples/staging.json"),
        testing::read_text("examples/production.json"),
        export_text(R"({"a":{"type":"BOOLEAN","description":" x ","defaultValue":true,"isKillSwitch":false,)"
                    R"("valueExists":true,"value":false,"extra":[1,{"y":2}]},"a":{"type":"TAG"}})"),
        export_text(R"({"b":{"type":"INTEGER","description":"\u00a0d\u00a0","defaultValue":1.0,)"
                    R"("minValue":-0,"maxValue":9007199254740993,"valueExists":true,"value":2.5}})"),
        export_text(R"({"c":{"type":"STRING","description":"d","defaultValue":"\ud800"}})"),
        export_text(R"({"d":{"type":"ENUM","description":"d","defaultValue":"x","enumValues":["x",1]} )"),
        export_text(R"({"e":[], "f":3, "__proto__":{"type":"AB-TEST","description":"","chanceBPercent":1e2}})"),
        "[1,2]", "", "{\"flags\":{}, \"flags\":{}}", "{\"version\":\"1.2\"} trailing",
    };
    for (const char* name : {"catastrophic_regex", "deep_nesting", "duplicate_keys", "invalid_utf8",
                             "lone_low_surrogate", "lone_surrogate", "number_overflow"})
        texts.push_back(testing::read_text(std::string("tests/hostile/") + name + ".json"));
    Limits tight;
    tight.max_depth = 5;
    tight.max_string_bytes = 8;
    tight.max_flags = 1;
    for (const std::string& text : texts) {
        for (const Limits& limits : {Limits{}, tight}) {
            // The reference reads lone surrogates masked (U+FFFD).
            EXPECT_EQ(fuzz::describe_parse(parse_export(without_lone_surrogates(text), "f.json", limits)),
                      fuzz::describe_parse(parse_export_reference(text, "f.json", limits)))
                << "text: " << text.substr(0, 200);
        }
    }
}

}  // namespace
}  // namespace flagplan
