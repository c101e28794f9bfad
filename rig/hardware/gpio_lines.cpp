#include "rig/hardware/gpio_lines.h"

namespace lockrig::hardware {

std::string LineAddress::Describe() const {
  if (offset) {
    return (chip.empty() ? std::string("gpiochip0") : chip) + " line " + std::to_string(*offset);
  }
  return "line '" + name + "'" + (chip.empty() ? "" : " on " + chip);
}

}  // namespace lockrig::hardware
