// Tests for the OBJECT flag parsers (src/flagplan/object_literal.hpp).
#include "flagplan/js/object_literal.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace flagplan {
namespace {

constexpr int kDepth = 64;

std::vector<std::string> codes(const std::vector<ObjectProblem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems) out.push_back(p.code);
    return out;
}
std::vector<std::string> paths(const std::vector<ObjectProblem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems) out.push_back(p.path);
    return out;
}
std::string dump(const std::vector<ObjectProblem>& problems) {
    std::string out;
    for (const auto& p : problems)
        out += p.code + " @" + std::to_string(p.offset) + " [" + p.path + "] " + p.message + "\n";
    return out;
}

ObjectSchema schema_of(const std::string& dsl, int depth = kDepth) {
    auto parsed = parse_object_schema(dsl, depth);
    EXPECT_TRUE(parsed.problems.empty()) << dsl << "\n" << dump(parsed.problems);
    EXPECT_TRUE(parsed.schema.has_value());
    if (!parsed.schema) return *parse_object_schema("{}", kDepth).schema;
    return *parsed.schema;
}

std::vector<std::string> schema_codes(const std::string& dsl, int depth = kDepth) {
    auto parsed = parse_object_schema(dsl, depth);
    EXPECT_EQ(parsed.schema.has_value(), parsed.problems.empty());
    return codes(parsed.problems);
}

std::vector<ObjectProblem> check(const std::string& dsl, const std::string& literal, int depth = kDepth) {
    return check_object_literal(schema_of(dsl, depth), literal, depth);
}

std::string to_json(const std::string& literal, int depth = kDepth) {
    auto result = object_literal_to_json(literal, depth);
    EXPECT_TRUE(result.problems.empty()) << literal << "\n" << dump(result.problems);
    return result.json;
}

using Codes = std::vector<std::string>;

// EXPECT that a problem list is empty, printing it otherwise; more context can
// be streamed after it.
#define EXPECT_NO_PROBLEMS(expr)                   \
    if (const auto problems_ = (expr); false) {    \
    } else                                         \
        EXPECT_TRUE(problems_.empty()) << dump(problems_)

// ---------------------------------------------------------------------------
// Schema DSL

TEST(ObjectLiteralSchema, ParsesPrimitivesOptionalAndArrays) {
    auto s = schema_of("{ a: boolean, b?: integer, c: float, d: number, e: string[] }");
    const auto& root = s.objects()[s.root().object];
    ASSERT_EQ(root.properties.size(), 5u);
    EXPECT_EQ(root.properties[1].name, "b");
    EXPECT_TRUE(root.properties[1].optional);
    EXPECT_FALSE(root.properties[0].optional);
    EXPECT_EQ(root.properties[0].type.kind, ObjectTypeKind::Boolean);
    EXPECT_EQ(root.properties[4].type.kind, ObjectTypeKind::String);
    EXPECT_EQ(root.properties[4].type.array_depth, 1u);
    EXPECT_EQ(s.find_property(s.root().object, "d"), 3);
    EXPECT_EQ(s.find_property(s.root().object, "zz"), -1);
    EXPECT_EQ(s.root().array_depth, 0u);
}

TEST(ObjectLiteralSchema, SeparatorsCommaSemicolonNewlineAndTrailing) {
    EXPECT_EQ(schema_codes("{ a: string; b: string; }"), Codes{});
    EXPECT_EQ(schema_codes("{\n a: string\n b: string\n}"), Codes{});
    EXPECT_EQ(schema_codes("{ a: string, b: string, }"), Codes{});
    EXPECT_EQ(schema_codes("{ a: string, // note\n b: string /* x */ }"), Codes{});
    EXPECT_EQ(schema_codes("{ a: string // no comma, the comment ends the line\n b: string }"), Codes{});
    EXPECT_EQ(schema_codes("{}"), Codes{});
    EXPECT_EQ(schema_codes("{ a: string b: string }"), Codes{"syntax"});
    EXPECT_EQ(schema_codes("{ a: string,, b: string }"), Codes{"syntax"});
    EXPECT_EQ(schema_codes("{ , a: string }"), Codes{"syntax"});
    EXPECT_EQ(schema_codes("{ a: string /* same line */ b: string }"), Codes{"syntax"});
}

TEST(ObjectLiteralSchema, NamedTypesForwardAndRecursiveReferences) {
    auto s = schema_of("{ head: Node, list: Node[] }\ninterface Node { value: integer, next?: Node }");
    const auto& root = s.objects()[s.root().object];
    EXPECT_EQ(root.properties[0].type.kind, ObjectTypeKind::Object);
    EXPECT_EQ(s.objects()[root.properties[0].type.object].name, "Node");
    EXPECT_EQ(s.type_text(root.properties[1].type), "Node[]");
    EXPECT_NO_PROBLEMS(check("{ head: Node }\ntype Node = { next?: Node, v: integer }", "{ head: { v: 1, next: { v: 2, next: { v: 3 } } } }"));
    auto problems = check("{ head: Node }\ntype Node = { next?: Node, v: integer }",
                          "{ head: { v: 1, next: { next: { v: 'x' } } } }");
    // An object's keys are checked before its members' values.
    EXPECT_EQ(codes(problems), (Codes{"missing_property", "wrong_type"})) << dump(problems);
    EXPECT_EQ(paths(problems), (Codes{"head.next.v", "head.next.next.v"}));
}

TEST(ObjectLiteralSchema, TypeAndInterfaceIntroducersWithSemicolons) {
    EXPECT_EQ(schema_codes("type A = { x: string };\ninterface B { y: A };\n{ a: A, b: B };"), Codes{});
    EXPECT_EQ(schema_codes("type A { x: string }\n{ a: A }"), Codes{"syntax"});
    EXPECT_EQ(schema_codes("interface B = { x: string }\n{ b: B }"), Codes{"syntax"});
    EXPECT_EQ(schema_codes("typ A = { x: string }"), Codes{"syntax"});
}

