// GPIO lines through libgpiod 1.6 (the C++ binding, libgpiodcxx), as
// Debian 12 and Raspberry Pi OS bookworm ship it. The thinnest adapter that
// does the job, so that a libgpiod 2 one can sit beside it: lookup by name
// or chip+offset, outputs requested with their safe value as the request's
// default (the kernel drives it from the first instant), inputs requested
// for both edges with the rig file's bias, kernel timestamps converted to
// CLOCK_MONOTONIC.
#pragma once

#include <gpiod.hpp>

#include "rig/hardware/gpio_lines.h"

namespace lockrig::hardware {

// The line at `address`, looked up as the bench looks it up (also by the
// lock double, which must find the same lines). Throws std::runtime_error
// naming the address when there is no such line.
gpiod::line FindGpiodLine(const LineAddress& address);

class GpiodBackend final : public GpioBackend {
 public:
  std::unique_ptr<GpioLines> Request(const std::string& consumer,
                                     const std::vector<OutputLineRequest>& outputs,
                                     const std::vector<InputLineRequest>& inputs) override;
};

}  // namespace lockrig::hardware
