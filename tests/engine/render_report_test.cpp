// report.md: the review report.
#include "flagplan/planfile/plan_file.hpp"
#include "test_support.hpp"

namespace flagplan::testing {
namespace {

using json = nlohmann::json;

const char* const kSource = R"({"environment":"staging","version":"1.7.1","createdAt":"2026-11-21T10:00:00.000Z","flags":{
 "new/flag":{"description":"Brand new","type":"BOOLEAN","defaultValue":false,"isKillSwitch":false,"valueExists":true,"value":true},
 "limits/max":{"description":"Max items","type":"INTEGER","defaultValue":5,"minValue":0,"maxValue":10,"valueExists":true,"value":7},
 "retyped":{"description":"Now a string","type":"STRING","defaultValue":"x","maxLength":0,"regExp":"","valueExists":false,"value":""}
}})";
const char* const kTarget = R"({"environment":"production","version":"1.7.1","createdAt":"2026-11-21T09:00:00.000Z","flags":{
 "limits/max":{"description":"Max items","type":"INTEGER","defaultValue":5,"minValue":0,"maxValue":20,"valueExists":true,"value":15},
 "retyped":{"description":"Was a boolean","type":"BOOLEAN","defaultValue":true,"isKillSwitch":false,"valueExists":true,"value":false},
 "old/flag":{"description":"Going away","type":"AB-TEST","chanceBPercent":25}
}})";

std::string report(const std::string& source, const std::string& target, AnalyzeOptions options = {}) {
    StdRegexEngine regex;
    Analysis a = analyze({source, "s.json"}, {target, "t.json"}, options, regex);
    Rendered r = render(a, "md", fixed_time());
    EXPECT_TRUE(r.ok);
    return r.text;
}

std::string between(const std::string& text, const std::string& from, const std::string& to) {
    std::size_t a = text.find(from);
    std::size_t b = text.find(to, a == std::string::npos ? 0 : a + 1);
    EXPECT_NE(a, std::string::npos) << from << "\n" << text;
    EXPECT_NE(b, std::string::npos) << to << "\n" << text;
    return a == std::string::npos || b == std::string::npos ? "" : text.substr(a, b - a);
}

TEST(Report, HeaderCountsAndStatus) {
    std::string text = report(kSource, kTarget);
    EXPECT_EQ(between(text, "# flagplan", "\n## "),
              "# flagplan migration: staging \u2192 production\n\n"
              "- **Source:** `s.json`, environment `staging`, FlagFlow 1.7.1, exported 2026-11-21T10:00:00.000Z, 3 flags\n"
              "- **Target:** `t.json`, environment `production`, FlagFlow 1.7.1, exported 2026-11-21T09:00:00.000Z, 3 flags\n"
              "- **Plan made:** 2026-11-21T12:00:00Z by flagplan test\n"
              "- **Mode:** migration (value steps start unselected: values stay per environment)\n"
              "- **Plan:** 2 to create, 1 to update, 0 values to set, 2 to delete (5 of 8 steps selected).\n"
              "- **Steps:** 5 of 8 selected (2 of 2 CREATE_DEFAULTVALUE, 1 of 1 UPDATE_SCHEMA_DEFAULTVALUE, "
              "0 of 3 SET_VALUE, 2 of 2 DELETE)\n"
              "- **Flags changed:** 4\n"
              "- **Status:** ready to apply (3 warning(s))\n");
}

TEST(Report, StepsGroupedByFlagWithChangesMarksAndOutcome) {
    std::string text = report(kSource, kTarget);
    EXPECT_EQ(between(text, "### `limits/max`", "### `retyped`"),
              "### `limits/max`\n\n"
              "- [x] **#3 UPDATE_SCHEMA_DEFAULTVALUE** (runs as step 2/5)\n"
              "  - `maxValue`: `20` \u2192 `10`\n"
              "  - resets the value to the default (`valueExists` false)\n"
              "  - **warning** `risk.value_invalidated`: flag `limits/max`: this schema change makes the target's value "
              "`15` invalid (value.integer.out_of_range: value 15 is outside [0, 10])\n"
              "  - **warning** `risk.value_reset`: flag `limits/max`: resets the flag to its default `5`: the target's "
              "value `15` is lost; SET_VALUE #4, which would write the source's value `7`, is not selected\n"
              "- [ ] **#4 SET_VALUE**, after #3 (not selected)\n"
              "  - `valueExists`: `true` \u2192 `true`\n"
              "  - `value`: `15` \u2192 `7`\n"
              "- **Afterwards:** as in the source except `valueExists`: it uses its default value (`valueExists` false) "
              "because its SET_VALUE step is not selected\n\n");
    EXPECT_EQ(between(text, "### `old/flag`", "## Applying"),
              "### `old/flag`\n\n"
              "- [x] **#8 DELETE** (runs as step 5/5)\n"
              "  - deletes the flag (type `AB-TEST`)\n"
              "- **Afterwards:** deleted\n\n");
    EXPECT_NE(text.find("- [x] **#1 CREATE_DEFAULTVALUE** (runs as step 1/5)\n"
                        "  - `description`: `\"Brand new\"`\n"),
              std::string::npos);
    // Findings in the change rules' order (summary.hpp), the same order as the CLI's.
    EXPECT_NE(text.find("## Warnings (3)\n\n- `risk.value_reset` (`t.json`, flag `limits/max`, `value`): "),
              std::string::npos);
}