TEST(ObjectLiteralSchema, RootArrayAndArraysOfArrays) {
    auto s = schema_of("{ id: integer }[]");
    EXPECT_EQ(s.root().array_depth, 1u);
    EXPECT_NO_PROBLEMS(check_object_literal(s, "[{ id: 1 }, { id: 2 }]", kDepth));
    EXPECT_NO_PROBLEMS(check_object_literal(s, "[]", kDepth));
    auto problems = check_object_literal(s, "{ id: 1 }", kDepth);
    EXPECT_EQ(codes(problems), Codes{"wrong_type"});
    EXPECT_EQ(problems[0].path, "");
    EXPECT_EQ(problems[0].message, "the value must be an array ({ ... }[]), found an object");

    EXPECT_NO_PROBLEMS(check("{ grid: integer[][] }", "{ grid: [[1, 2], [], [3]] }"));
    problems = check("{ grid: integer[][] }", "{ grid: [[1, 2], 3, [4.5]] }");
    EXPECT_EQ(codes(problems), (Codes{"wrong_type", "wrong_type"}));
    EXPECT_EQ(paths(problems), (Codes{"grid[1]", "grid[2][0]"}));
    EXPECT_EQ(problems[0].message, "element grid[1] must be an array (integer[]), found number 3");
    EXPECT_EQ(problems[1].message, "element grid[2][0] must be an integer, found number 4.5");

    // A named array descriptor referenced with another [] is an array of arrays.
    s = schema_of("type Row = { v: integer }[]\n{ rows: Row, table: Row[] }");
    const auto& root = s.objects()[s.root().object];
    EXPECT_EQ(root.properties[0].type.array_depth, 1u);
    EXPECT_EQ(root.properties[1].type.array_depth, 2u);
    EXPECT_NO_PROBLEMS(check_object_literal(s, "{ rows: [{ v: 1 }], table: [[{ v: 2 }], []] }", kDepth));
    // Inline object types and arrays of them.
    EXPECT_NO_PROBLEMS(check("{ pos: { x: float, y: float }, list: { k: string }[] }",
                    "{ pos: { x: 1, y: 2.5 }, list: [{ k: 'a' }] }"));
    EXPECT_EQ(schema_codes("{ a: string[ ] }"), Codes{});
    EXPECT_EQ(schema_codes("{ a: string[2] }"), Codes{"syntax"});
}

TEST(ObjectLiteralSchema, QuotedKeywordAndKeywordPrefixedPropertyNames) {
    auto s = schema_of("{ type: string, interface: string, stringList: string[], 'with space': integer, \"q\": boolean, 7: string }");
    const auto& root = s.objects()[s.root().object];
    ASSERT_EQ(root.properties.size(), 6u);
    EXPECT_EQ(root.properties[0].name, "type");
    EXPECT_EQ(root.properties[2].name, "stringList");
    EXPECT_EQ(root.properties[3].name, "with space");
    EXPECT_EQ(root.properties[5].name, "7");
    EXPECT_NO_PROBLEMS(check_object_literal(
                  s, "{ type: 'a', interface: 'b', stringList: [], 'with space': 1, q: true, '7': 'x' }", kDepth));
}

TEST(ObjectLiteralSchema, DuplicateProperty) {
    auto parsed = parse_object_schema("{ a: string, b: integer, a: boolean }", kDepth);
    EXPECT_EQ(codes(parsed.problems), Codes{"duplicate_property"});
    EXPECT_EQ(parsed.problems[0].offset, 25u);
    EXPECT_EQ(parsed.problems[0].path, "");
    EXPECT_FALSE(parsed.schema.has_value());
    // The same name in different objects is fine.
    EXPECT_EQ(schema_codes("{ a: string, b: { a: string } }"), Codes{});
    EXPECT_EQ(schema_codes("type T = { x: string, x: string }\n{ t: T }"), Codes{"duplicate_property"});
}

TEST(ObjectLiteralSchema, DuplicateType) {
    auto parsed = parse_object_schema("type A = { x: string }\ntype A = { y: string }\n{ a: A }", kDepth);
    EXPECT_EQ(codes(parsed.problems), Codes{"duplicate_type"});
    EXPECT_EQ(parsed.problems[0].offset, 28u);
    EXPECT_EQ(schema_codes("type A = { x: string }\ninterface A { y: string }\n{ a: A }"), Codes{"duplicate_type"});
}

TEST(ObjectLiteralSchema, ReservedTypeName) {
    EXPECT_EQ(schema_codes("type string = { x: integer }\n{ s: string }"), Codes{"reserved_type_name"});
}

// FlagFlow's parser accepts a reference to an undeclared type and a schema
// without a root; its validator fails only when a value reaches the property
// (unknown type) or is checked at all (no root). Reference vectors obj-0038,
// obj-0042, obj-0247..0249.
TEST(ObjectLiteralSchema, UnknownTypeIsAnErrorOnlyWhereAValueReachesIt) {
    const std::string dsl = "{ a: Carrier, b?: Missing[], c?: Text }\ntype Carrier = { code: string }";
    EXPECT_EQ(schema_codes(dsl), Codes{});
    EXPECT_EQ(codes(check(dsl, "{ a: { code: 'x' } }")), Codes{});
    EXPECT_EQ(codes(check(dsl, "{ a: { code: 'x' }, b: [] }")), Codes{});
    auto problems = check(dsl, "{ a: { code: 'x' }, b: [{}], c: 1 }");
    EXPECT_EQ(codes(problems), (Codes{"unknown_type", "unknown_type"})) << dump(problems);
    EXPECT_EQ(problems[0].path, "b[0]");
    EXPECT_EQ(problems[0].message, "element b[0] has type Missing, which the schema does not declare");
    EXPECT_EQ(problems[1].path, "c");
    // Names are case-sensitive, primitives are lowercase.
    EXPECT_EQ(codes(check("{ a: String }", "{ a: 'x' }")), Codes{"unknown_type"});
    // `true` is a keyword, not a type name (FlagFlow's lexer: obj-0077).
    EXPECT_EQ(schema_codes("{ a: true }"), Codes{"syntax"});
}

TEST(ObjectLiteralSchema, NoRootIsAnErrorOfEveryValue) {
    EXPECT_EQ(schema_codes("type A = { x: string }"), Codes{});
    EXPECT_EQ(schema_codes("type A = { x: string }\ninterface B { a: A }"), Codes{});
    EXPECT_EQ(codes(check("type A = { x: string }", "{ x: 'y' }")), Codes{"no_root"});
}

TEST(ObjectLiteralSchema, SeveralRoots) {
    auto parsed = parse_object_schema("{ a: string }\n{ b: string }\n{ c: string }", kDepth);
    EXPECT_EQ(codes(parsed.problems), (Codes{"several_roots", "several_roots"}));
    EXPECT_EQ(parsed.problems[0].offset, 14u);
    EXPECT_EQ(parsed.problems[1].offset, 28u);
}

TEST(ObjectLiteralSchema, AllSemanticProblemsReportedInOffsetOrder) {
    auto parsed = parse_object_schema(
        "type A = { x: string, x: string }\ntype A = { y: Nope }\n{ a: A }\n{ b: A }", kDepth);
    EXPECT_EQ(codes(parsed.problems),
              (Codes{"duplicate_property", "duplicate_type", "several_roots"}))
        << dump(parsed.problems);
}

