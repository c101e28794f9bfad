// The lock board as the firmware sees it: small injected interfaces, one per
// kind of part, so that the same core runs on the host (bound to the
// simulated board) and on the Cortex-M target (bound to registers).
//
// The core is event-driven and tickless: a target calls LockController's
// handlers when an input changes (a contact edge, a bolt sensor change) and
// when NextWakeup() is due. Nothing here allocates, throws or blocks; all
// times are milliseconds of the board's Clock.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace lockfw::hal {

// Milliseconds since the MCU came out of reset. Wraps after ~49 days; compare
// instants with TimeReached(), never with <.
using Millis = uint32_t;

inline constexpr bool TimeReached(Millis now, Millis deadline) {
  return static_cast<int32_t>(now - deadline) >= 0;
}

// Contacts the firmware reads. Digit contacts are physical buttons: on a
// ten-key keypad contact d carries digit d; on a five-button paired keypad
// contacts 0..4 carry 1|2, 3|4, 5|6, 7|8, 9|0 and contacts 5..9 are unused.
enum class Contact : uint8_t {
  kDigit0 = 0,  // kDigit0 + n for the n-th digit contact
  kLock = 10,
  kProgram = 11,
};
inline constexpr uint8_t kContactCount = 12;

inline constexpr Contact DigitContact(uint8_t n) {
  return static_cast<Contact>(n);
}

enum class Color : uint8_t { kOff, kRed, kGreen, kAmber, kBlue, kWhite };

// The motor driver's two polarities. Which one extends the bolt depends on
// the door's handing and is learned by the handing cycle.
enum class MotorDrive : uint8_t { kOff, kPolarityA, kPolarityB };

class Clock {
 public:
  virtual Millis NowMs() = 0;

 protected:
  ~Clock() = default;
};

class Contacts {
 public:
  // Level of a contact right now (debouncing is the core's job).
  virtual bool IsClosed(Contact contact) = 0;

 protected:
  ~Contacts() = default;
};

class StatusLeds {
 public:
  // Number of status LEDs fitted (1, or 4 on the four-LED model).
  virtual uint8_t Count() = 0;
  virtual void Show(uint8_t led, Color color) = 0;

 protected:
  ~StatusLeds() = default;
};

class Buzzer {
 public:
  virtual void Sound(bool on) = 0;

 protected:
  ~Buzzer() = default;
};

class Motor {
 public:
  virtual void Drive(MotorDrive drive) = 0;

 protected:
  ~Motor() = default;
};

// Limit switch at each end of the bolt's travel, and the motor current
// comparator that trips above the stall level.
class BoltSensors {
 public:
  virtual bool AtExtendedLimit() = 0;
  virtual bool AtRetractedLimit() = 0;
  virtual bool MotorOverCurrent() = 0;

 protected:
  ~BoltSensors() = default;
};

class BatteryMonitor {
 public:
  // Rest voltage of the pack (motor off), accurate to +-50 mV.
  virtual uint16_t RestMillivolts() = 0;

 protected:
  ~BatteryMonitor() = default;
};

enum class NvmStatus : uint8_t { kOk, kOutOfRange, kHardwareError };

// Byte-addressable non-volatile memory (EEPROM or emulated in flash).
// Write() returns once the bytes are durable. A power cut during a Write()
// may leave any prefix of the bytes written and the byte in flight torn.
class NonVolatileMemory {
 public:
  virtual uint32_t Size() = 0;
  [[nodiscard]] virtual NvmStatus Read(uint32_t address, uint8_t* data, uint32_t length) = 0;
  [[nodiscard]] virtual NvmStatus Write(uint32_t address, const uint8_t* data, uint32_t length) = 0;

 protected:
  ~NonVolatileMemory() = default;
};

// Everything the core is given. References only: the target owns the parts.
struct LockBoard {
  Clock& clock;
  Contacts& contacts;
  StatusLeds& leds;
  Buzzer& buzzer;
  Motor& motor;
  BoltSensors& bolt;
  BatteryMonitor& battery;
  NonVolatileMemory& nvm;
};

}  // namespace lockfw::hal