TEST(Report, WithValuesEveryFlagEndsAsInTheSource) {
    AnalyzeOptions o;
    o.include_values = true;
    std::string text = report(kSource, kTarget, o);
    std::size_t afterwards = 0, same = 0;
    for (std::size_t at = text.find("- **Afterwards:** "); at != std::string::npos;
         at = text.find("- **Afterwards:** ", at + 1)) {
        ++afterwards;
        same += text.compare(at, 44, "- **Afterwards:** the same as in the source\n") == 0 ? 1 : 0;
    }
    EXPECT_EQ(afterwards, 4u);
    EXPECT_EQ(same, 3u);  // and old/flag is deleted
    EXPECT_NE(text.find("- **Afterwards:** deleted\n"), std::string::npos);
}

TEST(Report, DataCannotBreakTheMarkdown) {
    json source = json::parse(kSource), target = json::parse(kTarget);
    source["flags"]["new/flag"]["description"] = "a `tick` and ``two`` <script>alert(1)</script>";
    source["environment"] = "<img src=x onerror=alert(1)>";
    std::string text = report(source.dump(), target.dump());
    // The longest backtick run inside is 2, so the span is fenced with 3.
    EXPECT_NE(text.find("  - `description`: ```\"a `tick` and ``two`` <script>alert(1)</script>\"```\n"),
              std::string::npos) << text;
    EXPECT_EQ(text.rfind("# flagplan migration: \\<img src=x onerror=alert(1)\\> \u2192 production\n", 0), 0u) << text;
}

TEST(Report, BlockedPlanListsItsErrorsFirst) {
    json source = json::parse(kSource);
    source["flags"]["limits/max"]["minValue"] = 50;
    std::string text = report(source.dump(), kTarget);
    EXPECT_NE(text.find("- **Status:** BLOCKED: 1 error(s) must be fixed; no plan file or script is made until then\n"),
              std::string::npos) << text;
    EXPECT_LT(text.find("## Errors (1)\n\n- `schema.integer.min_greater_than_max` (`s.json`, flag `limits/max`"),
              text.find("## Warnings"));
    EXPECT_NE(text.find("## Applying\n\nNothing can be applied until the errors above are fixed.\n"), std::string::npos);
}

