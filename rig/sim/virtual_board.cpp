#include "rig/sim/virtual_board.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace lockrig::sim {

using lockfw::hal::Color;
using lockfw::hal::Contact;
using lockfw::hal::MotorDrive;

namespace {

// A firmware that asks to be serviced at the same instant this many times
// in a row is spinning; stop the run rather than hang it.
constexpr int kMaxServicesAtOneInstant = 100000;

MotorDrive ExtendPolarityFor(DoorHanding door) {
  return door == DoorHanding::kRight ? MotorDrive::kPolarityA : MotorDrive::kPolarityB;
}

const char* DriveName(MotorDrive drive) {
  switch (drive) {
    case MotorDrive::kOff:
      return "off";
    case MotorDrive::kPolarityA:
      return "A";
    case MotorDrive::kPolarityB:
      return "B";
  }
  return "?";
}

const char* ColorName(Color color) {
  switch (color) {
    case Color::kOff:
      return "off";
    case Color::kRed:
      return "red";
    case Color::kGreen:
      return "green";
    case Color::kAmber:
      return "amber";
    case Color::kBlue:
      return "blue";
    case Color::kWhite:
      return "white";
  }
  return "?";
}

}  // namespace

VirtualBoard::VirtualBoard(Scheduler& scheduler, KeypadKind keypad, int led_count,
                           std::uint64_t seed, BoardOptions options)
    : scheduler_(scheduler),
      keypad_(keypad),
      seed_(seed),
      options_(options),
      battery_(options.battery),
      mechanism_(options.mechanism),
      supervisor_(
          scheduler, options.power, [this] { OnResetReleased(); }, [this] { OnResetAsserted(); }),
      eeprom_(options.eeprom_bytes, options.nvm, &scheduler, SeededRandom::ForPart(seed, "eeprom")),
      door_(options.door),
      leds_(static_cast<std::size_t>(led_count < 1 ? 1 : led_count), Color::kOff),
      power_cut_random_(SeededRandom::ForPart(seed, "power_cut")) {
  mechanism_.SetExtendPolarity(scheduler_.Now(), ExtendPolarityFor(door_));
  eeprom_.OnWriteStart([this](VirtualMicros start, VirtualMicros) { OnStoreWrite(start); });
  bolt_switch_on_ = mechanism_.AtExtendedLimit();
  // Digit buttons: physical contacts as firmware/hal/lock_board.h numbers
  // them (paired5: contacts 0..4 carry 1|2 .. 9|0; ten: contact d is d).
  if (keypad_ == KeypadKind::kPaired5) {
    static constexpr const char* kPaired[] = {"key_1_2", "key_3_4", "key_5_6", "key_7_8",
                                              "key_9_0"};
    for (std::uint8_t n = 0; n < 5; ++n) {
      AddRelay(kPaired[n], lockfw::hal::DigitContact(n), seed);
    }
  } else {
    for (std::uint8_t d = 0; d < 10; ++d) {
      AddRelay("key_" + std::to_string(d), lockfw::hal::DigitContact(d), seed);
    }
  }
  AddRelay("key_lock", Contact::kLock, seed);
  AddRelay("program", Contact::kProgram, seed);
  AddRelay(std::string(kBatteryRelay), std::nullopt, seed);
}

VirtualBoard::~VirtualBoard() {
  scheduler_.Cancel(settle_event_);
  scheduler_.Cancel(transition_event_);
  scheduler_.Cancel(wakeup_event_);
  scheduler_.Cancel(supply_cut_event_);
  scheduler_.Cancel(supply_restore_event_);
  for (auto& [name, slot] : relays_) {
    if (slot.fault) scheduler_.Cancel(slot.fault->dropout);
  }
}

void VirtualBoard::AddRelay(const std::string& name, std::optional<Contact> contact,
                            std::uint64_t seed) {
  const bool battery = !contact.has_value();
  // The slot lives in the map from here on (map nodes do not move), so the
  // relay's callback may refer to it.
  RelaySlot& slot = relays_.emplace(name, RelaySlot{}).first->second;
  auto on_contact = [this, &slot](bool closed) {
    if (slot.contact) {
      OnRelayContact(slot, closed);
    } else {
      OnBatteryContact(closed);
    }
  };
  slot.contact = contact;
  slot.relay = std::make_unique<Relay>(name, scheduler_, SeededRandom::ForPart(seed, name),
                                       options_.relays, /*normally_closed=*/battery, on_contact);
}

