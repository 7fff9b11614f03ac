// OBJECT flags: the schema DSL parser, the JS object-literal parser, the
// conformance check and the canonical JSON form of a literal.
//
// Rules come from DESIGN.md ("The export file": OBJECT schema DSL / value) and
// from FlagFlow's own code (src/lib/objectFlag/{grammar,validate}.ts), except
// where FlagFlow is wrong (DESIGN.md, "Where FlagFlow is wrong"): FlagFlow turns
// the literal into JSON with regex substitutions that corrupt string contents
// (`{ note: 'a, b: c' }`); here both texts are read by real tokenizers.
// The literal grammar is JavaScript's (an earlier FlagFlow evaluated the text
// as JS); FlagFlow's current regex converter accepts less (comments, hex,
// 'it\'s' fail there). The DSL accepts a superset of FlagFlow's grammar.ts
// (which has `,` separators only, no trailing separator, no comments, no
// quoted keys, at most two `[]`).
//
// All functions are pure: no I/O, no globals, never throw, never crash (empty
// text, NUL bytes, invalid UTF-8, unterminated tokens, 10,000-deep nesting),
// run in O(n log n) time or better, and use no recursion (explicit stacks).
//
// ---------------------------------------------------------------------------
// Lexical rules shared by both texts
//   whitespace   space, \t, \n, \r, \v, \f, and the Unicode spaces JavaScript
//                accepts (U+00A0, U+1680, U+2000-200A, U+202F, U+205F, U+3000,
//                U+FEFF; U+2028/U+2029 are line breaks).
//   comments     `// ...` and `/* ... */` are allowed (JS and TypeScript
//                allow them); an unterminated `/*` is a syntax error.
//   identifiers  ASCII only: [A-Za-z_$][A-Za-z0-9_$]*. Identifiers are read
//                whole, so `type`, `string` or `stringList` are valid property
//                names (FlagFlow's lexer lists its keyword tokens before the
//                identifier token, so it splits `stringList` and rejects it).
//   keys         an identifier (keywords included), a quoted string, or a
//                canonical non-negative decimal integer (`0`, `12`; the key is
//                its text). Keys are plain data: `__proto__`, `constructor`.
//   strings      '...' or "..." with escapes \n \t \r \b \f \v \0 \' \" \\,
//                \xHH, \uXXXX (surrogate pairs are joined), \u{X..X} (at most
//                10FFFF), `\` + line break (continuation), and `\` + any other
//                character (that character). Rejected: raw line breaks
//                (\n, \r), octal escapes (\1..\9, \0 before a digit), lone
//                surrogates (not representable as UTF-8/JSON), invalid UTF-8,
//                template literals (backticks). Other raw bytes (tab, NUL) are
//                kept as they are.
//   numbers      an optional `-` directly before: decimal `12`, `1.5`, `.5`,
//                `5.`, exponents `1e3` `1E-3` `1e+3`; `0x1F`, `0o17`, `0b101`
//                (case-insensitive prefixes). Rejected: leading zeros (`012`,
//                legacy octal), a leading `+`, numeric separators (`1_000`),
//                BigInt (`10n`), `NaN`, `Infinity`, and a number directly
//                followed by an identifier character (`1px`). Values too large
//                for a double become +-Infinity (as in JS): numbers, but not
//                integers, and not JSON (object_literal_to_json: not_finite).
//   `{,}`        `{,}` and `{ , }` read as an empty object: not JavaScript,
//                but FlagFlow's text rewrite accepts them (reference vectors
//                obj-0244, plan-0245).
//
// The schema DSL (DESIGN.md; FlagFlow's grammar.ts, made TypeScript-tolerant)
//   schema      := descriptor (`;`? descriptor)* `;`?
//   descriptor  := (`type` Name `=` | `interface` Name)? object `[]`*
//   object      := `{` (property (sep property)* sep?)? `}`
//   property    := key `?`? `:` type
//   type        := (primitive | Name | object) `[]`*
//   primitive   := boolean | integer | float | number | string
//   sep         := `,` | `;` | a line break (TypeScript's separators; one
//                  explicit `,`/`;` at most between two properties)
//   - `T[]` is an array of T; `T[][]` an array of arrays (any depth up to
//     max_depth). A descriptor `type Rows = {...}[]` is an array type, and a
//     property `rows: Rows[]` is then an array of arrays.
//   - The root is the one unnamed descriptor; it may itself be an array
//     (`{...}[]`: the value is then an array of objects).
//   - Named types may be referenced before they are declared and may be
//     recursive (`type Node = { children?: Node[] }`); checking terminates
//     because values are finite. Names are case-sensitive; a primitive name
//     always means the primitive.
//   - A reference to an undeclared type, and a schema without a root, parse
//     (as in FlagFlow): check_object_literal() reports unknown_type where a
//     value reaches such a property, and no_root for every value.
//     `true`, `false` and `null` are not type names (syntax).
//   - Not supported (syntax errors): unions, `Array<T>`, `readonly`, `export`,
//     index signatures, literal types, `extends`.
//
// Conformance (DESIGN.md; FlagFlow's validate.ts)
//   - every declared non-optional property is present; no undeclared property
//     appears; each value has its declared type:
//       boolean  true / false
//       integer  a finite number with no fractional part (`3.0` counts as 3)
//       float, number  any number, 1e400 = Infinity included (FlagFlow's
//                typeof check)
//       string   a string
//       object / named type  an object (recursively checked), or an array:
//                FlagFlow's check is typeof value === 'object', and an
//                array is then checked as an object whose keys are its
//                indices ("0", "1", ...)
//       T[]      an array whose every element is a T
//   - `null` never conforms, not even for an optional property (FlagFlow: the
//     property is present, and null is neither a primitive nor an object).
//     Leave an optional property out instead.
//   - A key that appears twice in one object is reported (duplicate_property)
//     and its later occurrences are not checked; JavaScript would silently keep
//     the last one.
//
// Problems: `code` is a stable suffix (callers prefix their category):
//   syntax               the text is not valid DSL / literal (parsing stops;
//                        the only problem reported; message ends with
//                        "(line L, column C)")
//   too_deep             nesting deeper than max_depth (parsing stops)
//   too_large            text over 4 GiB or out of memory (parsing stops)
//   duplicate_property   schema: a property declared twice in one object;
//                        value: a key given twice in one object
//   duplicate_type       schema: two named descriptors share a name
//   reserved_type_name   schema: a descriptor named like a primitive
//   unknown_type         value: a value reaches a property whose type names no
//                        descriptor
//   no_root              value: the schema has no unnamed descriptor
//   several_roots        schema: more than one unnamed descriptor (one problem
//                        per extra root)
//   missing_property     value: a declared non-optional property is absent
//   unexpected_property  value: a property the schema does not declare
//   wrong_type           value: a value of the wrong type (also the root, and
//                        an infinite number for an integer)
//   not_finite           object_literal_to_json: a number overflowed to
//                        +-Infinity (JSON cannot hold it)
// `path` is the JS-style path of the value concerned ("carriers[1].code";
// keys that are not identifiers are written ["a b"]); "" for the root, for
// schema problems, and for syntax / too_deep / too_large. `offset` is the byte
// offset into the text (a key's first byte for unexpected / duplicate keys,
// the object's `{` for missing properties, the value's first byte otherwise).
//
// Depth: max_depth bounds nesting. A value's depth counts enclosing objects and
// arrays (`{}` is 1, `{a:[1]}` is 2). In the schema, `{` nesting counts (the
// descriptor's object is 1) and the `[]` suffixes of one type count
// separately. max_depth < 1 makes every object too deep.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flagplan {

