// Start-up of the ARM test ELF: the Cortex-M vector table that QEMU reads at
// reset (initial SP, then newlib's semihosting crt0 `_start`), a fault
// handler that ends the run with a failure instead of hanging until the
// CTest timeout, and the file-system calls bare metal lacks.
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

extern "C" {
extern char __stack[];
void _start();

// A fault (bad pointer, stack overflow into unmapped memory, undefined
// instruction) is a failed run: say so and exit through semihosting.
void ArmTestFault() {
  static const char kMessage[] = "lockfw arm tests: processor fault, run aborted\n";
  (void)!write(2, kMessage, sizeof kMessage - 1);
  _exit(3);
}

// No file system on the board: GoogleTest's FilePath::CreateFolder fails
// cleanly (it is used only for --gtest_output files).
int mkdir(const char* path, mode_t mode) {
  (void)path;
  (void)mode;
  errno = ENOSYS;
  return -1;
}
}

namespace {

using Handler = void (*)();

// Exceptions 0..15: SP, Reset, NMI, HardFault, MemManage, BusFault,
// UsageFault, 4 reserved, SVCall, DebugMon, reserved, PendSV, SysTick.
__attribute__((section(".isr_vector"), used)) const Handler kVectorTable[16] = {
    reinterpret_cast<Handler>(__stack),
    _start,
    ArmTestFault,
    ArmTestFault,
    ArmTestFault,
    ArmTestFault,
    ArmTestFault,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    ArmTestFault,
    ArmTestFault,
    nullptr,
    ArmTestFault,
    ArmTestFault,
};

}  // namespace