TEST(Report, RenamesAndStageWalksAreFlagplansOwnSteps) {
    std::string stage = R"({"description":"Ledger stage","type":"ENUM","defaultValue":"off",
        "enumValues":["off","dualwrite","shadow","live","rampdown","complete"],"allowEmpty":false,"valueExists":true,"value":)";
    std::string flag = R"({"description":"Same text","type":"BOOLEAN","defaultValue":false,"isKillSwitch":false,"valueExists":true,"value":)";
    std::string source = R"({"environment":"staging","version":"1.7.1","createdAt":"2026-11-21T10:00:00.000Z","flags":{
        "new/key":)" + flag + R"(true},"ledger":)" + stage + R"("live"}}})";
    std::string target = R"({"environment":"production","version":"1.7.1","createdAt":"2026-11-21T09:00:00.000Z","flags":{
        "ledger":)" + stage + R"("off"},"old/key":)" + flag + R"(false}}})";
    AnalyzeOptions o;
    o.renames = true;
    o.walk_stages = true;
    o.select = std::vector<int>{1, 3, 4, 5};  // the rename without its SET_VALUE; the whole walk
    std::string text = report(source, target, o);
    EXPECT_NE(text.find("- **Steps:** 4 of 5 selected (0 of 0 CREATE_DEFAULTVALUE, 0 of 0 UPDATE_SCHEMA_DEFAULTVALUE, "
                        "3 of 4 SET_VALUE, 0 of 0 DELETE, 1 of 1 RENAME (flagplan's step))\n"
                        "- **Flags changed:** 3\n"
                        "- **Stage walks:** 1 (one SET_VALUE per stage; apply.sh and rollback.sh pause between stages)\n"),
              std::string::npos) << text;
    EXPECT_NE(text.find("Each step is one request to FlagFlow's migration executor\n"
                        "(a RENAME, flagplan's step, is one request to FlagFlow's rename operation);\n"),
              std::string::npos);
    EXPECT_EQ(between(text, "### `new/key`", "### `ledger`"),
              "### `new/key` (renamed from `old/key`)\n\n"
              "- [x] **#1 RENAME** (runs as step 1/4)\n"
              "  - flagplan's step, not one of FlagFlow's step modes: FlagFlow's rename operation (`flag.rename`) "
              "moves `old/key` to `new/key`, keeping the target's schema and value\n"
              "  - description sent: `\"Same text\"` (the source flag's)\n"
              "- [ ] **#2 SET_VALUE**, after #1 (not selected)\n"
              "  - `value`: `false` \u2192 `true`\n"
              "- **Afterwards:** as in the source except `value`: it keeps the target's value because its SET_VALUE "
              "step is not selected; `old/key` no longer exists\n\n");
    EXPECT_EQ(between(text, "### `ledger`", "## Applying"),
              "### `ledger`\n\n"
              "- [x] **#3 SET_VALUE** (runs as step 2/4)\n"
              "  - stage walk, link 1 of 3: `off` \u2192 `dualwrite` (reads the old system, writes both; the old one is "
              "authoritative); the scripts pause after it\n"
              "  - `value`: `\"off\"` \u2192 `\"dualwrite\"`\n"
              "- [x] **#4 SET_VALUE**, after #3 (runs as step 3/4)\n"
              "  - stage walk, link 2 of 3: `dualwrite` \u2192 `shadow` (reads both and writes both; the old system is "
              "authoritative); the scripts pause after it\n"
              "  - `value`: `\"dualwrite\"` \u2192 `\"shadow\"`\n"
              "- [x] **#5 SET_VALUE**, after #4 (runs as step 4/4)\n"
              "  - stage walk, link 3 of 3: `shadow` \u2192 `live` (reads both and writes both; the new system is "
              "authoritative)\n"
              "  - `value`: `\"shadow\"` \u2192 `\"live\"`\n"
              "- **Afterwards:** the same as in the source\n\n");
}

TEST(Report, NothingToMigrate) {
    AnalyzeOptions restore;
    restore.mode = Mode::Restore;
    std::string text = report(kTarget, kTarget, restore);
    EXPECT_NE(text.find("## Steps\n\nNothing to migrate: the target already matches the source.\n"), std::string::npos);
    EXPECT_NE(text.find("- **Mode:** restore (every step starts selected: re-applying a backup)\n"), std::string::npos);
}

TEST(Report, MultiLineValuesShownAsTextNotJsonEscapes) {
    const std::string source = R"({"environment":"staging","version":"1.7.1","createdAt":"2026-11-21T10:00:00.000Z","flags":{
 "motd":{"description":"Banner","type":"STRING","defaultValue":"","maxLength":0,"regExp":"","valueExists":true,"value":"Hello\n\tteam `x`\nbye"}
}})";
    const std::string target = R"({"environment":"production","version":"1.7.1","createdAt":"2026-11-21T09:00:00.000Z","flags":{
 "motd":{"description":"Banner","type":"STRING","defaultValue":"","maxLength":0,"regExp":"","valueExists":true,"value":"one line"}
}})";
    AnalyzeOptions options;
    options.include_values = true;
    std::string text = report(source, target, options);
    EXPECT_EQ(text.find("Hello\\n"), std::string::npos) << text;
    EXPECT_NE(text.find("  - `value`: `\"one line\"`\n"
                        "    \u2192\n\n"
                        "    ```text\n"
                        "    Hello\n"
                        "    \tteam `x`\n"
                        "    bye\n"
                        "    ```\n"),
              std::string::npos)
        << text;
}

}  // namespace
}  // namespace flagplan::testing
