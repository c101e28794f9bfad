// lockrig: see rig/cli/commands.h.
#include "rig/cli/commands.h"

int main(int argc, char** argv) {
  return lockrig::cli::RealMain(argc, argv);
}