/// One finding about a schema or a value (see the code list above).
struct ObjectProblem {
    std::string code;        ///< "syntax", "missing_property", ...
    std::string message;     ///< one human sentence naming the property path
    std::string path;        ///< "carriers[1].code"; "" for the schema/root
    std::size_t offset = 0;  ///< byte offset into the text
};

/// The base of a schema type.
enum class ObjectTypeKind : std::uint8_t { Boolean, Integer, Float, Number, String, Object };

/// A resolved type: `kind` (for Object, `object` indexes ObjectSchema::objects())
/// wrapped in `array_depth` arrays (`string[][]` = {String, -, 2}).
struct ObjectType {
    ObjectTypeKind kind = ObjectTypeKind::Object;
    std::uint32_t object = 0;
    std::uint32_t array_depth = 0;
};

struct ObjectSchemaParse;
ObjectSchemaParse parse_object_schema(std::string_view dsl, int max_depth);

/// A parsed, fully resolved schema. Only parse_object_schema makes one.
class ObjectSchema {
public:
    struct Property {
        std::string name;
        bool optional = false;
        ObjectType type;
        std::size_t offset = 0;  ///< byte offset of the name in the DSL
    };
    struct Object {
        std::string name;  ///< descriptor name; "" for the root and inline objects
        std::vector<Property> properties;        ///< declaration order
        std::vector<std::uint32_t> by_name;      ///< property indices sorted by name
        std::vector<std::uint32_t> required;     ///< indices of non-optional properties
        std::uint32_t first_slot = 0;            ///< sum of the property counts before it
    };

