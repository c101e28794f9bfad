// The lock firmware's main loop on the MPS2-AN386: bind the board, boot the
// controller, then turn input changes into events and sleep until SysTick.
// With LOCKFW_SELFCHECK the image checks that it boots and its clock runs,
// reports on UART0 and exits through semihosting (for CTest under QEMU).
#include "firmware/core/lock_controller.h"
#include "firmware/core/profile.h"
#include "firmware/targets/mps2-an386/board.h"

#ifndef LOCKFW_PROFILE
#define LOCKFW_PROFILE "smartcode"
#endif

// The build id in a section of its own (mps2_an386.ld keeps it whole and
// loaded), so that the rig reads which build an image is from the ELF file
// without running it (rig/hardware/flasher.h), and a flashed lock holds it
// at a known place. Its NUL ends it; it is also what the UART prints at boot.
extern "C" __attribute__((section(".lockfw_build_id"), used)) const char lockfw_build_id[] =
    "lockfw " LOCKFW_VERSION " " LOCKFW_GIT_HASH;

namespace {

#if defined(LOCKFW_SELFCHECK)
// Appends `value` in decimal; no printf, which would pull in the C library.
char* PutDecimal(char* out, uint32_t value) {
  char digits[10];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10u);
    value /= 10u;
  } while (value != 0);
  while (n > 0) *out++ = digits[--n];
  return out;
}

char* PutText(char* out, const char* text) {
  while (*text != '\0') *out++ = *text++;
  return out;
}

// "selfcheck: stack high-water <used> B of <reserved> B\r\n"
void FormatStackLine(char* out, uint32_t used, uint32_t reserved) {
  out = PutText(out, "selfcheck: stack high-water ");
  out = PutDecimal(out, used);
  out = PutText(out, " B of ");
  out = PutDecimal(out, reserved);
  out = PutText(out, " B\r\n");
  *out = '\0';
}
#endif

}  // namespace

int main() {
  using namespace lockfw;
  mps2::GpioInit();
  mps2::UartInit();
  mps2::UartWrite(lockfw_build_id);
  mps2::UartWrite(" profile " LOCKFW_PROFILE "\r\n");

  const Profile* profile = FindProfile(LOCKFW_PROFILE);
  if (profile == nullptr) {
    mps2::UartWrite("unknown profile\r\n");
    for (;;) mps2::WaitForInterrupt();
  }

  // The board parts and the controller live in main's frame: main never
  // returns, and nothing needs static constructors or destructors.
  mps2::SysTickClock clock;
  mps2::GpioContacts contacts;
  mps2::GpioLeds leds(profile->led_count);
  mps2::GpioBuzzer buzzer;
  mps2::GpioMotor motor;
  mps2::GpioBoltSensors bolt;
  mps2::NominalBattery battery;
  mps2::SsramFlash flash;
  mps2::FlashNvm nvm(flash);
  hal::LockBoard board{clock, contacts, leds, buzzer, motor, bolt, battery, nvm};
  LockController controller(*profile, board);

  clock.Start();
  controller.PowerOn();

  uint16_t contact_levels = contacts.Levels();
  uint8_t sensor_levels = bolt.Levels();
  for (;;) {
    // The AN386 GPIO inputs are polled at every SysTick; a change is the
    // edge the controller wants.
    const uint16_t levels = contacts.Levels();
    const uint16_t changed = static_cast<uint16_t>(levels ^ contact_levels);
    contact_levels = levels;
    for (uint8_t i = 0; i < hal::kContactCount; ++i) {
      if ((changed >> i & 1u) != 0) controller.OnContactEdge(static_cast<hal::Contact>(i));
    }
    const uint8_t sensors = bolt.Levels();
    if (sensors != sensor_levels) {
      sensor_levels = sensors;
      controller.OnBoltSensorsChanged();
    }
    hal::Millis at = 0;
    if (controller.NextWakeup(&at) && hal::TimeReached(clock.NowMs(), at)) controller.Service();

#if defined(LOCKFW_SELFCHECK)
    // BOOT is over after 600 ms; by 1.5 s the blank store's handing wait runs.
    if (clock.NowMs() >= 1500u) {
      const bool ok = !controller.persistent_state().handing_learned;
      mps2::UartWrite(ok ? "selfcheck: boot ok\r\n" : "selfcheck: FAILED\r\n");
      char line[64];
      FormatStackLine(line, mps2::StackHighWaterBytes(), mps2::StackReservedBytes());
      mps2::UartWrite(line);
      mps2::SemihostingExit(ok ? 0 : 1);
    }
#endif
    mps2::WaitForInterrupt();
  }
}
