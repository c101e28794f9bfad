// Reset and exception entry for the Cortex-M4: the vector table, and the
// reset handler that sets up C++ (copy .data, zero .bss, run constructors)
// before main(). No C library start files are linked (-nostartfiles).
#include <stdint.h>

#include "firmware/targets/mps2-an386/stack_paint.h"

extern "C" {
extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _sstack, _estack;
extern void (*__preinit_array_start[])();
extern void (*__preinit_array_end[])();
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();

int main();
void Reset_Handler();
void SysTick_Handler();

// A fault stops here, where a debugger finds it.
void Default_Handler() {
  for (;;) {
  }
}

// Pure virtual calls are programming errors; this keeps the C++ runtime's
// terminate path (and its exception machinery) out of the image.
void __cxa_pure_virtual() {
  Default_Handler();
}
}

using Handler = void (*)();

// Cortex-M exceptions 0..15: SP, Reset, NMI, HardFault, MemManage, BusFault,
// UsageFault, 4 reserved, SVCall, DebugMon, reserved, PendSV, SysTick.
__attribute__((section(".isr_vector"), used)) const Handler kVectorTable[16] = {
    reinterpret_cast<Handler>(&_estack),
    Reset_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    Default_Handler,
    Default_Handler,
    nullptr,
    Default_Handler,
    SysTick_Handler,
};

extern "C" void Reset_Handler() {
  // Paint the stack below this frame, so that its high-water mark can be
  // measured: the stack is sized from that and from -fstack-usage.
  uint32_t* sp;
  __asm volatile("mov %0, sp" : "=r"(sp));
  for (uint32_t* word = &_sstack; word < sp - 16; ++word) *word = lockfw::mps2::kStackPaint;
  uint32_t* src = &_sidata;
  for (uint32_t* dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (uint32_t* dst = &_sbss; dst < &_ebss;) *dst++ = 0;
  for (auto fn = __preinit_array_start; fn < __preinit_array_end; ++fn) (*fn)();
  for (auto fn = __init_array_start; fn < __init_array_end; ++fn) (*fn)();
  main();
  Default_Handler();
}
