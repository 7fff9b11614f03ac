// Codes as data (issue 15): every diagnostic code is one literal in one
// table (core/codes.cpp, or change_rules() for findings), every code the
// sources write is in a table, every table row is documented, and every code
// the docs list is in a table. A search for a code finds its table row, its
// use and its documentation.
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "flagplan/core/codes.hpp"
#include "test_support.hpp"

namespace flagplan::testing {
namespace {

namespace fs = std::filesystem;

const std::regex kCodeLiteral(
    R"re("((?:file|key|target|schema|value|environment|selection|plan|guard|stage|risk|rename|object)\.[a-z0-9_.]*)")re");

std::set<std::string> table_codes() {
    std::set<std::string> out;
    for (const DiagnosticCode& row : diagnostic_codes()) out.insert(row.code);
    for (const ChangeRule& rule : change_rules()) out.insert(rule.code);
    return out;
}

/// Every code-like string literal in the engine, the CLI and the bindings,
/// with the file it is in (the tables' own files left out).
std::map<std::string, std::string> source_literals() {
    std::map<std::string, std::string> out;
    for (const char* dir : {"src", "wasm"}) {
        for (const auto& entry : fs::recursive_directory_iterator(fs::path(FLAGPLAN_SOURCE_DIR) / dir)) {
            const std::string ext = entry.path().extension().string();
            if (ext != ".cpp" && ext != ".hpp") continue;
            const std::string name = entry.path().filename().string();
            if (name == "codes.cpp") continue;
            std::string text = read_text(fs::relative(entry.path(), FLAGPLAN_SOURCE_DIR).string());
            for (std::sregex_iterator it(text.begin(), text.end(), kCodeLiteral), end; it != end; ++it)
                out.emplace((*it)[1].str(), fs::relative(entry.path(), FLAGPLAN_SOURCE_DIR).string());
        }
    }
    return out;
}

TEST(Codes, EveryCodeIsOneRowOfOneTable) {
    std::set<std::string> seen;
    for (const DiagnosticCode& row : diagnostic_codes()) {
        EXPECT_TRUE(seen.insert(row.code).second) << row.code << " twice";
        EXPECT_EQ(find_diagnostic_code(row.code), &row);
    }
    for (const ChangeRule& rule : change_rules()) EXPECT_TRUE(seen.insert(rule.code).second) << rule.code << " twice";
    EXPECT_EQ(find_diagnostic_code("risk.value_reset"), nullptr) << "change rules live in change_rules() only";
}

TEST(Codes, EverySourceLiteralIsATableCodeAndNoneIsBuiltByConcatenation) {
    const std::set<std::string> codes = table_codes();
    for (const auto& [literal, file] : source_literals()) {
        if (literal == "plan.json") continue;  // the file name, not a code
        const bool category = literal.back() == '.' && literal.find('.') == literal.size() - 1;
        if (category) continue;  // a category test such as rfind("selection.", 0)
        EXPECT_NE(literal.back(), '.') << file << ": `" << literal << "` builds a code by concatenation";
        EXPECT_TRUE(codes.count(literal)) << file << ": `" << literal << "` is not in core/codes.cpp or change_rules()";
    }
}

TEST(Codes, EveryTableCodeIsUsedByTheSources) {
    const auto literals = source_literals();
    for (const std::string& code : table_codes()) EXPECT_TRUE(literals.count(code)) << code << " is never reported";
}

TEST(Codes, EveryTableCodeIsDocumentedAndEveryDocumentedCodeIsInATable) {
    std::map<std::string, std::string> docs;
    for (const char* doc : {"docs/diagnostics.md", "docs/plan-format.md", "docs/change-rules.md"}) docs[doc] = read_text(doc);
    for (const DiagnosticCode& row : diagnostic_codes())
        EXPECT_NE(docs[row.doc].find(std::string("`") + row.code + "`"), std::string::npos)
            << row.code << " is not in " << row.doc;
    for (const ChangeRule& rule : change_rules())
        EXPECT_NE(docs["docs/change-rules.md"].find(std::string("`") + rule.code + "`"), std::string::npos) << rule.code;
    const std::regex documented(
        R"re(`((?:file|key|schema|value|environment|selection|plan|guard|stage|risk|rename|object)\.[a-z0-9_.]*[a-z0-9_])`)re");
    const std::set<std::string> codes = table_codes();
    for (const auto& [doc, text] : docs)
        for (std::sregex_iterator it(text.begin(), text.end(), documented), end; it != end; ++it) {
            const std::string code = (*it)[1].str();
            if (code == "plan.json") continue;
            EXPECT_TRUE(codes.count(code)) << doc << " documents `" << code << "`, which no table defines";
        }
}

TEST(Codes, SeveritiesAgreeWithTheEngine) {
    // Every diagnostic the hostile corpus and the bundled examples raise has
    // its table row's severity.
    int checked = 0;
    std::vector<std::string> files = {"examples/staging.json", "examples/production.json"};
    for (const auto& entry : fs::directory_iterator(fs::path(FLAGPLAN_SOURCE_DIR) / "tests" / "hostile"))
        files.push_back("tests/hostile/" + entry.path().filename().string());
    StdRegexEngine regex;
    for (const std::string& file : files) {
        std::string text = read_text(file);
        for (const Diagnostic& d : check_export({text, file}, Limits{}, regex).diagnostics) {
            const DiagnosticCode* row = find_diagnostic_code(d.code);
            ASSERT_NE(row, nullptr) << file << ": " << d.code;
            EXPECT_EQ(row->severity, d.severity) << file << ": " << d.code;
            ++checked;
        }
    }
    EXPECT_GT(checked, 20);
}

}  // namespace
}  // namespace flagplan::testing
