// ${name} substitution, on its own and as scenarios use it.
#include <gtest/gtest.h>

#include "rig/scenario/substitution.h"
#include "tests/rig/scenario/test_files.h"

namespace lockrig::scenario {
namespace {

using testing::LoadError;
using testing::LoadText;

TEST(Substitute, ReplacesEveryVariableInText) {
  Substitution s = Substitute("code ${a} then ${b}${a}", {{"a", "12"}, {"b", "x"}});
  EXPECT_EQ(s.error, "");
  EXPECT_EQ(s.text, "code 12 then x12");
}

TEST(Substitute, LeavesTextWithoutVariablesAlone) {
  EXPECT_EQ(Substitute("cost $5 {not a var}", {}).text, "cost $5 {not a var}");
}

TEST(Substitute, WritesALiteralDollarBraceForDoubledDollar) {
  EXPECT_EQ(Substitute("$${a}", {{"a", "1"}}).text, "${a}");
}

TEST(Substitute, NamesAnUnknownVariableAndTheDefinedOnes) {
  EXPECT_EQ(Substitute("${usr}", {{"user", "1"}, {"master", "2"}}).error,
            "unknown variable 'usr' (defined: master, user)");
  EXPECT_EQ(Substitute("${usr}", {}).error,
            "unknown variable 'usr' (no variables are defined here)");
}

TEST(Substitute, RefusesUnclosedAndMalformedReferences) {
  EXPECT_EQ(Substitute("${user", {}).error, "'${' without a closing '}'");
  EXPECT_EQ(Substitute("${my var}", {}).error,
            "'${my var}' is not a variable name (letters, digits and '_')");
  EXPECT_NE(Substitute("${}", {}).error, "");
}

TEST(ScenarioVariables, SubstituteIntoTypedValues) {
  Scenario s = LoadText(R"(scenario: vars
vars:
  user: "5791"
  hold: 30.5s
  key: program
steps:
  - enter: ${user}
  - hold: ${key}
  - wait: ${hold}
  - log: "user ${user} held ${hold}"
)");
  ASSERT_EQ(s.steps.size(), 4u);
  EXPECT_EQ(std::get<Enter>(s.steps[0].kind).code, "5791");
  EXPECT_EQ(std::get<Hold>(s.steps[1].kind).key, "program");
  EXPECT_EQ(std::get<Wait>(s.steps[2].kind).duration, std::chrono::milliseconds(30500));
  EXPECT_EQ(std::get<Log>(s.steps[3].kind).text, "user 5791 held 30.5s");
}

TEST(ScenarioVariables, MayUseEarlierVariables) {
  Scenario s = LoadText(R"(scenario: vars
vars:
  base: "135"
  master: "${base}79"
steps:
  - enter: ${master}
)");
  EXPECT_EQ(std::get<Enter>(s.steps[0].kind).code, "13579");
}

TEST(ScenarioVariables, ReportTheWrittenTextWhenASubstitutedValueIsBad) {
  EXPECT_EQ(LoadError(R"(scenario: vars
vars: {hold: "30"}
steps:
  - wait: ${hold}
)"),
            "4:11: 'wait' needs a duration like 2s, got \"30\" (from \"${hold}\")");
}

TEST(ScenarioVariables, SubstituteInTheScenarioNameAndTags) {
  Scenario s = LoadText(R"(scenario: unlock with ${code}
vars: {code: "1357"}
tags: ["code-${code}"]
steps:
  - enter: ${code}
)");
  EXPECT_EQ(s.name, "unlock with 1357");
  EXPECT_EQ(s.tags, std::vector<std::string>{"code-1357"});
}

}  // namespace
}  // namespace lockrig::scenario
