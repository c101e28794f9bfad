// BenchSession keeps the format's promises between steps on a simulated
// board: a `power: off` is a real interruption, a `hold` is in place before
// the next step acts, a long beep that starts inside `within` counts, and a
// beep one expectation waited for is not counted again by the next one.
#include "rig/engine/bench_session.h"

#include <chrono>

#include <gtest/gtest.h>

#include "rig/sim/sim_bench.h"

namespace lockrig {
namespace {

using namespace std::chrono_literals;
namespace sc = scenario;

StepInfo Step(const char* text) {
  return StepInfo{text, "bench_session_test"};
}

sc::Condition Beeps(int n, sc::Count::Op op = sc::Count::Op::kEqual) {
  sc::Condition c;
  c.beeps = sc::Count{op, n};
  return c;
}

sc::Condition LongBeep() {
  sc::Condition c;
  c.beep_long = true;
  return c;
}

sc::Condition Led(vision::LedColor color) {
  sc::Condition c;
  c.led = sc::LedCondition{color, std::nullopt};
  return c;
}

sim::SimBenchOptions Profile(const char* profile) {
  sim::SimBenchOptions options;
  options.profile = profile;
  return options;
}

struct Session {
  explicit Session(const char* profile) : bench(Profile(profile)), session(bench, sink) {}
  sim::SimBench bench;
  reports::ResultSink sink;
  BenchSession session;
};

TEST(BenchSession, PowerOffKeepsTheBatteryDisconnectedBeforeTheNextStep) {
  Session s("smartcode");
  const Timestamp edge = s.session.Power(false, Step("power: off"));
  EXPECT_GE(s.session.Now() - edge, s.bench.Timing().power_off);
  EXPECT_GE(s.bench.Timing().power_off, 200ms);  // LB-POWER-6: sure to reboot
}

TEST(BenchSession, ProgramHeldStraightBeforePowerOnArmsTheReset) {
  // LB-RESET-1's own sequence, with no waits between the relay steps.
  Session s("smartcode");
  s.session.Power(false, Step("power: off"));
  s.session.Hold("program", Step("hold: program"));
  s.session.Power(true, Step("power: on"));
  s.session.Wait(30100ms);
  EXPECT_TRUE(s.session.Expect(Led(vision::LedColor::kRed), 2s, Step("expect: {led: red}")).passed);
  EXPECT_TRUE(s.session.ExpectNot(LongBeep(), 1s, Step("expect_not: {beep: long}")).passed);
  s.session.Release("program", Step("release: program"));
  EXPECT_TRUE(s.session.Expect(LongBeep(), 2s, Step("expect: {beep: long}")).passed);
}

TEST(BenchSession, ALongBeepThatStartsWithinTheWindowCountsOnceItProvesLong) {
  // LB-RESET-10: RESET_OK starts within 300 ms of the release, so its tone
  // is only 1 s long after the 1 s window has closed.
  Session s("generic");
  s.session.Wait(6s);  // BOOT, handing cycle, HANDING_OK
  s.session.Hold("program", Step("hold: program"));
  s.session.Wait(10500ms);
  s.session.Release("program", Step("release: program"));
  const ExpectationOutcome out = s.session.Expect(LongBeep(), 1s, Step("expect: {beep: long}"));
  ASSERT_TRUE(out.passed) << out.failure;
  EXPECT_GT(*out.seen_at - out.window_start, 1s);
}

TEST(BenchSession, AShortBeepAtTheDeadlineIsNotALongOne) {
  Session s("smartcode");
  s.session.Wait(6s);
  s.session.Press({"lock"}, std::nullopt, Step("press: lock"));  // ACCEPT: one short beep
  const ExpectationOutcome out = s.session.Expect(LongBeep(), 3s, Step("expect: {beep: long}"));
  EXPECT_FALSE(out.passed);
  EXPECT_NE(out.seen.find("1 short beep"), std::string::npos) << out.seen;
}

TEST(BenchSession, ABeepOneExpectationSawIsNotCountedByTheNext) {
  // BOOT's beep starts at the power-on edge itself.
  Session s("smartcode");
  s.session.Wait(6s);
  s.session.Power(false, Step("power: off"));
  s.session.Power(true, Step("power: on"));
  ASSERT_TRUE(s.session.Expect(Beeps(1), 500ms, Step("expect: {beeps: 1}")).passed);
  const ExpectationOutcome after =
      s.session.ExpectNot(Beeps(1, sc::Count::Op::kAtLeast), 3s, Step("expect_not: {beeps: >=1}"));
  EXPECT_TRUE(after.passed) << after.failure;
}

}  // namespace
}  // namespace lockrig