    /// The root type (an Object, possibly with array_depth > 0).
    const ObjectType& root() const { return root_; }
    const std::vector<Object>& objects() const { return objects_; }
    /// Index of property `name` in objects()[object].properties, or -1.
    int find_property(std::uint32_t object, std::string_view name) const;
    /// TypeScript-like spelling: "string[]", "Carrier[]", "{ ... }".
    std::string type_text(const ObjectType& type) const;
    /// The name of an undeclared type a property refers to, when `object`
    /// (an ObjectType::object) stands for one; nullptr for a declared object.
    /// Such types are indexed past objects(): objects().size() + i.
    const std::string* unresolved_name(std::uint32_t object) const {
        if (object < objects_.size() || object - objects_.size() >= unresolved_.size()) return nullptr;
        return &unresolved_[object - objects_.size()];
    }

private:
    ObjectSchema() = default;
    friend ObjectSchemaParse parse_object_schema(std::string_view dsl, int max_depth);
    ObjectType root_;
    std::vector<Object> objects_;
    std::vector<std::string> unresolved_;  ///< names of undeclared referenced types
};

/// `schema` is set iff `problems` is empty.
struct ObjectSchemaParse {
    std::optional<ObjectSchema> schema;
    std::vector<ObjectProblem> problems;
};

/// Parses the OBJECT `schema` DSL. A syntax / too_deep problem stops parsing;
/// otherwise every semantic problem is reported (sorted by offset).
ObjectSchemaParse parse_object_schema(std::string_view dsl, int max_depth);

/// Parses `literal` (a defaultValue / value) and checks it against `schema`.
/// Empty = conforms. A syntax / too_deep problem is reported alone; otherwise
/// all duplicate / unexpected / missing / wrong-type problems, depth-first:
/// for each object its duplicate and undeclared keys (in order), then its
/// missing properties (declaration order), then each member's value.
std::vector<ObjectProblem> check_object_literal(const ObjectSchema& schema,
                                                std::string_view literal, int max_depth);

/// The canonical JSON of a literal, for comparing values: keys in source
/// order, no spaces, strings escaped as nlohmann::json::dump() does (UTF-8 kept),
/// whole numbers with |n| <= 2^53 written as integers (`70.0` -> `70`, `-0` ->
/// `0`, `0x10` -> `16`), other numbers as nlohmann dumps a double. Any literal
/// value is accepted at the root (object, array, string, number, true, false,
/// null). On problems (syntax, too_deep, too_large, duplicate_property,
/// not_finite) `json` is empty.
struct LiteralJson {
    std::string json;
    std::vector<ObjectProblem> problems;
};
LiteralJson object_literal_to_json(std::string_view literal, int max_depth);

/// FlagFlow's own reading of an OBJECT value text (1.7.1, reproduced from
/// the reference vectors' verdicts: all 342 OBJECT texts agree): it turns the
/// text into JSON with three substitutions, in this order,
///   text.replace(/'([^']*)'/g, '"$1"')          single-quoted strings
///       .replace(/([{,]\s*)([\w$]+)\s*:/g, '$1"$2":')   unquoted keys
///       .replace(/,\s*([}\]])/g, '$1')          trailing commas
/// and reads the result with JSON.parse. Valid JavaScript this breaks:
/// `{ s: 'a, b: c' }`, `'it\'s'`, `"it's 'x'"`, hex, `.5`, comments, a tab in
/// a string, `[ s: 1 ]`... flagplan reads the text with a real tokenizer
/// (DESIGN.md) and warns with object.flagflow_rejects when this fails.
/// flagflow_object_json() is the rewritten text; flagflow_object_text_error()
/// is "" when JSON.parse reads it, else where it fails (position in the
/// rewritten text). Pure, linear, no recursion.
std::string flagflow_object_json(std::string_view text);
std::string flagflow_object_text_error(std::string_view text);

}  // namespace flagplan
