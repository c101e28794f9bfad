#include "firmware/store/crc32.h"

namespace lockfw::store {

uint32_t Crc32(const uint8_t* data, uint32_t length, uint32_t crc) {
  crc = ~crc;
  for (uint32_t i = 0; i < length; ++i) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

}  // namespace lockfw::store