void VirtualBoard::Start() {
  charge_counted_to_ = scheduler_.Now();
  Log("battery connected (board start)");
  RequestSettle();
}

std::vector<std::string> VirtualBoard::RelayNames() const {
  std::vector<std::string> names;
  for (const auto& [name, slot] : relays_) names.push_back(name);
  return names;
}

VirtualBoard::RelaySlot& VirtualBoard::SlotFor(std::string_view relay) {
  return const_cast<RelaySlot&>(std::as_const(*this).SlotFor(relay));
}

const VirtualBoard::RelaySlot& VirtualBoard::SlotFor(std::string_view relay) const {
  const auto it = relays_.find(relay);
  if (it == relays_.end()) {
    std::string known;
    for (const auto& [name, slot] : relays_) known += (known.empty() ? "" : ", ") + name;
    throw std::invalid_argument("simulated board has no relay '" + std::string(relay) +
                                "' (it has: " + known + ")");
  }
  return it->second;
}

VirtualMicros VirtualBoard::SetRelay(std::string_view relay, bool energised) {
  RelaySlot& slot = SlotFor(relay);
  Log("relay " + slot.relay->name() + (energised ? " energised" : " released"));
  if (slot.fault && energised && !slot.relay->energised()) {
    // A new press: decide now whether the loose contact fails it, and how.
    ContactFault& fault = *slot.fault;
    scheduler_.Cancel(fault.dropout);
    fault.open_from.reset();
    fault.press_fails = fault.random.UniformUnit() < fault.fail_rate;
    // Half of the failures never close; the rest flicker shut for 1..15 ms.
    const bool flickers = fault.random.UniformUnit() < 0.5;
    fault.flicker_us = flickers ? fault.random.UniformInt(1000, 15000) : 0;
    if (fault.press_fails) {
      Log("contact " + slot.relay->name() + ": this press fails" +
          (flickers ? " (flicker " + std::to_string(fault.flicker_us) + " us)" : " (no contact)"));
    }
  }
  return slot.relay->Command(energised);
}

bool VirtualBoard::RelayEnergised(std::string_view relay) const {
  return SlotFor(relay).relay->energised();
}

bool VirtualBoard::RelayContactClosed(std::string_view relay) const {
  return SlotFor(relay).relay->contact_closed();
}

// --- faults -----------------------------------------------------------------

void VirtualBoard::SetBatteryRestVolts(double volts) {
  AccumulateCharge();
  battery_.SetRestVolts(volts);
  Log("battery rest voltage set to " + std::to_string(volts) + " V");
  RequestSettle();
}

void VirtualBoard::SetBatteryInternalOhms(double ohms) {
  AccumulateCharge();
  battery_.SetInternalOhms(ohms);
  Log("battery internal resistance set to " + std::to_string(ohms) + " ohm");
  RequestSettle();
}

void VirtualBoard::SetJam(bool jammed) {
  AccumulateCharge();
  mechanism_.SetJam(scheduler_.Now(), jammed);
  Log(jammed ? "strike misaligned (jam)" : "strike aligned");
  RequestSettle();
}

void VirtualBoard::SetClutchEngaged(bool engaged) {
  AccumulateCharge();
  mechanism_.SetClutchEngaged(scheduler_.Now(), engaged);
  Log(engaged ? "clutch engaged" : "clutch disengaged");
  RequestSettle();
}

void VirtualBoard::SetFriction(double multiplier) {
  AccumulateCharge();
  mechanism_.SetFriction(scheduler_.Now(), multiplier);
  Log("friction x" + std::to_string(multiplier));
  RequestSettle();
}

void VirtualBoard::SetDoor(DoorHanding door) {
  AccumulateCharge();
  door_ = door;
  mechanism_.SetExtendPolarity(scheduler_.Now(), ExtendPolarityFor(door));
  Log(door == DoorHanding::kRight ? "door right-handed" : "door left-handed");
  RequestSettle();
}

void VirtualBoard::CompletePairing() {
  Log("radio: pairing completed");
  // From an event, so that the firmware is never entered from the rig's call.
  scheduler_.At(scheduler_.Now(), [this] {
    if (mcu_running()) CallFirmware([this] { mcu_->OnPairingCompleted(scheduler_.Now()); });
  });
}

