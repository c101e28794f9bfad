// main() of the ARM test ELF: runs every test under QEMU and ends with one
// summary line that CTest's run_arm_tests.cmake reads back:
//   lockfw arm tests: <run> run, <passed> passed, <failed> failed, <skipped> skipped
// followed by the cases per suite, so that the log shows every area ran on
// the Cortex-M4. The exit status (semihosting) is non-zero on any failure.
#include <gtest/gtest.h>

#include <cstdio>

namespace {

class SummaryPrinter final : public ::testing::EmptyTestEventListener {
  void OnTestProgramEnd(const ::testing::UnitTest& unit) override {
    std::printf("lockfw arm tests: suites:");
    for (int i = 0; i < unit.total_test_suite_count(); ++i) {
      const ::testing::TestSuite& suite = *unit.GetTestSuite(i);
      if (suite.test_to_run_count() > 0) {
        std::printf(" %s=%d", suite.name(), suite.test_to_run_count());
      }
    }
    std::printf("\nlockfw arm tests: %d run, %d passed, %d failed, %d skipped\n",
                unit.test_to_run_count(), unit.successful_test_count(), unit.failed_test_count(),
                unit.skipped_test_count());
    std::fflush(stdout);
  }
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  // The listener list owns the printer.
  ::testing::UnitTest::GetInstance()->listeners().Append(new SummaryPrinter);
  return RUN_ALL_TESTS();
}