TEST(ObjectLiteralSchema, SyntaxErrorsStopWithOneProblem) {
    for (const char* dsl : {"", "   \n ", "{ a string }", "{ a: }", "{ a: string", "{ a: string | null }",
                            "{ a: Array<string> }", "{ a: 'x' }", "{ a?: }", "{ a: string }}", "{ a: string } x",
                            "{ a: string } [", "{ readonly a: string }", "export type A = { x: string }",
                            "/* open", "{ a: strin\xff }", "{ 'a: string }", "{ a: string }[", "{ 01: string }",
                            "{ -a: string }", "[{ a: string }]", "{ \"a\\q\": string, a: \x01 }"}) {
        auto parsed = parse_object_schema(dsl, kDepth);
        EXPECT_EQ(codes(parsed.problems), Codes{"syntax"}) << dsl << "\n" << dump(parsed.problems);
        EXPECT_FALSE(parsed.schema.has_value());
    }
    auto parsed = parse_object_schema("{\n  a: string\n  b string\n}", kDepth);
    ASSERT_EQ(parsed.problems.size(), 1u);
    EXPECT_EQ(parsed.problems[0].offset, 18u);
    EXPECT_EQ(parsed.problems[0].message,
              "expected ':' after property name \"b\", found 's' (line 3, column 5)");
}

TEST(ObjectLiteralSchema, TooDeep) {
    EXPECT_EQ(schema_codes("{ a: { b: { c: string } } }", 3), Codes{});
    EXPECT_EQ(schema_codes("{ a: { b: { c: string } } }", 2), Codes{"too_deep"});
    EXPECT_EQ(schema_codes("{ a: string[][][] }", 3), Codes{});
    EXPECT_EQ(schema_codes("{ a: string[][][][] }", 3), Codes{"too_deep"});
    EXPECT_EQ(schema_codes("{ a: string }", 0), Codes{"too_deep"});
    EXPECT_EQ(schema_codes("{ a: string }", -5), Codes{"too_deep"});
    std::string deep;
    for (int i = 0; i < 10000; ++i) deep += "{ a: ";
    deep += "string";
    for (int i = 0; i < 10000; ++i) deep += " }";
    EXPECT_EQ(schema_codes(deep, kDepth), Codes{"too_deep"});
    // Deep but allowed: parsed without recursion.
    EXPECT_EQ(schema_codes(deep, 20000), Codes{});
    std::string arrays = "{ a: string";
    for (int i = 0; i < 10000; ++i) arrays += "[]";
    arrays += " }";
    EXPECT_EQ(schema_codes(arrays, kDepth), Codes{"too_deep"});
}

// ---------------------------------------------------------------------------
// Conformance

TEST(ObjectLiteralCheck, DesignCorruptionCaseConforms) {
    EXPECT_NO_PROBLEMS(check("{ note: string }", "{ note: 'a, b: c' }"));
    EXPECT_NO_PROBLEMS(check("{ note: string }", "{ note: \"it's {a: 'b'}, c\" }"));
}

TEST(ObjectLiteralCheck, MissingProperty) {
    const std::string dsl =
        "type Carrier = { code: string, label: string, maxWeightKg: float, tracking?: boolean }\n"
        "{ carriers: Carrier[], freeShippingThreshold: number, expressSurcharge?: number }";
    auto problems = check(dsl, "{ carriers: [{ code: 'dhl', label: 'DHL', maxWeightKg: 1 }, { code: 'ups' }] }");
    EXPECT_EQ(codes(problems), (Codes{"missing_property", "missing_property", "missing_property"})) << dump(problems);
    EXPECT_EQ(paths(problems), (Codes{"freeShippingThreshold", "carriers[1].label", "carriers[1].maxWeightKg"}));
    EXPECT_EQ(problems[1].message, "required property carriers[1].label is missing");
    EXPECT_EQ(problems[0].offset, 0u);   // the object's '{'
    EXPECT_EQ(problems[1].offset, 60u);
}

TEST(ObjectLiteralCheck, UnexpectedProperty) {
    auto problems = check("{ a: string, b?: { c: integer } }", "{ a: 'x', z: 1, b: { c: 1, d: 2 }, 'q r': 3 }");
    EXPECT_EQ(codes(problems), (Codes{"unexpected_property", "unexpected_property", "unexpected_property"}));
    EXPECT_EQ(paths(problems), (Codes{"z", "[\"q r\"]", "b.d"}));
    EXPECT_EQ(problems[0].offset, 10u);  // the key
    EXPECT_EQ(problems[0].message, "property z is not declared in the schema");
}

TEST(ObjectLiteralCheck, WrongTypeForEachPrimitive) {
    const std::string dsl =
        "type Carrier = { code: string }\n{ carriers: Carrier[], b: boolean, i: integer, f: float, n: number, o: { x: string } }";
    auto problems = check(dsl, "{ carriers: [{ code: 'a' }, { code: 3 }], b: 'true', i: 1.5, f: '1', n: true, o: 'x' }");
    EXPECT_EQ(codes(problems), (Codes{"wrong_type", "wrong_type", "wrong_type", "wrong_type", "wrong_type", "wrong_type"}))
        << dump(problems);
    EXPECT_EQ(paths(problems), (Codes{"carriers[1].code", "b", "i", "f", "n", "o"}));
    EXPECT_EQ(problems[0].message, "property carriers[1].code must be a string, found number 3");
    EXPECT_EQ(problems[1].message, "property b must be a boolean, found string \"true\"");
    EXPECT_EQ(problems[2].message, "property i must be an integer, found number 1.5");
    EXPECT_EQ(problems[4].message, "property n must be a number, found boolean true");
    EXPECT_EQ(problems[5].message, "property o must be an object, found string \"x\"");
    EXPECT_EQ(problems[0].offset, 36u);  // the value
    // An array passes FlagFlow's typeof check for an object and is checked as
    // one, its keys being its indices (reference vectors obj-0263, obj-0152).
    problems = check(dsl, "{ carriers: [], b: true, i: 1, f: 1, n: 1, o: ['y'] }");
    EXPECT_EQ(codes(problems), (Codes{"unexpected_property", "missing_property"})) << dump(problems);
    EXPECT_EQ(paths(problems), (Codes{"o[\"0\"]", "o.x"}));
    // Numbers are JavaScript numbers: 1e400 is Infinity, a number but not an
    // integer (obj-0179..0181).
    EXPECT_EQ(codes(check(dsl, "{ carriers: [], b: true, i: 1, f: -1e400, n: 1e400, o: { x: 'y' } }")), Codes{});
    problems = check(dsl, "{ carriers: [], b: true, i: 1e400, f: 1, n: 1, o: { x: 'y' } }");
    EXPECT_EQ(problems.at(0).message, "property i must be an integer, found Infinity");

    problems = check(dsl, "{ carriers: { code: 'a' }, b: true, i: 1, f: 1, n: 1, o: { x: 'y' } }");
    EXPECT_EQ(codes(problems), Codes{"wrong_type"});
    EXPECT_EQ(problems[0].message, "property carriers must be an array (Carrier[]), found an object");
    problems = check(dsl, "{ carriers: ['dhl'], b: true, i: 1, f: 1, n: 1, o: { x: 'y' } }");
    EXPECT_EQ(problems.at(0).message, "element carriers[0] must be a Carrier object, found string \"dhl\"");
}