void VirtualBoard::SetKeyContactFault(std::string_view relay, double fail_rate) {
  RelaySlot& slot = SlotFor(relay);
  if (!slot.contact) {
    throw std::invalid_argument("relay '" + std::string(relay) +
                                "' is not a key relay; a contact fault needs a key");
  }
  if (!(fail_rate >= 0.0 && fail_rate <= 1.0)) {
    throw std::invalid_argument("a contact fail rate is from 0 to 1, got " +
                                std::to_string(fail_rate));
  }
  if (fail_rate == 0.0) {
    if (slot.fault) scheduler_.Cancel(slot.fault->dropout);
    slot.fault.reset();
    Log("contact " + slot.relay->name() + " sound again");
    return;
  }
  if (!slot.fault) {
    slot.fault.emplace();
    slot.fault->random = SeededRandom::ForPart(seed_, "key_contact/" + slot.relay->name());
  }
  slot.fault->fail_rate = fail_rate;
  Log("contact " + slot.relay->name() + " intermittent, fail rate " + std::to_string(fail_rate));
}

void VirtualBoard::ArmPowerCutOnNextStoreWrite(PowerCutPlan plan) {
  power_cut_plan_ = plan;
  Log("power cut armed for the next store write");
}

// --- inputs -----------------------------------------------------------------

void VirtualBoard::OnRelayContact(RelaySlot& slot, bool closed) {
  const Contact contact = *slot.contact;
  if (slot.fault && slot.fault->press_fails) {
    // A failing press: the lock sees the relay's contact only until the
    // flicker ends (at once for a press that never closes), then open.
    ContactFault& fault = *slot.fault;
    const VirtualMicros now = scheduler_.Now();
    if (closed && !fault.open_from) {
      fault.open_from = now + fault.flicker_us;
      if (fault.flicker_us > 0) {
        fault.dropout = scheduler_.At(*fault.open_from, [this, &slot, contact] {
          slot.fault->dropout = EventHandle{};
          SetLockContact(contact, slot.relay->name(), false);
        });
      }
    }
    if (closed && now >= *fault.open_from) return;
  }
  SetLockContact(contact, slot.relay->name(), closed);
}

void VirtualBoard::SetLockContact(Contact contact, const std::string& relay, bool closed) {
  bool& level = contacts_closed_[static_cast<std::size_t>(contact)];
  if (level == closed) return;
  level = closed;
  Log("contact " + relay + (closed ? " closed" : " open"));
  if (!mcu_running()) return;
  CallFirmware([this, contact] { mcu_->OnContactEdge(scheduler_.Now(), contact); });
}

void VirtualBoard::OnBatteryContact(bool closed) {
  battery_connected_ = closed;
  Log(closed ? "battery contact closed" : "battery contact open");
  Settle();
}

void VirtualBoard::OnStoreWrite(VirtualMicros start) {
  if (!power_cut_plan_) return;
  const PowerCutPlan plan = *power_cut_plan_;
  power_cut_plan_.reset();
  const VirtualMicros cut_at =
      start + power_cut_random_.UniformInt(plan.after_min_us, plan.after_max_us);
  Log("store write at " + std::to_string(start) + " us: power cut planned at " +
      std::to_string(cut_at) + " us");
  // Called from inside the firmware's Write(): only schedule.
  scheduler_.Cancel(supply_cut_event_);
  supply_cut_event_ = scheduler_.At(cut_at, [this, plan] {
    supply_cut_event_ = EventHandle{};
    CutSupply();
    scheduler_.Cancel(supply_restore_event_);
    supply_restore_event_ = scheduler_.After(plan.off_us, [this] {
      supply_restore_event_ = EventHandle{};
      RestoreSupply();
    });
  });
}

void VirtualBoard::CutSupply() {
  supply_cut_ = true;
  Log("power cut (fault): supply lost");
  AccumulateCharge();
  // The rail goes at this instant (the fault places the cut at the MCU, so
  // the hold-up that masks relay bounce does not apply).
  supervisor_.Collapse();
  RequestSettle();
}

void VirtualBoard::RestoreSupply() {
  supply_cut_ = false;
  Log("power cut (fault): supply back");
  Settle();
}

// --- settling ---------------------------------------------------------------

void VirtualBoard::RequestSettle() {
  if (settle_event_) return;
  settle_event_ = scheduler_.At(scheduler_.Now(), [this] {
    settle_event_ = EventHandle{};
    Settle();
  });
}

