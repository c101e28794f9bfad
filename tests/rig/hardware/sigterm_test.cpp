// SIGTERM in the middle of a scenario leaves every line safe: a child
// process (this test program, re-executed) runs a scenario holding Program
// on the hardware bench with the fake lines, mirroring the fake's log into
// a pipe; the parent kills it with SIGTERM and reads how the lines were left.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "reports/result_sink.h"
#include "rig/engine/scenario_runner.h"
#include "rig/hardware/fake_gpio.h"
#include "rig/hardware/gpiod_bench.h"
#include "rig/scenario/scenario.h"
#include "tests/rig/hardware/hardware_fixture.h"

namespace lockrig::hardware {
namespace {

constexpr const char* kChildFd = "LOCKRIG_HW_SIGTERM_CHILD_FD";
std::atomic<bool> g_stop{false};
extern "C" void OnTerm(int) {
  g_stop.store(true);
}

std::string Line(unsigned offset) {
  return LineAddress{"", "gpiochip0", offset}.Describe();
}

// The child's half; skipped when run as an ordinary test.
TEST(SigtermChild, HoldsProgramUntilStopped) {
  const char* fd_text = std::getenv(kChildFd);
  if (!fd_text) GTEST_SKIP() << "run by SigtermLeavesLinesSafe";
  struct sigaction action {};
  action.sa_handler = OnTerm;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);

  auto gpio = std::make_shared<FakeGpio>();
  gpio->MirrorLogTo(std::atoi(fd_text));
  const RigConfig rig =
      ParseRigText(testing::RigYaml("  device: test\n  width: 320\n  height: 240\n",
                                    testing::RegionsCalibration()),
                   "rig.yaml");
  GpiodBenchOptions options;
  options.stop = &g_stop;
  GpiodBench bench(rig, gpio,
                   std::make_unique<CaptureThreadCamera>(
                       std::make_unique<testing::TestGrabber>(
                           cv::Mat(240, 320, CV_8UC3, cv::Scalar::all(30)), 30.0),
                       CaptureSettings{}),
                   options);
  bench.Activate();
  const auto path = std::filesystem::temp_directory_path() /
                    ("lockrig-sigterm-" + std::to_string(getpid()) + ".yaml");
  std::ofstream(path) << "scenario: holds Program for days\nsteps:\n  - hold: program\n"
                         "  - power: off\n  - wait: 100h\n";
  const auto scenario = scenario::LoadScenario(path.string(), LOCKRIG_SOURCE_DIR "/scenarios/lib");
  std::filesystem::remove(path);
  reports::ResultSink results;
  RunOptions run;
  run.stop_requested = &g_stop;
  const auto result = ScenarioRunner(bench, results, run).Run(scenario);
  EXPECT_EQ(result.verdict, reports::Verdict::kError);
}

TEST(SigtermLeavesLinesSafe, WhileProgramIsHeld) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    setenv(kChildFd, std::to_string(pipe_fds[1]).c_str(), 1);
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execl("/proc/self/exe", "hardware_tests", "--gtest_filter=SigtermChild.*", nullptr);
    _exit(127);
  }
  close(pipe_fds[1]);
  std::string log;
  auto read_some = [&](int timeout_ms) {
    pollfd p{pipe_fds[0], POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) return false;
    char buf[4096];
    const ssize_t n = read(pipe_fds[0], buf, sizeof buf);
    if (n <= 0) return false;
    log.append(buf, static_cast<std::size_t>(n));
    return true;
  };
  // Program (line 6, active-low) energised and the battery (line 7,
  // active-high) cut: the scenario is in its 100 h wait.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while ((log.find("set " + Line(6) + " 0") == std::string::npos ||
          log.find("set " + Line(7) + " 1") == std::string::npos) &&
         std::chrono::steady_clock::now() < deadline) {
    read_some(100);
  }
  ASSERT_NE(log.find("set " + Line(7) + " 1"), std::string::npos) << log;
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_EQ(kill(child, SIGTERM), 0);
  while (read_some(5000)) {
  }
  close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "the child did not exit by itself after SIGTERM";
  EXPECT_EQ(WEXITSTATUS(status), 0);

  std::map<std::string, std::string> last;
  std::set<std::string> released;
  std::istringstream lines(log);
  std::string ns, kind, chip, word, offset, level;
  while (lines >> ns >> kind >> chip >> word >> offset >> level) {
    const std::string line = chip + " " + word + " " + offset;
    if (kind == "set" || kind == "request-output") last[line] = level;
    if (kind == "release") released.insert(line);
  }
  for (unsigned i = 0; i < 7; ++i) EXPECT_EQ(last[Line(i)], "1") << Line(i) << "\n" << log;
  EXPECT_EQ(last[Line(7)], "0") << "battery left cut\n" << log;
  for (unsigned i = 0; i < 10; ++i) EXPECT_TRUE(released.count(Line(i))) << Line(i);
}

}  // namespace
}  // namespace lockrig::hardware