TEST(ObjectLiteralCheck, RootMustBeAnObject) {
    for (const char* literal : {"'x'", "1", "null", "true"}) {
        auto problems = check("{ a?: string }", literal);
        EXPECT_EQ(codes(problems), Codes{"wrong_type"}) << literal;
        EXPECT_EQ(problems.at(0).path, "");
    }
    EXPECT_EQ(check("{ a?: string }", "null").at(0).message, "the value must be an object, found null");
    // `[]` is an object to FlagFlow (typeof); `{,}` an empty object to its
    // text rewrite (obj-0241, obj-0242, obj-0244).
    EXPECT_EQ(codes(check("{ a?: string }", "[]")), Codes{});
    EXPECT_EQ(codes(check("{ a: string }", "[]")), Codes{"missing_property"});
    EXPECT_EQ(codes(check("{ a?: string }", "{,}")), Codes{});
    EXPECT_EQ(codes(check("{ a?: string }", "{ , }")), Codes{});
    EXPECT_EQ(codes(check("{ a?: string }", "{ ,, }")), Codes{"syntax"});
    EXPECT_EQ(codes(check("{ a?: string }", "{ a: 'x', , }")), Codes{"syntax"});
}

TEST(ObjectLiteralCheck, IntegersAndNumbers) {
    const std::string dsl = "{ i: integer, n: number }";
    for (const char* ok : {"{ i: 3, n: 1.5 }", "{ i: 3.0, n: -2 }", "{ i: -0, n: .5 }", "{ i: 0x10, n: 1e3 }",
                           "{ i: 1e20, n: 5. }", "{ i: 9007199254740993, n: 1E-3 }", "{ i: 0b101, n: 0o17 }",
                           "{ i: 2.5e1, n: -1.5e-3 }", "{ i: 1e-400, n: 1e-400 }"}) {
        EXPECT_NO_PROBLEMS(check(dsl, ok)) << ok;
    }
    // JavaScript numbers: 1e400 is Infinity, a number (FlagFlow's typeof
    // check) but not an integer (Number.isInteger): obj-0179..0181.
    auto problems = check(dsl, "{ i: 1e400, n: -1e400 }");
    EXPECT_EQ(codes(problems), (Codes{"wrong_type"}));
    EXPECT_EQ(problems[0].message, "property i must be an integer, found Infinity");
    EXPECT_EQ(check(dsl, "{ i: 0.1, n: 1 }").at(0).message, "property i must be an integer, found number 0.1");
    EXPECT_EQ(check(dsl, "{ i: 1e-7, n: 1 }").at(0).message, "property i must be an integer, found number 1e-7");
    EXPECT_EQ(check("{ s: string }", "{ s: 1e21 }").at(0).message, "property s must be a string, found number 1e+21");
    EXPECT_EQ(check("{ s: string }", "{ s: 123456789012 }").at(0).message,
              "property s must be a string, found number 123456789012");
}

TEST(ObjectLiteralCheck, NullNeverConforms) {
    auto problems = check("{ a?: string, b?: { c: string }, d?: integer[] }", "{ a: null, b: null, d: [null] }");
    EXPECT_EQ(codes(problems), (Codes{"wrong_type", "wrong_type", "wrong_type"}));
    EXPECT_EQ(paths(problems), (Codes{"a", "b", "d[0]"}));
    EXPECT_EQ(problems[0].message, "property a must be a string, found null");
}

TEST(ObjectLiteralCheck, AllProblemsOfOneValueAreReported) {
    const std::string dsl = "{ a: string, b: integer, c: { d: boolean, e: string }, f?: string[] }";
    auto problems = check(dsl, "{ b: 'x', c: { d: 1, x: 2 }, f: ['a', 2, 'c', false], g: 1 }");
    EXPECT_EQ(codes(problems), (Codes{"unexpected_property", "missing_property", "wrong_type", "unexpected_property",
                                      "missing_property", "wrong_type", "wrong_type", "wrong_type"}))
        << dump(problems);
    EXPECT_EQ(paths(problems), (Codes{"g", "a", "b", "c.x", "c.e", "c.d", "f[1]", "f[3]"}));
}

TEST(ObjectLiteralCheck, DuplicateKeyInValue) {
    auto problems = check("{ a: string, b?: string }", "{ a: 'x', 'a': 'y', b: 'z', b: 1, z: 1, z: 2 }");
    EXPECT_EQ(codes(problems), (Codes{"duplicate_property", "duplicate_property", "unexpected_property",
                                      "duplicate_property"}))
        << dump(problems);
    EXPECT_EQ(paths(problems), (Codes{"a", "b", "z", "z"}));
    EXPECT_EQ(problems[0].offset, 10u);
    EXPECT_EQ(problems[0].message, "property a is given more than once");
    // Many keys: the sort-based detection.
    std::string literal = "{";
    for (int i = 0; i < 50; ++i) literal += "k" + std::to_string(i) + ": 1, ";
    literal += "k7: 2 }";
    auto json = object_literal_to_json(literal, kDepth);
    EXPECT_EQ(codes(json.problems), Codes{"duplicate_property"});
    EXPECT_EQ(json.problems.at(0).path, "k7");
    EXPECT_EQ(json.json, "");
}

TEST(ObjectLiteralCheck, KeysAreData) {
    EXPECT_EQ(codes(check("{ a?: string }", "{ constructor: 'x', __proto__: 'y', toString: 1 }")),
              (Codes{"unexpected_property", "unexpected_property", "unexpected_property"}));
    EXPECT_NO_PROBLEMS(check("{ constructor: string, __proto__: integer }", "{ constructor: 'x', '__proto__': 1 }"));
    EXPECT_EQ(codes(check("{ constructor: string }", "{}")), Codes{"missing_property"});
}

TEST(ObjectLiteralCheck, JsLiteralSyntax) {
    const std::string dsl = "{ s: string, t: string[], n: number, b: boolean, 'x-y'?: integer }";
    for (const char* ok : {
             "{ s: 'a', t: [], n: 1, b: true }",
             "{ \"s\": \"a\", 't': ['x', \"y\",], n: 1, b: false, }",
             "{\n  // comment\n  s: 'a', /* block\n comment */ t: [],\n  n: 1,\n  b: true\n}\n",
             "{ s: 'it\\'s', t: [\"say \\\"hi\\\"\"], n: -1, b: true, 'x-y': 2 }",
             "\xEF\xBB\xBF{\xC2\xA0s: 'a', t: [], n: 1, b: true\xE2\x80\xA8}",
         }) {
        EXPECT_NO_PROBLEMS(check(dsl, ok)) << ok;
    }
}

