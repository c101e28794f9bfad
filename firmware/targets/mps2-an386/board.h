// The lock board wired to the MPS2-AN386's peripherals, register level:
// contacts, limit switches and the over-current comparator on CMSDK GPIO0
// inputs; motor, buzzer and LEDs on CMSDK GPIO1 outputs; the millisecond
// clock from SysTick; a boot line on CMSDK UART0; the non-volatile store
// emulated in RAM that a warm reset keeps. The board has no ADC, so the
// battery monitor reports the nominal pack voltage.
//
// Pin map (logical level: 1 = closed / at limit / active):
//   GPIO0[0..9] digit contacts, [10] Lock, [11] Program,
//   GPIO0[12] extended limit, [13] retracted limit, [14] motor over-current
//   GPIO1[0] motor polarity A, [1] polarity B, [2] buzzer,
//   GPIO1[3 + 3n .. 5 + 3n] LED n red, green, blue (amber = red + green)
#pragma once

#include <stdint.h>

#include "firmware/hal/lock_board.h"

namespace lockfw::mps2 {

// Millisecond counter advanced by SysTick.
class SysTickClock final : public hal::Clock {
 public:
  void Start();
  hal::Millis NowMs() override;
};

class GpioContacts final : public hal::Contacts {
 public:
  bool IsClosed(hal::Contact contact) override;
  uint16_t Levels();  // all twelve contacts, bit per contact
};

class GpioLeds final : public hal::StatusLeds {
 public:
  explicit GpioLeds(uint8_t count) : count_(count) {}
  uint8_t Count() override { return count_; }
  void Show(uint8_t led, hal::Color color) override;

 private:
  uint8_t count_;
};

class GpioBuzzer final : public hal::Buzzer {
 public:
  void Sound(bool on) override;
};

class GpioMotor final : public hal::Motor {
 public:
  void Drive(hal::MotorDrive drive) override;
};

class GpioBoltSensors final : public hal::BoltSensors {
 public:
  bool AtExtendedLimit() override;
  bool AtRetractedLimit() override;
  bool MotorOverCurrent() override;
  uint8_t Levels();  // the three sensor bits
};

class NominalBattery final : public hal::BatteryMonitor {
 public:
  uint16_t RestMillivolts() override { return 6000; }
};

class RamNvm final : public hal::NonVolatileMemory {
 public:
  uint32_t Size() override;
  hal::NvmStatus Read(uint32_t address, uint8_t* data, uint32_t length) override;
  hal::NvmStatus Write(uint32_t address, const uint8_t* data, uint32_t length) override;
};

// UART0 at 115200-equivalent (QEMU ignores the divider).
void UartInit();
void UartWrite(const char* text);

// Sets GPIO1 as outputs, all off.
void GpioInit();

// Sleeps until the next interrupt.
inline void WaitForInterrupt() {
  __asm volatile("wfi");
}

// Ends a semihosted run (QEMU -semihosting) with an exit status.
void SemihostingExit(int status);

}  // namespace lockfw::mps2
