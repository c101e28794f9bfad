#include "rig/sim/scheduler.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lockrig::sim {
namespace {

TEST(Scheduler, RunsEventsInTimeOrder) {
  Scheduler scheduler;
  std::vector<int> order;
  scheduler.At(300, [&] { order.push_back(3); });
  scheduler.At(100, [&] { order.push_back(1); });
  scheduler.At(200, [&] { order.push_back(2); });
  scheduler.RunUntil(1000);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(scheduler.Now(), 1000);
}

TEST(Scheduler, EqualTimesRunInInsertionOrder) {
  Scheduler scheduler;
  std::string order;
  for (char c : std::string("abcdefgh")) scheduler.At(500, [&order, c] { order += c; });
  scheduler.RunUntil(500);
  EXPECT_EQ(order, "abcdefgh");
}

TEST(Scheduler, EventScheduledForNowRunsAfterThoseAlreadyQueuedForNow) {
  Scheduler scheduler;
  std::string order;
  scheduler.At(10, [&] {
    order += 'a';
    scheduler.At(scheduler.Now(), [&] { order += 'c'; });
  });
  scheduler.At(10, [&] { order += 'b'; });
  scheduler.RunUntil(10);
  EXPECT_EQ(order, "abc");
}

TEST(Scheduler, RunUntilStopsAtTheLimitAndLeavesLaterEvents) {
  Scheduler scheduler;
  int ran = 0;
  scheduler.At(100, [&] { ++ran; });
  scheduler.At(101, [&] { ++ran; });
  scheduler.RunUntil(100);
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(scheduler.Now(), 100);
  EXPECT_EQ(scheduler.NextEventTime(), 101);
}

TEST(Scheduler, CancelledEventNeverRuns) {
  Scheduler scheduler;
  bool ran = false;
  EventHandle handle = scheduler.At(50, [&] { ran = true; });
  EXPECT_TRUE(scheduler.Cancel(handle));
  EXPECT_FALSE(scheduler.Cancel(handle));  // twice is harmless
  scheduler.RunUntil(100);
  EXPECT_FALSE(ran);
}

TEST(Scheduler, PastTimeRunsAtNowAndTimeNeverGoesBack) {
  Scheduler scheduler;
  scheduler.RunUntil(1000);
  VirtualMicros ran_at = -1;
  scheduler.At(10, [&] { ran_at = scheduler.Now(); });
  scheduler.RunUntil(500);  // earlier than now: runs what is due, does not rewind
  EXPECT_EQ(ran_at, 1000);
  EXPECT_EQ(scheduler.Now(), 1000);
}

TEST(Scheduler, HoursOfIdleTimeCostNothing) {
  Scheduler scheduler;
  int ticks = 0;
  scheduler.At(3'600'000'000LL, [&] { ++ticks; });
  scheduler.RunUntil(24LL * 3'600'000'000LL);
  EXPECT_EQ(ticks, 1);
  EXPECT_EQ(scheduler.Now(), 24LL * 3'600'000'000LL);
}

}  // namespace
}  // namespace lockrig::sim