TEST(ObjectLiteralCheck, SyntaxErrorIsTheOnlyProblem) {
    auto problems = check("{ a: string, b: integer }", "{ z: 1, b: 'x', a: 'unterminated }");
    EXPECT_EQ(codes(problems), Codes{"syntax"});
    EXPECT_EQ(problems[0].offset, 19u);
    EXPECT_EQ(problems[0].path, "");
    EXPECT_EQ(problems[0].message, "unterminated string (line 1, column 20)");
}

TEST(ObjectLiteralCheck, TooDeep) {
    EXPECT_EQ(codes(check("{ a: integer[][] }", "{ a: [[1]] }", 3)), Codes{});
    auto problems = check_object_literal(schema_of("{ a: integer[][] }"), "{ a: [[1]] }", 2);
    EXPECT_EQ(codes(problems), Codes{"too_deep"});
    EXPECT_EQ(problems[0].offset, 6u);
}

// ---------------------------------------------------------------------------
// Literal syntax (through object_literal_to_json)

TEST(ObjectLiteralJson, DesignCorruptionCase) {
    EXPECT_EQ(to_json("{ note: 'a, b: c' }"), "{\"note\":\"a, b: c\"}");
}

TEST(ObjectLiteralJson, CanonicalForm) {
    EXPECT_EQ(to_json("{ z: 1, a: [1, 'two', true, false, null, {}], m: { 'k k': -3 } }"),
              "{\"z\":1,\"a\":[1,\"two\",true,false,null,{}],\"m\":{\"k k\":-3}}");
    EXPECT_EQ(to_json("{ a: 70.0, b: 70, c: -0, d: 0x10, e: 1.5, f: 1e21, g: 0.1, h: 9007199254740992, i: 1e-7 }"),
              "{\"a\":70,\"b\":70,\"c\":0,\"d\":16,\"e\":1.5,\"f\":1e+21,\"g\":0.1,\"h\":9007199254740992,\"i\":1e-07}");
    EXPECT_EQ(to_json("{a:1}"), to_json("{\n  'a': 1.0,\n}  // same\n"));
    EXPECT_EQ(to_json("[]"), "[]");
    EXPECT_EQ(to_json("'x'"), "\"x\"");
    EXPECT_EQ(to_json(" 42 "), "42");
    EXPECT_EQ(to_json("null"), "null");
    EXPECT_EQ(to_json("{ 0: 'a', 12: 'b' }"), "{\"0\":\"a\",\"12\":\"b\"}");
}

TEST(ObjectLiteralJson, StringEscapes) {
    EXPECT_EQ(to_json(R"({ a: 'line\nnext\ttab', b: "\u00e9\u{1F600}\uD83D\uDE00", c: '\x41\0\v\q\/' })"),
              "{\"a\":\"line\\nnext\\ttab\",\"b\":\"\xC3\xA9\xF0\x9F\x98\x80\xF0\x9F\x98\x80\",\"c\":\"A\\u0000\\u000bq/\"}");
    EXPECT_EQ(to_json("{ a: 'con\\\ntinued', b: 'x\\\r\ny' }"), "{\"a\":\"continued\",\"b\":\"xy\"}");
    EXPECT_EQ(to_json("{ 'a\"b': '\\\\' }"), "{\"a\\\"b\":\"\\\\\"}");
    // Raw bytes inside strings are kept (tab, NUL, U+2028).
    EXPECT_EQ(to_json(std::string("{ a: '\t\0\xE2\x80\xA8' }", 14)), std::string("{\"a\":\"\\t\\u0000\xE2\x80\xA8\"}"));
}

TEST(ObjectLiteralJson, MatchesNlohmannDump) {
    for (const char* literal : {
             "{ a: '\\u0001\\u001f\\u007f\\b\\f\\r', b: [1.25, -7, 1e300, 3e-5, 123456789.123], c: { '': '' } }",
             "{ x: [[[]]], y: [{}, {a: {}}], 'é': 'ü', n: -9007199254740992, m: 9007199254740994 }",
             "[0.30000000000000004, 1e-300, 5e-324, 1.7976931348623157e308, -2.5]",
         }) {
        const std::string json = to_json(literal);
        EXPECT_EQ(json, nlohmann::ordered_json::parse(json).dump()) << literal;
    }
}

TEST(ObjectLiteralJson, NumberSyntax) {
    EXPECT_EQ(to_json("[.5, 5., 1E3, 1e+3, -1.5e-3, 0o17, 0O17, 0b101, 0X1f, 0xFFFFFFFFFFFFFFFFF, 0e5, -.5]"),
              "[0.5,5,1000,1000,-0.0015,15,15,5,31,2.9514790517935283e+20,0,-0.5]");
    for (const char* bad : {"012", "+1", "1_000", "10n", "NaN", "Infinity", "-Infinity", "undefined", "1px", "0x",
                            "1e", "-", "--1", "- 1", "1.2.3", "0b2", "08", ".", "1e+", "0x1g"}) {
        auto result = object_literal_to_json(std::string("{ a: ") + bad + " }", kDepth);
        EXPECT_EQ(codes(result.problems), Codes{"syntax"}) << bad;
        EXPECT_EQ(result.json, "");
    }
}

TEST(ObjectLiteralJson, StringAndStructureSyntaxErrors) {
    for (const std::string& bad : {
             std::string("{ a: 'x\ny' }"), std::string("{ a: '\\1' }"), std::string("{ a: '\\01' }"),
             std::string("{ a: '\\uD800' }"), std::string("{ a: '\\uDC00\\uD800' }"), std::string("{ a: '\\uD800\\u0041' }"),
             std::string("{ a: '\\u{110000}' }"), std::string("{ a: '\\u{}' }"), std::string("{ a: '\\u12' }"),
             std::string("{ a: '\\x4' }"), std::string("{ a: 'bad \xC3\x28' }"), std::string("{ a: '\xED\xA0\x80' }"),
             std::string("{ a: '\xC0\xAF' }"), std::string("{ a: `x` }"), std::string("{ a: 'x }"),
             std::string("{ a: 'x\\"), std::string("{ a 1 }"), std::string("{ a: 1 b: 2 }"), std::string("{ a: 1,, }"),
             std::string("[1,,2]"), std::string("[,]"), std::string("{ ,, }"), std::string("{ a: 1 ]"),
             std::string("[1 }"), std::string("{ a: }"), std::string("{"), std::string("}"), std::string(""),
             std::string("  "), std::string("{} {}"), std::string("{ a: 1 } x"), std::string("{ 'a' 'b' }"),
             std::string("{ a.b: 1 }"), std::string("{ 1.5: 1 }"), std::string("{ 01: 1 }"), std::string("{ [a]: 1 }"),
             std::string("{ a: 1 } /* open"), std::string("{ a: 1 } /"), std::string("{ \xC3\xA9: 1 }"),
             std::string("{ a: -'x' }"), std::string("{ a: f() }"), std::string("{ a: new Date() }"),
             std::string("{ a: 1\0 }", 9),
         }) {
        auto result = object_literal_to_json(bad, kDepth);
        EXPECT_EQ(codes(result.problems), Codes{"syntax"}) << bad << "\n" << dump(result.problems);
        EXPECT_EQ(result.json, "");
    }
    auto result = object_literal_to_json("{ a: 1,\n  b: 2\n  c: 3 }", kDepth);
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_EQ(result.problems[0].message,
              "expected ',' or '}' after a property value, found 'c' (line 3, column 3)");
    EXPECT_EQ(result.problems[0].offset, 17u);
    result = object_literal_to_json("{ a: undefined }", kDepth);
    EXPECT_EQ(result.problems.at(0).message,
              "unexpected identifier 'undefined'; a value is an object, array, string, number, true, false or null "
              "(line 1, column 6)");
}

