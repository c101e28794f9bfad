// The simulated lock board: everything between the rig's relays and the lock
// firmware. It wires the rig relays to the lock's keypad and Program contacts
// and its battery, models the pack, the brown-out supervisor, the motor and
// bolt, the status LEDs, the buzzer and the EEPROM, and plays the part of the
// lock's hardware for the firmware (it implements the HAL parts of
// firmware/hal/lock_board.h and drives the MCU through Mcu).
//
// Everything happens in events of one Scheduler. Inputs reach the firmware
// as they would on hardware: contact edges as OnContactEdge, limit-switch and
// over-current changes as OnBoltSensorsChanged, timers as Service at the
// firmware's NextWakeupUs. The firmware is never called from inside one of
// its own HAL calls: consequences of a HAL call (a motor starting, the supply
// sagging) are settled by an event at the same instant.
//
// The board exposes its true state (bolt position, LEDs, buzzer) for the
// virtual camera and for the oracle; the engine sees it only through them.
//
// Store writes take time (Eeprom, NvmTiming). The firmware's Write() returns
// at once in host terms, so the board keeps the MCU "busy" until the write
// ends: HAL outputs the firmware makes after a write (LEDs, buzzer, motor)
// take effect when it ends, and inputs arriving meanwhile (contact edges,
// sensor changes, timers) reach the firmware then. A power cut inside that
// window tears the write and drops the outputs, as on a real MCU that never
// got past its write loop.
//
// Faults beyond the mechanism's: an intermittent key contact (each press of
// one key's contact fails with a probability, seeded), a power cut placed
// inside the next store write, and the battery, jam, clutch, friction and
// door settings.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/hal/lock_board.h"
#include "rig/bench/keypad_layout.h"
#include "rig/sim/battery_pack.h"
#include "rig/sim/bolt_mechanism.h"
#include "rig/sim/eeprom.h"
#include "rig/sim/mcu.h"
#include "rig/sim/power_supervisor.h"
#include "rig/sim/relay.h"
#include "rig/sim/scheduler.h"
#include "rig/sim/seeded_random.h"

