// The lock board wired to the MPS2-AN386's peripherals, register level:
// contacts, limit switches and the over-current comparator on CMSDK GPIO0
// inputs; motor, buzzer and LEDs on CMSDK GPIO1 outputs; the millisecond
// clock from SysTick; a boot line on CMSDK UART0; the non-volatile store
// emulated in a reserved region of the code memory, driven like NOR flash
// (flash_nvm.h). The board has no ADC, so the battery monitor reports the
// nominal pack voltage.
//
// Pin map (logical level: 1 = closed / at limit / active):
//   GPIO0[0..9] digit contacts, [10] Lock, [11] Program,
//   GPIO0[12] extended limit, [13] retracted limit, [14] motor over-current
//   GPIO1[0] motor polarity A, [1] polarity B, [2] buzzer,
//   GPIO1[3 + 3n .. 5 + 3n] LED n red, green, blue (amber = red + green)
#pragma once

#include <stdint.h>

#include "firmware/hal/lock_board.h"
#include "firmware/targets/mps2-an386/flash_nvm.h"

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

// The linker script's NVM region (the last pages of the 32 KiB code flash)
// as a NOR flash: erase sets a page to 0xFF, programming can only clear
// bits. On the MPS2 the code memory is SSRAM that the CPU can write, so the
// flash controller is emulated word by word; a warm reset keeps it, and a
// region QEMU starts zeroed holds no valid bank, so it reads blank.
class SsramFlash final : public Flash {
 public:
  uint32_t PageCount() override;
  uint32_t ReadWord(uint32_t offset) override;
  [[nodiscard]] bool ErasePage(uint32_t page) override;
  [[nodiscard]] bool ProgramWord(uint32_t offset, uint32_t value) override;
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

// Stack use: Reset_Handler paints the free stack; this is the deepest the
// stack has reached since, in bytes (the self-check image reports it).
uint32_t StackHighWaterBytes();
uint32_t StackReservedBytes();

// Ends a semihosted run (QEMU -semihosting) with an exit status.
void SemihostingExit(int status);

}  // namespace lockfw::mps2