TEST(ObjectLiteralJson, NotFinite) {
    auto result = object_literal_to_json("{ a: [1, 1e999], b: -1e999 }", kDepth);
    EXPECT_EQ(codes(result.problems), (Codes{"not_finite", "not_finite"}));
    EXPECT_EQ(paths(result.problems), (Codes{"a[1]", "b"}));
    EXPECT_EQ(result.problems[0].message, "element a[1] is Infinity; JSON numbers must be finite");
    EXPECT_EQ(result.json, "");
}

TEST(ObjectLiteralJson, TooDeep) {
    EXPECT_EQ(to_json("[[1]]", 2), "[[1]]");
    auto result = object_literal_to_json("[[1]]", 1);
    EXPECT_EQ(codes(result.problems), Codes{"too_deep"});
    EXPECT_EQ(result.problems[0].offset, 1u);
    EXPECT_EQ(codes(object_literal_to_json("{}", 0).problems), Codes{"too_deep"});
    EXPECT_EQ(to_json("1", 0), "1");
}

// ---------------------------------------------------------------------------
// The real FlagFlow exports: every OBJECT schema / default / value conforms.

struct ObjectFlag {
    std::string where;
    std::string schema;
    std::string default_value;
    bool value_exists = false;
    std::string value;
};

void collect_object_flags(const nlohmann::json& j, const std::string& where, std::vector<ObjectFlag>& out) {
    if (j.is_object()) {
        if (j.contains("type") && j["type"] == "OBJECT" && j.contains("schema") && j["schema"].is_string()) {
            ObjectFlag flag;
            flag.where = where;
            flag.schema = j["schema"].get<std::string>();
            flag.default_value = j.value("defaultValue", std::string());
            flag.value_exists = j.value("valueExists", false);
            flag.value = j.value("value", std::string());
            out.push_back(flag);
        }
        for (auto it = j.begin(); it != j.end(); ++it) collect_object_flags(*it, where + "/" + it.key(), out);
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i) collect_object_flags(j[i], where + "/" + std::to_string(i), out);
    }
}

void expect_flag_conforms(const ObjectFlag& flag) {
    auto parsed = parse_object_schema(flag.schema, kDepth);
    ASSERT_TRUE(parsed.schema.has_value()) << flag.where << "\n" << dump(parsed.problems);
    EXPECT_NO_PROBLEMS(check_object_literal(*parsed.schema, flag.default_value, kDepth))
        << flag.where << " defaultValue " << flag.default_value;
    EXPECT_TRUE(object_literal_to_json(flag.default_value, kDepth).problems.empty()) << flag.where;
    if (flag.value_exists) {
        EXPECT_NO_PROBLEMS(check_object_literal(*parsed.schema, flag.value, kDepth))
            << flag.where << " value " << flag.value;
        EXPECT_TRUE(object_literal_to_json(flag.value, kDepth).problems.empty()) << flag.where;
    }
}

std::string source_path(const std::string& relative) {
#ifdef FLAGPLAN_SOURCE_DIR
    return std::string(FLAGPLAN_SOURCE_DIR) + "/" + relative;
#else
    return relative;  // run from the repository root
#endif
}

TEST(ObjectLiteralExamples, EmbeddedExampleFlagsConform) {
    // Copied from examples/{production,staging}.json.
    const std::vector<ObjectFlag> flags = {
        {"infra/cache/config", "{\n\tttlSeconds: integer,\n\tmaxEntries: integer,\n\tbackend: string,\n\twarmOnStart?: boolean\n}",
         "{\n\tttlSeconds: 300,\n\tmaxEntries: 10000,\n\tbackend: 'redis'\n}", false, ""},
        {"infra/search/cluster", "{\n\tnodes: string[],\n\treplicas: integer,\n\tshardCount: integer\n}",
         "{ nodes: ['search-1'], replicas: 1, shardCount: 1 }", true,
         "{ nodes: ['search-1', 'search-2', 'search-3'], replicas: 2, shardCount: 6 }"},
        {"checkout/shipping/options (production)",
         "type Carrier = { code: string, label: string, maxWeightKg: float }\n{\n\tcarriers: Carrier[],\n\tfreeShippingThreshold: number\n}",
         "{\n\tcarriers: [{ code: 'dhl', label: 'DHL', maxWeightKg: 31.5 }],\n\tfreeShippingThreshold: 50\n}", true,
         "{ carriers: [{ code: 'dhl', label: 'DHL', maxWeightKg: 31.5 }], freeShippingThreshold: 50 }"},
        {"checkout/shipping/options (staging)",
         "type Carrier = { code: string, label: string, maxWeightKg: float, tracking?: boolean }\n{\n\tcarriers: Carrier[],\n\tfreeShippingThreshold: number,\n\texpressSurcharge?: number\n}",
         "{\n\tcarriers: [{ code: 'dhl', label: 'DHL', maxWeightKg: 31.5 }],\n\tfreeShippingThreshold: 50\n}", true,
         "{ carriers: [{ code: 'dhl', label: 'DHL', maxWeightKg: 31.5, tracking: true }, { code: 'ups', label: 'UPS', maxWeightKg: 70 }], freeShippingThreshold: 60, expressSurcharge: 9.9 }"},
        {"notifications/push/dnd_window", "{\n\tstart: string,\n\tend: string,\n\ttimezone: string\n}",
         "{\n\tstart: '22:00',\n\tend: '07:00',\n\ttimezone: 'UTC'\n}", true,
         "{ start: '21:00', end: '08:00', timezone: 'Europe/Berlin' }"},
        {"recommendations/widget/layout",
         "interface Slot { position: integer, source: string }\n{\n\tcolumns: integer,\n\tslots: Slot[],\n\tshowPrices: boolean\n}",
         "{ columns: 4, slots: [{ position: 1, source: 'trending' }], showPrices: true }", true,
         "{ columns: 3, slots: [{ position: 1, source: 'similar' }, { position: 2, source: 'trending' }], showPrices: false }"},
        {"billing/invoice_pdf/template", "{\n\tpaperSize: string,\n\tlogoUrl?: string,\n\tfooterLines: string[]\n}",
         "{ paperSize: 'A4', footerLines: [] }", false, ""},
    };
    for (const auto& flag : flags) expect_flag_conforms(flag);
    EXPECT_EQ(to_json(flags[3].value),
              "{\"carriers\":[{\"code\":\"dhl\",\"label\":\"DHL\",\"maxWeightKg\":31.5,\"tracking\":true},"
              "{\"code\":\"ups\",\"label\":\"UPS\",\"maxWeightKg\":70}],\"freeShippingThreshold\":60,"
              "\"expressSurcharge\":9.9}");
}