namespace lockrig::sim {

// Which way the lock is mounted. It decides which motor polarity throws the
// bolt: on a right-handed door polarity A extends (the default board).
enum class DoorHanding { kRight, kLeft };

struct BoardOptions {
  BatteryParams battery;
  MechanismParams mechanism;
  PowerSupervisorParams power;
  RelayTiming relays;
  std::uint32_t eeprom_bytes = 4096;
  NvmTiming nvm;
  DoorHanding door = DoorHanding::kRight;
  // The rig's optional bolt limit switch (a sense line, not the lock's own
  // limit sensors): active while the bolt is thrown (at its extended limit).
  bool bolt_switch = false;
};

// The rig's sense lines on this board.
enum class BoardLine { kBuzzer, kBoltSwitch };

// A change on a sense line, as the rig's GPIO input reports it.
struct LineEdge {
  VirtualMicros at = 0;
  BoardLine line = BoardLine::kBuzzer;
  bool on = false;
};

// What the power_cut fault does to the next store write: the supply is cut
// `after_min_us`..`after_max_us` (seeded, uniform) after the write starts,
// collapsing the rail at once (no hold-up: the cut is placed at the MCU),
// and comes back `off_us` later, so the lock reboots.
struct PowerCutPlan {
  VirtualMicros after_min_us = 0;
  VirtualMicros after_max_us = 2000;
  VirtualMicros off_us = 500'000;
};

// One line of the board's own record of what happened (test double event
// log): relay and contact edges, power, motor, sensors, LEDs, buzzer.
struct TruthEvent {
  VirtualMicros at = 0;
  std::string what;
};

class VirtualBoard final : public lockfw::hal::Contacts,
                           public lockfw::hal::StatusLeds,
                           public lockfw::hal::Buzzer,
                           public lockfw::hal::Motor,
                           public lockfw::hal::BoltSensors,
                           public lockfw::hal::BatteryMonitor {
 public:
  // A new board: blank EEPROM, fresh battery connected (but not yet applied:
  // see Start), every relay released, bolt retracted.
  VirtualBoard(Scheduler& scheduler, KeypadKind keypad, int led_count, std::uint64_t seed,
               BoardOptions options = {});
  ~VirtualBoard();
  VirtualBoard(const VirtualBoard&) = delete;
  VirtualBoard& operator=(const VirtualBoard&) = delete;

  // The MCU the board powers and interrupts. Attach before Start.
  void Attach(Mcu& mcu) { mcu_ = &mcu; }
  // The battery meets the board at Now(): the supply comes up and, after the
  // supervisor's reset delay, the MCU boots.
  void Start();

  // --- rig side -----------------------------------------------------------
  // The rig relays on this board: the keypad's key relays, `key_lock`,
  // `program` and `battery`.
  std::vector<std::string> RelayNames() const;
  // Drives a relay coil at Now(); returns when its contact first changes.
  // Throws std::invalid_argument for a relay this board does not have.
  VirtualMicros SetRelay(std::string_view relay, bool energised);

  // Faults and settings (the scenario's `sim:` step). They take effect at
  // Now(), when time next advances (Scheduler::RunUntil(Now()) applies them).
  void SetBatteryRestVolts(double volts);
  void SetBatteryInternalOhms(double ohms);
  void SetJam(bool jammed);
  void SetClutchEngaged(bool engaged);
  void SetFriction(double multiplier);
  void SetDoor(DoorHanding door);
  // The radio module completes a hub / Wi-Fi pairing now (ignored by an MCU
  // in reset, as the radio's message would be).
  void CompletePairing();
  // Intermittent contact on a key relay's lock contact (a loose keypad
  // wire): from the next press on, each press fails with `fail_rate`
  // (0 clears the fault). A failed press either never closes the contact or
  // closes it for a flicker of 1..15 ms, below the 20 ms the firmware must
  // ignore (LB-KEYPAD-2); either way it is open for the rest of the press.
  // A fault can lose a key press but never make one. On a paired keypad the
  // fault is the button's, so both its digits suffer. Throws
  // std::invalid_argument for an unknown relay or a rate outside [0, 1].
  void SetKeyContactFault(std::string_view relay, double fail_rate);
  // Arms the power_cut fault for the next store write (see PowerCutPlan).
  void ArmPowerCutOnNextStoreWrite(PowerCutPlan plan);
  bool power_cut_armed() const { return power_cut_plan_.has_value(); }

  // --- truth (camera and oracle) ------------------------------------------
  double BoltPositionAt(VirtualMicros at) const { return mechanism_.PositionAt(at); }
  double BoltVelocityAt(VirtualMicros at) const { return mechanism_.VelocityAt(at); }
  const std::vector<lockfw::hal::Color>& led_colors() const { return leds_; }
  bool buzzer_on() const { return buzzer_on_; }
  bool mcu_running() const { return supervisor_.mcu_running(); }
  bool battery_connected() const { return battery_connected_; }
  // Battery relay closed and no power_cut fault holding the supply off.
  bool supply_connected() const { return battery_connected_ && !supply_cut_; }
  double rail_volts() const { return supervisor_.rail_volts(); }
  const BatteryPack& battery() const { return battery_; }
  const BoltMechanism& mechanism() const { return mechanism_; }
  DoorHanding door() const { return door_; }
  // Throw std::invalid_argument for an unknown relay.
  bool RelayEnergised(std::string_view relay) const;
  bool RelayContactClosed(std::string_view relay) const;
  Eeprom& eeprom() { return eeprom_; }
  const Eeprom& eeprom() const { return eeprom_; }
  // Sense-line edges since the last call, in time order, swapped into `out`
  // (cleared first): the two buffers trade places, so a caller that keeps
  // `out` causes no allocation once both have grown.
  void TakeLineEdges(std::vector<LineEdge>& out);
  // Whether the firmware is still inside a store write at Now().
  bool firmware_busy() const { return eeprom_.BusyUntil() > scheduler_.Now(); }
  // The most recent events (bounded, oldest dropped first).
  const std::deque<TruthEvent>& log() const { return log_; }
  static constexpr std::size_t kLogCapacity = 20000;

  // --- firmware side: hal parts ---------------------------------------------
  bool IsClosed(lockfw::hal::Contact contact) override;
  std::uint8_t Count() override { return static_cast<std::uint8_t>(leds_.size()); }
  void Show(std::uint8_t led, lockfw::hal::Color color) override;
  void Sound(bool on) override;
  void Drive(lockfw::hal::MotorDrive drive) override;
  bool AtExtendedLimit() override { return mechanism_.AtExtendedLimit(); }
  bool AtRetractedLimit() override { return mechanism_.AtRetractedLimit(); }
  bool MotorOverCurrent() override { return mechanism_.OverCurrent(); }
  std::uint16_t RestMillivolts() override;

 private:
  // An intermittent contact on one key relay (SetKeyContactFault), and the
  // fate of the press in progress.
  struct ContactFault {
    double fail_rate = 0.0;
    SeededRandom random{0};
    bool press_fails = false;
    VirtualMicros flicker_us = 0;            // how long a failing press's first closure lasts
    std::optional<VirtualMicros> open_from;  // failing press: contact open from here on
    EventHandle dropout;
  };
  struct RelaySlot {
    std::unique_ptr<Relay> relay;
    // The lock contact it closes; none for the battery relay.
    std::optional<lockfw::hal::Contact> contact;
    std::optional<ContactFault> fault;
  };
  struct SensorLevels {
    bool extended = false;
    bool retracted = false;
    bool overcurrent = false;
    bool operator==(const SensorLevels&) const = default;
  };

  const RelaySlot& SlotFor(std::string_view relay) const;
  RelaySlot& SlotFor(std::string_view relay);
  void AddRelay(const std::string& name, std::optional<lockfw::hal::Contact> contact,
                std::uint64_t seed);
  void OnRelayContact(RelaySlot& slot, bool closed);
  void SetLockContact(lockfw::hal::Contact contact, const std::string& relay, bool closed);
  void OnBatteryContact(bool closed);
  void OnStoreWrite(VirtualMicros start);
  void CutSupply();
  void RestoreSupply();

  // Brings supply, supervisor, mechanism plan and sensor reports up to date
  // at Now(). Runs only from scheduler events outside the firmware.
  void Settle();
  void RequestSettle();
  void ScheduleMechanismTransition();
  void ReportSensorChanges();
  SensorLevels ReadSensors() const;

  void OnResetReleased();
  void OnResetAsserted();
  // Calls into the firmware now, or when its store write ends if it is
  // still busy with one. `call` is copied when deferred and must read the
  // time from the scheduler when it runs.
  template <typename Call>
  void CallFirmware(Call call);
  // Runs a HAL output the firmware made now, or when its write ends;
  // dropped if the MCU is reset first.
  template <typename Apply>
  void Output(Apply apply);
  void RescheduleWakeup();
  void ApplyLed(std::uint8_t led, lockfw::hal::Color color);
  void ApplyDrive(lockfw::hal::MotorDrive drive);
  void TrackBoltSwitch();

  // Motor charge is integrated between changes and billed to the pack when
  // the run ends.
  void AccumulateCharge();
  void EndMotorRun();
  void SetBuzzer(bool on);
  void Log(std::string what);

  Scheduler& scheduler_;
  KeypadKind keypad_;
  std::uint64_t seed_;
  BoardOptions options_;
  Mcu* mcu_ = nullptr;

  BatteryPack battery_;
  BoltMechanism mechanism_;
  PowerSupervisor supervisor_;
  Eeprom eeprom_;
  std::map<std::string, RelaySlot, std::less<>> relays_;
  std::array<bool, lockfw::hal::kContactCount> contacts_closed_{};
  bool battery_connected_ = true;
  DoorHanding door_ = DoorHanding::kRight;

  std::vector<lockfw::hal::Color> leds_;
  bool buzzer_on_ = false;
  std::vector<LineEdge> line_edges_;
  bool bolt_switch_on_ = false;
  std::deque<TruthEvent> log_;

  SensorLevels reported_;
  double run_coulombs_ = 0.0;
  VirtualMicros charge_counted_to_ = 0;

  bool in_firmware_ = false;
  bool motor_touched_ = false;
  EventHandle settle_event_;
  EventHandle transition_event_;
  EventHandle wakeup_event_;
  VirtualMicros last_service_at_ = -1;
  // Counts MCU resets; output and calls deferred past a store write are
  // dropped if a reset came between.
  std::uint64_t power_epoch_ = 0;
  std::optional<PowerCutPlan> power_cut_plan_;
  SeededRandom power_cut_random_;
  bool supply_cut_ = false;
  EventHandle supply_cut_event_;
  EventHandle supply_restore_event_;
  int services_at_same_instant_ = 0;
};

}  // namespace lockrig::sim
