// Register-level drivers of the lock board on the MPS2-AN386 (see board.h).
#include "firmware/targets/mps2-an386/board.h"

#include "firmware/targets/mps2-an386/stack_paint.h"

// Linker-script symbols: the NVM region and the stack.
extern "C" {
extern uint8_t __nvm_start[], __nvm_end[];
extern uint32_t _sstack, _estack;
}

namespace lockfw::mps2 {
namespace {

// CMSDK APB UART0 (MPS2 AN386 memory map).
struct CmsdkUart {
  volatile uint32_t data;
  volatile uint32_t state;  // bit 0: TX buffer full
  volatile uint32_t ctrl;   // bit 0: TX enable
  volatile uint32_t intstatus;
  volatile uint32_t bauddiv;
};
// CMSDK AHB GPIO.
struct CmsdkGpio {
  volatile uint32_t data;
  volatile uint32_t dataout;
  uint32_t reserved[2];
  volatile uint32_t outenset;
  volatile uint32_t outenclr;
};
// Cortex-M SysTick.
struct SysTickRegs {
  volatile uint32_t ctrl;
  volatile uint32_t load;
  volatile uint32_t val;
  volatile uint32_t calib;
};

CmsdkUart& Uart0() {
  return *reinterpret_cast<CmsdkUart*>(0x40004000u);
}
CmsdkGpio& Gpio0() {
  return *reinterpret_cast<CmsdkGpio*>(0x40010000u);
}
CmsdkGpio& Gpio1() {
  return *reinterpret_cast<CmsdkGpio*>(0x40011000u);
}
SysTickRegs& SysTick() {
  return *reinterpret_cast<SysTickRegs*>(0xE000E010u);
}

constexpr uint32_t kCoreClockHz = 25000000;  // MPS2 FPGA system clock

volatile uint32_t g_millis = 0;

// The NVM region reserved by mps2_an386.ld, word-addressed by offset.
volatile uint32_t& NvmWord(uint32_t offset) {
  return *reinterpret_cast<volatile uint32_t*>(__nvm_start + offset);
}

void SetBits(uint32_t mask, bool on) {
  uint32_t out = Gpio1().dataout;
  out = on ? (out | mask) : (out & ~mask);
  Gpio1().dataout = out;
}

}  // namespace

extern "C" void SysTick_Handler() {
  g_millis = g_millis + 1;
}

void SysTickClock::Start() {
  SysTick().load = kCoreClockHz / 1000u - 1u;
  SysTick().val = 0;
  SysTick().ctrl = 0x7u;  // processor clock, interrupt, enable
}

hal::Millis SysTickClock::NowMs() {
  return g_millis;
}

bool GpioContacts::IsClosed(hal::Contact contact) {
  return (Gpio0().data >> static_cast<uint8_t>(contact) & 1u) != 0;
}
uint16_t GpioContacts::Levels() {
  return static_cast<uint16_t>(Gpio0().data & 0x0FFFu);
}

void GpioLeds::Show(uint8_t led, hal::Color color) {
  if (led >= count_) return;
  const uint32_t shift = 3u + 3u * led;
  uint32_t rgb = 0;  // bit 0 red, 1 green, 2 blue
  switch (color) {
    case hal::Color::kOff:
      break;
    case hal::Color::kRed:
      rgb = 1;
      break;
    case hal::Color::kGreen:
      rgb = 2;
      break;
    case hal::Color::kAmber:
      rgb = 3;
      break;
    case hal::Color::kBlue:
      rgb = 4;
      break;
    case hal::Color::kWhite:
      rgb = 7;
      break;
  }
  SetBits(7u << shift, false);
  SetBits(rgb << shift, true);
}

void GpioBuzzer::Sound(bool on) {
  SetBits(1u << 2, on);
}

void GpioMotor::Drive(hal::MotorDrive drive) {
  // Break before make: never both polarities at once.
  SetBits(3u, false);
  if (drive == hal::MotorDrive::kPolarityA) SetBits(1u, true);
  if (drive == hal::MotorDrive::kPolarityB) SetBits(2u, true);
}

bool GpioBoltSensors::AtExtendedLimit() {
  return (Gpio0().data >> 12 & 1u) != 0;
}
bool GpioBoltSensors::AtRetractedLimit() {
  return (Gpio0().data >> 13 & 1u) != 0;
}
bool GpioBoltSensors::MotorOverCurrent() {
  return (Gpio0().data >> 14 & 1u) != 0;
}
uint8_t GpioBoltSensors::Levels() {
  return static_cast<uint8_t>(Gpio0().data >> 12 & 7u);
}

uint32_t SsramFlash::PageCount() {
  return static_cast<uint32_t>(__nvm_end - __nvm_start) / kPageBytes;
}

uint32_t SsramFlash::ReadWord(uint32_t offset) {
  return NvmWord(offset);
}

bool SsramFlash::ErasePage(uint32_t page) {
  if (page >= PageCount()) return false;
  for (uint32_t w = 0; w < kPageBytes; w += 4) NvmWord(page * kPageBytes + w) = 0xFFFFFFFFu;
  return true;
}

bool SsramFlash::ProgramWord(uint32_t offset, uint32_t value) {
  if (offset + 4 > PageCount() * kPageBytes || (offset & 3u) != 0) return false;
  // NOR programming pulls bits to 0 and never back to 1.
  NvmWord(offset) = NvmWord(offset) & value;
  return true;
}

uint32_t StackHighWaterBytes() {
  const uint32_t* word = &_sstack;
  while (word < &_estack && *word == kStackPaint) ++word;
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(&_estack) -
                               reinterpret_cast<uintptr_t>(word));
}

uint32_t StackReservedBytes() {
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(&_estack) -
                               reinterpret_cast<uintptr_t>(&_sstack));
}

void UartInit() {
  Uart0().bauddiv = kCoreClockHz / 115200u;
  Uart0().ctrl = 1u;
}

void UartWrite(const char* text) {
  for (; *text != '\0'; ++text) {
    while ((Uart0().state & 1u) != 0) {
    }
    Uart0().data = static_cast<uint8_t>(*text);
  }
}

void GpioInit() {
  Gpio1().dataout = 0;
  Gpio1().outenset = 0xFFFFu;
}

void SemihostingExit(int status) {
  // SYS_EXIT_EXTENDED (0x20): reason ADP_Stopped_ApplicationExit, status.
  static uint32_t block[2];
  block[0] = 0x20026u;
  block[1] = static_cast<uint32_t>(status);
  register uint32_t r0 __asm("r0") = 0x20u;
  register uint32_t* r1 __asm("r1") = block;
  __asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  for (;;) {
  }
}

}  // namespace lockfw::mps2
