// Unit tests of the contact debouncer (LB-KEYPAD-2, -3).
#include <gtest/gtest.h>

#include "firmware/core/key_debouncer.h"

namespace lockfw {
namespace {

struct Contacts final : hal::Contacts {
  bool IsClosed(hal::Contact c) override { return closed[static_cast<uint8_t>(c)]; }
  bool closed[hal::kContactCount] = {};
};

class Debouncer : public ::testing::Test {
 protected:
  // Sets the level at `at` and runs the debouncer up to then.
  void Level(hal::Millis at, bool closed) {
    RunTo(at);
    contacts.closed[0] = closed;
    keys.OnEdge(hal::Contact::kDigit0, closed, at);
  }
  void RunTo(hal::Millis at) {
    for (; now <= at; ++now) {
      KeyEvent out[4];
      const uint8_t n = keys.Service(now, contacts, out, 4);
      for (uint8_t i = 0; i < n; ++i) events.push_back({out[i], now});
    }
    now = at;
  }
  struct Seen {
    KeyEvent event;
    hal::Millis at;
  };
  Contacts contacts;
  KeyDebouncer keys;
  hal::Millis now = 0;
  std::vector<Seen> events;
};

TEST_F(Debouncer, LB_KEYPAD_2_ClosureUnder20msNeverRegisters) {
  for (hal::Millis len = 1; len < 20; ++len) {
    events.clear();
    const hal::Millis t0 = now + 100;
    Level(t0, true);
    Level(t0 + len, false);
    RunTo(t0 + 200);
    EXPECT_TRUE(events.empty()) << "closure of " << len << " ms";
  }
}

TEST_F(Debouncer, LB_KEYPAD_2_ClosureUnder20msWithReleaseBounceNeverRegisters) {
  const hal::Millis t0 = 100;
  Level(t0, true);
  Level(t0 + 3, false);  // press bounce
  Level(t0 + 5, true);
  Level(t0 + 19, false);  // release edge
  Level(t0 + 22, true);   // release bounce
  Level(t0 + 28, false);
  RunTo(t0 + 200);
  EXPECT_TRUE(events.empty());
}

TEST_F(Debouncer, LB_KEYPAD_2_FortyMsWithBounceRegistersOnceWithin30ms) {
  // Bounce for 10 ms at both edges, in several patterns.
  for (int pattern = 0; pattern < 4; ++pattern) {
    events.clear();
    const hal::Millis t0 = now + 100;
    Level(t0, true);
    for (hal::Millis k = 1; k <= 10; k += static_cast<hal::Millis>(1 + pattern)) {
      Level(t0 + k, (k % 2) == 0);
    }
    Level(t0 + 10, true);
    Level(t0 + 40, false);
    for (hal::Millis k = 1; k <= 10; k += static_cast<hal::Millis>(1 + pattern)) {
      Level(t0 + 40 + k, (k % 2) != 0);
    }
    Level(t0 + 50, false);
    RunTo(t0 + 200);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_TRUE(events[0].event.pressed);
    EXPECT_EQ(events[0].event.edge, t0);
    EXPECT_LE(events[0].at - t0, 30u);
    EXPECT_FALSE(events[1].event.pressed);
    EXPECT_EQ(events[1].event.edge, t0 + 40);
  }
}

TEST_F(Debouncer, LB_KEYPAD_2_ThresholdHasMarginOverTwentyMs) {
  // On the 1 ms clock a 19.9 ms closure may be stamped 20 ms long; the
  // chosen threshold keeps clear of it: clean closures up to 22 ms never
  // register.
  for (hal::Millis len = 18; len <= 22; ++len) {
    events.clear();
    const hal::Millis t0 = now + 100;
    Level(t0, true);
    Level(t0 + len, false);
    RunTo(t0 + 200);
    EXPECT_TRUE(events.empty()) << "closure of " << len << " ms";
  }
}

TEST_F(Debouncer, LB_KEYPAD_2_ReleaseBounceAfterShortClosureNeverRegisters) {
  // A 19 ms closure whose release bounce closes again for 9 of its 10 ms:
  // closed at press edge + 25 ms, but never for a stable stretch.
  for (hal::Millis len = 10; len < 20; ++len) {
    events.clear();
    const hal::Millis t0 = now + 100;
    Level(t0, true);
    Level(t0 + len, false);
    Level(t0 + len + 1, true);
    Level(t0 + len + 10, false);
    RunTo(t0 + 200);
    EXPECT_TRUE(events.empty()) << "closure of " << len << " ms";
  }
}

TEST_F(Debouncer, LB_KEYPAD_2_FortyMsRegistersAtPressEdgePlus25ms) {
  const hal::Millis t0 = 100;
  Level(t0, true);
  Level(t0 + 40, false);
  RunTo(t0 + 200);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].at, t0 + KeyDebouncer::kPressDelayMs);
  EXPECT_EQ(events[1].at, t0 + 40 + KeyDebouncer::kStableOpenMs);
}

TEST_F(Debouncer, LB_RESET_3_OpeningUnder20msIsNotARelease) {
  Level(100, true);
  RunTo(200);
  for (hal::Millis gap = 1; gap < 20; ++gap) {
    Level(now + 100, false);
    Level(now + gap, true);
  }
  RunTo(now + 100);
  ASSERT_EQ(events.size(), 1u);  // the press only
  const hal::Millis open_at = now;
  Level(now, false);  // a 50 ms opening is a release (and the closing a new press)
  Level(now + 50, true);
  RunTo(now + 100);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_FALSE(events[1].event.pressed);
  EXPECT_EQ(events[1].event.edge, open_at);
}

TEST_F(Debouncer, LB_KEYPAD_3_HeldKeyWithShortOpeningsRegistersOnce) {
  Level(100, true);
  Level(1000, false);  // a 10 ms break while held
  Level(1010, true);
  Level(3000, false);
  RunTo(3100);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_TRUE(events[0].event.pressed);
  EXPECT_FALSE(events[1].event.pressed);
}

}  // namespace
}  // namespace lockfw