void VirtualBoard::Settle() {
  if (in_firmware_) throw std::logic_error("VirtualBoard::Settle called inside a firmware call");
  const VirtualMicros now = scheduler_.Now();
  AccumulateCharge();
  mechanism_.AdvanceTo(now);
  // The motor driver is fed from the pack; with the pack disconnected the
  // motor has nothing (the rail's hold-up capacitor only carries the MCU).
  mechanism_.SetSource(now, supply_connected() ? battery_.RestVolts() : 0.0,
                       battery_.InternalOhms());
  // While the fault holds the supply off the supervisor has already seen
  // the rail collapse; telling it "disconnected" again would restart the
  // hold-up.
  if (!supply_cut_) {
    supervisor_.Update(battery_connected_, battery_.TerminalVolts(mechanism_.CurrentAmps()));
  }
  ScheduleMechanismTransition();
  TrackBoltSwitch();
  ReportSensorChanges();
}

void VirtualBoard::ScheduleMechanismTransition() {
  const std::optional<VirtualMicros> next = mechanism_.NextTransition();
  if (transition_event_ && next && transition_event_.at == *next) return;
  scheduler_.Cancel(transition_event_);
  if (!next) return;
  transition_event_ = scheduler_.At(*next, [this] {
    transition_event_ = EventHandle{};
    Settle();
  });
}

VirtualBoard::SensorLevels VirtualBoard::ReadSensors() const {
  return {mechanism_.AtExtendedLimit(), mechanism_.AtRetractedLimit(), mechanism_.OverCurrent()};
}

void VirtualBoard::ReportSensorChanges() {
  const SensorLevels now_levels = ReadSensors();
  if (now_levels == reported_) return;
  if (now_levels.extended != reported_.extended)
    Log(std::string("extended limit ") + (now_levels.extended ? "on" : "off"));
  if (now_levels.retracted != reported_.retracted)
    Log(std::string("retracted limit ") + (now_levels.retracted ? "on" : "off"));
  if (now_levels.overcurrent != reported_.overcurrent)
    Log(std::string("over-current ") + (now_levels.overcurrent ? "on" : "off"));
  reported_ = now_levels;
  if (!mcu_running()) return;
  CallFirmware([this] { mcu_->OnBoltSensorsChanged(scheduler_.Now()); });
}

void VirtualBoard::TrackBoltSwitch() {
  const bool on = mechanism_.AtExtendedLimit();
  if (on == bolt_switch_on_) return;
  bolt_switch_on_ = on;
  if (options_.bolt_switch) line_edges_.push_back({scheduler_.Now(), BoardLine::kBoltSwitch, on});
}

// --- power ------------------------------------------------------------------

void VirtualBoard::OnResetReleased() {
  Log("MCU out of reset (rail " + std::to_string(supervisor_.rail_volts()) + " V)");
  // The firmware reads the sensors as it boots; report only later changes.
  reported_ = ReadSensors();
  last_service_at_ = -1;
  if (mcu_ == nullptr) return;
  CallFirmware([this] { mcu_->PowerOn(scheduler_.Now()); });
}

void VirtualBoard::OnResetAsserted() {
  Log("MCU held in reset (rail " + std::to_string(supervisor_.rail_volts()) + " V)");
  ++power_epoch_;
  // A write still programming is torn; outputs waiting for it never happen.
  const std::uint64_t torn_before = eeprom_.torn_writes();
  eeprom_.PowerLost(scheduler_.Now());
  if (eeprom_.torn_writes() != torn_before) Log("store write cut by the power loss");
  if (mcu_ != nullptr) mcu_->PowerOff();
  scheduler_.Cancel(wakeup_event_);
  // In reset the MCU's pins let go: motor driver off, LEDs dark, buzzer quiet.
  AccumulateCharge();
  if (mechanism_.drive() != MotorDrive::kOff) {
    mechanism_.SetDrive(scheduler_.Now(), MotorDrive::kOff);
    EndMotorRun();
  }
  for (Color& led : leds_) led = Color::kOff;
  SetBuzzer(false);
  // With the motor off the pack recovers; let the supervisor see that.
  RequestSettle();
}

// --- firmware calls ---------------------------------------------------------

template <typename Call>
void VirtualBoard::CallFirmware(Call call) {
  if (firmware_busy()) {
    // The MCU is still in its write loop: the input waits for it.
    const std::uint64_t epoch = power_epoch_;
    scheduler_.At(eeprom_.BusyUntil(), [this, epoch, call] {
      if (epoch == power_epoch_ && mcu_running()) CallFirmware(call);
    });
    return;
  }
  in_firmware_ = true;
  motor_touched_ = false;
  try {
    call();
  } catch (...) {
    in_firmware_ = false;
    throw;
  }
  in_firmware_ = false;
  RescheduleWakeup();
  // A motor change moves current and so the supply and the sensors; settle
  // that at this instant, outside the firmware.
  if (motor_touched_) RequestSettle();
}

