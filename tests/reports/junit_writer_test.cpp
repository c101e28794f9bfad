// junit.xml as CI reads it: a suite per scenario file, failures that name the
// step's file:line, and the seed and profile as properties.
#include "reports/junit_writer.h"

#include <gtest/gtest.h>

namespace lockrig::reports {
namespace {

ScenarioResult Result(std::string file, std::string name, Verdict v, std::string message = "") {
  ScenarioResult r;
  r.file = std::move(file);
  r.name = std::move(name);
  r.verdict = v;
  r.message = std::move(message);
  r.seed = 42;
  r.profile = "smartcode";
  r.bench = "sim";
  r.firmware = "lockfw test";
  return r;
}

TEST(JunitWriter, GroupsScenariosIntoOneSuitePerFile) {
  const std::string xml = JunitWriter::Render({Result("a.yaml", "one", Verdict::kPassed),
                                               Result("b.yaml", "two", Verdict::kPassed),
                                               Result("a.yaml", "three", Verdict::kSkipped)});
  EXPECT_NE(xml.find("<testsuite name=\"a.yaml\" tests=\"2\" failures=\"0\" errors=\"0\" "
                     "skipped=\"1\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testsuite name=\"b.yaml\" tests=\"1\""), std::string::npos) << xml;
}

TEST(JunitWriter, FailureNamesTheStepLocationAndWhatWasSeen) {
  auto r = Result("x.yaml", "wrong code", Verdict::kFailed,
                  "expect: {bolt: retracted}: expected bolt retracted; seen: bolt stayed extended");
  r.failed_step_where = "x.yaml:12";
  const std::string xml = JunitWriter::Render({r});
  EXPECT_NE(xml.find("<failure message=\"x.yaml:12: expect: {bolt: retracted}"), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("bolt stayed extended"), std::string::npos);
}

TEST(JunitWriter, RecordsSeedProfileAndFirmwareAsProperties) {
  const std::string xml = JunitWriter::Render({Result("a.yaml", "one", Verdict::kPassed)});
  EXPECT_NE(xml.find("<property name=\"seed\" value=\"42\"/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<property name=\"profile\" value=\"smartcode\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"firmware\" value=\"lockfw test\"/>"), std::string::npos);
}

TEST(JunitWriter, EscapesMarkupInMessages) {
  EXPECT_EQ(XmlEscape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
}

}  // namespace
}  // namespace lockrig::reports