TEST(ObjectLiteralExamples, EveryObjectFlagInTheExampleFilesConforms) {
    std::size_t files = 0;
    std::vector<ObjectFlag> flags;
    for (const char* relative : {"examples/production.json", "examples/staging.json",
                                 "tests/fixtures/flagflow/flagflow-plan-production-to-staging.json",
                                 "tests/fixtures/flagflow/flagflow-plan-staging-to-production.json"}) {
        std::ifstream in(source_path(relative));
        if (!in) continue;
        std::stringstream buffer;
        buffer << in.rdbuf();
        collect_object_flags(nlohmann::json::parse(buffer.str()), relative, flags);
        ++files;
    }
    if (files == 0) GTEST_SKIP() << "example files not found (run from the repository root)";
    EXPECT_GE(flags.size(), 10u);  // 4 + 6 in examples/, more in the plan fixtures
    for (const auto& flag : flags) expect_flag_conforms(flag);
}

// ---------------------------------------------------------------------------
// Hostile input: nothing crashes, nothing recurses.

TEST(ObjectLiteralHostile, TenThousandNestedBrackets) {
    const auto schema = schema_of("{ a?: string }");
    // "{{" is not a literal: a syntax error at the second brace.
    std::string braces(10000, '{');
    EXPECT_EQ(codes(check_object_literal(schema, braces, kDepth)), Codes{"syntax"});
    EXPECT_EQ(check_object_literal(schema, braces, kDepth).at(0).offset, 1u);
    EXPECT_EQ(codes(object_literal_to_json(braces, kDepth).problems), Codes{"syntax"});
    EXPECT_EQ(codes(parse_object_schema(braces, kDepth).problems), Codes{"syntax"});
    for (const std::string open : {"[", "{a:", "[{a:", "{ a: [", "{ a: { b: "}) {
        std::string text;
        for (int i = 0; i < 10000; ++i) text += open;
        EXPECT_EQ(codes(check_object_literal(schema, text, kDepth)), Codes{"too_deep"}) << open;
        EXPECT_EQ(codes(object_literal_to_json(text, kDepth).problems), Codes{"too_deep"}) << open;
        EXPECT_EQ(parse_object_schema(text, kDepth).problems.size(), 1u) << open;
        // With a huge depth limit the unterminated text is a syntax error.
        EXPECT_EQ(codes(check_object_literal(schema, text, 1000000)), Codes{"syntax"}) << open;
        EXPECT_EQ(codes(object_literal_to_json(text, 1000000).problems), Codes{"syntax"}) << open;
        // Closed again, it is valid (and checked / converted without recursion).
        std::string closed = text + "1";
        for (int i = static_cast<int>(text.size()) - 1; i >= 0; --i)
            if (text[static_cast<std::size_t>(i)] == '[') closed += ']';
            else if (text[static_cast<std::size_t>(i)] == '{') closed += '}';
        EXPECT_TRUE(object_literal_to_json(closed, 1000000).problems.empty()) << open;
        EXPECT_FALSE(check_object_literal(schema, closed, 1000000).empty()) << open;
    }
    std::string schema_text;
    for (int i = 0; i < 10000; ++i) schema_text += "{ a: ";
    EXPECT_EQ(codes(parse_object_schema(schema_text, kDepth).problems), Codes{"too_deep"});
    EXPECT_EQ(codes(parse_object_schema(schema_text, 1000000).problems), Codes{"syntax"});
}

TEST(ObjectLiteralHostile, DeepValidValueIsWalkedWithoutRecursion) {
    const int n = 100000;
    std::string text;
    for (int i = 0; i < n; ++i) text += "{ c: ";
    text += "{}";
    for (int i = 0; i < n; ++i) text += " }";
    const auto schema = schema_of("type N = { c?: N }\n{ c?: N }");
    EXPECT_NO_PROBLEMS(check_object_literal(schema, text, n + 1));
    const auto json = object_literal_to_json(text, n + 1);
    EXPECT_TRUE(json.problems.empty());
    EXPECT_EQ(json.json.size(), static_cast<std::size_t>(n) * 6 + 2);
    // A wrong leaf deep down is found with its full path.
    std::string bad;
    for (int i = 0; i < 1000; ++i) bad += "{ c: ";
    bad += "1";
    for (int i = 0; i < 1000; ++i) bad += " }";
    auto problems = check_object_literal(schema, bad, 2000);
    ASSERT_EQ(codes(problems), Codes{"wrong_type"});
    EXPECT_EQ(problems[0].path.size(), 1000u * 2 - 1);

    std::string arrays(50000, '[');
    arrays += std::string(50000, ']');
    EXPECT_EQ(object_literal_to_json(arrays, 50000).json, arrays);
}

TEST(ObjectLiteralHostile, OddBytesAndEmptyTexts) {
    const auto schema = schema_of("{ a?: string }");
    const std::vector<std::string> texts = {
        "", std::string(1, '\0'), std::string("{\0}", 3), "\xff\xfe", "{ a: '\xff' }", "'", "\"", "/", "/*", "//",
        "{ a: '\\", "{ a: '\\u", "{ a: '\\u{", "{ a: '\\x", "-", "0x", "{ a", "{ 'a", "{ a:", "\x80", "\xE2\x80",
        "{ a: '\xF4\x90\x80\x80' }", std::string(1000, '}'), std::string(1000, ','), "[" + std::string(1000, ','),
    };
    for (const auto& t : texts) {
        EXPECT_FALSE(check_object_literal(schema, t, kDepth).empty()) << t;
        EXPECT_FALSE(object_literal_to_json(t, kDepth).problems.empty()) << t;
        EXPECT_FALSE(parse_object_schema(t, kDepth).problems.empty()) << t;
        for (const auto& p : object_literal_to_json(t, kDepth).problems) EXPECT_LE(p.offset, t.size());
    }
    EXPECT_EQ(codes(check_object_literal(schema, "", kDepth)), Codes{"syntax"});
}