void VirtualBoard::RescheduleWakeup() {
  std::optional<VirtualMicros> next;
  if (mcu_ != nullptr && mcu_running()) next = mcu_->NextWakeupUs();
  if (!next) {
    scheduler_.Cancel(wakeup_event_);
    return;
  }
  // Not before Now(), and not before a store write in progress ends.
  const VirtualMicros at = std::max({*next, scheduler_.Now(), eeprom_.BusyUntil()});
  if (wakeup_event_ && wakeup_event_.at == at) return;
  scheduler_.Cancel(wakeup_event_);
  wakeup_event_ = scheduler_.At(at, [this] {
    wakeup_event_ = EventHandle{};
    const VirtualMicros now = scheduler_.Now();
    services_at_same_instant_ = now == last_service_at_ ? services_at_same_instant_ + 1 : 0;
    last_service_at_ = now;
    if (services_at_same_instant_ > kMaxServicesAtOneInstant) {
      throw std::runtime_error("firmware keeps asking for Service() at t=" + std::to_string(now) +
                               " us without time passing");
    }
    CallFirmware([this] { mcu_->Service(scheduler_.Now()); });
  });
}

// --- hal parts --------------------------------------------------------------

bool VirtualBoard::IsClosed(Contact contact) {
  const auto index = static_cast<std::size_t>(contact);
  return index < contacts_closed_.size() && contacts_closed_[index];
}

template <typename Apply>
void VirtualBoard::Output(Apply apply) {
  if (!firmware_busy()) {
    apply();
    return;
  }
  // Made after a store write in the same call: it happens when the write is
  // done (the firmware's write loop returned then).
  const std::uint64_t epoch = power_epoch_;
  scheduler_.At(eeprom_.BusyUntil(), [this, epoch, apply] {
    if (epoch == power_epoch_ && mcu_running()) apply();
  });
}

void VirtualBoard::Show(std::uint8_t led, Color color) {
  Output([this, led, color] { ApplyLed(led, color); });
}

void VirtualBoard::ApplyLed(std::uint8_t led, Color color) {
  if (led >= leds_.size() || leds_[led] == color) return;
  leds_[led] = color;
  Log("LED" + std::to_string(led + 1) + " " + ColorName(color));
}

void VirtualBoard::Sound(bool on) {
  Output([this, on] { SetBuzzer(on); });
}

void VirtualBoard::Drive(MotorDrive drive) {
  Output([this, drive] { ApplyDrive(drive); });
}

void VirtualBoard::ApplyDrive(MotorDrive drive) {
  // An MCU in reset drives nothing; a stale call must not move the bolt.
  if (!mcu_running() || drive == mechanism_.drive()) return;
  AccumulateCharge();
  const bool was_running = mechanism_.drive() != MotorDrive::kOff;
  mechanism_.SetDrive(scheduler_.Now(), drive);
  if (was_running && drive == MotorDrive::kOff) EndMotorRun();
  Log(std::string("motor ") + DriveName(drive));
  motor_touched_ = true;
  if (!in_firmware_) RequestSettle();
}

std::uint16_t VirtualBoard::RestMillivolts() {
  return static_cast<std::uint16_t>(std::lround(battery_.RestVolts() * 1000.0));
}

// --- bookkeeping ------------------------------------------------------------

void VirtualBoard::AccumulateCharge() {
  const VirtualMicros now = scheduler_.Now();
  if (now > charge_counted_to_) {
    run_coulombs_ += mechanism_.CurrentAmps() * static_cast<double>(now - charge_counted_to_) / 1e6;
  }
  charge_counted_to_ = now;
}

void VirtualBoard::EndMotorRun() {
  battery_.Drain(run_coulombs_);
  run_coulombs_ = 0.0;
}

void VirtualBoard::SetBuzzer(bool on) {
  if (on == buzzer_on_) return;
  buzzer_on_ = on;
  line_edges_.push_back({scheduler_.Now(), BoardLine::kBuzzer, on});
  Log(on ? "buzzer on" : "buzzer off");
}

void VirtualBoard::TakeLineEdges(std::vector<LineEdge>& out) {
  out.clear();
  std::swap(out, line_edges_);
}

void VirtualBoard::Log(std::string what) {
  if (log_.size() == kLogCapacity) log_.pop_front();
  log_.push_back({scheduler_.Now(), std::move(what)});
}

}  // namespace lockrig::sim
