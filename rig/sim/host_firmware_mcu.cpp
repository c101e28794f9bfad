#include "rig/sim/host_firmware_mcu.h"

namespace lockrig::sim {

HostFirmwareMcu::HostFirmwareMcu(const lockfw::Profile& profile, VirtualBoard& board)
    : firmware_(profile, lockfw::sim::HostBoardParts{board, board, board, board, board, board,
                                                     board.eeprom()}) {}

}  // namespace lockrig::sim