TEST(ObjectLiteralHostile, LargeFlatInputs) {
    std::string array = "[";
    for (int i = 0; i < 200000; ++i) array += "'item', 1.5, ";
    array += "]";
    EXPECT_TRUE(object_literal_to_json(array, kDepth).problems.empty());

    std::string object = "{";
    for (int i = 0; i < 100000; ++i) object += "k" + std::to_string(i) + ": " + std::to_string(i) + ", ";
    object += "}";
    const auto json = object_literal_to_json(object, kDepth);
    EXPECT_TRUE(json.problems.empty());
    EXPECT_EQ(codes(check(("{ k0: integer }"), object)).size(), 99999u);

    std::string schema = "{";
    for (int i = 0; i < 100000; ++i) schema += "p" + std::to_string(i) + "?: integer\n";
    schema += "}";
    const auto s = schema_of(schema);
    EXPECT_NO_PROBLEMS(check_object_literal(s, "{ p99999: 1, p0: 2, p50000: 3 }", kDepth));

    const std::string long_string = "{ a: '" + std::string(1 << 20, 'x') + "' }";
    EXPECT_EQ(object_literal_to_json(long_string, kDepth).json.size(), (1u << 20) + 8);
    const auto problems = check("{ a: integer }", long_string);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_LT(problems[0].message.size(), 200u);
}

TEST(ObjectLiteralHostile, ManyOptionalPropertiesTimesManyObjectsIsLinear) {
    // Clearing a per-object "seen" table would make this 50,000 x 50,000.
    std::string schema = "{";
    for (int i = 0; i < 50000; ++i) schema += "p" + std::to_string(i) + "?: integer, ";
    schema += "need: integer }[]";
    const auto s = schema_of(schema);
    std::string value = "[";
    for (int i = 0; i < 50000; ++i) value += "{need:1},";
    value += "{}]";
    const auto problems = check_object_literal(s, value, kDepth);
    ASSERT_EQ(codes(problems), Codes{"missing_property"});
    EXPECT_EQ(problems[0].path, "[50000].need");
    EXPECT_EQ(problems[0].message, "required property [50000].need is missing");
}

TEST(ObjectLiteralHostile, RandomBytesAndMutationsNeverCrash) {
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    const auto next = [&]() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    const auto schema = schema_of("type C = { code: string, w?: float }\n{ carriers: C[], n: integer, m?: { x: boolean[] } }");
    const std::string alphabet = "{}[]:,;'\"\\/*\n ab?0129.-+eExuU_$\x00\xff\xc3\xa9\xe2\x80\xa8nulltrue";
    const std::string seed =
        "{ carriers: [{ code: 'a\\u00e9', w: 1.5e3 }, { code: \"b\\n\" }], n: 0x10, m: { x: [true, false,] } } // c";
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        if (round % 2 == 0) {
            const std::size_t length = next() % 64;
            for (std::size_t i = 0; i < length; ++i) text += alphabet[next() % alphabet.size()];
        } else {
            text = seed;
            const int edits = 1 + static_cast<int>(next() % 4);
            for (int e = 0; e < edits; ++e) {
                const std::size_t at = next() % (text.size() + 1);
                switch (next() % 3) {
                    case 0: text.insert(at, 1, alphabet[next() % alphabet.size()]); break;
                    case 1: if (at < text.size()) text.erase(at, 1); break;
                    default: if (at < text.size()) text[at] = alphabet[next() % alphabet.size()]; break;
                }
            }
        }
        const int depth = static_cast<int>(next() % 6) - 1;
        const auto problems = check_object_literal(schema, text, depth);
        const auto json = object_literal_to_json(text, depth);
        const auto parsed = parse_object_schema(text, depth);
        EXPECT_EQ(parsed.schema.has_value(), parsed.problems.empty());
        for (const auto& p : problems) {
            EXPECT_FALSE(p.code.empty());
            EXPECT_FALSE(p.message.empty());
            EXPECT_LE(p.offset, text.size());
        }
        if (json.problems.empty()) {
            // Whatever we accept is valid JSON that nlohmann dumps identically.
            EXPECT_EQ(nlohmann::ordered_json::parse(json.json).dump(), json.json) << text;
        }
    }
    EXPECT_NO_PROBLEMS(check_object_literal(schema, seed, kDepth));
}

// FlagFlow's own reading of an OBJECT text (its substitutions, then
// JSON.parse), with the verdicts of the reference vectors (obj-0165..0278).
TEST(FlagflowObjectRewrite, RewritesAsFlagFlowAndFailsWhereItFails) {
    EXPECT_EQ(flagflow_object_json("{ s: 'x', a: ['p', 'q',], }"), R"({ "s": "x", "a": ["p", "q"]})");
    EXPECT_EQ(flagflow_object_json("{ s: 'a, b: c' }"), R"({ "s": "a, "b": c" })");
    EXPECT_EQ(flagflow_object_json("{ a: [ s: 1 ] }"), R"({ "a": [ s: 1 ] })");  // only after { or ,
    EXPECT_EQ(flagflow_object_json("{,}"), "{}");
    for (const char* accepted : {"{ s: 'x', }", "{ s : 'x' }", "{\n\ts: 'x',\n\ti: 2,\n}", "{ s: 'x', $i: 1 }",
                                 "{ s: 'x', 1: 1 }", "{ s: \"it's\" }", "{ s: 'x', n: 1e400 }", "{,}", "[ null, ]",
                                 "{ s: 'it works,}' }", "{ \"s\": \"\\ud83d\" }"})
        EXPECT_EQ(flagflow_object_text_error(accepted), "") << accepted;
    for (const char* refused : {"{ s: 'a, b: c' }", "{ s: 'say \"hi\"' }", "{ s: 'it\\'s' }",
                                "{ s: \"it's\", a: [\"don't\"] }", "{ s: '{x: 1}' }", "{ s: 'x', i: 0x10 }",
                                "{ s: 'x', n: .5 }", "{ s: 'x' /* c */ }", "{ s: 'a\tb' }", "{\"s\":\"x, y: z\"}",
                                "{\"s\":\"it's 'quoted'\"}", "{ s: 'x', i: 007 }", "{ s: 'x', a-b: 1 }", "",
                                "{ s: 'x' } x", "{ a: [ s: 1 ] }", "{ s: 'x', n: NaN }"})
        EXPECT_NE(flagflow_object_text_error(refused), "") << refused;
    EXPECT_EQ(flagflow_object_text_error("{ s: 'a, b: c' }"),
              "JSON.parse fails at position 12 of the rewritten text (near `b\": c\" }`)");
}

}  // namespace
}  // namespace flagplan
