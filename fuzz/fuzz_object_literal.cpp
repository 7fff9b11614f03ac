// libFuzzer target: the OBJECT schema DSL and JS object-literal parsers.
// Input: SCHEMA NUL LITERAL (without a NUL both are the whole input).
// Invariants: no crash, sanitizer report or hang (at any nesting: the
// parsers use explicit stacks); problem offsets lie within their text; a
// schema is returned iff there are no problems; a literal that conforms to
// a schema also converts to JSON; the JSON form of a literal is valid JSON
// and a fixed point (converting it again gives the same text).
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "flagplan/js/object_literal.hpp"
#include "fuzz_support.hpp"

using namespace flagplan;
using flagplan::fuzz::require;

namespace {

void check_problems(const std::vector<ObjectProblem>& problems, std::size_t size, const char* what) {
    for (const ObjectProblem& p : problems) {
        require(!p.code.empty() && !p.message.empty(), std::string(what) + ": problem without code/message");
        require(p.offset <= size, std::string(what) + ": problem offset beyond the text (" + p.code + ")");
    }
}

void check_literal(std::string_view literal, int depth) {
    LiteralJson converted = object_literal_to_json(literal, depth);
    check_problems(converted.problems, literal.size(), "object_literal_to_json");
    if (!converted.problems.empty()) {
        require(converted.json.empty(), "JSON given together with problems");
        return;
    }
    require(nlohmann::json::accept(converted.json), "object_literal_to_json gave invalid JSON: " + converted.json);
    LiteralJson again = object_literal_to_json(converted.json, depth);
    require(again.problems.empty(), "the JSON form does not parse as a literal: " + converted.json);
    require(again.json == converted.json,
            "the JSON form is not a fixed point: " + converted.json + " -> " + again.json);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto [dsl, literal] = fuzz::split_two(fuzz::as_text(data, size));
    for (int depth : {32, 3}) {
        ObjectSchemaParse parsed = parse_object_schema(dsl, depth);
        check_problems(parsed.problems, dsl.size(), "parse_object_schema");
        require(parsed.schema.has_value() == parsed.problems.empty(), "schema iff no problems");
        if (parsed.schema) {
            const ObjectSchema& schema = *parsed.schema;
            (void)schema.type_text(schema.root());
            for (std::uint32_t i = 0; i < schema.objects().size(); ++i)
                for (const auto& p : schema.objects()[i].properties) {
                    require(schema.find_property(i, p.name) >= 0, "declared property not found: " + p.name);
                    (void)schema.type_text(p.type);
                }
            std::vector<ObjectProblem> problems = check_object_literal(schema, literal, depth);
            check_problems(problems, literal.size(), "check_object_literal");
            // A conforming literal converts to JSON, but for numbers that overflow
            // to +-Infinity: FlagFlow accepts them for `number` (vector obj-0180),
            // JSON cannot hold them (not_finite, object_literal.hpp).
            if (problems.empty())
                for (const ObjectProblem& p : object_literal_to_json(literal, depth).problems)
                    require(p.code == "not_finite", "a conforming literal does not convert to JSON: " + p.code);
        }
        check_literal(literal, depth);
    }
    return 0;
}
