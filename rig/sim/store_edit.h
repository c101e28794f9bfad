// Bench-side edits of the lock's store, for faults that start from a
// particular stored state rather than from something that happens while the
// lock runs. They play the part of a programmer clipped onto the board's
// EEPROM: they rewrite it directly (untimed, not as firmware writes) using
// the firmware's own record format (lockfw::store::CodeStore), so what they
// leave is exactly what a lock in that state would have written. The
// running firmware does not notice; it reads its store at its next
// power-up.
#pragma once

#include "rig/sim/eeprom.h"

namespace lockrig::sim {

enum class StoreEditResult {
  kChanged,    // a valid store was rewritten
  kUnchanged,  // it already held the wanted state
  kBlank,      // a blank store: already the factory state, nothing to edit
  kCorrupt,    // no valid copy to edit; left as it is
};

// "Handing never done": rewrites the store with its handing flag clear and
// everything else (codes, master, auto-lock, pairing) kept. A blank store
// already means handing not learned (the factory state), so it is left
// blank.
StoreEditResult ClearHandingFlag(Eeprom& eeprom);

// "Store corrupt": damages every copy of the store so that none checks out
// (LB-STORE-5: the lock must detect it at its next power-up and fall back
// to the factory state). Bytes are inverted rather than erased, so the
// result is neither a valid copy nor a blank store. A blank store is left
// blank: it holds nothing to corrupt.
StoreEditResult CorruptStore(Eeprom& eeprom);

}  // namespace lockrig::sim
