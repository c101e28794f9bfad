// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) over a byte range:
// the integrity check of every store record. Bitwise, without a table: the store
// checks a few hundred bytes at power-up and per write, so code size matters
// more than speed.
#pragma once

#include <stdint.h>

namespace lockfw::store {

// Continue a CRC: pass 0 to start, the previous result to continue.
uint32_t Crc32(const uint8_t* data, uint32_t length, uint32_t crc = 0);

}  // namespace lockfw::store
